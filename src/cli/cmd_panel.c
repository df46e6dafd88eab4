/* cmd_panel.c: `seedscan panel`, list the curated resistance panel or scan it against 3'UTRs (--report). */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <htslib/khash.h>
#include "cli/cli.h"
#include "cli/inputs.h"
#include "cli/commands.h"
#include "panel/panel.h"
#include "io/io.h"
#include "thermo/site.h"
#include "thermo/noncanon.h"

KHASH_MAP_INIT_INT64(seqof, uint64_t)

#define DEFAULT_TOP 5
#define BATCH_BASES (1 << 20)
#define WRAP 96

static const char *const default_utrs[] = { "panel_target_utrs.fa", "hsa_3utr_collected.fa" };
#define NDEFAULT_UTRS 2

enum { PFMT_TEXT, PFMT_TSV, PFMT_FASTA };
static const char *const fmt_names[] = { "text", "tsv", "fasta" };

typedef struct {
    const char *panel;
    ssc_panel_filter_t filt;
    int format, report, top;
    unsigned types;
    ssc_scanopt_t sopt;
} panel_opt_t;

static void usage(FILE *fp, const panel_opt_t *o)
{
    char types[128] = "";
    for (int t = 0; t < SSC_NTYPES; t++)
        if (o->types >> t & 1) snprintf(types + strlen(types), sizeof types - strlen(types),
                                        "%s%s", *types ? "," : "", ssc_type_name(t));
    fprintf(fp,
"Usage: seedscan panel [options]                      list the panel\n"
"       seedscan panel --report [options] [UTR_FILE...]  scan the panel against 3'UTRs\n"
"The curated panel of miRNAs linked to radio- and chemoresistance (refs/resistance_panel.tsv,\n"
"described in refs/resistance_panel.README.md).\n\n"
"Panel:\n"
"  -p, --panel NAME|FILE  a panel in refs/ (NAME_panel.tsv) or a panel TSV file [%s]\n"
"      --resistance TERM  keep miRNAs with this resistance term, e.g. cisplatin, radiation,\n"
"                         EGFR-TKI (whole word, any case) [%s]\n"
"      --target GENE      keep miRNAs that the panel names as regulating GENE, e.g. PTEN [%s]\n\n"
"Listing:\n"
"  -f, --format FMT       text: aligned columns for a terminal; tsv: the panel's rows with its\n"
"                         header; fasta: >mirbase_id accession review_name + RNA sequence,\n"
"                         for `seedscan scan -m` [%s]\n\n"
"Report (--report): for each named target gene with a UTR in UTR_FILE..., the sites of the\n"
"panel miRNAs that name it (or 'none'); then the strongest other targets of each miRNA.\n"
"      --report           scan instead of listing; UTR_FILE: FASTA, plain or gzip\n"
"                         [refs/%s refs/%s]\n"
"      --types LIST       site types: 8mer,7mer-m8,7mer-A1,6mer,offset-6mer,6mer-A1,\n"
"                         'default' or 'all' [%s]\n"
"      --shadow INT       mask the first INT nt of each UTR (ribosome shadow) [%d]\n"
"  -n, --top INT          other targets listed per miRNA [%d]\n"
"  -h, --help             this help\n\n"
"Positions are 1-based and inclusive, as in `seedscan scan` TSV. A gene is the gene= field of\n"
"the FASTA header, else the ID after its last '|'. A repeated UTR ID is read once (the first).\n"
"Example: seedscan panel --report --target PTEN --types default,offset-6mer\n",
            o->panel, o->filt.resistance ? o->filt.resistance : "all",
            o->filt.target ? o->filt.target : "all", fmt_names[o->format], default_utrs[0],
            default_utrs[1], types, o->sopt.shadow, o->top);
}

/* ---- options ---- */

static int parse_format(const char *s, int *fmt)
{
    for (int k = 0; k < 3; k++)
        if (strcmp(s, fmt_names[k]) == 0) return *fmt = k, 0;
    cli_error("panel", "--format: '%s' is not text, tsv or fasta", s);
    return -1;
}

static int parse_opt(int c, const char *arg, panel_opt_t *o)
{
    switch (c) {
    case 'p': o->panel = arg; return 0;
    case 1: o->filt.resistance = arg; return 0;
    case 2: o->filt.target = arg; return 0;
    case 'f': return parse_format(arg, &o->format);
    case 3: o->report = 1; return 0;
    case 4:
        if (cli_types_opt("panel", arg, &o->types) < 0) return -1;
        if (!(o->types & ~SSC_TYPES_ALL)) return 0;
        cli_error("panel", "--types: '%s': the report takes canonical types (it gives each named "
                           "pair's best non-canonical site itself)", arg);
        return -1;
    case 5:
        return cli_int_opt("panel", "--shadow", arg, 0, 1 << 30, &o->sopt.shadow);
    case 'n':
        return cli_int_opt("panel", "--top", arg, 1, 1000, &o->top);
    }
    return -1;
}

/* 0 = run, 1 = help printed, -1 = error (usage printed for a bad option). */
static int parse_args(int argc, char *argv[], panel_opt_t *o)
{
    static const struct option lopts[] = {
        { "panel", required_argument, NULL, 'p' },
        { "resistance", required_argument, NULL, 1 },
        { "target", required_argument, NULL, 2 },
        { "format", required_argument, NULL, 'f' },
        { "report", no_argument, NULL, 3 },
        { "types", required_argument, NULL, 4 },
        { "shadow", required_argument, NULL, 5 },
        { "top", required_argument, NULL, 'n' },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 }
    };
    int c, fmt_given = 0, report_only = 0;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":p:f:n:h", lopts, NULL)) != -1) {
        if (c == 'h') return usage(stdout, o), 1;
        if (c == '?' || c == ':') {
            cli_bad_option("panel", argv, c, "seedscan panel [options], or seedscan panel --report [options] [UTR_FILE...]");
            return -1;
        }
        fmt_given |= c == 'f';
        if (!report_only && (c == 4 || c == 5 || c == 'n')) report_only = c;
        if (parse_opt(c, optarg, o) < 0) return -1;
    }
    if (o->report && fmt_given) {
        cli_error("panel", "--report writes text; --format applies to the listing only");
        return -1;
    }
    if (!o->report && report_only) {
        cli_error("panel", "%s applies to --report (the scan); the listing has no sites",
                  report_only == 4 ? "--types" : report_only == 5 ? "--shadow" : "--top");
        return -1;
    }
    if (!o->report && optind < argc) {
        cli_error("panel", "'%s': UTR files are read only with --report", argv[optind]);
        usage(stderr, o);
        return -1;
    }
    return 0;
}

/* ---- output ---- */

static int write_out(const kstring_t *s)
{
    if (s->l && fwrite(s->s, 1, s->l, stdout) != s->l) goto fail;
    if (fflush(stdout) != 0) goto fail;
    return 0;
fail:
    cli_error("panel", "writing stdout: %s", strerror(errno));
    return -1;
}

static const char *filter_desc(const ssc_panel_filter_t *f, char *buf, size_t size)
{
    int r = f->resistance && *f->resistance, t = f->target && *f->target;
    snprintf(buf, size, "%s%s%s%s%s", r ? "resistance " : "", r ? f->resistance : "",
             r && t ? ", " : "", t ? "target " : "", t ? f->target : "");
    return buf;
}

static int list_panel(ssc_panel_t *p, const panel_opt_t *o, const int *rows, int n)
{
    kstring_t s = { 0, 0, NULL };
    char desc[512];
    int ret;
    if (o->format == PFMT_TEXT) {
        filter_desc(&o->filt, desc, sizeof desc);
        ksprintf(&s, "%s panel: %d of %d miRNAs%s%s%s\n\n", o->panel, n, ssc_panel_size(p), *desc ? " (" : "", desc, *desc ? ")" : "");
        ret = ssc_panel_format_text(&s, p, rows, n);
    } else if (o->format == PFMT_TSV) {
        ret = ssc_panel_format_tsv(&s, p, rows, n);
    } else {
        ret = ssc_panel_format_fasta(&s, p, rows, n);
    }
    if (ret == 0) ret = write_out(&s);
    else cli_error("panel", "out of memory");
    free(s.s);
    return ret;
}

/* ==== the report ==== */

typedef struct {
    char *gene;   /* named target gene (as the panel spells it) */
    int *mirs;    /* miRNAs (indices into the set) that name it */
    int nmirs;
    int nrec;     /* UTR records of this gene seen */
} named_t;

typedef struct {
    int named;    /* index into named[] */
    const char *gene; /* named[named].gene, for sorting */
    int64_t idx;  /* record number over all inputs */
    kstring_t text;
} block_t;

typedef struct {
    int best;                 /* strongest site type (lowest ssc_type_t) */
    uint32_t cnt[SSC_NTYPES]; /* sites per type */
    uint32_t total;
    int64_t idx;
    char *id;
    char *key;                /* gene, or the ID when the gene is unknown: one UTR per key */
} cand_t;

typedef struct {
    const panel_opt_t *opt;
    ssc_panel_t *panel;
    int *rows;                /* panel row of miRNA i of ms */
    ssc_mirset_t *ms;
    ssc_index_t *idx;
    ssc_tbuf_t *tb;
    int namew;                /* width of the miRNA name column */
    named_t *named;
    int nnamed;
    block_t *blk;
    int nblk, mblk;
    cand_t *cand;             /* top candidates: miRNA i owns cand[i*top ..] */
    int *ncand;
    uint32_t *cnt;            /* sites per family and type of the current record */
    int32_t *touched;         /* families with sites in the current record */
    khash_t(seqof) *ids;
    int64_t nrec, ndup;
    kstring_t files;          /* the inputs, for the header */
    ssc_th_params_t *p;       /* energies of the named pairs' sites */
    ssc_th_dbuf_t *db;
    ssc_th_nc_t *nc;
    int64_t ncap;
} report_t;

static uint64_t fnv1a(const char *s, int64_t len)
{
    uint64_t h = 1469598103934665603ULL;
    for (int64_t k = 0; k < len; k++) h = (h ^ (uint8_t)s[k]) * 1099511628211ULL;
    return h;
}

/* The gene of a UTR record: gene=... in the header, else the ID after its last '|'. */
static void record_gene(const ssc_rec_t *rec, char *buf, size_t size)
{
    const char *g = strstr(rec->comment, "gene=");
    if (g && (g == rec->comment || g[-1] == ' ' || g[-1] == '\t')) {
        g += 5;
        snprintf(buf, size, "%.*s", (int)strcspn(g, " \t;"), g);
        return;
    }
    g = strrchr(rec->name, '|');
    snprintf(buf, size, "%s", g ? g + 1 : rec->name);
}

static int find_named(const report_t *r, const char *gene)
{
    for (int g = 0; g < r->nnamed; g++)
        if (strcasecmp(r->named[g].gene, gene) == 0) return g;
    return -1;
}

/* Add miRNA i to the named gene `gene` (created on first mention). */
static int add_named(report_t *r, const char *gene, size_t len, int i)
{
    char buf[128];
    int g;
    snprintf(buf, sizeof buf, "%.*s", (int)len, gene);
    if (!*buf) return 0;
    if ((g = find_named(r, buf)) < 0) {
        named_t *nn = realloc(r->named, (size_t)(r->nnamed + 1) * sizeof *nn);
        if (!nn) return -1;
        r->named = nn;
        g = r->nnamed++;
        memset(&nn[g], 0, sizeof nn[g]);
        if (!(nn[g].gene = strdup(buf))) return -1;
    }
    int *m = realloc(r->named[g].mirs, (size_t)(r->named[g].nmirs + 1) * sizeof *m);
    if (!m) return -1;
    r->named[g].mirs = m;
    m[r->named[g].nmirs++] = i;
    return 0;
}

/* Named genes of the selected miRNAs (restricted to --target when given). */
static int collect_named(report_t *r)
{
    const char *only = r->opt->filt.target;
    for (int i = 0; i < ssc_mirset_size(r->ms); i++) {
        const char *s = ssc_panel_targets(r->panel, r->rows[i]);
        while (*s) {
            size_t len = strcspn(s, ";");
            if ((!only || !*only || (strlen(only) == len && strncasecmp(s, only, len) == 0)) &&
                add_named(r, s, len, i) < 0)
                return -1;
            s += len + (s[len] == ';');
        }
    }
    return 0;
}

/* ---- one UTR record ---- */

/* The sites of family fam, "type start-end" each, wrapped under the first
 * at column indent; "none" if there are none. */
static void put_sites(kstring_t *s, const ssc_site_t *sites, int64_t n, int fam, int indent)
{
    size_t line0 = s->l - (size_t)indent;
    int any = 0;
    for (int64_t k = 0; k < n; k++) {
        char item[64];
        if (sites[k].fam != fam) continue;
        int len = snprintf(item, sizeof item, "%s %lld-%lld", ssc_type_name(sites[k].type),
                           (long long)sites[k].start + 1, (long long)sites[k].end);
        if (any && s->l - line0 + (size_t)len + 2 > WRAP) {
            ksprintf(s, ",\n%*s", indent, "");
            line0 = s->l - (size_t)indent;
        } else if (any) {
            kputs(", ", s);
        }
        kputs(item, s);
        any = 1;
    }
    if (!any) kputs("none", s);
}

static int best_type(const uint32_t *cnt)
{
    for (int t = 0; t < SSC_NTYPES; t++)
        if (cnt[t]) return t;
    return SSC_NTYPES;
}

/* Whether miRNA i is one of those that name the gene. */
static int names_gene(const named_t *nd, int i)
{
    for (int k = 0; k < nd->nmirs; k++)
        if (nd->mirs[k] == i) return 1;
    return 0;
}

/* The other selected miRNAs: those with an 8mer by name (wrapped), the
 * number with a 7mer at best. */
static void put_others(report_t *r, kstring_t *s, const named_t *nd)
{
    size_t line0 = s->l;
    int n8 = 0, n7 = 0;
    for (int i = 0; i < ssc_mirset_size(r->ms); i++) {
        const uint32_t *c = r->cnt + (size_t)ssc_mirset_family_of(r->ms, i) * SSC_NTYPES;
        int b = best_type(c);
        if (names_gene(nd, i) || b > SSC_7MER_A1) continue;
        if (b != SSC_8MER) {
            n7++;
            continue;
        }
        const char *name = ssc_mirset_name(r->ms, i);
        if (!n8++) kputs("    other panel miRNAs with an 8mer:", s);
        else if (s->l - line0 + strlen(name) + 2 > WRAP) kputs(",\n     ", s), line0 = s->l - 5;
        else kputc(',', s);
        ksprintf(s, " %s", name);
    }
    if (n8 && s->l - line0 > WRAP - 30) kputs(";\n     ", s);
    else if (n8) kputc(';', s);
    if (n8 || n7) ksprintf(s, "%s%d other%s with a 7mer at best\n", n8 ? " " : "    ", n7,
                           n8 ? "s" : " panel miRNAs");
}

/* The energy of each site of miRNA i (thermo/site.h), in put_sites' order, then its best
 * non-canonical site (lowest energy; thermo/noncanon.h): what the duplex says about the pair. */
static int put_energies(report_t *r, kstring_t *s, const ssc_rec_t *rec, const ssc_site_t *sites,
                        int64_t n, int i)
{
    const char *m = ssc_mirset_seq(r->ms, i);
    int mlen = (int)strlen(m), fam = ssc_mirset_family_of(r->ms, i), any = 0, e, best = 0, bk = -1;
    int64_t k, nnc;
    ksprintf(s, "    %*s  duplex kcal/mol:", r->namew, "");
    for (k = 0; k < n; k++) {
        if (sites[k].fam != fam) continue;
        if (ssc_th_site_energy(r->p, r->db, m, mlen, rec->seq, rec->len, sites[k].type,
                               sites[k].start, sites[k].end, &e) == 0)
            ksprintf(s, "%s %.2f", any ? "," : "", e / 100.0);
        else
            ksprintf(s, "%s NA", any ? "," : "");
        any = 1;
    }
    if (!any) kputs(" (no canonical site)", s);
    nnc = ssc_th_nc_find(m, mlen, rec->seq, rec->len, SSC_TYPES_NONCANON, r->opt->sopt.shadow,
                         &r->nc, &r->ncap);
    if (nnc < 0) return (int)nnc;
    for (k = 0; k < nnc; k++)
        if (ssc_th_nc_energy(r->p, r->db, m, mlen, rec->seq, rec->len, &r->nc[k], &e) == 0 &&
            (bk < 0 || e < best))
            best = e, bk = (int)k;
    ksprintf(s, "\n    %*s  best non-canonical: ", r->namew, "");
    if (bk < 0) kputs("none\n", s);
    else
        ksprintf(s, "%s %lld-%lld, %.2f kcal/mol\n", ssc_type_name(r->nc[bk].type),
                 (long long)r->nc[bk].start + 1, (long long)r->nc[bk].end, best / 100.0);
    return 0;
}

static int add_block(report_t *r, int g, const ssc_rec_t *rec, int64_t idx, const char *file,
                     const ssc_site_t *sites, int64_t n)
{
    const named_t *nd = &r->named[g];
    block_t *b;
    SSC_GROW(block_t, r->blk, r->nblk, r->mblk);
    b = &r->blk[r->nblk++];
    memset(b, 0, sizeof *b);
    b->named = g;
    b->gene = nd->gene;
    b->idx = idx;
    ksprintf(&b->text, "  %s  %lld nt  (%s)\n", rec->name, (long long)rec->len, file);
    for (int k = 0; k < nd->nmirs; k++) {
        int i = nd->mirs[k];
        ksprintf(&b->text, "    %-*s  ", r->namew, ssc_mirset_name(r->ms, i));
        put_sites(&b->text, sites, n, ssc_mirset_family_of(r->ms, i), r->namew + 6);
        kputc('\n', &b->text);
        if (ssc_mirset_seq(r->ms, i)[0] && put_energies(r, &b->text, rec, sites, n, i) < 0)
            return SSC_ENOMEM;
    }
    put_others(r, &b->text, nd);
    return b->text.s ? 0 : SSC_ENOMEM;
fail:
    return SSC_ENOMEM;
}

/* Whether candidate a ranks before b. */
static int cand_before(const cand_t *a, const cand_t *b)
{
    if (a->best != b->best) return a->best < b->best;
    if (a->cnt[a->best] != b->cnt[b->best]) return a->cnt[a->best] > b->cnt[b->best];
    if (a->total != b->total) return a->total > b->total;
    return a->idx < b->idx;
}

/* One candidate per gene: the key is the gene, or the ID for "NA" or none. */
static const char *cand_key(const ssc_rec_t *rec, const char *gene)
{
    return *gene && strcmp(gene, "NA") != 0 ? gene : rec->name;
}

static void drop_cand(cand_t *list, int *n, int pos)
{
    free(list[pos].id);
    free(list[pos].key);
    memmove(list + pos, list + pos + 1, (size_t)(*n - pos - 1) * sizeof *list);
    (*n)--;
}

/* Insert the record into miRNA i's top list if it ranks high enough and is
 * the best UTR of its gene so far. */
static int offer(report_t *r, int i, const uint32_t *cnt, const ssc_rec_t *rec, int64_t idx,
                 const char *key)
{
    int top = r->opt->top, n = r->ncand[i], pos;
    cand_t c = { best_type(cnt), { 0 }, 0, idx, NULL, NULL }, *list = r->cand + (size_t)i * top;
    memcpy(c.cnt, cnt, sizeof c.cnt);
    for (int t = 0; t < SSC_NTYPES; t++) c.total += cnt[t];
    for (int k = 0; k < n; k++)
        if (strcmp(list[k].key, key) == 0) {
            if (!cand_before(&c, &list[k])) return 0;
            drop_cand(list, &n, k);
            break;
        }
    for (pos = n; pos > 0 && cand_before(&c, &list[pos - 1]); pos--) {}
    if (pos >= top) return r->ncand[i] = n, 0;
    if (!(c.id = strdup(rec->name)) || !(c.key = strdup(key))) {
        free(c.id);
        r->ncand[i] = n;
        return SSC_ENOMEM;
    }
    if (n == top) drop_cand(list, &n, top - 1);
    memmove(list + pos + 1, list + pos, (size_t)(n - pos) * sizeof *list);
    list[pos] = c;
    r->ncand[i] = n + 1;
    return 0;
}

/* Count sites per family and type; remember which families have any. */
static int tally(report_t *r, const ssc_site_t *sites, int64_t n)
{
    int nt = 0;
    for (int64_t k = 0; k < n; k++) {
        uint32_t *c = r->cnt + (size_t)sites[k].fam * SSC_NTYPES;
        if (best_type(c) == SSC_NTYPES) r->touched[nt++] = sites[k].fam;
        c[sites[k].type]++;
    }
    return nt;
}

static int do_record(report_t *r, const ssc_rec_t *rec, const char *file)
{
    const ssc_site_t *sites;
    char gene[128];
    int64_t n = ssc_scan(r->idx, &r->opt->sopt, rec->seq, rec->len, r->tb, &sites);
    int ret = 0, nt, g;
    if (n < 0) return (int)n;
    nt = tally(r, sites, n);
    record_gene(rec, gene, sizeof gene);
    if ((g = find_named(r, gene)) >= 0) {
        r->named[g].nrec++;
        ret = add_block(r, g, rec, r->nrec, file, sites, n);
    }
    for (int i = 0; ret == 0 && i < ssc_mirset_size(r->ms); i++) {
        const uint32_t *c = r->cnt + (size_t)ssc_mirset_family_of(r->ms, i) * SSC_NTYPES;
        if (best_type(c) < SSC_NTYPES &&
            !ssc_panel_list_has(ssc_panel_targets(r->panel, r->rows[i]), gene))
            ret = offer(r, i, c, rec, r->nrec, cand_key(rec, gene));
    }
    for (int k = 0; k < nt; k++) memset(r->cnt + (size_t)r->touched[k] * SSC_NTYPES, 0, SSC_NTYPES * sizeof *r->cnt);
    r->nrec++;
    return ret;
}

/* A repeated ID is read once; a different sequence under it gets a warning. */
static int is_repeat(report_t *r, const ssc_rec_t *rec, const char *file)
{
    int absent;
    uint64_t h = fnv1a(rec->seq, rec->len);
    khint_t k = kh_put(seqof, r->ids, (khint64_t)fnv1a(rec->name, (int64_t)strlen(rec->name)), &absent);
    if (absent < 0) return SSC_ENOMEM;
    if (absent) {
        kh_val(r->ids, k) = h;
        return 0;
    }
    r->ndup++;
    if (kh_val(r->ids, k) != h)
        cli_warn("panel", "%s:%lld: UTR ID '%s' was read before with another sequence; the first "
                 "is kept", file, (long long)rec->line, rec->name);
    return 1;
}

static int scan_file(report_t *r, const char *path, const char *shown)
{
    ssc_batch_t b;
    ssc_reader_t *rd = ssc_reader_open(path, 1);
    int n, ret = 0;
    if (!rd) {
        cli_error("panel", "%s: %s", shown, strerror(errno));
        return -1;
    }
    ssc_batch_init(&b);
    while (ret >= 0 && (n = ssc_reader_read(rd, &b, BATCH_BASES)) > 0)
        for (int k = 0; ret >= 0 && k < b.n; k++)
            if ((ret = is_repeat(r, &b.rec[k], shown)) == 0) ret = do_record(r, &b.rec[k], shown);
    if (ret >= 0 && n < 0) cli_error("panel", "%s", ssc_reader_errmsg(rd));
    else if (ret < 0) cli_error("panel", "%s: %s", shown, ssc_strerror(ret));
    ssc_batch_free(&b);
    ssc_reader_close(rd);
    return ret < 0 || n < 0 ? -1 : 0;
}

/* ---- writing the report ---- */

static void put_types(kstring_t *s, unsigned types)
{
    int any = 0;
    for (int t = 0; t < SSC_NTYPES; t++)
        if (types >> t & 1) ksprintf(s, "%s%s", any++ ? "," : "", ssc_type_name(t));
}

static void put_header(const report_t *r, kstring_t *s)
{
    char desc[512];
    filter_desc(&r->opt->filt, desc, sizeof desc);
    int nm = ssc_mirset_size(r->ms), nf = ssc_mirset_n_families(r->ms);
    ksprintf(s, "seedscan panel report: %d miRNA%s (%d seed famil%s) of the %s panel%s%s%s\n",
             nm, nm == 1 ? "" : "s", nf, nf == 1 ? "y" : "ies", r->opt->panel,
             *desc ? " (" : "", desc, *desc ? ")" : "");
    kputs("site types: ", s);
    put_types(s, r->opt->types);
    ksprintf(s, "; first %d nt of each UTR masked (ribosome shadow); positions 1-based, inclusive\n",
             r->opt->sopt.shadow);
    ksprintf(s, "UTRs: %lld records from %s", (long long)r->nrec, r->files.s);
    if (r->ndup) ksprintf(s, " (%lld repeated IDs read once)", (long long)r->ndup);
    kputs("\n\n", s);
}

static int cmp_block(const void *a, const void *b)
{
    const block_t *x = a, *y = b;
    int c = strcasecmp(x->gene, y->gene);
    return c ? c : (x->idx > y->idx) - (x->idx < y->idx);
}

static int cmp_gene(const void *a, const void *b)
{
    return strcasecmp(((const named_t *)a)->gene, ((const named_t *)b)->gene);
}

static void put_named(report_t *r, kstring_t *s)
{
    qsort(r->blk, (size_t)r->nblk, sizeof *r->blk, cmp_block);
    kputs("Named targets with a UTR in the input: sites of the panel miRNAs that name them\n", s);
    for (int k = 0; k < r->nblk; k++) {
        const named_t *nd = &r->named[r->blk[k].named];
        if (k == 0 || r->blk[k - 1].named != r->blk[k].named) {
            ksprintf(s, "%s%s (a target of", k ? "\n" : "", nd->gene);
            for (int m = 0; m < nd->nmirs; m++)
                ksprintf(s, "%s %s", m ? "," : "", ssc_mirset_name(r->ms, nd->mirs[m]));
            kputs(")\n", s);
        }
        kputs(r->blk[k].text.s, s);
    }
    if (!r->nblk) kputs("  (none)\n", s);
}

static void put_missing(report_t *r, kstring_t *s)
{
    named_t *sorted = malloc((size_t)r->nnamed * sizeof *sorted);
    int nmiss = 0, col = 0;
    if (!sorted) return;
    memcpy(sorted, r->named, (size_t)r->nnamed * sizeof *sorted);
    qsort(sorted, (size_t)r->nnamed, sizeof *sorted, cmp_gene);
    for (int g = 0; g < r->nnamed; g++) nmiss += sorted[g].nrec == 0;
    if (!nmiss) ksprintf(s, "\nNamed targets with no UTR in the input: none of %d\n", r->nnamed);
    else ksprintf(s, "\nNamed targets with no UTR in the input: %d of %d\n", nmiss, r->nnamed);
    for (int g = 0; g < r->nnamed; g++) {
        if (sorted[g].nrec) continue;
        if (col == 0) kputs(" ", s);
        ksprintf(s, " %s", sorted[g].gene);
        col += (int)strlen(sorted[g].gene) + 1;
        if (col > WRAP - 10) kputc('\n', s), col = 0;
    }
    if (col) kputc('\n', s);
    free(sorted);
}

static void put_counts(kstring_t *s, const cand_t *c)
{
    int any = 0;
    for (int t = 0; t < SSC_NTYPES; t++)
        if (c->cnt[t]) ksprintf(s, "%s%s x%u", any++ ? ", " : "", ssc_type_name(t), c->cnt[t]);
}

static void put_top(report_t *r, kstring_t *s)
{
    int idw = 0;
    for (int k = 0; k < ssc_mirset_size(r->ms) * r->opt->top; k++)
        if (k % r->opt->top < r->ncand[k / r->opt->top] && (int)strlen(r->cand[k].id) > idw)
            idw = (int)strlen(r->cand[k].id);
    ksprintf(s, "\nStrongest other targets of each panel miRNA: top %d genes by best site type, then "
                "sites of that\ntype, then all sites (one UTR per gene, its best; the miRNA's named "
                "targets left out)\n", r->opt->top);
    for (int i = 0; i < ssc_mirset_size(r->ms); i++) {
        int f = ssc_mirset_family_of(r->ms, i);
        ksprintf(s, "%s (seed %s", ssc_mirset_name(r->ms, i), ssc_family_seed(r->ms, f));
        if (strchr(ssc_family_members(r->ms, f), ','))
            ksprintf(s, "; same seed: %s", ssc_family_members(r->ms, f));
        kputs(")\n", s);
        for (int k = 0; k < r->ncand[i]; k++) {
            const cand_t *c = &r->cand[(size_t)i * r->opt->top + k];
            ksprintf(s, "  %d. %-*s  ", k + 1, idw, c->id);
            put_counts(s, c);
            kputc('\n', s);
        }
        if (!r->ncand[i]) kputs("  (no sites)\n", s);
    }
}

/* ---- set-up and tear-down ---- */

static int report_init(report_t *r)
{
    int nm = ssc_mirset_size(r->ms), nf = ssc_mirset_n_families(r->ms);
    for (int i = 0; i < nm; i++)
        if ((int)strlen(ssc_mirset_name(r->ms, i)) > r->namew) r->namew = (int)strlen(ssc_mirset_name(r->ms, i));
    r->idx = ssc_index_build(r->ms, r->opt->types);
    r->tb = ssc_tbuf_init();
    r->cand = calloc((size_t)nm * r->opt->top, sizeof *r->cand);
    r->ncand = calloc((size_t)nm, sizeof *r->ncand);
    r->cnt = calloc((size_t)nf * SSC_NTYPES, sizeof *r->cnt);
    r->touched = calloc((size_t)nf, sizeof *r->touched);
    r->ids = kh_init(seqof);
    if (!(r->p = cli_load_params("panel", NULL))) return -1;
    r->db = ssc_th_dbuf_init();
    if (!r->db || !r->idx || !r->tb || !r->cand || !r->ncand || !r->cnt || !r->touched || !r->ids ||
        collect_named(r) < 0) {
        cli_error("panel", "out of memory");
        return -1;
    }
    return 0;
}

static void report_free(report_t *r)
{
    for (int g = 0; g < r->nnamed; g++) {
        free(r->named[g].gene);
        free(r->named[g].mirs);
    }
    for (int k = 0; k < r->nblk; k++) free(r->blk[k].text.s);
    for (int i = 0; r->ncand && i < ssc_mirset_size(r->ms); i++)
        for (int k = 0; k < r->ncand[i]; k++) {
            free(r->cand[(size_t)i * r->opt->top + k].id);
            free(r->cand[(size_t)i * r->opt->top + k].key);
        }
    free(r->named);
    free(r->blk);
    free(r->cand);
    free(r->ncand);
    free(r->cnt);
    free(r->touched);
    free(r->files.s);
    if (r->ids) kh_destroy(seqof, r->ids);
    ssc_tbuf_destroy(r->tb);
    ssc_th_dbuf_destroy(r->db);
    ssc_th_params_destroy(r->p);
    free(r->nc);
    ssc_index_destroy(r->idx);
}

/* Scan every input: the given files, or the shipped UTRs (shown as refs/NAME). */
static int scan_inputs(report_t *r, int nfiles, char **files)
{
    char path[4096], shown[300];
    for (int k = 0; k < (nfiles ? nfiles : NDEFAULT_UTRS); k++) {
        if (nfiles) {
            snprintf(path, sizeof path, "%s", files[k]);
            snprintf(shown, sizeof shown, "%s", files[k]);
        } else {
            snprintf(shown, sizeof shown, "refs/%s", default_utrs[k]);
            if (ssc_refs_path(default_utrs[k], path, sizeof path) < 0) {
                cli_error("panel", "cannot find %s (set SEEDSCAN_REFS to the refs directory, or "
                                   "give UTR files)", shown);
                return -1;
            }
        }
        ksprintf(&r->files, "%s%s", k ? ", " : "", shown);
        if (scan_file(r, path, shown) < 0) return -1;
    }
    return 0;
}

static int run_report(ssc_panel_t *p, const panel_opt_t *o, int *rows, int nfiles, char **files)
{
    report_t r = { 0 };
    kstring_t s = { 0, 0, NULL };
    int ret = -1;
    r.opt = o;
    r.panel = p;
    r.rows = rows;
    if (!(r.ms = ssc_panel_mirset(p, &o->filt))) {
        cli_error("panel", "%s", ssc_panel_errmsg(p));
        return -1;
    }
    if (report_init(&r) == 0 && scan_inputs(&r, nfiles, files) == 0) {
        put_header(&r, &s);
        put_named(&r, &s);
        put_missing(&r, &s);
        put_top(&r, &s);
        ret = s.s ? write_out(&s) : (cli_error("panel", "out of memory"), -1);
    }
    free(s.s);
    report_free(&r);
    ssc_mirset_destroy(r.ms);
    return ret;
}

int main_panel(int argc, char *argv[])
{
    panel_opt_t o = { SSC_PANEL_DEFAULT, { NULL, NULL }, PFMT_TEXT, 0, DEFAULT_TOP, SSC_TYPES_DEFAULT, { 0 } };
    ssc_panel_t *p = NULL;
    int *rows = NULL, n, ret, status = 1;
    ssc_scanopt_init(&o.sopt);
    if ((ret = parse_args(argc, argv, &o)) != 0) return ret > 0 ? 0 : 1;
    if (cli_check_targets("panel", argv + optind, argc - optind) < 0) return 1;
    if (!(p = ssc_panel_init())) {
        cli_error("panel", "out of memory");
        return 1;
    }
    if (ssc_panel_load(p, o.panel) < 0) {
        cli_error("panel", "%s", ssc_panel_errmsg(p));
        goto out;
    }
    if (!(rows = malloc(((size_t)ssc_panel_size(p) + 1) * sizeof *rows))) goto out;
    if ((n = ssc_panel_select(p, &o.filt, rows)) < 0) {
        cli_error("panel", "%s", ssc_panel_errmsg(p));
        goto out;
    }
    ret = o.report ? run_report(p, &o, rows, argc - optind, argv + optind) : list_panel(p, &o, rows, n);
    status = ret < 0;
out:
    free(rows);
    ssc_panel_destroy(p);
    return status;
}
