import Foundation

#if FLOW_STATIC_LIBGIT2
    internal import CLibGit2
#endif

// Debian's libgit2 1.5.1 (built with mbedTLS) parses the whole system CA bundle
// (/etc/ssl/certs/ca-certificates.crt, ~150 certificates) inside git_libgit2_init: about 5 ms on
// every flow start, before any work. No option or environment variable turns that off in 1.5.1
// (the path is compiled in, and GIT_OPT_SET_SSL_CERT_LOCATIONS only adds a second parse after
// init). flow never talks TLS through libgit2, so while git_libgit2_init runs, flow's own
// definition of mbedtls_x509_crt_parse_file (found before libmbedx509's by the dynamic linker,
// because the executable comes first in symbol lookup) skips the parse. Outside init it forwards
// to the real function, so an explicit GIT_OPT_SET_SSL_CERT_LOCATIONS still loads certificates;
// without one, any HTTPS through libgit2 would fail certificate verification (fail closed),
// never skip it.

/// True only while `git_libgit2_init` runs (once, from the first `Repository.discover`).
nonisolated(unsafe) var skipCABundleDuringInit = false

#if FLOW_STATIC_LIBGIT2
    // scripts/build-release.sh links libgit2 and mbedTLS statically: the linker's
    // --wrap=mbedtls_x509_crt_parse_file sends libgit2's call here and __real_… is mbedTLS's own.
    @_cdecl("__wrap_mbedtls_x509_crt_parse_file")
    public func flowMbedtlsX509CrtParseFile(_ chain: OpaquePointer?, _ path: UnsafePointer<CChar>?) -> Int32 {
        if skipCABundleDuringInit { return 0 }
        return __real_mbedtls_x509_crt_parse_file(UnsafeMutableRawPointer(chain), path)
    }
#else
    @_cdecl("mbedtls_x509_crt_parse_file")
    public func flowMbedtlsX509CrtParseFile(_ chain: OpaquePointer?, _ path: UnsafePointer<CChar>?) -> Int32 {
        if skipCABundleDuringInit { return 0 }
        typealias ParseFile = @convention(c) (OpaquePointer?, UnsafePointer<CChar>?) -> Int32
        // RTLD_NEXT: the definition after this one in lookup order, i.e. libmbedx509's.
        guard let real = dlsym(UnsafeMutableRawPointer(bitPattern: -1), "mbedtls_x509_crt_parse_file") else {
            return -1
        }
        return unsafeBitCast(real, to: ParseFile.self)(chain, path)
    }
#endif
