/* test_landscape.c: the Sylamer landscape against the original Sylamer's outputs on fly miR-1 data. */
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
#include "expr/landscape.h"

/* ---- fixtures ---------------------------------------------------------------
 * testdata/sylamer_fly_miR1_utrs.fa.gz: the 2,929 3'UTRs of Sylamer's universe
 * in ranked order (most repressed first); the other sylamer_* files are
 * slices of what Sylamer 18-131 wrote for them (-grow 200 -k 7). */

#define N_UTR_MAX 3000
typedef struct {
    char *seq[N_UTR_MAX];
    size_t len[N_UTR_MAX];
    char id[N_UTR_MAX][16];
    size_t n;
} utrs_t;

static utrs_t *U;

/* Appends one gz line (any length) to *buf; returns its length, or -1 at EOF. */
static long gz_line(gzFile g, char **buf, size_t *cap)
{
    size_t l = 0;
    for (;;) {
        if (*cap - l < 2) {
            *cap = *cap ? *cap * 2 : 4096;
            *buf = realloc(*buf, *cap);
        }
        if (!gzgets(g, *buf + l, (int)(*cap - l))) return l ? (long)l : -1;
        l += strlen(*buf + l);
        if (l && (*buf)[l - 1] == '\n') {
            (*buf)[--l] = '\0';
            return (long)l;
        }
    }
}

/* One header line and one sequence line per record, as the fixture is written. */
static int load_utrs(void **state)
{
    gzFile g = gzopen("testdata/sylamer_fly_miR1_utrs.fa.gz", "rb");
    char *line = NULL;
    size_t cap = 0;
    long l;
    (void)state;
    if (!g || !(U = calloc(1, sizeof *U))) return -1;
    while ((l = gz_line(g, &line, &cap)) >= 0 && U->n < N_UTR_MAX) {
        if (line[0] == '>') {
            snprintf(U->id[U->n], sizeof U->id[0], "%s", line + 1);
            continue;
        }
        U->seq[U->n] = strdup(line);
        U->len[U->n++] = (size_t)l;
    }
    free(line);
    gzclose(g);
    return U->n == 2929 ? 0 : -1;
}

static int free_utrs(void **state)
{
    size_t i;
    (void)state;
    for (i = 0; U && i < U->n; i++) free(U->seq[i]);
    free(U);
    return 0;
}

/* A slice of a Sylamer table: its header line, words and values. */
#define ROWS_MAX 64
typedef struct {
    char header[256];
    uint32_t word[ROWS_MAX];
    char line[ROWS_MAX][400];
    double v[ROWS_MAX][16];
    int n, nbins;
} rows_t;

static void load_rows(const char *path, rows_t *r)
{
    char buf[512];
    FILE *fp = fopen(path, "r");
    assert_non_null(fp);
    memset(r, 0, sizeof *r);
    assert_non_null(fgets(r->header, sizeof r->header, fp));
    r->header[strcspn(r->header, "\n")] = '\0';
    while (r->n < ROWS_MAX && fgets(buf, sizeof buf, fp)) {
        char *p = strtok(buf, "\t\n");
        int b = 0;
        snprintf(r->line[r->n], sizeof r->line[0], "%s", p);
        assert_int_equal(ssc_ls_word_code(p, 7, &r->word[r->n]), 0);
        while ((p = strtok(NULL, "\t\n")) && b < 16) r->v[r->n][b++] = atof(p);
        r->nbins = b;
        r->n++;
    }
    fclose(fp);
}

static const char *const *useqs(void) { return (const char *const *)U->seq; }

/* ---- bins and words ---------------------------------------------------------- */

static void bins__fly_universe__match_sylamer_header(void **state)
{
    /* header of every Sylamer table for 2,929 genes, -grow 200 */
    const size_t want[15] = {200, 400, 600, 800, 1000, 1200, 1400, 1529,
                             1729, 1929, 2129, 2329, 2529, 2729, 2929};
    size_t ends[32], i;
    (void)state;
    assert_int_equal(ssc_ls_bins(2929, 200, ends), 15);
    for (i = 0; i < 15; i++) assert_int_equal(ends[i], want[i]);
}

static void bins__remainder__goes_to_the_middle(void **state)
{
    /* by hand: 450 = 2 x 200 + 50; starts at 0 and 200 from the top, then
     * 250 (= 450 - 200) from the bottom; 400 divides evenly; 150 is one bin */
    size_t ends[8];
    (void)state;
    assert_int_equal(ssc_ls_bins(450, 200, ends), 3);
    assert_int_equal(ends[0], 200);
    assert_int_equal(ends[1], 250);
    assert_int_equal(ends[2], 450);
    assert_int_equal(ssc_ls_bins(400, 200, ends), 2);
    assert_int_equal(ends[1], 400);
    assert_int_equal(ssc_ls_bins(150, 200, ends), 1);
    assert_int_equal(ends[0], 150);
    assert_int_equal(ssc_ls_bins(0, 200, NULL), 0);
}

static void word_code__round_trips_and_rejects_non_bases(void **state)
{
    uint32_t c;
    char buf[8];
    (void)state;
    /* A C A T T C C = 0 1 0 3 3 1 1 in base 4 = 1024 + 192 + 48 + 4 + 1 */
    assert_int_equal(ssc_ls_word_code("ACATTCC", 7, &c), 0);
    assert_int_equal(c, 1269);
    assert_string_equal(ssc_ls_word_string(c, 7, buf), "ACATTCC");
    assert_int_equal(ssc_ls_word_code("acauucc", 7, &c), 0);
    assert_int_equal(c, 1269);
    assert_int_equal(ssc_ls_word_code("ACANTCC", 7, &c), SSC_EINVAL);
    assert_int_equal(ssc_ls_word_code("ACATTC", 7, &c), SSC_EINVAL);
}

/* ---- counting --------------------------------------------------------------- */

static uint64_t count1(const char *s, int k, int r2, uint32_t word, uint32_t *n_word)
{
    uint32_t counts[1 << 8] = {0};
    uint64_t n = ssc_ls_count(s, strlen(s), k, r2, counts);
    *n_word = counts[word];
    return n;
}

static void count__r2_rule__skips_one_and_two_shift_repeats(void **state)
{
    uint32_t c;
    (void)state;
    /* A-run of 6 = 3 positions of AAAA; each repeats its predecessor */
    assert_int_equal(count1("AAAAAA", 4, 0, 0, &c), 3);
    assert_int_equal(c, 3);
    assert_int_equal(count1("AAAAAA", 4, 1, 0, &c), 1);
    assert_int_equal(c, 1);
    /* ATATATA, k=3: ATA TAT ATA TAT ATA; the 2-shift repeats are skipped */
    assert_int_equal(count1("ATATATA", 3, 1, 0x0c, &c), 2); /* ATA = 0 3 0 */
    assert_int_equal(c, 1);
    /* ACACAC, k=2: the first word sits in slot 0 and CA (position 2) then
     * replaces it, so AC at position 3 is counted again: AC CA AC */
    assert_int_equal(count1("ACACAC", 2, 1, 1, &c), 3); /* AC = 0 1 */
    assert_int_equal(c, 2);
    /* N breaks words but does not forget the last ones */
    assert_int_equal(count1("ACGTNACGT", 4, 0, 0x1b, &c), 2); /* ACGT = 0 1 2 3 */
    assert_int_equal(count1("ACGTNACGT", 4, 1, 0x1b, &c), 1);
    assert_int_equal(count1("ACGUnacgt", 4, 0, 0x1b, &c), 2);
    assert_int_equal(c, 2);
}

/* per-UTR positions counted (syl) and miR-1 7mer counts from Sylamer's word
 * count listing (default mode), for the first 300 UTRs of the ranking */
static void count__per_utr__matches_sylamer_word_counts(void **state)
{
    char buf[256], id[32];
    unsigned a, b, bases, masked, syl, unsyl, rank;
    uint32_t *counts = calloc(1 << 14, sizeof *counts), w1, w2;
    FILE *fp = fopen("testdata/sylamer_fly_miR1_k7.wordcount300.txt", "r");
    size_t i = 0;
    (void)state;
    assert_non_null(fp);
    assert_non_null(counts);
    assert_int_equal(ssc_ls_word_code("ACATTCC", 7, &w1), 0);
    assert_int_equal(ssc_ls_word_code("CATTCCA", 7, &w2), 0);
    assert_non_null(fgets(buf, sizeof buf, fp));
    while (fgets(buf, sizeof buf, fp)) {
        assert_int_equal(sscanf(buf, "%31s %u %u %u %u %u %u %u", id, &a, &b, &bases, &masked,
                                &syl, &unsyl, &rank), 8);
        assert_string_equal(id, U->id[i]);
        assert_int_equal(bases, U->len[i]);
        memset(counts, 0, (1 << 14) * sizeof *counts);
        assert_int_equal(ssc_ls_count(U->seq[i], U->len[i], 7, 1, counts), syl);
        assert_int_equal(counts[w1], a);
        assert_int_equal(counts[w2], b);
        i++;
    }
    assert_int_equal(i, 300);
    fclose(fp);
    free(counts);
}

/* ---- landscapes -------------------------------------------------------------- */

/* Values are printed by Sylamer with %g (6 significant digits). */
static void assert_rows(const ssc_landscape_t *ls, const rows_t *r)
{
    int i, b;
    assert_int_equal(ls->n_bins, r->nbins);
    for (i = 0; i < r->n; i++)
        for (b = 0; b < r->nbins; b++) {
            double got = ls->score[i * ls->n_bins + b], want = r->v[i][b];
            if (fabs(got - want) > 5e-5 + 5e-6 * fabs(want)) {
                print_error("%s bin %d: %.6g, Sylamer %.6g\n", r->line[i], b, got, want);
                fail();
            }
        }
}

static void check_table(const char *path, int markov, int r2)
{
    rows_t *r = malloc(sizeof *r);
    ssc_landscape_t *ls;
    ssc_ls_opt_t o;
    assert_non_null(r);
    load_rows(path, r);
    ssc_ls_opt_init(&o);
    o.markov = markov, o.r2 = r2;
    assert_int_equal(ssc_ls_compute(useqs(), U->len, U->n, &o, r->word, (size_t)r->n, &ls), 0);
    assert_rows(ls, r);
    ssc_ls_destroy(ls);
    free(r);
}

static void landscape__r2_off__matches_sylamer_table(void **state)
{
    (void)state;
    check_table("testdata/sylamer_fly_miR1_k7_r2off.rows.txt", 0, 0);
}

static void landscape__default_repeat_rule__matches_sylamer_table(void **state)
{
    (void)state;
    check_table("testdata/sylamer_fly_miR1_k7_default.rows.txt", 0, -1);
}

static void landscape__markov_order_4__matches_sylamer_table(void **state)
{
    /* Sylamer -m 4 counts without the repeat rule: the default r2 = -1 follows */
    (void)state;
    check_table("testdata/sylamer_fly_miR1_k7_m4.rows.txt", 4, -1);
}

/* Sylamer's long listing: bin, word, sgnlogh, sgnlogb, n1, n1n2, k, ndrawn, ... */
static void landscape__counts__match_sylamer_long_listing(void **state)
{
    char buf[512], word[16];
    unsigned bin, n1, n1n2, k, ndrawn;
    double h, hb;
    uint32_t w[2];
    ssc_landscape_t *ls;
    ssc_ls_opt_t o;
    FILE *fp = fopen("testdata/sylamer_fly_miR1_k7.longlisting.txt", "r");
    int rows = 0;
    (void)state;
    assert_non_null(fp);
    ssc_ls_opt_init(&o);
    assert_int_equal(ssc_ls_word_code("ACATTCC", 7, &w[0]), 0);
    assert_int_equal(ssc_ls_word_code("CATTCCA", 7, &w[1]), 0);
    assert_int_equal(ssc_ls_compute(useqs(), U->len, U->n, &o, w, 2, &ls), 0);
    assert_non_null(fgets(buf, sizeof buf, fp));
    while (fgets(buf, sizeof buf, fp)) {
        int b, i;
        assert_int_equal(sscanf(buf, "%u %15s %lf %lf %u %u %u %u", &bin, word, &h, &hb, &n1, &n1n2,
                                &k, &ndrawn), 8);
        for (b = 0; b < ls->n_bins && ls->bin_end[b] != bin; b++) {}
        assert_true(b < ls->n_bins);
        i = strcmp(word, "ACATTCC") ? 1 : 0;
        assert_int_equal(ls->bg_total, n1n2);
        assert_int_equal(ls->bg_count[i], n1);
        assert_int_equal(ls->win_total[b], ndrawn);
        assert_int_equal(ls->win_count[i * ls->n_bins + b], k);
        assert_true(fabs(ls->score[i * ls->n_bins + b] - h) <= 5e-5 + 5e-6 * fabs(h));
        rows++;
    }
    assert_int_equal(rows, 30);
    fclose(fp);
    ssc_ls_destroy(ls);
}

static void format__table__reproduces_sylamer_text(void **state)
{
    /* header and the ACATTCC row exactly as Sylamer printed them */
    rows_t *r = malloc(sizeof *r);
    char buf[512], want[512] = "";
    ssc_landscape_t *ls;
    ssc_ls_opt_t o;
    kstring_t s = {0, 0, NULL};
    uint32_t w;
    FILE *fp = fopen("testdata/sylamer_fly_miR1_k7_default.rows.txt", "r");
    (void)state;
    assert_non_null(fp);
    assert_non_null(r);
    load_rows("testdata/sylamer_fly_miR1_k7_default.rows.txt", r);
    while (fgets(buf, sizeof buf, fp))
        if (!strncmp(buf, "ACATTCC\t", 8)) memcpy(want, buf, sizeof want);
    fclose(fp);
    assert_true(want[0] == 'A');
    assert_int_equal(ssc_ls_word_code("ACATTCC", 7, &w), 0);
    ssc_ls_opt_init(&o);
    assert_int_equal(ssc_ls_compute(useqs(), U->len, U->n, &o, &w, 1, &ls), 0);
    assert_int_equal(ssc_ls_format_table(&s, ls), 0);
    assert_true(s.l > strlen(r->header));
    assert_memory_equal(s.s, r->header, strlen(r->header));
    assert_string_equal(s.s + strlen(r->header) + 1, want);
    ssc_ls_destroy(ls);
    free(s.s);
    free(r);
}

/* ---- optional conformance: every cell of Sylamer's full tables -------------
 * The full tables (2.4 MB compressed) stay in the project's reference data
 * (../shared/data, see its README); skipped when absent or under
 * SSC_TEST_QUICK. */
#define REFDIR "../shared/data/sylamer/fly_miR1/"

/* Compares the scores of ls with a Sylamer table file, row by row. */
static void compare_full(const ssc_landscape_t *ls, gzFile g)
{
    char *line = NULL;
    size_t cap = 0, row = 0;
    assert_true(gz_line(g, &line, &cap) > 0); /* header */
    while (gz_line(g, &line, &cap) > 0) {
        char *p = strchr(line, '\t');
        int b;
        assert_true(row < ls->n_words && p);
        for (b = 0; b < ls->n_bins; b++) {
            double want = strtod(p + 1, &p), got = ls->score[row * ls->n_bins + b];
            if (fabs(got - want) > 5e-5 + 5e-6 * fabs(want)) {
                print_error("row %zu bin %d: %.6g, Sylamer %.6g\n", row, b, got, want);
                fail();
            }
        }
        row++;
    }
    assert_int_equal(row, ls->n_words);
    free(line);
}

static void landscape__full_tables__match_sylamer_in_every_cell(void **state)
{
    static const struct { const char *file; int markov, r2; } t[3] = {
        {REFDIR "miR1.k7m0.r2off.table.txt.gz", 0, 0},
        {REFDIR "miR1.k7m0.table.txt.gz", 0, -1},
        {REFDIR "miR1.k7m4.table.txt.gz", 4, -1}};
    int i;
    (void)state;
    if (getenv("SSC_TEST_QUICK")) skip();
    for (i = 0; i < 3; i++) {
        gzFile g = gzopen(t[i].file, "rb");
        ssc_landscape_t *ls;
        ssc_ls_opt_t o;
        if (!g) skip();
        ssc_ls_opt_init(&o);
        o.markov = t[i].markov, o.r2 = t[i].r2;
        assert_int_equal(ssc_ls_compute(useqs(), U->len, U->n, &o, NULL, 0, &ls), 0);
        compare_full(ls, g);
        gzclose(g);
        ssc_ls_destroy(ls);
    }
}

static void landscape__bad_options__are_rejected(void **state)
{
    const char *seq[1] = {"ACGTACGTAC"};
    size_t len[1] = {10};
    uint32_t big = 1u << 14;
    ssc_landscape_t *ls;
    ssc_ls_opt_t o;
    (void)state;
    ssc_ls_opt_init(&o);
    o.markov = 7; /* must be below k */
    assert_int_equal(ssc_ls_compute(seq, len, 1, &o, NULL, 0, &ls), SSC_EINVAL);
    assert_null(ls);
    ssc_ls_opt_init(&o);
    o.grow = 0;
    assert_int_equal(ssc_ls_check_opt(&o), SSC_EINVAL);
    ssc_ls_opt_init(&o);
    assert_int_equal(ssc_ls_compute(seq, len, 1, &o, &big, 1, &ls), SSC_EINVAL);
    len[0] = 6; /* shorter than k = 7: no word to count anywhere */
    assert_int_equal(ssc_ls_compute(seq, len, 1, &o, NULL, 0, &ls), SSC_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(bins__fly_universe__match_sylamer_header),
        cmocka_unit_test(bins__remainder__goes_to_the_middle),
        cmocka_unit_test(word_code__round_trips_and_rejects_non_bases),
        cmocka_unit_test(count__r2_rule__skips_one_and_two_shift_repeats),
        cmocka_unit_test(count__per_utr__matches_sylamer_word_counts),
        cmocka_unit_test(landscape__r2_off__matches_sylamer_table),
        cmocka_unit_test(landscape__default_repeat_rule__matches_sylamer_table),
        cmocka_unit_test(landscape__markov_order_4__matches_sylamer_table),
        cmocka_unit_test(landscape__counts__match_sylamer_long_listing),
        cmocka_unit_test(format__table__reproduces_sylamer_text),
        cmocka_unit_test(landscape__full_tables__match_sylamer_in_every_cell),
        cmocka_unit_test(landscape__bad_options__are_rejected),
    };
    return cmocka_run_group_tests(tests, load_utrs, free_utrs);
}
