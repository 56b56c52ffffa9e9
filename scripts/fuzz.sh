#!/usr/bin/env bash
# Fuzz every fuzz target for a short while (their seed corpora also run in go test ./...).
# .ci/run calls this with the default FUZZTIME; run longer by hand, for example:
#
#   FUZZTIME=2m scripts/fuzz.sh
#
# A failure prints the input and writes it to the package's testdata/fuzz/<Target>/:
# commit that file with the fix, and it stays in every later go test run.
set -euo pipefail
cd "$(dirname "$0")/.."
FUZZTIME=${FUZZTIME:-10s}
run() { # package target
  echo "== fuzz $2 ($FUZZTIME)"
  go test -run '^$' -fuzz "^$2\$" -fuzztime "$FUZZTIME" -parallel 2 "$1"
}
run ./seed FuzzReadFiles
run ./store FuzzSearchQuery
for target in FuzzChartParams FuzzSearchPage FuzzPageParam FuzzBrowseParameters FuzzLocalTarget; do
  run ./web "$target"
done
