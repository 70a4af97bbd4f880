# COHERENT real-data likelihoods: CENNS-10 liquid argon (2020, analysis A)
# and CsI[Na] (2022). The CEvNS expectation for any model comes from the
# package's pion-decay-at-rest flux and cross section (Eqs. 31-33), split
# into its prompt and delayed parts, folded through the released detector
# response; backgrounds and systematic shapes come from the data releases
# and are profiled as Gaussian nuisance parameters.

# ---- shared machinery ---------------------------------------------------

coherent_data_dir <- function(data_dir, sub, call = sys.call(-1)) {
  if (is.null(data_dir)) data_dir <- system.file("extdata", package = "muonphilic")
  if (!is.character(data_dir) || length(data_dir) != 1L || is.na(data_dir)) {
    mp_abort("`data_dir` must be one directory path, not %s.", mp_describe(data_dir),
             call = call)
  }
  file.path(data_dir, sub)
}

# Read one gzipped whitespace table of a release; a missing or malformed
# file is a classed error.
coherent_read <- function(dir, file, ncol, nrow = NULL, call = sys.call(-1)) {
  path <- file.path(dir, file)
  if (!file.exists(path)) {
    mp_abort("The COHERENT data file \"%s\" is missing from \"%s\"; reinstall muonphilic or give the release directory.",
             file, dir, class = c("muonphilic_error_data", "muonphilic_error_input"),
             call = call)
  }
  con <- gzfile(path, "rt")
  on.exit(close(con))
  v <- tryCatch(scan(con, what = numeric(), comment.char = "#", quiet = TRUE),
                error = function(e) NULL)
  m <- if (!is.null(v) && length(v) > 0L && length(v) %% ncol == 0L) {
    matrix(v, ncol = ncol, byrow = TRUE)
  }
  if (is.null(m) || anyNA(m) ||
      (!is.null(nrow) && nrow(m) != nrow)) {
    mp_abort("The COHERENT data file \"%s\" in \"%s\" is malformed (expected %d numeric columns%s).",
             file, dir, ncol, if (is.null(nrow)) "" else sprintf(" and %d rows", nrow),
             class = c("muonphilic_error_data", "muonphilic_error_input"), call = call)
  }
  unname(m)
}

# Prompt and delayed coupling terms of dsigma/dE_R folded with the unit
# pi-DAR spectra (Eqs. 31-33): an array [recoil, 6, mass] in cm^2/keVnr
# per target atom per neutrino of each flavour.
coherent_recoil_terms <- function(target, model, mass_mev, er_kev, sin2w) {
  iso <- target$isotopes
  v <- mp_call(.Call(ffi_coherent_terms, model_spec(model), as.double(iso$Z),
                     as.double(iso$N), as.double(iso$mass_gev), as.double(iso$abundance),
                     as.double(sin2w), as.double(er_kev) * 1e-6,
                     as.double(mass_mev) / 1000, mp_rel_tol()))
  array(v * 1e-6, c(length(er_kev), 6L, length(mass_mev)))
}

# Trapezoid weights of a grid.
trapezoid_weights <- function(x) {
  n <- length(x)
  d <- diff(x)
  c(d[1] / 2, (d[-1] + d[-(n - 1L)]) / 2, d[n - 1L] / 2)
}

# CDF of a Gaussian (mean mu, width s) convolved with an exponential of
# lifetime tau (the exponentially modified Gaussian), in log space so that
# short lifetimes stay finite.
emg_cdf <- function(t, mu, s, tau) {
  z <- (t - mu) / s
  stats::pnorm(z) - exp(-(t - mu) / tau + s^2 / (2 * tau^2) +
                          stats::pnorm(z - s / tau, log.p = TRUE))
}

# Arrival-time CDFs at a pi-DAR source: the proton pulse (Gaussian, mean
# mu, width s) convolved with the pion lifetime (prompt) and with the pion
# and muon lifetimes (delayed; a difference of two exponentially modified
# Gaussians).
pidar_time_cdf <- function(t, mu, s, component = c("prompt", "delayed")) {
  tau_pi <- 0.026033 # us
  tau_mu <- 2.1969811 # us
  if (component == "prompt") return(emg_cdf(t, mu, s, tau_pi))
  (tau_mu * emg_cdf(t, mu, s, tau_mu) - tau_pi * emg_cdf(t, mu, s, tau_pi)) /
    (tau_mu - tau_pi)
}

# Profiled -2 ln L of a binned Poisson likelihood whose expectation is
# linear in standard-normal nuisance parameters theta (in C, convex Newton
# with backtracking, one hypothesis after the other):
#   mu = mu0 + Jf theta_f + s * (1 + R theta_s)
# (mu0, Jf: background and its shifts per unit theta; s: the signal of each
# hypothesis, a column each; R: relative signal shifts).
profile_linear_m2ll <- function(n, mu0, Jf, R, s, saturated = TRUE) {
  storage.mode(Jf) <- storage.mode(R) <- storage.mode(s) <- "double"
  res <- mp_call(.Call(ffi_profile_linear, as.double(n), as.double(mu0), Jf, R, s,
                       100, 1e-7))
  out <- res[[1]]
  if (saturated) {
    out <- out - 2 * sum(n - ifelse(n > 0, n * log(n), 0))
  } else {
    out <- out + 2 * sum(lgamma(n + 1))
  }
  attr(out, "theta") <- res[[2]]
  out
}

check_observed <- function(counts, n_bin, arg = "observed", call = sys.call(-1)) {
  counts <- check_number(counts, arg, len = n_bin, lower = 0, call = call)
  counts
}

# ---- argon (CENNS-10, analysis A) ---------------------------------------

#' COHERENT CENNS-10 liquid argon, 2020 (analysis A)
#'
#' The first measurement of CEvNS on argon (COHERENT, Phys. Rev. Lett. 126,
#' 012002 (2021), arXiv:2003.10630) as an experiment with real data: the
#' released three-dimensional binned likelihood (12 reconstructed-energy
#' bins of 10 keVee over 0-120 keVee, 8 F90 bins of 0.05 over 0.5-0.9, 10
#' time bins of 0.5 us over -0.1-4.9 us; 960 bins) with the observed
#' beam-on counts, the released steady-state, prompt and delayed
#' beam-related-neutron (BRN) expectations and the systematic shape
#' variants (data release arXiv:2006.12659, Zenodo doi:10.5281/zenodo.3903810).
#'
#' The CEvNS expectation for any model is computed, not read: the package's
#' pion-decay-at-rest spectra (Eq. 31) and cross section with the A' (Eq. 33),
#' 13.8e22 protons on target, 0.09 neutrinos per flavour per proton, 27.5 m,
#' 24.4 kg of argon-40; the released quenching \eqn{QF = 0.246 + 7.8\times
#' 10^{-4} E_R/\mathrm{keVnr}}, Gaussian energy resolution \eqn{\sigma/E =
#' 0.58/\sqrt{E/\mathrm{keVee}}} and acceptance (tabulated against keVnr,
#' linear interpolation, the last value above 40 keVee). Prompt and delayed
#' neutrinos get their own arrival-time distributions: the released proton
#' pulse (Gaussian, mean 0.44 us, width 0.15 us) convolved with the pion
#' (prompt) and the pion and muon (delayed) lifetimes. The F90 distribution
#' in each energy bin is taken from the released CEvNS PDF.
#'
#' Nuisance parameters (standard normal, profiled): the CEvNS normalisation
#' (`cevns_norm_sigma`), the steady-state (25/3154), prompt-BRN (160/497)
#' and delayed-BRN (33/33) normalisations of the release, and five shape
#' systematics: CEvNS F90 and timing mean, BRN energy, timing mean and
#' timing width. A shape with +-1 sigma variants moves linearly along their
#' average shift, a one-sided variant along its shift from the nominal; the
#' CEvNS shapes act on the model's CEvNS through their relative shift per
#' bin (capped at 100 %). The expectation is linear in all nuisance
#' parameters (the products of a normalisation and a shape shift are
#' dropped), which keeps the profiled likelihood convex.
#'
#' With the defaults the SM predicts 123.6 CEvNS events (the release: 128 +-
#' 17). A fit of a free CEvNS normalisation to the data gives 144 +- 41
#' events with the package's CEvNS shape and 164 +- 43 with the release's
#' own CEvNS template (published: 159 +- 43).
#'
#' @param cevns_norm_sigma relative Gaussian uncertainty of the predicted
#'   CEvNS normalisation (flux, quenching, mass); the release's 17/128 by
#'   default, 0 to fix it (at most 10).
#' @param pot_mean_us,pot_width_us mean (-10 to 10) and width (0.001 to 5)
#'   of the proton pulse in microseconds on the release's time axis.
#' @param observed observed counts in the 960 bins (default: the release's
#'   beam-on data).
#' @param data_dir internal: the directory holding `coherent-ar-2020/`
#'   (default: the installed `extdata`).
#' @return An experiment of class `c("muonphilic_coherent",
#'   "muonphilic_experiment")` (see [experiment] and [coherent_methods]) with
#'   `statistic()` a [stat_custom()]; `observed_counts()` returns its data
#'   and `background_counts()` its background (the
#'   expected steady-state plus BRN counts per bin at nominal nuisances).
#'   Its elements include `bins`, `observed`, `Jf` and `R` (the shifts of the background, in events, and of the
#'   CEvNS, relative, per unit of each nuisance parameter) and `release`
#'   (the released tables per bin).
#' @references COHERENT Collaboration, Phys. Rev. Lett. 126, 012002 (2021),
#'   arXiv:2003.10630; data release arXiv:2006.12659,
#'   doi:10.5281/zenodo.3903810.
#' @seealso [coherent_csi_2022()], [scan_grid()].
#' @examples
#' ar <- coherent_ar_2020()
#' ar
#' sum(sm_counts(ar)$counts) # predicted SM CEvNS events
#' @export
coherent_ar_2020 <- function(cevns_norm_sigma = 17 / 128, pot_mean_us = 0.44,
                             pot_width_us = 0.15, observed = NULL, data_dir = NULL) {
  cevns_norm_sigma <- check_number(cevns_norm_sigma, "cevns_norm_sigma", len = 1L,
                                   lower = 0, upper = 10)
  pot_mean_us <- check_number(pot_mean_us, "pot_mean_us", len = 1L, lower = -10, upper = 10)
  pot_width_us <- check_number(pot_width_us, "pot_width_us", len = 1L, lower = 1e-3, upper = 5)
  dir <- coherent_data_dir(data_dir, "coherent-ar-2020")
  cl <- sys.call()
  rd <- function(f) coherent_read(dir, f, 4L, 960L, call = cl)
  data <- rd("datanobkgsub.txt.gz")
  e_c <- sort(unique(data[, 1]))
  f_c <- sort(unique(data[, 2]))
  t_c <- sort(unique(data[, 3]))
  ie <- match(data[, 1], e_c)
  jf <- match(data[, 2], f_c)
  kt <- match(data[, 3], t_c)
  val <- function(f) {
    m <- rd(f)
    if (any(m[, 1:3] != data[, 1:3])) {
      mp_abort("The COHERENT file \"%s\" does not share the bins of the data file.", f,
               class = c("muonphilic_error_data", "muonphilic_error_input"), call = NULL)
    }
    m[, 4]
  }
  cev <- val("cevnspdf.txt.gz")
  tab <- list(
    cevns = cev, cevns_f90_plus = val("cevnspdf+1sigF90.txt.gz"),
    cevns_f90_minus = val("cevnspdf-1sigF90.txt.gz"),
    cevns_time_mean = val("cevnspdfCEvNSTimingMeanSyst.txt.gz"),
    ss = val("bkgpdf.txt.gz"), brn = val("brnpdf.txt.gz"),
    brn_energy_plus = val("brnpdf+1sigEnergy.txt.gz"),
    brn_energy_minus = val("brnpdf-1sigEnergy.txt.gz"),
    brn_time_plus = val("brnpdf+1sigBRNTimingMean.txt.gz"),
    brn_time_minus = val("brnpdf-1sigBRNTimingMean.txt.gz"),
    brn_time_width = val("brnpdfBRNTimingWidthSyst.txt.gz"),
    delayed_brn = val("delbrnpdf.txt.gz"))
  eff <- coherent_read(dir, "CENNS10AnlAEfficiency.txt.gz", 3L)
  nb <- length(cev)
  if (is.null(observed)) observed <- data[, 4]
  observed <- check_observed(observed, nb)

  # recoil response: 0.2 keVnr grid up to the delayed endpoint (150 keVnr)
  target <- nucleus("Ar40")
  er <- seq(0.2, 160, by = 0.2)
  w <- trapezoid_weights(er)
  eee <- (0.246 + 0.00078 * er) * er # keVee
  acc <- stats::approx(eff[, 2], eff[, 3], xout = er, rule = 2)$y
  acc[er < eff[1, 2]] <- 0
  sig <- 0.58 * sqrt(eee)
  e_edges <- c(e_c - 5, e_c[length(e_c)] + 5)
  RE <- t(vapply(seq_along(e_c), function(b) {
    stats::pnorm((e_edges[b + 1L] - eee) / sig) - stats::pnorm((e_edges[b] - eee) / sig)
  }, numeric(length(er)))) * rep(acc * w, each = length(e_c))
  # F90 given energy bin, from the released CEvNS PDF
  pf <- tapply(cev, list(ie, jf), sum)
  pf[is.na(pf)] <- 0
  last <- max(which(rowSums(pf) > 0))
  for (b in seq_len(nrow(pf))) if (sum(pf[b, ]) <= 0) pf[b, ] <- pf[last, ]
  pf <- pf / rowSums(pf)
  t_edges <- c(t_c - 0.25, t_c[length(t_c)] + 0.25)
  pt <- vapply(c("prompt", "delayed"), function(cmp) {
    diff(pidar_time_cdf(t_edges, pot_mean_us, pot_width_us, cmp))
  }, numeric(length(t_c)))
  # Eq. 32: targets x r N_POT / (4 pi L^2) neutrinos per flavour per cm^2
  fluence <- 0.09 * 13.8e22 / (4 * pi * 2750^2)
  n_targ <- 24.4e-3 * target$targets_per_tonne
  norm <- fluence * n_targ
  map_p <- norm * pf[cbind(ie, jf)] * pt[kt, "prompt"]
  map_d <- norm * pf[cbind(ie, jf)] * pt[kt, "delayed"]
  Pp <- map_p * RE[ie, , drop = FALSE]
  Pd <- map_d * RE[ie, , drop = FALSE]

  # relative CEvNS shifts per bin, capped at 100 %
  rel <- function(d) pmin(pmax(ifelse(cev > 0, d / cev, 0), -1), 1)
  Jf <- cbind(ss_norm = tab$ss * 25 / 3154, brn_norm = tab$brn * 160 / 497,
              delayed_brn_norm = tab$delayed_brn * 1,
              brn_energy = (tab$brn_energy_plus - tab$brn_energy_minus) / 2,
              brn_time_mean = (tab$brn_time_plus - tab$brn_time_minus) / 2,
              brn_time_width = tab$brn_time_width - tab$brn)
  R <- cbind(cevns_norm = rep(cevns_norm_sigma, nb),
             cevns_f90 = rel((tab$cevns_f90_plus - tab$cevns_f90_minus) / 2),
             cevns_time_mean = rel(tab$cevns_time_mean - cev))
  if (cevns_norm_sigma == 0) R <- R[, -1L, drop = FALSE]
  bins <- data.frame(bin = seq_len(nb), lower = e_c[ie] - 5, upper = e_c[ie] + 5,
                     f90_lower = f_c[jf] - 0.025, f90_upper = f_c[jf] + 0.025,
                     time_lower_us = t_c[kt] - 0.25, time_upper_us = t_c[kt] + 0.25)
  new_experiment("coherent", name = "COHERENT-Ar-2020", data_set = "ar2020", target = target,
                 sin2w = 0.2387, er_kev = er, P_prompt = Pp, P_delayed = Pd, bins = bins,
                 unit = "keVee", observed = observed, Jf = Jf, R = R, release = tab,
                 settings = list(cevns_norm_sigma = cevns_norm_sigma,
                                 pot_mean_us = pot_mean_us, pot_width_us = pot_width_us),
                 bin_edges = bins, bin_unit = "keVee",
                 background = as.vector(tab$ss + tab$brn + tab$delayed_brn),
                 statistic = stat_custom(c(colnames(Jf), colnames(R))),
                 label = "COHERENT-Ar-2020")
}

# ---- methods shared by both COHERENT data sets ----------------------------

#' @export
print.muonphilic_coherent <- function(x, ...) {
  cat("<muonphilic COHERENT real-data likelihood> ", x$name, "\n", sep = "")
  cat(sprintf("  %d bins, %g observed events, %.1f expected background, %d nuisance parameters\n",
              nrow(x$bins), sum(x$observed), sum(background_counts(x)),
              ncol(x$Jf) + ncol(x$R)))
  invisible(x)
}

#' Methods of the COHERENT real-data experiments
#'
#' The experiment contract (see [experiment]) for [coherent_ar_2020()] and
#' [coherent_csi_2022()]. Counts ([expected_counts()], built from
#' `count_terms()`) are CEvNS events (without background) per analysis bin;
#' the columns `lower` and `upper` are the bin's edges in reconstructed
#' energy (keVee for argon, photoelectrons for CsI; attribute `unit`),
#' further columns give the other bin edges. The statistic is
#' [stat_custom()] naming the nuisance parameters profiled by
#' `nuisance_m2ll()`.
#'
#' @param x a COHERENT experiment.
#' @param model a model ([lmu_ltau()], ...).
#' @param mass_mev mediator masses in MeV (positive).
#' @param data observed counts per bin (non-negative).
#' @param predicted a matrix `[bin, hypothesis]` of CEvNS counts.
#' @param saturated subtract the saturated Poisson likelihood.
#' @param ... unused.
#' @return See [experiment].
#' @examples
#' ar <- coherent_ar_2020()
#' ct <- count_terms(ar, lmu_ltau(), mass_mev = c(10, 100))
#' dim(ct)
#' sm <- sm_counts(ar)$counts
#' nuisance_m2ll(ar, observed_counts(ar), cbind(sm, 1.2 * sm))
#' @name coherent_methods
NULL

#' @rdname coherent_methods
#' @export
count_terms.muonphilic_coherent <- function(x, model, mass_mev, ...) {
  check_model(model)
  mass_mev <- check_positive(mass_mev, "mass_mev")
  dr <- coherent_recoil_terms(x$target, model, mass_mev, x$er_kev, x$sin2w)
  nb <- nrow(x$bins)
  arr <- array(0, c(nb, 3L, length(mass_mev)),
               dimnames = list(bin = NULL, term = c("sm", "interference", "aprime"),
                               mass = as.character(mass_mev)))
  for (m in seq_along(mass_mev)) {
    arr[, , m] <- x$P_prompt %*% dr[, 1:3, m] + x$P_delayed %*% dr[, 4:6, m]
  }
  attr(arr, "powers") <- coupling_powers(model)
  check_finite_result(arr, "Count terms")
}

#' @rdname coherent_methods
#' @export
sm_counts.muonphilic_coherent <- function(x, ...) {
  ec <- expected_counts(x, lmu_ltau(), g = 0, mass_mev = 1)
  out <- ec[setdiff(names(ec), c("g", "mass_mev"))]
  attr(out, "unit") <- x$unit
  out
}

#' @rdname coherent_methods
#' @export
observed_counts.muonphilic_coherent <- function(x, ...) x$observed

#' @rdname coherent_methods
#' @export
nuisance_m2ll.muonphilic_coherent <- function(x, data, predicted, saturated = TRUE, ...) {
  nb <- nrow(x$bins)
  data <- check_observed(data, nb, "data")
  if (is.null(dim(predicted))) predicted <- matrix(predicted, ncol = 1L)
  if (!is.numeric(predicted) || nrow(predicted) != nb || anyNA(predicted) ||
      any(!is.finite(predicted)) || any(predicted < 0)) {
    mp_abort("`predicted` must be a matrix of non-negative finite counts with %d rows (bins).", nb)
  }
  check_flag(saturated, "saturated")
  v <- profile_linear_m2ll(data, background_counts(x), x$Jf, x$R, predicted, saturated)
  as.vector(v)
}
