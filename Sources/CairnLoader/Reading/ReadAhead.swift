import Foundation

extension FlowLoader {
    /// Files read and parsed on a second thread, in the order the compiler will ask for them,
    /// while the compiler reads the ones before: the load takes about the longer of the two
    /// instead of their sum.
    ///
    /// `file(i)` gives file `i` as `FlowLoader.read` gives it: at once when it is read, after the
    /// other thread finishes it when that thread is reading it, and read there and then when
    /// nobody has started it (so a slow second thread never holds the compiler up). Each file is
    /// read exactly once, by one of the two; reading is a pure function of the file, so what the
    /// compiler gets does not depend on which.
    final class ReadAhead: @unchecked Sendable {
        private enum State: UInt8 { case waiting, reading, read }

        private let files: [(path: String, data: Data)]
        private let condition = NSCondition()
        private var states: [State]
        private var slots: [ReadFile?]

        /// Starts reading `order` (file indices) on another thread; each job of `beside` (at, job)
        /// runs on that thread before the `at`th file of the order (tables the compiler needs next).
        init(_ files: [(path: String, data: Data)], order: [Int], beside: [(at: Int, job: @Sendable () -> Void)] = []) {
            self.files = files
            states = Array(repeating: .waiting, count: files.count)
            slots = Array(repeating: nil, count: files.count)
            DispatchQueue.global(qos: .userInitiated).async { [self] in
                for (k, i) in order.enumerated() {
                    for job in beside where job.at == k { job.job() }
                    if claim(i) { store(i, FlowLoader.read(files[i])) }
                }
            }
        }

        /// File `i`, read.
        func file(_ i: Int) -> ReadFile {
            if claim(i) {
                let file = FlowLoader.read(files[i])
                store(i, file)
                return file
            }
            condition.lock()
            defer { condition.unlock() }
            while states[i] != .read { condition.wait() }
            return slots[i]!
        }

        /// Every file, read, in file order.
        func all() -> [ReadFile] { files.indices.map(file) }

        /// Whether the caller is the one to read file `i` (nobody had started it).
        private func claim(_ i: Int) -> Bool {
            condition.lock()
            defer { condition.unlock() }
            guard states[i] == .waiting else { return false }
            states[i] = .reading
            return true
        }

        private func store(_ i: Int, _ file: ReadFile) {
            condition.lock()
            slots[i] = file
            states[i] = .read
            condition.broadcast()
            condition.unlock()
        }
    }

    /// The keys at the top of a YAML file as its lines show them: each line that starts, in its
    /// first column, with a plain word and a colon (`flow: x`, `settings:`). For planning the
    /// order of reading only: a file that writes its keys otherwise (`{flow: x}`, quoted keys) is
    /// seen for what it is once parsed.
    static func topKeys(_ data: Data) -> [String] {
        data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) -> [String] in
            var keys: [String] = []
            var i = 0
            let n = bytes.count
            func isWordByte(_ b: UInt8) -> Bool {
                (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A || b >= 0x30 && b <= 0x39 || b == 0x5F || b == 0x2D
            }
            while i < n {
                let start = i
                var end = start
                while end < n, isWordByte(bytes[end]) { end += 1 }
                if end > start, end < n, bytes[end] == UInt8(ascii: ":"),
                   end + 1 == n || [0x20, 0x0A, 0x0D, 0x09].contains(bytes[end + 1]) {
                    keys.append(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self))
                }
                while i < n, bytes[i] != 0x0A { i += 1 }  // the next line
                i += 1
            }
            return keys
        }
    }
}
