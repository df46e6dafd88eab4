/* cmd_targetscan.c: `seedscan targetscan bins|bl-pct|orf|context`, the rest of TargetScan 7's pipeline, one step per Perl script. */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/scan_opt.h"
#include "cli/scan_ts.h"
#include "targetscan/contextpp.h"
#include "io/io.h"
#include "targetscan/ts_bl.h"
#include "targetscan/ts_ctxsum.h"
#include "targetscan/ts_fam.h"
#include "targetscan/tsaln.h"
#include "thermo/params.h"
#include "thermo/pf.h"

#define CMD "targetscan"

typedef struct {
    const char *outpath, *params, *lunp, *species_id, *lengths, *orf, *airs, *ref;
    int sa_none;              /* --sa none; else --lunp/--sa DIR, or native */
    int compat, summary, fasta;
    int level;               /* --level: BGZF level of .gz outputs */
    int nthreads;            /* -t: context's threads */
    char dir[4096];          /* the parameter folder in use */
    unsigned char given[128]; /* given[c]: option c was given */
} ts_opt_t;

typedef struct {
    const char *name, *replaces, *args;
    int nargs;               /* positional arguments (context --fasta: 2) */
    int (*run)(ts_opt_t *o, char **argv, int argc);
} step_t;

static int run_bins(ts_opt_t *o, char **argv, int argc);
static int run_blpct(ts_opt_t *o, char **argv, int argc);
static int run_orf(ts_opt_t *o, char **argv, int argc);
/* ssc_cpp_opt_t.flush: a piece of the table to the output; errno kept for the message. */
typedef struct {
    ssc_out_t *out;
    int err;
} sink_t;

static int flush_out(void *ctx, const char *s, size_t n)
{
    sink_t *k = ctx;
    if (ssc_out_write(k->out, s, n) == 0) return 0;
    k->err = errno;
    return SSC_EIO;
}

static int run_context(ts_opt_t *o, char **argv, int argc);

static const step_t steps[] = {
    { "bins", "targetscan_70_BL_bins.pl", "UTR_ALN", 1, run_bins },
    { "bl-pct", "targetscan_70_BL_PCT.pl", "FAMILY_FILE SITES BINS", 3, run_blpct },
    { "orf", "targetscan_count_8mers.pl", "FAMILY_FILE ORF_ALN", 2, run_orf },
    { "context", "targetscan_70_context_scores.pl",
      "MIRNAS UTR_ALN SITES_BL_PCT ORF_LENGTHS ORF_8MERS AIRS\n"
      "  seedscan targetscan context --fasta [options] MIRNAS UTRS.fa", 6, run_context },
};
#define NSTEPS ((int)(sizeof steps / sizeof steps[0]))

static void usage(FILE *fp, const ts_opt_t *o)
{
    fprintf(fp,
"Usage: seedscan targetscan STEP [options] FILE...\n"
"The steps of TargetScan 7 after the site table (`seedscan scan --format targetscan`),\n"
"one per Perl script, with the script's inputs in the script's order:\n\n");
    for (int i = 0; i < NSTEPS; i++)
        fprintf(fp, "  seedscan targetscan %s %s\n      replaces %s\n", steps[i].name, steps[i].args,
                steps[i].replaces);
    fprintf(fp,
"\nSteps:\n"
"  bins      per-UTR median branch length and conservation bin (gene, median, bin)\n"
"  bl-pct    per-site branch length score, PCT and conserved flag of a site table\n"
"  orf       ORF 8mer counts per gene, species and seed; --lengths FILE: ORF lengths\n"
"  context   context++ scores: 21 contributions, score, percentiles, AIR weighting\n\n"
"Options:\n"
"  -o, --output FILE     write to FILE (BGZF when it ends in .gz); a regular file appears\n"
"                        complete or not at all [stdout]\n"
"      --level INT       compression level of .gz output, 0-9 [6]\n"
"  -P, --params DIR      TargetScan parameter folder (Agarwal_2015_parameters.txt,\n"
"                        TA_SPS_by_seed_region.txt, PCT_parameters/) [refs/targetscan]\n"
"      --compat targetscan7  reproduce the Perl scripts' known defects (see README),\n"
"                        including exit status 0 after an error\n"
"      --ref ID          bins: reference species of the median [9606]\n"
"      --lengths FILE    orf: also write ORF lengths (gene, species, length) to FILE\n"
"      --sa native|none|DIR  context: site accessibility computed here (RNAplfold 2.1.9's\n"
"                        -W 80 -L 40 -u 20, Turner 2004, for the UTRs with sites), left out,\n"
"                        or read from RNAplfold files DIR/GENE.SPECIES_lunp [native]\n"
"      --lunp DIR        context: the same as --sa DIR\n"
"  -s, --summary         context: one row per target, species and miRNA instead of the\n"
"                        table: sites, total context++ score and cumulative weighted\n"
"                        context++ score (CWCS), ranked by CWCS for each miRNA\n"
"      --fasta           context: UTRs are FASTA of one species; sites, ORF features and\n"
"                        AIR-free defaults are computed here (no alignment: PCT 0)\n"
"      --species-id ID   species of --fasta input, one of TargetScan's ten [9606]\n"
"      --orf FILE        context --fasta: ORF sequences (FASTA, same IDs as the UTRs)\n"
"      --airs FILE       context --fasta: 3'UTR isoform ratios (gene, start, end, AIR)\n"
"  -t, --threads INT     context: threads (UTRs in parallel, also for --fasta's site scan\n"
"                        and SA; the table is identical for any -t) [%d]\n"
"  -h, --help            this help\n\n"
"Example: seedscan targetscan bins testdata/targetscan/UTR_Sequences_sample.txt > bins.txt\n",
            o->nthreads);
}

/* ---- shared helpers ---- */

static int param_dir(ts_opt_t *o)
{
    if (o->params) return snprintf(o->dir, sizeof o->dir, "%s", o->params), 0;
    if (ssc_refs_path("targetscan", o->dir, sizeof o->dir) == 0) return 0;
    cli_error(CMD, "cannot find refs/targetscan (set SEEDSCAN_REFS, or use --params DIR)");
    return -1;
}

static int param_path(const ts_opt_t *o, const char *name, char *buf, size_t size)
{
    int n = snprintf(buf, size, "%s/%s", o->dir, name);
    return n > 0 && (size_t)n < size ? 0 : -1;
}

/* Write s to -o or stdout, temp+rename. Returns 0 or 1 after an error. */
static int write_out(const ts_opt_t *o, const kstring_t *s)
{
    ssc_out_t *out = ssc_out_open_level(o->outpath, 1, o->level);
    if (!out) {
        cli_error(CMD, "cannot create %s: %s", o->outpath, strerror(errno));
        return 1;
    }
    int ok = ssc_out_write(out, s->s ? s->s : "", s->l) == 0;
    if (ssc_out_close(out, ok) < 0 || !ok) {
        cli_error(CMD, "writing %s: %s", o->outpath ? o->outpath : "stdout", strerror(errno));
        return 1;
    }
    return 0;
}

static int write_file(const ts_opt_t *opt, const char *path, const kstring_t *s)
{
    ts_opt_t o = *opt;
    o.outpath = path;
    return write_out(&o, s);
}

/* Call cb on every block of an alignment file. Returns 0, or -1 after
 * printing the reader's or cb's message. */
typedef int (*block_f)(const ssc_ts_block_t *b, void *ctx, kstring_t *out);
static int each_block(const char *path, block_f cb, void *ctx, kstring_t *out)
{
    ssc_ts_aln_t *a = ssc_ts_aln_open(path);
    ssc_ts_block_t b;
    int ret;
    if (!a) {
        cli_error(CMD, "%s: %s", path, strerror(errno));
        return -1;
    }
    ssc_ts_block_init(&b);
    while ((ret = ssc_ts_aln_read(a, &b)) > 0)
        if ((ret = cb(&b, ctx, out)) < 0) break;
    if (ret < 0) cli_error(CMD, "%s", ret == SSC_ENOMEM ? "out of memory" : ssc_ts_aln_errmsg(a));
    ssc_ts_block_free(&b);
    ssc_ts_aln_close(a);
    return ret < 0 ? -1 : 0;
}

/* Call cb on every FASTA record as a block of one row in species sp. */
static int each_fasta_block(const char *path, const char *sp, block_f cb, void *ctx, kstring_t *out)
{
    ssc_reader_t *rd = ssc_reader_open(path, 1);
    ssc_batch_t batch;
    int n, ret = 0;
    if (!rd) {
        cli_error(CMD, "%s: %s", path, strerror(errno));
        return -1;
    }
    ssc_batch_init(&batch);
    while (ret == 0 && (n = ssc_reader_read(rd, &batch, 1 << 20)) != 0) {
        if (n < 0) {
            cli_error(CMD, "%s", ssc_reader_errmsg(rd));
            ret = -1;
            break;
        }
        for (int i = 0; i < batch.n && ret == 0; i++) {
            ssc_rec_t *x = &batch.rec[i];
            ssc_ts_row_t row = { (char *)sp, x->seq, x->len, x->len, x->line };
            ssc_ts_block_t b = { x->name, &row, 1, 1 };
            if ((ret = cb(&b, ctx, out)) < 0) cli_error(CMD, "out of memory");
        }
    }
    ssc_batch_free(&batch);
    ssc_reader_close(rd);
    return ret < 0 ? -1 : 0;
}

/* Blocks of an alignment, or of FASTA (detected by content). */
static int each_input_block(const char *path, const char *sp, block_f cb, void *ctx, kstring_t *out)
{
    return cli_is_ts_alignment(path) ? each_block(path, cb, ctx, out)
                                     : each_fasta_block(path, sp, cb, ctx, out);
}

/* ---- bins: targetscan_70_BL_bins.pl ---- */

typedef struct {
    const ssc_ts_bl_t *p;
    const char *ref;
} bins_ctx_t;

static int bin_block(const ssc_ts_block_t *b, void *ctx, kstring_t *out)
{
    const bins_ctx_t *c = ctx;
    double median;
    int bin;
    if (ssc_ts_utr_bin(c->p, b, c->ref, &median, &bin) < 0) return SSC_ENOMEM;
    return ssc_ts_format_utr_bin(out, b->gene, median, bin);
}

static ssc_ts_bl_t *load_bl(const ts_opt_t *o)
{
    char dir[4200], err[1024];
    ssc_ts_bl_t *p = NULL;
    if (param_path(o, "PCT_parameters", dir, sizeof dir) == 0 && !(p = ssc_ts_bl_load(dir, err, sizeof err)))
        cli_error(CMD, "%s", err);
    return p;
}

static int run_bins(ts_opt_t *o, char **argv, int argc)
{
    (void)argc;
    kstring_t out = { 0, 0, NULL };
    bins_ctx_t c = { load_bl(o), o->ref };
    int ret = 1;
    if (c.p && each_block(argv[0], bin_block, &c, &out) == 0) ret = write_out(o, &out);
    ssc_ts_bl_destroy((ssc_ts_bl_t *)c.p);
    free(out.s);
    return ret;
}

/* ---- bl-pct: targetscan_70_BL_PCT.pl ---- */

static int run_blpct(ts_opt_t *o, char **argv, int argc)
{
    (void)argc;
    char err[1024];
    ssc_ts_families_t fam;
    ssc_ts_sites_t sites;
    ssc_ts_bins_t bins;
    ssc_ts_blpct_t *r = NULL;
    kstring_t out = { 0, 0, NULL };
    ssc_ts_bl_t *p = load_bl(o);
    int ret = 1;
    memset(&fam, 0, sizeof fam);
    memset(&sites, 0, sizeof sites);
    memset(&bins, 0, sizeof bins);
    if (!p) goto out;
    if (ssc_ts_families_load(&fam, argv[0], err, sizeof err) < 0 ||
        ssc_ts_sites_load(&sites, argv[1], err, sizeof err) < 0 ||
        ssc_ts_bins_load(&bins, argv[2], err, sizeof err) < 0) {
        cli_error(CMD, "%s", err);
        goto out;
    }
    if (!(r = calloc((size_t)sites.n + 1, sizeof *r)) || ssc_ts_bl_pct(p, &sites, &fam, &bins, r) < 0 ||
        ssc_ts_format_bl_pct(&out, &sites, r) < 0)
        cli_error(CMD, "out of memory");
    else ret = write_out(o, &out);
out:
    free(r);
    free(out.s);
    ssc_ts_sites_free(&sites);
    ssc_ts_families_free(&fam);
    ssc_ts_bins_free(&bins);
    ssc_ts_bl_destroy(p);
    return ret;
}

/* ---- orf: targetscan_count_8mers.pl ---- */

typedef struct {
    char **seed;             /* unique seeds as written in the family file, sorted */
    int n, m;
    kstring_t lengths;
} orf_ctx_t;

static int on_seed(char *line, int64_t lineno, void *ctx, const char **why)
{
    orf_ctx_t *c = ctx;
    char *fld[3];
    int nf = ssc_ts_split_tabs(line, fld, 3);
    if (nf < 2) return *why = "expected family<TAB>seed<TAB>...", SSC_EFORMAT;
    int ok = strlen(fld[1]) == 7;
    for (int i = 0; ok && i < 7; i++) ok = ssc_nt4[(unsigned char)fld[1][i]] < 4;
    if (!ok) return lineno == 1 ? 0 : (*why = "the seed (column 2) is not 7 nt", SSC_EFORMAT);
    for (int i = 0; i < c->n; i++)
        if (strcmp(c->seed[i], fld[1]) == 0) return 0;
    SSC_GROW(char *, c->seed, c->n, c->m);
    if (!(c->seed[c->n] = strdup(fld[1]))) return SSC_ENOMEM;
    c->n++;
    return 0;
fail:
    return SSC_ENOMEM;
}

static int by_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int orf_block(const ssc_ts_block_t *b, void *ctx, kstring_t *out)
{
    orf_ctx_t *c = ctx;
    if (ssc_ts_format_orf_lengths(&c->lengths, b) < 0) return SSC_ENOMEM;
    return ssc_ts_format_orf_8mers(out, b, (const char *const *)c->seed, c->n);
}

/* ORF 8mer counts (into counts) and lengths (into lengths) of the blocks of
 * orf (NULL: none) for the seeds of famfile. Returns 0 or -1 after a message. */
static int orf_tables(const char *famfile, const char *orf, const char *sp, kstring_t *counts,
                      kstring_t *lengths)
{
    orf_ctx_t c = { NULL, 0, 0, { 0, 0, NULL } };
    char err[1024];
    int ret = -1;
    if (ssc_ts_file_each(famfile, 0, on_seed, &c, err, sizeof err) < 0) cli_error(CMD, "%s", err);
    else {
        qsort(c.seed, (size_t)c.n, sizeof *c.seed, by_str);
        ret = orf ? each_input_block(orf, sp, orf_block, &c, counts) : 0;
    }
    for (int i = 0; i < c.n; i++) free(c.seed[i]);
    free(c.seed);
    *lengths = c.lengths;
    return ret;
}

static int run_orf(ts_opt_t *o, char **argv, int argc)
{
    (void)argc;
    kstring_t out = { 0, 0, NULL }, lengths = { 0, 0, NULL };
    int ret = 1;
    if (orf_tables(argv[0], argv[1], o->species_id, &out, &lengths) == 0) {
        ret = write_out(o, &out);
        if (ret == 0 && o->lengths) ret = write_file(o, o->lengths, &lengths);
    }
    free(lengths.s);
    free(out.s);
    return ret;
}

/* ---- context: targetscan_70_context_scores.pl ---- */

/* Context++ from FASTA: the script's six inputs are made in a temporary
 * folder (UTRs as a one-species alignment, miRNAs in the script's format,
 * the site table with branch length 0 and PCT NA, ORF lengths and 8mer
 * counts, AIRs) and removed afterwards. */
typedef struct {
    char dir[4096];
    char path[8][4200];  /* see ctx_file_name */
} ts_ctx_files_t;
enum { F_UTR, F_MIR, F_FAM, F_SITES, F_BLPCT, F_ORFLEN, F_ORF8, F_AIRS };
static const char *const ctx_file_name[8] = { "utrs.txt", "mirnas.txt", "families.txt", "sites.txt",
                                              "sites.bl_pct.txt", "orf.lengths.txt", "orf.8mers.txt",
                                              "airs.txt" };

/* TargetScan 7's context++ species (the script scores no other). */
static const char *const ctx_species[] = { "9606", "10090", "10116", "13616", "8364", "9031", "9544",
                                           "9598", "9615", "9913" };

static int ctx_species_ok(const char *sp)
{
    for (size_t i = 0; i < sizeof ctx_species / sizeof *ctx_species; i++)
        if (strcmp(sp, ctx_species[i]) == 0) return 1;
    cli_error(CMD, "--species-id %s: context++ is defined for TargetScan's species 9606 (human), "
                   "10090 (mouse), 10116 (rat), 13616 (opossum), 8364 (frog), 9031 (chicken), "
                   "9544 (rhesus), 9598 (chimp), 9615 (dog), 9913 (cow) only", sp);
    return 0;
}

/* Only unlink and rmdir: a signal handler runs this too. */
static void ctx_files_unlink(void *data)
{
    ts_ctx_files_t *t = data;
    for (int i = 0; i < 8; i++) unlink(t->path[i]);
    rmdir(t->dir);
}

static void ts_ctx_files_remove(ts_ctx_files_t *t)
{
    if (!t->dir[0]) return;
    cli_signal_cleanup(NULL, NULL);
    ctx_files_unlink(t);
}

static void ctx_paths(ts_ctx_files_t *t)
{
    char path[sizeof t->path[0]];
    for (int i = 0; i < 8; i++) {
        snprintf(path, sizeof path, "%s/%s", t->dir, ctx_file_name[i]);
        memcpy(t->path[i], path, sizeof path);
    }
}

static FILE *ctx_create(ts_ctx_files_t *t, int which)
{
    FILE *fp = fopen(t->path[which], "w");
    if (!fp) cli_error(CMD, "cannot create %s: %s", t->path[which], strerror(errno));
    return fp;
}

static int ctx_close(FILE *fp, const char *path)
{
    if (ferror(fp) | (fclose(fp) != 0)) {
        cli_error(CMD, "writing %s: %s", path, strerror(errno));
        return -1;
    }
    return 0;
}

/* The script's miRNA file: its family file has (family, nt 2-8, species). */
static int ctx_mirnas_ts(ts_ctx_files_t *t, const char *mirfile)
{
    ssc_ts_file_t in;
    FILE *fam;
    char *fld[4];
    int ret;
    if (ssc_ts_file_open(&in, mirfile) < 0) {
        cli_error(CMD, "%s: %s", mirfile, strerror(errno));
        return -1;
    }
    if (!(fam = ctx_create(t, F_FAM))) return ssc_ts_file_close(&in), -1;
    while ((ret = ssc_ts_file_getline(&in)) > 0) {
        if (in.buf.l == 0) continue;
        if (ssc_ts_split_tabs(in.buf.s, fld, 4) != 4 || strlen(fld[3]) < 8) {
            cli_error(CMD, "%s:%lld: expected family<TAB>species<TAB>miRNA<TAB>sequence (8 nt or more)",
                      mirfile, (long long)in.line);
            ret = -1;
            break;
        }
        fprintf(fam, "%s\t%.7s\t%s\n", fld[0], fld[3] + 1, fld[1]);
    }
    if (ret == SSC_EIO) cli_error(CMD, "%s:%lld: read error", mirfile, (long long)in.line);
    ssc_ts_file_close(&in);
    if (ctx_close(fam, t->path[F_FAM]) < 0) ret = -1;
    return ret < 0 ? -1 : 0;
}

/* miRNAs: the script's own file (family, species, ID, sequence) passes
 * through; a miRBase FASTA becomes one, each miRNA in its seed family. Both
 * give the family file (family, seed, species) of the site scan. */
static int ctx_mirnas(ts_ctx_files_t *t, const char *mirfile, const char *sp, const char **mirs)
{
    ssc_mirset_t *ms = ssc_mirset_init();
    ssc_mirload_opt_t lo = { NULL };
    FILE *mir = NULL, *fam = NULL;
    int ret = -1;
    *mirs = mirfile;
    if (!ms) return -1;
    if (ssc_tsfams_sniff(mirfile)) ret = ctx_mirnas_ts(t, mirfile);
    else if (ssc_mirset_load(ms, mirfile, &lo) < 0) cli_error(CMD, "%s", ssc_mirset_errmsg(ms));
    else if ((mir = ctx_create(t, F_MIR)) && (fam = ctx_create(t, F_FAM))) {
        for (int i = 0; i < ssc_mirset_size(ms); i++)
            fprintf(mir, "%s\t%s\t%s\t%s\n", ssc_family_name(ms, ssc_mirset_family_of(ms, i)), sp,
                    ssc_mirset_name(ms, i), ssc_mirset_seq(ms, i));
        for (int f = 0; f < ssc_mirset_n_families(ms); f++)
            fprintf(fam, "%s\t%s\t%s\n", ssc_family_name(ms, f), ssc_family_seed(ms, f), sp);
        *mirs = t->path[F_MIR];
        ret = 0;
    }
    if (mir && ctx_close(mir, t->path[F_MIR]) < 0) ret = -1;
    if (fam && ctx_close(fam, t->path[F_FAM]) < 0) ret = -1;
    ssc_mirset_destroy(ms);
    return ret;
}

/* UTR FASTA as a one-species alignment file. */
static int utr_row(const ssc_ts_block_t *b, void *ctx, kstring_t *out)
{
    (void)ctx;
    return ksprintf(out, "%s\t%s\t%s\n", b->gene, b->row[0].species, b->row[0].aln) < 0 ? SSC_ENOMEM : 0;
}

static int ctx_write_kstring(ts_ctx_files_t *t, int which, const kstring_t *s)
{
    FILE *fp = ctx_create(t, which);
    if (!fp) return -1;
    if (s->l) fwrite(s->s, 1, s->l, fp);
    return ctx_close(fp, t->path[which]);
}

/* The site table of the UTRs, then its BL_PCT form: one species, so branch
 * length 0, no PCT ("NA": contribution 0) and never conserved. */
static int ctx_sites(ts_ctx_files_t *t, const ts_opt_t *o, char *utr_fa)
{
    scan_opt_t so = { 0 };
    kstring_t out = { 0, 0, NULL };
    ssc_ts_file_t in;
    char *fld[12];
    int ret;
    so.mirfile = t->path[F_FAM];
    so.outpath = t->path[F_SITES];
    so.species_id = o->species_id;
    so.types = SSC_TYPES_DEFAULT;
    so.format = SCAN_TARGETSCAN;
    so.nthreads = o->nthreads;
    so.level = SSC_OUT_LEVEL_DEFAULT;
    so.compat = o->compat;
    ssc_scanopt_init(&so.sopt);
    if (scan_targetscan(&so, &utr_fa, 1) != 0) return -1;
    if (ssc_ts_file_open(&in, t->path[F_SITES]) < 0) return -1;
    kputs("Gene_ID\tmiRNA_family_ID\tspecies_ID\tMSA_start\tMSA_end\tUTR_start\tUTR_end\tGroup_num\t"
          "Site_type\tmiRNA in this species\tGroup_type\tBranch length score\tPct\tConserved\n", &out);
    while ((ret = ssc_ts_file_getline(&in)) > 0) {
        if (in.line == 1 || ssc_ts_split_tabs(in.buf.s, fld, 12) < 11) continue;
        /* the first 11 columns as they are (the tabs split_tabs cut back in), then BL, PCT, conserved */
        size_t n = (size_t)(fld[10] - fld[0]) + strlen(fld[10]);
        for (int k = 1; k < 11; k++) fld[k][-1] = '\t';
        if (kputsn(fld[0], n, &out) < 0 || kputs("\t0\tNA\t\n", &out) < 0) {
            ret = SSC_ENOMEM;
            break;
        }
    }
    ssc_ts_file_close(&in);
    ret = ret < 0 ? -1 : ctx_write_kstring(t, F_BLPCT, &out);
    free(out.s);
    return ret;
}

/* ORF lengths and 8mer counts from --orf FASTA (empty files without it). */
static int ctx_orf(ts_ctx_files_t *t, const ts_opt_t *o)
{
    kstring_t out = { 0, 0, NULL }, lengths = { 0, 0, NULL };
    int ret = orf_tables(t->path[F_FAM], o->orf, o->species_id, &out, &lengths);
    if (ret == 0 && (ctx_write_kstring(t, F_ORFLEN, &lengths) < 0 || ctx_write_kstring(t, F_ORF8, &out) < 0))
        ret = -1;
    free(lengths.s);
    free(out.s);
    return ret;
}

static int ts_ctx_prepare(const ts_opt_t *o, const char *mirfile, char *utr_fa, ts_ctx_files_t *t,
                          ssc_cpp_inputs_t *in)
{
    const char *tmp = getenv("TMPDIR"), *mirs;
    kstring_t s = { 0, 0, NULL };
    int ret = -1;
    if (!ctx_species_ok(o->species_id)) return -1;
    snprintf(t->dir, sizeof t->dir, "%s/seedscan-ctx-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    /* registered before the folder exists, so that no signal finds it
     * unregistered (until ctx_paths the paths are "", which unlink refuses) */
    cli_signal_cleanup(ctx_files_unlink, t);
    if (!mkdtemp(t->dir)) {
        cli_signal_cleanup(NULL, NULL);
        cli_error(CMD, "cannot create a temporary folder %s: %s", t->dir, strerror(errno));
        t->dir[0] = 0;
        return -1;
    }
    ctx_paths(t);
    if (ctx_mirnas(t, mirfile, o->species_id, &mirs) < 0) return -1;
    if (each_fasta_block(utr_fa, o->species_id, utr_row, NULL, &s) == 0 &&
        ctx_write_kstring(t, F_UTR, &s) == 0 && ctx_sites(t, o, utr_fa) == 0 && ctx_orf(t, o) == 0) {
        s.l = 0;
        if (o->airs || ctx_write_kstring(t, F_AIRS, &s) == 0) ret = 0;
    }
    free(s.s);
    *in = (ssc_cpp_inputs_t){ t->path[F_UTR], mirs, t->path[F_BLPCT], t->path[F_ORFLEN],
                              t->path[F_ORF8], o->airs ? o->airs : t->path[F_AIRS], o->lunp, NULL };
    return ret;
}

/* Boltzmann weights of the shipped Turner 2004 parameters for native SA; NULL after an error. */
static ssc_th_pf_t *sa_weights(ssc_th_params_t **par)
{
    char path[4096], err[1024];
    ssc_th_pf_t *pf;
    if (ssc_refs_path(SSC_TH_DEFAULT_PARAMS, path, sizeof path) < 0) {
        cli_error(CMD, "site accessibility: cannot find thermo/turner2004.par (set SEEDSCAN_REFS, "
                  "or give --sa none or --sa DIR)");
        return NULL;
    }
    if (ssc_th_params_load(path, NULL, par, err, sizeof err) < 0) {
        cli_error(CMD, "%s", err);
        return NULL;
    }
    if (!(pf = ssc_th_pf_init(*par))) cli_error(CMD, "out of memory");
    return pf;
}

static int run_context(ts_opt_t *o, char **argv, int argc)
{
    char agarwal[4200], tasps[4200], err[1024];
    ssc_cpp_params_t *p = NULL;
    kstring_t table = { 0, 0, NULL }, out = { 0, 0, NULL };
    ts_ctx_files_t tmp;
    int ret = 1, r2;
    memset(&tmp, 0, sizeof tmp);
    if (param_path(o, "Agarwal_2015_parameters.txt", agarwal, sizeof agarwal) < 0 ||
        param_path(o, "TA_SPS_by_seed_region.txt", tasps, sizeof tasps) < 0)
        return 1;
    if (!(p = ssc_cpp_params_load(agarwal, tasps, err, sizeof err))) {
        cli_error(CMD, "%s", err);
        return 1;
    }
    ssc_cpp_opt_t copt;
    ssc_cpp_opt_init(&copt);
    copt.compat = o->compat;
    copt.nthreads = o->nthreads;
    sink_t sink = { NULL, 0 };
    ssc_cpp_inputs_t in = { NULL, NULL, NULL, NULL, NULL, NULL, o->lunp, NULL };
    ssc_th_params_t *thp = NULL;
    ssc_th_pf_t *pf = NULL;
    if (!o->lunp && !o->sa_none && !(pf = sa_weights(&thp))) goto out;
    if (o->fasta) {
        if (argc != 2) {
            cli_error(CMD, "context --fasta takes MIRNAS and UTRS.fa");
            goto out;
        }
        if (ts_ctx_prepare(o, argv[0], argv[1], &tmp, &in) < 0) goto out;
    } else {
        in = (ssc_cpp_inputs_t){ argv[1], argv[0], argv[2], argv[3], argv[4], argv[5], o->lunp, NULL };
    }
    in.sa_pf = pf;
    if (!o->summary) { /* the table goes to the output as it is formatted */
        if (!(sink.out = ssc_out_open_level(o->outpath, 1, o->level))) {
            cli_error(CMD, "cannot create %s: %s", o->outpath, strerror(errno));
            goto out;
        }
        copt.flush = flush_out;
        copt.flush_ctx = &sink;
    }
    if (ssc_cpp_targetscan_table(p, &copt, &in, &table, err, sizeof err) < 0) {
        if (sink.err) cli_error(CMD, "writing %s: %s", o->outpath ? o->outpath : "stdout", strerror(sink.err));
        else cli_error(CMD, "%s", err);
        goto out;
    }
    long line;
    if (sink.out) {
        ret = 0;
    } else if ((r2 = ssc_ts_ctx_summary(&table, &out, &line)) < 0) {
        cli_error(CMD, "%s", r2 == SSC_ENOMEM ? "out of memory" : "malformed context++ table");
    } else {
        ret = write_out(o, &out);
    }
out:
    if (sink.out && ssc_out_close(sink.out, ret == 0) < 0 && ret == 0) {
        cli_error(CMD, "writing %s: %s", o->outpath ? o->outpath : "stdout", strerror(errno));
        ret = 1;
    }
    ts_ctx_files_remove(&tmp);
    ssc_cpp_params_destroy(p);
    free(pf);
    ssc_th_params_destroy(thp);
    free(table.s);
    free(out.s);
    return ret;
}

/* ---- options ---- */

static int parse_args(int argc, char *argv[], ts_opt_t *o)
{
    static const struct option lopts[] = {
        { "output", required_argument, NULL, 'o' },
        { "params", required_argument, NULL, 'P' },
        { "compat", required_argument, NULL, 1 },
        { "ref", required_argument, NULL, 2 },
        { "lengths", required_argument, NULL, 3 },
        { "lunp", required_argument, NULL, 4 },
        { "sa", required_argument, NULL, 9 },
        { "fasta", no_argument, NULL, 5 },
        { "species-id", required_argument, NULL, 6 },
        { "orf", required_argument, NULL, 7 },
        { "airs", required_argument, NULL, 8 },
        { "summary", no_argument, NULL, 's' },
        { "level", required_argument, NULL, CLI_OPT_LEVEL },
        { "threads", required_argument, NULL, 't' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 }
    };
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":o:P:t:sh", lopts, NULL)) != -1) {
        if (c > 0 && c < 128) o->given[c] = 1;
        switch (c) {
        case 'o': o->outpath = optarg; break;
        case 'P': o->params = optarg; break;
        case 's': o->summary = 1; break;
        case 't':
            if (cli_int_opt(CMD, "--threads", optarg, 1, 256, &o->nthreads) < 0) return -1;
            break;
        case 1:
            if (strcmp(optarg, "targetscan7") != 0) {
                cli_error(CMD, "--compat: '%s' is not targetscan7", optarg);
                return -1;
            }
            o->compat = 1;
            break;
        case 2: o->ref = optarg; break;
        case 3: o->lengths = optarg; break;
        case 4: o->lunp = optarg, o->sa_none = 0; break;
        case 9:
            o->sa_none = strcmp(optarg, "none") == 0;
            o->lunp = o->sa_none || strcmp(optarg, "native") == 0 ? NULL : optarg;
            break;
        case 5: o->fasta = 1; break;
        case 6: o->species_id = optarg; break;
        case 7: o->orf = optarg; break;
        case 8: o->airs = optarg; break;
        case CLI_OPT_LEVEL:
            if (cli_parse_level(CMD, optarg, &o->level) < 0) return -1;
            break;
        case 'h': usage(stdout, o); return 1;
        default:
            cli_bad_option(CMD, argv, c, "seedscan targetscan STEP [options] FILE...");
            return -1;
        }
    }
    return 0;
}

/* An option that the step does not read is an error, not ignored. */
static int check_step_options(const ts_opt_t *o, int step)
{
    enum { BINS = 1, BLPCT = 2, ORF = 4, CONTEXT = 8 };
    static const struct { int c; const char *name; int steps; } use[] = {
        { 2, "--ref", BINS }, { 3, "--lengths", ORF }, { 4, "--lunp", CONTEXT }, { 5, "--fasta", CONTEXT },
        { 6, "--species-id", ORF | CONTEXT }, { 7, "--orf", CONTEXT }, { 8, "--airs", CONTEXT },
        { 's', "--summary", CONTEXT }, { 't', "--threads", CONTEXT }, { 'P', "--params", BINS | BLPCT | CONTEXT }, { 0, NULL, 0 }
    };
    for (int i = 0; use[i].name; i++)
        if (o->given[use[i].c] && !(use[i].steps >> step & 1)) {
            cli_error(CMD, "%s does not apply to the %s step", use[i].name, steps[step].name);
            return -1;
        }
    return 0;
}

int main_targetscan(int argc, char *argv[])
{
    ts_opt_t o = { 0 };
    const step_t *st = NULL;
    o.level = SSC_OUT_LEVEL_DEFAULT;
    o.nthreads = 1;
    o.species_id = "9606";
    o.ref = "9606";
    if (argc < 2) {
        usage(stderr, &o);
        return 1;
    }
    for (int i = 0; i < NSTEPS; i++)
        if (strcmp(argv[1], steps[i].name) == 0) st = &steps[i];
    if (!st) {
        if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) return usage(stdout, &o), 0;
        cli_error(CMD, "unknown step '%s' (bins, bl-pct, orf, context)", argv[1]);
        return 1;
    }
    int ret = parse_args(argc - 1, argv + 1, &o);
    if (ret != 0) return ret > 0 ? 0 : 1;
    if (cli_output_is_input(CMD, o.outpath, argc, argv)) return o.compat ? 0 : 1;
    if (check_step_options(&o, (int)(st - steps)) < 0) return 1;
    int nargs = argc - 1 - optind;
    char **args = argv + 1 + optind;
    if (!(o.fasta && st->run == run_context) && nargs != st->nargs) {
        cli_error(CMD, "%s takes %s", st->name, st->args);
        return o.compat ? 0 : 1;
    }
    if (st->run != run_orf && param_dir(&o) < 0) return o.compat ? 0 : 1;
    ret = st->run(&o, args, nargs);
    return o.compat ? 0 : ret;
}
