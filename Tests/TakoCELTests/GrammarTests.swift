// Grammar/cel.ebnf and the parser stay in step: every CamelCase production has a
// `mutating func parse<Name>` in the Parser and every such function a production.

import Foundation
import Testing

@Suite("grammar")
struct GrammarTests {
    static let root = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    @Test func productionsMatchParserFunctions() throws {
        let grammar = try String(contentsOf: Self.root.appendingPathComponent("Grammar/cel.ebnf"), encoding: .utf8)
        var productions: Set<String> = []
        for line in grammar.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let name = parts[0].trimmingCharacters(in: .whitespaces)
            if let first = name.unicodeScalars.first, CharacterSet.uppercaseLetters.contains(first),
                name.contains(where: \.isLowercase), !name.contains(" ")
            {
                productions.insert(name)
            }
        }
        let folder = Self.root.appendingPathComponent("Sources/TakoCEL/Parser")
        var functions: Set<String> = []
        for file in try FileManager.default.contentsOfDirectory(atPath: folder.path) where file.hasSuffix(".swift") {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            for line in text.split(separator: "\n") {
                guard let range = line.range(of: "mutating func parse") else { continue }
                let name = line[range.upperBound...].prefix { $0.isLetter }
                if !name.isEmpty { functions.insert(String(name)) }
            }
        }
        #expect(productions == functions)
    }
}
