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

#endif
