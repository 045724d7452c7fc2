import ArgumentParser
import Foundation
import TakoBasics
import TakoPlanFormat
import TakoPlanner

struct GraphCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "graph",
        abstract: "Render the plan's fan-out DAG: runs as nodes, fan-outs as edges (dashed when decided at run time).")

    @OptionGroup var selection: PlanSelection

    @Option(help: "dot (Graphviz), mermaid, text, or svg (needs Graphviz's dot on PATH).")
    var format: GraphFormat = .text

    func run() throws {
        let plan = try selection.compile(explain: false)
        switch format {
        case .dot: Output.out(PlanGraph.dot(plan))
        case .mermaid: Output.out(PlanGraph.mermaid(plan))
        case .text: Output.out(PlanGraph.text(plan))
        case .svg: Output.out(try Self.svg(PlanGraph.dot(plan)))
        }
    }

    /// Pipes DOT through Graphviz; a clear error when it is not installed.
    static func svg(_ dot: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["dot", "-Tsvg"]
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        do { try process.run() } catch {
            throw UsageOrIOError(description: "cannot run Graphviz's 'dot': \(SystemErrorText.words(for: error))")
        }
        input.fileHandleForWriting.write(Data(dot.utf8))
        try? input.fileHandleForWriting.close()
        let svg = output.fileHandleForReading.readDataToEndOfFile()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let why = String(decoding: message, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            throw UsageOrIOError(description: process.terminationStatus == 127
                ? "--format svg needs Graphviz's 'dot' on PATH (apt-get install graphviz); use --format dot to get the source"
                : "Graphviz's dot failed: \(why)")
        }
        return String(decoding: svg, as: UTF8.self)
    }
}

enum GraphFormat: String, ExpressibleByArgument, CaseIterable {
    case dot, mermaid, text, svg
}
