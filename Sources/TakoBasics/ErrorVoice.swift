import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one shape of an error that stops `takoc` or `tako`: `PROGRAM: error: MESSAGE` on
/// standard error, then any further lines (a usage line, a hint) as they are. Messages start
/// lowercase, like diagnostics; a path they name comes first when the problem is in a file
/// (`tako: error: plan.json:3:5: ...`).
public enum ErrorVoice {
    public static func line(program: String, _ message: String) -> String {
        "\(program): error: \(message)"
    }

    /// ArgumentParser's rendering of a usage error (`Error: Missing expected argument
    /// '<plan>'`, then `Help:` and `Usage:` lines) in the same shape: its first line becomes
    /// `PROGRAM: error: missing expected argument '<plan>'`, the rest is kept.
    public static func usage(program: String, argumentParserText text: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        while lines.last?.isEmpty == true { lines.removeLast() }
        guard let first = lines.first else { return line(program: program, "invalid command line") }
        var message = first.hasPrefix("Error: ") ? String(first.dropFirst("Error: ".count)) : first
        message = lowercasedFirst(message)
        lines[0] = line(program: program, message)
        return lines.joined(separator: "\n")
    }

    /// "Missing expected argument" → "missing expected argument"; an acronym ("URL is ...")
    /// or a quoted name keeps its case.
    static func lowercasedFirst(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars.prefix(2))
        guard scalars.count == 2, CharacterSet.uppercaseLetters.contains(scalars[0]),
            CharacterSet.lowercaseLetters.contains(scalars[1])
        else { return text }
        return text.prefix(1).lowercased() + text.dropFirst()
    }
}

/// Plain words for what Foundation or the system reported, so that no
/// "The operation could not be completed", `NSCocoaErrorDomain` or raw errno text reaches
/// a user. Each message names the path and what was being done to it.
public enum SystemErrorText {
    /// `cannot read 'plan.json': no such file or folder`.
    public static func cannot(_ action: String, _ path: String, _ error: any Error) -> String {
        "cannot \(action) '\(path)': \(words(for: error, path: path))"
    }

    /// What went wrong, in a few lowercase words. `path`, when given, lets a vague report
    /// be made precise (a folder where a file was expected).
    public static func words(for error: any Error, path: String? = nil) -> String {
        if let code = errnoCode(of: error) { return words(errno: code) }
        if let cocoa = error as? CocoaError {
            switch cocoa.code {
            case .fileNoSuchFile, .fileReadNoSuchFile: return words(errno: ENOENT)
            case .fileReadNoPermission, .fileWriteNoPermission: return words(errno: EACCES)
            case .fileWriteOutOfSpace: return words(errno: ENOSPC)
            case .fileWriteVolumeReadOnly: return words(errno: EROFS)
            case .fileWriteFileExists: return words(errno: EEXIST)
            case .fileReadInvalidFileName, .fileWriteInvalidFileName: return "not a valid file name"
            case .fileReadTooLarge: return "the file is too large to read"
            case .fileReadInapplicableStringEncoding, .fileWriteInapplicableStringEncoding: return "the file is not UTF-8 text"
            case .fileReadCorruptFile: return "the file is damaged"
            default: break
            }
        }
        if let path {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) {
                if isFolder.boolValue { return words(errno: EISDIR) }
            }
        }
        if (error as NSError).domain == NSCocoaErrorDomain || (error as NSError).domain == NSPOSIXErrorDomain {
            return "the system refused the operation"
        }
        return String(describing: error)
    }

    /// The errno of a POSIX error, or of the POSIX error under a Foundation one.
    static func errnoCode(of error: any Error) -> Int32? {
        if let posix = error as? POSIXError { return posix.code.rawValue }
        let ns = error as NSError
        if ns.domain == NSPOSIXErrorDomain { return Int32(truncatingIfNeeded: ns.code) }
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? any Error, !(underlying is CocoaError) {
            return errnoCode(of: underlying)
        }
        return nil
    }

    /// A library's message (libgit2's, say) with the C library's sentence for an errno
    /// ("No such file or directory") replaced by the same plain words as everywhere else.
    public static func replacingErrnoText(in message: String) -> String {
        var text = message
        for code in [
            ENOENT, EACCES, EPERM, EISDIR, ENOTDIR, ENOSPC, EDQUOT, EROFS, EEXIST, ENOTEMPTY, ENAMETOOLONG, ELOOP,
            EMFILE, ENFILE, EIO, EFBIG, EBUSY, ETXTBSY, EXDEV,
        ] {
            let raw = String(cString: strerror(code))
            if text.contains(raw) { text = text.replacingOccurrences(of: raw, with: words(errno: code)) }
        }
        return text
    }

    /// An errno value in plain words.
    public static func words(errno code: Int32) -> String {
        switch code {
        case ENOENT: return "no such file or folder"
        case EACCES, EPERM: return "permission denied"
        case EISDIR: return "it is a folder, not a file"
        case ENOTDIR: return "a part of the path is not a folder"
        case ENOSPC: return "no space left on the device"
        case EDQUOT: return "the disk quota is exhausted"
        case EROFS: return "the file system is read-only"
        case EEXIST: return "it already exists"
        case ENOTEMPTY: return "the folder is not empty"
        case ENAMETOOLONG: return "the path is too long"
        case ELOOP: return "too many symbolic links in the path"
        case EMFILE, ENFILE: return "too many files are open"
        case EIO: return "the device reported an input/output error"
        case EFBIG: return "the file is too large"
        case EBUSY, ETXTBSY: return "it is in use"
        case EINVAL: return "the system rejected the request as invalid"
        case ENOMEM: return "out of memory"
        case EXDEV: return "it is on another file system"
        case ENXIO, ENODEV: return "no such device"
        case EAGAIN: return "the resource is temporarily unavailable"
        case EPIPE: return "the reading end of the pipe was closed"
        default: return "the system refused the operation (error number \(code))"
        }
    }
}
