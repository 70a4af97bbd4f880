/* init.c -- routine registration for muonphilic. Every domain's glue file
 * r_<domain>.c exports a NULL-terminated table mp_calls_<domain>; they are
 * concatenated here. R copies the table, so a local array suffices. */
#include "r_util.h"
#include <R_ext/Rdynload.h>
#include <gsl/gsl_errno.h>

extern const R_CallMethodDef mp_calls_model[], mp_calls_gm2[],
    mp_calls_stats[], mp_calls_na64mu[], mp_calls_nucleus[],
    mp_calls_spallation[], mp_calls_solar[], mp_calls_electron[],
    mp_calls_detector[], mp_calls_xenon[];
extern const R_CallMethodDef mp_calls_coherent[];
extern const R_CallMethodDef mp_calls_data_xenonnt[];

#define MP_MAX_ROUTINES 512

void R_init_muonphilic(DllInfo *dll) {
  const R_CallMethodDef *tables[] = {
      mp_calls_model,      mp_calls_gm2,   mp_calls_stats,
      mp_calls_na64mu,     mp_calls_nucleus, mp_calls_spallation,
      mp_calls_solar,      mp_calls_electron, mp_calls_detector,
      mp_calls_xenon,
      mp_calls_coherent,
      mp_calls_data_xenonnt};
  R_CallMethodDef all[MP_MAX_ROUTINES + 1];
  int n = 0;
  for (size_t t = 0; t < sizeof(tables) / sizeof(tables[0]); t++)
    for (const R_CallMethodDef *e = tables[t]; e->name != NULL; e++)
      if (n < MP_MAX_ROUTINES) all[n++] = *e;
  all[n].name = NULL;
  all[n].fun = NULL;
  all[n].numArgs = 0;
  R_registerRoutines(dll, NULL, all, NULL, NULL);
  R_useDynamicSymbols(dll, FALSE);
  R_forceSymbols(dll, TRUE);
  /* GSL's default handler aborts the process: every status is checked. */
  gsl_set_error_handler_off();
}
