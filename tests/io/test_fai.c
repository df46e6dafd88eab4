/* test_fai.c: the FASTA index reader shared by scan's shard planner and the genome reader. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include "seedscan.h"
#include "io/io.h"
#include "testutil.h"

static char *write_tmp(const char *data)
{
    char *p = tu_tmpname(".fai");
    tu_write_file(p, data, strlen(data));
    return p;
}

/* A FASTA of three records written here, its index by hand: chr1 130 nt in lines of 60 (header
 * ">chr1 x\n" 8 bytes: first base at 8), chr2 60 nt (one full line), chrM 7 nt in CRLF lines of 4.
 * Each record's end from ssc_fai_end must be where the next '>' is in the text (or its end). */
static void fai__index_of_a_written_fasta__gives_lengths_offsets_and_record_ends(void **state)
{
    (void)state;
    char fa[512], seq[131];
    size_t len = 0;
    memset(seq, 'A', 130), seq[130] = 0;
    len += (size_t)sprintf(fa + len, ">chr1 x\n%.60s\n%.60s\n%.10s\n", seq, seq, seq);
    len += (size_t)sprintf(fa + len, ">chr2\n%.60s\n", seq);
    len += (size_t)sprintf(fa + len, ">chrM\r\nACGT\r\nACG\r\n");
    /* offsets: chr1 at 8; chr1's lines end at 8+61+61+11 = 141, ">chr2\n" is 6 bytes: chr2 at
     * 147, ends at 208; ">chrM\r\n" 7 bytes: chrM at 215 */
    char *p = write_tmp("chr1\t130\t8\t60\t61\nchr2\t60\t147\t60\t61\nchrM\t7\t215\t4\t6\n");
    ssc_fai_rec_t *r = NULL;
    int64_t n = -1;
    char err[256];
    assert_int_equal(ssc_fai_read(p, 1, &r, &n, err, sizeof err), 0);
    assert_int_equal(n, 3);
    assert_string_equal(r[0].name, "chr1");
    assert_string_equal(r[2].name, "chrM");
    assert_int_equal(r[1].len, 60);
    assert_int_equal(r[2].lw, 6);
    for (int64_t i = 0; i < n; i++) {
        const char *next = strchr(fa + r[i].off, '>');
        int64_t want = next ? next - fa : (int64_t)len;
        assert_int_equal(fa[r[i].off], 'A');
        assert_int_equal(ssc_fai_end(&r[i]), want);
    }
    ssc_fai_free(r, n);
    /* without names */
    assert_int_equal(ssc_fai_read(p, 0, &r, &n, err, sizeof err), 0);
    assert_int_equal(n, 3);
    assert_null(r[0].name);
    ssc_fai_free(r, n);
    free(p);
}

/* A FASTQ index has a sixth column (quality offset): accepted, the first five read. */
static void fai__fastq_index_sixth_column__is_accepted(void **state)
{
    (void)state;
    char *p = write_tmp("r1\t4\t4\t4\t5\t14\n");
    ssc_fai_rec_t *r;
    int64_t n;
    char err[256];
    assert_int_equal(ssc_fai_read(p, 1, &r, &n, err, sizeof err), 0);
    assert_int_equal(n, 1);
    assert_int_equal(r[0].off, 4);
    assert_int_equal(r[0].lw, 5);
    ssc_fai_free(r, n);
    free(p);
}

/* Each bad line is refused with the file and its line number, and nothing is returned. */
static void fai__bad_lines__are_refused_naming_file_and_line(void **state)
{
    (void)state;
    static const char *bad[] = {
        "chr2\t60\t147\t60\n",                  /* four columns */
        "chr2\t60\t147\tx\t61\n",               /* not a number */
        "chr2\t-1\t147\t60\t61\n",              /* negative length */
        "chr2\t70368744177665\t147\t60\t61\n",  /* 2^46 + 1 bases */
        "chr2\t60\t70368744177665\t60\t61\n",   /* offset 2^46 + 1 */
        "chr2\t60\t147\t0\t1\n",                /* no bases per line */
        "chr2\t60\t147\t60\t59\n",              /* fewer bytes than bases per line */
        "chr2\t60\t147\t60\t63\n",              /* a line end of 3 bytes */
        "chr2\t60\t147\t60\t61x\n",             /* junk after the last number */
        "\t60\t147\t60\t61\n",                  /* no name */
        "chr2 60 147 60 61\n",                  /* spaces, not tabs */
        "chr2\t99999999999999999999\t1\t60\t61\n", /* beyond int64 */
    };
    for (size_t k = 0; k < sizeof bad / sizeof *bad; k++) {
        char text[256], err[512], want[600];
        snprintf(text, sizeof text, "chr1\t130\t8\t60\t61\n%s", bad[k]);
        char *p = write_tmp(text);
        ssc_fai_rec_t *r = (ssc_fai_rec_t *)&text; /* must be reset */
        int64_t n = 7;
        assert_int_equal(ssc_fai_read(p, 1, &r, &n, err, sizeof err), SSC_EFORMAT);
        assert_null(r);
        assert_int_equal(n, 0);
        snprintf(want, sizeof want, "%s:2: not a FASTA index line", p);
        if (strncmp(err, want, strlen(want)) != 0) fail_msg("case %zu: %s", k, err);
        free(p);
    }
}

/* F20: a NUL byte is the line reader's error; it too gets a message naming file and line. */
static void fai__nul_byte__is_refused_with_a_message(void **state)
{
    (void)state;
    static const char text[] = "chr1\t130\t8\t60\t61\nchr2\t60\0\t147\t60\t61\n";
    char *p = tu_tmpname(".fai"), err[512] = "", want[600];
    ssc_fai_rec_t *r;
    int64_t n;
    tu_write_file(p, text, sizeof text - 1);
    assert_true(ssc_fai_read(p, 1, &r, &n, err, sizeof err) < 0);
    assert_null(r);
    snprintf(want, sizeof want, "%s:2: ", p);
    if (strncmp(err, want, strlen(want)) != 0 || !strstr(err, "NUL")) fail_msg("%s", err);
    free(p);
}

static void fai__missing_file__is_an_io_error(void **state)
{
    (void)state;
    ssc_fai_rec_t *r;
    int64_t n;
    char err[256];
    assert_int_equal(ssc_fai_read("/nonexistent/x.fa.fai", 1, &r, &n, err, sizeof err), SSC_EIO);
    assert_non_null(strstr(err, "/nonexistent/x.fa.fai"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(fai__index_of_a_written_fasta__gives_lengths_offsets_and_record_ends),
        cmocka_unit_test(fai__fastq_index_sixth_column__is_accepted),
        cmocka_unit_test(fai__bad_lines__are_refused_naming_file_and_line),
        cmocka_unit_test(fai__nul_byte__is_refused_with_a_message),
        cmocka_unit_test(fai__missing_file__is_an_io_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
