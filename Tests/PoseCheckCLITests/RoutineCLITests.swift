// `check --stretch auto` on an exported routine.
import Foundation
import PoseSynth
import Testing

@Suite(.serialized)
struct RoutineCLITests {
    static func export() throws -> String {
        let (rec, _) = Scenarios.routine(
            first: 6, second: 22, third: 5, fps: 10, noisePixels: 1.5, dropoutRate: 0.02, seed: 5)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent(
            "routine-\(ProcessInfo.processInfo.processIdentifier).csv"
        ).path
        try MediaPipeExport.csv(rec, options: .init(decimals: 6)).write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func textListsTheSegments() throws {
        let path = try Self.export()
        let r = runCLI(["check", path, "--stretch", "auto"])
        #expect(r.code == 0, "\(r.out)\(r.err)")
        let lines = r.out.split(separator: "\n").map(String.init)
        #expect(lines[0] == "PASS  routine (--stretch auto)  \(path)")
        #expect(
            lines.filter { $0.hasPrefix("  PASS  ") }.map { $0.split(separator: " ")[1] } == [
                "scissor-stance", "hands-down-lunge", "reach-up-twist",
            ])
    }

    @Test func jsonHasSegmentsAndEveryFrame() throws {
        let path = try Self.export()
        let r = runCLI(["check", path, "--stretch", "auto", "--output", "json"])
        let doc = try parseJSON(r.out)
        let segments = try #require(doc["segments"]?.array)
        #expect(segments.map { $0["stretch"]?.string } == ["scissor-stance", "hands-down-lunge", "reach-up-twist"])
        #expect(
            segments.allSatisfy {
                $0["verdict"]?.string == "pass" && $0["start"]?.number != nil && $0["end"]?.number != nil
            })
        let frames = try #require(doc["frames"]?.array)
        #expect(frames.count == 370)
        #expect(frames.map { $0["index"]?.number ?? -1 } == (0..<370).map(Double.init))
        #expect(frames.filter { $0["segment"]?.number == 1 }.allSatisfy { $0["stretch"]?.string == "hands-down-lunge" })
        let bad = runCLI(["check", path, "--stretch", "auto", "--output", "csv"])
        #expect(bad.code == 64 && bad.err.hasPrefix("Error: '--stretch auto' writes text or json"))
        let grade = runCLI(["grade", path, "--stretch", "auto", "--output", "jsonl"])
        #expect(grade.code == 0)
        let row = try parseJSON(grade.out)
        #expect(row["stretch"]?.string == "auto" && row["verdict"]?.string == "pass" && row["frames"]?.number == 370)
        // A routine's holds are its segments': its text row claims no hold of its own.
        let text = runCLI(["grade", path, "--stretch", "auto"])
        #expect(text.out.hasPrefix("PASS  \(path)  score ") && !text.out.contains("hold"), "\(text.out)")
        #expect(runCLI(["grade", path, "--stretch", "auto", "--report", "/tmp/x"]).code == 64)
    }
}
