# Solar-neutrino NR and ER rates in xenon without detector effects (Eq. 35).

year <- 3.15576e7
flav <- c("e", "mu", "tau")
b8_knots <- c(0.02, 0.1, 0.24, 0.5, seq(1, 16, by = 0.5))

# Eq. 35 for one continuum component, done with integrate() over E_nu.
nr_direct <- function(model, g, mass, er, comp, emax, nuc) {
  emin <- (er * 1e-6 + sqrt((er * 1e-6)^2 + 2 * nuc$isotopes$mass_gev * er * 1e-6)) / 2 * 1e3
  f <- function(e) {
    p <- flavour_probabilities(e, comp)
    tot <- 0
    for (a in 1:3) tot <- tot + p[[2 + a]] * cevns_xsec(nuc, model, g, mass, flav[a], e, er)
    solar_flux(e, comp)$flux * tot
  }
  brk <- sort(unique(c(emin, if (comp == "8B") b8_knots[b8_knots > emin], emax)))
  s <- 0
  for (i in seq_len(length(brk) - 1)) {
    s <- s + stats::integrate(f, brk[i], brk[i + 1], rel.tol = 1e-11, abs.tol = 0)$value
  }
  s * nuc$targets_per_tonne * year
}

test_that("NR rate equals an independent integrate() of Eq. 35 with Eq. 33", {
  xe <- nucleus("Xe131")
  for (case in list(list(lmu_ltau(), 0), list(lmu_ltau(), 5e-4), list(lmu(), 5e-4))) {
    for (er in c(1, 3)) {
      want <- nr_direct(case[[1]], case[[2]], 15, er, "8B", 16.56, xe) +
        nr_direct(case[[1]], case[[2]], 15, er, "hep", 18.784, xe)
      got <- xenon_rate(case[[1]], case[[2]], 15, er, "NR", c("8B", "hep"), target = xe)
      expect_equal(got$rate[got$component == "total"], want, tolerance = 1e-7)
    }
  }
})

test_that("ER rate equals an independent integral with the lines summed exactly", {
  xe <- nucleus("Xe")
  er_direct <- function(model, g, t) {
    f <- function(e, comp) {
      p <- flavour_probabilities(e, comp)
      tot <- 0
      for (a in 1:3) tot <- tot + p[[2 + a]] * electron_xsec(model, g, 15, flav[a], e, t)
      solar_flux(e, comp)$flux * tot
    }
    emin <- (t * 1e-3 + sqrt((t * 1e-3)^2 + 2 * 0.51099895 * t * 1e-3)) / 2
    cont <- stats::integrate(f, emin, 0.4234, comp = "pp", rel.tol = 1e-11, abs.tol = 0)$value
    ln <- solar_lines()
    ln <- ln[ln$component == "7Be", ]
    lines <- 0
    for (i in seq_len(nrow(ln))) {
      p <- flavour_probabilities(ln$enu_mev[i], "7Be")
      lines <- lines + ln$flux[i] * sum(vapply(1:3, function(a) p[[2 + a]] *
        electron_xsec(model, g, 15, flav[a], ln$enu_mev[i], t), 0))
    }
    (cont + lines) * xe$targets_per_tonne * bound_electrons(t) * year
  }
  for (g in c(0, 5e-4)) {
    for (t in c(0.5, 10)) {
      got <- xenon_rate(lmu_ltau(), g, 15, t, "ER", c("pp", "7Be"), target = xe)
      expect_equal(got$rate[got$component == "total"], er_direct(lmu_ltau(), g, t),
                   tolerance = 1e-7)
    }
  }
})

test_that("per-mass coefficients reproduce the direct computation to 1e-10", {
  withr::local_options(muonphilic.rel_tol = 1e-10)
  models <- list(lmu_ltau(), lmu(), lmu_ltau(mixing_loop()), lmu(mixing_fixed(-4e-6)),
                 hidden_photon(c(e = 1, mu = -1, tau = 0), name = "Le-Lmu"))
  masses <- c(15, 60)
  for (ch in c("NR", "ER")) {
    er <- if (ch == "NR") c(0.3, 1, 4) else c(0.5, 5, 40)
    for (mod in models) {
      tm <- muonphilic:::xenon_rate_terms(mod, masses, er, ch)
      expect_equal(dim(tm), c(3L, 3L, 2L))
      pw <- attr(tm, "powers")
      expect_equal(pw, if (mod$mixing$type == "fixed") c(0, 1, 2) else c(0, 2, 4))
      for (g in c(5e-4, 4e-3)) {
        d <- muonphilic:::xenon_rate_direct(mod, g, masses, er, ch)
        for (m in 1:2) {
          expect_equal(as.vector(muonphilic:::eval_terms(tm, g, m)),
                       rowSums(d[, , m]), tolerance = 1e-10,
                       label = paste(ch, mod$name, g, masses[m]))
        }
      }
    }
  }
  # xenon_rate's totals are the same polynomial
  r <- xenon_rate(lmu(), 4e-3, 60, c(0.3, 1, 4), "NR")
  tm <- muonphilic:::xenon_rate_terms(lmu(), 60, c(0.3, 1, 4), "NR")
  expect_equal(r$rate[r$component == "total"], as.vector(muonphilic:::eval_terms(tm, 4e-3)),
               tolerance = 1e-12)
})

test_that("the hep NR rate ends at 2 E_max^2 / M_N", {
  iso <- nucleus("Xe")$isotopes
  emax <- 18.784e-3
  er_end <- 2 * emax^2 / (iso$mass_gev + 2 * emax) * 1e6 # keV
  below <- min(er_end) * c(0.5, 0.9, 0.999)
  above <- max(er_end) * c(1.001, 1.2, 2)
  r <- xenon_rate(NULL, 0, 15, c(below, above), "NR", "hep")
  tot <- r$rate[r$component == "total"]
  expect_true(all(tot[1:3] > 0))
  expect_equal(tot[4:6], c(0, 0, 0))
  expect_true(all(diff(tot[1:3]) < 0))
  # and 8B ends at 2 (16.56 MeV)^2 / M_N
  end8 <- max(2 * 16.56e-3^2 / (iso$mass_gev + 2 * 16.56e-3)) * 1e6
  r8 <- xenon_rate(NULL, 0, 15, end8 * 1.001, "NR", "8B")
  expect_equal(r8$rate[r8$component == "total"], 0)
})

test_that("SM NR scales with the weak charge; fluxes and isotopes add up", {
  xe <- nucleus("Xe131")
  a <- xenon_rate(NULL, 0, 15, 1, "NR", target = xe)
  b <- xenon_rate(NULL, 0, 15, 1, "NR", target = xe, sin2_theta_w = 0.23122)
  qw <- function(s) (77 - (1 - 4 * s) * 54)^2
  nz <- a$rate > 0
  expect_true(sum(nz) >= 3)
  expect_equal(b$rate[nz] / a$rate[nz], rep(qw(0.23122) / qw(0.2387), sum(nz)),
               tolerance = 1e-12)
  expect_equal(b$rate[!nz], a$rate[!nz])
  f2 <- xenon_rate(NULL, 0, 15, 1, "NR", "8B", target = xe, flux = c(`8B` = 2 * 5.46e6))
  expect_equal(f2$rate, 2 * a$rate[a$component %in% c("8B", "total")][1] * c(1, 1))
  # natural xenon = abundance-weighted isotopes (per atom)
  nat <- nucleus("Xe")
  tot <- 0
  for (i in seq_len(nrow(nat$isotopes))) {
    one <- nucleus(nat$isotopes$isotope[i])
    r <- xenon_rate(NULL, 0, 15, 2, "NR", target = one)
    tot <- tot + nat$isotopes$abundance[i] * r$rate[r$component == "total"] /
      one$targets_per_tonne
  }
  r <- xenon_rate(NULL, 0, 15, 2, "NR", target = nat)
  expect_equal(r$rate[r$component == "total"], tot * nat$targets_per_tonne, tolerance = 1e-12)
})

test_that("binding steps reduce the ER rate only below 34.6 keV; RRPA scales it", {
  free <- data.frame(binding_ev = 1e-6, electrons = 54)
  e <- c(0.1, 1, 10, 30, 34.5, 34.8, 40, 60)
  bound <- xenon_rate(NULL, 0, 15, e, "ER", rrpa = FALSE)
  unbound <- xenon_rate(NULL, 0, 15, e, "ER", rrpa = FALSE, shells = free)
  ratio <- bound$rate[bound$component == "total"] / unbound$rate[unbound$component == "total"]
  expect_true(all(ratio[e < 34.6] < 1))
  expect_equal(ratio[e > 34.76], rep(1, 3), tolerance = 1e-14)
  rr <- xenon_rate(NULL, 0, 15, e, "ER")
  expect_equal(rr$rate / bound$rate, rep(bound_electrons(e) / bound_electrons(e, FALSE),
                                         length(unique(rr$component))), tolerance = 1e-12)
})

test_that("BP1: LmuLtau NR above SM, Lmu NR below SM (second octant); ER above SM", {
  er <- c(0.5, 1, 2, 3)
  tot <- function(mod, g, ch, e, osc = "nufit50") {
    r <- xenon_rate(mod, g, 15, e, ch, oscillation = osc)
    r$rate[r$component == "total"]
  }
  sm <- tot(lmu_ltau(), 0, "NR", er)
  for (osc in c("nufit50", "desalas2020")) {
    expect_true(all(tot(lmu_ltau(), 5e-4, "NR", er, osc) > tot(lmu_ltau(), 0, "NR", er, osc)))
    expect_true(all(tot(lmu(), 5e-4, "NR", er, osc) < tot(lmu(), 0, "NR", er, osc)))
  }
  # with th23 < 45 deg (nufit60) LmuLtau falls slightly below the SM
  r60 <- tot(lmu_ltau(), 5e-4, "NR", er, "nufit60") / tot(lmu_ltau(), 0, "NR", er, "nufit60")
  expect_true(all(r60 < 1 & r60 > 0.9))
  ee <- c(0.5, 5, 25)
  sme <- tot(lmu(), 0, "ER", ee)
  expect_true(all(tot(lmu_ltau(), 5e-4, "ER", ee) > sme))
  expect_true(all(tot(lmu(), 5e-4, "ER", ee) > sme))
})

test_that("xenon_rate is tidy and rejects bad inputs", {
  r <- xenon_rate(lmu(), c(0, 5e-4), 15, c(1, 2), "NR", c("8B", "hep"))
  expect_s3_class(r, "muonphilic_xenon_rate")
  expect_equal(nrow(r), 2 * 2 * 3)
  expect_setequal(unique(r$component), c("8B", "hep", "total"))
  t <- r[r$g == 5e-4, ]
  expect_equal(t$rate[t$component == "total"],
               t$rate[t$component == "8B"] + t$rate[t$component == "hep"])
  expect_match(attr(r, "unit"), "keVnr")
  expect_error(xenon_rate(lmu(), 0, 15, 1, "NR", "9B"), class = "muonphilic_error_input")
  expect_error(xenon_rate(lmu(), 0, 15, -1, "NR"), class = "muonphilic_error_input")
  expect_error(xenon_rate(lmu(), NA, 15, 1, "NR"), class = "muonphilic_error_input")
  expect_error(xenon_rate(lmu(), 0, 0, 1, "NR"), class = "muonphilic_error_input")
  expect_error(xenon_rate(lmu(), 0, 15, 1, "XR"), class = "muonphilic_error_input")
  expect_error(xenon_rate(lmu(), 0, 15, 1, "NR", target = "Foo"), class = "muonphilic_error_input")
  expect_error(xenon_rate(lmu(), c(0, 1, 2), c(15, 20), 1), class = "muonphilic_error_input")
  expect_error(xenon_rate(lmu(), 0, 15, 1, oscillation = "nufit"), class = "muonphilic_error_input")
  expect_error(muonphilic:::xenon_rate_terms(lmu(), -15, 1, "NR"), class = "muonphilic_error_input")
  expect_snapshot(xenon_rate(lmu(), 0, 15, numeric(), "ER"), error = TRUE)
})

test_that("Fig. 10, its autoplot and the Sect. 5 claims", {
  skip_if_not_installed("ggplot2")
  p <- muonphilic:::paper_figure_10(quick = TRUE)
  expect_s3_class(p, "ggplot")
  expect_setequal(levels(p$data$curve), c("SM", "LmuLtau BP1", "Lmu BP1", "background (DARWIN)"))
  r <- rbind(xenon_rate(lmu_ltau(), c(0, 5e-4), 15, c(0.5, 1, 2), "NR"),
             xenon_rate(lmu(), 5e-4, 15, c(0.5, 1, 2), "NR"))
  expect_s3_class(ggplot2::autoplot(r), "ggplot")
  cl <- muonphilic:::paper_claims_solar(quick = TRUE)
  expect_named(cl, c("claim", "paper", "ours", "agrees", "preset"))
  key <- grepl("^BP1", cl$claim)
  expect_true(all(cl$agrees[key]))
  # the DARWIN background curve: 2vbb of Xe-136 integrates to N ln2 / T_half,
  # N = Xe-136 atoms per tonne of natural xenon (131.293 g/mol, 8.857 %)
  n136 <- 1e6 / 131.293 * 6.02214076e23 * 0.08857
  expect_equal(stats::integrate(double_beta_spectrum, 0, 2457.83, rel.tol = 1e-10)$value,
               n136 * log(2) / 2.165e21, tolerance = 1e-8)
  expect_error(xenon_rate(NULL, 1e-3, 15, 1), class = "muonphilic_error_input")
})

# max elementwise relative difference (0 where both vanish)
max_rel <- function(a, b) {
  a <- as.vector(a)
  b <- as.vector(b)
  s <- pmax(abs(a), abs(b))
  max(ifelse(s == 0, 0, abs(a - b) / s))
}

test_that("cached flux folds give the direct path's rates to 1e-12, per component", {
  withr::local_options(muonphilic.rel_tol = 1e-10)
  muonphilic:::xenon_fold_cache_clear()
  models <- list(lmu_ltau(), lmu(), lmu_ltau(mixing_loop()), lmu(mixing_fixed(-4e-6)))
  masses <- c(0.7, 15, 200)
  gs <- c(2e-4, 5e-4, 4e-3)
  for (ch in c("NR", "ER")) {
    er <- if (ch == "NR") c(0.2, 1, 4) else c(0.5, 5, 40)
    for (mod in models) {
      tm <- muonphilic:::xenon_rate_terms(mod, masses, er, ch, by_component = TRUE)
      # a second model reuses the fold: same numbers as a fresh fold
      tm2 <- muonphilic:::xenon_rate_terms(mod, masses, er, ch, by_component = TRUE)
      expect_identical(tm2, tm)
      pw <- attr(tm, "powers")
      sum_terms <- muonphilic:::xenon_rate_terms(mod, masses, er, ch)
      expect_lt(max_rel(sum_terms, apply(tm, c(1, 3, 4), sum)), 1e-12)
      a <- expand.grid(g = gs, m = seq_along(masses))
      d <- muonphilic:::xenon_rate_direct(mod, a$g, masses[a$m], er, ch)
      for (j in seq_len(nrow(a))) {
        fold <- vapply(seq_len(8), function(c) {
          as.vector(matrix(tm[, c, , a$m[j]], nrow = length(er)) %*% a$g[j]^pw)
        }, numeric(length(er)))
        expect_lt(max_rel(fold, d[, , j]), 1e-12,
                  label = paste(ch, mod$name, mod$mixing$type, a$g[j], masses[a$m[j]]))
      }
    }
  }
  # both stages in one C call (no cache) agree as well
  s <- muonphilic:::xenon_rate_setup(lmu_ltau(), c(0.2, 1, 4), "NR", "all", nucleus("Xe"),
                                     0.2387, TRUE, oscillation_parameters())
  once <- .Call(muonphilic:::ffi_xenon_rate, muonphilic:::model_spec(s$model), s$spec,
                s$use, 0, s$recoil_kev, masses / 1000, NULL, s$sin2w, s$iso, s$npt,
                s$shells, s$rrpa, s$npt, 1e-10)
  tm <- muonphilic:::xenon_rate_terms(lmu_ltau(), masses, c(0.2, 1, 4), "NR", by_component = TRUE)
  expect_lt(max_rel(once, tm), 1e-12)
})

test_that("the fold cache key covers every input of the folds, and the cache is bounded", {
  muonphilic:::xenon_fold_cache_clear()
  total <- function(...) {
    tm <- muonphilic:::xenon_rate_terms(lmu(), 15, ...)
    as.vector(muonphilic:::eval_terms(tm, 5e-4))
  }
  direct <- function(...) rowSums(muonphilic:::xenon_rate_direct(lmu(), 5e-4, 15, ...)[, , 1])
  # each variant comes after the base case with the cache warm: a key that
  # missed an input would hand back the base fold
  variants <- list(
    list(c(0.5, 2), "NR"),
    list(c(0.5, 2.5), "NR"),
    list(c(0.5, 2), "NR", components = "8B"),
    list(c(0.5, 2), "NR", target = nucleus("Xe131")),
    list(c(0.5, 2), "NR", sin2_theta_w = 0.23122),
    list(c(0.5, 2), "NR", oscillation = "desalas2020"),
    list(c(0.5, 2), "NR", flux = c(`8B` = 6e6)),
    list(c(0.5, 2), "NR", solar_model = "exponential", production = "mean"),
    list(c(0.5, 2), "NR", solar_model = "exponential", ne_center = 200),
    list(c(1, 10), "ER"),
    list(c(1, 10), "ER", rrpa = FALSE),
    list(c(1, 10), "ER", shells = data.frame(binding_ev = 1e-6, electrons = 54)),
    list(c(1, 10), "ER", target = nucleus("Xe131")),
    list(c(1, 10), "ER", sin2_theta_w = 0.23122))
  got <- lapply(variants, function(v) do.call(total, v))
  for (i in seq_along(variants)) {
    expect_lt(max_rel(got[[i]], do.call(direct, variants[[i]])), 1e-12, label = paste("variant", i))
  }
  # the variants really differ (else the check above could not fail)
  expect_true(all(vapply(c(2:9), function(i) max_rel(got[[i]], got[[1]]) > 1e-6, TRUE)))
  expect_true(all(vapply(c(11:14), function(i) max_rel(got[[i]], got[[10]]) > 1e-6, TRUE)))
  # a changed tolerance is a new fold
  n <- length(muonphilic:::xenon_fold_cache$entries)
  withr::with_options(list(muonphilic.rel_tol = 1e-9), total(c(0.5, 2), "NR"))
  expect_equal(length(muonphilic:::xenon_fold_cache$entries), n + 1L)
  # bounded: the oldest folds are dropped
  mx <- muonphilic:::xenon_fold_cache_max
  for (e in seq(1, 2, length.out = mx + 5)) total(e, "NR", components = "8B")
  expect_equal(length(muonphilic:::xenon_fold_cache$entries), mx)
  muonphilic:::xenon_fold_cache_clear()
  expect_length(muonphilic:::xenon_fold_cache$entries, 0)
})
