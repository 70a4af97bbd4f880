# Fuzz specs of the general CEvNS layer: neutrino sources and
# cevns_detector() (the contract methods are fuzzed through the spallation
# presets in fz_experiments, which are cevns detectors).

delayedAssign("fz_check_source", fz_object("muonphilic_source", function(res, args) {
  if (!is.numeric(res$intensity_per_year) || !is.finite(res$intensity_per_year) ||
      res$intensity_per_year <= 0) return("source: bad intensity")
  if (nrow(res$lines) + nrow(res$segments) == 0L) return("source: empty")
  NULL
}))

# The constructors are lazy: the SM counts (background) are computed on
# first use. A numerical error there is accepted only for extreme inputs.
fz_cevns_background_ok <- function(res, args) {
  b <- tryCatch(background_counts(res), muonphilic_error_numeric = function(e) e)
  if (inherits(b, "error")) {
    if (fz_has_extreme(args)) return(NULL)
    return(paste("background_counts() fails without an extreme input:", conditionMessage(b)))
  }
  if (!is.double(b) || any(!is.finite(b) | b < 0)) return("background not finite and >= 0")
  if (length(b) != length(res$bin_edges_kevnr) - 1L) return("not one background per bin")
  NULL
}

delayedAssign("fz_check_cevns", fz_object(c("muonphilic_cevns", "muonphilic_experiment"),
                                          fz_cevns_background_ok))

fz_user_lines <- data.frame(flavour = c("nu_mu", "nu_e"), enu_mev = c(29.8, 40),
                            per_year = c(1e22, 5e21), stringsAsFactors = FALSE)
fz_user_spectrum <- data.frame(flavour = "anti_nu_e", enu_mev = c(2, 10, 30),
                               per_mev_per_year = c(1e20, 3e20, 0),
                               stringsAsFactors = FALSE)

delayedAssign("fz_specs_cevns", list(
  pidar_source = fz_spec(
    r = fz_arg(0.3, "positive"),
    pot_per_year = fz_arg(2.8e23, "positive", values = list("1e300" = 1e300)),
    label = fz_arg("pi-DAR", "string"),
    check = fz_check_source),
  neutrino_source = fz_spec(
    lines = fz_arg(fz_user_lines, "any", values = list(
      "NULL" = NULL, "bad flavour" = transform(fz_user_lines, flavour = "nu_x"),
      "negative rate" = transform(fz_user_lines, per_year = -1),
      "zero energy" = transform(fz_user_lines, enu_mev = 0),
      "no rows" = fz_user_lines[0, ], "missing column" = fz_user_lines[, 1:2])),
    spectrum = fz_arg(fz_user_spectrum, "any", values = list(
      "NULL" = NULL, "one point" = fz_user_spectrum[1, ],
      "decreasing" = fz_user_spectrum[3:1, ],
      "NaN rate" = transform(fz_user_spectrum, per_mev_per_year = NaN))),
    label = fz_arg("user source", "string"),
    check = fz_check_source),
  print.muonphilic_source = fz_spec(
    x = fz_arg(quote(pidar_source()), "any", generic = FALSE, values = list(
      "user" = quote(neutrino_source(fz_user_lines, fz_user_spectrum)))),
    call = "print", check = fz_print_check("muonphilic_source")),
  cevns_detector = fz_spec(
    source = fz_arg(quote(pidar_source()), "any", values = list(
      "user" = quote(neutrino_source(fz_user_lines, fz_user_spectrum)),
      "\"pidar\"" = "pidar")),
    target = fz_arg("Ge", "any", values = list(
      "\"Ge80\"" = "Ge80", "\"Cs\"" = "Cs", "\"Na\"" = "Na",
      "CsI" = quote(nucleus(Z = c(55, 53), N = c(78, 74), abundance = c(1, 1))))),
    mass_t = fz_arg(0.01, "positive"),
    distance_m = fz_arg(20, "positive"),
    years = fz_arg(1, "positive"),
    threshold_kevnr = fz_arg(1, "positive", values = list("0" = 0, "1e6" = 1e6)),
    bin_edges_kevnr = fz_arg(NULL, "positive", generic = FALSE, values = list(
      "c(1, 10, 50)" = c(1, 10, 50), "c(5, 5)" = c(5, 5), "one edge" = 5,
      "c(0, 10)" = c(0, 10), "c(1e-300, 1e300)" = c(1e-300, 1e300))),
    efficiency = fz_arg(NULL, "function", generic = FALSE, values = list(
      "0.5" = function(e) rep(0.5, length(e)), "2" = function(e) rep(2, length(e)),
      "NA" = function(e) e * NA)),
    quenching = fz_arg(NULL, "function", generic = FALSE, values = list(
      "constant 0.2" = function(e) rep(0.2, length(e)), "negative" = function(e) -e)),
    resolution = fz_arg(NULL, "function", generic = FALSE, values = list(
      "10 %" = function(e) 0.1 * e, "zero" = function(e) 0 * e,
      "wrong length" = function(e) 1, "NaN" = function(e) e * NaN, "1" = 1)),
    background_fraction = fz_arg(0.1, "positive", values = list("0" = 0)),
    background_per_bin = fz_arg(NULL, "positive", generic = FALSE, values = list(
      "four bins" = c(1, 2, 3, 4), "two" = c(1, 2), "negative" = c(-1, 1, 1, 1))),
    sigma_sys = fz_arg(0.05, "positive", values = list("0" = 0)),
    label = fz_arg("CEvNS detector", "string"),
    efficiency_nodes = fz_arg(401, "count", values = list("3" = 3, "2" = 2)),
    sin2_theta_w = fz_arg(0.2387, "prob"),
    check = fz_check_cevns, n_random = 60L),
  print.muonphilic_cevns = fz_spec(
    x = fz_arg(quote(cevns_detector(pidar_source(), "Ge", 0.01, 20)), "any", generic = FALSE,
               values = list("ESS" = quote(spallation_detector("ESS")))),
    call = "print", check = fz_print_check("muonphilic_cevns"))
))
