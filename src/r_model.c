/* r_model.c -- R glue for model.c. */
#include <math.h>
#include <gsl/gsl_errno.h>
#include "r_util.h"
#include "mp.h"
#include "model.h"

/* eps at (g[i], q2[i]); vectors of equal length */
SEXP ffi_kinetic_mixing(SEXP spec, SEXP g, SEXP q2, SEXP tol) {
  mp_model m = mp_model_from_sexp(spec);
  R_xlen_t n = XLENGTH(g);
  const double *pg = mp_real_arg(g, -1, "g");
  const double *pq = mp_real_arg(q2, n, "q2_gev2");
  double rt = mp_tol_arg(tol);
  SEXP out = PROTECT(Rf_allocVector(REALSXP, n));
  double *po = REAL(out);
  for (R_xlen_t i = 0; i < n; i++) {
    double epg, e0;
    int status = mp_epsilon_coef(&m, pq[i], rt, &epg, &e0);
    if (status != MP_OK) {
      UNPROTECT(1);
      mp_check_status(status, "kinetic mixing integral (Eq. 10)");
    }
    po[i] = epg * pg[i] + e0;
    if (!isfinite(po[i])) { /* huge kappa times huge g */
      UNPROTECT(1);
      mp_check_status(GSL_EOVRFLW, "kinetic mixing (Eq. 10)");
    }
  }
  UNPROTECT(1);
  return out;
}

/* widths: a matrix n x 6 (GeV) */
SEXP ffi_widths(SEXP spec, SEXP g, SEXP mass_gev, SEXP tol) {
  mp_model m = mp_model_from_sexp(spec);
  R_xlen_t n = XLENGTH(g);
  const double *pg = mp_real_arg(g, -1, "g");
  const double *pm = mp_real_arg(mass_gev, n, "mass_gev");
  double rt = mp_tol_arg(tol);
  SEXP out = PROTECT(Rf_allocMatrix(REALSXP, (int)n, MP_NCHANNEL));
  double *po = REAL(out);
  for (R_xlen_t i = 0; i < n; i++) {
    double w[MP_NCHANNEL];
    int status = mp_widths(&m, pg[i], pm[i], rt, w);
    if (status != MP_OK) {
      UNPROTECT(1);
      mp_check_status(status, "partial widths");
    }
    for (int k = 0; k < MP_NCHANNEL; k++) po[i + n * k] = w[k];
  }
  UNPROTECT(1);
  return out;
}

SEXP ffi_decay_length(SEXP spec, SEXP g, SEXP mass_gev, SEXP energy_gev,
                      SEXP tol) {
  mp_model m = mp_model_from_sexp(spec);
  R_xlen_t n = XLENGTH(g);
  const double *pg = mp_real_arg(g, -1, "g");
  const double *pm = mp_real_arg(mass_gev, n, "mass_gev");
  const double *pe = mp_real_arg(energy_gev, n, "energy_gev");
  double rt = mp_tol_arg(tol);
  SEXP out = PROTECT(Rf_allocVector(REALSXP, n));
  double *po = REAL(out);
  for (R_xlen_t i = 0; i < n; i++) {
    int status = mp_decay_length_cm(&m, pg[i], pm[i], pe[i], rt, po + i);
    if (status != MP_OK) {
      UNPROTECT(1);
      mp_check_status(status, "decay length (Eq. 23)");
    }
  }
  UNPROTECT(1);
  return out;
}

/* Every constant of constants.h as a named list (R's physical_constants()). */
SEXP ffi_constants(void) {
  const struct {
    const char *name;
    double value;
  } tab[] = {{"alpha", MP_ALPHA},
             {"gf_gev2", MP_GF},
             {"sin2w_default", MP_SIN2W_DEFAULT},
             {"me_gev", MP_ME},
             {"mmu_gev", MP_MMU},
             {"mtau_gev", MP_MTAU},
             {"mpi_gev", MP_MPI},
             {"mp_gev", MP_MP},
             {"amu_gev", MP_AMU},
             {"hbarc_gevcm", MP_HBARC},
             {"hbarc2_gev2cm2", MP_HBARC2},
             {"na_mol", MP_NA},
             {"year_s", MP_YEAR_S},
             {"xe_z", MP_XE_Z},
             {"xe_molar_g", MP_XE_MOLAR_G},
             {"xe136_q_kev", MP_XE136_Q_KEV},
             {"xe136_thalf_yr", MP_XE136_THALF_YR},
             {"xe136_abundance", MP_XE136_ABUNDANCE}};
  const int n = (int)(sizeof(tab) / sizeof(tab[0]));
  SEXP out = PROTECT(Rf_allocVector(VECSXP, n));
  SEXP nm = PROTECT(Rf_allocVector(STRSXP, n));
  for (int i = 0; i < n; i++) {
    SET_VECTOR_ELT(out, i, Rf_ScalarReal(tab[i].value));
    SET_STRING_ELT(nm, i, Rf_mkChar(tab[i].name));
  }
  Rf_setAttrib(out, R_NamesSymbol, nm);
  UNPROTECT(2);
  return out;
}

/* The powers of g of the three coupling terms of every count (the one rule:
 * 0, 1, 2 for a fixed eps; 0, 2, 4 when eps is proportional to g). */
SEXP ffi_coupling_powers(SEXP spec) {
  mp_model m = mp_model_from_sexp(spec);
  int pw[3];
  mp_coupling_powers(&m, pw);
  SEXP out = PROTECT(Rf_allocVector(REALSXP, 3));
  for (int k = 0; k < 3; k++) REAL(out)[k] = (double)pw[k];
  UNPROTECT(1);
  return out;
}

const R_CallMethodDef mp_calls_model[] = {
    {"ffi_coupling_powers", (DL_FUNC)&ffi_coupling_powers, 1},
    {"ffi_constants", (DL_FUNC)&ffi_constants, 0},
    {"ffi_kinetic_mixing", (DL_FUNC)&ffi_kinetic_mixing, 4},
    {"ffi_widths", (DL_FUNC)&ffi_widths, 4},
    {"ffi_decay_length", (DL_FUNC)&ffi_decay_length, 5},
    {NULL, NULL, 0}};
