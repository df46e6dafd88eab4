/* cli.c: helpers shared by the subcommands: messages, option values, signals. */
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "cli/cli.h"
#include "io/io.h"
#include "panel/panel.h"

void cli_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    fflush(stdout);
    fprintf(stderr, "seedscan %s: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

void cli_warn(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    if (ssc_log_get_level() < SSC_LOG_WARNING) return;
    fprintf(stderr, "seedscan %s: warning: ", cmd);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

void cli_bad_option(const char *cmd, char *argv[])
{
    if (optopt && optopt < 128 && optopt > 32)
        cli_error(cmd, "invalid option -%c or missing argument", optopt);
    else cli_error(cmd, "invalid option '%s' or missing argument", argv[optind - 1]);
}

void cli_table_opt_init(cli_table_opt_t *t)
{
    memset(t, 0, sizeof *t);
    ssc_et_opt_init(&t->et);
    t->collapse = SSC_COLLAPSE_LONGEST;
    t->min_match = 0.5;
}

int cli_table_opt(const char *cmd, int c, const char *arg, cli_table_opt_t *t)
{
    char *end;
    switch (c) {
    case CLI_OPT_ID_COL: t->et.id_col = arg; return 1;
    case CLI_OPT_VALUE_COL: t->et.value_col = arg; return 1;
    case CLI_OPT_MATRIX: t->et.matrix_col = arg; return 1;
    case CLI_OPT_KEEP_VERSION: t->et.keep_version = 1; return 1;
    case CLI_OPT_ID_MAP: t->idmap = arg; return 1;
    case CLI_OPT_COLLAPSE:
        if (!strcmp(arg, "longest") || !strcmp(arg, "first")) {
            t->collapse = strcmp(arg, "first") ? SSC_COLLAPSE_LONGEST : SSC_COLLAPSE_FIRST;
            return 1;
        }
        cli_error(cmd, "--collapse: '%s' is not longest or first", arg);
        return -1;
    case CLI_OPT_MIN_MATCH:
        t->min_match = strtod(arg, &end);
        if (!*end && end != arg && t->min_match >= 0 && t->min_match <= 1) return 1;
        cli_error(cmd, "--min-match: '%s' is not a number from 0 to 1", arg);
        return -1;
    }
    return 0;
}

int cli_parse_int(const char *s, int lo, int hi, int *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (!*s || *end || v < lo || v > hi) return -1;
    *out = (int)v;
    return 0;
}

int cli_is_ts_alignment(const char *path)
{
    ssc_lines_t *l;
    kstring_t line = { 0, 0, NULL };
    int ret, yes = 0;
    if (strcmp(path, "-") == 0 || !(l = ssc_lines_open(path, 1))) return 0;
    while ((ret = ssc_lines_next(l, &line)) > 0 && line.l == 0) {}
    /* gene<TAB>species<TAB>letters and gaps, as the first line */
    if (ret > 0 && line.s[0] != '>') {
        char *t1 = strchr(line.s, '\t'), *t2 = t1 ? strchr(t1 + 1, '\t') : NULL;
        yes = t1 && t2 && t1 > line.s && t2 > t1 + 1 && t2[1] != 0;
        for (char *p = t2 ? t2 + 1 : line.s; yes && *p; p++)
            yes = (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || *p == '-' || *p == '.';
    }
    free(line.s);
    ssc_lines_close(l);
    return yes;
}

static void on_signal(int sig)
{
    ssc_out_abort_all();
    signal(sig, SIG_DFL);
    raise(sig);
}

void cli_install_signals(void)
{
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    signal(SIGHUP, on_signal);
    /* A closed pipe downstream (`| head`) ends us quietly, as for any filter,
     * even when the parent left SIGPIPE ignored. */
    signal(SIGPIPE, SIG_DFL);
}


ssc_mirset_t *cli_panel_mirset(const char *cmd, const char *panel, const char *resistance,
                               const char *target)
{
    ssc_panel_t *p = ssc_panel_init();
    ssc_panel_filter_t f = { resistance, target };
    ssc_mirset_t *ms = NULL;
    if (!p) return cli_error(cmd, "out of memory"), NULL;
    if (ssc_panel_load(p, panel ? panel : SSC_PANEL_DEFAULT) < 0 || !(ms = ssc_panel_mirset(p, &f)))
        cli_error(cmd, "%s", ssc_panel_errmsg(p));
    ssc_panel_destroy(p);
    return ms;
}

int cli_parse_kcal(const char *s, int *dcal)
{
    char *end;
    double v = strtod(s, &end);
    if (!*s || *end || v < -10000 || v > 10000) return -1;
    *dcal = (int)(v * 100 + (v < 0 ? -0.5 : 0.5));
    return 0;
}

ssc_th_params_t *cli_load_params(const char *cmd, const char *pfile)
{
    char path[4096], err[1024];
    ssc_th_params_t *base = NULL, *p = NULL;
    if (ssc_refs_path(SSC_TH_DEFAULT_PARAMS, path, sizeof path) != 0) {
        cli_error(cmd, "cannot find refs/%s (set SEEDSCAN_REFS)", SSC_TH_DEFAULT_PARAMS);
        return NULL;
    }
    if (ssc_th_params_load(path, NULL, &base, err, sizeof err) != 0) {
        cli_error(cmd, "%s", err);
        return NULL;
    }
    if (!pfile) return base;
    if (ssc_th_params_load(pfile, base, &p, err, sizeof err) != 0) cli_error(cmd, "%s", err);
    ssc_th_params_destroy(base);
    return p;
}
