/* scan_opt.c: what the paths of `seedscan scan` (FASTA, TargetScan, genome) share: the miRNA set, the output's end. */
#include <errno.h>
#include <string.h>
#include "cli/cli.h"
#include "cli/scan_opt.h"

ssc_mirset_t *scan_build_mirset(const scan_opt_t *o)
{
    cli_mirsel_t m = { o->mirfile, o->mirnas, o->species, o->panel, o->resistance, o->target };
    return cli_mirset("scan", &m);
}

int scan_out_finish(ssc_out_t *out, int ret, const char *errmsg, const char *outpath)
{
    if (ret < 0) {
        ssc_out_close(out, 0);
        cli_error("scan", "%s", errmsg && errmsg[0] ? errmsg : ssc_strerror(ret));
        return -1;
    }
    if (ssc_out_close(out, 1) < 0) {
        cli_error("scan", "writing %s: %s", outpath ? outpath : "stdout", strerror(errno));
        return -1;
    }
    return 0;
}
