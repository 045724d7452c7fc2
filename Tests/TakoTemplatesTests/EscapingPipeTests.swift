import TakoCEL
import Testing

@testable import TakoTemplates

/// The Go tool's three escaping functions as pipes (docs/go-compatibility.md): the same
/// result where the Go tool's was correct, complete where it was not.
@Suite struct EscapingPipeTests {
    static func rendered(_ text: String, _ pipe: TemplatePipe) -> String? {
        try? TemplateRendering.render(.string(text), pipes: [pipe]).get()
    }

    @Test func theyParseAndPrintBack() {
        for name in ["json_escape", "url_encode", "html_escape"] {
            let pipe = try? TemplatePipe.parse(name).get()
            #expect(pipe?.description == name)
        }
    }

    @Test func jsonEscapeGivesTheInsideOfAJSONString() {
        #expect(Self.rendered("say \"hi\"\\\n\t\r", .jsonEscape) == "say \\\"hi\\\"\\\\\\n\\t\\r")
        // Control characters the Go tool let through raw.
        #expect(Self.rendered("a\u{1}b", .jsonEscape) == "a\\u0001b")
        #expect(Self.rendered("été", .jsonEscape) == "été")
    }

    @Test func urlEncodeEncodesAFormValue() {
        #expect(Self.rendered("a b&c=d", .urlEncode) == "a+b%26c%3Dd")
        #expect(Self.rendered("x/y?z#%~._-", .urlEncode) == "x%2Fy%3Fz%23%25~._-")
        #expect(Self.rendered("é", .urlEncode) == "%C3%A9")
    }

    @Test func htmlEscapeIsSafeInTextAndAttributes() {
        #expect(
            Self.rendered("<a href=\"x\">Tom & Jerry's</a>", .htmlEscape) == "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;")
    }

    @Test func aListStillNeedsJSON() {
        #expect(TemplateRendering.check(.list(.string), pipes: [.urlEncode]) != nil)
        #expect(TemplateRendering.check(.string, pipes: [.htmlEscape]) == nil)
    }
}
