/* fuzz_newick.c: libFuzzer target for the Newick parser and branch-length spans.
 * Input: the tree text. */
#include "fuzz.h"
#include "targetscan/newick.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fz_strndup(data, size), err[256];
    ssc_newick_t t;
    memset(&t, 0, sizeof t);
    if (ssc_newick_parse(&t, text, err, sizeof err) == 0) {
        int nodes[4];
        if (t.n < 1 || t.node[0].parent != -1) abort();
        for (int i = 1; i < t.n; i++)
            if (t.node[i].parent < 0 || t.node[i].parent >= i) abort(); /* parents come first */
        for (int k = 0; k < 4; k++) nodes[k] = (int)((k * 7919u) % (unsigned)t.n);
        nodes[3] = -1;
        (void)ssc_newick_span(&t, t.n - 1, nodes, 4);
        (void)ssc_newick_find(&t, t.node[t.n - 1].name);
    }
    ssc_newick_free(&t);
    free(text);
    return 0;
}
