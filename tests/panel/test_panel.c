/* test_panel.c: the resistance panel (refs/resistance_panel*.tsv, panel_target_utrs.fa) against miRBase 22. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Self-contained on purpose: the files are parsed here with plain C, not with the library's
 * mirset reader, so that a bug there cannot hide a bug in the data (and vice versa). */

#define PANEL "refs/resistance_panel.tsv"
#define UNMAPPED "refs/resistance_panel.unmapped.tsv"
#define MIRBASE "refs/hsa_mature.v22.fa"
#define UTRS "refs/panel_target_utrs.fa"

#define MAXF 24   /* fields per TSV line */
#define MAXL 64   /* items in a ';'-separated list */
#define ITEM 128  /* bytes per list item */

/* ---- a TSV file split in place: rows[0] is the header ---- */

typedef struct {
    int nf;
    char *f[MAXF];
} row_t;

typedef struct {
    char *buf;
    size_t n;
    row_t *rows;
} table_t;

static char *slurp(const char *path)
{
    FILE *fp = fopen(path, "rb");
    char *buf = NULL;
    long len;
    if (!fp) return NULL;
    if (fseek(fp, 0, SEEK_END) || (len = ftell(fp)) < 0 || fseek(fp, 0, SEEK_SET)) goto out;
    if (!(buf = malloc((size_t)len + 1))) goto out;
    if (fread(buf, 1, (size_t)len, fp) != (size_t)len) {
        free(buf);
        buf = NULL;
        goto out;
    }
    buf[len] = '\0';
out:
    fclose(fp);
    return buf;
}

static void split_row(char *line, row_t *r)
{
    char *p = line;
    r->nf = 0;
    for (;;) {
        char *tab = strchr(p, '\t');
        if (r->nf < MAXF) r->f[r->nf] = p;
        r->nf++;
        if (!tab) break;
        *tab = '\0';
        p = tab + 1;
    }
}

static int table_load(const char *path, table_t *t)
{
    size_t cap = 0;
    char *p;
    memset(t, 0, sizeof *t);
    if (!(t->buf = slurp(path))) return -1;
    for (p = t->buf; *p; p++) cap += *p == '\n';
    if (!(t->rows = calloc(cap + 1, sizeof(row_t)))) return -1;
    for (p = t->buf; *p;) {
        char *nl = strchr(p, '\n');
        if (!nl) return -1; /* every line, the last one too, ends in '\n' */
        *nl = '\0';
        split_row(p, &t->rows[t->n++]);
        p = nl + 1;
    }
    return t->n ? 0 : -1;
}

static void table_free(table_t *t)
{
    free(t->rows);
    free(t->buf);
}

/* column index by header name, -1 if absent */
static int col(const table_t *t, const char *name)
{
    for (int i = 0; i < t->rows[0].nf && i < MAXF; i++)
        if (!strcmp(t->rows[0].f[i], name)) return i;
    return -1;
}

/* ---- ';'-separated lists ---- */

typedef struct {
    int n;
    char item[MAXL][ITEM];
} list_t;

static int list_split(const char *s, char sep, list_t *l)
{
    l->n = 0;
    if (!*s) return 0;
    for (;;) {
        const char *end = strchr(s, sep);
        size_t len = end ? (size_t)(end - s) : strlen(s);
        if (l->n == MAXL || len == 0 || len >= ITEM) return -1;
        memcpy(l->item[l->n], s, len);
        l->item[l->n++][len] = '\0';
        if (!end) return 0;
        s = end + 1;
    }
}

static int list_has(const list_t *l, const char *s)
{
    for (int i = 0; i < l->n; i++)
        if (!strcmp(l->item[i], s)) return 1;
    return 0;
}

static int list_has_dup(const list_t *l)
{
    for (int i = 0; i < l->n; i++)
        for (int j = i + 1; j < l->n; j++)
            if (!strcmp(l->item[i], l->item[j])) return 1;
    return 0;
}

/* the same items, in any order, each once */
static int list_same_set(const list_t *a, const list_t *b)
{
    if (a->n != b->n || list_has_dup(a) || list_has_dup(b)) return 0;
    for (int i = 0; i < a->n; i++)
        if (!list_has(b, a->item[i])) return 0;
    return 1;
}

/* ---- miRBase 22 human mature miRNAs ---- */

typedef struct {
    char id[48], acc[16], seq[40];
} mir_t;

typedef struct {
    mir_t *m;
    size_t n;
} mirbase_t;

static int parse_header(char *line, mir_t *m)
{
    return sscanf(line, ">%47s %15s", m->id, m->acc) == 2 ? 0 : -1;
}

static int mirbase_load(const char *path, mirbase_t *mb)
{
    char line[512];
    size_t cap = 4096;
    FILE *fp = fopen(path, "r");
    mb->n = 0;
    if (!fp || !(mb->m = calloc(cap, sizeof(mir_t)))) return -1;
    while (fgets(line, sizeof line, fp)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (line[0] == '>') {
            if (mb->n == cap || parse_header(line, &mb->m[mb->n++])) break;
        } else if (mb->n && strlen(mb->m[mb->n - 1].seq) + strlen(line) < sizeof mb->m[0].seq) {
            strcat(mb->m[mb->n - 1].seq, line);
        } else {
            break; /* sequence before a header, or too long for a mature miRNA */
        }
    }
    int ok = feof(fp) && mb->n > 0;
    fclose(fp);
    return ok ? 0 : -1;
}

static const mir_t *mirbase_find(const mirbase_t *mb, const char *id)
{
    for (size_t i = 0; i < mb->n; i++)
        if (!strcmp(mb->m[i].id, id)) return &mb->m[i];
    return NULL;
}

/* ---- fixture ---- */

typedef struct {
    table_t panel, unmapped;
    mirbase_t mb;
} fix_t;

static int setup(void **state)
{
    fix_t *x = calloc(1, sizeof *x);
    if (!x) return -1;
    *state = x;
    if (table_load(PANEL, &x->panel)) return -1;
    if (table_load(UNMAPPED, &x->unmapped)) return -1;
    return mirbase_load(MIRBASE, &x->mb);
}

static int teardown(void **state)
{
    fix_t *x = *state;
    if (!x) return 0;
    table_free(&x->panel);
    table_free(&x->unmapped);
    free(x->mb.m);
    free(x);
    return 0;
}

static const char *PANEL_COLS[] = {
    "review_name", "mirbase_id", "accession", "sequence", "seed", "arm_rule", "resistance",
    "compartment", "cancer", "review_refs", "targets", "review_section", "table2_n_refs",
    "resistance_evidence", "target_evidence", "notes"};
#define NCOLS ((int)(sizeof PANEL_COLS / sizeof PANEL_COLS[0]))

/* columns that may be empty; all others are required */
static int optional_col(const char *name)
{
    return !strcmp(name, "targets") || !strcmp(name, "table2_n_refs") ||
           !strcmp(name, "target_evidence") || !strcmp(name, "notes");
}

/* field of data row i (1-based, row 0 is the header) in column `name` */
static const char *cell(const table_t *t, size_t i, const char *name)
{
    int c = col(t, name);
    assert_true(c >= 0);
    return t->rows[i].f[c];
}

/* ---- vocabularies (documented in refs/resistance_panel.README.md) ---- */

static const char *ARM_RULES[] = {"named-arm", "single-mature", "both-arms", "all-paralogs", NULL};
static const char *RESISTANCE[] = {
    "radiation", "cisplatin", "docetaxel", "paclitaxel", "pemetrexed", "5-FU", "vincristine",
    "gemcitabine", "doxorubicin", "matrine", "MDR", "EGFR-TKI", "ALK-TKI", "TKI",
    "unspecified-drug", NULL};
static const char *COMPARTMENTS[] = {"secretory", "intracellular", "both", NULL};
static const char *CANCERS[] = {"NSCLC", "oral-SCC", "prostate", "melanoma", "pancreatic",
                                "breast", NULL};
static const char *SECTIONS[] = {"sec2.2", "table1", "sec2.5", "sec3", "sec3.1", "table2", NULL};
static const char *REASONS[] = {"not-human", "not-in-mirbase22", NULL};

static int in_vocab(const char *const *v, const char *s)
{
    for (; *v; v++)
        if (!strcmp(*v, s)) return 1;
    return 0;
}

static void assert_list_in_vocab(const char *field, const char *const *v)
{
    list_t l;
    assert_int_equal(list_split(field, ';', &l), 0);
    assert_true(l.n > 0);
    assert_false(list_has_dup(&l));
    for (int i = 0; i < l.n; i++) {
        if (!in_vocab(v, l.item[i])) fail_msg("'%s' is not in the vocabulary", l.item[i]);
    }
}

/* ---- the panel table ---- */

static void panel__header__names_the_documented_columns(void **state)
{
    const table_t *t = &((fix_t *)*state)->panel;
    assert_int_equal(t->rows[0].nf, NCOLS);
    for (int i = 0; i < NCOLS; i++) assert_string_equal(t->rows[0].f[i], PANEL_COLS[i]);
    assert_true(t->n > 1);
}

static void panel__every_row__has_every_column_and_the_required_ones_filled(void **state)
{
    const table_t *t = &((fix_t *)*state)->panel;
    for (size_t i = 1; i < t->n; i++) {
        if (t->rows[i].nf != NCOLS) fail_msg("line %zu has %d fields", i + 1, t->rows[i].nf);
        for (int c = 0; c < NCOLS; c++) {
            if (!optional_col(PANEL_COLS[c]) && !*t->rows[i].f[c])
                fail_msg("line %zu: %s is empty", i + 1, PANEL_COLS[c]);
            if (strchr(t->rows[i].f[c], '\r')) fail_msg("line %zu: carriage return", i + 1);
        }
    }
}

static void panel__ids_and_accessions__are_unique(void **state)
{
    const table_t *t = &((fix_t *)*state)->panel;
    for (size_t i = 1; i < t->n; i++)
        for (size_t j = i + 1; j < t->n; j++) {
            if (!strcmp(cell(t, i, "mirbase_id"), cell(t, j, "mirbase_id")))
                fail_msg("%s appears twice", cell(t, i, "mirbase_id"));
            if (!strcmp(cell(t, i, "accession"), cell(t, j, "accession")))
                fail_msg("%s appears twice", cell(t, i, "accession"));
        }
}

static void panel__every_id__is_a_human_mirbase22_entry_with_its_accession(void **state)
{
    const fix_t *x = *state;
    for (size_t i = 1; i < x->panel.n; i++) {
        const char *id = cell(&x->panel, i, "mirbase_id");
        const mir_t *m = mirbase_find(&x->mb, id);
        if (!m) fail_msg("%s is not in %s", id, MIRBASE);
        assert_string_equal(cell(&x->panel, i, "accession"), m->acc);
    }
}

static void panel__every_sequence__matches_mirbase22(void **state)
{
    const fix_t *x = *state;
    for (size_t i = 1; i < x->panel.n; i++) {
        const char *seq = cell(&x->panel, i, "sequence");
        const mir_t *m = mirbase_find(&x->mb, cell(&x->panel, i, "mirbase_id"));
        assert_non_null(m);
        assert_string_equal(seq, m->seq);
        assert_int_equal(strspn(seq, "ACGU"), strlen(seq));
    }
}

static void panel__every_seed__is_nt_2_to_8_of_its_sequence(void **state)
{
    const table_t *t = &((fix_t *)*state)->panel;
    for (size_t i = 1; i < t->n; i++) {
        const char *seq = cell(t, i, "sequence"), *seed = cell(t, i, "seed");
        assert_true(strlen(seq) >= 8);
        assert_int_equal(strlen(seed), 7);
        assert_memory_equal(seed, seq + 1, 7);
    }
}

static void panel__known_entries__read_as_in_mirbase22(void **state)
{
    /* values written out here (miRBase 22 entries), so that a damaged miRBase file cannot
     * agree with a damaged panel */
    static const char *known[][4] = {
        {"hsa-miR-21-5p", "MIMAT0000076", "UAGCUUAUCAGACUGAUGUUGA", "AGCUUAU"},
        {"hsa-miR-34a-5p", "MIMAT0000255", "UGGCAGUGUCUUAGCUGGUUGU", "GGCAGUG"},
        {"hsa-miR-208a-3p", "MIMAT0000241", "AUAAGACGAGCAAAAAGCUUGU", "UAAGACG"},
    };
    const table_t *t = &((fix_t *)*state)->panel;
    for (size_t k = 0; k < sizeof known / sizeof known[0]; k++) {
        size_t i = 1;
        while (i < t->n && strcmp(cell(t, i, "mirbase_id"), known[k][0])) i++;
        assert_true(i < t->n);
        assert_string_equal(cell(t, i, "accession"), known[k][1]);
        assert_string_equal(cell(t, i, "sequence"), known[k][2]);
        assert_string_equal(cell(t, i, "seed"), known[k][3]);
    }
}

static void panel__controlled_columns__use_the_documented_vocabularies(void **state)
{
    const table_t *t = &((fix_t *)*state)->panel;
    for (size_t i = 1; i < t->n; i++) {
        if (!in_vocab(ARM_RULES, cell(t, i, "arm_rule")))
            fail_msg("line %zu: arm_rule '%s'", i + 1, cell(t, i, "arm_rule"));
        if (!in_vocab(COMPARTMENTS, cell(t, i, "compartment")))
            fail_msg("line %zu: compartment '%s'", i + 1, cell(t, i, "compartment"));
        assert_list_in_vocab(cell(t, i, "resistance"), RESISTANCE);
        assert_list_in_vocab(cell(t, i, "cancer"), CANCERS);
        assert_list_in_vocab(cell(t, i, "review_section"), SECTIONS);
    }
}

/* an arm suffix is what separates the two products of one precursor in miRBase names */
static int has_arm_suffix(const char *id)
{
    size_t n = strlen(id);
    return n > 3 && (!strcmp(id + n - 3, "-5p") || !strcmp(id + n - 3, "-3p"));
}

static void panel__arm_rule__agrees_with_the_mirbase_name(void **state)
{
    const table_t *t = &((fix_t *)*state)->panel;
    for (size_t i = 1; i < t->n; i++) {
        const char *rule = cell(t, i, "arm_rule"), *id = cell(t, i, "mirbase_id");
        if (!strcmp(rule, "single-mature") && has_arm_suffix(id))
            fail_msg("%s: single-mature but named by arm", id);
        if ((!strcmp(rule, "both-arms") || !strcmp(rule, "named-arm")) && !has_arm_suffix(id))
            fail_msg("%s: %s but no arm in the name", id, rule);
    }
}

/* "10:cisplatin;128:cisplatin+docetaxel" -> refs {10,128}, terms {cisplatin,docetaxel} */
static void evidence_split(const char *field, char term_sep, list_t *refs, list_t *terms)
{
    list_t items, sub;
    assert_int_equal(list_split(field, ';', &items), 0);
    refs->n = terms->n = 0;
    for (int i = 0; i < items.n; i++) {
        char *colon = strchr(items.item[i], ':');
        assert_non_null(colon);
        *colon = '\0';
        assert_true(refs->n < MAXL);
        strcpy(refs->item[refs->n++], items.item[i]);
        assert_int_equal(list_split(colon + 1, term_sep, &sub), 0);
        assert_true(sub.n > 0);
        for (int j = 0; j < sub.n; j++)
            if (!list_has(terms, sub.item[j])) {
                assert_true(terms->n < MAXL);
                strcpy(terms->item[terms->n++], sub.item[j]);
            }
    }
}

static void panel__resistance_and_refs__are_those_of_the_evidence(void **state)
{
    const table_t *t = &((fix_t *)*state)->panel;
    for (size_t i = 1; i < t->n; i++) {
        list_t refs, terms, col_refs, col_terms;
        evidence_split(cell(t, i, "resistance_evidence"), '+', &refs, &terms);
        assert_int_equal(list_split(cell(t, i, "review_refs"), ';', &col_refs), 0);
        assert_int_equal(list_split(cell(t, i, "resistance"), ';', &col_terms), 0);
        if (!list_same_set(&refs, &col_refs))
            fail_msg("%s: review_refs differ from resistance_evidence", cell(t, i, "mirbase_id"));
        if (!list_same_set(&terms, &col_terms))
            fail_msg("%s: resistance differs from resistance_evidence", cell(t, i, "mirbase_id"));
        for (int k = 0; k < refs.n; k++) {
            int r = atoi(refs.item[k]);
            assert_true(r >= 1 && r <= 180); /* the review has 180 references */
        }
    }
}

static void panel__targets__are_those_of_the_target_evidence(void **state)
{
    const table_t *t = &((fix_t *)*state)->panel;
    for (size_t i = 1; i < t->n; i++) {
        list_t genes, tgt, items, refs, col_refs;
        assert_int_equal(list_split(cell(t, i, "targets"), ';', &tgt), 0);
        assert_int_equal(list_split(cell(t, i, "target_evidence"), ';', &items), 0);
        assert_int_equal(list_split(cell(t, i, "review_refs"), ';', &col_refs), 0);
        genes.n = 0;
        for (int k = 0; k < items.n; k++) {
            char *colon = strchr(items.item[k], ':');
            assert_non_null(colon);
            *colon = '\0';
            strcpy(genes.item[genes.n++], items.item[k]);
            assert_int_equal(list_split(colon + 1, ',', &refs), 0);
            assert_true(refs.n > 0);
            for (int j = 0; j < refs.n; j++)
                if (!list_has(&col_refs, refs.item[j]))
                    fail_msg("%s: target ref %s not in review_refs", cell(t, i, "mirbase_id"),
                             refs.item[j]);
        }
        if (!list_same_set(&genes, &tgt))
            fail_msg("%s: targets differ from target_evidence", cell(t, i, "mirbase_id"));
    }
}

static void panel__table2_count__is_given_exactly_for_table2_rows(void **state)
{
    const table_t *t = &((fix_t *)*state)->panel;
    for (size_t i = 1; i < t->n; i++) {
        list_t secs;
        const char *n = cell(t, i, "table2_n_refs");
        assert_int_equal(list_split(cell(t, i, "review_section"), ';', &secs), 0);
        assert_int_equal(list_has(&secs, "table2"), *n != '\0');
        if (*n) assert_true(atoi(n) >= 5 && atoi(n) <= 13); /* Table 2 lists 5 to 13 */
    }
}

/* Every name of Tables 1 and 2 and of the text of sections 2.2, 2.5, 3 and 3.1, transcribed from
 * the review as it writes them, is either in the panel or in the unmapped file. */
static const char *REVIEW_NAMES[] = {
    /* Table 1, tyrosine kinase inhibitors */
    "mir-BART14", "mir-1469", "mir-16-1", "mir-196", "mir-4791", "mir-4796", "mir-548aq",
    "mir-72", "mir-H19", "mir-138-2", "mir-153", "mir-585", "mir-4803", "mir-744", "mir-769",
    "mir-184", "mir-3913", "mir-658", "mir-564", "mir-1468", "mir-23", "mir-136", "mir-214",
    "mir-210", "mir-615",
    /* Table 1, cisplatin and IR */
    "mir-20a", "mir-193a", "mir-524", "mir-4443", "mir-1246", "mir-425", "mir-103a",
    "mir-1273a", "mir-100", "mir-196a", "mir-208a", "mir-29a", "mir-150",
    /* Table 2 */
    "mir-21", "mir-145", "mir-200c", "mir-17", "mir-34a", "mir-326", "mir-200a", "mir-200b",
    /* text */
    "miR-34a", "miR-30a", "miR-4443", "miR-4488", "mir21", "mir-155", "mir-205", "miR-208a",
    "miR-29a-3p", "miR-150-5p",
    NULL};

static int name_in(const table_t *t, const char *name)
{
    for (size_t i = 1; i < t->n; i++) {
        list_t names;
        assert_int_equal(list_split(cell(t, i, "review_name"), ';', &names), 0);
        if (list_has(&names, name)) return 1;
    }
    return 0;
}

static void panel__every_name_the_review_gives__is_mapped_or_explained(void **state)
{
    const fix_t *x = *state;
    for (const char **n = REVIEW_NAMES; *n; n++)
        if (!name_in(&x->panel, *n) && !name_in(&x->unmapped, *n))
            fail_msg("%s is neither in the panel nor in the unmapped file", *n);
}

/* the target genes the review's text (and the titles it cites) attach to these miRNAs */
static void panel__targets_named_in_the_review__are_listed(void **state)
{
    static const char *pairs[][2] = {
        {"hsa-miR-21-5p", "PTEN"}, {"hsa-miR-21-5p", "PDCD4"}, {"hsa-miR-34a-5p", "BCL2"},
        {"hsa-miR-30a-5p", "BCL2"}, {"hsa-miR-4443", "CASP3"}, {"hsa-miR-4443", "CASP7"},
        {"hsa-miR-4488", "CASP3"}, {"hsa-miR-4488", "CASP7"}, {"hsa-miR-208a-3p", "CDKN1A"},
        {"hsa-miR-200c-3p", "ZEB1"}, {"hsa-miR-200c-3p", "BCL2"}, {"hsa-miR-200c-3p", "XIAP"},
        {"hsa-miR-200b-3p", "E2F3"}, {"hsa-miR-145-5p", "TMOD3"},
    };
    const table_t *t = &((fix_t *)*state)->panel;
    for (size_t k = 0; k < sizeof pairs / sizeof pairs[0]; k++) {
        size_t i = 1;
        list_t tg;
        while (i < t->n && strcmp(cell(t, i, "mirbase_id"), pairs[k][0])) i++;
        assert_true(i < t->n);
        assert_int_equal(list_split(cell(t, i, "targets"), ';', &tg), 0);
        if (!list_has(&tg, pairs[k][1])) fail_msg("%s lacks %s", pairs[k][0], pairs[k][1]);
    }
}

/* ---- the unmapped names ---- */

static void unmapped__every_name__has_a_reason(void **state)
{
    const table_t *u = &((fix_t *)*state)->unmapped;
    static const char *cols[] = {"review_name", "review_section", "review_refs", "reason_code",
                                 "reason", "mirbase22_entries", "targets"};
    assert_int_equal(u->rows[0].nf, 7);
    for (int c = 0; c < 7; c++) assert_string_equal(u->rows[0].f[c], cols[c]);
    assert_true(u->n > 1);
    for (size_t i = 1; i < u->n; i++) {
        assert_int_equal(u->rows[i].nf, 7);
        for (int c = 0; c < 5; c++)
            if (!*u->rows[i].f[c]) fail_msg("line %zu: %s is empty", i + 1, cols[c]);
        if (!in_vocab(REASONS, cell(u, i, "reason_code")))
            fail_msg("line %zu: reason_code '%s'", i + 1, cell(u, i, "reason_code"));
        assert_true(strlen(cell(u, i, "reason")) >= 20); /* a sentence, not a code */
    }
}

/* "mir-72" -> no hsa-miR-72, hsa-miR-72-5p or hsa-miR-72-3p in miRBase 22 */
static void unmapped__names__have_no_human_mirbase22_entry(void **state)
{
    const fix_t *x = *state;
    static const char *suffix[] = {"", "-5p", "-3p"};
    for (size_t i = 1; i < x->unmapped.n; i++) {
        const char *name = cell(&x->unmapped, i, "review_name");
        char id[128];
        assert_int_equal(strncmp(name, "mir-", 4), 0);
        for (int s = 0; s < 3; s++) {
            snprintf(id, sizeof id, "hsa-miR-%s%s", name + 4, suffix[s]);
            if (mirbase_find(&x->mb, id)) fail_msg("%s is in miRBase 22 as %s", name, id);
        }
    }
}

static void unmapped__names__are_not_in_the_panel(void **state)
{
    const fix_t *x = *state;
    for (size_t i = 1; i < x->unmapped.n; i++)
        for (size_t j = 1; j < x->panel.n; j++) {
            list_t names;
            assert_int_equal(list_split(cell(&x->panel, j, "review_name"), ';', &names), 0);
            assert_false(list_has(&names, cell(&x->unmapped, i, "review_name")));
        }
}

/* ---- the target 3'UTRs ---- */

typedef struct {
    char id[96], gene[32];
    long len, declared;
    int bad_letter;
} utr_t;

static void utr_header(const char *line, utr_t *u)
{
    const char *bar, *p;
    memset(u, 0, sizeof *u);
    assert_int_equal(sscanf(line, ">%95s", u->id), 1);
    assert_non_null(bar = strchr(u->id, '|'));
    assert_true(bar > u->id && bar[1]);
    assert_non_null(p = strstr(line, " gene="));
    assert_int_equal(sscanf(p, " gene=%31s", u->gene), 1);
    assert_string_equal(bar + 1, u->gene);
    assert_non_null(p = strstr(line, " utr3_len="));
    assert_int_equal(sscanf(p, " utr3_len=%ld", &u->declared), 1);
    assert_non_null(strstr(line, " src="));
}

/* reads the whole file; returns the number of records */
static int utrs_load(utr_t *u, int max)
{
    char line[1024];
    int n = 0;
    FILE *fp = fopen(UTRS, "r");
    assert_non_null(fp);
    while (fgets(line, sizeof line, fp)) {
        size_t len = strcspn(line, "\r\n");
        assert_true(line[len] == '\n'); /* no CR, no line longer than the buffer */
        line[len] = '\0';
        if (line[0] == '>') {
            assert_true(n < max);
            utr_header(line, &u[n++]);
        } else {
            assert_true(n > 0);
            u[n - 1].len += (long)len;
            u[n - 1].bad_letter |= strspn(line, "ACGT") != len;
        }
    }
    fclose(fp);
    return n;
}

static void utrs__every_record__is_unique_dna_of_its_declared_length(void **state)
{
    utr_t u[64];
    int n = utrs_load(u, 64);
    (void)state;
    assert_true(n > 0);
    for (int i = 0; i < n; i++) {
        if (u[i].bad_letter) fail_msg("%s: not plain uppercase DNA", u[i].id);
        if (u[i].len != u[i].declared || u[i].len == 0)
            fail_msg("%s: %ld nt, header says %ld", u[i].id, u[i].len, u[i].declared);
        for (int j = i + 1; j < n; j++)
            if (!strcmp(u[i].id, u[j].id)) fail_msg("%s appears twice", u[i].id);
    }
}

static void utrs__every_gene__is_a_named_target(void **state)
{
    const table_t *t = &((fix_t *)*state)->panel, *um = &((fix_t *)*state)->unmapped;
    utr_t u[64];
    int n = utrs_load(u, 64);
    for (int i = 0; i < n; i++) {
        int found = 0;
        list_t tg;
        for (size_t r = 1; r < t->n && !found; r++) {
            assert_int_equal(list_split(cell(t, r, "targets"), ';', &tg), 0);
            found = list_has(&tg, u[i].gene);
        }
        for (size_t r = 1; r < um->n && !found; r++) {
            assert_int_equal(list_split(cell(um, r, "targets"), ';', &tg), 0);
            found = list_has(&tg, u[i].gene);
        }
        if (!found) fail_msg("%s: %s is not a named target", u[i].id, u[i].gene);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(panel__header__names_the_documented_columns),
        cmocka_unit_test(panel__every_row__has_every_column_and_the_required_ones_filled),
        cmocka_unit_test(panel__ids_and_accessions__are_unique),
        cmocka_unit_test(panel__every_id__is_a_human_mirbase22_entry_with_its_accession),
        cmocka_unit_test(panel__every_sequence__matches_mirbase22),
        cmocka_unit_test(panel__every_seed__is_nt_2_to_8_of_its_sequence),
        cmocka_unit_test(panel__known_entries__read_as_in_mirbase22),
        cmocka_unit_test(panel__controlled_columns__use_the_documented_vocabularies),
        cmocka_unit_test(panel__arm_rule__agrees_with_the_mirbase_name),
        cmocka_unit_test(panel__resistance_and_refs__are_those_of_the_evidence),
        cmocka_unit_test(panel__targets__are_those_of_the_target_evidence),
        cmocka_unit_test(panel__table2_count__is_given_exactly_for_table2_rows),
        cmocka_unit_test(panel__every_name_the_review_gives__is_mapped_or_explained),
        cmocka_unit_test(panel__targets_named_in_the_review__are_listed),
        cmocka_unit_test(unmapped__every_name__has_a_reason),
        cmocka_unit_test(unmapped__names__have_no_human_mirbase22_entry),
        cmocka_unit_test(unmapped__names__are_not_in_the_panel),
        cmocka_unit_test(utrs__every_record__is_unique_dna_of_its_declared_length),
        cmocka_unit_test(utrs__every_gene__is_a_named_target),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
