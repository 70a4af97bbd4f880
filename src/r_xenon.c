/* r_xenon.c -- R glue for xenon.c (solar rates without detector effects). */
#include <stdlib.h>
#include "r_util.h"
#include "mp.h"
#include "nucleus.h"
#include "solar.h"
#include "xenon.h"

/* Isotopes from an n x 4 matrix (Z, N, mass_gev, abundance), R_alloc'ed. */
static size_t isotopes_from_sexp(SEXP iso, mp_isotope **isos, double **ab) {
  const double *iv = mp_real_arg(iso, -1, "iso");
  R_xlen_t niso = XLENGTH(iso) / 4;
  *isos = (mp_isotope *)R_alloc(niso > 0 ? niso : 1, sizeof(mp_isotope));
  *ab = (double *)R_alloc(niso > 0 ? niso : 1, sizeof(double));
  for (R_xlen_t j = 0; j < niso; j++) {
    (*isos)[j].Z = iv[j];
    (*isos)[j].N = iv[j + niso];
    (*isos)[j].mass_gev = iv[j + 2 * niso];
    (*ab)[j] = iv[j + 3 * niso];
  }
  return (size_t)niso;
}

/* The targets of a setup (everything but the sun and the components). */
static void setup_targets(mp_xe_setup *x, SEXP iso, SEXP nuclei_per_tonne,
                          SEXP shells, SEXP rrpa, SEXP atoms_per_tonne) {
  mp_isotope *isos;
  double *ab;
  x->niso = isotopes_from_sexp(iso, &isos, &ab);
  x->iso = isos;
  x->abundance = ab;
  x->nuclei_per_tonne = mp_real_scalar(nuclei_per_tonne, "nuclei_per_tonne");
  const double *sh = mp_real_arg(shells, -1, "shells");
  R_xlen_t nsh = XLENGTH(shells) / 2;
  const double *rr = mp_real_arg(rrpa, -1, "rrpa");
  R_xlen_t nrr = XLENGTH(rrpa) / 2;
  x->bind_kev = sh;
  x->shell_count = sh + nsh;
  x->nshell = (size_t)nsh;
  x->rrpa_e_kev = rr;
  x->rrpa_f = rr + nrr;
  x->nrrpa = (size_t)nrr;
  x->atoms_per_tonne = mp_real_scalar(atoms_per_tonne, "atoms_per_tonne");
}

static int channel_arg(SEXP channel) {
  int ch = (int)mp_real_scalar(channel, "channel");
  if (ch != MP_CHANNEL_NR && ch != MP_CHANNEL_ER)
    Rf_error("muonphilic internal: channel must be 0 (NR) or 1 (ER)");
  return ch;
}

/* Rates in events / (tonne year keV).
 * iso: n x 4 matrix (Z, N, mass_gev, abundance); shells: n x 2 (binding keV,
 * electrons); rrpa: n x 2 (keV, factor), 0 rows for none. g = NULL: the
 * per-mass terms [ne, 8, 3, nm] (both stages at once); else the direct rate
 * [ne, 8, nm] at the (g, mass) pairs. */
SEXP ffi_xenon_rate(SEXP model, SEXP solar, SEXP use, SEXP channel,
                    SEXP er_kev, SEXP mass_gev, SEXP g, SEXP sin2w, SEXP iso,
                    SEXP nuclei_per_tonne, SEXP shells, SEXP rrpa,
                    SEXP atoms_per_tonne, SEXP tol) {
  mp_model m = mp_model_from_sexp(model);
  double rt = mp_tol_arg(tol);
  const double *sv = mp_real_arg(solar, -1, "solar spec");
  const double *uv = mp_real_arg(use, MP_SOLAR_N, "use");
  int ch = channel_arg(channel);
  R_xlen_t ne = XLENGTH(er_kev), nm = XLENGTH(mass_gev);
  const double *er = mp_real_arg(er_kev, -1, "er_kev");
  const double *ma = mp_real_arg(mass_gev, -1, "mass_gev");
  const double *gv = Rf_isNull(g) ? NULL : mp_real_arg(g, nm, "g");
  mp_xe_setup x;
  x.sin2w = mp_real_scalar(sin2w, "sin2w");
  x.rel_tol = rt;
  setup_targets(&x, iso, nuclei_per_tonne, shells, rrpa, atoms_per_tonne);
  for (int c = 0; c < MP_SOLAR_N; c++) x.use[c] = uv[c] != 0.0;

  mp_solar_par par;
  mp_check_status(mp_solar_par_from_array(sv, (size_t)XLENGTH(solar), rt, &par), "solar parameters");
  SEXP out;
  if (gv) {
    out = PROTECT(Rf_alloc3DArray(REALSXP, (int)ne, MP_SOLAR_N, (int)nm));
  } else {
    SEXP dim = PROTECT(Rf_allocVector(INTSXP, 4));
    INTEGER(dim)[0] = (int)ne;
    INTEGER(dim)[1] = MP_SOLAR_N;
    INTEGER(dim)[2] = 3;
    INTEGER(dim)[3] = (int)nm;
    out = PROTECT(Rf_allocArray(REALSXP, dim));
  }
  mp_solar sun;
  int status = mp_solar_init(&sun, &par);
  if (status == MP_OK) {
    x.sun = &sun;
    if (gv)
      status = mp_xenon_direct(&m, &x, ch, er, (size_t)ne, gv, ma, (size_t)nm,
                               REAL(out));
    else
      status = mp_xenon_terms(&m, &x, ch, er, (size_t)ne, ma, (size_t)nm,
                              REAL(out));
    mp_solar_free(&sun);
  }
  UNPROTECT(gv ? 1 : 2);
  mp_check_status(status, ch == MP_CHANNEL_NR ? "solar NR rate in xenon"
                                              : "solar ER rate in xenon");
  return out;
}

/* Stage 1: the flux folds of a setup (model- and mass-independent), as
 * list(per component, summed over components); see xenon.h for the layout
 * (ncomp = 8, resp. 1). */
SEXP ffi_xenon_fold(SEXP solar, SEXP use, SEXP channel, SEXP er_kev, SEXP iso,
                    SEXP nuclei_per_tonne, SEXP shells, SEXP rrpa,
                    SEXP atoms_per_tonne, SEXP tol) {
  double rt = mp_tol_arg(tol);
  const double *sv = mp_real_arg(solar, -1, "solar spec");
  const double *uv = mp_real_arg(use, MP_SOLAR_N, "use");
  int ch = channel_arg(channel);
  R_xlen_t ne = XLENGTH(er_kev);
  const double *er = mp_real_arg(er_kev, -1, "er_kev");
  mp_xe_setup x;
  x.sin2w = 0.0; /* not used by the folds */
  x.rel_tol = rt;
  setup_targets(&x, iso, nuclei_per_tonne, shells, rrpa, atoms_per_tonne);
  for (int c = 0; c < MP_SOLAR_N; c++) x.use[c] = uv[c] != 0.0;
  size_t ntarget, nmom;
  mp_xenon_fold_dims(&x, ch, &ntarget, &nmom);
  size_t per = nmom * 3, ncell = (size_t)ne * ntarget;

  mp_solar_par par;
  mp_check_status(mp_solar_par_from_array(sv, (size_t)XLENGTH(solar), rt, &par), "solar parameters");
  SEXP out = PROTECT(Rf_allocVector(VECSXP, 2));
  SEXP full = Rf_allocVector(REALSXP, (R_xlen_t)(ncell * per * MP_SOLAR_N));
  SET_VECTOR_ELT(out, 0, full);
  SEXP sum = Rf_allocVector(REALSXP, (R_xlen_t)(ncell * per));
  SET_VECTOR_ELT(out, 1, sum);
  mp_solar sun;
  int status = mp_solar_init(&sun, &par);
  if (status == MP_OK) {
    x.sun = &sun;
    status = mp_xenon_fold(&x, ch, er, (size_t)ne, REAL(full));
    mp_solar_free(&sun);
  }
  if (status == MP_OK) {
    const double *f = REAL(full);
    double *s = REAL(sum);
    for (size_t cell = 0; cell < ncell; cell++)
      for (size_t j = 0; j < per; j++) {
        double acc = 0.0;
        for (size_t c = 0; c < MP_SOLAR_N; c++)
          acc += f[j + per * (c + MP_SOLAR_N * cell)];
        s[j + per * cell] = acc;
      }
  }
  UNPROTECT(1);
  mp_check_status(status, ch == MP_CHANNEL_NR ? "solar NR flux folds in xenon"
                                              : "solar ER flux folds in xenon");
  return out;
}

/* Stage 2: a fold (ncomp = 8 per component, 1 summed) -> the per-mass terms,
 * [ne, 8, 3, nm] resp. [ne, 3, nm], events / (tonne year keV). */
SEXP ffi_xenon_fold_terms(SEXP model, SEXP fold, SEXP ncomp, SEXP channel,
                          SEXP er_kev, SEXP mass_gev, SEXP sin2w, SEXP iso,
                          SEXP tol) {
  mp_model m = mp_model_from_sexp(model);
  double rt = mp_tol_arg(tol);
  int ch = channel_arg(channel);
  int nc = (int)mp_real_scalar(ncomp, "ncomp");
  if (nc != 1 && nc != MP_SOLAR_N)
    Rf_error("muonphilic internal: ncomp must be 1 or %d", MP_SOLAR_N);
  R_xlen_t ne = XLENGTH(er_kev), nm = XLENGTH(mass_gev);
  const double *er = mp_real_arg(er_kev, -1, "er_kev");
  const double *ma = mp_real_arg(mass_gev, -1, "mass_gev");
  mp_xe_setup x = {0};
  x.sun = NULL;
  x.sin2w = mp_real_scalar(sin2w, "sin2w");
  x.rel_tol = rt;
  mp_isotope *isos;
  double *ab;
  x.niso = isotopes_from_sexp(iso, &isos, &ab);
  x.iso = isos;
  x.abundance = ab;
  size_t ntarget, nmom;
  mp_xenon_fold_dims(&x, ch, &ntarget, &nmom);
  const double *fv = mp_real_arg(
      fold, (R_xlen_t)((size_t)ne * ntarget * nmom * 3 * (size_t)nc), "fold");
  SEXP out;
  if (nc == 1) {
    out = PROTECT(Rf_alloc3DArray(REALSXP, (int)ne, 3, (int)nm));
  } else {
    SEXP dim = PROTECT(Rf_allocVector(INTSXP, 4));
    INTEGER(dim)[0] = (int)ne;
    INTEGER(dim)[1] = MP_SOLAR_N;
    INTEGER(dim)[2] = 3;
    INTEGER(dim)[3] = (int)nm;
    out = Rf_allocArray(REALSXP, dim);
    UNPROTECT(1);
    PROTECT(out);
  }
  int status = mp_xenon_fold_terms(&m, &x, ch, er, (size_t)ne, fv, (size_t)nc,
                                   ma, (size_t)nm, REAL(out));
  UNPROTECT(1);
  mp_check_status(status, ch == MP_CHANNEL_NR ? "solar NR rate in xenon"
                                              : "solar ER rate in xenon");
  return out;
}

const R_CallMethodDef mp_calls_xenon[] = {
    {"ffi_xenon_rate", (DL_FUNC)&ffi_xenon_rate, 14},
    {"ffi_xenon_fold", (DL_FUNC)&ffi_xenon_fold, 10},
    {"ffi_xenon_fold_terms", (DL_FUNC)&ffi_xenon_fold_terms, 9},
    {NULL, NULL, 0}};
