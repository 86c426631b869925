import CairnEngine
@testable import CairnLoader
import Foundation
import Testing

/// Cairn's own English and French tables are parsed once per process (`BuiltInLexicon.tables`)
/// instead of at every load: each load after the first gets the same lexicon, the same
/// diagnostics and the same behaviour, and a flow set's own lexicon still adds to the tables and
/// changes their entries without changing them for the next load.
@Suite("Loading: Cairn's built-in tables, read once")
struct BuiltInLexiconTests {
    static let flow = """
    flow: main
    title: Main
    start: a
    nodes:
      a:
        say: Hi
        choices:
          - label: Unsure
            keywords: ["do not know"]
            end: completed
          - label: Sure
            go: b
      b:
        say: Fine
        choices:
          - label: Done
            end: completed

    """

    /// A flow set's lexicon: one word of its own, and a built-in entry (`cant: can not`) changed.
    static let lexicon = """
    lexicon: extra
    locale: en
    rewrite:
      zorp: do not know
      cant: do not know

    """

    static func load(withLexicon: Bool = false) -> FlowLoader.Result {
        var files = [("main.yaml", Data(flow.utf8))]
        if withLexicon { files.append(("extra.yaml", Data(lexicon.utf8))) }
        return FlowLoader.load(files: files)
    }

    /// The two lexicons hold the same tables and concepts.
    static func same(_ a: LocaleLexicon, _ b: LocaleLexicon) -> Bool {
        a.hasSameTables(as: b)
            && a.concepts.mapValues { $0.members.map { [$0.source, $0.value] } } == b.concepts.mapValues { $0.members.map { [$0.source, $0.value] } }
            && a.concepts.mapValues(\.location) == b.concepts.mapValues(\.location)
    }

    static func same(_ a: Lexicon, _ b: Lexicon) -> Bool {
        Set(a.locales.keys) == Set(b.locales.keys) && a.locales.allSatisfy { same($0.value, b.locales[$0.key]!) }
    }

    /// Whether `answer` picks the "do not know" choice, the only one that ends the conversation.
    static func picksUnsure(_ graph: Graph, _ answer: String) throws -> Bool {
        let engine = Engine(graph: graph)
        var session = Session(graph: graph)
        _ = try engine.step(&session, .start)
        _ = try engine.step(&session, .text(answer))
        return session.isEnded
    }

    @Test func theSharedTablesAreWhatReadingThemGives() throws {
        let shared = BuiltInLexicon.tables, fresh = BuiltInLexicon.read()
        #expect(shared.diagnostics.isEmpty && fresh.diagnostics.isEmpty, "\(fresh.diagnostics)")
        #expect(Set(shared.lexicons.keys) == ["en", "fr"])
        #expect(Self.same(Lexicon(shared.lexicons), Lexicon(fresh.lexicons)))
        let en = try #require(shared.lexicons["en"])
        #expect(en.rewrites["dont"] == "do not")
        #expect(en.numbers["two"] == 2)
        #expect(en.negationTriggers["not"] != nil)
        #expect(shared.lexicons["fr"]?.negationTriggers["pas"] != nil)
        #expect(en.concepts.isEmpty, "a built-in concept would need conceptLocations and patternUses too (BuiltInLexicon.swift)")
    }

    @Test func twoLoadsGiveEqualGraphs() throws {
        let first = Self.load(), second = Self.load()
        let a = try #require(first.graph, "\(first.diagnostics)"), b = try #require(second.graph)
        #expect(first.diagnostics == second.diagnostics)
        #expect(a.fingerprint == b.fingerprint)
        #expect(a.flows == b.flows)
        #expect(a.nodes.map(\.id) == b.nodes.map(\.id))
        #expect(Self.same(a.lexicon, b.lexicon))
        #expect(Self.same(a.lexicon, Lexicon(BuiltInLexicon.read().lexicons)), "a flow set without a lexicon has exactly Cairn's tables")
        for graph in [a, b] {
            #expect(try Self.picksUnsure(graph, "dont know"), "the built-in rewrite dont -> do not")
            #expect(try !Self.picksUnsure(graph, "zorp"))
        }
    }

    /// The checks share one normalizer per locale for Cairn's own tables; it reads answers as a
    /// fresh one does, and a lexicon that changes any table entry gets its own.
    @Test func theSharedNormalizerIsOnlyForCairnsOwnTables() throws {
        let en = try #require(BuiltInLexicon.tables.lexicons["en"])
        let shared = try #require(BuiltInLexicon.sharedNormalizer(for: en, locale: "en"))
        let fresh = TextNormalizer(en, locale: "en")
        for text in ["i dont wanna go to the cops", "nooo pls 😭", "the second one", "not sure, but maybe", "idk tbh"] {
            #expect(shared.tokens(text) == fresh.tokens(text), "\(text)")
        }
        #expect(BuiltInLexicon.sharedNormalizer(for: en, locale: "en").map { $0.tokens("im ok") } == fresh.tokens("im ok"))
        var changed = en
        changed.rewrites["zorp"] = "do not know"
        #expect(BuiltInLexicon.sharedNormalizer(for: changed, locale: "en") == nil)
        changed = en
        changed.pseudoTriggers.append("not only")
        #expect(BuiltInLexicon.sharedNormalizer(for: changed, locale: "en") == nil)
        var conceptsOnly = en
        conceptsOnly.concepts["extra"] = ConceptDefinition(members: [ConceptMember("zorp")])
        #expect(BuiltInLexicon.sharedNormalizer(for: conceptsOnly, locale: "en") != nil, "concepts are not tables")
        #expect(BuiltInLexicon.sharedNormalizer(for: en, locale: "xx") == nil)
    }

    @Test func aFlowSetsLexiconStillExtendsTheTables() throws {
        let extended = Self.load(withLexicon: true)
        let graph = try #require(extended.graph, "\(extended.diagnostics)")
        let en = graph.lexicon.lexicon(for: "en"), builtIn = try #require(BuiltInLexicon.read().lexicons["en"])
        #expect(en.rewrites["zorp"] == "do not know")
        #expect(en.rewrites["cant"] == "do not know", "the flow set's entry wins over Cairn's")
        #expect(en.rewrites.count == builtIn.rewrites.count + 1)
        #expect(en.rewrites.filter { $0.key != "zorp" && $0.key != "cant" } == builtIn.rewrites.filter { $0.key != "cant" })
        #expect(Self.same(graph.lexicon.lexicon(for: "fr"), try #require(BuiltInLexicon.read().lexicons["fr"])))
        #expect(try Self.picksUnsure(graph, "zorp"))
        #expect(try Self.picksUnsure(graph, "cant"))
        #expect(try Self.picksUnsure(graph, "dont know"), "Cairn's own entries still apply")

        // The shared tables are values: the flow set's entries are not in the next load's.
        let plain = try #require(Self.load().graph)
        #expect(Self.same(plain.lexicon.lexicon(for: "en"), builtIn))
        #expect(try !Self.picksUnsure(plain, "zorp"))
        #expect(BuiltInLexicon.tables.lexicons["en"]?.rewrites["cant"] == "can not")
    }
}
