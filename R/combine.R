# Combinations of scans, model discrimination, goodness of fit and tension.

#' Combine scans of several experiments
#'
#' Merges scans made on the same (g, M) grid (for example one per
#' experiment, possibly computed at different times) and adds a
#' combination: the sum of the members' \eqn{-2\ln L} (independent data
#' sets), as new rows with `experiment` set to `name`; its `delta` is
#' against its own best fit. Give one scan to add a combination of its
#' experiments to it.
#'
#' @param ... scans from [scan_grid()] on identical grids.
#' @param which the experiments to add up (default all).
#' @param name the name of the combination (its value in the column
#'   `experiment`).
#' @return A `muonphilic_scan` (see [scan_grid()]).
#' @examples
#' \donttest{
#' x <- na64mu()
#' d <- asimov(x, lmu_ltau(), g = 1e-3, mass_mev = 100)
#' gg <- 10^seq(-4, -2, length.out = 20); mm <- 10^seq(1, 3, length.out = 20)
#' s1 <- scan_grid(list(A = x), list(d), lmu_ltau(), gg, mm)
#' s2 <- scan_grid(list(B = x), list(d), lmu_ltau(), gg, mm)
#' combine_scans(s1, s2, name = "A+B")
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
  df <- scan_wide(scans[[1]])[c("g", "mass_mev")]
  for (s in scans) for (e in attr(s, "experiments")) df[[e]] <- scan_m2ll(s, e)
  mins <- do.call(rbind, lapply(scans, attr, "minimum"))
  truth <- NULL
  for (s in scans) truth <- truth %||% attr(s, "truth")
  out <- new_scan(df, exps, combos, truth = truth, model = attr(scans[[1]], "model"),
                  g = grid$g, mass_mev = grid$mass_mev,
                  minimum = mins[mins$curve != "total", , drop = FALSE])
  lik <- merge_likelihoods(lapply(scans, attr, "likelihood"))
  if (is.null(lik)) out else add_profiles(out, lik)
}

# The likelihoods of several scans as one (experiments concatenated), when
# every scan has one under the same model, masses and statistic convention;
# NULL otherwise (the combination then lives on the grid only).
merge_likelihoods <- function(liks) {
  if (any(vapply(liks, is.null, logical(1)))) return(NULL)
  first <- liks[[1]]
  same <- vapply(liks, function(l) {
    identical(l$model, first$model) && identical(l$mass_mev, first$mass_mev) &&
      identical(l$saturated, first$saturated) && identical(l$dots, first$dots)
  }, logical(1))
  if (!all(same)) return(NULL)
  cat_field <- function(f) do.call(c, lapply(liks, `[[`, f))
  out <- first
  for (f in c("experiments", "infos", "data", "terms")) out[[f]] <- cat_field(f)
  out$memo <- new.env(parent = emptyenv())
  out
}

#' Discriminate two models with the same data
#'
#' Fits the same data under two models (for example
#' \eqn{U(1)_{L_\mu-L_\tau}} against \eqn{U(1)_{L_\mu}}) over the (g, M)
#' grid and returns the difference of their best-fit \eqn{-2\ln L}
#' (\eqn{\chi^2}): \eqn{\Delta\chi^2 = \min(-2\ln L_{alt}) -
#' \min(-2\ln L_{truth})}. A large positive value means the alternative
#' cannot describe data that the reference model describes. Beyond the
#' paper, which argues this in prose.
#'
#' @param experiments an experiment or a list of experiments.
#' @param data observed counts (a vector, or a list aligned with
#'   `experiments`; the old order `discriminate(data, experiments, ...)`
#'   still works for one release, with a deprecation warning).
#' @param truth_model the reference model ([lmu_ltau()], ...).
#' @param alt_model the alternative model ([lmu()], ...).
#' @param g,mass_mev the scan grids (see [scan_grid()]).
#' @param refine polish both minima with a local optimiser.
#' @param ... passed to [scan_grid()].
#' @return A one-row data frame: `truth_model`, `alt_model` (names with
#'   their mixing rules, e.g. "LmuLtau (eps = -g/10)"), `m2ll_truth`,
#'   `m2ll_alt` (the minima, exact in g), `delta_chi2`, its `p_value` (one
#'   degree of freedom) and the equivalent two-sided Gaussian `sigma`, and the best fits `g_truth`,
#'   `mass_truth_mev`, `g_alt`, `mass_alt_mev`; attribute `scans` holds the
#'   two scans.
#' @examples
#' \donttest{
#' x <- na64mu()
#' d <- asimov(x, lmu_ltau(), g = 6e-4, mass_mev = 50)
#' discriminate(x, d, lmu_ltau(), lmu(), g = 10^seq(-4, -2.5, length.out = 20),
#'              mass_mev = 10^seq(1, 2.3, length.out = 20))
#' }
#' @export
discriminate <- function(experiments, data, truth_model, alt_model,
                         g = 10^seq(-5, -2, length.out = 100),
                         mass_mev = 10^seq(0, 3, length.out = 100), refine = TRUE, ...) {
  if (data_before_experiments(experiments, data)) {
    mp_deprecated("discriminate(data, experiments, ...) is deprecated; experiments come first: discriminate(experiments, data, ...).")
    swap <- experiments
    experiments <- data
    data <- swap
  }
  check_model(truth_model, "truth_model")
  check_model(alt_model, "alt_model")
  s1 <- scan_grid(experiments, data, truth_model, g, mass_mev, refine = refine, ...)
  s2 <- scan_grid(experiments, data, alt_model, g, mass_mev, refine = refine, ...)
  m1 <- attr(s1, "minimum")
  m2 <- attr(s2, "minimum")
  b1 <- m1[m1$curve == "total", ]
  b2 <- m2[m2$curve == "total", ]
  f1 <- attr(s1, "best_fit")
  f2 <- attr(s2, "best_fit")
  b1 <- f1[f1$curve == "total", ]
  b2 <- f2[f2$curve == "total", ]
  dchi2 <- b2$m2ll - b1$m2ll
  # Delta chi^2 between non-nested models of the same dimension: its p-value
  # with one degree of freedom (Wilks-like, as the paper's Sect. 3.2 does)
  pv <- stats::pchisq(max(dchi2, 0), df = 1, lower.tail = FALSE)
  out <- data.frame(truth_model = model_label(truth_model), alt_model = model_label(alt_model),
                    m2ll_truth = b1$m2ll, m2ll_alt = b2$m2ll, delta_chi2 = dchi2,
                    p_value = pv, sigma = stats::qnorm(pv / 2, lower.tail = FALSE),
                    g_truth = b1$g, mass_truth_mev = b1$mass_mev,
                    g_alt = b2$g, mass_alt_mev = b2$mass_mev, stringsAsFactors = FALSE)
  attr(out, "scans") <- list(truth = s1, alt = s2)
  out
}


#' Goodness of fit and tension of a scan
#'
#' For every experiment and combination of a scan: the best-fit
#' \eqn{-2\ln L} relative to the saturated model (the Poisson deviance of
#' Eq. 28 or the \eqn{\chi^2} of Eq. 34; exact in g, on the mass grid in M),
#' its degrees of freedom (bins minus the two fitted parameters g and M)
#' and p-value. For each combination, the parameter goodness of fit
#' (Maltoni and Schwetz, PRD 68 (2003) 033020): \eqn{\chi^2_{PG} =
#' \chi^2_{min,comb} - \sum_e \chi^2_{min,e}} with \eqn{2(n_e - 1)} degrees
#' of freedom, its p-value and Gaussian sigma; a small p-value means the
#' experiments disagree about (g, M) under this model.
#'
#' @param scan a scan from [scan_grid()] (with `saturated = TRUE`).
#' @return A data frame `experiment` (each experiment and combination),
#'   `minus2_loglik`, `n_bins`, `dof`, `p_value`, with
#'   attribute `tension`: a data frame `combination`, `chi2_pg`, `dof`,
#'   `p_value`, `sigma` (no rows for a single experiment).
#' @examples
#' x <- na64mu(mot = 1e11)
#' d <- asimov(x, lmu_ltau(), g = 1e-3, mass_mev = 100)
#' s <- scan_grid(list(A = x, B = x), list(d, d), lmu_ltau(),
#'                g = 10^seq(-4, -2, length.out = 5), mass_mev = c(50, 100, 200),
#'                combine = TRUE)
#' goodness_of_fit(s)
#' @export
goodness_of_fit <- function(scan) {
  check_scan(scan)
  lik <- attr(scan, "likelihood")
  bf <- attr(scan, "best_fit")
  if (is.null(lik) || is.null(bf)) {
    mp_abort("This scan carries no likelihood (built by hand?): make it with scan_grid().")
  }
  members <- scan_members(scan)
  curves <- setdiff(names(members), "total")
  nb <- vapply(lik$infos, `[[`, numeric(1), "n_bin")
  m2ll <- bf$m2ll[match(curves, bf$curve)]
  n_bins <- vapply(curves, function(cv) sum(nb[members[[cv]]]), numeric(1))
  dof <- pmax(n_bins - 2, 1)
  p <- if (isTRUE(lik$saturated)) stats::pchisq(m2ll, dof, lower.tail = FALSE) else NA_real_
  gof <- data.frame(experiment = curves, minus2_loglik = m2ll, n_bins = n_bins, dof = dof,
                    p_value = p, stringsAsFactors = FALSE)
  rownames(gof) <- NULL
  combos <- attr(scan, "combinations")
  tension <- do.call(rbind, lapply(names(combos), function(cv) {
    parts <- combos[[cv]]
    chi2 <- max(m2ll[curves == cv] - sum(m2ll[match(parts, curves)]), 0)
    d <- 2 * (length(parts) - 1)
    pv <- stats::pchisq(chi2, d, lower.tail = FALSE)
    data.frame(combination = cv, chi2_pg = chi2, dof = d, p_value = pv,
               sigma = stats::qnorm(pv / 2, lower.tail = FALSE), stringsAsFactors = FALSE)
  }))
  if (is.null(tension)) {
    tension <- data.frame(combination = character(), chi2_pg = numeric(), dof = numeric(),
                          p_value = numeric(), sigma = numeric())
  }
  attr(gof, "tension") <- tension
  gof
}

# A model's name with its mixing rule, for tables and plots:
# "LmuLtau (eps = -g/10)".
model_label <- function(model) {
  mx <- model$mixing
  rule <- switch(mx$type,
    ratio = {
      inv <- 1 / abs(mx$value)
      if (mx$value == 0) {
        "eps = 0"
      } else if (abs(inv - round(inv)) < 1e-9 * inv) {
        sprintf("eps = %sg/%d", if (mx$value < 0) "-" else "", as.integer(round(inv)))
      } else {
        sprintf("eps = %s g", format(signif(mx$value, 4)))
      }
    },
    loop = sprintf("eps one-loop, %s GeV", format(mx$value)),
    fixed = sprintf("eps = %s", format(signif(mx$value, 4))),
    "eps ?")
  sprintf("%s (%s)", model$name, rule)
}
