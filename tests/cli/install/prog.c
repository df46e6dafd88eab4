/* prog.c: a tiny program built against an installed libseedscan by tests/cli/cli_install.sh. */
#include <stdio.h>
#include <string.h>
#include <seedscan.h>

/* miR-21-5p's 8mer (ATAAGCTA: the reverse complement of nt 2-8, then A) planted
 * after 20 C's, so past the 14-nt shadow: one 8mer at 0-based [20, 28). */
int main(void)
{
    const char *seq = "CCCCCCCCCCCCCCCCCCCCATAAGCTACCCCCCCCCC";
    ssc_mirset_t *ms = ssc_mirset_init();
    ssc_index_t *idx = NULL;
    ssc_tbuf_t *tb = ssc_tbuf_init();
    ssc_scanopt_t so;
    const ssc_site_t *s;
    int64_t n = -1;
    if (ms && tb && ssc_mirset_add(ms, "hsa-miR-21-5p", "UAGCUUAUCAGACUGAUGUUGA") == 0
        && (idx = ssc_index_build(ms, SSC_TYPES_DEFAULT)) != NULL) {
        ssc_scanopt_init(&so);
        n = ssc_scan(idx, &so, seq, (int64_t)strlen(seq), tb, &s);
    }
    printf("seedscan %s\n", SSC_VERSION);
    for (int64_t i = 0; i < n; i++)
        printf("%s %s %lld %lld\n", ssc_family_name(ms, s[i].fam), ssc_type_name(s[i].type),
               (long long)s[i].start, (long long)s[i].end);
    ssc_tbuf_destroy(tb);
    ssc_index_destroy(idx);
    ssc_mirset_destroy(ms);
    return n == 1 ? 0 : 1;
}
