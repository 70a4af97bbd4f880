/* solar.h -- solar neutrino fluxes, spectral shapes and adiabatic MSW flavour
 * probabilities at Earth (paper Sect. 5, Eq. 35).
 * Neutrino energies in MeV here (names say so); fluxes in cm^-2 s^-1. */
#ifndef MUONPHILIC_SOLAR_H
#define MUONPHILIC_SOLAR_H
#include <stddef.h>
#include "quad.h"

/* Components in the paper's order (Sect. 5). */
enum {
  MP_SOLAR_PP = 0, MP_SOLAR_PEP, MP_SOLAR_HEP, MP_SOLAR_BE7, MP_SOLAR_B8,
  MP_SOLAR_N13, MP_SOLAR_O15, MP_SOLAR_F17, MP_SOLAR_N
};

/* Production-region distribution for the MSW average: a Maxwell-shaped
 * region with the exponential n_e, a point at the mean radius with the
 * exponential n_e, or a tabulated solar model (B16: n_e and the production
 * density of every component on a radial grid). */
enum { MP_PROD_MAXWELL = 0, MP_PROD_MEAN = 1, MP_PROD_TABLE = 2 };

#define MP_SOLAR_NRAD 24       /* radial nodes of the production average */
#define MP_SOLAR_MAXNODE 640   /* maximum energy nodes per component */

/* Oscillation parameters: sin^2 of the three angles, delta_CP (rad),
 * dm21^2 (eV^2). */
typedef struct {
  double s12, s13, s23, delta_rad, dm21_ev2;
} mp_osc;

/* Everything a solar calculation needs; every entry is a user input. */
typedef struct {
  double flux[MP_SOLAR_N];   /* total fluxes, cm^-2 s^-1 */
  double r_mean[MP_SOLAR_N]; /* mean production radius, units of R_sun */
  int production;            /* MP_PROD_MAXWELL or MP_PROD_MEAN */
  double ne0_mol;            /* central n_e / N_A, cm^-3 (245) */
  double ne_slope;           /* n_e propto exp(-ne_slope r / R_sun) (10.54) */
  mp_osc osc;
  double rel_tol;            /* for the shape normalisations */
  /* MP_PROD_TABLE only (else NULL / 0): ntab radii r/R_sun (increasing, > 0),
   * then ntab log10(n_e / N_A cm^-3), then 8 x ntab production densities
   * dF/d(r/R_sun) in component order. Borrowed, not copied. */
  const double *tab;
  size_t ntab;
} mp_solar_par;

/* Built once per calculation by mp_solar_init (no mutable statics). */
typedef struct {
  mp_solar_par par;
  double u2[3][3];                        /* |U_ai|^2 */
  double norm[MP_SOLAR_N];                /* 1 / int of the raw shape */
  mp_spline *b8;                          /* 8B log-shape spline */
  double rad_x[MP_SOLAR_N][MP_SOLAR_NRAD]; /* production radii (R_sun) */
  double rad_w[MP_SOLAR_N][MP_SOLAR_NRAD]; /* their weights (sum 1) */
  size_t nrad[MP_SOLAR_N];
  /* MP_PROD_TABLE: per component, the n_e / N_A (cm^-3) of the table rows
   * where it is produced and their normalised weights (one malloc block,
   * freed by mp_solar_free); NULL otherwise. */
  double *tab_ne[MP_SOLAR_N];
  double *tab_w[MP_SOLAR_N];
  size_t ntab[MP_SOLAR_N];
  double *tab_block;
} mp_solar;

int mp_solar_init(mp_solar *s, const mp_solar_par *par);
void mp_solar_free(mp_solar *s);

/* 1 for line components (pep, 7Be); their energies and weights (sum 1). */
int mp_solar_is_line(int c);
size_t mp_solar_lines(int c, const double **e_mev, const double **weight);
/* Maximum neutrino energy (MeV) of a component. */
double mp_solar_emax_mev(int c);
/* Charge number of the beta+ daughter of component c (0 for the lines and
 * 8B, whose shapes need none; NaN outside 0..MP_SOLAR_N-1). */
double mp_solar_daughter_z(int c);

/* Unit-normalised spectral shape (MeV^-1); 0 for lines and outside. */
double mp_solar_shape(const mp_solar *s, int c, double enu_mev);

/* |U_ai|^2 of the PMNS matrix (standard parametrisation). */
void mp_pmns_abs2(const mp_osc *o, double u2[3][3]);

/* P(nu_e -> nu_a), a = e, mu, tau, for component c at energy enu_mev:
 * adiabatic MSW averaged over the production region (Sect. 5). */
void mp_solar_prob(const mp_solar *s, int c, double enu_mev, double p[3]);

/* Quadrature nodes for int_{e_lo}^{Emax} dphi/dE g(E) dE of component c:
 * sum_i w[i] g(e[i]) (w includes the flux). Lines give their energies above
 * e_lo with weights flux * branching (exact). *n may be 0. */
int mp_solar_nodes(const mp_solar *s, int c, double e_lo_mev, double *e_mev,
                   double *w, size_t *n);


/* The parameters from a flat array of nv doubles (as passed from R):
 * flux[8], r_mean[8], production, ne0_mol, ne_slope, sin^2 th12,
 * sin^2 th13, sin^2 th23, delta_CP (rad), dm21^2 (eV^2) -- MP_SOLAR_NPAR
 * values; with production = MP_PROD_TABLE followed by ntab and the table
 * (see mp_solar_par.tab), nv = MP_SOLAR_NPAR + 1 + 10 ntab. par->tab
 * points into v. */
#define MP_SOLAR_NPAR 24
int mp_solar_par_from_array(const double *v, size_t nv, double rel_tol,
                            mp_solar_par *par);

#endif
