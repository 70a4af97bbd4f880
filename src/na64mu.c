/* na64mu.c -- NA64mu: photon flux (Eq. 15), Weizsaecker-Williams A'
 * production (Eqs. 16-20, corrected as in the vignette "differences"), counts per bin
 * (Eq. 26) and the visible-decay escape factor (Eq. 27). */
#include <math.h>
#include "mp.h"
#include "quad.h"
#include "model.h"
#include "na64mu.h"

/* Form-factor constants (Eq. 15; Bjorken, Essig, Schuster, Toro
 * 2009, App. A): screening radii 111 Z^(-1/3)/m_e and 773 Z^(-2/3)/m_e,
 * nuclear size d = 0.164 A^(-2/3) GeV^2, proton magnetic moment 2.79 and
 * dipole scale 0.71 GeV^2. */
#define NA64_MU_P 2.79
#define NA64_DIPOLE 0.71

static double ff_a(const mp_target *tg) { return 111.0 * pow(tg->z, -1.0 / 3.0) / MP_ME; }
static double ff_ap(const mp_target *tg) { return 773.0 * pow(tg->z, -2.0 / 3.0) / MP_ME; }
static double ff_d(const mp_target *tg) { return 0.164 * pow(tg->a, -2.0 / 3.0); }

double mp_na64_form_factor(double t, const mp_target *tg, int parts) {
  double g2 = 0.0;
  if (parts & MP_CHI_ELASTIC) {
    /* G2_el = (a^2 t/(1 + a^2 t))^2 (1/(1 + t/d))^2 Z^2 */
    double a2t = pow(ff_a(tg), 2) * t;
    double s = a2t / (1.0 + a2t);
    double n = 1.0 / (1.0 + t / ff_d(tg));
    g2 += s * s * n * n * tg->z * tg->z;
  }
  if (parts & MP_CHI_INELASTIC) {
    /* G2_in = (a'^2 t/(1 + a'^2 t))^2
     *         ((1 + t (mu_p^2 - 1)/(4 m_p^2))/(1 + t/0.71)^4)^2 Z */
    double a2t = pow(ff_ap(tg), 2) * t;
    double s = a2t / (1.0 + a2t);
    double num = 1.0 + t * (NA64_MU_P * NA64_MU_P - 1.0) / (4.0 * MP_MP * MP_MP);
    double den = pow(1.0 + t / NA64_DIPOLE, 4);
    double p = num / den;
    g2 += s * s * p * p * tg->z;
  }
  return g2;
}

typedef struct {
  const mp_target *tg;
  int parts;
  double tmin;
} chi_par;

/* Eq. 15 integrand (t - tmin)/t^2 G2(t) */
static double chi_integrand(double t, void *p) {
  const chi_par *cp = (const chi_par *)p;
  return (t - cp->tmin) / (t * t) * mp_na64_form_factor(t, cp->tg, cp->parts);
}

int mp_na64_chi(double mass_gev, double e0_gev, const mp_target *tg, int parts,
                double rel_tol, double *chi) {
  *chi = NAN;
  if (!(mass_gev > 0) || !isfinite(mass_gev) || !(e0_gev > mass_gev) ||
      !isfinite(e0_gev) || !(tg->z > 0) || !(tg->a > 0))
    return MP_EDOM;
  /* Eq. 15: t_min = (M^2/(2 E0))^2 fixed, t_max = M^2 */
  double tmin = pow(mass_gev * mass_gev / (2.0 * e0_gev), 2);
  double tmax = mass_gev * mass_gev;
  chi_par cp = {tg, parts, tmin};
  double pts[4] = {1.0 / pow(ff_a(tg), 2), ff_d(tg), 1.0 / pow(ff_ap(tg), 2),
                   NA64_DIPOLE};
  mp_tol tol = mp_tol_default(rel_tol);
  double err = 0.0;
  return mp_integrate_log(&chi_integrand, &cp, tmin, tmax, pts, 4, tol, chi,
                          &err);
}

double mp_na64_dsigma_dx(double x, double mass_gev, double e0_gev,
                         double lepton_gev, double chi, double p_norm) {
  if (!(x > 0.0) || !(x < 1.0)) return 0.0;
  double ea = x * e0_gev;
  if (!(ea > mass_gev)) return 0.0;
  double beta = sqrt(1.0 - (mass_gev / ea) * (mass_gev / ea));
  double y = 1.0 - x;
  double m2 = lepton_gev * lepton_gev, M2 = mass_gev * mass_gev;
  /* Eq. 20: virtuality of the intermediate lepton */
  double v = M2 * y / x + m2 * x;
  /* Eqs. 17, 18 and the exact C4 (replacing the misprinted Eq. 19), each divided by
   * (1 - x), the denominator of Eq. 16 (so that x -> 1 stays finite):
   * C2 = y + y^3, C3 = -2 x y^2 M^2 - 4 m^2 x y^2,
   * C4 = 4 m^4 x^2 y^2 + 2 m^2 M^2 y^2 (1 + y^2) + 2 M^4 y^3 */
  double c2 = 1.0 + y * y;
  double c3 = -2.0 * x * y * M2 - 4.0 * m2 * x * y;
  double c4 = 4.0 * m2 * m2 * x * x * y + 2.0 * m2 * M2 * y * (1.0 + y * y) +
              2.0 * M2 * M2 * y * y;
  double bracket = c2 / v + c3 / (2.0 * v * v) + c4 / (3.0 * v * v * v);
  /* Eq. 16, corrected: P alpha^2 g^2 chi beta/(1 - x) [...] */
  return p_norm * MP_ALPHA * MP_ALPHA * chi * beta * bracket;
}

/* Escape factor of Eq. 27 for one (g, M). */
typedef struct {
  int active;        /* 0: factor 1 (M < 2 m_mu) */
  int prompt;        /* 1: factor br_inv */
  double br_inv;
  double width_gev;  /* total width at coupling g */
  double ldet_cm;
  double mass_gev;
  double e0_gev;
} escape_par;

static double escape_factor(double x, const escape_par *e) {
  if (!e->active) return 1.0;
  if (e->prompt || !(e->width_gev > 0)) return e->br_inv;
  double ea = x * e->e0_gev;
  double p = sqrt(fmax(ea * ea - e->mass_gev * e->mass_gev, 0.0));
  /* Eq. 23: l = (p/M) hbar c / Gamma; Eq. 27: BR_inv + BR_vis e^(-L/l) */
  double l = (p / e->mass_gev) * MP_HBARC / e->width_gev;
  if (!(l > 0)) return e->br_inv;
  return e->br_inv + (1.0 - e->br_inv) * exp(-e->ldet_cm / l);
}

static int escape_setup(const mp_na64_setup *s, const mp_model *m, double g,
                        double mass_gev, int prompt, double rel_tol,
                        escape_par *e) {
  e->active = mass_gev >= 2.0 * MP_MMU;
  e->prompt = prompt;
  e->br_inv = 1.0;
  e->width_gev = 0.0;
  e->ldet_cm = s->length_cm + s->detector_cm;
  e->mass_gev = mass_gev;
  e->e0_gev = s->e0_gev;
  if (!e->active) return MP_OK;
  /* the branching ratios do not depend on g except for a fixed eps; at
   * g = 0 they are taken at g = 1 (the counts vanish anyway) */
  double gw = (g != 0.0) ? g : 1.0;
  double w[MP_NCHANNEL];
  int status = mp_widths(m, gw, mass_gev, rel_tol, w);
  if (status != MP_OK) return status;
  double inv = w[0] + w[1] + w[2], tot = inv + w[3] + w[4] + w[5];
  if (!(tot > 0)) return MP_EDOM;
  e->br_inv = inv / tot;
  e->width_gev = (g != 0.0) ? tot : 0.0;
  return MP_OK;
}

typedef struct {
  double mass_gev, e0_gev, lepton_gev, chi, p_norm;
  const escape_par *esc;
} xs_par;

static double xs_integrand(double x, void *p) {
  const xs_par *xp = (const xs_par *)p;
  return mp_na64_dsigma_dx(x, xp->mass_gev, xp->e0_gev, xp->lepton_gev,
                           xp->chi, xp->p_norm) *
         escape_factor(x, xp->esc);
}

/* Eq. 26 prefactor per g^2: MOT eff (rho N_A/A) L_T (hbar c)^2 Q_mu^2 */
static double counts_norm(const mp_na64_setup *s, const mp_model *m) {
  double n_atom = s->target.density_gcm3 * MP_NA / s->target.a; /* cm^-3 */
  return s->mot * s->efficiency * n_atom * s->length_cm * MP_HBARC2 *
         m->q[1] * m->q[1];
}

static int check_setup(const mp_na64_setup *s, double mass_gev) {
  if (!(s->e0_gev > 0) || !isfinite(s->e0_gev) || !(mass_gev > 0) ||
      !(mass_gev < s->e0_gev) || !(s->lepton_gev >= 0) || !(s->mot >= 0) ||
      !(s->efficiency >= 0) || !(s->length_cm >= 0) || !(s->detector_cm >= 0) ||
      !(s->target.a > 0) || !(s->target.z > 0) || !(s->target.density_gcm3 > 0))
    return MP_EDOM;
  return MP_OK;
}

int mp_na64_counts_per_g2(const mp_na64_setup *s, const mp_model *m, double g,
                          double mass_gev, double chi, int prompt,
                          const double *edges_gev, size_t nbins,
                          double rel_tol, double *out) {
  for (size_t i = 0; i < nbins; i++) out[i] = NAN;
  int status = check_setup(s, mass_gev);
  if (status != MP_OK) return status;
  for (size_t i = 0; i <= nbins; i++)
    if (!(edges_gev[i] >= 0) || !(edges_gev[i] <= s->e0_gev) ||
        (i > 0 && !(edges_gev[i] > edges_gev[i - 1])))
      return MP_EDOM;
  double norm = counts_norm(s, m);
  if (norm == 0.0) {
    for (size_t i = 0; i < nbins; i++) out[i] = 0.0;
    return MP_OK;
  }
  if (!(chi >= 0)) {
    status = mp_na64_chi(mass_gev, s->e0_gev, &s->target, MP_CHI_BOTH, rel_tol,
                         &chi);
    if (status != MP_OK) return status;
  }
  escape_par esc;
  status = escape_setup(s, m, g, mass_gev, prompt, rel_tol, &esc);
  if (status != MP_OK) return status;
  xs_par xp = {mass_gev, s->e0_gev, s->lepton_gev, chi, s->p_norm, &esc};
  mp_tol tol = mp_tol_default(rel_tol);
  double xth = mass_gev / s->e0_gev; /* E_A' > M */
  for (size_t i = 0; i < nbins; i++) {
    /* E'_mu = E0 (1 - x): the bin [E_lo, E_hi] is x in [1 - E_hi/E0, 1 - E_lo/E0] */
    double xlo = 1.0 - edges_gev[i + 1] / s->e0_gev;
    double xhi = 1.0 - edges_gev[i] / s->e0_gev;
    if (xlo < xth) xlo = xth;
    double val = 0.0, err = 0.0;
    if (xhi > xlo) {
      status = mp_integrate(&xs_integrand, &xp, xlo, xhi, tol, &val, &err);
      if (status != MP_OK) return status;
    }
    out[i] = norm * val;
  }
  return MP_OK;
}

int mp_na64_spectrum(const mp_na64_setup *s, const mp_model *m, double g,
                     double mass_gev, double chi, const double *energy_gev,
                     size_t n, double rel_tol, double *out) {
  for (size_t i = 0; i < n; i++) out[i] = NAN;
  int status = check_setup(s, mass_gev);
  if (status != MP_OK) return status;
  if (!(chi >= 0)) {
    status = mp_na64_chi(mass_gev, s->e0_gev, &s->target, MP_CHI_BOTH, rel_tol,
                         &chi);
    if (status != MP_OK) return status;
  }
  escape_par esc;
  status = escape_setup(s, m, g, mass_gev, 0, rel_tol, &esc);
  if (status != MP_OK) return status;
  xs_par xp = {mass_gev, s->e0_gev, s->lepton_gev, chi, s->p_norm, &esc};
  double norm = counts_norm(s, m) * g * g / s->e0_gev; /* dx = dE'/E0 */
  for (size_t i = 0; i < n; i++) {
    if (!(energy_gev[i] >= 0) || !(energy_gev[i] <= s->e0_gev)) return MP_EDOM;
    out[i] = norm * xs_integrand(1.0 - energy_gev[i] / s->e0_gev, &xp);
  }
  return MP_OK;
}
