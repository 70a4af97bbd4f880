# The present-day answer: every real-data experiment (2020-2026) alone and
# combined in one profile-likelihood scan per model, 90 % CL exclusions,
# the 2021 and 2025 (g-2)mu bands, and what is still allowed.

utils::globalVariables(c("g_upper", "experiment", "label", "g_low", "g_high"))

# Read a table shipped in inst/extdata/<folder>/<file> (comma separated,
# `#` comments). `data_dir` replaces the installed folder (tests). A missing
# or unreadable file is a classed error.
read_real_data <- function(folder, file, data_dir = NULL, call = sys.call(-1)) {
  if (is.null(data_dir)) {
    data_dir <- system.file("extdata", folder, package = "muonphilic")
  } else if (!is.character(data_dir) || length(data_dir) != 1L || is.na(data_dir) ||
             !nzchar(data_dir)) {
    mp_abort("`data_dir` must be one folder path (or NULL for the installed data), not %s.",
             mp_describe(data_dir), call = call)
  }
  path <- file.path(data_dir, file)
  if (!nzchar(data_dir) || !file.exists(path) || dir.exists(path)) {
    mp_abort("Data file \"%s\" not found in \"%s\": the package's extdata/%s folder must hold it (reinstall the package, or give a `data_dir` that has it).",
             file, data_dir, folder, class = c("muonphilic_error_data", "muonphilic_error_input"),
             call = call)
  }
  tab <- tryCatch(
    utils::read.csv(path, comment.char = "#", stringsAsFactors = FALSE, strip.white = TRUE),
    error = function(e) e, warning = function(w) w)
  if (inherits(tab, "condition") || !is.data.frame(tab) || nrow(tab) == 0L) {
    mp_abort("Data file \"%s\" could not be read as a comma-separated table%s.", path,
             if (inherits(tab, "condition")) paste0(": ", conditionMessage(tab)) else "",
             class = c("muonphilic_error_data", "muonphilic_error_input"), call = call)
  }
  tab
}

#' The registry of real-data experiments
#'
#' A named list of constructors, one per experiment with published data
#' that the package models, each called without arguments by
#' [present_day()]: `"NA64mu 2022"` ([na64mu_2022()]) and `"g-2 (WP25)"`
#' ([gm2_likelihood()] with the 2025 measurement). The solar-8B searches of
#' XENONnT and PandaX-4T and the COHERENT argon and CsI data join the list
#' when their constructors are part of the package.
#'
#' @return A named list of functions, each returning an experiment.
#' @seealso [present_day()].
#' @examples
#' reg <- real_data_experiments()
#' names(reg)
#' reg[["NA64mu 2022"]]()
#' @export
real_data_experiments <- function() {
  reg <- list(
    "NA64mu 2022" = function() na64mu_2022(),
    "g-2 (WP25)" = function() gm2_likelihood("wp2025")
  )
  # ---- INTEGRATOR: issue 13 items 1-4 ------------------------------------
  # When xenonnt_8b_2024(), pandax4t_8b_2024(), coherent_ar_2020() and
  # coherent_csi_2022() are merged they are picked up here by name (called
  # without arguments). Replace this block by explicit entries, e.g.
  #   reg[["XENONnT 8B 2024"]] <- function() xenonnt_8b_2024()
  # if a constructor needs arguments.
  later <- c("XENONnT 8B 2024" = "xenonnt_8b_2024", "PandaX-4T 8B 2024" = "pandax4t_8b_2024",
             "COHERENT Ar 2020" = "coherent_ar_2020", "COHERENT CsI 2022" = "coherent_csi_2022")
  ns <- asNamespace("muonphilic")
  for (nm in names(later)) {
    if (exists(later[[nm]], envir = ns, inherits = FALSE)) {
      reg[[nm]] <- get(later[[nm]], envir = ns, inherits = FALSE)
    }
  }
  # -------------------------------------------------------------------------
  reg
}

# The 90 % CL upper limit on g at each mass. The one place that fixes the
# statistical convention of present_day(): today the asymptotic profile
# likelihood of upper_limit() (Delta(-2 ln L) = 2.71 against the best fit at
# that mass); switch to upper_limit(scan, cl, method = ...) here when the
# statistics rework offers it.
present_limit <- function(scan, which, cl = 0.90) {
  upper_limit(scan, cl = cl, which = which)
}

# Build the experiments of a registry (constructors or experiments).
build_real_experiments <- function(experiments, call = sys.call(-1)) {
  if (!is.list(experiments) || is.data.frame(experiments) || length(experiments) == 0L ||
      is_experiment(experiments)) {
    mp_abort("`experiments` must be a non-empty named list of experiments or constructors (see real_data_experiments()), not %s.",
             mp_describe(experiments), call = call)
  }
  nm <- names(experiments)
  if (is.null(nm) || any(is.na(nm) | !nzchar(nm)) || anyDuplicated(nm)) {
    mp_abort("`experiments` must have unique, non-empty names (they label the limits).",
             call = call)
  }
  if (any(nm %in% c(reserved_columns, "combined"))) {
    mp_abort("`experiments` must not be named %s.",
             paste0("\"", c(reserved_columns, "combined"), "\"", collapse = ", "), call = call)
  }
  out <- lapply(seq_along(experiments), function(i) {
    e <- experiments[[i]]
    if (is.function(e)) e <- call_user_fun(e, sprintf("experiments[[\"%s\"]]", nm[i]), call = call)
    if (!is_experiment(e)) {
      mp_abort("`experiments[[\"%s\"]]` must be (or make) a muonphilic experiment, not %s.",
               nm[i], mp_describe(e), call = call)
    }
    if (is.null(observed_counts(e))) {
      mp_abort("`experiments[[\"%s\"]]` carries no observed data (observed_counts() is NULL).",
               nm[i], call = call)
    }
    e
  })
  stats::setNames(out, nm)
}

# plotmath title of a model.
model_title <- function(name) {
  switch(name,
         LmuLtau = quote(U(1)[L[mu] - L[tau]] ~ "in 2026"),
         Lmu = quote(U(1)[L[mu]] ~ "in 2026"),
         name)
}

#' The present-day answer: U(1)Lmu-Ltau (and Lmu) in 2026
#'
#' Confronts each model with every real data set of
#' [real_data_experiments()] (observed data carried by the experiments) in
#' one profile-likelihood scan per model ([scan_grid()] with
#' `data = NULL`): the columns of the scan are the experiments alone and
#' `combined` their sum, so each experiment's 90 % CL exclusion and the
#' combined one come from the same grid. The 90 % CL upper limit on
#' \eqn{g} at each mass is the asymptotic profile-likelihood limit of
#' [upper_limit()] (\eqn{\Delta(-2\ln L) = 2.71} against the best fit at
#' that mass). Also returned: the (g-2)mu bands at 2 sigma for the 2021
#' measurement against the 2020 White Paper and for the 2025 one against
#' the 2025 Theory Initiative value ([gm2_band()]), and a table of what is
#' still allowed: the largest coupling allowed by the combination at each
#' of `allowed_at_mev`, the experiment that limits it, and whether the 2021
#' band survives there.
#'
#' The masses `allowed_at_mev` are added to the mass grid, so the "still
#' allowed" table needs no interpolation in mass.
#'
#' @param dir output folder for the figures (one PNG per model, 300 dpi,
#'   plotmath labels) and the tables (`limits.csv`, `still-allowed.csv`);
#'   `NULL` (default) writes nothing.
#' @param models a list of models ([lmu_ltau()], [lmu()], ...).
#' @param g coupling grid (dimensionless, positive, strictly increasing);
#'   default 100 (quick: 30) log-spaced points in \eqn{[10^{-5}, 10^{-1}]}.
#' @param mass_mev mass grid in MeV (positive, strictly increasing); default
#'   100 (quick: 30) log-spaced points in \[1, 1000\] MeV.
#' @param quick coarser default grids (for examples, tests and vignettes).
#' @param experiments a named list of experiments or constructors (default
#'   [real_data_experiments()]); every one must carry observed data.
#' @param allowed_at_mev masses in MeV of the "still allowed" table
#'   (positive; default 10, 30 and 100).
#' @return A list: `limits` (data frame `model`, `experiment`, `mass_mev`,
#'   `g_upper`, `cl`; `experiment` is `"combined"` for the combination;
#'   `g_upper` is `NA` where the limit is not reached inside the grid),
#'   `bands` (data frame `label`, `measurement`, `mass_mev`, `g_low`,
#'   `g_high`), `still_allowed` (data frame `model`, `mass_mev`,
#'   `g_max_allowed`, `limited_by`, `band2021_low`, `band2021_high`,
#'   `band2021`), `scans` (the scans, one per model), `files` (written
#'   files) and `seconds`.
#' @seealso [real_data_experiments()], [na64mu_2022()], [gm2_likelihood()],
#'   and the vignette "U(1)Lmu-Ltau in 2026".
#' @examples
#' \donttest{
#' out <- present_day(models = list(lmu_ltau()), quick = TRUE)
#' out$still_allowed
#' }
#' @export
present_day <- function(dir = NULL, models = list(lmu_ltau(), lmu()), g = NULL,
                        mass_mev = NULL, quick = FALSE,
                        experiments = real_data_experiments(),
                        allowed_at_mev = c(10, 30, 100)) {
  t0 <- proc.time()[["elapsed"]]
  if (!is.null(dir) && (!is.character(dir) || length(dir) != 1L || is.na(dir) || !nzchar(dir))) {
    mp_abort("`dir` must be one directory path or NULL, not %s.", mp_describe(dir))
  }
  check_flag(quick, "quick")
  if (inherits(models, "muonphilic_model")) models <- list(models)
  if (!is.list(models) || length(models) == 0L) {
    mp_abort("`models` must be a non-empty list of models (lmu_ltau(), lmu(), ...), not %s.",
             mp_describe(models))
  }
  for (i in seq_along(models)) check_model(models[[i]], sprintf("models[[%d]]", i))
  mnames <- vapply(models, function(m) m$name, character(1))
  if (anyDuplicated(mnames)) mp_abort("`models` must have distinct names; got %s.",
                                      paste(mnames, collapse = ", "))
  n <- if (quick) 30L else 100L
  g <- if (is.null(g)) 10^seq(-5, -1, length.out = n) else check_grid(g, "g")
  mass_mev <- if (is.null(mass_mev)) 10^seq(0, 3, length.out = n) else check_grid(mass_mev, "mass_mev")
  allowed_at_mev <- check_positive(allowed_at_mev, "allowed_at_mev")
  mass_mev <- sort(unique(c(mass_mev, allowed_at_mev)))
  ex <- build_real_experiments(experiments)
  if (!is.null(dir)) need_ggplot2()

  scans <- list()
  limits <- list()
  for (k in seq_along(models)) {
    s <- scan_grid(ex, NULL, models[[k]], g = g, mass_mev = mass_mev,
                   combine = length(ex) > 1L)
    scans[[mnames[k]]] <- s
    curves <- c(names(ex), if (length(ex) > 1L) "combined")
    lim <- present_limit(s, which = curves)
    limits[[k]] <- data.frame(model = mnames[k], experiment = lim$experiment,
                              mass_mev = lim$mass_mev, g_upper = lim$g_upper, cl = lim$cl,
                              stringsAsFactors = FALSE)
  }
  limits <- do.call(rbind, limits)
  rownames(limits) <- NULL

  bands <- rbind(
    data.frame(label = "(g-2)mu 2021 vs WP20, 2 sigma",
               as.data.frame(gm2_band(lmu_ltau(), mass_mev, "fnal2021", n_sigma = 2))),
    data.frame(label = "(g-2)mu 2025 vs WP25, 2 sigma upper edge",
               as.data.frame(gm2_band(lmu_ltau(), mass_mev, "wp2025", n_sigma = 2))))
  bands <- bands[c("label", "measurement", "mass_mev", "g_low", "g_high")]

  total <- if (length(ex) > 1L) "combined" else names(ex)
  b21 <- gm2_band(lmu_ltau(), allowed_at_mev, "fnal2021", n_sigma = 2)
  still <- do.call(rbind, lapply(mnames, function(mn) {
    l <- limits[limits$model == mn, ]
    do.call(rbind, lapply(seq_along(allowed_at_mev), function(j) {
      m <- allowed_at_mev[j]
      at <- l[abs(l$mass_mev / m - 1) < 1e-12, ]
      gmax <- at$g_upper[at$experiment == total]
      single <- at[at$experiment %in% names(ex) & is.finite(at$g_upper), ]
      by <- if (nrow(single)) single$experiment[which.min(single$g_upper)] else NA_character_
      lo <- b21$g_low[j]
      hi <- b21$g_high[j]
      verdict <- if (!is.finite(gmax)) "not limited in the grid" else if (gmax < lo) "excluded" else if (gmax < hi) "partly allowed" else "allowed"
      data.frame(model = mn, mass_mev = m, g_max_allowed = gmax, limited_by = by,
                 band2021_low = lo, band2021_high = hi, band2021 = verdict,
                 stringsAsFactors = FALSE)
    }))
  }))
  rownames(still) <- NULL

  files <- character()
  if (!is.null(dir)) {
    dir.create(dir, showWarnings = FALSE, recursive = TRUE)
    for (mn in mnames) {
      p <- present_day_plot(limits[limits$model == mn, ], bands, range(g), range(mass_mev),
                            model_title(mn))
      f <- file.path(dir, sprintf("present-day-%s.png", mn))
      ggplot2::ggsave(f, p, width = 8, height = 6.5, dpi = paper_dpi)
      files <- c(files, f)
    }
    f1 <- file.path(dir, "limits.csv")
    f2 <- file.path(dir, "still-allowed.csv")
    utils::write.csv(limits, f1, row.names = FALSE)
    utils::write.csv(still, f2, row.names = FALSE)
    files <- c(files, f1, f2)
  }
  secs <- proc.time()[["elapsed"]] - t0
  list(limits = limits, bands = bands, still_allowed = still, scans = scans, files = files,
       seconds = secs)
}

# The figure of one model: the 90 % CL limits of each experiment and of the
# combination, the 2021 band and the 2025 upper edge at 2 sigma.
present_day_plot <- function(limits, bands, g_range, mass_range, title) {
  need_ggplot2()
  lim <- limits[is.finite(limits$g_upper), , drop = FALSE]
  exps <- unique(limits$experiment)
  cols <- scan_colours(exps)
  widths <- stats::setNames(ifelse(exps == "combined", 1.2, 0.6), exps)
  bands$g_low <- pmin(pmax(bands$g_low, g_range[1]), g_range[2])
  bands$g_high <- pmin(pmax(bands$g_high, g_range[1]), g_range[2])
  band21 <- bands[bands$measurement == "fnal2021", , drop = FALSE]
  edge25 <- bands[bands$measurement == "wp2025", , drop = FALSE]
  ggplot2::ggplot() +
    ggplot2::geom_ribbon(data = band21, ggplot2::aes(x = mass_mev, ymin = g_low, ymax = g_high,
                                                     fill = label), alpha = 0.45) +
    ggplot2::geom_line(data = edge25, ggplot2::aes(x = mass_mev, y = g_high, linetype = label),
                       colour = "#4d9221") +
    ggplot2::geom_line(data = lim, ggplot2::aes(x = mass_mev, y = g_upper, colour = experiment,
                                                linewidth = experiment)) +
    ggplot2::scale_colour_manual(values = cols, name = "90 % CL exclusion") +
    ggplot2::scale_linewidth_manual(values = widths, guide = "none") +
    ggplot2::scale_fill_manual(values = stats::setNames("#4d9221", band21$label[1]), name = NULL) +
    ggplot2::scale_linetype_manual(values = stats::setNames("dashed", edge25$label[1]),
                                   name = NULL) +
    mp_scale_x_log10() + mp_scale_y_log10() +
    ggplot2::coord_cartesian(xlim = mass_range, ylim = g_range, expand = FALSE) +
    ggplot2::labs(x = mp_axis_label("mass_mev"), y = mp_axis_label("g"), title = title,
                  caption = "Excluded above the solid lines (asymptotic profile likelihood).") +
    ggplot2::theme_bw() +
    ggplot2::theme(legend.position = "bottom", legend.box = "vertical",
                   plot.margin = ggplot2::margin(5.5, 18, 5.5, 5.5))
}
