// swift-tools-version:6.1
// Benchmarks of TakoCEL (`make bench-cel`): parse+check and evaluation times of the
// filters tako users write. Built in release mode by scripts/bench-cel.sh.
import PackageDescription

let package = Package(
    name: "CELBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "tako", path: "../..")
    ],
    targets: [
        .executableTarget(
            name: "cel-bench",
            dependencies: [.product(name: "TakoCEL", package: "tako")]),
        .executableTarget(
            name: "cel-hostile",
            dependencies: [.product(name: "TakoCEL", package: "tako")]),
    ]
)
