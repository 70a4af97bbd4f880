/* xenon.c -- solar-neutrino recoil rates in xenon, Eq. 35 (no detector
 * effects). Pure C, no R API. */
#include <math.h>
#include <stdlib.h>
#include "mp.h"
#include "model.h"
#include "nucleus.h"
#include "electron.h"
#include "solar.h"
#include "xenon.h"

/* Shared loop: for each recoil energy, target (isotope or electrons) and
 * component, build the flux quadrature nodes above E_min (Eq. 35) and the
 * flavour probabilities once, then accumulate every mass (and term). When
 * g != NULL the cross section is evaluated at g[m] (direct path) and out
 * has one term. */
static int xenon_loop(const mp_model *mod, const mp_xe_setup *x, int channel,
                      const double *er_kev, size_t ne, const double *g,
                      const double *mass_gev, size_t nm, double *out) {
  int pw[3];
  mp_coupling_powers(mod, pw);
  size_t nterm = g ? 1 : 3;
  for (size_t j = 0; j < ne * MP_SOLAR_N * nterm * nm; j++) out[j] = 0.0;
  double *e = malloc(MP_SOLAR_MAXNODE * sizeof(double));
  double *w = malloc(MP_SOLAR_MAXNODE * sizeof(double));
  double *p = malloc(3 * MP_SOLAR_MAXNODE * sizeof(double));
  if (!e || !w || !p) {
    free(e);
    free(w);
    free(p);
    return MP_ENOMEM;
  }
  int status = MP_OK;
  size_t ntarget = channel == MP_CHANNEL_NR ? x->niso : 1;
  for (size_t i = 0; i < ne && status == MP_OK; i++) {
    double er_gev = er_kev[i] * 1e-6;
    for (size_t t = 0; t < ntarget && status == MP_OK; t++) {
      double emin_gev, ntgt; /* E_nu^min (Eq. 35); targets per tonne */
      if (channel == MP_CHANNEL_NR) {
        emin_gev = mp_cevns_enu_min(&x->iso[t], er_gev);
        ntgt = x->nuclei_per_tonne * x->abundance[t];
      } else {
        emin_gev = mp_electron_enu_min(er_gev);
        ntgt = x->atoms_per_tonne *
               mp_bound_electrons(er_kev[i], x->bind_kev, x->shell_count,
                                  x->nshell, x->rrpa_e_kev, x->rrpa_f, x->nrrpa);
      }
      if (!(ntgt > 0.0)) continue;
      /* events / (t yr keV): n_T * year * flux [cm^-2 s^-1] * cm^2/GeV * GeV/keV */
      double scale = ntgt * MP_YEAR_S * 1e-6;
      for (int c = 0; c < MP_SOLAR_N && status == MP_OK; c++) {
        if (!x->use[c]) continue;
        size_t nn = 0;
        status = mp_solar_nodes(x->sun, c, emin_gev * 1e3, e, w, &nn);
        if (status != MP_OK || nn == 0) continue;
        for (size_t q = 0; q < nn; q++) mp_solar_prob(x->sun, c, e[q], p + 3 * q);
        if (channel == MP_CHANNEL_NR && !g) {
          /* Eq. 33 = K(E_R) (1 - M_N E_R / (2 E^2)): fold the flux once per
           * flavour, then every mass costs three numbers */
          double fold[3] = {0.0, 0.0, 0.0};
          double MN = x->iso[t].mass_gev;
          for (size_t q = 0; q < nn; q++) {
            double enu_gev = e[q] * 1e-3;
            if (er_gev > 2.0 * enu_gev * enu_gev / (MN + 2.0 * enu_gev)) continue;
            double kin = 1.0 - MN * er_gev / (2.0 * enu_gev * enu_gev);
            for (int a = 0; a < 3; a++) fold[a] += w[q] * p[3 * q + a] * kin;
          }
          for (size_t m = 0; m < nm && status == MP_OK; m++) {
            for (int a = 0; a < 3 && status == MP_OK; a++) {
              double K[3];
              status = mp_cevns_reduced(mod, &x->iso[t], a, x->sin2w, er_gev,
                                        mass_gev[m], x->rel_tol, K);
              if (status != MP_OK) break;
              for (int k = 0; k < 3; k++)
                out[i + ne * (c + MP_SOLAR_N * (k + 3 * m))] +=
                    scale * K[k] * fold[a];
            }
          }
          continue;
        }
        if (channel == MP_CHANNEL_ER && !g) {
          /* Eq. 36 is a polynomial in 1/E_nu: fold the flux into the
           * moments sum w P E^-j (j = 0, 1, 2) per flavour, then every mass
           * costs a few products. kmix: g eps = kmix g^p1 at q^2 = -2 m_e T. */
          double mom[3][3] = {{0.0}};
          for (size_t q = 0; q < nn; q++) {
            double inv = 1.0 / (e[q] * 1e-3);
            for (int a = 0; a < 3; a++) {
              double wp = w[q] * p[3 * q + a];
              mom[a][0] += wp;
              mom[a][1] += wp * inv;
              mom[a][2] += wp * inv * inv;
            }
          }
          double kmix = 0.0;
          status = mp_mixing_factor(mod, -2.0 * MP_ME * er_gev, x->rel_tol, &kmix);
          double pre = 2.0 * MP_GF * MP_GF * MP_ME / M_PI * MP_HBARC2;
          double T = er_gev;
          for (size_t m = 0; m < nm && status == MP_OK; m++) {
            for (int a = 0; a < 3 && status == MP_OK; a++) {
              double gl, gr, d;
              mp_electron_zcouplings(a, x->sin2w, &gl, &gr);
              status = mp_electron_delta(mod, a, T, mass_gev[m], kmix, &d);
              if (status != MP_OK) break;
              const double *M = mom[a];
              /* Eq. 36 brackets integrated against w P: SM, interference,
               * pure A' (E^-1 and E^-2 terms from T/E and m_e T/E^2) */
              double c0 = gl * gl * M[0] +
                          gr * gr * (M[0] - 2.0 * T * M[1] + T * T * M[2]) -
                          gl * gr * MP_ME * T * M[2];
              double c1 = 2.0 * d * ((gl + gr) * (M[0] - 0.5 * MP_ME * T * M[2]) -
                                     gr * (2.0 * T * M[1] - T * T * M[2]));
              double c2 = 2.0 * d * d *
                          (M[0] - T * M[1] + 0.5 * T * (T - MP_ME) * M[2]);
              double cc[3] = {c0, c1, c2};
              for (int k = 0; k < 3; k++)
                out[i + ne * (c + MP_SOLAR_N * (k + 3 * m))] += scale * pre * cc[k];
            }
          }
          continue;
        }
        for (size_t m = 0; m < nm && status == MP_OK; m++) {
          double acc[3] = {0.0, 0.0, 0.0};
          for (size_t q = 0; q < nn && status == MP_OK; q++) {
            double enu_gev = e[q] * 1e-3;
            for (int a = 0; a < 3; a++) {
              double cf[3];
              if (channel == MP_CHANNEL_NR) {
                status = mp_cevns_coef(mod, &x->iso[t], a, x->sin2w, enu_gev,
                                       er_gev, mass_gev[m], x->rel_tol, cf);
              } else if (g) {
                status = mp_electron_xsec(mod, g[m], a, x->sin2w, enu_gev,
                                          er_gev, mass_gev[m], x->rel_tol, cf);
              } else {
                status = mp_electron_coef(mod, a, x->sin2w, enu_gev, er_gev,
                                          mass_gev[m], x->rel_tol, cf);
              }
              if (status != MP_OK) break;
              double wp = w[q] * p[3 * q + a];
              if (g && channel == MP_CHANNEL_NR) {
                /* Eq. 33 at g: combine the powers before integrating */
                acc[0] += wp * (cf[0] + cf[1] * pow(g[m], pw[1]) +
                                cf[2] * pow(g[m], pw[2]));
              } else if (g) {
                acc[0] += wp * cf[0];
              } else {
                for (int k = 0; k < 3; k++) acc[k] += wp * cf[k];
              }
            }
          }
          for (size_t k = 0; k < nterm; k++)
            out[i + ne * (c + MP_SOLAR_N * (k + nterm * m))] += scale * acc[k];
        }
      }
    }
  }
  free(e);
  free(w);
  free(p);
  return status;
}

int mp_xenon_terms(const mp_model *mod, const mp_xe_setup *x, int channel,
                   const double *er_kev, size_t ne, const double *mass_gev,
                   size_t nm, double *out) {
  return xenon_loop(mod, x, channel, er_kev, ne, NULL, mass_gev, nm, out);
}

int mp_xenon_direct(const mp_model *mod, const mp_xe_setup *x, int channel,
                    const double *er_kev, size_t ne, const double *g,
                    const double *mass_gev, size_t nm, double *out) {
  return xenon_loop(mod, x, channel, er_kev, ne, g, mass_gev, nm, out);
}
