import Foundation
import TakoBasics
import TakoTestSupport
import Testing

/// Real servers for the tests of private remotes, started on 127.0.0.1 at free ports inside
/// a scratch folder and stopped by `stop()`: nginx with git-http-backend (through fcgiwrap)
/// over TLS with a CA made here and basic authentication, and OpenSSH's sshd with a host
/// key made here. Every wait is bounded, and only the processes started here are stopped.
enum TestServers {
    struct Unavailable: Error, CustomStringConvertible {
        let description: String
    }

    /// The first of `paths` that exists, or nil.
    static func tool(_ paths: String...) -> String? {
        paths.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs a tool to its end (TakoTestSupport's process runner) and returns its standard
    /// output; throws with its standard error when it fails or does not finish within
    /// `timeout` seconds.
    @discardableResult
    static func run(
        _ program: String, _ arguments: [String], environment: [String: String] = [:],
        input: String? = nil, timeout: Double = 60
    ) throws -> String {
        let result = try ProcessRunner.runBlocking(program, arguments, environment: environment, input: input ?? "", timeout: timeout)
        let command = "\(program) \(arguments.joined(separator: " "))"
        if result.timedOut { throw Unavailable(description: "\(command) did not finish within \(timeout)s") }
        guard result.status == 0 else { throw Unavailable(description: "\(command) failed (\(result.status)): " + result.stderr) }
        return result.stdout
    }

    /// A port on 127.0.0.1 that was free a moment ago (bound to port 0, then released).
    static func freePort() throws -> Int {
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketFD >= 0 else { throw Unavailable(description: "cannot open a socket") }
        defer { close(socketFD) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { raw -> Int32 in
                guard bind(socketFD, raw, length) == 0 else { return -1 }
                return getsockname(socketFD, raw, &length)
            }
        }
        guard bound == 0 else { throw Unavailable(description: "cannot bind a port on 127.0.0.1") }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Whether something accepts connections on 127.0.0.1:port.
    static func accepts(port: Int) -> Bool {
        let socketFD = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socketFD >= 0 else { return false }
        defer { close(socketFD) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socketFD, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }

    /// A long-running server process, its output in a log file. It is started with
    /// posix_spawn in a process group of its own, so that `stop` ends it together with any
    /// process it forked (fcgiwrap's workers, nginx's), and it is reaped with waitpid.
    final class Daemon: @unchecked Sendable {
        let pid: pid_t
        let log: String
        let program: String
        private var reaped = false

        init(_ program: String, _ arguments: [String], log: String, environment: [String: String] = [:]) throws {
            self.log = log
            self.program = program
            var env = ProcessInfo.processInfo.environment
            for (key, value) in environment { env[key] = value }
            pid = try ChildSpawn.start(
                program, arguments, environment: env, stdin: .null, stdout: .file(log), stderr: .standardOutput, ownGroup: true)
        }

        /// Whether the process still runs (reaping it when it ended).
        var isRunning: Bool {
            if reaped { return false }
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid { reaped = true }
            return !reaped
        }

        /// Waits (at most `timeout` seconds) until `ready` holds; throws with the log if
        /// the process ended or time ran out (the process is then stopped).
        func wait(timeout: Double = 15, until ready: () -> Bool) throws {
            let deadline = Date().addingTimeInterval(timeout)
            while Date() < deadline {
                if ready() { return }
                guard isRunning else { break }
                usleep(50_000)
            }
            stop()
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            throw Unavailable(description: "\(program) did not become ready within \(timeout)s: \(text)")
        }

        /// SIGTERM to the process group, then SIGKILL after 5 seconds; the process is reaped.
        func stop() {
            guard isRunning else {
                kill(-pid, SIGKILL)  // anything it forked and left behind
                return
            }
            kill(-pid, SIGTERM)
            let deadline = Date().addingTimeInterval(5)
            while isRunning, Date() < deadline { usleep(20_000) }
            kill(-pid, SIGKILL)
            if !reaped {
                var status: Int32 = 0
                _ = waitpid(pid, &status, 0)
                reaped = true
            }
        }

        deinit { stop() }
    }
}

/// nginx serving the git repositories under `<folder>/repos` with `git http-backend`
/// through fcgiwrap, over TLS (a certificate for 127.0.0.1 signed by a CA made here, in
/// `caFile`) and basic authentication (users `x-access-token`, GitHub's convention for a
/// token, and `tako-ci`, both with the password `token`).
final class GitHTTPSServer {
    let folder: String
    let port: Int
    let token: String
    var caFile: String { folder + "/ca.pem" }
    var reposFolder: String { folder + "/repos" }
    var accessLog: String { folder + "/access.log" }
    private var daemons: [TestServers.Daemon] = []

    static var missing: String? {
        for (tool, package) in [
            ("/usr/sbin/nginx", "nginx"), ("/usr/sbin/fcgiwrap", "fcgiwrap"),
            ("/usr/bin/openssl", "openssl"), ("/usr/lib/git-core/git-http-backend", "git"),
        ]
        where !FileManager.default.isExecutableFile(atPath: tool) {
            return "\(tool) is absent (Debian package \(package); `make deps` installs it)"
        }
        return nil
    }

    init(folder: String, token: String) throws {
        self.folder = folder
        self.token = token
        port = try TestServers.freePort()
        let caFile = folder + "/ca.pem"
        try FileManager.default.createDirectory(atPath: folder + "/repos", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: folder + "/tmp", withIntermediateDirectories: true)
        let openssl = "/usr/bin/openssl"
        try TestServers.run(
            openssl,
            [
                "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", folder + "/ca.key", "-out", caFile, "-days", "2", "-subj", "/CN=tako test CA",
            ])
        try TestServers.run(
            openssl,
            [
                "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                "-keyout", folder + "/server.key", "-out", folder + "/server.csr", "-subj", "/CN=127.0.0.1",
            ])
        try "subjectAltName=DNS:127.0.0.1,IP:127.0.0.1\n".write(toFile: folder + "/server.ext", atomically: true, encoding: .utf8)
        try TestServers.run(
            openssl,
            [
                "x509", "-req", "-in", folder + "/server.csr", "-CA", caFile, "-CAkey", folder + "/ca.key",
                "-CAcreateserial", "-out", folder + "/server.pem", "-days", "2",
                "-extfile", folder + "/server.ext",
            ])
        let hash = try TestServers.run(openssl, ["passwd", "-apr1", "-stdin"], input: token + "\n")
            .trimmingCharacters(in: .whitespacesAndNewlines)
        try "x-access-token:\(hash)\ntako-ci:\(hash)\n".write(toFile: folder + "/htpasswd", atomically: true, encoding: .utf8)

        let socket = folder + "/fcgiwrap.sock"
        let fcgiwrap = try TestServers.Daemon("/usr/sbin/fcgiwrap", ["-c", "4", "-s", "unix:" + socket], log: folder + "/fcgiwrap.log")
        daemons.append(fcgiwrap)
        try fcgiwrap.wait { FileManager.default.fileExists(atPath: socket) }

        let runAsRoot = getuid() == 0 ? "user root root;\n" : ""
        let config = """
            \(runAsRoot)daemon off;
            worker_processes 1;
            pid \(folder)/nginx.pid;
            error_log \(folder)/error.log info;
            events { worker_connections 128; }
            http {
                access_log \(accessLog);
                client_body_temp_path \(folder)/tmp/body;
                fastcgi_temp_path \(folder)/tmp/fastcgi;
                proxy_temp_path \(folder)/tmp/proxy;
                uwsgi_temp_path \(folder)/tmp/uwsgi;
                scgi_temp_path \(folder)/tmp/scgi;
                server {
                    listen 127.0.0.1:\(port) ssl;
                    ssl_certificate \(folder)/server.pem;
                    ssl_certificate_key \(folder)/server.key;
                    location / {
                        auth_basic "tako tests";
                        auth_basic_user_file \(folder)/htpasswd;
                        include /etc/nginx/fastcgi_params;
                        fastcgi_param SCRIPT_FILENAME /usr/lib/git-core/git-http-backend;
                        fastcgi_param GIT_PROJECT_ROOT \(folder)/repos;
                        fastcgi_param GIT_HTTP_EXPORT_ALL "";
                        fastcgi_param PATH_INFO $uri;
                        fastcgi_param REMOTE_USER $remote_user;
                        fastcgi_pass unix:\(socket);
                    }
                }
            }

            """
        try config.write(toFile: folder + "/nginx.conf", atomically: true, encoding: .utf8)
        let nginx = try TestServers.Daemon(
            "/usr/sbin/nginx", ["-p", folder, "-c", folder + "/nginx.conf", "-e", folder + "/error.log"],
            log: folder + "/nginx.log")
        daemons.append(nginx)
        let port = self.port
        do {
            try nginx.wait { TestServers.accepts(port: port) }
        } catch {
            stop()
            throw error
        }
    }

    func url(_ name: String) -> String { "https://127.0.0.1:\(port)/\(name)" }

    /// The requests nginx logged with the given status.
    func requests(status: Int) -> Int {
        let text = (try? String(contentsOfFile: accessLog, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").filter { $0.contains("\" \(status) ") }.count
    }

    func stop() {
        for daemon in daemons.reversed() { daemon.stop() }
        daemons = []
    }

    deinit { stop() }
}

/// OpenSSH's sshd on 127.0.0.1, with an ed25519 host key made here, letting the current
/// user in with the key `clientKey` (also made here) and nothing else.
final class SSHServer {
    let folder: String
    let port: Int
    var clientKey: String { folder + "/client_ed25519" }
    var hostKey: String { folder + "/host_ed25519" }
    let user: String
    private var daemon: TestServers.Daemon?

    static var missing: String? {
        for (tool, package) in [
            ("/usr/sbin/sshd", "openssh-server"), ("/usr/bin/ssh-keygen", "openssh-client"),
            ("/usr/bin/ssh-keyscan", "openssh-client"), ("/usr/bin/ssh-agent", "openssh-client"),
        ]
        where !FileManager.default.isExecutableFile(atPath: tool) {
            return "\(tool) is absent (Debian package \(package); `make deps` installs it)"
        }
        if !FileManager.default.fileExists(atPath: "/run/sshd") {
            // sshd refuses to start without its privilege separation folder.
            if getuid() == 0 {
                try? FileManager.default.createDirectory(
                    atPath: "/run/sshd", withIntermediateDirectories: true,
                    attributes: [.posixPermissions: 0o755])
            }
            if !FileManager.default.fileExists(atPath: "/run/sshd") { return "/run/sshd is absent and cannot be made" }
        }
        return nil
    }

    init(folder: String) throws {
        self.folder = folder
        user = String(cString: getpwuid(getuid()).pointee.pw_name)
        port = try TestServers.freePort()
        let hostKey = folder + "/host_ed25519", clientKey = folder + "/client_ed25519"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try TestServers.run("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "tako test host", "-f", hostKey])
        try TestServers.run("/usr/bin/ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "tako test client", "-f", clientKey])
        try FileManager.default.copyItem(atPath: clientKey + ".pub", toPath: folder + "/authorized_keys")
        let config = """
            Port \(port)
            ListenAddress 127.0.0.1
            HostKey \(hostKey)
            PidFile \(folder)/sshd.pid
            AuthorizedKeysFile \(folder)/authorized_keys
            StrictModes no
            PubkeyAuthentication yes
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            UsePAM no
            PermitRootLogin \(getuid() == 0 ? "yes" : "no")
            AllowUsers \(user)
            LogLevel VERBOSE

            """
        try config.write(toFile: folder + "/sshd_config", atomically: true, encoding: .utf8)
        let daemon = try TestServers.Daemon("/usr/sbin/sshd", ["-D", "-e", "-f", folder + "/sshd_config"], log: folder + "/sshd.log")
        self.daemon = daemon
        let port = self.port
        try daemon.wait { TestServers.accepts(port: port) }
    }

    /// `ssh://USER@127.0.0.1:PORT/<absolute path>`.
    func url(_ path: String) -> String { "ssh://\(user)@127.0.0.1:\(port)\(path)" }

    /// The server's key as `ssh-keyscan -H` reports it: hashed known_hosts lines.
    func hashedKnownHostsLines() throws -> String {
        try TestServers.run("/usr/bin/ssh-keyscan", ["-H", "-T", "5", "-t", "ed25519", "-p", "\(port)", "127.0.0.1"])
    }

    func stop() {
        daemon?.stop()
        daemon = nil
    }

    deinit { stop() }
}
