#!/usr/bin/env bash
# Builds flow's release binary (scripts/build-release.sh) and installs it as PREFIX/bin/flow.
#
#   scripts/install.sh                  # ~/.local/bin/flow
#   scripts/install.sh --prefix /opt/flow
#
# The binary is self-contained: the shipped workflows and every other file flow reads at run
# time are compiled into it, and libgit2 is linked into it (FLOW_LINK=shared links Debian's
# shared libgit2 instead, which must then stay installed). Copying it anywhere works as well.
# Exit codes: 0 installed, 2 a bad prefix, 64 a bad option; build failures pass through.
set -euo pipefail

usage() {
    cat <<'USAGE'
usage: scripts/install.sh [--prefix DIR]

Builds flow in release mode (scripts/build-release.sh) and installs it as DIR/bin/flow.
  --prefix DIR   where to install (default: ~/.local, so ~/.local/bin/flow)
  -h, --help     this help
Environment: FLOW_LINK=shared (link Debian's shared libgit2), FLOW_SCRATCH (build directory).
USAGE
}

prefix=""
while [ $# -gt 0 ]; do
    case "$1" in
    --prefix)
        [ $# -ge 2 ] && [ -n "$2" ] || { echo "install: --prefix needs a directory" >&2; usage >&2; exit 64; }
        prefix="$2"
        shift 2
        ;;
    --prefix=*)
        prefix="${1#--prefix=}"
        [ -n "$prefix" ] || { echo "install: --prefix needs a directory" >&2; exit 64; }
        shift
        ;;
    -h | --help)
        usage
        exit 0
        ;;
    *)
        echo "install: unknown option $1" >&2
        usage >&2
        exit 64
        ;;
    esac
done

[ -n "$prefix" ] || prefix="${HOME:?HOME is not set; give --prefix DIR}/.local"
case "$prefix" in
/*) ;;
*) prefix="$PWD/$prefix" ;;
esac
bin="$prefix/bin"
if [ -e "$bin" ] && [ ! -d "$bin" ]; then
    echo "install: $bin exists and is not a directory; choose another --prefix" >&2
    exit 2
fi

built="$("$(dirname "$0")/build-release.sh")"
mkdir -p "$bin"
# Through a temporary name and a rename, so a running flow (a hook mid-commit) keeps its file.
install -m 0755 "$built" "$bin/.flow.installing"
mv -f "$bin/.flow.installing" "$bin/flow"

echo "installed: $bin/flow ($("$bin/flow" --version))"
case ":${PATH:-}:" in
*":$bin:"* | *":$bin/:"*)
    echo "$bin is on your PATH: run flow in a content repository (flow init --help)"
    ;;
*)
    echo "$bin is not on your PATH: add it, e.g. echo 'export PATH=\"$bin:\$PATH\"' >> ~/.bashrc," \
         "or run $bin/flow directly"
    ;;
esac
