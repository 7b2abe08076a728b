import Foundation
import TallyConfig

/// A scratch configuration directory: `tally.toml` and `agreements.d/fuzz.toml`, rewritten for each input.
let directory: String = {
    let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
    let path = base + "/tally-fuzz-config-\(getpid())"
    try! FileManager.default.createDirectory(atPath: path + "/agreements.d", withIntermediateDirectories: true)
    return path
}()

/// Where an input splits into the main file (before) and the agreement file (after). Without it the
/// whole input is the agreement file and the main file is empty, so every setting takes its default.
let separator = Array("\n#%% agreement\n".utf8)

/// Input: TOML text → files → `ConfigurationLoader.load(mainFile:)`, the path `tallyd` and
/// `tallyctl validate` take. Configuration errors are expected; only a crash is a finding.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzConfig(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    var main: ArraySlice<UInt8> = []
    var agreement = bytes[...]
    if let cut = bytes.firstRange(of: separator) {
        main = bytes[..<cut.lowerBound]
        agreement = bytes[cut.upperBound...]
    }
    precondition(FileManager.default.createFile(atPath: directory + "/tally.toml", contents: Data(main)))
    precondition(FileManager.default.createFile(atPath: directory + "/agreements.d/fuzz.toml", contents: Data(agreement)))
    do {
        let configuration = try ConfigurationLoader.load(mainFile: directory + "/tally.toml")
        _ = String(describing: configuration)
    } catch {
        _ = error.description
    }
    return 0
}
