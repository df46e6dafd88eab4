/* cmd_index.c: `seedscan index`, write FILE.fai (and FILE.gzi for BGZF) so shards read by region. */
#include <errno.h>
#include <string.h>
#include <htslib/faidx.h>
#include "cli/cli.h"
#include "cli/commands.h"

static void usage(FILE *fp)
{
    fprintf(fp,
"Usage: seedscan index FASTA...\n"
"Index plain or BGZF-compressed FASTA files (FILE.fai, and FILE.gzi for BGZF), the same\n"
"index as `samtools faidx`. With it, `seedscan scan --shard I/N` reads only its records.\n"
"Plain gzip cannot be indexed: recompress with `bgzip`.\n\n"
"Example: cp refs/hsa_3utr_collected.fa utrs.fa && seedscan index utrs.fa\n");
}

int main_index(int argc, char *argv[])
{
    if (argc < 2) {
        usage(stderr);
        return 1;
    }
    if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
        usage(stdout);
        return 0;
    }
    for (int i = 1; i < argc; i++) {
        if (argv[i][0] == '-') {
            cli_error("index", "invalid option '%s'", argv[i]);
            usage(stderr);
            return 1;
        }
        errno = 0;
        if (fai_build(argv[i]) != 0) {
            cli_error("index", "%s: cannot index%s%s (plain gzip needs bgzip; lines of a record "
                      "must have equal lengths)", argv[i], errno ? ": " : "", errno ? strerror(errno) : "");
            return 1;
        }
    }
    return 0;
}
