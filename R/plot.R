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
#' if (requireNamespace("ggplot2", quietly = TRUE)) {
#'   ggplot2::autoplot(gm2_band(lmu_ltau(), 10^seq(0, 3, by = 0.05)))
#' }
#' @export
autoplot.muonphilic_gm2_band <- function(object, benchmarks = TRUE, ...) {
  need_ggplot2()
  df <- as.data.frame(object)
  df$g_low[df$g_low <= 0] <- 1e-7
  df$band <- factor(sprintf("%g sigma", df$n_sigma),
                    levels = sprintf("%g sigma", sort(unique(df$n_sigma), decreasing = TRUE)))
  p <- ggplot2::ggplot(df, ggplot2::aes(x = mass_mev)) +
    ggplot2::geom_ribbon(ggplot2::aes(ymin = g_low, ymax = g_high, fill = band),
                         alpha = 0.6) +
    ggplot2::scale_fill_manual(values = grDevices::colorRampPalette(
      c("#b8e186", "#4d9221"))(nlevels(df$band)), name = "(g-2)mu") +
    ggplot2::scale_x_log10() +
    ggplot2::scale_y_log10() +
    ggplot2::labs(x = "M_A' [MeV]", y = "g_x",
                  title = sprintf("(g-2)mu preferred band (%s)", df$measurement[1]),
                  subtitle = gm2_theory_label(df$measurement[1])) +
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
