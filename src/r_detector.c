/* r_detector.c -- R glue for detector.c. */
#include "r_util.h"
#include "mp.h"

const R_CallMethodDef mp_calls_detector[] = {
    {NULL, NULL, 0}};
