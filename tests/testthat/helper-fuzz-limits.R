# Fuzz specs for exact profiles, goodness of fit and significances
# (R/limits.R, R/combine.R, R/stats.R); see helper-fuzz.R.

delayedAssign("fz_specs_limits", list(
  profile_g = fz_spec(
    scan = fz_arg(fz_scan(), "any", values = fz_scan_pool),
    which = fz_arg(NULL, "string", generic = FALSE, values = list(
      "\"total\"" = "total", "\"nope\"" = "nope")),
    check = fz_df(c("experiment", "mass_mev", "g_hat", "m2ll_hat", "m2ll_zero"),
                  finite = c("mass_mev", "g_hat")), n_random = 10L),
  goodness_of_fit = fz_spec(
    scan = fz_arg(fz_scan(), "any", values = fz_scan_pool),
    check = fz_df(c("experiment", "minus2_loglik", "n_bins", "dof", "p_value"), finite = c("dof")),
    n_random = 10L),
  summary.muonphilic_scan = fz_spec(
    object = fz_arg(fz_scan(), "any", generic = FALSE, values = fz_scan_pool[1:2]),
    call = "summary", check = fz_object("summary.muonphilic_scan")),
  print.summary.muonphilic_scan = fz_spec(
    x = fz_arg(substitute(summary(S), list(S = fz_scan())), "any", generic = FALSE,
               values = list("two experiments" = substitute(summary(S), list(S = fz_scan2())))),
    call = "print", check = fz_print_check("summary.muonphilic_scan")),
  asimov_significance = fz_spec(
    signal = fz_arg(c(3, 5), "count"), background = fz_arg(c(1, 10), "count"),
    check = fz_numeric(len = 1L, finite = FALSE), n_random = 30L)
))
