#!/usr/bin/env bash
# Runs every test: unit tests and the end-to-end ones against real Azurite and the local host.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/jdk.sh
source scripts/npm-deps.sh
# every test, the end-to-end suites too (`mvn test` alone leaves them out: see tabml.excludedTags in pom.xml)
mvn -B -ntp verify -Dtabml.excludedTags=none "$@"
node --test web-tests/*.test.mjs  # the files, not the folder: Node 22+ no longer searches a folder
