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

/* The rate is computed in two stages (Eq. 35):
 *
 * 1. mp_xenon_fold: the model- and mass-independent flux folds. For every
 *    recoil energy er_kev[i], target t (isotope for NR, the electrons for
 *    ER), component c and flavour a, the flux (quadrature nodes above
 *    E_nu^min) times P(nu_e -> nu_a), times the targets per tonne and the
 *    unit conversion, integrated against the E_nu dependence of the cross
 *    section: NR one number, int phi P (1 - M_N E_R / (2 E^2)) (Eq. 33);
 *    ER three moments int phi P E^-j, j = 0, 1, 2 (Eq. 36). Layout:
 *    fold[j + nmom (a + 3 (c + MP_SOLAR_N (t + ntarget i)))], nmom and
 *    ntarget from mp_xenon_fold_dims. Uses x->sun, use, the targets, RRPA
 *    (not sin2w, not rel_tol). Unused components are zero.
 *
 * 2. mp_xenon_fold_terms: a fold (or a sum of its components: ncomp = 1
 *    gives the summed rate, ncomp = MP_SOLAR_N one slot per component; the
 *    layout above with MP_SOLAR_N replaced by ncomp) -> coefficients in
 *    events / (tonne year keV), out[i + ne (c + ncomp (k + 3 m))] for term
 *    k (powers from mp_coupling_powers) and mass mass_gev[m]. A few
 *    products per (energy, target, flavour, mass); the mixing factor (a
 *    loop integral for loop mixing) once per (energy, target). Uses
 *    x->iso/niso (NR), x->sin2w, x->rel_tol. */
void mp_xenon_fold_dims(const mp_xe_setup *x, int channel, size_t *ntarget,
                        size_t *nmom);
int mp_xenon_fold(const mp_xe_setup *x, int channel, const double *er_kev,
                  size_t ne, double *fold);
int mp_xenon_fold_terms(const mp_model *mod, const mp_xe_setup *x, int channel,
                        const double *er_kev, size_t ne, const double *fold,
                        size_t ncomp, const double *mass_gev, size_t nm,
                        double *out);

/* Both stages at once: out[i + ne (c + MP_SOLAR_N (k + 3 m))]. */
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
