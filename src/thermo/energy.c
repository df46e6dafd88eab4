/* thermo/energy.c: loop energies of the Turner 2004 model (ViennaRNA 2.x, d2) and evaluation of given structures. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "seedscan.h"
#include "thermo/energy.h"

const int8_t ssc_th_code[256] = {
    ['A'] = 1, ['C'] = 2, ['G'] = 3, ['U'] = 4, ['T'] = 4, ['N'] = 0,
    ['a'] = 1, ['c'] = 2, ['g'] = 3, ['u'] = 4, ['t'] = 4, ['n'] = 0,
};

/* codes N A C G U; types 1 CG, 2 GC, 3 GU, 4 UG, 5 AU, 6 UA */
const uint8_t ssc_th_pair[5][5] = {
    { 0, 0, 0, 0, 0 },
    { 0, 0, 0, 0, 5 },
    { 0, 0, 0, 1, 0 },
    { 0, 0, 2, 0, 3 },
    { 0, 6, 0, 4, 0 },
};
const uint8_t ssc_th_rtype[8] = { 0, 2, 1, 4, 3, 6, 5, 7 };

int ssc_th_encode(const char *s, int len, int8_t *codes, int *bad)
{
    int i;
    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        int8_t x = ssc_th_code[c];
        if (x == 0 && c != 'N' && c != 'n') { /* the table's zeros are "not a letter" too */
            if (bad) *bad = i;
            return -1;
        }
        codes[i] = x;
    }
    return 0;
}

/* Loops beyond the tables: the value at 30 plus the Jacobson-Stockmayer term. */
static int loop_extrapolated(const ssc_th_params_t *p, const int *table, int n)
{
    return n <= SSC_TH_MAXLOOP ? table[n] : table[30] + (int)(p->lxc * log(n / 30.));
}

static int au(const ssc_th_params_t *p, int type)
{
    return type > 2 ? p->terminal_au : 0;
}

/* Bulge of nl nt: a 1-nt bulge keeps the stack of its two pairs (NNDB), longer ones pay the
 * AU/GU penalty on both closing pairs. */
static int e_bulge(const ssc_th_params_t *p, int nl, int type, int type2)
{
    int e = loop_extrapolated(p, p->bulge, nl);
    return nl == 1 ? e + p->stack[type][type2] : e + au(p, type) + au(p, type2);
}

/* 1x1, 2x1 and 2x2 loops come from their tables; 1xn, 2x3 and generic loops are initiation +
 * asymmetry (ninio, capped) + a mismatch term on each closing pair (NNDB internal loops). */
static int e_interior(const ssc_th_params_t *p, int n1, int n2, int type, int type2, int si,
                      int sj, int sp, int sq)
{
    int nl = n1 > n2 ? n1 : n2, ns = n1 > n2 ? n2 : n1, e, asym;
    if (ns == 1 && nl == 1) return p->int11[type][type2][si][sj];
    if (ns == 1 && nl == 2)
        return n1 == 1 ? p->int21[type][type2][si][sq][sj] : p->int21[type2][type][sq][si][sp];
    if (ns == 2 && nl == 2) return p->int22[type][type2][si][sp][sq][sj];
    asym = (nl - ns) * p->ninio;
    if (asym > p->max_ninio) asym = p->max_ninio;
    if (ns == 1) {
        e = loop_extrapolated(p, p->internal, nl + 1) + asym;
        return e + p->mm_1n[type][si][sj] + p->mm_1n[type2][sq][sp];
    }
    if (ns == 2 && nl == 3)
        return p->internal[5] + p->ninio + p->mm_23[type][si][sj] + p->mm_23[type2][sq][sp];
    e = loop_extrapolated(p, p->internal, nl + ns) + asym;
    return e + p->mm_interior[type][si][sj] + p->mm_interior[type2][sq][sp];
}

int ssc_th_e_intloop(const ssc_th_params_t *p, int n1, int n2, int type, int type2, int si,
                     int sj, int sp, int sq)
{
    if (n1 == 0 && n2 == 0) return p->stack[type][type2];
    if (n1 == 0 || n2 == 0) return e_bulge(p, n1 + n2, type, type2);
    return e_interior(p, n1, n2, type, type2, si, sj, sp, sq);
}

int ssc_th_e_ml_stem(const ssc_th_params_t *p, int type, int n5, int n3)
{
    return p->ml_intern + au(p, type) + p->mm_multi[type][n5][n3];
}

/* The index of loop (len letters, any case) in a special-hairpin list, or -1. */
static int find_special(const char *list, size_t stride, int n, const char *loop, int len)
{
    int k, i;
    for (k = 0; k < n; k++) {
        const char *s = list + (size_t)k * stride;
        for (i = 0; i < len; i++)
            if (s[i] != (loop[i] == 'T' || loop[i] == 't' ? 'U' : loop[i] & ~0x20)) break;
        if (i == len) return k;
    }
    return -1;
}

int ssc_th_e_hairpin(const ssc_th_params_t *p, int size, int type, int si, int sj,
                     const char *loop)
{
    int e = loop_extrapolated(p, p->hairpin, size), k;
    if (size < 3) return e;
    if (size == 4 && (k = find_special(p->tetra[0], sizeof p->tetra[0], p->n_tetra, loop, 6)) >= 0)
        return p->tetra_e[k];
    if (size == 6 && (k = find_special(p->hexa[0], sizeof p->hexa[0], p->n_hexa, loop, 8)) >= 0)
        return p->hexa_e[k];
    if (size == 3) { /* triloops: no mismatch term, AU/GU penalty instead */
        k = find_special(p->tri[0], sizeof p->tri[0], p->n_tri, loop, 5);
        return k >= 0 ? p->tri_e[k] : e + au(p, type);
    }
    return e + p->mm_hairpin[type][si][sj];
}

/* ---- evaluation of given structures ---------------------------------------------------- */

/* Partner table of a dot-bracket (0-based, -1 unpaired); 0, or SSC_EINVAL. */
static int pair_table(const char *db, int n, int *pt)
{
    int *stack = malloc(sizeof(int) * (size_t)(n + 1)), top = 0, i, rc = 0;
    if (!stack) return SSC_ENOMEM;
    for (i = 0; i < n && rc == 0; i++) {
        pt[i] = -1;
        if (db[i] == '(') stack[top++] = i;
        else if (db[i] == ')') {
            if (top == 0) rc = SSC_EINVAL;
            else pt[i] = stack[--top], pt[pt[i]] = i;
        } else if (db[i] != '.') rc = SSC_EINVAL;
    }
    if (top != 0) rc = SSC_EINVAL;
    free(stack);
    return rc;
}

/* The loop closed by (i, j), 0-based, and everything inside it. */
static int eval_loop(const ssc_th_params_t *p, const char *seq, const int8_t *c, const int *pt,
                     int i, int j, int *e);

/* Sum over the branches (pairs directly inside i..j, exclusive) of their own loops; *nb, the
 * number of branches, *first the first one, *unp the unpaired nt between them. */
static int eval_branches(const ssc_th_params_t *p, const char *seq, const int8_t *c,
                         const int *pt, int i, int j, int *nb, int *first, int *unp, int *sum)
{
    int k, rc, e;
    *nb = *unp = *sum = 0;
    *first = -1;
    for (k = i + 1; k < j; k++) {
        if (pt[k] < 0) { ++*unp; continue; }
        if (*nb == 0) *first = k;
        ++*nb;
        if ((rc = eval_loop(p, seq, c, pt, k, pt[k], &e)) != 0) return rc;
        *sum += e;
        k = pt[k];
    }
    return 0;
}

static int eval_multi(const ssc_th_params_t *p, const int8_t *c, const int *pt, int i, int j,
                      int type, int unp)
{
    int e = p->ml_closing + p->ml_base * unp, k;
    e += ssc_th_e_ml_stem(p, ssc_th_rtype[type], c[j - 1], c[i + 1]);
    for (k = i + 1; k < j; k++) {
        if (pt[k] < 0) continue;
        e += ssc_th_e_ml_stem(p, ssc_th_pair[c[k]][c[pt[k]]], c[k - 1], c[pt[k] + 1]);
        k = pt[k];
    }
    return e;
}

static int eval_loop(const ssc_th_params_t *p, const char *seq, const int8_t *c, const int *pt,
                     int i, int j, int *e)
{
    int type = ssc_th_pair[c[i]][c[j]], nb, first, unp, inner, rc;
    if (!type) return SSC_EINVAL;
    if ((rc = eval_branches(p, seq, c, pt, i, j, &nb, &first, &unp, &inner)) != 0) return rc;
    if (nb == 0) {
        *e = ssc_th_e_hairpin(p, j - i - 1, type, c[i + 1], c[j - 1], seq + i);
    } else if (nb == 1) {
        int q = pt[first], t2 = ssc_th_pair[c[first]][c[q]];
        if (!t2) return SSC_EINVAL;
        *e = ssc_th_e_intloop(p, first - i - 1, j - q - 1, type, ssc_th_rtype[t2], c[i + 1],
                              c[j - 1], c[first - 1], c[q + 1]);
    } else {
        *e = eval_multi(p, c, pt, i, j, type, unp);
    }
    *e += inner;
    return 0;
}

static int eval_exterior(const ssc_th_params_t *p, const char *seq, const int8_t *c,
                         const int *pt, int n, int *energy)
{
    int k, rc, e, sum = 0;
    for (k = 0; k < n; k++) {
        int type;
        if (pt[k] < 0) continue;
        type = ssc_th_pair[c[k]][c[pt[k]]];
        if ((rc = eval_loop(p, seq, c, pt, k, pt[k], &e)) != 0) return rc;
        sum += e + ssc_th_e_ext_stem(p, type, k > 0 ? c[k - 1] : -1,
                                     pt[k] + 1 < n ? c[pt[k] + 1] : -1);
        k = pt[k];
    }
    *energy = sum;
    return 0;
}

int ssc_th_eval_fold(const ssc_th_params_t *p, const char *seq, const char *db, int *energy)
{
    int n = (int)strlen(seq), rc = SSC_ENOMEM, *pt = NULL;
    int8_t *c = NULL;
    if ((int)strlen(db) != n) return SSC_EINVAL;
    pt = malloc(sizeof(int) * (size_t)(n + 1));
    c = malloc((size_t)n + 1);
    if (!pt || !c) goto fail;
    rc = SSC_EINVAL;
    if (ssc_th_encode(seq, n, c, NULL) < 0) goto fail;
    if ((rc = pair_table(db, n, pt)) != 0) goto fail;
    rc = eval_exterior(p, seq, c, pt, n, energy);
fail:
    free(pt);
    free(c);
    return rc;
}

/* The paired positions of a duplex string (1-based on each sequence), outermost first:
 * the k-th '(' of part 1 pairs the k-th ')' counted from the end of part 2. */
static int duplex_pairs(const char *db, int s1_start, int s2_start, int *pi, int *pj, int *np)
{
    const char *amp = strchr(db, '&');
    int n1, n2, k, a = 0, b = 0;
    if (!amp || strchr(amp + 1, '&')) return SSC_EINVAL;
    n1 = (int)(amp - db), n2 = (int)strlen(amp + 1);
    for (k = 0; k < n1; k++) {
        if (db[k] == '(') pi[a++] = s1_start + k;
        else if (db[k] != '.') return SSC_EINVAL;
    }
    for (k = n2 - 1; k >= 0; k--) {
        if (amp[1 + k] == ')') pj[b++] = s2_start + k;
        else if (amp[1 + k] != '.') return SSC_EINVAL;
    }
    if (a != b || a == 0) return SSC_EINVAL;
    *np = a;
    return 0;
}

/* Init + both helix ends + the loops between consecutive pairs, codes 1-based (c1[0] unused). */
static int duplex_energy(const ssc_th_params_t *p, const int8_t *c1, int n1, const int8_t *c2,
                         int n2, const int *pi, const int *pj, int np, int *energy)
{
    int k, t, e = p->duplex_init;
    for (k = 0; k < np; k++) {
        if (pi[k] < 1 || pi[k] > n1 || pj[k] < 1 || pj[k] > n2) return SSC_EINVAL;
        if (!ssc_th_pair[c1[pi[k]]][c2[pj[k]]]) return SSC_EINVAL;
    }
    t = ssc_th_pair[c1[pi[0]]][c2[pj[0]]];
    e += ssc_th_e_ext_stem(p, t, pi[0] > 1 ? c1[pi[0] - 1] : -1, pj[0] < n2 ? c2[pj[0] + 1] : -1);
    for (k = 1; k < np; k++) {
        int i = pi[k], j = pj[k], u1 = i - pi[k - 1] - 1, u2 = pj[k - 1] - j - 1;
        t = ssc_th_pair[c1[pi[k - 1]]][c2[pj[k - 1]]];
        e += ssc_th_e_intloop(p, u1, u2, t, ssc_th_rtype[ssc_th_pair[c1[i]][c2[j]]],
                              c1[pi[k - 1] + 1], c2[pj[k - 1] - 1], c1[i - 1], c2[j + 1]);
    }
    t = ssc_th_rtype[ssc_th_pair[c1[pi[np - 1]]][c2[pj[np - 1]]]];
    e += ssc_th_e_ext_stem(p, t, pj[np - 1] > 1 ? c2[pj[np - 1] - 1] : -1,
                           pi[np - 1] < n1 ? c1[pi[np - 1] + 1] : -1);
    *energy = e;
    return 0;
}

int ssc_th_eval_duplex(const ssc_th_params_t *p, const char *s1, const char *s2,
                       const char *db, int s1_start, int s2_start, int *energy)
{
    int n1 = (int)strlen(s1), n2 = (int)strlen(s2), np, rc = SSC_ENOMEM;
    int *pi = malloc(sizeof(int) * (strlen(db) + 1)), *pj = malloc(sizeof(int) * (strlen(db) + 1));
    int8_t *c1 = malloc((size_t)n1 + 2), *c2 = malloc((size_t)n2 + 2);
    if (!pi || !pj || !c1 || !c2) goto fail;
    rc = SSC_EINVAL;
    if (ssc_th_encode(s1, n1, c1 + 1, NULL) < 0 || ssc_th_encode(s2, n2, c2 + 1, NULL) < 0)
        goto fail;
    c1[0] = c2[0] = c1[n1 + 1] = c2[n2 + 1] = 0;
    if ((rc = duplex_pairs(db, s1_start, s2_start, pi, pj, &np)) != 0) goto fail;
    for (int k = 1; k < np; k++)
        if (pi[k] <= pi[k - 1] || pj[k] >= pj[k - 1]) { rc = SSC_EINVAL; goto fail; }
    rc = duplex_energy(p, c1, n1, c2, n2, pi, pj, np, energy);
fail:
    free(pi);
    free(pj);
    free(c1);
    free(c2);
    return rc;
}
