// SwiftPM links every executable target with main renamed to <Target>_main, so libFuzzer's own
// main() is never used: each target's main.swift calls this, which starts libFuzzer's driver.
#include <stddef.h>
#include <stdint.h>
#include "FuzzerDriver.h"

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int tally_fuzzer_main(int argc, char **argv) {
    return LLVMFuzzerRunDriver(&argc, &argv, LLVMFuzzerTestOneInput);
}
