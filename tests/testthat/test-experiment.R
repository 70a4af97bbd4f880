# The experiment contract (R/experiment.R): one constructor, statistic
# objects, validating generics, one counts frame, background computed once.

test_that("every experiment is c(\"muonphilic_<kind>\", \"muonphilic_experiment\")", {
  cases <- list(
    na64mu = list(na64mu(), "GeV"),
    cevns = list(cevns_detector(pidar_source(), "Ar40", mass_t = 0.01, distance_m = 20,
                                threshold_kevnr = 5), "keVnr"),
    xenon = list(xenon_detector("DARWIN", analysis = "ER", n_bins = 2L, n_grid = 121L), "keVee"),
    gm2_likelihood = list(gm2_likelihood("wp2025"), "1e-11 (Delta a_mu)"))
  for (kind in names(cases)) {
    x <- cases[[kind]][[1]]
    expect_identical(tail(class(x), 2), c(paste0("muonphilic_", kind), "muonphilic_experiment"),
                     info = kind)
    ec <- expected_counts(x, lmu_ltau(), 5e-4, 15)
    # the bins of the counts frame are the experiment's declared bins
    expect_identical(attr(ec, "unit"), cases[[kind]][[2]], info = kind)
    expect_length(background_counts(x), nrow(ec))
    expect_s3_class(statistic(x), "muonphilic_statistic")
  }
  ess <- spallation_detector("ESS")
  expect_s3_class(ess, c("muonphilic_spallation", "muonphilic_cevns", "muonphilic_experiment"),
                  exact = TRUE)
  ec <- expected_counts(ess, lmu_ltau(), c(0, 5e-4), 15)
  expect_equal(ec$lower, rep(c(20, 40, 60, 80), 2))
  expect_equal(ec$upper, rep(c(40, 60, 80, 100), 2))
})

test_that("statistic objects: kinds, parameters, printing and bad input", {
  expect_identical(stat_poisson()$kind, "poisson")
  s <- stat_chi2_pull(0.05)
  expect_identical(s$kind, "chi2_pull")
  expect_identical(s$parameters$sigma, 0.05)
  expect_identical(stat_custom(c("a", "b"))$parameters$nuisance, c("a", "b"))
  expect_output(print(s), "sigma = 0.05")
  expect_output(print(stat_poisson()), "Eq. 28")
  expect_output(print(stat_custom("flux")), "flux")
  expect_identical(statistic(spallation_detector("CENNS610")), stat_chi2_pull(0.085))
  expect_identical(statistic(cevns_detector(pidar_source(), "Ge", mass_t = 0.01, distance_m = 20,
                                            sigma_sys = 0.2)), stat_chi2_pull(0.2))
  expect_identical(statistic(na64mu()), stat_poisson())
  for (bad in list(-0.1, NA, c(0.1, 0.2), "0.1", Inf)) {
    expect_error(stat_chi2_pull(bad), class = "muonphilic_error_input")
  }
  expect_error(stat_custom(1), class = "muonphilic_error_input")
  expect_error(stat_custom(NA_character_), class = "muonphilic_error_input")
})

test_that("the chi2_pull statistic object drives -2 ln L of Eq. 34 (independent formula)", {
  ess <- spallation_detector("ESS")
  sm <- sm_counts(ess)$counts
  obs <- sm * c(0.9, 1.05, 1.1, 0.97)
  b <- background_counts(ess)
  s <- statistic(ess)$parameters$sigma
  # Eq. 34 minimised over the pull alpha: a quadratic, solved in closed form
  v <- obs + b
  a_hat <- sum(sm * (obs - sm) / v) / (1 / s^2 + sum(sm^2 / v))
  ref <- sum((obs - (1 + a_hat) * sm)^2 / v) + (a_hat / s)^2
  expect_equal(minus2_loglik(ess, obs, sm), ref, tolerance = 1e-10)
})

test_that("generics validate their arguments once, before dispatch", {
  ess <- spallation_detector("ESS10")
  cls <- "muonphilic_error_input"
  expect_error(expected_counts(ess, lmu_ltau(), NA, 15), class = cls)
  expect_error(expected_counts(ess, lmu_ltau(), 1e-3, -15), class = cls)
  expect_error(expected_counts(ess, lmu_ltau(), c(1e-3, 2e-3, 3e-3), c(10, 20)), class = cls)
  expect_error(expected_counts(ess, "LmuLtau", 1e-3, 15), class = cls)
  expect_error(count_terms(ess, lmu_ltau(), numeric()), class = cls)
  expect_error(count_terms(ess, lmu_ltau(), Inf), class = cls)
  expect_error(background_counts(list()), class = cls)
  expect_error(statistic(lmu_ltau()), class = cls)
  forged <- structure(list(), class = c("my_thing", "muonphilic_experiment"))
  expect_error(background_counts(forged), class = cls)
  expect_error(statistic(forged), class = cls)
  expect_error(expected_counts(forged, lmu_ltau(), 1e-3, 15), class = cls)
  # an experiment edited behind its constructor's back is refused by the generic
  bad <- ess
  attr(bad, "mp_seal") <- NULL
  expect_error(background_counts(bad), class = cls)
})

test_that("the background is computed once, when the experiment is built", {
  ess <- spallation_detector("ESS")
  b <- background_counts(ess)
  # the stored value is what the counts give: 10 % of the SM
  expect_equal(b, 0.1 * sm_counts(ess)$counts, tolerance = 1e-14)
  # asking again integrates nothing: no count function is called
  trace("cevns_counts", quote(stop("recomputed")), print = FALSE,
        where = asNamespace("muonphilic"))
  expect_identical(background_counts(ess), b)
  untrace("cevns_counts", where = asNamespace("muonphilic"))
  # and it follows the arguments: 10 years give 10 times the background
  expect_equal(background_counts(update(ess, years = 10)), 10 * b, tolerance = 1e-12)
  expect_equal(background_counts(update(ess, background_fraction = 0.2)), 2 * b,
               tolerance = 1e-12)
  # xenon: a new analysis or threshold recomputes it
  d <- xenon_detector("DARWIN", analysis = "ER", n_bins = 2L, n_grid = 121L)
  b1 <- background_counts(d)
  expect_true(all(b1 > 0))
  expect_equal(background_counts(update(d, exposure_tyr = 2 * d$exposure_tyr)), 2 * b1,
               tolerance = 1e-12)
  expect_equal(background_counts(update(d, analysis = "NR")), c(0, 0))
  # one counting bin over the same window holds the sum of the two bins
  expect_equal(sum(background_counts(update(d, n_bins = 1L))), sum(b1), tolerance = 1e-10)
})

test_that("the coupling powers: 0, 1, 2 for a fixed eps, 0, 2, 4 when eps follows g", {
  expect_identical(coupling_powers(lmu_ltau()), c(0, 2, 4))
  expect_identical(coupling_powers(lmu_ltau(mixing_loop())), c(0, 2, 4))
  expect_identical(coupling_powers(lmu_ltau(mixing_fixed(-1e-5))), c(0, 1, 2))
  # and every experiment's count_terms() uses them: check it on counts,
  # N(2g) - N(0) against N(g) - N(0) for a fixed eps (no g^4 term)
  ge <- cevns_detector(pidar_source(), "Ge", mass_t = 0.01, distance_m = 20)
  for (m in list(lmu_ltau(mixing_fixed(-1e-5)), lmu_ltau())) {
    ct <- count_terms(ge, m, 15)
    expect_identical(attr(ct, "powers"), coupling_powers(m))
    ec <- expected_counts(ge, m, c(0, 1e-3, 2e-3), 15)$counts
    n <- matrix(ec, ncol = 3)
    direct <- n[, 2:3] - n[, 1]
    poly <- cbind(eval_terms(ct, 1e-3), eval_terms(ct, 2e-3)) - as.vector(eval_terms(ct, 0))
    expect_equal(direct, poly, tolerance = 1e-7)
  }
})
