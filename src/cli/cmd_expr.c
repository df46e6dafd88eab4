/* cmd_expr.c: `seedscan expr`, do the genes with sites of a miRNA move in an expression table? */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <htslib/khash.h>
#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/inputs.h"
#include "panel/panel.h"
#include "expr/exprtab.h"
#include "io/io.h"
#include "expr/stats.h"
#include "expr/svg.h"

KHASH_MAP_INIT_STR(fam, int)

#define CMD "expr"
#define BATCH_BASES (1 << 20)
#define CMAX 31        /* site counts are kept per type in 5 bits */
#define SVG_MAX 12     /* panels in --svg */

enum { DIR_DOWN, DIR_UP, DIR_TWO };
enum { CL_ONLY, CL_BEST, CL_ANY, CL_NSITES, N_CLASSES };
static const char *const CLASS_NAMES[] = { "only", "best", "any", "nsites" };

typedef struct {
    const char *panel, *resistance, *target; /* --panel and its filters */
    const char *mirfile, *mirnas, *species, *outpath, *table, *summary_in, *annotate, *svg;
    cli_table_opt_t tab;
    unsigned types;
    int direction, all_families, adjust, svg_class;
    int level;            /* --level: BGZF level of .gz outputs */
    ssc_scanopt_t sopt;
    unsigned char given[CLI_OPT_MIN_MATCH + 1]; /* given[c]: option c was given */
} expr_opt_t;

/* Site counts of one target for one family: 5 bits per type, family above. */
typedef uint64_t hit_t;
#define HIT(fam, packed) ((uint64_t)(fam) << 32 | (packed))
#define HIT_FAM(h) ((int)((h) >> 32))
#define HIT_CNT(h, t) ((int)(((h) >> (5 * (t))) & CMAX))

typedef struct {
    size_t n;
    hit_t *h;
} hits_t;

/* Families to test: from the miRNA set or from a summary table. */
typedef struct {
    int n;
    char **name, **members, **seed;
} fams_t;

typedef struct {
    int fam, cls, level;        /* level: a type, or a site count 1..3 (3 = 3+) */
    size_t n, n0;               /* genes in the class, no-site genes */
    double mean, median, mean0, median0, D, pks, pmw;
    double amean, amedian, aD, apks, apmw;  /* --adjust: the same on residuals */
    double qks, qmw, aqks, aqmw;
} res_t;

typedef struct {
    const expr_opt_t *o;
    ssc_exprtab_t *tab;
    ssc_idmap_t *map;
    ssc_join_t *join;
    fams_t fams;
    unsigned types;
    hits_t *hits;       /* per row (freed after build_csr unless --annotate needs them) */
    size_t *csr_off;    /* per family: its sites' rows are csr_row[csr_off[f]..csr_off[f+1]) */
    uint32_t *csr_row;  /* ascending within a family */
    hit_t *csr_hit;
    double *gc;         /* per row: GC fraction of its target */
    int universe_all;   /* summary without targets: every row with a value counts */
    res_t *res;
    size_t nres, mres;
    int *rank;          /* per family: 1 = strongest shift */
    char err[1024];
} expr_t;

static void usage(FILE *fp, const expr_opt_t *o)
{
    fprintf(fp,
"Usage: seedscan expr [options] -e TABLE UTR_FILE...\n"
"       seedscan expr [options] -e TABLE --summary-in SUMMARY [UTR_FILE...]\n"
"Test whether genes with target sites of a miRNA family shift in an expression table.\n\n"
"Expression table (plain or gzip; TSV, CSV or blank-separated, detected):\n"
"  -e, --expr FILE       DESeq2 (log2FoldChange), edgeR/limma (logFC) or generic 'id value'\n"
"      --id-col COL      ID column, name or 1-based number [detected: gene_id, id, ... or 1st]\n"
"      --value-col COL   fold-change column, name or number [detected, or the 2nd column]\n"
"      --matrix COL      table of samples: fold change = COL minus the mean of the other\n"
"                        columns (McGeary et al. 2019)\n"
"      --keep-version    keep '.N' version suffixes of IDs (default: strip them)\n"
"      --id-map FILE     ID aliases, one entity per line (transcript gene symbol ...)\n"
"      --collapse RULE   several targets for one gene: longest or first [longest]\n"
"      --min-match FLOAT fail when fewer matched (of the smaller of rows and targets) [%.2f]\n\n"
"miRNAs and sites (as seedscan scan; default: --panel %s):\n"
"  -m, --mirnas FILE     miRBase-style FASTA or TargetScan family file\n"
"      --mirna LIST      names in the -m file [refs/%s], sequences, or NAME=SEQUENCE\n"
"      --panel NAME      a curated panel (see seedscan panel); --resistance TERM and\n"
"                        --target GENE keep its miRNAs linked to a term or a gene\n"
"      --species STR     keep miRNAs named STR-... (FASTA) or of species ID STR\n"
"      --all-families    every family of the -m file (after --species), ranked by shift\n"
"      --types LIST      site types, as for scan (8mer-1a, 7mer-1a: TargetScan's names)\n"
"                        [default = 8mer,7mer-m8,7mer-A1,6mer]\n"
"      --shadow INT      mask the first INT nt of each target [%d]\n"
"      --summary-in FILE site counts from 'seedscan scan --summary' instead of scanning;\n"
"                        UTR_FILEs, if given, define the genes with a 3'UTR (else all rows)\n\n"
"Tests:\n"
"      --direction DIR   down (mimic, overexpression), up (knockdown, knockout) or\n"
"                        two-sided [down]\n"
"      --adjust LIST     length,gc: also test residuals of fold change regressed on log\n"
"                        3'UTR length and GC over the no-site genes\n\n"
"Output:\n"
"  -o, --output FILE     the tests (TSV; BGZF when FILE ends in .gz) [stdout]\n"
"      --level INT       compression level of .gz outputs (-o, --annotate), 0-9 [6]\n"
"      --annotate FILE   the expression table with per-gene site columns added\n"
"      --svg FILE        ECDF plots (one panel per family, at most %d, in a grid)\n"
"      --svg-class CLS   classes drawn: only, best or any [best]\n"
"  -v, --verbose / -q, --quiet / -h, --help\n\n"
"Classes per family and site type: only = a single site, of that type; best = the best site\n"
"is of that type; any = at least one site of that type; nsites = 1, 2, 3+ sites of any type.\n"
"Each is compared with the genes without any site of the family: one-sided KS (D, p; exact\n"
"for small samples) and Mann-Whitney p; q = Benjamini-Hochberg over every p of the run.\n"
"Example: seedscan expr -e refs/examples/ttr_sirna.deseq2.csv --shadow 0 --svg ttr.svg \\\n"
"           --mirna Ttr-siRNA=UUAUAGAGCAAGAACACUGUUUU testdata/seedmatchr_ttr_utrs.fa.gz\n",
            o->tab.min_match, SSC_PANEL_DEFAULT, DEFAULT_MIRNA_FILE, o->sopt.shadow, SVG_MAX);
}

/* ---- options ---- */

static int parse_choice(const char *arg, const char *opt, const char *const *names, int *out)
{
    for (int i = 0; names[i]; i++)
        if (!strcmp(arg, names[i])) return *out = i, 0;
    cli_error(CMD, "%s: '%s' is not one of the allowed values", opt, arg);
    return -1;
}

static int parse_adjust(const char *arg, int *adjust)
{
    if (!strcmp(arg, "length,gc") || !strcmp(arg, "gc,length")) return *adjust = 1, 0;
    if (!strcmp(arg, "none")) return *adjust = 0, 0;
    cli_error(CMD, "--adjust: '%s' is not length,gc or none", arg);
    return -1;
}

static int parse_opt(int c, expr_opt_t *o)
{
    static const char *const dirs[] = { "down", "up", "two-sided", NULL };
    static const char *const cls[] = { "only", "best", "any", NULL };
    int t = cli_table_opt(CMD, c, optarg, &o->tab);
    if (t) return t < 0 ? -1 : 0;
    switch (c) {
    case 'e': o->table = optarg; return 0;
    case 'm': o->mirfile = optarg; return 0;
    case 'o': o->outpath = optarg; return 0;
    case CLI_OPT_LEVEL: return cli_parse_level(CMD, optarg, &o->level);
    case 1: o->mirnas = optarg; return 0;
    case 2: o->species = optarg; return 0;
    case 3:
        if (cli_types_opt(CMD, optarg, &o->types) < 0) return -1;
        if (!(o->types & ~SSC_TYPES_ALL)) return 0;
        cli_error(CMD, "--types: '%s' is not a list of canonical site types", optarg);
        return -1;
    case 4:
        return cli_int_opt(CMD, "--shadow", optarg, 0, 1 << 30, &o->sopt.shadow);
    case 12: o->all_families = 1; return 0;
    case 13: o->summary_in = optarg; return 0;
    case 14: return parse_choice(optarg, "--direction", dirs, &o->direction);
    case 15: return parse_adjust(optarg, &o->adjust);
    case 16: o->annotate = optarg; return 0;
    case 17: o->svg = optarg; return 0;
    case 18: return parse_choice(optarg, "--svg-class", cls, &o->svg_class);
    case 19: o->panel = optarg; return 0;
    case 20: o->resistance = optarg; return 0;
    case 21: o->target = optarg; return 0;
    case 'v': ssc_log_set_level(ssc_log_get_level() + 1); return 0;
    case 'q': ssc_log_set_level(SSC_LOG_ERROR); return 0;
    }
    return -1;
}

/* Options that would be ignored in this combination are errors. */
static int check_combinations(const expr_opt_t *o)
{
    static const struct { int c; const char *name; } scan_only[] = {
        { 'm', "-m" }, { 19, "--panel" }, { 20, "--resistance" }, { 21, "--target" }, { 2, "--species" },
        { 3, "--types" }, { 4, "--shadow" }, { 0, NULL }
    };
    for (int i = 0; o->summary_in && scan_only[i].name; i++)
        if (o->given[scan_only[i].c]) {
            cli_error(CMD, "%s does not apply to --summary-in, whose site counts are already made "
                      "(give it to seedscan scan --summary)", scan_only[i].name);
            return -1;
        }
    if (o->all_families && (o->mirnas || o->panel || o->resistance || o->target)) {
        cli_error(CMD, "--all-families tests every family of the -m file; it cannot be combined with %s",
                  o->mirnas ? "--mirna" : o->panel ? "--panel" : o->resistance ? "--resistance" : "--target");
        return -1;
    }
    if (o->species && !o->mirfile && !o->mirnas && !o->all_families && !o->summary_in) {
        cli_error(CMD, "--species selects miRNAs of a -m file or of --mirna names; the panel (the "
                  "default set) has no species to select");
        return -1;
    }
    if (o->given[18] && !o->svg) {
        cli_error(CMD, "--svg-class chooses the classes drawn by --svg; give --svg FILE too");
        return -1;
    }
    return 0;
}

static int parse_args(int argc, char *argv[], expr_opt_t *o)
{
    static const struct option lopts[] = {
        { "expr", required_argument, NULL, 'e' }, { "mirnas", required_argument, NULL, 'm' },
        { "output", required_argument, NULL, 'o' }, { "mirna", required_argument, NULL, 1 },
        { "species", required_argument, NULL, 2 }, { "types", required_argument, NULL, 3 },
        { "shadow", required_argument, NULL, 4 }, CLI_TABLE_LOPTS,
        { "all-families", no_argument, NULL, 12 }, { "summary-in", required_argument, NULL, 13 },
        { "direction", required_argument, NULL, 14 }, { "adjust", required_argument, NULL, 15 },
        { "annotate", required_argument, NULL, 16 }, { "svg", required_argument, NULL, 17 },
        { "svg-class", required_argument, NULL, 18 }, { "verbose", no_argument, NULL, 'v' },
        { "panel", required_argument, NULL, 19 }, { "resistance", required_argument, NULL, 20 },
        { "target", required_argument, NULL, 21 }, { "level", required_argument, NULL, CLI_OPT_LEVEL },
        { "quiet", no_argument, NULL, 'q' }, { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 }
    };
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":e:m:o:vqh", lopts, NULL)) != -1) {
        if (c == 'h') return usage(stdout, o), 1;
        if (c == '?' || c == ':') {
            cli_bad_option(CMD, argv, c, "seedscan expr [options] -e TABLE UTR_FILE...");
            return -1;
        }
        if (c > 0 && c <= CLI_OPT_MIN_MATCH) o->given[c] = 1;
        if (parse_opt(c, o) < 0) return -1;
    }
    if (!o->table) {
        cli_error(CMD, "an expression table is required (-e FILE)");
        return -1;
    }
    if (!o->summary_in && optind == argc) {
        cli_error(CMD, "no UTR_FILE given (or use --summary-in)");
        return -1;
    }
    return check_combinations(o);
}

/* ---- families ---- */

static void fams_free(fams_t *f)
{
    for (int i = 0; i < f->n; i++) free(f->name[i]), free(f->members[i]), free(f->seed[i]);
    free(f->name);
    free(f->members);
    free(f->seed);
    memset(f, 0, sizeof *f);
}

static int fams_add(fams_t *f, const char *name, const char *members, const char *seed)
{
    char **a = realloc(f->name, sizeof *a * (size_t)(f->n + 1)), **b, **c;
    if (!a) return SSC_ENOMEM;
    f->name = a;
    if (!(b = realloc(f->members, sizeof *b * (size_t)(f->n + 1)))) return SSC_ENOMEM;
    f->members = b;
    if (!(c = realloc(f->seed, sizeof *c * (size_t)(f->n + 1)))) return SSC_ENOMEM;
    f->seed = c;
    a[f->n] = strdup(name);
    b[f->n] = strdup(members);
    c[f->n] = strdup(seed);
    f->n++;
    return a[f->n - 1] && b[f->n - 1] && c[f->n - 1] ? 0 : SSC_ENOMEM;
}

static int fams_from_mirset(fams_t *f, const ssc_mirset_t *ms)
{
    for (int i = 0; i < ssc_mirset_n_families(ms); i++)
        if (fams_add(f, ssc_family_name(ms, i), ssc_family_members(ms, i), ssc_family_seed(ms, i)) < 0)
            return SSC_ENOMEM;
    return 0;
}

/* ---- scanning the targets ---- */

static double gc_fraction(const char *s, int64_t len)
{
    int64_t gc = 0, acgt = 0;
    for (int64_t i = 0; i < len; i++) {
        int c = ssc_nt4[(uint8_t)s[i]];
        acgt += c < 4;
        gc += c == 1 || c == 2;
    }
    return acgt ? (double)gc / (double)acgt : NAN;
}

static int store_counts(hits_t *h, const uint32_t *cnt, const int32_t *fams, int nf)
{
    free(h->h);
    h->n = 0;
    if (!(h->h = malloc(sizeof *h->h * (size_t)(nf ? nf : 1)))) return SSC_ENOMEM;
    for (int i = 0; i < nf; i++) {
        uint32_t packed = 0;
        for (int t = 0; t < SSC_NTYPES; t++) {
            uint32_t c = cnt[fams[i] * SSC_CSTRIDE + t];
            packed |= (c > CMAX ? CMAX : c) << (5 * t);
        }
        h->h[h->n++] = HIT(fams[i], packed);
    }
    return 0;
}

typedef struct {
    expr_t *e;
    const ssc_index_t *idx;
    ssc_tbuf_t *tb;
} taker_t;

/* A target that became its row's: GC, and site counts unless read from a summary. */
static int take_target(void *data, long row, const ssc_rec_t *rec)
{
    taker_t *tk = data;
    const uint32_t *cnt;
    const int32_t *fams;
    tk->e->gc[row] = gc_fraction(rec->seq, rec->len);
    if (!tk->idx) return 0;
    int nf = ssc_count(tk->idx, &tk->e->o->sopt, rec->seq, rec->len, tk->tb, &cnt, &fams);
    return nf < 0 ? nf : store_counts(&tk->e->hits[row], cnt, fams, nf);
}

static int read_targets(expr_t *e, char **files, int nfiles, const ssc_index_t *idx)
{
    taker_t tk = { e, idx, ssc_tbuf_init() };
    int ret = tk.tb ? ssc_join_read(e->join, e->tab, e->map, files, nfiles, take_target, &tk,
                                    e->err, sizeof e->err) : SSC_ENOMEM;
    ssc_tbuf_destroy(tk.tb);
    return ret;
}

/* ---- reading a scan --summary table ---- */

typedef struct {
    int col_type[SSC_NTYPES]; /* column of each type, -1 if absent */
    int ncol;
    int col_gene_id, col_gene_name; /* genome mode's gene columns, -1 if absent */
    kstring_t key;            /* a row's join key */
} sumhdr_t;

static int summary_header(expr_t *e, char *line, sumhdr_t *h, const char *path)
{
    char *f[64];
    int n = ssc_et_split(line, '\t', f, 64);
    e->types = 0;
    for (int t = 0; t < SSC_NTYPES; t++) h->col_type[t] = -1;
    h->col_gene_id = h->col_gene_name = -1;
    for (int i = 3; i < n; i++) {
        int t = ssc_type_from_name(f[i]);
        if (t >= 0 && t < SSC_NTYPES) h->col_type[t] = i, e->types |= 1u << t;
        if (!strcmp(f[i], "gene_id")) h->col_gene_id = i;
        if (!strcmp(f[i], "gene_name")) h->col_gene_name = i;
    }
    h->ncol = n;
    if (n < 4 || strcmp(f[0], "target") || strcmp(f[1], "family") || !e->types) {
        snprintf(e->err, sizeof e->err, "%s:1: not a 'seedscan scan --summary' table "
                 "(expected target, family, mirnas and site type columns)", path);
        return SSC_EFORMAT;
    }
    return 0;
}

static int summary_family(expr_t *e, khash_t(fam) *fh, const char *name, const char *members)
{
    int absent;
    khint_t k = kh_get(fam, fh, name);
    if (k != kh_end(fh)) return kh_val(fh, k);
    if (fams_add(&e->fams, name, members, "NA") < 0) return SSC_ENOMEM;
    k = kh_put(fam, fh, e->fams.name[e->fams.n - 1], &absent);
    if (absent < 0) return SSC_ENOMEM;
    return kh_val(fh, k) = e->fams.n - 1;
}

/* Whether the comma-separated list has a token equal (any case) to the n bytes at w. */
static int list_has(const char *list, const char *w, size_t n)
{
    while (*list) {
        size_t m = strcspn(list, ",");
        if (m == n && !strncasecmp(list, w, n)) return 1;
        list += m + (list[m] == ',');
    }
    return 0;
}

/* --mirna with --summary-in: keep the families named, or with a member named, in the list. */
static int summary_wanted(const char *list, const char *name, const char *members)
{
    if (!list || list_has(list, name, strlen(name))) return 1;
    while (*members) {
        size_t m = strcspn(members, ",");
        if (list_has(list, members, m)) return 1;
        members += m + (members[m] == ',');
    }
    return 0;
}

/* The row a summary target belongs to, or -1: with targets read from FASTA,
 * only the target chosen for the row; otherwise the first seen. */
static long summary_row(expr_t *e, const char *target)
{
    long row = ssc_exprtab_match(e->tab, e->map, target);
    if (row < 0) return -1;
    if (!e->universe_all) return e->join->target[row] && !strcmp(e->join->target[row], target) ? row : -1;
    if (!e->join->target[row] && !(e->join->target[row] = strdup(target))) return -2;
    return strcmp(e->join->target[row], target) ? -1 : row;
}

static int summary_line(expr_t *e, khash_t(fam) *fh, char *line, sumhdr_t *h, const char *path,
                        int64_t ln)
{
    char *f[64];
    char *end;
    uint32_t packed = 0;
    int n = ssc_et_split(line, '\t', f, 64), fam;
    long row;
    if (n != h->ncol) {
        snprintf(e->err, sizeof e->err, "%s:%lld: %d fields, expected %d", path, (long long)ln, n, h->ncol);
        return SSC_EFORMAT;
    }
    for (int t = 0; t < SSC_NTYPES; t++) {
        if (h->col_type[t] < 0) continue;
        long c = strtol(f[h->col_type[t]], &end, 10);
        if (*end || c < 0) {
            snprintf(e->err, sizeof e->err, "%s:%lld: '%s' is not a site count", path, (long long)ln,
                     f[h->col_type[t]]);
            return SSC_EFORMAT;
        }
        packed |= (uint32_t)(c > CMAX ? CMAX : c) << (5 * t);
    }
    if (!summary_wanted(e->o->mirnas, f[1], f[2])) return 0;
    if (ssc_target_key(f[0], h->col_gene_id < 0 ? NULL : f[h->col_gene_id],
                       h->col_gene_name < 0 ? NULL : f[h->col_gene_name], &h->key) < 0)
        return SSC_ENOMEM;
    if ((row = summary_row(e, h->key.s)) == -2) return SSC_ENOMEM;
    if ((fam = summary_family(e, fh, f[1], f[2])) < 0) return fam;
    if (row < 0) return 0;
    hits_t *hs = &e->hits[row];
    hit_t *p = realloc(hs->h, sizeof *p * (hs->n + 1));
    if (!p) return SSC_ENOMEM;
    hs->h = p;
    hs->h[hs->n++] = HIT(fam, packed);
    return 0;
}

static int read_summary(expr_t *e, const char *path)
{
    ssc_lines_t *lr = ssc_lines_open(path, 1);
    khash_t(fam) *fh = kh_init(fam);
    kstring_t s = { 0, 0, NULL };
    sumhdr_t h = { .ncol = 0 };
    int r, ret = 0;
    if (!lr || !fh) {
        snprintf(e->err, sizeof e->err, "%s: %s", path, lr ? "out of memory" : strerror(errno));
        ret = lr ? SSC_ENOMEM : SSC_EIO;
    }
    if (ret == 0 && (r = ssc_lines_next(lr, &s)) <= 0) {
        snprintf(e->err, sizeof e->err, "%s: empty file", path);
        ret = SSC_EFORMAT;
    }
    if (ret == 0) ret = summary_header(e, s.s, &h, path);
    while (ret == 0 && (r = ssc_lines_next(lr, &s)) > 0)
        if (s.l) ret = summary_line(e, fh, s.s, &h, path, ssc_lines_lineno(lr));
    if (ret == 0 && r < 0) {
        snprintf(e->err, sizeof e->err, "%s:%lld: read error", path, (long long)ssc_lines_lineno(lr) + 1);
        ret = SSC_EIO;
    }
    if (lr) ssc_lines_close(lr);
    if (fh) kh_destroy(fam, fh);
    free(s.s);
    free(h.key.s);
    return ret;
}

/* ---- classes and tests ---- */

static int best_type(hit_t h, unsigned types)
{
    for (int t = 0; t < SSC_NTYPES; t++)
        if ((types >> t & 1) && HIT_CNT(h, t)) return t;
    return -1;
}

static int total_sites(hit_t h, unsigned types)
{
    int n = 0;
    for (int t = 0; t < SSC_NTYPES; t++)
        if (types >> t & 1) n += HIT_CNT(h, t);
    return n;
}

#define CBIT(cls, level) (1u << ((cls) * 8 + (level)))

static int in_class(hit_t h, unsigned types, int cls, int level)
{
    switch (cls) {
    case CL_ONLY: return total_sites(h, types) == 1 && HIT_CNT(h, level) == 1;
    case CL_BEST: return best_type(h, types) == level;
    case CL_ANY: return HIT_CNT(h, level) > 0;
    default: {
        int n = total_sites(h, types);
        return level == 3 ? n >= 3 : n == level;
    }
    }
}

/* Per family: the row's hit (0 = no site) and the family's data. */
typedef struct {
    hit_t *hit;       /* per row: this family's counts, 0 = no site */
    uint32_t *rows;   /* rows in the universe with a value */
    uint8_t *in_u;    /* per row: 1 when in rows */
    uint32_t *mask;   /* per row: bit CBIT(cls, level) set when the row is in that class */
    size_t nrows;
    double *ya;       /* per row: residual of fold change (--adjust) */
    double *x, *x0;   /* scratch: class values, no-site values */
    double mean0[2], median0[2]; /* no-site mean and median of y and ya */
    size_t n0[2];     /* no-site genes with a value of y and ya */
    int fam;          /* the family loaded in hit, -1 none */
    int x0_for;       /* x0 holds the no-site values of y (0) or ya (1); -1: stale */
    uint32_t *ord[2]; /* universe rows sorted by y and by ya (NaN left out) */
    size_t nord[2];
    int slow;         /* every test through stats.c (SEEDSCAN_EXPR_SLOW=1, for tests) */
} famdata_t;

static int in_universe(const expr_t *e, size_t r)
{
    return !isnan(e->tab->value[r]) && (e->universe_all || e->join->len[r] >= 0);
}

static ssc_alt_t ks_alt(int dir) { return dir == DIR_DOWN ? SSC_ALT_GREATER : dir == DIR_UP ? SSC_ALT_LESS : SSC_ALT_TWO_SIDED; }
static ssc_alt_t mw_alt(int dir) { return dir == DIR_DOWN ? SSC_ALT_LESS : dir == DIR_UP ? SSC_ALT_GREATER : SSC_ALT_TWO_SIDED; }

/* Collect class and no-site values of y; returns the class size. */
/* The class's values of y into d->x (from the family's site rows only). */
static size_t gather(const expr_t *e, famdata_t *d, const double *y, int cls, int level)
{
    size_t n = 0;
    for (size_t k = e->csr_off[d->fam]; k < e->csr_off[d->fam + 1]; k++) {
        uint32_t r = e->csr_row[k];
        if (d->hit[r] && d->in_u[r] && !isnan(y[r]) && (d->mask[r] & CBIT(cls, level)))
            d->x[n++] = y[r];
    }
    return n;
}

/* The no-site values of y (a = 0) or ya (a = 1) into d->x0. */
static size_t gather0(const expr_t *e, famdata_t *d, int a)
{
    const double *y = a ? d->ya : e->tab->value;
    size_t n0 = 0;
    if (d->x0_for == a) return d->n0[a];
    for (size_t i = 0; i < d->nrows; i++)
        if (!d->hit[d->rows[i]] && !isnan(y[d->rows[i]])) d->x0[n0++] = y[d->rows[i]];
    d->x0_for = a;
    return n0;
}

/* ---- the tests in one pass over the sorted universe ----
 * stats.c pools and sorts both samples for every test; with thousands of
 * classes over the same genes that sort is nearly all the time. Walking the
 * genes once sorted gives the same KS statistic (at tie-group ends) and the
 * same mid-rank sum and tie term for the Mann-Whitney normal approximation.
 * Used only where stats.c would not compute an exact p; its formulas are
 * repeated here (one-sided asymptotic KS, R's normal approximation). */

typedef struct {
    double dmax, dmin;  /* extremes of F_x - F_y at tie-group ends */
    double rank_x, tie; /* mid-rank sum of x, sum of t^3 - t */
    double median;      /* of x */
} pass_t;

static void one_pass(const famdata_t *d, const double *y, const uint32_t *ord, size_t n,
                     uint32_t bit, size_t nx, size_t ny, pass_t *ps)
{
    size_t cx = 0, cy = 0, pos = 0, lo = (nx - 1) / 2, hi = nx / 2;
    double vlo = NAN;
    ps->dmax = -INFINITY, ps->dmin = INFINITY, ps->rank_x = ps->tie = 0, ps->median = NAN;
    for (size_t i = 0, j; i < n; i = j) {
        size_t gx = 0, gy = 0;
        for (j = i; j < n && y[ord[j]] == y[ord[i]]; j++) {
            if (!d->hit[ord[j]]) gy++;
            else gx += (d->mask[ord[j]] & bit) != 0;
        }
        double t = (double)(gx + gy);
        if (t == 0) continue;
        if (cx <= lo && lo < cx + gx) vlo = y[ord[i]];
        if (cx <= hi && hi < cx + gx) ps->median = (vlo + y[ord[i]]) / 2;
        ps->rank_x += (double)gx * ((double)pos + (t + 1) / 2);
        ps->tie += t * t * t - t;
        pos += gx + gy, cx += gx, cy += gy;
        double z = (double)cx / (double)nx - (double)cy / (double)ny;
        if (z > ps->dmax) ps->dmax = z;
        if (z < ps->dmin) ps->dmin = z;
    }
}

static double mw_normal_p(double W, double mx, double my, double tie, ssc_alt_t alt)
{
    double z = W - mx * my / 2, corr = alt == SSC_ALT_GREATER ? 0.5 : -0.5;
    double sigma = sqrt((mx * my / 12) * ((mx + my + 1) - tie / ((mx + my) * (mx + my - 1))));
    z = (z - corr) / sigma;
    return alt == SSC_ALT_LESS ? 0.5 * erfc(-z / M_SQRT2) : 0.5 * erfc(z / M_SQRT2);
}

/* KS and Mann-Whitney of one class: one pass where stats.c would be asymptotic. */
static int class_tests(const expr_t *e, famdata_t *d, int a, size_t n, size_t n0, const res_t *r,
                       ssc_test_t *ks, ssc_test_t *mw, double *median)
{
    const double *y = a ? d->ya : e->tab->value;
    int dir = e->o->direction, fast = !d->slow && dir != DIR_TWO;
    int ks_fast = fast && (double)n * (double)n0 >= 10000, mw_fast = fast && (n >= 50 || n0 >= 50);
    pass_t ps;
    ps.median = NAN;
    if (ks_fast || mw_fast) one_pass(d, y, d->ord[a], d->nord[a], CBIT(r->cls, r->level), n, n0, &ps);
    if (!ks_fast || !mw_fast) gather0(e, d, a);
    if (!ks_fast && ssc_ks_test(d->x, n, d->x0, n0, ks_alt(dir), SSC_P_AUTO, ks) < 0) return SSC_ENOMEM;
    if (!mw_fast && ssc_wilcox_test(d->x, n, d->x0, n0, mw_alt(dir), SSC_P_AUTO, 1, mw) < 0) return SSC_ENOMEM;
    if (ks_fast) {
        double m = (double)n * (double)n0 / (double)(n + n0);
        ks->stat = dir == DIR_DOWN ? ps.dmax : -ps.dmin;
        ks->p = fmin(1.0, fmax(0.0, exp(-2 * m * ks->stat * ks->stat)));
    }
    if (mw_fast) {
        mw->stat = ps.rank_x - (double)n * ((double)n + 1) / 2;
        mw->p = mw_normal_p(mw->stat, (double)n, (double)n0, ps.tie, mw_alt(dir));
    }
    *median = isnan(ps.median) ? ssc_median(d->x, n) : ps.median;
    return 0;
}

static int run_tests(const expr_t *e, famdata_t *d, res_t *r, int adjusted)
{
    size_t n0 = d->n0[adjusted], n = gather(e, d, adjusted ? d->ya : e->tab->value, r->cls, r->level);
    ssc_test_t ks, mw;
    r->n = adjusted ? r->n : n;
    r->n0 = adjusted ? r->n0 : n0;
    if (!n) return 0;
    if (n0 == 0) { /* nothing to compare with: not reported */
        if (!adjusted) r->n = 0;
        return 0;
    }
    double mean = ssc_mean(d->x, n), median;
    if (class_tests(e, d, adjusted, n, n0, r, &ks, &mw, &median) < 0) return SSC_ENOMEM;
    double mean0 = d->mean0[adjusted], median0 = d->median0[adjusted];
    if (adjusted) {
        r->amean = mean - mean0, r->amedian = median - median0;
        r->aD = ks.stat, r->apks = ks.p, r->apmw = mw.p;
    } else {
        r->mean = mean, r->median = median, r->mean0 = mean0, r->median0 = median0;
        r->D = ks.stat, r->pks = ks.p, r->pmw = mw.p;
    }
    return 0;
}

static const double *sort_y;

static int cmp_by_y(const void *a, const void *b)
{
    double u = sort_y[*(const uint32_t *)a], v = sort_y[*(const uint32_t *)b];
    return (u > v) - (u < v);
}

/* d->ord[a]: universe rows without NaN, sorted by y. */
static void sort_rows(famdata_t *d, const double *y, int a)
{
    size_t n = 0;
    for (size_t i = 0; i < d->nrows; i++)
        if (!isnan(y[d->rows[i]])) d->ord[a][n++] = d->rows[i];
    d->nord[a] = n;
    sort_y = y;
    qsort(d->ord[a], n, sizeof *d->ord[a], cmp_by_y);
}

/* Residuals of y on log length and GC, fitted over the no-site genes. */
static int residuals(const expr_t *e, famdata_t *d)
{
    size_t n = e->tab->n;
    double *yy = malloc(sizeof *yy * n), *x1 = malloc(sizeof *x1 * n), coef[3];
    int ret = yy && x1 ? 0 : SSC_ENOMEM;
    for (size_t r = 0; ret == 0 && r < n; r++) {
        int use = in_universe(e, r) && !d->hit[r] && e->join->len[r] > 0;
        yy[r] = use ? e->tab->value[r] : NAN;
        x1[r] = e->join->len[r] > 0 ? log((double)e->join->len[r]) : NAN;
    }
    if (ret == 0 && ssc_lm2(yy, x1, e->gc, n, coef, NULL) < 0) ret = SSC_EINVAL;
    for (size_t r = 0; ret == 0 && r < n; r++)
        d->ya[r] = e->tab->value[r] - (coef[0] + coef[1] * x1[r] + coef[2] * e->gc[r]);
    free(yy);
    free(x1);
    return ret;
}

static res_t *new_res(expr_t *e, int fam, int cls, int level)
{
    if (e->nres == e->mres) {
        size_t m = e->mres ? e->mres * 2 : 256;
        res_t *p = realloc(e->res, sizeof *p * m);
        if (!p) return NULL;
        e->res = p;
        e->mres = m;
    }
    res_t *r = &e->res[e->nres];
    memset(r, 0, sizeof *r);
    r->fam = fam, r->cls = cls, r->level = level;
    r->amean = r->amedian = r->aD = r->apks = r->apmw = NAN;
    return r;
}

static int test_class(expr_t *e, famdata_t *d, int fam, int cls, int level)
{
    res_t *r = new_res(e, fam, cls, level);
    int ret;
    if (!r) return SSC_ENOMEM;
    if ((ret = run_tests(e, d, r, 0)) < 0) return ret;
    if (!r->n) return 0;  /* empty classes are not reported */
    if (e->o->adjust && (ret = run_tests(e, d, r, 1)) < 0) return ret;
    e->nres++;
    return 0;
}

/* The median of the no-site values, read off the sorted order (no sort per family). */
static double nosite_median(const famdata_t *d, const double *y, int a, size_t n0)
{
    size_t lo = (n0 - 1) / 2, hi = n0 / 2, k = 0;
    double v = NAN;
    for (size_t i = 0; n0 && i < d->nord[a]; i++) {
        uint32_t r = d->ord[a][i];
        if (d->hit[r]) continue;
        if (k == lo) v = y[r];
        if (k++ == hi) return (v + y[r]) / 2;
    }
    return NAN;
}

/* The no-site count, mean and median, once per family (the same for every class). */
static void nosite_summary(const expr_t *e, famdata_t *d)
{
    for (int a = 0; a <= (e->o->adjust != 0); a++) {
        const double *y = a ? d->ya : e->tab->value;
        size_t n0 = 0;
        for (size_t i = 0; i < d->nrows; i++)
            if (!d->hit[d->rows[i]] && !isnan(y[d->rows[i]])) d->x0[n0++] = y[d->rows[i]];
        d->n0[a] = n0;
        d->mean0[a] = ssc_mean(d->x0, n0);
        d->median0[a] = nosite_median(d, y, a, n0);
    }
    d->x0_for = -1;
}

/* d->hit for one family (0 = no site), clearing the previous family's. */
static void load_family(const expr_t *e, famdata_t *d, int fam)
{
    if (d->fam >= 0)
        for (size_t k = e->csr_off[d->fam]; k < e->csr_off[d->fam + 1]; k++) d->hit[e->csr_row[k]] = 0;
    for (size_t k = e->csr_off[fam]; k < e->csr_off[fam + 1]; k++) {
        hit_t h = e->csr_hit[k];
        uint32_t m = 0;
        if (!total_sites(h, e->types)) continue;
        d->hit[e->csr_row[k]] = h;
        for (int cls = CL_ONLY; cls < N_CLASSES; cls++)
            for (int l = cls == CL_NSITES; l < (cls == CL_NSITES ? 4 : SSC_NTYPES); l++)
                if (in_class(h, e->types, cls, l)) m |= CBIT(cls, l);
        d->mask[e->csr_row[k]] = m;
    }
    d->fam = fam;
}

/* The family-major copy of the per-row site counts. */
static int build_csr(expr_t *e)
{
    size_t n = e->tab->n, nf = (size_t)e->fams.n, tot = 0;
    if (!(e->csr_off = calloc(nf + 2, sizeof *e->csr_off))) return SSC_ENOMEM;
    for (size_t r = 0; r < n; r++)
        for (size_t j = 0; j < e->hits[r].n; j++) e->csr_off[HIT_FAM(e->hits[r].h[j]) + 2]++, tot++;
    for (size_t f = 2; f < nf + 2; f++) e->csr_off[f] += e->csr_off[f - 1];
    e->csr_row = malloc(sizeof *e->csr_row * (tot ? tot : 1));
    e->csr_hit = malloc(sizeof *e->csr_hit * (tot ? tot : 1));
    if (!e->csr_row || !e->csr_hit) return SSC_ENOMEM;
    for (size_t r = 0; r < n; r++) /* csr_off[f + 1] is family f's fill point */
        for (size_t j = 0; j < e->hits[r].n; j++) {
            size_t k = e->csr_off[HIT_FAM(e->hits[r].h[j]) + 1]++;
            e->csr_row[k] = (uint32_t)r, e->csr_hit[k] = e->hits[r].h[j];
        }
    if (!e->o->annotate)
        for (size_t r = 0; r < n; r++) free(e->hits[r].h), e->hits[r].h = NULL, e->hits[r].n = 0;
    return 0;
}

static int test_family(expr_t *e, famdata_t *d, int fam)
{
    int ret = 0;
    load_family(e, d, fam);
    if (e->o->adjust && (ret = residuals(e, d)) < 0) {
        if (ret == SSC_ENOMEM) return ret;
        cli_warn(CMD, "%s: too few genes without a site to fit --adjust length,gc; family skipped",
                 e->fams.name[fam]);
        return 0;
    }
    if (e->o->adjust) sort_rows(d, d->ya, 1);
    nosite_summary(e, d);
    if (d->n0[0] == 0) {
        cli_warn(CMD, "%s: every gene has a site; nothing to compare with, family skipped", e->fams.name[fam]);
        return 0;
    }
    for (int cls = CL_ONLY; ret == 0 && cls <= CL_ANY; cls++)
        for (int t = 0; ret == 0 && t < SSC_NTYPES; t++)
            if (e->types >> t & 1) ret = test_class(e, d, fam, cls, t);
    for (int l = 1; ret == 0 && l <= 3; l++) ret = test_class(e, d, fam, CL_NSITES, l);
    return ret;
}

static void famdata_free(famdata_t *d)
{
    free(d->hit);
    free(d->rows);
    free(d->ya);
    free(d->x);
    free(d->x0);
    free(d->ord[0]);
    free(d->ord[1]);
    free(d->in_u);
    free(d->mask);
}

static int famdata_init(const expr_t *e, famdata_t *d)
{
    size_t n = e->tab->n;
    memset(d, 0, sizeof *d);
    d->hit = calloc(n, sizeof *d->hit);
    d->rows = malloc(sizeof *d->rows * n);
    d->ya = malloc(sizeof *d->ya * n);
    d->x = malloc(sizeof *d->x * n);
    d->x0 = malloc(sizeof *d->x0 * n);
    d->ord[0] = malloc(sizeof *d->ord[0] * n);
    d->ord[1] = malloc(sizeof *d->ord[1] * n);
    if (!d->hit || !d->rows || !d->ya || !d->x || !d->x0 || !d->ord[0] || !d->ord[1]) return SSC_ENOMEM;
    if (!(d->in_u = calloc(n ? n : 1, 1)) || !(d->mask = calloc(n ? n : 1, sizeof *d->mask)))
        return SSC_ENOMEM;
    for (size_t r = 0; r < n; r++)
        if (in_universe(e, r)) d->rows[d->nrows++] = (uint32_t)r, d->in_u[r] = 1;
    d->fam = -1;
    const char *slow = getenv("SEEDSCAN_EXPR_SLOW");
    d->slow = slow && *slow && strcmp(slow, "0");
    sort_rows(d, e->tab->value, 0);
    return 0;
}

/* BH over every p-value of the run (KS and Mann-Whitney, before and after --adjust). */
static int adjust_all(expr_t *e)
{
    size_t k = e->o->adjust ? 4 : 2, n = e->nres * k;
    double *p = malloc(sizeof *p * (n ? n : 1));
    if (!p) return SSC_ENOMEM;
    for (size_t i = 0; i < e->nres; i++) {
        const res_t *r = &e->res[i];
        p[i * k] = r->pks, p[i * k + 1] = r->pmw;
        if (k == 4) p[i * k + 2] = r->apks, p[i * k + 3] = r->apmw;
    }
    if (ssc_p_adjust_bh(p, n, p) < 0) return free(p), SSC_ENOMEM;
    for (size_t i = 0; i < e->nres; i++) {
        res_t *r = &e->res[i];
        r->qks = p[i * k], r->qmw = p[i * k + 1];
        r->aqks = k == 4 ? p[i * k + 2] : NAN, r->aqmw = k == 4 ? p[i * k + 3] : NAN;
    }
    free(p);
    return 0;
}

/* ---- ranking families ---- */

typedef struct {
    int fam;
    double p, D;
} famscore_t;

static int cmp_score(const void *a, const void *b)
{
    const famscore_t *x = a, *y = b;
    if (x->p != y->p) return x->p < y->p ? -1 : 1;
    if (x->D != y->D) return x->D > y->D ? -1 : 1;
    return x->fam - y->fam;
}

/* A family's strength: its smallest KS p over all classes, then the largest D. */
static int rank_families(expr_t *e)
{
    int nf = e->fams.n;
    famscore_t *s = malloc(sizeof *s * (size_t)(nf ? nf : 1));
    if (!s || !(e->rank = malloc(sizeof *e->rank * (size_t)(nf ? nf : 1)))) return free(s), SSC_ENOMEM;
    for (int f = 0; f < nf; f++) s[f] = (famscore_t){ f, 2.0, -1.0 };
    for (size_t i = 0; i < e->nres; i++) {
        const res_t *r = &e->res[i];
        famscore_t *x = &s[r->fam];
        if (r->pks < x->p || (r->pks == x->p && r->D > x->D)) x->p = r->pks, x->D = r->D;
    }
    qsort(s, (size_t)nf, sizeof *s, cmp_score);
    for (int i = 0; i < nf; i++) e->rank[s[i].fam] = i + 1;
    free(s);
    return 0;
}

static int cmp_res_rank(const void *a, const void *b, void *arg)
{
    const res_t *x = a, *y = b;
    const int *rank = arg;
    if (rank[x->fam] != rank[y->fam]) return rank[x->fam] - rank[y->fam];
    return x < y ? -1 : x > y;
}

/* ---- output ---- */

static void put_num(kstring_t *s, double v)
{
    if (isnan(v)) kputs("\tNA", s);
    else ksprintf(s, "\t%.6g", v);
}

static const char *level_name(const res_t *r)
{
    static const char *const counts[] = { "0", "1", "2", "3+" };
    return r->cls == CL_NSITES ? counts[r->level] : ssc_type_name(r->level);
}

static void format_header(kstring_t *s, int adjust)
{
    kputs("rank\tfamily\tmirnas\tseed\tclass\ttype\tn\tmean\tmedian\tdelta_mean\tdelta_median\t"
          "n_nosite\tmean_nosite\tmedian_nosite\tks_D\tks_p\tks_q\tmw_p\tmw_q", s);
    if (adjust)
        kputs("\tadj_delta_mean\tadj_delta_median\tadj_ks_D\tadj_ks_p\tadj_ks_q\tadj_mw_p\tadj_mw_q", s);
    kputc('\n', s);
}

static void format_row(kstring_t *s, const expr_t *e, const res_t *r)
{
    const fams_t *f = &e->fams;
    ksprintf(s, "%d\t%s\t%s\t%s\t%s\t%s\t%zu", e->rank[r->fam], f->name[r->fam], f->members[r->fam],
             f->seed[r->fam], CLASS_NAMES[r->cls], level_name(r), r->n);
    put_num(s, r->mean), put_num(s, r->median);
    put_num(s, r->mean - r->mean0), put_num(s, r->median - r->median0);
    ksprintf(s, "\t%zu", r->n0);
    put_num(s, r->mean0), put_num(s, r->median0), put_num(s, r->D);
    put_num(s, r->pks), put_num(s, r->qks), put_num(s, r->pmw), put_num(s, r->qmw);
    if (e->o->adjust) {
        put_num(s, r->amean), put_num(s, r->amedian), put_num(s, r->aD);
        put_num(s, r->apks), put_num(s, r->aqks), put_num(s, r->apmw), put_num(s, r->aqmw);
    }
    kputc('\n', s);
}

/* Write s to path (stdout for NULL or "-"), complete or not at all. */
static int write_all(const expr_opt_t *o, const char *path, const kstring_t *s)
{
    if (ssc_write_file(path, s->s, s->l, o->level) == 0) return 0;
    cli_error(CMD, "writing %s: %s", path && strcmp(path, "-") ? path : "stdout", strerror(errno));
    return -1;
}

/* ---- --annotate: the table with per-family site columns ---- */

/* A blank-separated line with its runs of blanks turned into tabs. */
static void put_tabbed(kstring_t *s, const char *line)
{
    line += strspn(line, " \t");
    while (*line) {
        size_t n = strcspn(line, " \t");
        kputsn(line, n, s);
        line += n;
        line += strspn(line, " \t");
        if (*line) kputc('\t', s);
    }
}

/* Names for a table without a header: id, value, V3, V4, ... */
static void generic_header(kstring_t *s, const ssc_exprtab_t *t, char sep)
{
    char *f[256], *copy = strdup(t->raw[0]);
    int n = copy ? ssc_et_split(copy, t->sep, f, 256) : 2;
    for (int i = 0; i < n; i++) {
        if (i) kputc(sep, s);
        if (i == t->id_col) kputs("id", s);
        else if (i == t->value_col) kputs("value", s);
        else ksprintf(s, "V%d", i + 1);
    }
    free(copy);
}

static void annotate_header(kstring_t *s, const expr_t *e)
{
    char sep = e->tab->sep == ' ' ? '\t' : e->tab->sep;
    if (e->tab->header && e->tab->sep == ' ') put_tabbed(s, e->tab->header);
    else if (e->tab->header) kputs(e->tab->header, s);
    else generic_header(s, e->tab, sep);
    ksprintf(s, "%cutr", sep);
    for (int f = 0; f < e->fams.n; f++) {
        for (int t = 0; t < SSC_NTYPES; t++)
            if (e->types >> t & 1) ksprintf(s, "%c%s.%s", sep, e->fams.name[f], ssc_type_name(t));
        ksprintf(s, "%c%s.total%c%s.best", sep, e->fams.name[f], sep, e->fams.name[f]);
    }
    kputc('\n', s);
}

static void annotate_row(kstring_t *s, const expr_t *e, size_t r, const hit_t *fh)
{
    char sep = e->tab->sep == ' ' ? '\t' : e->tab->sep;
    int has = e->universe_all || e->join->len[r] >= 0;
    if (e->tab->sep != ' ') kputs(e->tab->raw[r], s);
    else put_tabbed(s, e->tab->raw[r]);
    ksprintf(s, "%c%s", sep, has && e->join->target[r] ? e->join->target[r] : "NA");
    for (int f = 0; f < e->fams.n; f++) {
        hit_t h = fh[f];
        for (int t = 0; t < SSC_NTYPES; t++)
            if (e->types >> t & 1) has ? ksprintf(s, "%c%d", sep, HIT_CNT(h, t)) : ksprintf(s, "%cNA", sep);
        if (!has) ksprintf(s, "%cNA%cNA", sep, sep);
        else ksprintf(s, "%c%d%c%s", sep, total_sites(h, e->types), sep,
                      h && best_type(h, e->types) >= 0 ? ssc_type_name(best_type(h, e->types)) : "none");
    }
    kputc('\n', s);
}

/* Streamed: with every family of a large set the table is big. */
static int write_annotated(const expr_t *e, const char *path)
{
    kstring_t s = { 0, 0, NULL };
    hit_t *fh = calloc((size_t)(e->fams.n ? e->fams.n : 1), sizeof *fh);
    ssc_out_t *out = fh ? ssc_out_open_level(path, 1, e->o->level) : NULL;
    int ret = out ? 0 : -1;
    if (out) annotate_header(&s, e);
    for (size_t r = 0; ret == 0 && r < e->tab->n; r++) {
        for (size_t j = 0; j < e->hits[r].n; j++) fh[HIT_FAM(e->hits[r].h[j])] = e->hits[r].h[j];
        annotate_row(&s, e, r, fh);
        for (size_t j = 0; j < e->hits[r].n; j++) fh[HIT_FAM(e->hits[r].h[j])] = 0;
        if (s.l >= (1 << 20) || r + 1 == e->tab->n) ret = ssc_out_write(out, s.s, s.l), s.l = 0;
    }
    if (ret == 0 && ssc_out_close(out, 1) < 0) ret = -1;
    else if (ret < 0 && out) ssc_out_close(out, 0);
    if (ret < 0) cli_error(CMD, "writing %s: %s", path, fh ? strerror(errno) : "out of memory");
    free(fh);
    free(s.s);
    return ret < 0 ? -1 : 0;
}

/* ---- --svg: ECDF panels ---- */

static int cmp_dbl(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The curves of one family: no-site first, then one per type of the class. */
static int svg_family(kstring_t *s, const expr_t *e, famdata_t *d, int fam, int x0, int y0)
{
    static const int cls_of[] = { CL_ONLY, CL_BEST, CL_ANY };
    ssc_svg_curve_t c[SSC_NTYPES + 1];
    char lab[SSC_NTYPES + 1][160], note[SSC_NTYPES + 1][160], sub[256];
    double *vals[SSC_NTYPES + 1] = { 0 };
    int nc = 1, cls = cls_of[e->o->svg_class], ret = 0;
    load_family(e, d, fam);
    d->x0_for = -1;
    for (int t = -1; t < SSC_NTYPES; t++) {
        if (t >= 0 && !(e->types >> t & 1)) continue;
        size_t n = t < 0 ? gather0(e, d, 0) : gather(e, d, e->tab->value, cls, t);
        int i = t < 0 ? 0 : nc++;
        if (!(vals[i] = malloc(sizeof(double) * (n ? n : 1)))) { ret = SSC_ENOMEM; break; }
        memcpy(vals[i], t < 0 ? d->x0 : d->x, sizeof(double) * n);
        qsort(vals[i], n, sizeof(double), cmp_dbl);
        c[i] = (ssc_svg_curve_t){ vals[i], n, lab[i], NULL };
        if (t < 0) snprintf(lab[i], sizeof lab[i], "no site (n=%zu)", n);
        else {
            const res_t *r = NULL;
            for (size_t k = 0; k < e->nres; k++)
                if (e->res[k].fam == fam && e->res[k].cls == cls && e->res[k].level == t) r = &e->res[k];
            snprintf(lab[i], sizeof lab[i], "%s %s (n=%zu)", CLASS_NAMES[cls], ssc_type_name(t), n);
            if (r) snprintf(note[i], sizeof note[i], "KS D=%.3f  p=%.2g  q=%.2g", r->D, r->pks, r->qks);
            if (r) c[i].note = note[i];
        }
    }
    snprintf(sub, sizeof sub, "seed %s; %s KS against genes without a site, q = BH over the run; %s",
             e->fams.seed[fam], e->o->direction == DIR_UP ? "one-sided (up)" : e->o->direction == DIR_DOWN ?
             "one-sided (down)" : "two-sided", e->fams.members[fam]);
    if (ret == 0) ret = ssc_svg_ecdf(s, x0, y0, e->fams.name[fam], sub, "log2 fold change", c, nc);
    for (int i = 0; i < nc; i++) free(vals[i]);
    return ret;
}

/* Panels in a grid, in rank order row by row: 1, 2 or 3 columns. */
static int write_svg(const expr_t *e, famdata_t *d, const char *path)
{
    kstring_t s = { 0, 0, NULL };
    int np = 0, order[SVG_MAX], ret, ncol, nrow;
    for (int rk = 1; rk <= e->fams.n && np < SVG_MAX; rk++)
        for (int f = 0; f < e->fams.n; f++)
            if (e->rank[f] == rk) order[np++] = f;
    ncol = np <= 1 ? 1 : np <= 4 ? 2 : 3;
    nrow = (np + ncol - 1) / ncol;
    ret = ssc_svg_begin(&s, SSC_SVG_PANEL_W * ncol, SSC_SVG_PANEL_H * (nrow ? nrow : 1));
    for (int i = 0; ret == 0 && i < np; i++)
        ret = svg_family(&s, e, d, order[i], SSC_SVG_PANEL_W * (i % ncol), SSC_SVG_PANEL_H * (i / ncol));
    if (ret == 0) ret = ssc_svg_end(&s);
    if (ret == 0) ret = write_all(e->o, path, &s);
    else cli_error(CMD, "%s: out of memory", path);
    free(s.s);
    return ret;
}

/* ---- main ---- */

static int load_inputs(expr_t *e, int nfiles)
{
    const expr_opt_t *o = e->o;
    char err[1024];
    if (ssc_exprtab_load(o->table, &o->tab.et, &e->tab, err, sizeof err) < 0) {
        cli_error(CMD, "%s", err);
        return -1;
    }
    cli_table_inf_to_na(CMD, e->tab, o->table);
    if (o->tab.idmap && ssc_idmap_load(o->tab.idmap, &e->map, err, sizeof err) < 0) {
        cli_error(CMD, "%s", err);
        return -1;
    }
    ssc_log(SSC_LOG_INFO, CMD, "%s: %s table, IDs from column '%s', values from '%s'", o->table,
            ssc_et_kind_name(e->tab->kind), e->tab->id_name, e->tab->value_name);
    e->join = ssc_join_init(e->tab->n, o->tab.collapse);
    e->hits = calloc(e->tab->n ? e->tab->n : 1, sizeof *e->hits);
    e->gc = malloc(sizeof *e->gc * (e->tab->n ? e->tab->n : 1));
    if (!e->join || !e->hits || !e->gc) return cli_error(CMD, "out of memory"), -1;
    for (size_t i = 0; i < e->tab->n; i++) e->gc[i] = NAN;
    e->universe_all = o->summary_in && nfiles == 0;
    return 0;
}

static int scan_inputs(expr_t *e, char **files, int nfiles)
{
    const expr_opt_t *o = e->o;
    ssc_mirsel_t sel = { o->mirfile, o->mirnas, o->species, DEFAULT_MIRNA_FILE, NULL,
                         o->all_families };
    ssc_mirset_t *ms = NULL;
    ssc_index_t *idx = NULL;
    int ret = 0;
    if (!o->summary_in) {
        /* as in scan: the resistance panel unless -m, --mirna or --all-families say otherwise */
        if (o->panel || (!o->mirfile && !o->mirnas && !o->all_families)) {
            if (!(ms = cli_panel_mirset(CMD, o->panel, o->resistance, o->target))) return -1;
        } else if (o->resistance || o->target) {
            return cli_error(CMD, "--resistance and --target filter a panel; they do not apply to -m or --mirna"), -1;
        } else if (!(ms = ssc_mirsel_build(&sel, e->err, sizeof e->err))) return cli_error(CMD, "%s", e->err), -1;
        if (fams_from_mirset(&e->fams, ms) < 0 || !(idx = ssc_index_build(ms, o->types))) ret = SSC_ENOMEM;
        e->types = o->types;
    }
    if (ret == 0) ret = read_targets(e, files, nfiles, idx);
    if (ret == 0 && o->summary_in) ret = read_summary(e, o->summary_in);
    ssc_index_destroy(idx);
    ssc_mirset_destroy(ms);
    if (ret < 0) cli_error(CMD, "%s", e->err[0] ? e->err : ssc_strerror(ret));
    return ret < 0 ? -1 : 0;
}

static int check_join(expr_t *e, char *const *files, int nfiles)
{
    kstring_t s = { 0, 0, NULL };
    double frac;
    size_t m;
    if (e->universe_all) {
        m = e->tab->n - e->tab->n_na - e->tab->n_dup;
        ksprintf(&s, "%zu rows (%zu NA, %zu duplicate IDs); no UTR files: every row counts, "
                 "genes absent from %s have no site", e->tab->n, e->tab->n_na, e->tab->n_dup, e->o->summary_in);
        frac = 1;
    } else {
        ssc_join_report(&s, e->join, e->tab);
        m = ssc_join_matched(e->join, e->tab);
        frac = ssc_join_fraction(e->join, e->tab);
    }
    if (ssc_log_get_level() >= SSC_LOG_WARNING) fprintf(stderr, "seedscan %s: join: %s\n", CMD, s.s);
    free(s.s);
    if (frac < e->o->tab.min_match || m < 2) {
        cli_join_error(CMD, e->tab, e->o->table, m, frac, e->o->tab.min_match, files, nfiles);
        return -1;
    }
    return 0;
}

static int analyse(expr_t *e, famdata_t *d)
{
    int ret = build_csr(e);
    if (ret == 0) ret = famdata_init(e, d);
    for (int f = 0; ret == 0 && f < e->fams.n; f++) ret = test_family(e, d, f);
    if (ret == 0) ret = adjust_all(e);
    if (ret == 0) ret = rank_families(e);
    if (ret == 0 && e->o->all_families) qsort_r(e->res, e->nres, sizeof *e->res, cmp_res_rank, e->rank);
    if (ret < 0) cli_error(CMD, "%s", ret == SSC_ENOMEM || !e->err[0] ? ssc_strerror(ret) : e->err);
    return ret < 0 ? -1 : 0;
}

static int write_outputs(expr_t *e, famdata_t *d)
{
    kstring_t s = { 0, 0, NULL };
    int ret;
    format_header(&s, e->o->adjust);
    for (size_t i = 0; i < e->nres; i++) format_row(&s, e, &e->res[i]);
    ret = s.s ? 0 : -1;
    if (ret == 0 && e->o->annotate) ret = write_annotated(e, e->o->annotate);
    if (ret == 0 && e->o->svg) ret = write_svg(e, d, e->o->svg);
    if (ret == 0) ret = write_all(e->o, e->o->outpath, &s);
    free(s.s);
    return ret;
}

static void expr_free(expr_t *e)
{
    for (size_t i = 0; e->hits && i < e->tab->n; i++) free(e->hits[i].h);
    free(e->hits);
    free(e->csr_off);
    free(e->csr_row);
    free(e->csr_hit);
    free(e->gc);
    free(e->res);
    free(e->rank);
    fams_free(&e->fams);
    ssc_join_destroy(e->join);
    ssc_idmap_destroy(e->map);
    ssc_exprtab_destroy(e->tab);
}

int main_expr(int argc, char *argv[])
{
    expr_opt_t o = { 0 };
    expr_t e = { 0 };
    famdata_t d = { 0 };
    int ret, status = 1;
    o.types = SSC_TYPES_DEFAULT;
    o.svg_class = 1;
    o.level = SSC_OUT_LEVEL_DEFAULT;
    cli_table_opt_init(&o.tab);
    ssc_scanopt_init(&o.sopt);
    if ((ret = parse_args(argc, argv, &o)) != 0) return ret > 0 ? 0 : 1;
    if (cli_output_is_input("expr", o.outpath, argc, argv)) return 1;
    if (o.adjust && o.summary_in && optind == argc) {
        cli_error(CMD, "--adjust needs the UTR sequences (UTR_FILE) for length and GC");
        return 1;
    }
    if (cli_check_table(CMD, o.table, 0) < 0 || (o.mirfile && cli_check_mirfile(CMD, o.mirfile) < 0) ||
        cli_check_targets_peek(CMD, argv + optind, argc - optind) < 0)
        return 1;
    e.o = &o;
    if (load_inputs(&e, argc - optind) == 0 &&
        scan_inputs(&e, argv + optind, argc - optind) == 0 &&
        check_join(&e, argv + optind, argc - optind) == 0 &&
        analyse(&e, &d) == 0 && write_outputs(&e, &d) == 0)
        status = 0;
    famdata_free(&d);
    expr_free(&e);
    return status;
}
