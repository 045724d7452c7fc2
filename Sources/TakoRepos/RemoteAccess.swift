import Foundation

/// How `cache add` and `cache sync` reach remotes that need credentials, a company CA, a
/// proxy or a verified SSH host. One value serves a whole command: it carries the
/// environment the credentials are looked up in, the SSH choices of the command line, and
/// a memo shared by every repository of the command (each host's credentials are looked
/// up once, a rejected one is not offered again).
///
/// The lookups, in order (docs/cache.md, "Credentials"):
/// - HTTPS: `TAKO_GIT_TOKEN` (user `TAKO_GIT_USER`, else the URL's user, else
///   `x-access-token`), then `git credential fill` (the user's helpers), then `~/.netrc`.
/// - SSH: the ssh-agent's keys (`SSH_AUTH_SOCK`), then `--ssh-key`, else `~/.ssh/id_ed25519`,
///   `id_ecdsa`, `id_rsa`; host keys checked against `~/.ssh/known_hosts` and
///   `/etc/ssh/ssh_known_hosts`.
public struct RemoteAccess: Sendable {
    /// The variables credentials, CA files and proxies are read from.
    public let environment: [String: String]
    /// A private key file to offer after the agent's keys, instead of the default files.
    public let sshKey: String?
    /// Whether a host that known_hosts does not list at all is accepted and recorded there
    /// (OpenSSH's `StrictHostKeyChecking=accept-new`). A changed key is refused regardless.
    public let acceptNewHostKey: Bool
    /// Filled by the command, shared by its threads.
    let memo: CredentialMemo

    public init(
        environment: [String: String] = ProcessInfo.processInfo.environment,
        sshKey: String? = nil, acceptNewHostKey: Bool = false
    ) {
        self.environment = environment
        self.sshKey = sshKey.map(GitCache.absolute)
        self.acceptNewHostKey = acceptNewHostKey
        self.memo = CredentialMemo()
    }

    /// `$HOME`, else the account's home folder.
    var home: String {
        if let home = environment["HOME"], !home.isEmpty { return home }
        return FileManager.default.homeDirectoryForCurrentUser.path
    }

    var knownHostsFile: String { home + "/.ssh/known_hosts" }
    static let globalKnownHostsFile = "/etc/ssh/ssh_known_hosts"

    /// The private key files to offer after the agent: `--ssh-key`, else the default ones
    /// that exist.
    var sshKeyFiles: [String] {
        if let sshKey { return [sshKey] }
        return ["id_ed25519", "id_ecdsa", "id_rsa"].map { "\(home)/.ssh/\($0)" }
            .filter { FileManager.default.isReadableFile(atPath: $0) }
    }

    /// The agent's socket, when one is set and exists.
    var agentSocket: String? {
        guard let socket = environment["SSH_AUTH_SOCK"], !socket.isEmpty,
            FileManager.default.fileExists(atPath: socket)
        else { return nil }
        return socket
    }
}
