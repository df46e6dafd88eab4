/* cmd_fold.c: `seedscan fold`, RNAplfold's unpaired probabilities (site accessibility) as _lunp files or a table. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include "cli/cli.h"
#include "cli/commands.h"
#include "cli/shard.h"
#include "io/io.h"
#include "core/core.h"
#include "thermo/params.h"
#include "thermo/plfold.h"

/* small batches: folding costs ~50 us/nt, so a few kb keep every thread busy on a few hundred kb */
#define BATCH_BASES (1 << 12)
#define MAX_THREADS 256

typedef struct {
    ssc_plfold_opt_t pl;
    const char *lunp_dir, *outpath, *params;
    int tsv, nthreads;
    char cols[1024];          /* --tsv columns: cols[l] = 1 */
    cli_shard_t shard;        /* --shard I/N, --shard-by (n == 0: none) */
} fold_opt_t;

typedef struct {
    ssc_batch_t batch;
    kstring_t *text;          /* per record */
    int ntext;
} item_t;

typedef struct {
    const fold_opt_t *o;
    ssc_reader_t *rd;
    cli_shard_t shard;        /* the cursor of --shard */
    ssc_plfold_t *f[MAX_THREADS];
    ssc_out_t *out;           /* --tsv */
    char **written;           /* _lunp files, removed again on failure */
    int nwritten, mwritten;
    char errmsg[1024];
} fold_t;

static void usage(FILE *fp, const fold_opt_t *o)
{
    fprintf(fp,
"Usage: seedscan fold [options] (--lunp DIR | --tsv) UTRs.fa[.gz]|-\n"
"Unpaired probabilities of RNAplfold's local partition function (ViennaRNA 2.1.9, Turner 2004,\n"
"dangles d2, 37 C): for each position i and l = 1..u, the probability that the l nt ending at\n"
"i are unpaired, averaged over the windows of W nt containing them, base pairs of span <= L.\n"
"These are TargetScan's site accessibility (SA) values; the defaults are TargetScan's.\n"
"\n"
"Output:\n"
"      --lunp DIR     one file DIR/ID_lunp per record in RNAplfold's format ('|' and '/' in\n"
"                     IDs written as '_'), readable by TargetScan's scripts\n"
"      --tsv          a table on stdout (or -o): id, pos, then one column per l (-c)\n"
"  -c LIST            --tsv: the l values, e.g. 14 or 1,8-14 [1..u]\n"
"  -o FILE            --tsv: write FILE (temporary name, renamed on success; .gz: BGZF)\n"
"Model:\n"
"  -W INT             window [%d]\n"
"  -L INT             largest base-pair span [%d]\n"
"  -u INT             longest unpaired stretch [%d]\n"
"      --modern-span  a pair needs j-i+1 <= L (ViennaRNA >= 2.4) instead of j-i <= L\n"
"                     (ViennaRNA < 2.4 and TargetScan's files; the default)\n"
"  -P FILE            ViennaRNA 2.0 parameter file over the shipped Turner 2004 set\n"
"                     (its sections replace those of refs/thermo/turner2004.par, as RNAfold -P)\n"
"  -t INT             threads (records in parallel; output identical for any -t) [%d]\n"
"      --shard I/N    fold only shard I of N (contiguous records, an input file); the shards'\n"
"                     --tsv outputs concatenated in order are the single run's (the header\n"
"                     comes with shard 1); with --lunp each shard writes its records' files\n"
"      --shard-by STR balance shards by bases or records [bases]\n"
"  -h, --help         this help\n"
"A record shorter than W folds with W = its length (L and u at most that), as RNAplfold does;\n"
"one shorter than 5 nt gets no rows (RNAplfold writes no file). Letters other than ACGTU never pair.\n"
"Example: seedscan fold --tsv -c 14 testdata/thermo/plfold/SP1.fa | head\n",
            o->pl.W, o->pl.L, o->pl.u, o->nthreads);
}

/* "14" or "1,8-14" into cols[1..u]; -1 on a bad list. */
static int parse_cols(const char *s, char *cols, int max)
{
    memset(cols, 0, (size_t)max + 1);
    while (*s) {
        char *e;
        long a = strtol(s, &e, 10), b = a;
        if (e == s || a < 1 || a > max) return -1;
        if (*e == '-') {
            s = e + 1;
            b = strtol(s, &e, 10);
            if (e == s || b < a || b > max) return -1;
        }
        for (long l = a; l <= b; l++) cols[l] = 1;
        if (*e == ',') e++;
        else if (*e) return -1;
        s = e;
    }
    return 0;
}

typedef struct {
    kstring_t *s;
    const char *id;
    const fold_opt_t *o;
} emit_t;

static int emit_lunp(void *data, int64_t i, const double *p, int u)
{
    return ssc_plfold_lunp_row(((emit_t *)data)->s, i, p, u);
}

static int emit_tsv(void *data, int64_t i, const double *p, int u)
{
    emit_t *e = data;
    int rc = ksprintf(e->s, "%s\t%lld", e->id, (long long)i) < 0;
    for (int l = 1; l <= u; l++)
        if (e->o->cols[l]) {
            char b[40];
            b[0] = '\t';
            rc |= (l > i ? kputs("\tNA", e->s) : kputsn(b, 1 + ssc_plfold_g7(b + 1, p[l]), e->s)) < 0;
        }
    rc |= kputc('\n', e->s) < 0;
    return rc ? SSC_ENOMEM : 0;
}

static int fold_record(fold_t *s, ssc_plfold_t *f, const ssc_rec_t *r, kstring_t *out)
{
    kstring_t rows = { 0, 0, NULL };
    emit_t e = { s->o->tsv ? out : &rows, r->name, s->o };
    int u, rc = ssc_plfold_seq(f, r->seq, r->len, s->o->tsv ? emit_tsv : emit_lunp, &e);
    out->l = s->o->tsv ? out->l : 0;
    if (rc == 0 && !s->o->tsv && r->len >= 5) {
        ssc_plfold_effective(f, NULL, NULL, &u);
        rc = ssc_plfold_lunp_header(out, u);
        if (rc == 0 && rows.l) rc = kputsn(rows.s, rows.l, out) < 0 ? SSC_ENOMEM : 0;
    }
    free(rows.s);
    return rc;
}

static int work(void *shared, void *item, int tid)
{
    fold_t *s = shared;
    item_t *it = item;
    if (it->ntext < it->batch.n) {
        kstring_t *t = realloc(it->text, sizeof *t * (size_t)it->batch.n);
        if (!t) return SSC_ENOMEM;
        memset(t + it->ntext, 0, sizeof *t * (size_t)(it->batch.n - it->ntext));
        it->text = t, it->ntext = it->batch.n;
    }
    for (int i = 0; i < it->batch.n; i++) {
        it->text[i].l = 0;
        int rc = fold_record(s, s->f[tid], &it->batch.rec[i], &it->text[i]);
        if (rc < 0) return rc;
    }
    return 0;
}

static void item_free(void *shared, void *item)
{
    item_t *it = item;
    (void)shared;
    if (!it) return;
    for (int i = 0; i < it->ntext; i++) free(it->text[i].s);
    free(it->text);
    ssc_batch_free(&it->batch);
    free(it);
}

static void *read_item(void *shared, int *err)
{
    fold_t *s = shared;
    item_t *it = calloc(1, sizeof *it);
    int n;
    if (!it) return *err = SSC_ENOMEM, NULL;
    ssc_batch_init(&it->batch);
    while (!s->shard.done && (n = ssc_reader_read(s->rd, &it->batch, BATCH_BASES)) > 0) {
        if (s->shard.n) cli_shard_filter(&s->shard, &it->batch);
        if (it->batch.n > 0) return it;
    }
    if (s->shard.done) n = 0;
    if (n < 0) snprintf(s->errmsg, sizeof s->errmsg, "%s", ssc_reader_errmsg(s->rd)), *err = n;
    item_free(s, it);
    return NULL;
}

/* DIR/ID_lunp with the characters RNAplfold's users replace ('|', '/') as '_'. */
static void lunp_path(kstring_t *p, const char *dir, const char *id)
{
    p->l = 0;
    ksprintf(p, "%s/", dir);
    for (const char *c = id; *c; c++) kputc(*c == '|' || *c == '/' ? '_' : *c, p);
    kputs("_lunp", p);
}

static int write_lunp(fold_t *s, const ssc_rec_t *r, const kstring_t *t)
{
    kstring_t path = { 0, 0, NULL };
    ssc_out_t *o;
    int rc = 0;
    if (r->len < 5) return 0;
    lunp_path(&path, s->o->lunp_dir, r->name);
    if (!(o = ssc_out_open(path.s, 1)) || ssc_out_write(o, t->s, t->l) < 0 || ssc_out_close(o, 1) < 0) {
        snprintf(s->errmsg, sizeof s->errmsg, "writing %s: %s", path.s, strerror(errno));
        if (o) ssc_out_close(o, 0);
        free(path.s);
        return SSC_EIO;
    }
    if (s->nwritten == s->mwritten) {
        char **w = realloc(s->written, sizeof *w * (size_t)(s->mwritten = 2 * s->mwritten + 16));
        if (!w) return free(path.s), SSC_ENOMEM;
        s->written = w;
    }
    s->written[s->nwritten++] = path.s;
    return rc;
}

static int write_item(void *shared, void *item)
{
    fold_t *s = shared;
    item_t *it = item;
    int rc = 0;
    for (int i = 0; i < it->batch.n && rc == 0; i++) {
        if (s->o->tsv) {
            if (it->text[i].l && ssc_out_write(s->out, it->text[i].s, it->text[i].l) < 0) {
                snprintf(s->errmsg, sizeof s->errmsg, "writing %s: %s", ssc_out_name(s->out), strerror(errno));
                rc = SSC_EIO;
            }
        } else {
            rc = write_lunp(s, &it->batch.rec[i], &it->text[i]);
        }
    }
    item_free(s, it);
    return rc;
}

static int parse_opts(int argc, char *argv[], fold_opt_t *o)
{
    static const struct option lopts[] = {
        { "lunp", required_argument, NULL, 1 }, { "tsv", no_argument, NULL, 2 },
        { "modern-span", no_argument, NULL, 3 }, { "shard", required_argument, NULL, 4 },
        { "shard-by", required_argument, NULL, 5 }, { "help", no_argument, NULL, 'h' }, { NULL, 0, NULL, 0 } };
    const char *shard_by = NULL;
    const char *cols = NULL;
    int c, v;
    while ((c = getopt_long(argc, argv, ":W:L:u:c:o:P:t:h", lopts, NULL)) != -1) {
        switch (c) {
        case 1: o->lunp_dir = optarg; break;
        case 2: o->tsv = 1; break;
        case 3: o->pl.modern = 1; break;
        case 4:
            if (cli_shard_parse(&o->shard, optarg) < 0)
                return cli_error("fold", "--shard: '%s' is not I/N with 1 <= I <= N", optarg), -1;
            break;
        case 5:
            if (strcmp(optarg, "bases") != 0 && strcmp(optarg, "records") != 0)
                return cli_error("fold", "--shard-by: '%s' is not bases or records", optarg), -1;
            shard_by = optarg;
            break;
        case 'c': cols = optarg; break;
        case 'o': o->outpath = optarg; break;
        case 'P': o->params = optarg; break;
        case 'W': case 'L': case 'u': case 't':
            if (cli_int_opt("fold", c == 'W' ? "-W" : c == 'L' ? "-L" : c == 'u' ? "-u" : "-t", optarg, 1,
                            c == 't' ? MAX_THREADS : 10000, &v) < 0)
                return -1;
            *(c == 'W' ? &o->pl.W : c == 'L' ? &o->pl.L : c == 'u' ? &o->pl.u : &o->nthreads) = v;
            break;
        case 'h': usage(stdout, o); return 1;
        default: cli_bad_option("fold", argv, c, "seedscan fold [options] (--lunp DIR | --tsv) UTRS.fa"); return -1;
        }
    }
    char err[256];
    if (ssc_plfold_opt_check(&o->pl, err, sizeof err) < 0) return cli_error("fold", "%s", err), -1;
    if (!o->tsv == !o->lunp_dir) return cli_error("fold", "give one of --lunp DIR and --tsv"), usage(stderr, o), -1;
    if (o->outpath && !o->tsv) return cli_error("fold", "-o goes with --tsv (--lunp writes one file per record)"), -1;
    if (cols && !o->tsv) return cli_error("fold", "-c goes with --tsv"), -1;
    if (shard_by && !o->shard.n)
        return cli_error("fold", "--shard-by balances the shards of --shard I/N; give --shard too"), -1;
    o->shard.by_records = shard_by && shard_by[0] == 'r';
    if (parse_cols(cols ? cols : "1-10000", o->cols, 1000) < 0 && cols)
        return cli_error("fold", "-c: expected l values like 14 or 1,8-14 (1..u), got '%s'", cols), -1;
    if (!cols) parse_cols("1-1000", o->cols, 1000);
    return 0;
}

static int tsv_header(fold_t *s)
{
    kstring_t h = { 0, 0, NULL };
    int rc;
    kputs("id\tpos", &h);
    for (int l = 1; l <= s->o->pl.u; l++)
        if (s->o->cols[l]) ksprintf(&h, "\tl%d", l);
    kputc('\n', &h);
    rc = ssc_out_write(s->out, h.s, h.l);
    free(h.s);
    return rc;
}

static int run(fold_t *s, const char *input, const ssc_th_pf_t *pf)
{
    const fold_opt_t *o = s->o;
    ssc_pipeline_t pl = { read_item, work, write_item, item_free, s, o->nthreads };
    struct stat st;
    int rc;
    if (o->lunp_dir && (stat(o->lunp_dir, &st) < 0 || !S_ISDIR(st.st_mode)))
        return cli_error("fold", "--lunp %s: not a directory", o->lunp_dir), -1;
    for (int t = 0; t < (o->nthreads > 1 ? o->nthreads : 1); t++)
        if (!(s->f[t] = ssc_plfold_init(pf, &o->pl))) return cli_error("fold", "out of memory"), -1;
    s->shard = o->shard;
    if (o->shard.n && strcmp(input, "-") == 0) return cli_error("fold", "--shard needs an input file, not stdin"), -1;
    if (o->shard.n && (rc = cli_shard_count(&s->shard, input, o->nthreads, s->errmsg, sizeof s->errmsg)) < 0)
        return cli_error("fold", "%s", s->errmsg), -1;
    if (!(s->rd = ssc_reader_open(input, o->nthreads)))
        return cli_error("fold", "%s: cannot open: %s", input, strerror(errno)), -1;
    if (o->tsv && !(s->out = ssc_out_open(o->outpath, o->nthreads)))
        return cli_error("fold", "%s: cannot write: %s", o->outpath ? o->outpath : "stdout", strerror(errno)), -1;
    /* the shards' tables concatenated are the single run's: the header comes with shard 1 */
    rc = o->tsv && o->shard.i <= 1 ? tsv_header(s) : 0;
    if (rc == 0) rc = ssc_pipeline_run(&pl);
    if (rc < 0) {
        if (s->out) ssc_out_close(s->out, 0);
        for (int i = 0; i < s->nwritten; i++) unlink(s->written[i]);
        cli_error("fold", "%s", s->errmsg[0] ? s->errmsg : ssc_strerror(rc));
        return -1;
    }
    if (s->out && ssc_out_close(s->out, 1) < 0)
        return cli_error("fold", "writing %s: %s", o->outpath ? o->outpath : "stdout", strerror(errno)), -1;
    return 0;
}

int main_fold(int argc, char *argv[])
{
    fold_opt_t o;
    fold_t s;
    ssc_th_params_t *par = NULL;
    ssc_th_pf_t *pf = NULL;
    int rc;
    memset(&o, 0, sizeof o);
    ssc_plfold_opt_init(&o.pl);
    o.nthreads = 1;
    if ((rc = parse_opts(argc, argv, &o)) != 0) return rc < 0 ? 1 : 0;
    if (optind != argc - 1) {
        if (optind == argc && isatty(0)) return usage(stderr, &o), 1;
        if (optind < argc - 1) return cli_error("fold", "one input file (or -)"), 1;
    }
    memset(&s, 0, sizeof s);
    s.o = &o;
    if (!(par = cli_load_params("fold", o.params)) || !(pf = ssc_th_pf_init(par))) rc = -1;
    else rc = run(&s, optind < argc ? argv[optind] : "-", pf);
    if (s.rd) ssc_reader_close(s.rd);
    for (int t = 0; t < MAX_THREADS; t++) ssc_plfold_destroy(s.f[t]);
    for (int i = 0; i < s.nwritten; i++) free(s.written[i]);
    free(s.written);
    free(pf);
    ssc_th_params_destroy(par);
    return rc < 0 ? 1 : 0;
}
