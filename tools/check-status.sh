#!/bin/sh
# Summarise an R CMD check directory; fail on ERROR, WARNING or NOTE.
dir="$1"
log="$dir/00check.log"
[ -f "$log" ] || { echo "check-status: no $log" >&2; exit 1; }
tail -n 3 "$log"
if grep -qE '\.\.\. (ERROR|WARNING|NOTE)' "$log" || grep -qE '^Status: .*(ERROR|WARNING|NOTE)' "$log"; then
  echo "R CMD check reported problems:" >&2
  grep -nE -A 15 '\.\.\. (ERROR|WARNING|NOTE)' "$log" >&2
  for f in "$dir"/tests/*.Rout.fail; do [ -f "$f" ] && tail -n 60 "$f" >&2; done
  exit 1
fi
echo "R CMD check: 0 errors, 0 warnings, 0 notes"
