#!/bin/sh
# Install everything muonphilic needs to build, test, check and run.
# Debian/Ubuntu packages when run as root; a clear message otherwise.
set -eu

PKGS="libgsl-dev pkg-config r-cran-cli r-cran-generics r-cran-testthat r-cran-ggplot2 r-cran-roxygen2 \
r-cran-knitr r-cran-rmarkdown pandoc r-cran-future r-cran-future.apply r-cran-progressr \
r-cran-withr r-cran-pkgbuild qpdf devscripts"

need_install() {
  # 0 when at least one package is missing
  for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || return 0
  done
  return 1
}

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "install-deps: not a Debian/Ubuntu system. Install GNU GSL (>= 2.5) development files" >&2
  echo "  (Fedora: gsl-devel, macOS: brew install gsl) and the R packages" >&2
  echo "  cli, generics, testthat, ggplot2, roxygen2, knitr, rmarkdown, future, future.apply, progressr, withr." >&2
  exit 0
fi

if need_install; then
  if [ "$(id -u)" != "0" ]; then
    echo "install-deps: missing Debian packages and not root. Run as root:" >&2
    echo "  apt-get install -y $PKGS" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq || true
  # shellcheck disable=SC2086
  apt-get install -y -qq --no-install-recommends $PKGS >/dev/null
fi
echo "install-deps: all dependencies present."
