/* thermo/duplex_simde.c: the row kernel through SIMDe: NEON (or other) off x86, SIMDe's portable code on x86 for tests. */
#include "thermo/duplex_priv.h"

#ifdef SSC_HAVE_SIMDE
#ifdef SSC_TH_X86
#define SIMDE_NO_NATIVE
#endif
#include <simde/x86/sse2.h>
#include "thermo/duplex_tmpl.h"

DEFINE_ROWMIN(ssc_th_rowmin_simde, , simde__m128i, 8, simde_mm_loadu_si128, simde_mm_storeu_si128,
              simde_mm_set1_epi16, simde_mm_adds_epi16, simde_mm_min_epi16)
#endif
