// swift-tools-version:6.1
// `make bench-semver`: how long TakoSemver's compile-time checks take. Its own package,
// so `make test` never builds it; run it in release (scripts/bench-semver.sh).
import PackageDescription

let package = Package(
    name: "SemverBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [.package(name: "tako", path: "../..")],
    targets: [
        .executableTarget(name: "SemverBench", dependencies: [.product(name: "TakoSemver", package: "tako")])
    ]
)
