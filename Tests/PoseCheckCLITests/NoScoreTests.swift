// A frame that is not assessable has no score anywhere (issue 19): JSON, JSON Lines, CSV, text,
// the HTML report and batch rows; a recording with no assessable frame has no mean score.
import Foundation
import PoseModel
import PoseSynth
import Testing

@Suite(.serialized)
struct NoScoreTests {
    /// A scissor stance seen from the front: the legs point at the camera, so no frame is assessable.
    static func frontalRecording() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
            "posecheck-noscore-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let rec = Scenarios.recording("scissor-stance", front: .left, duration: 1, fps: 10, camera: .frontal)
        let path = dir.appendingPathComponent("frontal.csv").path
        try MediaPipeExport.csv(rec).write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func noScoreAnywhere() throws {
        let path = try Self.frontalRecording()
        let options = ["--stretch", "1", "--front", "left", "--fps", "10"]

        let json = runCLI(["check", path] + options + ["--output", "json"])
        let doc = try parseJSON(json.out)
        let frames = try #require(doc["frames"]?.array)
        #expect(frames.count == 10)
        #expect(frames.allSatisfy { $0["status"]?.string == "notAssessable" && $0["score"]?.isNull == true })
        #expect(doc["summary"]?["meanScore"]?.isNull == true)
        #expect(doc["summary"]?["verdict"]?.string == "notAssessable")

        let jsonl = runCLI(["check", path] + options + ["--output", "jsonl"])
        for line in jsonl.out.split(separator: "\n") { #expect(try parseJSON(String(line))["score"]?.isNull == true) }

        let csv = runCLI(["check", path] + options + ["--output", "csv"])
        let rows = csv.out.split(separator: "\n").dropFirst()
        #expect(rows.count == 10)
        #expect(rows.allSatisfy { $0.split(separator: ",", omittingEmptySubsequences: false)[3].isEmpty })

        let text = runCLI(["check", path] + options + ["--frames"])
        #expect(!text.out.contains("mean score"))
        #expect(text.out.contains("not assessable  score –"))

        let html = runCLI(["check", path] + options + ["--output", "html"])
        #expect(html.out.contains("mean score"))
        #expect(!html.out.contains("<polyline class=\"score\""))
        let inForm = runCLI([
            "check", fixturesRoot + "/mediapipe/scissor-stance-in-form.csv", "--stretch", "1", "--output", "html",
        ])
        #expect(inForm.out.contains("<polyline class=\"score\""))  // the check above can fail

        let grade = runCLI(["grade", path] + options + ["--output", "jsonl"])
        #expect(try parseJSON(String(grade.out.split(separator: "\n")[0]))["meanScore"]?.isNull == true)
        let gradeText = runCLI(["grade", path] + options)
        #expect(gradeText.out.contains("score –"))
    }
}
