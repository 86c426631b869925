import CairnEngine
import CairnLoader
import Foundation

/// Cairn's language server: LSP requests in, responses and notifications out, over any stream.
///
/// `handle` takes one decoded message and returns what to send; it never throws and never traps
/// on what a client sends: bad JSON, a missing field, an unknown method each get the LSP error for
/// it (`-32700`, `-32602`, `-32601`), and notifications nobody handles are ignored. Diagnostics are
/// computed by `publishPending()` after the messages that are waiting have been handled, so a burst
/// of edits is checked once.
///
///     let server = LanguageServer()
///     let replies = server.handle(["jsonrpc": "2.0", "id": 1, "method": "initialize", "params": [:]])
public final class LanguageServer {
    public enum ErrorCode: Int {
        case parseError = -32700, invalidRequest = -32600, methodNotFound = -32601, invalidParams = -32602
        case internalError = -32603, serverNotInitialized = -32002, requestFailed = -32803
    }

    /// A request that can't be answered: its LSP error code and message.
    struct Failure: Error {
        let code: ErrorCode
        let message: String
        init(_ code: ErrorCode, _ message: String) { self.code = code; self.message = message }
    }

    let workspace = Workspace()
    var initialized = false
    public private(set) var shutdownRequested = false
    /// Set by `exit`: the process should end, with status 0 after `shutdown`, else 1.
    public private(set) var exitStatus: Int32?

    public init() {}

    // MARK: - Messages

    /// Handles one message's bytes (a JSON body without its header).
    public func handle(body: Data) -> [JSON] {
        do {
            return handle(try JSON.decode(body))
        } catch {
            return [Self.error(id: .null, .parseError, "the message is \(error.description)")]
        }
    }

    public func handle(_ message: JSON) -> [JSON] {
        guard case .object(let m) = message else {
            return [Self.error(id: .null, .invalidRequest, "a message must be a JSON object")]
        }
        let id = m["id"] ?? .null
        let isRequest = m["id"] != nil
        guard let method = m["method"]?.string else {
            // A response to something we sent (we send no requests), or nonsense.
            return isRequest && m["result"] == nil && m["error"] == nil
                ? [Self.error(id: id, .invalidRequest, "a request needs a 'method'")] : []
        }
        if isRequest, !(id.string != nil || id.int != nil) {
            return [Self.error(id: .null, .invalidRequest, "a request id must be a number or a string")]
        }
        let params = m["params"] ?? .null
        if isRequest {
            do {
                let result = try request(method, params)
                return [["jsonrpc": "2.0", "id": id, "result": result]]
            } catch let failure as Failure {
                return [Self.error(id: id, failure.code, failure.message)]
            } catch {
                return [Self.error(id: id, .internalError, "\(error)")]
            }
        }
        return notification(method, params)
    }

    static func error(id: JSON, _ code: ErrorCode, _ message: String) -> JSON {
        ["jsonrpc": "2.0", "id": id, "error": ["code": JSON(code.rawValue), "message": JSON(message)]]
    }

    func request(_ method: String, _ params: JSON) throws -> JSON {
        if method == "initialize" { return initialize(params) }
        guard initialized else { throw Failure(.serverNotInitialized, "send 'initialize' first") }
        if shutdownRequested { throw Failure(.invalidRequest, "the server is shutting down; send 'exit'") }
        switch method {
        case "shutdown":
            shutdownRequested = true
            return .null
        case "textDocument/completion": return try completion(params)
        case "textDocument/definition": return try definition(params)
        case "textDocument/references": return try references(params)
        case "textDocument/hover": return try hover(params)
        case "textDocument/documentSymbol": return try documentSymbols(params)
        case "textDocument/prepareRename": return try prepareRename(params)
        case "textDocument/rename": return try rename(params)
        default: throw Failure(.methodNotFound, "cairn lsp does not handle '\(method.prefix(80))'")
        }
    }

    func notification(_ method: String, _ params: JSON) -> [JSON] {
        switch method {
        case "exit":
            exitStatus = shutdownRequested ? 0 : 1
            return []
        case "initialized": return []
        default: break
        }
        guard initialized, !shutdownRequested else { return [] }
        switch method {
        case "textDocument/didOpen": return didOpen(params)
        case "textDocument/didChange": return didChange(params)
        case "textDocument/didClose": return didClose(params)
        case "textDocument/didSave", "workspace/didChangeWatchedFiles":
            for s in workspace.sets.values { s.dirty = true }
            return []
        default: return []  // $/cancelRequest, $/setTrace and the like
        }
    }

    // MARK: - Lifecycle

    func initialize(_ params: JSON) -> JSON {
        initialized = true
        if let uri = params["rootUri"].string, let path = FileURI.path(uri) {
            workspace.rootPath = path
        } else if let uri = params["workspaceFolders"][0]["uri"].string, let path = FileURI.path(uri) {
            workspace.rootPath = path
        } else if let path = params["rootPath"].string {
            workspace.rootPath = URL(fileURLWithPath: path).standardizedFileURL.path
        }
        workspace.flowsOption = params["initializationOptions"]["flows"].string
        return [
            "capabilities": [
                "positionEncoding": "utf-16",
                "textDocumentSync": ["openClose": true, "change": 1, "save": ["includeText": false]],
                "completionProvider": ["triggerCharacters": [" ", ".", "~", "{"]],
                "definitionProvider": true,
                "referencesProvider": true,
                "hoverProvider": true,
                "documentSymbolProvider": true,
                "renameProvider": ["prepareProvider": true],
            ],
            "serverInfo": ["name": "cairn", "version": "1"],
        ]
    }

    // MARK: - Parameters

    /// The document path and Cairn position a request names.
    func location(_ params: JSON) throws -> (path: String, line: Int, column: Int) {
        let path = try documentPath(params)
        guard let pos = workspace.lines(of: path).cairn(params["position"]) else {
            throw Failure(.invalidParams, "'position' needs 'line' and 'character', whole numbers from 0")
        }
        return (path, pos.line, pos.column)
    }

    func documentPath(_ params: JSON) throws -> String {
        guard let uri = params["textDocument"]["uri"].string else {
            throw Failure(.invalidParams, "'textDocument.uri' is missing")
        }
        guard let path = FileURI.path(uri) else { throw Failure(.invalidParams, "only file:// documents are supported") }
        return path
    }

    /// An LSP Location for an occurrence.
    func lspLocation(_ o: SymbolIndex.Occurrence) -> JSON {
        let lines = workspace.lines(of: o.location.file)
        return ["uri": JSON(workspace.uri(of: o.location.file)),
                "range": lines.range(line: o.location.line, column: o.location.column, length: o.length)]
    }
}
