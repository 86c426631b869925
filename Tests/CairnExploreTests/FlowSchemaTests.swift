import CairnLoader
import CairnTestSupport
import Foundation
import Testing

/// Whether `python3` can import jsonschema and yaml (.ci/setup installs them).
let pythonSchemaTools: Bool = (try? runPython(["-c", "import jsonschema, yaml"]).status) == 0

/// Runs python3 with `arguments`: its exit status and everything it printed.
func runPython(_ arguments: [String]) throws -> (status: Int32, output: String) {
    let run = try Subprocess.run(tool: "python3", arguments)
    return (run.status, run.stdout + run.stderr)
}

@Suite("JSON Schema for flow files")
struct FlowSchemaTests {
    static func schema(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: repositoryRoot.appendingPathComponent("docs/schema/\(name).schema.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// The keys of the `properties` object at `path` (keys, or array indices as numbers) in `json`.
    static func properties(_ json: Any, _ path: [Any]) -> Set<String> {
        var node: Any? = json
        for step in path {
            if let key = step as? String { node = (node as? [String: Any])?[key] } else { node = (node as? [Any])?[step as! Int] }
        }
        return Set(((node as? [String: Any])?["properties"] as? [String: Any] ?? [:]).keys)
    }

    static func expectSame(_ schema: Set<String>, _ loader: [String], _ place: String) {
        let missing = Set(loader).subtracting(schema).sorted(), extra = schema.subtracting(loader).sorted()
        #expect(missing.isEmpty && extra.isEmpty,
                "\(place): the loader accepts \(missing) but the schema doesn't; the schema allows \(extra) but the loader doesn't")
    }

    @Test func flowSchemaHasExactlyTheLoadersKeys() throws {
        let flow = try Self.schema("flow")
        Self.expectSame(Self.properties(flow, []), FlowSchemaKeys.flow, "flow file")
        Self.expectSame(Self.properties(flow, ["definitions", "node"]), FlowSchemaKeys.node, "node")
        Self.expectSame(Self.properties(flow, ["definitions", "choice"]), FlowSchemaKeys.choice, "choice")
        Self.expectSame(Self.properties(flow, ["definitions", "message", "anyOf", 1]), FlowSchemaKeys.message, "message")
        Self.expectSame(Self.properties(flow, ["definitions", "message", "anyOf", 2]), FlowSchemaKeys.contactMessage, "contact card")
        Self.expectSame(Self.properties(flow, ["definitions", "node", "properties", "handoff", "anyOf", 2]), FlowSchemaKeys.handoff, "handoff")
        let expect = ((flow["definitions"] as? [String: Any])?["node"] as? [String: Any])
            .flatMap { ($0["properties"] as? [String: Any])?["expect"] as? [String: Any] }?["enum"] as? [String]
        #expect(Set(expect ?? []) == Set(FlowSchemaKeys.expect))
    }

    @Test func settingsSchemaHasExactlyTheLoadersKeys() throws {
        let settings = try Self.schema("settings")
        let s: [Any] = ["properties", "settings"]
        Self.expectSame(Self.properties(settings, []), ["settings"], "settings file")
        Self.expectSame(Self.properties(settings, s), FlowSchemaKeys.settings, "settings")
        Self.expectSame(Self.properties(settings, s + ["properties", "variables", "additionalProperties"]), FlowSchemaKeys.variable, "a variable")
        Self.expectSame(Self.properties(settings, s + ["properties", "commands"]), FlowSchemaKeys.commands, "commands")
        Self.expectSame(Self.properties(settings, ["definitions", "command"]), FlowSchemaKeys.command, "a command")
        Self.expectSame(Self.properties(settings, s + ["properties", "interrupts", "additionalProperties"]), FlowSchemaKeys.interrupt, "an interrupt")
        Self.expectSame(Self.properties(settings, s + ["properties", "topics", "additionalProperties"]), FlowSchemaKeys.topic, "a topic")
        Self.expectSame(Self.properties(settings, s + ["properties", "reprompt"]), FlowSchemaKeys.reprompt, "reprompt")
        Self.expectSame(Self.properties(settings, s + ["properties", "texts"]), FlowSchemaKeys.texts, "texts")
    }

    @Test func contactsSchemaHasExactlyTheLoadersKeys() throws {
        let contacts = try Self.schema("contacts")
        Self.expectSame(Self.properties(contacts, []), FlowSchemaKeys.contactsFile, "contacts file")
        Self.expectSame(Self.properties(contacts, ["definitions", "contact"]), FlowSchemaKeys.contact, "a contact")
        Self.expectSame(Self.properties(contacts, ["definitions", "phone", "anyOf", 1]), FlowSchemaKeys.phone, "a phone number")
        Self.expectSame(Self.properties(contacts, ["definitions", "textLine", "anyOf", 1]), FlowSchemaKeys.textLine, "a text line")
    }

    @Test func lexiconSchemaHasExactlyTheLoadersKeys() throws {
        let lexicon = try Self.schema("lexicon")
        Self.expectSame(Self.properties(lexicon, []), FlowSchemaKeys.lexicon, "lexicon file")
        Self.expectSame(Self.properties(lexicon, ["properties", "negation"]), FlowSchemaKeys.negation, "negation")
    }

    /// Validates each file against the schema its first-line modeline names.
    static let validator = """
        import json, os, re, sys
        import jsonschema, yaml
        problems = 0
        for path in sys.argv[1:]:
            text = open(path, encoding="utf-8").read()
            m = re.match(r"# yaml-language-server: \\$schema=(\\S+)", text)
            if not m:
                print(f"{path}:1:1: error: the first line is not '# yaml-language-server: $schema=...'"); problems += 1; continue
            schema = json.load(open(os.path.join(os.path.dirname(path), m.group(1))))
            jsonschema.Draft7Validator.check_schema(schema)
            for e in jsonschema.Draft7Validator(schema).iter_errors(yaml.safe_load(text)):
                print(f"{path}: error: at {'/'.join(map(str, e.path)) or 'the top'}: {e.message[:300]}"); problems += 1
        print(f"{len(sys.argv) - 1} files, {problems} problems")
        sys.exit(1 if problems else 0)
        """

    @Test(.enabled(if: pythonSchemaTools, "python3 with jsonschema and yaml is missing: run .ci/setup (Debian: python3-jsonschema python3-yaml)"))
    func bundledFlowsValidateAgainstTheirModelineSchema() throws {
        let flows = repositoryRoot.appendingPathComponent("Flows")
        let files = try FileManager.default.subpathsOfDirectory(atPath: flows.path).filter { $0.hasSuffix(".yaml") }.sorted()
        #expect(files.contains("settings.yaml") && files.count > 1)
        let run = try runPython(["-c", Self.validator] + files.map { flows.appendingPathComponent($0).path })
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.hasSuffix("\(files.count) files, 0 problems\n"))
    }

    @Test(.enabled(if: pythonSchemaTools, "python3 with jsonschema and yaml is missing: run .ci/setup (Debian: python3-jsonschema python3-yaml)"))
    func aTypoFailsTheSchema() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cairn-schema-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let schema = repositoryRoot.appendingPathComponent("docs/schema/flow.schema.json").path
        let file = dir.appendingPathComponent("typo.yaml")
        try "# yaml-language-server: $schema=\(schema)\nflow: a\ntitle: A\nstart: x\nnodes:\n  x:\n    sya: Hi\n    end: completed\n"
            .write(to: file, atomically: true, encoding: .utf8)
        let run = try runPython(["-c", Self.validator, file.path])
        #expect(run.status == 1)
        #expect(run.output.contains("at nodes/x: Additional properties are not allowed ('sya' was unexpected)"), "\(run.output)")
    }
}
