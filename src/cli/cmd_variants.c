/* cmd_variants.c: `seedscan variants`, the miRNA sites each VCF allele creates, destroys or changes in 3'UTRs. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli/cli.h"
#include "cli/commands.h"
#include "expr/exprtab.h"
#include "panel/panel.h"
#include "genome/annot.h"
#include "genome/gseq.h"
#include "genome/variant.h"
#include "genome/variant_vcf.h"
#include "thermo/params.h"

typedef struct {
    const char *annot, *genome, *utrs, *vcf;
    const char *mirfile, *mirnas, *species, *panel, *resistance, *target;
    unsigned types;
    int quiet, energy;
    ssc_scanopt_t sopt;
    ssc_vrun_opt_t run;
} var_opt_t;

static void usage(FILE *fp, const var_opt_t *o)
{
    fprintf(fp,
"Usage: seedscan variants [options] --gtf ANNOTATION -g GENOME.fa VCF\n"
"       seedscan variants [options] --utrs UTRS.fa VCF\n"
"For each ALT allele of a VCF/BCF (plain, bgzip or BCF; '-' is stdin) inside a 3'UTR, the miRNA\n"
"sites it destroys (lost), creates (gained) or whose type it changes (changed), per transcript\n"
"and seed family. REF and ALT are rescanned in a window around the allele on the spliced 3'UTR.\n\n"
"Genome and transcripts:\n"
"  -a, --gtf FILE        GTF or GFF3 annotation (Ensembl, GENCODE, RefSeq): its 3'UTRs\n"
"  -g, --genome FILE     indexed genome FASTA, plain or BGZF (.fai/.gzi built when missing)\n"
"      --utrs FILE       transcript-coordinate mode instead: a 3'UTR FASTA (plain or BGZF);\n"
"                        VCF CHROM = record ID, POS = 1-based position on the 3'UTR\n\n"
"miRNAs (default: --panel %s, the curated resistance panel):\n"
"  -m, --mirnas FILE     miRBase-style mature FASTA or TargetScan family file\n"
"      --mirna LIST      comma-separated names (looked up in refs/%s), sequences\n"
"                        or NAME=SEQUENCE\n"
"  -p, --panel NAME      a curated panel; --resistance T, --target GENE filter it\n"
"      --species STR     keep miRNAs named STR-... (FASTA) or of species ID STR [all]\n"
"      --types LIST      site types (see seedscan scan) [default = 8mer,7mer-m8,7mer-A1,6mer];\n"
"                        non-canonical ones (gu-7mer ... 3p-comp, noncanonical) imply --energy\n"
"      --shadow INT      no site in the first INT nt of a 3'UTR (ribosome shadow) [%d]\n"
"      --energy          add the duplex MFE of the site with REF and with ALT and its change\n"
"                        (kcal/mol; as seedscan scan --energy, Turner 2004)\n\n"
"Output:\n"
"  -O, --output-type T   t: TSV of site changes; v, z, b, u: the input VCF/BCF with INFO/%s\n"
"                        added (VCF, bgzipped VCF, BCF, uncompressed BCF) [t]\n"
"  -o, --output FILE     write to FILE (TSV: BGZF if it ends in .gz); appears only when\n"
"                        complete [stdout]\n"
"      --ref-mismatch A  a REF that differs from the genome: error, warn (skip the record with\n"
"                        a warning) or skip (silently); counted in the report [error]\n"
"  -t, --threads INT     threads: records annotated in parallel, the same output for any -t [%d]\n"
"  -q, --quiet           no report on stderr; -v more messages\n"
"  -h, --help            this help\n\n"
"TSV columns: var_id chrom pos ref alt transcript gene change mirnas family site_type_ref\n"
"site_type_alt utr_start utr_end site_start site_end strand. utr_start/utr_end: the site on the\n"
"3'UTR of the allele that has it (REF for lost and changed, ALT for gained), 1-based;\n"
"site_start/site_end: its genomic span (1-based, + strand); with --energy also mfe_ref mfe_alt\n"
"mfe_change ('.' for an absent site). A site is matched across alleles by its seed (miRNA nt\n"
"3-6) relative to the change, so an indel in a repeat that leaves a site intact is no change.\n"
"Symbolic alleles and structural variants are skipped and counted.\n"
"Example: seedscan variants --gtf testdata/genome/chr21_test.gtf.gz -g testdata/genome/chr21_exon_only_chr21.fa.gz testdata/genome/chr21_dbsnp_utr3_subset.vcf\n",
            SSC_PANEL_DEFAULT, DEFAULT_MIRNA_FILE, o->sopt.shadow, SSC_VINFO_TAG, o->run.nthreads);
}

static int parse_args(int argc, char *argv[], var_opt_t *o)
{
    enum { O_MIRNA = 256, O_SPECIES, O_TYPES, O_SHADOW, O_RES, O_TARGET, O_UTRS, O_REFMM, O_ENERGY };
    static const struct option lopts[] = {
        { "gtf", required_argument, NULL, 'a' }, { "genome", required_argument, NULL, 'g' },
        { "utrs", required_argument, NULL, O_UTRS }, { "mirnas", required_argument, NULL, 'm' },
        { "mirna", required_argument, NULL, O_MIRNA }, { "species", required_argument, NULL, O_SPECIES },
        { "panel", required_argument, NULL, 'p' }, { "resistance", required_argument, NULL, O_RES },
        { "target", required_argument, NULL, O_TARGET }, { "types", required_argument, NULL, O_TYPES },
        { "shadow", required_argument, NULL, O_SHADOW }, { "output-type", required_argument, NULL, 'O' },
        { "output", required_argument, NULL, 'o' }, { "ref-mismatch", required_argument, NULL, O_REFMM },
        { "energy", no_argument, NULL, O_ENERGY }, { "threads", required_argument, NULL, 't' }, { "quiet", no_argument, NULL, 'q' }, { "verbose", no_argument, NULL, 'v' },
        { "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 }
    };
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":a:g:m:p:O:o:t:qvh", lopts, NULL)) != -1) {
        switch (c) {
        case 'a': o->annot = optarg; break;
        case 'g': o->genome = optarg; break;
        case O_UTRS: o->utrs = optarg; break;
        case 'm': o->mirfile = optarg; break;
        case O_MIRNA: o->mirnas = optarg; break;
        case O_SPECIES: o->species = optarg; break;
        case 'p': o->panel = optarg; break;
        case O_RES: o->resistance = optarg; break;
        case O_TARGET: o->target = optarg; break;
        case 'o': o->run.out = optarg; break;
        case O_ENERGY: o->energy = o->run.energy = 1; break;
        case 't':
            if (cli_int_opt("variants", "--threads", optarg, 1, 256, &o->run.nthreads) < 0) return -1;
            break;
        case 'q': o->quiet = 1; ssc_log_set_level(SSC_LOG_ERROR); break;
        case 'v': ssc_log_set_level(SSC_LOG_INFO); break;
        case 'h': usage(stdout, o); return 1;
        case O_TYPES:
            if (cli_types_opt("variants", optarg, &o->types) < 0) return -1;
            break;
        case O_SHADOW:
            if (cli_parse_int(optarg, 0, 1 << 30, &o->sopt.shadow) == 0) break;
            cli_error("variants", "--shadow: '%s' is not a non-negative integer", optarg);
            return -1;
        case 'O': {
            const char *p = strchr("tvzbu", optarg[0]);
            if (p && optarg[0] && !optarg[1]) {
                o->run.out_fmt = (int)(p - "tvzbu");
                break;
            }
            cli_error("variants", "--output-type: '%s' is not t, v, z, b or u", optarg);
            return -1;
        }
        case O_REFMM:
            if (!strcmp(optarg, "error")) o->run.ref_mismatch = SSC_REFMM_ERROR;
            else if (!strcmp(optarg, "warn")) o->run.ref_mismatch = SSC_REFMM_WARN;
            else if (!strcmp(optarg, "skip")) o->run.ref_mismatch = SSC_REFMM_SKIP;
            else {
                cli_error("variants", "--ref-mismatch: '%s' is not error, warn or skip", optarg);
                return -1;
            }
            break;
        default:
            cli_bad_option("variants", argv, c, "seedscan variants [options] --gtf ANNOTATION -g GENOME.fa VCF");
            return -1;
        }
    }
    if (optind < argc) o->vcf = argv[optind++];
    if (optind < argc) {
        cli_error("variants", "one VCF file, not also '%s'", argv[optind]);
        return -1;
    }
    if (!o->vcf && isatty(STDIN_FILENO)) {
        usage(stderr, o);
        return -1;
    }
    if (!o->vcf) o->vcf = "-";
    if (o->types & SSC_TYPES_NONCANON) o->energy = o->run.energy = 1; /* reported with their energies */
    if (o->utrs && (o->annot || o->genome)) {
        cli_error("variants", "--utrs replaces --gtf and --genome; give either");
        return -1;
    }
    if (!o->utrs && (!o->annot || !o->genome)) {
        cli_error("variants", "give the annotation and the genome (--gtf FILE -g GENOME.fa), or --utrs UTRS.fa");
        return -1;
    }
    return 0;
}

static ssc_mirset_t *build_mirset(const var_opt_t *o)
{
    cli_mirsel_t m = { o->mirfile, o->mirnas, o->species, o->panel, o->resistance, o->target };
    return cli_mirset("variants", &m);
}

/* Every transcript with a 3'UTR lies inside the genome. */
static int check_annot(const ssc_annot_t *a, const ssc_genome_t *g, kstring_t *err)
{
    for (int i = 0; i < a->n_tx; i++)
        if (a->tx[i].n_utr3 > 0 && ssc_tx_check_genome(a, &a->tx[i], g, err) < 0) return -1;
    return 0;
}

static void report(const var_opt_t *o, const ssc_vrun_stats_t *s, int n_target, int n_fam)
{
    fprintf(stderr, "seedscan variants: %s: %lld records, %lld ALT alleles; %lld inside 3'UTRs (%lld allele x "
            "3'UTR pairs, %d 3'UTRs, %d families); %lld site changes in %lld records; skipped: %lld symbolic "
            "alleles, %lld pairs across a 3'UTR or exon end, %lld records whose REF differs from the genome\n",
            o->vcf, (long long)s->records, (long long)s->alleles, (long long)s->in_utr, (long long)s->pairs,
            n_target, n_fam, (long long)s->changes, (long long)s->with_change, (long long)s->symbolic,
            (long long)s->boundary, (long long)s->ref_mismatch);
}

/* The command line, for the VCF header. */
static char *join_args(int argc, char *argv[])
{
    kstring_t s = { 0, 0, NULL };
    kputs("seedscan", &s);
    for (int i = 0; i < argc; i++) kputc(' ', &s), kputs(argv[i], &s);
    return s.s;
}

int main_variants(int argc, char *argv[])
{
    var_opt_t o = { 0 };
    ssc_annot_t *a = NULL;
    ssc_genome_t *g = NULL;
    ssc_mirset_t *ms = NULL;
    ssc_index_t *idx = NULL;
    ssc_vann_t *v = NULL;
    ssc_th_params_t *params = NULL;
    ssc_vrun_stats_t st;
    kstring_t err = { 0, 0, NULL };
    char *cmdline = NULL;
    int ret, status = 1;
    o.types = SSC_TYPES_DEFAULT;
    o.run.nthreads = 1;
    ssc_scanopt_init(&o.sopt);
    if ((ret = parse_args(argc, argv, &o)) != 0) return ret > 0 ? 0 : 1;
    o.run.in = o.vcf;
    o.run.genome_name = o.utrs ? o.utrs : o.genome;
    o.run.cmdline = cmdline = join_args(argc, argv);
    if (!(ms = build_mirset(&o))) goto out;
    if (!(idx = ssc_index_build(ms, o.types & SSC_TYPES_ALL ? o.types & SSC_TYPES_ALL : SSC_TYPES_DEFAULT)))
        goto nomem;
    if (!(g = ssc_genome_open(o.utrs ? o.utrs : o.genome, &err))) {
        cli_error("variants", "%s", err.s);
        goto out;
    }
    if (!(v = ssc_vann_init(idx, &o.sopt, g))) goto nomem;
    if (o.energy && (!(params = cli_load_params("variants", NULL)) || ssc_vann_energy(v, params, ms) < 0 ||
                     ssc_vann_noncanon(v, o.types) < 0)) {
        if (params) goto nomem;
        goto out;
    }
    if (o.annot) {
        if (!(a = ssc_annot_init())) goto nomem;
        if (ssc_annot_load(a, o.annot) < 0) {
            cli_error("variants", "%s", ssc_annot_errmsg(a));
            goto out;
        }
        if (check_annot(a, g, &err) < 0) {
            cli_error("variants", "%s", err.s);
            goto out;
        }
        ret = ssc_vann_add_annot(v, a);
    } else ret = ssc_vann_add_records(v, o.utrs);
    if (ret < 0 || ssc_vann_finish(v) < 0) goto nomem;
    if (ssc_vann_n_target(v) == 0) {
        cli_error("variants", "%s has no transcript with a 3'UTR", o.annot ? o.annot : o.utrs);
        goto out;
    }
    if (ssc_vrun(v, g, ms, &o.run, &st, &err) < 0) {
        cli_error("variants", "%s", err.l ? err.s : "out of memory");
        goto out;
    }
    if (!o.quiet) report(&o, &st, ssc_vann_n_target(v), ssc_mirset_n_families(ms));
    status = 0;
    goto out;
nomem:
    cli_error("variants", "out of memory");
out:
    ssc_vann_destroy(v);
    ssc_th_params_destroy(params);
    ssc_annot_destroy(a);
    ssc_genome_close(g);
    ssc_index_destroy(idx);
    ssc_mirset_destroy(ms);
    free(cmdline);
    free(err.s);
    return status;
}
