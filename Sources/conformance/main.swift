// `swift run conformance cel|semver [--json] FILE.jsonl ...`: runs cases from
// ../shared/conformance, prints one line per failing case, then `N passed, M failed`.
import CELConformance
import Foundation
import SemverConformance

let arguments = Array(CommandLine.arguments.dropFirst())
let usage = "usage: conformance cel|semver [--json] FILE.jsonl ...\n"
switch arguments.first {
case "cel": exit(CELConformanceRunner.main(arguments: Array(arguments.dropFirst())))
case "semver": exit(SemverConformanceRunner.main(arguments: Array(arguments.dropFirst())))
case let other:
    let prefix = other.map { "conformance: unknown suite '\($0)'\n" } ?? ""
    FileHandle.standardError.write(Data((prefix + usage).utf8))
    exit(2)
}
