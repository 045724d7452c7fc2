import TakoBasics
import TakoIR
import TakoLowering
import TakoRepos
import TakoResolve

extension Driver {
    /// `takoc check --cache-dir`: lints the files, then checks their subscriptions against the
    /// repositories of the cache (artifacts, events, payload keys, schema ranges). The cache is
    /// read and lowered as `takoc plan` reads it (one branch per repository, on every core).
    public func check(paths: [String], shellcheck: ShellCheckOptions = .off) throws -> CompileResult {
        let expressions = CompiledExpressions()
        let files = try Driver.lower(paths: paths, expressions: expressions)
        var result = Driver.lint(files, shellcheck: shellcheck)
        let repos = LoweredFiles.preferredBranches(try store.repositories()).sorted { $0.key < $1.key }.map(\.value)
        let store = self.store
        var publishers: [LoweredFiles.Loaded] = []
        for loaded in ConcurrentMap.map(repos, { repo in Result { try LoweredFiles.load(repo, from: store, expressions: expressions) } }) {
            if let file = try loaded.get(), file.lowered.manifest != nil, !file.lowered.diagnostics.hasErrors {
                publishers.append(file)
            }
        }
        var manifests: [String: ManifestDecl] = [:]
        for p in publishers { manifests[p.name] = p.lowered.manifest }
        // The same link stage as `takoc plan`'s, from every workflow of the cache: the events
        // each fan-out step emits, `on_failure` steps included.
        let catalog = PublisherCatalog(
            linked: Linker.linkAll(Workspace(manifests: manifests)), cachedRepositories: repos.map(\.name.description))
        var extra: [Diagnostic] = []
        for file in files {
            guard let manifest = file.manifest, !file.diagnostics.hasErrors else { continue }
            extra += catalog.check(manifest)
        }
        // Notes may point into the cached publishers' files: give their sources for snippets.
        result.sources += publishers.map(\.lowered.source)
        result.diagnostics = Suppressions.apply(result.diagnostics + extra, sources: result.sources, reportUnused: false).sortedForOutput()
        return result
    }
}
