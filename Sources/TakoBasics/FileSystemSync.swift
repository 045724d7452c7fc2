internal import CSpawn

#if canImport(Glibc)
import Glibc
#endif

/// Durability of many files at once: one `syncfs` of the file system that holds a folder
/// instead of an `fsync` for each file, where each fsync of a freshly written file forces a
/// commit of its own (decision 0034).
public enum FileSystemSync {
    /// Writes every dirty page of the file system holding `folder` to disk; nil when done,
    /// or why not, in plain words.
    public static func sync(containing folder: String) -> String? {
        let fd = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { return SystemErrorText.words(errno: errno) }
        defer { close(fd) }
        guard tako_syncfs(fd) == 0 else { return SystemErrorText.words(errno: errno) }
        return nil
    }
}
