import Foundation

/// A user name and password (or token) for one HTTPS host, and where it came from.
struct HTTPCredential: Sendable, Equatable {
    enum Source: Sendable, Equatable {
        case environment
        case helper
        case netrc(String)
    }

    let username: String
    let password: String
    let source: Source

    /// Where the credential came from, for messages; never the secret itself.
    var origin: String {
        switch source {
        case .environment: return "TAKO_GIT_TOKEN (user '\(username)')"
        case .helper: return "git's credential helper (user '\(username)')"
        case .netrc(let file): return "'\(file)' (login '\(username)')"
        }
    }
}

/// Finds HTTPS credentials the way git users expect, and remembers them for one command,
/// so that a sync of a thousand repositories on one host asks the helpers once, and a
/// credential the server refused is neither offered again nor asked for again.
///
/// Order: `TAKO_GIT_TOKEN` (HTTPS only), `git credential fill` (with prompts disabled:
/// helpers such as `store`, `cache`, `libsecret` or `gh auth git-credential` answer, a
/// terminal is never asked), then `~/.netrc`.
final class CredentialMemo: @unchecked Sendable {
    private let lock = NSLock()
    /// Per "scheme://host[:port]": the credential found (nil: none), or why it cannot be used.
    private var found: [String: HTTPCredential?] = [:]
    private var rejected: [String: String] = [:]
    private var approved: Set<String> = []
    private var hostLocks: [String: NSLock] = [:]
    let settingsLock = NSLock()
    let settingsStorage = Box<GitTransportSettings?>(nil)

    /// The credential for `url`, or nil when no source has one. A credential already
    /// rejected during this command throws its rejection again.
    func credential(for url: RemoteURL, access: RemoteAccess) throws -> HTTPCredential? {
        let key = Self.key(url)
        let hostLock = lock.withLock { () -> NSLock in
            if let existing = hostLocks[key] { return existing }
            let made = NSLock()
            hostLocks[key] = made
            return made
        }
        // One lookup per host at a time: the others wait for its answer.
        return try hostLock.withLock {
            if let reason = lock.withLock({ rejected[key] }) {
                throw RepositoryError(.authentication, reason)
            }
            if let known = lock.withLock({ found[key] }) { return known }
            let credential = Self.lookUp(url, access: access)
            lock.withLock { found[key] = .some(credential) }
            return credential
        }
    }

    /// Records that the server refused `credential`; helpers are told (`git credential
    /// reject`), and the message is returned for every later repository of the host.
    func reject(_ credential: HTTPCredential, for url: RemoteURL, access: RemoteAccess) -> String {
        let key = Self.key(url)
        let message =
            "\(url.hostWithPort) refused the credentials from \(credential.origin); "
            + "renew the token or correct the stored password (the credential was not retried)"
        let first = lock.withLock { () -> Bool in
            if rejected[key] != nil { return false }
            rejected[key] = message
            return true
        }
        if first, credential.source == .helper {
            _ = GitCredentialHelper.run("reject", url: url, credential: credential, environment: access.environment)
        }
        return message
    }

    /// Tells the helpers that `credential` worked (`git credential approve`), once per host.
    func approve(_ credential: HTTPCredential, for url: RemoteURL, access: RemoteAccess) {
        guard credential.source == .helper else { return }
        let key = Self.key(url)
        let first = lock.withLock { approved.insert(key).inserted }
        if first { _ = GitCredentialHelper.run("approve", url: url, credential: credential, environment: access.environment) }
    }

    private static func key(_ url: RemoteURL) -> String {
        "\(url.scheme)://\(url.user.map { $0 + "@" } ?? "")\(url.hostWithPort)"
    }

    private static func lookUp(_ url: RemoteURL, access: RemoteAccess) -> HTTPCredential? {
        let environment = access.environment
        if url.scheme == "https", let token = environment["TAKO_GIT_TOKEN"], !token.isEmpty {
            let user = environment["TAKO_GIT_USER"].flatMap { $0.isEmpty ? nil : $0 } ?? url.user ?? "x-access-token"
            return HTTPCredential(username: user, password: token, source: .environment)
        }
        if let helped = GitCredentialHelper.fill(url: url, environment: environment) { return helped }
        let file = environment["NETRC"].flatMap { $0.isEmpty ? nil : $0 } ?? access.home + "/.netrc"
        if let data = FileManager.default.contents(atPath: file),
            let entry = Netrc.lookup(host: url.host, user: url.user, in: String(decoding: data, as: UTF8.self)),
            let password = entry.password
        {
            return HTTPCredential(username: entry.login ?? url.user ?? "", password: password, source: .netrc(file))
        }
        return nil
    }
}

/// `git credential fill|approve|reject`, the interface to the user's credential helpers.
enum GitCredentialHelper {
    /// Asks git for a credential; nil when git is missing, has none, or would have to prompt.
    static func fill(url: RemoteURL, environment: [String: String]) -> HTTPCredential? {
        guard let output = run("fill", url: url, credential: nil, environment: environment) else { return nil }
        var username: String?
        var password: String?
        for line in output.split(separator: "\n") {
            if line.hasPrefix("username=") { username = String(line.dropFirst(9)) }
            if line.hasPrefix("password=") { password = String(line.dropFirst(9)) }
        }
        guard let password, !password.isEmpty else { return nil }
        return HTTPCredential(username: username ?? url.user ?? "", password: password, source: .helper)
    }

    /// Runs `git credential ACTION` with the credential protocol on its standard input;
    /// its standard output when it succeeds within 30 seconds.
    @discardableResult
    static func run(_ action: String, url: RemoteURL, credential: HTTPCredential?, environment: [String: String]) -> String? {
        var input = "protocol=\(url.scheme)\nhost=\(url.hostWithPort)\n"
        if !url.path.isEmpty { input += "path=\(url.path)\n" }
        if let user = credential?.username ?? url.user { input += "username=\(user)\n" }
        if let credential { input += "password=\(credential.password)\n" }
        input += "\n"
        var childEnvironment = environment
        // Never a prompt: a sync of many repositories runs unattended.
        childEnvironment["GIT_TERMINAL_PROMPT"] = "0"
        childEnvironment["GIT_ASKPASS"] = "/bin/false"
        childEnvironment["SSH_ASKPASS"] = "/bin/false"
        let result = ChildProcess.run(
            ["git", "credential", action], input: Array(input.utf8),
            environment: childEnvironment, timeout: 30)
        guard let result, result.status == 0 else { return nil }
        return String(decoding: result.stdout, as: UTF8.self)
    }
}

/// The git settings that decide how remotes are reached (`http.sslCAInfo`, `http.proxy`),
/// read once per command with `git config`, so that every place git reads them
/// (`GIT_CONFIG_GLOBAL`, includes, the system file) counts.
struct GitTransportSettings: Sendable, Equatable {
    var sslCAInfo: String?
    var proxy: String?

    static func read(environment: [String: String], home: String) -> GitTransportSettings {
        var settings = GitTransportSettings()
        var childEnvironment = environment
        childEnvironment["GIT_TERMINAL_PROMPT"] = "0"
        let result = ChildProcess.run(
            ["git", "config", "--get-regexp", "^http\\.(sslcainfo|proxy)$"], input: [],
            environment: childEnvironment, timeout: 30)
        guard let result, result.status == 0 else { return settings }
        for line in String(decoding: result.stdout, as: UTF8.self).split(separator: "\n") {
            guard let space = line.firstIndex(of: " ") else { continue }
            let key = line[..<space].lowercased()
            var value = String(line[line.index(after: space)...])
            if key == "http.sslcainfo" {
                if value.hasPrefix("~/") { value = home + value.dropFirst() }
                settings.sslCAInfo = value
            } else if key == "http.proxy" {
                settings.proxy = value
            }
        }
        return settings
    }
}

extension CredentialMemo {
    /// The git settings of the command, read on first use.
    func gitSettings(access: RemoteAccess) -> GitTransportSettings {
        settingsLock.withLock {
            if let settings = settingsStorage.value { return settings }
            let settings = GitTransportSettings.read(environment: access.environment, home: access.home)
            settingsStorage.value = settings
            return settings
        }
    }
}

/// A mutable slot guarded by its owner's lock.
final class Box<Value>: @unchecked Sendable {
    var value: Value
    init(_ value: Value) { self.value = value }
}
