import CairnEngine
import CairnLoader
import Foundation
import Logging

/// Answers JSON-RPC request lines: the whole protocol, with no sockets involved.
///
/// `handle` takes one line's bytes and calls `reply` with the response line (not at all for a
/// notification). Most methods reply before `handle` returns; `flows.reload` replies later, from
/// another thread. See docs/protocol.md.
public final class Dispatcher: @unchecked Sendable {
    public static let protocolVersion = "cairn-rpc/1"

    /// The methods there are; logs name only these (any other as `unknown`), so a client's text
    /// never reaches a log line.
    static let methods: Set<String> = ["session.start", "session.send", "session.end", "session.snapshot", "session.restore",
                                       "flows.list", "flows.reload", "server.health", "contacts.list"]

    public struct Limits: Sendable {
        public var maxSessions: Int
        /// Seconds without a request before a session ends with `idle_timeout`, at most
        /// `maxIdleTimeout` (a longer, infinite or NaN value counts as the maximum).
        public var idleTimeout: Double

        /// One year, in seconds.
        public static let maxIdleTimeout: Double = 366 * 24 * 3600

        /// The request reader's line limit (`ServerConfiguration.maxLineLength`): every session is
        /// kept small enough that a `session.restore` of its snapshot fits in one line.
        public var maxLineBytes: Int

        public init(maxSessions: Int = 10_000, idleTimeout: Double = 1800, maxLineBytes: Int = 64 * 1024) {
            self.maxSessions = maxSessions
            self.idleTimeout = idleTimeout
            self.maxLineBytes = maxLineBytes
        }

        /// The most bytes a session may encode to so that its snapshot's restore request fits in
        /// `maxLineBytes`: the line less 256 bytes for the request around the blob (an `id` of up
        /// to 128 characters), less the blob's header, nonce and tag, less the id and generation
        /// sealed with the session, over base64's 4/3.
        public var maxSessionBytes: Int {
            let box = (maxLineBytes - 256 - (SnapshotCodec.prefix.utf8.count + 10)) / 4 * 3
            return box - 12 - 16 - SnapshotCodec.contentsOverhead
        }

        /// `idleTimeout` in nanoseconds, clamped to 1 ns ... `maxIdleTimeout`.
        var idleNanoseconds: UInt64 { UInt64(clampedIdleTimeout * 1e9) }

        /// `idleTimeout` clamped to 1 ns ... `maxIdleTimeout` (NaN counts as the maximum).
        var clampedIdleTimeout: Double {
            idleTimeout.isNaN ? Self.maxIdleTimeout : min(max(idleTimeout, 1e-9), Self.maxIdleTimeout)
        }
    }

    let store: SessionStore
    let snapshots: SnapshotCodec
    let limits: Limits
    let logger: Logger
    let reloadFlows: @Sendable () throws -> FlowLoader.Result
    let clock: @Sendable () -> UInt64
    private let lock = NSLock()
    private var engine: Engine
    private let started: UInt64
    /// Loads for `flows.reload` and SIGHUP, one at a time, off the event loops. The reload thread
    /// can outlive the dispatcher (a server stopping with reloads queued), so it holds it weakly:
    /// a reload left over then answers an error instead of reading a freed dispatcher.
    private(set) lazy var reloader = Reloader<[String: String]> { [weak self] in
        guard let self else { return .failure(.internalError("the server is stopping")) }
        return Result { () throws(RPCError) in try self.reload() }
    }
    var connectionCount: @Sendable () -> Int = { 0 }

    /// - Parameters:
    ///   - reload: loads the flows again for `flows.reload` (and SIGHUP).
    ///   - clock: nanoseconds from any fixed start; injectable for tests.
    ///   - snapshotKeys: seal and open snapshots; without a key file, `SnapshotKeys.random()`
    ///     (logged once as a warning: such snapshots do not survive a restart).
    public init(graph: Graph, limits: Limits = Limits(), snapshotKeys: SnapshotKeys, logger: Logger,
                reload: @escaping @Sendable () throws -> FlowLoader.Result,
                clock: @escaping @Sendable () -> UInt64 = { DispatchTime.now().uptimeNanoseconds }) {
        self.engine = Engine(graph: graph, maxSessionBytes: limits.maxSessionBytes)
        self.store = SessionStore(maxSessions: limits.maxSessions)
        self.snapshots = SnapshotCodec(keys: snapshotKeys)
        self.limits = limits
        self.logger = logger
        self.reloadFlows = reload
        self.clock = clock
        self.started = clock()
        if !snapshotKeys.persistent {
            logger.warning("no --snapshot-key-file: snapshots are sealed with a key made at start and will not restore after a restart or on another server")
        }
        checkBudget(engine)
    }

    /// Warns when the flows leave sessions little room for answers under the line limit.
    func checkBudget(_ engine: Engine) {
        guard let budget = engine.valueBudget, budget < 4 * Self.maxTextBytes else { return }
        logger.warning("sessions of these flows can keep few answers under the request line limit; raise --max-line",
                       metadata: ["answer_bytes": "\(max(0, budget))", "max_line": "\(limits.maxLineBytes)"])
    }

    var currentEngine: Engine { lock.withLock { engine } }

    /// Handles one request line from connection `connection`.
    public func handle(_ line: [UInt8], connection: UInt64, reply: @escaping @Sendable (String) -> Void) {
        guard String(validating: line, as: UTF8.self) != nil else {
            return reply(Self.encode(error: .parse("the line is not UTF-8"), id: .null))
        }
        let document: JSONReader.Document
        do { document = try JSONReader.read(line) } catch {
            let rpc: RPCError = switch error {
            case .syntax: .parse("the line is not valid JSON")
            case .numberOutOfRange: .parse("a number is too large")
            case .tooDeep: .invalidRequest("JSON nested deeper than \(JSONReader.maxDepth) levels")
            case .duplicateKey: .invalidRequest("a key appears twice in one object")
            }
            logger.info("request failed", metadata: ["code": "\(rpc.code)", "connection": "\(connection)"])
            return reply(Self.encode(error: rpc, id: .null))
        }
        let request = document.value
        guard case .object(let fields) = request else {
            return reply(Self.encode(error: .invalidRequest({ if case .array = request { true } else { false } }()
                ? "batches are not supported; send one request per line" : "a request is a JSON object"), id: .null))
        }
        let id: RequestID?
        if let value = fields["id"] {
            guard let valid = RequestID(literal: document.literals["id"] ?? "null", value: value) else {
                return reply(Self.encode(error: .invalidRequest("'id' must be a string, a number or null"), id: .null))
            }
            id = valid
        } else {
            id = nil
        }
        guard fields["jsonrpc"] == .string("2.0") else {
            return reply(Self.encode(error: .invalidRequest("'jsonrpc' must be \"2.0\""), id: id ?? .null))
        }
        guard let method = fields["method"]?.string else {
            return reply(Self.encode(error: .invalidRequest("'method' must be a string"), id: id ?? .null))
        }
        let params = fields["params"] ?? .object([:])
        guard params.object != nil else {
            return reply(Self.encode(error: .badParams("'params' must be an object"), id: id ?? .null))
        }
        let logged = Self.methods.contains(method) ? method : "unknown"
        let respond: @Sendable (Result<any Encodable & Sendable, RPCError>) -> Void = { [logger] result in
            guard let id else { return }  // a notification gets no response
            switch result {
            case .success(let value):
                reply((value as? StepResult).flatMap { FastJSON.response($0, id: id) } ?? Self.encode(result: value, id: id))
            case .failure(let error):
                logger.info("request failed", metadata: ["code": "\(error.code)", "method": "\(logged)", "connection": "\(connection)"])
                reply(Self.encode(error: error, id: id))
            }
        }
        if method == "flows.reload" {
            reloader.request { result in respond(result.map { $0 }) }
            return
        }
        respond(Result { () throws(RPCError) -> any Encodable & Sendable in try self.call(method, params, connection: connection) })
    }

    /// `{"id":…,"jsonrpc":"2.0","result":…}`, keys sorted, the id as the client wrote it.
    static func encode(result: any Encodable, id: RequestID) -> String {
        struct Response<R: Encodable>: Encodable { let jsonrpc = "2.0"; let result: R }
        // Sorted keys put "id" first: `{"jsonrpc":…` becomes `{"id":…,"jsonrpc":…`.
        return "{\"id\":" + id.json + "," + json(Response(result: AnyEncodable(result))).dropFirst()
    }

    /// `{"error":…,"id":…,"jsonrpc":"2.0"}`, keys sorted, the id as the client wrote it.
    static func encode(error: RPCError, id: RequestID) -> String {
        struct Response: Encodable { let error: RPCError }
        // Sorted keys put "id" and "jsonrpc" last: they follow the error object.
        return json(Response(error: error)).dropLast() + ",\"id\":" + id.json + ",\"jsonrpc\":\"2.0\"}"
    }

    static func json(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? String(decoding: encoder.encode(value), as: UTF8.self))
            ?? #"{"jsonrpc":"2.0","id":null,"error":{"code":-32603,"message":"internal error: response could not be encoded"}}"#
    }

    func now() -> UInt64 { clock() }
    var uptimeSeconds: Double { Double(clock() &- started) / 1e9 }

    func replaceEngine(_ e: Engine) { lock.withLock { engine = e } }
}

/// Wraps any Encodable so generic response types can hold it.
struct AnyEncodable: Encodable {
    let value: any Encodable
    init(_ value: any Encodable) { self.value = value }
    func encode(to encoder: any Encoder) throws { try value.encode(to: encoder) }
}
