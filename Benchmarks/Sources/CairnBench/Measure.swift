import Foundation

/// Monotonic nanoseconds.
@inline(__always)
func nowNanos() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
}

/// Heap allocations so far, when the malloc-counting shim (tools/malloc_count.c) is preloaded.
enum Allocations {
    private typealias CountFunction = @convention(c) () -> UInt64
    private static let counter: CountFunction? = {
        guard let symbol = dlsym(nil, "bench_malloc_count") else { return nil }
        return unsafeBitCast(symbol, to: CountFunction.self)
    }()

    static var available: Bool { counter != nil }
    static func count() -> UInt64 { counter?() ?? 0 }
}

/// Resident memory of this process, in bytes (from /proc/self/statm).
func residentBytes() -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
    let fields = text.split(separator: " ")
    guard fields.count >= 2, let pages = Int(fields[1]) else { return 0 }
    return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
}

/// Percentiles of a sample of durations (nanoseconds).
struct Percentiles {
    let p50: Double, p99: Double, p999: Double, max: Double

    init(_ samples: inout [UInt64]) {
        samples.sort()
        func at(_ q: Double) -> Double { samples.isEmpty ? 0 : Double(samples[Int(Double(samples.count - 1) * q)]) }
        p50 = at(0.5); p99 = at(0.99); p999 = at(0.999); max = at(1)
    }
}

/// Keeps a value alive so the optimizer can't drop the work that made it.
@inline(never)
func blackHole<T>(_ value: T) { _ = value }

func median(_ xs: [Double]) -> Double {
    let s = xs.sorted()
    return s.isEmpty ? 0 : (s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2)
}
