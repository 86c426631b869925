import CairnEngine
import FuzzSupport

/// `Condition.parse` on any text: a condition evaluates against any variables and `not` inverts
/// it; a failed parse points inside the text with a short message.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCondition(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = Fuzz.text(UnsafeRawBufferPointer(start: data, count: size))
    do {
        let condition = try Condition.parse(text)
        let names = condition.variables
        Fuzz.require(!names.isEmpty, "a condition reads a variable")
        for values in [[:], Dictionary(names.map { ($0, "3") }, uniquingKeysWith: { a, _ in a }),
                       Dictionary(names.map { ($0, "under_18, yes") }, uniquingKeysWith: { a, _ in a })] {
            let result = condition.evaluate(values)
            Fuzz.require(Condition.not(condition).evaluate(values) == !result, "not inverts")
        }
    } catch {
        Fuzz.require(error.offset >= 0 && error.offset <= text.count, "the offset \(error.offset) is inside the text (\(text.count) characters)")
        Fuzz.require(!error.message.isEmpty && error.message.count < 400, "a short message: \(error.message.prefix(80))")
    }
    return 0
}
