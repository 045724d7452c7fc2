import TakoCEL
import TakoSemver

/// `semver.major(s)`, `semver.minor(s)`, `semver.patch(s)` (int), `semver.compare(a, b)`
/// (int: -1, 0, 1) and `semver.satisfies(version, range)` (bool), over strings. An invalid
/// version or range is an evaluation error naming the problem, never a silent false.
public enum SemverLibrary {
    public static let functions: [FunctionDecl] = [
        component("major", \.major),
        component("minor", \.minor),
        component("patch", \.patch),
        FunctionDecl(name: "semver.compare", overloads: [
            Overload(id: "semver_compare_string_string", params: [.string, .string], result: .int, implementation: .binary { a, b in
                let x = try version(a), y = try version(b)
                return .int(Int64(x.compare(y).signum()))
            }),
        ]),
        FunctionDecl(name: "semver.satisfies", overloads: [
            Overload(id: "semver_satisfies_string_string", params: [.string, .string], result: .bool, implementation: .binary { v, r in
                let x = try version(v)
                guard case .string(let text) = r else { throw CELError("no such overload") }
                switch VersionRange.parse(text) {
                case .success(let range): return .bool(range.contains(x))
                case .failure(let e): throw CELError("semver.satisfies: invalid range '\(text)': \(e.message)")
                }
            }),
        ]),
    ]

    private static func component(_ name: String, _ key: KeyPath<Version, UInt64> & Sendable) -> FunctionDecl {
        FunctionDecl(name: "semver.\(name)", overloads: [
            Overload(id: "semver_\(name)_string", params: [.string], result: .int, implementation: .unary { v in
                let x = try version(v)
                return .int(Int64(clamping: x[keyPath: key]))
            }),
        ])
    }

    private static func version(_ value: Value) throws -> Version {
        guard case .string(let text) = value else { throw CELError("no such overload") }
        switch Version.parse(text, mode: .strict) {
        case .success(let v): return v
        case .failure(let e): throw CELError("invalid semantic version '\(text)': \(e.message)")
        }
    }
}
