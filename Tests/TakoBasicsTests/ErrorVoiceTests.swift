import Foundation
import TakoBasics
import Testing

/// Both programs' errors in one shape, and system errors in plain words.
@Suite struct ErrorVoiceTests {
    @Test func oneShapeForBothPrograms() {
        #expect(ErrorVoice.line(program: "tako", "cannot read") == "tako: error: cannot read")
        let parsed = ErrorVoice.usage(program: "takoc", argumentParserText: "Error: Missing expected argument '<plan>'\nUsage: takoc x\n")
        #expect(parsed == "takoc: error: missing expected argument '<plan>'\nUsage: takoc x")
        #expect(ErrorVoice.usage(program: "tako", argumentParserText: "Error: URL is not valid") == "tako: error: URL is not valid")
    }

    @Test func foundationFileErrorsBecomePlainWords() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tako-error-voice-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let missing = dir.appendingPathComponent("missing.json").path
        do {
            _ = try Data(contentsOf: URL(fileURLWithPath: missing))
            Issue.record("reading a missing file succeeded")
        } catch {
            #expect(SystemErrorText.cannot("read", missing, error) == "cannot read '\(missing)': no such file or folder")
        }
        do {
            _ = try Data(contentsOf: dir)
            Issue.record("reading a folder succeeded")
        } catch {
            #expect(SystemErrorText.words(for: error, path: dir.path) == "it is a folder, not a file")
        }
        do {
            try Data("x".utf8).write(to: dir.appendingPathComponent("no/such/folder/file"), options: .atomic)
            Issue.record("writing under a missing folder succeeded")
        } catch {
            let words = SystemErrorText.words(for: error)
            #expect(words == "no such file or folder")
            #expect(!words.contains("NSCocoaErrorDomain") && !words.contains("could not be completed"))
        }
    }

    @Test func everyCommonErrnoHasWords() {
        for code in [ENOENT, EACCES, EISDIR, ENOTDIR, ENOSPC, EROFS, EEXIST, ENAMETOOLONG, ELOOP, EMFILE, EIO] {
            let words = SystemErrorText.words(errno: code)
            #expect(!words.contains("error number"), "\(code)")
            #expect(words != String(cString: strerror(code)), "\(code) is the raw strerror text")
        }
        #expect(SystemErrorText.words(errno: 9999) == "the system refused the operation (error number 9999)")
    }

    @Test func aLibrarysErrnoSentenceIsReplaced() {
        let message = "failed to resolve path '/x': " + String(cString: strerror(ENOENT))
        #expect(SystemErrorText.replacingErrnoText(in: message) == "failed to resolve path '/x': no such file or folder")
        #expect(SystemErrorText.replacingErrnoText(in: "object not found") == "object not found")
    }
}
