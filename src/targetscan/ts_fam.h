/* ts_fam.h: internal API for TargetScan family files with their species lists (which family is searched in which species). */
#ifndef SSC_TS_FAM_H
#define SSC_TS_FAM_H

#include <stddef.h>

/* One family: name, seed (nt 2-8, uppercase RNA) and the species it is
 * annotated in (searched in), as listed in the file. */
typedef struct {
    char *name, *seed;
    char **species;   /* nsp IDs, unique, in order of first appearance */
    int nsp, msp;
} ssc_tsfam_t;

/* The families of a file, sorted by name in byte order (as targetscan_70.pl
 * visits them). Rows of one name are merged: the last row's seed wins and
 * the species lists are joined, as in the Perl script. */
typedef struct {
    ssc_tsfam_t *fam;
    int n, m;
} ssc_tsfams_t;

/* Whether path holds family rows (family<TAB>seed<TAB>species;... or
 * TargetScan's miR_Family_Info table) rather than FASTA: its first
 * non-empty line does not start with '>'. */
int ssc_tsfams_sniff(const char *path);
/* Load a family file: `family<TAB>seed<TAB>species[;species...]`, more
 * columns ignored (so miR_Family_Info tables, with one species per row, load
 * too). A first line whose seed is not 7 bases is taken as a header.
 * species_filter (may be NULL) keeps only the families listing it. Returns
 * 0 or a negative code with err naming file and line. */
int ssc_tsfams_load(ssc_tsfams_t *f, const char *path, const char *species_filter, char *err,
                    size_t errsz);
void ssc_tsfams_free(ssc_tsfams_t *f);
/* Whether family fam is annotated in species sp. */
int ssc_tsfam_has(const ssc_tsfam_t *fam, const char *sp);

#endif
