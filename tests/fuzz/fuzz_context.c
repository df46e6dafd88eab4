/* fuzz_context.c: libFuzzer target for the TargetScan context++ inputs: UTR alignment, mature
 * miRNAs, BL_PCT site table, ORF lengths, ORF 8mer counts and AIRs, scored into the table with
 * the shipped parameters. Input: byte 0 = options (bit 0: --compat), then the six files
 * separated by 0xFF in that order. */
#include <stdio.h>
#define FZ_OWN_INIT
#include "fuzz.h"
#include "io/io.h"
#include "targetscan/contextpp.h"

static ssc_cpp_params_t *params;
static kstring_t url[6], out;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    char a[4096], t[4096], err[512];
    (void)argc, (void)argv;
    fz_quiet();
    if (ssc_refs_path("targetscan/Agarwal_2015_parameters.txt", a, sizeof a) < 0)
        snprintf(a, sizeof a, "refs/targetscan/Agarwal_2015_parameters.txt");
    if (ssc_refs_path("targetscan/TA_SPS_by_seed_region.txt", t, sizeof t) < 0)
        snprintf(t, sizeof t, "refs/targetscan/TA_SPS_by_seed_region.txt");
    if (!(params = ssc_cpp_params_load(a, t, err, sizeof err))) {
        fprintf(stderr, "fuzz_context: %s (run from the top folder or set SEEDSCAN_REFS)\n", err);
        abort();
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *part[6];
    size_t len[6];
    char err[512] = "";
    if (size < 1) return 0;
    ssc_cpp_opt_t o;
    ssc_cpp_opt_init(&o);
    o.compat = data[0] & 1;
    fz_split(data + 1, size - 1, 6, part, len);
    const char *p[6];
    for (int k = 0; k < 6; k++) p[k] = fz_url(&url[k], part[k], len[k]);
    ssc_cpp_inputs_t in = {p[0], p[1], p[2], p[3], p[4], p[5], NULL, NULL}; /* no SA */
    out.l = 0;
    int ret = ssc_cpp_targetscan_table(params, &o, &in, &out, err, sizeof err);
    if (ret < 0 && !*err) abort(); /* every failure says why */
    if (ret == 0 && (out.l == 0 || out.s[out.l - 1] != '\n')) abort();
    return 0;
}
