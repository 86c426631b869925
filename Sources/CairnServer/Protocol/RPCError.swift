/// A JSON-RPC error: the standard codes, and Cairn's own in the server range (-32000 to -32099).
///
/// Messages never include what a person typed or what Cairn said.
public struct RPCError: Error, Encodable, Equatable, Sendable {
    public let code: Int
    public let message: String
    public let data: JSONValue?

    public init(_ code: Int, _ message: String, data: JSONValue? = nil) {
        self.code = code
        self.message = message
        self.data = data
    }

    public static func parse(_ why: String) -> RPCError { RPCError(-32700, "parse error: \(why)") }
    public static func invalidRequest(_ why: String) -> RPCError { RPCError(-32600, "invalid request: \(why)") }
    public static func unknownMethod(_ name: String) -> RPCError {
        RPCError(-32601, "unknown method '\(name)'; see flows.list, server.health, session.start, session.send, session.end, session.snapshot, session.restore, flows.reload")
    }
    public static func badParams(_ why: String) -> RPCError { RPCError(-32602, "invalid params: \(why)") }
    public static func internalError(_ why: String) -> RPCError { RPCError(-32603, "internal error: \(why)") }

    public static let unknownSession = RPCError(-32001, "unknown or expired session")
    public static func sessionLimit(_ n: Int) -> RPCError { RPCError(-32002, "too many sessions: the limit is \(n); end idle ones or raise --max-sessions") }
    public static func badSnapshot(_ why: String) -> RPCError { RPCError(-32003, "snapshot rejected: \(why)") }
    public static func flowsInvalid(_ diagnostics: [String]) -> RPCError {
        RPCError(-32004, "the flows have errors; the previous flows keep serving", data: .array(diagnostics.map(JSONValue.string)))
    }
    public static func connectionLimit(_ n: Int) -> RPCError { RPCError(-32005, "too many connections: the limit is \(n)") }
    public static func lineTooLong(_ n: Int) -> RPCError { RPCError(-32006, "request line longer than \(n) bytes; it was discarded") }
    public static let notPermitted = RPCError(-32007, "this user may not connect")
    public static func snapshotSuperseded(newest: UInt64) -> RPCError {
        RPCError(-32008, "snapshot superseded: this session has a newer snapshot (generation \(newest)); restore the newest one")
    }
    public static let sessionDeleted = RPCError(-32009, "snapshot refused: the person deleted this conversation; delete every copy you hold")
}
