# Exact profiles in g of a scan (Eqs. 28-30, 34): the likelihood kept after
# the scan, searches over g in [0, Inf) per mass (in C for Poisson and chi2
# statistics, in R otherwise), best fits, and the local refinement in M.

# ---- exact profiles in g ----------------------------------------------------

# Search grid in log10 g for the exact profiles: g = 0 plus 1e-12 to 10 in
# steps of 0.02 decades (the minimum and crossings are then refined; the
# user's g grid plays no role).
profile_lgrid <- function() seq(-12, 1, by = 0.02)

# Everything a profile, a limit or a goodness of fit needs after the scan:
# experiments, data, count_terms() per experiment (flat [bin, term, mass])
# and which masses they describe exactly.
new_likelihood <- function(ex, model, mass_mev, terms, saturated, dots) {
  n_e <- length(ex$experiments)
  if (is.null(terms)) {
    terms <- rep(list(NULL), n_e)
  }
  for (e in seq_len(n_e)) {
    t <- terms[[e]]
    if (!is.null(t)) {
      dim(t$terms) <- c(ex$infos[[e]]$n_bin, length(t$powers), length(mass_mev))
      terms[[e]] <- t
    }
  }
  names(terms) <- names(ex$experiments)
  list(experiments = ex$experiments, infos = ex$infos, data = ex$data, model = model,
       mass_mev = mass_mev, terms = terms, saturated = saturated, dots = dots,
       memo = new.env(parent = emptyenv()))
}

# Can experiment e at mass j be profiled in C (a polynomial in g and a
# statistic written in C)?
lik_in_c <- function(lik, e, j) {
  t <- lik$terms[[e]]
  !is.null(t) && lik$infos[[e]]$code != 2L && t$exact[j]
}

# Predicted counts without background [bin, g] of experiment e at mass j.
lik_pred <- function(lik, e, j, g) {
  t <- lik$terms[[e]]
  if (!is.null(t) && t$exact[j]) {
    arr <- t$terms
    attr(arr, "powers") <- t$powers
    return(eval_terms(arr, g, j))
  }
  if (is.null(lik$memo)) return(exact_counts(lik, e, j, g))
  tab <- pred_table(lik, e, j)
  inside <- g >= tab$lo & g <= tab$hi
  out <- matrix(0, lik$infos[[e]]$n_bin, length(g))
  out[, g == 0] <- tab$zero
  u <- log10(g[inside])
  for (b in seq_len(nrow(out))) out[b, inside] <- tab$fun[[b]](u)
  rest <- !inside & g != 0
  if (any(rest)) out[, rest] <- exact_counts(lik, e, j, g[rest])
  out
}

exact_counts <- function(lik, e, j, g) {
  df <- do.call(expected_counts, c(list(lik$experiments[[e]], lik$model, g = g,
                                        mass_mev = lik$mass_mev[j]), lik$dots))
  exact_matrix(df, g, lik$infos[[e]]$n_bin, names(lik$experiments)[e])
}

# The C description of experiment e at masses js (ffi_profile_curves): the
# count_terms() coefficients, and the spline table at the masses where they
# are not exact.
lik_spec <- function(lik, e, js, data = lik$data[[e]]) {
  info <- lik$infos[[e]]
  t <- lik$terms[[e]]
  use_tab <- if (is.null(t)) rep(TRUE, length(js)) else !t$exact[js]
  terms <- if (is.null(t)) array(0, c(info$n_bin, 1L, length(js))) else t$terms[, , js, drop = FALSE]
  powers <- if (is.null(t)) 0 else t$powers
  tab <- NULL
  if (any(use_tab)) {
    tab <- array(0, c(info$n_bin, length(table_u()) + 1L, length(js)))
    tab[, , use_tab] <- table_nodes(lik, e, js[use_tab])
  }
  u <- table_u()
  list(info$code, as.double(terms), as.double(powers), as.double(data),
       as.double(info$background), as.double(info$sigma_sys), lik$saturated,
       tab, use_tab, c(u[1], u[2] - u[1]))
}

# Profile of a sum of experiments (`members`, indices) at mass j by
# numerical search in R (custom statistics): the same search as in C
# (ffi_profile_curves), on a coarser grid of 0.05 decades from 1e-8 to 1,
# refined with optimize()/uniroot(). Returns g_hat, m2ll_hat, m2ll_zero,
# g_cross (the smallest g above which every coupling up to 1 is excluded),
# g_first (the first crossing above g_hat) and n_allowed (allowed intervals
# at and above g_hat).
profile_numeric <- function(lik, members, j, target = NA_real_, data = NULL) {
  f <- function(g) {
    Reduce(`+`, lapply(members, function(e) {
      lik_m2ll(lik, e, j, g, if (is.null(data)) lik$data[[e]] else data[[e]])
    }))
  }
  # each evaluation may be a full expected_counts() call: a coarser grid;
  # each experiment's values there are kept (scan data only), so curves
  # sharing an experiment and later limits reuse them
  lg <- seq(-8, 0, by = 0.05)
  gg <- c(0, 10^lg)
  v <- Reduce(`+`, lapply(members, function(e) {
    if (!is.null(data)) return(lik_m2ll(lik, e, j, gg, data[[e]]))
    if (is.null(lik$memo)) return(lik_m2ll(lik, e, j, gg))
    key <- paste("grid", e, format(lik$mass_mev[j], digits = 17))
    val <- lik$memo[[key]]
    if (is.null(val)) {
      val <- lik_m2ll(lik, e, j, gg)
      assign(key, val, envir = lik$memo)
    }
    val
  }))
  f0 <- v[1]
  v <- v[-1]
  if (anyNA(v) || is.na(f0)) {
    mp_abort("The likelihood is NaN on the search grid in g.", class = "muonphilic_error_numeric",
             call = NULL)
  }
  n <- length(lg)
  i <- which.min(v)
  tie <- if (is.finite(f0)) 1e-9 * (1 + abs(f0)) else 0
  if (!length(i) || f0 <= v[i] + tie) {
    g_hat <- 0
    m_hat <- f0
  } else if (i == 1L || i == n) {
    g_hat <- 10^lg[i]
    m_hat <- v[i]
  } else {
    o <- stats::optimize(function(u) f(10^u), lg[c(i - 1L, i + 1L)], tol = 1e-5)
    if (o$objective < v[i]) {
      g_hat <- 10^o$minimum
      m_hat <- o$objective
    } else {
      g_hat <- 10^lg[i]
      m_hat <- v[i]
    }
  }
  out <- c(g_hat = g_hat, m2ll_hat = m_hat, m2ll_zero = f0, g_cross = NA_real_,
           g_first = NA_real_, n_allowed = NA_real_)
  if (!is.finite(target) || !is.finite(m_hat)) return(out)
  h <- function(u) {
    r <- f(10^u) - m_hat - target
    if (is.infinite(r)) 1e300 else r
  }
  lo_hat <- if (g_hat > 0) log10(g_hat) else -Inf
  cross <- function(lo, k) {
    # the crossing between an allowed point lo (log10 g) and grid point k
    if (!is.finite(lo)) return(10^lg[k]) # below the grid
    # the grid values and single evaluations may differ by rounding where
    # a point sits on the threshold: no sign change means the crossing is
    # at that end
    h_lo <- h(lo)
    h_hi <- h(lg[k])
    if (h_hi <= 0) return(10^lg[k])
    if (h_lo >= 0) return(10^lo)
    10^stats::uniroot(h, c(lo, lg[k]), f.lower = h_lo, f.upper = h_hi, tol = 1e-7)$root
  }
  d <- v - m_hat - target
  above <- which(lg > lo_hat)
  # the first crossing above the best fit
  k <- above[d[above] >= 0][1]
  out[["g_first"]] <- if (is.na(k)) Inf else cross(if (k > above[1]) lg[k - 1L] else lo_hat, k)
  # the last allowed point: grid points, or excluded local minima whose
  # parabolic estimate comes within `target` of the threshold, searched
  # between their neighbours (an island narrower than the grid step)
  ua <- lo_hat
  ib <- above[1]
  count <- 1
  allowed <- TRUE
  for (i in above) {
    if (d[i] < 0) {
      if (!allowed) count <- count + 1
      allowed <- TRUE
      ua <- lg[i]
      ib <- i + 1L
      next
    }
    allowed <- FALSE
    if (!(i > above[1] && i < n && v[i] <= v[i - 1L] && v[i] <= v[i + 1L])) next
    # the vertex of the parabola through the three grid values estimates the
    # valley's floor (exact for a quadratic valley in log g)
    c2 <- v[i + 1L] - 2 * v[i] + v[i - 1L]
    est <- if (is.finite(c2) && c2 > 0) d[i] - (v[i + 1L] - v[i - 1L])^2 / (8 * c2) else d[i]
    if (est < target) {
      o <- stats::optimize(h, lg[c(i - 1L, i + 1L)], tol = 1e-7)
      if (o$objective < 0) {
        count <- count + 1
        ua <- o$minimum
        ib <- i + 1L
      }
    }
  }
  out[["n_allowed"]] <- count
  out[["g_cross"]] <- if (is.na(ib) || ib > n) Inf else cross(ua, ib)
  out
}

# Exact profiles of curves (each a sum of experiments, `curves` a list of
# member indices) at every mass: a list of matrices [mass, g_hat / m2ll_hat /
# m2ll_zero / g_cross / g_first / n_allowed]. `target` is a Delta(-2 ln L)
# threshold (or NA): g_cross is the smallest g above which every coupling
# is excluded, g_first the first crossing above g_hat, n_allowed the number
# of allowed intervals at and above g_hat (interference can open a second). One C call for every curve whose statistics are written
# in C (each experiment's -2 ln L on the search grid computed once and
# shared); custom statistics are searched in R.
profile_curves <- function(lik, curves, target = NA_real_, data = NULL, js = NULL) {
  n_m <- length(lik$mass_mev)
  if (is.null(js)) js <- seq_len(n_m)
  out <- rep(list(matrix(NA_real_, length(js), 6L,
                         dimnames = list(NULL, c("g_hat", "m2ll_hat", "m2ll_zero", "g_cross",
                                                 "g_first", "n_allowed")))),
             length(curves))
  in_c <- vapply(curves, function(members) {
    all(vapply(members, function(e) lik$infos[[e]]$code != 2L, logical(1)))
  }, logical(1))
  if (any(in_c)) {
    used <- sort(unique(unlist(curves[in_c])))
    specs <- lapply(used, function(e) {
      lik_spec(lik, e, js, if (is.null(data)) lik$data[[e]] else data[[e]])
    })
    idx <- lapply(curves[in_c], function(members) match(members, used))
    res <- mp_call(.Call(ffi_profile_curves, specs, idx, profile_lgrid(), as.double(target)))
    for (k in seq_along(idx)) out[[which(in_c)[k]]][] <- res[, , k]
  }
  for (i in which(!in_c)) {
    for (k in seq_along(js)) out[[i]][k, ] <- profile_numeric(lik, curves[[i]], js[k], target, data)
  }
  out
}

# Exact profile of one curve (sum of `members`) at every mass (see
# profile_curves()).
profile_curve <- function(lik, members, target = NA_real_, data = NULL, js = NULL) {
  profile_curves(lik, list(members), target, data, js)[[1]]
}

# The members (experiment indices) of every curve of a scan.
scan_members <- function(scan) {
  exps <- attr(scan, "experiments")
  c(stats::setNames(as.list(seq_along(exps)), exps),
    lapply(attr(scan, "combinations"), function(m) match(m, exps)),
    list(total = seq_along(exps)))
}

# Attach the exact profiles in g to a scan: attribute `profile` (one row per
# curve and mass: g_hat, m2ll_hat, m2ll_zero) and `likelihood`.
add_profiles <- function(scan, lik) {
  members <- scan_members(scan)
  # curves with the same members (a combination of all experiments and the
  # total) share one profile; all are profiled in one pass
  keys <- vapply(members, function(m) paste(sort(m), collapse = ","), character(1))
  first <- !duplicated(keys)
  prof1 <- profile_curves(lik, members[first])
  names(prof1) <- keys[first]
  prof <- do.call(rbind, lapply(names(members), function(cv) {
    p <- prof1[[keys[[cv]]]]
    data.frame(curve = cv, mass_mev = lik$mass_mev, g_hat = p[, "g_hat"],
               m2ll_hat = p[, "m2ll_hat"], m2ll_zero = p[, "m2ll_zero"],
               stringsAsFactors = FALSE)
  }))
  rownames(prof) <- NULL
  attr(scan, "profile") <- prof
  attr(scan, "likelihood") <- lik
  attr(scan, "best_fit") <- best_fits(scan)
  scan
}

# Best fit of every curve from its exact profile: g exact, M on the mass
# grid (or refined). A best fit at an end of the mass grid is flagged (and
# warned about) when it beats every interior mass by more than `edge_tol`
# in -2 ln L and -2 ln L still falls one grid step beyond the edge: a flat
# direction (M unconstrained, e.g. NA64mu well below its reach) or a
# minimum right at the edge is no reason to widen the grid.
best_fits <- function(scan, edge_tol = 0.01) {
  prof <- attr(scan, "profile")
  mins <- attr(scan, "minimum")
  grid <- attr(scan, "grid")
  out <- do.call(rbind, lapply(unique(prof$curve), function(cv) {
    p <- prof[prof$curve == cv, ]
    i <- which.min(p$m2ll_hat)
    if (!length(i)) i <- 1L
    r <- mins[mins$curve == cv, ]
    refined <- nrow(r) == 1L && isTRUE(r$refined) && r$m2ll <= p$m2ll_hat[i]
    edge <- !refined && (i == 1L || i == nrow(p)) && nrow(p) > 2L &&
      min(p$m2ll_hat[-c(1L, nrow(p))]) - p$m2ll_hat[i] > edge_tol
    if (edge) {
      # a probe one grid step (in log M) beyond the edge: only if -2 ln L
      # still falls there does the best fit lie outside the grid
      nb <- if (i == 1L) 2L else nrow(p) - 1L
      out_m <- p$mass_mev[i]^2 / p$mass_mev[nb]
      edge <- probe_mass(scan, cv, out_m) < p$m2ll_hat[i] - edge_tol
    }
    data.frame(curve = cv, g = if (refined) r$g else p$g_hat[i],
               mass_mev = if (refined) r$mass_mev else p$mass_mev[i],
               m2ll = if (refined) r$m2ll else p$m2ll_hat[i],
               grid_edge = edge,
               stringsAsFactors = FALSE)
  }))
  rownames(out) <- NULL
  edge <- out$curve[out$grid_edge & out$g > 0]
  if (length(edge)) {
    w <- structure(class = c("muonphilic_warning_grid_edge", "warning", "condition"),
                   list(message = sprintf("The best fit in M of %s lies at an end of the mass grid (%.4g-%.4g MeV): widen `mass_mev`.",
                                          paste(edge, collapse = ", "), min(grid$mass_mev),
                                          max(grid$mass_mev)), call = NULL))
    warning(w)
  }
  out
}

# The exact-profile minimum of curve `cv` at one extra mass (MeV).
probe_mass <- function(scan, cv, mass_mev) {
  lik <- attr(scan, "likelihood")
  members <- scan_members(scan)[[cv]]
  sub <- lik
  sub$mass_mev <- mass_mev
  sub$terms <- lapply(seq_along(lik$experiments), function(e) {
    if (is.null(lik$terms[[e]])) return(NULL)
    tt <- do.call(count_terms, c(list(lik$experiments[[e]], lik$model, mass_mev), lik$dots))
    name <- names(lik$experiments)[e]
    chk <- check_terms(tt, lik$infos[[e]]$n_bin, 1L, name)
    list(terms = array(chk$terms, c(lik$infos[[e]]$n_bin, length(chk$powers), 1L)),
         powers = chk$powers, exact = terms_exact(tt, mass_mev, name))
  })
  profile_curve(sub, members)[1, "m2ll_hat"]
}

#' Exact profile of a scan in g
#'
#' For each curve (experiment, combination, `"total"`) and each mass of the
#' grid, the coupling \eqn{\hat g \ge 0} that minimises \eqn{-2\ln L}
#' (Eq. 29), found exactly (the counts are polynomials in g, Eqs. 28 and
#' 34; search over \eqn{g = 0} and a logarithmic grid of 0.02 decades from
#' \eqn{10^{-12}} to 10, refined by golden-section search), independent of
#' the scan's g grid. Where the counts are not a polynomial in g (NA64mu
#' above \eqn{2 m_\mu}, whose escape factor depends on g) they are
#' interpolated by splines through exact values at 81 couplings from
#' \eqn{10^{-8}} to 1, and the search covers that range; experiments with a
#' custom statistic are searched in R on 0.05 decades from \eqn{10^{-8}}
#' to 1. `m2ll_zero` is \eqn{-2\ln L} at \eqn{g = 0}, the
#' background-only (Standard Model) hypothesis.
#'
#' @param scan a scan from [scan_grid()].
#' @param which curves (default all, including `"total"`).
#' @return A data frame: `experiment` (the curve), `mass_mev` (MeV),
#'   `g_hat`, `m2ll_hat`, `m2ll_zero`.
#' @examples
#' x <- na64mu(mot = 1e11)
#' s <- scan_grid(x, asimov(x, lmu_ltau(), g = 0, mass_mev = 100), lmu_ltau(),
#'                g = 10^seq(-4, -2, length.out = 5), mass_mev = c(20, 100))
#' profile_g(s)
#' @export
profile_g <- function(scan, which = NULL) {
  check_scan(scan)
  prof <- attr(scan, "profile")
  if (!is.null(which)) {
    which <- check_choices(which, "which", unique(prof$curve))
    prof <- prof[prof$curve %in% which, , drop = FALSE]
    rownames(prof) <- NULL
  }
  names(prof)[names(prof) == "curve"] <- "experiment"
  prof
}

# Local polish of each curve's minimum: Brent in log M over the profile in
# log g (itself a Brent search bracketed by the grid), started from the grid.
refine_scan <- function(scan, ex, model, g, mass_mev, method, saturated, dots) {
  mins <- attr(scan, "minimum")
  cache <- new.env(parent = emptyenv())
  # count_terms() once per (experiment, mass): the searches in g at a fixed
  # mass then cost polynomial evaluations only
  memo_ct <- lapply(seq_along(ex$experiments), function(e) {
    store <- new.env(parent = emptyenv())
    function(x, model, mass_mev, ...) {
      key <- format(mass_mev, digits = 17)
      v <- store[[key]]
      if (is.null(v)) {
        v <- count_terms(x, model, mass_mev, ...)
        assign(key, v, envir = store)
      }
      v
    }
  })
  m2ll_at <- function(e, gg, m) {
    key <- sprintf("%d:%.17g:%s", e, m, if (identical(gg, g)) "grid" else format(gg, digits = 17))
    v <- cache[[key]]
    if (is.null(v)) {
      v <- experiment_m2ll(ex$experiments[[e]], ex$infos[[e]], ex$data[[e]],
                           names(ex$experiments)[e], model, gg, m, method, saturated, dots,
                           ct = memo_ct[[e]])[, 1]
      if (method == "terms" && identical(gg, g)) cache[[key]] <- v
    }
    v
  }
  lg <- log10(g)
  lm <- log10(mass_mev)
  members <- c(stats::setNames(as.list(names(ex$experiments)), names(ex$experiments)),
               attr(scan, "combinations"), list(total = names(ex$experiments)))
  for (cv in mins$curve) {
    idx <- match(members[[cv]], names(ex$experiments))
    f_g <- function(gg, m) Reduce(`+`, lapply(idx, function(e) m2ll_at(e, gg, m)))
    profile <- function(logm) {
      m <- 10^logm
      v <- f_g(g, m)
      i <- which.min(v)
      if (length(i) == 0L || !is.finite(v[i])) return(list(value = Inf, g = NA_real_))
      lo <- lg[max(1L, i - 1L)]
      hi <- lg[min(length(g), i + 1L)]
      o <- stats::optimize(function(l) f_g(10^l, m), c(lo, hi), tol = 1e-8)
      if (o$objective < v[i]) list(value = o$objective, g = 10^o$minimum) else list(value = v[i], g = g[i])
    }
    j <- match(mins$mass_mev[mins$curve == cv], mass_mev)
    lo <- lm[max(1L, j - 1L)]
    hi <- lm[min(length(mass_mev), j + 1L)]
    o <- stats::optimize(function(l) profile(l)$value, c(lo, hi), tol = 1e-8)
    best <- profile(o$minimum)
    r <- which(mins$curve == cv)
    if (is.finite(best$value) && best$value < mins$m2ll[r]) {
      mins[r, c("g", "mass_mev", "m2ll")] <- list(best$g, 10^o$minimum, best$value)
      mins$refined[r] <- TRUE
    }
  }
  attr(scan, "minimum") <- mins
  scan_update_delta(scan)
}
