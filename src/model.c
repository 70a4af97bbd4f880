/* model.c -- kinetic mixing (Eqs. 10-12), widths and decay length (Eq. 23). */
#include <math.h>
#include <gsl/gsl_errno.h>
#include "mp.h"
#include "quad.h"
#include "model.h"

static const double lepton_mass[3] = {MP_ME, MP_MMU, MP_MTAU};

typedef struct {
  double m2;  /* lepton mass squared */
  double q2;  /* momentum transfer squared */
} loop_par;

/* x(1-x) log|1 - x(1-x) q2/m^2|: the q2-dependent part of Eq. 10 */
static double loop_integrand(double x, void *p) {
  const loop_par *lp = (const loop_par *)p;
  double y = x * (1.0 - x);
  double arg = fabs(1.0 - y * lp->q2 / lp->m2);
  if (arg == 0.0) return 0.0; /* integrable log singularity at a break point */
  return y * log(arg);
}

int mp_loop_kappa(const double q[3], double q2, double mu_gev, double rel_tol,
                  double *kappa) {
  *kappa = NAN;
  if (!isfinite(q2) || !(mu_gev > 0) || !isfinite(mu_gev)) return MP_EDOM;
  /* Eq. 10 with the electric charge -1 absorbed in the sign convention
   * (Eq. 10): eps/g = e/(2 pi^2) sum_f Qx_f int_0^1 x(1-x)
   * log((m_f^2 - x(1-x) q^2)/mu^2) dx; the mu-independent split is
   * int x(1-x) log|1 - x(1-x) q2/m^2| dx + (1/6) log(m^2/mu^2). */
  double sum = 0.0, qsum = 0.0;
  for (int f = 0; f < 3; f++) {
    if (q[f] == 0.0) continue;
    double m2 = lepton_mass[f] * lepton_mass[f];
    double integral = 0.0, err = 0.0;
    if (q2 != 0.0) {
      loop_par lp = {m2, q2};
      double pts[2];
      size_t npts = 0;
      if (q2 > 4.0 * m2) { /* timelike above threshold: log singularities */
        double r = sqrt(1.0 - 4.0 * m2 / q2);
        pts[0] = 0.5 * (1.0 - r);
        pts[1] = 0.5 * (1.0 + r);
        npts = 2;
      }
      mp_tol tol = mp_tol_default(rel_tol);
      tol.abs = 1e-15;
      int status = mp_integrate_pts(&loop_integrand, &lp, 0.0, 1.0, pts, npts,
                                    tol, &integral, &err);
      if (status != MP_OK) return status;
    }
    /* log(m^2/mu^2) split as log m^2 - log mu^2: no overflow of mu^2 for
     * extreme scales, and the mu dependence cancels exactly when the
     * charges sum to zero (Eq. 12) */
    sum += q[f] * (integral + log(m2) / 6.0);
    qsum += q[f];
  }
  if (qsum != 0.0) sum -= qsum * log(mu_gev) / 3.0;
  *kappa = MP_E_CHARGE / (2.0 * M_PI * M_PI) * sum;
  if (!isfinite(*kappa)) return GSL_EOVRFLW;
  return MP_OK;
}

int mp_epsilon_coef(const mp_model *m, double q2, double rel_tol,
                    double *eps_per_g, double *eps_fixed) {
  *eps_per_g = 0.0;
  *eps_fixed = 0.0;
  switch (m->mixing) {
  case MP_MIX_RATIO:
    *eps_per_g = m->mix_value; /* eps = kappa g, kappa ~ -1/70 (Eq. 11) */
    return MP_OK;
  case MP_MIX_LOOP:
    return mp_loop_kappa(m->q, q2, m->mix_value, rel_tol, eps_per_g);
  case MP_MIX_FIXED:
    *eps_fixed = m->mix_value;
    return MP_OK;
  default:
    return MP_EDOM;
  }
}

/* Vector boson of coupling c to a lepton of mass ml (partial width, Sect. 2 of the paper). */
static double width_charged(double c, double M, double ml) {
  double r = 4.0 * ml * ml / (M * M);
  if (r >= 1.0) return 0.0;
  return c * c * M / (12.0 * M_PI) * (1.0 + 0.5 * r) * sqrt(1.0 - r);
}

int mp_widths(const mp_model *m, double g, double mass_gev, double rel_tol,
              double widths[MP_NCHANNEL]) {
  for (int i = 0; i < MP_NCHANNEL; i++) widths[i] = NAN;
  if (!(mass_gev > 0) || !isfinite(mass_gev) || !isfinite(g)) return MP_EDOM;
  double epg = 0.0, e0 = 0.0;
  /* the mixing of an on-shell A' is taken at q^2 = M^2 (real part) */
  int status = mp_epsilon_coef(m, mass_gev * mass_gev, rel_tol, &epg, &e0);
  if (status != MP_OK) return status;
  double eps = epg * g + e0;
  for (int f = 0; f < 3; f++) {
    double gq = g * m->q[f];
    widths[f] = gq * gq * mass_gev / (24.0 * M_PI); /* one left-handed nu */
    /* charged lepton: g Q plus the photon-like coupling e eps (Eq. 9) */
    widths[3 + f] = width_charged(gq + MP_E_CHARGE * eps, mass_gev,
                                  lepton_mass[f]);
  }
  /* extreme couplings, charges or masses: the widths leave double range */
  double tot = 0.0;
  for (int i = 0; i < MP_NCHANNEL; i++) {
    if (!isfinite(widths[i])) return GSL_EOVRFLW;
    tot += widths[i];
  }
  if (!isfinite(tot)) return GSL_EOVRFLW;
  if (!(tot > 0.0)) return GSL_EUNDRFLW;
  return MP_OK;
}

int mp_br_invisible(const mp_model *m, double g, double mass_gev,
                    double rel_tol, double *br) {
  double w[MP_NCHANNEL];
  *br = NAN;
  int status = mp_widths(m, g, mass_gev, rel_tol, w);
  if (status != MP_OK) return status;
  double inv = w[0] + w[1] + w[2], tot = inv + w[3] + w[4] + w[5];
  *br = tot > 0 ? inv / tot : NAN;
  return MP_OK;
}

int mp_decay_length_cm(const mp_model *m, double g, double mass_gev,
                       double energy_gev, double rel_tol, double *length_cm) {
  double w[MP_NCHANNEL];
  *length_cm = NAN;
  if (!(energy_gev >= mass_gev)) return MP_EDOM;
  int status = mp_widths(m, g, mass_gev, rel_tol, w);
  if (status != MP_OK) return status;
  double tot = 0.0;
  for (int i = 0; i < MP_NCHANNEL; i++) tot += w[i];
  /* (E - M)(E + M): no overflow of E^2, no cancellation near E = M */
  double p = sqrt(energy_gev - mass_gev) * sqrt(energy_gev + mass_gev);
  /* Eq. 23: l = (p/M) hbar c / Gamma */
  *length_cm = (p / mass_gev) * MP_HBARC / tot;
  if (!isfinite(*length_cm)) return GSL_EOVRFLW;
  return MP_OK;
}

void mp_coupling_powers(const mp_model *m, int powers[3]) {
  powers[0] = 0;
  if (m->mixing == MP_MIX_FIXED) {
    powers[1] = 1;
    powers[2] = 2;
  } else {
    powers[1] = 2;
    powers[2] = 4;
  }
}

int mp_mixing_factor(const mp_model *m, double q2, double rel_tol, double *k) {
  double epg = 0.0, e0 = 0.0;
  int status = mp_epsilon_coef(m, q2, rel_tol, &epg, &e0);
  *k = (m->mixing == MP_MIX_FIXED) ? e0 : epg;
  return status;
}
