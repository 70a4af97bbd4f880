/* r_coherent.c -- R glue for coherent.c. */
#include <stdlib.h>
#include "r_util.h"
#include "mp.h"
#include "model.h"
#include "nucleus.h"
#include "coherent.h"

/* Prompt/delayed coupling terms of dsigma/dE_R folded with the pi-DAR
 * spectra (cm^2/GeV per target atom per neutrino of each flavour) at the
 * recoils er_gev (length n) for the masses ma_gev (length nm): an array
 * [n, 6, nm], terms (prompt sm, int, A'; delayed sm, int, A'). */
SEXP ffi_coherent_terms(SEXP spec, SEXP Z, SEXP N, SEXP mass_gev, SEXP weight,
                        SEXP sin2w, SEXP er_gev, SEXP ma_gev, SEXP tol) {
  mp_model m = mp_model_from_sexp(spec);
  R_xlen_t niso = XLENGTH(Z);
  const double *pz = mp_real_arg(Z, -1, "Z");
  const double *pn = mp_real_arg(N, niso, "N");
  const double *pm = mp_real_arg(mass_gev, niso, "mass_gev");
  const double *pw = mp_real_arg(weight, niso, "weight");
  const double *pe = mp_real_arg(er_gev, -1, "er_gev");
  const double *pa = mp_real_arg(ma_gev, -1, "ma_gev");
  R_xlen_t n = XLENGTH(er_gev), nm = XLENGTH(ma_gev);
  double s2w = mp_real_scalar(sin2w, "sin2w");
  double rt = mp_tol_arg(tol);
  if (niso < 1 || niso > 64) Rf_error("between 1 and 64 isotopes are allowed");
  mp_isotope iso[64];
  for (R_xlen_t j = 0; j < niso; j++) {
    iso[j].Z = pz[j];
    iso[j].N = pn[j];
    iso[j].mass_gev = pm[j];
  }
  SEXP out = PROTECT(Rf_allocVector(REALSXP, n * 6 * nm));
  double *po = REAL(out);
  for (R_xlen_t a = 0; a < nm; a++) {
    for (R_xlen_t i = 0; i < n; i++) {
      double t[6];
      int status = mp_coherent_dr_terms(&m, iso, pw, (size_t)niso, s2w, pe[i],
                                        pa[a], rt, t);
      if (status != MP_OK) {
        UNPROTECT(1);
        mp_check_status(status, "COHERENT recoil spectrum (Eqs. 31-33)");
      }
      for (int k = 0; k < 6; k++) po[i + n * (k + 6 * a)] = t[k];
    }
  }
  UNPROTECT(1);
  return out;
}

const R_CallMethodDef mp_calls_coherent[] = {
    {"ffi_coherent_terms", (DL_FUNC)&ffi_coherent_terms, 9},
    {NULL, NULL, 0}};
