/* constants.h -- every physical constant and fixed input of muonphilic,
 * defined once (PDG 2020 unless stated). C code includes it through mp.h;
 * R reads the same values through physical_constants() (ffi_constants in
 * r_model.c). Internally everything is in GeV and cm. Pure C. */
#ifndef MUONPHILIC_CONSTANTS_H
#define MUONPHILIC_CONSTANTS_H

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

#define MP_ALPHA (1.0 / 137.035999)
#define MP_E_CHARGE (sqrt(4.0 * M_PI * MP_ALPHA))
#define MP_GF 1.1663787e-5           /* GeV^-2 */
/* low-energy weak mixing angle, the default of every rate (the paper does
 * not state its value; see the vignette "differences") */
#define MP_SIN2W_DEFAULT 0.2387
#define MP_ME 0.51099895e-3          /* GeV */
#define MP_ME_MEV (MP_ME * 1e3)      /* MeV */
#define MP_ME_KEV (MP_ME * 1e6)      /* keV */
#define MP_MMU 0.1056583745          /* GeV */
#define MP_MTAU 1.77686              /* GeV */
#define MP_MPI 0.13957039            /* GeV */
#define MP_MP 0.93827208816          /* GeV */
#define MP_AMU 0.93149410242         /* GeV, atomic mass unit */
#define MP_HBARC 1.973269804e-14     /* GeV cm */
#define MP_HBARC2 3.893793721e-28    /* GeV^2 cm^2 */
#define MP_NA 6.02214076e23          /* mol^-1 */
#define MP_YEAR_S 3.15576e7          /* s (365.25 d) */

/* Xenon: charge number (Lindhard quenching, Eq. 37) and the natural
 * molar mass in g/mol. */
#define MP_XE_Z 54.0
#define MP_XE_MOLAR_G 131.293

/* Xe-136 two-neutrino double-beta decay (the ER background of the xenon
 * detectors): Q value in keV, half-life in years, natural abundance. */
#define MP_XE136_Q_KEV 2457.83
#define MP_XE136_THALF_YR 2.165e21
#define MP_XE136_ABUNDANCE 0.08857

#endif
