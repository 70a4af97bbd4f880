/* r_spallation.c -- R glue for spallation.c. */
#include "r_util.h"
#include "mp.h"

const R_CallMethodDef mp_calls_spallation[] = {
    {NULL, NULL, 0}};
