/// A string in double quotes the C way, which both PO files and YAML's double-quoted scalars
/// read: `\\`, `\"`, `\n`, `\t` and `\r` escaped, and any other scalar that `escape` returns an
/// escape for (each format escapes its own control characters its own way).
///
///     doubleQuoted("a \"b\"\n") { _ in nil }   // "\"a \\\"b\\\"\\n\""
func doubleQuoted(_ s: String, escape: (Unicode.Scalar) -> String?) -> String {
    var out = "\""
    for u in s.unicodeScalars {
        switch u {
        case "\\": out += "\\\\"
        case "\"": out += "\\\""
        case "\n": out += "\\n"
        case "\t": out += "\\t"
        case "\r": out += "\\r"
        default:
            if let e = escape(u) { out += e } else { out.unicodeScalars.append(u) }
        }
    }
    return out + "\""
}
