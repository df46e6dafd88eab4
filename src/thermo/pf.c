/* thermo/pf.c: Boltzmann weights of the Turner model for partition functions, as ViennaRNA 2.1.9 computes them. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "thermo/pf.h"

#define GASCONST 1.98717 /* cal/(mol K) */
#define K0 273.15
#define TEMP37 37.0

/* exp(-dG/kT) for dG in dcal/mol, written as ViennaRNA writes it so that the bits agree. */
static double w(double kT, double g)
{
    return exp(-g * 10. / kT);
}

/* ViennaRNA's SMOOTH() for dangles: never destabilising, and smooth near 0 (a*(sin(x+b)+1)^2
 * between -1.228 and 0.866 in units of 1 kcal/mol). Its result is multiplied by 10/kT inside
 * the macro's last branch only, which is why x <= -12.28 gives exp(0) = 1. */
static double w_smooth(double kT, double g)
{
    double x = -g / 10.;
    if (x < -1.2283697) return 1.0;
    if (x > 0.8660254) return exp(-g * 10. / kT);
    double s = sin(x - 0.34242663) + 1;
    return exp(10 * 0.38490018 * s * s * 10. / kT);
}

static void special_loops(ssc_th_pf_t *P, const ssc_th_params_t *p)
{
    int k, i;
    static const int8_t code[256] = { ['A'] = 1, ['C'] = 2, ['G'] = 3, ['U'] = 4, ['T'] = 4 };
    P->n_tetra = p->n_tetra, P->n_tri = p->n_tri, P->n_hexa = p->n_hexa;
    for (k = 0; k < p->n_tetra; k++) {
        for (i = 0; i < 6; i++) P->tetra[k][i] = code[(unsigned char)p->tetra[k][i]];
        P->tetra_w[k] = w(P->kT, p->tetra_e[k]);
    }
    for (k = 0; k < p->n_tri; k++) {
        for (i = 0; i < 5; i++) P->tri[k][i] = code[(unsigned char)p->tri[k][i]];
        P->tri_w[k] = w(P->kT, p->tri_e[k]);
    }
    for (k = 0; k < p->n_hexa; k++) {
        for (i = 0; i < 8; i++) P->hexa[k][i] = code[(unsigned char)p->hexa[k][i]];
        P->hexa_w[k] = w(P->kT, p->hexa_e[k]);
    }
}

static void mismatches(ssc_th_pf_t *P, const ssc_th_params_t *p)
{
    int i, j, k;
    for (i = 0; i < SSC_TH_NPAIRS; i++)
        for (j = 0; j < SSC_TH_NBASES; j++) {
            P->dangle5[i][j] = w_smooth(P->kT, p->dangle5[i][j]);
            P->dangle3[i][j] = w_smooth(P->kT, p->dangle3[i][j]);
            for (k = 0; k < SSC_TH_NBASES; k++) {
                P->mm_hairpin[i][j][k] = w(P->kT, p->mm_hairpin[i][j][k]);
                P->mm_interior[i][j][k] = w(P->kT, p->mm_interior[i][j][k]);
                P->mm_1n[i][j][k] = w(P->kT, p->mm_1n[i][j][k]);
                P->mm_23[i][j][k] = w(P->kT, p->mm_23[i][j][k]);
                P->mm_multi[i][j][k] = w_smooth(P->kT, p->mm_multi[i][j][k]);
                P->mm_ext[i][j][k] = w_smooth(P->kT, p->mm_ext[i][j][k]);
            }
        }
}

static void small_loops(ssc_th_pf_t *P, const ssc_th_params_t *p)
{
    const int *a = &p->int11[0][0][0][0], *b = &p->int21[0][0][0][0][0];
    const int *c = &p->int22[0][0][0][0][0][0];
    double *A = &P->int11[0][0][0][0], *B = &P->int21[0][0][0][0][0];
    double *C = &P->int22[0][0][0][0][0][0];
    size_t i;
    for (i = 0; i < sizeof P->int11 / sizeof *A; i++) A[i] = w(P->kT, a[i]);
    for (i = 0; i < sizeof P->int21 / sizeof *B; i++) B[i] = w(P->kT, b[i]);
    for (i = 0; i < sizeof P->int22 / sizeof *C; i++) C[i] = w(P->kT, c[i]);
}

ssc_th_pf_t *ssc_th_pf_init(const ssc_th_params_t *p)
{
    ssc_th_pf_t *P = calloc(1, sizeof *P);
    int i, j;
    if (!P) return NULL;
    P->kT = 1.0 * (TEMP37 + K0) * GASCONST;
    /* ViennaRNA's pf_scale -1: the mean free energy of random sequence, -185 cal/mol per nt */
    P->pf_scale = exp(-(-185 + (TEMP37 - 37.) * 7.27) / P->kT);
    if (P->pf_scale < 1) P->pf_scale = 1;
    P->lxc = p->lxc;
    for (i = 0; i <= SSC_TH_MAXLOOP; i++) {
        P->hairpin[i] = w(P->kT, p->hairpin[i]);
        P->bulge[i] = w(P->kT, p->bulge[i]);
        P->internal[i] = w(P->kT, p->internal[i]);
        double g = i * (double)p->ninio;
        P->ninio[i] = exp(-(g < p->max_ninio ? g : p->max_ninio) * 10. / P->kT);
    }
    for (i = 0; i < SSC_TH_NPAIRS; i++)
        for (j = 0; j < SSC_TH_NPAIRS; j++) P->stack[i][j] = w(P->kT, p->stack[i][j]);
    mismatches(P, p);
    small_loops(P, p);
    special_loops(P, p);
    P->ml_closing = w(P->kT, p->ml_closing);
    P->ml_intern = w(P->kT, p->ml_intern);
    P->ml_base = exp(-10. * p->ml_base / P->kT);
    P->term_au = w(P->kT, p->terminal_au);
    return P;
}

static int match(const int8_t *list, int stride, int n, const int8_t *s, int len)
{
    for (int k = 0; k < n; k++)
        if (memcmp(list + (size_t)k * stride, s, (size_t)len) == 0) return k;
    return -1;
}

double ssc_th_pf_hairpin(const ssc_th_pf_t *P, int size, int type, int si, int sj, const int8_t *s)
{
    double q;
    int k;
    if (size <= 30) q = P->hairpin[size];
    else q = P->hairpin[30] * exp(-(P->lxc * log(size / 30.)) * 10. / P->kT);
    if (size < 3) return q;
    if (size == 4 && (k = match(P->tetra[0], 6, P->n_tetra, s, 6)) >= 0) return P->tetra_w[k];
    if (size == 6 && (k = match(P->hexa[0], 8, P->n_hexa, s, 8)) >= 0) return P->hexa_w[k];
    if (size == 3) { /* triloops: no mismatch, AU/GU penalty instead */
        if ((k = match(P->tri[0], 5, P->n_tri, s, 5)) >= 0) return P->tri_w[k];
        return type > 2 ? q * P->term_au : q;
    }
    return q * P->mm_hairpin[type][si][sj];
}
