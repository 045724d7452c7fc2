import Foundation
import TakoTestSupport
import Testing

/// Bad input gets a diagnostic, never a crash or a hang: at least 10,000 mutated versions
/// of the Examples' files (and of the golden cases) go through the real `takoc check`, and
/// each must end with exit 0, 1 or 2 (a process still running after a second per file is
/// killed and counts as a hang).
///
/// Files are checked in batches (one process per batch, the format rotating through text,
/// json, sarif and github so every renderer sees the damage); a batch that ends any other
/// way is re-run file by file to name the culprit. The nastiest inputs are also checked one by
/// one for their CPU time.
@Suite(.serialized) struct RobustnessTests {
    static let mutants = 10_000
    /// Valid files with random expressions where CEL and templates are read.
    static let expressionMutants = 2_000
    static let batchSize = 250
    static let formats = ["text", "json", "sarif", "github"]

    static func seeds() throws -> [[UInt8]] {
        var files: [URL] = []
        for folder in ["Examples", "Tests/Golden"] {
            let root = Binaries.packageRoot.appendingPathComponent(folder).resolvingSymlinksInPath()
            let e = FileManager.default.enumerator(atPath: root.path)
            while let p = e?.nextObject() as? String {
                if p.hasSuffix(".yml") { files.append(root.appendingPathComponent(p)) }
            }
        }
        return try files.sorted { $0.path < $1.path }.map { [UInt8](try Data(contentsOf: $0)) }
    }

    @Test func tenThousandMutantsEndWithADiagnosticNeverACrash() async throws {
        let seeds = try Self.seeds()
        #expect(seeds.count >= 10)
        let work = try Binaries.scratch()
        defer { try? FileManager.default.removeItem(at: work) }
        var rng = SplitMix64(seed: 0x7a6b_6f2d_6368_6b21)
        var names: [String] = []
        for i in 0..<Self.mutants + Self.expressionMutants {
            let bytes = i < Self.mutants ? Mutator.mutate(seeds[i % seeds.count], rng: &rng) : Mutator.expressionFile(rng: &rng)
            let name = String(format: "m%05d.yml", i)
            try Data(bytes).write(to: work.appendingPathComponent(name))
            names.append(name)
        }
        var statuses: [Int32: Int] = [:]
        var failures: [String] = []
        var jsonFiles = 0, jsonBroken = 0, expressionErrors = 0  // per-file outcomes, read from the json batches
        for (index, start) in stride(from: 0, to: names.count, by: Self.batchSize).enumerated() {
            let batch = Array(names[start..<min(start + Self.batchSize, names.count)])
            let format = Self.formats[index % Self.formats.count]
            // The timeout only stops a hang (the batch is then re-run file by file); nothing is timed.
            let r = try await Binaries.runAsync("takoc", ["check", "--format", format] + batch, cwd: work, timeout: Double(batch.count))
            statuses[r.status, default: 0] += batch.count
            if format == "json", let doc = try? JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any],
                let items = doc["diagnostics"] as? [[String: Any]]
            {
                let broken = Set(items.filter { $0["severity"] as? String == "error" }.compactMap { $0["file"] as? String })
                jsonFiles += batch.count
                jsonBroken += broken.count
                expressionErrors +=
                    items.filter { ($0["id"] as? String).map { $0.hasPrefix("cel-") || $0.hasPrefix("template-") } ?? false }.count
            }
            if ![0, 1, 2].contains(r.status) {
                failures += try await Self.culprits(batch, format: format, in: work)
            }
        }
        #expect(failures.isEmpty, "takoc check crashed or hung on: \(failures.joined(separator: ", "))")
        #expect(statuses.values.reduce(0, +) == Self.mutants + Self.expressionMutants)
        print(
            "robustness: \(Self.mutants) mutants from \(seeds.count) files and \(Self.expressionMutants) files of random expressions in \(names.count / Self.batchSize) takoc processes, "
                + "batch exit statuses \(statuses.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value) files" }), no crash or hang; "
                + "of the \(jsonFiles) files checked with --format json, \(jsonBroken) have errors, with \(expressionErrors) CEL or template diagnostics among them, and \(jsonFiles - jsonBroken) none"
        )
    }

    /// Each file of a failed batch on its own: the ones that do not end with 0, 1 or 2 in a second.
    static func culprits(_ batch: [String], format: String, in work: URL) async throws -> [String] {
        var out: [String] = []
        for name in batch {
            let r = try await Binaries.runAsync("takoc", ["check", "--format", format, name], cwd: work, timeout: 5)
            if ![0, 1, 2].contains(r.status) {
                let copy = FileManager.default.temporaryDirectory.appendingPathComponent("tako-crash-\(name)")
                try? FileManager.default.removeItem(at: copy)
                try? FileManager.default.copyItem(at: work.appendingPathComponent(name), to: copy)
                out.append("\(name) (exit \(r.status), kept as \(copy.path)): \(r.stderr.suffix(300))")
            }
        }
        return out
    }

    /// CPU time, not wall time: the machine running the tests may be busy with other work.
    /// The wall clock only guards against a hang.
    @Test(arguments: Mutator.Nasty.allCases) func theNastiestInputsEachTakeUnderASecond(_ kind: Mutator.Nasty) async throws {
        let work = try Binaries.scratch()
        defer { try? FileManager.default.removeItem(at: work) }
        try Data(Mutator.nasty(kind)).write(to: work.appendingPathComponent("tako.yml"))
        for format in ["text", "json"] {
            let run = try await Self.timedCheck("tako.yml", format: format, in: work)
            #expect([0, 1, 2].contains(run.status), "\(kind) --format \(format): exit \(run.status)")
            #expect(run.cpuSeconds < 1, "\(kind) --format \(format) took \(run.cpuSeconds)s of CPU time")
        }
    }

    /// `takoc check` under bash's `time`, which reports the child's own user and system time.
    static func timedCheck(_ file: String, format: String, in work: URL) async throws -> (status: Int32, cpuSeconds: Double) {
        let takoc = Binaries.binDir.appendingPathComponent("takoc").path
        // `timeout` stops a hang (bash's `time` counts the grandchild's CPU time once it is reaped).
        let script = "TIMEFORMAT='%3U %3S'; time timeout -s KILL 15 \"$0\" \"$@\" >/dev/null 2>/dev/null"
        let r = try await Binaries.runAsync("/bin/bash", ["-c", script, takoc, "check", "--format", format, file], cwd: work, timeout: 20)
        let times = r.stderr.split(whereSeparator: { $0 == " " || $0 == "\n" }).compactMap { Double($0) }
        return (r.status, times.count == 2 ? times[0] + times[1] : .infinity)
    }
}
