/* format.c: TSV, BED6 and per-target summary rows, formatted into a kstring. */
#include <string.h>
#include "ssc_priv.h"

/* Lengths of the type names "8mer", "7mer-m8", ... */
static const uint8_t type_len[SSC_NTYPES] = { 4, 7, 7, 4, 11, 7 };

/* Small non-negative integer into p; returns the end. */
static inline char *put_uint(char *p, uint64_t v)
{
    char tmp[24];
    int n = 0;
    do tmp[n++] = (char)('0' + v % 10); while (v /= 10);
    while (n) *p++ = tmp[--n];
    return p;
}

static inline char *put_str(char *p, const char *s, size_t n)
{
    memcpy(p, s, n);
    return p + n;
}

/* Copy n bytes in fixed 32-byte steps, at least 64: s must have
 * max(64, n rounded up to 32) readable bytes and p as many writable ones.
 * Fixed-size copies compile to a few vector moves, where a call to memcpy
 * with a varying length costs more than the rest of a summary row. */
static inline char *copy_pad(char *p, const char *s, size_t n)
{
    memcpy(p, s, 32);
    memcpy(p + 32, s + 32, 32);
    for (size_t k = 64; k < n; k += 32) memcpy(p + k, s + k, 32);
    return p + n;
}

/* The target's name followed by 96 zero bytes, for padded copies: in buf
 * when it fits, else in memory the caller frees (NULL when out of memory). */
static char *padded_name(const char *s, size_t n, char *buf, size_t size)
{
    char *p = n + 96 > size ? malloc(n + 96) : buf;
    if (!p) return NULL;
    memcpy(p, s, n);
    memset(p + n, 0, 96);
    return p;
}

int ssc_format_tsv_header(kstring_t *s)
{
    return kputs("target\tfamily\tmirnas\ttype\tstart\tend\tsite_seq\n", s) < 0 ? SSC_ENOMEM : 0;
}

int ssc_format_tsv_header_strand(kstring_t *s)
{
    return kputs("target\tfamily\tmirnas\ttype\tstart\tend\tsite_seq\tstrand\n", s) < 0 ? SSC_ENOMEM : 0;
}

/* Per-site rows: one capacity check per row (TSV of all human families
 * is about 30 bytes per target nucleotide). */
/* The site's letters as read on its strand. */
/* The site's letters as read on its strand (rec may be a piece: rec->pos). */
static char *put_site_seq(char *p, const ssc_rec_t *rec, const ssc_site_t *x, size_t slen)
{
    const char *from = rec->seq + (x->start - rec->pos);
    if (!x->strand) return put_str(p, from, slen);
    ssc_revcomp(from, (int64_t)slen, p);
    return p + slen;
}

/* Rows are assembled as in the summary (see summary_rows): padded copies of
 * the target's name and the family's columns, one capacity check per row. */
static int format_sites(kstring_t *s, const ssc_mirset_t *ms, const ssc_rec_t *rec,
                        const ssc_site_t *sites, int64_t n, int bed, int strand_col)
{
    const ssc_wcols_t *wc = ssc_mirset_wcols(ms);
    size_t nlen = strlen(rec->name), row_max;
    char nbuf[256], *name = nbuf;
    if (!wc) return SSC_ENOMEM;
    if (!(name = padded_name(rec->name, nlen, nbuf, sizeof nbuf))) return SSC_ENOMEM;
    /* name, columns, type, two coordinates, an 8-nt site, strand */
    row_max = nlen + wc->maxlen + 16 + 2 * 21 + 8 + 16 + 64;
    for (int64_t k = 0; k < n; k++) {
        const ssc_site_t *x = &sites[k];
        size_t tlen = type_len[x->type], slen = (size_t)(x->end - x->start);
        const char *cols = wc->arena + wc->off[x->fam];
        const char *tname = ssc_type_name(x->type);
        if (s->m - s->l < row_max + slen && ks_resize(s, s->l + row_max + slen) < 0) {
            if (name != nbuf) free(name);
            return SSC_ENOMEM;
        }
        char *p = s->s + s->l;
        for (size_t i = 0; i < nlen; i += 16) memcpy(p + i, name + i, 16); /* same trips every row */
        p += nlen;
        if (bed) {
            *p++ = '\t';
            p = put_uint(p, (uint64_t)x->start);
            *p++ = '\t';
            p = put_uint(p, (uint64_t)x->end);
            p = copy_pad(p, cols, wc->namelen[x->fam]); /* "<TAB>name" */
            *p++ = ':';
            p = put_str(p, tname, tlen);
            p = put_str(p, x->strand ? "\t0\t-\n" : "\t0\t+\n", 5);
        } else {
            p = copy_pad(p, cols, wc->len[x->fam]);
            *p++ = '\t';
            p = put_str(p, tname, tlen);
            *p++ = '\t';
            p = put_uint(p, (uint64_t)x->start + 1);
            *p++ = '\t';
            p = put_uint(p, (uint64_t)x->end);
            *p++ = '\t';
            p = put_site_seq(p, rec, x, slen);
            if (strand_col) p = put_str(p, x->strand ? "\t-" : "\t+", 2);
            *p++ = '\n';
        }
        s->l = (size_t)(p - s->s);
    }
    if (name != nbuf) free(name);
    return 0;
}

int ssc_format_tsv(kstring_t *s, const ssc_mirset_t *ms, const ssc_rec_t *rec,
                   const ssc_site_t *sites, int64_t n)
{
    return format_sites(s, ms, rec, sites, n, 0, 0);
}

int ssc_format_tsv_strand(kstring_t *s, const ssc_mirset_t *ms, const ssc_rec_t *rec,
                          const ssc_site_t *sites, int64_t n)
{
    return format_sites(s, ms, rec, sites, n, 0, 1);
}

int ssc_format_bed(kstring_t *s, const ssc_mirset_t *ms, const ssc_rec_t *rec,
                   const ssc_site_t *sites, int64_t n)
{
    return format_sites(s, ms, rec, sites, n, 1, 0);
}

static int summary_header(kstring_t *s, unsigned types, int strand_col)
{
    kputs("target\tfamily\tmirnas", s);
    for (int t = 0; t < SSC_NTYPES; t++)
        if (types >> t & 1) {
            kputc('\t', s);
            kputs(ssc_type_name(t), s);
        }
    return kputs(strand_col ? "\ttotal\tbest\tstrand\n" : "\ttotal\tbest\n", s) < 0 ? SSC_ENOMEM : 0;
}

int ssc_format_summary_header(kstring_t *s, unsigned types) { return summary_header(s, types, 0); }
int ssc_format_summary_header_strand(kstring_t *s, unsigned types) { return summary_header(s, types, 1); }

/* Eight bytes, least significant first. */
static inline void put_le64(char *p, uint64_t w)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    memcpy(p, &w, 8);
#else
    for (int i = 0; i < 8; i++) p[i] = (char)(w >> (8 * i));
#endif
}

/* A family's four 16-bit counters as one word, counter i in bits 16i-16i+15. */
static inline uint64_t get_lanes(const uint16_t *c)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    uint64_t v;
    memcpy(&v, c, 8);
    return v;
#else
    return (uint64_t)c[0] | (uint64_t)c[1] << 16 | (uint64_t)c[2] << 32 | (uint64_t)c[3] << 48;
#endif
}

/* The end of a summary row: "<TAB>best", the strand column, the newline;
 * per mode (no strand column, +, -) and best type (SSC_NTYPES: none). */
static const char row_end[3][SSC_NTYPES + 1][16] = {
    { "\t8mer\n", "\t7mer-m8\n", "\t7mer-A1\n", "\t6mer\n", "\toffset-6mer\n", "\t6mer-A1\n", "\tnone\n" },
    { "\t8mer\t+\n", "\t7mer-m8\t+\n", "\t7mer-A1\t+\n", "\t6mer\t+\n", "\toffset-6mer\t+\n", "\t6mer-A1\t+\n",
      "\tnone\t+\n" },
    { "\t8mer\t-\n", "\t7mer-m8\t-\n", "\t7mer-A1\t-\n", "\t6mer\t-\n", "\toffset-6mer\t-\n", "\t6mer-A1\t-\n",
      "\tnone\t-\n" },
};

/* Types are numbered from the most to the least effective (TargetScan's
 * order 8mer > 7mer-m8 > 7mer-A1 > 6mer, then the marginal offset-6mer and
 * 6mer-A1), so the best type is the lowest numbered one with a site.
 * Summary output can be large (all human families: about 0.3 rows and 19
 * bytes per target nucleotide), so a row is assembled from padded copies:
 * the target's name once per call, each family's columns from the set's
 * packed copy, counts of 0-9 (nearly all rows) as single digits, and the
 * ending from a table; one capacity check per row. */
/* Lengths of the row_end strings. */
static const uint8_t row_end_len[3][SSC_NTYPES + 1] = {
    { 6, 9, 9, 6, 13, 9, 6 }, { 8, 11, 11, 8, 15, 11, 8 }, { 8, 11, 11, 8, 15, 11, 8 },
};

/* Rows from 32-bit counters by type (counts) or from packed 16-bit ones
 * by slot (packed: lane i of a family's 64-bit word counts the i-th enabled
 * type; a window adds at most one site per family, so the lanes' sum stays
 * below 65,536 and one multiplication adds them up). */
static int summary_any(kstring_t *s, const ssc_mirset_t *ms, unsigned types, const ssc_rec_t *rec,
                       const uint32_t *counts, const uint16_t *packed, const int32_t *fams, int nfams,
                       int strand, int64_t *nsites)
{
    int64_t sum = 0;
    const ssc_wcols_t *wc = ssc_mirset_wcols(ms);
    size_t nlen = strlen(rec->name), row_max;
    char nbuf[256], *name = nbuf;
    int tl[SSC_NTYPES + 1], nt = 0, mode = strand < 0 ? 0 : strand ? 2 : 1;
    if (!wc) return SSC_ENOMEM;
    for (int t = 0; t < SSC_NTYPES; t++)
        if (types >> t & 1) tl[nt++] = t;
    tl[nt] = SSC_NTYPES;
    if (!(name = padded_name(rec->name, nlen, nbuf, sizeof nbuf))) return SSC_ENOMEM;
    row_max = nlen + wc->maxlen + 21 * (SSC_NTYPES + 1) + 16 + 64;
    /* locals: the rows are written through char pointers, which may alias
     * anything, so fields read in the loop would be read again every row */
    const char *arena = wc->arena;
    const uint32_t *off = wc->off, *len = wc->len;
    char *buf = s->s;
    size_t l = s->l, cap = s->m;
    for (int k = 0; k < nfams; k++) {
        uint64_t total = 0;
        int best;
        if (cap - l < row_max) {
            s->l = l;
            if (ks_resize(s, l + row_max) < 0) {
                if (name != nbuf) free(name);
                return SSC_ENOMEM;
            }
            buf = s->s;
            cap = s->m;
        }
        char *p = buf + l;
        for (size_t i = 0; i < nlen; i += 16) memcpy(p + i, name + i, 16); /* same trips every row */
        p += nlen;
        p = copy_pad(p, arena + off[fams[k]], len[fams[k]]);
        if (packed) {
            uint64_t v = get_lanes(packed + 4 * (size_t)fams[k]);
            total = (v * 0x0001000100010001ull) >> 48;
            best = tl[v ? __builtin_ctzll(v) >> 4 : nt];
            if (total < 10) {
                /* lanes of 0-9 shifted into the odd bytes of "\t0\t0\t0\t0" */
                uint64_t w = 0x3009300930093009ull + (v << 8);
                put_le64(p, w);
                p[2 * nt] = '\t';
                p[2 * nt + 1] = (char)('0' + total);
                p += 2 * nt + 2;
            } else {
                for (int i = 0; i < nt; i++) {
                    *p++ = '\t';
                    p = put_uint(p, (uint16_t)(v >> (16 * i)));
                }
                *p++ = '\t';
                p = put_uint(p, total);
            }
        } else {
            const uint32_t *c = counts + (size_t)fams[k] * SSC_CSTRIDE;
            unsigned seen = 0;
            for (int i = 0; i < nt; i++) {
                total += c[tl[i]];
                seen |= (unsigned)(c[tl[i]] != 0) << tl[i];
            }
            best = seen ? __builtin_ctz(seen) : SSC_NTYPES;
            if (total < 10) {
                for (int i = 0; i < nt; i++) {
                    p[2 * i] = '\t';
                    p[2 * i + 1] = (char)('0' + c[tl[i]]);
                }
                p[2 * nt] = '\t';
                p[2 * nt + 1] = (char)('0' + total);
                p += 2 * nt + 2;
            } else {
                for (int i = 0; i < nt; i++) {
                    *p++ = '\t';
                    p = put_uint(p, c[tl[i]]);
                }
                *p++ = '\t';
                p = put_uint(p, total);
            }
        }
        memcpy(p, row_end[mode][best], 16);
        p += row_end_len[mode][best];
        l = (size_t)(p - buf);
        sum += (int64_t)total;
    }
    s->l = l;
    if (name != nbuf) free(name);
    if (nsites) *nsites = sum;
    return 0;
}

int ssc_summary_rows(kstring_t *s, const ssc_mirset_t *ms, unsigned types, const ssc_rec_t *rec,
                     const uint32_t *counts, const int32_t *fams, int nfams, int strand,
                     int64_t *nsites)
{
    return summary_any(s, ms, types, rec, counts, NULL, fams, nfams, strand, nsites);
}

int ssc_summary_rows_packed(kstring_t *s, const ssc_mirset_t *ms, unsigned types, const ssc_rec_t *rec,
                            const uint16_t *packed, const int32_t *fams, int nfams, int strand,
                            int64_t *nsites)
{
    return summary_any(s, ms, types, rec, NULL, packed, fams, nfams, strand, nsites);
}

int ssc_format_summary(kstring_t *s, const ssc_mirset_t *ms, unsigned types, const ssc_rec_t *rec,
                       const uint32_t *counts, const int32_t *fams, int nfams)
{
    return ssc_summary_rows(s, ms, types, rec, counts, fams, nfams, -1, NULL);
}

int ssc_format_summary_strand(kstring_t *s, const ssc_mirset_t *ms, unsigned types,
                              const ssc_rec_t *rec, const uint32_t *counts, const int32_t *fams,
                              int nfams, int strand)
{
    return ssc_summary_rows(s, ms, types, rec, counts, fams, nfams, strand ? 1 : 0, NULL);
}
