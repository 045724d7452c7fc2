/// Every diagnostic the compiler can report, declared once: the stable ID printed in
/// brackets (and matched by `# tako:ignore`), its severity, a one-line summary (the SARIF
/// rule's short description) and the text of docs/diagnostics.md, which a test generates
/// from this list. The compiler makes a `Diagnostic` only from one of these cases.
public enum DiagnosticID: String, Sendable, Hashable, Codable, CaseIterable, Comparable, CustomStringConvertible {
    case yamlSyntax = "yaml-syntax"
    case yamlMultipleDocuments = "yaml-multiple-documents"
    case yamlUnknownAlias = "yaml-unknown-alias"
    case yamlAliasExpansion = "yaml-alias-expansion"
    case yamlTooDeep = "yaml-too-deep"
    case missingKey = "missing-key"
    case unknownKey = "unknown-key"
    case duplicateKey = "duplicate-key"
    case ignoredKey = "ignored-key"
    case invalidKey = "invalid-key"
    case wrongType = "wrong-type"
    case invalidValue = "invalid-value"
    case invalidName = "invalid-name"
    case invalidEventType = "invalid-event-type"
    case unsupportedVersion = "unsupported-version"
    case goDialect = "go-dialect"
    case goIgnoredKey = "go-ignored-key"
    case outOfRange = "out-of-range"
    case invalidDuration = "invalid-duration"
    case invalidValidation = "invalid-validation"
    case invalidDefault = "invalid-default"
    case invalidInput = "invalid-input"
    case missingInput = "missing-input"
    case unknownInput = "unknown-input"
    case duplicateId = "duplicate-id"
    case unknownStep = "unknown-step"
    case unknownOutput = "unknown-output"
    case outputNotYet = "output-not-yet"
    case unknownName = "unknown-name"
    case templateSyntax = "template-syntax"
    case githubExpression = "github-expression"
    case templateScope = "template-scope"
    case templatePipe = "template-pipe"
    case templateType = "template-type"
    case shellInjection = "shell-injection"
    case shellcheck = "shellcheck"
    case pathEscapesRepo = "path-escapes-repo"
    case unknownBuiltin = "unknown-builtin"
    case unsupportedBuiltin = "unsupported-builtin"
    case unknownArtifact = "unknown-artifact"
    case ambiguousArtifact = "ambiguous-artifact"
    case undeclaredEvent = "undeclared-event"
    case invalidArtifactReference = "invalid-artifact-reference"
    case unknownWorkflow = "unknown-workflow"
    case emptyRange = "empty-range"
    case incompatibleSchema = "incompatible-schema"
    case partialSchemaOverlap = "partial-schema-overlap"
    case uncheckedSchemaRange = "unchecked-schema-range"
    case unknownPayloadKey = "unknown-payload-key"
    case subscriptionShadowed = "subscription-shadowed"
    case unknownPublisher = "unknown-publisher"
    case unknownEvent = "unknown-event"
    case misnamedSubscription = "misnamed-subscription"
    case fanOutReachesNoRun = "fan-out-reaches-no-run"
    case celSyntaxError = "cel-syntax-error"
    case celNestingTooDeep = "cel-nesting-too-deep"
    case celInvalidLiteral = "cel-invalid-literal"
    case celReservedIdentifier = "cel-reserved-identifier"
    case celInvalidMacro = "cel-invalid-macro"
    case celUndeclaredReference = "cel-undeclared-reference"
    case celUndefinedField = "cel-undefined-field"
    case celNoMatchingOverload = "cel-no-matching-overload"
    case celTypeMismatch = "cel-type-mismatch"
    case celUnknownType = "cel-unknown-type"
    case celInvalidRegex = "cel-invalid-regex"
    case celCostLimit = "cel-cost-limit"
    case conditionError = "condition-error"
    case filterError = "filter-error"
    case semverEmpty = "semver-empty"
    case semverUnexpectedCharacter = "semver-unexpected-character"
    case semverInvalidNumber = "semver-invalid-number"
    case semverInvalidPrerelease = "semver-invalid-prerelease"
    case semverInvalidBuild = "semver-invalid-build"
    case semverTooManyParts = "semver-too-many-parts"
    case semverPartialVersion = "semver-partial-version"
    case semverLeadingV = "semver-leading-v"
    case semverMissingVersion = "semver-missing-version"
    case semverEmptyAlternative = "semver-empty-alternative"
    case semverCaretWildcard = "semver-caret-wildcard"
    case semverTildeZero = "semver-tilde-zero"
    case semverWildcardComparison = "semver-wildcard-comparison"
    case semverWildcardInInterval = "semver-wildcard-in-interval"
    case semverMalformedInterval = "semver-malformed-interval"
    case unknownRepository = "unknown-repository"
    case fanOutCycle = "fan-out-cycle"
    case fanOutTooDeep = "fan-out-too-deep"
    case tooManyRuns = "too-many-runs"
    case unusedSuppression = "unused-suppression"
    case invalidSuppression = "invalid-suppression"

    public static func < (a: DiagnosticID, b: DiagnosticID) -> Bool { a.rawValue < b.rawValue }

    public var description: String { rawValue }

    /// Errors stop a plan; warnings do not and may be suppressed.
    public var severity: Severity { entry.severity }

    /// One line, lowercase, no final period.
    public var summary: String { entry.summary }

    /// What the diagnostic means and how to fix it, in Markdown.
    public var documentation: String { entry.documentation }

    private var entry: (severity: Severity, summary: String, documentation: String) {
        switch self {
        case .yamlSyntax:
            (
                .error, "the file is not well-formed YAML",
                "The YAML parser stopped at the position shown. Fix the indentation, the quoting or the bracket it points at; nothing else in the file is checked until it parses."
            )
        case .yamlMultipleDocuments:
            (
                .error, "a tako.yml holds more than one YAML document",
                "A tako.yml is one document. Remove the `---` separator and the documents after it, or merge them into one mapping."
            )
        case .yamlUnknownAlias:
            (
                .error, "an alias refers to no anchor defined before it",
                "An alias (`*name`) must follow its anchor (`&name`) in the file. Define the anchor first or spell the value out."
            )
        case .yamlAliasExpansion:
            (
                .error, "aliases expand to too many nodes",
                "Aliases that refer to aliases can grow a small file into a huge tree (a \"billion laughs\"). The compiler stops at a fixed number of expanded nodes; write the repeated values out or use fewer nested aliases."
            )
        case .yamlTooDeep:
            (
                .error, "the YAML nesting is deeper than the parser allows",
                "Nesting is bounded so that a hostile file cannot exhaust the stack. Flatten the structure."
            )
        case .missingKey:
            (
                .error, "a required key is missing, or the file is empty",
                "Add the key the message names; a tako.yml needs at least `version`."
            )
        case .unknownKey:
            (
                .error, "a key that this context does not accept",
                "Keys are checked per context. Correct the spelling (the message suggests the nearest key), or prefix a key of your own with `x-`, which is always accepted and ignored."
            )
        case .duplicateKey:
            (
                .error, "a key, or a named entry, given twice",
                "YAML loaders disagree on which of two equal keys wins, so tako refuses both. Remove one; the note shows the first."
            )
        case .ignoredKey:
            (
                .warning, "a key of the Go tool that has no effect",
                "The Go tool accepted this key and did nothing with it; tako accepts it for compatibility and says so. Remove it, or suppress the warning with `# tako:ignore ignored-key REASON`."
            )
        case .invalidKey:
            (
                .error, "a key that does not apply here",
                "The key exists but not in this combination, for example `with` on a step without `uses`. Move it or remove it."
            )
        case .wrongType:
            (
                .error, "a value of the wrong YAML type",
                "The value has the wrong shape (a list where a mapping is expected, a number where text is expected). Write it in the shape the message names."
            )
        case .invalidValue:
            (
                .error, "a value outside the accepted set",
                "The value is not one of those the key accepts; the message lists them."
            )
        case .invalidName:
            (
                .error, "a name that breaks the naming rules",
                "Step ids, input names, output names and workflow names are identifiers: a letter, then letters, digits, `_` or `-`. Rename it."
            )
        case .invalidEventType:
            (
                .error, "an event type that is not snake_case",
                "Event types are snake_case (`library_built`), so that publishers and subscribers spell them alike."
            )
        case .unsupportedVersion:
            (
                .error, "an empty version",
                "Write `version: \"1\"`. Any other non-empty version is read as a file of the Go tool (see `go-dialect`)."
            )
        case .goDialect:
            (
                .warning, "a file read with the Go tool's meaning, because its version is not \"1\"",
                "The file keeps the meaning the Go tool gave it: keys it ignored are warnings, and fan-out steps do not wait for their children unless they say so. `takoc migrate` rewrites it in this project's form, with `version: \"1\"`."
            )
        case .goIgnoredKey:
            (
                .warning, "a key or value the Go tool ignored, in a file of its dialect",
                "The Go tool read the file without this key or value, so it has no effect here either; the message says what was probably meant. Remove it, or write what was meant after `takoc migrate`."
            )
        case .outOfRange:
            (
                .error, "a number or duration outside its allowed range",
                "The value is outside the bounds the message gives; pick one inside."
            )
        case .invalidDuration:
            (
                .error, "a duration that does not parse",
                "Durations are a number with a unit: `30s`, `5m`, `1h`, or combined as `1h30m`."
            )
        case .invalidValidation:
            (
                .error, "a validation rule that does not fit the input",
                "A rule must suit the input's type: `min`/`max` for numbers, `pattern` for strings (RE2 syntax), `enum` of values of the input's type."
            )
        case .invalidDefault:
            (
                .error, "a default that does not have the input's type or fails its validation",
                "Change the default to a value of the input's type that passes its validation."
            )
        case .invalidInput:
            (
                .error, "a --input value of the wrong type or failing its validation",
                "A value given with `takoc plan --input NAME=VALUE` must have the input's type and pass its validation; the message says which rule failed."
            )
        case .missingInput:
            (
                .error, "a required input is not given",
                "Give the input with `--input NAME=VALUE`, or give it a `default` in the workflow."
            )
        case .unknownInput:
            (
                .error, "a reference to an input that does not exist",
                "Declare the input under the workflow's `inputs`, or correct the name (the message suggests the nearest)."
            )
        case .duplicateId:
            (
                .error, "two steps of one workflow with the same id",
                "Step ids name a step's outputs and conditions, so each is unique within its workflow. Rename one; the note shows the first."
            )
        case .unknownStep:
            (
                .error, "a reference to a step that does not exist",
                "Correct the step id, or give the step that id."
            )
        case .unknownOutput:
            (
                .error, "a reference to an output the step does not declare",
                "Declare the output under the step's `produces.outputs`, or correct the name."
            )
        case .outputNotYet:
            (
                .error, "a step output used before the step runs",
                "A step can read only the outputs of steps before it. Move the step, or read the output later."
            )
        case .unknownName:
            (
                .error, "a template hole that starts with an unknown name",
                "A hole starts with `inputs`, `steps`, `event`, `env` or one of their aliases; the message suggests the nearest."
            )
        case .githubExpression:
            (
                .error, "a GitHub Actions `${{ … }}` in a template or a condition",
                "tako's templates are `{{ … }}`: in `${{ inputs.version }}` the `$` stays in the command, before the value, and a shell reads `$1.0.0` as `$1` then `.0.0`. Remove the `$`. A condition (`if`, `filter`) is a CEL expression written bare: `if: inputs.dry`, not `if: ${{ inputs.dry }}`."
            )
        case .templateSyntax:
            (
                .error, "a template hole that does not parse",
                "A hole is `{{ PATH-OR-EXPRESSION | PIPE ... }}`. Close every `{{` with `}}`; the message says what was expected where the caret points."
            )
        case .templateScope:
            (
                .error, "a name used where it is not available",
                "Some names exist only in some places: `event` only in a workflow that a subscription starts, `steps` only after the step runs. Move the reference or pass the value as an input."
            )
        case .templatePipe:
            (
                .error, "an unknown or malformed pipe in a template hole",
                "The pipes are `shell_quote`, `json`, `lower`, `upper`, `trim` and `default(\"x\")`."
            )
        case .templateType:
            (
                .error, "a template hole whose value has no text (a list or a map without '| json')",
                "A list or a map has no single text form; add `| json` to write it as JSON."
            )
        case .shellInjection:
            (
                .warning, "an event payload or step output that could run as shell code in a run command",
                "Values that another repository or a step's output controls can contain shell syntax. They count as such directly, through an input that a subscription of the file sets from `event.payload`, and through an `env` entry. Such a value is safe in `run` only as `{{ X | shell_quote }}` standing as a word of its own; inside double or single quotes, in a here-document, a comment or `$((...))`, or in a command that `eval` or `sh -c` parses again, `shell_quote` does not help. The fix is the same everywhere: pass the value through `env` (`env: { VALUE: '{{ X }}' }`) and write `\"$VALUE\"` in the script."
            )
        case .shellcheck:
            (
                .warning, "a finding of ShellCheck in a run script",
                "`takoc check` runs [ShellCheck](https://www.shellcheck.net) on every `run` script, as `sh` (tako runs steps with `/bin/sh -c`), and reports each finding at its line and column in tako.yml, with its code (`SC2086`) and a link to the code's page of ShellCheck's wiki. ShellCheck's errors and warnings are warnings; its info and style findings are notes, which never fail a check. A template hole is checked as a value the script does not know (`${TAKO_HOLE}`, or a plain word inside single quotes, comments and here-documents). Fix the script as ShellCheck says, or silence one finding with a `# shellcheck disable=SC2086` line in the script (or `# tako:ignore shellcheck REASON` on a one-line `run`); `--no-shellcheck` turns the check off. Without `shellcheck` on PATH the check says so on one line and skips it; see [takoc check](commands/takoc-check.md#shellcheck)."
            )
        case .pathEscapesRepo:
            (
                .error, "a from_file path outside the repository",
                "An output read `from_file` must stay inside the repository's checkout: no absolute path, no `..` above the root."
            )
        case .unknownBuiltin:
            (
                .error, "a 'uses' that names no built-in step",
                "The built-in step is `tako/fan-out@v1`; anything else in `uses` is an error."
            )
        case .unsupportedBuiltin:
            (
                .error, "a built-in of the Go tool that is not supported",
                "This built-in of the Go tool has no counterpart here; write the step with `run`."
            )
        case .unknownArtifact:
            (
                .error, "an artifact that is not declared",
                "Declare the artifact under `artifacts`, or name one that is (the message suggests the nearest)."
            )
        case .ambiguousArtifact:
            (
                .error, "an event that could belong to several artifacts",
                "The repository declares several artifacts; say which one publishes the event with `artifact` in the fan-out's `with`."
            )
        case .undeclaredEvent:
            (
                .error, "a fan-out of an event that no earlier step declares",
                "Declare the event in an earlier step's `produces.events`, so that subscribers can be checked against it."
            )
        case .invalidArtifactReference:
            (
                .error, "an artifact reference that is not owner/repo:artifact",
                "Write the publisher as `owner/repo:artifact` (or `owner/repo` for its `default` artifact)."
            )
        case .unknownWorkflow:
            (
                .error, "a workflow that does not exist",
                "Correct the workflow's name, or define it under `workflows`."
            )
        case .emptyRange:
            (
                .error, "a schema range that accepts no version",
                "The range excludes every version (for example `>2.0.0 <1.0.0`). Widen it."
            )
        case .incompatibleSchema:
            (
                .error, "a schema range that rejects the version the publisher declares",
                "The subscriber would never receive the event. Widen the range, or subscribe to a publisher that emits a version inside it; the note shows the publisher's declaration."
            )
        case .partialSchemaOverlap:
            (
                .warning, "a schema range that accepts only part of what the publisher may emit",
                "Some versions the publisher may emit fall outside the range; the message names one. Widen the range or narrow the publisher's."
            )
        case .uncheckedSchemaRange:
            (
                .warning, "a schema range that cannot be checked, as the publisher declares no version",
                "The publisher's fan-out gives no `schema_version`, so the range cannot be compared with anything. Declare the version at the publisher."
            )
        case .unknownPayloadKey:
            (
                .error, "a payload key that the publisher does not declare",
                "The subscriber reads a payload key that the publisher's fan-out does not send. Correct the key or add it to the publisher's `payload`."
            )
        case .subscriptionShadowed:
            (
                .warning, "a subscription that an earlier one of the same file always wins over",
                "Only the first matching subscription of a repository runs. Reorder the subscriptions, make their filters exclusive, or remove the later one."
            )
        case .unknownPublisher:
            (
                .warning, "a subscription to a repository that is not in the cache, so it cannot be checked",
                "`takoc check --cache-dir` checks subscriptions against their publishers. Add the publisher to the cache (`takoc cache add`) or correct its name."
            )
        case .misnamedSubscription:
            (
                .warning, "a subscription that names a publisher, artifact or event of the plan one or two letters wrong",
                "`takoc plan` looks at every cached subscription against the fan-outs of the plan. One that names a repository missing from the cache, an artifact or an event type close to what a fan-out emits is never triggered, and the fan-out reaches fewer runs than meant (the note says how many). Correct the name the message suggests."
            )
        case .fanOutReachesNoRun:
            (
                .warning, "a fan-out of the plan that subscriptions name but that starts no run, and why",
                "`takoc plan` says when a fan-out step that subscriptions name reaches no run, and why: each subscription was passed over (a schema range the event's version is outside, a workflow that is missing), or every subscriber's filter is false for this event. A fan-out that no repository subscribes to is not warned about (an organisation has many); `takoc plan --explain` lists those and gives every subscription's reason, and a subscription that names the event a letter or two wrong is a `misnamed-subscription` warning."
            )
        case .unknownEvent:
            (
                .error, "a subscription to an event that the publisher never emits",
                "Correct the event type, or subscribe to an event the publisher's fan-outs emit."
            )
        case .celSyntaxError:
            (
                .error, "a CEL expression that does not parse",
                "The expression is not valid CEL; the caret shows where parsing stopped."
            )
        case .celNestingTooDeep:
            (
                .error, "a CEL expression nested too deeply",
                "Nesting is bounded so that a hostile expression cannot exhaust the stack. Split the expression."
            )
        case .celInvalidLiteral:
            (
                .error, "a CEL literal that is not valid",
                "A number out of range or a string with a bad escape; correct the literal."
            )
        case .celReservedIdentifier:
            (
                .error, "a CEL reserved word used as a name",
                "CEL reserves words such as `in`, `as` and `package`; use another name, or index with `x[\"name\"]`."
            )
        case .celInvalidMacro:
            (
                .error, "a CEL macro called the wrong way",
                "Macros such as `all`, `exists` and `map` take a variable name first: `list.all(x, x > 0)`."
            )
        case .celUndeclaredReference:
            (
                .error, "a CEL name that is not declared",
                "The expression reads a name the environment does not have; the message suggests the nearest. The names are those of language.md's Expressions section."
            )
        case .celUndefinedField:
            (
                .error, "a CEL field that the type does not have",
                "Correct the field's name; the message suggests the nearest."
            )
        case .celNoMatchingOverload:
            (
                .error, "a CEL function or operator applied to the wrong types",
                "No overload accepts these argument types; convert one side (`int(x)`, `string(x)`)."
            )
        case .celTypeMismatch:
            (
                .error, "a CEL expression of the wrong type",
                "An `if` or a filter must be a `bool`; a hole's expression must have a text form."
            )
        case .celUnknownType:
            (
                .error, "a CEL type name that does not exist",
                "Correct the type's name."
            )
        case .celInvalidRegex:
            (
                .error, "a 'matches' pattern that RE2 does not accept",
                "Write the pattern in RE2's syntax: no backreferences, lookaround or atomic groups, repetitions of at most 1000."
            )
        case .celCostLimit:
            (
                .error, "a CEL expression that costs more than the limit per evaluation whatever its inputs",
                "Build smaller strings and lists: strings cost one unit per ten bytes built or read, lists one per element, 1,000,000 units per evaluation."
            )
        case .conditionError:
            (
                .error, "an 'if' that fails when the plan is made",
                "The condition's values are known at plan time and evaluating it failed (a division by zero, a missing key); the message says why."
            )
        case .filterError:
            (
                .error, "a subscription filter that fails when the plan is made",
                "The filter's values are known at plan time and evaluating it failed; the message says why."
            )
        case .semverEmpty:
            (
                .error, "an empty version or range",
                "Write a version (`1.2.3`) or a range (`^1.2`)."
            )
        case .semverUnexpectedCharacter:
            (
                .error, "a character a version or range cannot hold there",
                "Remove or correct the character the caret points at."
            )
        case .semverInvalidNumber:
            (
                .error, "a version number out of range or with a leading zero",
                "Version numbers are decimal without leading zeros and fit 64 bits."
            )
        case .semverInvalidPrerelease:
            (
                .error, "a prerelease part that is not valid",
                "A prerelease part is non-empty, of `[0-9A-Za-z-]`, and numeric parts have no leading zero."
            )
        case .semverInvalidBuild:
            (
                .error, "a build-metadata part that is not valid",
                "A build-metadata part is non-empty and of `[0-9A-Za-z-]`."
            )
        case .semverTooManyParts:
            (
                .error, "a version with more than three numbers",
                "A version is `MAJOR.MINOR.PATCH`; remove the extra part."
            )
        case .semverPartialVersion:
            (
                .error, "a version with fewer than three numbers",
                "A declared version is exact: write all three numbers (`1.2.0`)."
            )
        case .semverLeadingV:
            (
                .error, "a version with a leading 'v'",
                "Write the version without the `v` (`1.2.3`)."
            )
        case .semverMissingVersion:
            (
                .error, "an operator with no version after it",
                "Write a version after the operator (`>=1.2.0`)."
            )
        case .semverEmptyAlternative:
            (
                .error, "an empty side of '||' or a stray comma",
                "Remove the stray `||` or comma, or write the missing range."
            )
        case .semverCaretWildcard:
            (
                .error, "a caret with a wildcard, whose meaning differs between tools",
                "Tools disagree on `^*` and `^x`; write `*` or `>=0.0.0` for any version."
            )
        case .semverTildeZero:
            (
                .error, "'~0.0.0', whose meaning differs between tools",
                "Tools disagree on `~0.0.0`; write `>=0.0.0 <0.1.0` or the range you mean."
            )
        case .semverWildcardComparison:
            (
                .error, "a comparison with a bare wildcard",
                "`<*`, `>*` and the like have no agreed meaning; write a version after the operator."
            )
        case .semverWildcardInInterval:
            (
                .error, "a wildcard inside an interval",
                "The interval notation takes exact versions: `[1.0.0, 2.0.0)`."
            )
        case .semverMalformedInterval:
            (
                .error, "an interval that does not parse",
                "Write an interval as `[LOW, HIGH)` with `[` or `(` and `]` or `)`; either bound may be left out."
            )
        case .unknownRepository:
            (
                .error, "a repository that is not in the cache",
                "Add the repository to the cache with `takoc cache add`, or correct its name."
            )
        case .fanOutCycle:
            (
                .error, "fan-outs that trigger each other in a cycle",
                "A fan-out chain returns to a workflow already on it; the message names every hop. Break the cycle with a filter or by subscribing to another event."
            )
        case .fanOutTooDeep:
            (
                .error, "a fan-out deeper than --max-depth",
                "The chain of fan-outs is longer than `--max-depth` (default 10). Raise the limit if the depth is meant."
            )
        case .tooManyRuns:
            (
                .error, "a plan with more runs than the limit",
                "The plan would hold more runs than the limit. Narrow the fan-out with filters or split the release."
            )
        case .unusedSuppression:
            (
                .warning, "a tako:ignore comment that suppresses nothing",
                "The warning it named is gone, or it is on the wrong line. Remove the comment."
            )
        case .invalidSuppression:
            (
                .warning, "a tako:ignore comment without an ID or a reason",
                "Write `# tako:ignore ID REASON`: the ID of the warning and why it is acceptable."
            )
        }
    }
}
