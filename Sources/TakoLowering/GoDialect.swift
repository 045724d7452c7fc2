import TakoBasics
import TakoSyntax

/// The language a file is read in. `version: "1"` is this project's; any other non-empty
/// version is a file of the Go tool, read with the meaning that tool gave it
/// (docs/go-compatibility.md).
public enum Dialect: String, Sendable, Hashable {
    case native
    case go
}

/// One change `takoc migrate` makes to a file's bytes, at a range lowering reported.
public struct MigrationEdit: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// The text of the range replaced.
        case replace(String)
        /// Every line the range touches turned into a comment (a key the Go tool ignored).
        case commentOut
        /// A new line after the range's last line, indented to the range's start column.
        case insertLineAfter(String)
        /// The range's lines removed (a fix of `takoc check --fix`).
        case removeLines
    }

    public var kind: Kind
    public var range: SourceRange
    /// Why, for the comment `takoc migrate` leaves.
    public var reason: String

    public init(_ kind: Kind, at range: SourceRange, because reason: String) {
        self.kind = kind
        self.range = range
        self.reason = reason
    }
}

extension Lowerer {
    static let nativeVersion = "1"

    /// Decides the dialect from the root mapping's `version`, before any key is checked.
    mutating func chooseDialect(_ root: YAMLNode) {
        guard let pair = root.mapping?.first(where: { $0.key.scalar?.value == "version" }),
            let value = pair.value.scalar, !value.isNull, !value.value.isEmpty, value.value != Self.nativeVersion
        else { return }
        dialect = .go
        report(
            .goDialect,
            "version '\(value.value)' is not this project's version \"1\": the file is read as a file of the Go tool, with the meaning that tool gave it (keys it ignored are warnings, fan-out steps do not wait for their children unless they say so); 'takoc migrate' rewrites it in this project's form",
            at: pair.value.range)
        migration.append(
            MigrationEdit(.replace(value.style == .singleQuoted ? "'1'" : "\"1\""), at: pair.value.range, because: "this project's version")
        )
    }
}
