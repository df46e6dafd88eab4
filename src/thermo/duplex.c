/* thermo/duplex.c: the duplex MFE recursion of RNAduplex (intermolecular pairs only) in integer dcal/mol, and its traceback. */
#include <stdlib.h>
#include <string.h>
#include "seedscan.h"
#include "thermo/energy.h"
#include "thermo/duplex.h"
#include "thermo/duplex_priv.h"

#define INF SSC_TH_INF
#define ML SSC_TH_MAXLOOP

/* Tables of one fill, row i (s1, 0..n1+1) by column j (s2, 0..n2 + PAD), stride n2 + PAD + 1:
 *   c   the best duplex whose last pair is (i, j) (RNAduplex's c[i][j]),
 *   pI  c + the generic interior-loop mismatch of (i, j) as the outer pair of a loop,
 *   p1n c + the 1xn-loop mismatch, pB c + its AU/GU penalty (bulges of 2 nt or more),
 * so that a loop of a size with no table of its own costs one add and one min
 * (loops_generic). Columns past n2 hold INF, so loops need no bound on l. */
#define PAD (ML + 2)
struct ssc_th_dbuf_s {
    int n1, n2, stride;
    size_t cap;                   /* cells allocated in each table */
    int8_t *s1, *s2;              /* codes, 1-based, 0 (N) at both ends */
    int cap1, cap2;
    int *c, *pI, *p1n, *pB;
    uint8_t *type;                /* pair type of (i, j) */
    const ssc_th_params_t *gp;    /* the parameters size[][] was built for */
    int size[ML + 1][ML + 1];     /* interior loop u1 x u2: initiation + asymmetry */
    /* the vector fill (fill_vec): 16-bit pI, p1n, pB and one row of loop minima */
    int16_t *t16, *acc;
    size_t cap16, capacc;
    ssc_th_vtab_t vt;
    int vec_ok;                   /* gp's values fit 16 bits (fits16) */
    int overflow;                 /* a c outside +-LIM_C: this fill goes the plain way */
    int anchored, e0;             /* ssc_th_duplex_fill_from: the one start and its c */
    const int *req;               /* ssc_th_duplex_fill_req: req[i] the column row i must pair */
    int first_req, wiped;         /* its first required row; rows up to wiped are INF */
    int have_best, best_e, best_i, best_j; /* the minimum, found by fill_vec on its way */
    ssc_th_rowmin_f rowmin;       /* NULL: the plain fill */
    int width;
    const char *vname;
};

/* ---- choice of the row kernel, once (libdeflate's way) ---- */

typedef struct {
    const char *name;
    ssc_th_rowmin_f f;
    int width;
} variant_t;

/* Best first; "generic" is the plain fill. */
static const variant_t variants[] = {
#ifdef SSC_TH_X86
    { "avx512", ssc_th_rowmin_avx512, 32 },
    { "avx2", ssc_th_rowmin_avx2, 16 },
    { "sse2", ssc_th_rowmin_sse2, 8 },
#endif
#ifdef SSC_HAVE_SIMDE
    { "simde", ssc_th_rowmin_simde, 8 },
#endif
    { "generic", NULL, 1 },
};
#define NVARIANTS ((int)(sizeof variants / sizeof variants[0]))

static int supported(const variant_t *v)
{
#ifdef SSC_TH_X86
    __builtin_cpu_init();
    if (strcmp(v->name, "avx512") == 0) return __builtin_cpu_supports("avx512bw");
    if (strcmp(v->name, "avx2") == 0) return __builtin_cpu_supports("avx2");
    if (strcmp(v->name, "sse2") == 0) return __builtin_cpu_supports("sse2");
#endif
    return 1;
}

/* The best variant this CPU runs, or the one SEEDSCAN_SIMD names as a cap (as the scan
 * kernels read it: generic, simde, sse2, avx2, avx512). */
static const variant_t *best_variant(void)
{
    const char *env = getenv("SEEDSCAN_SIMD");
    int k, cap = 0;
    if (env)
        for (k = 0; k < NVARIANTS; k++)
            if (strcmp(variants[k].name, env) == 0) cap = k;
    for (k = cap; k < NVARIANTS; k++)
        if (supported(&variants[k])) break;
    return &variants[k < NVARIANTS ? k : NVARIANTS - 1];
}

static void use_variant(ssc_th_dbuf_t *b, const variant_t *v)
{
    b->rowmin = v->f, b->width = v->width, b->vname = v->name;
}

int ssc_th_dbuf_set_simd(ssc_th_dbuf_t *b, const char *name)
{
    int k;
    for (k = 0; k < NVARIANTS; k++)
        if (strcmp(variants[k].name, name) == 0 && supported(&variants[k])) {
            use_variant(b, &variants[k]);
            return 0;
        }
    return -1;
}

const char *ssc_th_dbuf_simd(const ssc_th_dbuf_t *b)
{
    return b->vname;
}

ssc_th_dbuf_t *ssc_th_dbuf_init(void)
{
    ssc_th_dbuf_t *b = calloc(1, sizeof(ssc_th_dbuf_t));
    if (b) use_variant(b, best_variant());
    return b;
}

void ssc_th_dbuf_destroy(ssc_th_dbuf_t *b)
{
    if (!b) return;
    free(b->s1);
    free(b->s2);
    free(b->c);
    free(b->pI);
    free(b->p1n);
    free(b->pB);
    free(b->type);
    free(b->t16);
    free(b->acc);
    free(b);
}

/* Codes 1..n with N (0) at 0 and at n + 1 .. n + 3: loops_small's branch-free form reads up
 * to three past the last base (a 2x3 loop's mismatch at j + 3) before it knows the cell is
 * not a pair. */
static int grow_codes(int8_t **s, int *cap, int n)
{
    int8_t *t;
    if (n + 4 <= *cap) return 0;
    if (!(t = realloc(*s, (size_t)n + 4))) return SSC_ENOMEM;
    *s = t, *cap = n + 4;
    return 0;
}

static int grow_ints(int **t, int n, size_t size)
{
    int k;
    for (k = 0; k < n; k++) {
        int *x = realloc(t[k], size * sizeof(int));
        if (!x) return SSC_ENOMEM;
        t[k] = x;
    }
    return 0;
}

static int grow_tables(ssc_th_dbuf_t *b, size_t cells)
{
    int *t[4] = { b->c, b->pI, b->p1n, b->pB }, rc;
    uint8_t *ty;
    if (cells <= b->cap) return 0;
    rc = grow_ints(t, 4, cells);
    b->c = t[0], b->pI = t[1], b->p1n = t[2], b->pB = t[3];
    if (rc) return rc;
    if (!(ty = realloc(b->type, cells))) return SSC_ENOMEM;
    b->type = ty, b->cap = cells;
    return 0;
}

/* ---- 16-bit values (duplex_priv.h): finite ones within +-LIM_K, or INF ---- */
#define LIM_K 2000   /* the constants the vector fill adds */
#define LIM_C 10000  /* c itself: |c| + LIM_K <= SSC_TH_LIM16 */

static inline int16_t to16(int v)
{
    return (int16_t)(v >= SSC_TH_T16 ? SSC_TH_INF16 : v);
}

/* A constant is usable in 16 bits when it is small or means "forbidden" (INF: then every sum
 * with it stays at INF16, as the plain fill's stays beyond any finite energy). */
static int small_or_inf(int v)
{
    return (v >= -LIM_K && v <= LIM_K) || v >= INF / 2;
}

static int all_fit(const int *v, size_t n)
{
    size_t k;
    for (k = 0; k < n; k++)
        if (!small_or_inf(v[k])) return 0;
    return 1;
}

/* Whether no value is below -LIM_K: then loops_small_nb may add them to c = INF (a cell
 * that cannot pair) and stay beyond every finite energy, with no branch on the type. */
static int above(const int *v, size_t n)
{
    size_t k;
    for (k = 0; k < n; k++)
        if (v[k] < -LIM_K) return 0;
    return 1;
}

/* Whether every value the vector fill adds in 16 bits, and every term that bounds c from
 * above (initiation + exterior stem), fits: then the vector fill's sums are exact. */
static int fits16(const ssc_th_params_t *p, const ssc_th_dbuf_t *b)
{
    const int scal[2] = { p->duplex_init, p->terminal_au };
    return all_fit(scal, 2) && p->duplex_init < INF / 2 && all_fit(&b->size[0][0], (ML + 1) * (ML + 1)) &&
           all_fit(p->bulge, ML + 1) && all_fit(&p->mm_interior[0][0][0], sizeof p->mm_interior / sizeof(int)) &&
           all_fit(&p->mm_1n[0][0][0], sizeof p->mm_1n / sizeof(int)) &&
           all_fit(&p->mm_ext[0][0][0], sizeof p->mm_ext / sizeof(int)) &&
           all_fit(&p->dangle5[0][0], sizeof p->dangle5 / sizeof(int)) &&
           all_fit(&p->dangle3[0][0], sizeof p->dangle3 / sizeof(int)) &&
           above(&p->stack[0][0], sizeof p->stack / sizeof(int)) &&
           above(&p->int11[0][0][0][0], sizeof p->int11 / sizeof(int)) &&
           above(&p->int21[0][0][0][0][0], sizeof p->int21 / sizeof(int)) &&
           above(&p->int22[0][0][0][0][0][0], sizeof p->int22 / sizeof(int)) &&
           above(&p->mm_23[0][0][0], sizeof p->mm_23 / sizeof(int)) && p->bulge[1] >= -LIM_K &&
           p->internal[5] >= -LIM_K && p->ninio >= -LIM_K;
}

/* initiation + asymmetry of every interior loop size, as ssc_th_e_intloop adds them */
static void build_sizes(ssc_th_dbuf_t *b, const ssc_th_params_t *p)
{
    int u1, u2;
    for (u1 = 0; u1 <= ML; u1++)
        for (u2 = 0; u2 <= ML; u2++) {
            int asym = abs(u1 - u2) * p->ninio, u = u1 + u2;
            if (asym > p->max_ninio) asym = p->max_ninio;
            b->size[u1][u2] = u <= ML ? p->internal[u] + asym : INF;
        }
    b->gp = p;
    b->vec_ok = fits16(p, b);
    for (u1 = 0; u1 <= ML; u1++) {
        b->vt.bulge[u1] = to16(p->bulge[u1]);
        for (u2 = 0; u2 <= ML; u2++) b->vt.size[u1][u2] = to16(b->size[u1][u2]);
    }
}

static int encode(const char *s, int n, int8_t *codes, int which, int *bad_seq, int *bad)
{
    int at;
    codes[0] = codes[n + 1] = codes[n + 2] = codes[n + 3] = 0;
    if (ssc_th_encode(s, n, codes + 1, &at) == 0) return 0;
    if (bad_seq) *bad_seq = which;
    if (bad) *bad = at;
    return SSC_EINVAL;
}

static inline int min2(int a, int b)
{
    return a < b ? a : b;
}

/* What the loops read, in locals (stores into c could alias the fields of the buffer). */
typedef struct {
    const int *c;
    const uint8_t *type;
    const int8_t *s1, *s2;
    int stride;
} grid_t;

static inline grid_t grid_of(const ssc_th_dbuf_t *b)
{
    grid_t g = { b->c, b->type, b->s1, b->s2, b->stride };
    return g;
}

/* Loops whose sizes have tables or special rules: stack, 1-nt bulges, 1x1, 1x2, 2x2, 2x3
 * (NNDB; ViennaRNA's E_IntLoop), for the pair (i, j) of type t read from inside, rt. With
 * all (the vector fill), no branch on the inner pair's type: a cell that cannot pair holds
 * c = INF and every table value is >= -LIM_K (fits16), so its sums stay beyond any finite
 * energy. Inlined with a constant all, each caller gets its own code. */
#ifdef __GNUC__
__attribute__((always_inline))
#endif
static inline int loops_small(const ssc_th_params_t *p, const grid_t *g, int i, int j, int rt,
                              int all)
{
    const int s = g->stride, *c = g->c;
    const int8_t *s1 = g->s1, *s2 = g->s2;
    const uint8_t *ty = g->type;
    int sp = s1[i - 1], sq = s2[j + 1], e = INF, x, t;
#define CELL(u1, u2) (x = (i - (u1) - 1) * s + j + (u2) + 1, t = ty[x], t || all)
    if (CELL(0, 0)) e = min2(e, c[x] + p->stack[t][rt]);
    if (CELL(0, 1)) e = min2(e, c[x] + p->bulge[1] + p->stack[t][rt]);
    if (i < 3) return e;
    if (CELL(1, 0)) e = min2(e, c[x] + p->bulge[1] + p->stack[t][rt]);
    if (CELL(1, 1)) e = min2(e, c[x] + p->int11[t][rt][s1[i - 1]][s2[j + 1]]);
    if (CELL(1, 2)) e = min2(e, c[x] + p->int21[t][rt][sp][sq][s2[j + 2]]);
    if (i < 4) return e;
    if (CELL(2, 1)) e = min2(e, c[x] + p->int21[rt][t][sq][s1[i - 2]][sp]);
    if (CELL(2, 2)) e = min2(e, c[x] + p->int22[t][rt][s1[i - 2]][sp][sq][s2[j + 2]]);
    if (CELL(2, 3))
        e = min2(e, c[x] + p->internal[5] + p->ninio + p->mm_23[t][s1[i - 2]][s2[j + 3]] +
                        p->mm_23[rt][sq][sp]);
    if (i < 5) return e;
    if (CELL(3, 2))
        e = min2(e, c[x] + p->internal[5] + p->ninio + p->mm_23[t][s1[i - 3]][s2[j + 2]] +
                        p->mm_23[rt][sq][sp]);
#undef CELL
    return e;
}

/* min over u2 in [lo, hi] of row[u2] + size[u2]: the loops of one row k that share a rule. */
static inline int row_min(const int *row, const int *size, int lo, int hi)
{
    int m = INF, u;
    for (u = lo; u <= hi; u++) m = min2(m, row[u] + size[u]);
    return m;
}

/* Generic interior loops (both sides >= 2 nt, not 2x2 or 2x3), 1xn loops (n >= 3) and bulges
 * of 2 nt or more: initiation + asymmetry + a per-pair term already in pI/p1n/pB, so each
 * costs one add and one min. Columns past n2 hold INF: no bound on l is needed. */
static int loops_generic(const ssc_th_params_t *p, const ssc_th_dbuf_t *b, int i, int j, int rt)
{
    int s = b->stride, u1, eI = INF, e1 = INF, eB = INF;
    for (u1 = 0; u1 <= ML && i - u1 - 1 >= 1; u1++) {
        int hi = ML - u1, off = (i - u1 - 1) * s + j + 1;
        const int *sz = b->size[u1];
        if (u1 == 0) {
            eB = min2(eB, row_min(b->pB + off, p->bulge, 2, hi));
            continue;
        }
        if (u1 == 1) {
            e1 = min2(e1, row_min(b->p1n + off, sz, 3, hi));
            continue;
        }
        eB = min2(eB, b->pB[off] + p->bulge[u1]);
        if (u1 >= 3) e1 = min2(e1, b->p1n[off + 1] + sz[1]);
        eI = min2(eI, row_min(b->pI + off, sz, u1 == 2 ? 4 : u1 == 3 ? 3 : 2, hi));
    }
    eI += p->mm_interior[rt][b->s2[j + 1]][b->s1[i - 1]];
    e1 += p->mm_1n[rt][b->s2[j + 1]][b->s1[i - 1]];
    eB += rt > 2 ? p->terminal_au : 0;
    return min2(eI, min2(e1, eB));
}

/* c(i, j) of a duplex that starts at (i, j): initiation and the exterior stem (dangles), or
 * for an anchored fill the given start only. */
static inline int start_energy(const ssc_th_params_t *p, const ssc_th_dbuf_t *b, int i, int j,
                               int t)
{
    if (b->anchored) return i == 1 && j == b->n2 ? b->e0 : INF;
    if (b->req && (i > b->first_req || (b->req[i] && b->req[i] != j))) return INF;
    return p->duplex_init + ssc_th_e_ext_stem(p, t, i > 1 ? b->s1[i - 1] : -1,
                                              j < b->n2 ? b->s2[j + 1] : -1);
}

/* c(i, j) and the derived entries of cell (i, j). */
static void fill_cell(const ssc_th_params_t *p, ssc_th_dbuf_t *b, int i, int j)
{
    int x = i * b->stride + j, t = ssc_th_pair[b->s1[i]][b->s2[j]], e, a1, a2;
    b->type[x] = (uint8_t)t;
    if (!t) {
        b->c[x] = b->pI[x] = b->p1n[x] = b->pB[x] = INF;
        return;
    }
    e = start_energy(p, b, i, j, t);
    if (i > 1 && j < b->n2) {
        int rt = ssc_th_rtype[t];
        grid_t g = grid_of(b);
        e = min2(e, loops_small(p, &g, i, j, rt, 0));
        e = min2(e, loops_generic(p, b, i, j, rt));
    }
    if (e >= INF / 2) e = INF; /* unreachable (an anchored fill) */
    a1 = b->s1[i + 1], a2 = b->s2[j - 1];
    b->c[x] = e;
    b->pI[x] = e + p->mm_interior[t][a1][a2];
    b->p1n[x] = e + p->mm_1n[t][a1][a2];
    b->pB[x] = e + (t > 2 ? p->terminal_au : 0);
}

/* Row i: its cells, and INF in the padding past n2. */
static void fill_row(const ssc_th_params_t *p, ssc_th_dbuf_t *b, int i)
{
    int j, x = i * b->stride;
    for (j = b->n2; j >= 1; j--) fill_cell(p, b, i, j);
    for (j = b->n2 + 1; j < b->stride; j++) {
        b->c[x + j] = b->pI[x + j] = b->p1n[x + j] = b->pB[x + j] = INF;
        b->type[x + j] = 0;
    }
}

/* ---- the vector fill: loops_generic's minima for a whole row at once (duplex_tmpl.h), the
 * rest of each cell as fill_cell does it; c stays in 32 bits for loops_small and traceback ---- */

static int grow16(ssc_th_dbuf_t *b, int n1, int nblk)
{
    size_t plane = (size_t)(n1 + 2) * (size_t)b->vt.s16, acc = (size_t)nblk * (size_t)b->width;
    if (3 * plane > b->cap16) {
        int16_t *t = realloc(b->t16, 3 * plane * sizeof *t);
        if (!t) return SSC_ENOMEM;
        b->t16 = t, b->cap16 = 3 * plane;
    }
    if (3 * acc > b->capacc) {
        int16_t *t = realloc(b->acc, 3 * acc * sizeof *t);
        if (!t) return SSC_ENOMEM;
        b->acc = t, b->capacc = 3 * acc;
    }
    b->vt.pI = b->t16, b->vt.p1n = b->t16 + plane, b->vt.pB = b->t16 + 2 * plane;
    return 0;
}

/* Row i of the vector fill: c from the row minima acc (accI, acc1, accB at j - 1, stride
 * na), the 16-bit derived entries, the best end so far; flags an overflow when c leaves
 * +-LIM_C. Everything in locals: the stores cannot then alias what the loop reads. */
static void fill_row_vec(const ssc_th_params_t *p, ssc_th_dbuf_t *b, int i, const int16_t *acc,
                         int na)
{
    const grid_t g = grid_of(b);
    const int n1 = b->n1, n2 = b->n2, plane = (int)(b->vt.p1n - b->vt.pI), au = p->terminal_au;
    const int8_t *s1 = g.s1, *s2 = g.s2;
    int *c = b->c + (size_t)i * g.stride;
    uint8_t *ty = b->type + (size_t)i * g.stride;
    int16_t *pI = b->t16 + (size_t)i * b->vt.s16, *p1 = pI + plane, *pB = pI + 2 * plane;
    int best = b->best_e, bi = b->best_i, bj = b->best_j, over = 0, j;
    const uint8_t *pair = ssc_th_pair[s1[i]];
    for (j = n2; j >= 1; j--) {
        int t = pair[s2[j]], e;
        ty[j] = (uint8_t)t;
        if (!t) {
            c[j] = INF;
            pI[j] = p1[j] = pB[j] = SSC_TH_INF16;
            continue;
        }
        e = start_energy(p, b, i, j, t);
        if (i > 1 && j < n2) {
            int rt = ssc_th_rtype[t], q1 = s2[j + 1], q2 = s1[i - 1], a;
            e = min2(e, loops_small(p, &g, i, j, rt, 1));
            if ((a = acc[j - 1]) < SSC_TH_T16) e = min2(e, a + p->mm_interior[rt][q1][q2]);
            if ((a = acc[na + j - 1]) < SSC_TH_T16) e = min2(e, a + p->mm_1n[rt][q1][q2]);
            if ((a = acc[2 * na + j - 1]) < SSC_TH_T16) e = min2(e, a + (rt > 2 ? au : 0));
        }
        if (e >= INF / 2) {
            e = INF; /* unreachable (an anchored fill) */
        } else {
            /* the duplex ending here: in ssc_th_duplex_best's order (i up, j down), first wins */
            int end = e + ssc_th_e_ext_stem(p, ssc_th_rtype[t], j > 1 ? s2[j - 1] : -1,
                                            i < n1 ? s1[i + 1] : -1);
            if (end < best) best = end, bi = i, bj = j;
            over |= e < -LIM_C || e > LIM_C;
        }
        c[j] = e;
        pI[j] = to16(e + p->mm_interior[t][s1[i + 1]][s2[j - 1]]);
        p1[j] = to16(e + p->mm_1n[t][s1[i + 1]][s2[j - 1]]);
        pB[j] = to16(e + (t > 2 ? au : 0));
    }
    b->best_e = best, b->best_i = bi, b->best_j = bj;
    b->overflow |= over;
}

/* Row i pairs only at req[i]: its other cells, and every row since the last such row, become
 * INF, so that what comes later continues through (i, req[i]) (ssc_th_duplex_fill_req). */
static void constrain(ssc_th_dbuf_t *b, int i, int vec)
{
    int k, j, plane = (int)(b->vt.p1n - b->vt.pI);
    for (k = b->wiped + 1; k <= i; k++)
        for (j = 1; j <= b->n2; j++) {
            size_t x = (size_t)k * b->stride + j, y = (size_t)k * b->vt.s16 + j;
            if (k == i && j == b->req[i]) continue;
            b->c[x] = INF;
            if (vec) {
                b->t16[y] = b->t16[y + plane] = b->t16[y + 2 * plane] = SSC_TH_INF16;
            } else {
                b->pI[x] = b->p1n[x] = b->pB[x] = INF;
            }
        }
    b->wiped = i - 1;
}

/* 0, 1 when some c overflowed (the caller refills the plain way), or SSC_ENOMEM. */
static int fill_vec(const ssc_th_params_t *p, ssc_th_dbuf_t *b)
{
    int n1 = b->n1, n2 = b->n2, W = b->width, nblk = (n2 + W - 1) / W, na = nblk * W, i, j, rc;
    b->vt.s16 = na + ML + 3, b->vt.n2 = n2;
    if ((rc = grow16(b, n1, nblk)) != 0) return rc;
    b->overflow = 0;
    b->best_e = INF;
    for (i = 1; i <= n1 && !b->overflow; i++) {
        int x = i * b->stride, y = i * b->vt.s16, plane = (int)(b->vt.p1n - b->vt.pI);
        if (i >= 2) b->rowmin(&b->vt, i, nblk, b->acc, b->acc + na, b->acc + 2 * na);
        fill_row_vec(p, b, i, b->acc, na);
        if (b->req && b->req[i]) constrain(b, i, 1);
        /* padding read later: loops_small up to column n2 + 3; the row kernel's lanes up to
         * n2 + W (its loop sizes stop at n2 for the block's first lane) */
        for (j = n2 + 1; j <= n2 + 4; j++) b->c[x + j] = INF, b->type[x + j] = 0;
        for (j = n2 + 1; j <= n2 + W + 1 && j < b->vt.s16; j++)
            b->t16[y + j] = b->t16[y + j + plane] = b->t16[y + j + 2 * plane] = SSC_TH_INF16;
    }
    b->have_best = !b->overflow;
    return b->overflow;
}

static int fill(const ssc_th_params_t *p, ssc_th_dbuf_t *b, const char *s1, int n1,
                const char *s2, int n2, int *bad_seq, int *bad);

int ssc_th_duplex_fill(const ssc_th_params_t *p, ssc_th_dbuf_t *b, const char *s1, int n1,
                       const char *s2, int n2, int *bad_seq, int *bad)
{
    b->anchored = 0, b->req = NULL;
    return fill(p, b, s1, n1, s2, n2, bad_seq, bad);
}

int ssc_th_duplex_fill_from(const ssc_th_params_t *p, ssc_th_dbuf_t *b, const char *s1, int n1,
                            const char *s2, int n2, int e0)
{
    b->anchored = 1, b->e0 = e0, b->req = NULL;
    return fill(p, b, s1, n1, s2, n2, NULL, NULL);
}

static int fill(const ssc_th_params_t *p, ssc_th_dbuf_t *b, const char *s1, int n1,
                const char *s2, int n2, int *bad_seq, int *bad)
{
    int i, rc, stride = n2 + PAD + 1;
    if (n1 < 1 || n2 < 1) return SSC_EINVAL;
    if ((rc = grow_codes(&b->s1, &b->cap1, n1)) || (rc = grow_codes(&b->s2, &b->cap2, n2)))
        return rc;
    if ((rc = grow_tables(b, (size_t)(n1 + 2) * (size_t)stride)) != 0) return rc;
    if ((rc = encode(s1, n1, b->s1, 1, bad_seq, bad)) || (rc = encode(s2, n2, b->s2, 2, bad_seq, bad)))
        return rc;
    if (b->gp != p) build_sizes(b, p);
    b->n1 = n1, b->n2 = n2, b->stride = stride;
    b->have_best = 0, b->wiped = 0;
    if (b->rowmin && b->vec_ok && (rc = fill_vec(p, b)) <= 0) return rc;
    b->wiped = 0;
    for (i = 1; i <= n1; i++) {
        fill_row(p, b, i);
        if (b->req && b->req[i]) constrain(b, i, 0);
    }
    return 0;
}

int ssc_th_duplex_fill_req(const ssc_th_params_t *p, ssc_th_dbuf_t *b, const char *s1, int n1,
                           const char *s2, int n2, const int *req)
{
    int i, rc;
    b->anchored = 0, b->req = req, b->first_req = 0;
    for (i = 1; i <= n1 && !b->first_req; i++)
        if (req[i]) b->first_req = i;
    rc = b->first_req ? fill(p, b, s1, n1, s2, n2, NULL, NULL) : SSC_EINVAL;
    b->have_best = 0; /* the rows wiped after fill_vec saw them */
    b->req = NULL;
    return rc;
}

static inline int end_energy(const ssc_th_params_t *p, const ssc_th_dbuf_t *b, int i, int j)
{
    int x = i * b->stride + j, t = b->type[x];
    if (!t) return INF;
    return b->c[x] + ssc_th_e_ext_stem(p, ssc_th_rtype[t], j > 1 ? b->s2[j - 1] : -1,
                                       i < b->n1 ? b->s1[i + 1] : -1);
}

int ssc_th_duplex_end(const ssc_th_params_t *p, const ssc_th_dbuf_t *b, int i, int j)
{
    return end_energy(p, b, i, j);
}

int ssc_th_duplex_best(const ssc_th_params_t *p, const ssc_th_dbuf_t *b, ssc_th_hit_t *hit)
{
    int i, j, best = INF, bi = 0, bj = 0;
    if (b->have_best) best = b->best_e, bi = b->best_i, bj = b->best_j;
    for (i = 1; i <= b->n1 && !b->have_best; i++)
        for (j = b->n2; j >= 1; j--) {
            int e = end_energy(p, b, i, j);
            if (e < best) best = e, bi = i, bj = j;
        }
    if (best >= INF / 2) return 1;
    memset(hit, 0, sizeof *hit);
    hit->energy = best, hit->i = bi, hit->j = bj;
    return 0;
}

void ssc_th_duplex_per_end(const ssc_th_params_t *p, const ssc_th_dbuf_t *b, ssc_th_hit_t *end)
{
    int i, j;
    for (j = 1; j <= b->n2; j++) {
        ssc_th_hit_t *h = &end[j - 1];
        memset(h, 0, sizeof *h);
        h->energy = INF, h->j = j;
        for (i = 1; i <= b->n1; i++) {
            int e = end_energy(p, b, i, j);
            if (e < h->energy) h->energy = e, h->i = i;
        }
    }
}

/* The pair (k, l) before (i, j) on the optimal path: RNAduplex's order, k down from i - 1,
 * l up from j + 1; 1, or 0 when (i, j) starts the duplex. */
static int trace_step(const ssc_th_params_t *p, const ssc_th_dbuf_t *b, int *pi, int *pj)
{
    int i = *pi, j = *pj, s = b->stride, E = b->c[i * s + j], rt = ssc_th_rtype[b->type[i * s + j]];
    int k, l;
    for (k = i - 1; k > 0 && k > i - ML - 2; k--)
        for (l = j + 1; l <= b->n2 && i - k + l - j - 2 <= ML; l++) {
            int t = b->type[k * s + l];
            if (t && E == b->c[k * s + l] + ssc_th_e_intloop(p, i - k - 1, l - j - 1, t, rt,
                                                            b->s1[k + 1], b->s2[l - 1],
                                                            b->s1[i - 1], b->s2[j + 1])) {
                *pi = k, *pj = l;
                return 1;
            }
        }
    return 0;
}

int ssc_th_duplex_trace(const ssc_th_params_t *p, const ssc_th_dbuf_t *b, ssc_th_hit_t *hit,
                        kstring_t *db)
{
    int i = hit->i, j = hit->j, i0, j0, k, n1 = b->n1, n2 = b->n2;
    char *st1, *st2;
    if (i < 1 || i > n1 || j < 1 || j > n2 || !b->type[i * b->stride + j]) return SSC_EINVAL;
    if (!(st1 = malloc((size_t)(n1 + n2 + 2)))) return SSC_ENOMEM;
    st2 = st1 + n1 + 1;
    memset(st1, '.', (size_t)(n1 + n2 + 2));
    i0 = i < n1 ? i + 1 : n1, j0 = j > 1 ? j - 1 : 1;
    do {
        st1[i] = '(', st2[j] = ')';
    } while (trace_step(p, b, &i, &j));
    if (i > 1) i--;
    if (j < n2) j++;
    hit->s1_beg = i, hit->s1_end = i0, hit->s2_beg = j0, hit->s2_end = j;
    db->l = 0;
    k = kputsn(st1 + i, i0 - i + 1, db) < 0 || kputc('&', db) < 0 ||
        kputsn(st2 + j0, j - j0 + 1, db) < 0;
    free(st1);
    return k ? SSC_ENOMEM : 0;
}

/* Whether some c within w of (i, j) is lower than c(i, j) (RNAduplex's filter, which leaves
 * the final dangles out). */
static int dominated(const ssc_th_dbuf_t *b, int i, int j, int w)
{
    int E = b->c[i * b->stride + j], ii, jj;
    for (ii = i - w < 1 ? 1 : i - w; ii <= i + w && ii <= b->n1; ii++)
        for (jj = j - w < 1 ? 1 : j - w; jj <= j + w && jj <= b->n2; jj++)
            if (b->c[ii * b->stride + jj] < E) return 1;
    return 0;
}

static int cmp_hit(const void *va, const void *vb)
{
    const ssc_th_hit_t *a = va, *b = vb;
    if (a->energy != b->energy) return a->energy < b->energy ? -1 : 1;
    if (a->i != b->i) return a->i - b->i;
    return a->j - b->j;
}

int ssc_th_duplex_subopt(const ssc_th_params_t *p, const ssc_th_dbuf_t *b, int delta, int w,
                         int compat, ssc_th_hit_t **hits)
{
    ssc_th_hit_t best, *h = NULL;
    int n = 0, cap = 0, i, j, thresh;
    *hits = NULL;
    if (ssc_th_duplex_best(p, b, &best) != 0) return 0;
    /* RNAduplex 2.4: thresh = (int)mfe.energy * 100 + 0.1 + delta, the cast truncating kcal */
    thresh = compat ? best.energy / 100 * 100 + delta : best.energy + delta;
    for (i = b->n1; i > 0; i--)
        for (j = 1; j <= b->n2; j++) {
            int e = ssc_th_duplex_end(p, b, i, j);
            if (e > thresh || dominated(b, i, j, w)) continue;
            if (n == cap) {
                ssc_th_hit_t *t = realloc(h, sizeof *h * (size_t)(cap = cap ? 2 * cap : 16));
                if (!t) { free(h); return SSC_ENOMEM; }
                h = t;
            }
            memset(&h[n], 0, sizeof h[n]);
            h[n].energy = e, h[n].i = i, h[n].j = j;
            n++;
        }
    qsort(h, (size_t)n, sizeof *h, cmp_hit);
    *hits = h;
    return n;
}
