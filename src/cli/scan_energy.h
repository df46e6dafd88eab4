/* scan_energy.h: `seedscan scan --energy`: the seed-anchored duplex energy of each reported site (thermo/site.h), per thread. */
#ifndef SSC_CLI_SCAN_ENERGY_H
#define SSC_CLI_SCAN_ENERGY_H

#include "seedscan.h"

typedef struct scan_energy_s scan_energy_t;

/* The shipped Turner 2004 parameters, one scratch per thread, each family's members; NULL
 * after printing an error. max: keep only sites whose energy is at most max (dcal/mol);
 * SSC_ENERGY_NA keeps every site. nc_types: the non-canonical types to find too
 * (SSC_TYPES_NONCANON bits), none starting in the first shadow nt of a target. */
scan_energy_t *scan_energy_init(const ssc_mirset_t *ms, int nthreads, int32_t max,
                                 unsigned nc_types, int shadow);
void scan_energy_destroy(scan_energy_t *en);

/* The energy of each site of rec (sorted sites as ssc_scan gives them): the lowest over the
 * members of its family with a sequence (SSC_ENERGY_NA for seed-only families); with
 * non-canonical types, their sites on the strands in the mask strands (bit 0 +, bit 1 -)
 * merged in, in the same order. With a maximum, only the sites within it. *kept and *energy
 * (valid until the thread's next call) hold the sites to write and their energies. Returns
 * their number, or a negative code. */
int64_t scan_energy_sites(scan_energy_t *en, int tid, const ssc_rec_t *rec,
                          const ssc_site_t *sites, int64_t n, int strands,
                          const ssc_site_t **kept, const int32_t **energy);

/* Summary rows (ssc_format_summary_energy) of the sites and energies scan_energy_sites gave
 * for rec: for each strand in the mask strands (+ rows first), one row per family with a
 * site; types the columns; strand_col adds the strand column, mfe_col the family's lowest
 * energy. 0 or a negative code. */
int scan_energy_summary(scan_energy_t *en, int tid, const ssc_rec_t *rec, const ssc_site_t *sites,
                        const int32_t *energy, int64_t n, unsigned types, int strands, int strand_col,
                        int mfe_col, kstring_t *out);

#endif
