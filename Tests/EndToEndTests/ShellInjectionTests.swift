import Foundation
import TakoTestSupport
import Testing

/// Values that travel from one repository's input through event payloads and subscription
/// inputs into another repository's `run` command (Tests/Golden/taint/CASE/: two and three
/// repositories, each with a `-fixed` twin that passes the value through `env` and quotes the
/// variable). `takoc plan` and `takoc check --cache-dir` warn on the unsafe ones; `tako exec`
/// of a plan made with a hostile value shows what the warning is about: marker files are
/// created by the unsafe cases and not by the fixed ones.
@Suite struct ShellInjectionTests {
    static let folder = Binaries.packageRoot.appendingPathComponent("Tests/Golden/taint")

    static var cases: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
    }

    @Test func thereAreCases() {
        #expect(Self.cases.count >= 4)
    }

    /// `args` run with the cache: stderr equals expected.txt (`TAKO_UPDATE_GOLDEN=1` rewrites it).
    @Test(arguments: cases) func planWarnsAsExpected(_ name: String) async throws {
        let example = Self.folder.appendingPathComponent(name)
        let work = try Binaries.scratch()
        defer { try? FileManager.default.removeItem(at: work) }
        try await Binaries.makeCache(example: example.path, in: work)
        let words = CommandWords.split(try String(contentsOf: example.appendingPathComponent("args"), encoding: .utf8))
        try #require(words.first == "takoc")
        let cache = ["--cache-dir", work.appendingPathComponent("cache").path]
        let r = try await Binaries.runAsync(
            "takoc", Array(words.dropFirst()) + cache + ["-o", work.appendingPathComponent("plan.json").path], cwd: work)
        #expect(r.status == 0, "\(name): \(r.stderr)")
        let stderr = r.stderr.replacingOccurrences(of: work.path, with: "$WORK")
        #expect(stderr.contains("[shell-injection]") == !name.hasSuffix("-fixed"))
        let golden = example.appendingPathComponent("expected.txt")
        if ProcessInfo.processInfo.environment["TAKO_UPDATE_GOLDEN"] != nil { try Data(stderr.utf8).write(to: golden) }
        #expect(stderr == (try String(contentsOf: golden, encoding: .utf8)), "\(name): output differs from expected.txt")

        // The same warnings from the linter, file by file, against the cache.
        let apps = try FileManager.default.contentsOfDirectory(atPath: example.appendingPathComponent("acme").path).sorted()
            .filter { $0 != "lib" }.map { "acme/\($0)/tako.yml" }
        let check = try await Binaries.runAsync("takoc", ["check"] + apps + cache, cwd: work.appendingPathComponent("remotes"))
        #expect(check.status == 0, "\(name): \(check.stderr)")
        for line in stderr.split(separator: "\n") where line.hasSuffix("[shell-injection]") {
            #expect(check.stderr.contains(line), "\(name): check --cache-dir does not report \(line)")
        }
        #expect(check.stderr.contains("[shell-injection]") == !name.hasSuffix("-fixed"))
    }

    /// A version whose text is shell syntax: `$(...)`, backquotes, `;`, `|` and a newline,
    /// each touching its own marker file.
    @Test(arguments: cases) func aHostileValueRunsOnlyWithoutTheFix(_ name: String) async throws {
        let work = try Binaries.scratch()
        defer { try? FileManager.default.removeItem(at: work) }
        try await Binaries.makeCache(example: Self.folder.appendingPathComponent(name).path, in: work)
        let marker = { (n: Int) in work.appendingPathComponent("marker-\(n)").path }
        let hostile = "1.0.0 $(touch \(marker(1))) `touch \(marker(2))`; touch \(marker(3)) | touch \(marker(4))\ntouch \(marker(5))"
        let plan = work.appendingPathComponent("plan.json").path
        let p = try await Binaries.runAsync(
            "takoc",
            [
                "plan", "--repo", "acme/lib", "--workflow", "release", "--input", "version=\(hostile)",
                "--cache-dir", work.appendingPathComponent("cache").path, "-o", plan,
            ])
        #expect(p.status == 0, "\(p.stderr)")
        let r = try await Binaries.runAsync("tako", ["exec", plan, "--workspace", work.appendingPathComponent("ws").path])
        #expect(r.status == 0, "\(r.stdout)\n\(r.stderr)")
        let created = (1...5).filter { FileManager.default.fileExists(atPath: marker($0)) }
        if name.hasSuffix("-fixed") {
            #expect(created.isEmpty, "\(name): the fixed files still ran the value: markers \(created)")
        } else if name.hasPrefix("two-repos") {
            // Unquoted: every form of shell syntax ran.
            #expect(created == [1, 2, 3, 4, 5], "\(name): markers \(created)")
        } else {
            // Inside double quotes and in a here-document, '$(...)' and backquotes ran.
            #expect(created == [1, 2], "\(name): markers \(created)")
        }
    }
}
