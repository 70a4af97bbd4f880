/* electron.c -- nu-e scattering with A' terms (Eq. 36), binding steps and
 * RRPA scaling (paper Eq. 36). Pure C, no R API. */
#include <math.h>
#include "mp.h"
#include "model.h"
#include "electron.h"

double mp_electron_tmax(double enu_gev) {
  return 2.0 * enu_gev * enu_gev / (MP_ME + 2.0 * enu_gev);
}

/* Eq. 35: E_min = (T + sqrt(T^2 + 2 m_e T)) / 2 */
double mp_electron_enu_min(double t_gev) {
  return 0.5 * (t_gev + sqrt(t_gev * t_gev + 2.0 * MP_ME * t_gev));
}

/* Z couplings of the electron (below Eq. 36); g_L -> 1 + g_L for nu_e. */
static void z_couplings(int flavour, double sin2w, double *gl, double *gr) {
  *gl = sin2w - 0.5 + (flavour == 0 ? 1.0 : 0.0);
  *gr = sin2w;
}

void mp_electron_zcouplings(int flavour, double sin2w, double *gl, double *gr) {
  z_couplings(flavour, sin2w, gl, gr);
}

/* The A' amplitude in units of the SM normalisation:
 * delta = g Q_a (e eps + g Q_e) / (2 sqrt(2) G_F (2 m_e T + M^2)), written
 * as delta = d g^p1 (Eq. 36: the paper's e eps generalised by the tree-level
 * electron charge). */
int mp_electron_delta(const mp_model *m, int flavour, double t_gev,
                      double mass_gev, double k, double *d) {
  double qa = m->q[flavour], qe = m->q[0];
  double den = 2.0 * M_SQRT2 * MP_GF * (2.0 * MP_ME * t_gev + mass_gev * mass_gev);
  if (m->mixing == MP_MIX_FIXED) {
    if (qe != 0.0 && qa != 0.0) return MP_EDOM;
    *d = qa * MP_E_CHARGE * k / den; /* delta = g (e eps Q_a) / den */
  } else {
    *d = qa * (MP_E_CHARGE * k + qe) / den; /* delta = g^2 Q_a (e k + Q_e) / den */
  }
  return MP_OK;
}

static int aprime_delta(const mp_model *m, int flavour, double t_gev,
                        double mass_gev, double rel_tol, double *d) {
  double k = 0.0;
  int status = mp_mixing_factor(m, -2.0 * MP_ME * t_gev, rel_tol, &k);
  if (status != MP_OK) return status;
  return mp_electron_delta(m, flavour, t_gev, mass_gev, k, d);
}

int mp_electron_coef(const mp_model *m, int flavour, double sin2w,
                     double enu_gev, double t_gev, double mass_gev,
                     double rel_tol, double c[3]) {
  c[0] = c[1] = c[2] = 0.0;
  if (flavour < 0 || flavour > 2 || !(enu_gev > 0) || !(t_gev >= 0) ||
      !(mass_gev > 0))
    return MP_EDOM;
  if (t_gev > mp_electron_tmax(enu_gev)) return MP_OK;
  double gl, gr, d;
  z_couplings(flavour, sin2w, &gl, &gr);
  int status = aprime_delta(m, flavour, t_gev, mass_gev, rel_tol, &d);
  if (status != MP_OK) return status;
  double pre = 2.0 * MP_GF * MP_GF * MP_ME / M_PI * MP_HBARC2; /* cm^2/GeV */
  double te = t_gev / enu_gev, r = MP_ME * t_gev / (enu_gev * enu_gev);
  /* Eq. 36, first bracket: the SM */
  c[0] = pre * (gl * gl + gr * gr * (1.0 - te) * (1.0 - te) - gl * gr * r);
  /* Eq. 36, interference: (g eps e Q / (sqrt2 G_F D)) = 2 delta */
  c[1] = pre * 2.0 * d *
         ((gl + gr) * (1.0 - 0.5 * r) - gr * te * (2.0 - te));
  /* Eq. 36, pure A': (g eps e Q)^2 / (4 G_F^2 D^2) = 2 delta^2 */
  c[2] = pre * 2.0 * d * d *
         (1.0 - te * (1.0 - (t_gev - MP_ME) / (2.0 * enu_gev)));
  return MP_OK;
}

int mp_electron_xsec(const mp_model *m, double g, int flavour, double sin2w,
                     double enu_gev, double t_gev, double mass_gev,
                     double rel_tol, double *xs) {
  *xs = 0.0;
  if (flavour < 0 || flavour > 2 || !(enu_gev > 0) || !(t_gev >= 0) ||
      !(mass_gev > 0) || !isfinite(g))
    return MP_EDOM;
  if (t_gev > mp_electron_tmax(enu_gev)) return MP_OK;
  double gl, gr;
  z_couplings(flavour, sin2w, &gl, &gr);
  double eps_g = 0.0, eps0 = 0.0;
  int status = mp_epsilon_coef(m, -2.0 * MP_ME * t_gev, rel_tol, &eps_g, &eps0);
  if (status != MP_OK) return status;
  double eps = eps_g * g + eps0;
  double den = 2.0 * M_SQRT2 * MP_GF * (2.0 * MP_ME * t_gev + mass_gev * mass_gev);
  /* vector A' exchange shifts g_L and g_R alike */
  double delta = g * m->q[flavour] * (MP_E_CHARGE * eps + g * m->q[0]) / den;
  double L = gl + delta, R = gr + delta, y = 1.0 - t_gev / enu_gev;
  double pre = 2.0 * MP_GF * MP_GF * MP_ME / M_PI * MP_HBARC2;
  *xs = pre * (L * L + R * R * y * y - L * R * MP_ME * t_gev / (enu_gev * enu_gev));
  return MP_OK;
}

double mp_rrpa_factor(double t_kev, const double *rrpa_e_kev,
                      const double *rrpa_f, size_t nrrpa) {
  if (nrrpa < 2 || !(t_kev >= rrpa_e_kev[0]) || !(t_kev <= rrpa_e_kev[nrrpa - 1]))
    return 1.0;
  size_t i = 0;
  while (i + 2 < nrrpa && t_kev > rrpa_e_kev[i + 1]) i++;
  double x0 = log(rrpa_e_kev[i]), x1 = log(rrpa_e_kev[i + 1]);
  double u = (log(t_kev) - x0) / (x1 - x0);
  return rrpa_f[i] + u * (rrpa_f[i + 1] - rrpa_f[i]);
}

/* Step function times the RRPA scaling (the electron count of Eq. 36's
 * rate). Inside the RRPA table: interpolated. Outside it the edge ratio is
 * held up to the next shell edge (above the table: the K edge, 34.76 keV;
 * below: the 4s edge, 0.229 keV), where the step function jumps anyway, and
 * is 1 beyond: no artificial step at the table's ends. */
double mp_bound_electrons(double t_kev, const double *bind_kev,
                          const double *count, size_t nshell,
                          const double *rrpa_e_kev, const double *rrpa_f,
                          size_t nrrpa) {
  double n = 0.0;
  for (size_t i = 0; i < nshell; i++)
    if (t_kev > bind_kev[i]) n += count[i];
  if (nrrpa < 2) return n;
  double e0 = rrpa_e_kev[0], e1 = rrpa_e_kev[nrrpa - 1];
  if (t_kev >= e0 && t_kev <= e1)
    return n * mp_rrpa_factor(t_kev, rrpa_e_kev, rrpa_f, nrrpa);
  /* the shell edges bracketing the table */
  double lo_edge = 0.0, hi_edge = INFINITY;
  for (size_t i = 0; i < nshell; i++) {
    if (bind_kev[i] < e0 && bind_kev[i] > lo_edge) lo_edge = bind_kev[i];
    if (bind_kev[i] > e1 && bind_kev[i] < hi_edge) hi_edge = bind_kev[i];
  }
  if (t_kev < e0) return t_kev > lo_edge ? n * rrpa_f[0] : n;
  return t_kev <= hi_edge ? n * rrpa_f[nrrpa - 1] : n;
}
