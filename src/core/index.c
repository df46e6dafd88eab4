/* index.c: the window index, from every 8-nt window code to the sites it completes. */
#include <stdlib.h>
#include <string.h>
#include "core/core.h"

/* What a site type requires of the 8-nt window w0..w7, with r0..r6 the
 * reverse complement of miRNA nt 2-8 (w_k pairs with nt 8-k):
 *   need[k] = 0..3 the base required, ANY, or NOT(x) = any base but x.
 * The NOT conditions make each type exclusive of the longer ones that
 * contain it, so a window completes at most one type per family. */
#define ANY 8
#define NOT(x) (16 | (x))
enum { A = 0 };

static void type_pattern(int t, const int r[7], int need[8])
{
    for (int k = 0; k < 8; k++) need[k] = ANY;
    switch (t) {
    case SSC_8MER:
        for (int k = 0; k < 7; k++) need[k] = r[k];
        need[7] = A;
        break;
    case SSC_7MER_M8:
        for (int k = 0; k < 7; k++) need[k] = r[k];
        need[7] = NOT(A);
        break;
    case SSC_7MER_A1:
        for (int k = 1; k < 7; k++) need[k] = r[k];
        need[0] = NOT(r[0]);
        need[7] = A;
        break;
    case SSC_6MER:
        for (int k = 1; k < 7; k++) need[k] = r[k];
        need[0] = NOT(r[0]);
        need[7] = NOT(A);
        break;
    case SSC_OFFSET_6MER:
        for (int k = 0; k < 6; k++) need[k] = r[k];
        need[6] = NOT(r[6]);
        break;
    case SSC_6MER_A1:
        for (int k = 2; k < 7; k++) need[k] = r[k];
        need[1] = NOT(r[1]);
        need[7] = A;
        break;
    }
}

/* Call add(code) for every window code satisfying need[]. */
static void enumerate(const int need[8], void (*add)(void *, uint16_t), void *data)
{
    int freepos[8], nfree = 0;
    uint16_t base = 0;
    for (int k = 0; k < 8; k++) {
        if (need[k] < 4) base |= (uint16_t)(need[k] << (2 * (7 - k)));
        else freepos[nfree++] = k;
    }
    for (int combo = 0; combo < 1 << (2 * nfree); combo++) {
        uint16_t code = base;
        int ok = 1;
        for (int j = 0; j < nfree && ok; j++) {
            int k = freepos[j], b = (combo >> (2 * j)) & 3;
            if (need[k] != ANY && b == (need[k] & 3)) ok = 0;
            code |= (uint16_t)(b << (2 * (7 - k)));
        }
        if (ok) add(data, code);
    }
}

/* Can two sites of this family from alignments d = 1 or 2 nt apart cover
 * nested or equal spans? Only for repetitive seeds (AAAAAAA, CACACAC, ...).
 * Two patterns fit together when no position needs two different bases
 * and no position needs a base that the other excludes. */
static int fits(int a, int b)
{
    if (a == ANY || b == ANY) return 1;
    if (a < 4 && b < 4) return a == b;
    if (a < 4) return a != (b & 3);
    if (b < 4) return b != (a & 3);
    return 1;
}

static int self_nesting(const int r[7], unsigned types)
{
    int n1[8], n2[8];
    for (int t1 = 0; t1 < SSC_NTYPES; t1++)
        for (int t2 = 0; t2 < SSC_NTYPES; t2++) {
            if (!(types >> t1 & 1) || !(types >> t2 & 1)) continue;
            type_pattern(t1, r, n1);
            type_pattern(t2, r, n2);
            for (int d = 1; d <= 2; d++) {
                int ok = 1;
                for (int p = d; p < 8 && ok; p++) ok = fits(n1[p], n2[p - d]);
                int s1 = ssc_type_off[t1], e1 = s1 + ssc_type_len[t1];
                int s2 = d + ssc_type_off[t2], e2 = s2 + ssc_type_len[t2];
                if (ok && ((s1 <= s2 && e2 <= e1) || (s2 <= s1 && e1 <= e2))) return 1;
            }
        }
    return 0;
}

typedef struct {
    uint32_t *off, *ent;
    uint32_t cur;      /* entry being placed */
    int fill;          /* 0: count, 1: fill */
} build_t;

static void add_entry(void *data, uint16_t code)
{
    build_t *b = data;
    if (b->fill) b->ent[b->off[code]++] = b->cur;
    else b->off[code + 1]++;
}

static void seed_rc(const char *seed, int r[7])
{
    /* seed = nt 2..8; r0 pairs with nt 8, r6 with nt 2 */
    for (int k = 0; k < 7; k++) r[k] = ssc_comp4(ssc_nt4[(uint8_t)seed[6 - k]]);
}

/* One pass per phase over (window offset, family, type), so that every
 * code's entry list comes out sorted by site start, then family. */
static void place_all(build_t *b, const ssc_mirset_t *ms, unsigned types, const uint8_t *nests)
{
    int nf = ssc_mirset_n_families(ms);
    for (int o = 0; o < 3; o++)
        for (int f = 0; f < nf; f++) {
            int r[7], need[8];
            seed_rc(ssc_family_seed(ms, f), r);
            uint32_t flag = nests[f] ? SSC_ENT_NESTS : 0;
            for (int t = 0; t < SSC_NTYPES; t++) {
                if (!(types >> t & 1) || ssc_type_off[t] != o) continue;
                type_pattern(t, r, need);
                b->cur = (uint32_t)f << 3 | (uint32_t)t | flag;
                enumerate(need, add_entry, b);
            }
        }
}

/* A plain entry's counter index in the packed layout: fam * 4 + slot. */
static uint32_t pair_counter(const ssc_index_t *idx, uint32_t e)
{
    return (e >> 3 << 2) | idx->slot[e & 7];
}

/* idx->pair and idx->plist for a dense set of up to four types. Windows
 * with three or more entries (about 1.8% with all human families) keep
 * their counter indices in plist, so that counting them reads one short
 * list instead of the entries and the types' slots. */
static int build_pair(ssc_index_t *idx)
{
    size_t nlist = 0, at = 0;
    for (int c = 0; c < 65536; c++) {
        uint32_t n = idx->off[c + 1] - idx->off[c];
        if (n > 2 && !(idx->fast[c] & SSC_FAST_NESTS)) nlist += 1 + n;
    }
    if (nlist > SSC_PAIR_AT) return 0; /* cannot happen below 2^28 families; count without */
    idx->pair = malloc(65536 * sizeof *idx->pair);
    idx->plist = malloc((nlist + 1) * sizeof *idx->plist);
    if (!idx->pair || !idx->plist) return SSC_ENOMEM;
    for (int c = 0; c < 65536; c++) {
        uint32_t a = idx->off[c], n = idx->off[c + 1] - a;
        if (idx->fast[c] & SSC_FAST_NESTS) idx->pair[c] = SSC_PAIR_SLOW;
        else if (n > 2) {
            idx->pair[c] = SSC_PAIR_SLOW | SSC_PAIR_LIST | (uint32_t)at;
            idx->plist[at++] = (uint16_t)n;
            for (uint32_t k = 0; k < n; k++) idx->plist[at++] = (uint16_t)pair_counter(idx, idx->ent[a + k]);
        } else {
            /* the dummy's slot-0 and slot-1 counters for the empty halves */
            uint32_t d = SSC_DUMMY(idx->nfam, c & 7) << 2;
            uint32_t e0 = n > 0 ? pair_counter(idx, idx->ent[a]) : d;
            uint32_t e1 = n > 1 ? pair_counter(idx, idx->ent[a + 1]) : d + 1;
            idx->pair[c] = e0 | e1 << 16;
        }
    }
    return 0;
}

ssc_index_t *ssc_index_build(const ssc_mirset_t *ms, unsigned types)
{
    ssc_index_t *idx = calloc(1, sizeof *idx);
    build_t b = { 0 };
    uint8_t *nests = NULL;
    if (!idx || (types & ~SSC_TYPES_ALL) || !types) goto fail;
    if (ssc_mirset_n_families(ms) >= 1 << 28) goto fail;
    idx->types = types;
    idx->nfam = ssc_mirset_n_families(ms);
    idx->off = calloc(65537, sizeof *idx->off);
    if (!idx->off) goto fail;
    b.off = idx->off;
    /* which families nest, once (place_all passes over them six times) */
    if (!(nests = malloc((size_t)idx->nfam + 1))) goto fail;
    for (int f = 0; f < idx->nfam; f++) {
        int r[7];
        seed_rc(ssc_family_seed(ms, f), r);
        nests[f] = (uint8_t)self_nesting(r, types);
    }
    place_all(&b, ms, types, nests);        /* count per code */
    for (int c = 0; c < 65536; c++) idx->off[c + 1] += idx->off[c];
    idx->ent = malloc((idx->off[65536] + 1) * sizeof *idx->ent);
    if (!idx->ent) goto fail;
    b.ent = idx->ent;
    b.fill = 1;
    place_all(&b, ms, types, nests);        /* off[c] now points past code c */
    memmove(idx->off + 1, idx->off, 65536 * sizeof *idx->off);
    idx->off[0] = 0;
    if (!(idx->fast = malloc(65536 * sizeof *idx->fast))) goto fail;
    int nonempty = 0;
    for (int c = 0; c < 65536; c++) nonempty += idx->off[c + 1] > idx->off[c];
    /* with few codes in use the "has a site" branch is well predicted */
    idx->sparse = nonempty < 65536 / 16;
    for (int c = 0; c < 65536; c++) {
        uint32_t n = idx->off[c + 1] - idx->off[c], e = n ? idx->ent[idx->off[c]] : 0, nests = 0;
        for (uint32_t a = idx->off[c]; a < idx->off[c + 1]; a++)
            if (idx->ent[a] & SSC_ENT_NESTS) nests = SSC_FAST_NESTS;
        idx->fast[c] = n == 0 ? SSC_DUMMY(idx->nfam, c & 7) << 3
                     : n == 1 && !nests ? e : SSC_FAST_SLOW | nests;
    }
    int nslot = 0;
    for (int t = 0; t < SSC_NTYPES; t++)
        if (types >> t & 1) idx->slot[t] = (uint8_t)nslot++;
    if (!idx->sparse && nslot <= 4 && (SSC_NFAM_ALLOC(idx->nfam) << 2) <= 0x8000 &&
        build_pair(idx) < 0)
        goto fail;
    free(nests);
    return idx;
fail:
    free(nests);
    ssc_index_destroy(idx);
    return NULL;
}

void ssc_index_destroy(ssc_index_t *idx)
{
    if (!idx) return;
    free(idx->off);
    free(idx->ent);
    free(idx->fast);
    free(idx->pair);
    free(idx->plist);
    free(idx);
}

unsigned ssc_index_types(const ssc_index_t *idx) { return idx->types; }
int ssc_index_n_families(const ssc_index_t *idx) { return idx->nfam; }
