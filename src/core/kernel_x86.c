/* kernel_x86.c: SSE2 and AVX2 scan kernels; same output as ssc_kernel_generic. */
#include <string.h>
#include "core/core.h"

#ifdef SSC_HAVE_X86
#include <immintrin.h>
#include "core/kernel_tmpl.h"

/* Unaligned loads and stores throughout: chunk arrays are aligned but the
 * sequence and the offset reads are not. */
#define SSE_STORE16(dst, a, b) do {                                                         \
        _mm_storeu_si128((__m128i *)(dst), (a));                                            \
        _mm_storeu_si128((__m128i *)(dst) + 1, (b));                                        \
    } while (0)
DEFINE_KERNEL(sse2, __attribute__((target("sse2"))), __m128i, 16, _mm_loadu_si128, _mm_storeu_si128, _mm_set1_epi8,
              _mm_and_si128, _mm_or_si128, _mm_andnot_si128, _mm_add_epi8, _mm_cmpeq_epi8,
              _mm_slli_epi16, _mm_unpacklo_epi8, _mm_unpackhi_epi8, SSE_STORE16)

/* AVX2 unpack works within 128-bit lanes: lanes (lo0 hi0 | lo1 hi1) give
 * windows 0-7, 16-23 (unpacklo) and 8-15, 24-31 (unpackhi); permute them
 * back into order before storing. */
#define AVX_STORE16(dst, a, b) do {                                                         \
        __m256i a_ = (a), b_ = (b);                                                         \
        _mm256_storeu_si256((__m256i *)(dst), _mm256_permute2x128_si256(a_, b_, 0x20));     \
        _mm256_storeu_si256((__m256i *)(dst) + 1, _mm256_permute2x128_si256(a_, b_, 0x31)); \
    } while (0)
DEFINE_KERNEL(avx2, __attribute__((target("avx2"))), __m256i, 32, _mm256_loadu_si256, _mm256_storeu_si256,
              _mm256_set1_epi8, _mm256_and_si256, _mm256_or_si256, _mm256_andnot_si256,
              _mm256_add_epi8, _mm256_cmpeq_epi8, _mm256_slli_epi16, _mm256_unpacklo_epi8,
              _mm256_unpackhi_epi8, AVX_STORE16)

/* Four families (32 bytes of counters) at a time: a 4-bit mask of the
 * nonzero ones picks their offsets from a table, stored all four at once;
 * the count advances by the mask's weight. */
static const int32_t collect_off[16][4] = {
    { 0, 0, 0, 0 }, { 0, 0, 0, 0 }, { 1, 0, 0, 0 }, { 0, 1, 0, 0 },
    { 2, 0, 0, 0 }, { 0, 2, 0, 0 }, { 1, 2, 0, 0 }, { 0, 1, 2, 0 },
    { 3, 0, 0, 0 }, { 0, 3, 0, 0 }, { 1, 3, 0, 0 }, { 0, 1, 3, 0 },
    { 2, 3, 0, 0 }, { 0, 2, 3, 0 }, { 1, 2, 3, 0 }, { 0, 1, 2, 3 },
};
static const uint8_t collect_n[16] = { 0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4 };

/* The families from f on, one at a time, after n listed ones. */
static int collect_tail(const uint16_t *pk, int f, int nfam, int32_t *fams, int n)
{
    for (; f < nfam; f++) {
        uint64_t v;
        memcpy(&v, pk + 4 * (size_t)f, 8);
        fams[n] = f;
        n += v != 0;
    }
    return n;
}

__attribute__((target("avx2"))) int ssc_collect_avx2(const uint16_t *pk, int nfam, int32_t *fams)
{
    int n = 0, f = 0;
    const __m256i zero = _mm256_setzero_si256();
    for (; f + 4 <= nfam; f += 4) {
        __m256i x = _mm256_loadu_si256((const __m256i *)(const void *)(pk + 4 * (size_t)f));
        int nz = ~_mm256_movemask_pd(_mm256_castsi256_pd(_mm256_cmpeq_epi64(x, zero))) & 15;
        __m128i o = _mm_loadu_si128((const __m128i *)(const void *)collect_off[nz]);
        _mm_storeu_si128((__m128i *)(void *)(fams + n), _mm_add_epi32(o, _mm_set1_epi32(f)));
        n += collect_n[nz];
    }
    return collect_tail(pk, f, nfam, fams, n);
}

/* Sixteen families at a time (AVX-512): a mask of the nonzero ones
 * compresses their indices into place. */
__attribute__((target("avx512f"))) int ssc_collect_avx512(const uint16_t *pk, int nfam, int32_t *fams)
{
    int n = 0, f = 0;
    __m512i ix = _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
    const __m512i step = _mm512_set1_epi32(16);
    for (; f + 16 <= nfam; f += 16) {
        __m512i x0 = _mm512_loadu_si512((const void *)(pk + 4 * (size_t)f));
        __m512i x1 = _mm512_loadu_si512((const void *)(pk + 4 * (size_t)f + 32));
        __mmask16 m = _mm512_kunpackb(_mm512_test_epi64_mask(x1, x1), _mm512_test_epi64_mask(x0, x0));
        _mm512_storeu_si512((void *)(fams + n), _mm512_maskz_compress_epi32(m, ix));
        n += __builtin_popcount((unsigned)m);
        ix = _mm512_add_epi32(ix, step);
    }
    return collect_tail(pk, f, nfam, fams, n);
}

#endif
