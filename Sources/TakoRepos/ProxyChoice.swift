import Foundation

/// The proxy for a remote, chosen as git and curl choose it: `https_proxy` (or
/// `HTTPS_PROXY`) for HTTPS, `http_proxy` for HTTP, then `all_proxy` (or `ALL_PROXY`),
/// then git's `http.proxy` setting; none for a host that `no_proxy` (or `NO_PROXY`) lists
/// (a name, a domain suffix with or without a leading dot, or `*`). SSH remotes take no
/// proxy (OpenSSH's ProxyCommand is not read).
enum ProxyChoice {
    static func proxy(for url: RemoteURL, environment: [String: String], gitConfigProxy: String?) -> String? {
        guard url.isHTTP else { return nil }
        func value(_ names: String...) -> String? {
            for name in names { if let text = environment[name], !text.isEmpty { return text } }
            return nil
        }
        if let noProxy = value("no_proxy", "NO_PROXY"), excluded(url.host, by: noProxy) { return nil }
        let fromEnvironment =
            url.scheme == "https"
            ? value("https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY")
            : value("http_proxy", "all_proxy", "ALL_PROXY")
        if let fromEnvironment { return fromEnvironment }
        if let gitConfigProxy, !gitConfigProxy.isEmpty { return gitConfigProxy }
        return nil
    }

    static func excluded(_ host: String, by list: String) -> Bool {
        let host = host.lowercased()
        for item in list.split(separator: ",") {
            var entry = item.trimmingCharacters(in: .whitespaces).lowercased()
            if entry == "*" { return true }
            if entry.hasPrefix("*.") { entry.removeFirst() }
            if entry.hasPrefix(".") { entry.removeFirst() }
            if entry.isEmpty { continue }
            if let colon = entry.lastIndex(of: ":"), !entry.contains("]"), entry.filter({ $0 == ":" }).count == 1 {
                entry = String(entry[..<colon])
            }
            if host == entry || host.hasSuffix("." + entry) { return true }
        }
        return false
    }
}
