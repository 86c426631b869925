import CairnEngine
import CairnLoader
import Foundation
import Testing

struct FlowErrors: Error, CustomStringConvertible {
    let diagnostics: [Diagnostic]
    var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

/// A contacts directory with one line, for test flows that show a number (typing one is an error).
let crisisLineDirectory = """
    contacts:
      crisis_line:
        name: A crisis line
        offers: support at any hour.
        phone: 9-8-8
        text: 9-8-8
        source: a test
    """

/// Compiles in-memory flow files (name -> YAML), failing the test on any error.
func compile(_ files: [String: String]) throws -> Graph {
    let result = FlowLoader.load(files: files.sorted { $0.key < $1.key }.map { ($0.key, Data($0.value.utf8)) })
    guard let graph = result.graph else { throw FlowErrors(diagnostics: result.diagnostics) }
    return graph
}

/// A conversation driven by a test: sends inputs, keeps every event, checks the session survives a
/// save/restore after every turn.
struct Conversation {
    let engine: Engine
    var session: Session
    var log: [Event] = []

    init(_ graph: Graph, locale: String? = nil, presets: [String: String] = [:], entry: String? = nil, maxSessionBytes: Int? = nil) {
        engine = Engine(graph: graph, maxSessionBytes: maxSessionBytes)
        session = Session(graph: graph, locale: locale, presets: presets, entry: entry.flatMap { graph.nodeIndex[$0] })
    }

    @discardableResult
    mutating func start() throws -> [Event] { try turn(.start) }

    @discardableResult
    mutating func send(_ text: String) throws -> [Event] { try turn(.text(text)) }

    @discardableResult
    mutating func turn(_ input: Input) throws -> [Event] {
        let events = try engine.step(&session, input)
        let data = try JSONEncoder().encode(session)
        let restored = try JSONDecoder().decode(Session.self, from: data)
        #expect(restored == session, "session must survive encode/decode unchanged")
        session = restored
        log += events
        return events
    }

    var node: String? { session.waitingNode.map { engine.graph.nodes[$0].id } }
}

extension [Event] {
    var says: [String] { compactMap { if case .say(let s) = $0 { s } else { nil } } }
    var labels: [String] {
        flatMap { (e: Event) -> [String] in if case .choices(let cs) = e { return cs.map(\.label) }; return [] }
    }
    var endReason: EndReason? { compactMap { if case .end(let r) = $0 { r } else { nil } }.first }
    var ends: Int { filter { if case .end = $0 { true } else { false } }.count }
}

/// A small guide used by most engine tests.
let sample: [String: String] = [
    "settings.yaml": """
    settings:
      start: main
      menu: main.menu
      variables:
        description: { default: "the image of me" }
        situation: { shareable: true }
        age_group: { shareable: true }
        topics: { shareable: true }
        counsellors: { preset: true }
      quick_exit: [get me out]
      skip_words: [skip, pass]
      interrupts:
        crisis:
          words: [suicide, kill myself, self harm]
          go: crisis
      reprompt:
        first: Sorry, I didn't catch that.
        second: Try a number, like 1.
        then: main.menu
    """,
    "main.yaml": """
    flow: main
    title: Main
    start: hello
    nodes:
      hello:
        say:
          - Hi. I'm an automated guide.
          - text: A person can join later.
            if: counsellors is yes
        choices:
          - label: Continue
            go: age
          - label: Leave now
            end: quick_exit
      age:
        say: How old are you?
        choices:
          - label: Under 18
            keywords: [young, minor]
            set: { age_group: under_18 }
            go: menu
          - label: 18 or over
            keywords: [adult]
            set: { age_group: adult }
            go: menu
      menu:
        say: What would you like to do?
        choices:
          - label: Save evidence
            keywords: [evidence, screenshot, proof]
            add: { topics: evidence }
            call: evidence
            then: menu
          - label: Write a message
            keywords: [message, consent]
            add: { topics: message }
            go: describe
          - label: Take It Down
            if: age_group is under_18
            go: takedown
          - label: Talk to a person
            keywords: [human]
            handoff: { share: [situation, age_group, topics] }
      describe:
        say: In a few words, which image is it? You can type skip.
        ask: description
        optional: true
        go: message
      message:
        say: "I do not consent to you sharing {{description}}."
        choices:
          - label: Back to the menu
            go: menu
      takedown:
        say: Take It Down is for images taken under 18.
        choices:
          - label: Back to the menu
            go: menu
    """,
    "evidence.yaml": """
    flow: evidence
    title: Evidence
    start: first
    nodes:
      first:
        say: Capture the URL.
        choices:
          - label: Done
            go: second
          - label: Skip
            go: second
      second:
        say: Note the date and time.
        choices:
          - label: Done
            return: true
          - label: Skip
            return: true
    """,
    "contacts.yaml": crisisLineDirectory,
    "crisis.yaml": """
    flow: crisis
    title: Crisis
    start: lines
    nodes:
      lines:
        say: Call or text {{contact.crisis_line.phone}}.
        choices:
          - label: Go back to where I was
            keywords: [resume]
            return: true
          - label: Leave
            end: quick_exit
    """,
]
