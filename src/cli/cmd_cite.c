/* cmd_cite.c: `seedscan cite [CMD]`: the publications behind the data and methods each command uses. */
#include <stdio.h>
#include <string.h>
#include "seedscan.h"
#include "cli/cli.h"
#include "cli/commands.h"

/* The commands a reference can apply to, as bits. */
enum { C_SCAN = 1, C_INDEX = 2, C_MERGE = 4, C_EXPR = 8, C_LANDSCAPE = 16, C_PANEL = 32,
       C_TARGETSCAN = 64, C_UTR = 128, C_DUPLEX = 256, C_FOLD = 512, C_VARIANTS = 1024 };
static const struct { const char *name; unsigned bit; } cmds[] = {
    { "scan", C_SCAN }, { "index", C_INDEX }, { "merge", C_MERGE }, { "expr", C_EXPR },
    { "landscape", C_LANDSCAPE }, { "panel", C_PANEL }, { "targetscan", C_TARGETSCAN },
    { "utr", C_UTR }, { "duplex", C_DUPLEX }, { "fold", C_FOLD }, { "variants", C_VARIANTS },
};
#define NCMDS ((int)(sizeof cmds / sizeof cmds[0]))

/* One publication: what to cite, what seedscan takes from it, and where. */
typedef struct {
    const char *key, *ref, *what;
    unsigned used_by;
} citation_t;

static const citation_t refs[] = {
    { "miRBase",
      "Kozomara A, Birgaoanu M, Griffiths-Jones S. miRBase: from microRNA sequences to function.\n"
      "Nucleic Acids Res. 2019;47(D1):D155-D162. doi:10.1093/nar/gky1141",
      "the mature miRNA sequences of release 22 (refs/mature.v22.fa.gz,\n"
      "refs/hsa_mature.v22.fa; the names --mirna looks up) and the panel's miRNA IDs",
      C_SCAN | C_EXPR | C_LANDSCAPE | C_PANEL | C_TARGETSCAN | C_DUPLEX | C_VARIANTS },
    { "TargetScan 7",
      "Agarwal V, Bell GW, Nam JW, Bartel DP. Predicting effective microRNA target sites in\n"
      "mammalian mRNAs. eLife 2015;4:e05005. doi:10.7554/eLife.05005",
      "the site model (8mer, 7mer-m8, 7mer-A1, 6mer, ribosome shadow), the site table,\n"
      "the context++ model and its parameters (refs/targetscan/)",
      C_SCAN | C_EXPR | C_PANEL | C_TARGETSCAN | C_VARIANTS },
    { "PCT",
      "Friedman RC, Farh KK, Burge CB, Bartel DP. Most mammalian mRNAs are conserved targets of\n"
      "microRNAs. Genome Res. 2009;19(1):92-105. doi:10.1101/gr.082701.108",
      "branch length scores and P_CT (targetscan bins, bl-pct;\n"
      "refs/targetscan/PCT_parameters)",
      C_TARGETSCAN },
    { "TA and SPS",
      "Garcia DM, Baek D, Shin C, Bell GW, Grimson A, Bartel DP. Weak seed-pairing stability and\n"
      "high target-site abundance decrease the proficiency of lsy-6 and other microRNAs.\n"
      "Nat Struct Mol Biol. 2011;18(10):1139-1146. doi:10.1038/nsmb.2115",
      "target-site abundance and seed-pairing stability, context++ features\n"
      "(refs/targetscan/TA_SPS_by_seed_region.txt)",
      C_TARGETSCAN },
    { "ViennaRNA",
      "Lorenz R, Bernhart SH, Honer zu Siederdissen C, Tafer H, Flamm C, Stadler PF, Hofacker IL.\n"
      "ViennaRNA Package 2.0. Algorithms Mol Biol. 2011;6:26. doi:10.1186/1748-7188-6-26\n"
      "Bernhart SH, Hofacker IL, Stadler PF. Local RNA base pairing probabilities in large\n"
      "sequences. Bioinformatics 2006;22(5):614-615. doi:10.1093/bioinformatics/btk014",
      "the models seedscan reimplements: RNAduplex's duplex (duplex) and RNAplfold's\n"
      "unpaired probabilities (fold; the site-accessibility (SA) feature of targetscan context)",
      C_TARGETSCAN | C_DUPLEX | C_FOLD },
    { "Turner 2004 parameters",
      "Mathews DH, Disney MD, Childs JL, Schroeder SJ, Zuker M, Turner DH. Incorporating chemical\n"
      "modification constraints into a dynamic programming algorithm for prediction of RNA\n"
      "secondary structure. Proc Natl Acad Sci USA 2004;101(19):7287-7292.\n"
      "doi:10.1073/pnas.0401799101\n"
      "Turner DH, Mathews DH. NNDB: the nearest neighbor parameter database for predicting\n"
      "stability of nucleic acid secondary structure. Nucleic Acids Res. 2010;38:D280-D282.\n"
      "doi:10.1093/nar/gkp892",
      "the RNA energy parameters (refs/thermo/turner2004.par, ViennaRNA's defaults) of duplex\n"
      "energies and accessibilities (duplex, fold, targetscan context)",
      C_TARGETSCAN | C_DUPLEX | C_FOLD },
    { "Sylamer",
      "van Dongen S, Abreu-Goodger C, Enright AJ. Detecting microRNA binding and siRNA off-target\n"
      "effects from expression data. Nat Methods 2008;5(12):1023-1025. doi:10.1038/nmeth.1267",
      "word-enrichment landscapes over a ranked gene list (landscape)",
      C_LANDSCAPE },
    { "McGeary 2019",
      "McGeary SE, Lin KS, Shi CY, Pham TM, Bisaria N, Kelley GM, Bartel DP. The biochemical basis\n"
      "of microRNA targeting efficacy. Science 2019;366(6472):eaav1741. doi:10.1126/science.aav1741",
      "fold changes from a matrix of transfections (--matrix: a sample against the mean\n"
      "of the others)",
      C_EXPR | C_LANDSCAPE },
    { "resistance panel",
      "Molodtsova D, Guryev DV, Osipov AN. Composition of conditioned media from radioresistant and\n"
      "chemoresistant cancer cells reveals miRNA and other secretory factors implicated in the\n"
      "development of resistance. Int J Mol Sci. 2023;24(22):16498. doi:10.3390/ijms242216498",
      "the curated resistance panel (refs/resistance_panel.tsv): panel, and the default\n"
      "miRNA set of scan, expr and variants (without -m or --mirna)",
      C_SCAN | C_EXPR | C_PANEL | C_VARIANTS },
    { "HTSlib",
      "Bonfield JK, Marshall J, Danecek P, Li H, Ohan V, Whitwham A, Keane T, Davies RM. HTSlib:\n"
      "C library for reading/writing high-throughput sequencing data. GigaScience 2021;10(2):giab007.\n"
      "doi:10.1093/gigascience/giab007",
      "compressed input and output (gzip, BGZF) and FASTA indexes (.fai, .gzi)",
      C_SCAN | C_INDEX | C_MERGE | C_EXPR | C_LANDSCAPE | C_PANEL | C_TARGETSCAN | C_UTR |
      C_DUPLEX | C_FOLD | C_VARIANTS },
};
#define NREFS ((int)(sizeof refs / sizeof refs[0]))

static void usage(FILE *fp)
{
    fprintf(fp,
"Usage: seedscan cite [CMD]\n"
"What to cite for the data and methods seedscan uses: with CMD, those that `seedscan CMD`\n"
"uses; without, all of them. CMD: scan, index, merge, expr, landscape, panel, targetscan,\n"
"utr, duplex, fold, variants.\n\n"
"Example: seedscan cite landscape\n");
}

static void print_ref(const citation_t *c, int with_users)
{
    printf("[%s]\n%s\n  used for: ", c->key, c->ref);
    for (const char *p = c->what; *p; p++) {
        putchar(*p);
        if (*p == '\n') fputs("  ", stdout);
    }
    putchar('\n');
    if (with_users) {
        const char *sep = "  used by: seedscan ";
        for (int i = 0; i < NCMDS; i++)
            if (c->used_by & cmds[i].bit) printf("%s%s", sep, cmds[i].name), sep = ", ";
        putchar('\n');
    }
    putchar('\n');
}

int main_cite(int argc, char *argv[])
{
    unsigned want = ~0u;
    int i;
    if (argc > 1 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) return usage(stdout), 0;
    if (argc > 2) return cli_error("cite", "one command at most"), usage(stderr), 1;
    if (argc == 2 && argv[1][0] == '-') {
        cli_error("cite", "invalid option '%s'", argv[1]);
        return usage(stderr), 1;
    }
    if (argc == 2) {
        for (i = 0; i < NCMDS && strcmp(argv[1], cmds[i].name); i++) {}
        if (i == NCMDS) {
            cli_error("cite", "unknown command '%s' (one of scan, index, merge, expr, landscape, "
                      "panel, targetscan, utr, duplex, fold, variants)", argv[1]);
            return 1;
        }
        want = cmds[i].bit;
        printf("seedscan %s uses the data and methods of these publications; please cite them\n"
               "with seedscan %s.\n\n", argv[1], SSC_VERSION);
    } else {
        printf("seedscan %s: the publications behind its data and methods (`seedscan cite CMD`\n"
               "lists those of one command).\n\n", SSC_VERSION);
    }
    for (i = 0; i < NREFS; i++)
        if (refs[i].used_by & want) print_ref(&refs[i], argc < 2);
    if (fflush(stdout) != 0 || ferror(stdout)) return cli_error("cite", "writing stdout failed"), 1;
    return 0;
}
