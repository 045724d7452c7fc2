import Foundation
import TakoBasics
import TakoPlanFormat
import TakoRepos

/// Where each run's steps run: a fresh checkout of the planned commit under the exec's
/// workspace folder for a cached repository, the checkout itself for the `--root` one.
struct RunCheckouts: Sendable {
    /// `~/.tako/workspaces/EXEC-ID` (one per checkpoint) unless `--workspace` said otherwise.
    let root: String
    let plan: Plan
    /// Scratch files of step attempts (`$TAKO_OUTPUTS`), each removed when its attempt
    /// ends. One folder for the exec, not one for each run: making and removing a folder
    /// for each run was a measurable share of short steps (`make bench-exec`).
    let scratch: ScratchFolder

    init(root: String, plan: Plan) {
        self.root = root
        self.plan = plan
        scratch = ScratchFolder(root + "/scratch")
    }

    /// The folder of a run's checkout: `ROOT/runs/RUN-ID` with characters unsafe in a path
    /// replaced by `_`.
    func checkoutFolder(run: String) -> String {
        root + "/runs/" + Self.safeName(run)
    }

    static func safeName(_ text: String) -> String {
        String(text.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." || $0 == "_" ? $0 : "_" })
    }

    /// Refuses a plan whose `--root` checkout is gone: its runs would have nowhere to run.
    func checkRootsExist() throws(ExecError) {
        var isFolder: ObjCBool = false
        for repo in plan.repositories where repo.source == .root {
            guard FileManager.default.fileExists(atPath: repo.path, isDirectory: &isFolder), isFolder.boolValue else {
                throw ExecError(
                    .workspace,
                    "the checkout of \(repo.name) at '\(repo.path)' is gone; "
                        + "run tako exec where the plan was made, or make the plan again")
            }
        }
    }

    /// Removes the checkout of a run that succeeded (a cached repository's; the `--root`
    /// checkout is the user's and stays). A checkout that cannot be removed is left for
    /// `tako clean`.
    func discard(run: PlannedRun) {
        guard plan.repository(named: run.repo)?.source == .cache else { return }
        try? FileManager.default.removeItem(atPath: checkoutFolder(run: run.id))
    }

    /// The folder the run's steps run in, checked out now when needed. On `--resume` a
    /// checkout left by the earlier exec is kept (its later steps may need what earlier
    /// steps built); otherwise it is replaced by a fresh one.
    func prepare(run: PlannedRun, reuse: Bool) throws(ExecError) -> String {
        guard let repo = plan.repository(named: run.repo) else {
            throw ExecError(.plan, "run '\(run.id)' names repository '\(run.repo)', which the plan does not list")
        }
        switch repo.source {
        case .root:
            return repo.path
        case .cache:
            guard let commit = repo.commit else {
                throw ExecError(.plan, "the plan has no commit for the cached repository \(repo.name)")
            }
            let folder = checkoutFolder(run: run.id)
            let manager = FileManager.default
            if reuse, let entries = try? manager.contentsOfDirectory(atPath: folder), !entries.isEmpty {
                return folder
            }
            // Checked out under a temporary name and renamed into place, so a checkout cut
            // short by a crash is never mistaken for a complete one on --resume.
            let partial = root + "/runs/.partial-" + Self.safeName(run.id)
            do {
                for path in [folder, partial] where manager.fileExists(atPath: path) { try manager.removeItem(atPath: path) }
                try manager.createDirectory(atPath: root + "/runs", withIntermediateDirectories: true)
                try Checkout.materialize(repositoryPath: repo.path, commit: commit, into: partial)
                try manager.moveItem(atPath: partial, toPath: folder)
            } catch {
                throw ExecError(
                    .workspace,
                    "cannot check out \(repo.name) at \(commit.prefix(12)) into '\(folder)': \(SystemErrorText.words(for: error))")
            }
            return folder
        }
    }
}

/// The stale-plan check of contract.md: every cached repository's branch tip must still be
/// the commit the plan was made from.
enum StalePlanCheck {
    static func check(_ plan: Plan) throws(ExecError) {
        var moved: [String] = []
        for repo in plan.repositories where repo.source == .cache {
            guard let branch = repo.branch, let commit = repo.commit, let name = RepoName(repo.name) else { continue }
            let suffix = "/repos/\(repo.name)/\(branch)"
            let path = repo.path.hasSuffix("/") ? String(repo.path.dropLast()) : repo.path
            guard path.hasSuffix(suffix) else { continue }
            let cache = GitCache(root: String(path.dropLast(suffix.count)))
            let tip: String?
            do {
                tip = try cache.tip(of: name, branch: branch)
            } catch {
                throw ExecError(
                    .stalePlan, "cannot read the tip of \(repo.name) (\(branch)) in the cache: \(SystemErrorText.words(for: error))")
            }
            guard let tip else {
                throw ExecError(
                    .stalePlan,
                    "the cached clone of \(repo.name) (\(branch)) at '\(repo.path)' is gone; "
                        + "run takoc cache add and make the plan again")
            }
            if tip.lowercased() != commit.lowercased() {
                moved.append("\(repo.name) (\(branch)): planned \(commit.prefix(12)), the cache is now at \(tip.prefix(12))")
            }
        }
        guard moved.isEmpty else {
            throw ExecError(
                .stalePlan,
                "the plan is stale: " + moved.joined(separator: "; ")
                    + "; make the plan again, or pass --allow-stale to run the planned commits anyway")
        }
    }
}
