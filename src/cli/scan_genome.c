/* scan_genome.c: `seedscan scan` in genome mode: 3'UTRs spliced from an annotation and a genome (or read
 * from `seedscan utr` FASTA), scanned on the ordered pipeline, sites written with genomic coordinates. */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <htslib/khash.h>
#include "cli/cli.h"
#include "cli/scan_energy.h"
#include "cli/scan_genome.h"
#include "core/core.h"
#include "genome/annot.h"
#include "genome/gseq.h"
#include "genome/gsite.h"
#include "genome/txsel.h"

KHASH_SET_INIT_STR(gname)

/* Bases per batch, as in cmd_scan.c: small alone (output stays in cache),
 * larger when batches are handed to worker threads. */
#define BATCH_BASES_SERIAL (1 << 15)
#define BATCH_BASES_THREADS (1 << 18)

/* One batch: transcripts of the annotation (spliced by the worker) or
 * records read from FASTA, with their placements. */
typedef struct {
    int *tx;                /* annotation: indices of the batch's transcripts */
    int ntx, mtx;
    ssc_batch_t batch;      /* FASTA: the records as read */
    ssc_rec_t *rec;         /* annotation: records over seq */
    int mrec;
    ssc_gtx_t *gtx;         /* per record */
    int mgtx;
    ssc_gblk_t *blk;        /* FASTA: every record's blocks, end to end */
    int nblk, mblk;
    kstring_t seq, out, rows, err;
    int64_t nsites;
} gitem_t;

typedef struct {
    const scan_opt_t *opt;
    const ssc_mirset_t *ms;
    const ssc_index_t *idx;
    ssc_tbuf_t **tbuf;
    scan_energy_t *en;      /* --energy, non-canonical types */
    ssc_annot_t *a;
    char *keep;
    ssc_genome_t **g;       /* one faidx handle per thread */
    int next_tx;
    int64_t sh_k, sh_cum, sh_rec, sh_bases; /* --shard: cursor and totals */
    char **files;
    int nfiles, cur;
    ssc_reader_t *rd;
    ssc_gblk_t *pblk;       /* FASTA: one header's blocks while parsing */
    int mpblk;
    khash_t(gname) *seen;   /* FASTA: transcript IDs so far (duplicates: warning, or --strict-ids error) */
    int64_t ndup;
    ssc_out_t *out;
    pthread_mutex_t mu;     /* the pool and errmsg */
    gitem_t *pool[64];
    int npool;
    int64_t nrec, nbases, nsites;
    int header_done;        /* written with the first batch: a first record that fails leaves no output */
    char errmsg[1024];
} gscan_t;

int scan_is_genome(const scan_opt_t *o)
{
    return o->gtf || o->genome || o->genomic || o->format == SCAN_BED12;
}

int scan_genome_check(const scan_opt_t *o, int nfiles)
{
    const char *bad = NULL;
    if (!o->gtf && !o->genomic) bad = o->genome ? "--genome needs --gtf ANNOTATION" :
                                      "-f bed12 needs genome mode: --gtf with --genome, or --genomic";
    else if (o->gtf && !o->genome) bad = "--gtf needs --genome GENOME.fa";
    else if (o->gtf && o->genomic) bad = "--genomic reads `seedscan utr` FASTA; with --gtf it has no use";
    else if (o->gtf && nfiles) bad = "with --gtf the 3'UTRs come from the annotation: give no UTR_FILE";
    else if (o->genomic && (o->per_gene || o->biotypes || o->region))
        bad = "--per-gene, --biotype and --region select transcripts of --gtf; select FASTA with `seedscan utr`";
    else if (o->genomic && o->shard_n)
        bad = "--shard is not supported with --genomic FASTA; shard `scan --gtf --genome` instead";
    else if (o->summary && o->format == SCAN_BED12) bad = "--summary writes TSV; it cannot be combined with -f bed12";
    else if (o->format == SCAN_BED) bad = "genome mode writes -f bed12 (genomic) or tsv, not bed";
    else if (o->format == SCAN_TARGETSCAN || o->compat) bad = "genome mode has no TargetScan output";
    else if (o->strand != STRAND_PLUS) bad = "--strand does not apply in genome mode: 3'UTRs are read on "
                                             "their transcript's strand";
    if (bad) cli_error("scan", "%s", bad);
    return bad ? -1 : 0;
}

/* ---- batches ---- */

static gitem_t *get_item(gscan_t *s)
{
    gitem_t *it = NULL;
    pthread_mutex_lock(&s->mu);
    if (s->npool) it = s->pool[--s->npool];
    pthread_mutex_unlock(&s->mu);
    if (!it && (it = calloc(1, sizeof *it))) ssc_batch_init(&it->batch);
    return it;
}

static void free_item(gitem_t *it)
{
    ssc_batch_free(&it->batch);
    free(it->tx);
    free(it->rec);
    free(it->gtx);
    free(it->blk);
    free(it->seq.s);
    free(it->out.s);
    free(it->rows.s);
    free(it->err.s);
    free(it);
}

static void put_item(void *shared, void *p)
{
    gscan_t *s = shared;
    gitem_t *it = p;
    pthread_mutex_lock(&s->mu);
    if (s->npool < 64) s->pool[s->npool++] = it, it = NULL;
    pthread_mutex_unlock(&s->mu);
    if (it) free_item(it);
}

/* The first error message wins (workers run at once). */
static void set_error(gscan_t *s, const char *msg)
{
    pthread_mutex_lock(&s->mu);
    if (!s->errmsg[0]) snprintf(s->errmsg, sizeof s->errmsg, "%s", msg);
    pthread_mutex_unlock(&s->mu);
}

static int grow(void **p, int *m, int n, size_t size)
{
    if (n <= *m) return 0;
    int mm = n + n / 2 + 16;
    void *q = realloc(*p, (size_t)mm * size);
    if (!q) return SSC_ENOMEM;
    *p = q;
    *m = mm;
    return 0;
}

/* 0-based shard of the next transcript (of len bases): contiguous runs of
 * transcripts balanced by bases (or counted in transcripts), as scan's
 * --shard splits FASTA records, so that the shards in order are the whole. */
static int shard_of(gscan_t *s, int64_t len)
{
    const scan_opt_t *o = s->opt;
    int64_t x = o->shard_by_records ? s->sh_k : s->sh_cum, tot = o->shard_by_records ? s->sh_rec : s->sh_bases;
    int which = tot > 0 ? (int)((__int128)x * o->shard_n / tot) : 0;
    s->sh_k++;
    s->sh_cum += len;
    return which < o->shard_n ? which : o->shard_n - 1;
}

static int64_t utr_len(const ssc_tx_t *tx) { return ssc_blk_len(tx->utr3, tx->n_utr3); }

/* Annotation: the next transcripts (of this shard) up to max bases. */
static int64_t next_transcripts(gscan_t *s, gitem_t *it, int64_t max)
{
    const ssc_annot_t *a = s->a;
    int64_t bases = 0;
    it->ntx = 0;
    while (s->next_tx < a->n_tx && bases < max) {
        int i = s->next_tx++;
        int64_t len;
        if (!s->keep[i]) continue;
        len = utr_len(&a->tx[i]);
        if (s->opt->shard_n) {
            int w = shard_of(s, len);
            if (w > s->opt->shard_i - 1) {
                s->next_tx = a->n_tx;
                break;
            }
            if (w < s->opt->shard_i - 1) continue;
        }
        if (grow((void **)&it->tx, &it->mtx, it->ntx + 1, sizeof *it->tx) < 0) return SSC_ENOMEM;
        it->tx[it->ntx++] = i;
        bases += len;
    }
    return bases;
}

/* A repeated transcript ID: a warning (the first 5), an error with --strict-ids. */
static int check_dup(gscan_t *s, const ssc_rec_t *r)
{
    int absent;
    char *id = strdup(r->name);
    if (!id || (!s->seen && !(s->seen = kh_init(gname)))) return free(id), SSC_ENOMEM;
    kh_put(gname, s->seen, id, &absent);
    if (absent < 0) return free(id), SSC_ENOMEM;
    if (absent) return 0;
    free(id);
    char msg[1024];
    snprintf(msg, sizeof msg, "%s:%lld: duplicate target ID '%s'", ssc_reader_path(s->rd), (long long)r->line, r->name);
    if (s->opt->strict_ids) return set_error(s, msg), SSC_EFORMAT;
    if (++s->ndup <= 5) cli_warn("scan", "%s", msg);
    return 0;
}

/* FASTA: the placement of each record from its header; the target is the
 * transcript ID (the name up to '|'). */
static int parse_headers(gscan_t *s, gitem_t *it)
{
    ssc_batch_t *b = &it->batch;
    int *first;
    if (grow((void **)&it->gtx, &it->mgtx, b->n, sizeof *it->gtx) < 0) return SSC_ENOMEM;
    if (!(first = malloc(sizeof *first * (size_t)(b->n + 1)))) return SSC_ENOMEM;
    it->nblk = 0;
    for (int i = 0; i < b->n; i++) {
        ssc_rec_t *r = &b->rec[i];
        const char *why = NULL;
        int ret = ssc_gtx_parse(r->comment, r->len, &it->gtx[i], &s->pblk, &s->mpblk, &why);
        if (ret == 0 && grow((void **)&it->blk, &it->mblk, it->nblk + it->gtx[i].n, sizeof *it->blk) < 0)
            ret = SSC_ENOMEM;
        if (ret < 0) {
            char msg[1024];
            snprintf(msg, sizeof msg, "%s:%lld: record '%s': %s", ssc_reader_path(s->rd), (long long)r->line,
                     r->name, why ? why : "out of memory");
            set_error(s, msg);
            free(first);
            return ret;
        }
        first[i] = it->nblk;
        memcpy(it->blk + it->nblk, s->pblk, sizeof *it->blk * (size_t)it->gtx[i].n);
        it->nblk += it->gtx[i].n;
        r->name[strcspn(r->name, "|")] = 0;
        if ((ret = check_dup(s, r)) < 0) {
            free(first);
            return ret;
        }
    }
    for (int i = 0; i < b->n; i++) it->gtx[i].b = it->blk + first[i];
    free(first);
    return 0;
}

static int read_fasta(gscan_t *s, gitem_t *it, int64_t max)
{
    for (;;) {
        if (!s->rd) {
            if (s->cur == s->nfiles) return 0;
            if (!(s->rd = ssc_reader_open(s->files[s->cur], s->opt->nthreads))) {
                char msg[1024];
                snprintf(msg, sizeof msg, "%s: %s", s->files[s->cur], strerror(errno));
                set_error(s, msg);
                return SSC_EIO;
            }
            ssc_reader_set_piece(s->rd, 0); /* a 3'UTR is read whole */
        }
        int n = ssc_reader_read(s->rd, &it->batch, max);
        if (n < 0) set_error(s, ssc_reader_errmsg(s->rd));
        if (n != 0) return n < 0 ? n : parse_headers(s, it) < 0 ? SSC_EFORMAT : n;
        ssc_reader_close(s->rd);
        s->rd = NULL;
        s->cur++;
    }
}

static void *read_batch(void *shared, int *err)
{
    gscan_t *s = shared;
    gitem_t *it = get_item(s);
    int64_t max = s->opt->nthreads > 1 ? BATCH_BASES_THREADS : BATCH_BASES_SERIAL, n;
    if (!it) return *err = SSC_ENOMEM, NULL;
    if (s->a) {
        if ((n = next_transcripts(s, it, max)) < 0) *err = (int)n;
        else s->nbases += n;
        n = n < 0 ? n : it->ntx;
    } else {
        it->ntx = 0;
        if ((n = read_fasta(s, it, max)) < 0) *err = (int)n;
        else if (n > 0) s->nbases += it->batch.bases;
    }
    if (n <= 0) {
        put_item(s, it);
        return NULL;
    }
    s->nrec += n;
    return it;
}

/* Annotation: splice the batch's 3'UTRs from the genome into records. */
static int splice_batch(gscan_t *s, gitem_t *it, int tid)
{
    const ssc_annot_t *a = s->a;
    size_t *off;
    if (grow((void **)&it->rec, &it->mrec, it->ntx, sizeof *it->rec) < 0 ||
        grow((void **)&it->gtx, &it->mgtx, it->ntx, sizeof *it->gtx) < 0)
        return SSC_ENOMEM;
    if (!(off = malloc(sizeof *off * (size_t)(it->ntx + 1)))) return SSC_ENOMEM;
    it->seq.l = 0;
    for (int k = 0; k < it->ntx; k++) {
        const ssc_tx_t *tx = &a->tx[it->tx[k]];
        int ret;
        off[k] = it->seq.l;
        it->err.l = 0;
        if ((ret = ssc_genome_splice(s->g[tid], a->chrom[tx->tid], tx->utr3, tx->n_utr3, tx->strand, &it->seq,
                                     &it->err)) < 0 || kputc(0, &it->seq) < 0) {
            if (it->err.l) set_error(s, it->err.s);
            free(off);
            return ret < 0 ? ret : SSC_ENOMEM;
        }
        it->gtx[k] = (ssc_gtx_t){ a->chrom[tx->tid], tx->strand, tx->n_utr3, tx->utr3, tx->gene_id,
                                  *tx->gene_name ? tx->gene_name : "." };
    }
    off[it->ntx] = it->seq.l;
    for (int k = 0; k < it->ntx; k++) { /* pointers once seq has stopped moving; lengths without the NUL */
        const ssc_tx_t *tx = &a->tx[it->tx[k]];
        it->rec[k] = (ssc_rec_t){ (char *)tx->id, "", it->seq.s + off[k], (int64_t)(off[k + 1] - off[k] - 1),
                                  tx->line, k, 0, 0, 1 };
    }
    free(off);
    return 0;
}

/* One record's rows; the number of sites, or a negative code. */
static int64_t scan_one(gscan_t *s, gitem_t *it, const ssc_rec_t *rec, const ssc_gtx_t *g, int tid)
{
    const scan_opt_t *o = s->opt;
    int64_t n;
    int ret;
    if (o->summary) {
        const uint32_t *cnt;
        const uint16_t *pk;
        const int32_t *fams;
        int nf = ssc_count_strand(s->idx, &o->sopt, rec, 0, s->tbuf[tid], &cnt, &pk, &fams);
        if (nf < 0) return nf;
        it->rows.l = 0;
        ret = pk ? ssc_summary_rows_packed(&it->rows, s->ms, o->types, rec, pk, fams, nf, -1, &n)
                 : ssc_summary_rows(&it->rows, s->ms, o->types, rec, cnt, fams, nf, -1, &n);
        if (ret == 0 && it->rows.l) ret = ssc_gsum_rows(&it->out, it->rows.s, it->rows.l, g);
        return ret < 0 ? ret : n;
    }
    const ssc_site_t *sites;
    if ((n = ssc_scan_rec(s->idx, &o->sopt, rec, s->tbuf[tid], &sites)) < 0) return n;
    ret = o->format == SCAN_BED12 ? ssc_gsite_bed12(&it->out, s->ms, rec, g, sites, n, NULL)
                                  : ssc_gsite_tsv(&it->out, s->ms, rec, g, sites, n, NULL);
    return ret < 0 ? ret : n;
}

/* The same with energies (and non-canonical sites): the rows of the transcript route, on the
 * spliced 3'UTR as read (its transcript's strand), with the genome columns added. */
static int64_t scan_one_energy(gscan_t *s, gitem_t *it, const ssc_rec_t *rec, const ssc_gtx_t *g, int tid)
{
    const scan_opt_t *o = s->opt;
    const ssc_site_t *sites;
    const int32_t *e;
    int64_t n = 0;
    int ret;
    if ((o->types & SSC_TYPES_ALL) && (n = ssc_scan_rec(s->idx, &o->sopt, rec, s->tbuf[tid], &sites)) < 0) return n;
    if ((n = scan_energy_sites(s->en, tid, rec, sites, n, 1, &sites, &e)) < 0) return n;
    if (o->summary) {
        it->rows.l = 0;
        ret = scan_energy_summary(s->en, tid, rec, sites, e, n, o->types, 1, 0, 1, &it->rows);
        if (ret == 0 && it->rows.l) ret = ssc_gsum_rows(&it->out, it->rows.s, it->rows.l, g);
    } else
        ret = o->format == SCAN_BED12 ? ssc_gsite_bed12(&it->out, s->ms, rec, g, sites, n, e)
                                      : ssc_gsite_tsv(&it->out, s->ms, rec, g, sites, n, e);
    return ret < 0 ? ret : n;
}

static int scan_batch(void *shared, void *p, int tid)
{
    gscan_t *s = shared;
    gitem_t *it = p;
    int n = it->ntx ? it->ntx : it->batch.n, ret;
    it->out.l = 0;
    it->nsites = 0;
    if (it->ntx && (ret = splice_batch(s, it, tid)) < 0) return ret;
    const ssc_rec_t *rec = it->ntx ? it->rec : it->batch.rec; /* after splicing: it grows it->rec */
    for (int i = 0; i < n; i++) {
        int64_t k = s->en ? scan_one_energy(s, it, &rec[i], &it->gtx[i], tid)
                          : scan_one(s, it, &rec[i], &it->gtx[i], tid);
        if (k < 0) return (int)k;
        it->nsites += k;
    }
    return 0;
}

static int write_header(gscan_t *s)
{
    const scan_opt_t *o = s->opt;
    kstring_t h = { 0, 0, NULL };
    int ret = 0;
    s->header_done = 1;
    if (o->provenance) kputs(o->provenance, &h);
    if (o->summary) ret = ssc_gsum_header(&h, o->types, o->energy);
    else if (o->format != SCAN_BED12) ret = ssc_gsite_tsv_header(&h, o->energy);
    if (ret == 0 && h.l) ret = ssc_out_write(s->out, h.s, h.l);
    free(h.s);
    return ret;
}

static int write_batch(void *shared, void *p)
{
    gscan_t *s = shared;
    gitem_t *it = p;
    int ret = s->header_done ? 0 : write_header(s);
    if (ret == 0) ret = ssc_out_write(s->out, it->out.s ? it->out.s : "", it->out.l);
    if (ret < 0) snprintf(s->errmsg, sizeof s->errmsg, "writing %s: %s", ssc_out_name(s->out), strerror(errno));
    s->nsites += it->nsites;
    put_item(s, it);
    return ret;
}

/* ---- set-up ---- */

/* Read the annotation, select its transcripts, check them against the
 * genome (before anything is written) and open one genome handle per
 * thread; -1 after printing an error. */
static int load_genome(gscan_t *s)
{
    const scan_opt_t *o = s->opt;
    ssc_txsel_opt_t sel = { SSC_PART_UTR3, o->per_gene, o->biotypes, o->region };
    ssc_txsel_stats_t st;
    kstring_t err = { 0, 0, NULL };
    int ret = -1, n;
    if (!(s->a = ssc_annot_init()) || !(s->g = calloc((size_t)o->nthreads, sizeof *s->g))) goto nomem;
    if (ssc_annot_load(s->a, o->gtf) < 0) {
        cli_error("scan", "%s", ssc_annot_errmsg(s->a));
        goto out;
    }
    for (int i = 0; i < o->nthreads; i++)
        if (!(s->g[i] = ssc_genome_open(o->genome, &err))) {
            cli_error("scan", "%s", err.s);
            goto out;
        }
    if (!(s->keep = malloc((size_t)s->a->n_tx + 1))) goto nomem;
    if ((n = ssc_txsel(s->a, &sel, s->keep, &st, &err)) < 0) {
        cli_error("scan", "%s", err.l ? err.s : ssc_strerror(n));
        goto out;
    }
    if (n == 0) {
        cli_error("scan", "%s: no transcript with a 3'UTR is left to scan (%d transcripts, %d without a 3'UTR%s)",
                  o->gtf, s->a->n_tx, st.n_no_part, o->biotypes || o->region ? "; see --biotype and --region" : "");
        goto out;
    }
    for (int i = 0; i < s->a->n_tx; i++) {
        if (!s->keep[i]) continue;
        if (ssc_tx_check_genome(s->a, &s->a->tx[i], s->g[0], &err) < 0) {
            cli_error("scan", "%s", err.s);
            goto out;
        }
        s->sh_rec++;
        s->sh_bases += utr_len(&s->a->tx[i]);
    }
    ssc_log(SSC_LOG_INFO, "scan", "%s: %d transcripts, %d with a 3'UTR; scanning %d (%lld nt); left out %d by "
            "--biotype, %d outside --region, %d other transcripts of their gene", o->gtf, s->a->n_tx,
            s->a->st.n_utr3, n, (long long)s->sh_bases, st.n_biotype, st.n_region, st.n_per_gene);
    ret = 0;
    goto out;
nomem:
    cli_error("scan", "out of memory");
out:
    free(err.s);
    return ret;
}

static int run(gscan_t *s)
{
    const scan_opt_t *o = s->opt;
    ssc_pipeline_t pl = { read_batch, scan_batch, write_batch, put_item, s, o->nthreads };
    int ret;
    if (!(s->out = ssc_out_open(o->outpath, o->nthreads))) {
        cli_error("scan", "cannot create %s: %s", o->outpath, strerror(errno));
        return -1;
    }
    ret = ssc_pipeline_run(&pl);
    if (ret == 0 && !s->header_done && (ret = write_header(s)) < 0)
        snprintf(s->errmsg, sizeof s->errmsg, "writing %s: %s", ssc_out_name(s->out), strerror(errno));
    if (s->rd) ssc_reader_close(s->rd);
    s->rd = NULL;
    return scan_out_finish(s->out, ret, s->errmsg, o->outpath);
}

static void cleanup(gscan_t *s)
{
    for (int i = 0; s->tbuf && i < s->opt->nthreads; i++) ssc_tbuf_destroy(s->tbuf[i]);
    for (int i = 0; s->g && i < s->opt->nthreads; i++) ssc_genome_close(s->g[i]);
    for (int i = 0; i < s->npool; i++) free_item(s->pool[i]);
    free(s->tbuf);
    free(s->g);
    free(s->keep);
    free(s->pblk);
    if (s->seen) {
        for (khint_t k = kh_begin(s->seen); k != kh_end(s->seen); k++)
            if (kh_exist(s->seen, k)) free((char *)kh_key(s->seen, k));
        kh_destroy(gname, s->seen);
    }
    scan_energy_destroy(s->en);
    ssc_annot_destroy(s->a);
    ssc_index_destroy((ssc_index_t *)s->idx);
    ssc_mirset_destroy((ssc_mirset_t *)s->ms);
    pthread_mutex_destroy(&s->mu);
}

int scan_genome(const scan_opt_t *o, char **files, int nfiles)
{
    static char *stdin_only[] = { "-" };
    gscan_t s = { 0 };
    int status = 1;
    s.opt = o;
    s.files = nfiles ? files : stdin_only;
    s.nfiles = nfiles ? nfiles : 1;
    pthread_mutex_init(&s.mu, NULL);
    if (!(s.ms = scan_build_mirset(o))) goto out;
    if (!(s.idx = ssc_index_build(s.ms, o->types & SSC_TYPES_ALL ? o->types & SSC_TYPES_ALL : SSC_TYPES_DEFAULT)) ||
        !(s.tbuf = calloc((size_t)o->nthreads, sizeof *s.tbuf))) {
        cli_error("scan", "out of memory");
        goto out;
    }
    if (o->energy && !(s.en = scan_energy_init(s.ms, o->nthreads, o->max_energy, o->types, o->sopt.shadow)))
        goto out;
    for (int i = 0; i < o->nthreads; i++)
        if (!(s.tbuf[i] = ssc_tbuf_init())) {
            cli_error("scan", "out of memory");
            goto out;
        }
    if (o->gtf && load_genome(&s) < 0) goto out;
    if (run(&s) == 0) status = 0;
    ssc_log(SSC_LOG_INFO, "scan", "%lld 3'UTRs, %lld bases, %lld sites", (long long)s.nrec, (long long)s.nbases,
            (long long)s.nsites);
out:
    cleanup(&s);
    return status;
}
