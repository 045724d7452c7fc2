import Foundation
import TakoIR
import TakoLowering
import Testing

@testable import TakoPlanner

/// `takoc graph --org` on every example and on the scenarios of
/// `Tests/Golden/org-graph/scenarios` (the Go tool's simple and diamond graphs, and one of
/// each mark): text, DOT, Mermaid and SVG, each equal to its golden file under
/// `Tests/Golden/org-graph/`. `TAKO_UPDATE_GOLDEN=1` rewrites them.
@Suite struct OrganisationGraphTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let golden = root.appendingPathComponent("Tests/Golden/org-graph")

    /// Folders holding OWNER/REPO/tako.yml, by the name of their goldens.
    static var cases: [String] {
        [
            "examples/api-evolution", "examples/broken/cycle", "examples/broken/incompatible-range", "examples/release-train",
            "examples/rollout",
            "scenarios/go-simple-graph", "scenarios/go-diamond-graph", "scenarios/marks",
        ]
    }

    static func folder(_ name: String) -> URL {
        name.hasPrefix("examples/")
            ? root.appendingPathComponent("Examples/" + name.dropFirst("examples/".count)).resolvingSymlinksInPath()
            : golden.appendingPathComponent(name)
    }

    /// The graph as `takoc graph --org` makes it over a cache of these repositories.
    static func graph(_ name: String) throws -> OrganisationGraph {
        let dir = folder(name)
        let paths = (FileManager.default.enumerator(atPath: dir.path)?.allObjects as? [String] ?? []).filter { $0.hasSuffix("/tako.yml") }
            .sorted()
        var manifests: [String: ManifestDecl] = [:]
        for p in paths {
            let repo = String(p.dropLast("/tako.yml".count))
            let lowered = Lowering.lower(path: p, bytes: [UInt8](try Data(contentsOf: dir.appendingPathComponent(p))))
            if let m = lowered.manifest, !lowered.diagnostics.hasErrors { manifests[repo] = m }
        }
        #expect(!manifests.isEmpty, "\(name): no repository")
        return OrganisationGraph(manifests: manifests)
    }

    @Test(arguments: cases) func everyFormatMatchesItsGoldenFile(_ name: String) throws {
        let g = try Self.graph(name)
        let outputs = [("txt", g.text()), ("dot", g.dot()), ("mmd", g.mermaid()), ("svg", g.svg())]
        let base = Self.golden.appendingPathComponent(name.hasPrefix("examples/") ? name : name + "/graph")
        for (ext, text) in outputs {
            let file = base.appendingPathExtension(ext)
            if ProcessInfo.processInfo.environment["TAKO_UPDATE_GOLDEN"] != nil {
                try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(text.utf8).write(to: file)
            }
            #expect(text == (try String(contentsOf: file, encoding: .utf8)), "\(name).\(ext) differs from its golden file")
        }
        #expect(try Self.graph(name).svg() == g.svg(), "the drawing is not deterministic")
        let svg = g.svg()
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\"") && svg.hasSuffix("</svg>\n"))
        #expect(svg.components(separatedBy: "<g>").count == svg.components(separatedBy: "</g>").count)
    }

    @Test func theDiamondHasFiveRepositoriesAndFiveEdges() throws {
        let g = try Self.graph("scenarios/go-diamond-graph")
        #expect(g.repositories == ["acme/repo-a", "acme/repo-b", "acme/repo-c", "acme/repo-d", "acme/repo-e"])
        #expect(
            g.edges.map { "\($0.from)->\($0.to)" }.sorted() == [
                "acme/repo-a->acme/repo-b", "acme/repo-a->acme/repo-d", "acme/repo-b->acme/repo-c", "acme/repo-c->acme/repo-e",
                "acme/repo-d->acme/repo-e",
            ])
        // repo-e publishes nothing; every other publication has a listener.
        #expect(g.publications.allSatisfy { $0.listeners == 1 } || g.publications.filter { $0.listeners == 0 }.isEmpty)
        #expect(g.subscriptions.allSatisfy { $0.unreachable.isEmpty })
    }

    @Test func marksSayWhyASubscriptionCannotStart() throws {
        let g = try Self.graph("scenarios/marks")
        let reasons = g.subscriptions.flatMap { $0.unreachable.map(\.why) }.sorted()
        #expect(
            reasons == [
                "'^1.0.0' accepts no version acme/lib:default publishes 'built' with (2.0.0)",
                "acme/gone is not in the cache",
                "acme/lib:default never publishes 'deleted'",
            ])
        #expect(g.publications.filter { $0.listeners == 0 }.map(\.eventType) == ["nobody_listens"])
        #expect(g.edges.map(\.label) == ["built ^2.0.0 if event.payload.channel == \"stable\""])
    }

    @Test func aFocusKeepsTheRepositoriesWithinItsDepth() throws {
        let g = try Self.graph("scenarios/go-diamond-graph")
        #expect(g.focused(on: "acme/repo-b", depth: 1).repositories == ["acme/repo-a", "acme/repo-b", "acme/repo-c"])
        #expect(
            g.focused(on: "acme/repo-b", depth: 2).repositories == [
                "acme/repo-a", "acme/repo-b", "acme/repo-c", "acme/repo-d", "acme/repo-e",
            ])
        #expect(g.focused(on: "acme/repo-e", depth: 0).repositories == ["acme/repo-e"])
        #expect(g.focused(on: "acme/repo-e", depth: 0).dot().contains("n0 [label=\"acme/repo-e\"]"))
    }
}
