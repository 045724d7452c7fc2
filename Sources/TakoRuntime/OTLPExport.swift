import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Sends `tako exec`'s spans to an OpenTelemetry collector: OTLP/HTTP with the JSON
/// encoding, one POST when the exec ends, configured by the standard variables
/// `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT` (used as it is) or `OTEL_EXPORTER_OTLP_ENDPOINT`
/// (`/v1/traces` appended), and `OTEL_EXPORTER_OTLP_TRACES_HEADERS` or
/// `OTEL_EXPORTER_OTLP_HEADERS` (`name=value,...`, values percent-decoded). Plain `http://`
/// only, through a small socket client; an `https://` endpoint or another protocol is
/// refused with a warning, and nothing is sent.
public struct OTLPExport: Sendable {
    public let url: String
    let host: String
    let port: UInt16
    let path: String
    let headers: [(String, String)]

    /// The export the environment asks for: nil when it asks for none; a problem (said as a
    /// warning) when it asks for one this build cannot make.
    public static func configured(by environment: [String: String]) -> Result<OTLPExport, Problem>? {
        let endpoint: String
        if let traces = environment["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"], !traces.isEmpty {
            endpoint = traces
        } else if let base = environment["OTEL_EXPORTER_OTLP_ENDPOINT"], !base.isEmpty {
            endpoint = (base.hasSuffix("/") ? String(base.dropLast()) : base) + "/v1/traces"
        } else {
            return nil
        }
        let protocolName = environment["OTEL_EXPORTER_OTLP_TRACES_PROTOCOL"] ?? environment["OTEL_EXPORTER_OTLP_PROTOCOL"] ?? "http/json"
        guard protocolName == "http/json" else {
            return .failure(
                Problem(
                    description: "OTEL_EXPORTER_OTLP_PROTOCOL is '\(protocolName)'; tako sends only 'http/json' "
                        + "(OTLP/HTTP with JSON), so no spans are sent; set it to http/json or unset it"))
        }
        guard endpoint.hasPrefix("http://") else {
            return .failure(
                Problem(
                    description: "the OTLP endpoint '\(endpoint)' is not plain http://; tako sends spans only over "
                        + "plain HTTP (to a local collector or agent), so none are sent; use --trace FILE for the rest"))
        }
        let rest = endpoint.dropFirst("http://".count)
        let authority = rest.prefix { $0 != "/" }
        let path = rest.dropFirst(authority.count)
        var host = String(authority)
        var port: UInt16 = 80
        if let colon = authority.lastIndex(of: ":"), !authority.hasSuffix("]") {
            guard let p = UInt16(authority[authority.index(after: colon)...]) else {
                return .failure(Problem(description: "the OTLP endpoint '\(endpoint)' has no valid port, so no spans are sent"))
            }
            port = p
            host = String(authority[..<colon])
        }
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else {
            return .failure(Problem(description: "the OTLP endpoint '\(endpoint)' names no host, so no spans are sent"))
        }
        var headers: [(String, String)] = []
        let list = environment["OTEL_EXPORTER_OTLP_TRACES_HEADERS"] ?? environment["OTEL_EXPORTER_OTLP_HEADERS"] ?? ""
        for item in list.split(separator: ",") {
            let parts = item.split(separator: "=", maxSplits: 1).map { String($0).trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty, !parts[0].contains(where: { $0.isNewline || $0 == ":" }) else {
                return .failure(
                    Problem(description: "OTEL_EXPORTER_OTLP_HEADERS has an entry that is not name=value, so no spans are sent"))
            }
            let value = parts[1].removingPercentEncoding ?? parts[1]
            guard !value.contains(where: \.isNewline) else {
                return .failure(Problem(description: "a value of OTEL_EXPORTER_OTLP_HEADERS holds a line break, so no spans are sent"))
            }
            headers.append((parts[0], value))
        }
        return .success(OTLPExport(url: endpoint, host: host, port: port, path: path.isEmpty ? "/" : String(path), headers: headers))
    }

    public struct Problem: Error, CustomStringConvertible {
        public let description: String
    }

    /// POSTs `body` (OTLP/JSON) and waits up to `timeout` seconds for the answer.
    public func send(_ body: String, timeout: Int = 10) throws(Problem) {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var found: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &found) == 0, let first = found else {
            throw Problem(description: "cannot find the collector's host '\(host)'")
        }
        defer { freeaddrinfo(found) }
        var fd: Int32 = -1
        var address: UnsafeMutablePointer<addrinfo>? = first
        while let a = address {
            fd = socket(a.pointee.ai_family, a.pointee.ai_socktype, a.pointee.ai_protocol)
            if fd >= 0 {
                var limit = timeval(tv_sec: timeout, tv_usec: 0)
                setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
                setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
                if connect(fd, a.pointee.ai_addr, a.pointee.ai_addrlen) == 0 { break }
                close(fd)
                fd = -1
            }
            address = a.pointee.ai_next
        }
        guard fd >= 0 else { throw Problem(description: "cannot connect to the collector at \(url)") }
        defer { close(fd) }
        let bytes = Array(body.utf8)
        var request =
            "POST \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\nContent-Type: application/json\r\n"
            + "Content-Length: \(bytes.count)\r\nConnection: close\r\nUser-Agent: tako\r\n"
        for (name, value) in headers { request += "\(name): \(value)\r\n" }
        let all = Array((request + "\r\n").utf8) + bytes
        var offset = 0
        while offset < all.count {
            let n = all[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw Problem(description: "the collector at \(url) closed the connection before it had the spans") }
            offset += n
        }
        var answer: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while !answer.contains(0x0A) {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw Problem(description: "the collector at \(url) did not answer within \(timeout)s") }
            answer += buffer[..<n]
        }
        let line = String(decoding: answer.prefix { $0 != 0x0D && $0 != 0x0A }, as: UTF8.self)
        let code = line.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
        guard (200..<300).contains(code) else {
            throw Problem(description: "the collector at \(url) answered '\(line)'")
        }
    }
}
