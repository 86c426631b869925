@testable import CairnServer
import Testing

/// `JSONReader` makes an integer of at most 15 digits from its digits, and leaves every other
/// number to `Double(String)`: each must read as the very Double (`bitPattern`, so `-0` stays
/// `-0`) that `Double(String)` gives, and what is no JSON number must still fail where it did.
@Suite("JSONReader reads numbers as Double(String) does")
struct JSONNumberTests {
    static func read(_ text: String) -> Result<JSONValue, JSONReader.Failure> {
        Result { () throws(JSONReader.Failure) -> JSONValue in try JSONReader.read(Array(text.utf8)).value }
    }

    static let numbers = ["0", "-0", "1", "-1", "7", "10", "42", "100", "65535", "2147483648", "-2147483649",
                          "99999999999999", "123456789012345", "999999999999999", "-999999999999999", "100000000000000",
                          // 16 digits and more, fractions and exponents: the Double(String) way.
                          "1234567890123456", "9007199254740992", "9007199254740993", "-9007199254740993", "99999999999999999999",
                          "1e2", "1E2", "1e-2", "0.5", "-0.0", "1.0", "123456789012345.5", "0e0", "1.7976931348623157e308"]

    @Test(arguments: numbers) func aNumberReadsAsDoubleDoes(_ text: String) throws {
        let expected = try #require(Double(text))
        guard case .success(.number(let n)) = Self.read(text) else { Issue.record("'\(text)' did not read as a number"); return }
        #expect(n.bitPattern == expected.bitPattern, "'\(text)': \(n) vs \(expected)")
        // The same inside a request's array and object.
        guard case .success(.array(let a)) = Self.read("[\(text), \(text)]"), case .number(let m) = a[1] else {
            Issue.record("'[\(text)]' did not read"); return
        }
        #expect(m.bitPattern == expected.bitPattern)
    }

    @Test func everyIntegerUpTo15DigitsAtEveryLength() {
        // Each length from 1 to 16 digits, all nines and a one followed by zeros, both signs.
        for length in 1...16 {
            for text in [String(repeating: "9", count: length), "1" + String(repeating: "0", count: length - 1)] {
                for signed in [text, "-" + text] {
                    guard case .success(.number(let n)) = Self.read(signed) else { Issue.record("'\(signed)'"); continue }
                    #expect(n.bitPattern == Double(signed)!.bitPattern, "'\(signed)'")
                }
            }
        }
    }

    @Test(arguments: ["01", "-", "--1", "1.", ".5", "1e", "1e+", "+1", "0x10", "1_000", "١"])
    func notANumberFails(_ text: String) {
        guard case .failure = Self.read(text) else { Issue.record("'\(text)' was read"); return }
    }

    @Test func aHugeNumberIsOutOfRange() {
        guard case .failure(.numberOutOfRange) = Self.read("1e400") else { Issue.record("1e400 was read"); return }
    }
}
