import CairnEngine
import Foundation
import Yams

/// The contacts directory (`contacts:` files, docs/flow-format.md): its entries, and the `contact:`
/// cards and `{{contact.ID.FIELD}}` slots of the flows that refer to them.
extension Compiler {
    /// Reads one directory file into `contactEntries`, checking every entry's shape.
    func readContacts(_ root: Yams.Node, _ r: inout Reader) {
        guard let fileEntries = r.entries(root, "a contacts file", allowed: FlowSchemaKeys.contactsFile),
              let top = fileEntries.first(where: { $0.key == "contacts" }) else { return }
        if let d = fileEntries.first(where: { $0.key == "description" }) { _ = r.string(d.value, "description") }
        guard let entries = r.entries(top.value, "contacts") else { return }
        for e in entries {
            guard Identifier.isValid(e.key) else {
                r.error(.badID, e.keyNode, "contact id '\(Self.excerpt(e.key))' should use only letters, digits and _, starting with a letter")
                continue
            }
            if let i = contactIndex[e.key] {
                r.error(.duplicateID, e.keyNode, "contact '\(Self.excerpt(e.key))' is already in the directory at \(contactEntries[i].location)")
                continue
            }
            guard let entry = readContact(e.key, e.value, at: e.keyNode, &r) else { continue }
            contactIndex[e.key] = contactEntries.count
            contactEntries.append(entry)
        }
    }

    /// An entry as read: its texts per language, the rest as written.
    struct RawContact {
        let location: SourceLocation
        let contact: Localized<Contact>
    }

    private func readContact(_ id: String, _ node: Yams.Node, at key: Yams.Node, _ r: inout Reader) -> RawContact? {
        let what = "contact '\(Self.excerpt(id))'"
        guard let entries = r.entries(node, what, allowed: FlowSchemaKeys.contact) else { return nil }
        let get = { (k: String) in entries.first { $0.key == k }?.value }
        var texts: [String: Localized<String>] = [:]
        for k in ["name", "offers", "for", "ages", "region", "hours", "also", "source"] {
            if let v = get(k), let t = plainText(v, "'\(k)' of \(what)", &r) { texts[k] = t }
        }
        for (k, why) in [("name", "its name, as the guide writes it"), ("offers", "what it offers, in a sentence"),
                         ("source", "where in the guide it comes from")] where get(k) == nil {
            r.error(.missingKey, key, "\(what) needs '\(k):', \(why)")
        }
        let phones = get("phone").map { readPhones($0, what, &r) } ?? []
        let textLines = get("text").map { readTextLines($0, what, &r) } ?? []
        let emails = get("email").map { addresses($0, "an email address", in: what, valid: Self.isEmail, &r) } ?? []
        let webs = get("web").map { addresses($0, "a web address", in: what, valid: Self.isWebAddress, &r) } ?? []
        if let n = get("note") { _ = r.string(n, "note") }
        let hasDetails = !(phones.isEmpty && textLines.isEmpty && emails.isEmpty && webs.isEmpty)
        if let d = get("details") {
            if let v = r.string(d, "details"), v != "none" {
                r.error(.badValue, d, "'details:' takes only 'none' (the guide gives no phone, text, email or web for it)")
            } else if hasDetails {
                r.error(.badValue, d, "\(what) says 'details: none' but has contact details; remove one of them")
            }
        } else if !hasDetails && get("phone") == nil && get("text") == nil && get("email") == nil && get("web") == nil {
            r.error(.missingKey, key, "\(what) has no phone, text, email or web: if the guide gives none, say so with 'details: none'")
        }
        guard let name = texts["name"], let offers = texts["offers"], let source = texts["source"] else { return nil }
        func build(_ locale: String) -> Contact {
            func v(_ t: Localized<String>?) -> String? { t?.value(for: locale) }
            return Contact(id: id, name: name.value(for: locale), offers: offers.value(for: locale), audience: v(texts["for"]),
                           ages: v(texts["ages"]), region: v(texts["region"]),
                           phone: phones.map { Contact.Phone(number: $0.number, label: v($0.label), letters: $0.letters, note: v($0.note)) },
                           text: textLines, email: emails, web: webs, hours: v(texts["hours"]), also: v(texts["also"]),
                           source: source.value(for: locale))
        }
        var locales = Set(texts.values.flatMap(\.variants.keys))
        for p in phones { locales.formUnion((p.label?.variants.keys).map(Array.init) ?? []); locales.formUnion((p.note?.variants.keys).map(Array.init) ?? []) }
        var variants: [String: Contact] = [:]
        for l in locales { variants[l] = build(l) }
        return RawContact(location: r.location(key), contact: Localized(build(defaultLocale), variants))
    }

    private struct RawPhone {
        let number: String
        let label: Localized<String>?
        let letters: String?
        let note: Localized<String>?
    }

    /// `phone:` as a number, a mapping (`number`, `label`, `letters`, `note`), or a list of either.
    private func readPhones(_ node: Yams.Node, _ what: String, _ r: inout Reader) -> [RawPhone] {
        r.list(node).compactMap { item -> RawPhone? in
            if case .scalar = item {
                guard let n = r.string(item, "a phone number"), checkNumber(n, item, &r) else { return nil }
                return RawPhone(number: n, label: nil, letters: nil, note: nil)
            }
            guard let e = r.entries(item, "a phone number of \(what)", allowed: FlowSchemaKeys.phone) else { return nil }
            let get = { (k: String) in e.first { $0.key == k }?.value }
            guard let numberNode = get("number") else {
                r.error(.missingKey, item, "a phone number of \(what) needs 'number:'")
                return nil
            }
            guard let n = r.string(numberNode, "number"), checkNumber(n, numberNode, &r) else { return nil }
            return RawPhone(number: n, label: get("label").flatMap { plainText($0, "label", &r) },
                            letters: get("letters").flatMap { r.string($0, "letters") },
                            note: get("note").flatMap { plainText($0, "note", &r) })
        }
    }

    /// `text:` as a number, a mapping (`number`, `keyword`), or a list of either.
    private func readTextLines(_ node: Yams.Node, _ what: String, _ r: inout Reader) -> [Contact.TextLine] {
        r.list(node).compactMap { item -> Contact.TextLine? in
            if case .scalar = item {
                guard let n = r.string(item, "a text number"), checkNumber(n, item, &r) else { return nil }
                return Contact.TextLine(number: n)
            }
            guard let e = r.entries(item, "a text line of \(what)", allowed: FlowSchemaKeys.textLine) else { return nil }
            guard let numberNode = e.first(where: { $0.key == "number" })?.value else {
                r.error(.missingKey, item, "a text line of \(what) needs 'number:'")
                return nil
            }
            guard let n = r.string(numberNode, "number"), checkNumber(n, numberNode, &r) else { return nil }
            return Contact.TextLine(number: n, keyword: e.first { $0.key == "keyword" }.flatMap { r.string($0.value, "keyword") })
        }
    }

    /// A phone or text number: digits with spaces, dashes, dots, brackets or a leading +.
    private func checkNumber(_ n: String, _ node: Yams.Node, _ r: inout Reader) -> Bool {
        let digits = n.filter(\.isASCII).filter(\.isNumber).count
        guard digits >= 3, n.allSatisfy({ $0.isASCII && ($0.isNumber || " -.()+".contains($0)) }) else {
            r.error(.badValue, node, "'\(Self.excerpt(n))' is not a phone number (digits, with spaces, dashes or brackets); words go in 'label:', 'letters:' or 'note:'")
            return false
        }
        return true
    }

    private func addresses(_ node: Yams.Node, _ kind: String, in what: String, valid: (String) -> Bool, _ r: inout Reader) -> [String] {
        r.list(node).compactMap { item in
            guard let s = r.string(item, kind) else { return nil }
            guard valid(s) else {
                r.error(.badValue, item, "'\(Self.excerpt(s))' is not \(kind) of \(what)")
                return nil
            }
            return s
        }
    }

    static func isEmail(_ s: String) -> Bool {
        let parts = s.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && !s.contains(where: \.isWhitespace)
            && !parts[1].hasPrefix(".") && !parts[1].hasSuffix(".")
    }

    static func isWebAddress(_ s: String) -> Bool {
        let lower = s.lowercased()
        return (lower.hasPrefix("https://") || lower.hasPrefix("http://") || lower.hasPrefix("www.")) && s.count > 8
            && !s.contains(where: \.isWhitespace)
    }

    /// A text of the directory: one string, or one per language (`en:`, `fr:`); no templates.
    private func plainText(_ node: Yams.Node, _ what: String, _ r: inout Reader) -> Localized<String>? {
        localized(node, what, &r) { n, _, r in
            guard let s = r.string(n, what) else { return nil }
            if s.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                r.error(.emptyText, n, "\(what) is empty")
                return nil
            }
            return s
        }
    }

    // MARK: References from the flows

    /// Notes a use of entry `id` at `node`; reports an unknown id (with the closest one). True when it exists.
    func useContact(_ id: String, at location: SourceLocation) -> Bool {
        guard contactIndex[id] != nil else {
            let hint = contactEntries.isEmpty ? "; there is no contacts directory (a file with 'contacts:' at the top)"
                : didYouMean(id, contactIndex.keys)
            diagnostics.append(.init(.error, .unknownContact, at: location, "unknown contact '\(Self.excerpt(id))'\(hint)"))
            return false
        }
        usedContacts.insert(id)
        return true
    }

    /// `text` with each `{{contact.ID.FIELD}}` replaced by that entry's field in `locale`, or nil
    /// (with diagnostics) when a slot can't be filled. Other `{{...}}` slots are left for `Template`.
    func fillContactSlots(_ text: String, locale: String, at node: Yams.Node, _ r: inout Reader) -> String? {
        // A byte search (`{` is one byte in UTF-8, never part of another character): Foundation's
        // `contains` compares characters and cost half of all contact checking.
        var previous: UInt8 = 0
        guard text.utf8.contains(where: { b in defer { previous = b }; return b == 0x7B && previous == 0x7B }) else { return text }
        var out = ""
        var rest = Substring(text)
        var ok = true
        while let open = rest.range(of: "{{"), let close = rest[open.upperBound...].range(of: "}}") {
            let inner = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            guard inner.hasPrefix("contact.") else {
                out += rest[..<close.upperBound]
                rest = rest[close.upperBound...]
                continue
            }
            out += rest[..<open.lowerBound]
            let offset = text.distance(from: text.startIndex, to: open.lowerBound)
            let location = position(in: node, offset: offset, &r)
            let parts = inner.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            let fields = FlowSchemaKeys.contactSlotFields
            if parts.count != 3 || !Identifier.isValid(parts[1]) {
                r.diagnostics.append(.init(.error, .badTemplate, at: location,
                                           "'{{\(Self.excerpt(inner))}}' should read {{contact.ID.FIELD}}, like {{contact.kids_help_phone.phone}}"))
                ok = false
            } else if !fields.contains(parts[2]) {
                r.diagnostics.append(.init(.error, .badTemplate, at: location,
                                           "a contact slot shows \(fields.joined(separator: ", ")), not '\(Self.excerpt(parts[2]))'\(didYouMean(parts[2], fields))"))
                ok = false
            } else if useContact(parts[1], at: location) {
                let entry = contactEntries[contactIndex[parts[1]]!].contact.value(for: locale)
                if let value = Self.field(parts[2], of: entry) {
                    out += value
                } else {
                    r.diagnostics.append(.init(.error, .badTemplate, at: location,
                                               "contact '\(Self.excerpt(parts[1]))' has no \(parts[2]) in the directory"))
                    ok = false
                }
            } else {
                ok = false
            }
            rest = rest[close.upperBound...]
        }
        out += rest
        return ok ? out : nil
    }

    /// What `{{contact.ID.FIELD}}` shows: the name, the hours, or the first phone, text, email or web.
    static func field(_ name: String, of c: Contact) -> String? {
        switch name {
        case "name": c.name
        case "phone": c.phone.first?.spoken
        case "text": c.text.first?.spoken
        case "email": c.email.first
        case "web": c.web.first
        case "hours": c.hours
        default: nil
        }
    }

    /// Warns about entries nothing shows.
    func checkUnusedContacts() {
        for entry in contactEntries where !usedContacts.contains(entry.contact.base.id) {
            let id = entry.contact.base.id
            diagnostics.append(.init(.warning, .unusedContact, at: entry.location,
                                     "contact '\(Self.excerpt(id))' is in the directory but no message shows it; show it with 'contact: \(Self.excerpt(id))' or {{contact.\(Self.excerpt(id)).name}}, or remove it"))
        }
    }
}
