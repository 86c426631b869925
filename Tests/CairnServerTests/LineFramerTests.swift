@testable import CairnServer
import NIOCore
import Testing

/// `LineFramer` splits a connection's bytes into lines however the reads cut them: every way of
/// cutting a stream into reads, also with a read coming in while lines are being taken out, gives
/// the lines (and the too-long lines) that the whole stream read at once gives, as a plain
/// reference splitter says they are.
@Suite("LineFramer: lines whatever the reads")
struct LineFramerTests {
    static let maxLength = 8

    /// What a stream holds: each line (nil for one too long) and, at end of input, the last line
    /// that had no newline, written down the simple way.
    static func reference(_ stream: [UInt8]) -> [String?] {
        var out: [String?] = []
        var parts = stream.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map(Array.init)
        let last = parts.removeLast()  // after the final newline: the unfinished line, maybe empty
        for var line in parts {
            if line.last == UInt8(ascii: "\r") { line.removeLast() }
            out.append(line.count > maxLength ? nil : String(decoding: line, as: UTF8.self))
        }
        // An unfinished line may wait one byte past the limit for its `\r`; its `\r` is kept.
        if last.count > maxLength + 1 || (last.count == maxLength + 1 && last.last != UInt8(ascii: "\r")) {
            out.append(nil)
        } else if !last.isEmpty {
            out.append(String(decoding: last, as: UTF8.self))
        }
        return out
    }

    /// The stream fed in reads cut at `cuts`, then ended. With `early`, each read after the first
    /// comes in after the first line of the one before is taken out, before the rest are (as when
    /// NIO reads from inside a write that failed): the lines must still come out in order.
    static func framed(_ stream: [UInt8], cuts: [Int], early: Bool = false) -> [String?] {
        var framer = LineFramer(maxLength: maxLength)
        var out: [String?] = []
        func take(_ frame: LineFrame) {
            switch frame {
            case .line(let b): out.append(String(decoding: b.readableBytesView, as: UTF8.self))
            case .tooLong: out.append(nil)
            }
        }
        var reads: [ByteBuffer] = []
        var start = 0
        for end in cuts + [stream.count] where end >= start {
            reads.append(ByteBuffer(bytes: stream[start..<end]))
            start = end
        }
        var r = 0
        while r < reads.count {
            framer.append(reads[r])
            r += 1
            if early, let frame = framer.next() {
                take(frame)
                if r < reads.count { framer.append(reads[r]); r += 1 }
            }
            while let frame = framer.next() { take(frame) }
        }
        if let frame = framer.last() { take(frame) }
        #expect(framer.last() == nil, "the last line is given once")
        return out
    }

    static let streams: [String] = [
        "a\nbb\r\n\nccc",
        "12345678\n123456789\n1234567\r\n12345678\r\nok\n",
        "toolongline!!\nafter\n",
        "123456789\r\nx\n",            // 9 bytes and a CRLF: too long (the limit is 8)
        "12345678\r",                   // unfinished, at the limit with its `\r`: kept, `\r` and all
        "123456789",                    // unfinished, one past the limit: too long
        "12345678\rx\n",                // a `\r` inside the line counts
        "waytoolongforsure, really, and more\nnext\nlast one",
        "\r\n\r\n\n",
        "\r",
        "",
        "ééé\n€€€€\n",                 // bytes, not characters: é is 2, € is 3
    ]

    @Test(arguments: streams) func everyCutIntoTwoOrThreeReadsGivesTheSameLines(_ text: String) {
        let stream = Array(text.utf8)
        let expected = Self.reference(stream)
        #expect(Self.framed(stream, cuts: []) == expected, "read whole")
        for a in 0...stream.count {
            #expect(Self.framed(stream, cuts: [a]) == expected, "cut at \(a)")
            for b in a...stream.count { #expect(Self.framed(stream, cuts: [a, b]) == expected, "cut at \(a), \(b)") }
        }
        // And byte by byte, and with each read coming in while the one before is being taken out.
        #expect(Self.framed(stream, cuts: Array(0...stream.count)) == expected, "byte by byte")
        #expect(Self.framed(stream, cuts: Array(0...stream.count), early: true) == expected, "byte by byte, early")
        for a in 0...stream.count { #expect(Self.framed(stream, cuts: [a, min(a + 3, stream.count)], early: true) == expected, "early at \(a)") }
    }

    @Test func theReferenceSaysWhatItShould() {
        #expect(Self.reference(Array("a\nbb\r\n\nccc".utf8)) == ["a", "bb", "", "ccc"])
        #expect(Self.reference(Array("123456789\r\nx\n".utf8)) == [nil, "x"])
        #expect(Self.reference(Array("12345678\r".utf8)) == ["12345678\r"])
        #expect(Self.reference(Array("123456789".utf8)) == [nil])
    }
}
