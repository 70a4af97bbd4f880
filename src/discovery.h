/* discovery.h -- discovery significance and the exposure that reaches it
 * (Eq. 38, SPEC 6). Pure C. */
#ifndef MUONPHILIC_DISCOVERY_H
#define MUONPHILIC_DISCOVERY_H

/* Median (Asimov) discovery significance of n_obs expected events against
 * the background-only mean b, Z_A = sqrt(2((s+b) ln(1+s/b) - s)) with
 * s = n_obs - b (negative only for a deficit), and p = Q(Z_A). */
int mp_discovery_sigma(double n_obs, double b, double *p, double *sigma);

/* Binned Z_A: q_0 summed over bins (bins with n = b = 0 skipped), signed
 * by the total excess. */
#include <stddef.h>
int mp_asimov_z(const double *n, const double *b, size_t nbin, double *z);

/* Flags of mp_discovery_exposure. */
enum {
  MP_DISC_REACHED = 0,     /* exposure found */
  MP_DISC_NO_EXCESS = 1,   /* signal does not exceed the background-only mean */
  MP_DISC_TOO_LARGE = 2,   /* needs more than max_exposure */
  MP_DISC_NO_BKG = 3       /* background-only mean is 0: any exposure */
};

/* Exposure X (tonne-years) at which n_obs = X s1 against b = X b1 reaches
 * target_sigma (closed form: Z_A grows as sqrt(X)). s1, b1 are counts per unit exposure
 * under the signal and the background-only hypotheses. Unreachable cases
 * give X = Inf and a flag. */
int mp_discovery_exposure(double s1, double b1, double target_sigma,
                          double max_exposure, double rel_tol,
                          double *exposure, int *flag);
#endif
