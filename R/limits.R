# Confidence regions and upper limits from a scan (Eqs. 29-30): contours in
# (g, M), exact profiles in g at each mass, and upper limits on g with a
# named convention (asymptotic q-tilde or CLs).

scan_curves <- function(scan, which = NULL, call = sys.call(-1)) {
  all <- c(attr(scan, "experiments"), names(attr(scan, "combinations")))
  if (is.null(which)) return(all)
  check_choices(which, "which", c(all, "total"), call = call)
}

# Delta of one curve against its own minimum, as a matrix [g, mass].
curve_delta <- function(scan, curve) {
  mins <- attr(scan, "minimum")
  grid <- attr(scan, "grid")
  z <- scan[[curve]] - mins$m2ll[mins$curve == curve]
  matrix(z, length(grid$g), length(grid$mass_mev))
}

#' Confidence regions and upper limits from a scan
#'
#' `contours()` draws the regions \eqn{-2\ln\lambda < t} of each experiment
#' and combination (each against its own best fit, Eqs. 29-30) with two
#' parameters (g, M): \eqn{t = } `qchisq(cl, 2)`. The default levels are
#' the paper's "68 % and 95 % CL", i.e. 1 and 2 sigma (`pchisq(c(1, 4), 1)`
#' = 0.6827, 0.9545), whose thresholds are 2.30 and 6.18 as in Sect. 3.2;
#' `cl = c(0.68, 0.95)` would give 2.28 and 5.99. The lines are traced by [grDevices::contourLines()] in
#' \eqn{(\log_{10} M, \log_{10} g)}, where the grid is regular.
#'
#' `upper_limit()` gives, at each mass, the upper edge of the lowest
#' interval of couplings allowed at `cl` with one parameter (g at fixed M,
#' against the best fit at that mass): \eqn{\Delta(-2\ln L)} =
#' `qchisq(cl, 1)`, 2.71 for 90 % CL (SPEC section 4), interpolated
#' linearly in \eqn{\log g} between grid points. `NA` when it is not
#' reached within the grid. (Destructive interference can open a second,
#' degenerate allowed band at larger couplings, where the new-physics
#' amplitude flips the sign of the SM one; that band is not a limit and is
#' left to the scan.)
#'
#' @param scan a scan from [scan_grid()].
#' @param cl confidence levels in (0, 1) (`upper_limit()`: one level,
#'   default 90 %, threshold 2.71).
#' @param which curves (experiment or combination names, or `"total"`);
#'   default every experiment and combination.
#' @return `contours()`: a data frame of paths with `x` (mass in MeV), `y`
#'   (g), `level` (the \eqn{\Delta} threshold), `cl`, `piece` (path number
#'   within an experiment and level), `experiment` and `group`.
#'   `upper_limit()`: a data frame with `mass_mev`, `g_upper`, `g_best` (the
#'   best g at that mass), `cl` and `experiment`.
#' @examples
#' \donttest{
#' if (exists("na64mu", asNamespace("muonphilic"))) {
#'   x <- muonphilic:::na64mu()
#'   d <- asimov(x, lmu_ltau(), g = 1e-3, mass_mev = 100)
#'   s <- scan_grid(x, d, lmu_ltau(), g = 10^seq(-4, -2, length.out = 30),
#'                  mass_mev = 10^seq(1, 3, length.out = 30))
#'   head(contours(s, cl = 0.95))
#'   head(upper_limit(s))
#' }
#' }
#' @export
contours <- function(scan, cl = stats::pchisq(c(1, 4), df = 1), which = NULL) {
  check_scan(scan)
  cl <- check_cl(cl)
  curves <- scan_curves(scan, which)
  grid <- attr(scan, "grid")
  levels <- stats::qchisq(cl, df = 2)
  out <- lapply(curves, function(cv) {
    z <- curve_delta(scan, cv)
    z[!is.finite(z)] <- 1e6 + 1e3 * max(levels)
    lapply(seq_along(cl), function(k) {
      lines <- grDevices::contourLines(log10(grid$mass_mev), log10(grid$g), t(z),
                                       levels = levels[k])
      if (!length(lines)) return(NULL)
      do.call(rbind, lapply(seq_along(lines), function(p) {
        data.frame(x = 10^lines[[p]]$x, y = 10^lines[[p]]$y, level = levels[k],
                   cl = cl[k], piece = p, experiment = cv,
                   group = sprintf("%s/%g/%d", cv, cl[k], p), stringsAsFactors = FALSE)
      }))
    })
  })
  out <- do.call(rbind, unlist(out, recursive = FALSE))
  if (is.null(out)) {
    out <- data.frame(x = numeric(), y = numeric(), level = numeric(), cl = numeric(),
                      piece = integer(), experiment = character(), group = character(),
                      stringsAsFactors = FALSE)
  }
  rownames(out) <- NULL
  out
}

#' @rdname contours
#' @export
upper_limit <- function(scan, cl = 0.90, which = NULL, method = c("asymptotic", "cls"),
                        toys = NULL, seed = NULL) {
  check_scan(scan)
  cl <- check_cl(cl, len = 1L)
  method <- check_choice(choice_arg(method), "method", c("asymptotic", "cls"))
  if (!is.null(toys)) {
    toys <- check_number(toys, "toys", len = 1L, lower = 10, upper = 1e7)
    if (method != "cls") mp_abort("`toys` needs method = \"cls\".")
    if (is.null(seed)) mp_abort("Toys need a `seed` (a whole number), so that limits are reproducible.")
  }
  if (!is.null(seed)) {
    seed <- check_number(seed, "seed", len = 1L, lower = 0, upper = .Machine$integer.max)
  }
  curves <- scan_curves(scan, which)
  lik <- attr(scan, "likelihood")
  if (is.null(lik)) {
    if (method != "asymptotic") {
      mp_abort("This scan carries no likelihood (built by hand?): only method = \"asymptotic\" on its grid is available.")
    }
    return(upper_limit_grid(scan, cl, curves))
  }
  members <- scan_members(scan)
  t <- stats::qchisq(cl, df = 1)
  out <- lapply(curves, function(cv) {
    p <- profile_curve(lik, members[[cv]], target = t)
    g_up <- p[, "g_cross"]
    if (method == "cls") {
      g_up <- cls_limits(lik, members[[cv]], p[, "g_hat"], cl, toys, seed, cv)
    }
    g_up[!is.finite(g_up)] <- NA_real_
    data.frame(mass_mev = lik$mass_mev, g_upper = g_up, g_best = p[, "g_hat"], cl = cl,
               method = if (is.null(toys)) method else sprintf("cls (%d toys)", as.integer(toys)),
               experiment = cv, stringsAsFactors = FALSE)
  })
  out <- do.call(rbind, out)
  rownames(out) <- NULL
  out
}

# Confidence levels: probabilities in (0, 1), or labels such as "90 %",
# "90%" or "95.45 %" (percent).
check_cl <- function(cl, len = NULL, call = sys.call(-1)) {
  if (is.character(cl)) {
    v <- suppressWarnings(as.numeric(sub("^\\s*([0-9.]+)\\s*%\\s*$", "\\1", cl)))
    if (anyNA(v) || !all(grepl("%", cl, fixed = TRUE))) {
      mp_abort("`cl` must be probabilities in (0, 1) or labels like \"90 %%\", not %s.",
               mp_describe(cl), call = call)
    }
    cl <- v / 100
  }
  check_number(cl, "cl", len = len, lower = 0, upper = 1, lower_open = TRUE,
               upper_open = TRUE, call = call)
}

# The limit from the grid alone (scans built by hand, without a likelihood):
# Delta(-2 ln L) = qchisq(cl, 1) interpolated linearly in log g.
upper_limit_grid <- function(scan, cl, curves) {
  grid <- attr(scan, "grid")
  lg <- log10(grid$g)
  t <- stats::qchisq(cl, df = 1)
  out <- lapply(curves, function(cv) {
    z <- curve_delta(scan, cv)
    res <- vapply(seq_along(grid$mass_mev), function(j) {
      d <- z[, j]
      i <- which.min(d)
      if (length(i) == 0L) return(c(NA_real_, NA_real_))
      d <- d - d[i]
      first <- which(d < t)[1]
      k <- which(d >= t & seq_along(d) > first)
      if (!length(k)) return(c(NA_real_, grid$g[i]))
      k <- k[1]
      if (!is.finite(d[k])) return(c(grid$g[k - 1L], grid$g[i]))
      f <- (t - d[k - 1L]) / (d[k] - d[k - 1L])
      c(10^(lg[k - 1L] + f * (lg[k] - lg[k - 1L])), grid$g[i])
    }, numeric(2))
    data.frame(mass_mev = grid$mass_mev, g_upper = res[1, ], g_best = res[2, ], cl = cl,
               method = "asymptotic (grid)", experiment = cv, stringsAsFactors = FALSE)
  })
  out <- do.call(rbind, out)
  rownames(out) <- NULL
  out
}

# ---- CLs --------------------------------------------------------------------

# Background-only Asimov data of experiment e at mass j (the g = 0
# prediction, plus the background for Poisson and custom statistics).
asimov_zero <- function(lik, e, j, g = 0) {
  mu <- as.vector(lik_pred(lik, e, j, g))
  if (lik$infos[[e]]$stat != "chi2_pull") mu <- mu + lik$infos[[e]]$background
  mu
}

# Sum over members of -2 ln L at couplings g, on data (a list by experiment
# index, NULL for the scan's).
curve_m2ll <- function(lik, members, j, g, data = NULL) {
  Reduce(`+`, lapply(members, function(e) {
    lik_m2ll(lik, e, j, g, if (is.null(data)) lik$data[[e]] else data[[e]])
  }))
}

# q-tilde (Cowan, Cranmer, Gross, Vitells, EPJC 71 (2011) 1554, Eq. 16 with
# the g >= 0 boundary): -2 ln L(g) - min_{g' >= 0} (-2 ln L(g')) for
# g >= g_hat, 0 below.
q_tilde <- function(lik, members, j, g, data = NULL, prof = NULL) {
  if (is.null(prof)) prof <- profile_curve(lik, members, data = data, js = j)[1, ]
  q <- curve_m2ll(lik, members, j, g, data) - prof[["m2ll_hat"]]
  q[g <= prof[["g_hat"]]] <- 0
  pmax(q, 0)
}

# CLs = CL_{s+b} / CL_b at couplings g, for mass j: exact Poisson for a
# single-bin Poisson counting experiment, else the asymptotic formulae of
# Cowan et al. (Eqs. 65-66) with q_A from background-only Asimov data.
cls_value <- function(lik, members, j, g, prof_obs = NULL) {
  if (length(members) == 1L && lik$infos[[members]]$code == 0L &&
      lik$infos[[members]]$n_bin == 1L) {
    e <- members
    n <- lik$data[[e]]
    mu <- as.vector(lik_pred(lik, e, j, g)) + lik$infos[[e]]$background
    b <- asimov_zero(lik, e, j)
    # P(N <= n | mu), continued to real n: the upper regularised gamma
    return(stats::pgamma(mu, n + 1, lower.tail = FALSE) /
             stats::pgamma(b, n + 1, lower.tail = FALSE))
  }
  qo <- q_tilde(lik, members, j, g, prof = prof_obs)
  a_data <- lapply(seq_along(lik$data), function(e) {
    if (e %in% members) asimov_zero(lik, e, j) else NULL
  })
  qa <- pmax(q_tilde(lik, members, j, g, data = a_data), 1e-300)
  sb <- ifelse(qo <= qa, stats::pnorm(sqrt(qo), lower.tail = FALSE),
               stats::pnorm((qo + qa) / (2 * sqrt(qa)), lower.tail = FALSE))
  bb <- ifelse(qo <= qa, stats::pnorm(sqrt(qa) - sqrt(qo)),
               stats::pnorm((qo - qa) / (2 * sqrt(qa)), lower.tail = FALSE))
  sb / bb
}

# CLs from toys at one coupling: q-tilde of `toys` Poisson pseudo-experiments
# under s + b (coupling g) and under b (g = 0), against the observed one.
cls_toys_at <- function(lik, members, j, g, toys, prof_obs) {
  q_obs <- q_tilde(lik, members, j, g, prof = prof_obs)
  mu_sb <- lapply(seq_along(lik$data), function(e) if (e %in% members) asimov_zero(lik, e, j, g))
  mu_b <- lapply(seq_along(lik$data), function(e) if (e %in% members) asimov_zero(lik, e, j))
  draw <- function(mu) lapply(mu, function(m) if (is.null(m)) NULL else as.double(stats::rpois(length(m), m)))
  q_sb <- vapply(seq_len(toys), function(k) q_tilde(lik, members, j, g, draw(mu_sb)), numeric(1))
  q_b <- vapply(seq_len(toys), function(k) q_tilde(lik, members, j, g, draw(mu_b)), numeric(1))
  c(cls = mean(q_sb >= q_obs) / max(mean(q_b >= q_obs), 1 / toys),
    sb = mean(q_sb >= q_obs), b = mean(q_b >= q_obs))
}

# Run expr with the random stream set by `seed`, leaving the caller's as it was.
with_mp_seed <- function(seed, expr) {
  genv <- globalenv()
  old <- get0(".Random.seed", envir = genv, inherits = FALSE)
  on.exit({
    if (is.null(old)) {
      if (exists(".Random.seed", envir = genv, inherits = FALSE)) rm(".Random.seed", envir = genv)
    } else {
      assign(".Random.seed", old, envir = genv)
    }
  }, add = TRUE)
  set.seed(seed, kind = "Mersenne-Twister", normal.kind = "Inversion", sample.kind = "Rejection")
  expr
}

# The CLs limit of one curve at every mass: the smallest g above g_hat with
# CLs = 1 - cl (on a grid in log g, refined by uniroot). With toys: the
# asymptotic limit brackets a bisection in log g with the same toys
# (seed + mass index) at every step.
cls_limits <- function(lik, members, g_hat, cl, toys, seed, curve) {
  alpha <- 1 - cl
  n_m <- length(lik$mass_mev)
  one <- function(j) {
    prof <- profile_curve(lik, members, js = j)[1, ]
    f <- function(g) cls_value(lik, members, j, g, prof) - alpha
    lg <- seq(-12, 1, by = 0.05)
    lg <- lg[10^lg > g_hat[j]]
    v <- f(10^lg)
    k <- which(v <= 0)[1]
    if (is.na(k)) return(Inf)
    g_a <- if (k == 1L) 10^lg[1] else 10^stats::uniroot(function(u) f(10^u), lg[c(k - 1L, k)],
                                                      tol = 1e-10)$root
    if (is.null(toys)) return(g_a)
    with_mp_seed(seed + j, {
      lo <- log10(max(g_a / 3, g_hat[j] * (1 + 1e-9), 1e-12))
      hi <- log10(g_a * 3)
      for (it in seq_len(14)) {
        mid <- (lo + hi) / 2
        r <- with_mp_seed(seed + j, cls_toys_at(lik, members, j, 10^mid, toys, prof))
        if (r[["cls"]] > alpha) lo <- mid else hi <- mid
      }
      10^((lo + hi) / 2)
    })
  }
  if (!is.null(toys) && future_active() && n_m > 1L) {
    opts <- mp_options()
    return(unlist(future.apply::future_lapply(seq_len(n_m), function(j) {
      old <- options(opts)
      on.exit(options(old), add = TRUE)
      one(j)
    }, future.seed = FALSE, future.packages = "muonphilic")))
  }
  if (!is.null(toys)) {
    cli::cli_progress_bar(sprintf("CLs toys for %s", curve), total = n_m, clear = TRUE)
  }
  out <- numeric(n_m)
  for (j in seq_len(n_m)) {
    out[j] <- one(j)
    if (!is.null(toys)) cli::cli_progress_update()
  }
  if (!is.null(toys)) cli::cli_progress_done()
  out
}

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

# Where the counts are not a polynomial in g (NA64mu above 2 m_mu), one
# expected_counts() call per experiment and mass on 81 couplings from
# 1e-8 to 1 (0.1 decades), interpolated per bin by cubic splines in log g
# (of log counts where positive: the escape factor is smooth, so the
# interpolation error is far below 1e-4; checked in test-limits.R), plus
# the exact value at g = 0. Couplings outside call expected_counts().
pred_table <- function(lik, e, j) {
  key <- paste("table", e, j)
  tab <- lik$memo[[key]]
  if (!is.null(tab)) return(tab)
  u <- seq(-8, 0, by = 0.1)
  p <- exact_counts(lik, e, j, c(0, 10^u))
  fun <- lapply(seq_len(nrow(p)), function(b) {
    y <- p[b, -1]
    if (all(y > 0)) {
      f <- stats::splinefun(u, log(y), method = "natural")
      function(v) exp(f(v))
    } else {
      stats::splinefun(u, y, method = "natural")
    }
  })
  tab <- list(lo = 1e-8, hi = 1, zero = p[, 1], fun = fun)
  assign(key, tab, envir = lik$memo)
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

# The C description of experiment e at masses js (ffi_profile_terms).
lik_spec <- function(lik, e, js, data = lik$data[[e]]) {
  info <- lik$infos[[e]]
  t <- lik$terms[[e]]
  list(info$code, as.double(t$terms[, , js, drop = FALSE]), as.double(t$powers),
       as.double(data), as.double(info$background), as.double(info$sigma_sys),
       lik$saturated)
}

# Profile of a sum of experiments (`members`, indices) at mass j by
# numerical search in R (custom statistics, non-polynomial masses): the same
# search as in C, on a coarser grid, refined with optimize()/uniroot().
profile_numeric <- function(lik, members, j, target = NA_real_, data = NULL) {
  f <- function(g) {
    Reduce(`+`, lapply(members, function(e) {
      lik_m2ll(lik, e, j, g, if (is.null(data)) lik$data[[e]] else data[[e]])
    }))
  }
  # each evaluation may be a full expected_counts() call: a coarser grid
  lg <- seq(-8, 0, by = 0.2)
  v <- f(c(0, 10^lg))
  f0 <- v[1]
  v <- v[-1]
  i <- which.min(v)
  tie <- if (is.finite(f0)) 1e-9 * (1 + abs(f0)) else 0
  if (!length(i) || f0 <= v[i] + tie) {
    g_hat <- 0
    m_hat <- f0
  } else if (i == 1L || i == length(lg)) {
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
  g_cross <- NA_real_
  if (is.finite(target) && is.finite(m_hat)) {
    above <- lg > if (g_hat > 0) log10(g_hat) else -Inf
    k <- which(above & v - m_hat >= target)[1]
    if (is.na(k)) {
      g_cross <- Inf
    } else {
      lo <- if (k > 1L && above[k - 1L]) lg[k - 1L] else if (g_hat > 0) log10(g_hat) else lg[k]
      if (lo == lg[k]) {
        g_cross <- 10^lg[k]
      } else {
        h <- function(u) {
          r <- f(10^u) - m_hat - target
          if (is.infinite(r)) 1e300 else r
        }
        g_cross <- 10^stats::uniroot(h, c(lo, lg[k]), tol = 1e-7)$root
      }
    }
  }
  c(g_hat = g_hat, m2ll_hat = m_hat, m2ll_zero = f0, g_cross = g_cross)
}

# Exact profile of a curve (sum of `members`) at every mass: a matrix
# [mass, g_hat / m2ll_hat / m2ll_zero / g_cross]. `target` is a
# Delta(-2 ln L) threshold for the upper crossing (or NA).
profile_curve <- function(lik, members, target = NA_real_, data = NULL, js = NULL) {
  n_m <- length(lik$mass_mev)
  if (is.null(js)) js <- seq_len(n_m)
  out <- matrix(NA_real_, length(js), 4L,
                dimnames = list(NULL, c("g_hat", "m2ll_hat", "m2ll_zero", "g_cross")))
  in_c <- vapply(js, function(j) all(vapply(members, lik_in_c, logical(1), lik = lik, j = j)),
                 logical(1))
  if (any(in_c)) {
    jc <- js[in_c]
    specs <- lapply(members, function(e) {
      lik_spec(lik, e, jc, if (is.null(data)) lik$data[[e]] else data[[e]])
    })
    out[in_c, ] <- mp_call(.Call(ffi_profile_terms, specs, profile_lgrid(),
                                 as.double(target)))
  }
  for (k in which(!in_c)) out[k, ] <- profile_numeric(lik, members, js[k], target, data)
  out
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
  prof <- do.call(rbind, lapply(names(members), function(cv) {
    p <- profile_curve(lik, members[[cv]])
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
#' 34; search over \eqn{g = 0} and a fine logarithmic grid from
#' \eqn{10^{-12}} to 10, refined by golden-section search), independent of
#' the scan's g grid. `m2ll_zero` is \eqn{-2\ln L} at \eqn{g = 0}, the
#' background-only (Standard Model) hypothesis.
#'
#' @param scan a scan from [scan_grid()].
#' @param which curves (default all, including `"total"`).
#' @return A data frame: `curve`, `mass_mev` (MeV), `g_hat`, `m2ll_hat`,
#'   `m2ll_zero`.
#' @examples
#' x <- na64mu(mot = 1e11)
#' s <- scan_grid(x, asimov(x, lmu_ltau(), g = 0, mass_mev = 100), lmu_ltau(),
#'                g = 10^seq(-4, -2, length.out = 5), mass_mev = c(20, 100))
#' profile_g(s)
#' @export
profile_g <- function(scan, which = NULL) {
  check_scan(scan)
  prof <- attr(scan, "profile")
  if (is.null(which)) return(prof)
  which <- check_choices(which, "which", unique(prof$curve))
  out <- prof[prof$curve %in% which, , drop = FALSE]
  rownames(out) <- NULL
  out
}
