@testable import CairnEngine
import CairnLoader
import Dispatch
import Foundation
import Testing

/// An engine builds the understanding of languages other than the default only when a session
/// first needs one (docs/performance.md, "Loading budgets"); what any session sees is the same.
@Suite("Understanding of other languages is built on first use")
struct LazyUnderstandingTests {
    /// A guide in English with French keywords and a French lexicon.
    static let files: [String: String] = [
        "settings.yaml": """
        settings:
          start: main.ask
        """,
        "lexicon.yaml": """
        lexicon: test
        concepts:
          yes: [yes, yeah, sure]
          no: [no, nah]
        """,
        "lexicon-fr.yaml": """
        lexicon: test_fr
        locale: fr
        concepts:
          yes: [oui, ouais]
          no: [non, nan]
        """,
        "main.yaml": """
        flow: main
        title: Main
        start: ask
        nodes:
          ask:
            say: Shall we go on?
            choices:
              - id: go_on
                label: { en: Go on, fr: Continuer }
                keywords: [~yes]
                go: done
              - id: stop
                label: { en: Stop, fr: Arrêter }
                keywords: [~no]
                go: done
          done:
            say: { en: Done., fr: Fini. }
            end: completed
        """,
    ]

    @Test func aSessionInTheDefaultLanguageNeverBuildsTheOthers() throws {
        let graph = try compile(Self.files)
        let engine = Engine(graph: graph)
        let french = try #require(engine.core.understandings["fr"])
        #expect(!french.isBuilt)
        var session = Session(graph: graph)
        _ = try engine.step(&session, .start)
        let events = try engine.step(&session, .text("yeah"))
        #expect(events.contains(.say("Done.")))
        #expect(!french.isBuilt)
    }

    @Test func aFrenchSessionBuildsFrenchAndIsUnderstoodInFrench() throws {
        let graph = try compile(Self.files)
        let engine = Engine(graph: graph)
        var session = Session(graph: graph, locale: "fr")
        _ = try engine.step(&session, .start)
        #expect(engine.core.understandings["fr"]?.isBuilt == false)  // nothing to understand yet
        let events = try engine.step(&session, .text("ouais"))
        #expect(events.contains(.say("Fini.")))
        #expect(engine.core.understandings["fr"]?.isBuilt == true)
        // A regional variant uses its language's understanding, the same value.
        #expect(engine.core.understanding(for: "fr-CA") === engine.core.understanding(for: "fr"))
        #expect(engine.core.understanding(for: "en") !== engine.core.understanding(for: "fr"))
    }

    /// `.onFirstUse`: the first prompt comes before the default language's understanding exists,
    /// and every answer then gets what an eagerly built engine gives.
    @Test func theDefaultLanguageCanWaitForTheFirstAnswer() throws {
        let graph = try compile(understandingGuide)
        let eager = Engine(graph: graph)
        let deferred = Engine(graph: graph, understanding: .onFirstUse)
        #expect(eager.core.isMainUnderstandingBuilt)
        var a = Session(graph: graph), b = Session(graph: graph)
        #expect(try eager.step(&a, .start) == deferred.step(&b, .start))
        #expect(!deferred.core.isMainUnderstandingBuilt)
        for answer in ["ya", "nah", "how do i get it off insta", "kms", "back", "menu", "2", "i dont want to go to the police"] {
            guard case .waiting = a.status else { break }
            #expect(try eager.step(&a, .text(answer)) == deferred.step(&b, .text(answer)), "\(answer)")
        }
        #expect(deferred.core.isMainUnderstandingBuilt)
        let prepared = Engine(graph: graph, understanding: .onFirstUse)
        prepared.prepareUnderstanding()
        #expect(prepared.core.isMainUnderstandingBuilt)
    }

    @Test func sessionsStartingTogetherShareOneBuiltValue() throws {
        let graph = try compile(Self.files)
        let engine = Engine(graph: graph)
        let seen = UnsafeSendableBox(Array<ObjectIdentifier?>(repeating: nil, count: 16))
        DispatchQueue.concurrentPerform(iterations: 16) { i in
            let id = ObjectIdentifier(engine.core.understanding(for: "fr"))
            seen.lock.lock()
            seen.value[i] = id
            seen.lock.unlock()
        }
        #expect(Set(seen.value.compactMap { $0 }).count == 1)
        #expect(seen.value.allSatisfy { $0 != nil })
    }
}

/// A value several threads write under its lock.
final class UnsafeSendableBox<T>: @unchecked Sendable {
    let lock = NSLock()
    var value: T
    init(_ value: T) { self.value = value }
}
