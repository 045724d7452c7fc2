import Crypto
import Foundation
import TakoBasics

/// OpenSSH's known_hosts files, read to verify a server's host key and appended to when
/// the user accepts a new host (`--accept-new-host-key`).
///
/// A line is `[marker] PATTERNS KEYTYPE BASE64 [comment]`. PATTERNS is a comma-separated
/// list of host names (`host`, `[host]:port` off port 22) with `*` and `?` wildcards and
/// `!` negations, or one hashed name `|1|SALT|HASH` where HASH is HMAC-SHA1 of the name
/// keyed with SALT (both base64). `@revoked` lines name keys that are refused;
/// `@cert-authority` lines are about certificates, which tako does not check, and are skipped.
enum KnownHosts {
    enum Verdict: Equatable {
        /// A line lists the host with this very key.
        case known
        /// The host is listed, but with other keys only: refused, always.
        case changed(file: String, line: Int)
        /// The key is marked `@revoked`.
        case revoked(file: String, line: Int)
        /// No line names the host.
        case unknown
    }

    /// Checks `key` (the SSH wire-format public key blob) for `host` (as known_hosts names
    /// it) against the files, in order; a missing file is empty.
    static func verify(host: String, key: [UInt8], files: [String]) -> Verdict {
        var changed: Verdict?
        var known = false
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else { continue }
            var number = 0
            for line in String(decoding: data, as: UTF8.self).split(
                omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
            {
                number += 1
                guard let entry = Entry(line), entry.matches(host) else { continue }
                if entry.marker == "@revoked" {
                    if entry.key == key { return .revoked(file: file, line: number) }
                    continue
                }
                guard entry.marker == nil else { continue }
                if entry.key == key { known = true } else if changed == nil { changed = .changed(file: file, line: number) }
            }
        }
        if known { return .known }
        return changed ?? .unknown
    }

    /// The line recorded for an accepted new host: `NAME KEYTYPE BASE64`.
    static func line(host: String, key: [UInt8]) -> String? {
        guard let type = keyType(key) else { return nil }
        return "\(host) \(type) \(Data(key).base64EncodedString())\n"
    }

    /// The key's type, the first string of its wire format ("ssh-ed25519", ...).
    static func keyType(_ key: [UInt8]) -> String? {
        guard key.count >= 4 else { return nil }
        let length = Int(key[0]) << 24 | Int(key[1]) << 16 | Int(key[2]) << 8 | Int(key[3])
        guard length > 0, length <= key.count - 4 else { return nil }
        return String(decoding: key[4..<(4 + length)], as: UTF8.self)
    }

    /// "SHA256:..." as `ssh-keygen -l` prints it.
    static func fingerprint(_ key: [UInt8]) -> String {
        var text = Data(SHA256.hash(data: key)).base64EncodedString()
        while text.hasSuffix("=") { text.removeLast() }
        return "SHA256:" + text
    }

    /// Appends the line for an accepted host, making `~/.ssh` (0700) and the file (0600)
    /// when needed. Threads and processes append one at a time (an exclusive lock on the
    /// file), and a host that another one recorded meanwhile is not recorded twice.
    static func append(host: String, key: [UInt8], to file: String) throws {
        guard let line = line(host: host, key: key) else {
            throw RepositoryError(.hostKey, "cannot record the host key of '\(host)': its type is not readable")
        }
        let folder = (file as NSString).deletingLastPathComponent
        if !FileManager.default.fileExists(atPath: folder) {
            do {
                try FileManager.default.createDirectory(
                    atPath: folder, withIntermediateDirectories: true,
                    attributes: [.posixPermissions: 0o700])
            } catch {
                throw RepositoryError.io("create the folder", folder, error)
            }
        }
        let descriptor = open(file, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw RepositoryError(.io, "cannot write '\(file)': \(SystemErrorText.words(errno: errno))")
        }
        defer { close(descriptor) }
        flock(descriptor, LOCK_EX)
        defer { flock(descriptor, LOCK_UN) }
        if verify(host: host, key: key, files: [file]) == .known { return }
        let bytes = Array(line.utf8)
        let written = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        guard written == bytes.count, fsync(descriptor) == 0 else {
            throw RepositoryError(.io, "cannot write '\(file)': \(SystemErrorText.words(errno: errno))")
        }
    }

    /// One line of a known_hosts file.
    struct Entry {
        let marker: String?
        let patterns: Substring
        let key: [UInt8]

        init?(_ line: Substring) {
            var fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })[...]
            guard let first = fields.first, !first.hasPrefix("#") else { return nil }
            if first.hasPrefix("@") {
                marker = String(first)
                fields = fields.dropFirst()
            } else {
                marker = nil
            }
            guard fields.count >= 3 else { return nil }
            let parts = Array(fields.prefix(3))
            guard let key = Data(base64Encoded: String(parts[2])) else { return nil }
            patterns = parts[0]
            self.key = [UInt8](key)
        }

        /// Whether the patterns name `host`: a hashed name that hashes the same, or a
        /// plain list where some pattern matches and no negated one does.
        func matches(_ host: String) -> Bool {
            if patterns.hasPrefix("|1|") {
                let parts = patterns.split(separator: "|", omittingEmptySubsequences: true)
                guard parts.count == 3, let salt = Data(base64Encoded: String(parts[1])),
                    let hash = Data(base64Encoded: String(parts[2]))
                else { return false }
                let mac = HMAC<Insecure.SHA1>.authenticationCode(for: Data(host.utf8), using: SymmetricKey(data: salt))
                return Data(mac) == hash
            }
            var matched = false
            for pattern in patterns.split(separator: ",") {
                if pattern.hasPrefix("!") {
                    if KnownHosts.wildcard(pattern.dropFirst(), matches: host) { return false }
                } else if KnownHosts.wildcard(pattern, matches: host) {
                    matched = true
                }
            }
            return matched
        }
    }

    /// OpenSSH's `*` and `?` patterns, compared without regard to case.
    static func wildcard(_ pattern: Substring, matches text: String) -> Bool {
        let p = Array(pattern.lowercased().utf8), t = Array(text.lowercased().utf8)
        var pi = 0, ti = 0, star = -1, mark = 0
        while ti < t.count {
            if pi < p.count, p[pi] == UInt8(ascii: "?") || p[pi] == t[ti] {
                pi += 1; ti += 1
            } else if pi < p.count, p[pi] == UInt8(ascii: "*") {
                star = pi; mark = ti; pi += 1
            } else if star >= 0 {
                pi = star + 1; mark += 1; ti = mark
            } else {
                return false
            }
        }
        while pi < p.count, p[pi] == UInt8(ascii: "*") { pi += 1 }
        return pi == p.count
    }
}
