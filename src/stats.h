/* stats.h -- likelihoods and significances (Eqs. 28-30, 34, 38). */
#ifndef MUONPHILIC_STATS_H
#define MUONPHILIC_STATS_H
#include <stddef.h>

/* -2 ln(L / L_saturated) of independent Poisson bins (Eq. 28) with real
 * (Asimov) observations: 2 sum [mu - n + n ln(n/mu)]. Infinite when mu = 0
 * and n > 0. */
double mp_poisson_deviance(const double *n_obs, const double *mu, size_t n);

/* -2 ln L itself: -2 sum [n ln mu - mu - lgamma(n + 1)]. */
double mp_poisson_m2ll(const double *n_obs, const double *mu, size_t n);

/* Eq. 34: min over the normalisation pull a of
 * sum_i (N_obs - N_th (1 + a))^2 / (N_obs + N_bkg) + (a / sigma_sys)^2.
 * The minimum is analytic (quadratic in a); *a_hat receives it. */
double mp_chi2_pull(const double *obs, const double *pred, const double *bkg,
                    size_t n, double sigma_sys, double *a_hat);

/* One-sided Poisson p-value P(N >= n | b) for real n >= 0 (Eq. 38),
 * continued to real n by the regularised lower incomplete gamma P(n, b). */
int mp_poisson_pvalue(double n, double b, double *p);

/* Gaussian significance Z with Q(Z) = p (one-sided). */
double mp_p_to_sigma(double p);

/* Statistic codes for the likelihood layer (R/likelihood.R). */
#define MP_STAT_POISSON 0
#define MP_STAT_CHI2_PULL 1

/* -2 ln L of one experiment's bins for a prediction `pred` (signal + SM,
 * without background). Poisson (Eq. 28): mu = pred + bkg; saturated != 0
 * gives the deviance 2 sum [mu - n + n ln(n/mu)] (zero at mu = n), else the
 * full -2 sum [n ln mu - mu - lgamma(n + 1)]. chi2_pull (Eq. 34): bkg enters
 * the variance only; `saturated` is ignored (chi^2 is already zero at
 * pred = obs). */
double mp_m2ll_bins(int stat, const double *obs, const double *pred,
                    const double *bkg, size_t n, double sigma_sys,
                    int saturated);

/* mp_m2ll_bins over a vector of couplings at one mass, with the prediction
 * built from the polynomial coefficients of count_terms() (ARCHITECTURE.md):
 * pred_i(g) = sum_k terms[i + k nbin] g^powers[k]. `work` holds nbin doubles.
 * out[j] receives -2 ln L at g[j]. */
void mp_m2ll_poly(int stat, const double *terms, size_t nbin,
                  const double *powers, size_t nterm, const double *g,
                  size_t ng, const double *obs, const double *bkg,
                  double sigma_sys, int saturated, double *work, double *out);

/* One experiment's likelihood at one mass as a polynomial in g (count_terms()
 * coefficients, ARCHITECTURE.md), for exact profiles in g. */
typedef struct {
  int stat;
  const double *terms; /* [nbin, nterm] */
  size_t nbin;
  const double *powers;
  size_t nterm;
  const double *obs, *bkg;
  double sigma_sys;
  int saturated;
  /* Tabulated counts instead of the polynomial when tab_y != NULL (counts
   * not polynomial in g, e.g. NA64mu's escape factor above 2 m_mu):
   * pred_i(0) = tab_zero[i]; for g > 0 a natural cubic spline in
   * u = log10 g through the nodes u_k = tab_u0 + k tab_h (k < tab_n) of
   * tab_y[i tab_n + k] (log counts where tab_log[i], else counts), with
   * second derivatives tab_m2 (mp_spline_natural()). NaN outside the nodes. */
  const double *tab_y, *tab_m2, *tab_zero;
  const int *tab_log;
  size_t tab_n;
  double tab_u0, tab_h;
} mp_poly_exp;

/* Second derivatives m2[0..n-1] of the natural cubic spline through
 * (u0 + k h, y[k]) (m2[0] = m2[n-1] = 0); `work` holds n doubles. */
void mp_spline_natural(const double *y, size_t n, double h, double *m2,
                       double *work);

/* Sum over `ne` experiments of -2 ln L at coupling g >= 0 (Eqs. 28, 34).
 * `work` holds the largest nbin doubles. */
double mp_poly_m2ll(const mp_poly_exp *e, size_t ne, double g, double *work);

/* Exact profile in g over [0, Inf): the minimum of mp_poly_m2ll over g = 0
 * (f0 = its value there, the background-only hypothesis) and a log10 grid
 * `lgrid` (nl points, increasing, spanning every coupling of interest; fgrid
 * its values there, or NULL to compute them), refined by golden-section
 * search between the neighbours of the best grid point. g = 0 wins ties. */
int mp_profile_min_grid(const mp_poly_exp *e, size_t ne, const double *lgrid,
                        const double *fgrid, size_t nl, double f0, double *work,
                        double *g_hat, double *m2ll_hat);

/* Smallest g > g_hat with mp_poly_m2ll(g) - m2ll_hat = target (Brent root
 * in log g); INFINITY when not reached within the grid (fgrid as above). */
int mp_profile_cross_grid(const mp_poly_exp *e, size_t ne, const double *lgrid,
                          const double *fgrid, size_t nl, double *work,
                          double g_hat, double m2ll_hat, double target,
                          double *g_cross);

/* The upper limit when the allowed set in g is a union of intervals
 * (interference can make -2 ln L dip again at larger g): the smallest
 * g > g_hat above which every coupling of the grid range has
 * mp_poly_m2ll(g) - m2ll_hat >= target (Brent root after the last allowed
 * point; INFINITY when the grid's end is allowed), and the number of allowed
 * intervals at and above g_hat. fgrid must hold the grid values. */
int mp_profile_upper_grid(const mp_poly_exp *e, size_t ne, const double *lgrid,
                          const double *fgrid, size_t nl, double *work,
                          double g_hat, double m2ll_hat, double target,
                          double *g_upper, double *n_allowed);

/* Binned median (Asimov) discovery significance with a relative uncertainty
 * sigma_rel on the total background (an auxiliary measurement of it, as in
 * Cowan's formula for one bin; the background-only fit rescales every b_i
 * by one factor, profiled in closed form): n = s + b per bin, signed by the
 * total excess. sigma_rel = 0 gives mp_asimov_z(). */
int mp_asimov_z_sys(const double *n, const double *b, size_t nbin,
                    double sigma_rel, double *z);
#endif
