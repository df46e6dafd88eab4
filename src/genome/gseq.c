/* gseq.c: spliced sequences of transcript parts from an indexed genome FASTA, and their records. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <htslib/bgzf.h>
#include <htslib/faidx.h>
#include "seedscan.h"
#include "genome/gseq.h"

struct ssc_genome_s {
    faidx_t *fai;
    char *path;
};

/* Why an index could not be read or built, for the message. */
static const char *index_hint(const char *path)
{
    BGZF *fp = bgzf_open(path, "r");
    int gz = fp && bgzf_compression(fp) == 1;
    bgzf_close(fp);
    if (!fp) return "";
    if (gz) return ": plain gzip cannot be indexed; recompress it (zcat F | bgzip > F.bgz) and index that";
    return ": run `samtools faidx` on it where it can be written (all lines of a record but its last must "
           "have one length)";
}

ssc_genome_t *ssc_genome_open(const char *path, kstring_t *err)
{
    ssc_genome_t *g = calloc(1, sizeof *g);
    if (!g || !(g->path = strdup(path))) goto fail;
    if (access(path, R_OK) < 0) {
        ksprintf(err, "%s: cannot open: %s", path, strerror(errno));
        goto fail;
    }
    if (!(g->fai = fai_load3(path, NULL, NULL, FAI_CREATE))) {
        ksprintf(err, "%s: cannot read or build its index (.fai, .gzi for BGZF)%s", path, index_hint(path));
        goto fail;
    }
    return g;
fail:
    if (g && !err->l) ksprintf(err, "%s: out of memory", path);
    ssc_genome_close(g);
    return NULL;
}

void ssc_genome_close(ssc_genome_t *g)
{
    if (!g) return;
    if (g->fai) fai_destroy(g->fai);
    free(g->path);
    free(g);
}

int64_t ssc_genome_seqlen(const ssc_genome_t *g, const char *name)
{
    if (!faidx_has_seq(g->fai, name)) return -1;
    int len = faidx_seq_len(g->fai, name); /* an int in htslib 1.16 */
    return len >= 0 ? len : INT64_MAX;      /* longer than 2^31: reads check their length */
}

/* The complement of an IUPAC letter, case kept; U -> A, anything else unchanged. */
static char comp(char c)
{
    switch (c) {
    case 'A': return 'T'; case 'C': return 'G'; case 'G': return 'C'; case 'T': case 'U': return 'A';
    case 'a': return 't'; case 'c': return 'g'; case 'g': return 'c'; case 't': case 'u': return 'a';
    case 'R': return 'Y'; case 'Y': return 'R'; case 'K': return 'M'; case 'M': return 'K';
    case 'r': return 'y'; case 'y': return 'r'; case 'k': return 'm'; case 'm': return 'k';
    case 'B': return 'V'; case 'V': return 'B'; case 'D': return 'H'; case 'H': return 'D';
    case 'b': return 'v'; case 'v': return 'b'; case 'd': return 'h'; case 'h': return 'd';
    default: return c; /* N, S, W and the rest */
    }
}

void ssc_revcomp_iupac(char *s, size_t n)
{
    for (size_t i = 0, j = n ? n - 1 : 0; i < j; i++, j--) {
        char c = comp(s[i]);
        s[i] = comp(s[j]);
        s[j] = c;
    }
    if (n % 2) s[n / 2] = comp(s[n / 2]);
}

int ssc_genome_splice(ssc_genome_t *g, const char *chrom, const ssc_gblk_t *b, int n, char strand,
                      kstring_t *seq, kstring_t *err)
{
    size_t start = seq->l;
    for (int i = 0; i < n; i++) {
        hts_pos_t len = 0;
        char *s = faidx_fetch_seq64(g->fai, chrom, b[i].beg, b[i].end - 1, &len);
        if (!s || len != b[i].end - b[i].beg) {
            free(s);
            ksprintf(err, "%s: cannot read %s:%lld-%lld%s", g->path, chrom, (long long)b[i].beg + 1,
                     (long long)b[i].end, s ? " (past the end of the sequence)" : "");
            return s ? SSC_EFORMAT : SSC_EIO;
        }
        if (kputsn(s, len, seq) < 0) {
            free(s);
            return SSC_ENOMEM;
        }
        free(s);
    }
    if (strand == '-') ssc_revcomp_iupac(seq->s + start, seq->l - start);
    return 0;
}

/* "chr1" for "1" and "1" for "chr1", when the genome has that instead. */
static const char *other_naming(const ssc_genome_t *g, const char *name, kstring_t *tmp)
{
    tmp->l = 0;
    if (!strncmp(name, "chr", 3)) kputs(name + 3, tmp);
    else ksprintf(tmp, "chr%s", name);
    return tmp->s && faidx_has_seq(g->fai, tmp->s) ? tmp->s : NULL;
}

int ssc_tx_check_genome(const ssc_annot_t *a, const ssc_tx_t *tx, const ssc_genome_t *g, kstring_t *err)
{
    const char *chrom = a->chrom[tx->tid];
    int64_t len = ssc_genome_seqlen(g, chrom);
    if (len < 0) {
        kstring_t tmp = { 0, 0, NULL };
        const char *alt = other_naming(g, chrom, &tmp);
        ksprintf(err, "%s:%d: transcript %s: sequence '%s' is not in %s", a->fname, tx->line, tx->id, chrom, g->path);
        if (alt) ksprintf(err, " (it has '%s': the annotation and the genome name sequences differently)", alt);
        free(tmp.s);
        return SSC_ENOTFOUND;
    }
    for (int i = 0; i < tx->n_exon; i++)
        if (tx->exon[i].end > len) {
            ksprintf(err, "%s:%d: exon %lld-%lld of transcript %s runs past the end of %s (%lld nt) in %s", a->fname,
                     tx->exon[i].line, (long long)tx->exon[i].beg + 1, (long long)tx->exon[i].end, tx->id, chrom,
                     (long long)len, g->path);
            return SSC_EFORMAT;
        }
    return 0;
}

int ssc_tx_fasta(const ssc_annot_t *a, const ssc_tx_t *tx, const ssc_gblk_t *b, int n, const char *seq,
                 size_t len, kstring_t *out)
{
    int r = 0;
    r |= ksprintf(out, ">%s|%s gene_id=%s gene_name=%s chrom=%s strand=%c blocks=", tx->id,
                  *tx->gene_name ? tx->gene_name : tx->gene_id, tx->gene_id, *tx->gene_name ? tx->gene_name : ".",
                  a->chrom[tx->tid], tx->strand) < 0;
    for (int i = 0; i < n; i++)
        r |= ksprintf(out, "%s%lld-%lld", i ? "," : "", (long long)b[i].beg + 1, (long long)b[i].end) < 0;
    r |= kputc('\n', out) < 0;
    for (size_t i = 0; i < len; i += 60) {
        r |= kputsn(seq + i, len - i < 60 ? len - i : 60, out) < 0;
        r |= kputc('\n', out) < 0;
    }
    return r ? SSC_ENOMEM : 0;
}

int ssc_tx_bed12(const ssc_annot_t *a, const ssc_tx_t *tx, int part, const ssc_gblk_t *b, int n, kstring_t *out)
{
    int64_t s = b[0].beg, e = b[n - 1].end, ts = s, te = s;
    int r = 0;
    if (part == SSC_PART_CDS) te = e;
    else if (part == SSC_PART_TX && (tx->flags & SSC_TX_CDS)) {
        ts = tx->cds_beg > s ? tx->cds_beg : s;
        te = tx->cds_end < e ? tx->cds_end : e;
    }
    r |= ksprintf(out, "%s\t%lld\t%lld\t%s\t0\t%c\t%lld\t%lld\t0\t%d\t", a->chrom[tx->tid], (long long)s,
                  (long long)e, tx->id, tx->strand, (long long)ts, (long long)te, n) < 0;
    for (int i = 0; i < n; i++) r |= ksprintf(out, "%lld,", (long long)(b[i].end - b[i].beg)) < 0;
    r |= kputc('\t', out) < 0;
    for (int i = 0; i < n; i++) r |= ksprintf(out, "%lld,", (long long)(b[i].beg - s)) < 0;
    r |= kputc('\n', out) < 0;
    return r ? SSC_ENOMEM : 0;
}
