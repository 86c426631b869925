import CairnEngine
import Foundation

/// Session snapshots: an opaque, versioned, signed text blob a host keeps in its own store.
///
/// Form: `cairn-snapshot-1.<payload>.<signature>`, both base64url; the payload is the session as
/// JSON, the signature HMAC-SHA-256 over `cairn-snapshot-1.<payload>` with the server's key. A blob
/// holds what the person answered (their variables), so hosts should store it as carefully as the
/// conversation itself.
public struct SnapshotCodec: Sendable {
    public static let prefix = "cairn-snapshot-1"
    let key: [UInt8]

    /// `key` signs and checks blobs; servers that share it can restore each other's snapshots.
    public init(key: [UInt8]) { self.key = key }

    public func encode(_ session: Session) throws -> String {
        let payload = Self.base64url(Array(try JSONEncoder().encode(session)))
        let signed = Self.prefix + "." + payload
        return signed + "." + Self.base64url(SHA256.hmac(key: key, message: Array(signed.utf8)))
    }

    /// Checks the signature and version, then decodes the session.
    public func decode(_ blob: String) throws(RPCError) -> Session {
        let parts = blob.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0] == Self.prefix[...] else {
            if blob.hasPrefix("cairn-snapshot-") { throw .badSnapshot("made by an incompatible version of Cairn") }
            throw .badSnapshot("not a Cairn snapshot")
        }
        let signed = parts[0] + "." + parts[1]
        guard let signature = Self.unbase64url(String(parts[2])),
              SHA256.constantTimeEqual(signature, SHA256.hmac(key: key, message: Array(signed.utf8))) else {
            throw .badSnapshot("the signature does not match (altered, or signed with another key)")
        }
        guard let payload = Self.unbase64url(String(parts[1])),
              let session = try? JSONDecoder().decode(Session.self, from: Data(payload)) else {
            throw .badSnapshot("the session inside cannot be read")
        }
        guard session.version == Session.formatVersion else { throw .badSnapshot("session format \(session.version) is not supported") }
        return session
    }

    static func base64url(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func unbase64url(_ s: String) -> [UInt8]? {
        var t = s.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while t.count % 4 != 0 { t += "=" }
        return Data(base64Encoded: t).map(Array.init)
    }
}
