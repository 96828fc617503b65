#!/usr/bin/env bash
# The test command: installs libgit2-dev if missing and the real XSOAR tools for the end-to-end
# test (a virtual environment under .build/, reused when present), then builds and runs every test.
# FLOW_SKIP_TOOLS=1 skips the tools; the end-to-end test then says it was skipped and why.
# It also builds the release binary (scripts/build-release.sh) that ReleaseBuildTests checks, and
# ends with the libFuzzer run (scripts/fuzz.sh).
#
# A full run (no arguments) overlaps what does not depend on each other, because the tests run one
# at a time and leave a core idle: the tools install while the test build compiles, and the release
# and fuzz builds compile on one core while the tests run; the release binary's own suites run
# once the tests are done and the binary is built, while the fuzz build goes on. Each step's start
# is printed as "flow-test: [mm:ss] ...". With arguments (a --filter, say) the steps run one after
# another.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
scripts/bootstrap.sh
# Graphviz: a test renders `flow phases --format dot` with it (Debian's graphviz, installed once).
if ! command -v dot >/dev/null 2>&1; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  echo "flow: installing graphviz (once)" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq graphviz >/dev/null
fi
# The Swift code is formatted as swift-format formats it (.swift-format; `swift format format
# --in-place --recursive Sources Tests Package.swift` fixes it): checked first, in seconds.
swift format lint --strict --configuration .swift-format --recursive Sources Tests Package.swift
full=0; [ $# -eq 0 ] && full=1
logs="$(mktemp -d "${TMPDIR:-/tmp}/flow-test.XXXXXX")"
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$logs"' EXIT
# Says when each step starts, in minutes and seconds from the start: where a run's time goes.
mark() { local t=$(( $(date +%s) - started )); printf 'flow-test: [%02d:%02d] %s\n' $((t / 60)) $((t % 60)) "$*" >&2; }
# Waits for a background step and, when it failed, prints its log and stops the run.
finish() { # name pid
  if ! wait "$2"; then
    echo "flow: $1 failed:" >&2; cat "$logs/$1.log" >&2; exit 1
  fi
  cat "$logs/$1.log" >&2
  mark "$1 done"
}
step() { "$@" >"$logs/$name.out" 2>"$logs/$name.log"; }

tools_pid=""
if [ "${FLOW_SKIP_TOOLS:-0}" != "1" ]; then
  mark "installing the Python tools (background)"
  name=tools; step scripts/xsoar-tools.sh & tools_pid=$!; pids+=("$tools_pid")
fi
mark "building the tests"
swift build --build-tests
if [ -n "$tools_pid" ]; then
  finish tools "$tools_pid"
  FLOW_TOOLS_BIN="$(cat "$logs/tools.out")"
  export FLOW_TOOLS_BIN
fi

release=0; [ "${FLOW_SKIP_RELEASE:-0}" != "1" ] && release=1
fuzz=0; [ "${FLOW_SKIP_LIBFUZZER:-0}" != "1" ] && [ $full -eq 1 ] && fuzz=1
# The release build users install (libgit2 linked statically): ReleaseBuildTests runs it beside
# the test build. FLOW_SKIP_RELEASE=1 skips it (those tests then say they were skipped).
if [ $release -eq 1 ] && [ $full -eq 0 ]; then
  FLOW_RELEASE_BIN="$(scripts/build-release.sh)"
  export FLOW_RELEASE_BIN
fi
# A full run builds the release binary and then the fuzz targets on one core (-j 1) while the
# tests use the other. The fuzz build is unoptimised (FLOW_FUZZ_CONFIGURATION=debug): it compiles
# in about half the time, and the bounded run below needs coverage more than speed.
release_pid=""; fuzz_pid=""
if [ $full -eq 1 ] && [ $release -eq 1 ]; then
  mark "building the release binary (background, one core)"
  name=release; step env FLOW_BUILD_JOBS=1 scripts/build-release.sh & release_pid=$!; pids+=("$release_pid")
fi
if [ $fuzz -eq 1 ]; then
  # After the release build, so that the two never share the core.
  name=fuzz-build; step bash -c "while [ -n '$release_pid' ] && kill -0 '$release_pid' 2>/dev/null; do sleep 2; done
    FLOW_FUZZ_CONFIGURATION=debug FLOW_FUZZ_JOBS=1 FLOW_FUZZ_BUILD_ONLY=1 scripts/fuzz.sh" &
  fuzz_pid=$!; pids+=("$fuzz_pid")
fi
# One test at a time: Swift 6.3's Foundation Process.run() can over-read /proc/self/fd and crash
# when the test process holds over a thousand descriptors, which parallel suites spawning git,
# flow and the tools can reach. FLOW_TEST_PARALLEL=1 runs the suites in parallel.
parallel=(--no-parallel); [ "${FLOW_TEST_PARALLEL:-0}" = "1" ] && parallel=()
mark "running the tests"
swift test --skip-build "${parallel[@]}" "$@"
mark "tests done"
if [ -n "$release_pid" ]; then
  finish release "$release_pid"
  FLOW_RELEASE_BIN="$(head -n1 "$logs/release.out")"
  export FLOW_RELEASE_BIN
  mark "the release binary's suites, with $FLOW_RELEASE_BIN"
  swift test --skip-build "${parallel[@]}" --filter 'ReleaseBuildTests|InstalledBinaryTests'
  mark "release suites done"
fi
# Coverage-guided fuzzing (libFuzzer) of the workflow loader, state/evidence and config readers,
# FLOW_LIBFUZZER_SECONDS per target (15 here); FLOW_SKIP_LIBFUZZER=1 skips it. Only on a full run:
# arguments (a --filter, say) mean a partial run.
# The same configuration and -j as the background build, which is then already done: swiftc's
# -num-threads follows -j, and another value would compile every module again.
if [ $fuzz -eq 1 ]; then
  finish fuzz-build "$fuzz_pid"
  FLOW_FUZZ_CONFIGURATION=debug FLOW_FUZZ_JOBS=1 FLOW_LIBFUZZER_SECONDS="${FLOW_LIBFUZZER_SECONDS:-15}" scripts/fuzz.sh
fi
mark "done"
