#!/usr/bin/env bash
# Serving benchmark, in one run on this machine: single-row predict on loopback at 1, 16 and 64
# connections (wrk, 5 s warm-up, DUR per run, PAUSE between runs) against the local host serving
# a model trained on the generated sample, then the Python peer (FastAPI + uvicorn, one worker,
# SMOTE + SVC) serving a model trained on the same CSV, with the same body; then a 100k-row CSV
# batch, and cold start (host process start to first successful predict). Prints figures and ratios.
#
# Needs wrk and the peer's Python packages (../shared/bench/peer/README.md), Node (Azurite), a JDK >= 21.
# Usage: bench/serve.sh        (DUR=20s PAUSE=5 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(pwd)/target/bench/serve
DUR=${DUR:-20s}; PAUSE=${PAUSE:-5}
rm -rf "$work" && mkdir -p "$work"
# PROFILE=1: a Java Flight Recorder recording of the host during the load runs, summarised at the end
[ "${PROFILE:-0}" = 1 ] && HOST_JAVA_OPTS="-XX:StartFlightRecording=filename=$work/host.jfr,settings=profile"
source bench/stack.sh
wrk -t2 -c16 -d5s -s "$lua" "$url" > /dev/null 2>&1
sleep "$PAUSE"
: > "$work/tabml.wrk"
for spec in "2 16" "2 64" "1 1"; do
  set -- $spec
  wrk -t"$1" -c"$2" -d"$DUR" --latency -s "$lua" "$url" | grep WRK_JSON | sed "s/^/connections=$2 /" >> "$work/tabml.wrk"
  sleep "$PAUSE"
done

# CSV batch: 100,000 rows end to end (request, scoring, answer)
java -cp "$classpath" io.tabml.sample.SampleDataGenerator "$work/batch.csv" 100000 9
batch_ms=$( { /usr/bin/time -f "%e" curl -sS -o "$work/batch-out.csv" -X POST -H 'Content-Type: text/csv' \
  --data-binary @"$work/batch.csv" "$url" ; } 2>&1 | tail -n 1 )
batch_rows=$(($(wc -l < "$work/batch-out.csv") - 1))

# cold start: a new host process on the same storage until its first successful predict
kill "$host_pid"; wait "$host_pid" 2>/dev/null || true
if [ "${PROFILE:-0}" = 1 ]; then
  jfr print --events jdk.ExecutionSample "$work/host.jfr" > "$work/samples.txt"
  /usr/bin/python3 bench/hot_path.py "$work/samples.txt"
  host_java_opts=()
fi
start_ns=$(date +%s%N)
start_host
until curl -sf -o /dev/null -X POST -H 'Content-Type: application/json' --data "$body" "$url"; do sleep 0.02; done
cold_ms=$(( ($(date +%s%N) - start_ns) / 1000000 ))
app_mb=$(du -sm "$app" | cut -f1)

# the peer, on the same CSV and body
/usr/bin/python3 "$peer_dir/train_peer.py" --csv "$work/damage.csv" --models s1 --save-dir "$work/models" --name damage \
  > /dev/null 2> "$work/peer-train.log"
DUR=$DUR PAUSE=$PAUSE "$peer_dir/serve_bench.sh" "$work/models/damage_s1.joblib" "$work/one-row.json" "$(free_port)" \
  > "$work/peer.wrk"

/usr/bin/python3 - "$work" "$batch_rows" "$batch_ms" "$cold_ms" "$app_mb" <<'PY'
import json, re, sys
work, batch_rows, batch_s, cold_ms, app_mb = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
def read(path):
    runs = {}
    for line in open(path):
        m = re.match(r"connections=(\d+) WRK_JSON (.*)", line.strip())
        if m: runs[int(m.group(1))] = json.loads(m.group(2))
    return runs
ours, peer = read(f"{work}/tabml.wrk"), read(f"{work}/peer.wrk")
print(f"{'connections':>11} | {'tabml req/s':>11} {'p50 ms':>7} {'p99 ms':>7} {'errors':>6} | {'peer req/s':>10} {'p50 ms':>7} {'p99 ms':>8} | {'throughput x':>12} {'p99 / peer':>10}")
for c in (1, 16, 64):
    o, p = ours[c], peer[c]
    errors = sum(o[k] for k in o if k.startswith("err_"))
    print(f"{c:>11} | {o['rps']:>11.0f} {o['lat_p50_us']/1000:>7.2f} {o['lat_p99_us']/1000:>7.2f} {errors:>6} | {p['rps']:>10.0f} "
          f"{p['lat_p50_us']/1000:>7.2f} {p['lat_p99_us']/1000:>8.2f} | {o['rps']/p['rps']:>12.1f} {o['lat_p99_us']/p['lat_p99_us']:>10.4f}")
o64, p64 = ours[64], peer[64]
print(f"targets: 64 conn throughput >= 100x peer: {'met' if o64['rps'] >= 100 * p64['rps'] else 'MISSED'} "
      f"({o64['rps']/p64['rps']:.0f}x); p99 <= 1/50 of peer: {'met' if o64['lat_p99_us'] * 50 <= p64['lat_p99_us'] else 'MISSED'}; "
      f"single client p50 <= 1 ms: {'met' if ours[1]['lat_p50_us'] <= 1000 else 'MISSED'} ({ours[1]['lat_p50_us']/1000:.2f} ms)")
print(f"CSV batch: {batch_rows} rows in {batch_s:.2f} s = {batch_rows / batch_s:,.0f} rows/s end to end")
print(f"cold start (process start to first successful predict): {cold_ms} ms (target <= 3000); staged function app {app_mb} MB (target <= 40)")
PY
