# NA64mu 2022 run (real data): the package's NA64mu response (Eqs. 15-27)
# with the run's muons on target, beam energy and signal window, and its
# observed count (0 events), so that scan_grid(list(na64mu_2022()), NULL, )
# uses the data.

#' NA64mu 2022: 1.98e10 muons of 160 GeV, 0 events observed
#'
#' The NA64mu missing-momentum search of the 2022 run at the CERN SPS M2
#' beam (Andreev et al. 2024, arXiv:2401.01708; the same sample in
#' arXiv:2409.10128): \eqn{(1.98 \pm 0.02) \times 10^{10}} positive muons of
#' 160 GeV on an active lead target, signal a single scattered muon with
#' momentum below 80 GeV/c (missing energy above 80 GeV) and nothing in the
#' downstream calorimeters; **0 events observed**. These numbers are read
#' from `inst/extdata/na64mu-2022/na64mu_2022_run.csv`.
#'
#' The expected signal is the package's own NA64mu response ([na64mu()]:
#' Weizsaecker-Williams production, Eqs. 15-20, counted over the outgoing
#' muon energy, Eq. 26, with the escape factor of Eq. 27) in one bin of
#' outgoing muon energy \eqn{[0, 80]} GeV, times a constant signal
#' efficiency. The likelihood is Poisson (Eq. 28) with the observed count
#' carried by the object ([observed_counts()]).
#'
#' **What is not modelled.** The published exclusion includes detector
#' effects that are not modelled here: the momentum reconstruction and its
#' tails, the trigger and veto acceptance as a function of the A' mass,
#' energy deposited in the active target, the exact (not
#' Weizsaecker-Williams) production cross section, and the collaboration's
#' background estimate. The signal efficiency and the expected background of
#' the run could not be read from the available sources (the abstract only):
#' both are arguments. The default efficiency 0.3 is the constant efficiency
#' the package assumes for NA64mu ([na64mu()]); the default background 0.1
#' events is an assumed small background. With 0 observed events neither
#' the asymptotic profile-likelihood limit used by [upper_limit()]
#' (\eqn{2 s = 2.71}, i.e. \eqn{s = 1.35} signal events) nor the CLs limit
#' (\eqn{s = 2.30}) depends on the background. With these defaults the
#' 90 % CL limit at \eqn{M = 10} MeV is a few times stronger than the
#' published one; compare orders of magnitude only (vignette "U(1)Lmu-Ltau
#' in 2026").
#'
#' @param efficiency constant signal efficiency in (0, 1] (dimensionless;
#'   default 0.3, an assumption: see above).
#' @param background expected background events in the signal window
#'   (non-negative; default 0.1, an assumption: see above).
#' @param xsec cross-section normalisation, `"exact"` (default) or
#'   `"paper"`; see [na64mu_xsec()].
#' @param length_cm lead-equivalent thickness of the active target in cm
#'   (default 20, about 40 radiation lengths).
#' @param detector_length_cm decay length available after the target in cm
#'   (default 500), for the escape factor of Eq. 27 above \eqn{2 m_\mu}.
#' @param data_dir internal: the folder holding `na64mu_2022_run.csv`
#'   (default the installed `extdata/na64mu-2022`); for tests.
#' @return An experiment of class
#'   `c("muonphilic_na64mu_2022", "muonphilic_na64mu", "muonphilic_experiment")`: every
#'   method of [na64mu()] applies; [observed_counts()] gives the observed
#'   count (0) in its single bin.
#' @references NA64 Collaboration (Yu. M. Andreev et al.), Exploration of the
#'   muon g-2 and light dark matter explanations in NA64 with the CERN SPS
#'   high energy muon beam, arXiv:2401.01708 (2024).
#' @seealso [present_day()], [scan_grid()].
#' @examples
#' x <- na64mu_2022()
#' x
#' observed_counts(x)
#' expected_counts(x, lmu_ltau(), g = 5e-4, mass_mev = 10)
#' @export
na64mu_2022 <- function(efficiency = 0.3, background = 0.1, xsec = c("exact", "paper"),
                        length_cm = 20, detector_length_cm = 500, data_dir = NULL) {
  args <- ctor_args()
  run <- read_real_data("na64mu-2022", "na64mu_2022_run.csv", data_dir)
  need <- c("muons_on_target", "beam_momentum", "outgoing_momentum_max", "observed_events")
  value <- function(q) {
    v <- suppressWarnings(as.numeric(run$value[run$quantity == q]))
    if (length(v) != 1L || !is.finite(v) || v < 0) {
      mp_abort("The NA64mu 2022 data file lacks a valid value for \"%s\" (need %s).", q,
               paste0("\"", need, "\"", collapse = ", "), class = "muonphilic_error_data",
               call = NULL)
    }
    v
  }
  vals <- vapply(need, value, numeric(1))
  background <- check_number(background, "background", len = 1L, lower = 0)
  x <- na64mu(e0_gev = vals[["beam_momentum"]], mot = vals[["muons_on_target"]],
              efficiency = efficiency, target = target_material("Pb"),
              length_cm = length_cm, detector_length_cm = detector_length_cm,
              bin_edges_gev = c(0, vals[["outgoing_momentum_max"]]), xsec = choice_arg(xsec),
              background = background)
  # a sealed na64mu() object: its own constructor rebuilds it on edits
  ct <- x$contract
  ct$label <- "NA64mu 2022"
  x <- set_fields(x, name = "NA64mu 2022", observed = vals[["observed_events"]], contract = ct)
  class(x) <- c("muonphilic_na64mu_2022", class(x))
  mp_seal(x, "na64mu_2022", args)
}

#' @export
observed_counts.muonphilic_na64mu_2022 <- function(x, ...) x$observed
