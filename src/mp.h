/* mp.h -- shared internals of muonphilic: physical constants (PDG 2020,
 * SPEC section 0), status codes and small helpers. Pure C, no R headers.
 * Internally everything is in GeV and cm. */
#ifndef MUONPHILIC_MP_H
#define MUONPHILIC_MP_H

#include <math.h>

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

/* SPEC section 0 */
#define MP_ALPHA (1.0 / 137.035999)
#define MP_E_CHARGE (sqrt(4.0 * M_PI * MP_ALPHA))
#define MP_GF 1.1663787e-5           /* GeV^-2 */
#define MP_SIN2W_DEFAULT 0.2387
#define MP_ME 0.51099895e-3          /* GeV */
#define MP_MMU 0.1056583745          /* GeV */
#define MP_MTAU 1.77686              /* GeV */
#define MP_MPI 0.13957039            /* GeV */
#define MP_MP 0.93827208816          /* GeV */
#define MP_AMU 0.93149410242         /* GeV, atomic mass unit */
#define MP_HBARC 1.973269804e-14     /* GeV cm */
#define MP_HBARC2 3.893793721e-28    /* GeV^2 cm^2 */
#define MP_NA 6.02214076e23          /* mol^-1 */
#define MP_YEAR_S 3.15576e7          /* s */

/* Status codes: 0 is success; GSL's own codes are passed through unchanged
 * (they are positive); our own are negative. */
#define MP_OK 0
#define MP_EDOM -1     /* argument outside the domain of the computation */
#define MP_ENOMEM -2   /* allocation failed */
#define MP_ENOROOT -3  /* no sign change in the root bracket */

const char *mp_strerror(int status);

#endif
