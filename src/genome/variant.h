/* variant.h: which miRNA sites an allele creates, destroys or changes in the 3'UTRs it touches. */
#ifndef SSC_GENOME_VARIANT_H
#define SSC_GENOME_VARIANT_H

#include <stdint.h>
#include <htslib/kstring.h>
#include "seedscan.h"
#include "genome/annot.h"
#include "genome/gseq.h"
#include "thermo/params.h"

/* A 3'UTR variants are applied to: spliced blocks on one chromosome. */
typedef struct {
    const char *id;          /* transcript ID (owned by the annotation or the annotator) */
    const char *gene;        /* gene name, else gene ID; "." when none */
    int chrom;               /* index into the annotator's chromosome names */
    char strand;             /* '+' or '-' */
    int n_blk;
    const ssc_gblk_t *blk;   /* genomic 0-based half-open, ascending */
    int64_t len;             /* spliced length */
} ssc_vtarget_t;

enum { SSC_VC_LOST = 0, SSC_VC_GAINED = 1, SSC_VC_CHANGED = 2 };

/* One site change of one allele in one target. */
typedef struct {
    int target;              /* index of the target (ssc_vann_target) */
    int fam;                 /* family in the mirset */
    int change;              /* SSC_VC_* */
    int type_ref, type_alt;  /* ssc_type_t of the site with REF / ALT; -1 when absent */
    int64_t t_beg, t_end;    /* 3'UTR 0-based half-open: on REF for lost and changed, on ALT for gained */
    int64_t g_beg, g_end;    /* genomic 0-based half-open span of the site (+ strand; spans introns) */
    int64_t a_beg, a_end;    /* the ALT site on the ALT 3'UTR (gained, changed; else -1) */
    int32_t e_ref, e_alt;    /* with ssc_vann_energy: duplex MFE (dcal/mol) of the REF and ALT site,
                                SSC_ENERGY_NA when absent or not computable (a seed-only family) */
} ssc_vchange_t;

/* What one allele did. */
typedef struct {
    int n, m;
    ssc_vchange_t *ch;       /* n changes, by target, then UTR position, then family */
    int n_target;            /* 3'UTRs the allele lies inside (and was scanned in) */
    int n_boundary;          /* 3'UTRs it only partly overlaps (crosses an exon or UTR end): skipped */
} ssc_vres_t;

typedef struct ssc_vann_s ssc_vann_t;

/* An annotator scanning with idx and opt (both kept, not copied) and taking
 * bases from g (kept). */
ssc_vann_t *ssc_vann_init(const ssc_index_t *idx, const ssc_scanopt_t *opt, ssc_genome_t *g);
void ssc_vann_destroy(ssc_vann_t *v);
/* Targets: the 3'UTR of every transcript of a that has one (a is kept). */
int ssc_vann_add_annot(ssc_vann_t *v, const ssc_annot_t *a);
/* Transcript-coordinate mode: every record of the indexed FASTA (the one the
 * annotator reads bases from) is one target on '+', named after the record
 * (variants give CHROM = record ID, POS on the 3'UTR). */
int ssc_vann_add_records(ssc_vann_t *v, const char *fasta);
/* Site energies too (e_ref, e_alt: as seedscan scan --energy, the lowest over the family's
 * members with a sequence), with parameters p (kept) for the families of ms (kept). Call
 * before ssc_vann_finish. */
int ssc_vann_energy(ssc_vann_t *v, const ssc_th_params_t *p, const ssc_mirset_t *ms);
/* Non-canonical site types too (the SSC_TYPES_NONCANON bits of types; thermo/noncanon.h), after
 * ssc_vann_energy (they always carry their energy, the family's lowest as seedscan scan gives).
 * Their sites in the REF and ALT windows are matched like canonical ones, by family and by the
 * position opposite miRNA nt 1 relative to the change; a site of the same type there is matched
 * first. SSC_EINVAL without energies. */
int ssc_vann_noncanon(ssc_vann_t *v, unsigned types);
/* Build the interval index; call after adding targets, before querying. */
int ssc_vann_finish(ssc_vann_t *v);

int ssc_vann_n_target(const ssc_vann_t *v);
const ssc_vtarget_t *ssc_vann_target(const ssc_vann_t *v, int i);
/* Chromosome index of a name, -1 when no target lies on it. */
int ssc_vann_chrom(const ssc_vann_t *v, const char *name);
const char *ssc_vann_chrom_name(const ssc_vann_t *v, int chrom);

/* Whether genomic [beg, end) (0-based; an insertion before beg: end = beg)
 * touches a 3'UTR of chromosome chrom: the fast test for most variants. */
int ssc_vann_touches(const ssc_vann_t *v, int chrom, int64_t beg, int64_t end);

/* The site changes of one allele: REF ref at 0-based pos0 of chromosome
 * `chrom` (a name of the genome) replaced by alt (ACGTN, any case; REF
 * already checked against the genome). Results replace those in *res.
 * Returns the number of changes, or SSC_ENOMEM/SSC_EIO (err set). */
int ssc_vann_allele(ssc_vann_t *v, const char *chrom, int64_t pos0, const char *ref, const char *alt,
                    ssc_vres_t *res, kstring_t *err);
void ssc_vres_free(ssc_vres_t *res);

/* Per-thread scratch for ssc_vann_allele_b: scan buffers and a few cached
 * small chunks of the genome (memory stays bounded). With own_genome, the
 * buffer opens its own handle on the genome file (htslib's faidx handles
 * are not shared between threads). Make after
 * ssc_vann_finish. NULL when out of memory or the genome cannot be opened
 * (err says why). */
typedef struct ssc_vbuf_s ssc_vbuf_t;
ssc_vbuf_t *ssc_vbuf_init(const ssc_vann_t *v, int own_genome, kstring_t *err);
void ssc_vbuf_destroy(ssc_vbuf_t *b);
/* Genomic bases [beg, end) (0-based, + strand) of chromosome index c appended to out. */
int ssc_vbuf_fetch(const ssc_vann_t *v, ssc_vbuf_t *b, int c, int64_t beg, int64_t end, kstring_t *out,
                   kstring_t *err);
/* ssc_vann_allele with buffer b: the annotator is only read, so threads
 * with a buffer each may call it at once. */
int ssc_vann_allele_b(const ssc_vann_t *v, ssc_vbuf_t *b, const char *chrom, int64_t pos0, const char *ref,
                      const char *alt, ssc_vres_t *res, kstring_t *err);

/* ---- the change of an allele inside one sequence (exposed for tests) ---- */
typedef struct {
    int64_t beg, end;        /* REF bases replaced: [beg, end), 0-based on the sequence */
    int64_t pre;             /* REF[0, pre) = ALT[0, pre): longest common prefix */
    int64_t post;            /* REF[post, len) = ALT[post + delta, ...): longest common suffix */
    int64_t delta;           /* ALT length - REF length */
    int same_len;            /* substitution: positions map one to one */
} ssc_vedit_t;

/* Trim, then slide an indel through repeats of seq[0, len) to find pre and
 * post; alt (alt_len bases) replaces seq[beg, end). */
void ssc_vedit_make(const char *seq, int64_t len, int64_t beg, int64_t end, const char *alt, int64_t alt_len,
                    ssc_vedit_t *e);

/* The changes between REF sites r[0..nr) and ALT sites a[0..na) (both from
 * ssc_scan, sorted as it sorts), matching a REF site to the ALT site of its
 * family whose seed core (window positions 2-5, miRNA nt 6-3) maps through
 * e: same place when in the common prefix or for substitutions, shifted by
 * delta when in the common suffix. Appends to res with target = -1. */
int ssc_vsites_diff(const ssc_site_t *r, int nr, const ssc_site_t *a, int na, const ssc_vedit_t *e,
                    ssc_vres_t *res);

#endif
