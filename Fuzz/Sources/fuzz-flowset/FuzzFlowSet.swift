import CairnEngine
import CairnLoader
import Foundation
import FuzzSupport

/// A set of flow files, split from the input on lines of `=====` (at most 16 files): the same
/// invariants as one file, across references, settings and lexicons in several files.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzFlowSet(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = Fuzz.text(UnsafeRawBufferPointer(start: data, count: size))
    let parts = Fuzz.parts(text).prefix(16)
    let files = parts.enumerated().map { (path: "f\($0.offset).yaml", data: Data($0.element.utf8)) }
    FuzzFlows.check(FlowLoader.load(files: Array(files)))
    return 0
}
