import Testing
@testable import LineEditor

@Suite struct CompletionTests {
    @Test func noCandidates() {
        #expect(completion(for: "x", candidates: []) == .noMatch)
    }
}
