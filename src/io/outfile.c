/* outfile.c: output streams that appear only when complete (temporary name, then rename). */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <htslib/bgzf.h>
#include <htslib/hfile.h>
#include "io/io.h"

struct ssc_out_s {
    char *path;      /* the name given; NULL for stdout */
    char *final;     /* what the temporary is renamed to: path, or the file a link names;
                        NULL when path is written in place (/dev/null, a FIFO, ...) */
    char *tmp;       /* temporary name while writing */
    int fd;
    BGZF *bgzf;      /* when the name ends in .gz */
    struct ssc_out_s *next;
};

/* Open temporaries, for ssc_out_abort_all() from a signal handler. */
static struct ssc_out_s *volatile open_list;

static int ends_with(const char *s, const char *suf)
{
    size_t n = strlen(s), k = strlen(suf);
    return n >= k && strcmp(s + n - k, suf) == 0;
}

/* Where the output goes: a regular file (or a new name) is written under a
 * temporary name beside it and renamed over it; through a symbolic link, the
 * file it names (the link stays). Anything else (/dev/null, a terminal, a
 * FIFO, /dev/stdout on a pipe) cannot be replaced by renaming, so it is
 * opened and written directly; *real is what to rename onto. */
int ssc_out_direct(const char *path, char **real)
{
    struct stat st;
    *real = NULL;
    if (lstat(path, &st) < 0) return 0;           /* a new file */
    if (S_ISLNK(st.st_mode)) *real = realpath(path, NULL);
    if (stat(*real ? *real : path, &st) < 0) return 0; /* a dangling link: create its target's name */
    return !S_ISREG(st.st_mode);
}

ssc_out_t *ssc_out_open(const char *path, int nthreads)
{
    return ssc_out_open_level(path, nthreads, SSC_OUT_LEVEL_DEFAULT);
}

ssc_out_t *ssc_out_open_level(const char *path, int nthreads, int level)
{
    ssc_out_t *o = calloc(1, sizeof *o);
    char *real = NULL;
    int e;
    if (!o) return NULL;
    o->fd = STDOUT_FILENO;
    if (!path || strcmp(path, "-") == 0) return o;
    o->fd = -1;
    o->path = strdup(path);
    if (!o->path) goto fail;
    if (ssc_out_direct(path, &real)) {
        free(real);
        if ((o->fd = open(path, O_WRONLY | O_TRUNC)) < 0) goto fail;
    } else {
        o->final = real ? real : strdup(path);
        if (!o->final || !(o->tmp = malloc(strlen(o->final) + 16))) goto fail;
        sprintf(o->tmp, "%s.tmp.XXXXXX", o->final);
        /* listed before the file exists, so that a signal from here on
         * removes it (until mkstemp fills the name in, unlink finds nothing) */
        o->next = open_list;
        open_list = o;
        if ((o->fd = mkstemp(o->tmp)) < 0) {
            char *t = o->tmp;
            o->tmp = NULL; /* nothing to remove */
            free(t);
            goto fail;
        }
        /* mkstemp makes 0600; give the result the usual 0666 & ~umask */
        mode_t mask = umask(0);
        umask(mask);
        fchmod(o->fd, 0666 & ~mask);
    }
    if (ends_with(path, ".gz")) {
        /* BGZF cuts the stream into 64 KiB blocks whatever the writes were,
         * and the pool compresses whole blocks: equal bytes in, equal blocks out. */
        char mode[4] = "w";
        if (level >= 0 && level <= 9) mode[1] = (char)('0' + level);
        o->bgzf = bgzf_dopen(o->fd, mode);
        if (!o->bgzf) goto fail;
        if (nthreads > 1 && bgzf_mt(o->bgzf, nthreads, 64) < 0) goto fail;
    }
    return o;
fail:
    e = errno ? errno : ENOMEM;
    ssc_out_close(o, 0);
    errno = e;
    return NULL;
}

/* The reason a BGZF write failed: with a thread pool the write(2) ran on a
 * worker, whose errno is not ours; the file handle keeps it (herrno). */
static int bgzf_errno(BGZF *fp)
{
    int e = fp->fp ? herrno(fp->fp) : 0;
    return e ? e : errno ? errno : EIO;
}

int ssc_out_write(ssc_out_t *o, const char *buf, size_t len)
{
    if (o->bgzf) return bgzf_write(o->bgzf, buf, len) == (ssize_t)len ? 0 : (errno = bgzf_errno(o->bgzf), SSC_EIO);
    while (len) {
        ssize_t n = write(o->fd, buf, len);
        if (n < 0) {
            if (errno == EINTR) continue;
            return SSC_EIO;
        }
        buf += n;
        len -= (size_t)n;
    }
    return 0;
}

static void unlist(ssc_out_t *o)
{
    struct ssc_out_s *volatile *pp = &open_list;
    while (*pp && *pp != o) pp = &(*pp)->next;
    if (*pp) *pp = o->next;
}

int ssc_out_close(ssc_out_t *o, int commit)
{
    int ret = 0, err = 0;
    if (!o) return 0;
    if (o->bgzf) {
        /* flush first: a failure is only known once the workers are done, and
         * its reason must be read before the handle goes */
        if (bgzf_flush(o->bgzf) < 0) ret = SSC_EIO, err = bgzf_errno(o->bgzf);
        /* (htslib 1.16's bgzf_close returns without freeing the handle when
         * its last flush fails: the run is ending with an error anyway) */
        if (bgzf_close(o->bgzf) < 0 && !ret) ret = SSC_EIO, err = errno;
        o->fd = -1;
    }
    if (o->path && !o->final) { /* written in place (or failed before a name was chosen) */
        if (o->fd >= 0 && close(o->fd) < 0) ret = SSC_EIO;
    } else if (o->path) {
        if (o->fd >= 0 && commit && fsync(o->fd) < 0 && errno != EINVAL) ret = SSC_EIO;
        if (o->fd >= 0 && close(o->fd) < 0) ret = SSC_EIO;
        if (commit && ret == 0 && rename(o->tmp, o->final) < 0) ret = SSC_EIO;
        if ((!commit || ret < 0) && o->tmp) unlink(o->tmp);
        unlist(o);
    }
    {
        int e = err ? err : errno;
        free(o->path);
        free(o->final);
        free(o->tmp);
        free(o);
        errno = e;
    }
    return ret;
}

const char *ssc_out_name(const ssc_out_t *o) { return o->path ? o->path : "stdout"; }

void ssc_out_abort_all(void)
{
    for (struct ssc_out_s *o = open_list; o; o = o->next)
        if (o->tmp) unlink(o->tmp);
}
