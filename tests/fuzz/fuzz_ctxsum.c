/* fuzz_ctxsum.c: libFuzzer target for the per-target summary of a context++ table (its 37
 * columns parsed from text). Input: the table. */
#include "fuzz.h"
#include "targetscan/ts_ctxsum.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    kstring_t in = {0, 0, NULL}, out = {0, 0, NULL};
    long line = 0;
    if (kputsn((const char *)data, size, &in) < 0) abort();
    int ret = ssc_ts_ctx_summary(&in, &out, &line);
    if (ret == SSC_EFORMAT && line < 1) abort(); /* a format error names its line */
    free(in.s);
    free(out.s);
    return 0;
}
