# (g-2)mu: Eq. 13 and the preferred band (Fig. 1).

mmu_mev <- 105.6583745

test_that("Delta a_mu has the analytic light and heavy limits", {
  g <- 1e-3
  # light: alpha_x/(2 pi) (1 - pi M/m + O(M^2/m^2 log)): at M/m = 1e-7 the
  # correction is below 1e-6
  light <- delta_amu(lmu_ltau(), g, mmu_mev * 1e-7)
  expect_equal(light, g^2 / (4 * pi) / (2 * pi), tolerance = 1e-6)
  # the light-mass expansion 1 - pi r + 4 r^2 ln(1/r) + O(r^2), r = M/m,
  # derived from 1/2 - I = int R (1-u)^2 / (u^2 + R (1-u)) du, R = r^2
  r <- 1e-4
  expect_equal(delta_amu(lmu(), g, mmu_mev * r) / (g^2 / (8 * pi^2)),
               1 - pi * r + 4 * r^2 * log(1 / r), tolerance = 5e-8)
  # heavy: g^2 m^2 / (12 pi^2 M^2) (1 + O(m^2/M^2 log))
  M <- mmu_mev * 1e4
  expect_equal(delta_amu(lmu_ltau(), g, M), g^2 / (12 * pi^2 * 1e8), tolerance = 1e-6)
})

test_that("Delta a_mu: g^2 scaling, monotone in M, Qmu^2, vectorised", {
  m <- 10^seq(-1, 4, length.out = 60)
  d <- delta_amu(lmu_ltau(), 1e-3, m)
  expect_true(all(diff(d) < 0))
  expect_equal(delta_amu(lmu(), 2e-3, 30) / delta_amu(lmu(), 1e-3, 30), 4)
  q2 <- hidden_photon(c(e = 0, mu = 2, tau = 0))
  expect_equal(delta_amu(q2, 1e-3, 30), 4 * delta_amu(lmu(), 1e-3, 30))
  expect_length(delta_amu(lmu(), c(1e-3, 2e-3), 30), 2)
  # an independent integral of Eq. 13 in R
  f <- function(u, M) u^2 * (1 - u) / (u^2 + (1 - u) * (M / mmu_mev)^2)
  for (M in c(5, 50, 500)) {
    ref <- 1e-6 / (4 * pi^2) * stats::integrate(f, 0, 1, M = M, rel.tol = 1e-12)$value
    expect_equal(delta_amu(lmu_ltau(), 1e-3, M), ref, tolerance = 1e-9)
  }
})

test_that("band edges satisfy |Delta a_mu - central| = n sigma", {
  b <- gm2_band(lmu_ltau(), c(1, 15, 100, 1000), n_sigma = c(1, 2))
  meas <- gm2_measurements()
  fn <- meas[meas$name == "fnal2021", ]
  dl <- delta_amu(lmu_ltau(), b$g_low, b$mass_mev)
  dh <- delta_amu(lmu_ltau(), b$g_high, b$mass_mev)
  expect_equal(dl, fn$central - b$n_sigma * fn$sigma, tolerance = 1e-8)
  expect_equal(dh, fn$central + b$n_sigma * fn$sigma, tolerance = 1e-8)
  expect_s3_class(b, "muonphilic_gm2_band")
  # every benchmark point lies inside the 2 sigma band (Table 1)
  bp <- benchmark_points()
  band <- gm2_band(lmu_ltau(), bp$mass_mev, n_sigma = 2)
  expect_true(all(bp$g > band$g_low & bp$g < band$g_high))
})

test_that("wp2025 has no lower edge; user (central, sigma) accepted", {
  b <- gm2_band(lmu_ltau(), c(10, 100), measurement = "wp2025", n_sigma = c(1, 2))
  expect_true(all(b$g_low == 0))
  expect_true(all(b$g_high > 0))
  u <- gm2_band(lmu_ltau(), 50, measurement = c(central = 200e-11, sigma = 50e-11), n_sigma = 1)
  expect_equal(delta_amu(lmu(), u$g_high, 50), 250e-11, tolerance = 1e-8)
})

test_that("benchmark points are Table 1", {
  bp <- benchmark_points()
  expect_equal(bp$mass_mev, c(15, 25, 50, 100))
  expect_equal(bp$g, c(5e-4, 6e-4, 6e-4, 1e-3))
  expect_equal(bp$eps, -bp$g / 70)
})

test_that("gm2 bad inputs give classed errors", {
  cls <- "muonphilic_error_input"
  expect_error(delta_amu(lmu(), 1e-3, 0), class = cls)
  expect_error(delta_amu(lmu(), NA, 10), class = cls)
  expect_error(delta_amu(lmu(), "a", 10), class = cls)
  expect_error(delta_amu(lmu(), 1:2, 1:3), class = cls)
  expect_error(delta_amu("lmu", 1e-3, 10), class = cls)
  expect_error(gm2_band(lmu_ltau(), 10, measurement = "bnl2006"), class = cls)
  expect_error(gm2_band(lmu_ltau(), 10, measurement = c(1, -1)), class = cls)
  expect_error(gm2_band(lmu_ltau(), 10, n_sigma = 0), class = cls)
  expect_error(gm2_band(lmu_ltau(), -10), class = cls)
  expect_error(gm2_band(mass_mev = 10, model = hidden_photon(c(e = 1, mu = 0, tau = -1))),
               class = cls)
  expect_snapshot(error = TRUE, gm2_band(lmu_ltau(), 10, measurement = "bnl2006"))
})

test_that("the band plots", {
  skip_if_not_installed("ggplot2")
  p <- ggplot2::autoplot(gm2_band(lmu_ltau(), 10^seq(0, 3, by = 0.5)))
  expect_s3_class(p, "ggplot")
  expect_silent(ggplot2::ggplot_build(p))
})

test_that("autoplot() is re-exported: it works without ggplot2::", {
  expect_identical(muonphilic::autoplot, ggplot2::autoplot)
  p <- autoplot(gm2_band(lmu_ltau(), 10^seq(0, 3, by = 0.5)))
  expect_s3_class(p, "ggplot")
})
