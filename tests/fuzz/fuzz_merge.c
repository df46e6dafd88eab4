/* fuzz_merge.c: libFuzzer target for `seedscan merge`: the #seedscan-shard provenance lines,
 * the check of the shard set and the copy without repeated headers, run through main_merge
 * with output to /dev/null. Input: byte 0 = number of shards (1-3), then the shards
 * separated by 0xFF. */
#include "fuzz.h"
#include "cli/commands.h"

static kstring_t url[3];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *part[3];
    size_t len[3];
    char *argv[8] = {"merge", "-o", "/dev/null"};
    if (size < 1) return 0;
    int n = 1 + data[0] % 3;
    fz_split(data + 1, size - 1, n, part, len);
    for (int k = 0; k < n; k++) argv[3 + k] = (char *)fz_url(&url[k], part[k], len[k]);
    int st = main_merge(3 + n, argv);
    if (st != 0 && st != 1) abort();
    return 0;
}
