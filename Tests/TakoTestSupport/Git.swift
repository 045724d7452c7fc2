import Foundation

/// The git CLI for fixtures that make repositories: a fixed author, and `main` as the
/// first branch.
public enum Git {
    /// Runs `git -C dir ARGS`; returns its standard output, trimmed, or throws with its
    /// standard error.
    public static func run(_ args: [String], in dir: String) throws -> String {
        let r = try ProcessRunner.runBlocking(
            "git",
            [
                "-C", dir, "-c", "user.name=t", "-c", "user.email=t@example.com",
                "-c", "init.defaultBranch=main",
            ] + args)
        guard r.status == 0 else { throw CommandFailed(command: "git \(args.joined(separator: " "))", result: r) }
        return r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
