/* electron.h -- neutrino-electron elastic scattering with the A' terms
 * (paper Eq. 36), the xenon binding step function and the RRPA scaling
 * (Sect. 6 of the paper). Energies in GeV, cross sections in cm^2 / GeV
 * per electron, unless a name says otherwise. */
#ifndef MUONPHILIC_ELECTRON_H
#define MUONPHILIC_ELECTRON_H
#include <stddef.h>
#include "model.h"

/* Maximum recoil T_max = 2 E^2 / (m_e + 2 E) and the minimum neutrino
 * energy for recoil t (Eq. 35 with m_T = m_e). */
double mp_electron_tmax(double enu_gev);
double mp_electron_enu_min(double t_gev);

/* Eq. 36 split into powers of the coupling for neutrino flavour `flavour`
 * (0 = e, 1 = mu, 2 = tau):
 *   dsigma/dT = c[0] + c[1] g^p1 + c[2] g^p2, (p1, p2) = mp_coupling_powers.
 * Flavour e: the SM with g_L -> 1 + g_L. A tree-level electron charge
 * Q_e adds g Q_e to the photon-like electron coupling e eps (the convention
 * of mp_widths); with a fixed eps and Q_e != 0 the rate is no polynomial in
 * (1, g, g^2): MP_EDOM. Zero above T_max. */
int mp_electron_coef(const mp_model *m, int flavour, double sin2w,
                     double enu_gev, double t_gev, double mass_gev,
                     double rel_tol, double c[3]);

/* The same cross section evaluated directly at coupling g (g_L, g_R shifted
 * by the A' amplitude): an independent path for tests. */
int mp_electron_xsec(const mp_model *m, double g, int flavour, double sin2w,
                     double enu_gev, double t_gev, double mass_gev,
                     double rel_tol, double *xs);

/* Electrons per atom available at recoil t_kev: the shells with binding
 * energy below t_kev (step function), times the RRPA scaling interpolated
 * linearly in ln E through (rrpa_e_kev, rrpa_f) inside its range, its edge
 * value held from the table's ends to the nearest shell edges outside it,
 * and 1 beyond those edges (nrrpa = 0: no scaling). mp_rrpa_factor: the
 * interpolation alone (1 outside the table). */
double mp_bound_electrons(double t_kev, const double *bind_kev,
                          const double *count, size_t nshell,
                          const double *rrpa_e_kev, const double *rrpa_f,
                          size_t nrrpa);
double mp_rrpa_factor(double t_kev, const double *rrpa_e_kev,
                      const double *rrpa_f, size_t nrrpa);


/* The A' amplitude of Eq. 36 in units of the SM normalisation per unit
 * g^p1: delta = d g^p1, given the mixing factor k of mp_mixing_factor at
 * q^2 = -2 m_e T (so that callers can compute k once per recoil energy). */
int mp_electron_delta(const mp_model *m, int flavour, double t_gev,
                      double mass_gev, double k, double *d);
/* Z couplings g_L (1 + g_L for nu_e) and g_R of the electron (Eq. 36). */
void mp_electron_zcouplings(int flavour, double sin2w, double *gl, double *gr);

#endif
