/// The parts of a remote's URL that credentials, host keys and proxies are chosen by.
///
/// `https://user@host:8443/acme/app.git`, `ssh://git@host:2222/acme/app.git` and the scp
/// form `git@host:acme/app.git` are understood; `file://` URLs and plain paths have no host.
struct RemoteURL: Sendable, Hashable {
    /// "https", "http", "ssh", "git", "file" (lowercased); "ssh" for the scp form.
    let scheme: String
    let user: String?
    /// Whether the URL carries a password (`https://user:secret@host/...`).
    let hasPassword: Bool
    /// The host without brackets ("::1" for `[::1]`); empty for local paths.
    let host: String
    let port: Int?
    /// The path after the host, without a leading slash.
    let path: String

    init(_ url: String) {
        if let separator = url.range(of: "://") {
            scheme = url[..<separator.lowerBound].lowercased()
            let rest = url[separator.upperBound...]
            let authorityEnd = rest.firstIndex(of: "/") ?? rest.endIndex
            var authority = rest[..<authorityEnd]
            path = String(rest[authorityEnd...].drop(while: { $0 == "/" }))
            if let at = authority.lastIndex(of: "@") {
                let userInfo = authority[..<at]
                authority = authority[authority.index(after: at)...]
                if let colon = userInfo.firstIndex(of: ":") {
                    user = String(userInfo[..<colon]).removingPercentEscapes
                    hasPassword = true
                } else {
                    user = String(userInfo).removingPercentEscapes
                    hasPassword = false
                }
            } else {
                user = nil
                hasPassword = false
            }
            (host, port) = RemoteURL.hostAndPort(authority)
        } else if let colon = url.firstIndex(of: ":"), !url[..<colon].contains("/") {
            // scp form: [user@]host:path
            scheme = "ssh"
            let authority = url[..<colon]
            path = String(url[url.index(after: colon)...].drop(while: { $0 == "/" }))
            if let at = authority.lastIndex(of: "@") {
                user = String(authority[..<at])
                host = String(authority[authority.index(after: at)...])
            } else {
                user = nil
                host = String(authority)
            }
            hasPassword = false
            port = nil
        } else {
            scheme = "file"
            user = nil
            hasPassword = false
            host = ""
            port = nil
            path = url
        }
    }

    private static func hostAndPort(_ authority: Substring) -> (String, Int?) {
        if authority.hasPrefix("["), let close = authority.firstIndex(of: "]") {
            let host = String(authority[authority.index(after: authority.startIndex)..<close])
            let rest = authority[authority.index(after: close)...]
            return (host, rest.hasPrefix(":") ? Int(rest.dropFirst()) : nil)
        }
        if let colon = authority.lastIndex(of: ":") {
            return (String(authority[..<colon]).lowercased(), Int(authority[authority.index(after: colon)...]))
        }
        return (String(authority).lowercased(), nil)
    }

    var isHTTP: Bool { scheme == "https" || scheme == "http" }
    var isSSH: Bool { scheme == "ssh" || scheme == "git+ssh" || scheme == "ssh+git" }

    /// The port a connection goes to (the scheme's default when the URL names none).
    var effectivePort: Int {
        if let port { return port }
        switch scheme {
        case "https": return 443
        case "http": return 80
        case "git": return 9418
        default: return 22
        }
    }

    /// "host" or "host:port" as git's credential protocol and `.netrc` name it.
    var hostWithPort: String {
        let bracketed = host.contains(":") ? "[\(host)]" : host
        return port.map { "\(bracketed):\($0)" } ?? bracketed
    }

    /// How OpenSSH names the host in known_hosts: "host" on port 22, else "[host]:port".
    var knownHostsName: String {
        effectivePort == 22 ? host : "[\(host)]:\(effectivePort)"
    }
}

extension String {
    /// `%XX` escapes decoded (user names in URLs); the text as it is when an escape is malformed.
    var removingPercentEscapes: String {
        guard contains("%") else { return self }
        var bytes: [UInt8] = []
        var utf8 = Array(self.utf8)[...]
        while let byte = utf8.popFirst() {
            if byte == UInt8(ascii: "%"), utf8.count >= 2,
                let value = UInt8(String(decoding: utf8.prefix(2), as: UTF8.self), radix: 16)
            {
                bytes.append(value)
                utf8 = utf8.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension RemoteURL {
    /// The URL with any password replaced by "***", for messages.
    static func redacted(_ url: String) -> String {
        guard let separator = url.range(of: "://") else { return url }
        let rest = url[separator.upperBound...]
        let authorityEnd = rest.firstIndex(of: "/") ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        guard let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":") else { return url }
        return String(url[..<colon]) + ":***" + String(url[at...])
    }
}
