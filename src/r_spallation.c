/* r_spallation.c -- R glue for spallation.c. A detector arrives as
 * iso = c(Z..., N..., mass_gev..., weight...) (4 x niso), par = c(sin2w,
 * exposure_cm2inv, threshold_gev) and the efficiency table (eff_x in keV,
 * eff_y; both empty for 100 %). */
#include "r_util.h"
#include "mp.h"
#include "quad.h"
#include "spallation.h"

SEXP ffi_pidar_flux(SEXP component, SEXP enu_gev) {
  int c = (int)mp_real_to_int(mp_real_scalar(component, "component"), 0, 64, "component");
  R_xlen_t n = XLENGTH(enu_gev);
  const double *pe = mp_real_arg(enu_gev, -1, "enu_gev");
  SEXP out = PROTECT(Rf_allocVector(REALSXP, n));
  for (R_xlen_t i = 0; i < n; i++) REAL(out)[i] = mp_pidar_flux(c, pe[i]);
  UNPROTECT(1);
  return out;
}

SEXP ffi_pidar_line(void) { return Rf_ScalarReal(mp_pidar_line_gev()); }

/* Fill d from the R arguments; *spline must be freed by the caller. */
static void detector_from_sexp(SEXP iso, SEXP par, SEXP eff_x, SEXP eff_y,
                               mp_spallation *d, mp_isotope **isos,
                               double **weights, mp_spline **spline) {
  R_xlen_t n4 = XLENGTH(iso);
  const double *pi = mp_real_arg(iso, -1, "iso");
  if (n4 == 0 || n4 % 4 != 0) Rf_error("muonphilic internal: bad isotope table");
  size_t niso = (size_t)(n4 / 4);
  const double *pp = mp_real_arg(par, 3, "par");
  R_xlen_t ne = XLENGTH(eff_x);
  const double *px = mp_real_arg(eff_x, -1, "eff_x");
  const double *py = mp_real_arg(eff_y, ne, "eff_y");
  *isos = (mp_isotope *)R_alloc(niso, sizeof(mp_isotope));
  *weights = (double *)R_alloc(niso, sizeof(double));
  for (size_t j = 0; j < niso; j++) {
    (*isos)[j].Z = pi[j];
    (*isos)[j].N = pi[niso + j];
    (*isos)[j].mass_gev = pi[2 * niso + j];
    (*weights)[j] = pi[3 * niso + j];
  }
  d->iso = *isos;
  d->weight = *weights;
  d->niso = niso;
  d->sin2w = pp[0];
  d->exposure = pp[1];
  d->threshold_gev = pp[2];
  *spline = NULL;
  if (ne > 0) {
    int status = mp_spline_new(px, py, (size_t)ne, 0, spline);
    mp_check_status(status, "efficiency spline");
  }
  d->eff = *spline;
}

/* Free the efficiency spline and the protected result, then raise the
 * error of a failed physics call. */
static void spallation_fail(mp_spline *sp, int status, const char *what) {
  mp_spline_free(sp);
  UNPROTECT(1);
  mp_check_status(status, what);
}

/* Counts (g != R_NilValue: matrix nbins x npoints at (g[i], mass[i])) or
 * count terms (g == R_NilValue: array nbins x 3 x nmass) of Eq. 32. */
static SEXP spallation_bins(SEXP spec, SEXP iso, SEXP par, SEXP eff_x,
                            SEXP eff_y, SEXP edges_gev, SEXP g,
                            SEXP mass_gev, SEXP tol) {
  mp_model m = mp_model_from_sexp(spec);
  R_xlen_t ne = XLENGTH(edges_gev);
  const double *pe = mp_real_arg(edges_gev, -1, "edges_gev");
  if (ne < 2) Rf_error("muonphilic internal: need two bin edges");
  R_xlen_t n = XLENGTH(mass_gev);
  const double *pm = mp_real_arg(mass_gev, -1, "mass_gev");
  const double *pg = Rf_isNull(g) ? NULL : mp_real_arg(g, n, "g");
  double rt = mp_tol_arg(tol);
  size_t nb = (size_t)(ne - 1), per = pg ? nb : 3 * nb;
  /* dimensions are range-checked (and may raise) before the spline allocates */
  int nrow = mp_dim(ne - 1), ncol = mp_dim(n);
  mp_spallation d;
  mp_isotope *isos;
  double *w;
  mp_spline *sp;
  detector_from_sexp(iso, par, eff_x, eff_y, &d, &isos, &w, &sp);
  SEXP out = PROTECT(pg ? Rf_allocMatrix(REALSXP, nrow, ncol)
                        : Rf_allocVector(REALSXP, (R_xlen_t)per * n));
  for (R_xlen_t i = 0; i < n; i++) {
    double *dst = REAL(out) + per * (size_t)i;
    int status = pg ? mp_spallation_counts(&d, &m, pg[i], pm[i], pe, nb, rt, dst)
                    : mp_spallation_terms(&d, &m, pm[i], pe, nb, rt, dst);
    if (status != MP_OK)
      spallation_fail(sp, status, pg ? "spallation CEvNS counts (Eq. 32)"
                                     : "spallation CEvNS count terms (Eq. 32)");
  }
  mp_spline_free(sp);
  UNPROTECT(1);
  return out;
}

SEXP ffi_spallation_counts(SEXP spec, SEXP iso, SEXP par, SEXP eff_x,
                           SEXP eff_y, SEXP edges_gev, SEXP g, SEXP mass_gev,
                           SEXP tol) {
  return spallation_bins(spec, iso, par, eff_x, eff_y, edges_gev, g, mass_gev,
                         tol);
}

SEXP ffi_spallation_terms(SEXP spec, SEXP iso, SEXP par, SEXP eff_x,
                          SEXP eff_y, SEXP edges_gev, SEXP mass_gev, SEXP tol) {
  return spallation_bins(spec, iso, par, eff_x, eff_y, edges_gev, R_NilValue,
                         mass_gev, tol);
}

/* dN/dE_R (per GeV) at er[i] for (g[i], mass[i]) */
SEXP ffi_spallation_rate(SEXP spec, SEXP iso, SEXP par, SEXP eff_x,
                         SEXP eff_y, SEXP g, SEXP mass_gev, SEXP er_gev,
                         SEXP tol) {
  mp_model m = mp_model_from_sexp(spec);
  R_xlen_t n = XLENGTH(er_gev);
  const double *pr = mp_real_arg(er_gev, -1, "er_gev");
  const double *pg = mp_real_arg(g, n, "g");
  const double *pm = mp_real_arg(mass_gev, n, "mass_gev");
  double rt = mp_tol_arg(tol);
  mp_spallation d;
  mp_isotope *isos;
  double *w;
  mp_spline *sp;
  detector_from_sexp(iso, par, eff_x, eff_y, &d, &isos, &w, &sp);
  SEXP out = PROTECT(Rf_allocVector(REALSXP, n));
  for (R_xlen_t i = 0; i < n; i++) {
    int status = mp_spallation_rate(&d, &m, pg[i], pm[i], pr[i], rt,
                                    REAL(out) + i);
    if (status != MP_OK)
      spallation_fail(sp, status, "spallation CEvNS rate (Eq. 32)");
  }
  mp_spline_free(sp);
  UNPROTECT(1);
  return out;
}

const R_CallMethodDef mp_calls_spallation[] = {
    {"ffi_pidar_flux", (DL_FUNC)&ffi_pidar_flux, 2},
    {"ffi_pidar_line", (DL_FUNC)&ffi_pidar_line, 0},
    {"ffi_spallation_counts", (DL_FUNC)&ffi_spallation_counts, 9},
    {"ffi_spallation_terms", (DL_FUNC)&ffi_spallation_terms, 8},
    {"ffi_spallation_rate", (DL_FUNC)&ffi_spallation_rate, 9},
    {NULL, NULL, 0}};
