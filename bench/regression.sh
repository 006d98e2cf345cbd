#!/usr/bin/env bash
# Regression benchmark (issue 16): this project's trainer (defaults, task read from the target) against
# scikit-learn and XGBoost regressors (bench/peer_regression.py: RidgeCV, RandomForestRegressor(200),
# XGBRegressor(100)), each dataset on one shuffled 80/20 split (random_state=42) that all are fitted and
# scored on. Datasets: the diabetes progression of ../shared/data (442 rows, 10 numeric features) and
# the generated repair costs (SampleDataGenerator, 5,000 rows: numeric and categorical inputs, missing
# values, a known curve in age and Gaussian noise of sd 120, so no model's RMSE can go much below 120),
# and Friedman #1 (Friedman 1991, "Multivariate adaptive regression splines"; scikit-learn's
# make_friedman1: 2,000 rows, 10 uniform features of which 5 matter through a sine, a square and linear
# terms, Gaussian noise of sd 1, so no RMSE can go much below 1).
# Prints a table of RMSE, MAE, R² and fit time per dataset, and writes $WORK_DIR/summary.json.
#
# Usage: bench/regression.sh
# Environment: WORK_DIR (default target/bench/regression); TABML_LIB (the trainer's jars; default this
#   tree's build, made with Maven if missing). Needs a JDK >= 21 and /usr/bin/python3 with scikit-learn,
#   xgboost and pandas (setup: ../shared/bench/peer/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
work=${WORK_DIR:-target/bench/regression}
py=/usr/bin/python3  # Debian's Python, where the peer's packages are
missing=$("$py" -c '
import importlib.util
print(" ".join(m for m in ("sklearn", "xgboost", "pandas", "numpy") if importlib.util.find_spec(m) is None))')
[ -z "$missing" ] || { echo "error: $py lacks: $missing (apt-get install python3-sklearn python3-xgboost python3-pandas)" >&2; exit 1; }
source scripts/jdk.sh

lib=${TABML_LIB:-functions/target/azure-functions/tabml-functions/lib}
[ -d "$lib" ] || mvn -B -q -ntp -DskipTests package
mkdir -p "$work/data"
rm -rf "$work/lib" && cp -r "$lib" "$work/lib"  # a rebuild while the benchmark runs cannot mix two versions
classpath="$work/lib/*"
java -cp "$classpath" io.tabml.sample.SampleDataGenerator "$work/data/repair-cost.csv" 5000 7 repair-cost > /dev/null
"$py" - "$work/data/friedman1.csv" <<'PY'
import sys
import pandas as pd
from sklearn.datasets import make_friedman1
X, y = make_friedman1(n_samples=2000, n_features=10, noise=1.0, random_state=0)
frame = pd.DataFrame(X, columns=[f"x{i}" for i in range(1, 11)])
frame["target"] = y
frame.to_csv(sys.argv[1], index=False)
PY

millis() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
for csv in ../shared/data/sklearn-diabetes-regression.csv "$work/data/repair-cost.csv" "$work/data/friedman1.csv"; do
  name=$(basename "$csv" .csv)
  dir="$work/$name"
  rm -rf "$dir" && mkdir -p "$dir"
  echo "$name" >&2
  "$py" bench/split.py "$csv" "$dir" --stratify none > "$dir/split.txt"
  # the whole trainer process is timed: JVM start, reading, selection, final fit, evaluation
  t=$(date +%s%N)
  java -Xmx4g -cp "$classpath" io.tabml.training.TrainerMain --data "$dir/train.csv" --test "$dir/test.csv" \
    --out "$dir/tabml" > "$dir/tabml.log" 2>&1 && echo 0 > "$dir/tabml.exit" || echo $? > "$dir/tabml.exit"
  millis "$t" > "$dir/tabml.millis"
  "$py" bench/peer_regression.py "$dir" --out "$dir/peer.json" 2> "$dir/peer.log" && echo 0 > "$dir/peer.exit" || echo $? > "$dir/peer.exit"
done

"$py" - "$work" <<'PY'
import json, os, sys
work = sys.argv[1]
summary = {}
print(f"{'dataset':32} {'model':52} {'RMSE':>9} {'MAE':>9} {'R2':>7} {'fit s':>7}")
for name in ("sklearn-diabetes-regression", "repair-cost", "friedman1"):
    d = os.path.join(work, name)
    peer = json.load(open(os.path.join(d, "peer.json")))
    rows = {}
    if open(os.path.join(d, "tabml.exit")).read().strip() == "0":
        report = json.load(open(os.path.join(d, "tabml", "metrics.json")))
        m = report["regression"]["metrics"]
        sel = report["regression"]["selection"]
        label = f"tabml: {report['algorithm']} {sel['params']} {sel['transform']}"
        rows["tabml"] = {"model": label, "rmse": m["rmse"], "mae": m["mae"], "r2": m["r2"],
                         "fit_seconds": int(open(os.path.join(d, "tabml.millis")).read()) / 1000,
                         "interval_coverage": m["interval"]["coverage"]}
    else:
        rows["tabml"] = {"model": "tabml: FAILED (see tabml.log)"}
    rows.update(peer["peers"])
    summary[name] = {"rows_train": peer["rows_train"], "rows_test": peer["rows_test"], "target_sd": peer["target_sd"], "models": rows}
    for key, r in rows.items():
        if "rmse" not in r:
            print(f"{name:32} {r['model'][:52]:52}")
            continue
        print(f"{name:32} {r['model'][:52]:52} {r['rmse']:9.3f} {r['mae']:9.3f} {r['r2']:7.3f} {r['fit_seconds']:7.1f}")
    print(f"{'':32} (test rows {peer['rows_test']}, target sd {peer['target_sd']:.3f})")
json.dump(summary, open(os.path.join(work, "summary.json"), "w"), indent=2)
PY
