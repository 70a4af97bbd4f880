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

/* Profiled -2 ln L (up to constants) of each column of s (nb x H) for the
 * linear-nuisance Poisson likelihood of mp_profile_linear(); returns a list
 * (value: H numbers, theta: K x H). */
SEXP ffi_profile_linear(SEXP n, SEXP mu0, SEXP Jf, SEXP R, SEXP s,
                        SEXP max_iter, SEXP tol) {
  R_xlen_t nb = XLENGTH(n);
  const double *pn = mp_real_arg(n, -1, "n");
  const double *pm = mp_real_arg(mu0, nb, "mu0");
  R_xlen_t kf = nb > 0 ? XLENGTH(Jf) / nb : 0, ks = nb > 0 ? XLENGTH(R) / nb : 0;
  const double *pj = mp_real_arg(Jf, nb * kf, "Jf");
  const double *pr = mp_real_arg(R, nb * ks, "R");
  R_xlen_t H = nb > 0 ? XLENGTH(s) / nb : 0;
  const double *ps = mp_real_arg(s, nb * H, "s");
  int mi = (int)mp_real_scalar(max_iter, "max_iter");
  double tl = mp_real_scalar(tol, "tol");
  R_xlen_t K = kf + ks;
  if (K > 64) Rf_error("at most 64 nuisance parameters are supported");
  double *work = (double *)R_alloc((size_t)(2 * nb + K * (K + 3) + 1), sizeof(double));
  SEXP val = PROTECT(Rf_allocVector(REALSXP, H));
  SEXP th = PROTECT(Rf_allocMatrix(REALSXP, (int)K, (int)H));
  double *pv = REAL(val), *pt = REAL(th);
  for (R_xlen_t h = 0; h < H; h++) {
    double *theta = pt + K * h;
    /* warm start from the previous hypothesis (neighbours on a grid are
     * alike); from theta = 0, where every expectation is positive, if that
     * start is not feasible */
    for (R_xlen_t k = 0; k < K; k++) theta[k] = h > 0 ? theta[k - K] : 0.0;
    int status = mp_profile_linear((size_t)nb, pn, pm, (size_t)kf, pj, (size_t)ks,
                                   pr, ps + nb * h, mi, tl, theta, pv + h, work);
    if (status == MP_EDOM && h > 0) {
      for (R_xlen_t k = 0; k < K; k++) theta[k] = 0.0;
      status = mp_profile_linear((size_t)nb, pn, pm, (size_t)kf, pj, (size_t)ks,
                                 pr, ps + nb * h, mi, tl, theta, pv + h, work);
    }
    if (status != MP_OK) {
      UNPROTECT(2);
      mp_check_status(status, "COHERENT profile likelihood");
    }
  }
  SEXP out = PROTECT(Rf_allocVector(VECSXP, 2));
  SET_VECTOR_ELT(out, 0, val);
  SET_VECTOR_ELT(out, 1, th);
  UNPROTECT(3);
  return out;
}

const R_CallMethodDef mp_calls_coherent[] = {
    {"ffi_coherent_terms", (DL_FUNC)&ffi_coherent_terms, 9},
    {"ffi_profile_linear", (DL_FUNC)&ffi_profile_linear, 7},
    {NULL, NULL, 0}};
