#!/usr/bin/env bash
# Builds flow for daily use and prints the binary's path on stdout.
#
#   scripts/build-release.sh                     # .build-release/release/flow
#   FLOW_LINK=shared scripts/build-release.sh    # .build-release-shared/release/flow
#
# Release mode, the Swift runtime linked statically, a position-dependent executable (-no-pie),
# and (default, FLOW_LINK=static) Debian's libgit2 linked into the executable from libgit2-dev's
# own archives together with the libraries it needs (mbedTLS, libssh2, OpenSSL's libcrypto,
# http-parser, PCRE2); only libc, libstdc++, zlib and GSSAPI (no archive in Debian) stay shared.
# Why: the shared libgit2 brings 18 libraries linked BIND_NOW, about 3 ms of dynamic linking on
# every start, which is a third of a pre-commit hook's time (docs/performance.md).
# FLOW_LINK=shared links the shared libgit2 instead, as plain `swift build` does.
# Environment: FLOW_SCRATCH (another build directory), FLOW_BUILD_JOBS (swift build -j).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh >&2
link="${FLOW_LINK:-static}"
scratch="$PWD/.build-release"
[ "$link" = shared ] && scratch="$PWD/.build-release-shared"
scratch="${FLOW_SCRATCH:-$scratch}"
flags=(-c release --static-swift-stdlib -Xlinker -no-pie --scratch-path "$scratch" ${FLOW_BUILD_JOBS:+-j "$FLOW_BUILD_JOBS"})

case "$link" in
shared) ;;
static)
    libdir="$(pkg-config --variable=libdir libgit2)"
    archives=(libgit2.a libmbedtls.a libmbedx509.a libmbedcrypto.a libhttp_parser.a libssh2.a libcrypto.a libpcre2-8.a)
    for a in "${archives[@]}"; do
        [ -f "$libdir/$a" ] || {
            echo "build-release: $libdir/$a is missing; install libgit2-dev and its -dev dependencies" \
                 "(apt-get install libgit2-dev), or build with FLOW_LINK=shared" >&2
            exit 3
        }
    done
    stdcxx="$(${CC:-cc} -print-file-name=libstdc++.a)"
    [ -f "$stdcxx" ] || { echo "build-release: libstdc++.a is missing (apt-get install libstdc++-12-dev)" >&2; exit 3; }
    [ -f "$libdir/libz.a" ] || { echo "build-release: $libdir/libz.a is missing (apt-get install zlib1g-dev)" >&2; exit 3; }
    # SwiftPM links a system-library target with what pkg-config says, so a libgit2.pc of our own,
    # found first through PKG_CONFIG_PATH, names a linker script that groups the archives.
    # (The script's own name, not libgit2.a: SwiftPM lists the system -L directory first.)
    static="$scratch/static-libgit2"
    mkdir -p "$static"
    # libgit2's GSS-API calls (HTTP Negotiate auth, which flow never uses) answered "unavailable"
    # instead of loading libgssapi_krb5 and six more shared libraries (the file says why).
    ${CC:-cc} -O2 -c -o "$static/gssapi_unavailable.o" scripts/static-link/gssapi_unavailable.c
    {
        echo "/* written by scripts/build-release.sh: libgit2 and its libraries as archives */"
        printf 'GROUP ('; printf ' %s' "${archives[@]/#/$libdir/}" "$libdir/libz.a"; printf ' )\n'
        echo "INPUT ( $static/gssapi_unavailable.o )"
    } >"$static/libflow-git2-static.a"
    # The Swift runtime's C++ library from its archive too: the -lstdc++ that swiftc adds finds
    # this directory's libstdc++.a before the system's shared one (about 4,300 symbol relocations
    # less at every start).
    ln -sf "$stdcxx" "$static/libstdc++.a"
    ln -sf "$libdir/libz.a" "$static/libz.a"
    flags+=(-Xlinker "-L$static" -Xswiftc -Xclang-linker -Xswiftc -static-libgcc)
    sed -e "s|^libdir=.*|libdir=\"$static\"|" -e 's|^Libs:.*|Libs: -L${libdir} -lflow-git2-static|' \
        -e '/^Libs.private:/d' -e '/^Requires.private:/d' \
        "$(pkg-config --variable=pcfiledir libgit2)/libgit2.pc" >"$static/libgit2.pc"
    export PKG_CONFIG_PATH="$static${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
    # libgit2 calls mbedTLS's CA-file parser inside git_libgit2_init; --wrap sends that call to
    # flow's __wrap_ function (Sources/FlowGit/CABundle.swift), which skips it during init only.
    flags+=(-Xswiftc -DFLOW_STATIC_LIBGIT2 -Xlinker --wrap=mbedtls_x509_crt_parse_file)
    ;;
*)
    echo "build-release: FLOW_LINK must be static or shared, not '$link'" >&2
    exit 2
    ;;
esac

swift build "${flags[@]}" >&2
echo "$scratch/release/flow"
