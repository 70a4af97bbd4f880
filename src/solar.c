/* solar.c -- solar neutrino fluxes, shapes and MSW probabilities
 * (paper Sect. 5 and Eq. 35). Pure C, no R API. */
#include <math.h>
#include <stdlib.h>
#include "mp.h"
#include "quad.h"
#include "solar.h"

#define B8_END 16.56 /* MeV: end point of the 8B spectrum (Sect. 5) */

/* Sect. 5: 7Be lines (10.44 %, 89.56 %) and the pep line. */
static const double be7_e[2] = {0.3843, 0.8613};
static const double be7_w[2] = {0.1044, 0.8956};
static const double pep_e[1] = {1.442};
static const double pep_w[1] = {1.0};

/* Sect. 5: maximum neutrino energies and daughter charges of the allowed
 * beta+ spectra (pp, hep, 13N, 15O, 17F); 8B and the lines for completeness. */
static const double emax_mev[MP_SOLAR_N] = {0.4234, 1.442, 18.784, 0.8613,
                                            B8_END, 1.1985, 1.7317, 1.7364};
static const double daughter_z[MP_SOLAR_N] = {1, 0, 2, 0, 0, 6, 7, 8};

/* Sect. 5: the 8B knots (E in MeV, unit-normalised phi in MeV^-1). */
#define B8_NK 35
static const double b8_e[B8_NK] = {
    0.02, 0.1, 0.24, 0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5, 5.5, 6, 6.5, 7,
    7.5, 8, 8.5, 9, 9.5, 10, 10.5, 11, 11.5, 12, 12.5, 13, 13.5, 14, 14.5,
    15, 15.5, 16};
static const double b8_phi[B8_NK] = {
    8.3282e-06, 2.0034e-04, 1.0370e-03, 3.7787e-03, 1.3039e-02, 2.5841e-02,
    4.0736e-02, 5.6511e-02, 7.2207e-02, 8.7038e-02, 1.0028e-01, 1.1174e-01,
    1.2079e-01, 1.2729e-01, 1.3108e-01, 1.3215e-01, 1.3055e-01, 1.2642e-01,
    1.1996e-01, 1.1146e-01, 1.0125e-01, 8.9723e-02, 7.7302e-02, 6.4451e-02,
    5.1658e-02, 3.9421e-02, 2.8226e-02, 1.8530e-02, 1.0733e-02, 5.1319e-03,
    1.8389e-03, 4.7593e-04, 9.5613e-05, 1.3447e-05, 9.2240e-07};

int mp_solar_is_line(int c) { return c == MP_SOLAR_PEP || c == MP_SOLAR_BE7; }

size_t mp_solar_lines(int c, const double **e_mev, const double **weight) {
  if (c == MP_SOLAR_PEP) {
    *e_mev = pep_e;
    *weight = pep_w;
    return 1;
  }
  if (c == MP_SOLAR_BE7) {
    *e_mev = be7_e;
    *weight = be7_w;
    return 2;
  }
  *e_mev = NULL;
  *weight = NULL;
  return 0;
}

double mp_solar_emax_mev(int c) {
  return (c >= 0 && c < MP_SOLAR_N) ? emax_mev[c] : NAN;
}

double mp_solar_daughter_z(int c) {
  return (c >= 0 && c < MP_SOLAR_N) ? daughter_z[c] : NAN;
}

/* Allowed beta+ shape E^2 W p F(Z, W), unnormalised (Sect. 5): W the positron
 * total energy, F the non-relativistic Fermi function with eta = -Z alpha W/p:
 * F = 2 pi eta / (1 - exp(-2 pi eta)) = x / expm1(x), x = 2 pi Z alpha W / p. */
static double beta_raw(double e, double e0, double z) {
  if (!(e > 0.0) || !(e < e0)) return 0.0;
  double w = e0 - e + MP_ME_MEV;
  double p = sqrt((e0 - e) * (e0 - e + 2.0 * MP_ME_MEV));
  if (p <= 0.0) return 0.0;
  double x = 2.0 * M_PI * z * MP_ALPHA * w / p;
  double fermi = x > 0.0 ? (x > 700.0 ? 0.0 : x / expm1(x)) : 1.0;
  return e * e * w * p * fermi;
}

/* 8B: exp(spline) E^2 (16.56 - E)^2, zero at and above 16.56 MeV. */
static double b8_raw(const mp_spline *sp, double e) {
  if (!(e > 0.0) || !(e < B8_END)) return 0.0;
  double f = e * e * (B8_END - e) * (B8_END - e);
  return exp(mp_spline_eval(sp, e)) * f;
}

typedef struct {
  const mp_solar *s;
  int c;
  int raw;
} shape_par;

static double shape_fn(double e, void *p) {
  const shape_par *sp = p;
  if (sp->c == MP_SOLAR_B8) return b8_raw(sp->s->b8, e);
  return beta_raw(e, emax_mev[sp->c], daughter_z[sp->c]);
}

double mp_solar_shape(const mp_solar *s, int c, double enu_mev) {
  if (c < 0 || c >= MP_SOLAR_N || mp_solar_is_line(c)) return 0.0;
  shape_par sp = {s, c, 1};
  return s->norm[c] * shape_fn(enu_mev, &sp);
}

void mp_pmns_abs2(const mp_osc *o, double u2[3][3]) {
  double s12 = sqrt(o->s12), c12 = sqrt(1.0 - o->s12);
  double s13 = sqrt(o->s13), c13 = sqrt(1.0 - o->s13);
  double s23 = sqrt(o->s23), c23 = sqrt(1.0 - o->s23);
  double cd = cos(o->delta_rad);
  double x = 2.0 * s12 * c12 * s23 * c23 * s13 * cd;
  u2[0][0] = c12 * c12 * c13 * c13;
  u2[0][1] = s12 * s12 * c13 * c13;
  u2[0][2] = s13 * s13;
  u2[1][0] = s12 * s12 * c23 * c23 + c12 * c12 * s23 * s23 * s13 * s13 + x;
  u2[1][1] = c12 * c12 * c23 * c23 + s12 * s12 * s23 * s23 * s13 * s13 - x;
  u2[1][2] = s23 * s23 * c13 * c13;
  u2[2][0] = s12 * s12 * s23 * s23 + c12 * c12 * c23 * c23 * s13 * s13 - x;
  u2[2][1] = c12 * c12 * s23 * s23 + s12 * s12 * c23 * c23 * s13 * s13 + x;
  u2[2][2] = c23 * c23 * c13 * c13;
}

#define MERGE_TOL 1e-7
/* Weights of the table rows for component c: trapezoid rule in r (with the
 * density 0 at r = 0) times the production density, normalised to 1; rows
 * with zero weight are dropped. Returns the number kept. */
static size_t table_weights(const mp_solar_par *par, int c, double *ne,
                            double *w) {
  size_t n = par->ntab, k = 0;
  const double *r = par->tab, *lg = par->tab + n;
  const double *d = par->tab + (2 + (size_t)c) * n;
  double sum = 0.0;
  for (size_t i = 0; i < n; i++) {
    double lo = i > 0 ? r[i - 1] : 0.0;
    double hi = i + 1 < n ? r[i + 1] : r[i];
    double wi = 0.5 * (hi - lo) * d[i];
    if (!(wi > 0.0)) continue;
    ne[k] = pow(10.0, lg[i]);
    w[k] = wi;
    sum += wi;
    k++;
  }
  for (size_t i = 0; i < k; i++) w[i] /= sum;
  /* Merge neighbouring rows into one node at their weighted mean n_e while
   * weight x (spread in ln n_e)^2 stays below MERGE_TOL: the average of a
   * smooth function of n_e then moves by ~ f'' MERGE_TOL / 8 (second order,
   * the mean is kept), and the fold costs ~10x fewer evaluations. */
  size_t m = 0, j = 0;
  while (j < k) {
    double wb = w[j], mb = w[j] * ne[j], lo = ne[j], hi = ne[j];
    size_t e = j + 1;
    while (e < k) {
      double lo2 = fmin(lo, ne[e]), hi2 = fmax(hi, ne[e]);
      double sp = log(hi2 / lo2);
      if ((wb + w[e]) * sp * sp > MERGE_TOL) break;
      wb += w[e];
      mb += w[e] * ne[e];
      lo = lo2;
      hi = hi2;
      e++;
    }
    ne[m] = mb / wb;
    w[m] = wb;
    m++;
    j = e;
  }
  return m;
}

int mp_solar_init(mp_solar *s, const mp_solar_par *par) {
  s->par = *par;
  s->b8 = NULL;
  s->tab_block = NULL;
  for (int c = 0; c < MP_SOLAR_N; c++) {
    s->tab_ne[c] = NULL;
    s->tab_w[c] = NULL;
    s->ntab[c] = 0;
  }
  mp_pmns_abs2(&par->osc, s->u2);
  double y[B8_NK];
  for (int i = 0; i < B8_NK; i++) {
    double f = b8_e[i] * b8_e[i] * (B8_END - b8_e[i]) * (B8_END - b8_e[i]);
    y[i] = log(b8_phi[i] / f);
  }
  int status = mp_spline_new(b8_e, y, B8_NK, 0, &s->b8);
  if (status != MP_OK) return status;
  mp_tol tol = mp_tol_default(par->rel_tol);
  for (int c = 0; c < MP_SOLAR_N; c++) {
    s->norm[c] = 1.0;
    if (mp_solar_is_line(c)) continue;
    shape_par sp = {s, c, 1};
    double val = 0.0, err = 0.0;
    if (c == MP_SOLAR_B8) {
      status = mp_integrate_pts(shape_fn, &sp, 0.0, B8_END, b8_e, B8_NK, tol,
                                &val, &err);
    } else {
      status = mp_integrate(shape_fn, &sp, 0.0, emax_mev[c], tol, &val, &err);
    }
    if (status != MP_OK) {
      mp_solar_free(s);
      return status;
    }
    if (!(val > 0.0)) {
      mp_solar_free(s);
      return MP_EDOM;
    }
    s->norm[c] = 1.0 / val;
  }
  /* Production region: a spherical Gaussian emissivity, radial density
   * x^2 exp(-x^2 / (2 a^2)) (Maxwell), a = r_mean sqrt(pi/8) so that its
   * mean is r_mean; cut at min(1, 8 a) (weight beyond ~1e-13). Or a point
   * at r_mean (MP_PROD_MEAN). Or the tabulated model (MP_PROD_TABLE). */
  if (par->production == MP_PROD_TABLE) {
    size_t n = par->ntab;
    s->tab_block = malloc(2 * MP_SOLAR_N * n * sizeof(double));
    if (!s->tab_block) {
      mp_solar_free(s);
      return MP_ENOMEM;
    }
    for (int c = 0; c < MP_SOLAR_N; c++) {
      s->tab_ne[c] = s->tab_block + 2 * (size_t)c * n;
      s->tab_w[c] = s->tab_ne[c] + n;
      s->ntab[c] = table_weights(par, c, s->tab_ne[c], s->tab_w[c]);
      s->nrad[c] = 0;
      if (s->ntab[c] == 0) { /* a component with no production */
        mp_solar_free(s);
        return MP_EDOM;
      }
    }
    return MP_OK;
  }
  for (int c = 0; c < MP_SOLAR_N; c++) {
    double rm = par->r_mean[c];
    if (par->production == MP_PROD_MEAN || !(rm > 0.0)) {
      s->rad_x[c][0] = rm > 0.0 ? rm : 0.0;
      s->rad_w[c][0] = 1.0;
      s->nrad[c] = 1;
      continue;
    }
    double a = rm * sqrt(M_PI / 8.0);
    double hi = fmin(1.0, 8.0 * a);
    status = mp_gl_rule(MP_SOLAR_NRAD, 0.0, hi, s->rad_x[c], s->rad_w[c]);
    if (status != MP_OK) {
      mp_solar_free(s);
      return status;
    }
    double sum = 0.0;
    for (int i = 0; i < MP_SOLAR_NRAD; i++) {
      double x = s->rad_x[c][i];
      s->rad_w[c][i] *= x * x * exp(-x * x / (2.0 * a * a));
      sum += s->rad_w[c][i];
    }
    for (int i = 0; i < MP_SOLAR_NRAD; i++) s->rad_w[c][i] /= sum;
    s->nrad[c] = MP_SOLAR_NRAD;
  }
  return MP_OK;
}

void mp_solar_free(mp_solar *s) {
  if (s->b8) mp_spline_free(s->b8);
  s->b8 = NULL;
  free(s->tab_block);
  s->tab_block = NULL;
  for (int c = 0; c < MP_SOLAR_N; c++) {
    s->tab_ne[c] = NULL;
    s->tab_w[c] = NULL;
    s->ntab[c] = 0;
  }
}

/* cos^2 theta_m of the adiabatic MSW solution (Sect. 5, Eq. 35 flavour
 * weights): cos 2 th_m = (cos 2 th12 - b) / sqrt((cos 2 th12 - b)^2 +
 * sin^2 2 th12). */
static double cos2_thm(double b, double s12) {
  double c2 = 1.0 - 2.0 * s12, sin2sq = 4.0 * s12 * (1.0 - s12);
  double d = c2 - b;
  return 0.5 * (1.0 + d / sqrt(d * d + sin2sq));
}

void mp_solar_prob(const mp_solar *s, int c, double enu_mev, double p[3]) {
  const mp_solar_par *par = &s->par;
  const mp_osc *o = &par->osc;
  double c13sq = 1.0 - o->s13;
  /* b = 2 sqrt(2) G_F n_e c13^2 E / dm21^2 with n_e (hbar c)^3 in GeV^3:
   * b0 = value per unit n_e / N_A at E = 1 MeV (energies in eV). */
  double b0 = 2.0 * M_SQRT2 * MP_GF * MP_NA * pow(MP_HBARC, 3) * 1e9 * 1e6 *
              c13sq / o->dm21_ev2;
  double cc = 0.0;
  for (size_t i = 0; i < s->ntab[c]; i++) /* tabulated solar model */
    cc += s->tab_w[c][i] * cos2_thm(b0 * s->tab_ne[c][i] * enu_mev, o->s12);
  for (size_t i = 0; i < s->nrad[c]; i++) {
    double ne = par->ne0_mol * exp(-par->ne_slope * s->rad_x[c][i]);
    cc += s->rad_w[c][i] * cos2_thm(b0 * ne * enu_mev, o->s12);
  }
  double ss = 1.0 - cc;
  /* P(nu_e -> nu_a) = c13^2 (cos^2 th_m |U_a1|^2 + sin^2 th_m |U_a2|^2)
   *                 + s13^2 |U_a3|^2; paper Sect. 5) */
  for (int a = 0; a < 3; a++)
    p[a] = c13sq * (cc * s->u2[a][0] + ss * s->u2[a][1]) + o->s13 * s->u2[a][2];
}

/* Composite Gauss-Legendre nodes (quad.c's mp_gl_rule). Beta spectra in
 * u = sqrt(E0 - E) (removes the sqrt end-point behaviour of W p); 8B in E
 * with panels at the spline knots. */
#define GL_BETA 16
#define NP_BETA 6
#define GL_B8 8
int mp_solar_nodes(const mp_solar *s, int c, double e_lo_mev, double *e_mev,
                   double *w, size_t *n) {
  *n = 0;
  if (c < 0 || c >= MP_SOLAR_N) return MP_EDOM;
  double flux = s->par.flux[c];
  if (!(e_lo_mev >= 0.0)) e_lo_mev = 0.0;
  if (mp_solar_is_line(c)) {
    const double *le, *lw;
    size_t nl = mp_solar_lines(c, &le, &lw);
    for (size_t i = 0; i < nl; i++) {
      if (le[i] > e_lo_mev) {
        e_mev[*n] = le[i];
        w[*n] = flux * lw[i];
        (*n)++;
      }
    }
    return MP_OK;
  }
  double e0 = emax_mev[c];
  if (e_lo_mev >= e0) return MP_OK;
  double x[GL_BETA], xw[GL_BETA];
  int status;
  if (c == MP_SOLAR_B8) {
    double pts[B8_NK + 2];
    size_t np = 0;
    pts[np++] = e_lo_mev;
    for (int i = 0; i < B8_NK; i++)
      if (b8_e[i] > e_lo_mev) pts[np++] = b8_e[i];
    pts[np++] = B8_END;
    for (size_t j = 0; j + 1 < np; j++) {
      status = mp_gl_rule(GL_B8, pts[j], pts[j + 1], x, xw);
      if (status != MP_OK) return status;
      for (int i = 0; i < GL_B8; i++) {
        e_mev[*n] = x[i];
        w[*n] = flux * xw[i] * mp_solar_shape(s, c, x[i]);
        (*n)++;
      }
    }
    return MP_OK;
  }
  double umax = sqrt(e0 - e_lo_mev);
  for (int j = 0; j < NP_BETA; j++) {
    status = mp_gl_rule(GL_BETA, umax * j / NP_BETA, umax * (j + 1) / NP_BETA,
                        x, xw);
    if (status != MP_OK) return status;
    for (int i = 0; i < GL_BETA; i++) {
      double e = e0 - x[i] * x[i]; /* dE = 2 u du */
      e_mev[*n] = e;
      w[*n] = flux * xw[i] * 2.0 * x[i] * mp_solar_shape(s, c, e);
      (*n)++;
    }
  }
  return MP_OK;
}

int mp_solar_par_from_array(const double *v, size_t nv, double rel_tol,
                            mp_solar_par *par) {
  par->tab = NULL;
  par->ntab = 0;
  if (nv < MP_SOLAR_NPAR) return MP_EDOM;
  for (int c = 0; c < MP_SOLAR_N; c++) {
    par->flux[c] = v[c];
    par->r_mean[c] = v[MP_SOLAR_N + c];
    if (!(par->flux[c] >= 0.0) || !(par->r_mean[c] >= 0.0)) return MP_EDOM;
  }
  par->production = (int)v[16];
  par->ne0_mol = v[17];
  par->ne_slope = v[18];
  par->osc.s12 = v[19];
  par->osc.s13 = v[20];
  par->osc.s23 = v[21];
  par->osc.delta_rad = v[22];
  par->osc.dm21_ev2 = v[23];
  par->rel_tol = rel_tol;
  if (!(par->ne0_mol >= 0.0) || !isfinite(par->ne_slope) ||
      !(par->osc.s12 >= 0.0 && par->osc.s12 <= 1.0) ||
      !(par->osc.s13 >= 0.0 && par->osc.s13 < 1.0) ||
      !(par->osc.s23 >= 0.0 && par->osc.s23 <= 1.0) ||
      !isfinite(par->osc.delta_rad) || !(par->osc.dm21_ev2 > 0.0))
    return MP_EDOM;
  if (par->production != MP_PROD_TABLE)
    return (par->production == MP_PROD_MAXWELL || par->production == MP_PROD_MEAN) &&
                   nv == MP_SOLAR_NPAR
               ? MP_OK
               : MP_EDOM;
  if (nv < MP_SOLAR_NPAR + 1 || !(v[MP_SOLAR_NPAR] >= 2.0)) return MP_EDOM;
  size_t n = (size_t)v[MP_SOLAR_NPAR];
  if ((double)n != v[MP_SOLAR_NPAR] || nv != MP_SOLAR_NPAR + 1 + 10 * n)
    return MP_EDOM;
  const double *t = v + MP_SOLAR_NPAR + 1;
  for (size_t i = 0; i < n; i++) {
    if (!(t[i] > 0.0) || (i > 0 && !(t[i] > t[i - 1])) || !isfinite(t[n + i]))
      return MP_EDOM;
    for (int c = 0; c < MP_SOLAR_N; c++)
      if (!(t[(2 + (size_t)c) * n + i] >= 0.0) || !isfinite(t[(2 + (size_t)c) * n + i]))
        return MP_EDOM;
  }
  par->tab = t;
  par->ntab = n;
  return MP_OK;
}
