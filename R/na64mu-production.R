# NA64mu A' production (paper Sect. 3): target materials, the photon flux
# chi (Eq. 15) and the Weizsaecker-Williams cross section dsigma/dx
# (Eqs. 16-20 with the two corrections described in the vignette
# "differences"). The experiment itself is in na64mu.R.

# Target presets: Z, A (g/mol), density (g/cm^3). Pb is the paper's (Sect. 3); W,
# Fe, Cu are the standard atomic weights and densities (PDG, Atomic and
# Nuclear Properties of Materials).
target_presets <- list(
  Pb = c(z = 82, a = 207.2, density_gcm3 = 11.35),
  W = c(z = 74, a = 183.84, density_gcm3 = 19.3),
  Fe = c(z = 26, a = 55.845, density_gcm3 = 7.874),
  Cu = c(z = 29, a = 63.546, density_gcm3 = 8.96)
)

#' Target materials for NA64mu-like setups
#'
#' A target is an element with atomic number \eqn{Z}, mass number \eqn{A}
#' (g/mol) and density (g/cm^3). Presets: `"Pb"` (Z = 82, A = 207.2,
#' 11.35 g/cm^3, the NA64mu target of the paper's Sect. 3), `"W"` (74, 183.84,
#' 19.3), `"Fe"` (26, 55.845, 7.874) and `"Cu"` (29, 63.546, 8.96) (standard
#' atomic weights and densities, PDG "Atomic and Nuclear Properties of
#' Materials"), so that other beam-dump setups can be built. Any element is
#' made by giving `z`, `a` and `density_gcm3` (then `name` is only a label).
#'
#' @param name a preset name (`"Pb"`, `"W"`, `"Fe"`, `"Cu"`), or a label for
#'   a custom target.
#' @param z atomic number (positive) of a custom target.
#' @param a mass number in g/mol (positive) of a custom target.
#' @param density_gcm3 density in g/cm^3 (positive) of a custom target.
#' @seealso [update.muonphilic_experiment()] to change its arguments later
#'   (`x$argument <- value` does the same; derived fields cannot be set).
#' @return An object of class `muonphilic_target`: a list with `name`, `z`,
#'   `a`, `density_gcm3`.
#' @examples
#' target_material("Pb")
#' target_material("my tungsten alloy", z = 74, a = 183.84, density_gcm3 = 18)
#' @export
target_material <- function(name = "Pb", z = NULL, a = NULL, density_gcm3 = NULL) {
  args <- ctor_args()
  custom <- !is.null(z) || !is.null(a) || !is.null(density_gcm3)
  if (custom) {
    if (is.null(z) || is.null(a) || is.null(density_gcm3)) {
      mp_abort("A custom target needs all of `z`, `a` and `density_gcm3`.")
    }
    if (!is.character(name) || length(name) != 1L || is.na(name)) {
      mp_abort("`name` must be one string (a label), not %s.", mp_describe(name))
    }
    v <- c(z = check_positive(z, "z", len = 1L), a = check_positive(a, "a", len = 1L),
           density_gcm3 = check_positive(density_gcm3, "density_gcm3", len = 1L))
  } else {
    name <- check_choice(name, "target", names(target_presets))
    v <- target_presets[[name]]
  }
  x <- structure(list(name = name, z = unname(v[["z"]]), a = unname(v[["a"]]),
                      density_gcm3 = unname(v[["density_gcm3"]])),
                 class = "muonphilic_target")
  mp_seal(x, "target_material", args)
}

#' @export
print.muonphilic_target <- function(x, ...) {
  check_target(x)
  cat(sprintf("<muonphilic target> %s: Z = %g, A = %g g/mol, density %g g/cm^3\n",
              x$name, x$z, x$a, x$density_gcm3))
  invisible(x)
}

check_target <- function(target, call = sys.call(-1)) {
  # a name ("Pb", "W", ...) is the same as target_material(name)
  if (is.character(target) && length(target) == 1L && !is.na(target)) {
    target <- tryCatch(target_material(target), error = function(e) {
      e$call <- call
      stop(e)
    })
  }
  if (!inherits(target, "muonphilic_target")) {
    mp_abort("`target` must be a target name (\"Pb\", \"W\", \"Fe\", \"Cu\") or made by target_material(), not %s%s.",
             mp_describe(target),
             if (inherits(target, "muonphilic_nucleus")) " (nucleus() describes CEvNS targets)" else "",
             call = call)
  }
  check_object_state(target, "target", call = call)
}

target_vector <- function(target) c(target$z, target$a, target$density_gcm3)

xsec_norm <- function(xsec) {
  # Eq. 16: P = 1/(2 pi) (exact WW normalisation) or the printed
  # 1/(2 pi^2) of Eq. 16
  if (xsec == "exact") 1 / (2 * pi) else 1 / (2 * pi^2)
}

#' Effective photon flux of the nucleus (Eq. 15)
#'
#' \deqn{\chi = \int_{t_{min}}^{t_{max}} dt \frac{t - t_{min}}{t^2} G_2(t)}
#' with \eqn{t_{min} = (M^2/(2E_0))^2} and \eqn{t_{max} = M^2} (fixed, not
#' dependent on the energy fraction \eqn{x}: only this reproduces the falling
#' BP4 spectrum of the paper's text, see
#' `vignette("differences", package = "muonphilic")`; so \eqn{\chi}
#' does not depend on \eqn{x}), and \eqn{G_2 = G_{2,el} + G_{2,in}} of
#' Bjorken, Essig, Schuster and Toro (2009), App. A: the elastic atomic
#' screening and nuclear-size form factor and the inelastic (quasi-elastic
#' proton) one. The integral runs in \eqn{\ln t} with the form factors' scales
#' as break points. (With \eqn{t_{max} = M^2}, for \eqn{M \lesssim 0.1} MeV
#' the range ends inside the atomic screening region and \eqn{\chi} falls
#' steeply; the paper's masses, 1 MeV and above, are not affected.)
#'
#' @param mass_mev A' masses in MeV (positive, below the beam energy).
#' @param e0_gev beam energy in GeV (one positive number).
#' @param target the target: a name such as `"Pb"` or `"W"` (see
#'   [target_material()]) or an object from [target_material()].
#' @param parts `"both"` (default), `"elastic"` or `"inelastic"`: which
#'   part of \eqn{G_2} enters.
#' @return A numeric vector of \eqn{\chi} (dimensionless), one per mass.
#' @examples
#' photon_flux_chi(c(15, 25, 50, 100))
#' photon_flux_chi(100, target = target_material("Fe"))
#' @export
photon_flux_chi <- function(mass_mev, e0_gev = 160, target = target_material("Pb"),
                            parts = c("both", "elastic", "inelastic")) {
  e0_gev <- check_positive(e0_gev, "e0_gev", len = 1L)
  mass_mev <- check_number(mass_mev, "mass_mev", lower = 0, upper = 1000 * e0_gev,
                           lower_open = TRUE, upper_open = TRUE)
  target <- check_target(target)
  parts <- check_choice(choice_arg(parts), "parts", c("both", "elastic", "inelastic"))
  code <- c(both = 3, elastic = 1, inelastic = 2)[[parts]]
  mp_call(.Call(ffi_na64_chi, mass_mev / 1000, e0_gev, target_vector(target),
                as.double(code), mp_rel_tol()))
}

#' Weizsaecker-Williams A' production cross section dsigma/dx
#'
#' The differential cross section of \eqn{\mu Z \to \mu Z A'} in the energy
#' fraction \eqn{x = E_{A'}/E_0} (Eq. 16 with Eqs. 17, 18, 20 and the two
#' corrections explained in
#' `vignette("differences", package = "muonphilic")`):
#' \deqn{\frac{d\sigma}{dx} = P \frac{\alpha^2 g_\mu^2 \chi \beta}{1 - x}
#'   \left[\frac{C_2}{V} + \frac{C_3}{2V^2} + \frac{C_4}{3V^3}\right],}
#' \eqn{\beta = \sqrt{1 - M^2/(x E_0)^2}}, with the exact
#' \eqn{C_4 = 4 m^4 x^2 (1-x)^2 + 2 m^2 M^2 (1-x)^2 (1 + (1-x)^2) + 2 M^4 (1-x)^3}
#' (the printed Eq. 19 is a misprint with an unphysical \eqn{1/x^3} limit)
#' and the muon coupling \eqn{g_\mu = g Q_\mu}.
#'
#' **The normalisation `xsec`.** `"exact"` (default) uses the standard
#' Weizsaecker-Williams normalisation \eqn{P = 1/(2\pi)} (Bjorken et al.
#' 2009); it reproduces ordinary muon bremsstrahlung of a photon
#' (\eqn{M \to 0}, \eqn{g \to e}) to the accuracy of the approximation and,
#' for a massless lepton, Bjorken et al.'s electron-beam result. `"paper"`
#' uses the \eqn{P = 1/(2\pi^2)} printed in Eq. 16, a factor \eqn{\pi}
#' smaller; the paper's statements ("O(1-10) events per bin") fit it, so its
#' figures were probably made with it, and [reproduce_paper()] uses it. Both
#' use the exact \eqn{C_4}.
#'
#' The kinetic-mixing contribution \eqn{e\epsilon} to the muon coupling is
#' neglected, as in the paper (NA64mu is insensitive to \eqn{\epsilon} for
#' \eqn{|\epsilon| \ll g}).
#'
#' @param model a model ([lmu_ltau()], ...); its muon charge sets the
#'   coupling.
#' @param g coupling \eqn{g_x} (dimensionless, |g| <= sqrt(4 pi)).
#' @param mass_mev A' mass in MeV (positive, below the beam energy).
#' @param x energy fraction of the A', in (0, 1). `g`, `mass_mev` and `x`
#'   are recycled against each other.
#' @param e0_gev beam energy in GeV.
#' @param target the target: a name such as `"Pb"` or `"W"` (see
#'   [target_material()]) or an object from [target_material()].
#' @param xsec `"exact"` or `"paper"` (see above).
#' @param lepton_mass_gev mass of the beam lepton in GeV (default the muon
#'   mass; 0 gives the massless-lepton limit used to check the formula;
#'   below `e0_gev`).
#' @return \eqn{d\sigma/dx} in cm^2 (zero where \eqn{x E_0 \le M}).
#'   Extreme inputs whose results leave double precision (couplings, charges
#'   or kinetic mixing beyond about 1e150, subnormal masses) signal an error
#'   of class `muonphilic_error_numeric` instead of returning Inf or NaN.
#' @examples
#' na64mu_xsec(lmu_ltau(), g = 1e-3, mass_mev = 100, x = c(0.5, 0.9))
#' na64mu_xsec(lmu_ltau(), 1e-3, 100, 0.5, xsec = "paper")
#' @export
na64mu_xsec <- function(model, g, mass_mev, x, e0_gev = 160,
                        target = target_material("Pb"), xsec = c("exact", "paper"),
                        lepton_mass_gev = physical_constants()[["mmu_gev"]]) {
  check_model(model)
  e0_gev <- check_positive(e0_gev, "e0_gev", len = 1L)
  g <- check_coupling(g)
  mass_mev <- check_number(mass_mev, "mass_mev", lower = 0, upper = 1000 * e0_gev,
                           lower_open = TRUE, upper_open = TRUE)
  x <- check_number(x, "x", lower = 0, upper = 1, lower_open = TRUE, upper_open = TRUE)
  target <- check_target(target)
  xsec <- check_choice(choice_arg(xsec), "xsec", c("exact", "paper"))
  lepton_mass_gev <- check_number(lepton_mass_gev, "lepton_mass_gev", len = 1L, lower = 0,
                                  upper = e0_gev, upper_open = TRUE)
  a <- recycle_args(g = g, mass_mev = mass_mev, x = x)
  um <- unique(a$mass_mev)
  chi <- photon_flux_chi(um, e0_gev, target)[match(a$mass_mev, um)]
  per_g2 <- mp_call(.Call(ffi_na64_xsec, a$x, a$mass_mev / 1000, e0_gev,
                          lepton_mass_gev, chi, xsec_norm(xsec)))
  # GeV^-2 -> cm^2 with (hbar c)^2 in GeV^2 cm^2
  check_finite_result(per_g2 * (a$g * model$charges[["mu"]])^2 * mp_const("hbarc2_gev2cm2"),
                      "Cross sections")
}
