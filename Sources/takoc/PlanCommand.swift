import ArgumentParser
import Foundation
import TakoBasics
import TakoPlanFormat
import TakoPlanner

struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan",
        abstract: "Compile the root repository and every repository its fan-outs reach into plan.json.")

    @OptionGroup var selection: PlanSelection

    @Option(name: .shortAndLong, help: "Write the plan to this file.")
    var output: String?

    @Option(help: "What to print: text (the fan-out tree; default on a terminal or with -o) or json (the plan).")
    var format: PlanFormatOption?

    @Flag(help: "Also list every subscription considered and why it matched or did not.")
    var explain = false

    func validate() throws {
        if selection.workflow == nil { throw PlanSelection.missingWorkflow }
    }

    func run() throws {
        let format = self.format ?? ((output != nil || Output.stdoutIsTerminal) ? .text : .json)
        let (_, bytes, tree) = PlanEmission.emit(try selection.compile(explain: explain), tree: format == .text)
        if let output {
            do {
                try bytes.write(to: URL(fileURLWithPath: output), options: .atomic)
            } catch {
                throw UsageOrIOError(description: SystemErrorText.cannot("write", output, error))
            }
        }
        switch format {
        case .text: if let tree { Output.out(tree) }
        case .json: Output.out(bytes)
        }
        if let output { Output.error("plan written to \(output)") }
    }
}

enum PlanFormatOption: String, ExpressibleByArgument, CaseIterable {
    case text, json
}
