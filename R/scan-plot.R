# Plot layers of scans (Figs. 5, 7-9, 12).

# Colours per curve, colour-blind safe: the Okabe-Ito palette without
# black (Okabe and Ito 2008), then Paul Tol's muted colours; black is kept
# for combinations ("combined..."), so a combination is never confused with
# an experiment. Experiments of the paper keep a preferred colour (NA64mu
# blue, as in its figures); every name gets its own colour, so two
# configurations of one experiment ("NA64mu", "NA64mu_2") differ.
scan_colours <- function(names) {
  names <- as.character(names)
  palette <- c("#0072B2", "#D55E00", "#E69F00", "#CC79A7", "#56B4E9", "#009E73",
               "#F0E442", "#882255", "#44AA99", "#999933", "#AA4499", "#332288",
               "#117733", "#88CCEE", "#DDCC77", "#661100")
  combined <- c("#000000", "#595959", "#8C8C8C")
  prefer <- c(na64 = "#0072B2", cenns = "#D55E00", ccm = "#E69F00", ess10 = "#CC79A7",
              ess = "#56B4E9", darwin = "#009E73", lz = "#882255", xenonnt = "#44AA99",
              pandax = "#999933", coherent = "#AA4499")
  out <- stats::setNames(character(length(names)), names)
  is_comb <- startsWith(tolower(names), "combined")
  used <- character()
  for (k in which(is_comb)) {
    n_c <- sum(is_comb[seq_len(k)])
    out[k] <- if (n_c <= length(combined)) combined[n_c] else "#000000"
  }
  for (k in which(!is_comb)) {
    key <- tolower(gsub("[^A-Za-z0-9]", "", sub(" \\[.*$", "", names[k])))
    hit <- NULL
    for (r in names(prefer)) {
      if (startsWith(key, r) && (r != "ess" || key == "ess")) {
        hit <- prefer[[r]]
        break
      }
    }
    if (is.null(hit) || hit %in% used) {
      free <- setdiff(palette, used)
      hit <- if (length(free)) free[1] else grDevices::hcl.colors(length(names), "Dark 3")[k]
    }
    used <- c(used, hit)
    out[k] <- hit
  }
  out
}

# Does a curve reconstruct a signal? Yes when the 95 % (2 dof) region
# excludes the smallest coupling of the grid at every mass.
curve_detects <- function(scan, curve, cl = stats::pchisq(4, df = 1)) {
  z <- curve_delta(scan, curve)
  min(z[1, ]) > stats::qchisq(cl, df = 2)
}

# The plot layers of one scan as data frames (contours, 68 % fill, limits,
# truth), so several scans can share one faceted figure. Attribute `kind`:
# "regions", "limits" or "both" (what the layers show, for titles).
scan_layers <- function(scan, cl = stats::pchisq(c(1, 4), df = 1), limit_cl = 0.90, which = NULL,
                        limits = "auto", fill = TRUE, label = NULL) {
  curves <- scan_curves(scan, which)
  detects <- vapply(curves, function(cv) curve_detects(scan, cv), logical(1))
  use_limit <- switch(limits, auto = !detects, always = rep(TRUE, length(curves)),
                      never = rep(FALSE, length(curves)))
  use_region <- !use_limit | limits == "always"
  con <- plain_df(contours(scan, cl = cl, which = curves))
  con <- con[con$experiment %in% curves[use_region], , drop = FALSE]
  lim <- if (any(use_limit)) plain_df(upper_limit(scan, cl = limit_cl, which = curves[use_limit]))
  if (!is.null(lim)) lim <- lim[is.finite(lim$g_upper), , drop = FALSE]
  tiles <- NULL
  if (fill) {
    grid <- attr(scan, "grid")
    t68 <- stats::qchisq(min(cl), df = 2)
    tiles <- do.call(rbind, lapply(curves[!use_limit], function(cv) {
      z <- curve_delta(scan, cv)
      inside <- which(z <= t68, arr.ind = TRUE)
      if (!nrow(inside)) return(NULL)
      data.frame(mass_mev = grid$mass_mev[inside[, 2]], g = grid$g[inside[, 1]],
                 experiment = cv, stringsAsFactors = FALSE)
    }))
  }
  truth <- attr(scan, "truth")
  truth <- if (is.null(truth)) NULL else data.frame(mass_mev = truth$mass_mev, g = truth$g)
  layers <- list(contours = con, limits = lim, tiles = tiles, truth = truth)
  if (!is.null(label)) {
    for (k in c("contours", "limits", "tiles")) {
      if (!is.null(layers[[k]]) && nrow(layers[[k]])) {
        layers[[k]]$experiment <- paste0(layers[[k]]$experiment, label)
      }
    }
  }
  attr(layers, "kind") <- if (all(use_limit) && !any(use_region)) {
    "limits"
  } else if (!any(use_limit)) "regions" else "both"
  layers
}

bind_layers <- function(layer_list) {
  keys <- c("contours", "limits", "tiles", "truth")
  out <- stats::setNames(lapply(keys, function(k) {
    parts <- lapply(layer_list, function(l) {
      d <- l[[k]]
      if (is.null(d) || !nrow(d)) return(NULL)
      d$panel <- l$panel %||% ""
      d
    })
    do.call(rbind, parts)
  }), keys)
  kinds <- unique(vapply(layer_list, function(l) attr(l, "kind") %||% "both", character(1)))
  attr(out, "kind") <- if (length(kinds) == 1L) kinds else "both"
  out
}

# A title saying what the figure shows: exclusion limits, reconstructed
# regions, or both.
scan_title <- function(kind, cl, limit_cl) {
  regions <- sprintf("%s CL regions", paste(cl_labels(cl), collapse = "/"))
  limit <- sprintf("%s CL upper limits", cl_labels(limit_cl))
  what <- switch(kind,
    limits = sprintf("Exclusion (%s)", limit),
    regions = sprintf("Reconstruction: %s", regions),
    sprintf("Reconstruction (%s CL) and exclusion (%s CL)", paste(cl_labels(cl), collapse = "/"),
            cl_labels(limit_cl)))
  what
}

axis_label_mass <- function() quote(M[A * "'"] ~ "[MeV]")
axis_label_g <- function() quote(g[x])

# Draw bound layers on log axes with the (g-2) band.
plot_scan_layers <- function(layers, g_range, mass_range, gm2 = "fnal2021",
                             facet = FALSE, title = NULL, subtitle = NULL) {
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
                                ggplot2::aes(x = mass_mev, y = g, fill = experiment), alpha = 0.25,
                                show.legend = FALSE)
  }
  lt_values <- character()
  if (!is.null(layers$contours) && nrow(layers$contours)) {
    con <- layers$contours
    con$cl_label <- paste(con$cl, "CL")
    con$group <- paste(con$experiment, con$cl, con$piece, con$panel %||% "")
    p <- p + ggplot2::geom_path(data = con,
                                ggplot2::aes(x = mass_mev, y = g, colour = experiment, group = group,
                                             linetype = cl_label))
    lev <- unique(con$cl_label[order(label_cl(con$cl))])
    lt_values <- stats::setNames(c("solid", "dashed", "dotted", "longdash")[seq_along(lev)], lev)
  }
  if (!is.null(layers$limits) && nrow(layers$limits)) {
    lim <- layers$limits
    lim$cl_label <- sprintf("%s CL limit", cl_labels(lim$cl))
    lim$group <- paste(lim$experiment, lim$panel %||% "")
    p <- p + ggplot2::geom_line(data = lim,
                                ggplot2::aes(x = mass_mev, y = g_upper, colour = experiment,
                                             group = group, linetype = cl_label))
    lt_values <- c(lt_values, stats::setNames("dotdash", lim$cl_label[1]))
  }
  if (!is.null(layers$truth) && nrow(layers$truth)) {
    p <- p + ggplot2::geom_point(data = unique(layers$truth[c("mass_mev", "g", if (facet) "panel")]),
                                 ggplot2::aes(x = mass_mev, y = g), shape = 8,
                                 size = 3, colour = "black")
  }
  p <- p + ggplot2::scale_colour_manual(values = cols, name = NULL) +
    ggplot2::scale_fill_manual(values = cols, guide = "none") +
    ggplot2::scale_linetype_manual(values = lt_values, name = NULL) +
    ggplot2::scale_x_log10() + ggplot2::scale_y_log10() +
    ggplot2::coord_cartesian(xlim = mass_range, ylim = g_range, expand = FALSE) +
    ggplot2::labs(x = axis_label_mass(), y = axis_label_g(), title = title,
                  subtitle = subtitle) +
    ggplot2::theme_bw() +
    ggplot2::theme(panel.spacing.x = ggplot2::unit(1.5, "lines"))
  if (facet) p <- p + ggplot2::facet_wrap(ggplot2::vars(panel))
  p
}

#' Plot a likelihood scan, its contours or its limits
#'
#' Figs. 5, 7-9 and 12 style: for each experiment (and combination, when
#' the scan has one: `scan_grid(combine = TRUE)` or [combine_scans()]) the
#' 68 % CL region filled and outlined solid and the 95 % CL contour dashed,
#' or, when the data do not exclude a vanishing signal (the 95 % region
#' reaches the smallest coupling of the grid), the dot-dashed 90 % CL upper
#' limit on g; the (g-2)mu band at 2 sigma in green ([gm2_band()]); the
#' true point as a star; log axes. The default title says what is shown
#' (exclusion limits, reconstructed regions, or both). Colours are
#' colour-blind safe (Okabe-Ito), distinct for every experiment (also for
#' two configurations of one experiment), with combinations in black.
#'
#' The methods for [contours()] and [upper_limit()] frames draw those
#' frames as they are (one path per `experiment`, `cl` and `piece`; one
#' line per `experiment` and `cl`), so several frames bound with `rbind()`
#' share a figure.
#'
#' @param object a scan from [scan_grid()], a [contours()] frame or an
#'   [upper_limit()] frame.
#' @param cl contour confidence levels (2 parameters; default 1 and 2
#'   sigma, thresholds 2.30 and 6.18).
#' @param limit_cl upper-limit confidence level (1 parameter).
#' @param which curves to draw (default every experiment and combination).
#' @param limits `"auto"` (limits where nothing is reconstructed),
#'   `"always"` (both) or `"never"`.
#' @param fill shade the innermost region.
#' @param gm2 a [gm2_band()] measurement name for the band, or `NULL`.
#' @param title plot title (default: what is shown).
#' @param ... unused.
#' @return A `ggplot` object.
#' @examples
#' \donttest{
#' x <- na64mu()
#' d <- asimov(x, lmu_ltau(), g = 1e-3, mass_mev = 100)
#' s <- scan_grid(x, d, lmu_ltau(), g = 10^seq(-4, -2, length.out = 30),
#'                mass_mev = 10^seq(1, 3, length.out = 30))
#' autoplot(s)
#' autoplot(contours(s))
#' autoplot(upper_limit(s))
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
                   title = title %||% scan_title(attr(layers, "kind"), check_cl(cl),
                                                 check_cl(limit_cl)),
                   subtitle = sprintf("Fit under %s", attr(object, "model")))
}

#' @rdname autoplot.muonphilic_scan
#' @export
autoplot.muonphilic_contours <- function(object, gm2 = NULL, title = NULL, ...) {
  need_ggplot2()
  d <- plain_df(object)
  need <- c("experiment", "cl", "piece", "mass_mev", "g")
  if (!all(need %in% names(d)) || !nrow(d)) {
    mp_abort("`object` must be a non-empty contours() frame with columns %s.",
             paste(need, collapse = ", "))
  }
  layers <- list(contours = d, limits = NULL, tiles = NULL, truth = NULL)
  title <- title %||% sprintf("%s CL regions", paste(unique(d$cl[order(label_cl(d$cl))]),
                                                     collapse = "/"))
  plot_scan_layers(layers, range(d$g), range(d$mass_mev), gm2, title = title)
}

#' @rdname autoplot.muonphilic_scan
#' @export
autoplot.muonphilic_limits <- function(object, gm2 = NULL, title = NULL, ...) {
  need_ggplot2()
  d <- plain_df(object)
  need <- c("experiment", "cl", "mass_mev", "g_upper")
  if (!all(need %in% names(d))) {
    mp_abort("`object` must be an upper_limit() frame with columns %s.",
             paste(need, collapse = ", "))
  }
  d <- d[is.finite(d$g_upper), , drop = FALSE]
  if (!nrow(d)) mp_abort("`object` holds no finite limit to draw.")
  lim <- d
  lim$cl_label <- sprintf("%s CL limit", cl_labels(lim$cl))
  lim$group <- paste(lim$experiment, lim$cl_label, lim$method %||% "")
  cols <- scan_colours(unique(lim$experiment))
  ggplot2::ggplot(lim, ggplot2::aes(x = mass_mev, y = g_upper, colour = experiment, group = group,
                                    linetype = cl_label)) +
    ggplot2::geom_line() +
    ggplot2::scale_colour_manual(values = cols, name = NULL) +
    ggplot2::scale_linetype_discrete(name = NULL) +
    ggplot2::scale_x_log10() + ggplot2::scale_y_log10() +
    ggplot2::labs(x = axis_label_mass(), y = axis_label_g(),
                  title = title %||% sprintf("Exclusion (%s CL upper limits)",
                                             paste(unique(cl_labels(unique(lim$cl))), collapse = "/"))) +
    ggplot2::theme_bw()
}
