/* thermo/pf.h: Boltzmann weights of the energy model for partition functions (ViennaRNA 2.1.9's pf_paramT, d2). */
#ifndef SSC_THERMO_PF_H
#define SSC_THERMO_PF_H

#include <stdint.h>
#include "thermo/params.h"

/* Weights exp(-dG/kT) of every loop term at 37 C, built from the dcal/mol tables of
 * ssc_th_params_t the way ViennaRNA 2.1.9's get_boltzmann_factors() does, so that partition
 * functions agree with RNAfold -p / RNAplfold to the last bits:
 *  - each table entry is exponentiated on its own and loops multiply their terms' weights
 *    (not exp of the summed energy);
 *  - hairpins, bulges and interior loops longer than 30 nt add lxc*ln(n/30) without
 *    rounding it to an integer (the MFE does round);
 *  - dangles and exterior/multiloop mismatches go through ViennaRNA's SMOOTH(): a dangle of
 *    0 dcal/mol weighs exp(1.698 dcal/kT) = 1.028, not 1; values of -10 and below are exact.
 * Indices as in params.h: pair type 1..7, nucleotide code 0..4 (N A C G U). */
typedef struct {
    double kT;        /* cal/mol */
    double pf_scale;  /* per-nucleotide scale of partition functions against overflow */
    double lxc;       /* dcal/mol per ln(n/30) */
    double stack[SSC_TH_NPAIRS][SSC_TH_NPAIRS];
    double hairpin[SSC_TH_MAXLOOP + 1], bulge[SSC_TH_MAXLOOP + 1], internal[SSC_TH_MAXLOOP + 1];
    double ninio[SSC_TH_MAXLOOP + 1]; /* by |n1-n2| */
    double mm_hairpin[SSC_TH_NPAIRS][SSC_TH_NBASES][SSC_TH_NBASES];
    double mm_interior[SSC_TH_NPAIRS][SSC_TH_NBASES][SSC_TH_NBASES];
    double mm_1n[SSC_TH_NPAIRS][SSC_TH_NBASES][SSC_TH_NBASES];
    double mm_23[SSC_TH_NPAIRS][SSC_TH_NBASES][SSC_TH_NBASES];
    double mm_multi[SSC_TH_NPAIRS][SSC_TH_NBASES][SSC_TH_NBASES];
    double mm_ext[SSC_TH_NPAIRS][SSC_TH_NBASES][SSC_TH_NBASES];
    double dangle5[SSC_TH_NPAIRS][SSC_TH_NBASES], dangle3[SSC_TH_NPAIRS][SSC_TH_NBASES];
    double int11[SSC_TH_NPAIRS][SSC_TH_NPAIRS][SSC_TH_NBASES][SSC_TH_NBASES];
    double int21[SSC_TH_NPAIRS][SSC_TH_NPAIRS][SSC_TH_NBASES][SSC_TH_NBASES][SSC_TH_NBASES];
    double int22[SSC_TH_NPAIRS][SSC_TH_NPAIRS][SSC_TH_NBASES][SSC_TH_NBASES][SSC_TH_NBASES]
                [SSC_TH_NBASES];
    double ml_closing, ml_intern, ml_base, term_au;
    /* special hairpins as codes (closing pair included) and their weights */
    int n_tetra, n_tri, n_hexa;
    int8_t tetra[40][6], tri[40][5], hexa[40][8];
    double tetra_w[40], tri_w[40], hexa_w[40];
} ssc_th_pf_t;

/* Weights at 37 C from p; NULL when out of memory. Free with free(). */
ssc_th_pf_t *ssc_th_pf_init(const ssc_th_params_t *p);

/* Pair type of two codes (0: none), the same table as energy.h's, kept here as a macro-free
 * inline for the inner loops. */
static inline int ssc_th_pf_type(int a, int b)
{
    static const uint8_t t[5][5] = {
        { 0, 0, 0, 0, 0 }, { 0, 0, 0, 0, 5 }, { 0, 0, 0, 1, 0 }, { 0, 0, 2, 0, 3 }, { 0, 6, 0, 4, 0 },
    };
    return t[a][b];
}
static inline int ssc_th_pf_rtype(int t)
{
    static const uint8_t r[8] = { 0, 2, 1, 4, 3, 6, 5, 7 };
    return r[t];
}

/* Loop weights (ViennaRNA 2.1.9's exp_E_* with d2), codes as in params.h; s points at the
 * codes of the hairpin's closing 5' base onwards (size + 2 codes). -1 for a missing neighbour. */
double ssc_th_pf_hairpin(const ssc_th_pf_t *P, int size, int type, int si, int sj, const int8_t *s);
static inline __attribute__((always_inline)) double ssc_th_pf_intloop(const ssc_th_pf_t *P, int u1, int u2, int type, int type2,
                                       int si, int sj, int sp, int sq)
{
    int ul = u1 > u2 ? u1 : u2, us = u1 > u2 ? u2 : u1;
    double z;
    if (ul == 0) return P->stack[type][type2];
    if (us == 0) { /* bulge: a 1-nt bulge keeps the stack */
        z = P->bulge[ul];
        if (ul == 1) return z * P->stack[type][type2];
        if (type > 2) z *= P->term_au;
        if (type2 > 2) z *= P->term_au;
        return z;
    }
    if (us == 1) {
        if (ul == 1) return P->int11[type][type2][si][sj];
        if (ul == 2)
            return u1 == 1 ? P->int21[type][type2][si][sq][sj] : P->int21[type2][type][sq][si][sp];
        z = P->internal[ul + us] * P->mm_1n[type][si][sj] * P->mm_1n[type2][sq][sp];
        return z * P->ninio[ul - us];
    }
    if (us == 2) {
        if (ul == 2) return P->int22[type][type2][si][sp][sq][sj];
        if (ul == 3) {
            z = P->internal[5] * P->mm_23[type][si][sj] * P->mm_23[type2][sq][sp];
            return z * P->ninio[1];
        }
    }
    z = P->internal[ul + us] * P->mm_interior[type][si][sj] * P->mm_interior[type2][sq][sp];
    return z * P->ninio[ul - us];
}
/* A helix end: the mismatch mm when both neighbours exist, else a dangle (-1: no
 * neighbour), then the AU/GU penalty (ViennaRNA's exp_E_ExtLoop / exp_E_MLstem order). */
static inline double ssc_th_pf_stem(const ssc_th_pf_t *P, const double (*mm)[SSC_TH_NBASES][SSC_TH_NBASES],
                                    int type, int n5, int n3)
{
    double e = 1.0;
    if (n5 >= 0 && n3 >= 0) e *= mm[type][n5][n3];
    else if (n5 >= 0) e *= P->dangle5[type][n5];
    else if (n3 >= 0) e *= P->dangle3[type][n3];
    if (type > 2) e *= P->term_au;
    return e;
}
/* A multiloop branch of type with neighbours n5, n3 (d2: both present inside a multiloop). */
static inline double ssc_th_pf_mlstem(const ssc_th_pf_t *P, int type, int n5, int n3)
{
    return ssc_th_pf_stem(P, P->mm_multi, type, n5, n3) * P->ml_intern;
}
/* A helix end in the exterior loop; n5/n3 -1 at the sequence ends. */
static inline double ssc_th_pf_extstem(const ssc_th_pf_t *P, int type, int n5, int n3)
{
    return ssc_th_pf_stem(P, P->mm_ext, type, n5, n3);
}

#endif
