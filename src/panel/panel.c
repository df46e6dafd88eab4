/* panel.c: curated miRNA panels (refs/resistance_panel.tsv): loading, filters, miRNA sets, formats. */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <htslib/khash.h>
#include "panel/panel.h"
#include "io/io.h"

typedef struct {
    char *line;    /* the row's text, split in place at tabs */
    char **cell;   /* ncol pointers into line */
    int64_t lineno;
} prow_t;

/* Lowercased words -> the row that has them: the duplicate checks and the
 * list of terms compare case-insensitively, in one lookup each. */
KHASH_MAP_INIT_STR(pword, int)

struct ssc_panel_s {
    char *path;
    char *shown;           /* the path in messages: refs/NAME_panel.tsv for a panel name */
    char *hdr_line;        /* the header, split in place */
    char **hdr;            /* ncol column names */
    int ncol;
    int col[SSC_PCOL_N];   /* where each known column sits */
    prow_t *row;
    int n, m;
    kstring_t terms;
    khash_t(pword) *seen[2]; /* while loading: mirbase_id, accession */
    char errmsg[768];
};

/* Header names of the columns with accessors, in ssc_pcol_t order. */
static const char *const pcol_names[SSC_PCOL_N] = {
    "review_name", "mirbase_id", "accession", "sequence", "seed", "resistance", "targets",
    "review_refs"
};

static void words_free(khash_t(pword) *h)
{
    if (!h) return;
    for (khint_t k = kh_begin(h); k != kh_end(h); k++)
        if (kh_exist(h, k)) free((char *)kh_key(h, k));
    kh_destroy(pword, h);
}

/* *row = the row with word (any case) in h, or -1; buf is scratch. 0 or SSC_ENOMEM. */
static int words_get(const khash_t(pword) *h, const char *word, kstring_t *buf, int *row)
{
    size_t n = strlen(word);
    if (ks_resize(buf, n + 1) < 0) return SSC_ENOMEM;
    for (size_t i = 0; i <= n; i++) buf->s[i] = (char)tolower((unsigned char)word[i]);
    khint_t k = kh_get(pword, h, buf->s);
    *row = k == kh_end(h) ? -1 : kh_val(h, k);
    return 0;
}

/* Keep word (lowercased) -> row unless present; 0 or SSC_ENOMEM. */
static int words_put(khash_t(pword) *h, const char *word, int row)
{
    int absent;
    char *key = strdup(word);
    if (!key) return SSC_ENOMEM;
    for (char *c = key; *c; c++) *c = (char)tolower((unsigned char)*c);
    khint_t k = kh_put(pword, h, key, &absent);
    if (absent < 0) return free(key), SSC_ENOMEM;
    if (!absent) free(key);
    else kh_val(h, k) = row;
    return 0;
}

ssc_panel_t *ssc_panel_init(void)
{
    return calloc(1, sizeof(ssc_panel_t));
}

void ssc_panel_destroy(ssc_panel_t *p)
{
    if (!p) return;
    for (int i = 0; i < p->n; i++) {
        free(p->row[i].line);
        free(p->row[i].cell);
    }
    free(p->row);
    free(p->hdr);
    free(p->hdr_line);
    free(p->path);
    free(p->shown);
    free(p->terms.s);
    for (int k = 0; k < 2; k++) words_free(p->seen[k]);
    free(p);
}

const char *ssc_panel_errmsg(const ssc_panel_t *p) { return p->errmsg; }
const char *ssc_panel_path(const ssc_panel_t *p) { return p->path ? p->path : ""; }
int ssc_panel_size(const ssc_panel_t *p) { return p->n; }
const char *ssc_panel_terms(const ssc_panel_t *p) { return p->terms.s ? p->terms.s : ""; }

/* Row i's cell of column col, unchecked (for the module's own loops). */
static const char *cellv(const ssc_panel_t *p, int i, ssc_pcol_t col)
{
    return p->row[i].cell[p->col[col]];
}

const char *ssc_panel_field(const ssc_panel_t *p, int i, ssc_pcol_t col)
{
    if (i < 0 || i >= p->n || (int)col < 0 || col >= SSC_PCOL_N) return NULL;
    return p->row[i].cell[p->col[col]];
}

const char *ssc_panel_column(const ssc_panel_t *p, int i, const char *name)
{
    if (i < 0 || i >= p->n || !name) return NULL;
    for (int c = 0; c < p->ncol; c++)
        if (strcmp(p->hdr[c], name) == 0) return p->row[i].cell[c];
    return NULL;
}

/* ---- errors ---- */

static int fail_at(ssc_panel_t *p, int code, int64_t line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* "path:line: what" (or "path: what" for line 0); returns code. */
static int fail_at(ssc_panel_t *p, int code, int64_t line, const char *fmt, ...)
{
    char what[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof what, fmt, ap);
    va_end(ap);
    if (line > 0) snprintf(p->errmsg, sizeof p->errmsg, "%s:%lld: %s", p->shown, (long long)line, what);
    else snprintf(p->errmsg, sizeof p->errmsg, "%s: %s", p->shown, what);
    return code;
}

/* ---- loading ---- */

/* Split s in place at tabs into a new array; returns the count or -1. */
static int split_tabs(char *s, char ***out)
{
    int n = 1;
    for (const char *q = s; *q; q++) n += *q == '\t';
    char **f = malloc((size_t)n * sizeof *f);
    if (!f) return -1;
    f[0] = s;
    for (int k = 1; *s; s++)
        if (*s == '\t') {
            *s = 0;
            f[k++] = s + 1;
        }
    *out = f;
    return n;
}

/* A panel name ("resistance") becomes refs/<name>_panel.tsv; a path stays. */
static int resolve_path(ssc_panel_t *p, const char *what)
{
    char buf[4096], file[256];
    if (!what) what = SSC_PANEL_DEFAULT;
    if (strchr(what, '/') || strchr(what, '.') || !*what) {
        p->path = strdup(what);
        p->shown = strdup(what);
        return p->path && p->shown ? 0 : SSC_ENOMEM;
    }
    snprintf(file, sizeof file, "%s_panel.tsv", what);
    snprintf(buf, sizeof buf, "refs/%s", file);
    if (!(p->shown = strdup(buf))) return SSC_ENOMEM;
    if (ssc_refs_path(file, buf, sizeof buf) < 0)
        return fail_at(p, SSC_ENOTFOUND, 0, "no panel '%s' (not found; set SEEDSCAN_REFS to the refs "
                       "directory, or give the file's path)", what);
    return (p->path = strdup(buf)) ? 0 : SSC_ENOMEM;
}

static int parse_header(ssc_panel_t *p, kstring_t *line)
{
    if (!(p->hdr_line = strdup(line->s))) return SSC_ENOMEM;
    if ((p->ncol = split_tabs(p->hdr_line, &p->hdr)) < 0) return SSC_ENOMEM;
    for (int k = 0; k < SSC_PCOL_N; k++) {
        p->col[k] = -1;
        for (int c = 0; c < p->ncol; c++)
            if (strcmp(p->hdr[c], pcol_names[k]) == 0) p->col[k] = c;
        if (p->col[k] < 0)
            return fail_at(p, SSC_EFORMAT, 1, "the header has no column '%s' (is this a panel TSV?)",
                           pcol_names[k]);
    }
    return 0;
}

/* U and T are one letter; case does not matter. */
static int nt_upper(int c)
{
    c = toupper(c);
    return c == 'T' ? 'U' : c;
}

static int check_sequence(ssc_panel_t *p, const prow_t *r)
{
    const char *id = r->cell[p->col[SSC_PCOL_MIRBASE_ID]];
    const char *seq = r->cell[p->col[SSC_PCOL_SEQUENCE]], *seed = r->cell[p->col[SSC_PCOL_SEED]];
    size_t len = strlen(seq);
    for (size_t k = 0; k < len; k++)
        if (!strchr("ACGU", nt_upper(seq[k])))
            return fail_at(p, SSC_EFORMAT, r->lineno, "sequence of '%s' contains '%c' "
                           "(only A, C, G, U, T allowed)", id, seq[k]);
    if (len < 8)
        return fail_at(p, SSC_EFORMAT, r->lineno, "sequence of '%s' is shorter than 8 nt", id);
    int same = strlen(seed) == 7;
    for (int k = 0; same && k < 7; k++) same = nt_upper(seed[k]) == nt_upper(seq[k + 1]);
    if (!same)
        return fail_at(p, SSC_EFORMAT, r->lineno, "seed '%s' of '%s' is not nt 2-8 of its "
                       "sequence (%.7s)", seed, id, seq + 1);
    return 0;
}

static int check_row(ssc_panel_t *p, const prow_t *r, int nf)
{
    if (nf != p->ncol)
        return fail_at(p, SSC_EFORMAT, r->lineno, "%d fields, but the header has %d", nf, p->ncol);
    for (int k = 0; k < SSC_PCOL_N; k++)
        if (k != SSC_PCOL_TARGETS && !*r->cell[p->col[k]])
            return fail_at(p, SSC_EFORMAT, r->lineno, "empty '%s'", pcol_names[k]);
    for (int k = SSC_PCOL_MIRBASE_ID; k <= SSC_PCOL_ACCESSION; k++) {
        const char *v = r->cell[p->col[k]];
        kstring_t buf = { 0, 0, NULL };
        int i, ret = words_get(p->seen[k - SSC_PCOL_MIRBASE_ID], v, &buf, &i);
        free(buf.s);
        if (ret < 0) return ret;
        if (i >= 0)
            return fail_at(p, SSC_EFORMAT, r->lineno, "duplicate %s '%s' (first on line %lld)",
                           pcol_names[k], v, (long long)p->row[i].lineno);
    }
    return check_sequence(p, r);
}

static int add_row(ssc_panel_t *p, kstring_t *line, int64_t lineno)
{
    prow_t r = { NULL, NULL, lineno };
    int nf, ret;
    if (line->l == 0) return fail_at(p, SSC_EFORMAT, lineno, "empty line");
    if (!(r.line = strdup(line->s)) || (nf = split_tabs(r.line, &r.cell)) < 0) {
        free(r.line);
        return SSC_ENOMEM;
    }
    if ((ret = check_row(p, &r, nf)) < 0) goto fail;
    ret = SSC_ENOMEM;
    SSC_GROW(prow_t, p->row, p->n, p->m);
    for (int k = 0; k < 2; k++)
        if (words_put(p->seen[k], r.cell[p->col[SSC_PCOL_MIRBASE_ID + k]], p->n) < 0) goto fail;
    p->row[p->n++] = r;
    return 0;
fail:
    free(r.line);
    free(r.cell);
    return ret;
}

/* Distinct resistance terms in order of first appearance (whole
 * ';'-separated words, any case, as ssc_panel_list_has compares them). */
static int collect_terms(ssc_panel_t *p)
{
    khash_t(pword) *seen = kh_init(pword);
    kstring_t buf = { 0, 0, NULL };
    int ret = seen ? 0 : SSC_ENOMEM;
    for (int i = 0; i < p->n && ret == 0; i++) {
        const char *s = cellv(p, i, SSC_PCOL_RESISTANCE);
        while (*s && ret == 0) {
            size_t len = strcspn(s, ";");
            char *word = strndup(s, len);
            int had = -1;
            if (!word || words_get(seen, word, &buf, &had) < 0) ret = SSC_ENOMEM;
            else if (*word && had < 0) {
                if (p->terms.l) kputs(", ", &p->terms);
                if (kputs(word, &p->terms) < 0 || words_put(seen, word, i) < 0) ret = SSC_ENOMEM;
            }
            free(word);
            s += len + (s[len] == ';');
        }
    }
    words_free(seen);
    free(buf.s);
    return ret;
}

static int read_rows(ssc_panel_t *p, ssc_lines_t *l, kstring_t *line)
{
    int r = ssc_lines_next(l, line), ret = 0; /* r: the reader's status, ret: the rows' */
    if (r == 0) return fail_at(p, SSC_EFORMAT, 1, "empty file: expected a header line");
    if (r > 0) ret = parse_header(p, line);
    while (ret >= 0 && (r = ssc_lines_next(l, line)) > 0)
        ret = add_row(p, line, ssc_lines_lineno(l));
    if (ret >= 0 && r < 0) return fail_at(p, r, ssc_lines_lineno(l) + 1, "%s", ssc_lines_why(r));
    if (ret == SSC_ENOMEM) return fail_at(p, SSC_ENOMEM, 0, "out of memory");
    return ret;
}

int ssc_panel_load(ssc_panel_t *p, const char *what)
{
    kstring_t line = { 0, 0, NULL };
    ssc_lines_t *l;
    int ret;
    p->errmsg[0] = 0;
    if (p->shown) {
        snprintf(p->errmsg, sizeof p->errmsg, "a panel is already loaded (%s)", p->shown);
        return SSC_EINVAL;
    }
    if ((ret = resolve_path(p, what)) < 0) return ret;
    for (int k = 0; k < 2; k++)
        if (!p->seen[k] && !(p->seen[k] = kh_init(pword))) return fail_at(p, SSC_ENOMEM, 0, "out of memory");
    if (!(l = ssc_lines_open(p->path, 1)))
        return fail_at(p, errno == ENOENT ? SSC_ENOTFOUND : SSC_EIO, 0, "%s", strerror(errno));
    ret = read_rows(p, l, &line);
    ssc_lines_close(l);
    for (int k = 0; k < 2; k++) words_free(p->seen[k]), p->seen[k] = NULL;
    free(line.s);
    if (ret >= 0 && (ret = collect_terms(p)) < 0) fail_at(p, ret, 0, "out of memory");
    return ret < 0 ? ret : p->n;
}

/* ---- filters ---- */

int ssc_panel_list_has(const char *list, const char *word)
{
    size_t wl = strlen(word);
    if (!list || !wl) return 0;
    for (const char *s = list;;) {
        size_t len = strcspn(s, ";");
        if (len == wl && strncasecmp(s, word, wl) == 0) return 1;
        if (!s[len]) return 0;
        s += len + 1;
    }
}

static const char *filter_word(const char *w) { return w && *w ? w : NULL; }

int ssc_panel_match(const ssc_panel_t *p, int i, const ssc_panel_filter_t *f)
{
    const char *res = f ? filter_word(f->resistance) : NULL, *tgt = f ? filter_word(f->target) : NULL;
    if (i < 0 || i >= p->n) return 0;
    if (res && !ssc_panel_list_has(cellv(p, i, SSC_PCOL_RESISTANCE), res)) return 0;
    if (tgt && !ssc_panel_list_has(cellv(p, i, SSC_PCOL_TARGETS), tgt)) return 0;
    return 1;
}

/* Whether any row has word in column col. */
static int any_row_has(const ssc_panel_t *p, ssc_pcol_t col, const char *word)
{
    for (int i = 0; i < p->n; i++)
        if (ssc_panel_list_has(cellv(p, i, col), word)) return 1;
    return 0;
}

/* Why no row passes f: the most specific reason. */
static int explain_empty(ssc_panel_t *p, const char *res, const char *tgt)
{
    if (p->n == 0) return fail_at(p, SSC_ENOTFOUND, 0, "the panel has no rows");
    if (res && !any_row_has(p, SSC_PCOL_RESISTANCE, res))
        return fail_at(p, SSC_EINVAL, 0, "no row has the resistance term '%s' (the terms are %s)",
                       res, ssc_panel_terms(p));
    if (tgt && !any_row_has(p, SSC_PCOL_TARGETS, tgt))
        return fail_at(p, SSC_ENOTFOUND, 0, "no row names the target gene '%s'", tgt);
    return fail_at(p, SSC_ENOTFOUND, 0, "no row has both the resistance term '%s' and the target "
                   "gene '%s'", res ? res : "", tgt ? tgt : "");
}

int ssc_panel_select(ssc_panel_t *p, const ssc_panel_filter_t *f, int *rows)
{
    int n = 0;
    p->errmsg[0] = 0;
    for (int i = 0; i < p->n; i++)
        if (ssc_panel_match(p, i, f)) {
            if (rows) rows[n] = i;
            n++;
        }
    if (n > 0) return n;
    return explain_empty(p, f ? filter_word(f->resistance) : NULL, f ? filter_word(f->target) : NULL);
}

ssc_mirset_t *ssc_panel_mirset(ssc_panel_t *p, const ssc_panel_filter_t *f)
{
    ssc_mirset_t *ms;
    int n = ssc_panel_select(p, f, NULL);
    if (n < 0) return NULL;
    if (!(ms = ssc_mirset_init())) goto fail;
    for (int i = 0; i < p->n; i++)
        if (ssc_panel_match(p, i, f) &&
            ssc_mirset_add(ms, cellv(p, i, SSC_PCOL_MIRBASE_ID), cellv(p, i, SSC_PCOL_SEQUENCE)) < 0)
            goto fail;
    return ms;
fail:
    ssc_mirset_destroy(ms);
    fail_at(p, SSC_ENOMEM, 0, "out of memory building the miRNA set");
    return NULL;
}

/* ---- formats ---- */

static int put_cells(kstring_t *s, char *const *cell, int ncol)
{
    for (int c = 0; c < ncol; c++) {
        if (c) kputc('\t', s);
        kputs(cell[c], s);
    }
    return kputc('\n', s) < 0 ? SSC_ENOMEM : 0;
}

int ssc_panel_format_tsv(kstring_t *s, const ssc_panel_t *p, const int *rows, int n)
{
    int ret = put_cells(s, p->hdr, p->ncol);
    for (int k = 0; ret == 0 && k < n; k++) ret = put_cells(s, p->row[rows[k]].cell, p->ncol);
    return ret;
}

int ssc_panel_format_fasta(kstring_t *s, const ssc_panel_t *p, const int *rows, int n)
{
    for (int k = 0; k < n; k++) {
        int i = rows[k];
        ksprintf(s, ">%s %s %s\n", cellv(p, i, SSC_PCOL_MIRBASE_ID), cellv(p, i, SSC_PCOL_ACCESSION),
                 cellv(p, i, SSC_PCOL_REVIEW_NAME));
        for (const char *q = cellv(p, i, SSC_PCOL_SEQUENCE); *q; q++) kputc(nt_upper(*q), s);
        if (kputc('\n', s) < 0) return SSC_ENOMEM;
    }
    return 0;
}

/* The text listing: these columns, in this order, under these titles. */
static const ssc_pcol_t text_cols[] = { SSC_PCOL_MIRBASE_ID, SSC_PCOL_ACCESSION, SSC_PCOL_SEED,
                                        SSC_PCOL_REVIEW_NAME, SSC_PCOL_TARGETS, SSC_PCOL_RESISTANCE };
static const char *const text_titles[] = { "miRNA", "accession", "seed", "review name", "targets",
                                           "resistance" };
#define NTEXT ((int)(sizeof text_cols / sizeof text_cols[0]))

static const char *text_cell(const ssc_panel_t *p, int i, int c)
{
    const char *v = cellv(p, i, text_cols[c]);
    return *v ? v : "-";
}

static void put_padded(kstring_t *s, const char *v, int width, int last)
{
    kputs(v, s);
    if (last) return;
    for (int k = (int)strlen(v); k < width + 2; k++) kputc(' ', s);
}

int ssc_panel_format_text(kstring_t *s, const ssc_panel_t *p, const int *rows, int n)
{
    int w[NTEXT];
    for (int c = 0; c < NTEXT; c++) {
        w[c] = (int)strlen(text_titles[c]);
        for (int k = 0; k < n; k++) {
            int len = (int)strlen(text_cell(p, rows[k], c));
            if (len > w[c]) w[c] = len;
        }
    }
    for (int c = 0; c < NTEXT; c++) put_padded(s, text_titles[c], w[c], c == NTEXT - 1);
    kputc('\n', s);
    for (int k = 0; k < n; k++) {
        for (int c = 0; c < NTEXT; c++) put_padded(s, text_cell(p, rows[k], c), w[c], c == NTEXT - 1);
        if (kputc('\n', s) < 0) return SSC_ENOMEM;
    }
    return 0;
}
