import CairnEngine
import CairnTranscripts

/// Turns explored paths into transcripts that `cairn test` passes unchanged.
///
/// Each path is replayed from a new session with `TranscriptRecorder`, so the file holds exactly what
/// the flows say now. Paths are grouped into one file per flow of their last prompt: `menu.transcript`.
public enum PathTranscripts {
    /// File name (`<flow>.transcript`) and text, sorted by file name.
    public static func make(_ paths: [ExplorePath], engine: Engine, locale: String? = nil) -> [(file: String, text: String)] {
        var byFlow: [String: [String]] = [:]
        for (k, path) in paths.enumerated() {
            let options = StartOptions(locale: locale)
            var recorder = TranscriptRecorder(name: "path \(k + 1): \(path.name)", options: options)
            var session = Session(graph: engine.graph, locale: locale)
            guard let events = try? engine.step(&session, .start) else { continue }
            recorder.record(nil, events)
            for input in path.inputs {
                guard !session.isEnded, let events = try? engine.step(&session, .text(input)) else { break }
                recorder.record(.text(input), events)
            }
            byFlow[path.flow, default: []].append(recorder.text)
        }
        let header = "# Written by 'cairn explore --write': one conversation per way the walk found to an end.\n"
            + "# Re-run it to refresh; edit by hand and the file becomes an ordinary transcript.\n\n"
        return byFlow.keys.sorted().map { flow in ("\(flow).transcript", header + byFlow[flow]!.joined(separator: "\n")) }
    }
}
