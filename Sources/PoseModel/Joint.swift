// The canonical body joints every reader maps its skeleton onto.

/// A body side.
public enum Side: String, Sendable, CaseIterable, Codable {
    case left, right
    /// The other side: `.left.opposite` is `.right`.
    public var opposite: Side { self == .left ? .right : .left }
}

/// Canonical body joints: MediaPipe BlazePose's 33 landmarks (in their index order, so
/// `rawValue` is the MediaPipe index), then joints other skeletons have (neck, mid-hip, head top,
/// small toes). Big toes are `leftFootIndex`/`rightFootIndex`.
public enum Joint: Int, Sendable, CaseIterable, Codable, CustomStringConvertible {
    case nose, leftEyeInner, leftEye, leftEyeOuter, rightEyeInner, rightEye, rightEyeOuter
    case leftEar, rightEar, mouthLeft, mouthRight
    case leftShoulder, rightShoulder, leftElbow, rightElbow, leftWrist, rightWrist
    case leftPinky, rightPinky, leftIndex, rightIndex, leftThumb, rightThumb
    case leftHip, rightHip, leftKnee, rightKnee, leftAnkle, rightAnkle
    case leftHeel, rightHeel, leftFootIndex, rightFootIndex
    case neck, midHip, head, leftSmallToe, rightSmallToe

    /// The number of canonical joints (38): the length of a frame's keypoint table.
    public static let count = Joint.allCases.count

    /// The lower-case snake-case name MediaPipe uses (`left_foot_index`); also the JSON name.
    public var snakeName: String { Joint.snakeNames[rawValue] }

    /// Words for messages: "left knee".
    public var description: String { String(snakeName.map { $0 == "_" ? " " : $0 }) }

    /// The joint with this snake-case name (`left_foot_index`), or `nil` for an unknown name.
    /// Exact match only: readers normalise other spellings before asking.
    public init?(snakeName: String) {
        guard let i = Joint.snakeNames.firstIndex(of: snakeName) else { return nil }
        self.init(rawValue: i)
    }

    private static let snakeNames: [String] = [
        "nose", "left_eye_inner", "left_eye", "left_eye_outer", "right_eye_inner", "right_eye",
        "right_eye_outer", "left_ear", "right_ear", "mouth_left", "mouth_right",
        "left_shoulder", "right_shoulder", "left_elbow", "right_elbow", "left_wrist", "right_wrist",
        "left_pinky", "right_pinky", "left_index", "right_index", "left_thumb", "right_thumb",
        "left_hip", "right_hip", "left_knee", "right_knee", "left_ankle", "right_ankle",
        "left_heel", "right_heel", "left_foot_index", "right_foot_index",
        "neck", "mid_hip", "head", "left_small_toe", "right_small_toe",
    ]

    /// The joint of a limb part on a given side.
    public static func shoulder(_ s: Side) -> Joint { s == .left ? .leftShoulder : .rightShoulder }
    /// The elbow on side `s`.
    public static func elbow(_ s: Side) -> Joint { s == .left ? .leftElbow : .rightElbow }
    /// The wrist on side `s`.
    public static func wrist(_ s: Side) -> Joint { s == .left ? .leftWrist : .rightWrist }
    /// The hip on side `s`.
    public static func hip(_ s: Side) -> Joint { s == .left ? .leftHip : .rightHip }
    /// The knee on side `s`.
    public static func knee(_ s: Side) -> Joint { s == .left ? .leftKnee : .rightKnee }
    /// The ankle on side `s`.
    public static func ankle(_ s: Side) -> Joint { s == .left ? .leftAnkle : .rightAnkle }
    /// The heel on side `s`.
    public static func heel(_ s: Side) -> Joint { s == .left ? .leftHeel : .rightHeel }
    /// The big toe (MediaPipe's foot index) on side `s`.
    public static func footIndex(_ s: Side) -> Joint { s == .left ? .leftFootIndex : .rightFootIndex }
    /// The ear on side `s`.
    public static func ear(_ s: Side) -> Joint { s == .left ? .leftEar : .rightEar }
}
