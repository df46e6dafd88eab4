/* fuzz_panel.c: libFuzzer target for the panel table loader, its filters, miRNA set and formats.
 * Input: byte 0 = options (bits 0-2: resistance filter, bits 3-5: target filter), then the file. */
#include "fuzz.h"
#include "panel/panel.h"

static const char *words[] = {NULL, "cisplatin", "PTEN", "", "5-FU", "EGFR-TKI", "a;b", "TKI"};
static kstring_t url;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    ssc_panel_t *p = ssc_panel_init();
    ssc_panel_filter_t f = {words[data[0] & 7], words[(data[0] >> 3) & 7]};
    if (!p) abort();
    int n = ssc_panel_load(p, fz_url(&url, data + 1, size - 1));
    if (n < 0 && !*ssc_panel_errmsg(p)) abort();
    if (n >= 0) {
        int *rows = malloc(((size_t)n + 1) * sizeof *rows), k;
        kstring_t s = {0, 0, NULL};
        if (!rows) abort();
        if ((k = ssc_panel_select(p, &f, rows)) < 0) {
            if (!*ssc_panel_errmsg(p)) abort(); /* an empty selection says why */
            k = 0;
        }
        if (k > n) abort();
        (void)ssc_panel_terms(p);
        if (ssc_panel_format_tsv(&s, p, rows, k) < 0 || ssc_panel_format_fasta(&s, p, rows, k) < 0 ||
            ssc_panel_format_text(&s, p, rows, k) < 0)
            abort();
        ssc_mirset_t *ms = ssc_panel_mirset(p, &f);
        ssc_mirset_destroy(ms);
        free(s.s);
        free(rows);
    }
    ssc_panel_destroy(p);
    return 0;
}
