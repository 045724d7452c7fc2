import TakoBasics

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a `from_file:` output: a path relative to the run's checkout, resolved one
/// component at a time from the checkout's folder with `openat`, never following a
/// symbolic link the kernel would resolve for us. A link is read and its target resolved
/// the same way, so a link that stays inside the checkout works and one that leaves it
/// (`etclink -> /etc`, a step's `ln -s /etc/passwd out`, `../..`) is refused, whether it
/// was committed or made by a step. Only a regular file is read, and at most `limit` bytes.
enum CheckoutFile {
    enum Failure: Error, Equatable {
        /// The path leaves the checkout; `through` is how (a link and its target, or `..`).
        case escapes(through: String)
        case missing
        case notAFile
        case tooLarge
        case unreadable(String)
    }

    /// Links followed in one resolution before it is taken for a loop (Linux's own limit).
    static let maxLinks = 40

    static func load(_ path: String, inside root: String, limit: Int) -> Result<[UInt8], Failure> {
        guard !path.hasPrefix("/") else { return .failure(.escapes(through: "it is an absolute path")) }
        let rootFD = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard rootFD >= 0 else { return .failure(.unreadable("cannot open the checkout: \(SystemErrorText.words(errno: errno))")) }
        // The open folders from the checkout down to where the walk is; `..` goes back one.
        var folders: [Int32] = [rootFD]
        var names: [String] = []
        defer { for fd in folders { close(fd) } }
        var pending = Array(path.split(separator: "/", omittingEmptySubsequences: true).map(String.init).reversed())
        var links = 0
        while let component = pending.popLast() {
            if component == "." { continue }
            if component == ".." {
                guard folders.count > 1 else {
                    return .failure(.escapes(through: "'..' goes above its top folder"))
                }
                close(folders.removeLast())
                names.removeLast()
                continue
            }
            let here = folders[folders.count - 1]
            let shown = (names + [component]).joined(separator: "/")
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let length = readlinkat(here, component, &buffer, buffer.count - 1)
            if length >= 0 {
                let target = String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
                links += 1
                if links > maxLinks { return .failure(.unreadable("too many symbolic links (a loop?) at '\(shown)'")) }
                if target.hasPrefix("/") {
                    return .failure(.escapes(through: "'\(shown)' is a symbolic link to '\(target)'"))
                }
                let steps = target.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
                // `..` in the target above the checkout's top is an escape: check it here,
                // so the message names the link.
                var depth = names.count
                for step in steps {
                    if step == ".." { depth -= 1 } else if step != "." { depth += 1 }
                    if depth < 0 { return .failure(.escapes(through: "'\(shown)' is a symbolic link to '\(target)'")) }
                }
                pending.append(contentsOf: steps.reversed())
                continue
            }
            guard errno == EINVAL else {
                return errno == ENOENT || errno == ENOTDIR ? .failure(.missing) : .failure(.unreadable(SystemErrorText.words(errno: errno)))
            }
            if pending.isEmpty {
                // The file itself: O_NOFOLLOW refuses a link put here since readlinkat
                // looked, O_NONBLOCK keeps a FIFO from blocking the exec.
                let fd = openat(here, component, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
                guard fd >= 0 else {
                    if errno == ELOOP { return .failure(.escapes(through: "'\(shown)' became a symbolic link")) }
                    return errno == ENOENT ? .failure(.missing) : .failure(.unreadable(SystemErrorText.words(errno: errno)))
                }
                defer { close(fd) }
                var info = stat()
                guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return .failure(.notAFile) }
                return readAll(fd, limit: limit)
            }
            let fd = openat(here, component, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            guard fd >= 0 else {
                if errno == ELOOP { return .failure(.escapes(through: "'\(shown)' became a symbolic link")) }
                return errno == ENOENT || errno == ENOTDIR ? .failure(.missing) : .failure(.unreadable(SystemErrorText.words(errno: errno)))
            }
            folders.append(fd)
            names.append(component)
        }
        return .failure(.notAFile)
    }

    /// A file tako made itself (not in the checkout), up to `limit` bytes.
    static func readAll(path: String, limit: Int) -> Result<[UInt8], Failure> {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return errno == ENOENT ? .failure(.missing) : .failure(.unreadable(SystemErrorText.words(errno: errno))) }
        defer { close(fd) }
        return readAll(fd, limit: limit)
    }

    /// Up to `limit` bytes; `.tooLarge` when there are more.
    static func readAll(_ fd: Int32, limit: Int) -> Result<[UInt8], Failure> {
        var out: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(.unreadable(SystemErrorText.words(errno: errno)))
            }
            if count == 0 { return .success(out) }
            if out.count + count > limit { return .failure(.tooLarge) }
            out.append(contentsOf: chunk[0..<count])
        }
    }
}
