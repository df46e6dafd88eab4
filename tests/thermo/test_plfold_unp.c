/* tests/thermo/test_plfold_unp.c: the unpaired phase's sums (qbe inside loops, four lengths a vector in ptu_lanes; the exterior parts, four stretches a vector) against the one-length loops written out plainly, to the bit. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "thermo/plfold.c" /* the ring buffers and paired_then_unpaired */
#define TT_PF_FIXTURE
#include "thermo_test.h"


/* qbe[len], len = 1..u-1, as the definition sums it: the interior loops' qi5 from the longest
 * stretch down, the hairpins closed by (k,obp) from the farthest obp down, the multiloop
 * q2l, then for each length alone the branches after the stretch (obp ascending) and the
 * pairs (k,obp) closing a multiloop (obp ascending). */
static void plain_qbe(const ssc_plfold_t *f, int64_t k, double *qbe)
{
    const ssc_th_pf_t *P = f->P;
    int64_t len, obp, u = f->u, W = f->W, n = f->n, top = u > MAXLOOP ? u : MAXLOOP;
    const double *qi5 = ROW(f->qi5, k), *q2l = ROW(f->q2l, k), *qmb = ROW(f->qmb, k);
    double t = 0.;
    memset(qbe, 0, sizeof(double) * (size_t)(f->NU + 2));
    for (len = W; len >= top; len--) t += qi5[len];
    for (; len > 0; len--) t += qi5[len], qbe[len] += t;
    t = 0.;
    for (obp = min64(min64(n, k + W - 1), k + f->span); obp > k + 1; obp--) {
        int type = ptype(f, k, obp);
        if (type) t += AT(f->pR, k, obp) * AT(f->hp, k, obp) * f->scale[obp - k + 1];
        if (obp <= k + u) qbe[obp - k - 1] += t;
    }
    t = 0.;
    for (len = W; len >= u; len--) t += q2l[len] * f->mlbase[len];
    for (; len > 0; len--) t += q2l[len] * f->mlbase[len], qbe[len] += t;
    for (len = 1; len < u; len++) {
        int64_t omax = min64(n, k + W - 1);
        double acc = qbe[len];
        for (obp = k + len + TURN; obp <= min64(omax, k + f->span); obp++)
            acc += qmb[obp - k - 1] * AT(f->qm, k + len + 1, obp - 1) * f->mlbase[len];
        for (obp = k + len + 2 * TURN; obp <= min64(omax, k + f->span); obp++)
            if (ptype(f, k, obp)) {
                t = AT(f->mlc, k, obp) * f->scale[2] * f->mlbase[len] * P->ml_closing;
                acc += AT(f->pR, k, obp) * t * AT(f->qm2, k + len + 1, obp - 1);
            }
        qbe[len] = acc;
    }
}

/* ext[s], s = 1..smax: the stretch k-s+1..k unpaired in the exterior loop of each window a
 * (ascending), then the two end terms, each term's products in the definition's order. */
static void plain_ext(const ssc_plfold_t *f, int64_t k, int64_t smax, double *ext)
{
    int64_t W = f->W, n = f->n;
    for (int64_t s = 1; s <= smax; s++) {
        double t = 0.;
        for (int64_t a = max64(1, k - W + 2); a <= min64(k - s, n - W + 1); a++)
            t += AT(f->q, a, k - s) * AT(f->q, k + 1, a + W - 1) * f->scale[s] / AT(f->q, a, a + W - 1);
        if (k >= W && s + 1 <= W) t += AT(f->q, k - W + 1, k - s) * f->scale[s] / AT(f->q, k - W + 1, k);
        if (k <= n - W + s && k - s >= 0 && k < n && s + 1 <= W)
            t += AT(f->q, k + 1, k - s + W) * f->scale[s] / AT(f->q, k - s + 1, k - s + W);
        ext[s] = t;
    }
}

/* A record short enough that no ring row is used twice (seq cut to n + W < R): after the fold every
 * row's inside and outside values are still there, and qbe of every k is recomputed. */
static void check_qbe(const char *seq, int W, int L, int u)
{
    ssc_plfold_opt_t o;
    int64_t n = (int64_t)strlen(seq), nonzero = 0;
    ssc_plfold_opt_init(&o);
    o.W = W, o.L = L, o.u = u;
    ssc_plfold_t *f = ssc_plfold_init(PF, &o);
    assert_non_null(f);
    if (n > f->R - W - 3) n = f->R - W - 3;
    assert_int_equal(ssc_plfold_seq(f, seq, n, NULL, NULL), 0);
    double *want = calloc((size_t)f->NU + 2, sizeof(double));
    for (int64_t k = 1; k + u < n; k++) {
        plain_qbe(f, k, want);
        paired_then_unpaired(f, k);
        for (int len = 1; len < u; len++) {
            if (memcmp(&want[len], &f->qbe[len], sizeof(double)))
                fail_msg("W %d L %d u %d: qbe(%lld, %d) %.17g, plainly %.17g", W, L, u, (long long)k, len, f->qbe[len], want[len]);
            nonzero += want[len] != 0;
        }
    }
    assert_true(nonzero > n); /* loops were there to check */
    for (int64_t k = 1; k <= n; k++) { /* the exterior parts, four stretches a vector */
        int64_t smax = min64(u, k);
        plain_ext(f, k, smax, want);
        exterior_unpaired_all(f, k, smax, f->xu);
        for (int s = 1; s <= smax; s++)
            if (memcmp(&want[s], &f->xu[s], sizeof(double)))
                fail_msg("W %d L %d u %d: ext(%lld, %d) %.17g, plainly %.17g", W, L, u, (long long)k, s, f->xu[s], want[s]);
    }
    free(want);
    ssc_plfold_destroy(f);
}

static void unpaired_sums__every_length__equal_the_plain_loops(void **state)
{
    static const int opt[][3] = { { 80, 40, 20 }, { 80, 40, 5 }, { 80, 40, 6 }, { 80, 40, 7 }, { 60, 30, 9 }, { 40, 40, 30 } };
    uint64_t s = 0x853c49e6748fea9bu;
    char seq[171];
    (void)state;
    for (size_t t = 0; t < sizeof opt / sizeof *opt; t++)
        for (int r = 0; r < 3; r++) {
            for (int x = 0; x < 170; x++) {
                s ^= s << 13, s ^= s >> 7, s ^= s << 17;
                seq[x] = (x / 20) % 2 ? "GCGCAUGC"[s % 8] : "ACGU"[s % 4]; /* GC-rich stretches: helices */
            }
            seq[170] = 0;
            check_qbe(seq, opt[t][0], opt[t][1], opt[t][2]);
        }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(unpaired_sums__every_length__equal_the_plain_loops),
    };
    return cmocka_run_group_tests(tests, tt_pf_setup, tt_pf_teardown);
}
