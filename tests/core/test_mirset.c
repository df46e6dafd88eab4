/* test_mirset.c: miRNA sets from miRBase FASTA and TargetScan files; seed families; errors. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include "seedscan.h"
#include "testutil.h"

static ssc_mirset_t *load(const char *path, const char *species, int expect_ret)
{
    ssc_mirset_t *ms = ssc_mirset_init();
    ssc_mirload_opt_t lo = { species };
    int ret = ssc_mirset_load(ms, path, &lo);
    if (ret != expect_ret) fail_msg("load %s: %d (%s)", path, ret, ssc_mirset_errmsg(ms));
    return ms;
}

static int find(const ssc_mirset_t *ms, const char *name)
{
    for (int i = 0; i < ssc_mirset_size(ms); i++)
        if (strcmp(ssc_mirset_name(ms, i), name) == 0) return i;
    return -1;
}

/* miRBase 22: 2,656 human mature miRNAs (data README), and the sequences
 * quoted there for miR-21-5p, miR-34a-5p and miR-208a-3p. */
static void mirset__mirbase_human_file__loads_2656_mirnas_with_their_sequences(void **state)
{
    (void)state;
    ssc_mirset_t *ms = load("refs/hsa_mature.v22.fa", NULL, 0);
    assert_int_equal(ssc_mirset_size(ms), 2656);
    assert_string_equal(ssc_mirset_seq(ms, find(ms, "hsa-miR-21-5p")), "UAGCUUAUCAGACUGAUGUUGA");
    assert_string_equal(ssc_mirset_seq(ms, find(ms, "hsa-miR-34a-5p")), "UGGCAGUGUCUUAGCUGGUUGU");
    assert_string_equal(ssc_mirset_seq(ms, find(ms, "hsa-miR-208a-3p")), "AUAAGACGAGCAAAAAGCUUGU");
    /* miR-21-5p and miR-590-5p share nt 2-8 AGCUUAU (TargetScan's miR-21-5p/590-5p) */
    int f = ssc_mirset_family_of(ms, find(ms, "hsa-miR-21-5p"));
    assert_int_equal(f, ssc_mirset_family_of(ms, find(ms, "hsa-miR-590-5p")));
    assert_string_equal(ssc_family_seed(ms, f), "AGCUUAU");
    assert_non_null(strstr(ssc_family_members(ms, f), "hsa-miR-590-5p"));
    ssc_mirset_destroy(ms);
}

static void mirset__species_prefix__keeps_only_that_species_from_all_of_mirbase(void **state)
{
    (void)state;
    ssc_mirset_t *ms = load("refs/mature.v22.fa.gz", "hsa", 0);
    assert_int_equal(ssc_mirset_size(ms), 2656);
    ssc_mirset_destroy(ms);
    ms = load("refs/mature.v22.fa.gz", NULL, 0);
    assert_int_equal(ssc_mirset_size(ms), 48885);
    ssc_mirset_destroy(ms);
}

static void mirset__mir200bc_and_429__form_one_family(void **state)
{
    (void)state;
    ssc_mirset_t *all = load("refs/hsa_mature.v22.fa", NULL, 0);
    const char *names[] = { "HSA-MIR-200B-3P", "hsa-miR-200c-3p", "hsa-miR-429", "hsa-miR-200a-3p" };
    int miss;
    ssc_mirset_t *ms = ssc_mirset_select(all, names, 4, &miss);
    assert_non_null(ms);
    assert_int_equal(ssc_mirset_size(ms), 4);
    /* 200b/200c/429: nt 2-8 AAUACUG; 200a: AACACUG */
    assert_int_equal(ssc_mirset_n_families(ms), 2);
    assert_string_equal(ssc_family_name(ms, 0), "hsa-miR-200b-3p");
    assert_string_equal(ssc_family_members(ms, 0), "hsa-miR-200b-3p,hsa-miR-200c-3p,hsa-miR-429");
    assert_string_equal(ssc_family_seed(ms, 0), "AAUACUG");
    assert_string_equal(ssc_family_seed(ms, 1), "AACACUG");
    ssc_mirset_destroy(ms);
    const char *bad[] = { "hsa-miR-21-5p", "hsa-miR-nonexistent" };
    assert_null(ssc_mirset_select(all, bad, 2, &miss));
    assert_int_equal(miss, 1);
    ssc_mirset_destroy(all);
}

static void mirset__targetscan_family_file__gives_seed_families(void **state)
{
    (void)state;
    ssc_mirset_t *ms = load("testdata/mirs_family.txt", NULL, 0);
    assert_int_equal(ssc_mirset_n_families(ms), 5);
    assert_string_equal(ssc_family_name(ms, 1), "miR-1/206");
    assert_string_equal(ssc_family_seed(ms, 1), "GGAAUGU");
    assert_string_equal(ssc_mirset_seq(ms, 1), "");
    ssc_mirset_destroy(ms);
    ms = load("testdata/mirs_family.txt", "9606", 0);
    assert_int_equal(ssc_mirset_n_families(ms), 5);
    ssc_mirset_destroy(ms);
    ms = load("testdata/mirs_family.txt", "7227", 0);
    assert_int_equal(ssc_mirset_n_families(ms), 0);
    ssc_mirset_destroy(ms);
}

static void mirset__targetscan_info_table__keeps_family_names_and_species(void **state)
{
    (void)state;
    ssc_mirset_t *ms = load("testdata/mir_family_info_head.txt", "9606", 0);
    assert_int_equal(ssc_mirset_size(ms), 2);
    assert_int_equal(ssc_mirset_n_families(ms), 1);
    assert_string_equal(ssc_family_name(ms, 0), "miR-21-5p/590-5p");
    assert_string_equal(ssc_family_members(ms, 0), "hsa-miR-21-5p,hsa-miR-590-5p");
    ssc_mirset_destroy(ms);
}

static void expect_load_error(const char *content, const char *msg_part)
{
    char *p = tu_tmpname(".fa");
    tu_write_file(p, content, strlen(content));
    ssc_mirset_t *ms = ssc_mirset_init();
    assert_true(ssc_mirset_load(ms, p, NULL) < 0);
    const char *msg = ssc_mirset_errmsg(ms);
    if (!strstr(msg, msg_part) || !strstr(msg, p)) fail_msg("message '%s' lacks '%s' or the file", msg, msg_part);
    ssc_mirset_destroy(ms);
    unlink(p);
    free(p);
}

static void mirset__bad_mirnas__are_errors_naming_file_line_and_name(void **state)
{
    (void)state;
    expect_load_error(">a\nUAGCUUAUCAG\n>short\nUAGCUUA\n", ":3: miRNA 'short' is shorter than 8 nt");
    expect_load_error(">a\nUAGCUUAUCAG\n>b MIMAT\nUAGC\nUUXUCAG\n", ":3: miRNA 'b' contains 'X'");
    expect_load_error("UAGCUUAUCAG\n", ":1: not a miRBase FASTA or a TargetScan family file");
    expect_load_error("fam\tAGCU\t9606\n", ":1: family 'fam' has a seed that is not 7 nt");
    expect_load_error("fam\tAGCUUAU\t9606\nx\n", ":2: expected family<TAB>seed<TAB>species");
    ssc_mirset_t *ms = ssc_mirset_init();
    assert_int_equal(ssc_mirset_load(ms, "/nonexistent/m.fa", NULL), SSC_ENOTFOUND);
    ssc_mirset_destroy(ms);
}

static void mirset__dna_and_lowercase__are_the_same_mirna(void **state)
{
    (void)state;
    ssc_mirset_t *ms = ssc_mirset_init();
    assert_int_equal(ssc_mirset_add(ms, "a", "tagcttatcagactgatgttga"), 0);
    assert_int_equal(ssc_mirset_add(ms, "b", "UAGCUUAUCAGACUGAUGUUGA"), 0);
    assert_int_equal(ssc_mirset_n_families(ms), 1);
    assert_string_equal(ssc_mirset_seq(ms, 0), "UAGCUUAUCAGACUGAUGUUGA");
    assert_int_equal(ssc_mirset_add(ms, "c", "UAGCUUA"), SSC_EINVAL);
    assert_int_equal(ssc_mirset_add(ms, "d", "UAGCUUAN"), SSC_EINVAL);
    ssc_mirset_destroy(ms);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(mirset__mirbase_human_file__loads_2656_mirnas_with_their_sequences),
        cmocka_unit_test(mirset__species_prefix__keeps_only_that_species_from_all_of_mirbase),
        cmocka_unit_test(mirset__mir200bc_and_429__form_one_family),
        cmocka_unit_test(mirset__targetscan_family_file__gives_seed_families),
        cmocka_unit_test(mirset__targetscan_info_table__keeps_family_names_and_species),
        cmocka_unit_test(mirset__bad_mirnas__are_errors_naming_file_line_and_name),
        cmocka_unit_test(mirset__dna_and_lowercase__are_the_same_mirna),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
