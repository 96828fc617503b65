#ifndef FLOW_LIBFUZZER_DRIVER_H
#define FLOW_LIBFUZZER_DRIVER_H
#include <stddef.h>
#include <stdint.h>

/* libFuzzer's driver (compiler-rt, linked by -sanitize=fuzzer). SwiftPM links every executable
   with its main renamed to <Module>_main, so each target calls the driver from there. */
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
