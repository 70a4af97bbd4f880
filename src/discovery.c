/* discovery.c -- Eq. 38: one-sided Poisson p-value with the SM + background
 * as the background-only hypothesis, its significance, and the exposure
 * needed for a given significance (SPEC 6). */
#include <float.h>
#include <math.h>
#include "mp.h"
#include "quad.h"
#include "stats.h"
#include "discovery.h"

int mp_discovery_sigma(double n_obs, double b, double *p, double *sigma) {
  *p = NAN;
  *sigma = NAN;
  int status = mp_poisson_pvalue(n_obs, b, p); /* Eq. 38 */
  if (status != MP_OK) return status;
  *sigma = mp_p_to_sigma(*p);
  return MP_OK;
}

typedef struct {
  double s1, b1, target;
} disc_par;

/* significance at exposure e^u minus the target (clamped to stay finite) */
static double disc_fn(double u, void *par) {
  const disc_par *d = (const disc_par *)par;
  double x = exp(u), p, z;
  if (mp_discovery_sigma(x * d->s1, x * d->b1, &p, &z) != MP_OK) return NAN;
  if (z > 60.0 || z == INFINITY) z = 60.0;
  if (z < -60.0 || z == -INFINITY) z = -60.0;
  return z - d->target;
}

int mp_discovery_exposure(double s1, double b1, double target_sigma,
                          double max_exposure, double rel_tol,
                          double *exposure, int *flag) {
  *exposure = NAN;
  *flag = MP_DISC_REACHED;
  if (!(s1 >= 0) || !(b1 >= 0) || !isfinite(s1) || !isfinite(b1) ||
      !isfinite(target_sigma) || !(target_sigma > 0) || !(max_exposure > 0))
    return MP_EDOM;
  if (b1 == 0.0) {
    *flag = (s1 > 0) ? MP_DISC_NO_BKG : MP_DISC_NO_EXCESS;
    *exposure = (s1 > 0) ? 0.0 : INFINITY;
    return MP_OK;
  }
  if (!(s1 > b1)) {
    *flag = MP_DISC_NO_EXCESS;
    *exposure = INFINITY;
    return MP_OK;
  }
  disc_par d = {s1, b1, target_sigma};
  /* Gaussian estimate (s - b) X / sqrt(b X) = Z as the starting point */
  double x0 = target_sigma * target_sigma * b1 / ((s1 - b1) * (s1 - b1));
  double u = log(x0), step = log(4.0), umax = log(max_exposure);
  /* a tiny target_sigma (or b1, s1 - b1 under/overflowing) gives x0 = 0 or
   * NaN: start at the smallest normal exposure instead of ln 0 = -Inf,
   * where u + step stays -Inf and the bracketing below never ends */
  const double umin = log(DBL_MIN);
  if (!(u >= umin)) u = umin;
  if (u > umax) u = umax;
  double f = disc_fn(u, &d);
  if (!isfinite(f)) return MP_EDOM;
  double lo, hi;
  if (f < 0) {
    lo = u;
    for (;;) {
      if (u >= umax) {
        *flag = MP_DISC_TOO_LARGE;
        *exposure = INFINITY;
        return MP_OK;
      }
      u = fmin(u + step, umax);
      f = disc_fn(u, &d);
      if (!isfinite(f)) return MP_EDOM;
      if (f >= 0) break;
      lo = u;
    }
    hi = u;
  } else {
    hi = u;
    for (int i = 0;; i++) {
      if (i > 200) return MP_ENOROOT;
      u -= step;
      f = disc_fn(u, &d);
      if (!isfinite(f)) return MP_EDOM;
      if (f < 0) break;
      hi = u;
    }
    lo = u;
  }
  double root;
  int status = mp_root(disc_fn, &d, lo, hi, 1e-13, rel_tol, &root);
  if (status != MP_OK) return status;
  *exposure = exp(root);
  return MP_OK;
}
