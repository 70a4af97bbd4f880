/* gm2.c -- the one-loop muon g-2 shift of a vector (Eq. 13). */
#include <math.h>
#include <gsl/gsl_errno.h>
#include "mp.h"
#include "quad.h"
#include "gm2.h"

static double gm2_integrand(double u, void *p) {
  double r2 = *(const double *)p; /* M^2 / m_mu^2 = 1/x_mu^2 */
  return u * u * (1.0 - u) / (u * u + (1.0 - u) * r2);
}

int mp_delta_amu(double q_mu, double g, double mass_gev, double rel_tol,
                 double *damu) {
  *damu = NAN;
  if (!(mass_gev > 0) || !isfinite(mass_gev) || !isfinite(g)) return MP_EDOM;
  double r2 = (mass_gev / MP_MMU) * (mass_gev / MP_MMU);
  double integral = 0.0, err = 0.0;
  mp_tol tol = mp_tol_default(rel_tol);
  /* the integrand peaks near u ~ 1 - u^2/r2 for heavy M: help QAGS there */
  double pts[1] = {1.0 - 1.0 / (1.0 + sqrt(r2))};
  int status = mp_integrate_pts(&gm2_integrand, &r2, 0.0, 1.0, pts, 1, tol,
                                &integral, &err);
  if (status != MP_OK) return status;
  /* Eq. 13: Delta a_mu = Q^2 (alpha_x / pi) int ..., alpha_x = g^2/(4 pi) */
  *damu = q_mu * q_mu * (g * g / (4.0 * M_PI)) / M_PI * integral;
  if (!isfinite(*damu)) return GSL_EOVRFLW; /* |g Q| beyond ~1e150 */
  return MP_OK;
}
