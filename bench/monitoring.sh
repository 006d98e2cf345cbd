#!/usr/bin/env bash
# Monitoring benchmarks (issue 12), in one run on this machine:
# 1. serving with the prediction log on (every prediction logged, the default) and off
#    (PREDICTION_LOG_SAMPLE_RATE=0), single-row predict at 64 connections (wrk, DUR per run), ROUNDS
#    rounds of off then on; the host and wrk share CPU 0 and Azurite has CPU 1 (STORAGE_CPUS,
#    HOST_CPUS), since in Azure storage is another machine: on a shared core Azurite's work for the
#    log would be counted as the app's;
# 2. the monitoring job on ROWS logged predictions of the sample model over HOURS hourly windows:
#    the time to log them, the time to judge them, the heap the job used and its process's peak RSS.
# Needs wrk (../shared/bench/peer/README.md), Node (Azurite), a JDK >= 21.
# Each run is measured once the JIT has settled (see warm below), up to WARM seconds of load.
# Usage: bench/monitoring.sh      (DUR=20s WARM=600 PAUSE=5 ROUNDS=3 ROWS=1000000 HOURS=10 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(pwd)/target/bench/monitoring
DUR=${DUR:-20s}; PAUSE=${PAUSE:-5}; ROWS=${ROWS:-1000000}; HOURS=${HOURS:-10}; ROUNDS=${ROUNDS:-3}; WARM=${WARM:-600}; WARM=${WARM%s}  # seconds; "90s" as wrk spells it is taken too
export STORAGE_CPUS=${STORAGE_CPUS-1} HOST_CPUS=${HOST_CPUS-0}
rm -rf "$work" && mkdir -p "$work"
# Azurite persists its table to disk as one JSON document, which fails past a few hundred thousand
# entities (V8's JSON.stringify, seen at 1,000,000): the benchmark's table lives in memory instead
AZURITE_TABLE_OPTS=--inMemoryPersistence
source bench/stack.sh

table_pid=${pids[1]}  # bench/stack.sh starts Azurite's blob service, then its table service
tck=$(getconf CLK_TCK)
cpu_seconds() { awk -v tck="$tck" '{ print ($14 + $15) / tck }' "/proc/$1/stat"; }
jit_ticks() {  # the CPU the host's JIT compiler threads have used so far, in clock ticks
  local ticks=0 task
  for task in /proc/"$host_pid"/task/*; do
    grep -q Compiler "$task/comm" 2>/dev/null && ticks=$((ticks + $(awk '{ print $14 + $15 }' "$task/stat" 2>/dev/null || echo 0)))
  done
  echo "$ticks"
}
wrk_pin=(); [ -n "$HOST_CPUS" ] && wrk_pin=(taskset -c "$HOST_CPUS")
# Load in steps of 15 s until the JIT has settled: its compilers busy under 2.5% of a core in a step
# (at least 60 s, at most WARM s). With the log on it takes minutes: the writer's path (the Azure SDK,
# its HTTP client) runs a few dozen times a second, so its methods reach the compilers' thresholds
# slowly. After 90 s the compilers still took 0.84 CPU-s of a 15 s run with the log (0.28 s
# without), 1.9 us a request; after 300 s, 0.23 s. A host serves for hours: what is compared is
# its cost once compiled. $1: the file the warm-up's length goes to.
warm() {
  local waited=0 before after
  while :; do
    before=$(jit_ticks)
    "${wrk_pin[@]}" wrk -t2 -c64 -d15s -s "$lua" "$url" > /dev/null 2>&1
    after=$(jit_ticks); waited=$((waited + 15))
    if { [ "$waited" -ge 60 ] && [ $(((after - before) * 1000)) -lt $((25 * 15 * tck)) ]; } || [ "$waited" -ge "$WARM" ]; then break; fi
  done
  echo "$waited $(((after - before) * 1000 / (15 * tck)))" > "$1"
}
load() {  # $1: the file the run's wrk summary goes to; also the CPU seconds the host and the table service used in the run
  warm "$1.warm"
  sleep "$PAUSE"
  local host0 table0; host0=$(cpu_seconds "$host_pid"); table0=$(cpu_seconds "$table_pid")
  "${wrk_pin[@]}" wrk -t2 -c64 -d"$DUR" --latency -s "$lua" "$url" | grep WRK_JSON > "$1"
  echo "$(cpu_seconds "$host_pid") $host0 $(cpu_seconds "$table_pid") $table0" > "$1.cpu"
  sleep "$PAUSE"
}
restart_host() {  # $1: the sampling rate of the prediction log
  kill "$host_pid"; wait "$host_pid" 2>/dev/null || true
  PREDICTION_LOG_SAMPLE_RATE=$1 start_host
  node scripts/http.mjs wait-ok "http://127.0.0.1:$port/api/health" 60
}
for round in $(seq 1 "$ROUNDS"); do
  restart_host 0
  load "$work/log-off-$round.wrk"
  restart_host 1
  load "$work/log-on-$round.wrk"
done

/usr/bin/time -f "%M" -o "$work/job-rss-kib" java -Xmx2g -cp "$classpath" io.tabml.localhost.MonitoringBenchmark damage "$ROWS" "$HOURS" \
  | tee "$work/job.txt"

/usr/bin/python3 - "$work" "$ROUNDS" <<'PY'
import json, sys
work = sys.argv[1]
def run(side, r):
    wrk = json.loads(open(f"{work}/log-{side}-{r}.wrk").read().split("WRK_JSON ", 1)[1])
    h1, h0, t1, t0 = map(float, open(f"{work}/log-{side}-{r}.wrk.cpu").read().split())
    warm, jit = map(int, open(f"{work}/log-{side}-{r}.wrk.warm").read().split())
    return wrk["rps"], wrk["lat_p99_us"] / 1000, (h1 - h0) * 1e6 / wrk["requests"], t1 - t0, warm, jit / 10
rounds = int(sys.argv[2])
ratios = []
for r in range(1, rounds + 1):
    off, on = run("off", r), run("on", r)
    for side, (rps, p99, cpu, table, warm, jit) in (("off", off), ("on", on)):
        print(f"round {r}, log {side:>3}: {rps:>9.0f} req/s, p99 {p99:6.2f} ms, host CPU {cpu:5.1f} us/request, "
              f"Azurite's table service {table:4.1f} CPU-s (warmed {warm} s, JIT {jit:.1f}% of a core at the end)")
    ratios.append((on[0] / off[0], on[1] / off[1]))
for r, (t, p) in enumerate(ratios, 1):
    print(f"round {r}: with the log, throughput x{t:.3f}, p99 x{p:.3f}")
if ratios:  # ROUNDS=0 measures the monitoring job alone
    t, p = sorted(x[0] for x in ratios)[len(ratios) // 2], sorted(x[1] for x in ratios)[len(ratios) // 2]
    print(f"median of rounds: throughput x{t:.3f}, p99 x{p:.3f} (target: both within 10%: {'met' if t >= 0.9 and p <= 1.1 else 'MISSED'})")
print(f"monitoring job process peak RSS: {int(open(f'{work}/job-rss-kib').read().split()[-1]) / 1024:.0f} MiB")
PY
