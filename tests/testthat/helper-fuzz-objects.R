# helper-fuzz-objects.R -- fuzzing package objects (experiments, nuclei,
# NA64mu targets) field by field.
#
# Sourced BEFORE helper-fuzz.R (see helper-fuzz-experiments.R): specs are
# created with delayedAssign() and the runner only calls helper-fuzz.R's
# functions at run time.
#
# Two routes per (object, field, bad value):
#   "set":    x[[field]] <- value      (the package's replacement methods:
#                                       rebuild or a classed refusal)
#   "forge":  the field changed behind the constructor's back (unclass(),
#             attributes kept), which every method must refuse
# Whatever object results is then handed to every method that takes it:
# the experiment contract (expected_counts, count_terms, background_counts,
# statistic), print(), update(), and for nuclei and targets the functions and
# constructors that take them. Required: no unclassed error, no warning, no
# negative or non-finite counts or terms.
#
# MUONPHILIC_FUZZ_OBJECTS: "all" runs every mutation (a few minutes);
# otherwise a seeded sample of that many mutations (default 100).

fz_object_targets <- function() {
  list(
    na64mu = quote(na64mu(xsec = "paper", bin_edges_gev = c(10, 50, 100), background = 0.5)),
    ESS10 = quote(spallation_detector("ESS10")),
    CCM = quote(spallation_detector("CCM")),
    DARWIN_NR = quote(xenon_detector("DARWIN", analysis = "NR", n_bins = 2L, n_grid = 51L)),
    LZ_ER = quote(xenon_detector("LZ", analysis = "ER", n_bins = 2L, n_grid = 51L)),
    XENONnT_NRER = quote(xenon_detector("XENONnT", analysis = "NR+ER", n_bins = 1L, n_grid = 51L)),
    Xe = quote(nucleus("Xe")),
    Ar40 = quote(nucleus("Ar40")),
    CsI = quote(nucleus(Z = c(55, 53), N = c(78, 74), abundance = c(1, 1))),
    Pb = quote(target_material("Pb")),
    alloy = quote(target_material("alloy", z = 74, a = 183.84, density_gcm3 = 18))
  )
}

# Bad values for one field: the generic pool around its current value, plus
# a few values of the field's own shape.
fz_field_pool <- function(value) {
  p <- fz_generic_pool(value)
  if (is.list(value) && !is.data.frame(value)) {
    p <- c(p, list("list with an NA" = c(value, list(NA)), "unnamed" = unname(value)))
  }
  if (is.data.frame(value) && nrow(value)) {
    v <- value
    num <- vapply(v, is.numeric, TRUE)
    if (any(num)) {
      v1 <- v
      v1[[which(num)[1]]][1] <- -1
      v2 <- v
      v2[[which(num)[1]]][1] <- NaN
      p <- c(p, list("data frame with -1" = v1, "data frame with NaN" = v2,
                     "data frame, no rows" = v[0, , drop = FALSE]))
    }
  }
  p
}

# Forge: change a field keeping class and attributes (seal included).
fz_forge <- function(x, field, value) {
  at <- attributes(x)
  y <- unclass(x)
  y[field] <- list(value)
  at$names <- names(y)
  attributes(y) <- at
  y
}

# Every call that takes the object, as a named list of functions of it.
fz_object_uses <- function(x) {
  m <- lmu_ltau()
  uses <- list(print = function(o) print(o), update = function(o) update(o))
  if (inherits(x, "muonphilic_experiment")) {
    mass <- if (inherits(x, "muonphilic_na64mu")) c(50, 150) else c(15, 150)
    uses <- c(uses, list(
      expected_counts = function(o) expected_counts(o, m, c(0, 5e-4), mass),
      count_terms = function(o) count_terms(o, m, mass),
      background_counts = function(o) background_counts(o),
      statistic = function(o) statistic(o)))
  } else if (inherits(x, "muonphilic_nucleus")) {
    uses <- c(uses, list(
      helm_form_factor = function(o) helm_form_factor(o, c(1, 30)),
      cevns_xsec = function(o) cevns_xsec(o, m, 5e-4, 15, "mu", 30, c(1, 10)),
      spallation_counts = function(o) {
        expected_counts(spallation_detector("ESS10", target = o), m, 5e-4, 15)
      }))
  } else if (inherits(x, "muonphilic_target")) {
    uses <- c(uses, list(
      photon_flux_chi = function(o) photon_flux_chi(c(15, 150), target = o),
      na64mu_counts = function(o) {
        expected_counts(na64mu(xsec = "paper", target = o, bin_edges_gev = c(10, 50, 100)),
                        m, 1e-3, 100)
      }))
  }
  uses
}

# A result's problem (NULL when well formed).
fz_object_result_problem <- function(use, res) {
  vals <- switch(use,
    expected_counts = res$counts,
    count_terms = as.vector(res),
    background_counts = res,
    cevns_xsec = if (is.data.frame(res)) res[[ncol(res)]] else res,
    helm_form_factor = res,
    photon_flux_chi = res,
    spallation_counts = res$counts,
    na64mu_counts = res$counts,
    NULL)
  if (is.null(vals)) return(NULL)
  if (!is.numeric(vals)) return(sprintf("%s returned %s", use, class(vals)[1]))
  if (anyNA(vals) || any(!is.finite(vals))) return(sprintf("%s returned non-finite values", use))
  if (use %in% c("expected_counts", "background_counts", "spallation_counts",
                 "na64mu_counts", "photon_flux_chi") && any(vals < 0)) {
    return(sprintf("%s returned negative values", use))
  }
  NULL
}

# One call, classified like fz_call_one(): "ok", "input", "numeric", "FAIL".
fz_object_call <- function(f) {
  warns <- character()
  r <- withCallingHandlers(
    tryCatch({
      out <- NULL
      utils::capture.output(out <- f())
      list(value = out)
    }, error = function(e) list(error = e)),
    warning = function(w) {
      warns <<- c(warns, conditionMessage(w))
      invokeRestart("muffleWarning")
    },
    message = function(m) invokeRestart("muffleMessage"))
  if (!is.null(r$error)) {
    e <- r$error
    if (inherits(e, "muonphilic_error_input")) return(list(outcome = "input", msg = conditionMessage(e)))
    if (inherits(e, "muonphilic_error_numeric")) return(list(outcome = "numeric", msg = conditionMessage(e)))
    return(list(outcome = "FAIL", msg = paste0("unclassed error <", class(e)[1], ">: ",
                                                conditionMessage(e))))
  }
  if (length(warns)) return(list(outcome = "FAIL", msg = paste("warning:", warns[1])))
  list(outcome = "ok", value = r$value, msg = "")
}

# The mutation list: data frame of (object, field, value label, route).
fz_object_mutations <- function(objs) {
  rows <- list()
  for (on in names(objs)) {
    x <- objs[[on]]
    for (f in names(unclass(x))) {
      labs <- names(fz_field_pool(x[[f]]))
      rows[[length(rows) + 1L]] <- data.frame(
        object = on, field = f, value = rep(labs, 2L),
        route = rep(c("set", "forge"), each = length(labs)), stringsAsFactors = FALSE)
    }
  }
  do.call(rbind, rows)
}

# Run mutations; returns one row per call made: object, field, value,
# route, use, outcome, message.
fz_run_object_mutations <- function(n = Sys.getenv("MUONPHILIC_FUZZ_OBJECTS", "100"),
                                    seed = 20261201L) {
  objs <- lapply(fz_object_targets(), eval, envir = environment(fz_spec))
  muts <- fz_object_mutations(objs)
  if (!identical(n, "all")) {
    n <- min(nrow(muts), as.integer(n))
    muts <- withr::with_seed(seed, muts[sort(sample.int(nrow(muts), n)), , drop = FALSE])
  }
  out <- vector("list", nrow(muts))
  for (i in seq_len(nrow(muts))) {
    mu <- muts[i, ]
    x <- objs[[mu$object]]
    v <- fz_field_pool(x[[mu$field]])[[mu$value]]
    made <- if (mu$route == "set") {
      fz_object_call(function() {
        y <- x
        y[[mu$field]] <- v
        y
      })
    } else {
      list(outcome = "ok", value = fz_forge(x, mu$field, v), msg = "")
    }
    res <- data.frame(object = mu$object, field = mu$field, value = mu$value,
                      route = mu$route, use = "assign", outcome = made$outcome,
                      message = made$msg, stringsAsFactors = FALSE)
    if (made$outcome == "ok") {
      y <- made$value
      uses <- fz_object_uses(y)
      for (u in names(uses)) {
        o <- fz_object_call(function() uses[[u]](y))
        if (o$outcome == "ok") {
          p <- fz_object_result_problem(u, o$value)
          if (length(p)) o <- list(outcome = "FAIL", msg = p)
        }
        res <- rbind(res, data.frame(object = mu$object, field = mu$field, value = mu$value,
                                     route = mu$route, use = u, outcome = o$outcome,
                                     message = o$msg, stringsAsFactors = FALSE))
      }
    }
    out[[i]] <- res
  }
  do.call(rbind, out)
}

# Specs (for the exported replacement and update methods) of the generic
# fuzzer: the object is valid, field and value are fuzzed.
fz_check_same_class <- function(res, args) {
  obj <- args$x %||fz% args$object
  if (!inherits(res, class(obj)[1])) return("the result lost the object's class")
  NULL
}

# Other objects of the same class, tried in place of the default one.
fz_other_objects <- list(
  muonphilic_experiment = list("xenon" = quote(xenon_detector("DARWIN", n_bins = 1L)),
                               "na64mu" = quote(na64mu())),
  muonphilic_nucleus = list("Xe" = quote(nucleus("Xe"))),
  muonphilic_target = list("W" = quote(target_material("W"))))

fz_object_arg <- function(obj, cls) fz_arg(obj, "any", generic = FALSE,
                                            values = fz_other_objects[[cls]])

fz_object_spec <- function(obj, field, value, call, generic_name = TRUE,
                           cls = "muonphilic_experiment") {
  # `$<-` takes a name, never a value: only strings are tried there
  fz_spec(x = fz_object_arg(obj, cls),
          name = fz_arg(field, "string", generic = generic_name),
          value = fz_arg(value, "any"),
          call = call, check = fz_check_same_class, n_random = 10L)
}

fz_set_dollar <- function(x, name, value) do.call("$<-", list(x, name, value))
fz_set_double <- function(x, name, value) {
  x[[name]] <- value
  x
}
fz_set_single <- function(x, name, value) {
  x[name] <- list(value)
  x
}
fz_update_one <- function(x, name, value) {
  if (!is.character(name) || length(name) != 1L || is.na(name) || !nzchar(name)) {
    return(update(x, value))
  }
  do.call(stats::update, c(list(x), stats::setNames(list(value), name)))
}

delayedAssign("fz_specs_objects", {
  exp <- quote(spallation_detector("ESS10"))
  nuc <- quote(nucleus("Ar40"))
  tgt <- quote(target_material("Pb"))
  single <- fz_spec(x = fz_object_arg(exp, "muonphilic_experiment"),
                    name = fz_arg("years", "string"), value = fz_arg(2, "any"),
                    call = fz_set_single, check = fz_any(), default_valid = FALSE,
                    n_random = 5L)
  list(
    `$<-.muonphilic_experiment` = fz_object_spec(exp, "years", 2, fz_set_dollar, FALSE),
    `[[<-.muonphilic_experiment` = fz_object_spec(exp, "mass_t", 5, fz_set_double),
    `[<-.muonphilic_experiment` = single,
    `$<-.muonphilic_nucleus` = fz_object_spec(nuc, "abundance", 1, fz_set_dollar, FALSE, "muonphilic_nucleus"),
    `[[<-.muonphilic_nucleus` = fz_object_spec(nuc, "mass_gev", 37.2, fz_set_double, cls = "muonphilic_nucleus"),
    `[<-.muonphilic_nucleus` = local({
      s <- single
      s$args$x <- fz_object_arg(nuc, "muonphilic_nucleus")
      s
    }),
    `$<-.muonphilic_target` = fz_object_spec(tgt, "density_gcm3", 11, fz_set_dollar, FALSE, "muonphilic_target"),
    `[[<-.muonphilic_target` = fz_object_spec(tgt, "z", 74, fz_set_double, cls = "muonphilic_target"),
    `[<-.muonphilic_target` = local({
      s <- single
      s$args$x <- fz_object_arg(tgt, "muonphilic_target")
      s
    }),
    update.muonphilic_experiment = fz_spec(
      object = fz_object_arg(exp, "muonphilic_experiment"),
      name = fz_arg("years", "string"), value = fz_arg(3, "any"),
      call = function(object, name, value) fz_update_one(object, name, value),
      check = fz_check_same_class, default_valid = TRUE, n_random = 10L),
    update.muonphilic_nucleus = fz_spec(
      object = fz_object_arg(nuc, "muonphilic_nucleus"),
      name = fz_arg("abundance", "string"), value = fz_arg(1, "any"),
      call = function(object, name, value) fz_update_one(object, name, value),
      check = fz_check_same_class, n_random = 10L),
    update.muonphilic_target = fz_spec(
      object = fz_object_arg(tgt, "muonphilic_target"),
      name = fz_arg("z", "string"), value = fz_arg(74, "any"),
      call = function(object, name, value) fz_update_one(object, name, value),
      check = fz_check_same_class, n_random = 10L)
  )
})

# The contract generics added with statistic "custom" (no package experiment
# uses it: nuisance_m2ll() must refuse with its contract error).
delayedAssign("fz_specs_contract_custom", list(
  observed_counts = fz_spec(
    x = fz_arg(quote(spallation_detector("ESS10")), "experiment"),
    check = function(res, args) {
      if (!is.null(res) && (!is.numeric(res) || anyNA(res) || any(res < 0))) {
        "observed_counts(): neither NULL nor non-negative counts"
      }
    }),
  nuisance_m2ll = fz_spec(
    x = fz_arg(quote(spallation_detector("ESS10")), "experiment"),
    data = fz_arg(c(1, 2, 3, 4), "count"),
    predicted = fz_arg(matrix(1, 4, 2), "any"),
    saturated = fz_arg(TRUE, "flag"),
    allow = "muonphilic_error_contract", default_valid = FALSE, n_random = 10L,
    check = fz_numeric())
))
