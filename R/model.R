# Hidden-photon models: charges, kinetic mixing (Eqs. 4-12), widths,
# branching ratios and decay length (Eq. 23).

#' Kinetic-mixing rules
#'
#' A model's kinetic mixing \eqn{\epsilon} between the new boson and the
#' photon follows one of three rules:
#' * `mixing_ratio(kappa)`: \eqn{\epsilon = \kappa g}, fixed ratio. The
#'   paper's default \eqn{\kappa = -1/70} is the one-loop value of Eq. 11 at
#'   \eqn{q^2 = 0}; Fig. 9 uses \eqn{-1/10}.
#' * `mixing_loop(scale_gev)`: the one-loop mixing of Eq. 10, evaluated at the
#'   momentum transfer \eqn{q^2} of each process (an exact integral over the
#'   Feynman parameter, over the charged leptons carrying the new charge).
#'   The renormalisation scale `scale_gev` cancels for charges summing to
#'   zero (as in \eqn{L_\mu - L_\tau}); for \eqn{L_\mu} it is the new-physics
#'   scale \eqn{M_{NP}} of Eq. 12. For timelike \eqn{q^2} above a lepton pair
#'   threshold the real part is used.
#' * `mixing_fixed(eps)`: a fixed value, independent of the coupling.
#'
#' Sign convention: with \eqn{Q_x(\nu_\mu) = +1} the loop mixing is negative,
#' \eqn{\epsilon \approx -g/69.3}.
#'
#' @param kappa ratio \eqn{\epsilon/g} (dimensionless, finite).
#' @param scale_gev renormalisation scale \eqn{\mu} in GeV (positive).
#' @param eps fixed kinetic mixing (dimensionless, finite).
#' @return An object of class `muonphilic_mixing`.
#' @examples
#' mixing_ratio(-1/70)
#' mixing_loop(scale_gev = 1000)
#' mixing_fixed(-1e-5)
#' @export
mixing_ratio <- function(kappa = -1 / 70) {
  kappa <- check_number(kappa, "kappa", len = 1L)
  structure(list(type = "ratio", value = kappa), class = "muonphilic_mixing")
}

#' @rdname mixing_ratio
#' @export
mixing_loop <- function(scale_gev = 1000) {
  scale_gev <- check_positive(scale_gev, "scale_gev", len = 1L)
  structure(list(type = "loop", value = scale_gev), class = "muonphilic_mixing")
}

#' @rdname mixing_ratio
#' @export
mixing_fixed <- function(eps) {
  eps <- check_number(eps, "eps", len = 1L)
  structure(list(type = "fixed", value = eps), class = "muonphilic_mixing")
}

#' @export
format.muonphilic_mixing <- function(x, ...) {
  if (!valid_mixing(x)) return("<damaged mixing rule>")
  switch(x$type,
    ratio = sprintf("eps = %s * g (fixed ratio)", format(signif(x$value, 5))),
    loop = sprintf("one-loop eps(q^2) of Eq. 10, scale %s GeV", format(x$value)),
    fixed = sprintf("eps = %s (fixed)", format(signif(x$value, 5)))
  )
}

# TRUE for an intact mixing rule (objects edited by hand may not be).
valid_mixing <- function(x) {
  inherits(x, "muonphilic_mixing") && is.character(x$type) &&
    length(x$type) == 1L && !is.na(x$type) && x$type %in% c("ratio", "loop", "fixed") &&
    is.numeric(x$value) && length(x$value) == 1L && is.finite(x$value) &&
    (x$type != "loop" || x$value > 0)
}

#' @export
print.muonphilic_mixing <- function(x, ...) {
  cat("<muonphilic mixing> ", format(x), "\n", sep = "")
  invisible(x)
}

#' Hidden-photon models
#'
#' A model is a set of lepton-family charges \eqn{(Q_e, Q_\mu, Q_\tau)},
#' shared by each charged lepton and its neutrino, plus a kinetic-mixing rule
#' (see [mixing_ratio()]). `lmu_ltau()` is the gauged
#' \eqn{U(1)_{L_\mu-L_\tau}} of the paper, charges (0, 1, -1); `lmu()` the
#' effective \eqn{U(1)_{L_\mu}}, charges (0, 1, 0); `hidden_photon()` takes
#' any charges (for example \eqn{L_e - L_\mu}). A non-zero electron charge
#' adds tree-level electron couplings, which every rate in the package then
#' includes.
#'
#' @param mixing a kinetic-mixing rule from [mixing_ratio()],
#'   [mixing_loop()] or [mixing_fixed()]. The default is the paper's
#'   \eqn{\epsilon = -g/70}.
#' @param charges named numeric vector `c(e = , mu = , tau = )` of the
#'   family charges (finite numbers, not all zero).
#' @param name a label used in tables and plots.
#' @return An object of class `muonphilic_model`.
#' @examples
#' lmu_ltau()
#' lmu(mixing = mixing_loop(scale_gev = 1000))
#' hidden_photon(charges = c(e = 1, mu = -1, tau = 0), name = "Le-Lmu")
#' @export
hidden_photon <- function(charges = c(e = 0, mu = 1, tau = -1),
                          mixing = mixing_ratio(-1 / 70), name = NULL) {
  nm <- names(charges)
  charges <- check_number(charges, "charges", len = 3L)
  names(charges) <- nm
  if (!is.null(nm)) {
    if (!setequal(nm, c("e", "mu", "tau"))) {
      mp_abort("`charges` must be named e, mu, tau (or unnamed in that order); got %s.",
               paste(nm, collapse = ", "))
    }
    charges <- charges[c("e", "mu", "tau")]
  }
  names(charges) <- c("e", "mu", "tau")
  if (all(charges == 0)) {
    mp_abort("`charges` must not all be zero: the boson would not couple to leptons.")
  }
  if (!valid_mixing(mixing)) {
    mp_abort("`mixing` must be made by mixing_ratio(), mixing_loop() or mixing_fixed(), not %s.",
             if (inherits(mixing, "muonphilic_mixing")) "a damaged mixing rule" else mp_describe(mixing))
  }
  if (is.null(name)) {
    name <- sprintf("hidden photon (Qe, Qmu, Qtau) = (%s)",
                    paste(format(charges), collapse = ", "))
  } else if (!is.character(name) || length(name) != 1L || is.na(name)) {
    mp_abort("`name` must be one string, not %s.", mp_describe(name))
  }
  structure(list(name = name, charges = charges, mixing = mixing),
            class = "muonphilic_model")
}

#' @rdname hidden_photon
#' @export
lmu_ltau <- function(mixing = mixing_ratio(-1 / 70)) {
  hidden_photon(c(e = 0, mu = 1, tau = -1), mixing, name = "LmuLtau")
}

#' @rdname hidden_photon
#' @export
lmu <- function(mixing = mixing_ratio(-1 / 70)) {
  hidden_photon(c(e = 0, mu = 1, tau = 0), mixing, name = "Lmu")
}

#' @export
print.muonphilic_model <- function(x, ...) {
  cat("<muonphilic model> ", if (valid_mixing(x$mixing)) model_label(x) else x$name, "\n",
      sep = "")
  cat("  charges (e, mu, tau): ", paste(format(x$charges), collapse = ", "), "\n",
      sep = "")
  cat("  kinetic mixing:       ", format(x$mixing), "\n", sep = "")
  invisible(x)
}

check_model <- function(model, arg = "model", call = sys.call(-1)) {
  if (!inherits(model, "muonphilic_model")) {
    mp_abort("`%s` must be a model from lmu_ltau(), lmu() or hidden_photon(), not %s.",
             arg, mp_describe(model), call = call)
  }
  # a model edited by hand (model$charges[["e"]] <- NA, ...) must not reach C
  q <- model$charges
  intact <- is.numeric(q) && !is.object(q) && length(q) == 3L && identical(names(q), c("e", "mu", "tau")) &&
    all(is.finite(q)) && any(q != 0) && valid_mixing(model$mixing)
  if (!intact) {
    mp_abort(paste0("`%s` is a damaged model: its charges must be three finite numbers ",
                    "named e, mu, tau, not all zero, and its mixing a rule from ",
                    "mixing_ratio(), mixing_loop() or mixing_fixed(). Rebuild it with ",
                    "hidden_photon()."), arg, call = call)
  }
  model
}

# The numeric model spec passed to C: c(Qe, Qmu, Qtau, type, value).
model_spec <- function(model) {
  type <- match(model$mixing$type, c("ratio", "loop", "fixed")) - 1
  as.double(c(model$charges, type, model$mixing$value))
}

#' Kinetic mixing at a momentum transfer
#'
#' \eqn{\epsilon(g, q^2)} under the model's mixing rule (Eqs. 10-12).
#'
#' @param model a model ([lmu_ltau()], ...).
#' @param g coupling \eqn{g_x} (dimensionless, finite).
#' @param q2_gev2 momentum transfer squared in GeV^2 (negative: spacelike,
#'   as in scattering, \eqn{q^2 = -2 M_N E_R}). Recycled against `g`.
#' @return A numeric vector of \eqn{\epsilon} values.
#' @examples
#' kinetic_mixing(lmu_ltau(mixing_loop()), g = 1)  # ~ -1/69.3
#' kinetic_mixing(lmu_ltau(mixing_loop()), g = 1e-3, q2_gev2 = c(0, -1e-3, -1))
#' @export
kinetic_mixing <- function(model, g, q2_gev2 = 0) {
  check_model(model)
  g <- check_number(g, "g")
  q2_gev2 <- check_number(q2_gev2, "q2_gev2")
  a <- recycle_args(g = g, q2_gev2 = q2_gev2)
  mp_call(.Call(ffi_kinetic_mixing, model_spec(model), a$g, a$q2_gev2, mp_rel_tol()))
}

decay_channels <- c("nu_e", "nu_mu", "nu_tau", "e", "mu", "tau")

#' Partial widths and branching ratios of the A'
#'
#' Partial widths into one neutrino flavour (left-handed only),
#' \eqn{g^2 Q^2 M/(24\pi)}, and into a charged-lepton pair,
#' \eqn{c^2 M/(12\pi) (1 + 2 m_l^2/M^2) \sqrt{1 - 4 m_l^2/M^2}}, with the
#' charged-lepton coupling \eqn{c = g Q_l + e\epsilon} (the photon-like
#' coupling through kinetic mixing, Eq. 9, with \eqn{\epsilon} taken at
#' \eqn{q^2 = M^2}; for \eqn{Q_e = 0} the \eqn{e^+e^-} mode is pure mixing).
#'
#' @param model a model ([lmu_ltau()], ...).
#' @param g coupling (dimensionless, non-zero, |g| <= sqrt(4 pi)).
#' @param mass_mev mediator mass in MeV (positive, finite). `g` and
#'   `mass_mev` are recycled against each other.
#' Widths that leave double precision (couplings or charges beyond about
#' 1e150, or so small that every width underflows to zero) signal an error of
#' class `muonphilic_error_numeric`.
#'
#' @return `decay_widths()`: a data frame with one row per (point, channel):
#'   `mass_mev`, `g`, `channel` (`nu_e`, `nu_mu`, `nu_tau`, `e`, `mu`,
#'   `tau`), `width_gev` and `branching_ratio`.
#' @examples
#' decay_widths(lmu_ltau(), g = 1e-3, mass_mev = 300)
#' branching_invisible(lmu_ltau(), mass_mev = c(100, 250, 1000))
#' branching_invisible(lmu(), mass_mev = c(100, 250, 1000))
#' @export
decay_widths <- function(model, g, mass_mev) {
  check_model(model)
  g <- check_coupling(g)
  if (any(g == 0)) mp_abort("`g` must be non-zero: a decoupled boson does not decay.")
  mass_mev <- check_positive(mass_mev, "mass_mev")
  a <- recycle_args(g = g, mass_mev = mass_mev)
  w <- mp_call(.Call(ffi_widths, model_spec(model), a$g, a$mass_mev / 1000, mp_rel_tol()))
  n <- length(a$g)
  tot <- rowSums(w)
  data.frame(
    mass_mev = rep(a$mass_mev, each = 6L),
    g = rep(a$g, each = 6L),
    channel = rep(decay_channels, times = n),
    width_gev = as.vector(t(w)),
    branching_ratio = as.vector(t(w / tot)),
    stringsAsFactors = FALSE
  )
}

#' @rdname decay_widths
#' @param g_for_fixed coupling used only when the model's mixing is
#'   [mixing_fixed()] (then the branching ratios depend on `g`); otherwise
#'   the branching ratios do not depend on the coupling and it is ignored.
#' @return `branching_invisible()`: a numeric vector of invisible
#'   (neutrino) branching ratios, one per mass. It is 1 below the dimuon
#'   threshold up to the tiny \eqn{e^+e^-} mode, and tends to 1/2
#'   (\eqn{L_\mu - L_\tau}) or 1/3 (\eqn{L_\mu}) above it.
#' @export
branching_invisible <- function(model, mass_mev, g_for_fixed = 1e-3) {
  check_model(model)
  mass_mev <- check_positive(mass_mev, "mass_mev")
  g <- check_number(g_for_fixed, "g_for_fixed", len = 1L)
  if (g == 0) mp_abort("`g_for_fixed` must be non-zero.")
  # the ratios do not depend on g unless eps is fixed: use g = 1, so that an
  # ignored g_for_fixed cannot under- or overflow the widths
  if (model$mixing$type != "fixed") g <- 1
  w <- mp_call(.Call(ffi_widths, model_spec(model), rep(g, length(mass_mev)),
               mass_mev / 1000, mp_rel_tol()))
  rowSums(w[, 1:3, drop = FALSE]) / rowSums(w)
}

#' Lab-frame decay length of the A'
#'
#' \eqn{l = (p/M)\, \hbar c / \Gamma_{tot}} (Eq. 23), with the widths of
#' [decay_widths()].
#'
#' @inheritParams decay_widths
#' @param energy_gev the A' energy in GeV (at least its mass). `g`,
#'   `mass_mev` and `energy_gev` are recycled.
#' @return Decay lengths in cm. A length beyond double precision (tiny
#'   couplings or masses) signals an error of class `muonphilic_error_numeric`.
#' @examples
#' decay_length_cm(lmu_ltau(), g = 5e-4, mass_mev = 250, energy_gev = 50)
#' @export
decay_length_cm <- function(model, g, mass_mev, energy_gev) {
  check_model(model)
  g <- check_coupling(g)
  if (any(g == 0)) mp_abort("`g` must be non-zero: a decoupled boson does not decay.")
  mass_mev <- check_positive(mass_mev, "mass_mev")
  energy_gev <- check_positive(energy_gev, "energy_gev")
  a <- recycle_args(g = g, mass_mev = mass_mev, energy_gev = energy_gev)
  if (any(a$energy_gev < a$mass_mev / 1000)) {
    mp_abort("`energy_gev` must be at least the mass (mass_mev / 1000 GeV).")
  }
  mp_call(.Call(ffi_decay_length, model_spec(model), a$g, a$mass_mev / 1000,
          a$energy_gev, mp_rel_tol()))
}
