# Integration: the scan layer on the real experiments, and reproduce_paper().

test_that("NA64mu alone cannot tell LmuLtau from Lmu below 2 m_mu (Sect. 3.2)", {
  exp <- list(NA64mu = na64mu(xsec = "paper"))
  bp <- benchmark_points()[1, ]
  data <- list(asimov(exp$NA64mu, lmu_ltau(), bp$g, bp$mass_mev))
  g <- 10^seq(-3.6, -2.8, length.out = 25)
  m <- 10^seq(0, log10(200), length.out = 15)  # below 2 m_mu = 211 MeV
  s1 <- scan_grid(exp, data, lmu_ltau(), g = g, mass_mev = m)
  s2 <- scan_grid(exp, data, lmu(), g = g, mass_mev = m)
  expect_equal(s1$total, s2$total, tolerance = 1e-10)
  d <- discriminate(exp, data, lmu_ltau(), lmu(), g = g, mass_mev = m, refine = FALSE)
  expect_lt(abs(d$delta_chi2), 1e-10)
})

test_that("CEvNS + NA64mu separate eps = -g/70 from eps = -g/10 at BP1 (Figs. 8-9)", {
  exps <- list(ESS = spallation_detector("ESS"), NA64mu = na64mu(xsec = "paper"))
  bp <- benchmark_points()[1, ]
  data <- lapply(exps, asimov, model = lmu_ltau(), g = bp$g, mass_mev = bp$mass_mev)
  g <- 10^seq(-4.5, -2.5, length.out = 40)
  m <- 10^seq(0, 3, length.out = 30)
  d <- discriminate(exps, data, lmu_ltau(), lmu_ltau(mixing_ratio(-1 / 10)),
                    g = g, mass_mev = m, refine = FALSE)
  # the true hypothesis fits perfectly on its own Asimov data; the wrong
  # mixing is in tension (the paper: the 95 % regions barely overlap)
  expect_lt(d$m2ll_truth, 0.5)
  expect_gt(d$delta_chi2, 4)
})

test_that("reproduce_paper() writes PNGs and a claims table", {
  skip_if_not_installed("ggplot2")
  dir <- withr::local_tempdir()
  # existing outputs are replaced only with overwrite = TRUE; others kept
  writeLines("old", file.path(dir, "claims.csv"))
  writeLines("keep", file.path(dir, "notes.txt"))
  expect_error(reproduce_paper(dir, quick = TRUE, figures = c(1, 4)),
               class = "muonphilic_error_input")
  out <- reproduce_paper(dir, quick = TRUE, figures = c(1, 4), overwrite = TRUE)
  expect_true(all(file.exists(file.path(dir, c("fig01.png", "fig04.png", "claims.csv")))))
  expect_equal(readLines(file.path(dir, "notes.txt")), "keep")
  expect_error(reproduce_paper(dir, quick = TRUE, figures = 1),
               class = "muonphilic_error_input", regexp = "fig01.png")
  claims <- utils::read.csv(file.path(dir, "claims.csv"))
  expect_setequal(names(claims), c("claim", "paper", "ours", "agrees", "preset"))
  expect_gt(nrow(claims), 10)
  expect_error(reproduce_paper(NA), class = "muonphilic_error_input")
  expect_error(reproduce_paper(dir, figures = 99), class = "muonphilic_error_input")
})

test_that("the registry lists every paper figure and claims function exactly once", {
  reg <- muonphilic:::paper_registry()
  ns <- asNamespace("muonphilic")
  figs <- ls(ns, pattern = "^paper_figure_[0-9]+$", all.names = TRUE)
  expect_setequal(as.integer(names(reg$figures)), as.integer(sub("paper_figure_", "", figs)))
  for (nm in names(reg$figures)) {
    expect_identical(reg$figures[[nm]], get(sprintf("paper_figure_%02d", as.integer(nm)), ns))
  }
  claims <- ls(ns, pattern = "^paper_claims_", all.names = TRUE)
  expect_setequal(paste0("paper_claims_", names(reg$claims)), claims)
  # the paper's figures 1 and 4-14
  expect_setequal(as.integer(names(reg$figures)), c(1, 4:14))
})
