/* r_solar.c -- R glue for solar.c. */
#include "r_util.h"
#include "mp.h"

const R_CallMethodDef mp_calls_solar[] = {
    {NULL, NULL, 0}};
