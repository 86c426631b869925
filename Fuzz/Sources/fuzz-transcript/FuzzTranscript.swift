import CairnEngine
import CairnTranscripts
import FuzzSupport

/// A transcript, any text: it parses or has positioned one-line errors (never both missing), and a
/// parsed one replays against the bundled guide with one-line-per-line failures.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTranscript(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = Fuzz.text(UnsafeRawBufferPointer(start: data, count: size))
    let (transcript, errors) = Transcript.parse(path: "t.transcript", text: text)
    for e in errors {
        Fuzz.require(Fuzz.isOneLine(e.description), "an error is one line: \(e.description.debugDescription.prefix(200))")
        Fuzz.require(e.line >= 1 && e.column >= 1, "positions start at 1")
    }
    guard let transcript else {
        Fuzz.require(!errors.isEmpty, "no transcript, yet no error")
        return 0
    }
    let runner = TranscriptRunner(engine: FuzzGuide.engine)
    for conversation in transcript.conversations.prefix(8) {
        let result = runner.run(conversation, in: transcript)
        if let failure = result.failure {
            for line in failure.split(separator: "\n", omittingEmptySubsequences: false) {
                Fuzz.require(Fuzz.isOneLine(String(line)), "a failure line has no control character: \(line.debugDescription.prefix(200))")
            }
            Fuzz.require(failure.hasPrefix("t.transcript:"), "a failure is positioned: \(failure.prefix(100))")
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
