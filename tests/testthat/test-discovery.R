# Discovery reach (Eq. 38; Figs. 11, 13, 14).

# analytic rates: SM + g^2 + g^4 terms with fixed shapes
toy_rates <- function(a2 = 2e5, a4 = 0) {
  function(model, mass_mev, recoil_kev, channel, ...) {
    f <- if (channel == "NR") 40 * exp(-recoil_kev) * (recoil_kev < 8) else 3 + 0 * recoil_kev
    out <- array(0, c(length(recoil_kev), 3, length(mass_mev)))
    for (m in seq_along(mass_mev)) {
      out[, 1, m] <- f
      out[, 2, m] <- f * a2 * (15 / mass_mev[m])^2
      out[, 3, m] <- f * a4
    }
    attr(out, "powers") <- c(0, 2, 4)
    out
  }
}

test_that("the p-value is the Poisson tail, continuous in n, 5 sigma <-> 2.87e-7", {
  b <- 3.7
  for (n in c(1, 4, 9, 15)) {
    tail <- sum(dpois(n:400, b))
    expect_equal(poisson_pvalue(n, b), tail, tolerance = 1e-12)
  }
  # continuity in n at integers and the regularised gamma between them
  n <- c(4 - 1e-9, 4, 4 + 1e-9)
  p <- poisson_pvalue(n, b)
  expect_lt(max(abs(diff(p))), 1e-8)
  expect_equal(poisson_pvalue(6.3, b), pgamma(b, shape = 6.3), tolerance = 1e-12)
  expect_equal(p_to_sigma(2.87e-7), 5, tolerance = 1e-3)
  expect_equal(p_to_sigma(pnorm(5, lower.tail = FALSE)), 5, tolerance = 1e-10)
  # discovery_significance() uses the Asimov Z_A with b = SM + background
  d <- xenon_detector("DARWIN", analysis = "ER", rate_terms = toy_rates())
  s <- discovery_significance(d, lmu_ltau(), g = 5e-4, mass_mev = c(15, 25), exposure_tyr = 3)
  expect_equal(s$b, s$n_sm + s$n_background)
  za <- sqrt(2 * (s$n_obs * log(s$n_obs / s$b) - (s$n_obs - s$b)))
  expect_equal(s$sigma, za, tolerance = 1e-10)
  expect_equal(s$p_value, pnorm(za, lower.tail = FALSE), tolerance = 1e-10)
  expect_equal(s$n_obs[1] - s$n_background[1],
               sum(expected_counts(d, lmu_ltau(), 5e-4, 15)$counts) * 3 / 200,
               tolerance = 1e-12)
})

test_that("discovery_exposure() hits the target significance and scales with the signal", {
  d <- xenon_detector("DARWIN", analysis = "NR+ER", threshold_kev = 0.5, rate_terms = toy_rates())
  g <- c(3e-4, 5e-4, 8e-4)
  e <- discovery_exposure(d, lmu_ltau(), g = g, mass_mev = 15)
  expect_true(all(e$reachable))
  expect_true(all(diff(e$exposure_tyr) < 0)) # more signal, less exposure
  for (i in seq_along(g)) {
    s <- discovery_significance(d, lmu_ltau(), g[i], 15, exposure_tyr = e$exposure_tyr[i])
    expect_equal(s$sigma, 5, tolerance = 1e-6)
  }
  # independent root in R: uniroot on the Asimov significance
  s1 <- discovery_significance(d, lmu_ltau(), g[2], 15, exposure_tyr = 1)
  f <- function(u) {
    n <- exp(u) * s1$n_obs
    b <- exp(u) * s1$b
    sqrt(2 * (n * log(n / b) - (n - b))) - 3
  }
  u <- uniroot(f, c(-10, 20), tol = 1e-12)$root
  e3 <- discovery_exposure(d, lmu_ltau(), g[2], 15, n_sigma = 3)
  expect_equal(e3$exposure_tyr, exp(u), tolerance = 1e-7)
  # no excess (the SM itself, or a deficit) is unreachable: Inf with a flag
  z <- discovery_exposure(d, lmu_ltau(), g = 0, mass_mev = 15)
  expect_identical(z$exposure_tyr, Inf)
  expect_false(z$reachable)
  expect_match(z$status, "no excess")
  deficit <- xenon_detector("DARWIN", rate_terms = toy_rates(a2 = -2e5))
  expect_false(discovery_exposure(deficit, lmu_ltau(), 5e-4, 15)$reachable)
  tiny <- discovery_exposure(d, lmu_ltau(), 1e-6, 15, max_exposure_tyr = 1e4)
  expect_match(tiny$status, "beyond")
})

test_that("discovery_lines() agrees with discovery_exposure() and is tidy", {
  d <- xenon_detector("LZ", rate_terms = toy_rates())
  bp <- benchmark_points()
  l <- discovery_lines(d, benchmarks = bp, analyses = c("NR", "ER"),
                       threshold_kev = list(NR = c(0.7, 1, 2), ER = c(0.2, 1)))
  expect_s3_class(l, "muonphilic_discovery_lines")
  expect_equal(nrow(l), 4 * (3 + 2))
  expect_named(l, c("experiment", "analysis", "benchmark", "mass_mev", "g", "threshold_kev", "unit",
                    "exposure_tyr", "reachable", "status"))
  row <- l[l$analysis == "NR" & l$threshold_kev == 1 & l$benchmark == "BP2", ]
  ref <- discovery_exposure(d, lmu_ltau(), bp$g[2], bp$mass_mev[2], analysis = "NR",
                            threshold_kev = 1)
  expect_equal(row$exposure_tyr, ref$exposure_tyr, tolerance = 1e-12)
  expect_equal(unique(l$unit[l$analysis == "ER"]), "keVee")
  nom <- attr(l, "nominal")
  expect_equal(nom$exposure_tyr, c(15.34, 15.34))
  # default grids start at the floors
  l2 <- discovery_lines(d, analyses = c("NR", "NR+ER"), n_thresholds = 3)
  expect_equal(min(l2$threshold_kev[l2$analysis == "NR"]), 0.7)
  expect_equal(min(l2$threshold_kev[l2$analysis == "NR+ER"]), 0.1)
  if (requireNamespace("ggplot2", quietly = TRUE)) {
    expect_s3_class(ggplot2::autoplot(l), "ggplot")
  }
  expect_error(discovery_lines(d, threshold_kev = 0.3), class = "muonphilic_error_input")
  expect_error(discovery_lines(d, analyses = "S1"), class = "muonphilic_error_input")
  expect_error(discovery_exposure(d, lmu_ltau(), 5e-4, 15, analysis = "XR"),
               class = "muonphilic_error_input")
  expect_error(discovery_significance(d, lmu_ltau(), 5e-4, 15, exposure_tyr = -1),
               class = "muonphilic_error_input")
  expect_error(discovery_exposure(d, lmu_ltau(), 5e-4, 15, threshold_kev = 0.2),
               class = "muonphilic_error_input")
})

test_that("the paper's claims on xenon discovery reach (solar rates)", {
  bp <- benchmark_points()
  model <- lmu_ltau()
  # the paper's probabilities: de Salas et al. 2020 angles with delta_CP = 0
  osc <- oscillation_parameters("paper")
  mk <- function(name, ...) xenon_detector(name, ..., rate_args = list(oscillation = osc))
  # LZ and XENONnT at their nominal configurations: below 5 sigma for every BP
  for (nm in c("LZ", "XENONnT")) {
    for (an in c("NR", "ER", "NR+ER")) {
      s <- discovery_significance(mk(nm, analysis = an), model, bp$g, bp$mass_mev)
      expect_true(all(s$sigma < 5), label = paste(nm, an))
    }
  }
  darwin <- mk("DARWIN")
  # Paper: "a 100 ton year exposure with a threshold of 1 keV would suffice"
  # for BP1 via NR. Ours: ~60 t yr (the issue asks for at most ~100-200).
  nr <- discovery_exposure(darwin, model, bp$g[1], bp$mass_mev[1], analysis = "NR",
                           threshold_kev = 1)
  expect_lte(nr$exposure_tyr, 200)
  expect_gte(nr$exposure_tyr, 20)
  # Paper: "for BP1 one would require 400 ton year" via ER. Ours: ~480 t yr
  # at the nominal 1.5 keVee threshold ("several hundred").
  er <- discovery_exposure(darwin, model, bp$g[1], bp$mass_mev[1], analysis = "ER")
  expect_gte(er$exposure_tyr, 200)
  expect_lte(er$exposure_tyr, 800)
  # ER needs more exposure than NR at a 1 keV threshold for BP1
  expect_gt(er$exposure_tyr, nr$exposure_tyr)
  # Not a paper number but its premise: with NuFIT 5.0 (delta_CP = 195 deg)
  # P(e -> mu) > P(e -> tau) at 8B energies, the LmuLtau interference turns
  # negative and the NR reach for BP1 collapses (>1000 t yr at 1 keVnr).
  nu50 <- discovery_exposure(xenon_detector("DARWIN"), model, bp$g[1], bp$mass_mev[1],
                             analysis = "NR", threshold_kev = 1)
  expect_gt(nu50$exposure_tyr, 1000)
})

test_that("Z_A: the closed form to 1e-10, never negative for an excess, binned sums", {
  s <- c(0.0064, 0.5, 3, 40, 1e4)
  b <- c(0.0887, 0.2, 10, 40, 1e3)
  for (i in seq_along(s)) {
    z <- asimov_significance(s[i], b[i])
    expect_equal(z, sqrt(2 * ((s[i] + b[i]) * log(1 + s[i] / b[i]) - s[i])), tolerance = 1e-10)
    expect_gte(z, 0)
  }
  # the issue's XENONnT NR case at BP1: n = 0.0951 against b = 0.0887 was
  # sigma = -0.94 with the continued Poisson p-value
  expect_gt(asimov_significance(0.0951 - 0.0887, 0.0887), 0)
  expect_equal(asimov_significance(0, 5), 0)
  expect_lt(asimov_significance(-2, 5), 0) # a deficit
  # binned: the sum of the per-bin q0
  z1 <- asimov_significance(3, 2)
  z2 <- asimov_significance(5, 7)
  expect_equal(asimov_significance(c(3, 5), c(2, 7)), sqrt(z1^2 + z2^2), tolerance = 1e-12)
  # large counts: Z_A tends to s / sqrt(b)
  expect_equal(asimov_significance(100, 1e6), 100 / 1e3, tolerance = 1e-3)
  expect_error(asimov_significance(1, -1), class = "muonphilic_error_input")
  expect_error(asimov_significance(-3, 1), class = "muonphilic_error_input")
  expect_error(asimov_significance(1:2, 1), class = "muonphilic_error_input")
  # discovery_significance() is never negative for n >= b, even below one event
  d <- xenon_detector("DARWIN", analysis = "ER", rate_terms = toy_rates())
  tiny <- discovery_significance(d, lmu_ltau(), g = 5e-4, mass_mev = 15, exposure_tyr = 1e-4)
  expect_true(tiny$n_obs >= tiny$b)
  expect_gte(tiny$sigma, 0)
})

test_that("discovery for any experiment is the Asimov Z_A of its window totals", {
  z_a <- function(n, b) sign(n - b) * sqrt(2 * (n * log(n / b) - (n - b)))
  # ESS spallation detector: s + b and b from expected_counts() and
  # background_counts(), summed over the bins
  ess <- spallation_detector("ESS")
  m <- lmu_ltau()
  g <- c(5e-4, 2e-2)
  mass <- c(15, 15)
  r <- discovery_significance(ess, m, g, mass)
  bkg <- sum(background_counts(ess))
  for (i in seq_along(g)) {
    n <- sum(expected_counts(ess, m, g[i], mass[i])$counts) + bkg
    b <- sum(expected_counts(ess, m, 0, mass[i])$counts) + bkg
    expect_equal(r$n_obs[i], n, tolerance = 1e-12)
    expect_equal(r$b[i], b, tolerance = 1e-12)
    expect_equal(r$sigma[i], z_a(n, b), tolerance = 1e-10)
    expect_equal(r$p_value[i], pnorm(z_a(n, b), lower.tail = FALSE), tolerance = 1e-10)
  }
  expect_lt(r$sigma[1], 0) # the interference deficit at BP1
  expect_gt(r$sigma[2], 0) # the A' term wins at large g
  expect_identical(r$exposure_unit, c("yr", "yr"))
  # NA64mu with a background: Z_A of the window totals; exposure = MOT
  na <- na64mu(background = 0.2)
  r <- discovery_significance(na, m, 2e-5, 100)
  n <- sum(expected_counts(na, m, 2e-5, 100)$counts) + 9 * 0.2
  expect_equal(r$sigma, z_a(n, 9 * 0.2), tolerance = 1e-10)
  expect_identical(r$exposure, 1e11)
  # the exposure for 5 sigma: Z_A scales as sqrt(exposure), and rebuilding
  # the experiment at that exposure gives 5 sigma
  e <- discovery_exposure(na, m, 2e-5, 100)
  expect_true(e$reachable)
  z1 <- discovery_significance(update(na, mot = e$exposure, background = 0.2 * e$exposure / 1e11),
                               m, 2e-5, 100)$sigma
  expect_equal(z1, 5, tolerance = 1e-6)
  # xenon-only arguments are refused for other experiments
  expect_error(discovery_significance(ess, m, 5e-4, 15, analysis = "NR"),
               class = "muonphilic_error_input")
  expect_error(discovery_significance(ess, m, 5e-4, 15, exposure_tyr = 2),
               class = "muonphilic_error_input")
})

test_that("discovery lines of a spallation detector rebuild it at each threshold", {
  ess10 <- spallation_detector("ESS10")
  bp <- data.frame(benchmark = "heavy", mass_mev = 15, g = 2e-2)
  l <- discovery_lines(ess10, benchmarks = bp, threshold_kev = c(0.1, 1))
  expect_s3_class(l, "muonphilic_discovery_lines")
  for (k in 1:2) {
    e <- discovery_exposure(update(ess10, threshold_kevnr = c(0.1, 1)[k]), lmu_ltau(), 2e-2, 15)
    expect_equal(l$exposure[k], e$exposure, tolerance = 1e-12)
  }
  expect_error(discovery_lines(ess10, benchmarks = bp), class = "muonphilic_error_input")
  expect_error(discovery_lines(na64mu(), benchmarks = bp, threshold_kev = 1),
               class = "muonphilic_error_input")
})
