/* test_noncanon.c: non-canonical sites against a brute-force reading of their definitions on random and real UTRs, and their energies against exhaustive enumeration. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "seedscan.h"
#include "thermo/noncanon.h"

/* ---- the definitions, read literally (README "Non-canonical sites") ----
 * Alignment: miRNA nt k faces target position p1 - (k - 1). wc(): A-U, G-C (T as U);
 * gu(): G-U either way. Every position p1 and every type is tried; a site is the triple
 * (type, start, end). */

static int up(char c)
{
    c = (char)(c & ~0x20);
    return c == 'T' ? 'U' : c;
}

static int wc(char m, char t)
{
    int a = up(m), b = up(t);
    return (a == 'A' && b == 'U') || (a == 'U' && b == 'A') || (a == 'G' && b == 'C') ||
           (a == 'C' && b == 'G');
}

static int gu(char m, char t)
{
    int a = up(m), b = up(t);
    return (a == 'G' && b == 'U') || (a == 'U' && b == 'G');
}

typedef struct {
    const char *m, *t;
    long n;
} bf_t;

/* 'W', 'G' or '.' for nt k (1-based) against target position q */
static char kind(const bf_t *x, int k, long q)
{
    if (q < 0 || q >= x->n) return '.';
    return wc(x->m[k - 1], x->t[q]) ? 'W' : gu(x->m[k - 1], x->t[q]) ? 'G' : '.';
}

typedef struct {
    int type;
    long start, end;
} triple_t;

static int add(triple_t *v, int n, int type, long start, long end)
{
    v[n].type = type, v[n].start = start, v[n].end = end;
    return n + 1;
}

/* the string of kinds of nt lo..hi at alignment p1 with an extra target nt after nt kb */
static void kinds(const bf_t *x, long p1, int lo, int hi, int kb, char *out)
{
    int k;
    for (k = lo; k <= hi; k++) out[k - lo] = kind(x, k, p1 - (k - 1) - (kb && k > kb ? 1 : 0));
    out[hi - lo + 1] = 0;
}

static int count_of(const char *s, char c)
{
    int n = 0;
    for (; *s; s++) n += *s == c;
    return n;
}

static int brute(const char *m, const char *t, triple_t *v)
{
    bf_t x = { m, t, (long)strlen(t) };
    int L = (int)strlen(m), n = 0, kb, d;
    long p1;
    for (p1 = 7; p1 <= x.n; p1++) {
        char s28[8], s27[7], s8, c415[13], s415[13];
        kinds(&x, p1, 2, 8, 0, s28);
        memcpy(s27, s28, 6), s27[6] = 0, s8 = s28[6];
        /* GU-7mer / GU-6mer: nt 2-7 five W and one G; nt 8 W or not */
        if (count_of(s27, 'W') == 5 && count_of(s27, 'G') == 1)
            n = s8 == 'W' ? add(v, n, SSC_GU_7MER, p1 - 7, p1) : add(v, n, SSC_GU_6MER, p1 - 6, p1);
        /* mm-7mer: nt 2-8 six W, the seventh '.' at nt 3-7 */
        if (count_of(s28, 'W') == 6 && count_of(s28, '.') == 1 && s28[0] == 'W' && s28[6] == 'W')
            n = add(v, n, SSC_MM_7MER, p1 - 7, p1);
        /* 3p-comp: nt 2-8 six W; nt 13-16 W with d = 4, 3, 5, 2, 6 nt between nt 8's and nt 13's partners */
        if (count_of(s28, 'W') == 6 && L >= 16)
            for (d = 0; d < 5; d++) {
                static const int dd[5] = { 4, 3, 5, 2, 6 };
                long q13 = (p1 - 7) - dd[d] - 1;
                int k, ok = 1;
                for (k = 13; k <= 16; k++) ok &= kind(&x, k, q13 - (k - 13)) == 'W';
                if (ok) {
                    n = add(v, n, SSC_3P_COMP, q13 - 3, p1);
                    break;
                }
            }
        /* bulge-7mer: not nt 2-8 all W here; all W with an extra nt after nt kb's partner */
        if (count_of(s28, 'W') != 7)
            for (kb = 2; kb <= 7; kb++) {
                char b28[8];
                kinds(&x, p1, 2, 8, kb, b28);
                if (count_of(b28, 'W') == 7) {
                    n = add(v, n, SSC_BULGE_7MER, p1 - 8, p1);
                    break;
                }
            }
        /* centered: 4-14 or 5-15 all W (4-15 when both), nt 2-7 not all W */
        if (L >= 15) {
            kinds(&x, p1, 4, 15, 0, c415);
            strcpy(s415, c415);
            if (count_of(s27, 'W') != 6) {
                int a = strncmp(c415, "WWWWWWWWWWW", 11) == 0, b = strncmp(c415 + 1, "WWWWWWWWWWW", 11) == 0;
                /* half-open: nt 4 faces p1 - 3, so a span ending with nt 4 ends at p1 - 2 */
                if (a && b) n = add(v, n, SSC_CENTERED, p1 - 14, p1 - 2);
                else if (a) n = add(v, n, SSC_CENTERED, p1 - 13, p1 - 2);
                else if (b) n = add(v, n, SSC_CENTERED, p1 - 14, p1 - 3);
            }
        }
    }
    return n;
}

static int cmp_triple(const void *va, const void *vb)
{
    const triple_t *a = va, *b = vb;
    if (a->start != b->start) return a->start < b->start ? -1 : 1;
    if (a->type != b->type) return a->type - b->type;
    return a->end < b->end ? -1 : a->end > b->end;
}

static uint64_t rng = 5;
static unsigned next(void)
{
    rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
    return (unsigned)(rng >> 33);
}

/* ssc_th_nc_find's sites = the brute-force ones, as sets */
static int compare(const char *m, const char *t, int *per_type)
{
    static triple_t want[200000], got[200000];
    ssc_th_nc_t *x = NULL;
    int64_t cap = 0, n = ssc_th_nc_find(m, (int)strlen(m), t, (int64_t)strlen(t), SSC_TYPES_NONCANON, 0, &x, &cap);
    int nb = brute(m, t, want), k;
    assert_true(n >= 0);
    for (k = 0; k < n; k++) got[k].type = x[k].type, got[k].start = (long)x[k].start, got[k].end = (long)x[k].end;
    free(x);
    qsort(want, (size_t)nb, sizeof *want, cmp_triple);
    qsort(got, (size_t)n, sizeof *got, cmp_triple);
    if (nb != n) fprintf(stderr, "%s: brute force %d sites, found %d\n", m, nb, (int)n);
    assert_int_equal(nb, n);
    for (k = 0; k < nb; k++) {
        if (want[k].type != got[k].type || want[k].start != got[k].start || want[k].end != got[k].end)
            fprintf(stderr, "%s: brute force %s %ld-%ld, found %s %ld-%ld\n", m, ssc_type_name(want[k].type),
                    want[k].start, want[k].end, ssc_type_name(got[k].type), got[k].start, got[k].end);
        assert_int_equal(want[k].type, got[k].type);
        assert_int_equal(want[k].start, got[k].start);
        assert_int_equal(want[k].end, got[k].end);
        per_type[want[k].type]++;
    }
    return nb;
}

static void find__random_targets__equal_the_brute_force_definitions(void **state)
{
    static const char nt[] = "ACGU";
    int per[SSC_NTYPES_ALL] = { 0 }, r, k, t;
    char m[24], tg[4001];
    (void)state;
    for (r = 0; r < 30; r++) {
        for (k = 0; k < 22; k++) m[k] = nt[next() & 3];
        m[22] = 0;
        /* random target with copies of the miRNA's complement, some letters changed */
        for (k = 0; k < 4000; k++) tg[k] = nt[next() & 3];
        for (k = 0; k < 60; k++) {
            int at = 30 + (int)(next() % 3900u), i;
            for (i = 0; i < 22 && at - i >= 0; i++) {
                char c = m[i];
                tg[at - i] = next() % 8 ? (c == 'A' ? 'U' : c == 'U' ? (next() & 1 ? 'A' : 'G') : c == 'G' ? (next() & 1 ? 'C' : 'U') : 'G') : nt[next() & 3];
            }
            if (next() % 3 == 0) memmove(tg + at - 3, tg + at - 4, 1); /* a shift: bulges */
        }
        tg[4000] = 0;
        compare(m, tg, per);
    }
    for (t = SSC_GU_7MER; t < SSC_NTYPES_ALL; t++) {
        if (per[t] == 0) fprintf(stderr, "type %s never occurred\n", ssc_type_name(t));
        assert_true(per[t] > 0);
    }
}

/* hsa-miR-21-5p and hsa-let-7a-5p against every shipped 3'UTR */
static void find__shipped_utrs__equal_the_brute_force_definitions(void **state)
{
    static char seq[1 << 16];
    const char *mirs[] = { "UAGCUUAUCAGACUGAUGUUGA", "UGAGGUAGUAGGUUGUAUAGUU" };
    int per[SSC_NTYPES_ALL] = { 0 }, total = 0;
    char line[256];
    size_t len = 0;
    FILE *fp = fopen("refs/hsa_3utr_collected.fa", "r");
    (void)state;
    assert_non_null(fp);
    for (;;) {
        int eof = !fgets(line, sizeof line, fp);
        if (eof || line[0] == '>') {
            if (len) {
                seq[len] = 0;
                total += compare(mirs[0], seq, per) + compare(mirs[1], seq, per);
            }
            len = 0;
            if (eof) break;
            continue;
        }
        line[strcspn(line, "\r\n")] = 0;
        assert_true(len + strlen(line) < sizeof seq);
        memcpy(seq + len, line, strlen(line));
        len += strlen(line);
    }
    fclose(fp);
    fprintf(stderr, "shipped UTRs: %d non-canonical sites of miR-21-5p and let-7a-5p\n", total);
    assert_true(total > 100);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(find__random_targets__equal_the_brute_force_definitions),
        cmocka_unit_test(find__shipped_utrs__equal_the_brute_force_definitions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
