import TakoBasics
import Testing

@testable import TakoSyntax

@Suite struct YAMLParserTests {
    func parse(_ text: String) -> ParsedFile {
        YAMLParser.parse(path: "t.yml", bytes: Array(text.utf8))
    }

    @Test func everyNodeKnowsWhereItStartsAndEnds() throws {
        let file = parse("a: 1\nlist:\n  - x\n  - 'y'\n")
        let root = try #require(file.root?.mapping)
        #expect(file.diagnostics.isEmpty)
        #expect(root.map { $0.key.scalar?.value } == ["a", "list"])
        #expect(root[0].key.range.start == SourceLocation(line: 1, column: 1))
        #expect(root[0].value.range.start == SourceLocation(line: 1, column: 4))
        #expect(root[0].value.range.end == SourceLocation(line: 1, column: 5))
        let items = try #require(root[1].value.sequence)
        #expect(items[1].range.start == SourceLocation(line: 4, column: 5))
        #expect(items[1].scalar == YAMLScalar("y", style: .singleQuoted))
        #expect(root[1].value.range.start == SourceLocation(line: 3, column: 3))
    }

    @Test func scalarStylesAreKept() throws {
        let file = parse("p: plain\ns: 'single'\nd: \"double\"\nl: |\n  lit\nf: >\n  fold\n")
        let styles = try #require(file.root?.mapping).map { $0.value.scalar?.style }
        #expect(styles == [.plain, .singleQuoted, .doubleQuoted, .literal, .folded])
    }

    @Test func nullScalarsAreRecognised() throws {
        let values = try #require(parse("a:\nb: ~\nc: null\nd: ''\n").root?.mapping).map { $0.value.scalar!.isNull }
        #expect(values == [true, true, true, false])
        // Only YAML's spellings, and only plain: not other words of the same length, nor
        // other cases, nor a quoted null.
        let more = "[Null, NULL, nUll, nil, none, null0, '~', \"null\", ~~, nulL, Nul, ' ']"
        let words = try #require(parse(more).root?.sequence).map { $0.scalar!.isNull }
        #expect(words == [true, true, false, false, false, false, false, false, false, false, false, false])
    }

    @Test func syntaxErrorsHaveLineColumnAndContext() throws {
        let file = parse("a: [1, 2\nb: 3\n")
        let d = try #require(file.diagnostics.first)
        #expect(file.root == nil)
        #expect(d.id == .yamlSyntax)
        #expect(d.range?.start.line == 2)
        #expect(d.notes.first?.message == "while parsing a flow sequence")
        #expect(d.notes.first?.range?.start == SourceLocation(line: 1, column: 4))
    }

    @Test func invalidUTF8IsADiagnosticAtTheByte() throws {
        let file = YAMLParser.parse(path: "t.yml", bytes: Array("a: ok\nb: ".utf8) + [0xC3, 0x28])
        let d = try #require(file.diagnostics.first)
        #expect(d.message.contains("UTF-8"))
        #expect(d.range?.start == SourceLocation(line: 2, column: 4))
    }

    @Test func aliasesExpandToTheirAnchor() throws {
        let file = parse("base: &b { x: 1 }\ncopy: *b\n")
        let root = try #require(file.root?.mapping)
        #expect(root[1].value.mapping?.first?.key.scalar?.value == "x")
        #expect(root[1].value.range.start == SourceLocation(line: 2, column: 7))
        #expect(parse("a: *nope\n").diagnostics.first?.id == .yamlUnknownAlias)
    }

    @Test func billionLaughsIsStoppedByTheExpansionBudget() {
        var text = "l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n"
        for i in 1...9 { text += "l\(i): &l\(i) [" + Array(repeating: "*l\(i - 1)", count: 10).joined(separator: ", ") + "]\n" }
        let file = parse(text)
        #expect(file.root == nil)
        #expect(file.diagnostics.first?.id == .yamlAliasExpansion)
    }

    @Test func deepNestingIsADiagnosticNotACrash() {
        let depth = 100_000
        let file = parse(String(repeating: "[", count: depth) + String(repeating: "]", count: depth))
        #expect(file.root == nil)
        #expect(file.diagnostics.first?.id == .yamlTooDeep)
        let blocks = (0..<1_000).map { String(repeating: "  ", count: $0) + "k\($0):" }.joined(separator: "\n")
        #expect(parse(blocks).diagnostics.first?.id == .yamlTooDeep)
    }

    @Test func oneDocumentOnly() {
        #expect(parse("a: 1\n---\nb: 2\n").diagnostics.first?.id == .yamlMultipleDocuments)
    }

    @Test func anEmptyFileHasNoRootAndNoError() {
        let file = parse("")
        #expect(file.root == nil)
        #expect(file.diagnostics.isEmpty)
    }
}
