/* coherent.c -- prompt and delayed CEvNS recoil spectra at a pion
 * decay-at-rest source (Eqs. 31-33) for the COHERENT likelihoods. The
 * neutrino-energy integral is done in closed form: the cross section of
 * Eq. 33 depends on E_nu only through (1 - M_N E_R / (2 E_nu^2)). */
#include <math.h>
#include "mp.h"
#include "model.h"
#include "nucleus.h"
#include "spallation.h"
#include "coherent.h"
#include "source.h"

/* int_{emin}^{m_mu/2} (a E^2 + b E^3)(1 - c / E^2) dE (Eq. 31 spectra) */
static double coh_delayed_fold(double a, double b, double c, double emin) {
  const double k[4] = {0.0, 0.0, a, b};
  return mp_poly_fold(k, c, emin > 0.0 ? emin : 0.0, 0.5 * MP_MMU);
}

int mp_coherent_dr_terms(const mp_model *m, const mp_isotope *iso,
                         const double *w, size_t niso, double sin2w,
                         double er_gev, double mass_gev, double rel_tol,
                         double out[6]) {
  for (int k = 0; k < 6; k++) out[k] = 0.0;
  if (!(er_gev > 0.0) || !isfinite(er_gev) || !(mass_gev > 0.0) ||
      !isfinite(mass_gev))
    return MP_EDOM;
  double mm = MP_MMU, m3 = mm * mm * mm, m4 = m3 * mm;
  double el = mp_pidar_line_gev();
  for (size_t j = 0; j < niso; j++) {
    double MN = iso[j].mass_gev, c = 0.5 * MN * er_gev;
    double emin = mp_cevns_enu_min(&iso[j], er_gev);
    /* Eq. 31: prompt line (delta at el); delayed 64E^2/m^3(3/4 - E/m) for
     * anti-nu_mu and 192E^2/m^3(1/2 - E/m) for nu_e */
    double prompt = (el >= emin) ? 1.0 - c / (el * el) : 0.0;
    if (prompt < 0.0) prompt = 0.0;
    double dmu = coh_delayed_fold(48.0 / m3, -64.0 / m4, c, emin);
    double de = coh_delayed_fold(96.0 / m3, -192.0 / m4, c, emin);
    if (prompt == 0.0 && dmu == 0.0 && de == 0.0) continue;
    double Kmu[3], Ke[3];
    int status = mp_cevns_reduced(m, &iso[j], 1, sin2w, er_gev, mass_gev,
                                  rel_tol, Kmu);
    if (status != MP_OK) return status;
    status = mp_cevns_reduced(m, &iso[j], 0, sin2w, er_gev, mass_gev,
                              rel_tol, Ke);
    if (status != MP_OK) return status;
    /* Eq. 32: flux-weighted sum over flavours, per component */
    for (int k = 0; k < 3; k++) {
      out[k] += w[j] * Kmu[k] * prompt;
      out[3 + k] += w[j] * (Kmu[k] * dmu + Ke[k] * de);
    }
  }
  for (int k = 0; k < 6; k++)
    if (!isfinite(out[k])) return MP_EDOM;
  return MP_OK;
}

/* Expectations at theta; returns -2 ln L (up to constants) or +Inf when
 * some expectation is not positive. */
static double prof_eval(size_t nb, const double *n, const double *mu0,
                        size_t kf, const double *Jf, size_t ks,
                        const double *R, const double *s, const double *th,
                        double *mu) {
  double f = 0.0;
  size_t K = kf + ks;
  for (size_t k = 0; k < K; k++) f += th[k] * th[k];
  for (size_t i = 0; i < nb; i++) {
    double v = mu0[i], r = 1.0;
    for (size_t k = 0; k < kf; k++) v += Jf[i + nb * k] * th[k];
    for (size_t l = 0; l < ks; l++) r += R[i + nb * l] * th[kf + l];
    v += s[i] * r;
    if (!(v > 0.0)) return INFINITY;
    mu[i] = v;
    f += 2.0 * (v - (n[i] > 0.0 ? n[i] * log(v) : 0.0));
  }
  return f;
}

/* Solve A x = b in place (b -> x) for a symmetric positive-definite K x K
 * matrix A (overwritten by its Cholesky factor). */
static int chol_solve(size_t K, double *A, double *b) {
  for (size_t j = 0; j < K; j++) {
    double d = A[j + K * j];
    for (size_t k = 0; k < j; k++) d -= A[j + K * k] * A[j + K * k];
    if (!(d > 0.0)) return MP_EDOM;
    d = sqrt(d);
    A[j + K * j] = d;
    for (size_t i = j + 1; i < K; i++) {
      double v = A[i + K * j];
      for (size_t k = 0; k < j; k++) v -= A[i + K * k] * A[j + K * k];
      A[i + K * j] = v / d;
    }
  }
  for (size_t i = 0; i < K; i++) {
    double v = b[i];
    for (size_t k = 0; k < i; k++) v -= A[i + K * k] * b[k];
    b[i] = v / A[i + K * i];
  }
  for (size_t ii = K; ii-- > 0;) {
    double v = b[ii];
    for (size_t k = ii + 1; k < K; k++) v -= A[k + K * ii] * b[k];
    b[ii] = v / A[ii + K * ii];
  }
  return MP_OK;
}

int mp_profile_linear(size_t nb, const double *n, const double *mu0,
                      size_t kf, const double *Jf, size_t ks, const double *R,
                      const double *s, int max_iter, double tol,
                      double *theta, double *value, double *work) {
  size_t K = kf + ks;
  *value = NAN;
  if (K > 64) return MP_EDOM;
  double *mu = work, *mu2 = work + nb, *H = mu2 + nb, *g = H + K * K,
         *cand = g + K, *row = cand + K;
  double f = prof_eval(nb, n, mu0, kf, Jf, ks, R, s, theta, mu);
  if (!isfinite(f)) return MP_EDOM;
  for (int it = 0; it < max_iter && K > 0; it++) {
    for (size_t k = 0; k < K; k++) g[k] = 2.0 * theta[k];
    for (size_t k = 0; k < K * K; k++) H[k] = 0.0;
    for (size_t k = 0; k < K; k++) H[k + K * k] = 2.0;
    for (size_t i = 0; i < nb; i++) {
      for (size_t k = 0; k < kf; k++) row[k] = Jf[i + nb * k];
      for (size_t l = 0; l < ks; l++) row[kf + l] = s[i] * R[i + nb * l];
      double a = 2.0 * (1.0 - n[i] / mu[i]), w = 2.0 * n[i] / (mu[i] * mu[i]);
      for (size_t k = 0; k < K; k++) {
        if (row[k] == 0.0) continue;
        g[k] += a * row[k];
        double wr = w * row[k];
        if (wr == 0.0) continue;
        for (size_t l = k; l < K; l++) H[l + K * k] += wr * row[l];
      }
    }
    /* Newton step: solve H step = -g (lower triangle of H is filled) */
    for (size_t k = 0; k < K; k++) g[k] = -g[k];
    int status = chol_solve(K, H, g);
    if (status != MP_OK) return status;
    double lambda = 1.0, fnew = INFINITY;
    int accepted = 0;
    for (int half = 0; half < 60; half++) {
      for (size_t k = 0; k < K; k++) cand[k] = theta[k] + lambda * g[k];
      fnew = prof_eval(nb, n, mu0, kf, Jf, ks, R, s, cand, mu2);
      if (fnew <= f + 1e-10) {
        accepted = 1;
        break;
      }
      lambda *= 0.5;
    }
    if (!accepted) break;
    double moved = 0.0;
    for (size_t k = 0; k < K; k++) {
      double d = fabs(cand[k] - theta[k]);
      if (d > moved) moved = d;
      theta[k] = cand[k];
    }
    double gain = f - fnew;
    f = prof_eval(nb, n, mu0, kf, Jf, ks, R, s, theta, mu);
    if (moved < tol || gain < 1e-10) break;
  }
  *value = f;
  return MP_OK;
}
