/* commands.h: the subcommands behind main.c's dispatch table, one cmd_<name>.c each. */
#ifndef SSC_CLI_COMMANDS_H
#define SSC_CLI_COMMANDS_H

int main_scan(int argc, char *argv[]);
int main_merge(int argc, char *argv[]);
int main_index(int argc, char *argv[]);
int main_expr(int argc, char *argv[]);
int main_landscape(int argc, char *argv[]);
int main_panel(int argc, char *argv[]);
int main_targetscan(int argc, char *argv[]);
int main_duplex(int argc, char *argv[]);
int main_utr(int argc, char *argv[]);
int main_cite(int argc, char *argv[]);
int main_fold(int argc, char *argv[]);
int main_variants(int argc, char *argv[]);

#endif
