/// One entry of the contacts directory (`Flows/contacts.yaml`), as a person sees it in one language.
///
/// An organisation or line with what it offers, who it is for, and its phone numbers, text lines,
/// email and web addresses, each exactly as the source guide gives them. The lists may all be
/// empty: many organisations in the guide have no contact details, and none are invented. The
/// wire names (`for`, `phone`, `text`, ...) are stable; a `contact` event carries one entry:
///
///     {"contact":{"id":"kids_help_phone","name":"Kids Help Phone","offers":"…","phone":[{"label":"Toll-free","number":"1-800-668-6868"}],"text":[{"keyword":"CONNECT","number":"686868"}],"email":[],"web":[],"hours":"24/7","source":"…"},"type":"contact"}
public struct Contact: Codable, Equatable, Sendable {
    /// A phone number as the guide writes it: `1-800-784-2433`, with `letters` when it also gives
    /// the number in letters (`1-800-SUICIDE`), a `label` (`Toll-free`) and a `note` (`no area code`).
    public struct Phone: Codable, Equatable, Sendable {
        public var number: String
        public var label: String?
        public var letters: String?
        public var note: String?

        public init(number: String, label: String? = nil, letters: String? = nil, note: String? = nil) {
            self.number = number
            self.label = label
            self.letters = letters
            self.note = note
        }
    }

    /// A text (SMS) line: the number, and the word to send when there is one (`CONNECT`).
    public struct TextLine: Codable, Equatable, Sendable {
        public var number: String
        public var keyword: String?

        public init(number: String, keyword: String? = nil) {
            self.number = number
            self.keyword = keyword
        }
    }

    /// The entry's id in the directory (`kids_help_phone`).
    public var id: String
    public var name: String
    /// What it offers, in a sentence or two.
    public var offers: String
    /// Who it is for, in words (`children and youth`), when the guide says.
    public var audience: String?
    /// Ages it serves (`over 19`), when the guide says.
    public var ages: String?
    /// Where it serves (`British Columbia`), when the guide says.
    public var region: String?
    public var phone: [Phone]
    public var text: [TextLine]
    public var email: [String]
    public var web: [String]
    /// When it is open (`24/7`, `8:30 AM-4:30PM`), when the guide says.
    public var hours: String?
    /// One more line for people (`They also have an online form.`).
    public var also: String?
    /// Where in the source guide the entry comes from.
    public var source: String

    public init(id: String, name: String, offers: String, audience: String? = nil, ages: String? = nil, region: String? = nil,
                phone: [Phone] = [], text: [TextLine] = [], email: [String] = [], web: [String] = [],
                hours: String? = nil, also: String? = nil, source: String) {
        self.id = id
        self.name = name
        self.offers = offers
        self.audience = audience
        self.ages = ages
        self.region = region
        self.phone = phone
        self.text = text
        self.email = email
        self.web = web
        self.hours = hours
        self.also = also
        self.source = source
    }

    /// Whether the entry has any way to reach it (a phone, text, email or web address).
    public var hasDetails: Bool { !(phone.isEmpty && text.isEmpty && email.isEmpty && web.isEmpty) }

    enum CodingKeys: String, CodingKey {
        case id, name, offers, audience = "for", ages, region, phone, text, email, web, hours, also, source
    }
}

extension Contact.TextLine {
    /// How a sentence says it: `CONNECT to 686868`, or the number alone.
    public var spoken: String { keyword.map { "\($0) to \(number)" } ?? number }
}

extension Contact.Phone {
    /// How a sentence says it: `1-800-SUICIDE (1-800-784-2433)`, `310-6789 (no area code)`.
    public var spoken: String {
        var s = letters.map { "\($0) (\(number))" } ?? number
        if let note { s += " (\(note))" }
        return s
    }
}

/// The contacts directory: its entries in the order written, each in every language it has.
public struct ContactDirectory: Sendable {
    public let entries: [Localized<Contact>]
    private let index: [String: Int]

    public init(_ entries: [Localized<Contact>] = []) {
        self.entries = entries
        var index: [String: Int] = [:]
        for (i, e) in entries.enumerated() where index[e.base.id] == nil { index[e.base.id] = i }
        self.index = index
    }

    /// The entry with this id, in every language it has, or nil.
    public func entry(_ id: String) -> Localized<Contact>? { index[id].map { entries[$0] } }

    /// The entry with this id, in `locale` (falling back to the default language), or nil.
    public func contact(_ id: String, locale: String) -> Contact? { entry(id)?.value(for: locale) }

    /// Every entry in `locale`, in the directory's order.
    public func all(locale: String) -> [Contact] { entries.map { $0.value(for: locale) } }

    public var isEmpty: Bool { entries.isEmpty }
}
