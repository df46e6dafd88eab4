/* scan_opt.c: the options of `seedscan scan` that its TargetScan path shares: the miRNA set. */
#include "cli/cli.h"
#include "cli/scan_opt.h"

ssc_mirset_t *scan_build_mirset(const scan_opt_t *o)
{
    cli_mirsel_t m = { o->mirfile, o->mirnas, o->species, o->panel, o->resistance, o->target };
    return cli_mirset("scan", &m);
}
