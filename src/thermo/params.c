/* thermo/params.c: reads RNA energy parameter files in ViennaRNA's 2.0 format (RNAfold -P). */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "seedscan.h"
#include "thermo/params.h"

/* ViennaRNA's default for loops longer than 30 nt (params/default.c; its 2.0 files do not
 * carry it): 1.07856 kcal/mol per ln(n/30), from the Jacobson-Stockmayer extrapolation. */
#define LXC37 107.856
#define NST 0           /* "NST" in a parameter file */
#define NFLAT 40000     /* largest table: int22, 8*8*5^4 values */

/* One numeric section: where it goes and its shape (dims, with the first shift and last post
 * indices of each dimension not in the file), as ViennaRNA's rd_Ndim_slice reads it. */
typedef struct {
    const char *name, *alias;
    size_t off;              /* offsetof the table in ssc_th_params_t; (size_t)-1: scratch */
    int nd, dim[6], shift[6], post[6];
} section_t;

enum { SEC_PAIRS = 8, SEC_MM = 5, SEC_LOOP = 31 };
#define OFF(f) offsetof(ssc_th_params_t, f)
#define SCRATCH ((size_t)-1)
#define S2 2, { 8, 8 }, { 1, 1 }, { 0, 0 }
#define MM 3, { 8, 5, 5 }, { 1, 0, 0 }, { 0, 0, 0 }
#define DG 2, { 8, 5 }, { 1, 0 }, { 0, 0 }
#define I11 4, { 8, 8, 5, 5 }, { 1, 1, 0, 0 }, { 0, 0, 0, 0 }
#define I21 5, { 8, 8, 5, 5, 5 }, { 1, 1, 0, 0, 0 }, { 0, 0, 0, 0, 0 }
#define I22 6, { 8, 8, 5, 5, 5, 5 }, { 1, 1, 1, 1, 1, 1 }, { 1, 1, 0, 0, 0, 0 }
#define L1 1, { 31 }, { 0 }, { 0 }

static const section_t SECTIONS[] = {
    { "stack", NULL, OFF(stack), S2 },
    { "hairpin", NULL, OFF(hairpin), L1 },
    { "bulge", NULL, OFF(bulge), L1 },
    { "interior", "internal", OFF(internal), L1 },
    { "mismatch_hairpin", NULL, OFF(mm_hairpin), MM },
    { "mismatch_interior", "mismatch_internal", OFF(mm_interior), MM },
    { "mismatch_interior_1n", "mismatch_internal_1n", OFF(mm_1n), MM },
    { "mismatch_interior_23", "mismatch_internal_23", OFF(mm_23), MM },
    { "mismatch_multi", NULL, OFF(mm_multi), MM },
    { "mismatch_exterior", NULL, OFF(mm_ext), MM },
    { "dangle5", NULL, OFF(dangle5), DG },
    { "dangle3", NULL, OFF(dangle3), DG },
    { "int11", NULL, OFF(int11), I11 },
    { "int21", NULL, OFF(int21), I21 },
    { "int22", NULL, OFF(int22), I22 },
    { "ML_params", NULL, SCRATCH, 1, { 6 }, { 0 }, { 0 } },
    { "NINIO", NULL, SCRATCH, 1, { 3 }, { 0 }, { 0 } },
    { "Misc", NULL, SCRATCH, 1, { 4 }, { 0 }, { 0 } },
};
enum { NSECTIONS = sizeof SECTIONS / sizeof SECTIONS[0], SEC_ML = 15, SEC_NINIO, SEC_MISC };

typedef struct {
    FILE *fp;
    const char *path;
    char *line;
    size_t cap;
    long lineno;
    int pushed;              /* next_line gives the current line again */
    char *err;
    size_t errlen;
} reader_t;

static int fail(reader_t *r, int code, const char *fmt, ...)
{
    va_list ap;
    int n = r->lineno ? snprintf(r->err, r->errlen, "%s:%ld: ", r->path, r->lineno)
                      : snprintf(r->err, r->errlen, "%s: ", r->path);
    va_start(ap, fmt);
    if (n >= 0 && (size_t)n < r->errlen) vsnprintf(r->err + n, r->errlen - n, fmt, ap);
    va_end(ap);
    return code;
}

/* The next line with its comments blanked; 1, or 0 at end of file. */
static int next_line(reader_t *r)
{
    char *a, *b;
    if (r->pushed) { r->pushed = 0; return 1; }
    if (getline(&r->line, &r->cap, r->fp) < 0) return 0;
    r->lineno++;
    while ((a = strstr(r->line, "/*")) != NULL) {
        b = strstr(a + 2, "*/");
        if (!b) { *a = 0; break; }
        memset(a, ' ', (size_t)(b + 2 - a));
    }
    return 1;
}

/* One value token into *v: 2 for a number, 0 for INF/DEF/NST/x, 1 for "*" (keep the old
 * value), -1 if it is not a value. */
static int parse_token(const char *tok, const int *slice, int i, int last, int *v)
{
    char *end;
    long x;
    if (tok[0] == '*') return 1;
    if (strcmp(tok, "INF") == 0) { *v = SSC_TH_INF; return 0; }
    if (strcmp(tok, "DEF") == 0) { *v = SSC_TH_DEF; return 0; }
    if (strcmp(tok, "NST") == 0) { *v = NST; return 0; }
    if (tok[0] == 'x') { /* extrapolate from the last number, as ViennaRNA does */
        if (last <= 0) return -1; /* log(i / 0): no number at a length above 0 to start from */
        *v = slice[last] + (int)(0.5 + LXC37 * log((double)i / (double)last));
        return 0;
    }
    errno = 0;
    x = strtol(tok, &end, 10);
    if (end == tok || *end || errno || x < -SSC_TH_INF || x > SSC_TH_INF) return -1;
    *v = (int)x;
    return 2;
}

/* n values into slice[0..n), from the next lines on; the rest of the last line is ignored. */
static int read_values(reader_t *r, const char *sec, int *slice, int n)
{
    int i = 0, last = 0;
    while (i < n) {
        char *tok, *save = NULL;
        if (!next_line(r)) return fail(r, SSC_EFORMAT, "section %s ends early", sec);
        for (tok = strtok_r(r->line, " \t\r\n", &save); tok && i < n;
             tok = strtok_r(NULL, " \t\r\n", &save), i++) {
            int rc = parse_token(tok, slice, i, last, &slice[i]);
            if (rc < 0 && tok[0] == 'x')
                return fail(r, SSC_EFORMAT, "section %s: 'x' extrapolates from a number at a length "
                            "above 0 before it, and there is none", sec);
            if (rc < 0) return fail(r, SSC_EFORMAT, "section %s: '%s' is not a value", sec, tok);
            if (rc == 2) last = i;
        }
    }
    return 0;
}

static int product(const int *dim, int nd)
{
    int p = 1;
    while (nd-- > 0) p *= *dim++;
    return p;
}

/* A table of nd dimensions, innermost slices line by line (ViennaRNA's rd_Ndim_slice). */
static int read_slice(reader_t *r, const char *sec, int *a, const int *dim, const int *shift,
                      const int *post, int nd)
{
    int i, stride, flat = 1;
    for (i = 0; i < nd; i++) flat &= shift[i] == 0 && post[i] == 0;
    if (flat) return read_values(r, sec, a, product(dim, nd));
    if (nd == 1) return read_values(r, sec, a + shift[0], dim[0] - shift[0] - post[0]);
    stride = product(dim + 1, nd - 1);
    for (i = shift[0]; i < dim[0] - post[0]; i++) {
        int rc = read_slice(r, sec, a + i * stride, dim + 1, shift + 1, post + 1, nd - 1);
        if (rc) return rc;
    }
    return 0;
}

/* Special hairpins of len nt: lines "SEQUENCE dG dH" (closing pair included) until the first
 * line that is not one, into seq (stride bytes apart) and e. */
static int read_loops(reader_t *r, int len, char *seq, size_t stride, int *e, int *n)
{
    *n = 0;
    while (next_line(r)) {
        char s[16];
        int dg, dh;
        if (sscanf(r->line, "%15s %d %d", s, &dg, &dh) < 3 || s[0] == '#') {
            r->pushed = 1; /* the next section may start here */
            break;
        }
        if ((int)strlen(s) != len + 2 || *n == 40)
            return fail(r, SSC_EFORMAT, "special hairpin '%s': expected %d nt, at most 40", s,
                        len + 2);
        memcpy(seq + (size_t)*n * stride, s, (size_t)len + 3);
        e[(*n)++] = dg;
    }
    return 0;
}

static int read_special(reader_t *r, ssc_th_params_t *p, const char *name)
{
    if (strcmp(name, "Tetraloops") == 0)
        return read_loops(r, 4, p->tetra[0], sizeof p->tetra[0], p->tetra_e, &p->n_tetra);
    if (strcmp(name, "Triloops") == 0)
        return read_loops(r, 3, p->tri[0], sizeof p->tri[0], p->tri_e, &p->n_tri);
    return read_loops(r, 6, p->hexa[0], sizeof p->hexa[0], p->hexa_e, &p->n_hexa);
}

static void set_scalars(ssc_th_params_t *p, int sec, const int *v)
{
    if (sec == SEC_ML) { p->ml_base = v[0]; p->ml_closing = v[2]; p->ml_intern = v[4]; }
    if (sec == SEC_NINIO) { p->ninio = v[0]; p->max_ninio = v[2]; }
    if (sec == SEC_MISC) { p->duplex_init = v[0]; p->terminal_au = v[2]; }
}

/* The largest value over standard bases (1..4) put at every N (0) of x[4], from index k on. */
static int max_over_n(const int (*t)[5][5][5], int *x, int k)
{
    int b, m = -SSC_TH_INF;
    if (k == 4) return t[x[0]][x[1]][x[2]][x[3]];
    if (x[k] != 0) return max_over_n(t, x, k + 1);
    for (b = 1; b <= 4; b++) {
        int v;
        x[k] = b;
        v = max_over_n(t, x, k + 1);
        if (v > m) m = v;
    }
    x[k] = 0;
    return m;
}

/* int22 entries the file cannot hold (an N among the four mismatches, a non-standard pair):
 * the most unfavourable standard value, as ViennaRNA fills them (io.c, update_nst). */
static void fill_int22_nst(ssc_th_params_t *p)
{
    int i, j, c, x[4];
    for (i = 1; i < 7; i++)
        for (j = 1; j < 7; j++)
            for (c = 0; c < 625; c++) {
                x[0] = c / 125, x[1] = c / 25 % 5, x[2] = c / 5 % 5, x[3] = c % 5;
                if (x[0] && x[1] && x[2] && x[3]) continue;
                p->int22[i][j][x[0]][x[1]][x[2]][x[3]] =
                    max_over_n((const int (*)[5][5][5])p->int22[i][j], x, 0);
            }
    for (i = 1; i < 8; i++) /* i = 7 last: the non-standard pair facing one */
        for (c = 0; c < 625; c++) {
            int *a = &p->int22[i][7][0][0][0][0] + c, *b = &p->int22[7][i][0][0][0][0] + c;
            int ma = -SSC_TH_INF, mb = -SSC_TH_INF;
            for (j = 1; j < 7; j++) {
                int v = (&p->int22[i][j][0][0][0][0])[c], w = (&p->int22[j][i][0][0][0][0])[c];
                if (v > ma) ma = v;
                if (w > mb) mb = w;
            }
            *a = ma;
            if (i < 7) *b = mb;
        }
}

/* d2 dangles: positive exterior/multiloop mismatches and dangles count as 0 (ViennaRNA). */
static void clip_dangles(ssc_th_params_t *p)
{
    int *t[2] = { &p->mm_multi[0][0][0], &p->mm_ext[0][0][0] }, k, i;
    for (k = 0; k < 2; k++)
        for (i = 0; i < SSC_TH_NPAIRS * 25; i++)
            if (t[k][i] > 0) t[k][i] = 0;
    for (i = 0; i < SSC_TH_NPAIRS * 5; i++) {
        if ((&p->dangle5[0][0])[i] > 0) (&p->dangle5[0][0])[i] = 0;
        if ((&p->dangle3[0][0])[i] > 0) (&p->dangle3[0][0])[i] = 0;
    }
}

static int find_section(const char *name)
{
    int k;
    for (k = 0; k < NSECTIONS; k++)
        if (strcmp(name, SECTIONS[k].name) == 0 ||
            (SECTIONS[k].alias && strcmp(name, SECTIONS[k].alias) == 0))
            return k;
    return -1;
}

/* The section called name (an enthalpy section is read and dropped: 37 C only). */
static int read_section(reader_t *r, ssc_th_params_t *p, int *scratch, const char *name)
{
    char base[64];
    size_t n = strlen(name);
    int k, enth = n > 11 && strcmp(name + n - 11, "_enthalpies") == 0, rc;
    int *dst;
    if (strcmp(name, "Tetraloops") == 0 || strcmp(name, "Triloops") == 0 ||
        strcmp(name, "Hexaloops") == 0)
        return read_special(r, p, name);
    snprintf(base, sizeof base, "%.*s", (int)(enth ? n - 11 : n), name);
    if ((k = find_section(base)) < 0) return fail(r, SSC_EFORMAT, "unknown section '%s'", name);
    const section_t *s = &SECTIONS[k];
    dst = enth || s->off == SCRATCH ? scratch : (int *)((char *)p + s->off);
    rc = read_slice(r, name, dst, s->dim, s->shift, s->post, s->nd);
    if (rc || enth) return rc;
    if (s->off == SCRATCH) set_scalars(p, k, scratch);
    if (strcmp(base, "int22") == 0) fill_int22_nst(p);
    p->seen |= 1u << k;
    return 0;
}

static int read_file(reader_t *r, ssc_th_params_t *p, int *scratch)
{
    char name[256];
    if (!next_line(r) || strncmp(r->line, "## RNAfold parameter file v2.0", 30) != 0)
        return fail(r, SSC_EFORMAT, "not a ViennaRNA 2.0 parameter file "
                    "(line 1 is not '## RNAfold parameter file v2.0')");
    while (next_line(r)) {
        int rc;
        if (sscanf(r->line, "# %255s", name) != 1) continue;
        if (strcmp(name, "END") == 0) break;
        if ((rc = read_section(r, p, scratch, name)) != 0) return rc;
    }
    if (ferror(r->fp)) return fail(r, SSC_EIO, "read error: %s", strerror(errno));
    return 0;
}

static int check_complete(reader_t *r, const ssc_th_params_t *p)
{
    int k;
    for (k = 0; k < NSECTIONS; k++)
        if (!(p->seen & (1u << k)))
            return fail(r, SSC_EFORMAT, "section '%s' missing", SECTIONS[k].name);
    return 0;
}

int ssc_th_params_read(FILE *fp, const char *name, const ssc_th_params_t *base,
                       ssc_th_params_t **out, char *err, size_t errlen)
{
    reader_t r = { fp, name, NULL, 0, 0, 0, err, errlen };
    ssc_th_params_t *p = calloc(1, sizeof *p);
    int *scratch = malloc(NFLAT * sizeof *scratch), rc = SSC_ENOMEM;
    *out = NULL;
    if (!p || !scratch) { fail(&r, rc, "out of memory"); goto fail; }
    if (base) *p = *base;
    else p->lxc = LXC37;
    if ((rc = read_file(&r, p, scratch)) != 0) goto fail;
    if (!base && (rc = check_complete(&r, p)) != 0) goto fail;
    clip_dangles(p);
    free(r.line);
    free(scratch);
    *out = p;
    return 0;
fail:
    free(r.line);
    free(scratch);
    free(p);
    return rc;
}

int ssc_th_params_load(const char *path, const ssc_th_params_t *base, ssc_th_params_t **out,
                       char *err, size_t errlen)
{
    FILE *fp = fopen(path, "r");
    int rc;
    *out = NULL;
    if (!fp) {
        reader_t r = { NULL, path, NULL, 0, 0, 0, err, errlen };
        return fail(&r, SSC_EIO, "cannot open: %s", strerror(errno));
    }
    rc = ssc_th_params_read(fp, path, base, out, err, errlen);
    fclose(fp);
    return rc;
}

void ssc_th_params_destroy(ssc_th_params_t *p)
{
    free(p);
}
