/* scan_opt.c: what the paths of `seedscan scan` (FASTA, TargetScan, genome) share: the miRNA set, the output's end. */
#include <errno.h>
#include <string.h>
#include "cli/cli.h"
#include "cli/scan_opt.h"

ssc_mirset_t *scan_build_mirset(const scan_opt_t *o)
{
    ssc_mirsel_t sel = { o->mirfile, o->mirnas, o->species, DEFAULT_MIRNA_FILE, NULL, 0 };
    ssc_mirset_t *ms;
    char err[1024];
    if ((o->resistance || o->target) && (o->mirnas || o->mirfile) && !o->panel) {
        cli_error("scan", "--resistance and --target filter a panel; they do not apply to -m or --mirna");
        return NULL;
    }
    if (o->panel || (!o->mirnas && !o->mirfile))
        return cli_panel_mirset("scan", o->panel, o->resistance, o->target);
    if (!(ms = ssc_mirsel_build(&sel, err, sizeof err))) cli_error("scan", "%s", err);
    return ms;
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
