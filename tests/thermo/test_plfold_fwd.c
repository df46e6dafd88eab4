/* tests/thermo/test_plfold_fwd.c: forward's qb (the flat list's rows, four outer pairs a vector, the row views) against the recursion written out plainly, to the bit, column by column. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "thermo/plfold.c" /* the ring buffers */
#define TT_PF_FIXTURE
#include "thermo_test.h"


static int code(char b)
{
    return b == 'A' ? 1 : b == 'C' ? 2 : b == 'G' ? 3 : b == 'U' ? 4 : 0;
}

/* qb(i,j) from the definition: the hairpin, then every inner pair (k,l) in the order k, then l
 * ascending, weighed by ssc_th_pf_intloop, then the multiloop closed by (i,j). qb of the
 * inner pairs and qm2(i+1,j-1) are the earlier columns' (checked when they were the last). c:
 * codes by position from 1. */
static double plain_qb(const ssc_plfold_t *f, const int8_t *c, int64_t i, int64_t j)
{
    const ssc_th_pf_t *P = f->P;
    int type = j - i <= f->span ? ssc_th_pf_type(c[i], c[j]) : 0;
    if (!type) return 0.;
    double z = ssc_th_pf_hairpin(P, (int)(j - i - 1), type, c[i + 1], c[j - 1], c + i) * f->scale[j - i + 1];
    for (int64_t k = i + 1; k <= i + MAXLOOP + 1 && k <= j - TURN - 2; k++) {
        int u1 = (int)(k - i - 1);
        for (int64_t l = k + TURN + 1 > j - 1 - MAXLOOP + u1 ? k + TURN + 1 : j - 1 - MAXLOOP + u1; l < j; l++) {
            int t2 = l - k <= f->span ? ssc_th_pf_type(c[k], c[l]) : 0;
            if (!t2) continue;
            z += AT(f->qb, k, l) *
                 ssc_th_pf_intloop(P, u1, (int)(j - l - 1), type, ssc_th_pf_rtype(t2), c[i + 1], c[j - 1], c[k - 1], c[l + 1]) *
                 f->scale[k - i + j - l];
        }
    }
    double ml = i + 1 <= j - TURN - 2 ? AT(f->qm2, i + 1, j - 1) : 0.0;
    return z + ml * P->ml_closing * ssc_th_pf_mlstem(P, ssc_th_pf_rtype(type), c[j - 1], c[i + 1]) * f->scale[2];
}

/* Feeds seq one letter at a time; after each step, the last column's qb against plain_qb. */
static void check_columns(const char *seq, int W, int L, int u, int modern)
{
    ssc_plfold_opt_t o;
    int64_t n = (int64_t)strlen(seq), checked = 0;
    int8_t *c = calloc((size_t)n + 2, 1);
    ssc_plfold_opt_init(&o);
    o.W = W, o.L = L, o.u = u, o.modern = modern;
    ssc_plfold_t *f = ssc_plfold_init(PF, &o);
    assert_non_null(f), assert_non_null(c);
    for (int64_t x = 0; x < n; x++) c[x + 1] = (int8_t)code(seq[x]);
    ssc_plfold_begin(f, NULL, NULL);
    for (int64_t x = 0; x < n; x++) {
        int64_t before = f->j;
        ssc_plfold_feed(f, seq + x, 1);
        if (f->j == before) continue;
        int64_t j = f->j - 1;
        for (int64_t i = j - f->W + 1 > 1 ? j - f->W + 1 : 1; i <= j - TURN - 1; i++) {
            double want = plain_qb(f, c, i, j), got = AT(f->qb, i, j);
            if (memcmp(&want, &got, sizeof want)) fail_msg("W %d L %d%s: qb(%lld,%lld) %.17g, plainly %.17g", W, L,
                                                           modern ? " modern" : "", (long long)i, (long long)j, got, want);
            checked += want != 0;
        }
    }
    assert_true(checked > n); /* pairs were there to check */
    ssc_plfold_end(f);
    ssc_plfold_destroy(f);
    free(c);
}

/* Random letters, GC-rich stretches (long helices, every loop shape), repeats and an N. */
static char *test_seq(uint64_t s, int n)
{
    static const char *motif[] = { "GGGGCCCC", "GCGCAUAUGCGC", "GGGAAACCC", "GUGUACAC", "GAAAC", "N" };
    char *b = malloc((size_t)n + 1);
    int x = 0;
    while (x < n) {
        s ^= s << 13, s ^= s >> 7, s ^= s << 17;
        if (s % 5 == 0) {
            const char *m = motif[(s >> 8) % 6];
            for (int r = 0; r < 1 + (int)((s >> 16) % 3) && x < n; r++)
                for (const char *p = m; *p && x < n; p++) b[x++] = *p;
        } else {
            int gc = (s >> 20) % 3 == 0;
            for (int r = 0; r < 6 && x < n; r++, s >>= 2) b[x++] = gc ? "GCGC"[s & 3] : "ACGU"[s & 3];
        }
    }
    b[n] = 0;
    return b;
}

static void forward__qb_of_every_column__equals_the_plain_recursion(void **state)
{
    (void)state;
    static const int opt[][4] = { /* W, L, u, modern */
        { 80, 40, 20, 0 }, { 80, 40, 20, 1 }, { 200, 150, 30, 0 }, { 30, 10, 5, 0 },
        { 80, 44, 4, 0 }, { 40, 40, 40, 0 }, { 60, 36, 8, 0 }, { 12, 6, 3, 0 },
    };
    for (size_t t = 0; t < sizeof opt / sizeof *opt; t++)
        for (uint64_t s = 1; s <= 3; s++) {
            char *seq = test_seq(0x9e3779b97f4a7c15u * s + t, 700);
            check_columns(seq, opt[t][0], opt[t][1], opt[t][2], opt[t][3]);
            free(seq);
        }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(forward__qb_of_every_column__equals_the_plain_recursion),
    };
    return cmocka_run_group_tests(tests, tt_pf_setup, tt_pf_teardown);
}
