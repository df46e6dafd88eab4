/* reader.c: streaming FASTA reader over plain, gzip or BGZF input, in batches. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <htslib/bgzf.h>
#include <htslib/hfile.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include "io/io.h"

#define RD_BUFSIZE (1 << 17)

struct ssc_reader_s {
    BGZF *fp;
    char *path;
    char *buf;          /* decompressed bytes buf[pos..end) */
    int64_t pos, end;
    int eof;            /* no more bytes from fp */
    int64_t line;       /* lines consumed so far */
    int64_t nrec;       /* records returned so far */
    int started;        /* the first header has been seen */
    int midline;        /* a sequence line was left part-read (a piece ended in it) */
    int64_t seeked;     /* the offset of the last seek until a header is read there; else -1 */
    int64_t piece_len;  /* 0: whole records */
    /* the record being delivered in pieces */
    int cont;           /* a piece was delivered and the record goes on */
    kstring_t cname, carry;
    int64_t cpos, cnt_before, cline, cindex;
    char errmsg[512];
};

/* Byte classes in sequence lines: 0 = keep (letters, gap and stop marks),
 * 1 = skip (white space), 2 = error. */
static uint8_t seq_class[256];

static void init_classes(void)
{
    for (int c = 0; c < 256; c++) {
        int letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
        seq_class[c] = letter || c == '-' || c == '.' || c == '*' ? 0
                     : c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f' ? 1 : 2;
    }
}

ssc_reader_t *ssc_reader_open(const char *path, int nthreads)
{
    ssc_reader_t *r = calloc(1, sizeof *r);
    if (!r) return NULL;
    if (!seq_class['@']) init_classes();
    r->path = strdup(path);
    r->buf = malloc(RD_BUFSIZE);
    r->seeked = -1;
    if (!r->path || !r->buf) goto fail;
    r->fp = bgzf_open(path, "r");
    if (!r->fp) goto fail;
    if (nthreads > 1 && r->fp->is_compressed && !r->fp->is_gzip) bgzf_mt(r->fp, nthreads, 64);
    return r;
fail:
    {
        int e = errno ? errno : ENOMEM;
        free(r->path);
        free(r->buf);
        free(r);
        errno = e;
    }
    return NULL;
}

int ssc_reader_close(ssc_reader_t *r)
{
    int ret = 0;
    if (!r) return 0;
    if (r->fp && bgzf_close(r->fp) < 0) ret = SSC_EIO;
    free(r->path);
    free(r->buf);
    free(r->cname.s);
    free(r->carry.s);
    free(r);
    return ret;
}

int ssc_reader_set_piece(ssc_reader_t *r, int64_t piece_len)
{
    if (piece_len != 0 && piece_len < 64) return SSC_EINVAL;
    r->piece_len = piece_len;
    return 0;
}

const char *ssc_reader_errmsg(const ssc_reader_t *r) { return r->errmsg; }
const char *ssc_reader_path(const ssc_reader_t *r) { return r->path; }

/* Compressed input is taken a block at a time (what is left of the current
 * one, or one byte, which loads the next): a corrupt block then fails on its
 * own, after the lines of the good ones were read and numbered. */
static ssize_t read_some(ssc_reader_t *r)
{
    BGZF *fp = r->fp;
    /* plain input straight from the file layer: bgzf_read would copy it
     * through its own block buffer first */
    if (!fp->is_compressed) return hread(fp->fp, r->buf, RD_BUFSIZE);
    int64_t left = (int64_t)fp->block_length - fp->block_offset;
    return bgzf_read(fp, r->buf, left > 0 ? (size_t)(left < RD_BUFSIZE ? left : RD_BUFSIZE) : 1);
}

static int fill(ssc_reader_t *r)
{
    ssize_t n;
    if (r->eof) return 0;
    n = read_some(r);
    if (n < 0) {
        snprintf(r->errmsg, sizeof r->errmsg, "%s:%lld: truncated or corrupt compressed input",
                 r->path, (long long)r->line + 1);
        return SSC_EIO;
    }
    if (n == 0 && ssc_bgzf_eof_missing(r->fp)) {
        snprintf(r->errmsg, sizeof r->errmsg, "%s:%lld: BGZF EOF marker missing: the file is "
                 "truncated (cut at a block boundary)", r->path, (long long)r->line + 1);
        return SSC_EIO;
    }
    if (n == 0) r->eof = 1;
    r->pos = 0;
    r->end = n;
    return n > 0;
}

/* Append bytes up to the end of the current line to s (without '\n');
 * returns 1 when a line (possibly the unterminated last one) was read, 0 at
 * EOF, or a negative code. */
static int read_line(ssc_reader_t *r, kstring_t *s)
{
    int got = 0;
    for (;;) {
        if (r->pos >= r->end) {
            int ret = fill(r);
            if (ret < 0) return ret;
            if (ret == 0) {
                if (got) r->line++;
                return got;
            }
        }
        char *p = r->buf + r->pos, *nl = memchr(p, '\n', r->end - r->pos);
        size_t n = nl ? (size_t)(nl - p) : (size_t)(r->end - r->pos);
        if (kputsn(p, n, s) < 0) return SSC_ENOMEM;
        got = 1;
        r->pos += n + (nl != NULL);
        if (nl) {
            r->line++;
            return 1;
        }
    }
}

/* The next byte without consuming it: *c = byte, or -1 at EOF. */
static int peek(ssc_reader_t *r, int *c)
{
    if (r->pos >= r->end) {
        int ret = fill(r);
        if (ret < 0) return ret;
        if (ret == 0) {
            *c = -1;
            return 0;
        }
    }
    *c = (unsigned char)r->buf[r->pos];
    return 0;
}

static int rec_error(ssc_reader_t *r, int64_t line, const char *name, const char *what, int c)
{
    if (c >= 0x20 && c < 0x7f)
        snprintf(r->errmsg, sizeof r->errmsg, "%s:%lld: record '%s' %s '%c'", r->path,
                 (long long)line, name, what, c);
    else
        snprintf(r->errmsg, sizeof r->errmsg, "%s:%lld: record '%s' %s byte 0x%02x", r->path,
                 (long long)line, name, what, c & 0xff);
    return SSC_EFORMAT;
}

/* How many of the first n bytes of p are ASCII letters (the index of the
 * first byte that is not, or n). */
static size_t letters_prefix(const unsigned char *p, size_t n)
{
    size_t i = 0;
#ifdef __SSE2__
    /* (c | 0x20) - 'a' < 26 as a signed compare: letters map to -128..-103 */
    const __m128i lower = _mm_set1_epi8(0x20), shift = _mm_set1_epi8((char)(128 - 'a')),
                  limit = _mm_set1_epi8((char)(-128 + 26));
    for (; i + 16 <= n; i += 16) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
        __m128i t = _mm_add_epi8(_mm_or_si128(x, lower), shift);
        unsigned m = (unsigned)_mm_movemask_epi8(_mm_cmplt_epi8(t, limit));
        if (m != 0xffff) return i + (size_t)__builtin_ctz(~m); /* the first byte that is not */
    }
#endif
    for (; i < n && (unsigned)((p[i] | 0x20) - 'a') < 26; i++)
        ;
    return i;
}

/* Append sequence letters to mem until the record ends (returns 0) or, with
 * limit > 0, until mem holds limit bytes past s0 and more follows (1). A
 * piece may end inside a line, so memory stays bounded by the piece length
 * even for a chromosome written on one line. */
static int read_seq(ssc_reader_t *r, kstring_t *mem, size_t name_off, size_t s0, int64_t limit)
{
    for (;;) {
        int c, ret = peek(r, &c);
        if (ret < 0) return ret;
        if (c == -1) {
            if (r->midline) r->line++, r->midline = 0; /* an unterminated last line */
            return 0;
        }
        if (c == '>' && !r->midline) return 0;
        size_t room = SIZE_MAX;
        if (limit > 0) {
            if ((int64_t)(mem->l - s0) >= limit) {
                /* full: go on only over bytes that store nothing, so that a
                 * piece ends only where more of the record follows */
                if (c != '\n' && seq_class[c] != 1) return 1;
                r->pos++;
                if (c == '\n') r->line++;
                r->midline = c != '\n';
                continue;
            }
            room = (size_t)(limit - (int64_t)(mem->l - s0));
        }
        /* Most lines are letters only and lie whole in the buffer: checked
         * there, where the scan also finds the newline, then copied once. */
        const char *p = r->buf + r->pos;
        size_t avail = (size_t)(r->end - r->pos), span = avail < room ? avail : room;
        size_t n = letters_prefix((const unsigned char *)p, span);
        if (n < span && p[n] == '\n') {
            if (kputsn(p, n, mem) < 0) return SSC_ENOMEM;
            r->pos += (int64_t)n + 1;
            r->line++;
            r->midline = 0;
            continue;
        }
        if (n > 0) { /* letters up to the buffer's end, the room left, or another byte */
            if (kputsn(p, n, mem) < 0) return SSC_ENOMEM;
            r->pos += (int64_t)n;
            r->midline = 1;
            continue;
        }
        /* one byte that is not a letter (nor the newline, taken above) */
        unsigned char b = (unsigned char)p[0];
        uint8_t k = seq_class[b];
        if (k == 2) return rec_error(r, r->line + 1, mem->s + name_off, "contains", b);
        if (k == 0 && kputc((char)b, mem) < 0) return SSC_ENOMEM;
        r->pos++;
        r->midline = 1;
    }
}

static int read_header(ssc_reader_t *r, kstring_t *line)
{
    line->l = 0;
    for (;;) {
        int c, ret = peek(r, &c);
        if (ret < 0) return ret;
        if (c == -1) return 0;
        ret = read_line(r, line);
        if (ret < 0) return ret;
        if (line->l && line->s[line->l - 1] == '\r') line->s[--line->l] = 0;
        if (line->l == 0 && !r->started) continue; /* leading blank lines */
        if (line->s[0] != '>') {
            if (r->seeked >= 0)
                snprintf(r->errmsg, sizeof r->errmsg, "%s: expected a FASTA header starting with "
                         "'>' at byte %lld, where its .fai index puts a record: is the index out "
                         "of date?", r->path, (long long)r->seeked);
            else
                snprintf(r->errmsg, sizeof r->errmsg,
                         "%s:%lld: expected a FASTA header starting with '>'%s", r->path,
                         (long long)r->line, r->started ? "" : " (is this FASTA?)");
            return SSC_EFORMAT;
        }
        r->started = 1;
        r->seeked = -1;
        return 1;
    }
}

/* Split a header line into name and comment offsets within mem. */
static int add_record(ssc_reader_t *r, ssc_batch_t *b, const kstring_t *hdr)
{
    const char *p = hdr->s + 1;
    size_t nlen = strcspn(p, " \t\r\v\f");
    const char *c = p + nlen;
    while (*c == ' ' || *c == '\t') c++;
    if (nlen == 0) {
        snprintf(r->errmsg, sizeof r->errmsg, "%s:%lld: record %lld has an empty ID", r->path,
                 (long long)r->line, (long long)r->nrec + 1);
        return SSC_EFORMAT;
    }
    SSC_GROW(ssc_rec_t, b->rec, b->n, b->m);
    ssc_rec_t *rec = &b->rec[b->n];
    /* offsets now, pointers once the batch is complete (mem may move) */
    rec->name = (char *)(uintptr_t)b->mem.l;
    if (kputsn(p, nlen, &b->mem) < 0 || kputc(0, &b->mem) < 0) goto fail;
    rec->comment = (char *)(uintptr_t)b->mem.l;
    if (kputs(c, &b->mem) < 0 || kputc(0, &b->mem) < 0) goto fail;
    rec->seq = (char *)(uintptr_t)b->mem.l;
    rec->line = r->line;
    rec->index = r->nrec++;
    rec->pos = rec->nt_before = 0;
    rec->last = 1;
    b->n++;
    return 0;
fail:
    return SSC_ENOMEM;
}

/* Start the next piece of the record being split: its name, its place,
 * and the last SSC_PIECE_OVERLAP bases of the previous piece. */
static int add_continuation(ssc_reader_t *r, ssc_batch_t *b)
{
    SSC_GROW(ssc_rec_t, b->rec, b->n, b->m);
    ssc_rec_t *rec = &b->rec[b->n];
    rec->name = (char *)(uintptr_t)b->mem.l;
    if (kputs(r->cname.s, &b->mem) < 0 || kputc(0, &b->mem) < 0) goto fail;
    rec->comment = (char *)(uintptr_t)b->mem.l;
    if (kputc(0, &b->mem) < 0) goto fail;
    rec->seq = (char *)(uintptr_t)b->mem.l;
    if (kputsn(r->carry.s, r->carry.l, &b->mem) < 0) goto fail;
    rec->line = r->cline;
    rec->index = r->cindex;
    rec->pos = r->cpos;
    rec->nt_before = r->cnt_before;
    rec->last = 1;
    b->n++;
    return 0;
fail:
    return SSC_ENOMEM;
}

/* The record did not end within this piece: keep what the next one needs. */
static int keep_continuation(ssc_reader_t *r, const ssc_batch_t *b, ssc_rec_t *rec, size_t s0)
{
    const char *seq = b->mem.s + s0;
    int64_t keep = SSC_PIECE_OVERLAP, nt = 0;
    for (int64_t i = 0; i < rec->len - keep; i++) nt += ssc_nt4[(uint8_t)seq[i]] < 4;
    rec->last = 0;
    if (!r->cont) {
        r->cname.l = 0;
        if (kputs(b->mem.s + (uintptr_t)rec->name, &r->cname) < 0) return SSC_ENOMEM;
    }
    r->cont = 1;
    r->cline = rec->line;
    r->cindex = rec->index;
    r->cpos = rec->pos + rec->len - keep;
    r->cnt_before = rec->nt_before + nt;
    r->carry.l = 0;
    return kputsn(seq + rec->len - keep, (size_t)keep, &r->carry) < 0 ? SSC_ENOMEM : 0;
}

int ssc_reader_read(ssc_reader_t *r, ssc_batch_t *b, int64_t max_bases)
{
    kstring_t hdr = { 0, 0, NULL };
    int ret = 0;
    b->n = 0;
    b->bases = 0;
    b->mem.l = 0;
    while (b->n == 0 || b->bases < max_bases) {
        int partial;
        if (r->cont) {
            if ((ret = add_continuation(r, b)) < 0) break;
        } else {
            ret = read_header(r, &hdr);
            if (ret <= 0) break;
            if ((ret = add_record(r, b, &hdr)) < 0) break;
        }
        ssc_rec_t *rec = &b->rec[b->n - 1];
        size_t s0 = (uintptr_t)rec->seq;
        if ((ret = read_seq(r, &b->mem, (uintptr_t)rec->name, s0, r->piece_len)) < 0) break;
        partial = ret;
        rec->len = (int64_t)(b->mem.l - s0);
        b->bases += rec->len;
        if (partial) ret = keep_continuation(r, b, rec, s0);
        else r->cont = 0;
        if (ret < 0 || kputc(0, &b->mem) < 0) { ret = SSC_ENOMEM; break; }
        ret = 1;
        if (partial) break; /* the rest of the record starts the next batch */
    }
    free(hdr.s);
    if (ret < 0) {
        if (ret == SSC_ENOMEM && !r->errmsg[0])
            snprintf(r->errmsg, sizeof r->errmsg, "%s: out of memory", r->path);
        return ret;
    }
    for (int i = 0; i < b->n; i++) {
        ssc_rec_t *rec = &b->rec[i];
        rec->name = b->mem.s + (uintptr_t)rec->name;
        rec->comment = b->mem.s + (uintptr_t)rec->comment;
        rec->seq = b->mem.s + (uintptr_t)rec->seq;
    }
    return b->n;
}

void ssc_batch_init(ssc_batch_t *b) { memset(b, 0, sizeof *b); }

void ssc_batch_free(ssc_batch_t *b)
{
    free(b->rec);
    free(b->mem.s);
    memset(b, 0, sizeof *b);
}

/* ---- counting and seeking (shards) ---- */

int ssc_reader_count(ssc_reader_t *r, int64_t *nrec, int64_t *nbases)
{
    int64_t recs = 0, bases = 0;
    int at_line_start = 1, in_header = 0;
    for (;;) {
        if (r->pos >= r->end) {
            int ret = fill(r);
            if (ret < 0) return ret;
            if (ret == 0) break;
        }
        const char *p = r->buf + r->pos, *e = r->buf + r->end;
        for (; p < e; p++) {
            if (at_line_start && *p == '>') {
                recs++;
                in_header = 1;
            }
            if (*p == '\n') {
                at_line_start = 1;
                in_header = 0;
                r->line++;
                continue;
            }
            at_line_start = 0;
            if (!in_header) bases += seq_class[(uint8_t)*p] == 0;
        }
        r->pos = r->end;
    }
    *nrec = recs;
    *nbases = bases;
    return 0;
}

int ssc_reader_seek(ssc_reader_t *r, int64_t uoffset)
{
    if (r->fp->is_compressed && bgzf_index_load(r->fp, r->path, ".gzi") < 0) {
        snprintf(r->errmsg, sizeof r->errmsg, "%s: cannot load %s.gzi (BGZF input needs it to seek)",
                 r->path, r->path);
        return SSC_EIO;
    }
    /* plain input is read past BGZF (see fill), so it seeks past it too:
     * bgzf_useek would read a block into BGZF's own buffer */
    if (r->fp->is_compressed ? bgzf_useek(r->fp, (off_t)uoffset, SEEK_SET) < 0
                             : hseek(r->fp->fp, (off_t)uoffset, SEEK_SET) < 0) {
        snprintf(r->errmsg, sizeof r->errmsg, "%s: cannot seek to byte %lld", r->path, (long long)uoffset);
        return SSC_EIO;
    }
    r->pos = r->end = 0;
    r->eof = 0;
    r->cont = 0;
    r->midline = 0;
    r->seeked = uoffset;
    return 0;
}
