/* test_plfold.c: RNAplfold's local partition function against an exhaustive enumeration of structures, and against RNAplfold's own files. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include "seedscan.h"
#include "thermo/energy.h"
#include "thermo/plfold.h"
#define TT_PF_FIXTURE
#include "thermo_test.h"
#include "testutil.h"


/* ---- the enumeration: every structure of every window, energies from ssc_th_eval_fold ---- */

enum { NMAX = 16 };
typedef struct {
    const char *seq;
    int n, a, e, span;          /* window [a, e], 0-based; largest j-i */
    char db[NMAX + 1];
    int stack[2 * NMAX][2], top;
    long double z, unp[NMAX][NMAX + 1]; /* unp[x][l]: structures with x-l+1..x unpaired */
    long nstruct;
} enum_t;

static const double KT = 1.0 * (37.0 + 273.15) * 1.98717;

/* ViennaRNA's SMOOTH() of a dangle (dcal/mol), written out from its definition: dangles never
 * destabilise, and those between -8.66 and 12.28 dcal/mol are smoothed (a 0 counts as -1.698). */
static double smoothed_weight(int d)
{
    double x = -d / 10.;
    if (x < -1.2283697) return 1.0;
    if (x > 0.8660254) return exp(-d * 10. / KT);
    return exp(10 * 0.38490018 * pow(sin(x - 0.34242663) + 1, 2) * 10. / KT);
}

static int code(char c)
{
    return ssc_th_code[(unsigned char)c];
}

/* ssc_th_eval_fold's energy turned into a Boltzmann weight, with the helix ends at the
 * sequence ends weighted as RNAplfold weighs their single dangle. */
static long double weight(const enum_t *t)
{
    int energy, i, depth = 0;
    long double w;
    assert_int_equal(ssc_th_eval_fold(PP, t->seq, t->db, &energy), 0);
    w = expl(-(long double)energy * 10 / KT);
    for (i = 0; i < t->n; i++) {
        if (t->db[i] == '(' && depth++ == 0) {
            int j = i, d = 1, type, dg;
            while (d) d += t->db[++j] == '(' ? 1 : t->db[j] == ')' ? -1 : 0;
            type = ssc_th_pair[code(t->seq[i])][code(t->seq[j])];
            if ((i == 0) == (j == t->n - 1)) continue;
            dg = i == 0 ? PP->dangle3[type][code(t->seq[j + 1])] : PP->dangle5[type][code(t->seq[i - 1])];
            w *= smoothed_weight(dg) / exp(-dg * 10. / KT);
        } else if (t->db[i] == ')') {
            depth--;
        }
    }
    return w;
}

static void record(enum_t *t)
{
    long double w = weight(t);
    t->z += w;
    t->nstruct++;
    for (int x = t->a; x <= t->e; x++)
        for (int l = 1; x - l + 1 >= t->a && t->db[x - l + 1] == '.'; l++) t->unp[x][l] += w;
}

/* Fill the intervals on the stack: the first one's first base is unpaired or pairs. */
static void fill(enum_t *t)
{
    int i, e, j;
    if (t->top == 0) {
        record(t);
        return;
    }
    t->top--;
    i = t->stack[t->top][0], e = t->stack[t->top][1];
    if (i > e) {
        fill(t);
    } else {
        t->db[i] = '.';
        t->stack[t->top][0] = i + 1, t->stack[t->top++][1] = e;
        fill(t);
        t->top--;
        for (j = i + 4; j <= e && j - i <= t->span; j++) {
            if (!ssc_th_pair[code(t->seq[i])][code(t->seq[j])]) continue;
            t->db[i] = '(', t->db[j] = ')';
            t->stack[t->top][0] = j + 1, t->stack[t->top++][1] = e;
            t->stack[t->top][0] = i + 1, t->stack[t->top++][1] = j - 1;
            fill(t);
            t->top -= 2;
            t->db[j] = '.';
        }
        t->db[i] = '.';
    }
    t->stack[t->top][0] = i, t->stack[t->top++][1] = e;
}

typedef struct {
    double p[NMAX + 1][NMAX + 1];
    int rows, u;
} rows_t;

static int keep(void *data, int64_t i, const double *p, int u)
{
    rows_t *r = data;
    assert_int_equal(i, r->rows + 1);
    r->rows++, r->u = u;
    for (int l = 1; l <= u && l <= i; l++) r->p[i][l] = p[l];
    return 0;
}

static void assert_rel(long double want, double got, double tol, const char *what, int x, int l)
{
    long double d = fabsl(want - got), m = fabsl(want);
    if (!(d <= tol * m)) {
        fprintf(stderr, "%s at %d,%d: want %.17Lg got %.17g\n", what, x, l, want, got);
        fail();
    }
}

/* One sequence under (W, L, u): the DP against the enumeration of each window. */
static void check_against_enumeration(const char *seq, int W, int L, int u, int modern)
{
    int n = (int)strlen(seq), We = W < n ? W : n, Le = L < We ? L : We, ue = u < We ? u : We;
    int a, x, l;
    static long double sum[NMAX + 1][NMAX + 1];
    static int cnt[NMAX + 1][NMAX + 1];
    ssc_plfold_opt_t o = { W, L, u, modern };
    rows_t r;
    ssc_plfold_t *f = ssc_plfold_init(PF, &o);
    assert_non_null(f);
    memset(&r, 0, sizeof r);
    assert_int_equal(ssc_plfold_seq(f, seq, n, keep, &r), 0);
    assert_int_equal(r.rows, n);
    assert_int_equal(r.u, ue);
    memset(sum, 0, sizeof sum), memset(cnt, 0, sizeof cnt);
    for (a = 0; a + We <= n; a++) {
        enum_t *t = calloc(1, sizeof *t);
        t->seq = seq, t->n = n, t->a = a, t->e = a + We - 1, t->span = modern ? Le - 1 : Le;
        memset(t->db, '.', (size_t)n);
        t->stack[0][0] = t->a, t->stack[0][1] = t->e, t->top = 1;
        fill(t);
        assert_rel(t->z, ssc_plfold_window_z(f, a + 1), 1e-12, "Z", a + 1, We);
        for (x = t->a; x <= t->e; x++)
            for (l = 1; l <= ue && x - l + 1 >= t->a; l++)
                sum[x + 1][l] += t->unp[x][l] / t->z, cnt[x + 1][l]++;
        free(t);
    }
    for (x = 1; x <= n; x++)
        for (l = 1; l <= ue && l <= x; l++) {
            assert_true(cnt[x][l] > 0);
            assert_rel(sum[x][l] / cnt[x][l], r.p[x][l], 1e-12, "pU", x, l);
        }
    ssc_plfold_destroy(f);
}

static void random_rna(uint64_t *s, char *buf, int n)
{
    /* GC-rich enough to fold: each structure class gets some weight */
    static const char nt[] = "ACGUGCGCAUGC";
    for (int i = 0; i < n; i++) buf[i] = nt[tu_rand(s) % (sizeof nt - 1)];
    buf[n] = 0;
}

static void plfold__one_window__equals_enumeration(void **state)
{
    uint64_t s = 13;
    char seq[NMAX + 1];
    (void)state;
    for (int k = 0; k < 12; k++) {
        int n = 8 + k % 7;
        random_rna(&s, seq, n);
        check_against_enumeration(seq, 80, 40, 20, 0); /* W, L, u shrink to n */
    }
    check_against_enumeration("GGGAAACCCAGGGAAACCCA" + 4, 80, 40, 20, 0); /* two hairpins */
}

static void plfold__small_windows_and_spans__equal_enumeration(void **state)
{
    uint64_t s = 29;
    char seq[NMAX + 1];
    static const int cases[][3] = { { 8, 6, 4 }, { 10, 5, 3 }, { 12, 12, 6 }, { 9, 9, 9 }, { 7, 4, 2 },
                                    { 11, 7, 11 } };
    (void)state;
    for (int k = 0; k < 18; k++) {
        const int *c = cases[k % 6];
        int n = 12 + k % 4;
        random_rna(&s, seq, n);
        check_against_enumeration(seq, c[0], c[1], c[2], k % 2); /* both span conventions */
    }
}

/* ---- RNAplfold's files ---------------------------------------------------------------- */

static char *slurp_gz(const char *path, size_t *len)
{
    gzFile g = gzopen(path, "rb");
    size_t m = 1 << 16, n = 0;
    char *buf = malloc(m);
    int r;
    assert_non_null(g);
    while ((r = gzread(g, buf + n, (unsigned)(m - n))) > 0)
        if ((n += (size_t)r) == m) buf = realloc(buf, m *= 2);
    gzclose(g);
    buf[n] = 0; /* n < m: the loop grows buf whenever it is full; callers read it as a string */
    *len = n;
    return buf;
}

/* The sequence of a one-record FASTA file. */
static char *read_fasta(const char *path)
{
    size_t len;
    char *t = slurp_gz(path, &len), *s = malloc(len + 1), *p = strchr(t, '\n');
    size_t n = 0;
    for (p = p ? p + 1 : t; p < t + len; p++)
        if (*p != '\n' && *p != '\r') s[n++] = *p;
    s[n] = 0;
    free(t);
    return s;
}

static int lunp_row(void *data, int64_t i, const double *p, int u)
{
    return ssc_plfold_lunp_row(data, i, p, u);
}

static void lunp_text(const char *seq, int modern, kstring_t *out)
{
    ssc_plfold_opt_t o;
    ssc_plfold_t *f;
    kstring_t rows = { 0, 0, NULL };
    int u;
    ssc_plfold_opt_init(&o);
    o.modern = modern;
    assert_non_null(f = ssc_plfold_init(PF, &o));
    assert_int_equal(ssc_plfold_seq(f, seq, (int64_t)strlen(seq), lunp_row, &rows), 0);
    ssc_plfold_effective(f, NULL, NULL, &u);
    out->l = 0;
    assert_int_equal(ssc_plfold_lunp_header(out, u), 0);
    kputsn(rows.s, rows.l, out);
    free(rows.s);
    ssc_plfold_destroy(f);
}

static void assert_reproduces(const char *fasta, const char *lunp_gz)
{
    char *seq = read_fasta(fasta);
    size_t len;
    char *want = slurp_gz(lunp_gz, &len);
    kstring_t got = { 0, 0, NULL };
    lunp_text(seq, 0, &got);
    assert_int_equal(got.l, len);
    assert_memory_equal(got.s, want, len);
    free(seq), free(want), free(got.s);
}

static void plfold__targetscan_sample_file__is_reproduced_byte_for_byte(void **state)
{
    (void)state;
    assert_reproduces("testdata/thermo/plfold/NLRP1.10116.fa", "testdata/thermo/plfold/NLRP1.10116_lunp.gz");
}

static void plfold__vienna_219_panel_file__is_reproduced_byte_for_byte(void **state)
{
    (void)state;
    assert_reproduces("testdata/thermo/plfold/SP1.fa", "testdata/thermo/plfold/SP1_lunp.vienna-2.1.9.gz");
}

/* BECN1's 3'UTR has some of the fullest columns of the panel (up to ~3,060 kept interior-loop
 * weights, outer spans up to 40). */
static void plfold__utr_with_full_columns__is_reproduced_byte_for_byte(void **state)
{
    (void)state;
    assert_reproduces("testdata/thermo/plfold/BECN1.fa", "testdata/thermo/plfold/BECN1_lunp.vienna-2.1.9.gz");
}

/* (G30 C30) x 4: nearly every G pairs with nearly every C within the span, so some columns have
 * more interior-loop weights than the block forward keeps for outside (~4,400 against 4,096;
 * no UTR of the panel or of the 132 comes near): those outer pairs' loops are weighed again in
 * outside, and the file must still come out as RNAplfold 2.1.9's. */
static void plfold__record_beyond_the_kept_weights__is_reproduced_byte_for_byte(void **state)
{
    (void)state;
    assert_reproduces("testdata/thermo/plfold/GC30x4.fa", "testdata/thermo/plfold/GC30x4_lunp.vienna-2.1.9.gz");
}

/* 2.4.18 counts -L one higher and rewrote the recursions: the same model, not the same
 * bits; its lines also lack the trailing tab. Values agree to a few 1e-6. */
static void plfold__modern_span__is_close_to_vienna_2418(void **state)
{
    char *seq = read_fasta("testdata/thermo/plfold/SP1.fa");
    size_t len;
    char *want = slurp_gz("testdata/thermo/plfold/SP1_lunp.vienna-2.4.18.gz", &len), *a, *b;
    kstring_t got = { 0, 0, NULL };
    double worst = 0;
    int nval = 0;
    (void)state;
    lunp_text(seq, 1, &got);
    a = strchr(strchr(got.s, '\n') + 1, '\n') + 1;
    b = strchr(strchr(want, '\n') + 1, '\n') + 1;
    while (*a && *b) {
        char *ea, *eb;
        double x = strtod(a, &ea), y = strtod(b, &eb);
        if (ea != a && eb != b) {
            if (fabs(x - y) > worst) worst = fabs(x - y);
            nval++, a = ea, b = eb;
        } else {
            assert_int_equal(strncmp(a, "NA", 2) == 0, strncmp(b, "NA", 2) == 0);
            a += strcspn(a, "\t\n"), b += strcspn(b, "\t\n");
        }
        a += strspn(a, "\t\n"), b += strspn(b, "\t\n");
    }
    assert_true(*a == 0 && *b == 0);
    assert_true(nval > 7000);
    assert_true(worst < 1e-5);
    free(seq), free(want), free(got.s);
}

/* Memory does not depend on the length: a long record streams through in small pieces and
 * gives the same rows as one piece. */
static int count_rows(void *data, int64_t i, const double *p, int u)
{
    int64_t *n = data;
    (void)p, (void)u;
    return i == *n + 1 ? (++*n, 0) : -100;
}

static void plfold__pieces_and_short_records__behave_like_rnaplfold(void **state)
{
    ssc_plfold_opt_t o;
    ssc_plfold_t *f;
    int64_t rows = 0, n = 20000;
    uint64_t s = 5;
    char *seq = malloc((size_t)n + 1);
    int W, L, u;
    (void)state;
    ssc_plfold_opt_init(&o);
    assert_non_null(f = ssc_plfold_init(PF, &o));
    for (int64_t i = 0; i < n; i++) seq[i] = "ACGU"[tu_rand(&s) & 3];
    assert_int_equal(ssc_plfold_begin(f, count_rows, &rows), 0);
    for (int64_t i = 0; i < n; i += 777) assert_int_equal(ssc_plfold_feed(f, seq + i, n - i < 777 ? n - i : 777), 0);
    assert_int_equal(ssc_plfold_end(f), 0);
    assert_int_equal(rows, n);
    /* shorter than W: W, L and u shrink; shorter than 5: nothing */
    rows = 0;
    assert_int_equal(ssc_plfold_seq(f, seq, 30, count_rows, &rows), 0);
    ssc_plfold_effective(f, &W, &L, &u);
    assert_int_equal(rows, 30);
    assert_true(W == 30 && L == 30 && u == 20);
    rows = 0;
    assert_int_equal(ssc_plfold_seq(f, seq, 4, count_rows, &rows), 0);
    assert_int_equal(rows, 0);
    free(seq);
    ssc_plfold_destroy(f);
}

/* ---- ssc_plfold_at: the chosen positions only, the same bits as the whole fold ---- */

typedef struct {
    int u;
    int64_t n;
    double *p;    /* (n + 1) x (u + 1) */
    char *seen;   /* n + 1 */
} grid_t;

static int grid_emit(void *data, int64_t i, const double *p, int nu)
{
    grid_t *g = data;
    assert_true(i >= 1 && i <= g->n && nu == g->u && !g->seen[i]);
    g->seen[i] = 1;
    memcpy(g->p + i * (g->u + 1), p, sizeof *p * (size_t)(nu + 1));
    return 0;
}

/* positions drawn sparse (stretches folded apart), dense (merged: the whole sequence), at
 * both ends and repeated; each emitted exactly once with the whole fold's bits */
static void check_at(ssc_plfold_t *f, const char *seq, int64_t n, const int64_t *pos, int64_t np, int u)
{
    grid_t all = { u, n, calloc((size_t)(n + 1) * (u + 1), sizeof(double)), calloc((size_t)n + 1, 1) };
    grid_t at = { u, n, calloc((size_t)(n + 1) * (u + 1), sizeof(double)), calloc((size_t)n + 1, 1) };
    assert_int_equal(ssc_plfold_seq(f, seq, n, grid_emit, &all), 0);
    assert_int_equal(ssc_plfold_at(f, seq, n, pos, np, grid_emit, &at), 0);
    for (int64_t k = 0; k < np; k++) {
        int64_t i = pos[k];
        assert_true(at.seen[i]);
        for (int l = 1; l <= u && l <= i; l++)
            if (memcmp(&at.p[i * (u + 1) + l], &all.p[i * (u + 1) + l], sizeof(double))) {
                print_error("position %lld l %d: %.17g at, %.17g whole\n", (long long)i, l,
                            at.p[i * (u + 1) + l], all.p[i * (u + 1) + l]);
                fail();
            }
    }
    for (int64_t i = 1, k = 0; i <= n; i++) { /* nothing else emitted */
        while (k < np && pos[k] < i) k++;
        assert_int_equal(at.seen[i], k < np && pos[k] == i);
    }
    free(all.p), free(all.seen), free(at.p), free(at.seen);
}

static void plfold_at__site_positions__equal_the_whole_fold_to_the_bit(void **state)
{
    static const int opts[][4] = { { 80, 40, 20, 0 }, { 80, 40, 20, 1 }, { 30, 8, 10, 0 }, { 40, 40, 40, 0 },
                                   { 25, 3, 5, 0 } };
    uint64_t s = 77;
    int64_t n = 1500, pos[64];
    char *seq = malloc((size_t)n + 1);
    (void)state;
    for (size_t c = 0; c < sizeof opts / sizeof *opts; c++) {
        ssc_plfold_opt_t o = { opts[c][0], opts[c][1], opts[c][2], opts[c][3] };
        ssc_plfold_t *f = ssc_plfold_init(PF, &o);
        assert_non_null(f);
        random_rna(&s, seq, (int)n);
        int64_t M = ssc_plfold_margin(f), np = 0;
        /* sparse: both ends, a pair closer than 2M (one merged stretch), lone ones, a repeat */
        int64_t sparse[] = { 1, 2, M + 3, 400, 400, 400 + M + 7, 900, n - 1, n };
        for (size_t k = 0; k < sizeof sparse / sizeof *sparse; k++) pos[np++] = sparse[k];
        check_at(f, seq, n, pos, np, o.u);
        for (np = 0; np < 64; np++) pos[np] = 1 + np * (n / 64); /* dense: the whole sequence */
        check_at(f, seq, n, pos, np, o.u);
        pos[0] = 7;
        check_at(f, seq, 60, pos, 1, o.u); /* shorter than the margins */
        ssc_plfold_destroy(f);
    }
    free(seq);
}

static void plfold_at__positions_out_of_order_or_range__are_refused(void **state)
{
    ssc_plfold_opt_t o;
    ssc_plfold_t *f;
    int64_t bad1[] = { 5, 3 }, bad2[] = { 0 }, bad3[] = { 101 };
    grid_t g = { 20, 100, NULL, NULL };
    (void)state;
    ssc_plfold_opt_init(&o);
    assert_non_null(f = ssc_plfold_init(PF, &o));
    const char *seq = "GGGAAACCCUUUGGGAAACCCUUUGGGAAACCCUUUGGGAAACCCUUUGGGAAACCCUUUGGGAAACCCUUUGGGAAACCCUUUGGGAAACCCUUUAAAA";
    assert_int_equal(ssc_plfold_at(f, seq, 100, bad1, 2, grid_emit, &g), SSC_EINVAL);
    assert_int_equal(ssc_plfold_at(f, seq, 100, bad2, 1, grid_emit, &g), SSC_EINVAL);
    assert_int_equal(ssc_plfold_at(f, seq, 100, bad3, 1, grid_emit, &g), SSC_EINVAL);
    ssc_plfold_destroy(f);
}

/* ssc_plfold_g7 against the C library's printf, the independent implementation: values drawn
 * uniform in [0,1), log-uniform over 1e-12..10, exact halves of the 8th digit (ties), random
 * bit patterns, and the edges (0, 1, the fixed/scientific switch, 10^7 after rounding) */
static void plfold_g7__equals_printf_percent_7g(void **state)
{
    static const double edge[] = { 0, 1, 0.1, 1e-5, 1e-4, 9.9999995e-5, 9.99999949e-5, 0.99999995,
                                   0.9999999, 1e7, 9999999.5, 123, 5e-324, 1e-300, -0.25, 2.5e-7 };
    uint64_t s = 99;
    char a[64], b[64];
    long n = getenv("SSC_TEST_QUICK") ? 20000 : 400000;
    (void)state;
    for (long it = 0; it < n + (long)(sizeof edge / sizeof *edge); it++) {
        double x, u = (double)(tu_rand(&s) >> 11) * 0x1p-53;
        if (it >= n) x = edge[it - n];
        else if (it % 4 == 0) x = u;
        else if (it % 4 == 1) x = pow(10, -12 + 13 * u);
        else if (it % 4 == 2) x = (1000000 + (double)(tu_rand(&s) % 9000000) + 0.5) * pow(10, -(double)(tu_rand(&s) % 12));
        else {
            uint64_t r = tu_rand(&s) >> 1;
            memcpy(&x, &r, sizeof x);
        }
        int la = ssc_plfold_g7(a, x), lb = snprintf(b, sizeof b, "%.7g", x);
        if (la != lb || strcmp(a, b) != 0) {
            print_error("%.17g: '%s', printf '%s'\n", x, a, b);
            fail();
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(plfold__one_window__equals_enumeration),
        cmocka_unit_test(plfold__small_windows_and_spans__equal_enumeration),
        cmocka_unit_test(plfold__targetscan_sample_file__is_reproduced_byte_for_byte),
        cmocka_unit_test(plfold__vienna_219_panel_file__is_reproduced_byte_for_byte),
        cmocka_unit_test(plfold__utr_with_full_columns__is_reproduced_byte_for_byte),
        cmocka_unit_test(plfold__record_beyond_the_kept_weights__is_reproduced_byte_for_byte),
        cmocka_unit_test(plfold__modern_span__is_close_to_vienna_2418),
        cmocka_unit_test(plfold__pieces_and_short_records__behave_like_rnaplfold),
        cmocka_unit_test(plfold_at__site_positions__equal_the_whole_fold_to_the_bit),
        cmocka_unit_test(plfold_at__positions_out_of_order_or_range__are_refused),
        cmocka_unit_test(plfold_g7__equals_printf_percent_7g),
    };
    return cmocka_run_group_tests(tests, tt_pf_setup, tt_pf_teardown);
}
