# Solar fluxes, shapes and MSW flavour probabilities (Sect. 5 of the paper).

me <- 0.51099895
alpha <- 1 / 137.035999

test_that("total fluxes are the B16-GS98 values and overrides work", {
  sc <- solar_components()
  b16 <- c(pp = 5.98e10, pep = 1.44e8, hep = 7.98e3, `7Be` = 4.93e9,
           `8B` = 5.46e6, `13N` = 2.78e8, `15O` = 2.05e8, `17F` = 5.29e6)
  expect_equal(sc$component, names(b16))
  expect_equal(sc$flux, unname(b16))
  sc2 <- solar_components(flux = c(`8B` = 5.16e6))
  expect_equal(sc2$flux[sc2$component == "8B"], 5.16e6)
  expect_equal(sc2$flux[sc2$component != "8B"], unname(b16[names(b16) != "8B"]))
})

test_that("every continuum shape integrates to 1, line weights sum to 1", {
  sc <- solar_components()
  for (c in sc$component[sc$type == "continuum"]) {
    emax <- sc$emax_mev[sc$component == c]
    fl <- sc$flux[sc$component == c]
    f <- function(e) solar_flux(e, c)$flux / fl
    brk <- if (c == "8B") c(0, 1, 3, 6, 10, 14, emax) else c(0, emax / 2, emax)
    tot <- sum(vapply(seq_len(length(brk) - 1), function(i) {
      stats::integrate(f, brk[i], brk[i + 1], rel.tol = 1e-10)$value
    }, 0))
    expect_equal(tot, 1, tolerance = 1e-7, label = c)
    expect_equal(solar_flux(emax * c(1, 1.01), c)$flux, c(0, 0))
  }
  ln <- solar_lines()
  expect_equal(c(tapply(ln$branching, ln$component, sum)), c(`7Be` = 1, pep = 1))
  expect_equal(ln$enu_mev, c(1.442, 0.3843, 0.8613))
  expect_equal(sum(ln$flux[ln$component == "7Be"]), 4.93e9)
  # lines are never given a density
  expect_false(any(solar_flux(c(0.3843, 0.8613, 1.442), "all")$component %in%
                     c("pep", "7Be")))
  expect_equal(nrow(attr(solar_flux(1, c("pp", "7Be")), "lines")), 2)
})

test_that("beta+ shapes follow E^2 W p F(Z, W) with the positron Fermi function", {
  raw <- function(e, e0, z) {
    w <- e0 - e + me
    p <- sqrt(w^2 - me^2)
    x <- 2 * pi * z * alpha * w / p
    e^2 * w * p * x / expm1(x)
  }
  cases <- list(pp = c(0.4234, 1), `13N` = c(1.1985, 6), hep = c(18.784, 2))
  for (c in names(cases)) {
    e0 <- cases[[c]][1]
    z <- cases[[c]][2]
    norm <- stats::integrate(raw, 0, e0, e0 = e0, z = z, rel.tol = 1e-11)$value
    e <- e0 * c(0.1, 0.5, 0.9)
    fl <- solar_components()$flux[solar_components()$component == c]
    expect_equal(solar_flux(e, c)$flux / fl, raw(e, e0, z) / norm,
                 tolerance = 1e-7, label = c)
  }
  # pp mean energy is the textbook 0.265 MeV
  fpp <- function(e) e * solar_flux(e, "pp")$flux / 5.98e10
  expect_equal(stats::integrate(fpp, 0, 0.4234)$value, 0.2668, tolerance = 3e-3)
})

test_that("the 8B shape reproduces its knots (< 0.5 % below 14 MeV)", {
  e <- c(1, 3, 6.5, 10, 13)
  phi <- c(1.3039e-02, 7.2207e-02, 1.3215e-01, 7.7302e-02, 1.0733e-02)
  expect_equal(solar_flux(e, "8B")$flux / 5.46e6, phi, tolerance = 5e-3)
})

# An independent MSW implementation: complex PMNS matrix, Maxwell average.
pmns <- function(o) {
  s12 <- sqrt(o$sin2_th12); c12 <- sqrt(1 - o$sin2_th12)
  s13 <- sqrt(o$sin2_th13); c13 <- sqrt(1 - o$sin2_th13)
  s23 <- sqrt(o$sin2_th23); c23 <- sqrt(1 - o$sin2_th23)
  ed <- exp(1i * o$delta_cp_deg * pi / 180)
  r23 <- matrix(c(1, 0, 0, 0, c23, -s23, 0, s23, c23), 3)
  r13 <- matrix(c(c13, 0, -s13 * ed, 0, 1, 0, s13 / ed, 0, c13), 3)
  r12 <- matrix(c(c12, -s12, 0, s12, c12, 0, 0, 0, 1), 3)
  r23 %*% r13 %*% r12
}
p_msw <- function(e_mev, x, o) {
  U2 <- Mod(pmns(o))^2
  ne <- 245 * 6.02214076e23 * exp(-10.54 * x)
  gf <- 1.1663787e-5
  hbarc <- 1.973269804e-14
  b <- 2 * sqrt(2) * gf * ne * hbarc^3 * 1e9 * (1 - o$sin2_th13) * e_mev * 1e6 / o$dm21_ev2
  c2 <- 1 - 2 * o$sin2_th12
  s22 <- 4 * o$sin2_th12 * (1 - o$sin2_th12)
  cc <- 0.5 * (1 + (c2 - b) / sqrt((c2 - b)^2 + s22))
  sapply(1:3, function(a) (1 - o$sin2_th13) * (cc * U2[a, 1] + (1 - cc) * U2[a, 2]) +
           o$sin2_th13 * U2[a, 3])
}

test_that("probabilities match an independent MSW calculation and its average", {
  for (preset in c("nufit50", "desalas2020", "nufit60")) {
    o <- oscillation_parameters(preset)
    got <- flavour_probabilities(c(0.3, 2, 10), "8B", o, solar_model = "exponential",
                                 production = "mean")
    want <- t(sapply(c(0.3, 2, 10), p_msw, x = 0.045, o = o))
    expect_equal(unname(as.matrix(got[, 3:5])), want, tolerance = 1e-10)
  }
  # the Maxwell-distribution average, done with integrate()
  o <- oscillation_parameters()
  a <- 0.045 * sqrt(pi / 8)
  wgt <- function(x) x^2 * exp(-x^2 / (2 * a^2))
  for (e in c(1, 8)) {
    norm <- stats::integrate(wgt, 0, 1, rel.tol = 1e-12)$value
    want <- vapply(1:3, function(k) {
      stats::integrate(function(x) wgt(x) * vapply(x, function(xx) p_msw(e, xx, o)[k], 0),
                       0, 1, rel.tol = 1e-11)$value / norm
    }, 0)
    got <- flavour_probabilities(e, "8B", o, solar_model = "exponential")
    expect_equal(unname(unlist(got[, 3:5])), want, tolerance = 1e-8)
  }
})

test_that("P_ee + P_emu + P_etau = 1 at every energy", {
  e <- 10^seq(-2, 1.3, length.out = 40)
  for (preset in c("nufit50", "desalas2020", "nufit60")) {
    for (c in c("pp", "8B", "7Be", "hep")) {
      p <- flavour_probabilities(e, c, preset)
      expect_equal(p$p_ee + p$p_emu + p$p_etau, rep(1, length(e)), tolerance = 1e-13)
      expect_true(all(p$p_ee > 0 & p$p_emu > 0 & p$p_etau > 0))
    }
  }
})

test_that("P_ee has the vacuum limit at low and the matter limit at high energy", {
  o <- oscillation_parameters()
  s12 <- o$sin2_th12; s13 <- o$sin2_th13; c13 <- 1 - s13
  low <- c13^2 * (1 - 0.5 * 4 * s12 * (1 - s12)) + s13^2
  high <- c13^2 * s12 + s13^2
  expect_equal(flavour_probabilities(1e-4, "pp", o)$p_ee, low, tolerance = 1e-5)
  expect_equal(flavour_probabilities(1e5, "8B", o)$p_ee, high, tolerance = 1e-6)
  # monotone fall through the MSW transition for 8B
  p <- flavour_probabilities(c(0.1, 1, 3, 6, 10, 15), "8B", o)$p_ee
  expect_true(all(diff(p) < 0))
  expect_true(p[6] > high && p[1] < low)
})

test_that("the nu_tau - nu_mu asymmetry at 10 MeV follows theta23 and delta_CP", {
  # paper: th23 = 49.3 deg, delta = 0 -> more nu_tau (what the paper uses)
  p <- flavour_probabilities(10, "8B", "paper")
  expect_gt(p$p_etau, p$p_emu)
  # desalas2020: the same angles at their best fit delta = 194.4 deg -> more nu_mu
  p <- flavour_probabilities(10, "8B", "desalas2020")
  expect_gt(p$p_emu, p$p_etau)
  # nufit60: th23 = 43.3 deg -> more nu_mu
  p <- flavour_probabilities(10, "8B", "nufit60")
  expect_gt(p$p_emu, p$p_etau)
  # with the delta term switched off (cos delta = 0) the octant decides
  for (s23 in c(0.45, 0.55, 0.6)) {
    p <- flavour_probabilities(10, "8B", oscillation_parameters(sin2_th23 = s23,
                                                                delta_cp_deg = 90))
    expect_equal(p$p_etau > p$p_emu, s23 > 0.5)
  }
  # nufit50 (th23 = 49.0 deg but delta = 195 deg, cos delta = -0.97): the
  # cos(delta) term outweighs the octant and nu_mu wins at 10 MeV
  p <- flavour_probabilities(10, "8B", "nufit50")
  expect_gt(p$p_emu, p$p_etau)
  p0 <- flavour_probabilities(10, "8B", oscillation_parameters(delta_cp_deg = 0))
  expect_gt(p0$p_etau, p0$p_emu)
})

test_that("oscillation presets hold their published values; overrides apply", {
  o <- oscillation_parameters()
  expect_equal(unlist(o[c("sin2_th12", "sin2_th13", "sin2_th23", "delta_cp_deg", "dm21_ev2")]),
               c(sin2_th12 = 0.304, sin2_th13 = 0.02221, sin2_th23 = 0.570,
                 delta_cp_deg = 195, dm21_ev2 = 7.42e-5))
  o <- oscillation_parameters("nufit60", dm21_ev2 = 8e-5)
  expect_equal(asin(sqrt(o$sin2_th23)) * 180 / pi, 43.3)
  expect_equal(o$dm21_ev2, 8e-5)
  expect_equal(asin(sqrt(oscillation_parameters("desalas2020")$sin2_th12)) * 180 / pi, 34.3)
  # de Salas et al. (arXiv:2006.11237) NO best fit delta = 1.08 pi; "paper" has 0
  expect_equal(oscillation_parameters("desalas2020")$delta_cp_deg, 194.4)
  expect_equal(oscillation_parameters("paper")$delta_cp_deg, 0)
  expect_equal(oscillation_parameters("paper")[1:3], oscillation_parameters("desalas2020")[1:3])
  expect_output(print(o), "nufit60")
})

test_that("bad inputs give classed errors", {
  expect_error(solar_flux(1, "8C"), class = "muonphilic_error_input")
  expect_error(solar_flux(-1, "8B"), class = "muonphilic_error_input")
  expect_error(solar_flux(NA, "8B"), class = "muonphilic_error_input")
  expect_error(solar_components(flux = c(pp = -1)), class = "muonphilic_error_input")
  expect_error(solar_components(flux = 5), class = "muonphilic_error_input")
  expect_error(flavour_probabilities(0, "8B"), class = "muonphilic_error_input")
  expect_error(flavour_probabilities(1, "all"), class = "muonphilic_error_input")
  expect_error(flavour_probabilities(1, "8B", oscillation = list()), class = "muonphilic_error_input")
  expect_error(oscillation_parameters("nufit40"), class = "muonphilic_error_input")
  expect_error(oscillation_parameters(sin2_th12 = 1.5), class = "muonphilic_error_input")
  expect_error(oscillation_parameters(dm21_ev2 = NA), class = "muonphilic_error_input")
  expect_snapshot(solar_flux(1, c("8B", "9B")), error = TRUE)
})

test_that("P_ee(8B, 10 MeV) with B16-GS98 matches an independent integral of the table", {
  file <- system.file("extdata", "ssm-b16", "b16_gs98_profile.csv.gz", package = "muonphilic")
  tab <- utils::read.csv(file, comment.char = "#", check.names = FALSE)
  # independent: splines of log10 n_e and of the 8B production density in r,
  # cos^2 theta_m averaged with integrate()
  lne <- stats::splinefun(tab$r_rsun, tab$log10_ne_na)
  dens <- stats::approxfun(c(0, tab$r_rsun), c(0, tab[["8B"]]))
  o <- oscillation_parameters("paper")
  b_of <- function(r, e) {
    ne <- 10^lne(r) * 6.02214076e23
    2 * sqrt(2) * 1.1663787e-5 * ne * (1.973269804e-14)^3 * 1e9 *
      (1 - o$sin2_th13) * e * 1e6 / o$dm21_ev2
  }
  c2 <- 1 - 2 * o$sin2_th12
  s22 <- 4 * o$sin2_th12 * (1 - o$sin2_th12)
  cc_of <- function(r, e) 0.5 * (1 + (c2 - b_of(r, e)) / sqrt((c2 - b_of(r, e))^2 + s22))
  for (e in c(2, 10)) {
    norm <- stats::integrate(dens, 0, 0.5, subdivisions = 1000L)$value
    cc <- stats::integrate(function(r) dens(r) * cc_of(r, e), 0, 0.5,
                           subdivisions = 1000L)$value / norm
    s13 <- o$sin2_th13
    want <- (1 - s13)^2 * (cc * (1 - o$sin2_th12) + (1 - cc) * o$sin2_th12) + s13^2
    got <- flavour_probabilities(e, "8B", o)$p_ee
    expect_lt(abs(got / want - 1), 0.01)
    expect_lt(abs(got / want - 1), 1e-3) # in fact much closer
  }
  # the exponential profile overstates n_e at the 8B production radius
  expect_lt(flavour_probabilities(10, "8B", o, solar_model = "exponential")$p_ee,
            flavour_probabilities(10, "8B", o)$p_ee - 0.01)
})

test_that("cos^2 theta_m limits with the B16 profiles (vacuum and high density)", {
  o <- oscillation_parameters("paper")
  s12 <- o$sin2_th12; s13 <- o$sin2_th13; c13 <- 1 - s13
  for (sm in c("b16_gs98", "b16_agss09")) {
    # vacuum: cos^2 th_m = cos^2 th12; high density: cos^2 th_m = 0
    low <- c13^2 * (1 - 0.5 * 4 * s12 * (1 - s12)) + s13^2
    high <- c13^2 * s12 + s13^2
    for (c in c("pp", "8B", "hep")) {
      expect_equal(flavour_probabilities(1e-5, c, o, solar_model = sm)$p_ee, low, tolerance = 1e-5)
      expect_equal(flavour_probabilities(1e6, c, o, solar_model = sm)$p_ee, high, tolerance = 1e-5)
    }
  }
})

test_that("solar models: fluxes, attributes, the shipped table", {
  sm <- solar_model("b16_agss09")
  expect_s3_class(sm, "muonphilic_solar_model")
  expect_equal(sm$flux[["8B"]], 4.50e6)
  expect_output(print(sm), "b16_agss09")
  # the production densities integrate to 1 over r (trapezoid)
  r <- c(0, sm$profile$r_rsun)
  for (cmp in c("pp", "8B")) {
    d <- c(0, sm$profile[[cmp]])
    expect_equal(sum(diff(r) * (head(d, -1) + tail(d, -1)) / 2), 1, tolerance = 1e-3)
  }
  f <- solar_flux(5, "8B", solar_model = "b16_agss09")
  expect_equal(attr(f, "solar_model"), "b16_agss09")
  expect_equal(f$flux / solar_flux(5, "8B")$flux, 4.50 / 5.46, tolerance = 1e-12)
  expect_equal(attr(flavour_probabilities(1, "pp"), "solar_model"), "b16_gs98")
  r <- xenon_rate(NULL, 0, 15, 1, "NR", components = "8B", solar_model = "b16_agss09",
                  oscillation = "paper")
  expect_equal(attr(r, "solar_model"), "b16_agss09")
  expect_equal(attr(r, "oscillation"), "paper")
  # the AGSS09 8B flux scales the 8B NR rate (P_ee differs by < 0.1 %)
  r0 <- xenon_rate(NULL, 0, 15, 1, "NR", components = "8B", oscillation = "paper")
  expect_equal(r$rate[1] / r0$rate[1], 4.50 / 5.46, tolerance = 2e-3)
  expect_equal(solar_components(solar_model = "exponential")$r_production[5], 0.045)
  # the fluxes in the code equal those of the shipped table (17F GS98 aside)
  ff <- utils::read.csv(system.file("extdata", "ssm-b16", "b16_fluxes.csv",
                                    package = "muonphilic"))
  expect_equal(solar_model("b16_agss09")$flux, stats::setNames(ff$flux_agss09, ff$component))
  expect_equal(solar_model()$flux[1:7], stats::setNames(ff$flux_gs98, ff$component)[1:7])
  expect_error(solar_model("b16"), class = "muonphilic_error_input")
  expect_error(flavour_probabilities(1, "pp", solar_model = 3), class = "muonphilic_error_input")
})

test_that("`params` still works with a deprecation warning; `oscillation` is the name", {
  expect_warning(p <- flavour_probabilities(10, "8B", params = "nufit60"),
                 class = "muonphilic_warning_deprecated")
  expect_equal(p$p_emu, flavour_probabilities(10, "8B", oscillation = "nufit60")$p_emu)
  expect_error(flavour_probabilities(10, "8B", oscillation = "paper", params = "paper"),
               class = "muonphilic_error_input")
  expect_error(flavour_probabilities(10, "8B", oscillation = "nufit40"),
               class = "muonphilic_error_input")
})

test_that("delta_CP: the paper's DARWIN claims at delta = 0, not at the de Salas best fit", {
  d <- xenon_detector("DARWIN", n_grid = 121L)
  bp <- benchmark_points()[1:2, ]
  s <- cp_exposure_scan(c(0, 194.4), detector = d, benchmarks = bp, analyses = "NR",
                        octants = "upper")
  expect_s3_class(s, "muonphilic_cp_scan")
  # paper: ~100 t yr at a 1 keV threshold suffices for BP1 and BP2 (NR)
  expect_true(all(s$exposure_tyr[s$delta_cp_deg == 0] <= 200))
  # at the measured delta the exposure grows by more than 10x
  e194 <- s$exposure_tyr[s$delta_cp_deg == 194.4]
  expect_true(all(e194 > 10 * s$exposure_tyr[s$delta_cp_deg == 0]))
  # the cos(delta) interpolation equals a direct calculation at that preset
  d2 <- xenon_detector("DARWIN", n_grid = 121L,
                       rate_args = list(oscillation = oscillation_parameters("desalas2020")))
  direct <- discovery_exposure(d2, lmu_ltau(), bp$g, bp$mass_mev, analysis = "NR",
                               threshold_kev = 1)
  expect_equal(e194, direct$exposure_tyr, tolerance = 1e-6)
  # the LmuLtau interference term of the NR rate (g^2) changes sign
  tm <- function(osc) {
    muonphilic:::xenon_rate_terms(lmu_ltau(), 15, 1, "NR", oscillation = osc)[1, 2, 1]
  }
  expect_gt(tm("paper"), 0)
  expect_lt(tm("desalas2020"), 0)
  expect_s3_class(ggplot2::autoplot(s), "ggplot")
  expect_error(cp_exposure_scan(NA), class = "muonphilic_error_input")
  expect_error(cp_exposure_scan(0, octants = "middle"), class = "muonphilic_error_input")
})

test_that("BP1-BP4 NR and ER ratios to the SM agree with an independent B16 fold", {
  # independent: cos^2 theta_m from the B16-GS98 table by Simpson's rule on
  # a fine grid (n_e splined, the production density interpolated), on a few
  # energies, splined in ln E;
  # the flux fold by integrate(); the cross sections from cevns_xsec() /
  # electron_xsec(). Form factors and electron counts cancel in the ratio at
  # a fixed recoil energy.
  file <- system.file("extdata", "ssm-b16", "b16_gs98_profile.csv.gz", package = "muonphilic")
  tab <- utils::read.csv(file, comment.char = "#", check.names = FALSE)
  lne <- stats::splinefun(tab$r_rsun, tab$log10_ne_na)
  o <- oscillation_parameters("paper")
  U2 <- Mod(pmns(o))^2
  c2 <- 1 - 2 * o$sin2_th12
  s22 <- 4 * o$sin2_th12 * (1 - o$sin2_th12)
  cc_exact <- function(e, comp) {
    dens <- stats::approxfun(c(0, tab$r_rsun), c(0, tab[[comp]]))
    b <- function(r) 2 * sqrt(2) * 1.1663787e-5 * 10^lne(r) * 6.02214076e23 *
      (1.973269804e-14)^3 * 1e9 * (1 - o$sin2_th13) * e * 1e6 / o$dm21_ev2
    f <- function(r) dens(r) * 0.5 * (1 + (c2 - b(r)) / sqrt((c2 - b(r))^2 + s22))
    # Simpson's rule on a grid 20x finer than the table
    rr <- seq(0, 0.5, length.out = 20001)
    wt <- c(1, rep(c(4, 2), length.out = 19999), 1)
    int <- function(h) sum(wt * h(rr))
    int(f) / int(dens)
  }
  prob_fun <- function(comp, lo, hi) {
    eg <- exp(seq(log(lo), log(hi), length.out = 25))
    sp <- stats::splinefun(log(eg), vapply(eg, cc_exact, 0, comp = comp))
    function(e) {
      cc <- sp(log(e))
      vapply(1:3, function(a) (1 - o$sin2_th13) * (cc * U2[a, 1] + (1 - cc) * U2[a, 2]) +
               o$sin2_th13 * U2[a, 3], numeric(length(e)))
    }
  }
  bp <- benchmark_points()
  flav <- c("e", "mu", "tau")
  xe <- nucleus("Xe")
  # NR at 1 keVnr: only 8B and hep reach it
  er <- 1
  p8 <- prob_fun("8B", 7, 16.56)
  ph <- prob_fun("hep", 7, 18.784)
  nr_fold <- function(g, m) {
    one <- function(comp, pf, emax) {
      f <- function(e) {
        p <- matrix(pf(e), ncol = 3)
        x <- vapply(1:3, function(a) {
          vapply(e, function(ee) sum(cevns_xsec(xe, lmu_ltau(), g, m, flav[a], ee, er) *
                                       xe$isotopes$abundance), 0)
        }, numeric(length(e)))
        solar_flux(e, comp)$flux * rowSums(matrix(p * x, ncol = 3))
      }
      # E_nu^min at 1 keVnr is ~7.6-7.8 MeV for the xenon isotopes (Eq. 35)
      stats::integrate(f, 7, emax, rel.tol = 1e-8)$value
    }
    one("8B", p8, 16.56) + one("hep", ph, 18.784)
  }
  # ER at 1 keVee: pp and 7Be (most of the rate)
  ppf <- prob_fun("pp", 0.02, 0.4234)
  pbe <- prob_fun("7Be", 0.3, 0.9)
  t <- 1
  er_fold <- function(g, m) {
    f <- function(e) {
      p <- matrix(ppf(e), ncol = 3)
      x <- vapply(1:3, function(a) electron_xsec(lmu_ltau(), g, m, flav[a], e, t),
                  numeric(length(e)))
      solar_flux(e, "pp")$flux * rowSums(matrix(p * x, ncol = 3))
    }
    emin <- (t * 1e-3 + sqrt((t * 1e-3)^2 + 2 * 0.51099895 * t * 1e-3)) / 2
    ln <- solar_lines()
    ln <- ln[ln$component == "7Be", ]
    lines <- sum(vapply(seq_len(nrow(ln)), function(i) {
      p <- pbe(ln$enu_mev[i])
      ln$flux[i] * sum(p * vapply(1:3, function(a)
        electron_xsec(lmu_ltau(), g, m, flav[a], ln$enu_mev[i], t), 0))
    }, 0))
    stats::integrate(f, emin, 0.4234, rel.tol = 1e-9)$value + lines
  }
  for (i in seq_len(nrow(bp))) {
    r_nr <- xenon_rate(lmu_ltau(), c(0, bp$g[i]), bp$mass_mev[i], er, "NR",
                       components = c("8B", "hep"), oscillation = o)
    got <- r_nr$rate[r_nr$component == "total"]
    want <- nr_fold(bp$g[i], bp$mass_mev[i]) / nr_fold(0, bp$mass_mev[i])
    expect_lt(abs(got[2] / got[1] / want - 1), 0.005, label = paste(bp$benchmark[i], "NR"))
    r_er <- xenon_rate(lmu_ltau(), c(0, bp$g[i]), bp$mass_mev[i], t, "ER",
                       components = c("pp", "7Be"), oscillation = o)
    got <- r_er$rate[r_er$component == "total"]
    want <- er_fold(bp$g[i], bp$mass_mev[i]) / er_fold(0, bp$mass_mev[i])
    expect_lt(abs(got[2] / got[1] / want - 1), 0.005, label = paste(bp$benchmark[i], "ER"))
  }
})
