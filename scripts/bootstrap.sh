#!/usr/bin/env bash
# Installs what flow needs to build on a fresh Debian machine: libgit2-dev (and pkg-config), and
# the C++ runtime's archive the release build links (libstdc++-12-dev, which g++ brings).
# Safe to run again: it installs nothing that is already there.
set -euo pipefail
need=()
pkg-config --exists libgit2 2>/dev/null || need+=(libgit2-dev pkg-config)
[ -f "$(${CC:-cc} -print-file-name=libstdc++.a 2>/dev/null || true)" ] || need+=(libstdc++-12-dev)
[ ${#need[@]} -eq 0 ] && exit 0
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "flow: installing ${need[*]} (once)" >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
