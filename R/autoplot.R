# autoplot() for experiments (their expected spectra) and for the data
# frames of expected_counts() (class "muonphilic_counts").

utils::globalVariables(c("lower", "upper", "counts", "component", "centre", "point", "key"))

# The class of expected_counts() results: still a data frame.
new_counts_frame <- function(df) {
  if (!inherits(df, "muonphilic_counts")) {
    class(df) <- c("muonphilic_counts", setdiff(class(df), "muonphilic_counts"))
  }
  df
}

# A short name of an experiment for titles: the label its contract
# declares (new_experiment()), else the name scans give it.
experiment_label <- function(x) contract(x)$label %||% default_experiment_name(x)

# What the bins of an experiment measure, for the x axis.
bin_quantity <- function(unit, x = NULL) {
  if (inherits(x, "muonphilic_na64mu")) return("outgoing muon energy")
  if (is.character(unit) && length(unit) == 1L && grepl("^keV", unit)) return("recoil energy")
  "bin"
}

# The x-axis title: quantity and unit of the bin edges.
bin_axis_label <- function(unit, x = NULL) {
  q <- bin_quantity(unit, x)
  if (is.character(unit) && length(unit) == 1L && !is.na(unit) && nzchar(unit)) {
    sprintf("%s [%s]", q, unit)
  } else {
    q
  }
}

# Per-bin step plot: one horizontal segment per bin from its lower to its
# upper edge at its count, a light bar below it; x on a log axis when the
# bins span more than a decade.
counts_step_plot <- function(df, colour_by, log_x) {
  df$key <- df[[colour_by]]
  p <- ggplot2::ggplot(df) +
    ggplot2::geom_rect(ggplot2::aes(xmin = lower, xmax = upper, ymin = 0, ymax = counts,
                                    fill = key), alpha = 0.15,
                       show.legend = FALSE) +
    ggplot2::geom_segment(ggplot2::aes(x = lower, xend = upper, y = counts, yend = counts,
                                       colour = key), linewidth = 0.9)
  lev <- levels(df[[colour_by]])
  cols <- stats::setNames(mp_palette(length(lev)), lev)
  p <- p + ggplot2::scale_colour_manual(values = cols, name = NULL) +
    ggplot2::scale_fill_manual(values = cols, guide = "none") +
    ggplot2::theme_bw() +
    ggplot2::theme(legend.position = "bottom", legend.box = "vertical")
  if (log_x) p <- p + mp_scale_x_log10()
  p
}

auto_log_x <- function(log_x, lower, upper, call = sys.call(-1)) {
  if (is.null(log_x)) {
    return(all(lower > 0) && max(upper) / min(lower) > 30)
  }
  check_flag(log_x, "log_x", call = call)
  if (log_x && any(lower <= 0)) {
    mp_abort("`log_x = TRUE` needs positive bin edges; the lowest edge is %g.", min(lower),
             call = call)
  }
  log_x
}

#' Plot an experiment's expected spectrum
#'
#' Draws, bin by bin (horizontal steps between the bin edges, in the unit
#' of the experiment's bins), what the experiment expects: its background,
#' the Standard-Model counts without a new boson (where the experiment has
#' any, e.g. CEvNS), the signal of the new boson (the change of the
#' expected counts at coupling `g` and mass `mass_mev`; it can be negative
#' where the new boson interferes destructively) and, for experiments that
#' carry real data, the observed counts as points.
#'
#' @param object an experiment ([na64mu()], [spallation_detector()],
#'   [cevns_detector()], [xenon_detector()], [na64mu_2022()], ...).
#' @param model the model of the signal ([lmu_ltau()], [lmu()], ...).
#' @param g the coupling of the signal (one finite number, dimensionless).
#' @param mass_mev the mediator mass of the signal in MeV (one positive
#'   number).
#' @param log_x draw the bin axis on a log scale; `NULL` (default): when
#'   the bin edges span more than a factor 30.
#' @param ... unused.
#' @return A `ggplot` object; its data (`lower`, `upper` bin edges,
#'   `counts` per bin, `component`) are in `$data`.
#' @seealso [expected_counts()], [background_counts()],
#'   [autoplot.muonphilic_counts()].
#' @examples
#' autoplot(na64mu(), model = lmu_ltau(), g = 5e-4, mass_mev = 20)
#' @export
autoplot.muonphilic_experiment <- function(object, model = lmu_ltau(), g = 5e-4,
                                           mass_mev = 15, log_x = NULL, ...) {
  need_ggplot2()
  check_model(model)
  g <- check_number(g, "g", len = 1L)
  mass_mev <- check_positive(mass_mev, "mass_mev", len = 1L)
  with_signal <- expected_counts(object, model, g, mass_mev)
  without <- expected_counts(object, model, 0, mass_mev)
  nb <- nrow(with_signal)
  bg <- background_counts(object)
  bg <- if (length(bg) == 1L) rep(bg, nb) else as.numeric(bg)
  if (length(bg) != nb) {
    mp_abort("The experiment's background_counts() has %d values for %d bins.",
             length(bg), nb, class = "muonphilic_error_contract")
  }
  unit <- attr(with_signal, "unit")
  bins <- data.frame(lower = with_signal$lower, upper = with_signal$upper)
  signal_label <- sprintf("signal (%s, g = %g, M = %g MeV)", model$name, g, mass_mev)
  parts <- list(data.frame(bins, counts = bg, component = "background"))
  if (any(without$counts != 0)) {
    parts[[length(parts) + 1L]] <- data.frame(bins, counts = without$counts,
                                              component = "Standard Model")
  }
  parts[[length(parts) + 1L]] <- data.frame(bins, counts = with_signal$counts - without$counts,
                                            component = signal_label)
  df <- do.call(rbind, parts)
  df$component <- factor(df$component, levels = unique(df$component))
  log_x <- auto_log_x(log_x, df$lower, df$upper)
  p <- counts_step_plot(df, "component", log_x)
  obs <- observed_counts(object)
  if (!is.null(obs) && length(obs) == nb) {
    od <- data.frame(centre = if (log_x) sqrt(bins$lower * bins$upper)
                     else (bins$lower + bins$upper) / 2,
                     counts = as.numeric(obs), point = "observed")
    p <- p + ggplot2::geom_point(data = od, ggplot2::aes(x = centre, y = counts, shape = point)) +
      ggplot2::scale_shape_manual(values = c(observed = 16), name = NULL)
  }
  p + ggplot2::labs(x = bin_axis_label(unit, object), y = "events per bin",
                    title = sprintf("%s: expected counts per bin", experiment_label(object)))
}

#' Plot expected counts
#'
#' Draws a data frame of [expected_counts()] (class `muonphilic_counts`)
#' bin by bin: one horizontal step per bin between its edges (`lower`,
#' `upper`, in the unit of the experiment's bins) at its `counts`, one
#' colour per (coupling, mass) point.
#'
#' @param object expected counts from [expected_counts()].
#' @param log_x draw the bin axis on a log scale; `NULL` (default): when
#'   the bin edges span more than a factor 30.
#' @param ... unused.
#' @return A `ggplot` object.
#' @seealso [autoplot.muonphilic_experiment()].
#' @examples
#' ec <- expected_counts(na64mu(), lmu_ltau(), g = c(5e-4, 1e-3), mass_mev = 20)
#' autoplot(ec)
#' @export
autoplot.muonphilic_counts <- function(object, log_x = NULL, ...) {
  need_ggplot2()
  need <- c("lower", "upper", "counts")
  if (!is.data.frame(object) || !all(need %in% names(object))) {
    mp_abort("`object` must be expected counts with columns %s (from expected_counts()), not %s.",
             paste(need, collapse = ", "), mp_describe(object))
  }
  check_plot_rows(object, "the expected counts")
  unit <- attr(object, "unit")
  df <- as.data.frame(unclass(object)[intersect(c(need, "g", "mass_mev"), names(object))])
  if (all(c("g", "mass_mev") %in% names(df))) {
    df$point <- sprintf("g = %g, M = %g MeV", df$g, df$mass_mev)
  } else {
    df$point <- "expected"
  }
  df$point <- factor(df$point, levels = unique(df$point))
  log_x <- auto_log_x(log_x, df$lower, df$upper)
  counts_step_plot(df, "point", log_x) +
    ggplot2::labs(x = bin_axis_label(unit), y = "events per bin",
                  title = "Expected counts per bin")
}
