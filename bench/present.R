# Benchmark: the combined real-data scan of present_day() on a 100 x 100
# (g, M) grid, every experiment of real_data_experiments(), one model; and
# the whole present_day() (two models, no figures). Loads the installed
# package, prints timings, asserts nothing.
suppressPackageStartupMessages(library(muonphilic))

reg <- real_data_experiments()
cat("real-data experiments:", paste(names(reg), collapse = ", "), "\n")
t_build <- system.time(ex <- lapply(reg, function(f) f()))[["elapsed"]]
cat(sprintf("%-58s %8.2f s\n", "building the experiments", t_build))
g <- 10^seq(-5, -1, length.out = 100)
m <- 10^seq(0, 3, length.out = 100)
t_scan <- system.time(s <- scan_grid(ex, NULL, lmu_ltau(), g = g, mass_mev = m,
                                           combine = TRUE))[["elapsed"]]
cat(sprintf("%-58s %8.2f s\n", sprintf("combined scan, %d experiments, 100 x 100, LmuLtau", length(ex)),
            t_scan))
t_pd <- system.time(present_day())[["elapsed"]]
cat(sprintf("%-58s %8.2f s\n", "present_day(): 2 models, 100 x 100 (+3 masses), no files", t_pd))
