/* r_nucleus.c -- R glue for nucleus.c. */
#include "r_util.h"
#include "mp.h"
#include "model.h"
#include "nucleus.h"

/* Helm form factor of one isotope at recoils er (GeV). */
SEXP ffi_helm_ff(SEXP Z, SEXP N, SEXP mass_gev, SEXP er_gev) {
  mp_isotope iso = {mp_real_scalar(Z, "Z"), mp_real_scalar(N, "N"),
                    mp_real_scalar(mass_gev, "mass_gev")};
  R_xlen_t n = XLENGTH(er_gev);
  const double *pe = mp_real_arg(er_gev, -1, "er_gev");
  SEXP out = PROTECT(Rf_allocVector(REALSXP, n));
  double *po = REAL(out);
  for (R_xlen_t i = 0; i < n; i++) po[i] = mp_helm_ff(&iso, pe[i]);
  UNPROTECT(1);
  return out;
}

/* Abundance-weighted dsigma/dE_R (cm^2/GeV) of a set of isotopes, at the
 * points (flavour[i], g[i], mA[i], enu[i], er[i]), all of length n. */
SEXP ffi_cevns_xsec(SEXP spec, SEXP Z, SEXP N, SEXP mass_gev, SEXP weight,
                    SEXP flavour, SEXP sin2w, SEXP g, SEXP ma_gev,
                    SEXP enu_gev, SEXP er_gev, SEXP tol) {
  mp_model m = mp_model_from_sexp(spec);
  R_xlen_t niso = XLENGTH(Z);
  const double *pz = mp_real_arg(Z, -1, "Z");
  const double *pn = mp_real_arg(N, niso, "N");
  const double *pm = mp_real_arg(mass_gev, niso, "mass_gev");
  const double *pw = mp_real_arg(weight, niso, "weight");
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
    {"ffi_helm_ff", (DL_FUNC)&ffi_helm_ff, 4},
    {"ffi_cevns_xsec", (DL_FUNC)&ffi_cevns_xsec, 12},
    {NULL, NULL, 0}};
