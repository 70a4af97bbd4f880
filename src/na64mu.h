/* na64mu.h -- missing-momentum search with a muon beam (NA64mu, paper
 * Sect. 3): effective photon flux chi (Eq. 15), Weizsaecker-Williams
 * cross section dsigma/dx (Eqs. 16-20 with the corrections of the vignette "differences"
 * section 3), counts per outgoing-muon-energy bin (Eq. 26) and the
 * visible-decay escape factor (Eq. 27). Pure C: GeV and cm inside. */
#ifndef MUONPHILIC_NA64MU_H
#define MUONPHILIC_NA64MU_H

#include <stddef.h>
#include "model.h"

/* A target material: atomic number, mass number (g/mol), density (g/cm^3). */
typedef struct {
  double z;
  double a;
  double density_gcm3;
} mp_target;

/* which form-factor parts enter G2(t) (Eq. 15) */
enum { MP_CHI_ELASTIC = 1, MP_CHI_INELASTIC = 2, MP_CHI_BOTH = 3 };

/* The overall Weizsaecker-Williams normalisation P of Eq. 16:
 * 1/(2 pi) (exact, Bjorken et al. 2009) or the paper's printed 1/(2 pi^2). */
#define MP_NA64_P_EXACT (1.0 / (2.0 * M_PI))
#define MP_NA64_P_PAPER (1.0 / (2.0 * M_PI * M_PI))

/* G2(t) = G2_el + G2_in (Eq. 15; Bjorken et al. 2009, App. A),
 * t in GeV^2. */
double mp_na64_form_factor(double t, const mp_target *tg, int parts);

/* Eq. 15: chi = int_{tmin}^{tmax} dt (t - tmin)/t^2 G2(t), tmin =
 * (M^2/(2 E0))^2, tmax = M^2, integrated in ln t with the form factors'
 * scales as break points. */
int mp_na64_chi(double mass_gev, double e0_gev, const mp_target *tg, int parts,
                double rel_tol, double *chi);

/* Eq. 16 (corrected, vignette "differences") per unit coupling squared to the beam
 * lepton: dsigma/dx / g^2 in GeV^-2 at the A' energy fraction x, for a beam
 * lepton of mass lepton_gev, flux chi and normalisation p_norm. Zero where
 * x E0 <= M or x outside (0, 1). */
double mp_na64_dsigma_dx(double x, double mass_gev, double e0_gev,
                         double lepton_gev, double chi, double p_norm);

/* The experiment: everything Eq. 26 needs. */
typedef struct {
  double e0_gev;
  double lepton_gev;      /* beam lepton mass (muon) */
  double p_norm;          /* MP_NA64_P_EXACT or MP_NA64_P_PAPER */
  mp_target target;
  double mot;             /* muons on target */
  double efficiency;      /* signal efficiency */
  double length_cm;       /* target thickness L_T */
  double detector_cm;     /* detector length L_D; L_det = L_T + L_D */
} mp_na64_setup;

/* Counts per g^2 (so counts = g^2 * out[i]) in nbins bins of outgoing muon
 * energy edges_gev[0..nbins] (increasing, in [0, E0]), Eq. 26 with the
 * coupling g Q_mu of the model. For M >= 2 m_mu the integrand is multiplied
 * by BR_inv (prompt = 1: the prompt-decay limit, a polynomial in g) or by
 * BR_inv + BR_vis exp(-L_det / l(x)) of Eq. 27 (prompt = 0, the widths and
 * decay length taken at coupling g). chi must be mp_na64_chi(M) (both
 * parts); pass chi < 0 to have it computed here. */
int mp_na64_counts_per_g2(const mp_na64_setup *s, const mp_model *m, double g,
                          double mass_gev, double chi, int prompt,
                          const double *edges_gev, size_t nbins,
                          double rel_tol, double *out);

/* dN/dE'_mu (per GeV, counts for coupling g) at outgoing muon energies
 * energy_gev[0..n-1], escape factor of Eq. 27 included (exact). */
int mp_na64_spectrum(const mp_na64_setup *s, const mp_model *m, double g,
                     double mass_gev, double chi, const double *energy_gev,
                     size_t n, double rel_tol, double *out);

#endif
