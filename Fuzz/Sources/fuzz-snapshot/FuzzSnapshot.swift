import CairnEngine
import CairnServer
import Foundation
import FuzzSupport

private let codec = SnapshotCodec(key: Array("cairn-fuzz-snapshot-key-32bytes!".utf8))

/// Snapshot restore through its public entry points only (`SnapshotCodec.decode`, `seal`), so
/// the target outlives a change of the blob's form. The first byte picks the mode:
/// - even: the rest is a blob; decoding refuses it with `bad_snapshot` (or, if it really is one,
///   the restored session runs);
/// - odd: the rest is a session as JSON; one that decodes survives encode then decode unchanged.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSnapshot(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let rest = UnsafeRawBufferPointer(start: data + 1, count: size - 1)
    if data[0] & 1 == 0 {
        let blob = Fuzz.text(rest)
        do {
            var session = try codec.decode(blob)
            let engine = FuzzGuide.engine
            if session.fingerprint == engine.graph.fingerprint, session.waitingNode != nil {
                _ = try? engine.step(&session, .text("1"))
            }
        } catch {
            Fuzz.require(error.code == -32003, "a bad blob is a snapshot error: \(error.message.prefix(100))")
            Fuzz.require(Fuzz.isOneLine(error.message), "the message is one line")
        }
    } else {
        guard let session = try? JSONDecoder().decode(Session.self, from: Data(rest)) else { return 0 }
        do {
            let back = try codec.decode(try codec.seal(.init(id: "fuzz", generation: 1, session: session)))
            Fuzz.require(back == session, "a snapshot restores the session it was made from")
        } catch let error as RPCError {
            Fuzz.require(error.message.contains("format"), "only an unsupported format is refused: \(error.message.prefix(100))")
        } catch {
            Fuzz.require(false, "a session that decodes also encodes: \(error)")
        }
    }
    return 0
}

/// Before the first input: the bundled guide is loaded once, outside any input's timeout.
@_cdecl("LLVMFuzzerInitialize")
public func initialize(_ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>) -> CInt {
    FuzzGuide.prepare()
    return 0
}
