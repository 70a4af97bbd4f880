# CEvNS at spallation sources (Sect. 4, Eqs. 31-34, Table 2).

mmu <- 105.6583745 # MeV
mpi <- 139.57039
na <- 6.02214076e23

test_that("each pi-DAR flux integrates to r per POT; line at 29.79 MeV", {
  r <- 0.3
  for (fl in c("anti_nu_mu", "nu_e")) {
    f <- function(e) spallation_flux(e, r = r)[[fl]]
    expect_equal(stats::integrate(f, 0, mmu / 2, rel.tol = 1e-12)$value, r,
                 tolerance = 1e-10)
    # nothing above the endpoint
    expect_equal(f(mmu / 2 * c(1 + 1e-9, 1.2, 2)), c(0, 0, 0))
  }
  # nu_e vanishes at m_mu/2; the anti-nu_mu (Michel) spectrum is maximal there
  fe <- spallation_flux(mmu / 2 * c(1 - 1e-6, 1), r = 1)
  expect_equal(fe$nu_e[1], 24e-6 / mmu, tolerance = 1e-5) # linear zero
  expect_equal(fe$nu_e[2], 0)
  e <- mmu / 2 * c(0.9, 0.99, 1)
  expect_true(all(diff(spallation_flux(e)$anti_nu_mu) > 0))
  expect_equal(spallation_flux(mmu / 2)$anti_nu_mu, 4 / mmu, tolerance = 1e-12)
  pr <- attr(spallation_flux(10, r = r), "prompt")
  expect_equal(pr[["enu_mev"]], (mpi^2 - mmu^2) / (2 * mpi), tolerance = 1e-12)
  expect_equal(round(pr[["enu_mev"]], 2), 29.79)
  expect_equal(pr[["per_pot"]], r)
})

# Eq. 32 done independently in R: nested stats::integrate over cevns_xsec.
counts_by_hand <- function(det, model, g, mass_mev, lo, hi, eff = function(e) 1) {
  nuc <- nucleus("Ar40")
  M <- nuc$isotopes$mass_gev * 1000 # MeV
  el <- (mpi^2 - mmu^2) / (2 * mpi)
  expo <- det$mass_t * 1e6 * na / 40 * det$r * det$pot_per_year * det$years /
    (4 * pi * (det$baseline_m * 100)^2)
  rate <- function(er) {
    vapply(er, function(e) {
      erm <- e / 1000 # MeV
      emin <- (erm + sqrt(erm^2 + 2 * M * erm)) / 2
      prompt <- if (el > emin) cevns_xsec(nuc, model, g, mass_mev, "mu", el, e) else 0
      dl <- if (emin < mmu / 2) {
        fmu <- function(en) spallation_flux(en)$anti_nu_mu *
          cevns_xsec(nuc, model, g, mass_mev, "mu", en, e)
        fe <- function(en) spallation_flux(en)$nu_e *
          cevns_xsec(nuc, model, g, mass_mev, "e", en, e)
        stats::integrate(fmu, emin, mmu / 2, rel.tol = 1e-10)$value +
          stats::integrate(fe, emin, mmu / 2, rel.tol = 1e-10)$value
      } else 0
      eff(e) * (prompt + dl)
    }, 0)
  }
  el_kev <- 2 * el^2 / (M + 2 * el) * 1000
  pts <- sort(unique(c(lo, el_kev[el_kev > lo & el_kev < hi], hi)))
  s <- 0
  for (i in seq_len(length(pts) - 1L)) {
    s <- s + stats::integrate(rate, pts[i], pts[i + 1], rel.tol = 1e-9)$value
  }
  expo * s
}

test_that("counts agree with Eq. 32 integrated independently in R", {
  ess <- spallation_detector("ESS")
  bp <- benchmark_points()
  got <- expected_counts(ess, lmu_ltau(), c(0, bp$g[1]), c(1, bp$mass_mev[1]))
  for (k in 1:2) {
    g <- c(0, bp$g[1])[k]
    want <- counts_by_hand(ess, lmu_ltau(), g, 15, 40, 60) # the bin holding the line endpoint
    expect_equal(got$counts[got$bin == 2][k], want, tolerance = 1e-7)
  }
  # CENNS610 with its quenched tanh efficiency
  cn <- spallation_detector("CENNS610", bin_edges_kevnr = c(15, 25))
  eff <- function(er) 0.5 * (1 + tanh((0.246 + 7.8e-4 * er) * er - 4))
  want <- counts_by_hand(cn, lmu_ltau(), 0, 1, 20, 25, eff)
  expect_equal(sm_counts(cn)$counts, want, tolerance = 1e-6)
})

test_that("the prompt line enters exactly: the rate jumps at its recoil endpoint", {
  ess <- spallation_detector("ESS")
  M <- nucleus("Ar40")$isotopes$mass_gev * 1000
  el <- (mpi^2 - mmu^2) / (2 * mpi)
  er0 <- 2 * el^2 / (M + 2 * el) * 1000 # keV
  d <- 1e-10 # the continuous part changes by O(d) across the jump
  r <- spallation_rate(ess, lmu_ltau(), 5e-4, 15, er0 * c(1 - d, 1 + d))
  expo <- ess$mass_t * 1e6 * na / 40 * ess$r * ess$pot_per_year /
    (4 * pi * (ess$baseline_m * 100)^2)
  jump <- expo * cevns_xsec("Ar40", lmu_ltau(), 5e-4, 15, "mu", el, er0 * (1 - d))
  expect_equal(r[1] - r[2], jump, tolerance = 1e-5)
})

test_that("count_terms reproduces expected_counts to 1e-10", {
  withr::local_options(muonphilic.rel_tol = 1e-12)
  masses <- c(3, 15, 60)
  gs <- c(2e-4, 7e-4, 3e-3)
  for (nm in c("ESS10", "CENNS610")) {
    det <- spallation_detector(nm)
    for (model in list(lmu_ltau(), lmu_ltau(mixing_fixed(-2e-5)), lmu())) {
      tt <- count_terms(det, model, masses)
      expect_equal(dim(tt), c(4L, 3L, 3L))
      for (m in seq_along(masses)) {
        ec <- expected_counts(det, model, gs, masses[m])
        pred <- eval_terms(tt, gs, m)
        expect_equal(as.vector(pred), ec$counts, tolerance = 1e-10)
      }
    }
  }
  expect_equal(attr(count_terms(spallation_detector("CCM"), lmu_ltau(), 10), "powers"),
               c(0, 2, 4))
  expect_equal(attr(count_terms(spallation_detector("CCM"), lmu_ltau(mixing_fixed(1e-5)), 10),
                    "powers"), c(0, 1, 2))
})

test_that("loop mixing: count_terms agrees with expected_counts", {
  det <- spallation_detector("ESS")
  ml <- lmu_ltau(mixing_loop())
  tt <- count_terms(det, ml, 20)
  ec <- expected_counts(det, ml, 6e-4, 20)
  expect_equal(as.vector(eval_terms(tt, 6e-4)), ec$counts, tolerance = 1e-7)
  # eps(q^2) differs from -g/70 only slightly at these momentum transfers
  er <- expected_counts(det, lmu_ltau(), 6e-4, 20)$counts
  expect_equal(ec$counts, er, tolerance = 1e-3)
})

test_that("A' terms: all BPs give a deficit; counts depend on g * eps only", {
  bp <- benchmark_points()
  for (nm in spallation_detectors()$name) {
    det <- spallation_detector(nm)
    sm <- sm_counts(det)$counts
    ec <- expected_counts(det, lmu_ltau(), bp$g, bp$mass_mev)
    tot <- tapply(ec$counts, ec$mass_mev, sum)
    expect_true(all(tot < sum(sm)))
    tt <- count_terms(det, lmu_ltau(), bp$mass_mev)
    expect_true(all(tt[, "interference", ] < 0))
    expect_true(all(tt[, "aprime", ] > 0))
    expect_equal(tt[, "sm", 1], sm, tolerance = 1e-10)
    # Lmu and LmuLtau give identical CEvNS counts at equal g * eps (nu_tau flux 0)
    expect_equal(count_terms(det, lmu(), bp$mass_mev), tt, tolerance = 1e-12)
  }
  ess <- spallation_detector("ESS10")
  a <- expected_counts(ess, lmu_ltau(mixing_fixed(-1e-5)), 1e-3, 20)$counts
  b <- expected_counts(ess, lmu_ltau(mixing_fixed(-5e-6)), 2e-3, 20)$counts
  expect_equal(a, b, tolerance = 1e-10)
  # constructive interference for a positive mixing
  c <- expected_counts(ess, lmu_ltau(mixing_fixed(+1e-5)), 1e-3, 20)$counts
  expect_true(all(c > sm_counts(ess)$counts))
})

test_that("SM counts scale with exposure and are stable under tighter tolerance", {
  ess <- spallation_detector("ESS")
  sm <- sm_counts(ess)$counts
  big <- spallation_detector("ESS", mass_t = 2, years = 3, r = 0.6,
                             pot_per_year = 1.4e23, baseline_m = 40)
  expect_equal(sm_counts(big)$counts, sm * 2 * 3 * 2 * 0.5 / 4, tolerance = 1e-12)
  for (nm in spallation_detectors()$name) {
    det <- spallation_detector(nm)
    t1 <- withr::with_options(list(muonphilic.rel_tol = 1e-6), sm_counts(det)$counts)
    t2 <- withr::with_options(list(muonphilic.rel_tol = 1e-8), sm_counts(det)$counts)
    t3 <- withr::with_options(list(muonphilic.rel_tol = 1e-10), sm_counts(det)$counts)
    expect_equal(t1, t2, tolerance = 1e-4)
    expect_equal(t2, t3, tolerance = 1e-4)
  }
  # threshold: events below it are dropped
  thr <- spallation_detector("ESS", threshold_kevnr = 30)
  expect_equal(sm_counts(thr)$counts[2:4], sm[2:4], tolerance = 1e-10)
  expect_lt(sm_counts(thr)$counts[1], sm[1])
  # more events at lower energy: a falling spectrum
  expect_true(all(diff(sm) < 0))
})

test_that("background, statistic and the chi^2", {
  det <- spallation_detector("CENNS610")
  expect_equal(background_counts(det), 0.1 * sm_counts(det)$counts)
  s <- statistic(det)
  expect_identical(s, stat_chi2_pull(0.085))
  expect_identical(statistic(spallation_detector("ESS")), stat_chi2_pull(0.05))
  # SM data against the SM: chi^2 = 0
  sm <- sm_counts(det)$counts
  expect_equal(as.numeric(chi2_pull(sm, sm, background_counts(det), 0.085)), 0)
})

test_that("Table 2 presets", {
  tab <- spallation_detectors()
  expect_equal(tab$name, c("CENNS610", "ESS10", "CCM", "ESS"))
  expect_equal(tab$mass_t, c(0.61, 0.01, 7, 1))
  expect_equal(tab$r, c(0.08, 0.3, 0.0425, 0.3))
  expect_equal(tab$baseline_m, c(28.4, 20, 20, 20))
  expect_equal(tab$pot_per_year, c(1.5, 2.8, 0.177, 2.8) * 1e23)
  expect_equal(tab$sigma_sys, c(0.085, 0.05, 0.05, 0.05))
  expect_equal(spallation_detector("ESS10")$bin_edges_kev, 10^seq(-1, 2, length.out = 5))
  expect_equal(spallation_detector("CCM")$threshold_kev, 20)
})

test_that("spectra and the Fig. 6 plot", {
  s <- spallation_spectra(c("CCM", "ESS10"), type = "binned")
  expect_s3_class(s, "muonphilic_spallation_spectra")
  expect_equal(nrow(s), 2 * 5 * 4)
  d <- spallation_spectra("ESS", type = "differential", n_grid = 5)
  expect_equal(nrow(d), 25)
  # the differential rate integrates to the binned counts
  ess <- spallation_detector("ESS")
  f <- function(e) spallation_rate(ess, lmu_ltau(), 0, 1, e)
  expect_equal(stats::integrate(f, 60, 80, rel.tol = 1e-10)$value,
               sm_counts(ess)$counts[3], tolerance = 1e-8)
  skip_if_not_installed("ggplot2")
  expect_s3_class(ggplot2::autoplot(s), "ggplot")
  expect_s3_class(ggplot2::autoplot(d), "ggplot")
})

test_that("spallation bad inputs give classed errors", {
  cls <- "muonphilic_error_input"
  expect_error(spallation_detector("COHERENT"), class = cls)
  expect_error(spallation_detector("ESS", mass_t = -1), class = cls)
  expect_error(spallation_detector("ESS", years = -1), class = cls)
  expect_error(spallation_detector("ESS", years = 0), class = cls)
  expect_error(spallation_detector("ESS", mass_t = NA), class = cls)
  expect_error(spallation_detector("ESS", bin_edges_kevnr = c(20, 60, 40)), class = cls)
  expect_error(spallation_detector("ESS", bin_edges_kevnr = c(20, 20, 40)), class = cls)
  expect_error(spallation_detector("ESS", bin_edges_kevnr = 20), class = cls)
  expect_error(spallation_detector("ESS", threshold_kevnr = 150), class = cls)
  expect_error(spallation_detector("ESS", threshold_kevnr = NA), class = cls)
  expect_error(spallation_detector("ESS", efficiency = function(e) e), class = cls)
  expect_error(spallation_detector("ESS", efficiency = "flat"), class = cls)
  ess <- spallation_detector("ESS")
  expect_error(expected_counts(ess, lmu_ltau(), NA, 15), class = cls)
  expect_error(expected_counts(ess, lmu_ltau(), 1e-3, -15), class = cls)
  expect_error(expected_counts(ess, lmu_ltau(), 1e-3, c(1, 2, 3)), NA)
  expect_error(expected_counts(ess, lmu_ltau(), c(1e-3, 2e-3), c(1, 2, 3)), class = cls)
  expect_error(count_terms(ess, lmu_ltau(), numeric(0)), class = cls)
  expect_error(count_terms(ess, "LmuLtau", 10), class = cls)
  expect_error(spallation_flux(-1), class = cls)
  expect_error(spallation_spectra("COHERENT"), class = cls)
  expect_error(sm_counts(42), class = cls)
  expect_snapshot(spallation_detector("ESS", threshold_kevnr = 150), error = TRUE)
  expect_snapshot(spallation_detector("COHERENT"), error = TRUE)
})

test_that("the 90% CL coupling bound solves chi^2 = 2.71 with direct counts", {
  ccm <- spallation_detector("CCM")
  g90 <- muonphilic:::spallation_g_limit(ccm, lmu_ltau(), 15)
  sm <- sm_counts(ccm)$counts
  pred <- expected_counts(ccm, lmu_ltau(), g90, 15)$counts
  expect_equal(as.numeric(chi2_pull(sm, pred, 0.1 * sm, 0.05)), 2.71, tolerance = 1e-6)
  pred_lo <- expected_counts(ccm, lmu_ltau(), 0.9 * g90, 15)$counts
  expect_lt(as.numeric(chi2_pull(sm, pred_lo, 0.1 * sm, 0.05)), 2.71)
})

test_that("the paper's statements on Sect. 4 hold (claims table)", {
  cl <- muonphilic:::paper_claims_spallation(quick = TRUE)
  expect_true(all(cl$agrees), info = paste(cl$claim[!cl$agrees], collapse = "; "))
  skip_if_not_installed("ggplot2")
  expect_s3_class(muonphilic:::paper_figure_06(quick = TRUE), "ggplot")
})

test_that("an isotopic-mix target is the abundance-weighted sum of its isotopes", {
  xe <- nucleus("Xe")
  edges <- c(1, 5, 20)
  per_target <- function(tg) {
    d <- spallation_detector("ESS", target = tg, bin_edges_kevnr = edges, threshold_kevnr = 1)
    expected_counts(d, lmu_ltau(), 5e-4, 15)$counts / tg$targets_per_tonne
  }
  parts <- sapply(seq_len(nrow(xe$isotopes)), function(j) {
    per_target(nucleus(paste0("Xe", xe$isotopes$A[j])))
  })
  expect_equal(per_target(xe), as.vector(parts %*% xe$isotopes$abundance), tolerance = 1e-7)
})
