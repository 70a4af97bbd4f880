# Neutrino-electron scattering with A' terms (Eq. 36), binding, RRPA.

gf <- 1.1663787e-5
me <- 0.51099895e-3
hbarc2 <- 3.893793721e-28
e_charge <- sqrt(4 * pi / 137.035999)
pre <- 2 * gf^2 * me / pi * hbarc2 * 1e-6 # cm^2 / keV

# Eq. 36 exactly as printed (GeV inside), cm^2/keV
eq36 <- function(g, eps, q, mass_gev, enu_gev, t_gev, s2w = 0.2387, nue = FALSE) {
  gl <- s2w - 0.5 + nue
  gr <- s2w
  d <- 2 * t_gev * me + mass_gev^2
  te <- t_gev / enu_gev
  sm <- gl^2 + gr^2 * (1 - te)^2 - gl * gr * me * t_gev / enu_gev^2
  int <- g * eps * e_charge * q / (sqrt(2) * gf * d) *
    ((gl + gr) * (1 - me * t_gev / (2 * enu_gev^2)) - gr * te * (2 - te))
  bsm <- g^2 * eps^2 * e_charge^2 * q^2 / (4 * gf^2 * d^2) *
    (1 - te * (1 - (t_gev - me) / (2 * enu_gev)))
  pre * (sm + int + bsm) * (t_gev <= 2 * enu_gev^2 / (me + 2 * enu_gev))
}

test_that("SM nu_e - e total cross section (free electron) is the closed form", {
  for (enu in c(0.4, 0.862, 5, 10)) {
    e <- enu / 1000
    tmax <- 2 * e^2 / (me + 2 * e)
    gl <- 1 + 0.2387 - 0.5
    gr <- 0.2387
    closed <- 2 * gf^2 * me / pi * hbarc2 *
      (gl^2 * tmax + gr^2 * e / 3 * (1 - (1 - tmax / e)^3) -
         gl * gr * me * tmax^2 / (2 * e^2))
    num <- stats::integrate(function(t) electron_xsec(lmu_ltau(), 0, 15, "e", enu, t),
                            0, tmax * 1e6, rel.tol = 1e-10)$value
    expect_equal(num, closed, tolerance = 1e-4)
    expect_equal(num, closed, tolerance = 1e-9)
  }
  # the familiar 0.93e-43 cm^2 (E / 10 MeV) for E >> m_e
  sig <- stats::integrate(function(t) electron_xsec(lmu(), 0, 15, "e", 10, t),
                          0, 2 * 0.01^2 / (me + 0.02) * 1e6, rel.tol = 1e-10)$value
  expect_equal(sig, 0.95e-43, tolerance = 0.05)
})

test_that("electron_xsec reproduces Eq. 36 as printed, A' terms included", {
  t_kev <- c(0.5, 5, 30, 200)
  for (g in c(5e-4, 0.03)) {
    for (fl in c("mu", "tau")) {
      q <- if (fl == "mu") 1 else -1
      got <- electron_xsec(lmu_ltau(), g, 15, fl, 0.4, t_kev)
      want <- eq36(g, -g / 70, q, 0.015, 0.4e-3, t_kev * 1e-6)
      expect_equal(got, want, tolerance = 1e-10)
    }
    # nu_e: pure SM with g_L -> 1 + g_L (Qe = 0)
    expect_equal(electron_xsec(lmu_ltau(), g, 15, "e", 0.4, t_kev),
                 eq36(0, 0, 0, 0.015, 0.4e-3, t_kev * 1e-6, nue = TRUE), tolerance = 1e-10)
    # Lmu: nu_tau is SM
    expect_equal(electron_xsec(lmu(), g, 15, "tau", 0.4, t_kev),
                 eq36(0, 0, 0, 0.015, 0.4e-3, t_kev * 1e-6), tolerance = 1e-10)
  }
  # zero above T_max
  expect_equal(electron_xsec(lmu_ltau(), 1e-3, 15, "mu", 0.1, 100), 0)
})

test_that("coefficients reproduce the direct cross section to 1e-12", {
  withr::local_options(muonphilic.rel_tol = 1e-10)
  models <- list(lmu_ltau(), lmu(), lmu_ltau(mixing_loop()), lmu(mixing_fixed(-3e-6)),
                 hidden_photon(c(e = 1, mu = -1, tau = 0), name = "Le-Lmu"),
                 hidden_photon(c(e = 1, mu = 0, tau = -1), mixing_loop(), name = "Le-Ltau"))
  t_kev <- c(0.3, 3, 30)
  for (mod in models) {
    for (fl in c("e", "mu", "tau")) {
      tm <- muonphilic:::electron_xsec_terms(mod, 20, fl, 1.2, t_kev)
      pw <- attr(tm, "powers")
      for (g in c(3e-4, 2e-2)) {
        direct <- electron_xsec(mod, g, 20, fl, 1.2, t_kev)
        expect_equal(as.vector(tm %*% g^pw), direct, tolerance = 1e-12,
                     label = paste(mod$name, fl, g))
      }
    }
  }
  # a tree-level electron charge makes nu_e - e feel the A'
  le <- hidden_photon(c(e = 1, mu = -1, tau = 0))
  expect_gt(electron_xsec(le, 1e-3, 20, "e", 1.2, 3) / electron_xsec(le, 0, 20, "e", 1.2, 3),
            10)
})

test_that("binding step function counts the xenon shells", {
  sh <- xenon_shells()
  expect_equal(sum(sh$electrons), 54)
  expect_equal(bound_electrons(c(0.011, 0.0125, 0.0135, 1, 34.7, 34.8, 100), rrpa = FALSE),
               c(0, 4, 6, 40, 52, 54, 54))
  expect_true(all(diff(bound_electrons(10^seq(-2, 2, length.out = 200), rrpa = FALSE)) >= 0))
})

test_that("RRPA scaling multiplies the steps in 0.25-30 keV, log-linear", {
  rr <- xenon_rrpa()
  e <- rr$recoil_kev
  expect_equal(bound_electrons(e, TRUE) / bound_electrons(e, FALSE), rr$factor,
               tolerance = 1e-12)
  mid <- sqrt(1 * 1.5)
  expect_equal(bound_electrons(mid) / bound_electrons(mid, FALSE), (0.858 + 0.871) / 2,
               tolerance = 1e-12)
  # outside the table: the edge factor held to the next shell edge (4s at
  # 0.2294 keV below, K at 34.759 keV above), 1 beyond
  expect_equal(bound_electrons(c(0.2, 0.24, 31, 34.7, 40)) /
                 bound_electrons(c(0.2, 0.24, 31, 34.7, 40), FALSE),
               c(1, 0.836, 0.685, 0.685, 1), tolerance = 1e-12)
})

test_that("bad inputs give classed errors", {
  expect_error(electron_xsec(lmu(), 1e-3, -1, "mu", 1, 1), class = "muonphilic_error_input")
  expect_error(electron_xsec(lmu(), 1e-3, 15, "nu", 1, 1), class = "muonphilic_error_input")
  expect_error(electron_xsec(lmu(), NA, 15, "mu", 1, 1), class = "muonphilic_error_input")
  expect_error(electron_xsec(lmu(), 1e-3, 15, "mu", 1, -1), class = "muonphilic_error_input")
  expect_error(electron_xsec("lmu", 1e-3, 15, "mu", 1, 1), class = "muonphilic_error_input")
  expect_error(electron_xsec(hidden_photon(c(e = 1, mu = -1, tau = 0), mixing_fixed(1e-5)),
                             1e-3, 15, "mu", 1, 1), class = "muonphilic_error_input")
  expect_error(bound_electrons(-1), class = "muonphilic_error_input")
  expect_error(bound_electrons(1, rrpa = NA), class = "muonphilic_error_input")
  expect_error(bound_electrons(1, shells = data.frame(a = 1)), class = "muonphilic_error_input")
  expect_error(bound_electrons(1, rrpa_table = data.frame(recoil_kev = c(2, 1), factor = 1)),
               class = "muonphilic_error_input")
})

test_that("the SM electron-recoil rate is continuous across the RRPA table edges", {
  for (edge in c(0.25, 30)) {
    r <- xenon_rate(NULL, 0, 15, edge * c(1 - 1e-4, 1 + 1e-4), "ER")
    tot <- r$rate[r$component == "total"]
    expect_lt(abs(tot[2] / tot[1] - 1), 0.005, label = paste("jump at", edge, "keVee"))
  }
  # the old rule (factor 1 right outside the table) jumps by > 15 %: a
  # one-point table extension reproduces it and the check above would fail
  r_old <- bound_electrons(30 * (1 + 1e-4), rrpa = FALSE) / bound_electrons(30)
  expect_gt(r_old, 1.15)
})
