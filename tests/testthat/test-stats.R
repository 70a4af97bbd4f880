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
