# Benchmarks for CEvNS at spallation sources (prints timings, asserts nothing).
library(muonphilic)
dets <- lapply(c("CENNS610", "ESS10", "CCM", "ESS"), spallation_detector)
bp <- benchmark_points()
tm <- function(expr) unname(system.time(expr)[["elapsed"]])

t_spec <- tm(for (i in 1:10) for (d in dets) {
  expected_counts(d, lmu_ltau(), c(0, bp$g), c(1, bp$mass_mev))
}) / 10
cat(sprintf("SM + 4 BP binned spectra, 4 detectors: %.4f s\n", t_spec))
t_diff <- tm(spallation_spectra(type = "differential", n_grid = 60))
cat(sprintf("SM + 4 BP differential spectra (60 points), 4 detectors: %.3f s\n", t_diff))

masses <- 10^seq(0, 3, length.out = 100)
gs <- 10^seq(-5, -2, length.out = 100)
for (d in dets) {
  t_terms <- tm(tt <- count_terms(d, lmu_ltau(), masses))
  obs <- expected_counts(d, lmu_ltau(), bp$g[1], bp$mass_mev[1])$counts
  bkg <- background_counts(d)
  t_chi <- tm({
    chi <- matrix(NA_real_, length(gs), length(masses))
    for (m in seq_along(masses)) {
      p <- tt[, , m] %*% outer(attr(tt, "powers"), gs, function(p, g) g^p)
      for (k in seq_along(gs)) chi[k, m] <- chi2_pull(obs, p[, k], bkg, d$sigma_sys)
    }
  })
  cat(sprintf("%-8s 100 x 100 (g, M) chi2 grid: count_terms %.3f s + chi2 %.3f s\n",
              d$name, t_terms, t_chi))
}
