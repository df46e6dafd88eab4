/* format.c: TSV, BED6 and per-target summary rows, formatted into a kstring. */
#include <string.h>
#include "core/core.h"

/* Lengths of the type names "8mer", "7mer-m8", ... */
static const uint8_t type_len[SSC_NTYPES_ALL] = { 4, 7, 7, 4, 11, 7, 7, 7, 7, 10, 8, 7 };

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
/* "<TAB>-12.34" (dcal/mol in kcal/mol) or "<TAB>NA". */
static char *put_energy(char *p, int32_t e)
{
    uint32_t a;
    *p++ = '\t';
    if (e == SSC_ENERGY_NA) return put_str(p, "NA", 2);
    if (e < 0) *p++ = '-';
    a = e < 0 ? (uint32_t)-(int64_t)e : (uint32_t)e;
    p = ssc_put_uint(p, a / 100);
    *p++ = '.';
    *p++ = (char)('0' + a % 100 / 10);
    *p++ = (char)('0' + a % 10);
    return p;
}

/* BED score of an energy: -10 x kcal/mol, rounded, within 0..1000. */
int ssc_energy_bed_score(int32_t e)
{
    if (e == SSC_ENERGY_NA || e >= 0) return 0;
    e = (-e + 5) / 10;
    return e > 1000 ? 1000 : e;
}

static int format_sites(kstring_t *s, const ssc_mirset_t *ms, const ssc_rec_t *rec,
                        const ssc_site_t *sites, int64_t n, int bed, int strand_col,
                        const int32_t *energy)
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
            p = ssc_put_uint(p, (uint64_t)x->start);
            *p++ = '\t';
            p = ssc_put_uint(p, (uint64_t)x->end);
            p = copy_pad(p, cols, wc->namelen[x->fam]); /* "<TAB>name" */
            *p++ = ':';
            p = put_str(p, tname, tlen);
            if (energy) {
                *p++ = '\t';
                p = ssc_put_uint(p, (uint64_t)ssc_energy_bed_score(energy[k]));
                p = put_str(p, x->strand ? "\t-\n" : "\t+\n", 3);
            } else {
                p = put_str(p, x->strand ? "\t0\t-\n" : "\t0\t+\n", 5);
            }
        } else {
            p = copy_pad(p, cols, wc->len[x->fam]);
            *p++ = '\t';
            p = put_str(p, tname, tlen);
            *p++ = '\t';
            p = ssc_put_uint(p, (uint64_t)x->start + 1);
            *p++ = '\t';
            p = ssc_put_uint(p, (uint64_t)x->end);
            *p++ = '\t';
            p = put_site_seq(p, rec, x, slen);
            if (strand_col) p = put_str(p, x->strand ? "\t-" : "\t+", 2);
            if (energy) p = put_energy(p, energy[k]);
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
    return format_sites(s, ms, rec, sites, n, 0, 0, NULL);
}

int ssc_format_tsv_strand(kstring_t *s, const ssc_mirset_t *ms, const ssc_rec_t *rec,
                          const ssc_site_t *sites, int64_t n)
{
    return format_sites(s, ms, rec, sites, n, 0, 1, NULL);
}

int ssc_format_bed(kstring_t *s, const ssc_mirset_t *ms, const ssc_rec_t *rec,
                   const ssc_site_t *sites, int64_t n)
{
    return format_sites(s, ms, rec, sites, n, 1, 0, NULL);
}

int ssc_format_sites_energy(kstring_t *s, const ssc_mirset_t *ms, const ssc_rec_t *rec,
                            const ssc_site_t *sites, int64_t n, int bed, int strand_col,
                            const int32_t *energy)
{
    return format_sites(s, ms, rec, sites, n, bed, strand_col, energy);
}

int ssc_format_tsv_header_energy(kstring_t *s, int strand_col)
{
    return kputs(strand_col ? "target\tfamily\tmirnas\ttype\tstart\tend\tsite_seq\tstrand\tmfe\n"
                            : "target\tfamily\tmirnas\ttype\tstart\tend\tsite_seq\tmfe\n", s) < 0
               ? SSC_ENOMEM : 0;
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

int ssc_format_summary_header_energy(kstring_t *s, unsigned types, int strand_col, int mfe_col)
{
    kputs("target\tfamily\tmirnas", s);
    for (int t = 0; t < SSC_NTYPES_ALL; t++)
        if (types >> t & 1) {
            kputc('\t', s);
            kputs(ssc_type_name(t), s);
        }
    kputs(strand_col ? "\ttotal\tbest\tstrand" : "\ttotal\tbest", s);
    return kputs(mfe_col ? "\tmfe\n" : "\n", s) < 0 ? SSC_ENOMEM : 0;
}
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

/* What every summary row of one call shares: the target's name padded for
 * fixed-size copies, the family columns, and the row endings indexed by the
 * rank of the best type among the enabled ones (nt: none). */
typedef struct {
    char nbuf[256], *name;
    size_t nlen, row_max;
    const char *arena;
    const uint32_t *off, *len;
    int tl[SSC_NTYPES + 1], nt;
    char end[SSC_NTYPES + 1][16];
    uint8_t end_len[SSC_NTYPES + 1];
} rows_t;

static int rows_init(rows_t *r, const ssc_mirset_t *ms, unsigned types, const ssc_rec_t *rec, int strand)
{
    const ssc_wcols_t *wc = ssc_mirset_wcols(ms);
    int mode = strand < 0 ? 0 : strand ? 2 : 1;
    if (!wc) return SSC_ENOMEM;
    r->nt = 0;
    for (int t = 0; t < SSC_NTYPES; t++)
        if (types >> t & 1) r->tl[r->nt++] = t;
    r->tl[r->nt] = SSC_NTYPES;
    for (int i = 0; i <= r->nt; i++) {
        memcpy(r->end[i], row_end[mode][r->tl[i]], 16);
        r->end_len[i] = row_end_len[mode][r->tl[i]];
    }
    r->nlen = strlen(rec->name);
    if (!(r->name = padded_name(rec->name, r->nlen, r->nbuf, sizeof r->nbuf))) return SSC_ENOMEM;
    r->row_max = r->nlen + wc->maxlen + 21 * (SSC_NTYPES + 1) + 16 + 64;
    r->arena = wc->arena;
    r->off = wc->off;
    r->len = wc->len;
    return 0;
}

static void rows_free(rows_t *r)
{
    if (r->name != r->nbuf) free(r->name);
}

/* Room for one more row at l (capacity in *cap); returns the (possibly
 * moved) buffer or NULL. Out of line, like the other rare paths of the row
 * loops, so that the loops keep their values in registers. */
__attribute__((noinline, cold)) static char *rows_grow(kstring_t *s, size_t l, size_t *cap, size_t row_max)
{
    s->l = l;
    if (ks_resize(s, l + row_max) < 0) return NULL;
    *cap = s->m;
    return s->s;
}

static inline char *rows_room(kstring_t *s, char *buf, size_t l, size_t *cap, size_t row_max)
{
    return *cap - l >= row_max ? buf : rows_grow(s, l, cap, row_max);
}

/* Counts of 10 or more in a row: each lane and the total in decimal. */
__attribute__((noinline, cold)) static char *put_lanes(char *p, uint64_t v, int nt, uint64_t total)
{
    for (int i = 0; i < nt; i++) {
        *p++ = '\t';
        p = ssc_put_uint(p, (uint16_t)(v >> (16 * i)));
    }
    *p++ = '\t';
    return ssc_put_uint(p, total);
}

/* A row's name and the family's columns (at cols, n bytes); returns the end. */
static inline char *row_start(char *p, const char *name, size_t nlen, const char *cols, size_t n)
{
    memcpy(p, name, 16); /* nearly all names fit */
    for (size_t i = 16; i < nlen; i += 16) memcpy(p + i, name + i, 16);
    return copy_pad(p + nlen, cols, n);
}

/* The counts, total and best type of a row from 32-bit counters by type
 * (the 16-bit packed ones are the hot path; this one is out of line). */
__attribute__((noinline)) static char *put_counts(char *p, const uint32_t *c, const int *tl, int nt,
                                                  uint64_t *total, int *best)
{
    uint64_t sum = 0;
    int b = nt;
    for (int i = nt - 1; i >= 0; i--) {
        sum += c[tl[i]];
        if (c[tl[i]]) b = i;
    }
    for (int i = 0; i < nt; i++) {
        *p++ = '\t';
        p = ssc_put_uint(p, c[tl[i]]);
    }
    *p++ = '\t';
    *total = sum;
    *best = b;
    return ssc_put_uint(p, sum);
}

/* Rows from packed 16-bit counters by slot (packed), or else from 32-bit
 * ones by type (counts). Packed: lane i of a family's 64-bit word counts
 * the i-th enabled type; a window adds at most one site per family, so the
 * lanes' sum stays below 65,536 and one multiplication adds them up, and
 * the lowest nonzero lane is the best type. Locals throughout: the rows are
 * written through char pointers, which may alias anything, so fields read
 * in the loop would be read again every row. */
static int summary_loop(kstring_t *s, const rows_t *r, const uint16_t *packed, const uint32_t *counts,
                        const int32_t *fams, int nfams, int64_t *nsites)
{
    const char *name = r->name, *arena = r->arena;
    const uint32_t *off = r->off, *len = r->len;
    const size_t row_max = r->row_max, nlen = r->nlen;
    const int nt = r->nt;
    uint64_t sum = 0;
    char *buf = s->s;
    size_t l = s->l, cap = s->m;
    for (int k = 0; k < nfams; k++) {
        uint64_t total;
        int best;
        if (!(buf = rows_room(s, buf, l, &cap, row_max))) return SSC_ENOMEM;
        char *p = row_start(buf + l, name, nlen, arena + off[fams[k]], len[fams[k]]);
        if (packed) {
            uint64_t v = get_lanes(packed + 4 * (size_t)fams[k]);
            total = (v * 0x0001000100010001ull) >> 48;
            best = v ? __builtin_ctzll(v) >> 4 : nt;
            if (total < 10) {
                /* lanes of 0-9 shifted into the odd bytes of "\t0\t0\t0\t0" */
                put_le64(p, 0x3009300930093009ull + (v << 8));
                p[2 * nt] = '\t';
                p[2 * nt + 1] = (char)('0' + total);
                p += 2 * nt + 2;
            } else
                p = put_lanes(p, v, nt, total);
        } else
            p = put_counts(p, counts + (size_t)fams[k] * SSC_CSTRIDE, r->tl, nt, &total, &best);
        sum += total;
        memcpy(p, r->end[best], 16);
        p += r->end_len[best];
        l = (size_t)(p - buf);
    }
    s->l = l;
    *nsites = (int64_t)sum;
    return 0;
}

static int summary_any(kstring_t *s, const ssc_mirset_t *ms, unsigned types, const ssc_rec_t *rec,
                       const uint32_t *counts, const uint16_t *packed, const int32_t *fams, int nfams,
                       int strand, int64_t *nsites)
{
    rows_t r;
    int64_t n;
    int ret = rows_init(&r, ms, types, rec, strand);
    if (ret < 0) return ret;
    ret = summary_loop(s, &r, packed, counts, fams, nfams, &n);
    rows_free(&r);
    if (nsites && ret == 0) *nsites = n;
    return ret;
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

/* Rows with every type (canonical and non-canonical) and the lowest energy: not the hot
 * path of the plain summary (energies cost far more than the rows), so written plainly. */
int ssc_format_summary_energy(kstring_t *s, const ssc_mirset_t *ms, unsigned types, const ssc_rec_t *rec,
                              const uint32_t *counts, const int32_t *mfe, const int32_t *fams, int nfams,
                              int strand)
{
    const ssc_wcols_t *wc = ssc_mirset_wcols(ms);
    size_t nlen = strlen(rec->name), row_max;
    char nbuf[256], *name;
    if (!wc || !(name = padded_name(rec->name, nlen, nbuf, sizeof nbuf))) return SSC_ENOMEM;
    row_max = nlen + wc->maxlen + 21 * (SSC_NTYPES_ALL + 1) + 16 + 24 + 64;
    for (int k = 0; k < nfams; k++) {
        const uint32_t *c = counts + (size_t)fams[k] * SSC_CSTRIDE_ALL;
        uint64_t total = 0;
        int best = -1;
        if (s->m - s->l < row_max && ks_resize(s, s->l + row_max) < 0) {
            if (name != nbuf) free(name);
            return SSC_ENOMEM;
        }
        char *p = s->s + s->l;
        for (size_t i = 0; i < nlen; i += 16) memcpy(p + i, name + i, 16);
        p = copy_pad(p + nlen, wc->arena + wc->off[fams[k]], wc->len[fams[k]]);
        for (int t = 0; t < SSC_NTYPES_ALL; t++) {
            if (!(types >> t & 1)) continue;
            *p++ = '\t';
            p = ssc_put_uint(p, c[t]);
            total += c[t];
            if (c[t] && best < 0) best = t;
        }
        *p++ = '\t';
        p = ssc_put_uint(p, total);
        *p++ = '\t';
        p = best < 0 ? put_str(p, "none", 4) : put_str(p, ssc_type_name(best), type_len[best]);
        if (strand >= 0) p = put_str(p, strand ? "\t-" : "\t+", 2);
        if (mfe) p = put_energy(p, mfe[fams[k]]);
        *p++ = '\n';
        s->l = (size_t)(p - s->s);
    }
    if (name != nbuf) free(name);
    return 0;
}
