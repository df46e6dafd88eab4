/* core.c: throughput of the scan core alone (no I/O, no formatting): core MIRNA_FILE FASTA [REPS] */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "seedscan.h"
#include "core/core.h" /* ssc_count_any: the counting scan --summary uses */

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + t.tv_nsec / 1e9;
}

/* Prints "count_mnt_s list_mnt_s sites rows packed_mnt_s" for the miRNA set
 * against the records: ssc_count (the API's 32-bit counters), ssc_scan (site
 * lists) and ssc_count_any (the packed counters of scan --summary). */
int main(int argc, char *argv[])
{
    ssc_mirset_t *ms = ssc_mirset_init();
    ssc_batch_t b;
    ssc_scanopt_t so;
    int reps = argc > 3 ? atoi(argv[3]) : 1;
    if (argc < 3 || ssc_mirset_load(ms, argv[1], NULL) < 0) {
        fprintf(stderr, "usage: core MIRNA_FILE FASTA [REPS]\n");
        return 1;
    }
    ssc_reader_t *r = ssc_reader_open(argv[2], 1);
    ssc_batch_init(&b);
    if (!r || ssc_reader_read(r, &b, INT64_MAX) < 0) return 1;
    ssc_index_t *idx = ssc_index_build(ms, SSC_TYPES_DEFAULT);
    ssc_tbuf_t *tb = ssc_tbuf_init();
    ssc_scanopt_init(&so);
    double t0 = now(), t1, t2, t3;
    long long nsite = 0, sink = 0, sink_pk = 0;
    for (int k = 0; k < reps; k++)
        for (int i = 0; i < b.n; i++) {
            const uint32_t *c;
            const int32_t *f;
            sink += ssc_count(idx, &so, b.rec[i].seq, b.rec[i].len, tb, &c, &f);
        }
    t1 = now();
    for (int k = 0; k < reps; k++)
        for (int i = 0; i < b.n; i++) {
            const ssc_site_t *s;
            nsite += ssc_scan(idx, &so, b.rec[i].seq, b.rec[i].len, tb, &s);
        }
    t2 = now();
    for (int k = 0; k < reps; k++)
        for (int i = 0; i < b.n; i++) {
            const uint32_t *c;
            const uint16_t *pk;
            const int32_t *f;
            sink_pk += ssc_count_any(idx, &so, b.rec[i].seq, b.rec[i].len, tb, &c, &pk, &f);
        }
    t3 = now();
    double mnt = (double)b.bases * reps / 1e6;
    if (sink_pk != sink) fprintf(stderr, "core: packed counting listed %lld rows, ssc_count %lld\n", sink_pk, sink);
    printf("%.1f %.1f %lld %lld %.1f\n", mnt / (t1 - t0), mnt / (t2 - t1), nsite / reps, sink / reps,
           mnt / (t3 - t2));
    ssc_tbuf_destroy(tb);
    ssc_index_destroy(idx);
    ssc_batch_free(&b);
    ssc_reader_close(r);
    ssc_mirset_destroy(ms);
    return 0;
}
