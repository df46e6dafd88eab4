/* rng.h: the benchmark generators' deterministic random numbers (splitmix64), one stream per program. */
#ifndef SSC_BENCH_RNG_H
#define SSC_BENCH_RNG_H

#include <stdint.h>

static uint64_t rng_state;

static uint64_t next(void)
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

#endif
