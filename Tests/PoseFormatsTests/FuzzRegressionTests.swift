// Replays the fuzz seeds and every committed crash input (Tests/Fuzz/Regressions/<target>/)
// through the code paths of the fuzz targets: each must end with frames or a located error.
import Foundation
import PoseFormats
import PoseModel
import PoseScanning
import PoseSynth
import Testing

struct FuzzRegressionTests {
    static let root = PackagePaths.root + "/Tests/Fuzz"

    static func inputs(_ folders: [String]) -> [String] {
        folders.flatMap { folder -> [String] in
            let dir = root + "/" + folder
            return ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { !$0.hasSuffix(".md") }
                .sorted().map { dir + "/" + $0 }
        }
    }

    static func replay(_ bytes: [UInt8]) {
        var json = JSONScanner(bytes: bytes)
        do { while try json.next() != nil {} } catch { #expect(error.location != nil) }
        var csv = CSVScanner(bytes: bytes)
        do { while try csv.nextRecord() { for i in 0..<csv.fieldCount { _ = csv.number(i) } } } catch {
            #expect(error.location != nil)
        }
        for format in PoseFormat.allCases {
            if let r = try? PoseReader.readRecording(.memory(bytes), path: "r", options: ReadOptions(format: format)) {
                for spec in StretchSpec.builtins { _ = Evaluator.evaluate(r, spec: spec) }
            }
        }
        do { _ = try SpecFile.load(.memory(bytes), path: "r") } catch { #expect(error.location != nil) }
    }

    @Test func seedsAndRegressions() throws {
        let targets = [
            "FuzzJSONScanner", "FuzzCSVScanner", "FuzzMediaPipeJSON", "FuzzMediaPipeCSV", "FuzzSpecFile",
            "FuzzAngleExports", "FuzzKeypointFormats",
        ]
        let files = Self.inputs(
            ["Seeds/json", "Seeds/csv", "Seeds/spec", "Seeds/angles", "Seeds/keypoints"]
                + targets.map { "Regressions/" + $0 })
        #expect(files.count >= 11)  // the seeds are always there
        for f in files { Self.replay(Array(try Data(contentsOf: URL(fileURLWithPath: f)))) }
    }
}
