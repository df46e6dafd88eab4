/* thermo/params.h: RNA nearest-neighbour energy parameters (ViennaRNA 2.0 file format) and their loader. */
#ifndef SSC_THERMO_PARAMS_H
#define SSC_THERMO_PARAMS_H

#include <stddef.h>

/* Nucleotide codes 0..4 = N A C G U (T reads as U), as the parameter tables index them.
 * Pair types 1..6 = CG GC GU UG AU UA (first base 5' strand), 7 = non-standard, 0 = no pair;
 * types > 2 (GU UG AU UA) carry the terminal AU/GU penalty. */
enum { SSC_TH_NBASES = 5, SSC_TH_NPAIRS = 8, SSC_TH_MAXLOOP = 30 };
#define SSC_TH_INF 10000000 /* "INF" in a parameter file: a forbidden loop (dcal/mol) */
#define SSC_TH_DEF (-50)    /* "DEF" in a parameter file */

/* Free energies at 37 C in dcal/mol, indexed as ViennaRNA's vrna_param_t: [pair type] then
 * [nucleotide code]; the mismatch, dangle and int11/int21/int22 layouts are in
 * refs/thermo/README.md. The dangle model is ViennaRNA's d2, under which positive exterior and
 * multiloop mismatch and dangle values count as 0: the loader stores them clipped. */
typedef struct {
    int stack[SSC_TH_NPAIRS][SSC_TH_NPAIRS];
    int hairpin[SSC_TH_MAXLOOP + 1], bulge[SSC_TH_MAXLOOP + 1], internal[SSC_TH_MAXLOOP + 1];
    int mm_hairpin[SSC_TH_NPAIRS][SSC_TH_NBASES][SSC_TH_NBASES];
    int mm_interior[SSC_TH_NPAIRS][SSC_TH_NBASES][SSC_TH_NBASES];
    int mm_1n[SSC_TH_NPAIRS][SSC_TH_NBASES][SSC_TH_NBASES];   /* 1xn interior loops */
    int mm_23[SSC_TH_NPAIRS][SSC_TH_NBASES][SSC_TH_NBASES];   /* 2x3 interior loops */
    int mm_multi[SSC_TH_NPAIRS][SSC_TH_NBASES][SSC_TH_NBASES]; /* clipped to <= 0 */
    int mm_ext[SSC_TH_NPAIRS][SSC_TH_NBASES][SSC_TH_NBASES];   /* clipped to <= 0 */
    int dangle5[SSC_TH_NPAIRS][SSC_TH_NBASES], dangle3[SSC_TH_NPAIRS][SSC_TH_NBASES]; /* <= 0 */
    int int11[SSC_TH_NPAIRS][SSC_TH_NPAIRS][SSC_TH_NBASES][SSC_TH_NBASES];
    int int21[SSC_TH_NPAIRS][SSC_TH_NPAIRS][SSC_TH_NBASES][SSC_TH_NBASES][SSC_TH_NBASES];
    int int22[SSC_TH_NPAIRS][SSC_TH_NPAIRS][SSC_TH_NBASES][SSC_TH_NBASES][SSC_TH_NBASES]
             [SSC_TH_NBASES];
    int ml_base, ml_closing, ml_intern; /* multiloop: per unpaired base, closing, per branch */
    int ninio, max_ninio;               /* asymmetry: per nt of |n1-n2|, at most max_ninio */
    int duplex_init, terminal_au;
    double lxc;                         /* loops > 30: + lxc * ln(n/30) */
    int n_tetra, n_tri, n_hexa;         /* special hairpins: closing pair + loop, dG */
    char tetra[40][7], tri[40][6], hexa[40][9];
    int tetra_e[40], tri_e[40], hexa_e[40];
    unsigned seen;                      /* bit per section read (internal) */
} ssc_th_params_t;

/* Read a ViennaRNA 2.0 parameter file (`RNAfold -P`; refs/thermo/README.md). With base, the
 * sections the file has replace those of base (RNAfold's behaviour); without, every section
 * the energy model uses must be present. Returns 0 and *out (free with ssc_th_params_destroy),
 * or SSC_EIO/SSC_EFORMAT/SSC_ENOMEM with "FILE:LINE: what" in err. */
int ssc_th_params_load(const char *path, const ssc_th_params_t *base, ssc_th_params_t **out,
                       char *err, size_t errlen);
void ssc_th_params_destroy(ssc_th_params_t *p);

/* The path of the shipped Turner 2004 file (thermo/turner2004.par under $SEEDSCAN_REFS, or
 * refs/ beside or above the executable, or ../share/seedscan); 0, or SSC_ENOTFOUND. */
int ssc_th_default_path(char *buf, size_t size);

#endif
