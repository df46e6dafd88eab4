/* cli/shard.c: --shard I/N, the records split into N contiguous runs by cumulative bases or records. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include "cli/shard.h"

int cli_shard_parse(cli_shard_t *sh, const char *arg)
{
    const char *slash = strchr(arg, '/');
    if (!slash || slash[1] == 0 || sscanf(arg, "%d/%d", &sh->i, &sh->n) != 2 || sh->n < 1 || sh->i < 1 ||
        sh->i > sh->n)
        return -1;
    return 0;
}

int cli_shard_next(cli_shard_t *sh, int64_t len)
{
    int64_t x = sh->by_records ? sh->k : sh->cum, tot = sh->by_records ? sh->total_rec : sh->total_bases;
    int which = tot > 0 ? (int)((__int128)x * sh->n / tot) : 0;
    sh->k++;
    sh->cum += len;
    return which < sh->n ? which : sh->n - 1;
}

void cli_shard_filter(cli_shard_t *sh, ssc_batch_t *b)
{
    int w = 0;
    b->bases = 0;
    for (int r = 0; r < b->n; r++) {
        int which = cli_shard_next(sh, b->rec[r].len);
        if (which > sh->i - 1) sh->done = 1;
        if (which != sh->i - 1) continue;
        b->bases += b->rec[r].len;
        b->rec[w++] = b->rec[r];
    }
    b->n = w;
}

int cli_shard_count(cli_shard_t *sh, const char *path, int nthreads, char *err, size_t errsz)
{
    int64_t nr, nb;
    ssc_reader_t *r = ssc_reader_open(path, nthreads);
    int ret;
    if (!r) {
        snprintf(err, errsz, "%s: %s", path, strerror(errno));
        return SSC_EIO;
    }
    if ((ret = ssc_reader_count(r, &nr, &nb)) < 0) snprintf(err, errsz, "%s", ssc_reader_errmsg(r));
    ssc_reader_close(r);
    if (ret < 0) return ret;
    sh->total_rec += nr;
    sh->total_bases += nb;
    return 0;
}
