/* newick.c: Newick tree parser and TargetScan-style branch-length spans over a set of leaves. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "seedscan.h"
#include "targetscan/newick.h"
#include "targetscan/tsaln.h"

typedef struct {
    const char *s;
    size_t i;
    char *err;
    size_t errsz;
} cursor_t;

static int fail(cursor_t *c, const char *what)
{
    if (c->err) snprintf(c->err, c->errsz, "Newick tree: %s at byte %zu", what, c->i + 1);
    return SSC_EFORMAT;
}

static void skip_space(cursor_t *c)
{
    while (c->s[c->i] && isspace((unsigned char)c->s[c->i])) c->i++;
}

static int add_node(ssc_newick_t *t, int parent)
{
    if (t->n == t->m) {
        int m = t->m ? t->m * 2 : 64;
        ssc_newick_node_t *p = realloc(t->node, m * sizeof *p);
        if (!p) return SSC_ENOMEM;
        t->node = p;
        t->m = m;
    }
    ssc_newick_node_t *nd = &t->node[t->n];
    nd->name = NULL;
    nd->len = 0;
    nd->parent = parent;
    return t->n++;
}

/* Optional label, then optional ":length", for node k. */
static int parse_label_len(ssc_newick_t *t, cursor_t *c, int k)
{
    skip_space(c);
    size_t b = c->i;
    while (c->s[c->i] && !strchr("(),:;", c->s[c->i]) && !isspace((unsigned char)c->s[c->i]))
        c->i++;
    if (c->s[b] == '\'' ) return fail(c, "quoted labels are not supported");
    t->node[k].name = strndup(c->s + b, c->i - b);
    if (!t->node[k].name) return SSC_ENOMEM;
    skip_space(c);
    if (c->s[c->i] != ':') return 0;
    c->i++;
    skip_space(c);
    char *end;
    t->node[k].len = strtod(c->s + c->i, &end);
    if (end == c->s + c->i) return fail(c, "branch length expected");
    c->i = end - c->s;
    return 0;
}

/* Nesting deeper than this is refused before the recursion can exhaust the
 * stack (8 MB held about 65,000 levels; under ASan far fewer); real trees
 * are under 100 levels deep. */
#define NEWICK_MAX_DEPTH 10000

/* subtree := '(' subtree (',' subtree)* ')' label? (':' len)?  |  label (':' len)? */
static int parse_subtree(ssc_newick_t *t, cursor_t *c, int parent, int depth)
{
    if (depth > NEWICK_MAX_DEPTH) return fail(c, "tree too deep (more than 10000 levels of nesting)");
    int k = add_node(t, parent), ret;
    if (k < 0) return k;
    skip_space(c);
    if (c->s[c->i] == '(') {
        do {
            c->i++;
            if ((ret = parse_subtree(t, c, k, depth + 1)) < 0) return ret;
            skip_space(c);
        } while (c->s[c->i] == ',');
        if (c->s[c->i] != ')') return fail(c, "')' or ',' expected");
        c->i++;
    }
    return parse_label_len(t, c, k);
}

void ssc_newick_free(ssc_newick_t *t)
{
    for (int i = 0; i < t->n; i++) free(t->node[i].name);
    free(t->node);
    memset(t, 0, sizeof *t);
}

int ssc_newick_parse(ssc_newick_t *t, const char *text, char *err, size_t errsz)
{
    cursor_t c = {text, 0, err, errsz};
    int ret;
    memset(t, 0, sizeof *t);
    if ((ret = parse_subtree(t, &c, -1, 0)) < 0) goto fail;
    skip_space(&c);
    if (c.s[c.i] != ';') {
        ret = fail(&c, "';' expected");
        goto fail;
    }
    return 0;
fail:
    if (ret == SSC_ENOMEM && err) snprintf(err, errsz, "out of memory");
    ssc_newick_free(t);
    return ret;
}

int ssc_newick_load(ssc_newick_t *t, const char *path, char *err, size_t errsz)
{
    kstring_t text = {0, 0, NULL};
    char msg[256];
    int ret = ssc_ts_file_slurp(path, &text);
    memset(t, 0, sizeof *t);
    if (ret == 0) ret = ssc_newick_parse(t, text.s ? text.s : "", msg, sizeof msg);
    else snprintf(msg, sizeof msg, ret == SSC_EIO ? "cannot open" : "out of memory");
    if (ret < 0 && err) snprintf(err, errsz, "%s: %s", path, msg);
    free(text.s);
    return ret;
}

int ssc_newick_find(const ssc_newick_t *t, const char *name)
{
    for (int i = 0; i < t->n; i++)
        if (t->node[i].name && strcmp(t->node[i].name, name) == 0) return i;
    return -1;
}

/* Lay down start's path to the root: pos[v] = index of v on the path (or
 * -1), cum[v] = distance from start to v. Returns the path length. */
static int start_path(const ssc_newick_t *t, int start, int *path, int *pos, double *cum)
{
    int k = 0;
    double d = 0;
    for (int v = start; v >= 0; v = t->node[v].parent) {
        path[k] = v;
        pos[v] = k++;
        cum[v] = d;
        d += t->node[v].len;
    }
    return k;
}

/* Climb from leaf v; add what is new to *total (see ssc_newick_span). */
static void climb(const ssc_newick_t *t, int v, const int *path, const int *pos,
                  const double *cum, char *incl, double *total)
{
    double d = 0;
    for (; v >= 0; v = t->node[v].parent) {
        if (incl[v]) {
            *total += d;
            return;
        }
        if (pos[v] >= 0) { /* v is on start's path: the meeting point */
            *total += cum[v] + d;
            for (int i = pos[v]; i >= 0; i--) {
                if (incl[path[i]]) {
                    /* the part below path[i] was counted before */
                    *total -= cum[path[i]];
                    break;
                }
                incl[path[i]] = 1;
            }
            return;
        }
        incl[v] = 1;
        d += t->node[v].len;
    }
}

double ssc_newick_span(const ssc_newick_t *t, int start, const int *nodes, int n)
{
    int *path = malloc(2 * (size_t)t->n * sizeof *path);
    double *cum = malloc((size_t)t->n * sizeof *cum);
    char *incl = calloc(t->n, 1);
    double total = 0;
    if (!path || !cum || !incl) {
        total = -1;
        goto out;
    }
    int *pos = path + t->n;
    for (int i = 0; i < t->n; i++) pos[i] = -1;
    if (start >= 0) start_path(t, start, path, pos, cum);
    for (int i = 0; i < n; i++)
        if (nodes[i] >= 0) climb(t, nodes[i], path, pos, cum, incl, &total);
out:
    free(path);
    free(cum);
    free(incl);
    return total;
}
