import Foundation
import TakoBasics

/// The list `takoc cache add --from FILE` reads: one repository per line, its URL and
/// optionally a branch, separated by spaces or tabs. `#` starts a comment (a whole line,
/// or after a space); blank lines are skipped.
///
/// ```
/// # the platform team
/// https://github.com/acme/core-lib.git
/// https://github.com/acme/billing.git   release/2.x
/// git@github.com:acme/storefront.git
/// ```
public struct RepositoryList: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        public let url: String
        public let branch: String?
        public let name: RepoName
        /// 1-based line in the file.
        public let line: Int
    }

    public let entries: [Entry]

    /// Reads the list; every malformed line is reported (`FILE:LINE:COL: message`, in line
    /// order) in one `invalidList` error.
    public init(text: String, file: String) throws {
        var entries: [Entry] = []
        var problems: [String] = []
        var seen: [String: Int] = [:]
        var number = 0
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            number += 1
            var line = rawLine
            if line.hasSuffix("\r") { line = line.dropLast() }
            let fields = RepositoryList.fields(of: line)
            if fields.isEmpty { continue }
            func problem(_ column: Int, _ message: String) {
                problems.append("\(file):\(number):\(column): \(message)")
            }
            if fields.count > 2 {
                problem(
                    fields[2].column,
                    "expected 'URL [BRANCH]', found a third field '\(fields[2].text)'; "
                        + "put one repository on each line (a comment starts with '#')")
                continue
            }
            let url = fields[0].text
            let branch = fields.count == 2 ? fields[1].text : nil
            let name: RepoName
            do {
                name = try RepoName.fromURL(url)
            } catch let error as RepositoryError {
                problem(fields[0].column, error.message)
                continue
            } catch {
                problem(fields[0].column, "\(error)")
                continue
            }
            if RemoteURL(url).hasPassword {
                problem(
                    fields[0].column,
                    "the URL carries a password; give it through TAKO_GIT_TOKEN, a git credential "
                        + "helper or ~/.netrc instead")
                continue
            }
            if let branch, !LibGit2.isValidBranchName(branch) {
                problem(fields[1].column, "'\(branch)' is not a valid branch name")
                continue
            }
            let key = "\(name) \(branch ?? "")"
            if let first = seen[key] {
                problem(
                    fields[0].column,
                    "'\(name)'\(branch.map { " on branch '\($0)'" } ?? "") is already listed "
                        + "on line \(first); remove one of the two lines")
                continue
            }
            seen[key] = number
            entries.append(Entry(url: url, branch: branch, name: name, line: number))
        }
        guard problems.isEmpty else {
            throw RepositoryError(.invalidList, problems.joined(separator: "\n"))
        }
        self.entries = entries
    }

    /// The fields of a line before any comment, with their 1-based columns (in characters).
    private static func fields(of line: Substring) -> [(text: String, column: Int)] {
        var fields: [(String, Int)] = []
        var current = ""
        var start = 0
        var column = 0
        var previousIsSpace = true
        for character in line {
            column += 1
            if character == " " || character == "\t" {
                if !current.isEmpty { fields.append((current, start)); current = "" }
                previousIsSpace = true
                continue
            }
            if character == "#" && previousIsSpace { break }
            if current.isEmpty { start = column }
            current.append(character)
            previousIsSpace = false
        }
        if !current.isEmpty { fields.append((current, start)) }
        return fields
    }
}

/// What `GitCache.add(_:)` did with one entry of a list.
public struct AddResult: Sendable, Equatable, CustomStringConvertible {
    public enum Outcome: Sendable, Equatable {
        case added(CachedRepository)
        /// The clone exists already (`sync` updates it); not a failure. The message says where.
        case alreadyCached(String)
        case failed(String)
    }

    public let entry: RepositoryList.Entry
    public let outcome: Outcome

    public var isFailure: Bool {
        if case .failed = outcome { return true }
        return false
    }

    /// One line, e.g. "acme/app (main): added at 1a2b3c4".
    public var description: String {
        switch outcome {
        case .added(let repository):
            return "\(repository.name) (\(repository.branch)): added at \(repository.tip.map { String($0.prefix(7)) } ?? "?")"
        case .alreadyCached(let message):
            return "\(entry.name)\(entry.branch.map { " (\($0))" } ?? ""): skipped: \(message)"
        case .failed(let reason):
            return "\(entry.name)\(entry.branch.map { " (\($0))" } ?? ""): failed: \(reason)"
        }
    }
}

extension GitCache {
    /// Adds every entry of a list, up to `jobs` at once, one result per entry in the list's
    /// order. An entry already cached is reported as such, not as a failure, so that a list
    /// can be added again after it grew.
    public func add(
        _ list: RepositoryList, jobs: Int = GitCache.defaultJobs, access: RemoteAccess = RemoteAccess(),
        progress: (@Sendable (AddResult, _ done: Int, _ total: Int) -> Void)? = nil
    ) -> [AddResult] {
        let results = ResultSlots<AddResult>(count: list.entries.count)
        BlockingWork.forEach(list.entries.count, jobs: jobs) { index in
            let entry = list.entries[index]
            let outcome: AddResult.Outcome
            do {
                outcome = .added(try self.add(url: entry.url, branch: entry.branch, access: access))
            } catch let error as RepositoryError where error.kind == .alreadyCached {
                outcome = .alreadyCached(error.message)
            } catch let error as RepositoryError {
                outcome = .failed(error.message)
            } catch {
                outcome = .failed("\(error)")
            }
            let result = AddResult(entry: entry, outcome: outcome)
            let done = results.set(index, result)
            if let progress { results.report { progress(result, done, list.entries.count) } }
        }
        return results.all
    }
}
