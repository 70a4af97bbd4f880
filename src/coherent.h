/* coherent.h -- recoil spectra of the COHERENT real-data likelihoods
 * (CENNS-10 argon 2020, CsI[Na] 2022): the pion-decay-at-rest CEvNS rate
 * of Eqs. 31-33 split into its prompt (nu_mu line) and delayed (anti-nu_mu
 * and nu_e from muon decay) parts, which arrive at different times. */
#ifndef MUONPHILIC_COHERENT_H
#define MUONPHILIC_COHERENT_H
#include <stddef.h>
#include "model.h"
#include "nucleus.h"

/* The three coupling terms (SM, interference, A'^2) of dsigma/dE_R folded
 * with the unit-normalised pi-DAR spectra at recoil er_gev, per target atom
 * of the isotope mix (weights w), in cm^2/GeV per neutrino of each flavour:
 * out[0..2] the prompt nu_mu line, out[3..5] the delayed anti-nu_mu + nu_e. */
int mp_coherent_dr_terms(const mp_model *m, const mp_isotope *iso,
                         const double *w, size_t niso, double sin2w,
                         double er_gev, double mass_gev, double rel_tol,
                         double out[6]);
#endif
