// Synthetic recordings written in every keypoint format PoseCheck reads, laid out the way each
// tool writes them (PoseCheck docs, "Input formats"). Full precision (shortest round-trip numbers) unless a
// format fixes its own. Image formats use the side camera's pixels (y down); world formats use
// the body in metres.
import PoseFormats
import PoseGeometry
import PoseModel
import PoseScanning

/// Writes synthetic recordings in every keypoint format PoseCheck reads (see the top of this file).
public enum KeypointExport {
    static func n(_ v: Double) -> String { JSONWriter.format(v) }

    /// Image pixels of one frame's joint, nil when the frame has no person.
    /// Points other skeletons have and MediaPipe does not are derived as their trackers do:
    /// neck = mid-shoulders, mid-hip = mid-hips; head top and small toes stand at the nose and
    /// big toes (never measured).
    static func pixel(_ f: SyntheticFrame, _ j: Joint) -> (x: Double, y: Double)? {
        func mid(_ a: Joint, _ b: Joint) -> (x: Double, y: Double)? {
            guard let p = f.image[a], let q = f.image[b] else { return nil }
            return ((p.x + q.x) / 2, (p.y + q.y) / 2)
        }
        switch j {
        case .neck: return mid(.leftShoulder, .rightShoulder)
        case .midHip: return mid(.leftHip, .rightHip)
        case .head: return pixel(f, .nose)
        case .leftSmallToe: return pixel(f, .leftFootIndex)
        case .rightSmallToe: return pixel(f, .rightFootIndex)
        default: return f.image[j].map { ($0.x, $0.y) }
        }
    }

    /// World positions with the same derived points.
    static func world(_ r: SyntheticRecording, _ f: SyntheticFrame) -> [Joint: Vector3] {
        var w = r.world(f)
        guard !w.isEmpty else { return w }
        w[.neck] = .midpoint(w[.leftShoulder]!, w[.rightShoulder]!)
        w[.midHip] = .midpoint(w[.leftHip]!, w[.rightHip]!)
        w[.head] = w[.nose]
        w[.leftSmallToe] = w[.leftFootIndex]
        w[.rightSmallToe] = w[.rightFootIndex]
        return w
    }

    /// One OpenPose document per frame: `[x, y, c] × layout`, 0,0,0 for points the layout has
    /// but the body does not (e.g. BODY_25B's head top). `extraPeople` adds smaller, less
    /// confident bystanders after the subject.
    public static func openPose(_ r: SyntheticRecording, layout: KeypointLayout, extraPeople: Int = 0) -> [(
        name: String, contents: String
    )] {
        r.frames.map { f in
            var people: [String] = []
            if f.pose != nil {
                func person(scale: Double, confidence: Double) -> String {
                    let values = layout.joints.flatMap { j -> [String] in
                        guard let j, let p = pixel(f, j) else { return ["0", "0", "0"] }
                        return [n(p.x * scale), n(p.y * scale), n(confidence)]
                    }
                    return
                        "{\"person_id\":[-1],\"pose_keypoints_2d\":[\(values.joined(separator: ","))],\"face_keypoints_2d\":[],\"hand_left_keypoints_2d\":[],\"hand_right_keypoints_2d\":[],\"pose_keypoints_3d\":[],\"face_keypoints_3d\":[],\"hand_left_keypoints_3d\":[],\"hand_right_keypoints_3d\":[]}"
                }
                people.append(person(scale: 1, confidence: f.visibility))
                for k in 0..<extraPeople { people.append(person(scale: 0.3 + 0.1 * Double(k), confidence: 0.4)) }
            }
            let name =
                "clip_" + String(repeating: "0", count: max(0, 12 - String(f.index).count))
                + "\(f.index)_keypoints.json"
            return (name, "{\"version\":1.3,\"people\":[\(people.joined(separator: ","))]}\n")
        }
    }

    /// A COCO dataset (images + annotations with v flags) or a results file (scores).
    public static func coco(_ r: SyntheticRecording, results: Bool) -> String {
        let layout = KeypointLayout.coco17
        var images: [String] = []
        var annotations: [String] = []
        for f in r.frames {
            let id = f.index + 1
            images.append(
                "{\"id\":\(id),\"file_name\":\"frame\(id).jpg\",\"width\":\(n(r.camera.imageWidth)),\"height\":\(n(r.camera.imageHeight))}"
            )
            guard f.pose != nil else { continue }
            var k: [String] = []
            var visible = 0
            for j in layout.joints {
                if let j, let p = pixel(f, j) {
                    k += [n(p.x), n(p.y), results ? n(f.visibility) : "2"]
                    visible += 1
                } else {
                    k += ["0", "0", "0"]
                }
            }
            if results {
                annotations.append(
                    "{\"image_id\":\(id),\"category_id\":1,\"keypoints\":[\(k.joined(separator: ","))],\"score\":\(n(f.visibility))}"
                )
            } else {
                annotations.append(
                    "{\"id\":\(id),\"image_id\":\(id),\"category_id\":1,\"num_keypoints\":\(visible),\"iscrowd\":0,\"keypoints\":[\(k.joined(separator: ","))]}"
                )
            }
        }
        if results { return "[\n" + annotations.joined(separator: ",\n") + "\n]\n" }
        return "{\"info\":{\"description\":\"PoseCheck synthetic\"},\"images\":[\n" + images.joined(separator: ",\n")
            + "\n],\"annotations\":[\n"
            + annotations.joined(separator: ",\n")
            + "\n],\"categories\":[{\"id\":1,\"name\":\"person\",\"keypoints\":[\""
            + layout.names.joined(separator: "\",\"") + "\"]}]}\n"
    }

    /// tfjs pose-detection (BlazePose model): per frame a list of poses with named keypoints in
    /// pixels and keypoints3D in metres (MediaPipe's world axes).
    public static func tfjs(_ r: SyntheticRecording) -> String {
        let joints = Joint.allCases.prefix(33)
        let frames = r.frames.map { f -> String in
            guard f.pose != nil else { return "{\"timestamp\":\(n(f.time * 1000)),\"poses\":[]}" }
            let w = world(r, f)
            let k2 = joints.map { j in
                "{\"x\":\(n(f.image[j]!.x)),\"y\":\(n(f.image[j]!.y)),\"score\":\(n(f.visibility)),\"name\":\"\(j.snakeName)\"}"
            }
            let k3 = joints.map { j in
                "{\"x\":\(n(w[j]!.x)),\"y\":\(n(w[j]!.y)),\"z\":\(n(w[j]!.z)),\"score\":\(n(f.visibility)),\"name\":\"\(j.snakeName)\"}"
            }
            return
                "{\"timestamp\":\(n(f.time * 1000)),\"poses\":[{\"score\":\(n(f.visibility)),\"keypoints\":[\(k2.joined(separator: ","))],\"keypoints3D\":[\(k3.joined(separator: ","))]}]}"
        }
        return "[\n" + frames.joined(separator: ",\n") + "\n]\n"
    }

    /// MoveNet SinglePose output per frame, `[1, 1, 17, 3]` rows of [y, x, score], normalised.
    public static func moveNet(_ r: SyntheticRecording) -> String {
        let frames = r.frames.map { f -> String in
            let rows = KeypointLayout.coco17.joints.map { j -> String in
                guard let j, let p = pixel(f, j) else { return "[0,0,0]" }
                return "[\(n(p.y / r.camera.imageHeight)),\(n(p.x / r.camera.imageWidth)),\(n(f.visibility))]"
            }
            return "[[[" + rows.joined(separator: ",") + "]]]"
        }
        return
            "{\"image_width\":\(n(r.camera.imageWidth)),\"image_height\":\(n(r.camera.imageHeight)),\"fps\":\(n(r.fps)),\"frames\":[\n"
            + frames.joined(separator: ",\n") + "\n]}\n"
    }

    static let visionNames: [(String, Joint)] = [
        ("nose", .nose), ("leftEye", .leftEye), ("rightEye", .rightEye), ("leftEar", .leftEar), ("rightEar", .rightEar),
        ("leftShoulder", .leftShoulder), ("rightShoulder", .rightShoulder), ("leftElbow", .leftElbow),
        ("rightElbow", .rightElbow),
        ("leftWrist", .leftWrist), ("rightWrist", .rightWrist), ("leftHip", .leftHip), ("rightHip", .rightHip),
        ("leftKnee", .leftKnee), ("rightKnee", .rightKnee), ("leftAnkle", .leftAnkle), ("rightAnkle", .rightAnkle),
    ]

    /// Apple Vision body pose, joints by Swift name, normalised with the origin at the lower left.
    /// `rawNames` uses the raw joint names (`left_shoulder_1_joint`) instead.
    public static func appleVision(_ r: SyntheticRecording, rawNames: Bool = false) -> String {
        let raw: [Joint: String] = [
            .nose: "head_joint", .leftEye: "left_eye_joint", .rightEye: "right_eye_joint", .leftEar: "left_ear_joint",
            .rightEar: "right_ear_joint", .leftShoulder: "left_shoulder_1_joint",
            .rightShoulder: "right_shoulder_1_joint",
            .leftElbow: "left_forearm_joint", .rightElbow: "right_forearm_joint", .leftWrist: "left_hand_joint",
            .rightWrist: "right_hand_joint", .leftHip: "left_upLeg_joint", .rightHip: "right_upLeg_joint",
            .leftKnee: "left_leg_joint", .rightKnee: "right_leg_joint", .leftAnkle: "left_foot_joint",
            .rightAnkle: "right_foot_joint",
        ]
        let frames = r.frames.map { f -> String in
            let joints =
                f.pose == nil
                ? []
                : visionNames.map { (name, j) -> String in
                    let p = pixel(f, j)!
                    return
                        "\"\(rawNames ? raw[j]! : name)\":{\"x\":\(n(p.x / r.camera.imageWidth)),\"y\":\(n(1 - p.y / r.camera.imageHeight)),\"confidence\":\(n(f.visibility))}"
                }
            // VNHumanBodyPose3DObservation: metres, y up, relative to the root (mid-hip).
            var joints3D: [String] = []
            if f.pose != nil {
                let w = world(r, f)
                let root = w[.midHip]!
                let names3D: [(String, Joint)] =
                    [("topHead", .head), ("centerShoulder", .neck), ("root", .midHip)]
                    + visionNames.filter { !["nose", "leftEye", "rightEye", "leftEar", "rightEar"].contains($0.0) }
                joints3D = names3D.map { (name, j) in
                    let p = w[j]! - root
                    return "\"\(name)\":[\(n(p.x)),\(n(-p.y)),\(n(-p.z))]"
                }
            }
            return
                "{\"time\":\(n(f.time)),\"joints\":{\(joints.joined(separator: ","))},\"joints3D\":{\(joints3D.joined(separator: ","))}}"
        }
        return "{\"imageWidth\":\(n(r.camera.imageWidth)),\"imageHeight\":\(n(r.camera.imageHeight)),\"frames\":[\n"
            + frames.joined(separator: ",\n") + "\n]}\n"
    }

    /// Azure Kinect Body Tracking offline output: millimetres, depth-camera axes (y down).
    public static func azureKinect(_ r: SyntheticRecording) -> String {
        let names = [
            "PELVIS", "SPINE_NAVEL", "SPINE_CHEST", "NECK", "CLAVICLE_LEFT", "SHOULDER_LEFT", "ELBOW_LEFT",
            "WRIST_LEFT",
            "HAND_LEFT", "HANDTIP_LEFT", "THUMB_LEFT", "CLAVICLE_RIGHT", "SHOULDER_RIGHT", "ELBOW_RIGHT", "WRIST_RIGHT",
            "HAND_RIGHT", "HANDTIP_RIGHT", "THUMB_RIGHT", "HIP_LEFT", "KNEE_LEFT", "ANKLE_LEFT", "FOOT_LEFT",
            "HIP_RIGHT",
            "KNEE_RIGHT", "ANKLE_RIGHT", "FOOT_RIGHT", "HEAD", "NOSE", "EYE_LEFT", "EAR_LEFT", "EYE_RIGHT", "EAR_RIGHT",
        ]
        let joints = names.map { KeypointNames.joint($0) }
        let frames = r.frames.map { f -> String in
            var bodies = ""
            if f.pose != nil {
                let w = world(r, f)
                let positions = joints.map { j -> String in
                    // Spine, clavicle and hand points have no MediaPipe counterpart: at the pelvis (never read).
                    let p = j.flatMap { w[$0] } ?? w[.midHip]!
                    return "[\(n(p.x * 1000)),\(n(p.y * 1000)),\(n(p.z * 1000 + 2500))]"
                }
                let levels = Array(repeating: "2", count: names.count).joined(separator: ",")
                bodies =
                    "{\"body_id\":1,\"joint_positions\":[\(positions.joined(separator: ","))],\"confidence_level\":[\(levels)]}"
            }
            return
                "{\"frame_id\":\(f.index),\"num_bodies\":\(f.pose == nil ? 0 : 1),\"timestamp_usec\":\(n((f.time * 1_000_000).rounded())),\"bodies\":[\(bodies)]}"
        }
        return "{\"frames\":[\n" + frames.joined(separator: ",\n") + "\n],\"joint_names\":[\""
            + names.joined(separator: "\",\"") + "\"]}\n"
    }

    /// Kinect v2 CSV: `<JointType>_X/_Y/_Z/_TrackingState`, camera space in metres, y up.
    public static func kinectV2CSV(_ r: SyntheticRecording) -> String {
        let joints: [(String, Joint)] = [
            ("SpineBase", .midHip), ("Head", .head), ("ShoulderLeft", .leftShoulder), ("ElbowLeft", .leftElbow),
            ("WristLeft", .leftWrist), ("ShoulderRight", .rightShoulder), ("ElbowRight", .rightElbow),
            ("WristRight", .rightWrist), ("HipLeft", .leftHip), ("KneeLeft", .leftKnee), ("AnkleLeft", .leftAnkle),
            ("FootLeft", .leftFootIndex), ("HipRight", .rightHip), ("KneeRight", .rightKnee),
            ("AnkleRight", .rightAnkle), ("FootRight", .rightFootIndex),
        ]
        var s =
            (["Time"] + joints.flatMap { name, _ in ["X", "Y", "Z", "TrackingState"].map { "\(name)_\($0)" } }).joined(
                separator: ",") + "\n"
        for f in r.frames {
            var row = [n(f.time)]
            if f.pose != nil {
                let w = world(r, f)
                for (_, j) in joints {
                    let p = w[j]!
                    row += [n(p.x), n(-p.y), n(-p.z + 2.5), "Tracked"]
                }
            } else {
                row += Array(repeating: "", count: joints.count * 3).enumerated().flatMap {
                    $0.offset % 3 == 2 ? ["", "NotTracked"] : [""]
                }
            }
            s += row.joined(separator: ",") + "\n"
        }
        return s
    }

    /// A TRC marker file with OpenPose marker names, in metres (y up) or Sports2D's pixels.
    public static func trc(_ r: SyntheticRecording, pixels: Bool) -> String {
        let markers = KeypointLayout.body25.names.enumerated().compactMap { i, name in
            KeypointLayout.body25.joints[i].map { (name, $0) }
        }
        var s = "PathFileType\t4\t(X/Y/Z)\tsynthetic\(pixels ? "_px" : "").trc\n"
        s += "DataRate\tCameraRate\tNumFrames\tNumMarkers\tUnits\tOrigDataRate\tOrigDataStartFrame\tOrigNumFrames\n"
        s +=
            "\(n(r.fps))\t\(n(r.fps))\t\(r.frames.count)\t\(markers.count)\t\(pixels ? "px" : "m")\t\(n(r.fps))\t0\t\(r.frames.count)\n"
        s += "Frame#\tTime\t" + markers.map { "\($0.0)\t\t" }.joined(separator: "\t") + "\n"
        s += "\t\t" + markers.indices.map { "X\($0 + 1)\tY\($0 + 1)\tZ\($0 + 1)" }.joined(separator: "\t") + "\n"
        s += "\n"
        for f in r.frames {
            var row = [String(f.index + 1), n(f.time)]
            if f.pose != nil {
                if pixels {
                    for (_, j) in markers {
                        let p = pixel(f, j)!
                        row += [n(p.x), n(p.y), "0"]
                    }
                } else {
                    let w = world(r, f)
                    for (_, j) in markers {
                        let p = w[j]!
                        row += [n(p.x), n(-p.y), n(-p.z)]
                    }
                }
            } else {
                row += Array(repeating: "", count: markers.count * 3)
            }
            s += row.joined(separator: "\t") + "\n"
        }
        return s
    }

    /// Long CSV: one row per frame and landmark (`frame,timestamp_ms,landmark,x,y,z,visibility`),
    /// landmarks by index or by name.
    public static func longCSV(_ r: SyntheticRecording, byName: Bool) -> String {
        var s = "frame,timestamp_ms,landmark,x,y,z,visibility\n"
        for f in r.frames where f.pose != nil {
            for j in Joint.allCases.prefix(33) {
                let q = f.image[j]!
                let values = [
                    q.x / r.camera.imageWidth, q.y / r.camera.imageHeight, q.depth / r.camera.imageWidth, f.visibility,
                ].map(n)
                s +=
                    ([String(f.index), n(f.time * 1000), byName ? j.snakeName : String(j.rawValue)] + values).joined(
                        separator: ",") + "\n"
            }
        }
        return s
    }

    /// The MediaPipe wide-CSV column layouts seen in public code; the raw value names the first
    /// x column (`x0`, `x1`, `landmark_0_x`, `lm_0_x`), or the layout is `headerless` or
    /// DeepLabCut's (`dlc`).
    public enum MediaPipeCSVLayout: String, CaseIterable, Sendable {
        case index0 = "x0", index1 = "x1", landmark = "landmark_0_x", lm = "lm_0_x", headerless, deepLabCut = "dlc"
    }

    /// MediaPipe wide-CSV layouts seen in public code (PoseCheck docs, "Input formats").
    public static func mediaPipeCSV(_ r: SyntheticRecording, layout: MediaPipeCSVLayout) -> String {
        let W = r.camera.imageWidth
        let H = r.camera.imageHeight
        let joints = Array(Joint.allCases.prefix(33))
        func normalized(_ f: SyntheticFrame, _ j: Joint) -> [Double] {
            let q = f.image[j]!
            return [q.x / W, q.y / H, q.depth / W, f.visibility]
        }
        var s = ""
        switch layout {
        case .index0, .index1:
            let b = layout == .index1 ? 1 : 0
            s =
                (["class"] + joints.indices.flatMap { i in ["x", "y", "z", "v"].map { "\($0)\(i + b)" } }).joined(
                    separator: ",") + "\n"
            for f in r.frames where f.pose != nil {
                s += (["lunge"] + joints.flatMap { normalized(f, $0).map(n) }).joined(separator: ",") + "\n"
            }
        case .landmark:
            s =
                (["file_name", "frame_number"]
                + joints.indices.flatMap { i in ["x", "y", "z", "visibility"].map { "landmark_\(i)_\($0)" } })
                .joined(separator: ",") + "\n"
            for f in r.frames where f.pose != nil {
                s +=
                    (["clip.mp4", String(f.index)] + joints.flatMap { normalized(f, $0).map(n) }).joined(separator: ",")
                    + "\n"
            }
        case .lm:
            s =
                (joints.indices.flatMap { i in ["x", "y", "z", "vis"].map { "lm_\(i)_\($0)" } } + ["pose_label"])
                .joined(separator: ",") + "\n"
            for f in r.frames where f.pose != nil {
                s += (joints.flatMap { normalized(f, $0).map(n) } + ["lunge"]).joined(separator: ",") + "\n"
            }
        case .headerless:
            // The Colab's BootstrapHelper: sample id, then x·W, y·H, z·W with 5 decimals.
            for f in r.frames where f.pose != nil {
                let values = joints.flatMap { j -> [String] in
                    let q = f.image[j]!
                    return [q.x, q.y, q.depth].map { formatNumber($0, digits: 5) }
                }
                s += ([String(f.index)] + values).joined(separator: ",") + "\n"
            }
        case .deepLabCut:
            let names = joints.map { $0.snakeName.uppercased() }
            s += (["scorer"] + Array(repeating: "MediaPipe", count: 99)).joined(separator: ",") + "\n"
            s += (["bodyparts"] + names.flatMap { [$0, $0, $0] }).joined(separator: ",") + "\n"
            s += (["coords"] + names.flatMap { _ in ["x", "y", "likelihood"] }).joined(separator: ",") + "\n"
            for f in r.frames where f.pose != nil {
                s +=
                    ([String(f.index)]
                    + joints.flatMap { j -> [String] in
                        let q = f.image[j]!
                        return [n(q.x), n(q.y), n(f.visibility)]
                    })
                    .joined(separator: ",") + "\n"
            }
        }
        return s
    }
}
