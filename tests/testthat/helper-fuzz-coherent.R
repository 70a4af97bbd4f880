# helper-fuzz-coherent.R -- fuzz specs of the COHERENT real-data experiments
# (coherent_ar_2020(), coherent_csi_2022()). Read before helper-fuzz.R, so
# the list is created with delayedAssign() (see helper-fuzz-experiments.R).

delayedAssign("fz_check_coherent", fz_object("muonphilic_coherent", function(res, args) {
  nb <- nrow(res$bins)
  bkg <- background_counts(res)
  if (length(res$observed) != nb || length(bkg) != nb) {
    return("observed or background not one number per bin")
  }
  if (any(!is.finite(bkg) | bkg <= 0)) return("background not positive")
  if (any(!is.finite(res$P_prompt)) || any(!is.finite(res$P_delayed))) {
    return("non-finite response")
  }
  NULL
}))

delayedAssign("fz_specs_coherent", list(
  coherent_ar_2020 = fz_spec(
    cevns_norm_sigma = fz_arg(17 / 128, "positive", values = list("11" = 11)),
    pot_mean_us = fz_arg(0.44, "number", values = list("11" = 11, "-11" = -11)),
    pot_width_us = fz_arg(0.15, "positive"),
    observed = fz_arg(NULL, "count", generic = FALSE, values = list(
      "rep(1, 960)" = rep(1, 960), "rep(1, 959)" = rep(1, 959),
      "negative" = c(-1, rep(1, 959)), "NA" = rep(NA_real_, 960))),
    data_dir = fz_arg(NULL, "dir", generic = FALSE, values = list(
      "tempdir()" = tempdir(), "NA" = NA_character_, "3" = 3)),
    check = fz_check_coherent, n_random = 8L, slow_s = 10),
  coherent_csi_2022 = fz_spec(
    cevns_norm_sigma = fz_arg(0.12, "positive"),
    brn_events = fz_arg(18.4, "count"),
    # construction costs ~0.2 s: the generic pools go to a few arguments,
    # the others get a handful of odd values
    brn_sigma = fz_arg(0.25, "any", generic = FALSE, values = list(
      "0" = 0, "-1" = -1, "11" = 11, "NA" = NA, "c(1, 2)" = c(1, 2))),
    nin_events = fz_arg(5.6, "any", generic = FALSE, values = list(
      "0" = 0, "-1" = -1, "1e7" = 1e7, "\"5\"" = "5")),
    nin_sigma = fz_arg(0.35, "any", generic = FALSE, values = list(
      "0" = 0, "Inf" = Inf, "-0.1" = -0.1)),
    pot_mean_us = fz_arg(0.44, "any", generic = FALSE, values = list(
      "-10" = -10, "11" = 11, "NaN" = NaN)),
    pot_width_us = fz_arg(0.15, "any", generic = FALSE, values = list(
      "0" = 0, "5" = 5, "1e-300" = 1e-300, "numeric(0)" = numeric(0))),
    pot_sigma_us = fz_arg(0.2, "any", generic = FALSE, values = list(
      "0" = 0, "-1" = -1, "6" = 6)),
    observed = fz_arg(NULL, "count", generic = FALSE, values = list(
      "rep(1, 140)" = rep(1, 140), "rep(1, 141)" = rep(1, 141),
      "negative" = c(-1, rep(1, 139)))),
    data_dir = fz_arg(NULL, "dir", generic = FALSE, values = list(
      "tempdir()" = tempdir(), "NA" = NA_character_)),
    check = fz_check_coherent, n_random = 4L, slow_s = 10),
  # the contract generics for real-data experiments, exercised on CsI (the
  # other experiments of the pool have no nuisance_m2ll(): contract error)
  `nuisance_m2ll[COHERENT]` = fz_spec(
    x = fz_arg(quote(coherent_csi_2022()), "experiment"),
    data = fz_arg(quote(observed_counts(coherent_csi_2022())), "any", generic = FALSE,
                  values = list("rep(0, 140)" = rep(0, 140), "rep(1, 139)" = rep(1, 139),
                                "negative" = c(-1, rep(1, 139)), "NA" = rep(NA, 140),
                                "1e300" = rep(1e300, 140))),
    predicted = fz_arg(quote(cbind(sm_counts(coherent_csi_2022())$counts, 0)), "any",
                       generic = FALSE, values = list(
      "vector" = quote(sm_counts(coherent_csi_2022())$counts), "matrix(1, 10, 1)" = matrix(1, 10, 1),
      "negative" = matrix(-1, 140, 1), "Inf" = matrix(Inf, 140, 1),
      "1e300" = matrix(1e300, 140, 1), "\"a\"" = "a")),
    saturated = fz_arg(TRUE, "flag"),
    check = fz_numeric(len = function(a) NCOL(a$predicted)),
    allow = "muonphilic_error_contract", n_random = 4L, slow_s = 10),
  `observed_counts[COHERENT]` = fz_spec(
    x = fz_arg(quote(coherent_ar_2020()), "experiment"),
    check = function(res, args) {
      if (!is.null(res) && (!is.numeric(res) || any(!is.finite(res) | res < 0))) {
        "observed_counts(): not NULL or non-negative finite counts"
      }
    }),
  print.muonphilic_coherent = fz_spec(
    x = fz_arg(quote(coherent_ar_2020()), "any", generic = FALSE, values = list(
      "CsI" = quote(coherent_csi_2022()))),
    call = "print", check = fz_print_check("muonphilic_coherent"))
))
