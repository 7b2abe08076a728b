#ifndef TALLY_FUZZER_DRIVER_H
#define TALLY_FUZZER_DRIVER_H

/// Runs libFuzzer on the target's LLVMFuzzerTestOneInput with the process's arguments.
int tally_fuzzer_main(int argc, char **argv);

#endif
