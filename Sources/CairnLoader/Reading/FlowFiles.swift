import CairnEngine
import Foundation

/// Finds and reads the flow files under the paths a writer gave, never trusting what is there.
///
/// A directory is walked without recursion (a stack), following no symbolic links to directories.
/// Each file is opened without blocking (a FIFO named `.yaml` cannot stall the load), checked with
/// `fstat` to be a regular file no larger than `SourceFile.maxBytes`, and only then read, at most
/// that many bytes plus one. What cannot be used is one `cannot-read` or `file-too-large`
/// diagnostic naming the path as given, and the load goes on with the other files.
enum FlowFiles {
    struct Found {
        var files: [(path: String, data: Data)] = []
        var diagnostics: [Diagnostic] = []
    }

    /// Reads the `.yaml`/`.yml` files under `paths`; throws only when a path given does not exist.
    static func read(_ paths: [String]) throws(FlowLoader.IOError) -> Found {
        var found = Found()
        for path in paths {
            var st = stat()
            guard stat(path, &st) == 0 else {
                if errno == ENOENT || errno == ENOTDIR { throw FlowLoader.IOError(path: path, reason: "no such file or directory") }
                found.diagnostics.append(problem(path, "cannot be read: \(String(cString: strerror(errno)))"))
                continue
            }
            if st.st_mode & S_IFMT == S_IFDIR {
                for file in yamlFiles(in: path, &found.diagnostics) { readFile(file, into: &found) }
            } else {
                readFile(path, into: &found)
            }
        }
        return found
    }

    static func problem(_ path: String, _ message: String) -> Diagnostic {
        Diagnostic(.error, .cannotRead, at: SourceLocation(file: path, line: 1, column: 1), message)
    }

    /// The flow files under a directory, sorted; unreadable directories are reported and skipped.
    static func yamlFiles(in root: String, _ diagnostics: inout [Diagnostic]) -> [String] {
        var out: [String] = []
        var pending = [root]
        while let dir = pending.popLast() {
            guard let handle = opendir(dir) else {
                diagnostics.append(problem(dir, "cannot list this directory: \(String(cString: strerror(errno)))"))
                continue
            }
            defer { closedir(handle) }
            while let entry = readdir(handle) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
                }
                if name == "." || name == ".." { continue }
                let path = dir.hasSuffix("/") ? dir + name : dir + "/" + name
                var st = stat()
                guard lstat(path, &st) == 0 else { continue }
                if st.st_mode & S_IFMT == S_IFDIR {
                    pending.append(path)
                } else if name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
                    out.append(path)
                }
            }
        }
        return out.sorted()
    }

    /// Reads one file, or reports why it cannot be used.
    static func readFile(_ path: String, into found: inout Found, limit: Int = SourceFile.maxBytes) {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else {
            found.diagnostics.append(problem(path, "cannot be read: \(String(cString: strerror(errno)))"))
            return
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            found.diagnostics.append(problem(path, "cannot be read: \(String(cString: strerror(errno)))"))
            return
        }
        guard st.st_mode & S_IFMT == S_IFREG else {
            let kind = switch st.st_mode & S_IFMT {
            case S_IFIFO: "a FIFO"
            case S_IFCHR, S_IFBLK: "a device"
            case S_IFSOCK: "a socket"
            case S_IFDIR: "a directory"
            default: "not a regular file"
            }
            found.diagnostics.append(problem(path, "is \(kind), not a flow file"))
            return
        }
        guard st.st_size <= limit else {
            found.diagnostics.append(SourceFile.tooLarge(path: path, bytes: "\(st.st_size)", limit: limit))
            return
        }
        // At most limit + 1 bytes, in case the file grew since fstat.
        var data = Data(count: limit + 1)
        var total = 0
        while total <= limit {
            let n = data.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + total, limit + 1 - total) }
            if n < 0 && errno == EINTR { continue }
            if n < 0 {
                found.diagnostics.append(problem(path, "cannot be read: \(String(cString: strerror(errno)))"))
                return
            }
            if n == 0 { break }
            total += n
        }
        guard total <= limit else {
            found.diagnostics.append(SourceFile.tooLarge(path: path, bytes: "more than \(limit)", limit: limit))
            return
        }
        data.count = total
        found.files.append((path, data))
    }
}
