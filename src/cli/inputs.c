/* inputs.c: inputs that parse but cannot be what the user meant, caught before they give a silent wrong answer. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <sys/stat.h>
#include <zlib.h>
#include "cli/cli.h"
#include "cli/inputs.h"
#include "io/io.h"

/* What the first records of a FASTA file look like. */
#define SNIFF_BASES (1 << 20)
#define SNIFF_LETTERS 4096 /* letters per record looked at for the alphabet */

int cli_is_regular(const char *path)
{
    struct stat st;
    return strcmp(path, "-") != 0 && stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* miRBase names mature miRNAs miR-, precursors mir-; let-7, lin-4 and bantam have no mir. */
static int mirna_like(const char *name)
{
    return strcasestr(name, "mir-") || strcasestr(name, "let-7") || strcasestr(name, "lin-4") ||
           strcasestr(name, "bantam");
}

static int precursor_like(const char *name, const char *comment)
{
    return strstr(name, "-mir-") || strstr(name, "-let-7") || strstr(name, "-lin-4") ||
           strstr(comment, "stem-loop") || strstr(comment, "hairpin");
}

/* Percentage of A, C, G, T, U, N among the first letters of seq; -1 when too few letters. */
static int nucleotide_pct(const char *seq, int64_t len)
{
    int64_t letters = 0, nuc = 0;
    for (int64_t i = 0; i < len && letters < SNIFF_LETTERS; i++) {
        int c = seq[i] | 0x20;
        if (c < 'a' || c > 'z') continue;
        letters++;
        nuc += c == 'a' || c == 'c' || c == 'g' || c == 't' || c == 'u' || c == 'n';
    }
    return letters < 20 ? -1 : (int)(100 * nuc / letters);
}

static void sniff_length(cli_sniff_t *sn, const ssc_rec_t *rec, const char *name)
{
    int64_t len = rec->pos + rec->len;
    if (rec->last && (sn->min_len < 0 || len < sn->min_len)) sn->min_len = len;
    if (len <= sn->max_len) return;
    sn->max_len = len;
    snprintf(sn->longest, sizeof sn->longest, "%s", name);
}

static void sniff_record(cli_sniff_t *sn, const ssc_rec_t *rec)
{
    int pct;
    sn->nrec++;
    if (mirna_like(rec->name) && sn->n_mirname++ == 0)
        snprintf(sn->mirname, sizeof sn->mirname, "%s", rec->name);
    pct = nucleotide_pct(rec->seq, rec->len);
    if (pct >= 0 && pct < 50 && !sn->odd[0]) {
        snprintf(sn->odd, sizeof sn->odd, "%s", rec->name);
        sn->odd_pct = pct;
    }
    sniff_length(sn, rec, rec->name);
    if (sn->max_len == rec->pos + rec->len) sn->longest_pre = precursor_like(rec->name, rec->comment);
}

void cli_sniff_init(cli_sniff_t *sn)
{
    memset(sn, 0, sizeof *sn);
    sn->min_len = -1;
    sn->complete = 1;
}

void cli_sniff_rec(cli_sniff_t *sn, const ssc_rec_t *rec)
{
    if (rec->pos > 0) {
        if (sn->cur[0]) sniff_length(sn, rec, sn->cur);
    } else if (sn->nrec == CLI_SNIFF_RECORDS) {
        sn->complete = 0;
        sn->cur[0] = 0; /* its pieces are not looked at either */
    } else {
        sniff_record(sn, rec);
        snprintf(sn->cur, sizeof sn->cur, "%s", rec->name);
    }
}

/* ---- stdin: its head read once, looked at, and handed on ---- */

/* stdin is read once: to look at it, its first bytes are read here and then
 * put back in front of the rest. A regular file (< file) is rewound; a pipe is
 * replaced by a new pipe that a child process fills with the head and then
 * the rest of the old one, so the command still streams. */
#define HEAD_MAX (1 << 20)
static struct {
    int done;       /* read (or tried) */
    char *text;     /* the head as text: decompressed, cut after its last whole line */
    size_t len;
    int complete;   /* the head is the whole input */
} head;

static ssize_t read_full(int fd, char *buf, size_t n)
{
    size_t got = 0;
    while (got < n) {
        ssize_t r = read(fd, buf + got, n - got);
        if (r < 0 && errno == EINTR) continue;
        if (r < 0) return -1;
        if (r == 0) break;
        got += (size_t)r;
    }
    return (ssize_t)got;
}

static int write_full(int fd, const char *buf, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, buf, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return -1;
        buf += w;
        n -= (size_t)w;
    }
    return 0;
}

/* fd 0 reads raw[0..n) and then what followed it; 0, or -1 (stdin is then unusable). */
static int put_back(off_t start, char *raw, size_t n, int eof)
{
    static char buf[1 << 16];
    int p[2], old;
    pid_t pid;
    if (start >= 0 && lseek(0, start, SEEK_SET) == start) return 0; /* a regular file */
    if ((old = dup(0)) < 0 || pipe(p) < 0) return -1;
    if ((pid = fork()) < 0) return -1;
    if (pid == 0) { /* the child: head, then the rest; a reader gone ends it (SIGPIPE) */
        ssize_t r = 0;
        close(p[0]);
        close(0);
        close(1); /* a reader of our output must not wait for this copy to end */
        close(2);
        if (write_full(p[1], raw, n) == 0)
            while (!eof && (r = read(old, buf, sizeof buf)) != 0)
                if ((r < 0 && errno != EINTR) || (r > 0 && write_full(p[1], buf, (size_t)r) < 0)) break;
        free(raw); /* the parent's, but a leak checker follows the child too */
        _exit(r < 0);
    }
    close(p[1]);
    close(old);
    if (dup2(p[0], 0) < 0) return -1;
    close(p[0]);
    return 0;
}

/* gzip (and BGZF, a series of gzip members) decompressed as far as raw goes. */
static void inflate_head(const char *raw, size_t n, int eof)
{
    z_stream z;
    int ret = Z_OK;
    memset(&z, 0, sizeof z);
    if (!(head.text = malloc(HEAD_MAX + 1)) || inflateInit2(&z, 15 + 32) != Z_OK) return;
    z.next_in = (Bytef *)raw;
    z.avail_in = (uInt)n;
    z.next_out = (Bytef *)head.text;
    z.avail_out = HEAD_MAX;
    while (z.avail_out > 0 && (ret = inflate(&z, Z_NO_FLUSH)) == Z_STREAM_END && z.avail_in > 0)
        inflateReset(&z);
    head.len = HEAD_MAX - z.avail_out;
    head.complete = eof && ret == Z_STREAM_END && z.avail_in == 0;
    inflateEnd(&z);
}

/* stdin's head, read once; NULL when stdin could not be read or put back. */
static const char *stdin_head(size_t *len, int *complete)
{
    if (!head.done) {
        off_t start = lseek(0, 0, SEEK_CUR); /* -1 for a pipe */
        char *raw = malloc(HEAD_MAX);
        ssize_t n = raw ? read_full(0, raw, HEAD_MAX) : -1;
        int eof = n >= 0 && n < HEAD_MAX;
        head.done = 1;
        if (n < 0 || put_back(start, raw, (size_t)n, eof) < 0) {
            free(raw);
            return NULL;
        }
        if (n >= 2 && (uint8_t)raw[0] == 0x1f && (uint8_t)raw[1] == 0x8b) {
            inflate_head(raw, (size_t)n, eof);
            free(raw);
        } else {
            head.text = raw;
            head.len = (size_t)n;
            head.complete = eof;
        }
        if (!head.text) return NULL;
        if (!head.complete) /* the last line may be cut */
            while (head.len > 0 && head.text[head.len - 1] != '\n') head.len--;
    }
    *len = head.len;
    *complete = head.complete;
    return head.text;
}

/* The first len bytes of stdin's head as a name the readers open (an RFC 2397 data: URL, which
 * htslib reads from memory; NUL bytes end it, as they end a line for the readers). */
static char *head_url(const char *text, size_t len)
{
    kstring_t u = { 0, 0, NULL };
    kputs("data:,", &u);
    kputsn(text, len, &u);
    return u.s;
}

/* What a check opens for path: the file itself when regular, stdin's head as
 * a data: URL for "-" (*partial set when that is not the whole input), else
 * NULL (a FIFO or device is read once, by the command). Free with free(). */
static char *check_source(const char *path, int *partial)
{
    size_t len;
    int complete;
    const char *text;
    *partial = 0;
    if (strcmp(path, "-") != 0) return cli_is_regular(path) ? strdup(path) : NULL;
    if (!(text = stdin_head(&len, &complete))) return NULL;
    *partial = !complete;
    return head_url(text, len);
}

/* stdin feeds one input; the second to ask for it gets an error naming the first. */
static const char *stdin_taken;

static int claim_stdin(const char *cmd, const char *path, const char *what)
{
    if (strcmp(path, "-") != 0) return 0;
    if (stdin_taken) {
        cli_error(cmd, "stdin ('-') is read once and is already the %s: give the %s as a file", stdin_taken, what);
        return -1;
    }
    stdin_taken = what;
    return 0;
}

static const char *shown(const char *path)
{
    return strcmp(path, "-") ? path : "stdin";
}

/* The first records of a regular FASTA file, or of stdin ("-") when peek is set; -1 when it is
 * not one (or unreadable). */
static int sniff_fasta(const char *path, int peek, cli_sniff_t *sn)
{
    ssc_reader_t *r = NULL;
    ssc_batch_t b;
    int64_t bases = 0;
    int n = 0, partial = 0;
    char *src = !peek && strcmp(path, "-") == 0 ? NULL : check_source(path, &partial), *cut;
    cli_sniff_init(sn);
    /* a head that is not the whole input ends inside a record: that one is left out */
    if (src && partial && (cut = strstr(src, ",")) && (cut = strrchr(cut, '>')) && cut[-1] == '\n') *cut = 0;
    if (!src || !(r = ssc_reader_open(src, 1))) {
        free(src);
        return -1;
    }
    ssc_reader_set_piece(r, 1 << 16);
    ssc_batch_init(&b);
    while (sn->nrec < CLI_SNIFF_RECORDS && bases < SNIFF_BASES && (n = ssc_reader_read(r, &b, 1 << 16)) > 0)
        for (int i = 0; i < b.n; i++) {
            bases += b.rec[i].len;
            cli_sniff_rec(sn, &b.rec[i]);
        }
    sn->complete = n == 0 && sn->complete && !partial;
    ssc_batch_free(&b);
    ssc_reader_close(r);
    free(src);
    return n < 0 && sn->nrec == 0 ? -1 : 0;
}

static int no_records(const char *cmd, const char *path, const char *what)
{
    cli_error(cmd, "%s: no FASTA records (an empty file?); %s", path, what);
    return -1;
}

static int not_nucleotides(const char *cmd, const char *path, const cli_sniff_t *sn, const char *what)
{
    cli_error(cmd, "%s: record '%s' is not a nucleotide sequence (%d%% of its letters are A, C, G, "
              "T/U or N): a protein FASTA? %s", path, sn->odd, sn->odd_pct, what);
    return -1;
}

int cli_check_mirfile(const char *cmd, const char *path)
{
    cli_sniff_t sn;
    if (sniff_fasta(path, 0, &sn) < 0) return 0;
    if (sn.nrec == 0 && sn.complete)
        return no_records(cmd, path, "-m takes mature miRNAs (miRBase mature.fa)");
    if (sn.odd[0]) return not_nucleotides(cmd, path, &sn, "-m takes mature miRNA sequences (miRBase mature.fa)");
    if (sn.max_len >= CLI_PRECURSOR_MIN && sn.longest_pre) {
        cli_error(cmd, "%s holds miRNA precursors (hairpins), not mature miRNAs: '%s' is %lld nt. "
                  "Give mature sequences with -m (miRBase mature.fa; refs/%s has the human ones), "
                  "or names with --mirna (e.g. --mirna hsa-miR-21-5p)", path, sn.longest,
                  (long long)sn.max_len, DEFAULT_MIRNA_FILE);
        return -1;
    }
    if (sn.max_len >= CLI_PRECURSOR_MIN) {
        cli_error(cmd, "%s does not look like miRNAs: '%s' is %lld nt (mature miRNAs are 18-28 nt). "
                  "Were the -m file and the UTR file swapped? -m takes the miRNAs, the 3'UTR "
                  "files come after the options", path, sn.longest, (long long)sn.max_len);
        return -1;
    }
    if (sn.max_len > CLI_MIRNA_MAX)
        cli_warn(cmd, "%s: '%s' is %lld nt, longer than a mature miRNA (18-28 nt); only its nt 1-8 "
                 "define sites. Is this the mature miRNA file?", path, sn.longest, (long long)sn.max_len);
    return 0;
}

static int check_target_file(const char *cmd, const char *path, int peek)
{
    cli_sniff_t sn;
    return sniff_fasta(path, peek, &sn) < 0 ? 0 : cli_check_sniffed_targets(cmd, shown(path), &sn);
}

int cli_check_sniffed_targets(const char *cmd, const char *path, const cli_sniff_t *sn)
{
    const char *all = sn->complete ? "its " : "its first ";
    if (sn->nrec == 0 && sn->complete && cli_is_regular(path))
        return no_records(cmd, path, "give 3'UTR (or other target) sequences");
    if (sn->nrec == 0 && sn->complete) {
        cli_warn(cmd, "%s: no FASTA records", path);
        return 0;
    }
    if (sn->odd[0]) return not_nucleotides(cmd, path, sn, "targets are nucleotide sequences (3'UTRs, DNA or RNA)");
    if (sn->nrec == 0 || sn->max_len > CLI_MIRNA_MAX) return 0;
    if (2 * sn->n_mirname > sn->nrec) {
        cli_error(cmd, "%s looks like miRNAs, not targets: %s%lld records are %lld-%lld nt and named "
                  "like miRNAs ('%s'). Give miRNAs with -m FILE (or --mirna NAMES) and the 3'UTR "
                  "sequences as UTR_FILE", path, all, (long long)sn->nrec, (long long)sn->min_len,
                  (long long)sn->max_len, sn->mirname);
        return -1;
    }
    cli_warn(cmd, "%s: %s%lld records are at most %d nt, short for 3'UTRs; if they are miRNAs, give "
             "them with -m FILE", path, sn->complete ? "all its " : all, (long long)sn->nrec, CLI_MIRNA_MAX);
    return 0;
}

int cli_check_targets(const char *cmd, char *const *files, int nfiles)
{
    for (int i = 0; i < nfiles; i++)
        if (check_target_file(cmd, files[i], 0) < 0) return -1;
    return 0;
}

int cli_check_targets_peek(const char *cmd, char *const *files, int nfiles)
{
    for (int i = 0; i < nfiles; i++)
        if (claim_stdin(cmd, files[i], "3'UTRs") < 0 || check_target_file(cmd, files[i], 1) < 0) return -1;
    return 0;
}

/* ---- expression tables ---- */

/* The first line that is not empty (and not a '#' comment) into line; 0 when there is none. */
static int first_line(ssc_lines_t *l, kstring_t *line)
{
    int ret;
    while ((ret = ssc_lines_next(l, line)) > 0 && (line->l == 0 || line->s[0] == '#')) {}
    return ret > 0;
}

static int one_field(const char *s)
{
    return !strpbrk(s, "\t, ;");
}

int cli_check_table(const char *cmd, const char *path, int ranked)
{
    kstring_t a = { 0, 0, NULL }, b = { 0, 0, NULL };
    int partial;
    if (claim_stdin(cmd, path, ranked ? "ranked ID list" : "expression table") < 0) return -1;
    char *src = check_source(path, &partial);
    ssc_lines_t *l = src ? ssc_lines_open(src, 1) : NULL;
    int ret = 0, has_a = l && first_line(l, &a), has_b = has_a && first_line(l, &b);
    const char *opt = ranked ? "--ranked" : "-e", *name = shown(path);
    if (l) ssc_lines_close(l);
    free(src);
    if (has_a && a.s[0] == '>') {
        cli_error(cmd, "%s is FASTA, not %s: give the table with %s TABLE and the 3'UTR FASTA files "
                  "after the options (seedscan %s %s TABLE UTR_FILE...)", name,
                  ranked ? "a ranked ID list" : "an expression table", opt, cmd, opt);
        ret = -1;
    } else if (has_a && !strchr(a.s, '\t') && strchr(a.s, ';')) {
        cli_error(cmd, "%s: fields separated by ';' (a CSV saved with a European locale?). seedscan reads "
                  "tab- or comma-separated tables with '.' decimals; convert it, e.g. "
                  "sed 's/,/./g; s/;/\\t/g' %s > table.tsv", name, strcmp(path, "-") ? path : "TABLE");
        ret = -1;
    } else if (!ranked && has_a && one_field(a.s) && (!has_b || one_field(b.s))) {
        if (strcmp(cmd, "landscape") == 0)
            cli_error(cmd, "%s has a single column ('%s'): -e takes an ID and a fold change per gene; "
                      "give a ranked ID list with --ranked %s instead", name, a.s, path);
        else
            cli_error(cmd, "%s has a single column ('%s'): %s needs an ID and a fold change per gene; "
                      "a ranked list of IDs goes to seedscan landscape --ranked FILE", name, a.s, cmd);
        ret = -1;
    }
    free(a.s);
    free(b.s);
    return ret;
}

void cli_table_inf_to_na(const char *cmd, ssc_exprtab_t *t, const char *path)
{
    kstring_t lines = { 0, 0, NULL };
    size_t n = 0;
    for (size_t r = 0; r < t->n; r++) {
        if (!isinf(t->value[r])) continue;
        if (n++ < 3) ksprintf(&lines, "%s%lld", n > 1 ? ", " : "", (long long)t->line[r]);
        t->value[r] = NAN;
        t->n_na++;
    }
    if (n)
        cli_warn(cmd, "%s: %zu fold change%s Inf or -Inf (line%s %s%s): taken as NA. A gene with no "
                 "reads in one condition has no finite fold change; shrunken estimates (DESeq2 "
                 "lfcShrink) are finite", path, n, n > 1 ? "s are" : " is", n > 1 ? "s" : "", lines.s,
                 n > 3 ? ", ..." : "");
    free(lines.s);
}

/* ---- joins ---- */

/* The names of the first records of a FASTA file, joined by ", "; their number. */
static int first_names(kstring_t *s, const char *path)
{
    ssc_reader_t *r = cli_is_regular(path) ? ssc_reader_open(path, 1) : NULL;
    ssc_batch_t b;
    int k = 0;
    if (!r) return 0;
    ssc_batch_init(&b);
    ssc_reader_set_piece(r, 1 << 16);
    while (k < 3 && ssc_reader_read(r, &b, 1) > 0)
        for (int j = 0; j < b.n && k < 3; j++)
            if (b.rec[j].pos == 0) ksprintf(s, "%s'%s'", k++ ? ", " : "", b.rec[j].name);
    ssc_batch_free(&b);
    ssc_reader_close(r);
    return k;
}

void cli_join_error(const char *cmd, const ssc_exprtab_t *t, const char *table, size_t matched,
                    double frac, double min_match, char *const *files, int nfiles)
{
    kstring_t ids = { 0, 0, NULL }, tg = { 0, 0, NULL };
    const char *from = NULL;
    for (size_t r = 0; r < t->n && r < 3; r++) ksprintf(&ids, "%s'%s'", r ? ", " : "", t->id[r]);
    for (int i = 0; i < nfiles && !from; i++)
        if (first_names(&tg, files[i])) from = files[i];
    cli_error(cmd, "only %zu rows of %s matched a target (%.1f%% < --min-match %.0f%%)%s", matched, table,
              100 * frac, 100 * min_match, matched ? "" : ": no ID in common");
    fprintf(stderr, "  IDs in %s (column '%s'): %s\n", table, t->id_name ? t->id_name : "?", ids.s ? ids.s : "none");
    if (from) fprintf(stderr, "  IDs in %s: %s\n", from, tg.s);
    fprintf(stderr, "  Check the ID column (--id-col), versions (--keep-version), or give --id-map FILE "
                    "to map one kind of ID to the other\n");
    free(ids.s);
    free(tg.s);
}
