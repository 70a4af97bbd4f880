# Physical constants, defined once in C (src/constants.h) and read by R
# through physical_constants(): published values and internal consistency.

test_that("physical_constants() returns the PDG 2020 values", {
  k <- physical_constants()
  expect_type(k, "double")
  expect_true(all(is.finite(k)) && all(k > 0))
  expect_equal(k[["alpha"]], 1 / 137.035999, tolerance = 1e-12)
  expect_equal(k[["gf_gev2"]], 1.1663787e-5, tolerance = 1e-12)
  expect_equal(k[["me_gev"]], 0.51099895e-3, tolerance = 1e-12)
  expect_equal(k[["mmu_gev"]], 0.1056583745, tolerance = 1e-12)
  expect_equal(k[["mtau_gev"]], 1.77686, tolerance = 1e-12)
  expect_equal(k[["mp_gev"]], 0.93827208816, tolerance = 1e-12)
  expect_equal(k[["na_mol"]], 6.02214076e23, tolerance = 1e-12)
  expect_equal(k[["xe_z"]], 54)
})

test_that("the constants are consistent with each other", {
  k <- physical_constants()
  # (hbar c)^2 is the square of hbar c (both rounded to 10 digits)
  expect_equal(k[["hbarc2_gev2cm2"]], k[["hbarc_gevcm"]]^2, tolerance = 1e-9)
  # a Julian year
  expect_equal(k[["year_s"]], 365.25 * 86400)
  # the prompt pion-decay line (m_pi^2 - m_mu^2) / (2 m_pi) is 29.8 MeV
  line <- (k[["mpi_gev"]]^2 - k[["mmu_gev"]]^2) / (2 * k[["mpi_gev"]])
  expect_equal(1000 * line, 29.79, tolerance = 1e-3)
  # the sin^2 theta_W default is the default of the rate functions
  expect_identical(eval(formals(electron_xsec)$sin2_theta_w), k[["sin2w_default"]])
  expect_identical(eval(formals(cevns_xsec)$sin2_theta_w), k[["sin2w_default"]])
})

test_that("R and C share one set of constants and solar tables", {
  k <- physical_constants()
  # the NA64mu cross section uses the C muon mass: the massless lepton and
  # the default lepton differ, an explicit muon mass equals the default
  a <- na64mu_xsec(lmu_ltau(), 1e-3, 100, 0.5)
  b <- na64mu_xsec(lmu_ltau(), 1e-3, 100, 0.5, lepton_mass_gev = k[["mmu_gev"]])
  expect_identical(a, b)
  # the R copies in nucleus.R are the C values
  expect_identical(muonphilic:::me_gev, k[["me_gev"]])
  expect_identical(muonphilic:::na_mol, k[["na_mol"]])
  expect_identical(muonphilic:::u_gev, k[["amu_gev"]])
  # solar end points (Sect. 5 of the paper) and daughter charges
  sc <- solar_components()
  expect_equal(setNames(sc$emax_mev, sc$component),
               c(pp = 0.4234, pep = 1.442, hep = 18.784, `7Be` = 0.8613, `8B` = 16.56,
                 `13N` = 1.1985, `15O` = 1.7317, `17F` = 1.7364))
  expect_equal(setNames(sc$daughter_z, sc$component),
               c(pp = 1, pep = NA, hep = 2, `7Be` = NA, `8B` = NA, `13N` = 6, `15O` = 7,
                 `17F` = 8))
  # the Xe-136 2nu-beta-beta spectrum ends at its Q value
  expect_gt(double_beta_spectrum(k[["xe136_q_kev"]] - 1), 0)
  expect_equal(double_beta_spectrum(k[["xe136_q_kev"]] + 1), 0)
})
