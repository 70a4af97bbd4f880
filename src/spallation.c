/* spallation.c -- the binned CEvNS integrator (paper Eqs. 32-33) for any
 * neutrino source given as data (source.h), and the pion-decay-at-rest
 * source of Eq. 31 as such data. The neutrino-energy integral of Eq. 32 is
 * done in closed form (mp_source_fold): the cross section of Eq. 33
 * depends on E_nu only through (1 - M_N E_R / (2 E_nu^2)) above E_nu^min,
 * lines contribute the integrand at their energy and spectra are piecewise
 * polynomials. The recoil integral is adaptive (quad.h). */
#include <math.h>
#include "mp.h"
#include "quad.h"
#include "model.h"
#include "nucleus.h"
#include "source.h"
#include "spallation.h"

#define MP_MAX_BREAKS 256

double mp_pidar_line_gev(void) {
  /* Eq. 31: E = (m_pi^2 - m_mu^2) / (2 m_pi) = 29.79 MeV */
  return (MP_MPI * MP_MPI - MP_MMU * MP_MMU) / (2.0 * MP_MPI);
}

double mp_pidar_flux(int component, double enu_gev) {
  double m = MP_MMU, x = enu_gev;
  if (!(x >= 0.0) || x > 0.5 * m) return 0.0;
  switch (component) {
  case MP_PIDAR_NUMUBAR: /* Eq. 31: 64 E^2/m^3 (3/4 - E/m) */
    return 64.0 * x * x / (m * m * m) * (0.75 - x / m);
  case MP_PIDAR_NUE: /* Eq. 31: 192 E^2/m^3 (1/2 - E/m) */
    return 192.0 * x * x / (m * m * m) * (0.5 - x / m);
  default:
    return 0.0;
  }
}

void mp_pidar_coef(int component, double c[MP_SOURCE_NCOEF]) {
  double m = MP_MMU;
  c[0] = c[1] = c[2] = c[3] = 0.0;
  if (component == MP_PIDAR_NUMUBAR) { /* Eq. 31: 64 E^2/m^3 (3/4 - E/m) */
    c[2] = 48.0 / (m * m * m);
    c[3] = -64.0 / (m * m * m * m);
  } else if (component == MP_PIDAR_NUE) { /* Eq. 31: 192 E^2/m^3 (1/2 - E/m) */
    c[2] = 96.0 / (m * m * m);
    c[3] = -192.0 / (m * m * m * m);
  }
}

static double efficiency(const mp_spallation *d, double er) {
  if (er < d->threshold_gev) return 0.0;
  if (d->eff == NULL) return 1.0;
  double e = mp_spline_eval(d->eff, er * 1e6);
  return e < 0.0 ? 0.0 : (e > 1.0 ? 1.0 : e);
}

/* The three coupling terms of dN/dE_R at er (per GeV). */
static int rate_terms(const mp_spallation *d, const mp_model *m,
                      double mass_gev, double er, double rel_tol,
                      double out[3]) {
  out[0] = out[1] = out[2] = 0.0;
  double eff = efficiency(d, er);
  if (eff == 0.0) return MP_OK;
  for (size_t j = 0; j < d->niso; j++) {
    const mp_isotope *iso = &d->iso[j];
    double c = 0.5 * iso->mass_gev * er, emin = mp_cevns_enu_min(iso, er);
    double t[3] = {0.0, 0.0, 0.0};
    /* Eq. 32: sum over flavours (mu, e, tau) of flux fold x Eq. 33 */
    static const int flav[3] = {1, 0, 2};
    for (int f = 0; f < 3; f++) {
      double fold = mp_source_fold(d->src, flav[f], c, emin);
      if (fold == 0.0) continue;
      double K[3];
      int status = mp_cevns_reduced(m, iso, flav[f], d->sin2w, er, mass_gev,
                                    rel_tol, K);
      if (status != MP_OK) return status;
      for (int k = 0; k < 3; k++) t[k] += K[k] * fold;
    }
    for (int k = 0; k < 3; k++) out[k] += d->weight[j] * t[k];
  }
  for (int k = 0; k < 3; k++) out[k] *= eff * d->exposure;
  return MP_OK;
}

typedef struct {
  const mp_spallation *d;
  const mp_model *m;
  double mass_gev, rel_tol;
  int term;          /* 0..2: one coefficient; -1: the full rate at g */
  double gp[3];      /* g^p_k for the full rate */
  int status;
  double rec_lo, rec_hi; /* with a resolution: the reconstructed bin (GeV) */
} rate_par;

/* Probability that a recoil of true energy er is reconstructed in
 * [lo, hi] for a Gaussian resolution of width sigma(er) (keV spline). */
static double smear_weight(const mp_spline *sigma, double er, double lo,
                           double hi) {
  double s = mp_spline_eval(sigma, er * 1e6) * 1e-6;
  if (!(s > 1e-15)) s = 1e-15;
  return 0.5 * (erfc((lo - er) / (M_SQRT2 * s)) - erfc((hi - er) / (M_SQRT2 * s)));
}

static double rate_integrand(double er, void *p) {
  rate_par *rp = (rate_par *)p;
  double t[3];
  int status = rate_terms(rp->d, rp->m, rp->mass_gev, er, rp->rel_tol, t);
  if (status != MP_OK) {
    rp->status = status;
    return 0.0;
  }
  double w = rp->d->sigma ? smear_weight(rp->d->sigma, er, rp->rec_lo, rp->rec_hi)
                         : 1.0;
  if (rp->term >= 0) return w * t[rp->term];
  return w * (t[0] * rp->gp[0] + t[1] * rp->gp[1] + t[2] * rp->gp[2]);
}

/* Integral of the rate over one bin, with break points at the recoil
 * endpoints of the prompt line and of the delayed spectra. */
static int bin_integral(rate_par *rp, double lo, double hi, double *value) {
  *value = 0.0;
  const mp_spallation *d = rp->d;
  /* break points at the recoil end points 2E^2/(M + 2E) of every source
   * energy (lines, spectrum ends) and isotope */
  double en[MP_MAX_BREAKS], pts[MP_MAX_BREAKS + 2], er_max = 0.0;
  size_t ne = mp_source_energies(d->src, en, MP_MAX_BREAKS), np = 0;
  if (ne > MP_MAX_BREAKS) ne = MP_MAX_BREAKS;
  for (size_t j = 0; j < d->niso; j++) {
    double MN = d->iso[j].mass_gev;
    for (size_t i = 0; i < ne && np < MP_MAX_BREAKS; i++) {
      pts[np] = 2.0 * en[i] * en[i] / (MN + 2.0 * en[i]);
      if (pts[np] > er_max) er_max = pts[np];
      np++;
    }
  }
  if (d->sigma) {
    /* Gaussian resolution: every true recoil above threshold may land in
     * the reconstructed bin [lo, hi] */
    rp->rec_lo = lo;
    rp->rec_hi = hi;
    pts[np++] = lo;
    pts[np++] = hi;
    lo = d->threshold_gev;
    hi = er_max;
    if (!(lo > 0.0)) return MP_EDOM;
  } else if (lo < d->threshold_gev) {
    lo = d->threshold_gev;
  }
  if (!(hi > lo)) return MP_OK;
  mp_tol tol = mp_tol_default(rp->rel_tol);
  double err = 0.0;
  rp->status = MP_OK;
  int status = mp_integrate_log(&rate_integrand, rp, lo, hi, pts, np, tol,
                                value, &err);
  if (status == MP_OK) status = rp->status;
  return status;
}

static int check_detector(const mp_spallation *d, double mass_gev) {
  if (d->src == NULL || mp_source_check(d->src) != MP_OK) return MP_EDOM;
  if (d->niso == 0 || !(d->exposure >= 0.0) || !isfinite(d->exposure) ||
      !(mass_gev > 0.0) || !isfinite(mass_gev) || !(d->threshold_gev >= 0.0))
    return MP_EDOM;
  return MP_OK;
}

int mp_spallation_rate(const mp_spallation *d, const mp_model *m, double g,
                       double mass_gev, double er_gev, double rel_tol,
                       double *rate) {
  *rate = NAN;
  int status = check_detector(d, mass_gev);
  if (status != MP_OK) return status;
  if (!(er_gev > 0.0) || !isfinite(g)) return MP_EDOM;
  double t[3];
  int p[3];
  mp_coupling_powers(m, p);
  status = rate_terms(d, m, mass_gev, er_gev, rel_tol, t);
  if (status != MP_OK) return status;
  *rate = t[0] + t[1] * pow(g, p[1]) + t[2] * pow(g, p[2]);
  return MP_OK;
}

int mp_spallation_counts(const mp_spallation *d, const mp_model *m, double g,
                         double mass_gev, const double *edges_gev,
                         size_t nbins, double rel_tol, double *counts) {
  int status = check_detector(d, mass_gev);
  if (status != MP_OK || !isfinite(g)) return status != MP_OK ? status : MP_EDOM;
  int p[3];
  mp_coupling_powers(m, p);
  rate_par rp = {d, m, mass_gev, rel_tol, -1,
                 {1.0, pow(g, p[1]), pow(g, p[2])}, MP_OK, 0.0, 0.0};
  for (size_t i = 0; i < nbins; i++) {
    if (!(edges_gev[i] > 0.0) || !(edges_gev[i + 1] > edges_gev[i]))
      return MP_EDOM;
    status = bin_integral(&rp, edges_gev[i], edges_gev[i + 1], &counts[i]);
    if (status != MP_OK) return status;
  }
  return MP_OK;
}

int mp_spallation_terms(const mp_spallation *d, const mp_model *m,
                        double mass_gev, const double *edges_gev,
                        size_t nbins, double rel_tol, double *terms) {
  int status = check_detector(d, mass_gev);
  if (status != MP_OK) return status;
  /* no A' terms when no neutrino of the source has a charge */
  int coupled = 0;
  for (size_t i = 0; i < d->src->nlines; i++)
    if (m->q[d->src->line_flavour[i]] != 0.0) coupled = 1;
  for (size_t i = 0; i < d->src->nseg; i++)
    if (m->q[d->src->seg_flavour[i]] != 0.0) coupled = 1;
  for (size_t i = 0; i < nbins; i++) {
    if (!(edges_gev[i] > 0.0) || !(edges_gev[i + 1] > edges_gev[i]))
      return MP_EDOM;
    for (int k = 0; k < 3; k++) {
      terms[i + nbins * k] = 0.0;
      if (k > 0 && !coupled) continue;
      rate_par rp = {d, m, mass_gev, rel_tol, k, {0.0, 0.0, 0.0}, MP_OK, 0.0, 0.0};
      status = bin_integral(&rp, edges_gev[i], edges_gev[i + 1],
                            &terms[i + nbins * k]);
      if (status != MP_OK) return status;
    }
  }
  return MP_OK;
}
