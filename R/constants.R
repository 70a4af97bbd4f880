# Physical constants and fixed inputs: defined once in C (src/constants.h)
# and read from there, so R and C cannot disagree.

#' Physical constants and fixed inputs of the package
#'
#' Every constant the computations use, defined once in the package's C
#' code (PDG 2020 unless stated) and returned from there. Each name carries
#' its unit:
#' * `alpha` (fine-structure constant), `gf_gev2` (Fermi constant,
#'   GeV^-2), `sin2w_default` (the low-energy \eqn{\sin^2\theta_W} used as
#'   the default of every rate; the paper does not state its value, see
#'   `vignette("differences", package = "muonphilic")`);
#' * masses in GeV: `me_gev`, `mmu_gev`, `mtau_gev`, `mpi_gev` (charged
#'   pion), `mp_gev` (proton), `amu_gev` (atomic mass unit);
#' * `hbarc_gevcm` (GeV cm), `hbarc2_gev2cm2` (GeV^2 cm^2), `na_mol`
#'   (Avogadro, mol^-1), `year_s` (365.25 days in s);
#' * xenon: `xe_z` (charge number, used by the Lindhard quenching),
#'   `xe_molar_g` (natural molar mass, g/mol), and the Xe-136 two-neutrino
#'   double-beta decay behind the detectors' ER background:
#'   `xe136_q_kev` (Q value, keV), `xe136_thalf_yr` (half-life, years),
#'   `xe136_abundance` (natural abundance, fraction).
#'
#' @return A named numeric vector.
#' @examples
#' physical_constants()
#' physical_constants()[["mmu_gev"]]
#' @export
physical_constants <- function() unlist(.Call(ffi_constants))

# One constant by name (internal shorthand).
mp_const <- function(name) .Call(ffi_constants)[[name]]

# End points (MeV) and daughter charge numbers (NA where no Fermi function
# enters: the lines and 8B) of the solar components, from the C tables.
solar_tables <- function() {
  t <- .Call(ffi_solar_tables)
  dz <- t$daughter_z
  dz[dz == 0] <- NA
  list(emax_mev = stats::setNames(t$emax_mev, solar_names),
       daughter_z = stats::setNames(dz, solar_names))
}
