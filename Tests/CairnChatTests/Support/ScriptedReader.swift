import CairnChat
import CairnEngine
import LineEditor

/// A `LineReader` that answers from a script, then reports the end of input; it records the prompts.
final class ScriptedReader: LineReader {
    private var script: [LineReadResult]
    private(set) var prompts: [String] = []

    init(_ lines: [String], then last: LineReadResult = .endOfInput) {
        script = lines.map { .line($0) } + [last]
    }

    func readLine(prompt: String) -> LineReadResult {
        prompts.append(prompt)
        return script.count > 1 ? script.removeFirst() : script[0]
    }
}

/// A chat loop on `graph` fed by `lines`, collecting its output and counting screen clears.
final class ChatHarness {
    let reader: ScriptedReader
    let loop: ChatLoop
    private(set) var output = ""
    private(set) var clears = 0
    private(set) var outputAtClear: [String] = []

    init(_ lines: [String], then last: LineReadResult = .endOfInput, graph: Graph, mode: TerminalRenderer.Mode = .plain,
         width: Int? = nil, options: ChatLoop.Options = .init(), session: Session? = nil) {
        reader = ScriptedReader(lines, then: last)
        let box = OutputBox()
        loop = ChatLoop(engine: Engine(graph: graph), session: session ?? Session(graph: graph), reader: reader,
                        renderer: TerminalRenderer(mode: mode, width: { width }), options: options,
                        write: { box.text += $0 }, clearScreen: { box.clears.append(box.text) })
        self.box = box
    }

    private let box: OutputBox

    /// Runs the loop; afterwards `output`, `clears` and `outputAtClear` describe what it did.
    func run() -> ChatLoop.Outcome {
        let outcome = loop.run()
        output = box.text
        clears = box.clears.count
        outputAtClear = box.clears
        return outcome
    }

    private final class OutputBox {
        var text = ""
        var clears: [String] = []
    }
}
