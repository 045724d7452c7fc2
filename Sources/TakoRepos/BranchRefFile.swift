import Foundation

/// Reads the commit id a branch points at from a clone's ref files, without libgit2.
///
/// `GitCache.repositories()` lists thousands of clones for one plan; opening each with
/// libgit2 only to learn its tip would cost more than the whole plan may take. Git keeps
/// a branch either as a loose file `.git/refs/heads/BRANCH` holding the id, or as a line
/// `ID refs/heads/BRANCH` of `.git/packed-refs`, and the loose file wins. Anything else
/// (a symbolic ref, an unreadable file) yields nil, and callers fall back to libgit2.
enum BranchRefFile {
    /// The 40-hex id of `refs/heads/<branch>` in the clone at `clone`, or nil when it
    /// cannot be read this simple way.
    static func tip(branch: String, clone: String) -> String? {
        let gitFolder = clone + "/.git"
        let reference = "refs/heads/" + branch
        if let loose = FolderListing.contents(of: gitFolder + "/" + reference) {
            if loose.count == 41, loose[40] == 0x0A, isPlainObjectID(loose.prefix(40)) {
                return String(decoding: loose.prefix(40), as: UTF8.self)
            }
            return objectID(in: Substring(decoding: loose, as: UTF8.self).prefix(while: { !$0.isNewline }))
        }
        guard let packed = FolderListing.contents(of: gitFolder + "/packed-refs", limit: 1 << 26) else { return nil }
        for line in String(decoding: packed, as: UTF8.self).split(whereSeparator: \.isNewline) {
            guard !line.hasPrefix("#"), !line.hasPrefix("^") else { continue }
            let fields = line.split(separator: " ", maxSplits: 1)
            if fields.count == 2, fields[1] == reference { return objectID(in: fields[0]) }
        }
        return nil
    }

    /// The text if it is exactly 40 hexadecimal digits, lowercased; otherwise nil.
    private static func objectID(in text: Substring) -> String? {
        // What git writes: 40 lowercase hex digits, nothing around them. Decided on the bytes;
        // anything else takes Foundation's trim, as before (it was most of listing a cache).
        if isPlainObjectID(text.utf8) { return String(text) }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.utf8.count == 40, trimmed.allSatisfy(\.isHexDigit) else { return nil }
        return trimmed.lowercased()
    }

    /// Exactly 40 lowercase hexadecimal digits.
    private static func isPlainObjectID(_ bytes: some Collection<UInt8>) -> Bool {
        bytes.count == 40 && bytes.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }
    }
}
