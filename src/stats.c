/* stats.c -- Poisson likelihood (Eq. 28), chi^2 with pull (Eq. 34),
 * one-sided Poisson p-value (Eq. 38). */
#include <math.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_cdf.h>
#include "mp.h"
#include "quad.h"
#include "stats.h"
#include "discovery.h"

double mp_poisson_deviance(const double *n_obs, const double *mu, size_t n) {
  double s = 0.0;
  for (size_t i = 0; i < n; i++) {
    double k = n_obs[i], m = mu[i];
    if (m <= 0.0) {
      if (k > 0.0) return INFINITY;
      continue;
    }
    if (isinf(m)) return INFINITY; /* an infinite mean: m - k ln m is Inf - Inf */
    s += (k > 0.0) ? m - k + k * log(k / m) : m;
  }
  return 2.0 * s;
}

double mp_poisson_m2ll(const double *n_obs, const double *mu, size_t n) {
  double s = 0.0;
  for (size_t i = 0; i < n; i++) {
    double k = n_obs[i], m = mu[i];
    if (m <= 0.0) {
      if (k > 0.0) return INFINITY;
      continue;
    }
    if (isinf(m)) return INFINITY; /* an infinite mean: m - k ln m is Inf - Inf */
    s += k * log(m) - m - lgamma(k + 1.0);
  }
  return -2.0 * s;
}

double mp_chi2_pull(const double *obs, const double *pred, const double *bkg,
                    size_t n, double sigma_sys, double *a_hat) {
  /* chi^2(a) = sum (r_i - t_i a)^2 / s_i^2 + a^2/sigma^2 with r = obs - t:
   * a_hat = (sum t r / s^2) / (sum t^2 / s^2 + 1/sigma^2). */
  double stt = 0.0, str = 0.0, srr = 0.0;
  for (size_t i = 0; i < n; i++) {
    double s2 = obs[i] + bkg[i], t = pred[i], r = obs[i] - pred[i];
    if (!(s2 > 0.0)) {
      if (t == 0.0 && r == 0.0) continue;
      if (a_hat) *a_hat = NAN;
      return INFINITY;
    }
    /* t (t / s2) rather than t t / s2: no overflow of t^2 */
    stt += t * (t / s2);
    str += t * (r / s2);
    srr += r * (r / s2);
  }
  double a = 0.0, chi2 = srr;
  if (sigma_sys > 0.0) {
    /* chi^2 is quadratic in a: the minimum is a_hat of Eq. 34;
     * a tiny sigma_sys (1/sigma^2 = Inf) gives a = 0, chi^2 = srr */
    double inv = 1.0 / (sigma_sys * sigma_sys);
    a = str / (stt + inv);
    /* second pass: a sum of squares, free of the cancellation in
     * srr - 2 a str + a^2 (stt + inv) when predictions are far off */
    chi2 = isfinite(inv) ? a * (a * inv) : 0.0;
    for (size_t i = 0; i < n; i++) {
      double s2 = obs[i] + bkg[i];
      if (!(s2 > 0.0)) continue;
      double d = (obs[i] - pred[i]) - pred[i] * a;
      chi2 += d * (d / s2);
    }
  }
  /* sums or pull beyond double range (counts ~1e150 and more): NaN, which
   * the R side reports as a numerical error; Inf is reserved for the
   * zero-variance case above */
  if (!isfinite(chi2) || !isfinite(a)) chi2 = NAN;
  if (a_hat) *a_hat = a;
  return chi2;
}

int mp_poisson_pvalue(double n, double b, double *p) {
  *p = NAN;
  if (!(n >= 0.0) || !(b >= 0.0) || !isfinite(n) || !isfinite(b))
    return MP_EDOM;
  if (n == 0.0) {
    *p = 1.0;
    return MP_OK;
  }
  if (b == 0.0) {
    *p = 0.0;
    return MP_OK;
  }
  /* sum_{k >= n} e^-b b^k / k! = P(n, b) for integer n */
  gsl_sf_result r;
  int status = gsl_sf_gamma_inc_P_e(n, b, &r);
  if (status != GSL_SUCCESS && status != GSL_EUNDRFLW) return status;
  *p = (status == GSL_EUNDRFLW) ? 0.0 : r.val;
  if (*p > 1.0) *p = 1.0; /* round-off for tiny n */
  if (*p < 0.0) *p = 0.0;
  return MP_OK;
}

double mp_p_to_sigma(double p) {
  if (!(p >= 0.0) || p > 1.0) return NAN;
  if (p == 0.0) return INFINITY;
  if (p == 1.0) return -INFINITY;
  return gsl_cdf_ugaussian_Qinv(p);
}

double mp_m2ll_bins(int stat, const double *obs, const double *pred,
                    const double *bkg, size_t n, double sigma_sys,
                    int saturated) {
  if (stat == MP_STAT_CHI2_PULL) /* Eq. 34 */
    return mp_chi2_pull(obs, pred, bkg, n, sigma_sys, NULL);
  /* Eq. 28 with mu = s + b */
  double s = 0.0;
  for (size_t i = 0; i < n; i++) {
    double k = obs[i], m = pred[i] + bkg[i];
    if (!(m > 0.0)) {
      if (k > 0.0 || m < 0.0 || isnan(m)) return INFINITY;
      continue;
    }
    if (isinf(m)) return INFINITY; /* m - k ln m would be Inf - Inf */
    if (saturated)
      s += (k > 0.0) ? m - k + k * log(k / m) : m;
    else
      s += m - k * log(m) + lgamma(k + 1.0);
  }
  return 2.0 * s;
}

void mp_m2ll_poly(int stat, const double *terms, size_t nbin,
                  const double *powers, size_t nterm, const double *g,
                  size_t ng, const double *obs, const double *bkg,
                  double sigma_sys, int saturated, double *work, double *out) {
  for (size_t j = 0; j < ng; j++) {
    for (size_t i = 0; i < nbin; i++) work[i] = 0.0;
    for (size_t k = 0; k < nterm; k++) {
      double gp = (powers[k] == 0.0) ? 1.0 : pow(g[j], powers[k]);
      const double *t = terms + k * nbin;
      for (size_t i = 0; i < nbin; i++) work[i] += t[i] * gp;
    }
    out[j] = mp_m2ll_bins(stat, obs, work, bkg, nbin, sigma_sys, saturated);
  }
}

void mp_spline_natural(const double *y, size_t n, double h, double *m2,
                       double *work) {
  /* uniform nodes: m2[k-1] + 4 m2[k] + m2[k+1] = 6 (y[k+1] - 2 y[k] + y[k-1]) / h^2,
   * m2[0] = m2[n-1] = 0 (natural ends); Thomas algorithm */
  for (size_t k = 0; k < n; k++) m2[k] = 0.0;
  if (n < 3) return;
  const double c = 6.0 / (h * h);
  double *cp = work; /* modified super-diagonal */
  double prev_c = 0.0, prev_d = 0.0;
  for (size_t k = 1; k + 1 < n; k++) {
    double d = c * (y[k + 1] - 2.0 * y[k] + y[k - 1]);
    double den = 4.0 - prev_c;
    cp[k] = 1.0 / den;
    m2[k] = (d - prev_d) / den;
    prev_c = cp[k];
    prev_d = m2[k];
  }
  for (size_t k = n - 2; k >= 2; k--) m2[k - 1] -= cp[k - 1] * m2[k];
}

/* Counts without background of experiment x at coupling g into pred[nbin]
 * (Eqs. 28, 34 take them): the polynomial of count_terms(), or the spline
 * table. Returns 0, or -1 when g lies outside the table. */
static int exp_pred(const mp_poly_exp *x, double g, double *pred) {
  if (x->tab_y == NULL) {
    for (size_t i = 0; i < x->nbin; i++) pred[i] = 0.0;
    for (size_t k = 0; k < x->nterm; k++) {
      double p = x->powers[k];
      double gp = (p == 0.0) ? 1.0 : (p == 2.0) ? g * g : pow(g, p);
      const double *t = x->terms + k * x->nbin;
      for (size_t i = 0; i < x->nbin; i++) pred[i] += t[i] * gp;
    }
    return 0;
  }
  if (g == 0.0) {
    for (size_t i = 0; i < x->nbin; i++) pred[i] = x->tab_zero[i];
    return 0;
  }
  const size_t n = x->tab_n;
  double t = (log10(g) - x->tab_u0) / x->tab_h;
  if (!(t >= -1e-9 && t <= (double)(n - 1) + 1e-9) || n < 2) return -1;
  size_t k = (t <= 0.0) ? 0 : (size_t)t;
  if (k > n - 2) k = n - 2;
  double b = t - (double)k, a = 1.0 - b;
  double ca = (a * a * a - a) * x->tab_h * x->tab_h / 6.0;
  double cb = (b * b * b - b) * x->tab_h * x->tab_h / 6.0;
  for (size_t i = 0; i < x->nbin; i++) {
    const double *y = x->tab_y + i * n, *m2 = x->tab_m2 + i * n;
    double v = a * y[k] + b * y[k + 1] + ca * m2[k] + cb * m2[k + 1];
    pred[i] = x->tab_log[i] ? exp(v) : v;
  }
  return 0;
}

double mp_poly_m2ll(const mp_poly_exp *e, size_t ne, double g, double *work) {
  double s = 0.0;
  for (size_t k = 0; k < ne; k++) {
    const mp_poly_exp *x = e + k;
    if (exp_pred(x, g, work) != 0) return NAN;
    s += mp_m2ll_bins(x->stat, x->obs, work, x->bkg, x->nbin, x->sigma_sys,
                      x->saturated);
  }
  return s;
}

typedef struct {
  const mp_poly_exp *e;
  size_t ne;
  double *work;
  double offset;
} prof_par;

static double prof_fn_log(double u, void *par) {
  const prof_par *p = (const prof_par *)par;
  return mp_poly_m2ll(p->e, p->ne, pow(10.0, u), p->work) - p->offset;
}

/* Golden-section minimum of prof_fn_log on [a, b]: returns the value, *u
 * the argument. */
static double golden_min(prof_par *p, double a, double b, double *u) {
  const double r = 0.5 * (3.0 - sqrt(5.0));
  double x1 = a + r * (b - a), x2 = b - r * (b - a);
  double f1 = prof_fn_log(x1, p), f2 = prof_fn_log(x2, p);
  for (int it = 0; it < 200 && b - a > 1e-12; it++) {
    if (f1 <= f2) {
      b = x2;
      x2 = x1;
      f2 = f1;
      x1 = a + r * (b - a);
      f1 = prof_fn_log(x1, p);
    } else {
      a = x1;
      x1 = x2;
      f1 = f2;
      x2 = b - r * (b - a);
      f2 = prof_fn_log(x2, p);
    }
  }
  *u = (f1 <= f2) ? x1 : x2;
  return (f1 <= f2) ? f1 : f2;
}

int mp_profile_min_grid(const mp_poly_exp *e, size_t ne, const double *lgrid,
                        const double *fgrid, size_t nl, double f0, double *work,
                        double *g_hat, double *m2ll_hat) {
  *g_hat = NAN;
  *m2ll_hat = NAN;
  if (nl < 3 || isnan(f0)) return MP_EDOM;
  prof_par p = {e, ne, work, 0.0};
  size_t best = 0;
  double fbest = INFINITY;
  for (size_t i = 0; i < nl; i++) {
    double f = fgrid ? fgrid[i] : prof_fn_log(lgrid[i], &p);
    if (isnan(f)) return MP_EDOM;
    if (f < fbest) {
      fbest = f;
      best = i;
    }
  }
  /* differences below 1e-9 in -2 ln L are round-off (the deviance
   * cancels to ~1e-13 near g = 0): g = 0 wins such ties */
  const double tie = isfinite(f0) ? 1e-9 * (1.0 + fabs(f0)) : 0.0;
  if (f0 <= fbest + tie) {
    *g_hat = 0.0;
    *m2ll_hat = f0;
    return MP_OK;
  }
  if (best == 0 || best == nl - 1 || !isfinite(fbest)) {
    *g_hat = pow(10.0, lgrid[best]);
    *m2ll_hat = fbest;
    return MP_OK;
  }
  /* golden-section search on the bracket [u_{i-1}, u_{i+1}] around the
   * best grid point (a unimodal valley there) */
  double u, fu = golden_min(&p, lgrid[best - 1], lgrid[best + 1], &u);
  if (f0 <= fu + tie && f0 <= fbest + tie) {
    *g_hat = 0.0;
    *m2ll_hat = f0;
  } else if (fu < fbest) {
    *g_hat = pow(10.0, u);
    *m2ll_hat = fu;
  } else {
    *g_hat = pow(10.0, lgrid[best]);
    *m2ll_hat = fbest;
  }
  return MP_OK;
}

/* The crossing of the threshold between an allowed point a and an
 * excluded point b (log10 g) where prof_fn_log(b) = fb: Brent's root, or,
 * when -2 ln L is infinite at b (a prediction that vanishes against data),
 * bisection to where it turns finite and large enough. */
static int cross_between(prof_par *p, double a, double b, double fb, double *g) {
  if (isinf(fb)) {
    for (int it = 0; it < 80; it++) {
      double m = 0.5 * (a + b), fm = prof_fn_log(m, p);
      if (fm >= 0.0) b = m; else a = m;
    }
    *g = pow(10.0, b);
    return MP_OK;
  }
  double u;
  int status = mp_root(prof_fn_log, p, a, b, 1e-12, 1e-12, &u);
  if (status != MP_OK) return status;
  *g = pow(10.0, u);
  return MP_OK;
}

int mp_profile_cross_grid(const mp_poly_exp *e, size_t ne, const double *lgrid,
                          const double *fgrid, size_t nl, double *work,
                          double g_hat, double m2ll_hat, double target,
                          double *g_cross) {
  *g_cross = NAN;
  if (nl < 2 || !(target > 0.0) || !isfinite(m2ll_hat)) return MP_EDOM;
  prof_par p = {e, ne, work, m2ll_hat + target};
  double ulo = (g_hat > 0.0) ? log10(g_hat) : -INFINITY;
  double prev = ulo;
  for (size_t i = 0; i < nl; i++) {
    if (!(lgrid[i] > ulo)) continue;
    double f = fgrid ? fgrid[i] - p.offset : prof_fn_log(lgrid[i], &p);
    if (isnan(f)) return MP_EDOM;
    if (f >= 0.0) {
      if (!isfinite(prev)) {
        *g_cross = pow(10.0, lgrid[i]); /* crossed below the grid */
        return MP_OK;
      }
      return cross_between(&p, prev, lgrid[i], f, g_cross);
    }
    prev = lgrid[i];
  }
  *g_cross = INFINITY;
  return MP_OK;
}

int mp_profile_upper_grid(const mp_poly_exp *e, size_t ne, const double *lgrid,
                          const double *fgrid, size_t nl, double *work,
                          double g_hat, double m2ll_hat, double target,
                          double *g_upper, double *n_allowed) {
  *g_upper = NAN;
  *n_allowed = NAN;
  if (nl < 2 || !fgrid || !(target > 0.0) || !isfinite(m2ll_hat)) return MP_EDOM;
  prof_par p = {e, ne, work, m2ll_hat + target};
  const double off = m2ll_hat + target;
  double ulo = (g_hat > 0.0) ? log10(g_hat) : -INFINITY;
  /* one pass upwards from the best fit (allowed): the last allowed point
   * ua and the first grid index above it (all excluded from there on);
   * an excluded local minimum of the grid within `target` of the
   * threshold is searched between its neighbours, so that an allowed
   * island narrower than the grid step is not missed */
  double ua = ulo, count = 1.0;
  size_t ib = nl, first = nl;
  int allowed = 1;
  for (size_t i = 0; i < nl; i++) {
    if (!(lgrid[i] > ulo)) continue;
    if (first == nl) {
      first = i;
      ib = i;
    }
    double f = fgrid[i] - off;
    if (isnan(f)) return MP_EDOM;
    if (f < 0.0) {
      if (!allowed) count += 1.0;
      allowed = 1;
      ua = lgrid[i];
      ib = i + 1;
      continue;
    }
    allowed = 0;
    if (!(i > first && i + 1 < nl && fgrid[i] <= fgrid[i - 1] && fgrid[i] <= fgrid[i + 1]))
      continue;
    /* the vertex of the parabola through the three grid values estimates
     * the valley's floor (exact for a quadratic valley in log g) */
    double c2 = fgrid[i + 1] - 2.0 * fgrid[i] + fgrid[i - 1];
    double c1 = fgrid[i + 1] - fgrid[i - 1];
    double est = (c2 > 0.0 && isfinite(c2)) ? f - c1 * c1 / (8.0 * c2) : f;
    if (est < target) {
      double um, fm = golden_min(&p, lgrid[i - 1], lgrid[i + 1], &um);
      if (isnan(fm)) return MP_EDOM;
      if (fm < 0.0) {
        count += 1.0;
        ua = um;
        ib = i + 1;
      }
    }
  }
  *n_allowed = count;
  if (ib >= nl) {
    *g_upper = INFINITY; /* allowed up to the end of the grid */
    return MP_OK;
  }
  if (!isfinite(ua)) {
    *g_upper = pow(10.0, lgrid[ib]); /* crossed below the grid */
    return MP_OK;
  }
  return cross_between(&p, ua, lgrid[ib], fgrid[ib] - off, g_upper);
}

/* log(1 + x) - x without cancellation for small |x| */
static double log1pmx(double x) {
  if (fabs(x) < 1e-2) {
    double t = x, s = 0.0;
    for (int k = 2; k <= 9; k++) {
      t *= -x;
      s += t / k; /* (-1)^(k+1) x^k / k for k >= 2 */
    }
    return s;
  }
  return log1p(x) - x;
}

int mp_asimov_z_sys(const double *n, const double *b, size_t nbin,
                    double sigma_rel, double *z) {
  *z = NAN;
  if (!(sigma_rel >= 0.0) || !isfinite(sigma_rel)) return MP_EDOM;
  if (sigma_rel == 0.0) return mp_asimov_z(n, b, nbin, z);
  double nt = 0.0, bt = 0.0;
  for (size_t i = 0; i < nbin; i++) {
    if (!(n[i] >= 0.0) || !(b[i] >= 0.0) || !isfinite(n[i]) || !isfinite(b[i]))
      return MP_EDOM;
    nt += n[i];
    bt += b[i];
  }
  if (!(bt > 0.0)) return mp_asimov_z(n, b, nbin, z); /* no background to vary */
  /* q_0 = -2 ln lambda of the Poisson likelihood of Eq. 28 on the Asimov
   * data n = s + b (the significance that replaces Eq. 38), with an
   * auxiliary measurement m = tau B, tau = 1 / (sigma^2 B), so that
   * sigma_B = sigma_rel B (Cowan, "Discovery sensitivity for a counting
   * experiment with background uncertainty", 2012); the background-only
   * fit scales every b_i by k_hat = (N + m) / (B + m) */
  const double m = 1.0 / (sigma_rel * sigma_rel);
  const double km1 = (nt - bt) / (bt + m); /* k_hat - 1 */
  const double k = 1.0 + km1;
  double q = 0.0;
  for (size_t i = 0; i < nbin; i++) {
    double mu = k * b[i], x = n[i];
    if (mu == 0.0) {
      if (x > 0.0) {
        *z = INFINITY;
        return MP_OK;
      }
      continue;
    }
    /* n ln(n / mu) - n + mu = n (log1p(r) - r) + d r with d = n - mu,
     * r = d / mu: no cancellation when k_hat absorbs most of the excess */
    double d = x - mu, r = d / mu;
    q += (x > 0.0) ? x * log1pmx(r) + d * r : mu;
  }
  q -= m * log1pmx(km1); /* m ln(m / (tau k B)) - m + tau k B */
  q = 2.0 * q;
  if (q < 0.0) q = 0.0; /* round-off */
  *z = (nt < bt) ? -sqrt(q) : sqrt(q);
  return isnan(*z) ? MP_EDOM : MP_OK;
}
