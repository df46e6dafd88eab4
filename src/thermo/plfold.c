/* thermo/plfold.c: RNAplfold's local partition function (windows of W nt, spans <= L) and unpaired probabilities, in O(W^2) memory. */
#include <limits.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include "seedscan.h"
#include "thermo/plfold.h"

/* The recursions are those of ViennaRNA 2.1.9's LPfold.c (Bernhart et al. 2006), written
 * anew: inside partition functions q (exterior), qb (pair closes), qm/qm2 (multiloop part
 * with >= 1 / >= 2 branches) for every interval of at most W nt; then, one window behind,
 * the outside weights pR(k,l) summed over the windows containing (k,l), each divided by its
 * window's partition function; then, 31 nt further behind, the unpaired probabilities from
 * the outside weights of the pairs enclosing a stretch (pU). All rows live in ring buffers
 * of R > 2W + 32 rows, so memory does not grow with the sequence.
 *
 * Quantities are scaled by pf_scale^-length (scale[]) as in ViennaRNA so that windows of
 * thousands of nt do not overflow a double. */

enum { TURN = 3, MAXLOOP = SSC_TH_MAXLOOP };
/* Interior loops with both sides unpaired, other than 1x1, 1x2, 2x1, 2x2 (which have their
 * own tables), weigh internal[u1+u2] * mm(outer) * mm(inner) * ninio[|u1-u2|], the mismatch
 * table chosen by the loop's shape; every other shape goes through ssc_th_pf_intloop. */
enum { MM_INT, MM_1N, MM_23, MM_SPECIAL };
/* Outer pairs of span <= FLAT_SPAN see every inner pair (k,l) of their column with k > i
 * (the loop-size limit cannot cut in: u1 + u2 <= FLAT_SPAN - 2 - (TURN+1) = MAXLOOP). The
 * flat list reaches outer spans up to fspan = min(span, FLAT_EXT): those of FLAT_SPAN+1 ..
 * fspan skip the entries beyond the loop-size limit (a few short inner pairs). FLAT_EXT is
 * the default -L; a list longer than the spans in use would only cost its set-up. */
enum { FLAT_SPAN = MAXLOOP + TURN + 3, FLAT_EXT = FLAT_SPAN + 4, FLAT_ROWS = FLAT_EXT, FLAT_MAX = FLAT_ROWS * FLAT_ROWS };
/* Forward keeps the interior-loop weights of the flat lists for outside, which needs the same
 * weights W steps later: a block of WCAP weights per column, in a ring of columns; an outer
 * pair whose weights do not fit in its column's block is marked NO_W, and outside weighs its
 * loops itself. Only for windows up to WC_MAXW (the ring's memory grows with W: 4 MB at W 80).
 * With the list reaching span 40, the fullest column of the 132 UTRs needs ~3,950 weights. */
enum { WCAP = 4096, WC_MAXW = 400 };
/* Rows of the flat list's row records: row k's are written from column k+TURN+1 and read up to
 * column k+FLAT_EXT-1, so FR > FLAT_EXT rows never overlap. */
enum { FR = 64 };
#define NO_W INT_MIN

/* outside's view of an inner pair (k,l): its outside weight so far, qb, the inner mismatch
 * weights by MM_*, reversed type and code at l+1; ctop the largest u2 of a kept column, nw one
 * of those columns has marked outer pairs, wk the weights' blocks moved by (k,l)'s place in
 * its row's entries */
/* forward's view of row k of the flat list in column j, the same for every outer pair:
 * its partners' offsets d (u2 = top - d[x]), records by x (qb, inner mismatch weights,
 * reversed type, code at l+1), its entries e .. e+ne-1, the code at k-1, xs the partners of
 * u2 >= 3, px row k */
struct frow {
    const uint16_t *d, *px;
    const double *rq, *rin;
    const uint8_t *rt, *rl;
    int e, ne, top, sk, xs;
};

struct oi_l {
    int64_t l;
    double z, qbkl, inner[3];
    int t2, sl, ctop, nw;
    const double *wk;
    double *q5;               /* row l of qi5 */
};

struct ssc_plfold_s {
    const ssc_th_pf_t *P;
    ssc_plfold_opt_t opt;
    int W, L, u, span;        /* effective window, -L, u; span = largest j-i of a pair */
    int fspan;                /* largest span of an outer pair that reads the flat list */
    int R, mask, C, NU;       /* ring rows, R-1, columns of a row, entries of a pU row */
    double *q, *qb, *qm, *qm2, *pR, *qi5, *qmb, *q2l; /* R rows of C */
    double *qq, *qq1, *qqm, *qqm1, *prml, *prm_l, *prm_l1; /* by position, R */
    double *pU;               /* R rows of NU */
    double *qbe;              /* NU */
    double *xq, *xm;          /* C + 2: forward's tails of one column by position */
    double *xu;               /* NU: the exterior parts of the stretches ending at one k */
    double *om, *omlb, *opl, *opd; /* C + 2: outside's multiloop sums of one row by l - k, m - k */
    /* forward's flat list of column j: the inner pairs (k,l), l < j, rows k >= fkb ascending,
     * then l (row k's partners x < its count at the column's start, read from the row
     * records below); row k's entries start at fstart[k - fkb], fn in all */
    int *fstart, fn;
    int64_t fkb;
    /* the weights kept for outside: wc (wr columns of WCAP, NULL if not kept), wst and wkb a
     * column's fstart and fkb, woff (R rows of C) the offset of the outer pair (i,j)'s weights
     * in column j's block, indexed by flat-list entry (or NO_W); wdump takes them otherwise */
    double *wc, *wdump;
    int *wst, *woff, wr, wfill;
    int64_t *wkb;
    uint8_t *wnw;             /* by column: some outer pair of the column is marked NO_W */
    struct oi_l *ol;          /* C + 2: outside's inner pairs (k,l) of one row */
    int64_t *ocp;             /* (C + 2) x (MAXLOOP+1): outside's places of a row in the blocks by column */
    double *scale, *mlbase;   /* by length, 0..C */
    int8_t *S;                /* codes by position, R */
    /* partners of each row i: the m > i (m - i <= span) that pair with it, ascending, as
     * offsets m - i with their pair types; the interior loops visit only these */
    uint8_t *pn;              /* partners by row, R */
    uint16_t *pd;             /* R rows of C: offsets */
    uint8_t *pt;              /* R rows of C: pair types */
    uint16_t *px;             /* R rows of C: px[d] = partners with offset < d (d <= span+1) */
    double *hp;               /* R rows of C: hairpin weight of the pair (i,j), unscaled */
    double *mlc, *mlo;        /* R rows of C: the pair (i,j) as a multiloop's closing pair
                                 (inside) and as its branch (outside), ssc_th_pf_mlstem */
    uint8_t sel[MAXLOOP + 1][MAXLOOP + 1]; /* interior loop (u1,u2): MM_* of the generic formula, or MM_SPECIAL */
    int64_t n;                /* record length, or "not known yet" */
    int64_t nin;              /* letters received */
    int64_t j;                /* next forward step */
    int64_t pu_top;           /* last pU row cleared */
    int started, stop;
    ssc_plfold_emit_f emit;
    void *data;
    /* exterior_unpaired_all's windows a (by a - a0): q(a, k+1-s0) for the lane block at s0 is
     * xp[a - a0][-s0]; xy, xd: q(k+1, a+W-1) and the window's partition function */
    const double **xp;
    double *xy, *xd;
    /* forward's flat list, four outer pairs (i-c, j) a vector (flat4): by inner loop (u1, u2),
     * selt[u2][u1] the shape as sel (MM_INT beyond MAXLOOP, where intl makes the weight 0),
     * intl[u1+u2] the internal loop weight (0 beyond MAXLOOP), ninv[u1-u2+FLAT_EXT] the
     * asymmetry's */
    uint8_t selt[FLAT_EXT][FLAT_EXT];
    long long selq[FLAT_EXT][FLAT_EXT]; /* selt, a lane's width each */
    uint64_t sel4[FLAT_EXT][FLAT_EXT];  /* selt[u2][u1 .. u1+3] in bytes 0-3, bit 56+c: u1+c's is MM_SPECIAL,
                                           bit 63: one is */
    double intl[FLAT_EXT], ninv[2 * FLAT_EXT];
    double fscl[FLAT_EXT + 8];          /* scale[] (0 beyond C+1) */
    double *qbt;                        /* NU + 2: paired_then_unpaired's sums by len */
    /* forward's q and qm by column (chains8): column m's entry for row i at (m & cmask) * (C + 8)
     * + i - m + C (rows m-W+1 .. m, then 7 zeros); mlrv[C + 1 - y] = mlbase[y] (0 for y < 1) */
    double *qT, *qmT, *mlrv;
    int64_t cmask;
    int oi_plain;             /* tests: outside_interior without its fast path (oi_row) */
    /* the row records of the flat list: pair (k,l) as row k's partner x (l - k < FLAT_EXT, so
     * x < FLAT_EXT) at (k & (FR - 1)) * FLAT_EXT + x, written when column l finds it: qb(k,l),
     * its inner mismatch weights by MM_* (3 a record), reversed type, code at l+1 */
    double *rqb, *rin;
    uint8_t *rt2, *rsl;
    struct frow *frows;       /* FLAT_ROWS + 2: column j's rows k from fkb */
};

#define NOT_KNOWN (INT64_MAX / 4)
#define ROW(a, i) ((a) + (size_t)((i) & f->mask) * f->C)
/* Interval [i,j] of an R x C array; column j-i+1 so that the empty interval j = i-1 fits. */
#define AT(a, i, j) ROW(a, i)[(j) - (i) + 1]
#define V(a, i) (a)[(i) & f->mask]
#define PU(i) (f->pU + (size_t)((i) & f->mask) * f->NU)

void ssc_plfold_opt_init(ssc_plfold_opt_t *o)
{
    o->W = 80, o->L = 40, o->u = 20, o->modern = 0;
}

int ssc_plfold_opt_check(const ssc_plfold_opt_t *o, char *err, size_t errsz)
{
    const char *why = NULL;
    if (o->W < 5 || o->W > 10000) why = "window -W must be 5..10000";
    else if (o->L < 1 || o->L > o->W) why = "span -L must be 1..W";
    else if (o->u < 1 || o->u > o->W) why = "-u must be 1..W";
    if (why && err && errsz) snprintf(err, errsz, "%s", why);
    return why ? SSC_EINVAL : 0;
}

void ssc_plfold_destroy(ssc_plfold_t *f)
{
    if (!f) return;
    free(f->q), free(f->qb), free(f->qm), free(f->qm2), free(f->pR);
    free(f->qi5), free(f->qmb), free(f->q2l);
    free(f->qq), free(f->qq1), free(f->qqm), free(f->qqm1);
    free(f->prml), free(f->prm_l), free(f->prm_l1);
    free(f->pU), free(f->qbe), free(f->xq), free(f->xm), free(f->xu), free(f->om), free(f->omlb), free(f->opl), free(f->opd), free(f->fstart), free(f->wc), free(f->wdump), free(f->wst), free(f->woff), free(f->wkb), free(f->wnw), free(f->ol), free(f->ocp), free(f->scale), free(f->mlbase), free(f->S);
    free(f->mlc), free(f->mlo), free(f->pn), free(f->pd), free(f->pt), free(f->px), free(f->hp);
    free(f->xp), free(f->xy), free(f->xd), free(f->qbt), free(f->qT), free(f->qmT), free(f->mlrv);
    free(f->rqb), free(f->rin), free(f->rt2), free(f->rsl), free(f->frows);
    free(f);
}

ssc_plfold_t *ssc_plfold_init(const ssc_th_pf_t *pf, const ssc_plfold_opt_t *o)
{
    ssc_plfold_t *f;
    size_t rc;
    int R = 64;
    if (ssc_plfold_opt_check(o, NULL, 0) < 0 || !(f = calloc(1, sizeof *f))) return NULL;
    f->P = pf, f->opt = *o;
    while (R < 2 * o->W + MAXLOOP + 8 || R < o->u + MAXLOOP + 8) R *= 2;
    f->R = R, f->mask = R - 1, f->C = o->W + 2;
    f->NU = (o->u > MAXLOOP ? o->u : MAXLOOP) + 2;
    if (f->NU < o->W + 1 && o->u >= o->W) f->NU = o->W + 1;
    rc = (size_t)R * f->C;
    double **two[] = { &f->q, &f->qb, &f->qm, &f->qm2, &f->pR, &f->qi5, &f->qmb, &f->q2l, &f->hp, &f->mlc, &f->mlo };
    double **one[] = { &f->qq, &f->qq1, &f->qqm, &f->qqm1, &f->prml, &f->prm_l, &f->prm_l1 };
    for (size_t k = 0; k < sizeof two / sizeof *two; k++)
        if (!(*two[k] = calloc(rc, sizeof(double)))) goto fail;
    for (size_t k = 0; k < sizeof one / sizeof *one; k++)
        if (!(*one[k] = calloc((size_t)R, sizeof(double)))) goto fail;
    f->pU = calloc((size_t)R * f->NU, sizeof(double));
    f->qbe = calloc((size_t)f->NU + 2, sizeof(double));
    f->xq = calloc((size_t)f->C + 2, sizeof(double));
    f->xm = calloc((size_t)f->C + 2, sizeof(double));
    f->xu = calloc((size_t)f->NU + 2, sizeof(double));
    f->ol = calloc((size_t)f->C + 2, sizeof *f->ol);
    f->ocp = calloc((size_t)f->C + 2, sizeof(int64_t) * (MAXLOOP + 1));
    if (!f->ol || !f->ocp) goto fail;
    f->om = calloc((size_t)f->C + 2, sizeof(double));
    f->omlb = calloc((size_t)f->C + 2, sizeof(double));
    f->opl = calloc((size_t)f->C + 2, sizeof(double));
    f->opd = calloc((size_t)f->C + 2, sizeof(double));
    f->fstart = calloc(FLAT_ROWS + 2, sizeof(int));
    f->wdump = calloc(FLAT_MAX, sizeof(double));
    f->woff = calloc(rc, sizeof(int));
    if (!f->wdump || !f->woff) goto fail;
    if (o->W <= WC_MAXW) { /* columns from j to j + W - 1 are read */
        for (f->wr = 64; f->wr < o->W + FLAT_EXT + 8; f->wr *= 2) {}
        f->wc = malloc((size_t)f->wr * WCAP * sizeof(double));
        f->wst = calloc((size_t)f->wr * (FLAT_ROWS + 2), sizeof(int));
        f->wkb = calloc((size_t)f->wr, sizeof(int64_t));
        f->wnw = calloc((size_t)f->wr, 1);
        if (!f->wc || !f->wst || !f->wkb || !f->wnw) goto fail;
    }
    f->scale = calloc((size_t)f->C + 2, sizeof(double));
    f->mlbase = calloc((size_t)f->C + 2, sizeof(double));
    f->S = calloc((size_t)R, 1);
    f->pn = calloc((size_t)R, 1);
    f->pd = calloc(rc, sizeof *f->pd);
    f->pt = calloc(rc, 1);
    f->px = calloc(rc, sizeof *f->px);
    if (!f->px || !f->pU || !f->qbe || !f->xq || !f->xm || !f->xu || !f->om || !f->omlb || !f->opl || !f->opd ||
        !f->fstart || !f->scale || !f->mlbase || !f->S || !f->pn || !f->pd || !f->pt) goto fail;
    f->xp = calloc((size_t)f->C + 2, sizeof *f->xp);
    f->xy = calloc((size_t)f->C + 2, sizeof(double));
    f->xd = calloc((size_t)f->C + 2, sizeof(double));
    f->qbt = calloc((size_t)f->NU + 2, sizeof(double));
    for (f->cmask = 64; f->cmask < f->C + 2; f->cmask *= 2) {}
    f->qT = calloc((size_t)f->cmask * (f->C + 8), sizeof(double));
    f->qmT = calloc((size_t)f->cmask * (f->C + 8), sizeof(double));
    f->mlrv = calloc((size_t)f->C + 10, sizeof(double));
    f->cmask--;
    if (!f->xp || !f->xy || !f->xd || !f->qbt || !f->qT || !f->qmT || !f->mlrv) goto fail;
    f->rqb = calloc(FR * FLAT_EXT, sizeof(double)), f->rin = calloc(3 * FR * FLAT_EXT, sizeof(double));
    f->rt2 = calloc(FR * FLAT_EXT, 1), f->rsl = calloc(FR * FLAT_EXT, 1);
    f->frows = calloc(FLAT_ROWS + 2, sizeof *f->frows);
    if (!f->rqb || !f->rin || !f->rt2 || !f->rsl || !f->frows) goto fail;
    for (int u1 = 0; u1 <= MAXLOOP; u1++)
        for (int u2 = 0; u2 <= MAXLOOP; u2++) {
            int us = u1 < u2 ? u1 : u2, ul = u1 < u2 ? u2 : u1;
            f->sel[u1][u2] = us == 0 || ul <= 2 ? MM_SPECIAL : us == 1 ? MM_1N : us == 2 && ul == 3 ? MM_23 : MM_INT;
        }
    for (int u1 = 0; u1 < FLAT_EXT; u1++)
        for (int u2 = 0; u2 < FLAT_EXT; u2++) f->selq[u2][u1] = f->selt[u2][u1] = u1 + u2 <= MAXLOOP ? f->sel[u1][u2] : MM_INT;
    for (int x = 0; x < FLAT_EXT; x++) f->intl[x] = x <= MAXLOOP ? pf->internal[x] : 0.;
    for (int u2 = 0; u2 < FLAT_EXT; u2++)
        for (int u1 = 0; u1 < FLAT_EXT; u1++) {
            uint64_t p = 0;
            for (int c = 0; c < 4 && u1 + c < FLAT_EXT; c++) {
                p |= (uint64_t)f->selt[u2][u1 + c] << (8 * c);
                if (f->selt[u2][u1 + c] == MM_SPECIAL) p |= (uint64_t)1 << 63 | (uint64_t)1 << (56 + c);
            }
            f->sel4[u2][u1] = p;
        }
    for (int x = -FLAT_EXT; x < FLAT_EXT; x++) f->ninv[x + FLAT_EXT] = abs(x) <= MAXLOOP ? pf->ninio[abs(x)] : 0.;
    /* ViennaRNA's scale_pf_params: halves multiplied, so scale[] is the same to the bit */
    f->scale[0] = 1., f->scale[1] = 1. / pf->pf_scale;
    f->mlbase[0] = 1, f->mlbase[1] = pf->ml_base / pf->pf_scale;
    for (int i = 2; i <= f->C + 1; i++) {
        f->scale[i] = f->scale[i / 2] * f->scale[i - i / 2];
        f->mlbase[i] = pow(pf->ml_base, (double)i) * f->scale[i];
    }
    for (int x = 0; x < FLAT_EXT + 8; x++) f->fscl[x] = x <= f->C + 1 ? f->scale[x] : 0.;
    for (int y = -7; y <= f->C + 1; y++) f->mlrv[f->C + 1 - y] = y >= 1 ? f->mlbase[y] : 0.;
    return f;
fail:
    ssc_plfold_destroy(f);
    return NULL;
}

static inline int64_t min64(int64_t a, int64_t b) { return a < b ? a : b; }
static inline int64_t max64(int64_t a, int64_t b) { return a > b ? a : b; }

/* Pair type of i and j within the span limit (0: no pair). */
static inline int ptype(const ssc_plfold_t *f, int64_t i, int64_t j)
{
    return j - i <= f->span ? ssc_th_pf_type(V(f->S, i), V(f->S, j)) : 0;
}

static inline int code_or_none(const ssc_plfold_t *f, int64_t i)
{
    return i >= 1 && i <= f->n ? V(f->S, i) : -1;
}

/* The hairpin closed by (i,j): its codes are copied out of the ring for the special loops. */
static double hairpin(const ssc_plfold_t *f, int64_t i, int64_t j, int type)
{
    int8_t loop[10];
    int size = (int)(j - i - 1);
    if (size >= 3 && size <= 6)
        for (int k = 0; k < size + 2; k++) loop[k] = V(f->S, i + k);
    return ssc_th_pf_hairpin(f->P, size, type, V(f->S, i + 1), V(f->S, j - 1), loop);
}

/* ssc_th_pf_intloop's value, the generic shapes without its chain of tests: mm holds the
 * three mismatch tables by MM_*, inner[s] (if not NULL) the inner pair's weight in table s. The
 * products are ssc_th_pf_intloop's, in its order, so the weight is the same to the bit. */
typedef const double (*mm_t)[SSC_TH_NBASES][SSC_TH_NBASES];
static inline __attribute__((always_inline)) double intloop(const ssc_plfold_t *f, const mm_t *mm, const double *inner,
                                                            int u1, int u2, int type, int type2, int si, int sj, int sp, int sq)
{
    const ssc_th_pf_t *P = f->P;
    int s = f->sel[u1][u2];
    if (s == MM_SPECIAL) return ssc_th_pf_intloop(P, u1, u2, type, type2, si, sj, sp, sq);
    return P->internal[u1 + u2] * mm[s][type][si][sj] * (inner ? inner[s] : mm[s][type2][sq][sp]) *
           P->ninio[u1 > u2 ? u1 - u2 : u2 - u1];
}

/* An inner pair's mismatch weights in the three tables of the generic shapes, by MM_*:
 * its reversed type t2, codes sl at l+1 and sk at k-1. */
static inline void inner_mm(const ssc_th_pf_t *P, int t2, int sl, int sk, double w[3])
{
    w[MM_INT] = P->mm_interior[t2][sl][sk], w[MM_1N] = P->mm_1n[t2][sl][sk], w[MM_23] = P->mm_23[t2][sl][sk];
}

static void new_row(ssc_plfold_t *f, int64_t j)
{
    V(f->pn, j) = 0;
    double *rows[] = { f->q, f->qb, f->qm, f->qm2, f->pR, f->qi5, f->qmb, f->q2l };
    for (size_t k = 0; k < sizeof rows / sizeof *rows; k++)
        memset(ROW(rows[k], j), 0, sizeof(double) * f->C);
    AT(f->q, j, j - 1) = 1.0;
    V(f->qq, j) = V(f->qq1, j) = V(f->qqm, j) = V(f->qqm1, j) = 0;
}

/* Four doubles as one value: four independent lanes (GCC's vector extension; two SSE2
 * registers, or one AVX2 register in the AVX2 clone of the function using it). Loaded
 * through memcpy: no alignment needed. */
typedef double v4d __attribute__((vector_size(32)));
typedef long long v4i __attribute__((vector_size(32)));
/* a function built twice, for AVX2 and for baseline x86-64, chosen when the program loads:
 * its lanes are independent sums, so both give the same bits. The clones are small leaves:
 * GCC 12 left a larger clone (one that called default-target code) without vzeroupper, and
 * the SSE code after it ran at half speed here (the fold took 2x the CPU time). */
#ifndef AVX2_CLONE /* -DAVX2_CLONE= builds the baseline alone (to compare the two) */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
#define AVX2_CLONE __attribute__((target_clones("avx2", "default")))
#else
#define AVX2_CLONE
#endif
#endif

/* pair_inside's start for (i,j): its hairpin (z, returned); for an outer pair that reads the
 * flat list from entry e0, the place of its kept weights: entry e's at wb[wo + e] (woff says
 * where outside finds them; NO_W: in wdump, outside weighs them itself) */
static inline __attribute__((always_inline)) double pair_begin(ssc_plfold_t *f, int64_t i, int64_t j, int type, int e0,
                                                               double **wb, int *wo)
{
    double h = hairpin(f, i, j, type);
    AT(f->hp, i, j) = h;
    if (j - i <= f->fspan) {
        *wb = f->wdump;
        if (f->wc && f->wfill + (f->fn - e0) <= WCAP) {
            *wb = f->wc + (size_t)(j & (f->wr - 1)) * WCAP, *wo = f->wfill - e0;
            AT(f->woff, i, j) = *wo, f->wfill += f->fn - e0;
        } else {
            AT(f->woff, i, j) = NO_W, *wo = -e0;
            if (f->wc) f->wnw[j & (f->wr - 1)] = 1;
        }
    }
    return h * f->scale[j - i + 1];
}

/* pair_inside's end: z (hairpin and interior loops) plus the multiloops closed by (i,j) */
static inline __attribute__((always_inline)) double pair_end(ssc_plfold_t *f, int64_t i, int64_t j, int type, double z)
{
    const ssc_th_pf_t *P = f->P;
    int si = V(f->S, i + 1), sj = V(f->S, j - 1);
    /* the multiloop's branches: the sum over k = i+2..j-1 of qm(i+1,k-1) qqm1(k) is qm2(i+1,j-1),
     * which column j-1 summed in the same order (from 0, k ascending, the same products); it
     * exists for i+1 <= j-1-TURN-1. A shorter interval holds no pair: every qm is 0, the sum +0 */
    double ml = i + 1 <= j - TURN - 2 ? AT(f->qm2, i + 1, j - 1) : 0.0;
    AT(f->mlc, i, j) = ssc_th_pf_mlstem(P, ssc_th_pf_rtype(type), sj, si);
    return z + ml * P->ml_closing * AT(f->mlc, i, j) * f->scale[2];
}

/* The flat list's rows k0 .. k1 for one outer pair (i,j) of span <= fspan and type type: z adds
 * their interior loops, entries ascending, each weight kept at wb[wo + e]. Row by row (the
 * column's row views, frows), so that u1 = k-i-1 is fixed and the tables by u1 + u2 and u1 - u2
 * are read at u2 from a row's base; the loops beyond MAXLOOP (a row's longest u2, its first
 * entries) are skipped, their weights never read; u1, u2 >= 3 (most entries) is MM_INT, taken
 * without the shape's test. The products are pair_inside's, in its order. Out of line: inlined
 * into forward, its loop spilled its pointers to the stack. */
static __attribute__((noinline)) double flat_rows(ssc_plfold_t *f, int64_t i, int type, int si, int sj,
                                                 const double *outer, int64_t k0, int64_t k1, double *wb, int wo, double z)
{
    const ssc_th_pf_t *P = f->P;
    const struct frow *fr = f->frows + (k0 - f->fkb);
    for (int u1 = (int)(k0 - i - 1); u1 <= k1 - i - 1; u1++, fr++) {
        int ne = fr->ne, x = 0, top = fr->top, sk = fr->sk, skip = top + u1 - MAXLOOP; /* u2 = top - d[x] */
        const uint16_t *d = fr->d;
        const double *rq = fr->rq, *rin = fr->rin;
        const uint8_t *sr = &f->selt[0][u1]; /* sel[u1][u2] = sr[u2 FLAT_EXT] */
        const double *in = f->intl + u1, *ni = f->ninv + FLAT_EXT + u1, *sc = f->fscl + u1 + 2;
        double *wr = wb + wo + fr->e;
        /* the partners of offset d < skip (u1 + u2 > MAXLOOP) are skipped: px of row k counts them */
        if (skip > 0) x = skip > top + 1 ? ne : fr->px[skip];
        if (u1 >= 3) { /* u1, u2 >= 3: MM_INT, the generic product without a shape test */
            int xs = fr->xs;
            for (double o0 = outer[MM_INT]; x < xs; x++) {
                int u2 = top - d[x];
                double w = in[u2] * o0 * rin[3 * x] * ni[-u2];
                wr[x] = w;
                z += rq[x] * w * sc[u2];
            }
        }
        for (; x < ne; x++) {
            int u2 = top - d[x], sh = sr[u2 * FLAT_EXT];
            double w;
            if (sh == MM_SPECIAL) w = ssc_th_pf_intloop(P, u1, u2, type, fr->rt[x], si, sj, sk, fr->rl[x]);
            else w = in[u2] * outer[sh] * rin[3 * x + sh] * ni[-u2];
            wr[x] = w;
            z += rq[x] * w * sc[u2];
        }
    }
    return z;
}

/* qb(i,j): hairpin + interior loops + multiloop closed by (i,j) (McCaskill 1990, eq. of
 * ViennaRNA's pf_fold; qqm1 holds the multiloop tails ending at j-1). */
static double pair_inside(ssc_plfold_t *f, int64_t i, int64_t j, int type)
{
    const ssc_th_pf_t *P = f->P;
    int si = V(f->S, i + 1), sj = V(f->S, j - 1), e0 = j - i <= f->fspan ? f->fstart[i + 1 - f->fkb] : 0, wo = 0;
    double *wb = NULL, z = pair_begin(f, i, j, type, e0, &wb, &wo);
    int64_t kmax = i + MAXLOOP + 1 < j - TURN - 2 ? i + MAXLOOP + 1 : j - TURN - 2;
    const mm_t mm[3] = { P->mm_interior, P->mm_1n, P->mm_23 };
    /* inner pairs (k,l) in the order k, then l ascending: the partner lists hold exactly
     * the pairing l, so the sum is 2.1.9's to the bit. Short outer pairs take them from the
     * column's flat list in one loop (u1 + u2 + 2 = k-i + j-l) */
    if (j - i <= f->fspan) {
        const double outer[3] = { mm[0][type][si][sj], mm[1][type][si][sj], mm[2][type][si][sj] };
        z = flat_rows(f, i, type, si, sj, outer, i + 1, j - TURN - 2, wb, wo, z);
        kmax = i; /* done */
    }
    for (int64_t k = i + 1; k <= kmax; k++) {
        int u1 = (int)(k - i - 1), sk = V(f->S, k - 1);
        int64_t l0 = k + TURN + 1 > j - 1 - MAXLOOP + u1 ? k + TURN + 1 : j - 1 - MAXLOOP + u1;
        const uint16_t *d = ROW(f->pd, k);
        const uint8_t *t = ROW(f->pt, k);
        /* partners l0 <= l < j: px of row k is set up to column j */
        for (int x = ROW(f->px, k)[l0 - k], xe = ROW(f->px, k)[j - k]; x < xe; x++) {
            int64_t l = k + d[x];
            z += AT(f->qb, k, l) *
                 intloop(f, mm, NULL, u1, (int)(j - l - 1), type, ssc_th_pf_rtype(t[x]), si, sj, sk, V(f->S, l + 1)) *
                 f->scale[k - i + j - l];
        }
    }
    return pair_end(f, i, j, type, z);
}

/* NC = 8 independent sums side by side, two vectors: lane c adds r(c, t) * x[t] for t = 0 ..
 * te-1 in ascending t, r(c, t) = base[((m0 + t) & cmask) * cl - t + c] (a column of qT or qmT
 * at rows from the chunk's first; cmask 0: mlrv). Lane c's sum is the interval starting c nt
 * after lane 0's, whose terms start at t = c: before that r(c, t) is 0 (the zeros after a
 * column's last row, mlrv's zeros), so it adds 0 * x = +0 and stays as it is; from t = c on
 * it adds the terms of one chain in its order, so each lane's result is that chain's. */
enum { NC = 8 };
static AVX2_CLONE void chains8(double *a, const double *base, int64_t m0, int64_t cmask, int64_t cl, const double *x,
                               int64_t te)
{
    v4d lo, hi;
    memcpy(&lo, a, sizeof lo), memcpy(&hi, a + 4, sizeof hi);
    for (int64_t t = 0; t < te;) {
        int64_t m = (m0 + t) & cmask, e = t + (cmask ? min64(te - t, cmask + 1 - m) : te - t); /* up to the ring's end */
        const double *p = base + m * cl - t;
        for (; t < e; t++, p += cl - 1) {
            double y = x[t];
            v4d yv = { y, y, y, y }, r0, r1;
            memcpy(&r0, p, sizeof r0), memcpy(&r1, p + 4, sizeof r1);
            lo += r0 * yv, hi += r1 * yv;
        }
    }
    memcpy(a, &lo, sizeof lo), memcpy(a + 4, &hi, sizeof hi);
}

/* Column j of q and qm into qT and qmT (rows ilo .. j, then the zeros). */
static void column_t(ssc_plfold_t *f, int64_t j, int64_t ilo)
{
    int64_t C = f->C, o = (j & f->cmask) * (C + 8) - j + C; /* + i: row i */
    for (int64_t i = ilo; i <= j; i++) f->qT[o + i] = AT(f->q, i, j), f->qmT[o + i] = AT(f->qm, i, j);
    for (int64_t i = j + 1; i <= j + 7; i++) f->qT[o + i] = 0., f->qmT[o + i] = 0.;
}

/* Forward's flat list for four outer pairs (i-c, j), c = 0..3, of span <= fspan, from row i+1
 * (where lane 0's entries start; the rows before it are each lane's own, summed by the caller)
 * to the list's end: lane c adds to z[c] and keeps its weights at wb[c][wo[c] + e]. Each lane
 * is one outer pair's sum, in its order (entries ascending) and with its products: the inner
 * loop of lane c is (u1 + c, u2), so the tables by u1 + u2, u1 - u2 and the shape tables by
 * u2 then u1 give the four lanes' values side by side (in the struct, so that one base
 * pointer a row reaches them all). The shape picks each lane's
 * outer and inner mismatch weights. A lane whose loop is beyond MAXLOOP (intl 0), or whose
 * outer pair does not pair (its outer weights 0), or of a special shape (no mismatch table
 * picked) weighs 0 and adds +0, which leaves its z as it is (its kept weight is never read);
 * a special one of a pairing lane is then weighed alone. */
static AVX2_CLONE void flat4(ssc_plfold_t *f, int64_t i, int64_t j, const int *ty, double *z, double *const *wb,
                             const int *wo)
{
    const ssc_th_pf_t *P = f->P;
    const mm_t mm[3] = { P->mm_interior, P->mm_1n, P->mm_23 };
    const v4i k0 = { 0, 0, 0, 0 }, k1 = { 1, 1, 1, 1 }, k2 = { 2, 2, 2, 2 };
    int sj = V(f->S, j - 1), si[4];
    unsigned tym = (ty[0] != 0) | (ty[1] != 0) << 1 | (ty[2] != 0) << 2 | (ty[3] != 0) << 3; /* the pairing lanes */
    v4d out[3], acc = { z[0], z[1], z[2], z[3] };
    double *w0 = wb[0] + wo[0], *w1 = wb[1] + wo[1], *w2 = wb[2] + wo[2], *w3 = wb[3] + wo[3];
    for (int c = 0; c < 4; c++) {
        si[c] = V(f->S, i - c + 1);
        for (int sh = 0; sh < 3; sh++) out[sh][c] = ty[c] ? mm[sh][ty[c]][si[c]][sj] : 0.;
    }
    /* row by row (u1 = k-i-1 fixed): every table at u1 from one base, b + offset + u2 * stride */
    for (int64_t k = i + 1; k <= j - TURN - 2; k++) {
        int u1 = (int)(k - i - 1), e = f->fstart[k - f->fkb], ee = f->fstart[k + 1 - f->fkb];
        int top = (int)(j - 1 - k), sk = V(f->S, k - 1); /* u2 = top - d[x] */
        size_t r = (size_t)(k & (FR - 1)) * FLAT_EXT;
        const uint16_t *d = ROW(f->pd, k) - e; /* by e */
        const char *b = (const char *)f + 8 * u1;
        const double *fin = f->rin + 3 * r, *rq = f->rqb + r - e; /* rq, rt, rl by e */
        const uint8_t *rt = f->rt2 + r - e, *rl = f->rsl + r - e;
        for (; e < ee; e++, fin += 3) {
            size_t u2 = (size_t)(top - d[e]);
            uint64_t p;
            v4d in, ni, sc, w, fq = { rq[e], rq[e], rq[e], rq[e] }, f0 = { fin[0], fin[0], fin[0], fin[0] };
            memcpy(&p, b + offsetof(struct ssc_plfold_s, sel4) + 8 * FLAT_EXT * u2, sizeof p);
            memcpy(&in, b + offsetof(struct ssc_plfold_s, intl) + 8 * u2, sizeof in);
            memcpy(&ni, b + offsetof(struct ssc_plfold_s, ninv) + 8 * FLAT_EXT - 8 * u2, sizeof ni);
            memcpy(&sc, b + offsetof(struct ssc_plfold_s, fscl) + 16 + 8 * u2, sizeof sc);
            if (p == 0) { /* MM_INT in every lane (most entries) */
                w = in * out[0] * f0 * ni;
            } else {
                v4d f1 = { fin[1], fin[1], fin[1], fin[1] }, f2 = { fin[2], fin[2], fin[2], fin[2] };
                v4i sh;
                memcpy(&sh, b + offsetof(struct ssc_plfold_s, selq) + 8 * FLAT_EXT * u2, sizeof sh);
                v4i m0 = sh == k0, m1 = sh == k1, m2 = sh == k2;
                v4i ob = ((v4i)out[0] & m0) | ((v4i)out[1] & m1) | ((v4i)out[2] & m2);
                v4i ib = ((v4i)f0 & m0) | ((v4i)f1 & m1) | ((v4i)f2 & m2);
                w = in * (v4d)ob * (v4d)ib * ni;
                if (p >> 63) /* the pairing lanes whose shape is MM_SPECIAL */
                    for (unsigned m = (unsigned)(p >> 56) & tym; m; m &= m - 1) {
                        int c = __builtin_ctz(m);
                        w[c] = ssc_th_pf_intloop(P, u1 + c, (int)u2, ty[c], rt[e], si[c], sj, sk, rl[e]);
                    }
            }
            acc += fq * w * sc;
            w0[e] = w[0], w1[e] = w[1], w2[e] = w[2], w3[e] = w[3];
        }
    }
    z[0] = acc[0], z[1] = acc[1], z[2] = acc[2], z[3] = acc[3];
}

/* qb of the four outer pairs (i-c, j), c = 0..3, span <= fspan, as pair_inside would give each
 * (0 for those of type 0): every lane's own rows of the flat list one entry at a time, the
 * rows common to all in flat4. */
static void pair_inside4(ssc_plfold_t *f, int64_t i, int64_t j, const int *ty, double *qb)
{
    const ssc_th_pf_t *P = f->P;
    const mm_t mm[3] = { P->mm_interior, P->mm_1n, P->mm_23 };
    int e00 = f->fstart[i + 1 - f->fkb], wo[4], sj = V(f->S, j - 1);
    double z[4], *wb[4];
    for (int c = 0; c < 4; c++) {
        int64_t ic = i - c;
        int si = V(f->S, ic + 1), e0 = f->fstart[ic + 1 - f->fkb];
        z[c] = 0., wb[c] = f->wdump, wo[c] = -e00;
        if (!ty[c]) continue;
        z[c] = pair_begin(f, ic, j, ty[c], e0, wb + c, wo + c);
        const double outer[3] = { mm[0][ty[c]][si][sj], mm[1][ty[c]][si][sj], mm[2][ty[c]][si][sj] };
        z[c] = flat_rows(f, ic, ty[c], si, sj, outer, ic + 1, i, wb[c], wo[c], z[c]); /* rows ic+1 .. i */
    }
    flat4(f, i, j, ty, z, wb, wo);
    for (int c = 0; c < 4; c++) qb[c] = ty[c] ? pair_end(f, i - c, j, ty[c], z[c]) : 0.;
}

/* Column j's bookkeeping of the interval [i,j] once qb(i,j) is known: the partner lists, the
 * multiloop and exterior tails of i. */
static inline __attribute__((always_inline)) void interval_tails(ssc_plfold_t *f, int64_t i, int64_t j, int type, double qbij)
{
    const ssc_th_pf_t *P = f->P;
    int n5 = code_or_none(f, i - 1), n3 = code_or_none(f, j + 1);
    AT(f->qb, i, j) = qbij;
    if (type) { /* j is row i's largest partner so far */
        AT(f->mlo, i, j) = ssc_th_pf_mlstem(P, type, n5, n3);
        ROW(f->pd, i)[V(f->pn, i)] = (uint16_t)(j - i);
        ROW(f->pt, i)[V(f->pn, i)++] = (uint8_t)type;
    }
    /* multiloop tails: branches starting at i, then unpaired up to j. Multiloop parts
     * are read only inside a pair (of span <= span), so longer intervals are skipped;
     * qqm's chain over columns stays closed (column j reads column j-1 from j-span-1). */
    if (j - i <= f->span + 1) {
        V(f->qqm, i) = V(f->qqm1, i) * f->mlbase[1];
        if (type) V(f->qqm, i) += qbij * AT(f->mlo, i, j);
    }
    /* exterior: a helix starting at i, then unpaired up to j */
    V(f->qq, i) = V(f->qq1, i) * f->scale[1] + (type ? qbij * ssc_th_pf_extstem(P, type, n5, n3) : 0.0);
}

/* The pair (i,j) just added to row i's partners (as its last, x): its row record, when a
 * later column's flat list can read it (j - i < FLAT_EXT). */
static inline void row_record(ssc_plfold_t *f, int64_t i, int64_t j, int type, double qbij)
{
    size_t r = (size_t)(i & (FR - 1)) * FLAT_EXT + (size_t)V(f->pn, i) - 1;
    int t2 = ssc_th_pf_rtype(type), sl = V(f->S, j + 1);
    if (j - i >= FLAT_EXT) return;
    f->rqb[r] = qbij, f->rt2[r] = (uint8_t)t2, f->rsl[r] = (uint8_t)sl;
    inner_mm(f->P, t2, sl, V(f->S, i - 1), f->rin + 3 * r);
}

/* One column j of the inside arrays: every interval [i,j] of at most W nt. First every qb(i,j)
 * (they read earlier columns only), then the tails qq(i), qqm(i) of this column, then the sums
 * q(i,j), qm2(i,j), qm(i,j), which read those tails and earlier columns, NC intervals at a time. */
static void forward(ssc_plfold_t *f, int64_t j)
{
    int64_t i, k, ilo = j - f->W + 1 > 1 ? j - f->W + 1 : 1, ihi = j - TURN - 1, mlo;
    double *t, *xq = f->xq, *xm = f->xm;
    new_row(f, j);
    /* q(i,j) of intervals that hold no pair (i > ihi) and of j-W (outside the window); the
     * exterior sums below write those of ilo .. ihi */
    if (j - f->W >= 1) AT(f->q, j - f->W, j) = f->scale[f->W + 1];
    for (i = max64(ilo, ihi + 1); i <= j; i++) AT(f->q, i, j) = f->scale[j - i + 1];
    /* where the partners of offset >= j-i start in each row's list (none of j yet) */
    for (i = max64(1, j - f->span - 1); i <= j; i++) ROW(f->px, i)[j - i] = V(f->pn, i);
    if (j < TURN + 2) {
        column_t(f, j, ilo);
        return;
    }
    /* the flat list of inner pairs for the outer pairs (i,j) of span <= fspan: rows
     * from i+1 up, every partner l < j (those pn counts before j joins the lists) */
    f->fkb = max64(ilo + 1, j - f->fspan + 1), f->fn = 0;
    for (k = f->fkb; k <= ihi + 1; k++) { /* rows ihi, ihi + 1: no inner pairs */
        struct frow *fr = f->frows + (k - f->fkb);
        size_t r = (size_t)(k & (FR - 1)) * FLAT_EXT;
        int top = (int)(j - 1 - k), ne = k < ihi ? V(f->pn, k) : 0;
        fr->d = ROW(f->pd, k), fr->px = ROW(f->px, k), fr->rq = f->rqb + r, fr->rin = f->rin + 3 * r;
        fr->rt = f->rt2 + r, fr->rl = f->rsl + r, fr->e = f->fn, fr->ne = ne, fr->top = top, fr->sk = V(f->S, k - 1);
        /* the partners of u2 >= 3, offset < top - 2: px counts them (beyond span + 1, all) */
        fr->xs = ne && top - 2 <= f->span + 1 ? fr->px[top - 2] : ne;
        f->fstart[k - f->fkb] = f->fn, f->fn += ne;
    }
    if (f->wc) {
        int c = (int)(j & (f->wr - 1));
        memcpy(f->wst + (size_t)c * (FLAT_ROWS + 2), f->fstart, sizeof(int) * (size_t)(ihi + 2 - f->fkb));
        f->wkb[c] = f->fkb, f->wfill = 0, f->wnw[c] = 0;
    }
    /* qb of the column, i descending; four outer pairs at a time where at least three of them
     * pair and all read the flat list (qb(i,j) reads earlier columns only, and row i's partner
     * list gets j after pair_inside of i-1 .. i-3 read it up to column j-1: the same values) */
    for (i = ihi; i >= ilo;) {
        int ty[4] = { ptype(f, i, j), 0, 0, 0 }, g = 1;
        double qb4[4];
        if (i - 3 >= ilo && j - i + 3 <= f->fspan) {
            ty[1] = ptype(f, i - 1, j), ty[2] = ptype(f, i - 2, j), ty[3] = ptype(f, i - 3, j);
            if ((ty[0] != 0) + (ty[1] != 0) + (ty[2] != 0) + (ty[3] != 0) >= 3) g = 4;
        }
        if (g == 4) pair_inside4(f, i, j, ty, qb4);
        else qb4[0] = ty[0] ? pair_inside(f, i, j, ty[0]) : 0.0;
        for (int c = 0; c < g; c++) {
            interval_tails(f, i - c, j, ty[c], qb4[c]);
            if (ty[c]) row_record(f, i - c, j, ty[c], qb4[c]);
        }
        i -= g;
    }
    /* the tails by position, out of the ring: xq[k - ilo] = qq(k + 1), xm[k - ilo] = qqm(k) */
    for (k = ilo; k <= j; k++) xq[k - ilo] = V(f->qq, k + 1), xm[k - ilo] = V(f->qqm, k);
    /* multiloop parts: qm2(i,j) = sum over k = i+1..j of qm(i,k-1) qqm(k), then qm(i,j) goes
     * on with mlbase[k-i] qqm(k) and adds qqm(i) */
    mlo = max64(ilo, j - f->span - 1);
    for (i = mlo; i <= ihi; ) {
        double a[NC] = { 0.0 };
        const double *r = ROW(f->qm, i) + 1; /* the one interval's row, when nc is 1 */
        int nc = ihi - i + 1 >= NC ? NC : 1;
        if (nc == NC) chains8(a, f->qmT + f->C, i, f->cmask, f->C + 8, xm + (i + 1 - ilo), j - i);
        else for (k = i + 1; k <= j; k++) a[0] += r[k - i - 1] * xm[k - ilo];
        for (int c = 0; c < nc; c++) AT(f->qm2, i + c, j) = a[c];
        if (nc == NC) chains8(a, f->mlrv + f->C, 0, 0, 0, xm + (i + 1 - ilo), j - i);
        else for (k = i + 1; k <= j; k++) a[0] += f->mlbase[k - i] * xm[k - ilo];
        for (int c = 0; c < nc; c++) AT(f->qm, i + c, j) = a[c] + V(f->qqm, i + c);
        i += nc;
    }
    /* exterior: q(i,j) = scale + qq(i) + sum over k = i..j-1 of q(i,k) qq(k+1) */
    for (i = ilo; i <= ihi; ) {
        double a[NC];
        const double *r = ROW(f->q, i) + 1; /* the one interval's row, when nc is 1 */
        int nc = ihi - i + 1 >= NC ? NC : 1;
        for (int c = 0; c < nc; c++) a[c] = 1.0 * f->scale[1 + j - i - c] + V(f->qq, i + c);
        if (nc == NC) chains8(a, f->qT + f->C, i, f->cmask, f->C + 8, xq + (i - ilo), j - i);
        else for (k = i; k <= j - 1; k++) a[0] += r[k - i] * xq[k - ilo];
        for (int c = 0; c < nc; c++) AT(f->q, i + c, j) = a[c];
        i += nc;
    }
    column_t(f, j, ilo);
    t = f->qq1, f->qq1 = f->qq, f->qq = t;
    t = f->qqm1, f->qqm1 = f->qqm, f->qqm = t;
}


/* One inner pair (k,l)'s exterior sum: z plus the windows [w, w+W-1] for w0 <= w < w1, each
 * with the exterior outside weight of (k,l) over its partition function. */
static inline double window_sum(const ssc_plfold_t *f, int64_t k, int64_t l, int64_t w0, int64_t w1, double z)
{
    for (int64_t w = w0; w < w1; w++)
        z += AT(f->q, w, k - 1) * AT(f->q, l + 1, w + f->W - 1) / AT(f->q, w, w + f->W - 1);
    return z;
}

/* Then the windows that end or start at the pair. */
static double window_ends(const ssc_plfold_t *f, int64_t k, int64_t l, double z)
{
    int64_t W = f->W, n = f->n;
    if (l - k + 1 == W) {
        z += 1. / AT(f->q, k, l);
    } else {
        if (k + W - 1 <= n) z += AT(f->q, l + 1, k + W - 1) / AT(f->q, k, k + W - 1);
        if (l - W + 1 >= 1) z += AT(f->q, l - W + 1, k - 1) / AT(f->q, l - W + 1, l);
    }
    return z;
}

/* The vector steps of outside: XL = 4 doubles a vector (v4d and AVX2_CLONE above). */
enum { XL = 4 };

/* XL inner pairs side by side: lane c is ol[c]'s sum, windows a ascending from the last
 * lane's first window (the windows before it were added lane by lane), with the same
 * product and quotient as one pair's loop. The quotients of one window share its divisor. */
AVX2_CLONE static void exterior_lanes(const ssc_plfold_t *f, int64_t k, const struct oi_l *ol, int64_t a0, double *zs)
{
    int64_t W = f->W, ae = min64(k, f->n - W + 2);
    const double *r[XL];
    int64_t c[XL];
    v4d z;
    for (int x = 0; x < XL; x++) r[x] = ROW(f->q, ol[x].l + 1), c[x] = W - 1 - ol[x].l, z[x] = zs[x];
    for (int64_t a = a0; a < ae; a++) { /* r[x][a + c[x]] = q(l+1, a+W-1) */
        double xq = AT(f->q, a, k - 1), d = AT(f->q, a, a + W - 1);
        v4d y = { r[0][a + c[0]], r[1][a + c[1]], r[2][a + c[2]], r[3][a + c[3]] };
        z += xq * y / d;
    }
    for (int x = 0; x < XL; x++) zs[x] = z[x];
}

/* y[t] += a[t] * b[t] * c and y[t] += a[t] * c for t < n: every element its own sum, XL at a
 * time, each with the products of the scalar loop in its order. */
static inline void add_prod3(double *restrict y, const double *restrict a, const double *restrict b, double c, int64_t n)
{
    int64_t t = 0;
    for (; t + XL <= n; t += XL) {
        v4d vy, va, vb;
        memcpy(&vy, y + t, sizeof vy), memcpy(&va, a + t, sizeof va), memcpy(&vb, b + t, sizeof vb);
        vy += va * vb * c;
        memcpy(y + t, &vy, sizeof vy);
    }
    for (; t < n; t++) y[t] += a[t] * b[t] * c;
}

static inline void add_prod2(double *restrict y, const double *restrict a, double c, int64_t n)
{
    int64_t t = 0;
    for (; t + XL <= n; t += XL) {
        v4d vy, va;
        memcpy(&vy, y + t, sizeof vy), memcpy(&va, a + t, sizeof va);
        vy += va * c;
        memcpy(y + t, &vy, sizeof vy);
    }
    for (; t < n; t++) y[t] += a[t] * c;
}

/* Exterior parts of pR(k,l) for the inner pairs of ol[0..nl-1] (l ascending): each z, which
 * holds the pair's exterior stem, becomes the sum over windows times the stem. */
static void outside_exterior(const ssc_plfold_t *f, int64_t k, struct oi_l *ol, int nl)
{
    int64_t W = f->W, ae = min64(k, f->n - W + 2); /* windows start before ae */
    int a = 0;
    for (; a + XL <= nl; a += XL) {
        double zs[XL];
        int64_t top = max64(1, ol[a + XL - 1].l - W + 2); /* the last lane's first window */
        for (int x = 0; x < XL; x++) /* each lane's windows before top */
            zs[x] = window_sum(f, k, ol[a + x].l, max64(1, ol[a + x].l - W + 2), min64(top, ae), 0.0);
        exterior_lanes(f, k, ol + a, top, zs);
        for (int x = 0; x < XL; x++) ol[a + x].z = window_ends(f, k, ol[a + x].l, zs[x]) * ol[a + x].z;
    }
    for (; a < nl; a++) ol[a].z = window_ends(f, k, ol[a].l, window_sum(f, k, ol[a].l, max64(1, ol[a].l - W + 2), ae, 0.0)) * ol[a].z;
}

/* intloop for outside's marked outer pairs, out of line (rare; it would take the hot
 * loop's registers) */
static __attribute__((noinline)) double intloop_out(const ssc_plfold_t *f, int64_t u1, int u2, int type, int type2,
                                                     int si, int sj, int sp, int sq)
{
    return ssc_th_pf_intloop(f->P, (int)u1, u2, type, type2, si, sj, sp, sq);
}

/* One outer pair (i,m) around (k,l) of weight e, pR(i,m) = pim, scale s: its terms of pR(k,l)
 * (z), of qi5(l, m-l-1) (q5) and of qi5(i, k-i-1) (side), each product in its fixed order. */
static inline __attribute__((always_inline)) void oi_term(double pim, double e, double s, double qbkl, double *z,
                                                          double *q5, double *side)
{
    double tt = pim * qbkl * e * s;
    *z += pim * e * s;
    *q5 += tt;
    *side += tt;
}

/* The terms of (k,l) for the outer pairs (i,m), m = i + d[x] for x0 <= x < xe, whose weights
 * forward kept (at wk[cbi[m - i] + wo[m - i]]); pR(i,m), scale[k-i+1+u2] and qi5(l, u2) by
 * u2 = m - i - doff = m - l - 1. oi_term's sums in the order of x; returns z. */
static inline __attribute__((always_inline)) double oi_kept(const uint16_t *restrict d, const int64_t *restrict cbi,
                                                            const int *restrict wo, const double *restrict wk,
                                                            const double *restrict pr, const double *restrict sc,
                                                            double *restrict q5, int64_t doff, int x, int xe, double qbkl,
                                                            double z, double *side)
{
    for (; x < xe; x++) {
        int64_t dx = d[x], u2 = dx - doff;
        oi_term(pr[u2], wk[cbi[dx] + wo[dx]], sc[u2], qbkl, &z, q5 + u2, side);
    }
    return z;
}

/* outside_interior for one outer left end i when every weight it reads was kept and none
 * is marked: the inner pairs ol[0..nl-1] in ascending l, for each the partners m of i with
 * l < m <= min(l + ci, mtop) ascending (by row i's px and pd; xtop: the partners up to mtop);
 * pR(i,m) at pr1[m - i], the weight at ol's wk[cbi[m - i] + wo[m - i]], scale[k-i+1+u2] at
 * sc[u2]. Adds to each z and q5 row; returns side with its terms added in the order of l, then
 * m. A leaf with few live values, so that its loops keep them in registers. */
static __attribute__((noinline)) double oi_row(struct oi_l *restrict ol, int nl, int64_t i, const uint16_t *px,
                                               const uint16_t *restrict d, const int64_t *restrict cbi,
                                               const int *restrict wo, const double *restrict pr1,
                                               const double *restrict sc, int64_t ci, int64_t mtop, int xtop, double side)
{
    for (int a = 0; a < nl; a++) {
        struct oi_l *o = ol + a;
        int64_t l = o->l;
        if (l >= mtop) break; /* nor any larger l */
        int x = px[l + 1 - i], xe = l + ci >= mtop ? xtop : px[l + ci + 1 - i];
        if (x < xe) o->z = oi_kept(d, cbi, wo, o->wk, pr1 + (l + 1 - i), sc, o->q5, l + 1 - i, x, xe, o->qbkl, o->z, &side);
    }
    return side;
}

/* Interior loops closed by an outer pair (i,m) around the inner pairs (k,l) of ol[0..nl-1]
 * (l ascending, z their exterior parts): adds to their z and to qi5 of each loop's two
 * unpaired sides (u >= 1 always). Outer left ends i ascending, and for each i the inner pairs
 * in ascending l, so every sum keeps the order of one pair at a time: z of (k,l) over i then m,
 * qi5(i, k-i-1) over l then m, qi5(l, u2) over i. */
static void outside_interior(ssc_plfold_t *f, int64_t k, struct oi_l *ol, int nl)
{
    const ssc_th_pf_t *P = f->P;
    int64_t i, m, n = f->n, W = f->W;
    int sk = V(f->S, k - 1);
    const mm_t mm[3] = { P->mm_interior, P->mm_1n, P->mm_23 };
    if (nl == 0) return;
    /* the kept weight of the loop (i,m) around (k,l) is at wk[cb[m - k] + woff(i,m)]: cb the
     * place of row k's entries in column m's block (outer pairs (i,m), i < k, of span <=
     * fspan and < W, so m <= mhi; MAXLOOP + 2 entries before it so that cb + (i - k) is
     * inside the buffer); nwp[m - k] counts the marked columns up to m */
    int64_t *cb = f->ocp + (MAXLOOP + 2), *nwp = cb + (FLAT_EXT + 2), mhi = min64(min64(n, k + f->fspan - 1), k + W - 2);
    if (f->wc) {
        nwp[TURN + 1] = 0;
        for (m = k + TURN + 2; m <= mhi; m++) {
            int c = (int)(m & (f->wr - 1));
            cb[m - k] = (int64_t)c * WCAP + f->wst[(size_t)c * (FLAT_ROWS + 2) + (k - f->wkb[c])];
            nwp[m - k] = nwp[m - 1 - k] + f->wnw[c];
        }
    }
    for (int a = 0; a < nl; a++) {
        struct oi_l *o = ol + a;
        int64_t me = min64(mhi, o->l + 1 + MAXLOOP); /* the last kept column */
        o->ctop = -1, o->nw = 0, o->wk = NULL, o->q5 = ROW(f->qi5, o->l);
        if (f->wc && me > o->l) {
            o->ctop = (int)(me - o->l - 1), o->nw = nwp[me - k] != nwp[o->l - k];
            o->wk = f->wc + ROW(f->px, k)[o->l - k];
        }
    }
    /* oi_row for every i when every weight read is kept (then xs = xe below: mmax <= i + span
     * <= i + fspan, and mmax <= me) and no inner pair (k,l) reads a marked outer pair */
    int fast = f->wc && f->span <= f->fspan && !f->oi_plain;
    for (int a = 0; a < nl && fast; a++) fast = !ol[a].nw;
    for (i = max64(max64(ol[0].l - W + 1, k - MAXLOOP - 1), 1); i <= k - 1; i++) {
        /* mmax = min(l + MAXLOOP - k + i + 2, mtop): i + W - 1 >= l for the l below mtop */
        int64_t mtop = min64(min64(i + W - 1, n), i + f->span);
        const uint16_t *px = ROW(f->px, i), *d = ROW(f->pd, i);
        const uint8_t *t = ROW(f->pt, i);
        int si = V(f->S, i + 1), np = V(f->pn, i), fspan = f->fspan;
        double side = ROW(f->qi5, i)[k - i - 1]; /* qi5(i, k-i-1), its terms added in the same order in a register */
        /* by u2 = m - l - 1: pR(i,m) at prow[l - i + 2 + u2], scale[k-i + m-l]; by m - i: woff(i,m) */
        const double *restrict prow = ROW(f->pR, i), *restrict sc = f->scale + (k - i + 1);
        const int *restrict wo = ROW(f->woff, i) + 1;
        const int64_t *cbi = cb + (i - k); /* by m - i, as pr1 = pR(i,m) */
        const double *pr1 = prow + 1;
        if (ol[0].l >= mtop) continue;
        if (fast) {
            int xtop = mtop == n ? np : px[mtop + 1 - i]; /* px[d] is set for columns <= n only */
            ROW(f->qi5, i)[k - i - 1] = oi_row(ol, nl, i, px, d, cbi, wo, pr1, sc, MAXLOOP + 2 - (k - i), mtop, xtop, side);
            continue;
        }
        for (int a = 0; a < nl; a++) {
            const struct oi_l *o = ol + a;
            int64_t l = o->l;
            if (l >= mtop) break; /* nor any larger l */
            int64_t mmax = min64(l + MAXLOOP - k + i + 2, mtop);
            /* the partners l < m <= mmax of i, ascending (px of row i is set up to column
             * k+W > mmax, or n); a pair of zero pR adds zeros, so no test; none, nothing to add */
            int x = px[l + 1 - i], xe = mmax == n ? np : px[mmax + 1 - i];
            if (x >= xe) continue;
            const double *restrict pr = prow + (l - i + 2);
            const double *wk = o->wk;
            double *restrict q5 = o->q5;
            double z = o->z, qbkl = o->qbkl;
            int doff = (int)(l + 1 - i), lim = o->ctop < fspan - doff ? o->ctop : fspan - doff;
            /* the partners of u2 <= lim first (m <= l + 1 + lim: their weights are kept, unless
             * the outer pair is marked), then the others */
            int xs = l + 1 + lim >= mmax ? xe : px[l + 2 + lim - i];
            if (!o->nw)
                for (; x < xs; x++) {
                    int dx = d[x], u2 = dx - doff;
                    double pim = pr1[dx], e = wk[cbi[dx] + wo[dx]];
                    oi_term(pim, e, sc[u2], qbkl, &z, q5 + u2, &side);
                }
            for (; x < xs; x++) {
                int dx = d[x], u2 = dx - doff, ow = wo[dx];
                double pim = pr[u2],
                       e = ow != NO_W ? wk[cbi[dx] + ow] : intloop_out(f, k - i - 1, u2, t[x], o->t2, si, V(f->S, l + u2), sk, o->sl);
                oi_term(pim, e, sc[u2], qbkl, &z, q5 + u2, &side);
            }
            for (; x < xe; x++) {
                int dx = d[x], u2 = dx - doff;
                double pim = pr[u2], e = intloop(f, mm, o->inner, (int)(k - i - 1), u2, t[x], o->t2, si, V(f->S, l + u2), sk, o->sl);
                oi_term(pim, e, sc[u2], qbkl, &z, q5 + u2, &side);
            }
            ol[a].z = z;
        }
        ROW(f->qi5, i)[k - i - 1] = side;
    }
}

/* (k,l) as a branch of a multiloop closed by (i,m), m > l (k > 1): accumulators over m. Every
 * term with m - i > span is an exact zero (pR(i,m) = 0 and prm_l(m) = 0 beyond k-1+span), so
 * the loops stop there without changing a bit. Three passes over l, each sum in its
 * single-loop order: the sums over i (independent across l, so all l side by side), the
 * chains over m in descending l, then the pairs' sums over m. */
AVX2_CLONE static void outside_multi(ssc_plfold_t *f, int64_t k)
{
    const ssc_th_pf_t *P = f->P;
    int64_t l, m, i, n = f->n, W = f->W;
    double mlb = 0.;
    int64_t ltop = min64(min64(n - 1, k + W - 2), k + f->span), lbot = k + TURN + 1, span = f->span;
    int64_t mtop = min64(min64(k + W - 2, n), k + span);
    double *restrict pm = f->om, *mlbs = f->omlb, *pl = f->opl, *pd = f->opd; /* by l - k, m - k */
    for (l = lbot; l <= ltop; l++) pm[l - k] = 0.0;
    /* prmt(l) = sum over i of pR(i,l+1) mlc(i,l+1) qm(i+1,k-1), i from max(1, l-W+2,
     * l+1-span) up: a zero pR is a zero term (the stems of non-pairs are finite), so
     * no test */
    for (i = max64(max64(1, lbot - W + 2), lbot + 1 - span); i < k - 1; i++) {
        double c = AT(f->qm, i + 1, k - 1);
        const double *restrict pr = ROW(f->pR, i), *restrict ms = ROW(f->mlc, i);
        int64_t lend = min64(ltop, min64(i + W - 2, i - 1 + span));
        add_prod3(pm + (lbot - k), pr + (lbot - i + 2), ms + (lbot - i + 2), c, lend - lbot + 1);
    }
    for (l = ltop; l >= lbot; l--) {
        double prmt, prmt1;
        m = l + 1;
        /* the cached stems exist for pairs only; a zero pR is a zero term either way */
        prmt1 = AT(f->pR, k - 1, m) != 0 ? AT(f->pR, k - 1, m) * P->ml_closing * AT(f->mlc, k - 1, m) : 0.0;
        prmt = pm[l - k] * P->ml_closing;
        V(f->prml, m) = prmt;
        V(f->prm_l, m) = V(f->prm_l1, m) * f->mlbase[1] + prmt1;
        mlb = mlb * f->mlbase[1] + V(f->prml, m);
        V(f->prml, m) = V(f->prml, m) + V(f->prm_l, m);
        mlbs[l - k] = mlb;
    }
    for (m = lbot + 2; m <= mtop; m++) pl[m - k] = V(f->prml, m), pd[m - k] = V(f->prml, m) - V(f->prm_l, m);
    for (l = ltop; l >= lbot; l--) {
        double z;
        if (AT(f->qb, k, l) == 0.) continue;
        if (f->u) {
            double dang = AT(f->qb, k, l) * AT(f->mlo, k, l) * f->scale[2];
            double *restrict qmb = ROW(f->qmb, l), *restrict q2l = ROW(f->q2l, l);
            add_prod2(qmb + 1, pl + (l + 2 - k), dang, mtop - l - 1); /* m = l+2 .. mtop */
            add_prod2(q2l + 1, pd + (l + 2 - k), dang, mtop - l - 1);
        }
        z = mlbs[l - k];
        {
            const double *qm = ROW(f->qm, l + 1);
            for (m = mtop; m >= l + 2; m--) z += pl[m - k] * qm[m - 1 - l];
        }
        z *= AT(f->mlo, k, l) * f->scale[2];
        AT(f->pR, k, l) += z;
    }
}

/* V(a, x) = 0 for lo <= x <= hi (hi - lo < R): one or two runs of the ring. */
static void ring_zero(const ssc_plfold_t *f, double *a, int64_t lo, int64_t hi)
{
    int64_t r = lo & f->mask, e = r + (hi - lo) + 1;
    if (hi < lo) return;
    if (e <= f->R) {
        memset(a + r, 0, sizeof *a * (size_t)(e - r));
    } else {
        memset(a + r, 0, sizeof *a * (size_t)(f->R - r));
        memset(a, 0, sizeof *a * (size_t)(e - f->R));
    }
}

/* Row k of the outside weights, at step j = k + W (every window containing row k known). */
static void outside(ssc_plfold_t *f, int64_t k)
{
    const ssc_th_pf_t *P = f->P;
    int64_t l, n = f->n, W = f->W;
    double *t;
    ring_zero(f, f->prml, k, min64(n, k + W)), ring_zero(f, f->prm_l, k, min64(n, k + W));
    V(f->prm_l1, k) = 0;
    for (l = k + TURN + 1; l <= min64(n, k + W - 1); l++) AT(f->pR, k, l) = 0;
    int nl = 0, sk = V(f->S, k - 1);
    for (l = k + TURN + 1; l <= min64(n, min64(k + W - 1, k + f->span)); l++) {
        int type = ptype(f, k, l), t2 = ssc_th_pf_rtype(type), sl = V(f->S, l + 1);
        struct oi_l *o = f->ol + nl;
        if (AT(f->qb, k, l) == 0) continue;
        o->l = l, o->t2 = t2, o->sl = sl, o->qbkl = AT(f->qb, k, l);
        inner_mm(P, t2, sl, sk, o->inner);
        o->z = ssc_th_pf_extstem(P, type, code_or_none(f, k - 1), code_or_none(f, l + 1)); /* times the sum below */
        nl++;
    }
    outside_exterior(f, k, f->ol, nl);
    outside_interior(f, k, f->ol, nl);
    for (int a = 0; a < nl; a++) AT(f->pR, k, f->ol[a].l) = f->ol[a].z;
    if (k > 1) outside_multi(f, k);
    t = f->prm_l1, f->prm_l1 = f->prm_l, f->prm_l = t;
}

/* Clear the pU rows up to last before their first use. */
static void pu_rows(ssc_plfold_t *f, int64_t last)
{
    while (f->pu_top < last) memset(PU(++f->pu_top), 0, sizeof(double) * f->NU);
}

/* Hairpins and multiloops enclosing the stretch k+1..k+u by any pair (i5,j3) around it:
 * the longest stretch gets these directly, the shorter ones through the chain below. */
static double enclosed_longest(const ssc_plfold_t *f, int64_t k)
{
    const ssc_th_pf_t *P = f->P;
    int64_t i5, j3, u = f->u, W = f->W, n = f->n;
    double sum = 0.0;
    for (i5 = max64(k + u - W + 1, 1); i5 <= k; i5++) {
        int64_t d0 = k + u + 1 - i5, jmax = min64(n, i5 + W - 1);
        if (d0 > f->span || i5 + d0 > jmax) continue; /* no partner in range (px[d0] not set) */
        for (int x = ROW(f->px, i5)[d0]; x < V(f->pn, i5); x++) { /* pairs (i5,j3), j3 ascending */
            double t;
            j3 = i5 + ROW(f->pd, i5)[x];
            if (j3 > jmax) break;
            t = i5 < k ? AT(f->qm2, i5 + 1, k) * f->mlbase[j3 - k - 1] : 0.;
            if (j3 - 1 > k + u) t += AT(f->qm2, k + u + 1, j3 - 1) * f->mlbase[k + u - i5];
            if (i5 < k && j3 - 1 > k + u)
                t += AT(f->qm, i5 + 1, k) * AT(f->qm, k + u + 1, j3 - 1) * f->mlbase[u];
            t *= AT(f->mlc, i5, j3) *
                 f->scale[2] * P->ml_closing;
            t += AT(f->hp, i5, j3) * f->scale[j3 - i5 + 1];
            t *= AT(f->pR, i5, j3);
            sum += t;
        }
    }
    return sum;
}

/* paired_then_unpaired's multiloop sums for len = 1..u-1 (u >= 5), four lengths a vector:
 * lane c of the block at len0 is len0+c, whose terms start at obp = k+len+TURN (the branch
 * after the stretch) and at offset len+2 TURN (the closing pairs); until a lane's start its
 * qm or qm2 is taken as 0, so it adds 0 * ... = +0 and its sum stays as it is. Each lane adds
 * its terms in its own order with its products, as the one-length loops did. The last block
 * may overlap the one before: the results go to qbt and then to qbe. */
static AVX2_CLONE void ptu_lanes(ssc_plfold_t *f, int64_t k)
{
    const ssc_th_pf_t *P = f->P;
    int64_t u = f->u, n = f->n, omax = min64(n, k + f->W - 1), omax2 = min64(omax, k + f->span);
    const double *qmb = ROW(f->qmb, k);
    double *qbe = f->qbe, *qbt = f->qbt;
    const v4d cl = { P->ml_closing, P->ml_closing, P->ml_closing, P->ml_closing };
    for (int64_t l0 = 1;; l0 += 4) {
        if (l0 > u - 4) l0 = u - 4;
        const double *qr[4], *mr[4]; /* rows k+len+1 of qm and qm2 */
        v4d acc = { qbe[l0], qbe[l0 + 1], qbe[l0 + 2], qbe[l0 + 3] }, mb, zero = { 0., 0., 0., 0. };
        memcpy(&mb, f->mlbase + l0, sizeof mb);
        for (int c = 0; c < 4; c++) qr[c] = ROW(f->qm, k + l0 + c + 1), mr[c] = ROW(f->qm2, k + l0 + c + 1);
        /* AT(qm, k+len+1, obp-1) = qr[c][obp - k - len - 1] */
        int64_t obp = k + l0 + TURN;
        for (; obp <= omax2 && obp < k + l0 + TURN + 3; obp++) { /* lanes 1-3 start in these */
            int64_t o = obp - k - l0 - 1; /* lane c's index o - c, >= 2 - c */
            double y = qmb[obp - k - 1];
            v4d yv = { y, y, y, y }, q = zero;
            q[0] = qr[0][o];
            if (o >= 3) q[1] = qr[1][o - 1];
            if (o >= 4) q[2] = qr[2][o - 2];
            acc += yv * q * mb;
        }
        for (; obp <= omax2; obp++) { /* o >= 5: every lane */
            int64_t o = obp - k - l0 - 1;
            double y = qmb[obp - k - 1];
            v4d yv = { y, y, y, y }, q = { qr[0][o], qr[1][o - 1], qr[2][o - 2], qr[3][o - 3] };
            acc += yv * q * mb;
        }
        int64_t d0 = l0 + TURN + TURN;
        if (d0 <= f->span && k + d0 <= omax) /* px[d0] is set for columns <= n only */
            for (int x = ROW(f->px, k)[d0], xe = V(f->pn, k); x < xe; x++) { /* pairs (k,obp), obp ascending */
                int64_t obp = k + ROW(f->pd, k)[x], o = obp - k - l0 - 1, dd = obp - k - d0; /* lane c from dd >= c */
                if (obp > omax) break;
                double m = AT(f->mlc, k, obp) * f->scale[2], pr = AT(f->pR, k, obp);
                v4d mv = { m, m, m, m }, pv = { pr, pr, pr, pr }, q = { mr[0][o], 0., 0., 0. };
                if (dd >= 3) q[1] = mr[1][o - 1], q[2] = mr[2][o - 2], q[3] = mr[3][o - 3]; /* most pairs */
                else if (dd >= 1) q[1] = mr[1][o - 1], q[2] = dd >= 2 ? mr[2][o - 2] : 0.;
                acc += pv * (mv * mb * cl) * q;
            }
        memcpy(qbt + l0, &acc, sizeof acc);
        if (l0 == u - 4) break;
    }
    memcpy(qbe + 1, qbt + 1, sizeof(double) * (size_t)(u - 1));
}

/* qbe[len]: k paired and k+1..k+len unpaired inside a loop (interior, hairpin, multiloop). */
static void paired_then_unpaired(ssc_plfold_t *f, int64_t k)
{
    const ssc_th_pf_t *P = f->P;
    int64_t len, obp, u = f->u, W = f->W, n = f->n, top = u > MAXLOOP ? u : MAXLOOP;
    double *qbe = f->qbe, t = 0.;
    const double *qi5 = ROW(f->qi5, k), *q2l = ROW(f->q2l, k), *qmb = ROW(f->qmb, k);
    memset(qbe, 0, sizeof(double) * (f->NU + 2));
    for (len = W; len >= top; len--) t += qi5[len];
    for (; len > 0; len--) t += qi5[len], qbe[len] += t;
    t = 0.;
    for (obp = min64(min64(n, k + W - 1), k + f->span); obp > k + u; obp--) {
        int type = ptype(f, k, obp);
        if (type) t += AT(f->pR, k, obp) * AT(f->hp, k, obp) * f->scale[obp - k + 1];
    }
    for (obp = min64(min64(n, min64(k + W - 1, k + u)), k + f->span); obp > k + 1; obp--) {
        int type = ptype(f, k, obp);
        if (type) t += AT(f->pR, k, obp) * AT(f->hp, k, obp) * f->scale[obp - k + 1];
        qbe[obp - k - 1] += t;
    }
    t = 0.;
    for (len = W; len >= u; len--) t += q2l[len] * f->mlbase[len];
    for (; len > 0; len--) t += q2l[len] * f->mlbase[len], qbe[len] += t;
    /* the multiloops: qbe[len] adds the terms of the branches after the stretch, obp
     * ascending, then those of the pairs (k,obp) closing one, obp ascending */
    if (u - 1 >= 4)
        ptu_lanes(f, k);
    else
        for (len = 1; len < u; len++) {
            int64_t d0 = len + TURN + TURN, omax = min64(n, k + W - 1);
            double acc = qbe[len];
            for (obp = k + len + TURN; obp <= min64(min64(n, k + W - 1), k + f->span); obp++)
                acc += qmb[obp - k - 1] * AT(f->qm, k + len + 1, obp - 1) * f->mlbase[len];
            if (d0 <= f->span && k + d0 <= omax) /* px[d0] is set for columns <= n only */
                for (int x = ROW(f->px, k)[d0]; x < V(f->pn, k); x++) { /* pairs (k,obp), obp ascending */
                    obp = k + ROW(f->pd, k)[x];
                    if (obp > omax) break;
                    t = AT(f->mlc, k, obp) * f->scale[2] * f->mlbase[len] * P->ml_closing;
                    acc += AT(f->pR, k, obp) * t * AT(f->qm2, k + len + 1, obp - 1);
                }
            qbe[len] = acc;
        }
}

/* The stretches of s = 1..smax nt ending at k in the exterior loop of a window, over all
 * windows, into ext[s]: the windows a in ascending order, then two end terms. Four stretches
 * a vector (lanes s0+3, s0+2, s0+1, s0, so that q(a, k-s) is contiguous), each lane adding
 * its terms in the same order and operations as one stretch alone: the windows a0..a1 are
 * common to all s; after them a lane whose stretch no window a reaches (s > k-a) adds
 * 0 * y * scale / d = +0, which leaves its sum as it is. Fewer than 4 stretches: one by one. */
static AVX2_CLONE void exterior_unpaired_all(const ssc_plfold_t *f, int64_t k, int64_t smax, double *restrict ext)
{
    int64_t a, s, W = f->W, n = f->n, a0 = max64(1, k - W + 2), a1 = min64(k - smax, n - W + 1), na = a1 - a0 + 1;
    int64_t at = max64(a0, a1 + 1), ae = min64(k - 1, n - W + 1); /* windows not common to all s */
    const double **xp = f->xp;
    double *xy = f->xy, *xd = f->xd;
    for (a = a0; a <= max64(a1, ae); a++) {
        xp[a - a0] = ROW(f->q, a) + (k - a + 1); /* xp[.][-s] = q(a, k-s) */
        xy[a - a0] = AT(f->q, k + 1, a + W - 1), xd[a - a0] = AT(f->q, a, a + W - 1);
    }
    if (smax >= 4)
        for (int64_t s0 = 1;; s0 += 4) {
            if (s0 > smax - 3) s0 = smax - 3; /* the last block may overlap the one before: the same sums */
            const double *sc = f->scale + s0;
            v4d acc = { 0., 0., 0., 0. }, scr = { sc[3], sc[2], sc[1], sc[0] };
            for (int64_t x = 0; x < na; x++) {
                double y = xy[x], d = xd[x];
                v4d yv = { y, y, y, y }, dv = { d, d, d, d }, qv;
                memcpy(&qv, xp[x] - s0 - 3, sizeof qv);
                acc += qv * yv * scr / dv;
            }
            for (a = at; a <= min64(k - s0 - 3, ae); a++) { /* every lane reaches these */
                int64_t x = a - a0;
                double y = xy[x], d = xd[x];
                v4d yv = { y, y, y, y }, dv = { d, d, d, d }, qv;
                memcpy(&qv, xp[x] - s0 - 3, sizeof qv);
                acc += qv * yv * scr / dv;
            }
            for (; a <= min64(k - s0, ae); a++) { /* lane s0 reaches them all */
                int64_t x = a - a0, r = k - a;
                double y = xy[x], d = xd[x];
                v4d yv = { y, y, y, y }, dv = { d, d, d, d };
                v4d qv = { s0 + 3 <= r ? xp[x][-s0 - 3] : 0., s0 + 2 <= r ? xp[x][-s0 - 2] : 0.,
                           s0 + 1 <= r ? xp[x][-s0 - 1] : 0., xp[x][-s0] };
                acc += qv * yv * scr / dv;
            }
            ext[s0] = acc[3], ext[s0 + 1] = acc[2], ext[s0 + 2] = acc[1], ext[s0 + 3] = acc[0];
            if (s0 == smax - 3) break;
        }
    else
        for (s = 1; s <= smax; s++) {
            double t = 0.;
            for (a = a0; a <= min64(k - s, n - W + 1); a++) t += xp[a - a0][-s] * xy[a - a0] * f->scale[s] / xd[a - a0];
            ext[s] = t;
        }
    for (s = 1; s <= smax; s++) {
        double t = ext[s];
        if (k >= W && s + 1 <= W) t += AT(f->q, k - W + 1, k - s) * f->scale[s] / AT(f->q, k - W + 1, k);
        if (k <= n - W + s && k - s >= 0 && k < n && s + 1 <= W)
            t += AT(f->q, k + 1, k - s + W) * f->scale[s] / AT(f->q, k - s + 1, k - s + W);
        ext[s] = t;
    }
}

/* Row k of pU is final: the enclosed parts of the stretches ending at k came with the rows
 * before it; add the exterior part and divide by the number of windows. */
static int unpaired(ssc_plfold_t *f, int64_t k)
{
    int64_t len, s, u = f->u, W = f->W, n = f->n, top = u > MAXLOOP ? u : MAXLOOP;
    double *row;
    pu_rows(f, k + top + 1);
    if (k + u <= n) PU(k + u)[u] += enclosed_longest(f, k);
    paired_then_unpaired(f, k);
    for (len = 1; len < min64(top, n - k); len++)
        PU(k + len)[len] += PU(k + len)[len + 1] + f->qbe[len];
    row = PU(k);
    if (u >= W && k >= u) row[W] = f->scale[W] / AT(f->q, k - W + 1, k);
    exterior_unpaired_all(f, k, min64(u, k), f->xu);
    for (s = min64(u, k); s > 0; s--) {
        int64_t left = max64(1, k - W + 1), right = min64(n - W + 1, k - s + 1);
        row[s] += f->xu[s];
        row[s] /= (double)(right - left + 1);
    }
    return f->emit ? f->emit(f->data, k, row, (int)u) : 0;
}

/* Step j: column j of the inside arrays (j <= n), row j-W of the outside weights, and the
 * unpaired probabilities MAXLOOP+1 rows behind those. */
static int step(ssc_plfold_t *f, int64_t j)
{
    int64_t k = j - f->W;
    if (j <= f->n) forward(f, j);
    if (j <= f->W) return 0;
    outside(f, k);
    return f->u && k - MAXLOOP - 1 > 0 ? unpaired(f, k - MAXLOOP - 1) : 0;
}

static void effective(ssc_plfold_t *f, int64_t n)
{
    f->W = f->opt.W, f->L = f->opt.L, f->u = f->opt.u;
    if (f->L > f->W) f->L = f->W;
    if (n < f->W) { /* RNAplfold: the window shrinks to the record, -L and -u with it */
        f->W = (int)n;
        if (f->L > f->W) f->L = f->W;
        if (f->u > f->W) f->u = f->W;
    }
    f->span = f->opt.modern ? f->L - 1 : f->L;
    f->fspan = f->span < FLAT_SPAN ? FLAT_SPAN : f->span < FLAT_EXT ? f->span : FLAT_EXT;
}

int ssc_plfold_begin(ssc_plfold_t *f, ssc_plfold_emit_f emit, void *data)
{
    double *one[] = { f->qq, f->qq1, f->qqm, f->qqm1, f->prml, f->prm_l, f->prm_l1 };
    for (size_t k = 0; k < sizeof one / sizeof *one; k++) memset(one[k], 0, sizeof(double) * f->R);
    f->emit = emit, f->data = data;
    f->n = NOT_KNOWN, f->nin = 0, f->j = 1, f->pu_top = 0, f->started = 0, f->stop = 0;
    effective(f, NOT_KNOWN);
    return 0;
}

static const int8_t CODE[256] = {
    ['A'] = 1, ['C'] = 2, ['G'] = 3, ['U'] = 4, ['T'] = 4,
    ['a'] = 1, ['c'] = 2, ['g'] = 3, ['u'] = 4, ['t'] = 4,
};

int ssc_plfold_feed(ssc_plfold_t *f, const char *s, int64_t len)
{
    for (int64_t x = 0; x < len && !f->stop; x++) {
        V(f->S, ++f->nin) = CODE[(unsigned char)s[x]];
        /* a record of at least W nt: fold as the letters come, one letter of look-ahead
         * (the 3' neighbour's dangle) */
        if (!f->started && f->nin > f->W) f->started = 1;
        while (f->started && f->j < f->nin && !f->stop) f->stop = step(f, f->j++);
    }
    return f->stop;
}

int ssc_plfold_end(ssc_plfold_t *f)
{
    int64_t j, n = f->nin;
    if (f->stop) return f->stop;
    f->n = n;
    if (n < TURN + 2) return 0;
    if (!f->started) effective(f, n);
    for (j = f->j; j <= n + f->W && !f->stop; j++) f->stop = step(f, j);
    f->j = j;
    if (f->u)
        for (j = max64(1, n - MAXLOOP); j <= n && !f->stop; j++) f->stop = unpaired(f, j);
    return f->stop;
}

int ssc_plfold_seq(ssc_plfold_t *f, const char *seq, int64_t n, ssc_plfold_emit_f emit, void *data)
{
    int rc = ssc_plfold_begin(f, emit, data);
    if (rc == 0) rc = ssc_plfold_feed(f, seq, n);
    if (rc == 0) rc = ssc_plfold_end(f);
    return rc;
}

int64_t ssc_plfold_margin(const ssc_plfold_t *f)
{
    return (int64_t)f->opt.W + f->opt.L + 2;
}

/* ssc_plfold_at's emitter over a stretch folded on its own: positions shifted back to the
 * whole sequence's, and only the wanted ones passed on. */
typedef struct {
    const int64_t *pos, *end; /* wanted positions not emitted yet */
    int64_t off;              /* stretch position + off = sequence position */
    ssc_plfold_emit_f emit;
    void *data;
} at_emit_t;

static int at_emit(void *data, int64_t i, const double *p, int nu)
{
    at_emit_t *a = data;
    int rc = 0;
    i += a->off;
    if (a->pos == a->end || *a->pos != i) return 0;
    rc = a->emit(a->data, i, p, nu);
    while (a->pos < a->end && *a->pos == i) a->pos++;
    return rc;
}

int ssc_plfold_at(ssc_plfold_t *f, const char *seq, int64_t n, const int64_t *pos, int64_t npos,
                  ssc_plfold_emit_f emit, void *data)
{
    int64_t M = ssc_plfold_margin(f), k, cost = 0;
    at_emit_t a = { pos, pos + npos, 0, emit, data };
    int rc = 0;
    for (k = 0; k < npos; k++)
        if (pos[k] < 1 || pos[k] > n || (k && pos[k] < pos[k - 1])) return SSC_EINVAL;
    for (k = 0; k < npos; k++) /* the bases the stretches cover, merged */
        cost += min64(n, pos[k] + M) - max64(pos[k] - M, k ? min64(n, pos[k - 1] + M) + 1 : 1) + 1;
    if (npos == 0) return 0;
    if (cost >= n) return ssc_plfold_seq(f, seq, n, at_emit, &a);
    for (k = 0; k < npos && rc == 0;) {
        int64_t s = max64(1, pos[k] - M), e = min64(n, pos[k] + M);
        while (++k < npos && pos[k] - M <= e + 1) e = min64(n, pos[k] + M);
        /* a stretch not at the sequence's start gives wrong values for its first M
         * positions, but only the positions at least M inside it are emitted */
        a.off = s - 1;
        rc = ssc_plfold_seq(f, seq + s - 1, e - s + 1, at_emit, &a);
    }
    return rc;
}

void ssc_plfold_effective(const ssc_plfold_t *f, int *W, int *L, int *u)
{
    if (W) *W = f->W;
    if (L) *L = f->L;
    if (u) *u = f->u;
}

int ssc_plfold_lunp_header(kstring_t *s, int u)
{
    int rc = kputs("#unpaired probabilities\n #i$\tl=", s) < 0;
    for (int l = 1; l <= u; l++) rc |= ksprintf(s, "%d\t", l) < 0;
    rc |= kputc('\n', s) < 0;
    return rc ? SSC_ENOMEM : 0;
}

/* 10^k for ssc_plfold_g7, exact in long double up to 10^27 and correctly rounded after */
static long double pow10l_(int k)
{
    static const long double t[] = { 1e0L, 1e1L, 1e2L, 1e3L, 1e4L, 1e5L, 1e6L, 1e7L, 1e8L, 1e9L,
        1e10L, 1e11L, 1e12L, 1e13L, 1e14L, 1e15L, 1e16L, 1e17L, 1e18L, 1e19L, 1e20L, 1e21L, 1e22L,
        1e23L, 1e24L, 1e25L, 1e26L, 1e27L, 1e28L, 1e29L, 1e30L, 1e31L, 1e32L, 1e33L, 1e34L, 1e35L,
        1e36L, 1e37L, 1e38L, 1e39L, 1e40L };
    return k >= 0 && k <= 40 ? t[k] : powl(10.0L, k);
}

/* The 7 digits of m < 10^7 into d[0..6] (and a '0' into d[7]): two digits a step from "00".."99". */
static inline void g7_digits(char d[8], uint32_t m)
{
    static const char two[200] = "0001020304050607080910111213141516171819202122232425262728293031323334353637383940414243444546474849"
                                 "5051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899";
    uint32_t hi = m / 10000, lo = m % 10000; /* hi < 1000 */
    d[0] = (char)('0' + hi / 100), memcpy(d + 1, two + 2 * (hi % 100), 2);
    memcpy(d + 3, two + 2 * (lo / 100), 2), memcpy(d + 5, two + 2 * (lo % 100), 2), d[7] = '0';
}

/* Writing "%.7g" costs more than folding a row when printf does it. Here: y = x * 10^(6-e) in
 * long double (relative error a few 2^-64, so below 1e-12 absolute for y < 1e7), its 7 digits
 * rounded to nearest; when y's fraction is within 1e-4 of a half (a tie or close to one: the
 * long double product cannot decide) and for x <= 0, tiny, huge or not finite, printf writes it.
 * The decimal exponent e starts from the binary one b (x in [2^b, 2^(b+1))): floor(b lg2),
 * with 78913 / 2^18 = 0.3010330 for lg2 = 0.3010300, is floor(log10(x)) or one below it, up
 * to the rare b where the 3e-6 excess crosses an integer; the digits test moves e by one,
 * and an e still wrong leaves y outside [1e6, 1e7), which printf then writes. */
int ssc_plfold_g7(char *buf, double x)
{
    long double y, fr;
    long m;
    int e, b, len = 0, nd;
    uint64_t bits;
    char d[8];
    if (!(x >= 1e-290 && x < 1e290)) return snprintf(buf, 32, "%.7g", x);
    memcpy(&bits, &x, sizeof bits);
    b = (int)((bits >> 52) & 0x7ff) - 1023;
    e = (b * 78913) >> 18; /* floor for b < 0 too: GCC and Clang shift signed ints arithmetically */
    y = (long double)x * pow10l_(6 - e);
    if (y < 1e6L) e--, y = (long double)x * pow10l_(6 - e);
    else if (y >= 1e7L) e++, y = (long double)x * pow10l_(6 - e);
    if (y < 1e6L || y >= 1e7L) return snprintf(buf, 32, "%.7g", x);
    m = (long)y; /* y > 0: truncation is floor */
    fr = y - (long double)m;
    if (fabsl(fr - 0.5L) < 1e-4L) return snprintf(buf, 32, "%.7g", x);
    m += fr > 0.5L;
    if (m == 10000000) m = 1000000, e++;
    g7_digits(d, (uint32_t)m);
    for (nd = 7; nd > 1 && d[nd - 1] == '0'; nd--) {}
    if (e < -4 || e >= 7) { /* d.ddddddde-XX, trailing zeros (and a bare point) dropped */
        int ae = e < 0 ? -e : e;
        buf[len++] = d[0];
        if (nd > 1) buf[len++] = '.', memcpy(buf + len, d + 1, (size_t)nd - 1), len += nd - 1;
        buf[len++] = 'e', buf[len++] = e < 0 ? '-' : '+';
        if (ae >= 100) buf[len++] = (char)('0' + ae / 100);
        buf[len++] = (char)('0' + ae / 10 % 10), buf[len++] = (char)('0' + ae % 10);
        buf[len] = 0;
    } else if (e >= 0) {
        memcpy(buf, d, (size_t)e + 1), len = e + 1;
        if (nd > e + 1) buf[len++] = '.', memcpy(buf + len, d + e + 1, (size_t)(nd - e - 1)), len += nd - e - 1;
        buf[len] = 0;
    } else { /* 0.ddddddd after -e-1 <= 3 zeros: fixed-size copies, the length set after */
        memcpy(buf, "0.000", 5), len = 1 - e;
        memcpy(buf + len, d, 8), len += nd;
        buf[len] = 0;
    }
    return len;
}

int ssc_plfold_lunp_row(kstring_t *s, int64_t i, const double *p, int u)
{
    char b[40];
    int rc = ksprintf(s, "%lld\t", (long long)i) < 0;
    for (int l = 1; l <= u; l++) {
        if (l > i) {
            rc |= kputs("NA\t", s) < 0;
            continue;
        }
        int n = ssc_plfold_g7(b, p[l]);
        b[n++] = '\t';
        rc |= kputsn(b, n, s) < 0;
    }
    rc |= kputc('\n', s) < 0;
    return rc ? SSC_ENOMEM : 0;
}

double ssc_plfold_window_z(const ssc_plfold_t *f, int64_t a)
{
    return AT(f->q, a, a + f->W - 1) / f->scale[f->W];
}
