/* scan.c: one pass over a target finds every site of every family (window lookup). */
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include "core/core.h"

#define WCHUNK 8192 /* windows per kernel call: scratch stays in L1/L2 for any target length */

struct ssc_tbuf_s {
    uint16_t *code;
    uint8_t *bad;
    ssc_site_t *site;
    int64_t nsite, msite;
    uint32_t *cnt;      /* nfam * SSC_CSTRIDE counters (and the dummies') */
    int ncnt_fam;
    int32_t *fams;      /* families with sites in the last ssc_count */
    int nfams;
    uint8_t *touched;   /* touched[f]: family f has a site (a sorted list for the cost
                           of a pass over nfam bytes per target) */
    uint16_t *pk;       /* with idx->pair: 4 16-bit counters per family (slots) */
    int cnt_ready;      /* cnt, fams, touched, pk are sized for ncnt_fam families */
    int cnt_dirty, pk_dirty; /* the rows of fams[0..nfams) still hold counts */
    int64_t nnest;      /* sites of families with repetitive seeds */
    uint8_t *drop;      /* scratch for the nesting filter */
    int64_t mdrop;
    char *rc;           /* reverse complement for - strand scans */
    int64_t mrc;
};

void ssc_scanopt_init(ssc_scanopt_t *opt)
{
    memset(opt, 0, sizeof *opt);
    opt->shadow = 14;
}

int ssc_scanopt_check(const ssc_scanopt_t *opt)
{
    return opt->shadow < 0 ? SSC_EINVAL : 0;
}

ssc_tbuf_t *ssc_tbuf_init(void)
{
    ssc_tbuf_t *b = calloc(1, sizeof *b);
    if (!b) return NULL;
    b->code = malloc(WCHUNK * sizeof *b->code);
    b->bad = malloc(WCHUNK);
    if (!b->code || !b->bad) {
        ssc_tbuf_destroy(b);
        return NULL;
    }
    return b;
}

void ssc_tbuf_destroy(ssc_tbuf_t *b)
{
    if (!b) return;
    free(b->code);
    free(b->bad);
    free(b->site);
    free(b->cnt);
    free(b->fams);
    free(b->drop);
    free(b->rc);
    free(b->touched);
    free(b->pk);
    free(b);
}

/* Window starting at i (may stick out of the sequence): its code and the
 * mask of window positions that are not bases or lie outside seq. */
static void window_at(const char *seq, int64_t len, int64_t i, uint16_t *code, uint8_t *bad)
{
    uint16_t c = 0;
    uint8_t m = 0;
    for (int k = 0; k < 8; k++) {
        int64_t p = i + k;
        uint8_t b = p >= 0 && p < len ? ssc_nt4[(uint8_t)seq[p]] : 4;
        c = (uint16_t)(c << 2 | (b & 3));
        if (b > 3) m |= (uint8_t)(1u << k);
    }
    *code = c;
    *bad = m;
}

/* TargetScan masks the first `shadow` bases of the UTR (letters A C G T U,
 * not gaps or N). Returns the position after the last masked base. */
int64_t ssc_shadow_end(const char *seq, int64_t len, int shadow)
{
    int64_t p = 0;
    for (int n = 0; n < shadow && p < len; p++)
        if (ssc_nt4[(uint8_t)seq[p]] < 4) n++;
    return shadow > 0 ? p : 0;
}

static uint8_t shadow_bits(int64_t i, int64_t send)
{
    uint8_t m = 0;
    for (int k = 0; k < 8; k++)
        if (i + k < send) m |= (uint8_t)(1u << k);
    return m;
}

/* Sink for the (family, type) pairs of one window, in (start, family) order. */
enum { SINK_LIST, SINK_COUNT, SINK_PACKED };
typedef struct {
    ssc_tbuf_t *b;
    int mode;            /* list sites, count in cnt, or count in pk */
    const uint8_t *slot; /* SINK_PACKED: each type's slot */
} sink_t;

static inline int site_after(const ssc_site_t *x, const ssc_site_t *y)
{
    if (x->start != y->start) return x->start > y->start;
    if (x->fam != y->fam) return x->fam > y->fam;
    return x->type > y->type;
}

static int put_site(ssc_tbuf_t *b, int64_t i, uint32_t e)
{
    int t = (int)(e & 7);
    ssc_site_t s = { SSC_ENT_FAM(e), (int16_t)t, 0, i + ssc_type_off[t], 0 };
    if (e & SSC_ENT_NESTS) b->nnest++;
    s.end = s.start + ssc_type_len[t];
    if (b->nsite == b->msite) {
        int64_t m = b->msite ? b->msite * 2 : 1024;
        ssc_site_t *p = realloc(b->site, (size_t)m * sizeof *p);
        if (!p) return SSC_ENOMEM;
        b->site = p;
        b->msite = m;
    }
    /* Windows arrive in order and place sites at most 2 nt after their own
     * start, so a short insertion keeps the list sorted by (start, fam, type). */
    int64_t k = b->nsite++;
    while (k > 0 && site_after(&b->site[k - 1], &s)) {
        b->site[k] = b->site[k - 1];
        k--;
    }
    b->site[k] = s;
    return 0;
}

/* Branch-free: a counter and the family's mark, or the family's slot counter. */
static inline void count_entry(sink_t *sk, uint32_t e)
{
    if (sk->mode == SINK_PACKED) {
        sk->b->pk[(e >> 3 << 2) | sk->slot[e & 7]]++;
        return;
    }
    sk->b->touched[e >> 3] = 1;
    sk->b->cnt[e]++;
}

/* Sites of repetitive seeds wait in the site list for the nesting filter. */
static inline int put_count(sink_t *sk, int64_t i, uint32_t e)
{
    if (e & SSC_ENT_NESTS) return put_site(sk->b, i, e);
    count_entry(sk, e);
    return 0;
}

/* Does site y lie within site x of the same family and lose to it? A longer
 * span wins; over the same span the better (lower numbered) type wins. */
static int loses_to(const ssc_site_t *y, const ssc_site_t *x)
{
    if (x->fam != y->fam || x->start > y->start || y->end > x->end) return 0;
    int64_t lx = x->end - x->start, ly = y->end - y->start;
    return lx > ly || (lx == ly && x->type < y->type);
}

/* One physical site is one row: drop every site whose span lies within the
 * span of a better site of the same family. Spans are at most 8 nt, so the
 * candidates start at most 2 nt earlier or later in the sorted list. */
static int nest_filter(ssc_tbuf_t *b)
{
    int64_t n = b->nsite, w = 0;
    ssc_site_t *s = b->site;
    if (n > b->mdrop) {
        uint8_t *d = realloc(b->drop, (size_t)n);
        if (!d) return SSC_ENOMEM;
        b->drop = d;
        b->mdrop = n;
    }
    for (int64_t k = 0; k < n; k++) {
        int lose = 0;
        for (int64_t j = k - 1; j >= 0 && s[j].start >= s[k].start - 2 && !lose; j--)
            lose = loses_to(&s[k], &s[j]);
        for (int64_t j = k + 1; j < n && s[j].start <= s[k].start + 2 && !lose; j++)
            lose = loses_to(&s[k], &s[j]);
        b->drop[k] = (uint8_t)lose;
    }
    for (int64_t k = 0; k < n; k++)
        if (!b->drop[k]) s[w++] = s[k];
    b->nsite = w;
    return 0;
}

/* A window with unusable positions (not a base, masked, outside the
 * target): a site is there when its own positions are usable and the
 * pattern holds with each unusable position standing for "no base", which
 * satisfies every "not x" condition. Trying all bases in the unusable
 * positions and keeping the sites that avoid them gives exactly that. Every
 * site covers window positions 2-5, so only 0, 1, 6 and 7 need trying. */
static int slow_window(const ssc_index_t *idx, sink_t *sk, int64_t i, uint16_t code, uint8_t bad)
{
    uint32_t got[64];
    int ngot = 0, pos[4], np = 0, any = 0;
    if (bad & 0x3c) return 0;
    /* no enabled type avoids the unusable positions (at a target's end with
     * the default types, for instance): nothing to try */
    for (int t = 0; t < SSC_NTYPES && !any; t++)
        any = (idx->types >> t & 1) && !((((1u << ssc_type_len[t]) - 1) << ssc_type_off[t]) & bad);
    if (!any) return 0;
    for (int k = 0; k < 8; k++)
        if (bad >> k & 1) pos[np++] = k;
    for (int combo = 0; combo < 1 << (2 * np); combo++) {
        uint16_t c = code;
        for (int j = 0; j < np; j++) {
            int sh = 2 * (7 - pos[j]);
            c = (uint16_t)((c & ~(3u << sh)) | ((unsigned)(combo >> (2 * j) & 3) << sh));
        }
        for (uint32_t a = idx->off[c]; a < idx->off[c + 1]; a++) {
            uint32_t e = idx->ent[a];
            int t = (int)(e & 7), dup = 0;
            uint8_t span = (uint8_t)(((1u << ssc_type_len[t]) - 1) << ssc_type_off[t]);
            if (span & bad) continue;
            for (int g = 0; g < ngot && !dup; g++) dup = got[g] == e;
            if (!dup && ngot < 64) got[ngot++] = e;
        }
    }
    /* index order: (window offset, family, type) */
    for (int x = 1; x < ngot; x++)
        for (int y = x; y > 0; y--) {
            uint32_t a = got[y - 1], bb = got[y];
            int ka = ssc_type_off[a & 7], kb = ssc_type_off[bb & 7];
            if (ka < kb || (ka == kb && (a & ~SSC_ENT_NESTS) <= (bb & ~SSC_ENT_NESTS))) break;
            got[y - 1] = bb;
            got[y] = a;
        }
    for (int g = 0; g < ngot; g++)
        if ((sk->mode ? put_count(sk, i, got[g]) : put_site(sk->b, i, got[g])) < 0)
            return SSC_ENOMEM;
    return 0;
}

static int edge_window(const ssc_index_t *idx, sink_t *sk, const char *seq, int64_t len,
                       int64_t i, int64_t send)
{
    uint16_t code;
    uint8_t bad;
    if (i + 2 < send) return 0; /* position 2 in the shadow: no site (see scan_full) */
    window_at(seq, len, i, &code, &bad);
    return slow_window(idx, sk, i, code, (uint8_t)(bad | shadow_bits(i, send)));
}

/* Windows that need more than one table read: unusable positions, several
 * entries, or a family with a repetitive seed. */
static int window_rest(const ssc_index_t *idx, sink_t *sk, int64_t i, uint16_t code, uint8_t bad)
{
    if (bad) return slow_window(idx, sk, i, code, bad);
    for (uint32_t a = idx->off[code]; a < idx->off[code + 1]; a++) {
        uint32_t e = idx->ent[a];
        if ((sk->mode ? put_count(sk, i, e) : put_site(sk->b, i, e)) < 0) return SSC_ENOMEM;
    }
    return 0;
}

/* The hot loops. Most windows complete no site or one plain site and need
 * one table read; the rest go to window_rest. Counting is branch-free for
 * those: empty windows count into a dummy family.
 * Dense sets with up to four types (all human families) read idx->pair,
 * which holds two entries per window as indices of 16-bit counters, four
 * per family: the 9% of windows of all human families that complete two
 * sites take the branch-free path too (1.8% have more), and a window costs
 * two increments in 16 kB of counters, no mark: a family's four counters
 * read as one 64-bit word say whether it has sites. */
static inline __attribute__((always_inline)) int
count_pair(const ssc_index_t *idx, sink_t *sk, const uint16_t *restrict code, const uint8_t *restrict bad,
           int64_t w0, int64_t j0, int64_t nw, const int has_bad)
{
    const uint32_t *restrict pair = idx->pair;
    const uint16_t *restrict plist = idx->plist;
    uint16_t *restrict pk = sk->b->pk;
    for (int64_t j = j0; j < nw; j++) {
        uint32_t v = pair[code[j]];
        if (__builtin_expect((v >> 31) | (has_bad ? bad[j] : 0), 0)) {
            if ((!has_bad || bad[j] == 0) && (v & SSC_PAIR_LIST)) {
                const uint16_t *q = plist + (v & SSC_PAIR_AT);
                for (uint32_t k = 1; k <= q[0]; k++) pk[q[k]]++;
            } else if (window_rest(idx, sk, w0 + j, code[j], bad[j]) < 0) return SSC_ENOMEM;
            continue;
        }
        pk[v & 0xffff]++;
        pk[v >> 16]++;
    }
    return 0;
}

/* The loop without its bad[] reads, for chunks of bases only (the kernel
 * says which), and with them. */
static int count_pair_clean(const ssc_index_t *idx, sink_t *sk, const uint16_t *restrict code,
                            const uint8_t *restrict bad, int64_t w0, int64_t j0, int64_t nw)
{
    return count_pair(idx, sk, code, bad, w0, j0, nw, 0);
}

static int count_pair_bad(const ssc_index_t *idx, sink_t *sk, const uint16_t *restrict code,
                          const uint8_t *restrict bad, int64_t w0, int64_t j0, int64_t nw)
{
    return count_pair(idx, sk, code, bad, w0, j0, nw, 1);
}

/* Any set: one entry per window in idx->fast. Sparse sets (few codes
 * complete a site) branch on it instead of counting empty windows. */
static int count_fast(const ssc_index_t *idx, sink_t *sk, const uint16_t *restrict code,
                      const uint8_t *restrict bad, int64_t w0, int64_t j0, int64_t nw)
{
    const uint32_t *restrict fast = idx->fast, *restrict off = idx->off, *restrict ent = idx->ent;
    const uint32_t dummy0 = idx->sparse ? SSC_DUMMY_BASE(idx->nfam) << 3 : UINT32_MAX;
    uint32_t *restrict cnt = sk->b->cnt;
    uint8_t *restrict touched = sk->b->touched;
    for (int64_t j = j0; j < nw; j++) {
        uint32_t v = fast[code[j]];
        if (__builtin_expect(bad[j] == 0 && !(v & SSC_FAST_SLOW), 1)) {
            if (v < dummy0) {
                touched[v >> 3] = 1;
                cnt[v]++;
            }
        } else if (bad[j] == 0 && !(v & SSC_FAST_NESTS)) {
            for (uint32_t a = off[code[j]], z = off[code[j] + 1]; a < z; a++) count_entry(sk, ent[a]);
        } else if (window_rest(idx, sk, w0 + j, code[j], bad[j]) < 0) return SSC_ENOMEM;
    }
    return 0;
}

static int count_chunk(const ssc_index_t *idx, sink_t *sk, const uint16_t *restrict code,
                       const uint8_t *restrict bad, int64_t w0, int64_t j0, int64_t nw, int has_bad)
{
    if (sk->mode == SINK_PACKED)
        return has_bad ? count_pair_bad(idx, sk, code, bad, w0, j0, nw) : count_pair_clean(idx, sk, code, bad, w0, j0, nw);
    return count_fast(idx, sk, code, bad, w0, j0, nw);
}

static int list_chunk(const ssc_index_t *idx, sink_t *sk, const uint16_t *restrict code,
                      const uint8_t *restrict bad, int64_t w0, int64_t j0, int64_t nw)
{
    const uint32_t *restrict fast = idx->fast;
    const uint32_t dummy0 = SSC_DUMMY_BASE(idx->nfam) << 3;
    for (int64_t j = j0; j < nw; j++) {
        uint32_t v = fast[code[j]];
        if (__builtin_expect(bad[j] == 0 && !(v & SSC_FAST_SLOW), 1)) {
            if (v < dummy0 && put_site(sk->b, w0 + j, v) < 0) return SSC_ENOMEM;
        } else if (window_rest(idx, sk, w0 + j, code[j], bad[j]) < 0) return SSC_ENOMEM;
    }
    return 0;
}

static int scan_full(const ssc_index_t *idx, sink_t *sk, const char *seq, int64_t len, int64_t send)
{
    ssc_tbuf_t *b = sk->b;
    ssc_kernel_f kernel = ssc_kernel_get(NULL);
    for (int64_t w0 = 0; w0 + 8 <= len; w0 += WCHUNK) {
        int64_t nw = len - 7 - w0 < WCHUNK ? len - 7 - w0 : WCHUNK, j = 0;
        int has_bad = kernel(seq + w0, nw + 7, b->code, b->bad);
        /* windows touching the ribosome shadow; those with position 2 in it
         * complete no site (every site covers positions 2-5) */
        if (send - 2 - w0 > 0) j = send - 2 - w0 < nw ? send - 2 - w0 : nw;
        for (; j < nw && w0 + j < send; j++)
            if (window_rest(idx, sk, w0 + j, b->code[j], (uint8_t)(b->bad[j] | shadow_bits(w0 + j, send))) < 0)
                return SSC_ENOMEM;
        int ret = sk->mode ? count_chunk(idx, sk, b->code, b->bad, w0, j, nw, has_bad)
                            : list_chunk(idx, sk, b->code, b->bad, w0, j, nw);
        if (ret < 0) return ret;
    }
    return 0;
}

/* Windows start at -2 .. len-6: 6mer-A1 and 7mer-A1 sites can begin at 0
 * with their window sticking out in front, offset-6mer and 7mer-m8 sites
 * can end at len with theirs sticking out behind. */
static int scan_all(const ssc_index_t *idx, sink_t *sk, const char *seq, int64_t len, int shadow)
{
    int64_t send = ssc_shadow_end(seq, len, shadow), i;
    int ret;
    for (i = -2; i < 0; i++)
        if ((ret = edge_window(idx, sk, seq, len, i, send)) < 0) return ret;
    if (len >= 8 && (ret = scan_full(idx, sk, seq, len, send)) < 0) return ret;
    for (i = len >= 8 ? len - 7 : 0; i <= len - 6; i++)
        if ((ret = edge_window(idx, sk, seq, len, i, send)) < 0) return ret;
    return 0;
}

int64_t ssc_scan(const ssc_index_t *idx, const ssc_scanopt_t *opt, const char *seq, int64_t len,
                 ssc_tbuf_t *b, const ssc_site_t **sites)
{
    sink_t sk = { b, SINK_LIST, NULL };
    int ret;
    b->nsite = b->nnest = 0;
    if ((ret = scan_all(idx, &sk, seq, len, opt->shadow)) < 0) return ret;
    if (b->nnest && (ret = nest_filter(b)) < 0) return ret;
    *sites = b->site;
    return b->nsite;
}

/* The windows lying wholly inside a short piece cut from the inside of a
 * target (a variant's rescan): no edge windows, no shadow, no kernel call;
 * codes and bad-letter masks roll along the piece. */
int64_t ssc_scan_inner(const ssc_index_t *idx, const char *seq, int64_t len, ssc_tbuf_t *b,
                       const ssc_site_t **sites)
{
    sink_t sk = { b, SINK_LIST, NULL };
    const uint32_t *fast = idx->fast, dummy0 = SSC_DUMMY_BASE(idx->nfam) << 3;
    uint32_t code = 0, bad = 0;
    b->nsite = b->nnest = 0;
    for (int64_t p = 0; p < len; p++) {
        uint8_t x = ssc_nt4[(uint8_t)seq[p]];
        code = (code << 2 | (x & 3)) & 0xffff;
        bad = bad >> 1 | (uint32_t)(x > 3) << 7; /* bit k: window position k */
        if (p < 7) continue;
        uint32_t v = fast[code];
        int ret = 0;
        if (bad == 0 && !(v & SSC_FAST_SLOW)) {
            if (v < dummy0) ret = put_site(b, p - 7, v);
        } else ret = window_rest(idx, &sk, p - 7, (uint16_t)code, (uint8_t)bad);
        if (ret < 0) return ret;
    }
    if (b->nnest) {
        int ret = nest_filter(b);
        if (ret < 0) return ret;
    }
    *sites = b->site;
    return b->nsite;
}

/* The real families marked in touched, ascending; clears their marks (the
 * dummy families' lie beyond and are never read). Sixteen marks at a time
 * become a bit mask; its set bits are the families (a quarter to a half of
 * all human families are marked in a typical 3'UTR). */
static int collect_touched(ssc_tbuf_t *b, int nfam)
{
    uint8_t *t = b->touched;
    int n = 0, f = 0;
    for (; f + 16 <= nfam; f += 16) {
#ifdef __SSE2__
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(t + f));
        unsigned m = (unsigned)_mm_movemask_epi8(_mm_cmpgt_epi8(x, _mm_setzero_si128()));
        if (!m) continue;
        _mm_storeu_si128((__m128i *)(void *)(t + f), _mm_setzero_si128());
#else
        unsigned m = 0;
        for (int k = 0; k < 16; k++) m |= (unsigned)(t[f + k] != 0) << k;
        if (!m) continue;
        memset(t + f, 0, 16);
#endif
        for (; m; m &= m - 1) b->fams[n++] = f + __builtin_ctz(m);
    }
    for (; f < nfam; f++)
        if (t[f]) {
            b->fams[n++] = f;
            t[f] = 0;
        }
    return n;
}

/* Counters sized for idx, and zero: clear the rows the last call filled. */
static int count_prepare(const ssc_index_t *idx, ssc_tbuf_t *b)
{
    if (!b->cnt_ready || b->ncnt_fam != idx->nfam) {
        size_t na = SSC_NFAM_ALLOC(idx->nfam);
        free(b->cnt);
        free(b->fams);
        free(b->touched);
        free(b->pk);
        b->cnt = calloc(na * SSC_CSTRIDE, sizeof *b->cnt);
        b->fams = malloc(((size_t)idx->nfam + 1) * sizeof *b->fams);
        b->touched = calloc(na, 1);
        b->pk = calloc(na * 4, sizeof *b->pk);
        b->cnt_ready = b->cnt && b->fams && b->touched && b->pk;
        b->ncnt_fam = idx->nfam;
        b->cnt_dirty = b->pk_dirty = 0;
        if (!b->cnt_ready) return SSC_ENOMEM;
    }
    /* locals: memset may alias b's fields, which would be read again per row */
    const int32_t *fams = b->fams;
    int nfams = b->nfams;
    if (b->cnt_dirty) {
        uint32_t *cnt = b->cnt;
        for (int k = 0; k < nfams; k++) memset(cnt + (size_t)fams[k] * SSC_CSTRIDE, 0, SSC_CSTRIDE * sizeof *cnt);
    }
    if (b->pk_dirty) {
        uint16_t *pk = b->pk;
        for (int k = 0; k < nfams; k++) memset(pk + 4 * (size_t)fams[k], 0, 4 * sizeof *pk);
    }
    b->cnt_dirty = b->pk_dirty = 0;
    b->nfams = 0;
    return 0;
}

/* A 16-bit counter cannot overflow: a window adds at most one site per
 * family, and a target of len bases has len + 2 windows. */
#define PACKED_MAX_LEN 65000

int ssc_count_any(const ssc_index_t *idx, const ssc_scanopt_t *opt, const char *seq, int64_t len,
                  ssc_tbuf_t *b, const uint32_t **counts, const uint16_t **packed, const int32_t **fams)
{
    int ret, pk = idx->pair && len <= PACKED_MAX_LEN;
    sink_t sk = { b, pk ? SINK_PACKED : SINK_COUNT, idx->slot };
    if ((ret = count_prepare(idx, b)) < 0) return ret;
    b->nsite = b->nnest = 0;
    if ((ret = scan_all(idx, &sk, seq, len, opt->shadow)) < 0) return ret;
    if (b->nsite && (ret = nest_filter(b)) < 0) return ret;
    for (int64_t k = 0; k < b->nsite; k++)
        count_entry(&sk, (uint32_t)b->site[k].fam << 3 | (uint32_t)b->site[k].type);
    if (pk) {
        b->nfams = ssc_collect_get()(b->pk, idx->nfam, b->fams);
        b->pk_dirty = 1;
        *counts = NULL;
        *packed = b->pk;
    } else {
        b->nfams = collect_touched(b, idx->nfam);
        b->cnt_dirty = 1;
        *counts = b->cnt;
        *packed = NULL;
    }
    *fams = b->fams;
    return b->nfams;
}

int ssc_count(const ssc_index_t *idx, const ssc_scanopt_t *opt, const char *seq, int64_t len,
              ssc_tbuf_t *b, const uint32_t **counts, const int32_t **fams)
{
    const uint16_t *pk;
    int nf = ssc_count_any(idx, opt, seq, len, b, counts, &pk, fams);
    if (nf < 0 || !pk) return nf;
    /* the API's layout: 32-bit counters by type */
    for (int k = 0; k < nf; k++)
        for (int t = 0; t < SSC_NTYPES; t++)
            if (idx->types >> t & 1)
                b->cnt[(size_t)b->fams[k] * SSC_CSTRIDE + t] = pk[4 * (size_t)b->fams[k] + idx->slot[t]];
    b->cnt_dirty = 1;
    *counts = b->cnt;
    return nf;
}

void ssc_revcomp(const char *seq, int64_t len, char *out)
{
    static char comp[256];
    if (!comp['A']) {
        char c[256];
        for (int i = 0; i < 256; i++) c[i] = (char)i;
        c['A'] = 'T'; c['C'] = 'G'; c['G'] = 'C'; c['T'] = 'A'; c['U'] = 'A';
        c['a'] = 't'; c['c'] = 'g'; c['g'] = 'c'; c['t'] = 'a'; c['u'] = 'a';
        memcpy(comp, c, sizeof c); /* idempotent: racing threads write the same bytes */
    }
    for (int64_t i = 0; i < len; i++) out[len - 1 - i] = comp[(uint8_t)seq[i]];
}

/* Pieces of a long target overlap by SSC_PIECE_OVERLAP (16) bases. A piece
 * owns the sites starting from 4 bases after its start (the first piece:
 * all) to 12 bases before its end (the last piece: all to the end), so the
 * owned ranges tile the target and pieces come out in order. A site starting
 * at s has its window at s-2..s; that window's bases and those of every
 * window within 2 nt (the nesting filter's reach) lie in s-4 .. s+9, inside
 * the piece for owned sites. The same holds on the - strand, mirrored. */
#define OWN_FRONT 4
#define OWN_BACK (SSC_PIECE_OVERLAP - OWN_FRONT)

int64_t ssc_scan_rec(const ssc_index_t *idx, const ssc_scanopt_t *opt, const ssc_rec_t *rec,
                     ssc_tbuf_t *b, const ssc_site_t **sites)
{
    ssc_scanopt_t o = *opt;
    int64_t n, w = 0, lo, hi;
    if (rec->pos == 0 && rec->last) return ssc_scan(idx, opt, rec->seq, rec->len, b, sites);
    /* the shadow counts bases from the target's start */
    o.shadow = rec->nt_before >= opt->shadow ? 0 : opt->shadow - (int)rec->nt_before;
    if ((n = ssc_scan(idx, &o, rec->seq, rec->len, b, sites)) < 0) return n;
    lo = rec->pos == 0 ? INT64_MIN : OWN_FRONT;
    hi = rec->last ? INT64_MAX : rec->len - OWN_BACK;
    for (int64_t k = 0; k < n; k++) {
        ssc_site_t x = b->site[k];
        if (x.start < lo || x.start >= hi) continue;
        x.start += rec->pos;
        x.end += rec->pos;
        b->site[w++] = x;
    }
    b->nsite = w;
    *sites = b->site;
    return w;
}

static int cmp_site_pos(const void *a, const void *b)
{
    const ssc_site_t *x = a, *y = b;
    if (x->start != y->start) return x->start < y->start ? -1 : 1;
    if (x->fam != y->fam) return x->fam < y->fam ? -1 : 1;
    return x->type - y->type;
}

/* The - strand: scan the reverse complement and map back. The shadow masks
 * the first bases of the target as given, for sites on either strand (a
 * 3'UTR's start; for genomes use a shadow of 0): those bases become N in the
 * reverse complement. A site's window on the reverse complement maps to the
 * + strand as a mirror image, so ownership is decided by the + start exactly
 * as for + sites. */
/* The reverse complement of rec into b->rc, the shadow's bases turned to N
 * (the shadow stays at the start of the + strand). */
static int masked_rc(const ssc_scanopt_t *opt, const ssc_rec_t *rec, ssc_tbuf_t *b)
{
    int64_t len = rec->len;
    if (len + 1 > b->mrc) {
        char *p = realloc(b->rc, (size_t)len + 1);
        if (!p) return SSC_ENOMEM;
        b->rc = p;
        b->mrc = len + 1;
    }
    ssc_revcomp(rec->seq, len, b->rc);
    if (opt->shadow > rec->nt_before) {
        int64_t send = ssc_shadow_end(rec->seq, len, opt->shadow - (int)rec->nt_before);
        memset(b->rc + len - send, 'N', (size_t)send);
    }
    return 0;
}

static int64_t scan_rec_strand(const ssc_index_t *idx, const ssc_scanopt_t *opt, const ssc_rec_t *rec,
                               int minus, ssc_tbuf_t *b, const ssc_site_t **sites, int sorted)
{
    ssc_scanopt_t o = *opt;
    int64_t n, w = 0, lo, hi, len = rec->len;
    if (!minus) return ssc_scan_rec(idx, opt, rec, b, sites);
    if (masked_rc(opt, rec, b) < 0) return SSC_ENOMEM;
    o.shadow = 0;
    if ((n = ssc_scan(idx, &o, b->rc, len, b, sites)) < 0) return n;
    lo = rec->pos == 0 ? INT64_MIN : OWN_FRONT;
    hi = rec->last ? INT64_MAX : len - OWN_BACK;
    for (int64_t k = 0; k < n; k++) {
        ssc_site_t x = b->site[k];
        int64_t f = len - x.end; /* its start on the + strand of the piece */
        if (f < lo || f >= hi) continue;
        x.start = rec->pos + len - b->site[k].end;
        x.end = rec->pos + len - b->site[k].start;
        x.strand = 1;
        b->site[w++] = x;
    }
    b->nsite = w;
    *sites = b->site;
    if (!sorted) return w;
    /* reversed, the list is sorted but for sites of different lengths
     * starting a few nt apart: a short insertion sort finishes it */
    for (int64_t i = 0, j = w - 1; i < j; i++, j--) {
        ssc_site_t t = b->site[i];
        b->site[i] = b->site[j];
        b->site[j] = t;
    }
    for (int64_t i = 1; i < w; i++)
        for (int64_t j = i; j > 0 && cmp_site_pos(&b->site[j - 1], &b->site[j]) > 0; j--) {
            ssc_site_t t = b->site[j];
            b->site[j] = b->site[j - 1];
            b->site[j - 1] = t;
        }
    *sites = b->site;
    return w;
}

int64_t ssc_scan_rec_strand(const ssc_index_t *idx, const ssc_scanopt_t *opt, const ssc_rec_t *rec,
                            int minus, ssc_tbuf_t *b, const ssc_site_t **sites)
{
    return scan_rec_strand(idx, opt, rec, minus, b, sites, 1);
}

int64_t ssc_scan_rec_strand_unsorted(const ssc_index_t *idx, const ssc_scanopt_t *opt,
                                     const ssc_rec_t *rec, int minus, ssc_tbuf_t *b,
                                     const ssc_site_t **sites)
{
    return scan_rec_strand(idx, opt, rec, minus, b, sites, 0);
}

int ssc_count_strand(const ssc_index_t *idx, const ssc_scanopt_t *opt, const ssc_rec_t *rec,
                     int minus, ssc_tbuf_t *b, const uint32_t **counts, const uint16_t **packed,
                     const int32_t **fams)
{
    ssc_scanopt_t o = *opt;
    if (!minus) return ssc_count_any(idx, opt, rec->seq, rec->len, b, counts, packed, fams);
    if (masked_rc(opt, rec, b) < 0) return SSC_ENOMEM;
    o.shadow = 0;
    return ssc_count_any(idx, &o, b->rc, rec->len, b, counts, packed, fams);
}
