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
  scan_matrix(scan, curve) - mins$m2ll[mins$curve == curve]
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
#' `upper_limit()` gives, at each mass, the 90 % (by default) upper limit on
#' g from the exact profile in g ([profile_g()]), independent of the scan's
#' g grid, with a named convention (`method`, reported in every row):
#' * `"asymptotic"`: the one-sided statistic \eqn{\tilde q} of Cowan,
#'   Cranmer, Gross and Vitells, EPJC 71 (2011) 1554 (the best fit
#'   \eqn{\hat g} clipped at 0; \eqn{\tilde q = 0} below it): the limit is
#'   the smallest \eqn{g > \hat g} with \eqn{\Delta(-2\ln L)} =
#'   `qchisq(cl, 1)`, 2.71 at 90 % as in the paper (1.35 signal events for
#'   no event and no background).
#' * `"cls"`: CLs = CL(s+b) / CL(b) = 1 - `cl`. Exact Poisson for a
#'   single-bin Poisson counting experiment (2.30 signal events for no event
#'   and no background); otherwise the asymptotic formulae of Cowan et al.
#'   with \eqn{q_A} from background-only Asimov data; with `toys = N` and a
#'   `seed`, CLs from N Poisson pseudo-experiments under s+b and under b at
#'   each step of a bisection in log g (seed + mass index at every mass, so
#'   results are reproducible and do not depend on a future plan; the
#'   caller's random stream is left as it was; masses run in parallel
#'   through `future.apply` when a plan with several workers is set).
#' `NA` when no coupling up to 10 (1 where the counts are tabulated, NA64mu
#' above \eqn{2 m_\mu}, or the statistic is custom) reaches the threshold.
#'
#' **Several allowed bands.** Where the new-physics amplitude interferes
#' destructively with the Standard-Model one (CEvNS: COHERENT, ESS, xenon
#' detectors), the rate first falls with g and returns to the Standard Model
#' where the Z' amplitude cancels twice the SM one: \eqn{-2\ln L} has a
#' second, nearly degenerate minimum at larger g, and the 90 % CL allowed
#' set in g at fixed mass is a union of intervals. `g_upper` is the smallest
#' coupling above which every coupling is excluded (the upper edge of the
#' highest allowed band), so that it does not depend on which of two
#' degenerate minima is the best fit; `g_excluded_from` is the first
#' excluded coupling above the best fit (the upper edge of the band of the
#' best fit) and `n_allowed` the number of allowed bands at and above the
#' best fit. Where `n_allowed` is 2, couplings between `g_excluded_from`
#' and the second band are excluded too. As a function of the mass,
#' `g_upper` jumps where the second band's minimum crosses the threshold
#' (the excluded set changes shape there). Bands are found on a grid of
#' 0.02 decades in g (0.05 for custom statistics), each excluded local
#' minimum being searched between its neighbours when a parabola through
#' the grid values comes near the threshold. With `method = "cls"`
#' (one-sided in the counts) a deficit is never excluded, so usually one
#' band remains.
#'
#' Both functions accept the confidence level as a probability in (0, 1) or
#' as a label such as `"90 %"`.
#'
#' @param scan a scan from [scan_grid()].
#' @param cl confidence levels: probabilities in (0, 1) or labels like
#'   `"90 %"` (`upper_limit()`: one level, default 90 %).
#' @param which curves (experiment or combination names, or `"total"`);
#'   default every experiment and combination.
#' @param method `"asymptotic"` or `"cls"` (see above).
#' @param toys `NULL`, or the number of pseudo-experiments for toy CLs
#'   (needs `seed`).
#' @param seed a whole number seeding the toys.
#' @return `contours()`: a data frame of class `muonphilic_contours`
#'   (printed as a summary and its first rows; `as.data.frame()` and
#'   `rbind()` work as usual), one row per point of a path: `experiment`
#'   (the curve), `cl` (the confidence level as a label such as `"68 %"`),
#'   `piece` (integer id of a closed or open path within experiment and
#'   `cl`), `mass_mev` (mediator mass, MeV) and `g` (coupling,
#'   dimensionless). Draw a path with `group = interaction(experiment, cl,
#'   piece)`.
#'   `upper_limit()`: a data frame of class `muonphilic_limits` with
#'   `mass_mev` (MeV), `g_upper` (every larger coupling excluded), `g_best`
#'   (the exact best g at that mass, 0 included), `g_excluded_from` (the
#'   first excluded coupling above `g_best`; equal to `g_upper` with one
#'   allowed band), `n_allowed` (allowed bands at and above `g_best`), `cl`
#'   (probability), `method` and `experiment`. Couplings are dimensionless.
#' @examples
#' \donttest{
#' x <- na64mu()
#' d <- asimov(x, lmu_ltau(), g = 1e-3, mass_mev = 100)
#' s <- scan_grid(x, d, lmu_ltau(), g = 10^seq(-4, -2, length.out = 30),
#'                mass_mev = 10^seq(1, 3, length.out = 30))
#' head(contours(s, cl = 0.95))
#' head(upper_limit(s))
#' head(upper_limit(s, cl = "95 %", method = "cls"))
#' }
#' @export
contours <- function(scan, cl = stats::pchisq(c(1, 4), df = 1), which = NULL) {
  check_scan(scan)
  cl <- check_cl(cl)
  curves <- scan_curves(scan, which)
  grid <- attr(scan, "grid")
  levels <- stats::qchisq(cl, df = 2)
  labels <- cl_labels(cl)
  out <- lapply(curves, function(cv) {
    z <- curve_delta(scan, cv)
    z[!is.finite(z)] <- 1e6 + 1e3 * max(levels)
    lapply(seq_along(cl), function(k) {
      lines <- grDevices::contourLines(log10(grid$mass_mev), log10(grid$g), t(z),
                                       levels = levels[k])
      if (!length(lines)) return(NULL)
      do.call(rbind, lapply(seq_along(lines), function(p) {
        data.frame(experiment = cv, cl = labels[k], piece = p,
                   mass_mev = 10^lines[[p]]$x, g = 10^lines[[p]]$y,
                   stringsAsFactors = FALSE)
      }))
    })
  })
  out <- do.call(rbind, unlist(out, recursive = FALSE))
  if (is.null(out)) {
    out <- data.frame(experiment = character(), cl = character(), piece = integer(),
                      mass_mev = numeric(), g = numeric(), stringsAsFactors = FALSE)
  }
  rownames(out) <- NULL
  class(out) <- c("muonphilic_contours", "data.frame")
  out
}

# Labels of confidence levels: "68 %", "95 %", "90 %"; more digits only
# where two levels would otherwise share a label ("99.7 %").
cl_labels <- function(cl) {
  for (d in 0:4) {
    lab <- sprintf("%s %%", formatC(100 * cl, format = "f", digits = d))
    r <- round(100 * cl, d)
    if ((!anyDuplicated(lab) && all(r > 0 & r < 100)) || d == 4L) break
  }
  sub("\\.0+ %", " %", lab)
}

# Back from labels such as "68 %" to (rounded) probabilities, for ordering.
label_cl <- function(label) as.numeric(sub("\\s*%$", "", label)) / 100

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
  profs <- profile_curves(lik, members[curves], target = t)
  names(profs) <- curves
  out <- lapply(curves, function(cv) {
    p <- profs[[cv]]
    r <- p[, c("g_cross", "g_first", "n_allowed"), drop = FALSE]
    if (method == "cls") {
      r <- cls_limits(lik, members[[cv]], p[, "g_hat"], cl, toys, seed, cv)
    }
    r[!is.finite(r)] <- NA_real_
    data.frame(mass_mev = lik$mass_mev, g_upper = r[, 1], g_best = p[, "g_hat"],
               g_excluded_from = r[, 2], n_allowed = as.integer(r[, 3]), cl = cl,
               method = if (is.null(toys)) method else sprintf("cls (%d toys)", as.integer(toys)),
               experiment = cv, stringsAsFactors = FALSE)
  })
  out <- do.call(rbind, out)
  rownames(out) <- NULL
  new_limits(out)
}

new_limits <- function(df) {
  class(df) <- c("muonphilic_limits", "data.frame")
  df
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
# Delta(-2 ln L) = qchisq(cl, 1) interpolated linearly in log g; as for the
# exact profiles, the smallest g above which every grid point above the
# best fit is excluded, the first crossing and the allowed intervals.
upper_limit_grid <- function(scan, cl, curves) {
  grid <- attr(scan, "grid")
  lg <- log10(grid$g)
  t <- stats::qchisq(cl, df = 1)
  out <- lapply(curves, function(cv) {
    z <- curve_delta(scan, cv)
    res <- vapply(seq_along(grid$mass_mev), function(j) {
      d <- z[, j]
      i <- which.min(d)
      if (length(i) == 0L) return(c(NA_real_, NA_real_, NA_real_, NA_real_))
      d <- d - d[i]
      at <- function(k) {
        if (!is.finite(d[k])) return(grid$g[k - 1L])
        f <- (t - d[k - 1L]) / (d[k] - d[k - 1L])
        10^(lg[k - 1L] + f * (lg[k] - lg[k - 1L]))
      }
      excl <- d >= t & seq_along(d) > i
      if (!any(excl)) return(c(NA_real_, grid$g[i], NA_real_, 1))
      k_first <- which(excl)[1]
      above <- seq_along(d) >= i
      n_allowed <- 1 + sum(diff(excl[above]) < 0)
      if (!excl[length(d)]) return(c(NA_real_, grid$g[i], at(k_first), n_allowed))
      k_last <- max(which(!excl)) + 1L
      c(at(k_last), grid$g[i], at(k_first), n_allowed)
    }, numeric(4))
    data.frame(mass_mev = grid$mass_mev, g_upper = res[1, ], g_best = res[2, ],
               g_excluded_from = res[3, ], n_allowed = as.integer(res[4, ]), cl = cl,
               method = "asymptotic (grid)", experiment = cv, stringsAsFactors = FALSE)
  })
  out <- do.call(rbind, out)
  rownames(out) <- NULL
  new_limits(out)
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

# The CLs limits of one curve at every mass: a matrix [mass, 3] of the
# smallest g above which CLs < 1 - cl everywhere (up to 10; on a grid in log
# g, refined by uniroot), the first crossing above g_hat and the number of
# allowed intervals. With toys: the asymptotic limit brackets a bisection in
# log g with the same toys (seed + mass index) at every step.
cls_limits <- function(lik, members, g_hat, cl, toys, seed, curve) {
  alpha <- 1 - cl
  n_m <- length(lik$mass_mev)
  one <- function(j) {
    prof <- profile_curve(lik, members, js = j)[1, ]
    f <- function(g) cls_value(lik, members, j, g, prof) - alpha
    lg <- seq(-12, 1, by = 0.05)
    lg <- lg[10^lg > g_hat[j]]
    v <- f(10^lg)
    excl <- v <= 0
    if (!any(excl)) return(c(Inf, Inf, 1))
    n_allowed <- 1 + sum(diff(excl) < 0)
    # the crossing lies between the previous search point and point k;
    # below the first search point it lies between g_hat and that point
    solve_at <- function(k) {
      lo_u <- if (k > 1L) lg[k - 1L] else if (g_hat[j] > 0) log10(g_hat[j]) else NA_real_
      if (is.na(lo_u) || !(f(10^lo_u) > 0)) return(10^lg[k])
      10^stats::uniroot(function(u) f(10^u), c(lo_u, lg[k]), tol = 1e-10)$root
    }
    k_first <- which(excl)[1]
    g_first <- solve_at(k_first)
    if (!excl[length(excl)]) return(c(Inf, g_first, n_allowed))
    k_last <- if (all(excl)) 1L else max(which(!excl)) + 1L
    g_a <- if (k_last == k_first) g_first else solve_at(k_last)
    if (is.null(toys)) return(c(g_a, g_first, n_allowed))
    g_t <- with_mp_seed(seed + j, {
      lo <- log10(max(g_a / 3, g_hat[j] * (1 + 1e-9), 1e-12))
      hi <- log10(g_a * 3)
      for (it in seq_len(14)) {
        mid <- (lo + hi) / 2
        r <- with_mp_seed(seed + j, cls_toys_at(lik, members, j, 10^mid, toys, prof))
        if (r[["cls"]] > alpha) lo <- mid else hi <- mid
      }
      10^((lo + hi) / 2)
    })
    c(g_t, if (n_allowed == 1) g_t else g_first, n_allowed)
  }
  if (!is.null(toys) && future_active() && n_m > 1L) {
    opts <- mp_options()
    return(do.call(rbind, future.apply::future_lapply(seq_len(n_m), function(j) {
      old <- options(opts)
      on.exit(options(old), add = TRUE)
      one(j)
    }, future.seed = FALSE, future.packages = "muonphilic")))
  }
  if (!is.null(toys)) {
    cli::cli_progress_bar(sprintf("CLs toys for %s", curve), total = n_m, clear = TRUE)
  }
  out <- matrix(NA_real_, n_m, 3L)
  for (j in seq_len(n_m)) {
    out[j, ] <- one(j)
    if (!is.null(toys)) cli::cli_progress_update()
  }
  if (!is.null(toys)) cli::cli_progress_done()
  out
}
