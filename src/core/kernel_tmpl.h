/* kernel_tmpl.h: the vector scan kernel written once over a vector type, for each instruction set. */
#ifndef SSC_KERNEL_TMPL_H
#define SSC_KERNEL_TMPL_H

#include <string.h>
#include "core/core.h"

/* Every vector kernel works on chunks of CH windows in three byte arrays:
 *   C[j] = 2-bit code of base j (0 when invalid), M[j] = 1 when invalid;
 * then widen in place by doubling strides (each step is one shift-add):
 *   C1[j] = 4*C[j]   + C[j+1]      (2 bases, 4 bits)     M1[j] = M[j]  + 2*M[j+1]
 *   C2[j] = 16*C1[j] + C1[j+2]     (4 bases, 8 bits)     M2[j] = M1[j] + 4*M1[j+2]
 *   code[j] = C2[j] << 8 | C2[j+4] (8 bases, 16 bits)    bad[j] = M2[j] + 16*M2[j+4]
 * so that window position 0 ends in the top bits of code and bit 0 of bad,
 * exactly as the rolling generic kernel leaves them. Arrays are padded so
 * the vector loads past the last window read zeros, never the sequence.
 * A chunk of bases only (nearly all of a 3'UTR) skips the mask arrays. */
#define CH 4096
#define PAD 64

/* Returns nonzero when some of these bytes is not a base. */
static int encode_tail(const char *seq, int64_t from, int64_t to, uint8_t *C, uint8_t *M)
{
    int any = 0;
    for (int64_t p = from; p < to; p++) {
        uint8_t b = ssc_nt4[(uint8_t)seq[p]];
        C[p] = b & 3;
        M[p] = b >> 2;
        any |= b >> 2;
    }
    return any;
}

#define DEFINE_KERNEL(NAME, ATTR, VEC, W, LOAD, STORE, SET1, AND, OR, ANDNOT, ADD, CMPEQ, \
                      SLLI16, UNPACKLO, UNPACKHI, STORE16)                                  \
ATTR                                                                                        \
static int NAME##_encode(const char *seq, int64_t n, uint8_t *C, uint8_t *M)                \
{                                                                                           \
    const VEC up = SET1((char)0xDF), vA = SET1('A'), vC = SET1('C'), vG = SET1('G');        \
    const VEC vT = SET1('T'), vU = SET1('U'), one = SET1(1), two = SET1(2), three = SET1(3);\
    VEC any = SET1(0);                                                                      \
    uint8_t anyb[W], got = 0;                                                               \
    int64_t p = 0;                                                                          \
    for (; p + W <= n; p += W) {                                                            \
        VEC u = AND(LOAD((const VEC *)(seq + p)), up);                                      \
        VEC a = CMPEQ(u, vA), c = CMPEQ(u, vC), g = CMPEQ(u, vG);                           \
        VEC t = OR(CMPEQ(u, vT), CMPEQ(u, vU));                                             \
        VEC code = OR(OR(AND(c, one), AND(g, two)), AND(t, three));                         \
        VEC m = ANDNOT(OR(OR(a, c), OR(g, t)), one);                                        \
        STORE((VEC *)(C + p), code);                                                        \
        STORE((VEC *)(M + p), m);                                                           \
        any = OR(any, m);                                                                   \
    }                                                                                       \
    STORE((VEC *)anyb, any);                                                                \
    for (int i = 0; i < W; i++) got |= anyb[i];                                             \
    return encode_tail(seq, p, n, C, M) | got;                                              \
}                                                                                           \
                                                                                            \
/* One widening step in place, by kind: 0: codes C*4 + C[+1]; 1: codes   \
 * C*16 + C[+2]; 2: masks M + 2*M[+1]; 3: masks M + 4*M[+2]. No byte       \
 * exceeds 127 before the last add (SIMDe's portable adds are signed).      \
 * Inlined with a constant kind, the choice folds away. */                  \
ATTR static inline __attribute__((always_inline))                                          \
void NAME##_widen(uint8_t *X, int64_t n, int kind)                                          \
{                                                                                           \
    int stride = kind & 1 ? 2 : 1;                                                          \
    for (int64_t j = 0; j < n; j += W) {                                                    \
        VEC x = LOAD((const VEC *)(X + j)), xs = LOAD((const VEC *)(X + j + stride));       \
        if (kind == 0) x = ADD(ADD(x, x), ADD(x, x));                                       \
        else if (kind == 1) x = SLLI16(x, 4);                                               \
        else if (kind == 2) xs = ADD(xs, xs);                                               \
        else xs = ADD(ADD(xs, xs), ADD(xs, xs));                                            \
        STORE((VEC *)(X + j), ADD(x, xs));                                                  \
    }                                                                                       \
}                                                                                           \
                                                                                            \
/* code[j] = C2[j] << 8 | C2[j+4]; with M2, bad[j] = M2[j] + 16*M2[j+4] too */             \
ATTR                                                                                        \
static void NAME##_final(const uint8_t *C2, const uint8_t *M2, int64_t n, uint16_t *code,  \
                         uint8_t *bad)                                                      \
{                                                                                           \
    int64_t j = 0;                                                                          \
    for (; j + W <= n; j += W) {                                                            \
        VEC hi = LOAD((const VEC *)(C2 + j)), lo = LOAD((const VEC *)(C2 + j + 4));         \
        STORE16(code + j, UNPACKLO(lo, hi), UNPACKHI(lo, hi));                              \
        if (!M2) continue;                                                                  \
        VEC m = LOAD((const VEC *)(M2 + j)), m4 = LOAD((const VEC *)(M2 + j + 4));          \
        STORE((VEC *)(bad + j), ADD(m, SLLI16(m4, 4)));                                     \
    }                                                                                       \
    for (; j < n; j++) {                                                                    \
        code[j] = (uint16_t)(C2[j] << 8 | C2[j + 4]);                                       \
        if (M2) bad[j] = (uint8_t)(M2[j] + 16 * M2[j + 4]);                                 \
    }                                                                                       \
}                                                                                           \
                                                                                            \
ATTR                                                                                        \
int ssc_kernel_##NAME(const char *seq, int64_t len, uint16_t *code, uint8_t *bad)           \
{                                                                                           \
    uint8_t C[CH + 7 + PAD] __attribute__((aligned(32)));                                   \
    uint8_t M[CH + 7 + PAD] __attribute__((aligned(32)));                                   \
    int dirty = 0;                                                                          \
    for (int64_t w0 = 0; w0 + 7 < len; w0 += CH) {                                          \
        int64_t nw = len - 7 - w0 < CH ? len - 7 - w0 : CH, np = nw + 7;                   \
        int d = NAME##_encode(seq + w0, np, C, M);                                          \
        memset(C + np, 0, PAD);                                                             \
        NAME##_widen(C, nw + 6, 0);                                                         \
        NAME##_widen(C, nw + 4, 1);                                                         \
        if (!d) { /* only bases: no mask to build */                                        \
            NAME##_final(C, NULL, nw, code + w0, NULL);                                     \
            memset(bad + w0, 0, (size_t)nw);                                                \
            continue;                                                                       \
        }                                                                                   \
        memset(M + np, 0, PAD);                                                             \
        NAME##_widen(M, nw + 6, 2);                                                         \
        NAME##_widen(M, nw + 4, 3);                                                         \
        NAME##_final(C, M, nw, code + w0, bad + w0);                                        \
        dirty = 1;                                                                          \
    }                                                                                       \
    return dirty;                                                                           \
}

#endif
