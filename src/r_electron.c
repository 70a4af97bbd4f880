/* r_electron.c -- R glue for electron.c. */
#include "r_util.h"
#include "mp.h"

const R_CallMethodDef mp_calls_electron[] = {
    {NULL, NULL, 0}};
