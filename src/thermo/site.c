/* thermo/site.c: seed-anchored duplex energies of target sites: the 5' end and the seed helix here, the 3' part through an anchored duplex fill. */
#include <string.h>
#include "seedscan.h"
#include "thermo/energy.h"
#include "thermo/site.h"

#define INF SSC_TH_INF
#define ML SSC_TH_MAXLOOP
#define MAXM 64   /* longest miRNA handled (mature miRNAs have 16-28 nt) */
#define MAXW (MAXM + SSC_TH_SITE_UP + SSC_TH_SITE_DOWN + 2)
#define MAXA 5    /* the corner: pairs of nt 1..a with a <= MAXA (centered sites start at nt 4 or 5) */

/* Seed pairs of each type (README site model) and the offset of nt 1 from the site's end:
 * p1 = end - 1 + off1 (the last site base is opposite nt 1 when the type has A1, nt 2 for
 * 7mer-m8 and 6mer, nt 3 for offset-6mer). */
static const struct {
    int8_t a, b, off1;
} seed_of[SSC_NTYPES] = {
    [SSC_8MER] = { 2, 8, 0 },   [SSC_7MER_M8] = { 2, 8, 1 },     [SSC_7MER_A1] = { 2, 7, 0 },
    [SSC_6MER] = { 2, 7, 1 },   [SSC_OFFSET_6MER] = { 3, 8, 2 }, [SSC_6MER_A1] = { 2, 6, 0 },
};

int ssc_th_site_geom(int type, int mlen, int64_t tlen, int64_t start, int64_t end,
                     ssc_th_site_geom_t *g)
{
    (void)start;
    if (type < 0 || type >= SSC_NTYPES) return SSC_EINVAL;
    g->a = seed_of[type].a, g->b = seed_of[type].b;
    g->p1 = end - 1 + seed_of[type].off1;
    g->wbeg = g->p1 - (mlen - 1) - SSC_TH_SITE_UP;
    g->wend = g->p1 + 1 + SSC_TH_SITE_DOWN;
    if (g->wbeg < 0) g->wbeg = 0;
    if (g->wend > tlen) g->wend = tlen;
    return 0;
}

static inline int min2(int x, int y)
{
    return x < y ? x : y;
}

/* The best c of a duplex whose last pair so far is (a, qa): pairs of miRNA nt 1..a with
 * window positions qa..n, started anywhere there (initiation and exterior stem) and joined by
 * loops (RNAduplex's recursion on a corner of a few cells: a <= 3). m and w are codes,
 * 1-based, 0 (N) at both ends. */
static int five_prime(const ssc_th_params_t *p, const int8_t *m, const int8_t *w, int n, int qa,
                      int a)
{
    int c[MAXA + 1][MAXW + 1], i, l, k, l2;
    for (i = 1; i <= a; i++)
        for (l = qa; l <= n; l++) {
            int t = ssc_th_pair[m[i]][w[l]], e;
            c[i][l] = INF;
            if (!t || (i == a) != (l == qa) || (i < a && l <= qa)) continue;
            e = p->duplex_init + ssc_th_e_ext_stem(p, t, i > 1 ? m[i - 1] : -1, l < n ? w[l + 1] : -1);
            for (k = i - 1; k >= 1; k--)
                for (l2 = l + 1; l2 <= n && (i - k - 1) + (l2 - l - 1) <= ML; l2++) {
                    int t2 = ssc_th_pair[m[k]][w[l2]];
                    if (!t2 || c[k][l2] >= INF) continue;
                    e = min2(e, c[k][l2] + ssc_th_e_intloop(p, i - k - 1, l2 - l - 1, t2,
                                                            ssc_th_rtype[t], m[k + 1], w[l2 - 1],
                                                            m[i - 1], w[l + 1]));
                }
            c[i][l] = e;
        }
    return c[a][qa];
}

int ssc_th_seed_mfe(const ssc_th_params_t *p, ssc_th_dbuf_t *buf, const char *mir, int mlen,
                    const char *win, int n, int qa, int a, int b, int *energy)
{
    int8_t m[MAXM + 2], w[MAXW + 2];
    int i, e, qb = qa - (b - a), rc;
    ssc_th_hit_t h;
    if (mlen > MAXM || n > MAXW || a < 1 || a > 3 || b < a || b > mlen) return SSC_EINVAL;
    if (qb < 1 || qa > n) return 1;
    m[0] = m[mlen + 1] = w[0] = w[n + 1] = 0;
    if (ssc_th_encode(mir, mlen, m + 1, NULL) < 0 || ssc_th_encode(win, n, w + 1, NULL) < 0)
        return SSC_EINVAL;
    for (i = a; i <= b; i++)
        if (!ssc_th_pair[m[i]][w[qa - (i - a)]]) return 1;
    e = five_prime(p, m, w, n, qa, a);
    for (i = a + 1; i <= b; i++) /* the seed helix: stacks */
        e += p->stack[ssc_th_pair[m[i - 1]][w[qa - (i - 1 - a)]]]
                     [ssc_th_rtype[ssc_th_pair[m[i]][w[qa - (i - a)]]]];
    /* the 3' part: every duplex that continues (b, qb) on miRNA nt b.. and window ..qb */
    if ((rc = ssc_th_duplex_fill_from(p, buf, mir + b - 1, mlen - b + 1, win, qb, e)) != 0)
        return rc;
    if (ssc_th_duplex_best(p, buf, &h) != 0) return 1;
    *energy = h.energy;
    return 0;
}

#define MAXG 16   /* the largest gap between two required pairs joined here (3p-comp: 5 x 8) */

/* The best way from pair (k, qk) to pair (i, qi), i > k, qi < qk: through any pairs of nt
 * k+1..i-1 with positions between, joined by loops (the recursion of five_prime on the
 * rectangle between them). INF when there is none; -INF when the rectangle is too large. */
static int join(const ssc_th_params_t *p, const int8_t *m, const int8_t *w, int k, int qk, int i,
                int qi)
{
    int c[MAXG + 1][MAXG + 1], r, l, r2, l2;
    if (i - k > MAXG || qk - qi > MAXG) return -INF;
    for (r = k; r <= i; r++)
        for (l = qk; l >= qi; l--) {
            int t = ssc_th_pair[m[r]][w[l]], e = INF;
            c[r - k][qk - l] = INF;
            if (r == k) {
                if (l == qk) c[0][0] = 0;
                continue;
            }
            if (!t || (r == i) != (l == qi) || l == qk) continue;
            for (r2 = r - 1; r2 >= k; r2--)
                for (l2 = l + 1; l2 <= qk && (r - r2 - 1) + (l2 - l - 1) <= ML; l2++) {
                    int o = c[r2 - k][qk - l2];
                    if (o >= INF) continue;
                    e = min2(e, o + ssc_th_e_intloop(p, r - r2 - 1, l2 - l - 1, ssc_th_pair[m[r2]][w[l2]],
                                                     ssc_th_rtype[t], m[r2 + 1], w[l2 - 1], m[r - 1], w[l + 1]));
                }
            c[r - k][qk - l] = e;
        }
    return c[i - k][qk - qi];
}

/* Three parts, as ssc_th_seed_mfe's: the 5' corner up to the first required pair, the best
 * join of each two consecutive required pairs (in the constrained fill the rows between
 * them may pair only between their partners), and the anchored fill of the 3' part from
 * the last one. Equal to ssc_th_duplex_fill_req's best (tested on every non-canonical site
 * of the shipped UTRs), on a fraction of its grid. */
int ssc_th_req_mfe(const ssc_th_params_t *p, ssc_th_dbuf_t *buf, const char *mir, int mlen,
                   const char *win, int n, const int *req, int *energy)
{
    int8_t m[MAXM + 2], w[MAXW + 2];
    int i, k = 0, a = 0, b = 0, e, rc;
    ssc_th_hit_t h;
    if (mlen > MAXM || n > MAXW) return SSC_EINVAL;
    m[0] = m[mlen + 1] = w[0] = w[n + 1] = 0;
    if (ssc_th_encode(mir, mlen, m + 1, NULL) < 0 || ssc_th_encode(win, n, w + 1, NULL) < 0)
        return SSC_EINVAL;
    for (i = 1; i <= mlen; i++) {
        if (!req[i]) continue;
        if (req[i] < 1 || req[i] > n || !ssc_th_pair[m[i]][w[req[i]]]) return 1;
        if (!a) a = i;
        else if (req[i] >= req[b]) return 1;
        b = i;
    }
    if (!a) return SSC_EINVAL;
    if (a > MAXA) return 2;
    e = five_prime(p, m, w, n, req[a], a);
    for (k = a, i = a + 1; i <= b && e < INF; i++) {
        int j;
        if (!req[i]) continue;
        if ((j = join(p, m, w, k, req[k], i, req[i])) == -INF) return 2;
        e = j >= INF ? INF : e + j;
        k = i;
    }
    if (e >= INF / 2) return 1;
    if ((rc = ssc_th_duplex_fill_from(p, buf, mir + b - 1, mlen - b + 1, win, req[b], e)) != 0)
        return rc;
    if (ssc_th_duplex_best(p, buf, &h) != 0) return 1;
    *energy = h.energy;
    return 0;
}

int ssc_th_site_energy(const ssc_th_params_t *p, ssc_th_dbuf_t *buf, const char *mir, int mlen,
                       const char *tgt, int64_t tlen, int type, int64_t start, int64_t end,
                       int *energy)
{
    ssc_th_site_geom_t g;
    int rc = ssc_th_site_geom(type, mlen, tlen, start, end, &g);
    if (rc) return rc;
    return ssc_th_seed_mfe(p, buf, mir, mlen, tgt + g.wbeg, (int)(g.wend - g.wbeg),
                           (int)(g.p1 - (g.a - 1) - g.wbeg) + 1, g.a, g.b, energy);
}
