#!/bin/sh
# make sanitize: build muonphilic with AddressSanitizer + UndefinedBehaviorSanitizer
# (gcc) into a temporary library and run the whole testthat suite against it.
# Fails on any test failure and on any sanitizer report.
#
# The committed src/Makevars(.in) is never touched: the flags come from a
# temporary R_MAKEVARS_USER file, and the package is built from a temporary
# copy of the source tree (so no instrumented object file is left in src/).
# R itself is not instrumented, so the ASan runtime is LD_PRELOADed;
# detect_leaks=0 because R leaks by design at exit (valgrind.sh checks
# the package's own leaks).
#
# Environment: SANITIZE_KEEP=1 keeps the temporary directory,
#              SANITIZE_FILTER=<regex> runs only matching test files,
#              SANITIZE_OBJECTS=<n|all> object mutations of test-fuzz.R
#              (default all: one full pass over every package object,
#              field and bad value, both routes).
set -eu
cd "$(dirname "$0")/.."
R=${R:-R}
RSCRIPT=${RSCRIPT:-Rscript}
start=$(date +%s)

# 1. gcc with the ASan/UBSan runtimes (they ship with gcc's libgcc-N-dev)
if ! command -v gcc >/dev/null 2>&1; then
  echo "sanitize: gcc not found" >&2
  exit 1
fi
asan_lib=$(gcc -print-file-name=libasan.so)
if [ ! -e "$asan_lib" ] || [ ! -e "$(gcc -print-file-name=libubsan.so)" ]; then
  gccv=$(gcc -dumpversion | cut -d. -f1)
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "sanitize: installing the gcc $gccv sanitizer runtimes"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq || true
    apt-get install -y -qq --no-install-recommends "libgcc-$gccv-dev" >/dev/null
    asan_lib=$(gcc -print-file-name=libasan.so)
  else
    echo "sanitize: libasan/libubsan for gcc $gccv missing; as root: apt-get install libgcc-$gccv-dev" >&2
    exit 1
  fi
fi
# the shared runtime that the instrumented .so will load (libasan.so.N)
asan_rt=$(readlink -f "$asan_lib")

tmp=$(mktemp -d "${TMPDIR:-/tmp}/mp-sanitize.XXXXXX")
if [ "${SANITIZE_KEEP:-0}" != "1" ]; then
  trap 'rm -rf "$tmp"' EXIT
fi

# 2. sanity: can gcc build and run an instrumented shared object?
cat > "$tmp/probe.c" <<'EOF'
int main(void) { return 0; }
EOF
if ! gcc -fsanitize=address,undefined -o "$tmp/probe" "$tmp/probe.c" 2>"$tmp/probe.log" ||
   ! ASAN_OPTIONS=detect_leaks=0 "$tmp/probe"; then
  echo "sanitize: gcc cannot build with -fsanitize=address,undefined:" >&2
  cat "$tmp/probe.log" >&2
  exit 1
fi

# 3. flags through a temporary user Makevars; a clean copy of the sources
SAN="-fsanitize=address,undefined,float-cast-overflow -fno-omit-frame-pointer"
cat > "$tmp/Makevars" <<EOF
CC = gcc
CFLAGS = -g -O1 $SAN -Wall
LDFLAGS = $SAN
EOF
mkdir -p "$tmp/pkg" "$tmp/lib"
tar --exclude=./.git --exclude=./.lib --exclude=./check --exclude='./*.tar.gz' \
  --exclude='./src/*.o' --exclude='./src/*.so' --exclude=./src/Makevars -cf - . |
  (cd "$tmp/pkg" && tar -xf -)
echo "sanitize: building with $SAN"
if ! R_MAKEVARS_USER="$tmp/Makevars" nice -n 10 "$R" CMD INSTALL --no-multiarch \
     --no-test-load --library="$tmp/lib" "$tmp/pkg" > "$tmp/install.log" 2>&1; then
  cat "$tmp/install.log"
  echo "sanitize: FAILED to build the instrumented package" >&2
  exit 1
fi
grep -q -- "-fsanitize=address" "$tmp/install.log" || {
  cat "$tmp/install.log"
  echo "sanitize: the sanitizer flags did not reach the compiler" >&2
  exit 1
}
built=$(date +%s)

# 4. the whole test suite against the instrumented library
cat > "$tmp/run.R" <<'EOF'
lib <- Sys.getenv("MP_SAN_LIB")
.libPaths(c(lib, .libPaths()))
library(testthat)
Sys.setenv(NOT_CRAN = "true")
library(muonphilic, lib.loc = lib)
stopifnot(grepl(lib, find.package("muonphilic"), fixed = TRUE))
filter <- Sys.getenv("SANITIZE_FILTER")
res <- testthat::test_dir("tests/testthat", package = "muonphilic",
                          load_package = "installed", stop_on_failure = FALSE,
                          filter = if (nzchar(filter)) filter else NULL,
                          reporter = testthat::SummaryReporter$new(show_praise = FALSE))
df <- as.data.frame(res)
cat(sprintf("\nsanitize tests: %d files, %d expectations, %d failed, %d errors\n",
            length(unique(df$file)), sum(df$nb), sum(df$failed), sum(df$error)))
if (sum(df$failed) > 0 || any(df$error)) quit(status = 1)
EOF
status=0
MP_SAN_LIB="$tmp/lib" \
  MUONPHILIC_FUZZ_OBJECTS="${SANITIZE_OBJECTS:-all}" \
  MUONPHILIC_FUZZ_SLOW_SCALE="${MUONPHILIC_FUZZ_SLOW_SCALE:-5}" \
  LD_PRELOAD="$asan_rt" \
  ASAN_OPTIONS="detect_leaks=0:abort_on_error=1:print_stacktrace=1:allocator_may_return_null=1:detect_stack_use_after_return=0" \
  UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1" \
  nice -n 10 "$RSCRIPT" "$tmp/run.R" > "$tmp/tests.log" 2>&1 || status=$?
done_t=$(date +%s)
tail -n 40 "$tmp/tests.log"

# 5. verdict: any sanitizer report fails, whatever the tests said
reports=$(grep -c -E "runtime error|AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer" "$tmp/tests.log" || true)
echo "sanitize: build $((built - start)) s, tests $((done_t - built)) s, total $((done_t - start)) s"
if [ "$reports" -gt 0 ]; then
  echo "sanitize: FAILED: $reports sanitizer report line(s):" >&2
  grep -n -E -A 25 "runtime error|AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer" "$tmp/tests.log" | head -n 120 >&2
  exit 1
fi
if [ "$status" -ne 0 ]; then
  echo "sanitize: FAILED: the test suite failed under the sanitizers (exit $status)" >&2
  exit 1
fi
echo "sanitize: OK (no AddressSanitizer / UndefinedBehaviorSanitizer report)"
