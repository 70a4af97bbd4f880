/* detector.h -- liquid-xenon detector response (Eq. 37; parametrisations in
 * the vignette "differences"
 * and 9): efficiencies, Lindhard quenching and its inverse, energy
 * resolution with threshold lowering, Gaussian smearing, response matrices,
 * and the Xe-136 two-neutrino double-beta background spectrum.
 * Energies in keV (keVnr for nuclear recoils, keVee for electron recoils).
 * Pure C: no R API. */
#ifndef MUONPHILIC_DETECTOR_H
#define MUONPHILIC_DETECTOR_H
#include <stddef.h>
#include "quad.h"

/* A one-dimensional response curve of energy. */
enum {
  MP_CURVE_LOGISTIC = 0, /* efficiency: p = A, E50, w, Ehi (<= 0: none), whi */
  MP_CURVE_SQRT = 1,     /* resolution sigma = a sqrt(E) + b E: p = a, b */
  MP_CURVE_TABLE = 2     /* (E, y) table, linear in (ln E, y), clamped outside */
};

typedef struct {
  int type;
  double p[5];
  mp_spline *tab; /* TABLE only (owned) */
  double lnx_lo, lnx_hi, y_lo, y_hi;
} mp_curve;

/* Build a curve. For LOGISTIC / SQRT, par holds the parameters (npar of
 * them); for TABLE, x (energies > 0, strictly increasing) and y of length
 * n >= 2. Returns MP_EDOM on bad input. */
int mp_curve_init(mp_curve *c, int type, const double *par, size_t npar,
                  const double *x, const double *y, size_t n);
void mp_curve_free(mp_curve *c);
/* Plain value of the curve at energy e (> 0). */
double mp_curve_eval(const mp_curve *c, double e);

/* Efficiency with its threshold moved by the factor `scale` (threshold lowering: the
 * logistic's E50 is multiplied by scale; the high-energy cut stays; a table
 * is shifted as a whole in ln E: eff(E / scale)). */
double mp_eff_eval(const mp_curve *c, double scale, double e);

/* Lowest energy where the (unscaled) efficiency reaches 0.5 (Brent root in
 * ln E after a scan of [1e-4, 1e4] keV). MP_ENOROOT if it never does. */
int mp_eff_half_point(const mp_curve *c, double *e50, double rel_tol);

/* Resolution with threshold lowering: with Delta = shift,
 * sigma_used(E) = sigma(E + Delta) for E >= e_cap and sigma(e_cap + Delta)
 * below (capped at its value at the original threshold e_cap + Delta). */
typedef struct {
  const mp_curve *sigma; /* keVee */
  double e_cap;          /* keVee: the new threshold (in keVee) */
  double shift;          /* keVee: original minus new threshold, >= 0 */
} mp_resol;
double mp_resol_eval(const mp_resol *r, double e_ee);

/* Lindhard quenching for xenon: L = k g / (1 + k g),
 * g = 3 eps^0.15 + 0.7 eps^0.6 + eps, eps = 11.5 Z^(-7/3) E_nr[keV]. */
typedef struct {
  double k; /* 0.1735 */
  double Z; /* 54 */
} mp_quench;
double mp_lindhard(const mp_quench *q, double e_nr);
/* E_ee = L(E_nr) E_nr and its derivative dE_ee/dE_nr. */
double mp_nr_to_ee(const mp_quench *q, double e_nr);
double mp_nr_to_ee_deriv(const mp_quench *q, double e_nr);
/* Inverse of mp_nr_to_ee by Brent root finding (mp_root) in ln E_nr. */
int mp_ee_to_nr(const mp_quench *q, double e_ee, double *e_nr);

/* How one kind of event (NR or ER) is seen in one analysis. */
typedef struct {
  int nr;              /* 1: true energies in keVnr (quenched to keVee); 0: keVee */
  mp_quench q;         /* used when nr = 1 */
  const mp_curve *eff; /* efficiency in the event's own energy scale */
  double eff_scale;    /* threshold shift of the efficiency */
  mp_resol res;        /* resolution in keVee */
  double weight;       /* acceptance (0.5 NR cut, 0.005 leakage, 1) */
} mp_det_channel;

/* Log-uniform grid on [lo, hi] with n (odd, >= 3) points and composite
 * Simpson weights in ln E (w_j includes the Jacobian E_j): sum_j w_j f(E_j)
 * approximates int_lo^hi f(E) dE. */
int mp_det_grid(double lo, double hi, size_t n, double *e, double *w);

/* Eq. 37 as a matrix: out[b + nbin * j] = weight * w_j * eff(E_j) *
 * P(observed keVee in [edges_ee[b], edges_ee[b+1]] | E_j), the Gaussian
 * probability with sigma_used at the true energy (in keVee). Then
 * counts_b / exposure = sum_j out[b, j] * rate(E_j). */
int mp_det_response(const mp_det_channel *ch, const double *e_true,
                    const double *w, size_t n, const double *edges_ee,
                    size_t nedge, double *out);

/* The smearing kernel: density of observed energy e_obs (keVee if obs_nr =
 * 0, keVnr if obs_nr = 1, with the Jacobian of the quenching) for an event
 * of true energy e_true: weight * eff(e_true) * Gaussian. */
double mp_det_kernel(const mp_det_channel *ch, double e_true, double e_obs,
                     int obs_nr);

/* Observed differential spectrum at e_obs[i] of a true spectrum rate[j]
 * given on a quadrature grid (e_true, w). */
int mp_det_smear(const mp_det_channel *ch, const double *e_true,
                 const double *w, const double *rate, size_t n,
                 const double *e_obs, size_t nobs, int obs_nr, double *out);

/* Xe-136 two-neutrino double-beta spectrum per tonne of natural xenon per
 * year per keV (Primakoff-Rosen shape in K = E/m_e, normalised to
 * N ln2 / T_half). par = {Q [keV], T_half [yr], abundance, molar mass of
 * natural xenon [g/mol]}. */
int mp_xe136_2vbb(const double *e_kev, size_t n, const double par[4],
                  double rel_tol, double *out);

#endif
