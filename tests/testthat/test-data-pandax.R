# PandaX-4T solar-8B counts (PRL 133, 191001): paired and US2 channels.

pdx <- pandax4t_8b_2024()
flux_8b <- solar_components()$flux[solar_components()$component == "8B"]
sm <- count_terms(pdx, lmu_ltau(), mass_mev = 100)[, 1, 1]

test_that("the published counts and backgrounds", {
  expect_equal(unname(observed_counts(pdx)), c(3, 332))
  expect_equal(unname(background_counts(pdx)), c(2.8, 251))
  expect_equal(pdx$channels$background_sigma, c(0.5, 32))
  expect_equal(pdx$channels$exposure_tyr, c(1.20, 1.04))
  expect_identical(statistic(pdx)$kind, "custom")
})

test_that("the signal is the package's 8B spectrum times efficiency and exposure (independent integral)", {
  raw <- pandax4t_8b_2024(efficiency_scale = c(1, 1))
  sm_raw <- count_terms(raw, lmu_ltau(), mass_mev = 100)[, 1, 1]
  eff <- utils::read.csv(system.file("extdata", "pandax4t-8b-2024", "efficiency_paired_snudd.csv",
                                     package = "muonphilic"), comment.char = "#")
  rate <- function(e) {
    r <- xenon_rate(NULL, g = 0, mass_mev = 1, recoil_kev = e, components = "8B")
    r$rate[r$component == "8B"]
  }
  eps <- stats::approxfun(eff[[1]], eff[[2]], rule = 2)
  integral <- function(f, lo) {
    # panels end at the knots of the efficiency table (kinks); the 8B recoil
    # spectrum ends near 4.8 keVnr
    cuts <- sort(unique(c(lo, eff[[1]], 1, 2, 3, 4, 5, 8)))
    cuts <- cuts[cuts >= lo]
    sum(vapply(seq_len(length(cuts) - 1L), function(k) {
      stats::integrate(f, cuts[k], cuts[k + 1L], rel.tol = 1e-7, subdivisions = 500)$value
    }, numeric(1)))
  }
  paired <- 1.20 * integral(function(e) rate(e) * eps(e), min(eff[[1]]))
  us2 <- 1.04 * integral(rate, 0.33)
  expect_equal(unname(sm_raw), c(paired, us2), tolerance = 1e-5)
  # with an A': the linear and quadratic terms fold the same way
  g <- 3e-3
  ec <- expected_counts(raw, lmu_ltau(), g = g, mass_mev = 5)
  rate_g <- function(e) {
    r <- xenon_rate(lmu_ltau(), g = g, mass_mev = 5, recoil_kev = e, components = "8B")
    r$rate[r$component == "8B"]
  }
  us2_g <- 1.04 * integral(rate_g, 0.33)
  expect_equal(ec$counts[2], us2_g, tolerance = 1e-5)
})

test_that("normalised to the publication: 3.5 paired and 75 US2 8B events at the measured flux", {
  # publication: best-fit 8B signal 3.5 (paired) and 75 (US2) events at
  # (8.4 +- 3.1) 1e6 cm^-2 s^-1
  expect_equal(unname(sm) * 8.4e6 / flux_8b, c(3.5, 75), tolerance = 1e-6)
  # the digitised paired efficiency alone gives more (documented)
  expect_gt(pdx$efficiency_scale[["paired"]], 0.5)
  expect_lt(pdx$efficiency_scale[["paired"]], 1)
})

test_that("the background is profiled exactly (closed form against optimize())", {
  one <- function(s, n, b0, sd) {
    stats::optimize(function(b) 2 * (s + b - n + n * log(n / (s + b))) + ((b - b0) / sd)^2,
                    c(0, 2000), tol = 1e-12)$objective
  }
  for (mu in c(0, 1, 2.5, 20)) {
    ref <- sum(vapply(1:2, function(i) {
      one(sm[i] * mu, pdx$channels$observed[i], pdx$channels$background[i],
          pdx$channels$background_sigma[i])
    }, numeric(1)))
    expect_equal(nuisance_m2ll(pdx, observed_counts(pdx), sm * mu), ref, tolerance = 1e-8)
  }
  # zero counts: the background is pulled to b0 - sigma^2 or to 0
  # (paired: b = 2.8 - 0.5^2; US2: b0 - sigma^2 < 0, so b = 0)
  expect_equal(nuisance_m2ll(pdx, c(0, 0), c(0, 0)),
               2 * (2.8 - 0.25) + 0.25^2 / 0.25 + (251 / 32)^2, tolerance = 1e-10)
})

test_that("8B is seen by the counts alone, with the published flux inside the fit", {
  mu <- seq(0, 4, by = 0.01)
  m <- nuisance_m2ll(pdx, observed_counts(pdx), outer(sm, mu))
  z <- sqrt(m[1] - min(m))
  # publication (spectral fit): 2.64 sigma; the counts carry less information
  expect_gt(z, 1.5)
  expect_lt(z, 2.64)
  # publication: (8.4 +- 3.1) 1e6 cm^-2 s^-1
  phi <- mu[which.min(m)] * flux_8b
  expect_gt(phi, 8.4e6 - 3.1e6)
  expect_lt(phi, 8.4e6 + 3.1e6)
})

test_that("a 90 % CL limit on LmuLtau from the counts, combinable with XENONnT", {
  g <- 10^seq(-4, -1, length.out = 20)
  mass <- c(1, 100, 1000)
  s <- scan_grid(list(pandax = pdx, xenonnt = xenonnt_8b_2024()), NULL, lmu_ltau(),
                 g = g, mass_mev = mass, combine = TRUE)
  expect_identical(unique(s$experiment), c("pandax", "xenonnt", "combined"))
  limit <- vapply(mass, function(m) {
    d <- s[s$mass_mev == m & s$experiment == "combined", ]
    above <- which(d$delta > qchisq(0.9, 1) & d$g > d$g[which.min(d$delta)])
    if (length(above)) d$g[min(above)] else NA_real_
  }, numeric(1))
  expect_true(all(is.finite(limit)))
  expect_true(all(diff(limit) > 0))
})

test_that("bad inputs and a missing data file give classed errors", {
  expect_error(nuisance_m2ll(pdx, 3, sm), class = "muonphilic_error_input")
  expect_error(nuisance_m2ll(pdx, c(3, -1), sm), class = "muonphilic_error_input")
  expect_error(nuisance_m2ll(pdx, c(3, NA), sm), class = "muonphilic_error_input")
  expect_error(nuisance_m2ll(pdx, c(3, 332), c(1, 2, 3)), class = "muonphilic_error_input")
  expect_error(minus2_loglik(pdx, c(3, 332, 1), sm), class = "muonphilic_error_input")
  expect_error(pandax4t_8b_2024(efficiency_scale = 1), class = "muonphilic_error_input")
  expect_error(pandax4t_8b_2024(efficiency_scale = c(1, -1)), class = "muonphilic_error_input")
  expect_error(pandax4t_8b_2024(us2_threshold_kevnr = Inf), class = "muonphilic_error_input")
  expect_error(pandax4t_8b_2024(components = "none"), class = "muonphilic_error_input")
  expect_error(pandax4t_8b_2024(data_dir = tempfile("no-such-dir")),
               class = "muonphilic_error_data")
  d <- tempfile("pdx")
  dir.create(d)
  file.copy(system.file("extdata", "pandax4t-8b-2024", "channels.csv", package = "muonphilic"), d)
  expect_error(pandax4t_8b_2024(data_dir = d), "efficiency_paired_snudd.csv",
               class = "muonphilic_error_data")
})
