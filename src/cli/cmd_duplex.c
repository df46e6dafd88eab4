/* cmd_duplex.c: `seedscan duplex`, minimum free energy duplexes of miRNAs with targets (RNAduplex's model). */
#include <ctype.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "seedscan.h"
#include "cli/cli.h"
#include "cli/commands.h"
#include "io/io.h"
#include "thermo/params.h"
#include "thermo/duplex.h"

#define CMD "duplex"
#define MIN_MIRNA 8          /* as ssc_mirset_add: shorter is not a miRNA */

typedef struct {
    const char *mirfile, *mirnas, *pfile;
    int delta;               /* -e, dcal/mol; -1: MFE only */
    int ends, below_set, below, draw, pairs, compat;
} dopt_t;

typedef struct {
    const dopt_t *o;
    ssc_th_params_t *p;
    ssc_th_dbuf_t *buf;
    ssc_th_hit_t *ends;
    int nends;
    kstring_t out, db;       /* all output, written only when every pair succeeded */
} dctx_t;

static void usage(FILE *fp)
{
    fprintf(fp,
            "Usage: seedscan duplex [options] TARGETS...\n"
            "Minimum free energy duplexes of miRNAs with targets: intermolecular pairs only, loops up\n"
            "to 30 nt, dangles on the outer ends (d2), Turner 2004 at 37 C (the model of RNAduplex).\n"
            "TARGETS: FASTA (plain or gzip; - is stdin), or with --pairs lines MIRNA<TAB>TARGET.\n\n"
            "  -m, --mirnas FILE   miRBase-style FASTA or TargetScan family file of miRNAs\n"
            "      --mirna LIST    comma-separated names (looked up in -m FILE, default refs/%s),\n"
            "                      sequences, or NAME=SEQUENCE\n"
            "      --pairs         TARGETS are lines MIRNA<TAB>TARGET (MIRNA a name or a sequence)\n"
            "  -e, --delta KCAL    also suboptimal duplexes within KCAL of the minimum (RNAduplex -e)\n"
            "      --ends          whole-target mode: the best duplex ending at each target position\n"
            "      --below KCAL    with --ends, only duplexes of at most KCAL (implies --ends)\n"
            "      --draw          RNAhybrid-like drawings instead of TSV\n"
            "  -P, --params FILE   ViennaRNA 2.0 parameter file over the shipped Turner 2004 set\n"
            "      --compat rnaduplex  -e threshold as RNAduplex 2.4 computes it (MFE truncated)\n"
            "  -h, --help          this help\n\n"
            "Output (TSV): mirna target mfe mirna_start mirna_end target_start target_end structure;\n"
            "energies in kcal/mol, positions 1-based, the structure 'miRNA&target' over the spans\n"
            "(the paired bases and one neighbour each side, as RNAduplex prints them).\n"
            "Example: seedscan duplex --mirna hsa-miR-21-5p --ends --below -15 refs/panel_target_utrs.fa\n",
            DEFAULT_MIRNA_FILE);
}

enum { OPT_MIRNA = 256, OPT_ENDS, OPT_BELOW, OPT_DRAW, OPT_PAIRS, OPT_COMPAT };

static int parse_opts(int argc, char *argv[], dopt_t *o)
{
    static const struct option lopts[] = {
        { "mirnas", required_argument, NULL, 'm' }, { "mirna", required_argument, NULL, OPT_MIRNA },
        { "delta", required_argument, NULL, 'e' }, { "ends", no_argument, NULL, OPT_ENDS },
        { "below", required_argument, NULL, OPT_BELOW }, { "draw", no_argument, NULL, OPT_DRAW },
        { "pairs", no_argument, NULL, OPT_PAIRS }, { "params", required_argument, NULL, 'P' },
        { "compat", required_argument, NULL, OPT_COMPAT }, { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 }
    };
    int c;
    memset(o, 0, sizeof *o);
    o->delta = -1;
    opterr = 0; /* cli_bad_option says it */
    while ((c = getopt_long(argc, argv, ":m:e:P:h", lopts, NULL)) >= 0) {
        switch (c) {
        case 'm': o->mirfile = optarg; break;
        case OPT_MIRNA: o->mirnas = optarg; break;
        case 'P': o->pfile = optarg; break;
        case OPT_ENDS: o->ends = 1; break;
        case OPT_DRAW: o->draw = 1; break;
        case OPT_PAIRS: o->pairs = 1; break;
        case 'e':
            if (cli_parse_kcal(optarg, &o->delta) < 0 || o->delta < 0) {
                cli_error(CMD, "-e: '%s' is not a non-negative energy in kcal/mol", optarg);
                return -1;
            }
            break;
        case OPT_BELOW:
            if (cli_parse_kcal(optarg, &o->below) < 0) {
                cli_error(CMD, "--below: '%s' is not an energy in kcal/mol", optarg);
                return -1;
            }
            o->below_set = o->ends = 1;
            break;
        case OPT_COMPAT:
            if (strcmp(optarg, "rnaduplex") != 0) {
                cli_error(CMD, "--compat: '%s' is not 'rnaduplex'", optarg);
                return -1;
            }
            o->compat = 1;
            break;
        case 'h': usage(stdout); return 1;
        default: cli_bad_option(CMD, argv, c, "seedscan duplex [options] TARGETS..."); return -1;
        }
    }
    if (o->ends && o->delta >= 0) {
        cli_error(CMD, "-e and --ends/--below are different modes; give one");
        return -1;
    }
    return 0;
}

static int is_sequence(const char *s)
{
    for (; *s; s++)
        if (!strchr("ACGTUNacgtun", *s)) return 0;
    return 1;
}

/* The -m file, or the default miRBase file when names must be looked up. */
static ssc_mirset_t *load_mirfile(const char *path)
{
    char def[4096];
    ssc_mirset_t *ms = ssc_mirset_init();
    if (!ms) return NULL;
    if (!path) {
        if (ssc_refs_path(DEFAULT_MIRNA_FILE, def, sizeof def) != 0) {
            cli_error(CMD, "cannot find refs/%s to look miRNA names up in; give -m FILE", DEFAULT_MIRNA_FILE);
            goto fail;
        }
        path = def;
    }
    if (ssc_mirset_load(ms, path, NULL) < 0) {
        cli_error(CMD, "%s", ssc_mirset_errmsg(ms));
        goto fail;
    }
    return ms;
fail:
    ssc_mirset_destroy(ms);
    return NULL;
}

/* One --mirna item into set: NAME=SEQ, a sequence (named by itself), or a name in file. */
static int add_item(ssc_mirset_t *set, ssc_mirset_t **file, const dopt_t *o, const char *item)
{
    const char *eq = strchr(item, '=');
    if (eq) {
        char name[256];
        snprintf(name, sizeof name, "%.*s", (int)(eq - item), item);
        return ssc_mirset_add(set, name, eq + 1) < 0 ? (cli_error(CMD, "--mirna: bad miRNA '%s'", item), -1) : 0;
    }
    if (is_sequence(item))
        return ssc_mirset_add(set, item, item) < 0 ? (cli_error(CMD, "--mirna: bad sequence '%s' (at least %d nt)", item, MIN_MIRNA), -1) : 0;
    if (!*file && !(*file = load_mirfile(o->mirfile))) return -1;
    for (int k = 0; k < ssc_mirset_size(*file); k++)
        if (strcasecmp(ssc_mirset_name(*file, k), item) == 0)
            return ssc_mirset_add(set, ssc_mirset_name(*file, k), ssc_mirset_seq(*file, k)) < 0 ? -1 : 0;
    cli_error(CMD, "--mirna: no miRNA '%s' in %s", item, o->mirfile ? o->mirfile : DEFAULT_MIRNA_FILE);
    return -1;
}

/* The miRNAs of -m and --mirna (NULL and no error when neither is given). */
static ssc_mirset_t *build_mirset(const dopt_t *o, int *err)
{
    ssc_mirset_t *file = NULL, *set;
    char *list, *item, *save = NULL;
    *err = 0;
    if (!o->mirnas) {
        if (o->mirfile && !(file = load_mirfile(o->mirfile))) *err = 1;
        return file;
    }
    if (!(set = ssc_mirset_init()) || !(list = strdup(o->mirnas))) {
        cli_error(CMD, "out of memory");
        ssc_mirset_destroy(set);
        *err = 1;
        return NULL;
    }
    for (item = strtok_r(list, ",", &save); item && !*err; item = strtok_r(NULL, ",", &save))
        if (add_item(set, &file, o, item) < 0) *err = 1;
    free(list);
    ssc_mirset_destroy(file);
    if (*err) ssc_mirset_destroy(set);
    return *err ? NULL : set;
}

/* ---- output ---- */

static void put_kcal(kstring_t *s, int dcal)
{
    int a = dcal < 0 ? -dcal : dcal;
    ksprintf(s, "%s%d.%02d", dcal < 0 ? "-" : "", a / 100, a % 100);
}

static void put_row(dctx_t *x, const char *mname, const char *tname, const ssc_th_hit_t *h)
{
    kstring_t *s = &x->out;
    ksprintf(s, "%s\t%s\t", mname, tname);
    put_kcal(s, h->energy);
    ksprintf(s, "\t%d\t%d\t%d\t%d\t%s\n", h->s1_beg, h->s1_end, h->s2_beg, h->s2_end, x->db.s);
}

/* RNAhybrid's four lines: target 5'->3' on top (unpaired, then paired bases), the miRNA
 * 3'->5' below (paired, then unpaired). */
static void put_drawing(dctx_t *x, const char *m, const char *t, const ssc_th_hit_t *h)
{
    const char *db = x->db.s, *d2 = strchr(db, '&') + 1;
    kstring_t l[4] = { { 0, 0, NULL }, { 0, 0, NULL }, { 0, 0, NULL }, { 0, 0, NULL } };
    int i = h->s1_end, j = h->s2_beg, k;
    while (i >= h->s1_beg || j <= h->s2_end) {
        int pi = i >= h->s1_beg && db[i - h->s1_beg] == '(';
        int pj = j <= h->s2_end && d2[j - h->s2_beg] == ')';
        if (pi && pj) {
            kputc(' ', &l[0]), kputc(t[j - 1], &l[1]), kputc(m[i - 1], &l[2]), kputc(' ', &l[3]);
            i--, j++;
            continue;
        }
        kputc(!pj && j <= h->s2_end ? t[j - 1] : ' ', &l[0]);
        kputc(' ', &l[1]), kputc(' ', &l[2]);
        kputc(!pi && i >= h->s1_beg ? m[i - 1] : ' ', &l[3]);
        if (!pj && j <= h->s2_end) j++;
        if (!pi && i >= h->s1_beg) i--;
    }
    ksprintf(&x->out, "mfe: ");
    put_kcal(&x->out, h->energy);
    ksprintf(&x->out, " kcal/mol\nposition %d\ntarget 5' %s 3'\n          %s\n          %s\nmiRNA  3' %s 5'\n\n",
             h->s2_beg, l[0].s, l[1].s, l[2].s, l[3].s);
    for (k = 0; k < 4; k++) free(l[k].s);
}

static int emit(dctx_t *x, const char *mname, const char *m, const char *tname, const char *t,
                ssc_th_hit_t *h)
{
    if (ssc_th_duplex_trace(x->p, x->buf, h, &x->db) != 0) return -1;
    if (x->o->draw) {
        ksprintf(&x->out, "target: %s\nmiRNA : %s\n", tname, mname);
        put_drawing(x, m, t, h);
    } else {
        put_row(x, mname, tname, h);
    }
    return 0;
}

/* ---- one miRNA against one target ---- */

static int run_ends(dctx_t *x, const char *mname, const char *m, const char *tname, const char *t,
                    int n2)
{
    int j;
    if (n2 > x->nends) {
        ssc_th_hit_t *e = realloc(x->ends, sizeof *e * (size_t)n2);
        if (!e) return -1;
        x->ends = e, x->nends = n2;
    }
    ssc_th_duplex_per_end(x->p, x->buf, x->ends);
    for (j = 0; j < n2; j++) {
        ssc_th_hit_t *h = &x->ends[j];
        if (h->energy >= SSC_TH_INF || (x->o->below_set && h->energy > x->o->below)) continue;
        if (emit(x, mname, m, tname, t, h) < 0) return -1;
    }
    return 0;
}

static int run_subopt(dctx_t *x, const char *mname, const char *m, const char *tname, const char *t)
{
    ssc_th_hit_t *hits;
    int n = ssc_th_duplex_subopt(x->p, x->buf, x->o->delta, 5, x->o->compat, &hits), k, rc = 0;
    if (n < 0) return -1;
    for (k = 0; k < n && rc == 0; k++) rc = emit(x, mname, m, tname, t, &hits[k]);
    free(hits);
    return rc;
}

/* where: "FILE:LINE" of the target, for messages. 0, or -1 after an error message. */
static int run_pair(dctx_t *x, const char *mname, const char *m, const char *tname, const char *t,
                    const char *where)
{
    int n1 = (int)strlen(m), n2 = (int)strlen(t), which = 0, at = 0, rc;
    ssc_th_hit_t h;
    if (n1 < MIN_MIRNA) {
        cli_error(CMD, "%s: miRNA '%s' has %d nt; a miRNA has at least %d", where, mname, n1, MIN_MIRNA);
        return -1;
    }
    rc = ssc_th_duplex_fill(x->p, x->buf, m, n1, t, n2, &which, &at);
    if (rc == SSC_EINVAL) {
        cli_error(CMD, "%s: %s '%s' has '%c' at position %d, not a nucleotide", where,
                  which == 1 ? "miRNA" : "target", which == 1 ? mname : tname,
                  which == 1 ? m[at] : t[at], at + 1);
        return -1;
    }
    if (rc == 0 && x->o->ends) rc = run_ends(x, mname, m, tname, t, n2);
    else if (rc == 0 && x->o->delta >= 0) rc = run_subopt(x, mname, m, tname, t);
    else if (rc == 0 && ssc_th_duplex_best(x->p, x->buf, &h) == 0) rc = emit(x, mname, m, tname, t, &h);
    if (rc) cli_error(CMD, "out of memory");
    return rc ? -1 : 0;
}

/* ---- inputs ---- */

static int run_fasta(dctx_t *x, const ssc_mirset_t *ms, const char *path)
{
    ssc_reader_t *r = ssc_reader_open(path, 1);
    ssc_batch_t b;
    char where[4200];
    int n, k, q, rc = 0;
    if (!r) {
        cli_error(CMD, "%s: cannot open", path);
        return -1;
    }
    ssc_batch_init(&b);
    while (rc == 0 && (n = ssc_reader_read(r, &b, 1 << 20)) > 0)
        for (k = 0; k < n && rc == 0; k++) {
            snprintf(where, sizeof where, "%s:%lld", path, (long long)b.rec[k].line);
            for (q = 0; q < ssc_mirset_size(ms) && rc == 0; q++)
                rc = run_pair(x, ssc_mirset_name(ms, q), ssc_mirset_seq(ms, q), b.rec[k].name,
                              b.rec[k].seq, where);
        }
    if (rc == 0 && n < 0) {
        cli_error(CMD, "%s", ssc_reader_errmsg(r));
        rc = -1;
    }
    ssc_batch_free(&b);
    ssc_reader_close(r);
    return rc;
}

/* The sequence of a pair line's miRNA field: itself, or its sequence in ms. */
static const char *pair_mirna(const ssc_mirset_t *ms, const char *f, const char *where)
{
    int k;
    if (is_sequence(f)) return f;
    for (k = 0; ms && k < ssc_mirset_size(ms); k++)
        if (strcasecmp(ssc_mirset_name(ms, k), f) == 0) return ssc_mirset_seq(ms, k);
    cli_error(CMD, "%s: '%s' is neither a sequence nor a miRNA of -m/--mirna", where, f);
    return NULL;
}

static int run_pairs(dctx_t *x, const ssc_mirset_t *ms, const char *path)
{
    FILE *fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
    char *line = NULL, where[4200], tname[32];
    size_t cap = 0;
    long ln = 0;
    int rc = 0;
    if (!fp) {
        cli_error(CMD, "%s: cannot open", path);
        return -1;
    }
    while (rc == 0 && getline(&line, &cap, fp) >= 0) {
        char *tab, *m, *t = NULL;
        ln++;
        line[strcspn(line, "\r\n")] = 0;
        if (!*line || *line == '#') continue;
        snprintf(where, sizeof where, "%s:%ld", path, ln);
        if (!(tab = strchr(line, '\t')) || strchr(tab + 1, '\t')) {
            cli_error(CMD, "%s: expected MIRNA<TAB>TARGET", where);
            rc = -1;
            break;
        }
        *tab = 0, t = tab + 1;
        snprintf(tname, sizeof tname, "line%ld", ln);
        if (!(m = (char *)pair_mirna(ms, line, where))) rc = -1;
        else rc = run_pair(x, line, m, tname, t, where);
    }
    free(line);
    if (fp != stdin) fclose(fp);
    return rc;
}

static int write_all(const kstring_t *s)
{
    if (s->l && fwrite(s->s, 1, s->l, stdout) != s->l) goto fail;
    if (fflush(stdout) != 0) goto fail;
    return 0;
fail:
    cli_error(CMD, "cannot write the output");
    return -1;
}

int main_duplex(int argc, char *argv[])
{
    dopt_t o;
    dctx_t x = { &o, NULL, NULL, NULL, 0, { 0, 0, NULL }, { 0, 0, NULL } };
    ssc_mirset_t *ms = NULL;
    int k, rc, status = 1, err;
    if ((rc = parse_opts(argc, argv, &o)) != 0) return rc > 0 ? 0 : 1;
    if (optind == argc && isatty(STDIN_FILENO)) {
        usage(stdout);
        return 0;
    }
    ms = build_mirset(&o, &err);
    if (err) goto out;
    if (!o.pairs && !ms) {
        cli_error(CMD, "no miRNAs: give -m FILE or --mirna LIST (or --pairs input)");
        goto out;
    }
    if (!(x.p = cli_load_params(CMD, o.pfile)) || !(x.buf = ssc_th_dbuf_init())) goto out;
    if (!o.draw)
        kputs("mirna\ttarget\tmfe\tmirna_start\tmirna_end\ttarget_start\ttarget_end\tstructure\n", &x.out);
    for (k = optind; k < argc || (k == optind && optind == argc); k++) {
        const char *path = k < argc ? argv[k] : "-";
        if ((o.pairs ? run_pairs(&x, ms, path) : run_fasta(&x, ms, path)) != 0) goto out;
    }
    if (write_all(&x.out) == 0) status = 0;
out:
    free(x.out.s);
    free(x.db.s);
    free(x.ends);
    ssc_th_dbuf_destroy(x.buf);
    ssc_th_params_destroy(x.p);
    ssc_mirset_destroy(ms);
    return status;
}
