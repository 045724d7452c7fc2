import ArgumentParser
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

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Clone a repository into the cache (file:// URLs work too).")

        @Argument(help: "The repository's URL; its last two path components name it OWNER/REPO.")
        var url: String

        @Option(help: "The branch to clone (default: the remote's default branch).")
        var branch: String?

        @OptionGroup var options: Options

        func run() throws {
            do {
                let repo = try options.cache.add(url: url, branch: branch)
                Output.out("added \(repo.name) (\(repo.branch)) at \(repo.tip.map { String($0.prefix(12)) } ?? "?") → \(repo.path)\n")
            } catch {
                throw UsageOrIOError(description: "\(error)")
            }
        }
    }

    struct Sync: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Fetch every cached repository and fast-forward its branch.")

        @OptionGroup var options: Options

        func run() throws {
            let results: [SyncResult]
            do {
                results = try options.cache.sync()
            } catch {
                throw UsageOrIOError(description: "\(error)")
            }
            for r in results { Output.out(r.description + "\n") }
            if results.isEmpty { Output.error("the cache at \(options.cache.root) is empty") }
            if results.contains(where: \.isFailure) { throw ExitCode(2) }
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
