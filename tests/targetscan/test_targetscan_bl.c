/* test_targetscan_bl.c: Newick trees, UTR branch-length bins and site BL/PCT against TargetScan's sample outputs. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "seedscan.h"
#include "targetscan/newick.h"
#include "targetscan/ts_bl.h"

#define TS "testdata/targetscan/"
#define PCT_DIR "refs/targetscan/PCT_parameters"

static char *slurp(const char *path)
{
    kstring_t s = {0, 0, NULL};
    assert_int_equal(ssc_ts_file_slurp(path, &s), 0);
    return s.s;
}

static void newick__nested_tree__gives_parents_and_lengths(void **state)
{
    (void)state;
    ssc_newick_t t;
    char err[256];
    assert_int_equal(ssc_newick_parse(&t, "((a:1,\n b:2):0.5, c:4);", err, sizeof err), 0);
    assert_int_equal(t.n, 5);
    int a = ssc_newick_find(&t, "a"), b = ssc_newick_find(&t, "b"), c = ssc_newick_find(&t, "c");
    assert_true(a > 0 && b > 0 && c > 0);
    assert_int_equal(t.node[a].parent, t.node[b].parent);
    assert_int_equal(t.node[t.node[a].parent].parent, 0);
    assert_true(t.node[t.node[a].parent].len == 0.5);
    int ab[2] = {a, b}, ac[2] = {a, c}, abc[3] = {a, b, c};
    assert_true(ssc_newick_span(&t, a, ab, 2) == 3);
    assert_true(ssc_newick_span(&t, a, ac, 2) == 5.5);
    assert_true(ssc_newick_span(&t, c, abc, 3) == 7.5);
    assert_int_equal(ssc_newick_find(&t, "d"), -1);
    ssc_newick_free(&t);
}

static void newick__malformed_text__is_an_error_with_offset(void **state)
{
    (void)state;
    ssc_newick_t t;
    char err[256];
    assert_int_equal(ssc_newick_parse(&t, "((a:1,b:2);", err, sizeof err), SSC_EFORMAT);
    assert_non_null(strstr(err, "at byte"));
    assert_int_equal(ssc_newick_parse(&t, "(a:x,b:2);", err, sizeof err), SSC_EFORMAT);
    assert_non_null(strstr(err, "branch length"));
    assert_int_equal(ssc_newick_parse(&t, "(a,b)", err, sizeof err), SSC_EFORMAT);
    assert_int_equal(ssc_newick_load(&t, "testdata/targetscan/no_such_tree.txt", err, sizeof err),
                     SSC_EIO);
    assert_non_null(strstr(err, "no_such_tree.txt"));
}

static void newick__targetscan_trees__have_84_species(void **state)
{
    (void)state;
    ssc_newick_t t;
    char err[256];
    int leaves = 0;
    assert_int_equal(ssc_newick_load(&t, PCT_DIR "/Tree.bin_05.txt", err, sizeof err), 0);
    for (int i = 0; i < t.n; i++) leaves += t.node[i].name[0] != 0;
    assert_int_equal(leaves, 84);
    assert_true(ssc_newick_find(&t, "9606") > 0 && ssc_newick_find(&t, "7897") > 0);
    ssc_newick_free(&t);
}

static void bl__median_branch_length__matches_targetscan_sample(void **state)
{
    (void)state;
    char err[512];
    ssc_ts_bl_t *p = ssc_ts_bl_load(PCT_DIR, err, sizeof err);
    assert_non_null(p);
    ssc_ts_aln_t *r = ssc_ts_aln_open(TS "UTR_Sequences_sample.txt");
    ssc_ts_block_t b;
    kstring_t out = {0, 0, NULL};
    int ret;
    ssc_ts_block_init(&b);
    while ((ret = ssc_ts_aln_read(r, &b)) > 0) {
        double median;
        int bin;
        assert_int_equal(ssc_ts_utr_bin(p, &b, "9606", &median, &bin), 0);
        assert_int_equal(ssc_ts_format_utr_bin(&out, b.gene, median, bin), 0);
    }
    assert_int_equal(ret, 0);
    char *want = slurp(TS "UTRs_median_BLs_bins.txt");
    assert_string_equal(out.s, want);
    free(want);
    free(out.s);
    ssc_ts_block_free(&b);
    ssc_ts_aln_close(r);
    ssc_ts_bl_destroy(p);
}

static void bl__bins__follow_targetscan_thresholds(void **state)
{
    (void)state;
    assert_int_equal(ssc_ts_bin_of(0), 1);
    assert_int_equal(ssc_ts_bin_of(1.21207417), 1);
    assert_int_equal(ssc_ts_bin_of(1.2121), 2);
    assert_int_equal(ssc_ts_bin_of(5.8), 10);
    kstring_t s = {0, 0, NULL};
    assert_int_equal(ssc_ts_format_utr_bin(&s, "G", NAN, 1), 0);
    assert_string_equal(s.s, "G\t\t1\n");
    free(s.s);
}

static void bl__site_bl_pct_and_conserved__match_targetscan_sample(void **state)
{
    (void)state;
    char err[512];
    ssc_ts_bl_t *p = ssc_ts_bl_load(PCT_DIR, err, sizeof err);
    ssc_ts_sites_t sites;
    ssc_ts_families_t fam;
    ssc_ts_bins_t bins;
    assert_non_null(p);
    assert_int_equal(ssc_ts_sites_load(&sites, TS "targetscan_70_output.txt", err, sizeof err), 0);
    assert_int_equal(sites.n, 213);
    assert_int_equal(ssc_ts_families_load(&fam, TS "miR_Family_info_sample.txt", err, sizeof err), 0);
    assert_int_equal(ssc_ts_bins_load(&bins, TS "UTRs_median_BLs_bins.txt", err, sizeof err), 0);
    ssc_ts_blpct_t *r = calloc(sites.n, sizeof *r);
    assert_int_equal(ssc_ts_bl_pct(p, &sites, &fam, &bins, r), 0);
    kstring_t out = {0, 0, NULL};
    assert_int_equal(ssc_ts_format_bl_pct(&out, &sites, r), 0);
    char *want = slurp(TS "targetscan_70_output.BL_PCT.txt");
    assert_string_equal(out.s, want);
    free(want);
    free(out.s);
    free(r);
    ssc_ts_bins_free(&bins);
    ssc_ts_families_free(&fam);
    ssc_ts_sites_free(&sites);
    ssc_ts_bl_destroy(p);
}

/* Write text to a fresh temporary file; the caller unlinks and frees it. */
static char *tmp_with(const char *text)
{
    char *path = strdup("/tmp/ssc_tsbl_XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    return path;
}

/* The sample family file without let-7/98. */
static char *families_without_let7(void)
{
    char *all = slurp(TS "miR_Family_info_sample.txt");
    char *nl = strchr(all, '\n');
    assert_true(strncmp(all, "let-7/98\t", 9) == 0 && nl);
    char *path = tmp_with(nl + 1);
    free(all);
    return path;
}

/* Expected table: TargetScan's, with each let-7/98 row replaced by the input
 * row whose columns 12-13 read NA, plus a trailing tab (the script prints
 * rows of families missing from its family file that way). */
static void expected_without_let7(kstring_t *want)
{
    char *in = slurp(TS "targetscan_70_output.txt"), *exp = slurp(TS "targetscan_70_output.BL_PCT.txt");
    char *save1, *save2, *ein = strtok_r(in, "\n", &save1), *eex = strtok_r(exp, "\n", &save2);
    ksprintf(want, "%s\n", eex); /* header */
    while ((ein = strtok_r(NULL, "\n", &save1)) && (eex = strtok_r(NULL, "\n", &save2))) {
        if (!strstr(ein, "\tlet-7/98\t")) {
            ksprintf(want, "%s\n", eex);
            continue;
        }
        char *f[14];
        assert_int_equal(ssc_ts_split_tabs(ein, f, 14), 14);
        for (int k = 0; k < 14; k++) ksprintf(want, "%s\t", k == 11 || k == 12 ? "NA" : f[k]);
        kputc('\n', want);
    }
    free(in);
    free(exp);
}

static void bl__family_missing_from_family_file__prints_na_like_targetscan(void **state)
{
    (void)state;
    char err[512];
    char *fam_path = families_without_let7();
    ssc_ts_bl_t *p = ssc_ts_bl_load(PCT_DIR, err, sizeof err);
    ssc_ts_sites_t sites;
    ssc_ts_families_t fam;
    ssc_ts_bins_t bins;
    assert_int_equal(ssc_ts_sites_load(&sites, TS "targetscan_70_output.txt", err, sizeof err), 0);
    assert_int_equal(ssc_ts_families_load(&fam, fam_path, err, sizeof err), 0);
    assert_int_equal(ssc_ts_bins_load(&bins, TS "UTRs_median_BLs_bins.txt", err, sizeof err), 0);
    ssc_ts_blpct_t *r = calloc(sites.n, sizeof *r);
    kstring_t out = {0, 0, NULL}, want = {0, 0, NULL};
    assert_int_equal(ssc_ts_bl_pct(p, &sites, &fam, &bins, r), 0);
    assert_int_equal(ssc_ts_format_bl_pct(&out, &sites, r), 0);
    expected_without_let7(&want);
    assert_string_equal(out.s, want.s);
    free(out.s);
    free(want.s);
    free(r);
    ssc_ts_bins_free(&bins);
    ssc_ts_families_free(&fam);
    ssc_ts_sites_free(&sites);
    ssc_ts_bl_destroy(p);
    unlink(fam_path);
    free(fam_path);
}

static void bl__malformed_tables__are_errors_naming_file_and_line(void **state)
{
    (void)state;
    char err[512];
    ssc_ts_sites_t sites;
    ssc_ts_bins_t bins;
    ssc_ts_families_t fam;
    char *p1 = tmp_with("header\nG\tf\t9606\t1\t7\t15\t21\t1\t9mer\tx\t9mer\t9606\t\t0\n");
    assert_int_equal(ssc_ts_sites_load(&sites, p1, err, sizeof err), SSC_EFORMAT);
    assert_non_null(strstr(err, p1));
    assert_non_null(strstr(err, ":2: unknown site type"));
    char *p2 = tmp_with("G1\t0.5\t1\nG2\t0.7\n");
    assert_int_equal(ssc_ts_bins_load(&bins, p2, err, sizeof err), SSC_EFORMAT);
    assert_non_null(strstr(err, ":2: expected gene"));
    char *p3 = tmp_with("miR-1\tGGAAUG\t9606\n");
    assert_int_equal(ssc_ts_families_load(&fam, p3, err, sizeof err), SSC_EFORMAT);
    assert_non_null(strstr(err, ":1: expected family"));
    assert_null(ssc_ts_bl_load("refs/targetscan/no_such_dir", err, sizeof err));
    assert_non_null(strstr(err, "no_such_dir/Tree.generic.txt"));
    char *paths[] = {p1, p2, p3};
    for (int i = 0; i < 3; i++) {
        unlink(paths[i]);
        free(paths[i]);
    }
}

/* UTR_start, UTR_end and the group are counts: leading zeros are fine, 2^63 - 1 is the largest
 * (19 digits, past the 18 read without an overflow test), 2^63 and a letter are errors. */
static void bl__site_table_counts__read_to_two_to_the_63_and_no_further(void **state)
{
    (void)state;
    static const struct {
        const char *start, *end;
        int64_t want_start, want_end; /* 0: the table is an error */
    } c[] = {
        {"15", "21", 15, 21},
        {"000000000000000000000015", "0021", 15, 21},
        {"123456789012345678", "123456789012345679", 123456789012345678, 123456789012345679},
        {"9223372036854775806", "9223372036854775807", 9223372036854775806, INT64_MAX},
        {"15", "9223372036854775808", 0, 0},
        {"15", "99999999999999999999", 0, 0},
        {"15", "21a", 0, 0},
        {"15", "", 0, 0},
        {"21", "15", 0, 0},
    };
    for (size_t i = 0; i < sizeof c / sizeof *c; i++) {
        char text[512], err[512];
        snprintf(text, sizeof text, "header\nG\tf\t9606\t1\t7\t%s\t%s\t1\t7mer-m8\tx\t7mer-m8\t0\t\t0\n",
                 c[i].start, c[i].end);
        char *p = tmp_with(text);
        ssc_ts_sites_t sites;
        int ret = ssc_ts_sites_load(&sites, p, err, sizeof err);
        if (c[i].want_start) {
            assert_int_equal(ret, 0);
            assert_int_equal(sites.n, 1);
            assert_true(sites.row[0].utr_start == c[i].want_start);
            assert_true(sites.row[0].utr_end == c[i].want_end);
            ssc_ts_sites_free(&sites);
        } else {
            assert_int_equal(ret, SSC_EFORMAT);
            assert_non_null(strstr(err, ":2: bad UTR_start/UTR_end"));
        }
        unlink(p);
        free(p);
    }
}

/* A row's columns are found by 16-bit offsets: a line of 65,533 characters
 * (its last column filled out) is read whole, one more is an error naming
 * the line; the columns of the longest row read back as written. */
static void bl__site_table_rows__up_to_65533_characters(void **state)
{
    (void)state;
    static const char head[] = "header\nG\tf\t9606\t1\t7\t15\t21\t1\t7mer-m8\tx\t7mer-m8\t0\t\t";
    const size_t row = sizeof head - 1 - 7; /* the row's characters before the last column */
    for (int extra = 0; extra <= 1; extra++) {
        size_t last = 65533 - row + (size_t)extra; /* the last column's characters */
        char *text = malloc(sizeof head + last + 2), err[512];
        memcpy(text, head, sizeof head - 1);
        memset(text + sizeof head - 1, 'C', last);
        memcpy(text + sizeof head - 1 + last, "\n", 2);
        char *p = tmp_with(text);
        ssc_ts_sites_t sites;
        int ret = ssc_ts_sites_load(&sites, p, err, sizeof err);
        if (!extra) {
            assert_int_equal(ret, 0);
            assert_int_equal(sites.n, 1);
            assert_int_equal(strlen(ssc_ts_col(&sites.row[0], 13)), last);
            assert_string_equal(ssc_ts_col(&sites.row[0], 12), "");
            assert_string_equal(ssc_ts_col(&sites.row[0], 8), "7mer-m8");
            assert_int_equal(ssc_ts_col(&sites.row[0], 13)[last - 1], 'C');
            ssc_ts_sites_free(&sites);
        } else {
            assert_int_equal(ret, SSC_EFORMAT);
            assert_non_null(strstr(err, ":2: line longer than 65,533 characters"));
        }
        unlink(p);
        free(p);
        free(text);
    }
}

/* Site types by name: TargetScan's four names, and every name one edit away from them (a letter
 * dropped, changed or added at any place) is -1 unless it is another type's name. */
static void sites__type_names__only_the_four_exact_names(void **state)
{
    (void)state;
    static const char *const name[4] = {"8mer-1a", "7mer-m8", "7mer-1a", "6mer"};
    static const char alpha[] = "0123456789-amerAMER 1\t";
    char buf[16];
    int tried = 0;
    for (int t = 0; t < 4; t++) {
        assert_int_equal(ssc_ts_type_from_name(name[t]), t);
        assert_string_equal(ssc_ts_type_name(t), name[t]);
        int n = (int)strlen(name[t]);
        for (int at = 0; at <= n; at++)
            for (int op = 0; op < 3; op++)
                for (size_t c = 0; c < sizeof alpha - 1; c++) {
                    if (op == 0 && at == n) continue;
                    int len = 0;
                    for (int k = 0; k < at; k++) buf[len++] = name[t][k];
                    if (op > 0) buf[len++] = alpha[c];                /* 1 change, 2 insert */
                    for (int k = at + (op < 2); k < n; k++) buf[len++] = name[t][k];
                    buf[len] = 0;
                    int want = -1; /* the plain loop over the names */
                    for (int u = 0; u < 4; u++)
                        if (strcmp(buf, name[u]) == 0) want = u;
                    assert_int_equal(ssc_ts_type_from_name(buf), want);
                    tried++;
                }
    }
    assert_int_equal(ssc_ts_type_from_name(""), -1);
    assert_true(tried > 1000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(newick__nested_tree__gives_parents_and_lengths),
        cmocka_unit_test(newick__malformed_text__is_an_error_with_offset),
        cmocka_unit_test(newick__targetscan_trees__have_84_species),
        cmocka_unit_test(bl__median_branch_length__matches_targetscan_sample),
        cmocka_unit_test(bl__bins__follow_targetscan_thresholds),
        cmocka_unit_test(bl__site_bl_pct_and_conserved__match_targetscan_sample),
        cmocka_unit_test(bl__family_missing_from_family_file__prints_na_like_targetscan),
        cmocka_unit_test(bl__malformed_tables__are_errors_naming_file_and_line),
        cmocka_unit_test(bl__site_table_counts__read_to_two_to_the_63_and_no_further),
        cmocka_unit_test(bl__site_table_rows__up_to_65533_characters),
        cmocka_unit_test(sites__type_names__only_the_four_exact_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
