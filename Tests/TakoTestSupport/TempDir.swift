import Foundation

/// A fresh temporary folder (its path with symbolic links resolved), removed when the last
/// reference to it goes.
public final class TempDir: @unchecked Sendable {
    public let path: String

    public init(prefix: String = "tako-tests-") {
        let base = FileManager.default.temporaryDirectory.path + "/" + prefix + UUID().uuidString.prefix(8)
        try! FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        path = URL(fileURLWithPath: base).resolvingSymlinksInPath().path
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    public var url: URL { URL(fileURLWithPath: path) }

    public func file(_ name: String) -> String { path + "/" + name }

    /// The file's text, or "" when it cannot be read.
    public func read(_ name: String) -> String {
        (try? String(contentsOfFile: file(name), encoding: .utf8)) ?? ""
    }

    public func lines(_ name: String) -> [String] {
        read(name).split(separator: "\n").map(String.init)
    }

    /// Every file and folder below it, as paths relative to it.
    public func everyPath() -> [String] {
        var paths: [String] = []
        let enumerator = FileManager.default.enumerator(atPath: path)
        while let name = enumerator?.nextObject() as? String { paths.append(name) }
        return paths
    }

    public func write(_ text: String, to name: String) throws {
        let path = file(name)
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }
}
