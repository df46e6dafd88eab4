/* test_reader.c: FASTA streaming: formats, compression, batching and every malformed-input error. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <zlib.h>
#include <htslib/bgzf.h>
#include <htslib/hts.h>
#include "seedscan.h"
#include "testutil.h"

static char *write_tmp(const char *data, const char *suffix)
{
    char *p = tu_tmpname(suffix);
    tu_write_file(p, data, strlen(data));
    return p;
}

static char *write_gzip(const char *data)
{
    char *p = tu_tmpname(".gz");
    gzFile gz = gzopen(p, "wb");
    assert_int_equal(gzwrite(gz, data, (unsigned)strlen(data)), (int)strlen(data));
    gzclose(gz);
    return p;
}

static char *write_bgzf(const char *data)
{
    char *p = tu_tmpname(".bgz");
    BGZF *fp = bgzf_open(p, "w");
    assert_int_equal(bgzf_write(fp, data, strlen(data)), (ssize_t)strlen(data));
    bgzf_close(fp);
    return p;
}

/* Read everything: "name|comment|seq;" per record. */
static char *slurp(const char *path, int64_t max_bases, int *nbatches, int *err, char *errmsg)
{
    ssc_reader_t *r = ssc_reader_open(path, 1);
    ssc_batch_t b;
    kstring_t s = { 0, 0, NULL };
    int n;
    assert_non_null(r);
    ssc_batch_init(&b);
    *nbatches = 0;
    while ((n = ssc_reader_read(r, &b, max_bases)) > 0) {
        (*nbatches)++;
        for (int i = 0; i < n; i++) {
            assert_int_equal((int64_t)strlen(b.rec[i].seq), b.rec[i].len);
            ksprintf(&s, "%s|%s|%s;", b.rec[i].name, b.rec[i].comment, b.rec[i].seq);
        }
    }
    *err = n;
    if (errmsg) strcpy(errmsg, ssc_reader_errmsg(r));
    ssc_batch_free(&b);
    ssc_reader_close(r);
    if (!s.s) kputs("", &s);
    return s.s;
}

static const char *fasta =
    ">r1 first record\nACGT\nacgu\n\n>r2\r\nNNNN ACGT\r\n>r3\tdesc with  spaces\n"
    "ACGTACGTACGTACGTACGTACGTACGTACGTACGTACGTACGTACGTACGTACGTACGTACGTACGTACGTACGTACGT\nA\n"
    ">empty\n>r5\nGG-.*TT";
static const char *expect =
    "r1|first record|ACGTacgu;r2||NNNNACGT;r3|desc with  spaces|"
    "ACGTACGTACGTACGTACGTACGTACGTACGTACGTACGTACGTACGTACGTACGTACGTACGTACGTACGTACGTACGTA;"
    "empty||;r5||GG-.*TT;";

static void reader__line_lengths_case_and_crlf__are_joined_verbatim(void **state)
{
    (void)state;
    char *p = write_tmp(fasta, ".fa");
    int nb, err;
    char *got = slurp(p, 1 << 20, &nb, &err, NULL);
    assert_int_equal(err, 0);
    assert_string_equal(got, expect);
    free(got);
    unlink(p);
    free(p);
}

static void reader__gzip_and_bgzf__give_the_same_records_as_plain(void **state)
{
    (void)state;
    char *paths[2] = { write_gzip(fasta), write_bgzf(fasta) };
    for (int i = 0; i < 2; i++) {
        int nb, err;
        char *got = slurp(paths[i], 1 << 20, &nb, &err, NULL);
        assert_int_equal(err, 0);
        assert_string_equal(got, expect);
        free(got);
        unlink(paths[i]);
        free(paths[i]);
    }
}

static void reader__batches__hold_whole_records_up_to_the_base_budget(void **state)
{
    (void)state;
    char *p = write_tmp(fasta, ".fa");
    int nb, err;
    /* budget 1 base: a batch ends once it holds a base, so r1, r2, r3 come
     * alone and the empty record shares its batch with r5 */
    char *got = slurp(p, 1, &nb, &err, NULL);
    assert_int_equal(err, 0);
    assert_int_equal(nb, 4);
    assert_string_equal(got, expect);
    free(got);
    /* r1 (8) + r2 (8) reach 16: the first batch ends after r2; r3 (81)
     * fills the second alone; the empty record and r5 make the third */
    got = slurp(p, 16, &nb, &err, NULL);
    assert_int_equal(nb, 3);
    free(got);
    unlink(p);
    free(p);
}

static void expect_error(const char *data, const char *msg_part, int code)
{
    char *p = write_tmp(data, ".fa");
    int nb, err;
    char msg[600];
    free(slurp(p, 1 << 20, &nb, &err, msg));
    assert_int_equal(err, code);
    if (!strstr(msg, msg_part)) fail_msg("message '%s' lacks '%s'", msg, msg_part);
    if (!strstr(msg, p)) fail_msg("message '%s' does not name the file", msg);
    unlink(p);
    free(p);
}

static void reader__malformed_input__is_an_error_naming_line_and_record(void **state)
{
    (void)state;
    expect_error("ACGT\n>r1\nACGT\n", ":1: expected a FASTA header", SSC_EFORMAT);
    expect_error("\n\nhello\n", ":3: expected a FASTA header", SSC_EFORMAT);
    expect_error(">r1\nACGT\n>\nACGT\n", ":3: record 2 has an empty ID", SSC_EFORMAT);
    expect_error(">r1\nACGT\n>   \nACGT\n", ":3: record 2 has an empty ID", SSC_EFORMAT);
    expect_error(">r1\nACGT\n>NM_000314.4 PTEN\nACGT\nAC@T\n", ":5: record 'NM_000314.4' contains '@'", SSC_EFORMAT);
    expect_error(">r1\nAC\001GT\n", ":2: record 'r1' contains byte 0x01", SSC_EFORMAT);
    expect_error(">r1\nACGT\n>r2\nAC3GT\n", ":4: record 'r2' contains '3'", SSC_EFORMAT);
}

/* One odd byte at every position of a long line (the reader checks lines
 * 16 bytes at a time): white space is dropped, letters and - . * kept, and
 * anything else is an error naming the byte. */
static void reader__odd_byte_anywhere_in_a_long_line__is_dropped_kept_or_an_error(void **state)
{
    (void)state;
    static const unsigned char odd[] = { ' ', '\t', '\r', '\v', '-', '.', '*', 'A', 'Z', 'a', 'z',
                                         '@', '[', '`', '{', '0', 0x01, 0x7f, 0x80, 0xc1, 0xe1, 0xff };
    char line[64], want[64], data[160], msg[96];
    for (size_t k = 0; k < sizeof odd; k++)
        for (int pos = 0; pos < 41; pos++) {
            int c = odd[k], w = 0;
            int space = c == ' ' || c == '\t' || c == '\r' || c == '\v';
            int keep = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-' || c == '.' || c == '*';
            for (int i = 0; i < 41; i++) {
                line[i] = i == pos ? (char)c : "ACGTU"[i % 5];
                if (i != pos || keep) want[w++] = line[i];
            }
            line[41] = want[w] = 0;
            snprintf(data, sizeof data, ">r1\nACGT\n>r2\n%s\nGG\n", line);
            if (space || keep) {
                char *p = write_tmp(data, ".fa"), exp[128];
                int nb, err;
                char *got = slurp(p, 1 << 20, &nb, &err, NULL);
                assert_int_equal(err, 0);
                snprintf(exp, sizeof exp, "r1||ACGT;r2||%sGG;", want);
                assert_string_equal(got, exp);
                free(got);
                unlink(p);
                free(p);
            } else {
                if (c >= 0x20 && c < 0x7f) snprintf(msg, sizeof msg, ":4: record 'r2' contains '%c'", c);
                else snprintf(msg, sizeof msg, ":4: record 'r2' contains byte 0x%02x", c);
                expect_error(data, msg, SSC_EFORMAT);
            }
        }
}

static void reader__binary_junk__is_rejected_at_line_1(void **state)
{
    (void)state;
    char junk[64];
    for (int i = 0; i < 63; i++) junk[i] = (char)(0x80 + i);
    junk[63] = 0;
    expect_error(junk, ":1: expected a FASTA header", SSC_EFORMAT);
}

static void reader__truncated_gzip__is_an_io_error(void **state)
{
    (void)state;
    /* a gzip of 200 kb of sequence cut in the middle */
    size_t n = 200000;
    char *data = malloc(n + 16);
    uint64_t rng = 5;
    memcpy(data, ">r1\n", 4);
    tu_random_seq(&rng, data + 4, n, 0);
    char *full = write_gzip(data);
    FILE *fp = fopen(full, "rb");
    char buf[1 << 16];
    size_t got = fread(buf, 1, sizeof buf, fp);
    fclose(fp);
    assert_true(got > 1000);
    char *cut = tu_tmpname(".gz");
    tu_write_file(cut, buf, got / 2);
    int nb, err;
    char msg[600];
    free(slurp(cut, 1 << 20, &nb, &err, msg));
    assert_int_equal(err, SSC_EIO);
    assert_non_null(strstr(msg, "truncated or corrupt compressed input"));
    unlink(full);
    unlink(cut);
    free(full);
    free(cut);
    free(data);
}

static void reader__empty_file__has_no_records(void **state)
{
    (void)state;
    char *p = write_tmp("", ".fa");
    int nb, err;
    char *got = slurp(p, 100, &nb, &err, NULL);
    assert_int_equal(err, 0);
    assert_int_equal(nb, 0);
    assert_string_equal(got, "");
    free(got);
    unlink(p);
    free(p);
}

static void reader__missing_file__fails_to_open(void **state)
{
    (void)state;
    assert_null(ssc_reader_open("/nonexistent/dir/x.fa", 1));
}

static void reader__records__carry_header_line_and_index(void **state)
{
    (void)state;
    char *p = write_tmp(fasta, ".fa");
    ssc_reader_t *r = ssc_reader_open(p, 1);
    ssc_batch_t b;
    ssc_batch_init(&b);
    assert_int_equal(ssc_reader_read(r, &b, 1 << 20), 5);
    /* headers at lines 1, 5, 7, 10, 11 */
    int64_t lines[] = { 1, 5, 7, 10, 11 };
    for (int i = 0; i < 5; i++) {
        assert_int_equal(b.rec[i].line, lines[i]);
        assert_int_equal(b.rec[i].index, i);
    }
    ssc_batch_free(&b);
    ssc_reader_close(r);
    unlink(p);
    free(p);
}

/* A chromosome on one line (unwrapped FASTA) in pieces: no piece, and no
 * batch buffer, grows past the piece length plus the overlap (the whole line
 * used to be read first), and the pieces give the line back exactly. */
static void reader__one_line_record__is_read_in_pieces_of_bounded_memory(void **state)
{
    (void)state;
    const int64_t len = 1000000, piece = 100000;
    kstring_t in = { 0, 0, NULL }, got = { 0, 0, NULL };
    kputs(">chr1 one line\n", &in);
    for (int64_t i = 0; i < len; i++) kputc("ACGTTGCA"[(i * 7 + i / 13) & 7], &in);
    kputs("\n>b\nAC\n", &in);
    char *p = write_tmp(in.s, ".fa"), *seq = strchr(in.s, '\n') + 1;
    ssc_reader_t *r = ssc_reader_open(p, 1);
    ssc_batch_t b;
    int n, pieces = 0;
    assert_non_null(r);
    assert_int_equal(ssc_reader_set_piece(r, piece), 0);
    ssc_batch_init(&b);
    while ((n = ssc_reader_read(r, &b, 1 << 20)) > 0)
        for (int i = 0; i < n; i++) {
            const ssc_rec_t *rec = &b.rec[i];
            assert_true(rec->len <= piece + SSC_PIECE_OVERLAP);
            assert_true(b.mem.m <= 2 * (size_t)(piece + SSC_PIECE_OVERLAP + 64));
            if (strcmp(rec->name, "chr1") != 0) continue;
            assert_int_equal(rec->pos, (int64_t)got.l - (rec->pos ? SSC_PIECE_OVERLAP : 0));
            kputs(rec->seq + (rec->pos ? SSC_PIECE_OVERLAP : 0), &got);
            pieces++;
        }
    assert_int_equal(n, 0);
    assert_int_equal((int64_t)got.l, len);
    assert_memory_equal(got.s, seq, (size_t)len);
    assert_true(pieces >= 10);
    ssc_batch_free(&b);
    ssc_reader_close(r);
    unlink(p);
    free(p);
    free(in.s);
    free(got.s);
}

/* A bad byte deep inside a one-line record read in pieces names its line. */
static void reader__bad_byte_in_a_long_line_read_in_pieces__names_the_line(void **state)
{
    (void)state;
    kstring_t in = { 0, 0, NULL };
    char msg[512];
    int nb, err;
    kputs(">a\nACGT\n>big\n", &in);
    for (int i = 0; i < 5000; i++) kputs("ACGTTGCAAC", &in);
    kputs("@ACGT\n", &in);
    char *p = write_tmp(in.s, ".fa");
    ssc_reader_t *r = ssc_reader_open(p, 1);
    ssc_batch_t b;
    assert_int_equal(ssc_reader_set_piece(r, 1000), 0);
    ssc_batch_init(&b);
    while ((err = ssc_reader_read(r, &b, 100)) > 0) {}
    assert_int_equal(err, SSC_EFORMAT);
    assert_non_null(strstr(ssc_reader_errmsg(r), ":4: record 'big' contains '@'"));
    ssc_batch_free(&b);
    ssc_reader_close(r);
    free(slurp(p, 100, &nb, &err, msg)); /* whole records: the same line */
    assert_non_null(strstr(msg, ":4: record 'big' contains '@'"));
    unlink(p);
    free(p);
    free(in.s);
}

/* BGZF cut after a whole block (no EOF marker block) is not a complete file. */
static void reader__bgzf_without_eof_marker__is_an_io_error(void **state)
{
    (void)state;
    char *p = write_bgzf(">a\nACGT\n"), msg[512];
    FILE *fp = fopen(p, "r+b");
    long size;
    int nb, err;
    assert_non_null(fp);
    assert_int_equal(fseek(fp, 0, SEEK_END), 0);
    size = ftell(fp);
    fclose(fp);
    assert_int_equal(truncate(p, size - 28), 0); /* the 28-byte empty block that ends BGZF */
    free(slurp(p, 100, &nb, &err, msg));
    assert_int_equal(err, SSC_EIO);
    assert_non_null(strstr(msg, "BGZF EOF marker missing"));
    unlink(p);
    free(p);
}

int main(void)
{
    hts_set_log_level(HTS_LOG_OFF);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(reader__line_lengths_case_and_crlf__are_joined_verbatim),
        cmocka_unit_test(reader__gzip_and_bgzf__give_the_same_records_as_plain),
        cmocka_unit_test(reader__batches__hold_whole_records_up_to_the_base_budget),
        cmocka_unit_test(reader__malformed_input__is_an_error_naming_line_and_record),
        cmocka_unit_test(reader__odd_byte_anywhere_in_a_long_line__is_dropped_kept_or_an_error),
        cmocka_unit_test(reader__binary_junk__is_rejected_at_line_1),
        cmocka_unit_test(reader__truncated_gzip__is_an_io_error),
        cmocka_unit_test(reader__empty_file__has_no_records),
        cmocka_unit_test(reader__missing_file__fails_to_open),
        cmocka_unit_test(reader__records__carry_header_line_and_index),
        cmocka_unit_test(reader__one_line_record__is_read_in_pieces_of_bounded_memory),
        cmocka_unit_test(reader__bad_byte_in_a_long_line_read_in_pieces__names_the_line),
        cmocka_unit_test(reader__bgzf_without_eof_marker__is_an_io_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
