import Foundation

/// Generated menu flows: a tree of numbered-choice nodes, each choice also answering to a keyword.
///
/// Node i has 3–6 choices. Its first choices go to its children (breadth first, so 30 nodes make
/// three levels); a leaf's choices go to its parent, the root and other nodes. Nodes are split
/// into flow files of at most `nodesPerFile` (a flow file may be at most 1 MiB), with global
/// `restart`/`help`/`menu` from settings. The same shape scales to 100, 1k and 10k nodes.
enum FlowGenerator {
    static let colours = ["Red", "Blue", "Green", "Amber", "Violet", "Silver"]
    static let keywords = ["apple", "banana", "cherry", "grape", "lemon", "mango"]
    static let topics = ["evidence", "removal", "support", "safety", "reporting", "privacy", "accounts",
                         "counselling", "school", "family", "friends", "police", "lawyer", "platform"]

    static func choiceCount(_ i: Int) -> Int { 3 + (i &* 2654435761 >> 7) % 4 }

    /// Files (name, YAML text) of a generated menu flow set with `nodes` nodes.
    static func files(nodes: Int, nodesPerFile: Int = 250) -> [(name: String, text: String)] {
        // Breadth-first tree: children of node i.
        var children = [[Int]](repeating: [], count: nodes)
        var parent = [Int](repeating: 0, count: nodes)
        var next = 1, i = 0
        while next < nodes && i < nodes {
            let want = max(1, choiceCount(i) - (i == 0 ? 0 : 1))  // leave room for a way back
            for _ in 0..<want where next < nodes {
                children[i].append(next)
                parent[next] = i
                next += 1
            }
            i += 1
        }
        func flow(_ n: Int) -> Int { n / nodesPerFile }
        func ref(_ n: Int, from: Int) -> String { flow(n) == flow(from) ? "n\(n)" : "f\(flow(n)).n\(n)" }

        var out: [(String, String)] = []
        out.append(("settings.yaml", """
            settings:
              start: f0.n0
              menu: f0.n0
              locale: en
              commands:
                help:
                  say: Type the number of a choice, or its word. Type *menu* for the main menu, *back* to undo.
              reprompt:
                first: Sorry, I didn't catch that.
                second: You can type the number of a choice, like 1. Or type *help*.
                then: f0.n0

            """))
        for f in 0..<((nodes + nodesPerFile - 1) / nodesPerFile) {
            var y = "flow: f\(f)\ntitle: Generated part \(f)\nstart: n\(f * nodesPerFile)\nnodes:\n"
            for n in (f * nodesPerFile)..<min(nodes, (f + 1) * nodesPerFile) {
                let count = choiceCount(n)
                var targets = children[n]
                if n != 0 { targets.append(parent[n]) }
                var extra = 0
                while targets.count < count {
                    let t = [0, (n + 1) % nodes, (n * 7 + 3) % nodes, (n + nodes / 2) % nodes, (n * 13 + 5) % nodes][extra % 5]
                    extra += 1
                    if t != n || nodes == 1 { targets.append(t) }
                }
                y += "  n\(n):\n    say: Node \(n). What would you like to look at?\n    choices:\n"
                for (j, t) in targets.prefix(count).enumerated() {
                    let topic = topics[(n &* 7 &+ j &* 3) % topics.count]
                    y += "      - label: \(colours[j]) \(topic)\n        keywords: [\(keywords[j])]\n        go: \(ref(t, from: n))\n"
                }
            }
            out.append(("f\(f).yaml", y))
        }
        return out
    }

    /// Writes a generated flow set into a new directory under `parent`; returns its path.
    static func write(nodes: Int, under parent: String) throws -> String {
        let dir = parent + "/menu-\(nodes)"
        try? FileManager.default.removeItem(atPath: dir)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        for (name, text) in files(nodes: nodes) {
            try text.write(toFile: dir + "/" + name, atomically: false, encoding: .utf8)
        }
        return dir
    }

    /// The fixed script for the generated flow: numbers, keywords, typos, contained words, global
    /// commands and a miss. Every input is valid at every node or is a realistic miss.
    static let script: [String] = [
        "1", "banana", "2", "option 3", "cherry", "bananna", "help", "apple",
        "I would like the cherry one please", "repeat", "#2", "back", "3.", "Banana!",
        "grape", "restart", "appel", "menu", "xyzzy", "1", "cheery", "2", "no 1", "APPLE",
    ]
}
