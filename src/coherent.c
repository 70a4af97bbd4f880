/* coherent.c -- prompt and delayed CEvNS recoil spectra at a pion
 * decay-at-rest source (Eqs. 31-33) for the COHERENT likelihoods. The
 * neutrino-energy integral is done in closed form: the cross section of
 * Eq. 33 depends on E_nu only through (1 - M_N E_R / (2 E_nu^2)). */
#include <math.h>
#include "mp.h"
#include "model.h"
#include "nucleus.h"
#include "spallation.h"
#include "coherent.h"

/* int_{emin}^{m_mu/2} (a E^2 + b E^3)(1 - c / E^2) dE (Eq. 31 spectra) */
static double coh_delayed_fold(double a, double b, double c, double emin) {
  double emax = 0.5 * MP_MMU;
  if (emin >= emax) return 0.0;
  if (emin < 0.0) emin = 0.0;
#define PRIM(E) (a * (E) * (E) * (E) / 3.0 + b * (E) * (E) * (E) * (E) / 4.0 - \
                 a * c * (E) - b * c * (E) * (E) / 2.0)
  double v = PRIM(emax) - PRIM(emin);
#undef PRIM
  return v > 0.0 ? v : 0.0;
}

int mp_coherent_dr_terms(const mp_model *m, const mp_isotope *iso,
                         const double *w, size_t niso, double sin2w,
                         double er_gev, double mass_gev, double rel_tol,
                         double out[6]) {
  for (int k = 0; k < 6; k++) out[k] = 0.0;
  if (!(er_gev > 0.0) || !isfinite(er_gev) || !(mass_gev > 0.0) ||
      !isfinite(mass_gev))
    return MP_EDOM;
  double mm = MP_MMU, m3 = mm * mm * mm, m4 = m3 * mm;
  double el = mp_pidar_line_gev();
  for (size_t j = 0; j < niso; j++) {
    double MN = iso[j].mass_gev, c = 0.5 * MN * er_gev;
    double emin = mp_cevns_enu_min(&iso[j], er_gev);
    /* Eq. 31: prompt line (delta at el); delayed 64E^2/m^3(3/4 - E/m) for
     * anti-nu_mu and 192E^2/m^3(1/2 - E/m) for nu_e */
    double prompt = (el >= emin) ? 1.0 - c / (el * el) : 0.0;
    if (prompt < 0.0) prompt = 0.0;
    double dmu = coh_delayed_fold(48.0 / m3, -64.0 / m4, c, emin);
    double de = coh_delayed_fold(96.0 / m3, -192.0 / m4, c, emin);
    if (prompt == 0.0 && dmu == 0.0 && de == 0.0) continue;
    double Kmu[3], Ke[3];
    int status = mp_cevns_reduced(m, &iso[j], 1, sin2w, er_gev, mass_gev,
                                  rel_tol, Kmu);
    if (status != MP_OK) return status;
    status = mp_cevns_reduced(m, &iso[j], 0, sin2w, er_gev, mass_gev,
                              rel_tol, Ke);
    if (status != MP_OK) return status;
    /* Eq. 32: flux-weighted sum over flavours, per component */
    for (int k = 0; k < 3; k++) {
      out[k] += w[j] * Kmu[k] * prompt;
      out[3 + k] += w[j] * (Kmu[k] * dmu + Ke[k] * de);
    }
  }
  for (int k = 0; k < 6; k++)
    if (!isfinite(out[k])) return MP_EDOM;
  return MP_OK;
}
