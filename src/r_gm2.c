/* r_gm2.c -- R glue for gm2.c. */
#include "r_util.h"
#include "mp.h"
#include "gm2.h"

SEXP ffi_delta_amu(SEXP q_mu, SEXP g, SEXP mass_gev, SEXP tol) {
  double q = mp_real_scalar(q_mu, "q_mu");
  R_xlen_t n = XLENGTH(g);
  const double *pg = mp_real_arg(g, -1, "g");
  const double *pm = mp_real_arg(mass_gev, n, "mass_gev");
  double rt = mp_tol_arg(tol);
  SEXP out = PROTECT(Rf_allocVector(REALSXP, n));
  double *po = REAL(out);
  for (R_xlen_t i = 0; i < n; i++) {
    int status = mp_delta_amu(q, pg[i], pm[i], rt, po + i);
    if (status != MP_OK) {
      UNPROTECT(1);
      mp_check_status(status, "Delta a_mu integral (Eq. 13)");
    }
  }
  UNPROTECT(1);
  return out;
}

const R_CallMethodDef mp_calls_gm2[] = {
    {"ffi_delta_amu", (DL_FUNC)&ffi_delta_amu, 4},
    {NULL, NULL, 0}};
