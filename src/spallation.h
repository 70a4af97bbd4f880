/* spallation.h -- CEvNS at spallation sources (paper Sect. 4, Eqs. 31-34,
 * Table 2): pion-decay-at-rest fluxes and binned counts.
 * GeV and cm internally. */
#ifndef MUONPHILIC_SPALLATION_H
#define MUONPHILIC_SPALLATION_H
#include <stddef.h>
#include "model.h"
#include "nucleus.h"
#include "quad.h"
#include "source.h"

/* Flux components of Eq. 31, each normalised to one neutrino per unit r:
 * prompt nu_mu line, delayed anti-nu_mu, delayed nu_e. */
enum { MP_PIDAR_PROMPT = 0, MP_PIDAR_NUMUBAR = 1, MP_PIDAR_NUE = 2 };

/* Energy of the prompt line, (m_pi^2 - m_mu^2) / (2 m_pi) (GeV). */
double mp_pidar_line_gev(void);

/* Delayed spectra of Eq. 31 per GeV, unit-normalised on [0, m_mu/2]
 * (component MP_PIDAR_NUMUBAR or MP_PIDAR_NUE; 0 outside). The prompt
 * component is a delta function: this returns 0 for it. */
double mp_pidar_flux(int component, double enu_gev);

/* Coefficients c0..c3 (per GeV, E in GeV) of the delayed spectrum
 * MP_PIDAR_NUMUBAR or MP_PIDAR_NUE of Eq. 31 on [0, m_mu/2], unit
 * normalised: the pi-DAR source as data (source.h). Zero for the prompt
 * component. */
void mp_pidar_coef(int component, double c[MP_SOURCE_NCOEF]);

/* A detector: a neutrino source (source.h), target isotopes with weights (abundances summing to 1),
 * exposure = N_targ * intensity * years / (4 pi L^2) in cm^-2 (the source's
 * unit of neutrinos per cm^2 times targets), a sharp threshold (GeV) and an
 * optional efficiency spline in E_R (keV; NULL means 100 %, values are
 * clamped to [0, 1]); threshold and efficiency act on the true E_R. */
typedef struct {
  const mp_source *src;
  const mp_isotope *iso;
  const double *weight;
  size_t niso;
  double sin2w;
  double exposure;
  double threshold_gev;
  const mp_spline *eff;
  const mp_spline *sigma; /* NULL: no smearing; else the Gaussian width
                           * (keV) as a function of the true E_R (keV):
                           * bins are in reconstructed energy */
} mp_spallation;

/* Differential rate dN/dE_R (events per GeV of recoil) at er_gev for
 * coupling g and A' mass mass_gev (Eq. 32 before the E_R integral;
 * efficiency and threshold included). */
int mp_spallation_rate(const mp_spallation *d, const mp_model *m, double g,
                       double mass_gev, double er_gev, double rel_tol,
                       double *rate);

/* Counts in bins [edges[i], edges[i+1]] (GeV, nbins + 1 edges) at (g, M):
 * Eq. 32 integrated directly with the full cross section. */
int mp_spallation_counts(const mp_spallation *d, const mp_model *m, double g,
                         double mass_gev, const double *edges_gev,
                         size_t nbins, double rel_tol, double *counts);

/* Per-mass coefficients: counts[i] = sum_k terms[i + nbins k] g^p_k with
 * p from mp_coupling_powers(m) (k = 0 SM, 1 interference, 2 A'^2). */
int mp_spallation_terms(const mp_spallation *d, const mp_model *m,
                        double mass_gev, const double *edges_gev,
                        size_t nbins, double rel_tol, double *terms);
#endif
