import CairnEngine
import FuzzSupport

private let normalizers = ["en", "fr"].map { TextNormalizer(FuzzGuide.engine.graph.lexicon.lexicon(for: $0), locale: $0) }

/// The understanding layer on any text: the normalizer, then `Engine.step` on the bundled guide.
/// The first byte picks the prompt to start at and the language; each further line is one answer.
/// Every answer gets an answer: events, then the session waits again or has ended with one `end`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAnswer(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let engine = FuzzGuide.engine
    let pick = Int(data[0])
    let text = Fuzz.text(UnsafeRawBufferPointer(start: data + 1, count: size - 1))
    let locale = pick & 1 == 0 ? "en" : "fr"
    for tokens in normalizers.map({ $0.tokens(text) }) {
        for t in tokens {
            Fuzz.require(!t.text.isEmpty && !t.text.contains(" "), "a token is one word: \(t.text.debugDescription.prefix(80))")
            Fuzz.require(t.negatedBy < tokens.count, "a negation trigger is a token of the answer")
        }
    }
    let prompt = FuzzGuide.prompts[(pick >> 1) % FuzzGuide.prompts.count]
    var session = Session(graph: engine.graph, locale: locale, entry: prompt)
    do {
        _ = try engine.step(&session, .start)
        for answer in text.split(separator: "\n", omittingEmptySubsequences: false).prefix(8) {
            guard !session.isEnded else { break }
            let events = try engine.step(&session, .text(String(answer)))
            Fuzz.require(!events.isEmpty, "an answer gets an answer")
            let ends = events.filter { if case .end = $0 { true } else { false } }.count
            if session.isEnded {
                Fuzz.require(ends == 1, "an ended session ends with one end event, not \(ends)")
                if case .end = events.last {} else { Fuzz.require(false, "end comes last") }
            } else {
                Fuzz.require(ends == 0 && session.waitingNode != nil, "a session that goes on waits for the person")
            }
        }
    } catch {
        Fuzz.require(false, "a legal call is no caller error: \(error)")
    }
    return 0
}

/// Before the first input: the bundled guide is loaded once, outside any input's timeout.
@_cdecl("LLVMFuzzerInitialize")
public func initialize(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>) -> CInt {
    FuzzGuide.prepare()
    return 0
}
