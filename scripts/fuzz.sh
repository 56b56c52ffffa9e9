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
  local out
  if out=$(go test -run '^$' -fuzz "^$2\$" -fuzztime "$FUZZTIME" -parallel 2 "$1" 2>&1); then
    echo "$out"
    return
  fi
  echo "$out"
  # Go's fuzzer can end with "context deadline exceeded" when a slow input (the web
  # targets render a page each) is still running as the time runs out; no input
  # failed then, and none is written. Run such a target once more; any real failure
  # (a "Failing input written" line) stops the run.
  if grep -q "context deadline exceeded" <<<"$out" && ! grep -q "Failing input written" <<<"$out"; then
    echo "== fuzz $2: the fuzzer's own deadline, not a failing input; running it again"
    go test -run '^$' -fuzz "^$2\$" -fuzztime "$FUZZTIME" -parallel 2 "$1"
    return
  fi
  return 1
}
run ./seed FuzzReadFiles
run ./store FuzzSearchQuery
for target in FuzzChartParams FuzzSearchPage FuzzPageParam FuzzBrowseParameters FuzzLocalTarget; do
  run ./web "$target"
done
