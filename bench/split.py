#!/usr/bin/python3
"""Writes the peer's train/test split of a CSV as two CSV files, so that this project's trainer
is scored on exactly the rows the peer (../shared/bench/peer/train_peer.py) is scored on:
pandas type inference, rows without a target dropped, positive class = minority class,
stratified 80/20 split, shuffle=True, random_state=42.

Usage: split.py CSV OUT_DIR [--target target]
"""
import argparse
import os

import pandas as pd
from sklearn.model_selection import train_test_split

ap = argparse.ArgumentParser()
ap.add_argument("csv")
ap.add_argument("out_dir")
ap.add_argument("--target", default="target")
args = ap.parse_args()

df = pd.read_csv(args.csv)
df = df[df[args.target].notna()]
y_raw = df[args.target].astype(str)
counts = y_raw.value_counts()
ordered = sorted(sorted(counts.items(), key=lambda kv: kv[0], reverse=True), key=lambda kv: kv[1])
y = (y_raw == ordered[0][0]).astype(int).to_numpy()
train, test = train_test_split(df, test_size=0.2, stratify=y, shuffle=True, random_state=42)
os.makedirs(args.out_dir, exist_ok=True)
train.to_csv(os.path.join(args.out_dir, "train.csv"), index=False)
test.to_csv(os.path.join(args.out_dir, "test.csv"), index=False)
print(f"{len(train)} train rows, {len(test)} test rows, positive class {ordered[0][0]!r}")
