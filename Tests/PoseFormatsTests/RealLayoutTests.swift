// Layouts met in real exports, and their neighbours: metadata beside MediaPipe frames, frames
// under any name, Tasks-API lists, null frames, JSON Lines with a metadata line, numbered CSV
// columns with and without a header, OpenPose skeletons told apart by partial evidence, and the
// same person followed across frames. Each reads to the same frames as the plain export, or
// fails with a located error.
import Foundation
import PoseFormats
import PoseModel
import PoseScanning
import PoseSynth
import Testing

struct RealLayoutTests {
    static let recording = Scenarios.recording("scissor-stance", violated: nil, front: .left, duration: 0.5, fps: 10)
    static let size = ImageSize(width: 1280, height: 720)

    /// The synthetic recording's frames as Foundation objects: `pose_landmarks` lists of
    /// `{x, y, z, visibility}`.
    static let landmarkLists: [[[String: Double]]] = {
        let text = MediaPipeExport.json(recording)
        let doc = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any]
        let frames = doc?["frames"] as? [[String: Any]] ?? []
        return frames.map { $0["pose_landmarks"] as? [[String: Double]] ?? [] }
    }()

    static func json(_ object: Any) -> String {
        String(
            decoding: (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data(),
            as: UTF8.self)
    }

    static func read(_ text: String, options: ReadOptions = ReadOptions(imageSize: size)) throws -> Recording {
        try PoseReader.readRecording(.memory(Array(text.utf8)), path: "export", options: options)
    }

    static var reference: Recording {
        get throws { try read(json(["frames": landmarkLists.map { ["pose_landmarks": $0] }])) }
    }

    /// Three frames in which nobody is detected, written as many scripts write them: the frame's
    /// number and time, the landmarks left out; then the recording's frames, numbered after them.
    static var openingWithoutLandmarks: [[String: Any]] { (0..<3).map { ["frame": $0, "timestamp_ms": $0 * 100] } }
    static var numberedFrames: [[String: Any]] {
        landmarkLists.enumerated().map {
            ["frame": $0.offset + 3, "timestamp_ms": ($0.offset + 3) * 100, "pose_landmarks": $0.element]
        }
    }

    /// The landmarks as lists of numbers, `[x, y, z, visibility]`, as `ndarray.tolist()` writes them.
    static let numberLists: [[[Double]]] = landmarkLists.map {
        $0.map { lm in ["x", "y", "z", "visibility"].map { lm[$0] ?? 0 } }
    }

    static func named(_ landmarks: [[String: Double]]) -> [[String: Any]] {
        landmarks.enumerated().map { (i, lm) in
            var out: [String: Any] = lm
            out["name"] = KeypointLayout.mediapipe33.names[i]
            out["id"] = i
            out["index"] = i
            return out
        }
    }

    /// Each export holds the reference's frames; `empty` more frames without a person come first.
    static let mediaPipeJSON: [(name: String, empty: Int, text: @Sendable () -> String)] = [
        (
            "metadata before the frames", 0,
            {
                json([
                    "format": "mediapipe_pose_landmarks", "tool": "mediapipe 0.10.21", "source": "clip.mp4",
                    "label": "warrior", "fps": NSNull(),
                    "landmark_names": KeypointLayout.mediapipe33.names,
                    "frames": landmarkLists.map {
                        ["detected": true, "person_id": 0, "bbox": [0.1, 0.1, 0.5, 0.8], "pose_landmarks": named($0)]
                            as [String: Any]
                    },
                ])
            }
        ),
        ("a bare list of frames", 0, { json(landmarkLists.map { ["pose_landmarks": $0] }) }),
        ("a list of landmark lists", 0, { json(landmarkLists) }),
        (
            "frames under another name", 0,
            { json(["meta": ["tool": "x"], "results": landmarkLists.map { ["pose_landmarks": $0] }]) }
        ),
        (
            "landmarks as lists of numbers, with presence (a Tasks API dump)", 0,
            {
                json([
                    "frames": landmarkLists.map {
                        ["landmarks": $0.map { lm in ["x", "y", "z", "visibility"].map { lm[$0] ?? 0 } + [0.99] }]
                    }
                ])
            }
        ),
        (
            "landmarks as lists of numbers", 0,
            {
                json([
                    "frames": landmarkLists.map {
                        ["landmarks": $0.map { lm in ["x", "y", "z", "visibility"].map { lm[$0] ?? 0 } }]
                    }
                ])
            }
        ),
        ("Tasks API lists per pose", 0, { json(landmarkLists.map { ["landmarks": [$0], "worldLandmarks": [$0]] }) }),
        (
            "null and empty frames first", 3,
            {
                json(
                    [NSNull(), [] as [Any], ["pose_landmarks": NSNull()]] + landmarkLists.map { ["pose_landmarks": $0] }
                )
            }
        ),
        (
            "landmarks without names under keypoints, numbered frame_id, empty lists first", 3,
            {
                json(
                    (0..<3).map { ["frame_id": $0, "keypoints": [] as [Any]] as [String: Any] }
                        + landmarkLists.enumerated().map {
                            ["frame_id": $0.offset + 3, "keypoints": $0.element.map { $0.filter { $0.key != "z" } }]
                        })
            }
        ),
        (
            "JSON Lines of landmarks without names under keypoints", 0,
            {
                landmarkLists.map { json(["keypoints": $0.map { $0.filter { $0.key != "z" } }]) }.joined(
                    separator: "\n") + "\n"
            }
        ),
        (
            "pose_landmarks beside a hand's keypoints", 0,
            {
                json(
                    landmarkLists.map {
                        ["pose_landmarks": $0, "keypoints": Array(repeating: ["x": 0.1, "y": 0.2], count: 21)]
                    })
            }
        ),
        (
            "frames without anyone first, their landmarks left out", 3,
            { json(["fps": 10, "frames": openingWithoutLandmarks + numberedFrames]) }
        ),
        (
            "a list of frames without anyone first, their landmarks left out", 3,
            { json(openingWithoutLandmarks + numberedFrames) }
        ),
        (
            "JSON Lines without anyone first, their landmarks left out", 3,
            { (openingWithoutLandmarks + numberedFrames).map { json($0) }.joined(separator: "\n") + "\n" }
        ),
        (
            "JSON Lines of landmark lists", 0,
            { landmarkLists.map { json($0) }.joined(separator: "\n") + "\n" }
        ),
        (
            "JSON Lines of landmarks as lists of numbers", 0,
            { numberLists.map { json($0) }.joined(separator: "\n") + "\n" }
        ),
        ("a list of frames of landmarks as lists of numbers", 0, { json(numberLists) }),
        (
            "landmarks as lists of numbers under keypoints, beside the frame's number", 0,
            {
                json([
                    "fps": 10,
                    "frames": numberLists.enumerated().map { ["frame_index": $0.offset, "keypoints": $0.element] },
                ])
            }
        ),
        (
            "JSON Lines after a metadata line", 0,
            {
                ([json(["tool": "mediapipe", "fps": 30, "landmark_names": KeypointLayout.mediapipe33.names])]
                    + landmarkLists.map { json(["pose_landmarks": $0]) }).joined(separator: "\n") + "\n"
            }
        ),
    ]

    @Test("MediaPipe JSON in neighbouring layouts reads as MediaPipe", arguments: mediaPipeJSON.indices)
    func mediaPipeLayouts(_ i: Int) throws {
        let (name, empty, text) = Self.mediaPipeJSON[i]
        #expect(PoseReader.detect(.memory(Array(text().utf8))) == .mediapipeJSON, "\(name)")
        let r = try Self.read(text())
        let reference = try Self.reference
        try #require(r.frames.count == reference.frames.count + empty, "\(name)")
        #expect(r.frames.prefix(empty).allSatisfy { $0.issues.map(\.code) == ["no_person"] }, "\(name)")
        for (a, b) in zip(r.frames.dropFirst(empty), reference.frames) {
            #expect(a.issues.map(\.code) == b.issues.map(\.code), "\(name)")
            #expect(a[.leftKnee] == b[.leftKnee] && a[.rightAnkle] == b[.rightAnkle], "\(name) frame \(a.index)")
        }
        if name.hasPrefix("metadata") {
            #expect(
                r.info.notes.contains(
                    "keys not used (skipped): format, label, landmark_names, source, tool, bbox, detected, person_id, id, index, name"
                ))
        }
    }

    /// tfjs names its keypoints; a script's own dump of seventeen without names is in COCO's
    /// order (MoveNet's, PoseNet's) and reads as the named ones do.
    @Test func seventeenKeypointsWithoutNamesAreCOCOOrdered() throws {
        let names = KeypointLayout.coco17.names
        func frames(named: Bool) -> String {
            Self.json(
                Self.landmarkLists.map { landmarks in
                    let points = names.map { name -> [String: Any] in
                        let lm = landmarks[KeypointLayout.mediapipe33.names.firstIndex(of: name) ?? 0]
                        var p: [String: Any] = ["x": (lm["x"] ?? 0) * 1280, "y": (lm["y"] ?? 0) * 720, "score": 0.9]
                        if named { p["name"] = name }
                        return p
                    }
                    return ["keypoints": points]
                })
        }
        let unnamed = try Self.read(frames(named: false))
        let reference = try Self.read(frames(named: true))
        #expect(unnamed.info.format == PoseFormat.tfjsJSON.rawValue)
        #expect(unnamed.info.notes.contains("keypoints without names: read in COCO-17 order (17 a pose)"))
        try #require(unnamed.frames.count == reference.frames.count)
        for (a, b) in zip(unnamed.frames, reference.frames) {
            #expect(a.keypoints == b.keypoints && a.issues == b.issues)
            #expect(a[.leftKnee] != nil)
        }
    }

    /// The recording's seventeen COCO points of each frame in pixels: (x, y), by COCO's order.
    static let cocoPixels: [[(x: Double, y: Double)]] = landmarkLists.map { landmarks in
        KeypointLayout.coco17.names.map { name in
            let lm = landmarks[KeypointLayout.mediapipe33.names.firstIndex(of: name) ?? 0]
            return ((lm["x"] ?? 0) * 1280, (lm["y"] ?? 0) * 720)
        }
    }

    /// Poses of seventeen points as other tools than tfjs write them read as tfjs's named
    /// points do: YOLO's JSON Lines (`persons`, points `{x, y, conf}`; they were all
    /// `no_person`, the poses under an unknown key), MMPose's `--save-predictions`
    /// (`instance_info` frames of `instances` with `[x, y]` points and `keypoint_scores`
    /// beside them; refused as no MediaPipe export).
    @Test(arguments: ["YOLO JSON Lines", "MMPose predictions"])
    func posesOfOtherTools(_ tool: String) throws {
        let reference = try Self.read(
            Self.json(
                Self.cocoPixels.map { points in
                    [
                        "keypoints": zip(KeypointLayout.coco17.names, points).map {
                            ["x": $1.x, "y": $1.y, "score": 0.9, "name": $0]
                        }
                    ]
                }))
        let text: String
        if tool == "YOLO JSON Lines" {
            text =
                Self.cocoPixels.enumerated().map { i, points in
                    Self.json([
                        "frame": i, "time_sec": Double(i) / 10,
                        "persons": [
                            [
                                "track_id": 1, "conf": 0.9,
                                "keypoints": points.map { ["x": $0.x, "y": $0.y, "conf": 0.9] },
                            ]
                        ],
                    ])
                }.joined(separator: "\n") + "\n"
        } else {
            text = Self.json([
                "meta_info": ["dataset_name": "coco", "num_keypoints": 17],
                "instance_info": Self.cocoPixels.enumerated().map { i, points in
                    [
                        "frame_id": i + 1,
                        "instances": [
                            [
                                "keypoints": points.map { [$0.x, $0.y] }, "keypoint_scores": points.map { _ in 0.9 },
                                "bbox": [[100, 100, 900, 700]], "bbox_score": 0.95,
                            ]
                        ],
                    ]
                },
            ])
        }
        #expect(PoseReader.detect(.memory(Array(text.utf8))) == .tfjsJSON, "\(tool)")
        let read = try Self.read(text)
        try #require(read.frames.count == reference.frames.count, "\(tool)")
        for (a, b) in zip(read.frames, reference.frames) {
            #expect(a.keypoints == b.keypoints && a.issues == b.issues, "\(tool)")
            #expect(a[.leftKnee]?.confidence == 0.9, "\(tool)")
        }
    }

    /// Frames of `people` whose points are `keypoints` rows `[x, y, score]` or a flat list of
    /// such triples (MMPose 0.x's results, `.tolist()`), after frames of no people: read as
    /// tfjs poses. The empty `people` of the first frames decided OpenPose ("not an OpenPose
    /// frame"); a frame without anyone now decides only when no frame with data does.
    @Test(arguments: [false, true])
    func framesOfPeopleWithKeypointRows(flat: Bool) throws {
        let reference = try Self.read(
            Self.json(
                Self.cocoPixels.map { points in
                    [
                        "keypoints": zip(KeypointLayout.coco17.names, points).map {
                            ["x": $1.x, "y": $1.y, "score": 0.9, "name": $0]
                        }
                    ]
                }))
        let people = Self.cocoPixels.map { points -> [String: Any] in
            let rows = points.map { [$0.x, $0.y, 0.9] }
            return ["bbox": [100, 100, 900, 700, 0.95], "keypoints": flat ? rows.flatMap { $0 } : rows]
        }
        let frames =
            [["frame_index": 0, "people": [Any]()], ["frame_index": 1, "people": [Any]()]]
            + people.enumerated().map { ["frame_index": $0.offset + 2, "people": [$0.element]] }
        let text = Self.json(frames)
        #expect(PoseReader.detect(.memory(Array(text.utf8))) == .tfjsJSON)
        let read = try Self.read(text)
        try #require(read.frames.count == reference.frames.count + 2)
        #expect(read.frames.prefix(2).allSatisfy { $0.issues.map(\.code) == ["no_person"] })
        for (a, b) in zip(read.frames.dropFirst(2), reference.frames) {
            #expect(a.keypoints == b.keypoints && a.issues == b.issues)
        }
        // An OpenPose frame file of nobody is still OpenPose's.
        #expect(PoseReader.detect(.memory(Array(#"{"version": 1.3, "people": []}"#.utf8))) == .openposeJSON)
    }

    /// Keypoints without names of a count no one skeleton has (25: BODY_25 or BODY_25B; 20)
    /// are flagged on their frame, never read as a frame without anyone alone.
    @Test(arguments: [25, 20])
    func unnamedKeypointsOfNoOneSkeleton(_ count: Int) throws {
        let points = (0..<count).map { ["x": 100.0 + Double($0), "y": 200.0, "score": 0.9] }
        let read = try Self.read(Self.json([["keypoints": points], ["keypoints": points]]))
        let flags = try #require(read.frames.first?.issues.first { $0.code == "layout_mismatch" })
        #expect(flags.message.hasPrefix("\(count) keypoints without names: "), "\(flags.message)")
    }

    /// A list of polylines before the frames of a MediaPipe export (`"roi_history": [[[x, y],
    /// [x, y]], …]`) is no list of frames: the frames are read (it was taken for them, each a
    /// `layout_mismatch`). 33 rows of numbers are a landmark list; fewer are not.
    @Test func aListOfPolylinesIsNoListOfFrames() throws {
        let text = Self.json([
            "roi_history": [[[100, 200], [300, 400]], [[110, 210], [310, 410]]],
            "frames": Self.landmarkLists.map { ["pose_landmarks": $0] },
        ])
        let read = try Self.read(text)
        let reference = try Self.reference
        #expect(read.frames.count == reference.frames.count)
        #expect(zip(read.frames, reference.frames).allSatisfy { $0.keypoints == $1.keypoints && $0.issues.isEmpty })
    }

    /// Frames without anyone first, their image size left out with their landmarks: the first
    /// frame with landmarks gives the size (it was taken from the first frame only: square pixels
    /// assumed, where live mode took the size from the first frame with a person).
    @Test func theSizeComesFromTheFirstFrameWithLandmarks() throws {
        let frames: [[String: Any]] =
            [["frame": 0], ["frame": 1]]
            + Self.landmarkLists.enumerated().map {
                ["frame": $0.offset + 2, "image_width": 1280, "image_height": 720, "pose_landmarks": $0.element]
            }
        let read = try Self.read(Self.json(frames), options: ReadOptions())
        #expect(!read.info.space.imageSizeAssumed, "\(read.info.space)")
        let reference = try Self.reference
        #expect(zip(read.frames.dropFirst(2), reference.frames).allSatisfy { $0.keypoints == $1.keypoints })
    }

    /// A confidence that is no number (MMPose's `keypoint_scores`, Vision's `confidences`, a
    /// tfjs point's `score`) leaves its point unread and flagged: it was read without a
    /// confidence, so counted as certain.
    @Test func aConfidenceThatIsNoNumberLeavesItsPointUnread() throws {
        let points = Self.cocoPixels[0]
        let knee = KeypointLayout.coco17.names.firstIndex(of: "left_knee") ?? 0
        let scores: [Any] = points.indices.map { $0 == knee ? "high" as Any : 0.9 as Any }
        let mmpose = Self.json([
            "instance_info": [
                ["frame_id": 1, "instances": [["keypoints": points.map { [$0.x, $0.y] }, "keypoint_scores": scores]]]
            ]
        ])
        let tfjs = Self.json([
            [
                "keypoints": zip(KeypointLayout.coco17.names, points).enumerated().map { i, pair in
                    ["x": pair.1.x, "y": pair.1.y, "score": i == knee ? "high" as Any : 0.9 as Any, "name": pair.0]
                }
            ]
        ])
        let vision = Self.json([
            [
                "joints": [
                    "left_upLeg_joint": [0.4, 0.6], "left_leg_joint": [0.45, 0.5], "left_foot_joint": [0.5, 0.4],
                ],
                "confidences": ["left_upLeg_joint": 0.9, "left_leg_joint": "high", "left_foot_joint": 0.9],
            ]
        ])
        for text in [mmpose, tfjs, vision] {
            let frame = try #require(try Self.read(text).frames.first)
            #expect(frame[.leftKnee] == nil, "\(text.prefix(40))")
            let flag = frame.issues.first { $0.code == "unparseable_number" }
            #expect(flag?.joints == [.leftKnee], "\(frame.issues)")
        }
    }

    /// Apple Vision joints as `[x, y]` with their confidences by name beside them (a Swift
    /// app's `{"joints": {…}, "confidences": {…}}`) read as joints with their own confidence:
    /// below the threshold, not graded (they were graded, the confidences ignored).
    @Test func visionConfidencesBesideTheJoints() throws {
        let names = ["left_upLeg_joint", "left_leg_joint", "left_foot_joint", "root"]
        func frame(_ beside: Bool) -> [String: Any] {
            var joints: [String: Any] = [:]
            var confidences: [String: Any] = [:]
            for (i, name) in names.enumerated() {
                let point = [0.4 + 0.05 * Double(i), 0.6 - 0.1 * Double(i)]
                joints[name] = beside ? point : point + [0.1]
                confidences[name] = 0.1
            }
            return beside ? ["joints": joints, "confidences": confidences] : ["joints": joints]
        }
        let beside = try Self.read(Self.json([frame(true), frame(true)]))
        let inline = try Self.read(Self.json([frame(false), frame(false)]))
        #expect(beside.info.format == PoseFormat.appleVisionJSON.rawValue)
        #expect(beside.frames.map(\.keypoints) == inline.frames.map(\.keypoints))
        #expect(beside.frames.map(\.issues) == inline.frames.map(\.issues))
        #expect(beside.frames.first?[.leftKnee]?.confidence == 0.1)
    }

    @Test(
        "a list of joint names never changes the detected format",
        arguments: [
            (
                #"{"joint_names": ["left_knee", "right_knee"], "frames": [{"time": 0, "left_knee_flexion": 5}]}"#,
                PoseFormat.anglesJSON
            ),
            (
                #"{"landmark_names": ["left_knee", "trunk"], "frames": [{"pose_landmarks": [{"x": 0.5, "y": 0.5}]}]}"#,
                .mediapipeJSON
            ),
            (#"{"keypoint_names": ["left_knee"], "people": [{"pose_keypoints_2d": [1, 2, 0.9]}]}"#, .openposeJSON),
            (
                #"[{"names": ["nose", "left_knee"], "poses": [{"keypoints": [{"x": 1, "y": 2, "name": "nose"}]}]}]"#,
                .tfjsJSON
            ),
            (#"{"labels": ["left_knee"], "annotations": [{"image_id": 1, "keypoints": [1, 2, 2]}]}"#, .cocoJSON),
            (
                #"{"joint_names": ["PELVIS"], "frames": [{"bodies": [{"joint_positions": [[1, 2, 3]]}]}]}"#,
                .azureKinectJSON
            ),
            (
                #"{"names": ["leftKnee"], "frames": [{"joints": {"leftKnee": {"x": 0.5, "y": 0.5}, "leftHip": [0.5, 0.6, 1], "leftAnkle": {"x": 0.5, "y": 0.4}}}]}"#,
                .appleVisionJSON
            ),
            (#"{"fps": null, "frames": [[[[0.5, 0.5, 0.9], [0.5, 0.5, 0.9]]]]}"#, .movenetJSON),
        ])
    func metadataDoesNotDecide(_ text: String, _ format: PoseFormat) {
        #expect(PoseReader.detect(.memory(Array(text.utf8))) == format)
    }

    /// MoveNet SinglePose's rows, [y, x, score] in COCO-17 order, of each frame.
    static let moveNetRows: [[[Double]]] = landmarkLists.map { landmarks in
        KeypointLayout.coco17.names.map { name in
            let lm = landmarks[KeypointLayout.mediapipe33.names.firstIndex(of: name) ?? 0]
            return [lm["y"] ?? 0, lm["x"] ?? 0, 0.9]
        }
    }

    /// MoveNet's output as scripts keep it: the whole `[1, 1, 17, 3]` tensor or `[17, 3]`
    /// (`outputs['output_0'].numpy()[0][0].tolist()`), a line each or in a list, alone or beside
    /// the frame's number.
    /// `empty` frames without anyone (`{"frame": 0}`) come first. Rows under `keypoints` are
    /// as likely another tool's `[x, y, score]`: read as MoveNet's with the format given.
    static let moveNetExports: [(name: String, empty: Int, text: @Sendable () -> String)] = [
        ("JSON Lines of [1, 1, 17, 3] tensors", 0, { moveNetRows.map { json([[$0]]) }.joined(separator: "\n") + "\n" }),
        ("JSON Lines of [17, 3] rows", 0, { moveNetRows.map { json($0) }.joined(separator: "\n") + "\n" }),
        ("a list of [17, 3] rows", 0, { json(moveNetRows) }),
        (
            "JSON Lines of frames with their rows under keypoints, without anyone first", 2,
            {
                ((0..<2).map { json(["frame": $0]) }
                    + moveNetRows.enumerated().map { json(["frame": $0.offset + 2, "keypoints": $0.element]) })
                    .joined(separator: "\n") + "\n"
            }
        ),
        (
            "frames with their rows under keypoints", 0,
            {
                json([
                    "fps": 10,
                    "frames": moveNetRows.enumerated().map { ["frame_index": $0.offset, "keypoints": $0.element] },
                ])
            }
        ),
        (
            "JSON Lines of frames with their tensor under keypoints_with_scores, after a box", 0,
            {
                moveNetRows.enumerated().map {
                    json([
                        "frame": $0.offset, "bbox": [[0.1, 0.2], [0.5, 0.6]], "keypoints_with_scores": [[$0.element]],
                    ])
                }
                .joined(separator: "\n") + "\n"
            }
        ),
    ]

    @Test("MoveNet output as scripts write it reads as MoveNet", arguments: moveNetExports.indices)
    func moveNetLayouts(_ i: Int) throws {
        let (name, empty, text) = Self.moveNetExports[i]
        var options = ReadOptions(imageSize: Self.size)
        if text().contains(#""keypoints":"#) {
            #expect(PoseReader.detect(.memory(Array(text().utf8))) != .movenetJSON, "\(name)")
            options.format = .movenetJSON
        } else {
            #expect(PoseReader.detect(.memory(Array(text().utf8))) == .movenetJSON, "\(name)")
        }
        let r = try Self.read(text(), options: options)
        let reference = try Self.read(Self.json(Self.moveNetRows.map { [[$0]] }))
        try #require(r.frames.count == reference.frames.count + empty && !reference.frames.isEmpty, "\(name)")
        #expect(r.frames.prefix(empty).allSatisfy { $0.issues.map(\.code) == ["no_person"] }, "\(name)")
        for (a, b) in zip(r.frames.dropFirst(empty), reference.frames) {
            #expect(a.keypoints == b.keypoints && a.issues.map(\.code) == b.issues.map(\.code), "\(name)")
            #expect(a[.leftKnee] != nil, "\(name)")
        }
    }

    @Test("a list of frames no reader knows is an error at its first frame, never a recording of no frames")
    func framesNoReaderKnows() throws {
        let text = #"{"fps": 30, "frames": [{"frame": 0, "foo": [1, 2]}, {"frame": 1, "foo": [1, 2]}]}"#
        #expect(
            throws: FormatError(
                .invalidContent, code: "not_pose_export",
                message:
                    #"this JSON is not a MediaPipe pose export: a frame needs "pose_landmarks" or "landmarks" ("frames" holds objects with frame, foo)"#,
                path: "export", location: SourceLocation(line: 1, column: 24, offset: 23))
        ) {
            try Self.read(text)
        }
        // A list of names beside no frames is metadata: a recording of no frames, as before.
        #expect(try Self.read(#"{"fps": 30, "landmark_names": ["nose"], "frames": []}"#).frames.isEmpty)
    }

    @Test("world landmarks without image landmarks ask for --coordinates world")
    func worldLandmarksOnly() throws {
        let text = Self.json(["frames": Self.landmarkLists.map { ["worldLandmarks": [$0]] }])
        #expect(
            throws: FormatError(
                .invalidContent, code: "no_image_landmarks",
                message:
                    "this export holds world landmarks only (no pose_landmarks or landmarks): grade them with ReadOptions.coordinates = world",
                path: "export", location: SourceLocation(line: 1, column: 12, offset: 11))  // the first frame
        ) {
            try Self.read(text)
        }
        var world = ReadOptions()
        world.coordinates = .world
        #expect(try Self.read(text, options: world).frames.allSatisfy { $0.issues.isEmpty })
        // A first frame with nobody in it (as in the real sports2d-demo.world.json): the first
        // frame with landmarks decides, and the export is refused there, as when it comes first.
        let late = Self.json(["frames": [["worldLandmarks": []]] + Self.landmarkLists.map { ["worldLandmarks": [$0]] }])
        let error = #expect(throws: FormatError.self) { try Self.read(late) }
        #expect(error?.code == "no_image_landmarks")
        #expect(try Self.read(late, options: world).frames.dropFirst().allSatisfy { $0.issues.isEmpty })
        // After a first frame with both kinds, a frame of world landmarks only is flagged alone.
        let both = Self.landmarkLists.map { ["worldLandmarks": [$0], "landmarks": [$0]] }
        let mixed = Self.json(["frames": both + Self.landmarkLists.map { ["worldLandmarks": [$0]] }])
        let frames = try Self.read(mixed).frames
        #expect(frames.prefix(both.count).allSatisfy { $0.issues.isEmpty })
        #expect(frames.dropFirst(both.count).allSatisfy { $0.issues.map(\.code) == ["no_image_landmarks"] })
    }

    @Test(
        "a video, an image or a workbook given instead of a pose export says what it is",
        arguments: [
            ([0, 0, 0, 0x20] + Array("ftypisom".utf8) + [0, 0, 2, 0], "a video"),
            (Array("RIFF".utf8) + [0x24, 0, 0, 0] + Array("AVI LIST".utf8), "a video"),
            ([0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10] + Array("JFIF".utf8), "an image"),
            (Array("PK".utf8) + [3, 4, 0x14, 0, 6, 0], "a ZIP archive (an Excel workbook is one)"),
            ([0x89] + Array("HDF\r\n".utf8) + [0x1A, 0x0A], "an HDF5 file"),
        ] as [([UInt8], String)])
    func binaryFiles(_ bytes: [UInt8], _ kind: String) {
        let error = #expect(throws: FormatError.self) {
            try PoseReader.readRecording(.memory(bytes + [UInt8](repeating: 0, count: 64)), path: "clip.csv")
        }
        #expect(error?.code == "not_pose_export")
        #expect(error?.message.hasPrefix("this is \(kind)") == true, "\(error?.message ?? "")")
    }

    @Test("an empty or blank file says so, whatever its name", arguments: ["", "  \n", "\u{FEFF}"])
    func emptyFile(_ text: String) {
        for path in ["clip.json", "clip.csv"] {
            #expect(
                throws: FormatError(
                    .unreadable, code: "empty_input", message: "the file is empty", path: path,
                    location: SourceLocation(line: 1, column: 1, offset: 0))
            ) {
                try PoseReader.readRecording(.memory(Array(text.utf8)), path: path)
            }
        }
    }

    // MARK: CSV by column position

    static func rows(visibility: Bool) -> [[Double]] {
        let keys = visibility ? ["x", "y", "z", "visibility"] : ["x", "y", "z"]
        return landmarkLists.map { landmarks in
            landmarks.flatMap { landmark in keys.map { landmark[$0] ?? 0 } }
        }
    }

    /// `leading`: a first column, the frame number under a header, a file name without one.
    static func csv(header: String?, visibility: Bool = true, label: Bool, leading: Bool = false) -> String {
        var lines = header.map { [$0] } ?? []
        for (i, row) in rows(visibility: visibility).enumerated() {
            let first = leading ? (header == nil ? "img\(i).jpg," : "\(i),") : ""
            lines.append(first + row.map { "\($0)" }.joined(separator: ",") + (label ? ",warrior2" : ""))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Two people a frame, a row each (`frame, track_id, …`), as trackers of several people
    /// write them: a bystander, less confident and to the right, first; the graded person, the
    /// recording's, second, and alone in the frames `alone`. Before, each row was a frame: the
    /// second of each number `duplicate_frame`, and the frames of the two alternating.
    static func twoPeopleCSV(alone: Range<Int> = 0..<0) -> String {
        var lines = ["frame,track_id," + byName]
        for (i, row) in rows(visibility: true).enumerated() {
            if !alone.contains(i) {
                let bystander = row.enumerated().map { k, v in k % 4 == 0 ? v * 0.4 + 0.55 : k % 4 == 3 ? 0.6 : v }
                lines.append("\(i),7," + bystander.map { "\($0)" }.joined(separator: ","))
            }
            lines.append("\(i),3," + row.map { "\($0)" }.joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test func aRowPerPersonIsAFrameOfSeveralPeople() throws {
        let reference = try Self.read(Self.csv(header: "frame," + Self.byName, label: false, leading: true))
        let read = try Self.read(Self.twoPeopleCSV(alone: 2..<3))
        #expect(read.info.notes.contains { $0.hasPrefix("a row per person (column \"track_id\")") })
        try #require(read.frames.count == reference.frames.count)
        for (a, b) in zip(read.frames, reference.frames) {
            #expect(a.index == b.index && a.keypoints == b.keypoints, "frame \(a.index)")
            let expected = a.index == 2 ? [] : ["multiple_people"]
            #expect(a.issues.map(\.code) == expected, "frame \(a.index)")
        }
        // A frame number that is no number still groups the rows that repeat it (flagged);
        // without a frame column the time does, and the frames are numbered one a frame.
        var damaged = Self.twoPeopleCSV().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for i in [5, 6] { damaged[i] = "x" + damaged[i].drop { $0 != "," } }
        let withBadCell = try Self.read(damaged.joined(separator: "\n"))
        #expect(withBadCell.frames.count == reference.frames.count)
        let timed = Self.twoPeopleCSV().split(separator: "\n").enumerated().map { i, line in
            i == 0 ? "time_s" + line.drop { $0 != "," } : "\(Double((i - 1) / 2) / 10)" + line.drop { $0 != "," }
        }
        let byTime = try Self.read(timed.joined(separator: "\n") + "\n")
        #expect(byTime.frames.map(\.index) == Array(0..<reference.frames.count))
        // `--person 5`, beyond the two: every frame says so once, and grades nobody.
        var fifth = ReadOptions(imageSize: Self.size)
        fifth.person = .index(5)
        let none = try Self.read(Self.twoPeopleCSV(), options: fifth)
        #expect(none.frames.allSatisfy { $0.issues.map(\.code) == ["no_person"] && !$0.hasAnyKeypoint })
        // `--person 0` grades the first row of each frame: the bystander.
        var first = ReadOptions(imageSize: Self.size)
        first.person = .index(0)
        let other = try Self.read(Self.twoPeopleCSV(), options: first)
        #expect(other.frames.count == reference.frames.count)
        #expect(zip(other.frames, reference.frames).allSatisfy { $0.keypoints != $1.keypoints })
    }

    static let numbers132 = (0..<132).map(String.init).joined(separator: ",")
    static let renotte = (1...33).flatMap { i in ["x\(i)", "y\(i)", "z\(i)", "v\(i)"] }.joined(separator: ",")
    static let verbose = (0..<33).flatMap { i in
        ["landmark_\(i)_x", "landmark_\(i)_y", "landmark_\(i)_z", "landmark_\(i)_visibility"]
    }.joined(separator: ",")
    static let short = (0..<33).flatMap { i in ["lm_\(i)_x", "lm_\(i)_y", "lm_\(i)_z", "lm_\(i)_vis"] }.joined(
        separator: ",")
    static let lmk = (0..<33).flatMap { i in ["lmk\(i)_x", "lmk\(i)_y", "lmk\(i)_z", "lmk\(i)_vis"] }.joined(
        separator: ",")
    static let pandasNumbered = (0..<33).flatMap { i in ["x_\(i)", "y_\(i)", "z_\(i)", "visibility_\(i)"] }.joined(
        separator: ",")
    static let keypointConf = (0..<33).flatMap { i in ["kp_\(i)_x", "kp_\(i)_y", "kp_\(i)_z", "kp_\(i)_conf"] }
        .joined(separator: ",")
    static let byName = KeypointLayout.mediapipe33.names.flatMap { n in
        ["\(n)_x", "\(n)_y", "\(n)_z", "\(n)_visibility"]
    }.joined(separator: ",")

    @Test(
        "MediaPipe CSV by column position reads as MediaPipe-33 and says so",
        arguments: [
            (
                "numbered header and a label", csv(header: numbers132 + ",asana", label: true),
                "numbered columns 0–131: 33 landmarks × (x, y, z, visibility)"
            ),
            (
                "numbered header from 1", csv(header: (1...132).map(String.init).joined(separator: ","), label: false),
                "numbered columns 1–132: 33 landmarks × (x, y, z, visibility)"
            ),
            (
                "no header, a label", csv(header: nil, label: true),
                "no header (the first row is data): 33 landmarks × (x, y, z, visibility) in MediaPipe order, with 1 other column (ignored)"
            ),
            (
                "no header", csv(header: nil, label: false),
                "no header (the first row is data): 33 landmarks × (x, y, z, visibility)"
            ),
            (
                "no header, no visibility", csv(header: nil, visibility: false, label: false),
                "no header (the first row is data): 33 landmarks × (x, y, z)"
            ),
            (
                "a frame column, numbered columns, a label",
                csv(header: "frame," + numbers132 + ",label", label: true, leading: true),
                "numbered columns 0–131: 33 landmarks × (x, y, z, visibility)"
            ),
            (
                "no header, a file name first", csv(header: nil, label: true, leading: true),
                "no header (the first row is data): 33 landmarks × (x, y, z, visibility) in MediaPipe order, with 2 other columns (ignored)"
            ),
            ("x1…v33 and a label", csv(header: renotte + ",label", label: true), "landmarks by index (x1…), 1-based"),
            (
                "landmark_0_x and a label", csv(header: verbose + ",label", label: true),
                "landmarks by index (landmark_0_x…), 0-based"
            ),
            (
                "lm_0_x and a pose label", csv(header: short + ",pose_label", label: true),
                "landmarks by index (lm_0_x…), 0-based"
            ),
            (
                "lmk0_x after a frame column (a gait script)",
                csv(header: "frame_idx," + lmk, label: false, leading: true), "landmarks by index (lmk0_x…), 0-based"
            ),
            (
                "x_0 … visibility_0 (pandas columns)", csv(header: pandasNumbered, label: false),
                "landmarks by index (x_0…), 0-based"
            ),
            ("kp_0_x … kp_0_conf", csv(header: keypointConf, label: false), "landmarks by index (kp_0_x…), 0-based"),
            (
                "nose_x with a file name and a label",
                csv(header: "file_name," + byName + ",label", label: true, leading: true),
                "ignored columns: file_name, label"
            ),
        ])
    func numberedColumns(_ name: String, _ text: String, _ note: String) throws {
        #expect(PoseReader.detect(.memory(Array(text.utf8))) == .mediapipeCSV)
        let r = try Self.read(text)
        #expect(r.info.skeleton == "mediapipe-33")
        #expect(r.info.notes.contains { $0.hasPrefix(note) }, "\(name): \(r.info.notes)")
        let reference = try Self.reference
        try #require(r.frames.count == reference.frames.count, "\(name)")
        for (a, b) in zip(r.frames, reference.frames) {
            #expect(a.issues.isEmpty, "\(name): \(a.issues)")
            #expect(
                a[.leftKnee]?.position == b[.leftKnee]?.position && a[.rightHip]?.position == b[.rightHip]?.position,
                "\(name)")
        }
    }

    /// Seventeen numbered points (YOLO's `kpt_0_x … kpt_16_conf`) are COCO's, not MediaPipe's
    /// first seventeen (whose hips would have been COCO's shoulders' places).
    @Test func seventeenNumberedPointsAreCOCOOrdered() throws {
        let coco = KeypointLayout.coco17.joints.compactMap { $0 }
        let header = (0..<17).flatMap { ["kpt_\($0)_x", "kpt_\($0)_y", "kpt_\($0)_conf"] }.joined(separator: ",")
        let rows = Self.landmarkLists.map { landmarks in
            var cells: [String] = []
            for j in coco {
                let landmark = landmarks[j.rawValue]
                cells += ["\(landmark["x"] ?? 0)", "\(landmark["y"] ?? 0)", "0.9"]
            }
            return cells.joined(separator: ",")
        }
        let r = try Self.read(([header] + rows).joined(separator: "\n") + "\n")
        #expect(r.info.skeleton == "coco-17")
        #expect(r.info.notes.contains("landmarks by index (kpt_0_x…), 0-based, in COCO-17 order"), "\(r.info.notes)")
        let reference = try Self.reference
        for (a, b) in zip(r.frames, reference.frames) {
            #expect(
                a[.leftKnee]?.position == b[.leftKnee]?.position && a[.rightHip]?.position == b[.rightHip]?.position,
                "\(a.issues)")
            #expect(a[.leftHeel] == nil)
        }
    }

    /// x and y alone, 66 numbers a row without a header (`np.savetxt(..., delimiter=",")`), a
    /// row of zeros where nobody was detected (NumPy's empty array).
    @Test func sixtySixNumbersAreXAndYOfEachLandmark() throws {
        let zeros = Array(repeating: String(format: "%.18e", 0.0), count: 66).joined(separator: ",")
        let lines = Self.landmarkLists.map { landmarks in
            landmarks.flatMap { [$0["x"] ?? 0, $0["y"] ?? 0] }.map { String(format: "%.18e", $0) }.joined(
                separator: ",")
        }
        let r = try Self.read(([zeros] + lines).joined(separator: "\n") + "\n")
        #expect(
            r.info.notes.contains {
                $0.hasPrefix("no header (the first row is data): 33 landmarks × (x, y) in MediaPipe order")
            }, "\(r.info.notes)")
        #expect(r.frames.first?.issues.map(\.code) == ["no_person"], "\(String(describing: r.frames.first?.issues))")
        #expect(r.frames.first?.hasAnyKeypoint == false)
        let reference = try Self.reference
        try #require(r.frames.count == reference.frames.count + 1)
        for (a, b) in zip(r.frames.dropFirst(), reference.frames) {
            #expect(a.issues.isEmpty, "\(a.issues)")
            let (p, q) = (a[.leftKnee]?.position, b[.leftKnee]?.position)
            #expect(abs((p?.x ?? 0) - (q?.x ?? 1)) < 1e-9 && abs((p?.y ?? 0) - (q?.y ?? 1)) < 1e-9)
        }
    }

    /// A row of text (the header written again) is unreadable, not a frame without a person
    /// (a first version of the zeros rule took a row with no number for one at the origin).
    @Test func aRowOfTextIsNoRowOfZeros() throws {
        let header = "file_name," + Self.byName + ",label"
        var lines = Self.csv(header: header, label: true, leading: true).split(separator: "\n").map(String.init)
        lines.insert(header, at: 3)
        let r = try Self.read(lines.joined(separator: "\n") + "\n")
        let codes = r.frames[2].issues.map(\.code)
        #expect(codes.contains("unparseable_number") && !codes.contains("no_person"), "\(codes)")
    }

    @Test func numberedPointsOfTheFaceOrHandsAreNoPoseLandmarks() throws {
        let text = "nose_x,nose_y,face_0_x,face_0_y,left_hand_3_x,left_hand_3_y\n0.5,0.2,0.1,0.1,0.2,0.2\n"
        let r = try Self.read(text)
        #expect(
            r.info.notes.contains("ignored columns: face_0_x, face_0_y, left_hand_3_x, left_hand_3_y"),
            "\(r.info.notes)")
        #expect(r.frames[0][.nose] != nil)
        #expect(r.frames[0].keypoints.compactMap { $0 }.count == 1)
    }

    /// One row per frame and landmark as a video script writes it: pixels under `x_px`, the
    /// landmark's number under `lm_id`, both a visibility and a presence, and `nan` for every
    /// landmark of a frame without a person.
    @Test func longCSVWithUnitsInItsColumnNamesAndNaNFrames() throws {
        var lines = ["frame,t_ms,lm_id,x_px,y_px,z_norm,visibility,presence"]
        for i in 0..<33 { lines.append("0,0,\(i),nan,nan,nan,nan,nan") }
        for (f, landmarks) in Self.landmarkLists.enumerated() {
            for (i, lm) in landmarks.enumerated() {
                let x = (lm["x"] ?? 0) * 1280
                let y = (lm["y"] ?? 0) * 720
                lines.append("\(f + 1),\((f + 1) * 100),\(i),\(x),\(y),\(lm["z"] ?? 0),\(lm["visibility"] ?? 0),0.5")
            }
        }
        let text = lines.joined(separator: "\n") + "\n"
        #expect(PoseReader.detect(.memory(Array(text.utf8))) == .longCSV)
        let r = try Self.read(text)
        #expect(
            r.info.notes.contains(
                "coordinates read as pixels (values beyond [0, 1] on the first frame with coordinates)"))
        #expect(r.frames[0].issues.map(\.code) == ["no_person"], "\(r.frames[0].issues)")
        #expect(r.frames[1].time == 0.1)
        let reference = try Self.reference
        try #require(r.frames.count == reference.frames.count + 1)
        for (a, b) in zip(r.frames.dropFirst(), reference.frames) {
            #expect(a.issues.isEmpty, "\(a.issues)")
            #expect(a[.leftKnee]?.confidence == b[.leftKnee]?.confidence)
            let ka = a[.leftKnee]?.position
            let kb = b[.leftKnee]?.position
            #expect(abs((ka?.x ?? 0) - (kb?.x ?? 1)) < 1e-6 && abs((ka?.y ?? 0) - (kb?.y ?? 1)) < 1e-6)
        }
    }

    @Test("a first row of numbers that fits no layout is an error with its place")
    func numbersThatFitNothing() {
        let text = (0..<50).map(String.init).joined(separator: ",") + "\n"
        #expect(
            throws: FormatError(
                .invalidContent, code: "not_pose_export",
                message:
                    "the first row is 50 numbers, which is no MediaPipe layout by position (33 × x, y[, z[, visibility]]: 66, 99 or 132 numbers, after an optional sample id)",
                path: "export", location: SourceLocation(line: 1, column: 1, offset: 0))
        ) {
            try Self.read(text)
        }
    }

    // MARK: OpenPose skeletons and people

    static func folder(_ files: [(name: String, contents: String)], options: ReadOptions = ReadOptions()) throws
        -> Recording
    {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent(
            "posecheck-layouts-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for f in files {
            try f.contents.write(to: dir.appendingPathComponent(f.name), atomically: true, encoding: .utf8)
        }
        do { return try PoseReader.readRecording(path: dir.path, options: options) } catch {
            throw KeypointFormatTests.Failure(message: "\(error)")
        }
    }

    /// OpenPose frame files with each person's keypoints changed by `edit`, renamed by `name`.
    static func openPose(
        _ layout: KeypointLayout, name: (Int) -> String = { "cam01.\($0)" + ".json" },
        edit: (Int, inout [[Double]]) -> Void = { _, _ in }
    ) -> [(name: String, contents: String)] {
        KeypointExport.openPose(recording, layout: layout).enumerated().map { (i, file) in
            let doc = (try? JSONSerialization.jsonObject(with: Data(file.contents.utf8))) as? [String: Any] ?? [:]
            var people = ((doc["people"] as? [[String: Any]]) ?? []).map { $0["pose_keypoints_2d"] as? [Double] ?? [] }
            edit(i, &people)
            return (
                name(i), json(["version": 1.3, "people": people.map { ["person_id": [-1], "pose_keypoints_2d": $0] }])
            )
        }
    }

    static func zero(_ points: [Int], in k: inout [Double]) {
        for i in points { k.replaceSubrange(3 * i..<3 * i + 3, with: [0, 0, 0]) }
    }

    @Test(
        "frame files named by one pattern with a number read in the order of that number",
        arguments: [
            "cam01.%d.json", "Static_cam_01.%05d.json", "clip_%012d_keypoints.json", "take2_%d.json",
        ])
    func frameFileNames(_ pattern: String) throws {
        var files = Self.openPose(.body25, name: { String(format: pattern, $0) })
        // The first frame file is cut short: a flagged frame, and the folder still reads.
        files[0].contents = String(files[0].contents.prefix(40))
        // A stray numbered file of another pattern is not a frame.
        let r = try Self.folder(files.reversed() + [("settings_v2.json", #"{"tool": "pose2sim"}"#)])
        #expect(r.frames.map(\.index) == Array(0..<files.count))
        #expect(r.frames[0].issues.map(\.code) == ["unreadable_frame_file"])
        #expect(r.info.skeleton == "body-25")
        // ... and it is said to be left out.
        #expect(
            r.info.notes.contains(
                "1 other JSON file in the folder not read as frames of this recording (not named like the frame files): settings_v2.json"
            ))
    }

    @Test("BODY_25B with eyes and ears not detected is still BODY_25B")
    func body25BWithoutFace() throws {
        let r = try Self.folder(
            Self.openPose(
                .body25B,
                edit: { _, people in
                    for p in people.indices { Self.zero([1, 2, 3, 4], in: &people[p]) }
                }))
        #expect(r.info.skeleton == "body-25b")
        #expect(
            r.info.notes.contains {
                $0.hasPrefix("25 keypoints per person: read as BODY_25B, decided by 5 of 5 frames")
            })
    }

    @Test("BODY_25 without the neck still shows its mid-hip")
    func body25WithoutNeck() throws {
        let r = try Self.folder(
            Self.openPose(
                .body25,
                edit: { _, people in
                    for p in people.indices { Self.zero([1], in: &people[p]) }
                }))
        #expect(r.info.skeleton == "body-25")
    }

    @Test("25 points without the points that tell the skeletons apart ask for the skeleton")
    func undecidedSkeleton() throws {
        // BODY_25 without neck and mid-hip, and without the eyes beside the nose.
        let files = Self.openPose(
            .body25,
            edit: { _, people in
                for p in people.indices { Self.zero([1, 8, 15, 16, 17, 18], in: &people[p]) }
            })
        #expect(throws: KeypointFormatTests.Failure.self) { try Self.folder(files) }
        do {
            _ = try Self.folder(files)
        } catch {
            #expect(
                "\(error)".contains(
                    "error: 25 keypoints per person can be BODY_25 or BODY_25B, and none of the 5 frames checked shows which (the points that tell them apart were not detected): name it with ReadOptions.skeleton = body-25 or body-25b"
                ))
        }
        var forced = ReadOptions()
        forced.skeleton = "body-25"
        #expect(try Self.folder(files, options: forced).info.skeleton == "body-25")
    }

    /// The participant with a more confident bystander 600 px to the right on frame 2; from
    /// frame 3 on, the participant is missing and two others are there: nobody is graded until
    /// the participant has been gone for `PersonTracker.patience` frames. Then a frame with one
    /// person far from the last choice grades that person, flagged.
    @Test("the same person is followed across frames")
    func personContinuity() throws {
        var files = Self.openPose(
            .body25,
            edit: { i, people in
                var bystander = people[0]
                for k in stride(from: 0, to: bystander.count, by: 3) where bystander[k + 2] > 0 {
                    bystander[k] += 600
                    bystander[k + 2] = i == 2 ? 1 : 0.3
                }
                if i == 2 {
                    for k in stride(from: 2, to: people[0].count, by: 3) where people[0][k] > 0 { people[0][k] = 0.6 }
                }
                var third = bystander
                for k in stride(from: 0, to: third.count, by: 3) where third[k + 2] > 0 { third[k + 1] += 400 }
                people = i >= 3 ? [bystander, third] : [bystander, people[0]]
            })
        let two = files[4].contents
        for extra in 5..<22 { files.append(("cam01.\(extra).json", two)) }
        let single = Self.openPose(
            .body25,
            edit: { _, people in
                for k in stride(from: 0, to: people[0].count, by: 3) where people[0][k + 2] > 0 {
                    people[0][k + 1] += 900
                }
            })
        files.append(("cam01.22.json", single[0].contents))
        let r = try Self.folder(files)
        let codes = r.frames.map { $0.issues.map(\.code).filter { $0.hasPrefix("person") || $0 == "multiple_people" } }
        #expect(codes[0...2].allSatisfy { $0 == ["multiple_people"] })
        #expect(codes[3..<18].allSatisfy { $0 == ["person_lost"] })
        #expect(codes[18] == ["person_switch", "multiple_people"])
        #expect(codes[19..<22].allSatisfy { $0 == ["multiple_people"] })
        #expect(codes[22] == ["person_switch"])
        let reference = try Self.folder(Self.openPose(.body25))
        for i in 0...2 {
            #expect(r.frames[i][.leftKnee]?.position == reference.frames[i][.leftKnee]?.position, "frame \(i)")
        }
        #expect(r.frames[3][.leftKnee] == nil)
    }

    /// Pose2Sim 0.7's marker augmentation writes a TRC's first line with spaces
    /// (`PathFileType  4 (X/Y/Z) path`), and its filtered files declare one frame more than they
    /// hold: the file reads as the tab-separated one, and the count is said.
    @Test func aTRCAsPose2SimWritesItReads() throws {
        let text = try String(contentsOfFile: PackagePaths.fixtures + "/formats/markers.trc", encoding: .utf8)
        var lines = text.components(separatedBy: "\n")
        let reference = try Self.read(text)
        lines[0] = "PathFileType  4 (X/Y/Z) /home/user/run/markers.trc"
        lines[2] = lines[2].replacingOccurrences(of: "10\t10\t10\t", with: "10\t10\t11\t")
        let r = try Self.read(lines.joined(separator: "\n"))
        #expect(r.info.format == "trc")
        try #require(r.frames.count == reference.frames.count)
        for (a, b) in zip(r.frames, reference.frames) { #expect(a[.leftKnee] == b[.leftKnee]) }
        #expect(
            r.info.notes.contains("the header declares 11 frames (NumFrames); the file has 10 frame rows, all read"))
        #expect(!reference.info.notes.contains { $0.hasPrefix("the header declares") })
    }

    /// A MediaPipe export is often one line: a frame is placed by its line and column, so a
    /// flag on its time points at it ("line 1" alone pointed nowhere).
    @Test func aFramePlaceHasItsColumn() throws {
        var frames: [[String: Any]] = Self.landmarkLists.enumerated().map { k, landmarks in
            ["frame": k, "timestamp_ms": 100 * k, "pose_landmarks": landmarks]
        }
        frames[3]["timestamp_ms"] = 50  // before frame 2's 200 ms
        let text = Self.json(["frames": frames])
        let start = try #require(text.range(of: #"{"frame":3,"#))
        let column = text.utf8.distance(from: text.startIndex, to: start.lowerBound) + 1
        let r = try Self.read(text)
        #expect(r.frames[3].line == 1 && r.frames[3].column == column)
        let result = Evaluator.evaluate(r, spec: .scissorStance, front: .left)
        let issue = try #require(result.frames[3].issues.first { $0.code == "out_of_order" })
        #expect(issue.message.hasSuffix("(line 1, column \(column))"), "\(issue.message)")
    }

    /// Landmarks written as an object keyed by name under MediaPipe's key are no layout
    /// MediaPipe writes: each frame is flagged as such. They were taken for Apple Vision joints
    /// and every frame read as nobody in view. An empty object (an empty protobuf list) is
    /// still nobody.
    @Test func landmarksKeyedByNameAreFlagged() throws {
        let names = (0..<33).compactMap { Joint(rawValue: $0)?.snakeName }
        let frames: [[String: Any]] = Self.landmarkLists.map { landmarks in
            ["pose_landmarks": Dictionary(uniqueKeysWithValues: zip(names, landmarks))]
        }
        let text = Self.json(["frames": frames + [["pose_landmarks": [String: Any]()]]])
        #expect(PoseReader.detect(.memory(Array(text.utf8))) == .mediapipeJSON)
        let r = try Self.read(text)
        #expect(
            r.frames.dropLast().allSatisfy {
                $0.issues.map(\.code) == ["layout_mismatch"]
                    && $0.issues[0].message.hasSuffix("are an object without a \"landmark\" list, not a list")
            })
        #expect(r.frames.last?.issues.map(\.code) == ["no_person"])
    }
}
