import TakoBasics
import TakoIR
import TakoLowering
import TakoRepos
import TakoResolve

extension Driver {
    /// `takoc check --cache-dir`: lints the files, then checks their subscriptions against the
    /// repositories of the cache (artifacts, events, payload keys, schema ranges).
    public func check(paths: [String]) throws -> CompileResult {
        var result = try Driver.check(paths: paths)
        let cached = try store.repositories()
        var manifests: [String: ManifestDeclWithSource] = [:]
        for (_, repo) in World.preferredBranches(cached) {
            guard let file = try store.readFile(World.manifestFile, in: repo) else { continue }
            let lowered = Lowering.lower(path: "\(repo.name)/\(World.manifestFile)", bytes: file.contents)
            if let m = lowered.manifest, !lowered.diagnostics.hasErrors {
                manifests[repo.name.description] = ManifestDeclWithSource(manifest: m, source: lowered.source)
            }
        }
        let workspace = Workspace(manifests: manifests.mapValues(\.manifest))
        let catalog = PublisherCatalog(workspace: workspace)
        var extra: [Diagnostic] = []
        for path in paths {
            let lowered = Lowering.lower(path: path, bytes: try Driver.readFile(path))
            guard let manifest = lowered.manifest, !lowered.diagnostics.hasErrors else { continue }
            extra += catalog.check(manifest)
        }
        // Notes may point into the cached publishers' files: give their sources for snippets.
        result.sources += manifests.values.map(\.source)
        result.diagnostics = Suppressions.apply(result.diagnostics + extra, sources: result.sources, reportUnused: false).sortedForOutput()
        return result
    }
}

struct ManifestDeclWithSource {
    var manifest: ManifestDecl
    var source: SourceFile
}
