/* thermo/site.h: the duplex energy of a seed site: the best duplex of the miRNA with the site's window that keeps the site's seed pairs. */
#ifndef SSC_THERMO_SITE_H
#define SSC_THERMO_SITE_H

#include <stdint.h>
#include "thermo/params.h"
#include "thermo/duplex.h"

/* The window of a site (README, "Site energies"): on the strand the site is read on, from
 * SSC_TH_SITE_UP nt beyond the miRNA's 3' end, were it paired without gaps, to
 * SSC_TH_SITE_DOWN nt past the position opposite miRNA nt 1 (for the dangle), clipped to
 * the target: L + UP + DOWN nt for a miRNA of L nt. */
#define SSC_TH_SITE_UP 5
#define SSC_TH_SITE_DOWN 2

/* Where a site lies against its miRNA. Coordinates 0-based on the sequence the site is read
 * on (for a - strand site, the reverse complement). */
typedef struct {
    int a, b;           /* seed pairs: miRNA nt a..b (1-based) pair with p1 - (a - 1) .. p1 - (b - 1) */
    int64_t p1;         /* the target position opposite miRNA nt 1 (may lie past the target) */
    int64_t wbeg, wend; /* the window, half-open */
} ssc_th_site_geom_t;

/* The geometry of a site of type (ssc_type_t) at [start, end) in a target of tlen nt, for a
 * miRNA of mlen nt; SSC_EINVAL for an unknown type. */
int ssc_th_site_geom(int type, int mlen, int64_t tlen, int64_t start, int64_t end,
                     ssc_th_site_geom_t *g);

/* The minimum free energy (dcal/mol, RNAduplex's model: intermolecular pairs only, loops up
 * to 30 nt, d2 dangles, duplex initiation) of the duplexes of mir (mlen nt) with win (n nt)
 * that contain the pairs (i, qa - (i - a)) for i = a..b (qa: the 1-based window position
 * paired with nt a). 0 and *energy; 1 when no such duplex exists (a seed pair that cannot
 * pair, or pairs outside the window); SSC_EINVAL for a letter that is not a nucleotide;
 * SSC_ENOMEM. */
int ssc_th_seed_mfe(const ssc_th_params_t *p, ssc_th_dbuf_t *buf, const char *mir, int mlen,
                    const char *win, int n, int qa, int a, int b, int *energy);

/* The same for any set of required pairs: req[i] (i = 1..mlen) the 1-based window position
 * nt i must pair with, 0 for none, positions descending with i; the duplexes that contain
 * every one. 0 and *energy; 1 when none exists; 2 when the first required nt is beyond nt 5
 * or two consecutive required pairs are more than 16 nt apart on either side (use
 * ssc_th_duplex_fill_req); SSC_EINVAL (also for no required pair); SSC_ENOMEM. */
int ssc_th_req_mfe(const ssc_th_params_t *p, ssc_th_dbuf_t *buf, const char *mir, int mlen,
                   const char *win, int n, const int *req, int *energy);
/* Both: the energy of a site of type at [start, end) of tgt (tlen nt, read on the site's
 * strand). Returns as ssc_th_seed_mfe. */
int ssc_th_site_energy(const ssc_th_params_t *p, ssc_th_dbuf_t *buf, const char *mir, int mlen,
                       const char *tgt, int64_t tlen, int type, int64_t start, int64_t end,
                       int *energy);

#endif
