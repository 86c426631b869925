import CairnEngine
import CairnTranscripts
import FuzzSupport

/// An `.understanding` file, any text: malformed lines are one-line errors and the rest are cases
/// that run against the bundled guide, each passing or failing on one line.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzUnderstanding(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = Fuzz.text(UnsafeRawBufferPointer(start: data, count: size))
    let (file, errors) = UnderstandingFile.parse(path: "u.understanding", text: text)
    for e in errors {
        Fuzz.require(Fuzz.isOneLine(e.description), "an error is one line: \(e.description.debugDescription.prefix(200))")
        Fuzz.require(e.line >= 1, "lines start at 1")
    }
    let runner = UnderstandingRunner(engine: FuzzGuide.engine)
    for c in file.cases.prefix(16) {
        Fuzz.require(c.line >= 1, "a case's line starts at 1")
        let result = runner.run(c, in: file.path)
        if let failure = result.failure {
            Fuzz.require(Fuzz.isOneLine(failure), "a failure is one line: \(failure.debugDescription.prefix(200))")
        }
    }
    return 0
}

/// Before the first input: the bundled guide is loaded once, outside any input's timeout.
@_cdecl("LLVMFuzzerInitialize")
public func initialize(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>) -> CInt {
    FuzzGuide.prepare()
    return 0
}
