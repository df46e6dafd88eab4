/* thermo/plfold.h: RNAplfold's local partition function and unpaired probabilities (site accessibility). */
#ifndef SSC_THERMO_PLFOLD_H
#define SSC_THERMO_PLFOLD_H

#include <stdint.h>
#include "seedscan.h"
#include "thermo/pf.h"

/* Bernhart SH, Hofacker IL, Stadler PF. Local RNA base pairing probabilities in large
 * sequences. Bioinformatics 2006;22:614-615; as ViennaRNA 2.1.9's RNAplfold computes it.
 * Base pairs of span at most L inside windows of W nt; each quantity is averaged over all
 * windows that contain it; p[l] at position i is the probability that the l nt i-l+1..i are
 * all unpaired, l = 1..u. A record shorter than W folds with W = its length and L, u at most
 * that (RNAplfold does the same). */
typedef struct {
    int W;      /* window (nt) [80] */
    int L;      /* largest base-pair span [40] */
    int u;      /* longest unpaired stretch reported [20] */
    int modern; /* 0: a pair (i,j) needs j-i <= L (ViennaRNA < 2.4, TargetScan's files; the
                   default); 1: j-i+1 <= L (ViennaRNA >= 2.4) */
} ssc_plfold_opt_t;

void ssc_plfold_opt_init(ssc_plfold_opt_t *o);
/* 0, or SSC_EINVAL with the reason in err: W >= 5 (at most 10000), 0 < L <= W, 0 < u <= W. */
int ssc_plfold_opt_check(const ssc_plfold_opt_t *o, char *err, size_t errsz);

/* Called once per position, in order: i is 1-based, p[1..nu] the probabilities (p[l] with
 * l > i is not defined; RNAplfold prints NA), nu the effective u. A nonzero return stops the
 * fold and is returned by it. */
typedef int (*ssc_plfold_emit_f)(void *data, int64_t i, const double *p, int nu);

/* Per-thread folding state; memory is O(W^2), whatever the sequence length. */
typedef struct ssc_plfold_s ssc_plfold_t;
ssc_plfold_t *ssc_plfold_init(const ssc_th_pf_t *pf, const ssc_plfold_opt_t *o);
void ssc_plfold_destroy(ssc_plfold_t *f);

/* Streaming: begin a record, feed its letters in pieces of any size (A C G U/T any case pair;
 * any other letter never pairs, as RNAplfold treats N), then end it. Rows are emitted as soon
 * as they are final (about 2W+30 nt behind the input). A record shorter than 5 nt gives no
 * rows (RNAplfold writes no file). Returns 0, or the emitter's code, or SSC_ENOMEM. */
int ssc_plfold_begin(ssc_plfold_t *f, ssc_plfold_emit_f emit, void *data);
int ssc_plfold_feed(ssc_plfold_t *f, const char *s, int64_t len);
int ssc_plfold_end(ssc_plfold_t *f);
/* The whole of one sequence. */
int ssc_plfold_seq(ssc_plfold_t *f, const char *seq, int64_t n, ssc_plfold_emit_f emit, void *data);

/* Unpaired probabilities at chosen positions only (1-based, ascending; repeats allowed): emit
 * is called once per distinct position, in order, with the same values (to the bit) as
 * ssc_plfold_seq gives there. The value at i depends only on the windows holding i and one
 * nt around each (i-W..i+W), so only the stretches [p - M, p + M] around the positions are
 * folded, merged where they overlap, with M = ssc_plfold_margin(); the whole sequence when
 * that is not cheaper. Returns 0, SSC_EINVAL for positions out of order or outside 1..n,
 * the emitter's code, or SSC_ENOMEM. */
int ssc_plfold_at(ssc_plfold_t *f, const char *seq, int64_t n, const int64_t *pos, int64_t npos,
                  ssc_plfold_emit_f emit, void *data);
/* The margin M of ssc_plfold_at: W + L + 2 with the options f was made with. */
int64_t ssc_plfold_margin(const ssc_plfold_t *f);

/* The window, span and u the current (or last) record folds with, after shrinking to its
 * length (valid from the first emitted row on). */
void ssc_plfold_effective(const ssc_plfold_t *f, int *W, int *L, int *u);

/* The partition function (unscaled) of the window [a, a+W-1], 1-based, while its row is
 * still in the ring: after ssc_plfold_end, the windows of the last ~W+30 nt (for tests). */
double ssc_plfold_window_z(const ssc_plfold_t *f, int64_t a);

/* RNAplfold 2.1.9's _lunp text: "#unpaired probabilities", " #i$\tl=1\t2\t...u\t", then per
 * position "i\t" and u fields "%.7g\t" or "NA\t" (l > i). */
int ssc_plfold_lunp_header(kstring_t *s, int u);
int ssc_plfold_lunp_row(kstring_t *s, int64_t i, const double *p, int u);
/* x as printf's "%.7g" writes it, into buf (32 bytes), several times faster; returns the length. */
int ssc_plfold_g7(char *buf, double x);

#endif
