import Foundation

/// JUnit XML for CI systems: one test case per conversation, grouped by transcript file.
public enum JUnitReport {
    public static func xml(_ conversations: [TranscriptRunner.Result], _ understanding: [UnderstandingRunner.Result] = []) -> String {
        let results = conversations + understanding.map { u in
            TranscriptRunner.Result(path: u.path, conversation: "at \(u.testCase.node): \(u.testCase.answer)", line: u.testCase.line,
                                    failure: u.failure, segments: [])
        }
        var byFile: [String: [TranscriptRunner.Result]] = [:]
        for r in results { byFile[r.path, default: []].append(r) }
        var out = ["<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
                   "<testsuites tests=\"\(results.count)\" failures=\"\(results.filter { !$0.passed }.count)\">"]
        for path in byFile.keys.sorted() {
            let rs = byFile[path]!
            out.append("  <testsuite name=\"\(escape(path))\" tests=\"\(rs.count)\" failures=\"\(rs.filter { !$0.passed }.count)\">")
            for r in rs {
                let name = "  <testcase classname=\"\(escape(path))\" name=\"\(escape(r.conversation))\""
                if let f = r.failure {
                    out.append(name + ">")
                    out.append("      <failure message=\"output differs\">\(escape(f))</failure>")
                    out.append("    </testcase>")
                } else {
                    out.append(name + "/>")
                }
            }
            out.append("  </testsuite>")
        }
        out.append("</testsuites>")
        return out.joined(separator: "\n") + "\n"
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
