/* scan_ts.h: `seedscan scan` on TargetScan inputs or with --format targetscan (scan_ts.c). */
#ifndef SSC_CLI_SCAN_TS_H
#define SSC_CLI_SCAN_TS_H

#include "cli/scan_opt.h"

/* Scan files into TargetScan 7's site table; returns the exit status. */
int scan_targetscan(const scan_opt_t *o, char **files, int nfiles);

#endif
