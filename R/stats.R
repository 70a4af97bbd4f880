# Likelihood building blocks in C (Eqs. 28, 34, 38).

#' Chi-square with a normalisation pull
#'
#' Eq. 34: \eqn{\chi^2 = \min_a [\sum_i (N^i_{obs} - N^i_{th}(1 + a))^2 /
#' (\sigma^i_{stat})^2 + (a/\sigma_{sys})^2]} with
#' \eqn{(\sigma^i_{stat})^2 = N^i_{obs} + N^i_{bkg}}. The minimum over the
#' pull \eqn{a} is analytic (the function is quadratic in \eqn{a}). Bins
#' with zero variance and zero residual are skipped; with zero variance and
#' a non-zero residual the result is `Inf`. Counts so large (above about
#' 1e150) that the sums overflow double precision signal an error of class
#' `muonphilic_error_numeric`.
#'
#' @param observed observed counts per bin (non-negative reals allowed).
#' @param predicted predicted counts per bin (same length).
#' @param background background counts per bin (same length, or one
#'   number), entering only the variance.
#' @param sigma_sys relative normalisation uncertainty (e.g. 0.05); 0 means
#'   no pull.
#' @return A number, the minimum \eqn{\chi^2}, with attribute `a_hat` (the
#'   best pull).
#' @examples
#' chi2_pull(observed = c(100, 80), predicted = c(95, 82), background = c(10, 8),
#'           sigma_sys = 0.05)
#' @export
chi2_pull <- function(observed, predicted, background = 0, sigma_sys = 0.05) {
  observed <- check_number(observed, "observed", lower = 0)
  predicted <- check_number(predicted, "predicted", len = length(observed), lower = 0)
  background <- check_number(background, "background", lower = 0)
  if (length(background) == 1L) background <- rep(background, length(observed))
  if (length(background) != length(observed)) {
    mp_abort("`background` must have length 1 or %d (one per bin), not %d.",
             length(observed), length(background))
  }
  sigma_sys <- check_number(sigma_sys, "sigma_sys", len = 1L, lower = 0)
  r <- .Call(ffi_chi2_pull, observed, predicted, background, sigma_sys)
  if (is.nan(r[1])) {
    mp_abort("chi2_pull(): the chi-square or the pull leaves double precision (counts above about 1e150, or predictions and sigma_sys so extreme that the best pull is not representable).",
             class = "muonphilic_error_numeric")
  }
  structure(r[1], a_hat = r[2])
}

#' One-sided Poisson p-value and significance
#'
#' `poisson_pvalue(n, b)` is \eqn{P(N \ge n | b)} for a Poisson mean `b`
#' (Eq. 38), continued to real `n` by the regularised lower incomplete gamma
#' function \eqn{P(n, b)} (exact for integer `n`). `p_to_sigma()` is the
#' one-sided Gaussian equivalent, \eqn{Z = \Phi^{-1}(1 - p)}; 5 sigma is
#' \eqn{p = 2.87 \times 10^{-7}}.
#'
#' @param n observed count(s), non-negative (reals allowed).
#' @param b expected background count(s), non-negative; recycled with `n`.
#' @param p p-values in \[0, 1\].
#' @return Numeric vectors.
#' @examples
#' poisson_pvalue(10, 3)
#' p_to_sigma(2.87e-7)
#' @export
poisson_pvalue <- function(n, b) {
  n <- check_number(n, "n", lower = 0)
  b <- check_number(b, "b", lower = 0)
  a <- recycle_args(n = n, b = b)
  mp_call(.Call(ffi_poisson_pvalue, a$n, a$b))
}

#' @rdname poisson_pvalue
#' @export
p_to_sigma <- function(p) {
  p <- check_number(p, "p", lower = 0, upper = 1)
  .Call(ffi_p_to_sigma, p)
}

#' Median (Asimov) discovery significance
#'
#' \eqn{Z_A = \sqrt{2\sum_i((s_i + b_i)\ln(1 + s_i/b_i) - s_i)}} (Cowan,
#' Cranmer, Gross and Vitells, EPJC 71 (2011) 1554, Eq. 97, summed over
#' independent Poisson bins): the median significance with which
#' \eqn{s + b} expected events reject the background-only mean \eqn{b}.
#' Never negative for \eqn{s \ge 0}; negative (minus the same root) when
#' the total is a deficit. Bins with \eqn{s + b = b = 0} carry no
#' information; a bin with \eqn{b = 0 < s} gives `Inf`.
#'
#' With `sigma_sys` > 0 the total background \eqn{B = \sum_i b_i} is
#' uncertain by \eqn{\sigma_B = } `sigma_sys` \eqn{B}, constrained by an
#' auxiliary measurement \eqn{m = \tau B} with \eqn{\tau = B/\sigma_B^2}
#' (Poisson); the background-only fit rescales every \eqn{b_i} by one
#' factor \eqn{\hat k = (N + m)/(B + m)} (N the total count), so that
#' \eqn{Z_A^2 = 2\sum_i(n_i\ln(n_i/(\hat k b_i)) - n_i + \hat k b_i)
#' + 2m(\hat k - 1 - \ln\hat k)}. For one bin this is Cowan's formula for
#' a counting experiment with background uncertainty (G. Cowan, "Discovery
#' sensitivity for a counting experiment with background uncertainty",
#' 2012); it falls to the value without systematics as `sigma_sys` -> 0.
#' A normalisation uncertainty weakens an excess spread like the
#' background; a shape that differs from the background keeps its
#' significance.
#'
#' @param signal expected signal counts per bin (s, real; s + b >= 0).
#' @param background background-only expected counts per bin (b >= 0, same
#'   length).
#' @param sigma_sys relative uncertainty of the total background
#'   (dimensionless, >= 0; default 0, none), e.g. an experiment's declared
#'   normalisation systematic.
#' @return One number, \eqn{Z_A}.
#' @examples
#' asimov_significance(10, 3)
#' asimov_significance(c(2, 5), c(1, 10))  # two bins
#' asimov_significance(10, 3, sigma_sys = 0.2)  # 20 % background uncertainty
#' @export
asimov_significance <- function(signal, background, sigma_sys = 0) {
  signal <- check_number(signal, "signal")
  background <- check_number(background, "background", len = length(signal), lower = 0)
  sigma_sys <- check_number(sigma_sys, "sigma_sys", len = 1L, lower = 0)
  n <- signal + background
  if (any(n < 0)) {
    mp_abort("`signal + background` must be non-negative in every bin.")
  }
  if (sigma_sys > 0) {
    return(mp_call(.Call(ffi_asimov_z_sys, as.double(n), as.double(background), sigma_sys)))
  }
  mp_call(.Call(ffi_asimov_z, as.double(n), as.double(background)))
}
