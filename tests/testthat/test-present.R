# present_day(): real-data exclusions, (g-2)mu bands and what is allowed.

reg2 <- function() real_data_experiments()[c("NA64mu 2022", "g-2 (WP25)")]
gg <- 10^seq(-5, -1, length.out = 120)
mm <- 10^seq(0.5, 3, length.out = 12)

test_that("the registry builds experiments that carry observed data", {
  reg <- real_data_experiments()
  expect_true(all(c("NA64mu 2022", "g-2 (WP25)") %in% names(reg)))
  for (nm in names(reg)) {
    x <- reg[[nm]]()
    expect_true(inherits(x, "muonphilic_experiment"))
    expect_false(is.null(observed_counts(x)))
  }
})

test_that("limits per experiment and combined, bands and the still-allowed table", {
  out <- present_day(models = list(lmu_ltau(), lmu()), g = gg, mass_mev = mm,
                     experiments = reg2())
  lim <- out$limits
  expect_named(lim, c("model", "experiment", "mass_mev", "g_upper", "cl"))
  expect_setequal(unique(lim$experiment), c("NA64mu 2022", "g-2 (WP25)", "combined"))
  expect_true(all(c(10, 30, 100) %in% lim$mass_mev))
  # each experiment's limit is the one of a scan of that experiment alone
  s_alone <- scan_grid(list(na64mu_2022()), NULL, lmu_ltau(), g = gg,
                       mass_mev = sort(unique(c(mm, 10, 30, 100))))
  alone <- upper_limit(s_alone)
  got <- lim[lim$model == "LmuLtau" & lim$experiment == "NA64mu 2022", ]
  expect_equal(got$g_upper, alone$g_upper)
  # (g-2) alone: Delta a_mu(g_upper) = 38 + 1.645 * 64 (analytic, Eq. 13),
  # up to the grid interpolation in log g
  g2 <- lim[lim$model == "LmuLtau" & lim$experiment == "g-2 (WP25)" & lim$mass_mev == 30, ]
  expect_equal(delta_amu(lmu_ltau(), g2$g_upper, 30),
               (38 + sqrt(stats::qchisq(0.9, 1)) * 64) * 1e-11, tolerance = 5e-3)
  # still allowed: the combined limit at 10, 30, 100 MeV
  st <- out$still_allowed
  expect_equal(nrow(st), 6L)
  comb <- lim[lim$experiment == "combined", ]
  for (i in seq_len(nrow(st))) {
    expect_equal(st$g_max_allowed[i],
                 comb$g_upper[comb$model == st$model[i] & comb$mass_mev == st$mass_mev[i]])
  }
  b21 <- gm2_band(lmu_ltau(), c(10, 30, 100), "fnal2021", n_sigma = 2)
  expect_equal(st$band2021_low[1:3], b21$g_low)
  # bands: 2021 has two edges, 2025 (38 +- 64) only an upper one
  expect_setequal(unique(out$bands$measurement), c("fnal2021", "wp2025"))
  expect_true(all(out$bands$g_low[out$bands$measurement == "wp2025"] == 0))
  expect_true(all(out$bands$g_low[out$bands$measurement == "fnal2021"] > 0))
})

test_that("Lmu and LmuLtau: equal below 2 m_mu, NA64mu weaker by sqrt(BR ratio) above", {
  m <- c(10, 100, 500, 800)
  out <- present_day(models = list(lmu_ltau(), lmu()), g = 10^seq(-4.5, -2, length.out = 400),
                     mass_mev = m, experiments = reg2(), allowed_at_mev = 100)
  lim <- out$limits
  na <- lim[lim$experiment == "NA64mu 2022", ]
  a <- na$g_upper[na$model == "LmuLtau"]
  b <- na$g_upper[na$model == "Lmu"]
  # below 2 m_mu both decay invisibly only; (g-2) sees only Q_mu = 1
  expect_equal(a[1:2], b[1:2])
  gm <- lim[lim$experiment == "g-2 (WP25)", ]
  expect_equal(gm$g_upper[gm$model == "LmuLtau"], gm$g_upper[gm$model == "Lmu"])
  # above: counts scale with BR_inv (0.5 vs 1/3 far above threshold), so
  # the limit on g scales with its inverse square root
  br <- branching_invisible(lmu_ltau(), 800) / branching_invisible(lmu(), 800)
  expect_equal(b[4] / a[4], sqrt(br), tolerance = 2e-3)
  expect_gt(b[3], a[3])
})

test_that("figures and tables are written when dir is given", {
  d <- withr::local_tempdir()
  out <- present_day(file.path(d, "pd"), models = list(lmu_ltau()), quick = TRUE,
                     experiments = reg2())
  expect_setequal(basename(out$files),
                  c("present-day-LmuLtau.png", "limits.csv", "still-allowed.csv"))
  expect_true(all(file.exists(out$files)))
  png <- readBin(out$files[1], "raw", 24L)
  expect_equal(png[2:4], charToRaw("PNG"))
  # 8 x 5.5 inches at 300 dpi
  w <- sum(as.integer(png[17:20]) * 256^(3:0))
  expect_equal(w, 2400)
  tab <- utils::read.csv(file.path(d, "pd", "still-allowed.csv"))
  expect_equal(tab$g_max_allowed, out$still_allowed$g_max_allowed, tolerance = 1e-12)
})

test_that("the limit wrapper is the asymptotic 90 % CL limit", {
  s <- scan_grid(list(a = na64mu_2022()), NULL, lmu_ltau(), g = gg, mass_mev = c(10, 20))
  expect_identical(muonphilic:::present_limit(s, "a"), upper_limit(s, 0.9, "a"))
})

test_that("bad inputs give classed errors", {
  e <- "muonphilic_error_input"
  expect_error(present_day(models = list()), class = e)
  expect_error(present_day(models = list(1)), class = e)
  expect_error(present_day(models = list(lmu(), lmu())), class = e)
  expect_error(present_day(dir = 1), class = e)
  expect_error(present_day(quick = NA), class = e)
  expect_error(present_day(allowed_at_mev = -10, experiments = reg2()), class = e)
  expect_error(present_day(g = c(1e-3, 1e-4), experiments = reg2()), class = e)
  expect_error(present_day(experiments = unname(reg2())), class = e)
  expect_error(present_day(experiments = list(sim = na64mu())), class = e)
  expect_error(present_day(experiments = list(bad = function() stop("no"))), class = e)
  expect_error(present_day(experiments = list(combined = na64mu_2022())), class = e)
  expect_error(present_day(experiments = na64mu_2022()), class = e)
})
