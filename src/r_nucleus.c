/* r_nucleus.c -- R glue for nucleus.c. */
#include "r_util.h"
#include "mp.h"

const R_CallMethodDef mp_calls_nucleus[] = {
    {NULL, NULL, 0}};
