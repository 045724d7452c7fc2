import TakoTestSupport
import Testing

/// Damages a tako.yml the ways real files and hostile input are damaged: lines deleted,
/// duplicated and swapped, random and invalid UTF-8 bytes, YAML punctuation in the wrong
/// place, broken indentation, and now and then deep nesting or a huge scalar.
enum Mutator {
    static func mutate(_ seed: [UInt8], rng: inout SplitMix64) -> [UInt8] {
        var bytes = seed
        let rounds = Int.random(in: 1...3, using: &rng)
        for _ in 0..<rounds { bytes = once(bytes, rng: &rng) }
        return bytes
    }

    static func once(_ bytes: [UInt8], rng: inout SplitMix64) -> [UInt8] {
        var lines = split(bytes)
        let roll = Int.random(in: 0..<1000, using: &rng)
        let at = Int.random(in: 0..<max(1, lines.count), using: &rng)
        switch roll {
        case 0..<150:  // delete lines
            let n = min(Int.random(in: 1...3, using: &rng), lines.count - at)
            if n > 0 { lines.removeSubrange(at..<(at + n)) }
        case 150..<280:  // duplicate a line (duplicate keys, ids, steps)
            if !lines.isEmpty { lines.insert(lines[at], at: at) }
        case 280..<400:  // swap two lines
            if !lines.isEmpty { lines.swapAt(at, Int.random(in: 0..<lines.count, using: &rng)) }
        case 400..<520:  // random bytes
            var b = bytes
            for _ in 0..<Int.random(in: 1...16, using: &rng) {
                let byte = UInt8.random(in: 0...255, using: &rng)
                let i = Int.random(in: 0...b.count, using: &rng)
                if Bool.random(using: &rng) || i == b.count { b.insert(byte, at: i) } else { b[i] = byte }
            }
            return b
        case 520..<620:  // invalid UTF-8: lone continuation, truncated sequence, overlong, surrogate, 0xFF
            let bad: [[UInt8]] = [
                [0x80], [0xC3], [0xE2, 0x82], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xFF, 0xFE], [0xF4, 0x90, 0x80, 0x80], [0x00],
            ]
            var b = bytes
            b.insert(contentsOf: bad[Int.random(in: 0..<bad.count, using: &rng)], at: Int.random(in: 0...b.count, using: &rng))
            return b
        case 620..<740:  // YAML or template punctuation where it does not belong
            let junk = [
                ":", "- ", "[", "]", "{", "}", "&a ", "*a", "!!str ", "|", ">", "%", "@", "`", "#", "'", "\"", "? ", ",",
                "{{", "}}", "{{ inputs. }}", "{{ steps..outputs }}", "<<: *a", "---\n", "...\n", "\t", "\\", "${{ x }}", "\r",
            ]
            var b = bytes
            let piece = Array(junk[Int.random(in: 0..<junk.count, using: &rng)].utf8)
            b.insert(contentsOf: piece, at: Int.random(in: 0...b.count, using: &rng))
            return b
        case 740..<840:  // indentation shifted
            if !lines.isEmpty {
                if Bool.random(using: &rng) {
                    lines[at] = Array(repeating: 0x20, count: Int.random(in: 1...5, using: &rng)) + lines[at]
                } else {
                    lines[at] = Array(lines[at].drop { $0 == 0x20 })
                }
            }
        case 840..<900:  // truncated
            return Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &rng)))
        case 900..<925:  // an expression of random CEL and template tokens, as an 'if' or in a 'run'
            let junk = expressionJunk(rng: &rng)
            let line = Bool.random(using: &rng) ? "        if: \"\(junk)\"" : "      - run: echo {{ \(junk) }}"
            lines.insert(Array(line.utf8), at: at)
        case 925..<940:  // a value replaced by another type
            let values = [
                "[]", "{}", "null", "~", "true", "3.5", "-1", "0x1F", "1e400", "''", "\"{{\"", "[[[]]]", "!!binary aGk=", "2001-12-14",
            ]
            if !lines.isEmpty, let colon = lines[at].firstIndex(of: UInt8(ascii: ":")) {
                lines[at] = Array(lines[at][...colon]) + Array((" " + values[Int.random(in: 0..<values.count, using: &rng)]).utf8)
            }
        case 940..<960:  // CRLF line ends or a byte-order mark
            return Bool.random(using: &rng) ? join(lines, separator: [0x0D, 0x0A]) : [0xEF, 0xBB, 0xBF] + bytes
        case 960..<985:  // nesting, up to 100,000 levels
            let depth = [10, 300, 5_000, 100_000][Int.random(in: 0..<4, using: &rng)]
            lines.insert(Array("x-deep: ".utf8) + nesting(depth, rng: &rng), at: at)
        default:  // a huge scalar
            let size = [1_000, 100_000, 1_000_000][Int.random(in: 0..<3, using: &rng)]
            lines.insert(Array("x-huge: ".utf8) + Array(repeating: UInt8(ascii: "a"), count: size), at: at)
        }
        return join(lines, separator: [0x0A])
    }

    static let expressionTokens = [
        "(", ")", "[", "]", "{", "}", ".", ",", "inputs", "steps", "event", "payload", "env", "outputs", "&&", "||", "!", "?", ":",
        "1", "-1", "1.5", "1e9", "0x1F", "1u", "'x'", #"\""#, #"\"#, "has(", "all(", "exists(", "map(", "filter(", "x", "in",
        "size(", "int(", "string(", "..", "-", "*", "/", "%", "==", "!=", "<", ">=", "null", "true", "b'x'", "r'x'", "'''",
        #"\u12"#, "semver.major(", "|", "shell_quote", "default(", ".Inputs", ".Steps", "{{", "}}", "matches(", "'(['",
    ]

    static func expressionJunk(rng: inout SplitMix64) -> String {
        (0..<Int.random(in: 1...24, using: &rng)).map { _ in
            expressionTokens[Int.random(in: 0..<expressionTokens.count, using: &rng)]
        }.joined(separator: Bool.random(using: &rng) ? " " : "")
    }

    /// A valid file whose `if`, `run` hole and subscription filter are random expressions,
    /// so that the CEL and template parsers and checkers see them (inside a broken YAML
    /// file they are rarely reached).
    static func expressionFile(rng: inout SplitMix64) -> [UInt8] {
        func quoted(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "''") + "'" }
        let text = """
            version: "1"
            workflows:
              w:
                inputs: { s: { type: string }, n: { type: number }, b: { type: boolean } }
                steps:
                  - id: a
                    run: echo hi
                    produces: { outputs: { o: from_stdout } }
                  - if: \(quoted(expressionJunk(rng: &rng)))
                    run: \(quoted("echo {{ " + expressionJunk(rng: &rng) + " }}"))
            subscriptions:
              - artifact: acme/lib:default
                events: [built]
                filters: [\(quoted(expressionJunk(rng: &rng)))]
                workflow: w
                inputs: { s: \(quoted("{{ " + expressionJunk(rng: &rng) + " }}")) }

            """
        return Array(text.utf8)
    }

    static func nesting(_ depth: Int, rng: inout SplitMix64) -> [UInt8] {
        switch Int.random(in: 0..<3, using: &rng) {
        case 0: return Array(repeating: UInt8(ascii: "["), count: depth) + Array(repeating: UInt8(ascii: "]"), count: depth)
        case 1: return Array(String(repeating: "{a: ", count: depth).utf8)
        default: return Array(repeating: UInt8(ascii: "["), count: depth)
        }
    }

    static func split(_ bytes: [UInt8]) -> [[UInt8]] {
        bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
    }

    static func join(_ lines: [[UInt8]], separator: [UInt8]) -> [UInt8] {
        Array(lines.joined(separator: separator))
    }

    /// Inputs built to hurt: each must still end with a diagnostic within a second.
    enum Nasty: String, CaseIterable, CustomTestStringConvertible {
        case flowSequences100k, flowMappings100k, blockSequences100k, unclosedBrackets100k
        case hugePlainScalar, hugeRunWithHoles, hugeKeyCount, aliasBomb
        case deepCondition, deepTemplateHole, randomBytes, invalidUTF8Lines

        var testDescription: String { rawValue }
    }

    static func nasty(_ kind: Nasty) -> [UInt8] {
        let head = "version: \"1\"\nworkflows:\n  w:\n    inputs: { x: { type: string } }\n    steps:\n"
        var rng = SplitMix64(seed: 42)
        switch kind {
        case .flowSequences100k:
            return Array(
                (head + "      - run: " + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "\n").utf8)
        case .flowMappings100k:
            return Array(
                (head + "      - run: " + String(repeating: "{a: ", count: 100_000) + "b" + String(repeating: "}", count: 100_000) + "\n")
                    .utf8)
        case .blockSequences100k:
            return Array((head + "      - " + String(repeating: "- ", count: 100_000) + "x\n").utf8)
        case .unclosedBrackets100k:
            return Array(("x: " + String(repeating: "[{", count: 50_000) + "\n").utf8)
        case .hugePlainScalar:
            return Array((head + "      - run: " + String(repeating: "echo hi; ", count: 110_000) + "\n").utf8)
        case .hugeRunWithHoles:
            return Array((head + "      - run: \"" + String(repeating: "{{ inputs.x }} {{ inputs.y }} ", count: 5_000) + "\"\n").utf8)
        case .hugeKeyCount:
            var s = "version: \"1\"\nworkflows:\n"
            for i in 0..<20_000 { s += "  w\(i): { steps: [make] }\n" }
            return Array(s.utf8)
        case .aliasBomb:
            var s = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
            for i in 1..<12 { s += "a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]\n" }
            return Array(s.utf8)
        case .deepCondition:
            return Array(
                (head + "      - run: make\n        if: \"" + String(repeating: "(", count: 100_000) + "true"
                    + String(repeating: ")", count: 100_000) + "\"\n").utf8)
        case .deepTemplateHole:
            return Array(
                (head + "      - run: \"{{ " + String(repeating: "(", count: 100_000) + "inputs.x" + String(repeating: ")", count: 100_000)
                    + " }}\"\n").utf8)
        case .randomBytes:
            return (0..<200_000).map { _ in UInt8.random(in: 0...255, using: &rng) }
        case .invalidUTF8Lines:
            var out: [UInt8] = Array(head.utf8)
            for i in 0..<20_000 {
                out += Array("      - run: echo ".utf8) + [0xC3, 0x28, 0xA0, 0xA1, 0xF0, 0x28, 0x8C, 0xBC] + Array(" \(i)\n".utf8)
            }
            return out
        }
    }
}
