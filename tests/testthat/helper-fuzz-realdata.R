# helper-fuzz-realdata.R -- fuzz specs of the real-data experiments
# (na64mu_2022(), gm2_likelihood()) and of the present-day answer. Read
# before helper-fuzz.R, hence delayedAssign() (see helper-fuzz-experiments.R).

delayedAssign("fz_specs_realdata", list(
  na64mu_2022 = fz_spec(
    efficiency = fz_arg(0.3, "prob"),
    background = fz_arg(0.1, "count"),
    xsec = fz_arg("exact", "choice", choices = c("exact", "paper")),
    length_cm = fz_arg(20, "positive"),
    detector_length_cm = fz_arg(500, "positive"),
    data_dir = fz_arg(NULL, "any", values = list(
      "missing folder" = "no-such-folder", "empty string" = "", "two paths" = c("a", "b"),
      "number" = 1, "NA" = NA_character_)),
    check = fz_object("muonphilic_na64mu_2022")),
  gm2_likelihood = fz_spec(
    measurement = fz_arg("wp2025", "choice", choices = c("wp2025", "fnal2021"),
      values = list(
        "c(central, sigma)" = c(central = 38, sigma = 64),
        "c(sigma, central)" = c(sigma = 64, central = 38),
        "negative central" = c(-10, 64), "zero sigma" = c(38, 0),
        "c(1e300, 1e300)" = c(1e300, 1e300), "c(central, NA)" = c(central = 38, sigma = NA))),
    data_dir = fz_arg(NULL, "any", values = list(
      "missing folder" = "no-such-folder", "empty string" = "", "number" = 1)),
    check = fz_object("muonphilic_gm2_likelihood")),
  real_data_experiments = fz_spec(check = function(res, args) {
    if (!is.list(res) || !length(res) || !all(vapply(res, is.function, TRUE))) {
      "real_data_experiments(): not a list of functions"
    }
  }),
  present_day = fz_spec(
    dir = fz_arg(NULL, "any", values = list("a dir" = "fz_present", "two dirs" = c("a", "b"),
                                            "empty string" = "", "number" = 1)),
    models = fz_arg(quote(list(lmu_ltau())), "any", values = list(
      "one model" = quote(lmu()), "empty list" = list(), "not a model" = list(1),
      "duplicated" = quote(list(lmu(), lmu())))),
    g = fz_arg(10^seq(-5, -1, length.out = 5), "positive"),
    mass_mev = fz_arg(10^seq(0, 3, length.out = 5), "mass"),
    quick = fz_arg(TRUE, "flag"),
    experiments = fz_arg(quote(real_data_experiments()[1:2]), "any", values = list(
      "unnamed" = quote(unname(real_data_experiments()[1:2])),
      "no observed data" = quote(list(sim = na64mu())),
      "a failing constructor" = list(bad = function() stop("no")),
      "named combined" = quote(list(combined = na64mu_2022())),
      "an experiment" = quote(na64mu_2022()))),
    allowed_at_mev = fz_arg(c(10, 100), "mass"),
    check = function(res, args) {
      if (!is.list(res) || !is.data.frame(res$limits) || !is.data.frame(res$still_allowed)) {
        return("present_day(): not list(limits, still_allowed, ...)")
      }
      if (any(res$limits$g_upper <= 0, na.rm = TRUE)) return("non-positive limits")
      NULL
    },
    allow = "muonphilic_error_dependency", n_random = 3L, slow_s = 20),
  # the contract generics of real-data experiments
  observed_counts = fz_spec(
    x = fz_arg(quote(na64mu_2022()), "experiment", values = list(
      "gm2" = quote(gm2_likelihood()), "simulated" = quote(na64mu()))),
    check = function(res, args) {
      if (!is.null(res) && (!is.double(res) || any(!is.finite(res)) || any(res < 0))) {
        "observed_counts(): not NULL or non-negative finite doubles"
      }
    }),
  nuisance_m2ll = fz_spec(
    x = fz_arg(quote(gm2_likelihood()), "experiment"),
    data = fz_arg(38, "number"),
    predicted = fz_arg(matrix(c(0, 38, 200), 1L), "any", values = list(
      "vector" = c(1, 2), "two-row matrix" = matrix(1, 2, 2), "NA" = NA_real_)),
    check = fz_numeric(lower = 0),
    # another experiment without its own nuisance_m2ll() is a contract error
    allow = "muonphilic_error_contract"),
  print.muonphilic_gm2_likelihood = fz_spec(
    x = fz_arg(quote(gm2_likelihood()), "any", generic = FALSE, values = list(
      "fnal2021" = quote(gm2_likelihood("fnal2021")))),
    call = "print")
))
