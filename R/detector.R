# Response of liquid-xenon detectors (Eq. 37; parametrisations in the
# vignette "differences"): efficiencies, Lindhard quenching, resolution,
# threshold lowering, Gaussian smearing, response matrices and ER
# backgrounds. The LZ / XENONnT / DARWIN experiments are in xenon.R.

# ------------------------------------------------------------ quenching

#' Lindhard quenching in xenon
#'
#' Lindhard: \eqn{L(E) = k g / (1 + k g)} with
#' \eqn{g = 3\epsilon^{0.15} + 0.7\epsilon^{0.6} + \epsilon} and
#' \eqn{\epsilon = 11.5 Z^{-7/3} E_{nr}/\mathrm{keV}}, Z = 54. `nr_to_ee()`
#' converts a nuclear-recoil energy to its electron-equivalent energy
#' \eqn{E_{ee} = L(E_{nr}) E_{nr}}; `ee_to_nr()` inverts it by Brent root
#' finding in C.
#'
#' @param recoil_kevnr nuclear-recoil energies in keVnr (positive).
#' @param recoil_kevee electron-equivalent energies in keVee (positive).
#' @param k the Lindhard k parameter (default 0.1735).
#' @return A numeric vector: the quenching factor, energies in keVee, or
#'   energies in keVnr. When k times the reduced energy leaves double
#'   precision (about 1e300) an error of class `muonphilic_error_numeric` is
#'   signalled.
#' @examples
#' lindhard_quenching(c(0.7, 3.8, 13))
#' nr_to_ee(0.7)          # ~0.1 keVee: the lowest threshold allowed
#' ee_to_nr(nr_to_ee(5))  # 5
#' @export
lindhard_quenching <- function(recoil_kevnr, k = 0.1735) {
  recoil_kevnr <- check_positive(recoil_kevnr, "recoil_kevnr")
  k <- check_positive(k, "k", len = 1L)
  check_finite_result(.Call(ffi_quenching, recoil_kevnr, k, mp_const("xe_z"), 0L),
                      "Quenching factors",
                      why = "k times the reduced energy is beyond ~1e300")
}

#' @rdname lindhard_quenching
#' @export
nr_to_ee <- function(recoil_kevnr, k = 0.1735) {
  recoil_kevnr <- check_positive(recoil_kevnr, "recoil_kevnr")
  k <- check_positive(k, "k", len = 1L)
  check_finite_result(.Call(ffi_quenching, recoil_kevnr, k, mp_const("xe_z"), 1L),
                      "Quenched energies",
                      why = "k times the reduced energy is beyond ~1e300")
}

#' @rdname lindhard_quenching
#' @export
ee_to_nr <- function(recoil_kevee, k = 0.1735) {
  recoil_kevee <- check_positive(recoil_kevee, "recoil_kevee")
  k <- check_positive(k, "k", len = 1L)
  mp_call(.Call(ffi_quenching, recoil_kevee, k, mp_const("xe_z"), 3L))
}

# ------------------------------------------------------------ curves

# A response curve as the numeric spec read by the C code:
# c(0, A, E50, w, Ehi, whi) logistic efficiency (Ehi = 0: no cut);
# c(1, a, b) resolution a sqrt(E) + b E; c(2, n, x, y) table (linear in ln E).
curve_logistic <- function(A, e50, w, ehi = 0, whi = 0) c(0, A, e50, w, ehi, whi)
curve_sqrt <- function(a, b = 0) c(1, a, b)
curve_table <- function(x, y) c(2, length(x), x, y)

# Turn a user's efficiency / resolution / background (function or table)
# into a curve spec. Functions are tabulated at 401 log-spaced energies in
# [1e-3, 1e3] keV; tables are (energy, value) with energies increasing.
as_curve <- function(x, arg, what = c("efficiency", "resolution", "background"),
                     call = sys.call(-1)) {
  what <- match.arg(what)
  if (is.function(x)) {
    e <- 10^seq(-3, 3, length.out = 401)
    y <- tryCatch(x(e), error = function(err) {
      mp_abort("`%s` failed when called on energies in keV: %s", arg,
               conditionMessage(err), call = call)
    })
    if (!is.numeric(y) || length(y) != length(e)) {
      mp_abort("`%s` must return one number per energy (a numeric vector of the same length).",
               arg, call = call)
    }
  } else if (is.data.frame(x) || is.matrix(x)) {
    if (ncol(x) != 2L || nrow(x) < 2L) {
      mp_abort("`%s` as a table must have two columns (energy in keV, value) and at least 2 rows.",
               arg, call = call)
    }
    e <- x[, 1, drop = TRUE]
    y <- x[, 2, drop = TRUE]
    if (!is.numeric(e) || !is.numeric(y)) {
      mp_abort("`%s` as a table must hold numbers.", arg, call = call)
    }
    e <- check_positive(e, paste0(arg, "[, 1]"), call = call)
    if (any(diff(e) <= 0)) {
      mp_abort("`%s`: energies (first column) must be strictly increasing.", arg, call = call)
    }
  } else {
    mp_abort("`%s` must be NULL (the preset), a function of energy in keV or a two-column table (energy, value); not %s.",
             arg, mp_describe(x), call = call)
  }
  y <- as.double(y)
  if (anyNA(y) || any(!is.finite(y))) {
    mp_abort("`%s` must give finite values.", arg, call = call)
  }
  if (what == "efficiency" && (any(y < 0) || any(y > 1))) {
    mp_abort("`%s`: efficiencies must lie in [0, 1].", arg, call = call)
  }
  if (what == "resolution" && any(y <= 0)) {
    mp_abort("`%s`: resolutions (sigma in keVee) must be positive.", arg, call = call)
  }
  if (what == "background" && any(y < 0)) {
    mp_abort("`%s`: background rates must be non-negative.", arg, call = call)
  }
  curve_table(as.double(e), y)
}

curve_eval <- function(curve, e, scale = 1, kind = 1L) {
  .Call(ffi_curve_eval, curve, as.double(e), as.double(scale), as.integer(kind))
}

# ------------------------------------------------------------ response

# The C channel spec for NR or ER events in the detector's current analysis:
# c(nr, k, Z, eff_scale, e_cap, shift, weight).
channel_spec <- function(x, channel) {
  sc <- analysis_scale(x$analysis)
  thr <- x$threshold_kev
  # a curve that never falls below 50 % has no nominal threshold: no shift
  nom <- x$nominal
  if (is.na(nom[[sc]])) nom[[sc]] <- thr
  if (is.na(nom[["NR"]])) nom[["NR"]] <- if (sc == "NR") thr else x$floor[["NR"]]
  ratio <- thr / nom[[sc]]
  k <- x$quenching_k
  xe_z <- mp_const("xe_z")
  to_ee <- function(e) .Call(ffi_quenching, as.double(e), k, xe_z, 1L)
  # resolution cap and shift in keVee (threshold lowering)
  e_nom <- if (sc == "NR") to_ee(nom[["NR"]]) else nom[["ER"]]
  e_new <- if (sc == "NR") to_ee(thr) else thr
  shift <- max(e_nom - e_new, 0)
  e_cap <- min(e_new, e_nom)
  if (channel == "NR") {
    nr_thr <- if (sc == "NR") thr else max(nom[["NR"]] * ratio, x$floor[["NR"]])
    scale <- if (is.na(x$nominal[["NR"]])) 1 else nr_thr / nom[["NR"]]
    weight <- switch(x$analysis, NR = x$nr_acceptance, ER = x$nr_leakage, `NR+ER` = 1)
    c(1, k, xe_z, scale, e_cap, shift, weight)
  } else {
    weight <- if (x$analysis == "NR") 0 else 1
    c(0, k, xe_z, ratio, e_cap, shift, weight)
  }
}

channel_curve <- function(x, channel) {
  if (channel == "NR") x$efficiency_nr else x$efficiency_er
}

true_grid <- function(x, channel) {
  g <- x$grid[[channel]]
  r <- .Call(ffi_det_grid, g[1], g[2], as.integer(g[3]))
  list(e = r[[1]], w = r[[2]])
}

bin_edges <- function(x) {
  sc <- analysis_scale(x$analysis)
  lo <- x$threshold_kev
  hi <- x$window[[sc]]
  exp(seq(log(lo), log(hi), length.out = x$bins + 1L))
}

edges_ee <- function(x, edges = bin_edges(x)) {
  if (analysis_scale(x$analysis) != "NR") return(edges)
  .Call(ffi_quenching, edges, x$quenching_k, mp_const("xe_z"), 1L)
}

#' Detector response matrices (Eq. 37)
#'
#' For the detector's analysis and threshold, the matrices that map a
#' true-energy rate on the detector's grid (events / (tonne year keV)) to
#' expected counts per observed bin for one tonne-year: efficiency,
#' acceptance, Gaussian smearing and bin integration in one step.
#' `counts = exposure * (R_NR %*% rate_NR(grid_NR) + R_ER %*% rate_ER(grid_ER))`.
#'
#' @param detector a [xenon_detector()].
#' @param analysis,threshold_kev override the detector's analysis and
#'   threshold (in keVnr for `"NR"`, keVee otherwise).
#' @return A list: `edges` (observed bin edges, unit in attribute `unit`),
#'   `NR` and `ER`, each a list with `energy_kev` (the true-energy grid) and
#'   `matrix` (bins x grid).
#' @examples
#' r <- detector_response(xenon_detector("DARWIN", n_bins = 1))
#' sum(r$NR$matrix %*% rep(1, length(r$NR$energy_kev)))  # a flat 1/(t yr keV)
#' @export
detector_response <- function(detector, analysis = detector$analysis, threshold_kev = NULL) {
  check_xenon(detector)
  x <- with_analysis(detector, analysis, threshold_kev)
  response_of(x)
}

# The response is memoised in the detector's own cache, keyed by every
# input of the C call (compared with identical()): a scan builds it once.
response_of <- function(x) {
  edges <- bin_edges(x)
  eee <- edges_ee(x, edges)
  specs <- list(NR = channel_spec(x, "NR"), ER = channel_spec(x, "ER"))
  key <- list("response", specs, x$efficiency_nr, x$efficiency_er, x$resolution, x$grid,
              eee, edges, x$analysis)
  build <- function() {
    out <- list(edges = structure(edges, unit = scale_unit(analysis_scale(x$analysis))))
    for (ch in c("NR", "ER")) {
      g <- true_grid(x, ch)
      m <- mp_call(.Call(ffi_det_response, specs[[ch]], channel_curve(x, ch),
                         x$resolution, g$e, g$w, eee))
      out[[ch]] <- list(energy_kev = g$e, matrix = m)
    }
    out
  }
  if (is.environment(x$cache)) memo_get(x$cache, key, build, max = 8L) else build()
}

check_xenon <- function(x, arg = "detector", call = sys.call(-1)) {
  if (!inherits(x, "muonphilic_xenon")) {
    mp_abort("`%s` must be a xenon detector from xenon_detector(), not %s%s.", arg,
             mp_describe(x), order_hint(x), call = call)
  }
  check_object_state(x, "xenon detector", call = call)
}

#' Efficiency and resolution of a xenon detector
#'
#' `detector_efficiency()` gives the efficiency of NR (keVnr) or ER (keVee)
#' events in the detector's analysis at its threshold (shifted as described
#' in [xenon_detector()]); `detector_resolution()` the Gaussian width in
#' keVee used for smearing (capped and shifted).
#'
#' @param detector a [xenon_detector()].
#' @param energy_kev energies (keVnr for NR events, keVee otherwise).
#' @param channel `"NR"` or `"ER"` events.
#' @param analysis,threshold_kev override the detector's analysis and
#'   threshold (`_kev` energies follow the analysis: keVnr for `"NR"`,
#'   keVee otherwise).
#' @return Numeric vectors.
#' @examples
#' lz <- xenon_detector("LZ")
#' detector_efficiency(lz, c(2, 3.82, 10), "NR")   # 0.5 at the threshold
#' detector_resolution(lz, c(0.1, 1, 10))
#' @export
detector_efficiency <- function(detector, energy_kev, channel = c("NR", "ER"),
                                analysis = detector$analysis, threshold_kev = NULL) {
  check_xenon(detector)
  if (missing(channel)) channel <- "NR"
  channel <- check_choice(channel, "channel", c("NR", "ER"))
  energy_kev <- check_positive(energy_kev, "energy_kev")
  x <- with_analysis(detector, analysis, threshold_kev)
  spec <- channel_spec(x, channel)
  curve_eval(channel_curve(x, channel), energy_kev, spec[4], 0L)
}

#' @rdname detector_efficiency
#' @param energy_kevee energies in keVee.
#' @export
detector_resolution <- function(detector, energy_kevee, analysis = detector$analysis,
                                threshold_kev = NULL) {
  check_xenon(detector)
  energy_kevee <- check_positive(energy_kevee, "energy_kevee")
  x <- with_analysis(detector, analysis, threshold_kev)
  spec <- channel_spec(x, "ER")
  .Call(ffi_resol_eval, x$resolution, energy_kevee, spec[5], spec[6])
}

#' Smear a true-energy spectrum (Eq. 37)
#'
#' The observed differential rate of NR or ER events in the detector's
#' analysis: efficiency (and acceptance) folded, then Gaussian smearing with
#' the energy-dependent width, expressed per keV of the analysis's scale
#' (keVnr for `"NR"`, keVee otherwise). `smearing_kernel()` is the response
#' to a single true energy (a delta function).
#'
#' @param detector a [xenon_detector()].
#' @param spectrum the true rate in events / (tonne year keV) of the
#'   channel's scale: a function of energy, or a two-column table (energy,
#'   rate) interpolated linearly in \eqn{\ln E} (zero outside its range).
#' @param observed_kev observed energies in the analysis's scale.
#' @param channel `"NR"` or `"ER"` events.
#' @param analysis,threshold_kev override the detector's analysis and
#'   threshold (`_kev` energies follow the analysis: keVnr for `"NR"`,
#'   keVee otherwise).
#' @param true_kev true energies (channel's scale), recycled with
#'   `observed_kev`.
#' @return A numeric vector (events / (tonne year keV); the kernel per keV).
#'   Subnormal or extreme energies where the kernel leaves double precision
#'   signal an error of class `muonphilic_error_numeric`.
#' @examples
#' d <- xenon_detector("XENONnT", analysis = "ER")
#' smear_spectrum(d, function(e) rep(1, length(e)), c(1, 5, 10), "ER")
#' smearing_kernel(d, 10, c(9, 10, 11), "ER")
#' @export
smear_spectrum <- function(detector, spectrum, observed_kev, channel = c("NR", "ER"),
                           analysis = detector$analysis, threshold_kev = NULL) {
  check_xenon(detector)
  if (missing(channel)) channel <- "NR"
  channel <- check_choice(channel, "channel", c("NR", "ER"))
  observed_kev <- check_number(observed_kev, "observed_kev")
  x <- with_analysis(detector, analysis, threshold_kev)
  g <- true_grid(x, channel)
  rate <- spectrum_on(spectrum, g$e)
  obs_nr <- as.integer(analysis_scale(x$analysis) == "NR")
  mp_call(.Call(ffi_det_smear, channel_spec(x, channel), channel_curve(x, channel),
                x$resolution, g$e, g$w, rate, observed_kev, obs_nr))
}

#' @rdname smear_spectrum
#' @export
smearing_kernel <- function(detector, true_kev, observed_kev, channel = c("NR", "ER"),
                            analysis = detector$analysis, threshold_kev = NULL) {
  check_xenon(detector)
  if (missing(channel)) channel <- "NR"
  channel <- check_choice(channel, "channel", c("NR", "ER"))
  true_kev <- check_positive(true_kev, "true_kev")
  observed_kev <- check_number(observed_kev, "observed_kev")
  a <- recycle_args(true_kev = true_kev, observed_kev = observed_kev)
  x <- with_analysis(detector, analysis, threshold_kev)
  obs_nr <- as.integer(analysis_scale(x$analysis) == "NR")
  check_finite_result(.Call(ffi_det_kernel, channel_spec(x, channel), channel_curve(x, channel),
                            x$resolution, a$true_kev, a$observed_kev, obs_nr),
                      "The kernel", why = "subnormal or extreme energies")
}

# A user spectrum (function or table) evaluated on energies e.
spectrum_on <- function(spectrum, e, arg = "spectrum", call = sys.call(-1)) {
  if (is.function(spectrum)) {
    y <- call_user_fun(spectrum, arg, e, call = call)
    if (!is.numeric(y) || length(y) != length(e) || anyNA(y) || any(!is.finite(y)) ||
        any(y < 0)) {
      mp_abort("`%s` must return one finite non-negative number per energy.", arg, call = call)
    }
    return(as.double(y))
  }
  curve <- as_curve(spectrum, arg, "background", call = call)
  n <- curve[2]
  x <- curve[2 + seq_len(n)]
  y <- curve_eval(curve, e)
  y[e < x[1] | e > x[n]] <- 0
  y
}

# ----------------------------------------------------------- background

#' ER backgrounds of xenon detectors
#'
#' Events / (tonne year keVee) of a flat term plus a
#' multiple of the Xe-136 two-neutrino double-beta spectrum
#' \eqn{B(E)} per tonne of natural xenon (Primakoff-Rosen shape
#' \eqn{K (T_0 - K)^5 (1 + 2K + 4K^2/3 + K^3/3 + K^4/30)}, \eqn{K = E/m_e},
#' Q = 2457.83 keV, normalised to \eqn{N \ln 2 / T_{1/2}} with
#' \eqn{T_{1/2} = 2.165 \times 10^{21}} yr and 8.857 % abundance).
#'
#' @param detector a [xenon_detector()] (its background setting is used).
#' @param energy_kevee energies in keVee.
#' @return `xenon_background()`: the background rate at each energy.
#'   `double_beta_spectrum()`: \eqn{B(E)}.
#' @examples
#' xenon_background(xenon_detector("DARWIN"), c(1, 10, 30))
#' double_beta_spectrum(c(10, 100, 1000))
#' @export
xenon_background <- function(detector, energy_kevee) {
  check_xenon(detector)
  energy_kevee <- check_number(energy_kevee, "energy_kevee", lower = 0)
  background_rate(detector, energy_kevee)
}

#' @rdname xenon_background
#' @export
double_beta_spectrum <- function(energy_kevee) {
  energy_kevee <- check_number(energy_kevee, "energy_kevee", lower = 0)
  cst <- physical_constants()
  mp_call(.Call(ffi_xe136_2vbb, energy_kevee,
                unname(cst[c("xe136_q_kev", "xe136_thalf_yr", "xe136_abundance", "xe_molar_g")]),
                mp_rel_tol()))
}

background_rate <- function(x, e) {
  b <- x$background
  if (b$type == "preset") {
    out <- rep(b$coef[["flat"]], length(e))
    if (b$coef[["double_beta"]] != 0) {
      out <- out + b$coef[["double_beta"]] * double_beta_spectrum(e)
    }
    out
  } else {
    curve_eval(b$curve, pmax(e, 1e-300))
  }
}

# Background counts per bin for one tonne-year.
background_per_tyr <- function(x, resp = NULL) {
  nb <- x$bins
  if (x$analysis == "NR") return(rep(0, nb))
  if (x$background_response) {
    resp <- resp %||% response_of(x)
    return(as.vector(resp$ER$matrix %*% background_rate(x, resp$ER$energy_kev)))
  }
  edges <- bin_edges(x)
  vapply(seq_len(nb), function(i) {
    stats::integrate(function(e) background_rate(x, e), edges[i], edges[i + 1],
                     rel.tol = 1e-8)$value
  }, numeric(1))
}
