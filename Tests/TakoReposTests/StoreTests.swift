import Foundation
import TakoRepos
import Testing

/// The folder store and the in-memory store that tests and `--root` use.
@Suite struct StoreTests {
    @Test func folderStoreListsOwnerRepoFoldersAndReadsTheirFiles() throws {
        let fixture = try GitFixture()
        let root = fixture.folder + "/world"
        for (path, text) in [
            "acme/web/tako.yml": "web\n", "acme/api/tako.yml": "api\n", "acme/api/ci/x.yml": "x\n",
            "acme/.hidden/tako.yml": "", "bad owner/x/tako.yml": "", "acme/notes.txt": "",
        ] {
            let full = root + "/" + path
            try FileManager.default.createDirectory(
                atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: full, atomically: true, encoding: .utf8)
        }
        let store = FolderStore(root: root)
        let repositories = try store.repositories()
        #expect(repositories.map(\.name.description) == ["acme/api", "acme/web"])
        #expect(repositories.allSatisfy { $0.branch == "main" && $0.tip == nil })
        #expect(repositories[0].path == root + "/acme/api")

        let file = try #require(try store.readFile("tako.yml", in: repositories[0]))
        #expect(file == RepoFile(path: "tako.yml", contents: Array("api\n".utf8), commit: nil, blob: nil))
        #expect(try store.readFile("ci/x.yml", in: repositories[0])?.text == "x\n")
        #expect(try store.readFile("missing.yml", in: repositories[0]) == nil)
        #expect(try store.readFile("ci", in: repositories[0]) == nil)
        #expect(try store.readFile("../web/tako.yml", in: repositories[0]) == nil)
        #expect(try store.repository(RepoName("acme/web")!, branch: "main")?.path == root + "/acme/web")
        #expect(try FolderStore(root: root + "/none").repositories().isEmpty)
    }

    @Test func inMemoryStoreServesItsFiles() throws {
        let app = RepoName("acme/app")!, lib = RepoName("acme/lib")!
        let store = InMemoryStore(texts: [lib: ["tako.yml": "lib\n"], app: ["tako.yml": "app\n"]])
        let repositories = try store.repositories()
        #expect(
            repositories == [
                CachedRepository(name: app, branch: "main", path: "memory:acme/app", tip: nil),
                CachedRepository(name: lib, branch: "main", path: "memory:acme/lib", tip: nil),
            ])
        #expect(try store.readFile("tako.yml", in: repositories[1])?.text == "lib\n")
        #expect(try store.readFile("tako.yml", in: repositories[1])?.commit == nil)
        #expect(try store.readFile("other.yml", in: repositories[1]) == nil)
        let other = CachedRepository(name: app, branch: "dev", path: "memory:acme/app", tip: nil)
        #expect(try store.readFile("tako.yml", in: other) == nil)

        let more = store.adding("x.yml", "x\n", to: RepoName("zeta/z")!)
        #expect(try more.repositories().map(\.name.description) == ["acme/app", "acme/lib", "zeta/z"])
    }

    @Test func storesWorkThroughTheProtocol() throws {
        let stores: [any RepositoryStore] = [InMemoryStore(texts: [RepoName("a/b")!: ["tako.yml": "t"]])]
        for store in stores {
            let repository = try #require(try store.repositories().first)
            #expect(try store.readFile("tako.yml", in: repository)?.text == "t")
        }
    }
}
