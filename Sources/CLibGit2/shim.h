#ifndef FLOW_CLIBGIT2_SHIM_H
#define FLOW_CLIBGIT2_SHIM_H
#include <git2.h>
#include <git2/sys/repository.h>

/* Only in the static build (scripts/build-release.sh, ld --wrap): mbedTLS's own CA-file parser,
   which flow's __wrap_ definition forwards to outside git_libgit2_init. Declared, never
   referenced, in the shared-library build. */
int __real_mbedtls_x509_crt_parse_file(void *chain, const char *path);

/* git_libgit2_opts is variadic, which Swift cannot call: one wrapper per option flow sets. */
static inline int flow_git_set_strict_hash_verification(int enabled) {
    return git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, enabled);
}
/* The largest object of a type libgit2's object cache keeps (trees: 4 KB by default). */
static inline int flow_git_set_cache_object_limit(git_object_t type, size_t size) {
    return git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, type, size);
}
#endif
