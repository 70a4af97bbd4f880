# helper-fuzz-data8b.R -- fuzz specs of the real-data solar-8B experiments
# (xenonnt_8b_2024(), pandax4t_8b_2024()). Created with delayedAssign()
# because this file is sourced before helper-fuzz.R (see
# helper-fuzz-experiments.R).

delayedAssign("fz_rate_args_values", list(
  "sin2" = list(sin2_theta_w = 0.23122), "bad sin2" = list(sin2_theta_w = 2),
  "unknown name" = list(foo = 1), "unnamed" = list(1), "model" = list(model = NULL),
  "NA sin2" = list(sin2_theta_w = NA)))

delayedAssign("fz_specs_data8b", list(
  xenonnt_8b_2024 = fz_spec(
    components = fz_arg("8B", "choice", choices = c("8B", "hep", "all")),
    nodes_per_interval = fz_arg(6L, "count", values = list("1" = 1, "50" = 50, "51" = 51,
                                                           "2.5" = 2.5)),
    rate_args = fz_arg(list(), "any", values = fz_rate_args_values),
    data_dir = fz_arg(NULL, "dir", generic = FALSE, values = list(
      "missing" = tempfile("no-such-dir"), "empty string" = "", "NA" = NA, "1" = 1,
      "two" = c("a", "b"))),
    check = fz_object(c("muonphilic_xenonnt_8b", "muonphilic_experiment"), function(res, args) {
      if (length(observed_counts(res)) != 162L) return("observed counts not one per bin (162)")
      if (length(background_counts(res)) != 162L) return("background not one per bin (162)")
      NULL
    }), n_random = 10L),
  pandax4t_8b_2024 = fz_spec(
    efficiency_scale = fz_arg(NULL, "positive", generic = FALSE, values = list(
      "c(1, 1)" = c(1, 1), "1" = 1, "c(1, -1)" = c(1, -1), "c(1, NA)" = c(1, NA),
      "c(1, Inf)" = c(1, Inf), "c(1e300, 1)" = c(1e300, 1), "\"a\"" = "a")),
    us2_threshold_kevnr = fz_arg(0.33, "positive", values = list("0.1" = 0.1, "5" = 5,
                                                                 "0.05" = 0.05)),
    components = fz_arg("8B", "choice", choices = c("8B", "hep", "all")),
    rate_args = fz_arg(list(), "any", values = fz_rate_args_values),
    data_dir = fz_arg(NULL, "dir", generic = FALSE, values = list(
      "missing" = tempfile("no-such-dir"), "empty string" = "", "NA" = NA, "1" = 1)),
    check = fz_object(c("muonphilic_pandax_8b", "muonphilic_experiment"), function(res, args) {
      if (length(observed_counts(res)) != 2L) return("observed counts not one per channel (2)")
      NULL
    }), n_random = 10L)
))
