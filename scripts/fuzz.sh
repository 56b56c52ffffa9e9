#!/usr/bin/env bash
# Short fuzz runs of every fuzz target (their seed corpora already run in go test ./...).
# The web targets need about a minute each: every fuzz worker first builds the seeded app.
# Not yet in .ci/run: a fuzz run that finds a new input would fail CI at random; add it
# there once issue "Prove it" decides how failures found in CI are handled.
set -euo pipefail
cd "$(dirname "$0")/.."
go test -run '^$' -fuzz '^FuzzReadFiles$' -fuzztime 10s ./seed
go test -run '^$' -fuzz '^FuzzSearchQuery$' -fuzztime 10s ./store
for target in FuzzChartParams FuzzSearchPage FuzzPageParam FuzzBrowseParameters; do
  go test -run '^$' -fuzz "^${target}\$" -fuzztime 60s -parallel 2 ./web
done
