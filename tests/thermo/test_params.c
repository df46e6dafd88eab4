/* test_params.c: the ViennaRNA 2.0 parameter-file loader on the shipped Turner 2004 file and on malformed files. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "seedscan.h"
#include "thermo/params.h"

#define TURNER "refs/thermo/turner2004.par"

static ssc_th_params_t *load_ok(const char *path, const ssc_th_params_t *base)
{
    char err[512] = "";
    ssc_th_params_t *p = NULL;
    int rc = ssc_th_params_load(path, base, &p, err, sizeof err);
    if (rc) fprintf(stderr, "%s\n", err);
    assert_int_equal(rc, 0);
    assert_non_null(p);
    return p;
}

/* Values read off refs/thermo/turner2004.par by eye (section, row label, column). */
static void load__turner2004__has_the_tables_values(void **state)
{
    ssc_th_params_t *p = load_ok(TURNER, NULL);
    (void)state;
    assert_int_equal(p->stack[1][1], -240);        /* stack, row CG, column CG */
    assert_int_equal(p->stack[2][1], -330);        /* row GC, column CG */
    assert_int_equal(p->stack[6][6], -130);        /* row UA, column UA */
    assert_int_equal(p->hairpin[3], 540);
    assert_int_equal(p->hairpin[0], SSC_TH_INF);
    assert_int_equal(p->bulge[1], 380);
    assert_int_equal(p->internal[30], 370);
    assert_int_equal(p->mm_ext[2][1][4], -100);    /* mismatch_exterior GC,A column U */
    assert_int_equal(p->mm_interior[1][1][3], -80);/* mismatch_interior CG,A column G */
    assert_int_equal(p->dangle3[2][1], -170);      /* dangle3 GC column A */
    assert_int_equal(p->int11[1][1][1][1], 90);    /* CG..CG,A column A */
    assert_int_equal(p->int21[1][1][1][2][3], 110);/* CG..CG,A,C column G */
    assert_int_equal(p->int22[1][1][1][2][3][3], 60); /* CG..CG,A,C,G column G */
    assert_int_equal(p->ml_closing, 930);
    assert_int_equal(p->ml_intern, -90);
    assert_int_equal(p->ninio, 60);
    assert_int_equal(p->max_ninio, 300);
    assert_int_equal(p->duplex_init, 410);
    assert_int_equal(p->terminal_au, 50);
    assert_int_equal(p->n_tetra, 16);
    assert_string_equal(p->tetra[15], "CUUUGG");
    assert_int_equal(p->tetra_e[15], 370);
    assert_int_equal(p->n_tri, 2);
    assert_int_equal(p->n_hexa, 4);
    assert_int_equal(p->hexa_e[3], 180);           /* ACAGUGUU */
    ssc_th_params_destroy(p);
}

/* Under d2 a positive dangle counts as 0 (ViennaRNA clips them on loading); interior
 * mismatches keep their sign (mismatch_interior AU,A column A is +70). The fixture sets
 * dangle3 CG,N to +50 and NS,G to +120. */
static void load__positive_dangles__are_clipped_interior_kept(void **state)
{
    ssc_th_params_t *base = load_ok(TURNER, NULL);
    ssc_th_params_t *p = load_ok("testdata/thermo/positive_dangle3.par", base);
    (void)state;
    assert_int_equal(p->dangle3[1][0], 0);
    assert_int_equal(p->dangle3[7][3], 0);
    assert_int_equal(p->dangle3[2][1], -170);
    assert_int_equal(p->mm_interior[5][1][1], 70);
    ssc_th_params_destroy(p);
    ssc_th_params_destroy(base);
}

/* int22 entries with an N: the largest standard value in that place (row CG..CG,A,C,G reads
 * 160 200 60 200 for A C G U, so N there is 200; rows CG..CG,A,C,{A,C,G,U} at column G read
 * 60 110 60 90, so an N in the third place is 110). */
static void load__int22_with_n__takes_the_largest_standard_value(void **state)
{
    ssc_th_params_t *p = load_ok(TURNER, NULL);
    (void)state;
    assert_int_equal(p->int22[1][1][1][2][3][0], 200);
    assert_int_equal(p->int22[1][1][1][2][0][3], 110);
    ssc_th_params_destroy(p);
}

static void load__partial_file_over_base__changes_only_its_sections(void **state)
{
    ssc_th_params_t *base = load_ok(TURNER, NULL), *p = load_ok("testdata/thermo/misc_only.par", base);
    (void)state;
    assert_int_equal(p->duplex_init, 300);
    assert_int_equal(p->terminal_au, 50);
    assert_int_equal(p->stack[1][1], -240);
    ssc_th_params_destroy(p);
    ssc_th_params_destroy(base);
}

/* Each malformed file: the error code and the "FILE:LINE: what" message. */
static void expect_error(const char *path, const ssc_th_params_t *base, int code, const char *msg)
{
    char err[512] = "";
    ssc_th_params_t *p = (ssc_th_params_t *)1;
    assert_int_equal(ssc_th_params_load(path, base, &p, err, sizeof err), code);
    assert_null(p);
    if (!strstr(err, msg)) fprintf(stderr, "message: %s\n", err);
    assert_non_null(strstr(err, msg));
}

static void load__malformed_files__fail_naming_file_and_line(void **state)
{
    ssc_th_params_t *base = load_ok(TURNER, NULL);
    (void)state;
    expect_error("testdata/thermo/bad_token.par", base, SSC_EFORMAT,
                 "testdata/thermo/bad_token.par:5: section stack: 'oops' is not a value");
    expect_error("testdata/thermo/no_header.par", base, SSC_EFORMAT,
                 "testdata/thermo/no_header.par:1: not a ViennaRNA 2.0 parameter file");
    expect_error("testdata/thermo/truncated.par", base, SSC_EFORMAT,
                 "testdata/thermo/truncated.par:5: section stack ends early");
    expect_error("testdata/thermo/unknown_section.par", base, SSC_EFORMAT,
                 "unknown_section.par:3: unknown section 'stackx'");
    expect_error("testdata/thermo/no_such_file.par", base, SSC_EIO,
                 "testdata/thermo/no_such_file.par: cannot open");
    /* F19 (fuzz_thermo_params): 'x' after a number at length 0 extrapolated by log(i / 0) */
    expect_error("testdata/thermo/x_from_zero.par", base, SSC_EFORMAT,
                 "x_from_zero.par:7: section bulge: 'x' extrapolates from a number at a length above 0");
    /* alone, a partial file lacks what the model needs */
    expect_error("testdata/thermo/misc_only.par", NULL, SSC_EFORMAT, "misc_only.par:6: section 'stack' missing");
    ssc_th_params_destroy(base);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(load__turner2004__has_the_tables_values),
        cmocka_unit_test(load__positive_dangles__are_clipped_interior_kept),
        cmocka_unit_test(load__int22_with_n__takes_the_largest_standard_value),
        cmocka_unit_test(load__partial_file_over_base__changes_only_its_sections),
        cmocka_unit_test(load__malformed_files__fail_naming_file_and_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
