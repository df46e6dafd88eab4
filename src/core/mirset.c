/* mirset.c: miRNA sets from miRBase FASTA or TargetScan files, grouped into seed families. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <stdatomic.h>
#include <htslib/khash.h>
#include "core/core.h"

KHASH_MAP_INIT_STR(s2i, int)

typedef struct {
    char *name;
    char *seq;  /* uppercase RNA, "" when only the seed is known */
    int fam;
} mirna_t;

typedef struct {
    char seed[8]; /* nt 2-8, uppercase RNA */
    int first;    /* first member */
    char *name;   /* the file's family name (TargetScan), or NULL: first member's */
    kstring_t members;
} family_t;

struct ssc_mirset_s {
    mirna_t *mir;
    int n, m;
    family_t *fam;
    int nf, mf;
    khash_t(s2i) *by_seed;
    _Atomic(ssc_wcols_t *) wcols; /* the writers' packed copy, built on first use */
    char errmsg[512];
};

ssc_mirset_t *ssc_mirset_init(void)
{
    ssc_mirset_t *ms = calloc(1, sizeof *ms);
    if (!ms) return NULL;
    ms->by_seed = kh_init(s2i);
    if (!ms->by_seed) {
        free(ms);
        return NULL;
    }
    return ms;
}

static void drop_wcols(ssc_mirset_t *ms)
{
    ssc_wcols_t *w = atomic_exchange(&ms->wcols, NULL);
    if (!w) return;
    free(w->arena);
    free(w->off);
    free(w);
}

void ssc_mirset_destroy(ssc_mirset_t *ms)
{
    if (!ms) return;
    for (int i = 0; i < ms->n; i++) {
        free(ms->mir[i].name);
        free(ms->mir[i].seq);
    }
    for (int f = 0; f < ms->nf; f++) {
        free(ms->fam[f].members.s);
        free(ms->fam[f].name);
    }
    drop_wcols(ms);
    /* by_seed keys point into fam[].seed: nothing else to free */
    kh_destroy(s2i, ms->by_seed);
    free(ms->mir);
    free(ms->fam);
    free(ms);
}

const char *ssc_mirset_errmsg(const ssc_mirset_t *ms) { return ms->errmsg; }
int ssc_mirset_size(const ssc_mirset_t *ms) { return ms->n; }
const char *ssc_mirset_name(const ssc_mirset_t *ms, int i) { return ms->mir[i].name; }
const char *ssc_mirset_seq(const ssc_mirset_t *ms, int i) { return ms->mir[i].seq; }
int ssc_mirset_family_of(const ssc_mirset_t *ms, int i) { return ms->mir[i].fam; }
int ssc_mirset_n_families(const ssc_mirset_t *ms) { return ms->nf; }
const char *ssc_family_name(const ssc_mirset_t *ms, int f)
{
    return ms->fam[f].name ? ms->fam[f].name : ms->mir[ms->fam[f].first].name;
}
const char *ssc_family_members(const ssc_mirset_t *ms, int f) { return ms->fam[f].members.s; }
const char *ssc_family_seed(const ssc_mirset_t *ms, int f) { return ms->fam[f].seed; }

/* "<TAB>name<TAB>members" of every family, back to back. */
static ssc_wcols_t *build_wcols(const ssc_mirset_t *ms)
{
    ssc_wcols_t *w = calloc(1, sizeof *w);
    size_t total = SSC_WCOLS_SLACK, at = 0;
    if (!w) return NULL;
    for (int f = 0; f < ms->nf; f++)
        total += 2 + strlen(ssc_family_name(ms, f)) + ms->fam[f].members.l;
    w->arena = calloc(total, 1);
    w->off = malloc(3 * ((size_t)ms->nf + 1) * sizeof *w->off);
    if (!w->arena || !w->off) {
        free(w->arena);
        free(w->off);
        free(w);
        return NULL;
    }
    w->len = w->off + ms->nf + 1;
    w->namelen = w->len + ms->nf + 1;
    for (int f = 0; f < ms->nf; f++) {
        const char *name = ssc_family_name(ms, f);
        const kstring_t *mem = &ms->fam[f].members;
        size_t nl = strlen(name);
        w->off[f] = (uint32_t)at;
        w->namelen[f] = (uint32_t)(nl + 1);
        w->len[f] = (uint32_t)(nl + 2 + mem->l);
        w->arena[at] = '\t';
        memcpy(w->arena + at + 1, name, nl);
        w->arena[at + 1 + nl] = '\t';
        memcpy(w->arena + at + 2 + nl, mem->s, mem->l);
        at += w->len[f];
        if (w->len[f] > w->maxlen) w->maxlen = w->len[f];
    }
    return w;
}

/* Built once, by whichever thread asks first (a loser frees its copy). */
const ssc_wcols_t *ssc_mirset_wcols(const ssc_mirset_t *ms)
{
    ssc_mirset_t *m = (ssc_mirset_t *)ms;
    ssc_wcols_t *w = atomic_load(&m->wcols), *expect = NULL;
    if (w) return w;
    if (!(w = build_wcols(ms))) return NULL;
    if (!atomic_compare_exchange_strong(&m->wcols, &expect, w)) {
        free(w->arena);
        free(w->off);
        free(w);
        w = expect;
    }
    return w;
}


/* Normalise to uppercase RNA; returns the first offending byte, or 0. */
static int to_rna(char *s)
{
    for (; *s; s++) {
        int c = toupper((unsigned char)*s);
        if (c == 'T') c = 'U';
        if (c != 'A' && c != 'C' && c != 'G' && c != 'U') return (unsigned char)*s;
        *s = (char)c;
    }
    return 0;
}

/* The family of a seed, created on first sight. */
static int family_for(ssc_mirset_t *ms, const char *seed7, int member)
{
    int absent;
    khint_t k = kh_get(s2i, ms->by_seed, seed7);
    if (k != kh_end(ms->by_seed)) return kh_val(ms->by_seed, k);
    if (ms->nf == ms->mf) {
        int m = ms->mf ? ms->mf * 2 : 64;
        family_t *f = realloc(ms->fam, (size_t)m * sizeof *f);
        if (!f) return SSC_ENOMEM;
        /* rehash: keys point into the moved array */
        ms->fam = f;
        ms->mf = m;
        kh_clear(s2i, ms->by_seed);
        for (int i = 0; i < ms->nf; i++) {
            k = kh_put(s2i, ms->by_seed, ms->fam[i].seed, &absent);
            if (absent < 0) return SSC_ENOMEM;
            kh_val(ms->by_seed, k) = i;
        }
    }
    family_t *f = &ms->fam[ms->nf];
    memset(f, 0, sizeof *f);
    memcpy(f->seed, seed7, 7);
    f->first = member;
    k = kh_put(s2i, ms->by_seed, f->seed, &absent);
    if (absent < 0) return SSC_ENOMEM;
    kh_val(ms->by_seed, k) = ms->nf;
    return ms->nf++;
}

static int add_entry(ssc_mirset_t *ms, const char *name, char *seq, const char *seed7)
{
    mirna_t *m;
    int f;
    drop_wcols(ms); /* the families change: the writers' copy is built anew when next asked for */
    if (ms->n == ms->m) {
        int mm = ms->m ? ms->m * 2 : 64;
        mirna_t *p = realloc(ms->mir, (size_t)mm * sizeof *p);
        if (!p) return SSC_ENOMEM;
        ms->mir = p;
        ms->m = mm;
    }
    m = &ms->mir[ms->n];
    m->name = strdup(name);
    if (!m->name) return SSC_ENOMEM;
    m->seq = seq;
    if ((f = family_for(ms, seed7, ms->n)) < 0) {
        free(m->name);
        return f;
    }
    m->fam = f;
    kstring_t *mem = &ms->fam[f].members;
    if ((mem->l && kputc(',', mem) < 0) || kputs(name, mem) < 0) {
        free(m->name);
        return SSC_ENOMEM;
    }
    ms->n++;
    return 0;
}

/* Names go into TSV and BED columns unquoted: a tab or a line break would
 * shift or split rows (FASTA IDs and TargetScan names cannot hold them). */
static int has_control(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f) return 1;
    return 0;
}

int ssc_mirset_add(ssc_mirset_t *ms, const char *name, const char *seq)
{
    char seed[8];
    char *s = strdup(seq);
    int ret;
    if (!s) return SSC_ENOMEM;
    if (to_rna(s) || strlen(s) < 8 || !*name || has_control(name)) {
        free(s);
        return SSC_EINVAL;
    }
    memcpy(seed, s + 1, 7);
    seed[7] = 0;
    if ((ret = add_entry(ms, name, s, seed)) < 0) free(s);
    return ret;
}

int ssc_mirset_add_seed(ssc_mirset_t *ms, const char *family, const char *seed7)
{
    char seed[8];
    char *empty;
    int ret;
    if (strlen(seed7) != 7 || !*family || has_control(family)) return SSC_EINVAL;
    memcpy(seed, seed7, 8);
    if (to_rna(seed)) return SSC_EINVAL;
    if (!(empty = strdup(""))) return SSC_ENOMEM;
    if ((ret = add_entry(ms, family, empty, seed)) < 0) free(empty);
    return ret;
}

/* ---- loading ---- */

typedef struct {
    ssc_mirset_t *ms;
    const char *path;
    const ssc_mirload_opt_t *opt;
    int64_t line;
} loadctx_t;

static int load_error(loadctx_t *c, int code, const char *fmt, const char *arg, int ch)
{
    char what[256];
    snprintf(what, sizeof what, fmt, arg, ch);
    snprintf(c->ms->errmsg, sizeof c->ms->errmsg, "%s:%lld: %s", c->path, (long long)c->line, what);
    return code;
}

static int keep_species_prefix(const char *name, const char *sp)
{
    size_t n;
    if (!sp || !*sp) return 1;
    n = strlen(sp);
    return strncasecmp(name, sp, n) == 0 && (name[n] == '-' || name[n] == 0);
}

/* One FASTA miRNA record: name from the header, sequence joined from lines. */
static int fasta_commit(loadctx_t *c, const char *name, kstring_t *seq, int64_t hline)
{
    int bad, ret;
    if (!name) return 0;
    c->line = hline;
    if (!keep_species_prefix(name, c->opt ? c->opt->species : NULL)) return 0;
    if (!*name) return load_error(c, SSC_EFORMAT, "miRNA record has an empty name%s", "", 0);
    if ((bad = to_rna(seq->s ? seq->s : (char *)"")) != 0)
        return load_error(c, SSC_EFORMAT, "miRNA '%s' contains '%c' (only A, C, G, U, T allowed)", name, bad);
    if (seq->l < 8)
        return load_error(c, SSC_EFORMAT, "miRNA '%s' is shorter than 8 nt", name, 0);
    ret = ssc_mirset_add(c->ms, name, seq->s);
    return ret < 0 ? load_error(c, ret, "cannot add miRNA '%s'", name, 0) : 0;
}

static int load_fasta(loadctx_t *c, ssc_lines_t *l, kstring_t *line)
{
    kstring_t name = { 0, 0, NULL }, seq = { 0, 0, NULL };
    int64_t hline = 0;
    int have = 0, ret;
    do {
        c->line = ssc_lines_lineno(l);
        if (line->l == 0) continue;
        if (line->s[0] == '>') {
            int64_t here = c->line;
            if (have && (ret = fasta_commit(c, name.s, &seq, hline)) < 0) goto out;
            name.l = seq.l = 0;
            kputsn(line->s + 1, strcspn(line->s + 1, " \t"), &name);
            if (!name.s) kputs("", &name);
            hline = here;
            have = 1;
        } else if (!have) {
            ret = load_error(c, SSC_EFORMAT, "expected a FASTA header starting with '>'%s", "", 0);
            goto out;
        } else {
            for (size_t i = 0; i < line->l; i++)
                if (!isspace((unsigned char)line->s[i])) kputc(line->s[i], &seq);
            if (!seq.s) kputs("", &seq);
        }
    } while ((ret = ssc_lines_next(l, line)) > 0);
    if (ret < 0) {
        c->line = ssc_lines_lineno(l) + 1;
        ret = load_error(c, ret, "%s", ssc_lines_why(ret), 0);
        goto out;
    }
    ret = have ? fasta_commit(c, name.s, &seq, hline) : 0;
out:
    free(name.s);
    free(seq.s);
    return ret;
}

/* Split a tab-separated line in place; returns the number of fields. */
static int split_tabs(char *s, char **f, int max)
{
    int n = 0;
    f[n++] = s;
    for (; *s && n < max; s++)
        if (*s == '\t') {
            *s = 0;
            f[n++] = s + 1;
        }
    return n;
}

static int species_listed(const char *list, const char *sp)
{
    size_t n = strlen(sp);
    for (const char *p = list; *p;) {
        size_t k = strcspn(p, ";, ");
        if (k == n && strncmp(p, sp, n) == 0) return 1;
        p += k;
        if (*p) p++;
    }
    return 0;
}

/* TargetScan family file: family<TAB>seed(nt 2-8)<TAB>species;species... */
static int ts_family_row(loadctx_t *c, char **f, int nf)
{
    int ret;
    const char *sp = c->opt ? c->opt->species : NULL;
    if (nf < 2 || !*f[0])
        return load_error(c, SSC_EFORMAT, "expected family<TAB>seed<TAB>species, got %s", "fewer columns", 0);
    if (sp && *sp && nf >= 3 && !species_listed(f[2], sp)) return 0;
    ret = ssc_mirset_add_seed(c->ms, f[0], f[1]);
    if (ret == SSC_EINVAL)
        return load_error(c, SSC_EFORMAT, "family '%s' has a seed that is not 7 nt of A, C, G, U, T", f[0], 0);
    return ret < 0 ? load_error(c, ret, "cannot add family '%s'", f[0], 0) : 0;
}

/* TargetScan miR_Family_Info: family, seed+m8, species ID, miRBase ID, mature sequence, ... */
static int ts_info_row(loadctx_t *c, char **f, int nf)
{
    int ret, fam;
    const char *sp = c->opt ? c->opt->species : NULL;
    if (nf < 5)
        return load_error(c, SSC_EFORMAT, "expected at least 5 tab-separated columns%s", "", 0);
    if (sp && *sp && strcmp(f[2], sp) != 0) return 0;
    if (to_rna(f[4]) || strlen(f[4]) < 8)
        return load_error(c, SSC_EFORMAT, "miRNA '%s' has a sequence that is not 8 or more nt of A, C, G, U, T", f[3], 0);
    ret = ssc_mirset_add(c->ms, f[3], f[4]);
    if (ret < 0) return load_error(c, ret, "cannot add miRNA '%s'", f[3], 0);
    /* name the family as TargetScan does, once, from its first row */
    fam = c->ms->mir[c->ms->n - 1].fam;
    if (!c->ms->fam[fam].name && *f[0]) {
        drop_wcols(c->ms);
        if (!(c->ms->fam[fam].name = strdup(f[0])))
            return load_error(c, SSC_ENOMEM, "out of memory at '%s'", f[3], 0);
    }
    return 0;
}

static int load_table(loadctx_t *c, ssc_lines_t *l, kstring_t *line)
{
    int info = strncasecmp(line->s, "miR family\t", 11) == 0, ret;
    char *f[8];
    if (info) ret = ssc_lines_next(l, line); /* skip the header */
    else ret = 1;
    for (; ret > 0; ret = ssc_lines_next(l, line)) {
        c->line = ssc_lines_lineno(l);
        if (line->l == 0 || line->s[0] == '#') continue;
        int nf = split_tabs(line->s, f, 8);
        if ((ret = info ? ts_info_row(c, f, nf) : ts_family_row(c, f, nf)) < 0) return ret;
    }
    if (ret < 0) {
        c->line = ssc_lines_lineno(l) + 1;
        return load_error(c, ret, "%s", ssc_lines_why(ret), 0);
    }
    return 0;
}

int ssc_mirset_load(ssc_mirset_t *ms, const char *path, const ssc_mirload_opt_t *opt)
{
    loadctx_t c = { ms, path, opt, 0 };
    kstring_t line = { 0, 0, NULL };
    ssc_lines_t *l = ssc_lines_open(path, 1);
    int ret;
    ms->errmsg[0] = 0;
    if (!l) {
        snprintf(ms->errmsg, sizeof ms->errmsg, "%s: %s", path, strerror(errno));
        return errno == ENOENT ? SSC_ENOTFOUND : SSC_EIO;
    }
    while ((ret = ssc_lines_next(l, &line)) > 0 && line.l == 0) {}
    c.line = ssc_lines_lineno(l) + (ret < 0);
    if (ret < 0) ret = load_error(&c, ret, "%s", ssc_lines_why(ret), 0);
    else if (ret == 0) ret = 0; /* empty file: an empty set, judged by the caller */
    else if (line.s[0] == '>') ret = load_fasta(&c, l, &line);
    else if (strchr(line.s, '\t')) ret = load_table(&c, l, &line);
    else ret = load_error(&c, SSC_EFORMAT,
                          "not a miRBase FASTA or a TargetScan family file%s", "", 0);
    free(line.s);
    ssc_lines_close(l);
    return ret;
}

/* ---- selection by name ---- */

static int find_name(const ssc_mirset_t *ms, const char *name)
{
    for (int i = 0; i < ms->n; i++)
        if (strcasecmp(ms->mir[i].name, name) == 0) return i;
    return -1;
}

ssc_mirset_t *ssc_mirset_select(const ssc_mirset_t *src, const char *const *names, int n,
                                int *missing)
{
    ssc_mirset_t *ms = ssc_mirset_init();
    if (missing) *missing = -1;
    if (!ms) return NULL;
    for (int i = 0; i < n; i++) {
        int j = find_name(src, names[i]);
        const mirna_t *m;
        if (j >= 0 && find_name(ms, names[i]) >= 0) continue; /* named twice */
        if (j < 0) {
            if (missing) *missing = i;
            goto fail;
        }
        m = &src->mir[j];
        int ret = *m->seq ? ssc_mirset_add(ms, m->name, m->seq)
                          : ssc_mirset_add_seed(ms, m->name, src->fam[m->fam].seed);
        if (ret < 0) goto fail;
        family_t *nf = &ms->fam[ms->mir[ms->n - 1].fam], *of = &src->fam[m->fam];
        if (of->name && !nf->name) {
            drop_wcols(ms);
            if (!(nf->name = strdup(of->name))) goto fail;
        }
    }
    return ms;
fail:
    ssc_mirset_destroy(ms);
    return NULL;
}
