/* lines.c: line-by-line reading of small plain or gzip text files (miRNA sets, tables). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <htslib/bgzf.h>
#include "io/io.h"

struct ssc_lines_s {
    BGZF *fp;
    int64_t lineno;
};

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
    line->l = 0;
    int ret = bgzf_getline(l->fp, '\n', line);
    if (ret == -1) return ssc_bgzf_eof_missing(l->fp) ? SSC_EIO : 0;
    if (ret < -1) return SSC_EIO;
    /* the parsers read C strings: a NUL would silently cut the line */
    if (memchr(line->s, 0, line->l)) return SSC_EFORMAT;
    l->lineno++;
    if (line->l && line->s[line->l - 1] == '\r') line->s[--line->l] = 0;
    return 1;
}

const char *ssc_lines_why(int err)
{
    return err == SSC_EFORMAT ? "the line contains a NUL byte (a binary file?)"
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
    free(l);
    return ret;
}
