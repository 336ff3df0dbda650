// Frames and keypoints in the canonical coordinate frame: y points up (PoseCheck docs, "What is measured, and what 0 means").
import PoseGeometry

/// One tracked point: a position in canonical coordinates and the tracker's confidence
/// (MediaPipe visibility, OpenPose c, COCO score), when the format has one.
public struct Keypoint: Hashable, Sendable {
    /// Canonical coordinates (x right, y up, z depth; 0 depth in 2D), in the source's units.
    public var position: Vector3
    /// The tracker's confidence in [0, 1] as the format gives it; `nil` when the format has none,
    /// in which case the point always counts as present.
    public var confidence: Double?
    /// A keypoint at `position`, with the tracker's confidence when the format has one.
    public init(_ position: Vector3, confidence: Double? = nil) {
        self.position = position
        self.confidence = confidence
    }
}

/// Something a reader noticed about a frame. A frame-wide issue (no `joints`) makes the whole
/// frame not assessable with this reason; a joint issue makes checks that need those joints
/// not assessable. Codes are stable (`no_person`, `out_of_frame`, `non_finite`, …).
public struct FrameIssue: Hashable, Sendable, CustomStringConvertible {
    /// A stable snake-case code for the issue (`no_person`, `out_of_frame`, `non_finite`, …),
    /// for machine-readable output; the message may change, the code does not.
    public var code: String
    /// The joints the issue concerns; empty for an issue about the whole frame.
    public var joints: [Joint]
    /// What happened, in words a person reads ("no person detected").
    public var message: String
    /// An informational issue (`multiple_people` with a selection rule applied) is reported
    /// but does not stop the frame from being scored.
    public var informational: Bool
    /// An issue with its code, the joints it concerns (none: the whole frame) and its message.
    public init(code: String, joints: [Joint] = [], message: String, informational: Bool = false) {
        self.code = code
        self.joints = joints
        self.message = message
        self.informational = informational
    }
    /// True when the whole frame cannot be scored because of this issue.
    public var isFrameWide: Bool { joints.isEmpty && !informational }
    /// The message.
    public var description: String { message }
}

/// Works out where a byte of the input lies, for frames placed only when asked
/// (`PoseFrame.start`). Called from any thread.
public protocol FramePlaces: AnyObject, Sendable {
    /// The line (from 1) and column (from 1, in Unicode scalars) of the byte at `offset` (from
    /// 0) of the input.
    func place(ofOffset offset: Int) -> (line: Int, column: Int)
}

/// One frame of a recording: the keypoints of one person, indexed by `Joint`.
public struct PoseFrame: Sendable {
    /// The frame's position in the input, 0-based, as the file numbers it when it does.
    public var index: Int
    /// Seconds from the start of the recording, as the export gave them (judged by `FrameClock`).
    public var time: Double?
    /// The input line where the frame starts, when the reader knows it; nil otherwise. Unless
    /// set, it comes from `start` when asked.
    public var line: Int? {
        get { givenLine ?? startPlace?.line }
        set { givenLine = newValue }
    }
    /// The column (from 1, in Unicode scalars) where the frame starts on its line, for formats
    /// whose frames share lines (a JSON export is often one line); nil otherwise. Unless set,
    /// it comes from `start` when asked.
    public var column: Int? {
        get { givenColumn ?? startPlace?.column }
        set { givenColumn = newValue }
    }
    /// Where the frame starts, for a reader that works out lines and columns only when a
    /// message or a caller asks for them: the byte offset of its first byte in the input, and
    /// what finds that byte's line and column. Counting lines for every frame of a large
    /// export cost 5% of the time of `posecheck check`; few frames are ever placed in words.
    public var start: (offset: Int, places: any FramePlaces)?
    private var givenLine: Int?
    private var givenColumn: Int?
    /// One slot per `Joint` (indexed by `rawValue`), `nil` where the joint is missing. Set
    /// through the subscript, or in place by the module's filters, which keep the table
    /// `Joint.count` long.
    public internal(set) var keypoints: [Keypoint?]
    /// What the reader noticed about this frame, in the order noticed.
    public var issues: [FrameIssue]
    /// Angles the export measured itself (joint-angle exports); nil for keypoint exports.
    /// When present, checks are read from these values, not from keypoints.
    public var measured: MeasuredValues?

    /// Shared until a keypoint is set (copy on write), so an empty frame allocates nothing.
    private static let noKeypoints: [Keypoint?] = Array(repeating: nil, count: Joint.count)

    /// An empty frame (no keypoints, no measured values) at input position `index`.
    public init(index: Int, time: Double? = nil, line: Int? = nil, issues: [FrameIssue] = []) {
        self.index = index
        self.time = time
        givenLine = line
        self.keypoints = Self.noKeypoints
        self.issues = issues
    }

    /// The keypoint of `joint`, or `nil` when the tracker did not give it.
    public subscript(joint: Joint) -> Keypoint? {
        get { keypoints[joint.rawValue] }
        set { keypoints[joint.rawValue] = newValue }
    }

    /// Where the frame starts, in words for messages: "line 3, column 17", "line 3"; nil when
    /// the reader does not know.
    public var place: String? {
        let found = givenLine == nil || givenColumn == nil ? startPlace : nil
        guard let line = givenLine ?? found?.line else { return nil }
        return (givenColumn ?? found?.column).map { "line \(line), column \($0)" } ?? "line \(line)"
    }

    /// The line and column of `start`, worked out now.
    private var startPlace: (line: Int, column: Int)? {
        start.map { $0.places.place(ofOffset: $0.offset) }
    }

    /// True when at least one joint has a keypoint (confidence is not considered).
    public var hasAnyKeypoint: Bool { keypoints.contains { $0 != nil } }

    /// The flags of a frame the input holds nothing readable of: missing from the numbers, cut
    /// through by the end of the input, not valid JSON.
    public static let notReadCodes: Set<String> = ["frame_missing", "cut_short", "unreadable_frame"]

    /// True when the input holds nothing readable of this frame (`notReadCodes`).
    public var isNotRead: Bool { issues.contains { Self.notReadCodes.contains($0.code) } }
}
