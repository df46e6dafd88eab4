/* cli.c: helpers shared by the subcommands: messages, option values, signals. */
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
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

void cli_bad_option(const char *cmd, char *argv[], int c, const char *synopsis)
{
    const char *arg = argv[optind - 1];
    int is_long = strncmp(arg, "--", 2) == 0;
    if (c == ':' && is_long) cli_error(cmd, "option '%s' needs an argument", arg);
    else if (c == ':') cli_error(cmd, "option -%c needs an argument", optopt);
    else if (!is_long && optopt > 32 && optopt < 128) cli_error(cmd, "invalid option -%c", optopt);
    else cli_error(cmd, "invalid option '%s' (unknown, or short for several options)", arg);
    fprintf(stderr, "Usage: %s\nSee 'seedscan help %s' for the options.\n", synopsis, cmd);
}

int cli_types_opt(const char *cmd, const char *arg, unsigned *types)
{
    if (ssc_types_parse(arg, types) == 0 && *types) return 0;
    cli_error(cmd, "--types: '%s' is not a list of 8mer, 7mer-m8, 7mer-A1, 6mer, offset-6mer, 6mer-A1, "
              "default, all (TargetScan's 8mer-1a and 7mer-1a are 8mer and 7mer-A1), or of the "
              "non-canonical GU-7mer, GU-6mer, mm-7mer, bulge-7mer, centered, 3p-comp, noncanonical", arg);
    return -1;
}

int cli_int_opt(const char *cmd, const char *opt, const char *arg, int lo, int hi, int *out)
{
    if (cli_parse_int(arg, lo, hi, out) == 0) return 0;
    cli_error(cmd, "%s: '%s' is not an integer from %d to %d", opt, arg, lo, hi);
    return -1;
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

/* The file an argument names: the value of --opt=FILE, or the argument. */
static const char *arg_path(const char *a)
{
    const char *eq = strncmp(a, "--", 2) == 0 ? strchr(a, '=') : NULL;
    return eq ? eq + 1 : a;
}

int cli_output_is_input(const char *cmd, const char *out, int argc, char *argv[])
{
    struct stat so, si;
    if (!out || strcmp(out, "-") == 0 || stat(out, &so) < 0) return 0; /* a new file: no input */
    for (int i = 1; i < argc; i++) {
        const char *a = arg_path(argv[i]);
        if (a == out || strcmp(a, "-") == 0 || stat(a, &si) < 0) continue;
        if (si.st_dev == so.st_dev && si.st_ino == so.st_ino && S_ISREG(si.st_mode)) {
            cli_error(cmd, "the output %s would overwrite the input %s: write it elsewhere", out, a);
            return 1;
        }
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

int cli_parse_level(const char *cmd, const char *arg, int *level)
{
    if (cli_parse_int(arg, 0, 9, level) == 0) return 0;
    cli_error(cmd, "--level: '%s' is not an integer from 0 to 9", arg);
    return -1;
}

int cli_is_ts_alignment(const char *path)
{
    ssc_lines_t *l;
    kstring_t line = { 0, 0, NULL };
    struct stat st;
    int ret, yes = 0;
    /* only a regular file can be read twice: a pipe's first line would be lost */
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) || !(l = ssc_lines_open(path, 1))) return 0;
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

/* What a command asked to remove if a signal ends it (one at a time). */
static void (*volatile sig_cleanup)(void *);
static void *volatile sig_cleanup_data;

void cli_signal_cleanup(void (*fn)(void *), void *data)
{
    sig_cleanup = NULL; /* never a half-set pair: the handler may run between the stores */
    sig_cleanup_data = data;
    sig_cleanup = fn;
}

static void on_signal(int sig)
{
    void (*fn)(void *) = sig_cleanup;
    ssc_out_abort_all(); /* first: an output's temporary may sit in the folder fn removes */
    if (fn) fn(sig_cleanup_data);
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

ssc_mirset_t *cli_mirset(const char *cmd, const cli_mirsel_t *m)
{
    ssc_mirsel_t sel = { m->mirfile, m->mirnas, m->species, DEFAULT_MIRNA_FILE, NULL, 0 };
    ssc_mirset_t *ms;
    char err[1024];
    if ((m->resistance || m->target) && (m->mirnas || m->mirfile) && !m->panel) {
        cli_error(cmd, "--resistance and --target filter a panel; they do not apply to -m or --mirna");
        return NULL;
    }
    if (m->panel || (!m->mirnas && !m->mirfile))
        return cli_panel_mirset(cmd, m->panel, m->resistance, m->target);
    if (!(ms = ssc_mirsel_build(&sel, err, sizeof err))) cli_error(cmd, "%s", err);
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
