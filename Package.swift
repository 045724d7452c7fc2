// swift-tools-version:6.1
// The tako package: a compiler (`takoc`) that turns tako.yml files spread over many
// repositories into a checked fan-out plan, and a small interpreter (`tako`) that runs it.
// Targets follow docs/architecture.md; a target imports only what is above it there.
import PackageDescription

let package = Package(
    name: "tako",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "takoc", targets: ["takoc"]),
        .executable(name: "tako", targets: ["tako"]),
        .executable(name: "conformance", targets: ["conformance"]),
        .library(name: "TakoCEL", targets: ["TakoCEL"]),
        .library(name: "TakoSemver", targets: ["TakoSemver"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // Foundations with no tako dependencies.
        .target(name: "TakoBasics"),
        .target(name: "TakoCEL"),
        .target(name: "TakoSemver"),
        .target(name: "TakoGraph"),
        .target(name: "TakoPlanFormat"),

        // C libraries from Debian, each imported by exactly one Swift file.
        .systemLibrary(name: "CYaml", path: "Sources/CYaml", pkgConfig: "yaml-0.1",
                       providers: [.apt(["libyaml-dev"])]),
        .systemLibrary(name: "CLibGit2", path: "Sources/CLibGit2", pkgConfig: "libgit2",
                       providers: [.apt(["libgit2-dev"])]),

        // The compiler's stages.
        .target(name: "TakoSyntax", dependencies: ["TakoBasics", "CYaml"]),
        .target(name: "TakoIR", dependencies: ["TakoBasics"]),
        .target(name: "TakoLowering", dependencies: ["TakoBasics", "TakoSyntax", "TakoIR"]),
        .target(name: "TakoRepos", dependencies: ["TakoBasics", "CLibGit2"]),
        .target(name: "TakoResolve", dependencies: ["TakoBasics", "TakoIR"]),
        .target(name: "TakoPlanner", dependencies: ["TakoBasics", "TakoIR", "TakoResolve", "TakoGraph", "TakoPlanFormat"]),
        .target(name: "TakoDriver", dependencies: ["TakoBasics", "TakoSyntax", "TakoIR", "TakoLowering", "TakoResolve", "TakoPlanner", "TakoPlanFormat", "TakoRepos"]),

        // The interpreter. It never links the compiler: a plan is data.
        .target(name: "TakoRuntime", dependencies: ["TakoBasics", "TakoPlanFormat", "TakoGraph", "TakoRepos"]),

        // Thin command-line front ends.
        .executableTarget(name: "takoc", dependencies: [
            "TakoDriver", "TakoBasics", "TakoPlanFormat", "TakoRepos",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "tako", dependencies: [
            "TakoRuntime", "TakoPlanFormat",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // Conformance harnesses over ../shared/conformance (support libraries, so the
        // test suites can run the same cases) and the `conformance` executable.
        .target(name: "CELConformance", dependencies: ["TakoCEL"]),
        .target(name: "SemverConformance", dependencies: ["TakoSemver"]),
        .executableTarget(name: "conformance", dependencies: ["CELConformance", "SemverConformance"]),

        // Tests: one target per module, plus end-to-end tests of the two binaries.
        .testTarget(name: "TakoBasicsTests", dependencies: ["TakoBasics"]),
        .testTarget(name: "TakoCELTests", dependencies: ["TakoCEL", "CELConformance"]),
        .testTarget(name: "TakoSemverTests", dependencies: ["TakoSemver", "SemverConformance"]),
        .testTarget(name: "TakoSyntaxTests", dependencies: ["TakoSyntax", "TakoBasics"]),
        .testTarget(name: "TakoLoweringTests", dependencies: ["TakoLowering", "TakoSyntax", "TakoIR", "TakoBasics"]),
        .testTarget(name: "TakoReposTests", dependencies: ["TakoRepos", "TakoBasics"]),
        .testTarget(name: "TakoPlannerTests", dependencies: ["TakoPlanner", "TakoResolve", "TakoGraph", "TakoPlanFormat", "TakoLowering", "TakoIR", "TakoBasics"]),
        .testTarget(name: "TakoRuntimeTests", dependencies: ["TakoRuntime", "TakoPlanFormat", "TakoRepos"]),
        .testTarget(name: "EndToEndTests", dependencies: ["TakoPlanFormat"]),
    ]
)
