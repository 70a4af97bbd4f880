# Benchmark: NA64mu spectra of the four benchmark points and a 100 x 100
# (g, M) Poisson -2 ln L grid built from count_terms() (one set of integrals
# per mass). Loads the installed package, prints timings, asserts nothing.
suppressPackageStartupMessages(library(muonphilic))

# median over `reps` timings of `inner` back-to-back evaluations, per evaluation
timeit <- function(label, expr, reps = 5L, inner = 10L) {
  e <- substitute(expr)
  env <- parent.frame()
  t <- vapply(seq_len(reps), function(i) {
    system.time(for (j in seq_len(inner)) eval(e, env))[["elapsed"]] / inner
  }, 0)
  cat(sprintf("%-58s median %9.2f ms (min %.2f; %d x %d runs)\n", label,
              1e3 * stats::median(t), 1e3 * min(t), reps, inner))
  invisible(stats::median(t))
}

bp <- benchmark_points()
ex <- na64mu(xsec = "paper")

timeit("photon_flux_chi() at the four BPs",
       photon_flux_chi(bp$mass_mev), reps = 20L)
timeit("expected_counts(): four BPs x 9 bins",
       expected_counts(ex, lmu_ltau(), bp$g, bp$mass_mev), reps = 20L)
timeit("na64mu_spectrum(): four BPs (161 energies + 16 bins each)",
       na64mu_spectrum(ex, lmu_ltau(), bp$g, bp$mass_mev, label = bp$benchmark))

# 100 x 100 grid around BP4, Asimov data at BP4
g_grid <- 10^seq(-4, -2, length.out = 100)
m_grid <- 10^seq(0, log10(2000), length.out = 100)
n_obs <- expected_counts(ex, lmu_ltau(), bp$g[4], bp$mass_mev[4])$counts
grid <- function() {
  terms <- count_terms(ex, lmu_ltau(), m_grid) # 100 sets of integrals
  pow <- attr(terms, "powers")
  m2ll <- matrix(NA_real_, length(g_grid), length(m_grid))
  bkg <- background_counts(ex)
  for (k in seq_along(m_grid)) {
    mu <- outer(terms[, 1, k], g_grid^pow) + bkg # [bin, g]
    m2ll[, k] <- 2 * colSums(mu - n_obs + n_obs * log(n_obs / mu))
  }
  m2ll
}
timeit("count_terms(): 100 masses (the grid's integrals)",
       count_terms(ex, lmu_ltau(), m_grid))
timeit("100 x 100 (g, M) Poisson -2lnL grid (count_terms + eval)", grid())
timeit("same grid point by point with expected_counts() (exact)",
       expected_counts(ex, lmu_ltau(), rep(g_grid, 100), rep(m_grid, each = 100)),
       reps = 1L, inner = 1L)
d <- grid()
cat(sprintf("grid minimum -2lnL = %.2e at g = %.3g, M = %.3g MeV (truth 1e-3, 100 MeV)\n",
            min(d), g_grid[which(d == min(d), arr.ind = TRUE)[1, 1]],
            m_grid[which(d == min(d), arr.ind = TRUE)[1, 2]]))
