import CairnEngine
import CairnLoader
import Foundation
import Logging
import NIOCore

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
    private var flows: ServedFlows
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
        let engine = Engine(graph: graph, maxSessionBytes: limits.maxSessionBytes)
        self.flows = ServedFlows(engine)
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

    var currentFlows: ServedFlows { lock.withLock { flows } }
    var currentEngine: Engine { currentFlows.engine }

    /// Handles one request line from connection `connection`.
    public func handle(_ line: [UInt8], connection: UInt64, reply: @escaping @Sendable (String) -> Void) {
        var out = JSONBytes(capacity: 1024)
        line.withUnsafeBytes { handle($0, connection: connection, into: &out, later: reply) }
        if out.count > 0 { reply(String(decoding: out.bytes, as: UTF8.self)) }
    }

    /// Handles one request line: appends the response line (without its newline) to `out` (the
    /// caller copies it into the channel's buffer); or,
    /// for `flows.reload`, writes nothing now and gives the response to `later` when the load is
    /// done, from another thread. A notification gets no response.
    func handle(_ line: UnsafeRawBufferPointer, connection: UInt64, into out: inout JSONBytes,
                later: @escaping @Sendable (String) -> Void) {
        let bytes = line.assumingMemoryBound(to: UInt8.self)
        func fail(_ error: RPCError, _ id: RequestID) { out.append(contentsOf: Self.encode(error: error, id: id)) }
        guard Self.isUTF8(bytes) else { return fail(.parse("the line is not UTF-8"), .null) }
        let request: JSONReader.Request
        do { request = try JSONReader.readRequest(bytes) } catch {
            let rpc: RPCError = switch error {
            case .syntax: .parse("the line is not valid JSON")
            case .numberOutOfRange: .parse("a number is too large")
            case .tooDeep: .invalidRequest("JSON nested deeper than \(JSONReader.maxDepth) levels")
            case .duplicateKey: .invalidRequest("a key appears twice in one object")
            }
            logger.info("request failed", metadata: ["code": "\(rpc.code)", "connection": "\(connection)"])
            return fail(rpc, .null)
        }
        guard request.shape == .object else {
            return fail(.invalidRequest(request.shape == .array
                ? "batches are not supported; send one request per line" : "a request is a JSON object"), .null)
        }
        let id: RequestID?
        if let value = request.id {
            guard let valid = RequestID(literal: request.idLiteral ?? "null", value: value) else {
                return fail(.invalidRequest("'id' must be a string, a number or null"), .null)
            }
            id = valid
        } else {
            id = nil
        }
        guard request.jsonrpc == .string("2.0") else { return fail(.invalidRequest("'jsonrpc' must be \"2.0\""), id ?? .null) }
        guard let method = request.method?.string else { return fail(.invalidRequest("'method' must be a string"), id ?? .null) }
        let params: RequestParams
        switch request.params {
        case .missing: params = RequestParams()
        case .object(let p): params = p
        case .other: return fail(.badParams("'params' must be an object"), id ?? .null)
        }
        if method == "flows.reload" {
            let logged = method
            reloader.request { [logger] result in
                guard let id else { return }  // a notification gets no response
                switch result {
                case .success(let value): later(Self.encode(result: value, id: id))
                case .failure(let error):
                    logger.info("request failed", metadata: ["code": "\(error.code)", "method": "\(logged)", "connection": "\(connection)"])
                    later(Self.encode(error: error, id: id))
                }
            }
            return
        }
        let outcome: Outcome
        do { outcome = try call(method, params, connection: connection) } catch {
            guard let id else { return }
            let logged = Self.methods.contains(method) ? method : "unknown"
            logger.info("request failed", metadata: ["code": "\(error.code)", "method": "\(logged)", "connection": "\(connection)"])
            return fail(error, id)
        }
        guard let id else { return }  // a notification gets no response
        switch outcome {
        case .step(let result, let ready, let options):
            if !FastJSON.write(result, id: id, ready: ready, options: options, into: &out) { out.append(contentsOf: Self.encode(result: result, id: id)) }
        case .value(let value):
            out.append(contentsOf: Self.encode(result: value, id: id))
        }
    }

    /// What a method returns: a step's result (with the bytes prepared for it or for the fixed
    /// options of the node its session waits at, if any), or any other value.
    enum Outcome {
        case step(StepResult, ReadyReply?, ReadyOptions?)
        case value(any Encodable & Sendable)
    }

    /// Whether `bytes` are UTF-8: at once for ASCII, else by the standard library.
    static func isUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        let n = bytes.count
        // Eight bytes at a time: any byte with its top bit set means not ASCII.
        if let base = bytes.baseAddress {
            let raw = UnsafeRawPointer(base)
            while i + 8 <= n {
                if raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { break }
                i += 8
            }
        }
        while i < n, bytes[i] < 0x80 { i += 1 }
        return i == n || String(validating: bytes, as: UTF8.self) != nil
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

    func replaceFlows(_ f: ServedFlows) { lock.withLock { flows = f } }
}

/// Wraps any Encodable so generic response types can hold it.
struct AnyEncodable: Encodable {
    let value: any Encodable
    init(_ value: any Encodable) { self.value = value }
    func encode(to encoder: any Encoder) throws { try value.encode(to: encoder) }
}
