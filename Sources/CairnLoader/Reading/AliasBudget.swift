import CYaml

/// Bounds YAML alias expansion before a file is composed into nodes.
///
/// Yams composes `*name` as a copy of the anchored node, so nine nested anchors of ten aliases each
/// (490 bytes) become a billion nodes for anything that walks or hashes them (a mapping key `? *a9`
/// is hashed whole). This pass reads libyaml's events, without building nodes, and adds up how many
/// nodes every alias stands for; past `maxAliasNodes` the file is refused. Linear in the file, and
/// flows that use a few aliases for shared choices still load.
enum AliasBudget {
    /// The nodes aliases may add to a file, in all.
    static let maxAliasNodes = 10_000

    /// Where a file's aliases first expand past the budget (1-based), or nil when they don't, or
    /// when the YAML does not parse (composing reports that, with its position).
    static func firstExcess(_ text: String) -> (line: Int, column: Int)? {
        // Without an anchor (`&name`: a `&` and at once a name, never a space) every alias stands
        // for one node, and there are no more aliases than `*`s: a file with no anchor and at most
        // `maxAliasNodes` of them cannot go past the budget, and most files (a text's "Lines &
        // Counselling" among them) are spared a second parse.
        var stars = 0, anchors = false
        var text = text
        text.withUTF8 { bytes in
            for (i, b) in bytes.enumerated() {
                if b == UInt8(ascii: "*") {
                    stars += 1
                } else if b == UInt8(ascii: "&"), i + 1 < bytes.count, ![0x20, 0x0A, 0x0D, 0x09].contains(bytes[i + 1]) {
                    anchors = true
                    break
                }
            }
        }
        if !anchors && stars <= maxAliasNodes { return nil }
        var bytes = Array(text.utf8)
        return bytes.withUnsafeMutableBufferPointer { buffer -> (line: Int, column: Int)? in
            var parser = yaml_parser_t()
            guard yaml_parser_initialize(&parser) == 1 else { return nil }
            defer { yaml_parser_delete(&parser) }
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var sizes: [String: Int] = [:]   // anchor -> nodes it stands for
            var open: [(anchor: String?, size: Int)] = []
            var added = 0
            func anchor(_ p: UnsafeMutablePointer<yaml_char_t>?) -> String? { p.map { String(cString: $0) } }
            func finish(_ size: Int, _ name: String?) {
                if let name { sizes[name] = size }
                if !open.isEmpty { open[open.count - 1].size += size }
            }
            while true {
                var event = yaml_event_t()
                guard yaml_parser_parse(&parser, &event) == 1 else { return nil }
                defer { yaml_event_delete(&event) }
                switch event.type {
                case YAML_STREAM_END_EVENT:
                    return nil
                case YAML_DOCUMENT_START_EVENT:
                    sizes = [:]
                case YAML_SCALAR_EVENT:
                    finish(1, anchor(event.data.scalar.anchor))
                case YAML_SEQUENCE_START_EVENT:
                    open.append((anchor(event.data.sequence_start.anchor), 1))
                case YAML_MAPPING_START_EVENT:
                    open.append((anchor(event.data.mapping_start.anchor), 1))
                case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                    if let last = open.popLast() { finish(last.size, last.anchor) }
                case YAML_ALIAS_EVENT:
                    let size = anchor(event.data.alias.anchor).flatMap { sizes[$0] } ?? 1
                    added += size
                    if added > maxAliasNodes {
                        return (Int(event.start_mark.line) + 1, Int(event.start_mark.column) + 1)
                    }
                    finish(size, nil)
                default:
                    break
                }
            }
        }
    }
}
