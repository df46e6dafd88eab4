/* test_gsite.c: genome-mode sites: utr header parsing, site pieces across junctions, TSV/BED12/summary rows. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include "seedscan.h"
#include "genome/gsite.h"

/* ATP5PF ENST00000400099 (-), 3'UTR 25,717,661-688 then 25,716,503-560 (86 nt, data README). */
static const char atp_seq[] =
    "CCAGCAGCTAGCCTTGTAGCTACAGAAGAAAATGTTTGCCGATCCCTGACTCGTGGTGAAAATTTTATTTTGGGGGCAGAGCCATG";

static void parse_atp(char *comment, ssc_gtx_t *g, ssc_gblk_t **b, int *m)
{
    const char *why = NULL;
    strcpy(comment, "gene_id=ENSG00000154723 gene_name=ATP5J chrom=21 strand=- blocks=25716503-25716560,25717661-25717688");
    assert_int_equal(ssc_gtx_parse(comment, 86, g, b, m, &why), 0);
}

static void gtx_parse__utr_header__gives_zero_based_blocks(void **state)
{
    (void)state;
    char c[256];
    ssc_gtx_t g;
    ssc_gblk_t *b = NULL;
    int m = 0;
    parse_atp(c, &g, &b, &m);
    assert_string_equal(g.chrom, "21");
    assert_string_equal(g.gene_id, "ENSG00000154723");
    assert_string_equal(g.gene_name, "ATP5J");
    assert_int_equal(g.strand, '-');
    assert_int_equal(g.n, 2);
    assert_int_equal(g.b[0].beg, 25716502); /* 1-based 25,716,503 */
    assert_int_equal(g.b[0].end, 25716560);
    assert_int_equal(g.b[1].beg, 25717660);
    assert_int_equal(g.b[1].end, 25717688);
    free(b);
}

static void gtx_parse__bad_headers__are_errors_with_a_reason(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "gene_id=G chrom=1 strand=+",                      /* no blocks */
        "gene_id=G chrom=1 strand=* blocks=1-10",          /* strand */
        "gene_id=G chrom=1 strand=+ blocks=1-5",           /* 5 nt for 10 */
        "gene_id=G chrom=1 strand=+ blocks=6-10,1-5",      /* not ascending */
        "gene_id=G chrom=1 strand=+ blocks=0-9",           /* 1-based: 0 is no position */
        "gene_id=G chrom=1 strand=+ blocks=1-5;6-10",      /* separator */
        "gene_name=N chrom=1 strand=+ blocks=1-10",        /* no gene_id */
    };
    ssc_gblk_t *b = NULL;
    int m = 0;
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char c[128];
        const char *why = NULL;
        ssc_gtx_t g;
        strcpy(c, bad[i]);
        assert_int_equal(ssc_gtx_parse(c, 10, &g, &b, &m, &why), SSC_EFORMAT);
        assert_non_null(why);
    }
    char c[] = "gene_id=G chrom=1 strand=+ blocks=1-4,7-12";
    const char *why = NULL;
    ssc_gtx_t g;
    assert_int_equal(ssc_gtx_parse(c, 10, &g, &b, &m, &why), 0);
    assert_string_equal(g.gene_name, "."); /* none given */
    free(b);
}

/* Transcript positions 21..28 (0-based) of the minus-strand UTR: the first 28 nt are the high
 * block read downwards, so 21..27 are 25,717,667..661 (1-based) and 28 is 25,716,560. */
static void gtx_site__minus_strand_junction__two_pieces(void **state)
{
    (void)state;
    char c[256];
    ssc_gtx_t g;
    ssc_gblk_t *b = NULL, pc[8];
    int m = 0;
    parse_atp(c, &g, &b, &m);
    assert_int_equal(ssc_gtx_site(&g, 21, 29, pc), 2);
    assert_int_equal(pc[0].beg, 25716559);
    assert_int_equal(pc[0].end, 25716560);
    assert_int_equal(pc[1].beg, 25717660);
    assert_int_equal(pc[1].end, 25717667);
    assert_int_equal(ssc_gtx_site(&g, 0, 8, pc), 1); /* inside the first piece */
    assert_int_equal(pc[0].beg, 25717680);
    assert_int_equal(pc[0].end, 25717688);
    assert_int_equal(ssc_gtx_site(&g, 80, 87, pc), -1); /* past the end */
    free(b);
}

static void writers__junction_site__tsv_bed12_and_summary_rows(void **state)
{
    (void)state;
    char c[256], name[] = "ENST00000400099";
    ssc_gtx_t g;
    ssc_gblk_t *b = NULL;
    int m = 0;
    kstring_t s = { 0, 0, NULL };
    ssc_mirset_t *ms = ssc_mirset_init();
    parse_atp(c, &g, &b, &m);
    /* the README's 8mer ACAGAAGA at 22-29 = rc(nt 2-8) ACAGAAG + A: nt 2-8 CUUCUGU */
    assert_int_equal(ssc_mirset_add(ms, "m", "UCUUCUGUUUUUU"), 0);
    ssc_rec_t rec = { name, "", (char *)atp_seq, 86, 1, 0, 0, 0, 1 };
    ssc_site_t x = { 0, SSC_8MER, 0, 21, 29 };
    assert_int_equal(ssc_gsite_tsv(&s, ms, &rec, &g, &x, 1, NULL), 0);
    assert_string_equal(s.s, "ENST00000400099\tm\tm\t8mer\t22\t29\tACAGAAGA\t21\t25716560\t25717667\t-\t"
                             "ENSG00000154723\tATP5J\n");
    s.l = 0;
    assert_int_equal(ssc_gsite_bed12(&s, ms, &rec, &g, &x, 1, NULL), 0);
    assert_string_equal(s.s, "21\t25716559\t25717667\tm:8mer:ENST00000400099\t0\t-\t25716559\t25717667\t0\t2\t1,7,\t0,1101,\n");
    s.l = 0;
    const char rows[] = "T\tm\tm\t1\t0\t0\t0\t1\t8mer\nT\tn\tn\t0\t1\t0\t0\t1\t7mer-m8\n";
    assert_int_equal(ssc_gsum_rows(&s, rows, sizeof rows - 1, &g), 0);
    assert_string_equal(s.s, "T\tm\tm\t1\t0\t0\t0\t1\t8mer\tENSG00000154723\tATP5J\n"
                             "T\tn\tn\t0\t1\t0\t0\t1\t7mer-m8\tENSG00000154723\tATP5J\n");
    s.l = 0;
    assert_int_equal(ssc_gsum_header(&s, SSC_TYPES_DEFAULT, 0), 0);
    assert_string_equal(s.s, "target\tfamily\tmirnas\t8mer\t7mer-m8\t7mer-A1\t6mer\ttotal\tbest\tgene_id\tgene_name\n");
    free(s.s);
    free(b);
    ssc_mirset_destroy(ms);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(gtx_parse__utr_header__gives_zero_based_blocks),
        cmocka_unit_test(gtx_parse__bad_headers__are_errors_with_a_reason),
        cmocka_unit_test(gtx_site__minus_strand_junction__two_pieces),
        cmocka_unit_test(writers__junction_site__tsv_bed12_and_summary_rows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
