/* source.c -- neutrino sources as data (lines plus piecewise-polynomial
 * spectra) and their closed-form fold with the CEvNS cross section
 * (Eqs. 32-33). */
#include <math.h>
#include "mp.h"
#include "source.h"

int mp_source_check(const mp_source *s) {
  for (size_t i = 0; i < s->nlines; i++) {
    int f = s->line_flavour[i];
    if (f < 0 || f > 2 || !(s->line_gev[i] > 0.0) || !isfinite(s->line_gev[i]) ||
        !(s->line_weight[i] >= 0.0) || !isfinite(s->line_weight[i]))
      return MP_EDOM;
  }
  for (size_t i = 0; i < s->nseg; i++) {
    int f = s->seg_flavour[i];
    double lo = s->seg_lo_gev[i], hi = s->seg_hi_gev[i];
    const double *c = s->seg_coef + MP_SOURCE_NCOEF * i;
    if (f < 0 || f > 2 || !(lo >= 0.0) || !(hi > lo) || !isfinite(hi))
      return MP_EDOM;
    for (int k = 0; k < MP_SOURCE_NCOEF; k++)
      if (!isfinite(c[k])) return MP_EDOM;
    /* the 1/E^2 of Eq. 33 makes c0 and c1 divergent at E = 0 */
    if (lo == 0.0 && (c[0] != 0.0 || c[1] != 0.0)) return MP_EDOM;
  }
  return MP_OK;
}

/* Primitive of (c0 + c1 E + c2 E^2 + c3 E^3)(1 - c / E^2) at E > 0 (the
 * cubic terms first, written as for the pi-DAR spectra of Eq. 31). */
static double prim(const double *k, double c, double E) {
  double v = k[2] * E * E * E / 3.0 + k[3] * E * E * E * E / 4.0 -
             k[2] * c * E - k[3] * c * E * E / 2.0;
  if (k[0] != 0.0) v += k[0] * (E + c / E);
  if (k[1] != 0.0) v += k[1] * (E * E / 2.0 - c * log(E));
  return v;
}

/* int_lo^hi (c0 + c1 E + c2 E^2 + c3 E^3)(1 - c / E^2) dE (the Eq. 33
 * kinematic factor against a polynomial spectrum of Eq. 31), clamped at 0. */
double mp_poly_fold(const double *k, double c, double lo, double hi) {
  if (!(hi > lo)) return 0.0;
  double v = prim(k, c, hi) - (lo > 0.0 ? prim(k, c, lo) : 0.0);
  return v > 0.0 ? v : 0.0;
}

double mp_source_fold(const mp_source *s, int flavour, double c, double emin) {
  double fold = 0.0;
  for (size_t i = 0; i < s->nlines; i++) {
    double E = s->line_gev[i];
    if (s->line_flavour[i] != flavour || !(E >= emin)) continue;
    double v = 1.0 - c / (E * E); /* Eq. 33 kinematic factor at the line */
    if (v > 0.0) fold += s->line_weight[i] * v;
  }
  for (size_t i = 0; i < s->nseg; i++) {
    if (s->seg_flavour[i] != flavour) continue;
    double lo = s->seg_lo_gev[i], hi = s->seg_hi_gev[i];
    if (emin >= hi) continue;
    if (emin > lo) lo = emin;
    fold += mp_poly_fold(s->seg_coef + MP_SOURCE_NCOEF * i, c, lo, hi);
  }
  return fold;
}

size_t mp_source_energies(const mp_source *s, double *e, size_t max) {
  size_t n = 0;
  for (size_t i = 0; i < s->nlines; i++, n++)
    if (n < max) e[n] = s->line_gev[i];
  for (size_t i = 0; i < s->nseg; i++) {
    if (s->seg_lo_gev[i] > 0.0) {
      if (n < max) e[n] = s->seg_lo_gev[i];
      n++;
    }
    if (n < max) e[n] = s->seg_hi_gev[i];
    n++;
  }
  return n;
}
