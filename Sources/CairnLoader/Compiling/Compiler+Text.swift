import CairnEngine
import Foundation
import Yams

extension Compiler {
    /// `say:` as one message or a list; each a text, a per-locale mapping, or `{text:, if:}`.
    /// Their string ids (docs/translations.md) are `id`, then `id.2`, `id.3`...
    func readMessages(_ node: Yams.Node, id: String, _ r: inout Reader) -> [Message] {
        var out: [Message] = []
        for (i, item) in r.list(node).enumerated() {
            let textID = i == 0 ? id : "\(id).\(i + 1)"
            if case .mapping = item, let entries = r.entries(item, "a message"), entries.contains(where: { $0.key == "contact" }) {
                // A card of the contacts directory: `- contact: kids_help_phone`, optionally with `if:`.
                guard let checked = r.entries(item, "a contact card", allowed: FlowSchemaKeys.contactMessage),
                      let idNode = checked.first(where: { $0.key == "contact" })?.value,
                      let id = r.identifier(idNode, "the contact id"), useContact(id, at: r.location(idNode)) else { continue }
                let condition = checked.first { $0.key == "if" }.flatMap { readCondition($0.value, &r) }
                out.append(Message(contact: id, condition: condition))
            } else if case .mapping = item, let entries = r.entries(item, "a message"), entries.contains(where: { $0.key == "text" }) {
                guard let checked = r.entries(item, "a message", allowed: FlowSchemaKeys.message) else { continue }
                let conditionNode = checked.first { $0.key == "if" }?.value
                let note = conditionNode.flatMap(Self.conditionNote)
                let usesBefore = variableUses.count
                guard let text = checked.first(where: { $0.key == "text" }).flatMap({ readText($0.value, "text", id: textID, note: note, &r) }) else { continue }
                let textUses = usesBefore..<variableUses.count
                let condition = conditionNode.flatMap { readCondition($0, &r) }
                for i in textUses { variableUses[i].guardedBy = condition }
                out.append(Message(text: text, condition: condition))
            } else if let text = readText(item, "a message", id: textID, &r) {
                out.append(Message(text: text))
            }
        }
        return out
    }

    /// A text: one string, or one per locale (`en:`, `fr:`), each a template.
    ///
    /// With a string `id`, the text is recorded for translators (`strings`) and the translation
    /// files' entries for it become its variants where the flow file gives none.
    func readText(_ node: Yams.Node, _ what: String, id: String? = nil, note: String? = nil, _ r: inout Reader) -> Localized<Template>? {
        let text = localized(node, what, &r) { n, locale, r in template(n, what, locale: locale, &r) }
        guard let id, let text else { return text }
        return translate(text, id: id, source: node, note: note, &r)
    }

    /// A value given once or per language (`en:`, `fr:`), each read by `one` in its language.
    func localized<T: Sendable>(_ node: Yams.Node, _ what: String, _ r: inout Reader,
                                _ one: (Yams.Node, String, inout Reader) -> T?) -> Localized<T>? {
        switch node {
        case .scalar:
            return one(node, defaultLocale, &r).map { Localized($0) }
        case .mapping:
            guard let entries = r.entries(node, what) else { return nil }
            var variants: [String: T] = [:]
            for e in entries {
                guard isLocale(e.key) else {
                    r.error(.unknownKey, e.keyNode, "'\(Self.excerpt(e.key))' is not a language code like en or fr (in \(what))")
                    continue
                }
                if let t = one(e.value, e.key, &r) { variants[e.key] = t }
            }
            guard let base = variants[defaultLocale] ?? variants.values.first else { return nil }
            if variants[defaultLocale] == nil {
                r.error(.missingDefaultLocale, node, "\(what) has no '\(defaultLocale):' text (the default language)")
            }
            variants[defaultLocale] = nil
            return Localized(base, variants)
        default:
            r.error(.wrongType, node, "\(what) should be text, not \(r.kind(node))")
            return nil
        }
    }

    /// A text's template in `locale`: contact details typed in it are reported, and its
    /// `{{contact.ID.FIELD}}` slots are filled from the directory before it is parsed.
    private func template(_ node: Yams.Node, _ what: String, locale: String, _ r: inout Reader) -> Template? {
        guard let written = r.string(node, what) else { return nil }
        if written.allSatisfy(\.isWhitespace) {
            r.error(.emptyText, node, "\(what) is empty")
            return nil
        }
        if let cut = commentAfter(node, written, r.lines) {
            r.diagnostics.append(.init(.warning, .commentCutsText, at: SourceLocation(file: r.file, line: cut.line, column: cut.column),
                                       "the text stops before ' #': YAML reads '\(Self.excerpt(cut.comment))' as a comment, so the person never sees it; put the whole text in quotes to keep the #, or move the comment to a line of its own"))
        }
        checkContactDetails(written, in: what, at: node, &r)
        guard let s = fillContactSlots(written, locale: locale, at: node, &r) else { return nil }
        do {
            let t = try Template.parse(s)
            var slotCount: [String: Int] = [:]
            for part in t.parts {
                if case .variable(let name, let fallback) = part {
                    let at = wordLocation(name, after: r.location(node), nth: slotCount[name, default: 0], inSlot: true, r.lines)
                    slotCount[name, default: 0] += 1
                    variableUses.append(VariableUse(name: name, location: at, hasFallback: fallback != nil, inCondition: false, node: currentNode))
                    note(.variable, name, at: r.location(node), inSlot: true)
                }
            }
            return t
        } catch {
            r.diagnostics.append(.init(.error, .badTemplate, at: position(in: node, offset: error.offset, &r), error.message))
            return nil
        }
    }

    func readKeywords(_ node: Yams.Node, _ r: inout Reader) -> Localized<[String]> {
        func words(_ n: Yams.Node, _ locale: String) -> [String] {
            r.list(n).compactMap { item in
                guard let k = readPattern(item, "a keyword", locale: locale, &r) else { return nil }
                keywordUses.append((k, locale, r.location(item)))
                return k
            }
        }
        guard case .mapping = node, let entries = r.entries(node, "keywords") else { return Localized(words(node, defaultLocale)) }
        var variants: [String: [String]] = [:]
        for e in entries {
            guard isLocale(e.key) else {
                r.error(.unknownKey, e.keyNode, "'\(Self.excerpt(e.key))' is not a language code like en or fr (in keywords)")
                continue
            }
            variants[e.key] = words(e.value, e.key)
        }
        let base = variants.removeValue(forKey: defaultLocale) ?? []
        return Localized(base, variants)
    }

    func readCondition(_ node: Yams.Node, _ r: inout Reader) -> Condition? {
        guard let s = r.string(node, "a condition") else { return nil }
        do {
            let c = try Condition.parse(s)
            for v in c.variables {
                let at = wordLocation(v, after: r.location(node), nth: 0, inSlot: false, r.lines)
                variableUses.append(VariableUse(name: v, location: at, hasFallback: false, inCondition: true, node: currentNode))
                note(.variable, v, at: r.location(node))
            }
            return c
        } catch {
            r.diagnostics.append(.init(.error, .badCondition, at: position(in: node, offset: error.offset, &r),
                                       "\(error.message) in condition '\(Self.excerpt(s))'"))
            return nil
        }
    }

    /// "shown only if ...", for translators, from a condition as written.
    static func conditionNote(_ node: Yams.Node) -> String? {
        if case .scalar(let s) = node { return "shown only if \(s.string)" }
        return nil
    }

    /// Where a name is written in a value that starts at `mark`: its `nth` whole-word match (inside
    /// `{{...}}` when `inSlot`), searching the lines from the mark; the mark when it can't be found.
    func wordLocation(_ name: String, after mark: SourceLocation, nth: Int, inSlot: Bool, _ lines: [Substring]) -> SourceLocation {
        var seen = 0
        var line = mark.line, from = mark.column - 1
        while line >= 1, line <= lines.count, line < mark.line + 200 {
            let scalars = Array(lines[line - 1].unicodeScalars)
            while let i = SymbolIndex.find(name, in: scalars, from: from, inSlot: inSlot) {
                if seen == nth { return SourceLocation(file: mark.file, line: line, column: i + 1) }
                seen += 1
                from = i + 1
            }
            line += 1
            from = 0
        }
        return mark
    }

    /// Where a comment follows unquoted text on the line the text ends on: `say: text 555-0100 #free`
    /// means the text `text 555-0100`. Found by walking the text and the source together (an
    /// unquoted text has no escapes; only its spaces and line breaks may differ).
    func commentAfter(_ node: Yams.Node, _ text: String, _ lines: [Substring]) -> (line: Int, column: Int, comment: String)? {
        guard case .scalar(let scalar) = node, scalar.style == .plain, let mark = node.mark,
              mark.line >= 1, mark.line <= lines.count else { return nil }
        if let ascii = Self.commentAfterASCII(text, line: mark.line - 1, column: mark.column - 1, lines) { return ascii }
        var line = mark.line - 1
        var source = Array(lines[line].unicodeScalars)
        var j = mark.column - 1
        var budget = 20_000
        for c in text.unicodeScalars where !c.properties.isWhitespace {
            while true {
                budget -= 1
                if budget < 0 { return nil }
                if j >= source.count {
                    line += 1
                    guard line < lines.count, line < mark.line + 200 else { return nil }
                    source = Array(lines[line].unicodeScalars)
                    j = 0
                    continue
                }
                if source[j].properties.isWhitespace { j += 1; continue }
                break
            }
            guard source[j] == c else { return nil }
            j += 1
        }
        var k = j
        while k < source.count && (source[k] == " " || source[k] == "\t") { k += 1 }
        guard k > j, k < source.count, source[k] == "#" else { return nil }
        let comment = String(String.UnicodeScalarView(source[k...])).trimmingCharacters(in: .whitespacesAndNewlines)
        return (line + 1, k + 1, comment)
    }

    /// `commentAfter`'s walk over bytes, while the text and the lines it visits are ASCII (a byte
    /// is then a scalar, and the whitespace bytes are tab to carriage return and space); nil as
    /// soon as a byte is not ASCII, for the walk over scalars to decide (`.some(nil)`: no comment).
    static func commentAfterASCII(_ text: String, line start: Int, column: Int, _ lines: [Substring])
        -> (line: Int, column: Int, comment: String)?? {
        func space(_ b: UInt8) -> Bool { b == 0x20 || (0x09...0x0D).contains(b) }
        var line = start
        var source = Array(lines[line].utf8)
        if source.contains(where: { $0 >= 0x80 }) { return nil }
        var j = column
        var budget = 20_000
        for c in text.utf8 {
            if c >= 0x80 { return nil }
            if space(c) { continue }
            while true {
                budget -= 1
                if budget < 0 { return .some(nil) }
                if j >= source.count {
                    line += 1
                    guard line < lines.count, line < start + 1 + 200 else { return .some(nil) }
                    source = Array(lines[line].utf8)
                    if source.contains(where: { $0 >= 0x80 }) { return nil }
                    j = 0
                    continue
                }
                if space(source[j]) { j += 1; continue }
                break
            }
            guard source[j] == c else { return .some(nil) }
            j += 1
        }
        var k = j
        while k < source.count && (source[k] == 0x20 || source[k] == 0x09) { k += 1 }
        guard k > j, k < source.count, source[k] == UInt8(ascii: "#") else { return .some(nil) }
        let comment = String(decoding: source[k...], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return (line + 1, k + 1, comment)
    }

    /// A writer's text short enough to quote in a diagnostic: at most 60 characters (Unicode
    /// scalars), then "…". Every name, key or text of a flow file a diagnostic quotes goes
    /// through it; `Diagnostic.description` then escapes control characters.
    static let quoteLimit = 60

    static func excerpt(_ s: some StringProtocol) -> String { s.shortenedForMessage(quoteLimit) }

    /// The position of a character offset inside a one-line scalar (its mark otherwise).
    func position(in node: Yams.Node, offset: Int, _ r: inout Reader) -> SourceLocation {
        var loc = r.location(node)
        guard case .scalar(let s) = node, !s.string.contains("\n") else { return loc }
        switch s.style {
        case .plain: loc.column += offset
        case .singleQuoted, .doubleQuoted: loc.column += offset + 1
        default: break
        }
        return loc
    }

    func isLocale(_ s: String) -> Bool {
        let parts = s.split(separator: "-", omittingEmptySubsequences: false)
        guard let lang = parts.first, (2...3).contains(lang.count), lang.allSatisfy({ $0.isASCII && $0.isLowercase }) else { return false }
        return parts.count == 1 || (parts.count == 2 && (2...4).contains(parts[1].count) && parts[1].allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) })
    }
}
