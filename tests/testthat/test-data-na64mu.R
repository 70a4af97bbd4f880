# na64mu_2022(): the 2022 run (1.98e10 MOT, 160 GeV, p' < 80 GeV, 0 events).

test_that("the run's numbers come from the shipped data file", {
  x <- na64mu_2022()
  expect_s3_class(x, c("muonphilic_na64mu_2022", "muonphilic_na64mu", "muonphilic_experiment"))
  expect_equal(x$mot, 1.98e10)
  expect_equal(x$e0_gev, 160)
  expect_equal(x$bins_gev, c(0, 80))
  expect_identical(observed_counts(x), 0)
  expect_equal(background_counts(x), 0.1)
  expect_identical(statistic(x), stat_poisson())
})

# Independent signal count at M = 10 MeV (below 2 m_mu: invisible decay, so
# the prompt-invisible count_terms() is exact): Eq. 26 integrated with R's
# integrate() over the A' energy fraction x in [1 - 80/160, 1).
signal_per_g2 <- function(mass_mev, efficiency = 0.3) {
  f <- function(x) na64mu_xsec(lmu_ltau(), g = 1, mass_mev = mass_mev, x = x)
  xs <- stats::integrate(f, 0.5, 1, rel.tol = 1e-10, subdivisions = 1000L)$value
  n_target <- 11.35 * 6.02214076e23 / 207.2 # nuclei per cm^3 of lead
  1.98e10 * efficiency * n_target * 20 * xs
}

test_that("count_terms() equals the signal count integrated independently", {
  x <- na64mu_2022()
  for (m in c(10, 50)) {
    expect_equal(count_terms(x, lmu_ltau(), m)[1, 1, 1], signal_per_g2(m), tolerance = 1e-6)
  }
})

test_that("with 0 events the 90 % CL limit is the analytic one, whatever the background", {
  n1 <- signal_per_g2(10)
  # asymptotic profile likelihood (upper_limit()): -2 ln L = 2 (s + b) for
  # n = 0, so Delta = 2 s = qchisq(0.9, 1) -> s = 1.35 events
  g_asym <- sqrt(stats::qchisq(0.9, 1) / 2 / n1)
  # CLs (and the classical Poisson bound) for n = 0: s = -ln(0.1) = 2.30 events
  g_cls <- sqrt(-log(0.1) / n1)
  gg <- 10^seq(-4.3, -3.3, length.out = 500)
  for (b in c(0, 0.1, 1)) {
    s <- scan_grid(list(na64 = na64mu_2022(background = b)), NULL, lmu_ltau(), g = gg,
                   mass_mev = c(10, 11))
    ul <- upper_limit(s)
    expect_equal(ul$g_upper[ul$mass_mev == 10], g_asym, tolerance = 2e-4)
  }
  expect_equal(g_cls / g_asym, sqrt(2 * -log(0.1) / stats::qchisq(0.9, 1)))
  # of the order of the published NA64mu 2022 exclusion at 10 MeV
  # (g ~ 5e-4 .. 1e-3): order of magnitude only, the publication includes
  # detector effects not modelled here
  expect_gt(g_asym, 5e-4 / 10)
  expect_lt(g_cls, 1e-3 * 10)
})

test_that("scan_grid(data = NULL) uses the observed count", {
  x <- na64mu_2022()
  gg <- 10^seq(-5, -2, length.out = 20)
  mm <- c(10, 100, 300)
  s1 <- scan_grid(list(na64 = x), NULL, lmu_ltau(), g = gg, mass_mev = mm)
  s2 <- scan_grid(list(na64 = x), list(0), lmu_ltau(), g = gg, mass_mev = mm)
  expect_equal(s1$minus2_loglik, s2$minus2_loglik)
  # Poisson deviance with n = 0: 2 (s + b) - 2 b at the saturated point
  ct <- count_terms(x, lmu_ltau(), mm)[1, 1, ]
  expect_equal(s1$minus2_loglik, 2 * (rep(ct, each = 20) * rep(gg, 3)^2 + 0.1), tolerance = 1e-10)
})

test_that("bad inputs and a missing or broken data file give classed errors", {
  expect_error(na64mu_2022(efficiency = 0), class = "muonphilic_error_input")
  expect_error(na64mu_2022(efficiency = 1.5), class = "muonphilic_error_input")
  expect_error(na64mu_2022(background = -1), class = "muonphilic_error_input")
  expect_error(na64mu_2022(background = c(0.1, 0.2)), class = "muonphilic_error_input")
  expect_error(na64mu_2022(xsec = "approx"), class = "muonphilic_error_input")
  expect_error(na64mu_2022(length_cm = NA), class = "muonphilic_error_input")
  expect_error(na64mu_2022(data_dir = 1), class = "muonphilic_error_input")
  d <- withr::local_tempdir()
  expect_error(na64mu_2022(data_dir = d), class = "muonphilic_error_data")
  expect_error(na64mu_2022(data_dir = d), "na64mu_2022_run.csv")
  writeLines(c("quantity,value", "muons_on_target,1e10", "beam_momentum,160",
               "outgoing_momentum_max,80", "observed_events,-3"),
             file.path(d, "na64mu_2022_run.csv"))
  expect_error(na64mu_2022(data_dir = d), class = "muonphilic_error_data")
  # a valid replacement file is used
  writeLines(c("quantity,value", "muons_on_target,1e10", "beam_momentum,160",
               "outgoing_momentum_max,80", "observed_events,2"),
             file.path(d, "na64mu_2022_run.csv"))
  y <- na64mu_2022(data_dir = d)
  expect_equal(c(y$mot, observed_counts(y)), c(1e10, 2))
  # observed counts of the wrong length given as data
  expect_error(scan_grid(list(na64mu_2022()), list(c(0, 1)), lmu_ltau()),
               class = "muonphilic_error_input")
})
