/* cmd_scan.c: `seedscan scan`, find target sites of a miRNA set in FASTA sequences. */
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <inttypes.h>
#include <htslib/khash.h>
#include <time.h>
#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/scan_opt.h"
#include "cli/scan_energy.h"
#include "thermo/site.h"
#include "cli/scan_ts.h"
#include "cli/inputs.h"
#include "cli/scan_genome.h"
#include "cli/shard.h"
#include "genome/txsel.h"
#include "expr/exprtab.h"
#include "panel/panel.h"
#include "core/core.h"

KHASH_SET_INIT_INT64(idset)

/* Bases per batch. One thread formats a batch and writes it at once: small
 * batches keep the output (all human families: ~19 bytes of summary or ~30
 * of TSV per base) in cache with the tables. Worker threads hand batches
 * over through the pipeline, where each hand-over costs a few microseconds:
 * larger ones there. */
#define BATCH_BASES_SERIAL (1 << 15)
#define BATCH_BASES_THREADS (1 << 18)


/* Per-thread scratch for two-strand scans. */
typedef struct {
    ssc_site_t *plus;   /* the + strand's sites, kept while the - strand is scanned */
    ssc_site_t *site;   /* sites of both strands, merged */
    int64_t mplus, m;
} strand_buf_t;

typedef struct {
    ssc_batch_t batch;
    kstring_t out;
    int64_t nsites;     /* sites in this batch, for the final report */
    /* summary of a long target in pieces: the sites of a batch's leading
     * piece (continuing a target) and trailing piece (to be continued),
     * added up by the writer, in order */
    uint32_t *piece_cnt[2]; /* 2 strands x nfam x SSC_CSTRIDE each */
    int has_piece[2];
} item_t;

typedef cli_shard_t shard_t; /* --shard i/N */

typedef struct {
    const scan_opt_t *opt;
    const ssc_mirset_t *ms;
    const ssc_index_t *idx;
    ssc_tbuf_t **tbuf;
    strand_buf_t *sbuf;
    char **files;
    int nfiles, cur;
    ssc_reader_t *rd;
    khash_t(idset) *ids;
    ssc_out_t *out;
    scan_energy_t *en;      /* --energy */
    pthread_mutex_t pool_mu;
    item_t *pool[64];
    int npool;
    int64_t nrec, nbases, nsites, ndup;
    shard_t shard;
    uint32_t *acc;          /* summary of a target in pieces: 2 strands x nfam x stride */
    int64_t piece_len;      /* --piece */
    double t0, last_progress;
    int progress;
    cli_sniff_t *sniff;     /* a stream (stdin, a pipe): its first records, checked at the end */
    char errmsg[600];
} scan_t;

static void usage(FILE *fp, const scan_opt_t *o)
{
    fprintf(fp,
"Usage: seedscan scan [options] UTR_FILE...\n"
"Find canonical miRNA target sites (TargetScan 7 site model) in FASTA sequences.\n"
"UTR_FILE: FASTA (any line length, any case, U or T), plain, gzip or BGZF; '-' is stdin.\n\n"
"miRNAs (default: --panel %s, the curated resistance panel):\n"
"  -m, --mirnas FILE   miRBase-style mature FASTA or TargetScan family file\n"
"                      (family<TAB>seed nt2-8<TAB>species;...), detected by content\n"
"      --mirna LIST    comma-separated miRNAs: names looked up in the -m file\n"
"                      [refs/%s] (case-insensitive), sequences, or NAME=SEQUENCE\n"
"  -p, --panel NAME    a curated panel from refs/ (see `seedscan panel`), or a panel file\n"
"      --resistance T  with a panel: only miRNAs linked to resistance term T (e.g. cisplatin)\n"
"      --target GENE   with a panel: only miRNAs the panel names as regulating GENE\n"
"      --species STR   keep miRNAs named STR-... (FASTA) or listing species ID STR\n"
"                      (TargetScan files) [all]\n\n"
"Sites:\n"
"      --types LIST    site types to report: 8mer,7mer-m8,7mer-A1,6mer,offset-6mer,6mer-A1,\n"
"                      'default' or 'all' [default = 8mer,7mer-m8,7mer-A1,6mer]; TargetScan's\n"
"                      8mer-1a, 7mer-1a also; and the non-canonical GU-7mer,GU-6mer,mm-7mer,\n"
"                      bulge-7mer,centered,3p-comp or 'noncanonical' (all six; README),\n"
"                      reported with --energy\n"
"      --shadow INT    mask the first INT nt of each target (ribosome shadow) [%d]\n"
"      --strand STR    plus, minus or both: scan the reverse complement too and add a\n"
"                      strand column; coordinates stay on the + strand; tsv and bed\n"
"                      only [plus]\n"
"      --energy        add the site's duplex energy (column mfe, kcal/mol; BED score =\n"
"                      -10 x mfe): the best duplex (RNAduplex's model, Turner 2004) of the\n"
"                      miRNA with the window from %d nt beyond its 3' end to %d nt past nt 1\n"
"                      that keeps the site's seed pairs; lowest over the family's miRNAs;\n"
"                      with -s the lowest over the row's sites. Targets are read whole\n"
"                      (not with --piece)\n"
"      --max-energy KCAL  only sites with an energy of at most KCAL (implies --energy;\n"
"                      with -s only those are counted)\n\n"
"Output:\n"
"  -f, --format FMT    tsv: target family mirnas type start end site_seq, 1-based inclusive;\n"
"                      bed: BED6, 0-based half-open, name family:type;\n"
"                      targetscan: TargetScan 7's site table [tsv]\n"
"      --species-id ID species of plain FASTA input in TargetScan output [%s]\n"
"                      (-f targetscan takes neither --strand, --types, --piece nor\n"
"                      --strict-ids: an option that does not apply is an error)\n"
"      --compat targetscan7  reproduce targetscan_70.pl's known defects (see README)\n"
"  -s, --summary       one row per target and family: counts per type, total, best type;\n"
"                      with --energy or non-canonical types a column per enabled type\n"
"                      (canonical first) and a last column mfe\n"
"  -o, --output FILE   write to FILE (BGZF when it ends in .gz); a regular file\n"
"                      appears complete or not at all [stdout]\n"
"  -t, --threads INT   threads (also -f targetscan: UTRs in parallel), also compressing\n"
"                      -o FILE.gz; the output is the same for any -t [%d]\n"
"      --level INT     compression level of -o FILE.gz, 0-9 [6]\n"
"      --strict-ids    make a duplicate target ID an error (default: a warning)\n"
"      --shard I/N     scan only shard I of N (contiguous records; with FILE.fai indexes\n"
"                      only those records are read); join with `seedscan merge`\n"
"      --shard-by STR  balance shards by bases or records [bases]\n"
"      --piece INT     read targets longer than INT bases in pieces (bounded memory for\n"
"                      chromosomes; the output does not depend on it; not with\n"
"                      --energy or non-canonical types) [%d]\n\n"
"Genome mode (README: Genome mode):\n"
"  -a, --gtf FILE      scan the 3'UTRs of this GTF/GFF3 annotation, spliced from --genome,\n"
"                      instead of UTR_FILEs; adds chrom gstart gend strand gene_id gene_name\n"
"                      (genomic, 1-based inclusive, + strand) to TSV and the gene columns to -s\n"
"                      (after mfe with --energy, whose windows are read on the spliced 3'UTR)\n"
"  -g, --genome FILE   genome FASTA (plain or BGZF; .fai/.gzi are built when missing)\n"
"      --genomic       UTR_FILEs are FASTA of `seedscan utr`: their headers' chrom=, strand=,\n"
"                      blocks= place the sites on the genome (output as with --gtf)\n"
"      --per-gene HOW  with --gtf: one transcript per gene, longest or canonical [all]\n"
"      --biotype LIST  with --gtf: only these transcript biotypes (e.g. protein_coding)\n"
"      --region REG    with --gtf: only transcripts overlapping CHR[:FROM[-TO]] (1-based)\n"
"  -f bed12            one BED12 line per site, a block per exon piece it covers\n"
"  -v, --verbose       more messages (repeat for more); -q, --quiet: errors only\n"
"  -h, --help          this help\n\n"
"Each physical site is one row, as its longest type; overlapping distinct sites are all\n"
"reported. miRNAs with the same nt 2-8 form one family, named after its first member.\n"
"Example: seedscan scan --mirna hsa-miR-21-5p refs/hsa_3utr_collected.fa | sort -k4,4 | head\n",
            SSC_PANEL_DEFAULT, DEFAULT_MIRNA_FILE, o->sopt.shadow, SSC_TH_SITE_UP, SSC_TH_SITE_DOWN,
            o->species_id,
            o->nthreads, o->piece_len);
}

/* ---- the miRNA set ---- */

/* ---- the pipeline callbacks ---- */

static uint64_t hash_id(const char *s)
{
    uint64_t h = 1469598103934665603ULL; /* FNV-1a */
    for (; *s; s++) h = (h ^ (uint8_t)*s) * 1099511628211ULL;
    return h;
}

/* Duplicate IDs: a warning (or an error with --strict-ids), checked in input
 * order on the reading thread. 64-bit hashes keep memory small. */
static int check_ids(scan_t *s, const ssc_batch_t *b)
{
    for (int i = 0; i < b->n; i++) {
        int absent;
        if (b->rec[i].pos > 0) continue; /* a later piece of a long target */
        kh_put(idset, s->ids, (khint64_t)hash_id(b->rec[i].name), &absent);
        if (absent < 0) return SSC_ENOMEM;
        if (absent) continue;
        s->ndup++;
        snprintf(s->errmsg, sizeof s->errmsg, "%s:%lld: duplicate target ID '%s'",
                 ssc_reader_path(s->rd), (long long)b->rec[i].line, b->rec[i].name);
        if (s->opt->strict_ids) return SSC_EFORMAT;
        if (s->ndup <= 5) cli_warn("scan", "%s", s->errmsg);
        s->errmsg[0] = 0;
    }
    return 0;
}

static item_t *get_item(scan_t *s)
{
    item_t *it = NULL;
    pthread_mutex_lock(&s->pool_mu);
    if (s->npool) it = s->pool[--s->npool];
    pthread_mutex_unlock(&s->pool_mu);
    if (!it && (it = calloc(1, sizeof *it))) ssc_batch_init(&it->batch);
    return it;
}

static void put_item(void *shared, void *p)
{
    scan_t *s = shared;
    item_t *it = p;
    pthread_mutex_lock(&s->pool_mu);
    if (s->npool < 64) {
        s->pool[s->npool++] = it;
        it = NULL;
    }
    pthread_mutex_unlock(&s->pool_mu);
    if (it) {
        ssc_batch_free(&it->batch);
        free(it->out.s);
        free(it->piece_cnt[0]);
        free(it->piece_cnt[1]);
        free(it);
    }
}

static int open_next(scan_t *s)
{
    const char *path = s->files[s->cur];
    s->rd = ssc_reader_open(path, s->opt->nthreads);
    if (!s->rd) {
        snprintf(s->errmsg, sizeof s->errmsg, "%s: %s", path, strerror(errno));
        return SSC_EIO;
    }
    ssc_reader_set_piece(s->rd, s->opt->piece_len);
    if (s->shard.n && s->cur == s->shard.start_file && s->shard.start_off > 0 &&
        ssc_reader_seek(s->rd, s->shard.start_off) < 0) {
        snprintf(s->errmsg, sizeof s->errmsg, "%s", ssc_reader_errmsg(s->rd));
        return SSC_EIO;
    }
    return 0;
}

static int file_has_index(const char *path)
{
    char fai[4096];
    snprintf(fai, sizeof fai, "%s.fai", path);
    return strcmp(path, "-") != 0 && access(fai, R_OK) == 0;
}

/* Totals over all inputs: from their .fai indexes when every file has one
 * (then the shard starts reading at its first record), else from a
 * counting pass. */
static int shard_plan(scan_t *s)
{
    shard_t *sh = &s->shard;
    int indexed = 1;
    for (int f = 0; f < s->nfiles; f++) {
        if (strcmp(s->files[f], "-") == 0) {
            snprintf(s->errmsg, sizeof s->errmsg, "--shard needs input files, not stdin");
            return SSC_EINVAL;
        }
        indexed &= file_has_index(s->files[f]);
    }
    if (indexed) {
        size_t nf = s->nfiles > 0 ? (size_t)s->nfiles : 1;
        ssc_fai_rec_t **recs = calloc(nf, sizeof *recs), *rec;
        int64_t *nrec = calloc(nf, sizeof *nrec), n, found = 0, prev_end = 0;
        int ret = recs && nrec ? 0 : SSC_ENOMEM;
        for (int f = 0; f < s->nfiles && ret == 0; f++) {
            char fai[4096];
            snprintf(fai, sizeof fai, "%s.fai", s->files[f]);
            ret = ssc_fai_read(fai, 0, &recs[f], &nrec[f], s->errmsg, sizeof s->errmsg);
        }
        for (int pass = 0; pass < 2 && ret == 0; pass++) {
            int64_t k = 0, cum = 0;
            for (int f = 0; f < s->nfiles && !found && ret == 0; f++) {
                rec = recs[f];
                n = nrec[f];
                prev_end = 0;
                for (int64_t r = 0; r < n; r++) {
                    if (pass == 0) {
                        sh->total_rec++;
                        if (__builtin_add_overflow(sh->total_bases, rec[r].len, &sh->total_bases)) {
                            snprintf(s->errmsg, sizeof s->errmsg, "%.400s.fai: the lengths add up "
                                     "to more than 2^63 bases", s->files[f]);
                            ret = SSC_EFORMAT;
                            break;
                        }
                        continue;
                    }
                    sh->k = k;
                    sh->cum = cum;
                    if (cli_shard_next(sh, rec[r].len) >= sh->i - 1) {
                        /* first record of this shard (or past it: an empty shard) */
                        sh->k = k;
                        sh->cum = cum;
                        sh->start_file = f;
                        sh->start_off = prev_end;
                        found = 1;
                        break;
                    }
                    k++;
                    cum += rec[r].len;
                    prev_end = ssc_fai_end(&rec[r]);
                }
            }
            if (pass == 1 && !found) { /* no record for this shard: read nothing */
                sh->start_file = s->nfiles;
                sh->done = 1;
            }
        }
        for (int f = 0; recs && f < s->nfiles; f++) ssc_fai_free(recs[f], nrec ? nrec[f] : 0);
        free(recs);
        free(nrec);
        s->cur = sh->start_file;
        return ret;
    }
    for (int f = 0; f < s->nfiles; f++) {
        int ret = cli_shard_count(sh, s->files[f], s->opt->nthreads, s->errmsg, sizeof s->errmsg);
        if (ret < 0) return ret;
    }
    return 0;
}

static void *read_batch(void *shared, int *err)
{
    scan_t *s = shared;
    item_t *it = get_item(s);
    if (!it) return *err = SSC_ENOMEM, NULL;
    for (;;) {
        if (s->shard.done) break;
        if (!s->rd) {
            if (s->cur == s->nfiles) break;
            if ((*err = open_next(s)) < 0) break;
        }
        int n = ssc_reader_read(s->rd, &it->batch,
                                s->opt->nthreads > 1 ? BATCH_BASES_THREADS : BATCH_BASES_SERIAL);
        if (n < 0) {
            snprintf(s->errmsg, sizeof s->errmsg, "%s", ssc_reader_errmsg(s->rd));
            *err = n;
            break;
        }
        if (n > 0) {
            if ((*err = check_ids(s, &it->batch)) < 0) break;
            for (int i = 0; s->sniff && s->sniff->complete && i < it->batch.n; i++)
                cli_sniff_rec(s->sniff, &it->batch.rec[i]);
            if (s->shard.n) cli_shard_filter(&s->shard, &it->batch);
            if (it->batch.n == 0) continue;
            s->nrec += it->batch.n;
            s->nbases += it->batch.bases;
            return it;
        }
        ssc_reader_close(s->rd);
        s->rd = NULL;
        s->cur++;
    }
    put_item(s, it);
    return NULL;
}

/* Room for n sites in a growable array. */
static int reserve(ssc_site_t **v, int64_t *m, int64_t n)
{
    if (n <= *m) return 0;
    ssc_site_t *p = realloc(*v, (size_t)(2 * n + 64) * sizeof *p);
    if (!p) return SSC_ENOMEM;
    *v = p;
    *m = 2 * n + 64;
    return 0;
}

static int cmp_site(const void *a, const void *b)
{
    const ssc_site_t *x = a, *y = b;
    if (x->start != y->start) return x->start < y->start ? -1 : 1;
    if (x->fam != y->fam) return x->fam < y->fam ? -1 : 1;
    if (x->type != y->type) return x->type - y->type;
    return x->strand - y->strand;
}

/* Whether the + (minus = 0) or - strand is to be scanned. */
static int strand_wanted(const scan_opt_t *o, int minus)
{
    return minus ? o->strand != STRAND_PLUS : o->strand != STRAND_MINUS;
}

/* Sites of the strands asked for, sorted by + start, family, type, strand. */
static int64_t scan_strands(scan_t *s, const ssc_rec_t *rec, int tid, const ssc_site_t **out)
{
    const scan_opt_t *o = s->opt;
    strand_buf_t *sb = &s->sbuf[tid];
    const ssc_site_t *x, *a, *ae, *c, *ce;
    int64_t np = 0, nm;
    if (o->strand != STRAND_MINUS) { /* both: keep the + sites, the tbuf is reused */
        if ((np = ssc_scan_rec_strand(s->idx, &o->sopt, rec, 0, s->tbuf[tid], &x)) < 0) return np;
        if (reserve(&sb->plus, &sb->mplus, np) < 0) return SSC_ENOMEM;
        if (np) memcpy(sb->plus, x, (size_t)np * sizeof *x); /* plus is NULL before the first site */
    }
    if ((nm = ssc_scan_rec_strand(s->idx, &o->sopt, rec, 1, s->tbuf[tid], &x)) < 0) return nm;
    if (np == 0) return *out = x, nm;
    if (reserve(&sb->site, &sb->m, np + nm) < 0) return SSC_ENOMEM;
    /* both lists are sorted: merge them, + first on ties */
    ssc_site_t *w = sb->site;
    for (a = sb->plus, ae = a + np, c = x, ce = c + nm; a < ae || c < ce;)
        *w++ = c == ce || (a < ae && cmp_site(a, c) <= 0) ? *a++ : *c++;
    *out = sb->site;
    return np + nm;
}

/* Count one strand of a whole record and write its summary rows. */
static int64_t summary_rows(scan_t *s, const ssc_rec_t *rec, int tid, int minus, kstring_t *out)
{
    const scan_opt_t *o = s->opt;
    const uint32_t *cnt;
    const uint16_t *pk;
    const int32_t *fams;
    int64_t n;
    int nf = ssc_count_strand(s->idx, &o->sopt, rec, minus, s->tbuf[tid], &cnt, &pk, &fams);
    int strand = o->strand ? minus : -1, ret;
    if (nf < 0) return nf;
    ret = pk ? ssc_summary_rows_packed(out, s->ms, o->types, rec, pk, fams, nf, strand, &n)
             : ssc_summary_rows(out, s->ms, o->types, rec, cnt, fams, nf, strand, &n);
    return ret < 0 ? ret : n;
}

static int64_t summary_strands(scan_t *s, const ssc_rec_t *rec, int tid, kstring_t *out)
{
    int64_t nsites = 0;
    for (int minus = 0; minus < 2; minus++) {
        if (!strand_wanted(s->opt, minus)) continue;
        int64_t n = summary_rows(s, rec, tid, minus, out);
        if (n < 0) return n;
        nsites += n;
    }
    return nsites;
}

/* Summary of a piece: count its sites for the writer to add up. */
static int64_t piece_sites(scan_t *s, item_t *it, int which, const ssc_rec_t *rec, int tid)
{
    const scan_opt_t *o = s->opt;
    size_t per = (size_t)ssc_mirset_n_families(s->ms) * SSC_CSTRIDE;
    int64_t total = 0;
    if (!it->piece_cnt[which] && !(it->piece_cnt[which] = malloc(2 * per * sizeof(uint32_t))))
        return SSC_ENOMEM;
    memset(it->piece_cnt[which], 0, 2 * per * sizeof(uint32_t));
    it->has_piece[which] = 1;
    for (int minus = 0; minus < 2; minus++) {
        const ssc_site_t *x;
        int64_t n;
        if (!strand_wanted(o, minus)) continue;
        if ((n = ssc_scan_rec_strand_unsorted(s->idx, &o->sopt, rec, minus, s->tbuf[tid], &x)) < 0) return n;
        for (int64_t k = 0; k < n; k++)
            it->piece_cnt[which][minus * per + (size_t)x[k].fam * SSC_CSTRIDE + x[k].type]++;
        total += n;
    }
    return total;
}

/* Scan one record into out; returns the number of sites, or a negative code. */
static int64_t scan_record(scan_t *s, const ssc_rec_t *rec, int tid, kstring_t *out)
{
    const scan_opt_t *o = s->opt;
    const ssc_site_t *sites;
    int64_t n;
    int ret;
    if (o->summary && !s->en) return summary_strands(s, rec, tid, out);
    n = o->strand ? scan_strands(s, rec, tid, &sites)
                  : ssc_scan_rec(s->idx, &o->sopt, rec, s->tbuf[tid], &sites);
    if (n < 0) return n;
    if (s->en) {
        const int32_t *e;
        if (!(o->types & SSC_TYPES_ALL)) n = 0; /* non-canonical types only */
        int strands = (strand_wanted(o, 0) ? 1 : 0) | (strand_wanted(o, 1) ? 2 : 0);
        if ((n = scan_energy_sites(s->en, tid, rec, sites, n, strands, &sites, &e)) < 0) return n;
        if (o->summary)
            ret = scan_energy_summary(s->en, tid, rec, sites, e, n, o->types, strands, o->strand != 0, 1, out);
        else
            ret = ssc_format_sites_energy(out, s->ms, rec, sites, n, o->format == SCAN_BED, o->strand != 0, e);
        return ret < 0 ? ret : n;
    }
    if (o->format == SCAN_BED) ret = ssc_format_bed(out, s->ms, rec, sites, n);
    else ret = o->strand ? ssc_format_tsv_strand(out, s->ms, rec, sites, n)
                         : ssc_format_tsv(out, s->ms, rec, sites, n);
    return ret < 0 ? ret : n;
}

static int scan_batch(void *shared, void *p, int tid)
{
    scan_t *s = shared;
    item_t *it = p;
    it->out.l = 0;
    it->nsites = 0;
    it->has_piece[0] = it->has_piece[1] = 0;
    for (int i = 0; i < it->batch.n; i++) {
        const ssc_rec_t *rec = &it->batch.rec[i];
        int piece = rec->pos > 0 || !rec->last;
        int64_t ret = s->opt->summary && piece ? piece_sites(s, it, rec->pos > 0 ? 0 : 1, rec, tid)
                                               : scan_record(s, rec, tid, &it->out);
        if (ret < 0) return (int)ret;
        it->nsites += ret;
    }
    return 0;
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + t.tv_nsec / 1e9;
}

/* On a terminal: records, bases, rate and elapsed time, at most 4 times a second. */
static void show_progress(scan_t *s, int final)
{
    double t = now(), el = t - s->t0;
    if (!final && t - s->last_progress < 0.25) return;
    s->last_progress = t;
    if (final)
        fprintf(stderr, "\r\033[Kseedscan scan: %lld records, %lld bases, %lld sites in %.2f s\n",
                (long long)s->nrec, (long long)s->nbases, (long long)s->nsites, el);
    else
        fprintf(stderr, "\r\033[Kseedscan scan: %lld records, %.2f Mnt, %.1f Mnt/s, %d:%02d",
                (long long)s->nrec, s->nbases / 1e6, el > 0 ? s->nbases / 1e6 / el : 0.0,
                (int)el / 60, (int)el % 60);
}

/* Add a piece's counts to the target's summary; after its last piece write
 * the rows, as ssc_count would have given them for the whole target. */
static int add_piece(scan_t *s, const ssc_rec_t *rec, const uint32_t *cnt)
{
    int nf = ssc_mirset_n_families(s->ms), ret = 0;
    size_t per = (size_t)nf * SSC_CSTRIDE;
    kstring_t out = { 0, 0, NULL };
    int32_t *fams;
    if (!s->acc && !(s->acc = calloc(2 * per, sizeof *s->acc))) return SSC_ENOMEM;
    for (size_t k = 0; k < 2 * per; k++) s->acc[k] += cnt[k];
    if (!rec->last) return 0;
    if (!(fams = malloc(((size_t)nf + 1) * sizeof *fams))) return SSC_ENOMEM;
    for (int minus = 0; minus < 2 && ret == 0; minus++) {
        const uint32_t *c = s->acc + minus * per;
        int nfam = 0;
        if (minus ? s->opt->strand == STRAND_PLUS : s->opt->strand == STRAND_MINUS) continue;
        for (int f = 0; f < nf; f++)
            for (int t = 0; t < SSC_NTYPES; t++)
                if (c[(size_t)f * SSC_CSTRIDE + t]) {
                    fams[nfam++] = f;
                    break;
                }
        ret = s->opt->strand ? ssc_format_summary_strand(&out, s->ms, s->opt->types, rec, c, fams, nfam, minus)
                             : ssc_format_summary(&out, s->ms, s->opt->types, rec, c, fams, nfam);
    }
    if (ret == 0 && out.l) ret = ssc_out_write(s->out, out.s, out.l);
    memset(s->acc, 0, 2 * per * sizeof *s->acc);
    free(fams);
    free(out.s);
    return ret;
}

static int write_batch(void *shared, void *p)
{
    scan_t *s = shared;
    item_t *it = p;
    const ssc_batch_t *b = &it->batch;
    int ret = 0;
    if (s->opt->summary && b->n && b->rec[0].pos > 0)
        ret = add_piece(s, &b->rec[0], it->piece_cnt[0]);
    if (ret == 0) ret = ssc_out_write(s->out, it->out.s ? it->out.s : "", it->out.l);
    if (ret == 0 && s->opt->summary && b->n && b->rec[b->n - 1].pos == 0 && !b->rec[b->n - 1].last)
        ret = add_piece(s, &b->rec[b->n - 1], it->piece_cnt[1]);
    if (ret < 0)
        snprintf(s->errmsg, sizeof s->errmsg, "writing %s: %s", ssc_out_name(s->out), strerror(errno));
    s->nsites += it->nsites;
    put_item(s, it);
    if (s->progress) show_progress(s, 0);
    return ret;
}

/* ---- options ---- */

static int check_combinations(scan_opt_t *o);

static int parse_args(int argc, char *argv[], scan_opt_t *o)
{
    static const struct option lopts[] = {
        { "mirnas", required_argument, NULL, 'm' },
        { "mirna", required_argument, NULL, 1 },
        { "species", required_argument, NULL, 2 },
        { "types", required_argument, NULL, 3 },
        { "shadow", required_argument, NULL, 4 },
        { "strict-ids", no_argument, NULL, 5 },
        { "compat", required_argument, NULL, 6 },
        { "species-id", required_argument, NULL, 7 },
        { "panel", required_argument, NULL, 'p' },
        { "resistance", required_argument, NULL, 8 },
        { "target", required_argument, NULL, 9 },
        { "strand", required_argument, NULL, 10 },
        { "shard", required_argument, NULL, 11 },
        { "shard-by", required_argument, NULL, 12 },
        { "piece", required_argument, NULL, 13 },
        { "gtf", required_argument, NULL, 'a' },
        { "genome", required_argument, NULL, 'g' },
        { "genomic", no_argument, NULL, 14 },
        { "per-gene", required_argument, NULL, 15 },
        { "biotype", required_argument, NULL, 16 },
        { "region", required_argument, NULL, 17 },
        { "energy", no_argument, NULL, 18 },
        { "max-energy", required_argument, NULL, 19 },
        { "format", required_argument, NULL, 'f' },
        { "summary", no_argument, NULL, 's' },
        { "output", required_argument, NULL, 'o' },
        { "threads", required_argument, NULL, 't' },
        { "level", required_argument, NULL, CLI_OPT_LEVEL },
        { "verbose", no_argument, NULL, 'v' },
        { "quiet", no_argument, NULL, 'q' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 }
    };
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":m:p:f:so:t:a:g:vqh", lopts, NULL)) != -1) {
        if (c > 0 && c < 128) o->given[c] = 1;
        switch (c) {
        case 'm': o->mirfile = optarg; break;
        case 18: o->energy = 1; break;
        case 19:
            if (cli_parse_kcal(optarg, &o->max_energy) < 0) {
                cli_error("scan", "--max-energy: '%s' is not an energy in kcal/mol", optarg);
                return -1;
            }
            o->energy = 1;
            break;
        case 1: o->mirnas = optarg; break;
        case 2: o->species = optarg; break;
        case 3:
            if (cli_types_opt("scan", optarg, &o->types) < 0) return -1;
            break;
        case 4:
            if (cli_int_opt("scan", "--shadow", optarg, 0, 1 << 30, &o->sopt.shadow) < 0) return -1;
            break;
        case 5: o->strict_ids = 1; break;
        case 6:
            if (strcmp(optarg, "targetscan7") != 0) {
                cli_error("scan", "--compat: '%s' is not targetscan7", optarg);
                return -1;
            }
            o->compat = 1;
            break;
        case 7: o->species_id = optarg; break;
        case 11:
            if (sscanf(optarg, "%d/%d", &o->shard_i, &o->shard_n) != 2 || o->shard_n < 1 ||
                o->shard_i < 1 || o->shard_i > o->shard_n || strchr(optarg, '/')[1] == 0) {
                cli_error("scan", "--shard: '%s' is not I/N with 1 <= I <= N", optarg);
                return -1;
            }
            break;
        case 12:
            if (strcmp(optarg, "bases") != 0 && strcmp(optarg, "records") != 0) {
                cli_error("scan", "--shard-by: '%s' is not bases or records", optarg);
                return -1;
            }
            o->shard_by_records = optarg[0] == 'r';
            break;
        case 13:
            if (cli_int_opt("scan", "--piece", optarg, 64, 1 << 30, &o->piece_len) < 0) return -1;
            break;
        case 'a': o->gtf = optarg; break;
        case 'g': o->genome = optarg; break;
        case 14: o->genomic = 1; break;
        case 15:
            if (strcmp(optarg, "longest") == 0) o->per_gene = SSC_PER_GENE_LONGEST;
            else if (strcmp(optarg, "canonical") == 0) o->per_gene = SSC_PER_GENE_CANONICAL;
            else {
                cli_error("scan", "--per-gene: '%s' is not longest or canonical", optarg);
                return -1;
            }
            break;
        case 16: o->biotypes = optarg; break;
        case 17: o->region = optarg; break;
        case 'p': o->panel = optarg; break;
        case 8: o->resistance = optarg; break;
        case 9: o->target = optarg; break;
        case 10:
            if (strcmp(optarg, "plus") == 0 || strcmp(optarg, "+") == 0) o->strand = STRAND_PLUS;
            else if (strcmp(optarg, "minus") == 0 || strcmp(optarg, "-") == 0) o->strand = STRAND_MINUS;
            else if (strcmp(optarg, "both") == 0) o->strand = STRAND_BOTH;
            else {
                cli_error("scan", "--strand: '%s' is not plus, minus or both", optarg);
                return -1;
            }
            break;
        case 'f':
            if (strcmp(optarg, "tsv") == 0) o->format = SCAN_TSV;
            else if (strcmp(optarg, "bed") == 0) o->format = SCAN_BED;
            else if (strcmp(optarg, "targetscan") == 0) o->format = SCAN_TARGETSCAN;
            else if (strcmp(optarg, "bed12") == 0) o->format = SCAN_BED12;
            else {
                cli_error("scan", "--format: '%s' is not tsv, bed, bed12 or targetscan", optarg);
                return -1;
            }
            break;
        case 's': o->summary = 1; break;
        case 'o': o->outpath = optarg; break;
        case 't':
            if (cli_int_opt("scan", "--threads", optarg, 1, 256, &o->nthreads) < 0) return -1;
            break;
        case CLI_OPT_LEVEL:
            if (cli_parse_level("scan", optarg, &o->level) < 0) return -1;
            break;
        case 'v': ssc_log_set_level(ssc_log_get_level() + 1); break;
        case 'q': ssc_log_set_level(SSC_LOG_ERROR); break;
        case 'h': usage(stdout, o); return 1;
        default:
            cli_bad_option("scan", argv, c, "seedscan scan [options] UTR_FILE...");
            return -1;
        }
    }
    if (o->summary && o->format == SCAN_BED) {
        cli_error("scan", "--summary writes TSV; it cannot be combined with --format bed");
        return -1;
    }
    return check_combinations(o);
}

/* Options that would be ignored in this combination are errors. */
static int check_combinations(scan_opt_t *o)
{
    const char *err = NULL;
    if (o->compat && o->given['f'] && o->format != SCAN_TARGETSCAN)
        err = "--compat targetscan7 writes TargetScan's site table; it cannot be combined with --format tsv or bed";
    else if (o->given[12] && !o->shard_n)
        err = "--shard-by balances the shards of --shard I/N; give --shard too";
    else if (o->given[7] && o->format != SCAN_TARGETSCAN && !o->compat)
        err = "--species-id names the species of FASTA input in TargetScan's site table; it applies to --format targetscan only";
    else if (o->species && !o->mirfile && !o->mirnas)
        err = "--species selects miRNAs of a -m file or of --mirna names; the panel (the default set) has no species to select";
    if (err) {
        cli_error("scan", "%s", err);
        return -1;
    }
    if (o->compat) o->format = SCAN_TARGETSCAN;
    if (o->types & SSC_TYPES_NONCANON) o->energy = 1; /* reported with their energies */
    if (o->energy && o->format == SCAN_TARGETSCAN) {
        cli_error("scan", "--energy/--max-energy and non-canonical types are not in TargetScan's site table; "
                  "use --format tsv, bed or --summary");
        return -1;
    }
    if (o->energy && o->given[13]) {
        cli_error("scan", "--piece cannot be combined with --energy/--max-energy or non-canonical types: a "
                  "site's energy window reaches across piece borders, so targets are read whole");
        return -1;
    }
    if (o->energy) o->piece_len = 0; /* whole targets: windows and non-canonical sites need flanks */
    return 0;
}

/* The TargetScan path (its site table, or alignment input) reads whole
 * records on one strand in one pass: options it would ignore are errors. */
static int check_ts_options(const scan_opt_t *o, const char *input)
{
    static const struct { int c; const char *name; } unsupported[] = {
        { 13, "--piece" }, { 5, "--strict-ids" }, { 0, NULL }
    };
    char what[600];
    if (o->format == SCAN_TARGETSCAN) snprintf(what, sizeof what, "with --format targetscan");
    else snprintf(what, sizeof what, "with TargetScan alignment input (%s)", input);
    if (o->strand != STRAND_PLUS) {
        cli_error("scan", "--strand %s is not supported %s: TargetScan's sites are on the + strand of "
                  "each UTR; use --format tsv or bed on FASTA input", o->strand == STRAND_MINUS ? "minus" : "both", what);
        return -1;
    }
    if (o->given[3] && o->format == SCAN_TARGETSCAN) {
        cli_error("scan", "--types is not supported %s: its site table has TargetScan's own types "
                  "(8mer-1a, 7mer-m8, 7mer-1a, 6mer)", what);
        return -1;
    }
    for (int i = 0; unsupported[i].name; i++)
        if (o->given[unsupported[i].c]) {
            cli_error("scan", "%s is not supported %s", unsupported[i].name, what);
            return -1;
        }
    return 0;
}

static int run(scan_t *s)
{
    const scan_opt_t *o = s->opt;
    kstring_t hdr = { 0, 0, NULL };
    ssc_pipeline_t pl = { read_batch, scan_batch, write_batch, put_item, s, o->nthreads };
    int ret;
    s->out = ssc_out_open_level(o->outpath, o->nthreads, o->level);
    if (!s->out) {
        cli_error("scan", "cannot create %s: %s", o->outpath, strerror(errno));
        return -1;
    }
    if (o->provenance) kputs(o->provenance, &hdr);
    if (o->summary && o->energy) ssc_format_summary_header_energy(&hdr, o->types, o->strand != 0, 1);
    else if (o->summary && o->strand) ssc_format_summary_header_strand(&hdr, o->types);
    else if (o->summary) ssc_format_summary_header(&hdr, o->types);
    else if (o->format == SCAN_TSV && o->energy) ssc_format_tsv_header_energy(&hdr, o->strand != 0);
    else if (o->format == SCAN_TSV && o->strand) ssc_format_tsv_header_strand(&hdr);
    else if (o->format == SCAN_TSV) ssc_format_tsv_header(&hdr);
    ret = hdr.l ? ssc_out_write(s->out, hdr.s, hdr.l) : 0;
    free(hdr.s);
    if (ret < 0) snprintf(s->errmsg, sizeof s->errmsg, "writing %s: %s", ssc_out_name(s->out), strerror(errno));
    else ret = ssc_pipeline_run(&pl);
    if (s->rd) ssc_reader_close(s->rd);
    s->rd = NULL;
    if (ret == 0 && s->sniff &&
        cli_check_sniffed_targets("scan", strcmp(s->files[0], "-") ? s->files[0] : "stdin", s->sniff) < 0) {
        ssc_out_close(s->out, 0);
        return -1;
    }
    return scan_out_finish(s->out, ret, s->errmsg, o->outpath);
}

/* What a shard's output must share with its siblings: the version and the
 * arguments that change the output (not --shard, -o, -t, -v, -q). Taken
 * before getopt reorders argv. */
static char *provenance_line(int argc, char *argv[])
{
    static const char *const skip_arg[] = { "--shard", "-o", "--output", "-t", "--threads", "--level", NULL };
    static const char *const skip_flag[] = { "-v", "--verbose", "-q", "--quiet", NULL };
    kstring_t s = { 0, 0, NULL };
    ksprintf(&s, "#seedscan-shard\t%%s\t%s\tscan", SSC_VERSION);
    for (int i = 1; i < argc; i++) {
        int drop = 0;
        for (int k = 0; skip_flag[k] && !drop; k++) drop = strcmp(argv[i], skip_flag[k]) == 0;
        for (int k = 0; skip_arg[k] && !drop; k++) {
            size_t n = strlen(skip_arg[k]);
            if (strcmp(argv[i], skip_arg[k]) == 0) drop = 2;
            else if (strncmp(argv[i], skip_arg[k], n) == 0 && (argv[i][n] == '=' || (n == 2 && argv[i][n])))
                drop = 1;
        }
        if (drop == 2) i++;
        if (!drop) ksprintf(&s, " %s", argv[i]);
    }
    kputc('\n', &s);
    return s.s;
}

int main_scan(int argc, char *argv[])
{
    scan_opt_t o = { 0 };
    scan_t s = { 0 };
    char *stdin_only[] = { "-" };
    char *prov = provenance_line(argc, argv);
    int ret, status = 1;
    o.types = SSC_TYPES_DEFAULT;
    o.nthreads = 1;
    o.level = SSC_OUT_LEVEL_DEFAULT;
    o.species_id = "9606";
    o.piece_len = 1 << 18;
    o.max_energy = SSC_ENERGY_NA;
    ssc_scanopt_init(&o.sopt);
    if ((ret = parse_args(argc, argv, &o)) != 0) {
        free(prov);
        return ret > 0 ? 0 : 1;
    }
    if (o.shard_n) {
        kstring_t p = { 0, 0, NULL };
        char shard[32];
        snprintf(shard, sizeof shard, "%d/%d", o.shard_i, o.shard_n);
        ksprintf(&p, prov, shard);
        o.provenance = p.s;
    }
    free(prov);
    if (cli_output_is_input("scan", o.outpath, argc, argv)) {
        free(o.provenance);
        return 1;
    }
    if (scan_is_genome(&o)) {
        status = scan_genome_check(&o, argc - optind) < 0 ? 1 : scan_genome(&o, argv + optind, argc - optind);
        free(o.provenance);
        return status;
    }
    if (optind == argc && isatty(STDIN_FILENO)) {
        usage(stderr, &o);
        free(o.provenance);
        return 1;
    }
    s.opt = &o;
    s.shard.i = o.shard_i;
    s.shard.n = o.shard_n;
    s.shard.by_records = o.shard_by_records;
    s.t0 = now();
    s.progress = isatty(STDERR_FILENO) && ssc_log_get_level() >= SSC_LOG_WARNING;
    s.files = optind < argc ? argv + optind : stdin_only;
    s.nfiles = optind < argc ? argc - optind : 1;
    if ((o.mirfile && cli_check_mirfile("scan", o.mirfile) < 0) ||
        cli_check_targets("scan", s.files, s.nfiles) < 0) {
        free(o.provenance);
        return 1;
    }
    if (o.format == SCAN_TARGETSCAN || cli_is_ts_alignment(s.files[0])) {
        if (check_ts_options(&o, s.files[0]) < 0) {
            free(o.provenance);
            return 1;
        }
        /* TargetScan's site table, alignments, species: cmd_scan_ts.c.
         * Under --compat targetscan7 errors exit 0, as targetscan_70.pl does. */
        status = scan_targetscan(&o, s.files, s.nfiles);
        free(o.provenance);
        return o.compat ? 0 : status;
    }
    cli_sniff_t sniff;
    if (s.nfiles == 1 && !cli_is_regular(s.files[0])) {
        cli_sniff_init(&sniff);
        s.sniff = &sniff;
    }
    pthread_mutex_init(&s.pool_mu, NULL);
    if (!(s.ms = scan_build_mirset(&o))) goto out;
    if (!(s.idx = ssc_index_build(s.ms, o.types & SSC_TYPES_ALL ? o.types & SSC_TYPES_ALL
                                                                : SSC_TYPES_DEFAULT)) ||
        !(s.ids = kh_init(idset))) {
        cli_error("scan", "out of memory");
        goto out;
    }
    if (o.energy && !(s.en = scan_energy_init(s.ms, o.nthreads, o.max_energy, o.types, o.sopt.shadow)))
        goto out;
    if (!(s.tbuf = calloc((size_t)o.nthreads, sizeof *s.tbuf))) goto out;
    if (!(s.sbuf = calloc((size_t)o.nthreads, sizeof *s.sbuf))) goto out;
    for (int i = 0; i < o.nthreads; i++)
        if (!(s.tbuf[i] = ssc_tbuf_init())) goto out;
    ssc_log(SSC_LOG_INFO, "scan", "%d miRNAs in %d families; kernel %s", ssc_mirset_size(s.ms),
            ssc_mirset_n_families(s.ms), ssc_kernel_name());
    if (o.shard_n && (ret = shard_plan(&s)) < 0) {
        cli_error("scan", "%s", s.errmsg);
        goto out;
    }
    if (run(&s) == 0) status = 0;
    if (status == 0 && s.progress) show_progress(&s, 1);
    ssc_log(SSC_LOG_INFO, "scan", "%lld records, %lld bases, %lld sites, %.2f s", (long long)s.nrec,
            (long long)s.nbases, (long long)s.nsites, now() - s.t0);
out:
    free(o.provenance);
    for (int i = 0; s.tbuf && i < o.nthreads; i++) ssc_tbuf_destroy(s.tbuf[i]);
    for (int i = 0; s.sbuf && i < o.nthreads; i++) {
        free(s.sbuf[i].site);
        free(s.sbuf[i].plus);
    }
    free(s.sbuf);
    free(s.tbuf);
    for (int i = 0; i < s.npool; i++) {
        ssc_batch_free(&s.pool[i]->batch);
        free(s.pool[i]->out.s);
        free(s.pool[i]->piece_cnt[0]);
        free(s.pool[i]->piece_cnt[1]);
        free(s.pool[i]);
    }
    free(s.acc);
    scan_energy_destroy(s.en);
    if (s.ids) kh_destroy(idset, s.ids);
    ssc_index_destroy((ssc_index_t *)s.idx);
    ssc_mirset_destroy((ssc_mirset_t *)s.ms);
    pthread_mutex_destroy(&s.pool_mu);
    return status;
}
