import Crypto
import Foundation

/// The keys that seal and open session snapshots: the first seals, every one opens.
///
/// A key file (`cairn serve --snapshot-key-file FILE`) holds one key a line, each 32 random bytes
/// written as base64 (44 characters, `head -c 32 /dev/urandom | base64`) or as hex (64 digits);
/// blank lines and `#` comments (whole lines, or after a key) are skipped. Servers that share the
/// file restore each other's snapshots; putting a new key first rolls the fleet onto it while
/// snapshots sealed with the older keys still open (docs/protocol.md, "Snapshot keys").
///
///     # sealing key since 2026-12-01
///     q3J4mW0p1bVt8yQz6cN2kX7hL5sD9fG0aE4rT1uI3oY=
///     # the previous key, until its snapshots are gone
///     0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0
public struct SnapshotKeys: Sendable {
    struct Key: Sendable {
        /// 8 hex digits, from SHA-256 of the key: named in each snapshot's header, never secret.
        let id: String
        let key: SymmetricKey
    }

    /// Never empty; the first seals.
    let keys: [Key]
    /// False for a key made at random at start: its snapshots die with the process.
    public let persistent: Bool

    /// The ids of the keys, the sealing key's first (shown by `server.health`).
    public var ids: [String] { keys.map(\.id) }

    /// A key file's text is at most this many bytes.
    public static let maxFileBytes = 64 * 1024

    /// Keys given as bytes, each exactly 32; the first seals.
    public init(_ keys: [[UInt8]], persistent: Bool = true) {
        precondition(!keys.isEmpty && keys.allSatisfy { $0.count == 32 }, "snapshot keys are 32 bytes each")
        self.keys = keys.map { Key(id: Self.id(of: $0), key: SymmetricKey(data: $0)) }
        self.persistent = persistent
    }

    /// One key made at random now (no key file): snapshots restore only in this process.
    public static func random() -> SnapshotKeys {
        SnapshotKeys([SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }], persistent: false)
    }

    /// Reads a key file's text (see the type's documentation).
    public init(file text: String) throws(KeyFileError) {
        guard text.utf8.count <= Self.maxFileBytes else { throw KeyFileError("is larger than \(Self.maxFileBytes) bytes; it holds one key a line") }
        var bytes: [[UInt8]] = []
        var lineOf: [String: Int] = [:]
        // By bytes: as Characters, "\r\n" is one and would not split.
        for (i, lineBytes) in text.utf8.split(separator: 10, omittingEmptySubsequences: false).enumerated() {
            let raw = String(decoding: lineBytes, as: UTF8.self)
            let line = (raw.firstIndex(of: "#").map { raw[..<$0] } ?? raw[...]).trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty { continue }
            guard let key = Self.decode(line) else {
                throw KeyFileError("line \(i + 1) is not a key: write 32 random bytes as base64 (44 characters) or hex (64 digits)")
            }
            guard key.count == 32 else {
                throw KeyFileError("line \(i + 1) holds a \(key.count)-byte key; a key is 32 bytes (44 base64 characters or 64 hex digits)")
            }
            let id = Self.id(of: key)
            if let earlier = lineOf[id] { throw KeyFileError("line \(i + 1) repeats the key on line \(earlier)") }
            lineOf[id] = i + 1
            bytes.append(key)
        }
        guard !bytes.isEmpty else {
            throw KeyFileError("holds no key; make one with: head -c 32 /dev/urandom | base64 > FILE")
        }
        self.init(bytes)
    }

    /// Hex (64 digits) or base64, standard or URL-safe, padded or not.
    static func decode(_ s: String) -> [UInt8]? {
        let u = Array(s.utf8)
        // Hex when it is all hex digits (and not 44 characters, a 32-byte key in base64).
        if u.count % 2 == 0, u.count != 44, let bytes = hex(u) { return bytes }
        var t = s.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        if t.utf8.count % 4 == 1 { return nil }
        while t.utf8.count % 4 != 0 { t += "=" }
        return Data(base64Encoded: t).map(Array.init)
    }

    private static func hex(_ u: [UInt8]) -> [UInt8]? {
        func digit(_ c: UInt8) -> UInt8? {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
            default: nil
            }
        }
        var out: [UInt8] = []
        for i in stride(from: 0, to: u.count, by: 2) {
            guard let hi = digit(u[i]), let lo = digit(u[i + 1]) else { return nil }
            out.append(hi << 4 | lo)
        }
        return out
    }

    /// A key's id: the first 4 bytes of SHA-256 over a label and the key, as 8 hex digits.
    static func id(of key: [UInt8]) -> String {
        let digest = SHA256.hash(data: Array("cairn snapshot key id\n".utf8) + key)
        return digest.prefix(4).map { String(format: "%02x", $0) }.joined()
    }

    func key(id: Substring) -> SymmetricKey? { keys.first { $0.id[...] == id }?.key }
}

/// A key file that can't be used; the text says what is wrong (never what the file holds).
public struct KeyFileError: Error, CustomStringConvertible, Equatable, Sendable {
    public let description: String
    init(_ description: String) { self.description = description }
}
