# Models, kinetic mixing (Eqs. 10-12), widths and decay length (Eq. 23).

test_that("loop mixing at q^2 = 0 is Eq. 11, -1/69.29 for LmuLtau", {
  m <- lmu_ltau(mixing_loop())
  alpha <- 1 / 137.035999
  expected <- sqrt(4 * pi * alpha) / (6 * pi^2) * log(0.1056583745 / 1.77686)
  expect_equal(kinetic_mixing(m, 1), expected, tolerance = 1e-10)
  expect_equal(1 / kinetic_mixing(m, 1), -69.29, tolerance = 1e-4)
  # linear in g
  expect_equal(kinetic_mixing(m, c(1e-3, 2e-3)), expected * c(1e-3, 2e-3),
               tolerance = 1e-10)
})

test_that("the renormalisation scale cancels for LmuLtau, not for Lmu (Eq. 12)", {
  q2 <- c(0, -1e-3, -0.5, 0.02, 4)
  a <- kinetic_mixing(lmu_ltau(mixing_loop(1)), 1, q2)
  b <- kinetic_mixing(lmu_ltau(mixing_loop(1e6)), 1, q2)
  expect_equal(a, b, tolerance = 1e-10)
  alpha <- 1 / 137.035999
  e <- sqrt(4 * pi * alpha)
  for (scale in c(100, 1e4)) {
    expect_equal(kinetic_mixing(lmu(mixing_loop(scale)), 1),
                 e / (6 * pi^2) * log(0.1056583745 / scale), tolerance = 1e-10)
  }
})

test_that("eps(q^2) agrees with an independent integrate() of Eq. 10", {
  alpha <- 1 / 137.035999
  e <- sqrt(4 * pi * alpha)
  masses <- c(0.51099895e-3, 0.1056583745, 1.77686)
  eq10 <- function(charges, q2, mu) {
    s <- 0
    for (f in 1:3) {
      if (charges[f] == 0) next
      f_x <- function(x) x * (1 - x) * log(abs(masses[f]^2 - x * (1 - x) * q2) / mu^2)
      s <- s + charges[f] * stats::integrate(f_x, 0, 1, rel.tol = 1e-12)$value
    }
    e / (2 * pi^2) * s
  }
  for (q2 in c(-2 * 37 * 1e-6 * 10, -0.01, -1, 0.005)) {
    expect_equal(kinetic_mixing(lmu_ltau(mixing_loop(3)), 1, q2),
                 eq10(c(0, 1, -1), q2, 3), tolerance = 1e-8)
    expect_equal(kinetic_mixing(lmu(mixing_loop(50)), 1, q2),
                 eq10(c(0, 1, 0), q2, 50), tolerance = 1e-8)
  }
  # above the dimuon threshold the log has an integrable singularity:
  # compare the real part with integrate() split at the roots
  q2 <- 0.1
  r <- sqrt(1 - 4 * masses[2]^2 / q2)
  pts <- c(0, (1 - r) / 2, (1 + r) / 2, 1)
  f_x <- function(x) x * (1 - x) * log(abs(masses[2]^2 - x * (1 - x) * q2) / 2^2)
  s <- sum(vapply(1:3, function(i) stats::integrate(f_x, pts[i], pts[i + 1],
                                                    rel.tol = 1e-11)$value, 0))
  expect_equal(kinetic_mixing(lmu(mixing_loop(2)), 1, q2), e / (2 * pi^2) * s,
               tolerance = 1e-7)
})

test_that("fixed ratio and fixed value rules", {
  expect_equal(kinetic_mixing(lmu_ltau(), 7e-4), -7e-4 / 70)
  expect_equal(kinetic_mixing(lmu_ltau(mixing_ratio(-0.1)), 2), -0.2)
  expect_equal(kinetic_mixing(lmu(mixing_fixed(3e-6)), c(1, 5)), c(3e-6, 3e-6))
})

test_that("BR_inv is 1 below 2 m_mu and tends to 1/2 (LmuLtau), 1/3 (Lmu)", {
  below <- c(1, 10, 100, 210)
  expect_true(all(abs(branching_invisible(lmu_ltau(), below) - 1) < 1e-4))
  expect_true(all(abs(branching_invisible(lmu(), below) - 1) < 1e-4))
  # far above the dimuon threshold (below the ditau one), the muon width is
  # g^2 M / (12 pi) against one (Lmu) or two (LmuLtau) neutrino flavours
  # of g^2 M / (24 pi): 1/2 and 1/3 up to (2 m_mu / M)^2 and the e eps shift
  above <- c(1000, 3000)
  expect_equal(branching_invisible(lmu_ltau(), above), c(0.5, 0.5), tolerance = 0.02)
  expect_equal(branching_invisible(lmu(), above), c(1, 1) / 3, tolerance = 0.02)
  # monotone decrease just above threshold
  m <- seq(212, 1500, length.out = 30)
  expect_true(all(diff(branching_invisible(lmu_ltau(), m)) < 0))
})

test_that("widths sum to the total, and models differ by the nu_tau channel", {
  d1 <- decay_widths(lmu_ltau(), 1e-3, 300)
  d2 <- decay_widths(lmu(), 1e-3, 300)
  expect_equal(sum(d1$branching_ratio), 1, tolerance = 1e-14)
  expect_equal(d1$width_gev[d1$channel == "nu_mu"], 1e-6 * 0.3 / (24 * pi))
  inv1 <- sum(d1$width_gev[d1$channel %in% c("nu_e", "nu_mu", "nu_tau")])
  inv2 <- sum(d2$width_gev[d2$channel %in% c("nu_e", "nu_mu", "nu_tau")])
  expect_equal(inv1 - inv2, d1$width_gev[d1$channel == "nu_tau"], tolerance = 1e-12)
  expect_equal(d2$width_gev[d2$channel == "nu_tau"], 0)
  # charged-lepton formula with c = g Q + e eps
  e <- sqrt(4 * pi / 137.035999)
  cpl <- 1e-3 * (1 - e / 70)
  r <- 4 * 0.1056583745^2 / 0.3^2
  expect_equal(d1$width_gev[d1$channel == "mu"],
               cpl^2 * 0.3 / (12 * pi) * (1 + r / 2) * sqrt(1 - r), tolerance = 1e-12)
})

test_that("decay length follows Eq. 23 and scales as 1/g^2", {
  d <- decay_widths(lmu_ltau(), 5e-4, 250)
  gam <- sum(d$width_gev)
  p <- sqrt(50^2 - 0.25^2)
  expect_equal(decay_length_cm(lmu_ltau(), 5e-4, 250, 50),
               p / 0.25 * 1.973269804e-14 / gam, tolerance = 1e-12)
  l1 <- decay_length_cm(lmu_ltau(), 1e-3, 250, 50)
  l2 <- decay_length_cm(lmu_ltau(), 2e-3, 250, 50)
  expect_equal(l1 / l2, 4, tolerance = 1e-10)
})

test_that("bad model inputs give classed errors", {
  cls <- "muonphilic_error_input"
  expect_error(hidden_photon(charges = c(0, 0, 0)), class = cls)
  expect_error(hidden_photon(charges = c(1, NA, 0)), class = cls)
  expect_error(hidden_photon(charges = c(a = 1, b = 0, c = 0)), class = cls)
  expect_error(hidden_photon(charges = "x"), class = cls)
  expect_error(hidden_photon(mixing = -1 / 70), class = cls)
  expect_error(mixing_ratio(NA), class = cls)
  expect_error(mixing_ratio(c(1, 2)), class = cls)
  expect_error(mixing_loop(0), class = cls)
  expect_error(mixing_loop(-5), class = cls)
  expect_error(mixing_fixed(Inf), class = cls)
  expect_error(kinetic_mixing(list(), 1), class = cls)
  expect_error(kinetic_mixing(lmu(), NaN), class = cls)
  expect_error(kinetic_mixing(lmu(), 1:3, q2_gev2 = c(0, 1)), class = cls)
  expect_error(decay_widths(lmu(), 1e-3, -5), class = cls)
  expect_error(decay_widths(lmu(), 0, 5), class = cls)
  expect_error(decay_widths(lmu(), 1e-3, numeric()), class = cls)
  expect_error(branching_invisible(lmu(), NA), class = cls)
  expect_error(branching_invisible(lmu(), factor(3)), class = cls)
  expect_error(decay_length_cm(lmu(), 1e-3, 300, 0.1), class = cls)
  expect_error(decay_length_cm(lmu(), 1e-3, 300, Inf), class = cls)
  expect_snapshot(error = TRUE, decay_widths(lmu(), 1e-3, -5))
})

test_that("models print", {
  expect_output(print(lmu_ltau()), "LmuLtau")
  expect_output(print(lmu(mixing_loop(100))), "one-loop")
  expect_output(print(mixing_fixed(1e-5)), "fixed")
})
