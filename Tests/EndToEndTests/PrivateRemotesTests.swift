import Foundation
import TakoTestSupport
import Testing

/// `takoc cache add` and `sync` against real private servers on 127.0.0.1: nginx with git
/// http-backend over TLS and basic authentication, and OpenSSH's sshd. Each test starts
/// its servers and stops them; a test is skipped (with the reason) only when a server's
/// package is absent (`make deps` installs them).
@Suite(.serialized) struct PrivateRemotesTests {
    /// A scratch folder with an empty HOME and git configuration, so that nothing of the
    /// machine's user (credentials, known_hosts, agent, proxies) counts.
    final class Scratch {
        let root: URL
        var path: String { root.path }
        var home: String { path + "/home" }
        var cache: String { path + "/cache" }
        var gitConfig: String { path + "/gitconfig" }

        init() throws {
            root = try Binaries.scratch()
            try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
            FileManager.default.createFile(atPath: gitConfig, contents: nil)
        }

        deinit { try? FileManager.default.removeItem(at: root) }

        func environment(_ extra: [String: String] = [:]) -> [String: String?] {
            var env: [String: String?] = [
                "HOME": home, "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": gitConfig, "GIT_TERMINAL_PROMPT": "0",
            ]
            for name in [
                "SSH_AUTH_SOCK", "TAKO_GIT_TOKEN", "TAKO_GIT_USER", "NETRC", "SSL_CERT_FILE", "SSL_CERT_DIR", "GIT_SSL_CAINFO",
                "https_proxy", "HTTPS_PROXY", "http_proxy", "all_proxy", "ALL_PROXY",
            ] {
                env[name] = .some(nil)
            }
            for (key, value) in extra { env[key] = .some(value) }
            return env
        }

        func takoc(_ arguments: [String], _ extra: [String: String] = [:]) async throws -> ProcessResult {
            try await Binaries.runAsync("takoc", arguments + ["--cache-dir", cache], environment: environment(extra), timeout: 120)
        }

        /// Every byte of every file under `folder`, to search for secrets.
        func everyFile(under folder: String) -> Data {
            var all = Data()
            guard let walker = FileManager.default.enumerator(atPath: folder) else { return all }
            while let item = walker.nextObject() as? String {
                if let data = FileManager.default.contents(atPath: folder + "/" + item) { all.append(data) }
            }
            return all
        }
    }

    /// A git repository at `path` with one commit on main; returns its commit.
    @discardableResult
    static func makeRepository(_ path: String) throws -> String {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try git(["init", "--quiet", "--initial-branch=main"], in: path)
        return try commit(in: path, "first")
    }

    @discardableResult
    static func commit(in path: String, _ message: String) throws -> String {
        try "version: 1\n# \(message)\n".write(toFile: path + "/tako.yml", atomically: true, encoding: .utf8)
        try git(["add", "--all"], in: path)
        try git(["commit", "--quiet", "-m", message], in: path)
        return try git(["rev-parse", "HEAD"], in: path)
    }

    @discardableResult
    static func git(_ arguments: [String], in path: String) throws -> String {
        try TestServers.run(
            "/usr/bin/git",
            [
                "-C", path, "-c", "user.name=Tako Tests", "-c", "user.email=tests@tako.invalid",
                "-c", "commit.gpgsign=false",
            ] + arguments,
            environment: ["GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": "/dev/null"]
        )
        .trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func httpsServer(in scratch: Scratch, token: String) throws -> GitHTTPSServer? {
        if let missing = GitHTTPSServer.missing {
            print("skipped: \(missing)")
            return nil
        }
        return try GitHTTPSServer(folder: scratch.path + "/https", token: token)
    }

    // MARK: HTTPS

    @Test func cloneAndSyncWithATokenFromTheEnvironment() async throws {
        let scratch = try Scratch()
        let token = "tok-\(UUID().uuidString)"
        guard let server = try Self.httpsServer(in: scratch, token: token) else { return }
        defer { server.stop() }
        // git http-backend serves a working repository named like a bare one ("app.git").
        let upstream = server.reposFolder + "/acme/app.git"
        try Self.makeRepository(upstream)
        let trusted = ["SSL_CERT_FILE": server.caFile, "TAKO_GIT_TOKEN": token]

        let add = try await scratch.takoc(["cache", "add", server.url("acme/app.git")], trusted)
        #expect(add.status == 0, "\(add.stderr)")
        #expect(add.stdout.hasPrefix("added acme/app (main) at "))
        let second = try Self.commit(in: upstream, "second")
        let sync = try await scratch.takoc(["cache", "sync"], trusted)
        #expect(sync.status == 0, "\(sync.stderr)")
        #expect(sync.stdout.contains("acme/app (main): updated "), "\(sync.stdout)")
        #expect(sync.stdout.hasSuffix("1 repositories: 1 updated, 0 unchanged, 0 failed\n"))
        let list = try await scratch.takoc(["cache", "list"], trusted)
        #expect(list.stdout.contains("acme/app\tmain\t\(second.prefix(12))"))

        // The token is in no output and in no file of the cache (the clone's origin has no password).
        for text in [add.stdout, add.stderr, sync.stdout, sync.stderr, list.stdout] { #expect(!text.contains(token)) }
        #expect(scratch.everyFile(under: scratch.cache).range(of: Data(token.utf8)) == nil)
        #expect(try Self.git(["remote", "get-url", "origin"], in: scratch.cache + "/repos/acme/app/main") == server.url("acme/app.git"))
    }

    @Test func cloneAndSyncWithGitsCredentialHelperAndWithNetrc() async throws {
        let scratch = try Scratch()
        let token = "tok-\(UUID().uuidString)"
        guard let server = try Self.httpsServer(in: scratch, token: token) else { return }
        defer { server.stop() }
        for name in ["acme/helped", "acme/netrc"] { try Self.makeRepository(server.reposFolder + "/" + name) }
        let trusted = ["SSL_CERT_FILE": server.caFile]

        // git's `store` helper, configured as a user would.
        let store = scratch.path + "/git-credentials"
        try "https://tako-ci:\(token)@127.0.0.1:\(server.port)\n".write(toFile: store, atomically: true, encoding: .utf8)
        try "[credential]\n\thelper = store --file=\(store)\n".write(toFile: scratch.gitConfig, atomically: true, encoding: .utf8)
        let helped = try await scratch.takoc(["cache", "add", server.url("acme/helped")], trusted)
        #expect(helped.status == 0, "\(helped.stderr)")
        try Self.commit(in: server.reposFolder + "/acme/helped", "second")
        let helpedSync = try await scratch.takoc(["cache", "sync"], trusted)
        #expect(helpedSync.status == 0, "\(helpedSync.stderr)")
        #expect(helpedSync.stdout.contains("acme/helped (main): updated "))

        // ~/.netrc, with no helper configured.
        try "".write(toFile: scratch.gitConfig, atomically: true, encoding: .utf8)
        try "machine 127.0.0.1\n  login tako-ci\n  password \(token)\n".write(
            toFile: scratch.home + "/.netrc", atomically: true, encoding: .utf8)
        let netrc = try await scratch.takoc(["cache", "add", server.url("acme/netrc")], trusted)
        #expect(netrc.status == 0, "\(netrc.stderr)")
        try Self.commit(in: server.reposFolder + "/acme/netrc", "second")
        let netrcSync = try await scratch.takoc(["cache", "sync"], trusted)
        #expect(netrcSync.status == 0, "\(netrcSync.stderr)")
        #expect(netrcSync.stdout.contains("acme/netrc (main): updated "))

        for text in [helped.stdout, helped.stderr, helpedSync.stdout, netrc.stdout, netrc.stderr, netrcSync.stdout] {
            #expect(!text.contains(token))
        }
        #expect(scratch.everyFile(under: scratch.cache).range(of: Data(token.utf8)) == nil)
    }

    @Test func aWrongTokenIsRefusedOnceWithOneClearMessageAndNeverShown() async throws {
        let scratch = try Scratch()
        guard let server = try Self.httpsServer(in: scratch, token: "the-right-one") else { return }
        defer { server.stop() }
        try Self.makeRepository(server.reposFolder + "/acme/app")
        let wrong = "wrong-\(UUID().uuidString)"

        let add = try await scratch.takoc(
            ["cache", "add", server.url("acme/app")], ["SSL_CERT_FILE": server.caFile, "TAKO_GIT_TOKEN": wrong])
        #expect(add.status == 2)
        #expect(add.stdout == "")
        #expect(
            add.stderr == "takoc: error: cannot reach '\(server.url("acme/app"))': 127.0.0.1:\(server.port) refused the credentials "
                + "from TAKO_GIT_TOKEN (user 'x-access-token'); renew the token or correct the stored password "
                + "(the credential was not retried)\n")
        #expect(!add.stderr.contains(wrong))
        #expect(scratch.everyFile(under: scratch.path).range(of: Data(wrong.utf8)) == nil)
        #expect(!FileManager.default.fileExists(atPath: scratch.cache + "/repos/acme"))
        // One request without credentials, one with the wrong ones; no loop.
        #expect(server.requests(status: 401) == 2)

        // No credentials anywhere: said so, with where to put them.
        let none = try await scratch.takoc(["cache", "add", server.url("acme/app")], ["SSL_CERT_FILE": server.caFile])
        #expect(none.status == 2)
        #expect(none.stderr.contains("127.0.0.1:\(server.port) requires credentials and none were found; set TAKO_GIT_TOKEN"))
    }

    @Test func anUntrustedCertificateIsRefusedAndACompanyCAIsTrustedThroughTheEnvironmentOrGit() async throws {
        let scratch = try Scratch()
        let token = "tok-\(UUID().uuidString)"
        guard let server = try Self.httpsServer(in: scratch, token: token) else { return }
        defer { server.stop() }
        for name in ["acme/a", "acme/b", "acme/c"] { try Self.makeRepository(server.reposFolder + "/" + name) }

        let refused = try await scratch.takoc(["cache", "add", server.url("acme/a")], ["TAKO_GIT_TOKEN": token])
        #expect(refused.status == 2)
        #expect(
            refused.stderr == "takoc: error: cannot reach '\(server.url("acme/a"))': the TLS certificate of '127.0.0.1' is not signed "
                + "by a trusted certificate authority (or does not name the host); to trust a company CA, set SSL_CERT_FILE or "
                + "GIT_SSL_CAINFO to its PEM file, or run 'git config --global http.sslCAInfo FILE'\n")
        #expect(server.requests(status: 200) == 0)

        let viaFile = try await scratch.takoc(
            ["cache", "add", server.url("acme/a")], ["TAKO_GIT_TOKEN": token, "SSL_CERT_FILE": server.caFile])
        #expect(viaFile.status == 0, "\(viaFile.stderr)")
        let viaGitVariable = try await scratch.takoc(
            ["cache", "add", server.url("acme/b")], ["TAKO_GIT_TOKEN": token, "GIT_SSL_CAINFO": server.caFile])
        #expect(viaGitVariable.status == 0, "\(viaGitVariable.stderr)")
        try "[http]\n\tsslCAInfo = \(server.caFile)\n".write(toFile: scratch.gitConfig, atomically: true, encoding: .utf8)
        let viaGitConfig = try await scratch.takoc(["cache", "add", server.url("acme/c")], ["TAKO_GIT_TOKEN": token])
        #expect(viaGitConfig.status == 0, "\(viaGitConfig.stderr)")

        let missingCA = try await scratch.takoc(
            ["cache", "sync"],
            [
                "TAKO_GIT_TOKEN": token, "SSL_CERT_FILE": scratch.path + "/nope.pem",
                "GIT_CONFIG_GLOBAL": "/dev/null",
            ])
        #expect(missingCA.status == 2)
        #expect(
            missingCA.stderr.contains(
                "acme/a (main): failed: cannot read the certificate authorities '\(scratch.path)/nope.pem' named by SSL_CERT_FILE"))
    }

    // MARK: SSH

    static func sshServer(in scratch: Scratch) throws -> SSHServer? {
        if let missing = SSHServer.missing {
            print("skipped: \(missing)")
            return nil
        }
        return try SSHServer(folder: scratch.path + "/sshd")
    }

    /// A scratch folder, an SSH server in it, and the repository `acme/app` (one commit) for
    /// it to serve; nil (the test is skipped) where sshd is missing. The caller stops the server.
    static func sshUpstream() throws -> (scratch: Scratch, server: SSHServer, upstream: String)? {
        let scratch = try Scratch()
        guard let server = try sshServer(in: scratch) else { return nil }
        let upstream = scratch.path + "/upstream/acme/app"
        do {
            try makeRepository(upstream)
        } catch {
            server.stop()
            throw error
        }
        return (scratch, server, upstream)
    }

    /// Records the server's host key, hashed, in the scratch HOME's known_hosts; returns the lines.
    @discardableResult
    static func trustHostKey(of server: SSHServer, in scratch: Scratch) throws -> String {
        try FileManager.default.createDirectory(atPath: scratch.home + "/.ssh", withIntermediateDirectories: true)
        let hashed = try server.hashedKnownHostsLines()
        try hashed.write(toFile: scratch.home + "/.ssh/known_hosts", atomically: true, encoding: .utf8)
        return hashed
    }

    @Test func cloneOverSSHWithAKeyFileAndAHashedKnownHostsEntry() async throws {
        guard let (scratch, server, upstream) = try Self.sshUpstream() else { return }
        defer { server.stop() }
        let hashed = try Self.trustHostKey(of: server, in: scratch)
        #expect(hashed.hasPrefix("|1|"))

        let add = try await scratch.takoc(["cache", "add", server.url(upstream), "--ssh-key", server.clientKey])
        #expect(add.status == 0, "\(add.stderr)")
        #expect(add.stdout.hasPrefix("added acme/app (main) at "))

        // The default key file, found without --ssh-key.
        try FileManager.default.copyItem(atPath: server.clientKey, toPath: scratch.home + "/.ssh/id_ed25519")
        try Self.commit(in: upstream, "second")
        let sync = try await scratch.takoc(["cache", "sync"])
        #expect(sync.status == 0, "\(sync.stderr)")
        #expect(sync.stdout.contains("acme/app (main): updated "))
        #expect(try String(contentsOfFile: scratch.home + "/.ssh/known_hosts", encoding: .utf8) == hashed)

        // No key at all: refused, saying what to do.
        try FileManager.default.removeItem(atPath: scratch.home + "/.ssh/id_ed25519")
        let noKey = try await scratch.takoc(["cache", "sync"])
        #expect(noKey.status == 2)
        #expect(noKey.stderr.contains("did not accept user '\(server.user)': no SSH key was found to offer; load a key into ssh-agent"))
    }

    @Test func cloneOverSSHWithTheKeysOfAnAgent() async throws {
        guard let (scratch, server, upstream) = try Self.sshUpstream() else { return }
        defer { server.stop() }
        try Self.trustHostKey(of: server, in: scratch)

        let socket = scratch.path + "/agent.sock"
        let agent = try TestServers.Daemon("/usr/bin/ssh-agent", ["-D", "-a", socket], log: scratch.path + "/agent.log")
        defer { agent.stop() }
        try agent.wait { FileManager.default.fileExists(atPath: socket) }
        try TestServers.run("/usr/bin/ssh-add", ["-q", server.clientKey], environment: ["SSH_AUTH_SOCK": socket], timeout: 20)

        let add = try await scratch.takoc(["cache", "add", server.url(upstream)], ["SSH_AUTH_SOCK": socket])
        #expect(add.status == 0, "\(add.stderr)")
        #expect(add.stdout.hasPrefix("added acme/app (main) at "))
    }

    @Test func anUnknownHostIsRefusedUntilAcceptedAndAChangedKeyAlways() async throws {
        guard let (scratch, server, upstream) = try Self.sshUpstream() else { return }
        defer { server.stop() }
        let knownHosts = scratch.home + "/.ssh/known_hosts"
        let fingerprint = try TestServers.run("/usr/bin/ssh-keygen", ["-l", "-f", server.hostKey + ".pub"])
            .split(separator: " ")[1]

        let unknown = try await scratch.takoc(["cache", "add", server.url(upstream), "--ssh-key", server.clientKey])
        #expect(unknown.status == 2)
        #expect(
            unknown.stderr == "takoc: error: cannot reach '\(server.url(upstream))': the host '[127.0.0.1]:\(server.port)' is not in "
                + "'\(knownHosts)' (its ssh-ed25519 key is \(fingerprint)); check the fingerprint with the server's owner, then add it "
                + "with 'ssh-keyscan -p \(server.port) 127.0.0.1 >> \(knownHosts)' or run again with --accept-new-host-key\n")
        #expect(!FileManager.default.fileExists(atPath: knownHosts))

        let accepted = try await scratch.takoc([
            "cache", "add", server.url(upstream), "--ssh-key", server.clientKey, "--accept-new-host-key",
        ])
        #expect(accepted.status == 0, "\(accepted.stderr)")
        let hostPublic = try String(contentsOfFile: server.hostKey + ".pub", encoding: .utf8).split(separator: " ").prefix(2).joined(
            separator: " ")
        #expect(try String(contentsOfFile: knownHosts, encoding: .utf8) == "[127.0.0.1]:\(server.port) \(hostPublic)\n")
        let sync = try await scratch.takoc(["cache", "sync", "--ssh-key", server.clientKey])
        #expect(sync.status == 0, "\(sync.stderr)")

        // Another key recorded for the host: refused, with or without the flag, and the file is left alone.
        try TestServers.run("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", scratch.path + "/other"])
        let other = try String(contentsOfFile: scratch.path + "/other.pub", encoding: .utf8).split(separator: " ").prefix(2).joined(
            separator: " ")
        let recorded = "[127.0.0.1]:\(server.port) \(other)\n"
        try recorded.write(toFile: knownHosts, atomically: true, encoding: .utf8)
        for flags in [[], ["--accept-new-host-key"]] {
            let changed = try await scratch.takoc(["cache", "sync", "--ssh-key", server.clientKey] + flags)
            #expect(changed.status == 2)
            #expect(
                changed.stderr.contains(
                    "acme/app (main): failed: cannot fetch '\(server.url(upstream))': the host key of "
                        + "'[127.0.0.1]:\(server.port)' has changed: the server shows the ssh-ed25519 key \(fingerprint), which does not "
                        + "match '\(knownHosts)' line 1; this may be an attack"), "\(changed.stderr)")
            #expect(try String(contentsOfFile: knownHosts, encoding: .utf8) == recorded)
        }
    }
}
