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
source bench/stack.sh

load() {  # $1: the file the run's wrk summary goes to
  wrk -t2 -c64 -d5s -s "$lua" "$url" > /dev/null 2>&1
  sleep "$PAUSE"
  wrk -t2 -c64 -d"$DUR" --latency -s "$lua" "$url" | grep WRK_JSON > "$1"
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
print(f"with the log: throughput x{on['rps']/off['rps']:.3f}, p99 x{on['lat_p99_us']/off['lat_p99_us']:.3f} "
      f"(target: both within 10%: {'met' if on['rps'] >= 0.9 * off['rps'] and on['lat_p99_us'] <= 1.1 * off['lat_p99_us'] else 'MISSED'})")
print(f"monitoring job process peak RSS: {int(open(f'{work}/job-rss-kib').read().split()[-1]) / 1024:.0f} MiB")
PY
