# The likelihood of one experiment (Eqs. 28, 34) on toy experiments
# (helper-toy.R).

test_that("Poisson -2 ln L equals the Poisson log-density, with or without the saturated model", {
  x <- toy_poisson(background = 3)
  n <- c(4, 0, 7, 12)
  pred <- c(2.5, 1.2, 9.1, 10)
  mu <- pred + 3
  full <- minus2_loglik(x, n, pred, saturated = FALSE)
  expect_equal(full, -2 * sum(stats::dpois(n, mu, log = TRUE)), tolerance = 1e-12)
  # the deviance is the same up to a data-only constant: the saturated -2 ln L
  sat_const <- -2 * sum(stats::dpois(n, n, log = TRUE))
  expect_equal(minus2_loglik(x, n, pred), full - sat_const, tolerance = 1e-12)
  # real (Asimov) data: lgamma continuation
  nr <- c(4.3, 0.2, 7.7, 11.1)
  expect_equal(minus2_loglik(x, nr, pred, saturated = FALSE),
               -2 * sum(nr * log(mu) - mu - lgamma(nr + 1)), tolerance = 1e-12)
  expect_equal(minus2_loglik(x, nr, nr - 3), 0)
  # a matrix of predictions: one value per column
  pm <- cbind(pred, nr - 3, 2 * pred)
  expect_equal(minus2_loglik(x, nr, pm),
               c(minus2_loglik(x, nr, pred), 0, minus2_loglik(x, nr, 2 * pred)))
  # zero prediction with observed events is impossible
  expect_equal(minus2_loglik(toy_poisson(), c(1, 1, 1, 1), c(0, 1, 1, 1)), Inf)
})

test_that("chi2_pull experiments use Eq. 34 with their background and sigma_sys", {
  x <- toy_chi2(background = c(10, 20, 30, 40), sigma_sys = 0.07)
  obs <- c(210, 190, 260, 240)
  pred <- c(200, 200, 250, 250)
  f <- function(a) sum((obs - pred * (1 + a))^2 / (obs + c(10, 20, 30, 40))) + (a / 0.07)^2
  ref <- stats::optimize(f, c(-1, 1), tol = 1e-12)$objective
  expect_equal(minus2_loglik(x, obs, pred), ref, tolerance = 1e-9)
  expect_equal(minus2_loglik(x, obs, obs), 0)
})

test_that("asimov() adds the background for Poisson experiments only", {
  m <- lmu_ltau()
  ec <- expected_counts(toy_poisson(), m, g = 1e-3, mass_mev = 30)$counts
  d <- asimov(toy_poisson(background = 2), m, g = 1e-3, mass_mev = 30)
  expect_equal(as.numeric(d), ec + 2)
  expect_equal(attr(d, "truth")$mass_mev, 30)
  dc <- asimov(toy_chi2(background = 2), m, g = 1e-3, mass_mev = 30)
  expect_equal(as.numeric(dc), ec)
  # Asimov data give a zero deviance / chi^2 at the truth
  expect_equal(minus2_loglik(toy_poisson(background = 2), d, ec), 0)
  expect_equal(minus2_loglik(toy_chi2(background = 2), dc, ec), 0)
})

test_that("pseudo_data() is Poisson around the Asimov data and reproducible", {
  x <- toy_poisson()
  set.seed(99)
  before <- stats::runif(1)
  set.seed(99)
  p1 <- pseudo_data(x, lmu_ltau(), 1e-3, 30, seed = 5)
  expect_equal(stats::runif(1), before) # global stream untouched
  p2 <- pseudo_data(x, lmu_ltau(), 1e-3, 30, seed = 5)
  expect_identical(p1, p2)
  expect_true(all(p1 == round(p1)))
  mu <- asimov(x, lmu_ltau(), 1e-3, 30)
  draws <- replicate(400, pseudo_data(x, lmu_ltau(), 1e-3, 30))
  z <- (rowMeans(draws) - mu) / sqrt(mu / 400)
  expect_true(all(abs(z) < 4.5))
})

test_that("likelihood bad input gives classed errors", {
  cls <- "muonphilic_error_input"
  x <- toy_poisson()
  expect_error(minus2_loglik(list(1), 1:4, 1:4), class = cls)
  expect_error(minus2_loglik(x, 1:3, 1:4), class = cls)
  expect_error(minus2_loglik(x, c(1, 2, NA, 4), 1:4), class = cls)
  expect_error(minus2_loglik(x, c(1, 2, -1, 4), 1:4), class = cls)
  expect_error(minus2_loglik(x, 1:4, 1:5), class = cls)
  expect_error(minus2_loglik(x, 1:4, matrix(1, 3, 2)), class = cls)
  expect_error(minus2_loglik(x, 1:4, 1:4, saturated = NA), class = cls)
  expect_error(asimov(x, lmu_ltau(), g = -1, mass_mev = 30), class = cls)
  expect_error(asimov(x, lmu_ltau(), g = 1e-3, mass_mev = c(10, 20)), class = cls)
  expect_error(asimov(x, "LmuLtau", g = 1e-3, mass_mev = 30), class = cls)
  expect_error(asimov("na64mu", lmu_ltau(), g = 1e-3, mass_mev = 30), class = cls)
  expect_error(pseudo_data(x, lmu_ltau(), 1e-3, 30, seed = "a"), class = cls)
})

test_that("a custom statistic (nuisance_m2ll) gives the scan of the same likelihood written in C", {
  g <- 10^seq(-4.5, -3, length.out = 7)
  m <- c(5, 20, 80)
  x <- toy_poisson(background = 2)
  d <- asimov(x, lmu_ltau(), g = 1e-4, mass_mev = 20)
  xc <- toy_experiment(statistic = "custom", background = 2)
  s_c <- scan_grid(x, d, lmu_ltau(), g = g, mass_mev = m)
  s_r <- scan_grid(xc, d, lmu_ltau(), g = g, mass_mev = m)
  expect_equal(s_r$minus2_loglik, s_c$minus2_loglik, tolerance = 1e-10)
  # real-data experiments carry their observations: data = NULL uses them
  xc$observed <- as.vector(d)
  s_o <- scan_grid(list(xc), NULL, lmu_ltau(), g = g, mass_mev = m)
  expect_equal(s_o$minus2_loglik, s_c$minus2_loglik, tolerance = 1e-10)
  expect_error(scan_grid(list(x), NULL, lmu_ltau(), g = g, mass_mev = m),
               class = "muonphilic_error_input")
})

test_that("error messages name every experiment constructor, and each one exists", {
  ns <- asNamespace("muonphilic")
  for (f in muonphilic:::experiment_constructors) {
    expect_true(f %in% getNamespaceExports(ns), info = f)
  }
  expect_error(asimov(lmu_ltau(), lmu_ltau(), 1e-3, 10), "coherent_ar_2020\\(\\)",
               class = "muonphilic_error_input")
})
