# Exact profiles in g, upper limits (asymptotic q-tilde and CLs), cl forms.

# A single-bin counting experiment with signal only (no SM term): counts
# N = c g^2 in one bin; background as given.
counting <- function(background = 0) {
  toy_experiment(edges = c(10, 30), a_mu = 1, K = 1e6, signal_only = TRUE,
                 background = background)
}
counts_at <- function(x, g, m) expected_counts(x, lmu_ltau(), g, m)$counts

test_that("n = 0, b = 0: 2.303 events (CLs) and 1.353 events (asymptotic)", {
  x <- counting()
  m <- c(20, 60)
  s <- scan_grid(x, 0, lmu_ltau(), g = 10^seq(-4, 0, length.out = 20), mass_mev = m)
  a <- upper_limit(s, method = "asymptotic")
  c <- upper_limit(s, method = "cls")
  expect_equal(a$method[1], "asymptotic")
  expect_equal(c$method[1], "cls")
  expect_equal(a$cl, c(0.9, 0.9))
  expect_true(all(a$g_best == 0))
  for (k in seq_along(m)) {
    # closed forms: -2 ln L = 2 s gives s = qchisq(0.9, 1) / 2; CLs = exp(-s)
    expect_equal(counts_at(x, a$g_upper[k], m[k]), stats::qchisq(0.9, 1) / 2, tolerance = 1e-3)
    expect_equal(counts_at(x, c$g_upper[k], m[k]), -log(0.1), tolerance = 1e-3)
  }
  expect_equal(counts_at(x, a$g_upper[1], m[1]), 1.353, tolerance = 1e-3)
  expect_equal(counts_at(x, c$g_upper[1], m[1]), 2.303, tolerance = 1e-3)
  # cl as a label
  expect_identical(upper_limit(s, cl = "90 %")$g_upper, a$g_upper)
  expect_error(upper_limit(s, cl = "ninety"), class = "muonphilic_error_input")
  expect_error(upper_limit(s, cl = 1.2), class = "muonphilic_error_input")
  expect_error(upper_limit(s, method = "bayes"), class = "muonphilic_error_input")
  expect_error(upper_limit(s, method = "cls", toys = 100), class = "muonphilic_error_input")
})

test_that("limits and best fits do not depend on the g grid", {
  # default grid, ten times finer, shifted by half a step
  grids <- list(10^seq(-5, -2, length.out = 100), 10^seq(-5, -2, length.out = 1000),
                10^(seq(-5, -2, length.out = 100) + 1.5 * 3 / 99))
  check <- function(x, d, m, model = lmu_ltau()) {
    ss <- lapply(grids, function(gg) scan_grid(x, d, model, gg, m))
    lims <- lapply(ss, upper_limit)
    for (k in 2:3) {
      expect_equal(lims[[k]]$g_upper, lims[[1]]$g_upper, tolerance = 5e-3)
      expect_equal(lims[[k]]$g_best, lims[[1]]$g_best, tolerance = 5e-3)
      expect_equal(attr(ss[[k]], "best_fit")$g, attr(ss[[1]], "best_fit")$g, tolerance = 5e-3)
    }
    lims[[1]]
  }
  x <- na64mu(mot = 5e12)
  m <- c(10, 30, 150, 300)
  # background-only NA64mu data: g_best = 0 below 2 m_mu (and above)
  l0 <- check(x, asimov(x, lmu_ltau(), g = 0, mass_mev = 30), m)
  expect_true(all(l0$g_best[m < 211] == 0))
  # a signal at 3e-5, 100 MeV
  l1 <- check(x, asimov(x, lmu_ltau(), g = 3e-5, mass_mev = 100), c(50, 100, 200))
  expect_equal(l1$g_best[2], 3e-5, tolerance = 1e-4)
  ess <- spallation_detector("ESS10")
  check(ess, asimov(ess, lmu_ltau(), g = 0, mass_mev = 30), c(10, 100))
  dw <- xenon_detector("DARWIN", analysis = "NR", threshold_kev = 1)
  check(dw, asimov(dw, lmu_ltau(), g = 0, mass_mev = 30), c(10, 100))
})

test_that("the exact profile agrees with an independent search by optimize()", {
  x <- toy_poisson(a_tau = 2, background = 3)
  model <- lmu_ltau()
  d <- asimov(x, model, g = 2e-3, mass_mev = 40)
  s <- scan_grid(x, d, model, g = 10^seq(-4, -2, length.out = 7), mass_mev = c(20, 40))
  p <- profile_g(s, "toy")
  f <- function(lg, m) {
    minus2_loglik(x, d, expected_counts(x, model, 10^lg, m)$counts)
  }
  o <- stats::optimize(f, c(-3.5, -2), m = 40, tol = 1e-9)
  expect_equal(p$g_hat[2], 10^o$minimum, tolerance = 1e-4)
  expect_equal(p$g_hat[2], 2e-3, tolerance = 1e-4)
  expect_equal(p$m2ll_zero[2], f(-Inf, 40), tolerance = 1e-8)
  # a custom statistic takes the numerical path in R and agrees
  xc <- toy_experiment(a_tau = 2, background = 3, statistic = "custom")
  sc <- scan_grid(xc, d, model, g = 10^seq(-4, -2, length.out = 7), mass_mev = c(20, 40))
  expect_equal(profile_g(sc, "toy")$g_hat, p$g_hat, tolerance = 1e-5)
  expect_equal(upper_limit(sc)$g_upper, upper_limit(s)$g_upper, tolerance = 1e-5)
})

test_that("asymptotic CLs agrees with 1000 toys within their statistical error", {
  x <- toy_experiment(edges = c(10, 30, 60), a_mu = 1, K = 1e6, signal_only = TRUE,
                      background = 40)
  lik_scan <- scan_grid(x, c(40, 40), lmu_ltau(), g = 10^seq(-4, 0, length.out = 9),
                        mass_mev = c(20, 60))
  lim <- upper_limit(lik_scan, method = "cls")
  lik <- attr(lik_scan, "likelihood")
  prof <- muonphilic:::profile_curve(lik, 1L, js = 1L)[1, ]
  set.seed(11)
  r <- muonphilic:::cls_toys_at(lik, 1L, 1L, lim$g_upper[1], 1000, prof)
  # binomial errors of the two tail fractions, propagated to their ratio
  err <- r[["cls"]] * sqrt(r[["sb"]] * (1 - r[["sb"]]) / 1000 / r[["sb"]]^2 +
                             r[["b"]] * (1 - r[["b"]]) / 1000 / r[["b"]]^2)
  expect_lt(abs(r[["cls"]] - 0.1), 3 * err)
  # the seeded toy limit is reproducible and leaves the caller's RNG alone
  set.seed(3)
  t1 <- upper_limit(lik_scan, method = "cls", toys = 200, seed = 7, which = "toy")
  u1 <- stats::runif(1)
  set.seed(3)
  t2 <- upper_limit(lik_scan, method = "cls", toys = 200, seed = 7, which = "toy")
  expect_identical(stats::runif(1), u1)
  expect_identical(t1, t2)
  expect_equal(t1$method[1], "cls (200 toys)")
  expect_equal(t1$g_upper, lim$g_upper, tolerance = 0.1)
})

test_that("asimov() and pseudo_data() at g = 0 give background-only data", {
  x <- toy_poisson(a_tau = 2, background = 3)
  model <- lmu_ltau()
  d0 <- asimov(x, model, g = 0, mass_mev = 30)
  expect_equal(as.vector(d0), count_terms(x, model, 30)[, 1, 1] + 3)
  p0 <- pseudo_data(x, model, g = 0, mass_mev = 30, seed = 4)
  expect_true(all(p0 == round(p0)))
  expect_error(asimov(x, model, g = -1, mass_mev = 30), class = "muonphilic_error_input")
})

test_that("a best fit at the end of the mass grid warns", {
  x <- toy_poisson(a_tau = 2)
  d <- asimov(x, lmu_ltau(), g = 2e-3, mass_mev = 5)
  expect_warning(s <- scan_grid(x, d, lmu_ltau(), g = 10^seq(-4, -2, length.out = 9),
                                mass_mev = c(20, 40, 80)),
                 class = "muonphilic_warning_grid_edge")
  expect_output(print(s), "mass-grid edge")
})

test_that("goodness of fit, tension and discrimination report both models", {
  model <- lmu_ltau()
  xa <- toy_poisson(a_tau = 2)
  xb <- toy_poisson(a_tau = 2, q = 40)
  g <- 10^seq(-4, -2, length.out = 9)
  m <- c(5, 10, 20, 30, 45, 70, 120)
  # A and B see different couplings: a combination in tension
  d <- list(A = asimov(xa, model, 1e-3, 30), B = asimov(xb, model, 3e-3, 30))
  s <- scan_grid(list(A = xa, B = xb), d, model, g, m, combine = TRUE)
  gof <- goodness_of_fit(s)
  expect_equal(gof$experiment, c("A", "B", "combined"))
  expect_equal(gof$dof, c(2, 2, 6))
  expect_lt(gof$minus2_loglik[1], 1e-6) # Asimov data fitted exactly
  ten <- attr(gof, "tension")
  expect_equal(ten$chi2_pg, gof$minus2_loglik[3] - gof$minus2_loglik[1] - gof$minus2_loglik[2], tolerance = 1e-12)
  expect_equal(ten$p_value, stats::pchisq(ten$chi2_pg, 2, lower.tail = FALSE))
  expect_gt(ten$sigma, 3)
  expect_output(print(summary(s)), "tension of combined")
  # consistent data: no tension
  d2 <- list(A = asimov(xa, model, 1e-3, 30), B = asimov(xb, model, 1e-3, 30))
  t2 <- attr(goodness_of_fit(scan_grid(list(A = xa, B = xb), d2, model, g, m, combine = TRUE)), "tension")
  expect_lt(t2$chi2_pg, 1e-6)
  # discriminate(): labels with the mixing rules, a real difference
  alt <- lmu_ltau(mixing_ratio(-1 / 10))
  r <- discriminate(xa, d2$A, model, alt, g, m, refine = FALSE)
  expect_equal(r$truth_model, "LmuLtau (eps = -g/70)")
  expect_equal(r$alt_model, "LmuLtau (eps = -g/10)")
  expect_equal(r$p_value, stats::pchisq(r$delta_chi2, 1, lower.tail = FALSE))
  expect_output(print(alt), "eps = -g/10")
})

test_that("NA64mu above 2 m_mu: the profile's interpolated counts equal expected_counts()", {
  x <- na64mu()
  d <- asimov(x, lmu_ltau(), g = 2e-4, mass_mev = 400)
  s <- scan_grid(x, d, lmu_ltau(), g = 10^seq(-5, -2, length.out = 5), mass_mev = c(300, 400))
  lik <- attr(s, "likelihood")
  expect_false(any(lik$terms[[1]]$exact)) # both masses above 2 m_mu
  gg <- c(0, 3.3e-6, 1.7e-4, 2e-4, 4.1e-3)
  ex <- expected_counts(x, lmu_ltau(), g = gg, mass_mev = 400)
  pred <- muonphilic:::lik_pred(lik, 1L, 2L, gg)
  expect_equal(as.vector(pred), ex$counts[order(match(ex$g, gg), ex$bin)], tolerance = 1e-5)
  # and the profile finds the true coupling where the decay is not prompt
  expect_equal(profile_g(s, "na64mu")$g_hat[2], 2e-4, tolerance = 1e-3)
  # the profile and the limit (in C on the spline table) against a search
  # on expected_counts() itself by optimize() and uniroot()
  f <- function(lg) minus2_loglik(x, d, expected_counts(x, lmu_ltau(), 10^lg, 400)$counts)
  o <- stats::optimize(f, c(-4.2, -3.2), tol = 1e-10)
  p <- profile_g(s, "na64mu")
  expect_equal(p$g_hat[2], 10^o$minimum, tolerance = 1e-4)
  expect_equal(p$m2ll_zero[2] - p$m2ll_hat[2], f(-Inf) - o$objective, tolerance = 1e-5)
  up <- stats::uniroot(function(lg) f(lg) - o$objective - stats::qchisq(0.9, 1),
                       c(o$minimum, -2), tol = 1e-10)$root
  expect_equal(upper_limit(s, which = "na64mu")$g_upper[2], 10^up, tolerance = 1e-5)
})

test_that("CLs limits do not depend on the g grid when the crossing lies next to the best fit", {
  x <- na64mu()
  d <- asimov(x, lmu_ltau(), g = 5e-4, mass_mev = 15)
  m <- c(1, 5, 15)
  lim <- lapply(list(10^seq(-5, -2, length.out = 100), 10^seq(-5, -2, length.out = 37) * 1.01),
                function(gg) upper_limit(scan_grid(x, d, lmu_ltau(), g = gg, mass_mev = m),
                                         method = "cls")$g_upper)
  expect_equal(lim[[1]], lim[[2]], tolerance = 1e-6)
  # and a grid point is not an answer: the limit sits strictly inside a step
  grid_pts <- 10^seq(-12, 1, by = 0.05)
  expect_true(all(vapply(lim[[1]], function(v) min(abs(v / grid_pts - 1)), 0) > 1e-6))
})

test_that("destructive interference: the limit is where everything above is excluded", {
  # one bin, N(g) = a [w + 2 s I1 + s^2 I2] with s = K Q kappa g^2 < 0
  # (kappa = -1/70): N falls from N(0), passes a minimum and rises again,
  # so on background-only data -2 ln L has a second, degenerate minimum
  x <- toy_experiment(edges = c(10, 30), a_mu = 10, K = 3e10, q = 20)
  model <- lmu_ltau()
  m <- c(50, 80)
  n <- expected_counts(x, model, 0, m[1])$counts # the SM term: the same at every mass
  s <- scan_grid(x, n, model, g = 10^seq(-3, -1, length.out = 9), mass_mev = m)
  a <- upper_limit(s)
  c1 <- upper_limit(s, method = "cls")
  sg <- scan_grid(x, n, model, g = 10^seq(-5, -1, length.out = 2000), mass_mev = m)
  attr(sg, "likelihood") <- NULL
  ag <- upper_limit(sg)
  dev <- function(N) 2 * (N - n + n * log(n / N)) - stats::qchisq(0.9, 1)
  n_lo <- stats::uniroot(dev, c(1e-3, n), tol = 1e-12)$root
  n_hi <- stats::uniroot(dev, c(n, 10 * n), tol = 1e-12)$root
  # CLs (exact Poisson, one-sided in the counts) excludes only upward
  # fluctuations: one allowed band, up to N(g) = mu with CLs = 0.1
  cls <- function(mu) stats::pgamma(mu, n + 1, lower.tail = FALSE) /
    stats::pgamma(n, n + 1, lower.tail = FALSE) - 0.1
  mu90 <- stats::uniroot(cls, c(n, 10 * n), tol = 1e-12)$root
  for (k in seq_along(m)) {
    # closed form, independently of the package
    w <- 20
    i1 <- log((m[k]^2 + 20 * 30) / (m[k]^2 + 20 * 10)) / 20
    i2 <- (1 / (m[k]^2 + 20 * 10) - 1 / (m[k]^2 + 20 * 30)) / 20
    kq <- 3e10 * 1 * (-1 / 70)
    g_of <- function(N, sign) {
      sq <- (-i1 + sign * sqrt(i1^2 - i2 * (w - N / 10))) / i2
      sqrt(sq / kq)
    }
    expect_lt(10 * (w - i1^2 / i2), n_lo) # the dip goes below N_-: two allowed bands
    g1 <- g_of(n_lo, 1) # the lower band ends
    g3 <- g_of(n_hi, -1) # the upper band ends: everything above is excluded
    expect_equal(a$g_best[k], 0)
    expect_equal(a$n_allowed[k], 2L)
    expect_equal(a$g_excluded_from[k], g1, tolerance = 1e-6)
    expect_equal(a$g_upper[k], g3, tolerance = 1e-6)
    expect_equal(c1$n_allowed[k], 1L)
    expect_equal(c1$g_upper[k], g_of(mu90, -1), tolerance = 1e-6)
    # the grid-only path (a scan without its likelihood) agrees to the
    # grid's interpolation accuracy
    expect_equal(ag$n_allowed[k], 2L)
    expect_equal(ag$g_upper[k], g3, tolerance = 1e-3)
    expect_equal(ag$g_excluded_from[k], g1, tolerance = 1e-3)
  }
})

test_that("COHERENT limits above 60 MeV jump only where an allowed island opens", {
  # CEvNS interference: where the Z' amplitude cancels twice the SM one the
  # rate returns to the SM and -2 ln L has a second minimum in g. The limit
  # (everything above excluded) then is the upper edge of that island; it
  # changes by more than a factor 2 between neighbouring masses only where
  # the island's minimum crosses the 90 % threshold (a real change of the
  # excluded set), once per curve at most.
  ex <- list(CsI = coherent_csi_2022(), Ar = coherent_ar_2020())
  m <- 10^seq(log10(60), 3, length.out = 30)
  s <- scan_grid(ex, NULL, lmu_ltau(), g = 10^seq(-4, -1, length.out = 4), mass_mev = m)
  u <- upper_limit(s)
  for (cv in unique(u$experiment)) {
    x <- u[u$experiment == cv, ]
    expect_true(all(is.finite(x$g_upper)))
    ratio <- exp(abs(diff(log(x$g_upper))))
    jumps <- which(ratio > 2)
    expect_lte(length(jumps), 1L)
    for (k in jumps) {
      # below the jump a single allowed band, above it two
      expect_equal(x$n_allowed[k + c(0L, 1L)], c(1L, 2L))
      expect_equal(x$g_best[k + c(0L, 1L)], c(0, 0))
    }
  }
  # CsI's island is allowed over the whole range: its limit is smooth
  csi <- u[u$experiment == "CsI", ]
  expect_lt(max(exp(abs(diff(log(csi$g_upper))))), 1.3)
})

test_that("limits hold when grid and single evaluations of a custom likelihood differ slightly", {
  # a numerically profiled nuisance (as in the COHERENT likelihoods) gives
  # -2 ln L values that differ slightly between the grid call (many
  # couplings) and single calls: a grid point close to the threshold may be
  # excluded on the grid and allowed alone. The crossing must still be found.
  x <- toy_experiment(a_tau = 2, background = 3, statistic = "custom")
  xj <- x
  class(xj) <- c("toy_jitter", class(x))
  registerS3method("nuisance_m2ll", "toy_jitter", function(x, data, predicted, saturated = TRUE, ...) {
    NextMethod() + if (ncol(predicted) == 1L) -0.05 else 0.05
  }, envir = asNamespace("muonphilic"))
  model <- lmu_ltau()
  m <- 10^seq(1, 2, length.out = 15)
  d <- asimov(x, model, g = 0, mass_mev = 30)
  g <- 10^seq(-4, -2, length.out = 7)
  lim <- upper_limit(scan_grid(x, d, model, g = g, mass_mev = m))
  limj <- upper_limit(scan_grid(xj, d, model, g = g, mass_mev = m))
  expect_true(all(is.finite(limj$g_upper)))
  # an offset of 0.1 in Delta(-2 ln L) at most moves the limits by a few per cent
  expect_equal(limj$g_upper, lim$g_upper, tolerance = 0.05)
})
