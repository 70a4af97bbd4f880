# The spline tables of the exact profiles where the counts are not a
# polynomial in g (NA64mu above 2 m_mu): built once per experiment and
# mass, read by the C profile and by the CLs and custom-statistic paths.

# Where the counts are not a polynomial in g (NA64mu above 2 m_mu), a table
# per experiment and mass: expected_counts() at g = 0 and on 81 couplings
# from 1e-8 to 1 (0.1 decades), interpolated per bin by natural cubic
# splines in log g (of log counts where positive: the escape factor is
# smooth, so the interpolation error is far below 1e-4; checked in
# test-limits.R). The exact profiles (in C) search these couplings only.
table_u <- function() seq(-8, 0, by = 0.1)

# The table values [bin, 1 + node, mass] of experiment e at masses js (g = 0
# first): one expected_counts() call for every mass not yet in the memo
# (keyed by the mass value, so likelihoods on other masses may share it).
table_nodes <- function(lik, e, js) {
  nb <- lik$infos[[e]]$n_bin
  gg <- c(0, 10^table_u())
  n_g <- length(gg)
  keys <- paste("nodes", e, format(lik$mass_mev[js], digits = 17))
  memo <- lik$memo
  have <- if (is.null(memo)) rep(FALSE, length(js)) else
    vapply(keys, exists, logical(1), envir = memo, inherits = FALSE)
  out <- array(0, c(nb, n_g, length(js)))
  for (k in which(have)) out[, , k] <- memo[[keys[k]]]
  miss <- which(!have)
  if (length(miss)) {
    m <- lik$mass_mev[js[miss]]
    df <- do.call(expected_counts, c(list(lik$experiments[[e]], lik$model,
                                          g = rep(gg, length(m)), mass_mev = rep(m, each = n_g)),
                                     lik$dots))
    name <- names(lik$experiments)[e]
    fast <- is.data.frame(df) && nrow(df) == nb * n_g * length(m) &&
      identical(as.double(df$g), rep(gg, length(m), each = nb)) &&
      identical(as.double(df$mass_mev), rep(m, each = nb * n_g)) &&
      identical(as.integer(df$bin), rep(seq_len(nb), n_g * length(m)))
    vals <- if (fast) {
      array(df$counts, c(nb, n_g, length(m)))
    } else {
      # any row order the contract allows: one mass at a time
      vapply(m, function(mm) {
        exact_matrix(df[df$mass_mev == mm, , drop = FALSE], gg, nb, name)
      }, matrix(0, nb, n_g))
    }
    dim(vals) <- c(nb, n_g, length(m))
    out[, , miss] <- vals
    if (!is.null(memo)) {
      for (k in seq_along(miss)) assign(keys[miss[k]], vals[, , k], envir = memo)
    }
  }
  out
}

# The table of experiment e at mass j as R functions (the CLs and custom
# statistics paths evaluate it in R; the same splines as in C).
pred_table <- function(lik, e, j) {
  key <- paste("table", e, format(lik$mass_mev[j], digits = 17))
  tab <- if (is.null(lik$memo)) NULL else lik$memo[[key]]
  if (!is.null(tab)) return(tab)
  u <- table_u()
  p <- table_nodes(lik, e, j)[, , 1]
  dim(p) <- c(lik$infos[[e]]$n_bin, length(u) + 1L)
  fun <- lapply(seq_len(nrow(p)), function(b) {
    y <- p[b, -1]
    if (all(y > 0)) {
      f <- stats::splinefun(u, log(y), method = "natural")
      function(v) exp(f(v))
    } else {
      stats::splinefun(u, y, method = "natural")
    }
  })
  tab <- list(lo = 10^min(u), hi = 10^max(u), zero = p[, 1], fun = fun)
  if (!is.null(lik$memo)) assign(key, tab, envir = lik$memo)
  tab
}

# -2 ln L of experiment e at mass j for couplings g (data: the scan's, or
# e.g. Asimov or toy data).
lik_m2ll <- function(lik, e, j, g, data = lik$data[[e]]) {
  info <- lik$infos[[e]]
  if (lik_in_c(lik, e, j)) {
    t <- lik$terms[[e]]
    return(as.vector(.Call(ffi_m2ll_terms, info$code, as.double(t$terms[, , j]), t$powers,
                           as.double(g), as.double(data), as.double(info$background),
                           as.double(info$sigma_sys), lik$saturated)))
  }
  m2ll_matrix(info, as.double(data), lik_pred(lik, e, j, g), lik$saturated)
}
