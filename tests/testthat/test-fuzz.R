# Fuzzing every exported function with bad and odd inputs. The specs and
# the runner live in helper-fuzz.R; CONTRIBUTING.md explains how to add a
# spec. Environment variables (all optional):
#   MUONPHILIC_FUZZ_SEED   base seed of the random calls (default 20261125)
#   MUONPHILIC_FUZZ_SCALE  multiplies every spec's number of random calls
#   MUONPHILIC_FUZZ_FRACTION  runs a seeded sample of this fraction of the
#                          single-argument cases (default 1: all)
#   MUONPHILIC_FUZZ_LOG    write every call and its outcome to this CSV file
#   MUONPHILIC_FUZZ_TRACE  append each call to this file *before* making it
#                          (to find the call that crashed R)
#   MUONPHILIC_FUZZ_OBJECTS  number of sampled object mutations (default 100)
#                          or "all" (every field x bad value x route)

test_that("every exported function and registered S3 method has a fuzz spec", {
  specs <- fz_all_specs()
  have <- unique(fz_base_name(names(specs)))
  need <- fz_required_names()
  missing <- setdiff(need, have)
  expect(length(missing) == 0L, sprintf(
    "No fuzz spec for: %s. Add one to a `fz_specs_*` list (see CONTRIBUTING.md).",
    paste(missing, collapse = ", ")))
  stale <- setdiff(have, need)
  expect(length(stale) == 0L, sprintf(
    "Fuzz specs for functions that are not exported: %s.", paste(stale, collapse = ", ")))
  unreg <- fz_unregistered_experiment_classes()
  expect(length(unreg) == 0L, sprintf(
    "Experiment classes with contract methods but no entry in `fz_experiments`: %s.",
    paste(unreg, collapse = ", ")))
})

test_that("the fuzzer's checkers reject malformed results", {
  # each checker must be able to fail
  expect_match(fz_numeric(len = 2L)(c(1, NaN), list()), "NA/NaN")
  expect_match(fz_numeric(len = 2L)(c(1, Inf), list()), "not finite")
  expect_match(fz_numeric(len = 3L)(c(1, 2), list()), "length")
  expect_match(fz_numeric(lower = 0)(-1, list()), "outside")
  expect_match(fz_numeric()(1L, list()), "not a double")
  expect_null(fz_numeric(finite = FALSE)(Inf, list()))
  expect_match(fz_check_widths(data.frame(x = 1), list()), "missing columns")
  expect_match(fz_check_band(gm2_band(lmu_ltau(), 10)[, -3], list(mass_mev = 10, n_sigma = c(1, 2))),
               "missing columns")
  expect_match(fz_check_model(list(), list()), "not muonphilic_model")
  m <- lmu()
  m$charges[["mu"]] <- NaN
  expect_match(fz_check_model(m, list()), "charges")
  # and the runner must flag an unclassed error, a warning and a NaN
  spec <- fz_spec(x = fz_arg(1, "number"), check = fz_numeric(len = 1L))
  expect_equal(fz_call_one(function(x) stop("plain"), list(x = 1), spec)$outcome, "FAIL")
  expect_equal(fz_call_one(function(x) { warning("w"); x }, list(x = 1), spec)$outcome, "FAIL")
  expect_equal(fz_call_one(function(x) NaN, list(x = 1), spec)$outcome, "FAIL")
  expect_equal(fz_call_one(function(x) 2, list(x = 1), spec)$outcome, "ok")
  expect_equal(fz_call_one(function(x) mixing_ratio(x), list(x = NA), spec)$outcome, "input")
})

test_that("fuzzing: every call returns a well-formed result or a classed error", {
  withr::local_dir(withr::local_tempdir())
  specs <- fz_all_specs()
  base <- as.integer(Sys.getenv("MUONPHILIC_FUZZ_SEED", "20261125"))
  scale <- as.numeric(Sys.getenv("MUONPHILIC_FUZZ_SCALE", "1"))
  t0 <- proc.time()[["elapsed"]]
  res <- do.call(rbind, lapply(names(specs), function(nm) {
    fz_run_spec(nm, specs[[nm]], base_seed = base, n_scale = scale)
  }))
  secs <- proc.time()[["elapsed"]] - t0
  for (nm in names(specs)) {
    bad <- res[res$spec == nm & res$outcome == "FAIL", , drop = FALSE]
    expect(nrow(bad) == 0L, sprintf(
      "%s: %d of %d fuzz calls failed, e.g.\n%s", nm, nrow(bad), sum(res$spec == nm),
      paste(sprintf("  %s(%s): %s", fz_base_name(nm), utils::head(bad$label, 8),
                    utils::head(bad$message, 8)), collapse = "\n")))
  }
  frac <- as.numeric(Sys.getenv("MUONPHILIC_FUZZ_FRACTION", "1"))
  expect_gte(nrow(res), if (is.finite(frac) && frac < 1) 500L else 2000L)
  log <- Sys.getenv("MUONPHILIC_FUZZ_LOG")
  if (nzchar(log)) {
    utils::write.csv(res, log, row.names = FALSE)
    tab <- table(res$outcome)
    cat(sprintf("\nfuzz: %d calls in %.1f s: %s\n", nrow(res), secs,
                paste(names(tab), tab, sep = " = ", collapse = ", ")),
        file = paste0(log, ".summary"))
  }
})

test_that("the object-mutation fuzzer's checkers can fail", {
  expect_equal(fz_object_call(function() stop("plain"))$outcome, "FAIL")
  expect_equal(fz_object_call(function() {
    warning("w")
    1
  })$outcome, "FAIL")
  expect_equal(fz_object_call(function() lmu_ltau(NA))$outcome, "input")
  expect_match(fz_object_result_problem("expected_counts", data.frame(counts = c(1, -1))),
               "negative")
  expect_match(fz_object_result_problem("count_terms", array(c(1, NaN))), "non-finite")
  expect_null(fz_object_result_problem("expected_counts", data.frame(counts = c(0, 2))))
  # forging keeps the class and the constructor's record, so methods see it
  f <- fz_forge(spallation_detector("ESS10"), "years", 3)
  expect_s3_class(f, "muonphilic_spallation")
  expect_equal(f$years, 3)
})

test_that("fuzzing package objects field by field: classed errors, no bad counts", {
  t0 <- proc.time()[["elapsed"]]
  res <- fz_run_object_mutations()
  secs <- proc.time()[["elapsed"]] - t0
  bad <- res[res$outcome == "FAIL", , drop = FALSE]
  expect(nrow(bad) == 0L, sprintf(
    "%d of %d calls on mutated objects failed, e.g.\n%s", nrow(bad), nrow(res),
    paste(sprintf("  %s$%s <- %s (%s) then %s: %s", utils::head(bad$object, 8),
                  utils::head(bad$field, 8), utils::head(bad$value, 8),
                  utils::head(bad$route, 8), utils::head(bad$use, 8),
                  utils::head(bad$message, 8)), collapse = "\n")))
  # both routes ran, and the methods were reached on accepted mutations
  expect_setequal(unique(res$route), c("set", "forge"))
  expect_true(any(res$use != "assign"))
  log <- Sys.getenv("MUONPHILIC_FUZZ_LOG")
  if (nzchar(log)) {
    utils::write.csv(res, paste0(log, ".objects.csv"), row.names = FALSE)
    tab <- table(res$outcome)
    cat(sprintf("\nobject fuzz: %d mutations, %d calls in %.1f s: %s\n",
                nrow(unique(res[c("object", "field", "value", "route")])), nrow(res), secs,
                paste(names(tab), tab, sep = " = ", collapse = ", ")),
        file = paste0(log, ".objects.summary"))
  }
})
