/*
 * GSS-API answered "unavailable", for flow's static build (scripts/build-release.sh).
 *
 * Debian's libgit2.a is built with Kerberos/SPNEGO ("Negotiate") authentication for HTTP
 * remotes, so it needs libgssapi_krb5, which Debian ships only as a shared library; loading it
 * brings six more libraries (krb5, k5crypto, com_err, krb5support, keyutils, resolv) and their
 * symbol relocations on every start of flow, about a tenth of a pre-commit hook. flow never
 * talks to a remote through libgit2 (it reads refs, the index and objects; fetch and push are
 * git's own), so here every GSS-API entry point libgit2 names reports GSS_S_UNAVAILABLE: were
 * libgit2 ever to try Negotiate, it would report that the mechanism is unavailable and go on
 * without it, as a libgit2 built without GSS-API does.
 */
#include <stddef.h>
#include <stdint.h>

typedef uint32_t OM_uint32;
typedef struct { OM_uint32 length; void *elements; } gss_OID_desc, *gss_OID;
typedef struct { size_t length; void *value; } gss_buffer_desc, *gss_buffer_t;

#define GSS_S_COMPLETE 0u
#define GSS_S_UNAVAILABLE (16u << 16)

/* 1.2.840.113554.1.2.1.4, as RFC 2744 defines it. */
static gss_OID_desc hostbased_service = { 10, (void *)"\x2a\x86\x48\x86\xf7\x12\x01\x02\x01\x04" };
gss_OID GSS_C_NT_HOSTBASED_SERVICE = &hostbased_service;

static OM_uint32 unavailable(OM_uint32 *minor) {
    if (minor) *minor = 0;
    return GSS_S_UNAVAILABLE;
}

OM_uint32 gss_indicate_mechs(OM_uint32 *minor, void **mech_set) {
    if (mech_set) *mech_set = NULL;
    return unavailable(minor);
}

OM_uint32 gss_import_name(OM_uint32 *minor, gss_buffer_t name, gss_OID type, void **out) {
    (void)name; (void)type;
    if (out) *out = NULL;
    return unavailable(minor);
}

OM_uint32 gss_init_sec_context(OM_uint32 *minor, void *cred, void **context, void *target, gss_OID mech,
                               OM_uint32 flags, OM_uint32 time, void *bindings, gss_buffer_t input,
                               gss_OID *actual_mech, gss_buffer_t output, OM_uint32 *ret_flags, OM_uint32 *time_rec) {
    (void)cred; (void)context; (void)target; (void)mech; (void)flags; (void)time; (void)bindings; (void)input;
    if (actual_mech) *actual_mech = NULL;
    if (output) { output->length = 0; output->value = NULL; }
    if (ret_flags) *ret_flags = 0;
    if (time_rec) *time_rec = 0;
    return unavailable(minor);
}

OM_uint32 gss_display_status(OM_uint32 *minor, OM_uint32 status, int type, gss_OID mech,
                             OM_uint32 *message_context, gss_buffer_t message) {
    static char text[] = "GSS-API is not available in this build of flow";
    (void)status; (void)type; (void)mech;
    if (minor) *minor = 0;
    if (message_context) *message_context = 0;
    if (message) { message->length = sizeof text - 1; message->value = text; }
    return GSS_S_COMPLETE;
}

OM_uint32 gss_release_buffer(OM_uint32 *minor, gss_buffer_t buffer) {
    /* Only gss_display_status hands out a buffer, and its text is static. */
    if (buffer) { buffer->length = 0; buffer->value = NULL; }
    if (minor) *minor = 0;
    return GSS_S_COMPLETE;
}

OM_uint32 gss_release_name(OM_uint32 *minor, void **name) {
    if (name) *name = NULL;
    if (minor) *minor = 0;
    return GSS_S_COMPLETE;
}

OM_uint32 gss_release_oid_set(OM_uint32 *minor, void **set) {
    if (set) *set = NULL;
    if (minor) *minor = 0;
    return GSS_S_COMPLETE;
}

OM_uint32 gss_delete_sec_context(OM_uint32 *minor, void **context, gss_buffer_t output) {
    if (context) *context = NULL;
    if (output) { output->length = 0; output->value = NULL; }
    if (minor) *minor = 0;
    return GSS_S_COMPLETE;
}
