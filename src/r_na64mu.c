/* r_na64mu.c -- R glue for na64mu.c. */
#include "r_util.h"
#include "mp.h"
#include "model.h"
#include "na64mu.h"

/* target passed as c(Z, A, density_gcm3) */
static mp_target target_from_sexp(SEXP x) {
  const double *v = mp_real_arg(x, 3, "target");
  mp_target t = {v[0], v[1], v[2]};
  return t;
}

/* setup passed as c(e0_gev, lepton_gev, p_norm, Z, A, density, mot,
 * efficiency, length_cm, detector_cm) (R: na64mu_setup_vector()) */
static mp_na64_setup setup_from_sexp(SEXP x) {
  const double *v = mp_real_arg(x, 10, "setup");
  mp_na64_setup s;
  s.e0_gev = v[0];
  s.lepton_gev = v[1];
  s.p_norm = v[2];
  s.target.z = v[3];
  s.target.a = v[4];
  s.target.density_gcm3 = v[5];
  s.mot = v[6];
  s.efficiency = v[7];
  s.length_cm = v[8];
  s.detector_cm = v[9];
  return s;
}

/* chi (Eq. 15) at masses mass_gev[i]; parts 1 elastic, 2 inelastic, 3 both */
SEXP ffi_na64_chi(SEXP mass_gev, SEXP e0_gev, SEXP target, SEXP parts,
                  SEXP tol) {
  R_xlen_t n = XLENGTH(mass_gev);
  const double *pm = mp_real_arg(mass_gev, -1, "mass_gev");
  double e0 = mp_real_scalar(e0_gev, "e0_gev");
  mp_target tg = target_from_sexp(target);
  int pp = (int)mp_real_to_int(mp_real_scalar(parts, "parts"), 1, 3, "parts");
  double rt = mp_tol_arg(tol);
  SEXP out = PROTECT(Rf_allocVector(REALSXP, n));
  double *po = REAL(out);
  for (R_xlen_t i = 0; i < n; i++) {
    /* no C-side memory is held here: an interrupt cannot leak */
    if (i % 256 == 255) R_CheckUserInterrupt();
    int status = mp_na64_chi(pm[i], e0, &tg, pp, rt, po + i);
    if (status != MP_OK) {
      UNPROTECT(1);
      mp_check_status(status, "NA64mu photon flux chi (Eq. 15)");
    }
  }
  UNPROTECT(1);
  return out;
}

/* dsigma/dx / g^2 in GeV^-2; all vectors of the same length */
SEXP ffi_na64_xsec(SEXP x, SEXP mass_gev, SEXP e0_gev, SEXP lepton_gev,
                   SEXP chi, SEXP p_norm) {
  R_xlen_t n = XLENGTH(x);
  const double *px = mp_real_arg(x, -1, "x");
  const double *pm = mp_real_arg(mass_gev, n, "mass_gev");
  const double *pc = mp_real_arg(chi, n, "chi");
  double e0 = mp_real_scalar(e0_gev, "e0_gev");
  double ml = mp_real_scalar(lepton_gev, "lepton_gev");
  double pn = mp_real_scalar(p_norm, "p_norm");
  SEXP out = PROTECT(Rf_allocVector(REALSXP, n));
  double *po = REAL(out);
  for (R_xlen_t i = 0; i < n; i++)
    po[i] = mp_na64_dsigma_dx(px[i], pm[i], e0, ml, pc[i], pn);
  UNPROTECT(1);
  return out;
}

/* counts per g^2: matrix nbins x npoints; g and mass_gev of equal length.
 * chi is computed once per run of equal consecutive masses. */
SEXP ffi_na64_counts(SEXP setup, SEXP spec, SEXP g, SEXP mass_gev, SEXP edges,
                     SEXP prompt, SEXP tol) {
  mp_na64_setup s = setup_from_sexp(setup);
  mp_model m = mp_model_from_sexp(spec);
  R_xlen_t n = XLENGTH(g);
  const double *pg = mp_real_arg(g, -1, "g");
  const double *pm = mp_real_arg(mass_gev, n, "mass_gev");
  const double *pe = mp_real_arg(edges, -1, "edges");
  R_xlen_t ne = XLENGTH(edges);
  if (ne < 2) Rf_error("muonphilic internal: at least two bin edges needed");
  int pr = (int)mp_real_to_int(mp_real_scalar(prompt, "prompt"), 0, 1, "prompt");
  double rt = mp_tol_arg(tol);
  size_t nb = (size_t)(ne - 1);
  SEXP out = PROTECT(Rf_allocMatrix(REALSXP, mp_dim(nb), mp_dim(n)));
  double *po = REAL(out);
  double chi = -1.0, last_mass = NAN;
  for (R_xlen_t i = 0; i < n; i++) {
    if (i % 64 == 63) R_CheckUserInterrupt(); /* no C-side memory held */
    int status = MP_OK;
    if (!(pm[i] == last_mass)) {
      status = mp_na64_chi(pm[i], s.e0_gev, &s.target, MP_CHI_BOTH, rt, &chi);
      last_mass = pm[i];
    }
    if (status == MP_OK)
      status = mp_na64_counts_per_g2(&s, &m, pg[i], pm[i], chi, pr, pe, nb, rt,
                                     po + nb * (size_t)i);
    if (status != MP_OK) {
      UNPROTECT(1);
      mp_check_status(status, "NA64mu counts per bin (Eqs. 26-27)");
    }
  }
  UNPROTECT(1);
  return out;
}

/* dN/dE' (per GeV): matrix n_energy x npoints */
SEXP ffi_na64_spectrum(SEXP setup, SEXP spec, SEXP g, SEXP mass_gev,
                       SEXP energy_gev, SEXP tol) {
  mp_na64_setup s = setup_from_sexp(setup);
  mp_model m = mp_model_from_sexp(spec);
  R_xlen_t n = XLENGTH(g);
  const double *pg = mp_real_arg(g, -1, "g");
  const double *pm = mp_real_arg(mass_gev, n, "mass_gev");
  const double *pe = mp_real_arg(energy_gev, -1, "energy_gev");
  size_t ne = (size_t)XLENGTH(energy_gev);
  double rt = mp_tol_arg(tol);
  SEXP out = PROTECT(Rf_allocMatrix(REALSXP, mp_dim(ne), mp_dim(n)));
  double *po = REAL(out);
  for (R_xlen_t i = 0; i < n; i++) {
    if (i % 64 == 63) R_CheckUserInterrupt(); /* no C-side memory held */
    int status = mp_na64_spectrum(&s, &m, pg[i], pm[i], -1.0, pe, ne, rt,
                                  po + ne * (size_t)i);
    if (status != MP_OK) {
      UNPROTECT(1);
      mp_check_status(status, "NA64mu muon spectrum (Eq. 26)");
    }
  }
  UNPROTECT(1);
  return out;
}

const R_CallMethodDef mp_calls_na64mu[] = {
    {"ffi_na64_chi", (DL_FUNC)&ffi_na64_chi, 5},
    {"ffi_na64_xsec", (DL_FUNC)&ffi_na64_xsec, 6},
    {"ffi_na64_counts", (DL_FUNC)&ffi_na64_counts, 7},
    {"ffi_na64_spectrum", (DL_FUNC)&ffi_na64_spectrum, 6},
    {NULL, NULL, 0}};
