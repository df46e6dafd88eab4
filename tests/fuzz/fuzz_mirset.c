/* fuzz_mirset.c: libFuzzer target for miRNA sets: miRBase FASTA, TargetScan family files and
 * miR_Family_Info tables (detected by content), then the index and selection by name.
 * Input: byte 0 = options (bits 0-2: species filter; bit 3: build the index too), then the file.
 * The index's 65536-code tables cost three quarters of a run whatever the set: built on every
 * input they held a run to ~300/s; as an option, the mutator keeps inputs that reach it. */
#include "fuzz.h"

static const char *species[] = {NULL, "hsa", "9606", "", "mmu", "10090", "dme", "x"};
static kstring_t url;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    ssc_mirload_opt_t o = {species[data[0] & 7]};
    ssc_mirset_t *ms = ssc_mirset_init();
    if (!ms) abort();
    int ret = ssc_mirset_load(ms, fz_url(&url, data + 1, size - 1), &o);
    if (ret < 0 && !*ssc_mirset_errmsg(ms)) abort(); /* an error always says why */
    int n = ssc_mirset_size(ms), nf = ssc_mirset_n_families(ms);
    for (int i = 0; i < n; i++) {
        int f = ssc_mirset_family_of(ms, i);
        if (f < 0 || f >= nf || !ssc_mirset_name(ms, i) || !ssc_mirset_seq(ms, i)) abort();
    }
    for (int f = 0; f < nf; f++)
        if (strlen(ssc_family_seed(ms, f)) != 7 || !*ssc_family_members(ms, f)) abort();
    if (n > 0 && (data[0] & 8)) {
        ssc_index_t *idx = ssc_index_build(ms, SSC_TYPES_ALL);
        if (!idx || ssc_index_n_families(idx) != nf) abort();
        ssc_index_destroy(idx);
    }
    if (n > 0) {
        const char *names[2] = {ssc_mirset_name(ms, n - 1), ssc_mirset_name(ms, 0)};
        int missing = -1;
        ssc_mirset_t *sel = ssc_mirset_select(ms, names, 2, &missing);
        if (!sel || ssc_mirset_size(sel) < 1 || ssc_mirset_size(sel) > 2) abort(); /* names may repeat */
        ssc_mirset_destroy(sel);
    }
    ssc_mirset_destroy(ms);
    return 0;
}
