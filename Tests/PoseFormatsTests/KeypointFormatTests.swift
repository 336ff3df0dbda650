// One synthetic recording exported into every keypoint format and layout PoseCheck reads gives
// the same per-frame metrics and statuses as its MediaPipe export, for every check whose joints
// the layout has; each is detected from content and names its skeleton.
import Foundation
import PoseFormats
import PoseModel
import PoseScanning
import PoseSynth
import Testing

struct KeypointFormatTests {
    enum Export {
        case text(String)
        case folder([(name: String, contents: String)])
    }

    struct Case: Sendable, CustomStringConvertible {
        var name: String
        var format: PoseFormat
        var skeleton: String
        var world = false
        var make: @Sendable (SyntheticRecording) -> Export
        var description: String { name }
    }

    static let named = Set(Joint.allCases)
    static func layoutJoints(_ l: KeypointLayout) -> Set<Joint> { Set(l.joints.compactMap { $0 }) }
    static let visionJoints = Set(
        [
            "nose", "left_eye", "right_eye", "left_ear", "right_ear", "left_shoulder", "right_shoulder", "left_elbow",
            "right_elbow", "left_wrist", "right_wrist", "left_hip", "right_hip", "left_knee", "right_knee",
            "left_ankle", "right_ankle",
        ].compactMap { Joint(snakeName: $0) })

    static let cases: [Case] = {
        var c: [Case] = []
        for layout in [KeypointLayout.body25, .body25B, .coco18, .halpe26, .mediapipe33, .coco17] {
            c.append(
                Case(name: "openpose-\(layout.id)", format: .openposeJSON, skeleton: layout.id) {
                    .folder(KeypointExport.openPose($0, layout: layout))
                })
        }
        c.append(
            Case(name: "coco-dataset", format: .cocoJSON, skeleton: "coco-17") {
                .text(KeypointExport.coco($0, results: false))
            })
        c.append(
            Case(name: "coco-results", format: .cocoJSON, skeleton: "coco-17") {
                .text(KeypointExport.coco($0, results: true))
            })
        c.append(Case(name: "tfjs", format: .tfjsJSON, skeleton: "tfjs-named") { .text(KeypointExport.tfjs($0)) })
        c.append(
            Case(name: "tfjs-3d", format: .tfjsJSON, skeleton: "tfjs-named", world: true) {
                .text(KeypointExport.tfjs($0))
            })
        c.append(Case(name: "movenet", format: .movenetJSON, skeleton: "coco-17") { .text(KeypointExport.moveNet($0)) })
        c.append(
            Case(name: "apple-vision", format: .appleVisionJSON, skeleton: "apple-vision-19") {
                .text(KeypointExport.appleVision($0))
            })
        c.append(
            Case(name: "apple-vision-3d", format: .appleVisionJSON, skeleton: "apple-vision-3d-17", world: true) {
                .text(KeypointExport.appleVision($0))
            })
        c.append(
            Case(name: "apple-vision-raw-names", format: .appleVisionJSON, skeleton: "apple-vision-19") {
                .text(KeypointExport.appleVision($0, rawNames: true))
            })
        c.append(
            Case(name: "azure-kinect", format: .azureKinectJSON, skeleton: "azure-kinect-32", world: true) {
                .text(KeypointExport.azureKinect($0))
            })
        c.append(
            Case(name: "kinect-v2-csv", format: .kinectV2CSV, skeleton: "kinect-v2-25", world: true) {
                .text(KeypointExport.kinectV2CSV($0))
            })
        c.append(
            Case(name: "trc-metres", format: .trc, skeleton: "trc-markers", world: true) {
                .text(KeypointExport.trc($0, pixels: false))
            })
        c.append(
            Case(name: "trc-pixels", format: .trc, skeleton: "trc-markers") {
                .text(KeypointExport.trc($0, pixels: true))
            })
        c.append(
            Case(name: "long-csv-index", format: .longCSV, skeleton: "mediapipe-33") {
                .text(KeypointExport.longCSV($0, byName: false))
            })
        c.append(
            Case(name: "long-csv-names", format: .longCSV, skeleton: "mediapipe-33") {
                .text(KeypointExport.longCSV($0, byName: true))
            })
        for layout in KeypointExport.MediaPipeCSVLayout.allCases {
            c.append(
                Case(name: "mediapipe-csv-\(layout.rawValue)", format: .mediapipeCSV, skeleton: "mediapipe-33") {
                    .text(KeypointExport.mediaPipeCSV($0, layout: layout))
                })
        }
        return c
    }()

    /// The joints each case's layout has.
    static func joints(_ c: Case) -> Set<Joint> {
        switch c.name {
        case let n where n.hasPrefix("openpose-"): return layoutJoints(KeypointLayout.named(c.skeleton)!)
        case "coco-dataset", "coco-results", "movenet": return layoutJoints(.coco17)
        case "apple-vision", "apple-vision-raw-names": return visionJoints
        case "apple-vision-3d": return visionJoints.subtracting([.nose, .leftEye, .rightEye, .leftEar, .rightEar])
        case "azure-kinect": return layoutJoints(.coco17).union([.leftFootIndex, .rightFootIndex])
        case "kinect-v2-csv":
            return [
                .leftShoulder, .rightShoulder, .leftElbow, .rightElbow, .leftWrist, .rightWrist, .leftHip, .rightHip,
                .leftKnee, .rightKnee, .leftAnkle, .rightAnkle, .leftFootIndex, .rightFootIndex,
            ]
        case "trc-metres", "trc-pixels": return layoutJoints(.body25)
        default: return named
        }
    }

    /// The joints a check cannot do without (the neck, mid-hip and elbows are fallbacks or drawing only).
    static func essential(_ c: CheckID) -> Set<Joint> {
        c.joints.subtracting([.neck, .midHip, .leftElbow, .rightElbow])
    }

    static func read(_ export: Export, name: String, world: Bool) throws -> (Recording, PoseFormat?) {
        var o = ReadOptions()
        o.coordinates = world ? .world : .image
        o.imageSize = ImageSize(width: 1280, height: 720)  // the camera's; formats with pixels ignore it
        switch export {
        case .text(let t):
            let input = ByteInput.memory(Array(t.utf8))
            return (try PoseReader.readRecording(input, path: name, options: o), PoseReader.detect(input))
        case .folder(let files):
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
                "posecheck-\(name)-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: dir) }
            for f in files {
                try f.contents.write(to: dir.appendingPathComponent(f.name), atomically: true, encoding: .utf8)
            }
            do { return (try PoseReader.readRecording(path: dir.path, options: o), nil) } catch {
                throw Failure(message: "\(error)")
            }
        }
    }

    struct Failure: Error { var message: String }

    static let scenarios: [(String, CheckID?, Side)] = [
        ("scissor-stance", nil, .left), ("hands-down-lunge", nil, .right), ("reach-up-twist", nil, .left),
        ("scissor-stance", .trunkInclination, .right), ("reach-up-twist", .armLine, .right),
        ("hands-down-lunge", .feetGrounded, .left),
    ]

    @Test("every format gives the MediaPipe metrics", arguments: cases)
    func sameMetrics(_ c: Case) throws {
        for (stretch, violated, front) in Self.scenarios {
            let rec = Scenarios.recording(stretch, violated: violated, front: front, duration: 1, fps: 10)
            let spec = try #require(StretchSpec.builtin(named: stretch))
            var ref = ReadOptions()
            ref.coordinates = c.world ? .world : .image
            let reference = try PoseReader.readRecording(
                .memory(Array(MediaPipeExport.json(rec).utf8)), path: "ref.json", options: ref)
            let (recording, detected) = try Self.read(c.make(rec), name: c.name, world: c.world)
            if let detected { #expect(detected == c.format, "\(c.name) detected as \(detected)") }
            #expect(recording.info.format == c.format.rawValue)
            #expect(recording.info.skeleton == c.skeleton)
            let side: FrontSideChoice = front == .left ? .left : .right
            let k = Evaluator.evaluate(reference, spec: spec, front: side)
            let a = Evaluator.evaluate(recording, spec: spec, front: side)
            #expect(a.frames.count == k.frames.count, "\(c.name)")
            let have = Self.joints(c)
            var compared = 0
            for (kf, af) in zip(k.frames, a.frames) {
                for (kc, ac) in zip(kf.checks, af.checks) where Self.essential(kc.check).isSubset(of: have) {
                    guard let kv = kc.value else {
                        #expect(
                            ac.value == nil,
                            "\(c.name) \(stretch) \(kc.check): \(String(describing: ac.value)) where MediaPipe has none"
                        )
                        continue
                    }
                    let av = try #require(
                        ac.value, "\(c.name) \(stretch) frame \(af.index) \(ac.check): \(String(describing: ac.reason))"
                    )
                    let tolerance = ac.check.unit == .degrees ? 0.01 : 1e-4
                    #expect(
                        abs(kv - av) < tolerance, "\(c.name) \(stretch) frame \(af.index) \(ac.check): \(kv) vs \(av)")
                    #expect(kc.status == ac.status)
                    compared += 1
                }
            }
            // At least both knees on every frame: a format cannot pass by measuring nothing.
            #expect(compared >= 2 * a.frames.count, "\(c.name): only \(compared) values compared")
        }
    }
}

extension KeypointFormatTests {
    /// A keypoint value in a number list that is no finite number: the COCO annotation or
    /// OpenPose person holding it is flagged on its frame, the other frames read as they are.
    @Test(
        "a keypoint value that is no finite number flags its annotation or person",
        arguments: ["1e400", "\"x\"", "null", "[1]", "true"])
    func keypointValueNotANumber(_ value: String) throws {
        let r = Scenarios.recording("scissor-stance", front: .left, duration: 0.5, fps: 10)
        let coco = KeypointExport.coco(r, results: false)
        let keypoints = try #require(coco.range(of: "\"keypoints\":["))
        let first = try #require(coco[keypoints.upperBound...].firstIndex(of: ","))
        let text = coco[..<keypoints.upperBound] + value + coco[first...]
        let frames = try PoseReader.readRecording(.memory(Array(text.utf8)), path: "coco.json").frames
        #expect(frames.count == r.frames.count)
        #expect(
            frames[0].issues.map(\.message).contains {
                $0.hasSuffix("keypoints hold a value that is not a finite number")
            })
        #expect(frames.dropFirst().allSatisfy { $0.issues.isEmpty })
    }

    /// A TRC cut inside its last row (a recorder stopped mid-write): the row is flagged
    /// `wrong_field_count` with its number and time where whole, and nothing of its markers is
    /// read (its markers were read as not detected, and a cut `-0` of `-0.492` as a value).
    @Test(arguments: [0, 1, 2])
    func aTRCCutInItsLastRowIsFlagged(_ place: Int) throws {
        let r = Scenarios.recording("scissor-stance", front: .left, duration: 0.5, fps: 10)
        let text = KeypointExport.trc(r, pixels: false)
        let whole = try PoseReader.readRecording(.memory(Array(text.utf8)), path: "whole.trc")
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        while lines.last == "" { lines.removeLast() }
        let last = lines.removeLast()
        let tabs = last.indices.filter { last[$0] == "\t" }
        // Inside the frame number, inside a coordinate mid-row, just before the last tab.
        let cut = [
            last.index(after: last.startIndex), last.index(tabs[tabs.count / 2], offsetBy: 3), tabs[tabs.count - 1],
        ][place]
        let cutText = (lines + [String(last[..<cut])]).joined(separator: "\n")
        let frames = try PoseReader.readRecording(.memory(Array(cutText.utf8)), path: "cut.trc").frames
        #expect(frames.count == whole.frames.count)
        let flagged = try #require(frames.last)
        #expect(flagged.issues.map(\.code) == ["wrong_field_count"] && !flagged.hasAnyKeypoint)
        #expect(flagged.index == whole.frames.last?.index)
        #expect(flagged.time == (place == 0 ? nil : whole.frames.last?.time))
        for (a, b) in zip(frames.dropLast(), whole.frames) { #expect(a.keypoints == b.keypoints && a.issues.isEmpty) }
        // A row before the last that leaves out its trailing cells (a writer that drops empty
        // cells) is read, its missing markers not detected.
        var trimmed = lines
        trimmed[trimmed.count - 1] = trimmed[trimmed.count - 1].split(separator: "\t").prefix(20).joined(
            separator: "\t")
        let read = try PoseReader.readRecording(
            .memory(Array((trimmed + [last]).joined(separator: "\n").utf8)), path: "trimmed.trc")
        #expect(read.frames.count == whole.frames.count)
        #expect(read.frames.allSatisfy { !$0.issues.contains { $0.code == "wrong_field_count" } })
        let kept = read.frames[read.frames.count - 2].keypoints.compactMap { $0 }.count
        #expect(kept > 0 && kept < whole.frames[whole.frames.count - 2].keypoints.compactMap { $0 }.count)
    }

    /// A TRC whose tabs became spaces names no markers: said at the line of marker names, not
    /// the line after it.
    @Test func aTRCWithoutTabsIsRefusedAtItsMarkerNames() throws {
        let r = Scenarios.recording("scissor-stance", front: .left, duration: 0.2, fps: 10)
        let text = KeypointExport.trc(r, pixels: false).replacingOccurrences(of: "\t", with: "    ")
        let error = try #require(throws: FormatError.self) {
            try PoseReader.readRecording(
                .memory(Array(text.utf8)), path: "spaces.trc", options: ReadOptions(format: .trc))
        }
        #expect(error.location?.line == 4 && error.message.contains("tabs"), "\(error)")
    }
}
