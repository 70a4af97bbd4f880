/* r_detector.c -- R glue for detector.c and discovery.c. */
#include "r_util.h"
#include "mp.h"
#include "detector.h"
#include "discovery.h"

/* Curve spec from R: c(type, params...) or c(2, n, x[1..n], y[1..n]). */
static int curve_from_sexp(SEXP s, mp_curve *c) {
  const double *v = mp_real_arg(s, -1, "curve");
  R_xlen_t len = XLENGTH(s);
  c->tab = NULL;
  if (len < 1) return MP_EDOM;
  if (!mp_real_is_int(v[0], 0, 2)) return MP_EDOM;
  int type = (int)v[0];
  if (type == MP_CURVE_LOGISTIC || type == MP_CURVE_SQRT)
    return mp_curve_init(c, type, v + 1, (size_t)(len - 1), NULL, NULL, 0);
  if (type == MP_CURVE_TABLE) {
    if (len < 2) return MP_EDOM;
    if (!mp_real_is_int(v[1], 2, (long long)(len / 2))) return MP_EDOM;
    R_xlen_t n = (R_xlen_t)v[1];
    if (len != 2 + 2 * n) return MP_EDOM;
    return mp_curve_init(c, type, NULL, 0, v + 2, v + 2 + n, (size_t)n);
  }
  return MP_EDOM;
}

/* Channel spec from R: c(nr, k, Z, eff_scale, e_cap, shift, weight). */
static mp_det_channel channel_from_sexp(SEXP s, const mp_curve *eff,
                                        const mp_curve *res) {
  const double *v = mp_real_arg(s, 7, "channel");
  mp_det_channel ch;
  ch.nr = (int)mp_real_to_int(v[0], 0, 1, "channel type");
  ch.q.k = v[1];
  ch.q.Z = v[2];
  ch.eff = eff;
  ch.eff_scale = v[3];
  ch.res.sigma = res;
  ch.res.e_cap = v[4];
  ch.res.shift = v[5];
  ch.weight = v[6];
  return ch;
}

/* Parse the efficiency and resolution curves; the caller has one protected
 * result on the stack. Both SEXPs are read (and may raise) before the
 * first curve allocates; on failure the curves are freed and the result
 * released before the error is raised. */
static void two_curves_protected(SEXP eff_s, SEXP res_s, mp_curve *eff, mp_curve *res) {
  (void)mp_real_arg(eff_s, -1, "curve");
  (void)mp_real_arg(res_s, -1, "curve");
  res->tab = NULL;
  const char *what = "efficiency curve";
  int status = curve_from_sexp(eff_s, eff);
  if (status == MP_OK) {
    what = "resolution curve";
    status = curve_from_sexp(res_s, res);
  }
  if (status != MP_OK) {
    mp_curve_free(eff);
    mp_curve_free(res);
    UNPROTECT(1);
    mp_check_status(status, what);
  }
}

/* which: 0 L(E), 1 E_ee(E_nr), 2 dE_ee/dE_nr, 3 E_nr(E_ee) */
SEXP ffi_quenching(SEXP e, SEXP k, SEXP z, SEXP which) {
  R_xlen_t n = XLENGTH(e);
  const double *pe = mp_real_arg(e, -1, "energy");
  mp_quench q = {mp_real_scalar(k, "k"), mp_real_scalar(z, "Z")};
  int w = Rf_asInteger(which);
  SEXP out = PROTECT(Rf_allocVector(REALSXP, n));
  double *po = REAL(out);
  int status = MP_OK;
  for (R_xlen_t i = 0; i < n && status == MP_OK; i++) {
    switch (w) {
    case 0: po[i] = mp_lindhard(&q, pe[i]); break;
    case 1: po[i] = mp_nr_to_ee(&q, pe[i]); break;
    case 2: po[i] = mp_nr_to_ee_deriv(&q, pe[i]); break;
    default: status = mp_ee_to_nr(&q, pe[i], &po[i]); break;
    }
  }
  UNPROTECT(1);
  mp_check_status(status, "inverse Lindhard quenching");
  return out;
}

/* kind 0: efficiency with threshold scale; kind 1: the plain curve */
SEXP ffi_curve_eval(SEXP curve, SEXP e, SEXP scale, SEXP kind) {
  /* every SEXP is read and the result allocated before the curve allocates */
  R_xlen_t n = XLENGTH(e);
  const double *pe = mp_real_arg(e, -1, "energy");
  double s = mp_real_scalar(scale, "scale");
  int k = Rf_asInteger(kind);
  SEXP out = PROTECT(Rf_allocVector(REALSXP, n));
  mp_curve c;
  int status = curve_from_sexp(curve, &c);
  if (status != MP_OK) {
    mp_curve_free(&c);
    UNPROTECT(1);
    mp_check_status(status, "response curve");
  }
  for (R_xlen_t i = 0; i < n; i++)
    REAL(out)[i] = k == 0 ? mp_eff_eval(&c, s, pe[i]) : mp_curve_eval(&c, pe[i]);
  mp_curve_free(&c);
  UNPROTECT(1);
  return out;
}

SEXP ffi_eff_half_point(SEXP curve, SEXP rel_tol) {
  double rt = mp_tol_arg(rel_tol); /* read before the curve allocates */
  mp_curve c;
  int status = curve_from_sexp(curve, &c);
  double e50 = NAN;
  if (status == MP_OK) status = mp_eff_half_point(&c, &e50, rt);
  mp_curve_free(&c);
  if (status == MP_ENOROOT) return Rf_ScalarReal(NA_REAL); /* never crosses 0.5 */
  mp_check_status(status, "50% point of the efficiency");
  return Rf_ScalarReal(e50);
}

SEXP ffi_resol_eval(SEXP curve, SEXP e, SEXP e_cap, SEXP shift) {
  /* every SEXP is read and the result allocated before the curve allocates */
  double cap = mp_real_scalar(e_cap, "e_cap"), sh = mp_real_scalar(shift, "shift");
  R_xlen_t n = XLENGTH(e);
  const double *pe = mp_real_arg(e, -1, "energy");
  SEXP out = PROTECT(Rf_allocVector(REALSXP, n));
  mp_curve c;
  int status = curve_from_sexp(curve, &c);
  if (status != MP_OK) {
    mp_curve_free(&c);
    UNPROTECT(1);
    mp_check_status(status, "resolution curve");
  }
  mp_resol r = {&c, cap, sh};
  for (R_xlen_t i = 0; i < n; i++) REAL(out)[i] = mp_resol_eval(&r, pe[i]);
  mp_curve_free(&c);
  UNPROTECT(1);
  return out;
}

SEXP ffi_det_grid(SEXP lo, SEXP hi, SEXP n) {
  int nn = Rf_asInteger(n);
  if (nn < 3) Rf_error("muonphilic internal: grid needs >= 3 points");
  SEXP e = PROTECT(Rf_allocVector(REALSXP, nn));
  SEXP w = PROTECT(Rf_allocVector(REALSXP, nn));
  int status = mp_det_grid(mp_real_scalar(lo, "lo"), mp_real_scalar(hi, "hi"),
                           (size_t)nn, REAL(e), REAL(w));
  SEXP out = PROTECT(Rf_allocVector(VECSXP, 2));
  SET_VECTOR_ELT(out, 0, e);
  SET_VECTOR_ELT(out, 1, w);
  UNPROTECT(3);
  mp_check_status(status, "energy grid");
  return out;
}

SEXP ffi_det_response(SEXP chan, SEXP eff_s, SEXP res_s, SEXP e, SEXP w,
                      SEXP edges) {
  R_xlen_t n = XLENGTH(e), ne = XLENGTH(edges);
  const double *pe = mp_real_arg(e, -1, "grid");
  const double *pw = mp_real_arg(w, n, "weights");
  const double *pb = mp_real_arg(edges, -1, "edges");
  if (ne < 2) Rf_error("muonphilic internal: need >= 2 bin edges");
  int nrow = mp_dim(ne - 1), ncol = mp_dim(n);
  mp_curve eff, res;
  /* the channel is parsed (and may raise) before the curves allocate */
  mp_det_channel ch = channel_from_sexp(chan, &eff, &res);
  /* the result is allocated before the curves (no malloc'd memory across an
   * R allocation that can raise) */
  SEXP out = PROTECT(Rf_allocMatrix(REALSXP, nrow, ncol));
  two_curves_protected(eff_s, res_s, &eff, &res);
  int status = mp_det_response(&ch, pe, pw, (size_t)n, pb, (size_t)ne, REAL(out));
  mp_curve_free(&eff);
  mp_curve_free(&res);
  UNPROTECT(1);
  mp_check_status(status, "detector response matrix (Eq. 37)");
  return out;
}

SEXP ffi_det_kernel(SEXP chan, SEXP eff_s, SEXP res_s, SEXP e_true, SEXP e_obs,
                    SEXP obs_nr) {
  R_xlen_t n = XLENGTH(e_true);
  const double *pt = mp_real_arg(e_true, -1, "true energy");
  const double *po = mp_real_arg(e_obs, n, "observed energy");
  mp_curve eff, res;
  /* the channel is parsed (and may raise) before the curves allocate */
  mp_det_channel ch = channel_from_sexp(chan, &eff, &res);
  int onr = Rf_asInteger(obs_nr);
  SEXP out = PROTECT(Rf_allocVector(REALSXP, n));
  two_curves_protected(eff_s, res_s, &eff, &res);
  for (R_xlen_t i = 0; i < n; i++)
    REAL(out)[i] = mp_det_kernel(&ch, pt[i], po[i], onr);
  mp_curve_free(&eff);
  mp_curve_free(&res);
  UNPROTECT(1);
  return out;
}

SEXP ffi_det_smear(SEXP chan, SEXP eff_s, SEXP res_s, SEXP e, SEXP w,
                   SEXP rate, SEXP e_obs, SEXP obs_nr) {
  R_xlen_t n = XLENGTH(e), no = XLENGTH(e_obs);
  const double *pe = mp_real_arg(e, -1, "grid");
  const double *pw = mp_real_arg(w, n, "weights");
  const double *pr = mp_real_arg(rate, n, "rate");
  const double *po = mp_real_arg(e_obs, -1, "observed energy");
  mp_curve eff, res;
  /* the channel is parsed (and may raise) before the curves allocate */
  mp_det_channel ch = channel_from_sexp(chan, &eff, &res);
  int onr = Rf_asInteger(obs_nr);
  SEXP out = PROTECT(Rf_allocVector(REALSXP, no));
  two_curves_protected(eff_s, res_s, &eff, &res);
  int status = mp_det_smear(&ch, pe, pw, pr, (size_t)n, po, (size_t)no, onr, REAL(out));
  mp_curve_free(&eff);
  mp_curve_free(&res);
  UNPROTECT(1);
  mp_check_status(status, "Gaussian smearing (Eq. 37)");
  return out;
}

SEXP ffi_xe136_2vbb(SEXP e, SEXP par, SEXP rel_tol) {
  R_xlen_t n = XLENGTH(e);
  const double *pe = mp_real_arg(e, -1, "energy");
  const double *pp = mp_real_arg(par, 4, "2vbb parameters");
  SEXP out = PROTECT(Rf_allocVector(REALSXP, n));
  int status = mp_xe136_2vbb(pe, (size_t)n, pp, mp_tol_arg(rel_tol), REAL(out));
  UNPROTECT(1);
  mp_check_status(status, "Xe-136 double-beta spectrum");
  return out;
}

/* matrix n x 2: p-value, sigma */
SEXP ffi_discovery_sigma(SEXP n_obs, SEXP b) {
  R_xlen_t n = XLENGTH(n_obs);
  const double *pn = mp_real_arg(n_obs, -1, "n_obs");
  const double *pb = mp_real_arg(b, n, "b");
  SEXP out = PROTECT(Rf_allocMatrix(REALSXP, mp_dim(n), 2));
  double *po = REAL(out);
  int status = MP_OK;
  for (R_xlen_t i = 0; i < n && status == MP_OK; i++)
    status = mp_discovery_sigma(pn[i], pb[i], &po[i], &po[i + n]);
  UNPROTECT(1);
  mp_check_status(status, "discovery p-value (Eq. 38)");
  return out;
}

/* matrix n x 2: exposure, flag */
SEXP ffi_discovery_exposure(SEXP s1, SEXP b1, SEXP target, SEXP max_exp,
                            SEXP rel_tol) {
  R_xlen_t n = XLENGTH(s1);
  const double *ps = mp_real_arg(s1, -1, "signal rate");
  const double *pb = mp_real_arg(b1, n, "background rate");
  const double *pt = mp_real_arg(target, n, "sigma");
  double mx = mp_real_scalar(max_exp, "max_exposure"), tol = mp_tol_arg(rel_tol);
  SEXP out = PROTECT(Rf_allocMatrix(REALSXP, mp_dim(n), 2));
  double *po = REAL(out);
  int status = MP_OK;
  for (R_xlen_t i = 0; i < n && status == MP_OK; i++) {
    int flag = 0;
    status = mp_discovery_exposure(ps[i], pb[i], pt[i], mx, tol, &po[i], &flag);
    po[i + n] = flag;
  }
  UNPROTECT(1);
  mp_check_status(status, "discovery exposure (Eq. 38)");
  return out;
}

const R_CallMethodDef mp_calls_detector[] = {
    {"ffi_quenching", (DL_FUNC)&ffi_quenching, 4},
    {"ffi_curve_eval", (DL_FUNC)&ffi_curve_eval, 4},
    {"ffi_eff_half_point", (DL_FUNC)&ffi_eff_half_point, 2},
    {"ffi_resol_eval", (DL_FUNC)&ffi_resol_eval, 4},
    {"ffi_det_grid", (DL_FUNC)&ffi_det_grid, 3},
    {"ffi_det_response", (DL_FUNC)&ffi_det_response, 6},
    {"ffi_det_kernel", (DL_FUNC)&ffi_det_kernel, 6},
    {"ffi_det_smear", (DL_FUNC)&ffi_det_smear, 8},
    {"ffi_xe136_2vbb", (DL_FUNC)&ffi_xe136_2vbb, 3},
    {"ffi_discovery_sigma", (DL_FUNC)&ffi_discovery_sigma, 2},
    {"ffi_discovery_exposure", (DL_FUNC)&ffi_discovery_exposure, 5},
    {NULL, NULL, 0}};
