/* fuzz_tsfam.c: libFuzzer target for TargetScan family files with species lists (ts_fam.c).
 * Input: byte 0 = options (bits 0-2: species filter), then the file. */
#include "fuzz.h"
#include "targetscan/ts_fam.h"

static const char *filters[] = {NULL, "9606", "10090", "", "7227", " ", "9606;10090", "x"};
static kstring_t url;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    const char *path = fz_url(&url, data + 1, size - 1), *filter = filters[data[0] & 7];
    ssc_tsfams_t f;
    char err[512];
    (void)ssc_tsfams_sniff(path);
    memset(&f, 0, sizeof f);
    int ret = ssc_tsfams_load(&f, path, filter, err, sizeof err);
    if (ret == 0)
        for (int i = 0; i < f.n; i++) {
            if (i && strcmp(f.fam[i - 1].name, f.fam[i].name) >= 0) abort(); /* sorted, merged */
            if (strlen(f.fam[i].seed) != 7) abort();
            if (filter && !ssc_tsfam_has(&f.fam[i], filter)) abort();
        }
    ssc_tsfams_free(&f);
    return 0;
}
