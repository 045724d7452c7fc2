import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file that `takoc` or `tako` is about to write (`-o`, `--report`, `--checkpoint`):
/// written only when it is missing, empty, or already one of the kind it is meant to hold,
/// and never when it is another file the command reads or writes (the plan, the
/// checkpoint). So a slip of the command line never overwrites what is not the command's.
public enum OwnedFile {
    /// The path with symbolic links resolved as far as it exists, made absolute.
    public static func resolved(_ path: String) -> String {
        var url = URL(fileURLWithPath: path).standardizedFileURL
        var rest: [String] = []
        while url.path != "/" && !FileManager.default.fileExists(atPath: url.path) {
            rest.insert(url.lastPathComponent, at: 0)
            url.deleteLastPathComponent()
        }
        var out = url.resolvingSymlinksInPath().path
        for part in rest { out += (out.hasSuffix("/") ? "" : "/") + part }
        return out
    }

    /// True when both paths name one file: the same path once links are resolved, or the
    /// same device and inode (a hard link).
    public static func same(_ a: String, _ b: String) -> Bool {
        if resolved(a) == resolved(b) { return true }
        var sa = stat(), sb = stat()
        guard stat(a, &sa) == 0, stat(b, &sb) == 0 else { return false }
        return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino
    }

    /// The bytes of an existing, non-empty regular file; nil when there is nothing to lose
    /// (missing or empty). A folder or a device is refused by the caller's write itself.
    public static func existingBytes(_ path: String) -> Data? {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_size > 0 else { return nil }
        return FileManager.default.contents(atPath: path)
    }

    /// The top-level keys of a JSON object file, or nil when the bytes are not a JSON object.
    public static func jsonKeys(_ bytes: Data) -> Set<String>? {
        guard let object = try? JSONSerialization.jsonObject(with: bytes) as? [String: Any] else { return nil }
        return Set(object.keys)
    }

    /// Why `path` must not be written as `what` (`the report`), or nil when it may.
    /// `others`: the files of this command it must not be (`("the plan", path)`). `isOurs`:
    /// whether an existing file's bytes are `kind` (`a tako report`).
    public static func refusal(
        _ path: String, option: String, what: String, kind: String, others: [(name: String, path: String)],
        isOurs: (Data) -> Bool
    ) -> String? {
        for other in others where same(path, other.path) {
            return "\(option) '\(path)' is \(other.name); give \(what) a file of its own"
        }
        if let bytes = existingBytes(path), !isOurs(bytes) {
            return "\(option) '\(path)' is an existing file that is not \(kind); it was not overwritten. "
                + "Give another file, or delete this one first"
        }
        return nil
    }
}
