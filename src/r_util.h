/* r_util.h -- helpers shared by the R glue files (R API allowed here only). */
#ifndef MUONPHILIC_R_UTIL_H
#define MUONPHILIC_R_UTIL_H
#define R_NO_REMAP
#include <R.h>
#include <Rinternals.h>
#include "model.h"

/* A model passed from R as c(Qe, Qmu, Qtau, mixing_type, mixing_value). */
mp_model mp_model_from_sexp(SEXP spec);
/* A double vector argument of length n (n < 0: any length); errors name arg. */
const double *mp_real_arg(SEXP x, R_xlen_t n, const char *arg);
/* Scalar real argument. */
double mp_real_scalar(SEXP x, const char *arg);
/* A double that must be a whole number in [lo, hi] (NaN, Inf and values out
 * of range raise an R error before any cast): returned as long long. */
/* 1 when v is a whole number in [lo, hi] (0 for NaN, Inf, out of range). */
int mp_real_is_int(double v, long long lo, long long hi);
long long mp_real_to_int(double v, long long lo, long long hi, const char *arg);
/* A matrix dimension as int (an R error beyond INT_MAX, before the cast). */
int mp_dim(R_xlen_t n);
/* Relative tolerance from R (must be in (0, 0.1)). */
double mp_tol_arg(SEXP x);
/* Raise an R error naming the computation when status != 0. Call only after
 * freeing any C-side memory. */
void mp_check_status(int status, const char *what);
/* The element `name` of the named list x as a double vector of length n
 * (n < 0: any length); an R error when it is missing or of another type. */
const double *mp_list_real(SEXP x, const char *name, R_xlen_t n);
/* The length of the double vector `name` of the named list x. */
R_xlen_t mp_list_length(SEXP x, const char *name);
#endif
