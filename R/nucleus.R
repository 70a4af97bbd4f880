# Nuclei, the Helm form factor and the CEvNS cross section with the A'
# terms (paper Eq. 33).

# Proton numbers of the elements a nucleus can be named by.
element_z <- c(H = 1, He = 2, Li = 3, Be = 4, B = 5, C = 6, N = 7, O = 8,
               F = 9, Ne = 10, Na = 11, Mg = 12, Al = 13, Si = 14, P = 15,
               S = 16, Cl = 17, Ar = 18, K = 19, Ca = 20, Fe = 26, Cu = 29,
               Ge = 32, Kr = 36, Mo = 42, Te = 52, I = 53, Xe = 54, Cs = 55,
               W = 74, Pb = 82)

# Natural isotopic mixes known by element name: mass numbers and abundances
# (mole fractions), from the NIST "Atomic Weights and Isotopic
# Compositions" tables (IUPAC representative isotopic compositions). Argon:
# 100 % argon-40, the paper's assumption for atmospheric liquid argon.
natural_mix <- list(
  Xe = list(A = c(124, 126, 128, 129, 130, 131, 132, 134, 136),
            abundance = c(0.095, 0.089, 1.910, 26.401, 4.071, 21.232, 26.909,
                          10.436, 8.857) / 100),
  Ar = list(A = 40, abundance = 1),
  Ge = list(A = c(70, 72, 73, 74, 76),
            abundance = c(20.57, 27.45, 7.75, 36.50, 7.73) / 100),
  Cs = list(A = 133, abundance = 1),
  I = list(A = 127, abundance = 1),
  Na = list(A = 23, abundance = 1)
)

# Stable (and primordial, e.g. K40, Xe124, Xe136) mass numbers of the
# elements a nucleus can be named by: a named isotope must be one of them.
stable_a <- list(
  H = 1:2, He = 3:4, Li = 6:7, Be = 9, B = 10:11, C = 12:13, N = 14:15,
  O = 16:18, F = 19, Ne = 20:22, Na = 23, Mg = 24:26, Al = 27, Si = 28:30,
  P = 31, S = c(32:34, 36), Cl = c(35, 37), Ar = c(36, 38, 40), K = 39:41,
  Ca = c(40, 42:44, 46, 48), Fe = c(54, 56:58), Cu = c(63, 65),
  Ge = c(70, 72:74, 76), Kr = c(78, 80, 82:84, 86), Mo = c(92, 94:98, 100),
  Te = c(120, 122:126, 128, 130), I = 127,
  Xe = c(124, 126, 128:132, 134, 136), Cs = 133, W = c(180, 182:184, 186),
  Pb = c(204, 206:208)
)

u_gev <- 0.93149410242
me_gev <- 0.51099895e-3
na_mol <- 6.02214076e23

#' Target nuclei
#'
#' A nucleus is a weighted set of isotopes (proton number \eqn{Z}, neutron
#' number \eqn{N}, nuclear mass, abundance; the Helm form factor follows
#' from the mass number, see [helm_form_factor()]). Build it by name — a
#' stable isotope such as `"Ar40"`, `"Ge74"`, `"Xe131"` (also `"Xe-131"`),
#' or an element with a known natural mix — or from `Z`, `N` (and
#' optionally masses and abundances) directly.
#'
#' Natural mixes (mole fractions in %, NIST "Atomic Weights and Isotopic
#' Compositions", the IUPAC representative compositions):
#' `"Xe"`: 124, 126, 128, 129, 130, 131, 132, 134, 136 with 0.095, 0.089,
#' 1.910, 26.401, 4.071, 21.232, 26.909, 10.436, 8.857;
#' `"Ge"`: 70, 72, 73, 74, 76 with 20.57, 27.45, 7.75, 36.50, 7.73;
#' `"Cs"` (133), `"I"` (127), `"Na"` (23): one stable isotope, 100 %;
#' `"Ar"`: 100 % argon-40 (the paper's assumption for liquid argon).
#' A named isotope must be stable (or primordial, such as `"Xe136"`):
#' `"Ge80"` or `"Xe999"` are refused with the list of what is available;
#' any other nucleus can be given by `Z` and `N`.
#'
#' Nuclear masses default to \eqn{M = A u - Z m_e} (atomic mass
#' approximated by \eqn{A u}, electron binding and the nuclear mass excess
#' neglected: a relative error below 0.1 % for argon and xenon), with
#' \eqn{u = 0.93149410242} GeV and \eqn{m_e = 0.51099895} MeV (PDG 2020).
#' Pass `mass_gev` for better masses. The number of targets per tonne uses
#' the abundance-weighted atomic mass \eqn{M + Z m_e}, i.e.
#' \eqn{10^6 N_A / A} per tonne for the default masses.
#'
#' @param name a stable isotope (`"Ar40"`) or an element with a natural mix
#'   (`"Xe"`, `"Ar"`, `"Ge"`, `"Cs"`, `"I"`, `"Na"`); or `NULL` to give `Z`
#'   and `N`.
#' @param Z,N proton and neutron numbers (whole numbers, `Z` positive;
#'   vectors for a user mix of isotopes; a single `Z` is recycled over a
#'   vector of `N`).
#' @param mass_gev nuclear masses in GeV (default \eqn{A u - Z m_e}).
#' @param abundance isotopic abundances (mole fractions, non-negative; they
#'   are normalised to sum to one). Needed only for several isotopes; with an
#'   element `name` it replaces the natural abundances (one per isotope of
#'   the mix).
#' @seealso [update.muonphilic_experiment()] to change its arguments later
#'   (`x$argument <- value` does the same; derived fields cannot be set).
#' @return An object of class `muonphilic_nucleus`: a list with `name`,
#'   `isotopes` (a data frame: `isotope`, `Z`, `N`, `A`, `mass_gev`,
#'   `abundance` and `helm_rn_fm`, the Helm radius \eqn{r_n} in fm used by
#'   [helm_form_factor()]) and `targets_per_tonne`.
#' @examples
#' nucleus("Ar40")
#' nucleus("Xe")
#' nucleus("Ge")
#' nucleus(Z = 55, N = 78)  # caesium-133
#' nucleus(Z = 32, N = c(38, 40), abundance = c(1, 1))
#' @export
nucleus <- function(name = NULL, Z = NULL, N = NULL, mass_gev = NULL,
                    abundance = NULL) {
  args <- ctor_args()
  if (!is.null(name)) {
    if (!is.null(Z) || !is.null(N)) {
      mp_abort("Give either `name` or `Z` and `N`, not both.")
    }
    if (!is.character(name) || length(name) != 1L || is.na(name)) {
      mp_abort("`name` must be one string such as \"Ar40\", \"Xe131\" or \"Xe\", not %s.",
               mp_describe(name))
    }
    mt <- regmatches(name, regexec("^([A-Z][a-z]?)-?([0-9]*)$", name))[[1]]
    if (length(mt) == 0L || !mt[2] %in% names(element_z)) {
      mp_abort("Unknown nucleus \"%s\": use an isotope such as \"Ar40\" or \"Xe131\" (elements %s), or a natural mix (%s).",
               name, paste(names(element_z), collapse = ", "),
               paste0("\"", names(natural_mix), "\"", collapse = ", "))
    }
    el <- mt[2]
    z <- unname(element_z[el])
    if (nzchar(mt[3])) {
      A <- as.numeric(mt[3])
      if (!A %in% stable_a[[el]]) {
        mp_abort("Nucleus \"%s\" is not a stable isotope of %s: available are %s%s; give Z and N for any other nucleus.",
                 name, el, paste0("\"", el, stable_a[[el]], "\"", collapse = ", "),
                 if (el %in% names(natural_mix)) sprintf(" and the natural mix \"%s\"", el) else "")
      }
      if (is.null(abundance)) abundance <- 1
    } else {
      if (!el %in% names(natural_mix)) {
        mp_abort("No natural isotopic mix is known for \"%s\" (natural mixes: %s): give a stable isotope (%s) or Z, N and abundance.",
                 el, paste0("\"", names(natural_mix), "\"", collapse = ", "),
                 paste0("\"", el, stable_a[[el]], "\"", collapse = ", "))
      }
      A <- natural_mix[[el]]$A
      # a given abundance replaces the natural one (checked below)
      if (is.null(abundance)) abundance <- natural_mix[[el]]$abundance
    }
    Z <- rep(z, length(A))
    N <- A - Z
    if (!is.null(mass_gev)) {
      mass_gev <- check_positive(mass_gev, "mass_gev", len = length(A))
    }
    label <- name
  } else {
    if (is.null(Z) || is.null(N)) mp_abort("Give `name`, or both `Z` and `N`.")
    Z <- check_positive(Z, "Z")
    # a scalar Z is recycled over a vector of N (isotopes of one element)
    if (length(Z) == 1L && is.numeric(N) && length(N) > 1L) Z <- rep(Z, length(N))
    N <- check_number(N, "N", len = length(Z), lower = 0)
    if (any(Z != round(Z)) || any(N != round(N))) {
      mp_abort("`Z` and `N` must be whole numbers.")
    }
    if (!is.null(mass_gev)) mass_gev <- check_positive(mass_gev, "mass_gev", len = length(Z))
    if (is.null(abundance)) {
      if (length(Z) > 1L) mp_abort("`abundance` is required for several isotopes.")
      abundance <- 1
    }
    label <- NULL
  }
  abundance <- check_number(abundance, "abundance", len = length(Z), lower = 0)
  if (sum(abundance) <= 0) mp_abort("`abundance` must not be all zero.")
  abundance <- abundance / sum(abundance)
  A <- Z + N
  if (is.null(mass_gev)) mass_gev <- A * u_gev - Z * me_gev
  sym <- names(element_z)[match(Z, element_z)]
  iso_names <- ifelse(is.na(sym), sprintf("Z%gN%g", Z, N), paste0(sym, A))
  if (is.null(label)) {
    label <- if (length(Z) == 1L) iso_names else paste(iso_names, collapse = "+")
  }
  atomic <- sum(abundance * (mass_gev + Z * me_gev))
  mp_seal(structure(
    list(name = label,
         isotopes = data.frame(isotope = iso_names, Z = Z, N = N, A = A,
                               mass_gev = mass_gev, abundance = abundance,
                               helm_rn_fm = .Call(ffi_helm_radius, as.double(A)),
                               stringsAsFactors = FALSE),
         targets_per_tonne = 1e6 * na_mol * u_gev / atomic),
    class = "muonphilic_nucleus"
  ), "nucleus", args)
}

#' @export
print.muonphilic_nucleus <- function(x, ...) {
  check_nucleus(x, "x")
  cat("<muonphilic nucleus> ", x$name, " (", nrow(x$isotopes), " isotope",
      if (nrow(x$isotopes) > 1L) "s", ")\n", sep = "")
  print(x$isotopes, row.names = FALSE)
  invisible(x)
}

check_nucleus <- function(x, arg = "nucleus", call = sys.call(-1)) {
  if (is.character(x) && length(x) == 1L) return(nucleus(x))
  if (!inherits(x, "muonphilic_nucleus")) {
    mp_abort("`%s` must be a nucleus from nucleus() or a name such as \"Ar40\", not %s%s.",
             arg, mp_describe(x),
             if (inherits(x, "muonphilic_target")) " (target_material() describes NA64mu targets)" else "",
             call = call)
  }
  check_object_state(x, "nucleus", call = call)
}

# The isotopes of a nucleus as a named list for C.
target_c_list <- function(nuc) {
  iso <- nuc$isotopes
  list(Z = as.double(iso$Z), N = as.double(iso$N), mass_gev = as.double(iso$mass_gev),
       weight = as.double(iso$abundance))
}

#' Helm nuclear form factor
#'
#' \eqn{F(q) = 3 j_1(q r_n)/(q r_n)\, e^{-q^2 s^2/2}} with
#' \eqn{q = \sqrt{2 M_N E_R}} and the Lewin-Smith parameters
#' \eqn{s = 0.9} fm, \eqn{a = 0.52} fm, \eqn{c = 1.23 A^{1/3} - 0.60} fm,
#' \eqn{r_n^2 = c^2 + \frac{7}{3}\pi^2 a^2 - 5 s^2} (Lewin and Smith 1996).
#' \eqn{F(0) = 1}; the first zero is at \eqn{q r_n = 4.4934}.
#'
#' @param nucleus a [nucleus()] (or its name).
#' @param recoil_kevnr nuclear recoil energies in keVnr (non-negative).
#' @param ... deprecated spellings: `recoil_kev` (now `recoil_kevnr`).
#' @return For a single isotope a numeric vector; for an isotopic mix a
#'   matrix with one column per isotope.
#' @examples
#' helm_form_factor("Ar40", c(0, 10, 50, 100))
#' @export
helm_form_factor <- function(nucleus, recoil_kevnr, ...) {
  take_renamed(c(recoil_kev = "recoil_kevnr"))
  nuc <- check_nucleus(nucleus)
  recoil_kev <- check_number(recoil_kevnr, "recoil_kevnr", lower = 0)
  iso <- nuc$isotopes
  out <- vapply(seq_len(nrow(iso)), function(j) {
    .Call(ffi_helm_ff, list(Z = as.double(iso$Z[j]), N = as.double(iso$N[j]),
                            mass_gev = as.double(iso$mass_gev[j])), recoil_kev * 1e-6)
  }, numeric(length(recoil_kev)))
  if (nrow(iso) == 1L) return(as.vector(out))
  out <- matrix(out, ncol = nrow(iso))
  colnames(out) <- iso$isotope
  out
}

flavour_index <- function(flavour, call = sys.call(-1)) {
  if (!is.character(flavour) || length(flavour) == 0L || anyNA(flavour)) {
    mp_abort("`flavour` must be \"e\", \"mu\" or \"tau\", not %s.",
             mp_describe(flavour), call = call)
  }
  check_choices(flavour, "flavour", c("e", "mu", "tau"), call = call)
  match(flavour, c("e", "mu", "tau")) - 1
}

#' CEvNS cross section with a light vector mediator
#'
#' Eq. 33 of the paper,
#' \deqn{\frac{d\sigma}{dE_R} = \frac{G_F^2 M_N}{\pi}\left(1 - \frac{M_N
#' E_R}{2E_\nu^2}\right)\left\{\frac{Q_{\nu N}^2}{4} + \frac{g\epsilon e Z
#' Q_x Q_{\nu N}}{\sqrt2 G_F (2M_N E_R + M^2)} + \frac{g^2\epsilon^2 e^2 Z^2
#' Q_x^2}{2G_F^2(2M_NE_R + M^2)^2}\right\}F^2(E_R),}
#' with \eqn{Q_{\nu N} = N - (1 - 4\sin^2\theta_W) Z}, the neutrino's
#' charge \eqn{Q_x} of the model, the Helm form factor
#' ([helm_form_factor()]) and the kinetic mixing \eqn{\epsilon} of the
#' model's rule (for [mixing_loop()] taken at \eqn{q^2 = -2 M_N E_R}). It
#' vanishes above the kinematic limit \eqn{E_R > 2E_\nu^2/(M_N + 2E_\nu)}.
#' Anti-neutrinos have the same cross section (the Z and A' couplings flip
#' sign together). For an isotopic mix the abundance-weighted sum (per
#' target atom) is returned. With \eqn{Q_x(\nu_\mu) = +1} and
#' \eqn{\epsilon < 0} the interference is destructive.
#'
#' @param nucleus a [nucleus()] (or its name, e.g. `"Ar40"`).
#' @param model a model ([lmu_ltau()], ...).
#' @param g coupling (dimensionless, |g| <= sqrt(4 pi)).
#' @param mass_mev mediator mass in MeV (positive).
#' @param flavour neutrino flavour: `"e"`, `"mu"` or `"tau"`.
#' @param enu_mev neutrino energy in MeV (positive).
#' @param recoil_kevnr nuclear recoil energy in keVnr (non-negative).
#' @param sin2_theta_w \eqn{\sin^2\theta_W} (default 0.2387, the low-energy value).
#' @param ... deprecated spellings: `recoil_kev` (now `recoil_kevnr`).
#' @return \eqn{d\sigma/dE_R} in cm^2/keV; `g`, `mass_mev`, `flavour`,
#'   `enu_mev` and `recoil_kevnr` are recycled to a common length.
#'   Extreme inputs whose results leave double precision (couplings, charges
#'   or kinetic mixing beyond about 1e150, subnormal masses) signal an error
#'   of class `muonphilic_error_numeric` instead of returning Inf or NaN.
#' @examples
#' cevns_xsec("Ar40", lmu_ltau(), g = 5e-4, mass_mev = 15, flavour = "mu",
#'            enu_mev = 29.8, recoil_kevnr = c(10, 30))
#' @export
cevns_xsec <- function(nucleus, model, g, mass_mev, flavour = "mu", enu_mev,
                       recoil_kevnr, sin2_theta_w = 0.2387, ...) {
  take_renamed(c(recoil_kev = "recoil_kevnr"))
  nuc <- check_nucleus(nucleus)
  check_model(model)
  g <- check_coupling(g)
  mass_mev <- check_positive(mass_mev, "mass_mev")
  fl <- flavour_index(flavour)
  enu_mev <- check_positive(enu_mev, "enu_mev")
  recoil_kev <- check_number(recoil_kevnr, "recoil_kevnr", lower = 0)
  sin2_theta_w <- check_number(sin2_theta_w, "sin2_theta_w", len = 1L, lower = 0, upper = 1)
  a <- recycle_args(g = g, mass_mev = mass_mev, flavour = fl,
                    enu_mev = enu_mev, recoil_kev = recoil_kev)
  iso <- nuc$isotopes
  xs <- mp_call(.Call(ffi_cevns_xsec, model_spec(model), target_c_list(nuc),
                      as.double(a$flavour), sin2_theta_w, a$g, a$mass_mev / 1000,
                      a$enu_mev / 1000, a$recoil_kev * 1e-6, mp_rel_tol()))
  check_finite_result(xs * 1e-6, "Cross sections") # cm^2/GeV -> cm^2/keV
}
