import CairnEngine
import CairnLoader
import CairnServer
import Foundation
import FuzzSupport
import Logging

/// Request lines through the whole dispatcher on the bundled guide: the reader (UTF-8 check,
/// bounded JSON), the methods, and both response writers (the fast one for step results, the
/// encoder for the rest). Each line of the input is one request; `$S` in a line stands for the
/// last session id a reply named and `$P` for the last snapshot, so mutated conversations can go
/// on past `session.start`. Every request with an id gets exactly one reply: one line of JSON, an
/// object with `"jsonrpc":"2.0"` and either a result or an error with a code.
private let dispatcher = Dispatcher(
    graph: Fuzz.guide, limits: .init(maxSessions: 64, idleTimeout: 1800),
    snapshotKeys: SnapshotKeys([Array("cairn-fuzz-request-key-32-bytes!".utf8)]),
    logger: Logger(label: "fuzz") { _ in SwiftLogNoOpLogHandler() },
    reload: { FlowLoader.Result.failedForFuzzing })

extension FlowLoader.Result {
    /// `flows.reload` in the fuzzer: no files are read; the reload fails and the flows stay.
    static var failedForFuzzing: FlowLoader.Result { FlowLoader.load(files: []) }
}

private final class Replies: @unchecked Sendable {
    let lock = NSLock()
    var lines: [String] = []
    func add(_ s: String) { lock.withLock { lines.append(s) } }
    func take() -> [String] { lock.withLock { defer { lines = [] }; return lines } }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRequest(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let raw = Array(UnsafeBufferPointer(start: data, count: size))
    var session = "none", snapshot = "none"
    var started: [String] = []
    let replies = Replies()
    for lineBytes in raw.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).prefix(32) {
        var line = Array(lineBytes)
        if line.contains(UInt8(ascii: "$")), let s = String(validating: line, as: UTF8.self) {
            line = Array(s.replacingOccurrences(of: "$S", with: session).replacingOccurrences(of: "$P", with: snapshot).utf8)
        }
        dispatcher.handle(line, connection: 1, reply: replies.add)
        for reply in replies.take() {
            let object = check(reply)
            if let result = object["result"] as? [String: Any] {
                if let s = result["session"] as? String { session = s; if result["events"] != nil { started.append(s) } }
                if let p = result["snapshot"] as? String { snapshot = p }
            }
        }
    }
    // Leave no session behind for the next input.
    for s in Set(started) {
        dispatcher.handle(Array(#"{"jsonrpc":"2.0","method":"session.end","params":{"session":"\#(s)"}}"#.utf8), connection: 1) { _ in }
    }
    return 0
}

/// One reply line's invariants; returns it as an object.
private func check(_ reply: String) -> [String: Any] {
    Fuzz.require(!reply.contains("\n") && !reply.contains("\r"), "a reply is one line: \(reply.prefix(200))")
    let parsed = try? JSONSerialization.jsonObject(with: Data(reply.utf8))
    guard let object = parsed as? [String: Any] else {
        Fuzz.require(false, "a reply is a JSON object: \(reply.prefix(300))")
        return [:]
    }
    Fuzz.require(object["jsonrpc"] as? String == "2.0", "a reply says jsonrpc 2.0: \(reply.prefix(200))")
    Fuzz.require(object.keys.contains("id"), "a reply has an id: \(reply.prefix(200))")
    Fuzz.require((object["result"] == nil) != (object["error"] == nil), "a result or an error: \(reply.prefix(200))")
    if let error = object["error"] as? [String: Any] {
        Fuzz.require(error["code"] is Int && error["message"] is String, "an error has a code and a message: \(reply.prefix(200))")
    }
    return object
}

/// Before the first input: the bundled guide is loaded once, outside any input's timeout.
@_cdecl("LLVMFuzzerInitialize")
public func initialize(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>) -> CInt {
    FuzzGuide.prepare()
    _ = dispatcher
    return 0
}
