# Regression tests for the defects of issue 15 ("Nothing a user types
# returns a wrong number"): one block per reproducer of the audit.

# --- 1. long inputs must not break the flux-fold cache ---------------------

test_that("600 recoil energies: the fold cache works (no over-long cache key)", {
  e <- seq(0.1, 50, length.out = 600)
  r <- xenon_rate(lmu_ltau(), 5e-4, 15, e, components = "8B")
  tot <- r$rate[r$component == "total"]
  expect_length(tot, 600L)
  expect_true(all(is.finite(tot) & tot >= 0))
  # the cached two-stage path equals the direct one (cross section at g first)
  pick <- c(1, 17, 300)
  d <- muonphilic:::xenon_rate_direct(lmu_ltau(), 5e-4, 15, e[pick], components = "8B")
  expect_equal(tot[pick], rowSums(d[, , 1]), tolerance = 1e-10)
})

test_that("a 501-point detector grid gives counts (and the Simpson limit of 301 points)", {
  rt <- function(model, mass_mev, recoil_kev, channel, ...) {
    # a smooth known spectrum keeps this test fast; the grid is what matters
    out <- array(0, c(length(recoil_kev), 1L, length(mass_mev)))
    out[, 1, ] <- 10 * exp(-recoil_kev / 3)
    structure(out, powers = 0)
  }
  fine <- expected_counts(xenon_detector("LZ", n_grid = 501L, rate_terms = rt),
                          lmu_ltau(), 5e-4, 15)
  coarse <- expected_counts(xenon_detector("LZ", n_grid = 301L, rate_terms = rt),
                            lmu_ltau(), 5e-4, 15)
  expect_true(all(is.finite(fine$counts) & fine$counts >= 0))
  # Simpson's rule in ln E has converged to ~1e-5 at 301 points
  expect_equal(fine$counts, coarse$counts, tolerance = 1e-4)
})

test_that("the package's solar rates on a 501-point grid: the issue's reproducer", {
  withr::local_options(muonphilic.rel_tol = 1e-6)
  lz <- xenon_detector("LZ", n_grid = 501L, n_bins = 2L)
  n <- expected_counts(lz, lmu_ltau(), 5e-4, 15)
  expect_true(all(is.finite(n$counts) & n$counts > 0))
})

test_that("a scan of a xenon detector builds its response and flux folds once", {
  d <- xenon_detector("DARWIN", n_bins = 2L, n_grid = 51L)
  masses <- 10^seq(0, 3, length.out = 20)
  s <- scan_grid(list(DARWIN = d), list(rep(0, 2)), lmu_ltau(),
                 g = 10^seq(-5, -3, length.out = 3), mass_mev = masses)
  expect_true(all(is.finite(s$minus2_loglik)))
  # the scan calls count_terms() once per chunk of masses; the detector's
  # own cache then holds one response and one fold per channel
  kinds <- vapply(d$cache$entries, function(en) en$key[[1]], "")
  expect_equal(sum(kinds == "response"), 1L)
  expect_equal(sum(kinds == "fold1"), 2L) # NR and ER
  # and a cached response is the one a fresh detector builds
  expect_identical(muonphilic:::response_of(d),
                   muonphilic:::response_of(xenon_detector("DARWIN", n_bins = 2L, n_grid = 51L)))
})

# --- 2. user rate functions and rate_args ----------------------------------

test_that("rate_terms and rate_args errors are classed, rate_args checked at construction", {
  boom <- xenon_detector("LZ", rate_terms = function(...) stop("boom"))
  expect_error(expected_counts(boom, lmu_ltau(), 5e-4, 15),
               class = "muonphilic_error_input", regexp = "boom")
  expect_error(xenon_detector("LZ", rate_args = list(foo = 1)),
               class = "muonphilic_error_input", regexp = "foo")
  expect_error(xenon_detector("LZ", rate_args = list(model = lmu())),
               class = "muonphilic_error_input", regexp = "model")
  expect_error(xenon_detector("LZ", rate_args = list(1)),
               class = "muonphilic_error_input")
  # a user function with named extras: only those are accepted
  f <- function(model, mass_mev, recoil_kev, channel, scale = 1) {
    structure(array(scale, c(length(recoil_kev), 1L, length(mass_mev))), powers = 0)
  }
  expect_error(xenon_detector("LZ", rate_terms = f, rate_args = list(sclae = 2)),
               class = "muonphilic_error_input", regexp = "sclae")
  d <- xenon_detector("LZ", rate_terms = f, rate_args = list(scale = 2), n_bins = 1L)
  d1 <- xenon_detector("LZ", rate_terms = f, n_bins = 1L)
  expect_equal(expected_counts(d, lmu_ltau(), 0, 15)$counts,
               2 * expected_counts(d1, lmu_ltau(), 0, 15)$counts)
})

# --- 3. negative or non-finite user rates ----------------------------------

test_that("negative or non-finite user rates are refused, not counted", {
  const <- function(v) function(model, mass_mev, recoil_kev, channel, ...) {
    structure(array(v, c(length(recoil_kev), 3L, length(mass_mev))), powers = c(0, 2, 4))
  }
  expect_error(expected_counts(xenon_detector("LZ", rate_terms = const(-1)), lmu_ltau(), 5e-4, 15),
               class = "muonphilic_error_input", regexp = "negative")
  e <- expect_error(expected_counts(xenon_detector("LZ", rate_terms = const(NaN)),
                                    lmu_ltau(), 5e-4, 15),
                    class = "muonphilic_error_input")
  expect_match(conditionMessage(e), "NaN")
  expect_no_match(conditionMessage(e), "too large")
  # a negative interference term is physics; negative counts are not
  neg <- function(model, mass_mev, recoil_kev, channel, ...) {
    out <- array(0, c(length(recoil_kev), 3L, length(mass_mev)))
    out[, 1, ] <- 1
    out[, 2, ] <- -1e6
    out[, 3, ] <- 0
    structure(out, powers = c(0, 2, 4))
  }
  d <- xenon_detector("LZ", rate_terms = neg, n_bins = 1L)
  expect_gt(expected_counts(d, lmu_ltau(), 1e-4, 15)$counts, 0)   # 1 - 1e-2
  expect_error(expected_counts(d, lmu_ltau(), 1e-2, 15),          # 1 - 100
               class = "muonphilic_error_input", regexp = "Negative")
})

# --- 4. edited objects -----------------------------------------------------

test_that("an edited spallation detector equals a freshly built one", {
  ess <- spallation_detector("ESS")
  one <- sum(sm_counts(ess)$counts)
  ess$years <- 10
  ess$mass_t <- 5
  fresh <- spallation_detector("ESS", mass_t = 5, years = 10)
  expect_equal(sum(sm_counts(ess)$counts), sum(sm_counts(fresh)$counts))
  # counts scale with targets x years (Eq. 32): 5 t x 10 yr against the preset
  expect_equal(sum(sm_counts(ess)$counts),
               one * 5 * 10 / spallation_detector("ESS")$mass_t, tolerance = 1e-12)
  expect_equal(update(spallation_detector("ESS"), years = 10, mass_t = 5)$exposure_cm2,
               fresh$exposure_cm2)
  # the field of a differently named argument
  ess$sin2w <- 0.23
  expect_equal(ess$sin2w, 0.23)
  expect_error(ess$sin2w <- 2, class = "muonphilic_error_input")
})

test_that("an edited xenon detector equals a freshly built one", {
  rt <- function(model, mass_mev, recoil_kev, channel, ...) {
    out <- array(0, c(length(recoil_kev), 1L, length(mass_mev)))
    out[, 1, ] <- exp(-recoil_kev / 4)
    structure(out, powers = 0)
  }
  lz <- xenon_detector("LZ", rate_terms = rt, n_bins = 2L)
  lz$exposure_tyr <- 40
  lz$analysis <- "ER"
  fresh <- xenon_detector("LZ", rate_terms = rt, n_bins = 2L, exposure_tyr = 40, analysis = "ER")
  expect_equal(lz$threshold_kev, fresh$threshold_kev)
  expect_equal(expected_counts(lz, lmu_ltau(), 0, 15)$counts,
               expected_counts(fresh, lmu_ltau(), 0, 15)$counts)
  expect_equal(background_counts(lz), background_counts(fresh))
})

test_that("derived fields and bad values of edited objects give classed errors", {
  lz <- xenon_detector("LZ")
  expect_error(lz$grid$NR[3] <- NA, class = "muonphilic_error_input", regexp = "grid")
  expect_error(lz$nr_acceptance <- -1, class = "muonphilic_error_input")
  expect_error(lz$exposure_tyr <- -1, class = "muonphilic_error_input")
  expect_error(lz$efficiency_nr[1] <- NaN, class = "muonphilic_error_input")
  expect_error(lz[["bins"]] <- 0, class = "muonphilic_error_input")
  expect_error(lz["bins"] <- list(2), class = "muonphilic_error_input")
  xe <- nucleus("Xe")
  expect_error(xe$isotopes$abundance[1] <- -1, class = "muonphilic_error_input")
  expect_error(xe$abundance <- -xe$isotopes$abundance, class = "muonphilic_error_input")
  ess <- spallation_detector("ESS")
  expect_error(ess$target$isotopes$abundance <- -1, class = "muonphilic_error_input")
  expect_error(ess$exposure_cm2 <- 1, class = "muonphilic_error_input", regexp = "derived")
  na <- na64mu()
  expect_error(na$efficiency <- 2, class = "muonphilic_error_input")
  pb <- target_material("Pb")
  expect_error(pb$z <- -1, class = "muonphilic_error_input")
  pb$density_gcm3 <- 11
  expect_equal(c(pb$z, pb$a, pb$density_gcm3), c(82, 207.2, 11))
  expect_error(update(lz, nonsense = 1), class = "muonphilic_error_input",
               regexp = "not an argument")
})

test_that("objects edited behind the constructor's back are refused by every method", {
  forge <- function(x, field, value) {
    y <- unclass(x)
    y[[field]] <- value
    attributes(y) <- c(attributes(y)[setdiff(names(attributes(y)), "class")],
                       list(class = class(x)))
    y
  }
  lz <- forge(xenon_detector("LZ"), "exposure_tyr", -1)
  ess <- forge(spallation_detector("ESS"), "years", 10)
  na <- forge(na64mu(), "efficiency", 2)
  for (x in list(lz, ess, na)) {
    expect_error(expected_counts(x, lmu_ltau(), 5e-4, 15), class = "muonphilic_error_input")
    expect_error(count_terms(x, lmu_ltau(), 15), class = "muonphilic_error_input")
    expect_error(background_counts(x), class = "muonphilic_error_input")
    expect_error(statistic(x), class = "muonphilic_error_input")
  }
  nuc <- forge(nucleus("Ar40"), "targets_per_tonne", -1)
  expect_error(helm_form_factor(nuc, 10), class = "muonphilic_error_input")
  expect_error(spallation_detector("ESS", target = nuc), class = "muonphilic_error_input")
  pb <- forge(target_material("Pb"), "z", NaN)
  expect_error(photon_flux_chi(15, target = pb), class = "muonphilic_error_input")
})

# --- 5. casts in C -----------------------------------------------------------

test_that("NaN or huge curve and channel codes are refused in C before any cast", {
  ns <- asNamespace("muonphilic")
  bad_curves <- list(c(NaN, 1, 2, 3), c(1e300, 1, 2), c(2, NaN, 1, 2, 3, 4),
                     c(2, 1e300, 1, 2, 3, 4), c(2, -5, 1, 2))
  for (cv in bad_curves) {
    expect_error(.Call(ns$ffi_curve_eval, cv, c(1, 2), 1, 0L))
  }
  d <- xenon_detector("DARWIN", n_bins = 1L)
  g <- muonphilic:::true_grid(d, "NR")
  spec <- muonphilic:::channel_spec(d, "NR")
  for (v in c(NaN, 1e300, -Inf)) {
    spec[1] <- v
    expect_error(.Call(ns$ffi_det_response, spec, d$efficiency_nr, d$resolution,
                       g$e, g$w, c(1, 2)))
  }
  expect_error(.Call(ns$ffi_solar_shape, muonphilic:::solar_spec(), NaN, 1, 1e-6))
  expect_error(.Call(ns$ffi_pidar_flux, 1e300, 0.03))
})

# --- 7. interrupts -----------------------------------------------------------

test_that("a long photon_flux_chi() honours setTimeLimit()", {
  m <- seq(1, 1000, length.out = 1e6)
  t0 <- proc.time()[["elapsed"]]
  e <- tryCatch({
    setTimeLimit(elapsed = 0.5, transient = TRUE)
    photon_flux_chi(m)
  }, error = function(e) e, finally = setTimeLimit(elapsed = Inf))
  secs <- proc.time()[["elapsed"]] - t0
  expect_s3_class(e, "error")
  expect_match(conditionMessage(e), "time limit")
  expect_lt(secs, 3)
})

# --- 8. reproduce_paper(dir) -------------------------------------------------

test_that("reproduce_paper() checks dir first and never overwrites silently", {
  skip_if_not_installed("ggplot2")
  f <- withr::local_tempfile(lines = "not a directory")
  t0 <- proc.time()[["elapsed"]]
  expect_error(reproduce_paper(f, quick = TRUE, figures = 1),
               class = "muonphilic_error_input", regexp = "existing file")
  expect_lt(proc.time()[["elapsed"]] - t0, 1) # refused before any figure
  dir <- withr::local_tempdir()
  writeLines("mine", file.path(dir, "claims.csv"))
  writeLines("keep", file.path(dir, "notes.txt"))
  expect_error(reproduce_paper(dir, quick = TRUE, figures = 1),
               class = "muonphilic_error_input", regexp = "claims.csv")
  expect_equal(readLines(file.path(dir, "claims.csv")), "mine")
  expect_error(reproduce_paper(dir, overwrite = NA), class = "muonphilic_error_input")
  # a figure's file counts as well (checked before anything is computed)
  writeLines("old", file.path(dir, "fig04.png"))
  file.remove(file.path(dir, "claims.csv"))
  expect_error(reproduce_paper(dir, quick = TRUE, figures = c(1, 4)),
               class = "muonphilic_error_input", regexp = "fig04.png")
  expect_equal(readLines(file.path(dir, "fig04.png")), "old")
  expect_false(file.exists(file.path(dir, "fig01.png")))
  # overwrite = TRUE replaces them: see the full run in test-reproduce.R
})
