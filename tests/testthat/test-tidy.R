# Scans, limits and contours as data: subsetting, binding, summary(),
# tidy()/glance(), confint(), profile(), logLik(), colours and titles.
# Toy experiments from helper-toy.R; expectations from independent
# minimisations and root finding with minus2_loglik() and expected_counts().

tidy_grid <- list(g = 10^seq(-4, -2, length.out = 13), mass_mev = c(10, 20, 30, 45, 70))

tidy_scan <- function(combine = FALSE, g_b = 1e-3) {
  xa <- toy_poisson(a_tau = 2)
  xb <- toy_poisson(a_tau = 2, q = 40)
  d <- list(A = asimov(xa, lmu_ltau(), 1e-3, 30), B = asimov(xb, lmu_ltau(), g_b, 30))
  scan_grid(list(A = xa, B = xb), d, lmu_ltau(), tidy_grid$g, tidy_grid$mass_mev,
            combine = combine)
}

# -2 ln L of experiment x on data d at (g, M), from the public functions.
m2ll_direct <- function(x, d, g, mass_mev) {
  vapply(g, function(gg) {
    minus2_loglik(x, d, expected_counts(x, lmu_ltau(), gg, mass_mev)$counts)
  }, numeric(1))
}

# Minimum over g >= 0 at one mass: a coarse search in log g (the sum of
# two experiments in tension can have several local minima), then
# optimize() around the best point; g = 0 as well.
min_direct <- function(f) {
  u <- seq(-6, -1, by = 0.05)
  v <- vapply(u, function(uu) f(10^uu), numeric(1))
  i <- which.min(v)
  o <- stats::optimize(function(uu) f(10^uu), u[c(max(i - 1L, 1L), min(i + 1L, length(u)))],
                       tol = 1e-10)
  min(o$objective, v[i], f(0))
}

test_that("a scan is a long data frame; head, [, subset and rbind give plain data frames", {
  s <- tidy_scan()
  n <- length(tidy_grid$g) * length(tidy_grid$mass_mev)
  expect_s3_class(s, "muonphilic_scan")
  expect_named(s, c("experiment", "g", "mass_mev", "minus2_loglik", "delta"))
  expect_equal(nrow(s), 2 * n)
  expect_identical(unique(s$experiment), c("A", "B")) # no combined curve unless asked
  # every experiment's delta is against its own minimum
  for (e in c("A", "B")) expect_equal(min(s$delta[s$experiment == e]), 0)
  h <- head(s)
  expect_identical(class(h), "data.frame")
  expect_equal(nrow(h), 6L)
  expect_null(attr(h, "grid"))
  expect_output(print(h), "minus2_loglik")
  three <- s[1:3, ]
  expect_identical(class(three), "data.frame")
  expect_equal(three$g, tidy_grid$g[1:3])
  sub <- subset(s, experiment == "A")
  expect_identical(class(sub), "data.frame")
  expect_equal(nrow(sub), n)
  # a broken grid is no longer a scan: scan functions say so
  expect_error(contours(sub), class = "muonphilic_error_input")
  # selecting everything keeps the scan
  expect_s3_class(s[, ], "muonphilic_scan")
  expect_s3_class(s[seq_len(nrow(s)), ], "muonphilic_scan")
  expect_identical(class(s[rev(seq_len(nrow(s))), ]), "data.frame")
  both <- rbind(s, s)
  expect_identical(class(both), "data.frame")
  expect_equal(nrow(both), 2 * nrow(s))
  # printing shows a summary and a few rows, not the whole grid
  out <- capture.output(print(s))
  expect_lt(length(out), 20L)
  expect_match(paste(out, collapse = "\n"), "best fits")
})

test_that("combine = TRUE adds the combined curve, the sum of the experiments", {
  s <- tidy_scan(combine = TRUE)
  expect_identical(unique(s$experiment), c("A", "B", "combined"))
  v <- function(e) s$minus2_loglik[s$experiment == e]
  expect_equal(v("combined"), v("A") + v("B"))
  expect_equal(min(s$delta[s$experiment == "combined"]), 0)
  one <- scan_grid(toy_poisson(), asimov(toy_poisson(), lmu_ltau(), 1e-3, 30), lmu_ltau(),
                   tidy_grid$g, tidy_grid$mass_mev, combine = TRUE)
  expect_identical(unique(one$experiment), "toy") # one experiment: no combined curve
})

test_that("tidy() gives each experiment's best fit, independent of the g grid", {
  s <- tidy_scan(g_b = 2.5e-3)
  td <- tidy(s)
  expect_named(td, c("experiment", "g", "mass_mev", "minus2_loglik", "grid_edge"))
  expect_identical(td$experiment, c("A", "B"))
  # Asimov data at M = 30 MeV (a grid mass): the truth fits exactly, off the g grid
  expect_equal(td$mass_mev, c(30, 30))
  expect_equal(td$g, c(1e-3, 2.5e-3), tolerance = 1e-5)
  expect_lt(max(abs(td$minus2_loglik)), 1e-6)
  expect_false(any(td$grid_edge))
  expect_output(print(summary(s)), "best fits")
  expect_s3_class(summary(s), "summary.muonphilic_scan")
})

test_that("glance() is the joint goodness of fit and the tension between experiments", {
  xa <- toy_poisson(a_tau = 2)
  xb <- toy_poisson(a_tau = 2, q = 40)
  d <- list(A = asimov(xa, lmu_ltau(), 1e-3, 30), B = asimov(xb, lmu_ltau(), 2.5e-3, 30))
  s <- tidy_scan(g_b = 2.5e-3)
  gl <- glance(s)
  expect_equal(nrow(gl), 1L)
  # joint minimum over the mass grid and g >= 0, by plain optimize()
  joint <- min(vapply(tidy_grid$mass_mev, function(m) {
    min_direct(function(g) m2ll_direct(xa, d$A, g, m) + m2ll_direct(xb, d$B, g, m))
  }, numeric(1)))
  expect_equal(gl$minus2_loglik, joint, tolerance = 1e-6)
  n_bins <- 2 * (length(xa$edges) - 1)
  expect_equal(gl$n_bins, n_bins)
  expect_equal(gl$dof, n_bins - 2)
  expect_equal(gl$p_value, stats::pchisq(joint, n_bins - 2, lower.tail = FALSE), tolerance = 1e-6)
  # each experiment alone fits its own Asimov data exactly: the tension is
  # the whole joint minimum, with 2 (n - 1) = 2 degrees of freedom
  expect_equal(gl$chi2_pg, joint, tolerance = 1e-6)
  expect_equal(gl$dof_pg, 2)
  expect_gt(gl$sigma_pg, 3)
  # consistent data: no tension
  expect_lt(glance(tidy_scan())$chi2_pg, 1e-6)
})

test_that("confint() brackets the best fit where Delta(-2 ln L) = qchisq(level, 1)", {
  x <- toy_poisson(a_tau = 2, background = 3)
  d <- asimov(x, lmu_ltau(), 1.5e-3, 30)
  s <- scan_grid(list(A = x), list(d), lmu_ltau(), tidy_grid$g, tidy_grid$mass_mev)
  ci <- confint(s, level = 0.90)
  expect_named(ci, c("experiment", "mass_mev", "g_best", "g_lower", "g_upper", "cl"))
  expect_equal(ci$mass_mev, tidy_grid$mass_mev)
  t <- stats::qchisq(0.90, 1)
  for (k in c(2, 3, 5)) {
    m <- tidy_grid$mass_mev[k]
    f <- function(g) m2ll_direct(x, d, g, m)
    o <- stats::optimize(function(u) f(10^u), c(-5, -1.5), tol = 1e-12)
    g_hat <- 10^o$minimum
    h <- function(u) f(10^u) - o$objective - t
    lo <- 10^stats::uniroot(h, c(-6, log10(g_hat)), tol = 1e-12)$root
    hi <- 10^stats::uniroot(h, c(log10(g_hat), -1), tol = 1e-12)$root
    expect_equal(ci$g_best[k], g_hat, tolerance = 1e-4)
    expect_equal(ci$g_lower[k], lo, tolerance = 1e-5)
    expect_equal(ci$g_upper[k], hi, tolerance = 1e-5)
  }
  # the upper end is the asymptotic upper limit at the same level
  lim <- upper_limit(s, cl = 0.90)
  expect_equal(ci$g_upper, lim$g_upper, tolerance = 1e-8)
  # a wider level gives a wider interval; a label works as the level
  ci95 <- confint(s, level = "95 %")
  expect_true(all(ci95$g_lower <= ci$g_lower & ci95$g_upper >= ci$g_upper))
  # background-only data: g = 0 is inside, the lower end is 0
  b <- asimov(x, lmu_ltau(), 0, 30)
  s0 <- scan_grid(list(A = x), list(b), lmu_ltau(), tidy_grid$g, tidy_grid$mass_mev)
  expect_true(all(confint(s0)$g_lower == 0))
  expect_error(confint(s, parm = "nope"), class = "muonphilic_error_input")
  expect_error(confint(s, level = 1.5), class = "muonphilic_error_input")
})

test_that("profile() and logLik() of a scan", {
  s <- tidy_scan(g_b = 2.5e-3)
  p <- profile(s)
  expect_identical(unique(p$experiment), c("A", "B"))
  pg <- profile_g(s, which = c("A", "B"))
  expect_equal(p$g_hat, pg$g_hat)
  expect_equal(p$m2ll_hat, pg$m2ll_hat)
  # the profile at each mass is the minimum over g (optimize() on the public functions)
  xa <- toy_poisson(a_tau = 2)
  da <- asimov(xa, lmu_ltau(), 1e-3, 30)
  pa <- p[p$experiment == "A", ]
  for (k in c(1, 4)) {
    want <- min_direct(function(g) m2ll_direct(xa, da, g, tidy_grid$mass_mev[k]))
    expect_equal(pa$m2ll_hat[k], want, tolerance = 1e-6)
  }
  ll <- logLik(s)
  expect_s3_class(ll, "logLik")
  expect_equal(as.numeric(ll), -glance(s)$minus2_loglik / 2)
  expect_equal(attr(ll, "df"), 2L)
  expect_equal(attr(ll, "nobs"), 8L)
  expect_equal(stats::AIC(ll), glance(s)$minus2_loglik + 4)
  la <- logLik(s, experiment = "A")
  expect_equal(as.numeric(la), -tidy(s)$minus2_loglik[1] / 2)
  expect_equal(attr(la, "nobs"), 4L)
  expect_error(logLik(s, experiment = "C"), class = "muonphilic_error_input")
})

test_that("contours() are mass_mev/g paths labelled by cl; two frames bind with rbind()", {
  s <- tidy_scan(g_b = 2.5e-3)
  ca <- contours(s, which = "A")
  cb <- contours(s, cl = 0.95, which = "B")
  expect_s3_class(ca, "muonphilic_contours")
  expect_named(ca, c("experiment", "cl", "piece", "mass_mev", "g"))
  expect_setequal(unique(ca$cl), c("68 %", "95 %"))
  expect_identical(unique(cb$cl), "95 %")
  expect_type(ca$piece, "integer")
  both <- rbind(ca, cb)
  expect_s3_class(both, "data.frame")
  expect_equal(nrow(both), nrow(ca) + nrow(cb))
  expect_setequal(unique(both$experiment), c("A", "B"))
  expect_equal(both$g, c(ca$g, cb$g))
  # the 95 % region contains the truth, whose Delta is 0; the contour
  # points lie inside the mass grid
  expect_true(all(both$mass_mev >= 10 & both$mass_mev <= 70))
  # the print method shows a summary and the first rows only
  out <- capture.output(print(both))
  expect_lt(length(out), 12L)
  expect_match(out[1], "contours")
  expect_error(contours(s, cl = "68"), class = "muonphilic_error_input")
})

test_that("upper_limit() frames: experiment column, summary() and print()", {
  x <- toy_poisson(a_tau = 2)
  s <- scan_grid(list(A = x, B = toy_chi2(background = 20)),
                 list(asimov(x, lmu_ltau(), 0, 30), count_terms(toy_chi2(background = 20), lmu_ltau(), 30)[, 1, 1]),
                 lmu_ltau(), tidy_grid$g, tidy_grid$mass_mev)
  lim <- upper_limit(s)
  expect_s3_class(lim, "muonphilic_limits")
  expect_true(all(c("experiment", "mass_mev", "g_upper", "cl", "method") %in% names(lim)))
  expect_false("curve" %in% names(lim))
  sm <- summary(lim)
  expect_identical(sm$experiment, c("A", "B"))
  for (e in c("A", "B")) {
    r <- lim[lim$experiment == e, ]
    expect_equal(sm$g_upper_min[sm$experiment == e], min(r$g_upper))
    expect_equal(sm$mass_at_min_mev[sm$experiment == e], r$mass_mev[which.min(r$g_upper)])
  }
  expect_equal(sm$n_masses, c(5L, 5L))
  withr::local_options(width = 250) # one printed line per row
  out <- capture.output(print(lim, n = 3))
  expect_lt(length(out), 8L)
})

test_that("summary() of an experiment: bins, exposure, background", {
  x <- na64mu(mot = 2e11)
  sx <- summary(x)
  expect_equal(sx$n_bins, length(background_counts(x)))
  expect_equal(sx$background, sum(background_counts(x)))
  expect_match(sx$exposure, "2e\\+11 muons on target")
  expect_output(print(sx), "9 bins")
  ccm <- summary(spallation_detector("CCM"))
  expect_equal(ccm$background, sum(background_counts(spallation_detector("CCM"))))
})

test_that("colours: colour-blind safe, distinct per configuration, combined never an experiment colour", {
  okabe_ito <- c("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7")
  cols <- muonphilic:::scan_colours(c("NA64mu", "NA64mu_2", "CCM", "combined"))
  expect_false(anyDuplicated(cols) > 0)
  expect_true(all(cols[1:3] %in% okabe_ito))
  expect_false(cols[["combined"]] %in% muonphilic:::scan_colours(paste0("exp", 1:12)))
  many <- muonphilic:::scan_colours(c(paste0("E", 1:20), "combined"))
  expect_false(anyDuplicated(many) > 0)
  skip_if_not_installed("ggplot2")
  # two configurations of NA64mu in one scan are drawn in two colours
  x1 <- na64mu(mot = 1e11)
  x2 <- na64mu(mot = 1e12)
  d <- list(asimov(x1, lmu_ltau(), 1e-3, 100), asimov(x2, lmu_ltau(), 1e-3, 100))
  s <- scan_grid(list(x1, x2), d, lmu_ltau(), 10^seq(-4, -2, length.out = 8),
                 c(30, 60, 100, 150, 200))
  expect_identical(unique(s$experiment), c("na64mu", "na64mu_1"))
  p <- ggplot2::autoplot(s, fill = FALSE)
  b <- ggplot2::ggplot_build(p)
  paths <- b$data[[which(vapply(p$layers, function(l) inherits(l$geom, "GeomPath"), TRUE))[1]]]
  expect_equal(length(unique(paths$colour)), 2L)
  expect_match(p$labels$title, "Reconstruction")
  # autoplot() of contour and limit frames
  expect_s3_class(ggplot2::autoplot(contours(s)), "ggplot")
  pl <- ggplot2::autoplot(upper_limit(s))
  expect_s3_class(pl, "ggplot")
  expect_match(pl$labels$title, "^Exclusion \\(90 % CL upper limits\\)")
})
