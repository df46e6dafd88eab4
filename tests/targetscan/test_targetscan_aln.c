/* test_targetscan_aln.c: TargetScan alignment reader, ORF lengths and ORF 8mer counts against TargetScan's sample outputs. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <zlib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "seedscan.h"
#include "targetscan/tsaln.h"

#define TS "testdata/targetscan/"

static char *slurp(const char *path)
{
    kstring_t s = {0, 0, NULL};
    assert_int_equal(ssc_ts_file_slurp(path, &s), 0);
    return s.s;
}

/* Write text to a fresh temporary file; the caller unlinks and frees path. */
static char *tmpfile_with(const char *text)
{
    char *path = strdup("/tmp/ssc_tsaln_XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    return path;
}

/* Seeds of the sample family file, sorted as TargetScan sorts them. */
static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int sample_seeds(char seeds[][8], const char **ptr)
{
    ssc_ts_file_t f;
    char *fld[3];
    int n = 0;
    assert_int_equal(ssc_ts_file_open(&f, TS "miR_Family_info_sample.txt"), 0);
    while (ssc_ts_file_getline(&f) > 0) {
        assert_int_equal(ssc_ts_split_tabs(f.buf.s, fld, 3), 3);
        snprintf(seeds[n], 8, "%s", fld[1]);
        ptr[n] = seeds[n];
        n++;
    }
    ssc_ts_file_close(&f);
    qsort(ptr, n, sizeof *ptr, cmp_str);
    return n;
}

static void aln__sample_utrs__read_as_six_gene_blocks(void **state)
{
    (void)state;
    ssc_ts_aln_t *r = ssc_ts_aln_open(TS "UTR_Sequences_sample.txt");
    ssc_ts_block_t b;
    int nblocks = 0, ret;
    assert_non_null(r);
    ssc_ts_block_init(&b);
    while ((ret = ssc_ts_aln_read(r, &b)) > 0) {
        nblocks++;
        assert_true(b.n == 5 || (b.n == 3 && strcmp(b.gene, "ZNF197") == 0));
        for (int i = 1; i < b.n; i++) assert_int_equal(b.row[i].len, b.row[0].len);
    }
    assert_int_equal(ret, 0);
    assert_int_equal(nblocks, 6);
    ssc_ts_block_free(&b);
    ssc_ts_aln_close(r);
}

/* Format every block of the sample ORF alignment (8mer counts when seeds
 * is given, lengths otherwise) and compare with TargetScan's file. */
static void check_orf_output(const char *const *seeds, int n, const char *expected)
{
    kstring_t out = {0, 0, NULL};
    ssc_ts_aln_t *r = ssc_ts_aln_open(TS "ORF_Sequences_sample.txt");
    ssc_ts_block_t b;
    int ret;
    assert_non_null(r);
    ssc_ts_block_init(&b);
    while ((ret = ssc_ts_aln_read(r, &b)) > 0)
        assert_int_equal(seeds ? ssc_ts_format_orf_8mers(&out, &b, seeds, n)
                               : ssc_ts_format_orf_lengths(&out, &b), 0);
    assert_int_equal(ret, 0);
    char *want = slurp(expected);
    assert_string_equal(out.s, want);
    free(want);
    free(out.s);
    ssc_ts_block_free(&b);
    ssc_ts_aln_close(r);
}

static void aln__orf_lengths__match_targetscan_sample(void **state)
{
    (void)state;
    check_orf_output(NULL, 0, TS "ORF_Sequences_sample.lengths.txt");
}

static void aln__orf_8mer_counts__match_targetscan_sample(void **state)
{
    (void)state;
    char seeds[64][8];
    const char *ptr[64];
    int n = sample_seeds(seeds, ptr);
    check_orf_output(ptr, n, TS "ORF_8mer_counts_sample.txt");
}

static void count_8mers__overlapping_repeats__count_once_per_8_nt(void **state)
{
    (void)state;
    /* seed UUUUUUU -> site AAAAAAAA; a 9-nt run holds one non-overlapping match */
    assert_int_equal(ssc_ts_count_8mers("AAAAAAAAA", 9, "UUUUUUU"), 1);
    assert_int_equal(ssc_ts_count_8mers("aaaaaaaaaaaaaaaa", 16, "UUUUUUU"), 2);
    /* GAGGUAG (let-7) -> CTACCTCA; lowercase and U accepted */
    assert_int_equal(ssc_ts_count_8mers("ccuaccucagg", 11, "GAGGUAG"), 1);
    assert_int_equal(ssc_ts_count_8mers("CTACCTCN", 8, "GAGGUAG"), 0);
    assert_int_equal(ssc_ts_count_8mers("CTACCTCA", 8, "GAGGUA"), SSC_EINVAL);
}

static void expect_error(const char *text, int code, const char *needle)
{
    char *path = tmpfile_with(text);
    ssc_ts_aln_t *r = ssc_ts_aln_open(path);
    ssc_ts_block_t b;
    int ret;
    assert_non_null(r);
    ssc_ts_block_init(&b);
    while ((ret = ssc_ts_aln_read(r, &b)) > 0) {}
    assert_int_equal(ret, code);
    assert_non_null(strstr(ssc_ts_aln_errmsg(r), path));
    assert_non_null(strstr(ssc_ts_aln_errmsg(r), needle));
    ssc_ts_block_free(&b);
    ssc_ts_aln_close(r);
    unlink(path);
    free(path);
}

static void aln__malformed_rows__are_errors_naming_file_and_line(void **state)
{
    (void)state;
    expect_error("G1\t9606\tACGU\nG1\t9615\n", SSC_EFORMAT, ":2: expected 3");
    expect_error("G1\t9606\tACGU\nG1\t9615\tAC@U\n", SSC_EFORMAT, ":2: record 'G1' species 9615: invalid character '@'");
    expect_error("G1\t9606\tACGU\nG1\t9606\tACGU\n", SSC_EFORMAT, ":2: record 'G1': species 9606 appears twice");
    expect_error("\t9606\tACGU\n", SSC_EFORMAT, ":1: empty gene");
    expect_error("G1\t9606\tAC GU\n", SSC_EFORMAT, ":1: record 'G1' species 9606: invalid character ' ' at alignment column 3");
}

static void aln__consecutive_rows__form_blocks_and_keep_case(void **state)
{
    (void)state;
    char *path = tmpfile_with("G1\t9606\taCG-U\r\nG1\t10090\tAC--U\n\nG2\t9606\tUUU\n");
    ssc_ts_aln_t *r = ssc_ts_aln_open(path);
    ssc_ts_block_t b;
    ssc_ts_block_init(&b);
    assert_int_equal(ssc_ts_aln_read(r, &b), 1);
    assert_string_equal(b.gene, "G1");
    assert_int_equal(b.n, 2);
    assert_string_equal(b.row[0].aln, "aCG-U");
    assert_int_equal(b.row[0].ulen, 4);
    assert_int_equal(b.row[1].ulen, 3);
    assert_int_equal(b.row[1].line, 2);
    assert_non_null(ssc_ts_block_find(&b, "10090"));
    assert_null(ssc_ts_block_find(&b, "9615"));
    assert_int_equal(ssc_ts_aln_read(r, &b), 1);
    assert_string_equal(b.gene, "G2");
    assert_int_equal(b.row[0].line, 4);
    assert_int_equal(ssc_ts_aln_read(r, &b), 0);
    ssc_ts_block_free(&b);
    ssc_ts_aln_close(r);
    unlink(path);
    free(path);
}

static void orf_overlap__lowercase_in_site__is_flagged_and_compat_shifts_by_one(void **state)
{
    (void)state;
    /* columns:          1234567890123456789012345 */
    const char *aln = "AAAAAAAAAAAAAAAAAAAAcGUAC";
    int64_t n = (int64_t)strlen(aln);
    /* the lowercase c is column 21 */
    assert_int_equal(ssc_ts_orf_overlap(aln, n, 21, 25, 14, 0), 1);
    assert_int_equal(ssc_ts_orf_overlap(aln, n, 22, 25, 14, 0), 0);
    /* TargetScan looks one column right: a site at 20-24 sees 21-25 */
    assert_int_equal(ssc_ts_orf_overlap(aln, n, 21, 25, 14, 1), 0);
    assert_int_equal(ssc_ts_orf_overlap(aln, n, 20, 24, 14, 1), 1);
    assert_int_equal(ssc_ts_orf_overlap(aln, n, 16, 19, 14, 0), 0);
}

static void orf_overlap__compat__ignores_lowercase_t_and_masked_bases(void **state)
{
    (void)state;
    const char *t_only = "AAAAAAAAAAAAAAAAAAAAtGUAC";
    int64_t n = (int64_t)strlen(t_only);
    assert_int_equal(ssc_ts_orf_overlap(t_only, n, 21, 25, 14, 0), 1);
    assert_int_equal(ssc_ts_orf_overlap(t_only, n, 20, 24, 14, 1), 0);
    /* the 3rd base is lowercase but inside the 14-nt shadow (gaps do not count) */
    const char *early = "A--AcAAAAAAAAAAAAAAAAAA";
    n = (int64_t)strlen(early);
    assert_int_equal(ssc_ts_orf_overlap(early, n, 4, 8, 14, 1), 0);
    assert_int_equal(ssc_ts_orf_overlap(early, n, 5, 9, 14, 0), 1);
    assert_int_equal(ssc_ts_orf_overlap(early, n, 4, 8, 2, 1), 1);
}

static void aln__truncated_gzip__is_an_io_error(void **state)
{
    (void)state;
    char path[] = "/tmp/ssc_tsaln_gz_XXXXXX";
    int fd = mkstemp(path);
    gzFile gz = gzdopen(fd, "w");
    for (int i = 0; i < 200; i++) gzprintf(gz, "G%d\t9606\tACGUACGUACGUACGUACGUACGUACGU\n", i);
    gzclose(gz);
    FILE *fp = fopen(path, "r+b");
    fseek(fp, 0, SEEK_END);
    long n = ftell(fp);
    fclose(fp);
    assert_int_equal(truncate(path, n / 2), 0);
    ssc_ts_aln_t *r = ssc_ts_aln_open(path);
    ssc_ts_block_t b;
    int ret;
    ssc_ts_block_init(&b);
    while ((ret = ssc_ts_aln_read(r, &b)) > 0) {}
    assert_int_equal(ret, SSC_EIO);
    assert_non_null(strstr(ssc_ts_aln_errmsg(r), path));
    ssc_ts_block_free(&b);
    ssc_ts_aln_close(r);
    unlink(path);
}

/* ssc_ts_file_getline (lines cut from blocks) gives bgzf_getline's lines,
 * with their ends and numbers: random plain and gzip files of blank, short
 * and long lines (past the block of 64 KiB), CR LF ends, with and without a
 * last newline, and now and then a NUL. */
static void ts_file__block_reader__gives_bgzf_getlines_lines_padded_and_split_as_the_byte_loop(void **state)
{
    (void)state;
    srand(7);
    kstring_t text = {0, 0, NULL}, ref = {0, 0, NULL};
    int nul_seen = 0, long_seen = 0, tabs_seen = 0;
    for (int trial = 0; trial < 60; trial++) {
        text.l = 0;
        int nlines = rand() % 300;
        for (int i = 0; i < nlines; i++) {
            int kind = rand() % 20, n = kind == 0 ? 0 : kind == 1 ? 70000 + rand() % 70000 : rand() % 200;
            long_seen += kind == 1;
            for (int k = 0; k < n; k++) kputc("ACGU\t9-x "[rand() % 9], &text); /* 9 letters: no NUL but the planted ones */
            if (trial % 7 == 3 && rand() % 50 == 0) kputc(0, &text), nul_seen++;
            if (rand() % 5 == 0) kputc('\r', &text);
            if (i < nlines - 1 || trial % 2) kputc('\n', &text);
        }
        char path[] = "/tmp/ssc_tsaln_lines_XXXXXX";
        int fd = mkstemp(path);
        assert_true(fd >= 0);
        if (trial % 3 == 0) {
            gzFile gz = gzdopen(fd, "w");
            assert_int_equal(gzwrite(gz, text.s ? text.s : "", (unsigned)text.l), (int)text.l);
            gzclose(gz);
        } else {
            assert_int_equal(write(fd, text.s ? text.s : "", text.l), (ssize_t)text.l);
            close(fd);
        }
        ssc_ts_file_t f;
        assert_int_equal(ssc_ts_file_open(&f, path), 0);
        BGZF *fp = bgzf_open(path, "r");
        assert_non_null(fp);
        for (int64_t line = 1;; line++) {
            int got = ssc_ts_file_getline(&f), want = bgzf_getline(fp, '\n', &ref);
            if (want == -1) {
                assert_int_equal(got, 0);
                break;
            }
            assert_true(want >= 0);
            while (ref.l && ref.s[ref.l - 1] == '\r') ref.s[--ref.l] = 0;
            assert_int_equal(f.line, line);
            if (memchr(ref.s, 0, ref.l)) {
                assert_int_equal(got, SSC_EFORMAT);
                break;
            }
            assert_int_equal(got, 1);
            assert_int_equal(f.buf.l, ref.l);
            assert_memory_equal(f.buf.s, ref.s, ref.l + 1);
            /* the line is followed by SSC_TS_PAD NULs, and the 16-bytes-a-step splitter reading
             * them gives the byte loop's fields (on a copy of the line) for any max */
            static const char zeros[SSC_TS_PAD];
            assert_memory_equal(f.buf.s + f.buf.l, zeros, SSC_TS_PAD);
            char *fa[24], *fb[24];
            int max = rand() % 24, na = ssc_ts_split_tabs(ref.s, fa, max),
                nb = ssc_ts_split_tabs_padded(f.buf.s, fb, max);
            assert_int_equal(nb, na);
            assert_memory_equal(f.buf.s, ref.s, ref.l + 1);
            for (int k = 0; k < na && k < max; k++) assert_int_equal(fb[k] - f.buf.s, fa[k] - ref.s);
            tabs_seen += na - 1;
        }
        bgzf_close(fp);
        ssc_ts_file_close(&f);
        unlink(path);
    }
    assert_true(nul_seen > 0 && long_seen > 10 && tabs_seen > 100000);
    free(text.s);
    free(ref.s);
}

/* The one-pass ORF counter against ssc_ts_count_8mers, the plain scan
 * kept as its reference: random rows with gaps, N, lowercase and U, and
 * seeds including repetitive ones whose 8mers overlap themselves. */
static void orf_8mers__one_pass_counts__equal_the_plain_count_per_family(void **state)
{
    (void)state;
    static const char letters[] = "AAACCGGTTTaacguN-";
    const char *seeds[] = { "UUUUUUU", "GAGGUAG", "GUGUGUG", "AAAAAAA", "UACAUAC", "GAGGUAG", "CUACCUC" };
    int n = (int)(sizeof seeds / sizeof *seeds);
    uint64_t x = 99;
    for (int rep = 0; rep < 40; rep++) {
        ssc_ts_block_t b = { 0 };
        char gene[] = "G", sp[] = "9606", *aln = malloc(3001);
        int64_t len = 50 + rep * 70;
        for (int64_t i = 0; i < len; i++) {
            x = x * 6364136223846793005ULL + 1442695040888963407ULL;
            /* runs of A and of TA make the repetitive seeds match */
            aln[i] = rep % 3 == 0 ? "AAAAAAAT"[(x >> 33) % 8] : rep % 3 == 1 ? "TAT"[(x >> 33) % 3]
                                  : letters[(x >> 33) % (sizeof letters - 1)];
        }
        aln[len] = 0;
        ssc_ts_row_t row = { sp, aln, len, 0, 1 };
        b.gene = gene;
        b.row = &row;
        b.n = b.m = 1;
        kstring_t got = { 0, 0, NULL }, want = { 0, 0, NULL };
        assert_int_equal(ssc_ts_format_orf_8mers(&got, &b, seeds, n), 0);
        char *deg = malloc((size_t)len + 1);
        int64_t dl = ssc_ts_degap(aln, len, deg);
        for (int k = 0; k < n; k++) {
            int c = ssc_ts_count_8mers(deg, dl, seeds[k]);
            if (c > 0) ksprintf(&want, "G\t9606\t%s\t%d\n", seeds[k], c);
        }
        assert_string_equal(got.s ? got.s : "", want.s ? want.s : "");
        free(got.s);
        free(want.s);
        free(deg);
        free(aln);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(orf_8mers__one_pass_counts__equal_the_plain_count_per_family),
        cmocka_unit_test(aln__sample_utrs__read_as_six_gene_blocks),
        cmocka_unit_test(aln__orf_lengths__match_targetscan_sample),
        cmocka_unit_test(aln__orf_8mer_counts__match_targetscan_sample),
        cmocka_unit_test(count_8mers__overlapping_repeats__count_once_per_8_nt),
        cmocka_unit_test(aln__malformed_rows__are_errors_naming_file_and_line),
        cmocka_unit_test(aln__consecutive_rows__form_blocks_and_keep_case),
        cmocka_unit_test(orf_overlap__lowercase_in_site__is_flagged_and_compat_shifts_by_one),
        cmocka_unit_test(orf_overlap__compat__ignores_lowercase_t_and_masked_bases),
        cmocka_unit_test(aln__truncated_gzip__is_an_io_error),
        cmocka_unit_test(ts_file__block_reader__gives_bgzf_getlines_lines_padded_and_split_as_the_byte_loop),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
