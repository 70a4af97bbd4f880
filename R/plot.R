# autoplot() methods and plot helpers. ggplot2 is imported: autoplot() is
# re-exported, so `library(muonphilic); autoplot(scan)` works.

#' @importFrom ggplot2 autoplot
#' @export
ggplot2::autoplot

need_ggplot2 <- function() {
  if (!requireNamespace("ggplot2", quietly = TRUE)) {
    mp_abort("Plotting needs the ggplot2 package: install.packages(\"ggplot2\").",
             class = "muonphilic_error_dependency")
  }
}

# Column names used in aes() (non-standard evaluation).
utils::globalVariables(c(
  "mass_mev", "g", "g_low", "g_high", "n_sigma", "benchmark", "label", "band"
))

# ---- one palette, one set of axis labels for every figure -----------------

# The Okabe-Ito colour-blind-safe palette (Okabe and Ito 2008), by name.
mp_okabe_ito <- function() {
  c(blue = "#0072B2", vermillion = "#D55E00", bluishgreen = "#009E73",
    orange = "#E69F00", reddishpurple = "#CC79A7", skyblue = "#56B4E9",
    black = "#000000", yellow = "#F0E442")
}

# n distinct colours: the eight Okabe-Ito colours first, then (n > 8) dark
# HCL colours, so no two curves of one figure share a colour.
mp_palette <- function(n) {
  n <- as.integer(n)
  if (length(n) != 1L || is.na(n) || n < 0L) {
    mp_abort("`n` must be one non-negative whole number of colours, not %s.", mp_describe(n))
  }
  base <- unname(mp_okabe_ito())
  if (n <= length(base)) return(base[seq_len(n)])
  c(base, grDevices::hcl.colors(n - length(base), "Dark 3"))
}

# One distinct colour per curve name: scan_colours() (R/scan-plot.R) for
# every figure, so a curve has the same colour in autoplot() and in the
# paper's figures.

# Axis and legend labels as plotmath expressions, one per quantity.
mp_axis_label <- function(what) {
  switch(what,
         g = quote(italic(g)[x]),
         mass_mev = quote(italic(M)[italic(A) * minute] ~ "[MeV]"),
         gm2 = quote((italic(g) - 2)[mu]),
         delta_amu = quote(Delta * italic(a)[mu]),
         mp_abort("Unknown axis label \"%s\".", what))
}

# The plotmath form of the package's ASCII axis labels (figures made before
# the labels were expressions); any other label is returned as it is.
mp_plotmath_label <- function(label) {
  if (!is.character(label) || length(label) != 1L) return(label)
  table <- list(
    "M_A' [MeV]" = mp_axis_label("mass_mev"),
    "g_x" = mp_axis_label("g"),
    "(g-2)mu" = mp_axis_label("gm2"),
    "Delta a_mu" = mp_axis_label("delta_amu"),
    "E'_mu [GeV]" = quote(italic(E) * minute[mu] ~ "[GeV]"),
    "dN/dE'_mu [events / GeV]" = quote(d * italic(N) / d * italic(E) * minute[mu] ~ "[events / GeV]"),
    "E_R [keVnr]" = quote(italic(E)[R] ~ "[keVnr]"),
    "delta_CP (deg)" = quote(delta[CP] ~ "[deg]"),
    "5 sigma exposure (t yr)" = quote(5 * sigma ~ "exposure [t yr]"),
    "Threshold E_th [keV] (keVnr for NR, keVee for ER and NR+ER)" =
      quote("Threshold" ~ italic(E)[th] ~ "[keV] (keVnr for NR, keVee for ER and NR+ER)"),
    "dR/dE [events / (tonne year keV)]" = quote(d * italic(R) / d * italic(E) ~ "[events / (tonne year keV)]")
  )
  table[[label]] %||% label
}

# The (g-2)mu subtitle as plotmath: "Delta a_mu = 251 +- 59 (1e-11): text"
# becomes Delta a_mu = (251 +- 59) x 10^-11: text (Eq. 13's Delta a_mu).
gm2_subtitle <- function(label) {
  re <- "^Delta a_mu = ([0-9.]+) \\+- ([0-9.]+) \\(1e-11\\): (.*)$"
  if (grepl(re, label)) {
    a <- sub(re, "\\1", label)
    b <- sub(re, "\\2", label)
    rest <- sub(re, "\\3", label)
    return(bquote(Delta * italic(a)[mu] == (.(a) %+-% .(b)) %*% 10^-11 * ":" ~ .(rest)))
  }
  if (startsWith(label, "Delta a_mu:")) {
    return(bquote(Delta * italic(a)[mu] * ":" ~ .(sub("^Delta a_mu: *", "", label))))
  }
  label
}

# Breaks of a log10 axis: the powers of ten inside the limits (every k-th
# when there are many), or the usual 1-2-5 ticks when fewer than two
# powers of ten fall inside.
mp_breaks_log10 <- function(limits) {
  limits <- limits[is.finite(limits) & limits > 0]
  if (length(limits) < 2L) return(numeric())
  lo <- log10(min(limits))
  hi <- log10(max(limits))
  e_lo <- ceiling(lo - 1e-9)
  e_hi <- floor(hi + 1e-9)
  if (e_hi - e_lo >= 1) {
    e <- seq(e_lo, e_hi)
    step <- ceiling(length(e) / 7)
    return(10^e[(e - e_lo) %% step == 0])
  }
  grDevices::axisTicks(c(lo, hi), log = TRUE)
}

# Labels of a log10 axis as plotmath: powers of ten (10^-3) when every
# break is one; plain numbers (0.9, 1.2) for ticks inside a decade between
# 0.001 and 10000; otherwise mantissa times a power of ten (3 x 10^-4).
mp_label_log10 <- function(x) {
  ok <- !is.na(x) & is.finite(x) & x > 0
  e <- floor(log10(ifelse(ok, x, 1)) + 1e-9)
  m <- signif(ifelse(ok, x, 1) / 10^e, 3)
  powers <- all(abs(m[ok] - 1) < 1e-9)
  plain <- !powers && all(x[ok] >= 1e-3 & x[ok] < 1e4)
  as.expression(lapply(seq_along(x), function(i) {
    if (!ok[i]) return(NA)
    if (plain) return(signif(x[i], 3))
    ei <- as.integer(e[i])
    if (abs(m[i] - 1) < 1e-9) substitute(10^E, list(E = ei))
    else substitute(M %*% 10^E, list(M = m[i], E = ei))
  }))
}

# Log10 position scales with powers of ten as plotmath.
mp_scale_x_log10 <- function(...) {
  ggplot2::scale_x_log10(..., breaks = mp_breaks_log10, labels = mp_label_log10)
}
mp_scale_y_log10 <- function(...) {
  ggplot2::scale_y_log10(..., breaks = mp_breaks_log10, labels = mp_label_log10)
}

#' Plot the (g-2)mu band
#'
#' Draws Fig. 1's band: the region preferred at each `n_sigma` as a shaded
#' green ribbon in the \eqn{(M_{A'}, g_x)} plane (log axes), with the four
#' benchmark points of Table 1 as stars. The subtitle states the
#' measurement and the Standard-Model (theory) value the band uses.
#'
#' @param object a band from [gm2_band()].
#' @param benchmarks show the benchmark points (logical).
#' @param ... unused.
#' @return A `ggplot` object.
#' @examples
#' autoplot(gm2_band(lmu_ltau(), 10^seq(0, 3, by = 0.05)))
#' @export
autoplot.muonphilic_gm2_band <- function(object, benchmarks = TRUE, ...) {
  need_ggplot2()
  df <- as.data.frame(object)
  df$g_low[df$g_low <= 0] <- 1e-7
  ns <- sort(unique(df$n_sigma), decreasing = TRUE)
  df$band <- factor(sprintf("%g sigma", df$n_sigma), levels = sprintf("%g sigma", ns))
  # legend keys as plotmath: "2 sigma" -> 2 sigma with the Greek letter
  keys <- as.expression(lapply(ns, function(k) bquote(.(k) * sigma)))
  p <- ggplot2::ggplot(df, ggplot2::aes(x = mass_mev)) +
    ggplot2::geom_ribbon(ggplot2::aes(ymin = g_low, ymax = g_high, fill = band),
                         alpha = 0.6) +
    ggplot2::scale_fill_manual(values = grDevices::colorRampPalette(
      c("#b8e186", "#4d9221"))(nlevels(df$band)), labels = keys,
      name = mp_axis_label("gm2")) +
    mp_scale_x_log10() +
    mp_scale_y_log10() +
    ggplot2::labs(x = mp_axis_label("mass_mev"), y = mp_axis_label("g"),
                  title = bquote((italic(g) - 2)[mu] ~ "preferred band (" * .(df$measurement[1]) * ")"),
                  subtitle = gm2_subtitle(gm2_theory_label(df$measurement[1]))) +
    ggplot2::theme_bw()
  if (isTRUE(benchmarks)) {
    bp <- benchmark_points()
    p <- p + ggplot2::geom_point(data = bp, ggplot2::aes(x = mass_mev, y = g),
                                 shape = 8, size = 3, inherit.aes = FALSE) +
      ggplot2::geom_text(data = bp, ggplot2::aes(x = mass_mev, y = g, label = benchmark),
                         vjust = -1, size = 3, inherit.aes = FALSE)
  }
  p
}
