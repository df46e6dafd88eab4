/* thermo/energy.h: loop energies of the Turner 2004 model (ViennaRNA 2.x, dangles d2) and structure evaluation. */
#ifndef SSC_THERMO_ENERGY_H
#define SSC_THERMO_ENERGY_H

#include <stdint.h>
#include "thermo/params.h"

/* Nucleotide code of a letter: A 1, C 2, G 3, U/T 4 (any case), 0 for N and for anything else
 * (ssc_th_encode tells them apart). */
extern const int8_t ssc_th_code[256];
/* Pair type of two codes (5' strand first), 0 when they cannot pair; and the type of the same
 * pair read from the other strand (CG <-> GC, ...). */
extern const uint8_t ssc_th_pair[5][5];
extern const uint8_t ssc_th_rtype[8];

/* Encode len letters of s into codes; 0, or -1 at the first letter that is not a nucleotide
 * (its index in *bad). */
int ssc_th_encode(const char *s, int len, int8_t *codes, int *bad);

/* An interior loop, bulge or stack closed by the outer pair (type, with mismatches si inside
 * its 5' base and sj inside its 3' base) and the inner pair (type2, given as seen from inside
 * the loop, with sp and sq the unpaired neighbours inside it); n1 and n2 unpaired nt on the two
 * sides. ViennaRNA's E_IntLoop; Turner 2004 / NNDB "internal loops" and "bulge loops". */
int ssc_th_e_intloop(const ssc_th_params_t *p, int n1, int n2, int type, int type2, int si,
                     int sj, int sp, int sq);
/* A helix end on the exterior loop: mismatch when both neighbours n5 and n3 exist (>= 0),
 * else a dangle, plus the terminal AU/GU penalty (ViennaRNA's E_ExtLoop with d2). */
static inline int ssc_th_e_ext_stem(const ssc_th_params_t *p, int type, int n5, int n3)
{
    int e = type > 2 ? p->terminal_au : 0; /* inline: the duplex fill calls it per cell */
    if (n5 >= 0 && n3 >= 0) return e + p->mm_ext[type][n5][n3];
    if (n5 >= 0) return e + p->dangle5[type][n5];
    if (n3 >= 0) return e + p->dangle3[type][n3];
    return e;
}
/* A multiloop branch with its two neighbours (d2): mismatch + per-branch + AU/GU penalty. */
int ssc_th_e_ml_stem(const ssc_th_params_t *p, int type, int n5, int n3);
/* A hairpin of size unpaired nt closed by a pair of type, si/sj the first and last unpaired
 * codes, loop = the size + 2 letters from the 5' closing base (special hairpins). */
int ssc_th_e_hairpin(const ssc_th_params_t *p, int size, int type, int si, int sj,
                     const char *loop);

/* The energy (dcal/mol) of a structure on one strand in dot-bracket (pairs "()", unpaired "."),
 * exterior, hairpin, interior and multi loops with d2 dangles, as RNAeval -d2 computes it.
 * SSC_EINVAL for a malformed structure, a length that differs from seq or an impossible pair. */
int ssc_th_eval_fold(const ssc_th_params_t *p, const char *seq, const char *db, int *energy);
/* The energy of an intermolecular duplex written "s1part&s2part" as RNAduplex prints it: s1
 * pairs '(' from position s1_start (1-based) on, s2 pairs ')' from s2_start on; duplex
 * initiation, stacks and interior loops between consecutive pairs, and d2 dangles from the full
 * sequences at both ends. SSC_EINVAL when the structure is not a single duplex. */
int ssc_th_eval_duplex(const ssc_th_params_t *p, const char *s1, const char *s2,
                       const char *db, int s1_start, int s2_start, int *energy);

#endif
