// The committed fixtures: up to date with the generator, and graded as designed.
// Re-record with: POSECHECK_RECORD_FIXTURES=1 swift test --filter FixtureTests
import Foundation
import PoseFormats
import PoseModel
import PoseSynth
import Testing

@Suite(.serialized)
struct FixtureTests {
    static let files = FixtureFiles.all()
    static let record = ProcessInfo.processInfo.environment["POSECHECK_RECORD_FIXTURES"] == "1"

    @Test("fixtures match the generator")
    func upToDate() throws {
        for (path, contents) in Self.files {
            let url = URL(fileURLWithPath: fixturesRoot + "/" + path)
            if Self.record {
                try FileManager.default.createDirectory(
                    at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try contents.write(to: url, atomically: true, encoding: .utf8)
                continue
            }
            let onDisk = try? String(contentsOf: url, encoding: .utf8)
            #expect(
                onDisk == contents,
                "Fixtures/\(path) is out of date: run POSECHECK_RECORD_FIXTURES=1 swift test --filter FixtureTests")
        }
    }

    @Test("each fixture gets its designed verdict", arguments: Scenarios.fixtures.map(\.name), ["json", "csv"])
    func verdicts(_ name: String, _ ext: String) throws {
        let fixture = try #require(Scenarios.fixtures.first { $0.name == name })
        let path = fixturesRoot + "/mediapipe/\(name).\(ext)"
        let r = runCLI(["check", path, "--stretch", fixture.stretch, "--output", "json"])
        #expect(r.err.isEmpty, "\(r.err)")
        let doc = try parseJSON(r.out)
        let summary = try #require(doc["summary"])
        let frames = try #require(doc["frames"]?.array)
        // Every input frame appears once, and the statuses add up.
        #expect(frames.count == fixture.recording.frames.count)
        #expect(frames.map { $0["index"]?.number ?? -1 } == (0..<frames.count).map(Double.init))
        let counts = ["inForm", "deviating", "notAssessable"].map { summary[$0]?.number ?? -1 }
        #expect(counts.reduce(0, +) == summary["frames"]?.number)
        #expect(doc["frontSide"]?.string == fixture.front.rawValue)
        let failing = (summary["checks"]?.array ?? []).filter { ($0["failed"]?.number ?? 0) > 0 }.compactMap {
            $0["check"]?.string
        }
        if fixture.violated == .backHipExtension {
            // The back leg swung out to the side points at a side camera: it cannot show whether
            // the hip is extended, so the recording is not assessable, with that reason.
            #expect(r.code == 1)
            #expect(summary["verdict"]?.string == "notAssessable")
            let hip = (summary["checks"]?.array ?? []).first { $0["check"]?.string == "backHipExtension" }
            #expect(hip?["commonReason"]?.string?.hasSuffix("points toward or away from the camera") == true)
        } else if let violated = fixture.violated {
            #expect(r.code == 1)
            #expect(summary["verdict"]?.string == "fail")
            #expect(failing == [violated.rawValue], "\(name): failing checks \(failing)")
        } else {
            #expect(r.code == 0)
            #expect(summary["verdict"]?.string == "pass")
            #expect(failing.isEmpty, "\(name): failing checks \(failing)")
            let hold = try #require(summary["longestHoldSeconds"]?.number)
            let spec = try #require(StretchSpec.builtin(named: fixture.stretch))
            #expect(hold >= spec.holdSeconds)
            #expect(counts[0] == summary["frames"]?.number)
        }
    }

    @Test(
        "each angle fixture gets its designed verdict",
        arguments: FixtureFiles.all().map(\.path).filter { $0.hasPrefix("angles/") })
    func angleVerdicts(_ path: String) throws {
        let name = String(path.dropFirst("angles/".count).prefix { $0 != "." })
        let fixture = try #require(Scenarios.fixtures.first { $0.name == name })
        let r = runCLI(["check", fixturesRoot + "/" + path, "--stretch", fixture.stretch, "--output", "json"])
        #expect(r.err.isEmpty, "\(r.err)")
        let doc = try parseJSON(r.out)
        let summary = try #require(doc["summary"])
        let failing = (summary["checks"]?.array ?? []).filter { ($0["failed"]?.number ?? 0) > 0 }.compactMap {
            $0["check"]?.string
        }
        let carried = (summary["checks"]?.array ?? []).filter { $0["commonReason"]?.string != "not in this export" }
            .compactMap { $0["check"]?.string }
        if let violated = fixture.violated, carried.contains(violated.rawValue) {
            #expect(r.code == 1)
            #expect(summary["verdict"]?.string == "fail")
            #expect(failing == [violated.rawValue], "\(path): failing checks \(failing)")
        } else {
            // In form, or its fault is in a check this export cannot carry: then the verdict
            // says what it was judged on.
            if let violated = fixture.violated {
                let reason = summary["verdictReason"]?.string ?? ""
                #expect(
                    reason.contains("judged on the checks this export carries (not in it: ")
                        && reason.contains(violated.rawValue), "\(reason)")
            }
            #expect(r.code == 0, "\(path)")
            #expect(summary["verdict"]?.string == "pass")
            #expect(failing.isEmpty)
        }
    }
}
