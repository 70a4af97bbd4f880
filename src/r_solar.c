/* r_solar.c -- R glue for solar.c. */
#include "r_util.h"
#include "mp.h"
#include "solar.h"

static void solar_setup(SEXP spec, SEXP tol, mp_solar *s) {
  const double *v = mp_real_arg(spec, -1, "solar spec");
  mp_solar_par par;
  double rt = mp_tol_arg(tol);
  mp_check_status(mp_solar_par_from_array(v, (size_t)XLENGTH(spec), rt, &par),
                  "solar parameters");
  mp_check_status(mp_solar_init(s, &par), "solar spectra set-up");
}

/* Component indices are whole numbers in range: checked before any cast and
 * before the set-up allocates. */
static void check_components(const double *cp, R_xlen_t n) {
  for (R_xlen_t i = 0; i < n; i++)
    (void)mp_real_to_int(cp[i], 0, 64, "component");
}

/* Unit-normalised shapes (MeV^-1) of components comp[i] (0-based) at enu. */
SEXP ffi_solar_shape(SEXP spec, SEXP comp, SEXP enu_mev, SEXP tol) {
  R_xlen_t n = XLENGTH(enu_mev);
  const double *e = mp_real_arg(enu_mev, -1, "enu_mev");
  const double *cp = mp_real_arg(comp, n, "component");
  check_components(cp, n);
  SEXP out = PROTECT(Rf_allocVector(REALSXP, n));
  mp_solar s;
  solar_setup(spec, tol, &s);
  for (R_xlen_t i = 0; i < n; i++) REAL(out)[i] = mp_solar_shape(&s, (int)cp[i], e[i]);
  mp_solar_free(&s);
  UNPROTECT(1);
  return out;
}

/* P(nu_e -> e, mu, tau): an n x 3 matrix. */
SEXP ffi_solar_prob(SEXP spec, SEXP comp, SEXP enu_mev, SEXP tol) {
  R_xlen_t n = XLENGTH(enu_mev);
  const double *e = mp_real_arg(enu_mev, -1, "enu_mev");
  const double *cp = mp_real_arg(comp, n, "component");
  check_components(cp, n);
  SEXP out = PROTECT(Rf_allocMatrix(REALSXP, mp_dim(n), 3));
  mp_solar s;
  solar_setup(spec, tol, &s);
  double *o = REAL(out);
  for (R_xlen_t i = 0; i < n; i++) {
    double p[3];
    mp_solar_prob(&s, (int)cp[i], e[i], p);
    for (int a = 0; a < 3; a++) o[i + n * a] = p[a];
  }
  mp_solar_free(&s);
  UNPROTECT(1);
  return out;
}

/* The end points (MeV) and daughter charges of the solar components, in
 * the order pp, pep, hep, 7Be, 8B, 13N, 15O, 17F: list(emax_mev, daughter_z). */
SEXP ffi_solar_tables(void) {
  SEXP out = PROTECT(Rf_allocVector(VECSXP, 2));
  SEXP nm = PROTECT(Rf_allocVector(STRSXP, 2));
  SEXP em = PROTECT(Rf_allocVector(REALSXP, MP_SOLAR_N));
  SEXP dz = PROTECT(Rf_allocVector(REALSXP, MP_SOLAR_N));
  for (int c = 0; c < MP_SOLAR_N; c++) {
    REAL(em)[c] = mp_solar_emax_mev(c);
    REAL(dz)[c] = mp_solar_daughter_z(c);
  }
  SET_VECTOR_ELT(out, 0, em);
  SET_VECTOR_ELT(out, 1, dz);
  SET_STRING_ELT(nm, 0, Rf_mkChar("emax_mev"));
  SET_STRING_ELT(nm, 1, Rf_mkChar("daughter_z"));
  Rf_setAttrib(out, R_NamesSymbol, nm);
  UNPROTECT(4);
  return out;
}

const R_CallMethodDef mp_calls_solar[] = {
    {"ffi_solar_tables", (DL_FUNC)&ffi_solar_tables, 0},
    {"ffi_solar_shape", (DL_FUNC)&ffi_solar_shape, 4},
    {"ffi_solar_prob", (DL_FUNC)&ffi_solar_prob, 4},
    {NULL, NULL, 0}};
