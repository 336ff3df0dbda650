// Real exports of real people, read in place from the corpus that
// `Tests/RealData/fetch-real-data.sh` fetches into `.real-data/` (or `$POSECHECK_REAL_DATA`):
// the Pose2Sim 0.7.2 demo, OpenPose BODY_25B folders from four cameras. Every value is checked
// against a computation that does not use the reader's layout tables.
import Foundation
import PoseFormats
import PoseGeometry
import PoseModel
import PoseSynth
import Testing

enum RealData {
    static let root: String? = {
        let path = ProcessInfo.processInfo.environment["POSECHECK_REAL_DATA"] ?? PackagePaths.root + "/.real-data"
        return FileManager.default.fileExists(atPath: path + "/pose2sim-0.7.2/Pose2Sim/S00_Demo_Session") ? path : nil
    }()
    static let absent: Comment =
        "real data not found: run Tests/RealData/fetch-real-data.sh (or set POSECHECK_REAL_DATA) to read the Pose2Sim demo"
    static var session: String { (root ?? "") + "/pose2sim-0.7.2/Pose2Sim/S00_Demo_Session/S00_P00_SingleParticipant" }
    static func folder(_ trial: String, _ camera: Int) -> String { "\(session)/\(trial)/pose/cam0\(camera)_json" }

    /// The people of a frame file as raw numbers, parsed by Foundation (not by our scanner).
    static func people(_ path: String) throws -> [[Double]] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let doc = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let people = try #require(doc["people"] as? [[String: Any]])
        return try people.map { try #require($0["pose_keypoints_2d"] as? [Double]) }
    }

    /// Frame files in the order of the last number in their names.
    static func frameFiles(_ folder: String) throws -> [String] {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".json") }
        func number(_ name: String) -> Int { Int(name.split(whereSeparator: { !$0.isNumber }).last ?? "") ?? -1 }
        return names.sorted { number($0) < number($1) }.map { folder + "/" + $0 }
    }
}

@Suite(.enabled(if: RealData.root != nil, RealData.absent))
struct RealDataTests {
    /// BODY_25B as Pose2Sim writes it (COCO-17 order for 0–16): the hip, knee and ankle of each side.
    static let leftLeg = (hip: 11, knee: 13, ankle: 15)
    static let rightLeg = (hip: 12, knee: 14, ankle: 16)

    /// 180° minus the interior hip–knee–ankle angle, from raw numbers.
    static func flexion(_ k: [Double], _ leg: (hip: Int, knee: Int, ankle: Int)) -> Double {
        let ux = k[3 * leg.hip] - k[3 * leg.knee]
        let uy = k[3 * leg.hip + 1] - k[3 * leg.knee + 1]
        let vx = k[3 * leg.ankle] - k[3 * leg.knee]
        let vy = k[3 * leg.ankle + 1] - k[3 * leg.knee + 1]
        return 180 - atan2(abs(ux * vy - uy * vx), ux * vx + uy * vy) * 180 / .pi
    }

    static func flexion(_ frame: PoseFrame, _ side: Side) -> Double? {
        guard let hip = frame[.hip(side)], let knee = frame[.knee(side)], let ankle = frame[.ankle(side)] else {
            return nil
        }
        let u = hip.position - knee.position
        let v = ankle.position - knee.position
        return 180 - atan2(u.cross(v).length, u.dot(v)) * 180 / .pi
    }

    /// Knee flexion (left, right) of the standing participant, every frame of each camera, as
    /// `Tests/RealData/check-pose2sim.py` computes it from the raw JSON with the BODY_25B indices above
    /// (the static trial repeats one pose in all 12 frames). Read as BODY_25 instead, the same
    /// frames give 98° and 169° on camera 1.
    @Test(
        "the standing Pose2Sim trial reads as BODY_25B with straight knees on every camera",
        arguments: [
            (1, 1.47, 5.52), (2, 3.88, 1.56), (3, 0.32, 4.79), (4, 4.08, 1.31),
        ])
    func staticTrialKnees(_ camera: Int, _ left: Double, _ right: Double) throws {
        let folder = RealData.folder("S00_P00_T00_StaticTrial", camera)
        let recording = try PoseReader.readRecording(path: folder)
        #expect(recording.info.format == "openpose-json")
        #expect(recording.info.skeleton == "body-25b")
        #expect(recording.info.notes.contains { $0.contains("read as BODY_25B, decided by 12 of 12 frames") })
        let files = try RealData.frameFiles(folder)
        try #require(recording.frames.count == files.count && files.count == 12)
        for (frame, file) in zip(recording.frames, files) {
            let raw = try #require(try RealData.people(file).first)
            for (side, leg, documented) in [(Side.left, Self.leftLeg, left), (.right, Self.rightLeg, right)] {
                let read = try #require(Self.flexion(frame, side), "camera \(camera) frame \(frame.index) \(side)")
                #expect(abs(read - Self.flexion(raw, leg)) < 1e-9)
                #expect(abs(read - documented) < 0.01, "camera \(camera) \(side): \(read)")
                #expect(read <= 10)
            }
        }
        let result = Evaluator.evaluate(recording, spec: .scissorStance, front: .auto)
        for frame in result.frames {
            for check in frame.checks where check.check == .frontKneeFlexion || check.check == .backKneeFlexion {
                #expect(try #require(check.value) <= 10)
            }
        }
    }

    /// Camera 1 and 2 of the balancing trial show a bystander in every frame; on camera 1 frame
    /// 37 the bystander has the higher mean confidence. The graded mid-hip must move by at most a
    /// few pixels a frame (the participant's own largest step, from the raw files, is 13.4 px;
    /// the bystander is always 232 px or more away: `Tests/RealData/check-pose2sim.py`), and
    /// must be the participant's on frame 37.
    @Test("the bystander in the balancing trial is never graded", arguments: [1, 2, 3, 4])
    func bystanderNeverGraded(_ camera: Int) throws {
        let folder = RealData.folder("S00_P00_T01_BalancingTrial", camera)
        let recording = try PoseReader.readRecording(path: folder)
        let files = try RealData.frameFiles(folder)
        try #require(recording.frames.count == files.count && files.count == 100)
        var previous: Vector3?
        var mostConfidentElsewhere: [Int] = []
        for (frame, file) in zip(recording.frames, files) {
            #expect(
                !frame.issues.contains { $0.code == "person_lost" || $0.code == "person_switch" },
                "frame \(frame.index)")
            guard let l = frame[.leftHip], let r = frame[.rightHip] else { continue }
            let graded = (l.position + r.position) * 0.5
            if let p = previous {
                #expect(
                    (graded - p).length < 20,
                    "camera \(camera) frame \(frame.index): the graded body jumped \((graded - p).length) px")
            }
            previous = graded
            // The per-frame rule the reader no longer follows: the highest mean confidence.
            let people = try RealData.people(file)
            let confidence = people.map { k in
                stride(from: 2, to: k.count, by: 3).map { k[$0] }.reduce(0, +) / Double(k.count / 3)
            }
            let best = people[try #require(confidence.indices.max { confidence[$0] < confidence[$1] })]
            let hipsX = [11, 12].filter { best[3 * $0 + 2] > 0 }.map { best[3 * $0] }
            if !hipsX.isEmpty, abs(hipsX.reduce(0, +) / Double(hipsX.count) - graded.x) > 200 {
                mostConfidentElsewhere.append(frame.index)
            }
        }
        #expect(mostConfidentElsewhere == (camera == 1 ? [37] : []))
    }

    @Test("grade takes each camera folder as one recording")
    func foldersAreRecordings() throws {
        for camera in 1...4 {
            let files = try #require(
                PoseReader.openPoseFrameFiles(inFolder: RealData.folder("S00_P00_T01_BalancingTrial", camera)))
            #expect(files.count == 100)
            #expect(files.first == "cam0\(camera).0000.json")
            #expect(files.last == "cam0\(camera).0099.json")
        }
        #expect(PoseReader.openPoseFrameFiles(inFolder: RealData.session) == nil)
    }
}

/// Real TRC and OpenSim .mot files, made by Pose2Sim (0.7.2, and 0.10.49 with OpenSim 4.6) from
/// the real recordings of its demo by `Tests/RealData/make-pose2sim-trc.sh`, read in place.
enum RealTRC {
    static let root: String? = {
        let base = ProcessInfo.processInfo.environment["POSECHECK_REAL_DATA"] ?? PackagePaths.root + "/.real-data"
        return FileManager.default.fileExists(atPath: base + "/pose2sim-trc/SOURCES.tsv") ? base + "/pose2sim-trc" : nil
    }()
    static let absent: Comment =
        "real TRC and .mot files not found: run Tests/RealData/make-pose2sim-trc.sh (about 4 minutes, 1.5 GB from PyPI)"

    /// The files SOURCES.tsv lists, with the extension `ext`.
    static func files(_ ext: String) throws -> [String] {
        let root = try #require(root)
        let table = try String(contentsOfFile: root + "/SOURCES.tsv", encoding: .utf8)
        return table.split(separator: "\n").dropFirst().compactMap { line in
            let file = String(line.split(separator: "\t").first ?? "")
            return file.hasSuffix(ext) ? root + "/" + file : nil
        }
    }

    /// A TRC's data rows, split at tabs by Foundation (not by our scanner): marker name to the
    /// X, Y, Z of each row.
    static func markers(_ path: String) throws -> (names: [String], rows: [[Double]]) {
        let lines = try String(contentsOfFile: path, encoding: .utf8).components(separatedBy: "\n")
        let header = lines[3].components(separatedBy: "\t")
        let rows = lines.dropFirst(5).filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.map {
            $0.split(whereSeparator: { $0 == "\t" || $0 == " " }).map { Double($0) ?? .nan }
        }
        return (header, rows)
    }
}

@Suite(.enabled(if: RealTRC.root != nil, RealTRC.absent))
struct RealTRCTests {
    /// Every file reads: each data row a frame with its time; the markers Pose2Sim names map to
    /// the hips, knees and ankles.
    @Test func everyFileReads() throws {
        let trc = try RealTRC.files(".trc")
        let mot = try RealTRC.files(".mot")
        #expect(trc.count >= 30 && mot.count >= 5)
        for path in trc + mot {
            let r = try PoseReader.readRecording(path: path)
            #expect(!r.frames.isEmpty, "\(path)")
            #expect(r.frames.allSatisfy { $0.time != nil }, "\(path)")
            if path.hasSuffix(".trc") {
                #expect(r.frames.count == (try RealTRC.markers(path)).rows.count, "\(path)")
                let knees: [Joint] = [.leftHip, .rightHip, .leftKnee, .rightKnee, .leftAnkle, .rightAnkle]
                #expect(knees.allSatisfy { r.frames[0][$0] != nil }, "\(path)")
            } else {
                #expect(r.frames.allSatisfy { $0.measured != nil }, "\(path)")
            }
        }
    }

    /// Knee flexion from each TRC is 180° less the hip–knee–ankle angle of the file's own
    /// markers (RHip, RKnee, RAnkle, …), computed here from the text.
    @Test func kneeFlexionIsTheMarkersAngle() throws {
        for path in try RealTRC.files(".trc") {
            let (names, rows) = try RealTRC.markers(path)
            func point(_ name: String, _ row: [Double]) throws -> Vector3 {
                let c = try #require(names.firstIndex(of: name))
                return Vector3(row[c], row[c + 1], row[c + 2])
            }
            let r = try PoseReader.readRecording(path: path)
            let result = Evaluator.evaluate(r, spec: .scissorStance, front: .right)
            for (frame, row) in zip(result.frames, rows) {
                let hip = try point("RHip", row)
                let knee = try point("RKnee", row)
                let ankle = try point("RAnkle", row)
                let interior = try #require(angle(between: hip - knee, and: ankle - knee)).degrees
                let graded = try #require(frame.checks.first { $0.check == .frontKneeFlexion }?.value)
                #expect(abs(graded - (180 - interior)) < 1e-9, "\(path) frame \(frame.index)")
            }
        }
    }
}
