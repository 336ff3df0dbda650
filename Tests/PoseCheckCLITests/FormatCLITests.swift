// Through the CLI: one recording in every keypoint format and layout (Fixtures/formats) gives
// the MediaPipe export's per-frame values, statuses and verdict, and `inspect` names each
// file's format and skeleton (BODY_25 and BODY_25B told apart by the vote).
import Foundation
import PoseFormats
import PoseModel
import Testing

struct FormatCLITests {
    /// Fixture → (format, skeleton, world coordinates).
    static let expected: [String: (format: String, skeleton: String, world: Bool)] = [
        "apple-vision.json": ("apple-vision-json", "apple-vision-19", false),
        "azure-kinect.json": ("azure-kinect-json", "azure-kinect-32", true),
        "coco-dataset.json": ("coco-json", "coco-17", false),
        "coco-results.json": ("coco-json", "coco-17", false),
        "kinect-v2.csv": ("kinect-v2-csv", "kinect-v2-25", true),
        "markers.trc": ("trc", "trc-markers", true),
        "markers_px.trc": ("trc", "trc-markers", false),
        "mediapipe-dlc.csv": ("mediapipe-csv", "mediapipe-33", false),
        "mediapipe-headerless.csv": ("mediapipe-csv", "mediapipe-33", false),
        "mediapipe-landmark-0-x.csv": ("mediapipe-csv", "mediapipe-33", false),
        "mediapipe-lm-0-x.csv": ("mediapipe-csv", "mediapipe-33", false),
        "mediapipe-long.csv": ("mediapipe-long-csv", "mediapipe-33", false),
        "mediapipe-x0.csv": ("mediapipe-csv", "mediapipe-33", false),
        "mediapipe-x1.csv": ("mediapipe-csv", "mediapipe-33", false),
        "mediapipe.jsonl": ("mediapipe-json", "mediapipe-33", false),
        "movenet.json": ("movenet-json", "coco-17", false),
        "openpose-body-25": ("openpose-json", "body-25", false),
        "openpose-body-25b": ("openpose-json", "body-25b", false),
        "openpose-coco-17": ("openpose-json", "coco-17", false),
        "openpose-coco-18": ("openpose-json", "coco-18", false),
        "openpose-halpe-26": ("openpose-json", "halpe-26", false),
        "openpose-mediapipe-33": ("openpose-json", "mediapipe-33", false),
        "tfjs.json": ("tfjs-json", "tfjs-named", false),
    ]

    @Test("every format fixture is listed here") func allListed() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: fixturesRoot + "/formats").filter {
            $0 != "mediapipe.json"
        }
        #expect(Set(names) == Set(Self.expected.keys))
    }

    static let common = [
        "--stretch", "1", "--front", "left", "--smooth", "none", "--fps", "10", "--image-size", "1280x720", "--output",
        "json",
    ]

    @Test(
        "inspect names the format and skeleton; check gives MediaPipe's values and verdict",
        arguments: expected.keys.sorted())
    func sameThroughTheCLI(_ name: String) throws {
        let e = try #require(Self.expected[name])
        let path = fixturesRoot + "/formats/" + name
        let inspect = runCLI(["inspect", path, "--output", "json"])
        #expect(inspect.code == 0, "\(inspect.err)")
        let info = try parseJSON(inspect.out)
        #expect(info["format"]?.string == e.format)
        #expect(info["skeleton"]?.string == e.skeleton)
        let joints = Set((info["joints"]?.members ?? []).compactMap { Joint(snakeName: $0.key) })

        let world = e.world ? ["--coordinates", "world"] : []
        let reference = runCLI(["check", fixturesRoot + "/formats/mediapipe.json"] + Self.common + world)
        let r = runCLI(["check", path] + Self.common + (name.hasPrefix("tfjs") ? world : []))
        #expect(r.err.isEmpty, "\(r.err)")
        let a = try parseJSON(r.out)
        let k = try parseJSON(reference.out)
        let af = try #require(a["frames"]?.array)
        let kf = try #require(k["frames"]?.array)
        #expect(af.count == kf.count)
        var compared = 0
        for (x, y) in zip(af, kf) {
            for (cx, cy) in zip(x["checks"]?.array ?? [], y["checks"]?.array ?? []) {
                guard let id = cx["check"]?.string.flatMap(CheckID.init(rawValue:)),
                    id.joints.subtracting([.neck, .midHip, .leftElbow, .rightElbow]).isSubset(of: joints)
                else { continue }
                let vx = try #require(cx["value"]?.number, "\(name) \(id)")
                let vy = try #require(cy["value"]?.number)
                #expect(abs(vx - vy) < (id.unit == .degrees ? 0.01 : 1e-4), "\(name) \(id): \(vx) vs \(vy)")
                #expect(cx["status"]?.string == cy["status"]?.string)
                compared += 1
            }
        }
        #expect(compared >= 2 * af.count)
        // A layout without heels and toes reads the feet at the ankles, whose heights differ by
        // more, so its feet may not be decided where MediaPipe's are: compare verdicts only when
        // the format has every joint the stretch's required checks read.
        let required = StretchSpec.scissorStance.checks.filter(\.required).map(\.id.joints)
        if required.allSatisfy({ $0.subtracting([.neck, .midHip, .leftElbow, .rightElbow]).isSubset(of: joints) }) {
            #expect(a["summary"]?["verdict"]?.string == k["summary"]?["verdict"]?.string)
            #expect(r.code == reference.code)
        }
    }

    /// `inspect` says where a frame rate comes from, and when --fps replaces the file's.
    @Test func inspectSaysWhereTheFrameRateComesFrom() throws {
        let path = NSTemporaryDirectory() + "posecheck-inspect-fps-\(getpid()).json"
        try #"{"fps": 25, "frames": [{"pose_landmarks": []}, {"pose_landmarks": []}]}"#.write(
            toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let file = runCLI(["inspect", path])
        #expect(file.out.contains("  time: 25.00 fps (from the file)\n"), "\(file.out)")
        let given = runCLI(["inspect", path, "--fps", "50"])
        #expect(given.out.contains("  time: 50.00 fps (from --fps)\n"), "\(given.out)")
        #expect(given.out.contains("note: the file's 25 fps replaced by --fps 50"), "\(given.out)")
    }

    /// The rate `inspect` estimates from timestamps counts the frames between the first and the
    /// last timed ones, not frames without a time before or after them (a cut last frame).
    @Test func inspectEstimatesTheRateFromTimedFramesOnly() throws {
        let path = NSTemporaryDirectory() + "posecheck-inspect-rate-\(getpid()).json"
        let timed = (0..<3).map { #"{"timestamp_ms": \#($0 * 100), "pose_landmarks": []}"# }
        let frames = [#"{"pose_landmarks": []}"#] + timed + [#"{"pose_landmarks": []}"#]
        try #"{"frames": [\#(frames.joined(separator: ", "))]}"#.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let r = runCLI(["inspect", path])
        #expect(r.out.contains("  time: 0.000–0.200 s from timestamps, about 10.00 fps\n"), "\(r.out)")
    }
}
