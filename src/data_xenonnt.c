/* data_xenonnt.c -- the XENONnT solar-8B (SR0+SR1) binned Poisson
 * likelihood of the XENONnT data release with Gaussian nuisance constraints,
 * profiled per hypothesis. Expected counts per bin:
 *   mu = eff f s r(t_ly, t_qy) + a0 AC0 + a1 AC1 + e ER + nr RG(t_ly, t_qy),
 * r and RG bilinear between the 7 x 7 yield anchors (-3..3). Minimised by
 * Newton steps with the exact Hessian (Fisher scoring where that is not
 * positive definite), box bounds by an active set, backtracking line
 * search. Pure C, no R API. */
#include <math.h>
#include <string.h>
#include "mp.h"
#include "data_xenonnt.h"

#define NP MP_XNT_NPAR

/* bilinear interpolation of a [nb, 49] table at (tl, tq) for bin b */
typedef struct { int c00, c10, c01, c11; double u, v; } cell;

static cell find_cell(int nb, double tl, double tq) {
  cell c;
  /* clamp before the integer conversion (NaN goes to the first cell) */
  double a = tl + 3.0, b = tq + 3.0;
  if (!(a > 0.0)) a = 0.0;
  if (a > 6.0) a = 6.0;
  if (!(b > 0.0)) b = 0.0;
  if (b > 6.0) b = 6.0;
  int i = (int)floor(a), j = (int)floor(b);
  if (i > 5) i = 5;
  if (j > 5) j = 5;
  c.u = a - i;
  c.v = b - j;
  c.c00 = nb * (i + 7 * j);
  c.c10 = nb * (i + 1 + 7 * j);
  c.c01 = nb * (i + 7 * (j + 1));
  c.c11 = nb * (i + 1 + 7 * (j + 1));
  return c;
}

static void interp(const double *a, const cell *c, int b, double *val,
                   double *dl, double *dq, double *dlq) {
  double a00 = a[c->c00 + b], a10 = a[c->c10 + b], a01 = a[c->c01 + b],
         a11 = a[c->c11 + b], u = c->u, v = c->v;
  *val = (1 - u) * (1 - v) * a00 + u * (1 - v) * a10 + (1 - u) * v * a01 + u * v * a11;
  *dl = (1 - v) * (a10 - a00) + v * (a11 - a01);
  *dq = (1 - u) * (a01 - a00) + u * (a11 - a10);
  *dlq = a11 - a10 - a01 + a00;
}

/* -2 ln L at th: the binned Poisson likelihood of Eq. 28 (saturated form)
 * plus the Gaussian constraints of the nuisances; with grad != NULL also the
 * gradient, the exact Hessian (hx) and the Fisher one (hf). */
static double objective(const mp_xnt_lik *L, const double *s, const double *th,
                        double *grad, double *hx, double *hf) {
  int nb = L->nb;
  cell c = find_cell(nb, th[6], th[7]);
  double fe = th[0] * th[1], f = 0.0;
  double d2[NP * NP];
  if (grad) {
    memset(grad, 0, sizeof(double) * NP);
    memset(hx, 0, sizeof(double) * NP * NP);
    memset(hf, 0, sizeof(double) * NP * NP);
    memset(d2, 0, sizeof(d2));
  }
  for (int b = 0; b < nb; b++) {
    double r, rl, rq, rlq, g, gl, gq, glq;
    interp(L->ratio, &c, b, &r, &rl, &rq, &rlq);
    interp(L->rg, &c, b, &g, &gl, &gq, &glq);
    double sr = s[b] * r;
    double mu = fe * sr + th[2] * L->ac0[b] + th[3] * L->ac1[b] + th[4] * L->er[b] + th[5] * g;
    if (!(mu > 1e-300)) mu = 1e-300;
    double n = L->n[b];
    f += 2.0 * (mu - (n > 0 ? n * log(mu) : 0.0));
    if (!grad) continue;
    double J[NP] = {th[1] * sr, th[0] * sr, L->ac0[b], L->ac1[b], L->er[b], g,
                    fe * s[b] * rl + th[5] * gl, fe * s[b] * rq + th[5] * gq};
    double w = 1.0 - n / mu, wn = n / (mu * mu), wf = 1.0 / mu;
    for (int k = 0; k < NP; k++) {
      grad[k] += 2.0 * w * J[k];
      for (int l = 0; l <= k; l++) {
        hx[k * NP + l] += 2.0 * wn * J[k] * J[l];
        hf[k * NP + l] += 2.0 * wf * J[k] * J[l];
      }
    }
    /* second derivatives of mu (lower triangle), weighted by w */
    d2[1 * NP + 0] += 2.0 * w * sr;
    d2[6 * NP + 0] += 2.0 * w * th[1] * s[b] * rl;
    d2[7 * NP + 0] += 2.0 * w * th[1] * s[b] * rq;
    d2[6 * NP + 1] += 2.0 * w * th[0] * s[b] * rl;
    d2[7 * NP + 1] += 2.0 * w * th[0] * s[b] * rq;
    d2[6 * NP + 5] += 2.0 * w * gl;
    d2[7 * NP + 5] += 2.0 * w * gq;
    d2[7 * NP + 6] += 2.0 * w * (fe * s[b] * rlq + th[5] * glq);
  }
  for (int k = 0; k < NP; k++) {
    double z = (th[k] - L->nominal[k]) / L->sigma[k];
    f += z * z;
    if (!grad) continue;
    grad[k] += 2.0 * z / L->sigma[k];
    for (int l = 0; l <= k; l++) hx[k * NP + l] += d2[k * NP + l];
    hx[k * NP + k] += 2.0 / (L->sigma[k] * L->sigma[k]);
    hf[k * NP + k] += 2.0 / (L->sigma[k] * L->sigma[k]);
  }
  if (grad) {
    for (int k = 0; k < NP; k++)
      for (int l = k + 1; l < NP; l++) {
        hx[k * NP + l] = hx[l * NP + k];
        hf[k * NP + l] = hf[l * NP + k];
      }
  }
  return f + L->cst;
}

/* Solve the m x m system a x = y (a symmetric, row-major, leading dimension
 * NP) by Cholesky with Jacobi scaling and a 1e-9 ridge; 0 on success, 1 if
 * not positive definite. */
static int solve_spd(int m, const int *idx, const double *a, const double *y,
                     double *x) {
  double c[NP * NP], d[NP], z[NP];
  for (int k = 0; k < m; k++) {
    double akk = a[idx[k] * NP + idx[k]];
    if (!(akk > 0.0)) return 1;
    d[k] = sqrt(akk);
  }
  for (int k = 0; k < m; k++)
    for (int l = 0; l < m; l++)
      c[k * NP + l] = a[idx[k] * NP + idx[l]] / (d[k] * d[l]) + (k == l ? 1e-9 : 0.0);
  for (int k = 0; k < m; k++) {
    for (int l = 0; l < k; l++) {
      double t = c[k * NP + l];
      for (int p = 0; p < l; p++) t -= c[k * NP + p] * c[l * NP + p];
      c[k * NP + l] = t / c[l * NP + l];
    }
    double t = c[k * NP + k];
    for (int p = 0; p < k; p++) t -= c[k * NP + p] * c[k * NP + p];
    if (!(t > 0.0)) return 1;
    c[k * NP + k] = sqrt(t);
  }
  for (int k = 0; k < m; k++) {
    double t = y[idx[k]] / d[k];
    for (int p = 0; p < k; p++) t -= c[k * NP + p] * z[p];
    z[k] = t / c[k * NP + k];
  }
  for (int k = m - 1; k >= 0; k--) {
    double t = z[k];
    for (int p = k + 1; p < m; p++) t -= c[p * NP + k] * z[p];
    z[k] = t / c[k * NP + k];
  }
  for (int k = 0; k < m; k++) x[k] = z[k] / d[k];
  return 0;
}

int mp_xnt_profile(const mp_xnt_lik *L, const double *s, int max_iter,
                   double tol, double *m2ll, double *theta) {
  double th[NP], grad[NP], hx[NP * NP], hf[NP * NP], step[NP], cand[NP], x[NP];
  int idx[NP];
  for (int k = 0; k < NP; k++) th[k] = L->nominal[k];
  double f = objective(L, s, th, NULL, NULL, NULL);
  for (int it = 0; it < max_iter; it++) {
    objective(L, s, th, grad, hx, hf);
    int m = 0;
    for (int k = 0; k < NP; k++) {
      int fix = (th[k] <= L->lower[k] && grad[k] > 0) || (th[k] >= L->upper[k] && grad[k] < 0);
      step[k] = 0.0;
      if (!fix) idx[m++] = k;
    }
    if (m == 0) break;
    if (solve_spd(m, idx, hx, grad, x) && solve_spd(m, idx, hf, grad, x)) {
      for (int k = 0; k < m; k++) x[k] = grad[idx[k]] / hf[idx[k] * NP + idx[k]];
    }
    for (int k = 0; k < m; k++) step[idx[k]] = -x[k];
    double lam = 1.0, fc = f;
    int ok = 0;
    for (int ls = 0; ls < 40; ls++) {
      for (int k = 0; k < NP; k++) {
        double v = th[k] + lam * step[k];
        if (v < L->lower[k]) v = L->lower[k];
        if (v > L->upper[k]) v = L->upper[k];
        cand[k] = v;
      }
      fc = objective(L, s, cand, NULL, NULL, NULL);
      if (fc <= f) {
        ok = 1;
        break;
      }
      lam *= 0.5;
    }
    if (!ok) break;
    double df = f - fc;
    memcpy(th, cand, sizeof(th));
    f = fc;
    if (df < tol * (1.0 + fabs(f))) break;
  }
  if (!isfinite(f)) return MP_EDOM;
  for (int k = 0; k < NP; k++)
    if (!isfinite(th[k])) return MP_EDOM;
  *m2ll = f;
  memcpy(theta, th, sizeof(th));
  return MP_OK;
}
