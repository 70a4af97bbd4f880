# Results as data: summary(), tidy(), glance(), confint(), profile() and
# logLik() for scans, summaries of experiments and limits, and the print
# methods of contour and limit frames.

#' @importFrom generics tidy
#' @export
generics::tidy

#' @importFrom generics glance
#' @export
generics::glance

# A classed data frame as a plain one.
plain_df <- function(x) {
  class(x) <- "data.frame"
  x
}

#' Best fits, goodness of fit, intervals and profiles of a scan
#'
#' The results of a [scan_grid()] as data, with the usual generics of R
#' and broom:
#' * `tidy()`: one row per experiment (and combination) of the scan, its
#'   best fit: `experiment`, `g` (dimensionless, exact: from the profile in
#'   g), `mass_mev` (MeV, on the mass grid or refined), `minus2_loglik` and
#'   `grid_edge` (`TRUE` when the best fit lies at an end of the mass grid
#'   and \eqn{-2\ln L} still falls beyond it: widen the grid).
#' * `glance()`: one row for all experiments together: `minus2_loglik` at
#'   the joint best fit (against the saturated model: the Poisson deviance
#'   of Eq. 28 or the \eqn{\chi^2} of Eq. 34), `n_experiments`, `n_bins`,
#'   `dof` (bins minus the two fitted parameters), `p_value`, and the
#'   tension between the experiments (parameter goodness of fit, Maltoni
#'   and Schwetz, PRD 68 (2003) 033020): `chi2_pg` = joint minimum minus
#'   the sum of the individual minima, `dof_pg` = \eqn{2(n_e - 1)},
#'   `p_value_pg`, `sigma_pg` (`NA` for a single experiment).
#' * `summary()`: the scan's grid, best fits and goodness of fit (see
#'   [goodness_of_fit()]) in one printed object.
#' * `confint()`: at every mass, the interval in g where \eqn{-2\ln L}
#'   lies within `qchisq(level, 1)` of its minimum over g at that mass (the
#'   exact profile of Eqs. 29-30; one parameter, M fixed). Its upper end is
#'   the asymptotic upper limit of [upper_limit()] at the same level; the
#'   lower end is 0 when \eqn{g = 0} lies inside. (Destructive interference
#'   can open further allowed bands at larger g; the interval is the one
#'   around the best fit.)
#' * `profile()`: the exact profiles in g, as [profile_g()].
#' * `logLik()`: \eqn{\ln L = -\frac{1}{2}(-2\ln L)} at the best fit of
#'   one experiment or of all together (the default), with `df = 2` (g and
#'   M) and `nobs` the number of bins. For a scan with `saturated = TRUE` it
#'   is relative to the saturated model (a constant per data set), so
#'   differences between models fitted to the same data are meaningful.
#'
#' @param x,object,fitted a scan from [scan_grid()].
#' @param parm,which experiments (or combinations) of the scan; default
#'   all of them.
#' @param experiment one experiment (or combination) of the scan, or
#'   `NULL` for all experiments together.
#' @param level confidence level of the intervals (probability in (0, 1)
#'   or a label such as `"90 %"`).
#' @param ... unused.
#' @return `tidy()`, `glance()`, `confint()` (`experiment`, `mass_mev`
#'   (MeV), `g_best`, `g_lower`, `g_upper` (dimensionless), `cl`) and
#'   `profile()` (`experiment`, `mass_mev`, `g_hat`, `m2ll_hat`,
#'   `m2ll_zero`): data frames; `logLik()`: an object of class `logLik`;
#'   `summary()`: an object that prints.
#' @examples
#' x <- na64mu(mot = 1e11)
#' d <- asimov(x, lmu_ltau(), g = 1e-3, mass_mev = 100)
#' s <- scan_grid(list(A = x, B = x), list(d, d), lmu_ltau(),
#'                g = 10^seq(-4, -2, length.out = 5), mass_mev = c(50, 100, 200))
#' tidy(s)
#' glance(s)
#' summary(s)
#' confint(s, "A")
#' head(profile(s))
#' logLik(s)
#' @name tidy.muonphilic_scan
NULL

#' @rdname tidy.muonphilic_scan
#' @method tidy muonphilic_scan
#' @export
tidy.muonphilic_scan <- function(x, ...) {
  check_scan(x, "x")
  scan_best_fits(x)
}

#' @rdname tidy.muonphilic_scan
#' @method glance muonphilic_scan
#' @export
glance.muonphilic_scan <- function(x, ...) {
  check_scan(x, "x")
  lik <- scan_likelihood(x, "x")
  bf <- attr(x, "best_fit")
  exps <- attr(x, "experiments")
  nb <- vapply(lik$infos, `[[`, numeric(1), "n_bin")
  m2ll <- bf$m2ll[bf$curve == "total"]
  n_bins <- sum(nb)
  dof <- max(n_bins - 2, 1)
  p <- if (isTRUE(lik$saturated)) stats::pchisq(m2ll, dof, lower.tail = FALSE) else NA_real_
  n_e <- length(exps)
  chi2 <- dof_pg <- p_pg <- sigma_pg <- NA_real_
  if (n_e > 1L) {
    # Maltoni-Schwetz parameter goodness of fit over all experiments
    chi2 <- max(m2ll - sum(bf$m2ll[match(exps, bf$curve)]), 0)
    dof_pg <- 2 * (n_e - 1)
    p_pg <- stats::pchisq(chi2, dof_pg, lower.tail = FALSE)
    sigma_pg <- stats::qnorm(p_pg / 2, lower.tail = FALSE)
  }
  data.frame(minus2_loglik = m2ll, n_experiments = n_e, n_bins = n_bins, dof = dof,
             p_value = p, chi2_pg = chi2, dof_pg = dof_pg, p_value_pg = p_pg,
             sigma_pg = sigma_pg)
}

scan_likelihood <- function(scan, arg, call = sys.call(-1)) {
  lik <- attr(scan, "likelihood")
  if (is.null(lik) || is.null(attr(scan, "best_fit"))) {
    mp_abort("`%s` carries no likelihood (a scan built by hand, or combined from scans under different models or masses): make it with scan_grid().",
             arg, call = call)
  }
  lik
}

#' @rdname tidy.muonphilic_scan
#' @export
summary.muonphilic_scan <- function(object, ...) {
  check_scan(object, "object")
  has_lik <- !is.null(attr(object, "likelihood")) && !is.null(attr(object, "best_fit"))
  structure(list(scan = object, best_fit = scan_best_fits(object),
                 gof = if (has_lik) goodness_of_fit(object),
                 glance = if (has_lik) glance.muonphilic_scan(object)),
            class = "summary.muonphilic_scan")
}

#' @export
print.summary.muonphilic_scan <- function(x, ...) {
  s <- x$scan
  grid <- attr(s, "grid")
  cat(sprintf("<summary of a muonphilic scan> model %s\n", attr(s, "model") %||% "?"))
  cat(sprintf("  grid: %d couplings g in [%.3g, %.3g] x %d masses in [%.3g, %.3g] MeV\n",
              length(grid$g), min(grid$g), max(grid$g), length(grid$mass_mev),
              min(grid$mass_mev), max(grid$mass_mev)))
  truth <- attr(s, "truth")
  if (!is.null(truth)) {
    cat(sprintf("  truth: g = %.4g, M = %.4g MeV (%s)\n", truth$g, truth$mass_mev,
                truth$model %||% "?"))
  }
  cat("  best fits (g exact, M on the mass grid):\n")
  bf <- x$best_fit
  for (k in seq_len(nrow(bf))) {
    cat(sprintf("    %-14s g = %.4g, M = %.4g MeV, -2 ln L = %.5g%s\n", bf$experiment[k],
                bf$g[k], bf$mass_mev[k], bf$minus2_loglik[k],
                if (isTRUE(bf$grid_edge[k]) && bf$g[k] > 0) " (at the mass-grid edge)" else ""))
  }
  if (!is.null(x$gof)) {
    cat("  goodness of fit (best fit vs saturated model):\n")
    for (k in seq_len(nrow(x$gof))) {
      r <- x$gof[k, ]
      cat(sprintf("    %-14s -2 ln L = %.4g, %g dof, p = %.3g\n", r$experiment,
                  r$minus2_loglik, r$dof, r$p_value))
    }
    ten <- attr(x$gof, "tension")
    for (k in seq_len(nrow(ten))) {
      r <- ten[k, ]
      cat(sprintf("  tension of %s (parameter goodness of fit): chi2_PG = %.4g, %g dof, p = %.3g (%.2f sigma)\n",
                  r$combination, r$chi2_pg, r$dof, r$p_value, r$sigma))
    }
    gl <- x$glance
    if (gl$n_experiments > 1L && !nrow(ten)) {
      cat(sprintf("  all %d experiments: -2 ln L = %.4g, %g dof, p = %.3g; tension chi2_PG = %.4g, %g dof, p = %.3g (%.2f sigma)\n",
                  gl$n_experiments, gl$minus2_loglik, gl$dof, gl$p_value, gl$chi2_pg,
                  gl$dof_pg, gl$p_value_pg, gl$sigma_pg))
    }
  }
  invisible(x)
}

#' @rdname tidy.muonphilic_scan
#' @importFrom stats confint
#' @export
confint.muonphilic_scan <- function(object, parm = NULL, level = 0.90, ...) {
  check_scan(object, "object")
  lik <- scan_likelihood(object, "object")
  level <- check_cl(level, len = 1L)
  curves <- if (is.null(parm)) scan_row_curves(object) else scan_curves(object, parm)
  members <- scan_members(object)
  t <- stats::qchisq(level, df = 1)
  out <- do.call(rbind, lapply(curves, function(cv) {
    p <- profile_curve(lik, members[[cv]], target = t)
    lower <- vapply(seq_along(lik$mass_mev), function(j) {
      interval_lower(lik, members[[cv]], j, p[j, ], t)
    }, numeric(1))
    upper <- p[, "g_cross"]
    upper[!is.finite(upper)] <- NA_real_
    data.frame(experiment = cv, mass_mev = lik$mass_mev, g_best = p[, "g_hat"],
               g_lower = lower, g_upper = upper, cl = level, stringsAsFactors = FALSE)
  }))
  rownames(out) <- NULL
  out
}

# The lower end of the interval in g around g_hat at mass j (Eq. 30 with
# one parameter): 0 when g = 0 is inside, else the largest g < g_hat with
# Delta(-2 ln L) = t (a search in log g, refined by uniroot()).
interval_lower <- function(lik, members, j, prof, t) {
  g_hat <- prof[["g_hat"]]
  m_hat <- prof[["m2ll_hat"]]
  if (!(g_hat > 0) || !is.finite(m_hat) || prof[["m2ll_zero"]] - m_hat <= t) return(0)
  f <- function(u) {
    r <- curve_m2ll(lik, members, j, 10^u) - m_hat - t
    r[is.infinite(r)] <- 1e300
    r
  }
  top <- log10(g_hat)
  lg <- c(seq(-12, top, by = 0.02), top)
  lg <- unique(lg[lg <= top])
  v <- f(lg)
  k <- utils::tail(which(v > 0), 1L)
  if (!length(k)) return(0)
  if (k == length(lg)) return(g_hat)
  10^stats::uniroot(f, lg[c(k, k + 1L)], tol = 1e-10)$root
}

#' @rdname tidy.muonphilic_scan
#' @importFrom stats profile
#' @export
profile.muonphilic_scan <- function(fitted, which = NULL, ...) {
  check_scan(fitted, "fitted")
  which <- which %||% scan_row_curves(fitted)
  profile_g(fitted, which = which)
}

#' @rdname tidy.muonphilic_scan
#' @importFrom stats logLik
#' @export
logLik.muonphilic_scan <- function(object, experiment = NULL, ...) {
  check_scan(object, "object")
  lik <- scan_likelihood(object, "object")
  bf <- attr(object, "best_fit")
  members <- scan_members(object)
  if (is.null(experiment)) {
    cv <- "total"
  } else {
    if (!is.character(experiment) || length(experiment) != 1L || is.na(experiment)) {
      mp_abort("`experiment` must be one name among %s, or NULL, not %s.",
               paste0("\"", scan_row_curves(object), "\"", collapse = ", "),
               mp_describe(experiment))
    }
    cv <- check_choice(experiment, "experiment", scan_row_curves(object))
  }
  nb <- vapply(lik$infos, `[[`, numeric(1), "n_bin")
  structure(-bf$m2ll[bf$curve == cv] / 2, df = 2L, nobs = as.integer(sum(nb[members[[cv]]])),
            class = "logLik")
}

# ---- experiments --------------------------------------------------------

#' Summary of an experiment
#'
#' Its name, kind, statistic, number of bins, exposure (in the units the
#' constructor takes) and the expected background and observed events
#' summed over bins.
#'
#' @param object an experiment ([na64mu()], [spallation_detector()],
#'   [xenon_detector()], ...).
#' @param ... unused.
#' @return A one-row data frame of class `summary.muonphilic_experiment`:
#'   `experiment`, `class`, `statistic`, `n_bins`, `exposure` (text with
#'   its unit), `background` (events), `observed` (events, `NA` without
#'   data).
#' @examples
#' summary(na64mu())
#' summary(spallation_detector("CCM"))
#' @export
summary.muonphilic_experiment <- function(object, ...) {
  info <- experiment_info(object, "object")
  obs <- observed_counts(object)
  out <- data.frame(experiment = default_experiment_name(object), class = class(object)[1],
                    statistic = info$stat, n_bins = as.integer(info$n_bin),
                    exposure = experiment_exposure(object), background = sum(info$background),
                    observed = if (is.null(obs)) NA_real_ else sum(obs),
                    stringsAsFactors = FALSE)
  class(out) <- c("summary.muonphilic_experiment", "data.frame")
  out
}

# The exposure of an experiment as text with its unit, from the fields the
# constructors use.
experiment_exposure <- function(x) {
  f <- function(name) {
    v <- tryCatch(x[[name]], error = function(e) NULL)
    if (is.numeric(v) && length(v) == 1L && is.finite(v)) v else NULL
  }
  if (!is.null(v <- f("exposure_tyr"))) return(sprintf("%g t yr", v))
  if (!is.null(v <- f("mot"))) return(sprintf("%g muons on target", v))
  if (!is.null(m <- f("mass_t")) && !is.null(y <- f("years"))) {
    return(sprintf("%g t x %g yr", m, y))
  }
  NA_character_
}

#' @export
print.summary.muonphilic_experiment <- function(x, ...) {
  for (k in seq_len(nrow(x))) {
    cat(sprintf("<experiment %s> (%s)\n", x$experiment[k], x$class[k]))
    cat(sprintf("  statistic: %s, %d bins\n", x$statistic[k], x$n_bins[k]))
    if (!is.na(x$exposure[k])) cat(sprintf("  exposure: %s\n", x$exposure[k]))
    cat(sprintf("  expected background: %.4g events (all bins)\n", x$background[k]))
    if (!is.na(x$observed[k])) cat(sprintf("  observed: %.4g events (all bins)\n", x$observed[k]))
  }
  invisible(x)
}

# ---- limits and contours ------------------------------------------------

#' Summaries and printing of limits and contours
#'
#' `summary()` of [upper_limit()] results: per experiment, level and
#' method, the number of masses, how many have a limit inside the searched
#' range, and the strongest limit with its mass. Limit and contour frames
#' print a short description and their first rows; they are data frames
#' otherwise (`as.data.frame()`, `rbind()`, `subset()`).
#'
#' @param object,x a data frame from [upper_limit()] (`muonphilic_limits`)
#'   or [contours()] (`muonphilic_contours`).
#' @param n number of rows printed.
#' @param ... unused.
#' @return `summary()`: a data frame `experiment`, `cl`, `method`,
#'   `n_masses`, `n_limited`, `g_upper_min` (dimensionless) and
#'   `mass_at_min_mev` (MeV).
#' @examples
#' x <- na64mu(mot = 1e11)
#' s <- scan_grid(x, asimov(x, lmu_ltau(), g = 0, mass_mev = 100), lmu_ltau(),
#'                g = 10^seq(-4, -2, length.out = 5), mass_mev = c(20, 100, 300))
#' lim <- upper_limit(s)
#' lim
#' summary(lim)
#' contours(s, cl = 0.95)
#' @name summary.muonphilic_limits
NULL

#' @rdname summary.muonphilic_limits
#' @export
summary.muonphilic_limits <- function(object, ...) {
  d <- plain_df(object)
  need <- c("experiment", "mass_mev", "g_upper", "cl", "method")
  if (!all(need %in% names(d))) {
    mp_abort("`object` must hold the columns %s of upper_limit(); it has %s.",
             paste(need, collapse = ", "), paste(names(d), collapse = ", "))
  }
  key <- unique(d[c("experiment", "cl", "method")])
  out <- do.call(rbind, lapply(seq_len(nrow(key)), function(k) {
    r <- d[d$experiment == key$experiment[k] & d$cl == key$cl[k] & d$method == key$method[k], ]
    ok <- is.finite(r$g_upper)
    i <- if (any(ok)) which(ok)[which.min(r$g_upper[ok])] else NA_integer_
    data.frame(experiment = key$experiment[k], cl = key$cl[k], method = key$method[k],
               n_masses = nrow(r), n_limited = sum(ok),
               g_upper_min = if (is.na(i)) NA_real_ else r$g_upper[i],
               mass_at_min_mev = if (is.na(i)) NA_real_ else r$mass_mev[i],
               stringsAsFactors = FALSE)
  }))
  rownames(out) <- NULL
  out
}

#' @rdname summary.muonphilic_limits
#' @export
print.muonphilic_limits <- function(x, n = 6L, ...) {
  d <- plain_df(x)
  n <- as.integer(check_number(n, "n", len = 1L, lower = 0, upper = 1e6))
  if (all(c("experiment", "mass_mev", "cl") %in% names(d)) && nrow(d)) {
    cat(sprintf("<muonphilic limits> %d rows: upper limits on g (dimensionless) per mass (mass_mev, MeV); experiments: %s; cl: %s\n",
                nrow(d), paste(unique(d$experiment), collapse = ", "),
                paste(unique(cl_labels(unique(d$cl))), collapse = ", ")))
  }
  print(utils::head(d, n), ...)
  if (nrow(d) > n) cat(sprintf("# ... %d more rows\n", nrow(d) - n))
  invisible(x)
}

#' @rdname summary.muonphilic_limits
#' @export
print.muonphilic_contours <- function(x, n = 6L, ...) {
  d <- plain_df(x)
  n <- as.integer(check_number(n, "n", len = 1L, lower = 0, upper = 1e6))
  if (all(c("experiment", "cl", "piece") %in% names(d)) && nrow(d)) {
    paths <- nrow(unique(d[c("experiment", "cl", "piece")]))
    cat(sprintf("<muonphilic contours> %d points on %d paths (mass_mev in MeV, g dimensionless); experiments: %s; cl: %s\n",
                nrow(d), paths, paste(unique(d$experiment), collapse = ", "),
                paste(unique(d$cl), collapse = ", ")))
  }
  print(utils::head(d, n), ...)
  if (nrow(d) > n) cat(sprintf("# ... %d more rows\n", nrow(d) - n))
  invisible(x)
}
