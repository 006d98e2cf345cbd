#!/usr/bin/env bash
# Runs every test: unit tests and the end-to-end ones against real Azurite and the local host.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/jdk.sh
source scripts/npm-deps.sh
mvn -B -ntp verify "$@"
node --test web-tests/*.test.mjs  # the files, not the folder: Node 22+ no longer searches a folder
