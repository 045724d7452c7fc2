import TakoBasics
import TakoCEL
import TakoSemver

// The standalone libraries name their problems without knowing tako's catalogue; here each
// of their names is mapped to its entry, so that adding a kind there fails to compile
// until the catalogue has it.

extension CELDiagnostic.Kind {
    /// The catalogue entry of a CEL problem: `cel-` and the kind.
    public var diagnosticID: DiagnosticID {
        switch self {
        case .syntax: .celSyntaxError
        case .nestingTooDeep: .celNestingTooDeep
        case .invalidLiteral: .celInvalidLiteral
        case .reservedIdentifier: .celReservedIdentifier
        case .invalidMacro: .celInvalidMacro
        case .undeclaredReference: .celUndeclaredReference
        case .undefinedField: .celUndefinedField
        case .noMatchingOverload: .celNoMatchingOverload
        case .typeMismatch: .celTypeMismatch
        case .unknownType: .celUnknownType
        case .invalidRegex: .celInvalidRegex
        case .costLimit: .celCostLimit
        }
    }
}

extension SemverDiagnosticID {
    /// The catalogue entry of a version or range problem (the same text as the raw value).
    public var diagnosticID: DiagnosticID {
        switch self {
        case .empty: .semverEmpty
        case .unexpectedCharacter: .semverUnexpectedCharacter
        case .invalidNumber: .semverInvalidNumber
        case .invalidPrerelease: .semverInvalidPrerelease
        case .invalidBuild: .semverInvalidBuild
        case .tooManyParts: .semverTooManyParts
        case .partialVersion: .semverPartialVersion
        case .leadingV: .semverLeadingV
        case .missingVersion: .semverMissingVersion
        case .emptyAlternative: .semverEmptyAlternative
        case .caretWildcard: .semverCaretWildcard
        case .tildeZero: .semverTildeZero
        case .wildcardComparison: .semverWildcardComparison
        case .wildcardInInterval: .semverWildcardInInterval
        case .malformedInterval: .semverMalformedInterval
        }
    }
}
