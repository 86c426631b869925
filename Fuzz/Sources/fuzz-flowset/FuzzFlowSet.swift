import CairnEngine
@_spi(Fuzzing) import CairnLoader
import Foundation
import FuzzSupport

/// A set of flow files, split from the input on lines of `=====` (at most 16 files): the same
/// invariants as one file, across references, settings and lexicons in several files; and
/// reading ahead changes nothing.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFlowSet(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = Fuzz.text(UnsafeRawBufferPointer(start: data, count: size))
    let parts = Fuzz.parts(text).prefix(16)
    let files = parts.enumerated().map { (path: "f\($0.offset).yaml", data: Data($0.element.utf8)) }
    let result = FlowLoader.load(files: Array(files))
    FuzzFlows.check(result)
    // One input in four is also loaded with its files read ahead on a second thread
    // (FlowLoader.ReadAhead, which a set under 64 KB does not use, so `result` read them one by
    // one): the same diagnostics, in the same order, and the same graph.
    if size % 4 == 0 {
        let ahead = FlowLoader.load(files: Array(files), readingAhead: true)
        Fuzz.require(ahead.diagnostics.map(\.description) == result.diagnostics.map(\.description),
                     "reading ahead gives the same diagnostics; one by one:\n\(result.diagnostics.map(\.description).joined(separator: "\n"))"
                        + "\nread ahead:\n\(ahead.diagnostics.map(\.description).joined(separator: "\n"))")
        Fuzz.require(ahead.hidden.map(\.description) == result.hidden.map(\.description), "and the same hidden ones")
        Fuzz.require(ahead.graph?.fingerprint == result.graph?.fingerprint && ahead.graph?.nodes.count == result.graph?.nodes.count,
                     "and the same graph")
    }
    return 0
}
