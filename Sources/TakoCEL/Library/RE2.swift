// `matches` on RE2 itself (Debian's libre2, through the CRE2 C shim): the syntax CEL
// specifies, and matching in time linear in the text whatever the pattern. This is the
// only file that imports CRE2.

internal import CRE2

/// A compiled RE2 pattern. RE2 objects are immutable after compilation and safe to match
/// from any number of threads.
final class CompiledRegex: @unchecked Sendable {
    private let handle: OpaquePointer

    private init(_ handle: OpaquePointer) { self.handle = handle }

    deinit { tako_re2_free(handle) }

    /// A pattern RE2 refuses: RE2's words for why, and a hint where one helps.
    struct InvalidPattern: Error {
        let reason: String
    }

    static func compile(_ pattern: String) -> Result<CompiledRegex, CELError> {
        compileOrExplain(pattern).mapError { CELError("invalid regular expression '\(pattern)': \($0.reason)") }
    }

    static func compileOrExplain(_ pattern: String) -> Result<CompiledRegex, InvalidPattern> {
        var error = [CChar](repeating: 0, count: 256)
        let handle: OpaquePointer? = RE2.withUTF8(pattern) { bytes in
            error.withUnsafeMutableBufferPointer { buffer in
                tako_re2_compile(bytes.baseAddress, bytes.count, buffer.baseAddress, buffer.count)
            }
        }
        guard let handle else {
            let why = String(decoding: error.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            return .failure(InvalidPattern(reason: why + hint(why)))
        }
        return .success(CompiledRegex(handle))
    }

    /// What to do instead, for the constructs other engines have and RE2 refuses.
    private static func hint(_ why: String) -> String {
        if why.hasPrefix("invalid perl operator: (?=") || why.hasPrefix("invalid perl operator: (?!")
            || why.hasPrefix("invalid perl operator: (?<") || why.hasPrefix("invalid perl operator: (?>")
        {
            return " (RE2 has no lookaround or atomic groups: match the text and test the rest with another condition)"
        }
        if let last = why.last, why.hasPrefix("invalid escape sequence: \\"), last.isNumber {
            return " (RE2 has no backreferences)"
        }
        return ""
    }

    func matches(_ text: String) -> Bool {
        RE2.withUTF8(text) { bytes in tako_re2_partial_match(handle, bytes.baseAddress, bytes.count) != 0 }
    }
}

/// RE2 for what tako.yml matches outside CEL (an input's `validation.pattern`): the engine
/// and syntax of CEL's `matches`, so that one pattern means the same in both places.
public enum RegularExpression {
    /// Why `pattern` is not an RE2 expression (and what to do instead, for lookaround and
    /// backreferences), or nil when it is one.
    public static func problem(in pattern: String) -> String? {
        switch CompiledRegex.compileOrExplain(pattern) {
        case .success: return nil
        case .failure(let error): return error.reason
        }
    }

    /// Whether `text` contains a match of `pattern`, as CEL's `matches` says; nil when the
    /// pattern is not an RE2 expression.
    public static func matches(_ text: String, _ pattern: String) -> Bool? {
        guard case .success(let regex) = CompiledRegex.compileOrExplain(pattern) else { return nil }
        return regex.matches(text)
    }
}

enum RE2 {
    /// The string's UTF-8 bytes without a copy when it is stored contiguously (a native
    /// Swift string always is). A NUL inside the text is an ordinary byte to RE2.
    static func withUTF8<R>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let r = text.utf8.withContiguousStorageIfAvailable({ body(UnsafeBufferPointer(rebasing: $0[...])) }) { return r }
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer(body)
    }

    static func matches(_ a: Value, _ b: Value) -> Value {
        guard case .string(let text) = a, case .string(let pattern) = b else { return .noSuchOverload }
        switch CompiledRegex.compile(pattern) {
        case .success(let regex): return .bool(regex.matches(text))
        case .failure(let error): return .error(error)
        }
    }
}
