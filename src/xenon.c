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

/* E_nu^min (Eq. 35) in GeV and the targets per tonne of target t at recoil
 * energy er_kev: an isotope for NR, the available electrons for ER. */
static void target_info(const mp_xe_setup *x, int channel, double er_kev,
                        size_t t, double *emin_gev, double *ntgt) {
  double er_gev = er_kev * 1e-6;
  if (channel == MP_CHANNEL_NR) {
    *emin_gev = mp_cevns_enu_min(&x->iso[t], er_gev);
    *ntgt = x->nuclei_per_tonne * x->abundance[t];
  } else {
    *emin_gev = mp_electron_enu_min(er_gev);
    *ntgt = x->atoms_per_tonne *
            mp_bound_electrons(er_kev, x->bind_kev, x->shell_count, x->nshell,
                               x->rrpa_e_kev, x->rrpa_f, x->nrrpa);
  }
}

/* events / (t yr keV): n_T * year * flux [cm^-2 s^-1] * cm^2/GeV * GeV/keV */
static double rate_scale(double ntgt) { return ntgt * MP_YEAR_S * 1e-6; }

typedef struct {
  double *e, *w, *p; /* nodes (MeV), weights, P(nu_e -> nu_a) per node */
} node_buf;

static int node_buf_alloc(node_buf *b) {
  b->e = malloc(MP_SOLAR_MAXNODE * sizeof(double));
  b->w = malloc(MP_SOLAR_MAXNODE * sizeof(double));
  b->p = malloc(3 * MP_SOLAR_MAXNODE * sizeof(double));
  if (!b->e || !b->w || !b->p) {
    free(b->e);
    free(b->w);
    free(b->p);
    b->e = b->w = b->p = NULL;
    return MP_ENOMEM;
  }
  return MP_OK;
}

static void node_buf_free(node_buf *b) {
  free(b->e);
  free(b->w);
  free(b->p);
}

/* Flux quadrature nodes of component c above emin and the flavour
 * probabilities at each node (the expensive part: MSW averaged over the
 * production region). */
static int component_nodes(const mp_xe_setup *x, int c, double emin_gev,
                           node_buf *b, size_t *nn) {
  *nn = 0;
  int status = mp_solar_nodes(x->sun, c, emin_gev * 1e3, b->e, b->w, nn);
  if (status != MP_OK) return status;
  for (size_t q = 0; q < *nn; q++) mp_solar_prob(x->sun, c, b->e[q], b->p + 3 * q);
  return MP_OK;
}

void mp_xenon_fold_dims(const mp_xe_setup *x, int channel, size_t *ntarget,
                        size_t *nmom) {
  *ntarget = channel == MP_CHANNEL_NR ? x->niso : 1;
  *nmom = channel == MP_CHANNEL_NR ? 1 : 3;
}

int mp_xenon_fold(const mp_xe_setup *x, int channel, const double *er_kev,
                  size_t ne, double *fold) {
  if (channel != MP_CHANNEL_NR && channel != MP_CHANNEL_ER) return MP_EDOM;
  size_t ntarget, nmom;
  mp_xenon_fold_dims(x, channel, &ntarget, &nmom);
  size_t slot = nmom * 3 * MP_SOLAR_N;
  for (size_t j = 0; j < ne * ntarget * slot; j++) fold[j] = 0.0;
  node_buf b;
  int status = node_buf_alloc(&b);
  if (status != MP_OK) return status;
  for (size_t i = 0; i < ne && status == MP_OK; i++) {
    double er_gev = er_kev[i] * 1e-6;
    if (!(er_gev > 0.0) || !isfinite(er_gev)) {
      status = MP_EDOM;
      break;
    }
    for (size_t t = 0; t < ntarget && status == MP_OK; t++) {
      double emin_gev, ntgt;
      target_info(x, channel, er_kev[i], t, &emin_gev, &ntgt);
      if (!(ntgt > 0.0)) continue;
      double scale = rate_scale(ntgt);
      double *f = fold + slot * (t + ntarget * i);
      for (int c = 0; c < MP_SOLAR_N && status == MP_OK; c++) {
        if (!x->use[c]) continue;
        size_t nn = 0;
        status = component_nodes(x, c, emin_gev, &b, &nn);
        if (status != MP_OK || nn == 0) continue;
        double *fc = f + nmom * 3 * (size_t)c;
        if (channel == MP_CHANNEL_NR) {
          /* Eq. 33 = K(E_R) (1 - M_N E_R / (2 E^2)) above the kinematic
           * limit E_R <= 2 E^2 / (M_N + 2 E): fold the flux per flavour */
          double acc[3] = {0.0, 0.0, 0.0};
          double MN = x->iso[t].mass_gev;
          for (size_t q = 0; q < nn; q++) {
            double enu_gev = b.e[q] * 1e-3;
            if (er_gev > 2.0 * enu_gev * enu_gev / (MN + 2.0 * enu_gev)) continue;
            double kin = 1.0 - MN * er_gev / (2.0 * enu_gev * enu_gev);
            for (int a = 0; a < 3; a++) acc[a] += b.w[q] * b.p[3 * q + a] * kin;
          }
          for (int a = 0; a < 3; a++) fc[a] = scale * acc[a];
        } else {
          /* Eq. 36 is a polynomial in 1/E_nu: the moments sum w P E^-j */
          double mom[3][3] = {{0.0}};
          for (size_t q = 0; q < nn; q++) {
            double inv = 1.0 / (b.e[q] * 1e-3);
            for (int a = 0; a < 3; a++) {
              double wp = b.w[q] * b.p[3 * q + a];
              mom[a][0] += wp;
              mom[a][1] += wp * inv;
              mom[a][2] += wp * inv * inv;
            }
          }
          for (int a = 0; a < 3; a++)
            for (int j = 0; j < 3; j++) fc[j + 3 * a] = scale * mom[a][j];
        }
      }
    }
  }
  node_buf_free(&b);
  return status;
}

int mp_xenon_fold_terms(const mp_model *mod, const mp_xe_setup *x, int channel,
                        const double *er_kev, size_t ne, const double *fold,
                        size_t ncomp, const double *mass_gev, size_t nm,
                        double *out) {
  if (channel != MP_CHANNEL_NR && channel != MP_CHANNEL_ER) return MP_EDOM;
  if (ncomp != 1 && ncomp != MP_SOLAR_N) return MP_EDOM;
  for (size_t j = 0; j < ne * ncomp * 3 * nm; j++) out[j] = 0.0;
  for (size_t m = 0; m < nm; m++)
    if (!(mass_gev[m] > 0.0) || !isfinite(mass_gev[m])) return MP_EDOM;
  size_t ntarget, nmom;
  mp_xenon_fold_dims(x, channel, &ntarget, &nmom);
  size_t slot = nmom * 3 * ncomp;
  int status = MP_OK;
  for (size_t i = 0; i < ne && status == MP_OK; i++) {
    double er_gev = er_kev[i] * 1e-6;
    if (!(er_gev > 0.0) || !isfinite(er_gev)) return MP_EDOM;
    for (size_t t = 0; t < ntarget && status == MP_OK; t++) {
      const double *f = fold + slot * (t + ntarget * i);
      int any = 0;
      for (size_t j = 0; j < slot && !any; j++) any = f[j] != 0.0;
      if (!any) continue; /* no flux above E_nu^min, or no target */
      if (channel == MP_CHANNEL_NR) {
        const mp_isotope *iso = &x->iso[t];
        /* the loop mixing (Eq. 10) at q^2 = -2 M_N E_R does not depend on
         * the mass: evaluate it once and pass it on as a fixed ratio
         * eps / g, which mp_cevns_reduced uses as it is */
        mp_model mm = *mod;
        if (mod->mixing == MP_MIX_LOOP) {
          double k = 0.0;
          status = mp_mixing_factor(mod, -2.0 * iso->mass_gev * er_gev,
                                    x->rel_tol, &k);
          if (status != MP_OK) break;
          mm.mixing = MP_MIX_RATIO;
          mm.mix_value = k;
        }
        for (size_t m = 0; m < nm && status == MP_OK; m++) {
          for (int a = 0; a < 3 && status == MP_OK; a++) {
            double K[3]; /* Eq. 33 without the E_nu dependence */
            status = mp_cevns_reduced(&mm, iso, a, x->sin2w, er_gev, mass_gev[m],
                                      x->rel_tol, K);
            if (status != MP_OK) break;
            for (size_t c = 0; c < ncomp; c++) {
              double fa = f[a + 3 * c];
              for (int k = 0; k < 3; k++)
                out[i + ne * (c + ncomp * (k + 3 * m))] += K[k] * fa;
            }
          }
        }
      } else {
        /* kmix: g eps = kmix g^p1 at q^2 = -2 m_e T */
        double kmix = 0.0;
        status = mp_mixing_factor(mod, -2.0 * MP_ME * er_gev, x->rel_tol, &kmix);
        if (status != MP_OK) break;
        double pre = 2.0 * MP_GF * MP_GF * MP_ME / M_PI * MP_HBARC2;
        double T = er_gev;
        for (size_t m = 0; m < nm && status == MP_OK; m++) {
          for (int a = 0; a < 3 && status == MP_OK; a++) {
            double gl, gr, d;
            mp_electron_zcouplings(a, x->sin2w, &gl, &gr);
            status = mp_electron_delta(mod, a, T, mass_gev[m], kmix, &d);
            if (status != MP_OK) break;
            for (size_t c = 0; c < ncomp; c++) {
              const double *M = f + 3 * (a + 3 * c);
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
                out[i + ne * (c + ncomp * (k + 3 * m))] += pre * cc[k];
            }
          }
        }
      }
    }
  }
  return status;
}

int mp_xenon_terms(const mp_model *mod, const mp_xe_setup *x, int channel,
                   const double *er_kev, size_t ne, const double *mass_gev,
                   size_t nm, double *out) {
  if (channel != MP_CHANNEL_NR && channel != MP_CHANNEL_ER) return MP_EDOM;
  size_t ntarget, nmom;
  mp_xenon_fold_dims(x, channel, &ntarget, &nmom);
  size_t n = ne * ntarget * nmom * 3 * MP_SOLAR_N;
  double *fold = malloc((n > 0 ? n : 1) * sizeof(double));
  if (!fold) return MP_ENOMEM;
  int status = mp_xenon_fold(x, channel, er_kev, ne, fold);
  if (status == MP_OK)
    status = mp_xenon_fold_terms(mod, x, channel, er_kev, ne, fold, MP_SOLAR_N,
                                 mass_gev, nm, out);
  free(fold);
  return status;
}

/* The direct path: for each recoil energy, target and component, the flux
 * nodes and probabilities, then the cross section at g[m] per node,
 * combined before integrating (Eq. 35 with Eq. 33 or 36 at g). */
int mp_xenon_direct(const mp_model *mod, const mp_xe_setup *x, int channel,
                    const double *er_kev, size_t ne, const double *g,
                    const double *mass_gev, size_t nm, double *out) {
  if (channel != MP_CHANNEL_NR && channel != MP_CHANNEL_ER) return MP_EDOM;
  int pw[3];
  mp_coupling_powers(mod, pw);
  for (size_t j = 0; j < ne * MP_SOLAR_N * nm; j++) out[j] = 0.0;
  node_buf b;
  int status = node_buf_alloc(&b);
  if (status != MP_OK) return status;
  size_t ntarget = channel == MP_CHANNEL_NR ? x->niso : 1;
  for (size_t i = 0; i < ne && status == MP_OK; i++) {
    double er_gev = er_kev[i] * 1e-6;
    for (size_t t = 0; t < ntarget && status == MP_OK; t++) {
      double emin_gev, ntgt;
      target_info(x, channel, er_kev[i], t, &emin_gev, &ntgt);
      if (!(ntgt > 0.0)) continue;
      double scale = rate_scale(ntgt);
      for (int c = 0; c < MP_SOLAR_N && status == MP_OK; c++) {
        if (!x->use[c]) continue;
        size_t nn = 0;
        status = component_nodes(x, c, emin_gev, &b, &nn);
        if (status != MP_OK || nn == 0) continue;
        for (size_t m = 0; m < nm && status == MP_OK; m++) {
          double acc = 0.0;
          for (size_t q = 0; q < nn && status == MP_OK; q++) {
            double enu_gev = b.e[q] * 1e-3;
            for (int a = 0; a < 3; a++) {
              double cf[3];
              double wp = b.w[q] * b.p[3 * q + a];
              if (channel == MP_CHANNEL_NR) {
                status = mp_cevns_coef(mod, &x->iso[t], a, x->sin2w, enu_gev,
                                       er_gev, mass_gev[m], x->rel_tol, cf);
                if (status != MP_OK) break;
                /* Eq. 33 at g: combine the powers before integrating */
                acc += wp * (cf[0] + cf[1] * pow(g[m], pw[1]) +
                             cf[2] * pow(g[m], pw[2]));
              } else {
                /* Eq. 36 at g */
                status = mp_electron_xsec(mod, g[m], a, x->sin2w, enu_gev,
                                          er_gev, mass_gev[m], x->rel_tol, cf);
                if (status != MP_OK) break;
                acc += wp * cf[0];
              }
            }
          }
          out[i + ne * (c + MP_SOLAR_N * m)] += scale * acc;
        }
      }
    }
  }
  node_buf_free(&b);
  return status;
}
