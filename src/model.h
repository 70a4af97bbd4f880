/* model.h -- hidden-photon models: lepton charges and kinetic mixing
 * (paper Eqs. 4-12), partial widths, branching ratios, decay length (Eq. 23). */
#ifndef MUONPHILIC_MODEL_H
#define MUONPHILIC_MODEL_H

enum { MP_MIX_RATIO = 0, MP_MIX_LOOP = 1, MP_MIX_FIXED = 2 };

/* Charges q[0..2] of the (e, mu, tau) lepton families (charged lepton and its
 * neutrino alike). mixing: MP_MIX_RATIO (mix_value = kappa, eps = kappa g),
 * MP_MIX_LOOP (mix_value = renormalisation scale in GeV, eps = g kappa(q^2)
 * of Eq. 10), MP_MIX_FIXED (mix_value = eps, independent of g). */
typedef struct {
  double q[3];
  int mixing;
  double mix_value;
} mp_model;

#define MP_NCHANNEL 6 /* nu_e, nu_mu, nu_tau, e, mu, tau */

/* The one-loop mixing per unit coupling, eps/g at momentum transfer q2
 * (GeV^2, spacelike < 0), renormalisation scale mu_gev (Eq. 10). For
 * timelike q2 above a threshold the real part is returned. */
int mp_loop_kappa(const double q[3], double q2, double mu_gev, double rel_tol,
                  double *kappa);

/* eps = eps_per_g * g + eps_fixed, at q2 (GeV^2), for any mixing rule. */
int mp_epsilon_coef(const mp_model *m, double q2, double rel_tol,
                    double *eps_per_g, double *eps_fixed);

/* Partial widths (GeV) of an A' of mass mass_gev, coupling g, into the six
 * channels, in the order nu_e, nu_mu, nu_tau, e, mu, tau. */
int mp_widths(const mp_model *m, double g, double mass_gev, double rel_tol,
              double widths[MP_NCHANNEL]);

/* Invisible (neutrino) branching ratio. */
int mp_br_invisible(const mp_model *m, double g, double mass_gev,
                    double rel_tol, double *br);

/* Lab-frame decay length (cm) at energy energy_gev (Eq. 23). */
int mp_decay_length_cm(const mp_model *m, double g, double mass_gev,
                       double energy_gev, double rel_tol, double *length_cm);

#endif

/* The polynomial-in-coupling design (ARCHITECTURE.md): the A' amplitude in
 * a neutral-current process is proportional to g * eps. For ratio and loop
 * mixing g eps = k(q2) g^2 (powers 0, 2, 4 in g of SM, interference,
 * A'^2); for a fixed eps, g eps = eps g (powers 0, 1, 2). mp_mixing_factor
 * returns k so that g * eps = k * g^powers[1]. */
void mp_coupling_powers(const mp_model *m, int powers[3]);
int mp_mixing_factor(const mp_model *m, double q2, double rel_tol, double *k);
