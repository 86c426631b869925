import CairnLoader
import Foundation
import Yams

/// Load + check time of generated flow sets, beside the time Yams takes just to parse them.
enum LoadBench {
    static func run(nodes: Int, repetitions: Int) -> [String: Double] {
        let files = FlowGenerator.files(nodes: nodes).map { (path: "gen/" + $0.name, data: Data($0.text.utf8)) }
        let bytes = files.reduce(0) { $0 + $1.data.count }
        var loads: [Double] = [], parses: [Double] = []
        var nodeCount = 0
        for _ in 0..<repetitions {
            let t0 = nowNanos()
            let result = FlowLoader.load(files: files)
            loads.append(Double(nowNanos() - t0) / 1e6)
            precondition(result.graph != nil, "generated flows have errors: \(result.diagnostics.prefix(3))")
            nodeCount = result.graph?.nodes.count ?? 0
            let t1 = nowNanos()
            for f in files { blackHole(try? Yams.compose(yaml: String(decoding: f.data, as: UTF8.self))) }
            parses.append(Double(nowNanos() - t1) / 1e6)
        }
        let load = median(loads), parse = median(parses)
        return ["nodes": Double(nodeCount), "files": Double(files.count), "bytes": Double(bytes),
                "load_check_ms": load, "yaml_parse_ms": parse, "ratio_to_parse": load / parse,
                "us_per_node": load * 1000 / Double(nodeCount)]
    }
}
