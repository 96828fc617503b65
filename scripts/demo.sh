#!/usr/bin/env bash
# Run it: installs libgit2-dev if missing, builds flow as users install it (scripts/build-release.sh)
# and walks a sample content pack through the lifecycle (`flow demo`), with the real XSOAR tools
# when FLOW_DEMO_TOOLS=1 installs them.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
flow="$(scripts/build-release.sh)"
tools=()
if [ "${FLOW_DEMO_TOOLS:-1}" = "1" ]; then
  tools=(--tools "$(scripts/xsoar-tools.sh)")
fi
exec "$flow" demo "${tools[@]}" "$@"
