import CairnEngine
import NIOCore

/// Hand-written JSON for the server's hot path: writing step results, byte for byte as
/// `JSONEncoder` (sorted keys, slashes unescaped) would. (Requests are read by `JSONReader`.)
///
/// `write` appends straight to the reply's `ByteBuffer` and returns false, writing nothing, for
/// what it does not handle (several handed-off variables); the caller then uses Foundation's
/// encoder, so results never differ; only the common case is faster. The equivalence is tested
/// against Foundation in `FastJSONTests`.
enum FastJSON {
    /// The response line for a step result, or nil to let `JSONEncoder` write it.
    static func response(_ result: StepResult, id: RequestID, ready: ReadyReply? = nil) -> String? {
        var out = ByteBufferAllocator().buffer(capacity: 1024)
        guard write(result, id: id, ready: ready, into: &out) else { return nil }
        return String(buffer: out)
    }

    /// Appends the response for `result` to `out` (without a newline); false, and nothing
    /// written, when JSONEncoder should write it.
    ///
    /// - ready: the bytes prepared for `result`'s events and input hint (`ReadyReplies`), when
    ///   its events are a node's ready-made arrival; they are copied instead of written anew.
    static func write(_ result: StepResult, id: RequestID, ready: ReadyReply? = nil, into out: inout ByteBuffer) -> Bool {
        // Several handed-off variables: JSONEncoder's key order for writers' names is its own.
        for case .handoff(let variables) in result.events where variables.count > 1 { return false }
        out.writeStaticString("{\"id\":")
        out.writeString(id.json)
        out.writeStaticString(",\"jsonrpc\":\"2.0\",\"result\":{\"ended\":")
        out.writeStaticString(result.ended ? "true" : "false")
        if let ready {
            ready.write(into: &out)
        } else {
            writeEventsAndInput(result.events, result.input, into: &out)
        }
        out.writeStaticString(",\"session\":")
        out.jsonString(result.session)
        out.writeStaticString("}}")
        return true
    }

    /// `,"events":[…]` and, with a hint, `,"input":{…}`: the part of a step result that
    /// `ReadyReplies` prepares once for ready-made arrivals.
    static func writeEventsAndInput(_ events: [Event], _ input: InputHint?, into out: inout ByteBuffer) {
        var lastOptions: LastOptions?
        out.writeStaticString(",\"events\":[")
        for (n, event) in events.enumerated() {
            if n > 0 { out.writeStaticString(",") }
            out.jsonEvent(event, &lastOptions)
        }
        out.writeStaticString("]")
        if let input {
            out.writeStaticString(",\"input\":")
            out.jsonHint(input, &lastOptions)
        }
    }

    /// The last options written and where their bytes are: the prompt's choices are usually the
    /// very array of the `choices` event (equal at once, same storage), so their bytes are copied.
    struct LastOptions {
        let options: [ChoiceOption]
        let start: Int
        let count: Int
    }
}

extension ByteBuffer {
    /// A JSON string: runs that need no escaping are copied whole, found eight bytes at a time.
    mutating func jsonString(_ s: String) {
        writeInteger(UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { bytes in
            guard let base = bytes.baseAddress else { return }
            let n = bytes.count
            var start = 0, k = 0
            while k < n {
                if k + 8 <= n, !needsEscape(UnsafeRawPointer(base + k).loadUnaligned(as: UInt64.self)) {
                    k += 8
                    continue
                }
                let end = min(k + 8, n)
                while k < end {
                    let b = bytes[k]
                    if b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") {
                        if k > start { writeBytes(UnsafeRawBufferPointer(start: base + start, count: k - start)) }
                        jsonEscape(b)
                        start = k + 1
                    }
                    k += 1
                }
            }
            if n > start { writeBytes(UnsafeRawBufferPointer(start: base + start, count: n - start)) }
        }
        writeInteger(UInt8(ascii: "\""))
    }

    private mutating func jsonEscape(_ b: UInt8) {
        switch b {
        case UInt8(ascii: "\""): writeStaticString("\\\"")
        case UInt8(ascii: "\\"): writeStaticString("\\\\")
        case 0x0A: writeStaticString("\\n")
        case 0x0D: writeStaticString("\\r")
        case 0x09: writeStaticString("\\t")
        case 0x08: writeStaticString("\\b")
        case 0x0C: writeStaticString("\\f")
        default:
            func hex(_ d: UInt8) -> UInt8 { d < 10 ? 0x30 + d : 0x61 + d - 10 }
            writeStaticString("\\u00")
            writeInteger(hex(b >> 4))
            writeInteger(hex(b & 0xF))
        }
    }

    private mutating func jsonInt(_ n: Int) {
        if n >= 0 && n < 10 { writeInteger(UInt8(0x30 + n)); return }
        writeString(String(n))
    }

    private mutating func jsonOption(_ o: ChoiceOption) {
        writeStaticString("{\"id\":"); jsonString(o.id)
        writeStaticString(",\"label\":"); jsonString(o.label)
        writeStaticString(",\"number\":"); jsonInt(o.number)
        writeStaticString("}")
    }

    private mutating func jsonOptions(_ os: [ChoiceOption], _ last: inout FastJSON.LastOptions?) {
        if let l = last, l.options == os {
            // The same bytes again, copied within the buffer (no intermediate array).
            let at = writerIndex
            _ = try? copyBytes(at: l.start, to: at, length: l.count)
            moveWriterIndex(forwardBy: l.count)
            return
        }
        let start = writerIndex
        writeStaticString("[")
        for (n, o) in os.enumerated() {
            if n > 0 { writeStaticString(",") }
            jsonOption(o)
        }
        writeStaticString("]")
        last = .init(options: os, start: start, count: writerIndex - start)
    }

    fileprivate mutating func jsonEvent(_ e: Event, _ last: inout FastJSON.LastOptions?) {
        switch e {
        case .say(let text):
            writeStaticString("{\"text\":"); jsonString(text); writeStaticString(",\"type\":\"say\"}")
        case .contact(let c):
            writeStaticString("{\"contact\":"); jsonContact(c); writeStaticString(",\"type\":\"contact\"}")
        case .choices(let os):
            writeStaticString("{\"choices\":"); jsonOptions(os, &last); writeStaticString(",\"type\":\"choices\"}")
        case .ask(let variable, let expect, let optional):
            writeStaticString("{\"expect\":"); jsonString(expect)
            writeStaticString(",\"optional\":"); writeStaticString(optional ? "true" : "false")
            writeStaticString(",\"type\":\"ask\",\"variable\":"); jsonString(variable); writeStaticString("}")
        case .interrupt(let id):
            writeStaticString("{\"id\":"); jsonString(id); writeStaticString(",\"type\":\"interrupt\"}")
        case .handoff(let variables):
            writeStaticString("{\"type\":\"handoff\",\"variables\":{")
            if let (key, value) = variables.first { jsonString(key); writeStaticString(":"); jsonString(value) }
            writeStaticString("}}")
        case .end(let reason):
            writeStaticString("{\"reason\":"); jsonString(reason.rawValue); writeStaticString(",\"type\":\"end\"}")
        case .failure(let message):
            writeStaticString("{\"message\":"); jsonString(message); writeStaticString(",\"type\":\"failure\"}")
        }
    }

    /// An object's next key: `{` before the first, `,` before the others.
    private mutating func jsonKey(_ k: StaticString, _ first: inout Bool) {
        writeStaticString(first ? "{" : ",")
        first = false
        writeStaticString(k)
    }

    private mutating func jsonStrings(_ list: [String]) {
        writeStaticString("[")
        for (n, s) in list.enumerated() {
            if n > 0 { writeStaticString(",") }
            jsonString(s)
        }
        writeStaticString("]")
    }

    /// A directory entry, keys in `JSONEncoder`'s sorted order, absent optionals left out.
    private mutating func jsonContact(_ c: Contact) {
        var first = true
        if let v = c.ages { jsonKey("\"ages\":", &first); jsonString(v) }
        if let v = c.also { jsonKey("\"also\":", &first); jsonString(v) }
        jsonKey("\"email\":", &first); jsonStrings(c.email)
        if let v = c.audience { jsonKey("\"for\":", &first); jsonString(v) }
        if let v = c.hours { jsonKey("\"hours\":", &first); jsonString(v) }
        jsonKey("\"id\":", &first); jsonString(c.id)
        jsonKey("\"name\":", &first); jsonString(c.name)
        jsonKey("\"offers\":", &first); jsonString(c.offers)
        jsonKey("\"phone\":", &first)
        writeStaticString("[")
        for (n, p) in c.phone.enumerated() {
            if n > 0 { writeStaticString(",") }
            writeStaticString("{")
            if let v = p.label { writeStaticString("\"label\":"); jsonString(v); writeStaticString(",") }
            if let v = p.letters { writeStaticString("\"letters\":"); jsonString(v); writeStaticString(",") }
            if let v = p.note { writeStaticString("\"note\":"); jsonString(v); writeStaticString(",") }
            writeStaticString("\"number\":"); jsonString(p.number); writeStaticString("}")
        }
        writeStaticString("]")
        if let v = c.region { jsonKey("\"region\":", &first); jsonString(v) }
        jsonKey("\"source\":", &first); jsonString(c.source)
        jsonKey("\"text\":", &first)
        writeStaticString("[")
        for (n, t) in c.text.enumerated() {
            if n > 0 { writeStaticString(",") }
            writeStaticString("{")
            if let v = t.keyword { writeStaticString("\"keyword\":"); jsonString(v); writeStaticString(",") }
            writeStaticString("\"number\":"); jsonString(t.number); writeStaticString("}")
        }
        writeStaticString("]")
        jsonKey("\"web\":", &first); jsonStrings(c.web)
        writeStaticString("}")
    }

    fileprivate mutating func jsonHint(_ h: InputHint, _ last: inout FastJSON.LastOptions?) {
        var first = true
        if let cs = h.choices { jsonKey("\"choices\":", &first); jsonOptions(cs, &last) }
        if let e = h.expect { jsonKey("\"expect\":", &first); jsonString(e) }
        if let o = h.optional { jsonKey("\"optional\":", &first); writeStaticString(o ? "true" : "false") }
        jsonKey("\"type\":", &first); jsonString(h.type)
        if let v = h.variable { jsonKey("\"variable\":", &first); jsonString(v) }
        writeStaticString("}")
    }
}

/// Whether any of the eight bytes of `w` is a control character, a quote or a backslash (the
/// bytes JSON escapes); exact, by the usual "has a zero byte" and "has a byte less than" tests.
@inline(__always)
private func needsEscape(_ w: UInt64) -> Bool {
    let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
    let control = (w &- ones &* 0x20) & ~w & highs
    let q = w ^ (ones &* 0x22), b = w ^ (ones &* 0x5C)
    let quote = (q &- ones) & ~q & highs
    let backslash = (b &- ones) & ~b & highs
    return (control | quote | backslash) != 0
}
