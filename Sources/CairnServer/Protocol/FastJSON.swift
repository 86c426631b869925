import CairnEngine

/// Hand-written JSON for the server's hot path: writing step results, byte for byte as
/// `JSONEncoder` (sorted keys, slashes unescaped) would. (Requests are read by `JSONReader`.)
///
/// `response` returns nil for what it does not handle (several handed-off variables), and the
/// caller then uses Foundation's encoder, so results never differ; only the common case is faster.
/// The equivalence is tested against Foundation in `FastJSONTests`.
enum FastJSON {
    // MARK: Writing

    /// The response line for a step result, or nil to let `JSONEncoder` write it.
    static func response(_ result: StepResult, id: RequestID) -> String? {
        // Several handed-off variables: JSONEncoder's key order for writers' names is its own.
        for case .handoff(let variables) in result.events where variables.count > 1 { return nil }
        var w = Writer()
        w.raw("{\"id\":")
        w.out.append(contentsOf: id.json.utf8)
        w.raw(",\"jsonrpc\":\"2.0\",\"result\":{\"ended\":")
        w.raw(result.ended ? "true" : "false")
        w.raw(",\"events\":[")
        for (n, event) in result.events.enumerated() {
            if n > 0 { w.raw(",") }
            w.event(event)
        }
        w.raw("]")
        if let input = result.input {
            w.raw(",\"input\":")
            w.hint(input)
        }
        w.raw(",\"session\":")
        w.string(result.session)
        w.raw("}}")
        return String(decoding: w.out, as: UTF8.self)
    }

    private struct Writer {
        var out: [UInt8] = []

        init() { out.reserveCapacity(1024) }

        mutating func raw(_ s: StaticString) {
            out.append(contentsOf: UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
        }

        mutating func int(_ n: Int) { out.append(contentsOf: String(n).utf8) }

        mutating func string(_ s: String) {
            out.append(UInt8(ascii: "\""))
            var s = s
            s.withUTF8 { bytes in
                // Runs that need no escaping are copied whole.
                var start = 0
                for (k, b) in bytes.enumerated() where b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") {
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<k]))
                    escape(b)
                    start = k + 1
                }
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
            }
            out.append(UInt8(ascii: "\""))
        }

        mutating func escape(_ b: UInt8) {
            switch b {
            case UInt8(ascii: "\""): raw("\\\"")
            case UInt8(ascii: "\\"): raw("\\\\")
            case 0x0A: raw("\\n")
            case 0x0D: raw("\\r")
            case 0x09: raw("\\t")
            case 0x08: raw("\\b")
            case 0x0C: raw("\\f")
            case 0..<0x20:
                raw("\\u00")
                out.append(hex(b >> 4))
                out.append(hex(b & 0xF))
            default: out.append(b)
            }
        }

        func hex(_ d: UInt8) -> UInt8 { d < 10 ? 0x30 + d : 0x61 + d - 10 }

        mutating func option(_ o: ChoiceOption) {
            raw("{\"id\":"); string(o.id)
            raw(",\"label\":"); string(o.label)
            raw(",\"number\":"); int(o.number)
            raw("}")
        }

        /// The last options written and where their bytes are: the prompt's choices are usually
        /// the very array of the `choices` event (equal at once, same storage), so they are copied.
        var lastOptions: (options: [ChoiceOption], range: Range<Int>)?

        mutating func options(_ os: [ChoiceOption]) {
            if let last = lastOptions, last.options == os {
                let copy = Array(out[last.range])
                out.append(contentsOf: copy)
                return
            }
            let start = out.count
            raw("[")
            for (n, o) in os.enumerated() {
                if n > 0 { raw(",") }
                option(o)
            }
            raw("]")
            lastOptions = (os, start..<out.count)
        }

        mutating func event(_ e: Event) {
            switch e {
            case .say(let text):
                raw("{\"text\":"); string(text); raw(",\"type\":\"say\"}")
            case .contact(let c):
                raw("{\"contact\":"); contact(c); raw(",\"type\":\"contact\"}")
            case .choices(let os):
                raw("{\"choices\":"); options(os); raw(",\"type\":\"choices\"}")
            case .ask(let variable, let expect, let optional):
                raw("{\"expect\":"); string(expect)
                raw(",\"optional\":"); raw(optional ? "true" : "false")
                raw(",\"type\":\"ask\",\"variable\":"); string(variable); raw("}")
            case .interrupt(let id):
                raw("{\"id\":"); string(id); raw(",\"type\":\"interrupt\"}")
            case .handoff(let variables):
                raw("{\"type\":\"handoff\",\"variables\":{")
                if let (key, value) = variables.first { string(key); raw(":"); string(value) }
                raw("}}")
            case .end(let reason):
                raw("{\"reason\":"); string(reason.rawValue); raw(",\"type\":\"end\"}")
            case .failure(let message):
                raw("{\"message\":"); string(message); raw(",\"type\":\"failure\"}")
            }
        }

        /// A directory entry, keys in `JSONEncoder`'s sorted order, absent optionals left out.
        mutating func contact(_ c: Contact) {
            var first = true
            func key(_ k: StaticString, _ w: inout Writer) { w.key(k, first: &first) }
            if let v = c.ages { key("\"ages\":", &self); string(v) }
            if let v = c.also { key("\"also\":", &self); string(v) }
            key("\"email\":", &self); strings(c.email)
            if let v = c.audience { key("\"for\":", &self); string(v) }
            if let v = c.hours { key("\"hours\":", &self); string(v) }
            key("\"id\":", &self); string(c.id)
            key("\"name\":", &self); string(c.name)
            key("\"offers\":", &self); string(c.offers)
            key("\"phone\":", &self)
            raw("[")
            for (n, p) in c.phone.enumerated() {
                if n > 0 { raw(",") }
                raw("{")
                if let v = p.label { raw("\"label\":"); string(v); raw(",") }
                if let v = p.letters { raw("\"letters\":"); string(v); raw(",") }
                if let v = p.note { raw("\"note\":"); string(v); raw(",") }
                raw("\"number\":"); string(p.number); raw("}")
            }
            raw("]")
            if let v = c.region { key("\"region\":", &self); string(v) }
            key("\"source\":", &self); string(c.source)
            key("\"text\":", &self)
            raw("[")
            for (n, t) in c.text.enumerated() {
                if n > 0 { raw(",") }
                raw("{")
                if let v = t.keyword { raw("\"keyword\":"); string(v); raw(",") }
                raw("\"number\":"); string(t.number); raw("}")
            }
            raw("]")
            key("\"web\":", &self); strings(c.web)
            raw("}")
        }

        mutating func strings(_ list: [String]) {
            raw("[")
            for (n, s) in list.enumerated() {
                if n > 0 { raw(",") }
                string(s)
            }
            raw("]")
        }

        /// An object's next key: `{` before the first, `,` before the others.
        mutating func key(_ k: StaticString, first: inout Bool) {
            raw(first ? "{" : ",")
            first = false
            raw(k)
        }

        mutating func hint(_ h: InputHint) {
            var first = true
            func key(_ k: StaticString, _ w: inout Writer) { w.key(k, first: &first) }
            if let cs = h.choices { key("\"choices\":", &self); options(cs) }
            if let e = h.expect { key("\"expect\":", &self); string(e) }
            if let o = h.optional { key("\"optional\":", &self); raw(o ? "true" : "false") }
            key("\"type\":", &self); string(h.type)
            if let v = h.variable { key("\"variable\":", &self); string(v) }
            raw("}")
        }
    }
}
