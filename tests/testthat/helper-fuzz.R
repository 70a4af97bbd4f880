# helper-fuzz.R -- the data-driven fuzzer run by test-fuzz.R.
#
# Every exported function (and every S3 method the package registers) has a
# spec: for each argument a valid default and a "kind" (mass, coupling,
# model, choice, ...). The runner calls the function with its defaults, then
# replaces one argument at a time by every bad or odd value of a pool
# (NA, NaN, +-Inf, 0, negative, 1e300, 1e-300, empty vectors, wrong types,
# lists, factors, NULL, mismatched lengths, unknown names, plus the kind's
# own edge cases such as lepton-pair thresholds), then makes seeded random
# calls replacing two arguments at once. Each call must either
#   * return a value that passes the spec's `check` (a well-formed result,
#     finite where the function promises finite), or
#   * signal an error of class `muonphilic_error_input`, or
#   * signal `muonphilic_error_numeric` (a documented numerical failure on
#     extreme but valid input; counted and reported separately).
# Anything else -- an unclassed error, a warning, NaN/NA in a result, a
# malformed result, a call slower than `slow_s` seconds, or a crash of R --
# fails test-fuzz.R.
#
# ADDING A SPEC for a new exported function (see CONTRIBUTING.md) is a few
# lines in a list named `fz_specs_<anything>` (this file or any other
# helper-*.R file; the runner collects every such list):
#
#   fz_specs_na64mu <- list(
#     na64mu = fz_spec(
#       e0_gev = fz_arg(160, "positive"),
#       mot = fz_arg(1e10, "count"),
#       check = fz_object("muonphilic_experiment")
#     )
#   )
#
# and an experiment is registered for the contract generics
# (expected_counts, count_terms, background_counts, statistic) with one line
# in `fz_experiments` below, e.g. `na64mu = quote(na64mu())`.
#
# All helper objects start with `fz_` so they cannot collide with other
# helper files.

# ---------------------------------------------------------------------------
# 1. Arguments and specs
# ---------------------------------------------------------------------------

#' One argument of a spec.
#' @param default a valid value, or a quote()d expression evaluated at run
#'   time (use that for package objects: quote(lmu_ltau())).
#' @param kind selects the odd values tried besides the generic ones:
#'   "number", "positive", "mass" (MeV), "energy" (GeV), "coupling", "q2"
#'   (GeV^2), "count", "prob", "model", "mixing", "choice", "flag",
#'   "string", "dir", "experiment", "function", "any".
#' @param choices for kind "choice": the allowed strings.
#' @param values extra named list of values to try for this argument.
#' @param exclude function(value) -> TRUE to skip a value (use for values
#'   that are valid but too expensive, e.g. `figures = NULL` = all figures).
#' @param generic also try the generic bad values (FALSE for the object
#'   of an S3 method, which is then only fuzzed with `values`, since other
#'   objects dispatch elsewhere).
#' @noRd
fz_arg <- function(default, kind = "any", choices = NULL, values = list(),
                   exclude = NULL, generic = TRUE) {
  stopifnot(is.character(kind), length(kind) == 1L, is.list(values))
  structure(list(default = default, kind = kind, choices = choices,
                 values = values, exclude = exclude, generic = generic),
            class = "fz_arg")
}

#' A spec: named fz_arg()s for the arguments, then options.
#' @param check function(result, args) returning NULL/character(0) when the
#'   result is well formed, else a description of the problem. Build it
#'   with fz_numeric(), fz_df(), fz_object(), fz_all(), fz_any().
#' @param call the function to call when it differs from the spec's name
#'   (S3 methods are called through their generic, e.g. call = "print").
#' @param n_random number of seeded random calls replacing two arguments.
#' @param default_valid the all-defaults call must succeed (FALSE for
#'   specs whose default is deliberately invalid).
#' @param warn_ok accept warnings (default: a warning fails the call).
#' @param allow extra condition classes accepted as clean errors.
#' @param slow_s a call slower than this (seconds) fails.
#' @param numeric_ok when a `muonphilic_error_numeric` is acceptable:
#'   "extreme" (default) only if the call used an extreme value (magnitudes
#'   1e150 and beyond or below 1e-150, see fz_extreme_re), "any" always,
#'   "never" not at all.
#' @noRd
fz_spec <- function(..., check = fz_any(), call = NULL, n_random = 30L,
                    default_valid = TRUE, warn_ok = FALSE, allow = character(),
                    slow_s = 5, numeric_ok = c("extreme", "any", "never")) {
  numeric_ok <- match.arg(numeric_ok)
  args <- list(...)
  if (length(args) && (is.null(names(args)) || any(!nzchar(names(args))))) {
    stop("fz_spec(): every argument spec must be named")
  }
  stopifnot(all(vapply(args, inherits, TRUE, "fz_arg")))
  structure(list(args = args, check = check, call = call,
                 n_random = as.integer(n_random), default_valid = default_valid,
                 warn_ok = warn_ok, allow = allow, slow_s = slow_s,
                 numeric_ok = numeric_ok),
            class = "fz_spec")
}

# Labels of extreme values: exponents of magnitude 150 and beyond,
# subnormals. A numerical error on a call without one fails (by default).
fz_extreme_re <- "e[-+]?(1[5-9][0-9]|[2-3][0-9][0-9])|5e-324|1e-320"

# Experiments for the contract generics: name = quote(constructor call).
# The integrator adds one line per experiment, e.g. na64mu = quote(na64mu()).
fz_experiments <- list(
  na64mu = quote(na64mu()),
  na64mu_paper_bkg = quote(na64mu(xsec = "paper", bin_edges_gev = c(10, 50, 100), background = 0.5)),
  CENNS610 = quote(spallation_detector("CENNS610")),
  ESS10 = quote(spallation_detector("ESS10")),
  CCM = quote(spallation_detector("CCM")),
  DARWIN_NR = quote(xenon_detector("DARWIN", analysis = "NR", threshold_kev = 1, n_bins = 3L)),
  LZ_ER = quote(xenon_detector("LZ", analysis = "ER", n_bins = 2L)),
  XENONnT_NRER = quote(xenon_detector("XENONnT", analysis = "NR+ER", n_bins = 1L)),
  XENONnT_8B_2024 = quote(xenonnt_8b_2024()),
  PandaX4T_8B_2024 = quote(pandax4t_8b_2024()),
  na64mu_2022 = quote(na64mu_2022()),
  gm2_wp2025 = quote(gm2_likelihood("wp2025")),
  COHERENT_Ar = quote(coherent_ar_2020()),
  COHERENT_CsI = quote(coherent_csi_2022())
)

# ---------------------------------------------------------------------------
# 2. Result checkers: function(result, args) -> NULL or a problem string
# ---------------------------------------------------------------------------

fz_any <- function() function(res, args) NULL

# Combine checkers: all must pass.
fz_all <- function(...) {
  checks <- list(...)
  function(res, args) {
    for (ck in checks) {
      p <- ck(res, args)
      if (length(p)) return(p)
    }
    NULL
  }
}

# The common recycled length of some arguments (for vectorised functions).
fz_recycled <- function(...) {
  nms <- c(...)
  function(args) max(lengths(args[nms]))
}

# A double vector. `len`: integer or function(args). `finite`: TRUE, FALSE
# or function(args, res) -> logical vector of entries that must be finite.
# NA/NaN are never accepted.
fz_numeric <- function(len = NULL, finite = TRUE, lower = -Inf, upper = Inf) {
  function(res, args) {
    if (!is.double(res)) return(sprintf("result is %s, not a double vector", typeof(res)))
    if (!is.null(len)) {
      n <- if (is.function(len)) len(args) else len
      if (length(res) != n) return(sprintf("result has length %d, expected %d", length(res), n))
    }
    if (anyNA(res)) return("result contains NA/NaN")
    need <- if (is.function(finite)) finite(args, res) else rep(isTRUE(finite), length(res))
    if (any(need & !is.finite(res))) return("result is not finite where finite is promised")
    if (any(res < lower | res > upper)) {
      return(sprintf("result outside [%g, %g]: %s", lower, upper,
                     format(res[res < lower | res > upper][1])))
    }
    NULL
  }
}

# A data frame with columns `cols`; `nrow` integer or function(args);
# `finite` columns must be finite numbers; `class` extra class required;
# `extra` a further checker.
fz_df <- function(cols, nrow = NULL, finite = character(), class = NULL,
                  extra = NULL) {
  function(res, args) {
    if (!is.data.frame(res)) return(sprintf("result is %s, not a data frame", class(res)[1]))
    miss <- setdiff(cols, names(res))
    if (length(miss)) return(paste("missing columns:", paste(miss, collapse = ", ")))
    if (!is.null(nrow)) {
      n <- if (is.function(nrow)) nrow(args) else nrow
      if (NROW(res) != n) return(sprintf("%d rows, expected %d", NROW(res), n))
    }
    for (cl in finite) {
      v <- res[[cl]]
      if (!is.numeric(v) || any(!is.finite(v))) return(sprintf("column %s is not finite", cl))
    }
    if (!is.null(class) && !inherits(res, class)) return(sprintf("result lacks class %s", class))
    if (!is.null(extra)) return(extra(res, args))
    NULL
  }
}

# An object of a class, optionally with a further check.
fz_object <- function(class, extra = NULL) {
  function(res, args) {
    if (!inherits(res, class)) {
      return(sprintf("result is %s, not %s", paste(class(res), collapse = "/"),
                     paste(class, collapse = "/")))
    }
    if (!is.null(extra)) return(extra(res, args))
    NULL
  }
}

# ---------------------------------------------------------------------------
# 3. Value pools
# ---------------------------------------------------------------------------

fz_mev <- c(e = 0.51099895, mu = 105.6583745, tau = 1776.86)

# Bad or odd values tried for every argument, whatever its kind.
fz_generic_pool <- function(default) {
  p <- list(
    "NULL" = NULL, "NA" = NA, "NA_real_" = NA_real_, "NaN" = NaN,
    "Inf" = Inf, "-Inf" = -Inf, "0" = 0, "-1" = -1, "1e300" = 1e300,
    "-1e300" = -1e300, "1e-300" = 1e-300, "numeric(0)" = numeric(0),
    "integer(0)" = integer(0), "character(0)" = character(0),
    "logical(0)" = logical(0), "\"a\"" = "a", "\"\"" = "",
    "NA_character_" = NA_character_, "TRUE" = TRUE, "FALSE" = FALSE,
    "list()" = list(), "list(1)" = list(1), "factor(\"a\")" = factor("a"),
    "factor(1)" = factor(1), "1i" = 1i, "matrix(1, 2, 2)" = matrix(1, 2, 2),
    "data.frame(x = 1)" = data.frame(x = 1), "function(x) x" = function(x) x,
    "c(a = 1, b = 2)" = c(a = 1, b = 2), "1:7" = 1:7, "c(1, NA)" = c(1, NA),
    "environment" = new.env(), "quote(x)" = quote(x),
    "as.Date(\"2021-01-01\")" = as.Date("2021-01-01"), "raw(1)" = as.raw(1),
    "structure(list(), class = \"muonphilic_model\")" =
      structure(list(), class = "muonphilic_model")
  )
  if (is.numeric(default) && !is.object(default) && length(default) > 0L) {
    d <- default
    p <- c(p, list(
      "-default" = -d, "rep_len(default, 3)" = rep_len(d, 3L),
      "rep_len(default, 5)" = rep_len(d, 5L), "c(default, NA)" = c(d, NA),
      "c(default, Inf)" = c(d, Inf), "c(default, NaN)" = c(d, NaN),
      "default * 1e300" = d * 1e300, "default * 1e-300" = d * 1e-300,
      "default * (1 + 1e-15)" = d * (1 + 1e-15),
      "as.character(default)" = as.character(d), "as.list(default)" = as.list(d),
      "factor(default)" = factor(d), "as.matrix(default)" = as.matrix(d),
      "structure(default, class = \"foo\")" = structure(d, class = "foo"),
      "setNames(default, letters)" = stats::setNames(d, letters[seq_along(d)])
    ))
    if (all(d == round(d)) && all(abs(d) < .Machine$integer.max)) {
      p[["as.integer(default)"]] <- as.integer(d)
    }
  }
  p
}

# Odd values by kind, some valid, some not.
fz_kind_pool <- function(kind, default, choices) {
  switch(kind,
    number = list("-0.5" = -0.5, "1e-12" = 1e-12, "-1e-300" = -1e-300,
                  "5e-324" = 5e-324, ".Machine$double.xmax" = .Machine$double.xmax),
    positive = list("5e-324" = 5e-324, "1e-200" = 1e-200, "1e200" = 1e200,
                    "0.5" = 0.5, "c(1, 2, 3)" = c(1, 2, 3), "-0" = -0),
    mass = c(
      list("1e-200" = 1e-200, "1e-6" = 1e-6, "1e6" = 1e6, "1e200" = 1e200,
           "5e-324" = 5e-324, "10^(-3:5)" = 10^(-3:5), "c(10, -10)" = c(10, -10)),
      stats::setNames(as.list(2 * fz_mev), paste0("2 m_", names(fz_mev))),
      stats::setNames(as.list(2 * fz_mev * (1 + 1e-12)), paste0("2 m_", names(fz_mev), " (1 + 1e-12)")),
      stats::setNames(as.list(2 * fz_mev * (1 - 1e-12)), paste0("2 m_", names(fz_mev), " (1 - 1e-12)")),
      stats::setNames(as.list(fz_mev), paste0("m_", names(fz_mev)))
    ),
    energy = list("1e-6" = 1e-6, "1e6" = 1e6, "1e200" = 1e200, "5e-324" = 5e-324,
                  "c(1, 100)" = c(1, 100)),
    coupling = list("1e-200" = 1e-200, "1e-160" = 1e-160, "1e-12" = 1e-12,
                    "10" = 10, "1e150" = 1e150, "1e200" = 1e200,
                    "-1e-3" = -1e-3, "c(0, 1e-3)" = c(0, 1e-3),
                    "5e-324" = 5e-324, "10^(-6:0)" = 10^(-6:0)),
    q2 = c(
      stats::setNames(as.list(4 * (fz_mev / 1000)^2), paste0("4 m_", names(fz_mev), "^2")),
      stats::setNames(as.list(4 * (fz_mev / 1000)^2 * (1 + 1e-12)),
                      paste0("4 m_", names(fz_mev), "^2 (1 + 1e-12)")),
      stats::setNames(as.list((fz_mev / 1000)^2), paste0("m_", names(fz_mev), "^2")),
      list("-1e-300" = -1e-300, "1e10" = 1e10, "-1e10" = -1e10, "1e200" = 1e200,
           "-1e200" = -1e200, "5e-324" = 5e-324, "c(-1, 0, 1)" = c(-1, 0, 1))
    ),
    count = list("0.5" = 0.5, "3.7" = 3.7, "1e15" = 1e15, "1e-200" = 1e-200,
                 "c(0, 0)" = c(0, 0), "5e-324" = 5e-324, "1e200" = 1e200),
    prob = list("1" = 1, "0.5" = 0.5, "1 - 1e-16" = 1 - 1e-16,
                "5e-324" = 5e-324, "1e-320" = 1e-320, "1.1" = 1.1, "-0.1" = -0.1,
                "c(0, 0.5, 1)" = c(0, 0.5, 1)),
    model = fz_model_pool(),
    mixing = fz_mixing_pool(),
    choice = c(
      stats::setNames(as.list(choices), sprintf("\"%s\"", choices)),
      list("toupper(choice)" = toupper(choices[1]),
           "paste0(choice, \" \")" = paste0(choices[1], " "),
           "c(choice, choice)" = rep(choices[1], 2L),
           "factor(choice)" = factor(choices[1]),
           "\"unknown\"" = "unknown_choice_name")
    ),
    flag = list("\"TRUE\"" = "TRUE", "c(TRUE, FALSE)" = c(TRUE, FALSE),
                "1L" = 1L, "NA (logical)" = NA),
    string = list("c(\"a\", \"b\")" = c("a", "b"), "unicode" = "\u00e9\u4e2d\u0394",
                  "long string" = strrep("x", 5000), "\"NA\"" = "NA"),
    dir = list("\"sub/dir\"" = "sub/dir", "c(\"a\", \"b\")" = c("a", "b"),
               "unicode dir" = "d\u00e9"),
    experiment = c(
      fz_experiment_objects(),
      list("forged experiment" = structure(list(), class = c("fz_foo", "muonphilic_experiment")),
           "model as experiment" = quote(lmu_ltau()))
    ),
    "function" = list("sin" = sin, "function() NULL" = function() NULL,
                      "function(x) stop(\"boom\")" = function(x) stop("boom")),
    any = list(),
    stop("fz_kind_pool(): unknown kind ", kind)
  )
}

# Models: valid ones (plain, loop mixing, fixed mixing, no muon charge,
# extreme charges/mixing) and tampered objects (must give input errors).
fz_model_pool <- function() {
  tamper <- function(f) {
    m <- lmu_ltau()
    f(m)
  }
  list(
    "lmu()" = lmu(),
    "lmu_ltau(mixing_loop())" = lmu_ltau(mixing_loop()),
    "lmu(mixing_loop(1))" = lmu(mixing_loop(1)),
    "lmu(mixing_loop(1e-300))" = lmu(mixing_loop(1e-300)),
    "lmu(mixing_loop(1e300))" = lmu(mixing_loop(1e300)),
    "lmu_ltau(mixing_fixed(-1e-5))" = lmu_ltau(mixing_fixed(-1e-5)),
    "lmu(mixing_fixed(0))" = lmu(mixing_fixed(0)),
    "lmu_ltau(mixing_fixed(1e300))" = lmu_ltau(mixing_fixed(1e300)),
    "lmu_ltau(mixing_ratio(0))" = lmu_ltau(mixing_ratio(0)),
    "lmu_ltau(mixing_ratio(1e300))" = lmu_ltau(mixing_ratio(1e300)),
    "Le-Lmu" = hidden_photon(c(e = 1, mu = -1, tau = 0)),
    "Le only (no muon charge)" = hidden_photon(c(e = 1, mu = 0, tau = 0)),
    "Le only, loop mixing" = hidden_photon(c(e = 1, mu = 0, tau = 0), mixing_loop()),
    "Qmu = 1e300" = hidden_photon(c(e = 0, mu = 1e300, tau = 0)),
    "Qe = 1e-300" = hidden_photon(c(e = 1e-300, mu = 1, tau = 0)),
    "Qtau only" = hidden_photon(c(e = 0, mu = 0, tau = 1), mixing_loop()),
    "unclass(lmu())" = unclass(lmu()),
    "tampered: charges NA" = tamper(function(m) { m$charges[["mu"]] <- NA; m }),
    "tampered: charges length 2" = tamper(function(m) { m$charges <- c(1, 2); m }),
    "tampered: charges character" = tamper(function(m) { m$charges[["e"]] <- "1"; m }),
    "tampered: charges all zero" = tamper(function(m) { m$charges[] <- 0; m }),
    "tampered: charges Inf" = tamper(function(m) { m$charges[["tau"]] <- Inf; m }),
    "tampered: mixing NULL" = tamper(function(m) { m$mixing <- NULL; m }),
    "tampered: mixing type" = tamper(function(m) { m$mixing$type <- "weird"; m }),
    "tampered: mixing value NaN" = tamper(function(m) { m$mixing$value <- NaN; m }),
    "tampered: loop scale 0" = tamper(function(m) { m$mixing <- mixing_loop(); m$mixing$value <- 0; m }),
    "tampered: mixing value vector" = tamper(function(m) { m$mixing$value <- c(1, 2); m }),
    "mixing object as model" = mixing_ratio()
  )
}

fz_mixing_pool <- function() {
  list(
    "mixing_loop()" = mixing_loop(), "mixing_loop(1e-300)" = mixing_loop(1e-300),
    "mixing_fixed(1e-5)" = mixing_fixed(1e-5), "mixing_ratio(0)" = mixing_ratio(0),
    "mixing_ratio(1e300)" = mixing_ratio(1e300),
    "unclass(mixing_ratio())" = unclass(mixing_ratio()),
    "tampered mixing type" = structure(list(type = "nope", value = 1), class = "muonphilic_mixing"),
    "tampered mixing value" = structure(list(type = "ratio", value = NA), class = "muonphilic_mixing"),
    "model as mixing" = lmu()
  )
}

fz_experiment_objects <- function() {
  if (!length(fz_experiments)) return(list())
  stats::setNames(lapply(fz_experiments, eval, envir = environment(fz_spec)),
                  paste0("experiment ", names(fz_experiments)))
}

# Resolve a default: quote()d expressions are evaluated now.
fz_resolve <- function(x) if (is.language(x)) eval(x, environment(fz_spec)) else x

# The full pool for one argument, minus excluded values.
fz_pool <- function(a) {
  d <- fz_resolve(a$default)
  # quote()d values of the kind pools and `values` are evaluated now; the
  # generic pool holds a literal symbol and is used as is
  pool <- c(if (a$generic) fz_generic_pool(d),
            lapply(c(fz_kind_pool(a$kind, d, a$choices), a$values), fz_resolve))
  if (!is.null(a$exclude)) {
    keep <- !vapply(pool, function(v) isTRUE(a$exclude(v)), TRUE)
    pool <- pool[keep]
  }
  pool
}

# ---------------------------------------------------------------------------
# 4. Running
# ---------------------------------------------------------------------------

# One call: returns list(outcome, message, seconds).
# outcome: "ok", "input", "numeric", "allowed" or "FAIL".
fz_call_one <- function(fn, args, spec) {
  trace <- Sys.getenv("MUONPHILIC_FUZZ_TRACE")
  warns <- character()
  t0 <- proc.time()[["elapsed"]]
  r <- withCallingHandlers(
    tryCatch({
      out <- NULL
      utils::capture.output(out <- do.call(fn, args, quote = TRUE))
      list(value = out)
    }, error = function(e) list(error = e)),
    warning = function(w) {
      # a best fit beyond the mass grid is a documented, classed warning
      if (!inherits(w, "muonphilic_warning_grid_edge")) warns <<- c(warns, conditionMessage(w))
      invokeRestart("muffleWarning")
    },
    message = function(m) invokeRestart("muffleMessage")
  )
  secs <- proc.time()[["elapsed"]] - t0
  res <- function(outcome, msg = "") list(outcome = outcome, message = msg, seconds = secs)
  if (!is.null(r$error)) {
    e <- r$error
    if (inherits(e, "muonphilic_error_input")) return(res("input", conditionMessage(e)))
    if (inherits(e, "muonphilic_error_numeric")) return(res("numeric", conditionMessage(e)))
    if (length(spec$allow) && inherits(e, spec$allow)) return(res("allowed", conditionMessage(e)))
    return(res("FAIL", paste0("unclassed error <", paste(class(e), collapse = "/"), ">: ",
                              conditionMessage(e))))
  }
  if (length(warns) && !spec$warn_ok) return(res("FAIL", paste("warning:", warns[1])))
  # instrumented builds (ASan, valgrind) run several times slower:
  # MUONPHILIC_FUZZ_SLOW_SCALE stretches the time limit there
  slow_scale <- as.numeric(Sys.getenv("MUONPHILIC_FUZZ_SLOW_SCALE", "1"))
  if (!is.finite(slow_scale) || slow_scale <= 0) slow_scale <- 1
  if (secs > spec$slow_s * slow_scale) return(res("FAIL", sprintf("took %.1f s", secs)))
  p <- tryCatch(spec$check(r$value, args),
                error = function(e) paste("checker failed:", conditionMessage(e)))
  if (length(p)) return(res("FAIL", paste(p, collapse = "; ")))
  res("ok")
}

# A stable per-spec seed, so adding specs does not change other streams.
fz_seed <- function(name, base) {
  as.integer((base + sum(utf8ToInt(name) * seq_along(utf8ToInt(name)))) %% 2147483647)
}

# Run one spec: every single-argument replacement, then n_random pairs.
# Returns a data frame: spec, label, outcome, message, seconds.
fz_run_spec <- function(name, spec, base_seed = 20261125L, n_scale = 1) {
  fn <- spec$call %||fz% fz_base_name(name)
  if (is.character(fn)) fn <- get(fn, envir = environment(fz_spec), mode = "function")
  defaults <- lapply(spec$args, function(a) fz_resolve(a$default))
  pools <- lapply(spec$args, fz_pool)
  trace <- Sys.getenv("MUONPHILIC_FUZZ_TRACE")
  rows <- list()
  run <- function(args, label) {
    if (nzchar(trace)) cat(name, ": ", label, "\n", sep = "", file = trace, append = TRUE)
    o <- fz_call_one(fn, args, spec)
    if (o$outcome == "numeric" &&
        (spec$numeric_ok == "never" ||
         (spec$numeric_ok == "extreme" && !grepl(fz_extreme_re, label)))) {
      o$outcome <- "FAIL"
      o$message <- paste("numerical error without an extreme input:", o$message)
    }
    rows[[length(rows) + 1L]] <<- data.frame(
      spec = name, label = label, outcome = o$outcome, message = o$message,
      seconds = o$seconds, stringsAsFactors = FALSE)
    o
  }
  set_arg <- function(args, nm, v) {
    args[nm] <- list(v)
    args
  }
  d <- run(defaults, "defaults")
  if (spec$default_valid && d$outcome != "ok") {
    rows[[1]]$outcome <- "FAIL"
    rows[[1]]$message <- paste("the all-defaults call must succeed:", d$message)
  }
  # MUONPHILIC_FUZZ_FRACTION < 1 runs a seeded sample of the single-argument
  # cases (the CI's sanitizer pass; another MUONPHILIC_FUZZ_SEED, another
  # sample); the default 1 runs them all
  fraction <- as.numeric(Sys.getenv("MUONPHILIC_FUZZ_FRACTION", "1"))
  n_cases <- sum(lengths(pools))
  keep <- if (is.finite(fraction) && fraction < 1) {
    withr::with_seed(fz_seed(name, base_seed) %/% 2L + 1L, stats::runif(n_cases) < fraction)
  } else {
    rep(TRUE, n_cases)
  }
  k <- 0L
  for (nm in names(pools)) {
    for (lab in names(pools[[nm]])) {
      k <- k + 1L
      if (!keep[k]) next
      run(set_arg(defaults, nm, pools[[nm]][[lab]]), sprintf("%s <- %s", nm, lab))
    }
  }
  n_random <- round(spec$n_random * n_scale)
  if (length(pools) >= 1L && n_random > 0L) {
    withr::with_seed(fz_seed(name, base_seed), {
      for (k in seq_len(n_random)) {
        which <- if (length(pools) >= 2L) sample(names(pools), 2L) else names(pools)
        args <- defaults
        labs <- character()
        for (nm in which) {
          j <- sample.int(length(pools[[nm]]), 1L)
          args <- set_arg(args, nm, pools[[nm]][[j]])
          labs <- c(labs, sprintf("%s <- %s", nm, names(pools[[nm]])[j]))
        }
        run(args, paste(labs, collapse = ", "))
      }
    })
  }
  do.call(rbind, rows)
}

`%||fz%` <- function(a, b) if (is.null(a)) b else a

# The function a spec is named after: "expected_counts[ESS10]" ->
# "expected_counts" (only a trailing [variant] is dropped, so that
# "[[<-.muonphilic_target" keeps its name).
fz_base_name <- function(x) sub("\\[[^][]*\\]$", "", x)

# Every spec: the fz_specs_* lists of all helper files plus one spec per
# (contract generic, registered experiment).
fz_all_specs <- function(env = environment(fz_spec)) {
  lists <- mget(ls(env, pattern = "^fz_specs_"), envir = env)
  specs <- do.call(c, unname(lists))
  c(specs, fz_contract_specs())
}

# Functions and S3 methods that need a spec: every export, and every method
# the package registers for a generic of another package (print, format,
# autoplot, ...). Methods of the package's own generics are covered by the
# generic's spec (and, for experiments, by fz_experiments).
# The package's S3 registrations (NAMESPACE) as a character matrix
# (generic, class, method name). getNamespaceInfo(, "S3methods") is a
# character matrix after a plain library(), but registerS3method() at run
# time (helper-toy.R registers its toy experiment's contract methods) turns
# it into a *list* matrix whose method cells are closures; sort()/%in% then
# failed with "'x' must be atomic". Those run-time rows are test objects,
# not the package's: drop them, and flatten the rest to strings.
fz_s3_methods <- function() {
  s3 <- getNamespaceInfo("muonphilic", "S3methods")
  if (!NROW(s3)) return(matrix(character(), 0L, 3L))
  cell <- function(v) if (is.character(v) && length(v) == 1L) v else NA_character_
  out <- matrix(vapply(seq_len(NROW(s3) * 3L), function(i) cell(s3[[i]]), ""),
                nrow = NROW(s3))
  out[!is.na(out[, 3]), , drop = FALSE]
}

fz_required_names <- function() {
  ex <- getNamespaceExports("muonphilic")
  ex <- ex[vapply(ex, function(n) is.function(getExportedValue("muonphilic", n)), TRUE)]
  # re-exports (ggplot2's autoplot) are other packages' functions: their
  # methods here are fuzzed one by one
  ex <- ex[vapply(ex, function(n) {
    identical(environment(getExportedValue("muonphilic", n)), asNamespace("muonphilic"))
  }, TRUE)]
  s3 <- fz_s3_methods()
  own <- s3[, 1] %in% ex
  sort(unique(c(ex, s3[!own, 3])))
}

# Experiment S3 classes that have methods for the contract generics must be
# represented in fz_experiments.
fz_unregistered_experiment_classes <- function() {
  s3 <- fz_s3_methods()
  gens <- c("expected_counts", "count_terms", "background_counts", "statistic")
  cls <- unique(s3[s3[, 1] %in% gens & s3[, 2] != "default", 2])
  objs <- fz_experiment_objects()
  covered <- vapply(cls, function(cl) any(vapply(objs, inherits, TRUE, cl)), TRUE)
  cls[!covered]
}

# ---------------------------------------------------------------------------
# 5. The experiment contract (ARCHITECTURE.md), one spec per
#    (generic, experiment in fz_experiments)
# ---------------------------------------------------------------------------

fz_check_expected_counts <- function(res, args) {
  p <- fz_df(c("bin", "lower", "upper", "counts", "g", "mass_mev"),
             finite = c("lower", "upper", "counts", "g", "mass_mev"))(res, args)
  if (length(p)) return(p)
  if (is.null(attr(res, "unit"))) return("expected_counts(): no `unit` attribute")
  if (any(res$counts < 0)) return("negative expected counts")
  nbin <- length(background_counts(args$x))
  npt <- max(length(args$g), length(args$mass_mev))
  if (nrow(res) != nbin * npt) {
    return(sprintf("%d rows, expected %d bins x %d points", nrow(res), nbin, npt))
  }
  NULL
}

fz_check_count_terms <- function(res, args) {
  if (!is.array(res) || length(dim(res)) != 3L) return("count_terms(): not a 3-d array")
  pw <- attr(res, "powers")
  if (!is.numeric(pw) || length(pw) != dim(res)[2]) return("count_terms(): bad `powers`")
  if (dim(res)[3] != length(args$mass_mev)) return("count_terms(): third dim is not the masses")
  if (dim(res)[1] != length(background_counts(args$x))) return("count_terms(): first dim is not the bins")
  if (any(!is.finite(res))) return("count_terms(): non-finite terms")
  NULL
}

fz_check_statistic <- function(res, args) {
  if (!inherits(res, "muonphilic_statistic") || !is.character(res$kind) ||
      length(res$kind) != 1L || !res$kind %in% c("poisson", "chi2_pull", "custom")) {
    return("statistic(): not a statistic object (poisson, chi2_pull or custom)")
  }
  if (res$kind == "chi2_pull") {
    s <- res$parameters$sigma
    if (!is.numeric(s) || length(s) != 1L || !is.finite(s) || s < 0) return("statistic(): bad sigma_sys")
  }
  NULL
}

fz_contract_specs <- function() {
  exps <- if (length(fz_experiments)) fz_experiments else list(none = quote(lmu_ltau()))
  valid <- length(fz_experiments) > 0L
  out <- list()
  for (nm in names(exps)) {
    x <- fz_arg(exps[[nm]], "experiment")
    model <- fz_arg(quote(lmu_ltau()), "model")
    out[[sprintf("expected_counts[%s]", nm)]] <- fz_spec(
      x = x, model = model, g = fz_arg(c(1e-4, 1e-3), "coupling"),
      mass_mev = fz_arg(c(10, 100), "mass"),
      check = fz_check_expected_counts, default_valid = valid, n_random = 20L)
    out[[sprintf("count_terms[%s]", nm)]] <- fz_spec(
      x = x, model = model, mass_mev = fz_arg(c(10, 100), "mass"),
      check = fz_check_count_terms, default_valid = valid, n_random = 20L)
    out[[sprintf("background_counts[%s]", nm)]] <- fz_spec(
      x = x, check = fz_numeric(lower = 0), default_valid = valid)
    out[[sprintf("statistic[%s]", nm)]] <- fz_spec(
      x = x, check = fz_check_statistic, default_valid = valid)
  }
  out
}

# ---------------------------------------------------------------------------
# 6. The specs of the foundation (model, gm2, stats, reproduce, plot)
# ---------------------------------------------------------------------------

fz_check_model <- fz_object("muonphilic_model", function(res, args) {
  q <- res$charges
  if (!is.double(q) || length(q) != 3L || any(!is.finite(q)) || all(q == 0)) {
    return("model charges are not 3 finite numbers, not all zero")
  }
  if (!inherits(res$mixing, "muonphilic_mixing")) return("model mixing is not a mixing rule")
  NULL
})

fz_check_mixing <- fz_object("muonphilic_mixing", function(res, args) {
  if (!res$type %in% c("ratio", "loop", "fixed") || !is.double(res$value) ||
      length(res$value) != 1L || !is.finite(res$value)) {
    return("mixing rule is not a known type with one finite value")
  }
  NULL
})

fz_check_widths <- fz_df(
  c("mass_mev", "g", "channel", "width_gev", "branching_ratio"),
  nrow = function(a) 6L * max(length(a$g), length(a$mass_mev)),
  finite = c("mass_mev", "g", "width_gev", "branching_ratio"),
  extra = function(res, args) {
    if (any(res$width_gev < 0)) return("negative width")
    if (any(res$branching_ratio < 0 | res$branching_ratio > 1)) return("BR outside [0, 1]")
    s <- tapply(res$branching_ratio, rep(seq_len(nrow(res) / 6L), each = 6L), sum)
    if (any(abs(s - 1) > 1e-12)) return("branching ratios do not sum to 1")
    NULL
  })

fz_check_band <- fz_df(
  c("mass_mev", "n_sigma", "g_low", "g_high", "measurement"),
  nrow = function(a) length(a$mass_mev) * length(a$n_sigma),
  finite = c("mass_mev", "n_sigma", "g_low", "g_high"),
  class = "muonphilic_gm2_band",
  extra = function(res, args) {
    if (any(res$g_low < 0) || any(res$g_low > res$g_high)) return("band edges not 0 <= g_low <= g_high")
    NULL
  })

# chi2_pull may be Inf (documented) only for a zero-variance bin with a
# non-zero residual or prediction.
fz_chi2_finite <- function(args, res) {
  o <- args$observed
  s2 <- o + rep_len(args$background, length(o))
  !any(s2 == 0 & (args$predicted != 0 | o != args$predicted))
}

fz_specs_foundation <- list(
  mixing_ratio = fz_spec(kappa = fz_arg(-1 / 70, "number"), check = fz_check_mixing),
  mixing_loop = fz_spec(scale_gev = fz_arg(1000, "positive"), check = fz_check_mixing),
  mixing_fixed = fz_spec(eps = fz_arg(-1e-5, "number"), check = fz_check_mixing),
  lmu_ltau = fz_spec(mixing = fz_arg(quote(mixing_ratio(-1 / 70)), "mixing"),
                     check = fz_check_model),
  lmu = fz_spec(mixing = fz_arg(quote(mixing_loop()), "mixing"), check = fz_check_model),
  hidden_photon = fz_spec(
    charges = fz_arg(c(e = 0, mu = 1, tau = -1), "number", values = list(
      "unknown names" = c(e = 0, mu = 1, x = 1), "duplicated names" = c(e = 1, e = 1, mu = 1),
      "reordered names" = c(tau = -1, e = 0, mu = 1), "partly named" = c(e = 1, 1, 1),
      "c(0, 0, 0)" = c(0, 0, 0), "c(1e300, -1e300, 0)" = c(1e300, -1e300, 0),
      "c(1e-300, 0, 0)" = c(1e-300, 0, 0))),
    mixing = fz_arg(quote(mixing_loop()), "mixing"),
    name = fz_arg("LmuLtau", "string"),
    check = fz_check_model),
  kinetic_mixing = fz_spec(
    model = fz_arg(quote(lmu_ltau(mixing_loop())), "model"),
    g = fz_arg(1e-3, "coupling"), q2_gev2 = fz_arg(c(0, -1e-3, 0.1), "q2"),
    check = fz_numeric(len = fz_recycled("g", "q2_gev2"))),
  decay_widths = fz_spec(
    model = fz_arg(quote(lmu_ltau()), "model"), g = fz_arg(1e-3, "coupling"),
    mass_mev = fz_arg(c(100, 300), "mass"), check = fz_check_widths),
  branching_invisible = fz_spec(
    model = fz_arg(quote(lmu_ltau()), "model"), mass_mev = fz_arg(c(100, 300), "mass"),
    g_for_fixed = fz_arg(1e-3, "coupling"),
    check = fz_numeric(len = function(a) length(a$mass_mev), lower = 0, upper = 1)),
  decay_length_cm = fz_spec(
    model = fz_arg(quote(lmu_ltau()), "model"), g = fz_arg(5e-4, "coupling"),
    mass_mev = fz_arg(250, "mass"), energy_gev = fz_arg(50, "energy"),
    check = fz_numeric(len = fz_recycled("g", "mass_mev", "energy_gev"), lower = 0)),
  delta_amu = fz_spec(
    model = fz_arg(quote(lmu_ltau()), "model"), g = fz_arg(5e-4, "coupling"),
    mass_mev = fz_arg(c(15, 100), "mass"),
    check = fz_numeric(len = fz_recycled("g", "mass_mev"), lower = 0)),
  gm2_band = fz_spec(
    model = fz_arg(quote(lmu_ltau()), "model"),
    mass_mev = fz_arg(c(10, 100), "mass"),
    measurement = fz_arg("fnal2021", "choice", choices = c("fnal2021", "wp2025"),
      values = list(
        "c(central, sigma)" = c(central = 2e-9, sigma = 5e-10),
        "c(sigma, central)" = c(sigma = 5e-10, central = 2e-9),
        "c(1, 1)" = c(1, 1), "c(1e-300, 1e-300)" = c(1e-300, 1e-300),
        "c(1e300, 1e300)" = c(1e300, 1e300), "negative central" = c(-1e-9, 1e-10),
        "zero sigma" = c(1e-9, 0), "c(a = 1, b = 2)" = c(a = 1e-9, b = 2e-10),
        "c(central, NA)" = c(central = 1e-9, sigma = NA))),
    n_sigma = fz_arg(c(1, 2), "positive"),
    check = fz_check_band),
  benchmark_points = fz_spec(check = fz_df(c("benchmark", "mass_mev", "g", "eps", "model"),
                                           nrow = 4L, finite = c("mass_mev", "g", "eps"))),
  gm2_measurements = fz_spec(check = fz_df(c("name", "central", "sigma", "reference"),
                                           finite = c("central", "sigma"))),
  chi2_pull = fz_spec(
    observed = fz_arg(c(100, 80), "count"), predicted = fz_arg(c(95, 82), "count"),
    background = fz_arg(c(10, 8), "count"), sigma_sys = fz_arg(0.05, "positive"),
    check = fz_all(fz_numeric(len = 1L, lower = 0, finite = fz_chi2_finite),
                   function(res, args) {
                     if (is.finite(res) && !is.finite(attr(res, "a_hat"))) "a_hat not finite"
                   }),
    n_random = 60L),
  poisson_pvalue = fz_spec(
    n = fz_arg(10, "count"), b = fz_arg(3, "count"),
    check = fz_numeric(len = fz_recycled("n", "b"), lower = 0, upper = 1)),
  p_to_sigma = fz_spec(
    p = fz_arg(c(0.05, 2.87e-7), "prob"),
    check = fz_numeric(len = function(a) length(a$p),
                       finite = function(a, res) a$p > 0 & a$p < 1)),
  reproduce_paper = fz_spec(
    dir = fz_arg("fz_figs", "dir"), quick = fz_arg(TRUE, "flag"),
    # all figures (NULL) or several are valid but slow: not fuzzed here
    figures = fz_arg(1, "number", exclude = function(v) is.null(v) || (is.numeric(v) && length(v) > 1L)),
    check = function(res, args) {
      if (!is.list(res) || !is.data.frame(res$claims) || !is.character(res$files)) {
        "reproduce_paper(): not list(files, claims)"
      }
    },
    allow = "muonphilic_error_dependency", n_random = 4L, slow_s = 20),
  # S3 methods on other packages' generics: light specs through the generic
  print.muonphilic_model = fz_spec(
    x = fz_arg(quote(lmu_ltau()), "any", generic = FALSE, values = fz_model_pool()),
    call = "print"),
  print.muonphilic_mixing = fz_spec(
    x = fz_arg(quote(mixing_loop()), "any", generic = FALSE, values = fz_mixing_pool()),
    call = "print"),
  format.muonphilic_mixing = fz_spec(
    x = fz_arg(quote(mixing_loop()), "any", generic = FALSE, values = fz_mixing_pool()),
    call = "format", check = function(res, args) {
      if (inherits(args$x, "muonphilic_mixing") && (!is.character(res) || length(res) != 1L)) {
        "format(): not one string"
      }
    }),
  autoplot.muonphilic_gm2_band = fz_spec(
    object = fz_arg(quote(gm2_band(lmu_ltau(), c(10, 100))), "any", generic = FALSE, values = list(
      "wp2025 band" = quote(gm2_band(lmu_ltau(), c(10, 100), "wp2025")),
      "one-row band" = quote(gm2_band(lmu_ltau(), 50, n_sigma = 1)),
      "band without rows" = quote(gm2_band(lmu_ltau(), c(10, 100))[0, ]),
      "band with NA edge" = quote({ b <- gm2_band(lmu_ltau(), c(10, 100)); b$g_high[1] <- NA; b }))),
    benchmarks = fz_arg(TRUE, "flag"),
    call = function(object, ...) ggplot2::autoplot(object, ...),
    check = fz_object("ggplot", function(res, args) {
      b <- tryCatch(suppressWarnings(ggplot2::ggplot_build(res)), error = function(e) e)
      if (inherits(b, "error")) paste("the plot fails to build:", conditionMessage(b))
    }), allow = "muonphilic_error_dependency", n_random = 5L)
)
