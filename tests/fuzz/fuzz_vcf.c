/* fuzz_vcf.c: libFuzzer target for `seedscan variants`' VCF path: header and records through
 * htslib, alleles applied to 3'UTRs, REF checks, site changes, the TSV writer. Input: VCF text
 * (or BCF/bgzip bytes) against two 3'UTRs in transcript-coordinate mode (U1, U2: CHROM = record
 * ID), the resistance panel's first families. A run either succeeds or names file and record. */
#include <stdio.h>
#include <unistd.h>
#include "fuzz.h"
#include "genome/gseq.h"
#include "genome/variant.h"
#include "genome/variant_vcf.h"

typedef struct {
    ssc_mirset_t *ms;
    ssc_index_t *idx;
    ssc_scanopt_t so;
    ssc_genome_t *g;
    ssc_vann_t *v;
} setup_t;

/* Two UTRs with sites of miR-21-5p (8mer TAAGCTA + A), let-7 and miR-34a, written once to a
 * temporary FASTA (faidx needs a file and builds its .fai beside it). */
static setup_t *setup(void)
{
    static setup_t s;
    static int done;
    static char dir[] = "/tmp/ssc_fuzz_vcf.XXXXXX";
    char path[64];
    kstring_t err = { 0, 0, NULL };
    if (done) return s.v ? &s : NULL;
    done = 1;
    if (!mkdtemp(dir)) return NULL;
    snprintf(path, sizeof path, "%s/utr.fa", dir);
    FILE *fp = fopen(path, "w");
    if (!fp) return NULL;
    fputs(">U1\nACGTACGTACGTACGTTTATAAGCTAAGCATCGATCGACTACCTCAGGCATGACTGCCAAAAGTCAGTACGATCGA\n"
          ">U2\nGGGGCCCCAAAATTTTCTACCTCAATAAGCTATGCATGCACTGCCATCAGTACCTCATTTTTTTAAAAAGGG\n", fp);
    fclose(fp);
    s.ms = ssc_mirset_init();
    if (!s.ms || ssc_mirset_add(s.ms, "hsa-miR-21-5p", "UAGCUUAUCAGACUGAUGUUGA") < 0 ||
        ssc_mirset_add(s.ms, "hsa-let-7a-5p", "UGAGGUAGUAGGUUGUAUAGUU") < 0 ||
        ssc_mirset_add(s.ms, "hsa-miR-34a-5p", "UGGCAGUGUCUUAGCUGGUUGU") < 0)
        abort();
    ssc_scanopt_init(&s.so);
    s.so.shadow = 0;
    if (!(s.idx = ssc_index_build(s.ms, SSC_TYPES_ALL)) || !(s.g = ssc_genome_open(path, &err)) ||
        !(s.v = ssc_vann_init(s.idx, &s.so, s.g)) || ssc_vann_add_records(s.v, path) < 0 ||
        ssc_vann_finish(s.v) < 0)
        abort();
    free(err.s);
    return &s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static kstring_t url, err;
    setup_t *s;
    ssc_vrun_stats_t st;
    fz_quiet();
    if (!(s = setup())) abort();
    ssc_vrun_opt_t o = { fz_url(&url, data, size), "/dev/null", SSC_VOUT_TSV, SSC_REFMM_WARN, "utr.fa", NULL, 1, 0 };
    err.l = 0;
    int ret = ssc_vrun(s->v, s->g, s->ms, &o, &st, &err);
    if (ret < 0 && !err.l) abort(); /* a failure says why */
    if (ret == 0 && (st.alleles < st.in_utr || st.records < st.with_change)) abort();
    return 0;
}
