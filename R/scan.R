# Profile-likelihood scans in the (g, M) plane, contours, upper limits,
# (scanning; limits in limits.R, combinations in combine.R, plots in
# scan-plot.R) (Eqs. 29-30, 34;
# Figs. 5, 7-9, 12). Scans are built from count_terms(): one set of
# integrals per mass, the couplings are polynomial evaluation in C.

utils::globalVariables(c("x", "y", "label", "cl_label", "experiment", "group", "g_upper",
                         "panel", "g", "mass_mev"))

reserved_columns <- c("g", "mass_mev", "total", "delta")


check_grid <- function(x, arg, call = sys.call(-1)) {
  x <- check_positive(x, arg, call = call)
  if (length(x) < 2L) {
    mp_abort("`%s` must hold at least 2 grid points, not %d.", arg, length(x), call = call)
  }
  if (is.unsorted(x, strictly = TRUE)) {
    mp_abort("`%s` must be strictly increasing (a sorted grid without duplicates).",
             arg, call = call)
  }
  x
}

default_experiment_name <- function(x) {
  nm <- x$name
  if (is.character(nm) && length(nm) == 1L && !is.na(nm) && nzchar(nm)) nm else
    sub("^muonphilic_", "", class(x)[1])
}

# Experiments (one, or a list) and their data (a vector, or a list) as
# aligned named lists, validated.
normalise_experiments <- function(experiments, data, call = sys.call(-1)) {
  if (is_experiment(experiments)) {
    experiments <- list(experiments)
    if (!is.list(data) || is.null(data)) data <- list(data)
  }
  # real-data experiments carry their observations: NULL means "use them"
  if (is.null(data) && is.list(experiments)) data <- vector("list", length(experiments))
  if (is.list(data) && !is.data.frame(data) && is.list(experiments) &&
      length(data) == length(experiments)) {
    for (i in seq_along(data)) {
      if (is.null(data[[i]]) && is_experiment(experiments[[i]])) {
        obs <- observed_counts(experiments[[i]])
        if (is.null(obs)) {
          mp_abort("`data[[%d]]` is NULL but experiment %d carries no observed data; give its counts (e.g. from asimov()).",
                   i, i, call = call)
        }
        data[i] <- list(obs)
      }
    }
  }
  if (!is.list(experiments) || length(experiments) == 0L) {
    mp_abort("`experiments` must be an experiment or a non-empty list of experiments, not %s.",
             mp_describe(experiments), call = call)
  }
  ok <- vapply(experiments, is_experiment, logical(1))
  if (!all(ok)) {
    mp_abort("`experiments` must hold only muonphilic experiments (%s); element %s is %s.",
             experiment_kinds_text(),
             paste(which(!ok), collapse = ", "), mp_describe(experiments[[which(!ok)[1]]]),
             call = call)
  }
  nm <- names(experiments)
  if (is.null(nm)) nm <- rep("", length(experiments))
  nm[!nzchar(nm) | is.na(nm)] <- vapply(experiments[!nzchar(nm) | is.na(nm)],
                                        default_experiment_name, character(1))
  nm <- make.unique(nm, sep = "_")
  if (any(nm %in% reserved_columns)) {
    mp_abort("Experiment names must not be %s.",
             paste0("\"", reserved_columns, "\"", collapse = ", "), call = call)
  }
  names(experiments) <- nm
  if (!is.list(data) || is.data.frame(data)) {
    mp_abort("`data` must be a list with one numeric vector per experiment, not %s.",
             mp_describe(data), call = call)
  }
  if (length(data) != length(experiments)) {
    mp_abort("`data` must hold one vector per experiment (%d), not %d.",
             length(experiments), length(data), call = call)
  }
  if (!is.null(names(data)) && all(nzchar(names(data))) && setequal(names(data), nm)) {
    data <- data[nm]
  }
  infos <- lapply(seq_along(experiments), function(i) {
    experiment_info(experiments[[i]], sprintf("experiments[[%d]]", i), call = call)
  })
  truth <- NULL
  for (i in seq_along(data)) {
    truth <- truth %||% attr(data[[i]], "truth")
    data[[i]] <- check_number(data[[i]], sprintf("data[[%d]] (%s)", i, nm[i]),
                              len = infos[[i]]$n_bin, lower = 0, call = call)
  }
  names(infos) <- names(data) <- nm
  list(experiments = experiments, data = data, infos = infos, truth = truth)
}

# Validate count_terms() output for one experiment and a mass chunk.
check_terms <- function(terms, n_bin, n_mass, name) {
  powers <- attr(terms, "powers")
  d <- dim(terms)
  if (length(d) == 2L && n_mass == 1L) d <- c(d, 1L)
  if (!is.numeric(terms) || length(d) != 3L || d[1] != n_bin || d[3] != n_mass ||
      !is.numeric(powers) || length(powers) != d[2] || anyNA(powers)) {
    mp_abort("count_terms() of experiment \"%s\" must return an array [bin (%d), term, mass (%d)] with numeric attribute \"powers\" (one per term).",
             name, n_bin, n_mass, class = "muonphilic_error_contract", call = NULL)
  }
  list(terms = as.double(terms), powers = as.double(powers))
}

# -2 ln L of one experiment on the g grid at masses `mass_mev`: a matrix
# [g, mass]. `ct` and `ec` are count_terms / expected_counts (the generics,
# or the resolved methods on future workers).
experiment_m2ll <- function(x, info, data, name, model, g, mass_mev, method,
                            saturated, dots, ct = count_terms, ec = expected_counts) {
  todo <- seq_along(mass_mev)
  if (method == "terms") {
    terms <- do.call(ct, c(list(x, model, mass_mev), dots))
    tt <- check_terms(terms, info$n_bin, length(mass_mev), name)
    # kept for the exact profiles in g (a flat copy: [bin, term, mass])
    keep <- list(terms = tt$terms, powers = tt$powers,
                 exact = terms_exact(terms, mass_mev, name))
    if (info$code == 2L) {
      # custom statistics (nuisance parameters): polynomial evaluation in R,
      # the likelihood in the experiment's own method
      arr <- array(tt$terms, c(info$n_bin, length(tt$powers), length(mass_mev)))
      attr(arr, "powers") <- tt$powers
      out <- vapply(seq_along(mass_mev), function(j) {
        m2ll_matrix(info, data, eval_terms(arr, g, j), saturated)
      }, numeric(length(g)))
      out <- matrix(out, length(g), length(mass_mev))
      exact <- grid_exact(terms)
      if (!is.null(exact)) {
        for (j in which(!exact)) {
          df <- do.call(ec, c(list(x, model, g = g, mass_mev = mass_mev[j]), dots))
          out[, j] <- m2ll_matrix(info, data, exact_matrix(df, g, info$n_bin, name), saturated)
        }
      }
      attr(out, "terms") <- keep
      return(out)
    }
    out <- .Call(ffi_m2ll_terms, info$code, tt$terms, tt$powers, as.double(g),
                 data, as.double(info$background), as.double(info$sigma_sys), saturated)
    # optional: masses where the polynomial is only approximate (e.g. a
    # non-polynomial decay factor) are redone exactly
    attr(out, "terms") <- keep
    exact <- grid_exact(terms)
    if (is.null(exact)) return(out)
    todo <- which(!exact)
  } else {
    out <- matrix(NA_real_, length(g), length(mass_mev))
  }
  for (j in todo) {
    df <- do.call(ec, c(list(x, model, g = g, mass_mev = mass_mev[j]), dots))
    pred <- exact_matrix(df, g, info$n_bin, name)
    out[, j] <- m2ll_matrix(info, data, pred, saturated)
  }
  out
}

# Masses where count_terms() is exact (attribute `exact`; NULL: all), one
# flag per mass. Exact profiles use expected_counts() at the others.
terms_exact <- function(terms, mass_mev, name) {
  exact <- attr(terms, "exact")
  if (!is.null(exact)) {
    if (!is.logical(exact) || length(exact) != length(mass_mev) || anyNA(exact)) {
      mp_abort("The attribute \"exact\" of count_terms() of experiment \"%s\" must be TRUE/FALSE per mass.",
               name, class = "muonphilic_error_contract", call = NULL)
    }
    return(exact)
  }
  rep(TRUE, length(mass_mev))
}

# The grid redoes inexact masses with expected_counts() unless `scan =
# "terms"` (NA64mu's prompt-decay limit above 2 m_mu is kept, Eq. 27).
grid_exact <- function(terms) {
  if (identical(attr(terms, "scan"), "terms")) NULL else attr(terms, "exact")
}

# expected_counts() rows for a g vector at one mass as a matrix [bin, g].
exact_matrix <- function(df, g, n_bin, name) {
  if (!is.data.frame(df) || !all(c("bin", "counts", "g") %in% names(df)) ||
      nrow(df) != n_bin * length(g)) {
    mp_abort("expected_counts() of experiment \"%s\" must return one row per (bin, g) with columns bin, g, counts.",
             name, class = "muonphilic_error_contract", call = NULL)
  }
  ig <- match(df$g, g)
  ib <- match(df$bin, sort(unique(df$bin)))
  if (anyNA(ig)) {
    mp_abort("expected_counts() of experiment \"%s\" returned couplings not in the grid.",
             name, class = "muonphilic_error_contract", call = NULL)
  }
  pred <- matrix(NA_real_, n_bin, length(g))
  pred[cbind(ib, ig)] <- df$counts
  pred
}

# One chunk of masses for every experiment: a list of matrices [g, mass].
scan_chunk <- function(mass_mev, ex, model, g, method, saturated, dots,
                       ct_funs = NULL, ec_funs = NULL) {
  lapply(seq_along(ex$experiments), function(e) {
    experiment_m2ll(ex$experiments[[e]], ex$infos[[e]], ex$data[[e]],
                    names(ex$experiments)[e], model, g, mass_mev, method, saturated, dots,
                    ct = ct_funs[[e]] %||% count_terms, ec = ec_funs[[e]] %||% expected_counts)
  })
}

# The S3 method a generic would dispatch to, resolved in this process (so
# experiments whose methods live outside a package also work on workers).
resolve_method <- function(generic, x, env) {
  for (cls in class(x)) {
    f <- utils::getS3method(generic, cls, optional = TRUE, envir = env)
    if (!is.null(f)) return(f)
  }
  get(generic, envir = asNamespace("muonphilic"))
}

future_active <- function() {
  if (!requireNamespace("future", quietly = TRUE) ||
      !requireNamespace("future.apply", quietly = TRUE)) {
    return(FALSE)
  }
  !inherits(future::plan(), "sequential") || future::nbrOfWorkers() > 1
}

#' Profile-likelihood scan in the (g, M) plane
#'
#' Computes \eqn{-2\ln L} (or \eqn{\chi^2}) of each experiment on a grid of
#' couplings and mediator masses (and, with `combine = TRUE`, their sum),
#' and \eqn{\Delta = -2\ln\lambda} relative to each curve's best fit
#' (Eq. 29), as the
#' paper does for Figs. 5, 7, 8, 9 and 12. The data were generated under
#' some truth; `model` is the hypothesis used to reconstruct them, so a
#' different charge assignment or mixing rule (Fig. 9: \eqn{\epsilon =
#' -g/10}) is this one argument.
#'
#' With `method = "terms"` (the default) the predictions come from
#' [count_terms()]: one set of integrals per mass; every coupling is then a
#' polynomial evaluation, done in C together with the statistic, so a scan
#' costs \eqn{O(n_M)} integrals, not \eqn{O(n_M n_g)}. `method = "exact"`
#' calls [expected_counts()] at every grid point instead (slow; it includes
#' any non-polynomial factor and serves to validate the terms). An
#' experiment whose counts are polynomial in g only at some masses (NA64mu:
#' the visible-decay factor of Eq. 27 above \eqn{2 m_\mu}) may give its
#' `count_terms()` result a logical attribute `exact`, one value per mass;
#' masses flagged `FALSE` are then computed with [expected_counts()] on the
#' whole g grid.
#'
#' Serial by default, with a `cli` progress bar when the scan takes more
#' than about 2 s. When a `future` plan with several workers is set (e.g.
#' `future::plan(future::multisession, workers = 2)`), chunks of masses run
#' through `future.apply::future_lapply()` with `progressr` progress
#' (enable it with `progressr::handlers(global = TRUE)` or
#' `progressr::with_progress()`). The package never sets a plan.
#'
#' @param experiments an experiment or a list of experiments (named: the
#'   names label the columns; otherwise the experiments' own names).
#' @param data the observed counts: a vector (one experiment) or a list of
#'   vectors aligned with `experiments` (real numbers allowed, e.g. from
#'   [asimov()]). A `truth` attribute (as [asimov()] sets) is kept to mark
#'   the true point in plots.
#' @param model the model used to reconstruct ([lmu_ltau()], [lmu()], ...).
#' @param g coupling grid (dimensionless, positive, strictly increasing;
#'   log-spaced by default).
#' @param mass_mev mediator-mass grid in MeV (positive, strictly increasing).
#' @param refine polish the minimum of every experiment and of the total
#'   with a local optimiser (Brent in \eqn{\log M} over the profile in
#'   \eqn{\log g}) started from the grid minimum; `delta` and [contours()]
#'   then use the refined minimum.
#' @param method `"terms"` or `"exact"` (see above).
#' @param saturated Poisson experiments: subtract the saturated likelihood
#'   (see [minus2_loglik()]); does not change `delta`.
#' @param combine add the curve `"combined"` (the sum of the experiments'
#'   \eqn{-2\ln L}, independent data sets) when several experiments are
#'   scanned; [combine_scans()] adds combinations afterwards. A single
#'   experiment has no combined curve.
#' @param ... passed to [count_terms()] / [expected_counts()].
#' @return A long ("tidy") data frame of class `muonphilic_scan`, one row
#'   per curve (each experiment, then the combination if asked for) x mass
#'   x coupling, with g varying fastest: `experiment` (the curve's name),
#'   `g` (dimensionless), `mass_mev` (MeV), `minus2_loglik`
#'   (\eqn{-2\ln L}, dimensionless) and `delta` (\eqn{-2\ln\lambda}
#'   against that curve's own best fit on the grid, or the refined one).
#'   It behaves as a data frame: `head()`, `[`, `subset()` and `rbind()`
#'   return plain data frames as soon as rows are dropped or reordered
#'   (the result is then no longer a whole scan). Best fits per experiment
#'   come from `summary()` and `tidy()`, the goodness of fit from
#'   `glance()`, intervals in g from `confint()`, the exact profiles from
#'   `profile()` or [profile_g()].
#' @seealso [contours()], [upper_limit()], [combine_scans()],
#'   [discriminate()], [tidy.muonphilic_scan()], and `autoplot()` for
#'   plots.
#' @examples
#' \donttest{
#' x <- na64mu()
#' d <- asimov(x, lmu_ltau(), g = 1e-3, mass_mev = 100)
#' s <- scan_grid(x, d, lmu_ltau(), g = 10^seq(-4, -2, length.out = 30),
#'                mass_mev = 10^seq(1, 3, length.out = 30))
#' s
#' head(s)
#' tidy(s)
#' head(contours(s))
#' }
#' @export
scan_grid <- function(experiments, data, model,
                      g = 10^seq(-5, -2, length.out = 100),
                      mass_mev = 10^seq(0, 3, length.out = 100),
                      refine = FALSE, method = c("terms", "exact"),
                      saturated = TRUE, combine = FALSE, ...) {
  env <- parent.frame()
  ex <- normalise_experiments(experiments, data)
  check_model(model)
  g <- check_grid(g, "g")
  mass_mev <- check_grid(mass_mev, "mass_mev")
  check_flag(refine, "refine")
  check_flag(saturated, "saturated")
  check_flag(combine, "combine")
  if (!is.character(method) || length(method) < 1L) {
    mp_abort("`method` must be \"terms\" or \"exact\", not %s.", mp_describe(method))
  }
  method <- check_choice(method[1], "method", c("terms", "exact"))
  dots <- list(...)
  n_m <- length(mass_mev)
  n_e <- length(ex$experiments)

  # about 10 chunks: enough progress updates, while experiments whose
  # count_terms() has a fixed cost per call (a flux fold) pay it rarely
  chunk_size <- max(1L, ceiling(n_m / 10))
  chunks <- split(seq_len(n_m), ceiling(seq_len(n_m) / chunk_size))
  cli::cli_progress_bar(sprintf("Scanning %d experiment%s over %d masses", n_e,
                                if (n_e == 1L) "" else "s", n_m),
                        total = n_m, clear = TRUE)
  res <- vector("list", length(chunks))
  # the first chunk runs here and is timed: futures pay only when the rest
  # is expensive (parallel_worth())
  t0 <- proc.time()[["elapsed"]]
  res[[1]] <- scan_chunk(mass_mev[chunks[[1]]], ex, model, g, method, saturated, dots)
  cost <- proc.time()[["elapsed"]] - t0
  cli::cli_progress_update(set = length(chunks[[1]]))
  rest <- chunks[-1]
  if (length(rest) && parallel_worth(cost * length(rest))) {
    cli::cli_progress_done()
    res[-1] <- scan_parallel(rest, mass_mev, ex, model, g, method, saturated, dots, env)
  } else {
    done <- length(chunks[[1]])
    for (k in seq_along(rest)) {
      res[[k + 1L]] <- scan_chunk(mass_mev[rest[[k]]], ex, model, g, method, saturated, dots)
      done <- done + length(rest[[k]])
      cli::cli_progress_update(set = done)
    }
    cli::cli_progress_done()
  }
  cols <- lapply(seq_len(n_e), function(e) {
    as.vector(do.call(cbind, lapply(res, `[[`, e)))
  })
  names(cols) <- names(ex$experiments)
  out <- data.frame(g = rep(g, times = n_m), mass_mev = rep(mass_mev, each = length(g)))
  for (nm in names(cols)) out[[nm]] <- cols[[nm]]
  combos <- list()
  if (combine && n_e > 1L) {
    if ("combined" %in% names(cols)) {
      mp_abort("An experiment must not be named \"combined\" when `combine = TRUE`.")
    }
    combos$combined <- names(cols)
  }
  out <- new_scan(out, experiments = names(cols), combinations = combos,
                  truth = ex$truth, model = model_label(model), g = g, mass_mev = mass_mev)
  if (refine) out <- refine_scan(out, ex, model, g, mass_mev, method, saturated, dots)
  terms <- if (method == "terms") {
    lapply(seq_len(n_e), function(e) {
      parts <- lapply(res, function(r) attr(r[[e]], "terms"))
      list(terms = unlist(lapply(parts, `[[`, "terms")), powers = parts[[1]]$powers,
           exact = unlist(lapply(parts, `[[`, "exact")))
    })
  }
  lik <- new_likelihood(ex, model, mass_mev, terms, saturated, dots)
  add_profiles(out, lik)
}

# Futures pay only when the remaining work is expensive: starting them and
# shipping the experiments costs about 0.1-0.3 s per chunk with
# multisession workers (measured with bench/scan.R). The threshold in
# seconds of sequential work is option muonphilic.parallel_min_s (default 2).
parallel_worth <- function(seconds) {
  if (!future_active()) return(FALSE)
  min_s <- getOption("muonphilic.parallel_min_s", 2)
  if (!is.numeric(min_s) || length(min_s) != 1L || is.na(min_s) || min_s < 0) {
    mp_abort("option 'muonphilic.parallel_min_s' must be one non-negative number of seconds, not %s.",
             mp_describe(min_s))
  }
  seconds >= min_s
}

# The package options the caller set, for future workers.
mp_options <- function() {
  o <- options()
  o[startsWith(names(o), "muonphilic.")]
}

# Chunks of masses on future workers. Workers get the caller's
# muonphilic.* options; no random numbers are drawn, so no RNG seeds are
# set (the caller's random stream is left alone).
scan_parallel <- function(chunks, mass_mev, ex, model, g, method, saturated, dots, env) {
  ct_funs <- lapply(ex$experiments, function(x) resolve_method("count_terms", x, env))
  ec_funs <- lapply(ex$experiments, function(x) resolve_method("expected_counts", x, env))
  opts <- mp_options()
  p <- if (requireNamespace("progressr", quietly = TRUE)) {
    progressr::progressor(steps = length(chunks))
  } else {
    NULL
  }
  future.apply::future_lapply(chunks, function(idx) {
    old <- options(opts)
    on.exit(options(old), add = TRUE)
    r <- scan_chunk(mass_mev[idx], ex, model, g, method, saturated, dots, ct_funs, ec_funs)
    if (!is.null(p)) p()
    r
  }, future.seed = FALSE, future.packages = "muonphilic")
}

# Claims of the paper about the statistics (Sect. 3.2, Eq. 30).
paper_claims_scan <- function(quick = FALSE) {
  lev <- stats::qchisq(stats::pchisq(c(1, 4), df = 1), df = 2)
  ul <- stats::qchisq(0.90, df = 1)
  rbind(
    claim_row("68 % / 95 % CL regions in (g, M): -2 ln lambda thresholds, 2 parameters (Sect. 3.2)",
              "2.30 / 6.18", sprintf("%.2f / %.2f", lev[1], lev[2]),
              all(abs(lev - c(2.30, 6.18)) < 0.005)),
    claim_row("90 % CL upper limit on g at fixed M: Delta chi^2 threshold, 1 parameter",
              "2.71", sprintf("%.2f", ul), abs(ul - 2.71) < 0.005)
  )
}

