#!/usr/bin/env bash
# Quality benchmark: this project's trainer (defaults, no per-dataset tuning) against the Python
# peer's S1 (SMOTE + SVC) and S2 (XGBoost) pipelines, on the same stratified 80/20 split of each
# dataset. Prints one line per dataset with ROC AUC, F1 and fit time, and whether the target
# (AUC >= best peer - 0.005) is met.
#
# Needs the peer's Python packages (see ../shared/bench/peer/README.md) and a JDK >= 21.
# Usage: bench/quality.sh [csv ...]   (default: ../shared/data/*.csv and the generated sample)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/jdk.sh
peer=${PEER_DIR:-../shared/bench/peer}
work=${WORK_DIR:-target/bench/quality}
mkdir -p "$work"

[ -d functions/target/azure-functions/tabml-functions/lib ] || mvn -B -q -ntp -DskipTests package
classpath="functions/target/azure-functions/tabml-functions/lib/*"

datasets=("$@")
if [ ${#datasets[@]} -eq 0 ]; then
  java -cp "$classpath" io.tabml.sample.SampleDataGenerator "$work/damage-sample.csv" 5000 7
  datasets=(../shared/data/*.csv "$work/damage-sample.csv")
fi

for csv in "${datasets[@]}"; do
  name=$(basename "$csv" .csv)
  dir="$work/$name"
  mkdir -p "$dir"
  /usr/bin/python3 bench/split.py "$csv" "$dir" > /dev/null
  start=$(date +%s%N)
  java -Xmx4g -cp "$classpath" io.tabml.training.TrainerMain --data "$dir/train.csv" --test "$dir/test.csv" --out "$dir/tabml" > "$dir/tabml.log" 2>&1
  echo $(( ($(date +%s%N) - start) / 1000000 )) > "$dir/tabml.millis"  # whole run: JVM start, reading, selection, fit
  /usr/bin/python3 "$peer/train_peer.py" --csv "$csv" --models s1,s2 --out "$dir/peer.json" 2> "$dir/peer.log" > /dev/null
done

/usr/bin/python3 - "$work" "${datasets[@]}" <<'PY'
import json, os, sys
work, csvs = sys.argv[1], sys.argv[2:]
print(f"{'dataset':26} {'tabml (chosen)':34} {'AUC':>7} {'F1':>6} {'fit s':>6} | {'S1 AUC':>7} {'F1':>6} {'fit s':>6} | {'S2 AUC':>7} {'F1':>6} {'fit s':>6} | {'AUC - best peer':>15}")
ok = True
for csv in csvs:
    name = os.path.splitext(os.path.basename(csv))[0]
    d = os.path.join(work, name)
    ours = json.load(open(os.path.join(d, "tabml", "metrics.json")))
    peer = json.load(open(os.path.join(d, "peer.json")))["models"]
    m, s1, s2 = ours["metrics"], peer["s1"], peer["s2"]
    seconds = int(open(os.path.join(d, "tabml.millis")).read()) / 1000
    best = max(s1["roc_auc"], s2["roc_auc"])
    delta = m["rocAuc"] - best
    met = delta >= -0.005
    ok &= met
    chosen = f"{ours['algorithm']} ({ours['selection']['imbalance']})"
    print(f"{name:26} {chosen:34} {m['rocAuc']:7.4f} {m['f1']:6.3f} {seconds:6.1f} | {s1['roc_auc']:7.4f} {s1['f1']:6.3f} {s1['fit_seconds']:6.1f} | "
          f"{s2['roc_auc']:7.4f} {s2['f1']:6.3f} {s2['fit_seconds']:6.1f} | {delta:+15.4f} {'met' if met else 'MISSED'}")
print("target AUC >= best peer - 0.005:", "met on every dataset" if ok else "MISSED on some dataset")
PY
