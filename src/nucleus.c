/* nucleus.c -- nuclei, Helm form factor and the CEvNS cross section with
 * the A' terms (paper Eq. 33). Pure C: energies in
 * GeV, cross sections in cm^2 / GeV. */
#include <math.h>
#include "mp.h"
#include "model.h"
#include "nucleus.h"

#define MP_HBARC_FM 0.1973269804 /* GeV fm */

double mp_helm_radius_fm(double A) {
  /* Lewin-Smith: c = 1.23 A^(1/3) - 0.60 fm, a = 0.52 fm,
   * s = 0.9 fm, r_n^2 = c^2 + (7/3) pi^2 a^2 - 5 s^2 */
  const double a = 0.52, s = 0.9;
  double c = 1.23 * cbrt(A) - 0.60;
  double rn2 = c * c + 7.0 / 3.0 * M_PI * M_PI * a * a - 5.0 * s * s;
  return rn2 > 0.0 ? sqrt(rn2) : NAN;
}

/* 3 j1(x) / x, by its series near 0 (the closed form cancels there) */
static double three_j1_over_x(double x) {
  if (fabs(x) < 0.05) {
    double x2 = x * x;
    return 1.0 - x2 / 10.0 * (1.0 - x2 / 28.0 * (1.0 - x2 / 54.0));
  }
  return 3.0 * (sin(x) - x * cos(x)) / (x * x * x);
}

double mp_helm_ff(const mp_isotope *iso, double er_gev) {
  if (!(er_gev >= 0.0) || !(iso->mass_gev > 0.0)) return NAN;
  const double s = 0.9; /* fm */
  double rn = mp_helm_radius_fm(iso->Z + iso->N);
  double q = sqrt(2.0 * iso->mass_gev * er_gev) / MP_HBARC_FM; /* fm^-1 */
  /* Helm: F(q) = 3 j1(q r_n)/(q r_n) exp(-q^2 s^2 / 2) */
  return three_j1_over_x(q * rn) * exp(-0.5 * q * q * s * s);
}

double mp_cevns_enu_min(const mp_isotope *iso, double er_gev) {
  /* exact inverse of E_R^max = 2 E^2 / (M + 2 E); ~ sqrt(M E_R / 2) (Eq. 35) */
  return 0.5 * (er_gev + sqrt(er_gev * er_gev + 2.0 * iso->mass_gev * er_gev));
}

int mp_cevns_reduced(const mp_model *m, const mp_isotope *iso, int flavour,
                     double sin2w, double er_gev, double mass_gev,
                     double rel_tol, double K[3]) {
  K[0] = K[1] = K[2] = NAN;
  if (flavour < 0 || flavour > 2 || !(er_gev >= 0.0) || !isfinite(er_gev) ||
      !(mass_gev > 0.0) || !isfinite(mass_gev) || !(iso->mass_gev > 0.0) ||
      !isfinite(sin2w))
    return MP_EDOM;
  double MN = iso->mass_gev;
  double F = mp_helm_ff(iso, er_gev);
  /* Eq. 33: G_F^2 M_N / pi F^2, converted to cm^2 / GeV */
  double pref = MP_GF * MP_GF * MN / M_PI * F * F * MP_HBARC2;
  double QnuN = iso->N - (1.0 - 4.0 * sin2w) * iso->Z; /* Eq. 33 */
  K[0] = pref * QnuN * QnuN / 4.0;
  K[1] = K[2] = 0.0;
  double qx = m->q[flavour];
  if (qx == 0.0) return MP_OK;
  /* g eps = k g^p1 with eps taken at q^2 = -2 M_N E_R (loop mixing) */
  double k = 0.0;
  int status = mp_mixing_factor(m, -2.0 * MN * er_gev, rel_tol, &k);
  if (status != MP_OK) {
    K[0] = K[1] = K[2] = NAN;
    return status;
  }
  double D = 2.0 * MN * er_gev + mass_gev * mass_gev; /* A' propagator */
  double ez = MP_E_CHARGE * iso->Z * qx * k;
  /* Eq. 33: interference and pure A' terms */
  K[1] = pref * ez * QnuN / (M_SQRT2 * MP_GF * D);
  K[2] = pref * ez * ez / (2.0 * MP_GF * MP_GF * D * D);
  return MP_OK;
}

int mp_cevns_coef(const mp_model *m, const mp_isotope *iso, int flavour,
                  double sin2w, double enu_gev, double er_gev,
                  double mass_gev, double rel_tol, double c[3]) {
  c[0] = c[1] = c[2] = NAN;
  if (!(enu_gev > 0.0) || !isfinite(enu_gev)) return MP_EDOM;
  double K[3];
  int status = mp_cevns_reduced(m, iso, flavour, sin2w, er_gev, mass_gev,
                                rel_tol, K);
  if (status != MP_OK) return status;
  double MN = iso->mass_gev;
  /* kinematic limit E_R <= 2 E^2 / (M_N + 2 E) */
  if (er_gev > 2.0 * enu_gev * enu_gev / (MN + 2.0 * enu_gev)) {
    c[0] = c[1] = c[2] = 0.0;
    return MP_OK;
  }
  double kin = 1.0 - MN * er_gev / (2.0 * enu_gev * enu_gev); /* Eq. 33 */
  for (int i = 0; i < 3; i++) c[i] = K[i] * kin;
  return MP_OK;
}
