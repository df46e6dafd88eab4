/* landscape.c: Sylamer's word enrichment landscape (counting, bins, Markov correction, table). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "seedscan.h"
#include "expr/landscape.h"
#include "expr/stats.h"

void ssc_ls_opt_init(ssc_ls_opt_t *opt)
{
    opt->k = 7;
    opt->grow = 200;
    opt->markov = 0;
    opt->r2 = -1;
    opt->cap = 100.0;
}

int ssc_ls_check_opt(const ssc_ls_opt_t *opt)
{
    if (!opt || opt->k < 1 || opt->k > SSC_LS_KMAX || opt->grow < 1) return SSC_EINVAL;
    if (opt->markov < 0 || opt->markov >= opt->k || opt->r2 < -1 || opt->r2 > 1) return SSC_EINVAL;
    if (!(opt->cap > 0)) return SSC_EINVAL;
    return 0;
}

/* ---- words ----------------------------------------------------------------- */

static int base2(unsigned char c)
{
    switch (c) {
    case 'A': case 'a': return 0;
    case 'C': case 'c': return 1;
    case 'G': case 'g': return 2;
    case 'T': case 't': case 'U': case 'u': return 3;
    default: return 4;
    }
}

int ssc_ls_word_code(const char *word, int k, uint32_t *code)
{
    uint32_t c = 0;
    int i;
    if (!word || k < 1 || k > SSC_LS_KMAX || strlen(word) != (size_t)k) return SSC_EINVAL;
    for (i = 0; i < k; i++) {
        int b = base2((unsigned char)word[i]);
        if (b > 3) return SSC_EINVAL;
        c = c << 2 | (uint32_t)b;
    }
    *code = c;
    return 0;
}

char *ssc_ls_word_string(uint32_t code, int k, char *buf)
{
    int i;
    for (i = 0; i < k; i++) buf[i] = "ACGT"[(code >> 2 * (k - 1 - i)) & 3];
    buf[k] = '\0';
    return buf;
}

/* ---- counting -------------------------------------------------------------- */

/* The repeat rule compares a word with the last two *counted* words, kept in
 * two slots chosen by the parity of the end position. Sylamer puts a word
 * that starts at the sequence's first base in slot 0 whatever its parity; for
 * even k the next word then overwrites it. That quirk changes counts in runs like ATATAT..
 * and is kept so that tables stay identical. Masked and skipped positions
 * leave the slots alone. */
uint64_t ssc_ls_count(const char *seq, size_t len, int k, int r2, uint32_t *counts)
{
    const uint32_t full = k >= 16 ? UINT32_MAX : (1u << 2 * k) - 1;
    uint32_t code = 0, slot[2] = {UINT32_MAX, UINT32_MAX};
    uint64_t n = 0;
    size_t i, run = 0;
    if (!seq || k < 1) return 0;
    for (i = 0; i < len; i++) {
        int b = base2((unsigned char)seq[i]);
        if (b > 3) {
            run = 0;
            continue;
        }
        code = (code << 2 | (uint32_t)b) & full;
        if (++run < (size_t)k) continue;
        if (r2 && (code == slot[0] || code == slot[1])) continue;
        slot[i + 1 == (size_t)k ? 0 : i & 1] = code;
        counts[code]++;
        n++;
    }
    return n;
}

/* Word counts of one length over a set of sequences. */
typedef struct {
    int k;
    uint32_t *c; /* 4^k */
    uint64_t total;
} wtab_t;

static int wtab_init(wtab_t *t, int k)
{
    t->k = k;
    t->total = 0;
    t->c = k > 0 ? calloc((size_t)1 << 2 * k, sizeof *t->c) : NULL;
    return k > 0 && !t->c ? SSC_ENOMEM : 0;
}

static void wtab_add(wtab_t *t, const char *seq, size_t len, int r2)
{
    if (t->c) t->total += ssc_ls_count(seq, len, t->k, r2, t->c);
}

/* The counts a landscape needs: k-words, and m- and (m-1)-words for Markov. */
typedef struct {
    wtab_t w, m, m1;
} counts_t;

static int counts_init(counts_t *c, const ssc_ls_opt_t *o)
{
    memset(c, 0, sizeof *c);
    if (wtab_init(&c->w, o->k) < 0) return SSC_ENOMEM;
    if (o->markov && (wtab_init(&c->m, o->markov) < 0 || wtab_init(&c->m1, o->markov - 1) < 0))
        return SSC_ENOMEM;
    return 0;
}

static void counts_free(counts_t *c)
{
    free(c->w.c);
    free(c->m.c);
    free(c->m1.c);
}

static void counts_add(counts_t *c, const char *const *seqs, const size_t *lens, size_t from,
                       size_t to, int r2)
{
    size_t i;
    for (i = from; i < to; i++) {
        wtab_add(&c->w, seqs[i], lens[i], r2);
        wtab_add(&c->m, seqs[i], lens[i], r2);
        wtab_add(&c->m1, seqs[i], lens[i], r2);
    }
}

/* ---- Markov expectation ---------------------------------------------------- */

/* Expected frequency of a k-word under an order-m Markov model: the product
 * of the frequencies of its m-subwords divided by that of its inner
 * (m-1)-subwords. Sylamer stores it as a float; so do we, because the
 * rounding feeds the integer expected count below. */
static float markov_expect(uint32_t word, int k, const counts_t *c)
{
    int m = c->m.k, j;
    double num = c->m.total ? 1.0 : 0.0, nom = c->m1.total ? 1.0 : 0.0;
    if (num != 0)
        for (j = 0; j <= k - m; j++)
            num *= (double)c->m.c[(word >> 2 * (k - j - m)) & ((1u << 2 * m) - 1)] / (double)c->m.total;
    if (m == 1) return (float)num;
    if (nom != 0)
        for (j = 1; j <= k - m; j++)
            nom *= (double)c->m1.c[(word >> 2 * (k - j - m + 1)) & ((1u << 2 * (m - 1)) - 1)] /
                   (double)c->m1.total;
    return (float)(num / nom);
}

/* The count that stands for the word in the urn. Without Markov it is the
 * word's background count. With Markov it is the window's expectation scaled
 * to the background ("anchored": multiplied by observed/expected over the
 * whole background), truncated to an integer, with Sylamer's float product. */
static uint64_t urn_white(uint32_t bgc, uint64_t B, int markov, float eg, float el)
{
    double anchor, white;
    if (!markov) return bgc;
    anchor = eg != 0 ? (double)bgc / ((double)eg * (double)B) : 1.0;
    white = (double)(el * (float)B) * anchor;
    if (!(white >= 0) || white > (double)B) return B; /* empty (m-1)-word: no information */
    return (uint64_t)white;
}

/* Signed -log10 of the smaller hypergeometric tail, as Sylamer's table holds it:
 * positive when the word is over-represented in the window. */
static double tail_score(uint64_t white, uint64_t B, uint64_t wc, uint64_t W, double cap)
{
    double lq, lp, h, v;
    if (white < wc) white = wc; /* an expectation below the observed count */
    if (white > B) white = B;
    lq = wc > 0 ? ssc_log10_hyper_upper((long)wc, (long)white, (long)(B - white), (long)W) : 0.0;
    lp = wc < W ? ssc_log10_hyper_lower((long)wc, (long)white, (long)(B - white), (long)W) : 0.0;
    h = fmin(lq, lp);
    v = isinf(h) ? cap : fmin(-h, cap);
    if ((isinf(h) && 2 * white > B) || lp < lq) v = -v;
    return v;
}

/* ---- bins ------------------------------------------------------------------ */

size_t ssc_ls_bins(size_t n, int grow, size_t *ends)
{
    size_t g = grow > 0 ? (size_t)grow : 1, rem = n > g ? n % g : 0, i, nb = 0;
    /* A bin starts every g sequences from the top; past the middle the
     * starts move down by the remainder, so they count from the bottom. */
    for (i = 0; i < n; i++) {
        size_t shift = i > n / 2 ? rem : 0;
        if ((i - shift) % g) continue;
        if (nb && ends) ends[nb - 1] = i;
        nb++;
    }
    if (nb && ends) ends[nb - 1] = n;
    return nb;
}

/* ---- the landscape --------------------------------------------------------- */

void ssc_ls_destroy(ssc_landscape_t *ls)
{
    if (!ls) return;
    free(ls->bin_end);
    free(ls->word);
    free(ls->score);
    free(ls->win_total);
    free(ls->bg_count);
    free(ls->win_count);
    free(ls);
}

static ssc_landscape_t *ls_alloc(size_t n_bins, size_t n_words)
{
    ssc_landscape_t *ls = calloc(1, sizeof *ls);
    if (!ls) return NULL;
    ls->n_bins = (int)n_bins;
    ls->n_words = n_words;
    ls->bin_end = calloc(n_bins, sizeof *ls->bin_end);
    ls->word = calloc(n_words, sizeof *ls->word);
    ls->score = calloc(n_words * n_bins, sizeof *ls->score);
    ls->win_total = calloc(n_bins, sizeof *ls->win_total);
    ls->bg_count = calloc(n_words, sizeof *ls->bg_count);
    ls->win_count = calloc(n_words * n_bins, sizeof *ls->win_count);
    if (!ls->bin_end || !ls->word || !ls->score || !ls->win_total || !ls->bg_count ||
        !ls->win_count) {
        ssc_ls_destroy(ls);
        return NULL;
    }
    return ls;
}

static int set_words(ssc_landscape_t *ls, int k, const uint32_t *words)
{
    size_t i;
    for (i = 0; i < ls->n_words; i++) {
        ls->word[i] = words ? words[i] : (uint32_t)i;
        if (ls->word[i] >> 2 * k) return SSC_EINVAL;
    }
    return 0;
}

/* Scores of every row for window bin b, given background and window counts. */
static void score_bin(ssc_landscape_t *ls, int b, const counts_t *bg, const counts_t *win,
                      const float *eg, const ssc_ls_opt_t *o)
{
    size_t i, nb = (size_t)ls->n_bins;
    for (i = 0; i < ls->n_words; i++) {
        uint32_t w = ls->word[i];
        float el = o->markov ? markov_expect(w, o->k, win) : 0.0f;
        uint64_t white = urn_white(bg->w.c[w], bg->w.total, o->markov, o->markov ? eg[i] : 0, el);
        ls->win_count[i * nb + b] = win->w.c[w];
        ls->score[i * nb + b] = tail_score(white, bg->w.total, win->w.c[w], win->w.total, o->cap);
    }
}

static int ls_fill(ssc_landscape_t *ls, const char *const *seqs, const size_t *lens, size_t n_seq,
                   const ssc_ls_opt_t *o)
{
    counts_t bg, win;
    float *eg = NULL;
    size_t i, from = 0;
    int b, rc = SSC_ENOMEM, r2 = o->r2 < 0 ? !o->markov : o->r2; /* Sylamer drops r2 with -m */
    memset(&win, 0, sizeof win); /* freed on every path */
    if (counts_init(&bg, o) < 0 || counts_init(&win, o) < 0) goto fail;
    counts_add(&bg, seqs, lens, 0, n_seq, r2);
    rc = SSC_EINVAL;
    if (!bg.w.total) goto fail; /* no word anywhere: nothing to test */
    rc = SSC_ENOMEM;
    if (o->markov && !(eg = malloc(ls->n_words * sizeof *eg))) goto fail;
    for (i = 0; o->markov && i < ls->n_words; i++) eg[i] = markov_expect(ls->word[i], o->k, &bg);
    ls->bg_total = bg.w.total;
    for (i = 0; i < ls->n_words; i++) ls->bg_count[i] = bg.w.c[ls->word[i]];
    for (b = 0; b < ls->n_bins; b++) {
        counts_add(&win, seqs, lens, from, ls->bin_end[b], r2);
        from = ls->bin_end[b];
        ls->win_total[b] = win.w.total;
        score_bin(ls, b, &bg, &win, eg, o);
    }
    rc = 0;
fail:
    free(eg);
    counts_free(&bg);
    counts_free(&win);
    return rc;
}

int ssc_ls_compute(const char *const *seqs, const size_t *lens, size_t n_seq,
                   const ssc_ls_opt_t *opt, const uint32_t *words, size_t n_words,
                   ssc_landscape_t **out)
{
    ssc_landscape_t *ls;
    size_t nb;
    int rc;
    *out = NULL;
    if (ssc_ls_check_opt(opt) < 0 || !seqs || !lens || n_seq == 0) return SSC_EINVAL;
    if (!words || !n_words) words = NULL, n_words = (size_t)1 << 2 * opt->k;
    nb = ssc_ls_bins(n_seq, opt->grow, NULL);
    if (!(ls = ls_alloc(nb, n_words))) return SSC_ENOMEM;
    ls->k = opt->k;
    ssc_ls_bins(n_seq, opt->grow, ls->bin_end);
    if ((rc = set_words(ls, opt->k, words)) < 0 || (rc = ls_fill(ls, seqs, lens, n_seq, opt)) < 0) {
        ssc_ls_destroy(ls);
        return rc;
    }
    *out = ls;
    return 0;
}

int ssc_ls_format_table(kstring_t *s, const ssc_landscape_t *ls)
{
    char buf[SSC_LS_KMAX + 1];
    size_t i;
    int b;
    if (kputs("upper", s) < 0) return SSC_ENOMEM;
    for (b = 0; b < ls->n_bins; b++)
        if (ksprintf(s, "\t%zu", ls->bin_end[b]) < 0) return SSC_ENOMEM;
    if (kputc('\n', s) < 0) return SSC_ENOMEM;
    for (i = 0; i < ls->n_words; i++) {
        if (kputs(ssc_ls_word_string(ls->word[i], ls->k, buf), s) < 0) return SSC_ENOMEM;
        for (b = 0; b < ls->n_bins; b++)
            if (ksprintf(s, "\t%g", ls->score[i * ls->n_bins + b]) < 0) return SSC_ENOMEM;
        if (kputc('\n', s) < 0) return SSC_ENOMEM;
    }
    return 0;
}
