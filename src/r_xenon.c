/* r_xenon.c -- R glue for xenon.c. */
#include "r_util.h"
#include "mp.h"

const R_CallMethodDef mp_calls_xenon[] = {
    {NULL, NULL, 0}};
