import CairnEngine
import CairnLoader
import Foundation
import Testing

/// The contacts directory: cards and slots reach the person as the directory gives them, and a
/// contact detail typed anywhere else is found.
@Suite("Contacts directory")
struct ContactDirectoryTests {
    static let directory = """
        contacts:
          helpline:
            name:
              en: Kids Help Phone
              fr: Jeunesse, J'écoute
            offers:
              en: a crisis line, by call or text.
              fr: une ligne de crise.
            for: minors
            phone: { number: 1-800-668-6868, label: { en: Toll-free, fr: Sans frais } }
            text: { number: "686868", keyword: CONNECT }
            hours: 24/7
            source: the guide, "Take Down Services"
          clinic:
            name: A legal clinic
            offers: free legal advice.
            region: British Columbia
            details: none
            source: the guide, "Legal Support"
        """

    static func load(_ say: String, directory: String? = Self.directory, settings: String = "settings:\n  start: main\n") -> FlowLoader.Result {
        var files = [("settings.yaml", settings), ("main.yaml", "flow: main\ntitle: Main\nstart: a\nnodes:\n  a:\n    say:\n\(say)\n    end: completed\n")]
        if let directory { files.append(("contacts.yaml", directory)) }
        return FlowLoader.load(files: files.map { ($0.0, Data($0.1.utf8)) })
    }

    static func events(_ result: FlowLoader.Result, locale: String? = nil) throws -> [Event] {
        let graph = try #require(result.graph, "\(result.diagnostics.map(\.description))")
        var session = Session(graph: graph, locale: locale)
        return try Engine(graph: graph).step(&session, .start)
    }

    @Test func aCardIsOneContactEventWithTheWholeEntryInTheSessionsLanguage() throws {
        let result = Self.load("      - Here they are.\n      - contact: helpline\n      - { contact: clinic, if: age is adult }\n",
                               settings: "settings:\n  start: main\n  variables:\n    age: { preset: true }\n")
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.map(\.description))")
        let en = try Self.events(result)
        let helpline = Contact(id: "helpline", name: "Kids Help Phone", offers: "a crisis line, by call or text.", audience: "minors",
                               phone: [.init(number: "1-800-668-6868", label: "Toll-free")], text: [.init(number: "686868", keyword: "CONNECT")],
                               hours: "24/7", source: "the guide, \"Take Down Services\"")
        #expect(en == [.say("Here they are."), .contact(helpline), .end(reason: .completed)], "the clinic's card is hidden by its condition")
        let fr = try Self.events(result, locale: "fr-CA")
        guard case .contact(let c)? = fr.dropFirst().first else { Issue.record("no card: \(fr)"); return }
        #expect((c.name, c.offers, c.phone.first?.label, c.phone.first?.number) == ("Jeunesse, J'écoute", "une ligne de crise.", "Sans frais", "1-800-668-6868"))
        #expect(c.hours == "24/7" && c.audience == "minors", "what has no French falls back to the default language")
    }

    @Test func aSlotPutsOneFieldInTheSentence() throws {
        let say = [#"      - "{{contact.helpline.name}}: call {{contact.helpline.phone}}, or text {{contact.helpline.text}}, {{contact.helpline.hours}}.""#,
                   #"      - en: "Ask {{contact.clinic.name}} or {{ contact.helpline.name }}.""#,
                   #"        fr: "Demandez à {{contact.helpline.name}}.""#].joined(separator: "\n")
        let result = Self.load(say)
        // Only the note that the first message has no French (the second gives some).
        #expect(result.diagnostics.allSatisfy { $0.code == .missingTranslation }, "\(result.diagnostics.map(\.description))")
        #expect(try Self.events(result).dropLast() == [.say("Kids Help Phone: call 1-800-668-6868, or text CONNECT to 686868, 24/7."),
                                                        .say("Ask A legal clinic or Kids Help Phone.")])
        #expect(try Self.events(result, locale: "fr").dropFirst().first == .say("Demandez à Jeunesse, J'écoute."))
    }

    @Test func slotsSitBesideVariableSlots() throws {
        let settings = "settings:\n  start: main\n  variables:\n    who: { default: you }\n"
        let result = Self.load("      - \"{{who}} can call {{contact.helpline.phone}}.\"\n", settings: settings)
        #expect(try Self.events(result).first == .say("you can call 1-800-668-6868."))
    }

    static func codes(_ r: FlowLoader.Result) -> [String] { r.diagnostics.map(\.code.rawValue) }
    static func errors(_ r: FlowLoader.Result) -> [String] { r.diagnostics.filter { $0.severity == .error }.map(\.code.rawValue) }

    @Test func slotsAndCardsMustNameAnEntryAndAFieldItHas() {
        #expect(Self.errors(Self.load("      - \"{{contact.helpline.email}}\"\n")) == ["bad-template"])
        #expect(Self.errors(Self.load("      - \"{{contact.helpline.fax}}\"\n")) == ["bad-template"])
        #expect(Self.errors(Self.load("      - \"{{contact.helpline}}\"\n")) == ["bad-template"])
        let typo = Self.load("      - contact: helpine\n      - contact: clinic\n")
        #expect(typo.diagnostics.filter { $0.severity == .error }.map(\.message) == ["unknown contact 'helpine' (did you mean 'helpline'?)"])
        let none = Self.load("      - contact: helpline\n", directory: nil)
        #expect(none.diagnostics.map(\.message) == ["unknown contact 'helpline'; there is no contacts directory (a file with 'contacts:' at the top)"])
        let unused = Self.load("      - contact: helpline\n")
        #expect(unused.diagnostics.map(\.description) == [
            "contacts.yaml:14:3: warning: contact 'clinic' is in the directory but no message shows it; show it with 'contact: clinic' or {{contact.clinic.name}}, or remove it [unused-contact]"])
        #expect(unused.graph != nil, "an unused entry is only a warning")
    }

    /// Typed in a message, each of these is a contact detail that belongs in the directory.
    static let details = ["Call 1-800-668-6868.", "call 1 (204) 560-2083", "Toll-free: 1 (800) 532-9135", "Call 310-6789 (no area code)",
                          "Call or text 9-8-8", "call 1-800-SUICIDE", "text CONNECT to 686868.", "If you're in danger, call 911.",
                          "phone +1 604 555 0199", "write to feedback@tiktok.com", "see https://techsafety.ca/resources/x",
                          "see www.cybertip.ca", "Visit techsafety.ca for more", "at needhelpnow.ca/app."]
    /// And these are not.
    static let notDetails = ["Section 162.1 of the Criminal Code", "open 24/7", "8:30 AM to 4:30 PM", "Dodge and Lockhart (2022)",
                             "over the age of 19", "Step 3 of 5", "You have 100 followers", "e.g. a screenshot", "Type 1, 2 or 3.",
                             "It's 2026", "the ••• icon", "help@ the front desk"]

    @Test(arguments: details)
    func aContactDetailTypedInAMessageIsAnError(_ text: String) {
        let r = Self.load("      - contact: helpline\n      - contact: clinic\n      - \"\(text)\"\n")
        #expect(Self.codes(r) == ["contact-in-text"], "\(r.diagnostics.map(\.description))")
    }

    @Test(arguments: notDetails)
    func ordinaryNumbersAndWordsAreNot(_ text: String) {
        let r = Self.load("      - contact: helpline\n      - contact: clinic\n      - \"\(text)\"\n")
        #expect(r.diagnostics.isEmpty, "\(r.diagnostics.map(\.description))")
    }

    @Test func theErrorSaysWhichEntryHoldsTheDetailAndPointsAtIt() {
        let r = Self.load("      - contact: clinic\n      - contact: helpline\n      - Call 1-800-668-6868 or text CONNECT to 686868.\n")
        #expect(r.diagnostics.map(\.description) == [
            "main.yaml:9:14: error: phone number '1-800-668-6868' typed in a message; it is helpline's phone in the directory: show it with 'contact: helpline' or {{contact.helpline.phone}} [contact-in-text]",
            "main.yaml:9:48: error: phone number '686868' typed in a message; it is helpline's text in the directory: show it with 'contact: helpline' or {{contact.helpline.text}} [contact-in-text]"])
    }

    @Test func labelsAndSettingsTextsAreCheckedToo() {
        let flow = "flow: main\ntitle: Main\nstart: a\nnodes:\n  a:\n    say: Hi\n    choices:\n      - label: Call 310-6789\n        end: completed\n"
        let settings = "settings:\n  start: main\n  commands:\n    help:\n      say: Or email help@example.org.\n"
        let r = FlowLoader.load(files: [("main.yaml", Data(flow.utf8)), ("settings.yaml", Data(settings.utf8))])
        #expect(Self.codes(r) == ["contact-in-text", "contact-in-text"], "\(r.diagnostics.map(\.description))")
    }

    @Test func twoDirectoryFilesShareOneDirectory() throws {
        let other = "contacts:\n  helpline:\n    name: Again\n    offers: o.\n    details: none\n    source: s\n  third:\n    name: Third\n    offers: o.\n    details: none\n    source: s\n"
        let files = [("settings.yaml", "settings:\n  start: main\n"), ("contacts.yaml", Self.directory), ("more.yaml", other),
                     ("main.yaml", "flow: main\ntitle: Main\nstart: a\nnodes:\n  a:\n    say: [{contact: helpline}, {contact: clinic}, {contact: third}]\n    end: completed\n")]
        let r = FlowLoader.load(files: files.map { ($0.0, Data($0.1.utf8)) })
        #expect(r.diagnostics.map(\.description) == ["more.yaml:2:3: error: contact 'helpline' is already in the directory at contacts.yaml:2:3 [duplicate-id]"])
    }

    @Test func aContactEventSurvivesEncodingWithItsWireNames() throws {
        let c = Contact(id: "x", name: "X", offers: "o.", audience: "youth", ages: "under 18", region: "BC",
                        phone: [.init(number: "1-800-784-2433", label: "Toll-free", letters: "1-800-SUICIDE", note: "n")],
                        text: [.init(number: "686868", keyword: "CONNECT")], email: ["a@b.org"], web: ["https://b.org"],
                        hours: "24/7", also: "More.", source: "s")
        let data = try JSONEncoder().encode(Event.contact(c))
        #expect(try JSONDecoder().decode(Event.self, from: data) == .contact(c))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(json["type"] as? String == "contact")
        let entry = try #require(json["contact"] as? [String: Any])
        #expect(Set(entry.keys) == ["id", "name", "offers", "for", "ages", "region", "phone", "text", "email", "web", "hours", "also", "source"])
    }
}
