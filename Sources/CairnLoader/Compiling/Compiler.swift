import CairnEngine
import Foundation
import Yams

/// Turns parsed flow files into a validated `Graph`, collecting every problem on the way.
final class Compiler {
    var diagnostics: [Diagnostic] = []
    var flows: [RawFlow] = []
    /// Index in `flows` by flow id (a linear search per reference was quadratic in big flow sets).
    var flowByID: [String: Int] = [:]
    var settings: RawSettings?
    var defaultLocale = "en"
    var variableUses: [VariableUse] = []
    var variableSetters: [String: SourceLocation] = [:]
    var freeTextAsks: [String: SourceLocation] = [:]
    var shares: [(name: String, location: SourceLocation)] = []
    /// Qualified node id -> index, and the flow-local ids of each flow.
    var index: [String: Int] = [:]
    var nodesInFlow: [String: [String]] = [:]
    /// "did you mean" indexes, built at the first bad reference.
    private var referenceNames: SuggestionIndex?
    private var localNames: [String: SuggestionIndex] = [:]
    /// The lexicon being read, by locale; concept definitions and what they refer to, by "locale name".
    var lexicons: [String: LocaleLexicon] = [:]
    var conceptLocations: [String: SourceLocation] = [:]
    var conceptGraph: [String: [String]] = [:]
    var patternUses: [PatternUse] = []
    /// Every pattern text parsed so far (`parsedPattern`).
    var parsedPatterns: [String: Result<[PatternPiece], PatternError>] = [:]
    /// The plain forms terms answer to, for the checks (made once the lexicon is complete).
    var surfaceForms: SurfaceForms?
    var captureUses: [(variable: String, location: SourceLocation)] = []
    var keywordUses: [(source: String, locale: String, location: SourceLocation)] = []
    var topicWordUses: [(topic: String, source: String, location: SourceLocation)] = []
    /// The contacts directory as read, its index by id, and the ids the flows show.
    var contactEntries: [RawContact] = []
    var contactIndex: [String: Int] = [:]
    var usedContacts: Set<String> = []
    /// Who holds a contact detail (digits of a phone, an address in lower case), for hints.
    lazy var detailOwners: [String: (id: String, field: String)] = ContactDetails.owners(contactEntries.map(\.contact.base))
    /// Every translatable text met, in order, and its index by string id.
    var strings: [SourceText] = []
    var stringIndex: [String: Int] = [:]
    /// The translation files, by locale, and where each names its locale.
    var translationFiles: [String: TranslationFile] = [:]
    var translationLocations: [String: SourceLocation] = [:]
    /// Names written in the files, for the symbol index (placed exactly once the sources are known).
    var pending: [PendingOccurrence] = []
    /// Whether to note those names (a load without the symbol index needs none).
    var notesSymbols = true
    /// Where each choice's label and keywords are written, by choice id, then "locale source"
    /// (or "label locale"): for carets on the word a choice diagnostic is about.
    var choiceWords: [String: [String: SourceLocation]] = [:]
    /// The node being read (`flow.node`), for the variable uses in its texts.
    var currentNode: String?

    func report(_ d: [Diagnostic]) { diagnostics += d }

    /// Compiles parsed files. Returns nil when there are errors. With `checksLater`, the graph is
    /// returned before the checks of the whole set (`finishChecks` makes them), unless reading
    /// it already found errors (then the checks are made at once, as without it).
    func compile(_ files: [(SourceFile, Yams.Node)], fingerprint: String, checksLater: Bool = false) -> Graph? {
        let (plan, problems) = Self.plan(files)
        report(problems)
        return compile(plan, file: { files[$0] }, firstPath: files.first?.0.path, fingerprint: fingerprint, checksLater: checksLater)
    }

    /// What each file holds, by its index (nil: none of the kinds; such a file is left out).
    struct FilePlan: Equatable {
        var kinds: [Kind?]

        /// The indices of the files of one kind, in file order.
        func files(_ kind: Kind) -> [Int] { kinds.indices.filter { kinds[$0] == kind } }

        /// Every file, in the order the compiler asks for them: the settings first (their
        /// language comes before everything), then the directory, the translations, the lexicons
        /// and the flows.
        var order: [Int] { [Kind.settings, .contacts, .translations, .lexicon, .flow].flatMap(files) }
    }

    /// What a file holds, by the first of these keys it has at its top.
    enum Kind { case settings, flow, lexicon, contacts, translations }

    static func kind(topKeys keys: [String]) -> Kind? {
        if keys.contains("settings") { return .settings }
        if keys.contains("flow") { return .flow }
        if keys.contains("lexicon") { return .lexicon }
        if keys.contains("contacts") { return .contacts }
        if keys.contains("translations") { return .translations }
        return nil
    }

    /// Sorts parsed files by what they hold; a file that is not a mapping, or has none of the
    /// keys, is a problem (and is left out).
    static func plan(_ files: [(SourceFile, Yams.Node)]) -> (FilePlan, [Diagnostic]) {
        var problems: [Diagnostic] = []
        let kinds = files.map { file, node -> Kind? in
            var reader = Reader(file: file.path)  // only the top keys: no lines needed
            guard let entries = reader.entries(node, "a flow file") else { problems += reader.diagnostics; return nil }
            if let kind = kind(topKeys: entries.map(\.key)) { return kind }
            reader.error(.notAFlow, node, "this file has none of 'flow:', 'settings:', 'lexicon:', 'contacts:' or 'translations:' at the top")
            problems += reader.diagnostics
            return nil
        }
        return (FilePlan(kinds: kinds), problems)
    }

    /// Compiles the files of `plan`, asking `file` for each when it needs it (nil: a file that
    /// could not be read, left out). `firstPath` names the set where a problem has no file.
    func compile(_ plan: FilePlan, file: (Int) -> (SourceFile, Yams.Node)?, firstPath: String?, fingerprint: String,
                 checksLater: Bool) -> Graph? {
        func topEntries(_ node: Yams.Node, _ path: String) -> [Entry] {
            var reader = Reader(file: path)
            return reader.entries(node, "a flow file") ?? []
        }
        let settingsFiles = plan.files(.settings).compactMap(file)
        // The default language first (the directory's texts and every template depend on it),
        // then the directory (templates in settings and flows refer to it) and the translation
        // files (texts are translated as they are read), then the rest.
        if let first = settingsFiles.first, let l = Self.peekLocale(topEntries(first.1, first.0.path)), isLocale(l) { defaultLocale = l }
        for (file, node) in plan.files(.contacts).compactMap(file) {
            var reader = Reader(file: file.path)
            readContacts(node, &reader)
            report(reader.diagnostics)
        }
        for (file, node) in plan.files(.translations).compactMap(file) {
            var reader = Reader(file: file.path)
            readTranslations(node, &reader)
            report(reader.diagnostics)
        }
        for (file, node) in settingsFiles {
            var reader = Reader(file: file.path)
            if let existing = settings {
                reader.error(.duplicateSettings, node, "settings are already given in \(existing.location.file); keep one settings file")
            } else {
                readSettings(topEntries(node, file.path), &reader)
            }
            report(reader.diagnostics)
        }
        defaultLocale = settings?.locale ?? "en"
        readBuiltInLexicons()
        for i in plan.files(.lexicon) {
            guard let (file, node) = file(i) else { continue }
            var reader = Reader(file)
            readLexicon(node, &reader)
            report(reader.diagnostics)
        }
        for i in plan.files(.flow) {
            guard let (file, node) = file(i) else { continue }
            var reader = Reader(file)
            if let flow = readFlow(node, &reader) {
                if let other = flowByID[flow.id].map({ flows[$0] }) {
                    reader.diagnostics.append(.init(.error, .duplicateID, at: flow.location,
                                                    "flow '\(Self.excerpt(flow.id))' is already defined at \(other.location)"))
                } else {
                    flowByID[flow.id] = flows.count
                    flows.append(flow)
                }
            }
            report(reader.diagnostics)
        }
        if flows.isEmpty {
            if diagnostics.hasErrors { return nil }  // already explained
            diagnostics.append(.init(.error, .noFlows, at: SourceLocation(file: firstPath ?? "Flows", line: 1, column: 1),
                                     "no flows found: add a file with 'flow:', 'title:', 'start:' and 'nodes:'"))
            return nil
        }
        buildIndex()
        guard !index.isEmpty else {
            if !diagnostics.hasErrors {
                diagnostics.append(.init(.error, .noFlows, at: flows[0].location, "the flows have no nodes to run"))
            }
            return nil
        }
        let lexicon = finishLexicon()
        guard checkConcepts(lexicon) else { return nil }  // too deep to expand
        guard let graph = link(fingerprint: fingerprint, lexicon: lexicon) else { return nil }
        if checksLater && !diagnostics.hasErrors { return graph }
        return finishChecks(graph)
    }

    /// The checks of the whole set, on the linked graph: reachability, cycles, overlaps, topics,
    /// captures, variables, unused contacts, then what is left to translate. Nil when there are errors.
    func finishChecks(_ graph: Graph) -> Graph? {
        check(graph)
        checkUnusedContacts()
        // What is left to translate matters once the flows load: not among their errors.
        if !diagnostics.hasErrors { checkTranslations(settingsLocation: settings?.location ?? flows[0].location) }
        return diagnostics.hasErrors ? nil : graph
    }

    /// `settings.locale` as written, before the settings are read.
    static func peekLocale(_ entries: [Entry]) -> String? {
        guard let root = entries.first(where: { $0.key == "settings" }), case .mapping(let m) = root.value,
              case .scalar(let s)? = m["locale"] else { return nil }
        return s.string
    }

    private func buildIndex() {
        var i = 0
        for flow in flows {
            nodesInFlow[flow.id] = flow.nodes.map(\.id)
            for node in flow.nodes {
                index["\(flow.id).\(node.id)"] = i
                i += 1
            }
        }
    }

    /// Resolves `node`, `flow` or `flow.node` as seen from inside `flow`.
    func resolve(_ ref: Reference, from flow: String?) -> Int? {
        let parts = ref.text.split(separator: ".").map(String.init)
        if parts.count == 1 {
            if let flow, let i = index["\(flow).\(parts[0])"] { noteReference(ref, resolvedTo: i, from: flow); return i }
            if let f = flowByID[parts[0]].map({ flows[$0] }),
               let i = f.start.flatMap({ index["\(f.id).\($0.text)"] }) ?? index["\(f.id).\(f.nodes.first?.id ?? "")"] {
                noteReference(ref, resolvedTo: i, from: flow)
                return i
            }
        } else if let i = index[ref.text] {
            noteReference(ref, resolvedTo: i, from: flow)
            return i
        }
        let what = parts.count == 2 && flowByID[parts[0]] != nil
            ? "unknown node '\(Self.excerpt(parts[1]))' in flow '\(Self.excerpt(parts[0]))'"
            : (parts.count == 2 ? "unknown flow '\(Self.excerpt(parts[0]))'" : "unknown node or flow '\(Self.excerpt(ref.text))'")
        diagnostics.append(.init(.error, .unknownNode, at: ref.location, what + referenceSuggestion(ref.text, from: flow)))
        return nil
    }

    /// " (did you mean 'x'?)" among every node and flow, and the nodes of `flow` by their own names.
    private func referenceSuggestion(_ text: String, from flow: String?) -> String {
        if referenceNames == nil { referenceNames = SuggestionIndex(Array(index.keys) + flows.map(\.id)) }
        var best = referenceNames!.best(for: text)
        if let flow {
            if localNames[flow] == nil { localNames[flow] = SuggestionIndex(nodesInFlow[flow] ?? []) }
            if let local = localNames[flow]!.best(for: text),
               best == nil || (local.distance, local.name) < (best!.distance, best!.name) { best = local }
        }
        return best.map { " (did you mean '\(Self.excerpt($0.name))'?)" } ?? ""
    }

    func resolve(_ target: RawTarget, from flow: String) -> Target? {
        switch target {
        case .go(let ref): return resolve(ref, from: flow).map(Target.go)
        case .call(let ref, let then):
            let a = resolve(ref, from: flow), b = resolve(then, from: flow)
            guard let a, let b else { return nil }
            return .call(a, then: b)
        case .back: return .back
        case .end(let reason): return .end(reason)
        case .handoff(let share, let location):
            for name in share { shares.append((name, location)) }
            return .handoff(share: share)
        }
    }

    /// Builds engine nodes with resolved targets, then the settings.
    private func link(fingerprint: String, lexicon: Lexicon) -> Graph? {
        var nodes: [CairnEngine.Node] = []
        var flowInfos: [FlowInfo] = []
        let placeholder = Target.end(.error)
        for flow in flows {
            for raw in flow.nodes {
                let exit: Exit
                switch raw.exit {
                case .choices(let choices):
                    exit = .choices(choices.map { c in
                        Choice(id: c.id, label: c.label, keywords: c.keywords, condition: c.condition, actions: c.actions,
                               target: resolve(c.target, from: flow.id) ?? placeholder, location: c.location, captures: c.captures)
                    })
                case .ask(let q):
                    exit = .ask(Question(variable: q.variable, expect: q.expect, optional: q.optional, retry: q.retry,
                                         then: resolve(q.then, from: flow.id) ?? placeholder))
                case .target(let t): exit = .target(resolve(t, from: flow.id) ?? placeholder)
                case .none: exit = .target(placeholder)
                }
                nodes.append(CairnEngine.Node(id: "\(flow.id).\(raw.id)", location: raw.location, condition: raw.condition,
                                  otherwise: raw.otherwise.flatMap { resolve($0, from: flow.id) },
                                  actions: raw.actions, messages: raw.messages, exit: exit))
            }
            var start = index["\(flow.id).\(flow.nodes.first?.id ?? "")"] ?? 0
            if let s = flow.start, let i = resolve(s, from: flow.id) { start = i }
            flowInfos.append(FlowInfo(id: flow.id, title: flow.title, start: start, location: flow.location))
        }
        guard let settings = linkSettings(firstFlow: flowInfos.first) else { return nil }
        return Graph(flows: flowInfos, nodes: nodes, settings: settings, fingerprint: fingerprint, lexicon: lexicon,
                     contacts: ContactDirectory(contactEntries.map(\.contact)))
    }
}
