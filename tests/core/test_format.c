/* test_format.c: the TSV, BED and summary writers against plain snprintf
 * formatters written here from the documented formats. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <pthread.h>
#include "seedscan.h"
#include "core/core.h" /* the scanner's packed-counter summary writer */
#include "testutil.h"

static const char *type_names[SSC_NTYPES] = { "8mer", "7mer-m8", "7mer-A1", "6mer", "offset-6mer", "6mer-A1" };

/* ---- reference formatters: one snprintf per field ---- */

static void ref_put(kstring_t *s, const char *fmt, ...)
{
    char buf[4096];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    assert_true(n >= 0 && (size_t)n < sizeof buf);
    kputsn(buf, (size_t)n, s);
}

/* Summary: target family mirnas, a count per enabled type, total, best
 * (the first enabled type in 8mer..6mer-A1 order with a site, else none),
 * then the strand when strand >= 0. */
static void ref_summary(kstring_t *s, const ssc_mirset_t *ms, unsigned types, const ssc_rec_t *rec,
                        const uint32_t *counts, const int32_t *fams, int nfams, int strand)
{
    for (int k = 0; k < nfams; k++) {
        const uint32_t *c = counts + (size_t)fams[k] * SSC_CSTRIDE;
        unsigned long long total = 0;
        const char *best = "none";
        ref_put(s, "%s\t%s", rec->name, ssc_family_name(ms, fams[k]));
        ref_put(s, "\t%s", ssc_family_members(ms, fams[k]));
        for (int t = 0; t < SSC_NTYPES; t++) {
            if (!(types >> t & 1)) continue;
            ref_put(s, "\t%u", c[t]);
            total += c[t];
            if (c[t] && !strcmp(best, "none")) best = type_names[t];
        }
        ref_put(s, "\t%llu\t%s", total, best);
        if (strand >= 0) ref_put(s, "\t%c", strand ? '-' : '+');
        ref_put(s, "\n");
    }
}

static char comp(char c)
{
    switch (c) {
    case 'A': return 'T';
    case 'C': return 'G';
    case 'G': return 'C';
    case 'T': case 'U': return 'A';
    case 'a': return 't';
    case 'c': return 'g';
    case 'g': return 'c';
    case 't': case 'u': return 'a';
    default: return c;
    }
}

static void ref_sites(kstring_t *s, const ssc_mirset_t *ms, const ssc_rec_t *rec, const ssc_site_t *x,
                      int64_t n, int bed, int strand_col)
{
    for (int64_t k = 0; k < n; k++) {
        const char *fam = ssc_family_name(ms, x[k].fam), *tn = type_names[x[k].type];
        if (bed) {
            ref_put(s, "%s\t%lld\t%lld\t%s:%s\t0\t%c\n", rec->name, (long long)x[k].start,
                    (long long)x[k].end, fam, tn, x[k].strand ? '-' : '+');
            continue;
        }
        char seq[16];
        int64_t len = x[k].end - x[k].start;
        for (int64_t i = 0; i < len; i++)
            seq[i] = x[k].strand ? comp(rec->seq[x[k].end - 1 - i]) : rec->seq[x[k].start + i];
        seq[len] = 0;
        ref_put(s, "%s\t%s\t%s\t%s\t%lld\t%lld\t%s", rec->name, fam, ssc_family_members(ms, x[k].fam), tn,
                (long long)x[k].start + 1, (long long)x[k].end, seq);
        if (strand_col) ref_put(s, "\t%c", x[k].strand ? '-' : '+');
        ref_put(s, "\n");
    }
}

static void assert_same(const kstring_t *got, const kstring_t *want, const char *what)
{
    if (got->l != want->l || memcmp(got->s, want->s, got->l)) {
        size_t i = 0;
        while (i < got->l && i < want->l && got->s[i] == want->s[i]) i++;
        size_t a = i > 40 ? i - 40 : 0;
        fail_msg("%s: output differs at byte %zu (lengths %zu, %zu)\n got:  %.80s\n want: %.80s", what, i,
                 got->l, want->l, got->s + a, want->s + a);
    }
}

/* ---- a set with short and very long family columns ---- */

static ssc_mirset_t *test_set(uint64_t *rng)
{
    ssc_mirset_t *ms = ssc_mirset_init();
    char name[160], seq[32];
    assert_non_null(ms);
    for (int i = 0; i < 60; i++) {
        tu_random_seq(rng, seq, 22, 0);
        /* names of 1 to ~120 characters */
        int nl = 1 + (int)(tu_rand(rng) % (i % 7 == 0 ? 120 : 20));
        for (int k = 0; k < nl; k++) name[k] = "abcdefghijklmnopqrstuvwxyz-0123456789"[tu_rand(rng) % 37];
        snprintf(name + nl, sizeof name - (size_t)nl, "%d", i);
        assert_int_equal(ssc_mirset_add(ms, name, seq), 0);
    }
    /* one family with 40 members: its columns run to well over 1,000 bytes */
    for (int i = 0; i < 40; i++) {
        snprintf(name, sizeof name, "hsa-miR-bigfamily-member-%d-5p", i);
        assert_int_equal(ssc_mirset_add(ms, name, "UAGCUUAUCAGACUGAUGUUGA"), 0);
    }
    return ms;
}

static uint32_t random_count(uint64_t *rng)
{
    uint64_t r = tu_rand(rng) % 100;
    if (r < 60) return 0;
    if (r < 90) return (uint32_t)(tu_rand(rng) % 4);
    if (r < 97) return 9 + (uint32_t)(tu_rand(rng) % 4);
    if (r < 99) return (uint32_t)(tu_rand(rng) % 100000);
    return UINT32_MAX - (uint32_t)(tu_rand(rng) % 3);
}

static const int name_lens[] = { 1, 7, 15, 16, 17, 31, 32, 33, 64, 159, 160, 161, 200, 300, 1000 };

static void make_name(uint64_t *rng, char *buf, int len)
{
    for (int k = 0; k < len; k++) buf[k] = "ACGT_.|:abcxyz0123456789"[tu_rand(rng) % 24];
    buf[len] = 0;
}

static void summary__every_type_set_strand_and_name_length__equals_snprintf(void **state)
{
    (void)state;
    uint64_t rng = 41;
    ssc_mirset_t *ms = test_set(&rng);
    int nf = ssc_mirset_n_families(ms);
    uint32_t *cnt = calloc((size_t)nf * SSC_CSTRIDE, sizeof *cnt);
    int32_t *fams = malloc((size_t)nf * sizeof *fams);
    char *name = malloc(1001);
    kstring_t got = { 0, 0, NULL }, want = { 0, 0, NULL };
    ssc_rec_t rec = { 0 };
    rec.name = name;
    rec.seq = "";
    for (unsigned types = 1; types <= SSC_TYPES_ALL; types++)
        for (size_t nl = 0; nl < sizeof name_lens / sizeof *name_lens; nl++) {
            int n = 0;
            make_name(&rng, name, name_lens[nl]);
            for (int f = 0; f < nf; f++) {
                if (tu_rand(&rng) % 3 == 0) continue;
                fams[n++] = f;
                for (int t = 0; t < SSC_CSTRIDE; t++)
                    cnt[(size_t)f * SSC_CSTRIDE + t] = t < SSC_NTYPES && types >> t & 1 ? random_count(&rng) : 0;
            }
            for (int strand = -1; strand <= 1; strand++) {
                got.l = want.l = 0;
                kputs("header\n", &got); /* rows are appended */
                kputs("header\n", &want);
                int ret = strand < 0 ? ssc_format_summary(&got, ms, types, &rec, cnt, fams, n)
                                     : ssc_format_summary_strand(&got, ms, types, &rec, cnt, fams, n, strand);
                assert_int_equal(ret, 0);
                ref_summary(&want, ms, types, &rec, cnt, fams, n, strand);
                char what[96];
                snprintf(what, sizeof what, "summary, types 0x%x, name length %d, strand %d", types,
                         name_lens[nl], strand);
                assert_same(&got, &want, what);
            }
        }
    free(got.s);
    free(want.s);
    free(name);
    free(fams);
    free(cnt);
    ssc_mirset_destroy(ms);
}

/* The summary with every type and energies: columns of the enabled types among all twelve (the
 * non-canonical names as the README lists them), total, best, strand, then mfe in kcal/mol
 * with two decimals (dcal/mol / 100; NA for SSC_ENERGY_NA). */
static void summary_energy__type_sets_strands_and_energies__equal_snprintf(void **state)
{
    (void)state;
    static const char *all_names[SSC_NTYPES_ALL] = { "8mer", "7mer-m8", "7mer-A1", "6mer", "offset-6mer",
        "6mer-A1", "GU-7mer", "GU-6mer", "mm-7mer", "bulge-7mer", "centered", "3p-comp" };
    static const unsigned type_sets[] = { 0x0f, 0x3f, 0xfc0, 0xfff, 0x040, 0x801, 0x0f | 0xfc0 };
    uint64_t rng = 53;
    ssc_mirset_t *ms = test_set(&rng);
    int nf = ssc_mirset_n_families(ms);
    uint32_t *cnt = calloc((size_t)nf * SSC_CSTRIDE_ALL, sizeof *cnt);
    int32_t *mfe = malloc((size_t)nf * sizeof *mfe), *fams = malloc((size_t)nf * sizeof *fams);
    kstring_t got = { 0, 0, NULL }, want = { 0, 0, NULL };
    ssc_rec_t rec = { 0 };
    char name[1001];
    rec.name = name;
    rec.seq = "";
    for (size_t ts = 0; ts < sizeof type_sets / sizeof *type_sets; ts++)
        for (int strand = -1; strand <= 1; strand++)
            for (int with_mfe = 0; with_mfe < 2; with_mfe++) {
                unsigned types = type_sets[ts];
                int n = 0;
                make_name(&rng, name, name_lens[tu_rand(&rng) % 13]);
                for (int f = 0; f < nf; f++) {
                    if (tu_rand(&rng) % 3 == 0) continue;
                    fams[n++] = f;
                    for (int t = 0; t < SSC_CSTRIDE_ALL; t++)
                        cnt[(size_t)f * SSC_CSTRIDE_ALL + t] = t < SSC_NTYPES_ALL && types >> t & 1 ? random_count(&rng) % 1000 : 0;
                    uint64_t r = tu_rand(&rng) % 8;
                    mfe[f] = r == 0 ? SSC_ENERGY_NA : r == 1 ? -(int32_t)(tu_rand(&rng) % 10) : -(int32_t)(tu_rand(&rng) % 5000);
                }
                got.l = want.l = 0;
                assert_int_equal(ssc_format_summary_energy(&got, ms, types, &rec, cnt, with_mfe ? mfe : NULL, fams, n,
                                                           strand), 0);
                for (int k = 0; k < n; k++) {
                    const uint32_t *c = cnt + (size_t)fams[k] * SSC_CSTRIDE_ALL;
                    unsigned long long total = 0;
                    const char *best = "none";
                    ref_put(&want, "%s\t%s\t%s", name, ssc_family_name(ms, fams[k]), ssc_family_members(ms, fams[k]));
                    for (int t = 0; t < SSC_NTYPES_ALL; t++) {
                        if (!(types >> t & 1)) continue;
                        ref_put(&want, "\t%u", c[t]);
                        total += c[t];
                        if (c[t] && !strcmp(best, "none")) best = all_names[t];
                    }
                    ref_put(&want, "\t%llu\t%s", total, best);
                    if (strand >= 0) ref_put(&want, "\t%c", strand ? '-' : '+');
                    int32_t e = mfe[fams[k]];
                    if (with_mfe && e == SSC_ENERGY_NA) ref_put(&want, "\tNA");
                    else if (with_mfe) ref_put(&want, "\t%s%d.%02d", e < 0 ? "-" : "", abs(e) / 100, abs(e) % 100);
                    ref_put(&want, "\n");
                }
                char what[96];
                snprintf(what, sizeof what, "energy summary, types 0x%x, strand %d, mfe %d", types, strand, with_mfe);
                assert_same(&got, &want, what);
            }
    got.l = 0;
    assert_int_equal(ssc_format_summary_header_energy(&got, 0x0f | 1u << SSC_CENTERED, 1, 1), 0);
    assert_string_equal(got.s, "target\tfamily\tmirnas\t8mer\t7mer-m8\t7mer-A1\t6mer\tcentered\ttotal\tbest\tstrand\tmfe\n");
    free(got.s);
    free(want.s);
    free(fams);
    free(mfe);
    free(cnt);
    ssc_mirset_destroy(ms);
}

/* The packed counters (four 16-bit lanes per family, one per enabled type
 * in type order, summing to under 65,536) give the same rows. */
static void summary_packed__every_type_set_of_up_to_four__equals_snprintf(void **state)
{
    (void)state;
    uint64_t rng = 47;
    ssc_mirset_t *ms = test_set(&rng);
    int nf = ssc_mirset_n_families(ms);
    uint32_t *cnt = calloc((size_t)nf * SSC_CSTRIDE, sizeof *cnt);
    uint16_t *pk = calloc((size_t)nf * 4, sizeof *pk);
    int32_t *fams = malloc((size_t)nf * sizeof *fams);
    char name[40];
    kstring_t got = { 0, 0, NULL }, want = { 0, 0, NULL };
    ssc_rec_t rec = { 0 };
    rec.name = name;
    rec.seq = "";
    for (unsigned types = 1; types <= SSC_TYPES_ALL; types++) {
        if (__builtin_popcount(types) > 4) continue;
        for (int rep = 0; rep < 3; rep++) {
            int n = 0;
            make_name(&rng, name, 1 + (int)(tu_rand(&rng) % 39));
            memset(cnt, 0, (size_t)nf * SSC_CSTRIDE * sizeof *cnt);
            memset(pk, 0, (size_t)nf * 4 * sizeof *pk);
            for (int f = 0; f < nf; f++) {
                if (tu_rand(&rng) % 3 == 0) continue;
                fams[n++] = f;
                uint32_t left = tu_rand(&rng) % 50 == 0 ? 65535 : 12;
                for (int t = 0, slot = 0; t < SSC_NTYPES; t++) {
                    if (!(types >> t & 1)) continue;
                    uint32_t c = random_count(&rng) % (left + 1);
                    left -= c;
                    cnt[(size_t)f * SSC_CSTRIDE + t] = c;
                    pk[4 * (size_t)f + slot++] = (uint16_t)c;
                }
            }
            for (int strand = -1; strand <= 1; strand++) {
                int64_t n1 = -1, n2 = -2;
                got.l = want.l = 0;
                assert_int_equal(ssc_summary_rows_packed(&got, ms, types, &rec, pk, fams, n, strand, &n1), 0);
                ref_summary(&want, ms, types, &rec, cnt, fams, n, strand);
                char what[64];
                snprintf(what, sizeof what, "packed summary, types 0x%x, strand %d", types, strand);
                assert_same(&got, &want, what);
                got.l = 0;
                assert_int_equal(ssc_summary_rows(&got, ms, types, &rec, cnt, fams, n, strand, &n2), 0);
                assert_same(&got, &want, "32-bit summary");
                assert_int_equal(n1, n2);
            }
        }
    }
    free(got.s);
    free(want.s);
    free(fams);
    free(pk);
    free(cnt);
    ssc_mirset_destroy(ms);
}

static void sites__tsv_and_bed_both_strands__equal_snprintf(void **state)
{
    (void)state;
    uint64_t rng = 43;
    ssc_mirset_t *ms = test_set(&rng);
    int nf = ssc_mirset_n_families(ms);
    char *seq = malloc(5001), *name = malloc(1001);
    ssc_site_t *x = malloc(400 * sizeof *x);
    kstring_t got = { 0, 0, NULL }, want = { 0, 0, NULL };
    ssc_rec_t rec = { 0 };
    rec.name = name;
    rec.seq = seq;
    tu_random_seq(&rng, seq, 5000, 1);
    rec.len = 5000;
    for (size_t nl = 0; nl < sizeof name_lens / sizeof *name_lens; nl++)
        for (int rep = 0; rep < 4; rep++) {
            int n = (int)(tu_rand(&rng) % 400);
            make_name(&rng, name, name_lens[nl]);
            for (int k = 0; k < n; k++) {
                int t = (int)(tu_rand(&rng) % SSC_NTYPES);
                int64_t len = t == SSC_8MER ? 8 : t <= SSC_7MER_A1 ? 7 : 6;
                x[k].fam = (int32_t)(tu_rand(&rng) % (uint64_t)nf);
                x[k].type = (int16_t)t;
                x[k].strand = (int16_t)(rep & 1 ? tu_rand(&rng) % 2 : 0);
                x[k].start = (int64_t)(tu_rand(&rng) % (uint64_t)(5000 - len + 1));
                x[k].end = x[k].start + len;
            }
            for (int mode = 0; mode < 3; mode++) {
                got.l = want.l = 0;
                int ret = mode == 0 ? ssc_format_tsv(&got, ms, &rec, x, n)
                        : mode == 1 ? ssc_format_tsv_strand(&got, ms, &rec, x, n)
                                    : ssc_format_bed(&got, ms, &rec, x, n);
                assert_int_equal(ret, 0);
                ref_sites(&want, ms, &rec, x, n, mode == 2, mode == 1);
                char what[64];
                snprintf(what, sizeof what, "%s, name length %d", mode == 2 ? "BED" : "TSV", name_lens[nl]);
                assert_same(&got, &want, what);
            }
        }
    free(got.s);
    free(want.s);
    free(x);
    free(name);
    free(seq);
    ssc_mirset_destroy(ms);
}

/* The writers keep a packed copy of the families' columns: a set that grows
 * after it has been written from must be written with its new members. */
static void writers__set_grown_after_use__print_new_members(void **state)
{
    (void)state;
    ssc_mirset_t *ms = ssc_mirset_init();
    assert_int_equal(ssc_mirset_add(ms, "miR-21-5p", "UAGCUUAUCAGACUGAUGUUGA"), 0);
    uint32_t cnt[2 * SSC_CSTRIDE] = { 1 };
    int32_t fams[2] = { 0, 1 };
    ssc_rec_t rec = { 0 };
    kstring_t s = { 0, 0, NULL };
    rec.name = "UTR1";
    rec.seq = "";
    assert_int_equal(ssc_format_summary(&s, ms, SSC_TYPES_DEFAULT, &rec, cnt, fams, 1), 0);
    assert_string_equal(s.s, "UTR1\tmiR-21-5p\tmiR-21-5p\t1\t0\t0\t0\t1\t8mer\n");
    /* a second member of the family (same seed) and a new family */
    assert_int_equal(ssc_mirset_add(ms, "miR-590-5p-like", "GAGCUUAUCAGACUGAUGUUGA"), 0);
    assert_int_equal(ssc_mirset_add(ms, "miR-34a-5p", "UGGCAGUGUCUUAGCUGGUUGU"), 0);
    cnt[SSC_CSTRIDE + SSC_6MER] = 2;
    s.l = 0;
    assert_int_equal(ssc_format_summary(&s, ms, SSC_TYPES_DEFAULT, &rec, cnt, fams, 2), 0);
    assert_string_equal(s.s, "UTR1\tmiR-21-5p\tmiR-21-5p,miR-590-5p-like\t1\t0\t0\t0\t1\t8mer\n"
                             "UTR1\tmiR-34a-5p\tmiR-34a-5p\t0\t0\t0\t2\t2\t6mer\n");
    free(s.s);
    ssc_mirset_destroy(ms);
}

/* Several threads may write from a fresh set at once (scan -t N): each
 * must see complete columns. */
typedef struct {
    const ssc_mirset_t *ms;
    kstring_t out;
} job_t;

static void *write_rows(void *arg)
{
    job_t *j = arg;
    int nf = ssc_mirset_n_families(j->ms);
    uint32_t *cnt = calloc((size_t)nf * SSC_CSTRIDE, sizeof *cnt);
    int32_t *fams = malloc((size_t)nf * sizeof *fams);
    ssc_rec_t rec = { 0 };
    rec.name = "T";
    rec.seq = "";
    for (int f = 0; f < nf; f++) {
        fams[f] = f;
        cnt[(size_t)f * SSC_CSTRIDE + SSC_6MER] = 1;
    }
    if (ssc_format_summary(&j->out, j->ms, SSC_TYPES_DEFAULT, &rec, cnt, fams, nf) < 0) j->out.l = 0;
    free(cnt);
    free(fams);
    return NULL;
}

static void writers__first_use_from_several_threads__same_rows(void **state)
{
    (void)state;
    for (int rep = 0; rep < (tu_quick() ? 2 : 20); rep++) {
        uint64_t rng = 100 + (uint64_t)rep;
        ssc_mirset_t *ms = test_set(&rng);
        job_t j[4];
        pthread_t th[4];
        for (int i = 0; i < 4; i++) {
            j[i].ms = ms;
            memset(&j[i].out, 0, sizeof j[i].out);
            assert_int_equal(pthread_create(&th[i], NULL, write_rows, &j[i]), 0);
        }
        for (int i = 0; i < 4; i++) assert_int_equal(pthread_join(th[i], NULL), 0);
        assert_true(j[0].out.l > 0);
        for (int i = 1; i < 4; i++) assert_same(&j[i].out, &j[0].out, "thread");
        for (int i = 0; i < 4; i++) free(j[i].out.s);
        ssc_mirset_destroy(ms);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(summary__every_type_set_strand_and_name_length__equals_snprintf),
        cmocka_unit_test(summary_packed__every_type_set_of_up_to_four__equals_snprintf),
        cmocka_unit_test(summary_energy__type_sets_strands_and_energies__equal_snprintf),
        cmocka_unit_test(sites__tsv_and_bed_both_strands__equal_snprintf),
        cmocka_unit_test(writers__set_grown_after_use__print_new_members),
        cmocka_unit_test(writers__first_use_from_several_threads__same_rows),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
