/* cli/shard.h: --shard I/N, the records split into N contiguous runs (scan, fold), so that the shards' outputs in order are the single run's. */
#ifndef SSC_CLI_SHARD_H
#define SSC_CLI_SHARD_H

#include <stddef.h>
#include <stdint.h>
#include "io/io.h"

/* Records go to shards by cumulative bases (balanced) or by record count. */
typedef struct {
    int i, n;               /* this shard (1-based) of n; n == 0: no sharding */
    int by_records;
    int64_t total_rec, total_bases;
    int64_t k, cum;         /* global index and bases before the next record */
    int done;
    /* with .fai indexes: start reading at the shard's first record */
    int start_file;         /* files before it are skipped */
    int64_t start_off;      /* byte offset of that record's '>' in its file */
} cli_shard_t;

/* "I/N" with 1 <= I <= N into sh->i, sh->n; -1 on anything else. */
int cli_shard_parse(cli_shard_t *sh, const char *arg);
/* 0-based shard of the next record (of length len), advancing the cursor. */
int cli_shard_next(cli_shard_t *sh, int64_t len);
/* Keep the records of this shard in b; note when the shard is over (sh->done). */
void cli_shard_filter(cli_shard_t *sh, ssc_batch_t *b);
/* Add the records and bases of one input file (a counting pass) to the totals; 0 or an
 * error code with the reason in err. */
int cli_shard_count(cli_shard_t *sh, const char *path, int nthreads, char *err, size_t errsz);

#endif
