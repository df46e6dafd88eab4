/* test_energy.c: loop energies and structure evaluation against values worked out by hand from refs/thermo/turner2004.par. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include "seedscan.h"
#include "thermo/energy.h"
#include "thermo_test.h"

/* Pair types and nucleotide codes, as the tables order them. */
enum { CG = 1, GC = 2, GU = 3, UG = 4, AU = 5, UA = 6 };
enum { N_ = 0, A_ = 1, C_ = 2, G_ = 3, U_ = 4 };

static ssc_th_params_t *P;

static int setup(void **state)
{
    (void)state;
    if (!(P = tt_turner2004())) return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    ssc_th_params_destroy(P);
    return 0;
}

static int duplex(const char *s1, const char *s2, const char *db)
{
    int e = 12345;
    assert_int_equal(ssc_th_eval_duplex(P, s1, s2, db, 1, 1, &e), 0);
    return e;
}

static int fold(const char *seq, const char *db)
{
    int e = 12345;
    assert_int_equal(ssc_th_eval_fold(P, seq, db, &e), 0);
    return e;
}

/* AGGA x UCCU, .((.&.)). : pairs G2-C3 (type GC) and G3-C2 (GC).
 *   Misc: duplex initiation                                         410
 *   outer end GC with A 5' and U 3': mismatch_exterior GC,A col U  -100
 *   stack GC then CG (GC read from inside): stack row GC col CG    -330
 *   inner end CG (the G3-C2 pair seen from outside), U 5' (s2 pos 1)
 *     and A 3' (s1 pos 4): mismatch_exterior CG,U col A           -150
 *   total                                                          -170 */
static void duplex__stack_with_mismatches__hand_value(void **state)
{
    (void)state;
    assert_int_equal(duplex("AGGA", "UCCU", ".((.&.))."), -170);
}

/* AU x AU, ((&)): A1-U2 (AU) and U2-A1 (UA): 410 init + 50 terminal AU (no neighbours) + stack
 * row AU col AU -110 + 50 terminal AU = 400. With a G after U2 on s1, the inner end gets
 * dangle3 AU col G -70: 330. With a C before s2's A (CAU), dangle5 AU col C -30: 370. */
static void duplex__terminal_au_and_dangles__hand_values(void **state)
{
    int e;
    (void)state;
    assert_int_equal(duplex("AU", "AU", "((&))"), 400);
    assert_int_equal(duplex("AUG", "AU", "((.&))"), 330);
    assert_int_equal(ssc_th_eval_duplex(P, "AU", "CAU", "((&))", 1, 2, &e), 0);
    assert_int_equal(e, 370);
}

/* GAG x CC, (.(&)): a 1-nt bulge keeps the stack: 410 + bulge[1] 380 + stack row GC col CG
 * -330 = 460 (no dangles: no neighbours; no AU). ACCCU x AU, (...(&)): a 3-nt bulge:
 * 410 + 50 (outer AU end) + bulge[3] 320 + 50 + 50 (AU on both closing pairs) + 50 (inner end
 * AU) = 930. */
static void duplex__bulges__hand_values(void **state)
{
    (void)state;
    assert_int_equal(duplex("GAG", "CC", "(.(&))"), 460);
    assert_int_equal(duplex("ACCCU", "AU", "(...(&))"), 930);
}

/* Interior loops by size, CG closing both sides:
 *   1x1 A/C: int11 row CG..CG,A col C                                         50
 *   1x2 (si A, sq C, sj G): int21 row CG..CG,A,C col G                        110
 *   2x1, the same loop read from the other pair: int21[CG][CG][sq][si][sp]    110
 *   2x2 (si A, sp C, sq G, sj G): int22 row CG..CG,A,C,G col G                 60
 *   2x3: interior[5] 200 + ninio 60 + mismatch_interior_23 CG,A col G -50
 *        + CG,G col G -70                                                     140
 *   1x4: interior[5] 200 + min(300, 3 x 60) + mismatch_interior_1n 0 + 0      380
 *   3x3: interior[6] 200 + 0 + mismatch_interior CG,A col G -80 + CG,G col G -100 = 20
 *   17x18: 35 nt, interior[30] 370 + (int)(107.856 ln(35/30)) = 16, + ninio 60
 *        + mismatch_interior -80 - 100                                        266 */
static void intloop__each_size_class__hand_values(void **state)
{
    (void)state;
    assert_int_equal(ssc_th_e_intloop(P, 1, 1, CG, CG, A_, C_, N_, N_), 50);
    assert_int_equal(ssc_th_e_intloop(P, 1, 2, CG, CG, A_, G_, U_, C_), 110);
    assert_int_equal(ssc_th_e_intloop(P, 2, 1, CG, CG, C_, U_, G_, A_), 110);
    assert_int_equal(ssc_th_e_intloop(P, 2, 2, CG, CG, A_, G_, C_, G_), 60);
    assert_int_equal(ssc_th_e_intloop(P, 2, 3, CG, CG, A_, G_, G_, G_), 140);
    assert_int_equal(ssc_th_e_intloop(P, 1, 4, CG, GC, A_, A_, G_, G_), 380);
    assert_int_equal(ssc_th_e_intloop(P, 3, 3, CG, CG, A_, G_, G_, G_), 20);
    assert_int_equal(ssc_th_e_intloop(P, 17, 18, CG, CG, A_, G_, G_, G_), 266);
}

/* Hairpins (exterior ends without neighbours: 0 for CG, 50 for AU):
 *   CUUCGG (....): tetraloop CUUCGG 370 (its whole loop energy)                       370
 *   CAAAAAG (.....): hairpin[5] 570 + mismatch_hairpin CG,A col A -150                420
 *   GAAAC (...): triloop not listed: hairpin[3] 540, no mismatch, GC: no AU           540
 *   AAAAU (...): 540 + 50 (AU closing the triloop) + 50 (AU on the exterior loop)    640
 *   ACAGUACU (......): hexaloop 280 + 50 (exterior AU)                                330 */
static void hairpins__special_and_generic__hand_values(void **state)
{
    (void)state;
    assert_int_equal(fold("CUUCGG", "(....)"), 370);
    assert_int_equal(fold("CAAAAAG", "(.....)"), 420);
    assert_int_equal(fold("GAAAC", "(...)"), 540);
    assert_int_equal(fold("AAAAU", "(...)"), 640);
    assert_int_equal(fold("ACAGUACU", "(......)"), 330);
}

/* A multiloop with two branches, d2 (RNAeval -d2):
 * GGAAACAAAGGAAACCC, ((...(...)(...))) with pairs 1-17 G-C, 2-16 G-C, 6-10 C-G, 11-15 G-C.
 *   exterior end G1-C17: no neighbours, GC                                    0
 *   stack G1-C17 / G2-C16: stack row GC col CG                             -330
 *   multiloop closed by G2-C16: ML closing 930 + 3 branches x ML intern -90 = 660,
 *     unpaired 3 x 0; mismatches: closing pair seen from inside = CG with
 *     5' neighbour C15 and 3' neighbour A3: mismatch_multi CG,C col A      -150
 *     branch C6-G10 (CG), A5 and G11: mismatch_multi CG,A col G           -160
 *     branch G11-C15 (GC), G10 and C16: mismatch_multi GC,G col C         -100
 *   hairpin C6..G10, AAA: triloop, 540, CG: no AU                            540
 *   hairpin G11..C15, AAA: 540                                               540
 *   total 0 - 330 + 660 - 150 - 160 - 100 + 540 + 540                       1000 */
static void multiloop__d2_mismatches__hand_value(void **state)
{
    (void)state;
    assert_int_equal(fold("GGAAACAAAGGAAACCC", "((...(...)(...)))"), 1000);
}

static void eval__malformed_structures__are_refused(void **state)
{
    int e;
    (void)state;
    assert_int_equal(ssc_th_eval_fold(P, "GAAAC", "((..)", &e), SSC_EINVAL);
    assert_int_equal(ssc_th_eval_fold(P, "GAAAA", "(...)", &e), SSC_EINVAL); /* G-A */
    assert_int_equal(ssc_th_eval_fold(P, "GAAAC", "(...", &e), SSC_EINVAL);
    assert_int_equal(ssc_th_eval_duplex(P, "GG", "CC", "((&)", 1, 1, &e), SSC_EINVAL);
    assert_int_equal(ssc_th_eval_duplex(P, "GG", "CC", "((", 1, 1, &e), SSC_EINVAL);
    assert_int_equal(ssc_th_eval_duplex(P, "GX", "CC", "((&))", 1, 1, &e), SSC_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(duplex__stack_with_mismatches__hand_value),
        cmocka_unit_test(duplex__terminal_au_and_dangles__hand_values),
        cmocka_unit_test(duplex__bulges__hand_values),
        cmocka_unit_test(intloop__each_size_class__hand_values),
        cmocka_unit_test(hairpins__special_and_generic__hand_values),
        cmocka_unit_test(multiloop__d2_mismatches__hand_value),
        cmocka_unit_test(eval__malformed_structures__are_refused),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
