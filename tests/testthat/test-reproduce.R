# Integration: the scan layer on the real experiments, and reproduce_paper().

# The resolution of a PNG file in dots per inch, from its pHYs chunk
# (pixels per metre, unit byte 1), read with base R.
png_chunks <- function(file) {
  con <- file(file, "rb")
  on.exit(close(con))
  sig <- readBin(con, "raw", 8L)
  expect_identical(sig, as.raw(c(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)))
  out <- list()
  repeat {
    len <- readBin(con, "integer", 1L, size = 4L, endian = "big")
    if (length(len) == 0L) break
    type <- rawToChar(readBin(con, "raw", 4L))
    body <- readBin(con, "raw", len)
    readBin(con, "raw", 4L) # CRC
    out[[length(out) + 1L]] <- list(type = type, body = body)
    if (type == "IEND") break
  }
  out
}

be_uint <- function(raw4) sum(as.integer(raw4) * 256^(3:0))

png_dpi <- function(file) {
  ch <- Filter(function(k) k$type == "pHYs", png_chunks(file))
  expect_length(ch, 1L)
  b <- ch[[1]]$body
  expect_identical(b[9], as.raw(1)) # unit: metre
  round(c(be_uint(b[1:4]), be_uint(b[5:8])) * 0.0254)
}

png_size <- function(file) {
  b <- png_chunks(file)[[1]]$body # IHDR comes first
  c(be_uint(b[1:4]), be_uint(b[5:8]))
}

test_that("NA64mu alone cannot tell LmuLtau from Lmu below 2 m_mu (Sect. 3.2)", {
  exp <- list(NA64mu = na64mu(xsec = "paper"))
  bp <- benchmark_points()[1, ]
  data <- list(asimov(exp$NA64mu, lmu_ltau(), bp$g, bp$mass_mev))
  g <- 10^seq(-3.6, -2.8, length.out = 25)
  m <- 10^seq(0, log10(200), length.out = 15)  # below 2 m_mu = 211 MeV
  s1 <- scan_grid(exp, data, lmu_ltau(), g = g, mass_mev = m)
  s2 <- scan_grid(exp, data, lmu(), g = g, mass_mev = m)
  expect_equal(s1$minus2_loglik, s2$minus2_loglik, tolerance = 1e-10)
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
  # publication resolution: 300 dpi in the PNG header, and the pixel size
  # of the figure's inches at that resolution
  for (f in file.path(dir, c("fig01.png", "fig04.png"))) expect_equal(png_dpi(f), c(300, 300))
  expect_equal(png_size(file.path(dir, "fig01.png")), c(8, 5) * 300)
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

test_that("paper figures have plotmath labels and powers of ten on log axes", {
  skip_if_not_installed("ggplot2")
  ns <- asNamespace("muonphilic")
  p <- ns$paper_style(ns$paper_figure_01(quick = TRUE))
  # g_x and M_A' [MeV] as expressions, not ASCII strings
  expect_true(is.language(p$labels$x))
  expect_true(is.language(p$labels$y))
  expect_identical(p$labels$y, quote(italic(g)[x]))
  expect_true("mu" %in% all.names(p$scales$get_scales("fill")$name))
  # the subtitle names Delta a_mu in plotmath and keeps the measurement's numbers
  expect_true(is.language(p$labels$subtitle))
  expect_true(all(c("Delta", "mu", "%+-%") %in% all.names(p$labels$subtitle)))
  expect_match(paste(deparse(p$labels$subtitle), collapse = ""), "\"251\" %+-% \"59\"",
               fixed = TRUE)
  # the tick labels of both log axes are plotmath powers of ten that
  # evaluate back to the breaks
  b <- ggplot2::ggplot_build(p)
  for (a in c("x", "y")) {
    sc <- b$layout$panel_scales_x[[1]]
    if (a == "y") sc <- b$layout$panel_scales_y[[1]]
    br <- sc$get_breaks()
    br <- 10^br[is.finite(br)]
    lab <- sc$get_labels(log10(br))
    expect_true(is.expression(lab))
    back <- vapply(lab, function(e) eval(e, list(`%*%` = `*`)), numeric(1))
    expect_equal(back, br, tolerance = 1e-3)
  }
  # the labeller alone: powers of ten, ticks inside a decade, mantissas
  for (x in list(c(1e-3, 1e-2, 1e-1), c(0.9, 1, 1.2), c(5e-4, 1e-3, 2e-3), c(2e5, 5e5))) {
    lab <- ns$mp_label_log10(x)
    expect_equal(vapply(lab, function(e) eval(e, list(`%*%` = `*`)), numeric(1)), x)
  }
  # 1e-3 is drawn as 10 raised to -3 (a superscript), not as a mantissa
  e <- ns$mp_label_log10(1e-3)[[1]]
  expect_identical(as.list(e), list(as.name("^"), 10, -3L))
  # on the mass axis (1-1000 MeV): exactly the powers of ten
  br <- b$layout$panel_scales_x[[1]]$get_breaks()
  expect_equal(10^br[is.finite(br)], c(1, 10, 100, 1000))
  # the figure function's own plot keeps its attributes through the styling
  q <- ns$paper_figure_05(quick = TRUE)
  expect_identical(attr(ns$paper_style(q), "mp_width"), attr(q, "mp_width"))
})

test_that("every curve of a paper figure has its own colour and one legend entry", {
  skip_if_not_installed("ggplot2")
  ns <- asNamespace("muonphilic")
  # Fig. 5: NA64mu reconstructed under two models
  p <- ns$paper_figure_05(quick = TRUE)
  b <- ggplot2::ggplot_build(p)
  sc <- b$plot$scales$get_scales("colour")
  lim <- sc$get_limits()
  expect_setequal(lim, c("NA64mu [LmuLtau]", "NA64mu [Lmu]"))
  expect_false(anyDuplicated(lim) > 0)
  expect_false(anyDuplicated(sc$map(lim)) > 0)
  # Fig. 12's curves: "combined" and DARWIN differ, all colours distinct and
  # from the Okabe-Ito palette
  curves <- c("CENNS610", "ESS10", "CCM", "ESS", "NA64mu", "DARWIN", "combined")
  cols <- ns$scan_colours(curves)
  expect_false(anyDuplicated(cols) > 0)
  expect_true(all(cols %in% ns$mp_okabe_ito()))
  expect_false(cols[["combined"]] == cols[["DARWIN"]])
  # more curves than the palette has colours stay distinct
  many <- ns$scan_colours(paste("detector", 1:12))
  expect_false(anyDuplicated(many) > 0)
  expect_length(ns$mp_palette(12), 12L)
  expect_error(ns$mp_palette(NA), class = "muonphilic_error_input")
})
