/* quad.h -- the one numerics layer of muonphilic over GSL: adaptive
 * integration, 1-D root finding and cubic splines. No other file integrates
 * or finds roots by itself. All functions return a status (0 = success,
 * GSL codes or MP_* codes otherwise); none calls the R API. */
#ifndef MUONPHILIC_QUAD_H
#define MUONPHILIC_QUAD_H

#include <stddef.h>

typedef double (*mp_fn)(double x, void *params);

/* Tolerances for one integral. rel is relative, abs absolute. */
typedef struct {
  double rel;
  double abs;
  size_t limit; /* max subintervals; 0 means the default (2000) */
} mp_tol;

mp_tol mp_tol_default(double rel);

/* int_a^b f(x) dx, adaptive Gauss-Kronrod with extrapolation (QAGS): safe for
 * integrable endpoint singularities. a < b not required (sign follows). */
int mp_integrate(mp_fn f, void *params, double a, double b, mp_tol tol,
                 double *result, double *abserr);

/* Same with interior break points (QAGP): pts[0..npts-1] strictly inside
 * (a, b) in any order; duplicates and points outside are dropped. */
int mp_integrate_pts(mp_fn f, void *params, double a, double b,
                     const double *pts, size_t npts, mp_tol tol,
                     double *result, double *abserr);

/* int_a^b f(x) dx for 0 < a < b computed in u = ln x (integrand f(e^u) e^u):
 * for integrands spanning decades. Break points (in x) optional. */
int mp_integrate_log(mp_fn f, void *params, double a, double b,
                     const double *pts, size_t npts, mp_tol tol,
                     double *result, double *abserr);

/* int_a^inf f(x) dx (QAGIU). */
int mp_integrate_upper(mp_fn f, void *params, double a, mp_tol tol,
                       double *result, double *abserr);

/* Brent root of f in [lo, hi]; f(lo) and f(hi) must differ in sign
 * (MP_ENOROOT otherwise). Converges to |dx| < xabs + xrel |x|. */
int mp_root(mp_fn f, void *params, double lo, double hi, double xabs,
            double xrel, double *root);

/* Natural cubic spline through (x[i], y[i]), x strictly increasing, n >= 3
 * (n == 2 gives linear). Owns copies of the data. */
typedef struct mp_spline mp_spline;
int mp_spline_new(const double *x, const double *y, size_t n, int linear,
                  mp_spline **out);
/* Value at x; outside [x0, xn-1] extrapolates linearly from the end slope. */
double mp_spline_eval(const mp_spline *s, double x);
double mp_spline_deriv(const mp_spline *s, double x);
void mp_spline_free(mp_spline *s);


/* Fixed n-point Gauss-Legendre rule on [a, b] (added for the solar rates):
 * fills x[0..n-1], w[0..n-1] so that int_a^b f ~ sum_i w[i] f(x[i]). For
 * smooth integrands on panels chosen by the caller, where one set of nodes
 * must serve many integrands at once (vector-valued integrals). */
int mp_gl_rule(size_t n, double a, double b, double *x, double *w);

#endif
