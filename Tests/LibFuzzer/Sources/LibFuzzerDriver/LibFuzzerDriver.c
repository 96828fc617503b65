/* Declarations are in include/LibFuzzerDriver.h; SwiftPM needs one source file per C target. */
#include "LibFuzzerDriver.h"
#include <stdlib.h>

/* Each target's entry point (<Target>_main, SwiftPM's --defsym main=) calls LLVMFuzzerRunDriver
 * with its own callback. In a debug build the C start file asks for `main` before that alias is
 * seen, so the linker also takes libFuzzer's own main from its archive, which names this symbol:
 * defined here, never called. */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    (void)data;
    (void)size;
    abort();
}
