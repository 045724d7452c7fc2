import Foundation
import TakoBasics

/// A failure of the repository cache or of a checkout, with a message for the user.
///
/// Messages are lowercase, put user text in quotes, and say what to do when there is
/// something to do ("use 'takoc cache sync' to update it"). `kind` lets callers and
/// tests tell failures apart without matching on text.
public struct RepositoryError: Error, CustomStringConvertible, Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// The remote could not be reached or read (a bad path, host, or protocol).
        case unreachableRemote = "unreachable-remote"
        /// The requested branch does not exist (the message names the ones that do).
        case missingBranch = "missing-branch"
        /// A commit id is malformed or is not in the clone.
        case missingCommit = "missing-commit"
        /// A folder expected to hold a git clone does not.
        case notAClone = "not-a-clone"
        /// A URL whose last two path components are not OWNER/REPO.
        case invalidURL = "invalid-url"
        /// A branch name git would refuse.
        case invalidBranch = "invalid-branch"
        /// `cache add` of a repository and branch that is already in the cache.
        case alreadyCached = "already-cached"
        /// A checkout destination that exists and is not an empty folder.
        case destinationNotEmpty = "destination-not-empty"
        /// The remote asked for credentials and none were found, or it refused them.
        case authentication = "authentication"
        /// The server's TLS certificate is not signed by a trusted authority.
        case untrustedCertificate = "untrusted-certificate"
        /// The SSH server's host key is unknown, changed or revoked.
        case hostKey = "host-key"
        /// A `cache add --from` list that cannot be read as one URL (and branch) per line.
        case invalidList = "invalid-list"
        /// Any other failure reported by libgit2.
        case git = "git"
        /// A failure of the file system outside libgit2.
        case io = "io"
    }

    public let kind: Kind
    public let message: String
    /// A network failure that may pass (a refused or dropped connection, a timeout, a
    /// server error 5xx or 429): `cache sync` and `cache add` try again after a pause.
    public let isTransient: Bool

    public init(_ kind: Kind, _ message: String, transient: Bool = false) {
        self.kind = kind
        self.message = message
        self.isTransient = transient
    }

    public var description: String { message }

    /// Wraps a file-system error (from Foundation or POSIX) with the operation and path.
    static func io(_ operation: String, _ path: String, _ error: any Error) -> RepositoryError {
        RepositoryError(.io, "cannot \(operation) '\(path)': \(describe(error, path: path))")
    }

    private static func describe(_ error: any Error, path: String) -> String {
        if let error = error as? RepositoryError { return error.message }
        return SystemErrorText.words(for: error, path: path)
    }

    /// "a, b and c" for messages that list names.
    static func list(_ names: [String]) -> String {
        let quoted = names.map { "'\($0)'" }
        switch quoted.count {
        case 0: return "none"
        case 1: return quoted[0]
        default: return quoted.dropLast().joined(separator: ", ") + " and " + quoted.last!
        }
    }
}
