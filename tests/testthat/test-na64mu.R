# NA64mu: photon flux (Eq. 15), WW cross section (Eqs. 16-20, corrected),
# counts (Eqs. 26-27), the experiment contract and the Poisson likelihood.

# Independent R versions of the corrected formulas (constants from
# PDG 2020), used as references below.
alpha <- 1 / 137.035999
m_e <- 0.51099895e-3
m_mu <- 0.1056583745
m_p <- 0.93827208816
hbarc2 <- 3.893793721e-28
n_avogadro <- 6.02214076e23

g2_elastic <- function(t, z, a) {
  aa <- 111 * z^(-1 / 3) / m_e
  d <- 0.164 * a^(-2 / 3)
  (aa^2 * t / (1 + aa^2 * t))^2 * (1 / (1 + t / d))^2 * z^2
}
g2_inelastic <- function(t, z) {
  ap <- 773 * z^(-2 / 3) / m_e
  (ap^2 * t / (1 + ap^2 * t))^2 *
    ((1 + t * (2.79^2 - 1) / (4 * m_p^2)) / (1 + t / 0.71)^4)^2 * z
}
# Eq. 15 by stats::integrate in u = ln t, split at the form factors' scales
chi_r <- function(mass_gev, e0, z, a, g2) {
  tmin <- (mass_gev^2 / (2 * e0))^2
  tmax <- mass_gev^2
  f <- function(u) {
    t <- exp(u)
    (t - tmin) / t * g2(t)
  }
  brk <- log(c(tmin, (m_e * z^(1 / 3) / 111)^2, 0.164 * a^(-2 / 3), tmax))
  brk <- sort(unique(pmin(pmax(brk, log(tmin)), log(tmax))))
  sum(vapply(seq_len(length(brk) - 1L), function(i) {
    stats::integrate(f, brk[i], brk[i + 1], rel.tol = 1e-11, subdivisions = 1000L)$value
  }, 0))
}
# Eq. 16 bracket with Eqs. 17, 18, 20 and C4 given (exact or printed)
bracket_r <- function(x, M, m, c4 = c("exact", "printed")) {
  c4 <- match.arg(c4)
  y <- 1 - x
  V <- M^2 * y / x + m^2 * x
  C2 <- y + y^3
  C3 <- -2 * x * y^2 * M^2 - 4 * m^2 * x * y^2
  C4 <- if (c4 == "exact") {
    4 * m^4 * x^2 * y^2 + 2 * m^2 * M^2 * y^2 * (1 + y^2) + 2 * M^4 * y^3
  } else {
    2 * m^4 * x * y^3 + y^2 * (4 * m^4 + 2 * m^2 * M^2 * (x^2 + y^2))
  }
  C2 / V + C3 / (2 * V^2) + C4 / (3 * V^3)
}

test_that("chi is positive and grows with Z", {
  withr::local_options(muonphilic.rel_tol = 1e-10)
  chi <- photon_flux_chi(c(1, 15, 100, 300, 1000))
  expect_true(all(chi > 0))
  # same A and density, increasing Z
  z <- c(10, 30, 60, 82)
  chis <- vapply(z, function(zz) {
    photon_flux_chi(50, target = target_material("t", z = zz, a = 200, density_gcm3 = 10))
  }, 0)
  expect_true(all(diff(chis) > 0))
  # the presets in order of Z: Fe (26) < Cu (29) < W (74) < Pb (82)
  pre <- vapply(c("Fe", "Cu", "W", "Pb"), function(n) {
    photon_flux_chi(50, target = target_material(n))
  }, 0)
  expect_true(all(diff(pre) > 0))
  # elastic part ~ Z^2, inelastic ~ Z: both parts add up to the total
  el <- photon_flux_chi(50, parts = "elastic")
  inel <- photon_flux_chi(50, parts = "inelastic")
  expect_equal(el + inel, photon_flux_chi(50), tolerance = 1e-9)
  expect_gt(el / inel, 10)
})

test_that("chi (elastic and inelastic) matches an independent integrate() of Eq. 15", {
  withr::local_options(muonphilic.rel_tol = 1e-10)
  for (tg in list(target_material("Pb"), target_material("Fe"))) {
    for (m in c(5, 15, 100, 400)) {
      for (e0 in c(160, 40)) {
        ref <- chi_r(m / 1000, e0, tg$z, tg$a, function(t) g2_elastic(t, tg$z, tg$a))
        expect_equal(photon_flux_chi(m, e0, tg, parts = "elastic"), ref, tolerance = 1e-6)
        ref_in <- chi_r(m / 1000, e0, tg$z, tg$a, function(t) g2_inelastic(t, tg$z))
        expect_equal(photon_flux_chi(m, e0, tg, parts = "inelastic"), ref_in,
                     tolerance = 1e-6)
      }
    }
  }
})

test_that("dsigma/dx is Eq. 16 with one x-independent chi (fixed t_min)", {
  withr::local_options(muonphilic.rel_tol = 1e-10)
  x <- c(0.05, 0.2, 0.375, 0.5, 0.7, 0.9, 0.99)
  for (m in c(15, 100, 500)) {
    M <- m / 1000
    xs <- na64mu_xsec(lmu_ltau(), 1, m, x)
    beta <- sqrt(1 - M^2 / (x * 160)^2)
    shape <- 1 / (2 * pi) * alpha^2 * beta / (1 - x) * bracket_r(x, M, m_mu) * hbarc2
    implied_chi <- xs / shape
    # the same chi at every x, and it is photon_flux_chi()
    expect_equal(implied_chi, rep(photon_flux_chi(m), length(x)), tolerance = 1e-10)
  }
  # zero below the production threshold x E0 <= M
  expect_equal(na64mu_xsec(lmu_ltau(), 1e-3, 1000, 0.005), 0)
})

test_that("massless-lepton limit: Bjorken et al.'s electron-beam result", {
  withr::local_options(muonphilic.rel_tol = 1e-10)
  # Derivation. For m = 0, V = M^2 (1-x)/x, C2 = (1-x) + (1-x)^3,
  # C3 = -2 x (1-x)^2 M^2, C4 = 2 M^4 (1-x)^3 (exact C4), so
  #   C2/V      = x (1 + (1-x)^2) / M^2
  #   C3/(2V^2) = -x^3 / M^2
  #   C4/(3V^3) = 2 x^3 / (3 M^2)
  # and the bracket is (x/M^2)(2 - 2x + x^2 - x^2/3) = (2x/M^2)(1 - x + x^2/3).
  # With P = 1/(2 pi):
  #   dsigma/dx = alpha^2 g^2 chi beta x (1 - x + x^2/3) / (pi M^2 (1 - x)),
  # which is Bjorken et al.'s 4 alpha^3 eps^2 chi x (1 - x + x^2/3)/(M^2 (1-x))
  # with eps^2 alpha = g^2/(4 pi) (4 alpha^3 eps^2 = alpha^2 g^2 / pi).
  x <- c(0.1, 0.3, 0.5, 0.8, 0.95)
  for (m in c(10, 100, 1000)) {
    M <- m / 1000
    g <- 3e-4
    chi <- photon_flux_chi(m)
    beta <- sqrt(1 - M^2 / (x * 160)^2)
    closed <- alpha^2 * g^2 * chi * beta * x * (1 - x + x^2 / 3) / (pi * M^2 * (1 - x))
    eps2 <- g^2 / (4 * pi * alpha)
    bjorken <- 4 * alpha^3 * eps2 * chi * beta * x * (1 - x + x^2 / 3) / (M^2 * (1 - x))
    expect_equal(closed, bjorken, tolerance = 1e-12)
    xs <- na64mu_xsec(lmu_ltau(), g, m, x, lepton_mass_gev = 0)
    expect_equal(xs, closed * hbarc2, tolerance = 1e-10)
    # the printed C4 (Eq. 19) vanishes for m -> 0 and fails this limit: it
    # misses the x^2/3 term, a relative (x^2/3)/(1 - x + x^2/3)
    printed <- 1 / (2 * pi) * alpha^2 * g^2 * chi * beta / (1 - x) *
      bracket_r(x, M, 0, "printed") * hbarc2
    expect_equal(1 - printed / xs, (x^2 / 3) / (1 - x + x^2 / 3), tolerance = 1e-8)
  }
})

test_that("M -> 0, g -> e: ordinary bremsstrahlung of a photon off a muon", {
  withr::local_options(muonphilic.rel_tol = 1e-10)
  # Derivation. For M = 0: V = m^2 x, C2 = y + y^3 (y = 1 - x),
  # C3 = -4 m^2 x y^2, C4 = 4 m^4 x^2 y^2, so the bracket is
  #   (y/(m^2 x)) [1 + y^2 - 2 y + 4 y/3] = (y/(m^2 x)) (x^2 + 4 (1-x)/3),
  # and with P = 1/(2 pi), g^2 = e^2 = 4 pi alpha, beta = 1:
  #   dsigma/dx = 2 alpha^3 chi (4/3 (1 - x) + x^2) / (m^2 x),
  # the Bethe-Heitler photon spectrum (1/x)(4/3 - 4x/3 + x^2) with
  # r_mu^2 = alpha^2/m^2 (WW form: 4 alpha r^2 Z^2 L -> 2 alpha^3 chi / m^2).
  e <- sqrt(4 * pi * alpha)
  x <- c(0.05, 0.2, 0.5, 0.8, 0.97)
  m <- 1e-4 # MeV: M^2/m^2 ~ 1e-12
  chi <- photon_flux_chi(m)
  brems <- 2 * alpha^3 * chi * (4 / 3 * (1 - x) + x^2) / (m_mu^2 * x)
  expect_equal(na64mu_xsec(lmu_ltau(), e, m, x), brems * hbarc2, tolerance = 1e-8)
  expect_equal(na64mu_xsec(lmu(), e, m, x, xsec = "paper"), brems * hbarc2 / pi,
               tolerance = 1e-8)
})

test_that("xsec = 'paper' is exactly xsec = 'exact' divided by pi", {
  x <- seq(0.05, 0.95, by = 0.1)
  for (m in c(15, 25, 50, 100, 300)) {
    a <- na64mu_xsec(lmu_ltau(), 1e-3, m, x, xsec = "exact")
    b <- na64mu_xsec(lmu_ltau(), 1e-3, m, x, xsec = "paper")
    expect_equal(b, a / pi, tolerance = 1e-14)
  }
  bp <- benchmark_points()
  ca <- expected_counts(na64mu(), lmu_ltau(), bp$g, bp$mass_mev)$counts
  cb <- expected_counts(na64mu(xsec = "paper"), lmu_ltau(), bp$g, bp$mass_mev)$counts
  expect_equal(cb, ca / pi, tolerance = 1e-12)
})

test_that("counts are Eq. 26 in the right units (independent integral)", {
  withr::local_options(muonphilic.rel_tol = 1e-10)
  # a custom setup: every factor of Eq. 26 enters
  tg <- target_material("W")
  ex <- na64mu(e0_gev = 100, mot = 3e10, efficiency = 0.5, target = tg, length_cm = 7,
               bin_edges_gev = c(5, 20, 60), xsec = "paper")
  M <- 0.04
  g <- 7e-4
  chi <- chi_r(M, 100, tg$z, tg$a, function(t) g2_elastic(t, tg$z, tg$a) + g2_inelastic(t, tg$z))
  dsdx <- function(x) {
    beta <- sqrt(1 - M^2 / (x * 100)^2)
    1 / (2 * pi^2) * alpha^2 * g^2 * chi * beta / (1 - x) * bracket_r(x, M, m_mu)
  }
  n_atom <- 19.3 * n_avogadro / 183.84 # cm^-3
  norm <- 3e10 * 0.5 * n_atom * 7 * hbarc2
  ref <- c(stats::integrate(dsdx, 1 - 20 / 100, 1 - 5 / 100, rel.tol = 1e-11)$value,
           stats::integrate(dsdx, 1 - 60 / 100, 1 - 20 / 100, rel.tol = 1e-11)$value) * norm
  ec <- expected_counts(ex, lmu_ltau(), g, M * 1000)
  expect_equal(ec$counts, ref, tolerance = 1e-7)
  expect_equal(ec$lower, c(5, 20))
  expect_equal(ec$upper, c(20, 60))
  expect_equal(attr(ec, "unit"), "GeV")
})

test_that("counts scale as g^2 and count_terms reproduces expected_counts below 2 m_mu", {
  withr::local_options(muonphilic.rel_tol = 1e-10)
  ex <- na64mu()
  m <- c(1, 15, 50, 100, 200)
  ct <- count_terms(ex, lmu_ltau(), m)
  expect_equal(dim(ct), c(9L, 1L, 5L))
  expect_equal(attr(ct, "powers"), 2)
  g <- c(1e-5, 3e-4, 2e-3)
  for (k in seq_along(m)) {
    ec <- expected_counts(ex, lmu_ltau(), g, m[k])
    pred <- muonphilic:::eval_terms(ct, g, k)
    expect_equal(ec$counts, as.vector(pred), tolerance = 1e-10)
  }
  e1 <- expected_counts(ex, lmu_ltau(), 1e-4, m)$counts
  e2 <- expected_counts(ex, lmu_ltau(), 3e-4, m)$counts
  expect_equal(e2 / e1, rep(9, length(e1)), tolerance = 1e-12)
  # rows: (bin, g, mass) with g and mass recycled pairwise
  ec <- expected_counts(ex, lmu_ltau(), c(1e-4, 2e-4), c(15, 25))
  expect_equal(nrow(ec), 18L)
  expect_equal(ec$g, rep(c(1e-4, 2e-4), each = 9))
  expect_equal(ec$mass_mev, rep(c(15, 25), each = 9))
  expect_equal(ec$bin, rep(1:9, 2))
  expect_equal(sum(expected_counts(ex, lmu_ltau(), 0, 50)$counts), 0)
})

test_that("LmuLtau and Lmu: identical below 2 m_mu, BR_inv ratio above (prompt)", {
  withr::local_options(muonphilic.rel_tol = 1e-10)
  ex <- na64mu()
  bp <- benchmark_points()
  a <- expected_counts(ex, lmu_ltau(), bp$g, bp$mass_mev)$counts
  b <- expected_counts(ex, lmu(), bp$g, bp$mass_mev)$counts
  expect_equal(a, b, tolerance = 1e-14)
  m_hi <- c(250, 500, 1500)
  ta <- count_terms(ex, lmu_ltau(), m_hi)
  tb <- count_terms(ex, lmu(), m_hi)
  br_ratio <- branching_invisible(lmu(), m_hi) / branching_invisible(lmu_ltau(), m_hi)
  for (k in seq_along(m_hi)) {
    expect_equal(tb[, 1, k] / ta[, 1, k], rep(br_ratio[k], 9), tolerance = 1e-10)
  }
  # BR_inv 0.5 vs 1/3 well above threshold: ratio ~ 2/3
  expect_equal(br_ratio[3], 2 / 3, tolerance = 0.02)
  # at g ~ 1e-3 the decay is prompt: exact counts equal the prompt limit
  ec <- expected_counts(ex, lmu(), 1e-3, 500)$counts
  expect_equal(ec, tb[, 1, 2] * 1e-6, tolerance = 1e-10)
  # just below the threshold nothing is lost, just above half of it is
  below <- expected_counts(ex, lmu_ltau(), 1e-3, 2 * m_mu * 1000 * 0.999)$counts
  above <- expected_counts(ex, lmu_ltau(), 1e-3, 2 * m_mu * 1000 * 1.2)$counts
  expect_true(all(above / below < 0.8))
})

test_that("the escape factor of Eq. 27 matches an independent integral", {
  withr::local_options(muonphilic.rel_tol = 1e-10)
  ex <- na64mu(bin_edges_gev = c(10, 50, 100))
  M <- 0.3
  for (g in c(1e-7, 3e-7, 1e-6)) {
    w <- decay_widths(lmu_ltau(), g, M * 1000)
    tot <- sum(w$width_gev)
    br_inv <- sum(w$width_gev[w$channel %in% c("nu_e", "nu_mu", "nu_tau")]) / tot
    chi <- photon_flux_chi(M * 1000)
    f <- function(x) {
      p <- sqrt((x * 160)^2 - M^2)
      l <- (p / M) * 1.973269804e-14 / tot # Eq. 23, cm
      esc <- br_inv + (1 - br_inv) * exp(-520 / l)
      beta <- sqrt(1 - M^2 / (x * 160)^2)
      1 / (2 * pi) * alpha^2 * g^2 * chi * beta / (1 - x) * bracket_r(x, M, m_mu) * esc
    }
    norm <- 1e11 * 0.3 * 11.35 * n_avogadro / 207.2 * 20 * hbarc2
    # bins E' = 10-50 and 50-100 GeV are x = 1 - E'/E0 in these ranges
    ref <- c(stats::integrate(f, 1 - 50 / 160, 1 - 10 / 160, rel.tol = 1e-11)$value,
             stats::integrate(f, 1 - 100 / 160, 1 - 50 / 160, rel.tol = 1e-11)$value) * norm
    ec <- expected_counts(ex, lmu_ltau(), g, M * 1000)$counts
    expect_equal(ec, ref, tolerance = 1e-7)
    # more than the prompt limit: long-lived A' escape the detector
    # (l ~ 10^2-10^4 cm at these couplings, L_det = 520 cm)
    prompt <- count_terms(ex, lmu_ltau(), M * 1000)[, 1, 1] * g^2
    expect_true(all(ec > prompt * (1 + 1e-3)), info = paste("g =", g))
  }
})

test_that("spectral shapes: BP1-BP3 rise, BP4 falls; window totals (paper)", {
  bp <- benchmark_points()
  for (xs in c("paper", "exact")) {
    ec <- expected_counts(na64mu(xsec = xs), lmu_ltau(), bp$g, bp$mass_mev)
    per <- matrix(ec$counts, nrow = 9)
    for (k in 1:3) expect_true(all(diff(per[, k]) > 0), info = paste(xs, "BP", k))
    expect_true(all(diff(per[, 4]) < 0), info = xs)
  }
  ec <- expected_counts(na64mu(xsec = "paper"), lmu_ltau(), bp$g, bp$mass_mev)
  per <- matrix(ec$counts, nrow = 9)
  # each total within 3 % of the expected 32, 47, 43, 76 (checked one by one)
  rel <- colSums(per) / c(32, 47, 43, 76) - 1
  expect_true(all(abs(rel) < 0.03), info = paste(format(colSums(per)), collapse = " "))
  # "O(1-10) events in each bin within the signal region"
  expect_true(all(per >= 1 & per <= 10))
})

test_that("Poisson -2 ln L on Asimov data: 0 at the truth, positive elsewhere", {
  ex <- na64mu(xsec = "paper")
  expect_identical(statistic(ex), stat_poisson())
  expect_equal(background_counts(ex), rep(0, 9))
  deviance <- function(n, mu) 2 * sum(mu - n + ifelse(n > 0, n * log(n / mu), 0))
  masses <- c(10, 15, 20, 50, 100, 150)
  ct <- count_terms(ex, lmu_ltau(), masses)
  g_grid <- c(3e-4, 5e-4, 7e-4, 1e-3)
  for (truth in list(c(5e-4, 15), c(1e-3, 100))) {
    n_obs <- expected_counts(ex, lmu_ltau(), truth[1], truth[2])$counts
    for (k in seq_along(masses)) {
      pred <- muonphilic:::eval_terms(ct, g_grid, k) + background_counts(ex)
      d <- apply(pred, 2, deviance, n = n_obs)
      at_truth <- masses[k] == truth[2] & g_grid == truth[1]
      if (any(at_truth)) expect_equal(d[at_truth], 0, tolerance = 1e-9)
      expect_true(all(d[!at_truth] > 1e-6))
    }
  }
  # a settable background enters background_counts()
  ex_b <- na64mu(background = seq(0.1, 0.9, by = 0.1))
  expect_equal(background_counts(ex_b), seq(0.1, 0.9, by = 0.1))
})

test_that("the spectrum integrates to the binned counts", {
  withr::local_options(muonphilic.rel_tol = 1e-10)
  ex <- na64mu()
  for (pt in list(c(6e-4, 50), c(1e-6, 300))) {
    f <- function(e) na64mu_spectrum(ex, lmu_ltau(), pt[1], pt[2], energy_gev = e)$dn_de
    ref <- stats::integrate(f, 30, 40, rel.tol = 1e-10)$value
    ec <- expected_counts(ex, lmu_ltau(), pt[1], pt[2])
    expect_equal(ec$counts[3], ref, tolerance = 1e-7)
  }
  sp <- na64mu_spectrum(ex, lmu_ltau(), c(5e-4, 1e-3), c(15, 100), label = c("a", "b"))
  expect_s3_class(sp, "muonphilic_na64mu_spectrum")
  b <- attr(sp, "binned")
  ec <- expected_counts(ex, lmu_ltau(), c(5e-4, 1e-3), c(15, 100))
  inwin <- b$lower >= 10 & b$upper <= 100
  expect_equal(b$counts[inwin], ec$counts, tolerance = 1e-10)
  expect_equal(attr(sp, "window"), c(10, 100))
  skip_if_not_installed("ggplot2")
  expect_s3_class(ggplot2::autoplot(sp), "ggplot")
  expect_s3_class(ggplot2::autoplot(sp, type = "differential"), "ggplot")
})

test_that("bad input gives muonphilic_error_input", {
  cls <- "muonphilic_error_input"
  expect_error(na64mu(mot = -1), class = cls)
  expect_error(na64mu(mot = NA), class = cls)
  expect_error(na64mu(efficiency = 0), class = cls)
  expect_error(na64mu(efficiency = 1.2), class = cls)
  expect_error(na64mu(bin_edges_gev = c(10, 30, 20)), class = cls)
  expect_error(na64mu(bin_edges_gev = c(10, 10, 20)), class = cls)
  expect_error(na64mu(bin_edges_gev = 10), class = cls)
  expect_error(na64mu(bin_edges_gev = c(-5, 20)), class = cls)
  expect_error(na64mu(bin_edges_gev = c(10, 170)), class = cls)
  expect_error(na64mu(e0_gev = 50, bin_edges_gev = c(10, 60)), class = cls)
  expect_error(na64mu(xsec = "approx"), class = cls)
  expect_error(na64mu(background = c(1, 2)), class = cls)
  expect_error(na64mu(background = -1), class = cls)
  expect_error(na64mu(length_cm = 0), class = cls)
  expect_error(na64mu(target = "Unobtainium"), class = cls)
  expect_error(na64mu(target = c("Pb", "W")), class = cls)
  expect_error(target_material("Unobtainium"), class = cls)
  expect_error(target_material("x", z = 10), class = cls)
  expect_error(target_material("x", z = -1, a = 2, density_gcm3 = 1), class = cls)
  expect_error(photon_flux_chi(-1), class = cls)
  expect_error(photon_flux_chi(2e5), class = cls)
  expect_error(photon_flux_chi(numeric()), class = cls)
  expect_error(photon_flux_chi(10, parts = "neither"), class = cls)
  expect_error(na64mu_xsec(lmu_ltau(), 1e-3, 100, 1), class = cls)
  expect_error(na64mu_xsec(lmu_ltau(), 1e-3, 100, c(0.2, NaN)), class = cls)
  expect_error(na64mu_xsec("LmuLtau", 1e-3, 100, 0.5), class = cls)
  expect_error(na64mu_xsec(lmu_ltau(), 1e-3, 100, 0.5, xsec = "exactly"), class = cls)
  ex <- na64mu()
  expect_error(expected_counts(ex, lmu_ltau(), c(1, 2, 3), c(10, 20)), class = cls)
  expect_error(expected_counts(ex, lmu_ltau(), 1e-3, 0), class = cls)
  expect_error(expected_counts(ex, lmu_ltau(), Inf, 10), class = cls)
  expect_error(expected_counts(ex, lmu_ltau(), "a", 10), class = cls)
  expect_error(count_terms(ex, lmu_ltau(), 160000), class = cls)
  expect_error(count_terms(ex, lmu_ltau(), numeric()), class = cls)
  expect_error(na64mu_spectrum(list(), lmu_ltau(), 1e-3, 10), class = cls)
  expect_error(na64mu_spectrum(ex, lmu_ltau(), 1e-3, 10, energy_gev = 200), class = cls)
  expect_error(na64mu_spectrum(ex, lmu_ltau(), 1e-3, 10, label = c("a", "b")), class = cls)
  expect_snapshot(error = TRUE, na64mu(bin_edges_gev = c(10, 30, 20)))
  expect_snapshot(error = TRUE, target_material("Unobtainium"))
})

test_that("above 2 m_mu: count_terms is marked inexact; polynomial x correction = Eq. 27 counts", {
  withr::local_options(muonphilic.rel_tol = 1e-10)
  ex <- na64mu(bin_edges_gev = c(10, 50, 100))
  m <- c(150, 0.3 * 1000, 500)
  ct <- count_terms(ex, lmu_ltau(), m)
  expect_identical(attr(ct, "exact"), m < 2 * m_mu * 1000)
  # the declared correction turns the prompt-decay polynomial into the
  # escape-factor counts of Eq. 27, computed here by an independent integral
  M <- 0.3
  g <- 3e-7
  w <- decay_widths(lmu_ltau(), g, M * 1000)
  tot <- sum(w$width_gev)
  br_inv <- sum(w$width_gev[w$channel %in% c("nu_e", "nu_mu", "nu_tau")]) / tot
  chi <- photon_flux_chi(M * 1000)
  f <- function(x) {
    l <- (sqrt((x * 160)^2 - M^2) / M) * 1.973269804e-14 / tot
    beta <- sqrt(1 - M^2 / (x * 160)^2)
    1 / (2 * pi) * alpha^2 * g^2 * chi * beta / (1 - x) * bracket_r(x, M, m_mu) *
      (br_inv + (1 - br_inv) * exp(-520 / l))
  }
  norm <- 1e11 * 0.3 * 11.35 * n_avogadro / 207.2 * 20 * hbarc2
  ref <- c(stats::integrate(f, 1 - 50 / 160, 1 - 10 / 160, rel.tol = 1e-11)$value,
           stats::integrate(f, 1 - 100 / 160, 1 - 50 / 160, rel.tol = 1e-11)$value) * norm
  poly <- as.vector(eval_terms(ct, g, 2L))
  corr <- ex$contract$exact$correction(ex, lmu_ltau(), g, M * 1000, matrix(poly, ncol = 1))
  expect_equal(as.vector(poly * corr), ref, tolerance = 1e-7)
  expect_equal(expected_counts(ex, lmu_ltau(), g, M * 1000)$counts, as.vector(poly * corr),
               tolerance = 1e-12)
  # below 2 m_mu the polynomial is exact: no correction is asked for
  expect_true(ex$contract$exact$masses(ex, lmu_ltau(), 150))
})
