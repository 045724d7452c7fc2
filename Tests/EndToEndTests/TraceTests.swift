import Foundation
import TakoPlanFormat
import TakoTestSupport
import Testing

/// `tako exec --trace`: the file is read with the official OpenTelemetry protobuf
/// definitions (the `opentelemetry-proto` package, which `make deps` installs) into a
/// `TracesData`, and its spans are compared with the exec's report.
@Suite struct TraceTests {
    static let hasProto = (try? ProcessRunner.runBlocking("python3", ["-c", "import opentelemetry.proto.trace.v1.trace_pb2"]))?.status == 0

    /// Parses the file with `json_format.Parse` into `TracesData` and prints one line per
    /// span: trace id, name, parent's name, status code, attributes (sorted). The ids are
    /// compared as the parser decoded them, consistently for every span.
    static let reader = """
        import base64, json, sys
        from google.protobuf import json_format
        from opentelemetry.proto.trace.v1.trace_pb2 import TracesData
        data = json_format.Parse(open(sys.argv[1]).read(), TracesData())
        spans = [s for rs in data.resource_spans for ss in rs.scope_spans for s in ss.spans]
        names = {s.span_id: s.name for s in spans}
        for s in spans:
            attrs = {}
            for a in s.attributes:
                v = a.value
                attrs[a.key] = v.string_value if v.HasField("string_value") else v.int_value if v.HasField("int_value") else v.bool_value
            assert s.end_time_unix_nano >= s.start_time_unix_nano > 0
            print(json.dumps({"trace": base64.b16encode(s.trace_id).decode(), "name": s.name,
                              "parent": names.get(s.parent_span_id, "-" if not s.parent_span_id else "?"),
                              "status": s.status.code, "attributes": attrs}, sort_keys=True))
        """

    static func spans(_ file: String, in dir: TempDir) throws -> [[String: Any]] {
        try dir.write(reader, to: "read.py")
        let r = try ProcessRunner.runBlocking("python3", [dir.file("read.py"), file])
        #expect(r.status == 0, "\(r.stderr)")
        return r.stdout.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    static func plan(_ dir: TempDir) -> String {
        Plans.write(
            Plans.plan(
                root: dir.path,
                runs: [
                    Plans.run("root", steps: [Plans.step("build", "echo built"), Plans.fanOut("fan", children: ["a", "b"])]),
                    Plans.run("a", parent: "root/fan", steps: [Plans.step("test", "true")]),
                    Plans.run("b", parent: "root/fan", steps: [Plans.step("check", "test -f \(dir.file("ok"))")]),
                ]), in: dir)
    }

    @Test(.enabled(if: TraceTests.hasProto, "python3 with opentelemetry-proto is not available (make deps installs it)"))
    func theTraceParsesAsTracesDataMatchesTheReportAndAResumeContinuesIt() throws {
        let dir = TempDir()
        let plan = Self.plan(dir)
        let first = try Binaries.run(
            "tako",
            [
                "exec", plan, "--workspace", dir.file("ws"), "--trace", dir.file("t1.json"),
                "--report", dir.file("r1.json"), "--durations", dir.file("d.json"),
            ], cwd: dir.url)
        #expect(first.status == 1, "\(first.stderr)")
        let spans = try Self.spans(dir.file("t1.json"), in: dir)
        let byName = Dictionary(spans.map { ($0["name"] as? String ?? "", $0) }, uniquingKeysWith: { a, _ in a })
        // exec → run → step, a child run under the fan-out step that started it.
        #expect(Set(byName.keys) == ["tako exec", "run acme/app wf", "step build", "step fan", "step test", "step check"], "\(spans)")
        #expect(spans.count == 8, "\(spans)")
        #expect(byName["tako exec"]?["parent"] as? String == "-")
        #expect(byName["step build"]?["parent"] as? String == "run acme/app wf")
        let runs = spans.filter { $0["name"] as? String == "run acme/app wf" }
        #expect(runs.map { $0["parent"] as? String ?? "" }.sorted() == ["step fan", "step fan", "tako exec"])
        #expect(byName["step check"]?["parent"] as? String == "run acme/app wf")
        // As the report says: check failed with exit 1, test succeeded, the exec failed.
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: dir.file("r1.json")))) as? [String: Any]
        #expect(report?["status"] as? String == "failed")
        let check = byName["step check"]?["attributes"] as? [String: Any]
        #expect(
            check?["tako.status"] as? String == "failed" && check?["process.exit.code"] as? Int == 1
                && check?["tako.attempt"] as? Int == 1 && check?["tako.run"] as? String == "b", "\(String(describing: check))")
        #expect(byName["step check"]?["status"] as? Int == 2)
        #expect((byName["step test"]?["attributes"] as? [String: Any])?["tako.status"] as? String == "succeeded")
        let exec = byName["tako exec"]?["attributes"] as? [String: Any]
        #expect(exec?["tako.status"] as? String == "failed" && exec?["tako.exit_code"] as? Int == 1)
        #expect((runs.first?["attributes"] as? [String: Any])?["tako.repository"] as? String == "acme/app")
        let traceID = byName["tako exec"]?["trace"] as? String
        #expect(spans.allSatisfy { $0["trace"] as? String == traceID })

        // The resumed exec continues the same trace; its check now passes.
        try dir.write("", to: "ok")
        let second = try Binaries.run(
            "tako",
            [
                "exec", plan, "--workspace", dir.file("ws"), "--resume", "--trace", dir.file("t2.json"),
                "--durations", dir.file("d.json"),
            ], cwd: dir.url)
        #expect(second.status == 0, "\(second.stderr)")
        let resumed = try Self.spans(dir.file("t2.json"), in: dir)
        #expect(!resumed.isEmpty && resumed.allSatisfy { $0["trace"] as? String == traceID }, "\(resumed)")
        let check2 = resumed.first { $0["name"] as? String == "step check" }?["attributes"] as? [String: Any]
        #expect(check2?["tako.attempt"] as? Int == 2 && check2?["tako.status"] as? String == "succeeded", "\(resumed)")
        #expect((resumed.first { $0["name"] as? String == "tako exec" }?["attributes"] as? [String: Any])?["tako.resumed"] as? Bool == true)
    }

    /// A local OTLP/HTTP receiver: takes one POST, keeps its body and headers, answers 200.
    static let receiver = """
        import http.server, json, sys
        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                open(sys.argv[2], "wb").write(body)
                open(sys.argv[2] + ".headers", "w").write(json.dumps({"path": self.path,
                    "type": self.headers["Content-Type"], "token": self.headers.get("x-token")}))
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"{}")
            def log_message(self, *args):
                pass
        server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
        open(sys.argv[1] + ".tmp", "w").write(str(server.server_address[1]))
        import os; os.rename(sys.argv[1] + ".tmp", sys.argv[1])
        server.timeout = 60
        server.handle_request()
        """

    @Test(.enabled(if: TraceTests.hasProto, "python3 with opentelemetry-proto is not available (make deps installs it)"))
    func theSameSpansReachACollectorThroughTheOTLPEndpoint() throws {
        let dir = TempDir()
        let plan = Self.plan(dir)
        try dir.write("", to: "ok")
        try dir.write(Self.receiver, to: "receiver.py")
        let server = try ProcessRunner.start("python3", [dir.file("receiver.py"), dir.file("port"), dir.file("received.json")])
        var port: String?
        for _ in 0..<200 where port == nil {
            if FileManager.default.fileExists(atPath: dir.file("port")) { port = dir.read("port") } else { usleep(50_000) }
        }
        let endpoint = try #require(port.map { "http://127.0.0.1:\($0)" })
        let r = try Binaries.run(
            "tako",
            [
                "exec", plan, "--workspace", dir.file("ws"), "--trace", dir.file("trace.json"),
                "--durations", dir.file("d.json"),
            ], cwd: dir.url,
            environment: ["OTEL_EXPORTER_OTLP_ENDPOINT": endpoint, "OTEL_EXPORTER_OTLP_HEADERS": "x-token=a%20b"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(!r.stderr.contains("warning"), "\(r.stderr)")
        _ = server.wait(timeout: 30)
        // The collector got exactly the file's spans, at /v1/traces, as JSON, with the header.
        #expect(dir.read("received.json") == dir.read("trace.json") && !dir.read("trace.json").isEmpty)
        let headers = try JSONSerialization.jsonObject(with: Data(dir.read("received.json.headers").utf8)) as? [String: Any]
        #expect(
            headers?["path"] as? String == "/v1/traces" && headers?["type"] as? String == "application/json"
                && headers?["token"] as? String == "a b", "\(String(describing: headers))")
        #expect(try Self.spans(dir.file("received.json"), in: dir).count == 8)

        // What this build cannot send is said, and the exec goes on.
        let https = try Binaries.run(
            "tako", ["exec", plan, "--workspace", dir.file("ws"), "--durations", dir.file("d.json")], cwd: dir.url,
            environment: ["OTEL_EXPORTER_OTLP_ENDPOINT": "https://collector.invalid:4318"])
        #expect(https.status == 0)
        #expect(
            https.stderr.contains("tako: warning: the OTLP endpoint 'https://collector.invalid:4318/v1/traces' is not plain http://"),
            "\(https.stderr)")
    }
}
