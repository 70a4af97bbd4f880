/* xenon.h -- solar-neutrino nuclear (NR) and electron (ER) recoil rates in
 * xenon without detector effects (paper Eq. 35 with Eqs. 33 and 36), as
 * per-mass coefficient arrays in the coupling (ARCHITECTURE.md). */
#ifndef MUONPHILIC_XENON_H
#define MUONPHILIC_XENON_H
#include <stddef.h>
#include "model.h"
#include "nucleus.h"
#include "solar.h"

enum { MP_CHANNEL_NR = 0, MP_CHANNEL_ER = 1 };

typedef struct {
  const mp_solar *sun;        /* fluxes, shapes, flavour probabilities */
  int use[MP_SOLAR_N];        /* 1 = include the component */
  double sin2w;               /* sin^2 theta_W */
  double rel_tol;             /* for mixing integrals (loop rule) */
  /* NR: isotopes, abundances (sum 1), nuclei per tonne */
  const mp_isotope *iso;
  const double *abundance;
  size_t niso;
  double nuclei_per_tonne;
  /* ER: shells (binding energy keV, electrons), RRPA table, atoms/tonne */
  const double *bind_kev, *shell_count;
  size_t nshell;
  const double *rrpa_e_kev, *rrpa_f;
  size_t nrrpa;
  double atoms_per_tonne;
} mp_xe_setup;

/* Coefficients in events / (tonne year keV) per component:
 * out[i + ne (c + MP_SOLAR_N (k + 3 m))] for recoil er_kev[i], component c,
 * term k (powers from mp_coupling_powers), mass mass_gev[m]. One set of
 * neutrino-energy integrals per recoil energy serves every mass. */
int mp_xenon_terms(const mp_model *mod, const mp_xe_setup *x, int channel,
                   const double *er_kev, size_t ne, const double *mass_gev,
                   size_t nm, double *out);

/* The rate at couplings g[m], masses mass_gev[m] (pairs), combining the
 * cross section at g before integrating (a second path for tests):
 * out[i + ne (c + MP_SOLAR_N m)]. */
int mp_xenon_direct(const mp_model *mod, const mp_xe_setup *x, int channel,
                    const double *er_kev, size_t ne, const double *g,
                    const double *mass_gev, size_t nm, double *out);

#endif
