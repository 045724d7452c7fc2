import Foundation
import TakoBasics
import Testing

@testable import TakoLowering

/// docs/language.md stays in step with the lowering: each key table on the page (marked
/// `<!-- keys: NAME -->`) lists exactly the keys of `KeyTables.NAME`, every key table has
/// its page table, and every YAML example on the page lowers without an error.
@Suite struct LanguageDocTests {
    static let page = TakoSchemaTests.root.appendingPathComponent("docs/language.md")

    /// Table name → the keys in the first column of the table after its marker.
    static func pageTables() throws -> [String: [String]] {
        let lines = try String(contentsOf: page, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        var tables: [String: [String]] = [:]
        var current: String?
        for line in lines {
            if line.hasPrefix("<!-- keys: "), let end = line.range(of: " -->") {
                current = String(line[line.index(line.startIndex, offsetBy: "<!-- keys: ".count)..<end.lowerBound])
                tables[current!] = []
                continue
            }
            guard let name = current else { continue }
            if !line.hasPrefix("|") {
                if !(tables[name]?.isEmpty ?? true) { current = nil }
                continue
            }
            let first = line.split(separator: "|", omittingEmptySubsequences: true).first ?? ""
            guard first.contains("`") else { continue }
            let names = first.split(separator: "`").enumerated().filter { $0.offset % 2 == 1 }.map { String($0.element) }
            tables[name, default: []] += names
        }
        return tables
    }

    @Test func everyKeyTableIsOnThePageWithExactlyItsKeys() throws {
        let tables = try Self.pageTables()
        let contexts = TakoSchemaTests.contexts
        #expect(Set(tables.keys) == Set(contexts.map(\.table)), "docs/language.md and KeyTables have different tables")
        for context in contexts {
            #expect(
                tables[context.table]?.sorted() == context.keys,
                "docs/language.md's '\(context.table)' table and KeyTables.\(context.table) disagree")
        }
    }

    @Test func everyExampleOnThePageLowersWithoutErrors() throws {
        let text = try String(contentsOf: Self.page, encoding: .utf8)
        let blocks = text.components(separatedBy: "```yaml\n").dropFirst().map { $0.components(separatedBy: "```")[0] }
        #expect(blocks.count >= 4)
        for block in blocks {
            let lowered = Lowering.lower(path: "language.md", bytes: Array(block.utf8))
            #expect(lowered.diagnostics.isEmpty, "\(block)\n\(lowered.diagnostics.map(\.message))")
        }
    }

    /// No page of the project sends a reader outside the repository, or to a page it lacks.
    @Test func pagesCiteOnlyFilesOfTheRepository() throws {
        let root = TakoSchemaTests.root
        var pages = ["README.md"]
        let e = FileManager.default.enumerator(atPath: root.appendingPathComponent("docs").path)
        while let p = e?.nextObject() as? String { if p.hasSuffix(".md") { pages.append("docs/" + p) } }
        let link = try Regex(#"\]\(([^)#]+)(#[^)]*)?\)"#)
        for page in pages {
            let text = try String(contentsOf: root.appendingPathComponent(page), encoding: .utf8)
            #expect(!text.contains("../shared"), "\(page) cites ../shared")
            #expect(!text.contains("language.md §"), "\(page) cites a language.md section this project does not have")
            for m in text.matches(of: link) {
                let target = String(m.output[1].substring ?? "")
                guard !target.hasPrefix("http"), !target.hasPrefix("mailto:") else { continue }
                let resolved = root.appendingPathComponent(page).deletingLastPathComponent().appendingPathComponent(target).standardized
                    .path
                #expect(resolved.hasPrefix(root.standardized.path), "\(page) links outside the repository: \(target)")
                #expect(FileManager.default.fileExists(atPath: resolved), "\(page) links to a missing file: \(target)")
            }
        }
    }
}
