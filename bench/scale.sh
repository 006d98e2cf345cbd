#!/usr/bin/env bash
# Scale benchmark: the whole trainer run (read, automatic selection, final fit, evaluation) on the
# peer's synthetic data (16 columns) at the given sizes, under -Xmx$XMX (default 4g), with wall time,
# peak RSS and peak RSS per million rows, and the trainer's phases and final fit from its report;
# with --peer, also the peer's S1 (SVC) and S2 (XGBoost) fits at the same sizes (S1 only up to 10k
# rows: it takes over 600 s at 100k). Output: one line per size and stack.
#
# Usage: [XMX=12g] bench/scale.sh [--peer] [N ...]   (default sizes: 10000 100000 1000000)
# The issue's large run: XMX=12g bench/scale.sh 100000 1000000 10000000
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/jdk.sh
peer_dir=${PEER_DIR:-../shared/bench/peer}
work=${WORK_DIR:-target/bench/scale}
xmx=${XMX:-4g}
with_peer=false
if [ "${1:-}" = "--peer" ]; then with_peer=true; shift; fi
sizes=("$@"); [ ${#sizes[@]} -eq 0 ] && sizes=(10000 100000 1000000)
mkdir -p "$work"
[ -d functions/target/azure-functions/tabml-functions/lib ] || mvn -B -q -ntp -DskipTests package
classpath="functions/target/azure-functions/tabml-functions/lib/*"

measure() {  # label, command...: prints wall seconds and peak RSS from GNU time
  local label=$1; shift
  /usr/bin/time -f "%e %M" -o "$work/time.txt" "$@" > "$work/$label.log" 2>&1 || echo "  ($label exited $?, see $work/$label.log)"
  read -r seconds kb < <(tail -n 1 "$work/time.txt")
  printf '%-10s %-26s %8.1f s %8.0f MiB %8.0f MiB per million rows\n' "$n" "$label" "$seconds" "$((kb / 1024))" \
    "$((kb * 1000000 / 1024 / n))"
}

printf '%-10s %-26s %10s %12s\n' rows stack wall "peak RSS"
for n in "${sizes[@]}"; do
  csv="$work/synth_$n.csv"
  [ -f "$csv" ] || /usr/bin/python3 "$peer_dir/gen_synth.py" "$n" "$csv" > /dev/null
  measure "tabml" java "-Xmx$xmx" "-Xlog:gc:file=$work/gc_$n.log" -cp "$classpath" io.tabml.training.TrainerMain --data "$csv" --out "$work/tabml_$n"
  # the live heap: the most any collection left behind (RSS also counts garbage a large heap lets wait)
  live=$(grep -oE -- '->[0-9]+M' "$work/gc_$n.log" | tr -dc '0-9\n' | sort -n | tail -1)
  printf '           heap after a collection at most %s MiB (%s MiB per million rows)\n' "${live:-?}" "$(( ${live:-0} * 1000000 / n ))"
  /usr/bin/python3 - "$work/tabml_$n/metrics.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
s = d["selection"]
print(f"           chose {d['algorithm']} ({s['imbalance']}), holdout ROC AUC {d['metrics']['rocAuc']:.4f}, "
      f"{len(s['candidates'])} candidates on {s['rows']} rows, {s['cvFolds']} folds")
dropped = [n for n in s["notes"] if "dropped after" in n]
for note in s["notes"]:
    if note not in dropped:
        print("           note:", note)
print(f"           ({len(dropped)} candidates dropped by racing)")
print("           phases (s):", ", ".join(f"{k} {v:.1f}" for k, v in d["seconds"].items()))
if "finalFit" in d:
    f = d["finalFit"]
    print(f"           final fit: {f['rows']:,} of {f['trainingRows']:,} training rows, budget {f['memoryBudgetMb']:,} MB, "
          f"{f['bytesPerRow']} bytes a row, limited by {f.get('limit', 'nothing')}")
PY
  if $with_peer; then
    measure "peer S2 (XGBoost)" /usr/bin/python3 "$peer_dir/train_peer.py" --csv "$csv" --models s2 --out "$work/peer_s2_$n.json"
    if [ "$n" -le 10000 ]; then
      measure "peer S1 (SMOTE+SVC)" /usr/bin/python3 "$peer_dir/train_peer.py" --csv "$csv" --models s1 --out "$work/peer_s1_$n.json"
    fi
  fi
done
