#!/usr/bin/env bash
# Runs the whole system on this machine: Azurite, the local functions host (which serves the API,
# runs the blob trigger and the job timer, and serves static-web/), then uploads the generated
# sample dataset and waits for its champion. Ctrl-C stops everything this script started.
#
# Settings (environment): PORT (7071), LOCAL_STATE_DIR (.local), AZURITE_BLOB_PORT / AZURITE_QUEUE_PORT /
# AZURITE_TABLE_PORT (10000-10002), and any app setting of functions/local.settings.json.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
source scripts/jdk.sh
source scripts/npm-deps.sh

export PORT=${PORT:-7071}
export LOCAL_STATE_DIR=${LOCAL_STATE_DIR:-$root/.local}
export AZURITE_BLOB_PORT=${AZURITE_BLOB_PORT:-10000}
AZURITE_QUEUE_PORT=${AZURITE_QUEUE_PORT:-10001}
export AZURITE_TABLE_PORT=${AZURITE_TABLE_PORT:-10002}  # the prediction log's table
model=damage
api="http://127.0.0.1:$PORT/api"

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for entry in "PORT:$PORT" "AZURITE_BLOB_PORT:$AZURITE_BLOB_PORT" "AZURITE_QUEUE_PORT:$AZURITE_QUEUE_PORT" "AZURITE_TABLE_PORT:$AZURITE_TABLE_PORT"; do
  if port_in_use "${entry#*:}"; then
    echo "error: port ${entry#*:} (${entry%%:*}) is already in use on 127.0.0.1; stop what holds it or set ${entry%%:*} to a free port" >&2
    exit 1
  fi
done

echo "building the function app..."
mvn -B -q -ntp -DskipTests package
app=functions/target/azure-functions/tabml-functions
# the staged app exactly as it would be deployed, plus the local host and what only it needs (see local-host/pom.xml)
classpath="$app/*:$app/lib/*:local-host/target/lib/*"

pids=()
stop() {  # the host first, then Azurite (whose graceful close can hang on open connections)
  trap - INT TERM EXIT
  echo; echo "stopping..."
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    kill "${pids[i]}" 2>/dev/null || continue
    for _ in $(seq 1 40); do kill -0 "${pids[i]}" 2>/dev/null || break; sleep 0.25; done
    kill -KILL "${pids[i]}" 2>/dev/null || true
  done
}
trap stop INT TERM EXIT

mkdir -p "$LOCAL_STATE_DIR/azurite" "$LOCAL_STATE_DIR/logs"
node_modules/.bin/azurite --silent --skipApiVersionCheck --location "$LOCAL_STATE_DIR/azurite" \
  --blobHost 127.0.0.1 --blobPort "$AZURITE_BLOB_PORT" --queueHost 127.0.0.1 --queuePort "$AZURITE_QUEUE_PORT" \
  --tableHost 127.0.0.1 --tablePort "$AZURITE_TABLE_PORT" > "$LOCAL_STATE_DIR/logs/azurite.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 120); do port_in_use "$AZURITE_BLOB_PORT" && port_in_use "$AZURITE_TABLE_PORT" && break; sleep 0.25; done
{ port_in_use "$AZURITE_BLOB_PORT" && port_in_use "$AZURITE_TABLE_PORT"; } \
  || { echo "error: Azurite did not start; see $LOCAL_STATE_DIR/logs/azurite.log" >&2; exit 1; }

java -cp "$classpath" io.tabml.localhost.LocalHost > >(tee "$LOCAL_STATE_DIR/logs/host.log") 2>&1 &
pids+=($!)
node scripts/http.mjs wait-ok "$api/health" 60

sample="$LOCAL_STATE_DIR/sample/customer-damage.csv"
java -cp "$classpath" io.tabml.sample.SampleDataGenerator "$sample" 5000 7
echo "uploading the sample dataset ($sample) as model '$model'..."
node scripts/http.mjs upload "$api/datasets/$model?name=customer-damage" "$sample"
echo "waiting for the champion of '$model'..."
version=$(node scripts/http.mjs wait-champion "$api" "$model" 120)

cat <<INFO

Ready: model '$model' version $version is the champion.
  web app     http://127.0.0.1:$PORT/
  models      $api/models
  the model   $api/models/$model
  jobs        $api/jobs
  predict     curl -s -X POST $api/models/$model/predict -H 'Content-Type: application/json' -d '{"age": 34, "region": "north", "vehicle_type": "suv", "vehicle_age_years": 6, "annual_mileage_km": 15000, "prior_claims": 1, "credit_score": 640, "policy_type": "basic", "telematics": "no", "urban": "true", "deductible": 500}'
  train more  curl -s -X POST -H 'Content-Type: text/csv' --data-binary @your.csv $api/datasets/<model>
  the CLI     export TABML_URL=http://127.0.0.1:$PORT; scripts/tabml models   (scripts/tabml --help: train, watch, predict, roll back)
State (Azurite data, receipts, training runs, logs) is kept in $LOCAL_STATE_DIR. Ctrl-C stops everything.
INFO
wait
