import Foundation
import TakoBasics
import TakoIR
import TakoLowering
import TakoPlanFormat
import TakoResolve
import TakoTestSupport
import Testing

@testable import TakoPlanner

/// The Go-tool compatibility corpus (Tests/Compatibility/go-tool, see its README): files in
/// the Go tool's 0.1.0 and 0.2.0 style must be accepted with the meaning they had (warnings
/// allowed where the Go tool ignored a key), and what it dropped in silence must be an error.
/// Each case's diagnostics and plan, printed without commits and positions, must equal its
/// `expected.txt`.
@Suite struct GoCompatibilityTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Compatibility/go-tool")

    static var cases: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { !$0.hasSuffix(".md") }.sorted()
    }

    @Test func theCorpusCoversBothSchemaVersions() throws {
        #expect(Self.cases.count >= 5)
        var versions: Set<String> = []
        for c in Self.cases {
            for (_, text) in try Self.files(of: c) {
                for line in text.split(separator: "\n") where line.hasPrefix("version:") {
                    versions.insert(
                        line.dropFirst("version:".count).trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "\"", with: ""))
                }
            }
        }
        #expect(versions.isSuperset(of: ["0.1.0", "0.2.0", "v1", "1.0", "1", ""]))
    }

    @Test(arguments: cases) func caseMatchesItsExpectedMeaning(_ name: String) throws {
        let text = try Self.render(name)
        let expected = Self.folder.appendingPathComponent("\(name)/expected.txt")
        if ProcessInfo.processInfo.environment["TAKO_UPDATE_GOLDEN"] != nil {
            try Data(text.utf8).write(to: expected)
        }
        #expect(text == (try String(contentsOf: expected, encoding: .utf8)), "\(name) differs from its expected.txt")
    }

    /// Go spellings never survive into a plan: every hole is in its canonical form.
    @Test(arguments: cases) func plansHoldOnlyCanonicalSpellings(_ name: String) throws {
        let text = try Self.render(name)
        guard let plan = text.range(of: "$ takoc plan") else { return }
        let planText = text[plan.lowerBound...]
        for goForm in ["{{ .", ".Inputs.", ".Steps.", "{{ .payload", "{{ .event"] {
            #expect(!planText.contains(goForm), "\(name): '\(goForm)' left in the plan")
        }
    }

    /// `OWNER/REPO` → file text, sorted by repository.
    static func files(of name: String) throws -> [(repo: String, text: String)] {
        let dir = folder.appendingPathComponent(name)
        let paths = (FileManager.default.enumerator(atPath: dir.path)?.allObjects as? [String] ?? [])
            .filter { $0.hasSuffix("/tako.yml") }.sorted()
        return try paths.map {
            (String($0.dropLast("/tako.yml".count)), try String(contentsOf: dir.appendingPathComponent($0), encoding: .utf8))
        }
    }

    /// What `takoc check` says of every file, then what `takoc plan` makes of the case.
    static func render(_ name: String) throws -> String {
        try render(name, files: files(of: name))
    }

    /// The plan's part of `render`: what a migrated case must plan the same.
    static func plan(_ name: String, files: [(repo: String, text: String)]) throws -> String {
        let text = try render(name, files: files)
        guard let start = text.range(of: "\n$ takoc plan") else { return "" }
        return String(text[start.lowerBound...])
    }

    static func render(_ name: String, files: [(repo: String, text: String)]) throws -> String {
        var manifests: [String: ManifestDecl] = [:]
        var sources: [SourceFile] = []
        var diagnostics: [Diagnostic] = []
        var repositories: [String: PlannedRepository] = [:]
        for (repo, text) in files {
            let lowered = Lowering.lower(path: "\(repo)/tako.yml", bytes: Array(text.utf8))
            sources.append(lowered.source)
            diagnostics += lowered.diagnostics
            if let m = lowered.manifest, !lowered.diagnostics.hasErrors { manifests[repo] = m }
            repositories[repo] = PlannedRepository(name: repo, source: .cache, path: "", branch: "main", commit: nil, files: [])
        }
        let renderer = DiagnosticRenderer(sources: sources)
        var out = "$ takoc check\n" + renderer.render(diagnostics, as: .text)
        let argsFile = folder.appendingPathComponent("\(name)/args")
        guard let args = try? String(contentsOf: argsFile, encoding: .utf8) else { return out }
        // `takoc plan --repo R --workflow W [--input NAME=VALUE ...]`, the case's command line.
        let words = CommandWords.split(args)
        var options: [String: String] = [:]
        var inputs: [String: String] = [:]
        var index = 2
        while index + 1 < words.count {
            if words[index] == "--input" {
                let kv = words[index + 1].split(separator: "=", maxSplits: 1).map(String.init)
                inputs[kv[0]] = kv.count > 1 ? kv[1] : ""
            } else {
                options[words[index]] = words[index + 1]
            }
            index += 2
        }
        guard words.prefix(2) == ["takoc", "plan"], let repo = options["--repo"], let workflow = options["--workflow"] else {
            throw FixtureArgs(text: args)
        }
        out +=
            "\n$ takoc plan --repo \(repo) --workflow \(workflow)" + inputs.keys.sorted().map { " --input \($0)=\(inputs[$0]!)" }.joined()
            + "\n"
        let request = PlanRequest(rootRepo: repo, workflow: workflow, inputs: inputs)
        let outcome = Planner.plan(
            request, linked: Linker.link(Workspace(manifests: manifests), from: [request.root]), repositories: repositories)
        if !outcome.diagnostics.isEmpty { out += renderer.render(outcome.diagnostics, as: .text) }
        if let plan = outcome.plan { out += meaning(of: plan) }
        return out
    }

    /// The plan's runs as a reader checks them: values known now as `= "text"`, templates
    /// left for run time as `<- "{{ ... }}"`.
    static func meaning(of plan: Plan) -> String {
        func value(_ v: PlannedValue) -> String {
            switch v {
            case .value(let s): "= \(quoted(s))"
            case .template(let t): "<- \(quoted(t))"
            }
        }
        func quoted(_ s: String) -> String {
            "\""
                + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(
                    of: "\n", with: "\\n") + "\""
        }
        func map(_ label: String, _ m: [String: PlannedValue], _ indent: String) -> String {
            m.keys.sorted().map { "\(indent)\(label) \($0) \(value(m[$0]!))\n" }.joined()
        }
        func step(_ s: PlannedStep, _ indent: String) -> String {
            var out = "\(indent)step \(s.id)"
            if let run = s.run { out += " run \(value(run))" }
            out += "\n"
            let inner = indent + "  "
            out += map("env", s.env, inner)
            if let c = s.condition { out += "\(inner)if \(c)\n" }
            for o in s.outputs { out += "\(inner)output \(o.name) from \(o.source.rawValue)\(o.path.map { " \($0)" } ?? "")\n" }
            if let t = s.timeoutSeconds { out += "\(inner)timeout \(t)s\n" }
            if s.continueOnError { out += "\(inner)continue on error\n" }
            if let f = s.fanOut {
                out +=
                    "\(inner)fan-out \(f.event.type) \(f.event.schemaVersion ?? "-") of \(f.event.artifact) to [\(f.children.joined(separator: ", "))]"
                out +=
                    " wait \(f.waitForChildren) limit \(f.concurrencyLimit.map(String.init) ?? "-") timeout \(f.timeoutSeconds.map { "\($0)s" } ?? "-") fail-fast \(f.failFast)\n"
                out += map("payload", f.event.payload, inner + "  ")
            }
            for f in s.onFailure { out += step(f, inner + "on failure: ") }
            return out
        }
        var out = ""
        for run in plan.runs {
            out += "run \(run.id) \(run.repo) \(run.workflow)"
            if let t = run.trigger { out += " on \(t.eventType) \(t.schemaVersion ?? "-") from \(t.artifact) via \(run.parent ?? "-")" }
            out += "\n"
            if let c = run.condition { out += "  if \(c)\n" }
            out += map("input", run.inputs, "  ")
            out += map("env", run.env, "  ")
            if !run.secrets.isEmpty { out += "  secrets \(run.secrets.joined(separator: ", "))\n" }
            for s in run.steps { out += step(s, "  ") }
        }
        return out
    }
}

/// An `args` file that is not `takoc plan --repo R --workflow W [--input NAME=VALUE ...]`.
struct FixtureArgs: Error, CustomStringConvertible {
    let text: String
    var description: String { "args must be 'takoc plan --repo R --workflow W [--input NAME=VALUE ...]', not '\(text)'" }
}
