# XENONnT SR0+SR1 solar-8B search (PRL 133, 191002) with the XENONnT data
# release: reproduction of the published numbers, the recasting fold, the
# profiled likelihood against an independent minimiser, a limit on LmuLtau.

xnt <- xenonnt_8b_2024()
sm_terms <- count_terms(xnt, lmu_ltau(), mass_mev = 100)
sm <- sm_terms[, 1, 1]

test_that("the data: 37 events (9 in SR0, 28 in SR1) over 26.4 expected background events", {
  obs <- observed_counts(xnt)
  expect_length(obs, 162L)
  expect_equal(sum(obs), 37)
  expect_equal(sum(obs[1:81]), 9)
  expect_equal(sum(obs[82:162]), 28)
  bkg <- background_counts(xnt)
  expect_length(bkg, 162L)
  expect_true(all(bkg > 0))
  # publication: 26.4 (+1.4 -1.3) background events
  expect_equal(sum(bkg), 26.4, tolerance = 0.01 / 26.4)
  # accidental coincidences dominate (release templates: 25.25 of 26.40)
  tp <- xnt$templates
  expect_equal(sum(tp$ac_sr0 + tp$ac_sr1), 25.25, tolerance = 0.01 / 25.25)
  expect_identical(statistic(xnt)$kind, "custom")
})

test_that("the recasting fold of the release's own SM spectrum reproduces its 8B template", {
  # independent input: the release's inverse-CDF spectrum (335.6 events/t/yr)
  sp <- utils::read.csv(system.file("extdata", "xenonnt-8b-2024", "cevns_spectrum_release.csv.gz",
                                    package = "muonphilic"), comment.char = "#")
  cdf <- stats::splinefun(sp$E_R_keV, sp$cdf, method = "monoH.FC")
  rate <- 335.5964691089417 * cdf(xnt$energy_kevnr, deriv = 1)
  folded <- as.vector(xnt$response %*% rate)
  b8 <- xnt$templates$b8[, 4, 4]
  # release template: SR0 4.25, SR1 7.67 events; the fold agrees within ~2 %
  expect_equal(sum(b8), 11.92, tolerance = 0.01 / 11.92)
  expect_equal(sum(folded[1:81]), sum(b8[1:81]), tolerance = 0.03)
  expect_equal(sum(folded[82:162]), sum(b8[82:162]), tolerance = 0.03)
  expect_gt(stats::cor(folded, b8), 0.99)
})

test_that("the SM 8B expectation from the package's spectrum is the release's 11.9 events within 5 %", {
  expect_equal(sum(sm), 11.92, tolerance = 0.05)
  # the count terms are the fold of the rate at g (direct path, no terms)
  g <- 2e-3
  i8b <- match("8B", solar_components()$component)
  direct <- muonphilic:::xenon_rate_direct(lmu_ltau(), g, 10, xnt$energy_kevnr,
                                           components = "8B")[, i8b, 1]
  ec <- expected_counts(xnt, lmu_ltau(), g = g, mass_mev = 10)
  expect_equal(ec$counts, as.vector(xnt$response %*% direct), tolerance = 1e-8)
  expect_setequal(names(ec), c("bin", "lower", "upper", "counts", "g", "mass_mev"))
})

# an independent -2 ln L: bilinear interpolation written out, R's optim()
bilinear <- function(a, tl, tq) {
  i <- min(floor(tl), 2)
  j <- min(floor(tq), 2)
  u <- tl - i
  v <- tq - j
  (1 - u) * (1 - v) * a[, i + 4, j + 4] + u * (1 - v) * a[, i + 5, j + 4] +
    (1 - u) * v * a[, i + 4, j + 5] + u * v * a[, i + 5, j + 5]
}
reference_m2ll <- function(s, n = xnt$observed) {
  tp <- xnt$templates
  nu <- xnt$nuisances
  fn <- function(th) {
    m <- th[1] * th[2] * s * bilinear(tp$signal_ratio, th[7], th[8]) + tp$ac_sr0 * th[3] +
      tp$ac_sr1 * th[4] + tp$er * th[5] + th[6] * bilinear(tp$rg, th[7], th[8])
    2 * sum(m - n + ifelse(n > 0, n * log(n / m), 0)) + sum(((th - nu$nominal) / nu$sigma)^2)
  }
  starts <- list(nu$nominal, c(1, 1, 1, 1, 0.5, 1, 1, -1), c(1, 0.7, 1, 1, 1, 1, -1, 1))
  min(vapply(starts, function(st) {
    stats::optim(st, fn, method = "L-BFGS-B", lower = nu$lower, upper = nu$upper,
                 control = list(factr = 1e3, maxit = 1000))$value
  }, numeric(1)))
}

test_that("the profiled likelihood equals an independent minimisation", {
  mu <- c(0, 1, 3, 30)
  ours <- nuisance_m2ll(xnt, xnt$observed, outer(sm, mu))
  ref <- vapply(mu, function(m) reference_m2ll(sm * m), numeric(1))
  expect_lt(max(abs(ours - ref)), 1e-5)
  # saturated = FALSE differs by a constant only
  uns <- nuisance_m2ll(xnt, xnt$observed, outer(sm, mu), saturated = FALSE)
  expect_equal(diff(uns), diff(ours), tolerance = 1e-8)
  # through the package's likelihood layer
  expect_equal(minus2_loglik(xnt, xnt$observed, sm), ours[2], tolerance = 1e-10)
})

test_that("background-only rejection of about 2.7 sigma and the measured 8B flux", {
  mu <- seq(0, 3, by = 0.01)
  m <- nuisance_m2ll(xnt, xnt$observed, outer(sm, mu))
  z <- sqrt(m[1] - min(m))
  expect_equal(z, 2.73, tolerance = 0.1 / 2.73) # publication: 2.73 sigma
  # publication: (4.7 +3.6 -2.3) 1e6 cm^-2 s^-1
  flux_8b <- solar_components()$flux[solar_components()$component == "8B"]
  phi <- mu[which.min(m)] * flux_8b
  expect_gt(phi, 2.4e6)
  expect_lt(phi, 8.3e6)
})

test_that("a 90 % CL limit on LmuLtau from the real data on a (g, M) grid", {
  g <- 10^seq(-4, -1, length.out = 25)
  mass <- c(1, 10, 100, 1000)
  s <- scan_grid(list(xenonnt = xnt), NULL, lmu_ltau(), g = g, mass_mev = mass)
  expect_s3_class(s, "muonphilic_scan")
  # scan_grid used the observed counts: its -2 ln L is the profile of the data
  k <- which(s$mass_mev == 100)[10]
  pred <- expected_counts(xnt, lmu_ltau(), g = s$g[k], mass_mev = 100)$counts
  expect_equal(s$minus2_loglik[k], nuisance_m2ll(xnt, xnt$observed, pred), tolerance = 1e-10)
  limit <- vapply(mass, function(m) {
    d <- s[s$mass_mev == m, ]
    above <- which(d$delta > qchisq(0.9, 1) & d$g > d$g[which.min(d$delta)])
    if (length(above)) d$g[min(above)] else NA_real_
  }, numeric(1))
  expect_true(all(is.finite(limit)))
  # the A' propagator: flat below the momentum transfer (~20 MeV), growing
  # like M^2 / g^2 -> g ~ M above it
  expect_equal(limit[1], limit[2], tolerance = 0.3)
  expect_true(all(diff(limit[2:4]) > 0))
  expect_gt(limit[4] / limit[3], 3)
  expect_true(all(limit > 1e-4 & limit < 0.1))
})

test_that("bad inputs and a missing data file give classed errors", {
  expect_error(nuisance_m2ll(xnt, xnt$observed[-1], sm), class = "muonphilic_error_input")
  expect_error(nuisance_m2ll(xnt, replace(xnt$observed, 3, -1), sm),
               class = "muonphilic_error_input")
  expect_error(nuisance_m2ll(xnt, xnt$observed, sm[-1]), class = "muonphilic_error_input")
  expect_error(nuisance_m2ll(xnt, xnt$observed, -sm), class = "muonphilic_error_input")
  expect_error(minus2_loglik(xnt, c(1, 2, 3), sm), class = "muonphilic_error_input")
  expect_error(scan_grid(list(xnt), list(1:3), lmu_ltau(), g = 1e-3, mass_mev = 10),
               class = "muonphilic_error_input")
  expect_error(xenonnt_8b_2024(data_dir = tempfile("no-such-dir")),
               class = "muonphilic_error_data")
  expect_error(xenonnt_8b_2024(data_dir = NA), class = "muonphilic_error_input")
  expect_error(xenonnt_8b_2024(components = "9B"), class = "muonphilic_error_input")
  expect_error(xenonnt_8b_2024(nodes_per_interval = 0), class = "muonphilic_error_input")
  expect_error(xenonnt_8b_2024(rate_args = list(1)), class = "muonphilic_error_input")
  expect_error(count_terms(xnt, lmu_ltau(), mass_mev = -1), class = "muonphilic_error_input")
  # one data file missing from an otherwise complete folder
  d <- tempfile("xnt")
  dir.create(d)
  src <- system.file("extdata", "xenonnt-8b-2024", package = "muonphilic")
  file.copy(list.files(src, full.names = TRUE), d)
  file.remove(file.path(d, "templates.csv.gz"))
  expect_error(xenonnt_8b_2024(data_dir = d), "templates.csv.gz", class = "muonphilic_error_data")
})
