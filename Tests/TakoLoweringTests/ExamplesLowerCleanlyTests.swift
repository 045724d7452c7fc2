import Foundation
import TakoBasics
import TakoIR
import Testing

@testable import TakoLowering

@Suite struct ExamplesLowerCleanlyTests {
    static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Examples").resolvingSymlinksInPath()

    static var files: [String] {
        let e = FileManager.default.enumerator(atPath: examples.path)
        var out: [String] = []
        while let p = e?.nextObject() as? String {
            if p.hasSuffix("tako.yml"), !p.hasPrefix("broken/") { out.append(p) }
        }
        return out.sorted()
    }

    @Test func thereAreExampleFiles() {
        #expect(Self.files.count >= 10, "no tako.yml found under \(Self.examples.path): was the folder moved?")
    }

    @Test(arguments: files) func lowersWithoutDiagnostics(_ file: String) throws {
        let bytes = [UInt8](try Data(contentsOf: Self.examples.appendingPathComponent(file)))
        let lowered = Lowering.lower(path: file, bytes: bytes)
        let text = DiagnosticRenderer(sources: [lowered.source]).render(lowered.diagnostics, as: .text)
        #expect(lowered.diagnostics.isEmpty, "\(text)")
        #expect(lowered.manifest != nil)
    }

    @Test func releaseTrainLibraryLowersToTheExpectedIR() throws {
        let bytes = [UInt8](try Data(contentsOf: Self.examples.appendingPathComponent("release-train/acme/core-lib/tako.yml")))
        let m = try #require(Lowering.lower(path: "acme/core-lib/tako.yml", bytes: bytes).manifest)
        #expect(m.artifactNames == ["core-lib"])
        let release = try #require(m.workflow(named: "release"))
        #expect(release.inputs.map(\.name.value) == ["version", "channel"])
        #expect(release.inputs[1].defaultValue?.value == .string("stable"))
        #expect(release.steps.map(\.id.value) == ["build", "notify"])
        guard case .fanOut(let fan) = release.steps[1].action else {
            Issue.record("notify should be a fan-out")
            return
        }
        #expect(fan.eventType.value == "library_built")
        #expect(fan.artifact == "core-lib")
        #expect(fan.waitForChildren)
        #expect(fan.event.payload.map(\.key.value) == ["version", "channel", "artifact_id"])
        let hole = try #require(fan.event.payload[2].value.holes.first)
        #expect(hole.path == ["steps", "build", "outputs", "artifact_id"])
        // The hole sits on line 41 of the file, inside the quoted scalar after `artifact_id: "`.
        #expect(hole.range.start == SourceLocation(line: 41, column: 27))
    }
}
