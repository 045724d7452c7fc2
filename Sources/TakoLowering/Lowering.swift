import TakoBasics
import TakoIR
import TakoSyntax

/// The result of lowering one file: the IR when the file had a document, and every
/// diagnostic found, YAML syntax included. A manifest may come with errors; callers
/// must not plan from a file whose diagnostics have errors.
public struct LoweredFile: Sendable {
    public var source: SourceFile
    public var manifest: ManifestDecl?
    public var diagnostics: [Diagnostic]
    /// The language the file was read in, from its `version`.
    public var dialect: Dialect = .native
    /// The edits that rewrite the file in this project's form (`takoc migrate`), in file order.
    public var migration: [MigrationEdit] = []
    /// The file's run commands whose holes lowered, in file order (ShellCheck reads them).
    public var runScripts: [RunScript] = []

    public init(source: SourceFile, manifest: ManifestDecl?, diagnostics: [Diagnostic]) {
        self.source = source
        self.manifest = manifest
        self.diagnostics = diagnostics
    }
}

/// Located YAML tree → typed IR for one file, with every check that needs only that file.
public enum Lowering {

    /// Parses and lowers in one go. `expressions`: what earlier files of the same
    /// compilation compiled (a fresh memo when the file is lowered on its own).
    /// `runScripts`: keep the run commands for ShellCheck (`takoc check`); the files a plan
    /// reads need none, and keeping them cost 5 % of `takoc plan`'s memory and time.
    public static func lower(
        path: String, bytes: [UInt8], expressions: CompiledExpressions = CompiledExpressions(), runScripts: Bool = true
    ) -> LoweredFile {
        lower(YAMLParser.parse(path: path, bytes: bytes), expressions: expressions, runScripts: runScripts)
    }

    public static func lower(
        _ file: ParsedFile, expressions: CompiledExpressions = CompiledExpressions(), runScripts: Bool = true
    ) -> LoweredFile {
        var lowerer = Lowerer(file: file, expressions: expressions)
        lowerer.keepsRunScripts = runScripts
        lowerer.diagnostics = file.diagnostics
        guard !file.diagnostics.hasErrors else {
            return LoweredFile(source: file.source, manifest: nil, diagnostics: lowerer.diagnostics)
        }
        guard let root = file.root, root.scalar?.isNull != true else {
            lowerer.report(
                .missingKey, "the file is empty; expected at least 'version' and 'workflows' or 'subscriptions'",
                at: SourceRange(file: file.source.path, line: 1, column: 1))
            return LoweredFile(source: file.source, manifest: nil, diagnostics: lowerer.diagnostics)
        }
        lowerer.chooseDialect(root)
        let manifest = lowerer.manifest(root)
        var lowered = LoweredFile(source: file.source, manifest: manifest, diagnostics: lowerer.diagnostics)
        lowered.dialect = lowerer.dialect
        lowered.migration = lowerer.migration
        lowered.runScripts = lowerer.runScripts
        return lowered
    }
}

extension Lowerer {
    mutating func manifest(_ root: YAMLNode) -> ManifestDecl? {
        guard let fields = fields(root, KeyTables.manifest) else { return nil }
        var version = Located("1", at: root.range)
        if let node = fields["version"] {
            if let v = string(node, what: "'version'") {
                version = v
                if v.value.isEmpty {
                    report(.unsupportedVersion, "an empty 'version'; write 'version: \"1\"'", at: node.range)
                }
            }
        } else {
            report(
                .missingKey, "missing key 'version' in the file; add 'version: \"1\"'",
                at: SourceRange(file: path, start: root.range.start, end: root.range.start))
        }
        var artifacts: [ArtifactDecl] = []
        if let node = fields["artifacts"] { artifacts = self.artifacts(node) }
        let artifactNames = artifacts.isEmpty ? [ManifestDecl.implicitArtifact] : artifacts.map(\.name.value)
        var workflows: [WorkflowDecl] = []
        if let node = fields["workflows"] {
            workflows = self.workflows(node, artifacts: artifactNames, subscribed: Self.subscribedWorkflows(fields["subscriptions"]))
        }
        var subscriptions: [SubscriptionDecl] = []
        if let node = fields["subscriptions"] { subscriptions = self.subscriptions(node, workflows: workflows) }
        checkShellInjection(workflows: workflows, subscriptions: subscriptions)
        if keepsRunScripts { resolveRunScriptEnvironments(workflows) }
        return ManifestDecl(path: path, version: version, artifacts: artifacts, workflows: workflows, subscriptions: subscriptions)
    }

    private mutating func artifacts(_ node: YAMLNode) -> [ArtifactDecl] {
        guard let pairs = mapping(node, what: "'artifacts'") else { return [] }
        var out: [ArtifactDecl] = []
        for pair in uniquePairs(pairs, what: "artifact") {
            guard let name = name(pair.key, what: "artifact name"), let fields = fields(pair.value, KeyTables.artifact) else { continue }
            out.append(
                ArtifactDecl(
                    name: name,
                    path: fields["path"].flatMap { string($0, what: "'path'")?.value },
                    ecosystem: fields["ecosystem"].flatMap { string($0, what: "'ecosystem'")?.value },
                    description: fields["description"].flatMap { string($0, what: "'description'")?.value }))
        }
        return out
    }

    /// Names of the workflows the file's subscriptions start (a first look, before lowering them).
    private static func subscribedWorkflows(_ node: YAMLNode?) -> Set<String> {
        Set((node?.sequence ?? []).compactMap { item in item.mapping?.first { $0.key.scalar?.value == "workflow" }?.value.scalar?.value })
    }

    private mutating func workflows(_ node: YAMLNode, artifacts: [String], subscribed: Set<String>) -> [WorkflowDecl] {
        guard let pairs = mapping(node, what: "'workflows'") else { return [] }
        var out: [WorkflowDecl] = []
        for pair in uniquePairs(pairs, what: "workflow") {
            guard let name = name(pair.key, what: "workflow name") else { continue }
            if let w = workflow(name, pair.value, artifacts: artifacts, subscribed: subscribed.contains(name.value)) { out.append(w) }
        }
        return out
    }

    /// Pairs with duplicate keys reported (note at the first) and dropped.
    mutating func uniquePairs(_ pairs: [YAMLPair], what: String) -> [YAMLPair] {
        var seen = SeenKeys(capacity: pairs.count)
        var out: [YAMLPair] = []
        out.reserveCapacity(pairs.count)
        for pair in pairs {
            let key = pair.key.scalar?.value ?? ""
            if let first = seen.insert(key, at: pair.key.range) {
                report(.duplicateKey, "duplicate \(what) '\(key)'", at: pair.key.range, notes: [.firstDefined(key, at: first)])
                continue
            }
            out.append(pair)
        }
        return out
    }
}
