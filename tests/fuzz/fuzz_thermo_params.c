/* fuzz_thermo_params.c: libFuzzer target for the ViennaRNA 2.0 parameter-file reader (-P).
 * Input: the file's text, read over the shipped Turner 2004 set as `-P` does (when that set is
 * found under refs/) and on its own. A load either succeeds or says FILE:LINE: why. */
#include <stdio.h>
#include "fuzz.h"
#include "io/io.h"
#include "thermo/params.h"

static ssc_th_params_t *shipped(void)
{
    static ssc_th_params_t *base;
    static int tried;
    char path[4096], err[512];
    if (!tried) {
        tried = 1;
        setenv("SEEDSCAN_REFS", "refs", 0); /* run from the top directory (tests/fuzz/run.sh) */
        if (ssc_refs_path(SSC_TH_DEFAULT_PARAMS, path, sizeof path) == 0)
            (void)ssc_th_params_load(path, NULL, &base, err, sizeof err);
    }
    return base;
}

static void one(const uint8_t *data, size_t size, const ssc_th_params_t *base)
{
    char err[512] = "";
    ssc_th_params_t *p = NULL;
    FILE *fp = fmemopen((void *)(size ? data : (const uint8_t *)""), size ? size : 1, "r");
    if (!fp) return;
    if (ssc_th_params_read(fp, "fuzz.par", base, &p, err, sizeof err) == 0) {
        if (!p) abort();
        ssc_th_params_destroy(p);
    } else if (p || strncmp(err, "fuzz.par", 8) != 0) {
        abort(); /* no result on failure, and the message names the file */
    }
    fclose(fp);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_quiet();
    one(data, size, NULL);
    if (shipped()) one(data, size, shipped());
    return 0;
}
