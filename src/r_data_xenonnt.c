/* r_data_xenonnt.c -- R glue for data_xenonnt.c. */
#include "r_util.h"
#include "mp.h"
#include "data_xenonnt.h"

/* Returns a matrix [1 + MP_XNT_NPAR, hypothesis]: -2 ln L, then the fitted
 * nuisance parameters. nuis is [MP_XNT_NPAR, 4]: nominal, sigma, lower, upper. */
SEXP ffi_xnt_profile(SEXP n, SEXP s, SEXP ratio, SEXP rg, SEXP ac0, SEXP ac1,
                     SEXP er, SEXP nuis, SEXP cst, SEXP max_iter, SEXP tol) {
  mp_xnt_lik L;
  L.nb = (int)XLENGTH(n);
  L.n = mp_real_arg(n, -1, "n");
  if (XLENGTH(s) % L.nb != 0) Rf_error("muonphilic internal: 's' has a wrong length");
  int nh = (int)(XLENGTH(s) / L.nb);
  const double *ps = mp_real_arg(s, -1, "s");
  L.ratio = mp_real_arg(ratio, 49L * L.nb, "ratio");
  L.rg = mp_real_arg(rg, 49L * L.nb, "rg");
  L.ac0 = mp_real_arg(ac0, L.nb, "ac0");
  L.ac1 = mp_real_arg(ac1, L.nb, "ac1");
  L.er = mp_real_arg(er, L.nb, "er");
  const double *pn = mp_real_arg(nuis, 4 * MP_XNT_NPAR, "nuis");
  L.nominal = pn;
  L.sigma = pn + MP_XNT_NPAR;
  L.lower = pn + 2 * MP_XNT_NPAR;
  L.upper = pn + 3 * MP_XNT_NPAR;
  L.cst = mp_real_scalar(cst, "cst");
  int mi = (int)mp_real_scalar(max_iter, "max_iter");
  double t = mp_real_scalar(tol, "tol");
  SEXP out = PROTECT(Rf_allocMatrix(REALSXP, 1 + MP_XNT_NPAR, nh));
  double *po = REAL(out);
  for (int h = 0; h < nh; h++) {
    double *col = po + (R_xlen_t)h * (1 + MP_XNT_NPAR);
    int status = mp_xnt_profile(&L, ps + (R_xlen_t)h * L.nb, mi, t, col, col + 1);
    if (status != MP_OK) {
      UNPROTECT(1);
      mp_check_status(status, "XENONnT 8B likelihood profile");
    }
  }
  UNPROTECT(1);
  return out;
}

const R_CallMethodDef mp_calls_data_xenonnt[] = {
    {"ffi_xnt_profile", (DL_FUNC)&ffi_xnt_profile, 11},
    {NULL, NULL, 0}};
