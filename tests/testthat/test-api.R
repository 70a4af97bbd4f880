# The public API: one name and one order per concept across every exported
# function, old spellings that still work (with a classed deprecation
# warning) for one release, and couplings that cannot be mistaken for masses.

api_ns <- asNamespace("muonphilic")
api_functions <- function() {
  nms <- sort(getNamespaceExports(api_ns))
  fns <- lapply(nms, get, envir = api_ns)
  keep <- vapply(fns, is.function, TRUE)
  stats::setNames(fns[keep], nms[keep])
}
api_formals <- function() lapply(api_functions(), function(f) names(formals(f)))

# Energies whose unit follows the channel or analysis argument of the same
# function (keVnr for "NR", keVee for "ER"): the only places where an
# argument may end in a bare `_kev`.
api_mixed_channel <- c("xenon_detector", "xenon_rate", "detector_response",
                       "detector_efficiency", "detector_resolution", "smear_spectrum",
                       "smearing_kernel", "discovery_significance", "discovery_exposure",
                       "discovery_lines", "cp_exposure_scan")

deprecated_class <- "muonphilic_warning_deprecated"

test_that("no exported function uses a retired argument name", {
  retired <- c("params", "bins_gev", "bins", "points", "bps", "bp", "sigma",
               "thresholds_kev", "bin_edges_kev", "grid_nr_kev", "grid_er_kev")
  fm <- api_formals()
  expect_gt(length(fm), 50L)
  for (f in names(fm)) {
    # a statistic object's parameter is its sigma (stat_chi2_pull(sigma))
    bad <- intersect(fm[[f]], if (startsWith(f, "stat_")) setdiff(retired, "sigma") else retired)
    expect(length(bad) == 0L,
           sprintf("%s() has retired argument(s) %s", f, paste(bad, collapse = ", ")))
  }
})

test_that("energies carry their unit: a bare _kev only where the channel decides it", {
  fm <- api_formals()
  for (f in setdiff(names(fm), api_mixed_channel)) {
    bare <- grep("_kev$", fm[[f]], value = TRUE)
    expect(length(bare) == 0L,
           sprintf("%s() has %s: name the unit (_kevnr or _kevee)", f,
                   paste(bare, collapse = ", ")))
  }
  # the mixed-channel functions really take a channel or an analysis
  for (f in api_mixed_channel) {
    expect(any(c("channel", "analysis", "analyses") %in% fm[[f]]),
           sprintf("%s() has no channel/analysis argument", f))
  }
  # counts of bins are n_bins, edges are bin_edges_<unit>
  for (f in names(fm)) {
    edges <- grep("^bin_edges", fm[[f]], value = TRUE)
    expect(all(grepl("^bin_edges_(gev|kevnr|kevee)$", edges)),
           sprintf("%s(): bin edges without a unit: %s", f, paste(edges, collapse = ", ")))
  }
  expect_true("n_bins" %in% fm$xenon_detector)
  expect_true("bin_edges_gev" %in% fm$na64mu)
  expect_true(all(c("threshold_kevnr", "bin_edges_kevnr") %in% fm$spallation_detector))
  expect_true("recoil_kevnr" %in% fm$cevns_xsec)
  expect_true("recoil_kevee" %in% fm$electron_xsec)
})

test_that("the order is (model, g, mass_mev, ...) and experiments come before data", {
  fm <- api_formals()
  n_checked <- 0L
  for (f in names(fm)) {
    a <- fm[[f]]
    if (all(c("model", "g", "mass_mev") %in% a)) {
      i <- match(c("model", "g", "mass_mev"), a)
      expect(identical(diff(i), c(1L, 1L)),
             sprintf("%s(): model, g, mass_mev are not consecutive in that order", f))
      n_checked <- n_checked + 1L
    } else if (all(c("model", "mass_mev") %in% a)) {
      expect(match("model", a) < match("mass_mev", a),
             sprintf("%s(): mass_mev before model", f))
    }
    ex <- intersect(c("experiments", "experiment"), a)
    if (length(ex) && "data" %in% a) {
      expect(match(ex[1], a) < match("data", a), sprintf("%s(): data before experiments", f))
    }
    if (!startsWith(f, "stat_") && ("n_sigma" %in% a || "sigma" %in% a)) expect_false("sigma" %in% a)
  }
  expect_gte(n_checked, 12L)
  expect_identical(fm$gm2_band[1:2], c("model", "mass_mev"))
  expect_identical(fm$discriminate[1:2], c("experiments", "data"))
})

test_that("benchmark columns and experiment columns have one name", {
  bp <- benchmark_points()
  expect_identical(names(bp)[1], "benchmark")
  expect_false(any(c("bp", "point", "label") %in% names(bp)))
  s <- spallation_spectra("CCM", benchmarks = bp[1, ])
  expect_true(all(c("experiment", "benchmark") %in% names(s)))
  expect_false(any(c("detector", "point", "bp") %in% names(s)))
  expect_identical(levels(s$benchmark), c("SM", "BP1"))
})

test_that("a coupling outside |g| <= sqrt(4 pi) is refused everywhere, with a mass hint", {
  cls <- "muonphilic_error_input"
  # the slip of issue 16: mass and coupling swapped
  expect_error(delta_amu(lmu_ltau(), 15, 5e-4), class = cls)
  expect_error(delta_amu(lmu_ltau(), 15, 5e-4), "sqrt\\(4 pi\\)")
  expect_error(delta_amu(lmu_ltau(), 15, 5e-4), "mass in MeV given as `g`")
  # the perturbative edge itself is allowed, a negative g is a coupling too
  gmax <- sqrt(4 * pi)
  expect_equal(delta_amu(lmu_ltau(), gmax, 10), delta_amu(lmu_ltau(), -gmax, 10))
  expect_equal(delta_amu(lmu_ltau(), gmax, 10) / delta_amu(lmu_ltau(), 1, 10), 4 * pi,
               tolerance = 1e-12)
  calls <- list(
    delta_amu = quote(delta_amu(lmu_ltau(), 15, 5e-4)),
    decay_widths = quote(decay_widths(lmu_ltau(), 15, 300)),
    decay_length_cm = quote(decay_length_cm(lmu_ltau(), 15, 300, 50)),
    na64mu_xsec = quote(na64mu_xsec(lmu_ltau(), 15, 100, 0.5)),
    cevns_xsec = quote(cevns_xsec("Ar40", lmu_ltau(), 15, 10, "mu", 30, 10)),
    electron_xsec = quote(electron_xsec(lmu_ltau(), 15, 10, "mu", 1, 10)),
    xenon_rate = quote(xenon_rate(lmu_ltau(), 15, 10, 1, components = "8B")),
    spallation_rate = quote(spallation_rate(spallation_detector("CCM"), lmu_ltau(), 15, 10, 30)),
    na64mu_spectrum = quote(na64mu_spectrum(na64mu(), lmu_ltau(), 15, 100)),
    expected_counts = quote(expected_counts(na64mu(), lmu_ltau(), 15, 100)),
    asimov = quote(asimov(na64mu(), lmu_ltau(), 15, 100)),
    discovery_significance = quote(discovery_significance(
      xenon_detector("DARWIN", rate_terms = function(model, mass_mev, recoil_kev, channel, ...) {
        structure(array(1, c(length(recoil_kev), 1, length(mass_mev))), powers = 0)
      }), lmu_ltau(), 15, 10))
  )
  # also from the user's own function and through do.call()
  calls$wrapped <- quote((function(m) delta_amu(m, 15, 5e-4))(lmu_ltau()))
  calls$do_call <- quote(do.call(delta_amu, list(lmu_ltau(), 15, 5e-4)))
  for (nm in names(calls)) {
    e <- tryCatch(eval(calls[[nm]]), error = function(e) e)
    expect(inherits(e, cls) && grepl("sqrt(4 pi)", conditionMessage(e), fixed = TRUE),
           sprintf("%s() accepted g = 15 or failed otherwise: %s", nm,
                   if (inherits(e, "error")) conditionMessage(e) else "no error"))
  }
})

test_that("targets are given the same way everywhere: a name or an object", {
  w_name <- na64mu(target = "W")
  w_obj <- na64mu(target = target_material("W"))
  expect_equal(w_name$target, target_material("W"))
  expect_equal(expected_counts(w_name, lmu_ltau(), 1e-3, 100),
               expected_counts(w_obj, lmu_ltau(), 1e-3, 100))
  # tungsten is not lead: the name is not ignored
  expect_false(isTRUE(all.equal(expected_counts(w_name, lmu_ltau(), 1e-3, 100)$counts,
                                expected_counts(na64mu(), lmu_ltau(), 1e-3, 100)$counts)))
  expect_equal(photon_flux_chi(100, target = "W"), photon_flux_chi(100, target = target_material("W")))
  expect_equal(na64mu_xsec(lmu_ltau(), 1e-3, 100, 0.5, target = "Fe"),
               na64mu_xsec(lmu_ltau(), 1e-3, 100, 0.5, target = target_material("Fe")))
  expect_equal(sm_counts(spallation_detector("CCM", target = "Xe")),
               sm_counts(spallation_detector("CCM", target = nucleus("Xe"))))
  # the other experiment's kind of target is named in the message
  expect_error(na64mu(target = nucleus("Ar40")), "CEvNS targets", class = "muonphilic_error_input")
  expect_error(spallation_detector("CCM", target = target_material("W")), "NA64mu targets",
               class = "muonphilic_error_input")
})

# Each deprecated spelling: the old call must warn (class) and give what the
# new call gives.
expect_same_deprecated <- function(old, new, compare = identity) {
  env <- parent.frame()
  expect_warning(o <- eval(old, env), class = deprecated_class)
  n <- withCallingHandlers(eval(new, env), muonphilic_warning_deprecated = function(w) {
    stop("the new spelling warned: ", conditionMessage(w))
  })
  expect_equal(compare(o), compare(n))
}

test_that("every deprecated argument name warns and gives the new name's result", {
  expect_same_deprecated(quote(flavour_probabilities(10, "8B", params = "nufit60")),
                         quote(flavour_probabilities(10, "8B", oscillation = "nufit60")))
  expect_same_deprecated(quote(na64mu(bins_gev = c(10, 50, 100))),
                         quote(na64mu(bin_edges_gev = c(10, 50, 100))))
  expect_same_deprecated(quote(spallation_detector("CCM", threshold_kev = 30)),
                         quote(spallation_detector("CCM", threshold_kevnr = 30)))
  expect_same_deprecated(quote(spallation_detector("CCM", bin_edges_kev = c(20, 60, 100))),
                         quote(spallation_detector("CCM", bin_edges_kevnr = c(20, 60, 100))))
  ccm <- spallation_detector("CCM")
  expect_same_deprecated(quote(spallation_rate(ccm, lmu_ltau(), 5e-4, 15, recoil_kev = c(25, 50))),
                         quote(spallation_rate(ccm, lmu_ltau(), 5e-4, 15, recoil_kevnr = c(25, 50))))
  expect_same_deprecated(quote(cevns_xsec("Ar40", lmu_ltau(), 5e-4, 15, "mu", 30, recoil_kev = 10)),
                         quote(cevns_xsec("Ar40", lmu_ltau(), 5e-4, 15, "mu", 30, recoil_kevnr = 10)))
  expect_same_deprecated(quote(helm_form_factor("Ar40", recoil_kev = c(0, 10))),
                         quote(helm_form_factor("Ar40", recoil_kevnr = c(0, 10))))
  expect_same_deprecated(quote(electron_xsec(lmu_ltau(), 5e-4, 15, "mu", 1, recoil_kev = c(1, 10))),
                         quote(electron_xsec(lmu_ltau(), 5e-4, 15, "mu", 1, recoil_kevee = c(1, 10))))
  expect_same_deprecated(quote(bound_electrons(recoil_kev = c(1, 10))),
                         quote(bound_electrons(recoil_kevee = c(1, 10))))
  xe <- function(x) list(background_counts(x), x$bins, x$grid)
  expect_same_deprecated(quote(xenon_detector("LZ", bins = 2)), quote(xenon_detector("LZ", n_bins = 2)), xe)
  expect_same_deprecated(quote(xenon_detector("LZ", grid_nr_kev = c(0.1, 15), n_bins = 1)),
                         quote(xenon_detector("LZ", grid_kevnr = c(0.1, 15), n_bins = 1)), xe)
  expect_same_deprecated(quote(xenon_detector("LZ", grid_er_kev = c(0.02, 35), n_bins = 1)),
                         quote(xenon_detector("LZ", grid_kevee = c(0.02, 35), n_bins = 1)), xe)
  expect_same_deprecated(quote(spallation_spectra("CCM", points = benchmark_points()[1, ])),
                         quote(spallation_spectra("CCM", benchmarks = benchmark_points()[1, ])))
  # giving both spellings is an input error, not a silent choice
  expect_error(na64mu(bins_gev = c(10, 100), bin_edges_gev = c(10, 100)),
               class = "muonphilic_error_input")
  # an unknown argument is an input error naming the allowed ones
  expect_error(na64mu(bin_edge_gev = c(10, 100)), "Allowed are", class = "muonphilic_error_input")
})

test_that("the discovery functions take n_sigma and threshold_kev (old names warn)", {
  rates <- function(model, mass_mev, recoil_kev, channel, ...) {
    f <- if (channel == "NR") 40 * exp(-recoil_kev) * (recoil_kev < 8) else 3 + 0 * recoil_kev
    out <- array(0, c(length(recoil_kev), 3, length(mass_mev)))
    for (m in seq_along(mass_mev)) {
      out[, 1, m] <- f
      out[, 2, m] <- f * 2e5 * (15 / mass_mev[m])^2
    }
    attr(out, "powers") <- c(0, 2, 4)
    out
  }
  d <- xenon_detector("DARWIN", analysis = "NR", threshold_kev = 1, rate_terms = rates, n_bins = 1)
  expect_same_deprecated(quote(discovery_exposure(d, lmu_ltau(), 5e-4, 15, sigma = 3)),
                         quote(discovery_exposure(d, lmu_ltau(), 5e-4, 15, n_sigma = 3)))
  bp <- benchmark_points()[1:2, ]
  expect_same_deprecated(
    quote(discovery_lines(d, benchmarks = bp, analyses = "NR", thresholds_kev = c(1, 2))),
    quote(discovery_lines(d, benchmarks = bp, analyses = "NR", threshold_kev = c(1, 2))))
  expect_same_deprecated(
    quote(discovery_lines(d, benchmarks = bp, analyses = "NR", threshold_kev = 1, sigma = 3)),
    quote(discovery_lines(d, benchmarks = bp, analyses = "NR", threshold_kev = 1, n_sigma = 3)))
  # an old benchmark frame (column `bp`) still works, with a warning
  old_bp <- bp
  names(old_bp)[names(old_bp) == "benchmark"] <- "bp"
  expect_same_deprecated(
    quote(discovery_lines(d, benchmarks = old_bp, analyses = "NR", threshold_kev = 1)),
    quote(discovery_lines(d, benchmarks = bp, analyses = "NR", threshold_kev = 1)))
  # n_sigma is what it says: the exposure for 3 sigma is below the one for 5
  l <- discovery_lines(d, benchmarks = bp, analyses = "NR", threshold_kev = 1, n_sigma = 3)
  l5 <- discovery_lines(d, benchmarks = bp, analyses = "NR", threshold_kev = 1)
  expect_true(all(l$exposure_tyr < l5$exposure_tyr))
  expect_identical(names(l)[1:3], c("experiment", "analysis", "benchmark"))
})

test_that("gm2_band(model, mass_mev) and discriminate(experiments, data); old orders warn", {
  expect_same_deprecated(quote(gm2_band(c(10, 100), "wp2025", 1)),
                         quote(gm2_band(lmu_ltau(), c(10, 100), "wp2025", 1)))
  expect_same_deprecated(quote(gm2_band(c(10, 100), n_sigma = 2)),
                         quote(gm2_band(lmu_ltau(), c(10, 100), n_sigma = 2)))
  mm <- c(10, 100)
  expect_same_deprecated(quote(gm2_band(mm, n_sigma = 2)),
                         quote(gm2_band(lmu_ltau(), mm, n_sigma = 2)))
  lmu_band <- gm2_band(lmu(), 50)
  expect_same_deprecated(quote(gm2_band(50, "fnal2021", c(1, 2), lmu())), quote(lmu_band))
  # the new order with names in any order needs no warning
  expect_equal(gm2_band(mass_mev = 50, model = lmu()), lmu_band)
  x <- toy_poisson(a_tau = 2)
  d <- asimov(x, lmu_ltau(), 1e-3, 30)
  g <- 10^seq(-4, -2, length.out = 5)
  m <- c(10, 30, 100)
  strip <- function(r) {
    attr(r, "scans") <- NULL
    r
  }
  expect_same_deprecated(quote(discriminate(d, x, lmu_ltau(), lmu(), g, m, refine = FALSE)),
                         quote(discriminate(x, d, lmu_ltau(), lmu(), g, m, refine = FALSE)),
                         strip)
})

test_that("reconstruction_figure() takes `benchmarks` (old `bps` warns)", {
  skip_if_not_installed("ggplot2")
  mk <- function(bp) list(A = toy_poisson(a_tau = 2))
  g <- 10^seq(-4, -2, length.out = 5)
  m <- c(10, 30, 100)
  scans <- function(p) lapply(attr(p, "scans"), as.data.frame)
  expect_same_deprecated(
    quote(reconstruction_figure(mk, bps = benchmark_points()[1, ], g = g, mass_mev = m)),
    quote(reconstruction_figure(mk, benchmarks = benchmark_points()[1, ], g = g, mass_mev = m)),
    scans)
})

test_that("messages say what was passed and what to use instead", {
  xe <- xenon_detector("LZ", n_bins = 1)
  expect_error(sm_counts(xe), "xenon detector (\"LZ\"), which has no spallation counts; use expected_counts(",
               fixed = TRUE, class = "muonphilic_error_input")
  expect_error(spallation_rate(xe, lmu_ltau(), 1e-3, 10, 20), "xenon detector (\"LZ\")",
               fixed = TRUE, class = "muonphilic_error_input")
  expect_error(delta_amu(lmu_ltau, 1e-3, 10), "did you mean lmu_ltau()?", fixed = TRUE,
               class = "muonphilic_error_input")
  # a model where the experiment belongs: the order is named
  for (f in list(expected_counts, asimov, na64mu_spectrum, spallation_rate,
                 discovery_significance)) {
    expect_error(f(lmu_ltau(), na64mu(), 1e-3, 10), "experiment comes first",
                 class = "muonphilic_error_input")
  }
})

test_that("a wrong list is described by what it holds", {
  cls <- "muonphilic_error_input"
  expect_error(expected_counts(list(na64mu(), na64mu()), lmu_ltau(), 1e-3, 10),
               "not a list of 2 experiments", class = cls)
  expect_error(delta_amu(unclass(lmu_ltau()), 1e-3, 10),
               "a list of length 3 (elements `name`, `charges`, `mixing`)", fixed = TRUE, class = cls)
  expect_error(cevns_xsec(list(lmu_ltau()), lmu_ltau(), 1e-3, 10, "mu", 30, 10),
               "not a list of 1 model", class = cls)
})

test_that("fields named by the old arguments still rebuild the object", {
  s <- spallation_detector("CCM")
  s$threshold_kev <- 30
  expect_equal(s, spallation_detector("CCM", threshold_kevnr = 30))
  n <- na64mu()
  n$bins_gev <- c(10, 50, 100)
  expect_equal(n, na64mu(bin_edges_gev = c(10, 50, 100)))
  x <- xenon_detector("LZ")
  x$bins <- 3
  expect_equal(background_counts(x), background_counts(xenon_detector("LZ", n_bins = 3)))
})

test_that("update() with an old argument name warns and gives the new name's result", {
  s <- spallation_detector("CCM")
  expect_same_deprecated(quote(update(s, threshold_kev = 30)),
                         quote(update(s, threshold_kevnr = 30)))
  n <- na64mu()
  expect_same_deprecated(quote(update(n, bins_gev = c(10, 50, 100))),
                         quote(update(n, bin_edges_gev = c(10, 50, 100))))
  x <- xenon_detector("LZ")
  expect_same_deprecated(quote(update(x, bins = 3)), quote(update(x, n_bins = 3)),
                         compare = background_counts)
  # a field that is not a renamed argument is no deprecation
  expect_no_warning(update(s, sin2w = 0.24))
})

test_that("citation() gives the software and the paper", {
  ci <- citation("muonphilic")
  expect_gte(length(ci), 2L)
  types <- vapply(unclass(ci), function(e) attr(e, "bibtype"), character(1))
  expect_identical(types[1], "Manual")
  expect_match(format(ci[1], style = "text"), as.character(utils::packageVersion("muonphilic")),
               fixed = TRUE)
  dois <- vapply(unclass(ci), function(e) e$doi %||% NA_character_, character(1))
  expect_true("10.1140/epjc/s10052-021-09670-0" %in% dois)
})
