# Neutrino sources as data and the general CEvNS detector (paper Sect. 4,
# Eqs. 31-34). A source is monochromatic lines plus piecewise-polynomial
# spectra per flavour; one binned integrator in C folds any such source with
# the cross section of Eq. 33, so a new source or target needs no new C.

source_flavours <- c("nu_e", "nu_mu", "nu_tau", "anti_nu_e", "anti_nu_mu",
                     "anti_nu_tau")

# flavour name -> 0 (e), 1 (mu), 2 (tau): anti-neutrinos scatter like their
# flavour (Eq. 33)
source_flavour_index <- function(f) (match(f, source_flavours) - 1) %% 3

new_source <- function(label, intensity_per_year, lines, segments, coef) {
  structure(list(
    label = label, intensity_per_year = intensity_per_year,
    lines = lines, segments = segments,
    c = list(line_flavour = as.double(source_flavour_index(lines$flavour)),
             line_gev = lines$enu_mev / 1000,
             line_weight = as.double(lines$weight),
             seg_flavour = as.double(source_flavour_index(segments$flavour)),
             seg_lo_gev = segments$lower_mev / 1000,
             seg_hi_gev = segments$upper_mev / 1000,
             seg_coef = as.double(t(coef)))
  ), class = "muonphilic_source")
}

#' The pion-decay-at-rest neutrino source
#'
#' Eq. 31 as data: per proton on target, `r` prompt \eqn{\nu_\mu} in a line
#' at \eqn{E = (m_\pi^2 - m_\mu^2)/(2m_\pi) = 29.79} MeV and `r` each of
#' delayed \eqn{\bar\nu_\mu} (\eqn{64E^2/m_\mu^3 (3/4 - E/m_\mu)}) and
#' \eqn{\nu_e} (\eqn{192E^2/m_\mu^3 (1/2 - E/m_\mu)}) up to \eqn{m_\mu/2}.
#' The spectra are exact cubic polynomials, so the CEvNS fold is done in
#' closed form.
#'
#' @param r neutrinos of each flavour per proton on target (positive).
#' @param pot_per_year protons on target per year (positive).
#' @param label a name for the source.
#' @return A source of class `muonphilic_source` for [cevns_detector()]:
#'   `label`, `intensity_per_year` (neutrinos of each flavour per year,
#'   \eqn{r N_{POT}}), `lines` (`flavour`, `enu_mev`, `weight` per unit
#'   intensity) and `segments` (`flavour`, `lower_mev`, `upper_mev`: the
#'   spectra as polynomials in \eqn{E_\nu}).
#' @examples
#' pidar_source(r = 0.3, pot_per_year = 2.8e23)
#' @export
pidar_source <- function(r = 0.3, pot_per_year = 2.8e23, label = "pi-DAR") {
  r <- check_positive(r, "r", len = 1L)
  pot_per_year <- check_positive(pot_per_year, "pot_per_year", len = 1L)
  label <- check_label(label)
  intensity <- r * pot_per_year
  if (!is.finite(intensity) || intensity <= 0) {
    mp_abort("`r` x `pot_per_year` (%g x %g) must be a positive finite number of neutrinos per year.",
             r, pot_per_year)
  }
  p <- .Call(ffi_pidar_source)
  lines <- data.frame(flavour = "nu_mu", enu_mev = p$line_gev * 1000, weight = 1,
                      stringsAsFactors = FALSE)
  segments <- data.frame(flavour = c("anti_nu_mu", "nu_e"), lower_mev = 0,
                         upper_mev = p$end_gev * 1000, stringsAsFactors = FALSE)
  src <- new_source(label, intensity, lines, segments,
                    rbind(p$coef_numubar, p$coef_nue))
  # exact GeV values from C (no MeV round trip)
  src$c$line_gev <- p$line_gev
  src$c$seg_hi_gev <- rep(p$end_gev, 2L)
  src
}

#' A neutrino source from lines and a tabulated spectrum
#'
#' Any source for [cevns_detector()]: monochromatic lines and, per
#' flavour, a spectrum tabulated at increasing energies and interpolated
#' linearly between them (zero outside the table). The fold with the CEvNS
#' cross section is exact for this piecewise-linear spectrum.
#'
#' @param lines `NULL` or a data frame with `flavour` (one of `"nu_e"`,
#'   `"nu_mu"`, `"nu_tau"`, `"anti_nu_e"`, `"anti_nu_mu"`, `"anti_nu_tau"`),
#'   `enu_mev` (line energy in MeV, positive) and `per_year` (neutrinos
#'   emitted per year, non-negative).
#' @param spectrum `NULL` or a data frame with `flavour`, `enu_mev`
#'   (positive, strictly increasing within a flavour, at least two per
#'   flavour) and `per_mev_per_year` (neutrinos per MeV emitted per year,
#'   non-negative).
#' @param label a name for the source.
#' @return A source of class `muonphilic_source` (see [pidar_source()]),
#'   with `intensity_per_year = 1`.
#' @examples
#' src <- neutrino_source(
#'   lines = data.frame(flavour = "nu_mu", enu_mev = 29.79, per_year = 1e22),
#'   spectrum = data.frame(flavour = "nu_e", enu_mev = c(1, 20, 52),
#'                         per_mev_per_year = c(0, 5e20, 0)))
#' src
#' @export
neutrino_source <- function(lines = NULL, spectrum = NULL, label = "user source") {
  label <- check_label(label)
  if (is.null(lines) && is.null(spectrum)) {
    mp_abort("Give `lines`, `spectrum` or both.")
  }
  fl_msg <- paste0("\"", source_flavours, "\"", collapse = ", ")
  check_frame <- function(df, arg, cols) {
    if (!is.data.frame(df) || !all(cols %in% names(df)) || nrow(df) == 0L) {
      mp_abort("`%s` must be a data frame with columns %s and at least one row, not %s.",
               arg, paste(cols, collapse = ", "), mp_describe(df), call = NULL)
    }
    if (!is.character(df$flavour) || anyNA(df$flavour) || !all(df$flavour %in% source_flavours)) {
      mp_abort("`%s$flavour` must hold flavours among %s.", arg, fl_msg, call = NULL)
    }
  }
  ln <- data.frame(flavour = character(0), enu_mev = numeric(0), weight = numeric(0))
  if (!is.null(lines)) {
    check_frame(lines, "lines", c("flavour", "enu_mev", "per_year"))
    ln <- data.frame(flavour = lines$flavour,
                     enu_mev = check_positive(lines$enu_mev, "lines$enu_mev"),
                     weight = check_number(lines$per_year, "lines$per_year", lower = 0),
                     stringsAsFactors = FALSE)
  }
  seg <- data.frame(flavour = character(0), lower_mev = numeric(0), upper_mev = numeric(0))
  coef <- matrix(0, 0, 4)
  if (!is.null(spectrum)) {
    check_frame(spectrum, "spectrum", c("flavour", "enu_mev", "per_mev_per_year"))
    e_all <- check_positive(spectrum$enu_mev, "spectrum$enu_mev")
    y_all <- check_number(spectrum$per_mev_per_year, "spectrum$per_mev_per_year", lower = 0)
    for (f in unique(spectrum$flavour)) {
      k <- spectrum$flavour == f
      e <- e_all[k] / 1000
      y <- y_all[k] * 1000 # per GeV
      if (length(e) < 2L || any(diff(e) <= 0)) {
        mp_abort("`spectrum$enu_mev` must hold at least two strictly increasing energies for flavour \"%s\".",
                 f)
      }
      slope <- diff(y) / diff(e)
      n <- length(e) - 1L
      seg <- rbind(seg, data.frame(flavour = f, lower_mev = e[-n - 1L] * 1000,
                                   upper_mev = e[-1] * 1000, stringsAsFactors = FALSE))
      coef <- rbind(coef, cbind(y[-n - 1L] - slope * e[-n - 1L], slope, 0, 0))
    }
  }
  new_source(label, 1, ln, seg, unname(coef))
}

check_label <- function(label, call = sys.call(-1)) {
  if (!is.character(label) || length(label) != 1L || is.na(label) || !nzchar(label)) {
    mp_abort("`label` must be one non-empty string, not %s.", mp_describe(label), call = call)
  }
  label
}

check_source <- function(x, call = sys.call(-1)) {
  if (!inherits(x, "muonphilic_source") || !is.list(x$c) ||
      !is.numeric(x$intensity_per_year)) {
    mp_abort("`source` must be a neutrino source from pidar_source() or neutrino_source(), not %s.",
             mp_describe(x), call = call)
  }
  x
}

#' @export
print.muonphilic_source <- function(x, ...) {
  check_source(x)
  cat("<muonphilic neutrino source> ", x$label, ", ", format(x$intensity_per_year),
      " x weights per year\n", sep = "")
  if (nrow(x$lines)) {
    cat("  lines:\n")
    print(x$lines, row.names = FALSE)
  }
  if (nrow(x$segments)) {
    cat(sprintf("  spectra: %s\n", paste(unique(x$segments$flavour), collapse = ", ")))
  }
  invisible(x)
}

# The largest neutrino energy of a source (MeV).
source_emax_mev <- function(src) max(c(src$lines$enu_mev, src$segments$upper_mev))

#' A CEvNS detector at any neutrino source
#'
#' Counts follow Eq. 32: \eqn{N = N_{targ}\, t/(4\pi L^2) \int dE_R\,
#' \epsilon(E_R) \sum_\alpha \int dE_\nu\, \phi_\alpha(E_\nu)
#' d\sigma_\alpha/dE_R}, with the source's fluxes per year
#' ([pidar_source()], [neutrino_source()]) and the cross section of
#' [cevns_xsec()] (Eq. 33) summed over the target's isotopes. The
#' neutrino-energy integral is exact (lines as delta functions, spectra as
#' polynomials); the recoil integral is adaptive with the package's
#' relative tolerance (`options(muonphilic.rel_tol)`). The statistic is the
#' pull chi-square of Eq. 34. The paper's detectors are presets:
#' [spallation_detector()].
#'
#' @param source a neutrino source ([pidar_source()], [neutrino_source()]).
#' @param target the target: a [nucleus()] (an isotope or a natural mix) or
#'   its name (`"Ge"`, `"Ar40"`, ...).
#' @param mass_t target mass in tonnes (positive).
#' @param distance_m distance between source and detector in metres.
#' @param years exposure time in years.
#' @param threshold_kevnr sharp recoil threshold in keVnr (non-negative,
#'   below the last bin edge): events below it are dropped.
#' @param bin_edges_kevnr strictly increasing positive recoil bin edges in
#'   keVnr; `NULL` (default) gives four log-spaced bins from the threshold
#'   to the largest recoil the source can give the lightest isotope.
#' @param efficiency `NULL` (100 %) or a vectorised function of the energy
#'   (keVee with `quenching`, keVnr without) returning values in \[0, 1\],
#'   tabulated at `efficiency_nodes` recoil energies and interpolated by a
#'   cubic spline.
#' @param quenching `NULL` or a function of the recoil energy (keVnr)
#'   returning the quenching factor (electron-equivalent energy
#'   \eqn{E_{ee} = QF\, E_R} in keVee).
#' @param resolution `NULL` (recoil energies measured exactly) or a
#'   vectorised function of the true recoil energy (keVnr) returning the
#'   Gaussian energy resolution \eqn{\sigma} in keVnr (positive). With it,
#'   `bin_edges_kevnr` are reconstructed energies: a recoil of true energy
#'   \eqn{E} lands in \[lo, hi\] with probability
#'   \eqn{\Phi((hi - E)/\sigma) - \Phi((lo - E)/\sigma)}, while the
#'   threshold and the efficiency act on the true energy (the threshold must
#'   then be positive). \eqn{\sigma} is tabulated at 201 energies from the
#'   threshold to the largest recoil and interpolated by a cubic spline.
#' @param background_fraction background per bin as a fraction of the SM
#'   counts (the paper's 0.1); ignored when `background_per_bin` is given.
#' @param background_per_bin `NULL` or the expected background counts per
#'   bin over the exposure (non-negative, one per bin).
#' @param sigma_sys relative normalisation uncertainty of Eq. 34.
#' @param label a name for the detector (free text, used in tables and plots).
#' @param efficiency_nodes number of tabulation points for `efficiency`
#'   (3 to 1e5).
#' @param sin2_theta_w \eqn{\sin^2\theta_W}.
#' @seealso [update.muonphilic_experiment()] to change its arguments later.
#' @return An experiment of class `c("muonphilic_cevns",
#'   "muonphilic_experiment")` with the methods of [experiment] and
#'   [sm_counts()]; its statistic is [stat_chi2_pull()] with `sigma_sys`,
#'   its background is computed once, when it is built.
#' @examples
#' ge <- cevns_detector(pidar_source(r = 0.3, pot_per_year = 2.8e23), "Ge",
#'                      mass_t = 0.01, distance_m = 20, threshold_kevnr = 1,
#'                      label = "Ge at the ESS")
#' sm_counts(ge)
#' count_terms(ge, lmu_ltau(), mass_mev = 15)
#' @export
cevns_detector <- function(source, target, mass_t, distance_m, years = 1,
                           threshold_kevnr = 1, bin_edges_kevnr = NULL,
                           efficiency = NULL, quenching = NULL, resolution = NULL,
                           background_fraction = 0.1, background_per_bin = NULL,
                           sigma_sys = 0.05, label = "CEvNS detector",
                           efficiency_nodes = 401, sin2_theta_w = 0.2387) {
  args <- ctor_args()
  obj <- build_cevns(source, target, mass_t, distance_m, years, threshold_kevnr,
                     bin_edges_kevnr, efficiency, quenching, background_fraction,
                     background_per_bin, sigma_sys, label, efficiency_nodes,
                     sin2_theta_w, resolution = resolution)
  mp_seal(new_cevns(obj), "cevns_detector", args)
}

# The experiment from the fields of build_cevns(): Eq. 34 with the
# detector's sigma_sys, the background once (per bin as given, or a fraction
# of the SM counts).
new_cevns <- function(fields, subclass = character(), threshold_arg = "threshold_kevnr") {
  own <- fields[setdiff(names(fields), "label")]
  x <- do.call(new_experiment, c(list("cevns"), own, list(
    bin_edges = fields$bin_edges_kevnr, bin_unit = "keVnr",
    background = function(x) {
      if (!is.null(x$background_per_bin)) return(x$background_per_bin)
      x$background_fraction * as.vector(cevns_counts(x, lmu_ltau(), 0, 1))
    },
    statistic = stat_chi2_pull(fields$sigma_sys), label = fields$label,
    exposure = c(arg = "years", unit = "yr"),
    threshold = c(arg = threshold_arg, unit = "keVnr"), subclass = subclass)))
  x[["label"]] <- fields$label
  x
}

# The fields of a CEvNS detector (shared by cevns_detector() and the
# spallation presets).
build_cevns <- function(source, target, mass_t, distance_m, years, threshold_kevnr,
                        bin_edges_kevnr, efficiency, quenching, background_fraction,
                        background_per_bin, sigma_sys, label, efficiency_nodes,
                        sin2_theta_w, resolution = NULL, call = sys.call(-1)) {
  source <- check_source(source, call = call)
  target <- check_nucleus(target, "target", call = call)
  mass_t <- check_positive(mass_t, "mass_t", len = 1L, call = call)
  distance_m <- check_positive(distance_m, "distance_m", len = 1L, call = call)
  years <- check_positive(years, "years", len = 1L, call = call)
  threshold_kevnr <- check_number(threshold_kevnr, "threshold_kevnr", len = 1L,
                                  lower = 0, call = call)
  label <- check_label(label, call = call)
  e <- source_emax_mev(source) / 1000
  er_max <- 2 * e^2 / (min(target$isotopes$mass_gev) + 2 * e) * 1e6 # keVnr
  if (!is.null(resolution)) {
    check_function(resolution, "resolution", call = call)
    if (threshold_kevnr <= 0 || threshold_kevnr >= er_max) {
      mp_abort("With a `resolution`, `threshold_kevnr` must be positive and below the largest recoil (%g keVnr).",
               er_max, call = call)
    }
  }
  if (is.null(bin_edges_kevnr)) {
    if (threshold_kevnr <= 0) {
      mp_abort("Give `bin_edges_kevnr` or a positive `threshold_kevnr` (the default bins start there).",
               call = call)
    }
    if (er_max <= threshold_kevnr) {
      mp_abort("The source gives recoils up to %g keVnr only, below the threshold (%g keVnr).",
               er_max, threshold_kevnr, call = call)
    }
    bin_edges_kevnr <- exp(seq(log(threshold_kevnr), log(er_max), length.out = 5))
  }
  edges <- check_positive(bin_edges_kevnr, "bin_edges_kevnr", call = call)
  if (length(edges) < 2L || any(diff(edges) <= 0)) {
    mp_abort("`bin_edges_kevnr` must be at least two strictly increasing recoil energies (keVnr).",
             call = call)
  }
  if (threshold_kevnr >= edges[length(edges)]) {
    mp_abort("The threshold (%g keVnr) must lie below the end of the window (%g keVnr).",
             threshold_kevnr, edges[length(edges)], call = call)
  }
  background_fraction <- check_number(background_fraction, "background_fraction",
                                      len = 1L, lower = 0, call = call)
  if (!is.null(background_per_bin)) {
    background_per_bin <- check_number(background_per_bin, "background_per_bin",
                                       len = length(edges) - 1L, lower = 0, call = call)
  }
  sigma_sys <- check_number(sigma_sys, "sigma_sys", len = 1L, lower = 0, call = call)
  if (!is.null(quenching)) check_function(quenching, "quenching", call = call)
  if (!is.null(efficiency)) check_function(efficiency, "efficiency", call = call)
  efficiency_nodes <- check_number(efficiency_nodes, "efficiency_nodes", len = 1L,
                                   lower = 3, upper = 1e5, call = call)
  sin2_theta_w <- check_number(sin2_theta_w, "sin2_theta_w", len = 1L, lower = 0,
                               upper = 1, call = call)
  eff <- efficiency_table(efficiency, quenching, edges, threshold_kevnr,
                          efficiency_nodes, call)
  res <- list(x = numeric(0), y = numeric(0))
  if (!is.null(resolution)) {
    res$x <- exp(seq(log(threshold_kevnr), log(er_max), length.out = 201))
    res$y <- call_user_fun(resolution, "resolution", res$x, call = call)
    if (!is.numeric(res$y) || length(res$y) != 201L || anyNA(res$y) ||
        any(!is.finite(res$y)) || any(res$y <= 0)) {
      mp_abort("`resolution` must return one positive finite width (keVnr) per recoil energy.",
               call = call)
    }
    res$y <- as.double(res$y)
  }
  n_targ <- mass_t * target$targets_per_tonne
  eta <- source$intensity_per_year * years / (4 * pi * (distance_m * 100)^2) # cm^-2
  # `name` (= label) is what tables and scans call the experiment
  list(name = label, label = label, source = source, target = target, mass_t = mass_t,
       distance_m = distance_m, years = years, threshold_kevnr = threshold_kevnr,
       bin_edges_kevnr = edges, efficiency = efficiency, quenching = quenching,
       background_fraction = background_fraction,
       background_per_bin = background_per_bin, sigma_sys = sigma_sys,
       efficiency_nodes = efficiency_nodes, sin2_theta_w = sin2_theta_w,
       resolution = resolution, eff_x = eff$x, eff_y = eff$y, res_x = res$x,
       res_y = res$y, exposure_cm2 = n_targ * eta)
}

# The efficiency tabulated on recoil energies across the window (keVnr).
efficiency_table <- function(efficiency, quenching, edges, threshold, nodes, call) {
  if (is.null(efficiency)) return(list(x = numeric(0), y = numeric(0)))
  lo <- max(edges[1], threshold)
  hi <- edges[length(edges)]
  n <- as.integer(nodes)
  x <- if (hi / lo > 10) exp(seq(log(lo), log(hi), length.out = n)) else
    seq(lo, hi, length.out = n)
  e_in <- x
  if (!is.null(quenching)) {
    qf <- call_user_fun(quenching, "quenching", x, call = call)
    if (!is.numeric(qf) || length(qf) != n || anyNA(qf) || any(!is.finite(qf)) || any(qf <= 0)) {
      mp_abort("`quenching` must return one positive finite number per recoil energy.",
               call = call)
    }
    e_in <- qf * x
  }
  y <- call_user_fun(efficiency, "efficiency", e_in, call = call)
  if (!is.numeric(y) || length(y) != n || anyNA(y) || any(y < 0 | y > 1)) {
    mp_abort("`efficiency` must return one number in [0, 1] per energy.", call = call)
  }
  list(x = x, y = as.double(y))
}

check_cevns <- function(x, call = sys.call(-1)) {
  if (!inherits(x, "muonphilic_cevns")) {
    mp_abort("`x` must be a CEvNS detector from cevns_detector() or spallation_detector(), not %s%s.",
             mp_describe(x), order_hint(x), call = call)
  }
  check_object_state(x, "CEvNS detector", call = call)
}

#' @export
print.muonphilic_cevns <- function(x, ...) {
  check_cevns(x)
  cat("<muonphilic CEvNS detector> ", x$label, "\n", sep = "")
  cat(sprintf("  %g t of %s, %g m from the source %s, %g yr\n", x$mass_t,
              x$target$name, x$distance_m, x$source$label, x$years))
  cat(sprintf("  threshold %g keVnr, bins [%s] keVnr, sigma_sys %g, background %s\n",
              x$threshold_kevnr, paste(signif(x$bin_edges_kevnr, 4), collapse = ", "),
              x$sigma_sys, if (is.null(x$background_per_bin))
                sprintf("%g x SM", x$background_fraction) else "given per bin"))
  cat("  efficiency: ", if (is.null(x$efficiency)) "100 %" else
    if (is.null(x$quenching)) "function of keVnr" else "function of keVee (quenched)",
    "\n", sep = "")
  if (!is.null(x$resolution)) cat("  Gaussian resolution: bins in reconstructed keVnr\n")
  invisible(x)
}

# The detector and its source as named lists for C.
cevns_c_args <- function(x) {
  list(det = c(target_c_list(x$target), list(sin2w = x$sin2_theta_w,
                  exposure_cm2 = x$exposure_cm2,
                  threshold_gev = x$threshold_kevnr * 1e-6,
                  eff_x_kev = as.double(x$eff_x), eff_y = as.double(x$eff_y),
                  sigma_x_kev = as.double(x$res_x), sigma_kev = as.double(x$res_y))),
       src = x$source$c,
       edges = x$bin_edges_kevnr * 1e-6)
}

#' @rdname cevns_detector
#' @param x a CEvNS detector.
#' @param model a model ([lmu_ltau()], ...).
#' @param g couplings (dimensionless, |g| <= sqrt(4 pi)).
#' @param mass_mev mediator masses in MeV (positive); recycled against `g`.
#' @param ... unused.
#' @export
expected_counts.muonphilic_cevns <- function(x, model, g, mass_mev, ...) {
  check_cevns(x)
  a <- recycle_args(g = as.double(g), mass_mev = as.double(mass_mev))
  counts_frame(x, cevns_counts(x, model, a$g, a$mass_mev), a$g, a$mass_mev)
}

# Counts [bin, point] at points (g, mass_mev) (Eq. 32), integrated directly.
cevns_counts <- function(x, model, g, mass_mev, call = sys.call(-1)) {
  ca <- cevns_c_args(x)
  cnt <- mp_call(.Call(ffi_cevns_counts, model_spec(model), ca$det, ca$src,
                       ca$edges, g, mass_mev / 1000, mp_rel_tol()))
  check_finite_result(cnt, "Expected counts", call = call)
}

#' @rdname cevns_detector
#' @export
count_terms.muonphilic_cevns <- function(x, model, mass_mev, ...) {
  check_cevns(x)
  ca <- cevns_c_args(x)
  nb <- length(ca$edges) - 1L
  spec <- model_spec(model)
  chunk <- 25L
  idx <- split(seq_along(mass_mev), ceiling(seq_along(mass_mev) / chunk))
  res <- vector("list", length(idx))
  pb <- if (length(idx) > 4L) cli::cli_progress_bar("CEvNS count terms", total = length(idx))
  for (k in seq_along(idx)) {
    res[[k]] <- mp_call(.Call(ffi_cevns_terms, spec, ca$det, ca$src, ca$edges,
                              mass_mev[idx[[k]]] / 1000, mp_rel_tol()))
    if (!is.null(pb)) cli::cli_progress_update(id = pb)
  }
  if (!is.null(pb)) cli::cli_progress_done(id = pb)
  arr <- array(unlist(res), dim = c(nb, 3L, length(mass_mev)),
               dimnames = list(bin = NULL, term = c("sm", "interference", "aprime"),
                               mass = as.character(mass_mev)))
  attr(arr, "powers") <- coupling_powers(model)
  check_finite_result(arr, "Count terms")
}

#' @export
sm_counts.muonphilic_cevns <- function(x, ...) {
  check_cevns(x)
  ec <- expected_counts(x, lmu_ltau(), g = 0, mass_mev = 1)
  out <- ec[c("bin", "lower", "upper", "counts")]
  attr(out, "unit") <- attr(ec, "unit")
  out
}
