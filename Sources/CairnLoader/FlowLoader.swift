import CairnEngine
import Foundation
import Yams

/// Loads flow files into a compiled `Graph`, reporting every problem found.
///
/// Load, validate and run are separate: `load` returns the graph (nil when there are errors) and
/// all diagnostics, sorted by position; it throws only when a path cannot be read.
///
///     let result = try FlowLoader.load(paths: ["Flows"])
///     if let graph = result.graph { let engine = Engine(graph: graph) }
public enum FlowLoader {
    public struct Result: Sendable {
        public let graph: Graph?
        /// Every problem, a file YAML cannot read first, then by file, line and column.
        public let diagnostics: [Diagnostic]
        /// Each file's text, for diagnostic snippets.
        public let sources: [String: String]
        /// Every translatable text and the translation files (for `cairn strings`).
        public var strings = Strings()
        /// Problems left out of `diagnostics` because they may follow from a file YAML cannot read
        /// (an unknown flow that file defines, nodes only it leads to); they show once it reads.
        public var hidden: [Diagnostic] = []
        /// Where flows, nodes, variables and concepts are defined and used, for editors.
        public var symbols = SymbolIndex()
        /// With `Options.checksLater` and no error so far: the checks still to make, whose result
        /// is the whole load's. Nil otherwise.
        public var pendingChecks: PendingChecks?
        /// The problems found before the compiler ran (reading the files), for `pendingChecks`.
        var found: [Diagnostic] = []

        /// The same result with the hidden problems shown too, after the YAML errors.
        public func showingHidden() -> Result {
            let broken = diagnostics.filter(\.isSyntaxError)
            var all = Result(graph: graph, diagnostics: broken + (diagnostics.filter { !$0.isSyntaxError } + hidden).sortedByLocation(), sources: sources)
            all.symbols = symbols
            all.strings = strings
            return all
        }
    }

    /// What a load builds beyond the graph, its diagnostics and its strings.
    public struct Options: Sendable {
        /// The symbol index (`Result.symbols`), for editors (`cairn lsp`). Nothing a person sees
        /// in a conversation comes from it, and no diagnostic: without it, `symbols` is empty.
        public var symbols: Bool
        /// Leave the checks of the whole set (reachability, cycles, overlaps, topics, captures,
        /// variables, unused contacts, translations) for `Result.pendingChecks` to make, on any
        /// thread: `graph` is then the graph as read and linked, and only the result of the pending
        /// checks says whether the set is sound. For the chat, which shows the first prompt while
        /// they run and waits for them before it takes an answer.
        public var checksLater: Bool

        public init(symbols: Bool = true, checksLater: Bool = false) {
            self.symbols = symbols
            self.checksLater = checksLater
        }

        /// Everything (the default).
        public static let all = Options()
        /// What running conversations needs (the chat, `cairn serve`): no symbol index.
        public static let running = Options(symbols: false)
    }

    /// The checks a load with `checksLater` left to make: `result()` makes them once (a second
    /// caller, on any thread, waits for the same result) and gives what the load would have
    /// given without `checksLater`: the same diagnostics, in the same order, and the graph when
    /// there are no errors.
    public final class PendingChecks: @unchecked Sendable {
        private let lock = NSLock()
        private var compiler: Compiler?
        private var graph: Graph?
        private var load: Result
        private var done: Result?

        init(compiler: Compiler, graph: Graph, load: Result) {
            self.compiler = compiler
            self.graph = graph
            self.load = load
        }

        public func result() -> Result {
            lock.lock()
            defer { lock.unlock() }
            if let done { return done }
            let compiler = self.compiler!, graph = compiler.finishChecks(self.graph!)
            let finished = FlowLoader.finish(compiler, graph: graph, diagnostics: load.found + compiler.diagnostics,
                                             sources: load.sources, symbols: load.symbols)
            self.compiler = nil  // the compiler's tables are not needed any more
            self.graph = nil
            done = finished
            return finished
        }
    }

    /// A path that could not be read.
    public struct IOError: Error, CustomStringConvertible, Sendable {
        public let path: String
        public let reason: String
        public var description: String { "\(path): \(reason)" }
    }

    /// Loads every `.yaml`/`.yml` file under the given files or directories.
    ///
    /// Throws only when a path given does not exist; a file or directory that cannot be used (no
    /// permission, a FIFO or device, too large) is one diagnostic and the rest still loads.
    /// `overrides` (path -> content) replaces what is on disk, or adds a file that is not there yet,
    /// such as documents open in an editor; their paths are written as the walk finds them
    /// (`Flows/menu.yaml` under `Flows`).
    public static func load(paths: [String], overrides: [String: Data] = [:], options: Options = .all) throws(IOError) -> Result {
        let found = try FlowFiles.read(paths)
        var files = found.files.map { (path: $0.path, data: overrides[$0.path] ?? $0.data) }
        let onDisk = Set(files.map(\.path))
        let added = overrides.filter { !onDisk.contains($0.key) }
        if !added.isEmpty {
            files += added.map { (path: $0.key, data: $0.value) }
            files.sort { $0.path < $1.path }
        }
        return load(files: files, diagnostics: found.diagnostics.filter { overrides[$0.location.file] == nil }, options: options)
    }

    /// Loads flows from in-memory files (path, content); the paths are only used in diagnostics.
    public static func load(files: [(path: String, data: Data)], options: Options = .all) -> Result {
        load(files: files, diagnostics: [], options: options)
    }

    /// `readAheadFrom`: the size of a set (in bytes, of two files or more) from which files are
    /// read on a second thread while the compiler reads (`ReadAhead`); by default 64 KB, on a
    /// machine of more than one core. The result is the same either way.
    static func load(files: [(path: String, data: Data)], diagnostics found: [Diagnostic], options: Options = .all,
                     readAheadFrom: Int? = nil) -> Result {
        let fingerprint = fingerprint(files)
        func newCompiler() -> Compiler {
            let compiler = Compiler()
            compiler.notesSymbols = options.symbols
            return compiler
        }
        var compiler = newCompiler()
        var graph: Graph?
        var read: [ReadFile]
        let bytes = files.reduce(0) { $0 + $1.data.count }
        let minimum = readAheadFrom ?? (cores > 1 ? parallelBytes : .max)
        if files.count > 1, bytes >= minimum, let plan = plan(files) {
            // The plan is made from the files' lines; the compiler takes each file as it comes.
            // Once all are read, the plan must be what the parsed files say, and the set an
            // ordinary one (flows found); otherwise the compiler reads them again, as one by one.
            // Cairn's own tables are read before the lexicons, the contact checker's expressions
            // compiled before the flows (whose texts it reads).
            let tablesAt = plan.files(.settings).count + plan.files(.contacts).count + plan.files(.translations).count
            let ahead = ReadAhead(files, order: plan.order, beside: [
                (tablesAt, { @Sendable in _ = BuiltInLexicon.tables }),
                (tablesAt + plan.files(.lexicon).count, { @Sendable in ContactDetails.prepare() }),
            ])
            graph = compiler.compile(plan, file: { ahead.file($0).parsed }, firstPath: nil, fingerprint: fingerprint,
                                     checksLater: options.checksLater)
            read = ahead.all()
            let parsed = read.indices.filter { read[$0].parsed != nil }
            let (actual, problems) = Compiler.plan(parsed.map { read[$0].parsed! })
            if !(problems.isEmpty && !compiler.flows.isEmpty && actual.kinds == parsed.map({ plan.kinds[$0] })) {
                compiler = newCompiler()
                graph = compileOneByOne(read, found: found, compiler, fingerprint: fingerprint, options: options)
            }
        } else {
            read = files.map(Self.read)
            graph = compileOneByOne(read, found: found, compiler, fingerprint: fingerprint, options: options)
        }
        var diagnostics = found
        var sources: [String: String] = [:]
        for (path, file) in zip(files.map(\.path), read) {
            if let text = file.text { sources[path] = text }
            diagnostics += file.diagnostics
        }
        let symbols = options.symbols ? compiler.symbols(sources: sources) : SymbolIndex()
        var result = finish(compiler, graph: graph, diagnostics: diagnostics + compiler.diagnostics, sources: sources, symbols: symbols)
        if options.checksLater, let graph = result.graph {
            result.found = diagnostics
            result.pendingChecks = PendingChecks(compiler: compiler, graph: graph, load: result)
        }
        return result
    }

    /// The load with files read ahead whatever their size (`readingAhead`), or one by one: for
    /// the fuzz target that holds both ways to the same result (`fuzz-flowset`).
    @_spi(Fuzzing) public static func load(files: [(path: String, data: Data)], readingAhead: Bool) -> Result {
        load(files: files, diagnostics: [], options: .all, readAheadFrom: readingAhead ? 0 : .max)
    }

    /// The files read, compiled in one go (nil without any flow to compile).
    private static func compileOneByOne(_ read: [ReadFile], found: [Diagnostic], _ compiler: Compiler, fingerprint: String,
                                        options: Options) -> Graph? {
        let parsed = read.compactMap(\.parsed)
        let hasErrors = found.hasErrors || read.contains { $0.diagnostics.hasErrors }
        return parsed.isEmpty && hasErrors ? nil : compiler.compile(parsed, fingerprint: fingerprint, checksLater: options.checksLater)
    }

    /// The plan of a set from the top keys its lines show (`topKeys`); nil when a file shows none.
    static func plan(_ files: [(path: String, data: Data)]) -> Compiler.FilePlan? {
        let kinds = files.map { Compiler.kind(topKeys: topKeys($0.data)) }
        return kinds.contains(nil) ? nil : Compiler.FilePlan(kinds: kinds)
    }

    /// A load's result from what the compiler found.
    static func finish(_ compiler: Compiler, graph: Graph?, diagnostics: [Diagnostic], sources: [String: String],
                       symbols: SymbolIndex) -> Result {
        let (shown, hidden) = withoutKnockOns(diagnostics, sources: sources)
        var result = Result(graph: diagnostics.hasErrors ? nil : graph, diagnostics: shown, sources: sources,
                            strings: compiler.stringTable)
        result.hidden = hidden
        result.symbols = symbols
        return result
    }

    /// One file as read: its text (when it is UTF-8), its YAML, and the problems found reading it.
    struct ReadFile {
        var text: String?
        var parsed: (SourceFile, Yams.Node)?
        var diagnostics: [Diagnostic] = []
    }

    /// A set at least this large is read on a second thread while it is compiled (`ReadAhead`).
    static let parallelBytes = 64 << 10
    /// The machine's cores, asked once (Foundation reads them from the system each time: some
    /// 500,000 instructions).
    static let cores = ProcessInfo.processInfo.activeProcessorCount

    /// Reads and parses one file (nothing in one file changes how another reads).
    static func read(_ file: (path: String, data: Data)) -> ReadFile {
        var read = ReadFile(text: String(data: file.data, encoding: .utf8))
        read.parsed = SourceFile.parse(path: file.path, data: file.data, into: &read.diagnostics)
        return read
    }

    /// Puts the errors of files YAML cannot read first and leaves out the problems they may cause
    /// elsewhere: unknown-node errors naming a flow such a file seems to define (or any, when its flow
    /// id can't be seen), and the checks that need the whole set (unreachable nodes, unset variables,
    /// concepts, captures, commands). Each list is sorted by position.
    static func withoutKnockOns(_ diagnostics: [Diagnostic], sources: [String: String]) -> (shown: [Diagnostic], hidden: [Diagnostic]) {
        let broken = diagnostics.filter(\.isSyntaxError)
        guard !broken.isEmpty else { return (diagnostics.sortedByLocation(), []) }
        let brokenFiles = Set(broken.map(\.location.file))
        var flowIDs = Set<String>()
        var unknownFlowID = false
        for file in brokenFiles {
            let ids = (sources[file] ?? "").split(separator: "\n").compactMap { line -> String? in
                guard line.hasPrefix("flow:") else { return nil }
                let id = line.dropFirst(5).trimmingCharacters(in: .whitespaces).prefix { $0 != " " && $0 != "#" }
                return Identifier.isValid(id) ? String(id) : nil
            }
            if ids.isEmpty && !(sources[file] ?? "").contains("settings:") && !(sources[file] ?? "").contains("lexicon:") { unknownFlowID = true }
            flowIDs.formUnion(ids)
        }
        var shown: [Diagnostic] = [], hidden: [Diagnostic] = []
        for d in diagnostics where !d.isSyntaxError {
            guard d.code.isKnockOn, !brokenFiles.contains(d.location.file) else { shown.append(d); continue }
            if d.code == .unknownNode && !unknownFlowID {
                let named = d.message.split(separator: "'", omittingEmptySubsequences: false).dropFirst().first.map(String.init) ?? ""
                let mentions = flowIDs.contains(String(named.split(separator: ".").first ?? ""))
                if !mentions { shown.append(d); continue }
            }
            hidden.append(d)
        }
        return (broken.sortedByLocation() + shown.sortedByLocation(), hidden.sortedByLocation())
    }

    /// FNV-1a over the files' names and contents: equal sources give equal fingerprints.
    static func fingerprint(_ files: [(path: String, data: Data)]) -> String {
        var h: UInt64 = 0xcbf29ce484222325
        func mix(_ bytes: UnsafeRawBufferPointer) { for b in bytes { h = (h ^ UInt64(b)) &* 0x100000001b3 } }
        for (path, data) in files.sorted(by: { $0.path < $1.path }) {
            var name = (path as NSString).lastPathComponent
            name.withUTF8 { mix(UnsafeRawBufferPointer($0)) }
            h = h &* 0x100000001b3  // a 0 byte
            data.withUnsafeBytes { mix($0) }  // (through the bytes: Data's iterator costs some twenty instructions a byte)
            h = h &* 0x100000001b3
        }
        return String(h, radix: 16)
    }
}
