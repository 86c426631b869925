import CairnEngine
import CairnLoader
import Foundation
import FuzzSupport

/// One flow file, any bytes: the loader never traps or hangs; no graph means an error was
/// reported; every diagnostic is one line; a graph that loads also starts a conversation.
/// A file without `settings:` is given a minimal settings file, so compiling gets past the start.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFlow(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Data(bytes: data, count: size)
    var files = [(path: "main.yaml", data: bytes)]
    if bytes.range(of: Data("settings:".utf8)) == nil { files.append((path: "settings.yaml", data: Data("settings:\n  start: main\n".utf8))) }
    FuzzFlows.check(FlowLoader.load(files: files))
    return 0
}
