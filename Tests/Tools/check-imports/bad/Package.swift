// swift-tools-version:6.1
// A package whose dependencies disagree with its imports, for scripts/test-check-imports.py.
import PackageDescription

func module(_ name: String, _ dependencies: [Target.Dependency] = []) -> Target {
    .target(name: name, dependencies: dependencies)
}

let package = Package(
    name: "bad",
    targets: [
        module("Lib"),
        module("Mid", ["Lib"]),
        .executableTarget(name: "App", dependencies: ["Mid"]),
        .testTarget(name: "MidTests", dependencies: ["Mid"]),
    ]
)
