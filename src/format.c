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

static int format_sites(kstring_t *s, const ssc_mirset_t *ms, const ssc_rec_t *rec,
                        const ssc_site_t *sites, int64_t n, int bed, int strand_col)
{
    size_t nlen = strlen(rec->name);
    for (int64_t k = 0; k < n; k++) {
        const ssc_site_t *x = &sites[k];
        size_t clen, flen, tlen = type_len[x->type], slen = (size_t)(x->end - x->start);
        const char *cols = ssc_family_cols(ms, x->fam, &clen, &flen);
        const char *tname = ssc_type_name(x->type);
        if (ks_resize(s, s->l + nlen + clen + tlen + slen + 64) < 0) return SSC_ENOMEM;
        char *p = put_str(s->s + s->l, rec->name, nlen);
        *p++ = '\t';
        if (bed) {
            p = put_uint(p, (uint64_t)x->start);
            *p++ = '\t';
            p = put_uint(p, (uint64_t)x->end);
            *p++ = '\t';
            p = put_str(p, cols, flen);
            *p++ = ':';
            p = put_str(p, tname, tlen);
            p = put_str(p, x->strand ? "\t0\t-\n" : "\t0\t+\n", 5);
        } else {
            p = put_str(p, cols, clen);
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

/* Types are numbered from the most to the least effective (TargetScan's
 * order 8mer > 7mer-m8 > 7mer-A1 > 6mer, then the marginal offset-6mer and
 * 6mer-A1), so the best type is the lowest numbered one with a site.
 * Summary output can be large (every family with a 6mer in every target),
 * so each row is written with one capacity check. */
static int summary_rows(kstring_t *s, const ssc_mirset_t *ms, unsigned types, const ssc_rec_t *rec,
                        const uint32_t *counts, const int32_t *fams, int nfams, int strand)
{
    size_t nlen = strlen(rec->name);
    for (int k = 0; k < nfams; k++) {
        const uint32_t *c = counts + (size_t)fams[k] * SSC_CSTRIDE;
        size_t clen, flen;
        const char *cols = ssc_family_cols(ms, fams[k], &clen, &flen);
        uint64_t total = 0;
        int best = -1;
        if (ks_resize(s, s->l + nlen + clen + 16 + 11 * (SSC_NTYPES + 1) + 16) < 0)
            return SSC_ENOMEM;
        char *p = s->s + s->l;
        p = put_str(p, rec->name, nlen);
        *p++ = '\t';
        p = put_str(p, cols, clen);
        for (int t = 0; t < SSC_NTYPES; t++) {
            if (!(types >> t & 1)) continue;
            *p++ = '\t';
            p = put_uint(p, c[t]);
            total += c[t];
            if (c[t] && best < 0) best = t;
        }
        *p++ = '\t';
        p = put_uint(p, total);
        *p++ = '\t';
        p = best >= 0 ? put_str(p, ssc_type_name(best), type_len[best]) : put_str(p, "none", 4);
        if (strand >= 0) p = put_str(p, strand ? "\t-" : "\t+", 2);
        *p++ = '\n';
        s->l = (size_t)(p - s->s);
    }
    return 0;
}

int ssc_format_summary(kstring_t *s, const ssc_mirset_t *ms, unsigned types, const ssc_rec_t *rec,
                       const uint32_t *counts, const int32_t *fams, int nfams)
{
    return summary_rows(s, ms, types, rec, counts, fams, nfams, -1);
}

int ssc_format_summary_strand(kstring_t *s, const ssc_mirset_t *ms, unsigned types,
                              const ssc_rec_t *rec, const uint32_t *counts, const int32_t *fams,
                              int nfams, int strand)
{
    return summary_rows(s, ms, types, rec, counts, fams, nfams, strand ? 1 : 0);
}
