/* testutil.h: small helpers for the cmocka drivers (deterministic RNG, temp files). */
#ifndef SSC_TESTUTIL_H
#define SSC_TESTUTIL_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* splitmix64: deterministic and independent of libc's rand(). */
static inline uint64_t tu_rand(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* Random target letters: mostly ACGT, some lowercase, U, N and IUPAC. */
static inline void tu_random_seq(uint64_t *s, char *buf, size_t n, int dirty)
{
    static const char clean[] = "ACGT";
    static const char messy[] = "ACGTACGTACGTacgtUuNnRY-";
    for (size_t i = 0; i < n; i++) {
        uint64_t r = tu_rand(s);
        buf[i] = dirty && (r >> 32) % 8 == 0 ? messy[(r >> 8) % (sizeof messy - 1)] : clean[r & 3];
    }
    buf[n] = 0;
}

/* Whether SSC_TEST_QUICK asks for a lighter run (under valgrind). */
static inline int tu_quick(void) { return getenv("SSC_TEST_QUICK") != NULL; }

/* A temporary file name, removed by the caller. */
static inline char *tu_tmpname(const char *suffix)
{
    static int n;
    char *p = malloc(256);
    snprintf(p, 256, "%s/ssc_test_%d_%d%s", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp",
             (int)getpid(), n++, suffix);
    return p;
}

static inline void tu_write_file(const char *path, const char *data, size_t n)
{
    FILE *fp = fopen(path, "wb");
    if (!fp || fwrite(data, 1, n, fp) != n || fclose(fp) != 0) abort();
}

#endif
