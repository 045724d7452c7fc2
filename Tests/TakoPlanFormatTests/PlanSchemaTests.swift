import Foundation
import TakoTestSupport
import Testing

@testable import TakoPlanFormat

/// Grammar/plan.schema.json is kept in step with the Codable types: a plan with every
/// optional field set validates against it, the schema names no field the types never
/// write, and every golden plan in Examples/ validates. Needs python3 with jsonschema;
/// skipped with a message where that is missing.
@Suite struct PlanSchemaTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let validatorAvailable: Bool = (try? python(["-c", "import jsonschema"]).status) == 0

    static let script = """
        import json, sys, jsonschema
        schema = json.load(open(sys.argv[1]))
        jsonschema.Draft202012Validator.check_schema(schema)
        validator = jsonschema.Draft202012Validator(schema)
        def keys(node, out):
            if isinstance(node, dict):
                out.update(node.keys()); [keys(v, out) for v in node.values()]
            elif isinstance(node, list):
                [keys(v, out) for v in node]
            return out
        def schema_props(node, out):
            if isinstance(node, dict):
                for k, v in node.items():
                    if k == "properties": out.update(v.keys())
                    schema_props(v, out)
            elif isinstance(node, list):
                [schema_props(v, out) for v in node]
            return out
        problems = []
        for path in sys.argv[3:]:
            text = open(path).read().replace("sha256:$DIGEST", "sha256:" + "0" * 64)
            for e in validator.iter_errors(json.loads(text)):
                problems.append(f"{path}: {list(e.path)}: {e.message}")
        full = json.load(open(sys.argv[2]))
        unused = schema_props(schema, set()) - keys(full, set())
        if unused: problems.append("schema properties no plan field uses: " + ", ".join(sorted(unused)))
        print("\\n".join(problems))
        sys.exit(1 if problems else 0)
        """

    static func python(_ args: [String]) throws -> (status: Int32, output: String) {
        let r = try ProcessRunner.runBlocking("python3", args)
        return (r.status, r.stdout + r.stderr)
    }

    /// A plan in which every optional field of every type is present.
    static func maximalPlan() -> Plan {
        var plan = PlanFileTests.samplePlan()
        var step = plan.runs[0].steps[0]
        step.name = "build it"
        step.env = ["A": .value("1")]
        step.outputs = [PlannedOutput(name: "report", source: .file, path: "out/report.txt")]
        step.timeoutSeconds = 60
        step.continueOnError = true
        step.condition = "inputs.dry == false"
        step.onFailure = [PlannedStep(id: "cleanup", provenance: "acme/core-lib/tako.yml:9:13", run: .value("rm -rf out"))]
        plan.runs[0].steps[0] = step
        plan.runs[0].env = ["B": .template("{{ inputs.version }}")]
        plan.runs[0].secrets = ["GITHUB_TOKEN"]
        plan.runs[0].inputTypes = ["version": "string"]
        plan.runs[0].steps[1].fanOut?.concurrencyLimit = 4
        plan.runs[0].steps[1].fanOut?.timeoutSeconds = 3600
        plan.runs[1].condition = "event.payload.version.startsWith('2.')"
        plan.runs[1].priority = 5
        plan.runs[0].steps[0].resources = PlannedResources(cpuMillis: 500, memoryBytes: 1 << 30)
        return PlanFile.seal(plan)
    }

    @Test(.enabled(if: PlanSchemaTests.validatorAvailable, "python3 with the jsonschema package is not available"))
    func schemaMatchesThePlanTypesAndEveryGoldenPlan() throws {
        let temp = FileManager.default.temporaryDirectory.appendingPathComponent("tako-plan-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: temp) }
        try PlanFile.encode(Self.maximalPlan()).write(to: temp)
        let scriptFile = temp.deletingPathExtension().appendingPathExtension("py")
        defer { try? FileManager.default.removeItem(at: scriptFile) }
        try Data(Self.script.utf8).write(to: scriptFile)
        var goldens: [String] = []
        let examples = Self.root.appendingPathComponent("Examples").resolvingSymlinksInPath()
        let e = FileManager.default.enumerator(atPath: examples.path)
        while let p = e?.nextObject() as? String {
            if p.hasSuffix("expected-plan.json") { goldens.append(examples.appendingPathComponent(p).path) }
        }
        #expect(!goldens.isEmpty)
        let schema = Self.root.appendingPathComponent("Grammar/plan.schema.json").path
        let result = try Self.python([scriptFile.path, schema, temp.path, temp.path] + goldens)
        #expect(result.status == 0, "\(result.output)")
    }
}
