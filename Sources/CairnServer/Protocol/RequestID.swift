/// A JSON-RPC request id, kept as the exact JSON text the client sent, so it is echoed byte for
/// byte (`9007199254740993` stays `9007199254740993`, though no Double holds it).
///
/// Only strings, numbers and null are ids; `RequestID(literal:value:)` refuses anything else.
public struct RequestID: Equatable, Sendable {
    /// The id as JSON text: `null`, a number as written, or a string with its quotes and escapes.
    public let json: String

    public static let null = RequestID(json: "null")

    private init(json: String) { self.json = json }

    /// The id whose source text is `literal` and whose value is `value`; nil unless a string,
    /// a number or null.
    init?(literal: String, value: JSONValue) {
        switch value {
        case .string, .number, .null: json = literal
        default: return nil
        }
    }

    /// An id the server makes up (tests, notifications): a string or an integer.
    public init(_ string: String) { json = Dispatcher.json(string) }
    public init(_ number: Int) { json = String(number) }
}
