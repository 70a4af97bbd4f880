# helper-fuzz-experiments.R -- fuzz specs of the experiment families (the
# framework, the foundation's specs and `fz_experiments` are in
# helper-fuzz.R; CONTRIBUTING.md explains the fields).
#
# testthat sources helper files in sort order, so this file is read BEFORE
# helper-fuzz.R ("-" sorts before "."): fz_spec(), fz_arg() and the checkers
# do not exist yet. Each `fz_specs_<domain>` list is therefore created with
# delayedAssign(): the promise is forced by fz_all_specs() at run time, when
# every helper has been sourced.
#
# Each check states what a well-formed result is: type, length or number of
# rows (from the recycled arguments), columns, ranges and finiteness where
# the help promises finite values. Expensive functions (scans, discovery
# lines, figures) get tiny grids and a few random calls.

# ---------------------------------------------------------------------------
# Shared checkers
# ---------------------------------------------------------------------------

# A ggplot that builds (a plot that fails only when drawn is a bug too).
fz_ggplot_check <- function() {
  fz_object("ggplot", function(res, args) {
    b <- tryCatch(suppressWarnings(ggplot2::ggplot_build(res)), error = function(e) e)
    if (inherits(b, "error")) paste("the plot fails to build:", conditionMessage(b))
  })
}

# print() methods return their argument invisibly.
fz_print_check <- function(cls) {
  function(res, args) {
    if (inherits(args$x, cls) && !identical(res, args$x)) "print() did not return its argument"
  }
}

# Columns of a data frame within [lo, hi].
fz_range <- function(col, lo = -Inf, hi = Inf) {
  function(res, args) {
    v <- res[[col]]
    if (any(v < lo | v > hi, na.rm = TRUE)) sprintf("column %s outside [%g, %g]", col, lo, hi)
  }
}

# A one-row benchmark table (cheap points for spectra and figures).
fz_bp <- function() quote(benchmark_points()[1L, ])

# Small grids for scans (log-spaced, strictly increasing).
fz_g_grid <- 10^seq(-4, -2, length.out = 5)
fz_m_grid <- 10^seq(1, 3, length.out = 5)

# ---------------------------------------------------------------------------
# NA64mu
# ---------------------------------------------------------------------------

delayedAssign("fz_check_target", fz_object("muonphilic_target", function(res, args) {
  v <- c(res$z, res$a, res$density_gcm3)
  if (!is.double(v) || length(v) != 3L || any(!is.finite(v) | v <= 0)) {
    "target: z, a, density_gcm3 are not three positive finite numbers"
  }
}))

delayedAssign("fz_na64_spectrum_check", fz_df(
  c("label", "g", "mass_mev", "energy_gev", "dn_de"),
  finite = c("g", "mass_mev", "energy_gev", "dn_de"),
  class = "muonphilic_na64mu_spectrum",
  extra = function(res, args) {
    n <- max(length(args$g), length(args$mass_mev))
    ne <- if (is.null(args$energy_gev)) 161L else length(args$energy_gev)
    if (nrow(res) != n * ne) return(sprintf("%d rows, expected %d", nrow(res), n * ne))
    if (any(res$dn_de < 0)) return("negative dN/dE")
    b <- attr(res, "binned")
    if (!is.data.frame(b) || !all(c("lower", "upper", "counts") %in% names(b))) {
      return("attribute binned is not a data frame with lower, upper, counts")
    }
    if (any(!is.finite(b$counts)) || any(b$counts < 0)) return("binned counts not finite and >= 0")
    if (length(attr(res, "window")) != 2L) return("no window attribute")
    NULL
  }))

delayedAssign("fz_specs_na64mu", list(
  target_material = fz_spec(
    name = fz_arg("Pb", "choice", choices = c("Pb", "W", "Fe", "Cu")),
    z = fz_arg(NULL, "positive", generic = FALSE, values = list(
      "82" = 82, "0" = 0, "NA" = NA, "c(1, 2)" = c(1, 2), "\"82\"" = "82", "1e300" = 1e300)),
    a = fz_arg(NULL, "positive", generic = FALSE, values = list(
      "207.2" = 207.2, "-1" = -1, "Inf" = Inf)),
    density_gcm3 = fz_arg(NULL, "positive", generic = FALSE, values = list(
      "11.35" = 11.35, "0" = 0, "NaN" = NaN)),
    check = fz_check_target, n_random = 40L),
  print.muonphilic_target = fz_spec(
    x = fz_arg(quote(target_material()), "any", generic = FALSE, values = list(
      "W" = quote(target_material("W")),
      "custom" = quote(target_material("alloy", z = 74, a = 183.84, density_gcm3 = 18)))),
    call = "print", check = fz_print_check("muonphilic_target")),
  photon_flux_chi = fz_spec(
    mass_mev = fz_arg(c(15, 100), "mass"),
    e0_gev = fz_arg(160, "energy"),
    target = fz_arg(quote(target_material("Pb")), "any", values = list(
      "Fe" = quote(target_material("Fe")),
      "custom heavy" = quote(target_material("x", z = 100, a = 300, density_gcm3 = 1e3)),
      "custom light" = quote(target_material("x", z = 1, a = 1, density_gcm3 = 1e-3)))),
    parts = fz_arg("both", "choice", choices = c("both", "elastic", "inelastic")),
    check = fz_numeric(len = function(a) length(a$mass_mev), lower = 0)),
  na64mu_xsec = fz_spec(
    model = fz_arg(quote(lmu_ltau()), "model"),
    g = fz_arg(1e-3, "coupling"),
    mass_mev = fz_arg(100, "mass"),
    x = fz_arg(c(0.5, 0.9), "prob", values = list("1e-12" = 1e-12, "1 - 1e-12" = 1 - 1e-12)),
    e0_gev = fz_arg(160, "energy"),
    target = fz_arg(quote(target_material("Pb")), "any"),
    xsec = fz_arg("exact", "choice", choices = c("exact", "paper")),
    lepton_mass_gev = fz_arg(0.1056583745, "number", values = list("0" = 0, "1e3" = 1e3)),
    check = fz_numeric(len = fz_recycled("g", "mass_mev", "x"), lower = 0),
    n_random = 60L),
  na64mu = fz_spec(
    e0_gev = fz_arg(160, "energy"),
    mot = fz_arg(1e11, "count"),
    efficiency = fz_arg(0.3, "prob"),
    target = fz_arg(quote(target_material("Pb")), "any"),
    length_cm = fz_arg(20, "positive"),
    detector_length_cm = fz_arg(500, "positive"),
    bin_edges_gev = fz_arg(seq(10, 100, by = 10), "positive", values = list(
      "c(10, 10, 20)" = c(10, 10, 20), "c(0, 160)" = c(0, 160), "c(100, 10)" = c(100, 10),
      "c(10, 200)" = c(10, 200), "one edge" = 10)),
    xsec = fz_arg("exact", "choice", choices = c("exact", "paper")),
    background = fz_arg(0, "count", values = list("one per bin" = rep(0.5, 9),
                                                  "wrong length" = c(1, 2))),
    check = fz_object(c("muonphilic_na64mu", "muonphilic_experiment"), function(res, args) {
      if (length(background_counts(res)) != length(res$bins_gev) - 1L) "background not one per bin"
    }), n_random = 40L),
  print.muonphilic_na64mu = fz_spec(
    x = fz_arg(quote(na64mu()), "any", generic = FALSE, values = list(
      "paper" = quote(na64mu(xsec = "paper", background = 1)))),
    call = "print", check = fz_print_check("muonphilic_na64mu")),
  na64mu_spectrum = fz_spec(
    experiment = fz_arg(quote(na64mu(xsec = "paper")), "experiment"),
    model = fz_arg(quote(lmu_ltau()), "model"),
    g = fz_arg(1e-3, "coupling"),
    mass_mev = fz_arg(c(15, 300), "mass"),
    energy_gev = fz_arg(NULL, "energy", generic = FALSE, values = list(
      "c(0, 50, 160)" = c(0, 50, 160), "161" = 161, "-1" = -1, "NaN" = NaN,
      "numeric(0)" = numeric(0), "\"a\"" = "a")),
    bin_width_gev = fz_arg(10, "positive", values = list("160" = 160, "200" = 200, "7" = 7)),
    label = fz_arg(NULL, "string", generic = FALSE, values = list(
      "c(\"a\", \"b\")" = c("a", "b"), "one label" = "a", "NA" = NA_character_,
      "1:2" = 1:2)),
    check = fz_na64_spectrum_check, n_random = 40L,
    # bin_width_gev tiny = millions of bins: valid but slow
    slow_s = 5),
  autoplot.muonphilic_na64mu_spectrum = fz_spec(
    object = fz_arg(quote(na64mu_spectrum(na64mu(xsec = "paper"), lmu_ltau(), 1e-3, c(15, 300))),
                    "any", generic = FALSE, values = list(
      "one point" = quote(na64mu_spectrum(na64mu(), lmu_ltau(), 1e-3, 100)),
      "zero coupling" = quote(na64mu_spectrum(na64mu(), lmu_ltau(), 0, 100)),
      "no rows" = quote(na64mu_spectrum(na64mu(), lmu_ltau(), 1e-3, 100)[0, ]))),
    type = fz_arg("binned", "choice", choices = c("binned", "differential")),
    call = function(object, ...) ggplot2::autoplot(object, ...),
    check = fz_ggplot_check(), allow = "muonphilic_error_dependency", n_random = 6L)
))

# ---------------------------------------------------------------------------
# Nucleus and spallation sources (COHERENT, CCM, ESS)
# ---------------------------------------------------------------------------

delayedAssign("fz_check_nucleus", fz_object("muonphilic_nucleus", function(res, args) {
  iso <- res$isotopes
  if (!is.data.frame(iso) || nrow(iso) == 0L) return("nucleus: no isotope table")
  if (any(!is.finite(iso$mass_gev) | iso$mass_gev <= 0)) return("nucleus: bad masses")
  if (abs(sum(iso$abundance) - 1) > 1e-12) return("nucleus: abundances do not sum to 1")
  if (!is.finite(res$targets_per_tonne) || res$targets_per_tonne <= 0) return("nucleus: bad targets_per_tonne")
  NULL
}))

# TRUE when some numeric argument is extreme (|x| >= 1e150 or 0 < |x| <= 1e-150).
fz_has_extreme <- function(args) {
  any(vapply(args, function(v) {
    is.numeric(v) && any(is.finite(v) & v != 0 & (abs(v) >= 1e150 | abs(v) <= 1e-150))
  }, TRUE))
}

# spallation presets are CEvNS detectors (helper-fuzz-cevns.R)
delayedAssign("fz_check_spallation", fz_object(c("muonphilic_spallation", "muonphilic_experiment"),
                                               fz_cevns_background_ok))

delayedAssign("fz_spectra_check", fz_df(c("experiment", "benchmark"), class = "muonphilic_spallation_spectra",
  extra = function(res, args) {
    v <- if ("counts" %in% names(res)) res$counts else res$rate
    if (!is.numeric(v) || any(!is.finite(v)) || any(v < 0)) return("counts/rate not finite and >= 0")
    if (!"SM" %in% res$benchmark) return("no SM rows")
    NULL
  }))

delayedAssign("fz_specs_spallation", list(
  nucleus = fz_spec(
    name = fz_arg("Ar40", "string", values = list(
      "\"Xe\"" = "Xe", "\"Ar\"" = "Ar", "\"Xe131\"" = "Xe131", "\"Ar-40\"" = "Ar-40",
      "\"Ar18\"" = "Ar18", "\"Cs\"" = "Cs", "\"Zz99\"" = "Zz99", "\"ar40\"" = "ar40",
      "\"Ar400000\"" = "Ar400000", "\"Ar99999999999999999999\"" = "Ar99999999999999999999")),
    Z = fz_arg(NULL, "count", generic = FALSE, values = list(
      "18" = 18, "c(54, 54)" = c(54, 54), "0" = 0, "1.5" = 1.5, "NA" = NA, "1e300" = 1e300)),
    N = fz_arg(NULL, "count", generic = FALSE, values = list(
      "22" = 22, "c(77, 78)" = c(77, 78), "-1" = -1, "0" = 0)),
    mass_gev = fz_arg(NULL, "positive", generic = FALSE, values = list(
      "37.2" = 37.2, "0" = 0, "c(1, 2)" = c(1, 2), "Inf" = Inf)),
    abundance = fz_arg(NULL, "prob", generic = FALSE, values = list(
      "c(0.5, 0.5)" = c(0.5, 0.5), "c(0, 0)" = c(0, 0), "1" = 1, "-1" = -1)),
    check = fz_check_nucleus, n_random = 60L),
  print.muonphilic_nucleus = fz_spec(
    x = fz_arg(quote(nucleus("Ar40")), "any", generic = FALSE, values = list(
      "Xe" = quote(nucleus("Xe")),
      "user mix" = quote(nucleus(Z = c(54, 54), N = c(77, 78), abundance = c(1, 1))))),
    call = "print", check = fz_print_check("muonphilic_nucleus")),
  helm_form_factor = fz_spec(
    nucleus = fz_arg(quote(nucleus("Ar40")), "any", values = list(
      "\"Xe131\"" = "Xe131", "\"nope\"" = "nope")),
    recoil_kevnr = fz_arg(c(0, 10, 100), "positive", values = list("1e6" = 1e6)),
    check = fz_numeric(len = function(a) length(a$recoil_kevnr), lower = -1, upper = 1)),
  cevns_xsec = fz_spec(
    nucleus = fz_arg(quote(nucleus("Ar40")), "any", values = list(
      "\"Xe\"" = "Xe", "\"Cs133\"" = "Cs133")),
    model = fz_arg(quote(lmu_ltau()), "model"),
    g = fz_arg(1e-3, "coupling"),
    mass_mev = fz_arg(15, "mass"),
    flavour = fz_arg("mu", "choice", choices = c("e", "mu", "tau"),
                     values = list("c(\"e\", \"tau\")" = c("e", "tau"))),
    enu_mev = fz_arg(30, "positive", values = list("1e-6" = 1e-6, "1e6" = 1e6)),
    recoil_kevnr = fz_arg(c(1, 20, 50), "positive", values = list("1e6" = 1e6)),
    sin2_theta_w = fz_arg(0.2387, "prob"),
    check = fz_numeric(len = fz_recycled("g", "mass_mev", "flavour", "enu_mev", "recoil_kevnr"),
                       lower = 0),
    n_random = 60L),
  spallation_flux = fz_spec(
    enu_mev = fz_arg(c(0, 10, 29.79, 52.8, 60), "positive"),
    r = fz_arg(1, "positive"),
    check = fz_df(c("enu_mev", "anti_nu_mu", "nu_e"), nrow = function(a) length(a$enu_mev),
                  finite = c("enu_mev", "anti_nu_mu", "nu_e"),
                  extra = function(res, args) {
                    if (any(res$anti_nu_mu < 0 | res$nu_e < 0)) return("negative flux")
                    if (length(attr(res, "prompt")) != 2L) return("no prompt attribute")
                    NULL
                  })),
  spallation_detectors = fz_spec(
    check = fz_df(c("name", "mass_t", "threshold_kev", "pot_per_year", "r", "baseline_m",
                    "sigma_sys"), nrow = 4L,
                  finite = c("mass_t", "threshold_kev", "pot_per_year", "r", "baseline_m",
                             "sigma_sys"))),
  spallation_detector = fz_spec(
    name = fz_arg("CENNS610", "choice", choices = c("CENNS610", "ESS10", "CCM", "ESS"),
                  values = list("all names (the default)" = c("CENNS610", "ESS10", "CCM", "ESS"))),
    mass_t = fz_arg(NULL, "positive", generic = FALSE, values = list(
      "0.61" = 0.61, "0" = 0, "1e300" = 1e300, "c(1, 2)" = c(1, 2), "\"1\"" = "1")),
    threshold_kevnr = fz_arg(NULL, "positive", generic = FALSE, values = list(
      "0" = 0, "20" = 20, "1e6" = 1e6, "-1" = -1, "NA" = NA)),
    pot_per_year = fz_arg(NULL, "count", generic = FALSE, values = list(
      "1e23" = 1e23, "0" = 0, "1e300" = 1e300)),
    r = fz_arg(NULL, "positive", generic = FALSE, values = list("0.1" = 0.1, "-0.1" = -0.1)),
    baseline_m = fz_arg(NULL, "positive", generic = FALSE, values = list(
      "1e-300" = 1e-300, "20" = 20, "0" = 0)),
    years = fz_arg(1, "positive"),
    sigma_sys = fz_arg(NULL, "positive", generic = FALSE, values = list(
      "0" = 0, "0.1" = 0.1, "-0.1" = -0.1, "Inf" = Inf)),
    bin_edges_kevnr = fz_arg(NULL, "positive", generic = FALSE, values = list(
      "c(20, 50, 100)" = c(20, 50, 100), "c(20, 20)" = c(20, 20), "one edge" = 20,
      "c(0, 10)" = c(0, 10), "c(1e-300, 1e300)" = c(1e-300, 1e300), "c(1, 1e6)" = c(1, 1e6))),
    background_fraction = fz_arg(0.1, "positive", values = list("0" = 0)),
    quenching = fz_arg(NULL, "function", generic = FALSE, values = list(
      "constant 0.25" = function(e) rep(0.25, length(e)), "negative" = function(e) -e,
      "wrong length" = function(e) 1, "NaN" = function(e) e * NaN, "1" = 1)),
    efficiency = fz_arg(NULL, "function", generic = FALSE, values = list(
      "0.5" = function(e) rep(0.5, length(e)), "2" = function(e) rep(2, length(e)),
      "zero" = function(e) 0 * e, "NA" = function(e) e * NA, "\"x\"" = "x")),
    efficiency_nodes = fz_arg(401, "count", values = list("3" = 3, "2" = 2)),
    target = fz_arg(quote(nucleus("Ar40")), "any", values = list(
      "\"Xe\"" = "Xe", "CsI" = quote(nucleus(Z = c(55, 53), N = c(78, 74), abundance = c(1, 1))))),
    sin2_theta_w = fz_arg(0.2387, "prob"),
    # efficiency_nodes up to 1e15 (allowed by the validation) would tabulate
    # a huge grid: valid but slow, excluded
    check = fz_check_spallation, n_random = 80L),
  print.muonphilic_spallation = fz_spec(
    x = fz_arg(quote(spallation_detector("CENNS610")), "any", generic = FALSE, values = list(
      "ESS" = quote(spallation_detector("ESS")), "CCM" = quote(spallation_detector("CCM")))),
    call = "print", check = fz_print_check("muonphilic_spallation")),
  sm_counts = fz_spec(
    x = fz_arg(quote(spallation_detector("CENNS610")), "experiment", values = list(
      "ESS10" = quote(spallation_detector("ESS10")))),
    check = fz_df(c("bin", "lower", "upper", "counts"), finite = c("lower", "upper", "counts"),
                  extra = function(res, args) {
                    if (nrow(res) != length(background_counts(args$x))) return("not one row per bin")
                    if (any(res$counts < 0)) return("negative SM counts")
                    NULL
                  }),
    # sm_counts() is defined for spallation detectors only
    default_valid = TRUE),
  spallation_rate = fz_spec(
    x = fz_arg(quote(spallation_detector("ESS")), "experiment"),
    model = fz_arg(quote(lmu_ltau()), "model"),
    g = fz_arg(5e-4, "coupling"),
    mass_mev = fz_arg(15, "mass"),
    recoil_kevnr = fz_arg(c(25, 50), "positive", values = list("1e6" = 1e6)),
    check = fz_numeric(len = fz_recycled("g", "mass_mev", "recoil_kevnr"), lower = 0),
    n_random = 50L),
  spallation_spectra = fz_spec(
    detectors = fz_arg("CCM", "choice", choices = c("CENNS610", "ESS10", "CCM", "ESS"),
                       values = list("list of detectors" = quote(list(spallation_detector("ESS"))),
                                     "one detector" = quote(spallation_detector("ESS10")))),
    model = fz_arg(quote(lmu_ltau()), "model"),
    benchmarks = fz_arg(fz_bp(), "any", values = list(
      "all BPs" = quote(benchmark_points()),
      "no rows" = quote(benchmark_points()[0, ]),
      "missing g" = quote(benchmark_points()[, c("benchmark", "mass_mev")]),
      "NA mass" = quote({ b <- benchmark_points()[1, ]; b$mass_mev <- NA; b }),
      "negative mass" = quote({ b <- benchmark_points()[1, ]; b$mass_mev <- -1; b }))),
    type = fz_arg("binned", "choice", choices = c("binned", "differential")),
    n_grid = fz_arg(8, "count", values = list("2" = 2, "1" = 1)),
    check = fz_spectra_check, n_random = 20L),
  autoplot.muonphilic_spallation_spectra = fz_spec(
    object = fz_arg(quote(spallation_spectra("CCM", benchmarks = benchmark_points()[1, ])),
                    "any", generic = FALSE, values = list(
      "differential" = quote(spallation_spectra(c("ESS10", "CCM"), benchmarks = benchmark_points()[1:2, ],
                                                type = "differential", n_grid = 8)),
      "no rows" = quote(spallation_spectra("CCM", benchmarks = benchmark_points()[1, ])[0, ]))),
    log_x = fz_arg(TRUE, "flag"),
    call = function(object, ...) ggplot2::autoplot(object, ...),
    check = fz_ggplot_check(), allow = "muonphilic_error_dependency", n_random = 6L)
))

# ---------------------------------------------------------------------------
# Solar neutrinos, electron scattering, xenon rates
# ---------------------------------------------------------------------------

fz_solar_names <- c("pp", "pep", "hep", "7Be", "8B", "13N", "15O", "17F")

fz_flux_values <- list(
  "c(pp = 6e10)" = c(pp = 6e10), "c(\"8B\" = 0)" = c("8B" = 0),
  "c(nope = 1)" = c(nope = 1), "unnamed" = 1e6, "c(pp = -1)" = c(pp = -1),
  "c(pp = NA)" = c(pp = NA), "c(pp = 1e300)" = c(pp = 1e300))

delayedAssign("fz_xenon_rate_check", fz_df(
  c("recoil_kev", "component", "rate", "g", "mass_mev", "channel"),
  finite = c("recoil_kev", "rate", "g", "mass_mev"),
  class = "muonphilic_xenon_rate",
  extra = function(res, args) {
    if (any(res$rate < 0)) return("negative rate")
    if (!"total" %in% res$component) return("no total rows")
    npt <- max(length(args$g), length(args$mass_mev))
    nch <- length(unique(res$channel))
    if (nrow(res) %% (length(args$recoil_kev) * npt) != 0L) return("rows not a multiple of energies x points")
    NULL
  }))

delayedAssign("fz_specs_solar", list(
  solar_components = fz_spec(
    flux = fz_arg(NULL, "any", generic = FALSE, values = fz_flux_values),
    check = fz_df(c("component", "type", "flux", "emax_mev"), nrow = 8L,
                  finite = c("flux", "emax_mev"), extra = fz_range("flux", 0))),
  solar_lines = fz_spec(
    flux = fz_arg(NULL, "any", generic = FALSE, values = fz_flux_values),
    check = fz_df(c("component", "enu_mev", "branching", "flux"), nrow = 3L,
                  finite = c("enu_mev", "branching", "flux"), extra = fz_range("branching", 0, 1))),
  solar_flux = fz_spec(
    enu_mev = fz_arg(c(0.1, 1, 10), "positive", values = list("20" = 20, "1e6" = 1e6)),
    component = fz_arg("all", "string", values = c(
      stats::setNames(as.list(fz_solar_names), fz_solar_names),
      list("c(\"pp\", \"8B\")" = c("pp", "8B"), "\"nope\"" = "nope",
           "lines only" = c("pep", "7Be")))),
    flux = fz_arg(NULL, "any", generic = FALSE, values = fz_flux_values),
    check = fz_df(c("enu_mev", "component", "flux"), finite = c("enu_mev", "flux"),
                  extra = function(res, args) {
                    if (any(res$flux < 0)) return("negative flux")
                    if (!is.data.frame(attr(res, "lines"))) return("no lines attribute")
                    NULL
                  }), n_random = 40L),
  oscillation_parameters = fz_spec(
    preset = fz_arg("nufit50", "choice", choices = c("nufit50", "paper", "desalas2020", "nufit60")),
    sin2_th12 = fz_arg(NULL, "prob", generic = FALSE, values = list(
      "0.3" = 0.3, "0" = 0, "1" = 1, "1.1" = 1.1, "NA" = NA, "c(0.3, 0.3)" = c(0.3, 0.3))),
    sin2_th13 = fz_arg(NULL, "prob", generic = FALSE, values = list("0.02" = 0.02, "-0.1" = -0.1)),
    sin2_th23 = fz_arg(NULL, "prob", generic = FALSE, values = list("0.5" = 0.5, "\"a\"" = "a")),
    delta_cp_deg = fz_arg(NULL, "number", generic = FALSE, values = list(
      "180" = 180, "-720" = -720, "1e300" = 1e300, "Inf" = Inf)),
    dm21_ev2 = fz_arg(NULL, "positive", generic = FALSE, values = list(
      "7.4e-5" = 7.4e-5, "0" = 0, "1e300" = 1e300, "5e-324" = 5e-324)),
    check = fz_object("muonphilic_oscillation"), n_random = 40L),
  solar_model = fz_spec(
    name = fz_arg("b16_gs98", "choice", choices = c("b16_gs98", "b16_agss09", "exponential")),
    check = fz_object("muonphilic_solar_model"), n_random = 6L),
  print.muonphilic_solar_model = fz_spec(
    x = fz_arg(quote(solar_model()), "any", generic = FALSE, values = list(
      "exponential" = quote(solar_model("exponential")))),
    call = "print", check = fz_print_check("muonphilic_solar_model")),
  print.muonphilic_oscillation = fz_spec(
    x = fz_arg(quote(oscillation_parameters()), "any", generic = FALSE, values = list(
      "nufit60" = quote(oscillation_parameters("nufit60")))),
    call = "print", check = fz_print_check("muonphilic_oscillation")),
  flavour_probabilities = fz_spec(
    enu_mev = fz_arg(c(0.3, 1, 10), "positive", values = list("1e6" = 1e6)),
    component = fz_arg("8B", "choice", choices = fz_solar_names,
                       values = list("c(\"pp\", \"8B\", \"hep\")" = c("pp", "8B", "hep"))),
    oscillation = fz_arg(quote(oscillation_parameters()), "any", values = list(
      "\"nufit60\"" = "nufit60", "no mixing" = quote(oscillation_parameters(sin2_th12 = 0, sin2_th13 = 0)),
      "maximal" = quote(oscillation_parameters(sin2_th12 = 1, sin2_th13 = 0.9, sin2_th23 = 1)),
      "tiny dm21" = quote(oscillation_parameters(dm21_ev2 = 1e-300)),
      "huge dm21" = quote(oscillation_parameters(dm21_ev2 = 1e300)))),
    solar_model = fz_arg("b16_gs98", "choice", choices = c("b16_gs98", "b16_agss09", "exponential"),
                         values = list("solar_model(\"exponential\")" = quote(solar_model("exponential")))),
    production = fz_arg("distribution", "choice", choices = c("distribution", "mean")),
    r_production = fz_arg(NULL, "any", generic = FALSE, values = list(
      "c(\"8B\" = 0.05)" = c("8B" = 0.05), "c(\"8B\" = 0)" = c("8B" = 0),
      "c(\"8B\" = 2)" = c("8B" = 2), "c(nope = 0.1)" = c(nope = 0.1), "0.1" = 0.1)),
    ne_center = fz_arg(245, "positive"),
    ne_slope = fz_arg(10.54, "positive"),
    check = fz_df(c("enu_mev", "component", "p_ee", "p_emu", "p_etau"),
                  finite = c("enu_mev", "p_ee", "p_emu", "p_etau"),
                  extra = function(res, args) {
                    p <- cbind(res$p_ee, res$p_emu, res$p_etau)
                    if (any(p < -1e-12 | p > 1 + 1e-12)) return("probability outside [0, 1]")
                    if (any(abs(rowSums(p) - 1) > 1e-9)) return("probabilities do not sum to 1")
                    NULL
                  }), n_random = 60L),
  electron_xsec = fz_spec(
    model = fz_arg(quote(lmu_ltau()), "model"),
    g = fz_arg(1e-3, "coupling"),
    mass_mev = fz_arg(15, "mass"),
    flavour = fz_arg("mu", "choice", choices = c("e", "mu", "tau")),
    enu_mev = fz_arg(1, "positive", values = list("1e-6" = 1e-6, "1e6" = 1e6)),
    recoil_kevee = fz_arg(c(0, 1, 10), "positive", values = list("1e9" = 1e9)),
    sin2_theta_w = fz_arg(0.2387, "prob"),
    check = fz_numeric(len = fz_recycled("g", "mass_mev", "flavour", "enu_mev", "recoil_kevee"),
                       lower = 0), n_random = 60L),
  xenon_shells = fz_spec(check = fz_df(c("shell", "binding_ev", "electrons"),
                                       finite = c("binding_ev", "electrons"))),
  xenon_rrpa = fz_spec(check = fz_df(c("recoil_kev", "factor"), finite = c("recoil_kev", "factor"))),
  bound_electrons = fz_spec(
    recoil_kevee = fz_arg(c(0, 0.1, 1, 10, 40), "positive", values = list("1e6" = 1e6)),
    rrpa = fz_arg(TRUE, "flag"),
    shells = fz_arg(quote(xenon_shells()), "any", values = list(
      "no rows" = quote(xenon_shells()[0, ]),
      "negative electrons" = quote({ s <- xenon_shells(); s$electrons[1] <- -2; s }),
      "NA binding" = quote({ s <- xenon_shells(); s$binding_ev[1] <- NA; s }))),
    rrpa_table = fz_arg(quote(xenon_rrpa()), "any", values = list(
      "one row" = quote(xenon_rrpa()[1, ]),
      "decreasing" = quote(xenon_rrpa()[15:1, ]),
      "NaN factor" = quote({ r <- xenon_rrpa(); r$factor[2] <- NaN; r }))),
    check = fz_numeric(len = function(a) length(a$recoil_kevee), lower = 0, upper = 54),
    n_random = 40L),
  xenon_rate = fz_spec(
    model = fz_arg(quote(lmu_ltau()), "model", values = list("NULL (SM)" = NULL)),
    g = fz_arg(1e-3, "coupling"),
    mass_mev = fz_arg(15, "mass"),
    recoil_kev = fz_arg(c(1, 2), "positive", values = list("1e6" = 1e6)),
    channel = fz_arg("NR", "choice", choices = c("NR", "ER")),
    components = fz_arg("all", "any", values = list(
      "\"8B\"" = "8B", "c(\"pp\", \"7Be\")" = c("pp", "7Be"), "\"nope\"" = "nope")),
    target = fz_arg(quote(nucleus("Xe")), "any", values = list("\"Xe131\"" = "Xe131")),
    sin2_theta_w = fz_arg(0.2387, "prob"),
    rrpa = fz_arg(TRUE, "flag"),
    oscillation = fz_arg(quote(oscillation_parameters()), "any", values = list(
      "\"nufit60\"" = "nufit60")),
    check = fz_xenon_rate_check, n_random = 40L),
  autoplot.muonphilic_xenon_rate = fz_spec(
    object = fz_arg(quote(xenon_rate(NULL, g = 0, mass_mev = 15, recoil_kev = c(0.5, 1, 2, 4),
                                     components = c("8B", "hep"))),
                    "any", generic = FALSE, values = list(
      "ER, two points" = quote(xenon_rate(lmu_ltau(), c(0, 1e-3), 15, c(1, 10), "ER")),
      "no rows" = quote(xenon_rate(NULL, 0, 15, c(1, 2))[0, ]))),
    call = function(object, ...) ggplot2::autoplot(object, ...),
    check = fz_ggplot_check(), allow = "muonphilic_error_dependency", n_random = 0L)
))

# ---------------------------------------------------------------------------
# Xenon detectors and discovery
# ---------------------------------------------------------------------------

fz_xe <- function() quote(xenon_detector("DARWIN", analysis = "NR", n_bins = 2L))
fz_xe_pool <- list(
  "LZ ER" = quote(xenon_detector("LZ", analysis = "ER", n_bins = 2L)),
  "XENONnT NR+ER" = quote(xenon_detector("XENONnT", analysis = "NR+ER", n_bins = 1L)),
  "spallation detector" = quote(spallation_detector("CCM")))

fz_discovery_cols <- c("experiment", "analysis", "threshold_kev", "mass_mev", "g")

delayedAssign("fz_specs_xenon", list(
  lindhard_quenching = fz_spec(
    recoil_kevnr = fz_arg(c(0.7, 3.8, 13), "positive", values = list("1e6" = 1e6)),
    k = fz_arg(0.1735, "positive"),
    check = fz_numeric(len = function(a) length(a$recoil_kevnr), lower = 0, upper = 1)),
  nr_to_ee = fz_spec(
    recoil_kevnr = fz_arg(c(0.7, 3.8, 13), "positive", values = list("1e6" = 1e6)),
    k = fz_arg(0.1735, "positive"),
    check = fz_numeric(len = function(a) length(a$recoil_kevnr), lower = 0)),
  ee_to_nr = fz_spec(
    recoil_kevee = fz_arg(c(0.1, 1, 10), "positive", values = list("1e6" = 1e6)),
    k = fz_arg(0.1735, "positive"),
    check = fz_numeric(len = function(a) length(a$recoil_kevee), lower = 0)),
  double_beta_spectrum = fz_spec(
    energy_kevee = fz_arg(c(10, 100, 1000), "positive", values = list(
      "2457.83" = 2457.83, "3000" = 3000)),
    check = fz_numeric(len = function(a) length(a$energy_kevee), lower = 0)),
  xenon_detector = fz_spec(
    name = fz_arg("DARWIN", "choice", choices = c("LZ", "XENONnT", "DARWIN")),
    exposure_tyr = fz_arg(NULL, "positive", generic = FALSE, values = list(
      "200" = 200, "0" = 0, "1e300" = 1e300, "-1" = -1, "c(1, 2)" = c(1, 2))),
    analysis = fz_arg("NR", "choice", choices = c("NR", "ER", "NR+ER")),
    threshold_kev = fz_arg(NULL, "positive", generic = FALSE, values = list(
      "1" = 1, "0.5" = 0.5, "0.05" = 0.05, "12.9" = 12.9, "13" = 13, "100" = 100,
      "NA" = NA, "1e300" = 1e300)),
    window_kev = fz_arg(NULL, "positive", generic = FALSE, values = list(
      "20" = 20, "1" = 1, "1e6" = 1e6, "0" = 0)),
    n_bins = fz_arg(2L, "count", values = list("1L" = 1L, "1.5" = 1.5, "1e9" = 1e9)),
    efficiency_nr = fz_arg(NULL, "function", generic = FALSE, values = list(
      "flat 0.5" = function(e) rep(0.5, length(e)),
      "table" = cbind(c(1, 10, 100), c(0.1, 0.5, 0.9)),
      "bad table" = cbind(c(10, 1), c(0.5, 2)),
      "above 1" = function(e) rep(2, length(e)), "NaN" = function(e) e * NaN)),
    efficiency_er = fz_arg(NULL, "function", generic = FALSE, values = list(
      "flat 1" = function(e) rep(1, length(e)), "wrong length" = function(e) 1)),
    resolution = fz_arg(NULL, "function", generic = FALSE, values = list(
      "0.3 sqrt(E)" = function(e) 0.3 * sqrt(e), "zero" = function(e) 0 * e,
      "negative" = function(e) -e, "table" = cbind(c(1, 10), c(0.3, 1)))),
    background = fz_arg(NULL, "any", generic = FALSE, values = list(
      "coefficients" = c(flat = 1, double_beta = 1), "zero" = c(flat = 0, double_beta = 0),
      "negative" = c(flat = -1, double_beta = 0), "function" = function(e) rep(2, length(e)),
      "unnamed" = c(1, 2), "table" = cbind(c(1, 30), c(1, 1)))),
    nr_acceptance = fz_arg(0.5, "prob"),
    nr_leakage = fz_arg(0.005, "prob"),
    quenching_k = fz_arg(0.1735, "positive"),
    threshold_floor_kev = fz_arg(c(NR = 0.7, ER = 0.1), "positive", values = list(
      "unnamed" = c(0.7, 0.1), "c(NR = 0, ER = 0)" = c(NR = 0, ER = 0))),
    background_response = fz_arg(TRUE, "flag"),
    rate_terms = fz_arg(NULL, "function", generic = FALSE, values = list(
      "constant terms" = function(model, mass_mev, recoil_kev, channel, ...) {
        structure(array(1, c(length(recoil_kev), 3L, length(mass_mev))), powers = c(0, 2, 4))
      },
      "wrong shape" = function(model, mass_mev, recoil_kev, channel, ...) 1)),
    rate_args = fz_arg(list(), "any", values = list(
      "sin2_theta_w" = list(sin2_theta_w = 0.23), "unknown arg" = list(nope = 1))),
    grid_kevnr = fz_arg(c(0.05, 20), "positive", values = list(
      "reversed" = c(20, 0.05), "one value" = 1)),
    grid_kevee = fz_arg(c(0.01, 40), "positive"),
    n_grid = fz_arg(301L, "count", values = list("3L" = 3L, "300L" = 300L, "1e7" = 1e7)),
    check = fz_object(c("muonphilic_xenon", "muonphilic_experiment"), function(res, args) {
      b <- tryCatch(background_counts(res), error = function(e) e)
      if (inherits(b, "error")) return(paste("background_counts() fails:", conditionMessage(b)))
      if (!is.double(b) || any(!is.finite(b) | b < 0)) return("background not finite and >= 0")
      NULL
    }),
    # the constructor is lazy: construct + background, 60 random calls
    n_random = 60L),
  print.muonphilic_xenon = fz_spec(
    x = fz_arg(fz_xe(), "any", generic = FALSE, values = fz_xe_pool[1:2]),
    call = "print", check = fz_print_check("muonphilic_xenon")),
  detector_response = fz_spec(
    detector = fz_arg(fz_xe(), "experiment", values = fz_xe_pool),
    analysis = fz_arg("NR", "choice", choices = c("NR", "ER", "NR+ER")),
    threshold_kev = fz_arg(NULL, "positive", generic = FALSE, values = list(
      "1" = 1, "0.01" = 0.01, "100" = 100, "NaN" = NaN)),
    check = function(res, args) {
      if (!is.list(res) || is.null(res$edges) || is.null(res$NR) || is.null(res$ER)) {
        return("not list(edges, NR, ER)")
      }
      nb <- length(res$edges) - 1L
      for (ch in c("NR", "ER")) {
        m <- res[[ch]]$matrix
        if (!is.matrix(m) || nrow(m) != nb || ncol(m) != length(res[[ch]]$energy_kev)) {
          return(sprintf("%s matrix is not bins x grid", ch))
        }
        if (any(!is.finite(m)) || any(m < 0)) return(sprintf("%s matrix not finite and >= 0", ch))
      }
      NULL
    }, n_random = 20L),
  detector_efficiency = fz_spec(
    detector = fz_arg(fz_xe(), "experiment", values = fz_xe_pool),
    energy_kev = fz_arg(c(1, 3.82, 10), "positive", values = list("1e6" = 1e6)),
    channel = fz_arg("NR", "choice", choices = c("NR", "ER")),
    analysis = fz_arg("NR", "choice", choices = c("NR", "ER", "NR+ER")),
    threshold_kev = fz_arg(NULL, "positive", generic = FALSE, values = list(
      "1" = 1, "0.01" = 0.01, "NaN" = NaN)),
    check = fz_numeric(len = function(a) length(a$energy_kev), lower = 0, upper = 1),
    n_random = 40L),
  detector_resolution = fz_spec(
    detector = fz_arg(fz_xe(), "experiment", values = fz_xe_pool),
    energy_kevee = fz_arg(c(0.1, 1, 10), "positive", values = list("1e6" = 1e6)),
    analysis = fz_arg("NR", "choice", choices = c("NR", "ER", "NR+ER")),
    threshold_kev = fz_arg(NULL, "positive", generic = FALSE, values = list(
      "1" = 1, "0.01" = 0.01)),
    check = fz_numeric(len = function(a) length(a$energy_kevee), lower = 0), n_random = 30L),
  smear_spectrum = fz_spec(
    detector = fz_arg(fz_xe(), "experiment", values = fz_xe_pool),
    spectrum = fz_arg(function(e) rep(1, length(e)), "function", values = list(
      "table" = cbind(c(0.1, 100), c(1, 1)), "negative" = function(e) -e,
      "NaN" = function(e) e * NaN, "wrong length" = function(e) 1,
      "character" = function(e) rep("a", length(e)))),
    observed_kev = fz_arg(c(1, 5, 10), "positive", values = list("1e6" = 1e6)),
    channel = fz_arg("NR", "choice", choices = c("NR", "ER")),
    analysis = fz_arg("NR", "choice", choices = c("NR", "ER", "NR+ER")),
    threshold_kev = fz_arg(NULL, "positive", generic = FALSE, values = list("1" = 1)),
    check = fz_numeric(len = function(a) length(a$observed_kev), lower = 0), n_random = 30L),
  smearing_kernel = fz_spec(
    detector = fz_arg(fz_xe(), "experiment", values = fz_xe_pool),
    true_kev = fz_arg(10, "positive", values = list("1e6" = 1e6)),
    observed_kev = fz_arg(c(9, 10, 11), "positive", values = list("1e6" = 1e6)),
    channel = fz_arg("NR", "choice", choices = c("NR", "ER")),
    analysis = fz_arg("NR", "choice", choices = c("NR", "ER", "NR+ER")),
    threshold_kev = fz_arg(NULL, "positive", generic = FALSE, values = list("1" = 1)),
    check = fz_numeric(len = fz_recycled("true_kev", "observed_kev"), lower = 0),
    n_random = 30L),
  xenon_background = fz_spec(
    detector = fz_arg(fz_xe(), "experiment", values = fz_xe_pool),
    energy_kevee = fz_arg(c(1, 10, 30), "positive", values = list("1e6" = 1e6)),
    check = fz_numeric(len = function(a) length(a$energy_kevee), lower = 0)),
  discovery_significance = fz_spec(
    detector = fz_arg(fz_xe(), "experiment", values = fz_xe_pool),
    model = fz_arg(quote(lmu_ltau()), "model"),
    g = fz_arg(5e-4, "coupling"),
    mass_mev = fz_arg(15, "mass"),
    analysis = fz_arg("NR", "choice", choices = c("NR", "ER", "NR+ER")),
    exposure_tyr = fz_arg(200, "positive"),
    threshold_kev = fz_arg(NULL, "positive", generic = FALSE, values = list(
      "1" = 1, "0.01" = 0.01, "c(1, 2)" = c(1, 2))),
    check = fz_df(c(fz_discovery_cols, "exposure_tyr", "n_sm", "n_background", "n_obs", "b",
                    "p_value", "sigma"),
                  finite = c("threshold_kev", "mass_mev", "g", "exposure_tyr", "n_sm",
                             "n_background", "n_obs", "b"),
                  extra = function(res, args) {
                    if (any(res$p_value < 0 | res$p_value > 1)) return("p_value outside [0, 1]")
                    if (anyNA(res$sigma)) return("sigma is NA")
                    NULL
                  }), n_random = 40L),
  discovery_exposure = fz_spec(
    detector = fz_arg(fz_xe(), "experiment", values = fz_xe_pool),
    model = fz_arg(quote(lmu_ltau()), "model"),
    g = fz_arg(5e-4, "coupling"),
    mass_mev = fz_arg(15, "mass"),
    analysis = fz_arg("NR", "choice", choices = c("NR", "ER", "NR+ER")),
    threshold_kev = fz_arg(NULL, "positive", generic = FALSE, values = list(
      "1" = 1, "0.01" = 0.01)),
    n_sigma = fz_arg(5, "positive", values = list("40" = 40, "0.1" = 0.1)),
    max_exposure_tyr = fz_arg(1e8, "positive"),
    check = fz_df(c(fz_discovery_cols, "exposure_tyr", "reachable", "status"),
                  finite = c("threshold_kev", "mass_mev", "g"),
                  extra = function(res, args) {
                    if (anyNA(res$exposure_tyr) || any(res$exposure_tyr <= 0)) return("exposure NA or <= 0")
                    if (any(res$reachable != is.finite(res$exposure_tyr))) return("reachable != finite exposure")
                    NULL
                  }), n_random = 40L),
  discovery_lines = fz_spec(
    detector = fz_arg(fz_xe(), "experiment", values = fz_xe_pool),
    model = fz_arg(quote(lmu_ltau()), "model"),
    benchmarks = fz_arg(fz_bp(), "any", values = list(
      "no rows" = quote(benchmark_points()[0, ]),
      "missing benchmark" = quote(benchmark_points()[, c("mass_mev", "g")]))),
    analyses = fz_arg("NR", "choice", choices = c("NR", "ER", "NR+ER"), values = list(
      "\"ER\"" = "ER", "c(\"NR\", \"ER\")" = c("NR", "ER"), "\"nope\"" = "nope")),
    threshold_kev = fz_arg(NULL, "positive", generic = FALSE, values = list(
      "c(1, 2)" = c(1, 2), "0.01" = 0.01, "NA" = NA)),
    n_sigma = fz_arg(5, "positive"),
    n_thresholds = fz_arg(2L, "count", values = list("1L" = 1L, "1e9" = 1e9),
                          exclude = function(v) is.numeric(v) && length(v) == 1L && isTRUE(v > 1e3)),
    max_threshold_kev = fz_arg(10, "positive"),
    max_exposure_tyr = fz_arg(1e8, "positive"),
    check = fz_df(c(fz_discovery_cols, "benchmark", "exposure_tyr", "reachable", "status"),
                  class = "muonphilic_discovery_lines",
                  extra = function(res, args) {
                    if (anyNA(res$exposure_tyr) || any(res$exposure_tyr <= 0)) return("exposure NA or <= 0")
                    NULL
                  }), n_random = 15L),
  cp_exposure_scan = fz_spec(
    delta_cp_deg = fz_arg(c(0, 194.4), "number", values = list("360" = 360, "-90" = -90)),
    detector = fz_arg(quote(xenon_detector("DARWIN", n_grid = 61L)), "any", generic = FALSE,
                      values = list("fixed oscillation" = quote(xenon_detector(
                        "DARWIN", n_grid = 61L, rate_args = list(oscillation = "paper"))),
                        "a number" = 1)),
    benchmarks = fz_arg(quote(benchmark_points()[1, ]), "any", generic = FALSE, values = list(
      "no rows" = quote(benchmark_points()[0, ]),
      "missing benchmark" = quote(benchmark_points()[, c("mass_mev", "g")]))),
    analyses = fz_arg("NR", "choice", choices = c("NR", "ER", "NR+ER")),
    threshold_kev = fz_arg(1, "positive", values = list("100" = 100)),
    octants = fz_arg("upper", "choice", choices = c("upper", "lower")),
    n_sigma = fz_arg(5, "positive"),
    check = fz_df(c("octant", "delta_cp_deg", "benchmark", "analysis", "exposure_tyr", "reachable"),
                  class = "muonphilic_cp_scan",
                  extra = function(res, args) {
                    if (anyNA(res$exposure_tyr) || any(res$exposure_tyr <= 0)) return("exposure NA or <= 0")
                    if (any(res$reachable != is.finite(res$exposure_tyr))) return("reachable != finite exposure")
                    NULL
                  }), n_random = 6L, slow_s = 20),
  autoplot.muonphilic_cp_scan = fz_spec(
    object = fz_arg(quote(cp_exposure_scan(c(0, 90, 180), detector = xenon_detector("DARWIN", n_grid = 61L),
                                           benchmarks = benchmark_points()[1, ], analyses = "NR",
                                           octants = "upper")),
                    "any", generic = FALSE, values = list(
      "no rows" = quote(cp_exposure_scan(0, detector = xenon_detector("DARWIN", n_grid = 61L),
                                         benchmarks = benchmark_points()[1, ], analyses = "NR",
                                         octants = "upper")[0, ]))),
    call = function(object, ...) ggplot2::autoplot(object, ...),
    check = fz_ggplot_check(), allow = "muonphilic_error_dependency", n_random = 2L, slow_s = 20),
  autoplot.muonphilic_discovery_lines = fz_spec(
    object = fz_arg(quote(discovery_lines(xenon_detector("DARWIN"), benchmarks = benchmark_points()[1:2, ],
                                          analyses = c("NR", "ER"), n_thresholds = 3L)),
                    "any", generic = FALSE, values = list(
      "no rows" = quote(discovery_lines(xenon_detector("DARWIN"), benchmarks = benchmark_points()[1, ],
                                        analyses = "NR", n_thresholds = 2L)[0, ]))),
    nominal = fz_arg(TRUE, "flag"),
    call = function(object, ...) ggplot2::autoplot(object, ...),
    check = fz_ggplot_check(), allow = "muonphilic_error_dependency", n_random = 4L)
))

# ---------------------------------------------------------------------------
# Likelihood, scans, figures
# ---------------------------------------------------------------------------

fz_na <- function() quote(na64mu(xsec = "paper"))
fz_asimov <- function() quote(asimov(na64mu(xsec = "paper"), lmu_ltau(), 1e-3, 100))
fz_scan <- function(refine = FALSE) {
  substitute(scan_grid(na64mu(xsec = "paper"), asimov(na64mu(xsec = "paper"), lmu_ltau(), 1e-3, 100),
                       lmu_ltau(), G, M, refine = R),
             list(G = fz_g_grid, M = fz_m_grid, R = refine))
}
fz_scan2 <- function() {
  substitute(scan_grid(list(A = na64mu(xsec = "paper"), B = spallation_detector("ESS")),
                       list(asimov(na64mu(xsec = "paper"), lmu_ltau(), 1e-3, 100),
                            asimov(spallation_detector("ESS"), lmu_ltau(), 1e-3, 100)),
                       lmu_ltau(), G, M),
             list(G = fz_g_grid, M = fz_m_grid))
}
fz_scan_pool <- list(
  "two experiments" = fz_scan2(),
  "refined" = fz_scan(TRUE),
  "tampered: delta NA" = substitute({ s <- S; s$delta[1] <- NA; s }, list(S = fz_scan())),
  "no rows" = substitute(S[0, ], list(S = fz_scan())),
  "data frame" = quote(data.frame(g = 1, mass_mev = 1)))

delayedAssign("fz_check_scan", fz_df(c("experiment", "g", "mass_mev", "minus2_loglik", "delta"),
  class = "muonphilic_scan", finite = c("g", "mass_mev"),
  extra = function(res, args) {
    n_curves <- length(unique(res$experiment))
    if (nrow(res) != n_curves * length(args$g) * length(args$mass_mev)) {
      return("not one row per (curve, g, mass)")
    }
    if (anyNA(res$minus2_loglik) || anyNA(res$delta)) return("NA in minus2_loglik/delta")
    if (any(res$delta < -1e-9)) return("negative delta")
    if (!is.data.frame(attr(res, "minimum"))) return("no minimum attribute")
    NULL
  }))

fz_check_pred <- function(res, args) {
  n <- length(background_counts(args$experiment))
  p <- fz_numeric(len = n, lower = 0)(as.vector(res), args)
  if (length(p)) return(p)
  if (!is.list(attr(res, "truth"))) return("no truth attribute")
  NULL
}

delayedAssign("fz_specs_scan", list(
  asimov = fz_spec(
    experiment = fz_arg(fz_na(), "experiment"),
    model = fz_arg(quote(lmu_ltau()), "model"),
    g = fz_arg(1e-3, "coupling"),
    mass_mev = fz_arg(100, "mass"),
    check = fz_check_pred, n_random = 40L),
  pseudo_data = fz_spec(
    experiment = fz_arg(fz_na(), "experiment"),
    model = fz_arg(quote(lmu_ltau()), "model"),
    g = fz_arg(1e-3, "coupling"),
    mass_mev = fz_arg(100, "mass"),
    seed = fz_arg(1L, "count", values = list("NULL" = NULL, "1e10" = 1e10, "-5" = -5)),
    check = function(res, args) {
      p <- fz_check_pred(res, args)
      if (length(p)) return(p)
      if (any(res != round(res))) return("pseudo-data are not whole numbers")
      NULL
    }, n_random = 40L),
  minus2_loglik = fz_spec(
    experiment = fz_arg(fz_na(), "experiment"),
    data = fz_arg(c(3, 5, 7, 9, 10, 12, 15, 16, 18), "count", values = list(
      "zeros" = rep(0, 9), "wrong length" = c(1, 2), "huge" = rep(1e300, 9))),
    predicted = fz_arg(c(3, 5, 7, 9, 10, 12, 15, 16, 18) * 1.1, "count", values = list(
      "matrix 9 x 2" = matrix(1, 9, 2), "matrix 2 x 9" = matrix(1, 2, 9),
      "zeros" = rep(0, 9), "Inf" = rep(Inf, 9), "negative" = rep(-1, 9))),
    saturated = fz_arg(TRUE, "flag"),
    # -2 ln L is +Inf for a zero prediction with data (documented)
    check = function(res, args) {
      n <- if (is.matrix(args$predicted)) ncol(args$predicted) else 1L
      fz_numeric(len = n, finite = FALSE)(res, args)
    }, n_random = 60L),
  scan_grid = fz_spec(
    experiments = fz_arg(fz_na(), "experiment", values = list(
      "named list" = quote(list(A = na64mu(xsec = "paper"))),
      "empty list" = list())),
    data = fz_arg(fz_asimov(), "count", values = list(
      "list" = substitute(list(D), list(D = fz_asimov())), "wrong length" = c(1, 2))),
    model = fz_arg(quote(lmu_ltau()), "model"),
    g = fz_arg(fz_g_grid, "coupling", values = list("decreasing" = rev(fz_g_grid),
                                                    "one value" = 1e-3)),
    mass_mev = fz_arg(fz_m_grid, "mass", values = list("decreasing" = rev(fz_m_grid)),
                      exclude = function(v) is.numeric(v) && length(v) > 20L),
    refine = fz_arg(FALSE, "flag"),
    method = fz_arg("terms", "choice", choices = c("terms", "exact")),
    saturated = fz_arg(TRUE, "flag"),
    check = fz_check_scan, n_random = 25L),
  print.muonphilic_scan = fz_spec(
    x = fz_arg(fz_scan(), "any", generic = FALSE, values = fz_scan_pool[1:2]),
    call = "print", check = fz_print_check("muonphilic_scan")),
  contours = fz_spec(
    scan = fz_arg(fz_scan(), "any", values = fz_scan_pool),
    cl = fz_arg(c(0.6827, 0.9545), "prob"),
    which = fz_arg(NULL, "string", generic = FALSE, values = list(
      "\"total\"" = "total", "\"nope\"" = "nope", "1" = 1)),
    check = fz_df(c("experiment", "cl", "piece", "mass_mev", "g"),
                  finite = c("mass_mev", "g"), class = "muonphilic_contours"), n_random = 20L),
  upper_limit = fz_spec(
    scan = fz_arg(fz_scan(), "any", values = fz_scan_pool),
    cl = fz_arg(0.9, "prob"),
    which = fz_arg(NULL, "string", generic = FALSE, values = list(
      "\"total\"" = "total", "\"nope\"" = "nope")),
    method = fz_arg("asymptotic", "choice", choices = c("asymptotic", "cls")),
    check = fz_df(c("mass_mev", "g_upper", "g_best", "cl", "method", "experiment"),
                  finite = c("mass_mev", "cl"),
                  extra = function(res, args) {
                    bad <- !is.na(res$g_upper) & !is.finite(res$g_upper)
                    if (any(bad)) return("g_upper infinite")
                    NULL
                  }), n_random = 20L),
  combine_scans = fz_spec(
    a = fz_arg(substitute(S, list(S = fz_sub_name(fz_scan(), "A"))), "any", values = fz_scan_pool),
    b = fz_arg(substitute(S, list(S = fz_sub_name(fz_scan(), "B"))), "any", values = fz_scan_pool),
    which = fz_arg(NULL, "string", generic = FALSE, values = list(
      "c(\"A\", \"B\")" = c("A", "B"), "\"nope\"" = "nope", "\"A\"" = "A")),
    name = fz_arg("A+B", "string", values = list("\"A\"" = "A", "\"total\"" = "total")),
    call = function(a, b, ...) combine_scans(a, b, ...),
    check = fz_df(c("experiment", "g", "mass_mev", "minus2_loglik", "delta"),
                  class = "muonphilic_scan", finite = c("g", "mass_mev")), n_random = 20L),
  discriminate = fz_spec(
    data = fz_arg(fz_asimov(), "count"),
    experiments = fz_arg(fz_na(), "experiment"),
    truth_model = fz_arg(quote(lmu_ltau()), "model"),
    alt_model = fz_arg(quote(lmu()), "model"),
    g = fz_arg(fz_g_grid, "coupling", exclude = function(v) is.numeric(v) && length(v) > 20L),
    mass_mev = fz_arg(fz_m_grid, "mass", exclude = function(v) is.numeric(v) && length(v) > 20L),
    refine = fz_arg(FALSE, "flag"),
    check = fz_df(c("truth_model", "alt_model", "m2ll_truth", "m2ll_alt", "delta_chi2",
                    "g_truth", "mass_truth_mev", "g_alt", "mass_alt_mev"), nrow = 1L,
                  finite = c("m2ll_truth", "m2ll_alt", "delta_chi2")), n_random = 12L),
  autoplot.muonphilic_scan = fz_spec(
    object = fz_arg(fz_scan(), "any", generic = FALSE, values = fz_scan_pool[1:3]),
    cl = fz_arg(c(0.6827, 0.9545), "prob"),
    limit_cl = fz_arg(0.9, "prob"),
    which = fz_arg(NULL, "string", generic = FALSE, values = list(
      "\"total\"" = "total", "\"nope\"" = "nope")),
    limits = fz_arg("auto", "choice", choices = c("auto", "always", "never")),
    fill = fz_arg(TRUE, "flag"),
    gm2 = fz_arg("fnal2021", "choice", choices = c("fnal2021", "wp2025"),
                 values = list("NULL" = NULL)),
    title = fz_arg(NULL, "string", generic = FALSE, values = list("\"t\"" = "t", "1" = 1)),
    call = function(object, ...) ggplot2::autoplot(object, ...),
    check = fz_ggplot_check(), allow = "muonphilic_error_dependency", n_random = 10L),
  reconstruction_figure = fz_spec(
    make_experiments = fz_arg(function(bp) na64mu(xsec = "paper"), "function", values = list(
      "returns a model" = function(bp) lmu(), "named list" = function(bp) list(N = na64mu()))),
    fit_models = fz_arg(quote(lmu_ltau()), "model", values = list(
      "named list" = quote(list(a = lmu_ltau(), b = lmu())))),
    truth_model = fz_arg(quote(lmu_ltau()), "model"),
    benchmarks = fz_arg(fz_bp(), "any", values = list("no rows" = quote(benchmark_points()[0, ]))),
    quick = fz_arg(TRUE, "flag"),
    g = fz_arg(fz_g_grid, "coupling", exclude = function(v) is.numeric(v) && length(v) > 20L),
    mass_mev = fz_arg(fz_m_grid, "mass", exclude = function(v) is.numeric(v) && length(v) > 20L),
    title = fz_arg(NULL, "string", generic = FALSE, values = list("\"t\"" = "t")),
    which = fz_arg(NULL, "string", generic = FALSE, values = list("\"nope\"" = "nope")),
    limits = fz_arg("auto", "choice", choices = c("auto", "always", "never")),
    gm2 = fz_arg("fnal2021", "choice", choices = c("fnal2021", "wp2025"),
                 values = list("NULL" = NULL)),
    call = function(...) reconstruction_figure(...),
    check = fz_ggplot_check(), allow = "muonphilic_error_dependency", n_random = 6L,
    slow_s = 10)
))

# A scan's experiment column renamed (for combine_scans): builds the call
# scan_grid(list(<name> = na64mu(...)), list(data), ...).
fz_sub_name <- function(call, name) {
  call[[2]] <- substitute(stats::setNames(list(X), N), list(X = call[[2]], N = name))
  call[[3]] <- substitute(list(D), list(D = call[[3]]))
  call
}
