# reproduce_paper(): every figure of SPEC section 8 plus a claims table.
#
# Each domain contributes internal functions named
#   paper_figure_<NN>(quick)  -> a ggplot object (or NULL when unavailable)
#   paper_claims_<domain>(quick) -> data.frame(claim, paper, ours, agrees)
# which reproduce_paper() discovers in the namespace, so experiments add
# figures without touching this file.

#' Reproduce the paper's figures and quantitative claims
#'
#' Writes every figure the package can make (Figs. 1 and 4-14 of the paper,
#' as the experiments exist) as PNG into `dir`, and `claims.csv`: one row per
#' quantitative statement of the paper with the paper's value, ours, and
#' whether they agree.
#'
#' @param dir output directory (created if needed).
#' @param quick use coarser grids (for tests and examples).
#' @param figures optional vector of figure numbers to make (default all).
#' @return Invisibly, a list with `files` (the PNGs written) and `claims`
#'   (the claims data frame).
#' @examples
#' \donttest{
#' out <- reproduce_paper(file.path(tempdir(), "figs"), quick = TRUE, figures = 1)
#' out$claims
#' }
#' @export
reproduce_paper <- function(dir = "paper-figures", quick = FALSE, figures = NULL) {
  if (!is.character(dir) || length(dir) != 1L || is.na(dir) || !nzchar(dir)) {
    mp_abort("`dir` must be one directory path, not %s.", mp_describe(dir))
  }
  check_flag(quick, "quick")
  if (!is.null(figures)) figures <- check_number(figures, "figures", lower = 1, upper = 14)
  need_ggplot2()
  dir.create(dir, showWarnings = FALSE, recursive = TRUE)
  ns <- asNamespace("muonphilic")
  fig_fns <- sort(ls(ns, pattern = "^paper_figure_[0-9]+$", all.names = TRUE))
  files <- character()
  t0 <- proc.time()[["elapsed"]]
  for (fn in fig_fns) {
    num <- as.integer(sub("paper_figure_", "", fn))
    if (!is.null(figures) && !num %in% figures) next
    t1 <- proc.time()[["elapsed"]]
    p <- get(fn, envir = ns)(quick = quick)
    if (is.null(p)) {
      cli::cli_inform("Figure {num}: skipped (its experiment is not available).")
      next
    }
    file <- file.path(dir, sprintf("fig%02d.png", num))
    w <- attr(p, "mp_width") %||% 8
    h <- attr(p, "mp_height") %||% 5
    ggplot2::ggsave(file, p, width = w, height = h, dpi = 110)
    files <- c(files, file)
    cli::cli_inform("Figure {num}: {file} ({round(proc.time()[['elapsed']] - t1, 1)} s)")
  }
  claim_fns <- sort(ls(ns, pattern = "^paper_claims_", all.names = TRUE))
  claims <- do.call(rbind, lapply(claim_fns, function(fn) get(fn, envir = ns)(quick = quick)))
  if (is.null(claims)) {
    claims <- data.frame(claim = character(), paper = character(), ours = character(),
                         agrees = logical())
  }
  utils::write.csv(claims, file.path(dir, "claims.csv"), row.names = FALSE)
  cli::cli_inform("claims.csv: {nrow(claims)} claims, {sum(claims$agrees)} agree; total {round(proc.time()[['elapsed']] - t0, 1)} s")
  invisible(list(files = files, claims = claims))
}

`%||%` <- function(a, b) if (is.null(a)) b else a

# One claims row.
claim_row <- function(claim, paper, ours, agrees) {
  data.frame(claim = claim, paper = as.character(paper), ours = as.character(ours),
             agrees = isTRUE(agrees), stringsAsFactors = FALSE)
}

# Figure 1: the (g-2)mu band with the benchmark points.
paper_figure_01 <- function(quick = FALSE) {
  m <- 10^seq(0, 3, length.out = if (quick) 40 else 200)
  p <- autoplot.muonphilic_gm2_band(gm2_band(m, n_sigma = c(1, 2)))
  p
}

paper_claims_model <- function(quick = FALSE) {
  eps_g <- kinetic_mixing(lmu_ltau(mixing_loop()), 1)
  br1 <- branching_invisible(lmu_ltau(), 1500)
  br2 <- branching_invisible(lmu(), 1500)
  bp <- benchmark_points()
  band <- gm2_band(bp$mass_mev, n_sigma = 2)
  rbind(
    claim_row("loop-induced kinetic mixing eps/g for LmuLtau (Eq. 11)", "-1/70",
              sprintf("-1/%.2f", -1 / eps_g), abs(-1 / eps_g - 70) < 1),
    claim_row("BR_inv of LmuLtau above the dimuon threshold", "0.5",
              sprintf("%.3f at 1.5 GeV", br1), abs(br1 - 0.5) < 0.02),
    claim_row("BR_inv of Lmu above the dimuon threshold", "0.33",
              sprintf("%.3f at 1.5 GeV", br2), abs(br2 - 1 / 3) < 0.02),
    claim_row("BP1-BP4 lie in the 2 sigma (g-2)mu band (Table 1, Fig. 1)", "yes",
              paste(ifelse(bp$g > band$g_low & bp$g < band$g_high, "in", "out"),
                    collapse = "/"),
              all(bp$g > band$g_low & bp$g < band$g_high))
  )
}
