import ArgumentParser
import Foundation
import TakoRepos

struct CacheCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cache",
        abstract: "Manage the local cache of git clones the compiler reads.",
        subcommands: [Add.self, Sync.self, List.self])

    struct Options: ParsableArguments {
        @Option(help: "The cache of git clones (default: $TAKO_CACHE_DIR or ~/.tako/cache).")
        var cacheDir: String?

        var cache: GitCache { GitCache(root: Output.cacheRoot(cacheDir)) }
    }

    /// How remotes are reached: credentials come from the environment, git's helpers and
    /// ~/.netrc (docs/cache.md); these options are for SSH.
    struct RemoteOptions: ParsableArguments {
        @Option(
            help: ArgumentHelp(
                "A private SSH key to offer after the ssh-agent's keys (default: ~/.ssh/id_ed25519, id_ecdsa, id_rsa).",
                valueName: "file"))
        var sshKey: String?

        @Flag(
            help: "Accept and record in ~/.ssh/known_hosts the key of an SSH host it does not list yet (a changed key is always refused).")
        var acceptNewHostKey = false

        func validate() throws {
            if let sshKey, !FileManager.default.isReadableFile(atPath: sshKey) {
                throw ValidationError("cannot read the SSH key '\(sshKey)' given with --ssh-key")
            }
        }

        var access: RemoteAccess {
            RemoteAccess(environment: ProcessInfo.processInfo.environment, sshKey: sshKey, acceptNewHostKey: acceptNewHostKey)
        }
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Clone a repository into the cache (file:// URLs work too), or every one of a list.",
            discussion:
                "With --from FILE, FILE holds one repository per line: its URL and optionally a branch; '#' starts a comment. They are cloned in parallel; one already cached is skipped."
        )

        @Argument(help: "The repository's URL; its last two path components name it OWNER/REPO.")
        var url: String?

        @Option(help: "The branch to clone (default: the remote's default branch).")
        var branch: String?

        @Option(
            help: ArgumentHelp(
                "A file listing repositories to add, one 'URL [BRANCH]' per line ('-' reads standard input).",
                valueName: "file"))
        var from: String?

        @Option(help: "With --from, repositories cloned at once (default: \(GitCache.defaultJobs)).")
        var jobs: Int?

        @OptionGroup var remote: RemoteOptions
        @OptionGroup var options: Options

        func validate() throws {
            if let jobs {
                guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1, got \(jobs)") }
                guard from != nil else { throw ValidationError("--jobs applies to a list given with --from") }
            }
            switch (url, from) {
            case (nil, nil): throw ValidationError("give a repository URL, or a list of them with --from FILE")
            case (.some, .some): throw ValidationError("give either a repository URL or --from FILE, not both")
            default: break
            }
            if from != nil, branch != nil {
                throw ValidationError("--branch applies to one URL; in a --from list, write the branch after the URL")
            }
        }

        func run() throws {
            guard let from else {
                do {
                    let repo = try options.cache.add(url: url!, branch: branch, access: remote.access)
                    Output.out("added \(repo.name) (\(repo.branch)) at \(repo.tip.map { String($0.prefix(12)) } ?? "?") → \(repo.path)\n")
                } catch {
                    throw UsageOrIOError(description: "\(error)")
                }
                return
            }
            let list: RepositoryList
            do {
                let text: String
                if from == "-" {
                    text = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
                } else {
                    guard let data = FileManager.default.contents(atPath: from) else {
                        throw UsageOrIOError(
                            description: "cannot read the list '\(from)'"
                                + (FileManager.default.fileExists(atPath: from) ? "" : ": no such file"))
                    }
                    text = String(decoding: data, as: UTF8.self)
                }
                list = try RepositoryList(text: text, file: from == "-" ? "<stdin>" : from)
            } catch let error as UsageOrIOError {
                throw error
            } catch {
                throw UsageOrIOError(description: "\(error)")
            }
            if list.entries.isEmpty {
                Output.error("the list '\(from)' names no repository")
                return
            }
            let bar = ProgressBar(verb: "added")
            let results = options.cache.add(list, jobs: jobs ?? GitCache.defaultJobs, access: remote.access) { result, done, total in
                bar.advance(done: done, total: total, failed: result.isFailure)
            }
            bar.finish()
            for result in results {
                if result.isFailure { Output.error(result.description) } else { Output.out(result.description + "\n") }
            }
            let failed = results.filter(\.isFailure).count
            let added = results.filter { if case .added = $0.outcome { return true } else { return false } }.count
            Output.out("\(results.count) listed: \(added) added, \(results.count - added - failed) already cached, \(failed) failed\n")
            if failed > 0 { throw ExitCode(2) }
        }
    }

    struct Sync: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Fetch every cached repository and fast-forward its branch.",
            discussion:
                "Prints a line for each repository that moved or failed, then a total; --verbose lists the unchanged ones too. On a terminal, a progress bar shows on standard error. Exits with 2 when any repository failed."
        )

        @Flag(help: "List unchanged repositories too.")
        var verbose = false

        @Option(help: "Repositories fetched at once (default: \(GitCache.defaultJobs)).")
        var jobs: Int = GitCache.defaultJobs

        @OptionGroup var remote: RemoteOptions
        @OptionGroup var options: Options

        func validate() throws {
            guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1, got \(jobs)") }
        }

        func run() throws {
            let results: [SyncResult]
            let bar = ProgressBar(verb: "synced")
            do {
                results = try options.cache.sync(jobs: jobs, access: remote.access) { result, done, total in
                    bar.advance(done: done, total: total, failed: result.isFailure)
                }
            } catch {
                bar.finish()
                throw UsageOrIOError(description: "\(error)")
            }
            bar.finish()
            if results.isEmpty {
                Output.error("the cache at \(options.cache.root) is empty")
                return
            }
            var updated = 0, unchanged = 0, failed = 0
            for r in results {
                switch r.outcome {
                case .updated: updated += 1; Output.out(r.description + "\n")
                case .unchanged: unchanged += 1; if verbose { Output.out(r.description + "\n") }
                case .failed: failed += 1; Output.error(r.description)
                }
            }
            Output.out("\(results.count) repositories: \(updated) updated, \(unchanged) unchanged, \(failed) failed\n")
            if failed > 0 { throw ExitCode(2) }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the cached repositories with their branch and tip.")

        @OptionGroup var options: Options

        func run() throws {
            let repos: [CachedRepository]
            do {
                repos = try options.cache.repositories()
            } catch {
                throw UsageOrIOError(description: "\(error)")
            }
            if repos.isEmpty { Output.error("the cache at \(options.cache.root) is empty; add a repository with 'takoc cache add URL'") }
            for r in repos {
                Output.out("\(r.name)\t\(r.branch)\t\(r.tip.map { String($0.prefix(12)) } ?? "-")\t\(r.path)\n")
            }
        }
    }
}

/// A one-line progress bar on standard error, drawn only when standard error is a
/// terminal, at most ten times a second; `finish` clears it.
final class ProgressBar: @unchecked Sendable {
    private let verb: String
    private let enabled = isatty(STDERR_FILENO) == 1
    private var lastDraw = 0.0
    private var failed = 0
    private var drawn = false

    init(verb: String) {
        self.verb = verb
    }

    /// Called by one thread at a time.
    func advance(done: Int, total: Int, failed isFailure: Bool) {
        if isFailure { failed += 1 }
        guard enabled else { return }
        let now = Date().timeIntervalSinceReferenceDate
        guard done == total || now - lastDraw >= 0.1 else { return }
        lastDraw = now
        let width = 30
        let filled = total == 0 ? width : done * width / total
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        let failures = failed > 0 ? ", \(failed) failed" : ""
        FileHandle.standardError.write(Data("\r[\(bar)] \(done)/\(total) \(verb)\(failures)\u{1B}[K".utf8))
        drawn = true
    }

    func finish() {
        if enabled && drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }
}
