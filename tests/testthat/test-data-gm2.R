# gm2_likelihood(): (g-2)mu as a one-bin Gaussian experiment (Eq. 13).

test_that("chi2 at g = 0 is (central / sigma)^2 for both measurements", {
  x <- gm2_likelihood("wp2025")
  expect_equal(observed_counts(x), 38)
  expect_equal(minus2_loglik(x, observed_counts(x), 0), (38 / 64)^2, tolerance = 1e-14)
  y <- gm2_likelihood("fnal2021")
  expect_equal(minus2_loglik(y, observed_counts(y), 0), (251 / 59)^2, tolerance = 1e-14)
  # and through a scan: the smallest coupling of the grid is nearly g = 0
  s <- scan_grid(x, NULL, lmu_ltau(), g = c(1e-9, 1e-3), mass_mev = c(10, 100))
  expect_equal(s$minus2_loglik[s$g == 1e-9], rep((38 / 64)^2, 2), tolerance = 1e-6)
})

test_that("the presets agree with the shipped data table", {
  f <- system.file("extdata", "muon-g-2", "muon_g2_values.csv", package = "muonphilic")
  tab <- utils::read.csv(f, comment.char = "#")
  row25 <- tab[tab$quantity == "delta_a_mu_exp_run1to6_minus_WP25", ]
  row21 <- tab[tab$quantity == "delta_a_mu_exp2021_minus_WP20_derived", ]
  x <- gm2_likelihood("wp2025")
  y <- gm2_likelihood("fnal2021")
  expect_equal(x$central, row25$central)
  expect_equal(y$central, row21$central)
  expect_lte(abs(x$sigma - row25$uncertainty), 1) # 64 vs the abstract's rounded 63
  expect_equal(y$sigma, row21$uncertainty)
  # the 2021 difference is the measured average minus WP20
  d21 <- tab$central[tab$quantity == "a_mu_exp_avg_2021"] - tab$central[tab$quantity == "a_mu_SM_WP20"]
  expect_equal(y$central, d21)
})

test_that("predictions are exactly quadratic in g (Eq. 13) with the heavy-mediator limit", {
  x <- gm2_likelihood()
  m <- c(3, 30, 300)
  ct <- count_terms(x, lmu_ltau(), m)
  expect_equal(attr(ct, "powers"), 2)
  ec <- expected_counts(x, lmu_ltau(), g = 7e-4, mass_mev = m)
  expect_equal(ec$counts, 7e-4^2 * ct[1, 1, ], tolerance = 1e-12)
  # M >> m_mu: Delta a_mu = g^2 m_mu^2 / (12 pi^2 M^2)
  mmu <- 105.6583745
  heavy <- count_terms(x, lmu_ltau(), 1e5)[1, 1, 1] * 1e-11
  expect_equal(heavy, mmu^2 / (12 * pi^2 * 1e10), tolerance = 1e-3)
  # M << m_mu: alpha_x / (2 pi) = g^2 / (8 pi^2)
  light <- count_terms(x, lmu_ltau(), 1e-3)[1, 1, 1] * 1e-11
  expect_equal(light, 1 / (8 * pi^2), tolerance = 1e-4)
})

test_that("2 sigma band edges from the likelihood equal gm2_band()'s closed forms", {
  m <- c(5, 50, 500)
  for (meas in c("fnal2021", "wp2025")) {
    x <- gm2_likelihood(meas)
    band <- gm2_band(lmu_ltau(), m, meas, n_sigma = 2)
    for (j in seq_along(m)) {
      f <- function(lg) {
        minus2_loglik(x, observed_counts(x),
                      expected_counts(x, lmu_ltau(), 10^lg, m[j])$counts) - 4
      }
      best <- log10(sqrt(x$central / count_terms(x, lmu_ltau(), m[j])[1, 1, 1]))
      hi <- 10^stats::uniroot(f, c(best, 0), tol = 1e-12)$root
      expect_equal(hi, band$g_high[j], tolerance = 1e-8)
      if (band$g_low[j] > 0) {
        lo <- 10^stats::uniroot(f, c(-8, best), tol = 1e-12)$root
        expect_equal(lo, band$g_low[j], tolerance = 1e-8)
      } else {
        # no lower edge: chi2 at g = 0 is inside 2 sigma
        expect_lt(minus2_loglik(x, observed_counts(x), 0), 4)
      }
    }
  }
})

test_that("the scan's 90 % CL limit is the analytic one (wp2025)", {
  x <- gm2_likelihood("wp2025")
  m <- c(10, 100)
  unit <- count_terms(x, lmu_ltau(), m)[1, 1, ]
  g_ul <- sqrt((38 + sqrt(stats::qchisq(0.9, 1)) * 64) / unit)
  s <- scan_grid(list(gm2 = x), NULL, lmu_ltau(), g = 10^seq(-4, -2.5, length.out = 600),
                 mass_mev = m)
  ul <- upper_limit(s)
  expect_equal(ul$g_upper, g_ul, tolerance = 1e-4)
})

test_that("bad inputs and a missing data file give classed errors", {
  expect_error(gm2_likelihood("wp2030"), class = "muonphilic_error_input")
  expect_error(gm2_likelihood(c(-5, 64)), class = "muonphilic_error_input")
  expect_error(gm2_likelihood(c(central = 38, sigma = 0)), class = "muonphilic_error_input")
  expect_error(gm2_likelihood(NA), class = "muonphilic_error_input")
  u <- gm2_likelihood(c(central = 100, sigma = 50))
  expect_equal(c(u$central, u$sigma), c(100, 50))
  d <- withr::local_tempdir()
  expect_error(gm2_likelihood(data_dir = d), class = "muonphilic_error_data")
  expect_error(gm2_likelihood(data_dir = d), class = "muonphilic_error_input")
  writeLines(c("quantity,central,uncertainty,source", "other,1,2,x"),
             file.path(d, "muon_g2_values.csv"))
  expect_error(gm2_likelihood(data_dir = d), class = "muonphilic_error_data")
  x <- gm2_likelihood()
  expect_error(nuisance_m2ll(x, c(1, 2), matrix(1, 1, 2)), class = "muonphilic_error_input")
  expect_error(nuisance_m2ll(x, 38, matrix(1, 2, 2)), class = "muonphilic_error_input")
  expect_error(scan_grid(x, list(-1), lmu_ltau()), class = "muonphilic_error_input")
})
