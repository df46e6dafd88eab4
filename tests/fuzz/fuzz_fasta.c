/* fuzz_fasta.c: libFuzzer target for the FASTA reader: read whole, read in pieces, compare.
 * Input: byte 0 = options (bit 0: gzip it first; bits 1-3: batch size; bits 4-7:
 * piece length), then the file. Checked: pieces cover their record exactly (the
 * overlap, positions, bases before), errors are the same either way, and no
 * piece is longer than the piece length plus the overlap (memory is bounded). */
#include <stdio.h>
#include <zlib.h>
#include "fuzz.h"
#include "io/io.h"

typedef struct {
    char *name, *seq;
    int64_t len, line;
} whole_t;

static kstring_t url, gz;

/* gzip the input in memory, so that the compressed paths run too. One stream
 * for the whole run, reset per input: deflateInit2/deflateEnd allocate and
 * free ~260 kB each time, which ASan maps and unmaps (a tenth of the time). */
static void gzip_mem(const uint8_t *data, size_t size)
{
    static z_stream z;
    static int ready;
    if (ready ? deflateReset(&z) != Z_OK : deflateInit2(&z, 1, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        abort();
    ready = 1;
    if (ks_resize(&gz, deflateBound(&z, size) + 32) < 0) abort();
    z.next_in = (uint8_t *)data;
    z.avail_in = (uInt)size;
    z.next_out = (uint8_t *)gz.s;
    z.avail_out = (uInt)gz.m;
    if (deflate(&z, Z_FINISH) != Z_STREAM_END) abort();
    gz.l = z.total_out;
}

/* Every record read whole; returns the reader's final status. */
static int read_whole(const char *path, int64_t batch, whole_t **w, int64_t *n)
{
    ssc_reader_t *r = ssc_reader_open(path, 1);
    ssc_batch_t b;
    int ret;
    int64_t m = 0;
    if (!r) abort();
    ssc_batch_init(&b);
    *w = NULL;
    *n = 0;
    while ((ret = ssc_reader_read(r, &b, batch)) > 0)
        for (int i = 0; i < b.n; i++) {
            const ssc_rec_t *rec = &b.rec[i];
            if (rec->pos != 0 || !rec->last || rec->index != *n) abort();
            if ((int64_t)strlen(rec->seq) != rec->len || !*rec->name) abort();
            if (*n == m && !(*w = realloc(*w, (size_t)(m = m ? 2 * m : 16) * sizeof **w))) abort();
            (*w)[*n].name = strdup(rec->name);
            (*w)[*n].seq = strdup(rec->seq);
            (*w)[*n].line = rec->line;
            (*w)[(*n)++].len = rec->len;
        }
    ssc_batch_free(&b);
    ssc_reader_close(r);
    return ret;
}

static int64_t bases(const char *s, int64_t n)
{
    int64_t k = 0;
    for (int64_t i = 0; i < n; i++) k += ssc_nt4[(uint8_t)s[i]] < 4;
    return k;
}

/* The same file in pieces: each must be the whole record's letters at its place.
 * After an error the whole read kept only the batches before it: pieces of
 * later records are not compared. */
static int read_pieces(const char *path, int64_t piece, int64_t batch, const whole_t *w, int64_t n)
{
    ssc_reader_t *r = ssc_reader_open(path, 1);
    ssc_batch_t b;
    int ret;
    int64_t next = 0, at = 0; /* the record expected next, and where its next piece starts */
    if (!r || ssc_reader_set_piece(r, piece) < 0) abort();
    ssc_batch_init(&b);
    while ((ret = ssc_reader_read(r, &b, batch)) > 0)
        for (int i = 0; i < b.n; i++) {
            const ssc_rec_t *rec = &b.rec[i];
            if (rec->index != next || rec->pos != at) abort();
            if (rec->len > piece + SSC_PIECE_OVERLAP) abort(); /* memory bounded by the piece */
            if (rec->index < n) {
                const whole_t *x = &w[rec->index];
                if (strcmp(rec->name, x->name) != 0 || rec->line != x->line) abort();
                if (rec->pos + rec->len > x->len || memcmp(rec->seq, x->seq + rec->pos, (size_t)rec->len))
                    abort();
                if (rec->nt_before != bases(x->seq, rec->pos)) abort();
                if (rec->last && rec->pos + rec->len != x->len) abort();
            }
            if (rec->last) {
                next++;
                at = 0;
            } else {
                if (rec->len <= SSC_PIECE_OVERLAP || i != b.n - 1) abort();
                at = rec->pos + rec->len - SSC_PIECE_OVERLAP;
            }
        }
    if (ret == 0 && next != n) abort();
    ssc_batch_free(&b);
    ssc_reader_close(r);
    return ret;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1) return 0;
    uint8_t opt = data[0];
    data++, size--;
    if (opt & 1) {
        gzip_mem(data, size);
        data = (const uint8_t *)gz.s;
        size = gz.l;
    }
    const char *path = fz_url(&url, data, size);
    int64_t batch = 1 + ((opt >> 1) & 7) * 40, piece = 64 + (opt >> 4) * 5;
    whole_t *w;
    int64_t n;
    int r1 = read_whole(path, batch, &w, &n);
    int r2 = read_pieces(path, piece, batch, w, n);
    if (r1 != r2) {
        fprintf(stderr, "whole: %d, pieces of %lld: %d\n", r1, (long long)piece, r2);
        abort();
    }
    for (int64_t i = 0; i < n; i++) free(w[i].name), free(w[i].seq);
    free(w);
    return 0;
}
