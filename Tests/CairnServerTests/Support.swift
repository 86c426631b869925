import CairnEngine
import CairnLoader
import CairnTestSupport
@testable import CairnServer
import CairnTestSupport
import Foundation
import Logging
import Testing

/// A small flow set for server tests, written to a fresh directory.
func writeFlows(_ dir: URL, extra: [String: String] = [:]) throws {
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let files: [String: String] = [
        "settings.yaml": """
        settings:
          start: main
          menu: main.menu
          variables:
            situation: { shareable: true }
            counsellors: { preset: true }
          interrupts:
            crisis:
              words: [suicide]
              go: main.crisis
        """,
        "contacts.yaml": """
        contacts:
          crisis_line:
            name: A crisis line
            offers: support at any hour, by phone or text.
            phone: { number: 9-8-8, label: Call }
            text: { number: "686868", keyword: CONNECT }
            hours: 24/7
            source: a test
          legal_clinic:
            name: A legal clinic
            offers:
              en: free legal advice.
              fr: des conseils juridiques gratuits.
            details: none
            source: a test
        """,
        "main.yaml": """
        flow: main
        title: Main
        start: hello
        nodes:
          hello:
            say:
              - Hi. I'm an automated guide.
              - text: A counsellor is available.
                if: counsellors is yes
            choices:
              - label: Continue
                go: menu
              - label: Leave
                end: quick_exit
          menu:
            say: What happened?
            choices:
              - label: My image was shared
                set: { situation: shared }
                go: describe
              - label: Talk to a person
                handoff: { share: [situation] }
          describe:
            say: In a few words, which image? You can type skip.
            ask: description
            optional: true
            go: menu
          crisis:
            say:
              - Call or text {{contact.crisis_line.phone}}.
              - contact: crisis_line
              - { contact: legal_clinic, if: situation is legal }
            choices:
              - label: Go back
                return: true
        """,
    ].merging(extra) { _, new in new }
    for (name, text) in files { try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8) }
}

/// A running in-process server on a temporary socket, and what it logged.
final class TestServer: @unchecked Sendable {
    let dir: URL
    let socketPath: String
    let server: SocketServer
    let logs: LogCapture

    /// - reload: what `flows.reload` runs (by default, loading the flows directory again).
    init(limits: Dispatcher.Limits = .init(), key: [UInt8] = Array(repeating: 7, count: 32), keys: SnapshotKeys? = nil,
         configure: (inout ServerConfiguration) -> Void = { _ in }, flowsDir: URL? = nil, socketPath: String? = nil,
         reload: (@Sendable () throws -> FlowLoader.Result)? = nil) throws {
        dir = try flowsDir ?? Scratch.directory("cairn-srv")
        if flowsDir == nil { try writeFlows(dir) }
        self.socketPath = socketPath ?? "/tmp/cairn-test-\(UUID().uuidString.prefix(8)).sock"
        logs = LogCapture()
        let capture = logs
        let logger = Logger(label: "test") { _ in capture.handler() }
        let flowsPath = dir.path
        let result = try FlowLoader.load(paths: [flowsPath])
        let graph = try #require(result.graph, "\(result.diagnostics)")
        var config = ServerConfiguration(socketPath: self.socketPath)
        config.threads = 2
        configure(&config)
        var limits = limits
        limits.maxLineBytes = config.maxLineLength
        let dispatcher = Dispatcher(graph: graph, limits: limits, snapshotKeys: keys ?? SnapshotKeys([key]), logger: logger,
                                    reload: reload ?? { try FlowLoader.load(paths: [flowsPath]) })
        server = SocketServer(configuration: config, dispatcher: dispatcher, logger: logger)
        try server.start()
    }

    func stop() {
        server.shutdown()
        server.wait()
    }

    deinit { unlink(socketPath) }

    func client() throws -> LineClient { try LineClient(path: socketPath) }
}

/// Collects log lines in memory, to check what the server logs (and what it never does).
final class LogCapture: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [String] = []
    var lines: [String] { lock.withLock { storage } }
    func append(_ s: String) { lock.withLock { storage.append(s) } }

    func handler() -> some LogHandler { Handler(capture: self) }

    struct Handler: LogHandler {
        let capture: LogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            let meta = (metadata.merging(event.metadata ?? [:]) { $1 }).map { "\($0)=\($1)" }.sorted().joined(separator: " ")
            capture.append("\(event.level) \(event.message) \(meta)")
        }
    }
}

/// A blocking client for tests: raw POSIX socket, newline-delimited lines, with timeouts.
final class LineClient {
    let fd: Int32
    /// Bytes read but not yet returned as a line (a cut line stays here).
    private(set) var buffer: [UInt8] = []

    init(path: String) throws {
        fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &addr.sun_path) { raw in
            let bytes = Array(path.utf8)
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        let r = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        // No close here: the object is whole, so `deinit` runs when init throws and closes `fd`.
        // Closing it here too closed it twice, and the second close could hit a descriptor
        // another thread had just opened (NIO then trapped: EBADF from getsockname in a bind).
        if r != 0 { throw ServerError("connect failed: \(String(cString: strerror(errno)))") }
    }

    deinit { close(fd) }

    func sendRaw(_ bytes: [UInt8]) {
        var off = 0
        while off < bytes.count {
            let n = bytes[off...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n <= 0 { return }
            off += n
        }
    }

    func send(_ line: String) { sendRaw(Array((line + "\n").utf8)) }

    /// The next line, or nil on end of input or after `timeout` seconds.
    func readLine(timeout: Double = 10) -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if let nl = buffer.firstIndex(of: 10) {
                let line = String(decoding: buffer[..<nl], as: UTF8.self)
                buffer.removeSubrange(...nl)
                return line
            }
            let left = deadline.timeIntervalSinceNow
            if left <= 0 { return nil }
            var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            guard poll(&p, 1, Int32(left * 1000)) > 0 else { return nil }
            var chunk = [UInt8](repeating: 0, count: 65536)
            let n = read(fd, &chunk, chunk.count)
            if n <= 0 { return nil }
            buffer += chunk[..<n]
        }
    }

    /// Sends a request and returns the parsed response object.
    func call(_ method: String, _ params: [String: Any] = [:], id: Int = 1) throws -> [String: Any] {
        let req: [String: Any] = ["jsonrpc": "2.0", "id": id, "method": method, "params": params]
        send(String(decoding: try JSONSerialization.data(withJSONObject: req), as: UTF8.self))
        return try parse(try #require(readLine(), "no response to \(method)"))
    }

    func shutdownWrite() { _ = Glibc.shutdown(fd, Int32(SHUT_WR)) }
}

func parse(_ line: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "not a JSON object: \(line)")
}

extension Dictionary where Key == String, Value == Any {
    var result: [String: Any]? { self["result"] as? [String: Any] }
    var errorCode: Int? { (self["error"] as? [String: Any])?["code"] as? Int }
    var events: [[String: Any]] { result?["events"] as? [[String: Any]] ?? [] }
    var says: [String] { events.filter { $0["type"] as? String == "say" }.compactMap { $0["text"] as? String } }
    var session: String? { result?["session"] as? String }
}
