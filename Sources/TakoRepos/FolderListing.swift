import TakoBasics

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Fast, plain directory reads for listing the cache, which may hold tens of thousands
/// of folders: `readdir` reports each entry's type, so no `stat` is needed per entry.
enum FolderListing {
    /// The names of the visible sub-folders of `path` (hidden names skipped), sorted;
    /// empty when `path` is missing or not a folder. Throws on any other failure.
    static func subfolders(of path: String) throws -> [String] {
        guard let directory = opendir(path) else {
            if errno == ENOENT || errno == ENOTDIR { return [] }
            throw RepositoryError(.io, "cannot list the folder '\(path)': \(SystemErrorText.words(errno: errno))")
        }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { bytes in
                String(decoding: bytes.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            guard !name.hasPrefix(".") else { continue }
            switch Int32(entry.pointee.d_type) {
            case Int32(DT_DIR): names.append(name)
            case Int32(DT_UNKNOWN), Int32(DT_LNK): if isFolder(path + "/" + name) { names.append(name) }
            default: continue
            }
        }
        return names.sorted()
    }

    /// True when `path` is a folder (following symbolic links).
    static func isFolder(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR
    }

    /// True when `path` exists (following symbolic links).
    static func exists(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0
    }

    /// The contents of a small file, or nil when it cannot be read.
    static func contents(of path: String, limit: Int = 1 << 20) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while bytes.count < limit {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count >= 0 else { return nil }
            if count == 0 { break }
            bytes += chunk.prefix(count)
        }
        return bytes
    }
}
