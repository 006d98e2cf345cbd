#!/usr/bin/env bash
# Where the seconds go from upload to a served champion (issue 15): for each size, uploads the
# generated sample through the API to a new model on the local stack (Azurite + local host, the
# local default poll intervals), waits until /predict answers with the new version, and prints
# the job's timeline and the trainer's phases as one breakdown. Usage: bench/latency.sh [rows ...]
# (default 1000 10000 100000). Figures: docs/benchmarks.md.
set -euo pipefail
cd "$(dirname "$0")/.."
work=target/bench/latency
rm -rf "$work" && mkdir -p "$work"
# the local defaults (functions/local.settings.json, LocalHost), not the faster polls of the other benchmarks
JOBS_POLL_SCHEDULE="*/2 * * * * *" BLOB_POLL_MILLIS=1000
source bench/stack.sh
api="http://127.0.0.1:$port/api"

run=0
for rows in "${@:-1000 10000 100000}"; do
  model="latency-$rows-$((++run))" # a model of its own per size given, so a size given twice is measured twice
  java -cp "$classpath" io.tabml.sample.SampleDataGenerator "$work/$model.csv" "$rows" 11
  sent=$(date +%s.%N)
  node scripts/http.mjs upload "$api/datasets/$model?name=$model" "$work/$model.csv" > "$work/$model-receipt.json"
  version=$(node scripts/http.mjs wait-champion "$api" "$model" 3600)
  until node scripts/http.mjs predict-version "$api/models/$model/predict" "$work/one-row.json" "$version" 2>/dev/null; do sleep 0.05; done
  served=$(date +%s.%N)
  node scripts/http.mjs get "$api/jobs?model=$model" > "$work/$model-jobs.json"
  node scripts/http.mjs get "$api/models/$model/versions/$version" > "$work/$model-version.json"
  /usr/bin/python3 bench/latency_report.py "$rows" "$sent" "$served" "$work/$model-jobs.json" "$work/$model-version.json"
done
