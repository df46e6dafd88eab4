/* variant_vcf.c: the VCF/BCF loop of `seedscan variants`: checks, fast skip outside 3'UTRs, TSV or annotated VCF. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <htslib/vcf.h>
#include "io/io.h"
#include "core/core.h"
#include "genome/variant_vcf.h"

static const char *const change_name[] = { "lost", "gained", "changed" };

int ssc_vformat_tsv_header(kstring_t *s, int energy)
{
    int bad = kputs("var_id\tchrom\tpos\tref\talt\ttranscript\tgene\tchange\tmirnas\tfamily\tsite_type_ref\t"
                    "site_type_alt\tutr_start\tutr_end\tsite_start\tsite_end\tstrand", s) < 0;
    if (energy) bad |= kputs("\tmfe_ref\tmfe_alt\tmfe_change", s) < 0;
    return bad || kputc('\n', s) < 0 ? SSC_ENOMEM : 0;
}

/* An energy in dcal/mol as kcal/mol with two decimals; "." when absent, NA when not computable. */
static int kput_energy(int present, int32_t e, kstring_t *s)
{
    if (!present) return kputc('.', s);
    if (e == SSC_ENERGY_NA) return kputs("NA", s);
    uint32_t a = e < 0 ? (uint32_t)-(int64_t)e : (uint32_t)e;
    if (e < 0 && kputc('-', s) < 0) return -1;
    if (kputuw(a / 100, s) < 0 || kputc('.', s) < 0 || kputc('0' + a % 100 / 10, s) < 0) return -1;
    return kputc('0' + a % 10, s);
}

/* "<TAB>mfe_ref<TAB>mfe_alt<TAB>mfe_change" (the change: ALT - REF, when both are there). */
static int kput_energies(const ssc_vchange_t *c, char sep, kstring_t *s)
{
    int r = c->type_ref >= 0, a = c->type_alt >= 0;
    int both = r && a && c->e_ref != SSC_ENERGY_NA && c->e_alt != SSC_ENERGY_NA;
    int bad = kputc(sep, s) < 0 || kput_energy(r, c->e_ref, s) < 0 || kputc(sep, s) < 0;
    bad |= kput_energy(a, c->e_alt, s) < 0 || kputc(sep, s) < 0;
    bad |= (both ? kput_energy(1, c->e_alt - c->e_ref, s) : kputc('.', s)) < 0;
    return bad ? -1 : 0;
}

static const char *tname(int t) { return t < 0 ? "." : ssc_type_name(t); }

/* ksprintf's cost is in its format parsing: the columns are put one by one. */
int ssc_vformat_tsv(kstring_t *s, const ssc_vann_t *v, const ssc_mirset_t *ms, const char *var_id,
                    const char *chrom, int64_t pos1, const char *ref, const char *alt, const ssc_vres_t *r,
                    int energy)
{
    int bad = 0;
    for (int i = 0; i < r->n; i++) {
        const ssc_vchange_t *c = &r->ch[i];
        const ssc_vtarget_t *t = ssc_vann_target(v, c->target);
        bad |= kputs(var_id, s) < 0 || kputc('\t', s) < 0 || kputs(chrom, s) < 0 || kputc('\t', s) < 0;
        bad |= kputll(pos1, s) < 0 || kputc('\t', s) < 0 || kputs(ref, s) < 0 || kputc('\t', s) < 0;
        bad |= kputs(alt, s) < 0 || kputc('\t', s) < 0 || kputs(t->id, s) < 0 || kputc('\t', s) < 0;
        bad |= kputs(t->gene, s) < 0 || kputc('\t', s) < 0 || kputs(change_name[c->change], s) < 0;
        bad |= kputc('\t', s) < 0 || kputs(ssc_family_members(ms, c->fam), s) < 0 || kputc('\t', s) < 0;
        bad |= kputs(ssc_family_name(ms, c->fam), s) < 0 || kputc('\t', s) < 0;
        bad |= kputs(tname(c->type_ref), s) < 0 || kputc('\t', s) < 0 || kputs(tname(c->type_alt), s) < 0;
        bad |= kputc('\t', s) < 0 || kputll(c->t_beg + 1, s) < 0 || kputc('\t', s) < 0;
        bad |= kputll(c->t_end, s) < 0 || kputc('\t', s) < 0 || kputll(c->g_beg + 1, s) < 0;
        bad |= kputc('\t', s) < 0 || kputll(c->g_end, s) < 0 || kputc('\t', s) < 0 || kputc(t->strand, s) < 0;
        if (energy) bad |= kput_energies(c, '\t', s) < 0;
        bad |= kputc('\n', s) < 0;
    }
    return bad ? SSC_ENOMEM : 0;
}

/* VCF INFO values may not hold , ; = | or white space. */
static void kput_safe(const char *p, kstring_t *s)
{
    for (; *p; p++) kputc(strchr(",;=| \t", *p) ? '_' : *p, s);
}

static void format_info(kstring_t *s, const ssc_vann_t *v, const ssc_mirset_t *ms, int allele, const ssc_vres_t *r,
                        int energy)
{
    for (int i = 0; i < r->n; i++) {
        const ssc_vchange_t *c = &r->ch[i];
        const ssc_vtarget_t *t = ssc_vann_target(v, c->target);
        if (s->l) kputc(',', s);
        kputw(allele, s), kputc('|', s);
        kput_safe(t->id, s), kputc('|', s);
        kput_safe(t->gene, s), kputc('|', s);
        kputs(change_name[c->change], s), kputc('|', s);
        kput_safe(ssc_family_name(ms, c->fam), s);
        ksprintf(s, "|%s|%s|%lld|%lld", tname(c->type_ref), tname(c->type_alt), (long long)c->t_beg + 1,
                 (long long)c->t_end);
        if (energy) kput_energies(c, '|', s);
    }
}

/* ---- the run ----------------------------------------------------------
 * Records are read in batches on one thread, annotated on -t worker threads
 * and written in input order (ssc_pipeline_run). A batch ends at the first
 * record that fails; its error is reported when the batch's turn to be
 * written comes, so the first bad record in input order is the one named,
 * whatever the number of threads. Workers do not read the input header
 * (htslib grows it while reading a record with an undeclared contig): the
 * reader resolves each record's contig for them. */

#define VBATCH 256 /* records per batch: small enough to stay in cache from reading to annotating */

typedef struct {
    int n, m;                /* records read; bcf1_t's allocated */
    bcf1_t **rec;
    int64_t *lineno;         /* VCF line (BCF: record number) of each */
    const char **cname;      /* its contig's name (NULL: rid not in the header) */
    int *chrom;              /* annotator chromosome (-1: no 3'UTR there) */
    int64_t *clen;           /* genome length of the contig (-1: not in the genome) */
    int64_t *info;           /* INFO value of record i at ibuf.s + info[i]; -1: none */
    int n_ok;                /* records annotated before a failure */
    int ret;                 /* the failure's code (0: none) */
    kstring_t out, ibuf, warn, err; /* TSV rows, INFO values, warnings (lines), message */
    ssc_vrun_stats_t st;
} vbatch_t;

typedef struct {             /* one worker's scratch */
    ssc_vbuf_t *vb;
    ssc_vres_t res;
    kstring_t gref, ekey, tmp;
} vwork_t;

typedef struct {
    const ssc_vrun_opt_t *o;
    ssc_vann_t *v;
    ssc_genome_t *g;
    const ssc_mirset_t *ms;
    htsFile *fp, *ofp;
    bcf_hdr_t *hdr, *ohdr;
    ssc_out_t *out;          /* TSV */
    char *tmpname;           /* VCF/BCF output before the rename (NULL: written in place) */
    char *final;             /* what tmpname is renamed onto */
    int is_vcf;              /* text input: line numbers */
    int64_t nrec;
    int n_rid;
    int *rid_chrom;          /* annotator chromosome of each VCF rid (-2: not looked up) */
    int64_t *rid_len;        /* genome length of each rid (-1: not in the genome) */
    int eof;                 /* the reader is done (end, read error or a record in error) */
    kstring_t buf;           /* the TSV header */
    int nt;
    vwork_t *w;              /* nt workers' scratch */
    pthread_mutex_t mu;      /* guards the spare batches */
    vbatch_t **spare;
    int n_spare, m_spare;
    kstring_t *err;          /* the first failure's message */
    ssc_vrun_stats_t *st;
} vrun_t;

/* "FILE:LINE: record 'ID' at CHROM:POS: " */
static void where(const vrun_t *r, const vbatch_t *b, int i, kstring_t *err)
{
    bcf1_t *rec = b->rec[i];
    if (r->is_vcf) ksprintf(err, "%s:%lld: ", r->o->in, (long long)b->lineno[i]);
    else ksprintf(err, "%s: record %lld: ", r->o->in, (long long)b->lineno[i]);
    bcf_unpack(rec, BCF_UN_STR);
    if (b->cname[i])
        ksprintf(err, "record '%s' at %s:%lld: ", rec->d.id ? rec->d.id : ".", b->cname[i], (long long)rec->pos + 1);
}

static int open_in(vrun_t *r, kstring_t *err)
{
    if (!(r->fp = hts_open(r->o->in, "r"))) {
        ksprintf(err, "%s: cannot open: %s", r->o->in, strerror(errno));
        return SSC_EIO;
    }
    const htsFormat *f = hts_get_format(r->fp);
    if (f->format != vcf && f->format != bcf) {
        ksprintf(err, "%s: not a VCF or BCF file", r->o->in);
        return SSC_EFORMAT;
    }
    r->is_vcf = f->format == vcf;
    if (!(r->hdr = bcf_hdr_read(r->fp))) {
        ksprintf(err, "%s: cannot read the VCF header (##fileformat and #CHROM lines)", r->o->in);
        return SSC_EFORMAT;
    }
    return 0;
}

static int open_out(vrun_t *r, kstring_t *err)
{
    const ssc_vrun_opt_t *o = r->o;
    const char *path = o->out && strcmp(o->out, "-") ? o->out : NULL;
    if (o->out_fmt == SSC_VOUT_TSV) {
        if (!(r->out = ssc_out_open(path, 1))) {
            ksprintf(err, "cannot create %s: %s", path, strerror(errno));
            return SSC_EIO;
        }
        return ssc_vformat_tsv_header(&r->buf, o->energy);
    }
    static const char *const mode[] = { "", "w", "wz", "wb", "wbu" };
    char *real = NULL;
    if (path && !ssc_out_direct(path, &real)) {
        /* a regular file (or a new one): written beside it, renamed onto it (through a link,
         * onto the file the link names) only when everything went well */
        r->final = real ? real : strdup(path);
        if (!r->final || !(r->tmpname = malloc(strlen(r->final) + 32))) return SSC_ENOMEM;
        sprintf(r->tmpname, "%s.tmp%ld", r->final, (long)getpid());
    } else {
        free(real); /* /dev/null, a FIFO, a terminal: written in place */
    }
    if (!(r->ofp = hts_open(r->tmpname ? r->tmpname : path ? path : "-", mode[o->out_fmt]))) {
        ksprintf(err, "cannot create %s: %s", path ? path : "stdout", strerror(errno));
        return SSC_EIO;
    }
    if (!(r->ohdr = bcf_hdr_dup(r->hdr))) return SSC_ENOMEM;
    kstring_t h = { 0, 0, NULL };
    ksprintf(&h, "##INFO=<ID=%s,Number=.,Type=String,Description=\"%s\">", SSC_VINFO_TAG,
             o->energy ? SSC_VINFO_DESC_ENERGY : SSC_VINFO_DESC);
    int ret = bcf_hdr_append(r->ohdr, h.s);
    h.l = 0;
    ksprintf(&h, "##seedscan_variantsVersion=%s", SSC_VERSION);
    if (ret == 0) ret = bcf_hdr_append(r->ohdr, h.s);
    if (ret == 0 && o->cmdline) {
        h.l = 0;
        ksprintf(&h, "##seedscan_variantsCommand=%s", o->cmdline);
        ret = bcf_hdr_append(r->ohdr, h.s);
    }
    free(h.s);
    if (ret < 0 || bcf_hdr_sync(r->ohdr) < 0) return SSC_ENOMEM;
    if (bcf_hdr_write(r->ofp, r->ohdr) < 0) {
        ksprintf(err, "writing %s: %s", path ? path : "stdout", strerror(errno));
        return SSC_EIO;
    }
    return 0;
}

/* Per-rid lookups, grown as the header grows (reader thread). */
static int rid_info(vrun_t *r, int rid, int *chrom, int64_t *len)
{
    if (rid < 0) return *chrom = -1, *len = -1, 0;
    if (rid >= r->n_rid) {
        int n = r->hdr->n[BCF_DT_CTG] > rid + 1 ? r->hdr->n[BCF_DT_CTG] : rid + 1;
        int *c = realloc(r->rid_chrom, n * sizeof *c);
        if (!c) return SSC_ENOMEM;
        r->rid_chrom = c;
        int64_t *l = realloc(r->rid_len, n * sizeof *l);
        if (!l) return SSC_ENOMEM;
        r->rid_len = l;
        for (int i = r->n_rid; i < n; i++) r->rid_chrom[i] = -2;
        r->n_rid = n;
    }
    if (r->rid_chrom[rid] == -2) {
        const char *name = rid < r->hdr->n[BCF_DT_CTG] ? bcf_hdr_id2name(r->hdr, rid) : NULL;
        r->rid_chrom[rid] = name ? ssc_vann_chrom(r->v, name) : -1;
        r->rid_len[rid] = name ? ssc_genome_seqlen(r->g, name) : -1;
    }
    *chrom = r->rid_chrom[rid], *len = r->rid_len[rid];
    return 0;
}

static int bad_letters(const char *s)
{
    for (; *s; s++)
        if (!strchr("ACGTNacgtn", *s)) return *s;
    return 0;
}

static int symbolic(const char *a)
{
    return *a == '<' || *a == '*' || *a == '.' || strchr(a, '[') || strchr(a, ']');
}

/* The record's checks that cost nothing: header lines, chromosome, position, REF letters. */
static int check_record(const vrun_t *r, vbatch_t *b, int i, kstring_t *err)
{
    bcf1_t *rec = b->rec[i];
    int64_t len = b->clen[i];
    const char *what = NULL;
    char msg[160];
    if (rec->errcode & BCF_ERR_CTG_UNDEF) what = "its chromosome has no ##contig header line";
    else if (rec->errcode & BCF_ERR_TAG_UNDEF) what = "an INFO or FORMAT tag has no ##INFO/##FORMAT header line";
    else if (rec->errcode || !b->cname[i]) what = "malformed record";
    else if (len < 0) {
        snprintf(msg, sizeof msg, "chromosome '%s' is not in %s", b->cname[i],
                 r->o->genome_name ? r->o->genome_name : "the genome");
        what = msg;
    } else if (rec->pos + rec->rlen > len || rec->pos < 0) {
        snprintf(msg, sizeof msg, "position past the end of the chromosome (%lld nt)", (long long)len);
        what = msg;
    }
    if (!what && bcf_unpack(rec, BCF_UN_STR) < 0) what = "malformed record";
    if (!what && rec->n_allele < 1) what = "no REF allele (an empty REF column?)";
    if (!what) {
        int c = bad_letters(rec->d.allele[0]);
        if (c) {
            snprintf(msg, sizeof msg, "REF '%.40s' contains '%c' (only A, C, G, T, N)", rec->d.allele[0], c);
            what = msg;
        }
    }
    if (!what) return 0;
    where(r, b, i, err);
    kputs(what, err);
    return SSC_EFORMAT;
}

/* REF against the genome (N in REF matches anything). 1 = equal, 0 = not, <0 error. */
static int ref_equal(const vrun_t *r, vwork_t *w, bcf1_t *rec, int chrom, kstring_t *err)
{
    const char *ref = rec->d.allele[0];
    w->gref.l = 0; /* rlen is END's span for SVs */
    if (ssc_vbuf_fetch(r->v, w->vb, chrom, rec->pos, rec->pos + (int64_t)strlen(ref), &w->gref, err) < 0)
        return SSC_EIO;
    if ((int64_t)strlen(ref) != (int64_t)w->gref.l) return 0;
    for (size_t i = 0; i < w->gref.l; i++) {
        int x = ref[i] & ~32, y = w->gref.s[i] & ~32;
        if (x != 'N' && x != y) return 0;
    }
    return 1;
}

/* Every ALT allele of record i: TSV rows into b->out, or its INFO value into w->tmp. */
static int do_alleles(const vrun_t *r, vwork_t *w, vbatch_t *b, int i, kstring_t *err)
{
    bcf1_t *rec = b->rec[i];
    const char *name = b->cname[i];
    int64_t before = b->st.changes;
    for (int k = 1; k < rec->n_allele; k++) {
        const char *alt = rec->d.allele[k];
        int ret, c;
        b->st.alleles++;
        if (symbolic(alt)) {
            b->st.symbolic++;
            continue;
        }
        if ((c = bad_letters(alt))) {
            where(r, b, i, err);
            ksprintf(err, "ALT '%.40s' contains '%c' (only A, C, G, T, N, or a symbolic allele)", alt, c);
            return SSC_EFORMAT;
        }
        if ((ret = ssc_vann_allele_b(r->v, w->vb, name, rec->pos, rec->d.allele[0], alt, &w->res, err)) < 0) {
            if (err->l) {
                kstring_t e = { 0, 0, NULL };
                where(r, b, i, &e);
                kputs(err->s, &e);
                free(err->s);
                *err = e;
            }
            return ret;
        }
        b->st.pairs += w->res.n_target;
        b->st.boundary += w->res.n_boundary;
        b->st.changes += w->res.n;
        if (w->res.n_target) b->st.in_utr++;
        if (!w->res.n) continue;
        if (r->o->out_fmt != SSC_VOUT_TSV) {
            format_info(&w->tmp, r->v, r->ms, k, &w->res, r->o->energy);
            continue;
        }
        w->ekey.l = 0;
        if (rec->d.id && strcmp(rec->d.id, ".")) kputs(rec->d.id, &w->ekey);
        else ksprintf(&w->ekey, "%s:%lld:%s:%s", name, (long long)rec->pos + 1, rec->d.allele[0], alt);
        if ((ret = ssc_vformat_tsv(&b->out, r->v, r->ms, w->ekey.s, name, rec->pos + 1, rec->d.allele[0], alt,
                                   &w->res, r->o->energy)) < 0)
            return ret;
    }
    if (b->st.changes > before) b->st.with_change++;
    return 0;
}

/* A REF that differs from the genome: an error, or counted (and a warning for the writer to print). */
static int ref_mismatch(const vrun_t *r, vwork_t *w, vbatch_t *b, int i, kstring_t *err)
{
    bcf1_t *rec = b->rec[i];
    if (r->o->ref_mismatch == SSC_REFMM_ERROR) {
        where(r, b, i, err);
        ksprintf(err, "REF '%.40s' differs from the genome ('%.40s'; see --ref-mismatch)", rec->d.allele[0],
                 w->gref.s);
        return SSC_EFORMAT;
    }
    if (r->o->ref_mismatch == SSC_REFMM_WARN) {
        where(r, b, i, &b->warn);
        ksprintf(&b->warn, "REF '%.40s' differs from the genome ('%.40s'): skipped\n", rec->d.allele[0], w->gref.s);
    }
    b->st.ref_mismatch++;
    b->st.alleles += rec->n_allele - 1;
    return 0;
}

/* One record: checks, the fast skip, the REF check, the alleles. */
static int do_record(const vrun_t *r, vwork_t *w, vbatch_t *b, int i, kstring_t *err)
{
    bcf1_t *rec = b->rec[i];
    int chrom = b->chrom[i], ret;
    if ((ret = check_record(r, b, i, err)) < 0) return ret;
    w->tmp.l = 0;
    b->info[i] = -1;
    int nsym = 0;
    for (int k = 1; k < rec->n_allele; k++) nsym += symbolic(rec->d.allele[k]) != 0;
    /* an insertion after the last REF base touches the base after it; SVs are skipped */
    if (nsym < rec->n_allele - 1 && ssc_vann_touches(r->v, chrom, rec->pos, rec->pos + rec->rlen + 1)) {
        if ((ret = ref_equal(r, w, rec, chrom, err)) < 0) return ret;
        if (ret == 0) ret = ref_mismatch(r, w, b, i, err);
        else ret = do_alleles(r, w, b, i, err);
        if (ret < 0) return ret;
    } else {
        b->st.symbolic += nsym;
        b->st.alleles += rec->n_allele - 1;
    }
    if (w->tmp.l) {
        b->info[i] = (int64_t)b->ibuf.l;
        if (kputsn(w->tmp.s, w->tmp.l, &b->ibuf) < 0 || kputc(0, &b->ibuf) < 0) return SSC_ENOMEM;
    }
    return 0;
}

/* ---- the pipeline's steps ---- */

static void batch_free(vbatch_t *b)
{
    if (!b) return;
    for (int i = 0; i < b->m; i++) bcf_destroy(b->rec[i]);
    free(b->rec), free(b->lineno), free(b->cname), free(b->chrom), free(b->clen), free(b->info);
    free(b->out.s), free(b->ibuf.s), free(b->warn.s), free(b->err.s);
    free(b);
}

static vbatch_t *batch_get(vrun_t *r)
{
    vbatch_t *b = NULL;
    pthread_mutex_lock(&r->mu);
    if (r->n_spare) b = r->spare[--r->n_spare];
    pthread_mutex_unlock(&r->mu);
    if (b) {
        b->n = b->n_ok = b->ret = 0;
        b->out.l = b->ibuf.l = b->warn.l = b->err.l = 0;
        memset(&b->st, 0, sizeof b->st);
        return b;
    }
    if (!(b = calloc(1, sizeof *b))) return NULL;
    b->m = VBATCH;
    b->rec = calloc(VBATCH, sizeof *b->rec);
    b->lineno = malloc(VBATCH * sizeof *b->lineno);
    b->cname = malloc(VBATCH * sizeof *b->cname);
    b->chrom = malloc(VBATCH * sizeof *b->chrom);
    b->clen = malloc(VBATCH * sizeof *b->clen);
    b->info = malloc(VBATCH * sizeof *b->info);
    int ok = b->rec && b->lineno && b->cname && b->chrom && b->clen && b->info;
    for (int i = 0; ok && i < VBATCH; i++) ok = (b->rec[i] = bcf_init()) != NULL;
    if (!ok) batch_free(b), b = NULL;
    return b;
}

static void batch_put(vrun_t *r, vbatch_t *b)
{
    pthread_mutex_lock(&r->mu);
    if (r->n_spare == r->m_spare) {
        int m = r->m_spare ? 2 * r->m_spare : 8;
        vbatch_t **p = realloc(r->spare, m * sizeof *p);
        if (p) r->spare = p, r->m_spare = m;
    }
    if (r->n_spare < r->m_spare) r->spare[r->n_spare++] = b, b = NULL;
    pthread_mutex_unlock(&r->mu);
    batch_free(b);
}

/* Up to VBATCH records; a read error ends the batch with the error (never lost to the
 * pipeline's own error path, which would not wait for the batches before it). */
static void *read_batch(void *shared, int *perr)
{
    vrun_t *r = shared;
    vbatch_t *b;
    if (r->eof) return NULL;
    if (!(b = batch_get(r))) {
        *perr = SSC_ENOMEM;
        return NULL;
    }
    while (b->n < VBATCH) {
        bcf1_t *rec = b->rec[b->n];
        int ret = bcf_read(r->fp, r->hdr, rec), i = b->n;
        if (ret < -1) {
            if (r->is_vcf) ksprintf(&b->err, "%s:%lld: ", r->o->in, (long long)r->fp->lineno);
            else ksprintf(&b->err, "%s: record %lld: ", r->o->in, (long long)r->nrec + 1);
            kputs(r->is_vcf ? "cannot read the next record (truncated or corrupt file, or a malformed line)"
                            : "cannot read the next record (truncated or corrupt file)", &b->err);
            b->ret = SSC_EFORMAT;
            r->eof = 1;
            break;
        }
        if (ret < 0) {
            r->eof = 1;
            break;
        }
        r->nrec++;
        b->lineno[i] = r->is_vcf ? r->fp->lineno : r->nrec;
        b->cname[i] = rec->rid >= 0 && rec->rid < r->hdr->n[BCF_DT_CTG] ? bcf_hdr_id2name(r->hdr, rec->rid) : NULL;
        if (rid_info(r, rec->rid, &b->chrom[i], &b->clen[i]) < 0) {
            b->ret = SSC_ENOMEM;
            r->eof = 1;
            break;
        }
        b->n++;
        if (rec->errcode) { /* an error at this record: read no further */
            r->eof = 1;
            break;
        }
    }
    if (b->n == 0 && b->ret == 0) {
        batch_put(r, b);
        return NULL;
    }
    return b;
}

static int work_batch(void *shared, void *item, int tid)
{
    const vrun_t *r = shared;
    vbatch_t *b = item;
    int read_ret = b->ret;
    for (int i = 0; i < b->n; i++) {
        kstring_t e = { 0, 0, NULL };
        int ret = do_record(r, &r->w[tid], b, i, &e);
        if (ret < 0) { /* this record's failure comes before a read error after it */
            free(b->err.s);
            b->err = e;
            b->ret = ret;
            b->n_ok = i;
            return 0;
        }
        free(e.s);
    }
    b->n_ok = b->n;
    b->ret = read_ret;
    return 0;
}

static void add_stats(ssc_vrun_stats_t *t, const ssc_vrun_stats_t *s)
{
    t->alleles += s->alleles, t->in_utr += s->in_utr, t->pairs += s->pairs, t->symbolic += s->symbolic;
    t->boundary += s->boundary, t->ref_mismatch += s->ref_mismatch, t->changes += s->changes;
    t->with_change += s->with_change;
}

static int write_batch(void *shared, void *item)
{
    vrun_t *r = shared;
    vbatch_t *b = item;
    int ret = 0;
    for (char *p = b->warn.s, *q; p && *p; p = q + 1) { /* one warning per line */
        q = strchr(p, '\n');
        ssc_log(SSC_LOG_WARNING, "variants", "%.*s", (int)(q - p), p);
    }
    r->st->records += b->n_ok;
    add_stats(r->st, &b->st);
    if (r->out && b->out.l && ssc_out_write(r->out, b->out.s, b->out.l) < 0) {
        ksprintf(r->err, "writing %s: %s", ssc_out_name(r->out), strerror(errno));
        ret = SSC_EIO;
    }
    for (int i = 0; r->ofp && ret == 0 && i < b->n_ok; i++) {
        if (b->info[i] >= 0 && bcf_update_info_string(r->ohdr, b->rec[i], SSC_VINFO_TAG, b->ibuf.s + b->info[i]) < 0)
            ret = SSC_ENOMEM;
        else if (bcf_write(r->ofp, r->ohdr, b->rec[i]) < 0) {
            ksprintf(r->err, "writing %s: %s", r->o->out ? r->o->out : "stdout", strerror(errno));
            ret = SSC_EIO;
        }
    }
    if (ret == 0 && b->ret < 0) {
        if (b->err.l) kputs(b->err.s, r->err);
        ret = b->ret;
    }
    batch_put(r, b);
    return ret;
}

static void discard_batch(void *shared, void *item)
{
    batch_put(shared, item);
}

static int workers_init(vrun_t *r, kstring_t *err)
{
    if (!(r->w = calloc(r->nt, sizeof *r->w))) return SSC_ENOMEM;
    for (int t = 0; t < r->nt; t++)
        if (!(r->w[t].vb = ssc_vbuf_init(r->v, t > 0, err))) return err->l ? SSC_EIO : SSC_ENOMEM;
    return 0;
}

static void workers_free(vrun_t *r)
{
    for (int t = 0; r->w && t < r->nt; t++) {
        ssc_vbuf_destroy(r->w[t].vb);
        ssc_vres_free(&r->w[t].res);
        free(r->w[t].gref.s), free(r->w[t].ekey.s), free(r->w[t].tmp.s);
    }
    free(r->w);
}

static int finish_out(vrun_t *r, int ok, kstring_t *err)
{
    int ret = 0;
    if (r->out) {
        if (ok && r->buf.l && ssc_out_write(r->out, r->buf.s, r->buf.l) < 0) ok = 0, ret = SSC_EIO;
        if (ssc_out_close(r->out, ok) < 0 && ok) ret = SSC_EIO;
        r->out = NULL;
        if (ret < 0 && !err->l) ksprintf(err, "writing %s: %s", r->o->out ? r->o->out : "stdout", strerror(errno));
        return ret;
    }
    if (r->ofp) {
        if (hts_close(r->ofp) < 0 && ok) {
            ret = SSC_EIO;
            ksprintf(err, "writing %s: %s", r->o->out ? r->o->out : "stdout", strerror(errno));
        }
        r->ofp = NULL;
        if (r->tmpname) {
            if (ok && ret == 0 && rename(r->tmpname, r->final) < 0) {
                ret = SSC_EIO;
                ksprintf(err, "cannot rename %s to %s: %s", r->tmpname, r->final, strerror(errno));
            }
            if (!ok || ret < 0) unlink(r->tmpname);
        }
    }
    return ret;
}

int ssc_vrun(ssc_vann_t *v, ssc_genome_t *g, const ssc_mirset_t *ms, const ssc_vrun_opt_t *o,
             ssc_vrun_stats_t *st, kstring_t *err)
{
    vrun_t r = { 0 };
    int ret;
    memset(st, 0, sizeof *st);
    r.o = o, r.v = v, r.g = g, r.ms = ms, r.st = st, r.err = err;
    r.nt = o->nthreads > 1 ? o->nthreads : 1;
    pthread_mutex_init(&r.mu, NULL);
    if ((ret = workers_init(&r, err)) < 0 || (ret = open_in(&r, err)) < 0 || (ret = open_out(&r, err)) < 0)
        goto out;
    if (r.out && r.buf.l && ssc_out_write(r.out, r.buf.s, r.buf.l) < 0) {
        ksprintf(err, "writing %s: %s", ssc_out_name(r.out), strerror(errno));
        ret = SSC_EIO;
        goto out;
    }
    r.buf.l = 0;
    ssc_pipeline_t pl = { read_batch, work_batch, write_batch, discard_batch, &r, r.nt };
    ret = ssc_pipeline_run(&pl);
out:
    if (ret == SSC_ENOMEM && !err->l) kputs("out of memory", err);
    {
        int r2 = finish_out(&r, ret == 0, err);
        if (ret == 0) ret = r2;
    }
    if (r.hdr) bcf_hdr_destroy(r.hdr);
    if (r.ohdr) bcf_hdr_destroy(r.ohdr);
    if (r.fp) hts_close(r.fp);
    for (int i = 0; i < r.n_spare; i++) batch_free(r.spare[i]);
    free(r.spare);
    free(r.tmpname), free(r.final), free(r.rid_chrom), free(r.rid_len), free(r.buf.s);
    workers_free(&r);
    pthread_mutex_destroy(&r.mu);
    return ret;
}
