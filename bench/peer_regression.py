#!/usr/bin/python3
"""Python peers of this project's regressors, fitted on a split that bench/split.py wrote
(train.csv, test.csv) and scored on its test part with the same numbers our trainer reports:
  R1  impute (median / most frequent) + one-hot + StandardScaler + RidgeCV (alphas 1e-3..1e3):
      the linear baseline a scikit-learn user reaches for first.
  R2  impute + one-hot + RandomForestRegressor(n_estimators=200, random_state=42).
  R3  one-hot + XGBRegressor(n_estimators=100, random_state=42): the S2 peer of the classifiers
      (train_peer.py's build_s2) with its regressor.
Metrics: RMSE, MAE, R² (scikit-learn's), MAPE where no true value is 0, and the fit's seconds.
Types are inferred on train and test together, as train_peer.py infers them on the whole file.

Usage: peer_regression.py SPLIT_DIR --out peer.json [--target target]
"""
import argparse
import json
import os
import time

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import RandomForestRegressor
from sklearn.impute import SimpleImputer
from sklearn.linear_model import RidgeCV
from sklearn.metrics import mean_absolute_error, mean_squared_error, r2_score
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler


def onehot():
    return OneHotEncoder(handle_unknown="ignore", sparse_output=False)


def prep(num_cols, cat_cols, scale):
    transformers = []
    if num_cols:
        transformers.append(("num", SimpleImputer(strategy="median"), num_cols))
    if cat_cols:
        transformers.append(("cat", Pipeline([("impute", SimpleImputer(strategy="most_frequent")), ("onehot", onehot())]), cat_cols))
    steps = [("prep", ColumnTransformer(transformers, remainder="drop"))]
    if scale:
        steps.append(("scale", StandardScaler()))
    return steps


def build(name, num_cols, cat_cols):
    if name == "r1":
        return Pipeline(prep(num_cols, cat_cols, True) + [("ridge", RidgeCV(alphas=np.logspace(-3, 3, 13)))])
    if name == "r2":
        return Pipeline(prep(num_cols, cat_cols, False) + [("forest", RandomForestRegressor(n_estimators=200, random_state=42, n_jobs=1))])
    from xgboost import XGBRegressor
    transformers = [("num", "passthrough", num_cols)] if num_cols else []
    if cat_cols:
        transformers.append(("cat", Pipeline([("impute", SimpleImputer(strategy="constant", fill_value="__missing__")),
                                              ("onehot", onehot())]), cat_cols))
    return Pipeline([("prep", ColumnTransformer(transformers, remainder="drop")),
                     ("xgb", XGBRegressor(n_estimators=100, random_state=42))])


DESCR = {"r1": "impute+onehot+StandardScaler+RidgeCV", "r2": "impute+onehot+RandomForestRegressor(200)",
         "r3": "onehot+XGBRegressor(n_estimators=100)"}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("split_dir")
    ap.add_argument("--out", required=True)
    ap.add_argument("--target", default="target")
    args = ap.parse_args()
    train = pd.read_csv(os.path.join(args.split_dir, "train.csv"))
    test = pd.read_csv(os.path.join(args.split_dir, "test.csv"))
    both = pd.concat([train, test], ignore_index=True)
    x = both.drop(columns=[args.target])
    num_cols = x.select_dtypes(include="number").columns.tolist()
    cat_cols = [c for c in x.columns if c not in num_cols]
    for c in cat_cols:
        x[c] = x[c].where(x[c].isna(), x[c].astype(str))
    x_train, x_test = x.iloc[:len(train)], x.iloc[len(train):]
    y_train, y_test = train[args.target].to_numpy(float), test[args.target].to_numpy(float)
    results = {}
    for name in ("r1", "r2", "r3"):
        model = build(name, num_cols, cat_cols)
        start = time.perf_counter()
        model.fit(x_train, y_train)
        seconds = time.perf_counter() - start
        predicted = model.predict(x_test)
        results[name] = {
            "model": DESCR[name], "fit_seconds": round(seconds, 3),
            "rmse": float(np.sqrt(mean_squared_error(y_test, predicted))), "mae": float(mean_absolute_error(y_test, predicted)),
            "r2": float(r2_score(y_test, predicted)),
            "mape": None if np.any(y_test == 0) else float(np.mean(np.abs((y_test - predicted) / y_test))),
        }
    with open(args.out, "w") as out:
        json.dump({"rows_train": len(train), "rows_test": len(test), "target_sd": float(np.std(y_test, ddof=1)), "peers": results}, out,
                  indent=2)


if __name__ == "__main__":
    main()
