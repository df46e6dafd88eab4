/* landscape.h: Sylamer-style word enrichment landscapes over a ranked list of 3'UTRs. */
#ifndef SSC_LANDSCAPE_H
#define SSC_LANDSCAPE_H

#include <stddef.h>
#include <stdint.h>
#include <htslib/kstring.h>

#define SSC_LS_KMAX 12 /* longest word; 4^12 counters per table */

typedef struct {
    int k;          /* word length [7] */
    int grow;       /* sequences added to the leading window per bin (Sylamer -grow) [200] */
    int markov;     /* Markov correction order m, 0 = off (Sylamer -m) [0] */
    int r2;         /* 1: skip 1- and 2-shift repeat re-occurrences of a word; 0: count
                       every position (Sylamer --r2-off); -1: as Sylamer, 1 without
                       and 0 with Markov correction [-1] */
    double cap;     /* largest |log10 P| reported (Sylamer -oob) [100] */
} ssc_ls_opt_t;

void ssc_ls_opt_init(ssc_ls_opt_t *opt);
/* 0, or SSC_EINVAL when a field is out of range (k 1..SSC_LS_KMAX, grow >= 1,
 * 0 <= markov < k, r2 in -1..1, cap > 0). */
int ssc_ls_check_opt(const ssc_ls_opt_t *opt);

/* A computed landscape. Words are 2-bit codes, first letter most significant
 * (A=0 C=1 G=2 T=3), so code order is alphabetical order. */
typedef struct {
    int k, n_bins;
    size_t n_words;
    size_t *bin_end;     /* n_bins: cumulative number of sequences in each leading window */
    uint32_t *word;      /* n_words: the code of each row */
    double *score;       /* n_words x n_bins, row-major: signed log10 of the hypergeometric
                            tail; positive = enriched in the leading window */
    uint64_t bg_total;   /* counted word positions over all sequences (Sylamer's n1n2) */
    uint64_t *win_total; /* n_bins: counted positions in each leading window (ndrawn) */
    uint32_t *bg_count;  /* n_words: occurrences over all sequences (n1, before Markov) */
    uint32_t *win_count; /* n_words x n_bins: occurrences in each leading window (k) */
} ssc_landscape_t;

/* Sylamer's bin placement for n sequences grown by `grow`: bins of `grow` from
 * the top up to the middle, then from the bottom, so that the odd-sized bin
 * sits in the middle. Writes the cumulative bin ends (ends may be NULL to
 * count only) and returns the number of bins (0 when n == 0). */
size_t ssc_ls_bins(size_t n, int grow, size_t *ends);

/* Count the k-words of one sequence into counts (4^k entries, added to).
 * Any letter but ACGTU (either case) breaks words. With r2, a word equal to
 * one of the two previous counted words is skipped, as Sylamer does by
 * default. Returns the number of positions counted. */
uint64_t ssc_ls_count(const char *seq, size_t len, int k, int r2, uint32_t *counts);

/* The landscape of seqs[0..n_seq) given in ranked order (most repressed
 * first; a NULL or empty sequence still counts as a gene). words/n_words
 * choose the rows (NULL/0: all 4^k words in code order). Returns 0 and
 * *out, or SSC_EINVAL / SSC_ENOMEM. */
int ssc_ls_compute(const char *const *seqs, const size_t *lens, size_t n_seq,
                   const ssc_ls_opt_t *opt, const uint32_t *words, size_t n_words,
                   ssc_landscape_t **out);
void ssc_ls_destroy(ssc_landscape_t *ls);

/* Word <-> code for length k. ssc_ls_word_code returns 0 or SSC_EINVAL (wrong
 * length or a letter other than ACGTU). buf holds at least k+1 bytes. */
int ssc_ls_word_code(const char *word, int k, uint32_t *code);
char *ssc_ls_word_string(uint32_t code, int k, char *buf);

/* Sylamer's table: a line "upper" and the bin ends, then one line per word
 * with its scores (printf %g), tab-separated. Appends to s; 0 or SSC_ENOMEM. */
int ssc_ls_format_table(kstring_t *s, const ssc_landscape_t *ls);

#endif
