/* stats.c -- Poisson likelihood (Eq. 28), chi^2 with pull (Eq. 34),
 * one-sided Poisson p-value (Eq. 38). */
#include <math.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_cdf.h>
#include "mp.h"
#include "stats.h"

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
