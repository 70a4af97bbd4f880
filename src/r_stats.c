/* r_stats.c -- R glue for stats.c. */
#include "r_util.h"
#include "mp.h"
#include "stats.h"
#include "discovery.h"
#include <limits.h>

SEXP ffi_poisson_deviance(SEXP obs, SEXP mu) {
  R_xlen_t n = XLENGTH(obs);
  const double *po = mp_real_arg(obs, -1, "observed");
  const double *pm = mp_real_arg(mu, n, "predicted");
  return Rf_ScalarReal(mp_poisson_deviance(po, pm, (size_t)n));
}

SEXP ffi_poisson_m2ll(SEXP obs, SEXP mu) {
  R_xlen_t n = XLENGTH(obs);
  const double *po = mp_real_arg(obs, -1, "observed");
  const double *pm = mp_real_arg(mu, n, "predicted");
  return Rf_ScalarReal(mp_poisson_m2ll(po, pm, (size_t)n));
}

/* returns c(chi2, a_hat) */
SEXP ffi_chi2_pull(SEXP obs, SEXP pred, SEXP bkg, SEXP sigma_sys) {
  R_xlen_t n = XLENGTH(obs);
  const double *po = mp_real_arg(obs, -1, "observed");
  const double *pp = mp_real_arg(pred, n, "predicted");
  const double *pb = mp_real_arg(bkg, n, "background");
  double s = mp_real_scalar(sigma_sys, "sigma_sys");
  SEXP out = PROTECT(Rf_allocVector(REALSXP, 2));
  double a = 0.0;
  REAL(out)[0] = mp_chi2_pull(po, pp, pb, (size_t)n, s, &a);
  REAL(out)[1] = a;
  UNPROTECT(1);
  return out;
}

/* chi2_pull for many predictions: pred is a matrix nbin x npoint */
SEXP ffi_chi2_pull_matrix(SEXP obs, SEXP pred, SEXP bkg, SEXP sigma_sys) {
  R_xlen_t nb = XLENGTH(obs);
  const double *po = mp_real_arg(obs, -1, "observed");
  const double *pb = mp_real_arg(bkg, nb, "background");
  const double *pp = mp_real_arg(pred, -1, "predicted");
  double s = mp_real_scalar(sigma_sys, "sigma_sys");
  if (nb == 0 || XLENGTH(pred) % nb != 0)
    Rf_error("muonphilic internal: prediction matrix does not match bins");
  R_xlen_t np = XLENGTH(pred) / nb;
  SEXP out = PROTECT(Rf_allocVector(REALSXP, np));
  for (R_xlen_t j = 0; j < np; j++)
    REAL(out)[j] = mp_chi2_pull(po, pp + j * nb, pb, (size_t)nb, s, NULL);
  UNPROTECT(1);
  return out;
}

/* Poisson deviance for many predictions: mu is a matrix nbin x npoint */
SEXP ffi_poisson_deviance_matrix(SEXP obs, SEXP mu) {
  R_xlen_t nb = XLENGTH(obs);
  const double *po = mp_real_arg(obs, -1, "observed");
  const double *pm = mp_real_arg(mu, -1, "predicted");
  if (nb == 0 || XLENGTH(mu) % nb != 0)
    Rf_error("muonphilic internal: prediction matrix does not match bins");
  R_xlen_t np = XLENGTH(mu) / nb;
  SEXP out = PROTECT(Rf_allocVector(REALSXP, np));
  for (R_xlen_t j = 0; j < np; j++)
    REAL(out)[j] = mp_poisson_deviance(po, pm + j * nb, (size_t)nb);
  UNPROTECT(1);
  return out;
}

SEXP ffi_poisson_pvalue(SEXP n, SEXP b) {
  R_xlen_t len = XLENGTH(n);
  const double *pn = mp_real_arg(n, -1, "n");
  const double *pb = mp_real_arg(b, len, "b");
  SEXP out = PROTECT(Rf_allocVector(REALSXP, len));
  for (R_xlen_t i = 0; i < len; i++) {
    int status = mp_poisson_pvalue(pn[i], pb[i], REAL(out) + i);
    if (status != MP_OK) {
      UNPROTECT(1);
      mp_check_status(status, "Poisson p-value (Eq. 38)");
    }
  }
  UNPROTECT(1);
  return out;
}

SEXP ffi_p_to_sigma(SEXP p) {
  R_xlen_t len = XLENGTH(p);
  const double *pp = mp_real_arg(p, -1, "p");
  SEXP out = PROTECT(Rf_allocVector(REALSXP, len));
  for (R_xlen_t i = 0; i < len; i++) REAL(out)[i] = mp_p_to_sigma(pp[i]);
  UNPROTECT(1);
  return out;
}


static int stat_code(SEXP stat) {
  if (TYPEOF(stat) != INTSXP || XLENGTH(stat) != 1)
    Rf_error("muonphilic internal: 'stat' must be one integer");
  int c = INTEGER(stat)[0];
  if (c != MP_STAT_POISSON && c != MP_STAT_CHI2_PULL)
    Rf_error("muonphilic internal: unknown statistic code %d", c);
  return c;
}

/* -2 ln L for many predictions: pred is a matrix nbin x npoint (Eqs. 28, 34). */
SEXP ffi_m2ll_matrix(SEXP stat, SEXP obs, SEXP pred, SEXP bkg, SEXP sigma_sys,
                     SEXP saturated) {
  int code = stat_code(stat);
  R_xlen_t nb = XLENGTH(obs);
  const double *po = mp_real_arg(obs, -1, "observed");
  const double *pb = mp_real_arg(bkg, nb, "background");
  const double *pp = mp_real_arg(pred, -1, "predicted");
  double s = mp_real_scalar(sigma_sys, "sigma_sys");
  int sat = Rf_asLogical(saturated) == TRUE;
  if (nb == 0 || XLENGTH(pred) % nb != 0)
    Rf_error("muonphilic internal: prediction matrix does not match bins");
  R_xlen_t np = XLENGTH(pred) / nb;
  SEXP out = PROTECT(Rf_allocVector(REALSXP, np));
  for (R_xlen_t j = 0; j < np; j++)
    REAL(out)[j] = mp_m2ll_bins(code, po, pp + j * nb, pb, (size_t)nb, s, sat);
  UNPROTECT(1);
  return out;
}

/* -2 ln L on a (g, mass) grid from count_terms(): terms is an array
 * [nbin, nterm, nmass]; returns a matrix [ng, nmass]. */
SEXP ffi_m2ll_terms(SEXP stat, SEXP terms, SEXP powers, SEXP g, SEXP obs,
                    SEXP bkg, SEXP sigma_sys, SEXP saturated) {
  int code = stat_code(stat);
  R_xlen_t nb = XLENGTH(obs);
  R_xlen_t nt = XLENGTH(powers);
  R_xlen_t ng = XLENGTH(g);
  const double *po = mp_real_arg(obs, -1, "observed");
  const double *pb = mp_real_arg(bkg, nb, "background");
  const double *pw = mp_real_arg(powers, -1, "powers");
  const double *pg = mp_real_arg(g, -1, "g");
  const double *pt = mp_real_arg(terms, -1, "terms");
  double s = mp_real_scalar(sigma_sys, "sigma_sys");
  int sat = Rf_asLogical(saturated) == TRUE;
  if (nb == 0 || nt == 0 || XLENGTH(terms) % (nb * nt) != 0)
    Rf_error("muonphilic internal: coefficient array does not match bins and powers");
  R_xlen_t nm = XLENGTH(terms) / (nb * nt);
  SEXP out = PROTECT(Rf_allocMatrix(REALSXP, (int)ng, (int)nm));
  double *work = (double *)R_alloc((size_t)nb, sizeof(double));
  for (R_xlen_t m = 0; m < nm; m++)
    mp_m2ll_poly(code, pt + m * nb * nt, (size_t)nb, pw, (size_t)nt, pg,
                 (size_t)ng, po, pb, s, sat, work, REAL(out) + m * ng);
  UNPROTECT(1);
  return out;
}

/* Exact profile in g at each mass (stats.c): specs is a list of experiments,
 * each list(code, terms [nbin, nterm, nmass], powers, obs, bkg, sigma_sys,
 * saturated); the curve is their sum. lgrid: log10 g search grid. target:
 * a Delta(-2 ln L) threshold (or NA) for the upper crossing. Returns a
 * matrix [nmass, 4]: g_hat, m2ll_hat, m2ll_zero, g_cross. */
SEXP ffi_profile_terms(SEXP specs, SEXP lgrid, SEXP target) {
  if (TYPEOF(specs) != VECSXP || XLENGTH(specs) == 0)
    Rf_error("muonphilic internal: 'specs' must be a non-empty list");
  R_xlen_t ne = XLENGTH(specs), nl = XLENGTH(lgrid);
  const double *pl = mp_real_arg(lgrid, -1, "lgrid");
  double tgt = mp_real_scalar(target, "target");
  mp_poly_exp *e = (mp_poly_exp *)R_alloc((size_t)ne, sizeof(mp_poly_exp));
  R_xlen_t nm = -1, maxbin = 1;
  const double **terms0 = (const double **)R_alloc((size_t)ne, sizeof(double *));
  for (R_xlen_t k = 0; k < ne; k++) {
    SEXP s = VECTOR_ELT(specs, k);
    if (TYPEOF(s) != VECSXP || XLENGTH(s) != 7)
      Rf_error("muonphilic internal: each spec must be a list of 7");
    e[k].stat = stat_code(VECTOR_ELT(s, 0));
    SEXP obs = VECTOR_ELT(s, 3);
    R_xlen_t nb = XLENGTH(obs);
    R_xlen_t nt = XLENGTH(VECTOR_ELT(s, 2));
    e[k].obs = mp_real_arg(obs, -1, "observed");
    e[k].bkg = mp_real_arg(VECTOR_ELT(s, 4), nb, "background");
    e[k].powers = mp_real_arg(VECTOR_ELT(s, 2), -1, "powers");
    terms0[k] = mp_real_arg(VECTOR_ELT(s, 1), -1, "terms");
    e[k].sigma_sys = mp_real_scalar(VECTOR_ELT(s, 5), "sigma_sys");
    e[k].saturated = Rf_asLogical(VECTOR_ELT(s, 6)) == TRUE;
    e[k].nbin = (size_t)nb;
    e[k].nterm = (size_t)nt;
    if (nb == 0 || nt == 0 || XLENGTH(VECTOR_ELT(s, 1)) % (nb * nt) != 0)
      Rf_error("muonphilic internal: coefficient array does not match bins and powers");
    R_xlen_t m = XLENGTH(VECTOR_ELT(s, 1)) / (nb * nt);
    if (nm >= 0 && m != nm)
      Rf_error("muonphilic internal: experiments disagree on the number of masses");
    nm = m;
    if (nb > maxbin) maxbin = nb;
  }
  if (nm > INT_MAX) Rf_error("muonphilic internal: too many masses");
  double *work = (double *)R_alloc((size_t)maxbin, sizeof(double));
  SEXP out = PROTECT(Rf_allocMatrix(REALSXP, (int)nm, 4));
  double *po = REAL(out);
  for (R_xlen_t m = 0; m < nm; m++) {
    for (R_xlen_t k = 0; k < ne; k++)
      e[k].terms = terms0[k] + m * (R_xlen_t)e[k].nbin * (R_xlen_t)e[k].nterm;
    double gh, fh, f0, gc = NA_REAL;
    int status = mp_profile_min(e, (size_t)ne, pl, (size_t)nl, work, &gh, &fh, &f0);
    if (status == MP_OK && R_FINITE(tgt) && R_FINITE(fh))
      status = mp_profile_cross(e, (size_t)ne, pl, (size_t)nl, work, gh, fh, tgt, &gc);
    if (status != MP_OK) {
      UNPROTECT(1);
      mp_check_status(status, "exact profile in g");
    }
    po[m] = gh;
    po[m + nm] = fh;
    po[m + 2 * nm] = f0;
    po[m + 3 * nm] = gc;
  }
  UNPROTECT(1);
  return out;
}

/* Binned Asimov discovery significance Z_A (discovery.c). */
SEXP ffi_asimov_z(SEXP n, SEXP b) {
  R_xlen_t len = XLENGTH(n);
  const double *pn = mp_real_arg(n, -1, "n");
  const double *pb = mp_real_arg(b, len, "b");
  double z;
  mp_check_status(mp_asimov_z(pn, pb, (size_t)len, &z), "Asimov significance");
  return Rf_ScalarReal(z);
}

const R_CallMethodDef mp_calls_stats[] = {
    {"ffi_poisson_deviance", (DL_FUNC)&ffi_poisson_deviance, 2},
    {"ffi_poisson_m2ll", (DL_FUNC)&ffi_poisson_m2ll, 2},
    {"ffi_chi2_pull", (DL_FUNC)&ffi_chi2_pull, 4},
    {"ffi_chi2_pull_matrix", (DL_FUNC)&ffi_chi2_pull_matrix, 4},
    {"ffi_poisson_deviance_matrix", (DL_FUNC)&ffi_poisson_deviance_matrix, 2},
    {"ffi_poisson_pvalue", (DL_FUNC)&ffi_poisson_pvalue, 2},
    {"ffi_p_to_sigma", (DL_FUNC)&ffi_p_to_sigma, 1},
    {"ffi_m2ll_matrix", (DL_FUNC)&ffi_m2ll_matrix, 6},
    {"ffi_m2ll_terms", (DL_FUNC)&ffi_m2ll_terms, 8},
    {"ffi_profile_terms", (DL_FUNC)&ffi_profile_terms, 3},
    {"ffi_asimov_z", (DL_FUNC)&ffi_asimov_z, 2},
    {NULL, NULL, 0}};
