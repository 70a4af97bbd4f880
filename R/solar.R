# Solar neutrinos: components, fluxes and spectral shapes, adiabatic MSW
# flavour probabilities at Earth (paper Sect. 5, Eq. 35; SPEC section 5).

solar_names <- c("pp", "pep", "hep", "7Be", "8B", "13N", "15O", "17F")

# SPEC 5: high-metallicity SSM B16-GS98 fluxes (cm^-2 s^-1).
solar_b16_gs98 <- c(pp = 5.98e10, pep = 1.44e8, hep = 7.98e3, `7Be` = 4.93e9,
                    `8B` = 5.46e6, `13N` = 2.78e8, `15O` = 2.05e8, `17F` = 5.29e6)
# SPEC 5: mean production radii (units of the solar radius).
solar_r_mean <- c(pp = 0.10, pep = 0.10, hep = 0.15, `7Be` = 0.06, `8B` = 0.045,
                  `13N` = 0.06, `15O` = 0.05, `17F` = 0.05)
solar_emax <- c(pp = 0.4234, pep = 1.442, hep = 18.784, `7Be` = 0.8613,
                `8B` = 16.56, `13N` = 1.1985, `15O` = 1.7317, `17F` = 1.7364)
solar_daughter_z <- c(pp = 1, pep = NA, hep = 2, `7Be` = NA, `8B` = NA,
                      `13N` = 6, `15O` = 7, `17F` = 8)

#' Solar neutrino components
#'
#' The eight solar neutrino components with their total fluxes at Earth, the
#' high-metallicity standard solar model B16-GS98 by default (Vinyoles et
#' al. 2017, as used by the paper; SPEC section 5): pp 5.98e10, pep 1.44e8,
#' hep 7.98e3, 7Be 4.93e9, 8B 5.46e6, 13N 2.78e8, 15O 2.05e8, 17F 5.29e6
#' cm^-2 s^-1.
#'
#' Spectral shapes (unit-normalised, see [solar_flux()]): pep is a line at
#' 1.442 MeV; 7Be two lines at 0.3843 MeV (10.44 %) and 0.8613 MeV
#' (89.56 %); pp, hep, 13N, 15O and 17F are allowed \eqn{\beta^+} spectra
#' \eqn{E^2 W p F(Z, W)} with \eqn{W = E_0 - E + m_e}, \eqn{p =
#' \sqrt{W^2 - m_e^2}}, the non-relativistic positron Fermi function \eqn{F =
#' 2\pi\eta/(1 - e^{-2\pi\eta})}, \eqn{\eta = -Z\alpha W/p} (daughter charge
#' Z: pp 1, hep 2, 13N 6, 15O 7, 17F 8) and end points \eqn{E_0}: pp 0.4234,
#' hep 18.784, 13N 1.1985, 15O 1.7317, 17F 1.7364 MeV; 8B is a cubic spline
#' in \eqn{\log(\phi/(E^2(16.56 - E)^2))} through 35 knots of the standard
#' spectrum (SPEC section 5), zero above 16.56 MeV. Every shape is
#' normalised to one numerically.
#'
#' @param flux optional named numeric vector overriding total fluxes in
#'   cm^-2 s^-1 (names among the components; non-negative).
#' @return A data frame, one row per component: `component`, `type`
#'   (`"line"` or `"continuum"`), `flux` (cm^-2 s^-1), `emax_mev` (maximum
#'   neutrino energy, MeV), `daughter_z` (Fermi-function charge, NA where
#'   unused) and `r_production` (mean production radius in solar radii, used
#'   by [flavour_probabilities()]).
#' @examples
#' solar_components()
#' solar_components(flux = c("8B" = 5.16e6))  # the low-metallicity 8B flux
#' @export
solar_components <- function(flux = NULL) {
  fl <- solar_flux_values(flux)
  data.frame(component = solar_names,
             type = ifelse(solar_names %in% c("pep", "7Be"), "line", "continuum"),
             flux = unname(fl), emax_mev = unname(solar_emax),
             daughter_z = unname(solar_daughter_z),
             r_production = unname(solar_r_mean), stringsAsFactors = FALSE)
}

# Merge user flux overrides into the B16-GS98 defaults.
solar_flux_values <- function(flux, call = sys.call(-1)) {
  out <- solar_b16_gs98
  if (is.null(flux)) return(out)
  nm <- names(flux)
  if (is.null(nm) || any(!nzchar(nm))) {
    mp_abort("`flux` must be a named numeric vector, names among %s.",
             paste0("\"", solar_names, "\"", collapse = ", "), call = call)
  }
  check_choices(nm, "flux component", solar_names, call = call)
  v <- check_number(flux, "flux", lower = 0, call = call)
  out[nm] <- v
  out
}

# Component names -> 0-based indices; "all" expands.
solar_index <- function(component, call = sys.call(-1)) {
  if (identical(component, "all")) component <- solar_names
  check_choices(component, "component", solar_names, call = call)
  match(component, solar_names) - 1
}

#' Solar neutrino line energies
#'
#' @param flux optional flux overrides as in [solar_components()].
#' @return A data frame: `component`, `enu_mev`, `branching` (fraction of the
#'   component's flux in the line) and `flux` (cm^-2 s^-1).
#' @examples
#' solar_lines()
#' @export
solar_lines <- function(flux = NULL) {
  fl <- solar_flux_values(flux)
  out <- data.frame(component = c("pep", "7Be", "7Be"),
                    enu_mev = c(1.442, 0.3843, 0.8613),
                    branching = c(1, 0.1044, 0.8956), stringsAsFactors = FALSE)
  out$flux <- unname(fl[out$component]) * out$branching
  out
}

#' Solar neutrino fluxes
#'
#' Differential fluxes at Earth \eqn{d\phi/dE_\nu} of the continuum
#' components (see [solar_components()] for the shapes and default
#' normalisations). Line components (pep, 7Be) have no density: they are
#' returned in the attribute `"lines"` (energies and fluxes) and every rate
#' in the package sums over them exactly, never smearing them.
#'
#' @param enu_mev neutrino energies in MeV (non-negative, finite).
#' @param component component names (see [solar_components()]) or `"all"`.
#' @param flux optional named overrides of the total fluxes (cm^-2 s^-1).
#' @return A data frame with one row per (energy, component) for the
#'   continuum components asked for: `enu_mev`, `component`, `flux`
#'   (cm^-2 s^-1 MeV^-1); attribute `"lines"`: a data frame of the requested
#'   line components (`component`, `enu_mev`, `branching`, `flux` in
#'   cm^-2 s^-1).
#' @examples
#' f <- solar_flux(c(1, 5, 10), "8B")
#' f$flux
#' attr(solar_flux(1, "all"), "lines")
#' @export
solar_flux <- function(enu_mev, component = "all", flux = NULL) {
  enu_mev <- check_number(enu_mev, "enu_mev", lower = 0)
  idx <- solar_index(component)
  fl <- solar_flux_values(flux)
  comps <- solar_names[idx + 1]
  cont <- comps[!comps %in% c("pep", "7Be")]
  grid <- expand.grid(enu_mev = enu_mev, component = cont,
                      stringsAsFactors = FALSE)
  if (nrow(grid)) {
    spec <- solar_spec(flux = flux)
    shape <- mp_call(.Call(ffi_solar_shape, spec,
                           as.double(match(grid$component, solar_names) - 1),
                           as.double(grid$enu_mev), mp_rel_tol()))
    grid$flux <- shape * unname(fl[grid$component])
  } else {
    grid$flux <- numeric()
  }
  lines <- solar_lines(flux)
  attr(grid, "lines") <- lines[lines$component %in% comps, , drop = FALSE]
  rownames(attr(grid, "lines")) <- NULL
  grid
}

#' Neutrino oscillation parameters
#'
#' Three-flavour parameters for the solar flavour probabilities. Presets:
#' * `"nufit50"` (default): NuFIT 5.0, normal ordering: \eqn{\sin^2\theta_{12}
#'   = 0.304}, \eqn{\sin^2\theta_{13} = 0.02221}, \eqn{\sin^2\theta_{23} =
#'   0.570}, \eqn{\delta_{CP} = 195^\circ}, \eqn{\Delta m^2_{21} = 7.42\times
#'   10^{-5}} eV^2.
#' * `"desalas2020"`: de Salas et al., arXiv:2006.11237 (the fit behind the
#'   paper's probabilities): \eqn{\theta_{12} = 34.3^\circ}, \eqn{\theta_{13}
#'   = 8.58^\circ}, \eqn{\theta_{23} = 49.26^\circ}, \eqn{\delta = 0},
#'   \eqn{\Delta m^2_{21} = 7.50\times 10^{-5}} eV^2.
#' * `"nufit60"`: NuFIT 6.0, arXiv:2410.05380 (IC24 with SK):
#'   \eqn{\theta_{12} = 33.68^\circ}, \eqn{\theta_{13} = 8.56^\circ},
#'   \eqn{\theta_{23} = 43.3^\circ}, \eqn{\delta = 212^\circ}, \eqn{\Delta
#'   m^2_{21} = 7.49\times 10^{-5}} eV^2. Note \eqn{\theta_{23} < 45^\circ}:
#'   the \eqn{\nu_\mu} flux then exceeds the \eqn{\nu_\tau} flux, which flips
#'   the sign of the \eqn{L_\mu - L_\tau} nuclear-recoil excess (see the
#'   `solar` vignette).
#'
#' Any value given explicitly overrides the preset.
#'
#' @param preset one of `"nufit50"`, `"desalas2020"`, `"nufit60"`.
#' @param sin2_th12,sin2_th13,sin2_th23 \eqn{\sin^2} of the mixing angles
#'   (in \[0, 1\]).
#' @param delta_cp_deg Dirac CP phase in degrees.
#' @param dm21_ev2 \eqn{\Delta m^2_{21}} in eV^2 (positive).
#' @return An object of class `muonphilic_oscillation`: a list with the five
#'   values and the preset name.
#' @examples
#' oscillation_parameters()
#' oscillation_parameters("nufit60")
#' oscillation_parameters(sin2_th23 = 0.45)
#' @export
oscillation_parameters <- function(preset = c("nufit50", "desalas2020", "nufit60"),
                                   sin2_th12 = NULL, sin2_th13 = NULL,
                                   sin2_th23 = NULL, delta_cp_deg = NULL,
                                   dm21_ev2 = NULL) {
  if (missing(preset)) preset <- "nufit50"
  preset <- check_choice(preset, "preset", c("nufit50", "desalas2020", "nufit60"))
  s2 <- function(deg) sin(deg * pi / 180)^2
  base <- switch(preset,
    nufit50 = list(sin2_th12 = 0.304, sin2_th13 = 0.02221, sin2_th23 = 0.570,
                   delta_cp_deg = 195, dm21_ev2 = 7.42e-5),
    desalas2020 = list(sin2_th12 = s2(34.3), sin2_th13 = s2(8.58),
                       sin2_th23 = s2(49.26), delta_cp_deg = 0, dm21_ev2 = 7.50e-5),
    nufit60 = list(sin2_th12 = s2(33.68), sin2_th13 = s2(8.56),
                   sin2_th23 = s2(43.3), delta_cp_deg = 212, dm21_ev2 = 7.49e-5)
  )
  if (!is.null(sin2_th12)) base$sin2_th12 <- check_number(sin2_th12, "sin2_th12", 1L, 0, 1)
  if (!is.null(sin2_th13)) base$sin2_th13 <- check_number(sin2_th13, "sin2_th13", 1L, 0, 1, upper_open = TRUE)
  if (!is.null(sin2_th23)) base$sin2_th23 <- check_number(sin2_th23, "sin2_th23", 1L, 0, 1)
  if (!is.null(delta_cp_deg)) base$delta_cp_deg <- check_number(delta_cp_deg, "delta_cp_deg", 1L)
  if (!is.null(dm21_ev2)) base$dm21_ev2 <- check_positive(dm21_ev2, "dm21_ev2", 1L)
  base$preset <- preset
  structure(base, class = "muonphilic_oscillation")
}

#' @export
print.muonphilic_oscillation <- function(x, ...) {
  cat("<muonphilic oscillation parameters> ", x$preset, "\n", sep = "")
  cat(sprintf("  sin^2 th12 = %.5g, sin^2 th13 = %.5g, sin^2 th23 = %.5g\n",
              x$sin2_th12, x$sin2_th13, x$sin2_th23))
  cat(sprintf("  delta_CP = %g deg, dm21^2 = %g eV^2\n", x$delta_cp_deg, x$dm21_ev2))
  invisible(x)
}

check_oscillation <- function(x, arg = "oscillation", call = sys.call(-1)) {
  if (is.character(x) && length(x) == 1L) return(oscillation_parameters(x))
  if (!inherits(x, "muonphilic_oscillation")) {
    mp_abort("`%s` must come from oscillation_parameters() (or be a preset name), not %s.",
             arg, mp_describe(x), call = call)
  }
  x
}

# The flat parameter vector passed to C (solar.h, MP_SOLAR_NPAR = 24).
solar_spec <- function(flux = NULL, oscillation = oscillation_parameters(),
                       production = "distribution", r_production = NULL,
                       ne_center = 245, ne_slope = 10.54, call = sys.call(-1)) {
  fl <- solar_flux_values(flux, call = call)
  osc <- check_oscillation(oscillation, call = call)
  production <- check_choice(production, "production", c("distribution", "mean"),
                             call = call)
  rm <- solar_r_mean
  if (!is.null(r_production)) {
    nm <- names(r_production)
    if (is.null(nm)) {
      mp_abort("`r_production` must be a named numeric vector (names among %s).",
               paste0("\"", solar_names, "\"", collapse = ", "), call = call)
    }
    check_choices(nm, "r_production component", solar_names, call = call)
    rm[nm] <- check_number(r_production, "r_production", lower = 0, upper = 1,
                           lower_open = TRUE, call = call)
  }
  ne_center <- check_number(ne_center, "ne_center", 1L, lower = 0, call = call)
  # a negative slope (density growing outwards) overflows exp() in C
  ne_slope <- check_number(ne_slope, "ne_slope", 1L, lower = 0, call = call)
  as.double(c(fl, rm, if (production == "mean") 1 else 0, ne_center, ne_slope,
              osc$sin2_th12, osc$sin2_th13, osc$sin2_th23,
              osc$delta_cp_deg * pi / 180, osc$dm21_ev2))
}

#' Solar neutrino flavour probabilities at Earth
#'
#' \eqn{P(\nu_e \to \nu_\alpha)}, \eqn{\alpha = e, \mu, \tau}, for the
#' adiabatic MSW solution with incoherent mass eigenstates (SPEC section 5):
#' \deqn{P_{e\alpha} = c_{13}^2(\cos^2\theta_m |U_{\alpha1}|^2 +
#' \sin^2\theta_m |U_{\alpha2}|^2) + s_{13}^2 |U_{\alpha3}|^2,}
#' \eqn{\cos 2\theta_m = (\cos 2\theta_{12} - b)/\sqrt{(\cos 2\theta_{12} -
#' b)^2 + \sin^2 2\theta_{12}}}, \eqn{b = 2\sqrt2 G_F n_e c_{13}^2
#' E/\Delta m^2_{21}}, with the electron density \eqn{n_e(r) = n_0 N_A
#' e^{-k r/R_\odot}} (\eqn{n_0 = 245} cm^-3, \eqn{k = 10.54}) at the
#' production point.
#'
#' The production point is averaged over each component's production region.
#' With `production = "distribution"` (default) the emission density is a
#' spherical Gaussian, radial density \eqn{\propto r^2 e^{-r^2/(2a^2)}} (a
#' Maxwell distribution) with \eqn{a = \bar r\sqrt{\pi/8}} so that its mean is
#' the component's mean production radius \eqn{\bar r} (pp 0.10, pep 0.10,
#' hep 0.15, 7Be 0.06, 8B 0.045, 13N 0.06, 15O 0.05, 17F 0.05 \eqn{R_\odot});
#' `production = "mean"` puts every neutrino at \eqn{\bar r}. The average is a
#' 24-point Gauss-Legendre rule (converged to 1e-13) over \eqn{[0, \min(1, 8a)]}.
#'
#' @param enu_mev neutrino energies in MeV (positive).
#' @param component one component name (see [solar_components()]), or
#'   several recycled against `enu_mev`.
#' @param params oscillation parameters from [oscillation_parameters()] (or a
#'   preset name).
#' @param production `"distribution"` or `"mean"` (see Details).
#' @param r_production optional named overrides of the mean production radii
#'   (solar radii, in (0, 1\]).
#' @param ne_center,ne_slope the electron-density profile: central density
#'   in units of \eqn{N_A} cm^-3 and the exponential slope per solar radius
#'   (non-negative: the density falls outwards).
#' @return A data frame: `enu_mev`, `component`, `p_ee`, `p_emu`, `p_etau`.
#' @examples
#' flavour_probabilities(c(0.3, 1, 10), "8B")
#' flavour_probabilities(10, "8B", oscillation_parameters("nufit60"))
#' @export
flavour_probabilities <- function(enu_mev, component = "8B",
                                  params = oscillation_parameters(),
                                  production = c("distribution", "mean"),
                                  r_production = NULL, ne_center = 245,
                                  ne_slope = 10.54) {
  enu_mev <- check_positive(enu_mev, "enu_mev")
  if (missing(production)) production <- "distribution"
  if (!is.character(component) || identical(component, "all")) {
    mp_abort("`component` must name components among %s.",
             paste0("\"", solar_names, "\"", collapse = ", "))
  }
  idx <- solar_index(component)
  a <- recycle_args(enu_mev = enu_mev, component = idx)
  spec <- solar_spec(oscillation = params, production = production,
                     r_production = r_production, ne_center = ne_center,
                     ne_slope = ne_slope)
  p <- mp_call(.Call(ffi_solar_prob, spec, as.double(a$component),
                     as.double(a$enu_mev), mp_rel_tol()))
  data.frame(enu_mev = a$enu_mev, component = solar_names[a$component + 1],
             p_ee = p[, 1], p_emu = p[, 2], p_etau = p[, 3],
             stringsAsFactors = FALSE)
}
