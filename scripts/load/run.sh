#!/usr/bin/env bash
# Load test: the portal's hot pages under wrk, next to the same HTML served as static
# files by nginx (the ceiling), on 1× (and optionally 10×, 100×) the default data.
# Loopback only; every process it starts it stops. Usage:
#
#   scripts/load/run.sh [SCALE...]        # default: 1
#   DURATION=20s CONNS=16 THREADS=2 scripts/load/run.sh 1 10
#   RUNS="mixed" REPORTS=4 scripts/load/run.sh 1   # only the mixed read/write run
#   WORLD_DB=/tmp/world.db WORLD_DIR=/tmp/world scripts/load/run.sh 1 world
#
# SCALE "world" is the world profile (twinning gen -profile world): WORLD_DIR holds
# its CSV files and WORLD_DB its database, generated and imported when missing (about
# 10 minutes); the mixed run writes to it, so give it a scratch copy.
#
# Results go to $OUT (default /tmp/twinning-load): one wrk report per page and
# scale, server RSS/CPU, and summary.tsv.
#
# Besides the fixed pages (served from the rendered-page cache after the first
# request), "government-random" asks for 5,000 governments drawn at random from the
# data: most requests render a page that is not cached yet, which is what grows with
# the data. Two ceilings serve the same HTML: nginx, and the smallest Go server
# (scripts/load/gostatic), which shows what Go's net/http itself costs here.
#
# "mix-read" and "mix-write" read a mix of 18 public pages (scripts/load/mixed.lua),
# first with no writes, then while two officials report REPORTS times a second in all
# through the portal's own forms (scripts/load/officials): the ratio of the two is
# what reporting season costs the public. MIX_ROUNDS rounds (default 3) alternate the
# two, and the median of the per-round ratios is the figure (drift falls on both).
#
# "ratio" measures a cached hit against gostatic, with the portal's own headers and
# plain, interleaved: both servers up, ROUNDS rounds (default 5) of RATIO_DURATION
# (5s) on the portal then on gostatic, for the government and chart pages; the median of the
# per-round ratios is the figure, so that the machine's drift over minutes (20% here)
# falls on both sides of each ratio alike.
#
# RUNS picks the runs: fixed (the pages above), random (government-random), mixed,
# ratio, ceilings (gostatic and nginx). Default: all.
set -euo pipefail

DURATION=${DURATION:-15s}
CONNS=${CONNS:-16}
THREADS=${THREADS:-2}
PORT=${PORT:-18080}
NGINX_PORT=${NGINX_PORT:-18081}
OUT=${OUT:-/tmp/twinning-load}
RUNS=${RUNS:-fixed random mixed ratio ceilings}
ROUNDS=${ROUNDS:-5}
RATIO_DURATION=${RATIO_DURATION:-5s}
REPORTS=${REPORTS:-4}
MIX_ROUNDS=${MIX_ROUNDS:-3}
want() { case " $RUNS " in *" $1 "*) return 0;; esac; return 1; }
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SCALES=("$@")
[ ${#SCALES[@]} -eq 0 ] && SCALES=(1)
PAGES=(
  "government /governments/burnaby-ca"
  "bilateral /countries/ca/kr"
  "chart /charts/agreements-by-year?country=kr"
  "search /search?q=seoul"
  "export /countries/ca/kr.csv"
)

need() { command -v "$1" >/dev/null 2>&1 || { echo "installing $2 from Debian"; apt-get install -y -q "$2" >/dev/null; }; }
need wrk wrk
need nginx nginx

mkdir -p "$OUT"
BIN="$OUT/twinning"
(cd "$ROOT" && CGO_ENABLED=0 go build -o "$BIN" ./cmd/twinning && go build -o "$OUT/gostatic" ./scripts/load/gostatic &&
  go build -o "$OUT/officials" ./scripts/load/officials)

SERVER_PID= NGINX_PID= GOSTATIC_PID=
cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null || true
  [ -n "$GOSTATIC_PID" ] && kill "$GOSTATIC_PID" 2>/dev/null || true
  [ -n "$NGINX_PID" ] && kill "$NGINX_PID" 2>/dev/null || true
}
trap cleanup EXIT

wait_up() { # url
  for _ in $(seq 1 600); do curl -fs -o /dev/null "$1" && return 0; sleep 0.5; done
  echo "not up: $1" >&2; return 1
}

# cpu_ticks PID: utime+stime in clock ticks of PID and its children (nginx workers)
procs() { echo "$1"; pgrep -P "$1" || true; }
cpu_ticks() { local t=0; for p in $(procs "$1"); do t=$(( t + $(awk '{print $14+$15}' "/proc/$p/stat") )); done; echo $t; }
rss_kb() { local t=0; for p in $(procs "$1"); do t=$(( t + $(awk '/VmRSS/{print $2}' "/proc/$p/status") )); done; echo $t; }
hz=$(getconf CLK_TCK)

# run_wrk NAME URL PID [WRK ARGS]: wrk with latency percentiles; appends a summary row
run_wrk() {
  local name=$1 url=$2 pid=$3 t0 t1 c0 c1
  shift 3
  c0=$(cpu_ticks "$pid"); t0=$(date +%s.%N)
  wrk -t"$THREADS" -c"$CONNS" -d"$DURATION" --latency "$@" "$url" > "$OUT/$name.wrk"
  t1=$(date +%s.%N); c1=$(cpu_ticks "$pid")
  local rps p50 p99 cpu rss
  rps=$(awk '/Requests\/sec/{print $2}' "$OUT/$name.wrk")
  p50=$(awk '$1=="50%"{print $2}' "$OUT/$name.wrk")
  p99=$(awk '$1=="99%"{print $2}' "$OUT/$name.wrk")
  cpu=$(echo "($c1-$c0)/$hz/($t1-$t0)*100" | bc -l | xargs printf '%.0f')
  rss=$(( $(rss_kb "$pid") / 1024 ))
  printf '%s\t%s\t%s\t%s\t%s%%\t%s MiB\n' "$name" "$rps" "$p50" "$p99" "$cpu" "$rss" | tee -a "$OUT/summary.tsv"
}

printf 'run\treq/s\tp50\tp99\tCPU\tRSS\n' > "$OUT/summary.tsv"
: > "$OUT/ratio.log"
for scale in "${SCALES[@]}"; do
  db="$OUT/s$scale.db"
  [ "$scale" = world ] && db=${WORLD_DB:-$OUT/world.db}
  world_dir=${WORLD_DIR:-$OUT/genworld}
  if [ ! -f "$db" ]; then
    start=$(date +%s)
    if [ "$scale" = 1 ]; then
      : # serve creates and seeds a missing database
    elif [ "$scale" = world ]; then
      [ -f "$world_dir/governments.csv" ] || "$BIN" gen -profile world -out "$world_dir"
      "$BIN" import -db "$db" "$world_dir"/*.csv
    else
      "$BIN" gen -scale "$scale" -out "$OUT/gen$scale"
      "$BIN" import -db "$db" "$OUT"/gen"$scale"/*.csv
    fi
    echo "scale $scale: database built in $(( $(date +%s) - start )) s" | tee -a "$OUT/build.log"
  fi
  # 5,000 government slugs drawn from this scale's data, the same draw every run.
  slugs="$OUT/slugs$scale.txt"
  case $scale in
    1) govs="$ROOT/seed/data/governments.csv" ;;
    world) govs="$world_dir/governments.csv" ;;
    *) govs="$OUT/gen$scale/governments.csv" ;;
  esac
  tail -n +2 "$govs" | cut -d, -f1 | shuf -n 5000 --random-source=<(yes) > "$slugs"
  "$BIN" serve -addr "127.0.0.1:$PORT" -db "$db" > "$OUT/server$scale.log" 2>&1 &
  SERVER_PID=$!
  wait_up "http://127.0.0.1:$PORT/healthz"
  static="$OUT/static$scale"; mkdir -p "$static"
  for p in "${PAGES[@]}"; do
    set -- $p
    curl -fsS -o "$static/$1.html" -D "$static/$1.headers" "http://127.0.0.1:$PORT$2"
    wrk -t1 -c2 -d2s "http://127.0.0.1:$PORT$2" > /dev/null # warm up
  done
  if want fixed; then
    for p in "${PAGES[@]}"; do
      set -- $p
      run_wrk "x$scale-$1" "http://127.0.0.1:$PORT$2" "$SERVER_PID"
    done
  fi
  if want random; then
    SLUGS="$slugs" run_wrk "x$scale-government-random" "http://127.0.0.1:$PORT" "$SERVER_PID" -s "$ROOT/scripts/load/random_government.lua"
  fi
  if want ratio; then
    for mode in headers plain; do
      flag=; [ "$mode" = headers ] && flag=-same-headers
      "$OUT/gostatic" -addr "127.0.0.1:$NGINX_PORT" -dir "$static" $flag &
      GOSTATIC_PID=$!
      wait_up "http://127.0.0.1:$NGINX_PORT/government.html"
      for name in government chart; do
        path=$(for p in "${PAGES[@]}"; do set -- $p; if [ "$1" = "$name" ]; then echo "$2"; fi; done)
        ratios=()
        for round in $(seq 1 "$ROUNDS"); do
          w="$OUT/x$scale-ratio-$mode-$name-$round"
          wrk -t"$THREADS" -c"$CONNS" -d"$RATIO_DURATION" "http://127.0.0.1:$PORT$path" > "$w-portal.wrk"
          wrk -t"$THREADS" -c"$CONNS" -d"$RATIO_DURATION" "http://127.0.0.1:$NGINX_PORT/$name.html" > "$w-gostatic.wrk"
          a=$(awk '/Requests\/sec/{print $2}' "$w-portal.wrk")
          b=$(awk '/Requests\/sec/{print $2}' "$w-gostatic.wrk")
          ratios+=("$(echo "$a/$b" | bc -l | xargs printf '%.3f')")
          echo "x$scale ratio ($mode) $name round $round: portal $a req/s, gostatic $b req/s" >> "$OUT/ratio.log"
        done
        median=$(printf '%s\n' "${ratios[@]}" | sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}')
        echo "x$scale-ratio-$mode-$name: portal ÷ gostatic ($mode), per round ${ratios[*]}; median $median" | tee -a "$OUT/summary.tsv"
      done
      kill "$GOSTATIC_PID"; wait "$GOSTATIC_PID" 2>/dev/null || true; GOSTATIC_PID=
    done
  fi
  if want mixed; then
    offs=()
    for who in burnaby-ca:burnaby-ca--hwaseong-kr victoria-ca:victoria-ca--morioka-jp; do
      gov=${who%%:*}
      echo 'load test passphrase' | "$BIN" user add -db "$db" -email "load@$gov.example" -government "$gov" > /dev/null 2>&1 || true
      offs+=(-official "load@$gov.example:load test passphrase:$who")
    done
    # Warm up: every page of the mix rendered once (at world scale the first renders
    # build the in-memory summaries, seconds each), then a short wrk.
    for p in $(grep -o '"/[^"]*"' "$ROOT/scripts/load/mixed.lua" | tr -d '"'); do
      curl -fs -o /dev/null "http://127.0.0.1:$PORT$p"
    done
    wrk -t1 -c2 -d2s -s "$ROOT/scripts/load/mixed.lua" "http://127.0.0.1:$PORT" > /dev/null
    ratios=()
    for round in $(seq 1 "$MIX_ROUNDS"); do
      r="x$scale-mix-read-$round" w="x$scale-mix-write-$round"
      run_wrk "$r" "http://127.0.0.1:$PORT" "$SERVER_PID" -s "$ROOT/scripts/load/mixed.lua"
      "$OUT/officials" -base "http://127.0.0.1:$PORT" -rate "$REPORTS" -duration "$DURATION" "${offs[@]}" > "$OUT/$w-officials.txt" &
      OFFICIALS_PID=$!
      run_wrk "$w" "http://127.0.0.1:$PORT" "$SERVER_PID" -s "$ROOT/scripts/load/mixed.lua"
      wait "$OFFICIALS_PID"
      echo "officials during $w: $(tr '\n' ' ' < "$OUT/$w-officials.txt")" | tee -a "$OUT/summary.tsv"
      a=$(awk '/Requests\/sec/{print $2}' "$OUT/$w.wrk")
      b=$(awk '/Requests\/sec/{print $2}' "$OUT/$r.wrk")
      ratios+=("$(echo "$a/$b" | bc -l | xargs printf '%.3f')")
    done
    median=$(printf '%s\n' "${ratios[@]}" | sort -n | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}')
    echo "x$scale-mix: with writes ÷ without, per round ${ratios[*]}; median $median" | tee -a "$OUT/summary.tsv"
  fi
  kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; SERVER_PID=
  want ceilings || continue

  # The Go ceiling: the same bytes from memory through net/http and nothing else.
  # gostatic twice: with the same body, then with the same body and the headers the
  # portal sent (security headers, ETag, Cache-Control…).
  for mode in plain headers; do
    flag=; [ "$mode" = headers ] && flag=-same-headers
    "$OUT/gostatic" -addr "127.0.0.1:$NGINX_PORT" -dir "$static" $flag &
    GOSTATIC_PID=$!
    wait_up "http://127.0.0.1:$NGINX_PORT/government.html"
    for name in government chart; do
      label=gostatic; [ "$mode" = headers ] && label=gostatic-headers
      run_wrk "x$scale-$label-$name" "http://127.0.0.1:$NGINX_PORT/$name.html" "$GOSTATIC_PID"
    done
    kill "$GOSTATIC_PID"; wait "$GOSTATIC_PID" 2>/dev/null || true; GOSTATIC_PID=
  done

  # The ceiling: the same bytes as static files from nginx, one worker per core.
  conf="$OUT/nginx$scale.conf"
  cat > "$conf" <<NGINX
worker_processes auto;
daemon off;
pid $OUT/nginx.pid;
error_log $OUT/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  default_type text/html;
  server {
    listen 127.0.0.1:$NGINX_PORT;
    root $static;
  }
}
NGINX
  nginx -c "$conf" -p "$OUT" &
  NGINX_PID=$!
  wait_up "http://127.0.0.1:$NGINX_PORT/government.html"
  for name in government chart bilateral; do
    run_wrk "x$scale-nginx-$name" "http://127.0.0.1:$NGINX_PORT/$name.html" "$NGINX_PID"
  done
  kill "$NGINX_PID"; wait "$NGINX_PID" 2>/dev/null || true; NGINX_PID=
done
echo "results in $OUT/summary.tsv"
