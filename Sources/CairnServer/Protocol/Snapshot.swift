import CairnEngine
import Crypto
import Foundation

/// Session snapshots: an opaque, versioned, sealed text blob a host keeps in its own store.
///
/// Form: `cairn-snapshot-2.<key id>.<box>`. The box is base64url of a ChaCha20-Poly1305 sealed
/// box (12-byte nonce, ciphertext, 16-byte tag) under the key the id names, with the header
/// `cairn-snapshot-2.<key id>` as associated data, so neither the header nor the contents can be
/// changed unseen. Inside: the session's id, its generation (each snapshot of a session gets the
/// next one) and the session as JSON. A host's store never holds what a person typed in clear.
///
///     cairn-snapshot-2.3fa90c1e.5mBqv0X…
public struct SnapshotCodec: Sendable {
    public static let prefix = "cairn-snapshot-2"
    /// What the first Cairn made: signed, not sealed; refused.
    static let oldPrefix = "cairn-snapshot-1"
    public let keys: SnapshotKeys

    /// What a snapshot holds.
    public struct Contents: Codable, Sendable, Equatable {
        /// The session id it was taken from; a restore continues under the same id.
        public var id: String
        /// 1 for a session's first snapshot, then one more each time.
        public var generation: UInt64
        public var session: Session

        public init(id: String, generation: UInt64, session: Session) {
            self.id = id
            self.generation = generation
            self.session = session
        }
    }

    public init(keys: SnapshotKeys) { self.keys = keys }

    /// One key; servers that share it can restore each other's snapshots.
    public init(key: [UInt8]) { self.keys = SnapshotKeys([key]) }

    /// What the sealed JSON adds around the session: `{"generation":…,"id":"…","session":…}`
    /// (an id of up to 64 characters).
    static let contentsOverhead = 160

    /// Seals `contents` with the first key.
    public func seal(_ contents: Contents) throws -> String {
        let key = keys.keys[0]
        let header = Self.prefix + "." + key.id
        let plaintext = try JSONEncoder().encode(contents)
        let box = try ChaChaPoly.seal(plaintext, using: key.key, authenticating: Array(header.utf8))
        return header + "." + Self.base64url(Array(box.combined))
    }

    /// Checks the version and key, opens and authenticates the box, then decodes what it holds.
    public func open(_ blob: String) throws(RPCError) -> Contents {
        let parts = blob.split(separator: ".", omittingEmptySubsequences: false)
        guard parts[0] == Self.prefix[...] else {
            if parts[0] == Self.oldPrefix[...] {
                throw .badSnapshot("it was made by an older Cairn (cairn-snapshot-1) and can't be opened by this one; start a new session")
            }
            if blob.hasPrefix("cairn-snapshot-") { throw .badSnapshot("it was made by another version of Cairn (\(Self.safeVersion(parts[0])))") }
            throw .badSnapshot("not a Cairn snapshot")
        }
        guard parts.count == 3 else { throw .badSnapshot("it is truncated or malformed") }
        guard let key = keys.key(id: parts[1]) else {
            throw .badSnapshot("it was sealed with a key this server doesn't have (key id \(Self.safeVersion(parts[1]))); give every server the same --snapshot-key-file")
        }
        let header = parts[0] + "." + parts[1]
        guard let bytes = Self.unbase64url(parts[2]), let box = try? ChaChaPoly.SealedBox(combined: bytes) else {
            throw .badSnapshot("it is truncated or malformed")
        }
        guard let plaintext = try? ChaChaPoly.open(box, using: key, authenticating: Array(header.utf8)) else {
            throw .badSnapshot("it does not authenticate (altered or truncated)")
        }
        guard let contents = try? JSONDecoder().decode(Contents.self, from: plaintext) else {
            throw .badSnapshot("the session inside cannot be read")
        }
        guard contents.session.version == Session.formatVersion else {
            throw .badSnapshot("session format \(contents.session.version) is not supported")
        }
        return contents
    }

    /// Opens a blob and returns only the session.
    public func decode(_ blob: String) throws(RPCError) -> Session { try open(blob).session }

    /// A header part echoed in an error: at most 20 characters of `[0-9A-Za-z-]`, else `?`.
    private static func safeVersion(_ s: Substring) -> String {
        let ok = s.utf8.count <= 20 && s.utf8.allSatisfy { c in
            (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 45
        }
        return ok ? String(s) : "?"
    }

    static func base64url(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func unbase64url(_ s: Substring) -> [UInt8]? {
        guard s.utf8.allSatisfy({ c in (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 45 || c == 95 }) else {
            return nil
        }
        var t = s.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while t.utf8.count % 4 != 0 { t += "=" }
        return Data(base64Encoded: t).map(Array.init)
    }
}
