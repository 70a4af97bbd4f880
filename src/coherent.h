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

/* Profiled -2 ln L of a binned Poisson likelihood whose expectation is
 * linear in K = kf + ks standard-normal nuisance parameters theta:
 *   mu_i = mu0_i + sum_k Jf[i,k] theta_k + s_i (1 + sum_l R[i,l] theta_{kf+l})
 * (column-major nb x kf and nb x ks matrices), minimised by Newton steps
 * with backtracking (the objective is convex). n: observed counts; theta:
 * K values, the start on input and the minimum on output; work: at least
 * 2 nb + K (K + 3) doubles. *value = 2 sum(mu - n ln mu) + sum theta^2 at
 * the minimum. MP_EDOM when mu <= 0 somewhere at the start or K > 64. */
int mp_profile_linear(size_t nb, const double *n, const double *mu0,
                      size_t kf, const double *Jf, size_t ks, const double *R,
                      const double *s, int max_iter, double tol,
                      double *theta, double *value, double *work);
