// swift-tools-version: 6.0
// libFuzzer targets for PoseCheck's byte-level readers. Not part of the main package's build.
//   cd Tests/Fuzz && swift build -c release --sanitize=fuzzer
//   SWIFT_BACKTRACE=enable=no .build/release/FuzzJSONScanner -max_total_time=600 Corpus/json
import PackageDescription

let targets = [
    "FuzzJSONScanner", "FuzzCSVScanner", "FuzzMediaPipeJSON", "FuzzMediaPipeCSV", "FuzzSpecFile", "FuzzAngleExports",
    "FuzzKeypointFormats",
]

let package = Package(
    name: "PoseCheckFuzz",
    dependencies: [.package(name: "PoseCheck", path: "../..")],
    targets: targets.map {
        .executableTarget(
            name: $0, dependencies: [.product(name: "PoseCheck", package: "PoseCheck")],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])])
    },
    swiftLanguageModes: [.v6]
)
