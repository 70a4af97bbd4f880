# Nuclei, Helm form factor, CEvNS cross section (Eq. 33).

gf <- 1.1663787e-5
hbarc2 <- 3.893793721e-28 # GeV^2 cm^2
hbarc_fm <- 0.1973269804
helm_rn <- function(A) {
  c <- 1.23 * A^(1 / 3) - 0.60
  sqrt(c^2 + 7 / 3 * pi^2 * 0.52^2 - 5 * 0.9^2)
}

test_that("nuclei: names, isotopic mixes, masses", {
  ar <- nucleus("Ar40")
  expect_equal(ar$isotopes$Z, 18)
  expect_equal(ar$isotopes$N, 22)
  expect_equal(ar$isotopes$mass_gev, 40 * 0.93149410242 - 18 * 0.51099895e-3)
  expect_equal(ar$targets_per_tonne, 1e6 * 6.02214076e23 / 40)
  xe <- nucleus("Xe")
  expect_equal(nrow(xe$isotopes), 9)
  expect_equal(sum(xe$isotopes$abundance), 1)
  expect_equal(xe$isotopes$abundance[xe$isotopes$A == 132], 0.26909)
  expect_equal(unique(xe$isotopes$Z), 54)
  # A u approximates the atomic mass: natural xenon's atomic weight is
  # 131.293, so targets per tonne agree to the neglected mass excess (< 0.1 %)
  expect_equal(xe$targets_per_tonne, 1e6 * 6.02214076e23 / 131.293, tolerance = 1e-3)
  expect_equal(nucleus("Xe-131")$isotopes$A, 131)
  u <- nucleus(Z = 55, N = 78, mass_gev = 123.8)
  expect_equal(u$isotopes$mass_gev, 123.8)
  expect_equal(nucleus("Ar")$isotopes$A, 40)
})

test_that("Helm form factor: F(0) = 1, first zero at q r_n = 4.4934", {
  for (nm in c("Ar40", "Xe131")) {
    nuc <- nucleus(nm)
    expect_equal(helm_form_factor(nuc, 0), 1)
    M <- nuc$isotopes$mass_gev
    rn <- helm_rn(nuc$isotopes$A)
    er_of_x <- function(x) (x / rn * hbarc_fm)^2 / (2 * M) * 1e6 # keV
    x0 <- 4.493409457909064 # first zero of j1
    f <- helm_form_factor(nuc, er_of_x(x0 * c(0.999, 1, 1.001)))
    expect_true(f[1] > 0 && f[3] < 0)
    expect_lt(abs(f[2]), 1e-12)
    # small-q expansion F ~ 1 - q^2 (r_n^2/10 + s^2/2)
    x <- 0.02
    q <- x / rn
    expect_equal(helm_form_factor(nuc, er_of_x(x)), 1 - q^2 * (rn^2 / 10 + 0.81 / 2),
                 tolerance = 1e-7)
  }
  xe <- helm_form_factor("Xe", c(1, 10))
  expect_equal(dim(xe), c(2L, 9L))
})

test_that("recoil-integrated SM cross section is G_F^2 Q^2 E^2/(4 pi) for F = 1", {
  sm <- lmu_ltau()
  nuc <- nucleus(Z = 18, N = 22, mass_gev = 1e5) # large-M_N limit
  s2w <- 0.2387
  Q <- 22 - (1 - 4 * s2w) * 18
  for (E in c(10, 30, 50)) {
    erm <- 2 * (E / 1000)^2 / (1e5 + 2 * E / 1000) * 1e6 # keV
    f <- function(er) {
      cevns_xsec(nuc, sm, 0, 10, "e", E, er) / helm_form_factor(nuc, er)^2
    }
    num <- stats::integrate(f, 0, erm, rel.tol = 1e-10)$value
    expect_equal(num, gf^2 * Q^2 * (E / 1000)^2 / (4 * pi) * hbarc2, tolerance = 1e-4)
  }
  # zero above the kinematic limit
  expect_equal(cevns_xsec("Ar40", sm, 0, 10, "mu", 29.8, 60), 0)
})

test_that("A' terms: sign of the interference, dependence on g * eps only", {
  m <- lmu_ltau() # eps = -g/70 < 0
  sm <- cevns_xsec("Ar40", m, 0, 15, "mu", 30, c(5, 20, 40))
  mu <- cevns_xsec("Ar40", m, 5e-4, 15, "mu", 30, c(5, 20, 40))
  tau <- cevns_xsec("Ar40", m, 5e-4, 15, "tau", 30, c(5, 20, 40))
  e <- cevns_xsec("Ar40", m, 5e-4, 15, "e", 30, c(5, 20, 40))
  expect_true(all(mu < sm))
  expect_true(all(tau > sm))
  expect_equal(e, sm)
  # fixed eps: (g, eps) and (2 g, eps / 2) give the same cross section
  a <- cevns_xsec("Xe", lmu_ltau(mixing_fixed(-1e-5)), 1e-3, 20, "mu", 15, c(1, 3))
  b <- cevns_xsec("Xe", lmu_ltau(mixing_fixed(-5e-6)), 2e-3, 20, "mu", 15, c(1, 3))
  expect_equal(a, b, tolerance = 1e-12)
  # the A'^2 term: for huge |g eps| the cross section exceeds the SM
  big <- cevns_xsec("Ar40", lmu_ltau(mixing_fixed(-1)), 1e-2, 15, "mu", 30, 20)
  expect_gt(big, cevns_xsec("Ar40", m, 0, 15, "mu", 30, 20))
})

test_that("Eq. 33 by hand: the three terms at one point", {
  nuc <- nucleus("Ar40")
  M <- nuc$isotopes$mass_gev
  g <- 6e-4; kap <- -1 / 70; mA <- 0.025; E <- 0.0298; er <- 30e-6
  Q <- 22 - (1 - 4 * 0.2387) * 18
  e <- sqrt(4 * pi / 137.035999)
  D <- 2 * M * er + mA^2
  F2 <- helm_form_factor(nuc, er * 1e6)^2
  br <- Q^2 / 4 + g * g * kap * e * 18 * Q / (sqrt(2) * gf * D) +
    (g * g * kap)^2 * e^2 * 18^2 / (2 * gf^2 * D^2)
  want <- gf^2 * M / pi * (1 - M * er / (2 * E^2)) * br * F2 * hbarc2 * 1e-6
  expect_equal(cevns_xsec(nuc, lmu_ltau(), g, 25, "mu", 29.8, 30), want, tolerance = 1e-12)
})

test_that("loop mixing is eps(q^2) at q^2 = -2 M_N E_R", {
  nuc <- nucleus("Ar40")
  M <- nuc$isotopes$mass_gev
  ml <- lmu_ltau(mixing_loop())
  g <- 1e-3
  for (er in c(5, 50)) {
    eps <- kinetic_mixing(ml, g, q2_gev2 = -2 * M * er * 1e-6)
    want <- cevns_xsec(nuc, lmu_ltau(mixing_fixed(eps)), g, 10, "mu", 40, er)
    expect_equal(cevns_xsec(nuc, ml, g, 10, "mu", 40, er), want, tolerance = 1e-10)
  }
})

test_that("an isotopic mix is the abundance-weighted sum", {
  xe <- nucleus("Xe")
  m <- lmu_ltau()
  parts <- vapply(seq_len(nrow(xe$isotopes)), function(j) {
    cevns_xsec(paste0("Xe", xe$isotopes$A[j]), m, 5e-4, 15, "mu", 12, 2)
  }, numeric(1))
  expect_equal(cevns_xsec(xe, m, 5e-4, 15, "mu", 12, 2),
               sum(parts * xe$isotopes$abundance), tolerance = 1e-12)
})

test_that("nucleus bad inputs give classed errors", {
  cls <- "muonphilic_error_input"
  expect_error(nucleus("Unobtainium"), class = cls)
  expect_error(nucleus("Kr"), class = cls)
  expect_error(nucleus("Ar10"), class = cls)
  expect_error(nucleus(Z = -1, N = 2), class = cls)
  expect_error(nucleus(Z = 18.5, N = 22), class = cls)
  expect_error(nucleus(Z = c(1, 2), N = c(1, 2)), class = cls)
  expect_error(nucleus(Z = 18, N = NA), class = cls)
  expect_error(helm_form_factor("Ar40", -1), class = cls)
  expect_error(helm_form_factor(42, 1), class = cls)
  expect_error(cevns_xsec("Ar40", lmu_ltau(), 1e-3, -5, "mu", 30, 10), class = cls)
  expect_error(cevns_xsec("Ar40", lmu_ltau(), 1e-3, 5, "nu", 30, 10), class = cls)
  expect_error(cevns_xsec("Ar40", lmu_ltau(), NA, 5, "mu", 30, 10), class = cls)
  expect_error(cevns_xsec("Ar40", lmu_ltau(), 1e-3, 5, "mu", 0, 10), class = cls)
  expect_error(cevns_xsec("Ar40", lmu_ltau(), 1e-3, 5, "mu", c(1, 2), c(1, 2, 3)),
               class = cls)
  expect_snapshot(nucleus("Zz40"), error = TRUE)
})
