/* fuzz_exprtab.c: libFuzzer target for expression tables (DESeq2, edgeR, limma, generic,
 * ranked lists, matrices) and ID maps. Input: byte 0 = options (bit 0: ranked; bit 1: keep
 * versions; bit 2: --matrix, bit 3: --id-col, bit 4: --value-col), byte 1 = which
 * column names, then the file. */
#include "fuzz.h"
#include "expr/exprtab.h"

static const char *cols[] = {"1", "2", "3", "id", "log2FoldChange", "value", "0", "b",
                             "gene", "4096", "x", "-1", "2147483647", "s1", "B", ""};
static kstring_t url;

static void check(const ssc_exprtab_t *t, const char *path)
{
    if (t->n == 0 || !t->id_name || !t->value_name) abort();
    for (size_t i = 0; i < t->n; i++) {
        long r = ssc_exprtab_find(t, t->id[i]);
        if (r < 0 || (size_t)r > i || t->line[i] < 1) abort(); /* the first row of this ID */
    }
    ssc_idmap_t *map = NULL;
    char err[512];
    if (ssc_idmap_load(path, &map, err, sizeof err) < 0) map = NULL;
    ssc_join_t *j = ssc_join_init(t->n, SSC_COLLAPSE_LONGEST);
    long row;
    if (!j) abort();
    if (ssc_join_offer(j, t, map, t->id[0], 10, &row) < 0) abort();
    /* an ID joins a target of its name, unless the name's '|' splits it or
     * the version stripping applied to names changes it again ("X.4.3" is
     * kept as "X.4", and a name "X.4" becomes "X") */
    char again[1024];
    snprintf(again, sizeof again, "%s", t->id[0]);
    if (!t->keep_version) ssc_id_strip_version(again);
    if (row < 0 && !strchr(t->id[0], '|') && strcmp(again, t->id[0]) == 0) abort();
    (void)ssc_exprtab_match(t, map, t->raw[t->n - 1]);
    ssc_join_destroy(j);
    ssc_idmap_destroy(map);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2) return 0;
    uint8_t opt = data[0], co = data[1];
    const char *path = fz_url(&url, data + 2, size - 2);
    ssc_et_opt_t o;
    ssc_et_opt_init(&o);
    o.ranked = opt & 1;
    o.keep_version = (opt >> 1) & 1;
    if (opt & 4) o.matrix_col = cols[co >> 4];
    if (opt & 8) o.id_col = cols[co & 15];
    if (opt & 16) o.value_col = cols[co >> 4];
    ssc_exprtab_t *t = NULL;
    char err[512] = "";
    int ret = ssc_exprtab_load(path, &o, &t, err, sizeof err);
    if ((ret < 0) != (t == NULL) || (ret < 0 && !*err)) abort();
    if (t) check(t, path);
    ssc_exprtab_destroy(t);
    return 0;
}
