/* ts_ctxsum.h: internal API for per-target summaries (total context++, CWCS) of a TargetScan context++ table. */
#ifndef SSC_TS_CTXSUM_H
#define SSC_TS_CTXSUM_H

#include <htslib/kstring.h>

/* From a context++ table as targetscan_70_context_scores.pl writes it
 * (header line, 37 columns), one row per target, species and miRNA:
 * `target species mirna family sites total_context_score cwcs`. Overlapping
 * sites keep the best-scoring one; "too_close" sites are left out; an empty
 * AIR counts as 1. Rows come ranked: by miRNA, then CWCS (most negative
 * first), then target. Returns 0, SSC_EFORMAT (a row with too few columns;
 * *line gets its 1-based number) or SSC_ENOMEM. */
int ssc_ts_ctx_summary(const kstring_t *table, kstring_t *out, long *line);

#endif
