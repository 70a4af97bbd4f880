/* r_nucleus.c -- R glue for nucleus.c. */
#include "r_util.h"
#include "mp.h"
#include "model.h"
#include "nucleus.h"

/* Helm form factor of one isotope, list(Z, N, mass_gev), at recoils er
 * (GeV). */
SEXP ffi_helm_ff(SEXP isotope, SEXP er_gev) {
  mp_isotope iso = {mp_list_real(isotope, "Z", 1)[0],
                    mp_list_real(isotope, "N", 1)[0],
                    mp_list_real(isotope, "mass_gev", 1)[0]};
  R_xlen_t n = XLENGTH(er_gev);
  const double *pe = mp_real_arg(er_gev, -1, "er_gev");
  SEXP out = PROTECT(Rf_allocVector(REALSXP, n));
  double *po = REAL(out);
  for (R_xlen_t i = 0; i < n; i++) po[i] = mp_helm_ff(&iso, pe[i]);
  UNPROTECT(1);
  return out;
}

/* Helm radius r_n (fm) for mass numbers A. */
SEXP ffi_helm_radius(SEXP A) {
  R_xlen_t n = XLENGTH(A);
  const double *pa = mp_real_arg(A, -1, "A");
  SEXP out = PROTECT(Rf_allocVector(REALSXP, n));
  for (R_xlen_t i = 0; i < n; i++) REAL(out)[i] = mp_helm_radius_fm(pa[i]);
  UNPROTECT(1);
  return out;
}

/* Abundance-weighted dsigma/dE_R (cm^2/GeV) of a target, list(Z, N,
 * mass_gev, weight) with one value per isotope, at the points
 * (flavour[i], g[i], mA[i], enu[i], er[i]), all of length n. */
SEXP ffi_cevns_xsec(SEXP spec, SEXP target, SEXP flavour, SEXP sin2w, SEXP g,
                    SEXP ma_gev, SEXP enu_gev, SEXP er_gev, SEXP tol) {
  mp_model m = mp_model_from_sexp(spec);
  R_xlen_t niso = mp_list_length(target, "Z");
  const double *pz = mp_list_real(target, "Z", niso);
  const double *pn = mp_list_real(target, "N", niso);
  const double *pm = mp_list_real(target, "mass_gev", niso);
  const double *pw = mp_list_real(target, "weight", niso);
  R_xlen_t n = XLENGTH(g);
  const double *pf = mp_real_arg(flavour, n, "flavour");
  const double *pg = mp_real_arg(g, n, "g");
  const double *pa = mp_real_arg(ma_gev, n, "ma_gev");
  const double *pe = mp_real_arg(enu_gev, n, "enu_gev");
  const double *pr = mp_real_arg(er_gev, n, "er_gev");
  double s2w = mp_real_scalar(sin2w, "sin2w");
  double rt = mp_tol_arg(tol);
  int pw3[3];
  mp_coupling_powers(&m, pw3);
  SEXP out = PROTECT(Rf_allocVector(REALSXP, n));
  double *po = REAL(out);
  for (R_xlen_t i = 0; i < n; i++) {
    double sum = 0.0;
    for (R_xlen_t j = 0; j < niso; j++) {
      mp_isotope iso = {pz[j], pn[j], pm[j]};
      double c[3];
      int status = mp_cevns_coef(&m, &iso, (int)pf[i], s2w, pe[i], pr[i],
                                 pa[i], rt, c);
      if (status != MP_OK) {
        UNPROTECT(1);
        mp_check_status(status, "CEvNS cross section (Eq. 33)");
      }
      sum += pw[j] * (c[0] + c[1] * pow(pg[i], pw3[1]) +
                      c[2] * pow(pg[i], pw3[2]));
    }
    po[i] = sum;
  }
  UNPROTECT(1);
  return out;
}

const R_CallMethodDef mp_calls_nucleus[] = {
    {"ffi_helm_ff", (DL_FUNC)&ffi_helm_ff, 2},
    {"ffi_helm_radius", (DL_FUNC)&ffi_helm_radius, 1},
    {"ffi_cevns_xsec", (DL_FUNC)&ffi_cevns_xsec, 9},
    {NULL, NULL, 0}};
