import CairnEngine
import CairnLoader
@testable import CairnServer
import Foundation
import Testing

@Suite("Sealed snapshots and their keys")
struct SnapshotCodecTests {
    static let k1 = [UInt8](repeating: 1, count: 32), k2 = (0..<32).map { UInt8($0) }

    static func contents() throws -> SnapshotCodec.Contents {
        let dir = try flowsDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let graph = try #require(try FlowLoader.load(paths: [dir.path]).graph)
        var session = Session(graph: graph, presets: ["counsellors": "a secret answer"])
        _ = try Engine(graph: graph).step(&session, .start)
        return .init(id: "0123456789abcdef0123456789abcdef", generation: 3, session: session)
    }

    static func flowsDir() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cairn-codec-\(UUID().uuidString.prefix(8))")
        try writeFlows(dir)
        return dir
    }

    static func message(_ body: () throws -> Any) -> String? {
        do { _ = try body(); return nil } catch {
            guard let e = error as? RPCError else { return "\(error)" }
            return e.code == -32003 ? e.message : "code \(e.code)"
        }
    }

    @Test func sealsAndOpensWithTheHeaderAuthenticated() throws {
        let contents = try Self.contents()
        let codec = SnapshotCodec(keys: SnapshotKeys([Self.k1, Self.k2]))
        let blob = try codec.seal(contents)
        let parts = blob.split(separator: ".")
        #expect(parts.count == 3 && parts[0] == "cairn-snapshot-2" && parts[1] == SnapshotKeys.id(of: Self.k1))
        #expect(try codec.open(blob) == contents)
        #expect(!blob.contains("secret") && !blob.contains(SnapshotCodec.base64url(Array("a secret answer".utf8)).prefix(12)),
                "what the person or host gave is not in the blob in clear")
        let second = try codec.seal(contents)
        #expect(second != blob, "a fresh nonce each time")

        // The header is associated data: naming the other key (which this server has) fails to open.
        let renamed = "cairn-snapshot-2." + SnapshotKeys.id(of: Self.k2) + "." + parts[2]
        #expect(Self.message { try codec.open(renamed) }?.contains("does not authenticate") == true)
    }

    @Test func tamperedTruncatedForeignAndOldBlobsAreRefusedClearly() throws {
        let codec = SnapshotCodec(key: Self.k1)
        let blob = try codec.seal(try Self.contents())
        var flipped = Array(blob.utf8)
        flipped[flipped.count - 5] = flipped[flipped.count - 5] == UInt8(ascii: "A") ? UInt8(ascii: "B") : UInt8(ascii: "A")
        let cases: [(String, String)] = [
            (String(decoding: flipped, as: UTF8.self), "does not authenticate"),
            (String(blob.dropLast(7)), "does not authenticate"),
            (String(blob.prefix(40)), "truncated or malformed"),
            (String(blob.prefix(26)), "truncated or malformed"),
            ("cairn-snapshot-2.00000000", "truncated or malformed"),
            (blob + "*", "truncated or malformed"),
            ("cairn-snapshot-2.\(SnapshotKeys.id(of: Self.k2)).AAAA", "key this server doesn't have"),
            ("cairn-snapshot-1.eyJ2ZXJzaW9uIjoxfQ.c2lnbmF0dXJl", "older Cairn (cairn-snapshot-1) and can't be opened"),
            ("cairn-snapshot-9.abc.def", "another version of Cairn (cairn-snapshot-9)"),
            ("hello", "not a Cairn snapshot"),
            ("", "not a Cairn snapshot"),
        ]
        for (bad, why) in cases {
            let message = Self.message { try codec.open(bad) }
            #expect(message?.contains(why) == true, "\(bad.prefix(40)): \(message ?? "opened")")
        }
        let other = SnapshotCodec(key: Self.k2)
        #expect(Self.message { try other.open(blob) }?.contains("key this server doesn't have (key id \(SnapshotKeys.id(of: Self.k1)))") == true)
    }

    @Test func keyFilesHoldBase64OrHexKeysWithComments() throws {
        let b64 = Data(Self.k1).base64EncodedString()
        let hex = Self.k2.map { String(format: "%02x", $0) }.joined()
        let keys = try SnapshotKeys(file: "# sealing key\n\n  \(b64)  # since today\r\n\(hex.uppercased())\n")
        #expect(keys.ids == [SnapshotKeys.id(of: Self.k1), SnapshotKeys.id(of: Self.k2)], "in order: the first seals")
        #expect(keys.persistent)
        let unpadded = try SnapshotKeys(file: String(b64.dropLast()).replacingOccurrences(of: "+", with: "-"))
        #expect(unpadded.ids.count == 1)
        #expect(!SnapshotKeys.random().persistent)
        #expect(SnapshotKeys.random().ids != SnapshotKeys.random().ids)
        #expect(SnapshotKeys.id(of: Self.k1).utf8.count == 8)
    }

    @Test(arguments: [
        ("", "holds no key"),
        ("# only a comment\n\n", "holds no key"),
        ("not a key!\n", "line 1 is not a key"),
        ("# c\n" + Data([UInt8](repeating: 9, count: 16)).base64EncodedString() + "\n", "line 2 holds a 16-byte key; a key is 32 bytes"),
        (Data([UInt8](repeating: 9, count: 33)).base64EncodedString(), "line 1 holds a 33-byte key"),
        (String(repeating: "ab", count: 31), "line 1 holds a 31-byte key"),
        ("\(Data(k1).base64EncodedString())\n\(k1.map { String(format: "%02x", $0) }.joined())", "line 2 repeats the key on line 1"),
        (String(repeating: "A", count: 70_000), "larger than 65536 bytes"),
    ])
    func badKeyFilesAreRefusedWithTheLineAndWhy(_ text: String, _ why: String) {
        #expect { try SnapshotKeys(file: text) } throws: { error in
            let d = (error as? KeyFileError)?.description ?? ""
            return d.contains(why) && !d.contains(Data(Self.k1).base64EncodedString())
        }
    }
}
