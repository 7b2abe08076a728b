import FuzzerDriver
#if canImport(Glibc)
import Glibc
#endif

exit(tally_fuzzer_main(CommandLine.argc, CommandLine.unsafeArgv))
