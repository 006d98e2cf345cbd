#!/usr/bin/python3
"""Writes a stratified 80/20 train/test split of a CSV as two CSV files, so that this project's
trainer and the Python peers are scored on exactly the same rows.

--stratify minority (default, the binary benchmark): the peer's own split in
  ../shared/bench/peer/train_peer.py, reproduced: pandas type inference, rows without a target
  dropped, positive class = minority class (ties: the larger label), stratified on "positive vs
  rest", shuffle=True, random_state=42. train_peer.py splits the whole CSV itself; this file
  gives our trainer the same rows.
--stratify class (multiclass and rare-class benchmarks): stratified on the full class, so that
  every class keeps its share in both parts; bench/peer_multiclass.py then reads these two files.
--stratify none (the regression benchmark): a plain shuffled split, random_state=42, as
  scikit-learn users split a numeric target; bench/peer_regression.py then reads these two files.

Usage: split.py CSV OUT_DIR [--target target] [--stratify minority|class|none]
"""
import argparse
import os

import pandas as pd
from sklearn.model_selection import train_test_split

ap = argparse.ArgumentParser()
ap.add_argument("csv")
ap.add_argument("out_dir")
ap.add_argument("--target", default="target")
ap.add_argument("--stratify", choices=("minority", "class", "none"), default="minority")
args = ap.parse_args()

df = pd.read_csv(args.csv)
df = df[df[args.target].notna()]
if args.stratify == "none":
    train, test = train_test_split(df, test_size=0.2, shuffle=True, random_state=42)
    os.makedirs(args.out_dir, exist_ok=True)
    train.to_csv(os.path.join(args.out_dir, "train.csv"), index=False)
    test.to_csv(os.path.join(args.out_dir, "test.csv"), index=False)
    print(f"{len(train)} train rows, {len(test)} test rows, not stratified")
    raise SystemExit(0)
y_raw = df[args.target].astype(str)
counts = y_raw.value_counts()
ordered = sorted(sorted(counts.items(), key=lambda kv: kv[0], reverse=True), key=lambda kv: kv[1])
if args.stratify == "minority":
    y = (y_raw == ordered[0][0]).astype(int).to_numpy()
    what = f"positive class {ordered[0][0]!r}"
else:
    y = y_raw.to_numpy()
    what = f"{len(counts)} classes, smallest {ordered[0][0]!r} ({ordered[0][1]} rows)"
train, test = train_test_split(df, test_size=0.2, stratify=y, shuffle=True, random_state=42)
os.makedirs(args.out_dir, exist_ok=True)
train.to_csv(os.path.join(args.out_dir, "train.csv"), index=False)
test.to_csv(os.path.join(args.out_dir, "test.csv"), index=False)
print(f"{len(train)} train rows, {len(test)} test rows, {what}")
