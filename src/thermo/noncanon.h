/* thermo/noncanon.h: non-canonical miRNA sites (G:U or mismatch or bulge in the seed, centered, 3'-compensatory) and their duplex energies. */
#ifndef SSC_THERMO_NONCANON_H
#define SSC_THERMO_NONCANON_H

#include <stdint.h>
#include "seedscan.h"
#include "thermo/params.h"
#include "thermo/duplex.h"

/* One non-canonical site of one miRNA on one sequence (0-based, half-open, on the sequence as
 * given). pair[k] (k = 1..16) is the position miRNA nt k pairs with in the site's definition,
 * -1 where the definition pairs nothing (a mismatch, nt 9-12, nt 1). */
typedef struct {
    int type;            /* SSC_GU_7MER .. SSC_3P_COMP */
    int64_t start, end;
    int64_t pair[17];
} ssc_th_nc_t;

/* Every site of the types in mask (bits SSC_GU_7MER..SSC_3P_COMP) of mir (mlen >= 16 nt for
 * centered and 3p-comp, >= 8 otherwise) in tgt[0..n), none starting before from, in order of
 * start, then type. Pairs are Watson-Crick (A-U, G-C, T as U) or G:U; other letters pair
 * nothing. *out grows as needed (*cap entries). Returns the number, or SSC_ENOMEM. */
int64_t ssc_th_nc_find(const char *mir, int mlen, const char *tgt, int64_t n, unsigned mask,
                       int64_t from, ssc_th_nc_t **out, int64_t *cap);

/* The same on target codes (ssc_th_nc_encode: ssc_th_code of each letter), so that one
 * encoding serves every miRNA. */
void ssc_th_nc_encode(const char *tgt, int64_t n, int8_t *codes);
int64_t ssc_th_nc_find_codes(const char *mir, int mlen, const int8_t *codes, int64_t n,
                             unsigned mask, int64_t from, ssc_th_nc_t **out, int64_t *cap);

/* A target prepared once for every miRNA: its codes and, per base, a bit vector of the
 * positions holding it (the prefilter of ssc_th_nc_find_tgt). Zero-initialise; reuse it for
 * the next target; free with ssc_th_nc_target_free. codes must outlive its use. */
typedef struct {
    const int8_t *codes;
    int64_t n;
    uint64_t *bits;         /* 4 vectors of nw words */
    int64_t nw, mbits;
} ssc_th_nc_tgt_t;
int ssc_th_nc_target(ssc_th_nc_tgt_t *t, const int8_t *codes, int64_t n);
void ssc_th_nc_target_free(ssc_th_nc_tgt_t *t);
/* ssc_th_nc_find_codes on a prepared target: the same sites in the same order. */
int64_t ssc_th_nc_find_tgt(const char *mir, int mlen, const ssc_th_nc_tgt_t *t, unsigned mask,
                           int64_t from, ssc_th_nc_t **out, int64_t *cap);

/* The site's energy (dcal/mol): the minimum free energy of the duplexes of mir with the window
 * (from SSC_TH_SITE_UP nt beyond the miRNA's 3' end, placed after the site's most 3' pair,
 * to SSC_TH_SITE_DOWN nt past the position opposite nt 1) that hold every pair of the site's
 * definition. 0, 1 (no such duplex), SSC_EINVAL, SSC_ENOMEM. */
int ssc_th_nc_energy(const ssc_th_params_t *p, ssc_th_dbuf_t *buf, const char *mir, int mlen,
                     const char *tgt, int64_t n, const ssc_th_nc_t *site, int *energy);

#endif
