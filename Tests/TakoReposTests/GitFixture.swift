import Foundation
import TakoTestSupport
import Testing

@testable import TakoRepos

/// A temporary folder with upstream repositories made by the `git` command, and a cache.
///
/// ```
/// <folder>/upstream/OWNER/REPO/   working repositories that play the remotes
/// <folder>/cache/                 the GitCache root
/// ```
/// The folder is removed when the fixture is released.
final class GitFixture {
    let folder: String
    let cache: GitCache

    init() throws {
        let base = FileManager.default.temporaryDirectory.path
        folder = GitCache.absolute("\(base)/tako-repos-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: folder + "/upstream", withIntermediateDirectories: true)
        cache = GitCache(root: folder + "/cache")
    }

    deinit {
        try? FileManager.default.removeItem(atPath: folder)
    }

    func upstreamPath(_ name: String) -> String { "\(folder)/upstream/\(name)" }
    func url(_ name: String) -> String { "file://" + upstreamPath(name) }

    /// Makes the upstream repository `name` ("owner/repo") with one commit on `main` holding `files`.
    @discardableResult
    func makeUpstream(_ name: String, files: [String: String] = ["tako.yml": "version: 1\n"]) throws -> String {
        let path = upstreamPath(name)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try git(["init", "--quiet", "--initial-branch=main"], in: path)
        return try commit(files, in: name, message: "first")
    }

    /// Writes `files` in the upstream repository and commits them on its current branch; returns the commit id.
    @discardableResult
    func commit(_ files: [String: String], in name: String, message: String) throws -> String {
        let path = upstreamPath(name)
        for (file, text) in files {
            let full = path + "/" + file
            try FileManager.default.createDirectory(
                atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: full, atomically: true, encoding: .utf8)
        }
        try git(["add", "--all"], in: path)
        try git(["commit", "--quiet", "--allow-empty", "-m", message], in: path)
        return try git(["rev-parse", "HEAD"], in: path)
    }

    /// Runs git in `folder` and returns its standard output without the final newline.
    @discardableResult
    func git(_ arguments: [String], in folder: String) throws -> String {
        try GitFixture.run(
            [
                "-c", "user.name=Tako Tests", "-c", "user.email=tests@tako.invalid",
                "-c", "commit.gpgsign=false", "-c", "core.hooksPath=/dev/null",
            ] + arguments, in: folder)
    }

    static func run(_ arguments: [String], in folder: String) throws -> String {
        let result = try ProcessRunner.runBlocking(
            "git", arguments, in: folder,
            environment: [
                "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_TERMINAL_PROMPT": "0",
            ])
        guard result.status == 0 else {
            throw FixtureError(message: "git \(arguments.joined(separator: " ")) failed: " + result.stderr)
        }
        var text = result.stdout
        if text.hasSuffix("\n") { text.removeLast() }
        return text
    }

    /// Runs another tool (ssh-keygen, ...) and returns its standard output.
    static func runTool(_ program: String, _ arguments: [String]) throws -> String {
        let result = try ProcessRunner.runBlocking(program, arguments)
        guard result.status == 0 else {
            throw FixtureError(message: "\(program) \(arguments.joined(separator: " ")) failed: " + result.stderr)
        }
        return result.stdout
    }

    /// The text of a file.
    func read(_ path: String) throws -> String {
        try String(contentsOfFile: path, encoding: .utf8)
    }
}

struct FixtureError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}

/// The error thrown by `body`, which must throw a `RepositoryError`.
func repositoryError(_ body: () throws -> Void) -> RepositoryError? {
    do {
        try body()
        Issue.record("expected a RepositoryError, nothing was thrown")
        return nil
    } catch let error as RepositoryError {
        return error
    } catch {
        Issue.record("expected a RepositoryError, got \(error)")
        return nil
    }
}
