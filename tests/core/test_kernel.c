/* test_kernel.c: every scan kernel equals the definition of the window code, over every offset and length. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include "core/core.h"
#include "testutil.h"

/* The definition, written apart from the kernels: window i packs bases
 * i..i+7 two bits each with position 0 highest; letters other than
 * A C G T U (any case) count as 0 and set bit k of the bad mask. */
static void direct(const char *seq, int64_t len, uint16_t *code, uint8_t *bad)
{
    for (int64_t i = 0; i + 8 <= len; i++) {
        uint16_t c = 0;
        uint8_t m = 0;
        for (int k = 0; k < 8; k++) {
            int b;
            switch (seq[i + k]) {
            case 'A': case 'a': b = 0; break;
            case 'C': case 'c': b = 1; break;
            case 'G': case 'g': b = 2; break;
            case 'T': case 't': case 'U': case 'u': b = 3; break;
            default: b = 0; m |= (uint8_t)(1 << k);
            }
            c = (uint16_t)(c << 2 | b);
        }
        code[i] = c;
        bad[i] = m;
    }
}

typedef struct {
    const char *name;
    ssc_kernel_f f;
} kern_t;

static int kernels(kern_t *k)
{
    int n = 0;
    k[n++] = (kern_t){ "generic", ssc_kernel_generic };
#ifdef SSC_HAVE_SIMDE
    k[n++] = (kern_t){ "simde", ssc_kernel_simde };
#endif
#ifdef SSC_HAVE_X86
    __builtin_cpu_init();
    if (__builtin_cpu_supports("sse2")) k[n++] = (kern_t){ "sse2", ssc_kernel_sse2 };
    if (__builtin_cpu_supports("avx2")) k[n++] = (kern_t){ "avx2", ssc_kernel_avx2 };
#endif
    return n;
}

static void compare_one(const kern_t *k, const char *seq, int64_t len)
{
    int64_t nw = len >= 8 ? len - 7 : 0;
    uint16_t *c0 = calloc((size_t)nw + 1, 2), *c1 = calloc((size_t)nw + 1, 2);
    uint8_t *b0 = calloc((size_t)nw + 1, 1), *b1 = calloc((size_t)nw + 1, 1);
    direct(seq, len, c0, b0);
    int any = 0, got = k->f(seq, len, c1, b1);
    for (int64_t i = 0; i < nw; i++) any |= b0[i] != 0;
    if (got != any) fail_msg("%s: len %lld: returned %d, a window with an unusable base: %d", k->name, (long long)len, got, any);
    for (int64_t i = 0; i < nw; i++) {
        if (c0[i] != c1[i] || b0[i] != b1[i])
            fail_msg("%s: len %lld window %lld: code %04x/%04x bad %02x/%02x", k->name,
                     (long long)len, (long long)i, c0[i], c1[i], b0[i], b1[i]);
    }
    free(c0);
    free(c1);
    free(b0);
    free(b1);
}

static void kernels__every_offset_and_length__equal_the_definition(void **state)
{
    (void)state;
    kern_t k[4];
    int nk = kernels(k);
    uint64_t rng = 42;
    char *buf = malloc(512 + 64);
    for (int dirty = 0; dirty < 2; dirty++) {
        tu_random_seq(&rng, buf, 512 + 63, dirty);
        /* every start offset (alignment) and every length up to past two
         * vector widths plus the tails */
        for (int off = 0; off < 64; off++)
            for (int len = 0; len <= 300; len++)
                for (int j = 0; j < nk; j++) compare_one(&k[j], buf + off, len);
    }
    free(buf);
}

static void kernels__long_random_sequences__equal_the_definition(void **state)
{
    (void)state;
    kern_t k[4];
    int nk = kernels(k);
    uint64_t rng = 7;
    int64_t len = tu_quick() ? 20000 : 300000; /* spans several kernel chunks */
    char *buf = malloc((size_t)len + 1);
    for (int rep = 0; rep < 3; rep++) {
        tu_random_seq(&rng, buf, (size_t)len, rep != 0);
        for (int j = 0; j < nk; j++) compare_one(&k[j], buf, len - rep);
    }
    /* bases only but for one N in the first, a middle or the last chunk:
     * chunks of bases only and chunks with an unusable base in one call */
    int64_t at[3] = { 5, len / 2, len - 10 };
    for (int rep = 0; rep < 3; rep++) {
        tu_random_seq(&rng, buf, (size_t)len, 0);
        buf[at[rep]] = 'N';
        for (int j = 0; j < nk; j++) compare_one(&k[j], buf, len);
    }
    free(buf);
}

static void kernels__every_byte_value__is_classified_like_the_table(void **state)
{
    (void)state;
    kern_t k[4];
    int nk = kernels(k);
    char buf[256 + 8];
    /* each byte value once inside windows of known bases */
    for (int c = 1; c < 256; c++) {
        memcpy(buf, "ACGTACGTACGTACGTACGTACGTACGTACGTACGTACGT", 40);
        buf[20] = (char)c;
        for (int j = 0; j < nk; j++) compare_one(&k[j], buf, 40);
    }
}

/* Family collection: every variant lists, ascending, exactly the families
 * with a nonzero lane, for every count of families (tails of 0-15 after
 * groups of four or sixteen) and densities from none to all. */
static void collect__every_variant__lists_the_families_with_counts(void **state)
{
    (void)state;
    uint64_t rng = 5;
    uint16_t pk[4 * 80];
    int32_t got[81], want[81];
    ssc_collect_f var[4];
    int nv = 0;
    var[nv++] = ssc_collect_generic;
    var[nv++] = ssc_collect_get();
#ifdef SSC_HAVE_X86
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx2")) var[nv++] = ssc_collect_avx2;
    if (__builtin_cpu_supports("avx512f")) var[nv++] = ssc_collect_avx512;
#endif
    for (int nfam = 0; nfam <= 80; nfam++)
        for (int dens = 0; dens <= 4; dens++) {
            int nw = 0;
            for (int i = 0; i < 4 * nfam; i++)
                pk[i] = (uint16_t)(tu_rand(&rng) % 16 < (uint64_t)dens ? 1 + tu_rand(&rng) % 65535 : 0);
            for (int f = 0; f < nfam; f++)
                if (pk[4 * f] || pk[4 * f + 1] || pk[4 * f + 2] || pk[4 * f + 3]) want[nw++] = f;
            for (int v = 0; v < nv; v++) {
                memset(got, 0xff, sizeof got);
                assert_int_equal(var[v](pk, nfam, got), nw);
                for (int i = 0; i < nw; i++) assert_int_equal(got[i], want[i]);
            }
        }
}

static void kernel_choice__env_variable__caps_the_variant(void **state)
{
    (void)state;
    /* the process-wide choice is made once; here only its name is checked */
    const char *n = ssc_kernel_name();
    assert_true(strcmp(n, "generic") == 0 || strcmp(n, "simde") == 0 || strcmp(n, "sse2") == 0 ||
                strcmp(n, "avx2") == 0);
    const char *env = getenv("SEEDSCAN_SIMD");
    if (env) assert_string_equal(n, env);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(kernels__every_offset_and_length__equal_the_definition),
        cmocka_unit_test(kernels__long_random_sequences__equal_the_definition),
        cmocka_unit_test(kernels__every_byte_value__is_classified_like_the_table),
        cmocka_unit_test(collect__every_variant__lists_the_families_with_counts),
        cmocka_unit_test(kernel_choice__env_variable__caps_the_variant),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
