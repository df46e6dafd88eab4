/* fai.c: FASTA index (.fai) lines, read once for the two users that skip faidx: scan's shard
 * planner (record lengths and where each record ends) and the genome reader's plain-FASTA route
 * (where each named record's bases are). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "io/io.h"

void ssc_fai_free(ssc_fai_rec_t *recs, int64_t n)
{
    for (int64_t i = 0; recs && i < n; i++) free(recs[i].name);
    free(recs);
}

int ssc_fai_read(const char *fai, int names, ssc_fai_rec_t **recs, int64_t *n, char *err, size_t errlen)
{
    kstring_t line = { 0, 0, NULL };
    ssc_lines_t *l;
    ssc_fai_rec_t *a = NULL;
    size_t m = 0;
    int ret, said = 0;
    *recs = NULL, *n = 0;
    if (!(l = ssc_lines_open(fai, 1))) return snprintf(err, errlen, "%.400s: %s", fai, strerror(errno)), SSC_EIO;
    while ((ret = ssc_lines_next(l, &line)) > 0) {
        ssc_fai_rec_t r = { NULL, 0, 0, 0, 0 };
        char *t = strchr(line.s, '\t'), *e = t;
        int64_t v[4] = { 0, 0, 0, 0 };
        errno = 0;
        for (int k = 0; e && k < 4; k++) { /* strtoll, not sscanf: an index can have millions of lines */
            char *q;
            v[k] = strtoll(e + 1, &q, 10);
            e = q > e + 1 && (*q == '\t' || (k == 3 && (*q == 0 || *q == '\t'))) ? q : NULL;
        }
        r.len = v[0], r.off = v[1], r.lb = v[2], r.lw = v[3];
        /* bounded (and a line end of 1 or 2 bytes) so that ssc_fai_end and the callers' offset
         * sums cannot overflow */
        if (!t || t == line.s || !e || errno == ERANGE || r.len < 0 || r.len > SSC_FAI_MAX || r.off < 0 ||
            r.off > SSC_FAI_MAX || r.lb <= 0 || r.lw < r.lb || r.lw > r.lb + 2) {
            snprintf(err, errlen, "%.400s:%lld: not a FASTA index line (or a length or offset out of "
                     "range)", fai, (long long)ssc_lines_lineno(l));
            ret = SSC_EFORMAT, said = 1;
            break;
        }
        SSC_GROW(ssc_fai_rec_t, a, *n, m);
        if (names && !(r.name = strndup(line.s, (size_t)(t - line.s)))) goto fail;
        a[(*n)++] = r;
    }
    if (ret < 0 && !said) /* the line reader's: a read error, a NUL byte */
        snprintf(err, errlen, "%.400s:%lld: %s", fai, (long long)ssc_lines_lineno(l) + 1, ssc_lines_why(ret));
    free(line.s);
    ssc_lines_close(l);
    if (ret < 0) {
        ssc_fai_free(a, *n);
        *n = 0;
        return ret;
    }
    *recs = a;
    return 0;
fail:
    free(line.s);
    ssc_lines_close(l);
    ssc_fai_free(a, *n);
    *n = 0;
    snprintf(err, errlen, "%.400s: out of memory", fai);
    return SSC_ENOMEM;
}

int64_t ssc_fai_end(const ssc_fai_rec_t *r)
{
    int64_t full = r->len / r->lb, rem = r->len % r->lb;
    return r->off + full * r->lw + (rem ? rem + (r->lw - r->lb) : 0);
}
