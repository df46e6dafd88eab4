/* test_contextpp_fast.c: context++'s fast paths (6-mer index, bit-mask 3' pairing, threads) equal the plain loops they replace. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
/* the static functions under test, and the loops kept as their reference */
#include "targetscan/contextpp.c"

#define TS "testdata/targetscan/"

static uint64_t rng = 88172645463325252ull;
static unsigned rnd(unsigned n)
{
    rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
    return (unsigned)(rng % n);
}

/* Every seed over a small alphabet is too many; random seeds, random UTRs
 * with mixed case, T and U, N breaks, and low-complexity stretches (self-
 * overlapping words such as AAAAAA, where the non-overlap rule matters). */
static void offset6mers__index__equals_the_pass_over_the_sequence(void **state)
{
    static const char alpha[] = "ACGUTacgutN";
    char seq[260], seed[8], site[8];
    int64_t *a = NULL, *b = NULL;
    int ma = 0, mb = 0, total = 0;
    (void)state;
    for (int trial = 0; trial < 20000; trial++) {
        int len = (int)rnd(250), low = rnd(2);
        for (int i = 0; i < len; i++) seq[i] = low ? "AAAAUAaN"[rnd(8)] : alpha[rnd(sizeof alpha - 1)];
        seq[len] = 0;
        for (int i = 0; i < 7; i++) seed[i] = low ? "UUUUUAG"[rnd(7)] : "ACGU"[rnd(4)];
        seed[7] = 0;
        assert_int_equal(seed_site(seed, site), 0);
        ssc_cpp_kidx_t *k = ssc_cpp_kidx_build(seq, len);
        assert_non_null(k);
        int na = offset6mers(seq, len, site, &a, &ma), nb = offset6mers_idx(k, seq, len, site, &b, &mb);
        assert_int_equal(na, nb);
        for (int i = 0; i < na; i++) assert_int_equal(a[i], b[i]);
        total += na;
        ssc_cpp_kidx_destroy(k);
    }
    assert_true(total > 1000); /* the test met offset 6mers, not only empty lists */
    free(a);
    free(b);
}

/* All placements of random code strings (codes 0-5: other, A, U, C, G, N)
 * of every length up to 40 a side, both overhangs. */
static void pairing__bit_masks__equal_the_loop(void **state)
{
    int U[64], M[64], seen = 0;
    (void)state;
    for (int trial = 0; trial < 4000; trial++) {
        int nu = (int)rnd(41), nm = (int)rnd(41), oh = (int)rnd(2);
        for (int i = 0; i < nu; i++) U[i] = rnd(10) ? 1 + (int)rnd(4) : (int)rnd(6);
        for (int i = 0; i < nm; i++) M[i] = rnd(10) ? 1 + (int)rnd(4) : (int)rnd(6);
        codes_t k = {U, M, nu, nm, oh};
        masks_t b;
        code_masks(&k, &b);
        for (int o = 0; o < (nu > nm ? nu : nm); o++)
            for (int bottom = 0; bottom < 2; bottom++) {
                cand_t x, y;
                pairing_score(&k, o, bottom, &x);
                y.score = pairing_halves(&k, &b, o, bottom) / 2.0; /* half points: exact halves */
                assert_true(x.score == y.score);
                seen += x.score > 1;
            }
    }
    assert_true(seen > 1000);
}

/* The weighted score's memo: random pairs (score, AIR) from small pools, so
 * that pairs repeat, collide in the memo's slots and evict one another, give
 * the code and value of the direct rounding of ssc_cpp_weighted each time. */
static void weighted__memo__equals_the_direct_rounding(void **state)
{
    (void)state;
    struct ssc_cpp_scratch_s *x = calloc(1, sizeof *x);
    assert_non_null(x);
    double airs[64];
    char ta[32], tb[32];
    int hits = 0;
    for (int i = 0; i < 64; i++) airs[i] = i == 0 ? 1 : i == 1 ? 0 : rnd(1000) / 999.0;
    for (int trial = 0; trial < 200000; trial++) {
        /* scores as total_score leaves them: whole thousandths, -3 .. 0.5, and -0 */
        int wide = trial % 2; /* half from pools too wide for the memo, half from narrow ones */
        double cs = trial % 97 == 0 ? -0.0 : ((double)rnd(wide ? 3500 : 40) - (wide ? 3000 : 30)) / 1000;
        double air = airs[rnd(wide ? 64 : 4)], va, vb;
        int set = 0;
        uint64_t kc, ka;
        memcpy(&kc, &cs, sizeof kc);
        memcpy(&ka, &air, sizeof ka);
        for (int h = 0; h < WMEMO; h++) set |= x->wmemo[h].set && x->wmemo[h].cs == kc && x->wmemo[h].air == ka;
        hits += set;
        int32_t a = weighted_code(x, cs, air, &va, ta, sizeof ta);
        int32_t b = fixed_code_txt(ssc_cpp_weighted(cs, air), 4, &vb, tb, sizeof tb);
        assert_int_equal(a, b);
        assert_memory_equal(&va, &vb, sizeof va);
    }
    assert_true(hits > 50000 && hits < 190000); /* the memo answered often, and missed often */
    free(x);
}

/* log10_kept's memo: values from small pools (hits), wide ones (collisions), 0 and -0,
 * give log10_or_0's bits each time. */
static void log10__memo__equals_the_direct_log(void **state)
{
    (void)state;
    struct ssc_cpp_scratch_s *x = calloc(1, sizeof *x);
    assert_non_null(x);
    int hits = 0;
    for (int trial = 0; trial < 100000; trial++) {
        int kind = (int)rnd(10);
        double v = kind == 0 ? (rnd(2) ? 0.0 : -0.0) : kind < 5 ? (double)(1 + rnd(300)) : (double)rnd(1u << 30) / (kind < 8 ? 1 : 7);
        uint64_t key;
        memcpy(&key, &v, sizeof key);
        for (int h = 0; h < LMEMO; h++) hits += x->lmemo[h].set && x->lmemo[h].x == key;
        double a = log10_kept(x, v), b = log10_or_0(v);
        assert_memory_equal(&a, &b, sizeof a);
    }
    assert_true(hits > 10000 && hits < 90000); /* the memo answered often, and missed often */
    free(x);
}

static ssc_cpp_params_t *load_params(void);

/* The contributions' memo (codes only): random (feature, site type, raw value) from
 * small pools (hits), wide ones (collisions, evictions), -0 beside 0, values too large
 * for a code (texts, never kept), and two parameter sets taking turns, give the code and
 * value contrib gives without the memo (a result without scratch). */
static void contrib__memo__equals_the_direct_contribution(void **state)
{
    (void)state;
    ssc_cpp_params_t *p = load_params(), *q = malloc(sizeof *q);
    assert_non_null(q);
    memcpy(q, p, sizeof *q); /* the same texts (not freed twice: q is freed alone) */
    for (int f = 0; f < SSC_CPP_NFEAT; f++)
        for (int t = 0; t < 4; t++) q->coeff[f][t] *= 1.5;
    ssc_cpp_result_t a, b;
    ssc_cpp_result_init(&a);
    ssc_cpp_result_init(&b);
    assert_non_null(a.scratch = calloc(1, sizeof *a.scratch));
    a.codes_only = b.codes_only = 1; /* b: no scratch, no memo */
    int hits = 0, texts = 0;
    for (int trial = 0; trial < 200000; trial++) {
        const ssc_cpp_params_t *pp = trial / 40000 % 2 ? q : p;
        int f = (int)rnd(SSC_CPP_NFEAT), type = (int)rnd(4), kind = (int)rnd(100);
        double raw = kind < 40 ? (double)rnd(8) / 2 : kind < 45 ? -0.0 : kind < 47 ? 1e300 * (rnd(2) ? 1 : -1)
                   : kind < 70 ? (double)rnd(3000) / 7 : (double)rnd(1u << 30) / 1e6;
        uint64_t key;
        memcpy(&key, &raw, sizeof key);
        for (int h = 0; h < CMEMO && a.scratch->cmemo_p == pp; h++)
            hits += a.scratch->cmemo[h].set && a.scratch->cmemo[h].raw == key && a.scratch->cmemo[h].f == f &&
                    a.scratch->cmemo[h].type == type;
        contrib(pp, type, f, raw, &a);
        contrib(pp, type, f, raw, &b);
        assert_int_equal(a.code[f], b.code[f]);
        assert_memory_equal(&a.contrib_val[f], &b.contrib_val[f], sizeof(double));
        texts += b.code[f] == SSC_CPP_CODE_TEXT;
    }
    assert_true(hits > 20000 && hits < 190000 && texts > 100); /* the memo answered often, and missed often */
    ssc_cpp_result_free(&a);
    ssc_cpp_result_free(&b);
    free(q);
    ssc_cpp_params_destroy(p);
}

/* final_ranks against the hash it replaces, by brute force: an entry's
 * rank is the one put last (largest index below `put`) for its key, else
 * PCT_EMPTY. Random lists sorted by value with runs of equal values holding
 * several keys (as "0.000" and "-0.000"). */
static void percentiles__final_ranks__equal_the_last_put_of_each_key(void **state)
{
    (void)state;
    enum { M = 300 };
    pv_t l[M];
    row_t rows[M];
    int idx[M];
    pctx_t x = {NULL, NULL, NULL, 0, NULL, 0, NULL, 0, NULL, 0};
    for (int trial = 0; trial < 2000; trial++) {
        int m = 1 + (int)rnd(M), put = (int)rnd((unsigned)m + 1), nv = 1 + (int)rnd(20);
        for (int i = 0; i < m; i++) idx[i] = m - 1 - i; /* rows in another order than the list */
        double v = 0;
        for (int i = 0; i < m; i++) {
            if (i == 0 || rnd((unsigned)nv) == 0) v -= 1 + rnd(3);
            l[i] = (pv_t){v, (int64_t)v * 8 + (int64_t)rnd(3), 1, i, (int)rnd(101), 0};
        }
        rows_t rs = {.r = rows, .n = m};
        assert_int_equal(final_ranks(&x, &rs, idx, l, m, put, trial % 2), 0);
        for (int i = 0; i < m; i++) {
            int want = PCT_EMPTY;
            for (int j = 0; j < put; j++)
                if (l[j].key == l[i].key) want = l[j].rank;
            const row_t *r = &rows[idx[i]];
            assert_int_equal(trial % 2 ? r->wpct : r->pct, want);
        }
    }
    free(x.keys);
}

/* ---- the script's percentile ranks, written out literally (getPercentileRanks of
 * targetscan_70_context_scores.pl as its text reads): a second implementation for
 * the percentile pass ---- */
enum { PT = 24 };
static void score_text(int32_t c, int d, int type, char *t)
{
    static const unsigned p10[] = {1, 10, 100, 1000, 10000};
    if (c >= 0)
        snprintf(t, PT, "%s%u.%0*u", c & 1 ? "-" : "", ((uint32_t)c >> 1) / p10[d], d, ((uint32_t)c >> 1) % p10[d]);
    else
        snprintf(t, PT, "%s", c == SSC_CPP_CODE_ZERO ? "0" : c == SSC_CPP_CODE_NA ? "NA" : ssc_cpp_max_score[type]);
}
static int text_is_number(const char *t) { return strcmp(t, "NA") != 0; } /* the texts made above */
static int text_true(const char *t) { return *t && strcmp(t, "0") != 0; }

/* A Perl hash of texts: the last value put for a text wins; -1 when absent. */
typedef struct {
    const char *k[512];
    int v[512], n;
} phash_t;
static void phash_put(phash_t *h, const char *k, int v)
{
    for (int i = 0; i < h->n; i++)
        if (strcmp(h->k[i], k) == 0) { h->v[i] = v; return; }
    h->k[h->n] = k, h->v[h->n++] = v;
}
static int phash_get(const phash_t *h, const char *k)
{
    for (int i = 0; i < h->n; i++)
        if (strcmp(h->k[i], k) == 0) return h->v[i];
    return -1;
}

/* list[0..m) of row numbers, sorted {$b <=> $a} (Perl's sort keeps equal ones in order) */
static void sort_desc_stable(char (*txt)[PT], int *list, int m)
{
    for (int i = 1; i < m; i++) {
        int e = list[i], j = i;
        for (; j > 0 && atof(txt[list[j - 1]]) < atof(txt[e]); j--) list[j] = list[j - 1];
        list[j] = e;
    }
}

/* The ranks of one miRNA's rows 0..n-1 with score texts sc and weighted texts ws:
 * PCT_NA for a text that is no number, PCT_EMPTY for one the hash never got. */
static void script_ranks(char (*sc)[PT], char (*ws)[PT], int n, int *pct, int *wpct)
{
    int cl[512], wl[512], nc = 0, nw = 0, lower = 0;
    static phash_t h, wh;
    h.n = wh.n = 0;
    for (int r = 0; r < n; r++) {
        if (text_is_number(sc[r])) cl[nc++] = r;
        if (text_is_number(ws[r])) wl[nw++] = r;
    }
    sort_desc_stable(sc, cl, nc);
    sort_desc_stable(ws, wl, nw);
    for (int i = 0; i < nc; i++) {
        const char *prev = sc[cl[i ? i - 1 : nc - 1]]; /* $list[-1] is the last */
        if (text_true(prev) && atof(sc[cl[i]]) != atof(prev)) lower = i;
        phash_put(&h, sc[cl[i]], (int)floor(100.0 * lower / nc));
        /* $wlist[$i - 1]: the last for i = 0, undef (false) past the end */
        const char *wprev = i == 0 ? (nw ? ws[wl[nw - 1]] : NULL) : i - 1 < nw ? ws[wl[i - 1]] : NULL;
        double wv = i < nw ? atof(ws[wl[i]]) : 0; /* undef is 0 */
        if (wprev && text_true(wprev) && wv != atof(wprev)) lower = i;
        phash_put(&wh, i < nw ? ws[wl[i]] : "", (int)floor(100.0 * lower / nc));
    }
    for (int r = 0; r < n; r++) {
        int a = phash_get(&h, sc[r]), b = phash_get(&wh, ws[r]);
        pct[r] = !text_is_number(sc[r]) ? PCT_NA : a < 0 ? PCT_EMPTY : a;
        wpct[r] = !text_is_number(ws[r]) ? PCT_NA : b < 0 ? PCT_EMPTY : b;
    }
}

/* The percentile pass against the script's loop written out above, on one
 * miRNA's rows at a time: scores with many ties, "-0.000" beside "0.000",
 * "0" (false), "NA" (no number), a type's ceiling, and weighted lists
 * shorter and longer than the plain one (the script reads the shorter one
 * past its end as undef). */
static void percentiles__one_mirna__equal_the_script_loop(void **state)
{
    (void)state;
    enum { M = 400, NSITE = 8 };
    static const int named[] = {SSC_CPP_CODE_ZERO, SSC_CPP_CODE_NA, SSC_CPP_CODE_MAX};
    static char sc[M][PT], ws[M][PT];
    static row_t rows[M];
    int pct[M], wpct[M], past_end = 0;
    job_t job[NSITE]; /* the table keeps the site types in the jobs */
    memset(job, 0, sizeof job);
    for (int i = 0; i < NSITE; i++) job[i].type = (int8_t)(i % 4);
    const char *ids[] = {"hsa-miR-1"};
    for (int trial = 0; trial < 3000; trial++) {
        int n = 1 + (int)rnd(trial % 10 ? 60 : M), span = 1 + (int)rnd(trial % 3 ? 20 : 3000);
        int na_c = (int)rnd(4), na_w = (int)rnd(4); /* how often a list's text is named: 0 never */
        for (int r = 0; r < n; r++) {
            row_t *x = &rows[r];
            memset(x, 0, sizeof *x);
            x->site = (int)rnd(NSITE);
            int32_t c[2];
            for (int k = 0; k < 2; k++) {
                int na = k ? na_w : na_c;
                c[k] = na && rnd(8 / (unsigned)na) == 0 ? named[rnd(3)] : (int32_t)(rnd((unsigned)span) << 1 | rnd(2));
                x->c[own_of[COL_SCORE + k]] = (uint16_t)(c[k] + CODE_BIAS);
            }
            score_text(c[0], 3, job[x->site].type, sc[r]);
            score_text(c[1], 4, job[x->site].type, ws[r]);
        }
        int nc = 0, nw = 0;
        for (int r = 0; r < n; r++) nc += text_is_number(sc[r]), nw += text_is_number(ws[r]);
        past_end += nw + 1 < nc;
        script_ranks(sc, ws, n, pct, wpct);
        rows_t rs = {.r = rows, .n = n, .id = ids, .nid = 1, .mid = 1, .job = job};
        assert_int_equal(percentiles(&rs, NULL, 1 + trial % 2), 0);
        for (int r = 0; r < n; r++) {
            if (rows[r].pct != pct[r] || rows[r].wpct != wpct[r]) {
                for (int q = 0; q < n; q++)
                    print_message("%d: %s %s -> %d %d / %d %d\n", q, sc[q], ws[q], rows[q].pct, rows[q].wpct, pct[q], wpct[q]);
                fail_msg("trial %d row %d of %d: %s %s: pct %d wpct %d, the script %d %d", trial, r, n, sc[r],
                         ws[r], rows[r].pct, rows[r].wpct, pct[r], wpct[r]);
            }
        }
    }
    assert_true(past_end > 100); /* the weighted list was read past its end */
}

/* percentiles on 1-3 threads against the serial loop they replace (every
 * miRNA's group ranked in ID order with one scratch): 60,000 rows in 300
 * slots (some IDs shared by two slots: one group), one group larger than an
 * item of PCT_ROWS rows and the rest of random sizes, so items end at whole
 * groups; scores with many ties, "-0.000", "0", "NA" and a type's ceiling. */
static void percentiles__threads__equal_the_serial_loop(void **state)
{
    (void)state;
    enum { N = 60000, NSLOT = 300, NSITE = 97 };
    static const int named[] = {SSC_CPP_CODE_ZERO, SSC_CPP_CODE_NA, SSC_CPP_CODE_MAX};
    row_t *rows = calloc(N, sizeof *rows), *want = calloc(N, sizeof *rows);
    const char **ids = calloc(NSLOT, sizeof *ids);
    char (*names)[16] = calloc(NSLOT, sizeof *names);
    job_t job[NSITE];
    assert_non_null(rows), assert_non_null(want), assert_non_null(ids), assert_non_null(names);
    memset(job, 0, sizeof job);
    for (int i = 0; i < NSITE; i++) job[i].type = (int8_t)(i % 4);
    for (int j = 0; j < NSLOT; j++) { /* slots 2k and 2k + 1 share an ID for k < 20 */
        snprintf(names[j], sizeof names[j], "hsa-miR-%d", j < 40 ? j / 2 : j);
        ids[j] = names[j];
    }
    for (int i = 0; i < N; i++) {
        row_t *r = &rows[i];
        r->slot = i % 3 == 0 ? 7 : (int)rnd(NSLOT); /* slot 7: about 20,000 rows */
        r->site = (int)rnd(NSITE);
        for (int k = COL_SCORE; k <= COL_WSCORE; k++) {
            int32_t c = rnd(10) == 0 ? named[rnd(3)] : (int32_t)(rnd(i % 2 ? 40 : 3000) << 1 | rnd(2));
            r->c[own_of[k]] = (uint16_t)(c + CODE_BIAS);
        }
    }
    pctx_t x = {NULL, job, kh_init(cpp_str), 0, NULL, 0, NULL, 0, NULL, 0};
    int *idx = malloc(N * sizeof *idx), *grp = malloc(N * sizeof *grp), most = 0;
    rows_t ws = {.r = want, .n = N, .id = ids, .nid = NSLOT, .mid = NSLOT, .job = job};
    memcpy(want, rows, N * sizeof *rows);
    assert_int_equal(order_by_mirid(&ws, idx, grp), 0);
    for (int i = 0, j; i < N; i = j) {
        for (j = i + 1; j < N && grp[idx[j]] == grp[idx[i]]; j++) {}
        if (j - i > most) most = j - i;
    }
    assert_true(most > PCT_ROWS);
    pv_t *cl = malloc((size_t)most * sizeof *cl), *wl = malloc((size_t)most * sizeof *wl);
    for (int i = 0, j; i < N; i = j) {
        for (j = i + 1; j < N && grp[idx[j]] == grp[idx[i]]; j++) {}
        assert_int_equal(rank_one_mirna(&x, &ws, idx + i, j - i, cl, wl), 0);
    }
    int ranked = 0;
    for (int i = 0; i < N; i++) ranked += want[i].pct >= 0 && want[i].wpct >= 0;
    assert_true(ranked > N / 2);
    for (int nt = 1; nt <= 3; nt++) {
        rows_t rs = {.r = rows, .n = N, .id = ids, .nid = NSLOT, .mid = NSLOT, .job = job};
        for (int i = 0; i < N; i++) rows[i].pct = rows[i].wpct = 99;
        assert_int_equal(percentiles(&rs, NULL, nt), 0);
        for (int i = 0; i < N; i++) {
            assert_int_equal(rows[i].pct, want[i].pct);
            assert_int_equal(rows[i].wpct, want[i].wpct);
        }
    }
    free(x.keys), free(x.cnt), free(x.tmp);
    kh_destroy(cpp_str, x.texts);
    free(idx), free(grp), free(cl), free(wl);
    free(rows), free(want), free(ids), free(names);
}

/* sort_pv_desc against qsort with cmp_pv_desc (largest value first, equal
 * values in idx order): random lists of codes (N << 1 | sign, so -0.000 and
 * 0.000 tie) with many ties, mixed with values that are not codes (some a
 * whole number of units, as a type's ceiling "-0.03", some not, as 0.0005 at
 * 3 decimals) and with ranges that take the radix passes. */
static void percentiles__sort__equals_qsort_by_value_then_index(void **state)
{
    (void)state;
    enum { M = 400 };
    pv_t a[M], b[M];
    pctx_t x = {NULL, NULL, NULL, 0, NULL, 0, NULL, 0, NULL, 0};
    int counted = 0;
    for (int trial = 0; trial < 4000; trial++) {
        int m = (int)rnd(M + 1), d = trial % 2 ? 3 : 4, span = 1 + (int)rnd(trial % 3 ? 50 : trial % 5 ? 100000 : 1u << 29);
        int other = (int)rnd(4); /* 0: codes only */
        for (int i = 0; i < m; i++) {
            uint32_t n = rnd((unsigned)span), sign = rnd(2);
            int64_t key = (int64_t)(n << 1 | sign);
            double v = (double)n / (d == 3 ? 1000 : 10000);
            if (sign) v = -v;
            if (other && rnd(8) == 0) { /* not a code: a ceiling, a value between units, an odd text */
                static const double odd[] = {-0.03, -0.02, -0.01, 0, 0.0005, -1e-9, 2.5e-4, -123456.75};
                v = odd[rnd(8)];
                key = -1 - (int64_t)rnd(5);
            }
            a[i] = (pv_t){v, key, 1, i, 0, 0};
        }
        memcpy(b, a, (size_t)m * sizeof *a);
        qsort(b, (size_t)m, sizeof *b, cmp_pv_desc);
        assert_int_equal(sort_pv_desc(&x, a, m, d), 0);
        for (int i = 0; i < m; i++) assert_int_equal(a[i].idx, b[i].idx);
        counted += m > 1 && x.mcnt > 0;
    }
    assert_true(counted > 0); /* the counting sort ran */
    free(x.cnt);
    free(x.tmp);
}

/* same_text against the plain test (equal lengths, memcmp) on random texts of 0-40 bytes over a
 * small alphabet (so that equal and nearly equal texts are common), unequal lengths among them. */
static void same_text__equals_length_and_memcmp(void **state)
{
    (void)state;
    char a[48], b[48];
    int same = 0;
    memset(a, 'A', sizeof a), memset(b, 'A', sizeof b);
    for (int trial = 0; trial < 200000; trial++) {
        size_t na = rnd(41), nb = rnd(8) ? na : rnd(41);
        for (size_t i = 0; i < na; i++) a[i] = "AB"[rnd(2)];
        for (size_t i = 0; i < nb; i++) b[i] = rnd(16) ? a[i < na ? i : 0] : "AB"[rnd(2)];
        int want = na == nb && memcmp(a, b, na) == 0;
        assert_int_equal(same_text(a, na, b, nb), want);
        same += want;
    }
    assert_true(same > 10000);
}

/* A miRNA's features with random codes for each site type (none a text). */
static void mirfeat_random(mirfeat_t *mf)
{
    memset(mf, 0, sizeof *mf);
    for (int type = 0; type < 4; type++) {
        for (int k = 0; k < NMIRFEAT; k++) mf->code[type][k] = rnd(5) ? (int32_t)rnd(65530) : -1 - (int32_t)rnd(3);
        mf->ok[type] = 1;
    }
}

/* A row keeps its own codes in 16 bits and takes the intercept and its
 * miRNA's codes from the miRNA's features (compact), or keeps every code in
 * its text after the diagram (wide): random codes (the named negative ones,
 * small, and up to 2^30 - 1), the miRNA's codes or others, too_close TA and
 * SPS, texts for SSC_CPP_CODE_TEXT, diagrams or none; every code and text
 * reads back. */
static void rows__codes__read_back_narrow_and_wide(void **state)
{
    (void)state;
    text_t t = {NULL, 0, 0};
    ssc_cpp_result_t x;
    row_t r;
    mirfeat_t mf;
    int wide = 0, narrow = 0, tclose = 0;
    ssc_cpp_result_init(&x);
    assert_true(sizeof(row_t) <= 56);
    for (int j = 0; j < NOWN; j++) assert_int_equal(own_of[own_code[j]], j); /* the two tables agree */
    for (int k = GRP1_LO; k < GRP1_HI; k++) assert_int_equal(own_of[k], own_of[GRP1_LO] + k - GRP1_LO); /* a run of own codes */
    for (int k = 0, n = 0; k < NCODES; k++) n += own_of[k] >= 0, k == NCODES - 1 ? assert_int_equal(n, NOWN) : (void)0;
    for (int trial = 0; trial < 20000; trial++) {
        int32_t want[NCODES];
        int big = rnd(4) == 0, type = (int)rnd(4);
        mirfeat_random(&mf);
        for (int k = 0; k < NCODES; k++) {
            unsigned kind = rnd(10);
            want[k] = kind < 2 ? -1 - (int32_t)rnd(6) /* SSC_CPP_CODE_ZERO .. TEXT */
                      : big && kind < 4 ? (int32_t)(65530 + rnd(1u << 29))
                      : (int32_t)rnd(65530);
            if (rnd(200) == 0) want[k] = 65529 + (int32_t)rnd(3); /* the last narrow code and past it */
        }
        if (rnd(4)) { /* as the table's rows: the intercept and the miRNA's codes, or too_close */
            want[SSC_CPP_SITE_TYPE] = SSC_CPP_CODE_INTERCEPT;
            for (int k = 0; k < NMIRFEAT; k++) want[mir_feat[k]] = mf.code[type][k];
            if (rnd(8) == 0) want[SSC_CPP_TA] = want[SSC_CPP_SPS] = SSC_CPP_CODE_TOO_CLOSE;
            if (rnd(20) == 0) want[mir_feat[rnd(NMIRFEAT)]] = (int32_t)rnd(65530); /* but one */
            if (rnd(20) == 0) mf.ok[type] = 0;
        }
        memcpy(x.code, want, sizeof x.code);
        x.score_code = want[COL_SCORE];
        x.wscore_code = want[COL_WSCORE];
        for (int k = 0; k < NCODES; k++) {
            char *dst = k < SSC_CPP_NFEAT ? x.contrib[k] : k == COL_SCORE ? x.score : x.wscore;
            snprintf(dst, 24, "t%d.%u", k, rnd(1000));
        }
        if (rnd(2)) {
            kputs("AUGC", (x.utr_aln.l = 0, &x.utr_aln));
            kputs("| |", (x.bars.l = 0, &x.bars));
            kputs("UACG", (x.mir_aln.l = 0, &x.mir_aln));
        } else {
            free(x.utr_aln.s), free(x.bars.s), free(x.mir_aln.s);
            memset(&x.utr_aln, 0, sizeof x.utr_aln), memset(&x.bars, 0, sizeof x.bars), memset(&x.mir_aln, 0, sizeof x.mir_aln);
        }
        assert_int_equal(add_row(&r, &t, trial, trial % 7, type, trial % 9 ? &mf : NULL, &x), 0);
        assert_int_equal(r.slot, trial % 7);
        assert_int_equal(r.site, trial);
        int32_t got[NCODES];
        row_codes(&r, &mf, type, got);
        for (int k = 0; k < NCODES; k++) {
            if (r.wide || own_of[k] >= 0) assert_int_equal(row_code(&r, k), want[k]);
            assert_int_equal(got[k], want[k]);
            if (want[k] == SSC_CPP_CODE_TEXT) assert_string_equal(row_esc(&r, k), code_src(&x, k));
        }
        assert_string_equal(r.diag, x.utr_aln.s ? "AUGC\t| |\tUACG" : "0\t0\t");
        wide += r.wide, narrow += !r.wide, tclose += r.tclose;
    }
    assert_true(wide > 0 && narrow > 1000 && tclose > 100);
    for (int i = 0; i < t.nblk; i++) ssc_ts_huge_unmap(t.blk[i].p, t.blk[i].len);
    free(t.blk);
    ssc_cpp_result_free(&x);
}

/* A code's text by a second means (printf of its parts). */
static void code_text_ref(kstring_t *s, int32_t c, int d, const char *text)
{
    static const char *const named[] = {"0", "NA", "too_close"};
    static const unsigned p10[] = {1, 10, 100, 1000, 10000};
    if (c >= 0) ksprintf(s, "%s%u.%0*u", c & 1 ? "-" : "", ((uint32_t)c >> 1) / p10[d], d, ((uint32_t)c >> 1) % p10[d]);
    else kputs(c == SSC_CPP_CODE_TEXT || c == SSC_CPP_CODE_INTERCEPT ? text : named[-1 - c], s);
}

/* format_row of narrow and wide rows (codes from 16 bits to 2^30 - 1, texts
 * of SSC_CPP_CODE_TEXT after a wide row's codes) against the line put
 * together field by field; plainly and with a worker's caches (the codes'
 * texts, the memo of runs of columns: some rows take their codes from a few
 * values, so that runs repeat and slots are shared). */
static void rows__format__narrow_and_wide_rows_print_their_codes(void **state)
{
    (void)state;
    static const char *const cols[SSC_TS_NCOLS] = {"GENE", "fam-1", "9606", "10", "17", "12", "19", "42",
                                                   "7mer-m8", "9606", "1", "0", "NA", ""};
    char buf[256], *q = buf;
    ssc_ts_siterow_t row = {buf, {0}, 14, SSC_7MER_M8, 12, 19, 42, 2};
    for (int k = 0; k < SSC_TS_NCOLS; k++) {
        if (k) row.off[k - 1] = (uint16_t)(q - buf);
        q += sprintf(q, "%s", cols[k]) + 1;
    }
    sitecols_t from_row, from_job; /* the columns as read, and as the table makes them */
    sitecols_from_row(&from_row, &row);
    sitecols_from_job(&from_job, "GENE", "9606", "fam-1", SSC_7MER_M8, 12, 19, 42);
    static const char *const ids[] = {"hsa-miR-0", "hsa-miR-1"};
    text_t t = {NULL, 0, 0};
    ssc_cpp_result_t x;
    kstring_t out = {0, 0, NULL}, want = {0, 0, NULL};
    airtxt_t air = {0, 0, 0, ""};
    int wide = 0, plain_rows = 0, compact = 0;
    row_t r;
    ssc_cpp_params_t *p = load_params();
    fmtctx_t fc;
    rows_t rs;
    memset(&rs, 0, sizeof rs);
    assert_int_equal(fmtctx_init(&fc, &rs, p), 0);
    ssc_cpp_result_init(&x);
    mirfeat_t mf;
    for (int trial = 0; trial < 20000; trial++) {
        int32_t c[NCODES];
        int few = trial % 4 == 0; /* no texts, narrow codes, a few values */
        mirfeat_random(&mf);
        for (int k = 0; k < NCODES; k++) {
            unsigned kind = rnd(10);
            c[k] = few ? (kind < 2 ? -1 - (int32_t)rnd(2) : (int32_t)rnd(6) * 2001)
                   : kind < 3 ? -1 - (int32_t)rnd(3) : kind < 4 ? SSC_CPP_CODE_TEXT /* no INTERCEPT or MAX */
                   : trial % 2 && kind < 6 ? (int32_t)(65530 + rnd(1u << 29)) : (int32_t)rnd(65530);
            char *dst = k < SSC_CPP_NFEAT ? x.contrib[k] : k == COL_SCORE ? x.score : x.wscore;
            snprintf(dst, 24, "t%d", (int)rnd(1000));
        }
        if (trial % 3) { /* the miRNA's codes (a compact row), for a 7mer-m8 */
            c[SSC_CPP_SITE_TYPE] = SSC_CPP_CODE_INTERCEPT;
            for (int k = 0; k < NMIRFEAT; k++) c[mir_feat[k]] = mf.code[SSC_7MER_M8][k];
        }
        memcpy(x.code, c, sizeof x.code);
        x.score_code = c[COL_SCORE];
        x.wscore_code = c[COL_WSCORE];
        x.air = rnd(2) ? 1 : rnd(1000) / 999.0;
        x.bars.l = x.utr_aln.l = x.mir_aln.l = 0;
        kputs("AUG", &x.utr_aln), kputs("| ", &x.bars), kputs("UA", &x.mir_aln);
        assert_int_equal(add_row(&r, &t, 0, 1, SSC_7MER_M8, &mf, &x), 0);
        wide += r.wide;
        out.l = want.l = 0;
        assert_int_equal(format_row(&out, &r, p, trial % 2 ? &from_row : &from_job, ids, &mf, x.air, &air, NULL), 0);
        ksprintf(&want, "GENE\t9606\thsa-miR-1\t7mer-m8\t12\t19");
        for (int k = 0; k < NCODES; k++) {
            if (k == COL_WSCORE) ksprintf(&want, "\t%.15g", x.air);
            kputc('\t', &want);
            code_text_ref(&want, c[k], k == COL_WSCORE ? 4 : 3,
                          c[k] == SSC_CPP_CODE_INTERCEPT ? p->intercept[SSC_7MER_M8] : code_src(&x, k));
            if (k == COL_SCORE) kputc('\t', &want); /* the percentile, empty */
        }
        kputs("\t\tAUG\t| \tUA\tfam-1\t42\n", &want);
        assert_string_equal(out.s, want.s);
        out.l = 0;
        assert_int_equal(format_row(&out, &r, p, trial % 2 ? &from_row : &from_job, ids, &mf, x.air, &air, &fc.dc), 0);
        assert_string_equal(out.s, want.s);
        plain_rows += !r.esc, compact += !r.wide;
    }
    assert_true(wide > 0);
    assert_true(plain_rows >= 5000 && compact >= 5000); /* the rows that go through the memo; compact rows */
    drawctx_free(&fc.dc);
    ssc_cpp_params_destroy(p);
    for (int i = 0; i < t.nblk; i++) ssc_ts_huge_unmap(t.blk[i].p, t.blk[i].len);
    free(t.blk);
    free(out.s);
    free(want.s);
    ssc_cpp_result_free(&x);
}

/* The 3' contribution and diagram of random windows and miRNAs (every site
 * type, some N and lowercase, windows and miRNAs of varied length): the
 * masks with placements pruned by their bound equal every placement scored
 * by the loop, also with the miRNA's masks kept (as the table's rows). */
static void three_prime__pruned_masks__equal_every_placement(void **state)
{
    (void)state;
    ssc_cpp_params_t *p = load_params();
    ssc_cpp_result_t a, b, f;
    char win[48], mir[32], up[32];
    int strong = 0;
    ssc_cpp_result_init(&a);
    ssc_cpp_result_init(&b);
    ssc_cpp_result_init(&f);
    assert_non_null(a.scratch = calloc(1, sizeof *a.scratch));
    assert_non_null(b.scratch = calloc(1, sizeof *b.scratch));
    assert_non_null(f.scratch = calloc(1, sizeof *f.scratch));
    mirfeat_t mf; /* the miRNA's text and masks as mirfeat_make keeps them (the UTR's masks by letter) */
    memset(&mf, 0, sizeof mf);
    f.codes_only = 1;
    f.scratch->mirfeat = &mf;
    for (int trial = 0; trial < 20000; trial++) {
        int nw = 10 + (int)rnd(30), nmir = 8 + (int)rnd(20), type = (int)rnd(4);
        for (int i = 0; i < nw; i++) win[i] = rnd(20) ? "ACGUacgu"[rnd(trial % 3 ? 4 : 8)] : 'N';
        for (int i = 0; i < nmir; i++) mir[i] = "ACGU"[rnd(4)];
        /* a complementary stretch now and then, for strong 3' pairing */
        if (trial % 2)
            for (int i = 12, j = 1 + (int)rnd(6); i < nmir && j < nw; i++, j++)
                win[nw - 1 - j] = "UGCA"[strchr("ACGU", mir[i]) - "ACGU"];
        win[nw] = mir[nmir] = 0;
        use_masks = 1;
        assert_int_equal(three_prime(p, win, mir, type, &a), 0);
        use_masks = 0;
        assert_int_equal(three_prime(p, win, mir, type, &b), 0);
        use_masks = 1;
        assert_int_equal(a.code[SSC_CPP_3P], b.code[SSC_CPP_3P]);
        assert_string_equal(a.utr_aln.s ? a.utr_aln.s : "-", b.utr_aln.s ? b.utr_aln.s : "-");
        assert_string_equal(a.bars.s ? a.bars.s : "-", b.bars.s ? b.bars.s : "-");
        assert_string_equal(a.mir_aln.s ? a.mir_aln.s : "-", b.mir_aln.s ? b.mir_aln.s : "-");
        memcpy(up, mir, (size_t)nmir + 1); /* upper case already */
        mf.seq = mir, mf.up = up, mf.nup = nmir;
        for (int k = 0; k < 2; k++) {
            int nm = nmir > 7 + k ? nmir - 7 - k : 0;
            mf.mok[k] = 1;
            mir_masks(up + 7 + k, nm, mf.m[k]);
        }
        assert_int_equal(three_prime(p, win, mir, type, &f), 0);
        assert_int_equal(f.code[SSC_CPP_3P], b.code[SSC_CPP_3P]);
        assert_string_equal(f.utr_aln.s ? f.utr_aln.s : "-", b.utr_aln.s ? b.utr_aln.s : "-");
        assert_string_equal(f.bars.s ? f.bars.s : "-", b.bars.s ? b.bars.s : "-");
        assert_string_equal(f.mir_aln.s ? f.mir_aln.s : "-", b.mir_aln.s ? b.mir_aln.s : "-");
        strong += a.contrib_val[SSC_CPP_3P] != 0;
    }
    assert_true(strong > 1000);
    f.scratch->mirfeat = NULL;
    ssc_cpp_result_free(&a);
    ssc_cpp_result_free(&b);
    ssc_cpp_result_free(&f);
    ssc_cpp_params_destroy(p);
}

/* The diagram drawn from the placement the 3' search keeps (place_only, as
 * the table's rows keep it) equals the diagram the search draws itself, on
 * random windows and miRNAs of every site type: weak pairing hidden and
 * gaps on either side among them, nothing to align, and miRNAs too long for
 * the masks or windows with gap letters that hiding drops (whose diagram
 * stays text). */
static void three_prime__placement_drawn_later__equals_the_diagram_drawn_at_once(void **state)
{
    (void)state;
    ssc_cpp_params_t *p = load_params();
    ssc_cpp_result_t a, b;
    char win[48], mir[96], got[PLACED_ROOM(48, 96)];
    int kinds[3] = {0, 0, 0}, hidden = 0, gap_utr = 0, gap_mir = 0;
    kstring_t utr = {0, 0, NULL}, up = {0, 0, NULL}, want = {0, 0, NULL};
    ssc_cpp_result_init(&a);
    ssc_cpp_result_init(&b);
    assert_non_null(a.scratch = calloc(1, sizeof *a.scratch));
    assert_non_null(b.scratch = calloc(1, sizeof *b.scratch));
    b.scratch->place_only = 1;
    for (int trial = 0; trial < 20000; trial++) {
        int nw = trial % 500 == 0 || trial % 300 == 1 ? 1 + (int)rnd(8) : 10 + (int)rnd(30), type = (int)rnd(4);
        int nmir = trial % 100 == 0 ? 70 + (int)rnd(20) : trial % 300 == 1 ? (int)rnd(8) : 8 + (int)rnd(20);
        for (int i = 0; i < nw; i++) win[i] = rnd(20) ? "ACGUacgu"[rnd(trial % 3 ? 4 : 8)] : 'N';
        for (int i = 0; i < nmir; i++) mir[i] = "ACGU"[rnd(4)];
        if (trial % 2) /* a complementary stretch now and then, for strong 3' pairing */
            for (int i = 12, j = 1 + (int)rnd(6); i < nmir && j < nw; i++, j++)
                win[nw - 1 - j] = "UGCA"[strchr("ACGU", mir[i]) - "ACGU"];
        if (trial % 50 == 7) win[rnd((unsigned)nw)] = ".-"[rnd(2)]; /* a gap letter, which hiding drops */
        win[nw] = mir[nmir] = 0;
        assert_int_equal(three_prime(p, win, mir, type, &a), 0);
        assert_int_equal(three_prime(p, win, mir, type, &b), 0);
        assert_int_equal(a.code[SSC_CPP_3P], b.code[SSC_CPP_3P]);
        int kind = b.scratch->pl.kind;
        kinds[kind]++;
        if (kind == DIAG_NONE) {
            assert_null(a.utr_aln.s);
            assert_null(a.bars.s);
            assert_null(a.mir_aln.s);
            continue;
        }
        if (kind == DIAG_TEXT) { /* drawn at once, as without place_only */
            assert_string_equal(b.utr_aln.s, a.utr_aln.s);
            assert_string_equal(b.bars.s, a.bars.s);
            assert_string_equal(b.mir_aln.s, a.mir_aln.s);
            continue;
        }
        /* the window (5' to 3') and the miRNA as a row's site and miRNA give them */
        assert_int_equal(upper_rna(win, &utr), 0);
        assert_int_equal(upper_rna(mir, &up), 0);
        char rev[96];
        for (size_t i = 0; i < up.l; i++) rev[i] = up.s[up.l - 1 - i];
        char *e = put_placed(got, utr.s, (int)utr.l, up.s, rev, (int)up.l, type, b.scratch->pl.off,
                             b.scratch->pl.bottom, b.scratch->pl.hide, b.scratch->pl.bars, b.scratch->pl.slen);
        *e = 0;
        want.l = 0;
        ksprintf(&want, "%s\t%s\t%s", a.utr_aln.s, a.bars.s, a.mir_aln.s);
        assert_string_equal(got, want.s);
        hidden += b.scratch->pl.hide && strchr(a.utr_aln.s, '-') == NULL && strchr(a.mir_aln.s, '-') == NULL &&
                  b.scratch->pl.off > 0;
        gap_utr += strchr(a.utr_aln.s, '-') != NULL;
        gap_mir += strchr(a.mir_aln.s, '-') != NULL;
    }
    /* every kind met, hidden pairing that dropped a gap, and gaps on both sides */
    assert_true(kinds[DIAG_NONE] > 10 && kinds[DIAG_PLACED] > 10000 && kinds[DIAG_TEXT] > 100);
    assert_true(hidden > 1000 && gap_utr > 500 && gap_mir > 300);
    free(utr.s);
    free(up.s);
    free(want.s);
    ssc_cpp_result_free(&a);
    ssc_cpp_result_free(&b);
    ssc_cpp_params_destroy(p);
}

/* window_up (the window from the UTR's upper-case copy) equals
 * upper_rna(site_window()), and window_from_up's reversed window its
 * reversal, on random UTRs (lower case, T, N; now and then a
 * blank or line break, which take the plain way) and sites of every type
 * anywhere, near both ends among them. */
static void window_up__equals_upper_rna_of_site_window(void **state)
{
    (void)state;
    char seq[128];
    kstring_t win = {0, 0, NULL}, w = {0, 0, NULL}, want = {0, 0, NULL}, raw = {0, 0, NULL};
    int plain = 0, dropped = 0;
    for (int trial = 0; trial < 20000; trial++) {
        int len = 1 + (int)rnd(trial % 4 ? 100 : 30);
        for (int i = 0; i < len; i++) seq[i] = "ACGTUacgtuNn"[rnd(trial % 5 ? 5 : 12)];
        if (trial % 40 == 3) seq[rnd((unsigned)len)] = " \n"[rnd(2)];
        if (trial % 7 == 0 && len > 4) seq[len - 1 - rnd(4)] = 'N', seq[len - 1 - rnd(4)] = 'N';
        seq[len] = 0;
        utr_rec_t u;
        memset(&u, 0, sizeof u);
        u.seq = seq, u.len = len;
        ssc_cpp_utr_t uu = {.seq = seq, .len = len};
        for (int k = 0; k < 8; k++) {
            int64_t start = 1 + (int64_t)rnd((unsigned)len), end = start + 5 + (int64_t)rnd(3);
            if (end > len) end = len; /* the table's rows end in the UTR */
            if (end < start) continue;
            ssc_cpp_site_t s = {.type = (int)rnd(4), .start = start, .end = end};
            assert_int_equal(window_up(&u, &s, &win, &w), 0);
            assert_int_equal(site_window(&uu, &s, &raw), 0);
            assert_int_equal(upper_rna(raw.s, &want), 0);
            assert_int_equal(w.l, want.l);
            assert_string_equal(w.s, want.s);
            if (u.up_state > 0) { /* reversed, as the 3' search reads it */
                assert_int_equal(window_from_up(&uu, u.up, &s, 1, &w), 0);
                reverse_str(&want);
                assert_int_equal(w.l, want.l);
                assert_string_equal(w.s, want.s);
            }
            plain += u.up_state > 0;
            dropped += raw.s[0] == ' ';
        }
        free(u.up);
    }
    assert_true(plain > 100000 && dropped > 100); /* both ways, and pads that drop a leading "NN" */
    free(win.s);
    free(w.s);
    free(want.s);
    free(raw.s);
}

/* put_fixed through the memo equals ssc_cpp_fixed_put on 200,000 codes
 * drawn from narrow pools (hits) and wide ones (collisions, evictions),
 * with 3 and 4 decimals alike. */
static void put_fixed__memo__equals_the_direct_text(void **state)
{
    (void)state;
    fixslot_t *fix = calloc(FIXMEMO, sizeof *fix);
    char got[64], want[64];
    int hits = 0;
    assert_non_null(fix);
    for (int trial = 0; trial < 200000; trial++) {
        uint32_t range = trial % 4 == 0 ? (1u << 30) - 1 : trial % 4 == 1 ? 50000 : 300;
        int32_t c = (int32_t)(rnd(range) % range), dec = 3 + (int)rnd(2);
        fixslot_t *e = &fix[((uint32_t)c ^ (uint32_t)dec << 30) * 2654435761u >> 22 & (FIXMEMO - 1)];
        hits += e->n && e->code == c && e->d == dec;
        char *end = put_fixed(got, c, dec, fix, NULL);
        int n = ssc_cpp_fixed_put(want, c, dec);
        assert_int_equal(end - got, n);
        assert_memory_equal(got, want, (size_t)n);
    }
    assert_true(hits > 50000);
    free(fix);
}

/* put_fixed through the table of the small codes' texts (code_texts) equals
 * ssc_cpp_fixed_put for every code of the table and those just past it, at 3
 * and 4 decimals, with the memo for the rest. */
static void put_fixed__texts__equal_the_direct_text_for_every_code(void **state)
{
    (void)state;
    fixslot_t *fix = calloc(FIXMEMO, sizeof *fix);
    char (*txt)[8] = code_texts(), got[64], want[64];
    assert_non_null(fix);
    assert_non_null(txt);
    for (int dec = 3; dec <= 4; dec++)
        for (int32_t c = 0; c < NTXT + 300; c++) {
            memset(got, 'x', sizeof got);
            char *end = put_fixed(got, c, dec, fix, txt);
            int n = ssc_cpp_fixed_put(want, c, dec);
            assert_int_equal(end - got, n);
            assert_memory_equal(got, want, (size_t)n);
        }
    free(txt);
    free(fix);
}

/* The local AU score's raw fraction as the script's loops make it: each
 * side walks away from the site while it is in the UTR (30 letters at most). */
static double local_au_ref(const char *seq, int64_t len, int type, int64_t start, int64_t end, double sum[3])
{
    double inv[32] = {0};
    for (int k = 1; k < 32; k++) inv[k] = 1.0 / k;
    int64_t up_start = start - 31, up_len = 30;
    double up = 0, down = 0, maxraw = 0;
    if (up_start < 0) up_start = 0, up_len = start - 1;
    int uf = type == SSC_8MER || type == SSC_7MER_M8 ? 1 : 2, df = type == SSC_8MER || type == SSC_7MER_A1 ? 2 : 1;
    for (int64_t i = 0; i < up_len && up_start + up_len - 1 - i < len; i++) {
        char c = seq[up_start + up_len - 1 - i];
        up += inv[i + uf] * (strchr("AUTaut", c) && c ? 1 : 0);
        maxraw += inv[i + uf];
    }
    for (int64_t i = 0; i < 30 && end + i < len; i++) {
        char c = seq[end + i];
        down += inv[i + df] * (strchr("AUTaut", c) && c ? 1 : 0);
        maxraw += inv[i + df];
    }
    sum[0] = up, sum[1] = down, sum[2] = maxraw;
    return maxraw != 0 ? (up + down) / maxraw : 0;
}

/* feat_local_au's contribution equals the one from local_au_ref's fraction
 * on random UTRs and sites of every type, near both ends among them, from
 * the letters and from the UTR's AU bits (au_bits) alike; and its three sums
 * are the walk's, bit for bit (the bits' upstream walk reads the UTR
 * backwards and takes its first 8 letters' sum from a table). */
static void local_au__bounded_loops__equal_the_walk(void **state)
{
    (void)state;
    ssc_cpp_params_t *p = load_params();
    ssc_cpp_result_t a, b, c;
    char seq[128];
    int ends = 0;
    ssc_cpp_result_init(&a);
    ssc_cpp_result_init(&b);
    ssc_cpp_result_init(&c);
    a.codes_only = b.codes_only = c.codes_only = 1;
    assert_non_null(c.scratch = calloc(1, sizeof *c.scratch)); /* c: the walks on the UTR's AU bits */
    for (int trial = 0; trial < 50000; trial++) {
        int len = 8 + (int)rnd(trial % 3 ? 100 : 40), type = (int)rnd(4);
        for (int i = 0; i < len; i++) seq[i] = "ACGTUacgtuN"[rnd(11)];
        seq[len] = 0;
        int64_t start = 1 + (int64_t)rnd((unsigned)len), end = start + 5 + (int64_t)rnd(3);
        if (end > len) end = len;
        if (end < start) continue;
        ssc_cpp_utr_t u = {.seq = seq, .len = len};
        ssc_cpp_site_t s = {.type = type, .start = start, .end = end};
        feat_local_au(p, &u, &s, &a);
        char frac[32];
        double fv = 0, want[3], got[3], x = local_au_ref(seq, len, type, start, end, want);
        ssc_cpp_fmt_fixed(frac, sizeof frac, x, 3, &fv);
        contrib(p, type, SSC_CPP_LOCAL_AU, fv, &b);
        assert_int_equal(a.code[SSC_CPP_LOCAL_AU], b.code[SSC_CPP_LOCAL_AU]);
        assert_true(a.contrib_val[SSC_CPP_LOCAL_AU] == b.contrib_val[SSC_CPP_LOCAL_AU]);
        uint64_t *au = au_bits(seq, len);
        assert_non_null(au);
        c.scratch->au = au;
        feat_local_au(p, &u, &s, &c);
        local_au_sums(p, &u, &s, c.scratch, got);
        assert_memory_equal(got, want, sizeof got);
        c.scratch->au = NULL;
        local_au_sums(p, &u, &s, c.scratch, got);
        assert_memory_equal(got, want, sizeof got);
        free(au);
        assert_int_equal(c.code[SSC_CPP_LOCAL_AU], b.code[SSC_CPP_LOCAL_AU]);
        assert_memory_equal(&c.contrib_val[SSC_CPP_LOCAL_AU], &b.contrib_val[SSC_CPP_LOCAL_AU], sizeof(double));
        ends += start < 31 || end + 30 > len;
    }
    assert_true(ends > 20000);
    ssc_cpp_result_free(&a);
    ssc_cpp_result_free(&b);
    ssc_cpp_result_free(&c);
    ssc_cpp_params_destroy(p);
}

/* degap_lead against the plain definition (every '-' and '.' dropped, the
 * rest pushed right behind as many blanks) on random lines of letters,
 * blanks and gaps, with and without gaps, empty, and with a NUL inside. */
static void degap_lead__equals_dropping_every_gap(void **state)
{
    (void)state;
    char want[64], got[64];
    for (int trial = 0; trial < 50000; trial++) {
        size_t n = rnd(50);
        const char *alpha = trial % 3 == 0 ? "ACGU " : "ACGU -.";
        for (size_t i = 0; i < n; i++) got[i] = alpha[rnd((unsigned)strlen(alpha))];
        if (n > 2 && trial % 50 == 0) got[rnd((unsigned)n)] = 0; /* a NUL inside the line */
        got[n] = 0;
        size_t k = 0, gaps = 0;
        for (size_t i = 0; i < n; i++) gaps += got[i] == '-' || got[i] == '.';
        memset(want, ' ', gaps);
        for (size_t i = 0; i < n; i++)
            if (got[i] != '-' && got[i] != '.') want[gaps + k++] = got[i];
        want[n] = 0;
        kstring_t s = {n, sizeof got, got};
        degap_lead(&s);
        assert_int_equal(s.l, n);
        assert_memory_equal(got, want, n + 1);
    }
}

static ssc_cpp_params_t *load_params(void)
{
    char err[512];
    ssc_cpp_params_t *p = ssc_cpp_params_load("refs/targetscan/Agarwal_2015_parameters.txt",
                                              "refs/targetscan/TA_SPS_by_seed_region.txt", err, sizeof err);
    assert_non_null(p);
    return p;
}

static char *table(const ssc_cpp_params_t *p, int compat, int nthreads, const char *lunp, const char *sites)
{
    char err[512] = "";
    ssc_cpp_opt_t o;
    ssc_cpp_inputs_t in = {TS "UTR_Sequences_sample.txt", TS "miR_for_context_scores.sample.txt", sites,
                           TS "ORF_Sequences_sample.lengths.txt", TS "ORF_8mer_counts_sample.txt",
                           TS "All_cell_lines.AIRs.txt", lunp, NULL};
    kstring_t out = {0, 0, NULL};
    ssc_cpp_opt_init(&o);
    o.compat = compat;
    o.nthreads = nthreads;
    int ret = ssc_cpp_targetscan_table(p, &o, &in, &out, err, sizeof err);
    if (ret < 0) {
        free(out.s);
        return strdup(err); /* the error message, to compare too */
    }
    return out.s;
}

/* The table, and the error of a bad input, are the same for any thread count. */
static void table__threads__give_the_serial_table(void **state)
{
    ssc_cpp_params_t *p = load_params();
    (void)state;
    char *one = table(p, 1, 1, TS "RNAplfold", TS "targetscan_70_output.BL_PCT.txt");
    assert_true(strncmp(one, "Gene ID\t", 8) == 0);
    for (int t = 2; t <= 4; t++) {
        char *many = table(p, 1, t, TS "RNAplfold", TS "targetscan_70_output.BL_PCT.txt");
        assert_string_equal(one, many);
        free(many);
    }
    free(one);
    /* a site row naming a UTR that is not there: the same first error */
    char path[] = "/tmp/cppfast.XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *in = fopen(TS "targetscan_70_output.BL_PCT.txt", "r"), *out = fdopen(fd, "w");
    char line[4096];
    for (int n = 0; fgets(line, sizeof line, in); n++) {
        if (n == 150) fputs("NOPE\tlet-7/98\t9606\t1\t8\t1\t8\t1\t8mer-1a\tx\t8mer-1a\t0\tNA\t\n", out);
        fputs(line, out);
    }
    fclose(in);
    fclose(out);
    one = table(p, 0, 1, NULL, path);
    assert_non_null(strstr(one, "no UTR for NOPE"));
    for (int t = 2; t <= 3; t++) {
        char *many = table(p, 0, t, NULL, path);
        assert_string_equal(one, many);
        free(many);
    }
    free(one);
    unlink(path);
    ssc_cpp_params_destroy(p);
}

/* ssc_cpp_opt_t.flush: the pieces appended to a kstring */
static int flush_to(void *ctx, const char *s, size_t n)
{
    return kputsn(s, n, (kstring_t *)ctx) < 0 ? -1 : 0;
}

/* A table of many formatting blocks (the sample's 214 site rows 40 times over: 27,000 rows, the
 * sample's 675 rows for each copy) is the same formatted on 1-3 threads, and handed to a flush
 * function in pieces or returned whole. */
static void table__many_blocks__same_on_threads_and_through_flush(void **state)
{
    ssc_cpp_params_t *p = load_params();
    (void)state;
    char path[] = "/tmp/cppblk.XXXXXX", line[4096];
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *out = fdopen(fd, "w");
    for (int copy = 0; copy < 40; copy++) {
        FILE *in = fopen(TS "targetscan_70_output.BL_PCT.txt", "r");
        assert_non_null(in);
        for (int n = 0; fgets(line, sizeof line, in); n++)
            if (n > 0 || copy == 0) fputs(line, out);
        fclose(in);
    }
    fclose(out);
    char *one = table(p, 1, 1, TS "RNAplfold", path);
    size_t lines = 0;
    for (const char *c = one; *c; c++) lines += *c == '\n';
    assert_int_equal(lines, 1 + 40 * 675);
    for (int t = 2; t <= 3; t++) {
        char *many = table(p, 1, t, TS "RNAplfold", path);
        assert_string_equal(one, many);
        free(many);
    }
    for (int t = 1; t <= 3; t += 2) {
        char err[512] = "";
        ssc_cpp_opt_t o;
        ssc_cpp_inputs_t in = {TS "UTR_Sequences_sample.txt", TS "miR_for_context_scores.sample.txt", path,
                               TS "ORF_Sequences_sample.lengths.txt", TS "ORF_8mer_counts_sample.txt",
                               TS "All_cell_lines.AIRs.txt", TS "RNAplfold", NULL};
        kstring_t sink = {0, 0, NULL}, rest = {0, 0, NULL};
        ssc_cpp_opt_init(&o);
        o.compat = 1, o.nthreads = t, o.flush = flush_to, o.flush_ctx = &sink;
        assert_int_equal(ssc_cpp_targetscan_table(p, &o, &in, &rest, err, sizeof err), 0);
        assert_int_equal(rest.l, 0); /* everything went through the flush function */
        assert_non_null(sink.s);
        assert_string_equal(one, sink.s);
        free(sink.s);
        free(rest.s);
    }
    free(one);
    unlink(path);
    ssc_cpp_params_destroy(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(offset6mers__index__equals_the_pass_over_the_sequence),
        cmocka_unit_test(pairing__bit_masks__equal_the_loop),
        cmocka_unit_test(three_prime__pruned_masks__equal_every_placement),
        cmocka_unit_test(three_prime__placement_drawn_later__equals_the_diagram_drawn_at_once),
        cmocka_unit_test(window_up__equals_upper_rna_of_site_window),
        cmocka_unit_test(put_fixed__memo__equals_the_direct_text),
        cmocka_unit_test(put_fixed__texts__equal_the_direct_text_for_every_code),
        cmocka_unit_test(local_au__bounded_loops__equal_the_walk),
        cmocka_unit_test(percentiles__final_ranks__equal_the_last_put_of_each_key),
        cmocka_unit_test(percentiles__sort__equals_qsort_by_value_then_index),
        cmocka_unit_test(percentiles__one_mirna__equal_the_script_loop),
        cmocka_unit_test(percentiles__threads__equal_the_serial_loop),
        cmocka_unit_test(same_text__equals_length_and_memcmp),
        cmocka_unit_test(rows__codes__read_back_narrow_and_wide),
        cmocka_unit_test(rows__format__narrow_and_wide_rows_print_their_codes),
        cmocka_unit_test(weighted__memo__equals_the_direct_rounding),
        cmocka_unit_test(contrib__memo__equals_the_direct_contribution),
        cmocka_unit_test(log10__memo__equals_the_direct_log),
        cmocka_unit_test(degap_lead__equals_dropping_every_gap),
        cmocka_unit_test(table__threads__give_the_serial_table),
        cmocka_unit_test(table__many_blocks__same_on_threads_and_through_flush),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
