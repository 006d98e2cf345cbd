#!/usr/bin/env bash
# Monitoring benchmarks (issue 12), in one run on this machine:
# 1. serving with the prediction log on (every prediction logged, the default) and off
#    (PREDICTION_LOG_SAMPLE_RATE=0), single-row predict at 64 connections (wrk, DUR per run);
# 2. the monitoring job on ROWS logged predictions of the sample model over HOURS hourly windows:
#    the time to log them, the time to judge them, the heap the job used and its process's peak RSS.
# Needs wrk (../shared/bench/peer/README.md), Node (Azurite), a JDK >= 21.
# Usage: bench/monitoring.sh      (DUR=20s PAUSE=5 ROWS=1000000 HOURS=10 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(pwd)/target/bench/monitoring
DUR=${DUR:-20s}; PAUSE=${PAUSE:-5}; ROWS=${ROWS:-1000000}; HOURS=${HOURS:-10}
rm -rf "$work" && mkdir -p "$work"
# Azurite persists its table to disk as one JSON document, which fails past a few hundred thousand
# entities (V8's JSON.stringify, seen at 1,000,000): the benchmark's table lives in memory instead
AZURITE_TABLE_OPTS=--inMemoryPersistence
source bench/stack.sh

table_pid=${pids[1]}  # bench/stack.sh starts Azurite's blob service, then its table service
cpu_seconds() { awk -v tck="$(getconf CLK_TCK)" '{ print ($14 + $15) / tck }' "/proc/$1/stat"; }
load() {  # $1: the file the run's wrk summary goes to; also the CPU seconds the host and the table service used in the run
  wrk -t2 -c64 -d5s -s "$lua" "$url" > /dev/null 2>&1
  sleep "$PAUSE"
  local host0 table0; host0=$(cpu_seconds "$host_pid"); table0=$(cpu_seconds "$table_pid")
  wrk -t2 -c64 -d"$DUR" --latency -s "$lua" "$url" | grep WRK_JSON > "$1"
  echo "$(cpu_seconds "$host_pid") $host0 $(cpu_seconds "$table_pid") $table0" > "$1.cpu"
  sleep "$PAUSE"
}
load "$work/log-on.wrk"
kill "$host_pid"; wait "$host_pid" 2>/dev/null || true
PREDICTION_LOG_SAMPLE_RATE=0 start_host
node scripts/http.mjs wait-ok "http://127.0.0.1:$port/api/health" 60
load "$work/log-off.wrk"

/usr/bin/time -f "%M" -o "$work/job-rss-kib" java -Xmx2g -cp "$classpath" io.tabml.localhost.MonitoringBenchmark damage "$ROWS" "$HOURS" \
  | tee "$work/job.txt"

/usr/bin/python3 - "$work" <<'PY'
import json, sys
work = sys.argv[1]
on, off = (json.loads(open(f"{work}/log-{s}.wrk").read().split("WRK_JSON ", 1)[1]) for s in ("on", "off"))
print(f"64 connections, log on:  {on['rps']:>9.0f} req/s, p99 {on['lat_p99_us']/1000:.2f} ms")
print(f"64 connections, log off: {off['rps']:>9.0f} req/s, p99 {off['lat_p99_us']/1000:.2f} ms")
for side in ("on", "off"):
    h1, h0, t1, t0 = map(float, open(f"{work}/log-{side}.wrk.cpu").read().split())
    print(f"  log {side}: CPU seconds in the run: host {h1 - h0:.1f}, Azurite's table service {t1 - t0:.1f}")
print(f"with the log: throughput x{on['rps']/off['rps']:.3f}, p99 x{on['lat_p99_us']/off['lat_p99_us']:.3f} "
      f"(target: both within 10%: {'met' if on['rps'] >= 0.9 * off['rps'] and on['lat_p99_us'] <= 1.1 * off['lat_p99_us'] else 'MISSED'})")
print(f"monitoring job process peak RSS: {int(open(f'{work}/job-rss-kib').read().split()[-1]) / 1024:.0f} MiB")
PY
