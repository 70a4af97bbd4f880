/* spallation.c -- CEvNS at spallation sources (paper Sect. 4, Eqs. 31-32;
 * SPEC section 4). The neutrino-energy integral of Eq. 32 is done in
 * closed form: the cross section of Eq. 33 depends on E_nu only through
 * (1 - M_N E_R / (2 E_nu^2)) above E_nu^min, and the delayed spectra are
 * polynomials; the prompt line (a delta) contributes the integrand at the
 * line energy. The recoil integral is adaptive (quad.h). */
#include <math.h>
#include "mp.h"
#include "quad.h"
#include "model.h"
#include "nucleus.h"
#include "spallation.h"

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

/* int_{emin}^{m/2} phi(E) (1 - c / E^2) dE for phi = a E^2 + b E^3 */
static double delayed_fold(double a, double b, double c, double emin) {
  double emax = 0.5 * MP_MMU;
  if (emin >= emax) return 0.0;
  if (emin < 0.0) emin = 0.0;
#define PRIM(E) (a * (E) * (E) * (E) / 3.0 + b * (E) * (E) * (E) * (E) / 4.0 - \
                 a * c * (E) - b * c * (E) * (E) / 2.0)
  double v = PRIM(emax) - PRIM(emin);
#undef PRIM
  return v > 0.0 ? v : 0.0;
}

/* Flux-folded kinematic factors at recoil er for one isotope:
 * fold[0] for the mu flavour (prompt line + anti-nu_mu), fold[1] for e. */
static void folds(const mp_isotope *iso, double er, double fold[2]) {
  double MN = iso->mass_gev, c = 0.5 * MN * er;
  double emin = mp_cevns_enu_min(iso, er), m = MP_MMU;
  double el = mp_pidar_line_gev();
  double prompt = (el >= emin) ? 1.0 - c / (el * el) : 0.0;
  if (prompt < 0.0) prompt = 0.0;
  fold[0] = prompt + delayed_fold(48.0 / (m * m * m), -64.0 / (m * m * m * m), c, emin);
  fold[1] = delayed_fold(96.0 / (m * m * m), -192.0 / (m * m * m * m), c, emin);
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
    double fold[2], Kmu[3], Ke[3];
    folds(&d->iso[j], er, fold);
    if (fold[0] == 0.0 && fold[1] == 0.0) continue;
    int status = mp_cevns_reduced(m, &d->iso[j], 1, d->sin2w, er, mass_gev,
                                  rel_tol, Kmu);
    if (status != MP_OK) return status;
    status = mp_cevns_reduced(m, &d->iso[j], 0, d->sin2w, er, mass_gev,
                              rel_tol, Ke);
    if (status != MP_OK) return status;
    /* Eq. 32: sum over flavours of flux x cross section */
    for (int k = 0; k < 3; k++)
      out[k] += d->weight[j] * (Kmu[k] * fold[0] + Ke[k] * fold[1]);
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
} rate_par;

static double rate_integrand(double er, void *p) {
  rate_par *rp = (rate_par *)p;
  double t[3];
  int status = rate_terms(rp->d, rp->m, rp->mass_gev, er, rp->rel_tol, t);
  if (status != MP_OK) {
    rp->status = status;
    return 0.0;
  }
  if (rp->term >= 0) return t[rp->term];
  return t[0] * rp->gp[0] + t[1] * rp->gp[1] + t[2] * rp->gp[2];
}

/* Integral of the rate over one bin, with break points at the recoil
 * endpoints of the prompt line and of the delayed spectra. */
static int bin_integral(rate_par *rp, double lo, double hi, double *value) {
  *value = 0.0;
  const mp_spallation *d = rp->d;
  if (lo < d->threshold_gev) lo = d->threshold_gev;
  if (!(hi > lo)) return MP_OK;
  double pts[64];
  size_t np = 0;
  double el = mp_pidar_line_gev(), ed = 0.5 * MP_MMU;
  for (size_t j = 0; j < d->niso && np + 2 <= 64; j++) {
    double MN = d->iso[j].mass_gev;
    pts[np++] = 2.0 * el * el / (MN + 2.0 * el);
    pts[np++] = 2.0 * ed * ed / (MN + 2.0 * ed);
  }
  mp_tol tol = mp_tol_default(rp->rel_tol);
  double err = 0.0;
  rp->status = MP_OK;
  int status = mp_integrate_log(&rate_integrand, rp, lo, hi, pts, np, tol,
                                value, &err);
  if (status == MP_OK) status = rp->status;
  return status;
}

static int check_detector(const mp_spallation *d, double mass_gev) {
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
                 {1.0, pow(g, p[1]), pow(g, p[2])}, MP_OK};
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
  /* only nu_mu and nu_e have a flux: no A' terms without their charges */
  int coupled = (m->q[0] != 0.0 || m->q[1] != 0.0);
  for (size_t i = 0; i < nbins; i++) {
    if (!(edges_gev[i] > 0.0) || !(edges_gev[i + 1] > edges_gev[i]))
      return MP_EDOM;
    for (int k = 0; k < 3; k++) {
      terms[i + nbins * k] = 0.0;
      if (k > 0 && !coupled) continue;
      rate_par rp = {d, m, mass_gev, rel_tol, k, {0.0, 0.0, 0.0}, MP_OK};
      status = bin_integral(&rp, edges_gev[i], edges_gev[i + 1],
                            &terms[i + nbins * k]);
      if (status != MP_OK) return status;
    }
  }
  return MP_OK;
}
