import ArgumentParser
import Foundation
import TakoBasics
import TakoDriver

/// `takoc init`: a commented starter tako.yml.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a commented starter tako.yml (never over an existing file).")

    @Argument(help: "Where to write it (default: ./tako.yml).")
    var path: String = "tako.yml"

    func run() throws {
        if FileManager.default.fileExists(atPath: path) {
            throw UsageOrIOError(description: "'\(path)' already exists; takoc init never overwrites a file")
        }
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard fd >= 0 else { throw UsageOrIOError(description: "cannot create '\(path)': \(SystemErrorText.words(errno: errno))") }
        close(fd)
        do {
            try AtomicFile.replace(path, with: Array(StarterFile.text.utf8))
        } catch {
            unlink(path)
            throw UsageOrIOError(description: "cannot write '\(path)': \(error)")
        }
        Output.error("wrote \(path); check it with 'takoc check \(path)'")
    }
}
