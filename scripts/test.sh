#!/usr/bin/env bash
# The test command: installs libgit2-dev if missing and the real XSOAR tools for the end-to-end
# test (a virtual environment under .build/, reused when present), then builds and runs every test.
# FLOW_SKIP_TOOLS=1 skips the tools; the end-to-end test then says it was skipped and why.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
if [ "${FLOW_SKIP_TOOLS:-0}" != "1" ]; then
  FLOW_TOOLS_BIN="$(scripts/xsoar-tools.sh)"
  export FLOW_TOOLS_BIN
fi
swift build --build-tests
swift test --skip-build "$@"
