/// A growable run of bytes that a reply's JSON is written into, reused from reply to reply.
///
/// Each append checks the room once and then copies with raw pointers: no uniqueness check, no
/// reference count, no bounds check per byte (what an `Array` or a `ByteBuffer` pays on every
/// call). A connection's handler keeps one and copies each reply out of it into the channel's
/// buffer in one go. Only ever grows while in use; `reset()` empties it and gives back room
/// beyond `keptCapacity`, so one huge reply doesn't hold memory for the connection's lifetime.
///
/// Not copyable: it owns its memory, freed when it goes.
///
///     var out = JSONBytes()
///     out.append("{\"a\":")
///     out.jsonString("x\"y")      // {"a":"x\"y"
struct JSONBytes: ~Copyable {
    private(set) var base: UnsafeMutableRawPointer
    private(set) var count = 0
    private(set) var capacity: Int

    /// Room kept by `reset()`; more is given back.
    static let keptCapacity = 64 * 1024

    init(capacity: Int = 4096) {
        self.capacity = max(16, capacity)
        base = .allocate(byteCount: self.capacity, alignment: 8)
    }

    deinit { base.deallocate() }

    /// The bytes written so far (valid until the next append or reset).
    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

    /// Empties it, keeping at most `keptCapacity` of room.
    mutating func reset() {
        count = 0
        if capacity > Self.keptCapacity {
            base.deallocate()
            capacity = Self.keptCapacity
            base = .allocate(byteCount: capacity, alignment: 8)
        }
    }

    /// Makes room for `n` more bytes; returns where they go (valid until the next reserve).
    @inline(__always)
    mutating func reserve(_ n: Int) -> UnsafeMutableRawPointer {
        if count + n > capacity { grow(count + n) }
        return base + count
    }

    @inline(never)
    private mutating func grow(_ needed: Int) {
        var c = capacity
        while c < needed { c *= 2 }
        let new = UnsafeMutableRawPointer.allocate(byteCount: c, alignment: 8)
        new.copyMemory(from: base, byteCount: count)
        base.deallocate()
        base = new
        capacity = c
    }

    /// Counts `n` bytes written at the pointer `reserve` gave as written.
    @inline(__always)
    mutating func commit(_ n: Int) { count += n }

    @inline(__always)
    mutating func append(_ b: UInt8) {
        reserve(1).storeBytes(of: b, as: UInt8.self)
        count += 1
    }

    @inline(__always)
    mutating func append(_ s: StaticString) {
        let n = s.utf8CodeUnitCount
        reserve(n).copyMemory(from: s.utf8Start, byteCount: n)
        count += n
    }

    mutating func append(_ raw: UnsafeRawBufferPointer) {
        guard let from = raw.baseAddress, raw.count > 0 else { return }
        reserve(raw.count).copyMemory(from: from, byteCount: raw.count)
        count += raw.count
    }

    mutating func append(contentsOf s: String) {
        var s = s
        s.withUTF8 { append(UnsafeRawBufferPointer($0)) }
    }

    /// Copies `length` bytes already written, from offset `start`, to the end.
    mutating func appendCopy(from start: Int, length: Int) {
        precondition(start >= 0 && length >= 0 && start + length <= count)
        let to = reserve(length)  // may move the bytes: take the source after it
        to.copyMemory(from: base + start, byteCount: length)
        count += length
    }
}
