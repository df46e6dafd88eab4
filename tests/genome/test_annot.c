/* test_annot.c: GTF/GFF3 reading, transcript models, coordinate mapping and every bad-input error. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>
#include <htslib/bgzf.h>
#include "seedscan.h"
#include "genome/annot.h"

static int n_warned;
static char last_warning[2048];

static void count_sink(int level, const char *func, const char *msg, void *data)
{
    (void)func, (void)data;
    if (level == SSC_LOG_WARNING) {
        n_warned++;
        snprintf(last_warning, sizeof last_warning, "%s", msg);
    }
}

static char *tmp_path(const char *suffix)
{
    static int n;
    char *p = malloc(256);
    snprintf(p, 256, "%s/ssc_gtest_%d_%d%s", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp", (int)getpid(), n++, suffix);
    return p;
}

/* Write text (as plain, gzip or BGZF) to a temporary file. */
static char *write_text(const char *text, int how)
{
    char *p = tmp_path(how == 0 ? ".gtf" : ".gtf.gz");
    size_t n = strlen(text);
    if (how == 0) {
        FILE *fp = fopen(p, "w");
        assert_int_equal(fwrite(text, 1, n, fp), n);
        fclose(fp);
    } else if (how == 1) {
        gzFile gz = gzopen(p, "wb");
        assert_int_equal(gzwrite(gz, text, (unsigned)n), (int)n);
        gzclose(gz);
    } else {
        BGZF *fp = bgzf_open(p, "w");
        assert_int_equal(bgzf_write(fp, text, n), (ssize_t)n);
        bgzf_close(fp);
    }
    return p;
}

/* Load annotation text; returns the load status, *out the annotation. */
static int load_text(const char *text, ssc_annot_t **out, int how)
{
    char *p = write_text(text, how);
    ssc_annot_t *a = ssc_annot_init();
    assert_non_null(a);
    n_warned = 0;
    int ret = ssc_annot_load(a, p);
    unlink(p);
    free(p);
    *out = a;
    return ret;
}

static const ssc_tx_t *find_tx(const ssc_annot_t *a, const char *id)
{
    for (int i = 0; i < a->n_tx; i++)
        if (!strcmp(a->tx[i].id, id)) return &a->tx[i];
    return NULL;
}

/* "beg-end,..." of blocks, 1-based inclusive (the way the golden files write them). */
static const char *blocks_str(const ssc_gblk_t *b, int n)
{
    static char buf[1024];
    size_t l = 0;
    buf[0] = 0;
    for (int i = 0; i < n; i++)
        l += snprintf(buf + l, sizeof buf - l, "%s%lld-%lld", i ? "," : "", (long long)b[i].beg + 1, (long long)b[i].end);
    return buf;
}

/* ---- coordinate mapping (values derived by hand) ------------------------ */

static const ssc_gblk_t two[] = { { 10, 20, 0 }, { 30, 40, 0 } }; /* 0-based: 10..19 and 30..39 */

static void map__plus_strand__counts_from_the_low_end(void **state)
{
    (void)state;
    assert_int_equal(ssc_blk_len(two, 2), 20);
    assert_int_equal(ssc_blk_t2g(two, 2, '+', 0), 10);
    assert_int_equal(ssc_blk_t2g(two, 2, '+', 9), 19);
    assert_int_equal(ssc_blk_t2g(two, 2, '+', 10), 30);
    assert_int_equal(ssc_blk_t2g(two, 2, '+', 19), 39);
    assert_int_equal(ssc_blk_t2g(two, 2, '+', 20), -1);
    assert_int_equal(ssc_blk_t2g(two, 2, '+', -1), -1);
    assert_int_equal(ssc_blk_g2t(two, 2, '+', 30), 10);
    assert_int_equal(ssc_blk_g2t(two, 2, '+', 25), -1);
    assert_int_equal(ssc_blk_g2t(two, 2, '+', 40), -1);
}

static void map__minus_strand__counts_from_the_high_end(void **state)
{
    (void)state;
    assert_int_equal(ssc_blk_t2g(two, 2, '-', 0), 39);
    assert_int_equal(ssc_blk_t2g(two, 2, '-', 9), 30);
    assert_int_equal(ssc_blk_t2g(two, 2, '-', 10), 19);
    assert_int_equal(ssc_blk_t2g(two, 2, '-', 19), 10);
    assert_int_equal(ssc_blk_g2t(two, 2, '-', 39), 0);
    assert_int_equal(ssc_blk_g2t(two, 2, '-', 10), 19);
    for (int t = 0; t < 20; t++) { /* round trip on both strands */
        assert_int_equal(ssc_blk_g2t(two, 2, '-', ssc_blk_t2g(two, 2, '-', t)), t);
        assert_int_equal(ssc_blk_g2t(two, 2, '+', ssc_blk_t2g(two, 2, '+', t)), t);
    }
}

static void map__range_across_a_junction__gives_two_pieces(void **state)
{
    ssc_gblk_t out[2];
    (void)state;
    /* + : transcript 5..14 = genome 15..19 and 30..34 */
    assert_int_equal(ssc_blk_t2g_range(two, 2, '+', 5, 15, out), 2);
    assert_string_equal(blocks_str(out, 2), "16-20,31-35");
    /* - : transcript 0..2 = genome 37..39; 8..11 = 30..31 and 18..19 */
    assert_int_equal(ssc_blk_t2g_range(two, 2, '-', 0, 3, out), 1);
    assert_string_equal(blocks_str(out, 1), "38-40");
    assert_int_equal(ssc_blk_t2g_range(two, 2, '-', 8, 12, out), 2);
    assert_string_equal(blocks_str(out, 2), "19-20,31-32");
    assert_int_equal(ssc_blk_t2g_range(two, 2, '+', 5, 21, out), -1);
    assert_int_equal(ssc_blk_t2g_range(two, 2, '+', 5, 5, out), -1);
}

/* ---- GTF ------------------------------------------------------------------ */

/* Ensembl style: CDS without the stop codon; the minus-strand stop codon is
 * split by an intron (2 nt in exon 3, 1 nt in exon 2, genomic order). */
static const char gtf_ensembl[] =
    "#!genome-build test\n"
    "1\tt\tgene\t100\t400\t.\t+\t.\tgene_id \"G1\"; gene_name \"ONE\"; gene_biotype \"protein_coding\";\n"
    "1\tt\ttranscript\t100\t400\t.\t+\t.\tgene_id \"G1\"; transcript_id \"T1\"; gene_name \"ONE\"; transcript_biotype \"protein_coding\"; tag \"basic\"; tag \"Ensembl_canonical\";\n"
    "1\tt\texon\t100\t200\t.\t+\t.\tgene_id \"G1\"; transcript_id \"T1\";\n"
    "2\tt\texon\t500\t600\t.\t-\t.\tgene_id \"G2\"; transcript_id \"T2\"; gene_name \"TWO\";\n"
    "1\tt\tCDS\t150\t200\t.\t+\t0\tgene_id \"G1\"; transcript_id \"T1\";\n"
    "1\tt\texon\t300\t400\t.\t+\t.\tgene_id \"G1\"; transcript_id \"T1\";\n"
    "1\tt\tCDS\t300\t350\t.\t+\t2\tgene_id \"G1\"; transcript_id \"T1\";\n"
    "1\tt\tstop_codon\t351\t353\t.\t+\t0\tgene_id \"G1\"; transcript_id \"T1\";\n"
    "1\tt\tthree_prime_utr\t354\t400\t.\t+\t.\tgene_id \"G1\"; transcript_id \"T1\";\n"
    "2\tt\texon\t300\t350\t.\t-\t.\tgene_id \"G2\"; transcript_id \"T2\";\n"
    "2\tt\texon\t100\t200\t.\t-\t.\tgene_id \"G2\"; transcript_id \"T2\";\n"
    "2\tt\tCDS\t550\t600\t.\t-\t0\tgene_id \"G2\"; transcript_id \"T2\";\n"
    "2\tt\tCDS\t302\t350\t.\t-\t0\tgene_id \"G2\"; transcript_id \"T2\";\n"
    "2\tt\tstop_codon\t300\t301\t.\t-\t0\tgene_id \"G2\"; transcript_id \"T2\";\n"
    "2\tt\tstop_codon\t200\t200\t.\t-\t0\tgene_id \"G2\"; transcript_id \"T2\";\n"
    "2\tt\tstart_codon\t598\t600\t.\t-\t0\tgene_id \"G2\"; transcript_id \"T2\";\n";

static void gtf__stop_codon_lines__end_the_cds_and_start_the_utr(void **state)
{
    ssc_annot_t *a;
    (void)state;
    assert_int_equal(load_text(gtf_ensembl, &a, 0), 0);
    assert_int_equal(a->format, SSC_ANNOT_GTF);
    assert_int_equal(a->n_tx, 2);
    const ssc_tx_t *t1 = find_tx(a, "T1"), *t2 = find_tx(a, "T2");
    assert_non_null(t1);
    assert_non_null(t2);
    /* T1 +: CDS 150..350 + stop 351..353; 3'UTR 354..400 (and the feature agrees) */
    assert_int_equal(t1->cds_beg, 149);
    assert_int_equal(t1->cds_end, 353);
    assert_string_equal(blocks_str(t1->utr3, t1->n_utr3), "354-400");
    assert_true(t1->flags & SSC_TX_CDS_END);
    assert_true(t1->flags & SSC_TX_CANONICAL);
    assert_true(t1->flags & SSC_TX_BASIC);
    assert_false(t1->flags & SSC_TX_MANE);
    assert_string_equal(t1->gene_id, "G1");
    assert_string_equal(t1->gene_name, "ONE");
    assert_string_equal(t1->biotype, "protein_coding");
    assert_int_equal(t1->line, 3); /* its transcript line comes first */
    /* T2 -: exons 100-200, 300-350, 500-600; stop 300-301 + 200; 3'UTR = 100..199 */
    assert_string_equal(a->chrom[t2->tid], "2");
    assert_int_equal(t2->strand, '-');
    assert_string_equal(blocks_str(t2->exon, t2->n_exon), "100-200,300-350,500-600");
    assert_int_equal(t2->cds_beg, 199);
    assert_string_equal(blocks_str(t2->utr3, t2->n_utr3), "100-199");
    assert_int_equal(a->st.n_utr3, 2);
    assert_int_equal(a->st.other_types, 2); /* gene, start_codon */
    assert_int_equal(a->st.n_warn, 0);
    ssc_annot_destroy(a);
}

static void gtf__gzip_and_bgzf__give_the_same_models(void **state)
{
    (void)state;
    for (int how = 1; how <= 2; how++) {
        ssc_annot_t *a;
        assert_int_equal(load_text(gtf_ensembl, &a, how), 0);
        assert_int_equal(a->n_tx, 2);
        assert_string_equal(blocks_str(find_tx(a, "T2")->utr3, 1), "100-199");
        ssc_annot_destroy(a);
    }
}

static void gtf__comma_transcript_ids__feed_both_transcripts(void **state)
{
    static const char text[] =
        "1\tt\texon\t10\t20\t.\t+\t.\tgene_id \"G\"; transcript_id \"A,B\";\n"
        "1\tt\texon\t30\t40\t.\t+\t.\tgene_id \"G\"; transcript_id \"B\";\n"
        "1\tt\tCDS\t12\t20\t.\t+\t0\tgene_id \"G\"; transcript_id \"A,B\";\n"
        "1\tt\tstop_codon\t30\t32\t.\t+\t0\tgene_id \"G\"; transcript_id \"B\";\n";
    ssc_annot_t *a;
    (void)state;
    assert_int_equal(load_text(text, &a, 0), 0);
    assert_int_equal(a->n_tx, 2);
    assert_string_equal(blocks_str(find_tx(a, "A")->exon, find_tx(a, "A")->n_exon), "10-20");
    assert_string_equal(blocks_str(find_tx(a, "B")->exon, find_tx(a, "B")->n_exon), "10-20,30-40");
    /* A has no stop codon line in a GTF that has them: no complete CDS end, no 3'UTR */
    assert_false(find_tx(a, "A")->flags & SSC_TX_CDS_END);
    assert_int_equal(find_tx(a, "A")->n_utr3, 0);
    assert_string_equal(blocks_str(find_tx(a, "B")->utr3, find_tx(a, "B")->n_utr3), "33-40");
    assert_int_equal(a->st.n_cds_open, 1);
    assert_int_equal(a->st.n_utr3, 1);
    ssc_annot_destroy(a);
}

static void gtf__without_stop_codon_lines__cds_includes_the_stop_with_a_warning(void **state)
{
    static const char text[] = /* gffread -T style */
        "c\tx\ttranscript\t1\t100\t.\t+\t.\ttranscript_id \"r1\"; gene_id \"g1\"; gene_name \"N1\"\n"
        "c\tx\texon\t1\t100\t.\t+\t.\ttranscript_id \"r1\"; gene_id \"g1\";\n"
        "c\tx\tCDS\t11\t40\t.\t+\t0\ttranscript_id \"r1\"; gene_id \"g1\";\n";
    ssc_annot_t *a;
    (void)state;
    assert_int_equal(load_text(text, &a, 0), 0);
    assert_string_equal(blocks_str(a->tx[0].utr3, a->tx[0].n_utr3), "41-100");
    assert_int_equal(a->st.n_warn, 1);
    assert_string_equal(a->tx[0].gene_name, "N1");
    ssc_annot_destroy(a);
}

static void gtf__cds_end_nf_tag__means_no_utr(void **state)
{
    static const char text[] =
        "c\tx\texon\t1\t100\t.\t+\t.\tgene_id \"g\"; transcript_id \"t\"; tag \"cds_end_NF\";\n"
        "c\tx\tCDS\t11\t40\t.\t+\t0\tgene_id \"g\"; transcript_id \"t\"; tag \"cds_end_NF\";\n"
        "c\tx\texon\t1\t100\t.\t+\t.\tgene_id \"g\"; transcript_id \"u\";\n"
        "c\tx\tCDS\t11\t40\t.\t+\t0\tgene_id \"g\"; transcript_id \"u\";\n"
        "c\tx\tstop_codon\t41\t43\t.\t+\t0\tgene_id \"g\"; transcript_id \"u\";\n";
    ssc_annot_t *a;
    (void)state;
    assert_int_equal(load_text(text, &a, 0), 0);
    assert_int_equal(find_tx(a, "t")->n_utr3, 0);
    assert_int_equal(find_tx(a, "u")->n_utr3, 1);
    assert_int_equal(a->st.n_cds_open, 1);
    ssc_annot_destroy(a);
}

static void gtf__utr_lines_that_disagree__warn_and_are_used(void **state)
{
    static const char text[] =
        "c\tx\texon\t1\t100\t.\t-\t.\tgene_id \"g\"; transcript_id \"t\";\n"
        "c\tx\tCDS\t51\t90\t.\t-\t0\tgene_id \"g\"; transcript_id \"t\";\n"
        "c\tx\tstop_codon\t48\t50\t.\t-\t0\tgene_id \"g\"; transcript_id \"t\";\n"
        "c\tx\tUTR\t91\t100\t.\t-\t.\tgene_id \"g\"; transcript_id \"t\";\n"  /* a 5'UTR */
        "c\tx\tUTR\t5\t47\t.\t-\t.\tgene_id \"g\"; transcript_id \"t\";\n";   /* 3'UTR, 4 nt short */
    ssc_annot_t *a;
    (void)state;
    ssc_log_set_sink(count_sink, NULL);
    ssc_log_set_level(SSC_LOG_WARNING);
    assert_int_equal(load_text(text, &a, 0), 0);
    ssc_log_set_sink(NULL, NULL);
    ssc_log_set_level(SSC_LOG_ERROR);
    assert_string_equal(blocks_str(a->tx[0].utr3, a->tx[0].n_utr3), "5-47");
    assert_true(a->tx[0].flags & SSC_TX_UTR3_FEAT);
    assert_int_equal(a->st.n_warn, 1);
    assert_non_null(strstr(last_warning, ":5: transcript t: its 3'UTR lines (43 nt) differ"));
    assert_non_null(strstr(last_warning, "(47 nt)"));
    ssc_annot_destroy(a);
}

/* ---- GFF3 ----------------------------------------------------------------- */

static const char gff_ensembl[] =
    "##gff-version 3\n"
    "7\tEnsembl\tchromosome\t-100\t5000\t.\t.\t.\tID=chromosome:7\n"
    "7\te\tgene\t100\t1000\t.\t-\t.\tID=gene:ENSG1;Name=ABC%2C1;biotype=protein_coding;gene_id=ENSG1\n"
    "7\te\tNMD_transcript_variant\t100\t1000\t.\t-\t.\tID=transcript:ENST1;Parent=gene:ENSG1;biotype=nonsense_mediated_decay;tag=basic,MANE_Select\n"
    "7\te\texon\t900\t1000\t.\t-\t.\tParent=transcript:ENST1\n"
    "7\te\tCDS\t900\t950\t.\t-\t0\tID=CDS:P1;Parent=transcript:ENST1\n"
    "7\te\texon\t100\t300\t.\t-\t.\tParent=transcript:ENST1\n"
    "7\te\tCDS\t250\t300\t.\t-\t2\tID=CDS:P1;Parent=transcript:ENST1\n"
    "7\te\tthree_prime_UTR\t100\t249\t.\t-\t.\tParent=transcript:ENST1\n"
    "7\te\tfive_prime_UTR\t951\t1000\t.\t-\t.\tParent=transcript:ENST1\n";

static void gff3__ensembl_nmd_transcript__has_its_utr_and_names(void **state)
{
    ssc_annot_t *a;
    (void)state;
    ssc_log_set_sink(count_sink, NULL);
    ssc_log_set_level(SSC_LOG_WARNING);
    assert_int_equal(load_text(gff_ensembl, &a, 0), 0);
    ssc_log_set_sink(NULL, NULL);
    ssc_log_set_level(SSC_LOG_ERROR);
    assert_int_equal(a->format, SSC_ANNOT_GFF3);
    assert_int_equal(a->n_tx, 1);
    const ssc_tx_t *t = &a->tx[0];
    assert_string_equal(t->id, "ENST1");
    assert_string_equal(t->gene_id, "ENSG1");
    assert_string_equal(t->gene_name, "ABC,1");
    assert_string_equal(t->type, "NMD_transcript_variant");
    assert_string_equal(t->biotype, "nonsense_mediated_decay");
    assert_true(t->flags & SSC_TX_MANE);
    assert_true(t->flags & SSC_TX_BASIC);
    /* GFF3 CDS includes the stop: 3'UTR = 100..249 */
    assert_string_equal(blocks_str(t->utr3, t->n_utr3), "100-249");
    /* the chromosome line starting below 1 is skipped with a warning */
    assert_int_equal(a->st.n_warn, 1);
    assert_non_null(strstr(last_warning, ":2: chromosome line starts at -100"));
    ssc_annot_destroy(a);
}

static void gff3__cds_phase__starts_the_cds_part_at_the_first_codon(void **state)
{
    ssc_annot_t *a;
    ssc_gblk_t *b = NULL;
    int m = 0;
    (void)state;
    /* the 5'-most CDS line (minus strand: 900-950) has phase 0 */
    assert_int_equal(load_text(gff_ensembl, &a, 0), 0);
    assert_int_equal(a->tx[0].cds_phase, 0);
    assert_int_equal(ssc_tx_part(&a->tx[0], SSC_PART_CDS, &b, &m), 2);
    assert_string_equal(blocks_str(b, 2), "250-300,900-950");
    ssc_annot_destroy(a);
    /* a 5'-partial CDS with phase 2 on + loses its first two bases */
    static const char text[] =
        "c\tx\tmRNA\t1\t100\t.\t+\t.\tID=r;gene_id=g\n"
        "c\tx\texon\t1\t100\t.\t+\t.\tParent=r\n"
        "c\tx\tCDS\t1\t60\t.\t+\t2\tParent=r\n";
    assert_int_equal(load_text(text, &a, 0), 0);
    assert_int_equal(ssc_tx_part(&a->tx[0], SSC_PART_CDS, &b, &m), 1);
    assert_string_equal(blocks_str(b, 1), "3-60");
    assert_string_equal(blocks_str(a->tx[0].utr3, a->tx[0].n_utr3), "61-100");
    ssc_annot_destroy(a);
    free(b);
}

static void gff3__refseq_partial_3prime__has_no_utr(void **state)
{
    static const char text[] =
        "c\tx\tgene\t1\t100\t.\t-\t.\tID=gene-X;Name=X\n"
        "c\tx\tmRNA\t1\t100\t.\t-\t.\tID=rna-NM_1.1;Parent=gene-X;partial=true;start_range=.,1\n"
        "c\tx\texon\t1\t100\t.\t-\t.\tParent=rna-NM_1.1\n"
        "c\tx\tCDS\t1\t60\t.\t-\t0\tParent=rna-NM_1.1\n";
    ssc_annot_t *a;
    (void)state;
    assert_int_equal(load_text(text, &a, 0), 0);
    assert_string_equal(a->tx[0].id, "NM_1.1");
    assert_string_equal(a->tx[0].gene_id, "X");
    assert_false(a->tx[0].flags & SSC_TX_CDS_END);
    assert_int_equal(a->st.n_cds_open, 1);
    ssc_annot_destroy(a);
}

/* ---- errors --------------------------------------------------------------- */

static void expect_error(const char *text, const char *msg)
{
    ssc_annot_t *a;
    assert_int_equal(load_text(text, &a, 0), SSC_EFORMAT);
    if (!strstr(ssc_annot_errmsg(a), msg)) fail_msg("'%s' lacks '%s'", ssc_annot_errmsg(a), msg);
    ssc_annot_destroy(a);
}

#define EX(line) "c\tx\texon\t" line "\tgene_id \"g\"; transcript_id \"t\";\n"

static void errors__each_bad_line__names_file_line_and_feature(void **state)
{
    (void)state;
    expect_error(EX("1\t10\t.\t+\t.") "c\tx\texon\t20\t30\t.\t+\t.\n", ":2: 8 tab-separated columns, not 9");
    expect_error("c\tx\texon\t1\t10\t.\t+\t.\tgene_id \"g\"; transcript_id \"t\";\textra\n",
                 ":1: not a GTF/GFF3 feature line: more than 9");
    expect_error(">chr1\nACGT\n", ":1: not a GTF/GFF3 feature line: 1 tab-separated columns");
    expect_error(EX("30\t20\t.\t+\t."), ":1: exon: start 30 > end 20");
    expect_error(EX("x1\t20\t.\t+\t."), ":1: exon: start 'x1' or end '20' is not a whole number");
    expect_error(EX("0\t20\t.\t+\t."), ":1: exon: start 0 is below 1");
    expect_error(EX("1\t20\t.\t*\t."), ":1: exon: unknown strand '*'");
    expect_error(EX("1\t20\t.\t.\t."), ":1: exon: unknown strand '.'");
    expect_error(EX("1\t20\t.\t+\t.") "c\tx\tCDS\t15\t25\t.\t+\t0\tgene_id \"g\"; transcript_id \"t\";\n",
                 ":2: CDS 15-25 of transcript t is outside its exons");
    expect_error(EX("1\t20\t.\t+\t.") EX("20\t30\t.\t+\t."), ":2: exon 20-30 of transcript t overlaps its exon 1-20 (line 1)");
    expect_error(EX("1\t20\t.\t+\t.") "d\tx\texon\t30\t40\t.\t+\t.\tgene_id \"g\"; transcript_id \"t\";\n",
                 ":2: exon: transcript t is on two chromosomes (c, line 1, and d)");
    expect_error(EX("1\t20\t.\t+\t.") EX("30\t40\t.\t-\t."), ":2: exon: transcript t is on both strands");
    expect_error("c\tx\texon\t1\t20\t.\t+\t.\ttranscript_id \"t\";\n", ":1: exon of t: gene ID missing");
    expect_error("c\tx\texon\t1\t20\t.\t+\t.\tgene_id \"g\";\n", ":1: exon without transcript_id");
    expect_error("c\tx\tmRNA\t1\t20\t.\t+\t.\tID=r\nc\tx\texon\t1\t20\t.\t+\t.\tParent=r\n",
                 ":1: mRNA r: gene ID missing");
    expect_error("c\tx\texon\t1\t20\t.\t+\t.\tParent=r\n", ":1: Parent 'r' names no feature with that ID");
    expect_error("c\tx\texon\t1\t20\t.\t+\t.\tID=e1\n", ":1: exon without Parent");
    expect_error("# nothing\n", "no feature lines");
}

static void errors__missing_file__is_an_io_error(void **state)
{
    ssc_annot_t *a = ssc_annot_init();
    (void)state;
    assert_int_equal(ssc_annot_load(a, "/nonexistent/x.gtf"), SSC_EIO);
    assert_non_null(strstr(ssc_annot_errmsg(a), "/nonexistent/x.gtf: cannot open"));
    ssc_annot_destroy(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(map__plus_strand__counts_from_the_low_end),
        cmocka_unit_test(map__minus_strand__counts_from_the_high_end),
        cmocka_unit_test(map__range_across_a_junction__gives_two_pieces),
        cmocka_unit_test(gtf__stop_codon_lines__end_the_cds_and_start_the_utr),
        cmocka_unit_test(gtf__gzip_and_bgzf__give_the_same_models),
        cmocka_unit_test(gtf__comma_transcript_ids__feed_both_transcripts),
        cmocka_unit_test(gtf__without_stop_codon_lines__cds_includes_the_stop_with_a_warning),
        cmocka_unit_test(gtf__cds_end_nf_tag__means_no_utr),
        cmocka_unit_test(gtf__utr_lines_that_disagree__warn_and_are_used),
        cmocka_unit_test(gff3__ensembl_nmd_transcript__has_its_utr_and_names),
        cmocka_unit_test(gff3__cds_phase__starts_the_cds_part_at_the_first_codon),
        cmocka_unit_test(gff3__refseq_partial_3prime__has_no_utr),
        cmocka_unit_test(errors__each_bad_line__names_file_line_and_feature),
        cmocka_unit_test(errors__missing_file__is_an_io_error),
    };
    ssc_log_set_level(SSC_LOG_ERROR); /* warnings are counted in the stats; sinks capture them where tested */
    return cmocka_run_group_tests(tests, NULL, NULL);
}
