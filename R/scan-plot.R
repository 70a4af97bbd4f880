# Plot layers of scans (Figs. 5, 7-9, 12).

# Colours per experiment, after the paper's figures (NA64mu blue, the
# (g-2) band green, DARWIN black); others from the Okabe-Ito palette.
scan_colours <- function(names) {
  base <- c("#0072B2", "#D55E00", "#E69F00", "#CC79A7", "#56B4E9", "#009E73",
            "#F0E442", "#999999")
  rules <- list(na64 = "#1f4fd8", darwin = "black", cenns = "#d62728", ccm = "#ff7f0e",
                ess10 = "#9467bd", ess = "#8c564b", combined = "#222222", lz = "#17becf",
                xenonnt = "#e377c2")
  out <- character(length(names))
  used <- 0L
  for (k in seq_along(names)) {
    key <- tolower(gsub("[^A-Za-z0-9]", "", sub(" \\[.*$", "", names[k])))
    hit <- NULL
    for (r in names(rules)) {
      if (startsWith(key, r) && (r != "ess" || key == "ess")) {
        hit <- rules[[r]]
        break
      }
    }
    if (is.null(hit)) {
      used <- used + 1L
      hit <- base[(used - 1L) %% length(base) + 1L]
    }
    out[k] <- hit
  }
  stats::setNames(out, names)
}

# Does a curve reconstruct a signal? Yes when the 95 % (2 dof) region
# excludes the smallest coupling of the grid at every mass.
curve_detects <- function(scan, curve, cl = stats::pchisq(4, df = 1)) {
  z <- curve_delta(scan, curve)
  min(z[1, ]) > stats::qchisq(cl, df = 2)
}

# The plot layers of one scan as data frames (contours, 68 % fill, limits,
# truth), so several scans can share one faceted figure.
scan_layers <- function(scan, cl = stats::pchisq(c(1, 4), df = 1), limit_cl = 0.90, which = NULL,
                        limits = "auto", fill = TRUE, label = NULL) {
  curves <- scan_curves(scan, which)
  detects <- vapply(curves, function(cv) curve_detects(scan, cv), logical(1))
  use_limit <- switch(limits, auto = !detects, always = rep(TRUE, length(curves)),
                      never = rep(FALSE, length(curves)))
  con <- contours(scan, cl = cl, which = curves)
  con <- con[con$experiment %in% curves[!use_limit | limits == "always"], , drop = FALSE]
  lim <- if (any(use_limit)) upper_limit(scan, cl = limit_cl, which = curves[use_limit]) else NULL
  if (!is.null(lim)) lim <- lim[is.finite(lim$g_upper), , drop = FALSE]
  tiles <- NULL
  if (fill) {
    grid <- attr(scan, "grid")
    t68 <- stats::qchisq(min(cl), df = 2)
    tiles <- do.call(rbind, lapply(curves[!use_limit], function(cv) {
      z <- curve_delta(scan, cv)
      inside <- which(z <= t68, arr.ind = TRUE)
      if (!nrow(inside)) return(NULL)
      data.frame(x = grid$mass_mev[inside[, 2]], y = grid$g[inside[, 1]], experiment = cv,
                 stringsAsFactors = FALSE)
    }))
  }
  truth <- attr(scan, "truth")
  truth <- if (is.null(truth)) NULL else data.frame(x = truth$mass_mev, y = truth$g)
  layers <- list(contours = con, limits = lim, tiles = tiles, truth = truth)
  if (!is.null(label)) {
    for (k in names(layers)) {
      if (!is.null(layers[[k]]) && nrow(layers[[k]])) {
        if (k != "truth" && "experiment" %in% names(layers[[k]])) {
          layers[[k]]$experiment <- paste0(layers[[k]]$experiment, label)
          if ("group" %in% names(layers[[k]])) layers[[k]]$group <- paste0(layers[[k]]$group, label)
        }
      }
    }
  }
  layers
}

bind_layers <- function(layer_list) {
  keys <- c("contours", "limits", "tiles", "truth")
  stats::setNames(lapply(keys, function(k) {
    parts <- lapply(layer_list, function(l) {
      d <- l[[k]]
      if (is.null(d) || !nrow(d)) return(NULL)
      d$panel <- l$panel %||% ""
      d
    })
    do.call(rbind, parts)
  }), keys)
}

# Draw bound layers on log axes with the (g-2) band.
plot_scan_layers <- function(layers, g_range, mass_range, gm2 = "fnal2021",
                             facet = FALSE, title = NULL) {
  need_ggplot2()
  exps <- unique(c(layers$contours$experiment, layers$limits$experiment, layers$tiles$experiment))
  cols <- scan_colours(exps)
  p <- ggplot2::ggplot()
  if (!is.null(gm2)) {
    m <- 10^seq(log10(mass_range[1]), log10(mass_range[2]), length.out = 200)
    band <- as.data.frame(gm2_band(lmu_ltau(), m, measurement = gm2, n_sigma = 2))
    band$g_low <- pmax(band$g_low, g_range[1])
    band$g_high <- pmin(pmax(band$g_high, g_range[1]), g_range[2])
    p <- p + ggplot2::geom_ribbon(data = band, ggplot2::aes(x = mass_mev, ymin = g_low, ymax = g_high),
                                  fill = "#4d9221", alpha = 0.3)
  }
  if (!is.null(layers$tiles) && nrow(layers$tiles)) {
    p <- p + ggplot2::geom_tile(data = layers$tiles,
                                ggplot2::aes(x = x, y = y, fill = experiment), alpha = 0.25,
                                show.legend = FALSE)
  }
  if (!is.null(layers$contours) && nrow(layers$contours)) {
    con <- layers$contours
    con$cl_label <- sprintf("%.0f %% CL", 100 * con$cl)
    p <- p + ggplot2::geom_path(data = con,
                                ggplot2::aes(x = x, y = y, colour = experiment, group = group,
                                             linetype = cl_label))
  }
  if (!is.null(layers$limits) && nrow(layers$limits)) {
    lim <- layers$limits
    lim$cl_label <- sprintf("%g %% CL limit", 100 * lim$cl)
    lim$group <- paste(lim$experiment, lim$panel %||% "")
    p <- p + ggplot2::geom_line(data = lim,
                                ggplot2::aes(x = mass_mev, y = g_upper, colour = experiment,
                                             group = group, linetype = cl_label))
  }
  if (!is.null(layers$truth) && nrow(layers$truth)) {
    p <- p + ggplot2::geom_point(data = layers$truth, ggplot2::aes(x = x, y = y), shape = 8,
                                 size = 3, colour = "black")
  }
  lt <- c("solid", "dashed", "dotted", "longdash")
  lt_names <- sort(unique(c(if (!is.null(layers$contours)) sprintf("%.0f %% CL", 100 * layers$contours$cl))))
  lt_values <- stats::setNames(lt[seq_along(lt_names)], lt_names)
  if (!is.null(layers$limits) && nrow(layers$limits)) {
    lt_values <- c(lt_values, stats::setNames("dotdash", sprintf("%g %% CL limit", 100 * layers$limits$cl[1])))
  }
  p <- p + ggplot2::scale_colour_manual(values = cols, name = NULL) +
    ggplot2::scale_fill_manual(values = cols, guide = "none") +
    ggplot2::scale_linetype_manual(values = lt_values, name = NULL) +
    ggplot2::scale_x_log10() + ggplot2::scale_y_log10() +
    ggplot2::coord_cartesian(xlim = mass_range, ylim = g_range, expand = FALSE) +
    ggplot2::labs(x = "M_A' [MeV]", y = "g_x", title = title) +
    ggplot2::theme_bw() +
    ggplot2::theme(panel.spacing.x = ggplot2::unit(1.5, "lines"))
  if (facet) p <- p + ggplot2::facet_wrap(ggplot2::vars(panel))
  p
}

#' Plot a likelihood scan
#'
#' Figs. 5, 7-9 and 12 style: for each experiment (and combination) the
#' 68 % CL region filled and outlined solid and the 95 % CL contour dashed,
#' or, when the data do not exclude a vanishing signal (the 95 % region
#' reaches the smallest coupling of the grid), the dot-dashed 90 % CL upper
#' limit on g; the (g-2)mu band at 2 sigma in green ([gm2_band()]); the
#' true point as a star; log axes. Colours follow the paper (NA64mu blue,
#' DARWIN black).
#'
#' @param object a scan from [scan_grid()].
#' @param cl contour confidence levels (2 parameters; default 1 and 2
#'   sigma, thresholds 2.30 and 6.18).
#' @param limit_cl upper-limit confidence level (1 parameter).
#' @param which curves to draw (default every experiment and combination).
#' @param limits `"auto"` (limits where nothing is reconstructed),
#'   `"always"` (both) or `"never"`.
#' @param fill shade the innermost region.
#' @param gm2 a [gm2_band()] measurement name for the band, or `NULL`.
#' @param title plot title.
#' @param ... unused.
#' @return A `ggplot` object.
#' @examples
#' \donttest{
#' if (requireNamespace("ggplot2", quietly = TRUE)) {
#'   x <- na64mu()
#'   d <- asimov(x, lmu_ltau(), g = 1e-3, mass_mev = 100)
#'   s <- scan_grid(x, d, lmu_ltau(), g = 10^seq(-4, -2, length.out = 30),
#'                  mass_mev = 10^seq(1, 3, length.out = 30))
#'   ggplot2::autoplot(s)
#' }
#' }
#' @export
autoplot.muonphilic_scan <- function(object, cl = stats::pchisq(c(1, 4), df = 1), limit_cl = 0.90,
                                     which = NULL, limits = c("auto", "always", "never"),
                                     fill = TRUE, gm2 = "fnal2021", title = NULL, ...) {
  need_ggplot2()
  check_scan(object, "object")
  limits <- check_choice(choice_arg(limits), "limits", c("auto", "always", "never"))
  check_flag(fill, "fill")
  layers <- scan_layers(object, cl, limit_cl, which, limits, fill)
  grid <- attr(object, "grid")
  plot_scan_layers(bind_layers(list(layers)), range(grid$g), range(grid$mass_mev), gm2,
                   title = title %||% sprintf("Reconstruction under %s", attr(object, "model")))
}

