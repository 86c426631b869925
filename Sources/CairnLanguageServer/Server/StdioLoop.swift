import Foundation

extension LanguageServer {
    /// Serves one client over a pair of descriptors until `exit` or the end of input; returns the
    /// exit status (0 after `shutdown` then `exit`, 1 otherwise).
    ///
    /// Messages that are already waiting are handled before diagnostics are published, so typing
    /// fast costs one check, not one per keystroke. Before answering a request about positions the
    /// flows are checked if a document changed, so answers match the text the editor has.
    public func serve(input: Int32 = 0, output: Int32 = 1, maxMessageBytes: Int = MessageStream.defaultMaxMessageBytes) -> Int32 {
        signal(SIGPIPE, SIG_IGN)
        let stream = MessageStream(input: input, output: output, maxMessageBytes: maxMessageBytes)
        while true {
            switch stream.next() {
            case .end:
                return exitStatus ?? 1
            case .tooLarge(let n):
                stream.send(Self.error(id: .null, .invalidRequest, "a message of \(n) bytes is over the limit of \(maxMessageBytes) bytes; it was skipped"))
            case .badHeader(let why):
                stream.send(Self.error(id: .null, .parseError, "unreadable message header: \(why); it was skipped"))
            case .message(let body):
                let decoded = try? JSON.decode(body)
                if let method = decoded?["method"].string, !(decoded?["id"].isNull ?? true),
                   method.hasPrefix("textDocument/") && method != "textDocument/completion" {
                    for m in publishPending() { stream.send(m) }
                }
                for m in handle(body: body) { stream.send(m) }
                if let status = exitStatus { return status }
            }
            if !stream.hasPendingInput {
                for m in publishPending() { stream.send(m) }
            }
        }
    }
}
