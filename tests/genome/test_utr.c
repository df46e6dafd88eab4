/* test_utr.c: 3'UTR/CDS/transcript sequences and BED12 equal the golden files of testdata/genome; genome errors; selection. */
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
#include <htslib/hts.h>
#include "seedscan.h"
#include "genome/annot.h"
#include "genome/gseq.h"
#include "genome/txsel.h"

#define TD "testdata/genome/"

/* ---- reading the golden files ----------------------------------------- */

typedef struct {
    int n;
    char **id, **head, **seq; /* id = first word of the header; head = the whole header line */
} fasta_t;

static char *append(char *s, size_t *len, const char *add, size_t n)
{
    s = realloc(s, *len + n + 1);
    memcpy(s + *len, add, n);
    *len += n;
    s[*len] = 0;
    return s;
}

static void fasta_read(const char *path, fasta_t *f)
{
    FILE *fp = fopen(path, "r");
    char line[65536];
    size_t len = 0;
    memset(f, 0, sizeof *f);
    assert_non_null(fp);
    while (fgets(line, sizeof line, fp)) {
        line[strcspn(line, "\r\n")] = 0;
        if (line[0] == '>') {
            f->id = realloc(f->id, (f->n + 1) * sizeof *f->id);
            f->head = realloc(f->head, (f->n + 1) * sizeof *f->head);
            f->seq = realloc(f->seq, (f->n + 1) * sizeof *f->seq);
            f->head[f->n] = strdup(line + 1);
            f->id[f->n] = strndup(line + 1, strcspn(line + 1, " \t"));
            f->seq[f->n++] = calloc(1, 1);
            len = 0;
        } else if (f->n) f->seq[f->n - 1] = append(f->seq[f->n - 1], &len, line, strlen(line));
    }
    fclose(fp);
}

static void fasta_free(fasta_t *f)
{
    for (int i = 0; i < f->n; i++) {
        free(f->id[i]);
        free(f->head[i]);
        free(f->seq[i]);
    }
    free(f->id);
    free(f->head);
    free(f->seq);
}

static ssc_annot_t *load(const char *path)
{
    ssc_annot_t *a = ssc_annot_init();
    int ret = ssc_annot_load(a, path);
    if (ret < 0) fail_msg("%s", ssc_annot_errmsg(a));
    return a;
}

static ssc_genome_t *open_genome(const char *path)
{
    kstring_t err = { 0, 0, NULL };
    ssc_genome_t *g = ssc_genome_open(path, &err);
    if (!g) fail_msg("%s", err.s);
    free(err.s);
    return g;
}

static const ssc_tx_t *find_tx(const ssc_annot_t *a, const char *id)
{
    for (int i = 0; i < a->n_tx; i++)
        if (!strcmp(a->tx[i].id, id)) return &a->tx[i];
    return NULL;
}

/* The spliced sequence of a part of tx (malloc'd; "" when it has none). */
static char *part_seq(const ssc_annot_t *a, const ssc_tx_t *tx, int part, ssc_genome_t *g)
{
    kstring_t seq = { 0, 0, NULL }, err = { 0, 0, NULL };
    ssc_gblk_t *b = NULL;
    int m = 0, n = ssc_tx_part(tx, part, &b, &m);
    assert_true(n >= 0);
    assert_int_equal(ssc_tx_check_genome(a, tx, g, &err), 0);
    assert_int_equal(ssc_genome_splice(g, a->chrom[tx->tid], b, n, tx->strand, &seq, &err), 0);
    free(b);
    free(err.s);
    if (!seq.s) return calloc(1, 1);
    return seq.s;
}

static int count_with_part(const ssc_annot_t *a, int part)
{
    ssc_gblk_t *b = NULL;
    int m = 0, k = 0;
    for (int i = 0; i < a->n_tx; i++) k += ssc_tx_part(&a->tx[i], part, &b, &m) > 0;
    free(b);
    return k;
}

/* Every record of the expected FASTA equals our part of the transcript of that ID;
 * with `all`, no other transcript has the part. */
static void check_fasta(const char *annot, const char *genome, const char *expected, int part, int all, int n_expected)
{
    ssc_annot_t *a = load(annot);
    ssc_genome_t *g = open_genome(genome);
    fasta_t f;
    fasta_read(expected, &f);
    assert_int_equal(f.n, n_expected);
    for (int i = 0; i < f.n; i++) {
        const ssc_tx_t *tx = find_tx(a, f.id[i]);
        if (!tx) fail_msg("%s: no transcript %s", annot, f.id[i]);
        char *s = part_seq(a, tx, part, g);
        if (strcmp(s, f.seq[i])) fail_msg("%s %s: %zu nt, expected %zu", annot, f.id[i], strlen(s), strlen(f.seq[i]));
        free(s);
    }
    if (all) assert_int_equal(count_with_part(a, part), f.n);
    fasta_free(&f);
    ssc_genome_close(g);
    ssc_annot_destroy(a);
}

/* Every line of the expected BED12 equals ours for the transcript it names. */
static void check_bed(const char *annot, const char *expected, int n_expected)
{
    ssc_annot_t *a = load(annot);
    FILE *fp = fopen(expected, "r");
    char line[4096];
    kstring_t out = { 0, 0, NULL };
    ssc_gblk_t *b = NULL;
    int m = 0, n_lines = 0;
    assert_non_null(fp);
    while (fgets(line, sizeof line, fp)) {
        char name[256];
        assert_int_equal(sscanf(line, "%*s %*s %*s %255s", name), 1);
        const ssc_tx_t *tx = find_tx(a, name);
        if (!tx) fail_msg("%s: no transcript %s", annot, name);
        int n = ssc_tx_part(tx, SSC_PART_UTR3, &b, &m);
        out.l = 0;
        assert_int_equal(ssc_tx_bed12(a, tx, SSC_PART_UTR3, b, n, &out), 0);
        assert_string_equal(out.s, line);
        n_lines++;
    }
    fclose(fp);
    assert_int_equal(n_lines, n_expected);
    assert_int_equal(count_with_part(a, SSC_PART_UTR3), n_expected);
    free(out.s);
    free(b);
    ssc_annot_destroy(a);
}

/* ---- conformance -------------------------------------------------------- */

static void refseq_gff3__utr3_equals_gffread_bedtools(void **state)
{
    (void)state;
    check_fasta(TD "gffread_ex.gff", TD "gffread_ex.fa.gz", TD "gffread_ex.utr3.fa", SSC_PART_UTR3, 1, 3);
    check_bed(TD "gffread_ex.gff", TD "gffread_ex.utr3.bed", 3);
}

static void gffread_gtf__same_utr3_as_its_gff3(void **state)
{
    (void)state;
    check_fasta(TD "gffread_ex.gtf", TD "gffread_ex.fa.gz", TD "gffread_ex.utr3.fa", SSC_PART_UTR3, 1, 3);
    check_fasta(TD "hg38_t_sel.gtf", TD "hg38test.fa.gz", TD "hg38_t_sel.w.fa", SSC_PART_TX, 1, 4);
}

static void refseq_gff3__transcripts_and_cds_equal_gffread_w_x(void **state)
{
    (void)state;
    check_fasta(TD "gffread_ex.gff", TD "gffread_ex.fa.gz", TD "gffread_ex.w.fa", SSC_PART_TX, 0, 4);
    check_fasta(TD "gffread_ex.gff", TD "gffread_ex.fa.gz", TD "gffread_ex.x.fa", SSC_PART_CDS, 1, 3);
    check_fasta(TD "hg38_t_sel.gff3", TD "hg38test.fa.gz", TD "hg38_t_sel.w.fa", SSC_PART_TX, 1, 4);
    check_fasta(TD "hg38_t_sel.gff3", TD "hg38test.fa.gz", TD "hg38_t_sel.x.fa", SSC_PART_CDS, 1, 4);
}

/* gffread -w writes CDS=START-END (1-based, stop included): the 3'UTR is what follows END. */
static void soft_masked_genome__utr3_is_the_w_record_after_its_cds(void **state)
{
    ssc_annot_t *a = load(TD "hg38_t_sel.gff3");
    ssc_genome_t *g = open_genome(TD "hg38test.fa.gz");
    fasta_t f;
    int lower = 0;
    (void)state;
    fasta_read(TD "hg38_t_sel.w.fa", &f);
    for (int i = 0; i < f.n; i++) {
        const char *c = strstr(f.head[i], "CDS=");
        long cds_beg, cds_end;
        assert_non_null(c);
        assert_int_equal(sscanf(c, "CDS=%ld-%ld", &cds_beg, &cds_end), 2);
        char *s = part_seq(a, find_tx(a, f.id[i]), SSC_PART_UTR3, g);
        assert_string_equal(s, f.seq[i] + cds_end);
        for (char *p = s; *p; p++) lower += *p >= 'a' && *p <= 'z';
        free(s);
    }
    assert_true(lower > 0); /* the case of the soft-masked bases came through */
    const ssc_tx_t *kir = find_tx(a, "rna164010");  /* KIR3DS1, minus strand, two pieces */
    assert_int_equal(kir->strand, '-');
    assert_int_equal(kir->n_utr3, 2);
    fasta_free(&f);
    ssc_genome_close(g);
    ssc_annot_destroy(a);
}

static void ensembl_gff3_slices__utr3_equal_bcftools_csq_golden(void **state)
{
    static const struct { const char *id; int n; } t[] = {
        { "ENST00000301246", 2 }, { "ENST00000536784", 1 }, { "ENST00000573314", 1 }, { "ENST00000580206", 3 },
    };
    char annot[256], genome[256], fa[256], bed[256];
    (void)state;
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        snprintf(annot, sizeof annot, TD "%s.gff", t[i].id);
        snprintf(genome, sizeof genome, TD "%s.fa", t[i].id);
        snprintf(fa, sizeof fa, TD "%s.utr3.fa", t[i].id);
        snprintf(bed, sizeof bed, TD "%s.utr3.bed", t[i].id);
        check_fasta(annot, genome, fa, SSC_PART_UTR3, 1, t[i].n);
        check_bed(annot, bed, t[i].n);
    }
}

static void ensembl_gff3_slices__multi_piece_minus_utrs_have_their_pieces(void **state)
{
    ssc_annot_t *a = load(TD "ENST00000573314.gff");
    (void)state;
    const ssc_tx_t *tx = find_tx(a, "ENST00000573314"); /* VWA9, NMD_transcript_variant, 12 pieces */
    assert_non_null(tx);
    assert_string_equal(tx->type, "NMD_transcript_variant");
    assert_int_equal(tx->n_utr3, 12);
    assert_int_equal(ssc_blk_len(tx->utr3, tx->n_utr3), 2436);
    ssc_annot_destroy(a);
    a = load(TD "ENST00000580206.gff"); /* the chromosome line at -14728171 is skipped with a warning */
    assert_int_equal(find_tx(a, "ENST00000580206")->n_utr3, 14);
    assert_int_equal(ssc_blk_len(find_tx(a, "ENST00000580206")->utr3, 14), 1484);
    assert_true(a->st.n_warn >= 1);
    ssc_annot_destroy(a);
}

static void genbank_gff3__utr3_equal_golden(void **state)
{
    (void)state;
    check_fasta(TD "UD_144413132067.gff3", TD "UD_144413132067.fa", TD "UD_144413132067.utr3.fa", SSC_PART_UTR3, 1, 5);
    check_bed(TD "UD_144413132067.gff3", TD "UD_144413132067.utr3.bed", 5);
    check_fasta(TD "UD_150167851083.gff3", TD "UD_150167851083.fa", TD "UD_150167851083.utr3.fa", SSC_PART_UTR3, 1, 10);
    check_bed(TD "UD_150167851083.gff3", TD "UD_150167851083.utr3.bed", 10);
}

static void ensembl_gtf_chr21__utr3_equal_golden_and_vep_cache(void **state)
{
    (void)state;
    check_fasta(TD "chr21_test.gtf.gz", TD "chr21_exon_only_chr21.fa.gz", TD "chr21_test.gtf.utr3.fa", SSC_PART_UTR3, 1, 28);
    check_bed(TD "chr21_test.gtf.gz", TD "chr21_test.gtf.utr3.bed", 28);
    /* the VEP cache's own UTR sequences: 24 of the 28 (the other 4 lie outside the cache) */
    check_fasta(TD "chr21_test.gtf.gz", TD "chr21_exon_only_chr21.fa.gz", TD "chr21_vep_cache_utr3.fa", SSC_PART_UTR3, 0, 24);
    check_fasta(TD "chr21_test.gff.gz", TD "chr21_exon_only_chr21.fa.gz", TD "chr21_vep_cache_utr3.fa", SSC_PART_UTR3, 1, 24);
}

/* The ATP5PF 3'UTR lies in two pieces on the minus strand inside the plus-strand JAM2 3'UTRs. */
static void ensembl_gtf_chr21__atp5pf_minus_two_pieces_as_published(void **state)
{
    ssc_annot_t *a = load(TD "chr21_test.gtf.gz");
    ssc_genome_t *g = open_genome(TD "chr21_exon_only_chr21.fa.gz");
    kstring_t out = { 0, 0, NULL };
    (void)state;
    const ssc_tx_t *tx = find_tx(a, "ENST00000400099");
    char *s = part_seq(a, tx, SSC_PART_UTR3, g);
    assert_string_equal(s, "CCAGCAGCTAGCCTTGTAGCTACAGAAGAAAATGTTTGCCGATCCCTGACTCGTGGTGAAAATTTTATTTTGGGGGCAGAGCCATG");
    assert_int_equal(ssc_tx_fasta(a, tx, tx->utr3, tx->n_utr3, s, strlen(s), &out), 0);
    assert_string_equal(out.s, ">ENST00000400099|ATP5J gene_id=ENSG00000154723 gene_name=ATP5J chrom=21 strand=- "
                               "blocks=25716503-25716560,25717661-25717688\n"
                               "CCAGCAGCTAGCCTTGTAGCTACAGAAGAAAATGTTTGCCGATCCCTGACTCGTGGTGAA\n"
                               "AATTTTATTTTGGGGGCAGAGCCATG\n");
    free(s);
    free(out.s);
    ssc_genome_close(g);
    ssc_annot_destroy(a);
}

/* ---- genome errors ------------------------------------------------------ */

static char *tmp_dir(void)
{
    char *d = malloc(256);
    snprintf(d, 256, "%s/ssc_gdir_XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    assert_non_null(mkdtemp(d));
    return d;
}

static void write_file(const char *path, const char *text)
{
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
}

static void expect_genome_error(const char *annot_text, const char *msg)
{
    char *d = tmp_dir(), path[512];
    kstring_t err = { 0, 0, NULL };
    snprintf(path, sizeof path, "%s/a.gtf", d);
    write_file(path, annot_text);
    ssc_annot_t *a = load(path);
    ssc_genome_t *g = open_genome(TD "ENST00000301246.fa"); /* one sequence, '19', 889 nt */
    assert_true(ssc_tx_check_genome(a, &a->tx[0], g, &err) < 0);
    if (!strstr(err.s, msg)) fail_msg("'%s' lacks '%s'", err.s, msg);
    free(err.s);
    ssc_genome_close(g);
    ssc_annot_destroy(a);
    unlink(path);
    rmdir(d);
    free(d);
}

static void genome__missing_sequence_or_past_its_end__names_line_and_feature(void **state)
{
    (void)state;
    expect_genome_error("19\tx\texon\t1\t10\t.\t+\t.\tgene_id \"g\"; transcript_id \"t\";\n"
                        "19\tx\texon\t800\t890\t.\t+\t.\tgene_id \"g\"; transcript_id \"t\";\n",
                        "a.gtf:2: exon 800-890 of transcript t runs past the end of 19 (889 nt) in testdata/genome/ENST00000301246.fa");
    expect_genome_error("\n7\tx\texon\t1\t10\t.\t+\t.\tgene_id \"g\"; transcript_id \"t\";\n",
                        "a.gtf:2: transcript t: sequence '7' is not in testdata/genome/ENST00000301246.fa");
    expect_genome_error("chr19\tx\texon\t1\t10\t.\t+\t.\tgene_id \"g\"; transcript_id \"t\";\n",
                        "sequence 'chr19' is not in testdata/genome/ENST00000301246.fa (it has '19': ");
}

static void genome__without_index__gets_one_built(void **state)
{
    char *d = tmp_dir(), fa[512], fai[512];
    (void)state;
    snprintf(fa, sizeof fa, "%s/g.fa", d);
    snprintf(fai, sizeof fai, "%s/g.fa.fai", d);
    write_file(fa, ">s1 desc\nACGTacgtNN\nAC\n>s2\nGGGG\n");
    ssc_genome_t *g = open_genome(fa);
    assert_int_equal(access(fai, R_OK), 0);
    assert_int_equal(ssc_genome_seqlen(g, "s1"), 12);
    assert_int_equal(ssc_genome_seqlen(g, "nope"), -1);
    kstring_t seq = { 0, 0, NULL }, err = { 0, 0, NULL };
    ssc_gblk_t b[2] = { { 2, 6, 0 }, { 9, 12, 0 } }; /* "GTac" + "NAC" */
    assert_int_equal(ssc_genome_splice(g, "s1", b, 2, '+', &seq, &err), 0);
    assert_string_equal(seq.s, "GTacNAC");
    seq.l = 0;
    assert_int_equal(ssc_genome_splice(g, "s1", b, 2, '-', &seq, &err), 0);
    assert_string_equal(seq.s, "GTNgtAC");
    ssc_gblk_t past = { 10, 13, 0 };
    assert_true(ssc_genome_splice(g, "s1", &past, 1, '+', &seq, &err) < 0);
    free(seq.s);
    free(err.s);
    ssc_genome_close(g);
    unlink(fai);
    unlink(fa);
    rmdir(d);
    free(d);
}

static void genome__plain_gzip__error_says_bgzip(void **state)
{
    char *d = tmp_dir(), fa[512];
    kstring_t err = { 0, 0, NULL };
    (void)state;
    snprintf(fa, sizeof fa, "%s/g.fa.gz", d);
    gzFile gz = gzopen(fa, "wb");
    gzputs(gz, ">s1\nACGT\n");
    gzclose(gz);
    assert_null(ssc_genome_open(fa, &err));
    assert_non_null(strstr(err.s, "plain gzip cannot be indexed"));
    assert_non_null(strstr(err.s, "bgzip"));
    free(err.s);
    unlink(fa);
    rmdir(d);
    free(d);
}

static void revcomp__keeps_case_and_complements_iupac(void **state)
{
    char s[] = "ACGTUacgtuNnRYKMBVDHrykmbvdhSW-";
    (void)state;
    ssc_revcomp_iupac(s, strlen(s));
    assert_string_equal(s, "-WSdhbvkmryDHBVKMRYnNaacgtAACGT"); /* reversed, then each letter complemented */
}

/* ---- selection ------------------------------------------------------------ */

static int select_n(const ssc_annot_t *a, ssc_txsel_opt_t o, ssc_txsel_stats_t *st, char *keep)
{
    kstring_t err = { 0, 0, NULL };
    int n = ssc_txsel(a, &o, keep, st, &err);
    free(err.s);
    return n;
}

static void select__region_biotype_and_per_gene_on_chr21(void **state)
{
    ssc_annot_t *a = load(TD "chr21_test.gtf.gz");
    char *keep = malloc(a->n_tx);
    ssc_txsel_stats_t st;
    (void)state;
    assert_int_equal(select_n(a, (ssc_txsel_opt_t){ .part = SSC_PART_UTR3 }, &st, keep), 28);
    assert_int_equal(st.n_no_part, a->n_tx - 28);
    assert_int_equal(select_n(a, (ssc_txsel_opt_t){ .part = SSC_PART_UTR3, .region = "21" }, &st, keep), 28);
    /* MRPL39..APP lie before 26.2 Mb; CYYR1 (2), ADAMTS1, ADAMTS5 after 26.3 Mb */
    assert_int_equal(select_n(a, (ssc_txsel_opt_t){ .part = SSC_PART_UTR3, .region = "21:26,300,000-27,000,000" }, &st, keep), 4);
    assert_int_equal(select_n(a, (ssc_txsel_opt_t){ .part = SSC_PART_UTR3, .region = "21:1-25500000" }, &st, keep), 0);
    assert_int_equal(select_n(a, (ssc_txsel_opt_t){ .part = SSC_PART_UTR3, .region = "21:10-5" }, &st, keep), SSC_EINVAL);
    assert_int_equal(select_n(a, (ssc_txsel_opt_t){ .part = SSC_PART_UTR3, .region = "22" }, &st, keep), SSC_EINVAL);
    /* 8 genes have a 3'UTR: MRPL39, JAM2, ATP5J, GABPA, APP, CYYR1, ADAMTS1, ADAMTS5 */
    assert_int_equal(select_n(a, (ssc_txsel_opt_t){ .part = SSC_PART_UTR3, .per_gene = SSC_PER_GENE_LONGEST }, &st, keep), 8);
    assert_int_equal(st.n_per_gene, 20);
    for (int i = 0; i < a->n_tx; i++) /* APP's longest 3'UTR is 1,120 nt */
        if (keep[i] && !strcmp(a->tx[i].gene_name, "APP"))
            assert_int_equal(ssc_blk_len(a->tx[i].utr3, a->tx[i].n_utr3), 1120);
    assert_int_equal(select_n(a, (ssc_txsel_opt_t){ .part = SSC_PART_UTR3, .per_gene = SSC_PER_GENE_CANONICAL }, &st, keep), 8);
    for (int i = 0; i < a->n_tx; i++)
        if (keep[i]) assert_true(a->tx[i].flags & SSC_TX_BASIC);
    /* ENST00000460679, the JAM2 NMD transcript, is the one 3'UTR of another biotype */
    assert_int_equal(select_n(a, (ssc_txsel_opt_t){ .part = SSC_PART_UTR3, .biotypes = "nonsense_mediated_decay" }, &st, keep), 1);
    assert_int_equal(select_n(a, (ssc_txsel_opt_t){ .part = SSC_PART_UTR3, .biotypes = "lincRNA,protein_coding" }, &st, keep), 27);
    free(keep);
    ssc_annot_destroy(a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(refseq_gff3__utr3_equals_gffread_bedtools),
        cmocka_unit_test(gffread_gtf__same_utr3_as_its_gff3),
        cmocka_unit_test(refseq_gff3__transcripts_and_cds_equal_gffread_w_x),
        cmocka_unit_test(soft_masked_genome__utr3_is_the_w_record_after_its_cds),
        cmocka_unit_test(ensembl_gff3_slices__utr3_equal_bcftools_csq_golden),
        cmocka_unit_test(ensembl_gff3_slices__multi_piece_minus_utrs_have_their_pieces),
        cmocka_unit_test(genbank_gff3__utr3_equal_golden),
        cmocka_unit_test(ensembl_gtf_chr21__utr3_equal_golden_and_vep_cache),
        cmocka_unit_test(ensembl_gtf_chr21__atp5pf_minus_two_pieces_as_published),
        cmocka_unit_test(genome__missing_sequence_or_past_its_end__names_line_and_feature),
        cmocka_unit_test(genome__without_index__gets_one_built),
        cmocka_unit_test(genome__plain_gzip__error_says_bgzip),
        cmocka_unit_test(revcomp__keeps_case_and_complements_iupac),
        cmocka_unit_test(select__region_biotype_and_per_gene_on_chr21),
    };
    ssc_log_set_level(SSC_LOG_ERROR);
    hts_set_log_level(HTS_LOG_OFF); /* the plain-gzip case makes faidx complain; we test our message */
    return cmocka_run_group_tests(tests, NULL, NULL);
}
