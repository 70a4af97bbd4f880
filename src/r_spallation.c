/* r_spallation.c -- R glue for the binned CEvNS integrator (spallation.c)
 * and the pi-DAR source. A detector and its source arrive as named lists
 * (read with mp_list_real). */
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

/* The pi-DAR source of Eq. 31 as data (unit intensity per component):
 * list(line_gev, end_gev, coef_numubar, coef_nue). */
SEXP ffi_pidar_source(void) {
  const char *nms[] = {"line_gev", "end_gev", "coef_numubar", "coef_nue", ""};
  SEXP out = PROTECT(Rf_mkNamed(VECSXP, nms));
  SET_VECTOR_ELT(out, 0, Rf_ScalarReal(mp_pidar_line_gev()));
  SET_VECTOR_ELT(out, 1, Rf_ScalarReal(0.5 * MP_MMU));
  SEXP a = Rf_allocVector(REALSXP, MP_SOURCE_NCOEF);
  SET_VECTOR_ELT(out, 2, a);
  mp_pidar_coef(MP_PIDAR_NUMUBAR, REAL(a));
  SEXP b = Rf_allocVector(REALSXP, MP_SOURCE_NCOEF);
  SET_VECTOR_ELT(out, 3, b);
  mp_pidar_coef(MP_PIDAR_NUE, REAL(b));
  UNPROTECT(1);
  return out;
}

/* The source from its named list: line_flavour, line_gev, line_weight
 * (one per line), seg_flavour, seg_lo_gev, seg_hi_gev (one per segment)
 * and seg_coef (c0..c3 per segment). Flavours are whole numbers 0..2. */
static int *flavours(SEXP x, const char *name, R_xlen_t n) {
  const double *v = mp_list_real(x, name, n);
  int *out = (int *)R_alloc((size_t)(n > 0 ? n : 1), sizeof(int));
  for (R_xlen_t i = 0; i < n; i++)
    out[i] = (int)mp_real_to_int(v[i], 0, 2, name);
  return out;
}

static void source_from_sexp(SEXP x, mp_source *s) {
  R_xlen_t nl = mp_list_length(x, "line_gev");
  R_xlen_t ns = mp_list_length(x, "seg_lo_gev");
  s->nlines = (size_t)nl;
  s->line_flavour = flavours(x, "line_flavour", nl);
  s->line_gev = mp_list_real(x, "line_gev", nl);
  s->line_weight = mp_list_real(x, "line_weight", nl);
  s->nseg = (size_t)ns;
  s->seg_flavour = flavours(x, "seg_flavour", ns);
  s->seg_lo_gev = mp_list_real(x, "seg_lo_gev", ns);
  s->seg_hi_gev = mp_list_real(x, "seg_hi_gev", ns);
  s->seg_coef = mp_list_real(x, "seg_coef", MP_SOURCE_NCOEF * ns);
}

/* Fill d from the detector's named list (Z, N, mass_gev, weight per
 * isotope; sin2w, exposure_cm2, threshold_gev; eff_x_kev, eff_y, both
 * empty for 100 %; sigma_x_kev, sigma_kev, both empty without smearing)
 * and the source's; the splines must be freed with detector_free(). Every
 * SEXP is read before the splines allocate. */
static void detector_from_sexp(SEXP det, SEXP src, mp_spallation *d,
                               mp_source *s, mp_spline **spline) {
  R_xlen_t nr = mp_list_length(det, "sigma_x_kev");
  const double *rx = mp_list_real(det, "sigma_x_kev", nr);
  const double *ry = mp_list_real(det, "sigma_kev", nr);
  R_xlen_t niso = mp_list_length(det, "Z");
  if (niso == 0) Rf_error("muonphilic internal: no isotopes");
  const double *pz = mp_list_real(det, "Z", niso);
  const double *pn = mp_list_real(det, "N", niso);
  const double *pm = mp_list_real(det, "mass_gev", niso);
  R_xlen_t ne = mp_list_length(det, "eff_x_kev");
  const double *px = mp_list_real(det, "eff_x_kev", ne);
  const double *py = mp_list_real(det, "eff_y", ne);
  mp_isotope *isos = (mp_isotope *)R_alloc((size_t)niso, sizeof(mp_isotope));
  for (R_xlen_t j = 0; j < niso; j++) {
    isos[j].Z = pz[j];
    isos[j].N = pn[j];
    isos[j].mass_gev = pm[j];
  }
  source_from_sexp(src, s);
  d->src = s;
  d->iso = isos;
  d->weight = mp_list_real(det, "weight", niso);
  d->niso = (size_t)niso;
  d->sin2w = mp_list_real(det, "sin2w", 1)[0];
  d->exposure = mp_list_real(det, "exposure_cm2", 1)[0];
  d->threshold_gev = mp_list_real(det, "threshold_gev", 1)[0];
  *spline = NULL;
  d->eff = NULL;
  d->sigma = NULL;
  if (ne > 0) {
    int status = mp_spline_new(px, py, (size_t)ne, 0, spline);
    mp_check_status(status, "efficiency spline");
  }
  d->eff = *spline;
  if (nr > 0) {
    mp_spline *sg = NULL;
    int status = mp_spline_new(rx, ry, (size_t)nr, 0, &sg);
    if (status != MP_OK) {
      mp_spline_free(*spline);
      mp_check_status(status, "resolution spline");
    }
    d->sigma = sg;
  }
}

static void detector_free(mp_spallation *d) {
  mp_spline_free((mp_spline *)d->eff);
  mp_spline_free((mp_spline *)d->sigma);
}

/* Free the splines and the protected result, then raise the error of a
 * failed physics call. */
static void spallation_fail(mp_spallation *d, int status, const char *what) {
  detector_free(d);
  UNPROTECT(1);
  mp_check_status(status, what);
}

/* Counts (g != R_NilValue: matrix nbins x npoints at (g[i], mass[i])) or
 * count terms (g == R_NilValue: array nbins x 3 x nmass) of Eq. 32. */
static SEXP spallation_bins(SEXP spec, SEXP det, SEXP src, SEXP edges_gev,
                            SEXP g, SEXP mass_gev, SEXP tol) {
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
  mp_source s;
  mp_spline *sp;
  /* the result is allocated before the splines (no malloc'd memory across
   * an R allocation that can raise) */
  SEXP out = PROTECT(pg ? Rf_allocMatrix(REALSXP, nrow, ncol)
                        : Rf_allocVector(REALSXP, (R_xlen_t)per * n));
  detector_from_sexp(det, src, &d, &s, &sp);
  for (R_xlen_t i = 0; i < n; i++) {
    double *dst = REAL(out) + per * (size_t)i;
    int status = pg ? mp_spallation_counts(&d, &m, pg[i], pm[i], pe, nb, rt, dst)
                    : mp_spallation_terms(&d, &m, pm[i], pe, nb, rt, dst);
    if (status != MP_OK)
      spallation_fail(&d, status, pg ? "spallation CEvNS counts (Eq. 32)"
                                     : "spallation CEvNS count terms (Eq. 32)");
  }
  detector_free(&d);
  UNPROTECT(1);
  return out;
}

SEXP ffi_cevns_counts(SEXP spec, SEXP det, SEXP src, SEXP edges_gev, SEXP g,
                      SEXP mass_gev, SEXP tol) {
  return spallation_bins(spec, det, src, edges_gev, g, mass_gev, tol);
}

SEXP ffi_cevns_terms(SEXP spec, SEXP det, SEXP src, SEXP edges_gev,
                     SEXP mass_gev, SEXP tol) {
  return spallation_bins(spec, det, src, edges_gev, R_NilValue, mass_gev, tol);
}

/* dN/dE_R (per GeV) at er[i] for (g[i], mass[i]) */
SEXP ffi_cevns_rate(SEXP spec, SEXP det, SEXP src, SEXP g, SEXP mass_gev,
                    SEXP er_gev, SEXP tol) {
  mp_model m = mp_model_from_sexp(spec);
  R_xlen_t n = XLENGTH(er_gev);
  const double *pr = mp_real_arg(er_gev, -1, "er_gev");
  const double *pg = mp_real_arg(g, n, "g");
  const double *pm = mp_real_arg(mass_gev, n, "mass_gev");
  double rt = mp_tol_arg(tol);
  mp_spallation d;
  mp_source s;
  mp_spline *sp;
  SEXP out = PROTECT(Rf_allocVector(REALSXP, n));
  detector_from_sexp(det, src, &d, &s, &sp);
  for (R_xlen_t i = 0; i < n; i++) {
    int status = mp_spallation_rate(&d, &m, pg[i], pm[i], pr[i], rt,
                                    REAL(out) + i);
    if (status != MP_OK)
      spallation_fail(&d, status, "spallation CEvNS rate (Eq. 32)");
  }
  detector_free(&d);
  UNPROTECT(1);
  return out;
}

const R_CallMethodDef mp_calls_spallation[] = {
    {"ffi_pidar_flux", (DL_FUNC)&ffi_pidar_flux, 2},
    {"ffi_pidar_line", (DL_FUNC)&ffi_pidar_line, 0},
    {"ffi_pidar_source", (DL_FUNC)&ffi_pidar_source, 0},
    {"ffi_cevns_counts", (DL_FUNC)&ffi_cevns_counts, 7},
    {"ffi_cevns_terms", (DL_FUNC)&ffi_cevns_terms, 6},
    {"ffi_cevns_rate", (DL_FUNC)&ffi_cevns_rate, 7},
    {NULL, NULL, 0}};
