/* variant_vcf.c: the VCF/BCF loop of `seedscan variants`: checks, fast skip outside 3'UTRs, TSV or annotated VCF. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <htslib/vcf.h>
#include "io/io.h"
#include "genome/variant_vcf.h"

static const char *const change_name[] = { "lost", "gained", "changed" };

int ssc_vformat_tsv_header(kstring_t *s)
{
    return kputs("var_id\tchrom\tpos\tref\talt\ttranscript\tgene\tchange\tmirnas\tfamily\tsite_type_ref\t"
                 "site_type_alt\tutr_start\tutr_end\tsite_start\tsite_end\tstrand\n", s) < 0 ? SSC_ENOMEM : 0;
}

static const char *tname(int t) { return t < 0 ? "." : ssc_type_name(t); }

/* ksprintf's cost is in its format parsing: the columns are put one by one. */
int ssc_vformat_tsv(kstring_t *s, const ssc_vann_t *v, const ssc_mirset_t *ms, const char *var_id,
                    const char *chrom, int64_t pos1, const char *ref, const char *alt, const ssc_vres_t *r)
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
        bad |= kputc('\n', s) < 0;
    }
    return bad ? SSC_ENOMEM : 0;
}

/* VCF INFO values may not hold , ; = | or white space. */
static void kput_safe(const char *p, kstring_t *s)
{
    for (; *p; p++) kputc(strchr(",;=| \t", *p) ? '_' : *p, s);
}

static void format_info(kstring_t *s, const ssc_vann_t *v, const ssc_mirset_t *ms, int allele, const ssc_vres_t *r)
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
    }
}

/* ---- the run ---------------------------------------------------------- */

typedef struct {
    const ssc_vrun_opt_t *o;
    ssc_vann_t *v;
    ssc_vbuf_t *vb;
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
    kstring_t buf, info, gref, ekey;
    ssc_vres_t res;
    ssc_vrun_stats_t *st;
} vrun_t;

/* "FILE:LINE: record 'ID' at CHROM:POS: " */
static void where(vrun_t *r, bcf1_t *rec, kstring_t *err)
{
    if (r->is_vcf) ksprintf(err, "%s:%lld: ", r->o->in, (long long)r->fp->lineno);
    else ksprintf(err, "%s: record %lld: ", r->o->in, (long long)r->nrec);
    if (rec) bcf_unpack(rec, BCF_UN_STR);
    if (rec && rec->rid >= 0 && rec->rid < r->hdr->n[BCF_DT_CTG])
        ksprintf(err, "record '%s' at %s:%lld: ", rec->d.id ? rec->d.id : ".", bcf_hdr_id2name(r->hdr, rec->rid),
                 (long long)rec->pos + 1);
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
        return ssc_vformat_tsv_header(&r->buf);
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
    ksprintf(&h, "##INFO=<ID=%s,Number=.,Type=String,Description=\"%s\">", SSC_VINFO_TAG, SSC_VINFO_DESC);
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

/* Per-rid lookups, grown as the header grows. */
static int rid_info(vrun_t *r, int rid, int *chrom, int64_t *len)
{
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
        const char *name = bcf_hdr_id2name(r->hdr, rid);
        r->rid_chrom[rid] = ssc_vann_chrom(r->v, name);
        r->rid_len[rid] = ssc_genome_seqlen(r->g, name);
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
static int check_record(vrun_t *r, bcf1_t *rec, int64_t len, kstring_t *err)
{
    const char *what = NULL;
    char msg[160];
    if (rec->errcode & BCF_ERR_CTG_UNDEF) what = "its chromosome has no ##contig header line";
    else if (rec->errcode & BCF_ERR_TAG_UNDEF) what = "an INFO or FORMAT tag has no ##INFO/##FORMAT header line";
    else if (rec->errcode) what = "malformed record";
    else if (len < 0) {
        snprintf(msg, sizeof msg, "chromosome '%s' is not in %s", bcf_hdr_id2name(r->hdr, rec->rid),
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
    where(r, rec, err);
    kputs(what, err);
    return SSC_EFORMAT;
}

/* REF against the genome (N in REF matches anything). 1 = equal, 0 = not, <0 error. */
static int ref_equal(vrun_t *r, bcf1_t *rec, int chrom, kstring_t *err)
{
    const char *ref = rec->d.allele[0];
    r->gref.l = 0; /* rlen is END's span for SVs */
    if (ssc_vbuf_fetch(r->v, r->vb, chrom, rec->pos, rec->pos + (int64_t)strlen(ref), &r->gref, err) < 0)
        return SSC_EIO;
    if ((int64_t)strlen(ref) != (int64_t)r->gref.l) return 0;
    for (size_t i = 0; i < r->gref.l; i++) {
        int x = ref[i] & ~32, y = r->gref.s[i] & ~32;
        if (x != 'N' && x != y) return 0;
    }
    return 1;
}

/* Every ALT allele of a record: the TSV rows or the INFO value into the buffers. */
static int do_alleles(vrun_t *r, bcf1_t *rec, kstring_t *err)
{
    const char *name = bcf_hdr_id2name(r->hdr, rec->rid);
    int64_t before = r->st->changes;
    r->info.l = 0;
    for (int i = 1; i < rec->n_allele; i++) {
        const char *alt = rec->d.allele[i];
        int ret, c;
        r->st->alleles++;
        if (symbolic(alt)) {
            r->st->symbolic++;
            continue;
        }
        if ((c = bad_letters(alt))) {
            where(r, rec, err);
            ksprintf(err, "ALT '%.40s' contains '%c' (only A, C, G, T, N, or a symbolic allele)", alt, c);
            return SSC_EFORMAT;
        }
        if ((ret = ssc_vann_allele_b(r->v, r->vb, name, rec->pos, rec->d.allele[0], alt, &r->res, err)) < 0) {
            if (err->l) {
                kstring_t e = { 0, 0, NULL };
                where(r, rec, &e);
                kputs(err->s, &e);
                free(err->s);
                *err = e;
            }
            return ret;
        }
        r->st->pairs += r->res.n_target;
        r->st->boundary += r->res.n_boundary;
        r->st->changes += r->res.n;
        if (r->res.n_target) r->st->in_utr++;
        if (!r->res.n) continue;
        if (r->o->out_fmt != SSC_VOUT_TSV) {
            format_info(&r->info, r->v, r->ms, i, &r->res);
            continue;
        }
        r->ekey.l = 0;
        if (rec->d.id && strcmp(rec->d.id, ".")) kputs(rec->d.id, &r->ekey);
        else ksprintf(&r->ekey, "%s:%lld:%s:%s", name, (long long)rec->pos + 1, rec->d.allele[0], alt);
        if ((ret = ssc_vformat_tsv(&r->buf, r->v, r->ms, r->ekey.s, name, rec->pos + 1, rec->d.allele[0], alt,
                                   &r->res)) < 0)
            return ret;
    }
    if (r->st->changes > before) r->st->with_change++;
    return 0;
}

/* One record: checks, the fast skip, the REF check, the alleles, the output. */
static int do_record(vrun_t *r, bcf1_t *rec, kstring_t *err)
{
    int chrom, ret;
    int64_t len;
    if ((ret = rid_info(r, rec->rid, &chrom, &len)) < 0) return ret;
    if ((ret = check_record(r, rec, len, err)) < 0) return ret;
    r->info.l = 0;
    int nsym = 0;
    for (int i = 1; i < rec->n_allele; i++) nsym += symbolic(rec->d.allele[i]) != 0;
    /* an insertion after the last REF base touches the base after it; SVs are skipped */
    if (nsym < rec->n_allele - 1 && ssc_vann_touches(r->v, chrom, rec->pos, rec->pos + rec->rlen + 1)) {
        if ((ret = ref_equal(r, rec, chrom, err)) < 0) return ret;
        if (ret == 0) {
            if (r->o->ref_mismatch == SSC_REFMM_ERROR) {
                where(r, rec, err);
                ksprintf(err, "REF '%.40s' differs from the genome ('%.40s'; see --ref-mismatch)",
                         rec->d.allele[0], r->gref.s);
                return SSC_EFORMAT;
            }
            if (r->o->ref_mismatch == SSC_REFMM_WARN) {
                kstring_t w = { 0, 0, NULL };
                where(r, rec, &w);
                ssc_log(SSC_LOG_WARNING, "variants", "%sREF '%.40s' differs from the genome ('%.40s'): skipped",
                        w.s, rec->d.allele[0], r->gref.s);
                free(w.s);
            }
            r->st->ref_mismatch++;
            r->st->alleles += rec->n_allele - 1;
        } else if ((ret = do_alleles(r, rec, err)) < 0) return ret;
    } else {
        r->st->symbolic += nsym;
        r->st->alleles += rec->n_allele - 1;
    }
    if (r->ofp) {
        if (r->info.l && bcf_update_info_string(r->ohdr, rec, SSC_VINFO_TAG, r->info.s) < 0) return SSC_ENOMEM;
        if (bcf_write(r->ofp, r->ohdr, rec) < 0) {
            ksprintf(err, "writing %s: %s", r->o->out ? r->o->out : "stdout", strerror(errno));
            return SSC_EIO;
        }
    } else if (r->buf.l >= (1 << 20)) {
        if (ssc_out_write(r->out, r->buf.s, r->buf.l) < 0) {
            ksprintf(err, "writing %s: %s", ssc_out_name(r->out), strerror(errno));
            return SSC_EIO;
        }
        r->buf.l = 0;
    }
    return 0;
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
    bcf1_t *rec = bcf_init();
    int ret;
    memset(st, 0, sizeof *st);
    r.o = o, r.v = v, r.g = g, r.ms = ms, r.st = st;
    if (!rec || !(r.vb = ssc_vbuf_init(v, 0, err))) {
        bcf_destroy(rec);
        return SSC_ENOMEM;
    }
    if ((ret = open_in(&r, err)) < 0 || (ret = open_out(&r, err)) < 0) goto out;
    while ((ret = bcf_read(r.fp, r.hdr, rec)) >= 0) {
        r.nrec++, st->records++;
        if ((ret = do_record(&r, rec, err)) < 0) goto out;
    }
    if (ret < -1) {
        where(&r, NULL, err);
        kputs(r.is_vcf ? "cannot read the next record (truncated or corrupt file, or a malformed line)"
                       : "cannot read the next record (truncated or corrupt file)", err);
        ret = SSC_EFORMAT;
        goto out;
    }
    ret = 0;
out:
    if (ret == SSC_ENOMEM && !err->l) kputs("out of memory", err);
    {
        int r2 = finish_out(&r, ret == 0, err);
        if (ret == 0) ret = r2;
    }
    bcf_destroy(rec);
    if (r.hdr) bcf_hdr_destroy(r.hdr);
    if (r.ohdr) bcf_hdr_destroy(r.ohdr);
    if (r.fp) hts_close(r.fp);
    free(r.tmpname), free(r.final), free(r.rid_chrom), free(r.rid_len);
    free(r.buf.s), free(r.info.s), free(r.gref.s), free(r.ekey.s);
    ssc_vres_free(&r.res);
    ssc_vbuf_destroy(r.vb);
    return ret;
}
