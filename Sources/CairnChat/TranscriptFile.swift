import Foundation

/// Writes a conversation's transcript to a file the person named: the only way the chat writes
/// anything typed to disk, and only when asked (`/save FILE`, `cairn --record FILE`).
///
/// Contract: an existing file is never replaced unless `replacing` is true (`/save! FILE`); the
/// check and the creation are one step (`O_EXCL`), so nothing can slip in between. New files are
/// readable by their owner only (0600): they hold what the person typed. `~` at the start of a
/// path means the home directory. Failures come back as `SaveError`, whose text is for people.
///
///     if let error = TranscriptFile.write(recorder.text, to: "chat.transcript") { show(error.description) }
public enum TranscriptFile {
    /// Writes `text` to `path`; returns nil on success.
    public static func write(_ text: String, to path: String, replacing: Bool = false) -> SaveError? {
        let target = expand(path)
        let flags = O_WRONLY | O_CREAT | O_CLOEXEC | (replacing ? O_TRUNC : O_EXCL)
        let fd = open(target, flags, 0o600)
        guard fd >= 0 else {
            let code = errno
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: target, isDirectory: &isFolder), isFolder.boolValue {
                return SaveError(path: path, reason: .isFolder)  // O_EXCL reports a folder as EEXIST
            }
            return SaveError(path: path, errno: code)
        }
        defer { close(fd) }
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let n = bytes.withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                return SaveError(path: path, errno: errno)
            }
            bytes = bytes.dropFirst(n)
        }
        return nil
    }

    /// `path` with a leading `~` or `~/` turned into the home directory.
    static func expand(_ path: String) -> String {
        guard path == "~" || path.hasPrefix("~/") else { return path }
        return NSHomeDirectory() + path.dropFirst()
    }
}

/// Why a transcript could not be saved, in words for the person at the keyboard.
public struct SaveError: Error, Equatable, Sendable, CustomStringConvertible {
    public enum Reason: Equatable, Sendable {
        case exists, noFolder, isFolder, notAllowed
        case other(String)
    }

    /// The path as the person typed it.
    public let path: String
    public let reason: Reason

    public init(path: String, reason: Reason) {
        self.path = path
        self.reason = reason
    }

    init(path: String, errno code: Int32) {
        self.path = path
        switch code {
        case EEXIST: reason = .exists
        case ENOENT, ENOTDIR: reason = .noFolder
        case EISDIR: reason = .isFolder
        case EACCES, EPERM, EROFS: reason = .notAllowed
        default: reason = .other(String(cString: strerror(code)).lowercased())
        }
    }

    public var description: String {
        switch reason {
        case .exists:
            "\(path) already exists, so I didn't save over it. To replace it, type /save! \(path), or choose another name."
        case .noFolder:
            "I couldn't save to \(path): the folder \(folder) doesn't exist."
        case .isFolder:
            "I couldn't save to \(path): it's a folder. Add a file name, like /save \(path)/chat.transcript."
        case .notAllowed:
            "I couldn't save to \(path): I'm not allowed to write there. Try a file in your home folder, like /save ~/chat.transcript."
        case .other(let text):
            "I couldn't save to \(path): \(text)."
        }
    }

    private var folder: String {
        let parent = (path as NSString).deletingLastPathComponent
        return parent.isEmpty ? "." : parent
    }
}
