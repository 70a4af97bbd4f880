# Scans, contours, upper limits, combination and discrimination on toy
# experiments (helper-toy.R) and on a likelihood built by hand.

default_name <- function(x) if (is.character(x$name) && length(x$name) == 1L) x$name else class(x)[1]

grid_with <- function(lo, hi, n, point) sort(unique(c(10^seq(lo, hi, length.out = n), point)))

test_that("on Asimov data the minimum sits at the true point and equals the saturated value", {
  g0 <- 1e-3
  m0 <- 30
  g <- grid_with(-4, -2, 31, g0)
  m <- grid_with(0.5, 2.5, 31, m0)
  cases <- list(
    list(x = toy_poisson(a_tau = 4), model = lmu_ltau()),              # powers 0, 2, 4
    list(x = toy_chi2(background = 20), model = lmu_ltau()),            # chi2 with pull
    list(x = toy_poisson(), model = lmu_ltau(mixing_fixed(-1e-5)), g0 = 2e-2), # powers 0, 1, 2
    list(x = toy_signal(), model = lmu_ltau())                          # powers 2 only
  )
  for (cs in cases) {
    gt <- cs$g0 %||% g0
    gg <- if (is.null(cs$g0)) g else grid_with(-3, -1, 31, gt)
    if (!is.null(cs$g0)) expect_identical(attr(count_terms(cs$x, cs$model, 30), "powers"), c(0, 1, 2))
    d <- asimov(cs$x, cs$model, gt, m0)
    s <- scan_grid(cs$x, d, cs$model, gg, m)
    expect_identical(unique(s$experiment), default_name(cs$x))
    i <- which.min(s$minus2_loglik)
    expect_equal(s$g[i], gt)
    expect_equal(s$mass_mev[i], m0)
    expect_lt(abs(s$minus2_loglik[i]), 1e-9)
    expect_true(all(s$delta >= 0))
    # the saturated Poisson value is 0; the full -2 ln L differs by a constant
    if (statistic(cs$x)$kind == "poisson") {
      sf <- scan_grid(cs$x, d, cs$model, gg, m, saturated = FALSE)
      const <- -2 * sum(d * log(pmax(d, 1e-300)) - d - lgamma(d + 1))
      expect_equal(sf$minus2_loglik - s$minus2_loglik, rep(const, nrow(s)), tolerance = 1e-9)
      expect_equal(sf$delta, s$delta, tolerance = 1e-6)
    }
  }
  # off the grid: refine finds the true point
  x <- toy_poisson(a_tau = 4)
  d <- asimov(x, lmu_ltau(), 1.234e-3, 27.3)
  s <- scan_grid(x, d, lmu_ltau(), 10^seq(-4, -2, length.out = 25),
                 10^seq(0.5, 2.5, length.out = 25), refine = TRUE)
  best <- attr(s, "minimum")
  best <- best[best$curve == "total", ]
  expect_true(best$refined)
  expect_lt(best$m2ll, 1e-6)
  expect_equal(best$g, 1.234e-3, tolerance = 1e-3)
  expect_equal(best$mass_mev, 27.3, tolerance = 1e-3)
  expect_true(all(s$delta >= 0))
})

test_that("contours of a hand-built 2-D Gaussian likelihood are the analytic ellipse", {
  # -2 ln L = d' S^-1 d in (u, v) = (log10 M, log10 g): the region below t
  # is an ellipse of area pi t sqrt(det S)
  u0 <- 1.5
  v0 <- -3
  S <- matrix(c(0.04, 0.6 * 0.2 * 0.1, 0.6 * 0.2 * 0.1, 0.01), 2)
  Si <- solve(S)
  u <- u0 + seq(-1, 1, length.out = 161)
  v <- v0 + seq(-0.5, 0.5, length.out = 161)
  df <- expand.grid(g = 10^v, mass_mev = 10^u)
  du <- log10(df$mass_mev) - u0
  dv <- log10(df$g) - v0
  df$gauss <- Si[1, 1] * du^2 + 2 * Si[1, 2] * du * dv + Si[2, 2] * dv^2
  s <- muonphilic:::new_scan(df, experiments = "gauss")
  con <- contours(s)
  expect_s3_class(con, "muonphilic_contours")
  expect_named(con, c("experiment", "cl", "piece", "mass_mev", "g"))
  expect_setequal(unique(con$cl), c("68 %", "95 %"))
  levels <- c("68 %" = 2.2957, "95 %" = 6.1801)
  for (k in names(levels)) {
    lev <- levels[[k]]
    p <- con[con$cl == k, ]
    expect_identical(unique(p$piece), 1L)
    x <- log10(p$mass_mev)
    y <- log10(p$g)
    area <- abs(sum(x * c(y[-1], y[1]) - c(x[-1], x[1]) * y)) / 2
    expect_equal(area, pi * lev * sqrt(det(S)), tolerance = 0.01)
    # every contour point lies on the ellipse (to the linear interpolation)
    q <- Si[1, 1] * (x - u0)^2 + 2 * Si[1, 2] * (x - u0) * (y - v0) + Si[2, 2] * (y - v0)^2
    expect_true(all(abs(q / lev - 1) < 0.01))
  }
})

test_that("scans from count_terms() equal scans from expected_counts() point by point", {
  g <- 10^seq(-4, -2, length.out = 9)
  m <- 10^seq(0.5, 2.5, length.out = 8)
  cases <- list(
    list(x = toy_poisson(a_tau = 3, background = 5), model = lmu_ltau()),
    list(x = toy_chi2(background = 20), model = lmu()),
    list(x = toy_poisson(), model = lmu_ltau(mixing_fixed(-1e-5)))
  )
  for (cs in cases) {
    d <- asimov(cs$x, cs$model, 1e-3, 30) * 1.1
    a <- scan_grid(cs$x, d, cs$model, g, m, method = "terms")
    b <- scan_grid(cs$x, d, cs$model, g, m, method = "exact")
    expect_equal(a$minus2_loglik, b$minus2_loglik, tolerance = 1e-9)
    expect_lt(max(abs(a$minus2_loglik - b$minus2_loglik) / pmax(1, abs(b$minus2_loglik))), 1e-9)
    # and one point against minus2_loglik() directly
    k <- 23
    pred <- expected_counts(cs$x, cs$model, a$g[k], a$mass_mev[k])$counts
    expect_equal(a$minus2_loglik[k], minus2_loglik(cs$x, d, pred), tolerance = 1e-9)
  }
})

test_that("a scan costs one count_terms() per mass, not per (mass, coupling)", {
  calls <- new.env()
  calls$masses <- 0
  counting <- function(x, model, mass_mev, ...) {
    calls$masses <- calls$masses + length(mass_mev)
    NextMethod()
  }
  registerS3method("count_terms", "toy_counting", counting, envir = asNamespace("muonphilic"))
  x <- toy_poisson()
  class(x) <- c("toy_counting", class(x))
  d <- asimov(x, lmu_ltau(), 1e-3, 30)
  s <- scan_grid(x, d, lmu_ltau(), 10^seq(-4, -2, length.out = 60), 10^seq(0, 3, length.out = 45))
  expect_equal(calls$masses, 45)
  expect_equal(nrow(s), 60 * 45)
})

test_that("upper_limit() on background-only data rises monotonically with the mass", {
  g <- 10^seq(-4.5, -1, length.out = 120)
  m <- 10^seq(0, 3, length.out = 40)
  # constructive interference overall (mu: +, tau: -, a_mu > a_tau), so the
  # signal grows with g and falls with M at every energy
  model <- lmu_ltau(mixing_ratio(1 / 70))
  for (x in list(toy_poisson(a_tau = 2), toy_chi2(background = 20))) {
    sm <- count_terms(x, model, 30)[, 1, 1] # the g-independent term: no signal
    s <- scan_grid(x, sm, model, g, m)
    lim <- upper_limit(s)
    expect_equal(nrow(lim), length(m))
    expect_true(all(is.finite(lim$g_upper)))
    expect_true(all(diff(lim$g_upper) > 0))
    expect_true(all(lim$g_best == 0)) # exact profile: g = 0 fits best, not the grid's edge
    # the limit is where Delta(-2 ln L) = 2.71 (checked at one mass with minus2_loglik)
    k <- 20
    pred <- expected_counts(x, model, lim$g_upper[k], m[k])$counts
    d0 <- s$minus2_loglik[s$mass_mev == m[k]][1]
    expect_equal(minus2_loglik(x, sm, pred) - d0, stats::qchisq(0.9, 1), tolerance = 0.01)
  }
  # a signal much heavier than the momentum transfer: the limit grows like M
  big <- lim$g_upper[m > 300]
  expect_equal(diff(log10(big)) / diff(log10(m[m > 300])), rep(1, length(big) - 1), tolerance = 0.1)
})

test_that("combination: scanning together equals combining single scans", {
  g <- 10^seq(-4, -2, length.out = 20)
  m <- 10^seq(0.5, 2.5, length.out = 15)
  xa <- toy_poisson(a_tau = 2)
  xb <- toy_chi2(background = 20, edges = c(5, 20, 40, 80))
  da <- asimov(xa, lmu_ltau(), 1e-3, 30)
  db <- asimov(xb, lmu_ltau(), 1e-3, 30)
  curve <- function(s, e) s$minus2_loglik[s$experiment == e]
  # no combined curve unless asked for
  apart <- scan_grid(list(A = xa, B = xb), list(da, db), lmu_ltau(), g, m)
  expect_identical(unique(apart$experiment), c("A", "B"))
  both <- scan_grid(list(A = xa, B = xb), list(da, db), lmu_ltau(), g, m, combine = TRUE)
  expect_identical(unique(both$experiment), c("A", "B", "combined"))
  expect_equal(curve(both, "combined"), curve(both, "A") + curve(both, "B"))
  expect_equal(both[both$experiment != "combined", "delta"], apart$delta)
  # every curve's delta is against its own minimum
  for (e in c("A", "B", "combined")) {
    expect_equal(min(both$delta[both$experiment == e]), 0)
  }
  sa <- scan_grid(list(A = xa), list(da), lmu_ltau(), g, m)
  sb <- scan_grid(list(B = xb), list(db), lmu_ltau(), g, m)
  cmb <- combine_scans(sa, sb)
  expect_equal(curve(cmb, "combined"), curve(both, "combined"))
  expect_equal(cmb$delta, both$delta)
  # the merged likelihood gives the same exact limits as the joint scan
  expect_equal(as.data.frame(upper_limit(cmb)), as.data.frame(upper_limit(both)),
               tolerance = 1e-8)
  con <- contours(cmb)
  expect_setequal(unique(con$experiment), c("A", "B", "combined"))
  # the combined 68 % region is inside each experiment's 95 % region
  zc <- muonphilic:::curve_delta(cmb, "combined")
  for (e in c("A", "B")) {
    ze <- muonphilic:::curve_delta(cmb, e)
    expect_true(all(ze[zc < 2.2957] < 6.1801))
  }
  expect_error(combine_scans(sa, sa), class = "muonphilic_error_input")
  expect_error(combine_scans(sa, scan_grid(list(B = xb), list(db), lmu_ltau(), g[-1], m)),
               class = "muonphilic_error_input")
})

test_that("discriminate(): tau couplings tell LmuLtau from Lmu, a muon-only toy cannot", {
  g <- 10^seq(-4, -2, length.out = 30)
  m <- 10^seq(0.5, 2.5, length.out = 25)
  both <- toy_poisson(a_tau = 6)
  d <- asimov(both, lmu_ltau(), 2e-3, 30)
  r <- discriminate(both, d, lmu_ltau(), lmu(), g, m)
  expect_lt(r$m2ll_truth, 1e-6)
  expect_gt(r$delta_chi2, 1)
  # muon flavour only (as NA64mu below 2 m_mu): identical predictions
  mu_only <- toy_poisson(a_tau = 0)
  d <- asimov(mu_only, lmu_ltau(), 1e-3, 30)
  r <- discriminate(mu_only, d, lmu_ltau(), lmu(), g, m)
  expect_lt(abs(r$delta_chi2), 1e-10)
  s <- attr(r, "scans")
  expect_equal(contours(s$truth), contours(s$alt))
})

test_that("scans with a future plan of 2 workers equal serial scans", {
  skip_on_cran()
  skip_if_not_installed("future")
  skip_if_not_installed("future.apply")
  g <- 10^seq(-4, -2, length.out = 25)
  m <- 10^seq(0.5, 2.5, length.out = 21)
  xs <- list(P = toy_poisson(a_tau = 2), C = toy_chi2(background = 20))
  d <- lapply(xs, asimov, model = lmu_ltau(), g = 1e-3, mass_mev = 30)
  serial <- scan_grid(xs, d, lmu_ltau(), g, m)
  # NA64mu integrates in C with the package tolerance: workers must use the
  # caller's option
  x <- na64mu()
  dn <- asimov(x, lmu_ltau(), g = 1e-3, mass_mev = 100)
  mn <- c(20, 50, 100, 150)
  gn <- 10^seq(-4, -2, length.out = 10)
  old_opt <- options(muonphilic.rel_tol = 1e-3, muonphilic.parallel_min_s = 0)
  on.exit(options(old_opt), add = TRUE)
  set.seed(1)
  serial_n <- scan_grid(x, dn, lmu_ltau(), gn, mn)
  r_serial <- stats::runif(1)
  old <- future::plan(future::multisession, workers = 2)
  on.exit(future::plan(old), add = TRUE)
  expect_equal(future::nbrOfWorkers(), 2)
  parallel <- scan_grid(xs, d, lmu_ltau(), g, m)
  expect_identical(as.data.frame(parallel), as.data.frame(serial))
  expect_identical(attr(parallel, "minimum"), attr(serial, "minimum"))
  expect_identical(attr(parallel, "profile"), attr(serial, "profile"))
  set.seed(1)
  parallel_n <- scan_grid(x, dn, lmu_ltau(), gn, mn)
  # no random numbers are drawn: the caller's stream is where it was
  expect_identical(stats::runif(1), r_serial)
  expect_identical(as.data.frame(parallel_n), as.data.frame(serial_n))
  # the option matters (so the comparison above can fail)
  options(muonphilic.rel_tol = 1e-10)
  tight <- scan_grid(x, dn, lmu_ltau(), gn, mn)
  expect_false(identical(tight$minus2_loglik, serial_n$minus2_loglik))
})

test_that("autoplot draws contours, limits, the band and the truth", {
  skip_if_not_installed("ggplot2")
  g <- 10^seq(-4.5, -1.5, length.out = 30)
  m <- 10^seq(0, 3, length.out = 30)
  xa <- toy_poisson(a_tau = 2)
  xb <- toy_chi2(background = 20, K = 3e8)   # too weak to see the signal: a limit
  d <- list(asimov(xa, lmu_ltau(), 1e-3, 30), asimov(xb, lmu_ltau(), 1e-3, 30))
  s <- scan_grid(list(A = xa, B = xb), d, lmu_ltau(), g, m)
  expect_true(muonphilic:::curve_detects(s, "A"))
  expect_false(muonphilic:::curve_detects(s, "B"))
  p <- ggplot2::autoplot(s)
  expect_s3_class(p, "ggplot")
  b <- ggplot2::ggplot_build(p)
  geoms <- vapply(p$layers, function(l) class(l$geom)[1], character(1))
  expect_true(all(c("GeomRibbon", "GeomPath", "GeomLine", "GeomPoint") %in% geoms))
  # the title says what is shown; no combined curve unless the scan has one
  expect_match(p$labels$title, "^Reconstruction \\(68 %/95 % CL\\) and exclusion \\(90 % CL\\)$")
  drawn <- unique(unlist(lapply(b$plot$layers, function(l) l$data$experiment)))
  expect_setequal(drawn, c("A", "B"))
  lim_only <- ggplot2::autoplot(s, which = "B")
  expect_match(lim_only$labels$title, "^Exclusion \\(90 % CL upper limits\\)")
  reg_only <- ggplot2::autoplot(s, which = "A")
  expect_match(reg_only$labels$title, "^Reconstruction: 68 %/95 % CL regions")
})

test_that("scan bad input gives classed errors", {
  cls <- "muonphilic_error_input"
  x <- toy_poisson()
  d <- asimov(x, lmu_ltau(), 1e-3, 30)
  g <- 10^seq(-4, -2, length.out = 5)
  m <- 10^seq(0, 2, length.out = 5)
  expect_error(scan_grid(x, d, lmu_ltau(), rev(g), m), class = cls)
  expect_error(scan_grid(x, d, lmu_ltau(), g, c(m, m[5])), class = cls)
  expect_error(scan_grid(x, d, lmu_ltau(), -g, m), class = cls)
  expect_error(scan_grid(x, d, lmu_ltau(), g, c(0, m)), class = cls)
  expect_error(scan_grid(x, d, lmu_ltau(), 1e-3, m), class = cls)
  expect_error(scan_grid(x, d[-1], lmu_ltau(), g, m), class = cls)
  expect_error(scan_grid(list(x, "CCM"), list(d, d), lmu_ltau(), g, m), class = cls)
  expect_error(scan_grid(list(x, x), list(d), lmu_ltau(), g, m), class = cls)
  expect_error(scan_grid(list(), list(), lmu_ltau(), g, m), class = cls)
  expect_error(scan_grid(list(total = x), list(d), lmu_ltau(), g, m), class = cls)
  expect_error(scan_grid(x, d, "LmuLtau", g, m), class = cls)
  expect_error(scan_grid(x, d, lmu_ltau(), g, m, method = "fast"), class = cls)
  expect_error(scan_grid(x, d, lmu_ltau(), g, m, refine = "yes"), class = cls)
  s <- scan_grid(x, d, lmu_ltau(), g, m)
  expect_error(contours(data.frame(g = 1)), class = cls)
  expect_error(contours(s, cl = 1.2), class = cls)
  expect_error(contours(s, which = "CCM"), class = cls)
  expect_error(upper_limit(s, cl = c(0.9, 0.95)), class = cls)
  expect_error(discriminate(x, d, lmu_ltau(), "Lmu", g, m), class = cls)
  expect_snapshot(scan_grid(list(x, 3), list(d, d), lmu_ltau(), g, m), error = TRUE)
})

test_that("reconstruction_figure() makes one panel per benchmark point from a function of BP", {
  skip_if_not_installed("ggplot2")
  seen <- numeric()
  mk <- function(bp) {
    seen <<- c(seen, bp$mass_mev)
    list(A = toy_poisson(a_tau = 2), B = toy_chi2(background = 20, K = 3e8))
  }
  p <- muonphilic:::reconstruction_figure(mk, fit_models = list(LmuLtau = lmu_ltau(), Lmu = lmu()),
                                          quick = TRUE, title = "toy")
  expect_equal(seen, benchmark_points()$mass_mev)
  expect_s3_class(p, "ggplot")
  expect_length(attr(p, "scans"), 8L)
  b <- ggplot2::ggplot_build(p)
  expect_equal(length(unique(b$layout$layout$PANEL)), 4L)
  expect_true(any(grepl("[Lmu]", unique(b$plot$data$experiment %||% character()), fixed = TRUE)) ||
                any(vapply(p$layers, function(l) any(grepl("[Lmu]", l$data$experiment, fixed = TRUE)),
                           logical(1))))
})

test_that("masses flagged inexact by count_terms() are computed with expected_counts()", {
  # a toy whose coefficients are deliberately wrong above 100 MeV and flagged
  approx_terms <- function(x, model, mass_mev, ...) {
    t <- NextMethod()
    bad <- mass_mev > 100
    t[, 2, bad] <- 1.5 * t[, 2, bad]
    attr(t, "exact") <- !bad
    t
  }
  registerS3method("count_terms", "toy_approx", approx_terms, envir = asNamespace("muonphilic"))
  x <- toy_poisson(a_tau = 2)
  xa <- x
  class(xa) <- c("toy_approx", class(x))
  d <- asimov(x, lmu_ltau(), 1e-3, 30)
  g <- 10^seq(-4, -2, length.out = 9)
  m <- 10^seq(1, 2.6, length.out = 8)
  ref <- scan_grid(x, d, lmu_ltau(), g, m)
  got <- scan_grid(xa, d, lmu_ltau(), g, m)
  expect_equal(got$minus2_loglik, ref$minus2_loglik, tolerance = 1e-9)
  # without the flag the wrong coefficients would show
  attr_free <- function(x, model, mass_mev, ...) {
    t <- NextMethod()
    attr(t, "exact") <- NULL
    t
  }
  registerS3method("count_terms", "toy_noflag", attr_free, envir = asNamespace("muonphilic"))
  xn <- x
  class(xn) <- c("toy_noflag", "toy_approx", class(x))
  wrong <- scan_grid(xn, d, lmu_ltau(), g, m)
  expect_gt(max(abs(wrong$minus2_loglik - ref$minus2_loglik)[ref$mass_mev > 100]), 1)
  expect_equal(wrong$minus2_loglik[ref$mass_mev < 100], ref$minus2_loglik[ref$mass_mev < 100], tolerance = 1e-9)
})
