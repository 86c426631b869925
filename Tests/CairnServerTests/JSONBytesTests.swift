import CairnEngine
@testable import CairnServer
import Foundation
import Testing

/// The reused byte array replies are written into: growing, reuse from reply to reply, and the
/// copy of a prompt's choices within it, each against JSONEncoder's bytes.
@Suite("JSONBytes: replies written into one reused array")
struct JSONBytesTests {
    static func encoded(_ r: StepResult, _ id: RequestID) -> String { Dispatcher.encode(result: r, id: id) }

    static func written(_ r: StepResult, _ id: RequestID, into out: inout JSONBytes) -> String {
        out.reset()
        #expect(FastJSON.write(r, id: id, into: &out))
        return String(decoding: out.bytes, as: UTF8.self)
    }

    static func options(_ n: Int, _ label: String) -> [ChoiceOption] {
        (1...n).map { ChoiceOption(number: $0, id: "node.x#\($0)", label: label + " \($0)") }
    }

    @Test func oneArrayServesSmallAndLargeRepliesInTurn() {
        var out = JSONBytes(capacity: 16)
        let sizes = [1, 5_000, 3, 70_000, 0, 200, 20_000, 1]
        for (k, n) in sizes.enumerated() {
            let text = String(repeating: "ab\"c\\d\n😀 ", count: n)
            let r = StepResult(session: "s\(k)", events: [.say(text), .choices(Self.options(1 + k, "pick"))],
                               input: InputHint(.choices(Self.options(1 + k, "pick"))), ended: false)
            #expect(Self.written(r, RequestID(k), into: &out) == Self.encoded(r, RequestID(k)), "reply \(k), \(n) repetitions")
        }
        out.reset()
        #expect(out.capacity <= JSONBytes.keptCapacity, "room past the kept capacity is given back")
        #expect(out.count == 0)
    }

    /// The prompt's choices are copied from where the `choices` event wrote them; the array must
    /// grow in between (a long message after the choices) without the copy reading freed memory.
    @Test func choicesAreCopiedAfterTheArrayGrows() {
        let options = Self.options(4, "Tell me \"more\"")
        for tail in [0, 10, 100, 1_000, 10_000, 100_000] {
            var out = JSONBytes(capacity: 16)
            let r = StepResult(session: "s", events: [.choices(options), .say(String(repeating: "x", count: tail)), .ask(variable: "v", expect: "text", optional: false)],
                               input: InputHint(.choices(options)), ended: false)
            #expect(Self.written(r, RequestID(1), into: &out) == Self.encoded(r, RequestID(1)), "tail \(tail)")
        }
    }

    @Test func appendsOfEveryKind() {
        var out = JSONBytes(capacity: 16)
        out.append("{\"a\":")
        out.append(UInt8(ascii: "1"))
        out.append(contentsOf: ",\"b\":")
        out.jsonString("é\u{01}\"")
        out.append(contentsOf: String(repeating: "z", count: 100))
        out.appendCopy(from: 0, length: 5)
        #expect(String(decoding: out.bytes, as: UTF8.self) == "{\"a\":1,\"b\":\"é\\u0001\\\"\"" + String(repeating: "z", count: 100) + "{\"a\":")
    }

    /// The dispatcher writing every reply of the transcript script into one array gives the
    /// bytes it gives with a new array each time: two sessions in step, one written each way.
    @Test func aReusedArrayGivesTheBytesOfAFreshOne() throws {
        let dispatcher = ReadyRepliesTests.dispatcher(try ReadyRepliesTests.bundledGuide())
        var shared = JSONBytes(capacity: 16)
        func handle(_ line: String, into out: inout JSONBytes) -> String {
            out.reset()
            var line = line
            line.withUTF8 { dispatcher.handle(UnsafeRawBufferPointer($0), connection: 1, into: &out, later: { _ in }) }
            return String(decoding: out.bytes, as: UTF8.self)
        }
        func fresh(_ line: String) -> String {
            var out = JSONBytes(capacity: 16)
            return handle(line, into: &out)
        }
        func session(_ reply: String) throws -> String { try #require(try parse(reply).session) }
        let start = #"{"jsonrpc":"2.0","id":1,"method":"session.start"}"#
        var a = try session(handle(start, into: &shared)), b = try session(fresh(start))
        var compared = 0
        for text in try ReadyRepliesTests.script().prefix(400) + [String(repeating: "long answer ", count: 300), "x\"y\\z"] {
            func send(_ id: String) -> String {
                #"{"jsonrpc":"2.0","id":"r","method":"session.send","params":{"session":""# + id + #"","text":"# + Dispatcher.json(text) + "}}"
            }
            let one = handle(send(a), into: &shared), other = fresh(send(b))
            #expect(one == other.replacingOccurrences(of: b, with: a), "\(text)")
            compared += 1
            if one.contains(#""ended":true"#) {
                a = try session(handle(start, into: &shared))
                b = try session(fresh(start))
            }
        }
        #expect(compared > 400)
        let bad = #"{"jsonrpc":"2.0","id":1,"method":7}"#
        #expect(handle(bad, into: &shared) == fresh(bad))
    }
}
