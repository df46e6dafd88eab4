/* ts_ctxsum.c: per-target summaries (total context++, CWCS) of a TargetScan context++ table, ranked per miRNA. */
#include <stdlib.h>
#include <string.h>
#include "seedscan.h"
#include "targetscan/contextpp.h"
#include "io/io.h"
#include "targetscan/ts_ctxsum.h"

/* Columns of the context++ table that the summary reads. */
enum { C_GENE = 0, C_SPECIES = 1, C_MIRNA = 2, C_START = 4, C_END = 5, C_SCORE = 27, C_AIR = 29,
       C_FAMILY = 35, C_MIN = 36 };

typedef struct {
    const char *gene, *species, *mirna, *family;
    ssc_cpp_tsite_t site;
} crow_t;

typedef struct {
    const crow_t *first;   /* the target's first row (its names) */
    int nsites;
    double total, cwcs;
} csum_t;

static int by_target(const void *pa, const void *pb)
{
    const crow_t *a = pa, *b = pb;
    int c;
    if ((c = strcmp(a->mirna, b->mirna)) || (c = strcmp(a->gene, b->gene)) ||
        (c = strcmp(a->species, b->species)))
        return c;
    return a->site.start < b->site.start ? -1 : a->site.start > b->site.start;
}

static int by_rank(const void *pa, const void *pb)
{
    const csum_t *a = pa, *b = pb;
    int c = strcmp(a->first->mirna, b->first->mirna);
    if (c) return c;
    if (a->cwcs != b->cwcs) return a->cwcs < b->cwcs ? -1 : 1;
    if ((c = strcmp(a->first->gene, b->first->gene))) return c;
    return strcmp(a->first->species, b->first->species);
}

/* Split the table (a copy, cut in place) into rows; too_close rows are skipped. */
static int parse_rows(char *text, crow_t **rows, int *n, long *line)
{
    int m = 0;
    char *save = NULL, *fld[C_MIN + 1];
    *line = 0;
    for (char *l = strtok_r(text, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
        if (++*line == 1) continue;
        if (ssc_ts_split_tabs(l, fld, C_MIN + 1) < C_MIN + 1) return SSC_EFORMAT;
        if (strcmp(fld[C_SCORE], "too_close") == 0) continue;
        SSC_GROW(crow_t, *rows, *n, m);
        crow_t *r = &(*rows)[(*n)++];
        *r = (crow_t){ fld[C_GENE], fld[C_SPECIES], fld[C_MIRNA], fld[C_FAMILY],
                       { atoll(fld[C_START]), atoll(fld[C_END]), atof(fld[C_SCORE]),
                         *fld[C_AIR] ? atof(fld[C_AIR]) : 1.0 } };
    }
    return 0;
fail:
    return SSC_ENOMEM;
}

static int same_target(const crow_t *a, const crow_t *b)
{
    return !strcmp(a->mirna, b->mirna) && !strcmp(a->gene, b->gene) && !strcmp(a->species, b->species);
}

static int summarise(const crow_t *rows, int n, csum_t *sum, int *nsum)
{
    ssc_cpp_tsite_t *s = malloc(((size_t)n + 1) * sizeof *s);
    char *keep = malloc((size_t)n + 1);
    if (!s || !keep) return free(s), free(keep), SSC_ENOMEM;
    *nsum = 0;
    for (int i = 0, j; i < n; i = j) {
        for (j = i; j < n && same_target(&rows[i], &rows[j]); j++) s[j - i] = rows[j].site;
        csum_t *c = &sum[(*nsum)++];
        c->first = &rows[i];
        c->cwcs = ssc_cpp_target_summary(s, j - i, keep, &c->total);
        c->nsites = 0;
        for (int k = 0; k < j - i; k++) c->nsites += keep[k] != 0;
    }
    free(s);
    free(keep);
    return 0;
}

int ssc_ts_ctx_summary(const kstring_t *table, kstring_t *out, long *line)
{
    char *text = strndup(table->s ? table->s : "", table->l);
    crow_t *rows = NULL;
    csum_t *sum = NULL;
    int n = 0, nsum = 0, ret = text ? parse_rows(text, &rows, &n, line) : SSC_ENOMEM;
    if (ret == 0 && n) qsort(rows, (size_t)n, sizeof *rows, by_target); /* rows is NULL for none */
    if (ret == 0 && !(sum = malloc(((size_t)n + 1) * sizeof *sum))) ret = SSC_ENOMEM;
    if (ret == 0) ret = summarise(rows, n, sum, &nsum);
    if (ret == 0 && nsum) qsort(sum, (size_t)nsum, sizeof *sum, by_rank);
    if (ret == 0 && kputs("target\tspecies\tmirna\tfamily\tsites\ttotal_context_score\tcwcs\n", out) < 0)
        ret = SSC_ENOMEM;
    for (int i = 0; ret == 0 && i < nsum; i++) {
        const crow_t *f = sum[i].first;
        if (ksprintf(out, "%s\t%s\t%s\t%s\t%d\t%.3f\t%.3f\n", f->gene, f->species, f->mirna, f->family,
                     sum[i].nsites, sum[i].total, sum[i].cwcs) < 0)
            ret = SSC_ENOMEM;
    }
    free(sum);
    free(rows);
    free(text);
    return ret;
}
