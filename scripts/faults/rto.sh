#!/bin/bash
# RTO of a database (docs/operations.md): replicate it to a folder until in sync,
# stop, restore (with check), start on the restored file; prints each time.
# Usage: scripts/faults/rto.sh DB   (e.g. the 1x world: /tmp/w1.db)
set -eu
db=$1
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
bin=$dir/twinning
go build -o "$bin" ./cmd/twinning
"$bin" serve -db "$db" -addr 127.0.0.1:18555 -replica "file://$dir/replica" >"$dir/serve.log" 2>&1 &
pid=$!
start=$(date +%s.%N)
until curl -s http://127.0.0.1:18555/healthz | grep -q "in sync"; do sleep 1; done
echo "first sync: $(echo "$(date +%s.%N) - $start" | bc) s"
kill -TERM $pid; wait $pid || true
s=$(date +%s.%N)
/usr/bin/time -f "restore and check: %e s, %M KB max RSS" "$bin" restore -replica "file://$dir/replica" -db "$dir/restored.db"
r=$(date +%s.%N)
"$bin" serve -db "$dir/restored.db" -addr 127.0.0.1:18556 >"$dir/serve2.log" 2>&1 &
p2=$!
until curl -s -o /dev/null http://127.0.0.1:18556/healthz; do sleep 0.05; done
e=$(date +%s.%N)
echo "start on the restored file: $(echo "$e - $r" | bc) s; restore to serving: $(echo "$e - $s" | bc) s"
echo "replica size: $(du -sh "$dir/replica" | cut -f1)"
kill -TERM $p2; wait $p2 || true
