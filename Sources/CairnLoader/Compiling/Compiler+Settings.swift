import CairnEngine
import Yams

extension Compiler {
    static let settingsKeys = FlowSchemaKeys.settings

    func readSettings(_ fileEntries: [Entry], _ r: inout Reader) {
        guard let root = fileEntries.first(where: { $0.key == "settings" }) else { return }
        for e in fileEntries where e.key != "settings" {
            r.error(.unknownKey, e.keyNode, "unknown key '\(Self.excerpt(e.key))' next to 'settings:'")
        }
        var s = RawSettings(location: r.location(root.keyNode))
        guard let entries = r.entries(root.value, "settings", allowed: Self.settingsKeys) else { settings = s; return }
        // The default locale first: texts below depend on it.
        if let e = entries.first(where: { $0.key == "locale" }), let l = r.string(e.value, "locale") {
            if isLocale(l) { s.locale = l; defaultLocale = l } else { r.error(.badValue, e.value, "'\(Self.excerpt(l))' is not a language code like en or fr") }
        }
        for e in entries {
            switch e.key {
            case "start": s.start = r.reference(e.value, "start")
            case "menu": s.menu = r.reference(e.value, "menu")
            case "max_call_depth": s.maxCallDepth = r.int(e.value, "max_call_depth", range: 1...100) ?? s.maxCallDepth
            case "undo_depth": s.undoDepth = r.int(e.value, "undo_depth", range: 0...100) ?? s.undoDepth
            case "quick_exit": s.quickExit = r.strings(e.value, "a quick exit phrase").map(normalize).filter { !$0.isEmpty }
            case "skip_words": s.skipWords = r.strings(e.value, "a skip word").map(normalize).filter { !$0.isEmpty }
            case "variables": readVariables(e.value, &s, &r)
            case "commands": readCommands(e.value, &s, &r)
            case "interrupts": readInterrupts(e.value, &s, &r)
            case "topics": readTopics(e.value, &s, &r)
            case "capture": s.captures = readCaptures(e.value, &r)
            case "reprompt":
                guard let sub = r.entries(e.value, "reprompt", allowed: FlowSchemaKeys.reprompt) else { continue }
                for p in sub {
                    switch p.key {
                    case "first": s.repromptFirst = readText(p.value, "reprompt.first", id: "settings.reprompt.first", &r)
                    case "second": s.repromptSecond = readText(p.value, "reprompt.second", id: "settings.reprompt.second", &r)
                    default: s.repromptEscape = r.reference(p.value, "reprompt.then")
                    }
                }
            case "texts":
                guard let sub = r.entries(e.value, "texts", allowed: FlowSchemaKeys.texts) else { continue }
                for p in sub { if let key = Texts.Key(rawValue: p.key), let t = readText(p.value, p.key, id: "settings.texts.\(p.key)", &r) { s.texts[key] = t } }
            default: break
            }
        }
        settings = s
    }

    private func readVariables(_ node: Yams.Node, _ s: inout RawSettings, _ r: inout Reader) {
        guard let entries = r.entries(node, "variables") else { return }
        for e in entries {
            guard Identifier.isValid(e.key) else { r.error(.badID, e.keyNode, "'\(Self.excerpt(e.key))' is not a variable name"); continue }
            var decl = VariableDeclaration()
            note(.variable, e.key, at: r.location(e.keyNode), definition: true)
            if let props = r.entries(e.value, "variable '\(Self.excerpt(e.key))'", allowed: FlowSchemaKeys.variable) {
                for p in props {
                    switch p.key {
                    case "default": decl.defaultValue = r.string(p.value, "default")
                    case "shareable": decl.shareable = r.bool(p.value, "shareable") ?? false
                    default: decl.preset = r.bool(p.value, "preset") ?? false
                    }
                }
            }
            s.variables[e.key] = decl
            s.variableLocations[e.key] = r.location(e.keyNode)
            if decl.preset { variableSetters[e.key] = variableSetters[e.key] ?? r.location(e.keyNode) }
        }
    }

    private func readCommands(_ node: Yams.Node, _ s: inout RawSettings, _ r: inout Reader) {
        guard let entries = r.entries(node, "commands", allowed: FlowSchemaKeys.commands) else { return }
        for e in entries {
            guard let kind = Command.Kind(rawValue: e.key),
                  let props = r.entries(e.value, "command '\(Self.excerpt(e.key))'", allowed: FlowSchemaKeys.command) else { continue }
            var words: [String]?, localeWords: [String: [String]]?, say: Localized<Template>?, go: Reference?, instant: [String] = []
            for p in props {
                switch p.key {
                case "words":
                    // A list, or one list per locale (`en: [help]`, `fr: [aide]`).
                    guard case .mapping = p.value, let byLocale = r.entries(p.value, "words") else {
                        words = r.strings(p.value, "a command word").map(normalize).filter { !$0.isEmpty }
                        continue
                    }
                    var extra: [String: [String]] = [:]
                    for l in byLocale {
                        guard isLocale(l.key) else {
                            r.error(.unknownKey, l.keyNode, "'\(Self.excerpt(l.key))' is not a language code like en or fr (in words)")
                            continue
                        }
                        let list = r.strings(l.value, "a command word").map(normalize).filter { !$0.isEmpty }
                        if l.key == defaultLocale { words = list } else { extra[l.key] = list }
                    }
                    localeWords = extra
                case "instant":
                    if kind != .delete { r.error(.badValue, p.keyNode, "only delete takes 'instant:', words that delete without asking") }
                    instant = r.strings(p.value, "an instant delete word").map(normalize).filter { !$0.isEmpty }
                case "say":
                    if ![.help, .delete].contains(kind) { r.error(.badValue, p.keyNode, "only help and delete take 'say:'") }
                    say = readText(p.value, "say", id: "settings.commands.\(e.key).say", &r)
                default:
                    if ![.help, .menu, .delete].contains(kind) { r.error(.badValue, p.keyNode, "only help, menu and delete take 'go:'") }
                    go = r.reference(p.value, "go")
                }
            }
            s.commands[kind] = (words, localeWords, say, go)
            if kind == .delete { s.instantDelete = instant }
        }
    }

    private func readInterrupts(_ node: Yams.Node, _ s: inout RawSettings, _ r: inout Reader) {
        guard let entries = r.entries(node, "interrupts") else { return }
        for e in entries {
            guard Identifier.isValid(e.key) else { r.error(.badID, e.keyNode, "'\(Self.excerpt(e.key))' is not an interrupt name"); continue }
            guard let props = r.entries(e.value, "interrupt '\(Self.excerpt(e.key))'", allowed: FlowSchemaKeys.interrupt) else { continue }
            let words = props.first { $0.key == "words" }.map { readWords($0.value, "an interrupt word", &r) } ?? []
            if words.isEmpty { r.error(.missingKey, e.keyNode, "interrupt '\(Self.excerpt(e.key))' needs 'words:', the phrases that trigger it") }
            let go = props.first { $0.key == "go" }.flatMap { r.reference($0.value, "go") }
            if go == nil { r.error(.missingKey, e.keyNode, "interrupt '\(Self.excerpt(e.key))' needs 'go:', the node to show") }
            let captures = props.first { $0.key == "capture" }.map { readCaptures($0.value, &r) } ?? []
            s.interrupts.append((e.key, words, go, r.location(e.keyNode), captures))
        }
    }

    private func readTopics(_ node: Yams.Node, _ s: inout RawSettings, _ r: inout Reader) {
        guard let entries = r.entries(node, "topics") else { return }
        for e in entries {
            guard Identifier.isValid(e.key) else { r.error(.badID, e.keyNode, "'\(Self.excerpt(e.key))' is not a topic name"); continue }
            guard let props = r.entries(e.value, "topic '\(Self.excerpt(e.key))'", allowed: FlowSchemaKeys.topic) else { continue }
            let before = patternUses.count
            let words = props.first { $0.key == "words" }.map { readWords($0.value, "a topic word", &r) } ?? []
            for use in patternUses[before...] { topicWordUses.append((e.key, use.source, use.location)) }
            if words.isEmpty { r.error(.missingKey, e.keyNode, "topic '\(Self.excerpt(e.key))' needs 'words:', the phrases that lead to it") }
            let go = props.first { $0.key == "go" }.flatMap { r.reference($0.value, "go") }
            if go == nil { r.error(.missingKey, e.keyNode, "topic '\(Self.excerpt(e.key))' needs 'go:', where it leads") }
            let say = props.first { $0.key == "say" }.flatMap { readText($0.value, "say", id: "settings.topics.\(e.key).say", &r) }
            let captures = props.first { $0.key == "capture" }.map { readCaptures($0.value, &r) } ?? []
            s.topics.append((e.key, words, say, go, r.location(e.keyNode), captures))
        }
    }

    /// Interrupt and topic words: keywords, concepts or patterns, in the default locale.
    private func readWords(_ node: Yams.Node, _ what: String, _ r: inout Reader) -> [String] {
        r.list(node).compactMap { readPattern($0, what, locale: defaultLocale, &r) }
    }

    /// Resolves the settings' references into engine `Settings`.
    func linkSettings(firstFlow: FlowInfo?) -> Settings? {
        let raw = settings ?? RawSettings(location: firstFlow?.location ?? SourceLocation(file: "Flows", line: 1, column: 1))
        var start = firstFlow?.start ?? 0
        if let ref = raw.start { start = resolve(ref, from: nil) ?? start }
        var commands: [Command] = []
        for kind in Command.Kind.allCases {
            let given = raw.commands[kind]
            var words = given?.words ?? Command.defaultWords(kind)
            if kind == .exit { words = Command.defaultWords(.exit) + (given?.words ?? []) + raw.quickExit }
            var localeWords = Command.builtInLocaleWords(kind)
            for (locale, list) in given?.localeWords ?? [:] { localeWords[locale] = list }
            let say = given?.say
            commands.append(Command(kind: kind, words: words, say: say, target: given?.go.flatMap { resolve($0, from: nil) },
                                    localeWords: localeWords))
            if kind == .delete && !raw.instantDelete.isEmpty {
                commands.append(Command(kind: .delete, words: raw.instantDelete, say: say, localeWords: [:]))
            }
        }
        var interrupts: [Interrupt] = []
        for i in raw.interrupts {
            if let ref = i.go, let target = resolve(ref, from: nil) {
                interrupts.append(Interrupt(id: i.id, words: i.words, target: target, captures: i.captures))
            }
        }
        var topics: [Topic] = []
        for t in raw.topics {
            if let ref = t.go, let target = resolve(ref, from: nil) {
                topics.append(Topic(id: t.id, words: t.words, say: t.say, target: target, captures: t.captures))
            }
        }
        var reprompt = Reprompt()
        reprompt.first = raw.repromptFirst ?? builtInText(reprompt.first, id: "settings.reprompt.first")
        reprompt.second = raw.repromptSecond ?? builtInText(reprompt.second, id: "settings.reprompt.second")
        var texts = raw.texts
        for key in Texts.Key.allCases where texts[key] == nil {
            texts[key] = builtInText(Texts()[key], id: "settings.texts.\(key.rawValue)")
        }
        reprompt.escape = raw.repromptEscape.flatMap { resolve($0, from: nil) }
        return Settings(start: start, menu: raw.menu.flatMap { resolve($0, from: nil) }, defaultLocale: raw.locale,
                        maxCallDepth: raw.maxCallDepth, undoDepth: raw.undoDepth, variables: raw.variables,
                        commands: commands, interrupts: interrupts, topics: topics, captures: raw.captures, skipWords: raw.skipWords, reprompt: reprompt,
                        texts: Texts(texts))
    }
}
