/// The name of a repository, "OWNER/REPO", as it appears in tako.yml, the cache layout
/// and the plan.
///
/// Each part is one or more of `A-Z a-z 0-9 . _ -`, and neither is "." or "..", so a
/// name is always safe to use as two path components.
public struct RepoName: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let owner: String
    public let name: String

    /// Parses "owner/repo"; nil unless the text is exactly two valid parts.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return nil }
        self.init(owner: String(parts[0]), name: String(parts[1]))
    }

    /// A name from its two parts; nil unless both are valid.
    public init?(owner: String, name: String) {
        guard RepoName.isValidPart(owner), RepoName.isValidPart(name) else { return nil }
        self.owner = owner
        self.name = name
    }

    public var description: String { "\(owner)/\(name)" }

    public static func < (a: RepoName, b: RepoName) -> Bool {
        (a.owner, a.name) < (b.owner, b.name)
    }

    /// True for a non-empty run of `A-Z a-z 0-9 . _ -` other than "." and "..".
    public static func isValidPart(_ part: String) -> Bool {
        guard !part.isEmpty, part != ".", part != ".." else { return false }
        return part.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"):
                return true
            default:
                return false
            }
        }
    }

    // Encoded as the single string "owner/repo", as in the plan.

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let name = RepoName(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "'\(text)' is not a repository name (expected OWNER/REPO)")
        }
        self = name
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// The OWNER/REPO named by the last two path components of a git URL: `https://host/o/r(.git)`,
    /// `file:///path/o/r`, `git@host:o/r.git` or a plain path. Throws `invalidURL` otherwise.
    public static func fromURL(_ url: String) throws -> RepoName {
        var text = Substring(url)
        while text.hasSuffix("/") { text = text.dropLast() }
        if text.hasSuffix(".git") { text = text.dropLast(4) }
        if let scheme = text.range(of: "://") { text = text[scheme.upperBound...] }
        let parts = text.split(whereSeparator: { $0 == "/" || $0 == ":" }).suffix(2)
        guard parts.count == 2, let name = RepoName(owner: String(parts.first!), name: String(parts.last!)) else {
            throw RepositoryError(
                .invalidURL,
                "cannot tell the owner and repository from '\(url)'; "
                    + "expected a URL that ends in OWNER/REPO, such as 'https://github.com/acme/app.git'")
        }
        return name
    }
}
