/* data_xenonnt.h -- the XENONnT solar-8B binned likelihood with its nuisance
 * parameters profiled (Newton iterations per hypothesis). Pure C. */
#ifndef MUONPHILIC_DATA_XENONNT_H
#define MUONPHILIC_DATA_XENONNT_H

#define MP_XNT_NPAR 8 /* b8 flux, signal efficiency, AC SR0, AC SR1, ER, RG, t_ly, t_qy */

typedef struct {
  int nb;                  /* number of bins */
  const double *n;         /* observed counts [nb] */
  const double *ratio;     /* signal yield factor at the 7 x 7 anchors [nb * 49] */
  const double *rg;        /* radiogenic counts at the anchors [nb * 49] */
  const double *ac0, *ac1, *er; /* background counts [nb] */
  const double *nominal, *sigma, *lower, *upper; /* constraints [MP_XNT_NPAR] */
  double cst;              /* constant added to -2 ln L (saturated model) */
} mp_xnt_lik;

/* -2 ln L of signal counts s [nb] with the nuisances profiled: value in
 * *m2ll, fitted parameters in theta [MP_XNT_NPAR]. */
int mp_xnt_profile(const mp_xnt_lik *L, const double *s, int max_iter,
                   double tol, double *m2ll, double *theta);
#endif
