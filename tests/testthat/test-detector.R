# Detector response of xenon experiments (Eq. 37).

# independent R versions of the parametrisations (vignette "differences")
lindhard_r <- function(e, k = 0.1735) {
  eps <- 11.5 * 54^(-7 / 3) * e
  g <- 3 * eps^0.15 + 0.7 * eps^0.6 + eps
  k * g / (1 + k * g)
}
logistic_r <- function(e, A, e50, w, ehi = NA, whi = NA) {
  v <- pmin(1, A / (1 + exp(-(log(e) - log(e50)) / w)))
  if (!is.na(ehi)) v <- v / (1 + exp((log(e) - log(ehi)) / whi))
  v
}
sigma_nt <- function(e) 0.310 * sqrt(e) + 0.0037 * e

# analytic rates with the shape of the contract: SM + g^2 + g^4 terms
flat_rates <- function(nr = function(e) 50 * exp(-e) * (e < 8), er = function(e) 5 + 0 * e,
                       a2 = 1e6, a4 = 1e11) {
  function(model, mass_mev, recoil_kev, channel, ...) {
    f <- if (channel == "NR") nr else er
    out <- array(0, c(length(recoil_kev), 3, length(mass_mev)))
    for (m in seq_along(mass_mev)) {
      s <- f(recoil_kev)
      out[, 1, m] <- s
      out[, 2, m] <- s * a2 * (15 / mass_mev[m])^2
      out[, 3, m] <- s * a4 * (15 / mass_mev[m])^4
    }
    attr(out, "powers") <- c(0, 2, 4)
    out
  }
}

test_that("Lindhard quenching follows the Lindhard formula and inverts", {
  e <- c(0.7, 1, 3.8, 5.7, 13, 50)
  expect_equal(lindhard_quenching(e), lindhard_r(e), tolerance = 1e-13)
  expect_equal(nr_to_ee(e), e * lindhard_r(e), tolerance = 1e-13)
  expect_equal(ee_to_nr(nr_to_ee(e)), e, tolerance = 1e-10)
  expect_equal(lindhard_quenching(5, k = 0.2), lindhard_r(5, 0.2), tolerance = 1e-13)
  # the paper: 0.7 keVnr is ~0.1 keVee
  expect_equal(nr_to_ee(0.7), 0.1, tolerance = 0.1)
})

test_that("preset efficiencies reproduce the fitted forms and the paper's 50 % points", {
  lz <- xenon_detector("LZ")
  nt <- xenon_detector("XENONnT")
  e <- c(0.5, 2, 3.8, 8, 30, 60, 90)
  expect_equal(detector_efficiency(lz, e, "NR"),
               logistic_r(e, 1.0259, 3.8764, 0.2878, 60.51, 0.0665), tolerance = 1e-12)
  expect_equal(detector_efficiency(nt, e, "NR"), logistic_r(e, 0.9726, 5.5699, 0.3010),
               tolerance = 1e-12)
  ee <- c(0.3, 1, 1.5, 5, 16, 25)
  expect_equal(detector_efficiency(lz, ee, "ER", analysis = "ER"),
               logistic_r(ee, 1.0541, 1.4924, 0.2340, 16.03, 0.0968), tolerance = 1e-12)
  expect_equal(detector_efficiency(nt, ee, "ER", analysis = "ER"),
               logistic_r(ee, 0.9701, 1.4766, 0.2055), tolerance = 1e-12)
  # plateau: XENONnT's A below 1, LZ's capped at 1
  expect_equal(detector_efficiency(nt, 500, "NR"), 0.9726, tolerance = 1e-4)
  expect_equal(detector_efficiency(lz, 20, "NR"), 1, tolerance = 1e-6)
  # 50 % points: the paper quotes 3.8 / 1.5 (LZ), 5.7 / 1.5 (XENONnT)
  expect_lt(abs(lz$nominal[["NR"]] - 3.8), 0.1)
  expect_lt(abs(lz$nominal[["ER"]] - 1.5), 0.1)
  expect_lt(abs(nt$nominal[["NR"]] - 5.7), 0.1)
  expect_lt(abs(nt$nominal[["ER"]] - 1.5), 0.1)
  expect_equal(detector_efficiency(lz, lz$nominal[["NR"]], "NR"), 0.5, tolerance = 1e-9)
  expect_equal(lz$threshold_kev, lz$nominal[["NR"]])
})

test_that("threshold lowering shifts the efficiency in log energy, keeps the cut", {
  lz <- xenon_detector("LZ", threshold_kev = 1)
  expect_equal(detector_efficiency(lz, 1, "NR"), 0.5, tolerance = 1e-10)
  r <- 1 / lz$nominal[["NR"]]
  e <- c(0.3, 0.8, 1.5, 3)
  expect_equal(detector_efficiency(lz, e, "NR"),
               logistic_r(e, 1.0259, 3.8764 * r, 0.2878, 60.51, 0.0665), tolerance = 1e-12)
  # the high-energy cut stays at 60.51 keVnr
  expect_equal(detector_efficiency(lz, 60.51, "NR"),
               detector_efficiency(xenon_detector("LZ"), 60.51, "NR"), tolerance = 1e-6)
  # in the keVee analyses the NR curve follows the ER shift but not below 0.7 keVnr
  d <- xenon_detector("DARWIN", analysis = "NR+ER", threshold_kev = 0.1)
  expect_equal(detector_efficiency(d, 0.1, "ER"), 0.5, tolerance = 1e-10)
  expect_equal(detector_efficiency(d, 0.7, "NR"), 0.5, tolerance = 1e-10)
  d2 <- xenon_detector("DARWIN", analysis = "ER", threshold_kev = 1)
  nr50 <- d2$nominal[["NR"]] / d2$nominal[["ER"]]
  expect_equal(detector_efficiency(d2, nr50, "NR"), 0.5, tolerance = 1e-10)
})

test_that("resolution is capped and shifted as documented", {
  nt <- xenon_detector("XENONnT", analysis = "ER")
  t0 <- nt$nominal[["ER"]]
  e <- c(2, 5, 20)
  expect_equal(detector_resolution(nt, e), sigma_nt(e), tolerance = 1e-13)
  expect_equal(detector_resolution(nt, c(0.1, 1)), rep(sigma_nt(t0), 2), tolerance = 1e-13)
  low <- xenon_detector("XENONnT", analysis = "ER", threshold_kev = 0.5)
  delta <- t0 - 0.5
  expect_equal(detector_resolution(low, e), sigma_nt(e + delta), tolerance = 1e-13)
  expect_equal(detector_resolution(low, c(0.1, 0.3)), rep(sigma_nt(t0), 2), tolerance = 1e-13)
  # NR analysis: the cap sits at the NR threshold converted to keVee
  nr <- xenon_detector("LZ", analysis = "NR", threshold_kev = 1)
  d_ee <- nr_to_ee(nr$nominal[["NR"]]) - nr_to_ee(1)
  expect_equal(detector_resolution(nr, 2), 0.33 * sqrt(2 + d_ee), tolerance = 1e-13)
  expect_equal(detector_resolution(nr, 0.05), 0.33 * sqrt(nr_to_ee(nr$nominal[["NR"]])),
               tolerance = 1e-13)
})

test_that("a delta function becomes the stated Gaussian", {
  d <- xenon_detector("XENONnT", analysis = "ER", threshold_kev = 0.8)
  e0 <- 6
  obs <- seq(3, 9, by = 0.25)
  sig <- detector_resolution(d, e0)
  expect_equal(smearing_kernel(d, e0, obs, "ER"),
               detector_efficiency(d, e0, "ER") * dnorm(obs, e0, sig), tolerance = 1e-12)
  # NR events seen in keVnr: Gaussian in keVee with the quenching's Jacobian,
  # times the 50 % acceptance; it integrates to acceptance x efficiency
  n <- xenon_detector("DARWIN", analysis = "NR", threshold_kev = 1)
  t0 <- 3
  obs <- c(1.5, 2.5, 3, 4)
  q <- function(e) e * lindhard_r(e)
  jac <- (q(obs + 1e-6) - q(obs - 1e-6)) / 2e-6
  s0 <- detector_resolution(n, q(t0))
  expect_equal(smearing_kernel(n, t0, obs, "NR"),
               0.5 * detector_efficiency(n, t0, "NR") * dnorm(q(obs), q(t0), s0) * jac,
               tolerance = 1e-7)
  tot <- integrate(function(o) smearing_kernel(n, t0, o, "NR"), 1e-6, 60, rel.tol = 1e-10)$value
  expect_equal(tot, 0.5 * detector_efficiency(n, t0, "NR") * pnorm(q(t0) / s0, lower.tail = TRUE),
               tolerance = 1e-6)
})

test_that("smearing conserves the integral of a spectrum far from threshold", {
  d <- xenon_detector("XENONnT", analysis = "ER", window_kev = 40)
  bump <- function(e) 100 * dnorm(e, 15, 2)
  truth <- integrate(function(e) bump(e) * logistic_r(e, 0.9701, 1.4766, 0.2055),
                     0, 60, rel.tol = 1e-12)$value
  smeared <- integrate(function(o) smear_spectrum(d, bump, o, "ER"), -10, 60,
                       rel.tol = 1e-10, subdivisions = 500)$value
  expect_equal(smeared, truth, tolerance = 1e-4)
  # the same through the response matrix and the contract: window [T, 40] keVee
  d1 <- xenon_detector("XENONnT", analysis = "ER", window_kev = 40, n_bins = 1,
                       rate_terms = flat_rates(nr = function(e) 0 * e, er = bump))
  n <- expected_counts(d1, lmu_ltau(), g = 0, mass_mev = 15)
  expect_equal(n$counts, 20 * truth, tolerance = 1e-4)
})

test_that("the response is additive over bins and linear in exposure", {
  fr <- flat_rates()
  d10 <- xenon_detector("DARWIN", analysis = "NR+ER", threshold_kev = 0.5, rate_terms = fr)
  d1 <- xenon_detector("DARWIN", analysis = "NR+ER", threshold_kev = 0.5, n_bins = 1,
                       rate_terms = fr)
  n10 <- expected_counts(d10, lmu_ltau(), g = 5e-4, mass_mev = 15)
  n1 <- expected_counts(d1, lmu_ltau(), g = 5e-4, mass_mev = 15)
  expect_equal(sum(n10$counts), n1$counts, tolerance = 1e-12)
  expect_equal(n10$lower[1], 0.5)
  expect_equal(n10$upper[10], 30)
  expect_equal(attr(n10, "unit"), "keVee")
  d2 <- xenon_detector("DARWIN", analysis = "NR+ER", threshold_kev = 0.5, n_bins = 1,
                       rate_terms = fr, exposure_tyr = 400)
  expect_equal(expected_counts(d2, lmu_ltau(), 5e-4, 15)$counts, 2 * n1$counts,
               tolerance = 1e-14)
})

test_that("contract methods: count_terms, expected_counts, background, statistic", {
  fr <- flat_rates()
  d <- xenon_detector("LZ", analysis = "ER", rate_terms = fr)
  tt <- count_terms(d, lmu_ltau(), c(15, 25))
  expect_equal(dim(tt), c(10L, 3L, 2L))
  expect_equal(attr(tt, "powers"), c(0, 2, 4))
  ec <- expected_counts(d, lmu_ltau(), g = c(0, 5e-4, 6e-4), mass_mev = c(15, 15, 25))
  expect_equal(nrow(ec), 30L)
  expect_named(ec, c("bin", "lower", "upper", "counts", "g", "mass_mev"))
  expect_equal(ec$counts[ec$g == 0], tt[, 1, 1], tolerance = 1e-14)
  expect_equal(ec$counts[ec$g == 6e-4], as.vector(muonphilic:::eval_terms(tt, 6e-4, 2)),
               tolerance = 1e-14)
  expect_identical(statistic(d), stat_poisson())
  # ER analysis: ER events plus 0.5 % of NR events
  only_nr <- flat_rates(er = function(e) 0 * e)
  a <- expected_counts(xenon_detector("LZ", analysis = "ER", rate_terms = only_nr, n_bins = 1),
                       lmu_ltau(), 0, 15)$counts
  b <- expected_counts(xenon_detector("LZ", analysis = "NR+ER", rate_terms = only_nr, n_bins = 1),
                       lmu_ltau(), 0, 15)$counts
  expect_equal(a, 0.005 * b, tolerance = 1e-12)
  # NR analysis: no ER events, 50 % acceptance, no experimental background
  only_er <- flat_rates(nr = function(e) 0 * e)
  expect_equal(expected_counts(xenon_detector("LZ", rate_terms = only_er), lmu_ltau(), 0, 15)$counts,
               rep(0, 10))
  expect_equal(background_counts(xenon_detector("LZ")), rep(0, 10))
})

test_that("ER backgrounds follow their parametrisation", {
  # 2nu-beta-beta normalisation: N ln2 / T_half per tonne of natural xenon
  n136 <- 1e6 / 131.293 * 6.02214076e23 * 0.08857
  tot <- integrate(double_beta_spectrum, 0, 2457.83, rel.tol = 1e-10)$value
  expect_equal(tot, n136 * log(2) / 2.165e21, tolerance = 1e-6)
  expect_equal(double_beta_spectrum(c(0, 2457.83, 3000)), c(0, 0, 0))
  e <- c(1, 10, 30)
  expect_equal(xenon_background(xenon_detector("LZ"), e), 14.53 + 1.78 * double_beta_spectrum(e))
  expect_equal(xenon_background(xenon_detector("DARWIN"), e), 1.844 + double_beta_spectrum(e))
  # a flat background integrated directly over the bins
  d <- xenon_detector("DARWIN", analysis = "ER", background = c(flat = 2, double_beta = 0),
                      background_response = FALSE, n_bins = 3)
  expect_equal(sum(background_counts(d)), 200 * 2 * (30 - d$threshold_kev), tolerance = 1e-10)
  # through the response (unit efficiency): Eq. 37 done independently
  d2 <- xenon_detector("DARWIN", analysis = "ER", background = c(flat = 2, double_beta = 0),
                       threshold_kev = 8, window_kev = 20, n_bins = 1,
                       efficiency_er = function(e) 1 + 0 * e)
  expect_true(is.na(d2$nominal[["ER"]]))  # never below 50 %: no shift, cap at the threshold
  t0 <- 8
  p_in <- function(e) {
    s <- sigma_nt(pmax(e, t0))
    pnorm((20 - e) / s) - pnorm((8 - e) / s)
  }
  direct <- 200 * 2 * integrate(p_in, 0.01, 40, rel.tol = 1e-12)$value
  expect_equal(background_counts(d2), direct, tolerance = 1e-6)
})

test_that("user efficiencies and resolutions as functions or tables", {
  fr <- flat_rates()
  eff <- function(e) logistic_r(e, 0.9701, 1.4766, 0.2055)
  p <- xenon_detector("XENONnT", analysis = "ER", rate_terms = fr, n_bins = 1)
  f <- xenon_detector("XENONnT", analysis = "ER", rate_terms = fr, n_bins = 1,
                      efficiency_er = eff, resolution = sigma_nt)
  expect_equal(expected_counts(f, lmu_ltau(), 5e-4, 15)$counts,
               expected_counts(p, lmu_ltau(), 5e-4, 15)$counts, tolerance = 1e-3)
  # a table linear in ln E is reproduced exactly between its points
  tab <- data.frame(energy = c(0.1, 100), eff = c(0.1, 0.9))
  t <- xenon_detector("XENONnT", analysis = "ER", efficiency_er = tab)
  lin <- function(e) 0.1 + 0.8 * (log(e) - log(0.1)) / (log(100) - log(0.1))
  expect_equal(t$nominal[["ER"]], exp(log(0.1) + 0.5 * log(1000)), tolerance = 1e-9)
  e <- c(1, 5, 20)
  expect_equal(detector_efficiency(t, e, "ER"), lin(e), tolerance = 1e-12)
})

test_that("bad input gives muonphilic_error_input", {
  expect_error(xenon_detector("LZ", threshold_kev = 0.5), class = "muonphilic_error_input")
  expect_error(xenon_detector("LZ", analysis = "ER", threshold_kev = 0.05),
               class = "muonphilic_error_input")
  expect_error(xenon_detector("LZ", exposure_tyr = -1), class = "muonphilic_error_input")
  expect_error(xenon_detector("LZ", exposure_tyr = 0), class = "muonphilic_error_input")
  expect_error(xenon_detector("LZ", threshold_kev = 5, window_kev = 4),
               class = "muonphilic_error_input")
  expect_error(xenon_detector("LZ", analysis = "S2only"), class = "muonphilic_error_input")
  expect_error(xenon_detector("PandaX"), class = "muonphilic_error_input")
  expect_error(xenon_detector("LZ", threshold_kev = NA), class = "muonphilic_error_input")
  expect_error(xenon_detector("LZ", n_grid = 100), class = "muonphilic_error_input")
  expect_error(xenon_detector("LZ", efficiency_nr = data.frame(e = 1:3, v = c(0, 2, 1))),
               class = "muonphilic_error_input")
  expect_error(xenon_detector("LZ", resolution = function(e) -e), class = "muonphilic_error_input")
  expect_error(xenon_detector("LZ", rate_terms = 3), class = "muonphilic_error_input")
  expect_error(nr_to_ee(-1), class = "muonphilic_error_input")
  expect_error(detector_efficiency(xenon_detector("LZ"), 1, "XR"), class = "muonphilic_error_input")
  expect_error(expected_counts(xenon_detector("LZ", rate_terms = flat_rates()), lmu_ltau(),
                               g = 1e-3, mass_mev = -5), class = "muonphilic_error_input")
  expect_snapshot(xenon_detector("LZ", threshold_kev = 0.5), error = TRUE)
})
