// `posecheck progress`: generated sessions with a known left–right difference and a known trend
// per week, written as real files (keypoint and angle exports), must come back within 2° (and 2°
// per week) with the right sign; unreadable files are listed and do not stop the report; each
// date source is used and named; text and JSON outputs are golden files.
import Foundation
import PoseFormats
import PoseGrading
import PoseModel
import PoseSynth
import Testing

@Suite(.serialized)
struct ProgressTests {
    static func tempDir(_ name: String) throws -> String {
        let d = FileManager.default.temporaryDirectory.appendingPathComponent(
            "posecheck-progress-\(name)-\(ProcessInfo.processInfo.processIdentifier)")
        try? FileManager.default.removeItem(at: d)
        try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
        return d.path
    }

    /// The truth the sessions are generated from: front knee flexion (0° = straight) grows by
    /// `trendPerWeek` a week on both sides, and is `frontDifference` more with the right leg in
    /// front; the back knee is `backDifference` more bent with the right leg in front.
    struct Truth {
        var leftFrontKnee = 84.0
        var trendPerWeek = 2.0
        var frontDifference = 12.0
        var backDifference = 4.0
        var weeks = [0.0, 1, 2, 3]
    }

    /// A scissor stance held 3 s at 10 fps with a side camera and 1 px of noise.
    static func session(front: Side, week: Double, truth: Truth, seed: UInt64) -> SyntheticRecording {
        SyntheticRecording(duration: 3, fps: 10, noisePixels: 1, seed: seed) { _ in
            var p = Scenarios.parameters("scissor-stance", front: front, t: 0)
            p.frontKneeFlexion =
                truth.leftFrontKnee + truth.trendPerWeek * week + (front == .right ? truth.frontDifference : 0)
            p.backKneeFlexion = 5 + (front == .right ? truth.backDifference : 0)
            return p
        }
    }

    enum Export: String, CaseIterable, CustomStringConvertible {
        case mediapipeJSON, mediapipeCSV, openSimMot, sports2DMot
        /// Front and back columns only: the side comes from the file name.
        case frontBackAnglesCSV
        /// A folder of OpenPose BODY_25 frame files (no times: graded with --fps 10).
        case openPoseFolder
        var description: String { rawValue }
        var fileExtension: String {
            switch self {
            case .mediapipeJSON: return "json"
            case .mediapipeCSV, .frontBackAnglesCSV: return "csv"
            case .openPoseFolder: return "openpose"
            case .openSimMot, .sports2DMot: return "mot"
            }
        }
        func contents(_ r: SyntheticRecording) -> String {
            switch self {
            case .mediapipeJSON: return MediaPipeExport.json(r)
            case .mediapipeCSV: return MediaPipeExport.csv(r)
            case .openSimMot: return AngleExport.openSim(r, name: "ik")
            case .sports2DMot: return AngleExport.sports2D(r)
            case .frontBackAnglesCSV: return AngleExport.genericCSV(r, front: .left)
            case .openPoseFolder: return ""
            }
        }
    }

    /// Writes the sessions (both sides, every week, starting Monday 2026-11-02) into `dir`,
    /// dated in their names.
    static func writeSessions(_ export: Export, truth: Truth, into dir: String) throws {
        for (k, week) in truth.weeks.enumerated() {
            for side in Side.allCases {
                let day = 2 + Int(week) * 7
                let date = "2026-11-\(day < 10 ? "0" : "")\(day)"
                let time = side == .left ? "0900" : "0915"
                let r = session(front: side, week: week, truth: truth, seed: UInt64(10 * k + (side == .left ? 1 : 2)))
                let sideWord = export == .frontBackAnglesCSV ? "-\(side.rawValue)" : ""
                let name = "\(dir)/\(date)_\(time)-lunge\(sideWord).\(export.fileExtension)"
                if export == .openPoseFolder {
                    try FileManager.default.createDirectory(atPath: name, withIntermediateDirectories: true)
                    for frame in KeypointExport.openPose(r, layout: .body25) {
                        try frame.contents.write(toFile: name + "/" + frame.name, atomically: true, encoding: .utf8)
                    }
                } else {
                    try export.contents(r).write(toFile: name, atomically: true, encoding: .utf8)
                }
            }
        }
    }

    @Test(
        "a known left-right difference and trend come back within 2° (and 2°/week), sign right",
        arguments: Export.allCases)
    func recoversDifferenceAndTrend(_ export: Export) throws {
        let truth = Truth()
        let dir = try Self.tempDir("recover-\(export)")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Self.writeSessions(export, truth: truth, into: dir)
        let r = runCLI(["progress", dir, "--stretch", "1", "--output", "json", "--fps", "10"])
        #expect(r.err.isEmpty, "\(r.err)")
        let json = try parseJSON(r.out)
        let sessions = try #require(json["sessions"]?.array)
        #expect(sessions.count == 8)
        #expect(sessions.allSatisfy { $0["dateSource"]?.string == "fileName" })
        #expect(sessions.filter { $0["front"]?.string == "left" }.count == 4)
        let method = export == .frontBackAnglesCSV ? "fileName" : "auto"
        #expect(sessions.allSatisfy { $0["frontMethod"]?.string == method })
        if export == .frontBackAnglesCSV {
            #expect(
                runCLI(["progress", dir, "--stretch", "1"]).out.contains(
                    "(dated from the name (2026-11-02_0900); front side from the name)"))
        }
        let asymmetry = try #require(json["asymmetry"]?.array)
        func difference(_ check: String) throws -> (Double, Bool?) {
            let a = try #require(asymmetry.first { $0["check"]?.string == check })
            return (try #require(a["difference"]?.number), a["flagged"]?.bool)
        }
        let (front, frontFlagged) = try difference("frontKneeFlexion")
        // left − right: the right-front sessions are bent more, so the difference is negative.
        print("progress \(export): front knee left − right \(front)° (truth \(-truth.frontDifference)°)")
        #expect(
            abs(front - -truth.frontDifference) <= 2,
            "front knee difference \(front)° against \(-truth.frontDifference)°")
        #expect(frontFlagged == true)
        let (back, backFlagged) = try difference("backKneeFlexion")
        print("progress \(export): back knee left − right \(back)° (truth \(-truth.backDifference)°)")
        #expect(
            abs(back - -truth.backDifference) <= 2, "back knee difference \(back)° against \(-truth.backDifference)°")
        #expect(backFlagged == false)
        let trends = try #require(json["trend"]?.array)
        for side in ["left", "right"] {
            let t = try #require(
                trends.first { $0["check"]?.string == "frontKneeFlexion" && $0["side"]?.string == side })
            let slope = try #require(t["perWeek"]?.number)
            print("progress \(export): \(side) front knee trend \(slope)°/week (truth \(truth.trendPerWeek))")
            #expect(
                abs(slope - truth.trendPerWeek) <= 2 && slope > 0,
                "\(side) trend \(slope)°/week against \(truth.trendPerWeek)")
            #expect(t["sessions"]?.number == 4)
            let hold = try #require(trends.first { $0["check"]?.string == "holdSeconds" && $0["side"]?.string == side })
            #expect(hold["perWeek"]?.number.map { abs($0) < 0.5 } == true)
        }
    }

    @Test func aDecliningTrendAndTheOtherSideBentMoreKeepTheirSigns() throws {
        var truth = Truth()
        truth.leftFrontKnee = 100
        truth.trendPerWeek = -1.5
        truth.frontDifference = -9
        truth.backDifference = 0
        let dir = try Self.tempDir("signs")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Self.writeSessions(.mediapipeCSV, truth: truth, into: dir)
        let json = try parseJSON(runCLI(["progress", dir, "--stretch", "1", "--output", "json"]).out)
        let a = try #require(json["asymmetry"]?.array?.first { $0["check"]?.string == "frontKneeFlexion" })
        let difference = try #require(a["difference"]?.number)
        #expect(abs(difference - 9) <= 2 && a["flagged"]?.bool == false)
        let t = try #require(
            json["trend"]?.array?.first { $0["check"]?.string == "frontKneeFlexion" && $0["side"]?.string == "left" })
        let slope = try #require(t["perWeek"]?.number)
        #expect(abs(slope - -1.5) <= 2 && slope < 0)
    }

    @Test func unreadableFilesAreListedAndTheRestIsReported() throws {
        let dir = try Self.tempDir("unreadable")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Self.writeSessions(.mediapipeCSV, truth: Truth(), into: dir)
        try "{\"frames\": [1,]}\n".write(toFile: dir + "/2026-11-05-broken.json", atomically: true, encoding: .utf8)
        let missing = dir + "/2026-11-06-missing.csv"
        let text = runCLI(["progress", dir, missing, "--stretch", "1"])
        #expect(text.code == 66)
        #expect(text.out.contains("ERROR  \(dir)/2026-11-05-broken.json:1:15: invalid JSON:"), "\(text.out)")
        #expect(text.out.contains("ERROR  \(missing): "))
        #expect(text.out.contains("8 sessions, 2 unreadable"))
        let json = try parseJSON(runCLI(["progress", dir, "--stretch", "1", "--output", "json"]).out)
        #expect(json["sessions"]?.array?.count == 8)
        let bad = try #require(json["unreadable"]?.array?.first)
        #expect(bad["line"]?.number == 1 && bad["column"]?.number == 15)
        #expect(json["asymmetry"]?.array?.isEmpty == false)
        let onlyBroken = runCLI(["progress", dir + "/2026-11-05-broken.json", "--stretch", "1"])
        #expect(onlyBroken.code == 65)
    }

    @Test func eachDateSourceIsUsedAndNamed() throws {
        let dir = try Self.tempDir("dating")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = Self.session(front: .left, week: 0, truth: Truth(), seed: 5)
        // Metadata wins over the name; a name without metadata; neither: the modification time.
        var json = MediaPipeExport.json(r)
        json.insert(
            contentsOf: "\"recorded_at\": \"2026-11-20T07:45:00+01:00\", ", at: json.index(after: json.startIndex))
        try json.write(toFile: dir + "/2026-01-01-meta.json", atomically: true, encoding: .utf8)
        try MediaPipeExport.csv(r).write(
            toFile: dir + "/session_20261112T181500.csv", atomically: true, encoding: .utf8)
        let mot = AngleExport.openSim(r, name: "ik").replacingOccurrences(
            of: "version=1\n", with: "version=1\ndate=2026-11-25\n")
        try mot.write(toFile: dir + "/ik.mot", atomically: true, encoding: .utf8)
        let plain = dir + "/plain.csv"
        try MediaPipeExport.csv(r).write(toFile: plain, atomically: true, encoding: .utf8)
        let mtime = try #require(SessionDating.parseISO8601("2026-10-05T12:00:00Z"))
        try FileManager.default.setAttributes(
            [.modificationDate: Date(timeIntervalSince1970: mtime)], ofItemAtPath: plain)
        let out = try parseJSON(runCLI(["progress", dir, "--stretch", "1", "--output", "json"]).out)
        let sessions = try #require(out["sessions"]?.array)
        let byName = Dictionary(
            uniqueKeysWithValues: sessions.compactMap { s in
                s["path"]?.string.map {
                    (($0 as NSString).lastPathComponent, (s["date"]?.string ?? "", s["dateSource"]?.string ?? ""))
                }
            })
        #expect(
            byName["2026-01-01-meta.json"]?.0 == "2026-11-20T06:45:00Z"
                && byName["2026-01-01-meta.json"]?.1 == "metadata")
        #expect(
            byName["session_20261112T181500.csv"]?.0 == "2026-11-12T18:15:00Z"
                && byName["session_20261112T181500.csv"]?.1 == "fileName")
        #expect(byName["ik.mot"]?.0 == "2026-11-25T00:00:00Z" && byName["ik.mot"]?.1 == "metadata")
        #expect(byName["plain.csv"]?.0 == "2026-10-05T12:00:00Z" && byName["plain.csv"]?.1 == "modificationTime")
        let text = runCLI(["progress", dir, "--stretch", "1"]).out
        #expect(text.contains("(dated from the export's recorded_at)"))
        #expect(text.contains("(dated from the name (20261112T181500))"))
        #expect(text.contains("(dated from the file's modification time)"))
    }

    /// Two sessions a side, a week apart, and a broken file: text, JSON, CSV and HTML.
    @Test func goldenOutputs() throws {
        let dir = try Self.tempDir("golden")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var truth = Truth()
        truth.weeks = [0, 1]
        try Self.writeSessions(.mediapipeCSV, truth: truth, into: dir)
        try "{\"frames\": [1,]}\n".write(toFile: dir + "/2026-11-05-broken.json", atomically: true, encoding: .utf8)
        func run(_ format: String) -> CLIResult {
            var r = runCLI(["progress", dir, "--stretch", "1", "--output", format])
            r.out = r.out.replacingOccurrences(of: dir, with: "<dir>")
            return r
        }
        let text = run("text")
        #expect(text.code == 65 && text.err.isEmpty)
        try Golden.check(text.out, "progress.txt")
        let json = run("json")
        try Golden.check(json.out, "progress.json")
        _ = try parseJSON(json.out)
        let csv = run("csv")
        let rows = csv.out.split(separator: "\n").map(String.init)
        #expect(rows.count == 1 + 4 + 1)
        #expect(
            rows.first
                == "path,date,dateSource,stretch,front,frontAmbiguous,segmentStart,segmentEnd,verdict,holdSeconds,frontKneeFlexion,backKneeFlexion,trunkInclination,backHipExtension,feetGrounded,frontKneeFlexionFrames,backKneeFlexionFrames,trunkInclinationFrames,backHipExtensionFrames,feetGroundedFrames,error"
        )
        #expect(
            rows.dropFirst().first?.hasPrefix(
                "<dir>/2026-11-02_0900-lunge.csv,2026-11-02T09:00:00Z,fileName,scissor-stance,left,false,,,pass,3,84,")
                == true)
        #expect(
            rows.last?.hasSuffix(
                ",error,,,,,,,,,,,,trailing_comma: <dir>/2026-11-05-broken.json:1:15: invalid JSON: trailing comma before ']'"
            ) == true)
        let html = run("html")
        #expect(html.out.hasPrefix("<!DOCTYPE html>") && !html.out.contains("http"))
        #expect(
            html.out.contains("id=\"chart-scissor-stance-frontKneeFlexion\"")
                && html.out.contains("class=\"side-left\"") && html.out.contains("class=\"side-right\""))
        #expect(html.out.contains(">2026-11-02<") && html.out.contains(">2026-11-09<"))
    }

    @Test func routinesGiveASessionPerStretch() throws {
        let dir = try Self.tempDir("routine")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for (k, side) in Side.allCases.enumerated() {
            let r = Scenarios.routine(
                first: 4, second: 21, third: 3, front: side, fps: 10, noisePixels: 0, dropoutRate: 0
            ).0
            try MediaPipeExport.csv(r).write(
                toFile: "\(dir)/2026-11-0\(k + 2)-routine.csv", atomically: true, encoding: .utf8)
        }
        let json = try parseJSON(runCLI(["progress", dir, "--stretch", "auto", "--output", "json"]).out)
        let sessions = try #require(json["sessions"]?.array)
        let stretches = sessions.compactMap { $0["stretch"]?.string }
        #expect(Set(stretches) == ["scissor-stance", "hands-down-lunge", "reach-up-twist"] && sessions.count == 6)
        #expect(sessions.allSatisfy { $0["segment"]?["start"]?.number != nil })
        let left = sessions.filter { $0["path"]?.string?.hasSuffix("02-routine.csv") == true }
        #expect(left.allSatisfy { $0["front"]?.string == "left" })
        #expect(json["sides"]?["right"]?["hands-down-lunge"]?["sessions"]?.number == 1)
        #expect(json["unrecognised"]?.array?.isEmpty == true)
        // A recording in which no stretch is recognised is listed, and nothing passed.
        let idleOnly = try Self.tempDir("routine-idle")
        defer { try? FileManager.default.removeItem(atPath: idleOnly) }
        try FileManager.default.copyItem(
            atPath: PackagePaths.fixtures + "/formats/kinect-v2.csv", toPath: "\(idleOnly)/2026-11-09-idle.csv")
        let text = runCLI(["progress", idleOnly, "--stretch", "auto"])
        #expect(text.code == 1, "\(text.out)")
        #expect(
            text.out.contains(
                "NOT ASSESSABLE  \(idleOnly)/2026-11-09-idle.csv: no stretch of the routine was recognised"))
        #expect(text.out.contains("0 sessions, 0 unreadable, 1 with no stretch recognised"))
        let idleJSON = try parseJSON(runCLI(["progress", idleOnly, "--stretch", "auto", "--output", "json"]).out)
        #expect(idleJSON["unrecognised"]?.array?.compactMap(\.string) == ["\(idleOnly)/2026-11-09-idle.csv"])
    }

    @Test(
        .enabled(
            if: ReportTests.chromium != nil,
            "Chromium is not installed (.ci/run installs it): the browser rendering test is skipped"),
        .timeLimit(.minutes(2)))
    func htmlRendersInAHeadlessBrowser() throws {
        let dir = try Self.tempDir("browser")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Self.writeSessions(.mediapipeCSV, truth: Truth(), into: dir)
        let page = dir + "/progress.html"
        #expect(runCLI(["progress", dir, "--stretch", "1", "--output", "html", "-o", page]).code == 0)
        let (status, dom) = try ReportTests.browser(["--dump-dom", "file://" + page])
        #expect(status == 0)
        // The browser parsed every chart (five checks and the hold), one line per side, with dates.
        for check in [
            "frontKneeFlexion", "backKneeFlexion", "trunkInclination", "backHipExtension", "feetGrounded",
            "holdSeconds",
        ] {
            #expect(dom.contains("<svg id=\"chart-scissor-stance-\(check)\""), "\(check) chart not in the rendered DOM")
        }
        #expect(dom.components(separatedBy: "<polyline class=\"side-left\"").count == 7)
        #expect(dom.components(separatedBy: "<polyline class=\"side-right\"").count == 7)
        #expect(dom.contains(">2026-11-23<") && dom.contains(">90°<"))
    }

    @Test func helpAndUsage() throws {
        let help = runCLI(["progress", "--help"])
        #expect(help.code == 0 && help.err.isEmpty)
        try Golden.check(help.out, "help-progress.txt")
        let missing = runCLI(["progress", "--stretch", "1"])
        #expect(missing.code == 64 && missing.err.hasPrefix("Error: Missing expected argument '<path>'."))
        let format = runCLI(["progress", "x", "--stretch", "1", "--output", "jsonl"])
        #expect(format.code == 64)
        let dir = try Self.tempDir("empty")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let empty = runCLI(["progress", dir, "--stretch", "1"])
        #expect(empty.code == 66 && empty.out.isEmpty && empty.err == "Error: no recordings found in \(dir)\n")
    }
}
