/* scan_ts.c: `seedscan scan` on TargetScan inputs: alignments, species lists, cross-species groups, its site table. */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <htslib/khash.h>
#include "cli/cli.h"
#include "cli/scan_opt.h"
#include "cli/scan_ts.h"
#include "cli/shard.h"
#include "core/core.h"
#include "io/io.h"
#include "targetscan/tsaln.h"
#include "targetscan/ts_fam.h"

KHASH_MAP_INIT_STR(allow, char *)

#define TS_HEADER "a_Gene_ID\tmiRNA_family_ID\tspecies_ID\tMSA_start\tMSA_end\tUTR_start\tUTR_end\t" \
    "Group_num\tSite_type\tmiRNA in this species\tGroup_type\tSpecies_in_this_group\t"           \
    "Species_in_this_group_with_this_site_type\tORF_overlap\n"
#define BATCH_BASES (1 << 20)

/* TargetScan lists a group's site types in the order of its type IDs:
 * 7mer-1a (1), 7mer-m8 (2), 8mer-1a (3), 6mer (6). rank[] maps our types
 * (8mer, 7mer-m8, 7mer-A1, 6mer) to that order. */
static const int rank_of[4] = { 2, 1, 0, 3 };
static const char *const rank_name[4] = { "7mer-1a", "7mer-m8", "8mer-1a", "6mer" };
/* A site of a type also counts for the shorter types nested in it (ranks). */
static const unsigned implied[4] = { 0xf, 0xa, 0x9, 0x8 }; /* by our type */

typedef struct {
    const char *name;       /* family name as printed */
    const ssc_tsfam_t *tf;  /* its species list; NULL: searched in every species */
    int fam;                /* family in the scanner's set */
} tsf_t;

typedef struct {
    int t, row, type, orf;
    int64_t ms, me, us, ue; /* 1-based inclusive MSA columns and UTR positions */
    long group;
    union { size_t off; const char *s; } key; /* "species::ms::me", the Perl script's order */
} tsite_t;

/* Where a Group_num was printed in an item's text: groups are numbered from
 * 1 in each item (items are made in parallel) and renumbered in order when
 * the item is written, so that the counter runs over the whole run. */
typedef struct {
    size_t pos, len;  /* the digits in the item's text */
    long group;       /* the item's own number */
} gref_t;

typedef struct {
    const scan_opt_t *o;
    ssc_tsfams_t tfams;
    ssc_mirset_t *ms;
    ssc_index_t *idx;
    tsf_t *tsf;
    int ntsf, *f2t_off, *f2t;   /* scanner family f -> tsf[f2t[f2t_off[f] .. f2t_off[f+1])] */
    khash_t(allow) *allow;      /* species -> per-tsf flag: searched there */
    pthread_mutex_t allow_mu;
    long group;                 /* Group_num: groups written so far */
    ssc_out_t *out;
    kstring_t wbuf;             /* the writer's renumbered text */
    struct tsw_s *w;            /* one a worker */
    /* the reader: files in order, then a deferred error */
    char **files;
    int nfiles, cur, is_aln;
    ssc_ts_aln_t *aln;
    ssc_reader_t *rd;
    int read_ret;
    /* --shard I/N: units (alignment blocks, FASTA records) in N contiguous
     * runs by cumulative letters or by count, as scan's records */
    cli_shard_t sh;
    char err[1024];
} tsrun_t;

/* One worker's scratch; out, gref belong to the item being made. */
typedef struct tsw_s {
    tsrun_t *r;
    ssc_tbuf_t *tb;
    kstring_t *buf, keys;
    tsite_t *site;
    int nsite, msite;
    int *order;
    int64_t *col, mcol;
    char *seq;
    long group;                 /* groups of the current item */
    gref_t *gref;
    int ngref, mgref;
} tsw_t;

/* ---- the miRNA families ---- */

static int by_tsf_name(const void *a, const void *b)
{
    return strcmp(((const tsf_t *)a)->name, ((const tsf_t *)b)->name);
}

/* Families from a TargetScan family file, with their species lists. */
static int families_from_file(tsrun_t *r)
{
    const scan_opt_t *o = r->o;
    if (ssc_tsfams_load(&r->tfams, o->mirfile, o->species, r->err, sizeof r->err) < 0) return -1;
    snprintf(r->err, sizeof r->err, "out of memory");
    if (!(r->ms = ssc_mirset_init())) return -1;
    if (!(r->tsf = calloc((size_t)r->tfams.n, sizeof *r->tsf))) return -1;
    for (int i = 0; i < r->tfams.n; i++) {
        const ssc_tsfam_t *tf = &r->tfams.fam[i];
        if (ssc_mirset_add_seed(r->ms, tf->name, tf->seed) < 0) return -1;
        r->tsf[i] = (tsf_t){ tf->name, tf, ssc_mirset_family_of(r->ms, i) };
    }
    r->ntsf = r->tfams.n;
    r->err[0] = 0;
    return 0;
}

/* Families of a miRBase FASTA or --mirna: searched in every species. */
static int families_from_set(tsrun_t *r)
{
    if (!(r->ms = scan_build_mirset(r->o))) return r->err[0] = 0, -1;
    r->ntsf = ssc_mirset_n_families(r->ms);
    if (!(r->tsf = calloc((size_t)r->ntsf, sizeof *r->tsf)))
        return snprintf(r->err, sizeof r->err, "out of memory"), -1;
    for (int f = 0; f < r->ntsf; f++) r->tsf[f] = (tsf_t){ ssc_family_name(r->ms, f), NULL, f };
    qsort(r->tsf, (size_t)r->ntsf, sizeof *r->tsf, by_tsf_name);
    return 0;
}

static int map_families(tsrun_t *r)
{
    int nf = ssc_mirset_n_families(r->ms);
    if (!(r->f2t_off = calloc((size_t)nf + 1, sizeof(int))) ||
        !(r->f2t = malloc(((size_t)r->ntsf + 1) * sizeof(int))))
        return -1;
    for (int i = 0; i < r->ntsf; i++) r->f2t_off[r->tsf[i].fam + 1]++;
    for (int f = 0; f < nf; f++) r->f2t_off[f + 1] += r->f2t_off[f];
    int *fill = calloc((size_t)nf, sizeof(int));
    if (!fill) return -1;
    for (int i = 0; i < r->ntsf; i++) {
        int f = r->tsf[i].fam;
        r->f2t[r->f2t_off[f] + fill[f]++] = i;
    }
    free(fill);
    return 0;
}

static int setup(tsrun_t *r, unsigned types)
{
    const scan_opt_t *o = r->o;
    int ret = o->mirfile && !o->mirnas && ssc_tsfams_sniff(o->mirfile) ? families_from_file(r)
                                                                        : families_from_set(r);
    if (ret < 0) return -1;
    if (map_families(r) < 0 || !(r->idx = ssc_index_build(r->ms, types)) || !(r->allow = kh_init(allow)))
        return snprintf(r->err, sizeof r->err, "out of memory"), -1;
    return 0;
}

/* Per-family flags for species sp: 1 where the family is searched in it. */
static const char *allowed_locked(tsrun_t *r, const char *sp)
{
    khint_t k = kh_get(allow, r->allow, sp);
    int absent;
    if (k != kh_end(r->allow)) return kh_val(r->allow, k);
    char *key = strdup(sp), *a = malloc((size_t)r->ntsf + 1);
    if (!key || !a || (k = kh_put(allow, r->allow, key, &absent), absent < 0)) {
        free(key);
        free(a);
        return NULL;
    }
    for (int i = 0; i < r->ntsf; i++) a[i] = !r->tsf[i].tf || ssc_tsfam_has(r->tsf[i].tf, sp);
    kh_val(r->allow, k) = a;
    return a;
}

static const char *allowed_in(tsrun_t *r, const char *sp)
{
    pthread_mutex_lock(&r->allow_mu);
    const char *a = allowed_locked(r, sp);
    pthread_mutex_unlock(&r->allow_mu);
    return a;
}

/* ---- collecting the sites of a block ---- */

/* Ungapped row into r->seq, with r->col[i] = 1-based column of letter i. */
static int64_t degap_row(tsw_t *r, const ssc_ts_row_t *row)
{
    if (row->len + 1 > r->mcol) {
        int64_t m = row->len + 1;
        int64_t *c = realloc(r->col, (size_t)m * sizeof *c);
        char *s = c ? realloc(r->seq, (size_t)m) : NULL;
        if (c) r->col = c;
        if (!s) return SSC_ENOMEM;
        r->seq = s;
        r->mcol = m;
    }
    int64_t n = 0;
    for (int64_t i = 0; i < row->len; i++) {
        char ch = row->aln[i];
        if (ch == '-' || ch == '.') continue;
        r->col[n] = i + 1;
        r->seq[n++] = ch;
    }
    r->seq[n] = 0;
    return n;
}

static int add_site(tsw_t *r, const ssc_ts_block_t *b, int row, int t, const ssc_site_t *s)
{
    SSC_GROW(tsite_t, r->site, r->nsite, r->msite);
    tsite_t *x = &r->site[r->nsite++];
    const ssc_ts_row_t *rw = &b->row[row];
    x->t = t;
    x->row = row;
    x->type = s->type;
    x->ms = r->col[s->start];
    x->me = r->col[s->end - 1];
    x->us = s->start + 1;
    x->ue = s->end;
    x->group = 0;
    x->orf = ssc_ts_orf_overlap(rw->aln, rw->len, x->ms, x->me, r->r->o->sopt.shadow, r->r->o->compat);
    x->key.off = r->keys.l;
    kstring_t *k = &r->keys;
    if (kputs(rw->species, k) < 0 || kputsn("::", 2, k) < 0 || kputll(x->ms, k) < 0 ||
        kputsn("::", 2, k) < 0 || kputll(x->me, k) < 0 || kputc('\0', k) < 0)
        return SSC_ENOMEM;
    return 0;
fail:
    return SSC_ENOMEM;
}

static int collect_row(tsw_t *w, const ssc_ts_block_t *b, int row)
{
    tsrun_t *r = w->r;
    const char *allow = allowed_in(r, b->row[row].species);
    const ssc_site_t *s;
    int64_t len = degap_row(w, &b->row[row]), n;
    if (!allow || len < 0) return SSC_ENOMEM;
    if ((n = ssc_scan(r->idx, &r->o->sopt, w->seq, len, w->tb, &s)) < 0) return (int)n;
    for (int64_t i = 0; i < n; i++) {
        if (s[i].type > SSC_6MER) continue;
        for (int k = r->f2t_off[s[i].fam]; k < r->f2t_off[s[i].fam + 1]; k++) {
            int ret = allow[r->f2t[k]] ? add_site(w, b, row, r->f2t[k], &s[i]) : 0;
            if (ret < 0) return ret;
        }
    }
    return 0;
}

static int by_family_key(const void *pa, const void *pb)
{
    const tsite_t *a = pa, *b = pb;
    if (a->t != b->t) return a->t < b->t ? -1 : 1;
    return strcmp(a->key.s, b->key.s);
}

/* ---- groups ---- */

static void pair(tsite_t *a, tsite_t *b, long *group)
{
    if (a->group && b->group) return;
    if (a->group) b->group = a->group;
    else if (b->group) a->group = b->group;
    else a->group = b->group = ++*group;
}

/* Sites of different species overlapping by at least 2 columns share a
 * group: pairs are taken in order, a site keeps its first group and groups
 * are never merged (greedy, not transitive), as in targetscan_70.pl. */
static void group_sites(tsite_t *s, int n, long *group, int multi)
{
    for (int i = 0; multi && i < n; i++)
        for (int j = 0; j < n; j++) {
            if (s[i].row == s[j].row) continue;
            int64_t lo = s[i].ms > s[j].ms ? s[i].ms : s[j].ms;
            int64_t hi = s[i].me < s[j].me ? s[i].me : s[j].me;
            if (hi - lo + 1 >= 2) pair(&s[i], &s[j], group);
        }
    for (int i = 0; i < n; i++)
        if (!s[i].group) s[i].group = ++*group;
}

/* Species IDs the way the Perl script sorts them: numerically, ties by text. */
static int by_species(const void *pa, const void *pb)
{
    const char *a = *(const char *const *)pa, *b = *(const char *const *)pb;
    double x = strtod(a, NULL), y = strtod(b, NULL);
    if (x != y) return x < y ? -1 : 1;
    return strcmp(a, b);
}

/* Unique species of the sites idx[0..n) (of a block) whose type implies
 * rank (rank < 0: all), space-separated, into s. */
static int put_species(kstring_t *s, const ssc_ts_block_t *b, const tsite_t *site, const int *idx,
                       int n, int rank, const char **tmp)
{
    int m = 0;
    for (int i = 0; i < n; i++) {
        const tsite_t *x = &site[idx[i]];
        if (rank < 0 || (implied[x->type] >> rank & 1)) tmp[m++] = b->row[x->row].species;
    }
    qsort(tmp, (size_t)m, sizeof *tmp, by_species);
    for (int i = 0, k = 0; i < m; i++) {
        if (i && strcmp(tmp[i], tmp[i - 1]) == 0) continue;
        if ((k++ && kputc(' ', s) < 0) || kputs(tmp[i], s) < 0) return SSC_ENOMEM;
    }
    return 0;
}

static int put_group_type(kstring_t *s, unsigned ranks)
{
    for (int k = 0, first = 1; k < 4; k++)
        if (ranks >> k & 1) {
            if ((!first && kputc('+', s) < 0) || kputs(rank_name[k], s) < 0) return SSC_ENOMEM;
            first = 0;
        }
    return 0;
}

/* Columns 1-10 of a site's row, each followed by a tab (kputs/kputll: this
 * is the hot loop with thousands of families). */
static int put_row_start(tsw_t *w, kstring_t *s, const ssc_ts_block_t *b, const char *family, const tsite_t *x)
{
    const int64_t num[4] = { x->ms, x->me, x->us, x->ue };
    if (kputs(b->gene, s) < 0 || kputc('\t', s) < 0 || kputs(family, s) < 0 || kputc('\t', s) < 0 ||
        kputs(b->row[x->row].species, s) < 0)
        return SSC_ENOMEM;
    for (int i = 0; i < 4; i++)
        if (kputc('\t', s) < 0 || kputll(num[i], s) < 0) return SSC_ENOMEM;
    if (kputc('\t', s) < 0) return SSC_ENOMEM;
    SSC_GROW(gref_t, w->gref, w->ngref, w->mgref);
    w->gref[w->ngref] = (gref_t){ s->l, 0, x->group };
    if (kputl(x->group, s) < 0) return SSC_ENOMEM;
    w->gref[w->ngref].len = s->l - w->gref[w->ngref].pos;
    w->ngref++;
    if (kputc('\t', s) < 0 || kputs(rank_name[rank_of[x->type]], s) < 0 || kputsn("\tx\t", 3, s) < 0)
        return SSC_ENOMEM;
    return 0;
fail:
    return SSC_ENOMEM;
}

/* The rows of one group: idx[0..n) into r->site, in output order. */
static int emit_group(tsw_t *r, const ssc_ts_block_t *b, const int *idx, int n, const char **tmp)
{
    kstring_t *s = r->buf;
    unsigned ranks = 0;
    for (int i = 0; i < n; i++) ranks |= 1u << rank_of[r->site[idx[i]].type];
    for (int i = 0; i < n; i++) {
        const tsite_t *x = &r->site[idx[i]];
        int rank = rank_of[x->type];
        if (put_row_start(r, s, b, r->r->tsf[x->t].name, x) < 0 || put_group_type(s, ranks) < 0 || kputc('\t', s) < 0 ||
            put_species(s, b, r->site, idx, n, -1, tmp) < 0 || kputc('\t', s) < 0)
            return SSC_ENOMEM;
        if (ranks != 1u << rank && put_species(s, b, r->site, idx, n, rank, tmp) < 0)
            return SSC_ENOMEM;
        if (kputsn(x->orf ? "\t1\n" : "\t0\n", 3, s) < 0) return SSC_ENOMEM;
    }
    return 0;
}

static int by_group(const void *pa, const void *pb, void *ctx)
{
    const tsite_t *s = ctx;
    int a = *(const int *)pa, b = *(const int *)pb;
    if (s[a].group != s[b].group) return s[a].group < s[b].group ? -1 : 1;
    return a < b ? -1 : a > b;  /* stable: the key order within a group */
}

/* Group and print the sites [a, b) of one family (sorted by key). */
static int emit_family(tsw_t *r, const ssc_ts_block_t *blk, int a, int b, const char **tmp)
{
    int n = b - a, *ord = r->order;
    group_sites(r->site + a, n, &r->group, blk->n > 1);
    for (int i = 0; i < n; i++) ord[i] = a + i;
    qsort_r(ord, (size_t)n, sizeof *ord, by_group, r->site);
    for (int i = 0, j; i < n; i = j) {
        for (j = i + 1; j < n && r->site[ord[j]].group == r->site[ord[i]].group; j++) {}
        if (emit_group(r, blk, ord + i, j - i, tmp) < 0) return SSC_ENOMEM;
    }
    return 0;
}

/* TargetScan's site table for one block, appended to r->buf. */
static int table_block(tsw_t *r, const ssc_ts_block_t *b)
{
    int ret = 0;
    r->nsite = 0;
    r->keys.l = 0;
    for (int i = 0; i < b->n && ret == 0; i++) ret = collect_row(r, b, i);
    if (ret < 0) return ret;
    for (int i = 0; i < r->nsite; i++) r->site[i].key.s = r->keys.s + r->site[i].key.off;
    if (r->nsite > 1) qsort(r->site, (size_t)r->nsite, sizeof *r->site, by_family_key);
    int *ord = realloc(r->order, ((size_t)r->nsite + 1) * sizeof *ord);
    const char **tmp = malloc(((size_t)r->nsite + 1) * sizeof *tmp);
    if (ord) r->order = ord;
    for (int a = 0, b2; ord && tmp && a < r->nsite && ret == 0; a = b2) {
        for (b2 = a + 1; b2 < r->nsite && r->site[b2].t == r->site[a].t; b2++) {}
        ret = emit_family(r, b, a, b2, tmp);
    }
    free(tmp);
    return ord && tmp ? ret : SSC_ENOMEM;
}

/* ---- sites per gene and species in seedscan's own formats ---- */

static int plain_row(tsw_t *w, const ssc_ts_block_t *b, int row, kstring_t *name)
{
    tsrun_t *r = w->r;
    const scan_opt_t *o = r->o;
    const char *allow = allowed_in(r, b->row[row].species);
    int64_t len = degap_row(w, &b->row[row]);
    if (!allow || len < 0) return SSC_ENOMEM;
    name->l = 0;
    ksprintf(name, "%s.%s", b->gene, b->row[row].species);
    ssc_rec_t rec = { .name = name->s, .comment = "", .seq = w->seq, .len = len, .line = b->row[row].line };
    if (o->summary) {
        const uint32_t *cnt;
        const int32_t *fams;
        int nf = ssc_count(r->idx, &o->sopt, w->seq, len, w->tb, &cnt, &fams), k = 0;
        if (nf < 0) return nf;
        int32_t *keep = malloc(((size_t)nf + 1) * sizeof *keep);
        if (!keep) return SSC_ENOMEM;
        for (int i = 0; i < nf; i++)
            for (int j = r->f2t_off[fams[i]]; j < r->f2t_off[fams[i] + 1]; j++)
                if (allow[r->f2t[j]]) {
                    keep[k++] = fams[i];
                    break;
                }
        int ret = ssc_format_summary(w->buf, r->ms, o->types, &rec, cnt, keep, k);
        free(keep);
        return ret;
    }
    const ssc_site_t *s;
    int64_t n = ssc_scan(r->idx, &o->sopt, w->seq, len, w->tb, &s), k = 0;
    if (n < 0) return (int)n;
    ssc_site_t *keep = malloc(((size_t)n + 1) * sizeof *keep);
    if (!keep) return SSC_ENOMEM;
    for (int64_t i = 0; i < n; i++)
        for (int j = r->f2t_off[s[i].fam]; j < r->f2t_off[s[i].fam + 1]; j++)
            if (allow[r->f2t[j]]) {
                keep[k++] = s[i];
                break;
            }
    int ret = o->format == SCAN_BED ? ssc_format_bed(w->buf, r->ms, &rec, keep, k)
                                    : ssc_format_tsv(w->buf, r->ms, &rec, keep, k);
    free(keep);
    return ret;
}

static int plain_block(tsw_t *r, const ssc_ts_block_t *b)
{
    kstring_t name = { 0, 0, NULL };
    int ret = 0;
    for (int i = 0; i < b->n && ret == 0; i++) ret = plain_row(r, b, i, &name);
    free(name.s);
    return ret;
}

static void warn_unlisted(tsrun_t *r, const char *sp);

/* ---- inputs: read in order, blocks in parallel, written in order ---- */

/* A run of blocks (alignment) or records (FASTA, one block each). */
typedef struct {
    ssc_ts_block_t *blk;
    int nblk, mblk;
    ssc_batch_t batch;
    int fasta;
    kstring_t out;
    gref_t *gref;
    int ngref;
    long ngroup;
    int ret;
} tsitem_t;

static void item_free(tsitem_t *it)
{
    if (!it) return;
    for (int i = 0; i < it->nblk; i++) ssc_ts_block_free(&it->blk[i]);
    free(it->blk);
    ssc_batch_free(&it->batch);
    free(it->out.s);
    free(it->gref);
    free(it);
}

/* Open files[cur]: an alignment, or FASTA (warned about when no family lists its species). */
static int open_next(tsrun_t *r)
{
    const char *path = r->files[r->cur];
    r->is_aln = cli_is_ts_alignment(path);
    if (r->is_aln ? !(r->aln = ssc_ts_aln_open(path)) : !(r->rd = ssc_reader_open(path, 1)))
        return snprintf(r->err, sizeof r->err, "%s: %s", path, strerror(errno)), SSC_EIO;
    if (!r->is_aln) warn_unlisted(r, r->o->species_id);
    return 0;
}

static void close_cur(tsrun_t *r)
{
    ssc_ts_aln_close(r->aln);
    ssc_reader_close(r->rd);
    r->aln = NULL;
    r->rd = NULL;
    r->cur++;
}

/* Letters of a block (its rows' ungapped lengths). */
static int64_t block_len(const ssc_ts_block_t *b)
{
    int64_t n = 0;
    for (int i = 0; i < b->n; i++) n += b->row[i].ulen;
    return n;
}

/* Whether a unit of len letters is in this run's shard (always without --shard). */
static int in_shard(tsrun_t *r, int64_t len)
{
    if (!r->sh.n) return 1;
    int which = cli_shard_next(&r->sh, len);
    if (which > r->sh.i - 1) r->sh.done = 1;
    return which == r->sh.i - 1;
}

/* The total the shards divide: units or letters of every input (a first pass). */
static int shard_total(tsrun_t *r)
{
    for (int f = 0; f < r->nfiles; f++) {
        const char *path = r->files[f];
        int ret = 0;
        if (strcmp(path, "-") == 0)
            return snprintf(r->err, sizeof r->err, "--shard needs input files, not stdin"), SSC_EINVAL;
        if (cli_is_ts_alignment(path)) {
            ssc_ts_aln_t *a = ssc_ts_aln_open(path);
            ssc_ts_block_t b;
            if (!a) return snprintf(r->err, sizeof r->err, "%s: %s", path, strerror(errno)), SSC_EIO;
            ssc_ts_block_init(&b);
            while ((ret = ssc_ts_aln_read(a, &b)) > 0) r->sh.total_rec++, r->sh.total_bases += block_len(&b);
            if (ret < 0) snprintf(r->err, sizeof r->err, "%s", ssc_ts_aln_errmsg(a));
            ssc_ts_block_free(&b);
            ssc_ts_aln_close(a);
        } else {
            ret = cli_shard_count(&r->sh, path, 1, r->err, sizeof r->err);
        }
        if (ret < 0) return ret;
    }
    return 0;
}

/* Blocks of the open alignment into it, up to BATCH_BASES letters; 0 at its end. */
static int read_blocks(tsrun_t *r, tsitem_t *it)
{
    int64_t bases = 0;
    while (bases < BATCH_BASES) {
        if (it->nblk == it->mblk) {
            int m = it->mblk ? 2 * it->mblk : 16;
            ssc_ts_block_t *nb = realloc(it->blk, (size_t)m * sizeof *nb);
            if (!nb) return snprintf(r->err, sizeof r->err, "out of memory"), SSC_ENOMEM;
            it->blk = nb;
            it->mblk = m;
        }
        ssc_ts_block_t *b = &it->blk[it->nblk];
        ssc_ts_block_init(b);
        int ret = ssc_ts_aln_read(r->aln, b);
        if (ret <= 0) {
            ssc_ts_block_free(b);
            if (ret < 0) snprintf(r->err, sizeof r->err, "%s", ssc_ts_aln_errmsg(r->aln));
            return ret < 0 ? ret : it->nblk > 0;
        }
        if (!in_shard(r, block_len(b))) {
            ssc_ts_block_free(b);
            if (r->sh.done) return it->nblk > 0;
            continue;
        }
        it->nblk++;
        for (int i = 0; i < b->n; i++) bases += b->row[i].len;
    }
    return 1;
}

/* The next item, or NULL at the end; an error is kept in r until the items
 * before it are written (as the serial run printed them). */
static void *read_item(void *shared, int *err)
{
    tsrun_t *r = shared;
    tsitem_t *it = calloc(1, sizeof *it);
    (void)err;
    if (!it) return r->read_ret = SSC_ENOMEM, snprintf(r->err, sizeof r->err, "out of memory"), NULL;
    ssc_batch_init(&it->batch);
    while (r->read_ret == 0 && r->cur < r->nfiles && !r->sh.done) {
        int ret;
        if (!r->aln && !r->rd && (ret = open_next(r)) < 0) {
            r->read_ret = ret;
            break;
        }
        if (r->is_aln) {
            ret = read_blocks(r, it);
        } else {
            it->fasta = 1;
            ret = ssc_reader_read(r->rd, &it->batch, BATCH_BASES);
            if (ret < 0) snprintf(r->err, sizeof r->err, "%s", ssc_reader_errmsg(r->rd));
            if (ret > 0 && r->o->shard_n) {
                cli_shard_filter(&r->sh, &it->batch);
                if (it->batch.n == 0) continue; /* none of this shard in the batch */
            }
        }
        if (ret < 0) r->read_ret = ret;
        else if (ret > 0) return it;
        else close_cur(r);
    }
    item_free(it);
    return NULL;
}

static int work_block(tsw_t *w, const ssc_ts_block_t *b)
{
    return w->r->o->format == SCAN_TARGETSCAN ? table_block(w, b) : plain_block(w, b);
}

static int work_item(void *shared, void *item, int tid)
{
    tsrun_t *r = shared;
    tsitem_t *it = item;
    tsw_t *w = &r->w[tid];
    int ret = 0;
    w->buf = &it->out;
    w->group = 0;
    w->ngref = 0;
    if (it->fasta) {
        for (int i = 0; i < it->batch.n && ret == 0; i++) {
            ssc_rec_t *x = &it->batch.rec[i];
            ssc_ts_row_t row = { (char *)r->o->species_id, x->seq, x->len, x->len, x->line };
            ssc_ts_block_t b = { x->name, &row, 1, 1 };
            ret = work_block(w, &b);
        }
    } else {
        for (int i = 0; i < it->nblk && ret == 0; i++) ret = work_block(w, &it->blk[i]);
    }
    it->ngroup = w->group;
    if (ret == 0 && w->ngref) {
        if (!(it->gref = malloc((size_t)w->ngref * sizeof *it->gref))) ret = SSC_ENOMEM;
        else memcpy(it->gref, w->gref, (size_t)w->ngref * sizeof *it->gref), it->ngref = w->ngref;
    }
    it->ret = ret;
    return 0; /* an error waits for its turn in write_item */
}

/* The item's text with its groups numbered after those written before it. */
static int write_item(void *shared, void *item)
{
    tsrun_t *r = shared;
    tsitem_t *it = item;
    const kstring_t *t = &it->out;
    int ret = it->ret;
    if (ret < 0) snprintf(r->err, sizeof r->err, "%s", ssc_strerror(ret));
    if (ret == 0 && it->ngref) {
        size_t from = 0;
        r->wbuf.l = 0;
        for (int i = 0; i < it->ngref && ret == 0; i++) {
            const gref_t *g = &it->gref[i];
            if (kputsn(t->s + from, g->pos - from, &r->wbuf) < 0 || kputl(r->group + g->group, &r->wbuf) < 0)
                ret = SSC_ENOMEM;
            from = g->pos + g->len;
        }
        if (ret == 0 && kputsn(t->s + from, t->l - from, &r->wbuf) < 0) ret = SSC_ENOMEM;
        t = &r->wbuf;
    }
    r->group += it->ngroup;
    if (ret == 0 && (ret = ssc_out_write(r->out, t->s ? t->s : "", t->l)) < 0)
        snprintf(r->err, sizeof r->err, "writing %s: %s", ssc_out_name(r->out), strerror(errno));
    item_free(it);
    return ret;
}

static void discard_item(void *shared, void *item)
{
    (void)shared;
    item_free(item);
}

/* A FASTA file gets no site when no family lists its species: say so. */
static void warn_unlisted(tsrun_t *r, const char *sp)
{
    const char *a = allowed_in(r, sp);
    for (int i = 0; a && i < r->ntsf; i++)
        if (a[i]) return;
    if (a) cli_warn("scan", "no miRNA family of %s lists species %s (--species-id): no sites",
                    r->o->mirfile, sp);
}

static void tsw_free(tsw_t *w)
{
    ssc_tbuf_destroy(w->tb);
    free(w->keys.s);
    free(w->site);
    free(w->order);
    free(w->col);
    free(w->seq);
    free(w->gref);
}

static void tsrun_free(tsrun_t *r, int nt)
{
    khint_t k;
    if (r->allow) {
        for (k = kh_begin(r->allow); k != kh_end(r->allow); k++)
            if (kh_exist(r->allow, k)) {
                free((char *)kh_key(r->allow, k));
                free(kh_val(r->allow, k));
            }
        kh_destroy(allow, r->allow);
    }
    for (int t = 0; r->w && t < nt; t++) tsw_free(&r->w[t]);
    free(r->w);
    ssc_ts_aln_close(r->aln);
    ssc_reader_close(r->rd);
    ssc_index_destroy(r->idx);
    ssc_mirset_destroy(r->ms);
    ssc_tsfams_free(&r->tfams);
    free(r->tsf);
    free(r->f2t_off);
    free(r->f2t);
    free(r->wbuf.s);
}

static int write_header(tsrun_t *r)
{
    const scan_opt_t *o = r->o;
    r->wbuf.l = 0;
    if (o->provenance) kputs(o->provenance, &r->wbuf);
    if (o->format == SCAN_TARGETSCAN) kputs(TS_HEADER, &r->wbuf);
    else if (o->summary) ssc_format_summary_header(&r->wbuf, o->types);
    else if (o->format == SCAN_TSV) ssc_format_tsv_header(&r->wbuf);
    int ret = ssc_out_write(r->out, r->wbuf.s ? r->wbuf.s : "", r->wbuf.l);
    r->wbuf.l = 0;
    if (ret < 0)
        snprintf(r->err, sizeof r->err, "writing %s: %s", ssc_out_name(r->out), strerror(errno));
    return ret;
}

int scan_targetscan(const scan_opt_t *o, char **files, int nfiles)
{
    tsrun_t r;
    int ret = -1, nt = o->nthreads > 1 ? o->nthreads : 1;
    memset(&r, 0, sizeof r);
    r.o = o;
    r.files = files;
    r.nfiles = nfiles;
    pthread_mutex_init(&r.allow_mu, NULL);
    if (o->format == SCAN_TARGETSCAN && o->summary) {
        cli_error("scan", "--summary writes TSV; it cannot be combined with --format targetscan");
        pthread_mutex_destroy(&r.allow_mu);
        return 1;
    }
    if (setup(&r, o->format == SCAN_TARGETSCAN ? SSC_TYPES_DEFAULT : o->types) < 0) goto out;
    if (!(r.w = calloc((size_t)nt, sizeof *r.w))) goto oom;
    for (int t = 0; t < nt; t++) {
        r.w[t].r = &r;
        if (!(r.w[t].tb = ssc_tbuf_init())) goto oom;
    }
    if (!(r.out = ssc_out_open_level(o->outpath, o->nthreads, o->level))) {
        snprintf(r.err, sizeof r.err, "cannot create %s: %s", o->outpath, strerror(errno));
        goto out;
    }
    r.sh = (cli_shard_t){ .i = o->shard_i, .n = o->shard_n, .by_records = o->shard_by_records };
    ret = o->shard_n ? shard_total(&r) : 0;
    if (ret == 0) ret = write_header(&r);
    if (ret == 0) {
        ssc_pipeline_t pl = { read_item, work_item, write_item, discard_item, &r, nt };
        ret = ssc_pipeline_run(&pl);
        if (ret == SSC_ENOMEM && !r.err[0]) snprintf(r.err, sizeof r.err, "out of memory");
        if (ret == 0) ret = r.read_ret; /* after everything before it was written */
    }
    if (ssc_out_close(r.out, ret == 0) < 0 && ret == 0) {
        snprintf(r.err, sizeof r.err, "writing %s: %s", o->outpath ? o->outpath : "stdout",
                 strerror(errno));
        ret = -1;
    }
    goto out;
oom:
    snprintf(r.err, sizeof r.err, "out of memory");
out:
    if (ret < 0 && r.err[0]) cli_error("scan", "%s", r.err);
    tsrun_free(&r, nt);
    pthread_mutex_destroy(&r.allow_mu);
    return ret < 0 ? 1 : 0;
}
