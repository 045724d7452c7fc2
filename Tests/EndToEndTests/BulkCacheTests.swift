import Foundation
import TakoTestSupport
import Testing

/// `takoc cache add --from` and `takoc cache sync --jobs` at organisation scale, on real
/// git repositories: every clone ends at its remote's commit, also when two syncs run at once.
@Suite struct BulkCacheTests {
    /// The commit of branch main in the repository at `path`, from its ref file.
    static func tip(_ gitFolder: String) throws -> String {
        try String(contentsOfFile: gitFolder + "/refs/heads/main", encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Served by the HTTPS test server (nginx, git http-backend, TLS, a token) when its
    /// packages are installed, as the organisation's remotes would be; over file:// otherwise.
    @Test func addFromAListOf200ThenSyncCommitsTo50TwiceAtOnce() async throws {
        let work = try Binaries.scratch()
        defer { try? FileManager.default.removeItem(at: work) }
        let token = "tok-\(UUID().uuidString)"
        var server: GitHTTPSServer? = nil
        if let missing = GitHTTPSServer.missing {
            print("BulkCacheTests: over file:// remotes, not HTTPS: \(missing)")
        } else {
            server = try GitHTTPSServer(folder: work.path + "/https", token: token)
        }
        defer { server?.stop() }
        let upstream = server.map { $0.reposFolder } ?? work.path + "/upstream"
        let cache = work.path + "/cache"
        let environment: [String: String?] =
            server.map { ["SSL_CERT_FILE": $0.caFile, "GIT_SSL_CAINFO": nil, "TAKO_GIT_TOKEN": token] } ?? [:]
        // git http-backend serves a working repository named like a bare one ("svc-000.git").
        let suffix = server == nil ? "" : ".git"
        func url(_ name: String) -> String { server.map { $0.url("acme/\(name).git") } ?? "file://\(upstream)/acme/\(name)" }
        func takoc(_ arguments: [String]) async throws -> ProcessResult {
            try await Binaries.runAsync("takoc", arguments, environment: environment, timeout: 300)
        }
        // One real repository, copied: 200 remotes with the same first commit.
        let template = work.path + "/template"
        try PrivateRemotesTests.makeRepository(template)
        var names: [String] = []
        var list = "# 200 repositories of acme\n\n"
        for index in 0..<200 {
            let name = String(format: "svc-%03d", index)
            names.append(name)
            try FileManager.default.createDirectory(atPath: upstream + "/acme", withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: template, toPath: upstream + "/acme/" + name + suffix)
            list += "\(url(name))\(index % 50 == 0 ? "   main   # on its main branch" : "")\n"
        }
        try list.write(toFile: work.path + "/repos.txt", atomically: true, encoding: .utf8)

        let add = try await takoc(["cache", "add", "--from", work.path + "/repos.txt", "--cache-dir", cache])
        #expect(add.status == 0, "\(add.stderr)")
        #expect(add.stdout.hasSuffix("200 listed: 200 added, 0 already cached, 0 failed\n"))
        #expect(add.stderr == "")
        // Added again: nothing to do, not a failure.
        let again = try await takoc(["cache", "add", "--from", work.path + "/repos.txt", "--cache-dir", cache])
        #expect(again.status == 0)
        #expect(again.stdout.hasSuffix("200 listed: 0 added, 200 already cached, 0 failed\n"))

        // Commits to 50 of them, then one sync.
        func commitToFifty(_ round: String) throws -> [String: String] {
            var expected: [String: String] = [:]
            for name in names where Int(name.suffix(3))! % 4 == 0 {
                expected[name] = try PrivateRemotesTests.commit(in: upstream + "/acme/" + name + suffix, round)
            }
            return expected
        }
        let first = try commitToFifty("second")
        #expect(first.count == 50)
        let sync = try await takoc(["cache", "sync", "--cache-dir", cache])
        #expect(sync.status == 0, "\(sync.stderr)")
        #expect(sync.stdout.split(separator: "\n").filter { $0.contains(": updated ") }.count == 50)
        #expect(sync.stdout.hasSuffix("200 repositories: 50 updated, 150 unchanged, 0 failed\n"))
        for name in names {
            #expect(try Self.tip(cache + "/repos/acme/\(name)/main/.git") == Self.tip(upstream + "/acme/\(name)\(suffix)/.git"), "\(name)")
        }

        // Two syncs at once after commits to 50 more: each clone is moved by exactly one of them.
        let secondRound = try commitToFifty("third")
        async let one = takoc(["cache", "sync", "--cache-dir", cache, "--jobs", "16"])
        async let two = takoc(["cache", "sync", "--cache-dir", cache])
        let results = try await [one, two]
        for result in results { #expect(result.status == 0, "\(result.stderr)") }
        let updated = results.flatMap { $0.stdout.split(separator: "\n").filter { $0.contains(": updated ") } }
        #expect(updated.count == 50, "\(updated)")
        for name in names {
            let clone = cache + "/repos/acme/\(name)/main"
            #expect(try Self.tip(clone + "/.git") == Self.tip(upstream + "/acme/\(name)\(suffix)/.git"), "\(name)")
            if let commit = secondRound[name] {
                #expect(try Self.tip(clone + "/.git") == commit)
                #expect(try PrivateRemotesTests.git(["status", "--porcelain"], in: clone) == "")
                #expect(try String(contentsOfFile: clone + "/tako.yml", encoding: .utf8) == "version: 1\n# third\n")
            }
        }
    }

    @Test func aBadListIsRefusedWithEveryLineAndTransientFailuresAreRetried() async throws {
        let work = try Binaries.scratch()
        defer { try? FileManager.default.removeItem(at: work) }
        try "https://example.com/acme/app.git main extra\nnot-a-url\n".write(
            toFile: work.path + "/bad.txt", atomically: true, encoding: .utf8)
        let bad = try await Binaries.runAsync(
            "takoc", ["cache", "add", "--from", work.path + "/bad.txt", "--cache-dir", work.path + "/cache"])
        #expect(bad.status == 2)
        #expect(
            bad.stderr == """
                takoc: error: \(work.path)/bad.txt:1:39: expected 'URL [BRANCH]', found a third field 'extra'; put one repository on each line (a comment starts with '#')
                \(work.path)/bad.txt:2:1: cannot tell the owner and repository from 'not-a-url'; expected a URL that ends in OWNER/REPO, such as 'https://github.com/acme/app.git'

                """)
        let missing = try await Binaries.runAsync("takoc", ["cache", "add", "--from", work.path + "/nope.txt"])
        #expect(missing.status == 2)
        #expect(missing.stderr == "takoc: error: cannot read the list '\(work.path)/nope.txt': no such file\n")

        // Nothing listens on the port: a refused connection is transient, tried three times.
        let port = try TestServers.freePort()
        try "https://127.0.0.1:\(port)/acme/app.git\n".write(toFile: work.path + "/down.txt", atomically: true, encoding: .utf8)
        let down = try await Binaries.runAsync(
            "takoc", ["cache", "add", "--from", work.path + "/down.txt", "--cache-dir", work.path + "/cache"])
        #expect(down.status == 2)
        #expect(down.stderr.contains("acme/app: failed: cannot reach 'https://127.0.0.1:\(port)/acme/app.git': "), "\(down.stderr)")
        #expect(down.stderr.contains("(tried 3 times)"), "\(down.stderr)")
        #expect(down.stdout.hasSuffix("1 listed: 0 added, 0 already cached, 1 failed\n"))
    }
}
