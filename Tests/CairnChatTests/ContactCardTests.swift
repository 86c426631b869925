import CairnEngine
import LineEditor
import Testing
@testable import CairnChat

/// Contact cards in the terminal: one layout wherever a card is shown, and `/contacts`.
@Suite struct ContactCardTests {
    static let khp = Contact(id: "kids_help_phone", name: "Kids Help Phone", offers: "a crisis line, by call or text.",
                             phone: [.init(number: "1-800-668-6868", label: "Toll-free")],
                             text: [.init(number: "686868", keyword: "CONNECT")], hours: "24/7", source: "the guide")

    @Test func aCardIsTheNameWhatItOffersAndEachWayToReachIt() {
        #expect(TerminalRenderer.card(Self.khp) == """
            *Kids Help Phone:* a crisis line, by call or text.
            Toll-free: 1-800-668-6868
            Text: CONNECT to 686868
            Hours: 24/7
            """)
    }

    @Test func numbersReadAsTheGuideWritesThem() {
        let line = Contact(id: "l", name: "A line", offers: "support.", phone: [.init(number: "9-8-8")], text: [.init(number: "9-8-8")], source: "s")
        #expect(TerminalRenderer.card(line) == "*A line:* support.\nCall or text: 9-8-8")
        let letters = Contact(id: "c", name: "C", offers: "o.", phone: [.init(number: "1-800-784-2433", letters: "1-800-SUICIDE")], source: "s")
        #expect(TerminalRenderer.card(letters) == "*C:* o.\nPhone: 1-800-SUICIDE (1-800-784-2433)")
        let note = Contact(id: "m", name: "M", offers: "o.", phone: [.init(number: "310-6789", note: "no area code")], source: "s")
        #expect(TerminalRenderer.card(note) == "*M:* o.\nPhone: 310-6789 (no area code)")
        let many = Contact(id: "x", name: "X", offers: "o.", phone: [.init(number: "1 (204) 560-2083", label: "Phone"), .init(number: "1 (800) 532-9135", label: "Toll-free")],
                           email: ["a@b.org"], web: ["https://b.org"], also: "They also have an online form.", source: "s")
        #expect(TerminalRenderer.card(many) == """
            *X:* o.
            Phone: 1 (204) 560-2083
            Toll-free: 1 (800) 532-9135
            Email: a@b.org
            Web: https://b.org
            They also have an online form.
            """)
        let none = Contact(id: "n", name: "N", offers: "legal advice.", source: "s")
        #expect(TerminalRenderer.card(none) == "*N:* legal advice.", "no details: nothing invented")
    }

    @Test func aCardIsShownLikeAMessageInEveryMode() {
        let plain = TerminalRenderer(mode: .plain, width: { 20 }).render([.say("Call:"), .contact(Self.khp)])
        #expect(plain == "Call:\n\nKids Help Phone: a crisis line, by call or text.\nToll-free: 1-800-668-6868\nText: CONNECT to 686868\nHours: 24/7\n")
        let rich = TerminalRenderer(mode: .rich, width: { 80 }).render([.contact(Self.khp)])
        #expect(rich.hasPrefix("\u{1B}[1mKids Help Phone:\u{1B}[22m a crisis line"), "\(rich.debugDescription)")
        let narrow = TerminalRenderer(mode: .monochrome, width: { 20 }).render([.contact(Self.khp)])
        #expect(narrow.split(separator: "\n").allSatisfy { $0.count <= 20 }, "wrapped like any message")
    }

    @Test func slashContactsListsTheDirectoryAndLeavesNoTrace() throws {
        let chat = ChatHarness(["/contacts", "/CONTACTS "], graph: try TestFlows.graph())
        _ = chat.run()
        let card = "A test helpline: someone to talk to.\nToll-free: 0000\nText: CONNECT to 686868\nHours: 24/7"
        #expect(chat.output.components(separatedBy: TerminalRenderer.directoryNote + "\n\n" + card).count == 3, "\(chat.output)")
        #expect(chat.loop.session.waitingNode == chat.loop.engine.graph.nodeIndex["welcome.menu"], "the conversation stays where it was")
        #expect(!chat.loop.recorder.text.contains("contacts") && !chat.loop.recorder.text.contains("helpline"), "not recorded, so never saved")
    }

    @Test func slashContactsIsInTheSessionsLanguage() throws {
        let graph = try TestFlows.graph()
        let chat = ChatHarness(["/contacts"], graph: graph, session: Session(graph: graph, locale: "fr"))
        _ = chat.run()
        #expect(chat.output.contains("A test helpline: quelqu'un à qui parler.\n"))
    }

    @Test func slashContactsCompletes() throws {
        let chat = ChatHarness([], graph: try TestFlows.graph())
        #expect(chat.loop.completions(for: "/con") == ["/contacts"])
    }
}
