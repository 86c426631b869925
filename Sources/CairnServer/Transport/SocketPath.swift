import Foundation

/// Checks a socket path before binding: short enough, and not in use.
enum SocketPath {
    /// `sun_path` holds 108 bytes with the terminating zero.
    static let maxLength = 107

    /// Removes a stale socket file (nobody listening); refuses a live socket or anything else.
    static func prepare(_ path: String) throws(ServerError) {
        guard !path.isEmpty, path.utf8.count <= maxLength else {
            throw ServerError("the socket path is \(path.utf8.count) bytes; Unix sockets allow at most \(maxLength)")
        }
        var st = stat()
        guard lstat(path, &st) == 0 else { return }
        guard st.st_mode & S_IFMT == S_IFSOCK else {
            throw ServerError("\(path) exists and is not a socket; refusing to replace it")
        }
        if isListening(path) { throw ServerError("another server is listening on \(path)") }
        guard unlink(path) == 0 else { throw ServerError("cannot remove the stale socket \(path): \(String(cString: strerror(errno)))") }
    }

    static func isListening(_ path: String) -> Bool {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &addr.sun_path) { raw in
            let bytes = Array(path.utf8.prefix(maxLength))
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        let result = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        return result == 0
    }
}
