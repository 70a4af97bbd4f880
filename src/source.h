/* source.h -- a neutrino source as data, for the binned CEvNS integrator
 * (spallation.c). A source is a set of monochromatic lines and of
 * piecewise-polynomial spectra, each tagged with the neutrino flavour
 * (0 = e, 1 = mu, 2 = tau; anti-neutrinos have the CEvNS cross section of
 * their flavour, Eq. 33). Energies in GeV; line weights in neutrinos per
 * unit intensity; a spectrum segment [lo, hi] carries
 * phi(E) = c0 + c1 E + c2 E^2 + c3 E^3 neutrinos per GeV per unit
 * intensity. The pion-decay-at-rest source (Eq. 31) is one line and two
 * cubic segments; a tabulated spectrum is one linear segment per interval.
 * Because the E_nu dependence of Eq. 33 above threshold is only
 * (1 - M_N E_R / (2 E_nu^2)), every such source folds in closed form. */
#ifndef MUONPHILIC_SOURCE_H
#define MUONPHILIC_SOURCE_H
#include <stddef.h>

#define MP_SOURCE_NCOEF 4

typedef struct {
  size_t nlines;
  const int *line_flavour;   /* nlines */
  const double *line_gev;    /* nlines, > 0 */
  const double *line_weight; /* nlines, >= 0 */
  size_t nseg;
  const int *seg_flavour;    /* nseg */
  const double *seg_lo_gev;  /* nseg, >= 0 */
  const double *seg_hi_gev;  /* nseg, > lo */
  const double *seg_coef;    /* MP_SOURCE_NCOEF * nseg: c0..c3 per segment */
} mp_source;

/* MP_OK when the arrays are consistent (flavours in 0..2, finite energies,
 * non-negative weights, lo < hi, c0 = c1 = 0 on segments starting at 0),
 * MP_EDOM otherwise. */
int mp_source_check(const mp_source *s);

/* sum over lines of flavour f with E >= emin of w (1 - c / E^2), plus the
 * integral over the spectra of flavour f of phi(E) (1 - c / E^2) for
 * E >= emin (each term clamped at zero): the flux fold of Eq. 32 with the
 * cross section of Eq. 33 at c = M_N E_R / 2. */
double mp_source_fold(const mp_source *s, int flavour, double c, double emin);
double mp_poly_fold(const double *k, double c, double lo, double hi);

/* The energies (GeV) at which the fold has a kink: lines and segment ends
 * (> 0). Writes at most max values to e; returns how many there are. */
size_t mp_source_energies(const mp_source *s, double *e, size_t max);
#endif
