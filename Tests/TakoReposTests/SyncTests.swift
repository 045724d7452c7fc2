import Foundation
import Testing

@testable import TakoRepos

/// `GitCache.sync`: fetch and fast-forward, never merge, never force.
@Suite struct SyncTests {
    @Test func fastForwardsANewUpstreamCommitAndThenHasNothingToDo() throws {
        let fixture = try GitFixture()
        let first = try fixture.makeUpstream("acme/app")
        let added = try fixture.cache.add(url: fixture.url("acme/app"), branch: nil)
        let second = try fixture.commit(["tako.yml": "version: 2\n"], in: "acme/app", message: "second")

        let results = try fixture.cache.sync()
        #expect(results == [SyncResult(repository: added, outcome: .updated(from: first, to: second))])
        #expect(results[0].description == "acme/app (main): updated \(first.prefix(7)) → \(second.prefix(7))")
        // Read as a new listing sees it; the listing of before the sync still reads the
        // commit it saw.
        let synced = try #require(try fixture.cache.repository(added.name, branch: "main"))
        #expect(synced.tip == second)
        let file = try #require(try fixture.cache.readFile("tako.yml", in: synced))
        #expect(file.text == "version: 2\n")
        #expect(file.commit == second)
        #expect(try fixture.cache.readFile("tako.yml", in: added)?.commit == first)
        #expect(try fixture.cache.tip(of: added.name, branch: "main") == second)
        #expect(try fixture.read(added.path + "/tako.yml") == "version: 2\n")
        #expect(try fixture.git(["status", "--porcelain"], in: added.path) == "")
        #expect(try fixture.git(["symbolic-ref", "HEAD"], in: added.path) == "refs/heads/main")

        let again = try fixture.cache.sync()
        #expect(again.map(\.outcome) == [.unchanged(second)])
        #expect(!again[0].isFailure)
    }

    @Test func reportsARewrittenUpstreamWithoutForcingIt() throws {
        let fixture = try GitFixture()
        try fixture.makeUpstream("acme/app")
        let cached = try fixture.commit(["tako.yml": "version: 2\n"], in: "acme/app", message: "second")
        let added = try fixture.cache.add(url: fixture.url("acme/app"), branch: nil)
        let upstream = fixture.upstreamPath("acme/app")
        try fixture.git(["reset", "--quiet", "--hard", "HEAD~1"], in: upstream)
        let rewritten = try fixture.commit(["tako.yml": "version: 3\n"], in: "acme/app", message: "rewritten")

        let results = try fixture.cache.sync()
        #expect(results.count == 1)
        guard case .failed(let reason) = results[0].outcome else {
            Issue.record("expected a failure, got \(results[0].outcome)")
            return
        }
        #expect(
            reason.hasPrefix(
                "not a fast-forward: the remote branch 'main' is at \(rewritten.prefix(7)), "
                    + "which does not contain the cached \(cached.prefix(7))"))
        #expect(try fixture.cache.tip(of: added.name, branch: "main") == cached)
        #expect(try fixture.cache.readFile("tako.yml", in: added)?.text == "version: 2\n")
    }

    @Test func reportsEachFailureAndStillSyncsTheOthers() throws {
        let fixture = try GitFixture()
        try fixture.makeUpstream("acme/gone")
        try fixture.makeUpstream("acme/left")
        try fixture.makeUpstream("acme/live")
        try fixture.git(["branch", "feature"], in: fixture.upstreamPath("acme/left"))
        _ = try fixture.cache.add(url: fixture.url("acme/gone"), branch: nil)
        _ = try fixture.cache.add(url: fixture.url("acme/left"), branch: "feature")
        _ = try fixture.cache.add(url: fixture.url("acme/live"), branch: nil)
        try FileManager.default.removeItem(atPath: fixture.upstreamPath("acme/gone"))
        try fixture.git(["branch", "-D", "feature"], in: fixture.upstreamPath("acme/left"))
        let next = try fixture.commit(["b.txt": "b\n"], in: "acme/live", message: "next")

        let results = try fixture.cache.sync()
        #expect(results.map(\.repository.name.description) == ["acme/gone", "acme/left", "acme/live"])
        #expect(results.map(\.isFailure) == [true, true, false])
        #expect(results[0].description.hasPrefix("acme/gone (main): failed: cannot fetch '\(fixture.url("acme/gone"))': "))
        #expect(
            results[1].description == "acme/left (feature): failed: branch 'feature' no longer exists in "
                + "'\(fixture.url("acme/left"))'; its branches are 'main'")
        #expect(try fixture.cache.tip(of: RepoName("acme/live")!, branch: "main") == next)
    }

    @Test func keepsLocalChangesInTheWorkingFilesAndReportsThem() throws {
        let fixture = try GitFixture()
        let first = try fixture.makeUpstream("acme/app")
        let added = try fixture.cache.add(url: fixture.url("acme/app"), branch: nil)
        try "mine\n".write(toFile: added.path + "/tako.yml", atomically: true, encoding: .utf8)
        try fixture.commit(["tako.yml": "version: 2\n"], in: "acme/app", message: "second")

        let results = try fixture.cache.sync()
        #expect(results.first?.isFailure == true)
        #expect(try fixture.read(added.path + "/tako.yml") == "mine\n")
        #expect(try fixture.cache.tip(of: added.name, branch: "main") == first)
    }

    @Test func syncsManyClonesInParallelAndKeepsTheirOrder() throws {
        let fixture = try GitFixture()
        var expected: [String] = []
        for index in 0..<6 {
            let name = "acme/app\(index)"
            try fixture.makeUpstream(name)
            _ = try fixture.cache.add(url: fixture.url(name), branch: nil)
            expected.append(try fixture.commit(["n.txt": "\(index)\n"], in: name, message: "next"))
        }
        let results = try fixture.cache.sync(jobs: 3)
        #expect(results.map(\.repository.name.description) == (0..<6).map { "acme/app\($0)" })
        #expect(
            results.map { result -> String? in
                if case .updated(_, let to) = result.outcome { return to }
                return nil
            } == expected)
    }

    @Test func libgit2IsBuiltWithThreads() {
        #expect(LibGit2.isThreadSafe)
    }

    @Test func syncOfAnEmptyCacheDoesNothing() throws {
        let fixture = try GitFixture()
        #expect(try fixture.cache.sync().isEmpty)
    }
}
