# Input validation and classed conditions shared by every domain.

#' Signal a classed muonphilic error
#'
#' @param message the message (glued with `sprintf`-style arguments).
#' @param ... values for `sprintf`.
#' @param class extra condition class, default `muonphilic_error_input`.
#' @return Never returns.
#' @keywords internal
#' @noRd
mp_abort <- function(message, ..., class = "muonphilic_error_input",
                     call = sys.call(-1)) {
  msg <- if (...length()) sprintf(message, ...) else message
  cond <- structure(
    class = c(class, "muonphilic_error", "error", "condition"),
    list(message = msg, call = call)
  )
  stop(cond)
}

# The relative tolerance passed to every integral in C.
mp_rel_tol <- function() {
  tol <- getOption("muonphilic.rel_tol", 1e-8)
  if (!is.numeric(tol) || length(tol) != 1L || is.na(tol) || tol <= 0 || tol >= 0.1) {
    mp_abort("option 'muonphilic.rel_tol' must be one number in (0, 0.1), not %s.",
             paste(format(tol), collapse = ", "))
  }
  as.double(tol)
}

# Wrap a .Call: numerical failures in C become classed R errors
# (class muonphilic_error_numeric). Usage: mp_call(.Call(ffi_x, a, b)).
# Errors that are already classed (e.g. an input error from mp_rel_tol(),
# evaluated lazily inside `expr`) pass through unchanged.
mp_call <- function(expr) {
  tryCatch(
    expr,
    error = function(e) {
      if (inherits(e, "muonphilic_error")) stop(e)
      mp_abort(conditionMessage(e), class = "muonphilic_error_numeric",
               call = NULL)
    }
  )
}

mp_describe <- function(x) {
  if (is.null(x)) return("NULL")
  if (is.function(x)) return(describe_function(x))
  if (is.factor(x)) return("a factor")
  cls <- class(x)[1]
  known <- c(muonphilic_model = "a muonphilic model",
             muonphilic_scan = "a muonphilic scan (from scan_grid())",
             muonphilic_nucleus = "a muonphilic nucleus",
             muonphilic_target = "a muonphilic target material",
             muonphilic_oscillation = "a set of oscillation parameters",
             muonphilic_mixing = "a kinetic-mixing rule")
  if (cls %in% names(known)) return(unname(known[cls]))
  if (inherits(x, "muonphilic_experiment")) {
    nm <- if (is.list(x) && is.character(x$name) && length(x$name) == 1L) x$name else NA
    kind <- sub("^muonphilic_", "", cls)
    what <- experiment_kind_names[kind]
    if (!is.na(what)) {
      return(sprintf("a muonphilic %s%s", what,
                     if (is.na(nm) || identical(tolower(nm), kind)) "" else paste0(" (\"", nm, "\")")))
    }
    return(sprintf("a muonphilic experiment (%s%s)", kind,
                   if (is.na(nm) || identical(nm, kind)) "" else paste0(", \"", nm, "\"")))
  }
  if (is.data.frame(x)) return(sprintf("a data frame with %d rows", nrow(x)))
  if (is.list(x)) return(describe_list(x))
  if (length(x) == 0L) return(sprintf("an empty %s vector", typeof(x)))
  if (length(x) > 3L) return(sprintf("a %s vector of length %d", typeof(x), length(x)))
  sprintf("%s (%s)", paste(format(x), collapse = ", "), typeof(x))
}

# A list: what it holds (experiments, models) or, for a named list, its
# first names (an unclassed package object shows its fields).
describe_list <- function(x) {
  n <- length(x)
  if (n == 0L) return("an empty list")
  if (!is.object(x) && all(vapply(x, inherits, TRUE, "muonphilic_experiment"))) {
    return(sprintf("a list of %d experiment%s", n, if (n > 1L) "s" else ""))
  }
  if (!is.object(x) && all(vapply(x, inherits, TRUE, "muonphilic_model"))) {
    return(sprintf("a list of %d model%s", n, if (n > 1L) "s" else ""))
  }
  nms <- names(x)
  if (!is.null(nms) && any(nzchar(nms))) {
    shown <- nms[nzchar(nms)]
    shown <- shown[seq_len(min(4L, length(shown)))]
    return(sprintf("a list of length %d (elements %s%s)", n,
                   paste0("`", shown, "`", collapse = ", "),
                   if (sum(nzchar(nms)) > 4L) ", ..." else ""))
  }
  sprintf("a list of length %d", n)
}

# Readable names of the package's experiment classes (class without the
# "muonphilic_" prefix), for messages.
experiment_kind_names <- c(xenon = "xenon detector", spallation = "spallation detector",
                           cevns = "CEvNS detector", na64mu = "NA64mu experiment")

# A hint for an argument in the wrong slot: a model where an experiment
# belongs usually means the arguments are in the old or a wrong order.
order_hint <- function(x) {
  if (inherits(x, "muonphilic_model")) {
    return("; the experiment comes first, then the model: f(experiment, model, g, mass_mev)")
  }
  ""
}

# sm_counts() of something that is not a CEvNS experiment.
no_sm_counts <- function(x, call = sys.call(-1)) {
  if (inherits(x, "muonphilic_experiment")) {
    mp_abort("sm_counts() needs a CEvNS experiment (spallation_detector() or cevns_detector()), not %s, which has no spallation counts; use expected_counts(x, model, g = 0, mass_mev = 1) for its Standard-Model counts.",
             mp_describe(x), call = call)
  }
  mp_abort("`x` must be a CEvNS experiment from spallation_detector() or cevns_detector(), not %s%s.",
           mp_describe(x), order_hint(x), call = call)
}

# A function passed where a value was expected: name it when it is one of
# the package's own (the usual slip is a constructor without parentheses).
describe_function <- function(f) {
  ns <- asNamespace("muonphilic")
  for (nm in getNamespaceExports(ns)) {
    obj <- get0(nm, envir = ns, inherits = FALSE)
    if (is.function(obj) && identical(obj, f)) {
      return(sprintf("the function %s (did you mean %s()?)", nm, nm))
    }
  }
  "a function"
}

#' Check a numeric argument
#'
#' @param x value.
#' @param arg its name, for the message.
#' @param len required length (NULL: any length >= 1).
#' @param lower,upper bounds; `lower_open`/`upper_open` make them strict.
#' @param finite require finite values.
#' @param allow_empty allow length 0.
#' @return `x` as a double vector (attributes dropped).
#' @noRd
check_number <- function(x, arg, len = NULL, lower = -Inf, upper = Inf,
                         lower_open = FALSE, upper_open = FALSE,
                         finite = TRUE, allow_empty = FALSE,
                         call = sys.call(-1)) {
  all_na <- is.logical(x) && length(x) > 0L && all(is.na(x))
  if ((!is.numeric(x) || is.factor(x)) && !all_na) {
    mp_abort("`%s` must be a numeric vector, not %s.", arg, mp_describe(x),
             call = call)
  }
  if (!is.null(len) && length(x) != len) {
    mp_abort("`%s` must have length %d, not %d.", arg, len, length(x), call = call)
  }
  if (length(x) == 0L && !allow_empty) {
    mp_abort("`%s` must not be empty.", arg, call = call)
  }
  x <- as.double(x)
  if (anyNA(x)) {
    mp_abort("`%s` must not contain NA or NaN.", arg, call = call)
  }
  if (finite && any(!is.finite(x))) {
    mp_abort("`%s` must be finite (no Inf).", arg, call = call)
  }
  lo_bad <- if (lower_open) x <= lower else x < lower
  hi_bad <- if (upper_open) x >= upper else x > upper
  if (any(lo_bad) || any(hi_bad)) {
    rng <- sprintf("%s%s, %s%s", if (lower_open) "(" else "[", format(lower),
                   format(upper), if (upper_open || is.infinite(upper)) ")" else "]")
    bad <- x[lo_bad | hi_bad][1]
    mp_abort("`%s` must lie in %s; got %s.", arg, rng, format(bad), call = call)
  }
  x
}

# Positive finite numbers (masses, energies, exposures).
check_positive <- function(x, arg, len = NULL, allow_empty = FALSE,
                           call = sys.call(-1)) {
  check_number(x, arg, len = len, lower = 0, lower_open = TRUE,
               allow_empty = allow_empty, call = call)
}

# One string from a set of choices.
check_choice <- function(x, arg, choices, call = sys.call(-1)) {
  if (!is.character(x) || length(x) != 1L || is.na(x)) {
    mp_abort("`%s` must be one string, one of %s; not %s.", arg,
             paste0("\"", choices, "\"", collapse = ", "), mp_describe(x),
             call = call)
  }
  if (!x %in% choices) {
    mp_abort("Unknown %s \"%s\": allowed are %s.", arg, x,
             paste0("\"", choices, "\"", collapse = ", "), call = call)
  }
  x
}

# Several strings from a set of choices.
check_choices <- function(x, arg, choices, call = sys.call(-1)) {
  if (!is.character(x) || length(x) == 0L || anyNA(x)) {
    mp_abort("`%s` must be a non-empty character vector from %s; not %s.", arg,
             paste0("\"", choices, "\"", collapse = ", "), mp_describe(x),
             call = call)
  }
  bad <- setdiff(x, choices)
  if (length(bad)) {
    mp_abort("Unknown %s %s: allowed are %s.", arg,
             paste0("\"", bad, "\"", collapse = ", "),
             paste0("\"", choices, "\"", collapse = ", "), call = call)
  }
  x
}

check_flag <- function(x, arg, call = sys.call(-1)) {
  if (!is.logical(x) || length(x) != 1L || is.na(x)) {
    mp_abort("`%s` must be TRUE or FALSE, not %s.", arg, mp_describe(x), call = call)
  }
  x
}

# Recycle several vectors to a common length (length-1 or equal lengths).
recycle_args <- function(..., call = sys.call(-1)) {
  args <- list(...)
  lens <- lengths(args)
  n <- max(lens)
  bad <- lens != 1L & lens != n
  if (any(bad)) {
    mp_abort("Arguments %s must have length 1 or a common length; got lengths %s.",
             paste0("`", names(args), "`", collapse = ", "),
             paste(lens, collapse = ", "), call = call)
  }
  stats::setNames(lapply(args, rep_len, length.out = n), names(args))
}

# A function argument (user-supplied response curves etc.).
check_function <- function(x, arg, call = sys.call(-1)) {
  if (!is.function(x)) {
    mp_abort("`%s` must be a function, not %s.", arg, mp_describe(x), call = call)
  }
  x
}

# The value of a `c("a", "b")`-style choice argument: its first element when
# it is an atomic vector (the default vector), else the value itself, so
# check_choice() reports a wrong type (a function, a symbol, an
# environment) as an input error instead of failing on `x[1]`.
choice_arg <- function(x) if (is.atomic(x) && length(x) > 1L) x[1] else x

# Call a user-supplied function; its errors become input errors naming the
# argument (a function that fails or has the wrong signature is bad input).
call_user_fun <- function(f, arg, ..., call = sys.call(-1)) {
  tryCatch(f(...), error = function(e) {
    mp_abort("`%s` failed when called: %s", arg, conditionMessage(e), call = call)
  })
}

# Results that overflow double precision (extreme couplings, charges or
# mixing: |g Q| or eps beyond ~1e150) signal a numerical error instead of
# returning Inf/NaN.
check_finite_result <- function(x, what, call = sys.call(-1),
                                why = "the couplings, charges or mixing are too large") {
  if (anyNA(x) || any(!is.finite(x))) {
    mp_abort("%s overflow double precision (non-finite values): %s.",
             what, why, class = "muonphilic_error_numeric", call = call)
  }
  x
}

# autoplot() methods: an object without rows to draw is refused (ggplot2
# would fail later, when the plot is built, with an unclassed error).
check_plot_rows <- function(df, what, call = sys.call(-1)) {
  if (!is.data.frame(df) || nrow(df) == 0L) {
    mp_abort("Nothing to plot: %s has no rows to draw.", what, call = call)
  }
  df
}

# The first argument unless it is NULL.
`%||%` <- function(a, b) if (is.null(a)) b else a

# Renamed arguments -------------------------------------------------------

# A classed deprecation warning (one release of grace for an old spelling).
mp_deprecated <- function(message, ..., call = sys.call(-1)) {
  msg <- if (...length()) sprintf(message, ...) else message
  warning(structure(class = c("muonphilic_warning_deprecated", "warning", "condition"),
                    list(message = msg, call = call)))
}

# Old argument names that still work for one release. Call it first thing
# in a function whose formals end in `...`:
#   take_renamed(c(bins_gev = "bin_edges_gev"))
# For each old name given by the caller (it lands in `...`, or partially
# matches the new formal, as `threshold_kev` does `threshold_kevnr`), it
# warns with class `muonphilic_warning_deprecated` and assigns the value to
# the new name in the caller's frame; giving both is an input error. Any
# other argument left in `...` is an input error unless `keep_dots` is TRUE;
# the remaining `...` are returned as a list.
take_renamed <- function(renames, keep_dots = FALSE, env = parent.frame(),
                         call = sys.call(-1)) {
  head <- call[[1]]
  if (is.call(head) && length(head) == 3L) head <- head[[3]]
  fn_name <- if (is.name(head)) as.character(head) else "this function"
  dots <- eval(quote(list(...)), env)
  given <- names(call)
  given <- if (is.null(given)) character(0) else given[nzchar(given)]
  for (old in names(renames)) {
    new <- renames[[old]]
    in_dots <- !is.null(names(dots)) && old %in% names(dots)
    partial <- !in_dots && old %in% given
    if (!in_dots && !partial) next
    if (in_dots && !eval(call("missing", as.name(new)), env)) {
      mp_abort("Give `%s` once: `%s` is its deprecated name.", new, old, call = call)
    }
    mp_deprecated("`%s` is deprecated in %s(); use `%s` (it will be removed in the next release).",
                  old, fn_name, new, call = call)
    if (in_dots) {
      assign(new, dots[[old]], envir = env)
      dots[[old]] <- NULL
    }
  }
  if (!keep_dots && length(dots)) {
    nms <- names(dots)
    bad <- if (is.null(nms)) rep("", length(dots)) else nms
    mp_abort("Unknown argument%s to %s(): %s. Allowed are %s.",
             if (length(bad) > 1L) "s" else "", fn_name,
             paste(ifelse(nzchar(bad), paste0("`", bad, "`"), "an unnamed value"),
                   collapse = ", "),
             paste0("`", setdiff(names(formals(sys.function(sys.parent()))), "..."), "`",
                    collapse = ", "),
             call = call)
  }
  invisible(dots)
}

# The largest coupling we accept: alpha_x = g^2 / (4 pi) = 1, beyond which a
# perturbative treatment (every formula of the paper) makes no sense.
g_max <- sqrt(4 * pi)

# A coupling g of a (model, g, mass_mev) function: finite, |g| <= sqrt(4 pi).
# The cap guards what the user passes: it applies when the user called a
# (model, g, mass_mev) function directly (the outermost function of the
# package on the call stack has those arguments). The package's own
# searches (CLs brackets, profile roots of limits and scans) may evaluate
# counts beyond it and are not stopped.
check_coupling <- function(g, arg = "g", len = NULL, call = sys.call(-1)) {
  g <- check_number(g, arg, len = len, call = call)
  bad <- abs(g) > g_max
  if (any(bad) && user_entry_takes_g()) {
    mp_abort(paste("`%s` must be a coupling with |%s| <= sqrt(4 pi) = %.3g (larger couplings are",
                   "non-perturbative); got %s. The order is (model, g, mass_mev): was a mass in MeV",
                   "given as `%s`?"),
             arg, arg, g_max, format(g[bad][1]), arg, call = call)
  }
  g
}

# TRUE when the outermost frame of a package function on the call stack is
# a function with consecutive formals (model, g, mass_mev), other than
# scan_grid() (whose g is a grid that its profiles may leave).
user_entry_takes_g <- function() {
  ns <- topenv(environment(user_entry_takes_g))
  for (i in seq_len(sys.nframe())) {
    f <- sys.function(i)
    if (identical(topenv(environment(f)), ns)) {
      if (identical(f, scan_grid)) return(FALSE)
      i3 <- match(c("model", "g", "mass_mev"), names(formals(f)))
      return(!anyNA(i3) && identical(diff(i3), c(1L, 1L)))
    }
  }
  TRUE
}

# A data frame of benchmark points like benchmark_points(): columns
# `benchmark`, `mass_mev`, `g` (an old frame with `bp` instead of
# `benchmark` is accepted with a deprecation warning).
check_benchmarks <- function(x, arg = "benchmarks", call = sys.call(-1)) {
  if (is.data.frame(x) && !"benchmark" %in% names(x) && "bp" %in% names(x)) {
    mp_deprecated("The column `bp` of `%s` is deprecated; name it `benchmark` (as benchmark_points() does).",
                  arg, call = call)
    names(x)[names(x) == "bp"] <- "benchmark"
  }
  if (!is.data.frame(x) || !all(c("benchmark", "mass_mev", "g") %in% names(x)) ||
      nrow(x) == 0L) {
    mp_abort("`%s` must be a data frame with columns benchmark, mass_mev and g and at least one row (see benchmark_points()), not %s.",
             arg, mp_describe(x), call = call)
  }
  x
}

# Evaluate `expr` with the package's deprecation warnings muffled (one
# warning per call is enough when a deprecated form is forwarded).
suppress_deprecated <- function(expr) {
  withCallingHandlers(expr, muonphilic_warning_deprecated = function(w) {
    invokeRestart("muffleWarning")
  })
}

# An experiment, or a non-empty list of experiments.
is_experiment_set <- function(x) {
  inherits(x, "muonphilic_experiment") ||
    (is.list(x) && !is.object(x) && length(x) > 0L &&
       all(vapply(x, inherits, TRUE, "muonphilic_experiment")))
}

# The old order (data, experiments): experiments in the data slot and
# something that is not an experiment in the experiments slot.
data_before_experiments <- function(experiments, data) {
  is_experiment_set(data) && !is_experiment_set(experiments)
}
