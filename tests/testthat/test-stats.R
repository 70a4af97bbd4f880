# Likelihood building blocks (Eqs. 28, 34, 38).

test_that("chi2_pull's analytic minimum agrees with a numerical one", {
  set.seed(1)
  for (k in 1:5) {
    obs <- runif(4, 10, 200)
    pred <- obs * runif(4, 0.8, 1.2)
    bkg <- 0.1 * obs
    s <- runif(1, 0.01, 0.2)
    f <- function(a) sum((obs - pred * (1 + a))^2 / (obs + bkg)) + (a / s)^2
    num <- stats::optimize(f, c(-2, 2), tol = 1e-12)
    r <- chi2_pull(obs, pred, bkg, s)
    expect_equal(as.numeric(r), num$objective, tolerance = 1e-8)
    expect_equal(attr(r, "a_hat"), num$minimum, tolerance = 1e-5)
  }
  expect_equal(as.numeric(chi2_pull(c(10, 20), c(10, 20), 1, 0.05)), 0)
  # sigma_sys = 0: plain chi^2
  expect_equal(as.numeric(chi2_pull(c(10, 20), c(12, 18), 0, 0)), 4 / 10 + 4 / 20)
})

test_that("Poisson p-value is the tail sum for integer n, continuous in n", {
  for (b in c(0.5, 3, 20)) {
    for (n in c(1, 4, 30)) {
      expect_equal(poisson_pvalue(n, b), stats::ppois(n - 1, b, lower.tail = FALSE),
                   tolerance = 1e-12)
    }
  }
  n <- seq(3.9, 4.1, by = 0.001)
  p <- poisson_pvalue(n, 2)
  expect_true(all(abs(diff(p)) < 1e-3))
  expect_true(all(diff(p) < 0))
  expect_equal(p_to_sigma(2.866516e-7), 5, tolerance = 1e-6)
  expect_equal(p_to_sigma(stats::pnorm(-3)), 3, tolerance = 1e-10)
})

test_that("stats bad inputs give classed errors", {
  cls <- "muonphilic_error_input"
  expect_error(chi2_pull(c(1, 2), c(1, 2, 3)), class = cls)
  expect_error(chi2_pull(c(1, NA), c(1, 2)), class = cls)
  expect_error(chi2_pull(c(1, 2), c(1, 2), background = c(1, 2, 3)), class = cls)
  expect_error(chi2_pull(1, 1, sigma_sys = -1), class = cls)
  expect_error(poisson_pvalue(-1, 2), class = cls)
  expect_error(p_to_sigma(2), class = cls)
})

test_that("Asimov significance with background uncertainty: Cowan's closed form", {
  # one bin: Z = sqrt(2 [(s + b) ln((s + b)(b + sb^2) / (b^2 + (s + b) sb^2))
  #                      - (b^2 / sb^2) ln(1 + sb^2 s / (b (b + sb^2)))])
  cowan <- function(s, b, sb) {
    n <- s + b
    sqrt(2 * (n * log(n * (b + sb^2) / (b^2 + n * sb^2)) -
                b^2 / sb^2 * log(1 + sb^2 * s / (b * (b + sb^2)))))
  }
  # (the closed form itself cancels when s << sigma_b: it keeps 1e-10 where
  # Z > 0.1)
  for (s in c(0.5, 5, 40)) {
    for (b in c(0.3, 10, 100)) {
      for (r in c(0.01, 0.2, 1)) {
        if (cowan(s, b, r * b) < 0.1) next
        expect_equal(asimov_significance(s, b, sigma_sys = r), cowan(s, b, r * b),
                     tolerance = 1e-10)
      }
    }
  }
  # no systematics: the plain Z_A; a tiny one approaches it
  z0 <- asimov_significance(5, 10)
  expect_identical(asimov_significance(5, 10, sigma_sys = 0), z0)
  expect_equal(asimov_significance(5, 10, sigma_sys = 1e-7), z0, tolerance = 1e-9)
  # uncertainty weakens an excess, never makes it negative
  z <- vapply(c(0.01, 0.1, 0.5, 2), function(r) asimov_significance(5, 10, sigma_sys = r), 0)
  expect_true(all(diff(z) < 0) && all(z > 0))
  expect_lt(asimov_significance(-3, 10, sigma_sys = 0.1), 0) # a deficit
  expect_equal(asimov_significance(0, 10, sigma_sys = 0.1), 0)
  expect_error(asimov_significance(5, 10, sigma_sys = -0.1), class = "muonphilic_error_input")
  expect_error(asimov_significance(5, 10, sigma_sys = c(0.1, 0.2)), class = "muonphilic_error_input")
  expect_error(asimov_significance(5, 10, sigma_sys = NA), class = "muonphilic_error_input")
})

test_that("binned Asimov significance with a common background normalisation", {
  # independent: profile the normalisation k of the likelihood
  # prod_i Pois(n_i | k b_i) * Pois(m | tau k B), m = tau B, numerically
  s <- c(1, 6, 2, 0.5)
  b <- c(20, 8, 3, 1)
  r <- 0.15
  n <- s + b
  B <- sum(b)
  m <- 1 / r^2 # tau B with tau = 1 / (r^2 B)
  dev <- function(n, mu) ifelse(n > 0, n * log(n / mu), 0) - n + mu
  f <- function(k) 2 * (sum(dev(n, k * b)) + dev(m, k * m))
  o <- stats::optimize(f, c(0.5, 2), tol = 1e-12)
  expect_equal(asimov_significance(s, b, sigma_sys = r), sqrt(o$objective), tolerance = 1e-8)
  # a signal shaped like the background loses more than one that is not
  flat <- asimov_significance(0.2 * b, b, sigma_sys = 0.1) / asimov_significance(0.2 * b, b)
  peak <- asimov_significance(c(0, 0, 0, 6.4), b, sigma_sys = 0.1) /
    asimov_significance(c(0, 0, 0, 6.4), b)
  expect_lt(flat, peak)
  expect_gt(peak, 0.9)
})
