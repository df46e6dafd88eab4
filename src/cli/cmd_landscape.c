/* cmd_landscape.c: `seedscan landscape`, Sylamer word enrichment landscapes over a ranked gene list. */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/inputs.h"
#include "expr/exprtab.h"
#include "expr/landscape.h"
#include "io/io.h"
#include "expr/svg.h"

#define CMD "landscape"
#define MAX_HI 8 /* words drawn in colour */

typedef struct {
    const char *table, *ranked, *outpath, *svg, *words, *mirna, *mirfile, *species;
    cli_table_opt_t tab;
    ssc_ls_opt_t ls;
    int up, perm;
    int level;         /* --level: BGZF level of .gz outputs */
    unsigned long seed;
    unsigned char given[CLI_OPT_MIN_MATCH + 1]; /* given[c]: option c was given */
} land_opt_t;

typedef struct {
    const land_opt_t *o;
    ssc_exprtab_t *tab;
    ssc_idmap_t *map;
    ssc_join_t *join;
    char **seq;        /* per row: the chosen target's sequence */
    const char **rseq; /* ranked universe */
    size_t *rlen, nr;
    uint32_t hi[MAX_HI];
    char hi_label[MAX_HI][64];
    int n_hi;
    char err[1024];
} land_t;

static void usage(FILE *fp, const land_opt_t *o)
{
    fprintf(fp,
"Usage: seedscan landscape [options] (-e TABLE | --ranked IDS) UTR_FILE...\n"
"Sylamer's word enrichment landscape: for each word of length k and each leading window of\n"
"the ranked genes, the signed log10 hypergeometric P of the word's occurrences in the window\n"
"(positive = enriched among the first genes). Output: Sylamer's table format.\n\n"
"Ranking:\n"
"  -e, --expr FILE       expression table (as seedscan expr); genes sorted by fold change,\n"
"                        most repressed first (--direction up: most increased first)\n"
"      --ranked FILE     one ID per line, in rank order (first field of each line)\n"
"      --direction DIR   down or up [down]\n"
"      --id-col, --value-col, --matrix, --keep-version, --id-map, --collapse, --min-match\n"
"                        as for seedscan expr [collapse longest, min-match %.2f]\n\n"
"Words and windows:\n"
"  -k INT                word length [%d]\n"
"      --grow INT        genes added to the leading window per bin [%d]\n"
"      --words LIST      only these words (comma-separated, length k) [all 4^k]\n"
"      --r2-off          count every occurrence (default: skip 1- and 2-shift repeats,\n"
"                        as Sylamer; off by default under -m, as Sylamer)\n"
"  -m INT                Markov correction of order INT (Sylamer -m) [%d]\n\n"
"Plot and peak:\n"
"      --mirna NAME      colour this miRNA's site words of length k (8mer; 7mer-m8 and\n"
"                        7mer-A1; 6mer and offset-6mer): a name in --mirnas, a sequence\n"
"                        or NAME=SEQUENCE\n"
"      --mirnas FILE     miRNA file for --mirna names [refs/%s]\n"
"      --species STR     keep miRNAs named STR-...\n"
"      --svg FILE        the landscape as SVG: all words as a grey envelope, coloured words,\n"
"                        lines at 0 and +/-2.3 (P = 0.005), the peak marked\n"
"      --perm INT        empirical p of the peak from INT shuffled rankings [0]\n"
"      --seed INT        random seed for --perm [%lu]\n"
"  -o, --output FILE     the table (BGZF when FILE ends in .gz) [stdout]\n"
"      --level INT       compression level of .gz outputs, 0-9 [6]\n"
"  -v, --verbose / -q, --quiet / -h, --help\n\n"
"Example: seedscan landscape --ranked refs/examples/fly_miR1.ranked.txt --mirna dme-miR-1-3p \\\n"
"           --mirnas refs/mature.v22.fa.gz --svg l.svg testdata/sylamer_fly_miR1_utrs.fa.gz >l.tsv\n",
            o->tab.min_match, o->ls.k, o->ls.grow, o->ls.markov, DEFAULT_MIRNA_FILE, o->seed);
}

/* ---- options ---- */

static int parse_opt2(int c, land_opt_t *o)
{
    char *end;
    int t = cli_table_opt(CMD, c, optarg, &o->tab);
    if (t) return t < 0 ? -1 : 0;
    switch (c) {
    case 17:
        o->seed = strtoul(optarg, &end, 10);
        if (!*end && end != optarg && optarg[0] != '-') return 0;
        cli_error(CMD, "--seed: '%s' is not a non-negative integer", optarg);
        return -1;
    case 'v': ssc_log_set_level(ssc_log_get_level() + 1); return 0;
    case 'q': ssc_log_set_level(SSC_LOG_ERROR); return 0;
    }
    return -1;
}

static int parse_opt(int c, land_opt_t *o)
{
    switch (c) {
    case 'e': o->table = optarg; return 0;
    case 'o': o->outpath = optarg; return 0;
    case CLI_OPT_LEVEL: return cli_parse_level(CMD, optarg, &o->level);
    case 'k': return cli_int_opt(CMD, "-k", optarg, 1, SSC_LS_KMAX, &o->ls.k);
    case 'm': return cli_int_opt(CMD, "-m", optarg, 0, SSC_LS_KMAX - 1, &o->ls.markov);
    case 1: o->ranked = optarg; return 0;
    case 2: return cli_int_opt(CMD, "--grow", optarg, 1, 1 << 30, &o->ls.grow);
    case 3: o->words = optarg; return 0;
    case 4: o->ls.r2 = 0; return 0;
    case 5: o->svg = optarg; return 0;
    case 6: return cli_int_opt(CMD, "--perm", optarg, 0, 1000000, &o->perm);
    case 7: o->mirna = optarg; return 0;
    case 8: o->mirfile = optarg; return 0;
    case 9: o->species = optarg; return 0;
    case 18:
        if (strcmp(optarg, "down") && strcmp(optarg, "up")) {
            cli_error(CMD, "--direction: '%s' is not down or up", optarg);
            return -1;
        }
        o->up = !strcmp(optarg, "up");
        return 0;
    }
    return parse_opt2(c, o);
}

/* Options that would be ignored in this combination are errors. */
static int check_combinations(const land_opt_t *o)
{
    static const struct { int c; const char *name; } table_only[] = {
        { 18, "--direction" }, { CLI_OPT_ID_COL, "--id-col" }, { CLI_OPT_VALUE_COL, "--value-col" },
        { CLI_OPT_MATRIX, "--matrix" }, { 0, NULL }
    };
    for (int i = 0; o->ranked && table_only[i].name; i++)
        if (o->given[table_only[i].c]) {
            cli_error(CMD, "%s applies to an expression table (-e); a --ranked list is ranked as it is", table_only[i].name);
            return -1;
        }
    if ((o->mirfile || o->species) && !o->mirna) {
        cli_error(CMD, "%s selects the miRNA that --mirna names; give --mirna NAME too", o->mirfile ? "--mirnas" : "--species");
        return -1;
    }
    if (o->given[17] && !o->perm) {
        cli_error(CMD, "--seed seeds the shuffles of --perm; give --perm INT too");
        return -1;
    }
    return 0;
}

static int check_args(land_opt_t *o, int nfiles)
{
    if (!o->table == !o->ranked) {
        cli_error(CMD, "give exactly one ranking: -e TABLE or --ranked IDS");
        return -1;
    }
    if (nfiles == 0) {
        cli_error(CMD, "no UTR_FILE given");
        return -1;
    }
    if (ssc_ls_check_opt(&o->ls) < 0) {
        cli_error(CMD, "-m %d must be smaller than -k %d", o->ls.markov, o->ls.k);
        return -1;
    }
    if (o->ranked) o->tab.et.ranked = 1;
    return check_combinations(o);
}

static int parse_args(int argc, char *argv[], land_opt_t *o)
{
    static const struct option lopts[] = {
        { "expr", required_argument, NULL, 'e' }, { "output", required_argument, NULL, 'o' },
        { "ranked", required_argument, NULL, 1 }, { "grow", required_argument, NULL, 2 },
        { "words", required_argument, NULL, 3 }, { "r2-off", no_argument, NULL, 4 },
        { "svg", required_argument, NULL, 5 }, { "perm", required_argument, NULL, 6 },
        { "mirna", required_argument, NULL, 7 }, { "mirnas", required_argument, NULL, 8 },
        { "species", required_argument, NULL, 9 }, CLI_TABLE_LOPTS,
        { "seed", required_argument, NULL, 17 }, { "direction", required_argument, NULL, 18 },
        { "level", required_argument, NULL, CLI_OPT_LEVEL },
        { "verbose", no_argument, NULL, 'v' }, { "quiet", no_argument, NULL, 'q' },
        { "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 }
    };
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":e:o:k:m:vqh", lopts, NULL)) != -1) {
        if (c == 'h') return usage(stdout, o), 1;
        if (c == '?' || c == ':') {
            cli_bad_option(CMD, argv, c, "seedscan landscape [options] (-e TABLE | --ranked IDS) UTR_FILE...");
            return -1;
        }
        if (c > 0 && c <= CLI_OPT_MIN_MATCH) o->given[c] = 1;
        if (parse_opt(c, o) < 0) return -1;
    }
    return check_args(o, argc - optind);
}

/* ---- words ---- */

static int add_hi(land_t *L, const char *word, const char *label)
{
    uint32_t code;
    if (L->n_hi == MAX_HI || ssc_ls_word_code(word, L->o->ls.k, &code) < 0) return 0;
    for (int i = 0; i < L->n_hi; i++)
        if (L->hi[i] == code) return 0;
    L->hi[L->n_hi] = code;
    snprintf(L->hi_label[L->n_hi++], sizeof L->hi_label[0], "%s %s", word, label);
    return 0;
}

/* The miRNA's site words of length k, from its seed (nt 2-8). */
static int mirna_words(land_t *L)
{
    const land_opt_t *o = L->o;
    ssc_mirsel_t sel = { o->mirfile, o->mirna, o->species, DEFAULT_MIRNA_FILE, NULL, 0 };
    ssc_mirset_t *ms = ssc_mirsel_build(&sel, L->err, sizeof L->err);
    char rc[8], w[16];
    if (!ms) return -1;
    const char *seed = ssc_family_seed(ms, 0);
    for (int i = 0; i < 7; i++) rc[i] = "TGCA"[ssc_nt4[(uint8_t)seed[6 - i]] & 3];
    rc[7] = '\0';
    switch (o->ls.k) {
    case 8: snprintf(w, sizeof w, "%sA", rc), add_hi(L, w, "8mer"); break;
    case 7:
        add_hi(L, rc, "7mer-m8");
        snprintf(w, sizeof w, "%.6sA", rc + 1), add_hi(L, w, "7mer-A1");
        break;
    case 6:
        add_hi(L, rc + 1, "6mer");
        snprintf(w, sizeof w, "%.6s", rc), add_hi(L, w, "offset-6mer");
        break;
    }
    ssc_mirset_destroy(ms);
    return 0;
}

/* --words: codes for the rows (also drawn in colour when no --mirna is given). */
static int parse_words(land_t *L, uint32_t **codes, size_t *n)
{
    char *list = strdup(L->o->words), *save = NULL;
    size_t m = 0;
    int ret = list ? 0 : -1;
    *codes = NULL;
    *n = 0;
    for (char *w = list ? strtok_r(list, ",", &save) : NULL; ret == 0 && w; w = strtok_r(NULL, ",", &save)) {
        uint32_t c;
        if (ssc_ls_word_code(w, L->o->ls.k, &c) < 0) {
            snprintf(L->err, sizeof L->err, "--words: '%s' is not a word of %d letters A, C, G, T/U", w,
                     L->o->ls.k);
            ret = -1;
            break;
        }
        if (*n == m) {
            uint32_t *p = realloc(*codes, sizeof *p * (m = m ? 2 * m : 16));
            if (!p) { ret = -1; break; }
            *codes = p;
        }
        (*codes)[(*n)++] = c;
        if (!L->o->mirna) add_hi(L, w, "");
    }
    free(list);
    return ret;
}

/* ---- the ranked universe ---- */

static int take_seq(void *data, long row, const ssc_rec_t *rec)
{
    land_t *L = data;
    char *s = malloc((size_t)rec->len + 1);
    if (!s) return SSC_ENOMEM;
    memcpy(s, rec->seq, (size_t)rec->len + 1);
    free(L->seq[row]);
    L->seq[row] = s;
    return 0;
}

static const ssc_exprtab_t *sort_tab;
static int sort_up;

static int cmp_rows(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    double u = sort_tab->value[x], v = sort_tab->value[y];
    if (u != v) return (sort_up ? u > v : u < v) ? -1 : 1;
    return x < y ? -1 : x > y;
}

/* Rows with a target and a value, sorted by value (rank for --ranked). */
static int rank_rows(land_t *L)
{
    size_t n = L->tab->n, *rows = malloc(sizeof *rows * (n ? n : 1));
    if (!rows || !(L->rseq = malloc(sizeof *L->rseq * (n ? n : 1))) ||
        !(L->rlen = malloc(sizeof *L->rlen * (n ? n : 1))))
        return free(rows), -1;
    for (size_t r = 0; r < n; r++)
        if (L->seq[r] && !isnan(L->tab->value[r])) rows[L->nr++] = r;
    sort_tab = L->tab;
    sort_up = L->o->up && !L->o->ranked;
    qsort(rows, L->nr, sizeof *rows, cmp_rows);
    for (size_t i = 0; i < L->nr; i++) {
        L->rseq[i] = L->seq[rows[i]];
        L->rlen[i] = (size_t)L->join->len[rows[i]];
    }
    free(rows);
    return 0;
}

static int load(land_t *L, char **files, int nfiles)
{
    const land_opt_t *o = L->o;
    kstring_t s = { 0, 0, NULL };
    const char *path = o->table ? o->table : o->ranked;
    if (ssc_exprtab_load(path, &o->tab.et, &L->tab, L->err, sizeof L->err) < 0) return -1;
    cli_table_inf_to_na(CMD, L->tab, path);
    if (o->tab.idmap && ssc_idmap_load(o->tab.idmap, &L->map, L->err, sizeof L->err) < 0) return -1;
    if (!(L->join = ssc_join_init(L->tab->n, o->tab.collapse)) ||
        !(L->seq = calloc(L->tab->n, sizeof *L->seq)))
        return snprintf(L->err, sizeof L->err, "out of memory"), -1;
    if (ssc_join_read(L->join, L->tab, L->map, files, nfiles, take_seq, L, L->err, sizeof L->err) < 0) {
        if (!L->err[0]) snprintf(L->err, sizeof L->err, "out of memory");
        return -1;
    }
    ssc_join_report(&s, L->join, L->tab);
    if (ssc_log_get_level() >= SSC_LOG_WARNING) fprintf(stderr, "seedscan %s: join: %s\n", CMD, s.s);
    free(s.s);
    if (ssc_join_fraction(L->join, L->tab) < o->tab.min_match || ssc_join_matched(L->join, L->tab) < 2) {
        cli_join_error(CMD, L->tab, path, ssc_join_matched(L->join, L->tab), ssc_join_fraction(L->join, L->tab),
                       o->tab.min_match, files, nfiles);
        return 1; /* reported: not an error message in L->err */
    }
    return rank_rows(L);
}

/* ---- peak and permutations ---- */

static size_t row_of(const ssc_landscape_t *ls, uint32_t code)
{
    for (size_t i = 0; i < ls->n_words; i++)
        if (ls->word[i] == code) return i;
    return ls->n_words;
}

/* Largest |score| over the coloured rows (all rows when none): row and bin. */
static double peak(const ssc_landscape_t *ls, const land_t *L, size_t *prow, int *pbin)
{
    double best = -1;
    for (size_t i = 0; i < ls->n_words; i++) {
        int hi = L->n_hi == 0;
        for (int h = 0; h < L->n_hi; h++) hi |= ls->word[i] == L->hi[h];
        for (int b = 0; hi && b < ls->n_bins; b++) {
            double v = fabs(ls->score[i * ls->n_bins + b]);
            if (v > best) best = v, *prow = i, *pbin = b;
        }
    }
    return best;
}

static uint64_t rng_next(uint64_t *s) /* splitmix64 */
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static void shuffle(const char **seq, size_t *len, size_t n, uint64_t *st)
{
    for (size_t i = n; i > 1; i--) {
        size_t j = (size_t)(rng_next(st) % i);
        const char *s = seq[i - 1];
        size_t l = len[i - 1];
        seq[i - 1] = seq[j], len[i - 1] = len[j];
        seq[j] = s, len[j] = l;
    }
}

/* Empirical p of the observed peak: (1 + #{shuffled peak >= observed}) / (N + 1). */
static int permute(land_t *L, double obs, double *p)
{
    const char **seq = malloc(sizeof *seq * L->nr);
    size_t *len = malloc(sizeof *len * L->nr), ge = 0, pr;
    uint64_t st = L->o->seed;
    int ret = seq && len ? 0 : SSC_ENOMEM, pb;
    if (ret == 0) memcpy(seq, L->rseq, sizeof *seq * L->nr), memcpy(len, L->rlen, sizeof *len * L->nr);
    for (int i = 0; ret == 0 && i < L->o->perm; i++) {
        ssc_landscape_t *ls;
        shuffle(seq, len, L->nr, &st);
        ret = ssc_ls_compute(seq, len, L->nr, &L->o->ls, L->n_hi ? L->hi : NULL, (size_t)L->n_hi, &ls);
        if (ret == 0) ge += peak(ls, L, &pr, &pb) >= obs - 1e-9;
        ssc_ls_destroy(ls);
    }
    *p = (1.0 + (double)ge) / (1.0 + L->o->perm);
    free(seq);
    free(len);
    return ret;
}

/* ---- output ---- */

static int write_all(const land_opt_t *o, const char *path, const kstring_t *s)
{
    if (ssc_write_file(path, s->s, s->l, o->level) == 0) return 0;
    cli_error(CMD, "writing %s: %s", path && strcmp(path, "-") ? path : "stdout", strerror(errno));
    return -1;
}

static int write_svg(const land_t *L, const ssc_landscape_t *ls, size_t prow, int pbin, double pp)
{
    kstring_t s = { 0, 0, NULL };
    size_t hi[MAX_HI];
    const char *lab[MAX_HI];
    char word[SSC_LS_KMAX + 1], peak_lab[128], sub[256], title[160];
    int nh = 0, ret;
    for (int i = 0; i < L->n_hi; i++) {
        size_t r = row_of(ls, L->hi[i]);
        if (r < ls->n_words) hi[nh] = r, lab[nh++] = L->hi_label[i];
    }
    double v = ls->score[prow * ls->n_bins + pbin];
    snprintf(peak_lab, sizeof peak_lab, "%s %.3g at %zu", ssc_ls_word_string(ls->word[prow], ls->k, word),
             v, ls->bin_end[pbin]);
    const char *m = L->o->mirna, *eq = m ? strchr(m, '=') : NULL;
    snprintf(title, sizeof title, "%.*s%s%s", m ? (int)(eq ? eq - m : (int)strlen(m)) : 15,
             m ? m : "word enrichment", m ? ": " : ", ", L->o->table ? L->o->table : L->o->ranked);
    int n = snprintf(sub, sizeof sub, "%zu genes, k=%d, grow %d, Markov %d; peak %s", L->nr, ls->k,
                     L->o->ls.grow, L->o->ls.markov, peak_lab);
    if (L->o->perm && n > 0 && (size_t)n < sizeof sub)
        snprintf(sub + n, sizeof sub - (size_t)n, ", p=%.2g (%d shuffles)", pp, L->o->perm);
    ssc_svg_land_t sl = { ls->score, ls->n_words, ls->n_bins, ls->bin_end, hi, lab, nh, prow, pbin,
                          peak_lab, 2.3, L->o->ranked ? "sequences in the leading window (in the order of the list)"
                                         : L->o->up ? "sequences in the leading window (ranked, most increased first)"
                                                    : NULL };
    ret = ssc_svg_begin(&s, SSC_SVG_PANEL_W, SSC_SVG_PANEL_H);
    if (ret == 0) ret = ssc_svg_landscape(&s, 0, 0, title, sub, &sl);
    if (ret == 0) ret = ssc_svg_end(&s);
    ret = ret == 0 ? write_all(L->o, L->o->svg, &s) : (cli_error(CMD, "out of memory"), -1);
    free(s.s);
    return ret;
}

static int report_peak(land_t *L, const ssc_landscape_t *ls)
{
    size_t prow = 0;
    int pbin = 0;
    double pp = NAN, obs = peak(ls, L, &prow, &pbin);
    char word[SSC_LS_KMAX + 1];
    if (obs < 0) return 0;
    if (L->o->perm && permute(L, obs, &pp) < 0) return cli_error(CMD, "out of memory"), -1;
    if (ssc_log_get_level() >= SSC_LOG_WARNING) {
        fprintf(stderr, "seedscan %s: peak: %s %g at %zu", CMD, ssc_ls_word_string(ls->word[prow], ls->k, word),
                ls->score[prow * ls->n_bins + pbin], ls->bin_end[pbin]);
        if (L->o->perm) fprintf(stderr, "; empirical p %.4g (%d permutations)", pp, L->o->perm);
        fputc('\n', stderr);
    }
    return L->o->svg ? write_svg(L, ls, prow, pbin, pp) : 0;
}

static int run(land_t *L, char **files, int nfiles)
{
    uint32_t *words = NULL;
    size_t nw = 0;
    ssc_landscape_t *ls = NULL;
    kstring_t s = { 0, 0, NULL };
    int ret = -1;
    int loaded = 0;
    if ((L->o->mirna && mirna_words(L) < 0) || (L->o->words && parse_words(L, &words, &nw) < 0) ||
        (loaded = load(L, files, nfiles)) != 0) {
        if (loaded <= 0) cli_error(CMD, "%s", L->err[0] ? L->err : "out of memory");
        goto out;
    }
    if (ssc_ls_compute(L->rseq, L->rlen, L->nr, &L->o->ls, words, nw, &ls) < 0 ||
        ssc_ls_format_table(&s, ls) < 0) {
        cli_error(CMD, "out of memory");
        goto out;
    }
    if (report_peak(L, ls) == 0 && write_all(L->o, L->o->outpath, &s) == 0) ret = 0;
out:
    ssc_ls_destroy(ls);
    free(words);
    free(s.s);
    return ret;
}

int main_landscape(int argc, char *argv[])
{
    land_opt_t o = { 0 };
    land_t L = { 0 };
    int ret;
    cli_table_opt_init(&o.tab);
    ssc_ls_opt_init(&o.ls);
    o.seed = 1;
    o.level = SSC_OUT_LEVEL_DEFAULT;
    if ((ret = parse_args(argc, argv, &o)) != 0) return ret > 0 ? 0 : 1;
    if (cli_output_is_input("landscape", o.outpath, argc, argv)) return 1;
    if (cli_check_table(CMD, o.table ? o.table : o.ranked, !o.table) < 0 ||
        (o.mirfile && cli_check_mirfile(CMD, o.mirfile) < 0) ||
        cli_check_targets_peek(CMD, argv + optind, argc - optind) < 0)
        return 1;
    L.o = &o;
    ret = run(&L, argv + optind, argc - optind);
    for (size_t i = 0; L.seq && i < L.tab->n; i++) free(L.seq[i]);
    free(L.seq);
    free(L.rseq);
    free(L.rlen);
    ssc_join_destroy(L.join);
    ssc_idmap_destroy(L.map);
    ssc_exprtab_destroy(L.tab);
    return ret == 0 ? 0 : 1;
}
