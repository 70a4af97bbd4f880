/* init.c -- routine registration for muonphilic. Every domain's glue file
 * r_<domain>.c exports a NULL-terminated table mp_calls_<domain>; they are
 * concatenated here into one table sized from the per-domain tables (no
 * fixed cap). R copies the table, so transient R_alloc memory suffices. */
#include "r_util.h"
#include <R_ext/Rdynload.h>
#include <gsl/gsl_errno.h>

extern const R_CallMethodDef mp_calls_model[], mp_calls_gm2[],
    mp_calls_stats[], mp_calls_na64mu[], mp_calls_nucleus[],
    mp_calls_spallation[], mp_calls_solar[], mp_calls_electron[],
    mp_calls_detector[], mp_calls_xenon[];
extern const R_CallMethodDef mp_calls_coherent[];
extern const R_CallMethodDef mp_calls_data_xenonnt[];

void R_init_muonphilic(DllInfo *dll) {
  const R_CallMethodDef *tables[] = {
      mp_calls_model,      mp_calls_gm2,   mp_calls_stats,
      mp_calls_na64mu,     mp_calls_nucleus, mp_calls_spallation,
      mp_calls_solar,      mp_calls_electron, mp_calls_detector,
      mp_calls_xenon,
      mp_calls_coherent,
      mp_calls_data_xenonnt};
  const size_t n_tables = sizeof(tables) / sizeof(tables[0]);
  size_t total = 0;
  for (size_t t = 0; t < n_tables; t++)
    for (const R_CallMethodDef *e = tables[t]; e->name != NULL; e++) total++;
  R_CallMethodDef *all =
      (R_CallMethodDef *)R_alloc(total + 1, sizeof(R_CallMethodDef));
  size_t n = 0;
  for (size_t t = 0; t < n_tables; t++)
    for (const R_CallMethodDef *e = tables[t]; e->name != NULL; e++) all[n++] = *e;
  all[n].name = NULL;
  all[n].fun = NULL;
  all[n].numArgs = 0;
  R_registerRoutines(dll, NULL, all, NULL, NULL);
  R_useDynamicSymbols(dll, FALSE);
  R_forceSymbols(dll, TRUE);
  /* GSL's default handler aborts the process: every status is checked. */
  gsl_set_error_handler_off();
}
