# Combinations of scans, model discrimination, goodness of fit and tension.

#' Combine scans of several experiments
#'
#' Merges scans made on the same (g, M) grid (for example one per
#' experiment, possibly computed at different times) and adds a
#' combination: the sum of the members' \eqn{-2\ln L}, as a new column.
#' `total` becomes the sum over all experiments and `delta` is recomputed.
#'
#' @param ... scans from [scan_grid()] on identical grids.
#' @param which the experiments to add up (default all).
#' @param name the name of the combination column.
#' @return A `muonphilic_scan`.
#' @examples
#' \donttest{
#' if (exists("na64mu", asNamespace("muonphilic"))) {
#'   x <- muonphilic:::na64mu()
#'   d <- asimov(x, lmu_ltau(), g = 1e-3, mass_mev = 100)
#'   gg <- 10^seq(-4, -2, length.out = 20); mm <- 10^seq(1, 3, length.out = 20)
#'   s1 <- scan_grid(list(A = x), list(d), lmu_ltau(), gg, mm)
#'   s2 <- scan_grid(list(B = x), list(d), lmu_ltau(), gg, mm)
#'   combine_scans(s1, s2, name = "A+B")
#' }
#' }
#' @export
combine_scans <- function(..., which = NULL, name = "combined") {
  scans <- list(...)
  if (!length(scans)) mp_abort("Give at least one scan.")
  for (i in seq_along(scans)) check_scan(scans[[i]], sprintf("..%d", i))
  if (!is.character(name) || length(name) != 1L || is.na(name) || !nzchar(name)) {
    mp_abort("`name` must be one non-empty string, not %s.", mp_describe(name))
  }
  grid <- attr(scans[[1]], "grid")
  for (s in scans[-1]) {
    gs <- attr(s, "grid")
    if (!identical(length(gs$g), length(grid$g)) || !identical(length(gs$mass_mev), length(grid$mass_mev)) ||
        any(abs(gs$g / grid$g - 1) > 1e-12) || any(abs(gs$mass_mev / grid$mass_mev - 1) > 1e-12)) {
      mp_abort("All scans must share the same g and mass_mev grids.")
    }
  }
  exps <- unlist(lapply(scans, attr, "experiments"))
  if (anyDuplicated(exps)) {
    mp_abort("Experiment names must be unique across scans; duplicated: %s.",
             paste(unique(exps[duplicated(exps)]), collapse = ", "))
  }
  combos <- do.call(c, lapply(scans, attr, "combinations"))
  if (is.null(combos)) combos <- list()
  if (is.null(which)) which <- exps
  which <- check_choices(which, "which", exps)
  if (name %in% c(exps, reserved_columns)) {
    mp_abort("`name` must differ from the experiment names and from %s.",
             paste0("\"", reserved_columns, "\"", collapse = ", "))
  }
  combos[[name]] <- which
  df <- data.frame(g = scans[[1]]$g, mass_mev = scans[[1]]$mass_mev)
  for (s in scans) for (e in attr(s, "experiments")) df[[e]] <- s[[e]]
  mins <- do.call(rbind, lapply(scans, attr, "minimum"))
  truth <- NULL
  for (s in scans) truth <- truth %||% attr(s, "truth")
  new_scan(df, exps, combos, truth = truth, model = attr(scans[[1]], "model"),
           g = grid$g, mass_mev = grid$mass_mev,
           minimum = mins[mins$curve != "total", , drop = FALSE])
}

#' Discriminate two models with the same data
#'
#' Fits the same data under two models (for example
#' \eqn{U(1)_{L_\mu-L_\tau}} against \eqn{U(1)_{L_\mu}}) over the (g, M)
#' grid and returns the difference of their best-fit \eqn{-2\ln L}
#' (\eqn{\chi^2}): \eqn{\Delta\chi^2 = \min(-2\ln L_{alt}) -
#' \min(-2\ln L_{truth})}. A large positive value means the alternative
#' cannot describe data that the reference model describes. Beyond the
#' paper, which argues this in prose (SPEC section 7).
#'
#' @param data observed counts (a vector, or a list aligned with
#'   `experiments`).
#' @param experiments an experiment or a list of experiments.
#' @param truth_model the reference model ([lmu_ltau()], ...).
#' @param alt_model the alternative model ([lmu()], ...).
#' @param g,mass_mev the scan grids (see [scan_grid()]).
#' @param refine polish both minima with a local optimiser.
#' @param ... passed to [scan_grid()].
#' @return A one-row data frame: `truth_model`, `alt_model`, `m2ll_truth`,
#'   `m2ll_alt` (the minima), `delta_chi2`, and the best fits `g_truth`,
#'   `mass_truth_mev`, `g_alt`, `mass_alt_mev`; attribute `scans` holds the
#'   two scans.
#' @examples
#' \donttest{
#' if (exists("na64mu", asNamespace("muonphilic"))) {
#'   x <- muonphilic:::na64mu()
#'   d <- asimov(x, lmu_ltau(), g = 6e-4, mass_mev = 50)
#'   discriminate(d, x, lmu_ltau(), lmu(), g = 10^seq(-4, -2.5, length.out = 20),
#'                mass_mev = 10^seq(1, 2.3, length.out = 20))
#' }
#' }
#' @export
discriminate <- function(data, experiments, truth_model, alt_model,
                         g = 10^seq(-5, -2, length.out = 100),
                         mass_mev = 10^seq(0, 3, length.out = 100), refine = TRUE, ...) {
  check_model(truth_model, "truth_model")
  check_model(alt_model, "alt_model")
  s1 <- scan_grid(experiments, data, truth_model, g, mass_mev, refine = refine, ...)
  s2 <- scan_grid(experiments, data, alt_model, g, mass_mev, refine = refine, ...)
  m1 <- attr(s1, "minimum")
  m2 <- attr(s2, "minimum")
  b1 <- m1[m1$curve == "total", ]
  b2 <- m2[m2$curve == "total", ]
  out <- data.frame(truth_model = truth_model$name, alt_model = alt_model$name,
                    m2ll_truth = b1$m2ll, m2ll_alt = b2$m2ll, delta_chi2 = b2$m2ll - b1$m2ll,
                    g_truth = b1$g, mass_truth_mev = b1$mass_mev,
                    g_alt = b2$g, mass_alt_mev = b2$mass_mev, stringsAsFactors = FALSE)
  attr(out, "scans") <- list(truth = s1, alt = s2)
  out
}

