/* detector.c -- liquid-xenon detector response: efficiency,
 * Lindhard quenching, resolution with threshold lowering (Eq. 37; forms in
 * the vignette "differences"),
 * Gaussian smearing and integration over the window (Eq. 37), and the
 * Xe-136 2nu-beta-beta background spectrum. */
#include <stdlib.h>
#include <math.h>
#include "mp.h"
#include "quad.h"
#include "detector.h"

#define MP_SQRT2 1.41421356237309504880
#define MP_SQRT2PI 2.50662827463100050242

/* ---------------------------------------------------------------- curves */

int mp_curve_init(mp_curve *c, int type, const double *par, size_t npar,
                  const double *x, const double *y, size_t n) {
  c->type = type;
  c->tab = NULL;
  for (int i = 0; i < 5; i++) c->p[i] = 0.0;
  c->lnx_lo = c->lnx_hi = c->y_lo = c->y_hi = 0.0;
  if (type == MP_CURVE_LOGISTIC) {
    if (npar != 5) return MP_EDOM;
    for (int i = 0; i < 5; i++) c->p[i] = par[i];
    if (!(par[0] > 0) || !(par[1] > 0) || !(par[2] > 0)) return MP_EDOM;
    if (par[3] > 0 && !(par[4] > 0)) return MP_EDOM;
    return MP_OK;
  }
  if (type == MP_CURVE_SQRT) {
    if (npar != 2) return MP_EDOM;
    c->p[0] = par[0];
    c->p[1] = par[1];
    if (!(par[0] >= 0) || !(par[1] >= 0) || !(par[0] + par[1] > 0))
      return MP_EDOM;
    return MP_OK;
  }
  if (type == MP_CURVE_TABLE) {
    if (n < 2 || x == NULL || y == NULL) return MP_EDOM;
    double *lx = (double *)malloc(n * sizeof(double));
    if (lx == NULL) return MP_ENOMEM;
    for (size_t i = 0; i < n; i++) {
      if (!(x[i] > 0) || !isfinite(x[i]) || !isfinite(y[i]) ||
          (i > 0 && !(x[i] > x[i - 1]))) {
        free(lx);
        return MP_EDOM;
      }
      lx[i] = log(x[i]);
    }
    int status = mp_spline_new(lx, y, n, 1, &c->tab);
    c->lnx_lo = lx[0];
    c->lnx_hi = lx[n - 1];
    c->y_lo = y[0];
    c->y_hi = y[n - 1];
    free(lx);
    return status;
  }
  return MP_EDOM;
}

void mp_curve_free(mp_curve *c) {
  if (c->tab) mp_spline_free(c->tab);
  c->tab = NULL;
}

static double table_eval(const mp_curve *c, double e) {
  double u = log(e);
  if (u <= c->lnx_lo) return c->y_lo;
  if (u >= c->lnx_hi) return c->y_hi;
  return mp_spline_eval(c->tab, u);
}

/* eff(E) = min(1, A / (1 + exp(-(ln E - ln E50)/w))) * H(E),
 * H(E) = 1 / (1 + exp((ln E - ln Ehi)/whi)) where a high-energy cut exists. */
static double logistic_eval(const double *p, double scale, double e) {
  if (!(e > 0)) return 0.0;
  double le = log(e);
  double v = p[0] / (1.0 + exp(-(le - log(p[1] * scale)) / p[2]));
  if (v > 1.0) v = 1.0;
  if (p[3] > 0) v /= 1.0 + exp((le - log(p[3])) / p[4]);
  return v;
}

double mp_curve_eval(const mp_curve *c, double e) {
  if (!(e > 0)) return (c->type == MP_CURVE_TABLE) ? c->y_lo : 0.0;
  switch (c->type) {
  case MP_CURVE_LOGISTIC: return logistic_eval(c->p, 1.0, e);
  case MP_CURVE_SQRT: return c->p[0] * sqrt(e) + c->p[1] * e;
  case MP_CURVE_TABLE: return table_eval(c, e);
  default: return NAN;
  }
}

double mp_eff_eval(const mp_curve *c, double scale, double e) {
  if (!(e > 0)) return 0.0;
  if (c->type == MP_CURVE_LOGISTIC) return logistic_eval(c->p, scale, e);
  return mp_curve_eval(c, e / scale); /* whole curve shifted in ln E */
}

typedef struct {
  const mp_curve *c;
} half_par;

static double half_fn(double u, void *p) {
  const half_par *h = (const half_par *)p;
  return mp_eff_eval(h->c, 1.0, exp(u)) - 0.5;
}

int mp_eff_half_point(const mp_curve *c, double *e50, double rel_tol) {
  *e50 = NAN;
  const int nscan = 400;
  double ulo = log(1e-4), uhi = log(1e4);
  half_par hp = {c};
  double uprev = ulo, fprev = half_fn(ulo, &hp);
  if (fprev >= 0) return MP_ENOROOT;
  for (int i = 1; i <= nscan; i++) {
    double u = ulo + (uhi - ulo) * i / nscan;
    double f = half_fn(u, &hp);
    if (f >= 0) {
      double root;
      int status = mp_root(half_fn, &hp, uprev, u, 1e-14, rel_tol, &root);
      if (status != MP_OK) return status;
      *e50 = exp(root);
      return MP_OK;
    }
    uprev = u;
    fprev = f;
  }
  return MP_ENOROOT;
}

/* Capped and shifted resolution (threshold lowering). */
double mp_resol_eval(const mp_resol *r, double e_ee) {
  double e = (e_ee >= r->e_cap) ? e_ee : r->e_cap;
  return mp_curve_eval(r->sigma, e + r->shift);
}

/* ------------------------------------------------------------- quenching */

static double lindhard_c(const mp_quench *q) {
  return 11.5 * pow(q->Z, -7.0 / 3.0);
}

double mp_lindhard(const mp_quench *q, double e_nr) {
  if (!(e_nr > 0)) return 0.0;
  double eps = lindhard_c(q) * e_nr;
  double g = 3.0 * pow(eps, 0.15) + 0.7 * pow(eps, 0.6) + eps;
  return q->k * g / (1.0 + q->k * g);
}

double mp_nr_to_ee(const mp_quench *q, double e_nr) {
  return e_nr * mp_lindhard(q, e_nr);
}

double mp_nr_to_ee_deriv(const mp_quench *q, double e_nr) {
  if (!(e_nr > 0)) return 0.0;
  double c = lindhard_c(q), eps = c * e_nr;
  double g = 3.0 * pow(eps, 0.15) + 0.7 * pow(eps, 0.6) + eps;
  double dg = 0.45 * pow(eps, -0.85) + 0.42 * pow(eps, -0.4) + 1.0;
  double den = 1.0 + q->k * g;
  return q->k * g / den + e_nr * q->k * dg * c / (den * den);
}

typedef struct {
  const mp_quench *q;
  double lee;
} inv_par;

static double inv_fn(double u, void *p) {
  const inv_par *ip = (const inv_par *)p;
  return log(mp_nr_to_ee(ip->q, exp(u))) - ip->lee;
}

int mp_ee_to_nr(const mp_quench *q, double e_ee, double *e_nr) {
  *e_nr = NAN;
  if (!(e_ee > 0) || !isfinite(e_ee)) return MP_EDOM;
  inv_par ip = {q, log(e_ee)};
  /* L < 1, so E_nr > E_ee; L >~ E^0.15 at low energy, so E_nr < E_ee e^40 */
  double root;
  int status = mp_root(inv_fn, &ip, ip.lee, ip.lee + 40.0, 1e-15, 1e-13, &root);
  if (status == MP_OK) *e_nr = exp(root);
  return status;
}

/* ------------------------------------------------------ smearing (Eq. 37) */

/* Probability that N(mean, sd) falls in [a, b], accurate in both tails. */
static double gauss_mass(double a, double b, double mean, double sd) {
  if (!(b > a)) return 0.0;
  if (!(sd > 0)) return (mean >= a && mean < b) ? 1.0 : 0.0;
  double za = (a - mean) / (sd * MP_SQRT2), zb = (b - mean) / (sd * MP_SQRT2);
  if (za > 0) return 0.5 * (erfc(za) - erfc(zb));
  if (zb < 0) return 0.5 * (erfc(-zb) - erfc(-za));
  return 1.0 - 0.5 * erfc(zb) - 0.5 * erfc(-za);
}

int mp_det_grid(double lo, double hi, size_t n, double *e, double *w) {
  if (!(lo > 0) || !(hi > lo) || !isfinite(hi) || n < 3 || n % 2 == 0)
    return MP_EDOM;
  double ulo = log(lo), h = (log(hi) - ulo) / (double)(n - 1);
  for (size_t j = 0; j < n; j++) {
    e[j] = exp(ulo + h * (double)j);
    double c = (j == 0 || j == n - 1) ? 1.0 : ((j % 2) ? 4.0 : 2.0);
    w[j] = h / 3.0 * c * e[j]; /* composite Simpson in ln E */
  }
  e[n - 1] = hi;
  return MP_OK;
}

/* true energy -> (mean observed keVee, sigma, efficiency x weight) */
static void true_point(const mp_det_channel *ch, double e, double *mean,
                       double *sd, double *ew) {
  double ee = ch->nr ? mp_nr_to_ee(&ch->q, e) : e;
  *mean = ee;
  *sd = mp_resol_eval(&ch->res, ee);
  *ew = ch->weight * mp_eff_eval(ch->eff, ch->eff_scale, e);
}

int mp_det_response(const mp_det_channel *ch, const double *e_true,
                    const double *w, size_t n, const double *edges_ee,
                    size_t nedge, double *out) {
  if (nedge < 2) return MP_EDOM;
  size_t nbin = nedge - 1;
  for (size_t b = 0; b < nbin; b++)
    if (!(edges_ee[b + 1] > edges_ee[b])) return MP_EDOM;
  for (size_t j = 0; j < n; j++) {
    double mean, sd, ew;
    true_point(ch, e_true[j], &mean, &sd, &ew);
    if (!isfinite(mean) || !isfinite(sd) || !isfinite(ew)) return MP_EDOM;
    for (size_t b = 0; b < nbin; b++)
      out[b + nbin * j] =
          (ew == 0.0) ? 0.0
                      : w[j] * ew * gauss_mass(edges_ee[b], edges_ee[b + 1], mean, sd);
  }
  return MP_OK;
}

double mp_det_kernel(const mp_det_channel *ch, double e_true, double e_obs,
                     int obs_nr) {
  double mean, sd, ew;
  true_point(ch, e_true, &mean, &sd, &ew);
  double x = e_obs, jac = 1.0;
  if (obs_nr) {
    if (!(e_obs > 0)) return 0.0;
    x = mp_nr_to_ee(&ch->q, e_obs);
    jac = mp_nr_to_ee_deriv(&ch->q, e_obs);
  }
  if (!(sd > 0)) return NAN;
  double z = (x - mean) / sd;
  return ew * exp(-0.5 * z * z) / (sd * MP_SQRT2PI) * jac;
}

int mp_det_smear(const mp_det_channel *ch, const double *e_true,
                 const double *w, const double *rate, size_t n,
                 const double *e_obs, size_t nobs, int obs_nr, double *out) {
  for (size_t i = 0; i < nobs; i++) {
    double s = 0.0;
    for (size_t j = 0; j < n; j++) {
      if (rate[j] == 0.0) continue;
      s += w[j] * rate[j] * mp_det_kernel(ch, e_true[j], e_obs[i], obs_nr);
    }
    if (!isfinite(s)) return MP_EDOM;
    out[i] = s;
  }
  return MP_OK;
}

/* ------------------------------------------------ Xe-136 2nu-beta-beta */

static double pr_shape(double k, void *p) {
  double t0 = *(const double *)p;
  if (!(k > 0) || !(k < t0)) return 0.0;
  /* Primakoff-Rosen: K (T0 - K)^5 (1 + 2K + 4K^2/3 + K^3/3 + K^4/30) */
  double d = t0 - k;
  return k * d * d * d * d * d *
         (1.0 + 2.0 * k + 4.0 * k * k / 3.0 + k * k * k / 3.0 +
          k * k * k * k / 30.0);
}

int mp_xe136_2vbb(const double *e_kev, size_t n, const double par[4],
                  double rel_tol, double *out) {
  double q = par[0], thalf = par[1], abund = par[2], molar = par[3];
  if (!(q > 0) || !(thalf > 0) || !(abund >= 0) || !(molar > 0)) return MP_EDOM;
  double t0 = q / MP_ME_KEV, norm, err;
  int status = mp_integrate(pr_shape, &t0, 0.0, t0, mp_tol_default(rel_tol),
                            &norm, &err);
  if (status != MP_OK) return status;
  if (!(norm > 0)) return MP_EDOM;
  double atoms = 1e6 / molar * MP_NA * abund; /* Xe-136 per tonne */
  double decays = atoms * log(2.0) / thalf;   /* per year */
  for (size_t i = 0; i < n; i++) {
    double k = e_kev[i] / MP_ME_KEV;
    out[i] = decays * pr_shape(k, &t0) / norm / MP_ME_KEV;
  }
  return MP_OK;
}
