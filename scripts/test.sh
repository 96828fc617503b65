#!/usr/bin/env bash
# The test command: installs libgit2-dev if missing, then builds and runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
swift build --build-tests
swift test --skip-build "$@"
