# autoplot() for experiments and for expected counts (R/autoplot.R).

# the variables a layer maps to an aesthetic
mapped <- function(layer, aes) all.vars(layer$mapping[[aes]])

layer_of <- function(p, geom) {
  hit <- Filter(function(l) inherits(l$geom, geom), p$layers)
  expect_length(hit, 1L)
  hit[[1]]
}

test_that("autoplot(experiment) draws background and signal per bin between the bin edges", {
  skip_if_not_installed("ggplot2")
  x <- na64mu()
  p <- autoplot(x, model = lmu_ltau(), g = 5e-4, mass_mev = 20)
  expect_s3_class(p, "ggplot")
  seg <- layer_of(p, "GeomSegment")
  expect_identical(mapped(seg, "x"), "lower")
  expect_identical(mapped(seg, "xend"), "upper")
  expect_identical(mapped(seg, "y"), "counts")
  expect_identical(mapped(layer_of(p, "GeomRect"), "ymax"), "counts")
  # the bin axis carries the unit of the bins
  expect_match(p$labels$x, "[GeV]", fixed = TRUE)
  expect_match(p$labels$y, "per bin")
  d <- p$data
  edges <- x$bins_gev
  bg <- d[d$component == "background", ]
  expect_equal(bg$lower, edges[-length(edges)])
  expect_equal(bg$upper, edges[-1])
  expect_equal(bg$counts, as.numeric(background_counts(x)))
  # NA64mu has no Standard-Model counts: no such component
  expect_false(any(d$component == "Standard Model"))
  # below the dimuon threshold every A' decays invisibly and the production
  # cross section (Eq. 14) is proportional to g^2: so is the signal
  sig <- function(g) {
    q <- autoplot(x, model = lmu_ltau(), g = g, mass_mev = 20)$data
    q$counts[startsWith(as.character(q$component), "signal")]
  }
  expect_equal(sig(1e-3) / sig(5e-4), rep(4, length(edges) - 1L), tolerance = 1e-10)
  expect_true(all(sig(5e-4) > 0))
})

test_that("autoplot(experiment) shows the Standard Model of CEvNS, independent of the model", {
  skip_if_not_installed("ggplot2")
  x <- spallation_detector("ESS")
  p1 <- autoplot(x, model = lmu_ltau(), g = 5e-4, mass_mev = 20)
  p2 <- autoplot(x, model = lmu(), g = 1e-3, mass_mev = 50)
  expect_match(p1$labels$x, "[keVnr]", fixed = TRUE)
  sm1 <- p1$data$counts[p1$data$component == "Standard Model"]
  sm2 <- p2$data$counts[p2$data$component == "Standard Model"]
  expect_length(sm1, nrow(expected_counts(x, lmu_ltau(), 0, 20)))
  expect_true(all(sm1 > 0))
  expect_equal(sm1, sm2, tolerance = 1e-12)
  # the colours of the components are distinct
  b <- ggplot2::ggplot_build(p1)
  sc <- b$plot$scales$get_scales("colour")
  expect_false(anyDuplicated(sc$map(sc$get_limits())) > 0)
})

test_that("autoplot(experiment) adds observed counts of real data as points", {
  skip_if_not_installed("ggplot2")
  x <- na64mu_2022()
  p <- autoplot(x, model = lmu_ltau(), g = 5e-4, mass_mev = 20)
  pts <- layer_of(p, "GeomPoint")
  expect_identical(mapped(pts, "y"), "counts")
  expect_equal(pts$data$counts, as.numeric(observed_counts(x)))
})

test_that("autoplot(experiment) refuses bad signal parameters with classed errors", {
  skip_if_not_installed("ggplot2")
  x <- na64mu()
  expect_error(autoplot(x, model = lmu_ltau(), g = NA, mass_mev = 20),
               class = "muonphilic_error_input")
  expect_error(autoplot(x, model = lmu_ltau(), g = c(1e-4, 1e-3), mass_mev = 20),
               class = "muonphilic_error_input")
  expect_error(autoplot(x, model = lmu_ltau(), g = 5e-4, mass_mev = -1),
               class = "muonphilic_error_input")
  expect_error(autoplot(x, model = "LmuLtau", g = 5e-4, mass_mev = 20),
               class = "muonphilic_error_input")
  expect_error(autoplot(x, log_x = NA), class = "muonphilic_error_input")
})

test_that("expected_counts() returns a muonphilic_counts data frame that autoplot() draws", {
  skip_if_not_installed("ggplot2")
  ec <- expected_counts(na64mu(), lmu_ltau(), g = c(5e-4, 1e-3), mass_mev = 20)
  expect_s3_class(ec, "muonphilic_counts")
  expect_s3_class(ec, "data.frame")
  # still a data frame: head, subset and rbind behave as usual
  expect_equal(nrow(head(ec, 3)), 3L)
  expect_equal(nrow(ec[ec$g == 1e-3, ]), nrow(ec) / 2)
  expect_equal(nrow(rbind(ec, ec)), 2L * nrow(ec))
  p <- autoplot(ec)
  expect_s3_class(p, "ggplot")
  seg <- layer_of(p, "GeomSegment")
  expect_identical(mapped(seg, "x"), "lower")
  expect_identical(mapped(seg, "xend"), "upper")
  expect_identical(mapped(seg, "y"), "counts")
  expect_match(p$labels$x, "[GeV]", fixed = TRUE)
  # one colour per (g, mass) point
  expect_equal(nlevels(p$data$point), 2L)
  # other experiments' counts carry the class too
  expect_s3_class(expected_counts(spallation_detector("ESS"), lmu_ltau(), 5e-4, 20),
                  "muonphilic_counts")
  bad <- structure(data.frame(a = 1), class = c("muonphilic_counts", "data.frame"))
  expect_error(autoplot(bad), class = "muonphilic_error_input")
})
