/* r_stats.c -- R glue for stats.c. */
#include "r_util.h"
#include "mp.h"
#include "stats.h"
#include "discovery.h"
#include <limits.h>

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

/* Exact profiles in g of several curves at each mass (stats.c), sharing the
 * per-experiment values on the search grid. specs: one list per experiment,
 * list(code, terms [nbin, nterm, nmass], powers, obs, bkg, sigma_sys,
 * saturated, tab, use_tab, tab_u): tab is NULL or an array
 * [nbin, 1 + nnode, nmass] of counts at g = 0 and at the nodes
 * u = tab_u[1] + k tab_u[2] (log10 g), used at the masses where use_tab.
 * curves: a list of 1-based experiment indices. lgrid: log10 g search grid;
 * a curve with a tabulated member at a mass searches only the grid points
 * inside the table. target: Delta(-2 ln L) threshold (or NA) for the upper
 * crossing. Returns an array [nmass, 6, ncurve]: g_hat, m2ll_hat, m2ll_zero,
 * g_cross (smallest g above which all is excluded), g_first (first crossing
 * above g_hat), n_allowed (allowed intervals at and above g_hat). */
SEXP ffi_profile_curves(SEXP specs, SEXP curves, SEXP lgrid, SEXP target) {
  if (TYPEOF(specs) != VECSXP || XLENGTH(specs) == 0)
    Rf_error("muonphilic internal: 'specs' must be a non-empty list");
  if (TYPEOF(curves) != VECSXP || XLENGTH(curves) == 0)
    Rf_error("muonphilic internal: 'curves' must be a non-empty list");
  R_xlen_t ne = XLENGTH(specs), nc = XLENGTH(curves), nl = XLENGTH(lgrid);
  const double *pl = mp_real_arg(lgrid, -1, "lgrid");
  double tgt = mp_real_scalar(target, "target");
  if (nl < 3) Rf_error("muonphilic internal: search grid too short");
  for (R_xlen_t i = 1; i < nl; i++)
    if (!(pl[i] > pl[i - 1])) Rf_error("muonphilic internal: search grid not increasing");
  mp_poly_exp *e = (mp_poly_exp *)R_alloc((size_t)ne, sizeof(mp_poly_exp));
  const double **terms0 = (const double **)R_alloc((size_t)ne, sizeof(double *));
  const double **tab0 = (const double **)R_alloc((size_t)ne, sizeof(double *));
  const int **use0 = (const int **)R_alloc((size_t)ne, sizeof(int *));
  double **tab_y = (double **)R_alloc((size_t)ne, sizeof(double *));
  double **tab_m2 = (double **)R_alloc((size_t)ne, sizeof(double *));
  double **tab_z = (double **)R_alloc((size_t)ne, sizeof(double *));
  int **tab_l = (int **)R_alloc((size_t)ne, sizeof(int *));
  double **fg = (double **)R_alloc((size_t)ne, sizeof(double *));
  double *f0 = (double *)R_alloc((size_t)ne, sizeof(double));
  R_xlen_t *ilo = (R_xlen_t *)R_alloc((size_t)ne, sizeof(R_xlen_t));
  R_xlen_t *ihi = (R_xlen_t *)R_alloc((size_t)ne, sizeof(R_xlen_t));
  R_xlen_t nm = -1, maxbin = 1, maxnode = 1;
  for (R_xlen_t k = 0; k < ne; k++) {
    SEXP s = VECTOR_ELT(specs, k);
    if (TYPEOF(s) != VECSXP || XLENGTH(s) != 10)
      Rf_error("muonphilic internal: each spec must be a list of 10");
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
    e[k].tab_y = NULL;
    if (nb == 0 || nt == 0 || XLENGTH(VECTOR_ELT(s, 1)) % (nb * nt) != 0)
      Rf_error("muonphilic internal: coefficient array does not match bins and powers");
    R_xlen_t m = XLENGTH(VECTOR_ELT(s, 1)) / (nb * nt);
    if (nm >= 0 && m != nm)
      Rf_error("muonphilic internal: experiments disagree on the number of masses");
    nm = m;
    if (nb > maxbin) maxbin = nb;
    SEXP use = VECTOR_ELT(s, 8);
    if (TYPEOF(use) != LGLSXP || XLENGTH(use) != m)
      Rf_error("muonphilic internal: 'use_tab' must be logical, one per mass");
    use0[k] = LOGICAL(use);
    SEXP tab = VECTOR_ELT(s, 7);
    tab0[k] = NULL;
    ilo[k] = 0;
    ihi[k] = nl - 1;
    if (tab != R_NilValue) {
      const double *tu = mp_real_arg(VECTOR_ELT(s, 9), 2, "tab_u");
      if (XLENGTH(tab) % (nb * m) != 0 || XLENGTH(tab) / (nb * m) < 4 || !(tu[1] > 0.0))
        Rf_error("muonphilic internal: table does not match bins and masses");
      tab0[k] = mp_real_arg(tab, -1, "tab");
      e[k].tab_n = (size_t)(XLENGTH(tab) / (nb * m) - 1);
      e[k].tab_u0 = tu[0];
      e[k].tab_h = tu[1];
      if ((R_xlen_t)e[k].tab_n > maxnode) maxnode = (R_xlen_t)e[k].tab_n;
      double u1 = tu[0] + tu[1] * (double)(e[k].tab_n - 1);
      /* grid points inside the table (round-off tolerance 1e-9 decades) */
      ilo[k] = nl;
      ihi[k] = -1;
      for (R_xlen_t i = 0; i < nl; i++) {
        if (pl[i] >= tu[0] - 1e-9 && pl[i] <= u1 + 1e-9) {
          if (i < ilo[k]) ilo[k] = i;
          ihi[k] = i;
        }
      }
      if (ihi[k] - ilo[k] < 2)
        Rf_error("muonphilic internal: search grid misses the table");
      tab_y[k] = (double *)R_alloc((size_t)(nb * e[k].tab_n), sizeof(double));
      tab_m2[k] = (double *)R_alloc((size_t)(nb * e[k].tab_n), sizeof(double));
      tab_z[k] = (double *)R_alloc((size_t)nb, sizeof(double));
      tab_l[k] = (int *)R_alloc((size_t)nb, sizeof(int));
    } else {
      for (R_xlen_t j = 0; j < m; j++)
        if (use0[k][j] != FALSE)
          Rf_error("muonphilic internal: a mass asks for a table that is missing");
    }
    fg[k] = (double *)R_alloc((size_t)nl, sizeof(double));
  }
  if (nm > INT_MAX) Rf_error("muonphilic internal: too many masses");
  /* curves: member indices (0-based) */
  R_xlen_t maxmem = 1;
  int **mem = (int **)R_alloc((size_t)nc, sizeof(int *));
  R_xlen_t *nmem = (R_xlen_t *)R_alloc((size_t)nc, sizeof(R_xlen_t));
  for (R_xlen_t c = 0; c < nc; c++) {
    SEXP cv = VECTOR_ELT(curves, c);
    if (TYPEOF(cv) != INTSXP || XLENGTH(cv) == 0)
      Rf_error("muonphilic internal: each curve must be a non-empty integer vector");
    nmem[c] = XLENGTH(cv);
    mem[c] = INTEGER(cv);
    for (R_xlen_t i = 0; i < nmem[c]; i++)
      if (mem[c][i] < 1 || mem[c][i] > ne)
        Rf_error("muonphilic internal: curve member out of range");
    if (nmem[c] > maxmem) maxmem = nmem[c];
  }
  double *work = (double *)R_alloc((size_t)(maxbin > maxnode ? maxbin : maxnode), sizeof(double));
  double *sum = (double *)R_alloc((size_t)nl, sizeof(double));
  mp_poly_exp *sub = (mp_poly_exp *)R_alloc((size_t)maxmem, sizeof(mp_poly_exp));
  int *used = (int *)R_alloc((size_t)ne, sizeof(int));
  for (R_xlen_t k = 0; k < ne; k++) used[k] = 0;
  for (R_xlen_t c = 0; c < nc; c++)
    for (R_xlen_t i = 0; i < nmem[c]; i++) used[mem[c][i] - 1] = 1;
  SEXP out = PROTECT(Rf_alloc3DArray(REALSXP, (int)nm, 6, (int)nc));
  double *po = REAL(out);
  const char *what = "exact profile in g";
  for (R_xlen_t m = 0; m < nm; m++) {
    /* each experiment at this mass: polynomial or spline table, then its
     * -2 ln L at g = 0 and on the (table's part of the) grid */
    for (R_xlen_t k = 0; k < ne; k++) {
      if (!used[k]) continue;
      size_t nb = e[k].nbin;
      e[k].terms = terms0[k] + m * (R_xlen_t)nb * (R_xlen_t)e[k].nterm;
      e[k].tab_y = NULL;
      if (use0[k][m] != FALSE) {
        size_t nn = e[k].tab_n;
        const double *t = tab0[k] + m * (R_xlen_t)nb * (R_xlen_t)(nn + 1);
        for (size_t i = 0; i < nb; i++) {
          tab_z[k][i] = t[i];
          int all_pos = 1;
          for (size_t q = 0; q < nn; q++) {
            double v = t[i + (q + 1) * nb];
            if (!R_FINITE(v)) {
              UNPROTECT(1);
              mp_check_status(MP_EDOM, what);
            }
            if (!(v > 0.0)) all_pos = 0;
          }
          tab_l[k][i] = all_pos;
          double *y = tab_y[k] + i * nn;
          for (size_t q = 0; q < nn; q++) {
            double v = t[i + (q + 1) * nb];
            y[q] = all_pos ? log(v) : v;
          }
          mp_spline_natural(y, nn, e[k].tab_h, tab_m2[k] + i * nn, work);
        }
        e[k].tab_y = tab_y[k];
        e[k].tab_m2 = tab_m2[k];
        e[k].tab_zero = tab_z[k];
        e[k].tab_log = tab_l[k];
      }
      f0[k] = mp_poly_m2ll(e + k, 1, 0.0, work);
      R_xlen_t a = e[k].tab_y ? ilo[k] : 0, b = e[k].tab_y ? ihi[k] : nl - 1;
      for (R_xlen_t i = 0; i < nl; i++)
        fg[k][i] = (i >= a && i <= b) ? mp_poly_m2ll(e + k, 1, pow(10.0, pl[i]), work) : NAN;
    }
    for (R_xlen_t c = 0; c < nc; c++) {
      R_xlen_t a = 0, b = nl - 1;
      double z = 0.0;
      for (R_xlen_t i = 0; i < nmem[c]; i++) {
        R_xlen_t k = mem[c][i] - 1;
        sub[i] = e[k];
        z += f0[k];
        if (e[k].tab_y) {
          if (ilo[k] > a) a = ilo[k];
          if (ihi[k] < b) b = ihi[k];
        }
      }
      for (R_xlen_t i = a; i <= b; i++) {
        double v = 0.0;
        for (R_xlen_t q = 0; q < nmem[c]; q++) v += fg[mem[c][q] - 1][i];
        sum[i] = v;
      }
      double gh = NA_REAL, fh = NA_REAL, gc = NA_REAL, gf = NA_REAL, na = NA_REAL;
      int status = MP_EDOM;
      if (b - a >= 2)
        status = mp_profile_min_grid(sub, (size_t)nmem[c], pl + a, sum + a,
                                     (size_t)(b - a + 1), z, work, &gh, &fh);
      if (status == MP_OK && R_FINITE(tgt) && R_FINITE(fh))
        status = mp_profile_cross_grid(sub, (size_t)nmem[c], pl + a, sum + a,
                                       (size_t)(b - a + 1), work, gh, fh, tgt, &gf);
      if (status == MP_OK && R_FINITE(tgt) && R_FINITE(fh))
        status = mp_profile_upper_grid(sub, (size_t)nmem[c], pl + a, sum + a,
                                       (size_t)(b - a + 1), work, gh, fh, tgt, &gc, &na);
      if (status != MP_OK) {
        UNPROTECT(1);
        mp_check_status(status, what);
      }
      double *pc = po + c * 6 * nm;
      pc[m] = gh;
      pc[m + nm] = fh;
      pc[m + 2 * nm] = z;
      pc[m + 3 * nm] = gc;
      pc[m + 4 * nm] = gf;
      pc[m + 5 * nm] = na;
    }
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

/* Binned Asimov Z_A with a relative background uncertainty (stats.c). */
SEXP ffi_asimov_z_sys(SEXP n, SEXP b, SEXP sigma_rel) {
  R_xlen_t len = XLENGTH(n);
  const double *pn = mp_real_arg(n, -1, "n");
  const double *pb = mp_real_arg(b, len, "b");
  double s = mp_real_scalar(sigma_rel, "sigma_sys");
  double z;
  mp_check_status(mp_asimov_z_sys(pn, pb, (size_t)len, s, &z),
                  "Asimov significance with background uncertainty");
  return Rf_ScalarReal(z);
}

const R_CallMethodDef mp_calls_stats[] = {
    {"ffi_chi2_pull", (DL_FUNC)&ffi_chi2_pull, 4},
    {"ffi_poisson_pvalue", (DL_FUNC)&ffi_poisson_pvalue, 2},
    {"ffi_p_to_sigma", (DL_FUNC)&ffi_p_to_sigma, 1},
    {"ffi_m2ll_matrix", (DL_FUNC)&ffi_m2ll_matrix, 6},
    {"ffi_m2ll_terms", (DL_FUNC)&ffi_m2ll_terms, 8},
    {"ffi_profile_curves", (DL_FUNC)&ffi_profile_curves, 4},
    {"ffi_asimov_z", (DL_FUNC)&ffi_asimov_z, 2},
    {"ffi_asimov_z_sys", (DL_FUNC)&ffi_asimov_z_sys, 3},
    {NULL, NULL, 0}};
