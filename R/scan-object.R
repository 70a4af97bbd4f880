# The scan object: a long data frame (experiment, g, mass_mev,
# minus2_loglik, delta) with its grid, built by scan_grid(); accessors
# for internal code, data-frame methods, print and checks.

# Build a muonphilic_scan from a WIDE data frame with g, mass_mev (g
# fastest) and one -2 ln L column per experiment (the way scan_grid() and
# combine_scans() assemble it, and the way tests build scans by hand). The
# result is LONG: one row per curve (each experiment, then each
# combination) x mass x g, columns experiment, g, mass_mev, minus2_loglik
# and delta (against that curve's own minimum). The virtual curve "total"
# (the sum of all experiments) is never a row: internal code reads it, like
# every curve, through scan_m2ll().
new_scan <- function(df, experiments, combinations = list(), truth = NULL,
                     model = NA_character_, g = sort(unique(df$g)),
                     mass_mev = sort(unique(df$mass_mev)), minimum = NULL) {
  df <- as.data.frame(df)[c("g", "mass_mev", experiments)]
  cols <- lapply(stats::setNames(experiments, experiments), function(e) df[[e]])
  for (cn in names(combinations)) {
    cols[[cn]] <- Reduce(`+`, lapply(combinations[[cn]], function(e) df[[e]]))
  }
  total <- Reduce(`+`, lapply(experiments, function(e) df[[e]]))
  curves <- c(experiments, names(combinations), "total")
  grid_min <- do.call(rbind, lapply(curves, function(cv) {
    v <- if (cv == "total") total else cols[[cv]]
    i <- which.min(v)
    if (length(i) == 0L) i <- 1L
    data.frame(curve = cv, g = df$g[i], mass_mev = df$mass_mev[i], m2ll = v[i],
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
  n <- nrow(df)
  long <- data.frame(experiment = rep(names(cols), each = n),
                     g = rep(df$g, length(cols)), mass_mev = rep(df$mass_mev, length(cols)),
                     minus2_loglik = unlist(cols, use.names = FALSE),
                     delta = NA_real_, stringsAsFactors = FALSE)
  out <- structure(long, class = c("muonphilic_scan", "data.frame"),
                   experiments = experiments, combinations = combinations,
                   minimum = grid_min, truth = truth, model = model,
                   grid = list(g = g, mass_mev = mass_mev), total = total)
  scan_update_delta(out)
}

# delta of every row against its curve's minimum (attribute `minimum`,
# refined when the scan was refined).
scan_update_delta <- function(scan) {
  mins <- attr(scan, "minimum")
  cls <- class(scan)
  x <- unclass_scan(scan)
  x$delta <- x$minus2_loglik - mins$m2ll[match(x$experiment, mins$curve)]
  for (a in c("experiments", "combinations", "minimum", "truth", "model", "grid", "total",
              "profile", "likelihood", "best_fit")) {
    attr(x, a) <- attr(scan, a)
  }
  class(x) <- cls
  x
}

# The rows of a scan as a plain data frame (no scan attributes).
unclass_scan <- function(x) {
  data.frame(experiment = x[["experiment"]], g = x[["g"]], mass_mev = x[["mass_mev"]],
             minus2_loglik = x[["minus2_loglik"]], delta = x[["delta"]],
             stringsAsFactors = FALSE)
}

# The curves of a scan that are rows (experiments, then combinations).
scan_row_curves <- function(scan) {
  c(attr(scan, "experiments"), names(attr(scan, "combinations")))
}

# -2 ln L of one curve (an experiment, a combination or "total") on the
# whole grid, g fastest: the accessor every consumer of a scan uses.
scan_m2ll <- function(scan, curve) {
  if (identical(curve, "total")) return(attr(scan, "total"))
  v <- .subset2(scan, "minus2_loglik")[.subset2(scan, "experiment") == curve]
  grid <- attr(scan, "grid")
  if (length(v) != length(grid$g) * length(grid$mass_mev)) {
    mp_abort("The scan has no complete curve \"%s\".", curve, call = NULL)
  }
  v
}

# One curve as a matrix [g, mass].
scan_matrix <- function(scan, curve) {
  grid <- attr(scan, "grid")
  matrix(scan_m2ll(scan, curve), length(grid$g), length(grid$mass_mev))
}

# The scan's experiments (not combinations) as a wide data frame g,
# mass_mev, one column per experiment (for combine_scans()).
scan_wide <- function(scan) {
  grid <- attr(scan, "grid")
  out <- data.frame(g = rep(grid$g, times = length(grid$mass_mev)),
                    mass_mev = rep(grid$mass_mev, each = length(grid$g)))
  for (e in attr(scan, "experiments")) out[[e]] <- scan_m2ll(scan, e)
  out
}

# Is x still a whole scan (every row of every curve, in order)?
scan_intact <- function(x, like) {
  is.data.frame(x) &&
    all(c("experiment", "g", "mass_mev", "minus2_loglik", "delta") %in% names(x)) &&
    nrow(x) == nrow(like) &&
    identical(.subset2(x, "experiment"), .subset2(like, "experiment")) &&
    identical(.subset2(x, "g"), .subset2(like, "g")) &&
    identical(.subset2(x, "mass_mev"), .subset2(like, "mass_mev"))
}

# A plain data frame from a scan's rows (attributes of the scan dropped).
drop_scan <- function(x) {
  keep <- c("names", "row.names")
  for (a in setdiff(names(attributes(x)), keep)) attr(x, a) <- NULL
  class(x) <- "data.frame"
  x
}

#' @export
`[.muonphilic_scan` <- function(x, i, j, ..., drop = TRUE) {
  out <- NextMethod()
  if (scan_intact(out, x)) return(out)
  if (is.data.frame(out)) drop_scan(out) else out
}

#' @export
rbind.muonphilic_scan <- function(..., deparse.level = 1) {
  args <- lapply(list(...), function(a) if (inherits(a, "muonphilic_scan")) drop_scan(a) else a)
  do.call(rbind, c(args, list(deparse.level = deparse.level)))
}

#' @export
print.muonphilic_scan <- function(x, ...) {
  grid <- attr(x, "grid")
  if (!is.list(grid) || !length(grid$g) || !length(grid$mass_mev)) {
    print(drop_scan(x), ...)
    return(invisible(x))
  }
  cat(sprintf("<muonphilic scan> %d g x %d masses (g %.3g-%.3g, M %.3g-%.3g MeV), model %s\n",
              length(grid$g), length(grid$mass_mev), min(grid$g), max(grid$g),
              min(grid$mass_mev), max(grid$mass_mev), attr(x, "model") %||% "?"))
  cat("  experiments: ", paste(attr(x, "experiments"), collapse = ", "), "\n", sep = "")
  if (length(attr(x, "combinations"))) {
    cat("  combinations: ", paste(names(attr(x, "combinations")), collapse = ", "), "\n", sep = "")
  }
  bf <- scan_best_fits(x)
  if (!is.null(bf) && nrow(bf)) {
    cat("  best fits (-2 ln L; g exact, M on the grid):\n")
    for (k in seq_len(nrow(bf))) {
      cat(sprintf("    %-12s g = %.4g, M = %.4g MeV, %.6g%s\n", bf$experiment[k], bf$g[k],
                  bf$mass_mev[k], bf$minus2_loglik[k],
                  if (isTRUE(bf$grid_edge[k]) && bf$g[k] > 0) " (at the mass-grid edge)" else ""))
    }
  }
  truth <- attr(x, "truth")
  if (!is.null(truth)) {
    cat(sprintf("  truth: g = %.4g, M = %.4g MeV (%s)\n", truth$g, truth$mass_mev,
                truth$model %||% "?"))
  }
  cat(sprintf("  %d rows: experiment, g, mass_mev, minus2_loglik, delta; first rows:\n",
              nrow(x)))
  print(utils::head(drop_scan(x), 3L), ...)
  invisible(x)
}

# Best fits of the curves that are rows of the scan (experiment, g,
# mass_mev, minus2_loglik, grid_edge): from the exact profiles when the scan
# has them, else the grid minima.
scan_best_fits <- function(scan) {
  curves <- scan_row_curves(scan)
  bf <- attr(scan, "best_fit")
  if (is.null(bf)) {
    mins <- attr(scan, "minimum")
    if (is.null(mins)) return(NULL)
    bf <- data.frame(curve = mins$curve, g = mins$g, mass_mev = mins$mass_mev, m2ll = mins$m2ll,
                     grid_edge = FALSE, stringsAsFactors = FALSE)
  }
  bf <- bf[match(curves, bf$curve), , drop = FALSE]
  out <- data.frame(experiment = curves, g = bf$g, mass_mev = bf$mass_mev,
                    minus2_loglik = bf$m2ll, grid_edge = bf$grid_edge,
                    stringsAsFactors = FALSE)
  rownames(out) <- NULL
  out
}

check_scan <- function(scan, arg = "scan", call = sys.call(-1)) {
  if (!inherits(scan, "muonphilic_scan")) {
    mp_abort("`%s` must be a scan from scan_grid(), not %s.", arg, mp_describe(scan),
             call = call)
  }
  grid <- attr(scan, "grid")
  n_curves <- length(scan_row_curves(scan))
  if (!is.list(grid) || nrow(scan) == 0L || is.null(scan[["experiment"]]) ||
      nrow(scan) != n_curves * length(grid$g) * length(grid$mass_mev) ||
      length(attr(scan, "total")) != length(grid$g) * length(grid$mass_mev) ||
      anyNA(scan[["delta"]])) {
    mp_abort("`%s` is not a complete scan (one row per curve and grid point, no NA in delta): was it subset or modified?",
             arg, call = call)
  }
  scan
}
