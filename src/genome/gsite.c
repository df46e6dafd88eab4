/* gsite.c: sites of spliced 3'UTRs mapped to the genome, and their TSV, BED12 and summary rows. */
#include <stdlib.h>
#include <string.h>
#include "core/core.h"
#include "genome/gsite.h"

/* "key=" at the start of a word of comment: its value, cut at the next blank; NULL when absent. */
static char *take_value(char *comment, const char *key)
{
    size_t n = strlen(key);
    for (char *p = comment; *p;) {
        p += strspn(p, " \t");
        if (!strncmp(p, key, n) && p[n] == '=') return p + n + 1;
        p += strcspn(p, " \t");
    }
    return NULL;
}

/* One "S-E" (1-based inclusive) into b; the end of it, or NULL. */
static const char *parse_block(const char *p, ssc_gblk_t *b)
{
    char *e;
    long long s = strtoll(p, &e, 10), t;
    if (e == p || *e != '-' || s < 1) return NULL;
    p = e + 1;
    t = strtoll(p, &e, 10);
    if (e == p || t < s) return NULL;
    *b = (ssc_gblk_t){ s - 1, t, 0 };
    return e;
}

static int parse_blocks(const char *p, ssc_gtx_t *g, ssc_gblk_t **blk, int *m, const char **why)
{
    int n = 0;
    for (;;) {
        if (n == *m) {
            int mm = *m ? 2 * *m : 8;
            ssc_gblk_t *q = realloc(*blk, (size_t)mm * sizeof *q);
            if (!q) return SSC_ENOMEM;
            *blk = q;
            *m = mm;
        }
        if (!(p = parse_block(p, &(*blk)[n]))) return *why = "blocks= is not START-END,... (1-based, start <= end)", SSC_EFORMAT;
        if (n && (*blk)[n].beg < (*blk)[n - 1].end)
            return *why = "blocks= overlap or are not ascending", SSC_EFORMAT;
        n++;
        if (*p != ',') break;
        if (!*++p) break; /* a trailing comma */
    }
    if (*p) return *why = "blocks= is not START-END,... (1-based, start <= end)", SSC_EFORMAT;
    g->n = n;
    g->b = *blk;
    return 0;
}

int ssc_gtx_parse(char *comment, int64_t len, ssc_gtx_t *g, ssc_gblk_t **blk, int *m, const char **why)
{
    char *gid = take_value(comment, "gene_id"), *gname = take_value(comment, "gene_name");
    char *chrom = take_value(comment, "chrom"), *strand = take_value(comment, "strand");
    char *blocks = take_value(comment, "blocks");
    int ret;
    if (!chrom || !strand || !blocks || !gid)
        return *why = "the header has no gene_id=, chrom=, strand= and blocks= (make it with `seedscan utr`)",
               SSC_EFORMAT;
    /* cut the values: each ends at the next blank */
    char *vals[] = { gid, gname, chrom, strand, blocks };
    for (int i = 0; i < 5; i++)
        if (vals[i]) vals[i][strcspn(vals[i], " \t")] = 0;
    if (!*chrom || !*gid) return *why = "empty chrom= or gene_id=", SSC_EFORMAT;
    if ((strand[0] != '+' && strand[0] != '-') || strand[1]) return *why = "strand= is not + or -", SSC_EFORMAT;
    if ((ret = parse_blocks(blocks, g, blk, m, why)) < 0) return ret;
    if (ssc_blk_len(g->b, g->n) != len) return *why = "blocks= do not cover the sequence's length", SSC_EFORMAT;
    g->chrom = chrom;
    g->strand = strand[0];
    g->gene_id = gid;
    g->gene_name = gname && *gname ? gname : ".";
    return 0;
}

int ssc_gtx_site(const ssc_gtx_t *g, int64_t beg, int64_t end, ssc_gblk_t *out)
{
    return ssc_blk_t2g_range(g->b, g->n, g->strand, beg, end, out);
}

int ssc_gsite_tsv_header(kstring_t *s, int energy)
{
    return kputs(energy ? "target\tfamily\tmirnas\ttype\tstart\tend\tsite_seq\tmfe\tchrom\tgstart\tgend\tstrand\t"
                          "gene_id\tgene_name\n"
                        : "target\tfamily\tmirnas\ttype\tstart\tend\tsite_seq\tchrom\tgstart\tgend\tstrand\tgene_id\tgene_name\n",
                 s) < 0 ? SSC_ENOMEM : 0;
}

/* A canonical site has at most 8 bases, a non-canonical one at most 20 (3p-comp: nt 2-8, a
 * loop of up to 6, nt 13-16), so at most that many pieces. */
#define MAX_PIECES 32

/* The pieces of site x, or -1 (outside the blocks, or longer than any site). */
static int site_pieces(const ssc_gtx_t *g, const ssc_site_t *x, ssc_gblk_t *pc)
{
    return x->end - x->start > MAX_PIECES ? -1 : ssc_gtx_site(g, x->start, x->end, pc);
}

int ssc_gsite_tsv(kstring_t *s, const ssc_mirset_t *ms, const ssc_rec_t *rec, const ssc_gtx_t *g,
                  const ssc_site_t *sites, int64_t n, const int32_t *energy)
{
    ssc_gblk_t pc[MAX_PIECES];
    for (int64_t k = 0; k < n; k++) {
        int np = site_pieces(g, &sites[k], pc), ret;
        if (np <= 0) return SSC_EINVAL;
        ret = energy ? ssc_format_sites_energy(s, ms, rec, &sites[k], 1, 0, 0, &energy[k])
                     : ssc_format_tsv(s, ms, rec, &sites[k], 1);
        if (ret < 0) return ret;
        s->l--; /* its newline */
        if (ksprintf(s, "\t%s\t%lld\t%lld\t%c\t%s\t%s\n", g->chrom, (long long)pc[0].beg + 1,
                     (long long)pc[np - 1].end, g->strand, g->gene_id, g->gene_name) < 0)
            return SSC_ENOMEM;
    }
    return 0;
}

int ssc_gsite_bed12(kstring_t *s, const ssc_mirset_t *ms, const ssc_rec_t *rec, const ssc_gtx_t *g,
                    const ssc_site_t *sites, int64_t n, const int32_t *energy)
{
    ssc_gblk_t pc[MAX_PIECES];
    int r = 0;
    for (int64_t k = 0; k < n && !r; k++) {
        const ssc_site_t *x = &sites[k];
        int np = site_pieces(g, x, pc);
        if (np <= 0) return SSC_EINVAL;
        long long b = pc[0].beg, e = pc[np - 1].end;
        r |= ksprintf(s, "%s\t%lld\t%lld\t%s:%s:%s\t%d\t%c\t%lld\t%lld\t0\t%d\t", g->chrom, b, e,
                      ssc_family_name(ms, x->fam), ssc_type_name(x->type), rec->name,
                      energy ? ssc_energy_bed_score(energy[k]) : 0, g->strand, b, e, np) < 0;
        for (int i = 0; i < np; i++) r |= ksprintf(s, "%lld,", (long long)(pc[i].end - pc[i].beg)) < 0;
        r |= kputc('\t', s) < 0;
        for (int i = 0; i < np; i++) r |= ksprintf(s, "%lld,", (long long)pc[i].beg - b) < 0;
        r |= kputc('\n', s) < 0;
    }
    return r ? SSC_ENOMEM : 0;
}

int ssc_gsum_header(kstring_t *s, unsigned types, int energy)
{
    int ret = energy ? ssc_format_summary_header_energy(s, types, 0, 1) : ssc_format_summary_header(s, types);
    if (ret < 0) return ret;
    s->l--; /* its newline */
    return kputs("\tgene_id\tgene_name\n", s) < 0 ? SSC_ENOMEM : 0;
}

int ssc_gsum_rows(kstring_t *s, const char *rows, size_t len, const ssc_gtx_t *g)
{
    size_t gl = strlen(g->gene_id), nl = strlen(g->gene_name), nrows = 1; /* 1: a last row without newline */
    for (const char *p = rows; (p = memchr(p, '\n', (size_t)(rows + len - p))); p++) nrows++;
    if (ks_resize(s, s->l + len + nrows * (gl + nl + 2) + 1) < 0) return SSC_ENOMEM;
    char *w = s->s + s->l;
    for (const char *p = rows, *end = rows + len; p < end;) {
        const char *nlp = memchr(p, '\n', (size_t)(end - p));
        size_t k = nlp ? (size_t)(nlp - p) : (size_t)(end - p);
        memcpy(w, p, k);
        w += k;
        *w++ = '\t';
        memcpy(w, g->gene_id, gl);
        w += gl;
        *w++ = '\t';
        memcpy(w, g->gene_name, nl);
        w += nl;
        *w++ = '\n';
        p += k + 1;
    }
    s->l = (size_t)(w - s->s);
    s->s[s->l] = 0;
    return 0;
}
