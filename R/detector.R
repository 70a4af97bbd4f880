# Liquid-xenon detectors (SPEC sections 6 and 9, Eq. 37): efficiencies,
# Lindhard quenching, resolution, threshold lowering, Gaussian smearing,
# response matrices, ER backgrounds and the xenon_detector() experiments.

# ------------------------------------------------------------ quenching

#' Lindhard quenching in xenon
#'
#' SPEC section 9: \eqn{L(E) = k g / (1 + k g)} with
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
  check_finite_result(.Call(ffi_quenching, recoil_kevnr, k, 54, 0L), "Quenching factors",
                      why = "k times the reduced energy is beyond ~1e300")
}

#' @rdname lindhard_quenching
#' @export
nr_to_ee <- function(recoil_kevnr, k = 0.1735) {
  recoil_kevnr <- check_positive(recoil_kevnr, "recoil_kevnr")
  k <- check_positive(k, "k", len = 1L)
  check_finite_result(.Call(ffi_quenching, recoil_kevnr, k, 54, 1L), "Quenched energies",
                      why = "k times the reduced energy is beyond ~1e300")
}

#' @rdname lindhard_quenching
#' @export
ee_to_nr <- function(recoil_kevee, k = 0.1735) {
  recoil_kevee <- check_positive(recoil_kevee, "recoil_kevee")
  k <- check_positive(k, "k", len = 1L)
  mp_call(.Call(ffi_quenching, recoil_kevee, k, 54, 3L))
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

# -------------------------------------------------------------- presets

# SPEC section 9 (fits to LZ arXiv:1802.06039, XENONnT arXiv:1805.12562 and
# arXiv:2006.09721; DARWIN uses XENONnT's curves and arXiv:1309.7024's
# background).
xenon_presets <- list(
  LZ = list(exposure_tyr = 15.34,
            efficiency_nr = curve_logistic(1.0259, 3.8764, 0.2878, 60.51, 0.0665),
            efficiency_er = curve_logistic(1.0541, 1.4924, 0.2340, 16.03, 0.0968),
            resolution = curve_sqrt(0.33, 0),
            background = c(flat = 14.53, double_beta = 1.78)),
  XENONnT = list(exposure_tyr = 20,
                 efficiency_nr = curve_logistic(0.9726, 5.5699, 0.3010),
                 efficiency_er = curve_logistic(0.9701, 1.4766, 0.2055),
                 resolution = curve_sqrt(0.310, 0.0037),
                 background = c(flat = 11.14, double_beta = 1.30)),
  DARWIN = list(exposure_tyr = 200,
                efficiency_nr = curve_logistic(0.9726, 5.5699, 0.3010),
                efficiency_er = curve_logistic(0.9701, 1.4766, 0.2055),
                resolution = curve_sqrt(0.310, 0.0037),
                background = c(flat = 1.844, double_beta = 1))
)

xenon_analyses <- c("NR", "ER", "NR+ER")
# the energy scale of an analysis: "NR" (keVnr) or "ER" (keVee)
analysis_scale <- function(analysis) if (analysis == "NR") "NR" else "ER"
scale_unit <- function(scale) if (scale == "NR") "keVnr" else "keVee"

# ------------------------------------------------------- the experiment

#' Liquid-xenon detectors: LZ, XENONnT, DARWIN
#'
#' An experiment (see [experiment]) counting solar-neutrino nuclear (NR) and
#' electron (ER) recoils in a xenon detector, with the detector response of
#' Eq. 37 and the parametrisations of SPEC section 9.
#'
#' **Analyses** (Sect. 5 of the paper): `"NR"` counts nuclear recoils with a
#' 50 % acceptance (`nr_acceptance`) and no experimental background (energies
#' in keVnr); `"ER"` counts electron recoils plus 0.5 % of the nuclear
#' recoils (`nr_leakage`) over the ER background (keVee); `"NR+ER"` reads
#' every event as an electron recoil (keVee), with the ER background and no
#' cuts.
#'
#' **Response** (Eq. 37): the true rate is multiplied by the efficiency (NR
#' events with the NR curve in keVnr, ER events with the ER curve in keVee),
#' then smeared with a Gaussian of width \eqn{\sigma(E')} in keVee (NR
#' energies pass through the Lindhard quenching, [nr_to_ee()]), then
#' integrated over each observed bin between the threshold and the window
#' end. The inner integral is done exactly (Gaussian probabilities); the
#' outer one by Simpson's rule in \eqn{\ln E} on a fixed grid of true
#' energies, so that any spectrum costs one matrix product
#' ([detector_response()]).
#'
#' **Threshold** (SPEC 9): `threshold_kev` is where the efficiency reaches
#' 50 %. Moving it multiplies the logistic's \eqn{E_{50}} by
#' \eqn{E_{new}/E_{nominal}} (a shift in \eqn{\ln E}; the high-energy cut
#' stays; user tables and functions are shifted as a whole). When lowered,
#' the resolution becomes \eqn{\sigma(E + \Delta)} above the new threshold
#' and \eqn{\sigma(E_{nominal})} below it, \eqn{\Delta = E_{nominal} -
#' E_{new}} in keVee. In the keVee analyses the NR efficiency moves by the
#' same factor as the ER one, but its 50 % point stays at or above the NR
#' floor (0.7 keVnr). Thresholds below 0.7 keVnr / 0.1 keVee (where the
#' Lindhard model has been verified) are refused.
#'
#' **Backgrounds** (SPEC 9), events / (tonne year keVee): a flat term plus a
#' multiple of the Xe-136 double-beta spectrum ([xenon_background()]):
#' DARWIN 1.844 + B(E), XENONnT 11.14 + 1.30 B(E), LZ 14.53 + 1.78 B(E).
#' With `background_response = TRUE` (default) the background is passed
#' through the same ER response (efficiency and smearing) as the signal.
#'
#' **Rates**: the true-energy rates come from `xenon_rate_terms()` (solar
#' neutrinos, the package's solar module) on the grids `grid_nr_kev` and
#' `grid_er_kev`; `rate_terms` replaces it by any function with the same
#' signature `function(model, mass_mev, recoil_kev, channel, ...)` returning
#' an array `[energy, term, mass]` with attribute `powers`, in events /
#' (tonne year keV); `rate_args` are passed on (e.g. `sin2_theta_w`,
#' `oscillation`, `components`). `rate_args` must be named arguments that
#' the rate function accepts (checked here). Errors of a user's `rate_terms`
#' become errors of class `muonphilic_error_input`, as do NA, NaN or
#' infinite rates, negative coupling-independent (Standard-Model) terms and
#' negative expected counts.
#'
#' **Changing a detector**: `update(x, exposure_tyr = 40)` or
#' `x$exposure_tyr <- 40` rebuild it with that argument changed (see
#' [update.muonphilic_experiment()]); derived fields cannot be set.
#'
#' @param name `"LZ"`, `"XENONnT"` or `"DARWIN"`: the preset (SPEC 6, 9).
#' @param exposure_tyr exposure in tonne-years (default 15.34, 20, 200).
#' @param analysis `"NR"`, `"ER"` or `"NR+ER"`.
#' @param threshold_kev 50 % threshold in the analysis's scale (keVnr for
#'   `"NR"`, keVee otherwise); default the nominal one (LZ 3.82 keVnr /
#'   1.47 keVee; XENONnT and DARWIN 5.66 keVnr / 1.52 keVee).
#' @param window_kev end of the energy window in the analysis's scale
#'   (default 13 keVnr for `"NR"`, 30 keVee otherwise).
#' @param bins number of log-spaced bins between threshold and window end
#'   (1 gives a single counting bin).
#' @param efficiency_nr,efficiency_er efficiency curves (NULL: the preset;
#'   or a function of energy in keVnr / keVee, or a two-column table
#'   (energy, efficiency) interpolated linearly in \eqn{\ln E} in C and
#'   held at its end values outside its range; functions are tabulated at
#'   401 log-spaced energies in \[0.001, 1000\] keV).
#' @param resolution Gaussian width in keVee as a function of keVee (NULL:
#'   the preset, LZ \eqn{0.33\sqrt{E}}, XENONnT/DARWIN
#'   \eqn{0.310\sqrt{E} + 0.0037E}), a function or a table.
#' @param background ER background in events / (tonne year keVee): NULL
#'   (the preset), `c(flat = , double_beta = )` coefficients, a function of
#'   keVee or a table.
#' @param nr_acceptance NR acceptance in the `"NR"` analysis (0.5).
#' @param nr_leakage fraction of NR events kept in the `"ER"` analysis
#'   (0.005, i.e. 99.5 % discrimination).
#' @param quenching_k Lindhard k (0.1735).
#' @param threshold_floor_kev lowest thresholds, `c(NR = 0.7, ER = 0.1)`.
#' @param background_response pass the background through the detector
#'   response (TRUE) or integrate it directly over each bin (FALSE).
#' @param rate_terms NULL (solar neutrinos) or a function, see Details.
#' @param rate_args a list of extra arguments for the rate function.
#' @param grid_nr_kev,grid_er_kev ranges of the true-energy grids (keVnr,
#'   keVee).
#' @param n_grid points of each grid (odd, for Simpson's rule). With the
#'   default 301 the solar NR counts are exact to ~1e-9 and the ER counts to
#'   ~5e-4 (the binding-energy steps of the ER rate).
#' @return An object of class `c("muonphilic_xenon", "muonphilic_experiment")`.
#'   Extreme inputs whose results leave double precision (couplings, charges
#'   or kinetic mixing beyond about 1e150, subnormal masses) signal an error
#'   of class `muonphilic_error_numeric` instead of returning Inf or NaN.
#' @seealso [discovery_significance()], [detector_response()],
#'   [update.muonphilic_experiment()].
#' @examples
#' darwin <- xenon_detector("DARWIN", analysis = "NR", threshold_kev = 1)
#' darwin
#' background_counts(xenon_detector("XENONnT", analysis = "ER", bins = 1))
#' @export
xenon_detector <- function(name = c("LZ", "XENONnT", "DARWIN"), exposure_tyr = NULL,
                           analysis = c("NR", "ER", "NR+ER"), threshold_kev = NULL,
                           window_kev = NULL, bins = 10L,
                           efficiency_nr = NULL, efficiency_er = NULL,
                           resolution = NULL, background = NULL,
                           nr_acceptance = 0.5, nr_leakage = 0.005,
                           quenching_k = 0.1735,
                           threshold_floor_kev = c(NR = 0.7, ER = 0.1),
                           background_response = TRUE,
                           rate_terms = NULL, rate_args = list(),
                           grid_nr_kev = c(0.05, 20), grid_er_kev = c(0.01, 40),
                           n_grid = 301L) {
  args <- ctor_args()
  if (missing(name)) name <- "LZ"
  name <- check_choice(name, "detector name", names(xenon_presets))
  if (missing(analysis)) analysis <- "NR"
  analysis <- check_choice(analysis, "analysis", xenon_analyses)
  pre <- xenon_presets[[name]]
  exposure_tyr <- check_positive(exposure_tyr %||% pre$exposure_tyr, "exposure_tyr", len = 1L)
  bins <- check_number(bins, "bins", len = 1L, lower = 1, upper = 1000)
  if (bins != round(bins)) mp_abort("`bins` must be a whole number, not %s.", format(bins))
  nr_acceptance <- check_number(nr_acceptance, "nr_acceptance", len = 1L, lower = 0, upper = 1)
  nr_leakage <- check_number(nr_leakage, "nr_leakage", len = 1L, lower = 0, upper = 1)
  quenching_k <- check_positive(quenching_k, "quenching_k", len = 1L)
  threshold_floor_kev <- check_positive(threshold_floor_kev, "threshold_floor_kev", len = 2L)
  names(threshold_floor_kev) <- c("NR", "ER")
  check_flag(background_response, "background_response")
  if (!is.null(rate_terms)) check_function(rate_terms, "rate_terms")
  check_rate_args(rate_args, rate_terms)
  grid_nr_kev <- check_positive(grid_nr_kev, "grid_nr_kev", len = 2L)
  grid_er_kev <- check_positive(grid_er_kev, "grid_er_kev", len = 2L)
  if (grid_nr_kev[2] <= grid_nr_kev[1] || grid_er_kev[2] <= grid_er_kev[1]) {
    mp_abort("`grid_nr_kev` and `grid_er_kev` must be increasing ranges c(lower, upper).")
  }
  n_grid <- check_number(n_grid, "n_grid", len = 1L, lower = 11, upper = 10001)
  if (n_grid != round(n_grid) || n_grid %% 2 == 0) {
    mp_abort("`n_grid` must be an odd whole number (Simpson's rule), not %s.", format(n_grid))
  }
  eff_nr <- if (is.null(efficiency_nr)) pre$efficiency_nr else as_curve(efficiency_nr, "efficiency_nr", "efficiency")
  eff_er <- if (is.null(efficiency_er)) pre$efficiency_er else as_curve(efficiency_er, "efficiency_er", "efficiency")
  res <- if (is.null(resolution)) pre$resolution else as_curve(resolution, "resolution", "resolution")
  if (is.null(background)) {
    bkg <- list(type = "preset", coef = pre$background)
  } else if (is.numeric(background) && !is.matrix(background)) {
    coef <- check_number(background, "background", len = 2L, lower = 0)
    bkg <- list(type = "preset", coef = stats::setNames(coef, c("flat", "double_beta")))
  } else {
    bkg <- list(type = "curve", curve = as_curve(background, "background", "background"))
  }
  nominal <- c(NR = mp_call(.Call(ffi_eff_half_point, eff_nr, mp_rel_tol())),
               ER = mp_call(.Call(ffi_eff_half_point, eff_er, mp_rel_tol())))
  window <- c(NR = 13, ER = 30)
  x <- structure(list(
    name = name, exposure_tyr = exposure_tyr, analysis = analysis,
    threshold_kev = NA_real_, window = window, bins = as.integer(bins),
    efficiency_nr = eff_nr, efficiency_er = eff_er, resolution = res,
    background = bkg, nr_acceptance = nr_acceptance, nr_leakage = nr_leakage,
    quenching_k = quenching_k, floor = threshold_floor_kev, nominal = nominal,
    background_response = background_response, rate_terms = rate_terms,
    rate_args = rate_args,
    grid = list(NR = c(grid_nr_kev, n_grid), ER = c(grid_er_kev, n_grid)),
    cache = memo_store()
  ), class = c("muonphilic_xenon", "muonphilic_experiment"))
  x <- set_analysis(x, analysis, threshold_kev, window_kev)
  mp_seal(x, "xenon_detector", args)
}

# The rate function's fixed arguments (passed by the detector).
rate_fixed_args <- c("model", "mass_mev", "recoil_kev", "channel")
# Extra inputs of the package's solar rates (xenon_rate_terms()).
solar_rate_args <- c("components", "target", "sin2_theta_w", "rrpa", "oscillation",
                     "solar_model", "flux", "production", "r_production", "ne_center", "ne_slope",
                     "shells", "rrpa_table")

# `rate_args` must be a list of distinct named arguments that the rate
# function accepts (checked now, not when the first count is asked for).
check_rate_args <- function(rate_args, rate_terms, call = sys.call(-1)) {
  if (!is.list(rate_args) || is.data.frame(rate_args)) {
    mp_abort("`rate_args` must be a list of arguments for the rate function, not %s.",
             mp_describe(rate_args), call = call)
  }
  if (!length(rate_args)) return(invisible(rate_args))
  nms <- names(rate_args)
  if (is.null(nms) || anyNA(nms) || any(!nzchar(nms)) || anyDuplicated(nms)) {
    mp_abort("`rate_args` must be a list of distinctly named arguments, e.g. list(oscillation = \"desalas2020\").",
             call = call)
  }
  fixed <- intersect(nms, rate_fixed_args)
  if (length(fixed)) {
    mp_abort("`rate_args` must not contain %s: the detector passes %s itself.",
             paste0("`", fixed, "`", collapse = ", "),
             paste0("`", rate_fixed_args, "`", collapse = ", "), call = call)
  }
  allowed <- if (is.null(rate_terms)) solar_rate_args else {
    f <- names(formals(rate_terms))
    if ("..." %in% f) NULL else setdiff(f, rate_fixed_args)
  }
  bad <- if (is.null(allowed)) character() else setdiff(nms, allowed)
  if (length(bad)) {
    mp_abort("Unknown `rate_args` %s: the rate function accepts %s.",
             paste0("`", bad, "`", collapse = ", "),
             if (length(allowed)) paste0("`", allowed, "`", collapse = ", ") else "none",
             call = call)
  }
  invisible(rate_args)
}

# Switch analysis / threshold / window end, validating them.
set_analysis <- function(x, analysis = x$analysis, threshold_kev = NULL,
                         window_kev = NULL, call = sys.call(-1)) {
  analysis <- check_choice(analysis, "analysis", xenon_analyses, call = call)
  sc <- analysis_scale(analysis)
  window <- x$window
  if (!is.null(window_kev)) {
    window[[sc]] <- check_positive(window_kev, "window_kev", len = 1L, call = call)
    x <- set_fields(x, window = window)
  }
  if (is.null(threshold_kev) && is.na(x$nominal[[sc]])) {
    mp_abort("The %s efficiency never falls below 50 %%: give `threshold_kev` (%s).",
             if (sc == "NR") "NR" else "ER", scale_unit(sc), call = call)
  }
  thr <- if (is.null(threshold_kev)) x$nominal[[sc]] else
    check_positive(threshold_kev, "threshold_kev", len = 1L, call = call)
  if (thr < x$floor[[sc]] * (1 - 1e-12)) {
    mp_abort("`threshold_kev` = %g %s is below the lowest threshold allowed for the %s analysis (%g %s, where the Lindhard model is verified).",
             thr, scale_unit(sc), analysis, x$floor[[sc]], scale_unit(sc), call = call)
  }
  if (x$window[[sc]] <= thr) {
    mp_abort("The window end (%g %s) must lie above the threshold (%g %s).",
             x$window[[sc]], scale_unit(sc), thr, scale_unit(sc), call = call)
  }
  # fields and the remembered arguments move together (see update())
  x <- set_fields(x, analysis = analysis, threshold_kev = thr)
  set_args(x, analysis = analysis, threshold_kev = thr, window_kev = x$window[[sc]])
}

# Like set_analysis(), but a NULL threshold keeps the detector's own when the
# analysis is unchanged (the nominal one otherwise).
with_analysis <- function(x, analysis, threshold_kev, call = sys.call(-1)) {
  analysis <- check_choice(analysis, "analysis", xenon_analyses, call = call)
  if (is.null(threshold_kev) && analysis == x$analysis) threshold_kev <- x$threshold_kev
  set_analysis(x, analysis, threshold_kev, call = call)
}

#' @export
print.muonphilic_xenon <- function(x, ...) {
  check_xenon(x, "x")
  sc <- analysis_scale(x$analysis)
  u <- scale_unit(sc)
  cat(sprintf("<xenon detector %s> %s analysis, %g t yr\n", x$name, x$analysis, x$exposure_tyr))
  cat(sprintf("  threshold %.3g %s (nominal %.3g), window end %g %s, %d bin%s\n",
              x$threshold_kev, u, x$nominal[[sc]], x$window[[sc]], u, x$bins,
              if (x$bins == 1L) "" else "s"))
  invisible(x)
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
  to_ee <- function(e) .Call(ffi_quenching, as.double(e), k, 54, 1L)
  # resolution cap and shift in keVee (SPEC 9)
  e_nom <- if (sc == "NR") to_ee(nom[["NR"]]) else nom[["ER"]]
  e_new <- if (sc == "NR") to_ee(thr) else thr
  shift <- max(e_nom - e_new, 0)
  e_cap <- min(e_new, e_nom)
  if (channel == "NR") {
    nr_thr <- if (sc == "NR") thr else max(nom[["NR"]] * ratio, x$floor[["NR"]])
    scale <- if (is.na(x$nominal[["NR"]])) 1 else nr_thr / nom[["NR"]]
    weight <- switch(x$analysis, NR = x$nr_acceptance, ER = x$nr_leakage, `NR+ER` = 1)
    c(1, k, 54, scale, e_cap, shift, weight)
  } else {
    weight <- if (x$analysis == "NR") 0 else 1
    c(0, k, 54, ratio, e_cap, shift, weight)
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
  if (analysis_scale(x$analysis) == "NR") .Call(ffi_quenching, edges, x$quenching_k, 54, 1L) else edges
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
#' r <- detector_response(xenon_detector("DARWIN", bins = 1))
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
    mp_abort("`%s` must be a xenon detector from xenon_detector(), not %s.", arg,
             mp_describe(x), call = call)
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
#' @param analysis,threshold_kev override the detector's.
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
#' @param analysis,threshold_kev override the detector's.
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
#' SPEC section 9: events / (tonne year keVee) of a flat term plus a
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
  mp_call(.Call(ffi_xe136_2vbb, energy_kevee, c(2457.83, 2.165e21, 0.08857, 131.293),
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

# ------------------------------------------------------------ rates

# Rate terms [grid, term, mass] of one channel on the detector's grid, for
# all masses in one call to the rate function. The package's solar rates
# keep their model- and mass-independent flux folds in a cache (see
# xenon_fold() in xenon.R), so a new mass costs a few products per grid
# energy and no per-mass cache is needed here.
rate_terms_on_grid <- function(x, model, mass_mev, channel, call = sys.call(-1)) {
  g <- true_grid(x, channel)
  fn <- x$rate_terms
  if (is.null(fn)) {
    fn <- get0("xenon_rate_terms", envir = asNamespace("muonphilic"), mode = "function",
               inherits = FALSE)
    if (is.null(fn)) {
      mp_abort("Solar-neutrino rates (xenon_rate_terms) are not available in this build; pass `rate_terms` to xenon_detector().",
               class = "muonphilic_error_dependency")
    }
  }
  args <- c(list(model = model, mass_mev = mass_mev, recoil_kev = g$e, channel = channel),
            x$rate_args)
  if (is.null(x$rate_terms)) {
    # the package's solar rates: flux folds memoised in the detector
    t <- do.call(fn, c(args, list(fold_cache = x$cache)))
  } else {
    t <- call_user_fun(function() do.call(fn, args), "rate_terms", call = call)
  }
  d <- dim(t)
  powers <- attr(t, "powers")
  if (!is.numeric(t) || is.null(d) || length(d) != 3L || d[1] != length(g$e) ||
      d[3] != length(mass_mev) || !is.numeric(powers) || length(powers) != d[2] ||
      anyNA(powers) || any(!is.finite(powers))) {
    mp_abort("The rate function must return a numeric array [energy, term, mass] with numeric attribute \"powers\" (one per term).",
             call = call)
  }
  t <- structure(array(as.double(t), d), powers = as.double(powers))
  if (anyNA(t) || any(!is.finite(t))) {
    bad <- mass_mev[apply(!is.finite(t), 3L, any)]
    mp_abort("The rate function returned NA, NaN or infinite %s rates (at %s MeV).",
             channel, paste(format(utils::head(bad, 3L)), collapse = ", "), call = call)
  }
  sm <- powers == 0
  if (any(sm) && any(t[, sm, ] < 0)) {
    mp_abort("The rate function returned negative Standard-Model %s rates (the coupling-independent term must be a rate, >= 0).",
             channel, call = call)
  }
  t
}

# All rate terms the detector needs for masses (list NR, ER).
detector_rates <- function(x, model, mass_mev, call = sys.call(-1)) {
  out <- list(NR = rate_terms_on_grid(x, model, mass_mev, "NR", call = call),
              ER = rate_terms_on_grid(x, model, mass_mev, "ER", call = call))
  if (!identical(attr(out$NR, "powers"), attr(out$ER, "powers"))) {
    mp_abort("NR and ER rate terms must share their coupling powers.", call = call)
  }
  out
}

# counts per bin per tonne-year: [bin, term, mass] from a response and rates
fold_terms <- function(resp, rates) {
  nb <- nrow(resp$NR$matrix)
  nt <- dim(rates$NR)[2]
  nm <- dim(rates$NR)[3]
  out <- array(0, c(nb, nt, nm))
  for (m in seq_len(nm)) {
    out[, , m] <- resp$NR$matrix %*% matrix(rates$NR[, , m], ncol = nt) +
      resp$ER$matrix %*% matrix(rates$ER[, , m], ncol = nt)
  }
  attr(out, "powers") <- attr(rates$NR, "powers")
  out
}

# ------------------------------------------------------ contract methods

#' @rdname xenon_detector
#' @param x a xenon detector.
#' @param model a model ([lmu_ltau()], ...).
#' @param mass_mev mediator masses in MeV.
#' @param g couplings (recycled pairwise with `mass_mev`).
#' @param ... unused.
#' @export
count_terms.muonphilic_xenon <- function(x, model, mass_mev, ...) {
  check_xenon(x, "x")
  check_model(model)
  mass_mev <- check_positive(mass_mev, "mass_mev")
  resp <- response_of(x)
  out <- fold_terms(resp, detector_rates(x, model, mass_mev))
  p <- attr(out, "powers")
  out <- out * x$exposure_tyr
  attr(out, "powers") <- p
  check_finite_result(out, "Count terms")
}

#' @rdname xenon_detector
#' @export
expected_counts.muonphilic_xenon <- function(x, model, g, mass_mev, ...) {
  check_xenon(x, "x")
  check_model(model)
  g <- check_number(g, "g")
  mass_mev <- check_positive(mass_mev, "mass_mev")
  a <- recycle_args(g = g, mass_mev = mass_mev)
  um <- unique(a$mass_mev)
  terms <- count_terms(x, model, um)
  edges <- bin_edges(x)
  nb <- length(edges) - 1L
  aterms <- structure(abs(terms), powers = attr(terms, "powers"))
  rows <- lapply(seq_along(a$g), function(i) {
    m <- match(a$mass_mev[i], um)
    counts <- as.vector(eval_terms(terms, a$g[i], m))
    check_finite_result(counts, "Expected counts")
    # counts are |amplitude|^2 sums: negative beyond rounding means a rate
    # function gave negative rates
    size <- as.vector(eval_terms(aterms, abs(a$g[i]), m))
    if (any(counts < -1e-9 * size)) {
      mp_abort("Negative expected counts at g = %g, M = %g MeV: the rate function gives negative rates there.",
               a$g[i], a$mass_mev[i])
    }
    data.frame(bin = seq_len(nb), lower = edges[-length(edges)], upper = edges[-1],
               counts = pmax(counts, 0), g = a$g[i], mass_mev = a$mass_mev[i])
  })
  out <- do.call(rbind, rows)
  attr(out, "unit") <- scale_unit(analysis_scale(x$analysis))
  out
}

#' @rdname xenon_detector
#' @export
background_counts.muonphilic_xenon <- function(x, ...) {
  check_xenon(x, "x")
  background_per_tyr(x) * x$exposure_tyr
}

#' @rdname xenon_detector
#' @export
statistic.muonphilic_xenon <- function(x, ...) {
  check_xenon(x, "x")
  "poisson"
}
