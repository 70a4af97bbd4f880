# COHERENT real-data likelihoods: CENNS-10 argon (2020) and CsI[Na] (2022).
# Published numbers: arXiv:2003.10630 / LArParametersAnlA.yaml of the argon
# release (128 +- 17 predicted, 159 +- 43 fitted CEvNS events); event counts
# of the CsI release (1578 coincidence, 1295 anti-coincidence events with
# PE < 60 and t < 6 us).

ar <- coherent_ar_2020()
csi <- coherent_csi_2022()

# Profile of a free multiple k of the CEvNS template `tmpl`: best fit and
# the 1-sigma interval (Delta -2 ln L = 1) in events.
free_norm_fit <- function(x, tmpl, k = seq(0, 2.5, by = 0.02)) {
  v <- nuisance_m2ll(x, observed_counts(x), outer(tmpl, k))
  n <- k * sum(tmpl)
  f <- stats::splinefun(n, v)
  best <- stats::optimize(f, range(n))$minimum
  fmin <- f(best)
  lo <- stats::uniroot(function(z) f(z) - fmin - 1, c(0, best))$root
  hi <- stats::uniroot(function(z) f(z) - fmin - 1, c(best, max(n)))$root
  list(best = best, lo = lo, hi = hi, delta0 = f(0) - fmin)
}

test_that("argon: the package's SM prediction reproduces the released 128 events", {
  sm <- sm_counts(ar)$counts
  expect_length(sm, 960)
  expect_equal(sum(sm), 128, tolerance = 0.05)
  # the release's own CEvNS PDF sums to the prediction
  expect_equal(sum(ar$release$cevns), 128, tolerance = 1e-3)
  expect_equal(sum(observed_counts(ar)), 3752)
})

test_that("argon: arrival times follow the release (prompt/delayed split)", {
  sm <- sm_counts(ar)
  mine <- tapply(sm$counts, sm$time_lower_us, sum)
  rel <- tapply(ar$release$cevns, sm$time_lower_us, sum)
  expect_equal(as.vector(mine / sum(mine)), as.vector(rel / sum(rel)), tolerance = 0.1)
})

test_that("argon: totals agree with an independent flux x cross-section integral", {
  eff <- as.matrix(utils::read.table(gzfile(system.file(
    "extdata", "coherent-ar-2020", "CENNS10AnlAEfficiency.txt.gz", package = "muonphilic"))))
  norm <- 0.09 * 13.8e22 / (4 * pi * 2750^2) * 24.4e-3 * nucleus("Ar40")$targets_per_tonne
  line <- attr(spallation_flux(1), "prompt")[["enu_mev"]]
  # arrival times by Monte Carlo: proton pulse + pion (+ muon) decay times
  set.seed(1)
  nmc <- 1e6
  t_p <- stats::rnorm(nmc, 0.44, 0.15) + stats::rexp(nmc, 1 / 0.026033)
  t_d <- t_p + stats::rexp(nmc, 1 / 2.1969811)
  win <- c(prompt = mean(t_p > -0.1 & t_p < 4.9), delayed = mean(t_d > -0.1 & t_d < 4.9))
  dndt <- function(t, g, m) {
    vapply(t, function(tt) {
      d <- function(e, fl, col) {
        spallation_flux(e)[[col]] * cevns_xsec("Ar40", lmu_ltau(), g, m, fl, e, tt)
      }
      emin <- sqrt(tt * 1e-3 * 37.2 / 2) # MeV, a little below the threshold
      prompt <- cevns_xsec("Ar40", lmu_ltau(), g, m, "mu", line, tt)
      del <- stats::integrate(d, emin, 52.83, fl = "mu", col = "anti_nu_mu", rel.tol = 1e-6)$value +
        stats::integrate(d, emin, 52.83, fl = "e", col = "nu_e", rel.tol = 1e-6)$value
      win[["prompt"]] * prompt + win[["delayed"]] * del
    }, 0)
  }
  response <- function(t) {
    eee <- (0.246 + 0.00078 * t) * t
    acc <- stats::approx(eff[, 2], eff[, 3], xout = t, rule = 2)$y
    acc[t < eff[1, 2]] <- 0
    sig <- 0.58 * sqrt(eee)
    acc * (stats::pnorm((120 - eee) / sig) - stats::pnorm(-eee / sig))
  }
  for (p in list(c(0, 10), c(1e-3, 15))) {
    ref <- norm * stats::integrate(function(t) dndt(t, p[1], p[2]) * response(t), 0.2, 150,
                                   rel.tol = 1e-5, subdivisions = 200)$value
    got <- sum(expected_counts(ar, lmu_ltau(), g = p[1], mass_mev = p[2])$counts)
    expect_equal(got, ref, tolerance = 0.01)
  }
})

test_that("argon: the profiled fit reproduces the published 159 +- 43 CEvNS events", {
  free <- coherent_ar_2020(cevns_norm_sigma = 0)
  # the release's own CEvNS shape through our likelihood (nuisances, data)
  r <- free_norm_fit(free, free$release$cevns)
  expect_equal(r$best, 159, tolerance = 0.05)
  expect_equal((r$hi - r$lo) / 2, 43, tolerance = 0.25)
  # the package's own CEvNS shape: within half the published uncertainty
  r2 <- free_norm_fit(free, sm_counts(free)$counts)
  expect_lt(abs(r2$best - 159), 43 / 2)
  expect_equal((r2$hi - r2$lo) / 2, 43, tolerance = 0.25)
  # "greater than 3 sigma" over the background-only hypothesis
  expect_gt(sqrt(r2$delta0), 3)
})

test_that("argon: the profile equals a direct minimisation over the nuisances", {
  n <- observed_counts(ar)
  sm <- sm_counts(ar)$counts
  pred <- cbind(sm, 2 * sm)
  got <- nuisance_m2ll(ar, n, pred)
  direct <- vapply(1:2, function(h) {
    f <- function(th) {
      kf <- ncol(ar$Jf)
      mu <- background_counts(ar) + ar$Jf %*% th[seq_len(kf)] +
        pred[, h] * (1 + ar$R %*% th[-seq_len(kf)])
      if (any(mu <= 0)) return(1e100)
      2 * sum(mu - n + ifelse(n > 0, n * log(n / mu), 0)) + sum(th^2)
    }
    k <- ncol(ar$Jf) + ncol(ar$R)
    o <- stats::optim(rep(0, k), f, method = "BFGS", control = list(reltol = 1e-14, maxit = 2000))
    o$value
  }, 0)
  expect_equal(got, direct, tolerance = 1e-6)
})

test_that("CsI: the release's event counts and a significant CEvNS fit", {
  expect_length(observed_counts(csi), 140)
  expect_equal(sum(observed_counts(csi)), 1578)
  expect_equal(sum(csi$anti_coincidence), 1295)
  expect_equal(sum(csi$components$brn), 18.4, tolerance = 1e-9)
  expect_equal(sum(csi$components$nin), 5.6, tolerance = 1e-9)
  sm <- sm_counts(csi)$counts
  # SM prediction in the region: several hundred events (the flux, mass
  # and response of the release give about 350)
  expect_gt(sum(sm), 300)
  expect_lt(sum(sm), 400)
  r <- free_norm_fit(coherent_csi_2022(cevns_norm_sigma = 0), sm, k = seq(0, 2, by = 0.02))
  # the fit agrees with the SM and with the coincidence excess over the
  # anti-coincidence sample minus BRN and NIN (1578 - 1295 - 24 = 259)
  expect_gt(sum(sm), r$lo - 2 * (r$hi - r$lo) / 2)
  expect_lt(sum(sm), r$hi + 2 * (r$hi - r$lo) / 2)
  expect_lt(abs(r$best - 259), 2 * (r$hi - r$lo) / 2)
  # CEvNS observed far above 5 sigma (the publication: more than 10)
  expect_gt(sqrt(r$delta0), 10)
})

test_that("the A' changes CEvNS as the cross section says", {
  for (x in list(ar, csi)) {
    ct <- count_terms(x, lmu_ltau(), c(10, 100))
    expect_equal(attr(ct, "powers"), c(0, 2, 4))
    expect_equal(ct[, "sm", 1], sm_counts(x)$counts, tolerance = 1e-12)
    # destructive interference for LmuLtau, A' term positive
    expect_true(all(ct[, "interference", ] <= 0))
    expect_true(all(ct[, "aprime", ] >= 0))
    # a heavier mediator gives smaller new-physics terms
    expect_gt(sum(ct[, "aprime", 1]), sum(ct[, "aprime", 2]))
    ec <- expected_counts(x, lmu_ltau(), g = c(1e-5, 3e-3), mass_mev = 10)
    expect_equal(ec$counts[ec$g == 1e-5], sm_counts(x)$counts, tolerance = 1e-3)
    expect_equal(nrow(ec), 2 * nrow(x$bins))
  }
})

test_that("a 90 % CL limit on LmuLtau from both data sets in scan_grid()", {
  g <- 10^seq(-4, -1.5, length.out = 14)
  m <- c(10, 30, 100)
  s <- scan_grid(list(coherent_ar_2020(), coherent_csi_2022()), NULL, lmu_ltau(),
                 g = g, mass_mev = m, combine = TRUE)
  expect_true(all(is.finite(s$delta)))
  lim <- vapply(m, function(mm) {
    d <- s[s$mass_mev == mm & s$experiment == "combined", ]
    # the smallest excluded coupling: the SM-like couplings below it are allowed
    above <- which(d$delta > 2.71)[1]
    if (is.na(above) || above == 1L) return(NA_real_)
    10^stats::approx(d$delta[above - 0:1], log10(d$g[above - 0:1]), xout = 2.71)$y
  }, 0)
  expect_true(all(is.finite(lim)))
  # literature order of magnitude: g ~ 1e-4 .. 1e-2 at 10-100 MeV
  expect_true(all(lim > 1e-4 & lim < 1e-2))
  expect_true(lim[3] > lim[1])
})

test_that("bad inputs give classed errors", {
  empty <- tempfile("coherent")
  dir.create(file.path(empty, "coherent-ar-2020"), recursive = TRUE)
  dir.create(file.path(empty, "coherent-csi-2022"), recursive = TRUE)
  expect_error(coherent_ar_2020(data_dir = empty), class = "muonphilic_error_input")
  expect_error(coherent_csi_2022(data_dir = empty), class = "muonphilic_error_data")
  bad <- gzfile(file.path(empty, "coherent-ar-2020", "datanobkgsub.txt.gz"), "w")
  writeLines(c("5 0.525 0.15", "5 0.525 0.65"), bad)
  close(bad)
  expect_error(coherent_ar_2020(data_dir = empty), class = "muonphilic_error_data")
  expect_error(coherent_ar_2020(observed = rep(1, 959)), class = "muonphilic_error_input")
  expect_error(coherent_ar_2020(observed = c(-1, rep(1, 959))), class = "muonphilic_error_input")
  expect_error(coherent_csi_2022(observed = rep(NA_real_, 140)), class = "muonphilic_error_input")
  expect_error(coherent_csi_2022(brn_sigma = -1), class = "muonphilic_error_input")
  expect_error(coherent_ar_2020(cevns_norm_sigma = NaN), class = "muonphilic_error_input")
  expect_error(coherent_ar_2020(data_dir = 3), class = "muonphilic_error_input")
  expect_error(nuisance_m2ll(ar, observed_counts(ar)[-1], matrix(1, 960, 1)),
               class = "muonphilic_error_input")
  expect_error(nuisance_m2ll(ar, observed_counts(ar), matrix(1, 10, 1)),
               class = "muonphilic_error_input")
  expect_error(nuisance_m2ll(ar, observed_counts(ar), matrix(-1, 960, 1)),
               class = "muonphilic_error_input")
  expect_error(count_terms(ar, lmu_ltau(), mass_mev = c(10, -1)), class = "muonphilic_error_input")
  expect_error(expected_counts(csi, lmu_ltau(), g = Inf, mass_mev = 10),
               class = "muonphilic_error_input")
})
