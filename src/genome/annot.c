/* annot.c: one pass over a GTF or GFF3 file, grouping exon/CDS/stop/UTR lines by transcript. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <htslib/bgzf.h>
#include "seedscan.h"
#include "genome/annot_priv.h"

enum { K_OTHER = 0, K_EXON, K_CDS, K_STOP, K_UTR3, K_UTR, K_TRANSCRIPT };

/* One feature line cut into its columns (pointers into the line, NUL-ended). */
typedef struct {
    char *col[9];
    int64_t beg, end;       /* 0-based half-open */
    int kind, line;
    char strand;
} gline_t;

/* A key=value (GFF3) or key "value" (GTF) pair, not NUL-ended. */
typedef struct {
    const char *k, *v;
    int kl, vl;
} attr_t;

/* ---- storage --------------------------------------------------------- */

ssc_annot_t *ssc_annot_init(void)
{
    ssc_annot_t *a = calloc(1, sizeof *a);
    if (!a || !(a->p = calloc(1, sizeof *a->p))) goto fail;
    a->p->last_chrom = a->p->last_txb = -1;
    a->p->chrom_h = kh_init(gstr);
    a->p->tx_h = kh_init(gstr);
    a->p->rec_h = kh_init(gstr);
    if (!a->p->chrom_h || !a->p->tx_h || !a->p->rec_h) goto fail;
    return a;
fail:
    ssc_annot_destroy(a);
    return NULL;
}

static void free_builders(struct ssc_annot_priv_s *p)
{
    for (int i = 0; i < p->n_txb; i++) {
        ssc_txb_t *b = &p->txb[i];
        free(b->cds.a);
        free(b->stop.a);
        free(b->utr3.a);
        free(b->utr.a);
        /* exon and the utr3 result are handed to the model when built */
        if (b->exon.a) free(b->exon.a);
    }
    free(p->txb);
    p->txb = NULL;
    p->n_txb = p->m_txb = 0;
    free(p->rec);
    p->rec = NULL;
    p->n_rec = p->m_rec = 0;
}

void ssc_annot_destroy(ssc_annot_t *a)
{
    if (!a) return;
    for (int i = 0; i < a->n_tx; i++) {
        free(a->tx[i].exon);
        free(a->tx[i].utr3);
    }
    free(a->tx);
    free(a->chrom);
    free(a->fname);
    if (a->p) {
        free_builders(a->p);
        if (a->p->chrom_h) kh_destroy(gstr, a->p->chrom_h);
        if (a->p->tx_h) kh_destroy(gstr, a->p->tx_h);
        if (a->p->rec_h) kh_destroy(gstr, a->p->rec_h);
        for (ssc_pool_chunk_t *c = a->p->pool, *n; c; c = n) {
            n = c->next;
            free(c);
        }
        free(a->p->err.s);
        free(a->p);
    }
    free(a);
}

const char *ssc_annot_errmsg(const ssc_annot_t *a)
{
    return a && a->p && a->p->err.s ? a->p->err.s : "";
}

/* ---- columns and attributes ----------------------------------------- */

static int kind_of(const char *type)
{
    switch (type[0]) {
    case 'e': return strcmp(type, "exon") ? K_OTHER : K_EXON;
    case 'C': return strcmp(type, "CDS") ? K_OTHER : K_CDS;
    case 's': return strcmp(type, "stop_codon") ? K_OTHER : K_STOP;
    case 't':
        if (!strcmp(type, "transcript")) return K_TRANSCRIPT;
        return strcmp(type, "three_prime_utr") && strcmp(type, "three_prime_UTR") ? K_OTHER : K_UTR3;
    case 'U': return strcmp(type, "UTR") ? K_OTHER : K_UTR;
    case '3': return strcmp(type, "3'UTR") && strcmp(type, "3UTR") ? K_OTHER : K_UTR3;
    default: return K_OTHER;
    }
}

/* A whole decimal number (optionally negative) in s. */
static int parse_pos(const char *s, int64_t *out)
{
    int neg = *s == '-';
    int64_t v = 0;
    s += neg;
    if (!*s) return -1;
    for (; *s; s++) {
        if (*s < '0' || *s > '9' || v > (INT64_MAX - 9) / 10) return -1;
        v = v * 10 + (*s - '0');
    }
    *out = neg ? -v : v;
    return 0;
}

/* Types whose coordinates say nothing about transcripts (a chromosome line may
 * start below 1 in sliced files). */
static int is_region_type(const char *t)
{
    return !strcmp(t, "chromosome") || !strcmp(t, "region") || !strcmp(t, "contig") ||
           !strcmp(t, "supercontig") || !strcmp(t, "scaffold") || !strcmp(t, "biological_region");
}

/* Before the first feature line a bad line says the file may be something else. */
static const char *not_yet(const ssc_annot_t *a)
{
    return a->st.features ? "" : "not a GTF/GFF3 feature line: ";
}

/* Cut a line into its nine columns and check the coordinates and strand.
 * Returns 1 to use it, 0 to skip it, or SSC_EFORMAT. */
static int split_line(ssc_annot_t *a, char *s, size_t len, gline_t *g)
{
    int n = 0;
    if (len && s[len - 1] == '\r') s[--len] = 0;
    g->col[n++] = s;
    for (char *p = s; (p = memchr(p, '\t', s + len - p)); p++) {
        *p = 0;
        if (n == 9) return ssc_annot_fail(a, g->line, "%smore than 9 tab-separated columns", not_yet(a));
        g->col[n++] = p + 1;
    }
    if (n != 9) return ssc_annot_fail(a, g->line, "%s%d tab-separated columns, not 9", not_yet(a), n);
    int64_t b, e;
    if (parse_pos(g->col[3], &b) < 0 || parse_pos(g->col[4], &e) < 0)
        return ssc_annot_fail(a, g->line, "%s: start '%s' or end '%s' is not a whole number",
                              g->col[2], g->col[3], g->col[4]);
    if (b > e) return ssc_annot_fail(a, g->line, "%s: start %lld > end %lld", g->col[2], (long long)b, (long long)e);
    g->kind = kind_of(g->col[2]);
    if (b < 1) {
        if (g->kind != K_OTHER || !is_region_type(g->col[2]))
            return ssc_annot_fail(a, g->line, "%s: start %lld is below 1", g->col[2], (long long)b);
        ssc_annot_warn(a, g->line, "%s line starts at %lld (below 1): skipped", g->col[2], (long long)b);
        return 0;
    }
    g->beg = b - 1;
    g->end = e;
    g->strand = g->col[6][0];
    if (g->col[6][0] && g->col[6][1]) g->strand = '!';
    if (g->strand != '+' && g->strand != '-' && (g->kind != K_OTHER || (g->strand != '.' && g->strand != '?')))
        return ssc_annot_fail(a, g->line, "%s: unknown strand '%s'", g->col[2], g->col[6]);
    return 1;
}

/* The next attribute of a GTF column 9 (key "value"; or key value;). */
static int gtf_next(const char **ps, attr_t *at)
{
    const char *p = *ps;
    while (*p == ' ' || *p == ';') p++;
    if (!*p) return 0;
    at->k = p;
    while (*p && *p != ' ' && *p != ';') p++;
    at->kl = (int)(p - at->k);
    while (*p == ' ') p++;
    if (*p == '"') {
        at->v = ++p;
        const char *q = strchr(p, '"');
        p = q ? q : p + strlen(p);
        at->vl = (int)(p - at->v);
        if (*p) p++;
    } else {
        at->v = p;
        while (*p && *p != ';') p++;
        at->vl = (int)(p - at->v);
        while (at->vl && at->v[at->vl - 1] == ' ') at->vl--;
    }
    *ps = p;
    return 1;
}

/* The next attribute of a GFF3 column 9 (key=value;...). */
static int gff_next(const char **ps, attr_t *at)
{
    const char *p = *ps;
    while (*p == ' ' || *p == ';') p++;
    if (!*p) return 0;
    at->k = p;
    while (*p && *p != '=' && *p != ';') p++;
    at->kl = (int)(p - at->k);
    at->v = *p == '=' ? ++p : p;
    while (*p && *p != ';') p++;
    at->vl = (int)(p - at->v);
    *ps = p;
    return 1;
}

static int key_is(const attr_t *at, const char *k)
{
    return (int)strlen(k) == at->kl && memcmp(at->k, k, at->kl) == 0;
}

static int hex_val(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* A copy of a GFF3 value with %XX escapes decoded. */
static const char *pool_unescape(struct ssc_annot_priv_s *p, const char *s, int n)
{
    char *r = ssc_pool_strndup(p, s, n), *w = r;
    if (!r || !memchr(s, '%', n)) return r;
    for (const char *q = r; *q; q++) {
        int hi, lo;
        if (*q == '%' && (hi = hex_val(q[1])) >= 0 && (lo = hex_val(q[2])) >= 0) {
            *w++ = (char)(hi * 16 + lo);
            q += 2;
        } else *w++ = *q;
    }
    *w = 0;
    return r;
}

/* Flags of a tag value: GTF `tag "basic"`, GFF3 `tag=basic,Ensembl_canonical`. */
static void tag_flags(const char *v, int n, unsigned *flags, int *open3)
{
    static const struct { const char *name; unsigned flag; } tags[] = {
        { "basic", SSC_TX_BASIC }, { "Ensembl_canonical", SSC_TX_CANONICAL },
        { "MANE_Select", SSC_TX_MANE }, { "MANE Select", SSC_TX_MANE }, { "MANE%20Select", SSC_TX_MANE },
    };
    while (n > 0) {
        const char *c = memchr(v, ',', n);
        int l = c ? (int)(c - v) : n;
        for (size_t i = 0; i < sizeof tags / sizeof tags[0]; i++)
            if ((int)strlen(tags[i].name) == l && !memcmp(v, tags[i].name, l)) *flags |= tags[i].flag;
        if (l == 10 && !memcmp(v, "cds_end_NF", 10)) *open3 = 1;
        v += l + 1;
        n -= l + 1;
    }
}

/* The index of a chromosome name, added when new; SSC_ENOMEM. */
static int chrom_id(ssc_annot_t *a, const char *name)
{
    struct ssc_annot_priv_s *p = a->p;
    if (p->last_chrom >= 0 && !strcmp(a->chrom[p->last_chrom], name)) return p->last_chrom; /* sorted files */
    khint_t k = kh_get(gstr, p->chrom_h, name);
    int absent;
    if (k != kh_end(p->chrom_h)) return p->last_chrom = kh_val(p->chrom_h, k);
    if (a->n_chrom == p->m_chrom) {
        int m = p->m_chrom ? p->m_chrom * 2 : 16;
        char **c = realloc(a->chrom, m * sizeof *c);
        if (!c) return SSC_ENOMEM;
        a->chrom = c;
        p->m_chrom = m;
    }
    char *s = ssc_pool_strndup(p, name, strlen(name));
    if (!s) return SSC_ENOMEM;
    k = kh_put(gstr, p->chrom_h, s, &absent);
    if (absent < 0) return SSC_ENOMEM;
    kh_val(p->chrom_h, k) = a->n_chrom;
    a->chrom[a->n_chrom] = s;
    return p->last_chrom = a->n_chrom++;
}

/* The builder of transcript `key` (n bytes), made when new; -1 on ENOMEM. */
static int txb_get(ssc_annot_t *a, const char *key, int n, int line)
{
    struct ssc_annot_priv_s *p = a->p;
    kstring_t *e = &p->err; /* scratch: the error text is written only on failure */
    int absent;
    if (p->last_txb >= 0 && !strncmp(p->txb[p->last_txb].key, key, n) && !p->txb[p->last_txb].key[n])
        return p->last_txb; /* lines of one transcript mostly come together */
    e->l = 0;
    if (kputsn(key, n, e) < 0) return -1;
    khint_t k = kh_get(gstr, p->tx_h, e->s);
    if (k != kh_end(p->tx_h)) return p->last_txb = kh_val(p->tx_h, k);
    if (p->n_txb == p->m_txb) {
        int m = p->m_txb ? p->m_txb * 2 : 1024;
        ssc_txb_t *t = realloc(p->txb, m * sizeof *t);
        if (!t) return -1;
        p->txb = t;
        p->m_txb = m;
    }
    ssc_txb_t *b = &p->txb[p->n_txb];
    memset(b, 0, sizeof *b);
    b->tid = -1;
    b->line = line;
    if (!(b->key = ssc_pool_strndup(p, key, n))) return -1;
    k = kh_put(gstr, p->tx_h, b->key, &absent);
    if (absent < 0) return -1;
    kh_val(p->tx_h, k) = p->n_txb;
    return p->last_txb = p->n_txb++;
}

/* Place a transcript's line: one chromosome and one strand per transcript. */
static int txb_place(ssc_annot_t *a, ssc_txb_t *b, const gline_t *g)
{
    int tid = chrom_id(a, g->col[0]);
    if (tid < 0) return tid;
    if (b->tid < 0) {
        b->tid = tid;
        b->strand = g->strand;
        return 0;
    }
    if (b->tid != tid)
        return ssc_annot_fail(a, g->line, "%s: transcript %s is on two chromosomes (%s, line %d, and %s)",
                              g->col[2], b->key, a->chrom[b->tid], b->line, g->col[0]);
    if (b->strand != g->strand)
        return ssc_annot_fail(a, g->line, "%s: transcript %s is on both strands (%c since line %d)",
                              g->col[2], b->key, b->strand, b->line);
    return 0;
}

/* The phase of the 5'-most CDS piece: bases to skip to the first whole codon. */
static void note_phase(ssc_txb_t *b, const gline_t *g)
{
    int first = b->cds.n == 0 || (g->strand == '+' ? g->beg < b->cds5 : g->end > b->cds5);
    if (!first) return;
    b->cds5 = g->strand == '+' ? g->beg : g->end;
    b->phase5 = g->col[7][0] >= '0' && g->col[7][0] <= '2' && !g->col[7][1] ? g->col[7][0] - '0' : 0;
}

static int txb_add(ssc_annot_t *a, ssc_txb_t *b, const gline_t *g)
{
    ssc_bvec_t *v;
    switch (g->kind) {
    case K_EXON: v = &b->exon; break;
    case K_CDS:
        v = &b->cds;
        note_phase(b, g);
        break;
    case K_STOP: v = &b->stop; a->p->n_stop_lines++; break;
    case K_UTR3: v = &b->utr3; break;
    case K_UTR: v = &b->utr; break;
    default: return 0;
    }
    return ssc_bvec_push(v, g->beg, g->end, g->line);
}

/* ---- GTF ---------------------------------------------------------------- */

/* gene_id, gene_name, biotype and tags of a GTF line, for its transcript. */
static int gtf_attrs(ssc_annot_t *a, ssc_txb_t *b, const gline_t *g)
{
    const char *p = g->col[8], *gbt = NULL;
    attr_t at;
    unsigned flags = 0;
    int open3 = 0;
    while (gtf_next(&p, &at)) {
        const char **dst = NULL;
        if (key_is(&at, "gene_id")) dst = &b->gene_id;
        else if (key_is(&at, "gene_name")) dst = &b->gene_name;
        else if (key_is(&at, "transcript_biotype") || key_is(&at, "transcript_type")) dst = &b->biotype;
        else if (key_is(&at, "gene_biotype") || key_is(&at, "gene_type")) dst = &gbt;
        else if (key_is(&at, "tag")) tag_flags(at.v, at.vl, &flags, &open3);
        if (dst && !(*dst = ssc_pool_strndup(a->p, at.v, at.vl))) return SSC_ENOMEM;
    }
    if (!b->biotype) b->biotype = gbt;
    b->type = "transcript";
    b->flags = flags;
    b->open3 = open3;
    b->attr_line = g->line;
    return 0;
}

static int gtf_line(ssc_annot_t *a, gline_t *g)
{
    const char *p = g->col[8];
    attr_t at, tx = { 0 }, gid = { 0 };
    if (g->kind == K_OTHER) {
        a->st.other_types++;
        return 0;
    }
    while ((!tx.k || !gid.k) && gtf_next(&p, &at)) {
        if (key_is(&at, "transcript_id")) tx = at;
        else if (key_is(&at, "gene_id")) gid = at;
    }
    if (!tx.k || !tx.vl) return ssc_annot_fail(a, g->line, "%s without transcript_id", g->col[2]);
    if (!gid.k || !gid.vl)
        return ssc_annot_fail(a, g->line, "%s of %.*s: gene ID missing (no gene_id)", g->col[2], tx.vl, tx.v);
    /* transcript_id "A,B": a line shared by two transcripts (Ensembl VEP's test data) */
    for (const char *s = tx.v, *end = tx.v + tx.vl; s < end;) {
        const char *c = memchr(s, ',', end - s);
        int n = (int)((c ? c : end) - s), i, ret;
        if (n && (i = txb_get(a, s, n, g->line)) < 0) return SSC_ENOMEM;
        if (n) {
            ssc_txb_t *b = &a->p->txb[i];
            if ((ret = txb_place(a, b, g)) < 0) return ret;
            if ((g->kind == K_TRANSCRIPT || !b->attr_line) && (ret = gtf_attrs(a, b, g)) < 0) return ret;
            if ((ret = txb_add(a, b, g)) < 0) return ret;
        }
        s += n + 1;
    }
    return 0;
}

/* ---- GFF3 --------------------------------------------------------------- */

/* A feature with an ID that is not an exon/CDS/UTR piece: a gene or transcript candidate. */
static int gff_record(ssc_annot_t *a, const gline_t *g)
{
    struct ssc_annot_priv_s *p = a->p;
    ssc_grec_t r = { .type = NULL, .line = g->line };
    const char *s = g->col[8];
    attr_t at, id = { 0 };
    int open3 = 0, partial3 = 0, absent;
    while (gff_next(&s, &at)) {
        const char **dst = NULL;
        if (key_is(&at, "ID")) id = at;
        else if (key_is(&at, "Parent")) {
            const char *c = memchr(at.v, ',', at.vl);
            if (c) at.vl = (int)(c - at.v);
            dst = &r.parent;
        } else if (key_is(&at, "Name")) dst = &r.name;
        else if (key_is(&at, "biotype") || key_is(&at, "transcript_biotype") || key_is(&at, "gene_biotype"))
            dst = &r.biotype;
        else if (key_is(&at, "gene_id") || key_is(&at, "geneID")) dst = &r.gene_id; /* geneID: gffread's */
        else if (key_is(&at, "gene") || key_is(&at, "gene_name")) dst = &r.gene;
        else if (key_is(&at, "tag")) tag_flags(at.v, at.vl, &r.flags, &open3);
        else if (key_is(&at, "partial")) partial3 = at.vl == 6 && !memcmp(at.v, "3prime", 6);
        else if (key_is(&at, "end_range")) r.open3_plus = 1;
        else if (key_is(&at, "start_range")) r.open3_minus = 1;
        if (dst && !(*dst = key_is(&at, "Parent") ? ssc_pool_strndup(p, at.v, at.vl) : pool_unescape(p, at.v, at.vl)))
            return SSC_ENOMEM;
    }
    if (open3 || partial3) r.open3_plus = r.open3_minus = 1;
    if (!id.k || !id.vl) {
        a->st.other_types++;
        return 0;
    }
    if (!(r.id = ssc_pool_strndup(p, id.v, id.vl)) || !(r.type = ssc_pool_strndup(p, g->col[2], strlen(g->col[2]))))
        return SSC_ENOMEM;
    khint_t k = kh_put(gstr, p->rec_h, r.id, &absent);
    if (absent < 0) return SSC_ENOMEM;
    if (!absent) return 0; /* a feature written on several lines: the first says enough */
    if (p->n_rec == p->m_rec) {
        int m = p->m_rec ? p->m_rec * 2 : 1024;
        ssc_grec_t *t = realloc(p->rec, m * sizeof *t);
        if (!t) return SSC_ENOMEM;
        p->rec = t;
        p->m_rec = m;
    }
    kh_val(p->rec_h, k) = p->n_rec;
    p->rec[p->n_rec++] = r;
    return 0;
}

static int gff_line(ssc_annot_t *a, gline_t *g)
{
    const char *s = g->col[8];
    attr_t at, par = { 0 };
    if (g->kind == K_TRANSCRIPT) g->kind = K_OTHER;
    if (g->kind == K_OTHER) return gff_record(a, g);
    while (!par.k && gff_next(&s, &at))
        if (key_is(&at, "Parent")) par = at;
    if (!par.k || !par.vl) return ssc_annot_fail(a, g->line, "%s without Parent", g->col[2]);
    for (const char *c = par.v, *end = par.v + par.vl; c < end;) {
        const char *q = memchr(c, ',', end - c);
        int n = (int)((q ? q : end) - c), i, ret;
        if (n && (i = txb_get(a, c, n, g->line)) < 0) return SSC_ENOMEM;
        if (n && ((ret = txb_place(a, &a->p->txb[i], g)) < 0 || (ret = txb_add(a, &a->p->txb[i], g)) < 0))
            return ret;
        c += n + 1;
    }
    return 0;
}

/* ---- the file ------------------------------------------------------------ */

/* GTF (key "value") or GFF3 (key=value) from column 9; 0 = cannot tell. */
static int detect_format(const char *c9)
{
    while (*c9 == ' ') c9++;
    while (*c9 && *c9 != ' ' && *c9 != '=' && *c9 != ';') c9++;
    return *c9 == '=' ? SSC_ANNOT_GFF3 : *c9 == ' ' ? SSC_ANNOT_GTF : 0;
}

static int read_line(ssc_annot_t *a, kstring_t *line, int lineno)
{
    gline_t g;
    int ret;
    g.line = lineno;
    if (line->s[0] == '#') {
        if (!strncmp(line->s, "##gff-version", 13) && strstr(line->s, " 3")) a->format = SSC_ANNOT_GFF3;
        return !strncmp(line->s, "##FASTA", 7);
    }
    if ((ret = split_line(a, line->s, line->l, &g)) <= 0) return ret;
    a->st.features++;
    if (!a->format && !(a->format = detect_format(g.col[8]))) {
        if (g.kind == K_OTHER) return 0;
        return ssc_annot_fail(a, lineno, "%s: cannot tell GTF from GFF3 by column 9 '%s'", g.col[2], g.col[8]);
    }
    ret = a->format == SSC_ANNOT_GFF3 ? gff_line(a, &g) : gtf_line(a, &g);
    return ret < 0 ? ret : 0;
}

int ssc_annot_load(ssc_annot_t *a, const char *path)
{
    kstring_t line = { 0, 0, NULL };
    BGZF *fp = NULL;
    int ret = 0, r, lineno = 0;
    free(a->fname);
    if (!(a->fname = strdup(strcmp(path, "-") ? path : "(stdin)"))) return SSC_ENOMEM;
    if (!(fp = bgzf_open(path, "r"))) {
        ssc_annot_fail(a, 0, "cannot open: %s", strerror(errno ? errno : ENOENT));
        return SSC_EIO;
    }
    while ((r = bgzf_getline(fp, '\n', &line)) >= 0) {
        a->st.lines++;
        if (++lineno == 0x7fffffff) lineno = 1;  /* messages past 2^31 lines stay readable */
        if (line.l == 0) continue;
        if ((ret = read_line(a, &line, lineno)) < 0) goto fail;
        if (ret == 1) break; /* ##FASTA: sequences follow */
    }
    if (r < -1) {
        ret = SSC_EIO;
        ssc_annot_fail(a, 0, "read error after line %d (truncated or corrupt compressed file?)", lineno);
        goto fail;
    }
    if (a->st.features == 0) {
        ret = ssc_annot_fail(a, 0, "no feature lines: not a GTF or GFF3 file");
        goto fail;
    }
    ret = ssc_annot_build(a);
fail:
    free(line.s);
    bgzf_close(fp);
    return ret;
}
