/* core.h: the seed scanner's internals (site geometry, kernels, the window index,
 * counting, the writers' packed columns, the thread pipeline). Not part of the API. */
#ifndef SSC_CORE_H
#define SSC_CORE_H

#include <stdint.h>
#include <stdio.h>
#include "seedscan.h"
#include "io/io.h"

/* Where each site type sits inside the 8-nt window aligned to miRNA nt 8..1
 * (window position 0 pairs with nt 8, position 7 with nt 1). */
extern const uint8_t ssc_type_off[SSC_NTYPES]; /* first window position of the site */
extern const uint8_t ssc_type_len[SSC_NTYPES]; /* site length */

/* ---- scan kernels: fill per-window codes and invalid-position masks ----
 * For each i in [0, len-7]: code[i] = 16-bit code of seq[i..i+8) (position 0
 * most significant; invalid letters contribute 0), bad[i] = bit k set when
 * seq[i+k] is not a base. Returns 1 when some bad[i] is not 0, else 0.
 * Every variant gives identical output. */
typedef int (*ssc_kernel_f)(const char *seq, int64_t len, uint16_t *code, uint8_t *bad);
int ssc_kernel_generic(const char *seq, int64_t len, uint16_t *code, uint8_t *bad);
#if defined(__x86_64__) || defined(__i386__)
#define SSC_HAVE_X86 1
int ssc_kernel_sse2(const char *seq, int64_t len, uint16_t *code, uint8_t *bad);
int ssc_kernel_avx2(const char *seq, int64_t len, uint16_t *code, uint8_t *bad);
#endif
#ifdef SSC_HAVE_SIMDE
/* SIMDe's 128-bit version: the vector path off x86 (NEON on ARM). */
int ssc_kernel_simde(const char *seq, int64_t len, uint16_t *code, uint8_t *bad);
#endif
/* The variant chosen for this CPU (and SEEDSCAN_SIMD), resolved once. */
ssc_kernel_f ssc_kernel_get(const char **name);

/* ---- family collection: the families f < nfam whose four 16-bit
 * counters pk[4f..4f+3] are not all zero, ascending, into fams (room for
 * nfam); returns their number. Every variant gives identical output. */
typedef int (*ssc_collect_f)(const uint16_t *pk, int nfam, int32_t *fams);
int ssc_collect_generic(const uint16_t *pk, int nfam, int32_t *fams);
#ifdef SSC_HAVE_X86
int ssc_collect_avx2(const uint16_t *pk, int nfam, int32_t *fams);
int ssc_collect_avx512(const uint16_t *pk, int nfam, int32_t *fams);
#endif
/* The variant for the kernel chosen by ssc_kernel_get. */
ssc_collect_f ssc_collect_get(void);

/* Entry flag: the family has a repetitive seed, so that two of its sites
 * can cover nested or equal spans; such hits go through ssc_nest_filter. */
#define SSC_ENT_NESTS 0x80000000u
#define SSC_ENT_FAM(e) ((int32_t)(((e) & ~SSC_ENT_NESTS) >> 3))

/* ---- index internals (read by the scanner) ---- */
struct ssc_index_s {
    unsigned types;
    int nfam;
    uint32_t *off;   /* 65537 offsets into ent */
    uint32_t *ent;   /* (fam << 3) | type | SSC_ENT_NESTS, sorted by (window offset of type, fam) */
    int sparse;      /* few codes complete a site: counting branches instead of
                        writing every window into a dummy family */
    uint32_t *fast;  /* per code: the one plain entry; a dummy family's entry when there
                        is none; SSC_FAST_SLOW when there are several or it nests */
    uint32_t *pair;  /* dense sets with up to four types (all human families), per code:
                        two entries, low and high half, each a 16-bit counter index
                        fam * 4 + slot (slot: the type's rank among the enabled ones),
                        a dummy family's counters filling the empty halves;
                        SSC_PAIR_SLOW when there are more than two or one nests;
                        with more than two and none nesting, also SSC_PAIR_LIST and
                        the entries' counter indices at plist + (v & SSC_PAIR_AT),
                        their number first */
    uint16_t *plist;
    uint8_t slot[SSC_NTYPES]; /* with pair: each enabled type's slot */
};
#define SSC_PAIR_SLOW 0x80000000u
#define SSC_PAIR_LIST 0x20000000u
#define SSC_PAIR_AT 0x1fffffffu
#define SSC_FAST_SLOW 0x80000000u
#define SSC_FAST_NESTS 0x40000000u /* with SLOW: some entry has SSC_ENT_NESTS */
/* Empty windows (and the empty halves of pair) count into one of 8 dummy
 * families placed after the real ones, 64 apart, so that no two share a
 * counter: consecutive empty windows then make no store-to-load chain. */
#define SSC_DUMMY_BASE(nfam) ((((uint32_t)(nfam) + 63) / 64) * 64)
#define SSC_DUMMY(nfam, k) (SSC_DUMMY_BASE(nfam) + 64u * (uint32_t)(k))
#define SSC_NFAM_ALLOC(nfam) (SSC_DUMMY(nfam, 7) + 1)

/* The writers' packed copy of every family's "<TAB>name<TAB>members":
 * family f's is arena + off[f], len[f] bytes, of which the first namelen[f]
 * are "<TAB>name"; SSC_WCOLS_SLACK readable zero
 * bytes follow the last, so a writer may copy in fixed 32-byte steps up to
 * 64 bytes past a string's start. Built on the first call (safe from several
 * threads at once), dropped when the set changes; NULL when out of memory. */
typedef struct {
    char *arena;
    uint32_t *off, *len, *namelen;
    size_t maxlen;
} ssc_wcols_t;
#define SSC_WCOLS_SLACK 96
const ssc_wcols_t *ssc_mirset_wcols(const ssc_mirset_t *ms);

/* ssc_format_summary (strand -1) and ssc_format_summary_strand (0: +,
 * 1: -) in one, also giving the number of sites the rows count. */
int ssc_summary_rows(kstring_t *s, const ssc_mirset_t *ms, unsigned types, const ssc_rec_t *rec,
                     const uint32_t *counts, const int32_t *fams, int nfams, int strand,
                     int64_t *nsites);
/* The same from ssc_count_any's packed counters. */
int ssc_summary_rows_packed(kstring_t *s, const ssc_mirset_t *ms, unsigned types, const ssc_rec_t *rec,
                            const uint16_t *packed, const int32_t *fams, int nfams, int strand,
                            int64_t *nsites);

/* The BED score of a site energy (dcal/mol): -10 x kcal/mol, rounded, clamped to 0..1000;
 * 0 for SSC_ENERGY_NA. */
int ssc_energy_bed_score(int32_t e);

/* The position after the first `shadow` bases (A C G T U) of seq. */
int64_t ssc_shadow_end(const char *seq, int64_t len, int shadow);

/* ssc_scan's sites of the windows lying wholly inside seq[0, len) (a piece
 * cut from the inside of a longer target: no window sticks out, no shadow).
 * Valid until the next call with b. */
int64_t ssc_scan_inner(const ssc_index_t *idx, const char *seq, int64_t len, ssc_tbuf_t *b,
                       const ssc_site_t **sites);

/* ssc_scan_rec_strand without sorting the - strand's sites (for counting). */
int64_t ssc_scan_rec_strand_unsorted(const ssc_index_t *idx, const ssc_scanopt_t *opt,
                                     const ssc_rec_t *rec, int minus, ssc_tbuf_t *b,
                                     const ssc_site_t **sites);

/* ssc_count, or with a pair table and a target under 65,000 bases the
 * packed counters: then *counts is NULL and *packed holds four 16-bit
 * counters per family, one per enabled type in type order (at most four),
 * for the families in *fams; else *packed is NULL. Valid until the next
 * call with b. */
int ssc_count_any(const ssc_index_t *idx, const ssc_scanopt_t *opt, const char *seq, int64_t len,
                  ssc_tbuf_t *b, const uint32_t **counts, const uint16_t **packed, const int32_t **fams);

/* ssc_count_any for one strand of a whole record (for pieces, count the
 * sites of ssc_scan_rec_strand: ownership needs the sites' starts). */
int ssc_count_strand(const ssc_index_t *idx, const ssc_scanopt_t *opt, const ssc_rec_t *rec,
                     int minus, ssc_tbuf_t *b, const uint32_t **counts, const uint16_t **packed,
                     const int32_t **fams);

/* ---- ordered parallel pipeline: read in order, work in parallel, write in order ----
 * read() returns the next item or NULL at the end (setting *err < 0 on
 * failure); work() runs on worker thread tid; write() is called in input
 * order and takes ownership of the item; discard() frees items left over
 * after a failure. With nthreads <= 1 everything runs in the caller. The
 * first negative code stops the pipeline and is returned. */
typedef struct {
    void *(*read)(void *shared, int *err);
    int (*work)(void *shared, void *item, int tid);
    int (*write)(void *shared, void *item);
    void (*discard)(void *shared, void *item);
    void *shared;
    int nthreads;
} ssc_pipeline_t;
int ssc_pipeline_run(const ssc_pipeline_t *pl);

#endif
