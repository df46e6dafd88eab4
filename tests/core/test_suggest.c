/* test_suggest.c: "did you mean" names for miRNAs not in a set, on miRBase 22's human miRNAs; TargetScan's site type names. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include "seedscan.h"

static ssc_mirset_t *human(void)
{
    ssc_mirset_t *ms = ssc_mirset_init();
    ssc_mirload_opt_t lo = { NULL };
    if (!ms || ssc_mirset_load(ms, "refs/hsa_mature.v22.fa", &lo) < 0) fail_msg("cannot load refs/hsa_mature.v22.fa");
    return ms;
}

/* The suggestions for name as one string ("" for none); *n gets their number. */
static char *suggest(const ssc_mirset_t *ms, const char *name, int max, int *n)
{
    kstring_t s = { 0, 0, NULL };
    *n = ssc_mirset_suggest(ms, name, max, &s);
    return s.s ? s.s : calloc(1, 1);
}

static void check(const ssc_mirset_t *ms, const char *name, int max, const char *expect, int expect_n)
{
    int n;
    char *got = suggest(ms, name, max, &n);
    if (strcmp(got, expect) != 0 || n != expect_n) fail_msg("%s: '%s' (%d), expected '%s' (%d)", name, got, n, expect, expect_n);
    free(got);
}

/* miRBase names both arms of miR-21: hsa-miR-21-5p and hsa-miR-21-3p (file order). */
static void suggest__name_without_arm__lists_both_arms(void **state)
{
    ssc_mirset_t *ms = human();
    (void)state;
    check(ms, "hsa-miR-21", 5, "hsa-miR-21-5p, hsa-miR-21-3p", 2);
    check(ms, "hsa-miR-34a", 5, "hsa-miR-34a-5p, hsa-miR-34a-3p", 2);
    ssc_mirset_destroy(ms);
}

static void suggest__name_without_species__adds_it(void **state)
{
    ssc_mirset_t *ms = human();
    (void)state;
    check(ms, "miR-21-5p", 5, "hsa-miR-21-5p", 1);
    check(ms, "miR-208a-3p", 5, "hsa-miR-208a-3p", 1);
    ssc_mirset_destroy(ms);
}

/* A typo one edit away comes first; the list is capped. */
static void suggest__typo__closest_first_and_capped(void **state)
{
    ssc_mirset_t *ms = human();
    int n;
    char *got;
    (void)state;
    got = suggest(ms, "hsa-miR-155-5q", 3, &n);
    assert_int_equal(n, 3);
    assert_true(strncmp(got, "hsa-miR-155-5p, ", 16) == 0);
    free(got);
    got = suggest(ms, "HSA-MIR-34A-5Q", 1, &n); /* any case */
    assert_string_equal(got, "hsa-miR-34a-5p");
    free(got);
    ssc_mirset_destroy(ms);
}

/* A prefix lists the names that start with it: the let-7 family. */
static void suggest__prefix__lists_names_that_start_with_it(void **state)
{
    ssc_mirset_t *ms = human();
    (void)state;
    check(ms, "hsa-let-7", 3, "hsa-let-7a-5p, hsa-let-7a-3p, hsa-let-7a-2-3p", 3);
    ssc_mirset_destroy(ms);
}

static void suggest__nothing_close__suggests_nothing(void **state)
{
    ssc_mirset_t *ms = human();
    (void)state;
    int n;
    char *got;
    check(ms, "PTEN", 5, "", 0);
    got = suggest(ms, "hsa-miR-21-5p", 5, &n); /* in the set: never a suggestion of itself */
    assert_int_equal(n, 5);
    assert_null(strstr(got, "hsa-miR-21-5p"));
    assert_non_null(strstr(got, "hsa-miR-21-3p"));
    free(got);
    ssc_mirset_destroy(ms);
}

/* TargetScan 7 writes 8mer-1a and 7mer-1a for 8mer and 7mer-A1 (its site table). */
static void types__targetscan_names__are_aliases(void **state)
{
    unsigned m = 0;
    (void)state;
    assert_int_equal(ssc_type_from_name("8mer-1a"), SSC_8MER);
    assert_int_equal(ssc_type_from_name("7mer-1A"), SSC_7MER_A1);
    assert_int_equal(ssc_types_parse("8mer-1a,7mer-m8,7mer-1a", &m), 0);
    assert_int_equal(m, (1u << SSC_8MER) | (1u << SSC_7MER_M8) | (1u << SSC_7MER_A1));
    assert_string_equal(ssc_type_name(SSC_7MER_A1), "7mer-A1"); /* output keeps seedscan's names */
    assert_int_equal(ssc_type_from_name("9mer-1a"), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(suggest__name_without_arm__lists_both_arms),
        cmocka_unit_test(suggest__name_without_species__adds_it),
        cmocka_unit_test(suggest__typo__closest_first_and_capped),
        cmocka_unit_test(suggest__prefix__lists_names_that_start_with_it),
        cmocka_unit_test(suggest__nothing_close__suggests_nothing),
        cmocka_unit_test(types__targetscan_names__are_aliases),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
