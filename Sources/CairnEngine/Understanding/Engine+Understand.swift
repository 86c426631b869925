/// What understanding reads of a session: its language and variables (passed without copying
/// the whole session).
struct SessionView {
    let locale: String
    let variables: [String: String]

    init(_ session: Session) {
        locale = session.locale
        variables = session.variables
    }

    init(locale: String, variables: [String: String]) {
        self.locale = locale
        self.variables = variables
    }
}

extension Optional where Wrapped == Explanation {
    /// Whether an explanation is being recorded (`!= nil` copied the whole explanation to tell).
    @inline(__always)
    var isSome: Bool {
        if case .some = self { return true }
        return false
    }
}

/// What `understand` found: the decision and what it points at.
struct Understood {
    var decision: Decision
    /// Index into the node's choices, the settings' interrupts or topics.
    var index = -1
    var command: Command?
    var value: String?
    var captures: [(String, String)] = []
}

extension Engine {
    /// What the engine would make of `raw` at the prompt `session` waits at, and why. Pure: the
    /// session is not changed. Nil when the session is not waiting.
    ///
    ///     engine.explain("hes blackmailing me", in: session)?.lines
    ///     // words: he is blackmailing (blackmail) me
    ///     //   choice welcome.what_happened#sextortion: keyword 'blackmail' (stem) matched 'blackmailing', tier 4, covers 1
    ///     // decision: welcome.what_happened#sextortion — keyword 'blackmail' by stem, found in the answer, covering 1 word
    public func explain(_ raw: String, in session: Session) -> Explanation? {
        guard let node = session.waitingNode else { return nil }
        return explain(raw, at: node, in: session)
    }

    /// The same, at any choices or question node (for `cairn why --at` and understanding tests).
    public func explain(_ raw: String, at node: Int, in session: Session) -> Explanation {
        var e: Explanation? = Explanation()
        let u = understand(raw, at: node, in: SessionView(session), explanation: &e)
        e!.decision = u.decision
        for (k, v) in u.captures { e!.captures[k] = v }
        return e!
    }

    /// Decides what an answer means at `node`: quick exit, interrupts, commands, then the prompt's
    /// choices (ranked), topics, or its question. Records the reasons into `explanation` when given.
    func understand(_ raw: String, at node: Int, in session: SessionView, explanation: inout Explanation?) -> Understood {
        let folded = normalize(raw)
        let asWritten = core.commandWords[folded]
        if asWritten?.exit == true { return Understood(decision: .exit) }
        let u = core.understanding(for: session.locale)
        if !explanation.isSome {
            if asWritten == nil, let picked = numberAlone(raw, at: node, in: session, u) { return picked }
            // A command word typed as written, that no interrupt hears: what `decide` gives it.
            if asWritten != nil, let i = u.commandsAlone[raw] {
                let command = graph.settings.commands[Int(i)]
                return Understood(decision: .command(command.kind), command: command)
            }
        }
        let answer = u.answer(raw)
        let tokens = answer.tokens
        explanation?.tokens = tokens
        let text = tokens.text
        let asMatched = u.commandWords[text]
        if asMatched?.exit == true { return Understood(decision: .exit) }
        let command = u.commandWords.command(asMatched) ?? core.commandWords.command(asWritten)
        var result = decide(answer, text: text, folded: folded, raw: raw, command: command, at: node, in: session, u, &explanation)
        if case .command = result.decision { return result }
        for capture in u.captures where !result.captures.contains(where: { $0.0 == capture.variable }) {
            if let v = u.capture(capture, answer) { result.captures.append((capture.variable, v)) }
        }
        return result
    }

    /// The commonest answer at a menu, a choice's number alone (`2`, `3.`, `#2`), picked without
    /// tokens. It gives what the whole way gives (Tests/CairnEngineTests/NumberAloneTests.swift
    /// compares the two): a number no table of the language knows (`entry` -1: no term word, no
    /// rewrite, no negation) has no word id, no stem id and no typos, so no interrupt, topic,
    /// capture or choice term can match it; nor can one found so at load (`numbersAlone`: the
    /// `1` of a term "162.1"); and a number that is no command word picks the choice it numbers.
    /// Anything else (letters, a command, a number out of range, `why`) goes the whole way.
    private func numberAlone(_ raw: String, at node: Int, in session: SessionView, _ u: LocaleUnderstanding) -> Understood? {
        // The answer's one run of digits, as `number` would read its only token.
        let run: String?? = raw.utf8.withContiguousStorageIfAvailable { bytes in
            var start = -1, end = -1
            for (i, b) in bytes.enumerated() {
                if (b &- 0x30) < 10 {
                    // A second run of digits is a second word.
                    if start >= 0 && end < i { return nil }
                    if start < 0 { start = i }
                    end = i + 1
                    continue
                }
                // Letters, apostrophes (which join words) and anything not ASCII go the whole way.
                if b >= 0x80 || (b | 0x20) &- 0x61 < 26 || b == UInt8(ascii: "'") { return nil }
            }
            guard start >= 0, end - start <= 4 else { return nil }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        }
        guard let run, let digits = run, let n = Int(digits), n >= 1,
              u.normalizer.entry(digits) < 0 || u.numbersAlone[digits] != nil, u.commandWords[digits] == nil else { return nil }
        if let options = core.options[node] {
            // A fixed menu: choice n is the nth (read from the options, not copying a choice).
            return n <= options.count ? Understood(decision: .choice(options[n - 1].id), index: n - 1) : nil
        }
        guard case .choices(let choices) = graph.nodes[node].exit else { return nil }
        var seen = 0
        for ci in choices.indices where choices[ci].condition?.evaluate(session.variables) ?? true {
            seen += 1
            if seen == n { return Understood(decision: .choice(choices[ci].id), index: ci) }
        }
        return nil
    }

    private func decide(_ answer: Answer, text: String, folded: String, raw: String, command: Command?, at node: Int, in session: SessionView,
                        _ u: LocaleUnderstanding, _ explanation: inout Explanation?) -> Understood {
        let tokens = answer.tokens
        var negated: [Hit] = []
        let interruptHits = u.interrupts.hits(in: answer, negation: false, negated: &negated)
        if let first = interruptHits.min(by: { $0.owner < $1.owner }) {
            let i = Int(first.owner)
            if explanation.isSome {
                for h in interruptHits { explanation!.candidates.append(candidate(h, u.interrupts, tokens, kind: "interrupt", target: graph.settings.interrupts[Int(h.owner)].id, score: nil)) }
                explanation!.rule = "interrupt words '\(u.interrupts.terms[Int(first.term)].source)' (interrupts come first and ignore negation)"
            }
            return Understood(decision: .interrupt(graph.settings.interrupts[i].id), index: i,
                              captures: captures(u.interruptCaptures[i], answer, u))
        }
        if let command {
            explanation?.rule = "the whole answer is a command word"
            return Understood(decision: .command(command.kind), command: command)
        }
        switch graph.nodes[node].exit {
        case .choices(let choices):
            return choose(answer, text: text, among: choices, at: node, in: session, u, &explanation)
        case .ask(let q):
            if q.optional && graph.settings.skipWords.contains(folded) {
                explanation?.rule = "a skip word at an optional question"
                return Understood(decision: .skip)
            }
            if let value = q.expect.accept(raw, normalized: folded) {
                explanation?.rule = "the question expects \(q.expect.name)"
                return Understood(decision: .answer, value: value)
            }
            explanation?.rule = "the question expects \(q.expect.name), and this isn't one"
            return Understood(decision: .reprompt)
        case .target:
            return Understood(decision: .reprompt)
        }
    }

    private func captures(_ matchers: [LocaleUnderstanding.CaptureMatcher], _ answer: Answer, _ u: LocaleUnderstanding) -> [(String, String)] {
        matchers.compactMap { m in u.capture(m, answer).map { (m.variable, $0) } }
    }

    /// Ranks every choice's evidence (docs/understanding.md, "Ranking") and picks the best.
    private func choose(_ answer: Answer, text: String, among choices: [Choice], at node: Int, in session: SessionView,
                        _ u: LocaleUnderstanding, _ explanation: inout Explanation?) -> Understood {
        // The visible choices and each one's best evidence live on the stack: a turn allocates
        // nothing for them.
        withUnsafeTemporaryAllocation(of: Int.self, capacity: choices.count) { visibleBuffer in
        withUnsafeTemporaryAllocation(of: Best.self, capacity: choices.count) { best in
            var count = 0
            for i in choices.indices where choices[i].condition?.evaluate(session.variables) ?? true {
                visibleBuffer[count] = i
                count += 1
            }
            best.initialize(repeating: nil)
            return choose(answer, text: text, among: choices, visible: UnsafeBufferPointer(rebasing: visibleBuffer[..<count]), best: best,
                          at: node, in: session, u, &explanation)
        }}
    }

    private typealias Best = (score: Score, hit: Hit?)?

    private func choose(_ answer: Answer, text: String, among choices: [Choice], visible: UnsafeBufferPointer<Int>,
                        best: UnsafeMutableBufferPointer<Best>, at node: Int, in session: SessionView,
                        _ u: LocaleUnderstanding, _ explanation: inout Explanation?) -> Understood {
        let tokens = answer.tokens
        func picked(_ ci: Int, _ rule: @autoclosure () -> String) -> Understood {
            if explanation.isSome { explanation!.rule = rule() }
            return Understood(decision: .choice(choices[ci].id), index: ci, captures: captures(u.choiceCaptures[node][ci], answer, u))
        }
        if let n = number(tokens, u), n >= 1, n <= visible.count { return picked(visible[n - 1], "number \(n)") }
        guard let set = u.choices[node] else { return Understood(decision: .reprompt) }
        var negated: [Hit] = []
        let hits = set.hits(in: answer, negation: true, widest: true, negated: &negated)
        // Best evidence per choice, by `Score` (docs/understanding.md, "Ranking").
        for h in hits where visible.contains(Int(h.owner)) {
            let score = Score(h, set.terms[Int(h.term)], tokens.count)
            explanation?.candidates.append(candidate(h, set, tokens, kind: "choice", target: choices[Int(h.owner)].id, score: score))
            let ci = Int(h.owner)
            if let b = best[ci], b.score <= score { continue }
            best[ci] = (score, h)
        }
        if explanation.isSome {
            for h in negated where visible.contains(Int(h.owner)) {
                explanation!.discarded.append(candidate(h, set, tokens, kind: "choice", target: choices[Int(h.owner)].id, score: nil))
            }
        }
        for ci in visible where u.dynamicLabels[node][ci] {
            let label = u.normalizer.tokens(choices[ci].label.value(for: session.locale).render(session.variables, defaults: defaults)).text
            guard !label.isEmpty else { continue }
            let words = label.split(separator: " ").count
            let score: Score? = label == text ? Score(tier: 2, cover: words, level: 0, kind: 0)
                : (containsWords(text, label) ? Score(tier: 4, cover: words, level: 0, kind: 0) : nil)
            if let score, best[ci].map({ score < $0.score }) ?? true { best[ci] = (score, nil) }
        }
        // The best score, the first choice with it and how many have it, in one pass (the list
        // of tied choices is made only for a tie).
        var top: Score?, first = 0, ties = 0
        for ci in visible {
            guard let score = best[ci]?.score else { continue }
            if top.map({ score < $0 }) ?? true { top = score; first = ci; ties = 1 } else if score == top! { ties += 1 }
        }
        if let top {
            if ties == 1 {
                let hit = best[first]!.hit
                return picked(first, (hit.map { h in "\(set.terms[Int(h.term)].kind) '\(set.terms[Int(h.term)].source)'" + Self.levelWords(h.level) } ?? "label")
                    + ", \(top)")
            }
            explanation?.rule = "choices tie: \(top)"
            return Understood(decision: .ambiguous(visible.filter { best[$0]?.score == top }.map { choices[$0].id }), captures: [])
        }
        if let topic = topic(answer, at: node, u, &explanation) { return topic }
        // Last, the whole answer within typo distance of a label of several words ("sav evidnce").
        var closest = Int.max
        var found: [Int] = []
        for ci in visible {
            guard let (label, allowed) = u.longLabels[node][ci] else { continue }
            let d = editDistance(text, label, limit: allowed)
            guard d <= allowed else { continue }
            if d < closest { closest = d; found = [ci] } else if d == closest { found.append(ci) }
        }
        if found.count == 1 { return picked(found[0], "the whole answer is a label with typos") }
        if found.count > 1 { return Understood(decision: .ambiguous(found.map { choices[$0].id })) }
        if explanation.isSome && explanation!.rule.isEmpty { explanation!.rule = negated.isEmpty ? "nothing matched" : "only negated words matched" }
        return Understood(decision: .reprompt)
    }

    /// A topic for an answer no choice took, unless the prompt is already in the topic's flow.
    private func topic(_ answer: Answer, at node: Int, _ u: LocaleUnderstanding, _ explanation: inout Explanation?) -> Understood? {
        let tokens = answer.tokens
        guard !u.topics.isEmpty else { return nil }
        var negated: [Hit] = []
        let hits = u.topics.hits(in: answer, negation: true, widest: true, negated: &negated)
        let here = core.flowOf[node]
        let topics = graph.settings.topics
        var top: (score: Score, owner: Int, hit: Hit)?
        for h in hits {
            let i = Int(h.owner)
            let score = Score(h, u.topics.terms[Int(h.term)], tokens.count)
            explanation?.candidates.append(candidate(h, u.topics, tokens, kind: "topic", target: topics[i].id, score: score))
            guard core.flowOf[topics[i].target] != here else { continue }
            if let t = top, (t.score, t.owner) <= (score, i) { continue }
            top = (score, i, h)
        }
        if explanation.isSome {
            for h in negated { explanation!.discarded.append(candidate(h, u.topics, tokens, kind: "topic", target: topics[Int(h.owner)].id, score: nil)) }
        }
        guard let top else { return nil }
        explanation?.rule = "no choice on screen answers; topic words '\(u.topics.terms[Int(top.hit.term)].source)'"
        return Understood(decision: .topic(topics[top.owner].id), index: top.owner, captures: captures(u.topicCaptures[top.owner], answer, u))
    }

    static func levelWords(_ level: UInt8) -> String {
        level == 1 ? " by stem" : (level == 2 ? " with a typo" : "")
    }

    /// The words `number` reads past before and after a number.
    static let numberLeads = ["the", "option", "number", "choice", "no"]
    static let numberTails = ["one", "option", "choice", "please"]

    /// A whole answer that picks by number: `2`, `two`, `the second one`, `option 2`, `2nd`.
    func number(_ tokens: [Token], _ u: LocaleUnderstanding) -> Int? {
        var words = tokens[...]
        guard !words.isEmpty, words.count <= 4 else { return nil }
        if words.count > 1, Self.numberLeads.contains(words.first!.text) { words = words.dropFirst() }
        if words.count > 1, Self.numberTails.contains(words.last!.text) { words = words.dropLast() }
        guard words.count == 1, let w = words.first?.text else { return nil }
        if w.utf8.count <= 4, w.utf8.allSatisfy({ (0x30...0x39).contains($0) }) { return Int(w) }
        if tokens.count == 2 && tokens[0].text == "no" { return nil }  // "no one", "no two" are not numbers
        return u.normalizer.numbers[w]
    }

    private func candidate(_ h: Hit, _ set: TermSet, _ tokens: [Token], kind: String, target: String, score: Score?) -> Explanation.Candidate {
        let term = set.terms[Int(h.term)]
        let evidence: String = switch term.kind { case .label: "label"; case .keyword: "keyword"; case .concept: "concept"; case .pattern: "pattern" }
        return .init(kind: kind, target: target, term: term.source, evidence: evidence,
                     level: h.level == 0 ? "exact" : (h.level == 1 ? "stem" : "typo"), rank: score?.tier ?? 0, cover: score?.cover ?? 0,
                     words: tokens[Int(h.start)..<Int(h.end)].map(\.text).joined(separator: " "),
                     negatedBy: h.negatedBy >= 0 ? tokens[Int(h.negatedBy)].text : nil)
    }
}

/// How strong a match is; lower is stronger (docs/understanding.md, "Ranking"): first the tier
/// (2 the whole answer is the label, 3 the whole answer is a keyword or concept member, 4 found
/// inside the answer), then how many of the answer's words it covers (first to last matched word,
/// more is stronger), then exact before stem before typo, then label, keyword, concept, pattern.
struct Score: Comparable, CustomStringConvertible {
    let tier: Int
    let cover: Int
    let level: UInt8
    let kind: UInt8

    init(tier: Int, cover: Int, level: UInt8, kind: UInt8) {
        self.tier = tier
        self.cover = cover
        self.level = level
        self.kind = kind
    }

    init(_ h: Hit, _ term: Term, _ count: Int) {
        let whole = h.level == 0 && h.start == 0 && Int(h.end) == count && Int(h.length) == count
        tier = whole ? (term.kind == .label ? 2 : 3) : 4
        cover = Int(h.end - h.start)
        level = h.level
        kind = term.kind.rawValue
    }

    static func < (a: Score, b: Score) -> Bool {
        (a.tier, -a.cover, a.level, a.kind) < (b.tier, -b.cover, b.level, b.kind)
    }

    var description: String {
        let what = tier == 2 ? "the whole answer is the label" : (tier == 3 ? "the whole answer is a keyword" : "found in the answer")
        return "\(what), covering \(cover) word\(cover == 1 ? "" : "s")"
    }
}
