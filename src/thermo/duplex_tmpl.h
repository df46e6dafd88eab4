/* thermo/duplex_tmpl.h: the row kernel of the duplex fill written once over a vector of 16-bit lanes. */
#ifndef SSC_THERMO_DUPLEX_TMPL_H
#define SSC_THERMO_DUPLEX_TMPL_H

#include "thermo/duplex_priv.h"

/* Lanes are W consecutive columns j of row i: cell (i, j) reads row k = i - u1 - 1 at column
 * j + 1 + u2, so one unaligned load at jb + 1 + u2 serves the W cells j = jb..jb+W-1 for the
 * same loop size. Rows are independent across j (c(i, j) needs only rows k < i), which is why
 * the vectors run along j. Saturating adds keep INF at INF (duplex_priv.h). Loop sizes as
 * loops_generic in duplex.c: u1 = 0 bulges (u2 >= 2); u1 = 1 1xn (u2 >= 3); u1 >= 2 a bulge
 * (u2 = 0), a 1xn (u2 = 1, u1 >= 3), generic loops (u2 from 4, 3, 2 for u1 = 2, 3, >= 4). */
#define DEFINE_ROWMIN(NAME, ATTR, VEC, W, LOAD, STORE, SET1, ADDS, MIN)                      \
ATTR void NAME(const ssc_th_vtab_t *t, int i, int nblk, int16_t *accI, int16_t *acc1,        \
               int16_t *accB)                                                                \
{                                                                                            \
    const int s = t->s16;                                                                    \
    int jb, u1, u2;                                                                          \
    for (jb = 1; jb <= nblk * (W); jb += (W)) {                                              \
        /* columns past n2 hold INF: lane jb, the lowest, reads column jb + 1 + u2 <= n2 */  \
        const int ML_ = t->n2 - jb - 1 < SSC_TH_MAXLOOP ? t->n2 - jb - 1 : SSC_TH_MAXLOOP;   \
        VEC eI = SET1(SSC_TH_INF16), e1 = eI, eB = eI;                                       \
        const int16_t *r = t->pB + (size_t)(i - 1) * s + jb + 1;                             \
        for (u2 = 2; u2 <= ML_; u2++)                                                        \
            eB = MIN(eB, ADDS(LOAD((const void *)(r + u2)), SET1(t->bulge[u2])));            \
        if (i >= 3) {                                                                        \
            r = t->p1n + (size_t)(i - 2) * s + jb + 1;                                       \
            for (u2 = 3; u2 <= SSC_TH_MAXLOOP - 1 && u2 <= ML_; u2++)                          \
                e1 = MIN(e1, ADDS(LOAD((const void *)(r + u2)), SET1(t->size[1][u2])));      \
        }                                                                                    \
        for (u1 = 2; u1 <= SSC_TH_MAXLOOP && i - u1 - 1 >= 1; u1++) {                        \
            size_t off = (size_t)(i - u1 - 1) * s + jb + 1;                                  \
            const int16_t *sz = t->size[u1];                                                 \
            eB = MIN(eB, ADDS(LOAD((const void *)(t->pB + off)), SET1(t->bulge[u1])));       \
            if (u1 >= 3)                                                                     \
                e1 = MIN(e1, ADDS(LOAD((const void *)(t->p1n + off + 1)), SET1(sz[1])));     \
            r = t->pI + off;                                                                 \
            for (u2 = u1 == 2 ? 4 : u1 == 3 ? 3 : 2; u2 <= SSC_TH_MAXLOOP - u1 && u2 <= ML_; u2++) \
                eI = MIN(eI, ADDS(LOAD((const void *)(r + u2)), SET1(sz[u2])));              \
        }                                                                                    \
        STORE((void *)(accI + jb - 1), eI);                                                  \
        STORE((void *)(acc1 + jb - 1), e1);                                                  \
        STORE((void *)(accB + jb - 1), eB);                                                  \
    }                                                                                        \
}

#endif
