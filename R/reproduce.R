# reproduce_paper(): every figure of the paper (1, 4-14) plus a claims table.
#
# Each domain contributes internal functions
#   paper_figure_<NN>(quick)  -> a ggplot object (or NULL when unavailable)
#   paper_claims_<domain>(quick) -> data.frame(claim, paper, ours, agrees, preset)
# listed in the explicit registry paper_registry() below: a new figure or
# set of claims is one line there.

# The paper's figures (by number) and claims (in the order of claims.csv).
paper_registry <- function() {
  list(
    figures = list(
      `1` = paper_figure_01, `4` = paper_figure_04, `5` = paper_figure_05,
      `6` = paper_figure_06, `7` = paper_figure_07, `8` = paper_figure_08,
      `9` = paper_figure_09, `10` = paper_figure_10, `11` = paper_figure_11,
      `12` = paper_figure_12, `13` = paper_figure_13, `14` = paper_figure_14
    ),
    claims = list(
      model = paper_claims_model, na64mu = paper_claims_na64mu,
      scan = paper_claims_scan, solar = paper_claims_solar,
      spallation = paper_claims_spallation, xenon = paper_claims_xenon
    )
  )
}

#' Reproduce the paper's figures and quantitative claims
#'
#' Writes every figure the package can make (Figs. 1 and 4-14 of the paper,
#' as the experiments exist) as PNG into `dir` (300 dpi; axis labels as
#' plotmath, such as \eqn{g_x}, \eqn{M_{A'}} in MeV and
#' \eqn{(g-2)_\mu}; log axes labelled with powers of ten; one
#' colour-blind-safe colour per curve), and `claims.csv`: one row per
#' quantitative statement of the paper with the paper's value, ours, whether
#' they agree, and (`preset`) the oscillation preset a solar-neutrino claim
#' used. The xenon figures and claims use `oscillation_parameters("paper")`
#' (the de Salas et al. 2020 angles with \eqn{\delta_{CP} = 0}, as the
#' paper's authors' code); extra rows show how the claims fare at the
#' measured \eqn{\delta_{CP}} (see [cp_exposure_scan()]).
#'
#' @param dir output directory (created if needed; an existing file of that
#'   name is an error).
#' @param quick use coarser grids (for tests and examples).
#' @param figures optional vector of figure numbers to make (default all).
#' @param overwrite `FALSE` (default): if any output that this call would
#'   write (`figNN.png` of the requested figures, `claims.csv`) already
#'   exists in `dir`, stop with an error of class `muonphilic_error_input`
#'   before computing anything, leaving the files untouched. `TRUE`:
#'   replace them. Other files in `dir` are never touched.
#' @return Invisibly, a list with `files` (the PNGs written), `claims`
#'   (the claims data frame), `failed` (numbers of figures whose code
#'   raised an error, each reported as a warning) and `seconds` (the total
#'   run time, also printed).
#' @examples
#' \donttest{
#' out <- reproduce_paper(file.path(tempdir(), "figs"), quick = TRUE, figures = 1)
#' out$claims
#' }
#' @export
reproduce_paper <- function(dir = "paper-figures", quick = FALSE, figures = NULL,
                            overwrite = FALSE) {
  if (!is.character(dir) || length(dir) != 1L || is.na(dir) || !nzchar(dir)) {
    mp_abort("`dir` must be one directory path, not %s.", mp_describe(dir))
  }
  check_flag(quick, "quick")
  if (!is.null(figures)) figures <- check_number(figures, "figures", lower = 1, upper = 14)
  check_flag(overwrite, "overwrite")
  need_ggplot2()
  reg <- paper_registry()
  fig_nums <- as.integer(names(reg$figures))
  # the directory and the files this call would write are checked before
  # any figure is computed
  nums <- fig_nums
  if (!is.null(figures)) nums <- nums[nums %in% figures]
  check_output_dir(dir, c(sprintf("fig%02d.png", nums), "claims.csv"), overwrite)
  files <- character()
  failed <- integer()
  t0 <- proc.time()[["elapsed"]]
  for (i in seq_along(reg$figures)) {
    num <- fig_nums[i]
    if (!is.null(figures) && !num %in% figures) next
    t1 <- proc.time()[["elapsed"]]
    p <- tryCatch(reg$figures[[i]](quick = quick), error = function(e) e)
    if (inherits(p, "error")) {
      failed <- c(failed, num)
      cli::cli_warn("Figure {num} failed: {conditionMessage(p)}")
      next
    }
    if (is.null(p)) {
      cli::cli_inform("Figure {num}: skipped (its experiment is not available).")
      next
    }
    file <- file.path(dir, sprintf("fig%02d.png", num))
    save_paper_figure(paper_style(p), file)
    files <- c(files, file)
    cli::cli_inform("Figure {num}: {file} ({round(proc.time()[['elapsed']] - t1, 1)} s)")
  }
  claims <- do.call(rbind, lapply(unname(reg$claims), function(f) f(quick = quick)))
  if (is.null(claims)) {
    claims <- data.frame(claim = character(), paper = character(), ours = character(),
                         agrees = logical(), preset = character())
  }
  utils::write.csv(claims, file.path(dir, "claims.csv"), row.names = FALSE)
  total <- proc.time()[["elapsed"]] - t0
  cli::cli_inform("claims.csv: {nrow(claims)} claims, {sum(claims$agrees)} agree")
  cli::cli_inform("reproduce_paper: {length(files)} figure{?s} written, {length(failed)} failed; total time {round(total, 1)} s")
  invisible(list(files = files, claims = claims, failed = failed, seconds = total))
}

# Publication resolution of the saved figures (dots per inch).
paper_dpi <- 300

# Save one paper figure as PNG at paper_dpi; its size in inches comes from
# the attributes mp_width and mp_height (default 8 x 5).
save_paper_figure <- function(p, file) {
  w <- attr(p, "mp_width") %||% 8
  h <- attr(p, "mp_height") %||% 5
  ggplot2::ggsave(file, p, width = w, height = h, dpi = paper_dpi)
  invisible(file)
}

# The publication style of a paper figure, whichever file made it: known
# ASCII axis and legend titles become plotmath (g_x, M_A' [MeV], (g-2)_mu,
# ...; see mp_plotmath_label()) and log10 axes are labelled with powers of
# ten. Attributes of the plot (size, scans) are kept.
paper_style <- function(p) {
  if (!inherits(p, "ggplot")) return(p)
  keep <- attributes(p)[setdiff(names(attributes(p)), c("names", "class"))]
  p$labels <- lapply(p$labels, mp_plotmath_label)
  # clone the scales: the figure function's own object stays unchanged
  p$scales <- p$scales$clone()
  for (sc in p$scales$scales) {
    if (is.character(sc$name)) sc$name <- mp_plotmath_label(sc$name)
    pos <- any(c("x", "y") %in% sc$aesthetics)
    if (pos && inherits(sc, "ScaleContinuous") && identical(sc$trans$name, "log-10")) {
      if (inherits(sc$breaks, "waiver")) sc$breaks <- mp_breaks_log10
      if (inherits(sc$labels, "waiver")) sc$labels <- mp_label_log10
    }
  }
  for (a in names(keep)) attr(p, a) <- keep[[a]]
  p
}

# An output directory: created if missing; an existing file of that name,
# a directory that cannot be created, or (unless overwrite) existing
# outputs are input errors.
check_output_dir <- function(dir, outputs, overwrite, call = sys.call(-1)) {
  if (file.exists(dir) && !dir.exists(dir)) {
    mp_abort("`dir` = \"%s\" is an existing file, not a directory: give a directory path.",
             dir, call = call)
  }
  if (!dir.exists(dir)) {
    ok <- suppressWarnings(dir.create(dir, recursive = TRUE))
    if (!ok || !dir.exists(dir)) {
      mp_abort("Cannot create the directory `dir` = \"%s\".", dir, call = call)
    }
  }
  there <- outputs[file.exists(file.path(dir, outputs))]
  if (length(there) && !overwrite) {
    mp_abort("`dir` = \"%s\" already holds %s: give `overwrite = TRUE` to replace %s, or another directory.",
             dir, paste(there, collapse = ", "), if (length(there) == 1L) "it" else "them",
             call = call)
  }
  invisible(dir)
}

# One claims row; `preset`: the oscillation preset a solar-neutrino claim
# used ("" where none enters).
claim_row <- function(claim, paper, ours, agrees, preset = "") {
  data.frame(claim = claim, paper = as.character(paper), ours = as.character(ours),
             agrees = isTRUE(agrees), preset = as.character(preset),
             stringsAsFactors = FALSE)
}

# Figure 1: the (g-2)mu band with the benchmark points.
paper_figure_01 <- function(quick = FALSE) {
  m <- 10^seq(0, 3, length.out = if (quick) 40 else 200)
  p <- autoplot.muonphilic_gm2_band(gm2_band(lmu_ltau(), m, n_sigma = c(1, 2)))
  p
}

paper_claims_model <- function(quick = FALSE) {
  eps_g <- kinetic_mixing(lmu_ltau(mixing_loop()), 1)
  br1 <- branching_invisible(lmu_ltau(), 1500)
  br2 <- branching_invisible(lmu(), 1500)
  bp <- benchmark_points()
  band <- gm2_band(lmu_ltau(), bp$mass_mev, n_sigma = 2)
  rbind(
    claim_row("loop-induced kinetic mixing eps/g for LmuLtau (Eq. 11)", "-1/70",
              sprintf("-1/%.2f", -1 / eps_g), abs(-1 / eps_g - 70) < 1),
    claim_row("BR_inv of LmuLtau above the dimuon threshold", "0.5",
              sprintf("%.3f at 1.5 GeV", br1), abs(br1 - 0.5) < 0.02),
    claim_row("BR_inv of Lmu above the dimuon threshold", "0.33",
              sprintf("%.3f at 1.5 GeV", br2), abs(br2 - 1 / 3) < 0.02),
    claim_row("BP1-BP4 lie in the 2 sigma (g-2)mu band (Table 1, Fig. 1)", "yes",
              paste(ifelse(bp$g > band$g_low & bp$g < band$g_high, "in", "out"),
                    collapse = "/"),
              all(bp$g > band$g_low & bp$g < band$g_high))
  )
}

# ---- generic reconstruction figures (Figs. 5, 7, 8, 9, 12) -----------------
#
# The integrator wires a figure in a few lines, e.g.
#   paper_figure_05 <- function(quick = FALSE) {
#     reconstruction_figure(function(bp) list(NA64mu = na64mu(xsec = "paper")),
#                           fit_models = list(LmuLtau = lmu_ltau(), Lmu = lmu()),
#                           quick = quick, title = "Fig. 5: NA64mu")
#   }
# Fig. 9: fit_models = list(lmu_ltau(mixing_ratio(-1/10))).

# Default scan grids of the reconstruction figures (log-spaced).
reconstruction_grid <- function(quick = FALSE) {
  n <- if (quick) 30L else 90L
  list(g = 10^seq(-4.5, -2, length.out = n), mass_mev = 10^seq(0, 3, length.out = n))
}

#' Parameter-reconstruction figure for the benchmark points
#'
#' The paper's Figs. 5, 7, 8, 9 and 12 in one function: for each benchmark
#' point, Asimov data of the experiments returned by `make_experiments(bp)`
#' are generated under `truth_model` at that point, reconstructed under each
#' of `fit_models` with [scan_grid()], and drawn as in the scan `autoplot()`
#' (filled/solid 68 %, dashed 95 % regions, dot-dashed 90 % CL upper limits,
#' the (g-2)mu band, the true point as a star), one panel per point. With
#' `combine = TRUE` and several experiments a `combined` curve is added.
#'
#' @param make_experiments a function of one benchmark row (a one-row data
#'   frame of [benchmark_points()]) returning an experiment or a named list
#'   of experiments.
#' @param fit_models the reconstruction hypothesis: a model, or a named list
#'   of models (curves are then labelled "experiment \[model\]").
#' @param truth_model the model generating the Asimov data.
#' @param benchmarks the benchmark points (a data frame like
#'   [benchmark_points()], with `benchmark`, `mass_mev` in MeV, `g`).
#' @param quick coarser grid (30 x 30 instead of 90 x 90).
#' @param g,mass_mev optional scan grids (couplings; masses in MeV).
#' @param title plot title (a string or a plotmath expression).
#' @param which optional names of the curves to draw (e.g. only
#'   `"combined"`).
#' @param combine add the combination of all experiments (the curve
#'   `"combined"`, see [scan_grid()]).
#' @param limits passed to the scan layers: `"auto"` draws 90 % CL upper
#'   limits where no closed region exists.
#' @param gm2 the (g-2)mu measurement for the band (see [gm2_band()]), or
#'   `NULL` for none.
#' @param ... deprecated spellings: `bps` (now `benchmarks`).
#' @return A `ggplot` object with attribute `scans` (the scans per point
#'   and model).
#' @examples
#' \donttest{
#' reconstruction_figure(function(bp) na64mu(),
#'                       benchmarks = benchmark_points()[1, ], quick = TRUE)
#' }
#' @export
reconstruction_figure <- function(make_experiments, fit_models = lmu_ltau(),
                                  truth_model = lmu_ltau(), benchmarks = benchmark_points(),
                                  quick = FALSE, g = NULL, mass_mev = NULL,
                                  title = NULL, which = NULL, limits = "auto",
                                  gm2 = "fnal2021", combine = FALSE, ...) {
  take_renamed(c(bps = "benchmarks"))
  check_function(make_experiments, "make_experiments")
  check_model(truth_model, "truth_model")
  bps <- check_benchmarks(benchmarks)
  check_flag(quick, "quick")
  check_flag(combine, "combine")
  limits <- check_choice(choice_arg(limits), "limits", c("auto", "always", "never"))
  need_ggplot2()
  grid <- reconstruction_grid(quick)
  g <- g %||% grid$g
  mass_mev <- mass_mev %||% grid$mass_mev
  if (inherits(fit_models, "muonphilic_model")) fit_models <- list(fit_models)
  if (!is.list(fit_models) || length(fit_models) == 0L ||
      !all(vapply(fit_models, inherits, TRUE, "muonphilic_model"))) {
    mp_abort("`fit_models` must be a model or a non-empty list of models.")
  }
  for (m in fit_models) check_model(m, "fit_models")
  if (is.null(names(fit_models))) names(fit_models) <- vapply(fit_models, `[[`, "", "name")
  several <- length(fit_models) > 1L
  layers <- list()
  scans <- list()
  for (k in seq_len(nrow(bps))) {
    bp <- bps[k, , drop = FALSE]
    exps <- call_user_fun(make_experiments, "make_experiments", bp)
    if (is_experiment(exps)) exps <- list(exps)
    if (!is.list(exps) || length(exps) == 0L || !all(vapply(exps, is_experiment, TRUE))) {
      mp_abort("`make_experiments` must return an experiment or a non-empty list of experiments, not %s.",
               mp_describe(exps))
    }
    data <- lapply(exps, asimov, model = truth_model, g = bp$g, mass_mev = bp$mass_mev)
    for (mn in names(fit_models)) {
      s <- scan_grid(exps, data, fit_models[[mn]], g = g, mass_mev = mass_mev, combine = combine)
      scans[[paste(bp$benchmark, mn)]] <- s
      l <- scan_layers(s, which = which, limits = limits,
                       label = if (several) sprintf(" [%s]", mn) else NULL)
      l$panel <- sprintf("%s: M = %g MeV, g = %g", bp$benchmark, bp$mass_mev, bp$g)
      layers[[length(layers) + 1L]] <- l
    }
  }
  bound <- bind_layers(layers)
  title <- title %||% scan_title(attr(bound, "kind"), stats::pchisq(c(1, 4), df = 1), 0.90)
  p <- plot_scan_layers(bound, range(g), range(mass_mev), gm2 = gm2,
                        facet = TRUE, title = title)
  # one distinct colour-blind-safe colour per curve (two fits of one
  # experiment, or "combined" next to DARWIN, never share a colour)
  curves <- unique(c(bound$contours$experiment, bound$limits$experiment,
                     bound$tiles$experiment))
  cols <- scan_colours(curves)
  p <- suppressMessages(p + ggplot2::scale_colour_manual(values = cols, name = NULL) +
                          ggplot2::scale_fill_manual(values = cols, guide = "none"))
  attr(p, "mp_width") <- 10
  attr(p, "mp_height") <- 7.5
  attr(p, "scans") <- scans
  p
}

# ---- the paper's reconstruction figures ------------------------------------

# The four spallation detectors of Table 2 (1 year).
paper_spallation <- function() {
  nm <- c("CENNS610", "ESS10", "CCM", "ESS")
  stats::setNames(lapply(nm, spallation_detector), nm)
}

# Fig. 5: NA64mu alone (xsec = "paper", see na64mu()), reconstructed under
# LmuLtau and Lmu: identical below 2 m_mu.
paper_figure_05 <- function(quick = FALSE) {
  reconstruction_figure(function(bp) list(NA64mu = na64mu(xsec = "paper")),
                        fit_models = list(LmuLtau = lmu_ltau(), Lmu = lmu()),
                        quick = quick,
                        title = quote("Fig. 5: NA64" * mu ~ "reconstruction (" * L[mu] - L[tau] ~
                                        "and" ~ L[mu] ~ "fits)"))
}

# Fig. 7: each spallation detector alone, eps = -g/70.
paper_figure_07 <- function(quick = FALSE) {
  reconstruction_figure(function(bp) paper_spallation(), fit_models = lmu_ltau(),
                        quick = quick, which = names(paper_spallation()),
                        title = quote("Fig. 7: CE" * nu * "NS at spallation sources," ~
                                        epsilon == -italic(g) / 70))
}

# Figs. 8 and 9: spallation detectors and NA64mu, each and combined,
# reconstructed with eps = -g/70 (Fig. 8) or eps = -g/10 (Fig. 9).
paper_combination_figure <- function(kappa, quick, title) {
  reconstruction_figure(function(bp) c(paper_spallation(),
                                       list(NA64mu = na64mu(xsec = "paper"))),
                        fit_models = lmu_ltau(mixing_ratio(kappa)), quick = quick,
                        title = title, combine = TRUE)
}

paper_figure_08 <- function(quick = FALSE) {
  paper_combination_figure(-1 / 70, quick,
                           quote("Fig. 8: CE" * nu * "NS + NA64" * mu * ", reconstructed with" ~
                                   epsilon == -italic(g) / 70))
}

paper_figure_09 <- function(quick = FALSE) {
  p <- paper_combination_figure(-1 / 10, quick,
                                quote("Fig. 9: CE" * nu * "NS + NA64" * mu * ", reconstructed with" ~
                                        epsilon == -italic(g) / 10))
  # per panel: the combined best fit and the tension between the experiments
  # (parameter goodness of fit), the point of the figure
  scans <- attr(p, "scans")
  bps <- benchmark_points()
  notes <- do.call(rbind, lapply(seq_along(scans), function(k) {
    s <- scans[[k]]
    bf <- attr(s, "best_fit")
    b <- bf[bf$curve == "combined", ]
    ten <- attr(goodness_of_fit(s), "tension")
    grid <- attr(s, "grid")
    r <- match(sub(" .*$", "", names(scans)[k]), bps$benchmark)
    data.frame(panel = sprintf("%s: M = %g MeV, g = %g", bps$benchmark[r], bps$mass_mev[r], bps$g[r]),
               x = min(grid$mass_mev) * 1.3, y = max(grid$g) / 1.5,
               label = sprintf("combined best fit: g = %.2g, M = %.3g MeV, -2lnL = %.1f\ntension: chi2_PG = %.1f, p = %.2g",
                               b$g, b$mass_mev, b$m2ll, ten$chi2_pg[1], ten$p_value[1]),
               stringsAsFactors = FALSE)
  }))
  attrs <- attributes(p)[c("mp_width", "mp_height", "scans")]
  p <- p + ggplot2::geom_text(data = notes, ggplot2::aes(x = x, y = y, label = label),
                              hjust = 0, vjust = 1, size = 2.6, inherit.aes = FALSE)
  for (a in names(attrs)) attr(p, a) <- attrs[[a]]
  p
}

# Fig. 12: DARWIN with a 1 keVnr NR threshold (200 t yr, 10 log bins, the
# "paper" oscillation preset) added to the spallation detectors and NA64mu,
# reconstructed with eps = -g/70.
paper_figure_12 <- function(quick = FALSE) {
  darwin <- paper_xenon_detector("DARWIN", quick, analysis = "NR", threshold_kev = 1)
  reconstruction_figure(function(bp) c(paper_spallation(),
                                       list(NA64mu = na64mu(xsec = "paper"),
                                            DARWIN = darwin)),
                        fit_models = lmu_ltau(), quick = quick, combine = TRUE,
                        title = quote("Fig. 12: CE" * nu * "NS + NA64" * mu ~ "+ DARWIN (1 keVnr)," ~
                                        epsilon == -italic(g) / 70))
}
