// Folders of the package, for tests: found from this source file's path.

/// Absolute paths of the package's folders, for tests and the benchmark.
public enum PackagePaths {
    /// The package root (the folder holding Package.swift).
    public static let root: String = {
        var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)  // Sources/PoseSynth/PackagePaths.swift
        return parts.joined(separator: "/")
    }()

    /// The committed fixtures (`Fixtures/` under the package root).
    public static let fixtures = root + "/Fixtures"

    /// Third-party conformance suites beside the project (`../shared/conformance`), when present.
    public static let conformance = root + "/../shared/conformance"
}
