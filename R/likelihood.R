# Likelihoods of one experiment (Eqs. 28-30, 34): Asimov
# and pseudo-data, and -2 ln L dispatching on statistic().

# What the likelihood layer needs from an experiment, validated once.
experiment_info <- function(x, arg = "experiment", call = sys.call(-1)) {
  if (!is_experiment(x)) {
    mp_abort("`%s` must be a muonphilic experiment (%s), not %s%s.",
             arg, experiment_kinds_text(), mp_describe(x), order_hint(x), call = call)
  }
  stat <- statistic_of(x, arg, call = call)
  bkg <- check_number(background_counts(x), "background_counts()", lower = 0, call = call)
  list(stat = stat$kind, code = stat$code, sigma_sys = stat$sigma, background = bkg,
       n_bin = length(bkg), x = if (stat$kind == "custom") x else NULL)
}

# expected_counts() rows for one (g, mass) point as a vector in bin order.
counts_in_bin_order <- function(df, n_bin, call = sys.call(-1)) {
  if (!is.data.frame(df) || !all(c("bin", "counts") %in% names(df)) || nrow(df) != n_bin) {
    mp_abort("expected_counts() must return a data frame with columns bin and counts and one row per bin (%d).",
             n_bin, class = "muonphilic_error_contract", call = call)
  }
  df$counts[order(df$bin)]
}

#' Asimov data and pseudo-data
#'
#' `asimov()` returns the expected observation of an experiment at a true
#' point (Sect. 3.2: the paper's mock data), one real number per bin:
#' the expected counts of [expected_counts()] plus, for Poisson experiments,
#' [background_counts()] (Eq. 28: \eqn{\mu_i = s_i + b_i}). For
#' [stat_chi2_pull()] experiments the background enters only the variance
#' of Eq. 34, so the data are the expected counts alone. `pseudo_data()` fluctuates the Asimov
#' data with independent Poisson draws.
#'
#' @param experiment an experiment (see [expected_counts()]).
#' @param model the true model ([lmu_ltau()], ...).
#' @param g the true coupling (one non-negative number, dimensionless);
#'   `g = 0` gives background-only (Standard Model) data.
#' @param mass_mev the true mediator mass in MeV (one positive number).
#' @param seed optional integer seed (a whole number of magnitude below
#'   2^31); when given, the global random stream
#'   is left as it was.
#' @return A numeric vector (one value per bin) with attribute `truth`, a
#'   list of `g`, `mass_mev` and `model` (its name). `scan_grid()` uses it to
#'   mark the true point.
#' @seealso [minus2_loglik()], [scan_grid()].
#' @examples
#' \donttest{
#' x <- na64mu()
#' d <- asimov(x, lmu_ltau(), g = 1e-3, mass_mev = 100)
#' pseudo_data(x, lmu_ltau(), g = 1e-3, mass_mev = 100, seed = 1)
#' asimov(x, lmu_ltau(), g = 0, mass_mev = 100)  # background only
#' }
#' @export
asimov <- function(experiment, model, g, mass_mev) {
  info <- experiment_info(experiment)
  check_model(model)
  g <- check_number(g, "g", len = 1L, lower = 0)
  mass_mev <- check_positive(mass_mev, "mass_mev", len = 1L)
  # g = 0 is the Standard Model: background-only data
  df <- expected_counts(experiment, model, g = g, mass_mev = mass_mev)
  counts <- counts_in_bin_order(df, info$n_bin)
  if (info$stat != "chi2_pull") counts <- counts + info$background
  structure(counts, truth = list(g = g, mass_mev = mass_mev, model = model$name))
}

#' @rdname asimov
#' @export
pseudo_data <- function(experiment, model, g, mass_mev, seed = NULL) {
  mu <- asimov(experiment, model, g, mass_mev)
  if (!is.null(seed)) {
    seed <- check_number(seed, "seed", len = 1L, lower = -.Machine$integer.max,
                         upper = .Machine$integer.max)
    genv <- globalenv()
    old <- get0(".Random.seed", envir = genv, inherits = FALSE)
    on.exit({
      if (is.null(old)) {
        rm(".Random.seed", envir = genv)
      } else {
        assign(".Random.seed", old, envir = genv)
      }
    }, add = TRUE)
    set.seed(seed)
  }
  out <- as.double(stats::rpois(length(mu), mu))
  attributes(out) <- attributes(mu)
  out
}

#' -2 ln L of one experiment
#'
#' Dispatches on [statistic()]:
#' * [stat_poisson()]: Eq. 28 with \eqn{\mu_i = s_i + b_i} (the prediction plus
#'   [background_counts()]), real (Asimov) data allowed. With
#'   `saturated = TRUE` (the default) the value is the deviance
#'   \eqn{-2\ln(L/L_{sat}) = 2\sum_i[\mu_i - n_i + n_i\ln(n_i/\mu_i)]}, which
#'   is zero when the prediction equals the data; with `FALSE` it is
#'   \eqn{-2\ln L = -2\sum_i[n_i\ln\mu_i - \mu_i - \ln\Gamma(n_i + 1)]}
#'   (the factorial continued by `lgamma` for non-integer data). The two
#'   differ by a constant that depends on the data only, so every
#'   \eqn{\Delta(-2\ln L)} (Eq. 29) is the same.
#' * [stat_chi2_pull()]: the \eqn{\chi^2} of Eq. 34 with the experiment's
#'   normalisation uncertainty (the statistic's `sigma`),
#'   minimised analytically over the pull; the background enters the
#'   variance \eqn{\sigma_{stat}^2 = N_{obs} + N_{bkg}} only. `saturated` is
#'   ignored (\eqn{\chi^2} is already zero at a perfect fit).
#'
#' @param experiment an experiment.
#' @param data observed counts per bin (non-negative reals; one per bin).
#' @param predicted predicted counts without background, as
#'   [expected_counts()] gives them: a vector (one per bin) or a matrix
#'   with one row per bin and one column per hypothesis.
#' @param saturated Poisson only: subtract the saturated model (see above).
#' @return A numeric vector, one value per column of `predicted`.
#' @examples
#' x <- na64mu()
#' d <- asimov(x, lmu_ltau(), g = 1e-3, mass_mev = 100)
#' p <- expected_counts(x, lmu_ltau(), g = 1.1e-3, mass_mev = 100)$counts
#' minus2_loglik(x, d, p)
#' @export
minus2_loglik <- function(experiment, data, predicted, saturated = TRUE) {
  info <- experiment_info(experiment)
  data <- check_number(data, "data", len = info$n_bin, lower = 0)
  check_flag(saturated, "saturated")
  if (is.matrix(predicted)) {
    if (nrow(predicted) != info$n_bin) {
      mp_abort("`predicted` must have one row per bin (%d), not %d.", info$n_bin,
               nrow(predicted))
    }
    pred <- check_number(predicted, "predicted", finite = FALSE)
  } else {
    pred <- check_number(predicted, "predicted", len = info$n_bin, finite = FALSE)
  }
  m2ll_matrix(info, data, pred, saturated)
}

m2ll_matrix <- function(info, data, pred, saturated = TRUE) {
  if (info$code == 2L) {
    pred <- matrix(as.double(pred), nrow = info$n_bin)
    out <- nuisance_m2ll(info$x, as.double(data), pred, saturated)
    if (!is.numeric(out) || length(out) != ncol(pred) || anyNA(out)) {
      mp_abort("nuisance_m2ll() of an experiment of class \"%s\" must return one number per hypothesis (%d).",
               class(info$x)[1], ncol(pred), class = "muonphilic_error_contract", call = NULL)
    }
    return(as.double(out))
  }
  .Call(ffi_m2ll_matrix, info$code, as.double(data), as.double(pred),
        as.double(info$background), as.double(info$sigma_sys), saturated)
}
