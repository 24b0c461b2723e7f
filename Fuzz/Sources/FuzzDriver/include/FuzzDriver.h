#ifndef COREGATE_FUZZ_DRIVER_H
#define COREGATE_FUZZ_DRIVER_H
#include <stddef.h>
#include <stdint.h>

/// libFuzzer's driver (compiler-rt, linked by -sanitize=fuzzer). SwiftPM links an executable target's
/// `main` to `<Module>_main`, so a target defines that function and hands its arguments to this driver.
int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));

#endif
