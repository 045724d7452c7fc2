import Foundation
import Testing

@testable import TakoRepos

/// The pieces of remote access that need no server: URLs, ~/.netrc, known_hosts, proxies
/// and the `--from` list.
@Suite struct RemoteAccessTests {
    @Test func remoteURLsGiveHostPortUserAndKnownHostsName() {
        let https = RemoteURL("https://bot@git.example.com:8443/acme/app.git")
        #expect(https.scheme == "https" && https.user == "bot" && https.host == "git.example.com" && https.port == 8443)
        #expect(https.path == "acme/app.git" && !https.hasPassword && https.hostWithPort == "git.example.com:8443")
        let scp = RemoteURL("git@github.com:acme/app.git")
        #expect(scp.isSSH && scp.user == "git" && scp.host == "github.com" && scp.knownHostsName == "github.com")
        let ssh = RemoteURL("ssh://git@127.0.0.1:2222/srv/acme/app")
        #expect(ssh.knownHostsName == "[127.0.0.1]:2222" && ssh.path == "srv/acme/app")
        #expect(RemoteURL("https://u:secret@h/a/b").hasPassword)
        #expect(RemoteURL.redacted("https://u:secret@h/a/b") == "https://u:***@h/a/b")
        #expect(RemoteURL("/srv/git/acme/app").scheme == "file")
    }

    @Test func netrcEntriesAreFoundByHostThenDefault() {
        let text = """
            # company hosts
            machine git.example.com login bot password "s3 cret"
            machine other.example.com
              login me
              password two
            macdef init
            machine evil password nope

            default login anon password anything
            """
        #expect(Netrc.lookup(host: "git.example.com", user: nil, in: text) == .init(login: "bot", password: "s3 cret"))
        #expect(Netrc.lookup(host: "OTHER.example.com", user: nil, in: text) == .init(login: "me", password: "two"))
        #expect(Netrc.lookup(host: "git.example.com", user: "someone", in: text) == nil)
        #expect(Netrc.lookup(host: "git.example.com", user: "anon", in: text) == .init(login: "anon", password: "anything"))
        #expect(Netrc.lookup(host: "evil", user: nil, in: text) == .init(login: "anon", password: "anything"))
        #expect(Netrc.lookup(host: "x", user: nil, in: "machine y login a password b") == nil)
    }

    @Test func knownHostsMatchPlainHashedAndWildcardNamesAndTellChangedFromUnknown() throws {
        let folder = FileManager.default.temporaryDirectory.path + "/tako-known-hosts-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // Two real keys, by ssh-keygen.
        var keys: [[UInt8]] = []
        var lines: [String] = []
        for name in ["one", "two"] {
            _ = try GitFixture.runTool("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", "\(folder)/\(name)"])
            let publicLine = try String(contentsOfFile: "\(folder)/\(name).pub", encoding: .utf8)
            let fields = publicLine.split(separator: " ")
            keys.append([UInt8](Data(base64Encoded: String(fields[1]))!))
            lines.append("\(fields[0]) \(fields[1])")
        }
        let file = folder + "/known_hosts"
        try "[127.0.0.1]:2222 \(lines[0])\n*.example.com,!bad.example.com \(lines[0])\n".write(
            toFile: file, atomically: true, encoding: .utf8)
        #expect(KnownHosts.verify(host: "[127.0.0.1]:2222", key: keys[0], files: [file]) == .known)
        #expect(KnownHosts.verify(host: "[127.0.0.1]:2222", key: keys[1], files: [file]) == .changed(file: file, line: 1))
        #expect(KnownHosts.verify(host: "127.0.0.1", key: keys[0], files: [file]) == .unknown)
        #expect(KnownHosts.verify(host: "git.example.com", key: keys[0], files: [file]) == .known)
        #expect(KnownHosts.verify(host: "bad.example.com", key: keys[0], files: [file]) == .unknown)
        #expect(KnownHosts.verify(host: "nowhere", key: keys[0], files: [folder + "/absent"]) == .unknown)

        // ssh-keygen -H hashes the names: still found, still told apart.
        _ = try GitFixture.runTool("/usr/bin/ssh-keygen", ["-q", "-H", "-f", file])
        let hashed = try String(contentsOfFile: file, encoding: .utf8)
        #expect(hashed.hasPrefix("|1|"))
        #expect(!hashed.contains("127.0.0.1"))
        #expect(KnownHosts.verify(host: "[127.0.0.1]:2222", key: keys[0], files: [file]) == .known)
        #expect(KnownHosts.verify(host: "[127.0.0.1]:2222", key: keys[1], files: [file]) == .changed(file: file, line: 1))
        #expect(KnownHosts.verify(host: "[127.0.0.1]:2223", key: keys[0], files: [file]) == .unknown)

        try "@revoked * \(lines[1])\n".write(toFile: file, atomically: true, encoding: .utf8)
        #expect(KnownHosts.verify(host: "anything", key: keys[1], files: [file]) == .revoked(file: file, line: 1))

        // An accepted host is recorded once, readable by OpenSSH (ssh-keygen -F finds it).
        let recorded = folder + "/home/.ssh/known_hosts"
        try KnownHosts.append(host: "[127.0.0.1]:2222", key: keys[0], to: recorded)
        try KnownHosts.append(host: "[127.0.0.1]:2222", key: keys[0], to: recorded)
        #expect(try String(contentsOfFile: recorded, encoding: .utf8) == "[127.0.0.1]:2222 \(lines[0])\n")
        let found = try GitFixture.runTool("/usr/bin/ssh-keygen", ["-F", "[127.0.0.1]:2222", "-f", recorded])
        #expect(found.contains(lines[0]))
        #expect(KnownHosts.fingerprint(keys[0]).hasPrefix("SHA256:"))
        let keygen = try GitFixture.runTool("/usr/bin/ssh-keygen", ["-l", "-f", "\(folder)/one.pub"])
        #expect(keygen.contains(KnownHosts.fingerprint(keys[0])))
    }

    @Test func proxiesComeFromTheEnvironmentThenGitAndNoProxyExcludes() {
        let https = RemoteURL("https://git.example.com/acme/app")
        #expect(
            ProxyChoice.proxy(for: https, environment: ["https_proxy": "http://p:3128"], gitConfigProxy: "http://g:1") == "http://p:3128")
        #expect(ProxyChoice.proxy(for: https, environment: ["HTTPS_PROXY": "http://P:3128"], gitConfigProxy: nil) == "http://P:3128")
        #expect(ProxyChoice.proxy(for: https, environment: ["http_proxy": "http://h:1"], gitConfigProxy: "http://g:1") == "http://g:1")
        #expect(
            ProxyChoice.proxy(
                for: https, environment: ["https_proxy": "http://p:1", "no_proxy": "localhost,.example.com"],
                gitConfigProxy: nil) == nil)
        #expect(
            ProxyChoice.proxy(
                for: https, environment: ["https_proxy": "http://p:1", "NO_PROXY": "other.com"],
                gitConfigProxy: nil) == "http://p:1")
        #expect(
            ProxyChoice.proxy(
                for: RemoteURL("git@github.com:a/b"), environment: ["https_proxy": "http://p:1"],
                gitConfigProxy: "http://g:1") == nil)
    }

    @Test func aListIsReadWithCommentsAndBranchesAndEveryBadLineIsReported() throws {
        let list = try RepositoryList(
            text: """
                # platform
                https://example.com/acme/core.git
                  https://example.com/acme/web.git   release/2.x   # the release line
                git@example.com:acme/api.git\r

                """, file: "repos.txt")
        #expect(list.entries.map(\.name.description) == ["acme/core", "acme/web", "acme/api"])
        #expect(list.entries.map(\.branch) == [nil, "release/2.x", nil])
        #expect(list.entries.map(\.line) == [2, 3, 4])

        let error = repositoryError {
            _ = try RepositoryList(
                text: """
                    https://example.com/acme/core.git main extra
                    file:///app
                    https://example.com/acme/web.git a..b
                    https://example.com/acme/api.git
                    https://example.com/acme/api.git
                    https://u:secret@example.com/acme/x.git
                    """, file: "repos.txt")
        }
        #expect(error?.kind == .invalidList)
        #expect(
            error?.message == """
                repos.txt:1:40: expected 'URL [BRANCH]', found a third field 'extra'; put one repository on each line (a comment starts with '#')
                repos.txt:2:1: cannot tell the owner and repository from 'file:///app'; expected a URL that ends in OWNER/REPO, such as 'https://github.com/acme/app.git'
                repos.txt:3:34: 'a..b' is not a valid branch name
                repos.txt:5:1: 'acme/api' is already listed on line 4; remove one of the two lines
                repos.txt:6:1: the URL carries a password; give it through TAKO_GIT_TOKEN, a git credential helper or ~/.netrc instead
                """)
        #expect(error?.message.contains("secret") == false)
    }

    @Test func transientFailuresAreTheNetworkOnes() {
        #expect(TransportSession.isTransient(errorClass: 0, message: "failed to connect to 127.0.0.1: Connection refused"))
        #expect(TransportSession.isTransient(errorClass: 0, message: "unexpected http status code: 503"))
        #expect(!TransportSession.isTransient(errorClass: 0, message: "unexpected http status code: 404"))
        #expect(
            !TransportSession.isTransient(
                errorClass: 0, message: "failed to resolve address for nowhere.invalid: Name or service not known"))
    }
}
