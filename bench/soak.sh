#!/usr/bin/env bash
# Soak: single-row predicts at 64 connections on loopback for DURATION (default 300 s) while a
# training job of 200,000 rows runs on the same host; then the errors, the latencies, and the
# host's heap after a full GC at the end against the start (target: within 10%).
#
# Needs wrk, Node (Azurite), a JDK >= 21 (jcmd). Usage: bench/soak.sh   (DURATION=300 by default)
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(pwd)/target/bench/soak
DURATION=${DURATION:-300}
rm -rf "$work" && mkdir -p "$work"
source bench/stack.sh

heap_after_gc() {  # bytes in use after a full GC of the host
  jcmd "$host_pid" GC.run > /dev/null
  jcmd "$host_pid" GC.heap_info | /usr/bin/python3 -c '
import re, sys
text = sys.stdin.read()
m = re.search(r"used (\d+)K", text)
print(int(m.group(1)) * 1024 if m else 0)'
}

wrk -t2 -c64 -d10s -s "$lua" "$url" > /dev/null 2>&1   # warm-up, then the baseline heap
sleep 2
heap_start=$(heap_after_gc)
jcmd "$host_pid" GC.class_histogram > "$work/histogram-start.txt"

java -cp "$classpath" io.tabml.sample.SampleDataGenerator "$work/big.csv" 200000 11
node scripts/http.mjs upload "http://127.0.0.1:$port/api/datasets/soak-training?name=big" "$work/big.csv" > "$work/upload.json"
wrk -t2 -c64 -d"${DURATION}s" --timeout 10s --latency -s "$lua" "$url" | grep WRK_JSON > "$work/soak.wrk"
sleep 2
heap_end=$(heap_after_gc)
jcmd "$host_pid" GC.class_histogram > "$work/histogram-end.txt"
job_state=$(curl -s "http://127.0.0.1:$port/api/jobs?model=soak-training" | /usr/bin/python3 -c '
import json, sys
jobs = json.load(sys.stdin)["jobs"]
print(jobs[0]["state"] + " " + jobs[0]["stage"] if jobs else "no job")')

/usr/bin/python3 - "$work/soak.wrk" "$heap_start" "$heap_end" "$DURATION" "$job_state" <<'PY'
import json, sys
run = json.loads(open(sys.argv[1]).read().split("WRK_JSON ", 1)[1])
start, end, duration, job = int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
errors = sum(v for k, v in run.items() if k.startswith("err_"))
print(f"soak: {duration} s at 64 connections: {run['requests']} requests, {run['rps']:.0f} req/s, errors {errors}, "
      f"p50 {run['lat_p50_us']/1000:.2f} ms, p99 {run['lat_p99_us']/1000:.2f} ms, max {run['lat_max_us']/1000:.1f} ms")
print(f"training job meanwhile: {job}")
ratio = end / start if start else float('nan')
print(f"heap after full GC: start {start/2**20:.1f} MiB, end {end/2**20:.1f} MiB, ratio {ratio:.3f} "
      f"({'within' if abs(ratio - 1) <= 0.10 else 'NOT within'} 10%)")
PY
