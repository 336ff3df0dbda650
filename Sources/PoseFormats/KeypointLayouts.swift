// Keypoint layouts of the formats PoseCheck reads, and one name vocabulary for them all
// (PoseCheck docs, "Input formats"): index order → canonical joint, and native names (MediaPipe, OpenPose,
// COCO, Pose2Sim, Apple Vision, Kinect, TRC markers) → canonical joint.
import PoseModel

/// An index-ordered skeleton.
public struct KeypointLayout: Sendable, Hashable {
    /// A stable id: `body-25`, `coco-17`, …
    public let id: String
    /// The native names in index order.
    public let names: [String]
    /// The canonical joint of each index; nil for points PoseCheck does not use.
    public let joints: [Joint?]

    init(_ id: String, _ names: [String]) {
        self.id = id
        self.names = names
        joints = names.map { KeypointNames.joint($0) }
    }

    /// How many keypoints a person has in this layout.
    public var count: Int { names.count }

    static let coco17Names = [
        "nose", "left_eye", "right_eye", "left_ear", "right_ear", "left_shoulder", "right_shoulder",
        "left_elbow", "right_elbow", "left_wrist", "right_wrist", "left_hip", "right_hip",
        "left_knee", "right_knee", "left_ankle", "right_ankle",
    ]

    /// COCO: 17 keypoints.
    public static let coco17 = KeypointLayout("coco-17", coco17Names)
    /// OpenPose COCO: 18 keypoints (COCO with a neck).
    public static let coco18 = KeypointLayout(
        "coco-18",
        [
            "Nose", "Neck", "RShoulder", "RElbow", "RWrist", "LShoulder", "LElbow", "LWrist",
            "RHip", "RKnee", "RAnkle", "LHip", "LKnee", "LAnkle", "REye", "LEye", "REar", "LEar",
        ])
    /// OpenPose BODY_25.
    public static let body25 = KeypointLayout(
        "body-25",
        [
            "Nose", "Neck", "RShoulder", "RElbow", "RWrist", "LShoulder", "LElbow", "LWrist",
            "MidHip", "RHip", "RKnee", "RAnkle", "LHip", "LKnee", "LAnkle", "REye", "LEye",
            "REar", "LEar", "LBigToe", "LSmallToe", "LHeel", "RBigToe", "RSmallToe", "RHeel",
        ])
    /// OpenPose BODY_25B (COCO order, then neck, head and feet).
    public static let body25B = KeypointLayout(
        "body-25b", coco17Names + ["Neck", "Head", "LBigToe", "LSmallToe", "LHeel", "RBigToe", "RSmallToe", "RHeel"])
    /// Halpe 26 (COCO, then head, neck, hip and feet).
    public static let halpe26 = KeypointLayout(
        "halpe-26",
        coco17Names + ["Head", "Neck", "Hip", "LBigToe", "RBigToe", "LSmallToe", "RSmallToe", "LHeel", "RHeel"])
    /// MediaPipe Pose: 33 landmarks.
    public static let mediapipe33 = KeypointLayout("mediapipe-33", Joint.allCases.prefix(33).map(\.snakeName))
    /// COCO-WholeBody: body 0–16, feet 17–22; face and hands (23–132) are not used.
    public static let wholeBody133 = KeypointLayout(
        "coco-wholebody-133",
        coco17Names
            + ["left_big_toe", "left_small_toe", "left_heel", "right_big_toe", "right_small_toe", "right_heel"]
            + Array(repeating: "-", count: 110))

    /// Every layout known, for `--skeleton` and detection.
    public static let all: [KeypointLayout] = [
        .coco17, .coco18, .body25, .body25B, .halpe26, .mediapipe33, .wholeBody133,
    ]

    /// The layout with this id (`body-25`, `coco-17`, …), or nil.
    public static func named(_ id: String) -> KeypointLayout? { all.first { $0.id == id } }

    /// Layouts with this many points. 25 is ambiguous (BODY_25 or BODY_25B).
    public static func candidates(count: Int) -> [KeypointLayout] { all.filter { $0.count == count } }
}

/// Native keypoint names → canonical joints. Case, `_`, `-`, `.` and spaces do not matter.
public enum KeypointNames {
    /// The joint a keypoint name means in any layout (case, spacing and underscores ignored), or nil.
    public static func joint(_ name: some StringProtocol) -> Joint? { table[normalize(name)] }

    static func normalize(_ s: some StringProtocol) -> String { vocabularyKey(s, droppingDots: true) }

    private static let table: [String: Joint] = {
        var t: [String: Joint] = [:]
        for j in Joint.allCases { t[normalize(j.snakeName)] = j }
        func add(_ j: Joint, _ names: String...) { for n in names { t[normalize(n)] = j } }
        add(.midHip, "MidHip", "Hip", "PELVIS", "SpineBase", "root", "hip_center")
        add(.neck, "Neck", "neck_1_joint", "centerShoulder")
        add(.head, "Head", "topHead", "head_top")
        add(.nose, "Nose", "head_joint")
        for s in Side.allCases {
            let L = s == .left ? "L" : "R"
            let w = s.rawValue
            let W = s == .left ? "LEFT" : "RIGHT"
            let Cap = s == .left ? "Left" : "Right"
            add(.shoulder(s), L + "Shoulder", "\(w)_shoulder_1_joint", "SHOULDER_\(W)", "Shoulder\(Cap)")
            add(.elbow(s), L + "Elbow", "\(w)_forearm_joint", "ELBOW_\(W)", "Elbow\(Cap)")
            add(.wrist(s), L + "Wrist", "\(w)_hand_joint", "WRIST_\(W)", "Wrist\(Cap)")
            add(.hip(s), L + "Hip", "\(w)_upLeg_joint", "HIP_\(W)", "Hip\(Cap)")
            add(.knee(s), L + "Knee", "\(w)_leg_joint", "KNEE_\(W)", "Knee\(Cap)")
            add(.ankle(s), L + "Ankle", "\(w)_foot_joint", "ANKLE_\(W)", "Ankle\(Cap)")
            add(.heel(s), L + "Heel")
            add(.footIndex(s), L + "BigToe", "\(w)_big_toe", "FOOT_\(W)", "Foot\(Cap)")
            add(s == .left ? .leftSmallToe : .rightSmallToe, L + "SmallToe", "\(w)_small_toe")
            add(s == .left ? .leftEye : .rightEye, L + "Eye", "\(w)_eye_joint", "EYE_\(W)")
            // Sports2D's and Pose2Sim's BlazePose names.
            add(s == .left ? .leftEyeInner : .rightEyeInner, L + "EyeInner")
            add(s == .left ? .leftEyeOuter : .rightEyeOuter, L + "EyeOuter")
            add(s == .left ? .mouthLeft : .mouthRight, L + "Mouth")
            add(.ear(s), L + "Ear", "\(w)_ear_joint", "EAR_\(W)")
            add(s == .left ? .leftPinky : .rightPinky, L + "Pinky")
            add(s == .left ? .leftIndex : .rightIndex, L + "Index")
            add(s == .left ? .leftThumb : .rightThumb, L + "Thumb")
        }
        return t
    }()
}

/// A name as a vocabulary lookup key, in one pass over its UTF-8: ASCII letters lowercased, `_`,
/// `-`, spaces (and, with `droppingDots`, `.`) dropped. Other bytes are kept as they are: every
/// vocabulary name is ASCII, so a name with other characters matches none either way.
func vocabularyKey(_ s: some StringProtocol, droppingDots: Bool) -> String {
    let utf8 = s.utf8
    return String(unsafeUninitializedCapacity: utf8.count) { out in
        var n = 0
        for b in utf8
        where b != UInt8(ascii: "_") && b != UInt8(ascii: " ") && b != UInt8(ascii: "-")
            && (b != UInt8(ascii: ".") || !droppingDots)
        {
            out[n] = b &- UInt8(ascii: "A") < 26 ? b | 0x20 : b
            n += 1
        }
        return n
    }
}
