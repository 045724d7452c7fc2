import Foundation
import Testing

@testable import TakoRepos

/// `GitCache.add`, `repositories`, `readFile` and `tip` over real git repositories.
@Suite struct GitCacheTests {
    @Test func addsTheDefaultBranchAndReadsTakoYmlFromItsTip() throws {
        let fixture = try GitFixture()
        let head = try fixture.makeUpstream("acme/app", files: ["tako.yml": "version: 1\n", "src/a.txt": "a\n"])
        let added = try fixture.cache.add(url: fixture.url("acme/app"), branch: nil)

        #expect(added.name == RepoName("acme/app"))
        #expect(added.branch == "main")
        #expect(added.path == fixture.folder + "/cache/repos/acme/app/main")
        #expect(added.tip == head)

        let file = try #require(try fixture.cache.readFile("tako.yml", in: added))
        #expect(file.text == "version: 1\n")
        #expect(file.path == "tako.yml")
        #expect(file.commit == head)
        #expect(file.blob == (try fixture.git(["rev-parse", "HEAD:tako.yml"], in: fixture.upstreamPath("acme/app"))))
        #expect(try fixture.cache.readFile("src/a.txt", in: added)?.text == "a\n")
        #expect(try fixture.cache.readFile("missing.yml", in: added) == nil)
        #expect(try fixture.cache.readFile("src", in: added) == nil)
    }

    @Test func readsTheCommitNotTheWorkingFiles() throws {
        let fixture = try GitFixture()
        try fixture.makeUpstream("acme/app")
        let added = try fixture.cache.add(url: fixture.url("acme/app"), branch: nil)
        try "edited: true\n".write(toFile: added.path + "/tako.yml", atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(atPath: added.path + "/.git/index")
        #expect(try fixture.cache.readFile("tako.yml", in: added)?.text == "version: 1\n")
    }

    @Test func readsTheCommitTheListingSawEvenWhenTheBranchHasMovedSince() throws {
        let fixture = try GitFixture()
        let first = try fixture.makeUpstream("acme/app")
        let added = try fixture.cache.add(url: fixture.url("acme/app"), branch: nil)
        let listed = try #require(try fixture.cache.repositories().first)
        try "version: 1\n# moved\n".write(toFile: added.path + "/tako.yml", atomically: true, encoding: .utf8)
        try fixture.git(["commit", "--quiet", "-am", "moved"], in: added.path)
        let moved = try fixture.git(["rev-parse", "HEAD"], in: added.path)
        #expect(moved != first)

        // What was listed is what is read, and the commit recorded for it is that one.
        let file = try #require(try fixture.cache.readFile("tako.yml", in: listed))
        #expect(file.commit == first)
        #expect(file.text == "version: 1\n")
        // A new listing sees the new tip.
        let relisted = try #require(try fixture.cache.repositories().first)
        #expect(relisted.tip == moved)
        #expect(try fixture.cache.readFile("tako.yml", in: relisted)?.text == "version: 1\n# moved\n")
    }

    @Test func addsAnotherBranchInItsOwnFolder() throws {
        let fixture = try GitFixture()
        let upstream = fixture.upstreamPath("acme/app")
        let mainTip = try fixture.makeUpstream("acme/app")
        try fixture.git(["checkout", "--quiet", "-b", "release/1.x"], in: upstream)
        let releaseTip = try fixture.commit(["tako.yml": "version: 1\n# release\n"], in: "acme/app", message: "release")
        try fixture.git(["checkout", "--quiet", "main"], in: upstream)

        let release = try fixture.cache.add(url: fixture.url("acme/app"), branch: "release/1.x")
        let main = try fixture.cache.add(url: fixture.url("acme/app"), branch: "main")
        #expect(release.path == fixture.folder + "/cache/repos/acme/app/release/1.x")
        #expect(try fixture.cache.readFile("tako.yml", in: release)?.commit == releaseTip)
        #expect(try fixture.cache.readFile("tako.yml", in: main)?.commit == mainTip)

        let listed = try fixture.cache.repositories()
        #expect(listed == [main, release])
        #expect(listed.map(\.tip) == [mainTip, releaseTip])
        #expect(try fixture.cache.tip(of: RepoName("acme/app")!, branch: "release/1.x") == releaseTip)
        #expect(try fixture.cache.repository(RepoName("acme/app")!, branch: "main") == main)
        let store: any RepositoryStore = fixture.cache
        #expect(try store.repository(RepoName("acme/app")!, branch: "release/1.x") == release)
        #expect(try store.repository(RepoName("acme/app")!, branch: "nope") == nil)
    }

    @Test func listsRepositoriesSortedAndSkipsWhatIsNotAClone() throws {
        let fixture = try GitFixture()
        for name in ["zeta/app", "acme/web", "acme/api"] { try fixture.makeUpstream(name) }
        for name in ["zeta/app", "acme/web", "acme/api"] { _ = try fixture.cache.add(url: fixture.url(name), branch: nil) }
        let repos = fixture.cache.reposFolder
        try FileManager.default.createDirectory(atPath: repos + "/acme/empty/main", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: repos + "/bad name/x/main/.git", withIntermediateDirectories: true)
        #expect(try fixture.cache.repositories().map(\.name.description) == ["acme/api", "acme/web", "zeta/app"])
        #expect(try GitCache(root: fixture.folder + "/nowhere").repositories().isEmpty)
    }

    @Test func readsTipsFromPackedRefs() throws {
        let fixture = try GitFixture()
        let head = try fixture.makeUpstream("acme/app")
        let added = try fixture.cache.add(url: fixture.url("acme/app"), branch: nil)
        try fixture.git(["pack-refs", "--all"], in: added.path)
        #expect(!FileManager.default.fileExists(atPath: added.path + "/.git/refs/heads/main"))
        #expect(BranchRefFile.tip(branch: "main", clone: added.path) == head)
        #expect(try fixture.cache.repositories().first?.tip == head)
        #expect(try fixture.cache.readFile("tako.yml", in: added)?.commit == head)
    }

    @Test func fallsBackToLibgit2ForASymbolicBranch() throws {
        let fixture = try GitFixture()
        let head = try fixture.makeUpstream("acme/app")
        let added = try fixture.cache.add(url: fixture.url("acme/app"), branch: nil)
        try fixture.git(["symbolic-ref", "refs/heads/alias", "refs/heads/main"], in: added.path)
        #expect(BranchRefFile.tip(branch: "alias", clone: added.path) == nil)
        let alias = CachedRepository(name: added.name, branch: "alias", path: added.path, tip: nil)
        #expect(try fixture.cache.readFile("tako.yml", in: alias)?.commit == head)
    }

    @Test func refusesToAddWhatIsAlreadyCached() throws {
        let fixture = try GitFixture()
        try fixture.makeUpstream("acme/app")
        _ = try fixture.cache.add(url: fixture.url("acme/app"), branch: nil)
        let error = repositoryError { _ = try fixture.cache.add(url: fixture.url("acme/app"), branch: "main") }
        #expect(error?.kind == .alreadyCached)
        #expect(error?.message.contains("use 'takoc cache sync' to update it") == true)
    }

    @Test func refusesToCloneOverAFolderInTheWay() throws {
        let fixture = try GitFixture()
        try fixture.makeUpstream("acme/app")
        let path = fixture.cache.clonePath(of: RepoName("acme/app")!, branch: "main")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let error = repositoryError { _ = try fixture.cache.add(url: fixture.url("acme/app"), branch: nil) }
        #expect(error?.kind == .notAClone)
        #expect(
            error?.message == "'\(path)' is in the way of the clone of 'acme/app' on branch 'main' "
                + "and is not a git clone; remove it and add again")
    }

    @Test func namesTheBranchesThatExistWhenOneIsMissing() throws {
        let fixture = try GitFixture()
        try fixture.makeUpstream("acme/app")
        try fixture.git(["branch", "develop"], in: fixture.upstreamPath("acme/app"))
        let error = repositoryError { _ = try fixture.cache.add(url: fixture.url("acme/app"), branch: "mian") }
        #expect(error?.kind == .missingBranch)
        #expect(
            error?.message == "branch 'mian' does not exist in '\(fixture.url("acme/app"))'; "
                + "its branches are 'develop' and 'main'; did you mean 'main'?")
        #expect(try fixture.cache.repositories().isEmpty)
        #expect(!FileManager.default.fileExists(atPath: fixture.cache.reposFolder + "/acme/app/mian"))
    }

    @Test func reportsAnUnreachableRemote() throws {
        let fixture = try GitFixture()
        let error = repositoryError { _ = try fixture.cache.add(url: fixture.url("acme/gone"), branch: nil) }
        #expect(error?.kind == .unreachableRemote)
        #expect(error?.message.hasPrefix("cannot reach '\(fixture.url("acme/gone"))': ") == true)
        #expect(try fixture.cache.repositories().isEmpty)
    }

    @Test(arguments: ["ssh://git@127.0.0.1:1/acme/app.git", "https://127.0.0.1:1/acme/app.git", "git@127.0.0.1:acme/app.git"])
    func reportsARefusedConnection(_ url: String) throws {
        let fixture = try GitFixture()
        let error = repositoryError { _ = try fixture.cache.add(url: url, branch: nil) }
        #expect(error?.kind == .unreachableRemote)
        #expect(error?.message == "cannot reach '\(url)': failed to connect to 127.0.0.1: Connection refused (tried 3 times)")
    }

    @Test func rejectsAURLWithoutOwnerAndRepositoryAndABadBranch() throws {
        let fixture = try GitFixture()
        #expect(repositoryError { _ = try fixture.cache.add(url: "file:///app", branch: nil) }?.kind == .invalidURL)
        let bad = repositoryError { _ = try fixture.cache.add(url: fixture.url("acme/app"), branch: "a..b") }
        #expect(bad?.kind == .invalidBranch)
        #expect(bad?.message == "'a..b' is not a valid branch name")
    }

    @Test func addsFromAPlainPath() throws {
        let fixture = try GitFixture()
        let head = try fixture.makeUpstream("acme/app")
        let added = try fixture.cache.add(url: fixture.upstreamPath("acme/app"), branch: nil)
        #expect(added.tip == head)
        #expect(try fixture.git(["remote", "get-url", "origin"], in: added.path) == fixture.upstreamPath("acme/app"))
        #expect(try fixture.cache.remoteURL(of: added) == fixture.upstreamPath("acme/app"))
    }

    @Test func stripsDotGitFromABareUpstream() throws {
        let fixture = try GitFixture()
        let head = try fixture.makeUpstream("acme/app")
        try fixture.git(
            ["clone", "--quiet", "--bare", fixture.upstreamPath("acme/app"), fixture.upstreamPath("acme/app.git")],
            in: fixture.folder)
        let added = try fixture.cache.add(url: fixture.url("acme/app.git"), branch: nil)
        #expect(added.name.description == "acme/app")
        #expect(added.path == fixture.cache.clonePath(of: added.name, branch: "main"))
        #expect(added.tip == head)
    }

    @Test func addsTheRemotesDefaultBranchWhateverItsName() throws {
        let fixture = try GitFixture()
        try fixture.makeUpstream("acme/app")
        let upstream = fixture.upstreamPath("acme/app")
        try fixture.git(["checkout", "--quiet", "-b", "trunk"], in: upstream)
        let trunk = try fixture.commit(["t.txt": "t\n"], in: "acme/app", message: "trunk")
        let added = try fixture.cache.add(url: fixture.url("acme/app"), branch: nil)
        #expect(added.branch == "trunk")
        #expect(added.tip == trunk)
    }

    @Test func tipIsNilForWhatIsNotCached() throws {
        let fixture = try GitFixture()
        #expect(try fixture.cache.tip(of: RepoName("acme/app")!, branch: "main") == nil)
        #expect(try fixture.cache.repository(RepoName("acme/app")!, branch: "main") == nil)
        #expect(try fixture.cache.repository(RepoName("acme/app")!, branch: "../../x") == nil)
        #expect(repositoryError { _ = try fixture.cache.tip(of: RepoName("acme/app")!, branch: "../x") }?.kind == .invalidBranch)
    }

    @Test func readingAFolderThatIsNotACloneSaysSo() throws {
        let fixture = try GitFixture()
        let fake = CachedRepository(name: RepoName("acme/app")!, branch: "main", path: fixture.folder, tip: nil)
        let error = repositoryError { _ = try fixture.cache.readFile("tako.yml", in: fake) }
        #expect(error?.kind == .notAClone)
        #expect(error?.message == "'\(fixture.folder)' is not a git clone")
    }

    @Test func readingAMissingLocalBranchNamesTheOthers() throws {
        let fixture = try GitFixture()
        try fixture.makeUpstream("acme/app")
        let added = try fixture.cache.add(url: fixture.url("acme/app"), branch: nil)
        let other = CachedRepository(name: added.name, branch: "develop", path: added.path, tip: nil)
        let error = repositoryError { _ = try fixture.cache.readFile("tako.yml", in: other) }
        #expect(error?.kind == .missingBranch)
        #expect(error?.message == "the clone at '\(added.path)' has no branch 'develop'; its branches are 'main'")
    }

    @Test func defaultRootComesFromTheEnvironment() {
        #expect(GitCache.defaultRoot(environment: ["TAKO_CACHE_DIR": "/srv/tako", "HOME": "/home/x"]) == "/srv/tako")
        #expect(GitCache.defaultRoot(environment: ["TAKO_CACHE_DIR": "", "HOME": "/home/x"]) == "/home/x/.tako/cache")
        #expect(GitCache.defaultRoot(environment: ["HOME": "/home/x"]) == "/home/x/.tako/cache")
    }

    @Test func readsFromManyThreadsAtOnce() throws {
        let fixture = try GitFixture()
        var expected: [String: String] = [:]
        for index in 0..<4 {
            let name = "acme/app\(index)"
            try fixture.makeUpstream(name, files: ["tako.yml": "name: \(index)\n"])
            expected[name] = "name: \(index)\n"
            _ = try fixture.cache.add(url: fixture.url(name), branch: nil)
        }
        let repositories = try fixture.cache.repositories()
        let cache = fixture.cache
        let texts = expected
        let mismatches = FailureCount()
        DispatchQueue.concurrentPerform(iterations: 200) { iteration in
            let repository = repositories[iteration % repositories.count]
            let text = (try? cache.readFile("tako.yml", in: repository))??.text
            if text != texts[repository.name.description] { mismatches.add() }
        }
        #expect(mismatches.count == 0)
    }
}
