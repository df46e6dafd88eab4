/* kernel_x86.c: SSE2 and AVX2 scan kernels; same output as ssc_kernel_generic. */
#include "ssc_priv.h"

#ifdef SSC_HAVE_X86
#include <immintrin.h>
#include <string.h>

/* Both kernels work on chunks of CH windows in three byte arrays:
 *   C[j] = 2-bit code of base j (0 when invalid), M[j] = 1 when invalid;
 * then widen in place by doubling strides (each step is one shift-add):
 *   C1[j] = 4*C[j]   + C[j+1]      (2 bases, 4 bits)     M1[j] = M[j]  + 2*M[j+1]
 *   C2[j] = 16*C1[j] + C1[j+2]     (4 bases, 8 bits)     M2[j] = M1[j] + 4*M1[j+2]
 *   code[j] = C2[j] << 8 | C2[j+4] (8 bases, 16 bits)    bad[j] = M2[j] + 16*M2[j+4]
 * so that window position 0 ends in the top bits of code and bit 0 of bad,
 * exactly as the rolling generic kernel leaves them. Arrays are padded so
 * the vector loads past the last window read zeros, never the sequence. */
#define CH 4096
#define PAD 64

static void encode_tail(const char *seq, int64_t from, int64_t to, uint8_t *C, uint8_t *M)
{
    for (int64_t p = from; p < to; p++) {
        uint8_t b = ssc_nt4[(uint8_t)seq[p]];
        C[p] = b & 3;
        M[p] = b >> 2;
    }
}

#define DEFINE_KERNEL(NAME, TARGET, VEC, W, LOAD, STORE, SET1, AND, OR, ANDNOT, ADD, CMPEQ, \
                      SLLI16, UNPACKLO, UNPACKHI, STORE16)                                  \
__attribute__((target(TARGET)))                                                             \
static void NAME##_encode(const char *seq, int64_t n, uint8_t *C, uint8_t *M)               \
{                                                                                           \
    const VEC up = SET1((char)0xDF), vA = SET1('A'), vC = SET1('C'), vG = SET1('G');        \
    const VEC vT = SET1('T'), vU = SET1('U'), one = SET1(1), two = SET1(2), three = SET1(3);\
    int64_t p = 0;                                                                          \
    for (; p + W <= n; p += W) {                                                            \
        VEC u = AND(LOAD((const VEC *)(seq + p)), up);                                      \
        VEC a = CMPEQ(u, vA), c = CMPEQ(u, vC), g = CMPEQ(u, vG);                           \
        VEC t = OR(CMPEQ(u, vT), CMPEQ(u, vU));                                             \
        VEC code = OR(OR(AND(c, one), AND(g, two)), AND(t, three));                         \
        STORE((VEC *)(C + p), code);                                                        \
        STORE((VEC *)(M + p), ANDNOT(OR(OR(a, c), OR(g, t)), one));                         \
    }                                                                                       \
    encode_tail(seq, p, n, C, M);                                                           \
}                                                                                           \
                                                                                            \
__attribute__((target(TARGET)))                                                             \
static void NAME##_widen(uint8_t *X, uint8_t *Y, int64_t n, int stride, int step)           \
{                                                                                           \
    for (int64_t j = 0; j < n; j += W) {                                                    \
        VEC x = LOAD((const VEC *)(X + j)), xs = LOAD((const VEC *)(X + j + stride));       \
        VEC y = LOAD((const VEC *)(Y + j)), ys = LOAD((const VEC *)(Y + j + stride));       \
        if (step == 1) { /* X*4 + next, Y + 2*next */                                       \
            x = ADD(ADD(x, x), ADD(x, x));                                                  \
            ys = ADD(ys, ys);                                                               \
        } else {         /* X*16 + next, Y + 4*next */                                      \
            x = SLLI16(x, 4);                                                               \
            ys = ADD(ADD(ys, ys), ADD(ys, ys));                                             \
        }                                                                                   \
        STORE((VEC *)(X + j), ADD(x, xs));                                                  \
        STORE((VEC *)(Y + j), ADD(y, ys));                                                  \
    }                                                                                       \
}                                                                                           \
                                                                                            \
__attribute__((target(TARGET)))                                                             \
static void NAME##_final(const uint8_t *C2, const uint8_t *M2, int64_t n, uint16_t *code,  \
                         uint8_t *bad)                                                      \
{                                                                                           \
    int64_t j = 0;                                                                          \
    for (; j + W <= n; j += W) {                                                            \
        VEC hi = LOAD((const VEC *)(C2 + j)), lo = LOAD((const VEC *)(C2 + j + 4));         \
        VEC m = LOAD((const VEC *)(M2 + j)), m4 = LOAD((const VEC *)(M2 + j + 4));          \
        STORE16(code + j, UNPACKLO(lo, hi), UNPACKHI(lo, hi));                              \
        STORE((VEC *)(bad + j), ADD(m, SLLI16(m4, 4)));                                     \
    }                                                                                       \
    for (; j < n; j++) {                                                                    \
        code[j] = (uint16_t)(C2[j] << 8 | C2[j + 4]);                                       \
        bad[j] = (uint8_t)(M2[j] + 16 * M2[j + 4]);                                         \
    }                                                                                       \
}                                                                                           \
                                                                                            \
void ssc_kernel_##NAME(const char *seq, int64_t len, uint16_t *code, uint8_t *bad)          \
{                                                                                           \
    uint8_t C[CH + 7 + PAD] __attribute__((aligned(32)));                                   \
    uint8_t M[CH + 7 + PAD] __attribute__((aligned(32)));                                   \
    for (int64_t w0 = 0; w0 + 7 < len; w0 += CH) {                                          \
        int64_t nw = len - 7 - w0 < CH ? len - 7 - w0 : CH, np = nw + 7;                   \
        NAME##_encode(seq + w0, np, C, M);                                                  \
        memset(C + np, 0, PAD);                                                             \
        memset(M + np, 0, PAD);                                                             \
        NAME##_widen(C, M, nw + 6, 1, 1);                                                   \
        NAME##_widen(C, M, nw + 4, 2, 2);                                                   \
        NAME##_final(C, M, nw, code + w0, bad + w0);                                        \
    }                                                                                       \
}

/* Unaligned loads and stores throughout: chunk arrays are aligned but the
 * sequence and the offset reads are not. */
#define SSE_STORE16(dst, a, b) do {                                                         \
        _mm_storeu_si128((__m128i *)(dst), (a));                                            \
        _mm_storeu_si128((__m128i *)(dst) + 1, (b));                                        \
    } while (0)
DEFINE_KERNEL(sse2, "sse2", __m128i, 16, _mm_loadu_si128, _mm_storeu_si128, _mm_set1_epi8,
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
DEFINE_KERNEL(avx2, "avx2", __m256i, 32, _mm256_loadu_si256, _mm256_storeu_si256,
              _mm256_set1_epi8, _mm256_and_si256, _mm256_or_si256, _mm256_andnot_si256,
              _mm256_add_epi8, _mm256_cmpeq_epi8, _mm256_slli_epi16, _mm256_unpacklo_epi8,
              _mm256_unpackhi_epi8, AVX_STORE16)

#endif
