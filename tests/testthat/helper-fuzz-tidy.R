# Fuzz specs for scans as data (R/tidy.R, R/scan.R's `[` and rbind, the
# contour and limit frames); see helper-fuzz.R.

fz_lim <- function() substitute(upper_limit(S), list(S = fz_scan()))
fz_con <- function() substitute(contours(S), list(S = fz_scan2()))

delayedAssign("fz_specs_tidy", list(
  `[.muonphilic_scan` = fz_spec(
    x = fz_arg(fz_scan(), "any", generic = FALSE, values = fz_scan_pool[1:2]),
    i = fz_arg(1:3, "any", generic = FALSE, values = list("all rows" = quote(TRUE), "0" = 0L)),
    call = function(x, i) x[i, ], check = fz_df(c("experiment", "g", "mass_mev")),
    n_random = 5L),
  rbind.muonphilic_scan = fz_spec(
    a = fz_arg(fz_scan(), "any", generic = FALSE, values = fz_scan_pool[1:2]),
    call = function(a) rbind(a, a),
    check = fz_df(c("experiment", "g", "mass_mev", "minus2_loglik", "delta"),
                  extra = function(res, args) if (inherits(res, "muonphilic_scan")) "still a scan"),
    n_random = 3L),
  tidy.muonphilic_scan = fz_spec(
    x = fz_arg(fz_scan(), "any", generic = FALSE, values = fz_scan_pool[1:3]),
    call = "tidy", check = fz_df(c("experiment", "g", "mass_mev", "minus2_loglik", "grid_edge"),
                                 finite = c("g", "mass_mev")), n_random = 5L),
  glance.muonphilic_scan = fz_spec(
    x = fz_arg(fz_scan(), "any", generic = FALSE, values = fz_scan_pool[1:3]),
    call = "glance", check = fz_df(c("minus2_loglik", "dof", "p_value", "chi2_pg"), nrow = 1L,
                                   finite = c("minus2_loglik", "dof")), n_random = 5L),
  confint.muonphilic_scan = fz_spec(
    object = fz_arg(fz_scan(), "any", generic = FALSE, values = fz_scan_pool[1:3]),
    parm = fz_arg(NULL, "string", generic = FALSE, values = list(
      "\"nope\"" = "nope", "1" = 1)),
    level = fz_arg(0.9, "prob"),
    call = "confint", check = fz_df(c("experiment", "mass_mev", "g_best", "g_lower", "g_upper", "cl"),
                                    finite = c("mass_mev", "g_best", "g_lower")),
    n_random = 8L),
  profile.muonphilic_scan = fz_spec(
    fitted = fz_arg(fz_scan(), "any", generic = FALSE, values = fz_scan_pool[1:3]),
    which = fz_arg(NULL, "string", generic = FALSE, values = list(
      "\"total\"" = "total", "\"nope\"" = "nope")),
    call = "profile", check = fz_df(c("experiment", "mass_mev", "g_hat", "m2ll_hat", "m2ll_zero"),
                                    finite = c("mass_mev", "g_hat")), n_random = 5L),
  logLik.muonphilic_scan = fz_spec(
    object = fz_arg(fz_scan(), "any", generic = FALSE, values = fz_scan_pool[1:3]),
    experiment = fz_arg(NULL, "string", generic = FALSE, values = list(
      "\"nope\"" = "nope", "1" = 1, "NA" = NA_character_)),
    call = "logLik", check = fz_object("logLik"), n_random = 5L),
  summary.muonphilic_experiment = fz_spec(
    object = fz_arg(quote(na64mu()), "any", generic = FALSE, values = list(
      "spallation" = quote(spallation_detector("CCM")), "real data" = quote(na64mu_2022()))),
    call = "summary", check = fz_df(c("experiment", "n_bins", "background"), nrow = 1L,
                                    finite = c("background")), n_random = 3L),
  print.summary.muonphilic_experiment = fz_spec(
    x = fz_arg(quote(summary(na64mu())), "any", generic = FALSE),
    call = "print", check = fz_print_check("summary.muonphilic_experiment"), n_random = 0L),
  summary.muonphilic_limits = fz_spec(
    object = fz_arg(fz_lim(), "any", generic = FALSE, values = list(
      "no method column" = substitute(L[, 1:3], list(L = fz_lim())))),
    call = "summary", check = fz_df(c("experiment", "n_masses", "n_limited", "g_upper_min")),
    n_random = 3L),
  print.muonphilic_limits = fz_spec(
    x = fz_arg(fz_lim(), "any", generic = FALSE, values = list(
      "no rows" = substitute(L[0, ], list(L = fz_lim())))),
    n = fz_arg(6L, "count"),
    call = "print", check = fz_print_check("muonphilic_limits"), n_random = 3L),
  print.muonphilic_contours = fz_spec(
    x = fz_arg(fz_con(), "any", generic = FALSE, values = list(
      "no rows" = substitute(C[0, ], list(C = fz_con())))),
    n = fz_arg(6L, "count"),
    call = "print", check = fz_print_check("muonphilic_contours"), n_random = 3L),
  autoplot.muonphilic_contours = fz_spec(
    object = fz_arg(fz_con(), "any", generic = FALSE, values = list(
      "no rows" = substitute(C[0, ], list(C = fz_con())))),
    gm2 = fz_arg(NULL, "choice", choices = c("fnal2021", "wp2025")),
    title = fz_arg(NULL, "string", generic = FALSE, values = list("\"t\"" = "t")),
    call = function(object, ...) ggplot2::autoplot(object, ...),
    check = fz_ggplot_check(), allow = "muonphilic_error_dependency", n_random = 3L),
  autoplot.muonphilic_limits = fz_spec(
    object = fz_arg(fz_lim(), "any", generic = FALSE, values = list(
      "no rows" = substitute(L[0, ], list(L = fz_lim())))),
    gm2 = fz_arg(NULL, "choice", choices = c("fnal2021", "wp2025")),
    title = fz_arg(NULL, "string", generic = FALSE, values = list("\"t\"" = "t")),
    call = function(object, ...) ggplot2::autoplot(object, ...),
    check = fz_ggplot_check(), allow = "muonphilic_error_dependency", n_random = 3L)
))
