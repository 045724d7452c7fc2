import TakoCEL
import TakoSemver

/// `semver.major(s)`, `semver.minor(s)`, `semver.patch(s)` (int), `semver.compare(a, b)`
/// (int: -1, 0, 1) and `semver.satisfies(version, range)` (bool), over strings, on top of
/// TakoSemver's `Semver` functions: versions are read the way Go tools read them (`v1.2.3`,
/// `1.4`), ranges in the Masterminds syntax or tako's interval notation. An invalid version
/// or range is an evaluation error naming the problem, never a silent false.
public enum SemverLibrary {
    public static let functions: [FunctionDecl] = [
        component("major", Semver.major),
        component("minor", Semver.minor),
        component("patch", Semver.patch),
        FunctionDecl(
            name: "semver.compare",
            overloads: [
                Overload(
                    id: "semver_compare_string_string", params: [.string, .string], result: .int,
                    implementation: .binary { a, b in
                        .int(Int64(try unwrap(Semver.compare(try string(a), try string(b)), "semver.compare")))
                    })
            ]),
        FunctionDecl(
            name: "semver.satisfies",
            overloads: [
                Overload(
                    id: "semver_satisfies_string_string", params: [.string, .string], result: .bool,
                    implementation: .binary { v, r in
                        .bool(try unwrap(Semver.satisfies(try string(v), try string(r)), "semver.satisfies"))
                    })
            ]),
    ]

    private static func component(_ name: String, _ f: @escaping @Sendable (String) -> Result<UInt64, SemverParseError>) -> FunctionDecl {
        FunctionDecl(
            name: "semver.\(name)",
            overloads: [
                Overload(
                    id: "semver_\(name)_string", params: [.string], result: .int,
                    implementation: .unary { v in
                        .int(Int64(clamping: try unwrap(f(try string(v)), "semver.\(name)")))
                    })
            ])
    }

    private static func string(_ value: Value) throws -> String {
        guard case .string(let text) = value else { throw CELError("no such overload") }
        return text
    }

    private static func unwrap<T>(_ result: Result<T, SemverParseError>, _ function: String) throws -> T {
        switch result {
        case .success(let v): return v
        case .failure(let e): throw CELError("\(function): \(e.message)")
        }
    }
}
