/* thermo/duplex.h: minimum free energy duplexes of two RNAs, intermolecular pairs only (RNAduplex's model). */
#ifndef SSC_THERMO_DUPLEX_H
#define SSC_THERMO_DUPLEX_H

#include <htslib/kstring.h>
#include "thermo/params.h"

/* Per-thread scratch: encoded sequences and the DP tables, grown as needed and reused. */
typedef struct ssc_th_dbuf_s ssc_th_dbuf_t;

/* One duplex. Coordinates 1-based inclusive; s1 is the first sequence (the miRNA), s2 the
 * second (the target). */
typedef struct {
    int energy;          /* dcal/mol, duplex initiation and dangles included */
    int i, j;            /* its last pair: i on s1 (largest), j on s2 (smallest) */
    int s1_beg, s1_end;  /* the part of s1 the structure covers: the paired span and one
                            neighbour on each side where there is one (as RNAduplex prints) */
    int s2_beg, s2_end;  /* the same on s2 */
} ssc_th_hit_t;

/* init picks the fastest fill this CPU runs (SEEDSCAN_SIMD=generic|simde|sse2|avx2|avx512
 * caps it; generic is the plain 32-bit fill, the reference); every variant gives the same
 * tables. set_simd forces one (0, or -1 when unknown or not supported here). */
ssc_th_dbuf_t *ssc_th_dbuf_init(void);
void ssc_th_dbuf_destroy(ssc_th_dbuf_t *b);
int ssc_th_dbuf_set_simd(ssc_th_dbuf_t *b, const char *name);
const char *ssc_th_dbuf_simd(const ssc_th_dbuf_t *b);

/* Fill the tables for s1 (n1 nt) against s2 (n2 nt): A C G U T N in any case. 0, SSC_ENOMEM,
 * or SSC_EINVAL for another letter (its 0-based index in *bad, *bad_seq = 1 or 2). The
 * recursion is RNAduplex's (ViennaRNA 2.x duplex.c): c(i,j) = min(initiation + exterior
 * stem, min over k<i, l>j, (i-k-1)+(l-j-1) <= 30 of c(k,l) + interior loop). */
int ssc_th_duplex_fill(const ssc_th_params_t *p, ssc_th_dbuf_t *b, const char *s1, int n1,
                       const char *s2, int n2, int *bad_seq, int *bad);
/* As fill, for the duplexes that continue one given start: the pair (1, n2), whose c is e0
 * (dcal/mol: what lies on its s1 5' side, initiation included, already counted); no other
 * pair starts a duplex. The rest of the API reads it as any fill (seedscan's site energies
 * anchor their seed pairs this way, thermo/site.h). Sequences as for fill. */
int ssc_th_duplex_fill_from(const ssc_th_params_t *p, ssc_th_dbuf_t *b, const char *s1, int n1,
                            const char *s2, int n2, int e0);
/* As fill, for the duplexes that hold given pairs: req[i] (i = 1..n1, 1-based columns) the
 * s2 position s1 nt i must pair with, 0 where free; at least one. Non-canonical site
 * energies use it (thermo/noncanon.h). */
int ssc_th_duplex_fill_req(const ssc_th_params_t *p, ssc_th_dbuf_t *b, const char *s1, int n1,
                           const char *s2, int n2, const int *req);
/* After fill: the energy of the duplex whose last pair is (i, j), dangles included, or
 * SSC_TH_INF when i and j cannot pair. */
int ssc_th_duplex_end(const ssc_th_params_t *p, const ssc_th_dbuf_t *b, int i, int j);
/* After fill: the minimum, ties broken as RNAduplex does (smallest i, then largest j); 0, or
 * 1 when no pair is possible (hit untouched). */
int ssc_th_duplex_best(const ssc_th_params_t *p, const ssc_th_dbuf_t *b, ssc_th_hit_t *hit);
/* After fill: the best duplex ending at each s2 position j (over i), into end[j-1] (n2 of them;
 * energy SSC_TH_INF where nothing pairs). */
void ssc_th_duplex_per_end(const ssc_th_params_t *p, const ssc_th_dbuf_t *b, ssc_th_hit_t *end);
/* Trace the duplex ending at (hit->i, hit->j) (RNAduplex's order of trying loops, so ties give
 * its structure); sets the spans and writes "s1part&s2part" into db. 0, SSC_ENOMEM, or
 * SSC_EINVAL when (i, j) cannot pair. */
int ssc_th_duplex_trace(const ssc_th_params_t *p, const ssc_th_dbuf_t *b, ssc_th_hit_t *hit,
                        kstring_t *db);
/* Suboptimal duplexes as RNAduplex -e lists them: every last pair (i, j) within delta of the
 * minimum, left out when some c(i', j') with |i-i'| <= w, |j-j'| <= w is lower (w = 5 in
 * RNAduplex), sorted by energy, then i, then j. The threshold is min + delta; with
 * compat, RNAduplex 2.4's (min truncated to whole kcal/mol first). Returns the number of hits
 * in *hits (malloc'ed, caller frees; spans not set: trace each), or SSC_ENOMEM. */
int ssc_th_duplex_subopt(const ssc_th_params_t *p, const ssc_th_dbuf_t *b, int delta, int w,
                         int compat, ssc_th_hit_t **hits);

#endif
