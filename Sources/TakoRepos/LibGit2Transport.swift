// The second of the two files that import libgit2: how a connection to a remote gets its
// credentials, checks the server's certificate or host key, and finds its proxy. Like
// LibGit2.swift, it hands out Swift values only.
internal import CLibGit2
import Foundation
import TakoBasics

/// One connection to a remote (a listing, a clone or a fetch): what the callbacks need and
/// what they found. libgit2 calls the callbacks on the thread of the operation, with this
/// object as their payload; the object outlives the operation.
final class TransportSession {
    enum SSHKey: Equatable {
        case agent
        case file(String)
    }

    let url: RemoteURL
    let access: RemoteAccess
    /// Why a callback stopped the operation; it replaces libgit2's less precise message.
    private(set) var failure: RepositoryError?
    /// The HTTPS credential offered, approved after success, rejected when offered again.
    private var offered: HTTPCredential?
    private var sshKeys: [SSHKey]
    private var sshTried: [SSHKey] = []
    private var calls = 0
    /// The proxy's URL as a C string, alive as long as the operation.
    private var proxyText: UnsafeMutablePointer<CChar>?

    init(url: String, access: RemoteAccess) throws {
        self.url = RemoteURL(url)
        self.access = access
        var keys: [SSHKey] = access.agentSocket == nil ? [] : [.agent]
        keys += access.sshKeyFiles.map { .file($0) }
        sshKeys = keys
        if self.url.isHTTP {
            let settings = access.memo.gitSettings(access: access)
            try TLSTrust.apply(environment: access.environment, settings: settings)
            if let proxy = ProxyChoice.proxy(for: self.url, environment: access.environment, gitConfigProxy: settings.proxy) {
                proxyText = strdup(proxy)
            }
        }
    }

    deinit {
        free(proxyText)
    }

    /// Sets the callbacks and the proxy of an operation's options.
    func install(_ callbacks: inout git_remote_callbacks, proxy: inout git_proxy_options) {
        callbacks.credentials = credentialCallback
        callbacks.certificate_check = certificateCallback
        callbacks.payload = Unmanaged.passUnretained(self).toOpaque()
        if let proxyText {
            proxy.type = GIT_PROXY_SPECIFIED
            proxy.url = UnsafePointer(proxyText)
        } else {
            proxy.type = GIT_PROXY_NONE
        }
    }

    /// Throws for a failed operation (`code` < 0): the callbacks' reason when they stopped
    /// it, else libgit2's message, marked transient for network failures that may pass.
    /// After success, a credential from git's helpers is approved.
    func check(_ code: Int32, _ operation: String, _ subject: String) throws {
        if code >= 0 {
            if let offered { access.memo.approve(offered, for: url, access: access) }
            return
        }
        if let failure {
            throw RepositoryError(failure.kind, "cannot \(operation) '\(subject)': \(failure.message)")
        }
        var detail = "unknown libgit2 error"
        var errorClass: Int32 = 0
        if let error = git_error_last(), let message = error.pointee.message {
            detail = SystemErrorText.replacingErrnoText(in: String(cString: message))
            errorClass = error.pointee.klass
        }
        if offered != nil, detail.contains("authentication") || detail.contains("401") {
            // libgit2 gave up on its own after a refusal.
            let message = access.memo.reject(offered!, for: url, access: access)
            throw RepositoryError(.authentication, "cannot \(operation) '\(subject)': \(message)")
        }
        if detail.contains("too many redirects or authentication replays") || detail.contains("authentication required") {
            throw RepositoryError(
                .authentication,
                "cannot \(operation) '\(subject)': \(url.hostWithPort) requires "
                    + "credentials and none were found; \(Self.credentialAdvice)")
        }
        throw RepositoryError(
            .unreachableRemote, "cannot \(operation) '\(subject)': \(detail)",
            transient: Self.isTransient(errorClass: errorClass, message: detail))
    }

    static let credentialAdvice =
        "set TAKO_GIT_TOKEN, configure a git credential helper "
        + "('git config --global credential.helper store'), or add the host to ~/.netrc"

    /// Refused or dropped connections, timeouts, and server errors 5xx or 429 may pass;
    /// names that do not resolve, refused credentials, certificates and missing
    /// repositories do not.
    static func isTransient(errorClass: Int32, message: String) -> Bool {
        let text = message.lowercased()
        if text.contains("failed to resolve address") { return false }
        if errorClass == Int32(GIT_ERROR_NET.rawValue) || errorClass == Int32(GIT_ERROR_OS.rawValue) && text.contains("connect") {
            return true
        }
        for marker in [
            "timed out", "connection reset", "connection refused", "early eof", "broken pipe",
            "unexpected http status code: 5", "unexpected http status code: 429",
        ] where text.contains(marker) {
            return true
        }
        return false
    }

    // MARK: Callbacks

    fileprivate func acquire(
        _ out: UnsafeMutablePointer<UnsafeMutablePointer<git_credential>?>?,
        usernameFromURL: String?, allowed: UInt32
    ) -> Int32 {
        calls += 1
        guard calls <= 16 else { return stop(RepositoryError(.authentication, "\(url.hostWithPort) kept asking for credentials")) }
        if allowed & GIT_CREDENTIAL_USERPASS_PLAINTEXT.rawValue != 0 {
            if let offered {
                // Asked again: the server refused what was offered. Reported, never retried.
                return stop(RepositoryError(.authentication, access.memo.reject(offered, for: url, access: access)))
            }
            let credential: HTTPCredential?
            do {
                credential = try access.memo.credential(for: url, access: access)
            } catch let error as RepositoryError {
                return stop(error)
            } catch {
                return stop(RepositoryError(.authentication, "\(error)"))
            }
            guard let credential else {
                return stop(
                    RepositoryError(
                        .authentication,
                        "\(url.hostWithPort) requires credentials and none were "
                            + "found; \(Self.credentialAdvice)"))
            }
            offered = credential
            return git_credential_userpass_plaintext_new(out, credential.username, credential.password)
        }
        let user = usernameFromURL ?? url.user ?? "git"
        if allowed & GIT_CREDENTIAL_SSH_KEY.rawValue != 0 {
            guard !sshKeys.isEmpty else {
                let refused = sshTried.isEmpty ? "no SSH key was found to offer" : "it refused " + describe(sshTried)
                return stop(
                    RepositoryError(
                        .authentication,
                        "\(url.hostWithPort) did not accept user '\(user)': \(refused); "
                            + "load a key into ssh-agent, put one at ~/.ssh/id_ed25519, or name one with --ssh-key"))
            }
            let key = sshKeys.removeFirst()
            sshTried.append(key)
            switch key {
            case .agent:
                return git_credential_ssh_key_from_agent(out, user)
            case .file(let path):
                let publicKey = path + ".pub"
                let hasPublicKey = FileManager.default.isReadableFile(atPath: publicKey)
                return git_credential_ssh_key_new(out, user, hasPublicKey ? publicKey : nil, path, nil)
            }
        }
        if allowed & GIT_CREDENTIAL_USERNAME.rawValue != 0 {
            return git_credential_username_new(out, user)
        }
        return stop(RepositoryError(.authentication, "\(url.hostWithPort) asks for a kind of credentials tako does not offer"))
    }

    private func describe(_ keys: [SSHKey]) -> String {
        RepositoryError.list(
            keys.map { key in
                switch key {
                case .agent: return "the keys of ssh-agent"
                case .file(let path): return path
                }
            })
    }

    fileprivate func checkCertificate(_ cert: UnsafeMutablePointer<git_cert>, valid: Bool, host: String) -> Int32 {
        switch cert.pointee.cert_type {
        case GIT_CERT_X509:
            if valid { return 0 }
            return stop(
                RepositoryError(
                    .untrustedCertificate,
                    "the TLS certificate of '\(host)' is not signed by a trusted "
                        + "certificate authority (or does not name the host); to trust a company CA, set SSL_CERT_FILE or "
                        + "GIT_SSL_CAINFO to its PEM file, or run 'git config --global http.sslCAInfo FILE'"))
        case GIT_CERT_HOSTKEY_LIBSSH2:
            let hostkey = UnsafeMutableRawPointer(cert).assumingMemoryBound(to: git_cert_hostkey.self)
            guard hostkey.pointee.type.rawValue & GIT_CERT_SSH_RAW.rawValue != 0, let raw = hostkey.pointee.hostkey else {
                return stop(RepositoryError(.hostKey, "the SSH server '\(url.knownHostsName)' did not show its host key"))
            }
            let key = [UInt8](UnsafeRawBufferPointer(start: raw, count: hostkey.pointee.hostkey_len))
            return verifyHostKey(key)
        default:
            return GIT_PASSTHROUGH.rawValue
        }
    }

    private func verifyHostKey(_ key: [UInt8]) -> Int32 {
        let name = url.knownHostsName
        let file = access.knownHostsFile
        let type = KnownHosts.keyType(key) ?? "unknown"
        let fingerprint = KnownHosts.fingerprint(key)
        switch KnownHosts.verify(host: name, key: key, files: [file, RemoteAccess.globalKnownHostsFile]) {
        case .known:
            return 0
        case .unknown:
            guard access.acceptNewHostKey else {
                return stop(
                    RepositoryError(
                        .hostKey,
                        "the host '\(name)' is not in '\(file)' (its \(type) key is "
                            + "\(fingerprint)); check the fingerprint with the server's owner, then add it with "
                            + "'ssh-keyscan\(url.effectivePort == 22 ? "" : " -p \(url.effectivePort)") \(url.host) >> \(file)' "
                            + "or run again with --accept-new-host-key"))
            }
            do {
                try KnownHosts.append(host: name, key: key, to: file)
            } catch let error as RepositoryError {
                return stop(error)
            } catch {
                return stop(RepositoryError(.hostKey, "\(error)"))
            }
            return 0
        case .changed(let listed, let line):
            return stop(
                RepositoryError(
                    .hostKey,
                    "the host key of '\(name)' has changed: the server shows the \(type) key "
                        + "\(fingerprint), which does not match '\(listed)' line \(line); this may be an attack; if the server's key "
                        + "really changed, remove the old one with 'ssh-keygen -R \(name)' and add the new one"))
        case .revoked(let listed, let line):
            return stop(RepositoryError(.hostKey, "the host key of '\(name)' (\(fingerprint)) is revoked in '\(listed)' line \(line)"))
        }
    }

    private func stop(_ error: RepositoryError) -> Int32 {
        failure = error
        git_error_set_str(Int32(GIT_ERROR_CALLBACK.rawValue), error.message)
        return GIT_EUSER.rawValue
    }
}

private let credentialCallback: git_credential_acquire_cb = { out, _, usernameFromURL, allowed, payload in
    guard let payload else { return GIT_PASSTHROUGH.rawValue }
    let session = Unmanaged<TransportSession>.fromOpaque(payload).takeUnretainedValue()
    return session.acquire(out, usernameFromURL: usernameFromURL.map { String(cString: $0) }, allowed: allowed)
}

private let certificateCallback: git_transport_certificate_check_cb = { cert, valid, host, payload in
    guard let payload, let cert else { return GIT_PASSTHROUGH.rawValue }
    let session = Unmanaged<TransportSession>.fromOpaque(payload).takeUnretainedValue()
    return session.checkCertificate(cert, valid: valid != 0, host: host.map { String(cString: $0) } ?? session.url.host)
}

/// Which certificate authorities HTTPS trusts, as git decides: `GIT_SSL_CAINFO`, then
/// `http.sslCAInfo`, then `SSL_CERT_FILE` / `SSL_CERT_DIR`, else the system's store.
/// libgit2 keeps one setting per process, changed only when a command asks for another.
enum TLSTrust {
    private static let lock = NSLock()
    private static let applied = Box<(file: String?, folder: String?)?>(nil)

    static func choice(environment: [String: String], settings: GitTransportSettings) -> (file: String?, folder: String?, origin: String)? {
        func value(_ name: String) -> String? { environment[name].flatMap { $0.isEmpty ? nil : $0 } }
        if let file = value("GIT_SSL_CAINFO") { return (file, nil, "GIT_SSL_CAINFO") }
        if let file = settings.sslCAInfo, !file.isEmpty { return (file, nil, "http.sslCAInfo") }
        if value("SSL_CERT_FILE") != nil || value("SSL_CERT_DIR") != nil {
            return (value("SSL_CERT_FILE"), value("SSL_CERT_DIR"), value("SSL_CERT_FILE") != nil ? "SSL_CERT_FILE" : "SSL_CERT_DIR")
        }
        return nil
    }

    static func apply(environment: [String: String], settings: GitTransportSettings) throws {
        LibGit2.start()
        let choice = choice(environment: environment, settings: settings)
        try lock.withLock {
            let wanted: (file: String?, folder: String?)
            if let choice {
                wanted = (choice.file, choice.folder)
            } else if applied.value == nil {
                return  // libgit2's own default, the system store, is in place
            } else {
                wanted = (systemStore, nil)
            }
            if let current = applied.value, current.file == wanted.file, current.folder == wanted.folder { return }
            for path in [wanted.file, wanted.folder].compactMap({ $0 }) where !FileManager.default.isReadableFile(atPath: path) {
                throw RepositoryError(
                    .untrustedCertificate,
                    "cannot read the certificate authorities '\(path)' "
                        + "named by \(choice?.origin ?? "the system")")
            }
            guard tako_git_set_ssl_cert_locations(wanted.file, wanted.folder) == 0 else {
                let detail = git_error_last().flatMap { $0.pointee.message.map { String(cString: $0) } } ?? "unknown libgit2 error"
                throw RepositoryError(
                    .untrustedCertificate,
                    "cannot load the certificate authorities "
                        + "'\(wanted.file ?? wanted.folder ?? "")' named by \(choice?.origin ?? "the system"): \(detail)")
            }
            applied.value = wanted
        }
    }

    static let systemStore = "/etc/ssl/certs/ca-certificates.crt"
}
