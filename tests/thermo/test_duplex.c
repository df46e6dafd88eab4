/* test_duplex.c: the duplex MFE against RNAduplex 2.4.18 on 300 pairs and against exhaustive enumeration on short random pairs. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "seedscan.h"
#include "thermo/energy.h"
#include "thermo/duplex.h"
#include "thermo/site.h"
#include "thermo_test.h"

static ssc_th_params_t *P;
static ssc_th_dbuf_t *B;

static int setup(void **state)
{
    (void)state;
    if (!(P = tt_turner2004())) return -1;
    return (B = ssc_th_dbuf_init()) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    ssc_th_dbuf_destroy(B);
    ssc_th_params_destroy(P);
    return 0;
}

/* The MFE duplex of s1 x s2: energy, spans and structure. */
static int mfe(const char *s1, const char *s2, ssc_th_hit_t *h, kstring_t *db)
{
    int rc = ssc_th_duplex_fill(P, B, s1, (int)strlen(s1), s2, (int)strlen(s2), NULL, NULL);
    assert_int_equal(rc, 0);
    if (ssc_th_duplex_best(P, B, h) != 0) return 1;
    assert_int_equal(ssc_th_duplex_trace(P, B, h, db), 0);
    return 0;
}

/* ---- RNAduplex 2.4.18 on testdata/thermo (duplex_input.txt, rnaduplex_2.4.18.tsv) ---- */

typedef struct {
    char id[16], s1[64], s2[128], db[256];
    int energy, b1, e1, b2, e2;
} ref_t;

static int read_refs(ref_t *r, int max)
{
    FILE *in = fopen("testdata/thermo/duplex_input.txt", "r");
    FILE *tsv = fopen("testdata/thermo/rnaduplex_2.4.18.tsv", "r");
    char line[4096];
    int n = 0;
    assert_non_null(in);
    assert_non_null(tsv);
    assert_non_null(fgets(line, sizeof line, tsv)); /* header */
    while (n < max && fscanf(in, " >%15s %63s %127s", r[n].id, r[n].s1, r[n].s2) == 3) {
        char id[16], name[64];
        double e;
        assert_non_null(fgets(line, sizeof line, tsv));
        assert_int_equal(sscanf(line, "%15s %63s %lf %d %d %d %d %*d %*d %*d %*d %*d %255s", id,
                                name, &e, &r[n].b1, &r[n].e1, &r[n].b2, &r[n].e2, r[n].db), 8);
        assert_string_equal(id, r[n].id);
        r[n].energy = (int)lround(e * 100);
        n++;
    }
    fclose(in);
    fclose(tsv);
    return n;
}

/* Every MFE equal, and every structure and span: where RNAduplex's optimum is a tie, ours
 * takes the same one because the search and the traceback try candidates in its order. */
static void duplex__300_pairs__equal_rnaduplex_2_4_18(void **state)
{
    static ref_t r[300];
    kstring_t db = { 0, 0, NULL };
    int n = read_refs(r, 300), k, e;
    (void)state;
    assert_int_equal(n, 300);
    for (k = 0; k < n; k++) {
        ssc_th_hit_t h;
        assert_int_equal(mfe(r[k].s1, r[k].s2, &h, &db), 0);
        if (h.energy != r[k].energy || strcmp(db.s, r[k].db))
            fprintf(stderr, "%s: %d %s, RNAduplex %d %s\n", r[k].id, h.energy, db.s, r[k].energy,
                    r[k].db);
        assert_int_equal(h.energy, r[k].energy);
        assert_string_equal(db.s, r[k].db);
        assert_int_equal(h.s1_beg, r[k].b1);
        assert_int_equal(h.s1_end, r[k].e1);
        assert_int_equal(h.s2_beg, r[k].b2);
        assert_int_equal(h.s2_end, r[k].e2);
        /* the traced structure has the energy the recursion gave it */
        assert_int_equal(ssc_th_eval_duplex(P, r[k].s1, r[k].s2, db.s, h.s1_beg, h.s2_beg, &e), 0);
        assert_int_equal(e, h.energy);
    }
    free(db.s);
}

/* ---- exhaustive enumeration --------------------------------------------------------------
 * A separate, plain reading of the model (NNDB rules in ViennaRNA's d2 form) straight from the
 * parameter tables; it shares no code with src/thermo/ but the tables. */

static int code(char c)
{
    return c == 'A' ? 1 : c == 'C' ? 2 : c == 'G' ? 3 : 4;
}

static int ptype(char a, char b)
{
    static const char *names[] = { "", "CG", "GC", "GU", "UG", "AU", "UA" };
    int t;
    for (t = 1; t <= 6; t++)
        if (names[t][0] == a && names[t][1] == b) return t;
    return 0;
}

static int term_au(int t)
{
    return (t == 3 || t == 4 || t == 5 || t == 6) ? P->terminal_au : 0;
}

/* Helix end on the outside: t its type, a the base 5' of it, b the base 3' (0: none). */
static int ref_end(int t, char a, char b)
{
    int e = term_au(t);
    if (a && b) return e + P->mm_ext[t][code(a)][code(b)];
    if (a) return e + P->dangle5[t][code(a)];
    if (b) return e + P->dangle3[t][code(b)];
    return e;
}

/* The loop between pair (i, j) and the next pair (k, l) inward, i < k on s1, j > l on s2. */
static int ref_loop(const char *s1, const char *s2, int i, int j, int k, int l)
{
    int u1 = k - i - 1, u2 = j - l - 1, to = ptype(s1[i], s2[j]);
    int ti = ptype(s2[l], s1[k]); /* the inner pair read from inside the loop */
    int a = code(s1[i + 1]), b = code(s2[j - 1]), c = code(s1[k - 1]), d = code(s2[l + 1]);
    int big = u1 > u2 ? u1 : u2, small = u1 > u2 ? u2 : u1, e;
    if (big == 0) return P->stack[to][ti];
    if (small == 0) {
        e = P->bulge[big];
        return big == 1 ? e + P->stack[to][ti] : e + term_au(to) + term_au(ti);
    }
    if (u1 == 1 && u2 == 1) return P->int11[to][ti][a][b];
    if (u1 == 1 && u2 == 2) return P->int21[to][ti][a][d][b];
    if (u1 == 2 && u2 == 1) return P->int21[ti][to][d][a][c];
    if (u1 == 2 && u2 == 2) return P->int22[to][ti][a][c][d][b];
    if (small == 2 && big == 3)
        return P->internal[5] + P->ninio + P->mm_23[to][a][b] + P->mm_23[ti][d][c];
    e = P->internal[u1 + u2];
    e += (big - small) * P->ninio < P->max_ninio ? (big - small) * P->ninio : P->max_ninio;
    if (small == 1) return e + P->mm_1n[to][a][b] + P->mm_1n[ti][d][c];
    return e + P->mm_interior[to][a][b] + P->mm_interior[ti][d][c];
}

typedef struct {
    const char *s1, *s2;
    int n1, n2, best;
    long count;
    const int *req;  /* NULL, or req[i] >= 0: only duplexes with the pair (i, req[i]) count */
    int nreq;
} enum_t;

/* Every duplex that continues from pair (i, j) (0-based) with energy e so far, holding have
 * of the required pairs. */
static void extend(enum_t *x, int i, int j, int e, int have)
{
    int k, l;
    int end = e + ref_end(ptype(x->s2[j], x->s1[i]), j > 0 ? x->s2[j - 1] : 0,
                          i + 1 < x->n1 ? x->s1[i + 1] : 0);
    if (x->req && x->req[i] >= 0 && x->req[i] != j) return; /* cannot hold pair i any more */
    have += x->req && x->req[i] == j;
    x->count++;
    if (end < x->best && (!x->req || have == x->nreq)) x->best = end;
    for (k = i + 1; k < x->n1; k++)
        for (l = j - 1; l >= 0; l--) {
            if ((k - i - 1) + (j - l - 1) > SSC_TH_MAXLOOP) break;
            if (ptype(x->s1[k], x->s2[l]))
                extend(x, k, l, e + ref_loop(x->s1, x->s2, i, j, k, l), have);
        }
}

/* The minimum over every duplex of s1 x s2 (with req, over those holding every pair
 * (i, req[i]), 0-based). */
static int enumerate_req(const char *s1, const char *s2, const int *req, long *count)
{
    enum_t x = { s1, s2, (int)strlen(s1), (int)strlen(s2), SSC_TH_INF, 0, req, 0 };
    int i, j;
    for (i = 0; req && i < x.n1; i++) x.nreq += req[i] >= 0;
    for (i = 0; i < x.n1; i++)
        for (j = 0; j < x.n2; j++) {
            int t = ptype(s1[i], s2[j]);
            if (!t) continue;
            extend(&x, i, j, P->duplex_init + ref_end(t, i > 0 ? s1[i - 1] : 0,
                                                      j + 1 < x.n2 ? s2[j + 1] : 0), 0);
        }
    *count = x.count;
    return x.best;
}

static int enumerate(const char *s1, const char *s2, long *count)
{
    return enumerate_req(s1, s2, NULL, count);
}

static uint64_t next_rand(uint64_t *s)
{
    *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
    return *s >> 33;
}

/* Random pairs, half of them s2 = the reverse complement of s1 with a few changes, so that
 * long helices with loops and bulges are common. */
static void random_pair(uint64_t *s, char *s1, char *s2, int max)
{
    static const char nt[] = "ACGU", comp[] = "UGCA";
    int n1 = 3 + (int)(next_rand(s) % (unsigned)(max - 2)), n2 = 3 + (int)(next_rand(s) % (unsigned)(max - 2));
    int k, related = next_rand(s) & 1;
    for (k = 0; k < n1; k++) s1[k] = nt[next_rand(s) & 3];
    for (k = 0; k < n2; k++) {
        int src = n1 - 1 - k;
        s2[k] = related && src >= 0 && next_rand(s) % 5 ? comp[strchr(nt, s1[src]) - nt]
                                                         : nt[next_rand(s) & 3];
    }
    s1[n1] = s2[n2] = 0;
}

static void duplex__short_random_pairs__equal_exhaustive_minimum(void **state)
{
    uint64_t seed = 12;
    char s1[16], s2[16];
    kstring_t db = { 0, 0, NULL };
    int k, ncase = getenv("SSC_TEST_QUICK") ? 150 : 1500, nonempty = 0;
    long total = 0;
    (void)state;
    for (k = 0; k < ncase; k++) {
        ssc_th_hit_t h;
        long count;
        int best, e;
        random_pair(&seed, s1, s2, k % 10 == 0 ? 12 : 9);
        best = enumerate(s1, s2, &count);
        total += count;
        if (mfe(s1, s2, &h, &db) != 0) {
            assert_int_equal(best, SSC_TH_INF);
            continue;
        }
        nonempty++;
        if (h.energy != best) fprintf(stderr, "%s x %s: DP %d, enumeration %d\n", s1, s2, h.energy, best);
        assert_int_equal(h.energy, best);
        assert_int_equal(ssc_th_eval_duplex(P, s1, s2, db.s, h.s1_beg, h.s2_beg, &e), 0);
        assert_int_equal(e, best);
    }
    assert_true(nonempty > ncase / 2);
    assert_true(total > 100 * ncase); /* the enumeration saw many structures per pair */
    free(db.s);
}

/* ---- vector fills against the plain one ---- */

static const char *const VARIANTS[] = { "simde", "sse2", "avx2", "avx512" };

/* Every c(i, j) of s1 x s2 (as the end energy) and the best hit, under variant v and under
 * the plain fill; 1 when v is not available here. */
static int same_as_plain(ssc_th_dbuf_t *v, ssc_th_dbuf_t *g, const char *s1, const char *s2)
{
    int n1 = (int)strlen(s1), n2 = (int)strlen(s2), i, j, rv, rg;
    ssc_th_hit_t hv, hg;
    assert_int_equal(ssc_th_duplex_fill(P, v, s1, n1, s2, n2, NULL, NULL), 0);
    assert_int_equal(ssc_th_duplex_fill(P, g, s1, n1, s2, n2, NULL, NULL), 0);
    for (i = 1; i <= n1; i++)
        for (j = 1; j <= n2; j++) {
            int ev = ssc_th_duplex_end(P, v, i, j), eg = ssc_th_duplex_end(P, g, i, j);
            if (ev != eg)
                fprintf(stderr, "%s: %s x %s (%d, %d): %d, plain %d\n", ssc_th_dbuf_simd(v), s1,
                        s2, i, j, ev, eg);
            assert_int_equal(ev, eg);
        }
    rv = ssc_th_duplex_best(P, v, &hv), rg = ssc_th_duplex_best(P, g, &hg);
    assert_int_equal(rv, rg);
    if (rv == 0) {
        assert_int_equal(hv.energy, hg.energy);
        assert_int_equal(hv.i, hg.i);
        assert_int_equal(hv.j, hg.j);
    }
    return 0;
}

/* A random pair of lengths 8..40 and 1..150 (random_pair's kinds: related or not). */
static void random_long_pair(uint64_t *s, char *s1, char *s2)
{
    static const char nt[] = "ACGU", comp[] = "UGCA";
    int n1 = 8 + (int)(next_rand(s) % 33u), n2 = 1 + (int)(next_rand(s) % 150u), k;
    int related = next_rand(s) % 3 != 0, shift = (int)(next_rand(s) % 60u);
    for (k = 0; k < n1; k++) s1[k] = nt[next_rand(s) & 3];
    for (k = 0; k < n2; k++) {
        int src = n1 - 1 - (k - shift);
        s2[k] = related && src >= 0 && src < n1 && next_rand(s) % 6 ? comp[strchr(nt, s1[src]) - nt]
                                                                   : nt[next_rand(s) & 3];
    }
    s1[n1] = s2[n2] = 0;
}

/* Every variant this CPU runs gives every cell of the plain fill: the 300 reference pairs,
 * random pairs, and pairs whose energies leave 16 bits (the vector fill hands them over). */
static void fill__every_simd_variant__equals_the_plain_fill(void **state)
{
    static ref_t r[300];
    ssc_th_dbuf_t *g = ssc_th_dbuf_init(), *v = ssc_th_dbuf_init();
    int n = read_refs(r, 300), nv, k, tested = 0, nrand = getenv("SSC_TEST_QUICK") ? 200 : 2000;
    char s1[512], s2[512];
    uint64_t seed = 7;
    (void)state;
    assert_int_equal(ssc_th_dbuf_set_simd(g, "generic"), 0);
    assert_string_equal(ssc_th_dbuf_simd(g), "generic");
    assert_int_equal(ssc_th_dbuf_set_simd(v, "no-such-variant"), -1);
    for (nv = 0; nv < (int)(sizeof VARIANTS / sizeof *VARIANTS); nv++) {
        if (ssc_th_dbuf_set_simd(v, VARIANTS[nv]) != 0) continue;
        tested++;
        for (k = 0; k < n; k++) same_as_plain(v, g, r[k].s1, r[k].s2);
        for (k = 0; k < nrand; k++) {
            random_long_pair(&seed, s1, s2);
            same_as_plain(v, g, s1, s2);
        }
        /* 200 GC pairs: c reaches about -680 kcal/mol, far outside 16 bits */
        for (k = 0; k < 200; k++) s1[k] = "GC"[k & 1], s2[k] = "GC"[k & 1];
        s1[200] = s2[200] = 0;
        same_as_plain(v, g, s1, s2);
        assert_true(ssc_th_duplex_end(P, g, 200, 1) < -30000);
    }
#if defined(__x86_64__)
    assert_true(tested >= 2); /* sse2 at least, and SIMDe's portable build */
#endif
    ssc_th_dbuf_destroy(g);
    ssc_th_dbuf_destroy(v);
}

/* ---- seed-anchored site energies (thermo/site.h) ---- */

/* A short miRNA (10-13 nt) and a window with a seed match of nt a..b at a random place, the
 * rest random or complementary: the anchored minimum equals exhaustive enumeration of the
 * duplexes that hold the seed pairs, and is never below the window's unconstrained MFE. */
static void seed_mfe__random_sites__equal_exhaustive_minimum_with_the_seed_pairs(void **state)
{
    static const char nt[] = "ACGU", comp[] = "UGCA";
    uint64_t seed = 99;
    int k, ncase = getenv("SSC_TEST_QUICK") ? 60 : 400, lower = 0, equal = 0;
    (void)state;
    for (k = 0; k < ncase; k++) {
        char m[16], w[24];
        int L = 10 + (int)(next_rand(&seed) % 4u), n = L + 4 + (int)(next_rand(&seed) % 4u);
        int a = 2 + (int)(next_rand(&seed) % 2u), b = a + 4 + (int)(next_rand(&seed) % 2u);
        int qa, i, req[16], e, emin, rc;
        long count;
        ssc_th_hit_t h;
        for (i = 0; i < L; i++) m[i] = nt[next_rand(&seed) & 3];
        for (i = 0; i < n; i++) w[i] = nt[next_rand(&seed) & 3];
        m[L] = w[n] = 0;
        qa = (b - a) + 1 + (int)(next_rand(&seed) % (unsigned)(n - (b - a))); /* 1-based */
        for (i = 0; i < L; i++) req[i] = -1;
        for (i = 1; i <= L; i++) { /* the seed, and most of the rest, complementary */
            int q = qa - (i - a);
            if (q < 1 || q > n) continue;
            if ((i >= a && i <= b) || next_rand(&seed) % 4)
                w[q - 1] = comp[strchr(nt, m[i - 1]) - nt];
            if (i >= a && i <= b) req[i - 1] = q - 1;
        }
        e = enumerate_req(m, w, req, &count);
        rc = ssc_th_seed_mfe(P, B, m, L, w, n, qa, a, b, &emin);
        assert_int_equal(rc, 0);
        if (emin != e) fprintf(stderr, "%s x %s, seed %d-%d at %d: %d, enumeration %d\n", m, w, a, b, qa, emin, e);
        assert_int_equal(emin, e);
        assert_int_equal(ssc_th_duplex_fill(P, B, m, L, w, n, NULL, NULL), 0);
        assert_int_equal(ssc_th_duplex_best(P, B, &h), 0);
        assert_true(h.energy <= emin);
        lower += h.energy < emin, equal += h.energy == emin;
    }
    /* both cases occur in the full run (the 60 cases of SSC_TEST_QUICK, under valgrind, need not
     * hold a case of each) */
    if (ncase == 400) assert_true(lower > 0 && equal > 0);
}

/* Geometry by hand: miRNA of 22 nt, target of 100 nt, a 7mer-m8 at [40, 47) (0-based): its last
 * base (46) faces nt 2, so nt 1 faces 47; the window runs from 47 - 21 - 5 = 21 to 47 + 2 = 49,
 * i.e. [21, 50). An 8mer at [40, 48) has its A (47) opposite nt 1: the same window. An
 * offset-6mer at [41, 47) pairs nt 3-8, nt 1 at 48. At the ends the window is clipped. */
static void site_geom__each_type__places_nt1_and_the_window(void **state)
{
    ssc_th_site_geom_t g;
    (void)state;
    assert_int_equal(ssc_th_site_geom(SSC_7MER_M8, 22, 100, 40, 47, &g), 0);
    assert_int_equal(g.p1, 47);
    assert_int_equal(g.wbeg, 21);
    assert_int_equal(g.wend, 50);
    assert_int_equal(g.a, 2);
    assert_int_equal(g.b, 8);
    assert_int_equal(ssc_th_site_geom(SSC_8MER, 22, 100, 40, 48, &g), 0);
    assert_int_equal(g.p1, 47);
    assert_int_equal(ssc_th_site_geom(SSC_OFFSET_6MER, 22, 100, 41, 47, &g), 0);
    assert_int_equal(g.p1, 48);
    assert_int_equal(g.a, 3);
    assert_int_equal(g.b, 8);
    assert_int_equal(ssc_th_site_geom(SSC_6MER_A1, 22, 100, 41, 47, &g), 0);
    assert_int_equal(g.p1, 46);
    assert_int_equal(g.b, 6);
    assert_int_equal(ssc_th_site_geom(SSC_6MER, 22, 48, 5, 11, &g), 0);
    assert_int_equal(g.wbeg, 0);
    assert_int_equal(g.wend, 14);
    assert_int_equal(ssc_th_site_geom(SSC_7MER_A1, 22, 48, 40, 47, &g), 0);
    assert_int_equal(g.wend, 48);
    assert_int_equal(ssc_th_site_geom(7, 22, 48, 40, 47, &g), SSC_EINVAL);
}

/* P002 (hsa-miR-200b-3p, a 6mer AGUAUU at window 18-23): RNAduplex's MFE structure on the
 * whole window pairs the seed (nt 2-8 with target 23-17, testdata/thermo), so the anchored
 * energy of that 6mer equals RNAduplex's -8.40 when the window holds the whole duplex. */
static void site_energy__rnaduplex_mfe_with_the_seed__is_that_mfe(void **state)
{
    const char *m = "UAAUACUGCCUGGUAAUGAUGA", *t = "AAGAUCUUUGUUAACUCAGUAUUUUAAACAUCUGUCAGCU";
    int e;
    (void)state;
    /* 6mer: rc(nt 2-7) = AGUAUU at 0-based [17, 23); nt 1 opposite 23 */
    assert_int_equal(ssc_th_seed_mfe(P, B, m, 22, t, 40, 23 - 1 + 1, 2, 7, &e), 0);
    assert_int_equal(e, -840);
    assert_int_equal(ssc_th_site_energy(P, B, m, 22, t, 40, SSC_6MER, 17, 23, &e), 0);
    assert_int_equal(e, -840);
}

/* Random required pairs (one or two diagonal runs, as a seed and a 3' block with a gap between)
 * on short pairs: ssc_th_duplex_fill_req's minimum, on the plain and the vector fill, and
 * ssc_th_req_mfe's equal the exhaustive enumeration of the duplexes that hold them. */
static void fill_req__random_required_pairs__equal_exhaustive_minimum(void **state)
{
    static const char nt[] = "ACGU", comp[] = "UGCA";
    ssc_th_dbuf_t *g = ssc_th_dbuf_init();
    uint64_t seed = 31;
    int k, ncase = getenv("SSC_TEST_QUICK") ? 60 : 400, found = 0;
    (void)state;
    assert_int_equal(ssc_th_dbuf_set_simd(g, "generic"), 0);
    for (k = 0; k < ncase; k++) {
        char m[16], w[20];
        int L = 9 + (int)(next_rand(&seed) % 4u), n = 9 + (int)(next_rand(&seed) % 6u), i;
        int req[16] = { 0 }, req0[16], a = 1 + (int)(next_rand(&seed) % 3u), len = 2 + (int)(next_rand(&seed) % 3u);
        int q = n - (int)(next_rand(&seed) % 3u), e, ev, eg, er, rc, two = next_rand(&seed) & 1;
        long count;
        ssc_th_hit_t h;
        for (i = 0; i < L; i++) m[i] = nt[next_rand(&seed) & 3];
        for (i = 0; i < n; i++) w[i] = nt[next_rand(&seed) & 3];
        m[L] = w[n] = 0;
        for (i = a; i <= a + len - 1 && i <= L && q - (i - a) >= 1; i++) {
            req[i] = q - (i - a);
            w[req[i] - 1] = comp[strchr(nt, m[i - 1]) - nt];
        }
        if (two && i + 3 <= L && req[i - 1] - 4 >= 1) { /* a second block after a 2 x 3 gap */
            int j = i + 2, c = req[i - 1] - 4;
            for (; j <= L && c >= 1 && j < i + 4; j++, c--) {
                req[j] = c;
                w[c - 1] = comp[strchr(nt, m[j - 1]) - nt];
            }
        }
        for (i = 0; i < L; i++) req0[i] = req[i + 1] ? req[i + 1] - 1 : -1;
        e = enumerate_req(m, w, req0, &count);
        assert_int_equal(ssc_th_duplex_fill_req(P, B, m, L, w, n, req), 0);
        ev = ssc_th_duplex_best(P, B, &h) == 0 ? h.energy : SSC_TH_INF;
        assert_int_equal(ssc_th_duplex_fill_req(P, g, m, L, w, n, req), 0);
        eg = ssc_th_duplex_best(P, g, &h) == 0 ? h.energy : SSC_TH_INF;
        /* the decomposition (5' corner, joins, anchored 3' fill) that non-canonical sites use */
        rc = ssc_th_req_mfe(P, B, m, L, w, n, req, &er);
        assert_true(rc == 0 || rc == 1);
        if (rc == 1) er = SSC_TH_INF;
        if (ev != e || eg != e || er != e)
            fprintf(stderr, "%s x %s: vector %d, plain %d, parts %d, enumeration %d\n", m, w, ev, eg, er, e);
        assert_int_equal(ev, e);
        assert_int_equal(eg, e);
        assert_int_equal(er, e);
        found += e < SSC_TH_INF;
    }
    assert_true(found > ncase / 2);
    ssc_th_dbuf_destroy(g);
}

/* ---- subopt, per-end, bad input ---- */

/* Every suboptimal is within delta, none is below the MFE, the first is the MFE, and each
 * traces to a structure of its energy. */
static void subopt__hits__lie_within_delta_of_the_mfe(void **state)
{
    const char *s1 = "UAAUACUGCCUGGUAAUGAUGA";
    const char *s2 = "AAGAUCUUUGUUAACUCAGUAUUUUAAACAUCUGUCAGCU";
    kstring_t db = { 0, 0, NULL };
    ssc_th_hit_t best, *hits;
    int n, k, e;
    (void)state;
    assert_int_equal(mfe(s1, s2, &best, &db), 0);
    n = ssc_th_duplex_subopt(P, B, 300, 5, 0, &hits);
    assert_true(n >= 2);
    assert_int_equal(hits[0].energy, best.energy);
    for (k = 0; k < n; k++) {
        assert_true(hits[k].energy <= best.energy + 300);
        assert_true(k == 0 || hits[k].energy >= hits[k - 1].energy);
        assert_int_equal(ssc_th_duplex_trace(P, B, &hits[k], &db), 0);
        assert_int_equal(ssc_th_eval_duplex(P, s1, s2, db.s, hits[k].s1_beg, hits[k].s2_beg, &e), 0);
        assert_int_equal(e, hits[k].energy);
    }
    free(hits);
    free(db.s);
}

/* The best over end positions is the MFE. */
static void per_end__minimum__is_the_mfe(void **state)
{
    const char *s1 = "UGAGGUAGUAGGUUGUAUAGUU";
    const char *s2 = "GGGAAACUAUACAACCUACUACCUCAGGGAAACUAUGCAACCUACUACCUCUAA";
    kstring_t db = { 0, 0, NULL };
    ssc_th_hit_t best, ends[64];
    int j, m = SSC_TH_INF;
    (void)state;
    assert_int_equal(mfe(s1, s2, &best, &db), 0);
    ssc_th_duplex_per_end(P, B, ends);
    for (j = 0; j < (int)strlen(s2); j++)
        if (ends[j].energy < m) m = ends[j].energy;
    assert_int_equal(m, best.energy);
    free(db.s);
}

static void fill__non_nucleotide__names_sequence_and_index(void **state)
{
    int which = 0, at = -1;
    (void)state;
    assert_int_equal(ssc_th_duplex_fill(P, B, "ACGU", 4, "ACXGU", 5, &which, &at), SSC_EINVAL);
    assert_int_equal(which, 2);
    assert_int_equal(at, 2);
    assert_int_equal(ssc_th_duplex_fill(P, B, "AC-U", 4, "ACGU", 4, &which, &at), SSC_EINVAL);
    assert_int_equal(which, 1);
    assert_int_equal(at, 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(duplex__300_pairs__equal_rnaduplex_2_4_18),
        cmocka_unit_test(duplex__short_random_pairs__equal_exhaustive_minimum),
        cmocka_unit_test(fill__every_simd_variant__equals_the_plain_fill),
        cmocka_unit_test(seed_mfe__random_sites__equal_exhaustive_minimum_with_the_seed_pairs),
        cmocka_unit_test(site_geom__each_type__places_nt1_and_the_window),
        cmocka_unit_test(fill_req__random_required_pairs__equal_exhaustive_minimum),
        cmocka_unit_test(site_energy__rnaduplex_mfe_with_the_seed__is_that_mfe),
        cmocka_unit_test(subopt__hits__lie_within_delta_of_the_mfe),
        cmocka_unit_test(per_end__minimum__is_the_mfe),
        cmocka_unit_test(fill__non_nucleotide__names_sequence_and_index),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
