#!/usr/bin/env bash
# Scoring cost per learner, without HTTP: CPU time and allocation per row (bench/ScoringCost.java).
# Usage: [DATA=<csv with a target column>] bench/scoring-cost.sh [algorithm...]   (default: all four
# classifiers on the generated sample; DATA=../shared/data/sklearn-digits.csv for ten classes)
# Needs a JDK >= 21; builds the app first (mvn package, tests skipped).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/jdk.sh
mvn -B -q -ntp -o -DskipTests package
app=functions/target/azure-functions/tabml-functions
[ $# -gt 0 ] || set -- logistic-regression gradient-boosting random-forest svm-rbf
java -cp "$app/*:$app/lib/*" bench/ScoringCost.java "$@" 2>&1 | grep -v '^WARNING'
