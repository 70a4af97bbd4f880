# Benchmark: solar rates in xenon (no detector effects). Prints timings.
suppressPackageStartupMessages(library(muonphilic))
time_it <- function(label, expr, reps = 5) {
  t <- system.time(for (i in seq_len(reps)) force(expr()))[["elapsed"]] / reps
  cat(sprintf("%-60s %8.1f ms\n", label, 1000 * t))
}
# Each timing below empties the cache of flux folds first (full cost), unless
# it says "cached folds".
clear <- function() muonphilic:::xenon_fold_cache_clear()
nr_e <- 10^seq(-1, log10(13), length.out = 100)
er_e <- 10^seq(-1, log10(30), length.out = 100)
time_it("SM NR spectrum, 100 energies, all components",
        function() { clear(); xenon_rate(NULL, 0, 15, nr_e, "NR") })
time_it("SM ER spectrum, 100 energies, all components",
        function() { clear(); xenon_rate(NULL, 0, 15, er_e, "ER") })
time_it("BSM NR spectrum (LmuLtau BP1), 100 energies",
        function() { clear(); xenon_rate(lmu_ltau(), 5e-4, 15, nr_e, "NR") })
time_it("BSM ER spectrum (LmuLtau BP1), 100 energies",
        function() { clear(); xenon_rate(lmu_ltau(), 5e-4, 15, er_e, "ER") })
time_it("terms NR, 100 energies x 50 masses (ratio mixing)",
        function() { clear(); muonphilic:::xenon_rate_terms(lmu_ltau(), 10^seq(0, 3, length.out = 50), nr_e, "NR") }, reps = 2)
time_it("terms ER, 100 energies x 50 masses (ratio mixing)",
        function() { clear(); muonphilic:::xenon_rate_terms(lmu_ltau(), 10^seq(0, 3, length.out = 50), er_e, "ER") }, reps = 2)
time_it("terms ER, 100 energies x 5 masses (loop mixing)",
        function() { clear(); muonphilic:::xenon_rate_terms(lmu_ltau(mixing_loop()), c(10, 15, 30, 60, 100), er_e, "ER") }, reps = 1)
time_it("terms NR, 100 energies x 5 masses (loop mixing)",
        function() { clear(); muonphilic:::xenon_rate_terms(lmu_ltau(mixing_loop()), c(10, 15, 30, 60, 100), nr_e, "NR") }, reps = 1)
time_it("flavour_probabilities, 1000 energies (8B)",
        function() flavour_probabilities(10^seq(-1, 1.2, length.out = 1000), "8B"))

# The flux folds (model- and mass-independent) are cached: a fresh setup
# pays them once, after which a mass costs a few products per energy.
darwin <- xenon_detector("DARWIN", analysis = "NR", threshold_kev = 1)
time_it("count_terms DARWIN NR, 1 mass, fresh folds (301-point grids)",
        function() { clear(); count_terms(darwin, lmu(), 10) }, reps = 2)
time_it("count_terms DARWIN NR, 40 masses, fresh folds",
        function() { clear(); count_terms(darwin, lmu(), 10^seq(0.5, 2, length.out = 40)) }, reps = 2)
invisible(count_terms(darwin, lmu(), 10))
k <- 0
time_it("count_terms DARWIN NR, 1 new mass, cached folds",
        function() { k <<- k + 1; count_terms(darwin, lmu(), 10 + k / 100) }, reps = 20)
time_it("count_terms DARWIN NR, 40 new masses, cached folds",
        function() { k <<- k + 1; count_terms(darwin, lmu(), 10^seq(0.5, 2, length.out = 40) + k / 100) }, reps = 5)
time_it("count_terms DARWIN NR, 1 new mass, cached folds, loop mixing",
        function() { k <<- k + 1; count_terms(darwin, lmu(mixing_loop()), 10 + k / 100) }, reps = 20)
