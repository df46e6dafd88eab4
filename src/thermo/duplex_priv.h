/* thermo/duplex_priv.h: the 16-bit vector kernel of the duplex fill, one signature for every instruction set. */
#ifndef SSC_THERMO_DUPLEX_PRIV_H
#define SSC_THERMO_DUPLEX_PRIV_H

#include <stdint.h>
#include "thermo/params.h"

#if defined(__x86_64__) || defined(__i386__)
#define SSC_TH_X86 1
#endif

/* 16-bit energies: finite values lie in [-SSC_TH_LIM16, SSC_TH_LIM16] (duplex.c checks that
 * they do, or falls back to the plain fill); INF is SSC_TH_INF16 and every sum with it, added
 * with saturation, stays at or above SSC_TH_T16, every finite sum below it. */
#define SSC_TH_INF16 32767
#define SSC_TH_T16 16384
#define SSC_TH_LIM16 12000

/* What the row kernel reads: row k, column l of each table at [k * s16 + l], l = 0..s16-1;
 * columns past n2 hold INF16. pI, p1n, pB are duplex.c's pI, p1n, pB (c plus the outer-pair
 * term of a generic, 1xn or bulge loop). size[u1][u2] is initiation + asymmetry of a u1 x u2
 * loop, bulge[u] the bulge of u nt; INF16 where forbidden. */
typedef struct {
    const int16_t *pI, *p1n, *pB;
    int s16, n2;
    int16_t size[SSC_TH_MAXLOOP + 1][SSC_TH_MAXLOOP + 1];
    int16_t bulge[SSC_TH_MAXLOOP + 1];
} ssc_th_vtab_t;

/* For row i (>= 2) and every j in 1..nblk*W: the minima over k < i, l > j, of the loops that
 * loops_generic (duplex.c) takes, before the inner-pair term: accI[j-1] (generic interior),
 * acc1[j-1] (1xn, n >= 3), accB[j-1] (bulges of 2 nt or more). W is the variant's width. */
typedef void (*ssc_th_rowmin_f)(const ssc_th_vtab_t *t, int i, int nblk, int16_t *accI,
                                int16_t *acc1, int16_t *accB);
#ifdef SSC_TH_X86
void ssc_th_rowmin_sse2(const ssc_th_vtab_t *t, int i, int nblk, int16_t *accI, int16_t *acc1,
                        int16_t *accB);
void ssc_th_rowmin_avx2(const ssc_th_vtab_t *t, int i, int nblk, int16_t *accI, int16_t *acc1,
                        int16_t *accB);
void ssc_th_rowmin_avx512(const ssc_th_vtab_t *t, int i, int nblk, int16_t *accI, int16_t *acc1,
                          int16_t *accB);
#endif
#ifdef SSC_HAVE_SIMDE
void ssc_th_rowmin_simde(const ssc_th_vtab_t *t, int i, int nblk, int16_t *accI, int16_t *acc1,
                         int16_t *accB);
#endif

#endif
