/* test_oracle.c: the scanner agrees with a brute-force oracle on random and real targets. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <ctype.h>
#include "seedscan.h"
#include "core/core.h" /* only to check that the dense set takes the pair table */
#include "testutil.h"

/* ---- the oracle: written from the site model, sharing no code with the
 * scanner. For every target position q that could face miRNA nt 1, ask
 * for each miRNA nt k (1..8) whether the target position facing it,
 * q-(k-1), pairs: nt 2-8 by Watson-Crick complement, nt 1 by an A. Then
 * name the longest type the pairs make. */
typedef struct {
    int fam, type;
    long start, end; /* 0-based half-open */
} osite_t;

static char up(char c) { c = (char)toupper((unsigned char)c); return c == 'U' ? 'T' : c; }

static char complement(char rna)
{
    switch (up(rna)) {
    case 'A': return 'T';
    case 'C': return 'G';
    case 'G': return 'C';
    case 'T': return 'A';
    }
    return '?';
}

/* usable[p]: p is a base and not in the shadow (the first `shadow` bases) */
static char *usable_map(const char *t, long len, int shadow)
{
    char *u = malloc((size_t)len + 1);
    int seen = 0;
    for (long p = 0; p < len; p++) {
        char c = up(t[p]);
        int base = c == 'A' || c == 'C' || c == 'G' || c == 'T';
        if (base) seen++;
        u[p] = (char)(base && seen > shadow);
    }
    return u;
}

static int oracle_family(const char *t, long len, const char *usable, const char *seed7,
                         int fam, unsigned types, osite_t *out, int nmax)
{
    int n = 0;
    for (long q = 0; q <= len + 1; q++) {
        int m[9] = { 0 };
        /* every type pairs nt 3-6: test those first, as a shortcut */
        int core = 1;
        for (int k = 3; k <= 6 && core; k++) {
            long p = q - (k - 1);
            core = p >= 0 && p < len && usable[p] && up(t[p]) == complement(seed7[k - 2]);
        }
        if (!core) continue;
        for (int k = 1; k <= 8; k++) {
            long p = q - (k - 1);
            if (p < 0 || p >= len || !usable[p]) continue;
            m[k] = k == 1 ? up(t[p]) == 'A' : up(t[p]) == complement(seed7[k - 2]);
        }
        int s27 = m[2] && m[3] && m[4] && m[5] && m[6] && m[7];
        int type = -1, lo = 0, hi = 0; /* lo..hi: miRNA nts covered */
        if (s27 && m[8] && m[1]) type = SSC_8MER, lo = 1, hi = 8;
        else if (s27 && m[8]) type = SSC_7MER_M8, lo = 2, hi = 8;
        else if (s27 && m[1]) type = SSC_7MER_A1, lo = 1, hi = 7;
        else if (s27) type = SSC_6MER, lo = 2, hi = 7;
        else if (m[3] && m[4] && m[5] && m[6] && m[7] && m[8]) type = SSC_OFFSET_6MER, lo = 3, hi = 8;
        else if (m[2] && m[3] && m[4] && m[5] && m[6] && m[1]) type = SSC_6MER_A1, lo = 1, hi = 6;
        if (type < 0 || !(types >> type & 1)) continue;
        assert_true(n < nmax);
        out[n++] = (osite_t){ fam, type, q - (hi - 1), q - (lo - 1) + 1 };
    }
    /* one physical site, one row: a site whose span lies inside the span of
     * another site of the family is dropped when that one is longer, or
     * covers the same span with a better (lower numbered) type */
    int w = 0;
    for (int i = 0; i < n; i++) {
        int inside = 0;
        /* one site per anchor q, in q order; nesting needs anchors at most
         * 2 apart (spans are 6-8 nt), so neighbours within 3 suffice */
        for (int j = i > 3 ? i - 3 : 0; j < n && j <= i + 3 && !inside; j++) {
            long li = out[i].end - out[i].start, lj = out[j].end - out[j].start;
            inside = j != i && out[j].start <= out[i].start && out[i].end <= out[j].end &&
                     (lj > li || out[j].type < out[i].type);
        }
        if (!inside) out[w++] = out[i];
    }
    return w;
}

static int cmp_osite(const void *a, const void *b)
{
    const osite_t *x = a, *y = b;
    if (x->start != y->start) return x->start < y->start ? -1 : 1;
    if (x->fam != y->fam) return x->fam < y->fam ? -1 : 1;
    return x->type - y->type;
}

static long oracle(const ssc_mirset_t *ms, const char *t, long len, int shadow, unsigned types,
                   osite_t **out)
{
    int nf = ssc_mirset_n_families(ms);
    long n = 0, m = 1024;
    char *usable = usable_map(t, len, shadow);
    osite_t *v = malloc((size_t)m * sizeof *v);
    for (int f = 0; f < nf; f++) {
        if (n + len + 2 > m) {
            m = 2 * (n + len + 2);
            v = realloc(v, (size_t)m * sizeof *v);
        }
        n += oracle_family(t, len, usable, ssc_family_seed(ms, f), f, types, v + n, (int)(len + 2));
    }
    free(usable);
    qsort(v, (size_t)n, sizeof *v, cmp_osite);
    *out = v;
    return n;
}

/* ---- comparisons ---- */

static void check_target(const ssc_mirset_t *ms, const ssc_index_t *idx, ssc_tbuf_t *tb,
                         const char *name, const char *t, long len, int shadow, unsigned types)
{
    ssc_scanopt_t so;
    const ssc_site_t *s;
    const uint32_t *cnt;
    const int32_t *fams;
    osite_t *o;
    ssc_scanopt_init(&so);
    so.shadow = shadow;
    long no = oracle(ms, t, len, shadow, types, &o);
    int64_t ns = ssc_scan(idx, &so, t, len, tb, &s);
    if (ns != no) fail_msg("%s (shadow %d): scanner %lld sites, oracle %ld", name, shadow, (long long)ns, no);
    for (long k = 0; k < no; k++)
        if (s[k].fam != o[k].fam || s[k].type != o[k].type || s[k].start != o[k].start ||
            s[k].end != o[k].end)
            fail_msg("%s site %ld: scanner fam %d %s %lld-%lld, oracle fam %d %s %ld-%ld", name, k,
                     s[k].fam, ssc_type_name(s[k].type), (long long)s[k].start, (long long)s[k].end,
                     o[k].fam, ssc_type_name(o[k].type), o[k].start, o[k].end);
    /* counting mode gives the oracle's count of every (family, type) and
     * lists exactly the oracle's families, ascending */
    int nf = ssc_count(idx, &so, t, len, tb, &cnt, &fams), nof = 0;
    int nfam = ssc_mirset_n_families(ms);
    long *want = calloc((size_t)nfam * SSC_NTYPES, sizeof *want);
    assert_non_null(want);
    for (long k = 0; k < no; k++) want[(size_t)o[k].fam * SSC_NTYPES + o[k].type]++;
    for (int f = 0; f < nfam; f++) {
        long any = 0;
        for (int ty = 0; ty < SSC_NTYPES; ty++) any += want[(size_t)f * SSC_NTYPES + ty];
        if (!any) continue;
        if (nof >= nf || fams[nof] != f)
            fail_msg("%s (shadow %d): family %d has sites but is not listed by ssc_count", name, shadow, f);
        for (int ty = 0; ty < SSC_NTYPES; ty++)
            if ((long)cnt[(size_t)f * SSC_CSTRIDE + ty] != want[(size_t)f * SSC_NTYPES + ty])
                fail_msg("%s (shadow %d): family %d %s counted %u, oracle %ld", name, shadow, f,
                         ssc_type_name(ty), cnt[(size_t)f * SSC_CSTRIDE + ty], want[(size_t)f * SSC_NTYPES + ty]);
        nof++;
    }
    assert_int_equal(nf, nof);
    free(want);
    free(o);
}

static ssc_mirset_t *load_human(int quick)
{
    ssc_mirset_t *all = ssc_mirset_init();
    ssc_mirload_opt_t lo = { "hsa" };
    assert_int_equal(ssc_mirset_load(all, "refs/hsa_mature.v22.fa", &lo), 0);
    if (!quick) return all;
    /* under valgrind: every 25th miRNA */
    ssc_mirset_t *some = ssc_mirset_init();
    for (int i = 0; i < ssc_mirset_size(all); i += 25)
        assert_int_equal(ssc_mirset_add(some, ssc_mirset_name(all, i), ssc_mirset_seq(all, i)), 0);
    ssc_mirset_destroy(all);
    return some;
}

static void scan__random_targets__agree_with_oracle_for_all_types_and_shadows(void **state)
{
    (void)state;
    /* random miRNAs, including low-complexity seeds whose sites overlap themselves */
    static const char *extra[] = { "UUUUUUUUUU", "UGUGUGUGUG", "AAAAAAAAAA", "UACACACACA", "UAGCUUAUCAGACUGAUGUUGA" };
    ssc_mirset_t *ms = ssc_mirset_init();
    uint64_t rng = 2024;
    char name[32], seq[32];
    for (int i = 0; i < 40; i++) {
        tu_random_seq(&rng, seq, 22, 0);
        snprintf(name, sizeof name, "r%d", i);
        assert_int_equal(ssc_mirset_add(ms, name, seq), 0);
    }
    for (int i = 0; i < 5; i++) {
        snprintf(name, sizeof name, "x%d", i);
        assert_int_equal(ssc_mirset_add(ms, name, extra[i]), 0);
    }
    unsigned typesets[] = { SSC_TYPES_DEFAULT, SSC_TYPES_ALL, 1u << SSC_6MER, 1u << SSC_OFFSET_6MER | 1u << SSC_6MER_A1 };
    ssc_tbuf_t *tb = ssc_tbuf_init();
    char *t = malloc(4096);
    for (int ti = 0; ti < 4; ti++) {
        ssc_index_t *idx = ssc_index_build(ms, typesets[ti]);
        assert_non_null(idx);
        for (int rep = 0; rep < (tu_quick() ? 10 : 120); rep++) {
            long len = (long)(tu_rand(&rng) % 1500);
            /* low-entropy targets make dense, overlapping sites */
            if (rep % 3 == 0) {
                for (long p = 0; p < len; p++) t[p] = "ACAT"[tu_rand(&rng) % (rep % 2 ? 4 : 2)];
                t[len] = 0;
            } else tu_random_seq(&rng, t, (size_t)len, rep % 3 == 1);
            check_target(ms, idx, tb, "random", t, len, 14, typesets[ti]);
            check_target(ms, idx, tb, "random", t, len, 0, typesets[ti]);
            check_target(ms, idx, tb, "random", t, len, (int)(tu_rand(&rng) % 30), typesets[ti]);
        }
        ssc_index_destroy(idx);
    }
    free(t);
    ssc_tbuf_destroy(tb);
    ssc_mirset_destroy(ms);
}

/* A dense set (all human families and five low-complexity seeds whose
 * sites nest) takes the scanner's two-entries-per-window table: random
 * targets with N, lowercase and low-entropy stretches reach its slow
 * windows (three or more sites, nesting families, unusable bases). */
static void scan__dense_set_random_targets__agree_with_oracle(void **state)
{
    (void)state;
    static const char *extra[] = { "UUUUUUUUUU", "UGUGUGUGUG", "AAAAAAAAAA", "UACACACACA", "UCACACACAC" };
    ssc_mirset_t *ms = load_human(0);
    uint64_t rng = 77;
    char name[32];
    for (int i = 0; i < 5; i++) {
        snprintf(name, sizeof name, "lowc%d", i);
        assert_int_equal(ssc_mirset_add(ms, name, extra[i]), 0);
    }
    ssc_index_t *idx = ssc_index_build(ms, SSC_TYPES_DEFAULT);
    assert_non_null(idx);
    assert_non_null(idx->pair);
    ssc_tbuf_t *tb = ssc_tbuf_init();
    char *t = malloc(4096);
    for (int rep = 0; rep < (tu_quick() ? 3 : 60); rep++) {
        long len = (long)(tu_rand(&rng) % 3000);
        if (rep % 3 == 0) {
            for (long p = 0; p < len; p++) t[p] = "ACATGN"[tu_rand(&rng) % (rep % 2 ? 6 : 2)];
            t[len] = 0;
        } else tu_random_seq(&rng, t, (size_t)len, rep % 3 == 1);
        check_target(ms, idx, tb, "dense", t, len, 14, SSC_TYPES_DEFAULT);
        check_target(ms, idx, tb, "dense", t, len, 0, SSC_TYPES_DEFAULT);
    }
    /* past 65,000 bases the counters are 32-bit again (16-bit ones could
     * overflow): a repetitive target with 30,000 sites of one family */
    if (!tu_quick()) {
        long len = 66000;
        char *big = malloc((size_t)len + 1);
        for (long p = 0; p < len; p++) big[p] = p < 60000 ? "CA"[p % 2] : "ACGT"[tu_rand(&rng) % 4];
        big[len] = 0;
        check_target(ms, idx, tb, "dense, 66 kb", big, len, 14, SSC_TYPES_DEFAULT);
        free(big);
    }
    free(t);
    ssc_tbuf_destroy(tb);
    ssc_index_destroy(idx);
    ssc_mirset_destroy(ms);
}

static void scan__short_targets_and_edges__agree_with_oracle(void **state)
{
    (void)state;
    ssc_mirset_t *ms = ssc_mirset_init();
    assert_int_equal(ssc_mirset_add(ms, "miR-21-5p", "UAGCUUAUCAGACUGAUGUUGA"), 0);
    ssc_index_t *idx = ssc_index_build(ms, SSC_TYPES_ALL);
    ssc_tbuf_t *tb = ssc_tbuf_init();
    /* rc(nt2-8) = ATAAGCT; sites flush with either end, and every length 0..12 */
    const char *cases[] = { "ATAAGCTA", "ATAAGCT", "TAAGCTA", "TAAGCT", "ATAAGC", "AAGCTA",
                            "NATAAGCTAN", "atAagCUa", "ATAAGCTATAAGCTA", "TAAGCNA", "" };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        for (int sh = 0; sh < 3; sh++)
            check_target(ms, idx, tb, cases[i], cases[i], (long)strlen(cases[i]), sh, SSC_TYPES_ALL);
    ssc_tbuf_destroy(tb);
    ssc_index_destroy(idx);
    ssc_mirset_destroy(ms);
}

static void scan__every_shipped_utr__agrees_with_oracle_for_all_human_mirnas(void **state)
{
    (void)state;
    ssc_mirset_t *ms = load_human(tu_quick());
    ssc_index_t *idx = ssc_index_build(ms, SSC_TYPES_ALL), *idx4 = ssc_index_build(ms, SSC_TYPES_DEFAULT);
    ssc_tbuf_t *tb = ssc_tbuf_init();
    ssc_reader_t *r = ssc_reader_open("refs/hsa_3utr_collected.fa", 1);
    ssc_batch_t b;
    int n, nrec = 0;
    assert_non_null(r);
    ssc_batch_init(&b);
    while ((n = ssc_reader_read(r, &b, 1 << 20)) > 0)
        for (int i = 0; i < n; i++, nrec++) {
            check_target(ms, idx, tb, b.rec[i].name, b.rec[i].seq, b.rec[i].len, 14, SSC_TYPES_ALL);
            check_target(ms, idx4, tb, b.rec[i].name, b.rec[i].seq, b.rec[i].len, 0, SSC_TYPES_DEFAULT);
        }
    assert_int_equal(n, 0);
    assert_int_equal(nrec, 132);
    ssc_batch_free(&b);
    ssc_reader_close(r);
    ssc_tbuf_destroy(tb);
    ssc_index_destroy(idx);
    ssc_index_destroy(idx4);
    ssc_mirset_destroy(ms);
}

/* Facts from the data set's own exact-search index (an independent source):
 * across the 132 UTRs miR-21-5p (seed match ATAAGCT / TAAGCTA / TAAGCT) has 1
 * 8mer, 10 ATAAGCT (8mer included), 4 TAAGCTA (8mer included) and 39 TAAGCT
 * matches, without the shadow mask. As longest types that is 1 8mer,
 * 10-1 = 9 7mer-m8, 4-1 = 3 7mer-A1 and 39-1-9-3 = 26 6mer. */
static void scan__mir21_in_shipped_utrs__matches_the_data_set_index(void **state)
{
    (void)state;
    ssc_mirset_t *ms = ssc_mirset_init();
    assert_int_equal(ssc_mirset_add(ms, "hsa-miR-21-5p", "UAGCUUAUCAGACUGAUGUUGA"), 0);
    ssc_index_t *idx = ssc_index_build(ms, SSC_TYPES_DEFAULT);
    ssc_tbuf_t *tb = ssc_tbuf_init();
    ssc_reader_t *r = ssc_reader_open("refs/hsa_3utr_collected.fa", 1);
    ssc_batch_t b;
    ssc_scanopt_t so;
    long by_type[SSC_NTYPES] = { 0 };
    int n;
    ssc_scanopt_init(&so);
    so.shadow = 0;
    ssc_batch_init(&b);
    while ((n = ssc_reader_read(r, &b, 1 << 20)) > 0)
        for (int i = 0; i < n; i++) {
            const ssc_site_t *s;
            int64_t ns = ssc_scan(idx, &so, b.rec[i].seq, b.rec[i].len, tb, &s);
            for (int64_t k = 0; k < ns; k++) {
                by_type[s[k].type]++;
                if (s[k].type == SSC_8MER) { /* EGLN1 NM_022051.2, position 221 */
                    assert_string_equal(b.rec[i].name, "NM_022051.2|EGLN1");
                    assert_int_equal(s[k].start + 1, 221);
                }
            }
        }
    assert_int_equal(by_type[SSC_8MER], 1);
    assert_int_equal(by_type[SSC_7MER_M8], 9);
    assert_int_equal(by_type[SSC_7MER_A1], 3);
    assert_int_equal(by_type[SSC_6MER], 26);
    ssc_batch_free(&b);
    ssc_reader_close(r);
    ssc_tbuf_destroy(tb);
    ssc_index_destroy(idx);
    ssc_mirset_destroy(ms);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(scan__short_targets_and_edges__agree_with_oracle),
        cmocka_unit_test(scan__random_targets__agree_with_oracle_for_all_types_and_shadows),
        cmocka_unit_test(scan__dense_set_random_targets__agree_with_oracle),
        cmocka_unit_test(scan__every_shipped_utr__agrees_with_oracle_for_all_human_mirnas),
        cmocka_unit_test(scan__mir21_in_shipped_utrs__matches_the_data_set_index),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
