# Toy experiments implementing the experiment contract (R/experiment.R) with
# analytic mass dependence, for testing the likelihood and scan layers
# without any real experiment.
#
# Counts in a bin [lo, hi] (keV) are a CEvNS-like sum over two neutrino
# flavours f = mu, tau with densities a_f (events per keV):
#   N = sum_f a_f * int_lo^hi (1 + K Q_f y / (M^2 + q E))^2 dE
# with y = g * eps the product of coupling and kinetic mixing: for
# mixing_ratio(kappa), y = kappa g^2 (powers 0, 2, 4); for mixing_fixed(eps),
# y = eps g (powers 0, 1, 2). With signal_only = TRUE the SM term is dropped
# and N = sum_f a_f K^2 Q_f^2 g^2 int dE / (M^2 + q E)^2 (NA64mu-like,
# powers 2 only; y = g).
#
# count_terms() uses the closed forms
#   int dE / (M^2 + qE)   = log((M^2 + q hi) / (M^2 + q lo)) / q
#   int dE / (M^2 + qE)^2 = (1 / (M^2 + q lo) - 1 / (M^2 + q hi)) / q
# (or stats::integrate of each coefficient when numeric_terms = TRUE: a real
# integral per mass, for the benchmark), while expected_counts() integrates
# the full integrand with stats::integrate at every (g, M): an independent
# calculation.

toy_experiment <- function(edges = c(10, 30, 50, 75, 100), a_mu = 10, a_tau = 0,
                           q = 20, K = 3e10, statistic = "poisson",
                           sigma_sys = 0.05, background = 0, signal_only = FALSE,
                           numeric_terms = FALSE, name = "toy") {
  stat <- switch(statistic, chi2_pull = stat_chi2_pull(sigma_sys), custom = stat_custom(),
                 stat_poisson())
  x <- new_experiment("toy", edges = edges, a_mu = a_mu, a_tau = a_tau, q = q, K = K,
                      stat = statistic, sigma_sys = sigma_sys, signal_only = signal_only,
                      numeric_terms = numeric_terms, name = name,
                      bin_edges = edges, bin_unit = "keV", background = background,
                      statistic = stat, label = name, subclass = "toy_experiment")
  x[["background"]] <- background
  x
}

toy_poisson <- function(...) toy_experiment(...)
toy_chi2 <- function(...) {
  x <- toy_experiment(statistic = "chi2_pull", ...)
  x
}
toy_signal <- function(...) toy_experiment(signal_only = TRUE, a_mu = 1, K = 1e6, ...)

# The methods live in their own environment (with their helpers), so that
# their closures carry everything they need to future workers.
toy_methods <- local({
  # y = sign * |coef| g^p: the coupling product and its power in g
  toy_coupling <- function(x, model) {
    if (x$signal_only) return(list(coef = 1, p = 1))
    switch(model$mixing$type,
           ratio = list(coef = model$mixing$value, p = 2),
           fixed = list(coef = model$mixing$value, p = 1),
           stop("toy experiments support ratio and fixed mixing only"))
  }

  toy_bins <- function(x) {
    n <- length(x$edges) - 1L
    list(lo = x$edges[-(n + 1L)], hi = x$edges[-1L], n = n)
  }

  toy_int1 <- function(lo, hi, M, q) log((M^2 + q * hi) / (M^2 + q * lo)) / q
  toy_int2 <- function(lo, hi, M, q) (1 / (M^2 + q * lo) - 1 / (M^2 + q * hi)) / q

  count_terms.toy_experiment <- function(x, model, mass_mev, ...) {
    b <- toy_bins(x)
    cp <- toy_coupling(x, model)
    Q <- c(mu = model$charges[["mu"]], tau = model$charges[["tau"]])
    a <- c(mu = x$a_mu, tau = x$a_tau)
    powers <- if (x$signal_only) 2 else c(0, cp$p, 2 * cp$p)
    out <- array(0, c(b$n, length(powers), length(mass_mev)))
    for (m in seq_along(mass_mev)) {
      M <- mass_mev[m]
      if (x$numeric_terms) {
        i1 <- mapply(function(lo, hi) stats::integrate(function(E) 1 / (M^2 + x$q * E), lo, hi,
                                                       rel.tol = 1e-12)$value, b$lo, b$hi)
        i2 <- mapply(function(lo, hi) stats::integrate(function(E) 1 / (M^2 + x$q * E)^2, lo, hi,
                                                       rel.tol = 1e-12)$value, b$lo, b$hi)
      } else {
        i1 <- toy_int1(b$lo, b$hi, M, x$q)
        i2 <- toy_int2(b$lo, b$hi, M, x$q)
      }
      for (f in c("mu", "tau")) {
        kq <- x$K * Q[[f]] * cp$coef
        if (x$signal_only) {
          out[, 1, m] <- out[, 1, m] + a[[f]] * kq^2 * i2
        } else {
          out[, 1, m] <- out[, 1, m] + a[[f]] * (b$hi - b$lo)
          out[, 2, m] <- out[, 2, m] + a[[f]] * 2 * kq * i1
          out[, 3, m] <- out[, 3, m] + a[[f]] * kq^2 * i2
        }
      }
    }
    structure(out, powers = powers)
  }

  expected_counts.toy_experiment <- function(x, model, g, mass_mev, ...) {
    b <- toy_bins(x)
    cp <- toy_coupling(x, model)
    Q <- c(mu = model$charges[["mu"]], tau = model$charges[["tau"]])
    a <- c(mu = x$a_mu, tau = x$a_tau)
    n <- max(length(g), length(mass_mev))
    g <- rep_len(g, n)
    mass_mev <- rep_len(mass_mev, n)
    rows <- lapply(seq_len(n), function(k) {
      y <- cp$coef * g[k]^cp$p
      M <- mass_mev[k]
      counts <- vapply(seq_len(b$n), function(i) {
        sum(vapply(c("mu", "tau"), function(f) {
          if (a[[f]] == 0) return(0)
          integrand <- if (x$signal_only) {
            function(E) (x$K * Q[[f]] * y)^2 / (M^2 + x$q * E)^2
          } else {
            function(E) (1 + x$K * Q[[f]] * y / (M^2 + x$q * E))^2
          }
          a[[f]] * stats::integrate(integrand, b$lo[i], b$hi[i], rel.tol = 1e-13)$value
        }, numeric(1)))
      }, numeric(1))
      data.frame(bin = seq_len(b$n), lower = b$lo, upper = b$hi, counts = counts,
                 g = g[k], mass_mev = M)
    })
    out <- do.call(rbind, rows)
    attr(out, "unit") <- "keV"
    out
  }

  # statistic "custom": the Poisson deviance written out in R (an
  # independent implementation of the C statistic)
  nuisance_m2ll.toy_experiment <- function(x, data, predicted, saturated = TRUE, ...) {
    mu <- predicted + background_counts(x)
    apply(mu, 2, function(m) {
      t <- ifelse(data > 0, data * log(data / m), 0)
      2 * sum(m - data + t)
    })
  }

  observed_counts.toy_experiment <- function(x, ...) x$observed

  list(count_terms = count_terms.toy_experiment, expected_counts = expected_counts.toy_experiment,
       nuisance_m2ll = nuisance_m2ll.toy_experiment, observed_counts = observed_counts.toy_experiment)
})

for (.gen in c("count_terms", "expected_counts", "nuisance_m2ll", "observed_counts")) {
  registerS3method(.gen, "toy_experiment", toy_methods[[.gen]],
                   envir = asNamespace("muonphilic"))
}
rm(.gen)
