# muonphilic -- developer and CI entry points.
#   make run    install everything and reproduce the paper's figures, then the
#               present-day (real data) figures into present-day-figures/
#   make test   install everything, run the test suite and R CMD check --as-cran
SHELL := /bin/bash
R ?= R
RSCRIPT ?= Rscript
LIB := $(CURDIR)/.lib
PKG := muonphilic
VERSION := $(shell sed -n 's/^Version: //p' DESCRIPTION)
TARBALL := $(PKG)_$(VERSION).tar.gz
export R_LIBS := $(LIB):$(R_LIBS)
export _R_CHECK_CRAN_INCOMING_REMOTE_ := FALSE
export _R_CHECK_FUTURE_FILE_TIMESTAMPS_ := FALSE
export _R_CHECK_SYSTEM_CLOCK_ := FALSE
export OMP_THREAD_LIMIT := 2

.PHONY: all deps install document unit test check run bench sanitize valgrind clean

all: test

deps:
	./tools/install-deps.sh

install: deps
	mkdir -p $(LIB)
	$(R) CMD INSTALL --no-multiarch --library=$(LIB) . > .lib/install.log 2>&1 || (cat .lib/install.log; exit 1)

document:
	$(RSCRIPT) -e 'roxygen2::roxygenise()'
	rm -f src/*.o src/*.so

# the testthat suite against the installed package (fast feedback)
unit: install
	$(RSCRIPT) tools/run-tests.R

$(TARBALL): install
	$(R) CMD build --no-manual . > .lib/build.log 2>&1 || (cat .lib/build.log; exit 1)

# R CMD check --as-cran; fails on any ERROR, WARNING or NOTE.
# CHECK_ARGS=--no-tests skips the test suite inside the check (make test
# does that: it has just run the same suite against the installed package).
CHECK_ARGS ?=
check: $(TARBALL)
	rm -rf check && mkdir -p check
	$(R) CMD check --as-cran --no-manual $(CHECK_ARGS) --output=check $(TARBALL) || true
	@./tools/check-status.sh check/$(PKG).Rcheck

# What CI runs, within about 10 minutes on 2 cores: the unit suite (the
# fuzzer on a seeded half of its single-argument cases), R CMD check
# --as-cran (its copy of the tests skipped: they have just run; vignettes
# run once, from the check, not rebuilt a second time), and the suite under
# ASan/UBSan with 100 object mutations and a quarter of the fuzzer's cases.
# `make unit`, `make check` and `make sanitize` alone run everything.
test: deps
	MUONPHILIC_FUZZ_FRACTION=0.5 $(MAKE) unit
	$(MAKE) check CHECK_ARGS="--no-tests --no-build-vignettes"
	SANITIZE_OBJECTS=100 MUONPHILIC_FUZZ_FRACTION=0.25 ./tools/sanitize.sh

run: install
	$(RSCRIPT) -e 'muonphilic::reproduce_paper("paper-figures", overwrite = TRUE)'
	$(RSCRIPT) -e 'muonphilic::present_day("present-day-figures")'

bench: install
	for f in bench/*.R; do echo "== $$f"; $(RSCRIPT) $$f; done

sanitize: deps
	./tools/sanitize.sh

valgrind: install
	./tools/valgrind.sh

clean:
	rm -rf .lib check $(PKG)_*.tar.gz src/*.o src/*.so src/Makevars
