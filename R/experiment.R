# The experiment contract (ARCHITECTURE.md): generics every experiment
# implements.

#' The experiment contract
#'
#' Every experiment (`na64mu()`, `spallation_detector()`, `cevns_detector()`,
#' `xenon_detector()`, the real-data experiments) is an object of class
#' `c("muonphilic_<kind>", "muonphilic_experiment")` with these methods
#' (the generics check their arguments once, then dispatch):
#' * `expected_counts(x, model, g, mass_mev, ...)`: a data frame with one
#'   row per (bin, g, mass): `bin`, `lower`, `upper` (bin edges; unit in
#'   attribute `unit`), `counts`, `g`, `mass_mev`. Exact, including any
#'   non-polynomial factor.
#' * `count_terms(x, model, mass_mev, ...)`: an array `[bin, term, mass]`
#'   with attribute `powers` such that
#'   `counts = sum_k terms[, k, m] * g^powers[k]`. Scans use it: any coupling
#'   then costs no new integral.
#'   Masses where the polynomial is only an approximation carry
#'   attribute `exact = FALSE` (one flag per mass); `expected_counts()`
#'   then multiplies by the experiment's exact correction.
#' * `background_counts(x)`: background counts per bin (computed once, when
#'   the experiment is built).
#' * `statistic(x)`: the statistic object: [stat_poisson()] (Eq. 28),
#'   [stat_chi2_pull()] (Eq. 34, with its normalisation uncertainty) or
#'   [stat_custom()]: the experiment then computes its own likelihood (for
#'   example with nuisance parameters profiled) in a `nuisance_m2ll()`
#'   method.
#' * `nuisance_m2ll(x, data, predicted, saturated)`: only for a
#'   [stat_custom()] statistic: \eqn{-2\ln L} per column of `predicted`
#'   (a matrix `[bin, hypothesis]` of expected counts without background,
#'   as [expected_counts()] gives them), nuisance parameters profiled.
#' * `observed_counts(x)`: the observed counts per bin of an experiment
#'   that carries real data, `NULL` otherwise. [scan_grid()] uses them
#'   when no data are given for that experiment.
#'
#' @param x an experiment.
#' @param model a model ([lmu_ltau()], ...).
#' @param g couplings (dimensionless, |g| <= sqrt(4 pi)); recycled against `mass_mev`.
#' @param mass_mev mediator masses in MeV (positive, finite).
#' @param ... passed to methods.
#' @return See the description.
#' @examples
#' ess <- spallation_detector("ESS")
#' statistic(ess)
#' background_counts(ess)
#' expected_counts(ess, lmu_ltau(), g = 5e-4, mass_mev = 15)
#' @name experiment
NULL

#' @rdname experiment
#' @export
expected_counts <- function(x, model, g, mass_mev, ...) {
  check_experiment_arg(x)
  check_model(model)
  g <- check_coupling(g)
  mass_mev <- check_positive(mass_mev, "mass_mev")
  recycle_args(g = g, mass_mev = mass_mev)
  UseMethod("expected_counts")
}

#' @rdname experiment
#' @export
count_terms <- function(x, model, mass_mev, ...) {
  check_experiment_arg(x)
  check_model(model)
  check_positive(mass_mev, "mass_mev")
  UseMethod("count_terms")
}

#' @rdname experiment
#' @export
background_counts <- function(x, ...) {
  check_experiment_arg(x)
  UseMethod("background_counts")
}

#' @rdname experiment
#' @export
statistic <- function(x, ...) {
  check_experiment_arg(x)
  UseMethod("statistic")
}

#' @rdname experiment
#' @export
observed_counts <- function(x, ...) {
  check_experiment_arg(x)
  UseMethod("observed_counts")
}

#' @rdname experiment
#' @param data observed counts per bin.
#' @param predicted a matrix `[bin, hypothesis]` of expected counts
#'   without background.
#' @param saturated subtract the saturated likelihood.
#' @export
nuisance_m2ll <- function(x, data, predicted, saturated = TRUE, ...) {
  check_experiment_arg(x)
  UseMethod("nuisance_m2ll")
}

# The package's experiment constructors: the one list error messages name.
experiment_constructors <- c("na64mu", "spallation_detector", "cevns_detector",
                             "xenon_detector", "na64mu_2022", "coherent_ar_2020",
                             "coherent_csi_2022", "xenonnt_8b_2024", "pandax4t_8b_2024",
                             "gm2_likelihood")

experiment_kinds_text <- function() {
  paste0(experiment_constructors, "()", collapse = ", ")
}

not_an_experiment <- function(x, call = sys.call(-1)) {
  mp_abort("`x` must be a muonphilic experiment (%s), not %s%s.",
           experiment_kinds_text(), mp_describe(x), order_hint(x), call = call)
}

# The generics' first check: an experiment, and (for the package's own,
# sealed ones) not edited behind its constructor's back.
# `x` must be an experiment of class `class`, made by `ctor` (a text such
# as "xenonnt_8b_2024()").
check_made_by <- function(x, class, ctor, call = sys.call(-1)) {
  if (!inherits(x, class)) {
    mp_abort("`x` must be an experiment made by %s, not %s%s.", ctor, mp_describe(x),
             order_hint(x), call = call)
  }
  x
}

check_experiment_arg <- function(x, call = sys.call(-1)) {
  if (!is_experiment(x)) not_an_experiment(x, call = call)
  if (!is.null(attr(x, "mp_ctor", exact = TRUE))) {
    check_object_state(x, "experiment", call = call)
  }
  invisible(x)
}

is_experiment <- function(x) inherits(x, "muonphilic_experiment")

# ---- the one constructor ---------------------------------------------------

# Every experiment is built here: `kind` names the class
# c("muonphilic_<kind>", "muonphilic_experiment") (plus `subclass` in
# front); `...` are its own fields. The contract part lives in the field
# `contract`:
# * `bin_edges`: strictly increasing edges, or a data frame of bins with
#   columns `bin`, `lower`, `upper` (and any more per-bin columns) when the
#   bins are not contiguous; `bin_unit` their unit;
# * `background`: counts per bin, or a function of the experiment that
#   computes them: evaluated once, here;
# * `statistic`: a statistic object (stat_poisson(), ...);
# * `label`: the experiment's name in tables and plots;
# * `exact`: NULL, or a list(masses = function(x, model, mass_mev), the
#   masses where count_terms() is exact (TRUE/FALSE each), correction =
#   function(x, model, g, mass_mev, counts), a matrix [bin, point] of
#   factors that turn `counts`, the count_terms() polynomial at the points
#   (g, mass_mev), into the exact counts);
# * `exposure`: NULL or c(arg = , unit = ): the constructor argument that
#   every count (signal and background) is proportional to (discovery
#   reach scales it); `threshold`: NULL or c(arg = , unit = ) likewise.
# Own fields must not be named like these arguments (nor "k", "ki", "kin",
# which would match `kind`): set such a field after the call.
new_experiment <- function(kind, ..., bin_edges, bin_unit, background, statistic, label,
                           exact = NULL, exposure = NULL, threshold = NULL,
                           subclass = character()) {
  bins <- if (is.data.frame(bin_edges)) bin_edges else {
    e <- as.double(bin_edges)
    data.frame(bin = seq_len(length(e) - 1L), lower = e[-length(e)], upper = e[-1])
  }
  stopifnot(is.character(kind), length(kind) == 1L, is.character(bin_unit),
            inherits(statistic, "muonphilic_statistic"), is.character(label),
            is.null(exact) || (is.function(exact$masses) && is.function(exact$correction)))
  x <- structure(list(...), class = c(subclass, paste0("muonphilic_", kind),
                                      "muonphilic_experiment"))
  x$contract <- list(kind = kind, label = label, bins = bins,
                     bin_edges = if (is.data.frame(bin_edges)) NULL else as.double(bin_edges),
                     bin_unit = bin_unit, background = NULL, statistic = statistic,
                     exact = exact, exposure = exposure, threshold = threshold)
  contract_background(x, background)
}

# Compute and store the background once (also after an internal edit that
# changes it, e.g. a xenon detector's analysis).
contract_background <- function(x, background, call = sys.call(-1)) {
  ct <- x$contract
  b0 <- if (is.function(background)) background(x) else background
  nb <- nrow(ct$bins)
  b <- check_number(b0, "background", lower = 0, call = call)
  if (!length(b) %in% c(1L, nb)) {
    mp_abort("`background` must have length 1 or one value per bin (%d), not %d.",
             nb, length(b), call = call)
  }
  b <- rep_len(b, nb)
  if (length(b0) == nb) names(b) <- names(b0) # e.g. channel names
  ct$background <- b
  if (!is.null(attr(x, "mp_ctor", exact = TRUE))) return(set_fields(x, contract = ct))
  x$contract <- ct
  x
}

# The contract fields of an experiment (NULL for a user's own class).
contract <- function(x) if (is.list(x)) x[["contract"]] else NULL

# ---- statistics ------------------------------------------------------------

new_statistic <- function(kind, ...) {
  structure(list(kind = kind, parameters = list(...)), class = "muonphilic_statistic")
}

#' Likelihood statistics of experiments
#'
#' What [statistic()] returns: how an experiment's counts become
#' \eqn{-2\ln L} ([minus2_loglik()]).
#' * `stat_poisson()`: the binned Poisson likelihood of Eq. 28, data
#'   compared with the prediction plus the background.
#' * `stat_chi2_pull(sigma)`: the pull \eqn{\chi^2} of Eq. 34 with a
#'   relative normalisation uncertainty `sigma` (dimensionless, e.g. 0.05
#'   for 5 %), minimised analytically over the pull; the background enters
#'   the variance only.
#' * `stat_custom(nuisance)`: the experiment computes its own likelihood
#'   with nuisance parameters profiled, in its `nuisance_m2ll()` method
#'   (see [experiment]); `nuisance` names those parameters.
#'
#' @param sigma relative normalisation uncertainty (one non-negative
#'   number, dimensionless).
#' @param nuisance names of the nuisance parameters (a character vector,
#'   possibly empty).
#' @param x a statistic.
#' @param ... unused.
#' @return An object of class `muonphilic_statistic`: a list with `kind`
#'   (`"poisson"`, `"chi2_pull"` or `"custom"`) and `parameters` (`sigma`
#'   for `"chi2_pull"`, `nuisance` for `"custom"`).
#' @examples
#' stat_poisson()
#' stat_chi2_pull(0.05)
#' stat_custom(c("flux_norm", "background_norm"))
#' statistic(na64mu())
#' @export
stat_poisson <- function() new_statistic("poisson")

#' @rdname stat_poisson
#' @export
stat_chi2_pull <- function(sigma) {
  sigma <- check_number(sigma, "sigma", len = 1L, lower = 0)
  new_statistic("chi2_pull", sigma = sigma)
}

#' @rdname stat_poisson
#' @export
stat_custom <- function(nuisance = character()) {
  if (!is.character(nuisance) || anyNA(nuisance)) {
    mp_abort("`nuisance` must be a character vector of parameter names, not %s.",
             mp_describe(nuisance))
  }
  new_statistic("custom", nuisance = nuisance)
}

#' @rdname stat_poisson
#' @export
print.muonphilic_statistic <- function(x, ...) {
  s <- check_statistic(x, "x")
  cat("<muonphilic statistic> ", switch(s$kind,
    poisson = "Poisson likelihood (Eq. 28)",
    chi2_pull = sprintf("pull chi-square (Eq. 34), sigma = %g", s$sigma),
    custom = sprintf("custom likelihood with nuisance parameters profiled%s",
                     if (length(s$nuisance)) paste0(": ", paste(s$nuisance, collapse = ", "))
                     else "")), "\n", sep = "")
  invisible(x)
}

statistic_kinds <- c("poisson", "chi2_pull", "custom")

# The one reader of statistic objects: list(kind, code (0 poisson, 1
# chi2_pull, 2 custom), sigma, nuisance), validated.
check_statistic <- function(s, what = "statistic()", call = sys.call(-1)) {
  ok <- inherits(s, "muonphilic_statistic") && is.list(s) && is.character(s$kind) &&
    length(s$kind) == 1L && s$kind %in% statistic_kinds && is.list(s$parameters)
  if (!ok) {
    mp_abort("%s must be a statistic object (stat_poisson(), stat_chi2_pull(sigma) or stat_custom()), not %s.",
             what, mp_describe(s), call = call)
  }
  sigma <- 0
  if (s$kind == "chi2_pull") {
    sigma <- check_number(s$parameters$sigma, "sigma", len = 1L, lower = 0, call = call)
  }
  list(kind = s$kind, code = match(s$kind, statistic_kinds) - 1L, sigma = sigma,
       nuisance = s$parameters$nuisance %||% character())
}

# The statistic of an experiment, read once.
statistic_of <- function(x, arg = "experiment", call = sys.call(-1)) {
  check_statistic(statistic(x), sprintf("statistic() of `%s`", arg), call = call)
}

# ---- default methods -------------------------------------------------------

#' @export
expected_counts.default <- function(x, model, g, mass_mev, ...) not_an_experiment(x)
#' @export
count_terms.default <- function(x, model, mass_mev, ...) not_an_experiment(x)
#' @export
background_counts.default <- function(x, ...) not_an_experiment(x)
#' @export
statistic.default <- function(x, ...) not_an_experiment(x)
#' @export
observed_counts.default <- function(x, ...) not_an_experiment(x)

#' @export
observed_counts.muonphilic_experiment <- function(x, ...) NULL

# An object that claims to be an experiment but was built neither by the
# package's constructors nor with its own contract methods: bad input.
no_contract <- function(x, what) {
  mp_abort("`x` (class \"%s\") is not a complete experiment: it was not made by a muonphilic constructor (%s) and has no %s() method.",
           class(x)[1], experiment_kinds_text(), what, call = NULL)
}

#' @export
background_counts.muonphilic_experiment <- function(x, ...) {
  ct <- contract(x)
  if (is.null(ct)) no_contract(x, "background_counts")
  ct$background
}

#' @export
statistic.muonphilic_experiment <- function(x, ...) {
  ct <- contract(x)
  if (is.null(ct)) no_contract(x, "statistic")
  ct$statistic
}

# The contract's expected_counts(): count_terms() at the distinct masses,
# evaluated at each (g, mass) pair, times the experiment's exact correction
# where count_terms() is only approximate.
#' @export
expected_counts.muonphilic_experiment <- function(x, model, g, mass_mev, ...) {
  ct <- contract(x)
  if (is.null(ct)) no_contract(x, "expected_counts")
  a <- recycle_args(g = as.double(g), mass_mev = as.double(mass_mev))
  counts <- terms_at(x, model, a$g, a$mass_mev)
  counts_frame(x, counts, a$g, a$mass_mev)
}

# Counts [bin, point] from count_terms() (and the exact correction).
terms_at <- function(x, model, g, mass_mev) {
  um <- unique(mass_mev)
  terms <- count_terms(x, model, um)
  nb <- dim(terms)[1]
  m <- match(mass_mev, um)
  cnt <- matrix(0, nb, length(g))
  for (j in seq_along(um)) {
    k <- which(m == j)
    cnt[, k] <- eval_terms(terms, g[k], j)
  }
  ex <- contract(x)$exact
  if (!is.null(ex)) {
    approx <- which(!ex$masses(x, model, mass_mev))
    if (length(approx)) {
      f <- ex$correction(x, model, g[approx], mass_mev[approx], cnt[, approx, drop = FALSE])
      cnt[, approx] <- cnt[, approx] * f
    }
  }
  check_finite_result(cnt, "Expected counts", call = sys.call(-2))
}

# The one builder of counts data frames: `counts` [bin, point] at points
# (g, mass_mev), one row per (bin, point) with the experiment's bins
# (`bin`, `lower`, `upper` and any more per-bin columns), `counts`, `g`,
# `mass_mev`; attribute `unit` (the bins' unit).
counts_frame <- function(x, counts, g, mass_mev) {
  ct <- contract(x)
  bins <- ct$bins
  nb <- nrow(bins)
  np <- length(g)
  b <- bins[rep(seq_len(nb), np), , drop = FALSE]
  out <- data.frame(b[c("bin", "lower", "upper")], counts = as.vector(counts),
                    g = rep(g, each = nb), mass_mev = rep(mass_mev, each = nb),
                    b[setdiff(names(b), c("bin", "lower", "upper"))])
  rownames(out) <- NULL
  attr(out, "unit") <- ct$bin_unit
  new_counts_frame(out)
}

#' @export
nuisance_m2ll.default <- function(x, data, predicted, saturated = TRUE, ...) {
  s <- statistic_of(x, "x")
  if (s$kind != "custom") {
    mp_abort("nuisance_m2ll() applies to experiments whose statistic() is stat_custom(); this one uses \"%s\": use minus2_loglik().",
             s$kind)
  }
  mp_abort("Experiment of class \"%s\" declares a custom statistic but has no nuisance_m2ll() method.",
           class(x)[1], class = "muonphilic_error_contract", call = NULL)
}

# Evaluate count_terms() at couplings: returns a matrix [bin, g] for mass m.
eval_terms <- function(terms, g, m = 1L) {
  powers <- attr(terms, "powers")
  t <- terms[, , m, drop = FALSE]
  dim(t) <- dim(terms)[1:2]
  gp <- outer(powers, g, function(p, gg) gg^p)
  t %*% gp
}

# Powers of g of the three coupling terms of every count (Eqs. 33, 36):
# 0, 1, 2 for a fixed eps, 0, 2, 4 when eps follows g. The rule is written
# once, in C (model.c), and read here.
coupling_powers <- function(model) .Call(ffi_coupling_powers, model_spec(model))
