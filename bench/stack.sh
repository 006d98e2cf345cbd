# Sourced by the benchmark scripts: starts Azurite (blobs, and tables for the prediction log) and
# the local host on free loopback ports with their state under $work, trains the generated sample
# (5,000 rows) as model 'damage', and stops everything on exit. Sets: classpath, app, port, url
# (the predict URL), body (one valid row), host_pid, and start_host (to start the host again, e.g.
# for a cold start).
source scripts/jdk.sh
source scripts/npm-deps.sh
{ [ -d functions/target/azure-functions/tabml-functions/lib ] && [ -d local-host/target/lib ]; } || mvn -B -q -ntp -DskipTests package
app=functions/target/azure-functions/tabml-functions
classpath="$app/*:$app/lib/*:local-host/target/lib/*"
free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# STORAGE_CPUS / HOST_CPUS: CPU lists (taskset) to keep Azurite and the host apart, as storage is
# another machine in Azure; unset, both run anywhere
storage_pin=(); host_pin=()
[ -n "${STORAGE_CPUS:-}" ] && storage_pin=(taskset -c "$STORAGE_CPUS")
[ -n "${HOST_CPUS:-}" ] && host_pin=(taskset -c "$HOST_CPUS")
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done' EXIT
blob_port=$(free_port); table_port=$(free_port); port=$(free_port)
"${storage_pin[@]}" node_modules/.bin/azurite-blob --silent --skipApiVersionCheck --blobHost 127.0.0.1 --blobPort "$blob_port" \
  --location "$work/azurite" > "$work/azurite.log" 2>&1 &
pids+=($!)
# the prediction log's table
# AZURITE_TABLE_OPTS: e.g. --inMemoryPersistence (instead of a --location), for benchmarks that log more predictions than
# Azurite can write to disk
"${storage_pin[@]}" node_modules/.bin/azurite-table --silent --skipApiVersionCheck --tableHost 127.0.0.1 --tablePort "$table_port" \
  ${AZURITE_TABLE_OPTS:---location $work/azurite} > "$work/azurite-table.log" 2>&1 &
pids+=($!)
# the polls run faster than the local defaults unless the caller set them (bench/latency.sh measures the defaults)
export AzureWebJobsStorage=UseDevelopmentStorage=true AZURITE_BLOB_PORT=$blob_port AZURITE_TABLE_PORT=$table_port LOCAL_STATE_DIR=$work/state \
  JOBS_POLL_SCHEDULE="${JOBS_POLL_SCHEDULE:-*/1 * * * * *}" BLOB_POLL_MILLIS="${BLOB_POLL_MILLIS:-200}"
host_java_opts=(${HOST_JAVA_OPTS:-})

start_host() {
  PORT=$port "${host_pin[@]}" java "${host_java_opts[@]}" -cp "$classpath" io.tabml.localhost.LocalHost > "$work/host.log" 2>&1 &
  host_pid=$!
  pids+=($host_pid)
}
for p in "$blob_port" "$table_port"; do
  for _ in $(seq 1 100); do (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null && break; sleep 0.1; done
done
start_host
node scripts/http.mjs wait-ok "http://127.0.0.1:$port/api/health" 60

java -cp "$classpath" io.tabml.sample.SampleDataGenerator "$work/damage.csv" 5000 7
# ALGORITHMS (comma-separated, e.g. random-forest): serve a model of those learners rather than whichever selection picks
if [ -n "${ALGORITHMS:-}" ]; then
  node scripts/http.mjs put-json "http://127.0.0.1:$port/api/datasets/damage/config" \
    "{\"algorithms\": [\"${ALGORITHMS//,/\", \"}\"]}" > /dev/null
fi
node scripts/http.mjs upload "http://127.0.0.1:$port/api/datasets/damage?name=damage" "$work/damage.csv" > /dev/null
node scripts/http.mjs wait-champion "http://127.0.0.1:$port/api" damage 300 > /dev/null
url="http://127.0.0.1:$port/api/models/damage/predict"
body='{"age": 34, "region": "north", "vehicle_type": "suv", "vehicle_age_years": 6, "annual_mileage_km": 15000, "prior_claims": 1, "credit_score": 640, "policy_type": "basic", "telematics": "no", "urban": "true", "deductible": 500}'
echo "$body" > "$work/one-row.json"
peer_dir=$(cd "${PEER_DIR:-../shared/bench/peer}" && pwd)
lua="$work/predict.lua"
{
  echo 'wrk.method = "POST"'; echo 'wrk.headers["Content-Type"] = "application/json"'
  /usr/bin/python3 -c 'import json,sys; print("wrk.body = " + json.dumps(open(sys.argv[1]).read().strip()))' "$work/one-row.json"
  cat "$peer_dir/wrk/summary.lua"
} > "$lua"
