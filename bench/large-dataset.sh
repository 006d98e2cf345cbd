#!/usr/bin/env bash
# Large dataset benchmark, on loopback only: Azurite and the local host (bench/stack.sh), then a
# generated CSV of SIZE_MB megabytes (default 2048) sent with `tabml upload --direct` straight to
# blob storage (8 MiB blocks with the URL the API gives), and ingested by the dataset trigger. Every
# row has the same class, so the file is refused as single_class, but only after its last row: the
# run measures the streamed validation and fingerprint (and, for a refusal, the second streamed pass
# that fingerprints the whole file) without training on it. Prints the upload's and the ingestion's
# times and rates, checks the job's size and sha256 against the file's, and the host's peak resident
# set size (VmHWM) before and after. The host runs with HOST_JAVA_OPTS (default -Xmx256m, a heap far
# smaller than the file). Stops by itself: at most TIMEOUT seconds (default 1800) of waiting.
#
# Usage: bench/large-dataset.sh [SIZE_MB]
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE_MB=${1:-2048}
TIMEOUT=${TIMEOUT:-1800}
work=$(pwd)/target/bench/large-dataset
rm -rf "$work" && mkdir -p "$work"
source scripts/jdk.sh
mvn -B -q -ntp -o -DskipTests package
export HOST_JAVA_OPTS=${HOST_JAVA_OPTS:--Xmx256m}
source bench/stack.sh

file="$work/large.csv"
row='123456789,a row of a dataset far larger than the heap that reads it,yes'
# (a process substitution, not a pipe: yes ends on SIGPIPE, which pipefail would count as a failure)
{ echo 'id,note,target'; head -n $(( SIZE_MB * 1024 * 1024 / (${#row} + 1) )) < <(yes "$row"); } > "$file"
bytes=$(stat -c %s "$file")
sha=$(sha256sum "$file" | cut -c1-64)
peak_kb() { awk '/VmHWM/ {print $2}' "/proc/$host_pid/status"; }
before_kb=$(peak_kb)
export TABML_URL="http://127.0.0.1:$port"
start=$(date +%s.%N)
scripts/tabml upload "$file" --model large --direct > "$work/upload.txt"
uploaded=$(date +%s.%N)
deadline=$(( $(date +%s) + TIMEOUT ))
until scripts/tabml jobs --model large --json > "$work/jobs.json" 2>/dev/null \
    && /usr/bin/python3 -c 'import json,sys; j=json.load(open(sys.argv[1])); sys.exit(0 if j and j[0]["state"] in ("Rejected","Failed","Registered") else 1)' "$work/jobs.json"; do
  [ "$(date +%s)" -lt "$deadline" ] || { echo "no ended job for model 'large' within $TIMEOUT s" >&2; exit 1; }
  sleep 1
done
ingested=$(date +%s.%N)
after_kb=$(peak_kb)

/usr/bin/python3 - "$work/jobs.json" "$bytes" "$sha" "$start" "$uploaded" "$ingested" "$before_kb" "$after_kb" "$HOST_JAVA_OPTS" <<'PY'
import json, sys
jobs, size, sha, start, uploaded, ingested, before, after, opts = sys.argv[1:]
job, size, start, uploaded, ingested = json.load(open(jobs))[0], int(size), float(start), float(uploaded), float(ingested)
dataset = job["dataset"]
assert job["state"] == "Rejected" and job["error"]["code"] == "single_class", job
assert dataset["bytes"] == size and dataset["sha256"] == sha, (dataset, size, sha)
mb = size / 1e6
print(f"file               {mb:,.0f} MB, refused as {job['error']['code']} after its last row; size and sha256 match the file's")
print(f"direct upload      {uploaded - start:.1f} s ({mb / (uploaded - start):.0f} MB/s; the CLI hashes the file, then sends it in 8 MiB blocks)")
print(f"ingestion          {ingested - uploaded:.1f} s from the commit to the job's end ({mb / (ingested - uploaded):.0f} MB/s over the file; "
      "two streamed passes: validation and fingerprint, then the fingerprint a refusal needs)")
print(f"host peak RSS      {int(before) / 1024:,.0f} MiB before, {int(after) / 1024:,.0f} MiB after (VmHWM; host JVM options: {opts})")
PY
