/* fuzz_tsbl.c: libFuzzer target for the BL/PCT inputs: the site table, the family file and
 * the bin file, scored with the shipped trees and PCT parameters.
 * Input: sites, 0xFF, family file, 0xFF, bins. */
#include <stdio.h>
#define FZ_OWN_INIT
#include "fuzz.h"
#include "io/io.h"
#include "targetscan/tsaln.h"
#include "targetscan/ts_bl.h"

static ssc_ts_bl_t *bl;
static kstring_t url[3];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    char dir[4096], err[512];
    (void)argc, (void)argv;
    fz_quiet();
    if (ssc_refs_path("targetscan/PCT_parameters", dir, sizeof dir) < 0)
        snprintf(dir, sizeof dir, "refs/targetscan/PCT_parameters");
    if (!(bl = ssc_ts_bl_load(dir, err, sizeof err))) {
        fprintf(stderr, "fuzz_tsbl: %s (run from the top folder or set SEEDSCAN_REFS)\n", err);
        abort();
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *part[3];
    size_t len[3];
    char err[512];
    ssc_ts_sites_t s;
    ssc_ts_families_t f;
    ssc_ts_bins_t b;
    fz_split(data, size, 3, part, len);
    memset(&s, 0, sizeof s), memset(&f, 0, sizeof f), memset(&b, 0, sizeof b);
    int rs = ssc_ts_sites_load(&s, fz_url(&url[0], part[0], len[0]), err, sizeof err);
    int rf = ssc_ts_families_load(&f, fz_url(&url[1], part[1], len[1]), err, sizeof err);
    int rb = ssc_ts_bins_load(&b, fz_url(&url[2], part[2], len[2]), err, sizeof err);
    if (rs == 0 && rf == 0 && rb == 0 && s.n > 0) {
        for (int i = 0; i < s.n; i++)
            if (s.row[i].utr_start < 1 || s.row[i].utr_end < s.row[i].utr_start) abort();
        ssc_ts_blpct_t *r = calloc((size_t)s.n, sizeof *r);
        kstring_t out = {0, 0, NULL};
        if (!r || ssc_ts_bl_pct(bl, &s, &f, &b, r) < 0 || ssc_ts_format_bl_pct(&out, &s, r) < 0) abort();
        free(out.s);
        free(r);
    }
    for (int i = 0; i < f.n; i++)
        if (ssc_ts_family_seed(&f, f.family[i]) == NULL) abort();
    ssc_ts_sites_free(&s);
    ssc_ts_families_free(&f);
    ssc_ts_bins_free(&b);
    return 0;
}
