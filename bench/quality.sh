#!/usr/bin/env bash
# Quality benchmark (issues 3 and 17): this project's trainer (defaults, no per-dataset tuning)
# against the Python peers S1 (SMOTE + SVC) and S2 (XGBoost), each dataset on one stratified 80/20
# split (random_state=42) that all three are fitted and scored on. Three kinds of data:
#   binary      diabetes, breast-cancer, the generated damage sample: as since issue 3, so old and
#               new figures compare. Split on "minority class vs rest" (bench/split.py reproduces
#               the split that ../shared/bench/peer/train_peer.py makes itself). Target: ROC AUC >=
#               best peer - 0.005.
#   multiclass  wine (3 classes), digits (10): split on the full class; the peers fitted on that
#               split by bench/peer_multiclass.py. Target: accuracy >= best peer - 0.005 and macro
#               F1 >= best peer's.
#   rare        four generated sets (bench/gen_rare.py, seeded): 6 classes with a 9-row class; 12
#               positives in 856 rows; 286 all-categorical rows; 286 rows of ordered bands whose
#               order carries the signal. Two-class sets are run as binary, the 6-class one as
#               multiclass. Besides the metrics, the classes predicted and whether the quality
#               gate would serve the version (its rules applied to metrics.json).
# Prints one table per kind and writes $WORK_DIR/summary.json (bench/quality_report.py).
#
# Usage: bench/quality.sh [binary] [multiclass] [rare]        (default: all three)
# Environment: WORK_DIR (default target/bench/quality); PEER_DIR (../shared/bench/peer);
#   TABML_LIB: the trainer's jars (default this tree's build, made with Maven if missing).
# Needs a JDK >= 21 and /usr/bin/python3 with scikit-learn, imbalanced-learn, xgboost and pandas
# (setup: ../shared/bench/peer/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
peer=${PEER_DIR:-../shared/bench/peer}
work=${WORK_DIR:-target/bench/quality}
kinds=("$@"); [ ${#kinds[@]} -eq 0 ] && kinds=(binary multiclass rare)
for kind in "${kinds[@]}"; do
  case $kind in binary|multiclass|rare) ;; *) echo "error: unknown kind '$kind' (binary, multiclass or rare)" >&2; exit 2 ;; esac
done

# Fail early and say what is missing, rather than half-way through with a traceback.
py=/usr/bin/python3  # Debian's Python, where the peer's packages are (not the first python3 on PATH)
[ -x "$py" ] || { echo "error: $py not found; the peers need Debian's Python (see $peer/README.md)" >&2; exit 1; }
missing=$("$py" -c '
import importlib.util
print(" ".join(m for m in ("sklearn", "imblearn", "xgboost", "pandas", "numpy") if importlib.util.find_spec(m) is None))')
[ -z "$missing" ] || { echo "error: $py lacks: $missing (apt-get install python3-sklearn python3-imblearn python3-xgboost python3-pandas)" >&2; exit 1; }
[ -f "$peer/train_peer.py" ] || { echo "error: no $peer/train_peer.py (set PEER_DIR)" >&2; exit 1; }
source scripts/jdk.sh  # exits with a message if there is no JDK >= 21

lib=${TABML_LIB:-functions/target/azure-functions/tabml-functions/lib}
[ -n "${TABML_LIB:-}" ] && [ ! -d "$lib" ] && { echo "error: TABML_LIB=$lib is not a folder of jars" >&2; exit 1; }
if [ ! -d "$lib" ]; then
  # Others may be mid-edit in core: a failed build is retried rather than ending the benchmark.
  for attempt in 1 2 3; do
    mvn -B -q -ntp -DskipTests package && break
    [ "$attempt" = 3 ] && { echo "error: the Maven build failed 3 times" >&2; exit 1; }
    echo "build failed (attempt $attempt), retrying in 60 s" >&2; sleep 60
  done
fi
# The jars are copied once, so that a rebuild while the benchmark runs cannot mix two versions.
mkdir -p "$work"
rm -rf "$work/lib" && cp -r "$lib" "$work/lib"
classpath="$work/lib/*"

# Generated data, fixed seeds: the damage sample as in issue 3; the rare-class sets.
mkdir -p "$work/data"
java -cp "$classpath" io.tabml.sample.SampleDataGenerator "$work/data/damage-sample.csv" 5000 7 > /dev/null
"$py" bench/gen_rare.py "$work/data" --seed 17 > /dev/null

# One line per dataset: kind, method (how it is split and which peer script runs), CSV.
manifest="$work/manifest.tsv"
: > "$manifest"
for kind in "${kinds[@]}"; do
  case $kind in
    binary)     for csv in ../shared/data/diabetes.csv ../shared/data/sklearn-breast-cancer.csv "$work/data/damage-sample.csv"; do
                  printf 'binary\tbinary\t%s\n' "$csv" >> "$manifest"; done ;;
    multiclass) for csv in ../shared/data/sklearn-wine.csv ../shared/data/sklearn-digits.csv; do
                  printf 'multiclass\tmulticlass\t%s\n' "$csv" >> "$manifest"; done ;;
    rare)       printf 'rare\tmulticlass\t%s\n' "$work/data/rare-6class.csv" >> "$manifest"
                printf 'rare\tbinary\t%s\n' "$work/data/rare-binary-12.csv" "$work/data/rare-categorical.csv" \
                  "$work/data/rare-categorical-ordered.csv" >> "$manifest" ;;
  esac
done

millis() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }
started=$(date +%s%N)
while IFS=$'\t' read -r kind method csv; do
  name=$(basename "$csv" .csv)
  dir="$work/$name"
  rm -rf "$dir" && mkdir -p "$dir"
  echo "[$kind] $name" >&2
  if [ "$method" = binary ]; then stratify=minority; else stratify=class; fi
  "$py" bench/split.py "$csv" "$dir" --stratify "$stratify" > "$dir/split.txt"
  # Our trainer: the whole process is timed (JVM start, reading, selection, final fit, evaluation).
  # A failure is recorded (exit code; failure.json says why) and the benchmark goes on.
  t=$(date +%s%N)
  java -Xmx4g -cp "$classpath" io.tabml.training.TrainerMain --data "$dir/train.csv" --test "$dir/test.csv" \
    --out "$dir/tabml" > "$dir/tabml.log" 2>&1 && echo 0 > "$dir/tabml.exit" || echo $? > "$dir/tabml.exit"
  millis "$t" > "$dir/tabml.millis"
  t=$(date +%s%N)
  if [ "$method" = binary ]; then  # the peer's own script, splitting the whole CSV as split.py did
    "$py" "$peer/train_peer.py" --csv "$csv" --models s1,s2 --out "$dir/peer.json" > /dev/null 2> "$dir/peer.log" \
      && echo 0 > "$dir/peer.exit" || echo $? > "$dir/peer.exit"
  else
    "$py" bench/peer_multiclass.py "$dir" --peer-dir "$peer" --out "$dir/peer.json" 2> "$dir/peer.log" \
      && echo 0 > "$dir/peer.exit" || echo $? > "$dir/peer.exit"
  fi
  millis "$t" > "$dir/peer.millis"
done < "$manifest"
millis "$started" > "$work/total.millis"

"$py" bench/quality_report.py "$work"
