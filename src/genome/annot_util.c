/* annot_util.c: what annot.c and txbuild.c share: messages (file:line: what), the string pool, block vectors. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "seedscan.h"
#include "genome/annot_priv.h"

int ssc_annot_fail(ssc_annot_t *a, int line, const char *fmt, ...)
{
    va_list ap;
    kstring_t *e = &a->p->err;
    e->l = 0;
    if (line > 0) ksprintf(e, "%s:%d: ", a->fname, line);
    else ksprintf(e, "%s: ", a->fname);
    va_start(ap, fmt);
    kvsprintf(e, fmt, ap);
    va_end(ap);
    return SSC_EFORMAT;
}

void ssc_annot_warn(ssc_annot_t *a, int line, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    a->st.n_warn++;
    if (a->p->warn_shown > SSC_ANNOT_MAX_WARN_SHOWN) return;
    if (a->p->warn_shown++ == SSC_ANNOT_MAX_WARN_SHOWN) {
        ssc_log(SSC_LOG_WARNING, "ssc_annot_load", "%s: further warnings are only counted", a->fname);
        return;
    }
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    ssc_log(SSC_LOG_WARNING, "ssc_annot_load", "%s:%d: %s", a->fname, line, msg);
}

char *ssc_pool_strndup(struct ssc_annot_priv_s *p, const char *s, size_t n)
{
    ssc_pool_chunk_t *c = p->pool;
    if (!c || c->used + n + 1 > c->size) {
        size_t size = n + 1 > (1 << 20) ? n + 1 : (1 << 20);
        if (!(c = malloc(sizeof *c + size))) return NULL;
        c->size = size;
        c->used = 0;
        c->next = p->pool;
        p->pool = c;
    }
    char *r = c->data + c->used;
    memcpy(r, s, n);
    r[n] = 0;
    c->used += n + 1;
    return r;
}

int ssc_bvec_push(ssc_bvec_t *v, int64_t beg, int64_t end, int line)
{
    if (v->n == v->m) {
        int m = v->m + v->m / 2 + 2; /* 2, 5, 9, 15, ...: most transcripts have few pieces per kind */
        ssc_gblk_t *a = realloc(v->a, m * sizeof *a);
        if (!a) return SSC_ENOMEM;
        v->a = a;
        v->m = m;
    }
    v->a[v->n++] = (ssc_gblk_t){ beg, end, line };
    return 0;
}
