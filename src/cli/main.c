/* main.c: the seedscan command line: the subcommand dispatch table. */
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <htslib/hts.h>
#include "seedscan.h"
#include "cli/cli.h"
#include "cli/commands.h"

static const struct {
    const char *name;
    int (*func)(int, char *[]);
    const char *help;
} commands[] = {
    { "scan", main_scan, "find miRNA target sites in 3'UTR (or any) sequences" },
    { "index", main_index, "index FASTA files (.fai, .gzi) so that shards read by region" },
    { "merge", main_merge, "join the outputs of scan --shard into the single run's output" },
    { "expr", main_expr, "test site classes against fold changes (KS, Mann-Whitney, all families)" },
    { "landscape", main_landscape, "Sylamer word enrichment landscape over a ranked gene list" },
    { "panel", main_panel, "list the curated resistance panel, or scan it against 3'UTRs (--report)" },
    { "fold", main_fold, "unpaired probabilities (RNAplfold -W 80 -L 40 -u 20): site accessibility" },
    { "targetscan", main_targetscan, "TargetScan 7's later steps: bins, bl-pct, orf, context (++ scores)" },
    { "utr", main_utr, "3'UTR, CDS or transcript sequences (or BED12) from a GTF/GFF3 and a genome" },
    { "variants", main_variants, "miRNA sites created, destroyed or changed by VCF alleles in 3'UTRs" },
    { "duplex", main_duplex, "miRNA-target duplex MFE (RNAduplex's model, Turner 2004), suboptimals" },
    { "cite", main_cite, "what to cite for the data and methods a command uses" },
};
#define NCMD ((int)(sizeof commands / sizeof commands[0]))

static void usage(FILE *fp)
{
    fprintf(fp,
            "seedscan %s: find microRNA target sites, score them, test them against expression\n\n"
            "Usage: seedscan <command> [options]\n\n"
            "Commands:\n", SSC_VERSION);
    for (int i = 0; i < NCMD; i++) fprintf(fp, "  %-10s %s\n", commands[i].name, commands[i].help);
    fprintf(fp, "  %-10s %s\n", "help CMD", "show the options of CMD (same as seedscan CMD --help)");
    fprintf(fp, "  %-10s %s\n", "version", "print the version (also --version, and CMD --version)");
    fprintf(fp, "\nExample: seedscan scan --mirna hsa-miR-21-5p refs/hsa_3utr_collected.fa > sites.tsv\n"
                "See 'man seedscan' and the README for the site model and formats.\n");
}

static int print_version(void)
{
    printf("seedscan %s (htslib %s)\n", SSC_VERSION, hts_version());
    return fflush(stdout) == 0 && !ferror(stdout) ? 0 : 1;
}

/* `seedscan CMD ... --version`: every command answers as `seedscan --version`
 * does, wherever the option stands before a "--" (as --help may). */
static int asks_version(int argc, char *argv[])
{
    for (int i = 1; i < argc && strcmp(argv[i], "--"); i++)
        if (!strcmp(argv[i], "--version")) return 1;
    return 0;
}

int main(int argc, char *argv[])
{
    hts_set_log_level(HTS_LOG_OFF); /* we report read errors ourselves, with file and line */
    if (argc < 2) {
        usage(stderr);
        return 1;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "-h") == 0 || strcmp(cmd, "--help") == 0) {
        usage(stdout);
        return 0;
    }
    if (strcmp(cmd, "version") == 0 || strcmp(cmd, "--version") == 0) return print_version();
    if (strcmp(cmd, "help") == 0) {
        if (argc < 3) {
            usage(stdout);
            return 0;
        }
        static char help_opt[] = "--help";
        char *hargv[] = { argv[2], help_opt, NULL };
        for (int i = 0; i < NCMD; i++)
            if (strcmp(argv[2], commands[i].name) == 0) return commands[i].func(2, hargv);
        fprintf(stderr, "seedscan: unknown command '%s'\n", argv[2]);
        return 1;
    }
    for (int i = 0; i < NCMD; i++)
        if (strcmp(cmd, commands[i].name) == 0) {
            if (asks_version(argc - 1, argv + 1)) return print_version();
            cli_install_signals();
            return commands[i].func(argc - 1, argv + 1);
        }
    fprintf(stderr, "seedscan: unknown command '%s'\n\n", cmd);
    usage(stderr);
    return 1;
}
