/* test_variants.c: seedscan variants' site changes equal a brute-force check that scans whole REF and ALT 3'UTRs. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <htslib/hts.h>
#include <htslib/vcf.h>
#include "seedscan.h"
#include "testutil.h"
#include "genome/annot.h"
#include "genome/gseq.h"
#include "genome/variant.h"

#define TD "testdata/genome/"

/* ---- the brute-force check: its own site finder, written from the README's site table ---- */

static int code(int c)
{
    switch (c) {
    case 'A': case 'a': return 0;
    case 'C': case 'c': return 1;
    case 'G': case 'g': return 2;
    case 'T': case 't': case 'U': case 'u': return 3;
    default: return -1;
    }
}

typedef struct { int fam, type; long w, start, end; } bsite_t;
typedef struct { int n, m; bsite_t *s; } bsites_t;

/* rc[f][0..7): reverse complement of nt 2-8 of family f, as codes */
typedef struct { int nf; int (*rc)[7]; } bfam_t;

static bfam_t bf_families(const ssc_mirset_t *ms)
{
    bfam_t b = { ssc_mirset_n_families(ms), NULL };
    b.rc = calloc(b.nf, sizeof *b.rc);
    for (int f = 0; f < b.nf; f++) {
        const char *s = ssc_family_seed(ms, f);
        for (int i = 0; i < 7; i++) b.rc[f][6 - i] = 3 - code(s[i]);
    }
    return b;
}

static long shadow_end(const char *s, long len, int shadow)
{
    long p = 0;
    for (int n = 0; n < shadow && p < len; p++)
        if (code(s[p]) >= 0) n++;
    return shadow > 0 ? p : 0;
}

static int match(const char *s, long len, long from, const int *rc, int n)
{
    for (int i = 0; i < n; i++)
        if (from + i < 0 || from + i >= len || code(s[from + i]) != rc[i]) return 0;
    return 1;
}

/* One physical site, one row: a site inside the span of a longer one of its family (or of one as
 * long with a lower type number) goes. Sites come in window order; nested ones are <= 3 windows apart. */
static void nest(bsites_t *o)
{
    char *drop = calloc(o->n + 1, 1);
    int k = 0, lo = 0;
    for (int i = 0; i < o->n; i++) {
        while (o->s[lo].w < o->s[i].w - 3) lo++;
        for (int j = lo; j < o->n; j++) {
            const bsite_t *x = &o->s[j], *y = &o->s[i];
            if (x->w > y->w + 3) break;
            if (j == i || x->fam != y->fam || x->start > y->start || y->end > x->end) continue;
            long lx = x->end - x->start, ly = y->end - y->start;
            if (lx > ly || (lx == ly && x->type < y->type)) drop[i] = 1;
        }
    }
    for (int i = 0; i < o->n; i++)
        if (!drop[i]) o->s[k++] = o->s[i];
    o->n = k;
    free(drop);
}

/* Every site: windows [w, w+8) opposite miRNA nt 8..1; 8mer = rc+A, 7mer-m8 = rc,
 * 7mer-A1 = rc[1..7)+A at w+1, 6mer = rc[1..7) at w+1; longest per window; no base in the shadow. */
static void bf_scan(const bfam_t *b, const char *s, long len, int shadow, bsites_t *out)
{
    long send = shadow_end(s, len, shadow);
    out->n = 0;
    for (long w = -1; w < len; w++)
        for (int f = 0; f < b->nf; f++) {
            if (!match(s, len, w + 1, b->rc[f] + 1, 6)) continue;
            int m8 = match(s, len, w, b->rc[f], 1), a1 = w + 7 < len && (s[w + 7] == 'A' || s[w + 7] == 'a');
            int type = -1;
            long st = w, en = w;
            if (m8 && a1 && w >= send) type = SSC_8MER, en = w + 8;
            else if (m8 && w >= send) type = SSC_7MER_M8, en = w + 7;
            else if (a1 && w + 1 >= send) type = SSC_7MER_A1, st = w + 1, en = w + 8;
            else if (w + 1 >= send) type = SSC_6MER, st = w + 1, en = w + 7;
            if (type < 0) continue;
            if (out->n == out->m) out->s = realloc(out->s, (out->m = out->m * 2 + 16) * sizeof *out->s);
            out->s[out->n++] = (bsite_t){ f, type, w, st, en };
        }
    nest(out);
}

static int same_base(int a, int b) { return toupper(a == 'u' || a == 'U' ? 'T' : a) == toupper(b == 'u' || b == 'U' ? 'T' : b); }

/* The changes between whole REF and ALT, as sorted lines "change fam type_ref type_alt start end". */
static char **bf_diff(const bfam_t *b, const char *r, long lr, const char *a, long la, int shadow, int *n_out)
{
    bsites_t rs = { 0 }, as = { 0 };
    long p = 0, q = 0;
    while (p < lr && p < la && same_base(r[p], a[p])) p++;
    while (q < lr && q < la && same_base(r[lr - 1 - q], a[la - 1 - q])) q++;
    long post = lr - q, delta = la - lr;
    bf_scan(b, r, lr, shadow, &rs);
    bf_scan(b, a, la, shadow, &as);
    char *used = calloc(as.n + 1, 1), **out = malloc((rs.n + as.n + 1) * sizeof *out), line[128];
    int n = 0;
    for (int i = 0; i < rs.n; i++) {
        const bsite_t *x = &rs.s[i];
        int best = -1;
        for (int k = 0; k < 2; k++) {
            long w = k ? x->w + delta : x->w;
            if (k == 0 && !(lr == la || x->w + 6 <= p)) continue;
            if (k == 1 && !(lr != la && x->w + 2 >= post)) continue;
            for (int j = 0; j < as.n; j++)
                if (!used[j] && as.s[j].fam == x->fam && as.s[j].w == w &&
                    (best < 0 || (as.s[j].type == x->type && as.s[best].type != x->type)))
                    best = j;
        }
        if (best >= 0) used[best] = 1;
        if (best >= 0 && as.s[best].type == x->type) continue;
        snprintf(line, sizeof line, "%s %d %d %d %ld %ld", best >= 0 ? "changed" : "lost", x->fam, x->type,
                 best >= 0 ? as.s[best].type : -1, x->start + 1, x->end);
        out[n++] = strdup(line);
    }
    for (int j = 0; j < as.n; j++) {
        if (used[j]) continue;
        snprintf(line, sizeof line, "gained %d -1 %d %ld %ld", as.s[j].fam, as.s[j].type, as.s[j].start + 1, as.s[j].end);
        out[n++] = strdup(line);
    }
    free(used), free(rs.s), free(as.s);
    *n_out = n;
    return out;
}

static const char *const cname[] = { "lost", "gained", "changed" };

/* The library's changes of target ti as the same lines. */
static char **lib_lines(const ssc_vres_t *r, int ti, int *n_out)
{
    char **out = malloc((r->n + 1) * sizeof *out), line[128];
    int n = 0;
    for (int i = 0; i < r->n; i++) {
        const ssc_vchange_t *c = &r->ch[i];
        if (c->target != ti) continue;
        snprintf(line, sizeof line, "%s %d %d %d %lld %lld", cname[c->change], c->fam, c->type_ref, c->type_alt,
                 (long long)c->t_beg + 1, (long long)c->t_end);
        out[n++] = strdup(line);
    }
    *n_out = n;
    return out;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Both lists sorted and equal; prints the first difference. Frees both. */
static int same_lines(char **x, int nx, char **y, int ny, const char *what)
{
    int ok = nx == ny;
    qsort(x, nx, sizeof *x, cmp_str);
    qsort(y, ny, sizeof *y, cmp_str);
    for (int i = 0; ok && i < nx; i++) ok = !strcmp(x[i], y[i]);
    if (!ok) {
        fprintf(stderr, "%s: brute force %d lines, library %d\n", what, nx, ny);
        for (int i = 0; i < nx || i < ny; i++)
            fprintf(stderr, "  %-40s | %s\n", i < nx ? x[i] : "", i < ny ? y[i] : "");
    }
    for (int i = 0; i < nx; i++) free(x[i]);
    for (int i = 0; i < ny; i++) free(y[i]);
    free(x), free(y);
    return ok;
}

/* ---- 3'UTRs from the golden FASTA files (header loc=CHR:s-e,s-e,... 1-based, ascending) ---- */

typedef struct {
    char id[64];
    char strand;
    int np;
    long pb[32], pe[32]; /* pieces, 0-based half-open, ascending */
    char *seq;           /* on the transcript's strand */
} gutr_t;

static int load_gutrs(const char *path, gutr_t *u, int max)
{
    FILE *fp = fopen(path, "r");
    char line[8192];
    int n = -1;
    assert_non_null(fp);
    while (fgets(line, sizeof line, fp)) {
        line[strcspn(line, "\n")] = 0;
        if (line[0] == '>') {
            assert_true(++n < max);
            memset(&u[n], 0, sizeof u[n]);
            sscanf(line + 1, "%63s", u[n].id);
            u[n].strand = strstr(line, "strand=-") ? '-' : '+';
            char *p = strchr(strstr(line, "loc=") + 4, ':') + 1;
            while (*p) {
                long s, e;
                int k;
                sscanf(p, "%ld-%ld%n", &s, &e, &k);
                u[n].pb[u[n].np] = s - 1, u[n].pe[u[n].np++] = e;
                p += k;
                if (*p == ',') p++;
            }
            u[n].seq = strdup("");
        } else if (n >= 0) {
            size_t l = strlen(u[n].seq);
            u[n].seq = realloc(u[n].seq, l + strlen(line) + 1);
            strcpy(u[n].seq + l, line);
        }
    }
    fclose(fp);
    return n + 1;
}

static void rc_str(char *s, long n)
{
    for (long i = 0, j = n - 1; i <= j; i++, j--) {
        char a = s[i], b = s[j];
        s[i] = "TGCA"[code(b) < 0 ? 0 : code(b)], s[j] = "TGCA"[code(a) < 0 ? 0 : code(a)];
        if (code(b) < 0) s[i] = b;
        if (code(a) < 0) s[j] = a;
    }
}

/* ALT 3'UTR of u: REF [g0, g0+rl) -> alt on the genome, after trimming what REF and ALT share;
 * NULL when the change is not inside the pieces (one piece, or an insertion between two bases of one). */
static char *apply(const gutr_t *u, long g0, const char *ref, const char *alt, long *la)
{
    long rl = strlen(ref), al = strlen(alt), k = 0, len = strlen(u->seq);
    while (rl > 0 && al > 0 && same_base(ref[rl - 1], alt[al - 1])) rl--, al--;
    while (k < rl && k < al && same_base(ref[k], alt[k])) k++;
    long b = g0 + k, e = g0 + rl, off = 0, pb = -1;
    for (int i = 0; i < u->np; i++) {
        long lo = e > b ? b : b - 1, hi = e > b ? e : b + 1;
        if (lo >= u->pb[i] && hi <= u->pe[i]) pb = off + (b - u->pb[i]);
        off += u->pe[i] - u->pb[i];
    }
    if (pb < 0) return NULL;
    /* the plus-strand concatenation, edited */
    char *plus = strdup(u->seq), *out = malloc(len + al + 1);
    if (u->strand == '-') rc_str(plus, len);
    memcpy(out, plus, pb);
    memcpy(out + pb, alt + k, al - k);
    strcpy(out + pb + al - k, plus + pb + (e - b));
    *la = strlen(out);
    if (u->strand == '-') rc_str(out, *la);
    free(plus);
    return out;
}

/* ---- fixtures for the library ---- */

typedef struct {
    ssc_mirset_t *ms;
    ssc_index_t *idx;
    ssc_scanopt_t opt;
    ssc_genome_t *g;
    ssc_annot_t *a;
    ssc_vann_t *v;
    bfam_t bf;
} fix_t;

static void fix_open(fix_t *f, const char *mirs, const char *gtf, const char *fa, int shadow)
{
    kstring_t err = { 0, 0, NULL };
    memset(f, 0, sizeof *f);
    assert_non_null(f->ms = ssc_mirset_init());
    assert_int_equal(ssc_mirset_load(f->ms, mirs, NULL), 0);
    assert_non_null(f->idx = ssc_index_build(f->ms, SSC_TYPES_DEFAULT));
    ssc_scanopt_init(&f->opt);
    f->opt.shadow = shadow;
    assert_non_null(f->g = ssc_genome_open(fa, &err));
    assert_non_null(f->v = ssc_vann_init(f->idx, &f->opt, f->g));
    if (gtf) {
        assert_non_null(f->a = ssc_annot_init());
        assert_int_equal(ssc_annot_load(f->a, gtf), 0);
        assert_int_equal(ssc_vann_add_annot(f->v, f->a), 0);
    } else assert_int_equal(ssc_vann_add_records(f->v, fa), 0);
    assert_int_equal(ssc_vann_finish(f->v), 0);
    f->bf = bf_families(f->ms);
    free(err.s);
}

static void fix_close(fix_t *f)
{
    ssc_vann_destroy(f->v);
    ssc_annot_destroy(f->a);
    ssc_genome_close(f->g);
    ssc_index_destroy(f->idx);
    ssc_mirset_destroy(f->ms);
    free(f->bf.rc);
}

static int target_index(const ssc_vann_t *v, const char *id)
{
    for (int i = 0; i < ssc_vann_n_target(v); i++)
        if (!strcmp(ssc_vann_target(v, i)->id, id)) return i;
    return -1;
}

/* Every allele of a VCF against every golden 3'UTR it lies in: the library's changes equal
 * the brute force's; returns the allele x 3'UTR pairs checked. utr3_tx: the INFO tag that lists
 * the transcripts (NULL: trust the golden pieces). */
static int check_vcf(fix_t *f, const char *vcf, const char *golden, const char *chrom_prefix, long slice_off,
                     const char *utr3_tx, int shadow)
{
    static gutr_t u[64];
    int nu = load_gutrs(golden, u, 64), pairs = 0;
    htsFile *fp = hts_open(vcf, "r");
    bcf_hdr_t *h = bcf_hdr_read(fp);
    bcf1_t *rec = bcf_init();
    ssc_vres_t res = { 0 };
    kstring_t err = { 0, 0, NULL };
    char *txl = NULL;
    int ntxl = 0;
    (void)chrom_prefix;
    while (bcf_read(fp, h, rec) == 0) {
        bcf_unpack(rec, BCF_UN_ALL);
        if (utr3_tx) assert_true(bcf_get_info_string(h, rec, utr3_tx, &txl, &ntxl) > 0);
        for (int i = 1; i < rec->n_allele; i++) {
            const char *ref = rec->d.allele[0], *alt = rec->d.allele[i];
            int n = ssc_vann_allele(f->v, bcf_hdr_id2name(h, rec->rid), rec->pos, ref, alt, &res, &err);
            int inside = 0;
            assert_true(n >= 0);
            for (int k = 0; k < nu; k++) {
                long la;
                char *as = apply(&u[k], rec->pos + slice_off, ref, alt, &la);
                if (!as) continue;
                inside++;
                if (utr3_tx) assert_non_null(strstr(txl, u[k].id)); /* the VCF names it too */
                int ti = target_index(f->v, u[k].id), nb, nl;
                assert_true(ti >= 0);
                char **bl = bf_diff(&f->bf, u[k].seq, strlen(u[k].seq), as, la, shadow, &nb);
                char **ll = lib_lines(&res, ti, &nl);
                char what[512];
                snprintf(what, sizeof what, "%.40s %.40s:%lld %.40s>%.40s in %.60s", rec->d.id, bcf_hdr_id2name(h, rec->rid),
                         (long long)rec->pos + 1, ref, alt, u[k].id);
                assert_true(same_lines(bl, nb, ll, nl, what));
                free(as);
                pairs++;
            }
            assert_int_equal(res.n_target, inside);
            if (utr3_tx) { /* as many 3'UTRs as the VCF lists */
                int listed = 1;
                for (char *p = txl; *p; p++) listed += *p == '|';
                assert_int_equal(inside, listed);
            }
        }
    }
    free(txl), free(err.s);
    ssc_vres_free(&res);
    bcf_destroy(rec);
    bcf_hdr_destroy(h);
    hts_close(fp);
    for (int k = 0; k < nu; k++) free(u[k].seq);
    return pairs;
}

/* ---- tests ---- */

/* The 40 dbSNP variants (46 alleles): the 3'UTRs from the VEP cache, not from any GTF reader. */
static void dbsnp_chr21__every_allele_and_utr__equals_brute_force(void **state)
{
    (void)state;
    for (int shadow = 14; shadow >= 0; shadow -= 14) {
        fix_t f;
        fix_open(&f, "refs/hsa_mature.v22.fa", TD "chr21_test.gtf.gz", TD "chr21_exon_only_chr21.fa.gz", shadow);
        int pairs = check_vcf(&f, TD "chr21_dbsnp_utr3_subset.vcf", TD "chr21_vep_cache_utr3.fa", NULL, 0,
                              "UTR3_TX", shadow);
        assert_int_equal(pairs, 141); /* the sum of the UTR3_TX lists */
        fix_close(&f);
    }
}

/* README of the shared data: the effects of rs142513484 and rs9976382 (no shadow mask). */
static void dbsnp_chr21__published_effects(void **state)
{
    (void)state;
    fix_t f;
    ssc_vres_t r = { 0 };
    kstring_t err = { 0, 0, NULL };
    fix_open(&f, "refs/hsa_mature.v22.fa", TD "chr21_test.gtf.gz", TD "chr21_exon_only_chr21.fa.gz", 0);
    static const struct { long pos; const char *ref, *alt, *mir; int change, tr, ta; long s, e; } want[] = {
        { 25585733, "C", "T", "hsa-miR-367-5p", SSC_VC_CHANGED, SSC_8MER, SSC_7MER_A1, 18, 25 },
        { 25585733, "C", "T", "hsa-miR-744-3p", SSC_VC_LOST, SSC_6MER, -1, 18, 23 },
        { 25585733, "C", "T", "hsa-miR-2681-5p", SSC_VC_GAINED, -1, SSC_6MER, 13, 18 },
        { 25712374, "A", "C", "hsa-miR-4289", SSC_VC_CHANGED, SSC_7MER_A1, SSC_6MER, 134, 140 },
        { 25712374, "A", "C", "hsa-miR-6794-3p", SSC_VC_LOST, SSC_7MER_A1, -1, 139, 145 },
        { 25712374, "A", "C", "hsa-miR-1912-5p", SSC_VC_LOST, SSC_6MER, -1, 135, 140 },
        { 25712374, "A", "C", "hsa-miR-6758-3p", SSC_VC_LOST, SSC_6MER, -1, 136, 141 },
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        int found = 0;
        assert_true(ssc_vann_allele(f.v, "21", want[i].pos - 1, want[i].ref, want[i].alt, &r, &err) > 0);
        for (int j = 0; j < r.n; j++) {
            const ssc_vchange_t *c = &r.ch[j];
            if (strstr(ssc_family_members(f.ms, c->fam), want[i].mir) && c->change == want[i].change &&
                c->type_ref == want[i].tr && c->type_alt == want[i].ta && c->t_beg + 1 == want[i].s &&
                c->t_end == want[i].e)
                found++;
        }
        assert_int_equal(found, 1);
    }
    ssc_vres_free(&r);
    free(err.s);
    fix_close(&f);
}

/* bcftools csq's slices (slice coordinates; SNVs, indels, compound and multi-allelic records). */
static void csq_slices__every_allele__equals_brute_force(void **state)
{
    (void)state;
    static const struct { const char *id, *vcf; } s[] = {
        { "ENST00000301246", "15bp-insert" }, { "ENST00000536784", "not-a-start-lost" },
        { "ENST00000573314", "incorrect-insertion-overlap" }, { "ENST00000580206", "compound.del-ins" },
        { "ENST00000580206", "compound.del-snv" }, { "ENST00000580206", "compound.ins-snv" },
        { "ENST00000580206", "single.del-ins" }, { "ENST00000580206", "single.del-snv" },
        { "ENST00000580206", "single.ins-snv" }, { "ENST00000422159", "multiallelic" },
    };
    int pairs = 0;
    char gff[256], fa[256], vcf[256], gold[256];
    for (size_t i = 0; i < sizeof s / sizeof s[0]; i++) {
        fix_t f;
        snprintf(gff, sizeof gff, TD "%s.gff", s[i].id);
        snprintf(fa, sizeof fa, TD "%s.fa", s[i].id);
        snprintf(vcf, sizeof vcf, TD "%s_%s.vcf", s[i].id, s[i].vcf);
        snprintf(gold, sizeof gold, TD "%s.utr3.fa", s[i].id);
        fix_open(&f, "refs/hsa_mature.v22.fa", gff, fa, 14);
        pairs += check_vcf(&f, vcf, gold, NULL, 0, NULL, 14);
        fix_close(&f);
    }
    assert_true(pairs >= 3); /* 15bp-insert in ENST00000588605, the multi-allelic record, ... */
}

/* Random 3'UTRs of lmin to lmin + lspan - 1 nt with repeats, random SNVs, MNVs and indels
 * (transcript-coordinate mode): the library equals the brute force, and an indel gives the same
 * changes wherever it sits in its repeat. width: FASTA line length (0: one line per record);
 * runs: also long tandem runs (longer than the library's first window) and some N. */
static void random_alleles(uint64_t rs, long lmin, long lspan, int width, int runs)
{
    char path[] = "/tmp/ssc_test_variants_XXXXXX", mpath[] = "/tmp/ssc_test_vmirs_XXXXXX";
    enum { NT = 12 };
    char *seq[NT];
    long len[NT];
    int fd = mkstemp(path), md = mkstemp(mpath);
    FILE *fp = fdopen(fd, "w"), *mp = fdopen(md, "w");
    for (int t = 0; t < NT; t++) {
        len[t] = lmin + tu_rand(&rs) % lspan;
        seq[t] = malloc(len[t] + 1);
        for (long i = 0; i < len[t]; i++) { /* repeats: copy a recent stretch now and then */
            uint64_t r = tu_rand(&rs);
            seq[t][i] = i > 6 && r % 3 == 0 ? seq[t][i - 1 - (r >> 8) % 4] : "ACGTA"[(r >> 16) % 5];
            if (runs && i > 6 && r % 97 == 1) { /* a run of 70-249 nt of a 1-3 nt unit */
                long unit = 1 + (r >> 24) % 3, n = 70 + (r >> 32) % 180;
                for (long j = 1; j < n && i + 1 < len[t]; j++, i++) seq[t][i + 1] = seq[t][i + 1 - unit];
            } else if (runs && r % 211 == 5) seq[t][i] = 'N';
        }
        seq[t][len[t]] = 0;
        fprintf(fp, ">t%d\n", t);
        for (long i = 0; i < len[t]; i += width ? width : len[t])
            fprintf(fp, "%.*s\n", (int)(width ? width : len[t]), seq[t] + i);
        for (int k = 0; k < 6; k++) { /* miRNAs with sites in the target */
            long w = tu_rand(&rs) % (len[t] - 8);
            char m[32] = "U";
            for (int j = 0; j < 7; j++) m[1 + j] = "UGCA"[code(seq[t][w + 6 - j]) & 3];
            strcpy(m + 8, "ACGUACGUACGUAC");
            fprintf(mp, ">m%d_%d\n%s\n", t, k, m);
        }
    }
    fclose(fp), fclose(mp);
    for (int shadow = 14; shadow >= 0; shadow -= 7) {
        fix_t f;
        ssc_vres_t r = { 0 }, r2 = { 0 };
        kstring_t err = { 0, 0, NULL };
        fix_open(&f, mpath, NULL, path, shadow);
        for (int it = 0; it < 3000; it++) {
            int t = tu_rand(&rs) % NT, kind = tu_rand(&rs) % 4;
            long p = 1 + tu_rand(&rs) % (len[t] - 6), n = 1 + tu_rand(&rs) % 4;
            char ref[16], alt[16], name[8];
            snprintf(name, sizeof name, "t%d", t);
            if (kind == 0 || kind == 1) { /* SNV / MNV */
                if (kind == 0) n = 1;
                memcpy(ref, seq[t] + p, n), ref[n] = 0;
                for (long j = 0; j < n; j++) alt[j] = "ACGT"[(code(ref[j]) + 1 + tu_rand(&rs) % 3) % 4];
                alt[n] = 0;
            } else if (kind == 2) { /* deletion after an anchor base */
                memcpy(ref, seq[t] + p - 1, n + 1), ref[n + 1] = 0;
                alt[0] = ref[0], alt[1] = 0;
            } else { /* insertion of a copy of what follows (a repeat) */
                ref[0] = seq[t][p - 1], ref[1] = 0;
                alt[0] = ref[0];
                memcpy(alt + 1, seq[t] + p, n), alt[n + 1] = 0;
            }
            if (p - 1 + (long)strlen(ref) > len[t]) continue;
            int nr = ssc_vann_allele(f.v, name, p - (kind >= 2), ref, alt, &r, &err);
            assert_true(nr >= 0);
            long pos0 = p - (kind >= 2), la;
            gutr_t u = { .strand = '+', .np = 1, .pb = { 0 }, .pe = { len[t] }, .seq = seq[t] };
            char *as = apply(&u, pos0, ref, alt, &la);
            assert_int_equal(r.n_target, as != NULL); /* an insertion before the first base is outside */
            if (!as) continue;
            int nb, nl;
            char **bl = bf_diff(&f.bf, seq[t], len[t], as, la, shadow, &nb), **ll = lib_lines(&r, 0 + t, &nl);
            char what[128];
            snprintf(what, sizeof what, "t%d:%ld %s>%s shadow %d", t, pos0 + 1, ref, alt, shadow);
            assert_true(same_lines(bl, nb, ll, nl, what));
            /* the same indel one step right in its repeat (if it is one) gives the same changes */
            if (kind >= 2 && pos0 + (long)strlen(ref) + 1 <= len[t]) {
                char ref2[20], alt2[20];
                long pos2 = pos0 + 1;
                memcpy(ref2, seq[t] + pos2, strlen(ref)), ref2[strlen(ref)] = 0;
                if (kind == 2) alt2[0] = ref2[0], alt2[1] = 0;
                else { alt2[0] = ref2[0]; memcpy(alt2 + 1, alt + 2, n - 1); alt2[n] = seq[t][pos2]; alt2[n + 1] = 0; }
                long la2;
                char *as2 = apply(&u, pos2, ref2, alt2, &la2);
                if (as2 && la2 == la && !strcmp(as2, as)) { /* the same ALT 3'UTR */
                    assert_true(ssc_vann_allele(f.v, name, pos2, ref2, alt2, &r2, &err) >= 0);
                    assert_int_equal(r2.n, r.n);
                    for (int j = 0; j < r.n; j++) {
                        assert_int_equal(r2.ch[j].fam, r.ch[j].fam);
                        assert_int_equal(r2.ch[j].change, r.ch[j].change);
                        assert_int_equal(r2.ch[j].t_beg, r.ch[j].t_beg);
                        assert_int_equal(r2.ch[j].type_alt, r.ch[j].type_alt);
                    }
                }
                free(as2);
            }
            free(as);
        }
        ssc_vres_free(&r), ssc_vres_free(&r2);
        free(err.s);
        fix_close(&f);
    }
    for (int t = 0; t < NT; t++) free(seq[t]);
    unlink(path), unlink(mpath);
    char fai[64];
    snprintf(fai, sizeof fai, "%s.fai", path);
    unlink(fai);
}

static void random_alleles__equal_brute_force_and_do_not_depend_on_placement(void **state)
{
    (void)state;
    random_alleles(15, 40, 160, 0, 0);
}

/* Long 3'UTRs in 60-nt lines (changes far from both ends: the rescan of a window cut from the
 * inside), tandem runs longer than the first window an indel slides in, and N. */
static void random_alleles__long_utrs_and_runs__equal_brute_force(void **state)
{
    (void)state;
    random_alleles(16, 300, 1200, 60, 1);
}

/* A change in a repeat: deleting one T of TTTT keeps a site that lies on the repeat's right. */
static void vedit__slides_indels_through_repeats(void **state)
{
    (void)state;
    ssc_vedit_t e;
    const char *s = "GGATTTTCAG";
    ssc_vedit_make(s, 10, 4, 5, "", 0, &e); /* delete the 2nd T */
    assert_int_equal(e.pre, 6);             /* REF[0,6) = ALT[0,6): GGATTT */
    assert_int_equal(e.post, 4);            /* REF[4..) = ALT[3..) */
    assert_int_equal(e.delta, -1);
    ssc_vedit_make(s, 10, 3, 3, "T", 1, &e); /* insert a T before the first */
    assert_int_equal(e.pre, 7), assert_int_equal(e.post, 3), assert_int_equal(e.delta, 1);
    ssc_vedit_make(s, 10, 2, 4, "CG", 2, &e); /* MNV */
    assert_true(e.same_len), assert_int_equal(e.pre, 2), assert_int_equal(e.post, 4);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(vedit__slides_indels_through_repeats),
        cmocka_unit_test(dbsnp_chr21__published_effects),
        cmocka_unit_test(dbsnp_chr21__every_allele_and_utr__equals_brute_force),
        cmocka_unit_test(csq_slices__every_allele__equals_brute_force),
        cmocka_unit_test(random_alleles__equal_brute_force_and_do_not_depend_on_placement),
        cmocka_unit_test(random_alleles__long_utrs_and_runs__equal_brute_force),
    };
    ssc_log_set_level(SSC_LOG_ERROR);
    hts_set_log_level(HTS_LOG_OFF);
    return cmocka_run_group_tests(tests, NULL, NULL);
}
