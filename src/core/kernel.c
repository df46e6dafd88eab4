/* kernel.c: the portable scan kernel (reference and fallback) and run-time kernel choice. */
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include "core/core.h"

/* Rolling 2-bit code: code = ((code << 2) | b) keeps the last 8 bases in 16
 * bits with the oldest (window position 0) in the top two bits. The bad mask
 * rolls the other way, (m >> 1) | (invalid << 7), so that once 8 bases are in
 * bit k stands for window position k. */
int ssc_kernel_generic(const char *seq, int64_t len, uint16_t *code, uint8_t *bad)
{
    uint32_t c = 0, m = 0, any = 0;
    for (int64_t j = 0; j < len; j++) {
        uint8_t b = ssc_nt4[(uint8_t)seq[j]];
        c = (c << 2 | (b & 3u)) & 0xffffu;
        m = m >> 1 | (uint32_t)(b >> 2) << 7;
        if (j >= 7) {
            code[j - 7] = (uint16_t)c;
            bad[j - 7] = (uint8_t)m;
            any |= m;
        }
    }
    return any != 0;
}

/* Branch-free: every family is written, the count advances past the
 * families with sites. */
int ssc_collect_generic(const uint16_t *pk, int nfam, int32_t *fams)
{
    int n = 0;
    for (int f = 0; f < nfam; f++) {
        uint64_t v;
        memcpy(&v, pk + 4 * (size_t)f, 8);
        fams[n] = f;
        n += v != 0;
    }
    return n;
}

static ssc_kernel_f chosen;
static ssc_collect_f chosen_collect = ssc_collect_generic;
static const char *chosen_name;
static pthread_once_t choose_once = PTHREAD_ONCE_INIT;

/* The best variant for this CPU; SEEDSCAN_SIMD=generic|simde|sse2|avx2
 * caps it (or, for simde on x86, picks SIMDe's portable build for tests). */
static void choose(void)
{
    const char *env = getenv("SEEDSCAN_SIMD");
    chosen = ssc_kernel_generic;
    chosen_name = "generic";
    if (env && strcmp(env, "generic") == 0) return;
#ifdef SSC_HAVE_SIMDE
    chosen = ssc_kernel_simde;
    chosen_name = "simde";
    if (env && strcmp(env, "simde") == 0) return;
#endif
#ifdef SSC_HAVE_X86
    __builtin_cpu_init();
    if (__builtin_cpu_supports("sse2")) {
        chosen = ssc_kernel_sse2;
        chosen_name = "sse2";
    }
    if (env && strcmp(env, "sse2") == 0) return;
    if (__builtin_cpu_supports("avx2")) {
        chosen = ssc_kernel_avx2;
        chosen_collect = ssc_collect_avx2;
        chosen_name = "avx2";
    }
    if (env && strcmp(env, "avx2") == 0) return;
    if (__builtin_cpu_supports("avx512f"))
        chosen_collect = ssc_collect_avx512;
#endif
}

ssc_kernel_f ssc_kernel_get(const char **name)
{
    pthread_once(&choose_once, choose);
    if (name) *name = chosen_name;
    return chosen;
}

ssc_collect_f ssc_collect_get(void)
{
    pthread_once(&choose_once, choose);
    return chosen_collect;
}

const char *ssc_kernel_name(void)
{
    const char *n;
    ssc_kernel_get(&n);
    return n;
}
