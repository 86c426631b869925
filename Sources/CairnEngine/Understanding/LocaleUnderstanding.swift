/// Everything the engine works out once, per language, to understand answers on a graph: the
/// normalizer, the interned vocabulary and typo index, and indexed term sets for the interrupts,
/// the topics, the captures and the choices of every choices node.
final class LocaleUnderstanding: Sendable {
    /// A capture compiled: the concept's members (owner = member index) and their values.
    struct CaptureMatcher: Sendable {
        let variable: String
        let set: TermSet
        /// By member: the value stored, or nil to store the matched words.
        let values: [String?]
    }

    let locale: String
    let normalizer: Normalizer
    let vocabulary: Vocabulary
    let interrupts: TermSet
    let topics: TermSet
    let captures: [CaptureMatcher]
    let interruptCaptures: [[CaptureMatcher]]
    let topicCaptures: [[CaptureMatcher]]
    /// By node index: the terms of a choices node's choices (owner = choice index), else nil.
    let choices: [TermSet?]
    /// By node index and choice index: the choice's captures.
    let choiceCaptures: [[[CaptureMatcher]]]
    /// By node index and choice index: whether the label depends on variables (matched at each turn).
    let dynamicLabels: [[Bool]]
    /// By node index and choice index: a literal label of several words as matching sees it (for
    /// the last resort, the whole answer within typo distance of a label), else nil.
    let longLabels: [[(text: String, typos: Int)?]]
    /// Command words as matching sees them, and the quick-exit words.
    let commandWords: CommandWords
    /// Answers decided at load because nothing in them can depend on the prompt: a command word
    /// typed as written (`back`) that no interrupt hears, to its command (index into the
    /// settings' commands); and numbers (`1`) that a table knows (the `1` of a term "162.1")
    /// but that, alone, match no term of any set, so a number alone reads them like any other
    /// (`Engine.numberAlone`). The whole way decides the same for each (Tests/CairnEngineTests/NumberAloneTests.swift).
    let commandsAlone: WordMap<Int32>
    let numbersAlone: WordMap<Bool>

    init(graph: Graph, locale: String) {
        let settings = graph.settings
        self.locale = locale
        var c = TermCompiler(lexicon: graph.lexicon.lexicon(for: locale), locale: locale)
        var captureCache: [String: (TermSet, [String?])] = [:]
        var pending: [(variable: String, concept: String)] = []
        func terms(_ words: [String], owner: Int, _ c: inout TermCompiler) -> [Term] {
            words.compactMap { c.term($0, owner: Int32(owner)) }
        }
        var interruptTerms: [Term] = []
        for (i, interrupt) in settings.interrupts.enumerated() { interruptTerms += terms(interrupt.words, owner: i, &c) }
        var topicTerms: [Term] = []
        for (i, topic) in settings.topics.enumerated() { topicTerms += terms(topic.words, owner: i, &c) }
        var choiceTerms: [[Term]?] = []
        var dynamic: [[Bool]] = []
        for node in graph.nodes {
            guard case .choices(let list) = node.exit else { choiceTerms.append(nil); dynamic.append([]); continue }
            var ts: [Term] = []
            var dyn: [Bool] = []
            for (ci, choice) in list.enumerated() {
                let label = choice.label.value(for: locale)
                if let literal = label.literal {
                    if let t = c.label(literal, owner: Int32(ci)) { ts.append(t) }
                    dyn.append(false)
                } else {
                    dyn.append(true)
                }
                var words = choice.keywords.value(for: locale)
                if !choice.keywords.variants.isEmpty { words += choice.keywords.base.filter { !words.contains($0) } }
                ts += terms(words, owner: ci, &c)
                pending += choice.captures.map { ($0.variable, $0.concept) }
            }
            choiceTerms.append(ts)
            dynamic.append(dyn)
        }
        for capture in settings.captures + settings.interrupts.flatMap(\.captures) + settings.topics.flatMap(\.captures) {
            pending.append((capture.variable, capture.concept))
        }
        var memberTerms: [String: [Term]] = [:]
        for p in pending where memberTerms[p.concept] == nil { memberTerms[p.concept] = c.members(of: p.concept) }
        // Every term is compiled: the vocabulary is complete.
        c.vocabulary.indexTypos()
        var normalizer = c.normalizer
        normalizer.learn(&c.vocabulary, others: Self.wordsAnswersHold(graph, locale: locale, numbers: normalizer.numbers))
        self.normalizer = normalizer
        self.longLabels = graph.nodes.map { node in
            guard case .choices(let list) = node.exit else { return [] }
            return list.map { choice in
                choice.label.value(for: locale).literal.map { normalizer.tokens($0).text }
                    .flatMap { $0.contains(" ") ? ($0, typoAllowance($0.unicodeScalars.count)) : nil }
            }
        }
        let vocabulary = c.vocabulary
        let interrupts = TermSet(interruptTerms)
        let topics = TermSet(topicTerms)
        let choices = choiceTerms.map { $0.map { TermSet($0) } }
        self.vocabulary = vocabulary
        self.interrupts = interrupts
        self.topics = topics
        self.choices = choices
        self.dynamicLabels = dynamic
        let lexicon = c.lexicon
        func matcher(_ capture: Capture) -> CaptureMatcher {
            if let (set, values) = captureCache[capture.concept] { return CaptureMatcher(variable: capture.variable, set: set, values: values) }
            let values = lexicon.concepts[capture.concept]?.members.map(\.value) ?? []
            let set = TermSet(memberTerms[capture.concept] ?? [])
            captureCache[capture.concept] = (set, values)
            return CaptureMatcher(variable: capture.variable, set: set, values: values)
        }
        self.captures = settings.captures.map(matcher)
        self.interruptCaptures = settings.interrupts.map { $0.captures.map(matcher) }
        self.topicCaptures = settings.topics.map { $0.captures.map(matcher) }
        self.choiceCaptures = graph.nodes.map { node in
            guard case .choices(let list) = node.exit else { return [] }
            return list.map { $0.captures.map(matcher) }
        }
        var commands: [String: Command] = [:]
        var commandIndex: [String: Int32] = [:]
        var exits: Set<String> = []
        for (ci, command) in settings.commands.enumerated() {
            for word in command.words(for: locale) {
                let text = normalizer.tokens(word).text
                for key in [word, text] where !key.isEmpty {
                    if command.kind == .exit { exits.insert(key) }
                    if commands[key] == nil { commands[key] = command; commandIndex[key] = Int32(ci) }
                }
            }
        }
        let commandWords = CommandWords(commands: commands, exits: exits)
        self.commandWords = commandWords

        func answer(_ word: String) -> Answer { Self.answer(word, normalizer, vocabulary) }
        func heard(_ set: TermSet, _ answer: Answer) -> Bool {
            var negated: [Hit] = []
            return !set.hits(in: answer, negation: false, negated: &negated).isEmpty || !negated.isEmpty
        }
        // A command word as written (as `Engine.Core` finds it: the first command with the word):
        // what the whole way makes of it (the command its words name as matched, else as
        // written), unless an interrupt hears it or it reads as an exit.
        var alone: [String: Int32] = [:]
        var asWritten: [String: Int32] = [:]
        for (ci, command) in settings.commands.enumerated() {
            for word in command.words where asWritten[word] == nil { asWritten[word] = Int32(ci) }
        }
        for (word, ci) in asWritten where settings.commands[Int(ci)].kind != .exit && normalize(word) == word {
            let a = answer(word)
            let text = a.tokens.text
            guard commandWords[text]?.exit != true, !heard(interrupts, a) else { continue }
            alone[word] = commandWords.command(commandWords[text]) != nil ? commandIndex[text]! : ci
        }
        self.commandsAlone = WordMap(alone)
        // A known number that reads as itself alone: no rewrite, negation or number word, and no
        // term of any set (interrupts, topics, captures, any prompt's choices) matches it alone.
        let captureSets = captures.map(\.set) + interruptCaptures.joined().map(\.set) + topicCaptures.joined().map(\.set)
            + choiceCaptures.joined().joined().map(\.set)
        let sets = [interrupts, topics] + choices.compactMap { $0 } + captureSets
        var numbers: [String] = []
        for (word, e) in normalizer.table.pairs where word.utf8.count <= 4 && word.utf8.allSatisfy({ ($0 &- 0x30) < 10 }) {
            let info = normalizer.entries[Int(e)]
            guard info.rewrites < 0, info.triggers < 0, info.pseudo < 0, !info.isBreak, normalizer.numbers[word] == nil,
                  commandWords[word] == nil else { continue }
            let a = answer(word)
            if a.tokens.count == 1, a.tokens[0].text == word, !sets.contains(where: { heard($0, a) }) { numbers.append(word) }
        }
        self.numbersAlone = WordMap(set: numbers)
    }

    /// The texts whose words answers often hold though no term uses them, learned at load
    /// (`Normalizer.learn`): command words, number words and the words around a number
    /// (`Engine.number`), and the flows' own messages in this language (people answer in the
    /// prompt's words: "I would like the cherry one").
    static func wordsAnswersHold(_ graph: Graph, locale: String, numbers: WordMap<Int>) -> [String] {
        var texts = graph.settings.commands.flatMap { $0.words(for: locale) }
        texts += numbers.pairs.map(\.0)
        texts += Engine.numberLeads + Engine.numberTails
        for node in graph.nodes {
            for message in node.messages {
                guard let template = message.text?.value(for: locale) else { continue }
                for part in template.parts { if case .text(let s) = part { texts.append(s) } }
            }
        }
        return texts
    }

    /// The answer's tokens, resolved against the vocabulary (ids, stems, typos).
    func answer(_ raw: String) -> Answer { Self.answer(raw, normalizer, vocabulary) }

    private static func answer(_ raw: String, _ normalizer: Normalizer, _ vocabulary: Vocabulary) -> Answer {
        var tokens = normalizer.tokens(raw)
        var typos: [Int32] = []
        var signature = Signature()
        for i in tokens.indices {
            let e = tokens[i].entry
            let key = vocabulary.key(tokens[i], known: e >= 0 ? normalizer.entries[Int(e)] : nil, typos: &typos)
            if key.id >= 0 { signature.insert(word: key.id) }
            if key.stemID >= 0 { signature.insert(stem: key.stemID) }
            tokens[i].key = key
        }
        for id in typos { signature.insert(word: id) }
        return Answer(tokens: tokens, typos: typos, signature: signature)
    }

    /// The value a capture stores for this answer, if its concept matches (negated matches don't).
    func capture(_ m: CaptureMatcher, _ answer: Answer) -> String? {
        let tokens = answer.tokens
        var negated: [Hit] = []
        let hits = m.set.hits(in: answer, negation: true, negated: &negated)
        guard let best = hits.min(by: { ($0.level, -$0.length, $0.owner) < ($1.level, -$1.length, $1.owner) }) else { return nil }
        if let value = m.values.indices.contains(Int(best.owner)) ? m.values[Int(best.owner)] : nil { return value }
        return tokens[Int(best.start)..<Int(best.end)].map(\.text).joined(separator: " ")
    }
}
