# Benchmark: the COHERENT real-data likelihoods (coherent_ar_2020(),
# coherent_csi_2022()): construction, count_terms() per mass, the profiled
# -2 ln L (nuisance_m2ll) per hypothesis, and a 100 x 100 (g, M) scan of
# both on their observed data. Loads the installed package, prints CPU and
# elapsed times, asserts nothing. Run from the package root:
# Rscript bench/coherent.R
suppressPackageStartupMessages(library(muonphilic))

show <- function(label, st) {
  cat(sprintf("%-52s user %6.2f s, elapsed %6.2f s\n", label, st[["user.self"]],
              st[["elapsed"]]))
}

show("coherent_ar_2020()", system.time(ar <- coherent_ar_2020()))
show("coherent_csi_2022()", system.time(csi <- coherent_csi_2022()))
m <- 10^seq(0, 3, length.out = 100)
g <- 10^seq(-5, -1, length.out = 100)
show("count_terms(), Ar, 100 masses", system.time(ct_ar <- count_terms(ar, lmu_ltau(), m)))
show("count_terms(), CsI, 100 masses", system.time(ct_csi <- count_terms(csi, lmu_ltau(), m)))
pred <- function(ct, j) ct[, , j] %*% outer(attr(ct, "powers"), g, function(p, x) x^p)
show("nuisance_m2ll(), Ar, 100 g x 10 masses",
     system.time(for (j in seq(1, 100, by = 10)) nuisance_m2ll(ar, observed_counts(ar), pred(ct_ar, j))))
show("nuisance_m2ll(), CsI, 100 g x 10 masses",
     system.time(for (j in seq(1, 100, by = 10)) nuisance_m2ll(csi, observed_counts(csi), pred(ct_csi, j))))
show("scan_grid(Ar + CsI, observed data), 100 x 100",
     system.time(s <- suppressMessages(scan_grid(list(ar, csi), NULL, lmu_ltau(), g = g,
                                                 mass_mev = m))))
