/* thermo/noncanon.c: finds non-canonical sites by their definitions (README) at each alignment of the miRNA, and their constrained duplex energies. */
#include <stdlib.h>
#include <string.h>
#include "thermo/energy.h"
#include "thermo/noncanon.h"
#include "thermo/site.h"

enum { MM = 0, WC = 1, GU = 2 };

/* How miRNA code a pairs with target code b. */
static inline int pair_kind(int a, int b)
{
    int t = ssc_th_pair[a][b];
    return !t ? MM : (t == 3 || t == 4) ? GU : WC;
}

typedef struct {
    const int8_t *m;     /* miRNA codes, 1-based */
    const int8_t *t;     /* target codes, 0-based */
    int mlen;
    int64_t n;
} ctx_t;

/* The kind of nt k against position q (MM off the target). */
static inline int kind_at(const ctx_t *c, int k, int64_t q)
{
    return q < 0 || q >= c->n ? MM : pair_kind(c->m[k], c->t[q]);
}

static int push(ssc_th_nc_t **out, int64_t *cap, int64_t n, const ssc_th_nc_t *x)
{
    if (n == *cap) {
        int64_t c = *cap ? 2 * *cap : 64;
        ssc_th_nc_t *o = realloc(*out, (size_t)c * sizeof *o);
        if (!o) return SSC_ENOMEM;
        *out = o, *cap = c;
    }
    (*out)[n] = *x;
    return 0;
}

/* A site of type with nt lo..hi paired at p1 - (k - 1) (a bulge: nt > kb one further 5'),
 * skipping nt skip; span from the partner of hi to that of lo. */
static void straight(ssc_th_nc_t *x, int type, int64_t p1, int lo, int hi, int skip, int kb)
{
    int k;
    x->type = type;
    for (k = 0; k <= 16; k++) x->pair[k] = -1;
    for (k = lo; k <= hi; k++)
        if (k != skip) x->pair[k] = p1 - (k - 1) - (kb && k > kb);
    x->end = p1 - (lo - 1) + 1;
    x->start = p1 - (hi - 1) - (kb ? 1 : 0);
}

/* Seed sites at alignment p1: G:U, mismatch, 3'-compensatory. s[k] the kinds of nt 2-8. */
static int seed_sites(const ctx_t *c, int64_t p1, unsigned mask, ssc_th_nc_t *x, int *nx)
{
    static const int dorder[5] = { 4, 3, 5, 2, 6 };
    int s[9], k, wc27 = 0, gu27 = 0, mm = 0, mmk = 0, nonwc = 0, d;
    for (k = 2; k <= 8; k++) {
        s[k] = kind_at(c, k, p1 - (k - 1));
        if (k <= 7) wc27 += s[k] == WC, gu27 += s[k] == GU;
        if (s[k] == MM) mm++, mmk = k;
        /* a GU-6mer has two: its G:U and nt 8; no type has two within nt 2-7 */
        if ((nonwc += s[k] != WC) > 1 && k <= 7) return 0;
    }
    if ((mask >> SSC_GU_7MER & 1) && wc27 == 5 && gu27 == 1 && s[8] == WC)
        straight(&x[(*nx)++], SSC_GU_7MER, p1, 2, 8, 0, 0);
    if ((mask >> SSC_GU_6MER & 1) && wc27 == 5 && gu27 == 1 && s[8] != WC)
        straight(&x[(*nx)++], SSC_GU_6MER, p1, 2, 7, 0, 0);
    if ((mask >> SSC_MM_7MER & 1) && nonwc == 1 && mm == 1 && mmk >= 3 && mmk <= 7)
        straight(&x[(*nx)++], SSC_MM_7MER, p1, 2, 8, mmk, 0);
    if ((mask >> SSC_3P_COMP & 1) && nonwc == 1 && c->mlen >= 16)
        for (k = 0; k < 5; k++) {
            int64_t q13 = p1 - 7 - dorder[k] - 1; /* partner of nt 13: d nt after that of nt 8 */
            for (d = 13; d <= 16 && kind_at(c, d, q13 - (d - 13)) == WC; d++) continue;
            if (d <= 16) continue;
            straight(&x[*nx], SSC_3P_COMP, p1, 2, 8, mm ? mmk : 0, 0);
            for (d = 13; d <= 16; d++) x[*nx].pair[d] = q13 - (d - 13);
            x[*nx].start = q13 - 3;
            (*nx)++;
            break;
        }
    return 0;
}

/* A bulge-7mer at p1: nt 2-8 Watson-Crick with one extra target nt after the partner of nt
 * kb (kb = 2..7, the first that fits), not already nt 2-8 Watson-Crick without it. */
static void bulge_site(const ctx_t *c, int64_t p1, ssc_th_nc_t *x, int *nx)
{
    int kb, k;
    /* every placement pairs nt 2 unshifted and nt 8 shifted: test those first */
    if (kind_at(c, 2, p1 - 1) != WC || kind_at(c, 8, p1 - 8) != WC) return;
    for (k = 2; k <= 8 && kind_at(c, k, p1 - (k - 1)) == WC; k++) continue;
    if (k > 8) return;
    for (kb = 2; kb <= 7; kb++) {
        for (k = 2; k <= 8 && kind_at(c, k, p1 - (k - 1) - (k > kb)) == WC; k++) continue;
        if (k > 8) {
            straight(&x[(*nx)++], SSC_BULGE_7MER, p1, 2, 8, 0, kb);
            return;
        }
    }
}

/* A centered site at p1: nt 4-14 or 5-15 Watson-Crick (the longer run within 4-15 when both),
 * nt 2-7 not all Watson-Crick. */
static void centered_site(const ctx_t *c, int64_t p1, ssc_th_nc_t *x, int *nx)
{
    int k, lo, hi;
    for (k = 9; k <= 14 && kind_at(c, k, p1 - (k - 1)) == WC; k++) continue; /* rarest first */
    if (k <= 14) return;
    for (k = 5; k <= 8 && kind_at(c, k, p1 - (k - 1)) == WC; k++) continue;
    if (k <= 8) return;
    k = 15;
    if (k <= 14) return;
    lo = kind_at(c, 4, p1 - 3) == WC ? 4 : 5;
    hi = kind_at(c, 15, p1 - 14) == WC ? 15 : 14;
    if (lo == 5 && hi == 14) return;
    for (k = 2; k <= 7 && kind_at(c, k, p1 - (k - 1)) == WC; k++) continue;
    if (k > 7) return;
    straight(&x[(*nx)++], SSC_CENTERED, p1, lo, hi, 0, 0);
}

void ssc_th_nc_encode(const char *tgt, int64_t n, int8_t *codes)
{
    int64_t i;
    for (i = 0; i < n; i++) codes[i] = ssc_th_code[(unsigned char)tgt[i]];
}

int64_t ssc_th_nc_find(const char *mir, int mlen, const char *tgt, int64_t n, unsigned mask,
                       int64_t from, ssc_th_nc_t **out, int64_t *cap)
{
    int8_t *t = malloc((size_t)n + 1);
    int64_t r;
    if (!t) return SSC_ENOMEM;
    ssc_th_nc_encode(tgt, n, t);
    r = ssc_th_nc_find_codes(mir, mlen, t, n, mask, from, out, cap);
    free(t);
    return r;
}

int64_t ssc_th_nc_find_codes(const char *mir, int mlen, const int8_t *t, int64_t n,
                             unsigned mask, int64_t from, ssc_th_nc_t **out, int64_t *cap)
{
    ssc_th_nc_tgt_t tg = { 0 };
    int64_t r = ssc_th_nc_target(&tg, t, n);
    if (r == 0) r = ssc_th_nc_find_tgt(mir, mlen, &tg, mask, from, out, cap);
    ssc_th_nc_target_free(&tg);
    return r;
}

/* ---- the prefilter: which alignments can hold a site at all, 64 at a time ----
 * Bit q of base b's vector says that target position q holds b; the Watson-Crick partner of
 * a miRNA nt is one base, so "nt k pairs Watson-Crick at alignment p1" (partner position
 * p1 - (k - 1)) for 64 consecutive p1 is one shifted read of its partner's vector. Every type
 * needs (README definitions; seed_sites, bulge_site, centered_site): at most one nt of 2-7
 * not Watson-Crick (G:U, mismatch and 3'-compensatory sites); nt 2..kb Watson-Crick and
 * kb+1..8 one position further (bulge); nt 5-14 Watson-Crick (centered). Alignments that
 * pass are then read as before, so the sites are the same, in the same order. */

void ssc_th_nc_target_free(ssc_th_nc_tgt_t *t)
{
    free(t->bits);
    t->bits = NULL, t->mbits = 0;
}

int ssc_th_nc_target(ssc_th_nc_tgt_t *t, const int8_t *codes, int64_t n)
{
    /* one zero word before and two after each vector: reads from 64 bits before position 0
     * to past the end need no bounds */
    int64_t nw = (n + 63) / 64 + 3, q;
    if (4 * nw > t->mbits) {
        uint64_t *b = realloc(t->bits, (size_t)(4 * nw) * sizeof *b);
        if (!b) return SSC_ENOMEM;
        t->bits = b, t->mbits = 4 * nw;
    }
    memset(t->bits, 0, (size_t)(4 * nw) * sizeof *t->bits);
    for (q = 0; q < n; q++)
        if (codes[q] >= 1 && codes[q] <= 4) t->bits[(codes[q] - 1) * nw + 1 + (q >> 6)] |= 1ull << (q & 63);
    t->codes = codes, t->n = n, t->nw = nw;
    return 0;
}

/* Bits s .. s + 63 of a vector (s >= -64): bit i says whether position s + i holds its base. */
static inline uint64_t bits_at(const uint64_t *v, int64_t s)
{
    int64_t w = (s + 64) >> 6;
    int o = (int)((s + 64) & 63);
    return o ? v[w] >> o | v[w + 1] << (64 - o) : v[w];
}

/* The alignments p1 = base .. base + 63 that pass the prefilter for the types in mask. */
static uint64_t candidates(const ssc_th_nc_tgt_t *t, const int8_t *m, int mlen, unsigned mask,
                           int64_t base)
{
    static const int wc[5] = { -1, 3, 2, 1, 0 }; /* A-U, C-G, G-C, U-A as vector index */
    uint64_t a[16] = { 0 }, one = 0, two = 0, cand = 0, pre;
    int k, kmax = (mask >> SSC_CENTERED & 1) && mlen >= 15 ? 14 : 8;
    for (k = 2; k <= kmax; k++)
        a[k] = m[k] ? bits_at(t->bits + wc[m[k]] * t->nw, base - (k - 1)) : 0;
    if (mask & (1u << SSC_GU_7MER | 1u << SSC_GU_6MER | 1u << SSC_MM_7MER | 1u << SSC_3P_COMP)) {
        for (k = 2; k <= 7; k++) /* a miss seen twice: two not Watson-Crick */
            two |= one & ~a[k], one |= ~a[k];
        cand |= ~two;
    }
    if (mask >> SSC_BULGE_7MER & 1) {
        uint64_t b[9];
        for (k = 3; k <= 8; k++) b[k] = m[k] ? bits_at(t->bits + wc[m[k]] * t->nw, base - k) : 0;
        for (pre = a[2], k = 2; k <= 7; k++) { /* nt 2..kb unshifted, kb+1..8 shifted */
            uint64_t s = ~0ull;
            int j;
            for (j = k + 1; j <= 8; j++) s &= b[j];
            if (k > 2) pre &= a[k];
            cand |= pre & s;
        }
    }
    if (kmax == 14) {
        uint64_t c = ~0ull;
        for (k = 5; k <= 14; k++) c &= a[k];
        cand |= c;
    }
    return cand;
}

int64_t ssc_th_nc_find_tgt(const char *mir, int mlen, const ssc_th_nc_tgt_t *tg, unsigned mask,
                           int64_t from, ssc_th_nc_t **out, int64_t *cap)
{
    int8_t m[64];
    ctx_t c = { m, tg->codes, mlen, tg->n };
    int64_t base, n = tg->n, count = 0;
    int k;
    if (mlen < 8 || mlen > 62) return 0;
    memset(m, 0, sizeof m);
    for (k = 0; k < mlen; k++) m[k + 1] = ssc_th_code[(unsigned char)mir[k]];
    /* nt 1 opposite p1; the seed's partners p1 - 7 .. p1 - 1 must lie on the target */
    for (base = 0; base <= n; base += 64) {
        uint64_t cand = candidates(tg, m, mlen, mask, base);
        if (base == 0) cand &= ~0x7full; /* p1 >= 7 */
        if (n - base < 63) cand &= (2ull << (n - base)) - 1; /* p1 <= n */
        while (cand) {
            int64_t p1 = base + __builtin_ctzll(cand);
            ssc_th_nc_t x[8];
            int nx = 0, i;
            cand &= cand - 1;
            seed_sites(&c, p1, mask, x, &nx);
            if (mask >> SSC_BULGE_7MER & 1) bulge_site(&c, p1, x, &nx);
            if ((mask >> SSC_CENTERED & 1) && mlen >= 15) centered_site(&c, p1, x, &nx);
            for (i = 0; i < nx; i++) {
                if (x[i].start < from || x[i].start < 0) continue;
                if (push(out, cap, count, &x[i]) < 0) return SSC_ENOMEM;
                count++;
            }
        }
    }
    return count;
}

int ssc_th_nc_energy(const ssc_th_params_t *p, ssc_th_dbuf_t *buf, const char *mir, int mlen,
                     const char *tgt, int64_t n, const ssc_th_nc_t *site, int *energy)
{
    int req[66], k, kmax = 0, rc;
    int64_t wbeg, wend, p1 = site->pair[2] + 1;
    ssc_th_hit_t h;
    if (mlen > 64) return SSC_EINVAL;
    for (k = 1; k <= 16; k++)
        if (site->pair[k] >= 0) kmax = k;
    if (site->pair[1] >= 0) p1 = site->pair[1];
    /* the partner of nt 2 is p1 - 1 in every type, but a mismatch may leave nt 2 unpaired */
    for (k = 2; k <= 16 && site->pair[2] < 0; k++)
        if (site->pair[k] >= 0) {
            p1 = site->pair[k] + (k - 1);
            break;
        }
    wbeg = site->pair[kmax] - (mlen - kmax) - SSC_TH_SITE_UP;
    wend = p1 + 1 + SSC_TH_SITE_DOWN;
    if (wbeg < 0) wbeg = 0;
    if (wend > n) wend = n;
    memset(req, 0, sizeof req);
    for (k = 1; k <= 16 && k <= mlen; k++)
        if (site->pair[k] >= 0) req[k] = (int)(site->pair[k] - wbeg) + 1;
    rc = ssc_th_req_mfe(p, buf, mir, mlen, tgt + wbeg, (int)(wend - wbeg), req, energy);
    if (rc != 2) return rc;
    rc = ssc_th_duplex_fill_req(p, buf, mir, mlen, tgt + wbeg, (int)(wend - wbeg), req);
    if (rc) return rc;
    if (ssc_th_duplex_best(p, buf, &h) != 0) return 1;
    *energy = h.energy;
    return 0;
}
