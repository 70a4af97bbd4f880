# Neutrino-electron scattering with the A' terms (paper Eq. 36), xenon
# binding steps and the RRPA scaling.

#' Neutrino-electron elastic cross section with a light vector mediator
#'
#' Eq. 36 of the paper per free electron:
#' \deqn{\frac{d\sigma}{dT} = \frac{2G_F^2 m_e}{\pi}\left[g_L'^2 +
#' g_R'^2\left(1 - \frac{T}{E_\nu}\right)^2 - g_L' g_R' \frac{m_e
#' T}{E_\nu^2}\right],\quad g_{L,R}' = g_{L,R} + \delta,}
#' \eqn{g_L = \sin^2\theta_W - 1/2} (\eqn{1 + g_L} for \eqn{\nu_e}, the
#' charged current), \eqn{g_R = \sin^2\theta_W}, and the A' amplitude
#' \eqn{\delta = g Q_\alpha (e\epsilon + g Q_e)/(2\sqrt2 G_F(2 m_e T +
#' M^2))}. Expanded in \eqn{\delta} this is the SM, interference and pure A'
#' brackets of Eq. 36; for \eqn{Q_e = 0} (the paper's models) \eqn{\nu_e}
#' scatters as in the SM. A non-zero electron charge \eqn{Q_e} adds the
#' tree-level electron coupling \eqn{g Q_e} to the photon-like \eqn{e\epsilon}
#' (the convention of [decay_widths()]); with [mixing_loop()] \eqn{\epsilon}
#' is taken at \eqn{q^2 = -2 m_e T}. The cross section vanishes above
#' \eqn{T_{max} = 2E_\nu^2/(m_e + 2E_\nu)}.
#'
#' @param model a model ([lmu_ltau()], ...).
#' @param g coupling (dimensionless, |g| <= sqrt(4 pi)).
#' @param mass_mev mediator mass in MeV (positive).
#' @param flavour `"e"`, `"mu"` or `"tau"`.
#' @param enu_mev neutrino energy in MeV (positive).
#' @param recoil_kevee electron recoil energy in keVee (non-negative).
#' @param sin2_theta_w \eqn{\sin^2\theta_W} (default 0.2387).
#' @param ... deprecated spellings: `recoil_kev` (now `recoil_kevee`).
#' @return \eqn{d\sigma/dT} in cm^2/keV per electron; the vector arguments
#'   are recycled to a common length.
#'   Extreme inputs whose results leave double precision (couplings, charges
#'   or kinetic mixing beyond about 1e150, subnormal masses) signal an error
#'   of class `muonphilic_error_numeric` instead of returning Inf or NaN.
#' @examples
#' electron_xsec(lmu_ltau(), g = 5e-4, mass_mev = 15, flavour = "tau",
#'               enu_mev = 0.4, recoil_kevee = c(1, 10, 100))
#' @export
electron_xsec <- function(model, g, mass_mev, flavour = "mu", enu_mev,
                          recoil_kevee, sin2_theta_w = physical_constants()[["sin2w_default"]],
                          ...) {
  take_renamed(c(recoil_kev = "recoil_kevee"))
  check_model(model)
  g <- check_coupling(g)
  mass_mev <- check_positive(mass_mev, "mass_mev")
  fl <- flavour_index(flavour)
  enu_mev <- check_positive(enu_mev, "enu_mev")
  recoil_kev <- check_number(recoil_kevee, "recoil_kevee", lower = 0)
  sin2_theta_w <- check_number(sin2_theta_w, "sin2_theta_w", 1L, 0, 1)
  check_electron_charge(model)
  a <- recycle_args(g = g, mass_mev = mass_mev, flavour = fl,
                    enu_mev = enu_mev, recoil_kev = recoil_kev)
  xs <- mp_call(.Call(ffi_electron_xsec, model_spec(model), a$g,
                      as.double(a$flavour), sin2_theta_w, a$enu_mev / 1000,
                      a$recoil_kev * 1e-6, a$mass_mev / 1000, mp_rel_tol()))
  check_finite_result(xs * 1e-6, "Cross sections")
}

# The coefficient form of Eq. 36 (cm^2/keV): n x 3 matrix, powers of
# coupling_powers() (internal, for tests and the rates).
electron_xsec_terms <- function(model, mass_mev, flavour, enu_mev, recoil_kev,
                                sin2_theta_w = physical_constants()[["sin2w_default"]]) {
  check_model(model)
  check_electron_charge(model)
  a <- recycle_args(mass_mev = mass_mev, flavour = flavour_index(flavour),
                    enu_mev = enu_mev, recoil_kev = recoil_kev)
  xs <- mp_call(.Call(ffi_electron_coef, model_spec(model), as.double(a$flavour),
                      sin2_theta_w, a$enu_mev / 1000, a$recoil_kev * 1e-6,
                      a$mass_mev / 1000, mp_rel_tol()))
  structure(xs * 1e-6, powers = coupling_powers(model))
}

# A fixed eps with a tree-level electron charge is no polynomial in (1, g, g^2).
check_electron_charge <- function(model, call = sys.call(-1)) {
  if (identical(model$mixing$type, "fixed") && model$charges[["e"]] != 0) {
    mp_abort("Electron recoils with a fixed kinetic mixing and a non-zero electron charge are not supported: use mixing_ratio() or mixing_loop() for models with Qe != 0.",
             call = call)
  }
  invisible(model)
}

#' Xenon electron shells and the RRPA scaling
#'
#' `xenon_shells()`: the xenon atomic shells (binding energies in eV and
#' electron counts) used by the binding step function: an
#' electron recoil of energy \eqn{E} can only free the electrons whose
#' binding energy is below \eqn{E}. `xenon_rrpa()`: the relativistic random
#' phase approximation (RRPA) suppression of the step-function rate in
#' 0.25-30 keVee (Chen et al., Fig. 2), applied by linear interpolation in
#' \eqn{\log E}. Outside the table the edge factor is held up to the next
#' shell edge (0.685 from 30 keVee up to the K edge at 34.76 keV; 0.836 from
#' 0.25 keVee down to the 4s edge at 0.229 keV) and is 1 beyond, where the
#' step function jumps anyway: the rate has no artificial step at the ends
#' of the table (setting the factor to 1 right outside it made the SM ER
#' rate jump by +46 % at 30 keVee and -17 % at 0.25 keVee).
#' `bound_electrons()`: the number of electrons per atom available at a
#' recoil energy: the step count, times the RRPA factor when `rrpa = TRUE`.
#'
#' @param recoil_kevee electron recoil energies in keVee (non-negative).
#' @param rrpa use the RRPA scaling (TRUE) or the step function alone.
#' @param shells a shell table like `xenon_shells()` (columns `binding_ev`,
#'   `electrons`).
#' @param rrpa_table a table like `xenon_rrpa()` (columns `recoil_kev`,
#'   `factor`, increasing energies).
#' @param ... deprecated spellings: `recoil_kev` (now `recoil_kevee`).
#' @return `xenon_shells()`: a data frame `shell`, `binding_ev`,
#'   `electrons`. `xenon_rrpa()`: a data frame `recoil_kev`, `factor`.
#'   `bound_electrons()`: a numeric vector (electrons per atom).
#' @examples
#' xenon_shells()
#' bound_electrons(c(0.01, 0.1, 1, 10, 40))
#' bound_electrons(c(1, 10), rrpa = FALSE)
#' @export
xenon_shells <- function() {
  data.frame(
    shell = c("1s", "2s", "2p1/2", "2p3/2", "3s", "3p1/2", "3p3/2", "3d3/2",
              "3d5/2", "4s", "4p1/2", "4p3/2", "4d3/2", "4d5/2", "5s", "5p1/2",
              "5p3/2"),
    binding_ev = c(34759, 5509.8, 5161.5, 4835.6, 1170.5, 1024.8, 961.2, 708.1,
                   649.9, 229.4, 175.6, 162.8, 73.8, 71.7, 27.5, 13.4, 12.0),
    electrons = c(2, 2, 2, 4, 2, 2, 4, 4, 6, 2, 2, 4, 4, 6, 2, 2, 4),
    stringsAsFactors = FALSE
  )
}

#' @rdname xenon_shells
#' @export
xenon_rrpa <- function() {
  data.frame(recoil_kev = c(0.25, 0.3, 0.5, 0.7, 1, 1.5, 2, 3, 5, 7, 10, 15, 20, 25, 30),
             factor = c(0.836, 0.811, 0.863, 0.881, 0.858, 0.871, 0.886, 0.890,
                        0.864, 0.838, 0.813, 0.774, 0.740, 0.708, 0.685))
}

#' @rdname xenon_shells
#' @export
bound_electrons <- function(recoil_kevee, rrpa = TRUE, shells = xenon_shells(),
                            rrpa_table = xenon_rrpa(), ...) {
  take_renamed(c(recoil_kev = "recoil_kevee"))
  recoil_kev <- check_number(recoil_kevee, "recoil_kevee", lower = 0)
  check_flag(rrpa, "rrpa")
  sh <- check_shells(shells)
  rr <- if (rrpa) check_rrpa(rrpa_table) else matrix(numeric(), 0, 2)
  .Call(ffi_bound_electrons, recoil_kev, sh[, 1], sh[, 2], rr[, 1], rr[, 2])
}

# Shell table -> matrix (binding keV, electrons).
check_shells <- function(shells, call = sys.call(-1)) {
  if (!is.data.frame(shells) || !all(c("binding_ev", "electrons") %in% names(shells)) ||
      nrow(shells) == 0L) {
    mp_abort("`shells` must be a data frame with columns binding_ev and electrons, like xenon_shells().",
             call = call)
  }
  b <- check_positive(shells$binding_ev, "shells$binding_ev", call = call)
  n <- check_number(shells$electrons, "shells$electrons", lower = 0, call = call)
  cbind(b / 1000, n)
}

check_rrpa <- function(rrpa_table, call = sys.call(-1)) {
  if (!is.data.frame(rrpa_table) || !all(c("recoil_kev", "factor") %in% names(rrpa_table)) ||
      nrow(rrpa_table) < 2L) {
    mp_abort("`rrpa_table` must be a data frame with columns recoil_kev and factor (>= 2 rows), like xenon_rrpa().",
             call = call)
  }
  e <- check_positive(rrpa_table$recoil_kev, "rrpa_table$recoil_kev", call = call)
  f <- check_number(rrpa_table$factor, "rrpa_table$factor", lower = 0, call = call)
  if (any(diff(e) <= 0)) {
    mp_abort("`rrpa_table$recoil_kev` must be strictly increasing.", call = call)
  }
  cbind(e, f)
}
