// swift-tools-version:6.1
// The tako package: a compiler (`takoc`) that turns tako.yml files spread over many
// repositories into a checked fan-out plan, and a small interpreter (`tako`) that runs it.
// Targets follow docs/architecture.md; a target imports only what is above it there.
import PackageDescription

/// A library target whose folder carries a README.md (what it owns, what it must never import).
func module(_ name: String, _ dependencies: [Target.Dependency] = []) -> Target {
    .target(name: name, dependencies: dependencies, exclude: ["README.md"])
}

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
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
    ],
    targets: [
        // Foundations with no tako dependencies.
        module("TakoBasics", ["CSpawn"]),
        module("TakoCEL", ["CRE2"]),
        module("TakoSemver"),
        module("TakoGraph"),
        module("TakoExpressions", ["TakoBasics", "TakoCEL", "TakoSemver"]),
        // The template language (lexing, paths, pipes, checking, rendering), for both programs.
        module("TakoTemplates", ["TakoBasics", "TakoCEL", "TakoExpressions"]),
        module("TakoPlanFormat", ["TakoBasics", "TakoTemplates", .product(name: "Crypto", package: "swift-crypto")]),

        // C libraries from Debian, each imported by exactly one Swift file. RE2 is C++: a
        // small target of extern "C" functions (Sources/CRE2) stands between it and Swift.
        // glibc functions Swift's Glibc module leaves out (pipe2, posix_spawn's chdir and closefrom).
        .target(name: "CSpawn", path: "Sources/CSpawn", exclude: ["README.md"]),
        .target(name: "CRE2", path: "Sources/CRE2", exclude: ["README.md"], linkerSettings: [.linkedLibrary("re2")]),
        .systemLibrary(
            name: "CYaml", path: "Sources/CYaml", pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]),
        .systemLibrary(
            name: "CLibGit2", path: "Sources/CLibGit2", pkgConfig: "libgit2",
            providers: [.apt(["libgit2-dev"])]),

        // The compiler's stages.
        module("TakoSyntax", ["TakoBasics", "CYaml"]),
        module("TakoIR", ["TakoBasics", "TakoSemver", "TakoTemplates"]),
        module("TakoLowering", ["TakoBasics", "TakoSyntax", "TakoIR", "TakoSemver", "TakoCEL", "TakoExpressions", "TakoTemplates"]),
        module("TakoRepos", ["TakoBasics", "CLibGit2", .product(name: "Crypto", package: "swift-crypto")]),
        module("TakoResolve", ["TakoBasics", "TakoIR", "TakoSemver"]),
        module(
            "TakoPlanner",
            [
                "TakoBasics", "TakoIR", "TakoSemver", "TakoResolve", "TakoGraph", "TakoPlanFormat", "TakoCEL", "TakoExpressions",
                "TakoTemplates",
            ]),
        module(
            "TakoDriver",
            [
                "TakoBasics", "TakoIR", "TakoLowering", "TakoResolve", "TakoPlanner", "TakoPlanFormat", "TakoRepos",
                .product(name: "Crypto", package: "swift-crypto"),
            ]),

        // The interpreter. It never links the compiler: a plan is data.
        module(
            "TakoRuntime",
            [
                "TakoBasics", "TakoPlanFormat", "TakoCEL", "TakoExpressions", "TakoTemplates", "TakoRepos",
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]),

        // The plan as an Argo Workflow (`tako export argo`): data in, YAML out.
        module("TakoArgo", ["TakoBasics", "TakoPlanFormat"]),

        // Thin command-line front ends.
        .executableTarget(
            name: "takoc",
            dependencies: [
                "TakoDriver", "TakoPlanner", "TakoBasics", "TakoPlanFormat", "TakoRepos",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .executableTarget(
            name: "tako",
            dependencies: [
                "TakoRuntime", "TakoPlanFormat", "TakoBasics", "TakoArgo", "TakoRepos",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),

        // Conformance harnesses over ../shared/conformance (support libraries, so the
        // test suites can run the same cases) and the `conformance` executable.
        module("CELConformance", ["TakoCEL"]),
        module("SemverConformance", ["TakoSemver"]),
        .executableTarget(name: "conformance", dependencies: ["CELConformance", "SemverConformance"]),

        // Tests: one target per module, plus end-to-end tests of the two binaries (every
        // test that runs a built binary is there), sharing one support library.
        .target(name: "TakoTestSupport", dependencies: ["TakoBasics", "TakoPlanFormat"], path: "Tests/TakoTestSupport"),
        .testTarget(name: "TakoBasicsTests", dependencies: ["TakoBasics"]),
        .testTarget(name: "TakoCELTests", dependencies: ["TakoCEL", "CELConformance"]),
        .testTarget(name: "TakoSemverTests", dependencies: ["TakoSemver", "SemverConformance", "TakoTestSupport"]),
        .testTarget(name: "TakoSyntaxTests", dependencies: ["TakoSyntax", "TakoBasics"]),
        .testTarget(name: "TakoLoweringTests", dependencies: ["TakoLowering", "TakoIR", "TakoBasics", "TakoTestSupport"]),
        .testTarget(name: "TakoReposTests", dependencies: ["TakoRepos", "TakoTestSupport"]),
        .testTarget(
            name: "TakoPlannerTests",
            dependencies: [
                "TakoPlanner", "TakoDriver", "TakoResolve", "TakoPlanFormat", "TakoLowering", "TakoIR", "TakoBasics", "TakoTestSupport",
            ]),
        .testTarget(name: "TakoPlanFormatTests", dependencies: ["TakoPlanFormat", "TakoBasics", "TakoTestSupport"]),
        .testTarget(name: "TakoGraphTests", dependencies: ["TakoGraph"]),
        .testTarget(name: "TakoExpressionsTests", dependencies: ["TakoExpressions", "TakoCEL"]),
        .testTarget(name: "TakoTemplatesTests", dependencies: ["TakoTemplates", "TakoExpressions", "TakoCEL", "TakoBasics"]),
        .testTarget(name: "TakoRuntimeTests", dependencies: ["TakoRuntime", "TakoPlanFormat", "TakoTestSupport"]),
        .testTarget(name: "EndToEndTests", dependencies: ["TakoBasics", "TakoPlanFormat", "TakoRuntime", "TakoTestSupport"]),
    ],
    cxxLanguageStandard: .cxx17
)
