import TakoBasics
import TakoIR
import TakoLowering
import TakoResolve
import Testing

/// `takoc check --cache-dir`: a file's subscriptions checked against cached publishers.
@Suite struct PublisherCatalogTests {
    func check(_ subscriberText: String) -> String {
        let lib = Lowering.lower(path: "acme/lib/tako.yml", bytes: Array(publisher().utf8))
        let sub = Lowering.lower(path: "tako.yml", bytes: Array(subscriberText.utf8))
        #expect(!sub.diagnostics.hasErrors)
        let catalog = PublisherCatalog(linked: Linker.linkAll(Workspace(manifests: ["acme/lib": lib.manifest!])))
        return DiagnosticRenderer(sources: [lib.source, sub.source]).render(catalog.check(sub.manifest!), as: .text)
    }

    @Test func aMatchingSubscriptionIsClean() {
        #expect(check(subscriber(to: "acme/lib")) == "")
    }

    @Test func unknownPublisherArtifactEventAndPayloadKeyAreReported() {
        #expect(
            check(subscriber(to: "acme/other")).contains(
                "warning: acme/other is not in the cache, so this subscription cannot be checked against it"))
        let artifact = check(subscriber(to: "acme/lib").replacingOccurrences(of: "acme/lib:default", with: "acme/lib:defualt"))
        #expect(
            artifact.contains(
                "error: acme/lib declares no artifact 'defualt' (it has 'default'); did you mean 'default'? [unknown-artifact]"))
        let event = check(subscriber(to: "acme/lib", event: "biult"))
        #expect(event.contains("error: acme/lib:default never emits 'biult' (it emits 'built'); did you mean 'built'? [unknown-event]"))
        let key = check(subscriber(to: "acme/lib", input: "versoin"))
        #expect(key.contains("acme/lib sends no payload key 'versoin' with 'built'"))
        #expect(key.contains("acme/lib/tako.yml:15:11: note: the event is declared here"))
    }

    @Test func schemaRangesAreCheckedAgainstThePublisher() {
        let text = check(
            subscriber(to: "acme/lib").replacingOccurrences(
                of: "    events: [built]\n", with: "    events: [built]\n    schema_version: \"^2\"\n"))
        #expect(text.contains("error: schema range '^2' does not accept version 1.0.0 of 'built' from acme/lib [incompatible-schema]"))
    }
}
