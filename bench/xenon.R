# Timing of the xenon discovery reach (Fig. 11): 4 benchmark points x 3
# analyses x 30 thresholds for DARWIN. Loads the installed package; prints.
library(muonphilic)
options(cli.progress_show_after = Inf)
osc <- oscillation_parameters("desalas2020")
det <- xenon_detector("DARWIN", rate_args = list(oscillation = osc))
bp <- benchmark_points()
tm <- function(expr) system.time(expr)[["elapsed"]]
t_rates <- tm(for (m in bp$mass_mev) for (ch in c("NR", "ER"))
  muonphilic:::rate_terms_on_grid(det, lmu_ltau(), m, ch))
cat(sprintf("solar rate terms, 4 masses x NR/ER on %d-point grids: %.2f s\n",
            det$grid$NR[3], t_rates))
t_lines_cached <- tm(l <- discovery_lines(det))
cat(sprintf("discovery lines, 4 BPs x 3 analyses x 30 thresholds (rates cached): %.2f s (%d rows)\n",
            t_lines_cached, nrow(l)))
muonphilic:::xenon_fold_cache_clear()
t_fig11 <- tm(p <- muonphilic:::paper_figure_11())
cat(sprintf("whole Fig. 11 from scratch (rates + lines + plot object): %.2f s\n", t_fig11))
t_resp <- tm(for (i in 1:100) detector_response(det, threshold_kev = 1))
cat(sprintf("one response matrix (10 bins, NR and ER): %.2f ms\n", 10 * t_resp))
