# (g-2)mu as an experiment: one Gaussian "bin" in Delta a_mu (Eq. 13), so it
# combines with every other experiment in scan_grid().

gm2_preset_rows <- c(wp2025 = "delta_a_mu_exp_run1to6_minus_WP25",
                     fnal2021 = "delta_a_mu_exp2021_minus_WP20_derived")

#' The (g-2)mu measurement as an experiment
#'
#' The muon anomalous magnetic moment as one Gaussian measurement of
#' \eqn{\Delta a_\mu = a_\mu^{exp} - a_\mu^{SM}}, in units of
#' \eqn{10^{-11}}: the "bin" holds the measured \eqn{\Delta a_\mu}, the
#' prediction is \eqn{\Delta a_\mu(g, M) = g^2 \Delta a_\mu(1, M)} of
#' [delta_amu()] (Eq. 13, exactly quadratic in \eqn{g}), and
#' \deqn{-2\ln L = \left(\frac{d - \Delta a_\mu(g, M)}{\sigma}\right)^2}
#' (the saturated likelihood is zero, so both conventions agree). The
#' experiment follows the contract of [expected_counts()] with
#' a [stat_custom()] statistic, so it combines with every other experiment in
#' [scan_grid()] and [present_day()].
#'
#' Measurements (the presets of [gm2_measurements()], checked against
#' `inst/extdata/muon-g-2/muon_g2_values.csv`):
#' * `"wp2025"`: \eqn{38 \pm 64}, the final Fermilab world average against
#'   the 2025 Theory Initiative prediction (lattice-QCD hadronic vacuum
#'   polarisation): no significant discrepancy, so this measurement sets an
#'   *upper limit* on \eqn{g}.
#' * `"fnal2021"`: \eqn{251 \pm 59}, the April 2021 average against the 2020
#'   White Paper: the classic preferred band.
#' A numeric `c(central = , sigma = )` (in units of \eqn{10^{-11}}, central
#' non-negative) is also accepted.
#'
#' @param measurement `"wp2025"` (default), `"fnal2021"`, or a numeric
#'   `c(central = , sigma = )` in units of \eqn{10^{-11}}.
#' @param data_dir internal: the folder holding `muon_g2_values.csv`
#'   (default the installed `extdata/muon-g-2`); for tests.
#' @return An experiment of class
#'   `c("muonphilic_gm2_likelihood", "muonphilic_experiment")`, a list with
#'   `name`, `measurement`, `central` and `sigma` (units of
#'   \eqn{10^{-11}}) and `source`.
#' @references Muon g-2 Collaboration, Phys. Rev. Lett. 126 (2021) 141801;
#'   T. Aoyama et al., Phys. Rept. 887 (2020) 1; R. Aliberti et al.,
#'   arXiv:2505.21476 (2025).
#' @seealso [gm2_band()] for the band in closed form.
#' @examples
#' x <- gm2_likelihood("wp2025")
#' x
#' observed_counts(x)
#' expected_counts(x, lmu_ltau(), g = 5e-4, mass_mev = c(10, 100))
#' @export
gm2_likelihood <- function(measurement = c("wp2025", "fnal2021"), data_dir = NULL) {
  tab <- read_real_data("muon-g-2", "muon_g2_values.csv", data_dir)
  if (is.character(measurement) && length(measurement) > 1L) measurement <- measurement[1]
  if (is.character(measurement)) {
    check_choice(measurement, "measurement", names(gm2_preset_rows))
    meas <- resolve_measurement(measurement)
    row <- tab[tab$quantity == gm2_preset_rows[[measurement]], , drop = FALSE]
    central_file <- suppressWarnings(as.numeric(row$central))
    if (nrow(row) != 1L || !isTRUE(abs(central_file * 1e-11 - meas$central) < 0.5e-11)) {
      mp_abort("The (g-2)mu data file has no row \"%s\" with the central value of the preset \"%s\".",
               gm2_preset_rows[[measurement]], measurement,
               class = c("muonphilic_error_data", "muonphilic_error_input"), call = NULL)
    }
    source <- row$source
  } else {
    v <- check_number(measurement, "measurement", len = 2L)
    if (!is.null(names(measurement)) && setequal(names(measurement), c("central", "sigma"))) {
      v <- c(measurement[["central"]], measurement[["sigma"]])
    }
    if (v[1] < 0 || !(v[2] > 0)) {
      mp_abort("`measurement` must be c(central = , sigma = ) in units of 1e-11 with central >= 0 and sigma > 0; got %s.",
               paste(format(v), collapse = ", "))
    }
    meas <- list(name = "user", central = v[1] * 1e-11, sigma = v[2] * 1e-11)
    source <- "user"
  }
  name <- sprintf("g-2 (%s)", meas$name)
  central <- meas$central * 1e11
  sigma <- meas$sigma * 1e11
  new_experiment("gm2_likelihood", name = name, measurement = meas$name,
                 central = central, sigma = sigma, source = source,
                 bin_edges = data.frame(bin = 1L, lower = central - sigma,
                                        upper = central + sigma),
                 bin_unit = "1e-11 (Delta a_mu)", background = 0,
                 statistic = stat_custom(), label = name)
}

#' @export
print.muonphilic_gm2_likelihood <- function(x, ...) {
  cat(sprintf("<muonphilic experiment> (g-2)mu, measurement \"%s\"\n", x$measurement))
  cat(sprintf("  Delta a_mu = %g +- %g (x 1e-11); source: %s\n", x$central, x$sigma, x$source))
  invisible(x)
}

#' @rdname gm2_likelihood
#' @param x a `gm2_likelihood()` experiment.
#' @param model a model ([lmu_ltau()], ...); only its muon charge enters.
#' @param g couplings (dimensionless, |g| <= sqrt(4 pi)); recycled against `mass_mev`.
#' @param mass_mev mediator masses in MeV (positive).
#' @param ... unused.
#' @return `expected_counts()`: a data frame with one row per point: `bin`
#'   (1), `lower`, `upper` (the measurement's 1 sigma interval), `counts`
#'   (the predicted \eqn{\Delta a_\mu} in units of \eqn{10^{-11}}, attribute
#'   `unit`), `g`, `mass_mev`.
#' @export
expected_counts.muonphilic_gm2_likelihood <- function(x, model, g, mass_mev, ...) {
  check_model(model)
  g <- check_coupling(g)
  mass_mev <- check_positive(mass_mev, "mass_mev")
  a <- recycle_args(g = g, mass_mev = mass_mev)
  # Eq. 13 in units of 1e-11
  counts <- check_finite_result(delta_amu(model, a$g, a$mass_mev) * 1e11, "Delta a_mu")
  counts_frame(x, matrix(counts, nrow = 1L), a$g, a$mass_mev)
}

#' @rdname gm2_likelihood
#' @return `count_terms()`: an array `[1, 1, mass]` with attribute
#'   `powers = 2`: \eqn{\Delta a_\mu(1, M)} in units of \eqn{10^{-11}}
#'   (Eq. 13 is exactly quadratic in \eqn{g}).
#' @export
count_terms.muonphilic_gm2_likelihood <- function(x, model, mass_mev, ...) {
  check_model(model)
  mass_mev <- check_positive(mass_mev, "mass_mev")
  unit <- check_finite_result(delta_amu(model, 1, mass_mev) * 1e11, "Delta a_mu")
  out <- array(unit, dim = c(1L, 1L, length(mass_mev)))
  attr(out, "powers") <- 2
  out
}

#' @rdname gm2_likelihood
#' @param data the measured \eqn{\Delta a_\mu} (units of \eqn{10^{-11}}).
#' @param predicted a matrix `[1, hypothesis]` of predicted
#'   \eqn{\Delta a_\mu} (units of \eqn{10^{-11}}).
#' @param saturated ignored (the Gaussian's saturated value is zero).
#' @return `nuisance_m2ll()`: \eqn{((d - \Delta a_\mu)/\sigma)^2} per
#'   hypothesis.
#' @export
nuisance_m2ll.muonphilic_gm2_likelihood <- function(x, data, predicted, saturated = TRUE, ...) {
  # Delta a_mu in units of 1e-11: anything beyond 1e100 is not a measurement
  data <- check_number(data, "data", len = 1L, lower = -1e100, upper = 1e100)
  if (!is.numeric(predicted) || (is.matrix(predicted) && nrow(predicted) != 1L)) {
    mp_abort("`predicted` must be a numeric vector or a one-row matrix of Delta a_mu (1e-11), not %s.",
             mp_describe(predicted))
  }
  pred <- check_number(as.vector(predicted), "predicted", lower = -1e100, upper = 1e100)
  # a Gaussian in Delta a_mu; its saturated value is zero
  check_finite_result(((data - pred) / x$sigma)^2, "-2 ln L of (g-2)mu",
                      why = "the data or predictions are too large")
}

#' @rdname gm2_likelihood
#' @return `observed_counts()`: the measured \eqn{\Delta a_\mu} (units of
#'   \eqn{10^{-11}}).
#' @export
observed_counts.muonphilic_gm2_likelihood <- function(x, ...) x$central

# Which measurement and which Standard-Model (theory) value a band uses, for
# plot subtitles.
gm2_theory_label <- function(measurement) {
  if (!is.character(measurement) || length(measurement) != 1L || is.na(measurement)) {
    measurement <- "user"
  }
  switch(measurement,
         fnal2021 = "Delta a_mu = 251 +- 59 (1e-11): 2021 average vs the 2020 White Paper (WP20) theory value",
         wp2025 = "Delta a_mu = 38 +- 64 (1e-11): final 2025 average vs the 2025 Theory Initiative (WP25) value",
         "Delta a_mu: user-given measurement and theory value")
}
