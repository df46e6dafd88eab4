/* tsaln.c: reader for TargetScan's UTR/ORF alignment files, ORF lengths and ORF 8mer counts. */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/mman.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include "seedscan.h"
#include "io/io.h"
#include "core/core.h"
#include "targetscan/tsaln.h"

/* ---- text files ------------------------------------------------------------ */

int ssc_ts_file_open(ssc_ts_file_t *f, const char *path)
{
    memset(f, 0, sizeof *f);
    f->fp = bgzf_open(path, "r"); /* plain, gzip or BGZF; "-" is stdin */
    if (!f->fp) return SSC_EIO;
    f->path = strdup(path);
    if (!f->path || ks_resize(&f->buf, 1) < 0) {
        bgzf_close(f->fp);
        free(f->path);
        f->fp = NULL;
        return SSC_ENOMEM;
    }
    f->buf.s[0] = 0;
    return 0;
}

int ssc_ts_file_getline(ssc_ts_file_t *f)
{
    int ret = ssc_blk_getline(f->fp, &f->b, &f->buf);
    if (ret <= 0) return ret;
    f->line++;
    while (f->buf.l && f->buf.s[f->buf.l - 1] == '\r') f->buf.s[--f->buf.l] = 0;
    /* the text parsers read C strings: a NUL would silently cut the line */
    if (memchr(f->buf.s, 0, f->buf.l)) return SSC_EFORMAT;
    /* SSC_TS_PAD NUL bytes from the line's end (its terminator the first), for readers that
     * take 16 bytes at a time (ssc_ts_split_tabs_padded) */
    if (ks_resize(&f->buf, f->buf.l + SSC_TS_PAD) < 0) return SSC_ENOMEM;
    memset(f->buf.s + f->buf.l, 0, SSC_TS_PAD);
    return 1;
}

const char *ssc_ts_file_why(int err)
{
    return err == SSC_EFORMAT ? "the line contains a NUL byte (a binary file?)"
         : err == SSC_ENOMEM ? "out of memory"
                             : "read error after this line (truncated or corrupt input)";
}

void ssc_ts_file_close(ssc_ts_file_t *f)
{
    if (f->fp) bgzf_close(f->fp);
    free(f->path);
    ssc_blk_free(&f->b);
    ks_free(&f->buf);
    memset(f, 0, sizeof *f);
}

int ssc_ts_file_slurp(const char *path, kstring_t *s)
{
    ssc_ts_file_t f;
    int ret;
    if ((ret = ssc_ts_file_open(&f, path)) < 0) return ret;
    while ((ret = ssc_ts_file_getline(&f)) > 0)
        if (kputsn(f.buf.s, f.buf.l, s) < 0 || kputc('\n', s) < 0) {
            ret = SSC_ENOMEM;
            break;
        }
    ssc_ts_file_close(&f);
    return ret;
}

int ssc_ts_file_each(const char *path, int skip, ssc_ts_line_f cb, void *ctx, char *err,
                     size_t errsz)
{
    ssc_ts_file_t f;
    const char *why = "out of memory";
    int ret;
    if (ssc_ts_file_open(&f, path) < 0) {
        if (err) snprintf(err, errsz, "%s: cannot open", path);
        return SSC_EIO;
    }
    for (;;) {
        if ((ret = ssc_ts_file_getline(&f)) <= 0) {
            if (ret < 0) why = ssc_ts_file_why(ret);
            break;
        }
        if (f.line <= skip || f.buf.l == 0) continue;
        if ((ret = cb(f.buf.s, f.line, ctx, &why)) < 0) break;
    }
    if (ret < 0 && err) snprintf(err, errsz, "%s:%lld: %s", path, (long long)f.line, why);
    ssc_ts_file_close(&f);
    return ret < 0 ? ret : 0;
}

void *ssc_ts_huge_map(size_t n, size_t *len)
{
#if defined(MAP_ANONYMOUS) && defined(MADV_HUGEPAGE)
    const size_t huge = (size_t)2 << 20;
    size_t want = (n + huge - 1) / huge * huge, all = want + huge;
    char *m = mmap(NULL, all, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (m != MAP_FAILED) { /* keep the 2 MB-aligned stretch of it */
        char *a = (char *)(((uintptr_t)m + huge - 1) & ~(uintptr_t)(huge - 1));
        if (a > m) munmap(m, (size_t)(a - m));
        if (m + all > a + want) munmap(a + want, (size_t)(m + all - (a + want)));
        madvise(a, want, MADV_HUGEPAGE); /* only an advice */
        *len = want;
        return a;
    }
#endif
    *len = 0;
    return calloc(1, n ? n : 1);
}

void ssc_ts_huge_unmap(void *p, size_t len)
{
    if (len) munmap(p, len);
    else free(p);
}

int ssc_ts_split_tabs(char *s, char **field, int max)
{
    /* one pass over the bytes: fields are short, a strchr call each costs more */
    int n = 1;
    if (max > 0) field[0] = s;
    for (; *s; s++)
        if (*s == '\t') {
            *s = 0;
            if (n < max) field[n] = s + 1;
            n++;
        }
    return n;
}

int ssc_ts_split_tabs_padded(char *s, char **field, int max)
{
#ifdef __SSE2__
    /* 16 bytes a step: the tabs before the first NUL of each, by two compares */
    const __m128i tab = _mm_set1_epi8('\t'), nul = _mm_setzero_si128();
    int n = 1;
    if (max > 0) field[0] = s;
    for (char *p = s;; p += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
        unsigned z = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, nul));
        unsigned t = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, tab));
        if (z) t &= (z & -z) - 1; /* only the tabs before the line's end */
        for (; t; t &= t - 1) {
            int i = __builtin_ctz(t);
            p[i] = 0;
            if (n < max) field[n] = p + i + 1;
            n++;
        }
        if (z) return n;
    }
#else
    return ssc_ts_split_tabs(s, field, max);
#endif
}

/* ---- blocks ------------------------------------------------------------------ */

void ssc_ts_block_init(ssc_ts_block_t *b) { memset(b, 0, sizeof *b); }

static void block_clear(ssc_ts_block_t *b)
{
    for (int i = 0; i < b->n; i++) {
        free(b->row[i].species);
        free(b->row[i].aln);
    }
    free(b->gene);
    b->gene = NULL;
    b->n = 0;
}

void ssc_ts_block_free(ssc_ts_block_t *b)
{
    block_clear(b);
    free(b->row);
    memset(b, 0, sizeof *b);
}

const ssc_ts_row_t *ssc_ts_block_find(const ssc_ts_block_t *b, const char *sp)
{
    for (int i = 0; i < b->n; i++)
        if (strcmp(b->row[i].species, sp) == 0) return &b->row[i];
    return NULL;
}

/* A parsed row waiting to be placed: the reader needs one row of look-ahead
 * to see where a block ends. */
typedef struct {
    char *gene;
    ssc_ts_row_t row;
} pending_t;

struct ssc_ts_aln_s {
    ssc_ts_file_t f;
    pending_t next;     /* valid when has_next */
    int has_next, eof;
    char err[512];
};

ssc_ts_aln_t *ssc_ts_aln_open(const char *path)
{
    ssc_ts_aln_t *r = calloc(1, sizeof *r);
    if (!r) return NULL;
    if (ssc_ts_file_open(&r->f, path) < 0) {
        int e = errno;
        free(r);
        errno = e;
        return NULL;
    }
    return r;
}

static void pending_free(pending_t *p)
{
    free(p->gene);
    free(p->row.species);
    free(p->row.aln);
    memset(p, 0, sizeof *p);
}

void ssc_ts_aln_close(ssc_ts_aln_t *r)
{
    if (!r) return;
    if (r->has_next) pending_free(&r->next);
    ssc_ts_file_close(&r->f);
    free(r);
}

const char *ssc_ts_aln_errmsg(const ssc_ts_aln_t *r) { return r->err; }

static int aln_fail(ssc_ts_aln_t *r, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int aln_fail(ssc_ts_aln_t *r, int code, const char *fmt, ...)
{
    char msg[384];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    snprintf(r->err, sizeof r->err, "%s:%lld: %s", r->f.path, (long long)r->f.line, msg);
    return code;
}

/* Check the sequence field; returns the offset of the first bad byte or -1. */
static int64_t bad_seq_char(const char *s, int64_t *ulen)
{
    int64_t u = 0;
    for (int64_t i = 0; s[i]; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '-' || c == '.') continue;
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) return i;
        u++;
    }
    *ulen = u;
    return -1;
}

/* Parse the current line into r->next. 1 on success, 0 for a blank line. */
static int parse_row(ssc_ts_aln_t *r)
{
    char *fld[3];
    int64_t bad, ulen = 0;
    if (r->f.buf.l == 0) return 0;
    int nf = ssc_ts_split_tabs(r->f.buf.s, fld, 3);
    if (nf != 3)
        return aln_fail(r, SSC_EFORMAT, "expected 3 tab-separated fields "
                        "(gene, species, aligned sequence), found %d", nf);
    if (!*fld[0] || !*fld[1]) return aln_fail(r, SSC_EFORMAT, "empty gene or species ID");
    if ((bad = bad_seq_char(fld[2], &ulen)) >= 0)
        return aln_fail(r, SSC_EFORMAT, "record '%s' species %s: invalid character '%c' "
                        "at alignment column %lld", fld[0], fld[1], fld[2][bad],
                        (long long)bad + 1);
    pending_t *p = &r->next;
    p->gene = strdup(fld[0]);
    p->row.species = strdup(fld[1]);
    p->row.aln = strdup(fld[2]);
    p->row.len = (int64_t)strlen(fld[2]);
    p->row.ulen = ulen;
    p->row.line = r->f.line;
    r->has_next = 1;
    if (!p->gene || !p->row.species || !p->row.aln) return SSC_ENOMEM;
    return 1;
}

/* Load the next non-blank row into r->next (unless at end of file). */
static int fetch_row(ssc_ts_aln_t *r)
{
    while (!r->has_next && !r->eof) {
        int ret = ssc_ts_file_getline(&r->f);
        if (ret < 0) return aln_fail(r, ret, "%s", ssc_ts_file_why(ret));
        if (ret == 0) {
            r->eof = 1;
            break;
        }
        if ((ret = parse_row(r)) < 0) return ret;
    }
    return 0;
}

static int block_push(ssc_ts_aln_t *r, ssc_ts_block_t *b)
{
    pending_t *p = &r->next;
    if (ssc_ts_block_find(b, p->row.species))
        return aln_fail(r, SSC_EFORMAT, "record '%s': species %s appears twice in one block",
                        p->gene, p->row.species);
    if (b->n == b->m) {
        int m = b->m ? b->m * 2 : 8;
        ssc_ts_row_t *row = realloc(b->row, m * sizeof *row);
        if (!row) return SSC_ENOMEM;
        b->row = row;
        b->m = m;
    }
    b->row[b->n++] = p->row;
    free(p->gene);
    memset(p, 0, sizeof *p);
    r->has_next = 0;
    return 0;
}

int ssc_ts_aln_read(ssc_ts_aln_t *r, ssc_ts_block_t *b)
{
    int ret;
    block_clear(b);
    if ((ret = fetch_row(r)) < 0) return ret;
    if (!r->has_next) return 0;
    b->gene = strdup(r->next.gene);
    if (!b->gene) return SSC_ENOMEM;
    while (r->has_next && strcmp(r->next.gene, b->gene) == 0) {
        if ((ret = block_push(r, b)) < 0) return ret;
        if ((ret = fetch_row(r)) < 0) return ret;
    }
    return 1;
}

/* ---- sequences ---------------------------------------------------------------- */

int64_t ssc_ts_degap(const char *aln, int64_t len, char *out)
{
    int64_t j = 0;
    for (int64_t i = 0; i < len; i++)
        if (aln[i] != '-' && aln[i] != '.') out[j++] = aln[i];
    out[j] = 0;
    return j;
}

/* Upper-case DNA letter for c, U read as T; 0 for anything else. */
static char base_of(char c)
{
    switch (c) {
    case 'A': case 'a': return 'A';
    case 'C': case 'c': return 'C';
    case 'G': case 'g': return 'G';
    case 'T': case 't': case 'U': case 'u': return 'T';
    default: return 0;
    }
}

static int site_8mer(const char *seed7, char site[9])
{
    static const char comp[] = "TGCA"; /* complement of "ACGT" */
    for (int i = 0; i < 7; i++) {
        char b = seed7[i] ? base_of(seed7[i]) : 0;
        if (!b) return SSC_EINVAL;
        site[6 - i] = comp[strchr("ACGT", b) - "ACGT"];
    }
    if (seed7[7]) return SSC_EINVAL;
    site[7] = 'A';
    site[8] = 0;
    return 0;
}

int ssc_ts_count_8mers(const char *seq, int64_t len, const char *seed7)
{
    char site[9];
    int n = 0;
    if (site_8mer(seed7, site) < 0) return SSC_EINVAL;
    for (int64_t i = 0; i + 8 <= len;) {
        int k = 0;
        while (k < 8 && base_of(seq[i + k]) == site[k]) k++;
        if (k == 8) {
            n++;
            i += 8; /* matches do not overlap, as with a global regex match */
        } else {
            i++;
        }
    }
    return n;
}

/* Does column i (0-based) count as lowercase in TargetScan's view of the
 * row, where 't' became 'U' and the first `shadow` bases became 'N'? */
static int ts_lower_at(const char *aln, int64_t i, int shadow)
{
    char c = aln[i];
    if (c == 't' || !islower((unsigned char)c)) return 0;
    if (!strchr("acgu", c)) return 1; /* only bases are masked */
    int64_t bases = 0;
    for (int64_t k = 0; k < i && bases < shadow; k++)
        bases += strchr("ACGTUacgtu", aln[k]) != NULL;
    return bases >= shadow;
}

int ssc_ts_orf_overlap(const char *aln, int64_t len, int64_t msa_start, int64_t msa_end,
                       int shadow, int compat)
{
    int64_t from = msa_start - 1 + (compat != 0), to = msa_end + (compat != 0);
    if (from < 0) from = 0;
    if (to > len) to = len;
    for (int64_t i = from; i < to; i++)
        if (compat ? ts_lower_at(aln, i, shadow) : islower((unsigned char)aln[i])) return 1;
    return 0;
}

int ssc_ts_format_orf_lengths(kstring_t *s, const ssc_ts_block_t *b)
{
    for (int i = 0; i < b->n; i++)
        if (ksprintf(s, "%s\t%s\t%lld\n", b->gene, b->row[i].species,
                     (long long)b->row[i].ulen) < 0)
            return SSC_ENOMEM;
    return 0;
}

/* The 8mer sites of all families in one pass (the ORF step runs over whole
 * ORFs against every family): 16-bit window codes from the scan kernel, a
 * bitmap of the families' 8mer codes to reject most windows at once, and a
 * sorted (code, family) list for the rest. Matches of one family do not
 * overlap, as with ssc_ts_count_8mers (a global regex match). */
typedef struct {
    uint32_t code, fam;
} code_fam_t;

static int cmp_code_fam(const void *a, const void *b)
{
    const code_fam_t *x = a, *y = b;
    return x->code != y->code ? (x->code < y->code ? -1 : 1) : (x->fam < y->fam ? -1 : x->fam > y->fam);
}

static uint16_t code_of(const char site[8])
{
    uint16_t c = 0;
    for (int k = 0; k < 8; k++) c = (uint16_t)(c << 2 | (uint16_t)(strchr("ACGT", site[k]) - "ACGT"));
    return c;
}

static void count_row(const char *seq, int64_t len, const code_fam_t *cf, int n, const uint64_t *bits,
                      int *count, int64_t *next, uint16_t *code, uint8_t *bad)
{
    ssc_kernel_f kernel = ssc_kernel_get(NULL);
    for (int k = 0; k < n; k++) count[k] = 0, next[k] = 0;
    for (int64_t w0 = 0; w0 + 8 <= len; w0 += 8192) {
        int64_t nw = len - 7 - w0 < 8192 ? len - 7 - w0 : 8192;
        kernel(seq + w0, nw + 7, code, bad);
        for (int64_t j = 0; j < nw; j++) {
            uint16_t c = code[j];
            if (!(bits[c >> 6] >> (c & 63) & 1) || bad[j]) continue;
            int lo = 0, hi = n;
            while (lo < hi) { /* first entry with this code */
                int mid = (lo + hi) / 2;
                if (cf[mid].code < c) lo = mid + 1;
                else hi = mid;
            }
            for (int e = lo; e < n && cf[e].code == c; e++)
                if (w0 + j >= next[cf[e].fam]) {
                    count[cf[e].fam]++;
                    next[cf[e].fam] = w0 + j + 8;
                }
        }
    }
}

int ssc_ts_format_orf_8mers(kstring_t *s, const ssc_ts_block_t *b, const char *const *seeds,
                            int n)
{
    int ret = 0;
    char *seq = NULL, site[9];
    code_fam_t *cf = malloc(((size_t)n + 1) * sizeof *cf);
    int *count = malloc(((size_t)n + 1) * sizeof *count);
    int64_t *next = malloc(((size_t)n + 1) * sizeof *next);
    uint64_t *bits = calloc(1024, sizeof *bits);
    uint16_t *code = malloc(8192 * sizeof *code);
    uint8_t *bad = malloc(8192);
    if (!cf || !count || !next || !bits || !code || !bad) ret = SSC_ENOMEM;
    for (int k = 0; k < n && ret == 0; k++) {
        if (site_8mer(seeds[k], site) < 0) ret = SSC_EINVAL;
        else {
            cf[k].code = code_of(site);
            cf[k].fam = (uint32_t)k;
            bits[cf[k].code >> 6] |= 1ULL << (cf[k].code & 63);
        }
    }
    if (ret == 0) qsort(cf, (size_t)n, sizeof *cf, cmp_code_fam);
    for (int i = 0; i < b->n && ret == 0; i++) {
        const ssc_ts_row_t *row = &b->row[i];
        char *tmp = realloc(seq, row->len + 1);
        if (!tmp) {
            ret = SSC_ENOMEM;
            break;
        }
        seq = tmp;
        int64_t len = ssc_ts_degap(row->aln, row->len, seq);
        count_row(seq, len, cf, n, bits, count, next, code, bad);
        for (int k = 0; k < n && ret == 0; k++)
            if (count[k] > 0 && ksprintf(s, "%s\t%s\t%s\t%d\n", b->gene, row->species, seeds[k], count[k]) < 0)
                ret = SSC_ENOMEM;
    }
    free(seq);
    free(cf);
    free(count);
    free(next);
    free(bits);
    free(code);
    free(bad);
    return ret;
}
