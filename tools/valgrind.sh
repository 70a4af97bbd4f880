#!/bin/sh
# make valgrind: run the testthat suite under
#   R -d "valgrind --error-exitcode=1 --leak-check=full"
# against the package installed in ./.lib (make install builds it with -g),
# and fail on
#   * any invalid read/write, invalid or mismatched free (anywhere),
#   * any use of uninitialised memory whose stack mentions the package,
#   * any "definitely lost" block whose allocation stack mentions the
#     package (muonphilic.so or one of its src/*.c files); R's own leaks at
#     exit are ignored.
# The whole suite runs (about 2-4 minutes; the 15-minute budget is not
# needed). VALGRIND_FILTER=<regex> runs only matching test files.
set -eu
cd "$(dirname "$0")/.."
R=${R:-R}
LIB="$(pwd)/.lib"
start=$(date +%s)

if ! command -v valgrind >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "valgrind: installing valgrind"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq || true
    apt-get install -y -qq --no-install-recommends valgrind >/dev/null
  else
    echo "valgrind: valgrind not found; as root: apt-get install valgrind" >&2
    exit 1
  fi
fi
if [ ! -f "$LIB/muonphilic/libs/muonphilic.so" ]; then
  echo "valgrind: the package is not installed in $LIB; run 'make install' first" >&2
  exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/mp-valgrind.XXXXXX")
if [ "${VALGRIND_KEEP:-0}" != "1" ]; then
  trap 'rm -rf "$tmp"' EXIT
fi

cat > "$tmp/run.R" <<'EOF'
lib <- Sys.getenv("MP_VG_LIB")
.libPaths(c(lib, .libPaths()))
library(testthat)
Sys.setenv(NOT_CRAN = "true")
library(muonphilic, lib.loc = lib)
filter <- Sys.getenv("VALGRIND_FILTER")
res <- testthat::test_dir("tests/testthat", package = "muonphilic",
                          load_package = "installed", stop_on_failure = FALSE,
                          filter = if (nzchar(filter)) filter else NULL,
                          reporter = testthat::SummaryReporter$new(show_praise = FALSE))
df <- as.data.frame(res)
cat(sprintf("\nvalgrind tests: %d files, %d expectations, %d failed, %d errors\n",
            length(unique(df$file)), sum(df$nb), sum(df$failed), sum(df$error)))
if (sum(df$failed) > 0 || any(df$error)) quit(status = 3)
EOF

echo "valgrind: running the test suite under valgrind (slow)"
status=0
MP_VG_LIB="$LIB" MUONPHILIC_FUZZ_SLOW_SCALE="${MUONPHILIC_FUZZ_SLOW_SCALE:-50}" \
  nice -n 10 "$R" --vanilla --no-echo \
  -d "valgrind --error-exitcode=1 --leak-check=full --num-callers=30 --log-file=$tmp/vg.%p.log" \
  -f "$tmp/run.R" > "$tmp/tests.log" 2>&1 || status=$?
done_t=$(date +%s)
tail -n 12 "$tmp/tests.log"

# Our code in a stack: the shared object, or a frame in one of src/*.c.
ours="muonphilic\\.so"
for f in src/*.c; do
  ours="$ours|[( ]$(basename "$f" | sed 's/\./\\./'):[0-9]"
done

# Split each valgrind log into blank-line separated records and judge them.
cat "$tmp"/vg.*.log > "$tmp/vg.log"
bad=$(awk -v ours="$ours" '
  function judge() {
    if (head == "") return
    why = ""
    if (head ~ /Invalid (read|write)|Invalid free|Mismatched free|free\(\) \/ delete|overlap/) why = "memory error"
    else if (head ~ /uninitialised/ && rec ~ ours) why = "uninitialised value in the package"
    else if (head ~ /definitely lost/ && rec ~ ours) why = "definite leak from the package"
    if (why != "") { n++; print "---- " why ":" rec > "/dev/stderr" }
    head = ""; rec = ""
  }
  /^==[0-9]+== *$/ { judge(); next }
  { line = $0; sub(/^==[0-9]+== /, "", line)
    if (head == "") head = line
    rec = rec "\n  " line }
  END { judge(); print n + 0 }
' "$tmp/vg.log" 2>"$tmp/bad.txt")

echo "valgrind: tests $((done_t - start)) s"
grep -h -E "ERROR SUMMARY|definitely lost:|indirectly lost:" "$tmp"/vg.*.log | sed 's/^==[0-9]*== /  /' | head -n 6
if [ "$bad" -gt 0 ]; then
  head -n 150 "$tmp/bad.txt" >&2
  echo "valgrind: FAILED: $bad problem(s) (memory errors, or leaks/uninitialised values in the package)" >&2
  exit 1
fi
if [ "$status" -eq 3 ] || ! grep -q "valgrind tests:" "$tmp/tests.log"; then
  cat "$tmp/tests.log" | tail -n 40
  echo "valgrind: FAILED: the test suite failed or did not finish under valgrind (exit $status)" >&2
  exit 1
fi
echo "valgrind: OK (no invalid read/write, no definite leak from the package; R exit $status)"
