/* test_targetscan_contextpp.c: context++ contributions, scores, percentiles, AIR weighting and CWCS against TargetScan's sample output. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "seedscan.h"
#include "targetscan/contextpp.h"

#define TS "testdata/targetscan/"
#define NCOL 37

/* Columns (0-based) of the context++ table that depend on the SA
 * contribution: SA itself, score, its percentile, weighted score and its
 * percentile. */
static const int sa_cols[] = {20, 27, 28, 30, 31};

static ssc_cpp_params_t *params;

static int setup(void **state)
{
    char err[512];
    (void)state;
    params = ssc_cpp_params_load("refs/targetscan/Agarwal_2015_parameters.txt",
                                 "refs/targetscan/TA_SPS_by_seed_region.txt", err, sizeof err);
    return params ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    ssc_cpp_params_destroy(params);
    return 0;
}

static char *slurp(const char *path)
{
    kstring_t s = {0, 0, NULL};
    assert_int_equal(ssc_ts_file_slurp(path, &s), 0);
    return s.s;
}

/* The sample's context++ table in the given mode, with or without RNAplfold files. */
static char *sample_table(int compat, const char *lunp_dir)
{
    char err[512] = "";
    ssc_cpp_opt_t o;
    ssc_cpp_inputs_t in = {TS "UTR_Sequences_sample.txt", TS "miR_for_context_scores.sample.txt",
                           TS "targetscan_70_output.BL_PCT.txt", TS "ORF_Sequences_sample.lengths.txt",
                           TS "ORF_8mer_counts_sample.txt", TS "All_cell_lines.AIRs.txt", lunp_dir, NULL};
    kstring_t out = {0, 0, NULL};
    ssc_cpp_opt_init(&o);
    o.compat = compat;
    int ret = ssc_cpp_targetscan_table(params, &o, &in, &out, err, sizeof err);
    if (ret) fprintf(stderr, "%s\n", err);
    assert_int_equal(ret, 0);
    return out.s;
}

/* Split a table into rows of NCOL fields (in place). Returns the row count. */
static int split_table(char *text, char *(*cell)[NCOL], int max)
{
    int n = 0;
    for (char *line = strtok(text, "\n"); line && n < max; line = strtok(NULL, "\n"), n++) {
        for (int k = 0; k < NCOL; k++) {
            char *tab = strchr(line, '\t');
            cell[n][k] = line;
            if (tab) *tab = 0, line = tab + 1;
            else line += strlen(line);
        }
    }
    return n;
}

static int in_list(int k, const int *list, int n)
{
    for (int i = 0; i < n; i++)
        if (list[i] == k) return 1;
    return 0;
}

/* Compare two tables cell by cell, skipping the columns in skip. */
static void compare_tables(char *got, char *want, const int *skip, int nskip)
{
    static char *g[1024][NCOL], *w[1024][NCOL];
    int ng = split_table(got, g, 1024), nw = split_table(want, w, 1024);
    assert_int_equal(ng, nw);
    for (int i = 0; i < ng; i++)
        for (int k = 0; k < NCOL; k++) {
            if (in_list(k, skip, nskip)) continue;
            if (strcmp(g[i][k], w[i][k]) != 0)
                fail_msg("row %d column '%s': got '%s', TargetScan has '%s'", i, w[0][k], g[i][k], w[i][k]);
        }
}

static void cpp__table_with_rnaplfold__matches_targetscan_sample_byte_for_byte(void **state)
{
    (void)state;
    char *got = sample_table(1, TS "RNAplfold"), *want = slurp(TS "Targets.BL_PCT.context_scores.txt");
    assert_string_equal(got, want);
    free(got);
    free(want);
}

static void cpp__table_without_rnaplfold__matches_all_but_sa_columns(void **state)
{
    (void)state;
    char *got = sample_table(1, NULL), *want = slurp(TS "Targets.BL_PCT.context_scores.txt");
    compare_tables(got, want, sa_cols, 5);
    free(got);
    free(want);
}

/* Ungapped sample UTR of gene and species, uppercase. */
static char *sample_utr(const char *gene, const char *species)
{
    ssc_ts_aln_t *r = ssc_ts_aln_open(TS "UTR_Sequences_sample.txt");
    ssc_ts_block_t b;
    char *seq = NULL;
    ssc_ts_block_init(&b);
    while (!seq && ssc_ts_aln_read(r, &b) > 0) {
        const ssc_ts_row_t *row = strcmp(b.gene, gene) ? NULL : ssc_ts_block_find(&b, species);
        if (!row) continue;
        seq = malloc(row->len + 1);
        ssc_ts_degap(row->aln, row->len, seq);
    }
    ssc_ts_block_free(&b);
    ssc_ts_aln_close(r);
    assert_non_null(seq);
    return seq;
}

/* 6mer Site8 contributions (coefficients A -0.002, C 0.015, G 0.012) for
 * target letter c; U is the reference level, printed as integer zeros. */
static void check_site8(char *const *row, char c)
{
    static const char *hot[3] = {"-0.002", "0.015", "0.012"}, *cold[3] = {"-0.000", "0.000", "0.000"};
    for (int k = 0; k < 3; k++)
        assert_string_equal(row[16 + k], c == 'U' || c == 'T' ? "0" : c == "ACG"[k] ? hot[k] : cold[k]);
}

/* Fixed mode: only the offset-6mer and site-8 features (and what sums
 * them) may differ, and site 8 of 6mers is the letter before the site. */
static void cpp__fixed_mode__changes_only_offset6mer_and_site8(void **state)
{
    (void)state;
    static const int changed[] = {16, 17, 18, 23, 27, 28, 30, 31};
    static char *g[1024][NCOL];
    char *got = sample_table(0, TS "RNAplfold"), *want = slurp(TS "Targets.BL_PCT.context_scores.txt");
    char *copy = strdup(got);
    compare_tables(got, want, changed, 8);
    int n = split_table(copy, g, 1024), seen6 = 0;
    for (int i = 1; i < n; i++) {
        if (strcmp(g[i][3], "6mer") != 0) continue;
        char *seq = sample_utr(g[i][0], g[i][1]);
        check_site8(g[i], (char)toupper((unsigned char)seq[atoi(g[i][4]) - 2]));
        free(seq);
        seen6++;
    }
    assert_true(seen6 > 100);
    free(copy);
    free(got);
    free(want);
}

static ssc_cpp_utr_t utr_of(const char *seq)
{
    ssc_cpp_utr_t u = {seq, (int64_t)strlen(seq), NULL, 0, "1000", NULL, NULL};
    return u;
}

/* miR-1 (UGGAAUGUAAAGAAGUAUGUAU), seed GGAAUGU: 7mer-m8 site ACAUUCC, offset
 * 6mer ACAUUC (not followed by C). */
#define MIR1 "UGGAAUGUAAAGAAGUAUGUAU"

/* Score site s of u against miR-1 in the given mode into r (freed by the caller). */
static void score_mir1(const ssc_cpp_utr_t *u, const ssc_cpp_site_t *s, int compat,
                       ssc_cpp_result_t *r)
{
    ssc_cpp_opt_t o;
    ssc_cpp_opt_init(&o);
    o.compat = compat;
    ssc_cpp_result_init(r);
    assert_int_equal(ssc_cpp_score(params, &o, u, s, MIR1, r), 0);
}

static void cpp__offset_6mers__are_counted_in_fixed_mode_and_one_in_compat(void **state)
{
    (void)state;
    char seq[201];
    memset(seq, 'G', 200);
    seq[200] = 0;
    memcpy(seq + 100, "ACAUUCCA", 8);   /* 8mer at 101-108 */
    memcpy(seq + 20, "ACAUUCG", 7);     /* offset 6mer ending at 26 */
    memcpy(seq + 150, "ACAUUCU", 7);    /* offset 6mer ending at 156 */
    ssc_cpp_utr_t u = utr_of(seq);
    ssc_cpp_site_t s = {SSC_8MER, 101, 108, "NA", 0, "GGAAUGU"};
    ssc_cpp_result_t r;
    char want[32];
    score_mir1(&u, &s, 0, &r);
    snprintf(want, sizeof want, "%.3f", -0.02 * 2); /* Off6m coefficient of 8mers */
    assert_string_equal(r.contrib[SSC_CPP_OFF6M], want);
    ssc_cpp_result_free(&r);
    score_mir1(&u, &s, 1, &r);
    assert_string_equal(r.contrib[SSC_CPP_OFF6M], "-0.000"); /* no AIRs: TargetScan counts 0 */
    ssc_cpp_result_free(&r);
    ssc_cpp_air_t air = {1, 200, 100};
    u.air = &air;
    u.n_air = 1;
    score_mir1(&u, &s, 1, &r);
    snprintf(want, sizeof want, "%.3f", -0.02 * 1);
    assert_string_equal(r.contrib[SSC_CPP_OFF6M], want);
    ssc_cpp_result_free(&r);
}

static void cpp__6mer_site8__reads_opposite_nt8_fixed_and_nt10_in_compat(void **state)
{
    (void)state;
    /* 6mer of miR-1 = ACAUUC at 31-36; nt 8 opposite is position 30 (C),
     * nt 10 opposite is position 28 (G) */
    char seq[] = "UUUUUUUUUUUUUUUUUUUUUUUUUUUGUCACAUUCGUUUUUUUUUUUUUUUUUUUUUUUUUUU";
    ssc_cpp_utr_t u = utr_of(seq);
    ssc_cpp_site_t s = {SSC_6MER, 31, 36, "NA", 0, "GGAAUGU"};
    ssc_cpp_result_t r;
    assert_int_equal(seq[29], 'C');
    assert_int_equal(seq[27], 'G');
    for (int compat = 0; compat <= 1; compat++) {
        score_mir1(&u, &s, compat, &r);
        /* 6mer coefficients: Site8C 0.015, Site8G 0.012 */
        assert_string_equal(r.contrib[SSC_CPP_SITE8C], compat ? "0.000" : "0.015");
        assert_string_equal(r.contrib[SSC_CPP_SITE8G], compat ? "0.012" : "0.000");
        ssc_cpp_result_free(&r);
    }
}

static void cpp__site_in_ribosome_shadow__is_too_close_as_in_targetscan(void **state)
{
    (void)state;
    /* miR-1 7mer-m8 ACAUUCC at 10-16 */
    char seq[] = "GGGGGGGGGACAUUCCGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGGG";
    ssc_cpp_utr_t u = utr_of(seq);
    ssc_cpp_site_t s = {SSC_7MER_M8, 10, 16, "NA", 0, "GGAAUGU"};
    ssc_cpp_result_t r;
    score_mir1(&u, &s, 0, &r);
    assert_true(r.too_close);
    assert_string_equal(r.score, "too_close");
    assert_string_equal(r.contrib[SSC_CPP_3P], "too_close");
    assert_string_equal(r.contrib[SSC_CPP_LOCAL_AU], "too_close");
    assert_string_equal(r.contrib[SSC_CPP_TA], "too_close");
    assert_string_equal(r.contrib[SSC_CPP_SPS], "too_close");
    assert_string_equal(r.wscore, "0.0000"); /* the script weighs the text as 0 */
    assert_string_equal(r.contrib[SSC_CPP_SITE_TYPE], "-0.224");
    ssc_cpp_result_free(&r);
}

static void cpp__utr_without_airs__is_one_full_length_isoform_unless_compat(void **state)
{
    (void)state;
    char seq[301], want[32];
    memset(seq, 'G', 300);
    seq[300] = 0;
    memcpy(seq + 100, "ACAUUCCA", 8); /* miR-1 8mer at 101-108 */
    ssc_cpp_utr_t u = utr_of(seq);
    ssc_cpp_site_t s = {SSC_8MER, 101, 108, "NA", 0, "GGAAUGU"};
    ssc_cpp_result_t r;
    for (int compat = 0; compat <= 1; compat++) {
        score_mir1(&u, &s, compat, &r);
        /* 8mer Len_3UTR: coefficient 0.31, min 2.392, max 3.637; Min_dist:
         * 0.118, 1.415, 3.113, distance min(100, 192) */
        double len = compat ? 0 : log(300) / log(10), dist = compat ? 0 : log(100) / log(10);
        snprintf(want, sizeof want, "%.3f", 0.31 * (len - 2.392) / (3.637 - 2.392));
        assert_string_equal(r.contrib[SSC_CPP_LEN_3UTR], want);
        snprintf(want, sizeof want, "%.3f", 0.118 * (dist - 1.415) / (3.113 - 1.415));
        assert_string_equal(r.contrib[SSC_CPP_MIN_DIST], want);
        assert_string_equal(r.air_str, "1");
        ssc_cpp_result_free(&r);
    }
}

/* A site scored for a second miRNA with same_site set (its miRNA-free
 * features taken from the call before) equals the site scored afresh, also
 * when the call before kept codes only and this one prints texts. */
static void cpp__same_site__equals_a_fresh_score(void **state)
{
    (void)state;
    char seq[] = "GGGGGGGGGACAUUCCGGAUAUUUGGCAUUACAUUCCAGGGAUUUACAUUCGGGGAAAAUUUUGGGGACAUUCCAUUU";
    ssc_cpp_utr_t u = utr_of(seq);
    ssc_cpp_site_t sites[] = {{SSC_7MER_M8, 10, 16, "NA", 0, "GGAAUGU"},   /* too close */
                              {SSC_8MER, 32, 39, "0.5", 2, "GGAAUGU"},
                              {SSC_6MER, 46, 51, "NA", 0, "GGAAUGU"},
                              {SSC_7MER_A1, 70, 76, "NA", 1, "GGAAUGU"}};
    static const char *const other = "UGGAAUGUGCAGUAACCUAGCA"; /* same seed, another 3' end */
    for (int compat = 0; compat <= 1; compat++)
        for (int codes = 0; codes <= 1; codes++)
            for (size_t i = 0; i < sizeof sites / sizeof *sites; i++) {
                ssc_cpp_opt_t o;
                ssc_cpp_result_t a, b;
                ssc_cpp_opt_init(&o);
                o.compat = compat;
                ssc_cpp_result_init(&a);
                ssc_cpp_result_init(&b);
                a.codes_only = b.codes_only = codes;
                assert_int_equal(ssc_cpp_score(params, &o, &u, &sites[i], other, &a), 0);
                assert_int_equal(ssc_cpp_score(params, &o, &u, &sites[i], MIR1, &b), 0);
                b.same_site = 1;
                assert_int_equal(ssc_cpp_score(params, &o, &u, &sites[i], other, &b), 0);
                for (int f = 0; f < SSC_CPP_NFEAT; f++) {
                    assert_int_equal(a.code[f], b.code[f]);
                    assert_memory_equal(&a.contrib_val[f], &b.contrib_val[f], sizeof(double));
                    if (!codes) assert_string_equal(a.contrib[f], b.contrib[f]);
                }
                assert_int_equal(a.score_code, b.score_code);
                assert_int_equal(a.wscore_code, b.wscore_code);
                assert_memory_equal(&a.cs, &b.cs, sizeof a.cs);
                if (!codes) assert_string_equal(a.score, b.score), assert_string_equal(a.wscore, b.wscore);
                assert_int_equal(a.too_close, i == 0);
                assert_string_equal(a.utr_aln.s ? a.utr_aln.s : "", b.utr_aln.s ? b.utr_aln.s : "");
                assert_string_equal(a.bars.s ? a.bars.s : "", b.bars.s ? b.bars.s : "");
                assert_string_equal(a.mir_aln.s ? a.mir_aln.s : "", b.mir_aln.s ? b.mir_aln.s : "");
                if (!codes) { /* the site met first without texts: the texts are made afresh */
                    ssc_cpp_result_free(&b);
                    ssc_cpp_result_init(&b);
                    b.codes_only = 1;
                    assert_int_equal(ssc_cpp_score(params, &o, &u, &sites[i], MIR1, &b), 0);
                    b.codes_only = 0, b.same_site = 1;
                    assert_int_equal(ssc_cpp_score(params, &o, &u, &sites[i], other, &b), 0);
                    for (int f = 0; f < SSC_CPP_NFEAT; f++) assert_string_equal(a.contrib[f], b.contrib[f]);
                    assert_string_equal(a.score, b.score);
                }
                ssc_cpp_result_free(&a);
                ssc_cpp_result_free(&b);
            }
}

static void cpp__scanner_sites__convert_to_one_based_inclusive(void **state)
{
    (void)state;
    ssc_site_t scan = {.fam = 0, .type = SSC_7MER_A1, .start = 100, .end = 107};
    ssc_cpp_site_t s = {0, 0, 0, "NA", 0, NULL};
    assert_int_equal(ssc_cpp_site_from_scan(&scan, &s), 0);
    assert_int_equal(s.type, SSC_7MER_A1);
    assert_int_equal(s.start, 101);
    assert_int_equal(s.end, 107);
    scan.type = SSC_OFFSET_6MER;
    assert_int_equal(ssc_cpp_site_from_scan(&scan, &s), SSC_EINVAL);
}

static void cpp__weighting_and_cwcs__follow_their_definitions(void **state)
{
    (void)state;
    double cs[3] = {-0.5, -0.25, -1.0}, one[3] = {1, 1, 1}, half[3] = {0.5, 0.5, 0.5};
    /* with AIR 1, each site multiplies the remaining fraction by 2^cs */
    assert_true(fabs(ssc_cpp_cwcs(cs, one, 3) - (-1.75)) < 1e-12);
    /* one site: the CWCS is the weighted score */
    assert_true(fabs(ssc_cpp_cwcs(cs, half, 1) - ssc_cpp_weighted(-0.5, 0.5)) < 1e-12);
    assert_true(fabs(ssc_cpp_weighted(-0.5, 0.5) - log2((pow(2, -0.5) - 1) * 0.5 + 1)) < 1e-12);
    /* C_2 = C_1 + (1 - 2^cs2)(0.5 - C_1) */
    double c1 = (1 - pow(2, -0.5)) * 0.5, c2 = c1 + (1 - pow(2, -0.25)) * (0.5 - c1);
    assert_true(fabs(ssc_cpp_cwcs(cs, half, 2) - log2(1 - c2)) < 1e-12);
    assert_true(ssc_cpp_cwcs(cs, one, 0) == 0);
}

static void cpp__target_summary__keeps_best_of_overlapping_sites(void **state)
{
    (void)state;
    /* sites 0 and 1 overlap; 1 is better. 2 stands alone. */
    ssc_cpp_tsite_t s[3] = {{100, 107, -0.2, 1}, {104, 110, -0.4, 1}, {300, 306, -0.1, 0.5}};
    char keep[3];
    double total, cw = ssc_cpp_target_summary(s, 3, keep, &total);
    assert_int_equal(keep[0], 0);
    assert_int_equal(keep[1], 1);
    assert_int_equal(keep[2], 1);
    assert_true(fabs(total - (-0.5)) < 1e-12);
    double c1 = 1 - pow(2, -0.4), c2 = c1 + (1 - pow(2, -0.1)) * (0.5 - c1);
    assert_true(fabs(cw - log2(1 - c2)) < 1e-12);
    kstring_t out = {0, 0, NULL};
    assert_int_equal(ssc_cpp_format_summary(&out, "G", "miR-1", 2, total, cw), 0);
    char want[64];
    snprintf(want, sizeof want, "G\tmiR-1\t2\t-0.500\t%.3f\n", log2(1 - c2));
    assert_string_equal(out.s, want);
    free(out.s);
    assert_true(ssc_cpp_target_summary(s, 0, NULL, &total) == 0 && total == 0);
}

static void cpp__site_air__picks_the_region_or_the_nearest(void **state)
{
    (void)state;
    ssc_cpp_air_t air[2] = {{1, 100, 100}, {101, 200, 40}};
    assert_true(ssc_cpp_site_air(air, 2, 50) == 1);
    assert_true(ssc_cpp_site_air(air, 2, 150) == 0.4);
    assert_true(ssc_cpp_site_air(air, 2, 230) == 0.4);
    assert_true(ssc_cpp_site_air(NULL, 0, 10) == 1);
}

static void cpp__malformed_mirna_file__is_an_error_naming_file_and_line(void **state)
{
    (void)state;
    char path[] = "/tmp/ssc_cpp_XXXXXX", err[512] = "";
    int fd = mkstemp(path);
    const char *text = "let-7/98\t9606\thsa-let-7a-5p\tUGAGGUAGUAGGUUGUAUAGUU\nmiR-1\t9606\thsa-miR-1\n";
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    ssc_cpp_opt_t o;
    ssc_cpp_inputs_t in = {TS "UTR_Sequences_sample.txt", path, TS "targetscan_70_output.BL_PCT.txt",
                           TS "ORF_Sequences_sample.lengths.txt", TS "ORF_8mer_counts_sample.txt",
                           TS "All_cell_lines.AIRs.txt", NULL, NULL};
    kstring_t out = {0, 0, NULL};
    ssc_cpp_opt_init(&o);
    assert_int_equal(ssc_cpp_targetscan_table(params, &o, &in, &out, err, sizeof err), SSC_EFORMAT);
    assert_non_null(strstr(err, path));
    assert_non_null(strstr(err, ":2: expected family"));
    free(out.s);
    unlink(path);
}

/* x formatted by ssc_cpp_fmt_fixed and by snprintf, and read back; 1 if all agree. */
static int fmt_agrees(double x, int d)
{
    char a[400], b[400];
    double v = 12345;
    int n = ssc_cpp_fmt_fixed(a, sizeof a, x, d, &v);
    snprintf(b, sizeof b, "%.*f", d, x);
    double w = atof(b);
    if (strcmp(a, b) != 0 || n != (int)strlen(b) || memcmp(&v, &w, sizeof v) != 0) {
        print_error("x = %.17g, d = %d: \"%s\" (%.17g) vs printf \"%s\" (%.17g)\n", x, d, a, v, b, w);
        return 0;
    }
    if (d > 4) return 1;
    /* the number as a code: the same text and value, or SSC_CPP_CODE_TEXT
     * exactly when printf's text has no code (not finite, or 2^30 units of
     * the last place or more) */
    int32_t c = ssc_cpp_fixed_code(x, d, &v);
    /* printf's text as units of the last place (digits with the point dropped); no long double
     * here: valgrind computes long double at double precision, which moved this oracle */
    uint64_t units = 0;
    for (const char *q = b; *q && units < (1ull << 40); q++)
        if (*q >= '0' && *q <= '9') units = units * 10 + (uint64_t)(*q - '0');
    int want_text = !isfinite(x) || units >= 1073741824u;
    if (c >= 0) n = ssc_cpp_fixed_put(a, c, d), a[n] = 0;
    if (c == SSC_CPP_CODE_TEXT ? !want_text || memcmp(&v, &w, sizeof v) != 0
                               : c < 0 || want_text || strcmp(a, b) != 0 || memcmp(&v, &w, sizeof v) != 0) {
        print_error("x = %.17g, d = %d: code %d \"%s\" (%.17g) vs printf \"%s\" (%.17g)\n", x, d,
                    (int)c, c >= 0 ? a : "", v, b, w);
        return 0;
    }
    return 1;
}

static void cpp__fixed_point_formatter__equals_printf_and_strtod(void **state)
{
    (void)state;
    static const double mag[] = {1e-4, 1e-2, 1, 10, 1e3, 1e5, 1e8, 1e12};
    uint64_t z = 88172645463325252ULL; /* xorshift64 */
    int bad = 0;
    /* 1.2 million random values over several magnitudes, both signs */
    for (int i = 0; i < 1200000 && bad < 5; i++) {
        z ^= z << 13, z ^= z >> 7, z ^= z << 17;
        double u = (double)(z >> 11) / 9007199254740992.0, x = (2 * u - 1) * mag[i % 8];
        bad += !fmt_agrees(x, i % 5 < 3 ? 3 : i % 5 == 3 ? 4 : i % 5 == 4 ? (int)(z % 3) : 0);
    }
    /* every exact tie (odd k / 2^(d+1)) up to 2^18 / 2^(d+1), and its neighbours */
    for (int d = 0; d <= 4 && bad < 5; d++)
        for (int k = -(1 << 18) + 1; k < 1 << 18 && bad < 5; k += 2) {
            double x = ldexp(k, -(d + 1));
            bad += !fmt_agrees(x, d) + !fmt_agrees(nextafter(x, 0), d) + !fmt_agrees(nextafter(x, 2 * x), d);
        }
    /* decimal near-ties x.xxx5 and x.xxxx5 as strtod reads them */
    for (int i = -300000; i <= 300000 && bad < 5; i++) {
        char t[32];
        snprintf(t, sizeof t, "%s%d.%03d5", i < 0 ? "-" : "", abs(i) / 1000, abs(i) % 1000);
        bad += !fmt_agrees(atof(t), 3);
        snprintf(t, sizeof t, "%s%d.%04d5", i < 0 ? "-" : "", abs(i) / 10000, abs(i) % 10000);
        bad += !fmt_agrees(atof(t), 4);
    }
    /* zeros, signs, limits, the fallback */
    static const double odd[] = {0.0, -0.0, -0.0001, 0.0004999, -0.0004999, 0.0005, -0.0005, 1e9,
                                 -1e9, 999999.9995, 1e300, -1e300, 5e-324};
    for (size_t i = 0; i < sizeof odd / sizeof *odd; i++)
        for (int d = 0; d <= 5; d++) bad += !fmt_agrees(odd[i], d);
    /* the codes' limit: 2^30 units of the last place, and around it */
    for (int d = 0; d <= 4; d++)
        for (int k = -3; k <= 3; k++) {
            double x = (1073741824.0 + k) / pow(10, d), y = (1073741824.0 + k + 0.5) / pow(10, d);
            bad += !fmt_agrees(x, d) + !fmt_agrees(-x, d) + !fmt_agrees(y, d) + !fmt_agrees(-y, d);
            bad += !fmt_agrees(nextafter(x, 0), d) + !fmt_agrees(nextafter(x, 2 * x), d);
        }
    for (int d = 0; d <= 4; d++) {
        char a[32], b[32];
        double v;
        snprintf(b, sizeof b, "%.*f", d, INFINITY);
        assert_int_equal(ssc_cpp_fmt_fixed(a, sizeof a, -INFINITY, d, &v), 4);
        assert_string_equal(a, "-inf");
        ssc_cpp_fmt_fixed(a, sizeof a, NAN, d, NULL);
        snprintf(b, sizeof b, "%.*f", d, NAN);
        assert_string_equal(a, b);
        assert_int_equal(ssc_cpp_fixed_code(INFINITY, d, NULL), SSC_CPP_CODE_TEXT);
        assert_int_equal(ssc_cpp_fixed_code(NAN, d, NULL), SSC_CPP_CODE_TEXT);
        /* -0.0 and a negative that rounds to zero keep their sign, as printf's "-0.000" */
        assert_int_equal(ssc_cpp_fixed_put(a, ssc_cpp_fixed_code(-0.0, d, NULL), d), d ? d + 3 : 2);
        assert_int_equal(a[0], '-');
    }
    assert_int_equal(bad, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(cpp__table_with_rnaplfold__matches_targetscan_sample_byte_for_byte),
        cmocka_unit_test(cpp__table_without_rnaplfold__matches_all_but_sa_columns),
        cmocka_unit_test(cpp__fixed_mode__changes_only_offset6mer_and_site8),
        cmocka_unit_test(cpp__offset_6mers__are_counted_in_fixed_mode_and_one_in_compat),
        cmocka_unit_test(cpp__6mer_site8__reads_opposite_nt8_fixed_and_nt10_in_compat),
        cmocka_unit_test(cpp__site_in_ribosome_shadow__is_too_close_as_in_targetscan),
        cmocka_unit_test(cpp__utr_without_airs__is_one_full_length_isoform_unless_compat),
        cmocka_unit_test(cpp__same_site__equals_a_fresh_score),
        cmocka_unit_test(cpp__scanner_sites__convert_to_one_based_inclusive),
        cmocka_unit_test(cpp__weighting_and_cwcs__follow_their_definitions),
        cmocka_unit_test(cpp__site_air__picks_the_region_or_the_nearest),
        cmocka_unit_test(cpp__target_summary__keeps_best_of_overlapping_sites),
        cmocka_unit_test(cpp__malformed_mirna_file__is_an_error_naming_file_and_line),
        cmocka_unit_test(cpp__fixed_point_formatter__equals_printf_and_strtod),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
