# Neutrino sources as data, the general CEvNS detector (Eqs. 31-34) and
# natural-mix targets.

mmu <- 105.6583745 # MeV
mpi <- 139.57039
na <- 6.02214076e23
el <- (mpi^2 - mmu^2) / (2 * mpi) # prompt line, Eq. 31

# Eq. 32 done independently in R for a pi-DAR source: nested
# stats::integrate over cevns_xsec (abundance-weighted per target atom),
# exposure from the mean mass number (targets per tonne 1e6 N_A / <A>).
pidar_counts_by_hand <- function(nuc, mass_t, r, pot, years, dist_m, lo, hi,
                                 model = lmu_ltau(), g = 0, mass_mev = 1) {
  iso <- nuc$isotopes
  M <- min(iso$mass_gev) * 1000
  expo <- mass_t * 1e6 * na / sum(iso$abundance * iso$A) * r * pot * years /
    (4 * pi * (dist_m * 100)^2)
  flux_mu <- function(en) 64 * en^2 / mmu^3 * (3 / 4 - en / mmu) # anti-nu_mu
  flux_e <- function(en) 192 * en^2 / mmu^3 * (1 / 2 - en / mmu)
  isos <- lapply(seq_len(nrow(iso)), function(j) nucleus(Z = iso$Z[j], N = iso$N[j]))
  rate <- function(er) {
    vapply(er, function(e) {
      sum(vapply(seq_along(isos), function(j) {
        xs <- function(fl, en) cevns_xsec(isos[[j]], model, g, mass_mev, fl, en, e)
        f1 <- function(en) flux_mu(en) * xs("mu", en)
        f2 <- function(en) flux_e(en) * xs("e", en)
        mj <- iso$mass_gev[j] * 1000
        emin <- (e / 1000 + sqrt((e / 1000)^2 + 2 * mj * e / 1000)) / 2
        dl <- if (emin < mmu / 2) {
          stats::integrate(f1, emin, mmu / 2, rel.tol = 1e-10)$value +
            stats::integrate(f2, emin, mmu / 2, rel.tol = 1e-10)$value
        } else 0
        iso$abundance[j] * (xs("mu", el) + dl)
      }, 0))
    }, 0)
  }
  kinks <- c(outer(iso$mass_gev * 1000, c(el, mmu / 2), function(m, e) 2 * e^2 / (m + 2 * e))) * 1000
  pts <- sort(unique(c(lo, kinks[kinks > lo & kinks < hi], hi)))
  s <- 0
  for (i in seq_len(length(pts) - 1L)) {
    s <- s + stats::integrate(rate, pts[i], pts[i + 1], rel.tol = 1e-8,
                              subdivisions = 200L)$value
  }
  expo * s
}

test_that("natural mixes: Ge, Cs, I, Na with standard abundances; Ar, Xe kept", {
  ge <- nucleus("Ge")
  expect_equal(ge$isotopes$A, c(70, 72, 73, 74, 76))
  expect_equal(sum(ge$isotopes$abundance), 1, tolerance = 1e-14)
  expect_true(all(ge$isotopes$Z == 32))
  # mean mass number close to the standard atomic weight of Ge, 72.630 (A u
  # exceeds the atomic mass by the binding energy, about 0.1 %)
  expect_equal(sum(ge$isotopes$abundance * ge$isotopes$A), 72.630, tolerance = 2e-3)
  # targets per tonne: 1e6 N_A / <A> (atomic mass A u)
  expect_equal(ge$targets_per_tonne, 1e6 * na / sum(ge$isotopes$abundance * ge$isotopes$A),
               tolerance = 1e-9)
  for (el in list(c("Cs", 55, 133), c("I", 53, 127), c("Na", 11, 23))) {
    n <- nucleus(el[1])
    expect_equal(nrow(n$isotopes), 1L)
    expect_equal(n$isotopes$Z, as.numeric(el[2]))
    expect_equal(n$isotopes$A, as.numeric(el[3]))
    expect_equal(n$isotopes$abundance, 1)
  }
  expect_equal(nucleus("Ar")$isotopes$A, 40)
  expect_equal(nrow(nucleus("Xe")$isotopes), 9L)
  # the Helm radius of each isotope (Lewin-Smith: s = 0.9, a = 0.52 fm)
  A <- ge$isotopes$A
  cc <- 1.23 * A^(1 / 3) - 0.60
  expect_equal(ge$isotopes$helm_rn_fm, sqrt(cc^2 + 7 / 3 * pi^2 * 0.52^2 - 5 * 0.81),
               tolerance = 1e-12)
  # stable isotopes by name
  expect_equal(nucleus("Ge76")$isotopes$N, 44)
  expect_equal(nucleus("Xe136")$isotopes$N, 82)
})

test_that("a scalar Z is recycled over a vector of N", {
  a <- nucleus(Z = 32, N = c(38, 40, 41, 42, 44),
               abundance = c(20.57, 27.45, 7.75, 36.50, 7.73))
  b <- nucleus("Ge")
  expect_equal(a$isotopes$Z, rep(32, 5))
  expect_equal(a$isotopes$A, b$isotopes$A)
  expect_equal(a$isotopes$abundance, b$isotopes$abundance)
  expect_equal(a$targets_per_tonne, b$targets_per_tonne)
  expect_error(nucleus(Z = c(32, 32), N = c(38, 40, 42), abundance = c(1, 1, 1)),
               class = "muonphilic_error_input")
})

test_that("unstable or impossible isotopes are refused with what is available", {
  cls <- "muonphilic_error_input"
  expect_error(nucleus("Xe999"), class = cls)
  expect_error(nucleus("Ge80"), class = cls)
  expect_error(nucleus("Ar39"), class = cls)
  expect_error(nucleus("Ge80"), "\"Ge70\", \"Ge72\", \"Ge73\", \"Ge74\", \"Ge76\"")
  expect_error(nucleus("Ge80"), "natural mix \"Ge\"")
  expect_error(nucleus("Xe999"), "\"Xe136\"")
  # an element without a natural mix lists its stable isotopes and the mixes
  expect_error(nucleus("Kr"), "\"Kr84\"")
  expect_error(nucleus("Kr"), "\"Ge\"")
})

test_that("the pi-DAR source as data is Eq. 31", {
  s <- pidar_source(r = 0.3, pot_per_year = 2.8e23)
  expect_s3_class(s, "muonphilic_source")
  expect_equal(s$intensity_per_year, 0.3 * 2.8e23)
  expect_equal(s$lines$flavour, "nu_mu")
  expect_equal(s$lines$enu_mev, el, tolerance = 1e-12)
  expect_equal(s$segments$flavour, c("anti_nu_mu", "nu_e"))
  expect_equal(s$segments$upper_mev, rep(mmu / 2, 2), tolerance = 1e-12)
  # the segment polynomials (per GeV, E in GeV) are the spectra of Eq. 31
  cf <- matrix(s$c$seg_coef, nrow = 4)
  e <- c(5, 20, 40, 52) / 1000
  m <- mmu / 1000
  expect_equal(cf[1, 1] + cf[2, 1] * e + cf[3, 1] * e^2 + cf[4, 1] * e^3,
               64 * e^2 / m^3 * (3 / 4 - e / m), tolerance = 1e-12)
  expect_equal(cf[1, 2] + cf[2, 2] * e + cf[3, 2] * e^2 + cf[4, 2] * e^3,
               192 * e^2 / m^3 * (1 / 2 - e / m), tolerance = 1e-12)
  expect_error(pidar_source(r = -1), class = "muonphilic_error_input")
  expect_error(pidar_source(pot_per_year = NA), class = "muonphilic_error_input")
  expect_output(print(s), "pi-DAR")
})

test_that("the presets are cevns_detector()s with the same numbers", {
  m <- lmu_ltau()
  for (nm in c("CENNS610", "ESS10", "CCM", "ESS")) {
    d <- spallation_detector(nm)
    expect_s3_class(d, c("muonphilic_spallation", "muonphilic_cevns",
                         "muonphilic_experiment"), exact = TRUE)
    g <- cevns_detector(pidar_source(d$r, d$pot_per_year), d$target, d$mass_t,
                        d$baseline_m, years = d$years,
                        threshold_kevnr = d$threshold_kev,
                        bin_edges_kevnr = d$bin_edges_kev,
                        efficiency = d$efficiency, quenching = d$quenching,
                        sigma_sys = d$sigma_sys, label = nm)
    expect_identical(sm_counts(g)$counts, sm_counts(d)$counts)
    expect_identical(as.vector(count_terms(g, m, c(5, 50))),
                     as.vector(count_terms(d, m, c(5, 50))))
    expect_identical(background_counts(g), background_counts(d))
    expect_identical(statistic(g), statistic(d))
  }
})

test_that("preset SM counts agree with Eq. 32 integrated in R", {
  for (nm in c("ESS", "CCM", "ESS10")) {
    d <- spallation_detector(nm)
    e <- d$bin_edges_kev
    by_hand <- vapply(c(1, 4), function(i) {
      pidar_counts_by_hand(nucleus("Ar40"), d$mass_t, d$r, d$pot_per_year, d$years,
                           d$baseline_m, max(e[i], d$threshold_kev), e[i + 1])
    }, 0)
    expect_equal(sm_counts(d)$counts[c(1, 4)], by_hand, tolerance = 1e-6)
  }
  # and the A' count terms, rebuilt at a coupling, against R at (g, M)
  d <- spallation_detector("ESS10")
  tt <- count_terms(d, lmu_ltau(), 10)
  e <- d$bin_edges_kev
  expect_equal(sum(tt[1, , 1] * 2e-3^attr(tt, "powers")),
               pidar_counts_by_hand(nucleus("Ar40"), d$mass_t, d$r, d$pot_per_year, 1,
                                    d$baseline_m, e[1], e[2], g = 2e-3, mass_mev = 10),
               tolerance = 1e-6)
})

test_that("germanium at the ESS: one call, counted, scanned and plotted", {
  ge <- cevns_detector(pidar_source(r = 0.3, pot_per_year = 2.8e23), "Ge",
                       mass_t = 0.01, distance_m = 20, threshold_kevnr = 1,
                       label = "Ge at the ESS")
  expect_s3_class(ge, "muonphilic_experiment")
  expect_output(print(ge), "Ge at the ESS")
  sm <- sm_counts(ge)
  e <- ge$bin_edges_kevnr
  expect_length(e, 5L)
  expect_equal(e[1], 1)
  # default window ends at the largest recoil on Ge70 (m_mu/2 neutrinos)
  m70 <- nucleus("Ge")$isotopes$mass_gev[1] * 1000
  expect_equal(e[5], 2 * (mmu / 2)^2 / (m70 + mmu) * 1000, tolerance = 1e-12)
  by_hand <- vapply(c(1, 3), function(i) {
    pidar_counts_by_hand(nucleus("Ge"), 0.01, 0.3, 2.8e23, 1, 20, e[i], e[i + 1])
  }, 0)
  expect_equal(sm$counts[c(1, 3)], by_hand, tolerance = 1e-6)
  # with the A' at a benchmark-like point, also against R
  ec <- expected_counts(ge, lmu_ltau(), 1e-3, 20)
  expect_equal(ec$counts[1],
               pidar_counts_by_hand(nucleus("Ge"), 0.01, 0.3, 2.8e23, 1, 20, e[1], e[2],
                                    g = 1e-3, mass_mev = 20), tolerance = 1e-6)
  # count terms rebuild the counts (one set of integrals per mass)
  tt <- count_terms(ge, lmu_ltau(), 20)
  p <- attr(tt, "powers")
  expect_equal(as.vector(tt[, , 1] %*% (1e-3^p)), ec$counts, tolerance = 1e-10)
  # scanned on a small grid with Asimov data, and plotted
  dat <- asimov(ge, lmu_ltau(), 1e-3, 20)
  sc <- scan_grid(ge, dat, lmu_ltau(), g = 10^seq(-4, -2, length.out = 5),
                  mass_mev = c(5, 20, 80))
  expect_s3_class(sc, "muonphilic_scan")
  expect_equal(attr(sc, "experiments"), "Ge at the ESS")
  # Asimov data: the grid point at the truth fits best, with delta = 0
  best <- which.min(sc$delta)
  expect_equal(c(sc$g[best], sc$mass_mev[best]), c(1e-3, 20))
  expect_equal(sc$delta[best], 0, tolerance = 1e-8)
  skip_if_not_installed("ggplot2")
  expect_s3_class(ggplot2::autoplot(sc), "ggplot")
})

test_that("a user source from lines and a tabulated spectrum needs no new C", {
  nuc <- nucleus("Na")
  M <- nuc$isotopes$mass_gev * 1000
  line <- neutrino_source(lines = data.frame(flavour = "nu_e", enu_mev = 30,
                                             per_year = 1e22))
  d <- cevns_detector(line, nuc, mass_t = 0.1, distance_m = 10, threshold_kevnr = 5,
                      bin_edges_kevnr = c(5, 20, 60))
  expo <- 0.1 * 1e6 * na / 23 * 1e22 / (4 * pi * 1000^2)
  f <- function(er) cevns_xsec(nuc, lmu_ltau(), 0, 1, "e", 30, er)
  er_max <- 2 * 30^2 / (M + 60) * 1000
  by_hand <- c(stats::integrate(f, 5, 20, rel.tol = 1e-10)$value,
               stats::integrate(f, 20, min(60, er_max), rel.tol = 1e-10)$value) * expo
  expect_equal(sm_counts(d)$counts, by_hand, tolerance = 1e-7)
  # a triangle spectrum of anti-nu_tau (linear interpolation of the table)
  tri <- neutrino_source(spectrum = data.frame(
    flavour = "anti_nu_tau", enu_mev = c(10, 30, 50), per_mev_per_year = c(0, 1e20, 0)))
  d2 <- update(d, source = tri)
  phi <- function(en) ifelse(en < 30, (en - 10) / 20, (50 - en) / 20) * 1e20
  rate <- function(er) vapply(er, function(e) {
    emin <- (e / 1000 + sqrt((e / 1000)^2 + 2 * M * e / 1000)) / 2
    g <- function(en) phi(en) * cevns_xsec(nuc, lmu_ltau(), 0, 1, "tau", en, e)
    lo <- max(10, emin) # split at the kink of the table
    if (lo >= 50) 0 else if (lo >= 30) stats::integrate(g, lo, 50, rel.tol = 1e-10)$value else
      stats::integrate(g, lo, 30, rel.tol = 1e-10)$value + stats::integrate(g, 30, 50, rel.tol = 1e-10)$value
  }, 0)
  expo2 <- 0.1 * 1e6 * na / 23 / (4 * pi * 1000^2)
  expect_equal(sm_counts(d2)$counts[1],
               expo2 * stats::integrate(rate, 5, 20, rel.tol = 1e-8)$value,
               tolerance = 1e-6)
  # tau neutrinos have no charge in L_mu: no A' terms at all
  expect_true(all(count_terms(d2, lmu(), 10)[, 2:3, 1] == 0))
})

test_that("cevns_detector() and the sources refuse bad input with classed errors", {
  cls <- "muonphilic_error_input"
  src <- pidar_source()
  expect_error(cevns_detector("pidar", "Ge", 0.01, 20), class = cls)
  expect_error(cevns_detector(src, "Ge80", 0.01, 20), class = cls)
  expect_error(cevns_detector(src, "Ge", -1, 20), class = cls)
  expect_error(cevns_detector(src, "Ge", 0.01, NA), class = cls)
  expect_error(cevns_detector(src, "Ge", 0.01, 20, years = Inf), class = cls)
  expect_error(cevns_detector(src, "Ge", 0.01, 20, threshold_kevnr = 0), class = cls)
  expect_error(cevns_detector(src, "Ge", 0.01, 20, threshold_kevnr = 1e4), class = cls)
  expect_error(cevns_detector(src, "Ge", 0.01, 20, bin_edges_kevnr = c(5, 2)), class = cls)
  expect_error(cevns_detector(src, "Ge", 0.01, 20, bin_edges_kevnr = numeric(0)), class = cls)
  expect_error(cevns_detector(src, "Ge", 0.01, 20, background_per_bin = c(1, 2)), class = cls)
  expect_error(cevns_detector(src, "Ge", 0.01, 20, label = NA_character_), class = cls)
  expect_error(cevns_detector(src, "Ge", 0.01, 20, efficiency = function(e) e * 10),
               class = cls)
  expect_error(neutrino_source(), class = cls)
  expect_error(neutrino_source(lines = data.frame(flavour = "nu_x", enu_mev = 1,
                                                  per_year = 1)), class = cls)
  expect_error(neutrino_source(spectrum = data.frame(flavour = "nu_e", enu_mev = c(2, 1),
                                                     per_mev_per_year = 1)), class = cls)
  ge <- cevns_detector(src, "Ge", 0.01, 20)
  expect_error(ge$exposure_cm2 <- 1, class = cls)
  ge10 <- update(ge, years = 10)
  expect_equal(sm_counts(ge10)$counts, 10 * sm_counts(ge)$counts, tolerance = 1e-12)
  bk <- update(ge, background_per_bin = c(1, 2, 3, 4))
  expect_equal(background_counts(bk), c(1, 2, 3, 4))
})

test_that("a Gaussian resolution smears the true-energy rate into reconstructed bins", {
  src <- pidar_source(r = 0.3, pot_per_year = 2.8e23)
  sig <- function(e) 0.5 + 0.1 * e # keVnr
  edges <- c(2, 5, 10, 20)
  d <- cevns_detector(src, "Na", mass_t = 0.01, distance_m = 20, threshold_kevnr = 1,
                      bin_edges_kevnr = edges, resolution = sig)
  expect_output(print(d), "Gaussian resolution")
  # independently: the true-energy rate (threshold at 1 keVnr) folded in R
  # with the Gaussian bin probabilities
  m <- lmu_ltau()
  er_max <- 2 * (mmu / 2)^2 / (nucleus("Na")$isotopes$mass_gev * 1000 + mmu) * 1000
  rate <- function(e) spallation_rate(d, m, 1e-3, 20, e)
  smeared <- vapply(1:3, function(i) {
    f <- function(e) rate(e) * (stats::pnorm((edges[i + 1] - e) / sig(e)) -
                                  stats::pnorm((edges[i] - e) / sig(e)))
    kinks <- 2 * c(el, mmu / 2)^2 / (nucleus("Na")$isotopes$mass_gev * 1000 + 2 * c(el, mmu / 2)) * 1000
    pts <- sort(unique(c(1, edges[i], edges[i + 1], kinks[kinks < er_max], er_max)))
    sum(vapply(seq_len(length(pts) - 1L), function(k) {
      stats::integrate(f, pts[k], pts[k + 1], rel.tol = 1e-9)$value
    }, 0))
  }, 0)
  expect_equal(expected_counts(d, m, 1e-3, 20)$counts, smeared, tolerance = 1e-6)
  # count terms hold with smearing too
  tt <- count_terms(d, m, 20)
  expect_equal(as.vector(tt[, , 1] %*% (1e-3^attr(tt, "powers"))),
               expected_counts(d, m, 1e-3, 20)$counts, tolerance = 1e-10)
  # one bin over everything: smearing moves events, it does not make them
  # (a 5 % resolution puts nothing below 1e-3 keVnr from a 1 keVnr threshold)
  wide <- update(d, bin_edges_kevnr = c(1e-3, 1e4), resolution = function(e) 0.05 * e)
  sharp <- update(d, bin_edges_kevnr = c(1, 1e4), resolution = NULL)
  expect_equal(sm_counts(wide)$counts, sm_counts(sharp)$counts, tolerance = 1e-7)
  # a very fine resolution reproduces the unsmeared counts
  fine <- update(d, resolution = function(e) rep(1e-4, length(e)))
  expect_equal(sm_counts(fine)$counts, sm_counts(update(d, resolution = NULL))$counts,
               tolerance = 1e-4)
  cls <- "muonphilic_error_input"
  expect_error(update(d, resolution = function(e) -e), class = cls)
  expect_error(update(d, resolution = 0.5), class = cls)
  expect_error(update(d, threshold_kevnr = 0), class = cls)
})
