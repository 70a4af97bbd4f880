# Package objects (experiments, nuclei, NA64mu targets) remember the
# arguments they were built from. Editing a field (`x$years <- 10`,
# `x[["mass_t"]] <- 5`) re-runs the constructor with that argument changed,
# so derived state (exposures, curves, grids) can never fall out of step;
# fields that are not constructor arguments cannot be set. Every method
# checks cheaply (identical() against a copy taken by the constructor) that
# the object was not edited behind the constructor's back (unclass(), attr()).

# The arguments the caller of a constructor supplied, as values. Call it
# first thing in the constructor (before any argument is reassigned).
ctor_args <- function(env = parent.frame(), fn = sys.function(-1)) {
  nms <- setdiff(names(formals(fn)), "...")
  given <- vapply(nms, function(n) !eval(call("missing", as.name(n)), env), TRUE)
  nms <- nms[given]
  if (!length(nms)) return(list())
  mget(nms, envir = env)
}

# The fields of an object without class or attributes.
object_fields <- function(x) {
  f <- unclass(x)
  attributes(f) <- list(names = names(f))
  f
}

# Mark an object as built by `ctor` from `args`.
mp_seal <- function(x, ctor, args) {
  attr(x, "mp_seal") <- NULL
  attr(x, "mp_ctor") <- ctor
  attr(x, "mp_args") <- args
  attr(x, "mp_seal") <- object_fields(x)
  x
}

# Internal edits of a sealed object (the package's own helpers, e.g. a
# different analysis for one computation): change fields, keep it sealed.
set_fields <- function(x, ...) {
  v <- list(...)
  cl <- oldClass(x)
  at <- attributes(x)
  y <- unclass(x)
  for (nm in names(v)) y[nm] <- list(v[[nm]])
  at$names <- names(y)
  attributes(y) <- at
  class(y) <- cl
  if (!is.null(at$mp_ctor)) {
    attr(y, "mp_seal") <- NULL
    attr(y, "mp_seal") <- object_fields(y)
  }
  y
}

# Record changed constructor arguments in a sealed object (after set_fields()).
set_args <- function(x, ...) {
  if (is.null(attr(x, "mp_ctor", exact = TRUE))) return(x)
  a <- attr(x, "mp_args", exact = TRUE)
  v <- list(...)
  for (nm in names(v)) a[nm] <- list(v[[nm]])
  attr(x, "mp_args") <- a
  x
}

mp_constructors <- c(muonphilic_xenon = "xenon_detector",
                     muonphilic_spallation = "spallation_detector",
                     muonphilic_cevns = "cevns_detector",
                     muonphilic_na64mu_2022 = "na64mu_2022",
                     muonphilic_na64mu = "na64mu", muonphilic_nucleus = "nucleus",
                     muonphilic_target = "target_material")

# Fields named differently from their constructor argument.
field_aliases <- list(spallation_detector = c(sin2w = "sin2_theta_w", threshold_kev = "threshold_kevnr",
                                             bin_edges_kev = "bin_edges_kevnr"),
                      na64mu = c(bins_gev = "bin_edges_gev"),
                      xenon_detector = c(bins = "n_bins", grid_nr_kev = "grid_kevnr",
                                         grid_er_kev = "grid_kevee"))

# The constructor arguments renamed in this release (old -> new): update()
# with the old name warns; the stored fields keep the old names, so
# x$field <- value with them is not deprecated.
renamed_args <- c(threshold_kev = "threshold_kevnr", bin_edges_kev = "bin_edges_kevnr",
                  bins_gev = "bin_edges_gev", bins = "n_bins", grid_nr_kev = "grid_kevnr",
                  grid_er_kev = "grid_kevee")

# Validate an object on use: built by its constructor and not edited since.
check_object_state <- function(x, what, call = sys.call(-1)) {
  seal <- attr(x, "mp_seal", exact = TRUE)
  ctor <- attr(x, "mp_ctor", exact = TRUE)
  if (is.null(seal) || is.null(ctor) || !identical(object_fields(x), seal)) {
    ctor <- ctor %||% unname(mp_constructors[intersect(class(x), names(mp_constructors))][1])
    mp_abort("This %s was changed outside its constructor (or not made by %s()): its derived fields may disagree. Rebuild it with %s() or change it with update(x, ...) or x$argument <- value.",
             what, ctor, ctor, call = call)
  }
  invisible(x)
}

# Rebuild an object with some constructor arguments changed.
rebuild_object <- function(x, changes, call = sys.call(-1), warn_renamed = FALSE) {
  ctor <- attr(x, "mp_ctor", exact = TRUE)
  if (is.null(ctor)) {
    mp_abort("This object was not made by a muonphilic constructor: it cannot be updated.",
             call = call)
  }
  fn <- get(ctor, envir = asNamespace("muonphilic"), mode = "function")
  allowed <- names(formals(fn))
  nms <- names(changes)
  if (length(changes) && (is.null(nms) || any(!nzchar(nms)))) {
    mp_abort("Give the changes to %s() as named arguments (allowed: %s).", ctor,
             paste(allowed, collapse = ", "), call = call)
  }
  alias <- field_aliases[[ctor]]
  hit <- nms %in% names(alias)
  old <- nms[hit & nms %in% names(renamed_args)]
  if (warn_renamed && length(old)) {
    mp_deprecated("%s in update() is deprecated; use %s (it will be removed in the next release).",
                  paste0("`", old, "`", collapse = ", "),
                  paste0("`", alias[old], "`", collapse = ", "), call = call)
  }
  nms[hit] <- alias[nms[hit]]
  names(changes) <- nms
  bad <- setdiff(nms, allowed)
  if (length(bad)) {
    derived <- bad %in% names(x)
    mp_abort("%s cannot be set: %s. Change the arguments of %s() instead, with update(x, ...) or x$argument <- value: %s.",
             paste0("`", bad, "`", collapse = ", "),
             if (all(derived)) sprintf("derived from the arguments of %s()", ctor) else
               sprintf("not an argument of %s()", ctor), ctor,
             paste(allowed, collapse = ", "), call = call)
  }
  args <- attr(x, "mp_args", exact = TRUE)
  args <- edit_args(ctor, x, args, changes)
  tryCatch(do.call(fn, args), error = function(e) {
    if (inherits(e, "muonphilic_error")) {
      e$call <- call
      stop(e)
    }
    mp_abort("Rebuilding with %s() failed: %s", ctor, conditionMessage(e), call = call)
  })
}

# The constructor's arguments after `changes`, keeping the others coherent.
edit_args <- function(ctor, x, args, changes) {
  if (ctor == "xenon_detector" && "analysis" %in% names(changes)) {
    # thresholds and window ends are in the analysis's scale: a new scale
    # starts from its nominal values unless they are given too
    old <- analysis_scale(x$analysis)
    new <- if (is.character(changes$analysis) && length(changes$analysis) == 1L &&
               changes$analysis %in% xenon_analyses) analysis_scale(changes$analysis) else ""
    if (new != old) {
      if (!"threshold_kev" %in% names(changes)) args$threshold_kev <- NULL
      if (!"window_kev" %in% names(changes)) args$window_kev <- NULL
    }
  }
  if (ctor == "target_material" && any(c("z", "a", "density_gcm3") %in% names(changes))) {
    # a preset edited in one number becomes a custom target
    for (f in c("z", "a", "density_gcm3")) if (is.null(args[[f]])) args[[f]] <- x[[f]]
    if (is.null(args$name)) args$name <- x$name
  }
  for (nm in names(changes)) args[nm] <- list(changes[[nm]])
  args
}

set_field <- function(x, name, value, call) {
  if (is.null(attr(x, "mp_ctor", exact = TRUE))) {
    # not one of ours (e.g. a user's own experiment class): list semantics
    cl <- oldClass(x)
    y <- unclass(x)
    y[[name]] <- value
    class(y) <- cl
    return(y)
  }
  if (!is.character(name) || length(name) != 1L || is.na(name)) {
    mp_abort("Fields of %s objects are set by name (x$argument <- value), not %s.",
             class(x)[1], mp_describe(name), call = call)
  }
  rebuild_object(x, stats::setNames(list(value), name), call = call)
}

#' Change the arguments of an experiment, nucleus or target
#'
#' Package objects keep the arguments they were built from. `update()`
#' rebuilds an object with some of them changed, so that everything derived
#' from them (exposures, efficiency tables, grids) follows.
#' `x$argument <- value` and `x[["argument"]] <- value` do the same for one
#' argument; fields that are not constructor arguments (derived ones such
#' as `exposure_cm2` or `grid`) cannot be set, and an object changed by
#' other means (`unclass()`, `attr<-`) is refused by every method with an
#' error of class `muonphilic_error_input`.
#'
#' @param object an experiment ([xenon_detector()], [spallation_detector()],
#'   [na64mu()]), a [nucleus()] or a [target_material()].
#' @param ... named arguments of the object's constructor, in the units
#'   documented there (for example `years`, `mass_t` for spallation
#'   detectors, `exposure_tyr` for xenon detectors).
#' @return The rebuilt object. Invalid values signal the constructor's
#'   errors (class `muonphilic_error_input`).
#' @examples
#' ess <- spallation_detector("ESS")
#' ess10 <- update(ess, years = 10)
#' ess10$mass_t <- 5            # the same as update(ess10, mass_t = 5)
#' ess10
#' @importFrom stats update
#' @export
update.muonphilic_experiment <- function(object, ...) {
  rebuild_object(object, list(...), warn_renamed = TRUE)
}

#' @rdname update.muonphilic_experiment
#' @export
update.muonphilic_nucleus <- function(object, ...) {
  rebuild_object(object, list(...), warn_renamed = TRUE)
}

#' @rdname update.muonphilic_experiment
#' @export
update.muonphilic_target <- function(object, ...) {
  rebuild_object(object, list(...), warn_renamed = TRUE)
}

#' @export
`$<-.muonphilic_experiment` <- function(x, name, value) set_field(x, name, value, NULL)
#' @export
`[[<-.muonphilic_experiment` <- function(x, i, value) set_field(x, i, value, NULL)
#' @export
`$<-.muonphilic_nucleus` <- function(x, name, value) set_field(x, name, value, NULL)
#' @export
`[[<-.muonphilic_nucleus` <- function(x, i, value) set_field(x, i, value, NULL)
#' @export
`$<-.muonphilic_target` <- function(x, name, value) set_field(x, name, value, NULL)
#' @export
`[[<-.muonphilic_target` <- function(x, i, value) set_field(x, i, value, NULL)

# `[<-` on package objects: refused (use $ or update()).
set_bracket <- function(x, call) {
  if (is.null(attr(x, "mp_ctor", exact = TRUE))) return(NULL)
  mp_abort("Package objects are changed one argument at a time: x$argument <- value or update(x, argument = value).",
           call = call)
}
#' @export
`[<-.muonphilic_experiment` <- function(x, i, value) {
  set_bracket(x, NULL)
  NextMethod()
}
#' @export
`[<-.muonphilic_nucleus` <- function(x, i, value) {
  set_bracket(x, NULL)
  NextMethod()
}
#' @export
`[<-.muonphilic_target` <- function(x, i, value) {
  set_bracket(x, NULL)
  NextMethod()
}
