#!/usr/bin/env bash
# Installs what flow needs to build on a fresh Debian machine: libgit2-dev (and pkg-config).
# Safe to run again: it installs nothing that is already there.
set -euo pipefail
if pkg-config --exists libgit2 2>/dev/null; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "flow: installing libgit2-dev (once)" >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq libgit2-dev pkg-config >/dev/null
