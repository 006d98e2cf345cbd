#!/usr/bin/python3
"""The Python peers' S1 and S2, fitted on a split that bench/split.py wrote (train.csv, test.csv),
and scored as multiclass: the peer's own train_peer.py cannot do that (it refuses a target
that is not binary).

The pipelines are train_peer.py's own (imported from the peer folder, not copied, so they cannot
drift), with one change each that multiclass needs:
  S1  one-hot + impute + StandardScaler + SMOTE + SVC(probability=True). SVC is one-vs-one
      inside; its probabilities come from Platt scaling with pairwise coupling. SMOTE
      (sampling_strategy="auto") raises every class but the largest to the largest's size.
      Unchanged from train_peer.py.
  S2  one-hot + XGBClassifier(n_estimators=100), with objective="multi:softprob" (said
      explicitly; XGBoost would also pick it for more than two classes). XGBoost wants the
      labels as 0..k-1, so they are encoded.
Metrics on test.csv, classes decided by the pipeline's predict() as in train_peer.py: accuracy,
macro precision / recall / F1 (the mean of the classes' own, a class never predicted counting 0,
as our trainer computes them), macro ROC AUC one-vs-rest, log loss, and how many test rows each
class was predicted for.

Types are inferred on train and test together (as train_peer.py infers them on the whole file), so
a column cannot be numeric in one part and text in the other.

Usage: peer_multiclass.py SPLIT_DIR --out peer.json [--target target] [--models s1,s2]
                          [--peer-dir ../shared/bench/peer]
"""
import argparse
import json
import os
import sys
import time

import numpy as np
import pandas as pd
from sklearn.metrics import (accuracy_score, f1_score, log_loss, precision_score, recall_score,
                             roc_auc_score)
from sklearn.preprocessing import LabelEncoder


def peer_builders(peer_dir):
    """train_peer.py's build_s1 / build_s2. The peer folder is read-only and shared: no .pyc there."""
    sys.dont_write_bytecode = True
    if not os.path.isfile(os.path.join(peer_dir, "train_peer.py")):
        sys.exit(f"error: no train_peer.py in {peer_dir} (the peer folder; set --peer-dir or PEER_DIR)")
    sys.path.insert(0, os.path.abspath(peer_dir))
    import train_peer
    return train_peer.build_s1, train_peer.build_s2


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("split_dir")
    ap.add_argument("--out", required=True)
    ap.add_argument("--target", default="target")
    ap.add_argument("--models", default="s1,s2")
    ap.add_argument("--peer-dir", default=os.environ.get("PEER_DIR") or os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "bench", "peer"))
    args = ap.parse_args()
    build_s1, build_s2 = peer_builders(args.peer_dir)

    train = pd.read_csv(os.path.join(args.split_dir, "train.csv"))
    test = pd.read_csv(os.path.join(args.split_dir, "test.csv"))
    df = pd.concat([train, test], ignore_index=True)
    X = df.drop(columns=[args.target])
    labels = LabelEncoder().fit(df[args.target].astype(str))  # sorted labels -> 0..k-1
    y = labels.transform(df[args.target].astype(str))
    num_cols = X.select_dtypes(include="number").columns.tolist()
    cat_cols = [c for c in X.columns if c not in num_cols]
    for c in cat_cols:  # as train_peer.py: NaN stays NaN, everything else becomes text
        X[c] = X[c].where(X[c].isna(), X[c].astype(str))
    n = len(train)
    X_tr, X_te, y_tr, y_te = X.iloc[:n], X.iloc[n:], y[:n], y[n:]
    k = len(labels.classes_)

    result = {"dataset": os.path.basename(os.path.normpath(args.split_dir)), "classes": list(labels.classes_),
              "train_rows": int(n), "test_rows": int(len(y_te)),
              "test_per_class": dict(zip(labels.classes_, np.bincount(y_te, minlength=k).tolist())),
              "models": {}}
    for m in [s.strip() for s in args.models.split(",") if s.strip()]:
        model = build_s1(num_cols, cat_cols) if m == "s1" else build_s2(num_cols, cat_cols)
        if m == "s2":
            model.set_params(xgb__objective="multi:softprob")
        print(f"[{result['dataset']}] fitting {m} on {n} rows ...", file=sys.stderr, flush=True)
        t0 = time.perf_counter()
        model.fit(X_tr, y_tr)
        fit_s = time.perf_counter() - t0
        proba = model.predict_proba(X_te)
        # The peer's own decision, as train_peer.py takes it: for S1 the SVC's one-vs-one vote, which
        # can differ from the likeliest class of its Platt probabilities; for S2 the likeliest class.
        pred = model.predict(X_te)
        macro = dict(average="macro", labels=list(range(k)), zero_division=0)
        result["models"][m] = {
            "fit_seconds": round(fit_s, 3),
            "accuracy": float(accuracy_score(y_te, pred)),
            "precision_macro": float(precision_score(y_te, pred, **macro)),
            "recall_macro": float(recall_score(y_te, pred, **macro)),
            "f1_macro": float(f1_score(y_te, pred, **macro)),
            "roc_auc_macro_ovr": float(roc_auc_score(y_te, proba, multi_class="ovr", average="macro",
                                                     labels=list(range(k)))),
            "log_loss": float(log_loss(y_te, proba, labels=list(range(k)))),
            "predicted_per_class": dict(zip(labels.classes_, np.bincount(pred, minlength=k).tolist())),
        }
        print(f"[{result['dataset']}] {m}: {json.dumps(result['models'][m])}", file=sys.stderr, flush=True)
    with open(args.out, "w") as fh:
        json.dump(result, fh, indent=1)
        fh.write("\n")


if __name__ == "__main__":
    main()
