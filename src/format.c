/* format.c: TSV, BED6 and per-target summary rows, formatted into a kstring. */
#include <string.h>
#include "ssc_priv.h"

int ssc_format_tsv_header(kstring_t *s)
{
    return kputs("target\tfamily\tmirnas\ttype\tstart\tend\tsite_seq\n", s) < 0 ? SSC_ENOMEM : 0;
}

int ssc_format_tsv(kstring_t *s, const ssc_mirset_t *ms, const ssc_rec_t *rec,
                   const ssc_site_t *sites, int64_t n)
{
    for (int64_t k = 0; k < n; k++) {
        const ssc_site_t *x = &sites[k];
        kputs(rec->name, s);
        kputc('\t', s);
        kputs(ssc_family_name(ms, x->fam), s);
        kputc('\t', s);
        kputs(ssc_family_members(ms, x->fam), s);
        kputc('\t', s);
        kputs(ssc_type_name(x->type), s);
        kputc('\t', s);
        kputll(x->start + 1, s);
        kputc('\t', s);
        kputll(x->end, s);
        kputc('\t', s);
        kputsn(rec->seq + x->start, (size_t)(x->end - x->start), s);
        if (kputc('\n', s) < 0) return SSC_ENOMEM;
    }
    return 0;
}

int ssc_format_bed(kstring_t *s, const ssc_mirset_t *ms, const ssc_rec_t *rec,
                   const ssc_site_t *sites, int64_t n)
{
    for (int64_t k = 0; k < n; k++) {
        const ssc_site_t *x = &sites[k];
        kputs(rec->name, s);
        kputc('\t', s);
        kputll(x->start, s);
        kputc('\t', s);
        kputll(x->end, s);
        kputc('\t', s);
        kputs(ssc_family_name(ms, x->fam), s);
        kputc(':', s);
        kputs(ssc_type_name(x->type), s);
        if (kputs("\t0\t+\n", s) < 0) return SSC_ENOMEM;
    }
    return 0;
}

int ssc_format_summary_header(kstring_t *s, unsigned types)
{
    kputs("target\tfamily\tmirnas", s);
    for (int t = 0; t < SSC_NTYPES; t++)
        if (types >> t & 1) {
            kputc('\t', s);
            kputs(ssc_type_name(t), s);
        }
    return kputs("\ttotal\tbest\n", s) < 0 ? SSC_ENOMEM : 0;
}

/* Types are numbered from the most to the least effective (TargetScan's
 * order 8mer > 7mer-m8 > 7mer-A1 > 6mer, then the marginal offset-6mer and
 * 6mer-A1), so the best type is the lowest numbered one with a site. */
int ssc_format_summary(kstring_t *s, const ssc_mirset_t *ms, unsigned types, const ssc_rec_t *rec,
                       const uint32_t *counts, const int32_t *fams, int nfams)
{
    for (int k = 0; k < nfams; k++) {
        const uint32_t *c = counts + (size_t)fams[k] * SSC_CSTRIDE;
        uint64_t total = 0;
        int best = -1;
        kputs(rec->name, s);
        kputc('\t', s);
        kputs(ssc_family_name(ms, fams[k]), s);
        kputc('\t', s);
        kputs(ssc_family_members(ms, fams[k]), s);
        for (int t = 0; t < SSC_NTYPES; t++) {
            if (!(types >> t & 1)) continue;
            kputc('\t', s);
            kputuw(c[t], s);
            total += c[t];
            if (c[t] && best < 0) best = t;
        }
        kputc('\t', s);
        kputll((long long)total, s);
        kputc('\t', s);
        kputs(best >= 0 ? ssc_type_name(best) : "none", s);
        if (kputc('\n', s) < 0) return SSC_ENOMEM;
    }
    return 0;
}
