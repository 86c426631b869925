import CairnEngine
import Foundation
import Yams

/// Finds phone numbers, email addresses and web addresses in a writer's text, so that `cairn check`
/// can send them to the contacts directory (`contact-in-text`).
///
/// The patterns are those of the project's source-guide checker (`shared/tools/check-contacts`):
/// North American numbers (`1-800-668-6868`, `1 (204) 560-2083`), local ones (`310-6789`), `9-8-8`,
/// numbers in letters (`1-800-SUICIDE`), and short codes (`686868`, `911`) when a word before them
/// (call, text, phone, dial, line, number) says they are one (a full stop may follow: `call 911.`); addresses with `@`; web addresses
/// starting `http://`, `https://` or `www.`, and bare ones ending in a common domain (`techsafety.ca`).
///
///     ContactDetails.find(in: "Call 1-800-668-6868.").map(\.value)   // ["1-800-668-6868"]
enum ContactDetails {
    struct Found: Equatable {
        /// `phone number`, `email address` or `web address`.
        let kind: String
        let value: String
        /// Where it starts, in characters from the start of the text.
        let offset: Int
    }

    nonisolated(unsafe) private static let phone = try! NSRegularExpression(pattern:
        #"(?<![\w.])(?:\+?1[\s.-]?)?(?:\(\d{3}\)|\d{3})[\s.-]?\d{3}[\s.-]?\d{4}(?!\d)"#
        + #"|(?<![\w-])\d{3}-\d{4}(?![\d-])"#
        + #"|(?<![\w-])\d-\d-\d(?![\d-])"#
        + #"|(?<![\w-])1-800-[A-Z]{4,}\b"#
        + #"|(?<![\w.-])\d{3,6}(?![\w-]|\.\d)"#)
    nonisolated(unsafe) private static let shortCode = try! NSRegularExpression(pattern: #"^\d{3,6}$"#)
    nonisolated(unsafe) private static let sayingNumber = try! NSRegularExpression(pattern: "call|text|phone|dial|line|number", options: .caseInsensitive)
    nonisolated(unsafe) private static let email = try! NSRegularExpression(pattern: #"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"#)
    nonisolated(unsafe) private static let web = try! NSRegularExpression(pattern:
        #"(?:https?://|www\.)[^\s)\]>"']+"#
        + #"|(?<![\w@.-])[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.(?:ca|com|org|net|gov|edu|info|io|uk|au|us)(?![\w-])(?:/[^\s)\]>"']*)?"#,
        options: .caseInsensitive)

    /// Compiles the regular expressions now (they are compiled at their first use otherwise, about
    /// 11 million instructions): a large load asks for this on another core while it reads files.
    static func prepare() {
        _ = (phone, shortCode, sayingNumber, email, web)
    }

    /// Every contact detail in `text`, in order.
    static func find(in text: String) -> [Found] {
        let bytes = text.utf8
        // A phone number has 7 digits or more, or `1-800-`, or `9-8-8`'s shape; a short code
        // (3 to 6 digits) counts only after a word such as call or text. Without any of these the
        // patterns cannot match, and most texts are spared the regular expressions.
        let digits = bytes.reduce(0) { $0 + ($1 >= 0x30 && $1 <= 0x39 ? 1 : 0) }
        let hasDigit = digits >= 3 && (digits >= 7 || Self.contains(text, "1-800-", caseInsensitive: false) || Self.hasSpacedDigits(bytes)
            || Self.sayingWords.contains { Self.contains(text, $0, caseInsensitive: true) })
        let hasAt = bytes.contains(UInt8(ascii: "@"))
        var previous: UInt8 = 0
        let hasDomain = bytes.contains { b in  // a full stop, then a letter
            defer { previous = b }
            return previous == UInt8(ascii: ".") && (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A
        }
        guard hasDigit || hasAt || hasDomain else { return [] }
        let ns = text as NSString
        let all = NSRange(location: 0, length: ns.length)
        var found: [(kind: String, range: NSRange)] = []
        var taken: [NSRange] = []
        if hasAt {
            for m in email.matches(in: text, range: all) { found.append(("email address", m.range)); taken.append(m.range) }
        }
        if hasDomain || hasAt {
            for m in web.matches(in: text, range: all) where !taken.contains(where: { NSIntersectionRange($0, m.range).length > 0 }) {
                found.append(("web address", m.range))
                taken.append(m.range)
            }
        }
        if hasDigit {
            for m in phone.matches(in: text, range: all) where !taken.contains(where: { NSIntersectionRange($0, m.range).length > 0 }) {
                let raw = ns.substring(with: m.range)
                if shortCode.firstMatch(in: raw, range: NSRange(location: 0, length: (raw as NSString).length)) != nil {
                    let start = max(0, m.range.location - 40)
                    let before = NSRange(location: start, length: m.range.location - start)
                    guard sayingNumber.firstMatch(in: text, range: before) != nil else { continue }
                }
                found.append(("phone number", m.range))
            }
        }
        return found.sorted { $0.range.location < $1.range.location }.compactMap { f in
            guard let range = Range(f.range, in: text) else { return nil }
            var value = String(text[range])
            if f.kind != "phone number" { while let last = value.last, ".,;:".contains(last) { value.removeLast() } }
            return Found(kind: f.kind, value: value, offset: text.distance(from: text.startIndex, to: range.lowerBound))
        }
    }

    /// Foundation's `range(of:)` (literal, or `.caseInsensitive`) for an ASCII `word`: on ASCII
    /// text a byte search, with ASCII letters folded, finds the same; other text asks Foundation.
    static func contains(_ text: String, _ word: String, caseInsensitive: Bool) -> Bool {
        let ascii = text.utf8.withContiguousStorageIfAvailable { bytes -> Bool? in
            let w = Array(word.utf8)
            guard !w.isEmpty else { return true }
            func fold(_ b: UInt8) -> UInt8 { caseInsensitive && b >= 0x41 && b <= 0x5A ? b | 0x20 : b }
            var i = 0
            while i < bytes.count {
                if bytes[i] >= 0x80 { return nil }
                i += 1
            }
            guard bytes.count >= w.count else { return false }
            for start in 0...(bytes.count - w.count) {
                var k = 0
                while k < w.count && fold(bytes[start + k]) == fold(w[k]) { k += 1 }
                if k == w.count { return true }
            }
            return false
        } ?? nil
        if let ascii { return ascii }
        return caseInsensitive ? text.range(of: word, options: .caseInsensitive) != nil : text.range(of: word) != nil
    }

    /// The words that make a short code a number (`sayingNumber`'s).
    private static let sayingWords = ["call", "text", "phone", "dial", "line", "number"]

    /// Whether the text has a digit, a dash, a digit, a dash and a digit (`9-8-8`).
    private static func hasSpacedDigits(_ bytes: String.UTF8View) -> Bool {
        let b = Array(bytes)
        guard b.count >= 5 else { return false }
        func digit(_ x: UInt8) -> Bool { x >= 0x30 && x <= 0x39 }
        for i in 0...(b.count - 5) where digit(b[i]) && b[i + 1] == UInt8(ascii: "-") && digit(b[i + 2]) && b[i + 3] == UInt8(ascii: "-") && digit(b[i + 4]) {
            return true
        }
        return false
    }

    /// The key a detail is known by: a phone's digits (or its letters), an address in lower case.
    static func key(_ value: String, kind: String) -> String {
        guard kind == "phone number" else { return value.lowercased() }
        let digits = value.filter { $0.isASCII && $0.isNumber }
        return digits.isEmpty || value.contains(where: { $0.isLetter }) ? value.uppercased() : digits
    }

    /// Which entry, and which of its fields, holds each detail of `contacts`.
    static func owners(_ contacts: [Contact]) -> [String: (id: String, field: String)] {
        var out: [String: (id: String, field: String)] = [:]
        func add(_ value: String, _ kind: String, _ owner: (id: String, field: String)) {
            let k = key(value, kind: kind)
            if out[k] == nil { out[k] = owner }  // the first entry, and its phone before its text line
        }
        for c in contacts {
            for p in c.phone {
                add(p.number, "phone number", (c.id, "phone"))
                if let l = p.letters { add(l, "phone number", (c.id, "phone")) }
            }
            for t in c.text { add(t.number, "phone number", (c.id, "text")) }
            for e in c.email { add(e, "email", (c.id, "email")) }
            for w in c.web { add(w, "web", (c.id, "web")) }
        }
        return out
    }
}

extension Compiler {
    /// Reports each phone number, email or web address typed in a message, label or other text.
    func checkContactDetails(_ text: String, in what: String, at node: Yams.Node, _ r: inout Reader) {
        for f in ContactDetails.find(in: text) {
            let hint: String
            if let owner = detailOwners[ContactDetails.key(f.value, kind: f.kind)] {
                hint = "it is \(owner.id)'s \(owner.field) in the directory: show it with 'contact: \(owner.id)' or {{contact.\(owner.id).\(owner.field)}}"
            } else {
                hint = "add it to the contacts directory (with where the guide gives it), then show it with 'contact: ID' or {{contact.ID.FIELD}}"
            }
            r.diagnostics.append(.init(.error, .contactInText, at: position(in: node, offset: f.offset, &r),
                                       "\(f.kind) '\(Self.excerpt(f.value))' typed in \(what); \(hint)"))
        }
    }
}
