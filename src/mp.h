/* mp.h -- shared internals of muonphilic: physical constants (from
 * constants.h), status codes and small helpers. Pure C, no R headers.
 * Internally everything is in GeV and cm. */
#ifndef MUONPHILIC_MP_H
#define MUONPHILIC_MP_H

#include <math.h>

#include "constants.h"

/* Status codes: 0 is success; GSL's own codes are passed through unchanged
 * (they are positive); our own are negative. */
#define MP_OK 0
#define MP_EDOM -1     /* argument outside the domain of the computation */
#define MP_ENOMEM -2   /* allocation failed */
#define MP_ENOROOT -3  /* no sign change in the root bracket */

const char *mp_strerror(int status);

#endif
