/* r_na64mu.c -- R glue for na64mu.c. */
#include "r_util.h"
#include "mp.h"

const R_CallMethodDef mp_calls_na64mu[] = {
    {NULL, NULL, 0}};
