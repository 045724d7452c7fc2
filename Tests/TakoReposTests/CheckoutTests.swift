import Foundation
import Testing

@testable import TakoRepos

/// `Checkout.materialize`: fresh working trees outside the cache, the cache untouched.
@Suite struct CheckoutTests {
    @Test func materializesAnOlderCommitAndLeavesTheCacheAsItWas() throws {
        let fixture = try GitFixture()
        let old = try fixture.makeUpstream("acme/app", files: ["tako.yml": "version: 1\n", "gone.txt": "old\n"])
        try FileManager.default.removeItem(atPath: fixture.upstreamPath("acme/app") + "/gone.txt")
        let new = try fixture.commit(["tako.yml": "version: 2\n", "dir/new.txt": "new\n"], in: "acme/app", message: "new")
        let clone = try fixture.cache.add(url: fixture.url("acme/app"), branch: nil)

        let workspace = fixture.folder + "/workspace/run-1/acme-app"
        try Checkout.materialize(repositoryPath: clone.path, commit: old, into: workspace)

        #expect(try fixture.read(workspace + "/tako.yml") == "version: 1\n")
        #expect(try fixture.read(workspace + "/gone.txt") == "old\n")
        #expect(!FileManager.default.fileExists(atPath: workspace + "/dir"))
        #expect(try fixture.git(["rev-parse", "HEAD"], in: workspace) == old)
        #expect(try fixture.git(["status", "--porcelain"], in: workspace) == "")
        #expect(try fixture.git(["remote", "get-url", "origin"], in: workspace) == fixture.url("acme/app"))
        // The cache's branches are the checkout's remote-tracking branches, as after a clone,
        // and the checkout is a whole repository: every object reachable, nothing broken.
        #expect(try fixture.git(["rev-parse", "refs/remotes/origin/main"], in: workspace) == new)
        #expect(try fixture.git(["fsck", "--no-progress"], in: workspace) == "")

        #expect(try fixture.git(["symbolic-ref", "HEAD"], in: clone.path) == "refs/heads/main")
        #expect(try fixture.git(["rev-parse", "HEAD"], in: clone.path) == new)
        #expect(try fixture.git(["status", "--porcelain"], in: clone.path) == "")
        #expect(try fixture.read(clone.path + "/tako.yml") == "version: 2\n")
    }

    @Test func materializesFromManyThreadsAtOnce() throws {
        let fixture = try GitFixture()
        let head = try fixture.makeUpstream("acme/app")
        let clone = try fixture.cache.add(url: fixture.url("acme/app"), branch: nil)
        let folder = fixture.folder
        let failures = FailureCount()
        DispatchQueue.concurrentPerform(iterations: 6) { index in
            do {
                try Checkout.materialize(repositoryPath: clone.path, commit: head, into: "\(folder)/ws/\(index)")
            } catch {
                failures.add()
            }
        }
        #expect(failures.count == 0)
        for index in 0..<6 {
            #expect(try fixture.read("\(folder)/ws/\(index)/tako.yml") == "version: 1\n")
        }
    }

    @Test func materializesIntoAnEmptyFolder() throws {
        let fixture = try GitFixture()
        let head = try fixture.makeUpstream("acme/app")
        let clone = try fixture.cache.add(url: fixture.url("acme/app"), branch: nil)
        let workspace = fixture.folder + "/empty"
        try FileManager.default.createDirectory(atPath: workspace, withIntermediateDirectories: true)
        try Checkout.materialize(repositoryPath: clone.path, commit: head.uppercased(), into: workspace)
        #expect(try fixture.git(["rev-parse", "HEAD"], in: workspace) == head)
    }

    @Test func refusesAFolderThatIsNotEmpty() throws {
        let fixture = try GitFixture()
        let head = try fixture.makeUpstream("acme/app")
        let clone = try fixture.cache.add(url: fixture.url("acme/app"), branch: nil)
        let workspace = fixture.folder + "/busy"
        try FileManager.default.createDirectory(atPath: workspace, withIntermediateDirectories: true)
        try "x".write(toFile: workspace + "/x", atomically: true, encoding: .utf8)
        let error = repositoryError { try Checkout.materialize(repositoryPath: clone.path, commit: head, into: workspace) }
        #expect(error?.kind == .destinationNotEmpty)
        #expect(error?.message == "cannot check out into '\(workspace)': the folder is not empty")
        #expect(try FileManager.default.contentsOfDirectory(atPath: workspace) == ["x"])
    }

    @Test(arguments: ["0123456789012345678901234567890123456789", "not-a-commit", "abc"])
    func refusesACommitTheCloneDoesNotHave(_ commit: String) throws {
        let fixture = try GitFixture()
        try fixture.makeUpstream("acme/app")
        let clone = try fixture.cache.add(url: fixture.url("acme/app"), branch: nil)
        let workspace = fixture.folder + "/ws"
        let error = repositoryError { try Checkout.materialize(repositoryPath: clone.path, commit: commit, into: workspace) }
        #expect(error?.kind == .missingCommit)
        #expect(!FileManager.default.fileExists(atPath: workspace))
    }

    @Test func refusesASourceThatIsNotAClone() throws {
        let fixture = try GitFixture()
        let error = repositoryError {
            try Checkout.materialize(
                repositoryPath: fixture.folder, commit: String(repeating: "a", count: 40),
                into: fixture.folder + "/ws")
        }
        #expect(error?.kind == .notAClone)
    }
}

/// A counter that several threads may bump.
final class FailureCount: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func add() { lock.withLock { value += 1 } }
    var count: Int { lock.withLock { value } }
}
