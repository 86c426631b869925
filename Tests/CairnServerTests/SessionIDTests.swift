@testable import CairnServer
import Foundation
import Testing

/// Session ids are written by hand (`SessionStore.hexID`), not by Foundation's formatter: the
/// same 32 lowercase hex digits `%016llx%016llx` gives, leading zeros kept.
@Suite("session ids")
struct SessionIDTests {
    @Test func theDigitsFormatWouldGive() {
        var values: [UInt64] = [0, 1, 9, 10, 15, 16, 0xFF, 0x0123_4567_89AB_CDEF, 0xFEDC_BA98_7654_3210,
                                UInt64(Int64.max), UInt64(Int64.max) + 1, .max]
        for shift in 0..<64 { values.append(1 << UInt64(shift)) }
        var g = SystemRandomNumberGenerator()
        for _ in 0..<200 { values.append(g.next()) }
        for (i, a) in values.enumerated() {
            let b = values[(i * 7 + 3) % values.count]
            #expect(SessionStore.hexID(a, b) == String(format: "%016llx%016llx", a, b), "\(a) \(b)")
        }
    }

    @Test func newIDsAreRandomHex() {
        let ids = (0..<1000).map { _ in SessionStore.newID() }
        #expect(ids.allSatisfy { $0.utf8.count == 32 && $0.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) } })
        #expect(Set(ids).count == ids.count)
    }
}
