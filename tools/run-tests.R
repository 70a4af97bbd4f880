# Run the testthat suite against the package installed in .lib; exit 1 on
# any failure or error, or a deprecation warning escaping a test.
lib <- file.path(getwd(), ".lib")
.libPaths(c(lib, .libPaths()))
library(testthat)
Sys.setenv(NOT_CRAN = "true")
library(muonphilic, lib.loc = lib)
t0 <- proc.time()[["elapsed"]]
res <- testthat::test_dir("tests/testthat", package = "muonphilic",
                          load_package = "installed", stop_on_failure = FALSE,
                          reporter = testthat::ProgressReporter$new(show_praise = FALSE))
df <- as.data.frame(res)
cat(sprintf("\n%d tests files, %d expectations, %d failed, %d errors, %d skipped, %.1f s\n",
            length(unique(df$file)), sum(df$nb), sum(df$failed), sum(df$error),
            sum(df$skipped), proc.time()[["elapsed"]] - t0))
# The package's own code and tests use the current argument names: a
# deprecation warning that escapes a test (not caught by expect_warning()
# or expect_snapshot()) is a failure.
deprecated <- unlist(lapply(res, function(t) {
  vapply(Filter(function(r) inherits(r, "expectation_warning") &&
                  grepl("deprecated", conditionMessage(r), fixed = TRUE), t$results),
         function(r) sprintf("%s: %s", t$file, conditionMessage(r)), character(1))
}))
if (length(deprecated)) {
  cat("Deprecation warnings escaped from tests:\n", paste0("  ", deprecated, "\n"), sep = "")
}
if (sum(df$failed) > 0 || any(df$error) || length(deprecated)) quit(status = 1)
