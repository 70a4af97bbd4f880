# Solar neutrinos: components, fluxes and spectral shapes, adiabatic MSW
# flavour probabilities at Earth (paper Sect. 5, Eq. 35).

solar_names <- c("pp", "pep", "hep", "7Be", "8B", "13N", "15O", "17F")

# B16 standard solar model fluxes (cm^-2 s^-1), Vinyoles et al. 2017; the
# same numbers as inst/extdata/ssm-b16/b16_fluxes.csv (17F GS98: 5.29e6 as in
# the paper, the table file has 5.28e6).
solar_b16_gs98 <- c(pp = 5.98e10, pep = 1.44e8, hep = 7.98e3, `7Be` = 4.93e9,
                    `8B` = 5.46e6, `13N` = 2.78e8, `15O` = 2.05e8, `17F` = 5.29e6)
solar_b16_agss09 <- c(pp = 6.03e10, pep = 1.46e8, hep = 8.25e3, `7Be` = 4.50e9,
                      `8B` = 4.50e6, `13N` = 2.04e8, `15O` = 1.44e8, `17F` = 3.26e6)
# Mean production radii (units of the solar radius) of the exponential model.
solar_r_mean <- c(pp = 0.10, pep = 0.10, hep = 0.15, `7Be` = 0.06, `8B` = 0.045,
                  `13N` = 0.06, `15O` = 0.05, `17F` = 0.05)
# End points and daughter charges: solar_tables() (from the C tables).
solar_model_names <- c("b16_gs98", "b16_agss09", "exponential")

#' Standard solar model
#'
#' The solar model behind the fluxes and the flavour probabilities: the
#' electron density \eqn{n_e(r)} and, for every component, the radial
#' distribution of neutrino production, plus the total fluxes.
#'
#' * `"b16_gs98"` (default): the B16 standard solar model with the
#'   high-metallicity GS98 composition (N. Vinyoles et al., ApJ 835 (2017)
#'   202), as used by the paper. Tables of \eqn{\log_{10}(n_e/N_A)} and
#'   of the production density \eqn{dF/d(r/R_\odot)} of the eight
#'   components on 1000 radii \eqn{0.0005, \dots, 0.5\,R_\odot}, shipped
#'   in `system.file("extdata", "ssm-b16", package = "muonphilic")` (see the
#'   README there).
#' * `"b16_agss09"`: the same with the low-metallicity AGSS09met composition
#'   (its own fluxes, e.g. 8B 4.50e6 instead of 5.46e6 cm^-2 s^-1).
#' * `"exponential"`: the older approximation \eqn{n_e = 245\,N_A
#'   e^{-10.54 r/R_\odot}} cm^-3 (a fit valid for \eqn{r > 0.1 R_\odot};
#'   at the 8B production radius it overstates \eqn{n_e} by about 1.6) with
#'   Maxwell-shaped production regions around fixed mean radii and the GS98
#'   fluxes; kept for comparison (see the vignette "Where muonphilic
#'   differs from the paper").
#'
#' The tables are read once, when the model is built; pass the object
#' (rather than its name) to avoid reading them again in a loop.
#'
#' @param name one of `"b16_gs98"`, `"b16_agss09"`, `"exponential"`.
#' @return An object of class `muonphilic_solar_model`: a list with `name`,
#'   `flux` (named total fluxes, cm^-2 s^-1) and `profile` (a data frame
#'   with `r_rsun`, `ne_na` (\eqn{n_e/N_A} in cm^-3) and one production
#'   density column per component, in \eqn{R_\odot^{-1}}; `NULL` for the
#'   exponential model).
#' @examples
#' sm <- solar_model()
#' sm
#' head(sm$profile[, c("r_rsun", "ne_na", "8B")])
#' @export
solar_model <- function(name = c("b16_gs98", "b16_agss09", "exponential")) {
  if (missing(name)) name <- "b16_gs98"
  name <- check_choice(name, "name", solar_model_names)
  if (name == "exponential") {
    return(structure(list(name = name, flux = solar_b16_gs98, profile = NULL),
                     class = "muonphilic_solar_model"))
  }
  file <- system.file("extdata", "ssm-b16", sprintf("%s_profile.csv.gz", name),
                      package = "muonphilic", mustWork = TRUE)
  # line 1 a comment, line 2 the header, then 1000 rows of numbers
  hdr <- strsplit(readLines(file, n = 2L)[2], ",", fixed = TRUE)[[1]]
  tab <- matrix(scan(file, what = double(), sep = ",", skip = 2L, quiet = TRUE),
                ncol = length(hdr), byrow = TRUE, dimnames = list(NULL, hdr))
  profile <- data.frame(r_rsun = tab[, "r_rsun"], ne_na = 10^tab[, "log10_ne_na"],
                        tab[, solar_names], check.names = FALSE)
  structure(list(name = name,
                 flux = if (name == "b16_gs98") solar_b16_gs98 else solar_b16_agss09,
                 profile = profile),
            class = "muonphilic_solar_model")
}

#' @export
print.muonphilic_solar_model <- function(x, ...) {
  cat("<muonphilic solar model> ", x$name, "\n", sep = "")
  if (is.null(x$profile)) {
    cat("  n_e = 245 N_A exp(-10.54 r/R_sun) cm^-3, Maxwell production regions\n")
  } else {
    cat(sprintf("  %d radii in [%g, %g] R_sun; central n_e = %.4g N_A cm^-3\n",
                nrow(x$profile), min(x$profile$r_rsun), max(x$profile$r_rsun),
                x$profile$ne_na[1]))
  }
  cat("  8B flux ", format(x$flux[["8B"]]), " cm^-2 s^-1\n", sep = "")
  invisible(x)
}

check_solar_model <- function(x, arg = "solar_model", call = sys.call(-1)) {
  if (is.character(x) && length(x) == 1L && !is.na(x)) {
    check_choice(x, arg, solar_model_names, call = call)
    return(solar_model(x))
  }
  if (!inherits(x, "muonphilic_solar_model")) {
    mp_abort("`%s` must be one of %s or come from solar_model(), not %s.", arg,
             paste0("\"", solar_model_names, "\"", collapse = ", "),
             mp_describe(x), call = call)
  }
  x
}

# Name and fluxes of a model without reading its tables (for the spectra).
solar_model_fluxes <- function(x, call = sys.call(-1)) {
  if (is.character(x) && length(x) == 1L && !is.na(x)) {
    nm <- check_choice(x, "solar_model", solar_model_names, call = call)
    return(list(name = nm, flux = if (nm == "b16_agss09") solar_b16_agss09 else solar_b16_gs98))
  }
  check_solar_model(x, call = call)
}

# Mean production radius of each component (R_sun) in a model.
solar_mean_radius <- function(sm) {
  if (is.null(sm$profile)) return(solar_r_mean)
  r <- sm$profile$r_rsun
  vapply(solar_names, function(cmp) {
    d <- sm$profile[[cmp]]
    sum(r * d) / sum(d)
  }, numeric(1))
}

#' Solar neutrino components
#'
#' The eight solar neutrino components with their total fluxes at Earth, the
#' high-metallicity standard solar model B16-GS98 by default (Vinyoles et
#' al. 2017, as used by the paper): pp 5.98e10, pep 1.44e8,
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
#' spectrum, zero above 16.56 MeV. Every shape is
#' normalised to one numerically.
#'
#' @param flux optional named numeric vector overriding total fluxes in
#'   cm^-2 s^-1 (names among the components; non-negative).
#' @param solar_model the solar model giving the default fluxes and the
#'   production radii: a name or an object from [solar_model()].
#' @return A data frame, one row per component: `component`, `type`
#'   (`"line"` or `"continuum"`), `flux` (cm^-2 s^-1), `emax_mev` (maximum
#'   neutrino energy, MeV), `daughter_z` (Fermi-function charge, NA where
#'   unused), `r_production` (mean production radius in solar radii) and
#'   `solar_model` (the model's name).
#' @examples
#' solar_components()
#' solar_components(flux = c("8B" = 5.16e6))  # the low-metallicity 8B flux
#' @export
solar_components <- function(flux = NULL, solar_model = "b16_gs98") {
  sm <- check_solar_model(solar_model)
  fl <- solar_flux_values(flux, sm)
  tabs <- solar_tables()
  data.frame(component = solar_names,
             type = ifelse(solar_names %in% c("pep", "7Be"), "line", "continuum"),
             flux = unname(fl), emax_mev = unname(tabs$emax_mev),
             daughter_z = unname(tabs$daughter_z),
             r_production = unname(solar_mean_radius(sm)),
             solar_model = sm$name, stringsAsFactors = FALSE)
}

# Merge user flux overrides into the solar model's fluxes.
solar_flux_values <- function(flux, sm = NULL, call = sys.call(-1)) {
  out <- if (is.null(sm)) solar_b16_gs98 else sm$flux
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
#' @param solar_model the solar model of the default fluxes (see
#'   [solar_model()]).
#' @return A data frame: `component`, `enu_mev`, `branching` (fraction of the
#'   component's flux in the line) and `flux` (cm^-2 s^-1); attribute
#'   `"solar_model"` (the model's name).
#' @examples
#' solar_lines()
#' @export
solar_lines <- function(flux = NULL, solar_model = "b16_gs98") {
  sm <- solar_model_fluxes(solar_model)
  fl <- solar_flux_values(flux, sm)
  out <- data.frame(component = c("pep", "7Be", "7Be"),
                    enu_mev = c(1.442, 0.3843, 0.8613),
                    branching = c(1, 0.1044, 0.8956), stringsAsFactors = FALSE)
  out$flux <- unname(fl[out$component]) * out$branching
  attr(out, "solar_model") <- sm$name
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
#' @param solar_model the solar model of the default fluxes: a name or an
#'   object from [solar_model()] (default B16-GS98).
#' @return A data frame with one row per (energy, component) for the
#'   continuum components asked for: `enu_mev`, `component`, `flux`
#'   (cm^-2 s^-1 MeV^-1); attribute `"lines"`: a data frame of the requested
#'   line components (`component`, `enu_mev`, `branching`, `flux` in
#'   cm^-2 s^-1); attribute `"solar_model"`: the model's name.
#' @examples
#' f <- solar_flux(c(1, 5, 10), "8B")
#' f$flux
#' attr(solar_flux(1, "all"), "lines")
#' @export
solar_flux <- function(enu_mev, component = "all", flux = NULL,
                       solar_model = "b16_gs98") {
  enu_mev <- check_number(enu_mev, "enu_mev", lower = 0)
  idx <- solar_index(component)
  sm <- solar_model_fluxes(solar_model)
  fl <- solar_flux_values(flux, sm)
  comps <- solar_names[idx + 1]
  cont <- comps[!comps %in% c("pep", "7Be")]
  grid <- expand.grid(enu_mev = enu_mev, component = cont,
                      stringsAsFactors = FALSE)
  if (nrow(grid)) {
    # the shapes do not depend on the model's profile: the short spec suffices
    spec <- solar_spec(flux = fl, solar_model = solar_model("exponential"))
    shape <- mp_call(.Call(ffi_solar_shape, spec,
                           as.double(match(grid$component, solar_names) - 1),
                           as.double(grid$enu_mev), mp_rel_tol()))
    grid$flux <- shape * unname(fl[grid$component])
  } else {
    grid$flux <- numeric()
  }
  lines <- solar_lines(flux, solar_model)
  attr(grid, "lines") <- lines[lines$component %in% comps, , drop = FALSE]
  rownames(attr(grid, "lines")) <- NULL
  attr(grid, "solar_model") <- sm$name
  grid
}

#' Neutrino oscillation parameters
#'
#' Three-flavour parameters for the solar flavour probabilities (normal
#' ordering). Presets:
#' * `"nufit50"` (default): NuFIT 5.0 (I. Esteban et al., JHEP 09 (2020)
#'   178): \eqn{\sin^2\theta_{12} = 0.304}, \eqn{\sin^2\theta_{13} =
#'   0.02221}, \eqn{\sin^2\theta_{23} = 0.570}, \eqn{\delta_{CP} =
#'   195^\circ}, \eqn{\Delta m^2_{21} = 7.42\times 10^{-5}} eV^2.
#' * `"paper"`: what the paper's authors' code uses and what
#'   [reproduce_paper()] uses: the de Salas et al. (2020) angles and
#'   splitting, \eqn{\theta_{12} = 34.3^\circ}, \eqn{\theta_{13} =
#'   8.58^\circ}, \eqn{\theta_{23} = 49.26^\circ}, \eqn{\Delta m^2_{21} =
#'   7.50\times 10^{-5}} eV^2, with \eqn{\delta_{CP} = 0}.
#' * `"desalas2020"`: de Salas et al., JHEP 02 (2021) 071 (arXiv:2006.11237),
#'   normal-ordering best fit: the same angles with \eqn{\delta_{CP} =
#'   1.08\pi = 194.4^\circ}.
#' * `"nufit60"`: NuFIT 6.0, arXiv:2410.05380 (IC24 with SK):
#'   \eqn{\theta_{12} = 33.68^\circ}, \eqn{\theta_{13} = 8.56^\circ},
#'   \eqn{\theta_{23} = 43.3^\circ}, \eqn{\delta = 212^\circ}, \eqn{\Delta
#'   m^2_{21} = 7.49\times 10^{-5}} eV^2.
#'
#' Both the octant of \eqn{\theta_{23}} and \eqn{\delta_{CP}} decide whether
#' the \eqn{\nu_\tau} flux exceeds the \eqn{\nu_\mu} flux at 8B energies,
#' and with it the sign of the \eqn{L_\mu - L_\tau} nuclear-recoil excess:
#' the paper's xenon statements hold at \eqn{\delta_{CP} = 0} and not at the
#' measured \eqn{\delta_{CP}} (see [cp_exposure_scan()] and the vignette
#' "Where muonphilic differs from the paper").
#'
#' Any value given explicitly overrides the preset.
#'
#' @param preset one of `"nufit50"`, `"paper"`, `"desalas2020"`, `"nufit60"`.
#' @param sin2_th12,sin2_th13,sin2_th23 \eqn{\sin^2} of the mixing angles
#'   (in \[0, 1\]).
#' @param delta_cp_deg Dirac CP phase in degrees.
#' @param dm21_ev2 \eqn{\Delta m^2_{21}} in eV^2 (positive).
#' @return An object of class `muonphilic_oscillation`: a list with the five
#'   values and the preset name.
#' @examples
#' oscillation_parameters()
#' oscillation_parameters("paper")
#' oscillation_parameters("desalas2020")$delta_cp_deg
#' oscillation_parameters(sin2_th23 = 0.45)
#' @export
oscillation_parameters <- function(preset = c("nufit50", "paper", "desalas2020", "nufit60"),
                                   sin2_th12 = NULL, sin2_th13 = NULL,
                                   sin2_th23 = NULL, delta_cp_deg = NULL,
                                   dm21_ev2 = NULL) {
  if (missing(preset)) preset <- "nufit50"
  preset <- check_choice(preset, "preset", c("nufit50", "paper", "desalas2020", "nufit60"))
  s2 <- function(deg) sin(deg * pi / 180)^2
  desalas <- list(sin2_th12 = s2(34.3), sin2_th13 = s2(8.58), sin2_th23 = s2(49.26),
                  delta_cp_deg = 0, dm21_ev2 = 7.50e-5)
  base <- switch(preset,
    nufit50 = list(sin2_th12 = 0.304, sin2_th13 = 0.02221, sin2_th23 = 0.570,
                   delta_cp_deg = 195, dm21_ev2 = 7.42e-5),
    paper = desalas,
    desalas2020 = utils::modifyList(desalas, list(delta_cp_deg = 1.08 * 180)),
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
  if (is.character(x) && length(x) == 1L) {
    check_choice(x, arg, c("nufit50", "paper", "desalas2020", "nufit60"), call = call)
    return(oscillation_parameters(x))
  }
  if (!inherits(x, "muonphilic_oscillation")) {
    mp_abort("`%s` must come from oscillation_parameters() (or be a preset name), not %s.",
             arg, mp_describe(x), call = call)
  }
  x
}

# The flat parameter vector passed to C (solar.h): MP_SOLAR_NPAR = 24 values,
# then for a tabulated model (production code 2) the number of radii and the
# table (radii, log10 n_e/N_A, 8 production densities).
solar_spec <- function(flux = NULL, oscillation = oscillation_parameters(),
                       solar_model = "b16_gs98",
                       production = "distribution", r_production = NULL,
                       ne_center = 245, ne_slope = 10.54, call = sys.call(-1)) {
  sm <- check_solar_model(solar_model, call = call)
  fl <- solar_flux_values(flux, sm, call = call)
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
  table <- !is.null(sm$profile)
  prod_code <- if (table) 2 else if (production == "mean") 1 else 0
  tab <- if (table) {
    p <- sm$profile
    c(nrow(p), p$r_rsun, log10(p$ne_na), unlist(p[solar_names], use.names = FALSE))
  }
  as.double(c(fl, rm, prod_code, ne_center, ne_slope,
              osc$sin2_th12, osc$sin2_th13, osc$sin2_th23,
              osc$delta_cp_deg * pi / 180, osc$dm21_ev2, tab))
}

#' Solar neutrino flavour probabilities at Earth
#'
#' \eqn{P(\nu_e \to \nu_\alpha)}, \eqn{\alpha = e, \mu, \tau}, for the
#' adiabatic MSW solution with incoherent mass eigenstates (the flavour
#' weights of paper Eq. 35):
#' \deqn{P_{e\alpha} = c_{13}^2(\cos^2\theta_m |U_{\alpha1}|^2 +
#' \sin^2\theta_m |U_{\alpha2}|^2) + s_{13}^2 |U_{\alpha3}|^2,}
#' \eqn{\cos 2\theta_m = (\cos 2\theta_{12} - b)/\sqrt{(\cos 2\theta_{12} -
#' b)^2 + \sin^2 2\theta_{12}}}, \eqn{b = 2\sqrt2 G_F n_e c_{13}^2
#' E/\Delta m^2_{21}}, with the electron density \eqn{n_e} at the production
#' point, averaged over each component's production region.
#'
#' With the B16 solar models (default `solar_model = "b16_gs98"`, see
#' [solar_model()]) \eqn{\cos^2\theta_m} is averaged over the tabulated
#' production density of the component with the tabulated \eqn{n_e(r)}
#' (trapezoid rule on the model's 1000 radii).
#'
#' With `solar_model = "exponential"` the density is \eqn{n_e(r) = n_0 N_A
#' e^{-k r/R_\odot}} (\eqn{n_0 = 245} cm^-3, \eqn{k = 10.54}) and the
#' production region is, with `production = "distribution"`, a spherical
#' Gaussian, radial density \eqn{\propto r^2 e^{-r^2/(2a^2)}} with \eqn{a =
#' \bar r\sqrt{\pi/8}} so that its mean is the component's mean production
#' radius \eqn{\bar r} (pp 0.10, pep 0.10, hep 0.15, 7Be 0.06, 8B 0.045,
#' 13N 0.06, 15O 0.05, 17F 0.05 \eqn{R_\odot}; a 24-point Gauss-Legendre
#' rule over \eqn{[0, \min(1, 8a)]}); `production = "mean"` puts every
#' neutrino at \eqn{\bar r}. This approximation overstates \eqn{n_e} where
#' 8B is produced (\eqn{P_{ee}(10} MeV\eqn{)} 0.315 instead of 0.333).
#'
#' @param enu_mev neutrino energies in MeV (positive).
#' @param component one component name (see [solar_components()]), or
#'   several recycled against `enu_mev`.
#' @param oscillation oscillation parameters from [oscillation_parameters()]
#'   (or a preset name).
#' @param solar_model `"b16_gs98"`, `"b16_agss09"`, `"exponential"` or an
#'   object from [solar_model()].
#' @param production `"distribution"` or `"mean"` (exponential model only,
#'   see Details).
#' @param r_production optional named overrides of the mean production radii
#'   (solar radii, in (0, 1\]; exponential model only).
#' @param ne_center,ne_slope the exponential electron-density profile:
#'   central density in units of \eqn{N_A} cm^-3 and the slope per solar
#'   radius (non-negative: the density falls outwards; exponential model
#'   only).
#' @param ... deprecated spellings: `params` (now `oscillation`; warns with
#'   class `muonphilic_warning_deprecated`, will be removed in the next
#'   release).
#' @return A data frame: `enu_mev`, `component`, `p_ee`, `p_emu`, `p_etau`;
#'   attributes `"solar_model"` and `"oscillation"` (the preset name).
#' @examples
#' flavour_probabilities(c(0.3, 1, 10), "8B")
#' flavour_probabilities(10, "8B", oscillation = "paper")
#' flavour_probabilities(10, "8B", solar_model = "exponential")
#' @export
flavour_probabilities <- function(enu_mev, component = "8B",
                                  oscillation = oscillation_parameters(),
                                  solar_model = "b16_gs98",
                                  production = c("distribution", "mean"),
                                  r_production = NULL, ne_center = 245,
                                  ne_slope = 10.54, ...) {
  take_renamed(c(params = "oscillation"))
  enu_mev <- check_positive(enu_mev, "enu_mev")
  if (missing(production)) production <- "distribution"
  if (!is.character(component) || identical(component, "all")) {
    mp_abort("`component` must name components among %s.",
             paste0("\"", solar_names, "\"", collapse = ", "))
  }
  idx <- solar_index(component)
  a <- recycle_args(enu_mev = enu_mev, component = idx)
  sm <- check_solar_model(solar_model)
  osc <- check_oscillation(oscillation)
  spec <- solar_spec(oscillation = osc, solar_model = sm, production = production,
                     r_production = r_production, ne_center = ne_center,
                     ne_slope = ne_slope)
  p <- mp_call(.Call(ffi_solar_prob, spec, as.double(a$component),
                     as.double(a$enu_mev), mp_rel_tol()))
  structure(data.frame(enu_mev = a$enu_mev, component = solar_names[a$component + 1],
                       p_ee = p[, 1], p_emu = p[, 2], p_etau = p[, 3],
                       stringsAsFactors = FALSE),
            solar_model = sm$name, oscillation = osc$preset)
}
