/* thermo_test.h: what the thermo drivers share: the shipped Turner 2004 parameters, loaded once per driver. */
#ifndef SSC_THERMO_TEST_H
#define SSC_THERMO_TEST_H

#include <stdio.h>
#include "thermo/params.h"

/* refs/thermo/turner2004.par (drivers run from the top directory); NULL after printing why. */
static inline ssc_th_params_t *tt_turner2004(void)
{
    ssc_th_params_t *p = NULL;
    char err[512];
    if (ssc_th_params_load("refs/thermo/turner2004.par", NULL, &p, err, sizeof err)) {
        fprintf(stderr, "%s\n", err);
        return NULL;
    }
    return p;
}

#ifdef TT_PF_FIXTURE /* the group fixture of the partition-function drivers */
#include <stdlib.h>
#include "thermo/pf.h"
static ssc_th_params_t *PP; /* Turner 2004 */
static ssc_th_pf_t *PF;     /* its Boltzmann weights */

static int tt_pf_setup(void **state)
{
    (void)state;
    if (!(PP = tt_turner2004())) return -1;
    return (PF = ssc_th_pf_init(PP)) ? 0 : -1;
}

static int tt_pf_teardown(void **state)
{
    (void)state;
    free(PF), ssc_th_params_destroy(PP);
    return 0;
}
#endif

#endif
