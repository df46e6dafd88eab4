/* newick.h: internal API for Newick trees (read from TargetScan's parameter files) and branch-length spans. */
#ifndef SSC_NEWICK_H
#define SSC_NEWICK_H

#include <stddef.h>

typedef struct {
    char *name;     /* node label, "" for an unlabelled node; owned by the tree */
    double len;     /* length of the branch to the parent; 0 when not given */
    int parent;     /* index of the parent node, -1 for the root */
} ssc_newick_node_t;

typedef struct {
    ssc_newick_node_t *node;  /* n nodes; the root is node 0 */
    int n, m;
} ssc_newick_t;

/* Parse one tree ("(a:1,(b:2,c:3)x:4);"): white space (including line
 * breaks) between tokens is ignored, quoted labels are not supported.
 * Returns 0, or SSC_EFORMAT/SSC_ENOMEM with a message in err (may be NULL)
 * giving the byte offset. */
int ssc_newick_parse(ssc_newick_t *t, const char *text, char *err, size_t errsz);
/* Read a file holding one tree; messages name the file. */
int ssc_newick_load(ssc_newick_t *t, const char *path, char *err, size_t errsz);
void ssc_newick_free(ssc_newick_t *t);
/* Index of the first node labelled name, or -1. */
int ssc_newick_find(const ssc_newick_t *t, const char *name);

/* Total branch length of the part of the tree that joins the nodes
 * nodes[0..n) (indices; -1 entries are skipped) to the path from `start` to
 * the root, added in the order TargetScan's branch-length code adds it:
 * start's root path is laid down first, then each node climbs until it
 * meets a node already counted. With start among the nodes this is the
 * length of the smallest subtree joining them. start = -1 is allowed (as in
 * TargetScan when the first species is not in the tree). Returns the
 * length, or a negative value if memory runs out. */
double ssc_newick_span(const ssc_newick_t *t, int start, const int *nodes, int n);

#endif
