/* lines.c: line-by-line reading of small plain or gzip text files (miRNA sets, tables). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <htslib/bgzf.h>
#include "io/io.h"

struct ssc_lines_s {
    BGZF *fp;
    ssc_blklines_t b;
    int64_t lineno;
};

#define BLK_BYTES (1 << 16) /* bytes read at a time */

int ssc_blk_getline(BGZF *fp, ssc_blklines_t *b, kstring_t *line)
{
    int any = 0;
    line->l = 0;
    if (ks_resize(line, 1) < 0) return SSC_ENOMEM;
    line->s[0] = 0;
    if (!b->blk && !(b->blk = malloc(BLK_BYTES))) return SSC_ENOMEM;
    for (;;) {
        if (b->pos == b->len) {
            ssize_t n = bgzf_read(fp, b->blk, BLK_BYTES);
            if (n < 0) return SSC_EIO;
            if (n == 0) {
                if (!any) return ssc_bgzf_eof_missing(fp) ? SSC_EIO : 0;
                return 1;
            }
            b->pos = 0, b->len = (size_t)n;
        }
        const char *s = b->blk + b->pos, *e = memchr(s, '\n', b->len - b->pos);
        size_t n = e ? (size_t)(e - s) : b->len - b->pos;
        if (kputsn(s, n, line) < 0) return SSC_ENOMEM;
        any = 1;
        b->pos += n + (e != NULL);
        if (e) return 1;
    }
}

void ssc_blk_free(ssc_blklines_t *b)
{
    free(b->blk);
    memset(b, 0, sizeof *b);
}

ssc_lines_t *ssc_lines_open(const char *path, int nthreads)
{
    ssc_lines_t *l = calloc(1, sizeof *l);
    if (!l) return NULL;
    l->fp = bgzf_open(path, "r");
    if (!l->fp) {
        int e = errno;
        free(l);
        errno = e ? e : EIO;
        return NULL;
    }
    if (nthreads > 1 && l->fp->is_compressed && !l->fp->is_gzip) bgzf_mt(l->fp, nthreads, 64);
    return l;
}

int ssc_lines_next(ssc_lines_t *l, kstring_t *line)
{
    int ret = ssc_blk_getline(l->fp, &l->b, line);
    if (ret <= 0) return ret;
    /* the parsers read C strings: a NUL would silently cut the line */
    if (memchr(line->s, 0, line->l)) return SSC_EFORMAT;
    l->lineno++;
    if (line->l && line->s[line->l - 1] == '\r') line->s[--line->l] = 0;
    return 1;
}

const char *ssc_lines_why(int err)
{
    return err == SSC_EFORMAT ? "the line contains a NUL byte (a binary file?)"
         : err == SSC_ENOMEM ? "out of memory"
                             : "read error (truncated or corrupt input)";
}

int ssc_bgzf_eof_missing(BGZF *fp)
{
    if (!fp->is_compressed || fp->is_gzip) return 0;
    int r = bgzf_check_EOF(fp); /* 1 marker present, 0 absent, 2 cannot seek */
    if (r == 2) return !fp->mt && !fp->last_block_eof;
    return r != 1;
}

int64_t ssc_lines_lineno(const ssc_lines_t *l) { return l->lineno; }

int ssc_lines_close(ssc_lines_t *l)
{
    int ret = 0;
    if (!l) return 0;
    if (bgzf_close(l->fp) < 0) ret = SSC_EIO;
    ssc_blk_free(&l->b);
    free(l);
    return ret;
}
