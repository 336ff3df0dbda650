// swift-tools-version: 6.0
// PoseCheck: grades stretching form from pose-tracking exports. No package dependencies.
import PackageDescription

let package = Package(
    name: "PoseCheck",
    products: [
        .library(name: "PoseCheck", targets: ["PoseCheck"]),
        .executable(name: "posecheck", targets: ["posecheck"]),
    ],
    targets: [
        // Pure maths: vectors and angles. Knows nothing of joints.
        .target(name: "PoseGeometry"),
        // The domain: joints, frames, recordings, stretch specs, evaluation. Knows nothing of file formats.
        .target(name: "PoseModel", dependencies: ["PoseGeometry"]),
        // Bytes: input, windows and read-ahead, masks, numbers, the CSV and JSON scanners, the JSON writer,
        // errors with locations and excerpts. Knows nothing of poses.
        .target(name: "PoseScanning"),
        // Readers for export formats, format detection, spec files.
        .target(name: "PoseFormats", dependencies: ["PoseModel", "PoseScanning"]),
        // Grading like the command line: passes, front side, smoothing, read-ahead, routines, batches,
        // live sessions, and sessions across recordings (dating, trends, left–right differences).
        .target(name: "PoseGrading", dependencies: ["PoseModel", "PoseScanning", "PoseFormats"]),
        // Renderers of results: text and JSON.
        .target(name: "PoseReports", dependencies: ["PoseModel", "PoseScanning"]),
        // The command line as a library, so tests call it in process.
        .target(
            name: "PoseCheckCLI",
            dependencies: ["PoseModel", "PoseScanning", "PoseFormats", "PoseGrading", "PoseReports"]),
        // Umbrella: `import PoseCheck` re-exports the libraries.
        .target(
            name: "PoseCheck",
            dependencies: ["PoseGeometry", "PoseModel", "PoseScanning", "PoseFormats", "PoseGrading", "PoseReports"]),
        .executableTarget(name: "posecheck", dependencies: ["PoseCheckCLI"]),
        // Benchmark (not a test): parse-and-score throughput and peak memory on generated exports.
        .executableTarget(name: "posecheck-bench", dependencies: ["PoseCheck", "PoseSynth"]),
        // Deterministic synthetic poses (forward kinematics + camera) for tests and fixtures.
        .target(name: "PoseSynth", dependencies: ["PoseModel", "PoseScanning", "PoseFormats"]),
        .testTarget(name: "PoseGeometryTests", dependencies: ["PoseGeometry"]),
        .testTarget(name: "PoseModelTests", dependencies: ["PoseModel", "PoseScanning", "PoseSynth"]),
        .testTarget(name: "PoseFormatsTests", dependencies: ["PoseScanning", "PoseFormats", "PoseSynth"]),
        .testTarget(name: "PoseCheckTests", dependencies: ["PoseCheck", "PoseSynth"]),
        .testTarget(
            name: "PoseCheckCLITests", dependencies: ["PoseScanning", "PoseCheckCLI", "PoseCheck", "PoseSynth"],
            exclude: ["Golden"]),
    ],
    swiftLanguageModes: [.v6]
)

for target in package.targets {
    var settings = target.swiftSettings ?? []
    settings.append(.enableUpcomingFeature("ExistentialAny"))
    target.swiftSettings = settings
}
