# Profile-likelihood scans in the (g, M) plane, contours, upper limits,
# combinations and model discrimination (Eqs. 29-30, 34; SPEC section 7;
# Figs. 5, 7-9, 12). Scans are built from count_terms(): one set of
# integrals per mass, the couplings are polynomial evaluation in C.

utils::globalVariables(c("x", "y", "cl_label", "experiment", "group", "g_upper",
                         "panel", "fill_group"))

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
  if (is.character(nm) && length(nm) == 1L && !is.na(nm) && nzchar(nm)) nm else class(x)[1]
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
    mp_abort("`experiments` must hold only muonphilic experiments (na64mu(), spallation_detector(), xenon_detector()); element %s is %s.",
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
    if (info$code == 2L) {
      # custom statistics (nuisance parameters): polynomial evaluation in R,
      # the likelihood in the experiment's own method
      arr <- array(tt$terms, c(info$n_bin, length(tt$powers), length(mass_mev)))
      attr(arr, "powers") <- tt$powers
      out <- vapply(seq_along(mass_mev), function(j) {
        m2ll_matrix(info, data, eval_terms(arr, g, j), saturated)
      }, numeric(length(g)))
      out <- matrix(out, length(g), length(mass_mev))
      exact <- attr(terms, "exact")
      if (is.null(exact)) return(out)
      todo <- which(!exact)
      for (j in todo) {
        df <- do.call(ec, c(list(x, model, g = g, mass_mev = mass_mev[j]), dots))
        out[, j] <- m2ll_matrix(info, data, exact_matrix(df, g, info$n_bin, name), saturated)
      }
      return(out)
    }
    out <- .Call(ffi_m2ll_terms, info$code, tt$terms, tt$powers, as.double(g),
                 data, as.double(info$background), as.double(info$sigma_sys), saturated)
    # optional: masses where the polynomial is only approximate (e.g. a
    # non-polynomial decay factor) are redone exactly
    exact <- attr(terms, "exact")
    if (is.null(exact)) return(out)
    if (!is.logical(exact) || length(exact) != length(mass_mev) || anyNA(exact)) {
      mp_abort("The attribute \"exact\" of count_terms() of experiment \"%s\" must be TRUE/FALSE per mass.",
               name, class = "muonphilic_error_contract", call = NULL)
    }
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
#' couplings and mediator masses, their sum, and
#' \eqn{\Delta = -2\ln\lambda} relative to the best fit (Eq. 29), as the
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
#' @param ... passed to [count_terms()] / [expected_counts()].
#' @return A data frame of class `muonphilic_scan`, one row per (g, mass)
#'   with g varying fastest: `g`, `mass_mev`, one \eqn{-2\ln L} column per
#'   experiment, a column `combined` (their sum) when there are several,
#'   `total` and `delta` (`total` minus its minimum). Attributes:
#'   `experiments`, `combinations` (named list of member experiments),
#'   `minimum` (a data frame: `curve`, `g`, `mass_mev`, `m2ll`, `refined`),
#'   `truth`, `model`, `grid` (the `g` and `mass_mev` vectors).
#' @seealso [contours()], [upper_limit()], [combine_scans()],
#'   [discriminate()], and `autoplot()` for plots.
#' @examples
#' \donttest{
#' if (exists("na64mu", asNamespace("muonphilic"))) {
#'   x <- muonphilic:::na64mu()
#'   d <- asimov(x, lmu_ltau(), g = 1e-3, mass_mev = 100)
#'   s <- scan_grid(x, d, lmu_ltau(), g = 10^seq(-4, -2, length.out = 30),
#'                  mass_mev = 10^seq(1, 3, length.out = 30))
#'   s
#'   head(contours(s))
#' }
#' }
#' @export
scan_grid <- function(experiments, data, model,
                      g = 10^seq(-5, -2, length.out = 100),
                      mass_mev = 10^seq(0, 3, length.out = 100),
                      refine = FALSE, method = c("terms", "exact"),
                      saturated = TRUE, ...) {
  env <- parent.frame()
  ex <- normalise_experiments(experiments, data)
  check_model(model)
  g <- check_grid(g, "g")
  mass_mev <- check_grid(mass_mev, "mass_mev")
  check_flag(refine, "refine")
  check_flag(saturated, "saturated")
  if (!is.character(method) || length(method) < 1L) {
    mp_abort("`method` must be \"terms\" or \"exact\", not %s.", mp_describe(method))
  }
  method <- check_choice(method[1], "method", c("terms", "exact"))
  dots <- list(...)
  n_m <- length(mass_mev)
  n_e <- length(ex$experiments)

  if (future_active()) {
    ct_funs <- lapply(ex$experiments, function(x) resolve_method("count_terms", x, env))
    ec_funs <- lapply(ex$experiments, function(x) resolve_method("expected_counts", x, env))
    n_chunks <- min(n_m, 4L * max(1L, future::nbrOfWorkers()))
    chunks <- split(seq_len(n_m), cut(seq_len(n_m), n_chunks, labels = FALSE))
    p <- if (requireNamespace("progressr", quietly = TRUE)) {
      progressr::progressor(steps = length(chunks))
    } else {
      NULL
    }
    res <- future.apply::future_lapply(chunks, function(idx) {
      r <- scan_chunk(mass_mev[idx], ex, model, g, method, saturated, dots, ct_funs, ec_funs)
      if (!is.null(p)) p()
      r
    }, future.seed = TRUE, future.packages = "muonphilic")
  } else {
    # about 10 chunks: enough progress updates, while experiments whose
    # count_terms() has a fixed cost per call (a flux fold) pay it rarely
    chunk_size <- max(1L, ceiling(n_m / 10))
    chunks <- split(seq_len(n_m), ceiling(seq_len(n_m) / chunk_size))
    cli::cli_progress_bar(sprintf("Scanning %d experiment%s over %d masses", n_e,
                                  if (n_e == 1L) "" else "s", n_m),
                          total = n_m, clear = TRUE)
    res <- vector("list", length(chunks))
    done <- 0L
    for (k in seq_along(chunks)) {
      res[[k]] <- scan_chunk(mass_mev[chunks[[k]]], ex, model, g, method, saturated, dots)
      done <- done + length(chunks[[k]])
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
  if (n_e > 1L) {
    if ("combined" %in% names(cols)) {
      mp_abort("An experiment must not be named \"combined\" when several are scanned.")
    }
    combos$combined <- names(cols)
  }
  out <- new_scan(out, experiments = names(cols), combinations = combos,
                  truth = ex$truth, model = model$name, g = g, mass_mev = mass_mev)
  if (refine) out <- refine_scan(out, ex, model, g, mass_mev, method, saturated, dots)
  out
}

# Build a muonphilic_scan from a data frame with g, mass_mev (g fastest) and
# one column per experiment; adds combination columns, total, delta and the
# grid minima. Also the way tests build scans from a likelihood by hand.
new_scan <- function(df, experiments, combinations = list(), truth = NULL,
                     model = NA_character_, g = sort(unique(df$g)),
                     mass_mev = sort(unique(df$mass_mev)), minimum = NULL) {
  df <- as.data.frame(df)[c("g", "mass_mev", experiments)]
  for (cn in names(combinations)) {
    df[[cn]] <- Reduce(`+`, lapply(combinations[[cn]], function(e) df[[e]]))
  }
  df$total <- Reduce(`+`, lapply(experiments, function(e) df[[e]]))
  curves <- c(experiments, names(combinations), "total")
  grid_min <- do.call(rbind, lapply(curves, function(cv) {
    i <- which.min(df[[cv]])
    if (length(i) == 0L) i <- 1L
    data.frame(curve = cv, g = df$g[i], mass_mev = df$mass_mev[i], m2ll = df[[cv]][i],
               refined = FALSE, stringsAsFactors = FALSE)
  }))
  if (!is.null(minimum)) {
    keep <- minimum[minimum$curve %in% curves & minimum$refined, , drop = FALSE]
    for (k in seq_len(nrow(keep))) {
      r <- match(keep$curve[k], grid_min$curve)
      if (keep$m2ll[k] <= grid_min$m2ll[r]) grid_min[r, ] <- keep[k, ]
    }
  }
  tmin <- grid_min$m2ll[grid_min$curve == "total"]
  if (!is.finite(tmin)) {
    mp_abort("No grid point describes the data: -2 ln L is infinite everywhere (for example a model without the charge the experiments probe, or data where the prediction vanishes).")
  }
  df$delta <- df$total - tmin
  structure(df, class = c("muonphilic_scan", "data.frame"),
            experiments = experiments, combinations = combinations,
            minimum = grid_min, truth = truth, model = model,
            grid = list(g = g, mass_mev = mass_mev))
}

# Local polish of each curve's minimum: Brent in log M over the profile in
# log g (itself a Brent search bracketed by the grid), started from the grid.
refine_scan <- function(scan, ex, model, g, mass_mev, method, saturated, dots) {
  mins <- attr(scan, "minimum")
  cache <- new.env(parent = emptyenv())
  # count_terms() once per (experiment, mass): the searches in g at a fixed
  # mass then cost polynomial evaluations only
  memo_ct <- lapply(seq_along(ex$experiments), function(e) {
    store <- new.env(parent = emptyenv())
    function(x, model, mass_mev, ...) {
      key <- format(mass_mev, digits = 17)
      v <- store[[key]]
      if (is.null(v)) {
        v <- count_terms(x, model, mass_mev, ...)
        assign(key, v, envir = store)
      }
      v
    }
  })
  m2ll_at <- function(e, gg, m) {
    key <- sprintf("%d:%.17g:%s", e, m, if (identical(gg, g)) "grid" else format(gg, digits = 17))
    v <- cache[[key]]
    if (is.null(v)) {
      v <- experiment_m2ll(ex$experiments[[e]], ex$infos[[e]], ex$data[[e]],
                           names(ex$experiments)[e], model, gg, m, method, saturated, dots,
                           ct = memo_ct[[e]])[, 1]
      if (method == "terms" && identical(gg, g)) cache[[key]] <- v
    }
    v
  }
  lg <- log10(g)
  lm <- log10(mass_mev)
  members <- c(stats::setNames(as.list(names(ex$experiments)), names(ex$experiments)),
               attr(scan, "combinations"), list(total = names(ex$experiments)))
  for (cv in mins$curve) {
    idx <- match(members[[cv]], names(ex$experiments))
    f_g <- function(gg, m) Reduce(`+`, lapply(idx, function(e) m2ll_at(e, gg, m)))
    profile <- function(logm) {
      m <- 10^logm
      v <- f_g(g, m)
      i <- which.min(v)
      if (length(i) == 0L || !is.finite(v[i])) return(list(value = Inf, g = NA_real_))
      lo <- lg[max(1L, i - 1L)]
      hi <- lg[min(length(g), i + 1L)]
      o <- stats::optimize(function(l) f_g(10^l, m), c(lo, hi), tol = 1e-8)
      if (o$objective < v[i]) list(value = o$objective, g = 10^o$minimum) else list(value = v[i], g = g[i])
    }
    j <- match(mins$mass_mev[mins$curve == cv], mass_mev)
    lo <- lm[max(1L, j - 1L)]
    hi <- lm[min(length(mass_mev), j + 1L)]
    o <- stats::optimize(function(l) profile(l)$value, c(lo, hi), tol = 1e-8)
    best <- profile(o$minimum)
    r <- which(mins$curve == cv)
    if (is.finite(best$value) && best$value < mins$m2ll[r]) {
      mins[r, c("g", "mass_mev", "m2ll")] <- list(best$g, 10^o$minimum, best$value)
      mins$refined[r] <- TRUE
    }
  }
  attr(scan, "minimum") <- mins
  scan$delta <- scan$total - mins$m2ll[mins$curve == "total"]
  scan
}

#' @export
print.muonphilic_scan <- function(x, ...) {
  grid <- attr(x, "grid")
  mins <- attr(x, "minimum")
  cat(sprintf("<muonphilic scan> %d g x %d masses (g %.3g-%.3g, M %.3g-%.3g MeV), model %s\n",
              length(grid$g), length(grid$mass_mev), min(grid$g), max(grid$g),
              min(grid$mass_mev), max(grid$mass_mev), attr(x, "model")))
  cat("  experiments: ", paste(attr(x, "experiments"), collapse = ", "), "\n", sep = "")
  if (length(attr(x, "combinations"))) {
    cat("  combinations: ", paste(names(attr(x, "combinations")), collapse = ", "), "\n", sep = "")
  }
  cat("  best fits (-2 ln L):\n")
  for (k in seq_len(nrow(mins))) {
    cat(sprintf("    %-12s g = %.4g, M = %.4g MeV, %.6g%s\n", mins$curve[k], mins$g[k],
                mins$mass_mev[k], mins$m2ll[k], if (mins$refined[k]) " (refined)" else ""))
  }
  truth <- attr(x, "truth")
  if (!is.null(truth)) {
    cat(sprintf("  truth: g = %.4g, M = %.4g MeV (%s)\n", truth$g, truth$mass_mev,
                truth$model %||% "?"))
  }
  invisible(x)
}

check_scan <- function(scan, arg = "scan", call = sys.call(-1)) {
  if (!inherits(scan, "muonphilic_scan")) {
    mp_abort("`%s` must be a scan from scan_grid(), not %s.", arg, mp_describe(scan),
             call = call)
  }
  grid <- attr(scan, "grid")
  if (!is.list(grid) || nrow(scan) == 0L ||
      nrow(scan) != length(grid$g) * length(grid$mass_mev) || anyNA(scan$delta)) {
    mp_abort("`%s` is not a complete scan (one row per grid point, no NA in delta): was it subset or modified?",
             arg, call = call)
  }
  scan
}

scan_curves <- function(scan, which = NULL, call = sys.call(-1)) {
  all <- c(attr(scan, "experiments"), names(attr(scan, "combinations")))
  if (is.null(which)) return(all)
  check_choices(which, "which", c(all, "total"), call = call)
}

# Delta of one curve against its own minimum, as a matrix [g, mass].
curve_delta <- function(scan, curve) {
  mins <- attr(scan, "minimum")
  grid <- attr(scan, "grid")
  z <- scan[[curve]] - mins$m2ll[mins$curve == curve]
  matrix(z, length(grid$g), length(grid$mass_mev))
}

#' Confidence regions and upper limits from a scan
#'
#' `contours()` draws the regions \eqn{-2\ln\lambda < t} of each experiment
#' and combination (each against its own best fit, Eqs. 29-30) with two
#' parameters (g, M): \eqn{t = } `qchisq(cl, 2)`. The default levels are
#' the paper's "68 % and 95 % CL", i.e. 1 and 2 sigma (`pchisq(c(1, 4), 1)`
#' = 0.6827, 0.9545), whose thresholds are 2.30 and 6.18 as in Sect. 3.2;
#' `cl = c(0.68, 0.95)` would give 2.28 and 5.99. The lines are traced by [grDevices::contourLines()] in
#' \eqn{(\log_{10} M, \log_{10} g)}, where the grid is regular.
#'
#' `upper_limit()` gives, at each mass, the upper edge of the lowest
#' interval of couplings allowed at `cl` with one parameter (g at fixed M,
#' against the best fit at that mass): \eqn{\Delta(-2\ln L)} =
#' `qchisq(cl, 1)`, 2.71 for 90 % CL (SPEC section 4), interpolated
#' linearly in \eqn{\log g} between grid points. `NA` when it is not
#' reached within the grid. (Destructive interference can open a second,
#' degenerate allowed band at larger couplings, where the new-physics
#' amplitude flips the sign of the SM one; that band is not a limit and is
#' left to the scan.)
#'
#' @param scan a scan from [scan_grid()].
#' @param cl confidence levels in (0, 1) (`upper_limit()`: one level,
#'   default 90 %, threshold 2.71).
#' @param which curves (experiment or combination names, or `"total"`);
#'   default every experiment and combination.
#' @return `contours()`: a data frame of paths with `x` (mass in MeV), `y`
#'   (g), `level` (the \eqn{\Delta} threshold), `cl`, `piece` (path number
#'   within an experiment and level), `experiment` and `group`.
#'   `upper_limit()`: a data frame with `mass_mev`, `g_upper`, `g_best` (the
#'   best g at that mass), `cl` and `experiment`.
#' @examples
#' \donttest{
#' if (exists("na64mu", asNamespace("muonphilic"))) {
#'   x <- muonphilic:::na64mu()
#'   d <- asimov(x, lmu_ltau(), g = 1e-3, mass_mev = 100)
#'   s <- scan_grid(x, d, lmu_ltau(), g = 10^seq(-4, -2, length.out = 30),
#'                  mass_mev = 10^seq(1, 3, length.out = 30))
#'   head(contours(s, cl = 0.95))
#'   head(upper_limit(s))
#' }
#' }
#' @export
contours <- function(scan, cl = stats::pchisq(c(1, 4), df = 1), which = NULL) {
  check_scan(scan)
  cl <- check_number(cl, "cl", lower = 0, upper = 1, lower_open = TRUE, upper_open = TRUE)
  curves <- scan_curves(scan, which)
  grid <- attr(scan, "grid")
  levels <- stats::qchisq(cl, df = 2)
  out <- lapply(curves, function(cv) {
    z <- curve_delta(scan, cv)
    z[!is.finite(z)] <- 1e6 + 1e3 * max(levels)
    lapply(seq_along(cl), function(k) {
      lines <- grDevices::contourLines(log10(grid$mass_mev), log10(grid$g), t(z),
                                       levels = levels[k])
      if (!length(lines)) return(NULL)
      do.call(rbind, lapply(seq_along(lines), function(p) {
        data.frame(x = 10^lines[[p]]$x, y = 10^lines[[p]]$y, level = levels[k],
                   cl = cl[k], piece = p, experiment = cv,
                   group = sprintf("%s/%g/%d", cv, cl[k], p), stringsAsFactors = FALSE)
      }))
    })
  })
  out <- do.call(rbind, unlist(out, recursive = FALSE))
  if (is.null(out)) {
    out <- data.frame(x = numeric(), y = numeric(), level = numeric(), cl = numeric(),
                      piece = integer(), experiment = character(), group = character(),
                      stringsAsFactors = FALSE)
  }
  rownames(out) <- NULL
  out
}

#' @rdname contours
#' @export
upper_limit <- function(scan, cl = 0.90, which = NULL) {
  check_scan(scan)
  cl <- check_number(cl, "cl", len = 1L, lower = 0, upper = 1, lower_open = TRUE,
                     upper_open = TRUE)
  curves <- scan_curves(scan, which)
  grid <- attr(scan, "grid")
  lg <- log10(grid$g)
  t <- stats::qchisq(cl, df = 1)
  out <- lapply(curves, function(cv) {
    z <- curve_delta(scan, cv)
    res <- vapply(seq_along(grid$mass_mev), function(j) {
      d <- z[, j]
      i <- which.min(d)
      if (length(i) == 0L) return(c(NA_real_, NA_real_))
      d <- d - d[i]
      first <- which(d < t)[1]
      k <- which(d >= t & seq_along(d) > first)
      if (!length(k)) return(c(NA_real_, grid$g[i]))
      k <- k[1]
      if (!is.finite(d[k])) return(c(grid$g[k - 1L], grid$g[i]))
      f <- (t - d[k - 1L]) / (d[k] - d[k - 1L])
      c(10^(lg[k - 1L] + f * (lg[k] - lg[k - 1L])), grid$g[i])
    }, numeric(2))
    data.frame(mass_mev = grid$mass_mev, g_upper = res[1, ], g_best = res[2, ], cl = cl,
               experiment = cv, stringsAsFactors = FALSE)
  })
  out <- do.call(rbind, out)
  rownames(out) <- NULL
  out
}

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

# ---- plotting ---------------------------------------------------------------

# Colours per experiment, after the paper's figures (NA64mu blue, the
# (g-2) band green, DARWIN black); others from the Okabe-Ito palette.
scan_colours <- function(names) {
  base <- c("#0072B2", "#D55E00", "#E69F00", "#CC79A7", "#56B4E9", "#009E73",
            "#F0E442", "#999999")
  rules <- list(na64 = "#1f4fd8", darwin = "black", cenns = "#d62728", ccm = "#ff7f0e",
                ess10 = "#9467bd", ess = "#8c564b", combined = "#222222", lz = "#17becf",
                xenonnt = "#e377c2")
  out <- character(length(names))
  used <- 0L
  for (k in seq_along(names)) {
    key <- tolower(gsub("[^A-Za-z0-9]", "", sub(" \\[.*$", "", names[k])))
    hit <- NULL
    for (r in names(rules)) {
      if (startsWith(key, r) && (r != "ess" || key == "ess")) {
        hit <- rules[[r]]
        break
      }
    }
    if (is.null(hit)) {
      used <- used + 1L
      hit <- base[(used - 1L) %% length(base) + 1L]
    }
    out[k] <- hit
  }
  stats::setNames(out, names)
}

# Does a curve reconstruct a signal? Yes when the 95 % (2 dof) region
# excludes the smallest coupling of the grid at every mass.
curve_detects <- function(scan, curve, cl = stats::pchisq(4, df = 1)) {
  z <- curve_delta(scan, curve)
  min(z[1, ]) > stats::qchisq(cl, df = 2)
}

# The plot layers of one scan as data frames (contours, 68 % fill, limits,
# truth), so several scans can share one faceted figure.
scan_layers <- function(scan, cl = stats::pchisq(c(1, 4), df = 1), limit_cl = 0.90, which = NULL,
                        limits = "auto", fill = TRUE, label = NULL) {
  curves <- scan_curves(scan, which)
  detects <- vapply(curves, function(cv) curve_detects(scan, cv), logical(1))
  use_limit <- switch(limits, auto = !detects, always = rep(TRUE, length(curves)),
                      never = rep(FALSE, length(curves)))
  con <- contours(scan, cl = cl, which = curves)
  con <- con[con$experiment %in% curves[!use_limit | limits == "always"], , drop = FALSE]
  lim <- if (any(use_limit)) upper_limit(scan, cl = limit_cl, which = curves[use_limit]) else NULL
  if (!is.null(lim)) lim <- lim[is.finite(lim$g_upper), , drop = FALSE]
  tiles <- NULL
  if (fill) {
    grid <- attr(scan, "grid")
    t68 <- stats::qchisq(min(cl), df = 2)
    tiles <- do.call(rbind, lapply(curves[!use_limit], function(cv) {
      z <- curve_delta(scan, cv)
      inside <- which(z <= t68, arr.ind = TRUE)
      if (!nrow(inside)) return(NULL)
      data.frame(x = grid$mass_mev[inside[, 2]], y = grid$g[inside[, 1]], experiment = cv,
                 stringsAsFactors = FALSE)
    }))
  }
  truth <- attr(scan, "truth")
  truth <- if (is.null(truth)) NULL else data.frame(x = truth$mass_mev, y = truth$g)
  layers <- list(contours = con, limits = lim, tiles = tiles, truth = truth)
  if (!is.null(label)) {
    for (k in names(layers)) {
      if (!is.null(layers[[k]]) && nrow(layers[[k]])) {
        if (k != "truth" && "experiment" %in% names(layers[[k]])) {
          layers[[k]]$experiment <- paste0(layers[[k]]$experiment, label)
          if ("group" %in% names(layers[[k]])) layers[[k]]$group <- paste0(layers[[k]]$group, label)
        }
      }
    }
  }
  layers
}

bind_layers <- function(layer_list) {
  keys <- c("contours", "limits", "tiles", "truth")
  stats::setNames(lapply(keys, function(k) {
    parts <- lapply(layer_list, function(l) {
      d <- l[[k]]
      if (is.null(d) || !nrow(d)) return(NULL)
      d$panel <- l$panel %||% ""
      d
    })
    do.call(rbind, parts)
  }), keys)
}

# Draw bound layers on log axes with the (g-2) band.
plot_scan_layers <- function(layers, g_range, mass_range, gm2 = "fnal2021",
                             facet = FALSE, title = NULL) {
  need_ggplot2()
  exps <- unique(c(layers$contours$experiment, layers$limits$experiment, layers$tiles$experiment))
  cols <- scan_colours(exps)
  p <- ggplot2::ggplot()
  if (!is.null(gm2)) {
    m <- 10^seq(log10(mass_range[1]), log10(mass_range[2]), length.out = 200)
    band <- as.data.frame(gm2_band(m, measurement = gm2, n_sigma = 2))
    band$g_low <- pmax(band$g_low, g_range[1])
    band$g_high <- pmin(pmax(band$g_high, g_range[1]), g_range[2])
    p <- p + ggplot2::geom_ribbon(data = band, ggplot2::aes(x = mass_mev, ymin = g_low, ymax = g_high),
                                  fill = "#4d9221", alpha = 0.3)
  }
  if (!is.null(layers$tiles) && nrow(layers$tiles)) {
    p <- p + ggplot2::geom_tile(data = layers$tiles,
                                ggplot2::aes(x = x, y = y, fill = experiment), alpha = 0.25,
                                show.legend = FALSE)
  }
  if (!is.null(layers$contours) && nrow(layers$contours)) {
    con <- layers$contours
    con$cl_label <- sprintf("%.0f %% CL", 100 * con$cl)
    p <- p + ggplot2::geom_path(data = con,
                                ggplot2::aes(x = x, y = y, colour = experiment, group = group,
                                             linetype = cl_label))
  }
  if (!is.null(layers$limits) && nrow(layers$limits)) {
    lim <- layers$limits
    lim$cl_label <- sprintf("%g %% CL limit", 100 * lim$cl)
    lim$group <- paste(lim$experiment, lim$panel %||% "")
    p <- p + ggplot2::geom_line(data = lim,
                                ggplot2::aes(x = mass_mev, y = g_upper, colour = experiment,
                                             group = group, linetype = cl_label))
  }
  if (!is.null(layers$truth) && nrow(layers$truth)) {
    p <- p + ggplot2::geom_point(data = layers$truth, ggplot2::aes(x = x, y = y), shape = 8,
                                 size = 3, colour = "black")
  }
  lt <- c("solid", "dashed", "dotted", "longdash")
  lt_names <- sort(unique(c(if (!is.null(layers$contours)) sprintf("%.0f %% CL", 100 * layers$contours$cl))))
  lt_values <- stats::setNames(lt[seq_along(lt_names)], lt_names)
  if (!is.null(layers$limits) && nrow(layers$limits)) {
    lt_values <- c(lt_values, stats::setNames("dotdash", sprintf("%g %% CL limit", 100 * layers$limits$cl[1])))
  }
  p <- p + ggplot2::scale_colour_manual(values = cols, name = NULL) +
    ggplot2::scale_fill_manual(values = cols, guide = "none") +
    ggplot2::scale_linetype_manual(values = lt_values, name = NULL) +
    ggplot2::scale_x_log10() + ggplot2::scale_y_log10() +
    ggplot2::coord_cartesian(xlim = mass_range, ylim = g_range, expand = FALSE) +
    ggplot2::labs(x = "M_A' [MeV]", y = "g_x", title = title) +
    ggplot2::theme_bw() +
    ggplot2::theme(panel.spacing.x = ggplot2::unit(1.5, "lines"))
  if (facet) p <- p + ggplot2::facet_wrap(ggplot2::vars(panel))
  p
}

#' Plot a likelihood scan
#'
#' Figs. 5, 7-9 and 12 style: for each experiment (and combination) the
#' 68 % CL region filled and outlined solid and the 95 % CL contour dashed,
#' or, when the data do not exclude a vanishing signal (the 95 % region
#' reaches the smallest coupling of the grid), the dot-dashed 90 % CL upper
#' limit on g; the (g-2)mu band at 2 sigma in green ([gm2_band()]); the
#' true point as a star; log axes. Colours follow the paper (NA64mu blue,
#' DARWIN black).
#'
#' @param object a scan from [scan_grid()].
#' @param cl contour confidence levels (2 parameters; default 1 and 2
#'   sigma, thresholds 2.30 and 6.18).
#' @param limit_cl upper-limit confidence level (1 parameter).
#' @param which curves to draw (default every experiment and combination).
#' @param limits `"auto"` (limits where nothing is reconstructed),
#'   `"always"` (both) or `"never"`.
#' @param fill shade the innermost region.
#' @param gm2 a [gm2_band()] measurement name for the band, or `NULL`.
#' @param title plot title.
#' @param ... unused.
#' @return A `ggplot` object.
#' @examples
#' \donttest{
#' if (exists("na64mu", asNamespace("muonphilic")) &&
#'     requireNamespace("ggplot2", quietly = TRUE)) {
#'   x <- muonphilic:::na64mu()
#'   d <- asimov(x, lmu_ltau(), g = 1e-3, mass_mev = 100)
#'   s <- scan_grid(x, d, lmu_ltau(), g = 10^seq(-4, -2, length.out = 30),
#'                  mass_mev = 10^seq(1, 3, length.out = 30))
#'   ggplot2::autoplot(s)
#' }
#' }
#' @export
autoplot.muonphilic_scan <- function(object, cl = stats::pchisq(c(1, 4), df = 1), limit_cl = 0.90,
                                     which = NULL, limits = c("auto", "always", "never"),
                                     fill = TRUE, gm2 = "fnal2021", title = NULL, ...) {
  need_ggplot2()
  check_scan(object, "object")
  limits <- check_choice(choice_arg(limits), "limits", c("auto", "always", "never"))
  check_flag(fill, "fill")
  layers <- scan_layers(object, cl, limit_cl, which, limits, fill)
  grid <- attr(object, "grid")
  plot_scan_layers(bind_layers(list(layers)), range(grid$g), range(grid$mass_mev), gm2,
                   title = title %||% sprintf("Reconstruction under %s", attr(object, "model")))
}

# Claims of the paper about the statistics (Sect. 3.2, Eq. 30; SPEC section 4).
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
