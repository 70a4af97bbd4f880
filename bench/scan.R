# Benchmark: cost of a (g, M) likelihood scan. The toy experiments of the
# test suite (tests/testthat/helper-toy.R) compute their count_terms() with
# stats::integrate at every mass (numeric_terms = TRUE), standing in for the
# real integrals. The architecture promises one set of integrals per mass:
# doubling both grid sides (100x100 -> 200x200) must cost ~2x (n_M), not ~4x
# (n_M * n_g). Run from the package root: Rscript bench/scan.R
suppressPackageStartupMessages(library(muonphilic))
# the toys are built with the package's internal new_experiment(), as in the tests
toy_env <- new.env(parent = asNamespace("muonphilic"))
sys.source(file.path("tests", "testthat", "helper-toy.R"), envir = toy_env)
toy_poisson <- toy_env$toy_poisson
toy_chi2 <- toy_env$toy_chi2

experiments <- list(
  poisson = toy_poisson(a_tau = 3, numeric_terms = TRUE, edges = seq(10, 100, length.out = 41)),
  chi2 = toy_chi2(background = 20, numeric_terms = TRUE, edges = seq(20, 100, length.out = 21))
)
truth <- list(g = 1e-3, mass_mev = 30)
data <- lapply(experiments, asimov, model = lmu_ltau(), g = truth$g, mass_mev = truth$mass_mev)

time_scan <- function(xs, d, n) {
  g <- 10^seq(-5, -2, length.out = n)
  m <- 10^seq(0, 3, length.out = n)
  best <- Inf
  for (rep in 1:3) {
    t0 <- proc.time()[["elapsed"]]
    scan_grid(xs, d, lmu_ltau(), g, m)
    best <- min(best, proc.time()[["elapsed"]] - t0)
  }
  best
}

cat(sprintf("%-10s %12s %12s %8s  (best of 3; serial)\n", "scan", "100x100 [s]", "200x200 [s]", "ratio"))
sets <- list(poisson = "poisson", chi2 = "chi2", combined = c("poisson", "chi2"))
for (nm in names(sets)) {
  xs <- experiments[sets[[nm]]]
  d <- data[sets[[nm]]]
  t1 <- time_scan(xs, d, 100)
  t2 <- time_scan(xs, d, 200)
  cat(sprintf("%-10s %12.3f %12.3f %8.2f\n", nm, t1, t2, t2 / t1))
}
cat("ratio ~2: cost grows with the number of masses only (4 would mean one integral per grid point)\n")

# for contrast: the exact path (expected_counts() at every grid point)
g <- 10^seq(-5, -2, length.out = 20)
m <- 10^seq(0, 3, length.out = 20)
t_terms <- system.time(scan_grid(experiments[1], data[1], lmu_ltau(), g, m))[["elapsed"]]
t_exact <- system.time(scan_grid(experiments[1], data[1], lmu_ltau(), g, m, method = "exact"))[["elapsed"]]
cat(sprintf("20x20 poisson toy: count_terms path %.3f s, expected_counts at every point %.3f s (x%.0f)\n",
            t_terms, t_exact, t_exact / max(t_terms, 1e-3)))

# Exact profiles in g: a 200 x 200 (g, M) scan of NA64mu + ESS + DARWIN.
# The profiles (per curve and mass, over g in [0, Inf)) are timed apart from
# the grid scan by recomputing them on the finished scan; they must stay
# within 2x of the grid scan (prints, never asserts). All curves of a scan
# are profiled in one C call (each experiment's -2 ln L on the search grid
# computed once); NA64mu above 2 m_mu on spline tables built in C from one
# expected_counts() call for all masses, which is most of what remains.
real <- list(NA64mu = na64mu(), ESS = spallation_detector("ESS"),
             DARWIN = xenon_detector("DARWIN", analysis = "NR", threshold_kev = 1))
real_data <- lapply(real, asimov, model = lmu_ltau(), g = 6e-4, mass_mev = 25)
n <- as.integer(Sys.getenv("MP_BENCH_N", "200"))
cpu <- function() sum(proc.time()[c("user.self", "sys.self")])
t0 <- cpu()
s <- scan_grid(real, real_data, lmu_ltau(), 10^seq(-5, -2, length.out = n),
               10^seq(0, 3, length.out = n))
t_all <- cpu() - t0
lik <- attr(s, "likelihood")
lik$memo <- new.env(parent = emptyenv()) # nothing cached from the scan
t0 <- cpu()
invisible(muonphilic:::add_profiles(s, lik))
t_prof <- cpu() - t0
cat(sprintf("NA64mu + ESS + DARWIN %dx%d (CPU time): scan with profiles %.2f s, of which exact profiles %.2f s (grid alone %.2f s, ratio %.2f)\n",
            n, n, t_all, t_prof, t_all - t_prof, t_all / (t_all - t_prof)))
t0 <- cpu()
invisible(upper_limit(s))
cat(sprintf("upper_limit() on it (4 curves x %d masses): %.2f s CPU\n", n, cpu() - t0))
