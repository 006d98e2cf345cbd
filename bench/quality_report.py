#!/usr/bin/python3
"""Reads what bench/quality.sh left in its work folder and prints one table per kind (binary,
multiclass, rare); writes the same figures to WORK_DIR/summary.json.

Per dataset folder: split.txt, train.csv/test.csv (the split), tabml/metrics.json (our trainer's
report: metrics.accuracy, f1, rocAuc, ... macro for more than two classes), tabml.exit/.millis,
peer.json (train_peer.py's for binary, peer_multiclass.py's for multiclass), peer.exit/.millis.

Targets (issue 3 for binary, issue 17 for multiclass):
  binary      ROC AUC >= best peer's - 0.005
  multiclass  accuracy >= best peer's - 0.005 and macro F1 >= best peer's
For the rare sets the rule of their method is shown, and whether the quality gate would serve our
version as a first one: the gate runs at registration, not in TrainerMain, so gate() applies its
rules to metrics.json here (predictedPerClass, confusionMatrix, metrics.baseline); any field of
metrics.json this script does not know is listed.

Usage: quality_report.py WORK_DIR
"""
import json
import os
import platform
import sys
from datetime import datetime, timezone

import pandas as pd

# The fields metrics.json had when this was written; anything else (e.g. gate evidence added by
# later work) is reported as it is, so that a re-run shows it without a change here.
KNOWN_TOP = {"algorithm", "metrics", "selection", "featureImportance", "schema", "rows", "trainRows",
             "trainerVersion", "startedAt", "endedAt", "evaluation"}
KNOWN_METRICS = {"holdoutRows", "classes", "positiveClass", "threshold", "thresholdReason", "accuracy",
                 "precision", "recall", "f1", "rocAuc", "prAuc", "logLoss", "confusionMatrix",
                 "predictedPerClass", "rocCurve", "baseline"}
TOLERANCE = 0.005
# QualityGate's class test: a class never predicted refuses a version from this many evaluated rows
# of it (the fewest n with 1 - 0.05^(1/n) < 0.10), else it is a warning.
ROWS_TO_REFUSE = 29


def gate(m):
    """The quality gate's verdict on a first version (no champion to beat), from metrics.json's
    "metrics": the rules of core/src/main/java/io/tabml/registry/QualityGate.java, which decides at
    registration; this mirrors them to report what it would say, and QualityGate stays the rule."""
    warnings = []
    for c, (label, predicted) in enumerate(zip(m["classes"], m["predictedPerClass"])):
        if predicted > 0:
            continue
        rows = sum(m["confusionMatrix"][c])
        if rows >= ROWS_TO_REFUSE:
            return {"served": False, "why": f"class test: '{label}' never predicted, {rows} rows of it", "warnings": warnings}
        warnings.append(f"'{label}' never predicted, {rows} rows of it (< {ROWS_TO_REFUSE}: a warning)")
    baseline = m.get("baseline")
    if baseline is None:  # an older trainer's report: judged by ROC AUC above 0.5 alone
        served = m["rocAuc"] > 0.5
        return {"served": served, "why": f"no baseline evidence; ROC AUC {m['rocAuc']:.4f}", "warnings": warnings}
    gain = baseline["logLossGain"]["lowerBound"]
    auc = (baseline.get("rocAuc") or {}).get("lowerBound")
    evidence = f"log-loss gain bound {gain:+.4f}" + ("" if auc is None else f", ROC AUC bound {auc:.4f}")
    if gain > 0:
        return {"served": True, "why": evidence + ": the gain clears 0", "warnings": warnings}
    if auc is not None and auc > 0.5:
        warnings.append("log loss not shown to beat the class shares'")
        return {"served": True, "why": evidence + ": the AUC bound clears 0.5", "warnings": warnings}
    return {"served": False, "why": "baseline test: " + evidence, "warnings": warnings}


def read(path, default=None):
    try:
        with open(path) as fh:
            return json.load(fh) if path.endswith(".json") else fh.read().strip()
    except FileNotFoundError:
        return default


def last_line(path):
    text = read(path, "")
    lines = [l for l in text.splitlines() if l.strip()]
    return lines[-1][:200] if lines else ""


def ours(d, classes_in_test):
    exit_code = int(read(os.path.join(d, "tabml.exit"), "1"))
    out = {"exit": exit_code, "run_seconds": int(read(os.path.join(d, "tabml.millis"), "0")) / 1000}
    report = read(os.path.join(d, "tabml", "metrics.json"))
    if exit_code != 0 or report is None:
        failure = read(os.path.join(d, "tabml", "failure.json"))
        out["error"] = failure.get("message") if failure else last_line(os.path.join(d, "tabml.log"))
        return out
    m = report["metrics"]
    out.update({
        "algorithm": report["algorithm"], "imbalance": report["selection"]["imbalance"],
        "trainer_version": report.get("trainerVersion"),
        "accuracy": m["accuracy"], "f1": m["f1"], "roc_auc": m["rocAuc"], "log_loss": m["logLoss"],
        "classes": m["classes"], "positive_class": m["positiveClass"],
        "predicted_per_class": dict(zip(m["classes"], m["predictedPerClass"])),
        "test_per_class": {c: classes_in_test.get(c, 0) for c in m["classes"]},
        "never_predicted": [c for c, n in zip(m["classes"], m["predictedPerClass"]) if n == 0],
        "selection_notes": report["selection"].get("notes", []),
        "gate": gate(m),
        "other_fields": {**{k: v for k, v in report.items() if k not in KNOWN_TOP},
                         **{"metrics." + k: v for k, v in m.items() if k not in KNOWN_METRICS}},
    })
    return out


def peers(d, method):
    exit_code = int(read(os.path.join(d, "peer.exit"), "1"))
    report = read(os.path.join(d, "peer.json"))
    if exit_code != 0 or report is None:
        error = last_line(os.path.join(d, "peer.log"))
        return {m: {"error": error} for m in ("s1", "s2")}
    out = {}
    for m, r in report["models"].items():
        if method == "binary":  # train_peer.py: the minority class's F1 and ROC AUC
            out[m] = {"accuracy": r["accuracy"], "f1": r["f1"], "roc_auc": r["roc_auc"], "fit_seconds": r["fit_seconds"]}
        else:  # peer_multiclass.py: macro averages
            out[m] = {"accuracy": r["accuracy"], "f1": r["f1_macro"], "roc_auc": r["roc_auc_macro_ovr"],
                      "log_loss": r["log_loss"], "fit_seconds": r["fit_seconds"],
                      "predicted_per_class": r["predicted_per_class"],
                      "never_predicted": [c for c, n in r["predicted_per_class"].items() if n == 0]}
    return out


def target(method, o, p):
    if "error" in o or any("error" in r for r in p.values()):
        return {"rule": None, "met": None}
    if method == "binary":
        delta = o["roc_auc"] - max(r["roc_auc"] for r in p.values())
        return {"rule": "ROC AUC >= best peer - 0.005", "auc_minus_best": delta, "met": delta >= -TOLERANCE}
    acc = o["accuracy"] - max(r["accuracy"] for r in p.values())
    f1 = o["f1"] - max(r["f1"] for r in p.values())
    return {"rule": "accuracy >= best peer - 0.005 and macro F1 >= best peer", "accuracy_minus_best": acc,
            "f1_minus_best": f1, "met": acc >= -TOLERANCE and f1 >= 0}


def fmt(x, spec):
    """x formatted, or "-" as wide when there is no figure (a failed run)."""
    return format(x, spec) if isinstance(x, (int, float)) else format("-", ">" + spec.split(".")[0].lstrip("+"))


def peer_cells(r):
    if "error" in r:
        return f"{'failed':>22}"
    return f"{r['accuracy']:6.4f} {r['f1']:6.3f} {r['roc_auc']:7.4f}"


def print_table(kind, rows):
    print(f"\n== {kind} ==")
    if kind == "binary":
        print(f"{'dataset':24} {'tabml (chosen)':42} {'AUC':>7} {'F1':>6} {'run s':>6} | {'S1 AUC':>7} {'F1':>6} {'fit s':>6} | "
              f"{'S2 AUC':>7} {'F1':>6} {'fit s':>6} | AUC - best peer")
    else:
        print(f"{'dataset':24} {'tabml (chosen)':42} {'acc':>6} {'F1':>6} {'AUC':>7} {'run s':>6} | {'S1 acc':>6} {'F1':>6} {'AUC':>7} "
              f"{'fit s':>5} | {'S2 acc':>6} {'F1':>6} {'AUC':>7} {'fit s':>5} | target")
    for r in rows:
        o, s1, s2, t = r["tabml"], r["peers"]["s1"], r["peers"]["s2"], r["target"]
        if "error" in o:
            print(f"{r['dataset']:24} FAILED (exit {o['exit']}): {o['error']}")
            continue
        chosen = f"{o['algorithm']} ({o['imbalance']})"
        verdict = "-" if t["met"] is None else ("met" if t["met"] else "MISSED")
        if kind == "binary":
            print(f"{r['dataset']:24} {chosen:42} {o['roc_auc']:7.4f} {o['f1']:6.3f} {o['run_seconds']:6.1f} | "
                  f"{fmt(s1.get('roc_auc'), '7.4f')} {fmt(s1.get('f1'), '6.3f')} {fmt(s1.get('fit_seconds'), '6.1f')} | "
                  f"{fmt(s2.get('roc_auc'), '7.4f')} {fmt(s2.get('f1'), '6.3f')} {fmt(s2.get('fit_seconds'), '6.1f')} | "
                  f"{fmt(t.get('auc_minus_best'), '+.4f')} {verdict}")
            continue
        if r["method"] == "binary":  # a two-class rare set: F1 of the minority class, not macro
            what = f"AUC {fmt(t.get('auc_minus_best'), '+.4f')}"
        else:
            what = f"acc {fmt(t.get('accuracy_minus_best'), '+.4f')}, F1 {fmt(t.get('f1_minus_best'), '+.4f')}"
        print(f"{r['dataset']:24} {chosen:42} {o['accuracy']:6.4f} {o['f1']:6.3f} {o['roc_auc']:7.4f} {o['run_seconds']:6.1f} | "
              f"{peer_cells(s1)} {fmt(s1.get('fit_seconds'), '5.1f')} | {peer_cells(s2)} {fmt(s2.get('fit_seconds'), '5.1f')} | "
              f"{what}: {verdict}")
    for r in rows:
        for m, p in r["peers"].items():
            if "error" in p:
                print(f"  {r['dataset']}: peer {m} failed: {p['error']}")
    if kind == "rare":
        print("F1 is the minority class's for the two-class sets, macro for rare-6class. Per class on the test part"
              " (rows in test -> rows predicted; the peers' counts only where peer_multiclass.py ran):")
        for r in rows:
            o = r["tabml"]
            if "error" in o:
                continue
            per = ", ".join(f"{c} {o['test_per_class'][c]}->{o['predicted_per_class'][c]}" for c in o["classes"])
            print(f"  {r['dataset']:24} tabml: {per}; never predicted: {', '.join(o['never_predicted']) or 'none'}")
            for m in ("s1", "s2"):
                if "never_predicted" in r["peers"][m]:
                    print(f"  {'':24} {m}: never predicted: {', '.join(r['peers'][m]['never_predicted']) or 'none'}")
            g = o["gate"]
            print(f"  {'':24} quality gate (first version): {'served' if g['served'] else 'REFUSED'}, {g['why']}"
                  + "".join(f"; warning: {w}" for w in g["warnings"]))
            other = ", ".join(sorted(o["other_fields"])) or "none"
            print(f"  {'':24} metrics.json fields this script does not know: {other}")


def main():
    work = sys.argv[1]
    results = []
    with open(os.path.join(work, "manifest.tsv")) as fh:
        for line in fh:
            kind, method, csv = line.rstrip("\n").split("\t")
            name = os.path.splitext(os.path.basename(csv))[0]
            d = os.path.join(work, name)
            test = pd.read_csv(os.path.join(d, "test.csv"))
            train_rows = sum(1 for _ in open(os.path.join(d, "train.csv"))) - 1
            in_test = test["target"].astype(str).value_counts().to_dict()
            o, p = ours(d, in_test), peers(d, method)
            results.append({"dataset": name, "kind": kind, "method": method, "csv": csv,
                            "train_rows": train_rows, "test_rows": len(test), "split": read(os.path.join(d, "split.txt")),
                            "tabml": o, "peers": p, "target": target(method, o, p),
                            "peer_process_seconds": int(read(os.path.join(d, "peer.millis"), "0")) / 1000})
    for kind in ("binary", "multiclass", "rare"):
        rows = [r for r in results if r["kind"] == kind]
        if rows:
            print_table(kind, rows)
    total = int(read(os.path.join(work, "total.millis"), "0")) / 1000
    print(f"\nwhole run: {total:.0f} s on {os.cpu_count()} cores; summary: {os.path.join(work, 'summary.json')}")
    import sklearn, imblearn, xgboost
    versions = sorted({r["tabml"].get("trainer_version") for r in results} - {None})
    summary = {"written": datetime.now(timezone.utc).isoformat(timespec="seconds"), "total_seconds": total,
               "trainer_versions": versions,
               "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "sklearn": sklearn.__version__,
                           "imblearn": imblearn.__version__, "xgboost": xgboost.__version__, "pandas": pd.__version__},
               "datasets": results}
    with open(os.path.join(work, "summary.json"), "w") as fh:
        json.dump(summary, fh, indent=1)
        fh.write("\n")


if __name__ == "__main__":
    main()
