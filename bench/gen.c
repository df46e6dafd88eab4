/* gen.c: deterministic 3'UTR-like FASTA for benchmarks: gen TOTAL_BASES [SEED] > out.fa */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "rng.h"

/* Human 3'UTRs are AU-rich (about 60% A+T): A 0.29, C 0.21, G 0.21, T 0.29.
 * Lengths are log-uniform between 200 and 8,000 nt (median near 1,300). */
int main(int argc, char *argv[])
{
    static const char acgt[] = "ACGT";
    char line[61];
    long long total, done = 0, rec = 0;
    if (argc < 2) {
        fprintf(stderr, "usage: gen TOTAL_BASES [SEED] (suffix k, M, G allowed)\n");
        return 1;
    }
    char *end;
    total = strtoll(argv[1], &end, 10);
    if (*end == 'k') total *= 1000;
    else if (*end == 'M') total *= 1000000;
    else if (*end == 'G') total *= 1000000000LL;
    rng_state = argc > 2 ? strtoull(argv[2], NULL, 10) : 11;
    while (done < total) {
        double u = (double)(next() >> 11) / 9007199254740992.0;
        long long len = (long long)(200.0 * __builtin_exp(u * __builtin_log(40.0)));
        if (len > total - done) len = total - done;
        printf(">bench%lld\n", ++rec);
        for (long long p = 0; p < len;) {
            int n = 0;
            for (; n < 60 && p < len; n++, p++) {
                uint64_t r = next() % 100;
                line[n] = acgt[r < 29 ? 0 : r < 50 ? 1 : r < 71 ? 2 : 3];
            }
            line[n] = '\n';
            if (fwrite(line, 1, (size_t)n + 1, stdout) != (size_t)n + 1) return 1;
        }
        done += len;
    }
    return fflush(stdout) == 0 ? 0 : 1;
}
