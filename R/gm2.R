# The muon anomalous magnetic moment (Eq. 13, Fig. 1).

#' Shift of the muon anomalous magnetic moment
#'
#' \eqn{\Delta a_\mu = Q_\mu^2 (\alpha_x/\pi) \int_0^1 u^2(1-u) /
#' (u^2 + (1-u) M^2/m_\mu^2)\, du} with \eqn{\alpha_x = g^2/(4\pi)} (Eq. 13),
#' integrated numerically in C. Limits: \eqn{\alpha_x/(2\pi)} for
#' \eqn{M \ll m_\mu}, \eqn{g^2 m_\mu^2/(12\pi^2 M^2)} for \eqn{M \gg m_\mu}.
#'
#' @param model a model ([lmu_ltau()], ...); only its muon charge enters.
#' @param g coupling (dimensionless, |g| <= sqrt(4 pi): larger couplings are
#'   non-perturbative and refused).
#' @param mass_mev mediator mass in MeV (positive, finite); recycled
#'   against `g`.
#' @return A numeric vector of \eqn{\Delta a_\mu}. A result beyond double
#'   precision (\eqn{|g Q_\mu|} above about 1e150) signals an error of class
#'   `muonphilic_error_numeric`.
#' @examples
#' delta_amu(lmu_ltau(), g = 5e-4, mass_mev = c(15, 100))
#' @export
delta_amu <- function(model, g, mass_mev) {
  check_model(model)
  g <- check_coupling(g)
  mass_mev <- check_positive(mass_mev, "mass_mev")
  a <- recycle_args(g = g, mass_mev = mass_mev)
  mp_call(.Call(ffi_delta_amu, as.double(model$charges[["mu"]]), a$g,
          a$mass_mev / 1000, mp_rel_tol()))
}

#' Measurements of the (g-2)mu discrepancy
#'
#' Presets for \eqn{\Delta a_\mu = a_\mu^{exp} - a_\mu^{SM}}:
#' * `fnal2021`: \eqn{251(59) \times 10^{-11}}, the April 2021 world average
#'   against the 2020 White Paper (the paper's Eq. 3 and its default);
#' * `wp2025`: the final Fermilab world average \eqn{116592071.5(14.5)
#'   \times 10^{-11}} against the 2025 Theory Initiative prediction
#'   \eqn{116592033(62) \times 10^{-11}}, i.e. \eqn{38(64) \times 10^{-11}}:
#'   consistent with zero, so a new boson is no longer demanded.
#'
#' @return A data frame with columns `name`, `central`, `sigma` and
#'   `reference`.
#' @examples
#' gm2_measurements()
#' @export
gm2_measurements <- function() {
  data.frame(
    name = c("fnal2021", "wp2025"),
    central = c(251e-11, 38e-11),
    sigma = c(59e-11, 64e-11),
    reference = c(
      "Muon g-2 Collaboration, PRL 126 (2021) 141801; Aoyama et al., Phys. Rept. 887 (2020) 1",
      "Muon g-2 Collaboration (2025) final result; Aliberti et al. (Theory Initiative 2025), arXiv:2505.21476"
    ),
    stringsAsFactors = FALSE
  )
}

resolve_measurement <- function(measurement, call = sys.call(-1)) {
  if (is.character(measurement)) {
    tab <- gm2_measurements()
    check_choice(measurement, "measurement", tab$name, call = call)
    row <- tab[tab$name == measurement, ]
    return(list(name = measurement, central = row$central, sigma = row$sigma))
  }
  v <- check_number(measurement, "measurement", len = 2L, call = call)
  nm <- names(measurement)
  if (!is.null(nm) && setequal(nm, c("central", "sigma"))) {
    v <- c(measurement[["central"]], measurement[["sigma"]])
  }
  if (!(v[2] > 0)) mp_abort("`measurement` sigma must be positive.", call = call)
  list(name = "user", central = v[1], sigma = v[2])
}

#' The (g-2)mu preferred band
#'
#' All couplings with \eqn{|\Delta a_\mu(g, M) - \mathrm{central}| \le
#' n\sigma}. Since \eqn{\Delta a_\mu \propto g^2}, the edges are exact closed
#' forms \eqn{g = \sqrt{(\mathrm{central} \pm n\sigma) / \Delta a_\mu(1, M)}}
#' (the unique positive roots of the band condition). Where
#' \eqn{\mathrm{central} - n\sigma \le 0} the band has no lower edge and
#' `g_low` is 0.
#'
#' @param model the model ([lmu_ltau()], ...; only the muon charge matters).
#' @param mass_mev mediator masses in MeV (positive, finite).
#' @param measurement a preset name from [gm2_measurements()] or a numeric
#'   `c(central = , sigma = )`.
#' @param n_sigma band half-widths in standard deviations (positive).
#' @param ... for one release, the old order `gm2_band(mass_mev,
#'   measurement, n_sigma, model)` (numbers in the `model` slot) still
#'   works, with a warning of class `muonphilic_warning_deprecated`.
#' @return A data frame of class `muonphilic_gm2_band`: `mass_mev`,
#'   `n_sigma`, `g_low`, `g_high`, `measurement`.
#' @examples
#' b <- gm2_band(lmu_ltau(), c(10, 100, 1000))
#' b
#' autoplot(gm2_band(mass_mev = 10^seq(0, 3, 0.1)))
#' @export
gm2_band <- function(model = lmu_ltau(), mass_mev, measurement = "fnal2021",
                     n_sigma = c(1, 2), ...) {
  cl <- sys.call()
  if (!missing(model) && is.numeric(model) && !"model" %in% names(cl)) {
    # the old order (mass_mev, measurement, n_sigma, model): numbers first
    mp_deprecated(paste("gm2_band(mass_mev, measurement, n_sigma, model) is deprecated; the",
                        "model comes first: gm2_band(model, mass_mev, measurement, n_sigma)."))
    old <- as.list(cl)[-1]
    nms <- names(old) %||% rep("", length(old))
    pos <- which(!nzchar(nms))
    nms[pos] <- setdiff(c("mass_mev", "measurement", "n_sigma", "model"),
                        nms[nzchar(nms)])[seq_along(pos)]
    names(old) <- nms
    old <- lapply(old, eval, envir = parent.frame())
    return(suppress_deprecated(do.call(gm2_band, old)))
  }
  take_renamed(character(0))
  if (missing(mass_mev)) {
    mp_abort("`mass_mev` (mediator masses in MeV) is missing: gm2_band(model, mass_mev, ...).")
  }
  mass_mev <- check_positive(mass_mev, "mass_mev")
  n_sigma <- check_positive(n_sigma, "n_sigma")
  check_model(model)
  if (model$charges[["mu"]] == 0) mp_abort("`model` must couple to muons (Qmu != 0).")
  meas <- resolve_measurement(measurement)
  unit <- delta_amu(model, 1, mass_mev)
  if (any(!(unit > 0))) {
    # Delta a_mu(g = 1) ~ m_mu^2 / (12 pi^2 M^2) underflows for M >~ 1e150 MeV
    mp_abort("gm2_band(): Delta a_mu underflows double precision at mass_mev = %s; the band edge is not representable.",
             format(mass_mev[!(unit > 0)][1]), class = "muonphilic_error_numeric")
  }
  grid <- expand.grid(i = seq_along(mass_mev), k = seq_along(n_sigma))
  hi <- meas$central + n_sigma[grid$k] * meas$sigma
  lo <- meas$central - n_sigma[grid$k] * meas$sigma
  g_high <- ifelse(hi > 0, sqrt(pmax(hi, 0) / unit[grid$i]), 0)
  g_low <- ifelse(lo > 0, sqrt(pmax(lo, 0) / unit[grid$i]), 0)
  out <- data.frame(mass_mev = mass_mev[grid$i], n_sigma = n_sigma[grid$k],
                    g_low = g_low, g_high = g_high, measurement = meas$name,
                    stringsAsFactors = FALSE)
  class(out) <- c("muonphilic_gm2_band", "data.frame")
  out
}

#' Benchmark points of the paper
#'
#' Table 1: four \eqn{U(1)_{L_\mu-L_\tau}} points in the (g-2)mu band, with
#' \eqn{\epsilon = -g/70}.
#'
#' @return A data frame: `benchmark` (`"BP1"` to `"BP4"`), `mass_mev`, `g`,
#'   `eps`, `model`.
#' @examples
#' benchmark_points()
#' @export
benchmark_points <- function() {
  g <- c(5e-4, 6e-4, 6e-4, 1e-3)
  data.frame(benchmark = paste0("BP", 1:4), mass_mev = c(15, 25, 50, 100), g = g,
             eps = -g / 70, model = "LmuLtau", stringsAsFactors = FALSE)
}
