library(testthat)
library(muonphilic)

test_check("muonphilic")
