#!/usr/bin/env bash
# Sign-in under attack (issue 13, docs/reliability.md §8): starts a portal on a fresh
# copy of the default data with one official, runs scripts/attack/signin against it
# on loopback, and stops it. Usage: scripts/attack/run.sh
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=${OUT:-/tmp/twinning-attack}
PORT=${PORT:-18090}
rm -rf "$OUT" && mkdir -p "$OUT"
(cd "$ROOT" && CGO_ENABLED=0 go build -o "$OUT/twinning" ./cmd/twinning && go build -o "$OUT/signin" ./scripts/attack/signin)
"$OUT/twinning" serve -db "$OUT/t.db" -addr "127.0.0.1:$PORT" >"$OUT/serve.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break; sleep 0.5; done
PASSWORD="the official's real password"
echo "$PASSWORD" | "$OUT/twinning" user add -db "$OUT/t.db" -email owner@burnaby.example -government burnaby-ca >/dev/null
"$OUT/signin" -url "http://127.0.0.1:$PORT" -pid "$SERVER" -email owner@burnaby.example -password "$PASSWORD"
