/* cmd_utr.c: `seedscan utr`, 3'UTR (or CDS, transcript) sequences and BED12 from a GTF/GFF3 and a genome. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "cli/cli.h"
#include "cli/commands.h"
#include "io/io.h"
#include "genome/annot.h"
#include "genome/gseq.h"
#include "genome/txsel.h"

typedef struct {
    const char *annot, *genome, *outpath;
    int bed, quiet;
    ssc_txsel_opt_t sel;
} utr_opt_t;

static const char *const part_name[] = { "utr3", "cds", "transcript" };
static const char *const part_plural[] = { "3'UTRs", "CDSs", "transcripts" };
static const char *const per_gene_name[] = { "all", "longest", "canonical" };

static void usage(FILE *fp)
{
    fprintf(fp,
"Usage: seedscan utr [options] -g GENOME.fa ANNOTATION\n"
"Write the spliced 3'UTR (or CDS, or whole transcript) of each transcript of a GTF or GFF3\n"
"annotation (Ensembl, GENCODE, RefSeq; plain, gzip or BGZF) from an indexed genome FASTA.\n"
"Headers: >TRANSCRIPT|GENE gene_id=.. gene_name=.. chrom=.. strand=.. blocks=START-END,...\n"
"(blocks 1-based inclusive, ascending on the genome; minus-strand sequences reverse-complemented).\n\n"
"Options:\n"
"  -g, --genome FILE     genome FASTA, plain or BGZF (.fai/.gzi are built when missing)\n"
"  -a, --gtf FILE        the annotation (or give it as the argument)\n"
"  -w, --what PART       utr3, cds or transcript [utr3]\n"
"  -b, --bed             BED12 of the same blocks instead of FASTA (-g optional: checks names)\n"
"      --per-gene HOW    one transcript per gene: longest (longest PART) or canonical\n"
"                        (MANE_Select > Ensembl_canonical > basic, then longest) [all]\n"
"      --biotype LIST    only these transcript biotypes, comma-separated (e.g. protein_coding)\n"
"      --region REGION   only transcripts overlapping CHR, CHR:FROM or CHR:FROM-TO (1-based)\n"
"  -o, --output FILE     write to FILE (BGZF if it ends in .gz); appears only when complete [stdout]\n"
"  -q                    no report on stderr\n"
"  -v                    more messages\n"
"  -h, --help            this help\n\n"
"A 3'UTR is the exonic part after the stop codon (GTF: CDS lines plus stop_codon; GFF3: CDS lines\n"
"include it); transcripts without an annotated stop codon have none and are counted in the report.\n"
"Example: seedscan utr -g testdata/genome/chr21_exon_only_chr21.fa.gz testdata/genome/chr21_test.gtf.gz > utr3.fa\n");
}

static int pick(const char *arg, const char *const *names, int n)
{
    for (int i = 0; i < n; i++)
        if (!strcmp(arg, names[i])) return i;
    return -1;
}

/* 0 = go on, 1 = done (help), -1 = bad usage (message printed). */
static int parse_args(int argc, char *argv[], utr_opt_t *o)
{
    enum { O_PER_GENE = 256, O_BIOTYPE, O_REGION };
    static const struct option lopts[] = {
        { "genome", required_argument, NULL, 'g' }, { "gtf", required_argument, NULL, 'a' },
        { "what", required_argument, NULL, 'w' }, { "bed", no_argument, NULL, 'b' },
        { "per-gene", required_argument, NULL, O_PER_GENE }, { "biotype", required_argument, NULL, O_BIOTYPE },
        { "region", required_argument, NULL, O_REGION }, { "output", required_argument, NULL, 'o' },
        { "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 }
    };
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":g:a:w:bo:qvh", lopts, NULL)) != -1) {
        switch (c) {
        case 'g': o->genome = optarg; break;
        case 'a': o->annot = optarg; break;
        case 'b': o->bed = 1; break;
        case 'o': o->outpath = optarg; break;
        case 'q': o->quiet = 1; ssc_log_set_level(SSC_LOG_ERROR); break;
        case 'v': ssc_log_set_level(SSC_LOG_INFO); break;
        case 'h': usage(stdout); return 1;
        case 'w':
            if ((o->sel.part = pick(optarg, part_name, 3)) >= 0) break;
            cli_error("utr", "--what: '%s' is not utr3, cds or transcript", optarg);
            return -1;
        case O_PER_GENE:
            if ((o->sel.per_gene = pick(optarg, per_gene_name, 3)) >= 0) break;
            cli_error("utr", "--per-gene: '%s' is not longest or canonical", optarg);
            return -1;
        case O_BIOTYPE: o->sel.biotypes = optarg; break;
        case O_REGION: o->sel.region = optarg; break;
        default:
            cli_bad_option("utr", argv, c, "seedscan utr [options] -g GENOME.fa ANNOTATION");
            return -1;
        }
    }
    if (optind < argc && !o->annot) o->annot = argv[optind++];
    if (optind < argc) {
        cli_error("utr", "one annotation file, not also '%s' (the genome goes with -g)", argv[optind]);
        return -1;
    }
    if (!o->annot || (!o->genome && !o->bed)) {
        if (o->annot) cli_error("utr", "no genome: give it with -g GENOME.fa");
        usage(stderr);
        return -1;
    }
    return 0;
}

static void report_annot(const ssc_annot_t *a)
{
    const ssc_annot_stats_t *s = &a->st;
    fprintf(stderr, "seedscan utr: %s: %lld lines (%s), %d transcripts: %d coding, %d with a 3'UTR, "
            "%d without a complete CDS end (no stop codon), %d with nothing after the stop codon; "
            "%lld lines of other types; %d warnings\n", a->fname, (long long)s->lines,
            a->format == SSC_ANNOT_GFF3 ? "GFF3" : "GTF", s->n_tx, s->n_coding, s->n_utr3, s->n_cds_open,
            s->n_stop_no_utr, (long long)s->other_types, s->n_warn);
}

static void report_sel(const utr_opt_t *o, const ssc_txsel_stats_t *s, int64_t bases)
{
    fprintf(stderr, "seedscan utr: wrote %d %s", s->n_kept, part_plural[o->sel.part]);
    if (!o->bed) fprintf(stderr, " (%lld nt)", (long long)bases);
    fprintf(stderr, "; left out: %d without a %s, %d by --biotype, %d outside --region, %d other transcripts "
            "of their gene\n", s->n_no_part, part_name[o->sel.part], s->n_biotype, s->n_region, s->n_per_gene);
}

/* Every selected transcript lies inside the genome, checked before anything is written. */
static int check_all(const ssc_annot_t *a, const char *keep, const ssc_genome_t *g, kstring_t *err)
{
    for (int i = 0; i < a->n_tx; i++)
        if (keep[i] && ssc_tx_check_genome(a, &a->tx[i], g, err) < 0) return -1;
    return 0;
}

/* Format every selected transcript and write it; -1 after printing an error. */
static int write_all(const utr_opt_t *o, const ssc_annot_t *a, const char *keep, ssc_genome_t *g,
                     ssc_out_t *out, int64_t *bases)
{
    kstring_t buf = { 0, 0, NULL }, seq = { 0, 0, NULL }, err = { 0, 0, NULL };
    ssc_gblk_t *b = NULL;
    int m = 0, ret = 0;
    for (int i = 0; i < a->n_tx && ret >= 0; i++) {
        const ssc_tx_t *tx = &a->tx[i];
        int n;
        if (!keep[i]) continue;
        if ((ret = n = ssc_tx_part(tx, o->sel.part, &b, &m)) <= 0) break;
        if (o->bed) ret = ssc_tx_bed12(a, tx, o->sel.part, b, n, &buf);
        else {
            seq.l = 0;
            if ((ret = ssc_genome_splice(g, a->chrom[tx->tid], b, n, tx->strand, &seq, &err)) >= 0)
                ret = ssc_tx_fasta(a, tx, b, n, seq.s, seq.l, &buf);
            *bases += seq.l;
        }
        if (ret >= 0 && buf.l >= (1 << 20)) {
            ret = ssc_out_write(out, buf.s, buf.l);
            buf.l = 0;
        }
    }
    if (ret >= 0 && buf.l) ret = ssc_out_write(out, buf.s, buf.l);
    if (ret < 0)
        cli_error("utr", "%s", err.l ? err.s : ret == SSC_EIO ? strerror(errno) : ssc_strerror(ret));
    free(buf.s);
    free(seq.s);
    free(err.s);
    free(b);
    return ret < 0 ? -1 : 0;
}

int main_utr(int argc, char *argv[])
{
    utr_opt_t o = { 0 };
    ssc_annot_t *a = NULL;
    ssc_genome_t *g = NULL;
    ssc_out_t *out = NULL;
    ssc_txsel_stats_t st;
    kstring_t err = { 0, 0, NULL };
    char *keep = NULL;
    int64_t bases = 0;
    int ret, status = 1;
    if ((ret = parse_args(argc, argv, &o)) != 0) return ret > 0 ? 0 : 1;
    if (!(a = ssc_annot_init())) goto nomem;
    if (ssc_annot_load(a, o.annot) < 0) {
        cli_error("utr", "%s", ssc_annot_errmsg(a));
        goto out;
    }
    if (!o.quiet) report_annot(a);
    if (o.genome && !(g = ssc_genome_open(o.genome, &err))) {
        cli_error("utr", "%s", err.s);
        goto out;
    }
    if (!(keep = malloc(a->n_tx + 1))) goto nomem;
    if ((ret = ssc_txsel(a, &o.sel, keep, &st, &err)) < 0) {
        cli_error("utr", "%s", err.l ? err.s : ssc_strerror(ret));
        goto out;
    }
    if (ret == 0) {
        cli_error("utr", "no transcript with a %s is left to write%s", part_name[o.sel.part],
                  o.sel.biotypes || o.sel.region ? " (see --biotype and --region)" : "");
        goto out;
    }
    if (g && check_all(a, keep, g, &err) < 0) {
        cli_error("utr", "%s", err.s);
        goto out;
    }
    if (!(out = ssc_out_open(o.outpath, 1))) {
        cli_error("utr", "cannot create %s: %s", o.outpath, strerror(errno));
        goto out;
    }
    if (write_all(&o, a, keep, g, out, &bases) < 0) goto out;
    ret = ssc_out_close(out, 1);
    out = NULL;
    if (ret < 0) {
        cli_error("utr", "writing %s: %s", o.outpath ? o.outpath : "stdout", strerror(errno));
        goto out;
    }
    if (!o.quiet) report_sel(&o, &st, bases);
    status = 0;
    goto out;
nomem:
    cli_error("utr", "out of memory");
out:
    if (out) ssc_out_close(out, 0);
    free(keep);
    free(err.s);
    ssc_genome_close(g);
    ssc_annot_destroy(a);
    return status;
}
