import Foundation
import TakoRepos
import Testing

@Suite struct RepoNameTests {
    @Test(arguments: ["acme/app", "Acme-Corp/core.lib", "a_b/c-d.e", "o/r"])
    func parsesValidNames(_ text: String) throws {
        let name = try #require(RepoName(text))
        #expect(name.description == text)
        #expect("\(name.owner)/\(name.name)" == text)
    }

    @Test(arguments: [
        "", "acme", "acme/", "/app", "acme/app/x", "acme app/x", "acme/ap p", "../app",
        "acme/..", "./x", "acme/app:main", "ä/b", "acme//app",
    ])
    func rejectsInvalidNames(_ text: String) {
        #expect(RepoName(text) == nil)
    }

    @Test func ordersByOwnerThenName() throws {
        let names = ["b/a", "a-x/b", "a/z", "a/b"].compactMap(RepoName.init)
        #expect(names.sorted().map(\.description) == ["a/b", "a/z", "a-x/b", "b/a"])
    }

    @Test func encodesAsOneString() throws {
        let name = try #require(RepoName("acme/app"))
        let data = try JSONEncoder().encode([name])
        #expect(String(decoding: data, as: UTF8.self) == #"["acme\/app"]"#)
        #expect(try JSONDecoder().decode([RepoName].self, from: data) == [name])
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode([RepoName].self, from: Data(#"["nope"]"#.utf8))
        }
    }

    @Test(arguments: [
        ("https://github.com/acme/app.git", "acme/app"),
        ("https://github.com/acme/app", "acme/app"),
        ("https://github.com/acme/app/", "acme/app"),
        ("file:///tmp/x/upstream/acme/core-lib", "acme/core-lib"),
        ("git@github.com:acme/app.git", "acme/app"),
        ("ssh://git@host:22/acme/app.git", "acme/app"),
        ("/srv/git/acme/app.git", "acme/app"),
    ])
    func takesTheNameFromAURL(_ url: String, _ expected: String) throws {
        #expect(try RepoName.fromURL(url).description == expected)
    }

    @Test(arguments: ["https://github.com/", "file:///app", "app.git", "https://host/acme/a b"])
    func rejectsURLsWithoutOwnerAndRepository(_ url: String) {
        let error = repositoryError { _ = try RepoName.fromURL(url) }
        #expect(error?.kind == .invalidURL)
        #expect(error?.message.contains("expected a URL that ends in OWNER/REPO") == true)
    }
}
