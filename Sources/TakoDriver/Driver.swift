import Foundation
import TakoBasics
import TakoIR
import TakoLowering
import TakoPlanFormat
import TakoPlanner
import TakoRepos
import TakoResolve

/// Which repository a plan starts from.
public enum RootSelection: Sendable {
    /// A local checkout: its working tako.yml is read and its runs execute in place.
    case checkout(String)
    /// A repository of the cache, on a branch (default: the cache's preferred branch).
    case cached(RepoName, branch: String?)
}

/// What one compilation produced: the result, every diagnostic, and the files they point
/// into (for source snippets).
public struct CompileResult: Sendable {
    public var diagnostics: [Diagnostic]
    public var sources: [SourceFile]
}

public struct PlanResult: Sendable {
    public var plan: Plan?
    /// The plan's canonical encoding (`PlanFile.encode`), when the planner made it.
    public var encoded: Data?
    /// The fan-out tree (`PlanTree.render`), when asked for.
    public var tree: String?
    public var diagnostics: [Diagnostic]
    public var sources: [SourceFile]
    /// `--explain` lines, in file and line order.
    public var explanations: [String]
}

/// One compilation: loads repositories, runs parse → lower → resolve → plan, and returns
/// the result with its diagnostics. All of the compiler's I/O happens here; it never prints.
public struct Driver: Sendable {
    public let store: any RepositoryStore

    public init(store: any RepositoryStore) {
        self.store = store
    }

    /// `takoc check`: lints files on disk. Throws only when a file cannot be read.
    public static func check(paths: [String]) throws -> CompileResult {
        lint(try lower(paths: paths))
    }

    /// Each file read and lowered on its own.
    static func lower(paths: [String]) throws -> [LoweredFile] {
        try paths.map { Lowering.lower(path: $0, bytes: try readFile($0)) }
    }

    /// The diagnostics of lowered files, with suppressions applied, in output order.
    static func lint(_ files: [LoweredFile]) -> CompileResult {
        let diagnostics = files.flatMap(\.diagnostics)
        let sources = files.map(\.source)
        return CompileResult(diagnostics: Suppressions.apply(diagnostics, sources: sources).sortedForOutput(), sources: sources)
    }

    /// `takoc plan`: compiles the root and every cached repository (a broken file anywhere is
    /// reported, since its subscriptions cannot be known), then plans. Throws on I/O errors.
    ///
    /// `freeAtExit`: the caller is a command that ends right after; the organisation's
    /// manifests are then left for the end of the process instead of being freed one by one
    /// (clang's `-disable-free`): at 10,000 repositories, freeing them took a core for a
    /// noticeable part of the plan's time.
    public func plan(root: RootSelection, workflow: String, inputs: [String: String], maxDepth: Int, explain: Bool = true,
                     tree: Bool = false, freeAtExit: Bool = false) throws -> PlanResult {
        var files = try LoweredFiles.load(store: store, root: root)
        let request = PlanRequest(rootRepo: files.rootName, workflow: workflow, inputs: inputs, maxDepth: maxDepth, explain: explain, tree: tree)
        let outcome = Planner.plan(request, workspace: Workspace(manifests: files.manifests), repositories: files.repositories)
        files.diagnostics += outcome.diagnostics
        let plan = files.diagnostics.hasErrors ? nil : outcome.plan
        // (With nothing to report, no file needs to be searched for suppressions.)
        let diagnostics = files.diagnostics.isEmpty ? [] : Suppressions.apply(files.diagnostics, sources: files.sources, reportUnused: false)
        if freeAtExit {
            Self.keepUntilExit(files.takeManifests())
        } else {
            Self.releaseInBackground(files.takeManifests())
        }
        return PlanResult(plan: plan, encoded: plan == nil ? nil : outcome.encoded, tree: plan == nil ? nil : outcome.tree,
                          diagnostics: diagnostics.sortedForOutput(), sources: files.sources, explanations: Explanations.inSourceOrder(outcome.explanations))
    }

    /// Lets another thread free `value`: freeing every manifest of a large organisation is
    /// a noticeable serial part of a plan, and the caller has the plan to write meanwhile.
    static func releaseInBackground<T: Sendable>(_ value: consuming T) {
        let box = ReleaseBox(value)
        DispatchQueue.global(qos: .utility).async { box.drop() }
    }

    /// Never frees `value`: the process's end returns its memory at once.
    static func keepUntilExit<T: Sendable>(_ value: consuming T) {
        _ = Unmanaged.passRetained(ReleaseBox(value))
    }

    static func readFile(_ path: String) throws -> [UInt8] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw DriverError("no such file: '\(path)'")
        }
        if isDirectory.boolValue { throw DriverError("'\(path)' is a directory, not a tako.yml") }
        do {
            return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw DriverError(SystemErrorText.cannot("read", path, error))
        }
    }
}

/// An I/O problem of the driver (exit code 2), as opposed to a diagnostic (exit code 1).
public struct DriverError: Error, CustomStringConvertible, Sendable {
    public let description: String

    public init(_ description: String) { self.description = description }
}

/// Holds a value until `drop`, so that the last reference goes away on the thread that drops it.
private final class ReleaseBox<T: Sendable>: @unchecked Sendable {
    private var value: T?

    init(_ value: consuming T) { self.value = value }

    func drop() { value = nil }
}
