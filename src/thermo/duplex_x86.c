/* thermo/duplex_x86.c: SSE2, AVX2 and AVX-512BW row kernels of the duplex fill; same output as ssc_th_rowmin_scalar. */
#include "thermo/duplex_priv.h"

#ifdef SSC_TH_X86
#include <immintrin.h>
#include "thermo/duplex_tmpl.h"

DEFINE_ROWMIN(ssc_th_rowmin_sse2, __attribute__((target("sse2"))), __m128i, 8, _mm_loadu_si128,
              _mm_storeu_si128, _mm_set1_epi16, _mm_adds_epi16, _mm_min_epi16)
DEFINE_ROWMIN(ssc_th_rowmin_avx2, __attribute__((target("avx2"))), __m256i, 16,
              _mm256_loadu_si256, _mm256_storeu_si256, _mm256_set1_epi16, _mm256_adds_epi16,
              _mm256_min_epi16)
DEFINE_ROWMIN(ssc_th_rowmin_avx512, __attribute__((target("avx512bw"))), __m512i, 32,
              _mm512_loadu_si512, _mm512_storeu_si512, _mm512_set1_epi16, _mm512_adds_epi16,
              _mm512_min_epi16)
#endif
