import CairnEngine
import Foundation
import Testing

/// What a session may hold (Session+Size.swift): an engine with `maxSessionBytes` never lets a
/// session encode to more, whatever the person types, and the conversation goes on.
@Suite("Session size bound")
struct SessionSizeTests {
    static let tooLong = "That's more than I can keep in this conversation. Could you say it in fewer words?"

    /// Every ASCII byte, quotes, backslashes, slashes, and text beyond ASCII.
    static let awkward: [String] = [String(decoding: (0..<128).map { UInt8($0) }, as: UTF8.self),
                                    "\"\\/\u{0}\u{1f}\n\t", "é 😀 \u{2028}\u{2029} \u{7f}", "", "plain words"]

    @Test(arguments: awkward)
    func encodedCostIsAtLeastWhatJSONEncoderWrites(_ s: String) throws {
        // `encodedCost` counts a string in an array: its JSON form and one comma.
        #expect(try JSONEncoder().encode(s).count + 1 <= Session.encodedCost(s))
    }

    /// Long answers full of characters JSON escapes, through question after question, `back`
    /// and the menu: the encoded session never passes the limit, answers that would are refused
    /// with a message and the question again, and everything else still works.
    @Test func theLargestSessionAPersonCanBuildStaysWithinTheLimit() throws {
        let limit = 16_000
        var c = Conversation(try compile(sample), entry: "main.menu", maxSessionBytes: limit)
        let budget = try #require(c.engine.valueBudget)
        #expect(budget > 2_000 && budget < limit, "the flows' shape leaves room for answers: \(budget)")
        try c.start()
        var refused = 0, taken = 0
        for i in 0..<40 {
            try c.send("Write a message")
            #expect(c.node == "main.describe")
            // 1,000 bytes, encoded as about 2,900: quotes, backslashes and control characters.
            let answer = String(i) + String(repeating: "\"\\\u{1}", count: 333)
            let reply = try c.send(answer)
            if reply.says == [Self.tooLong] {
                refused += 1
                #expect(c.node == "main.describe", "asked again, nothing taken")
                #expect(try c.send("skip").says.first?.contains("I do not consent") == true)
            } else {
                taken += 1
                #expect(c.node == "main.message")
            }
            if i % 3 == 2 {
                try c.send("back")
                #expect(c.node == "main.describe", "back undoes the answer")
                try c.send("skip")
            }
            try c.send("Back to the menu")
            let size = try JSONEncoder().encode(c.session).count
            #expect(size <= limit, "turn \(i): \(size) bytes")
        }
        #expect(refused > 0 && taken > 0, "the limit was reached (\(taken) taken, \(refused) refused)")
        #expect(try c.send("get me out").endReason == .quickExit, "leaving always works")
    }

    @Test func withoutALimitNothingIsRefused() throws {
        var c = Conversation(try compile(sample), entry: "main.menu")
        #expect(c.engine.valueBudget == nil)
        try c.start()
        for i in 0..<30 {
            try c.send("Write a message")
            #expect(try c.send(String(i) + String(repeating: "\u{1}", count: 4000)).says != [Self.tooLong])
            try c.send("Back to the menu")
        }
    }

    @Test func presetsCountTowardsTheBudget() throws {
        let graph = try compile(sample)
        let small = Session(graph: graph, presets: ["counsellors": "yes"])
        let large = Session(graph: graph, presets: ["counsellors": String(repeating: "\u{1}", count: 1000)])
        #expect(small.heldValueBytes == Session.encodedCost("yes"))
        #expect(large.heldValueBytes == 6003)
    }

    /// A delete word that asks first, and a reprompt escape: each one's node led to the other,
    /// stacking a return each time with no end. Detours now nest at most `max_call_depth` deep.
    @Test func detoursBetweenTwoNodesDoNotGrowTheStack() throws {
        let files = [
            "settings.yaml": """
            settings:
              start: main
              max_call_depth: 4
              commands:
                delete: { words: [delete], go: main.confirm }
              reprompt: { first: Sorry., second: Try a number., then: main.lost }
            """,
            "main.yaml": """
            flow: main
            title: Main
            start: q
            nodes:
              q:
                say: Pick one.
                choices:
                  - { label: Apples, end: completed }
              confirm:
                say: Delete everything?
                choices:
                  - { label: "Delete it all", end: user_delete }
                  - { label: "Keep it", return: true }
              lost:
                say: Lost?
                choices:
                  - { label: Try again, return: true }
            """,
        ]
        var c = Conversation(try compile(files))
        try c.start()
        for _ in 0..<50 { try c.send("delete"); try c.send("zz"); try c.send("zz") }
        let json = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(c.session)) as? [String: Any])
        let stack = try #require(json["stack"] as? [Any])
        #expect(stack.count <= 4, "\(stack.count) frames")
        var back = 0
        while c.node != "main.q", back < 10 {
            try c.send(c.node == "main.confirm" ? "Keep it" : "Try again")
            back += 1
        }
        #expect(c.node == "main.q", "returns still lead back to the question")
    }
}
