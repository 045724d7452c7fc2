// swift-tools-version:6.1
// A package whose dependencies equal its imports, for scripts/test-check-imports.py.
import PackageDescription

func module(_ name: String, _ dependencies: [Target.Dependency] = []) -> Target {
    .target(name: name, dependencies: dependencies)
}

let package = Package(
    name: "good",
    targets: [
        module("Lib"),
        module("Mid"),
        .executableTarget(name: "App", dependencies: ["Mid", "Lib"]),
        .testTarget(name: "MidTests", dependencies: ["Mid"]),
    ]
)
