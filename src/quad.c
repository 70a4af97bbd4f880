/* quad.c -- adaptive integration, root finding and splines over GSL. */
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_integration.h>
#include <gsl/gsl_roots.h>
#include <gsl/gsl_spline.h>
#include "mp.h"
#include "quad.h"

#define MP_QUAD_LIMIT 2000

const char *mp_strerror(int status) {
  switch (status) {
  case MP_OK: return "success";
  case MP_EDOM: return "argument outside the domain of the computation";
  case MP_ENOMEM: return "memory allocation failed";
  case MP_ENOROOT: return "no sign change in the root bracket";
  default: return gsl_strerror(status);
  }
}

mp_tol mp_tol_default(double rel) {
  mp_tol t;
  t.rel = rel > 0 ? rel : 1e-8;
  t.abs = 0.0;
  t.limit = MP_QUAD_LIMIT;
  return t;
}

typedef struct {
  mp_fn f;
  void *params;
} mp_gsl_wrap;

static double mp_call(double x, void *p) {
  const mp_gsl_wrap *w = (const mp_gsl_wrap *)p;
  return w->f(x, w->params);
}

/* Accept the result when GSL says the requested accuracy was not reached
 * but the error estimate is still tiny in absolute terms relative to the
 * result (round-off limited), which happens for exactly-zero or very
 * smooth integrands. Everything else is passed on. */
static int mp_soften(int status, double result, double abserr, mp_tol tol) {
  if (status == GSL_EROUND || status == GSL_EMAXITER || status == GSL_ESING ||
      status == GSL_EDIVERGE) {
    double scale = fabs(result);
    if (abserr <= 1e3 * tol.rel * scale || abserr <= tol.abs ||
        (scale == 0.0 && abserr == 0.0))
      return GSL_SUCCESS;
  }
  return status;
}

static size_t mp_limit(mp_tol tol) {
  return tol.limit > 0 ? tol.limit : MP_QUAD_LIMIT;
}

int mp_integrate(mp_fn f, void *params, double a, double b, mp_tol tol,
                 double *result, double *abserr) {
  *result = 0.0;
  *abserr = 0.0;
  if (!isfinite(a) || !isfinite(b)) return MP_EDOM;
  if (a == b) return MP_OK;
  size_t limit = mp_limit(tol);
  gsl_integration_workspace *ws = gsl_integration_workspace_alloc(limit);
  if (ws == NULL) return MP_ENOMEM;
  mp_gsl_wrap w = {f, params};
  gsl_function F;
  F.function = &mp_call;
  F.params = &w;
  int status = gsl_integration_qags(&F, a, b, tol.abs, tol.rel, limit, ws,
                                    result, abserr);
  gsl_integration_workspace_free(ws);
  if (status == GSL_SUCCESS && !isfinite(*result)) return GSL_EBADFUNC;
  return mp_soften(status, *result, *abserr, tol);
}

static int cmp_double(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

int mp_integrate_pts(mp_fn f, void *params, double a, double b,
                     const double *pts, size_t npts, mp_tol tol,
                     double *result, double *abserr) {
  *result = 0.0;
  *abserr = 0.0;
  if (!isfinite(a) || !isfinite(b)) return MP_EDOM;
  if (a == b) return MP_OK;
  double sign = 1.0, lo = a, hi = b;
  if (b < a) {
    sign = -1.0;
    lo = b;
    hi = a;
  }
  double *p = (double *)malloc((npts + 2) * sizeof(double));
  if (p == NULL) return MP_ENOMEM;
  size_t n = 0;
  p[n++] = lo;
  double *inner = (double *)malloc((npts > 0 ? npts : 1) * sizeof(double));
  if (inner == NULL) {
    free(p);
    return MP_ENOMEM;
  }
  size_t ni = 0;
  for (size_t i = 0; i < npts; i++)
    if (isfinite(pts[i]) && pts[i] > lo && pts[i] < hi) inner[ni++] = pts[i];
  qsort(inner, ni, sizeof(double), cmp_double);
  for (size_t i = 0; i < ni; i++)
    if (inner[i] > p[n - 1] * (1 + 1e-14) + 1e-300) p[n++] = inner[i];
  free(inner);
  if (hi > p[n - 1]) p[n++] = hi;
  else p[n - 1] = hi;
  int status;
  if (n == 2) {
    free(p);
    status = mp_integrate(f, params, lo, hi, tol, result, abserr);
    *result *= sign;
    return status;
  }
  size_t limit = mp_limit(tol);
  gsl_integration_workspace *ws = gsl_integration_workspace_alloc(limit);
  if (ws == NULL) {
    free(p);
    return MP_ENOMEM;
  }
  mp_gsl_wrap w = {f, params};
  gsl_function F;
  F.function = &mp_call;
  F.params = &w;
  status = gsl_integration_qagp(&F, p, n, tol.abs, tol.rel, limit, ws,
                                result, abserr);
  gsl_integration_workspace_free(ws);
  free(p);
  *result *= sign;
  if (status == GSL_SUCCESS && !isfinite(*result)) return GSL_EBADFUNC;
  return mp_soften(status, *result, *abserr, tol);
}

typedef struct {
  mp_fn f;
  void *params;
} mp_log_wrap;

static double mp_log_call(double u, void *p) {
  const mp_log_wrap *w = (const mp_log_wrap *)p;
  double x = exp(u);
  return w->f(x, w->params) * x;
}

int mp_integrate_log(mp_fn f, void *params, double a, double b,
                     const double *pts, size_t npts, mp_tol tol,
                     double *result, double *abserr) {
  *result = 0.0;
  *abserr = 0.0;
  if (!(a > 0) || !(b > 0) || !isfinite(a) || !isfinite(b)) return MP_EDOM;
  mp_log_wrap w = {f, params};
  double *lp = NULL;
  if (npts > 0) {
    lp = (double *)malloc(npts * sizeof(double));
    if (lp == NULL) return MP_ENOMEM;
    for (size_t i = 0; i < npts; i++) lp[i] = pts[i] > 0 ? log(pts[i]) : -INFINITY;
  }
  int status = mp_integrate_pts(&mp_log_call, &w, log(a), log(b), lp, npts,
                                tol, result, abserr);
  free(lp);
  return status;
}

int mp_integrate_upper(mp_fn f, void *params, double a, mp_tol tol,
                       double *result, double *abserr) {
  *result = 0.0;
  *abserr = 0.0;
  if (!isfinite(a)) return MP_EDOM;
  size_t limit = mp_limit(tol);
  gsl_integration_workspace *ws = gsl_integration_workspace_alloc(limit);
  if (ws == NULL) return MP_ENOMEM;
  mp_gsl_wrap w = {f, params};
  gsl_function F;
  F.function = &mp_call;
  F.params = &w;
  int status = gsl_integration_qagiu(&F, a, tol.abs, tol.rel, limit, ws,
                                     result, abserr);
  gsl_integration_workspace_free(ws);
  if (status == GSL_SUCCESS && !isfinite(*result)) return GSL_EBADFUNC;
  return mp_soften(status, *result, *abserr, tol);
}

int mp_root(mp_fn f, void *params, double lo, double hi, double xabs,
            double xrel, double *root) {
  *root = NAN;
  if (!isfinite(lo) || !isfinite(hi) || lo >= hi) return MP_EDOM;
  double flo = f(lo, params), fhi = f(hi, params);
  if (!isfinite(flo) || !isfinite(fhi)) return GSL_EBADFUNC;
  if (flo == 0.0) {
    *root = lo;
    return MP_OK;
  }
  if (fhi == 0.0) {
    *root = hi;
    return MP_OK;
  }
  if ((flo > 0) == (fhi > 0)) return MP_ENOROOT;
  gsl_root_fsolver *s = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
  if (s == NULL) return MP_ENOMEM;
  mp_gsl_wrap w = {f, params};
  gsl_function F;
  F.function = &mp_call;
  F.params = &w;
  int status = gsl_root_fsolver_set(s, &F, lo, hi);
  int iter = 0;
  double x = 0.5 * (lo + hi);
  while (status == GSL_SUCCESS && iter++ < 500) {
    status = gsl_root_fsolver_iterate(s);
    if (status != GSL_SUCCESS) break;
    x = gsl_root_fsolver_root(s);
    double a = gsl_root_fsolver_x_lower(s), b = gsl_root_fsolver_x_upper(s);
    status = gsl_root_test_interval(a, b, xabs, xrel);
    if (status == GSL_SUCCESS) break;
    if (status == GSL_CONTINUE) status = GSL_SUCCESS;
  }
  if (status == GSL_SUCCESS && iter >= 500) status = GSL_EMAXITER;
  gsl_root_fsolver_free(s);
  if (status == GSL_SUCCESS) *root = x;
  return status;
}

struct mp_spline {
  gsl_interp *interp;
  gsl_interp_accel *acc; /* unused for lookups (not thread-safe); kept NULL */
  double *x;
  double *y;
  size_t n;
};

int mp_spline_new(const double *x, const double *y, size_t n, int linear,
                  mp_spline **out) {
  *out = NULL;
  if (n < 2) return MP_EDOM;
  for (size_t i = 0; i < n; i++)
    if (!isfinite(x[i]) || !isfinite(y[i]) || (i > 0 && !(x[i] > x[i - 1])))
      return MP_EDOM;
  mp_spline *s = (mp_spline *)calloc(1, sizeof(mp_spline));
  if (s == NULL) return MP_ENOMEM;
  s->x = (double *)malloc(n * sizeof(double));
  s->y = (double *)malloc(n * sizeof(double));
  if (s->x == NULL || s->y == NULL) {
    mp_spline_free(s);
    return MP_ENOMEM;
  }
  memcpy(s->x, x, n * sizeof(double));
  memcpy(s->y, y, n * sizeof(double));
  s->n = n;
  const gsl_interp_type *type =
      (linear || n < 3) ? gsl_interp_linear : gsl_interp_cspline;
  s->interp = gsl_interp_alloc(type, n);
  if (s->interp == NULL) {
    mp_spline_free(s);
    return MP_ENOMEM;
  }
  int status = gsl_interp_init(s->interp, s->x, s->y, n);
  if (status != GSL_SUCCESS) {
    mp_spline_free(s);
    return status;
  }
  *out = s;
  return MP_OK;
}

double mp_spline_eval(const mp_spline *s, double x) {
  if (!isfinite(x)) return NAN;
  size_t n = s->n;
  if (x < s->x[0]) {
    double d = 0.0;
    gsl_interp_eval_deriv_e(s->interp, s->x, s->y, s->x[0], NULL, &d);
    return s->y[0] + d * (x - s->x[0]);
  }
  if (x > s->x[n - 1]) {
    double d = 0.0;
    gsl_interp_eval_deriv_e(s->interp, s->x, s->y, s->x[n - 1], NULL, &d);
    return s->y[n - 1] + d * (x - s->x[n - 1]);
  }
  double y = NAN;
  gsl_interp_eval_e(s->interp, s->x, s->y, x, NULL, &y);
  return y;
}

double mp_spline_deriv(const mp_spline *s, double x) {
  double xc = x < s->x[0] ? s->x[0] : (x > s->x[s->n - 1] ? s->x[s->n - 1] : x);
  double d = NAN;
  gsl_interp_eval_deriv_e(s->interp, s->x, s->y, xc, NULL, &d);
  return d;
}

void mp_spline_free(mp_spline *s) {
  if (s == NULL) return;
  if (s->interp) gsl_interp_free(s->interp);
  free(s->x);
  free(s->y);
  free(s);
}

/* Fixed Gauss-Legendre nodes and weights on [a, b] (see quad.h). */
int mp_gl_rule(size_t n, double a, double b, double *x, double *w) {
  if (n < 1) return MP_EDOM;
  gsl_integration_glfixed_table *t = gsl_integration_glfixed_table_alloc(n);
  if (t == NULL) return MP_ENOMEM;
  int status = MP_OK;
  for (size_t i = 0; i < n && status == MP_OK; i++)
    status = gsl_integration_glfixed_point(a, b, i, &x[i], &w[i], t);
  gsl_integration_glfixed_table_free(t);
  return status;
}
