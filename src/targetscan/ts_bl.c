/* ts_bl.c: TargetScan 7 branch lengths: UTR median BL and bin, site BL score, PCT and conserved flag. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <htslib/khash.h>
#include <limits.h>
#include <sys/stat.h>
#include "seedscan.h"
#include "targetscan/ts_bl.h"

/* Name -> row index; keys point at strings owned by the table. */
KHASH_MAP_INIT_STR(ts_idx, int)

/* Index key -> i (replacing an earlier row with that key). */
static int idx_put(void **idx, const char *key, int i)
{
    int absent;
    if (!*idx && !(*idx = kh_init(ts_idx))) return SSC_ENOMEM;
    khash_t(ts_idx) *h = *idx;
    khint_t k = kh_put(ts_idx, h, key, &absent);
    if (absent < 0) return SSC_ENOMEM;
    kh_key(h, k) = key; /* the latest row's copy stays valid as long as the table */
    kh_val(h, k) = i;
    return 0;
}

static int idx_get(const void *idx, const char *key)
{
    const khash_t(ts_idx) *h = idx;
    if (!h) return -1;
    khint_t k = kh_get(ts_idx, h, key);
    return k == kh_end(h) ? -1 : kh_val(h, k);
}

static void idx_free(void **idx)
{
    if (*idx) kh_destroy(ts_idx, (khash_t(ts_idx) *)*idx);
    *idx = NULL;
}

/* Minimum median branch length of bins 1..10 (targetscan_70_BL_bins.pl, TargetScan 7). */
static const double bin_threshold[SSC_TS_NBINS] = {
    0, 1.21207417, 2.17396073, 2.80215414, 3.26272822,
    3.65499277, 4.01461968, 4.40729032, 4.90457274, 5.78196252};

/* Branch length at or above which a site counts as conserved (TargetScanHuman 7),
 * by type; 6mers never do. */
static const double cons_threshold[4] = {1.8, 2.8, 3.6, 100};

/* Euler's number as written in TargetScan's code; PCT raises it to a power. */
static const double e_const = 2.71828182845904523536;

typedef struct {
    char seed[8];
    double b[4];
} pct_coef_t;

typedef struct {
    pct_coef_t *c;
    int n, m;
} pct_table_t;

struct ssc_ts_bl_s {
    ssc_newick_t generic;
    ssc_newick_t bin[SSC_TS_NBINS];
    pct_table_t pct[3]; /* by type: 8mer, 7mer-m8, 7mer-A1 */
};

/* ---- parameters ------------------------------------------------------------------ */

static int pct_line(char *line, int64_t lineno, void *ctx, const char **why)
{
    pct_table_t *t = ctx;
    char *fld[5], *end;
    (void)lineno;
    *why = "expected a 7-nt seed and four numbers";
    if (ssc_ts_split_tabs(line, fld, 5) != 5 || strlen(fld[0]) != 7) return SSC_EFORMAT;
    if (t->n == t->m) {
        int m = t->m ? t->m * 2 : 128;
        pct_coef_t *c = realloc(t->c, m * sizeof *c);
        if (!c) return SSC_ENOMEM;
        t->c = c;
        t->m = m;
    }
    pct_coef_t *c = &t->c[t->n];
    snprintf(c->seed, sizeof c->seed, "%s", fld[0]);
    for (int i = 0; i < 4; i++) {
        c->b[i] = strtod(fld[i + 1], &end);
        if (end == fld[i + 1] || *end) return SSC_EFORMAT;
    }
    t->n++;
    return 0;
}


void ssc_ts_bl_destroy(ssc_ts_bl_t *p)
{
    if (!p) return;
    ssc_newick_free(&p->generic);
    for (int i = 0; i < SSC_TS_NBINS; i++) ssc_newick_free(&p->bin[i]);
    for (int i = 0; i < 3; i++) free(p->pct[i].c);
    free(p);
}

ssc_ts_bl_t *ssc_ts_bl_load(const char *dir, char *err, size_t errsz)
{
    static const char *pct_file[3] = {"8mer_PCT_parameters.txt", "7mer_m8_PCT_parameters.txt",
                                      "7mer_1a_PCT_parameters.txt"};
    char path[4096];
    ssc_ts_bl_t *p = calloc(1, sizeof *p);
    if (!p) return NULL;
    snprintf(path, sizeof path, "%s/Tree.generic.txt", dir);
    if (ssc_newick_load(&p->generic, path, err, errsz) < 0) goto fail;
    for (int i = 0; i < SSC_TS_NBINS; i++) {
        snprintf(path, sizeof path, "%s/Tree.bin_%02d.txt", dir, i + 1);
        if (ssc_newick_load(&p->bin[i], path, err, errsz) < 0) goto fail;
    }
    for (int i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, pct_file[i]);
        if (ssc_ts_file_each(path, 1, pct_line, &p->pct[i], err, errsz) < 0) goto fail;
    }
    return p;
fail:
    ssc_ts_bl_destroy(p);
    return NULL;
}

/* ---- UTR median branch length and bin ------------------------------------- */

int ssc_ts_bin_of(double median)
{
    int bin = 1;
    for (int i = 0; i < SSC_TS_NBINS; i++)
        if (median > bin_threshold[i]) bin = i + 1;
    return bin;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Median as Statistics::Lite computes it (mean of the middle two when even). */
static double median_of(double *v, int64_t n)
{
    if (n == 0) return NAN;
    qsort(v, n, sizeof *v, cmp_double);
    if (n & 1) return v[n / 2];
    return (v[n / 2 - 1] + v[n / 2]) / 2;
}

static int cmp_row_species(const void *a, const void *b, void *blk)
{
    const ssc_ts_block_t *bk = blk;
    return strcmp(bk->row[*(const int *)a].species, bk->row[*(const int *)b].species);
}

/* Column branch lengths of one block: the species set of a column has at
 * most 2^n values, so for small blocks each set is computed once. */
typedef struct {
    const ssc_newick_t *t;
    const ssc_ts_block_t *b;
    int *order, *node, *set; /* rows in species string order, their tree nodes, scratch */
    int start;               /* the reference's node */
    double *memo;            /* 2^n entries (NaN = not yet), or NULL */
} colbl_t;

#define MEMO_MAX_ROWS 16

/* Branch length of one column: the species (in string order, as TargetScan
 * sorts them) whose letter equals the reference's, joined on the tree. */
static double column_bl(colbl_t *c, int64_t col, char refc)
{
    int k = 0;
    unsigned mask = 0;
    for (int j = 0; j < c->b->n; j++) {
        const ssc_ts_row_t *r = &c->b->row[c->order[j]];
        if (col < r->len && tolower((unsigned char)r->aln[col]) == tolower((unsigned char)refc)) {
            c->set[k++] = c->node[c->order[j]];
            mask |= 1u << (j & 31);
        }
    }
    if (k < 2) return 0;
    if (c->memo && !isnan(c->memo[mask])) return c->memo[mask];
    double bl = ssc_newick_span(c->t, c->start, c->set, k);
    if (c->memo && bl >= 0) c->memo[mask] = bl;
    return bl;
}

static int colbl_init(colbl_t *c, const ssc_newick_t *t, const ssc_ts_block_t *b, const char *ref)
{
    memset(c, 0, sizeof *c);
    c->t = t;
    c->b = b;
    if (!(c->order = malloc(3 * (size_t)b->n * sizeof *c->order))) return SSC_ENOMEM;
    c->node = c->order + b->n;
    c->set = c->node + b->n;
    for (int j = 0; j < b->n; j++) {
        c->order[j] = j;
        c->node[j] = ssc_newick_find(t, b->row[j].species);
    }
    qsort_r(c->order, b->n, sizeof *c->order, cmp_row_species, (void *)b);
    c->start = ssc_newick_find(t, ref);
    if (b->n <= MEMO_MAX_ROWS && (c->memo = malloc(sizeof *c->memo << b->n)))
        for (size_t i = 0; i < (size_t)1 << b->n; i++) c->memo[i] = NAN;
    return 0;
}

static void colbl_free(colbl_t *c)
{
    free(c->order);
    free(c->memo);
}

int ssc_ts_utr_bin(const ssc_ts_bl_t *p, const ssc_ts_block_t *b, const char *ref,
                   double *median, int *bin)
{
    const ssc_ts_row_t *rr = ssc_ts_block_find(b, ref);
    colbl_t c;
    int ret = 0;
    int64_t n = 0;
    *median = NAN;
    *bin = 1;
    if (!rr) return 1;
    double *bl = malloc((rr->len + 1) * sizeof *bl);
    if (!bl || colbl_init(&c, &p->generic, b, ref) < 0) {
        free(bl);
        return SSC_ENOMEM;
    }
    for (int64_t col = 0; col < rr->len && ret == 0; col++) {
        if (rr->aln[col] == '-') continue; /* only columns where the reference has a letter */
        if ((bl[n++] = column_bl(&c, col, rr->aln[col])) < 0) ret = SSC_ENOMEM;
    }
    if (ret == 0) {
        *median = median_of(bl, n);
        *bin = n ? ssc_ts_bin_of(*median) : 1;
    }
    colbl_free(&c);
    free(bl);
    return ret;
}

int ssc_ts_format_utr_bin(kstring_t *s, const char *gene, double median, int bin)
{
    int ret = isnan(median) ? ksprintf(s, "%s\t\t%d\n", gene, bin)
                            : ksprintf(s, "%s\t%.15g\t%d\n", gene, median, bin);
    return ret < 0 ? SSC_ENOMEM : 0;
}

/* ---- site table ------------------------------------------------------------------- */

static const char *ts_type_names[4] = {"8mer-1a", "7mer-m8", "7mer-1a", "6mer"};

int ssc_ts_type_from_name(const char *name)
{
    /* the first letter leaves one name to compare, or two for '7' */
    if (name[0] == '7') return strcmp(name, ts_type_names[1]) == 0 ? 1 : strcmp(name, ts_type_names[2]) == 0 ? 2 : -1;
    int i = name[0] == '8' ? 0 : name[0] == '6' ? 3 : -1;
    return i >= 0 && strcmp(name, ts_type_names[i]) == 0 ? i : -1;
}

const char *ssc_ts_type_name(int type) { return type >= 0 && type < 4 ? ts_type_names[type] : NULL; }

void ssc_ts_sites_free(ssc_ts_sites_t *s)
{
    for (int i = 0; i < s->nblk; i++) ssc_ts_huge_unmap(s->blk[i], s->blklen[i]);
    free(s->blk);
    free(s->blklen);
    ssc_ts_huge_unmap(s->row, s->mapped);
    memset(s, 0, sizeof *s);
}

#define SITE_BLK (1u << 20)      /* bytes of row text of the first block */
#define SITE_BLK_MAX (32u << 20) /* and of the largest (more for a longer row) */

/* n bytes of the table's text; NULL when out of memory. */
static char *sites_text(ssc_ts_sites_t *s, size_t n)
{
    if (s->nblk == 0 || s->cap - s->used < n) {
        if (s->nblk == s->mblk) {
            int m = s->mblk ? 2 * s->mblk : 16;
            char **b = realloc(s->blk, (size_t)m * sizeof *b);
            if (!b) return NULL;
            s->blk = b;
            size_t *l = realloc(s->blklen, (size_t)m * sizeof *l);
            if (!l) return NULL;
            s->blklen = l, s->mblk = m;
        }
        size_t cap = s->nblk == 0 ? SITE_BLK : s->cap < SITE_BLK_MAX ? 2 * s->cap : SITE_BLK_MAX;
        if (cap < n) cap = n;
        s->blklen[s->nblk] = 0;
        if (cap < (2u << 20) ? !(s->blk[s->nblk] = malloc(cap))
                             : !(s->blk[s->nblk] = ssc_ts_huge_map(cap, &s->blklen[s->nblk])))
            return NULL;
        s->nblk++;
        s->cap = cap;
        s->used = 0;
    }
    s->used += n;
    return s->blk[s->nblk - 1] + s->used - n;
}

/* Parse a non-negative integer field; -1 if it is not one. */
static long long parse_count(const char *s)
{
    long long v = 0;
    if (*s < '0' || *s > '9') return -1;
    /* 18 digits cannot pass 2^63: no overflow test a digit (the table's counts have a few) */
    int n = 0;
    while (n < 18 && s[n] >= '0' && s[n] <= '9') v = v * 10 + (s[n++] - '0');
    if (s[n] < '0' || s[n] > '9') return s[n] ? -1 : v;
    for (v = 0; *s >= '0' && *s <= '9'; s++) {
        if (v > (LLONG_MAX - (*s - '0')) / 10) return -1; /* a number past 2^63 is no count */
        v = v * 10 + (*s - '0');
    }
    return *s ? -1 : v;
}

int ssc_ts_site_parse(char *line, ssc_ts_siterow_t *r, size_t *len, const char **why)
{
    char *fld[SSC_TS_NCOLS];
    int nf = ssc_ts_split_tabs_padded(line, fld, SSC_TS_NCOLS); /* a line of ssc_ts_file_getline */
    if (nf < 13 || nf > SSC_TS_NCOLS) return *why = "expected 13 or 14 tab-separated columns", SSC_EFORMAT;
    r->ncol = nf;
    /* the fields, NUL-separated, one after another (text); absent ones share the final "" */
    *len = (size_t)(fld[nf - 1] - fld[0]) + strlen(fld[nf - 1]) + 1;
    if (*len > SSC_TS_ROW_MAX) /* TargetScan's rows are ~100 bytes: this is no site row */
        return *why = "line longer than 65,533 characters: not a site table row", SSC_EFORMAT;
    r->text = line;
    for (int k = 1; k < SSC_TS_NCOLS; k++) r->off[k - 1] = (uint16_t)(k < nf ? (size_t)(fld[k] - fld[0]) : *len);
    if ((r->type = ssc_ts_type_from_name(fld[8])) < 0) return *why = "unknown site type", SSC_EFORMAT;
    r->utr_start = parse_count(fld[5]);
    r->utr_end = parse_count(fld[6]);
    if (r->utr_start < 1 || r->utr_end < r->utr_start) return *why = "bad UTR_start/UTR_end", SSC_EFORMAT;
    r->group = (long)parse_count(fld[7]);
    return 0;
}

static int site_parse(ssc_ts_sites_t *s, ssc_ts_siterow_t *r, char *line, const char **why)
{
    size_t len;
    int ret = ssc_ts_site_parse(line, r, &len, why);
    if (ret < 0) return ret;
    if (!(r->text = sites_text(s, len + 1))) return SSC_ENOMEM;
    memcpy(r->text, line, len);
    r->text[len] = 0;
    return 0;
}

/* Room for m rows: past 1 MB the array is a huge-page mapping (a page
 * fault every 4 KiB is a sizeable cost for tables of tens of MB). */
static int sites_room(ssc_ts_sites_t *s, int m)
{
    size_t want = (size_t)m * sizeof *s->row, len = 0;
    ssc_ts_siterow_t *row;
    if (want >= (1u << 20)) {
        if (!(row = ssc_ts_huge_map(want, &len))) return SSC_ENOMEM;
        if (s->n) memcpy(row, s->row, (size_t)s->n * sizeof *row);
        ssc_ts_huge_unmap(s->row, s->mapped);
    } else if (!(row = realloc(s->row, want))) {
        return SSC_ENOMEM;
    }
    s->row = row; /* rows are cleared as they are taken (site_line), not here: touching the
                   * whole new half faults in pages a short table never uses */
    s->m = m;
    s->mapped = len;
    return 0;
}

static int sites_push(ssc_ts_sites_t *s)
{
    return s->n < s->m ? 0 : sites_room(s, s->m ? s->m * 2 : 256);
}

static int site_line(char *line, int64_t lineno, void *ctx, const char **why)
{
    ssc_ts_sites_t *s = ctx;
    int ret;
    if ((ret = sites_push(s)) < 0) return ret;
    ssc_ts_siterow_t *r = &s->row[s->n++];
    memset(r, 0, sizeof *r);
    r->line = lineno;
    return site_parse(s, r, line, why);
}

int ssc_ts_site_rows_guess(const char *path)
{
    struct stat st;
    if (strcmp(path, "-") == 0 || stat(path, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size <= (1 << 20) ||
        st.st_size / 48 >= INT_MAX / 2)
        return 0;
    return (int)(st.st_size / 48) + 256;
}

int ssc_ts_sites_load(ssc_ts_sites_t *s, const char *path, char *err, size_t errsz)
{
    memset(s, 0, sizeof *s);
    /* room for the rows of a plain file once (a row takes some 70 bytes: room for a line
     * of 48 on average); only a first guess, the array grows past it, and without it if
     * refused */
    int guess = ssc_ts_site_rows_guess(path);
    if (guess > 0) (void)sites_room(s, guess);
    int ret = ssc_ts_file_each(path, 1, site_line, s, err, errsz);
    if (ret < 0) ssc_ts_sites_free(s);
    return ret;
}

/* ---- family file -------------------------------------------------------------------- */

void ssc_ts_families_free(ssc_ts_families_t *f)
{
    for (int i = 0; i < f->n; i++) {
        free(f->family[i]);
        free(f->seed[i]);
    }
    free(f->family);
    free(f->seed);
    idx_free(&f->by_name);
    idx_free(&f->by_seed);
    memset(f, 0, sizeof *f);
}

static int families_add(ssc_ts_families_t *f, const char *family, const char *seed)
{
    if (f->n == f->m) {
        int m = f->m ? f->m * 2 : 64;
        char **a = realloc(f->family, m * sizeof *a), **b;
        if (!a) return SSC_ENOMEM;
        f->family = a;
        if (!(b = realloc(f->seed, m * sizeof *b))) return SSC_ENOMEM;
        f->seed = b;
        f->m = m;
    }
    char *fa = strdup(family), *se = strdup(seed);
    if (!fa || !se) {
        free(fa);
        free(se);
        return SSC_ENOMEM;
    }
    for (char *c = se; *c; c++) *c = *c == 'T' || *c == 't' ? 'U' : toupper((unsigned char)*c);
    f->family[f->n] = fa;
    f->seed[f->n++] = se; /* owned by the table from here, even if indexing fails */
    if (idx_put(&f->by_name, fa, f->n - 1) < 0 || idx_put(&f->by_seed, se, f->n - 1) < 0)
        return SSC_ENOMEM;
    return 0;
}

static int family_line(char *line, int64_t lineno, void *ctx, const char **why)
{
    char *fld[3];
    (void)lineno;
    int nf = ssc_ts_split_tabs(line, fld, 3);
    *why = "expected family<TAB>7-nt seed<TAB>species";
    if (nf < 2 || !*fld[0] || strlen(fld[1]) != 7) return SSC_EFORMAT;
    return families_add(ctx, fld[0], fld[1]);
}

int ssc_ts_families_load(ssc_ts_families_t *f, const char *path, char *err, size_t errsz)
{
    memset(f, 0, sizeof *f);
    int ret = ssc_ts_file_each(path, 0, family_line, f, err, errsz);
    if (ret < 0) ssc_ts_families_free(f);
    return ret;
}

const char *ssc_ts_family_seed(const ssc_ts_families_t *f, const char *family)
{
    int i = idx_get(f->by_name, family);
    return i < 0 ? NULL : f->seed[i];
}

/* A family is scored when its name or seed is in the family file. */
static int family_listed(const ssc_ts_families_t *f, const char *family)
{
    return idx_get(f->by_name, family) >= 0 || idx_get(f->by_seed, family) >= 0;
}

/* ---- gene bins ------------------------------------------------------------------------- */

void ssc_ts_bins_free(ssc_ts_bins_t *b)
{
    for (int i = 0; i < b->n; i++) free(b->gene[i]);
    free(b->gene);
    free(b->bin);
    idx_free(&b->by_gene);
    memset(b, 0, sizeof *b);
}

int ssc_ts_bins_add(ssc_ts_bins_t *b, const char *gene, int bin)
{
    if (b->n == b->m) {
        int m = b->m ? b->m * 2 : 64;
        char **g = realloc(b->gene, m * sizeof *g);
        if (!g) return SSC_ENOMEM;
        b->gene = g;
        int *v = realloc(b->bin, m * sizeof *v);
        if (!v) return SSC_ENOMEM;
        b->bin = v;
        b->m = m;
    }
    if (!(b->gene[b->n] = strdup(gene))) return SSC_ENOMEM;
    b->bin[b->n++] = bin;
    return idx_put(&b->by_gene, b->gene[b->n - 1], b->n - 1);
}

int ssc_ts_bins_get(const ssc_ts_bins_t *b, const char *gene)
{
    int i = idx_get(b->by_gene, gene);
    return i < 0 ? 0 : b->bin[i];
}

static int bin_line(char *line, int64_t lineno, void *ctx, const char **why)
{
    char *fld[3];
    long long bin;
    (void)lineno;
    *why = "expected gene<TAB>median<TAB>bin 1-10";
    if (ssc_ts_split_tabs(line, fld, 3) != 3 || (bin = parse_count(fld[2])) < 1 || bin > SSC_TS_NBINS)
        return SSC_EFORMAT;
    return ssc_ts_bins_add(ctx, fld[0], (int)bin);
}

int ssc_ts_bins_load(ssc_ts_bins_t *b, const char *path, char *err, size_t errsz)
{
    memset(b, 0, sizeof *b);
    int ret = ssc_ts_file_each(path, 0, bin_line, b, err, errsz);
    if (ret < 0) ssc_ts_bins_free(b);
    return ret;
}

/* ---- site branch length score, PCT, conserved ---------------------------------------- */

/* Rows in the order of `sort -k8,8n` with ties kept in file order. */
static int cmp_by_group(const void *a, const void *b, void *ctx)
{
    const ssc_ts_sites_t *s = ctx;
    int i = *(const int *)a, j = *(const int *)b;
    long gi = s->row[i].group < 0 ? 0 : s->row[i].group;
    long gj = s->row[j].group < 0 ? 0 : s->row[j].group;
    return gi != gj ? (gi < gj ? -1 : 1) : (i > j) - (i < j);
}

static int *group_order(const ssc_ts_sites_t *s)
{
    int *order = malloc((s->n + 1) * sizeof *order);
    if (!order) return NULL;
    for (int i = 0; i < s->n; i++) order[i] = i;
    qsort_r(order, s->n, sizeof *order, cmp_by_group, (void *)s);
    return order;
}

/* Branch length of a space-separated species list on one tree, as
 * TargetScan computes it: 0 for a single species, else the span from the
 * first species, rounded to 4 decimals. */
static int list_bl(const ssc_newick_t *t, const char *list, ssc_ts_blpct_t *r)
{
    int n = 1, k = 0, ret = 0;
    for (const char *c = list; *c; c++) n += *c == ' ';
    if (n == 1) {
        r->bl = 0;
        strcpy(r->bl_str, "0");
        return 0;
    }
    char *copy = strdup(list);
    int *node = malloc(n * sizeof *node);
    if (!copy || !node) {
        ret = SSC_ENOMEM;
        goto out;
    }
    for (char *tok = copy, *sp;; tok = sp + 1) {
        if ((sp = strchr(tok, ' '))) *sp = 0;
        node[k++] = ssc_newick_find(t, tok);
        if (!sp) break;
    }
    double bl = ssc_newick_span(t, node[0], node, k);
    if (bl < 0) {
        ret = SSC_ENOMEM;
        goto out;
    }
    snprintf(r->bl_str, sizeof r->bl_str, "%.4f", bl);
    r->bl = strtod(r->bl_str, NULL); /* later steps see the printed value */
out:
    free(copy);
    free(node);
    return ret;
}

static const pct_coef_t *pct_find(const pct_table_t *t, const char *seed)
{
    for (int i = 0; seed && i < t->n; i++)
        if (strcmp(t->c[i].seed, seed) == 0) return &t->c[i];
    return NULL;
}

static int has_pct(const ssc_ts_bl_t *p, const char *seed)
{
    return pct_find(&p->pct[0], seed) || pct_find(&p->pct[1], seed) || pct_find(&p->pct[2], seed);
}

/* PCT = b0 + b1 / (1 + e^(-b2 * BL + b3)), printed to 4 decimals; negative -> "0.0".
 * A seed missing from this type's table has all coefficients 0, as in TargetScan. */
static void pct_value(const ssc_ts_bl_t *p, int type, const char *seed, ssc_ts_blpct_t *r)
{
    static const double zero[4] = {0, 0, 0, 0};
    if (r->bl == 0 || type == SSC_6MER) {
        strcpy(r->pct_str, "0.0");
        return;
    }
    const pct_coef_t *c = pct_find(&p->pct[type], seed);
    const double *b = c ? c->b : zero;
    double pct = b[0] + b[1] / (1 + pow(e_const, (0 - b[2]) * r->bl + b[3]));
    snprintf(r->pct_str, sizeof r->pct_str, "%.4f", pct);
    r->pct = strtod(r->pct_str, NULL);
    if (r->pct < 0) {
        strcpy(r->pct_str, "0.0");
        r->pct = 0;
    }
}

/* Perl truth of a string: "" and "0" are false. */
static int perl_true(const char *s) { return *s && strcmp(s, "0") != 0; }

static int score_site(const ssc_ts_bl_t *p, const ssc_ts_siterow_t *row, const char *list,
                      const ssc_ts_families_t *fam, const ssc_ts_bins_t *bins, ssc_ts_blpct_t *r)
{
    int bin = ssc_ts_bins_get(bins, ssc_ts_col(row, 0)), ret;
    if (bin < 1) bin = 1; /* TargetScan: "No bin assignment ... assigning to bin 1" */
    if ((ret = list_bl(&p->bin[bin - 1], list, r)) < 0) return ret;
    r->conserved = row->type != SSC_6MER && r->bl >= cons_threshold[row->type];
    const char *seed = ssc_ts_family_seed(fam, ssc_ts_col(row, 1));
    /* column 14 is the ORF-overlap flag: PCT is not given for such sites */
    if (seed && has_pct(p, seed) && !perl_true(ssc_ts_col(row, 13))) {
        pct_value(p, row->type, seed, r);
    } else {
        strcpy(r->pct_str, "NA");
        r->pct_na = 1;
    }
    return 0;
}

/* Score one group: order[0..n) are its rows. */
static int score_group(const ssc_ts_bl_t *p, const ssc_ts_sites_t *s, const int *order, int n,
                       const ssc_ts_families_t *fam, const ssc_ts_bins_t *bins, ssc_ts_blpct_t *out)
{
    const char *list[4] = {NULL, NULL, NULL, NULL};
    int ret;
    for (int i = 0; i < n; i++) {
        const ssc_ts_siterow_t *row = &s->row[order[i]];
        if (!out[order[i]].excluded) list[row->type] = *ssc_ts_col(row, 12) ? ssc_ts_col(row, 12) : ssc_ts_col(row, 11);
    }
    for (int i = 0; i < n; i++) {
        const ssc_ts_siterow_t *row = &s->row[order[i]];
        if (out[order[i]].excluded) continue;
        if ((ret = score_site(p, row, list[row->type], fam, bins, &out[order[i]])) < 0) return ret;
    }
    return 0;
}

int ssc_ts_bl_pct(const ssc_ts_bl_t *p, const ssc_ts_sites_t *s, const ssc_ts_families_t *fam,
                  const ssc_ts_bins_t *bins, ssc_ts_blpct_t *out)
{
    int *order = group_order(s), ret = 0;
    if (!order) return SSC_ENOMEM;
    for (int i = 0; i < s->n; i++) {
        memset(&out[i], 0, sizeof out[i]);
        out[i].excluded = s->row[i].group < 0 || !family_listed(fam, ssc_ts_col(&s->row[i], 1));
    }
    for (int i = 0, j; i < s->n && ret == 0; i = j) {
        for (j = i + 1; j < s->n && s->row[order[j]].group == s->row[order[i]].group; j++) {}
        ret = score_group(p, s, order + i, j - i, fam, bins, out);
    }
    free(order);
    return ret;
}

static int format_excluded(kstring_t *str, const ssc_ts_siterow_t *row)
{
    int ret = 0;
    /* TargetScan prints the input row with columns 12-13 set to NA and a
     * trailing tab */
    for (int k = 0; k < row->ncol; k++)
        ret |= ksprintf(str, "%s\t", k == 11 || k == 12 ? "NA" : ssc_ts_col(row, k)) < 0;
    return ret | (kputc('\n', str) < 0);
}

int ssc_ts_format_bl_pct(kstring_t *str, const ssc_ts_sites_t *s, const ssc_ts_blpct_t *r)
{
    int *order = group_order(s), bad = 0;
    if (!order) return SSC_ENOMEM;
    bad |= kputs("Gene_ID\tmiRNA_family_ID\tspecies_ID\tMSA_start\tMSA_end\tUTR_start\tUTR_end\t"
                 "Group_num\tSite_type\tmiRNA in this species\tGroup_type\tBranch length score\t"
                 "Pct\tConserved\n", str) < 0;
    for (int i = 0; i < s->n; i++) {
        const ssc_ts_siterow_t *row = &s->row[order[i]];
        const ssc_ts_blpct_t *x = &r[order[i]];
        if (x->excluded) {
            bad |= format_excluded(str, row);
            continue;
        }
        for (int k = 0; k < 10; k++) bad |= ksprintf(str, "%s\t", ssc_ts_col(row, k)) < 0;
        bad |= ksprintf(str, "%s\t%s\t%s\t%s\n", ssc_ts_col(row, 8), x->bl_str, x->pct_str,
                        x->conserved ? "x" : "") < 0;
    }
    free(order);
    return bad ? SSC_ENOMEM : 0;
}
