# helper-fuzz-contract.R -- fuzz specs of the statistic objects of the
# experiment contract (stat_poisson(), stat_chi2_pull(), stat_custom()).
# Read before helper-fuzz.R, so the list is created with delayedAssign().

delayedAssign("fz_specs_contract", list(
  stat_poisson = fz_spec(check = fz_object("muonphilic_statistic", function(res, args) {
    if (!identical(res$kind, "poisson")) "kind is not \"poisson\""
  })),
  stat_chi2_pull = fz_spec(
    sigma = fz_arg(0.05, "number", values = list("zero" = 0, "negative" = -0.1)),
    check = fz_object("muonphilic_statistic", function(res, args) {
      if (!identical(res$kind, "chi2_pull") || !identical(res$parameters$sigma, as.double(args$sigma))) {
        "kind or sigma not kept"
      }
    })),
  stat_custom = fz_spec(
    nuisance = fz_arg(c("a", "b"), "any", values = list("empty" = character(),
                                                        "NA" = NA_character_, "number" = 1)),
    check = fz_object("muonphilic_statistic")),
  print.muonphilic_statistic = fz_spec(
    x = fz_arg(quote(stat_chi2_pull(0.05)), "any", generic = FALSE, values = list(
      "poisson" = quote(stat_poisson()), "custom" = quote(stat_custom("n")))),
    call = "print", check = function(res, args) {
      if (inherits(args$x, "muonphilic_statistic") && !identical(res, args$x)) {
        "print() did not return its argument"
      }
    })
))
