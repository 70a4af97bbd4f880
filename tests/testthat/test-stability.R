# Numerical stability: the package's headline numbers must not depend on the
# quadrature tolerance. Every integral in C takes its relative tolerance
# from mp_rel_tol() (option muonphilic.rel_tol, default 1e-8); tightening it
# 100x (1e-10) must move each headline by < 1e-6 relative, and a loose
# 1e-3 by no more than that tolerance.
#
# ADDING A HEADLINE: one line in `stab_headlines` below (or a list named
# `stab_headlines_<anything>` in a helper file), a closure returning a
# numeric vector that goes through the integrals you want guarded, e.g.
#   "NA64mu: signal counts at BP1" = function()
#     expected_counts(na64mu(), lmu_ltau(), 5e-4, 15)$counts,
#   "COHERENT CsI: SM total" = function()
#     sum(expected_counts(spallation_detector("CENNS610"), lmu_ltau(), 0, 10)$counts),
# Keep each closure well under a second (it runs three times).

stab_headlines <- list(
  "Delta a_mu at BP1-BP4 (Eq. 13, Table 1)" = function() {
    bp <- benchmark_points()
    delta_amu(lmu_ltau(), bp$g, bp$mass_mev)
  },
  "Delta a_mu, 10 keV - 100 GeV" = function() {
    delta_amu(lmu(), 1e-3, 10^seq(-2, 5, length.out = 15))
  },
  "(g-2)mu band edges at BP masses" = function() {
    b <- gm2_band(lmu_ltau(), benchmark_points()$mass_mev, n_sigma = c(1, 2))
    c(b$g_low, b$g_high)
  },
  "loop mixing eps/g, LmuLtau, spacelike and timelike q^2 (Eq. 10)" = function() {
    kinetic_mixing(lmu_ltau(mixing_loop()), 1,
                   c(0, -1e-6, -1e-4, -1e-2, -1, -100, 1e-2, 0.05, 1, 13.6, 100))
  },
  "loop mixing eps/g, Lmu at 1 TeV and Le-Lmu (Eq. 12)" = function() {
    c(kinetic_mixing(lmu(mixing_loop(1000)), 1, c(0, -1e-2, -1, 0.05, 1)),
      kinetic_mixing(hidden_photon(c(e = 1, mu = -1, tau = 0), mixing_loop()), 1,
                     c(0, -1e-4, -1, 1e-3, 0.05)))
  },
  "partial widths, loop mixing, 15 MeV - 5 GeV" = function() {
    decay_widths(lmu_ltau(mixing_loop()), 1e-3, c(15, 100, 212, 300, 1000, 3600, 5000))$width_gev
  },
  "BR_inv, LmuLtau and Lmu with loop mixing" = function() {
    c(branching_invisible(lmu_ltau(mixing_loop()), c(15, 100, 250, 1500, 5000)),
      branching_invisible(lmu(mixing_loop()), c(15, 250, 1500)))
  },
  "decay length at BP1-BP4, 50 GeV" = function() {
    bp <- benchmark_points()
    decay_length_cm(lmu_ltau(mixing_loop()), bp$g, bp$mass_mev, 50)
  },
  # --- experiments: SM totals and one BSM spectrum per family -------------
  "COHERENT/CCM/ESS: SM CEvNS counts per bin, all four detectors (Eq. 32)" = function() {
    unlist(lapply(c("CENNS610", "ESS10", "CCM", "ESS"),
                  function(n) sm_counts(spallation_detector(n))$counts))
  },
  "COHERENT/CCM/ESS: counts per bin at BP1, all four detectors" = function() {
    bp <- benchmark_points()
    unlist(lapply(c("CENNS610", "ESS10", "CCM", "ESS"), function(n) {
      expected_counts(spallation_detector(n), lmu_ltau(), bp$g[1], bp$mass_mev[1])$counts
    }))
  },
  "xenon: SM solar NR rate, 0.1-10 keVnr (Eq. 33)" = function() {
    r <- xenon_rate(NULL, 0, 15, c(0.1, 0.5, 1, 2, 5, 10), "NR")
    r$rate[r$component == "total"]
  },
  "xenon: SM solar ER rate, 0.5-30 keVee (Eq. 36)" = function() {
    r <- xenon_rate(NULL, 0, 15, c(0.5, 1, 2, 5, 10, 30), "ER")
    r$rate[r$component == "total"]
  },
  "xenon: NR and ER rates at BP1" = function() {
    bp <- benchmark_points()
    nr <- xenon_rate(lmu_ltau(), bp$g[1], bp$mass_mev[1], c(0.1, 0.5, 1, 2, 5, 10), "NR")
    er <- xenon_rate(lmu_ltau(), bp$g[1], bp$mass_mev[1], c(0.5, 1, 2, 5, 10, 30), "ER")
    c(nr$rate[nr$component == "total"], er$rate[er$component == "total"])
  },
  "DARWIN: SM counts and background, NR (1 keVnr) and ER analyses (Eq. 37)" = function() {
    nr <- xenon_detector("DARWIN", analysis = "NR", threshold_kev = 1)
    er <- xenon_detector("DARWIN", analysis = "ER")
    c(background_counts(nr), expected_counts(nr, lmu_ltau(), 0, 15)$counts,
      background_counts(er), expected_counts(er, lmu_ltau(), 0, 15)$counts)
  },
  "NA64mu: signal counts per bin at BP1-BP4 (Eqs. 26-27)" = function() {
    bp <- benchmark_points()
    expected_counts(na64mu(), lmu_ltau(), bp$g, bp$mass_mev)$counts
  },
  "NA64mu: muon spectrum dN/dE at BP4 (Fig. 4)" = function() {
    bp <- benchmark_points()
    na64mu_spectrum(na64mu(), lmu_ltau(), bp$g[4], bp$mass_mev[4],
                    energy_gev = seq(5, 155, by = 10))$dn_de
  }
)

# Headlines of this file plus any stab_headlines_* list of the helper files.
stab_all <- function() {
  extra <- list()
  for (env in list(environment(stab_all), parent.env(environment(stab_all)))) {
    nms <- ls(env, pattern = "^stab_headlines_")
    extra <- c(extra, do.call(c, unname(mget(nms, envir = env))))
  }
  c(stab_headlines, extra)
}

# Relative differences, exact agreement required where the reference is 0.
stab_rel <- function(x, ref) {
  ifelse(ref == 0, abs(x - ref), abs(x - ref) / abs(ref))
}

at_tol <- function(tol, f) withr::with_options(list(muonphilic.rel_tol = tol), f())

test_that("headline numbers move < 1e-6 relative when every tolerance tightens 100x", {
  heads <- stab_all()
  for (nm in names(heads)) {
    ref <- at_tol(1e-10, heads[[nm]])
    def <- at_tol(1e-8, heads[[nm]])
    expect_true(is.numeric(def) && length(def) > 0L && all(is.finite(def)), label = nm)
    expect_identical(length(def), length(ref))
    worst <- max(stab_rel(def, ref))
    expect(worst < 1e-6, sprintf("%s: moved by %.3g relative (limit 1e-6)", nm, worst))
  }
})

test_that("a loose tolerance is honoured: results move, but within it", {
  heads <- stab_all()
  moved <- FALSE
  for (nm in names(heads)) {
    ref <- at_tol(1e-10, heads[[nm]])
    loose <- at_tol(1e-3, heads[[nm]])
    worst <- max(stab_rel(loose, ref))
    expect(worst <= 1e-3, sprintf("%s: off by %.3g at rel_tol = 1e-3", nm, worst))
    moved <- moved || !identical(loose, ref)
  }
  # proves the option reaches the integrals in C
  expect_true(moved)
  # and a bad option value is refused with a classed error
  withr::local_options(muonphilic.rel_tol = 0)
  expect_error(delta_amu(lmu(), 1e-3, 10), class = "muonphilic_error_input")
})

test_that("results are bit-for-bit reproducible (no hidden state in C)", {
  heads <- stab_all()
  for (nm in names(heads)) {
    expect_identical(heads[[nm]](), heads[[nm]](), label = nm)
  }
})

test_that("extreme but valid inputs stay accurate", {
  e <- sqrt(4 * pi / 137.035999)
  # the renormalisation scale cancels exactly for charges summing to zero,
  # even at scales whose square over/underflows (Eq. 12)
  k0 <- kinetic_mixing(lmu_ltau(mixing_loop(1000)), 1, c(0, -0.1))
  for (mu in c(1e-300, 1e-30, 1e30, 1e300)) {
    expect_equal(kinetic_mixing(lmu_ltau(mixing_loop(mu)), 1, c(0, -0.1)), k0,
                 tolerance = 1e-13)
  }
  # for Lmu, eps/g = e/(2 pi^2) (int + log(m^2/mu^2)/6): d(eps/g)/d ln(mu) = -e/(6 pi^2)
  for (mu in c(1e-300, 1e300)) {
    d <- kinetic_mixing(lmu(mixing_loop(mu)), 1) - kinetic_mixing(lmu(mixing_loop(1)), 1)
    expect_equal(d, -e / (6 * pi^2) * log(mu), tolerance = 1e-12)
  }
  # decay length just above threshold: p = sqrt((E - M)(E + M)) without
  # the cancellation of E^2 - M^2 (Eq. 23: l is proportional to p)
  # (E^2 - M^2 in double loses ~1e-5 relative here)
  for (m_mev in c(15, 211.3)) {
    M <- m_mev / 1000
    E <- M * (1 + c(1e-12, 3e-12))
    l1 <- decay_length_cm(lmu_ltau(), 5e-4, m_mev, E)
    l2 <- decay_length_cm(lmu_ltau(), 5e-4, m_mev, 50)
    expect_equal(l1 / l2, sqrt((E - M) * (E + M)) / sqrt((50 - M) * (50 + M)),
                 tolerance = 1e-12)
  }
  # a tiny sigma_sys is no pull; chi^2 without pull scales with the counts
  o <- c(100, 80)
  p <- c(95, 82)
  b <- c(10, 8)
  expect_equal(as.numeric(chi2_pull(o, p, b, 1e-200)), as.numeric(chi2_pull(o, p, b, 0)))
  expect_equal(as.numeric(chi2_pull(1e200 * o, 1e200 * p, 1e200 * b, 0)),
               1e200 * as.numeric(chi2_pull(o, p, b, 0)), tolerance = 1e-12)
  # a tiny Poisson n still gives a probability
  expect_true(all(poisson_pvalue(c(1e-300, 5e-324), c(1, 2)) <= 1))
})

test_that("regressions found by the fuzzer stay fixed", {
  # a tiny target significance used to start the exposure search at
  # ln(0) = -Inf and loop forever
  d <- xenon_detector("DARWIN", analysis = "NR", n_bins = 2L)
  e <- discovery_exposure(d, lmu_ltau(), 5e-4, 15, n_sigma = 1e-300)
  expect_true(is.finite(e$exposure_tyr) && e$exposure_tyr > 0)
  expect_lte(e$exposure_tyr, discovery_exposure(d, lmu_ltau(), 5e-4, 15, n_sigma = 1)$exposure_tyr)
  # an infinite predicted mean: -2 ln L = +Inf, not Inf - Inf = NaN
  x <- na64mu(xsec = "paper")
  n <- rep(3, 9)
  expect_identical(minus2_loglik(x, n, rep(Inf, 9)), Inf)
  expect_identical(minus2_loglik(x, n, rep(Inf, 9), saturated = FALSE), Inf)
  # a model that cannot produce the data anywhere: classed error, not NaN
  expect_error(scan_grid(x, asimov(x, lmu_ltau(), 1e-3, 100),
                         hidden_photon(c(e = 1, mu = 0, tau = 0)),
                         10^seq(-4, -2, length.out = 4), 10^seq(1, 3, length.out = 4)),
               class = "muonphilic_error_input")
  # choice arguments of the wrong type, user functions that fail
  expect_error(na64mu(xsec = sin), class = "muonphilic_error_input")
  expect_error(photon_flux_chi(100, parts = quote(x)), class = "muonphilic_error_input")
  expect_error(spallation_detector("CCM", efficiency = function(e) stop("boom")),
               class = "muonphilic_error_input")
  # overflow is a numerical error, not Inf/NaN in the result (g itself is
  # capped at sqrt(4 pi): a huge g is an input error, huge charges overflow)
  expect_error(cevns_xsec("Ar40", lmu_ltau(), 1e300, 15, "mu", 30, 10),
               class = "muonphilic_error_input")
  expect_error(cevns_xsec("Ar40", hidden_photon(c(e = 0, mu = 1e300, tau = -1e300)), 1, 15,
                          "mu", 30, 10),
               class = "muonphilic_error_numeric")
})
