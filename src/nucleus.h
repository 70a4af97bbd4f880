/* nucleus.h -- nuclei, Helm form factor and the CEvNS cross section with
 * the A' terms (Eq. 33). Shared by spallation.c and the xenon code.
 * Energies in GeV, cross sections in cm^2 / GeV internally. */
#ifndef MUONPHILIC_NUCLEUS_H
#define MUONPHILIC_NUCLEUS_H
#include <stddef.h>
#include "model.h"

/* One isotope: proton number, neutron number, nuclear mass (GeV). */
typedef struct {
  double Z;
  double N;
  double mass_gev;
} mp_isotope;

/* Helm form factor (Lewin-Smith parameters: s = 0.9 fm, a = 0.52 fm,
 * c = 1.23 A^(1/3) - 0.60 fm) at recoil energy er_gev of a nucleus of mass
 * number A = Z + N and mass mass_gev: q = sqrt(2 M E_R). */
double mp_helm_ff(const mp_isotope *iso, double er_gev);

/* Eq. 33 split into powers of the coupling for a neutrino of flavour
 * `flavour` (0 = e, 1 = mu, 2 = tau; anti-neutrinos identical) with energy
 * enu_gev scattering off `iso` with recoil er_gev, for an A' of mass
 * mass_gev in model m:
 *   dsigma/dE_R = c[0] + c[1] g^p1 + c[2] g^p2   (cm^2 / GeV)
 * with (p1, p2) from mp_coupling_powers(m). c[0] is the SM. Zero outside
 * the kinematic range (E_R > 2 E^2 / (M + 2E)); the Helm form factor
 * squared is included. sin2w is sin^2 theta_W. */
int mp_cevns_coef(const mp_model *m, const mp_isotope *iso, int flavour,
                  double sin2w, double enu_gev, double er_gev,
                  double mass_gev, double rel_tol, double c[3]);

/* Minimum neutrino energy for recoil er_gev (Eq. 35: sqrt(M E_R / 2),
 * exact form (E_R + sqrt(E_R^2 + 2 M E_R))/2). */
double mp_cevns_enu_min(const mp_isotope *iso, double er_gev);

/* Helm radius r_n in fm for mass number A (Lewin-Smith). */
double mp_helm_radius_fm(double A);

/* The E_nu-independent part of Eq. 33: for E_nu >= mp_cevns_enu_min,
 *   dsigma/dE_R = (K[0] + K[1] g^p1 + K[2] g^p2) (1 - M_N E_R / (2 E_nu^2))
 * (cm^2 / GeV), Helm form factor squared included. Lets callers fold the
 * neutrino spectrum analytically. */
int mp_cevns_reduced(const mp_model *m, const mp_isotope *iso, int flavour,
                     double sin2w, double er_gev, double mass_gev,
                     double rel_tol, double K[3]);

#endif
