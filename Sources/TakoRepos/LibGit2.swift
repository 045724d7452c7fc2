// One of the two files of tako that import libgit2 (the other, LibGit2Transport.swift,
// holds the callbacks of connections to remotes). Everything it hands out is a Swift value
// (String, [UInt8], RepositoryError); no C type leaves this file. Every libgit2 object is
// freed by a `defer` right after the call that made it.
internal import CLibGit2
import Foundation
import TakoBasics

/// libgit2 is initialised once per process, on first use. A global's initialiser runs
/// exactly once even when several threads reach it together, and libgit2 built with
/// threads is then safe to use from any thread as long as a handle is not shared.
///
/// Objects read from a clone are not hashed again, as git itself does not on a read (`git
/// cat-file`, `git show`): they were verified when they were fetched (libgit2's indexer
/// checks every object of a pack), and `git fsck` checks a clone at rest. Hashing every
/// blob again cost a planner of 10,000 repositories 4% of its time (docs/cache.md).
private let libgit2Initialisation: Int32 = {
    let status = git_libgit2_init()
    _ = tako_git_set_strict_hash_verification(0)
    return status
}()

/// Thin, synchronous operations over libgit2. Each call opens its own repository
/// handle and frees it before returning, so calls may run on several threads at once.
enum LibGit2 {
    /// A file read from a commit.
    struct Blob: Sendable {
        let commit: String
        let blob: String
        let contents: [UInt8]
    }

    /// What a remote advertises.
    struct RemoteBranches: Sendable {
        let branches: [String]
        let defaultBranch: String?
    }

    /// What fetching did to the local branch.
    enum FastForward: Sendable, Equatable {
        case unchanged(String)
        case updated(from: String, to: String)
        case notFastForward(local: String, remote: String)
    }

    static func isValidBranchName(_ name: String) -> Bool {
        start()
        var valid: Int32 = 0
        return git_branch_name_is_valid(&valid, name) == 0 && valid != 0
    }

    // MARK: Reading

    /// The file at `path` in the commit at the tip of `branch`, or nil when that commit
    /// has no such file. Reads objects only: no index, no working files, no revwalk.
    ///
    /// The planner reads one file from each of thousands of clones, and opening a
    /// repository loads three configuration files; so when the branch's ref file gives its
    /// commit, only the object database is opened: its loose objects first (what a clone's
    /// latest commit usually is), then the whole of it (packs, alternates) when any object
    /// is not loose. Any other case takes the full libgit2 path, which also gives the
    /// precise errors. `tip`, when the caller listed the clone a moment ago, is the commit it
    /// saw there: the file is read from that commit, and the ref file is not read again.
    static func readFile(_ path: String, branch: String, clone: String, tip listed: String? = nil) throws -> Blob? {
        if let tip = listed ?? BranchRefFile.tip(branch: branch, clone: clone) {
            let commit = try oid(tip)
            if let loose = openLooseObjects(clone) {
                defer { git_repository_free(loose) }
                do { return try readFile(path, commit: commit, repo: loose, clone: clone) } catch {}
            }
            if let objects = openObjects(clone) {
                defer { git_repository_free(objects) }
                return try readFile(path, commit: commit, repo: objects, clone: clone)
            }
        }
        let repo = try openForReading(clone)
        defer { git_repository_free(repo) }
        guard let commitID = try target(of: "refs/heads/" + branch, in: repo) else {
            throw missingLocalBranch(branch, clone: clone, repo: repo)
        }
        return try readFile(path, commit: commitID, repo: repo, clone: clone)
    }

    private static func readFile(_ path: String, commit commitID: git_oid, repo: OpaquePointer, clone: String) throws -> Blob? {
        var commitID = commitID
        var commit: OpaquePointer?
        try check(git_commit_lookup(&commit, repo, &commitID), "read commit \(hex(&commitID)) in", clone)
        defer { git_commit_free(commit) }
        var tree: OpaquePointer?
        try check(git_commit_tree(&tree, commit), "read the tree of commit \(hex(&commitID)) in", clone)
        defer { git_tree_free(tree) }
        var entry: OpaquePointer?
        let found = git_tree_entry_bypath(&entry, tree, path)
        if found == GIT_ENOTFOUND.rawValue { return nil }
        try check(found, "look up '\(path)' in", clone)
        defer { git_tree_entry_free(entry) }
        guard git_tree_entry_type(entry) == GIT_OBJECT_BLOB, let blobID = git_tree_entry_id(entry) else { return nil }
        var blob: OpaquePointer?
        try check(git_blob_lookup(&blob, repo, blobID), "read '\(path)' in", clone)
        defer { git_blob_free(blob) }
        let size = Int(git_blob_rawsize(blob))
        let contents = size == 0 ? [] : [UInt8](UnsafeRawBufferPointer(start: git_blob_rawcontent(blob), count: size))
        return Blob(commit: hex(&commitID), blob: hex(blobID), contents: contents)
    }

    /// The commit at the tip of the clone's local `branch`, or nil when it has no such branch.
    static func tip(branch: String, clone: String) throws -> String? {
        let repo = try openForReading(clone)
        defer { git_repository_free(repo) }
        guard var id = try target(of: "refs/heads/" + branch, in: repo) else { return nil }
        return hex(&id)
    }

    /// The clone's local branches, sorted.
    static func localBranches(clone: String) throws -> [String] {
        let repo = try openForReading(clone)
        defer { git_repository_free(repo) }
        return try referenceNames(in: repo, under: "refs/heads/")
    }

    // MARK: Remotes

    /// Connects to `url` and lists its branches and its default branch, without cloning.
    static func remoteBranches(url: String, access: RemoteAccess) throws -> RemoteBranches {
        start()
        let session = try TransportSession(url: url, access: access)
        var remote: OpaquePointer?
        try check(git_remote_create_detached(&remote, url), "read the remote", url, .unreachableRemote)
        defer { git_remote_free(remote) }
        var callbacks = git_remote_callbacks()
        git_remote_init_callbacks(&callbacks, UInt32(GIT_REMOTE_CALLBACKS_VERSION))
        var proxy = git_proxy_options()
        git_proxy_options_init(&proxy, UInt32(GIT_PROXY_OPTIONS_VERSION))
        session.install(&callbacks, proxy: &proxy)
        let connected = git_remote_connect(remote, GIT_DIRECTION_FETCH, &callbacks, &proxy, nil)
        try withExtendedLifetime(session) { try session.check(connected, "reach", url) }
        defer { git_remote_disconnect(remote) }
        var heads: UnsafeMutablePointer<UnsafePointer<git_remote_head>?>?
        var count = 0
        try check(git_remote_ls(&heads, &count, remote), "list the branches of", url, .unreachableRemote)
        var branches: [String] = []
        for index in 0..<count {
            guard let head = heads?[index], let name = head.pointee.name else { continue }
            let reference = String(cString: name)
            if reference.hasPrefix("refs/heads/") { branches.append(String(reference.dropFirst(11))) }
        }
        var buffer = git_buf()
        defer { git_buf_dispose(&buffer) }
        var defaultBranch: String?
        if git_remote_default_branch(&buffer, remote) == 0, let pointer = buffer.ptr {
            let reference = String(cString: pointer)
            if reference.hasPrefix("refs/heads/") { defaultBranch = String(reference.dropFirst(11)) }
        }
        return RemoteBranches(branches: branches.sorted(), defaultBranch: defaultBranch)
    }

    /// Clones `url` into the new folder `path` with `branch` checked out.
    static func clone(url: String, branch: String, into path: String, access: RemoteAccess) throws {
        start()
        let session = try TransportSession(url: url, access: access)
        var options = git_clone_options()
        try check(git_clone_options_init(&options, UInt32(GIT_CLONE_OPTIONS_VERSION)), "clone", url)
        var repo: OpaquePointer?
        session.install(&options.fetch_opts.callbacks, proxy: &options.fetch_opts.proxy_opts)
        let code = branch.withCString { name in
            options.checkout_branch = name
            return git_clone(&repo, url, path, &options)
        }
        try withExtendedLifetime(session) { try session.check(code, "clone", url) }
        git_repository_free(repo)
    }

    /// Fetches `origin` (pruning branches it no longer has) and fast-forwards the local
    /// `branch` to `origin/branch`, with its working files when HEAD is on it. Never
    /// merges and never forces: a rewritten remote branch is returned as `notFastForward`.
    static func fetchAndFastForward(clone: String, branch: String, access: RemoteAccess) throws -> FastForward {
        let repo = try open(clone)
        defer { git_repository_free(repo) }
        var remote: OpaquePointer?
        try check(git_remote_lookup(&remote, repo, "origin"), "find the remote 'origin' of", clone)
        defer { git_remote_free(remote) }
        let url = git_remote_url(remote).map { String(cString: $0) } ?? clone
        var options = git_fetch_options()
        try check(git_fetch_options_init(&options, UInt32(GIT_FETCH_OPTIONS_VERSION)), "fetch", url)
        options.prune = GIT_FETCH_PRUNE
        let session = try TransportSession(url: url, access: access)
        session.install(&options.callbacks, proxy: &options.proxy_opts)
        let fetched = git_remote_fetch(remote, nil, &options, "tako cache sync")
        try withExtendedLifetime(session) { try session.check(fetched, "fetch", url) }

        guard var local = try target(of: "refs/heads/" + branch, in: repo) else {
            throw missingLocalBranch(branch, clone: clone, repo: repo)
        }
        guard var upstream = try target(of: "refs/remotes/origin/" + branch, in: repo) else {
            let others = try referenceNames(in: repo, under: "refs/remotes/origin/").filter { $0 != "HEAD" }
            throw RepositoryError(
                .missingBranch,
                "branch '\(branch)' no longer exists in '\(url)'; "
                    + "its branches are \(RepositoryError.list(others))")
        }
        if git_oid_cmp(&local, &upstream) == 0 { return .unchanged(hex(&local)) }
        let descends = git_graph_descendant_of(repo, &upstream, &local)
        try check(descends, "compare the history of branch '\(branch)' in", clone)
        guard descends == 1 else { return .notFastForward(local: hex(&local), remote: hex(&upstream)) }

        if try headIsOn(branch, repo: repo) {
            var commit: OpaquePointer?
            try check(git_object_lookup(&commit, repo, &upstream, GIT_OBJECT_COMMIT), "read commit \(hex(&upstream)) in", clone)
            defer { git_object_free(commit) }
            var checkout = git_checkout_options()
            try check(git_checkout_options_init(&checkout, UInt32(GIT_CHECKOUT_OPTIONS_VERSION)), "check out", clone)
            checkout.checkout_strategy = GIT_CHECKOUT_SAFE.rawValue
            try check(git_checkout_tree(repo, commit, &checkout), "update the working files of", clone)
        }
        var reference: OpaquePointer?
        try check(git_reference_lookup(&reference, repo, "refs/heads/" + branch), "find branch '\(branch)' in", clone)
        defer { git_reference_free(reference) }
        var moved: OpaquePointer?
        try check(
            git_reference_set_target(&moved, reference, &upstream, "tako cache sync: fast-forward"),
            "move branch '\(branch)' in", clone)
        git_reference_free(moved)
        return .updated(from: hex(&local), to: hex(&upstream))
    }

    // MARK: Checkouts

    /// A new clone of the cache clone at `source`, in `destination`, with a detached HEAD
    /// at `commit` and its files checked out. The source is only read (its object files are
    /// hard-linked, or copied across file systems), and the new clone's `origin` is the
    /// source's own remote, so that nothing done in the checkout can write into the cache;
    /// the source's branches are the new clone's `refs/remotes/origin/*`, as after a clone.
    ///
    /// Not `git_clone`: libgit2 1.5 leaks PCRE2 match data (about 90 KiB) each time it
    /// creates a remote (its `insteadOf` lookup and config writes match regular
    /// expressions), which a 5,000-run exec paid 5,000 times. Here the repository is
    /// initialised, and `remote.origin.*` written as two plain config values.
    static func materialize(source: String, commit: String, into destination: String) throws {
        let upstreamURL = try ensureCommit(commit, in: source)
        let branches: [(String, git_oid)]
        do {
            let sourceRepo = try open(source)
            defer { git_repository_free(sourceRepo) }
            branches = try referenceNames(in: sourceRepo, under: "refs/heads/").compactMap { name in
                try target(of: "refs/heads/" + name, in: sourceRepo).map { (name, $0) }
            }
        }
        var initOptions = git_repository_init_options()
        try check(
            git_repository_init_options_init(&initOptions, UInt32(GIT_REPOSITORY_INIT_OPTIONS_VERSION)), "create a repository in",
            destination)
        initOptions.flags = GIT_REPOSITORY_INIT_MKPATH.rawValue | GIT_REPOSITORY_INIT_NO_REINIT.rawValue
        var created: OpaquePointer?
        try check(git_repository_init_ext(&created, destination, &initOptions), "create a repository in", destination)
        git_repository_free(created)
        try linkObjects(from: source + "/.git/objects", to: destination + "/.git/objects")
        let repo = try open(destination)
        defer { git_repository_free(repo) }
        var config: OpaquePointer?
        try check(git_repository_config(&config, repo), "read the configuration of", destination)
        defer { git_config_free(config) }
        try check(git_config_set_string(config, "remote.origin.url", upstreamURL ?? source), "set the remote of", destination)
        try check(
            git_config_set_string(config, "remote.origin.fetch", "+refs/heads/*:refs/remotes/origin/*"), "set the remote of",
            destination)
        for (name, id) in branches {
            var id = id
            var reference: OpaquePointer?
            try check(
                git_reference_create(&reference, repo, "refs/remotes/origin/" + name, &id, 1, "tako: checkout"),
                "record branch \(name) in", destination)
            git_reference_free(reference)
        }
        var id = try oid(commit)
        var object: OpaquePointer?
        try check(git_object_lookup(&object, repo, &id, GIT_OBJECT_COMMIT), "find commit \(commit) in", destination)
        defer { git_object_free(object) }
        var checkout = git_checkout_options()
        try check(git_checkout_options_init(&checkout, UInt32(GIT_CHECKOUT_OPTIONS_VERSION)), "check out", destination)
        checkout.checkout_strategy = GIT_CHECKOUT_FORCE.rawValue
        try check(git_checkout_tree(repo, object, &checkout), "check out commit \(commit) into", destination)
        try check(git_repository_set_head_detached(repo, &id), "detach HEAD at \(commit) in", destination)
    }

    /// Hard-links every file under the object folder `from` into `to` (copies it where a
    /// link cannot be made, as across file systems), keeping the folders.
    private static func linkObjects(from: String, to: String) throws {
        let files = FileManager.default
        guard let walker = files.enumerator(atPath: from) else {
            throw RepositoryError(.io, "cannot read the objects of '\(from)'")
        }
        while let relative = walker.nextObject() as? String {
            let source = from + "/" + relative, target = to + "/" + relative
            var info = stat()
            guard lstat(source, &info) == 0 else { continue }
            if info.st_mode & S_IFMT == S_IFDIR {
                if mkdir(target, 0o755) != 0 && errno != EEXIST {
                    throw RepositoryError(.io, "cannot create '\(target)': \(SystemErrorText.words(errno: errno))")
                }
            } else if info.st_mode & S_IFMT == S_IFREG {
                if link(source, target) == 0 || errno == EEXIST { continue }
                do {
                    try files.copyItem(atPath: source, toPath: target)
                } catch {
                    throw RepositoryError(.io, "cannot copy '\(source)': \(SystemErrorText.words(for: error))")
                }
            }
        }
    }

    /// Throws unless `commit` is a commit of the clone at `source`; returns that clone's
    /// `origin` URL, if it has one.
    private static func ensureCommit(_ commit: String, in source: String) throws -> String? {
        let repo = try open(source)
        defer { git_repository_free(repo) }
        var id = try oid(commit)
        var object: OpaquePointer?
        let found = git_object_lookup(&object, repo, &id, GIT_OBJECT_COMMIT)
        if found == GIT_ENOTFOUND.rawValue {
            throw RepositoryError(.missingCommit, "commit \(commit) is not in the clone at '\(source)'")
        }
        try check(found, "find commit \(commit) in", source)
        git_object_free(object)
        return originURL(of: repo)
    }

    /// The URL of the clone's remote `origin`, or nil when it has none.
    static func originURL(clone: String) throws -> String? {
        let repo = try open(clone)
        defer { git_repository_free(repo) }
        return originURL(of: repo)
    }

    private static func originURL(of repo: OpaquePointer) -> String? {
        var remote: OpaquePointer?
        guard git_remote_lookup(&remote, repo, "origin") == 0 else { return nil }
        defer { git_remote_free(remote) }
        return git_remote_url(remote).map { String(cString: $0) }
    }

    // MARK: Helpers

    static func start() {
        precondition(libgit2Initialisation > 0, "libgit2 could not be initialised")
    }

    /// Whether this libgit2 was built with thread support (handles then may be used on
    /// several threads, one handle per thread).
    static var isThreadSafe: Bool {
        start()
        return git_libgit2_features() & Int32(GIT_FEATURE_THREADS.rawValue) != 0
    }

    /// Opens a clone by its `.git` folder, as a bare repository: no search up the
    /// tree and configuration loaded only when needed, which is what reading wants.
    private static func openForReading(_ clone: String) throws -> OpaquePointer {
        let flags = GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue | GIT_REPOSITORY_OPEN_BARE.rawValue
        return try open(clone, gitFolder: clone + "/.git", flags: UInt32(flags))
    }

    /// A repository handle over the clone's object database alone (no configuration, no
    /// references), or nil when it cannot be opened that way.
    private static func openObjects(_ clone: String) -> OpaquePointer? {
        start()
        var odb: OpaquePointer?
        guard git_odb_open(&odb, clone + "/.git/objects") == 0 else { return nil }
        defer { git_odb_free(odb) }
        var repo: OpaquePointer?
        guard git_repository_wrap_odb(&repo, odb) == 0 else { return nil }
        return repo
    }

    /// A repository handle over the clone's loose objects alone, or nil when it cannot be
    /// opened that way. (No look for packs and alternates, which every read of the whole
    /// object database starts with.)
    private static func openLooseObjects(_ clone: String) -> OpaquePointer? {
        start()
        var odb: OpaquePointer?
        guard git_odb_new(&odb) == 0 else { return nil }
        defer { git_odb_free(odb) }
        var backend: OpaquePointer?
        // Once added, the backend is the database's, freed with it. (Adding fails only when
        // memory does; the backend is then left, since freeing it needs libgit2's sys headers.)
        guard git_odb_backend_loose(&backend, clone + "/.git/objects", -1, 0, 0, 0) == 0,
            git_odb_add_backend(odb, backend, 1) == 0
        else { return nil }
        var repo: OpaquePointer?
        guard git_repository_wrap_odb(&repo, odb) == 0 else { return nil }
        return repo
    }

    /// Opens a clone with its working files.
    private static func open(_ clone: String) throws -> OpaquePointer {
        try open(clone, gitFolder: clone, flags: UInt32(GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue))
    }

    private static func open(_ clone: String, gitFolder: String, flags: UInt32) throws -> OpaquePointer {
        start()
        var repo: OpaquePointer?
        let code = git_repository_open_ext(&repo, gitFolder, flags, nil)
        if code == GIT_ENOTFOUND.rawValue {
            throw RepositoryError(.notAClone, "'\(clone)' is not a git clone")
        }
        try check(code, "open the clone", clone)
        guard let repo else { throw RepositoryError(.notAClone, "'\(clone)' is not a git clone") }
        return repo
    }

    private static func target(of reference: String, in repo: OpaquePointer) throws -> git_oid? {
        var id = git_oid()
        let code = git_reference_name_to_id(&id, repo, reference)
        if code == GIT_ENOTFOUND.rawValue { return nil }
        try check(code, "resolve", reference)
        return id
    }

    private static func headIsOn(_ branch: String, repo: OpaquePointer) throws -> Bool {
        var head: OpaquePointer?
        guard git_repository_head(&head, repo) == 0 else { return false }
        defer { git_reference_free(head) }
        return git_reference_name(head).map { String(cString: $0) } == "refs/heads/" + branch
    }

    /// Names of the references under `prefix` (e.g. "refs/heads/"), without the prefix, sorted.
    private static func referenceNames(in repo: OpaquePointer, under prefix: String) throws -> [String] {
        var iterator: OpaquePointer?
        try check(git_reference_iterator_glob_new(&iterator, repo, prefix + "*"), "list", prefix)
        defer { git_reference_iterator_free(iterator) }
        var names: [String] = []
        var name: UnsafePointer<CChar>?
        while git_reference_next_name(&name, iterator) == 0, let name {
            names.append(String(String(cString: name).dropFirst(prefix.count)))
        }
        return names.sorted()
    }

    private static func missingLocalBranch(_ branch: String, clone: String, repo: OpaquePointer) -> RepositoryError {
        let existing = (try? referenceNames(in: repo, under: "refs/heads/")) ?? []
        return RepositoryError(
            .missingBranch,
            "the clone at '\(clone)' has no branch '\(branch)'; "
                + "its branches are \(RepositoryError.list(existing))")
    }

    private static func oid(_ text: String) throws -> git_oid {
        var id = git_oid()
        guard text.utf8.count == 40, git_oid_fromstrn(&id, text, 40) == 0 else {
            throw RepositoryError(.missingCommit, "'\(text)' is not a commit id (40 hexadecimal digits)")
        }
        return id
    }

    private static func hex(_ id: UnsafePointer<git_oid>) -> String {
        var digits = [CChar](repeating: 0, count: 41)
        git_oid_tostr(&digits, digits.count, id)
        return String(decoding: digits.prefix(40).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private static func check(
        _ code: Int32, _ operation: String, _ subject: String,
        _ kind: RepositoryError.Kind = .git
    ) throws {
        guard code < 0 else { return }
        var detail = "unknown libgit2 error"
        if let error = git_error_last(), let message = error.pointee.message {
            detail = SystemErrorText.replacingErrnoText(in: String(cString: message))
        }
        throw RepositoryError(kind, "cannot \(operation) '\(subject)': \(detail)")
    }
}
