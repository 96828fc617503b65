#!/usr/bin/env bash
# Builds flow's release binary (scripts/build-release.sh), or takes a downloaded one, and installs
# it as PREFIX/bin/flow.
#
#   scripts/install.sh                  # ~/.local/bin/flow
#   scripts/install.sh --prefix /opt/flow
#   scripts/install.sh --binary flow-linux-x86_64 --sha256 HEX     # a release download
#   scripts/install.sh --binary https://.../flow-linux-x86_64 --sha256 HEX
#
# A download is installed only when its SHA-256 is the one given: the checksum pins exactly the
# binary you reviewed, where a checksum file fetched beside it would only prove the download.
#
# The binary is self-contained: the shipped workflows and every other file flow reads at run
# time are compiled into it, and libgit2 is linked into it (FLOW_LINK=shared links Debian's
# shared libgit2 instead, which must then stay installed). Copying it anywhere works as well.
# Exit codes: 0 installed, 1 a checksum mismatch, 2 a bad prefix or an unreadable binary,
# 3 curl or sha256sum missing, 64 a bad option; build failures pass through.
set -euo pipefail

usage() {
    cat <<'USAGE'
usage: scripts/install.sh [--prefix DIR] [--binary FILE|URL --sha256 HEX]

Builds flow in release mode (scripts/build-release.sh) and installs it as DIR/bin/flow.
  --prefix DIR   where to install (default: ~/.local, so ~/.local/bin/flow)
  --binary X     install this released binary (a file, or an http(s) URL to download) instead
                 of building one; needs --sha256
  --sha256 HEX   the SHA-256 the binary must have (the release publishes it)
  -h, --help     this help
Environment: FLOW_LINK=shared (link Debian's shared libgit2), FLOW_SCRATCH (build directory).
USAGE
}

prefix=""
binary=""
sha256=""
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
    --binary | --sha256)
        [ $# -ge 2 ] && [ -n "$2" ] || { echo "install: $1 needs a value" >&2; usage >&2; exit 64; }
        if [ "$1" = --binary ]; then binary="$2"; else sha256="$2"; fi
        shift 2
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

if [ -n "$binary" ] || [ -n "$sha256" ]; then
    [ -n "$binary" ] && [ -n "$sha256" ] || { echo "install: --binary and --sha256 go together" >&2; exit 64; }
    sha256="$(printf '%s' "$sha256" | tr 'A-F' 'a-f')"
    [[ "$sha256" =~ ^[0-9a-f]{64}$ ]] || { echo "install: --sha256 needs 64 hex digits, got $sha256" >&2; exit 64; }
    command -v sha256sum >/dev/null || { echo "install: sha256sum is missing (apt-get install coreutils)" >&2; exit 3; }
    work="$(mktemp -d)"
    trap 'rm -rf "$work"' EXIT
    case "$binary" in
    http://* | https://*)
        command -v curl >/dev/null || { echo "install: curl is missing (apt-get install curl)" >&2; exit 3; }
        curl -fsSL --retry 3 -o "$work/flow" "$binary" || { echo "install: could not download $binary" >&2; exit 2; }
        ;;
    *)
        [ -f "$binary" ] || { echo "install: $binary is not a file" >&2; exit 2; }
        cp "$binary" "$work/flow"
        ;;
    esac
    actual="$(sha256sum "$work/flow" | cut -d' ' -f1)"
    if [ "$actual" != "$sha256" ]; then
        echo "install: $binary has SHA-256 $actual, not $sha256: not installed" >&2
        exit 1
    fi
    built="$work/flow"
else
    built="$("$(dirname "$0")/build-release.sh")"
fi
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
