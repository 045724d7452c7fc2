import Foundation

/// Runs CEL conformance files. Not written yet: says so and exits 2.
public enum CELConformanceRunner {
    public static func main(arguments: [String]) -> Int32 {
        FileHandle.standardError.write(Data("conformance: the CEL runner is not implemented yet\n".utf8))
        return 2
    }
}
