# helper-fuzz-autoplot.R -- fuzz specs of autoplot() for experiments and for
# expected counts (R/autoplot.R). Read before helper-fuzz.R, so the list is
# created with delayedAssign() (see helper-fuzz-experiments.R).

delayedAssign("fz_specs_autoplot", list(
  autoplot.muonphilic_experiment = fz_spec(
    # every registered experiment (other objects dispatch to other methods)
    object = fz_arg(quote(na64mu()), "any", generic = FALSE, values = as.list(fz_experiments)),
    model = fz_arg(quote(lmu_ltau()), "model"),
    g = fz_arg(5e-4, "coupling"),
    mass_mev = fz_arg(20, "mass"),
    log_x = fz_arg(NULL, "flag", generic = FALSE, values = list(
      "TRUE" = TRUE, "FALSE" = FALSE, "NA" = NA, "\"yes\"" = "yes", "c(TRUE, FALSE)" = c(TRUE, FALSE))),
    call = function(object, ...) ggplot2::autoplot(object, ...),
    check = fz_ggplot_check(), allow = "muonphilic_error_dependency", n_random = 8L),
  autoplot.muonphilic_counts = fz_spec(
    object = fz_arg(quote(expected_counts(na64mu(), lmu_ltau(), c(5e-4, 1e-3), 20)), "any",
                    generic = FALSE, values = list(
      "CEvNS counts" = quote(expected_counts(spallation_detector("ESS"), lmu_ltau(), 5e-4, 20)),
      "no rows" = quote(expected_counts(na64mu(), lmu_ltau(), 5e-4, 20)[0, ]),
      "columns dropped" = quote(expected_counts(na64mu(), lmu_ltau(), 5e-4, 20)[c("lower", "upper", "counts")]),
      "no counts column" = quote(expected_counts(na64mu(), lmu_ltau(), 5e-4, 20)[c("lower", "upper")]),
      "NA count" = quote({ e <- expected_counts(na64mu(), lmu_ltau(), 5e-4, 20); e$counts[1] <- NA; e }))),
    log_x = fz_arg(NULL, "flag", generic = FALSE, values = list(
      "TRUE" = TRUE, "FALSE" = FALSE, "NA" = NA, "1:2" = 1:2)),
    call = function(object, ...) ggplot2::autoplot(object, ...),
    check = fz_ggplot_check(), allow = "muonphilic_error_dependency", n_random = 6L)
))
