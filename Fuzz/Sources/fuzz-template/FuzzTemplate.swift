import CairnEngine
import FuzzSupport

/// `Template.parse` on any text: a template renders with or without its variables, and a failed
/// parse points inside the text it was given.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTemplate(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = Fuzz.text(UnsafeRawBufferPointer(start: data, count: size))
    do {
        let template = try Template.parse(text)
        let empty = template.render([:])
        var values: [String: String] = [:]
        for name in template.variables { values[name] = "v" }
        _ = template.render(values, defaults: values)
        Fuzz.require(template.variables.allSatisfy(Identifier.isValid), "variable names are identifiers: \(template.variables)")
        if let literal = template.literal { Fuzz.require(literal == empty, "a literal renders as itself") }
        if !text.contains("{{") { Fuzz.require(empty == text, "text without slots renders as itself") }
    } catch {
        Fuzz.require(error.offset >= 0 && error.offset <= text.count, "the offset \(error.offset) is inside the text (\(text.count) characters)")
        Fuzz.require(!error.message.isEmpty && error.message.utf8.count < 400, "a short message: \(error.message.prefix(80))")
    }
    return 0
}
