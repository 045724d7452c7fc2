import Foundation
import TakoTestSupport
import Testing

@testable import TakoLowering

/// `Grammar/tako.schema.json` (JSON Schema draft-07, for editors) stays in step with the
/// lowering: each key table's keys are exactly the schema's properties in that context, and
/// every example file validates against the schema.
@Suite struct TakoSchemaTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let schemaURL = root.appendingPathComponent("Grammar/tako.schema.json")

    /// Where each key table's context lives in the schema.
    static let contexts: [(table: String, keys: [String], pointer: [String])] = [
        ("manifest", KeyTables.manifest.allKeys, []),
        ("artifact", KeyTables.artifact.allKeys, ["definitions", "artifact"]),
        ("workflow", KeyTables.workflow.allKeys, ["definitions", "workflow"]),
        ("input", KeyTables.input.allKeys, ["definitions", "input"]),
        ("validation", KeyTables.validation.allKeys, ["definitions", "validation"]),
        ("step", KeyTables.step.allKeys, ["definitions", "stepMapping"]),
        ("resources", KeyTables.resources.allKeys, ["definitions", "resources"]),
        ("produces", KeyTables.produces.allKeys, ["definitions", "produces"]),
        ("event", KeyTables.event.allKeys, ["definitions", "event"]),
        ("fanOut", KeyTables.fanOut.allKeys, ["definitions", "fanOutWith"]),
        ("subscription", KeyTables.subscription.allKeys, ["definitions", "subscription"]),
    ]

    static func schema() throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: schemaURL)) as? [String: Any])
    }

    @Test func everyKeyTableHasAContextInTheSchema() throws {
        let source = try String(contentsOf: Self.root.appendingPathComponent("Sources/TakoLowering/KeyTables.swift"), encoding: .utf8)
        let declared = source.split(separator: "\n").compactMap { line -> String? in
            guard let r = line.range(of: "static let "), line.contains("= KeyTable(") else { return nil }
            return String(line[r.upperBound...].prefix { $0.isLetter || $0.isNumber })
        }
        #expect(declared.count >= 10)
        #expect(Set(declared) == Set(Self.contexts.map(\.table)), "a key table was added or renamed: map it to its schema definition here")
    }

    @Test func everyContextAcceptsExactlyTheLoweringsKeys() throws {
        let schema = try Self.schema()
        for context in Self.contexts {
            var node: Any = schema
            for part in context.pointer { node = (node as? [String: Any])?[part] as Any }
            let object = try #require(node as? [String: Any], "no schema definition at \(context.pointer.joined(separator: "/"))")
            let properties = try #require(object["properties"] as? [String: Any])
            #expect(properties.keys.sorted() == context.keys, "schema and KeyTables.\(context.table) disagree")
            #expect(object["additionalProperties"] as? Bool == false, "\(context.table): unknown keys must be refused")
            let patterns = (object["patternProperties"] as? [String: Any])?.keys.sorted() ?? []
            #expect(patterns == ["^x-"], "\(context.table): x- keys must be free")
            for (key, value) in properties {
                let description =
                    (value as? [String: Any])?["description"] as? String
                    ?? ((value as? [String: Any])?["$ref"] as? String).flatMap { ref in
                        (schema["definitions"] as? [String: Any])?[String(ref.split(separator: "/").last ?? "")] as? [String: Any]
                    }?["description"] as? String
                #expect(description?.isEmpty == false, "\(context.table).\(key) has no description")
            }
        }
    }

    @Test func everyExampleValidates() throws {
        // Every tako.yml under Examples/, the broken ones included: they are wrong across
        // repositories, not in their keys. The folder may be a symlink (a dev package).
        let folder = Self.root.appendingPathComponent("Examples").resolvingSymlinksInPath()
        var examples: [String] = []
        let e = FileManager.default.enumerator(atPath: folder.path)
        while let p = e?.nextObject() as? String {
            if p.hasSuffix("tako.yml") { examples.append(folder.appendingPathComponent(p).path) }
        }
        #expect(!examples.isEmpty)
        let result = try PythonScript.run(PythonScript.validateYAML, arguments: [Self.schemaURL.path] + examples)
        #expect(result.status == 0, "\(result.output)")
    }

    @Test func aBrokenFileDoesNotValidate() throws {
        let file = Self.root.appendingPathComponent("Tests/Golden/lowering/unknown-keys.yml").path
        let result = try PythonScript.run(PythonScript.validateYAML, arguments: [Self.schemaURL.path, file])
        #expect(result.status == 1)
        #expect(result.output.contains("'stpes'"))
    }
}

/// A Python helper run with `python3`; the test is cancelled with the reason when python3,
/// jsonschema or PyYAML is missing.
enum PythonScript {
    /// Validates YAML files against a draft-07 schema, reading booleans as YAML 1.2 does (as
    /// the YAML language server does: `on` stays a string). Exit 3: a module is missing.
    static let validateYAML = """
        import json, re, sys
        try:
            import jsonschema, yaml
        except ImportError as e:
            print(f"missing Python module: {e.name}"); sys.exit(3)
        class Loader(yaml.SafeLoader):
            pass
        Loader.yaml_implicit_resolvers = {k: [(t, r) for t, r in v if t != 'tag:yaml.org,2002:bool']
                                          for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()}
        Loader.add_implicit_resolver('tag:yaml.org,2002:bool', re.compile(r'^(?:true|True|TRUE|false|False|FALSE)$'), list('tTfF'))
        schema = json.load(open(sys.argv[1]))
        jsonschema.Draft7Validator.check_schema(schema)
        validator = jsonschema.Draft7Validator(schema)
        bad = 0
        for path in sys.argv[2:]:
            for e in validator.iter_errors(yaml.load(open(path, encoding='utf-8'), Loader=Loader)):
                bad += 1
                print(f"{path}: {'/'.join(map(str, e.absolute_path))}: {e.message}")
        sys.exit(1 if bad else 0)
        """

    static func run(_ script: String, arguments: [String]) throws -> (status: Int32, output: String) {
        guard
            let python = which("python3")
                ?? ["/usr/bin/python3", "/usr/local/bin/python3"].first(where: FileManager.default.isExecutableFile(atPath:))
        else {
            try Test.cancel("python3 is not installed; the schema is not checked against the examples")
        }
        let result = try ProcessRunner.runBlocking(python, ["-c", script] + arguments)
        let output = result.stdout + result.stderr
        if result.status == 3 {
            try Test.cancel("\(output.trimmingCharacters(in: .whitespacesAndNewlines)); install it to check the schema")
        }
        return (result.status, output)
    }

    static func which(_ name: String) -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let path = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }
}
