/* ts_fam.c: TargetScan family files with species lists: loading, merging rows of one family, lookup. */
#include <stdlib.h>
#include <string.h>
#include <htslib/khash.h>
#include "seedscan.h"
#include "io/io.h"
#include "targetscan/tsaln.h"
#include "targetscan/ts_fam.h"

int ssc_tsfams_sniff(const char *path)
{
    ssc_ts_file_t f;
    int ret, yes = 0;
    if (ssc_ts_file_open(&f, path) < 0) return 0;
    while ((ret = ssc_ts_file_getline(&f)) > 0 && f.buf.l == 0) {}
    if (ret > 0) yes = f.buf.s[0] != '>';
    ssc_ts_file_close(&f);
    return yes;
}

/* Uppercase RNA copy of a 7-nt seed into out[8]; -1 if it is not 7 bases. */
static int seed_rna(const char *s, char out[8])
{
    if (strlen(s) != 7) return -1;
    for (int i = 0; i < 7; i++) {
        int c = ssc_nt4[(unsigned char)s[i]];
        if (c > 3) return -1;
        out[i] = ssc_rna_letter(c);
    }
    out[7] = 0;
    return 0;
}

int ssc_tsfam_has(const ssc_tsfam_t *fam, const char *sp)
{
    for (int i = 0; i < fam->nsp; i++)
        if (strcmp(fam->species[i], sp) == 0) return 1;
    return 0;
}

static int add_species(ssc_tsfam_t *fam, const char *sp, size_t len)
{
    char *s = strndup(sp, len);
    if (!s) return SSC_ENOMEM;
    if (ssc_tsfam_has(fam, s)) {
        free(s);
        return 0;
    }
    SSC_GROW(char *, fam->species, fam->nsp, fam->msp);
    fam->species[fam->nsp++] = s;
    return 0;
fail:
    free(s);
    return SSC_ENOMEM;
}

/* Add the ';'-separated IDs of list (space around them ignored). */
static int add_species_list(ssc_tsfam_t *fam, const char *list)
{
    while (*list) {
        size_t n = strcspn(list, ";");
        const char *p = list, *e = list + n;
        while (p < e && (*p == ' ')) p++;
        while (e > p && e[-1] == ' ') e--;
        if (e > p && add_species(fam, p, (size_t)(e - p)) < 0) return SSC_ENOMEM;
        list += n + (list[n] == ';');
    }
    return 0;
}

KHASH_MAP_INIT_STR(fam, int)

typedef struct {
    ssc_tsfams_t *f;
    khash_t(fam) *by_name;  /* keys are the families' own names */
} loadctx_t;

/* Index of the family called name, added if new; or SSC_ENOMEM. */
static int get_family(loadctx_t *c, const char *name)
{
    ssc_tsfams_t *f = c->f;
    khint_t k = kh_get(fam, c->by_name, name);
    int absent;
    if (k != kh_end(c->by_name)) return kh_val(c->by_name, k);
    SSC_GROW(ssc_tsfam_t, f->fam, f->n, f->m);
    ssc_tsfam_t *fam = &f->fam[f->n];
    memset(fam, 0, sizeof *fam);
    if (!(fam->name = strdup(name))) return SSC_ENOMEM;
    k = kh_put(fam, c->by_name, fam->name, &absent);
    if (absent < 0) {
        free(fam->name);
        return SSC_ENOMEM;
    }
    kh_val(c->by_name, k) = f->n;
    return f->n++;
fail:
    return SSC_ENOMEM;
}

static int on_row(char *line, int64_t lineno, void *ctx, const char **why)
{
    loadctx_t *c = ctx;
    char *fld[3], seed[8];
    int nf = ssc_ts_split_tabs(line, fld, 3), i;
    if (nf < 3) return *why = "expected family<TAB>seed<TAB>species;...", SSC_EFORMAT;
    if (seed_rna(fld[1], seed) < 0) {
        if (lineno == 1) return 0; /* a header line */
        return *why = "the seed (column 2) is not 7 nt of A, C, G, U, T", SSC_EFORMAT;
    }
    if (!*fld[0]) return *why = "empty family name", SSC_EFORMAT;
    if ((i = get_family(c, fld[0])) < 0) return i;
    ssc_tsfam_t *fam = &c->f->fam[i];
    free(fam->seed);
    if (!(fam->seed = strdup(seed)) || add_species_list(fam, fld[2]) < 0) return SSC_ENOMEM;
    return 0;
}

static void fam_free(ssc_tsfam_t *fam)
{
    for (int k = 0; k < fam->nsp; k++) free(fam->species[k]);
    free(fam->species);
    free(fam->name);
    free(fam->seed);
}

static int by_name(const void *a, const void *b)
{
    return strcmp(((const ssc_tsfam_t *)a)->name, ((const ssc_tsfam_t *)b)->name);
}

/* Drop families that do not list sp. */
static void keep_species(ssc_tsfams_t *f, const char *sp)
{
    int k = 0;
    for (int i = 0; i < f->n; i++) {
        if (ssc_tsfam_has(&f->fam[i], sp)) f->fam[k++] = f->fam[i];
        else fam_free(&f->fam[i]);
    }
    f->n = k;
}

int ssc_tsfams_load(ssc_tsfams_t *f, const char *path, const char *species_filter, char *err,
                    size_t errsz)
{
    loadctx_t c = { f, kh_init(fam) };
    memset(f, 0, sizeof *f);
    int ret = c.by_name ? ssc_ts_file_each(path, 0, on_row, &c, err, errsz) : SSC_ENOMEM;
    if (c.by_name) kh_destroy(fam, c.by_name);
    if (ret == SSC_ENOMEM) snprintf(err, errsz, "%s: out of memory", path);
    if (ret < 0) {
        ssc_tsfams_free(f);
        return ret;
    }
    if (species_filter) keep_species(f, species_filter);
    if (f->n == 0) {
        snprintf(err, errsz, "%s: no miRNA family%s%s", path, species_filter ? " lists species " : "",
                 species_filter ? species_filter : "");
        ssc_tsfams_free(f);
        return SSC_EFORMAT;
    }
    /* names are unique after merging, so qsort's instability does not matter */
    qsort(f->fam, (size_t)f->n, sizeof *f->fam, by_name);
    return 0;
}

void ssc_tsfams_free(ssc_tsfams_t *f)
{
    for (int i = 0; i < f->n; i++) fam_free(&f->fam[i]);
    free(f->fam);
    memset(f, 0, sizeof *f);
}
