/* r_xenon.c -- R glue for xenon.c (solar rates without detector effects). */
#include <stdlib.h>
#include "r_util.h"
#include "mp.h"
#include "nucleus.h"
#include "solar.h"
#include "xenon.h"

/* Rates in events / (tonne year keV).
 * iso: n x 4 matrix (Z, N, mass_gev, abundance); shells: n x 2 (binding keV,
 * electrons); rrpa: n x 2 (keV, factor), 0 rows for none. g = NULL: the
 * per-mass terms [ne, 8, 3, nm]; else the direct rate [ne, 8, nm] at the
 * (g, mass) pairs. */
SEXP ffi_xenon_rate(SEXP model, SEXP solar, SEXP use, SEXP channel,
                    SEXP er_kev, SEXP mass_gev, SEXP g, SEXP sin2w, SEXP iso,
                    SEXP nuclei_per_tonne, SEXP shells, SEXP rrpa,
                    SEXP atoms_per_tonne, SEXP tol) {
  mp_model m = mp_model_from_sexp(model);
  double rt = mp_tol_arg(tol);
  const double *sv = mp_real_arg(solar, MP_SOLAR_NPAR, "solar spec");
  const double *uv = mp_real_arg(use, MP_SOLAR_N, "use");
  int ch = (int)mp_real_scalar(channel, "channel");
  R_xlen_t ne = XLENGTH(er_kev), nm = XLENGTH(mass_gev);
  const double *er = mp_real_arg(er_kev, -1, "er_kev");
  const double *ma = mp_real_arg(mass_gev, -1, "mass_gev");
  const double *gv = Rf_isNull(g) ? NULL : mp_real_arg(g, nm, "g");
  double s2w = mp_real_scalar(sin2w, "sin2w");
  const double *iv = mp_real_arg(iso, -1, "iso");
  R_xlen_t niso = XLENGTH(iso) / 4;
  const double *sh = mp_real_arg(shells, -1, "shells");
  R_xlen_t nsh = XLENGTH(shells) / 2;
  const double *rr = mp_real_arg(rrpa, -1, "rrpa");
  R_xlen_t nrr = XLENGTH(rrpa) / 2;
  double npt = mp_real_scalar(nuclei_per_tonne, "nuclei_per_tonne");
  double apt = mp_real_scalar(atoms_per_tonne, "atoms_per_tonne");

  mp_solar_par par;
  mp_check_status(mp_solar_par_from_array(sv, rt, &par), "solar parameters");
  mp_isotope *isos = (mp_isotope *)R_alloc(niso > 0 ? niso : 1, sizeof(mp_isotope));
  double *ab = (double *)R_alloc(niso > 0 ? niso : 1, sizeof(double));
  for (R_xlen_t j = 0; j < niso; j++) {
    isos[j].Z = iv[j];
    isos[j].N = iv[j + niso];
    isos[j].mass_gev = iv[j + 2 * niso];
    ab[j] = iv[j + 3 * niso];
  }
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
    mp_xe_setup x;
    x.sun = &sun;
    for (int c = 0; c < MP_SOLAR_N; c++) x.use[c] = uv[c] != 0.0;
    x.sin2w = s2w;
    x.rel_tol = rt;
    x.iso = isos;
    x.abundance = ab;
    x.niso = (size_t)niso;
    x.nuclei_per_tonne = npt;
    x.bind_kev = sh;
    x.shell_count = sh + nsh;
    x.nshell = (size_t)nsh;
    x.rrpa_e_kev = rr;
    x.rrpa_f = rr + nrr;
    x.nrrpa = (size_t)nrr;
    x.atoms_per_tonne = apt;
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

const R_CallMethodDef mp_calls_xenon[] = {
    {"ffi_xenon_rate", (DL_FUNC)&ffi_xenon_rate, 14},
    {NULL, NULL, 0}};
