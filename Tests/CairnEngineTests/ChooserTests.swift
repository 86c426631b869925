@testable import CairnEngine
import CairnLoader
import Foundation
import Testing

/// A concept of many members is matched through a `Chooser` (the members that can start at a
/// token, read from bits in written order) instead of trying every member: on the guide's own
/// term sets, every answer of the evaluation sets and the transcripts must get the very hits,
/// and the very negated hits, that trying every member gives.
@Suite("A chooser finds what trying every alternative finds")
struct ChooserTests {
    static func answers() throws -> [String] {
        let root = LearnedWordsTests.root
        var out: [String] = []
        for dir in ["Tests/Evaluation", "Transcripts"] {
            let url = root.appendingPathComponent(dir)
            let files = FileManager.default.enumerator(atPath: url.path)?.compactMap { $0 as? String } ?? []
            for file in files.sorted() where file.hasSuffix(".understanding") || file.hasSuffix(".transcript") {
                let text = try String(contentsOf: url.appendingPathComponent(file), encoding: .utf8)
                for line in text.split(separator: "\n") {
                    if file.hasSuffix(".understanding"), !line.hasPrefix("#"), let arrow = line.range(of: "=>", options: .backwards) {
                        out.append(String(line[..<arrow.lowerBound]))
                    } else if file.hasSuffix(".transcript"), line.hasPrefix("you:") {
                        out.append(String(line.dropFirst(4)))
                    }
                }
            }
        }
        return out
    }

    static func written(_ hits: [Hit]) -> [String] {
        hits.map { "\($0.term) \($0.owner) \($0.start)-\($0.end) \($0.length) \($0.level) \($0.negatedBy)" }
    }

    @Test func theGuidesTermSetsFindTheSameEitherWay() throws {
        let graph = try LearnedWordsTests.bundled()
        let u = LocaleUnderstanding(graph: graph, locale: "en")
        // The sets that have a chooser (a concept of more than `chooserThreshold` members), each
        // matched as the engine matches it: interrupts ignore negation; choices and topics take
        // each term's widest match; captures its first.
        let all: [(TermSet, Bool, Bool)] = [(u.interrupts, false, false), (u.topics, true, true)]
            + u.choices.compactMap { $0.map { ($0, true, true) } } + u.captures.map { ($0.set, true, false) }
        let sets = all.filter { set, _, _ in
            set.terms.contains { $0.pieces.contains { if case .anyOf(let alts) = $0 { alts.count > TermSet.chooserThreshold } else { false } } }
        }
        let answers = try Self.answers()
        #expect(answers.count > 1000)
        #expect(sets.count >= 3, "the interrupts, the topics and the platform capture at least")
        var found = 0
        let read = answers.map { u.answer($0) }
        for (set, negation, widest) in sets {
            let plain = TermSet(set.terms, chooserThreshold: .max)
            for (text, answer) in zip(answers, read) {
                var n1: [Hit] = [], n2: [Hit] = []
                let a = set.hits(in: answer, negation: negation, widest: widest, negated: &n1)
                let b = plain.hits(in: answer, negation: negation, widest: widest, negated: &n2)
                #expect(Self.written(a) == Self.written(b), "'\(text)'")
                #expect(Self.written(n1) == Self.written(n2), "'\(text)' (negated)")
                found += a.count
            }
        }
        #expect(found > 500, "answers do hit them")
    }
}

/// The same on made-up terms that the guide lacks: members that start with a gap (tried at every
/// token, from the chooser's `others` bits), members past the 64th (a second word of bits), a
/// member found by a typo, and a concept inside a pattern.
@Suite("A chooser finds what trying every alternative finds, on made-up terms")
struct ChooserEdgeTests {
    static func word(_ id: Int32, stem: Int32 = -1, typo: Int8 = 0) -> CompiledPiece {
        .word(WordRef(id: id, stemID: stem, exact: false, typo: typo))
    }

    /// An answer of word ids (a stem id each, 100 + the word's), with `typos[i]` the term words token i is a typo of.
    static func answer(_ ids: [Int32], typos: [Int: [Int32]] = [:]) -> Answer {
        var tokens: [Token] = []
        var list: [Int32] = []
        var signature = Signature()
        for (i, id) in ids.enumerated() {
            var t = Token(text: "w\(id)", stem: "w\(id)")
            let start = Int32(list.count)
            list += typos[i] ?? []
            t.key = TokenKey(id: id, stemID: id + 100, sentence: 0, negatedBy: -1, typoStart: start, typoCount: Int32(list.count) - start)
            signature.insert(word: id)
            signature.insert(stem: id + 100)
            tokens.append(t)
        }
        for id in list { signature.insert(word: id) }
        return Answer(tokens: tokens, typos: list, signature: signature)
    }

    @Test func gapsSecondWordsTyposAndNesting() {
        // 80 members: "k 1" for k in 10..<80 (word k, then word 1), "* 2" and "*3 5" (a gap first),
        // and "7 [8 9]" (alternatives of their own); by stem for words under 20, with typos allowed.
        var members: [[CompiledPiece]] = (10..<80).map { k in [Self.word(Int32(k), stem: k < 20 ? Int32(k + 100) : -1, typo: 1), Self.word(1)] }
        members.insert([.gap(1), Self.word(2)], at: 3)
        members.insert([.gap(3), Self.word(5)], at: 70)
        members.append([Self.word(7), .anyOf([[Self.word(8)], [Self.word(9)]])])
        let concept = Term(pieces: [.anyOf(members)], kind: .concept, owner: 0, source: "~made_up")
        let pattern = Term(pieces: [Self.word(3), .gap(2), .anyOf(members), Self.word(4)], kind: .pattern, owner: 1, source: "3 * ~made_up 4")
        let chosen = TermSet([concept, pattern]), plain = TermSet([concept, pattern], chooserThreshold: .max)
        let answers: [Answer] = [
            Self.answer([10, 1]), Self.answer([79, 1]), Self.answer([6, 2]), Self.answer([6, 6, 6, 5]), Self.answer([2]),
            Self.answer([7, 9]), Self.answer([3, 0, 15, 1, 4]), Self.answer([3, 6, 2, 4]), Self.answer([3, 7, 8, 4]),
            Self.answer([99, 1], typos: [0: [70]]), Self.answer([99, 1], typos: [0: [70, 11, 12]]), Self.answer([1, 10]),
            Self.answer([64, 1, 65, 1, 66, 1]), Self.answer([0, 0, 0, 0]),
        ]
        var found = 0
        for (n, answer) in answers.enumerated() {
            for (negation, widest) in [(false, false), (true, false), (true, true)] {
                var n1: [Hit] = [], n2: [Hit] = []
                let a = ChooserTests.written(chosen.hits(in: answer, negation: negation, widest: widest, negated: &n1))
                let b = ChooserTests.written(plain.hits(in: answer, negation: negation, widest: widest, negated: &n2))
                #expect(a == b, "answer \(n)")
                found += a.count
            }
        }
        #expect(found >= 30)
    }
}
