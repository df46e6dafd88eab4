/* cmd_merge.c: `seedscan merge`, join `scan --shard` outputs into the single run's output. */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <htslib/bgzf.h>
#include "cli/cli.h"
#include "cli/commands.h"
#include "io/io.h"

typedef struct {
    const char *path;
    int i, n;
    char *rest;      /* version and command, as written by scan */
} shard_in_t;

static void usage(FILE *fp)
{
    fprintf(fp,
"Usage: seedscan merge [-o FILE] [-t INT] [--level INT] SHARD_FILE...\n"
"Join the outputs of `seedscan scan --shard I/N` (plain or BGZF, in any order) into the\n"
"output of the single run: one header, records in input order. Refuses shards of another\n"
"command line or version, duplicates and missing shards. In TargetScan site tables\n"
"(scan --format targetscan) Group_num counts on from shard to shard, as in the single run.\n\n"
"  -o, --output FILE   write to FILE (BGZF when it ends in .gz) [stdout]\n"
"  -t, --threads INT   threads compressing -o FILE.gz [1]\n"
"      --level INT     compression level of -o FILE.gz, 0-9 [6]\n"
"  -h, --help          this help\n\n"
"Example: for i in 1 2; do seedscan scan -s --shard $i/2 -o p$i.tsv refs/hsa_3utr_collected.fa; done; \\\n"
"           seedscan merge -o summary.tsv p1.tsv p2.tsv\n");
}

/* "#seedscan-shard<TAB>I/N<TAB>version<TAB>command" */
static int read_provenance(shard_in_t *sh, kstring_t *line)
{
    ssc_lines_t *l = ssc_lines_open(sh->path, 1);
    int ret;
    char *t1, *t2;
    if (!l) {
        cli_error("merge", "%s: %s", sh->path, strerror(errno));
        return -1;
    }
    ret = ssc_lines_next(l, line);
    ssc_lines_close(l);
    if (ret <= 0 || strncmp(line->s, "#seedscan-shard\t", 16) != 0 || !(t1 = strchr(line->s + 16, '\t')) ||
        sscanf(line->s + 16, "%d/%d", &sh->i, &sh->n) != 2 || sh->n < 1 || sh->i < 1 || sh->i > sh->n) {
        cli_error("merge", "%s:1: not the output of `seedscan scan --shard` (no #seedscan-shard line)", sh->path);
        return -1;
    }
    t2 = t1 + 1;
    sh->rest = strdup(t2);
    return sh->rest ? 0 : -1;
}

static int cmp_shard(const void *a, const void *b)
{
    return ((const shard_in_t *)a)->i - ((const shard_in_t *)b)->i;
}

static int check_set(shard_in_t *sh, int n)
{
    qsort(sh, (size_t)n, sizeof *sh, cmp_shard);
    for (int k = 0; k < n; k++) {
        if (sh[k].n != sh[0].n || strcmp(sh[k].rest, sh[0].rest) != 0) {
            cli_error("merge", "%s and %s come from different command lines or versions", sh[0].path, sh[k].path);
            return -1;
        }
        if (k && sh[k].i == sh[k - 1].i) {
            cli_error("merge", "%s and %s are both shard %d/%d", sh[k - 1].path, sh[k].path, sh[k].i, sh[k].n);
            return -1;
        }
    }
    if (n != sh[0].n) {
        int want = 1;
        for (int k = 0; k < n && sh[k].i == want; k++) want++;
        cli_error("merge", "shard %d/%d is missing", want, sh[0].n);
        return -1;
    }
    return 0;
}

#define TS_HEADER_START "a_Gene_ID\t" /* scan --format targetscan's site table */

/* The rows of a TargetScan site table shard: Group_num (column 8) counts on
 * from the shards before (*base groups); *base grows by this shard's largest. */
static int copy_ts_rows(BGZF *fp, ssc_out_t *out, kstring_t *line, long *base, const char **why)
{
    long top = 0;
    int ret = 0;
    ssize_t n;
    kstring_t o = { 0, 0, NULL };
    while (ret == 0 && (n = bgzf_getline(fp, '\n', line)) >= 0) {
        char *c = line->s, *end;
        for (int k = 0; k < 7 && c; k++) c = (c = strchr(c, '\t')) ? c + 1 : NULL;
        long g = c ? strtol(c, &end, 10) : -1;
        if (!c || end == c || *end != '\t' || g < 1) {
            *why = "a row without a Group_num in column 8", ret = SSC_EFORMAT;
            break;
        }
        if (g > top) top = g;
        o.l = 0;
        kputsn(line->s, (size_t)(c - line->s), &o);
        kputl(*base + g, &o);
        kputs(end, &o);
        if (kputc('\n', &o) < 0) ret = SSC_ENOMEM, *why = "out of memory";
        else if ((ret = ssc_out_write(out, o.s, o.l)) < 0) *why = NULL;
    }
    if (ret == 0 && n < -1) ret = SSC_EIO;
    *base += top;
    free(o.s);
    return ret;
}

/* Copy one shard without its provenance line, and without the header line
 * when an earlier shard gave it; the rest is copied in blocks (a TargetScan
 * site table line by line, see copy_ts_rows). Returns 0, or a negative code
 * with *why set: NULL when writing the output failed (errno says why), else
 * what is wrong with the shard. */
static int copy_shard(const shard_in_t *sh, ssc_out_t *out, kstring_t *header, kstring_t *line,
                      long *group_base, const char **why)
{
    int ts = 0;
    BGZF *fp = bgzf_open(sh->path, "r");
    char buf[1 << 16];
    ssize_t n;
    int ret = 0;
    *why = "read error (truncated or corrupt file?)";
    if (!fp) return *why = strerror(errno), SSC_EIO;
    if (bgzf_getline(fp, '\n', line) < 0) ret = SSC_EIO; /* provenance */
    else if ((n = bgzf_getline(fp, '\n', line)) < -1) ret = SSC_EIO;
    else if (n >= 0) {
        ts = strncmp(line->s, TS_HEADER_START, strlen(TS_HEADER_START)) == 0;
        int is_header = strncmp(line->s, "target\t", 7) == 0 || ts;
        if (is_header && header->l) {
            if (strcmp(header->s, line->s) != 0)
                *why = "its header differs from the first shard's", ret = SSC_EFORMAT;
        } else {
            if (is_header) kputs(line->s, header);
            kputc('\n', line);
            if ((ret = ssc_out_write(out, line->s, line->l)) < 0) *why = NULL;
        }
    }
    if (ts && ret == 0) ret = copy_ts_rows(fp, out, line, group_base, why);
    while (!ts && ret == 0 && (n = bgzf_read(fp, buf, sizeof buf)) > 0)
        if ((ret = ssc_out_write(out, buf, (size_t)n)) < 0) *why = NULL;
    if (!ts && ret == 0 && n < 0) ret = SSC_EIO;
    if (ret == 0 && ssc_bgzf_eof_missing(fp))
        *why = "BGZF EOF marker missing: the file is truncated", ret = SSC_EIO;
    if (bgzf_close(fp) < 0 && ret == 0) ret = SSC_EIO;
    return ret;
}

int main_merge(int argc, char *argv[])
{
    static const struct option lopts[] = {
        { "output", required_argument, NULL, 'o' },
        { "threads", required_argument, NULL, 't' },
        { "level", required_argument, NULL, CLI_OPT_LEVEL },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 }
    };
    const char *outpath = NULL;
    kstring_t line = { 0, 0, NULL }, header = { 0, 0, NULL };
    shard_in_t *sh = NULL;
    ssc_out_t *out = NULL;
    int c, n, status = 1, nthreads = 1, level = SSC_OUT_LEVEL_DEFAULT;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":o:t:h", lopts, NULL)) != -1) {
        if (c == 'o') outpath = optarg;
        else if (c == 't') {
            if (cli_parse_int(optarg, 1, 256, &nthreads) < 0) {
                cli_error("merge", "--threads: '%s' is not an integer from 1 to 256", optarg);
                return 1;
            }
        } else if (c == CLI_OPT_LEVEL) {
            if (cli_parse_level("merge", optarg, &level) < 0) return 1;
        } else if (c == 'h') {
            usage(stdout);
            return 0;
        } else {
            cli_bad_option("merge", argv, c, "seedscan merge [-o FILE] SHARD_FILE...");
            return 1;
        }
    }
    if ((n = argc - optind) < 1) {
        usage(stderr);
        return 1;
    }
    if (cli_output_is_input("merge", outpath, argc, argv)) return 1;
    if (!(sh = calloc((size_t)n, sizeof *sh))) goto out;
    for (int k = 0; k < n; k++) {
        sh[k].path = argv[optind + k];
        if (read_provenance(&sh[k], &line) < 0) goto out;
    }
    if (check_set(sh, n) < 0) goto out;
    if (!(out = ssc_out_open_level(outpath, nthreads, level))) {
        cli_error("merge", "cannot create %s: %s", outpath, strerror(errno));
        goto out;
    }
    long groups = 0;
    for (int k = 0; k < n; k++) {
        const char *why;
        if (copy_shard(&sh[k], out, &header, &line, &groups, &why) < 0) {
            if (why) cli_error("merge", "%s: %s", sh[k].path, why);
            else cli_error("merge", "writing %s: %s", outpath ? outpath : "stdout", strerror(errno));
            ssc_out_close(out, 0);
            out = NULL;
            goto out;
        }
    }
    if (ssc_out_close(out, 1) < 0) cli_error("merge", "writing %s: %s", outpath ? outpath : "stdout", strerror(errno));
    else status = 0;
    out = NULL;
out:
    for (int k = 0; sh && k < n; k++) free(sh[k].rest);
    free(sh);
    free(line.s);
    free(header.s);
    return status;
}
