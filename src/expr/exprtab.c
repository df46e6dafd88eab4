/* exprtab.c: read expression tables and ranked lists, detect their columns, join target IDs to rows. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <htslib/khash.h>
#include "expr/exprtab.h"
#include "io/io.h"

KHASH_MAP_INIT_STR(etid, long)

#define MAXF 4096

struct ssc_idmap_s {
    khash_t(etid) *h; /* ID -> group */
    char ***group;    /* per group: NULL-terminated IDs */
    size_t n, m;
};

void ssc_et_opt_init(ssc_et_opt_t *opt)
{
    memset(opt, 0, sizeof *opt);
}

const char *ssc_et_kind_name(ssc_et_kind_t kind)
{
    static const char *names[] = { "generic", "DESeq2", "edgeR", "limma", "ranked", "matrix" };
    return kind <= SSC_ET_MATRIX ? names[kind] : "?";
}

void ssc_id_strip_version(char *id)
{
    char *dot = strrchr(id, '.');
    if (!dot || dot == id || !dot[1]) return;
    for (const char *p = dot + 1; *p; p++)
        if (*p < '0' || *p > '9') return;
    *dot = '\0';
}

/* ---- splitting ---- */

/* One field starting at p; returns where the next field starts (NULL at the end). */
static char *next_field(char *p, char sep, char **field)
{
    char *w = p;
    if (*p == '"') { /* quoted: "" is a literal quote */
        *field = w;
        for (p++; *p; p++) {
            if (*p == '"' && p[1] == '"') *w++ = '"', p++;
            else if (*p == '"') { p++; break; }
            else *w++ = *p;
        }
        while (*p && *p != sep && !(sep == ' ' && (*p == '\t'))) p++;
    } else {
        *field = p;
        while (*p && *p != sep && !(sep == ' ' && *p == '\t')) p++;
        w = p;
    }
    if (!*p) {
        *w = '\0';
        return NULL;
    }
    *w = '\0';
    p++;
    if (sep == ' ')
        while (*p == ' ' || *p == '\t') p++;
    return p;
}

int ssc_et_split(char *line, char sep, char **f, int max)
{
    int n = 0;
    char *p = line;
    if (sep == ' ')
        while (*p == ' ' || *p == '\t') p++;
    if (!*p && sep == ' ') return 0;
    while (p && n < max) p = next_field(p, sep, &f[n++]);
    if (sep == ' ' && n > 0 && !*f[n - 1]) n--; /* trailing blanks */
    return n;
}

static char detect_sep(const char *line)
{
    if (strchr(line, '\t')) return '\t';
    if (strchr(line, ',')) return ',';
    return ' ';
}

/* ---- values ---- */

static int is_na(const char *s)
{
    return !*s || !strcmp(s, "NA") || !strcasecmp(s, "nan") || !strcmp(s, "-") || !strcmp(s, ".");
}

/* 0 and *v, or -1 when s is not a number. NA-like text gives NaN. */
static int parse_value(const char *s, double *v)
{
    char *end;
    if (is_na(s)) {
        *v = NAN;
        return 0;
    }
    errno = 0;
    *v = strtod(s, &end);
    while (*end == ' ') end++;
    return *end || end == s ? -1 : 0;
}

/* ---- the table object ---- */

static void seterr(char *buf, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void seterr(char *buf, size_t len, const char *fmt, ...)
{
    va_list ap;
    if (!buf || !len) return;
    va_start(ap, fmt);
    vsnprintf(buf, len, fmt, ap);
    va_end(ap);
}

void ssc_exprtab_destroy(ssc_exprtab_t *t)
{
    if (!t) return;
    for (size_t i = 0; i < t->n; i++) {
        free(t->id[i]);
        free(t->raw[i]);
    }
    free(t->id);
    free(t->raw);
    free(t->value);
    free(t->line);
    free(t->header);
    free(t->id_name);
    free(t->value_name);
    if (t->hash) kh_destroy(etid, (khash_t(etid) *)t->hash);
    free(t);
}

long ssc_exprtab_find(const ssc_exprtab_t *t, const char *id)
{
    khash_t(etid) *h = t->hash;
    khint_t k = kh_get(etid, h, id);
    return k == kh_end(h) ? -1 : kh_val(h, k);
}

/* Column by name (exact, then case-insensitive) or 1-based number; -1 if none. */
static int find_col(char **names, int n, const char *want)
{
    int num;
    char *end;
    for (int i = 0; i < n; i++)
        if (!strcmp(names[i], want)) return i;
    for (int i = 0; i < n; i++)
        if (!strcasecmp(names[i], want)) return i;
    num = (int)strtol(want, &end, 10);
    if (*want && !*end && num >= 1) return num - 1;
    return -1;
}

static int find_any(char **names, int n, const char *const *list)
{
    for (; *list; list++) {
        int c = find_col(names, n, *list);
        if (c >= 0 && c < n) return c;
    }
    return -1;
}

static const char *const ID_NAMES[] = { "id", "gene_id", "geneid", "gene", "ensembl_gene_id",
                                        "transcript_id", "target_id", "target", "feature_id",
                                        "genes", "ID", NULL };
static const char *const VALUE_NAMES[] = { "log2FoldChange", "logFC", "log2FC", "log2_fold_change",
                                           "lfc", "value", NULL };

/* Recognise the kind of table from its header. */
static ssc_et_kind_t kind_of(char **h, int n)
{
    static const char *const deseq[] = { "baseMean", "lfcSE", NULL };
    static const char *const edger[] = { "logCPM", "PValue", "FDR", NULL };
    static const char *const limma[] = { "AveExpr", "P.Value", "adj.P.Val", NULL };
    if (find_col(h, n, "log2FoldChange") >= 0 && find_any(h, n, deseq) >= 0) return SSC_ET_DESEQ2;
    if (find_col(h, n, "logFC") >= 0 && find_any(h, n, edger) >= 0) return SSC_ET_EDGER;
    if (find_col(h, n, "logFC") >= 0 && find_any(h, n, limma) >= 0) return SSC_ET_LIMMA;
    return SSC_ET_GENERIC;
}

typedef struct {
    const char *path;
    const ssc_et_opt_t *opt;
    ssc_exprtab_t *t;
    char *hbuf;      /* the split header line */
    char *hdr[MAXF]; /* column names; NULL without a header */
    int nh;          /* header fields (with "" for R's row-name column) */
    int *mcols;      /* matrix: sample columns */
    int nm, mcol;    /* number of samples, the chosen one */
    size_t m;        /* allocated rows */
    char *errbuf;
    size_t errlen;
} loader_t;

static int resolve_col(loader_t *L, const char *want, const char *what, int *col)
{
    int c = L->t->has_header ? find_col(L->hdr, L->nh, want) : find_col(NULL, 0, want);
    if (c < 0 || (L->t->has_header && c >= L->nh)) {
        seterr(L->errbuf, L->errlen, "%s: no %s column '%s'%s", L->path, what, want,
               L->t->has_header ? " in the header" : " (the table has no header: use a number)");
        return SSC_EINVAL;
    }
    *col = c;
    return 0;
}

static int setup_matrix(loader_t *L)
{
    ssc_exprtab_t *t = L->t;
    if (!(L->mcols = malloc(sizeof(int) * (size_t)L->nh))) return SSC_ENOMEM;
    for (int i = 0; i < L->nh; i++)
        if (i != t->id_col) L->mcols[L->nm++] = i;
    if (resolve_col(L, L->opt->matrix_col, "sample", &L->mcol) < 0) return SSC_EINVAL;
    if (L->mcol == t->id_col || L->nm < 2) {
        seterr(L->errbuf, L->errlen, "%s: --matrix needs a sample column and at least one other",
               L->path);
        return SSC_EINVAL;
    }
    t->value_col = L->mcol;
    return 0;
}

static int setup_columns(loader_t *L)
{
    ssc_exprtab_t *t = L->t;
    const ssc_et_opt_t *o = L->opt;
    int ret;
    t->kind = t->has_header ? kind_of(L->hdr, L->nh) : SSC_ET_GENERIC;
    t->id_col = 0;
    if (o->id_col) {
        if ((ret = resolve_col(L, o->id_col, "ID", &t->id_col)) < 0) return ret;
    } else if (t->has_header) {
        int c = find_any(L->hdr, L->nh, ID_NAMES);
        if (c >= 0) t->id_col = c;
    }
    if (o->matrix_col) {
        if (!t->has_header) {
            seterr(L->errbuf, L->errlen, "%s: --matrix needs a header naming the samples", L->path);
            return SSC_EFORMAT;
        }
        t->kind = SSC_ET_MATRIX;
        return setup_matrix(L);
    }
    if (o->value_col) return resolve_col(L, o->value_col, "value", &t->value_col);
    t->value_col = t->id_col == 0 ? 1 : 0;
    if (t->has_header) {
        int c = find_any(L->hdr, L->nh, VALUE_NAMES);
        if (c >= 0) t->value_col = c;
        if (t->value_col >= L->nh) { /* a list of IDs with a header, say */
            seterr(L->errbuf, L->errlen, "%s: no value column (the header has %d column%s; use "
                   "--value-col, or --ranked for a list of IDs)", L->path, L->nh, L->nh == 1 ? "" : "s");
            return SSC_EFORMAT;
        }
    }
    return 0;
}

/* A header is present when the first line names a known column, or when the
 * candidate value field of the first line is not a number. */
static int looks_like_header(loader_t *L, char **f, int n)
{
    const ssc_et_opt_t *o = L->opt;
    double v;
    if (n == 0) return 0; /* nothing to name (read_lines skips blank lines) */
    if (o->matrix_col || find_any(f, n, VALUE_NAMES) >= 0 || find_any(f, n, ID_NAMES) >= 0)
        return 1;
    if (o->value_col && strtol(o->value_col, NULL, 10) <= 0 && find_col(f, n, o->value_col) >= 0)
        return 1;
    if (o->id_col && strtol(o->id_col, NULL, 10) <= 0 && find_col(f, n, o->id_col) >= 0) return 1;
    int vc = o->value_col ? (int)strtol(o->value_col, NULL, 10) - 1 : 1;
    if (vc < 0 || vc >= n) vc = n - 1;
    return parse_value(f[vc], &v) < 0;
}

static int grow_rows(loader_t *L)
{
    ssc_exprtab_t *t = L->t;
    size_t m = L->m ? L->m * 2 : 1024;
    char **a = realloc(t->id, m * sizeof *a);
    if (!a) return SSC_ENOMEM;
    t->id = a;
    if (!(a = realloc(t->raw, m * sizeof *a))) return SSC_ENOMEM;
    t->raw = a;
    double *c = realloc(t->value, m * sizeof *c);
    if (!c) return SSC_ENOMEM;
    t->value = c;
    int64_t *d = realloc(t->line, m * sizeof *d);
    if (!d) return SSC_ENOMEM;
    t->line = d;
    L->m = m;
    return 0;
}

static int add_row(loader_t *L, const char *raw, const char *id, double v, int64_t line)
{
    ssc_exprtab_t *t = L->t;
    size_t i = t->n;
    int absent;
    if (i == L->m && grow_rows(L) < 0) return SSC_ENOMEM;
    t->id[i] = strdup(id);
    t->raw[i] = strdup(raw);
    if (!t->id[i] || !t->raw[i]) {
        free(t->id[i]);
        free(t->raw[i]);
        return SSC_ENOMEM;
    }
    if (!L->opt->keep_version) ssc_id_strip_version(t->id[i]);
    t->value[i] = v;
    t->line[i] = line;
    t->n++;
    if (isnan(v)) t->n_na++;
    khint_t k = kh_put(etid, (khash_t(etid) *)t->hash, t->id[i], &absent);
    if (absent < 0) return SSC_ENOMEM;
    if (absent) kh_val((khash_t(etid) *)t->hash, k) = (long)i;
    else t->n_dup++;
    return 0;
}

static int field_value(loader_t *L, char **f, int col, int64_t line, double *v)
{
    if (parse_value(f[col], v) == 0) return 0;
    if (L->hdr[col])
        seterr(L->errbuf, L->errlen, "%s:%lld: '%s' in column '%s' is not a number", L->path,
               (long long)line, f[col], L->hdr[col]);
    else
        seterr(L->errbuf, L->errlen, "%s:%lld: '%s' in column %d is not a number", L->path,
               (long long)line, f[col], col + 1);
    return SSC_EFORMAT;
}

static int matrix_value(loader_t *L, char **f, int64_t line, double *v)
{
    double x, sum = 0;
    int ret;
    if ((ret = field_value(L, f, L->mcol, line, &x)) < 0) return ret;
    for (int i = 0; i < L->nm; i++) {
        double y;
        if (L->mcols[i] == L->mcol) continue;
        if ((ret = field_value(L, f, L->mcols[i], line, &y)) < 0) return ret;
        sum += y;
    }
    *v = x - sum / (L->nm - 1);
    return 0;
}

static int data_row(loader_t *L, const char *line, int64_t lineno)
{
    ssc_exprtab_t *t = L->t;
    char *f[MAXF], *copy = strdup(line);
    double v = NAN;
    int n, ret = 0, need;
    if (!copy) return SSC_ENOMEM;
    n = ssc_et_split(copy, t->sep, f, MAXF);
    need = (t->value_col > t->id_col ? t->value_col : t->id_col) + 1;
    if ((t->kind == SSC_ET_MATRIX || (t->has_header && !L->opt->ranked)) && L->nh > need) need = L->nh;
    if (L->opt->ranked) need = 1;
    if (n < need) {
        seterr(L->errbuf, L->errlen, "%s:%lld: %d field%s, expected %d", L->path,
               (long long)lineno, n, n == 1 ? "" : "s", need);
        ret = SSC_EFORMAT;
    } else if (!*f[t->id_col]) {
        seterr(L->errbuf, L->errlen, "%s:%lld: empty ID", L->path, (long long)lineno);
        ret = SSC_EFORMAT;
    } else if (L->opt->ranked) {
        v = (double)(t->n + 1);
    } else if (t->kind == SSC_ET_MATRIX) {
        ret = matrix_value(L, f, lineno, &v);
    } else {
        ret = field_value(L, f, t->value_col, lineno, &v);
    }
    if (ret == 0) ret = add_row(L, line, f[t->id_col], v, lineno);
    free(copy);
    return ret;
}

/* The first line: separator, header or not; without a header it is data. */
static int first_line(loader_t *L, const char *line, int64_t lineno)
{
    ssc_exprtab_t *t = L->t;
    char *f[MAXF];
    int n;
    t->sep = detect_sep(line);
    if (L->opt->ranked) {
        t->kind = SSC_ET_RANKED;
        return data_row(L, line, lineno);
    }
    if (!(L->hbuf = strdup(line))) return SSC_ENOMEM;
    n = ssc_et_split(L->hbuf, t->sep, f, MAXF - 1);
    t->has_header = looks_like_header(L, f, n);
    if (t->has_header) {
        if (!(t->header = strdup(line))) return SSC_ENOMEM;
        L->nh = n;
        memcpy(L->hdr, f, sizeof(char *) * (size_t)n);
        return 0;
    }
    int ret = setup_columns(L);
    return ret < 0 ? ret : data_row(L, line, lineno);
}

/* After a header: R's write.table puts row names under no header field. */
static int first_data(loader_t *L, const char *line)
{
    char *f[MAXF], *copy = strdup(line);
    int n;
    if (!copy) return SSC_ENOMEM;
    n = ssc_et_split(copy, L->t->sep, f, MAXF);
    free(copy);
    if (n == L->nh + 1) {
        memmove(L->hdr + 1, L->hdr, sizeof(char *) * (size_t)L->nh);
        L->hdr[0] = "";
        L->nh++;
    }
    return setup_columns(L);
}

static int set_names(loader_t *L)
{
    ssc_exprtab_t *t = L->t;
    const char *idn = t->has_header ? L->hdr[t->id_col] : "id";
    const char *vn = t->kind == SSC_ET_RANKED ? "rank" : t->has_header ? L->hdr[t->value_col] : "value";
    if (!*idn) idn = "id";
    t->id_name = strdup(idn);
    t->value_name = strdup(vn);
    return t->id_name && t->value_name ? 0 : SSC_ENOMEM;
}

/* Empty, or white space only: skipped like an empty line. */
static int blank(const char *s)
{
    while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\v' || *s == '\f') s++;
    return *s == 0;
}

static int read_lines(loader_t *L, ssc_lines_t *lr)
{
    kstring_t s = { 0, 0, NULL };
    int r, ret = 0, state = 0; /* 0: before the first line, 1: after a header, 2: data */
    while (ret == 0 && (r = ssc_lines_next(lr, &s)) > 0) {
        int64_t ln = ssc_lines_lineno(lr);
        if (blank(s.s) || s.s[0] == '#') continue;
        if (state == 0) {
            if (s.l >= 3 && !memcmp(s.s, "\xEF\xBB\xBF", 3)) /* a UTF-8 byte-order mark */
                memmove(s.s, s.s + 3, (s.l -= 3) + 1);
            ret = first_line(L, s.s, ln);
            state = L->t->has_header ? 1 : 2;
            continue;
        }
        if (state == 1 && (ret = first_data(L, s.s)) < 0) break;
        state = 2;
        ret = data_row(L, s.s, ln);
    }
    if (ret == 0 && r < 0) {
        seterr(L->errbuf, L->errlen, "%s:%lld: %s", L->path, (long long)ssc_lines_lineno(lr) + 1,
               ssc_lines_why(r));
        ret = SSC_EIO;
    }
    if (ret == 0 && L->t->n == 0) {
        seterr(L->errbuf, L->errlen, "%s: no data rows", L->path);
        ret = SSC_EFORMAT;
    }
    free(s.s);
    return ret;
}

int ssc_exprtab_load(const char *path, const ssc_et_opt_t *opt, ssc_exprtab_t **out,
                     char *errbuf, size_t errlen)
{
    loader_t L = { 0 };
    ssc_lines_t *lr;
    int ret;
    *out = NULL;
    L.path = path;
    L.opt = opt;
    L.errbuf = errbuf;
    L.errlen = errlen;
    if (!(L.t = calloc(1, sizeof *L.t)) || !(L.t->hash = kh_init(etid))) {
        ssc_exprtab_destroy(L.t);
        return SSC_ENOMEM;
    }
    L.t->keep_version = opt->keep_version != 0;
    if (!(lr = ssc_lines_open(path, 1))) {
        seterr(errbuf, errlen, "%s: %s", path, strerror(errno));
        ssc_exprtab_destroy(L.t);
        return SSC_EIO;
    }
    ret = read_lines(&L, lr);
    ssc_lines_close(lr);
    if (ret == 0) ret = set_names(&L);
    free(L.hbuf);
    free(L.mcols);
    if (ret < 0) {
        if (ret == SSC_ENOMEM) seterr(errbuf, errlen, "%s: out of memory", path);
        ssc_exprtab_destroy(L.t);
        return ret;
    }
    *out = L.t;
    return 0;
}

/* ---- ID maps ---- */

void ssc_idmap_destroy(ssc_idmap_t *m)
{
    if (!m) return;
    for (size_t i = 0; i < m->n; i++) {
        for (char **p = m->group[i]; *p; p++) free(*p);
        free(m->group[i]);
    }
    free(m->group);
    if (m->h) kh_destroy(etid, m->h);
    free(m);
}

static int map_line(ssc_idmap_t *m, char *line)
{
    char *f[64];
    int n = ssc_et_split(line, detect_sep(line), f, 64);
    char **g = NULL;
    if (n == 0) return 0;
    SSC_GROW(char **, m->group, m->n, m->m);
    if (!(g = calloc((size_t)n + 1, sizeof *g))) goto fail;
    m->group[m->n] = g;
    for (int i = 0; i < n; i++) {
        int absent;
        if (!(g[i] = strdup(f[i]))) goto fail;
        ssc_id_strip_version(g[i]);
        khint_t k = kh_put(etid, m->h, g[i], &absent);
        if (absent < 0) goto fail;
        if (absent) kh_val(m->h, k) = (long)m->n;
    }
    m->n++;
    return 0;
fail:
    if (g && m->group[m->n] == g) m->n++; /* freed with the map */
    return SSC_ENOMEM;
}

int ssc_idmap_load(const char *path, ssc_idmap_t **out, char *errbuf, size_t errlen)
{
    ssc_idmap_t *m = calloc(1, sizeof *m);
    ssc_lines_t *lr = NULL;
    kstring_t s = { 0, 0, NULL };
    int r, ret = 0;
    *out = NULL;
    if (!m || !(m->h = kh_init(etid))) {
        ssc_idmap_destroy(m);
        return SSC_ENOMEM;
    }
    if (!(lr = ssc_lines_open(path, 1))) {
        seterr(errbuf, errlen, "%s: %s", path, strerror(errno));
        ssc_idmap_destroy(m);
        return SSC_EIO;
    }
    while (ret == 0 && (r = ssc_lines_next(lr, &s)) > 0)
        if (s.l && s.s[0] != '#') ret = map_line(m, s.s);
    if (ret == 0 && r < 0) {
        seterr(errbuf, errlen, "%s:%lld: %s", path, (long long)ssc_lines_lineno(lr) + 1, ssc_lines_why(r));
        ret = SSC_EIO;
    }
    ssc_lines_close(lr);
    free(s.s);
    if (ret < 0) {
        ssc_idmap_destroy(m);
        return ret;
    }
    *out = m;
    return 0;
}

/* ---- joining ---- */

static long match_field(const ssc_exprtab_t *t, const ssc_idmap_t *map, const char *f, int alias)
{
    long r = ssc_exprtab_find(t, f);
    if (r >= 0 || !alias || !map) return r;
    khint_t k = kh_get(etid, map->h, f);
    if (k == kh_end(map->h)) return -1;
    for (char **p = map->group[kh_val(map->h, k)]; *p; p++)
        if ((r = ssc_exprtab_find(t, *p)) >= 0) return r;
    return -1;
}

long ssc_exprtab_match(const ssc_exprtab_t *t, const ssc_idmap_t *map, const char *name)
{
    char buf[1024];
    for (int alias = 0; alias < 2; alias++) {
        const char *p = name;
        while (*p) {
            size_t n = strcspn(p, "|");
            if (n && n < sizeof buf) {
                memcpy(buf, p, n);
                buf[n] = '\0';
                if (!t->keep_version) ssc_id_strip_version(buf);
                long r = match_field(t, map, buf, alias);
                if (r >= 0) return r;
            }
            p += n;
            if (*p) p++;
        }
    }
    return -1;
}

/* ---- the join ---- */

ssc_join_t *ssc_join_init(size_t n_rows, ssc_collapse_t rule)
{
    ssc_join_t *j = calloc(1, sizeof *j);
    if (!j) return NULL;
    j->n_rows = n_rows;
    j->rule = rule;
    j->len = malloc(sizeof *j->len * (n_rows ? n_rows : 1));
    j->target = calloc(n_rows ? n_rows : 1, sizeof *j->target);
    if (!j->len || !j->target) {
        ssc_join_destroy(j);
        return NULL;
    }
    for (size_t i = 0; i < n_rows; i++) j->len[i] = -1;
    return j;
}

void ssc_join_destroy(ssc_join_t *j)
{
    if (!j) return;
    for (size_t i = 0; j->target && i < j->n_rows; i++) free(j->target[i]);
    free(j->target);
    free(j->len);
    free(j);
}

int ssc_join_offer(ssc_join_t *j, const ssc_exprtab_t *t, const ssc_idmap_t *map,
                   const char *name, int64_t len, long *row)
{
    long r = ssc_exprtab_match(t, map, name);
    char *copy;
    j->n_targets++;
    *row = r;
    if (r < 0) {
        j->n_unmatched++;
        return 0;
    }
    if (j->len[r] >= 0) {
        j->n_collapsed++;
        if (j->rule == SSC_COLLAPSE_FIRST || len <= j->len[r]) return 0;
    }
    if (!(copy = strdup(name))) return SSC_ENOMEM;
    free(j->target[r]);
    j->target[r] = copy;
    j->len[r] = len;
    return 1;
}

int ssc_target_key(const char *name, const char *gene_id, const char *gene_name, kstring_t *key)
{
    key->l = 0;
    if (!gene_id) return kputs(name, key) < 0 ? SSC_ENOMEM : 0;
    return ksprintf(key, "%.*s|%s|%s", (int)strcspn(name, "|"), name, gene_id, gene_name ? gene_name : ".") < 0
               ? SSC_ENOMEM : 0;
}

/* The value of "key=" in a FASTA header's comment, copied into v (NULL when absent). */
static const char *header_value(const char *comment, const char *key, char *v, size_t size)
{
    size_t n = strlen(key);
    for (const char *p = comment; *p;) {
        p += strspn(p, " \t");
        size_t w = strcspn(p, " \t");
        if (w > n && !strncmp(p, key, n) && p[n] == '=' && w - n - 1 < size) {
            memcpy(v, p + n + 1, w - n - 1);
            v[w - n - 1] = 0;
            return v;
        }
        p += w;
    }
    return NULL;
}

static int join_file(ssc_join_t *j, const ssc_exprtab_t *t, const ssc_idmap_t *map,
                     ssc_reader_t *rd, ssc_batch_t *b, ssc_join_take_f take, void *data)
{
    kstring_t key = { 0, 0, NULL };
    char gid[256], gname[256];
    int n, ret = 0;
    while (ret == 0 && (n = ssc_reader_read(rd, b, 1 << 20)) > 0) {
        for (int i = 0; ret == 0 && i < n; i++) {
            long row;
            const char *c = b->rec[i].comment;
            ret = ssc_target_key(b->rec[i].name, header_value(c, "gene_id", gid, sizeof gid),
                                 header_value(c, "gene_name", gname, sizeof gname), &key);
            if (ret == 0) ret = ssc_join_offer(j, t, map, key.s, b->rec[i].len, &row);
            if (ret > 0) ret = take(data, row, &b->rec[i]);
        }
    }
    free(key.s);
    return ret < 0 ? ret : n;
}

int ssc_join_read(ssc_join_t *j, const ssc_exprtab_t *t, const ssc_idmap_t *map,
                  char *const *files, int nfiles, ssc_join_take_f take, void *data,
                  char *errbuf, size_t errlen)
{
    ssc_batch_t b;
    int ret = 0;
    ssc_batch_init(&b);
    for (int f = 0; ret == 0 && f < nfiles; f++) {
        ssc_reader_t *rd = ssc_reader_open(files[f], 1);
        if (!rd) {
            seterr(errbuf, errlen, "%s: %s", files[f], strerror(errno));
            ret = SSC_EIO;
            break;
        }
        ret = join_file(j, t, map, rd, &b, take, data);
        if (ret < 0 && ret != SSC_ENOMEM && *ssc_reader_errmsg(rd))
            seterr(errbuf, errlen, "%s", ssc_reader_errmsg(rd));
        ssc_reader_close(rd);
    }
    ssc_batch_free(&b);
    return ret < 0 ? ret : 0;
}

size_t ssc_join_matched(const ssc_join_t *j, const ssc_exprtab_t *t)
{
    size_t n = 0;
    for (size_t i = 0; i < j->n_rows; i++) n += j->len[i] >= 0 && !isnan(t->value[i]);
    return n;
}

double ssc_join_fraction(const ssc_join_t *j, const ssc_exprtab_t *t)
{
    size_t rows = t->n - t->n_na - t->n_dup, targets = j->n_targets - j->n_collapsed;
    size_t d = rows < targets ? rows : targets;
    return d ? (double)ssc_join_matched(j, t) / (double)d : 0.0;
}

int ssc_join_report(kstring_t *s, const ssc_join_t *j, const ssc_exprtab_t *t)
{
    size_t m = ssc_join_matched(j, t);
    int r = ksprintf(s, "%zu rows (%zu NA, %zu duplicate IDs), %zu targets (%zu collapsed by "
                     "'%s'); matched %zu rows (%.1f%%), %zu rows without a target, %zu targets "
                     "without a row", t->n, t->n_na, t->n_dup, j->n_targets, j->n_collapsed,
                     j->rule == SSC_COLLAPSE_FIRST ? "first" : "longest", m,
                     100.0 * ssc_join_fraction(j, t), t->n - t->n_na - t->n_dup - m,
                     j->n_unmatched);
    return r < 0 ? SSC_ENOMEM : 0;
}

int ssc_write_file(const char *path, const char *buf, size_t len, int level)
{
    ssc_out_t *out = ssc_out_open_level(path, 1, level);
    if (!out) return SSC_EIO;
    if (ssc_out_write(out, buf ? buf : "", len) < 0) {
        int e = errno;
        ssc_out_close(out, 0);
        errno = e;
        return SSC_EIO;
    }
    return ssc_out_close(out, 1) < 0 ? SSC_EIO : 0;
}

/* ---- miRNA sets from options ---- */

static int mirsel_is_seq(const char *s)
{
    size_t n = strspn(s, "ACGTUacgtu");
    return !s[n] && n >= 8;
}

static int mirsel_file(const ssc_mirsel_t *sel, ssc_mirset_t **file, char *err, size_t len)
{
    char path[4096];
    const char *p = sel->file;
    ssc_mirload_opt_t lo = { sel->species };
    if (*file) return 0;
    if (!p && ssc_refs_path(sel->default_file, path, sizeof path) < 0) {
        seterr(err, len, "cannot find refs/%s (set SEEDSCAN_REFS to the refs directory, or use -m)",
               sel->default_file);
        return SSC_ENOTFOUND;
    }
    if (!(*file = ssc_mirset_init())) return SSC_ENOMEM;
    if (ssc_mirset_load(*file, p ? p : path, &lo) < 0) {
        seterr(err, len, "%s", ssc_mirset_errmsg(*file));
        return SSC_EFORMAT;
    }
    return 0;
}

/* One list item into ms: a sequence, NAME=SEQ, or a name looked up in the file. */
static int mirsel_item(const ssc_mirsel_t *sel, ssc_mirset_t *ms, ssc_mirset_t **file,
                       const char *item, char *err, size_t len)
{
    const char *eq = strchr(item, '=');
    int miss, ret;
    if (eq || mirsel_is_seq(item)) {
        char name[256];
        snprintf(name, sizeof name, "%.*s", eq ? (int)(eq - item) : (int)strlen(item), item);
        for (const char *c = name; *c; c++)
            if ((unsigned char)*c < 0x20 || *c == 0x7f) {
                seterr(err, len, "--mirna: the name in NAME=SEQ holds a control character (byte "
                       "0x%02x: a tab or line break would break the output's columns)", (unsigned char)*c);
                return SSC_EINVAL;
            }
        if (ssc_mirset_add(ms, name, eq ? eq + 1 : item) == 0) return 0;
        seterr(err, len, "--mirna: '%s' is not a miRNA of 8 or more nt of A, C, G, U, T", item);
        return SSC_EINVAL;
    }
    if ((ret = mirsel_file(sel, file, err, len)) < 0) return ret;
    ssc_mirset_t *one = ssc_mirset_select(*file, &item, 1, &miss);
    if (!one) {
        kstring_t near = { 0, 0, NULL };
        ssc_mirset_suggest(*file, item, 5, &near);
        seterr(err, len, "--mirna: unknown miRNA '%s' (not in %s%s%s%s)%s%s%s", item,
               sel->file ? "" : "refs/", sel->file ? sel->file : sel->default_file,
               sel->species ? " with --species " : "", sel->species ? sel->species : "",
               near.l ? "; did you mean " : "", near.l ? near.s : "", near.l ? "?" : "");
        free(near.s);
        return SSC_ENOTFOUND;
    }
    ret = *ssc_mirset_seq(one, 0)
              ? ssc_mirset_add(ms, ssc_mirset_name(one, 0), ssc_mirset_seq(one, 0))
              : ssc_mirset_add_seed(ms, ssc_mirset_name(one, 0), ssc_family_seed(one, 0));
    ssc_mirset_destroy(one);
    return ret;
}

static int mirsel_list(const ssc_mirsel_t *sel, ssc_mirset_t *ms, char *err, size_t len)
{
    ssc_mirset_t *file = NULL;
    char *list = strdup(sel->list ? sel->list : sel->default_list), *save = NULL;
    int ret = list ? 0 : SSC_ENOMEM;
    for (char *tok = list ? strtok_r(list, ",", &save) : NULL; tok && ret == 0;
         tok = strtok_r(NULL, ",", &save))
        ret = mirsel_item(sel, ms, &file, tok, err, len);
    free(list);
    ssc_mirset_destroy(file);
    return ret;
}

ssc_mirset_t *ssc_mirsel_build(const ssc_mirsel_t *sel, char *err, size_t len)
{
    ssc_mirset_t *ms = NULL;
    int ret;
    if (sel->all || (sel->file && !sel->list)) {
        ret = mirsel_file(sel, &ms, err, len);
    } else {
        ret = (ms = ssc_mirset_init()) ? mirsel_list(sel, ms, err, len) : SSC_ENOMEM;
    }
    if (ret == 0 && ssc_mirset_size(ms) == 0) {
        seterr(err, len, "the miRNA set is empty%s%s", sel->species ? " after --species " : "",
               sel->species ? sel->species : "");
        ret = SSC_EINVAL;
    }
    if (ret == SSC_ENOMEM) seterr(err, len, "out of memory");
    if (ret < 0) {
        ssc_mirset_destroy(ms);
        return NULL;
    }
    return ms;
}
