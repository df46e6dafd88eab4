/* cmd_scan_ts.c: `seedscan scan` on TargetScan inputs: alignments, species, its site table. */
#include "cli.h"

int scan_targetscan(const scan_opt_t *o, char **files, int nfiles)
{
    (void)o;
    (void)files;
    (void)nfiles;
    cli_error("scan", "TargetScan alignments and --format targetscan are not available yet");
    return 1;
}
