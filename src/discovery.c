/* discovery.c -- median (Asimov) discovery significance of a counting
 * experiment, Z_A = sqrt(2 ((s + b) ln(1 + s/b) - s)) (Cowan, Cranmer,
 * Gross, Vitells, EPJC 71 (2011) 1554, Eq. 97), in place of the continued
 * Poisson p-value of Eq. 38 (which goes negative below one event; see the
 * vignette "Where muonphilic differs from the paper"), and the exposure
 * needed for a given significance. */
#include <float.h>
#include <math.h>
#include "mp.h"
#include "stats.h"
#include "discovery.h"

/* q_0 = 2 ((s + b) ln(1 + s/b) - s) for n = s + b expected events against a
 * background-only mean b: the Asimov log-likelihood ratio of one bin. */
static double asimov_q0(double n, double b) {
  if (n == b) return 0.0;
  if (b == 0.0) return INFINITY;
  double s = n - b, r = s / b;
  /* (s + b) ln(1 + r) - s, with log1p for small r */
  double q = 2.0 * (n * log1p(r) - s);
  return q > 0.0 ? q : 0.0;
}

int mp_asimov_z(const double *n, const double *b, size_t nbin, double *z) {
  *z = NAN;
  double q = 0.0, excess = 0.0;
  for (size_t i = 0; i < nbin; i++) {
    if (!(n[i] >= 0.0) || !(b[i] >= 0.0) || !isfinite(n[i]) || !isfinite(b[i]))
      return MP_EDOM;
    if (b[i] == 0.0 && n[i] == 0.0) continue;
    q += asimov_q0(n[i], b[i]);
    excess += n[i] - b[i];
  }
  /* a deficit counts as negative evidence; an excess is never negative */
  *z = (excess < 0.0) ? -sqrt(q) : sqrt(q);
  return MP_OK;
}

int mp_discovery_sigma(double n_obs, double b, double *p, double *sigma) {
  *p = NAN;
  *sigma = NAN;
  int status = mp_asimov_z(&n_obs, &b, 1, sigma);
  if (status != MP_OK) return status;
  *p = 0.5 * erfc(*sigma / sqrt(2.0)); /* one-sided Gaussian p of Z */
  return MP_OK;
}

int mp_discovery_exposure(double s1, double b1, double target_sigma,
                          double max_exposure, double rel_tol,
                          double *exposure, int *flag) {
  (void)rel_tol;
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
  /* q_0 is linear in the exposure X (both means scale with X), so
   * Z_A(X) = sqrt(X) Z_A(1) and X = (target / Z_A(1))^2 in closed form */
  double z1;
  int status = mp_asimov_z(&s1, &b1, 1, &z1);
  if (status != MP_OK) return status;
  if (!(z1 > 0.0)) {
    *flag = MP_DISC_NO_EXCESS;
    *exposure = INFINITY;
    return MP_OK;
  }
  double x = (target_sigma / z1) * (target_sigma / z1);
  if (!(x <= max_exposure)) {
    *flag = MP_DISC_TOO_LARGE;
    *exposure = INFINITY;
    return MP_OK;
  }
  /* a target so small that the exposure underflows: the smallest normal
   * exposure (any exposure reaches it) */
  if (!(x >= DBL_MIN)) x = DBL_MIN;
  *exposure = x;
  return MP_OK;
}
