import CairnEngine

extension Transcript {
    /// Parses transcript text; every malformed line is reported, none crashes.
    public static func parse(path: String, text: String) -> (Transcript?, [TranscriptError]) {
        var errors: [TranscriptError] = []
        var conversations: [Conversation] = []
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { l in
            l.hasSuffix("\r") ? String(l.dropLast()) : String(l)
        }
        var current: Conversation?
        func fail(_ n: Int, _ col: Int, _ m: String) { errors.append(TranscriptError(path: path, line: n, column: col, message: m)) }

        for (i, raw) in lines.enumerated() {
            let n = i + 1
            let trimmed = raw.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            if raw.hasPrefix("===") {
                if let c = current { conversations.append(c) }
                let name = raw.dropFirst(3).trimmingCharacters(in: .whitespaces)
                current = Conversation(name: name.isEmpty ? "conversation at line \(n)" : name, line: n, options: StartOptions(),
                                       steps: [], afterHeader: n)
                continue
            }
            if current == nil {
                current = Conversation(name: (path as NSString).lastPathComponent, line: n, options: StartOptions(), steps: [], afterHeader: n - 1)
            }
            // A continuation of the previous message.
            if raw.first == " " || raw.first == "\t" {
                if case .expect(.say(let text), let range)? = current!.steps.last {
                    current!.steps[current!.steps.count - 1] = .expect(.say(text + "\n" + trimmed), lines: range.lowerBound...n)
                } else {
                    fail(n, 1, "an indented line continues a 'bot:' message, but there is none above it")
                }
                continue
            }
            if raw.hasPrefix("[") {
                guard let close = raw.firstIndex(of: "]"), let number = Int(raw[raw.index(after: raw.startIndex)..<close]) else {
                    fail(n, 1, "a choice line looks like '[1] Label'")
                    continue
                }
                let label = raw[raw.index(after: close)...].trimmingCharacters(in: .whitespaces)
                let line = Item.ChoiceLine(number: number, label: label)
                if case .expect(.choices(let cs), let range)? = current!.steps.last, range.upperBound == n - 1 || lastContentLine(lines, before: n) == range.upperBound {
                    current!.steps[current!.steps.count - 1] = .expect(.choices(cs + [line]), lines: range.lowerBound...n)
                } else {
                    current!.steps.append(.expect(.choices([line]), lines: n...n))
                }
                continue
            }
            guard let colon = raw.firstIndex(of: ":") else {
                fail(n, 1, "unknown line; lines start with you:, bot:, contact:, [1], ask:, end:, handoff:, interrupt:, failure:, host:, ===, or #")
                continue
            }
            let key = String(raw[..<colon])
            let value = raw[raw.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            let valueColumn = raw.distance(from: raw.startIndex, to: colon) + 3
            let isOption = ["locale", "flow", "set"].contains(key)
            if isOption && !current!.steps.isEmpty {
                fail(n, 1, "'\(key):' sets how the conversation starts, so it goes right after the === line")
                continue
            }
            switch key {
            case "you": current!.steps.append(.input(.text(value), lines: n...n))
            case "host":
                switch value {
                case "cancel": current!.steps.append(.input(.cancel, lines: n...n))
                case "timeout": current!.steps.append(.input(.timeout, lines: n...n))
                default: fail(n, valueColumn, "'host:' takes cancel or timeout, not '\(value)'")
                }
            case "bot": current!.steps.append(.expect(value == "*" ? .anyMessages : .say(value), lines: n...n))
            case "ask": current!.steps.append(.expect(.ask(value), lines: n...n))
            case "contact": current!.steps.append(.expect(.contact(value), lines: n...n))
            case "interrupt": current!.steps.append(.expect(.interrupt(value), lines: n...n))
            case "end": current!.steps.append(.expect(.end(value), lines: n...n))
            case "failure": current!.steps.append(.expect(.failure(value), lines: n...n))
            case "handoff":
                var vars: [String: String] = [:]
                if value != Item.nothingShared {
                    // Pairs are split at a comma followed by `name=`, so list values keep their commas.
                    for pair in value.split(separator: /,\s*(?=[A-Za-z_][A-Za-z0-9_]*=)/) {
                        let kv = pair.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                        if kv.count == 2 { vars[kv[0]] = kv[1] } else { fail(n, valueColumn, "handoff lists name=value pairs, or '\(Item.nothingShared)'") }
                    }
                }
                current!.steps.append(.expect(.handoff(vars), lines: n...n))
            case "locale": current!.options.locale = value; current!.afterHeader = n
            case "flow": current!.options.flow = value; current!.afterHeader = n
            case "set":
                let kv = value.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                if kv.count == 2, !kv[0].isEmpty { current!.options.presets[kv[0]] = kv[1] } else { fail(n, valueColumn, "'set:' looks like 'set: name = value'") }
                current!.afterHeader = n
            default:
                fail(n, 1, "unknown line kind '\(key):'; use you:, bot:, contact:, ask:, end:, handoff:, interrupt:, failure:, host:, locale:, flow: or set:")
            }
        }
        if let c = current { conversations.append(c) }
        if conversations.isEmpty { fail(1, 1, "the transcript has no conversations (start one with '=== name')") }
        return (errors.isEmpty ? Transcript(path: path, lines: lines, conversations: conversations) : nil, errors)
    }

    private static func lastContentLine(_ lines: [String], before n: Int) -> Int {
        var k = n - 1
        while k >= 1 {
            let t = lines[k - 1].trimmingCharacters(in: .whitespaces)
            if !t.isEmpty && !t.hasPrefix("#") { return k }
            k -= 1
        }
        return 0
    }
}

import Foundation
