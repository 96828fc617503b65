#!/usr/bin/env bash
# The test command: installs libgit2-dev if missing and the real XSOAR tools for the end-to-end
# test (a virtual environment under .build/, reused when present), then builds and runs every test.
# FLOW_SKIP_TOOLS=1 skips the tools; the end-to-end test then says it was skipped and why.
# It also builds the release binary (scripts/build-release.sh) that ReleaseBuildTests checks, and
# ends with the libFuzzer run (scripts/fuzz.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
# Graphviz: a test renders `flow phases --format dot` with it (Debian's graphviz, installed once).
if ! command -v dot >/dev/null 2>&1; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  echo "flow: installing graphviz (once)" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq graphviz >/dev/null
fi
if [ "${FLOW_SKIP_TOOLS:-0}" != "1" ]; then
  FLOW_TOOLS_BIN="$(scripts/xsoar-tools.sh)"
  export FLOW_TOOLS_BIN
fi
swift build --build-tests
# The release build users install (libgit2 linked statically): ReleaseBuildTests runs it beside
# the test build. FLOW_SKIP_RELEASE=1 skips it (those tests then say they were skipped).
if [ "${FLOW_SKIP_RELEASE:-0}" != "1" ]; then
  FLOW_RELEASE_BIN="$(scripts/build-release.sh)"
  export FLOW_RELEASE_BIN
fi
# One test at a time: Swift 6.3's Foundation Process.run() can over-read /proc/self/fd and crash
# when the test process holds over a thousand descriptors, which parallel suites spawning git,
# flow and the tools can reach. Serial runs take about 100 s here instead of 50.
# FLOW_TEST_PARALLEL=1 runs the suites in parallel.
if [ "${FLOW_TEST_PARALLEL:-0}" = "1" ]; then
  swift test --skip-build "$@"
else
  swift test --skip-build --no-parallel "$@"
fi
# Coverage-guided fuzzing (libFuzzer) of the workflow loader, state/evidence and config readers,
# FLOW_LIBFUZZER_SECONDS per target (15 here); FLOW_SKIP_LIBFUZZER=1 skips it. Only on a full run:
# arguments (a --filter, say) mean a partial run.
if [ "${FLOW_SKIP_LIBFUZZER:-0}" != "1" ] && [ $# -eq 0 ]; then
  FLOW_LIBFUZZER_SECONDS="${FLOW_LIBFUZZER_SECONDS:-15}" scripts/fuzz.sh
fi
