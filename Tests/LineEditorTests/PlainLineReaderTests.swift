import Glibc
import Testing
@testable import LineEditor

/// A pipe whose write end is filled and closed up front, so reads never block.
final class FilledPipe {
    let readFD: Int32

    /// Writes `bytes` (under the 64 KiB pipe buffer) and closes the write end.
    init(_ bytes: [UInt8]) throws {
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { throw PipeError.failed }
        readFD = fds[0]
        let written = bytes.withUnsafeBytes { write(fds[1], $0.baseAddress, $0.count) }
        close(fds[1])
        guard written == bytes.count else { throw PipeError.failed }
    }

    convenience init(_ text: String) throws { try self.init(Array(text.utf8)) }

    deinit { close(readFD) }

    enum PipeError: Error { case failed }
}

/// Reads until `.endOfInput` (at most 10 000 results) and returns everything before it.
func readAll(_ reader: PlainLineReader) -> [LineReadResult] {
    var results: [LineReadResult] = []
    while results.count < 10_000 {
        let result = reader.readLine(prompt: "> ")
        if result == .endOfInput { break }
        results.append(result)
    }
    return results
}

@Suite struct PlainLineReaderTests {
    @Test func readsLinesWithoutTerminators() throws {
        let pipe = try FilledPipe("first\nsecond\n")
        #expect(readAll(PlainLineReader(fd: pipe.readFD)) == [.line("first"), .line("second")])
    }

    @Test func finalLineWithoutNewlineIsReturned() throws {
        let pipe = try FilledPipe("one\ntwo")
        #expect(readAll(PlainLineReader(fd: pipe.readFD)) == [.line("one"), .line("two")])
    }

    @Test func emptyLinesAreKept() throws {
        let pipe = try FilledPipe("\n\na\n\n")
        #expect(readAll(PlainLineReader(fd: pipe.readFD)) == [.line(""), .line(""), .line("a"), .line("")])
    }

    @Test func carriageReturnBeforeNewlineIsDropped() throws {
        let pipe = try FilledPipe("dos\r\nmid\rdle\n")
        #expect(readAll(PlainLineReader(fd: pipe.readFD)) == [.line("dos"), .line("mid\rdle")])
    }

    @Test func emptyInputIsEndOfInputAndStaysSo() throws {
        let pipe = try FilledPipe("")
        let reader = PlainLineReader(fd: pipe.readFD)
        #expect(reader.readLine(prompt: "") == .endOfInput)
        #expect(reader.readLine(prompt: "") == .endOfInput)
    }

    @Test func endOfInputAfterTheLastLineIsSticky() throws {
        let pipe = try FilledPipe("only")
        let reader = PlainLineReader(fd: pipe.readFD)
        #expect(reader.readLine(prompt: "") == .line("only"))
        #expect(reader.readLine(prompt: "") == .endOfInput)
        #expect(reader.readLine(prompt: "") == .endOfInput)
    }

    @Test func decodesUTF8() throws {
        let pipe = try FilledPipe("héllo wörld\n日本語 👍🏽\n")
        #expect(readAll(PlainLineReader(fd: pipe.readFD)) == [.line("héllo wörld"), .line("日本語 👍🏽")])
    }

    @Test func keepsCharactersSplitAcrossReads() throws {
        // 1 + 2 * 3000 bytes: the 4096-byte read boundary falls inside an "é".
        let long = "a" + String(repeating: "é", count: 3000)
        let pipe = try FilledPipe(long + "\nnext\n")
        #expect(readAll(PlainLineReader(fd: pipe.readFD)) == [.line(long), .line("next")])
    }

    @Test func manyLinesAcrossManyReads() throws {
        let lines = (0..<2000).map { "line \($0)" }
        let pipe = try FilledPipe(lines.joined(separator: "\n"))
        #expect(readAll(PlainLineReader(fd: pipe.readFD)) == lines.map { .line($0) })
    }

    @Test func invalidUTF8BecomesReplacementCharacter() throws {
        let pipe = try FilledPipe([0x61, 0xFF, 0x62, 0x0A])
        #expect(readAll(PlainLineReader(fd: pipe.readFD)) == [.line("a\u{FFFD}b")])
    }

    @Test func promptIsEchoedOnlyWhenAsked() throws {
        var fds: [Int32] = [-1, -1]
        try #require(pipe(&fds) == 0)
        defer { close(fds[0]) }
        let silentInput = try FilledPipe("x\n"), echoingInput = try FilledPipe("y\n")
        let prompt = EditLineReader.nonPrinting("\u{1B}[1m") + "you>" + EditLineReader.nonPrinting("\u{1B}[0m") + " "
        let silent = PlainLineReader(fd: silentInput.readFD, echoPrompt: false, promptFD: fds[1])
        #expect(silent.readLine(prompt: prompt) == .line("x"))
        let echoing = PlainLineReader(fd: echoingInput.readFD, echoPrompt: true, promptFD: fds[1])
        #expect(echoing.readLine(prompt: prompt) == .line("y"))
        close(fds[1])
        var bytes = [UInt8](repeating: 0, count: 100)
        let n = read(fds[0], &bytes, bytes.count)
        // A pipe is not a terminal: the marked colour sequences are dropped with their markers.
        #expect(String(decoding: bytes[..<max(n, 0)], as: UTF8.self) == "you> ")
    }

    @Test func plainPromptKeepsSequencesForTerminals() {
        let prompt = "\u{1}\u{1B}[1m\u{1}a\u{1}\u{1B}[0m\u{1} "
        #expect(plainPrompt(prompt, keepSequences: true) == "\u{1B}[1ma\u{1B}[0m ")
        #expect(plainPrompt(prompt, keepSequences: false) == "a ")
        #expect(plainPrompt("plain> ", keepSequences: false) == "plain> ")
    }
}
