extension Template {
    /// The variables whose slots would render as nothing with these values: unset or empty, with no
    /// inline fallback and no declared default.
    ///
    /// Pure, like `render`: it reads only its arguments. A writers' tool (`cairn explore`) uses it to
    /// find sentences with a hole in them. The result lists each name once, in slot order.
    ///
    ///     try Template.parse("Hi {{name}}, {{who or \"friend\"}}").missingVariables([:])   // ["name"]
    public func missingVariables(_ values: [String: String], defaults: [String: String] = [:]) -> [String] {
        var out: [String] = []
        for case .variable(let name, let fallback) in parts where (values[name] ?? "").isEmpty {
            let replacement = fallback ?? defaults[name] ?? ""
            if replacement.isEmpty && !out.contains(name) { out.append(name) }
        }
        return out
    }
}
