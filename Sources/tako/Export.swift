import ArgumentParser
import Foundation
import TakoArgo
import TakoBasics
import TakoPlanFormat
import TakoRepos

/// `tako export argo PLAN.json`: the plan as a manifest another executor runs.
struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a plan as a manifest for another executor.",
        subcommands: [ExportArgo.self]
    )
}

/// `tako export argo PLAN.json [-o workflow.yaml]`: an Argo Workflow (docs/argo.md).
struct ExportArgo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "argo",
        abstract: "Write the plan as an Argo Workflows Workflow (or WorkflowTemplate) whose steps run `tako step`.",
        discussion: """
            The pods read the plan from the ConfigMap tako-plan-DIGEST (create it with kubectl create configmap \
            NAME --from-file=plan.json=PLAN.json; its name is in the manifest's first lines) or from --plan-url. \
            Exit status: 0 written; 2 usage or plan error (a repository with no URL, a secret with no \
            --secret-from); 3 the plan is too large for one Kubernetes object (docs/argo.md, Limits).
            """
    )

    @Argument(help: "The plan file made by `takoc plan -o`.")
    var plan: String

    @Option(
        name: [.customShort("o"), .customLong("output")],
        help: ArgumentHelp("Write the manifest here (default: standard output).", valueName: "file"))
    var output: String?

    @Flag(help: "Write a WorkflowTemplate instead of a Workflow.")
    var template = false

    @Option(
        help: ArgumentHelp(
            "The image that holds tako, git and sh (default: tako:\(Tako.version), built from the Containerfile).", valueName: "image"))
    var image: String?

    @Option(help: ArgumentHelp("The namespace of the workflow.", valueName: "ns"))
    var namespace: String?

    @Option(name: .customLong("service-account"), help: ArgumentHelp("The service account the pods run as.", valueName: "name"))
    var serviceAccount: String?

    @Option(name: .customLong("label"), help: ArgumentHelp("A label of the workflow (repeatable).", valueName: "key=value"))
    var labels: [String] = []

    @Option(
        name: .customLong("secret-from"),
        help: ArgumentHelp(
            "Where a secret the plan's runs take comes from: a Kubernetes Secret and its key (repeatable).", valueName: "NAME=secret/key"))
    var secretsFrom: [String] = []

    @Option(
        name: .customLong("max-parallel"), help: ArgumentHelp("Pods running at once over the workflow (its parallelism).", valueName: "n"))
    var maxParallel: Int?

    @Option(
        name: .customLong("repo-url"),
        help: ArgumentHelp("The URL the cluster clones a repository from (repeatable).", valueName: "owner/repo=URL"))
    var repoURLs: [String] = []

    @Option(
        name: .customLong("git-url"),
        help: ArgumentHelp(
            "The URL of every other repository, {repo} standing for owner/repo (default: each cached clone's origin).", valueName: "pattern"
        ))
    var gitURL: String?

    @Option(
        name: .customLong("git-ssh-key"),
        help: ArgumentHelp("The SSH key the checkouts use, a Kubernetes Secret and its key.", valueName: "secret/key"))
    var gitSSHKey: String?

    @Option(
        name: .customLong("workspace-size"),
        help: ArgumentHelp("The size of the workspace volume the runs' checkouts share (default: 10Gi).", valueName: "size"))
    var workspaceSize: String?

    @Option(
        name: .customLong("storage-class"),
        help: ArgumentHelp("The storage class of the workspace volume (it must allow ReadWriteMany).", valueName: "name"))
    var storageClass: String?

    @Option(
        name: .customLong("plan-url"),
        help: ArgumentHelp("Where the pods fetch the plan over HTTP, instead of the ConfigMap.", valueName: "url"))
    var planURL: String?

    func validate() throws {
        if let maxParallel, maxParallel < 1 {
            throw ValidationError("--max-parallel must be at least 1, not \(maxParallel)")
        }
        for label in labels {
            guard let (key, value) = Self.pair(label, "="), Self.isLabelKey(key), Self.isLabelValue(value) else {
                throw ValidationError(
                    "--label takes KEY=VALUE, a Kubernetes label (a key of letters, digits, '-', '_', '.', "
                        + "an optional DNS prefix and '/'; a value of at most 63 of those), not '\(label)'")
            }
        }
        for secret in secretsFrom {
            guard let (name, from) = Self.pair(secret, "="), !name.isEmpty, Self.secretKey(from) != nil else {
                throw ValidationError(
                    "--secret-from takes NAME=SECRET/KEY (the secret's name in the plan, a Kubernetes Secret and "
                        + "its key), not '\(secret)'")
            }
        }
        for url in repoURLs {
            guard let (repo, value) = Self.pair(url, "="), repo.contains("/"), !value.isEmpty else {
                throw ValidationError("--repo-url takes OWNER/REPO=URL, not '\(url)'")
            }
        }
        if let gitURL, !gitURL.contains("{repo}") {
            throw ValidationError(
                "--git-url takes a URL with {repo} where owner/repo goes, such as 'https://github.com/{repo}.git', not '\(gitURL)'")
        }
        if let gitSSHKey, Self.secretKey(gitSSHKey) == nil {
            throw ValidationError("--git-ssh-key takes SECRET/KEY, a Kubernetes Secret and its key, not '\(gitSSHKey)'")
        }
    }

    func run() async throws {
        let bytes: Data
        do {
            bytes = try Data(contentsOf: URL(fileURLWithPath: self.plan))
        } catch {
            throw Failure.exit(2, SystemErrorText.cannot("read the plan", self.plan, error))
        }
        let plan = try Step.load(self.plan)
        var options = ArgoOptions(image: image ?? "tako:\(Tako.version)", planBytes: bytes.count)
        options.template = template
        options.namespace = namespace
        options.serviceAccount = serviceAccount
        options.labels = labels.compactMap { Self.pair($0, "=") }
        for secret in secretsFrom {
            if let (name, from) = Self.pair(secret, "="), let key = Self.secretKey(from) { options.secrets[name] = key }
        }
        options.maxParallel = maxParallel
        options.gitSSHKey = gitSSHKey.flatMap(Self.secretKey)
        if let workspaceSize { options.workspaceSize = workspaceSize }
        options.storageClass = storageClass
        options.planURL = planURL
        options.repositoryURLs = repositoryURLs(of: plan)
        for repository in plan.repositories where repository.source == .root && repository.commit != nil {
            Console.notice(
                "repository \(repository.name) is the --root checkout: its runs check out its commit "
                    + "\(repository.commit!.prefix(12)) on the cluster, without the working files that are not committed")
        }
        let manifest: ArgoManifest
        do {
            manifest = try ArgoExport.manifest(of: plan, options: options)
        } catch {
            throw Failure.exit(error.exitCode, error.message)
        }
        if let output {
            do {
                try Data(manifest.yaml.utf8).write(to: URL(fileURLWithPath: output))
            } catch {
                throw Failure.exit(2, SystemErrorText.cannot("write the manifest", output, error))
            }
        } else {
            Console.write(manifest.yaml)
        }
        Console.notice(
            "the workflow takes \(manifest.storedBytes) bytes of the \(ArgoExport.maxObjectBytes) one Kubernetes object holds "
                + "(\(manifest.storedBytes / max(1, plan.runs.count)) for each of its \(plan.runs.count) runs)")
        if let configMap = manifest.planConfigMap {
            Console.notice(
                "the pods read the plan from the ConfigMap \(configMap): kubectl create configmap \(configMap) "
                    + "--from-file=plan.json=\(self.plan)\(namespace.map { " -n \($0)" } ?? "")")
        }
    }

    /// Each repository's URL: --repo-url, else --git-url, else its cached clone's origin.
    private func repositoryURLs(of plan: Plan) -> [String: String] {
        var given: [String: String] = [:]
        for url in repoURLs { if let (repo, value) = Self.pair(url, "=") { given[repo] = value } }
        var out: [String: String] = [:]
        for repository in plan.repositories {
            if let url = given[repository.name] {
                out[repository.name] = url
            } else if let gitURL {
                out[repository.name] = gitURL.replacingOccurrences(of: "{repo}", with: repository.name)
            } else if repository.source == .cache, let origin = try? GitCache.originURL(clone: repository.path) {
                out[repository.name] = origin
            }
        }
        return out
    }

    static func pair(_ text: String, _ separator: Character) -> (String, String)? {
        guard let index = text.firstIndex(of: separator) else { return nil }
        return (String(text[..<index]), String(text[text.index(after: index)...]))
    }

    static func secretKey(_ text: String) -> SecretKey? {
        guard let (secret, key) = pair(text, "/"), !secret.isEmpty, !key.isEmpty, !key.contains("/") else { return nil }
        return SecretKey(secret: secret, key: key)
    }

    private static func isLabelName(_ s: Substring) -> Bool {
        !s.isEmpty && s.count <= 63 && s.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }
            && s.first!.isASCII && (s.first!.isLetter || s.first!.isNumber) && (s.last!.isLetter || s.last!.isNumber)
    }

    static func isLabelKey(_ key: String) -> Bool {
        let parts = key.split(separator: "/", omittingEmptySubsequences: false)
        if parts.count == 2 {
            return !parts[0].isEmpty && parts[0].count <= 253
                && parts[0].allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || "-.".contains($0)) } && isLabelName(parts[1])
        }
        return parts.count == 1 && isLabelName(parts[0])
    }

    static func isLabelValue(_ value: String) -> Bool { value.isEmpty || isLabelName(Substring(value)) }
}
