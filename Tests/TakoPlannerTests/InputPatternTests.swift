import TakoBasics
import TakoLowering
import Testing

@testable import TakoPlanner

/// An input's `validation.pattern` is RE2, as the language page says and as CEL's `matches`
/// reads it: lowering refuses what RE2 refuses (with RE2's reason and what to do instead),
/// and the planner checks root inputs with RE2's matching.
@Suite struct InputPatternTests {
    static func file(pattern: String) -> String {
        """
        version: "1"
        workflows:
          release:
            inputs:
              version: { type: string, required: true, validation: { pattern: '\(pattern)' } }
            steps:
              - run: echo {{ inputs.version | shell_quote }}
        """
    }

    static func lowered(pattern: String) -> String {
        let lowered = Lowering.lower(path: "tako.yml", bytes: Array(file(pattern: pattern).utf8))
        return DiagnosticRenderer(sources: [lowered.source]).render(lowered.diagnostics, as: .text)
    }

    @Test func lookaroundAndBackreferencesAreRefusedWithWhatToDoInstead() {
        let lookahead = Self.lowered(pattern: "^(?!0)[0-9]+$")
        #expect(lookahead.contains("'^(?!0)[0-9]+$' is not a valid regular expression (RE2): invalid perl operator: (?!"))
        #expect(lookahead.contains("RE2 has no lookaround"))
        #expect(lookahead.contains("[invalid-validation]"))
        let backreference = Self.lowered(pattern: "^(a)\\1$")
        #expect(backreference.contains("RE2 has no backreferences"))
        #expect(Self.lowered(pattern: "([").contains("missing ]"))
    }

    @Test func anRE2PatternLowersCleanly() {
        #expect(Self.lowered(pattern: "^[0-9]+\\.[0-9]+\\.[0-9]+(-[\\p{L}0-9.]+)?$").isEmpty)
    }

    @Test(arguments: [
        ("1.2.3", true), ("1.2.3-rc.1", true), ("1.2.3-βeta", true), ("1.2", false), ("v1.2.3", false),
    ])
    func rootInputsAreMatchedWithRE2(version: String, allowed: Bool) {
        let world = World(files: ["acme/lib": Self.file(pattern: "^[0-9]+\\.[0-9]+\\.[0-9]+(-[\\p{L}0-9.]+)?$")])
        let (outcome, rendered) = world.plan("acme/lib", "release", inputs: ["version": version])
        #expect((outcome.plan != nil) == allowed, "\(rendered)")
        if !allowed {
            #expect(rendered.contains("input 'version' is not valid: '\(version)' does not match the pattern"), "\(rendered)")
        }
    }
}
