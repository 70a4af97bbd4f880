#' muonphilic: phenomenology of muon-philic vector mediators
#'
#' Event rates and likelihoods for a light \eqn{U(1)_{L_\mu-L_\tau}} or
#' \eqn{U(1)_{L_\mu}} gauge boson at NA64mu, CEvNS at spallation sources and
#' liquid-xenon detectors, following Amaral, Cerdeno, Cheek and Foldenauer,
#' Eur. Phys. J. C 81 (2021) 861 (arXiv:2104.03297). Equation numbers in the
#' documentation refer to that paper.
#'
#' Units at the interface: mediator masses in MeV (`mass_mev`), couplings
#' dimensionless, recoil energies in keV (`recoil_kev`, keVnr or keVee as
#' stated), neutrino energies in MeV, beam energies in GeV, exposures in
#' tonne-years, target masses in tonnes.
#'
#' Numerical tolerance: every integral uses the relative tolerance
#' `getOption("muonphilic.rel_tol", 1e-8)`; tighten it (e.g. to `1e-10`) to
#' check the stability of a result.
#'
#' @keywords internal
#' @useDynLib muonphilic, .registration = TRUE
"_PACKAGE"
