/* kernel_simde.c: the vector kernel through SIMDe: NEON (or other) on non-x86, portable C on x86 for tests. */
#include "core/core.h"

#ifdef SSC_HAVE_SIMDE
/* On x86 the native kernels run; this one is built with SIMDe's portable
 * code (SIMDE_NO_NATIVE) so that the path other CPUs take is tested here.
 * Elsewhere SIMDe maps the same calls to the CPU's own vectors (NEON on
 * ARM, AltiVec, WASM SIMD, ...). */
#ifdef SSC_HAVE_X86
#define SIMDE_NO_NATIVE
#endif
#include <simde/x86/sse2.h>
#include "core/kernel_tmpl.h"

#define SIMDE_STORE16(dst, a, b) do {                                                       \
        simde_mm_storeu_si128((simde__m128i *)(dst), (a));                                  \
        simde_mm_storeu_si128((simde__m128i *)(dst) + 1, (b));                              \
    } while (0)
DEFINE_KERNEL(simde, , simde__m128i, 16, simde_mm_loadu_si128, simde_mm_storeu_si128,
              simde_mm_set1_epi8, simde_mm_and_si128, simde_mm_or_si128, simde_mm_andnot_si128,
              simde_mm_add_epi8, simde_mm_cmpeq_epi8, simde_mm_slli_epi16, simde_mm_unpacklo_epi8,
              simde_mm_unpackhi_epi8, SIMDE_STORE16)
#endif
