# The LZ, XENONnT and DARWIN experiments (paper Sect. 6, Eq. 37, Figs. 11-14):
# presets, the xenon_detector() constructor, analyses and thresholds, and
# the experiment contract (count_terms, expected_counts, background_counts,
# statistic). The detector response they use is in detector.R, the bare
# solar recoil rates in solar-rates.R.

# -------------------------------------------------------------- presets

# Parametrisations (fits to LZ arXiv:1802.06039, XENONnT arXiv:1805.12562 and
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
#' Eq. 37 and the parametrisations described in
#' `vignette("differences", package = "muonphilic")`.
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
#' **Threshold**: `threshold_kev` is where the efficiency reaches
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
#' **Backgrounds**, events / (tonne year keVee): a flat term plus a
#' multiple of the Xe-136 double-beta spectrum ([xenon_background()]):
#' DARWIN 1.844 + B(E), XENONnT 11.14 + 1.30 B(E), LZ 14.53 + 1.78 B(E).
#' With `background_response = TRUE` (default) the background is passed
#' through the same ER response (efficiency and smearing) as the signal.
#'
#' **Rates**: the true-energy rates come from `xenon_rate_terms()` (solar
#' neutrinos, the package's solar module) on the grids `grid_kevnr` and
#' `grid_kevee`; `rate_terms` replaces it by any function with the same
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
#' @param name `"LZ"`, `"XENONnT"` or `"DARWIN"`: the preset.
#' @param exposure_tyr exposure in tonne-years (default 15.34, 20, 200).
#' @param analysis `"NR"`, `"ER"` or `"NR+ER"`.
#' @param threshold_kev 50 % threshold in the analysis's scale (keVnr for
#'   `"NR"`, keVee otherwise); default the nominal one (LZ 3.82 keVnr /
#'   1.47 keVee; XENONnT and DARWIN 5.66 keVnr / 1.52 keVee).
#' @param window_kev end of the energy window in the analysis's scale
#'   (default 13 keVnr for `"NR"`, 30 keVee otherwise).
#' @param n_bins number of log-spaced bins between threshold and window end
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
#' @param threshold_floor_kev lowest thresholds, `c(NR = 0.7, ER = 0.1)`
#'   (keVnr for NR, keVee for ER).
#' @param background_response pass the background through the detector
#'   response (TRUE) or integrate it directly over each bin (FALSE).
#' @param rate_terms NULL (solar neutrinos) or a function, see Details.
#' @param rate_args a list of extra arguments for the rate function.
#' @param grid_kevnr,grid_kevee ranges `c(lower, upper)` of the true-energy
#'   grids of nuclear recoils (keVnr) and electron recoils (keVee).
#' @param n_grid points of each grid (odd, for Simpson's rule). With the
#'   default 301 the solar NR counts are exact to ~1e-9 and the ER counts to
#'   ~5e-4 (the binding-energy steps of the ER rate).
#' @param ... deprecated spellings: `bins` (now `n_bins`), `grid_nr_kev`
#'   (now `grid_kevnr`), `grid_er_kev` (now `grid_kevee`).
#' @return An object of class `c("muonphilic_xenon", "muonphilic_experiment")`.
#'   Extreme inputs whose results leave double precision (couplings, charges
#'   or kinetic mixing beyond about 1e150, subnormal masses) signal an error
#'   of class `muonphilic_error_numeric` instead of returning Inf or NaN.
#' @seealso [discovery_significance()], [detector_response()],
#'   [update.muonphilic_experiment()].
#' @examples
#' darwin <- xenon_detector("DARWIN", analysis = "NR", threshold_kev = 1)
#' darwin
#' background_counts(xenon_detector("XENONnT", analysis = "ER", n_bins = 1))
#' @export
xenon_detector <- function(name = c("LZ", "XENONnT", "DARWIN"), exposure_tyr = NULL,
                           analysis = c("NR", "ER", "NR+ER"), threshold_kev = NULL,
                           window_kev = NULL, n_bins = 10L,
                           efficiency_nr = NULL, efficiency_er = NULL,
                           resolution = NULL, background = NULL,
                           nr_acceptance = 0.5, nr_leakage = 0.005,
                           quenching_k = 0.1735,
                           threshold_floor_kev = c(NR = 0.7, ER = 0.1),
                           background_response = TRUE,
                           rate_terms = NULL, rate_args = list(),
                           grid_kevnr = c(0.05, 20), grid_kevee = c(0.01, 40),
                           n_grid = 301L, ...) {
  take_renamed(c(bins = "n_bins", grid_nr_kev = "grid_kevnr", grid_er_kev = "grid_kevee"))
  args <- ctor_args()
  if (missing(name)) name <- "LZ"
  name <- check_choice(name, "detector name", names(xenon_presets))
  if (missing(analysis)) analysis <- "NR"
  analysis <- check_choice(analysis, "analysis", xenon_analyses)
  pre <- xenon_presets[[name]]
  exposure_tyr <- check_positive(exposure_tyr %||% pre$exposure_tyr, "exposure_tyr", len = 1L)
  bins <- check_number(n_bins, "n_bins", len = 1L, lower = 1, upper = 1000)
  if (bins != round(bins)) mp_abort("`n_bins` must be a whole number, not %s.", format(bins))
  nr_acceptance <- check_number(nr_acceptance, "nr_acceptance", len = 1L, lower = 0, upper = 1)
  nr_leakage <- check_number(nr_leakage, "nr_leakage", len = 1L, lower = 0, upper = 1)
  quenching_k <- check_positive(quenching_k, "quenching_k", len = 1L)
  threshold_floor_kev <- check_positive(threshold_floor_kev, "threshold_floor_kev", len = 2L)
  names(threshold_floor_kev) <- c("NR", "ER")
  check_flag(background_response, "background_response")
  if (!is.null(rate_terms)) check_function(rate_terms, "rate_terms")
  check_rate_args(rate_args, rate_terms)
  grid_nr_kev <- check_positive(grid_kevnr, "grid_kevnr", len = 2L)
  grid_er_kev <- check_positive(grid_kevee, "grid_kevee", len = 2L)
  if (grid_nr_kev[2] <= grid_nr_kev[1] || grid_er_kev[2] <= grid_er_kev[1]) {
    mp_abort("`grid_kevnr` and `grid_kevee` must be increasing ranges c(lower, upper).")
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
  x <- new_experiment("xenon",
    name = name, exposure_tyr = exposure_tyr, analysis = analysis,
    threshold_kev = NA_real_, window = window, bins = as.integer(bins),
    efficiency_nr = eff_nr, efficiency_er = eff_er, resolution = res,
    nr_acceptance = nr_acceptance, nr_leakage = nr_leakage,
    quenching_k = quenching_k, floor = threshold_floor_kev, nominal = nominal,
    background_response = background_response, rate_terms = rate_terms,
    rate_args = rate_args,
    grid = list(NR = c(grid_nr_kev, n_grid), ER = c(grid_er_kev, n_grid)),
    cache = memo_store(),
    # set by set_analysis() below
    bin_edges = c(0, 1), bin_unit = "keVnr", background = 0,
    statistic = stat_poisson(), label = name,
    exposure = c(arg = "exposure_tyr", unit = "t yr"),
    threshold = c(arg = "threshold_kev", unit = "keV"))
  x[["background"]] <- bkg
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
                         window_kev = NULL, bins = NULL, call = sys.call(-1)) {
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
  if (!is.null(bins)) x <- set_args(set_fields(x, bins = as.integer(bins)), n_bins = bins)
  x <- set_args(x, analysis = analysis, threshold_kev = thr, window_kev = x$window[[sc]])
  xenon_contract(x, call = call)
}

# The bins, their unit and the background of the current analysis (the
# contract's, computed once per analysis and threshold).
xenon_contract <- function(x, call = sys.call(-1)) {
  ct <- x$contract
  edges <- bin_edges(x)
  ct$bin_edges <- edges
  ct$bins <- data.frame(bin = seq_len(length(edges) - 1L), lower = edges[-length(edges)],
                        upper = edges[-1])
  ct$bin_unit <- scale_unit(analysis_scale(x$analysis))
  x <- set_fields(x, contract = ct)
  contract_background(x, function(x) background_per_tyr(x) * x$exposure_tyr, call = call)
}

# Like set_analysis(), but a NULL threshold keeps the detector's own when the
# analysis is unchanged (the nominal one otherwise).
with_analysis <- function(x, analysis, threshold_kev, bins = NULL, call = sys.call(-1)) {
  analysis <- check_choice(analysis, "analysis", xenon_analyses, call = call)
  if (is.null(threshold_kev) && analysis == x$analysis) threshold_kev <- x$threshold_kev
  set_analysis(x, analysis, threshold_kev, bins = bins, call = call)
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

# ------------------------------------------------------------ rates

# Rate terms [grid, term, mass] of one channel on the detector's grid, for
# all masses in one call to the rate function. The package's solar rates
# keep their model- and mass-independent flux folds in a cache (see
# xenon_fold() in solar-rates.R), so a new mass costs a few products per grid
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
#' @param g couplings (dimensionless, |g| <= sqrt(4 pi); recycled pairwise with `mass_mev`).
#' @param ... unused.
#' @export
count_terms.muonphilic_xenon <- function(x, model, mass_mev, ...) {
  check_xenon(x, "x")
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
  a <- recycle_args(g = as.double(g), mass_mev = as.double(mass_mev))
  um <- unique(a$mass_mev)
  terms <- count_terms(x, model, um)
  aterms <- structure(abs(terms), powers = attr(terms, "powers"))
  counts <- vapply(seq_along(a$g), function(i) {
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
    pmax(counts, 0)
  }, numeric(dim(terms)[1]))
  counts_frame(x, counts, a$g, a$mass_mev)
}
