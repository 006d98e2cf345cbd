#!/usr/bin/env bash
# Batch scoring benchmark, on loopback only: Azurite and the local host (bench/stack.sh, which trains
# the generated sample as model 'damage'), then a generated CSV of ROWS rows dropped at
# batch/damage/bench.csv; waits for its report (at most TIMEOUT seconds) and prints rows/s as the
# report measures them (first read to last write) and the host's peak resident set size (VmHWM),
# before and after the run. The host runs with HOST_JAVA_OPTS (default -Xmx256m: a heap far
# smaller than the file shows that the file is never held whole).
#
# Usage: bench/batch.sh [ROWS]      (default 1000000; the issue's target size is 10000000)
# Needs Node (Azurite) and a JDK >= 21; rebuilds the app first (mvn package, tests skipped).
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${1:-1000000}
TIMEOUT=${TIMEOUT:-3600}
work=$(pwd)/target/bench/batch
rm -rf "$work" && mkdir -p "$work"
source scripts/jdk.sh
mvn -B -q -ntp -o -DskipTests package
export HOST_JAVA_OPTS=${HOST_JAVA_OPTS:--Xmx256m}
source bench/stack.sh

java -cp "$classpath" io.tabml.sample.SampleDataGenerator "$work/bench.csv" "$ROWS" 11
bytes=$(stat -c %s "$work/bench.csv")
peak_kb() { awk '/VmHWM/ {print $2}' "/proc/$host_pid/status"; }
before_kb=$(peak_kb)
report=$(java -cp "$classpath" bench/BatchBench.java damage/bench.csv "$work/bench.csv" "$TIMEOUT")
after_kb=$(peak_kb)
echo "$report" > "$work/report.json"

/usr/bin/python3 - "$report" "$ROWS" "$bytes" "$before_kb" "$after_kb" "$HOST_JAVA_OPTS" <<'PY'
import json, sys
report, rows, size, before, after, opts = json.loads(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5]), sys.argv[6]
assert report["status"] == "completed" and report["rowsScored"] == rows, report
print(f"rows scored        {report['rowsScored']:,} of {rows:,} ({size / 1e6:,.0f} MB of CSV), model version {report['modelVersion']}")
print(f"time               {report['seconds']:.1f} s (report: first read to last write)")
print(f"throughput         {report['rowsScored'] / report['seconds']:,.0f} rows/s, {size / 1e6 / report['seconds']:.1f} MB/s")
print(f"host peak RSS      {before / 1024:,.0f} MiB before the batch, {after / 1024:,.0f} MiB after (VmHWM; host JVM options: {opts})")
PY
