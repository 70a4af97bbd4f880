/* r_util.c -- shared R glue helpers. */
#include "r_util.h"
#include "mp.h"
#include <math.h>
#include <limits.h>
#include <string.h>

mp_model mp_model_from_sexp(SEXP spec) {
  mp_model m;
  const double *v = mp_real_arg(spec, 5, "model");
  m.q[0] = v[0];
  m.q[1] = v[1];
  m.q[2] = v[2];
  m.mixing = (int)mp_real_to_int(v[3], MP_MIX_RATIO, MP_MIX_FIXED, "mixing type");
  m.mix_value = v[4];
  if (m.mixing < MP_MIX_RATIO || m.mixing > MP_MIX_FIXED)
    Rf_error("muonphilic internal: unknown mixing type %d", m.mixing);
  return m;
}

const double *mp_real_arg(SEXP x, R_xlen_t n, const char *arg) {
  if (TYPEOF(x) != REALSXP)
    Rf_error("muonphilic internal: '%s' must be a double vector", arg);
  if (n >= 0 && XLENGTH(x) != n)
    Rf_error("muonphilic internal: '%s' must have length %lld, not %lld", arg,
             (long long)n, (long long)XLENGTH(x));
  return REAL(x);
}

double mp_real_scalar(SEXP x, const char *arg) {
  return mp_real_arg(x, 1, arg)[0];
}

int mp_real_is_int(double v, long long lo, long long hi) {
  /* the comparisons are false for NaN; the range check precedes any cast */
  return v >= (double)lo && v <= (double)hi && v == floor(v);
}

long long mp_real_to_int(double v, long long lo, long long hi, const char *arg) {
  if (!mp_real_is_int(v, lo, hi))
    Rf_error("muonphilic: '%s' must be a whole number in [%lld, %lld], not %g", arg,
             lo, hi, v);
  return (long long)v;
}

int mp_dim(R_xlen_t n) {
  if (n < 0 || (double)n > (double)INT_MAX)
    Rf_error("muonphilic: a matrix dimension of %.0f is out of range", (double)n);
  return (int)n;
}

double mp_tol_arg(SEXP x) {
  double t = mp_real_scalar(x, "rel_tol");
  if (!(t > 0.0 && t < 0.1)) Rf_error("muonphilic internal: rel_tol out of range");
  return t;
}

void mp_check_status(int status, const char *what) {
  if (status != MP_OK)
    Rf_error("muonphilic: %s failed: %s (status %d)", what,
             mp_strerror(status), status);
}

const double *mp_list_real(SEXP x, const char *name, R_xlen_t n) {
  if (TYPEOF(x) != VECSXP)
    Rf_error("muonphilic internal: expected a named list holding '%s'", name);
  SEXP nms = Rf_getAttrib(x, R_NamesSymbol);
  R_xlen_t len = XLENGTH(x);
  if (TYPEOF(nms) == STRSXP) {
    for (R_xlen_t i = 0; i < len; i++) {
      if (strcmp(CHAR(STRING_ELT(nms, i)), name) == 0)
        return mp_real_arg(VECTOR_ELT(x, i), n, name);
    }
  }
  Rf_error("muonphilic internal: the list has no element '%s'", name);
  return NULL; /* not reached */
}

R_xlen_t mp_list_length(SEXP x, const char *name) {
  mp_list_real(x, name, -1);
  SEXP nms = Rf_getAttrib(x, R_NamesSymbol);
  for (R_xlen_t i = 0; i < XLENGTH(x); i++)
    if (strcmp(CHAR(STRING_ELT(nms, i)), name) == 0)
      return XLENGTH(VECTOR_ELT(x, i));
  return 0; /* not reached */
}
