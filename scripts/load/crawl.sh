#!/usr/bin/env bash
# A crawler reads every government page once on a freshly started portal (1× data,
# every page cold), CONNS requests in flight (default 4). Prints the crawl's figures
# and the server's peak memory. Loopback only; stops what it starts.
#
#   scripts/load/crawl.sh              # all 17,031 government pages
#   N=2000 CONNS=2 scripts/load/crawl.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
PORT=${PORT:-18392}
CONNS=${CONNS:-4}
N=${N:-0}
DIR=$(mktemp -d)
PID=
trap '[ -n "$PID" ] && kill "$PID" 2>/dev/null; rm -rf "$DIR"' EXIT
go build -o "$DIR/twinning" ./cmd/twinning
go build -o "$DIR/crawl" ./scripts/load/crawl
"$DIR/twinning" -db "$DIR/crawl.db" -addr "127.0.0.1:$PORT" >"$DIR/server.log" 2>&1 &
PID=$!
for _ in $(seq 1 120); do
  curl -fsS -o /dev/null "http://127.0.0.1:$PORT/healthz" 2>/dev/null && break
  sleep 0.5
done
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load average $(cut -d' ' -f1-3 /proc/loadavg)"
"$DIR/crawl" -db "$DIR/crawl.db" -base "http://127.0.0.1:$PORT" -conns "$CONNS" -n "$N"
echo "server_peak_rss_kb	$(grep VmHWM /proc/$PID/status | awk '{print $2}')"
echo "server_cpu_s	$(awk '{print ($14+$15)/100}' /proc/$PID/stat)"
