/* test_exprtab.c: expression table formats, column detection, ID joining, their error messages; the SVG plots. */
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
#include "expr/exprtab.h"
#include "expr/svg.h"

static char errbuf[1024];

/* A temporary file holding text; the path is freed and the file removed by drop(). */
static char *tmp_file(const char *text)
{
    const char *dir = getenv("TMPDIR");
    char *path = malloc(4096);
    snprintf(path, 4096, "%s/ssc_et_XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    return path;
}

static void drop(char *path)
{
    unlink(path);
    free(path);
}

/* Load text with options; the table, or NULL with errbuf set. */
static ssc_exprtab_t *load_text(const char *text, const ssc_et_opt_t *opt, char **path)
{
    ssc_exprtab_t *t = NULL;
    ssc_et_opt_t o;
    ssc_et_opt_init(&o);
    *path = tmp_file(text);
    errbuf[0] = '\0';
    ssc_exprtab_load(*path, opt ? opt : &o, &t, errbuf, sizeof errbuf);
    return t;
}

static void exprtab__deseq2_columns__are_detected(void **state)
{
    (void)state;
    ssc_et_opt_t o;
    ssc_exprtab_t *t = NULL;
    ssc_et_opt_init(&o);
    assert_int_equal(ssc_exprtab_load("testdata/seedmatchr_ttr_deseq2.tsv.gz", &o, &t, errbuf, sizeof errbuf), 0);
    assert_int_equal(t->kind, SSC_ET_DESEQ2);
    assert_string_equal(t->id_name, "gene_id");
    assert_string_equal(t->value_name, "log2FoldChange");
    assert_int_equal(t->n, 179);
    assert_string_equal(t->id[0], "ENSRNOG00000016275");
    assert_true(fabs(t->value[0] - -8.16461452145323) < 1e-14);
    assert_int_equal(ssc_exprtab_find(t, "ENSRNOG00000000127"), 1);
    ssc_exprtab_destroy(t);
}

static void exprtab__edger_with_r_row_names__uses_the_unnamed_column(void **state)
{
    (void)state;
    char *p;
    ssc_exprtab_t *t = load_text("logFC\tlogCPM\tPValue\tFDR\nENSG01.3\t-1.5\t4.2\t1e-5\t1e-3\n"
                                 "ENSG02.1\t0.25\t3.1\t0.5\t0.9\n", NULL, &p);
    assert_non_null(t);
    assert_int_equal(t->kind, SSC_ET_EDGER);
    assert_int_equal(t->id_col, 0);
    assert_int_equal(t->value_col, 1);
    assert_string_equal(t->id[0], "ENSG01"); /* version stripped */
    assert_true(t->value[1] == 0.25);
    ssc_exprtab_destroy(t);
    drop(p);
}

static void exprtab__limma_quoted_csv__is_read(void **state)
{
    (void)state;
    char *p;
    ssc_exprtab_t *t = load_text("\"ID\",\"logFC\",\"AveExpr\",\"t\",\"P.Value\",\"adj.P.Val\",\"B\"\n"
                                 "\"NM_000314.4\",-0.75,8.1,-5,1e-4,0.01,2\n"
                                 "\"KRAS, isoform b\",NA,7,0,1,1,-5\n", NULL, &p);
    assert_non_null(t);
    assert_int_equal(t->kind, SSC_ET_LIMMA);
    assert_int_equal(t->sep, ',');
    assert_string_equal(t->id[0], "NM_000314");
    assert_string_equal(t->id[1], "KRAS, isoform b");
    assert_true(isnan(t->value[1]));
    assert_int_equal(t->n_na, 1);
    ssc_exprtab_destroy(t);
    drop(p);
}

static void exprtab__byte_order_mark__is_ignored(void **state)
{
    (void)state;
    char *p;
    ssc_exprtab_t *t = load_text("\xEF\xBB\xBFgene_id,log2FoldChange,baseMean\r\nG1,-1,5\r\n", NULL, &p);
    assert_non_null(t);
    assert_string_equal(t->id_name, "gene_id");
    assert_int_equal(t->kind, SSC_ET_DESEQ2);
    assert_string_equal(t->id[0], "G1");
    ssc_exprtab_destroy(t);
    drop(p);
}

static void exprtab__headerless_generic__uses_the_first_two_columns(void **state)
{
    (void)state;
    char *p;
    ssc_exprtab_t *t = load_text("FBgn0000008\t0.28\t5.67\nFBgn0000024\t0.79\t6.84\n", NULL, &p);
    assert_non_null(t);
    assert_int_equal(t->kind, SSC_ET_GENERIC);
    assert_int_equal(t->has_header, 0);
    assert_int_equal(t->n, 2);
    assert_true(t->value[1] == 0.79);
    ssc_exprtab_destroy(t);
    drop(p);
}

static void exprtab__blank_separated_columns__are_split_on_runs(void **state)
{
    (void)state;
    char *p;
    ssc_et_opt_t o;
    ssc_et_opt_init(&o);
    o.id_col = "symbol";
    o.value_col = "3";
    ssc_exprtab_t *t = load_text("gene  symbol   lfc\n  g1   Pten  -1.0\ng2 Kras 2e-1\n", &o, &p);
    assert_non_null(t);
    assert_int_equal(t->sep, ' ');
    assert_string_equal(t->id[0], "Pten");
    assert_true(t->value[1] == 0.2);
    ssc_exprtab_destroy(t);
    drop(p);
}

static void exprtab__gzip_table__value_column_by_name(void **state)
{
    (void)state;
    ssc_et_opt_t o;
    ssc_exprtab_t *t = NULL;
    ssc_et_opt_init(&o);
    o.value_col = "miR277";
    assert_int_equal(ssc_exprtab_load("testdata/fly_s2_log2fc.tsv.gz", &o, &t, errbuf, sizeof errbuf), 0);
    assert_int_equal(t->n, 3423);
    assert_int_equal(t->n - t->n_na, 2192); /* the knockout table's genes with a 3'UTR */
    ssc_exprtab_destroy(t);
}

static void exprtab__matrix__is_column_minus_mean_of_the_others(void **state)
{
    (void)state;
    char *p;
    ssc_et_opt_t o;
    ssc_et_opt_init(&o);
    o.matrix_col = "mir7";
    /* R's write.table: the header has no field for the row names */
    ssc_exprtab_t *t = load_text("let7\tmir1\tmir7\nNM_1.2\t1\t2\t6\nNM_2.1\t4\t4\t1\n", &o, &p);
    assert_non_null(t);
    assert_int_equal(t->kind, SSC_ET_MATRIX);
    assert_true(fabs(t->value[0] - (6 - 1.5)) < 1e-12);
    assert_true(fabs(t->value[1] - (1 - 4)) < 1e-12);
    ssc_exprtab_destroy(t);
    drop(p);
}

static void exprtab__ranked_list__values_are_ranks(void **state)
{
    (void)state;
    char *p;
    ssc_et_opt_t o;
    ssc_et_opt_init(&o);
    o.ranked = 1;
    ssc_exprtab_t *t = load_text("b\tx\n# comment\na\n\nc\n", &o, &p);
    assert_non_null(t);
    assert_int_equal(t->kind, SSC_ET_RANKED);
    assert_int_equal(t->n, 3);
    assert_int_equal(ssc_exprtab_find(t, "c"), 2);
    assert_true(t->value[2] == 3);
    ssc_exprtab_destroy(t);
    drop(p);
}

static void exprtab__versions__are_kept_on_request(void **state)
{
    (void)state;
    char *p;
    ssc_et_opt_t o;
    ssc_et_opt_init(&o);
    o.keep_version = 1;
    ssc_exprtab_t *t = load_text("id\tvalue\nENST01.5\t1\nmiR-1.2a\t2\n", &o, &p);
    assert_non_null(t);
    assert_string_equal(t->id[0], "ENST01.5");
    ssc_exprtab_destroy(t);
    drop(p);
    char id[] = "hsa-let-7a.2b", id2[] = "NM_000314.4", id3[] = "x.";
    ssc_id_strip_version(id);
    ssc_id_strip_version(id2);
    ssc_id_strip_version(id3);
    assert_string_equal(id, "hsa-let-7a.2b"); /* not a version: letters after the dot */
    assert_string_equal(id2, "NM_000314");
    assert_string_equal(id3, "x.");
}

static void exprtab__bad_value__names_file_line_and_column(void **state)
{
    (void)state;
    char *p;
    ssc_exprtab_t *t = load_text("id\tlogFC\nA\t0.5\nB\tup\n", NULL, &p);
    char want[4200];
    assert_null(t);
    snprintf(want, sizeof want, "%s:3: 'up' in column 'logFC' is not a number", p);
    assert_string_equal(errbuf, want);
    drop(p);
}

static void exprtab__short_row__is_an_error(void **state)
{
    (void)state;
    char *p;
    ssc_exprtab_t *t = load_text("id\tlogFC\tpadj\nA\t0.5\t0.1\nB\t0.2\n", NULL, &p);
    assert_null(t);
    assert_non_null(strstr(errbuf, ":3: 2 fields, expected 3"));
    drop(p);
}

static void exprtab__unknown_column__is_an_error(void **state)
{
    (void)state;
    char *p;
    ssc_et_opt_t o;
    ssc_et_opt_init(&o);
    o.value_col = "log2FC";
    ssc_exprtab_t *t = load_text("id\tlogFC\nA\t0.5\n", &o, &p);
    assert_null(t);
    assert_non_null(strstr(errbuf, "no value column 'log2FC' in the header"));
    drop(p);
    assert_int_equal(ssc_exprtab_load("testdata/no_such_table.tsv", &o, &t, errbuf, sizeof errbuf), SSC_EIO);
    assert_non_null(strstr(errbuf, "no_such_table.tsv"));
}

static void exprtab__empty_table__is_an_error(void **state)
{
    (void)state;
    char *p;
    ssc_exprtab_t *t = load_text("id\tlogFC\n", NULL, &p);
    assert_null(t);
    assert_non_null(strstr(errbuf, "no data rows"));
    drop(p);
}

static void exprtab__duplicate_ids__count_and_the_first_wins(void **state)
{
    (void)state;
    char *p;
    ssc_exprtab_t *t = load_text("id\tlogFC\nA.1\t1\nA.2\t2\nB\t3\n", NULL, &p);
    assert_non_null(t);
    assert_int_equal(t->n_dup, 1);
    assert_int_equal(ssc_exprtab_find(t, "A"), 0);
    ssc_exprtab_destroy(t);
    drop(p);
}

static void join__longest_target__wins_and_the_report_counts(void **state)
{
    (void)state;
    char *p;
    long row;
    kstring_t s = { 0, 0, NULL };
    ssc_exprtab_t *t = load_text("id\tlogFC\nG1\t1\nG2\tNA\nG3\t-1\n", NULL, &p);
    ssc_join_t *j = ssc_join_init(t->n, SSC_COLLAPSE_LONGEST);
    assert_int_equal(ssc_join_offer(j, t, NULL, "G1.1", 100, &row), 1);
    assert_int_equal(ssc_join_offer(j, t, NULL, "G1.2", 300, &row), 1);
    assert_int_equal(ssc_join_offer(j, t, NULL, "G1.3", 200, &row), 0);
    assert_int_equal(ssc_join_offer(j, t, NULL, "G9", 50, &row), 0);
    assert_int_equal(row, -1);
    assert_int_equal(ssc_join_offer(j, t, NULL, "G2", 50, &row), 1);
    assert_string_equal(j->target[0], "G1.2");
    assert_int_equal(ssc_join_matched(j, t), 1); /* G2 has no value */
    assert_int_equal(j->n_collapsed, 2);
    assert_int_equal(ssc_join_report(&s, j, t), 0);
    assert_non_null(strstr(s.s, "3 rows (1 NA, 0 duplicate IDs), 5 targets (2 collapsed by 'longest')"));
    assert_true(fabs(ssc_join_fraction(j, t) - 0.5) < 1e-12); /* 1 of min(2 rows, 3 targets) */
    free(s.s);
    ssc_join_destroy(j);
    ssc_exprtab_destroy(t);
    drop(p);
}

static void join__first_rule__keeps_the_first_target(void **state)
{
    (void)state;
    char *p;
    long row;
    ssc_exprtab_t *t = load_text("id\tlogFC\nG1\t1\n", NULL, &p);
    ssc_join_t *j = ssc_join_init(t->n, SSC_COLLAPSE_FIRST);
    assert_int_equal(ssc_join_offer(j, t, NULL, "G1", 10, &row), 1);
    assert_int_equal(ssc_join_offer(j, t, NULL, "G1", 900, &row), 0);
    assert_int_equal(j->len[0], 10);
    ssc_join_destroy(j);
    ssc_exprtab_destroy(t);
    drop(p);
}

static void join__pipe_fields_and_id_map__find_the_row(void **state)
{
    (void)state;
    char *p, *mp;
    ssc_idmap_t *m = NULL;
    ssc_exprtab_t *t = load_text("symbol\tlogFC\nPTEN\t-1\nKRAS\t0.5\n", NULL, &p);
    assert_int_equal(ssc_exprtab_match(t, NULL, "NM_000314.4|PTEN"), 0);
    assert_int_equal(ssc_exprtab_match(t, NULL, "NM_004985.5"), -1);
    mp = tmp_file("transcript\tgene\tsymbol\nNM_004985.5\tENSG00000133703\tKRAS\n");
    assert_int_equal(ssc_idmap_load(mp, &m, errbuf, sizeof errbuf), 0);
    assert_int_equal(ssc_exprtab_match(t, m, "NM_004985.4"), 1);
    assert_int_equal(ssc_exprtab_match(t, m, "ENSG00000133703"), 1);
    ssc_idmap_destroy(m);
    ssc_exprtab_destroy(t);
    drop(mp);
    drop(p);
}

static void split__csv_quotes_and_blank_runs(void **state)
{
    (void)state;
    char a[] = "\"x, y\",\"say \"\"hi\"\"\",,3", b[] = "  a \t b   c  ";
    char *f[8];
    assert_int_equal(ssc_et_split(a, ',', f, 8), 4);
    assert_string_equal(f[0], "x, y");
    assert_string_equal(f[1], "say \"hi\"");
    assert_string_equal(f[2], "");
    assert_int_equal(ssc_et_split(b, ' ', f, 8), 3);
    assert_string_equal(f[2], "c");
}

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p++) n++;
    return n;
}

static void svg__ecdf_panel__has_each_curve_and_escaped_labels(void **state)
{
    (void)state;
    double a[] = { -1, -0.5, 0, 0.5 }, b[] = { -2, -2, -1 };
    ssc_svg_curve_t c[] = { { a, 4, "no site (n=4)", NULL }, { b, 3, "8mer <best> & \"only\"", NULL } };
    kstring_t s = { 0, 0, NULL };
    assert_int_equal(ssc_svg_begin(&s, SSC_SVG_PANEL_W, SSC_SVG_PANEL_H), 0);
    assert_int_equal(ssc_svg_ecdf(&s, 0, 0, "miR-1", "seed GGAAUGU", "log2 fold change", c, 2), 0);
    assert_int_equal(ssc_svg_end(&s), 0);
    assert_int_equal(count(s.s, "<path clip-path"), 2);
    assert_non_null(strstr(s.s, "8mer &lt;best&gt; &amp; &quot;only&quot;"));
    assert_null(strstr(s.s, "<best>"));
    assert_true(s.l > 7 && !strcmp(s.s + s.l - 7, "</svg>\n"));
    free(s.s);
}

static void svg__landscape__marks_the_peak_and_reference_lines(void **state)
{
    (void)state;
    double score[] = { 1, 2, 0.5, -3, -1, 0 };
    size_t ends[] = { 10, 20, 30 }, hi[] = { 0 };
    const char *lab[] = { "ACATTCC 7mer-m8" };
    ssc_svg_land_t l = { score, 2, 3, ends, hi, lab, 1, 1, 0, "peak -3 at 10", 2.3, NULL };
    kstring_t s = { 0, 0, NULL };
    assert_int_equal(ssc_svg_landscape(&s, 0, 0, "t", "sub", &l), 0);
    assert_int_equal(count(s.s, "<circle"), 2);             /* the peak and its legend key */
    assert_int_equal(count(s.s, "<line class=\"ref\""), 2); /* +/-2.3 */
    assert_int_equal(count(s.s, "<polyline"), 1);
    assert_non_null(strstr(s.s, "peak -3 at 10"));
    free(s.s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(exprtab__deseq2_columns__are_detected),
        cmocka_unit_test(exprtab__edger_with_r_row_names__uses_the_unnamed_column),
        cmocka_unit_test(exprtab__limma_quoted_csv__is_read),
        cmocka_unit_test(exprtab__byte_order_mark__is_ignored),
        cmocka_unit_test(exprtab__headerless_generic__uses_the_first_two_columns),
        cmocka_unit_test(exprtab__blank_separated_columns__are_split_on_runs),
        cmocka_unit_test(exprtab__gzip_table__value_column_by_name),
        cmocka_unit_test(exprtab__matrix__is_column_minus_mean_of_the_others),
        cmocka_unit_test(exprtab__ranked_list__values_are_ranks),
        cmocka_unit_test(exprtab__versions__are_kept_on_request),
        cmocka_unit_test(exprtab__bad_value__names_file_line_and_column),
        cmocka_unit_test(exprtab__short_row__is_an_error),
        cmocka_unit_test(exprtab__unknown_column__is_an_error),
        cmocka_unit_test(exprtab__empty_table__is_an_error),
        cmocka_unit_test(exprtab__duplicate_ids__count_and_the_first_wins),
        cmocka_unit_test(join__longest_target__wins_and_the_report_counts),
        cmocka_unit_test(join__first_rule__keeps_the_first_target),
        cmocka_unit_test(join__pipe_fields_and_id_map__find_the_row),
        cmocka_unit_test(split__csv_quotes_and_blank_runs),
        cmocka_unit_test(svg__ecdf_panel__has_each_curve_and_escaped_labels),
        cmocka_unit_test(svg__landscape__marks_the_peak_and_reference_lines),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
