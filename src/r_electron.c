/* r_electron.c -- R glue for electron.c. */
#include "r_util.h"
#include "mp.h"
#include "electron.h"

/* Eq. 36 coefficients (n x 3 matrix, cm^2/GeV) for recycled inputs of a
 * common length n (recycled in R). */
SEXP ffi_electron_coef(SEXP model, SEXP flavour, SEXP sin2w, SEXP enu_gev,
                       SEXP t_gev, SEXP mass_gev, SEXP tol) {
  mp_model m = mp_model_from_sexp(model);
  R_xlen_t n = XLENGTH(enu_gev);
  const double *fl = mp_real_arg(flavour, n, "flavour");
  const double *e = mp_real_arg(enu_gev, n, "enu_gev");
  const double *t = mp_real_arg(t_gev, n, "t_gev");
  const double *ma = mp_real_arg(mass_gev, n, "mass_gev");
  double s2w = mp_real_scalar(sin2w, "sin2w"), rt = mp_tol_arg(tol);
  SEXP out = PROTECT(Rf_allocMatrix(REALSXP, (int)n, 3));
  double *o = REAL(out);
  int status = MP_OK;
  for (R_xlen_t i = 0; i < n && status == MP_OK; i++) {
    double c[3];
    status = mp_electron_coef(&m, (int)fl[i], s2w, e[i], t[i], ma[i], rt, c);
    for (int k = 0; k < 3; k++) o[i + n * k] = c[k];
  }
  UNPROTECT(1);
  mp_check_status(status, "electron cross-section coefficients (Eq. 36)");
  return out;
}

/* Eq. 36 at coupling g (cm^2/GeV). */
SEXP ffi_electron_xsec(SEXP model, SEXP g, SEXP flavour, SEXP sin2w,
                       SEXP enu_gev, SEXP t_gev, SEXP mass_gev, SEXP tol) {
  mp_model m = mp_model_from_sexp(model);
  R_xlen_t n = XLENGTH(enu_gev);
  const double *gg = mp_real_arg(g, n, "g");
  const double *fl = mp_real_arg(flavour, n, "flavour");
  const double *e = mp_real_arg(enu_gev, n, "enu_gev");
  const double *t = mp_real_arg(t_gev, n, "t_gev");
  const double *ma = mp_real_arg(mass_gev, n, "mass_gev");
  double s2w = mp_real_scalar(sin2w, "sin2w"), rt = mp_tol_arg(tol);
  SEXP out = PROTECT(Rf_allocVector(REALSXP, n));
  int status = MP_OK;
  for (R_xlen_t i = 0; i < n && status == MP_OK; i++)
    status = mp_electron_xsec(&m, gg[i], (int)fl[i], s2w, e[i], t[i], ma[i],
                              rt, REAL(out) + i);
  UNPROTECT(1);
  mp_check_status(status, "electron cross section (Eq. 36)");
  return out;
}

/* Electrons per xenon atom available at t_kev (steps x RRPA). */
SEXP ffi_bound_electrons(SEXP t_kev, SEXP bind_kev, SEXP count, SEXP rrpa_e,
                         SEXP rrpa_f) {
  R_xlen_t n = XLENGTH(t_kev);
  const double *t = mp_real_arg(t_kev, -1, "t_kev");
  const double *b = mp_real_arg(bind_kev, -1, "bind_kev");
  const double *c = mp_real_arg(count, XLENGTH(bind_kev), "count");
  const double *re = mp_real_arg(rrpa_e, -1, "rrpa_e");
  const double *rf = mp_real_arg(rrpa_f, XLENGTH(rrpa_e), "rrpa_f");
  SEXP out = PROTECT(Rf_allocVector(REALSXP, n));
  for (R_xlen_t i = 0; i < n; i++)
    REAL(out)[i] = mp_bound_electrons(t[i], b, c, (size_t)XLENGTH(bind_kev), re,
                                      rf, (size_t)XLENGTH(rrpa_e));
  UNPROTECT(1);
  return out;
}

const R_CallMethodDef mp_calls_electron[] = {
    {"ffi_electron_coef", (DL_FUNC)&ffi_electron_coef, 7},
    {"ffi_electron_xsec", (DL_FUNC)&ffi_electron_xsec, 8},
    {"ffi_bound_electrons", (DL_FUNC)&ffi_bound_electrons, 5},
    {NULL, NULL, 0}};
