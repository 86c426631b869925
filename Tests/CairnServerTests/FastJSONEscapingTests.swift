import CairnEngine
@testable import CairnServer
import Foundation
import Testing

/// The string writer looks at eight bytes at a time: every byte JSON escapes, at every position
/// of a word and next to every other, must still come out as JSONEncoder writes it.
@Suite("FastJSON: escaping at every position")
struct FastJSONEscapingTests {
    static let special: [Character] = ["\"", "\\", "\n", "\r", "\t", "\u{08}", "\u{0C}", "\u{00}", "\u{01}", "\u{1F}"]
    static let plain: [Character] = ["a", " ", "/", "!", "#", "[", "]", "\u{7F}", "é", "😀", "A", "~", "0"]

    static func same(_ text: String) -> Bool {
        let result = StepResult(session: text, events: [.say(text)], input: nil, ended: true)
        return FastJSON.response(result, id: RequestID(1)) == Dispatcher.encode(result: result, id: RequestID(1))
    }

    @Test func eachEscapedByteAtEachPosition() {
        var checked = 0
        for c in Self.special + Self.plain {
            for length in 1...25 {
                for at in 0..<length {
                    var chars = Array(repeating: Character("x"), count: length)
                    chars[at] = c
                    let text = String(chars)
                    #expect(Self.same(text), "\(text.debugDescription)")
                    checked += 1
                }
            }
        }
        #expect(checked > 5000)
    }

    @Test func mixedRunsOfEveryKind() {
        let all = Self.special + Self.plain + ["x", "y", "z"]
        for i in 0..<2000 {
            // Lengths 0 to 39, the characters in an order that changes with i.
            let text = String((0..<(i % 40)).map { j in all[(i &* 31 &+ j &* j &* 7 &+ j) % all.count] })
            #expect(Self.same(text), "\(text.debugDescription)")
        }
    }
}
