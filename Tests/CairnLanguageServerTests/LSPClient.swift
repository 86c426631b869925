import CairnLanguageServer
import CairnTestSupport
import Foundation
import Testing

/// A scripted LSP client for `cairn lsp` running as a real process: framed JSON over its stdin
/// and stdout, as an editor talks to it. Replies are read on a thread of their own; waiting for one
/// gives up after `timeout` seconds (a hung server fails the test instead of hanging it).
final class LSPClient: @unchecked Sendable {
    let process = Process()
    private let input = Pipe(), output = Pipe()
    private let lock = NSCondition()
    private var received: [JSON] = []
    private var ended = false
    private var nextID = 1
    let timeout: TimeInterval

    init(arguments: [String] = ["lsp"], directory: URL, timeout: TimeInterval = 60) throws {
        self.timeout = timeout
        process.executableURL = try Repository.cairnBinary()
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let handle = output.fileHandleForReading
        Thread.detachNewThread { [self] in
            var buffer = Data()
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                buffer += chunk
                while let headerEnd = buffer.range(of: Data("\r\n\r\n".utf8)) {
                    let header = String(decoding: buffer[buffer.startIndex..<headerEnd.lowerBound], as: UTF8.self)
                    guard let n = header.split(separator: "\r\n").compactMap({ line -> Int? in
                        let parts = line.split(separator: ":", maxSplits: 1)
                        return parts.count == 2 && parts[0].lowercased() == "content-length" ? Int(parts[1].trimmingCharacters(in: .whitespaces)) : nil
                    }).first, buffer.count - headerEnd.upperBound + buffer.startIndex >= n else { break }
                    let bodyStart = headerEnd.upperBound
                    let body = buffer[bodyStart..<(bodyStart + n)]
                    buffer = Data(buffer[(bodyStart + n)...])
                    let message = (try? JSON.decode(Data(body))) ?? .null
                    lock.lock(); received.append(message); lock.broadcast(); lock.unlock()
                }
            }
            lock.lock(); ended = true; lock.broadcast(); lock.unlock()
        }
    }

    /// Sends raw bytes (for malformed-input tests).
    func sendRaw(_ bytes: Data) { input.fileHandleForWriting.write(bytes) }

    func send(_ message: JSON) {
        let body = message.encoded()
        sendRaw(Data("Content-Length: \(body.count)\r\n\r\n".utf8) + body)
    }

    func notify(_ method: String, _ params: JSON = .null) {
        send(["jsonrpc": "2.0", "method": JSON(method), "params": params])
    }

    /// Sends a request and waits for its response (the whole message: `result` or `error`).
    @discardableResult
    func request(_ method: String, _ params: JSON = .null) throws -> JSON {
        let id = nextID
        nextID += 1
        send(["jsonrpc": "2.0", "id": JSON(id), "method": JSON(method), "params": params])
        return try wait { $0["id"].int == id && $0["method"].isNull }
    }

    struct TimedOut: Error, CustomStringConvertible { let description: String }

    /// Waits for the first message received (and not yet taken) that `matches`, and takes it.
    func wait(for what: String = "a message", _ matches: (JSON) -> Bool) throws -> JSON {
        let deadline = Date().addingTimeInterval(timeout)
        lock.lock()
        defer { lock.unlock() }
        while true {
            if let i = received.firstIndex(where: matches) { return received.remove(at: i) }
            if ended { throw TimedOut(description: "the server closed its output before \(what); received: \(received)") }
            if !lock.wait(until: deadline) { throw TimedOut(description: "no \(what) within \(Int(timeout)) s; received: \(received)") }
        }
    }

    /// The next diagnostics published for a document (optionally: that satisfy `matches`).
    func diagnostics(for uri: String, _ matches: ([JSON]) -> Bool = { _ in true }) throws -> [JSON] {
        try wait(for: "diagnostics for \(uri)") {
            $0["method"].string == "textDocument/publishDiagnostics" && $0["params"]["uri"].string == uri
                && matches($0["params"]["diagnostics"].array ?? [])
        }["params"]["diagnostics"].array ?? []
    }

    /// Waits for the process to end; its exit status.
    func waitForExit() throws -> Int32 {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning { process.terminate(); throw TimedOut(description: "cairn lsp did not exit") }
        return process.terminationStatus
    }

    func closeInput() { try? input.fileHandleForWriting.close() }

    deinit { if process.isRunning { process.terminate() } }
}

/// A temporary folder with a `Flows/` directory of the given files.
struct FlowFolder {
    let url: URL

    init(_ files: [String: String]) throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("cairn-lsp-\(UUID().uuidString.prefix(8))")
            .resolvingSymlinksInPath()
        let flows = url.appendingPathComponent("Flows")
        try FileManager.default.createDirectory(at: flows, withIntermediateDirectories: true)
        for (name, text) in files { try text.write(to: flows.appendingPathComponent(name), atomically: true, encoding: .utf8) }
    }

    func uri(_ name: String) -> String { url.appendingPathComponent("Flows").appendingPathComponent(name).absoluteString }
    func path(_ name: String) -> String { url.appendingPathComponent("Flows").appendingPathComponent(name).path }
    func read(_ name: String) throws -> String { try String(contentsOfFile: path(name), encoding: .utf8) }
    func remove() { try? FileManager.default.removeItem(at: url) }
}
