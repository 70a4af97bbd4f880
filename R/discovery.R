# Discovery reach (Eq. 38 replaced by the Asimov Z_A): significance at a
# configuration, the exposure reaching 5 sigma, exposure-threshold lines
# (Figs. 11, 13, 14). Written against the experiment contract: any
# experiment works (expected_counts(), background_counts() and its declared
# exposure); xenon detectors add analyses and thresholds.

utils::globalVariables(c("threshold_kev", "exposure_tyr", "analysis", "benchmark", "label"))

# Totals per tonne-year for the detector's current analysis and threshold:
# list(bsm = [point], sm = [point], bkg = number) at couplings g for mass
# indices m of `rates` (from detector_rates()).
discovery_totals <- function(x, rates, g, m) {
  if (x$bins != 1L) x <- set_analysis(x, x$analysis, x$threshold_kev, bins = 1L)
  resp <- response_of(x)
  ft <- fold_terms(resp, rates) # [1, term, mass]
  p <- attr(ft, "powers")
  tot <- matrix(ft[1, , ], nrow = length(p))
  bsm <- colSums(tot[, m, drop = FALSE] * outer(p, g, function(pp, gg) gg^pp))
  sm <- colSums(tot[, m, drop = FALSE] * (0^p))
  check_finite_result(c(bsm, sm), "Expected signal totals")
  list(bsm = bsm, sm = sm, bkg = sum(background_per_tyr(x, resp)))
}

disc_status <- c("reached", "no excess over the background-only expectation",
                 "beyond max_exposure_tyr", "background-free: any exposure")

#' Discovery significance and discovery exposure of an experiment
#'
#' `discovery_significance()` computes the median (Asimov) discovery
#' significance of a counting experiment (Cowan, Cranmer, Gross and
#' Vitells, EPJC 71 (2011) 1554, Eq. 97),
#' \eqn{Z_A = \sqrt{2((s + b)\ln(1 + s/b) - s)}}, where \eqn{s + b =}
#' `n_obs` is the expected number of events of the model plus the
#' experimental background and \eqn{b} the background-only expectation (SM
#' neutrino events plus experimental background), both summed over the
#' analysis window, and its one-sided p-value \eqn{p = 1 - \Phi(Z_A)}. The
#' paper's Eq. 38 (a Poisson p-value continued to non-integer counts) gives
#' negative significances for an excess below about one event; \eqn{Z_A}
#' is never negative for \eqn{s \ge 0} and agrees with Eq. 38 at large
#' counts (see the vignette "Where muonphilic differs from the paper").
#' `discovery_exposure()` finds the exposure at which the significance
#' reaches `n_sigma`: \eqn{Z_A} grows as the square root of the exposure, so
#' the exposure is \eqn{(n_\sigma / Z_A(1\,t\,yr))^2 \times 1\,t\,yr}; it is
#' `Inf` when unreachable, with `reachable = FALSE` and the reason in
#' `status`.
#'
#' Any experiment works: \eqn{s + b} and \eqn{b} are then the totals of
#' [expected_counts()] at the point and at \eqn{g = 0} plus
#' [background_counts()], and the exposure is the experiment's own exposure
#' argument (`years` of [spallation_detector()] and [cevns_detector()],
#' `mot` of [na64mu()]), every count (signal and background) taken
#' proportional to it; change it with [update.muonphilic_experiment()].
#' `analysis`, `exposure_tyr` and `threshold_kev` apply to xenon detectors
#' only.
#'
#' @param detector an experiment: a [xenon_detector()], a
#'   [spallation_detector()], a [cevns_detector()], [na64mu()], ...
#' @param model a model ([lmu_ltau()], ...).
#' @param g couplings (|g| <= sqrt(4 pi)); recycled pairwise with `mass_mev`.
#' @param mass_mev mediator masses in MeV.
#' @param analysis `"NR"`, `"ER"` or `"NR+ER"` (default the detector's).
#' @param exposure_tyr exposure in tonne-years (default the detector's).
#' @param threshold_kev threshold in the analysis's scale: keVnr for `"NR"`,
#'   keVee for `"ER"` and `"NR+ER"` (default: the detector's when the
#'   analysis is unchanged, else the nominal one).
#' @param n_sigma target significance in standard deviations (default 5).
#' @param max_exposure_tyr largest exposure searched (tonne-years; for
#'   experiments other than xenon detectors, the largest multiple of the
#'   experiment's exposure).
#' @param ... deprecated spellings: `sigma` (now `n_sigma`).
#' @return A data frame, one row per point: `experiment` (the detector),
#'   `analysis`,
#'   `threshold_kev`, `unit`, `mass_mev`, `g`, and for
#'   `discovery_significance()` `exposure_tyr`, `n_sm`, `n_background`,
#'   `n_obs`, `b`, `p_value`, `sigma`; for `discovery_exposure()`
#'   `exposure_tyr`, `reachable`, `status`. For other experiments the
#'   columns are `detector`, `mass_mev`, `g`, `exposure` (the value of the
#'   exposure argument) and `exposure_unit`, then the same counts and
#'   results.
#'   Extreme inputs whose results leave double precision (couplings, charges
#'   or kinetic mixing beyond about 1e150, subnormal masses) signal an error
#'   of class `muonphilic_error_numeric` instead of returning Inf or NaN.
#' @examples
#' \donttest{
#' bp <- benchmark_points()
#' darwin <- xenon_detector("DARWIN", analysis = "NR", threshold_kev = 1)
#' discovery_significance(darwin, lmu_ltau(), bp$g, bp$mass_mev)
#' discovery_exposure(darwin, lmu_ltau(), bp$g[1], bp$mass_mev[1])
#' }
#' discovery_significance(na64mu(), lmu_ltau(), g = 1e-4, mass_mev = 100)
#' discovery_exposure(spallation_detector("ESS10"), lmu_ltau(), g = 2e-2, mass_mev = 15)
#' @export
discovery_significance <- function(detector, model, g, mass_mev, analysis = detector$analysis,
                                   exposure_tyr = detector$exposure_tyr, threshold_kev = NULL) {
  if (!inherits(detector, "muonphilic_xenon")) {
    x <- generic_setup(detector, model, analysis, threshold_kev, exposure_tyr)
    a <- discovery_points(g, mass_mev)
    tt <- contract_totals(x, model, a)
    ps <- mp_call(.Call(ffi_discovery_sigma, as.double(tt$n_obs), as.double(tt$b)))
    return(data.frame(experiment = tt$label, mass_mev = a$mass_mev, g = a$g,
                      exposure = tt$exposure, exposure_unit = tt$unit, n_sm = tt$sm,
                      n_background = tt$bkg, n_obs = tt$n_obs, b = tt$b,
                      p_value = ps[, 1], sigma = ps[, 2], stringsAsFactors = FALSE))
  }
  x <- discovery_setup(detector, model, analysis, threshold_kev)
  exposure_tyr <- check_positive(exposure_tyr, "exposure_tyr", len = 1L)
  a <- discovery_points(g, mass_mev)
  rates <- detector_rates(x, model, a$um)
  tt <- discovery_totals(x, rates, a$g, a$m)
  n_obs <- exposure_tyr * (tt$bsm + tt$bkg)
  b <- exposure_tyr * (tt$sm + tt$bkg)
  if (any(n_obs < 0) || any(b < 0)) {
    mp_abort("Negative expected counts: the rate terms are unphysical at these couplings.",
             class = "muonphilic_error_numeric")
  }
  ps <- mp_call(.Call(ffi_discovery_sigma, as.double(n_obs), as.double(b)))
  data.frame(experiment = x$name, analysis = x$analysis, threshold_kev = x$threshold_kev,
             unit = scale_unit(analysis_scale(x$analysis)), mass_mev = a$mass_mev, g = a$g,
             exposure_tyr = exposure_tyr, n_sm = exposure_tyr * tt$sm,
             n_background = exposure_tyr * tt$bkg, n_obs = n_obs, b = b,
             p_value = ps[, 1], sigma = ps[, 2], stringsAsFactors = FALSE)
}

#' @rdname discovery_significance
#' @export
discovery_exposure <- function(detector, model, g, mass_mev, analysis = detector$analysis,
                               threshold_kev = NULL, n_sigma = 5, max_exposure_tyr = 1e8, ...) {
  take_renamed(c(sigma = "n_sigma"))
  if (!inherits(detector, "muonphilic_xenon")) {
    x <- generic_setup(detector, model, analysis, threshold_kev)
    n_sigma <- check_positive(n_sigma, "n_sigma", len = 1L)
    max_exposure_tyr <- check_positive(max_exposure_tyr, "max_exposure_tyr", len = 1L)
    a <- discovery_points(g, mass_mev)
    tt <- contract_totals(x, model, a)
    r <- contract_exposure(tt, n_sigma, max_exposure_tyr)
    return(data.frame(experiment = tt$label, mass_mev = a$mass_mev, g = a$g,
                      exposure = r$exposure, exposure_unit = tt$unit, reachable = r$reachable,
                      status = r$status, stringsAsFactors = FALSE))
  }
  x <- discovery_setup(detector, model, analysis, threshold_kev)
  sigma <- check_positive(n_sigma, "n_sigma", len = 1L)
  max_exposure_tyr <- check_positive(max_exposure_tyr, "max_exposure_tyr", len = 1L)
  a <- discovery_points(g, mass_mev)
  rates <- detector_rates(x, model, a$um)
  tt <- discovery_totals(x, rates, a$g, a$m)
  solve_exposure(x, tt, sigma, max_exposure_tyr, a)
}

solve_exposure <- function(x, tt, sigma, max_exposure_tyr, a) {
  s1 <- tt$bsm + tt$bkg
  b1 <- tt$sm + tt$bkg
  if (any(s1 < 0) || any(b1 < 0)) {
    mp_abort("Negative expected counts: the rate terms are unphysical at these couplings.",
             class = "muonphilic_error_numeric")
  }
  r <- mp_call(.Call(ffi_discovery_exposure, as.double(s1), as.double(b1),
                     rep(sigma, length(s1)), max_exposure_tyr, mp_rel_tol()))
  data.frame(experiment = x$name, analysis = x$analysis, threshold_kev = x$threshold_kev,
             unit = scale_unit(analysis_scale(x$analysis)), mass_mev = a$mass_mev, g = a$g,
             exposure_tyr = r[, 1], reachable = is.finite(r[, 1]),
             status = disc_status[r[, 2] + 1], stringsAsFactors = FALSE)
}

discovery_setup <- function(detector, model, analysis, threshold_kev, call = sys.call(-1)) {
  check_xenon(detector, call = call)
  check_model(model, call = call)
  # the window as one counting bin: one response build serves the totals
  with_analysis(detector, analysis, threshold_kev, bins = 1L, call = call)
}

# ---- any experiment, through the contract ---------------------------------

# An experiment of the package with a declared exposure; the xenon-only
# arguments must be left out.
generic_setup <- function(detector, model, analysis, threshold_kev, exposure_tyr = NULL,
                          call = sys.call(-1)) {
  ct <- if (is_experiment(detector)) contract(detector)
  if (is.null(ct) || is.null(ct$exposure)) {
    mp_abort("`detector` must be an experiment with an exposure (xenon_detector(), spallation_detector(), cevns_detector(), na64mu(), ...), not %s%s.",
             mp_describe(detector), order_hint(detector), call = call)
  }
  check_experiment_arg(detector, call = call)
  check_model(model, call = call)
  given <- c(analysis = !is.null(analysis), threshold_kev = !is.null(threshold_kev),
             exposure_tyr = !is.null(exposure_tyr))
  if (any(given)) {
    mp_abort("%s applies to xenon detectors only; change the exposure of this experiment with update(x, %s = ...).",
             paste0("`", names(given)[given], "`", collapse = ", "), ct$exposure[["arg"]],
             call = call)
  }
  detector
}

# Window totals of an experiment at points `a` (discovery_points()):
# n_obs = s + b (the model plus the background), b = the SM (g = 0) plus
# the background, per point, at the experiment's exposure.
contract_totals <- function(x, model, a) {
  ct <- contract(x)
  np <- length(a$g)
  ec <- expected_counts(x, model, c(a$g, rep(0, length(a$um))), c(a$mass_mev, a$um))
  cnt <- matrix(ec$counts, nrow = nrow(ct$bins))
  bsm <- colSums(cnt[, seq_len(np), drop = FALSE])
  sm <- colSums(cnt[, np + a$m, drop = FALSE])
  bkg <- sum(background_counts(x))
  list(label = ct$label, n_obs = bsm + bkg, b = sm + bkg, sm = sm, bkg = bkg,
       exposure = x[[ct$exposure[["arg"]]]], unit = ct$exposure[["unit"]])
}

# The exposure reaching `sigma` (every count scales with the exposure),
# searched up to `max_factor` times the experiment's exposure.
contract_exposure <- function(tt, sigma, max_factor) {
  s1 <- tt$n_obs
  b1 <- tt$b
  if (any(s1 < 0) || any(b1 < 0)) {
    mp_abort("Negative expected counts: the rate terms are unphysical at these couplings.",
             class = "muonphilic_error_numeric")
  }
  r <- mp_call(.Call(ffi_discovery_exposure, as.double(s1), as.double(b1),
                     rep(sigma, length(s1)), max_factor, mp_rel_tol()))
  list(exposure = r[, 1] * tt$exposure, reachable = is.finite(r[, 1]), status = disc_status[r[, 2] + 1])
}

discovery_points <- function(g, mass_mev, call = sys.call(-1)) {
  g <- check_coupling(g, call = call)
  mass_mev <- check_positive(mass_mev, "mass_mev", call = call)
  a <- recycle_args(g = g, mass_mev = mass_mev, call = call)
  a$um <- unique(a$mass_mev)
  a$m <- match(a$mass_mev, a$um)
  a
}

#' Five-sigma discovery lines in exposure and threshold
#'
#' For each detector, analysis, benchmark point and threshold, the exposure
#' at which the model is discovered at `n_sigma` (Figs. 11, 13, 14). Rates are
#' computed once per benchmark mass and channel, the response once per
#' threshold, and the exposure by root finding on the (linear) exposure
#' scaling.
#'
#' @param detector a [xenon_detector()] or a list of them; or any other
#'   experiment that declares a threshold ([spallation_detector()],
#'   [cevns_detector()]): it is rebuilt with each of `thresholds_kev` (its
#'   threshold argument, keVnr), `analyses` does not apply, and the
#'   exposures are in the unit of its exposure argument (`years`),
#'   searched up to `max_exposure_tyr` times its own.
#' @param model the model (default [lmu_ltau()], \eqn{\epsilon = -g/70}).
#' @param benchmarks a data frame with `benchmark`, `mass_mev` (MeV), `g`
#'   (default [benchmark_points()]).
#' @param analyses analyses among `"NR"`, `"ER"`, `"NR+ER"`.
#' @param threshold_kev thresholds: NULL (per analysis `n_thresholds`
#'   log-spaced values from the floor, 0.7 keVnr / 0.1 keVee, to
#'   `max_threshold_kev`), one numeric vector used for every analysis
#'   (keVnr for NR, keVee otherwise), or a list named by analysis.
#' @param n_sigma target significance in standard deviations (5).
#' @param n_thresholds,max_threshold_kev the default threshold grid: its
#'   size and its upper end (keVnr for NR, keVee otherwise).
#' @param max_exposure_tyr largest exposure searched, in tonne-years.
#' @param ... deprecated spellings: `thresholds_kev` (now `threshold_kev`),
#'   `sigma` (now `n_sigma`).
#' @return A data frame of class `muonphilic_discovery_lines`: `experiment`
#'   (the detector), `analysis`, `benchmark`, `mass_mev`, `g`, `threshold_kev`, `unit`,
#'   `exposure_tyr` (`Inf` where unreachable), `reachable`, `status`; the
#'   attribute `nominal` holds each detector's nominal NR and ER
#'   configurations (threshold, exposure).
#' @examples
#' \donttest{
#' lines <- discovery_lines(xenon_detector("DARWIN"), n_thresholds = 5)
#' head(lines)
#' autoplot(lines)
#' }
#' @export
discovery_lines <- function(detector, model = lmu_ltau(), benchmarks = benchmark_points(),
                            analyses = c("NR", "ER", "NR+ER"), threshold_kev = NULL,
                            n_sigma = 5, n_thresholds = 30L, max_threshold_kev = 10,
                            max_exposure_tyr = 1e8, ...) {
  take_renamed(c(thresholds_kev = "threshold_kev", sigma = "n_sigma"))
  thresholds_kev <- threshold_kev
  if (is_experiment(detector) && !inherits(detector, "muonphilic_xenon")) {
    return(contract_lines(detector, model, benchmarks, analyses, thresholds_kev, n_sigma,
                          max_exposure_tyr))
  }
  dets <- if (inherits(detector, "muonphilic_xenon")) list(detector) else detector
  if (!is.list(dets) || length(dets) == 0L) {
    mp_abort("`detector` must be a xenon_detector() or a list of them, not %s.",
             mp_describe(detector))
  }
  for (d in dets) check_xenon(d)
  check_model(model)
  benchmarks <- check_benchmarks(benchmarks)
  a <- discovery_points(benchmarks$g, benchmarks$mass_mev)
  analyses <- check_choices(analyses, "analysis", xenon_analyses)
  sigma <- check_positive(n_sigma, "n_sigma", len = 1L)
  n_thresholds <- check_number(n_thresholds, "n_thresholds", len = 1L, lower = 1, upper = 1000)
  max_threshold_kev <- check_positive(max_threshold_kev, "max_threshold_kev", len = 1L)
  max_exposure_tyr <- check_positive(max_exposure_tyr, "max_exposure_tyr", len = 1L)
  thr_for <- function(d, an) {
    sc <- analysis_scale(an)
    t <- if (is.list(thresholds_kev)) thresholds_kev[[an]] else thresholds_kev
    if (is.null(t)) {
      lo <- d$floor[[sc]]
      if (max_threshold_kev <= lo) {
        mp_abort("`max_threshold_kev` must exceed the threshold floor (%g %s).", lo, scale_unit(sc))
      }
      t <- exp(seq(log(lo), log(max_threshold_kev), length.out = n_thresholds))
    }
    check_positive(t, "threshold_kev", call = sys.call(-2))
  }
  total <- length(dets) * length(analyses)
  pb <- cli::cli_progress_bar("Discovery lines", total = total, clear = TRUE,
                              .envir = environment())
  rows <- list()
  nominal <- list()
  for (d in dets) {
    rates <- detector_rates(d, model, a$um)
    for (an in analyses) {
      for (t in thr_for(d, an)) {
        x <- set_analysis(d, an, t, bins = 1L)
        tt <- discovery_totals(x, rates, a$g, a$m)
        r <- solve_exposure(x, tt, sigma, max_exposure_tyr, a)
        r$benchmark <- benchmarks$benchmark
        rows[[length(rows) + 1L]] <- r
      }
      cli::cli_progress_update(id = pb)
    }
    nominal[[length(nominal) + 1L]] <- data.frame(
      experiment = d$name, analysis = c("NR", "ER"), threshold_kev = unname(d$nominal),
      exposure_tyr = d$exposure_tyr, stringsAsFactors = FALSE)
  }
  cli::cli_progress_done(id = pb)
  out <- do.call(rbind, rows)
  out <- out[, c("experiment", "analysis", "benchmark", "mass_mev", "g", "threshold_kev", "unit",
                 "exposure_tyr", "reachable", "status")]
  rownames(out) <- NULL
  structure(out, class = c("muonphilic_discovery_lines", "data.frame"),
            nominal = do.call(rbind, nominal), sigma = sigma)
}

# discovery_lines() of an experiment with a declared threshold argument:
# rebuilt (update()) at each threshold, everything derived following.
contract_lines <- function(x, model, benchmarks, analyses, thresholds_kev, sigma,
                           max_factor, call = sys.call(-1)) {
  generic_setup(x, model, NULL, NULL, call = call)
  ct <- contract(x)
  if (is.null(ct$threshold)) {
    mp_abort("This experiment (%s) declares no threshold: use discovery_exposure().",
             mp_describe(x), call = call)
  }
  if (!identical(analyses, eval(formals(discovery_lines)$analyses))) {
    mp_abort("`analyses` applies to xenon detectors only.", call = call)
  }
  if (is.null(thresholds_kev)) {
    mp_abort("Give `threshold_kev`: the values of `%s` (%s) to try.", ct$threshold[["arg"]],
             ct$threshold[["unit"]], call = call)
  }
  thr <- check_positive(thresholds_kev, "threshold_kev", call = call)
  benchmarks <- check_benchmarks(benchmarks, call = call)
  a <- discovery_points(benchmarks$g, benchmarks$mass_mev, call = call)
  sigma <- check_positive(sigma, "n_sigma", len = 1L, call = call)
  max_factor <- check_positive(max_factor, "max_exposure_tyr", len = 1L, call = call)
  rows <- lapply(thr, function(t) {
    y <- rebuild_object(x, stats::setNames(list(t), ct$threshold[["arg"]]), call = call)
    tt <- contract_totals(y, model, a)
    r <- contract_exposure(tt, sigma, max_factor)
    data.frame(experiment = tt$label, analysis = "all", benchmark = benchmarks$benchmark,
               mass_mev = a$mass_mev, g = a$g, threshold_kev = t,
               unit = ct$threshold[["unit"]], exposure = r$exposure, exposure_unit = tt$unit,
               reachable = r$reachable, status = r$status, stringsAsFactors = FALSE)
  })
  out <- do.call(rbind, rows)
  rownames(out) <- NULL
  structure(out, class = c("muonphilic_discovery_lines", "data.frame"), sigma = sigma)
}

#' Plot discovery lines (Figs. 11, 13, 14)
#'
#' Exposure against threshold on log-log axes, one panel per benchmark
#' point (and detector): NR blue, ER green, NR+ER red, all dashed as in the
#' paper; the detectors' nominal NR and ER configurations as blue and green
#' asterisks. The threshold is in keVnr for NR and keVee otherwise.
#' Unreachable thresholds are left out; a benchmark point that no threshold
#' brings to the significance keeps its panel with the note "not reachable
#' at any threshold".
#'
#' @param object lines from [discovery_lines()].
#' @param nominal show the nominal configurations.
#' @param ... unused.
#' @return A `ggplot` object.
#' @examples
#' \donttest{
#' autoplot(discovery_lines(xenon_detector("DARWIN"), n_thresholds = 5))
#' }
#' @export
autoplot.muonphilic_discovery_lines <- function(object, nominal = TRUE, ...) {
  need_ggplot2()
  check_flag(nominal, "nominal")
  df <- as.data.frame(object)
  ylab <- "Exposure [tonne year]"
  xlab <- "Threshold E_th [keV] (keVnr for NR, keVee for ER and NR+ER)"
  if (is.null(df$exposure_tyr) && !is.null(df$exposure)) {
    # an experiment other than a xenon detector: its own units
    df$exposure_tyr <- df$exposure
    ylab <- sprintf("Exposure [%s]", df$exposure_unit[1])
    xlab <- sprintf("Threshold [%s]", df$unit[1])
  }
  multi <- length(unique(object$experiment)) > 1L
  df$panel <- if (multi) paste(df$experiment, df$benchmark) else df$benchmark
  panels <- unique(df$panel)
  ok <- is.finite(df$exposure_tyr) & df$exposure_tyr > 0
  # a benchmark that no threshold brings to the significance keeps its
  # panel, with a note, instead of vanishing from the figure
  unreachable <- setdiff(panels, unique(df$panel[ok]))
  df <- df[ok, , drop = FALSE]
  check_plot_rows(df, "the object (no configuration reaches the significance)")
  df$panel <- factor(df$panel, levels = panels)
  cols <- c(NR = "#1f5fbf", ER = "#2a9d3a", `NR+ER` = "#d62728", all = "black")
  df$analysis <- factor(df$analysis, levels = names(cols))
  p <- ggplot2::ggplot(df, ggplot2::aes(x = threshold_kev, y = exposure_tyr,
                                        colour = analysis)) +
    ggplot2::geom_line(linetype = "dashed", linewidth = 0.8) +
    ggplot2::scale_x_log10() + ggplot2::scale_y_log10() +
    ggplot2::scale_colour_manual(values = cols, drop = FALSE, name = NULL) +
    ggplot2::labs(x = xlab,
                  y = ylab,
                  title = sprintf("%g sigma discovery: %s", attr(object, "sigma") %||% 5,
                                  paste(unique(object$experiment), collapse = ", "))) +
    ggplot2::facet_wrap(~panel, scales = "free_y", drop = FALSE) +
    ggplot2::theme_bw()
  if (length(unreachable)) {
    note <- data.frame(panel = factor(unreachable, levels = panels),
                       threshold_kev = exp(mean(log(range(df$threshold_kev)))),
                       exposure_tyr = exp(mean(log(range(df$exposure_tyr)))),
                       label = "not reachable\nat any threshold")
    p <- p + ggplot2::geom_text(data = note, colour = "grey30", inherit.aes = FALSE,
                                mapping = ggplot2::aes(x = threshold_kev, y = exposure_tyr,
                                                       label = label))
  }
  nom <- attr(object, "nominal")
  if (nominal && !is.null(nom) && nrow(df) > 0L) {
    bps <- unique(df[, c("experiment", "benchmark", "panel")])
    nom <- merge(nom, bps, by = "experiment")
    nom$analysis <- factor(nom$analysis, levels = names(cols))
    p <- p + ggplot2::geom_point(data = nom, shape = 8, size = 3, show.legend = FALSE)
  }
  p
}
