#!/usr/bin/env bash
# Coverage-guided fuzzing (libFuzzer) of flow's decoders: the workflow loader, the state and
# evidence files (with the hook's direct evidence reader checked against JSONDecoder) and
# .flow/config.yml (the hook's flat reader checked against Yams).
#
#   scripts/fuzz.sh                 # every target, FLOW_LIBFUZZER_SECONDS each (default 20)
#   scripts/fuzz.sh FuzzConfig      # one target
#   FLOW_FUZZ_CONFIGURATION=debug scripts/fuzz.sh   # an unoptimised build: about half the compile
#                                   # time, fewer inputs a second (scripts/test.sh's bounded run)
#
# Seeds: Tests/Fuzz/<workflow|state|config>/ (committed). What libFuzzer adds goes to
# .build-fuzz/corpus/<target>/ and any finding to .build-fuzz/findings/, with the command that
# replays it. Exit 1 on a finding.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh >&2
seconds="${FLOW_LIBFUZZER_SECONDS:-20}"
scratch="$PWD/.build-fuzz"
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(FuzzWorkflow FuzzState FuzzConfig FuzzIndex)

configuration="${FLOW_FUZZ_CONFIGURATION:-release}"
case "$configuration" in release | debug) ;; *) echo "fuzz: FLOW_FUZZ_CONFIGURATION must be release or debug, not '$configuration'" >&2; exit 2 ;; esac
echo "fuzz: building ${targets[*]} ($configuration) with -sanitize=fuzzer,address" >&2
# -enable-testing: the targets compare flow's internal fast readers with the general ones.
# lld: gold stops with an internal error on these objects.
swift build -c "$configuration" ${FLOW_FUZZ_JOBS:+-j "$FLOW_FUZZ_JOBS"} --package-path Tests/LibFuzzer --scratch-path "$scratch" \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -enable-testing -Xswiftc -use-ld=lld >&2
# FLOW_FUZZ_BUILD_ONLY=1: build the targets and stop (scripts/test.sh builds them while the tests
# run, then runs them here again, when the build is already done).
[ "${FLOW_FUZZ_BUILD_ONLY:-0}" = "1" ] && exit 0
# Swift's own crash handler would race AddressSanitizer's report; libFuzzer reports the crash.
# Leaks are not looked for (-detect_leaks=0): flow is a short-lived process, and Foundation's
# FileManager.contents(atPath:) leaks its 4 KB buffer on every empty file.
export SWIFT_BACKTRACE=enable=no
# The targets' scratch directories (repositories, files) go under one temporary directory that is
# removed at the end, whatever happens: a run leaves nothing in /tmp.
export TMPDIR="$(mktemp -d "${TMPDIR:-/tmp}/flow-fuzz.XXXXXX")"
trap 'rm -rf "$TMPDIR"' EXIT
export ASAN_OPTIONS="detect_leaks=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}"

status=0
for target in "${targets[@]}"; do
    case "$target" in
    FuzzWorkflow) seeds=Tests/Fuzz/workflow ;;
    FuzzState) seeds=Tests/Fuzz/state ;;
    FuzzConfig) seeds=Tests/Fuzz/config ;;
    FuzzIndex) seeds=Tests/Fuzz/index ;;
    *) echo "fuzz: unknown target $target (FuzzWorkflow, FuzzState, FuzzConfig, FuzzIndex)" >&2; exit 2 ;;
    esac
    corpus="$scratch/corpus/$target"
    findings="$scratch/findings/$target/"
    rm -rf "$findings"
    mkdir -p "$corpus" "$findings"
    log="$scratch/$target.log"
    if "$scratch/$configuration/$target" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=4096 -detect_leaks=0 \
        -artifact_prefix="$findings" -print_final_stats=1 "$corpus" "$seeds" >"$log" 2>&1; then
        runs=$(grep -m1 -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' || echo "?")
        cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -1 || true)
        echo "fuzz: $target: no finding in ${seconds}s ($runs inputs, ${cov:-cov: ?}, corpus $(ls "$corpus" | wc -l) files)" >&2
    else
        status=1
        echo "fuzz: $target FOUND A PROBLEM; the last lines of $log:" >&2
        tail -30 "$log" | sed 's/^/  | /' >&2
        for f in "$findings"*; do
            [ -f "$f" ] && echo "fuzz: replay with: $scratch/$configuration/$target $f" >&2
        done
    fi
done
exit $status
