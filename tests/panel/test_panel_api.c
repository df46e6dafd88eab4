/* test_panel_api.c: the panel library (src/panel/panel.c): loading, filters, miRNA sets, formats, errors. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include "seedscan.h"
#include "panel/panel.h"
#include "testutil.h"

/* The expected numbers below were counted in the shipped files with awk,
 * not with the library:
 *   rows:       awk 'END{print NR-1}' refs/resistance_panel.tsv                        -> 79
 *   cisplatin:  awk -F'\t' 'NR>1 && ";"$7";" ~ /;cisplatin;/' ... | wc -l               -> 26
 *               (first hsa-miR-34a-5p on line 2, last hsa-miR-200a-3p)
 *   TKI:        whole word ";"$7";" ~ /;TKI;/ -> 27 rows; substring $7 ~ /TKI/ -> 55
 *   PTEN:       awk -F'\t' 'NR>1 && ";"$11";" ~ /;PTEN;/ {print $2}'                  -> 6 rows:
 *               30a-5p, 30a-3p, 21-5p, 21-3p, 20a-5p, 20a-3p (all 6 also cisplatin)
 *   radiation and BCL2: no row has both (9 radiation rows, none names BCL2)
 *   terms:      distinct ';'-words of column 7 -> 15
 *   hsa-miR-21-5p is on line 8 (row 6): its fields are copied from `awk NR==8`. */
#define PANEL "refs/resistance_panel.tsv"
#define UTRS "refs/panel_target_utrs.fa"

static ssc_panel_t *load_ok(const char *what)
{
    ssc_panel_t *p = ssc_panel_init();
    int n = ssc_panel_load(p, what);
    if (n < 0) fail_msg("load %s: %d (%s)", what, n, ssc_panel_errmsg(p));
    return p;
}

static int select_n(ssc_panel_t *p, const char *res, const char *tgt, int *rows)
{
    ssc_panel_filter_t f = { res, tgt };
    return ssc_panel_select(p, &f, rows);
}

static void panel__shipped_panel__loads_79_rows_with_their_columns(void **state)
{
    (void)state;
    ssc_panel_t *p = load_ok(PANEL);
    assert_int_equal(ssc_panel_size(p), 79);
    assert_string_equal(ssc_panel_mirbase_id(p, 0), "hsa-miR-34a-5p");
    assert_string_equal(ssc_panel_mirbase_id(p, 6), "hsa-miR-21-5p");
    assert_string_equal(ssc_panel_review_name(p, 6), "mir21;mir-21");
    assert_string_equal(ssc_panel_accession(p, 6), "MIMAT0000076");
    assert_string_equal(ssc_panel_sequence(p, 6), "UAGCUUAUCAGACUGAUGUUGA");
    assert_string_equal(ssc_panel_seed(p, 6), "AGCUUAU");
    assert_string_equal(ssc_panel_resistance(p, 6), "radiation;cisplatin;docetaxel;paclitaxel;5-FU;EGFR-TKI");
    assert_string_equal(ssc_panel_targets(p, 6), "PTEN;PDCD4;HBP1");
    assert_string_equal(ssc_panel_refs(p, 6), "10;116;117;118;119;120;121;122;123;124;125;126;128");
    assert_string_equal(ssc_panel_column(p, 6, "compartment"), "both");
    assert_null(ssc_panel_column(p, 6, "no_such_column"));
    assert_null(ssc_panel_field(p, 79, SSC_PCOL_SEED));
    assert_null(ssc_panel_field(p, -1, SSC_PCOL_SEED));
    ssc_panel_destroy(p);
}

static void panel__resistance_filter__keeps_only_cisplatin_rows(void **state)
{
    (void)state;
    ssc_panel_t *p = load_ok(PANEL);
    int rows[79], n = select_n(p, "cisplatin", NULL, rows);
    assert_int_equal(n, 26);
    for (int k = 0; k < n; k++) {
        assert_true(ssc_panel_list_has(ssc_panel_resistance(p, rows[k]), "cisplatin"));
        if (k) assert_true(rows[k] > rows[k - 1]);
    }
    assert_string_equal(ssc_panel_mirbase_id(p, rows[0]), "hsa-miR-34a-5p");
    assert_string_equal(ssc_panel_mirbase_id(p, rows[n - 1]), "hsa-miR-200a-3p");
    assert_int_equal(select_n(p, "CISPLATIN", NULL, NULL), 26);
    ssc_panel_destroy(p);
}

static void panel__resistance_filter__matches_whole_terms_only(void **state)
{
    (void)state;
    ssc_panel_t *p = load_ok(PANEL);
    assert_int_equal(select_n(p, "TKI", NULL, NULL), 27); /* not the 55 rows containing "TKI" */
    assert_int_equal(select_n(p, "EGFR", NULL, NULL), SSC_EINVAL);
    assert_true(ssc_panel_list_has("radiation;EGFR-TKI", "egfr-tki"));
    assert_false(ssc_panel_list_has("radiation;EGFR-TKI", "TKI"));
    assert_false(ssc_panel_list_has("", "TKI"));
    assert_false(ssc_panel_list_has("TKI", ""));
    ssc_panel_destroy(p);
}

static void panel__target_filter__keeps_the_six_pten_rows_in_panel_order(void **state)
{
    (void)state;
    static const char *const want[] = { "hsa-miR-30a-5p", "hsa-miR-30a-3p", "hsa-miR-21-5p",
                                        "hsa-miR-21-3p", "hsa-miR-20a-5p", "hsa-miR-20a-3p" };
    ssc_panel_t *p = load_ok(PANEL);
    int rows[79], n = select_n(p, NULL, "pten", rows);
    assert_int_equal(n, 6);
    for (int k = 0; k < n; k++) assert_string_equal(ssc_panel_mirbase_id(p, rows[k]), want[k]);
    assert_int_equal(select_n(p, "cisplatin", "PTEN", NULL), 6);
    assert_int_equal(select_n(p, "", "", NULL), 79); /* empty filters filter nothing */
    ssc_panel_destroy(p);
}

static void panel__filters_with_no_rows__fail_with_a_reason(void **state)
{
    (void)state;
    ssc_panel_t *p = load_ok(PANEL);
    assert_int_equal(select_n(p, "foo", NULL, NULL), SSC_EINVAL);
    assert_non_null(strstr(ssc_panel_errmsg(p), "'foo'"));
    assert_non_null(strstr(ssc_panel_errmsg(p), "cisplatin")); /* the terms are listed */
    assert_int_equal(select_n(p, NULL, "NOPE", NULL), SSC_ENOTFOUND);
    assert_non_null(strstr(ssc_panel_errmsg(p), "target gene 'NOPE'"));
    assert_int_equal(select_n(p, "radiation", "BCL2", NULL), SSC_ENOTFOUND);
    assert_non_null(strstr(ssc_panel_errmsg(p), "both"));
    ssc_panel_filter_t f = { "foo", NULL };
    assert_null(ssc_panel_mirset(p, &f));
    assert_non_null(strstr(ssc_panel_errmsg(p), "'foo'"));
    ssc_panel_destroy(p);
}

static void panel__terms__lists_the_15_resistance_terms_once_each(void **state)
{
    (void)state;
    ssc_panel_t *p = load_ok(PANEL);
    const char *t = ssc_panel_terms(p);
    int n = 1;
    for (const char *q = t; *q; q++) n += *q == ',';
    assert_int_equal(n, 15);
    assert_int_equal(strncmp(t, "cisplatin, docetaxel, EGFR-TKI", 30), 0); /* row 1's, in order */
    ssc_panel_destroy(p);
}

static void panel__mirset__names_mirbase_ids_with_panel_sequences(void **state)
{
    (void)state;
    ssc_panel_t *p = load_ok(PANEL);
    ssc_panel_filter_t f = { NULL, "PTEN" };
    ssc_mirset_t *ms = ssc_panel_mirset(p, &f);
    assert_non_null(ms);
    assert_int_equal(ssc_mirset_size(ms), 6);
    assert_string_equal(ssc_mirset_name(ms, 2), "hsa-miR-21-5p");
    assert_string_equal(ssc_mirset_seq(ms, 2), "UAGCUUAUCAGACUGAUGUUGA");
    assert_string_equal(ssc_family_seed(ms, ssc_mirset_family_of(ms, 2)), "AGCUUAU");
    ssc_mirset_destroy(ms);
    ms = ssc_panel_mirset(p, NULL);
    assert_int_equal(ssc_mirset_size(ms), 79);
    for (int i = 0; i < 79; i++) {
        assert_string_equal(ssc_mirset_name(ms, i), ssc_panel_mirbase_id(p, i));
        assert_string_equal(ssc_mirset_seq(ms, i), ssc_panel_sequence(p, i));
    }
    ssc_mirset_destroy(ms);
    ssc_panel_destroy(p);
}

/* ---- scanning the panel's set against the shipped UTRs ---- */

typedef struct {
    const char *utr, *mirna;
    int type;
    int64_t start1; /* 1-based, as in the data README; 0 = no site of that miRNA */
} known_t;

/* The data README's exact search (no shadow mask), re-derived with awk's
 * index() on the joined sequence of each record:
 *   ATAAGCTA (miR-21-5p 8mer)      in ENSG00000150593|PDCD4 at 242
 *   TAAGCTA  (miR-21-5p 7mer-A1)   in NM_000314.5|PTEN at 4809
 *   TAAGCT, ATAAGC (6mer, offset-6mer of miR-21-5p): absent from NM_000314.4|PTEN
 *   GTCTTAA  (miR-208a-3p 7mer-A1) in both CDKN1A records at 86
 *   ACTGCCA  (miR-34a-5p 7mer-A1)  in ENSG00000171791|BCL2 at 203 (no CACTGCC) */
static const known_t known[] = {
    { "ENSG00000150593|PDCD4", "hsa-miR-21-5p", SSC_8MER, 242 },
    { "NM_000314.5|PTEN", "hsa-miR-21-5p", SSC_7MER_A1, 4809 },
    { "NM_000314.4|PTEN", "hsa-miR-21-5p", -1, 0 },
    { "NM_000389.4|CDKN1A", "hsa-miR-208a-3p", SSC_7MER_A1, 86 },
    { "NM_078467.2|CDKN1A", "hsa-miR-208a-3p", SSC_7MER_A1, 86 },
    { "ENSG00000171791|BCL2", "hsa-miR-34a-5p", SSC_7MER_A1, 203 },
};
#define NKNOWN ((int)(sizeof known / sizeof known[0]))

static int mir_index(const ssc_mirset_t *ms, const char *name)
{
    for (int i = 0; i < ssc_mirset_size(ms); i++)
        if (strcmp(ssc_mirset_name(ms, i), name) == 0) return i;
    return -1;
}

/* Sites of one miRNA in one record, checked against the known table. */
static void check_known(const ssc_mirset_t *ms, const ssc_site_t *s, int64_t n, const known_t *k)
{
    int fam = ssc_mirset_family_of(ms, mir_index(ms, k->mirna)), found = 0;
    for (int64_t j = 0; j < n; j++) {
        if (s[j].fam != fam) continue;
        if (!k->start1) fail_msg("%s: unexpected %s site at %lld", k->utr, k->mirna, (long long)s[j].start + 1);
        if (s[j].start + 1 == k->start1 && s[j].type == k->type) found = 1;
    }
    if (k->start1 && !found) fail_msg("%s: no %s %s at %lld", k->utr, k->mirna, ssc_type_name(k->type), (long long)k->start1);
}

static void panel__mirset_scanned__finds_the_readme_sites_and_none_in_pten_v4(void **state)
{
    (void)state;
    ssc_panel_t *p = load_ok(PANEL);
    ssc_mirset_t *ms = ssc_panel_mirset(p, NULL);
    /* default types plus offset-6mer: NM_000314.4 still has no miR-21-5p site */
    ssc_index_t *idx = ssc_index_build(ms, SSC_TYPES_DEFAULT | 1u << SSC_OFFSET_6MER);
    ssc_scanopt_t opt;
    ssc_tbuf_t *tb = ssc_tbuf_init();
    ssc_reader_t *rd = ssc_reader_open(UTRS, 1);
    ssc_batch_t b;
    int seen = 0;
    ssc_scanopt_init(&opt);
    opt.shadow = 0;
    ssc_batch_init(&b);
    assert_non_null(rd);
    assert_true(ssc_reader_read(rd, &b, INT64_MAX / 2) > 0);
    for (int r = 0; r < b.n; r++)
        for (int k = 0; k < NKNOWN; k++) {
            if (strcmp(b.rec[r].name, known[k].utr) != 0) continue;
            const ssc_site_t *sites;
            int64_t n = ssc_scan(idx, &opt, b.rec[r].seq, b.rec[r].len, tb, &sites);
            assert_true(n >= 0);
            check_known(ms, sites, n, &known[k]);
            seen++;
        }
    assert_int_equal(seen, NKNOWN);
    ssc_batch_free(&b);
    ssc_reader_close(rd);
    ssc_tbuf_destroy(tb);
    ssc_index_destroy(idx);
    ssc_mirset_destroy(ms);
    ssc_panel_destroy(p);
}

/* ---- formats ---- */

static char *slurp(const char *path)
{
    FILE *fp = fopen(path, "rb");
    char *buf = calloc(1, 1 << 20);
    size_t n = fp ? fread(buf, 1, (1 << 20) - 1, fp) : 0;
    if (fp) fclose(fp);
    buf[n] = 0;
    return buf;
}

static void panel__tsv_of_all_rows__is_the_file_itself(void **state)
{
    (void)state;
    ssc_panel_t *p = load_ok(PANEL);
    int rows[79], n = select_n(p, NULL, NULL, rows);
    kstring_t s = { 0, 0, NULL };
    char *file = slurp(PANEL);
    assert_int_equal(ssc_panel_format_tsv(&s, p, rows, n), 0);
    assert_string_equal(s.s, file);
    free(file);
    free(s.s);
    ssc_panel_destroy(p);
}

static void panel__fasta__loads_back_as_a_mirset(void **state)
{
    (void)state;
    ssc_panel_t *p = load_ok(PANEL);
    int rows[79], n = select_n(p, NULL, "HBP1", rows);
    kstring_t s = { 0, 0, NULL };
    assert_int_equal(n, 2); /* HBP1 is named for miR-21 only: both arms */
    assert_int_equal(ssc_panel_format_fasta(&s, p, rows, n), 0);
    assert_string_equal(s.s, ">hsa-miR-21-5p MIMAT0000076 mir21;mir-21\nUAGCUUAUCAGACUGAUGUUGA\n"
                             ">hsa-miR-21-3p MIMAT0004494 mir21;mir-21\nCAACACCAGUCGAUGGGCUGU\n");
    s.l = 0;
    n = select_n(p, NULL, NULL, rows);
    ssc_panel_format_fasta(&s, p, rows, n);
    char *tmp = tu_tmpname(".fa");
    tu_write_file(tmp, s.s, s.l);
    ssc_mirset_t *ms = ssc_mirset_init();
    assert_int_equal(ssc_mirset_load(ms, tmp, NULL), 0);
    assert_int_equal(ssc_mirset_size(ms), 79);
    for (int i = 0; i < 79; i++) assert_string_equal(ssc_mirset_seq(ms, i), ssc_panel_sequence(p, i));
    unlink(tmp);
    free(tmp);
    free(s.s);
    ssc_mirset_destroy(ms);
    ssc_panel_destroy(p);
}

static void panel__text__is_one_aligned_line_per_row_under_a_header(void **state)
{
    (void)state;
    ssc_panel_t *p = load_ok(PANEL);
    int rows[79], n = select_n(p, "cisplatin", NULL, rows), lines = 0;
    kstring_t s = { 0, 0, NULL };
    assert_int_equal(ssc_panel_format_text(&s, p, rows, n), 0);
    const char *acc = strstr(s.s, "accession");
    assert_non_null(acc);
    int col = (int)(acc - s.s);
    for (const char *q = s.s; *q; q = strchr(q, '\n') + 1, lines++)
        if (lines > 0) assert_memory_equal(q + col, "MIMAT", 5);
    assert_int_equal(lines, n + 1);
    free(s.s);
    ssc_panel_destroy(p);
}

/* ---- errors ---- */

static const char header[] = "review_name\tmirbase_id\taccession\tsequence\tseed\tresistance\t"
                             "review_refs\ttargets\n";
static const char row21[] = "mir-21\thsa-miR-21-5p\tMIMAT0000076\tUAGCUUAUCAGACUGAUGUUGA\tAGCUUAU\t"
                            "cisplatin\t10\tPTEN\n";

/* Load text from a temporary file; return the code and copy the message. */
static int load_text(const char *text, char *msg, size_t size, char **path)
{
    ssc_panel_t *p = ssc_panel_init();
    *path = tu_tmpname(".tsv");
    tu_write_file(*path, text, strlen(text));
    int ret = ssc_panel_load(p, *path);
    snprintf(msg, size, "%s", ssc_panel_errmsg(p));
    ssc_panel_destroy(p);
    unlink(*path);
    return ret;
}

static void expect_error(const char *text, int code, int line, const char *what)
{
    char msg[1024], want[512], *path;
    int ret = load_text(text, msg, sizeof msg, &path);
    snprintf(want, sizeof want, "%s:%d: ", path, line);
    if (ret != code || strncmp(msg, want, strlen(want)) != 0 || !strstr(msg, what))
        fail_msg("got %d '%s', want %d '%s...%s'", ret, msg, code, want, what);
    free(path);
}

static void panel__malformed_files__fail_naming_file_and_line(void **state)
{
    (void)state;
    char text[2048];
    expect_error("", SSC_EFORMAT, 1, "empty file");
    expect_error("mirbase_id\tsequence\n", SSC_EFORMAT, 1, "no column 'review_name'");
    snprintf(text, sizeof text, "%s%smir-1\thsa-miR-1\tMIMAT1\n", header, row21);
    expect_error(text, SSC_EFORMAT, 3, "3 fields, but the header has 8");
    snprintf(text, sizeof text, "%s%s%s", header, row21, row21);
    expect_error(text, SSC_EFORMAT, 3, "duplicate mirbase_id 'hsa-miR-21-5p' (first on line 2)");
    snprintf(text, sizeof text, "%smir-21\thsa-miR-21-5p\tMIMAT0000076\tUAGCUUAUCAG\tAGCUUAA\t"
                                "cisplatin\t10\t\n", header);
    expect_error(text, SSC_EFORMAT, 2, "seed 'AGCUUAA' of 'hsa-miR-21-5p' is not nt 2-8");
    snprintf(text, sizeof text, "%smir-21\thsa-miR-21-5p\tMIMAT0000076\tUAGCUXAUCAG\tAGCUXAU\t"
                                "cisplatin\t10\t\n", header);
    expect_error(text, SSC_EFORMAT, 2, "contains 'X'");
    snprintf(text, sizeof text, "%smir-21\thsa-miR-21-5p\tMIMAT0000076\tUAGCUUAUCAG\tAGCUUAU\t"
                                "\t10\tPTEN\n", header);
    expect_error(text, SSC_EFORMAT, 2, "empty 'resistance'");
    snprintf(text, sizeof text, "%s%s\n%s", header, row21, row21);
    expect_error(text, SSC_EFORMAT, 3, "empty line");
}

static void panel__small_valid_file__loads_and_allows_empty_targets(void **state)
{
    (void)state;
    char text[1024], msg[512], *path;
    snprintf(text, sizeof text, "%s%smir-1\thsa-miR-1-3p\tMIMAT0000416\tUGGAAUGUAAAGAAGUAUGUAU\t"
                                "GGAAUGU\tradiation\t1\t\n", header, row21);
    assert_int_equal(load_text(text, msg, sizeof msg, &path), 2);
    free(path);
}

static void panel__missing_file_or_name__is_not_found(void **state)
{
    (void)state;
    ssc_panel_t *p = ssc_panel_init();
    assert_int_equal(ssc_panel_load(p, "testdata/no_such_panel.tsv"), SSC_ENOTFOUND);
    assert_non_null(strstr(ssc_panel_errmsg(p), "testdata/no_such_panel.tsv: "));
    ssc_panel_destroy(p);
    setenv("SEEDSCAN_REFS", "refs", 1);
    p = ssc_panel_init();
    assert_int_equal(ssc_panel_load(p, "nosuchname"), SSC_ENOTFOUND);
    assert_non_null(strstr(ssc_panel_errmsg(p), "refs/nosuchname_panel.tsv"));
    ssc_panel_destroy(p);
    p = load_ok(NULL); /* the shipped panel, by name through SEEDSCAN_REFS */
    assert_int_equal(ssc_panel_size(p), 79);
    assert_int_equal(ssc_panel_load(p, SSC_PANEL_DEFAULT), SSC_EINVAL); /* loaded once */
    ssc_panel_destroy(p);
    unsetenv("SEEDSCAN_REFS");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(panel__shipped_panel__loads_79_rows_with_their_columns),
        cmocka_unit_test(panel__resistance_filter__keeps_only_cisplatin_rows),
        cmocka_unit_test(panel__resistance_filter__matches_whole_terms_only),
        cmocka_unit_test(panel__target_filter__keeps_the_six_pten_rows_in_panel_order),
        cmocka_unit_test(panel__filters_with_no_rows__fail_with_a_reason),
        cmocka_unit_test(panel__terms__lists_the_15_resistance_terms_once_each),
        cmocka_unit_test(panel__mirset__names_mirbase_ids_with_panel_sequences),
        cmocka_unit_test(panel__mirset_scanned__finds_the_readme_sites_and_none_in_pten_v4),
        cmocka_unit_test(panel__tsv_of_all_rows__is_the_file_itself),
        cmocka_unit_test(panel__fasta__loads_back_as_a_mirset),
        cmocka_unit_test(panel__text__is_one_aligned_line_per_row_under_a_header),
        cmocka_unit_test(panel__malformed_files__fail_naming_file_and_line),
        cmocka_unit_test(panel__small_valid_file__loads_and_allows_empty_targets),
        cmocka_unit_test(panel__missing_file_or_name__is_not_found),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
