/* gm2.h -- Delta a_mu of a vector coupled to muons (Eq. 13). */
#ifndef MUONPHILIC_GM2_H
#define MUONPHILIC_GM2_H
/* Delta a_mu for muon charge q_mu, coupling g, mass mass_gev. */
int mp_delta_amu(double q_mu, double g, double mass_gev, double rel_tol,
                 double *damu);
#endif
