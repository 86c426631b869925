import CairnEngine

/// Hand-written JSON for the server's hot path: writing step results, byte for byte as
/// `JSONEncoder` (sorted keys, slashes unescaped) would. (Requests are read by `JSONReader`.)
///
/// `write` appends to a reused `JSONBytes` (the caller copies it into the channel's buffer once)
/// and returns false, writing nothing, for what it does not handle (several handed-off
/// variables); the caller then uses Foundation's encoder, so results never differ; only the
/// common case is faster. The equivalence is tested against Foundation in `FastJSONTests`.
enum FastJSON {
    /// The response line for a step result, or nil to let `JSONEncoder` write it.
    static func response(_ result: StepResult, id: RequestID, ready: ReadyReply? = nil, options: ReadyOptions? = nil) -> String? {
        var out = JSONBytes(capacity: 1024)
        guard write(result, id: id, ready: ready, options: options, into: &out) else { return nil }
        return String(decoding: out.bytes, as: UTF8.self)
    }

    /// Appends the response for `result` to `out` (without a newline); false, and nothing
    /// written, when JSONEncoder should write it.
    ///
    /// - ready: the bytes prepared for `result`'s events and input hint (`ReadyReplies`), when
    ///   its events are a node's ready-made arrival; they are copied instead of written anew.
    /// - options: the bytes prepared for the fixed options of the node the session waits at;
    ///   copied wherever the events or the hint hold that very array.
    static func write(_ result: StepResult, id: RequestID, ready: ReadyReply? = nil, options: ReadyOptions? = nil,
                      into out: inout JSONBytes) -> Bool {
        // Several handed-off variables: JSONEncoder's key order for writers' names is its own.
        for case .handoff(let variables) in result.events where variables.count > 1 { return false }
        out.append("{\"id\":")
        out.append(contentsOf: id.json)
        out.append(",\"jsonrpc\":\"2.0\",\"result\":{\"ended\":")
        out.append(result.ended ? "true" : "false")
        if let ready {
            ready.write(into: &out)
        } else {
            writeEventsAndInput(result.events, result.input, options: options, into: &out)
        }
        out.append(",\"session\":")
        out.jsonString(result.session)
        out.append("}}")
        return true
    }

    /// `,"events":[…]` and, with a hint, `,"input":{…}`: the part of a step result that
    /// `ReadyReplies` prepares once for ready-made arrivals.
    static func writeEventsAndInput(_ events: [Event], _ input: InputHint?, options: ReadyOptions? = nil, into out: inout JSONBytes) {
        var lastOptions = LastOptions(ready: options)
        out.append(",\"events\":[")
        for (n, event) in events.enumerated() {
            if n > 0 { out.append(",") }
            out.jsonEvent(event, &lastOptions)
        }
        out.append("]")
        if let input {
            out.append(",\"input\":")
            out.jsonHint(input, &lastOptions)
        }
    }

    /// The last options written and where their bytes are: the prompt's choices are usually the
    /// very array of the `choices` event (equal at once, same storage), so their bytes are copied.
    ///
    /// `ready`: the prepared bytes of one fixed list, copied wherever that very array is written.
    struct LastOptions {
        var ready: ReadyOptions?
        var written: (options: [ChoiceOption], start: Int, count: Int)?
    }
}

extension JSONBytes {
    /// A JSON string: room for the worst case (every byte a `\u00XX`) is made once; runs that
    /// need no escaping are copied whole, found eight bytes at a time.
    mutating func jsonString(_ s: String) {
        var s = s
        let p = reserve(6 * s.utf8.count + 2).assumingMemoryBound(to: UInt8.self)
        let written = s.withUTF8 { bytes in
            let n = bytes.count
            p[0] = UInt8(ascii: "\"")
            var o = 1
            if let base = bytes.baseAddress {
                var start = 0, k = 0
                while k < n {
                    if k + 8 <= n, !needsEscape(UnsafeRawPointer(base + k).loadUnaligned(as: UInt64.self)) {
                        k += 8
                        continue
                    }
                    let end = min(k + 8, n)
                    while k < end {
                        let b = base[k]
                        if b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") {
                            if k > start { (p + o).update(from: base + start, count: k - start); o += k - start }
                            o += jsonEscape(b, p + o)
                            start = k + 1
                        }
                        k += 1
                    }
                }
                if n > start { (p + o).update(from: base + start, count: n - start); o += n - start }
            }
            p[o] = UInt8(ascii: "\"")
            return o + 1
        }
        commit(written)
    }

    private mutating func jsonInt(_ n: Int) {
        if n >= 0 && n < 10 { append(UInt8(0x30 + n)); return }
        append(contentsOf: String(n))
    }

    private mutating func jsonOption(_ o: ChoiceOption) {
        append("{\"id\":"); jsonString(o.id)
        append(",\"label\":"); jsonString(o.label)
        append(",\"number\":"); jsonInt(o.number)
        append("}")
    }

    mutating func jsonOptions(_ os: [ChoiceOption], _ last: inout FastJSON.LastOptions) {
        if let r = last.ready, r.isFor(os) {
            r.bytes.write(into: &self)
            return
        }
        if let l = last.written, l.options == os {
            // The same bytes again, copied within the buffer.
            appendCopy(from: l.start, length: l.count)
            return
        }
        let start = count
        append("[")
        for (n, o) in os.enumerated() {
            if n > 0 { append(",") }
            jsonOption(o)
        }
        append("]")
        last.written = (os, start, count - start)
    }

    fileprivate mutating func jsonEvent(_ e: Event, _ last: inout FastJSON.LastOptions) {
        switch e {
        case .say(let text):
            append("{\"text\":"); jsonString(text); append(",\"type\":\"say\"}")
        case .contact(let c):
            append("{\"contact\":"); jsonContact(c); append(",\"type\":\"contact\"}")
        case .choices(let os):
            append("{\"choices\":"); jsonOptions(os, &last); append(",\"type\":\"choices\"}")
        case .ask(let variable, let expect, let optional):
            append("{\"expect\":"); jsonString(expect)
            append(",\"optional\":"); append(optional ? "true" : "false")
            append(",\"type\":\"ask\",\"variable\":"); jsonString(variable); append("}")
        case .interrupt(let id):
            append("{\"id\":"); jsonString(id); append(",\"type\":\"interrupt\"}")
        case .handoff(let variables):
            append("{\"type\":\"handoff\",\"variables\":{")
            if let (key, value) = variables.first { jsonString(key); append(":"); jsonString(value) }
            append("}}")
        case .end(let reason):
            append("{\"reason\":"); jsonString(reason.rawValue); append(",\"type\":\"end\"}")
        case .failure(let message):
            append("{\"message\":"); jsonString(message); append(",\"type\":\"failure\"}")
        }
    }

    /// An object's next key: `{` before the first, `,` before the others.
    private mutating func jsonKey(_ k: StaticString, _ first: inout Bool) {
        append(first ? "{" : ",")
        first = false
        append(k)
    }

    private mutating func jsonStrings(_ list: [String]) {
        append("[")
        for (n, s) in list.enumerated() {
            if n > 0 { append(",") }
            jsonString(s)
        }
        append("]")
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
        append("[")
        for (n, p) in c.phone.enumerated() {
            if n > 0 { append(",") }
            append("{")
            if let v = p.label { append("\"label\":"); jsonString(v); append(",") }
            if let v = p.letters { append("\"letters\":"); jsonString(v); append(",") }
            if let v = p.note { append("\"note\":"); jsonString(v); append(",") }
            append("\"number\":"); jsonString(p.number); append("}")
        }
        append("]")
        if let v = c.region { jsonKey("\"region\":", &first); jsonString(v) }
        jsonKey("\"source\":", &first); jsonString(c.source)
        jsonKey("\"text\":", &first)
        append("[")
        for (n, t) in c.text.enumerated() {
            if n > 0 { append(",") }
            append("{")
            if let v = t.keyword { append("\"keyword\":"); jsonString(v); append(",") }
            append("\"number\":"); jsonString(t.number); append("}")
        }
        append("]")
        jsonKey("\"web\":", &first); jsonStrings(c.web)
        append("}")
    }

    fileprivate mutating func jsonHint(_ h: InputHint, _ last: inout FastJSON.LastOptions) {
        var first = true
        if let cs = h.choices { jsonKey("\"choices\":", &first); jsonOptions(cs, &last) }
        if let e = h.expect { jsonKey("\"expect\":", &first); jsonString(e) }
        if let o = h.optional { jsonKey("\"optional\":", &first); append(o ? "true" : "false") }
        jsonKey("\"type\":", &first); jsonString(h.type)
        if let v = h.variable { jsonKey("\"variable\":", &first); jsonString(v) }
        append("}")
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

/// Writes the escape for `b` at `p` (room for 6 bytes); returns its length.
@inline(__always)
private func jsonEscape(_ b: UInt8, _ p: UnsafeMutablePointer<UInt8>) -> Int {
    p[0] = UInt8(ascii: "\\")
    switch b {
    case UInt8(ascii: "\""), UInt8(ascii: "\\"): p[1] = b
    case 0x0A: p[1] = UInt8(ascii: "n")
    case 0x0D: p[1] = UInt8(ascii: "r")
    case 0x09: p[1] = UInt8(ascii: "t")
    case 0x08: p[1] = UInt8(ascii: "b")
    case 0x0C: p[1] = UInt8(ascii: "f")
    default:
        func hex(_ d: UInt8) -> UInt8 { d < 10 ? 0x30 + d : 0x61 + d - 10 }
        p[1] = UInt8(ascii: "u"); p[2] = UInt8(ascii: "0"); p[3] = UInt8(ascii: "0")
        p[4] = hex(b >> 4); p[5] = hex(b & 0xF)
        return 6
    }
    return 2
}
