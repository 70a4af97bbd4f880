# The experiment contract (ARCHITECTURE.md): generics every experiment
# implements.

#' The experiment contract
#'
#' Every experiment (`na64mu()`, `spallation_detector()`,
#' `xenon_detector()`) is an object of class
#' `c("<name>", "muonphilic_experiment")` with these methods:
#' * `expected_counts(x, model, g, mass_mev, ...)`: a data frame with one
#'   row per (bin, g, mass): `bin`, `lower`, `upper` (bin edges; unit in
#'   attribute `unit`), `counts`, `g`, `mass_mev`. Exact, including any
#'   non-polynomial factor.
#' * `count_terms(x, model, mass_mev, ...)`: an array `[bin, term, mass]`
#'   with attribute `powers` such that
#'   `counts = sum_k terms[, k, m] * g^powers[k]`. Scans use it: any coupling
#'   then costs no new integral.
#' * `background_counts(x)`: background counts per bin.
#' * `statistic(x)`: `"poisson"` or `"chi2_pull"` (then with attribute
#'   `sigma_sys`), or `"custom"`: the experiment then computes its own
#'   likelihood (for example with nuisance parameters profiled) in a
#'   `nuisance_m2ll()` method.
#' * `nuisance_m2ll(x, data, predicted, saturated)`: only for
#'   `statistic(x) == "custom"`: \eqn{-2\ln L} per column of `predicted`
#'   (a matrix `[bin, hypothesis]` of expected counts without background,
#'   as [expected_counts()] gives them), nuisance parameters profiled.
#' * `observed_counts(x)`: the observed counts per bin of an experiment
#'   that carries real data, `NULL` otherwise. [scan_grid()] uses them
#'   when no data are given for that experiment.
#'
#' @param x an experiment.
#' @param model a model ([lmu_ltau()], ...).
#' @param g couplings (dimensionless, |g| <= sqrt(4 pi)).
#' @param mass_mev mediator masses in MeV.
#' @param ... passed to methods.
#' @return See the description.
#' @examples
#' methods(expected_counts)
#' @name experiment
NULL

#' @rdname experiment
#' @export
expected_counts <- function(x, model, g, mass_mev, ...) UseMethod("expected_counts")

#' @rdname experiment
#' @export
count_terms <- function(x, model, mass_mev, ...) UseMethod("count_terms")

#' @rdname experiment
#' @export
background_counts <- function(x, ...) UseMethod("background_counts")

#' @rdname experiment
#' @export
statistic <- function(x, ...) UseMethod("statistic")

#' @rdname experiment
#' @export
observed_counts <- function(x, ...) UseMethod("observed_counts")

#' @rdname experiment
#' @param data observed counts per bin.
#' @param predicted a matrix `[bin, hypothesis]` of expected counts
#'   without background.
#' @param saturated subtract the saturated likelihood.
#' @export
nuisance_m2ll <- function(x, data, predicted, saturated = TRUE, ...) UseMethod("nuisance_m2ll")

# The package's experiment constructors: the one list error messages name.
experiment_constructors <- c("na64mu", "spallation_detector", "cevns_detector",
                             "xenon_detector", "na64mu_2022", "coherent_ar_2020",
                             "coherent_csi_2022", "xenonnt_8b_2024", "pandax4t_8b_2024",
                             "gm2_likelihood")

experiment_kinds_text <- function() {
  paste0(experiment_constructors, "()", collapse = ", ")
}

not_an_experiment <- function(x) {
  mp_abort("`x` must be a muonphilic experiment (%s), not %s%s.",
           experiment_kinds_text(), mp_describe(x), order_hint(x), call = sys.call(-1))
}

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
#' @export
nuisance_m2ll.default <- function(x, data, predicted, saturated = TRUE, ...) {
  if (!is_experiment(x)) not_an_experiment(x)
  if (!identical(as.vector(statistic(x)), "custom")) {
    mp_abort("nuisance_m2ll() applies to experiments whose statistic() is \"custom\"; this one uses \"%s\": use minus2_loglik().",
             as.vector(statistic(x)))
  }
  mp_abort("Experiment of class \"%s\" declares statistic \"custom\" but has no nuisance_m2ll() method.",
           class(x)[1], class = "muonphilic_error_contract", call = NULL)
}

is_experiment <- function(x) inherits(x, "muonphilic_experiment")

# The contract's default expected_counts(): count_terms() at the distinct
# masses, evaluated at each (g, mass) pair (recycled), as one data frame
# with `bin`, `lower`, `upper`, `counts`, `g`, `mass_mev` (and any extra
# per-bin columns of `bins`), attribute `unit`.
counts_frame <- function(x, model, g, mass_mev, bins, unit, call = sys.call(-1)) {
  check_model(model, call = call)
  g <- check_coupling(g, call = call)
  mass_mev <- check_positive(mass_mev, "mass_mev", call = call)
  a <- recycle_args(g = g, mass_mev = mass_mev)
  um <- unique(a$mass_mev)
  terms <- count_terms(x, model, um)
  nb <- nrow(bins)
  cnt <- vapply(seq_along(a$g), function(i) {
    as.vector(eval_terms(terms, a$g[i], match(a$mass_mev[i], um)))
  }, numeric(nb))
  cnt <- check_finite_result(cnt, "Expected counts")
  np <- length(a$g)
  b <- bins[rep(seq_len(nb), np), , drop = FALSE]
  out <- data.frame(b[c("bin", "lower", "upper")], counts = as.vector(cnt),
                    g = rep(a$g, each = nb), mass_mev = rep(a$mass_mev, each = nb),
                    b[setdiff(names(b), c("bin", "lower", "upper"))])
  rownames(out) <- NULL
  attr(out, "unit") <- unit
  new_counts_frame(out)
}

# Evaluate count_terms() at couplings: returns a matrix [bin, g] for mass m.
eval_terms <- function(terms, g, m = 1L) {
  powers <- attr(terms, "powers")
  t <- terms[, , m, drop = FALSE]
  dim(t) <- dim(terms)[1:2]
  gp <- outer(powers, g, function(p, gg) gg^p)
  t %*% gp
}
