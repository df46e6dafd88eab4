/* cli.h: helpers shared by the subcommands of the seedscan CLI. */
#ifndef SSC_CLI_H
#define SSC_CLI_H

#include <stdio.h>
#include "seedscan.h"

int main_scan(int argc, char *argv[]);
int main_expr(int argc, char *argv[]);
int main_panel(int argc, char *argv[]);

/* "seedscan CMD: msg" on stderr, after flushing stdout. */
void cli_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void cli_warn(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Parse a whole non-negative int; 0 or -1. */
int cli_parse_int(const char *s, int lo, int hi, int *out);
/* Install SIGINT/SIGTERM handlers that remove unfinished outputs. */
void cli_install_signals(void);

#endif
