// One graded session (a recording, or one stretch of a recorded routine) as progress needs it:
// a value type, so trends and asymmetry are computed and tested without files.
import PoseModel

/// A check's median over one session, in the check's unit (degrees or leg lengths L).
public struct CheckMedian: Sendable, Hashable {
    /// The check.
    public var check: CheckID
    /// nil when no frame of the session measured the check.
    public var value: Double?
    /// The frames that measured the check; nil when not known (a summary of several sessions,
    /// or one kept from an earlier run).
    public var frames: Int?

    /// Fewer measured frames than this make a session's median too thin to follow (one frame
    /// of a hundred is a glimpse, not the session): it is shown with its count, and takes no
    /// part in the per-side medians, trends or left–right differences.
    public static let minimumFrames = 10

    /// A check and its median, over `frames` frames when known.
    public init(check: CheckID, value: Double?, frames: Int? = nil) {
        self.check = check
        self.value = value
        self.frames = frames
    }

    /// Whether the median rests on too few frames to count (`minimumFrames`).
    public var isThin: Bool { value != nil && (frames ?? Self.minimumFrames) < Self.minimumFrames }
}

/// One session of one stretch.
public struct ProgressSession: Sendable, Hashable {
    /// The recording (a file, or an OpenPose frame folder).
    public var path: String
    /// When it was recorded, and how that was found.
    public var date: SessionDate
    /// The stretch id (`scissor-stance`, …).
    public var stretch: String
    /// The side of the front leg; nil when it could not be decided (or the export gives front
    /// and back only): such a session is listed but takes no part in sides, trends or asymmetry.
    public var front: Side?
    /// How the front side was decided: `auto` (from the knees), `option` (`--front`), `export`
    /// (front and back columns, no side), `fileName` (`sideInName(ofPath:)`).
    public var frontMethod: String
    /// True when the knees differed by less than 5° on average, so the side is a guess; such a
    /// session is also kept out of the per-side figures.
    public var frontAmbiguous: Bool
    /// The session's verdict, as `check` gives it.
    public var verdict: Verdict
    /// The longest continuous in-form hold in seconds; nil when frame times are unknown.
    public var holdSeconds: Double?
    /// Each check of the stretch in spec order, with its median over the session's frames.
    public var medians: [CheckMedian]
    /// For a stretch found in a routine (`--stretch auto`): where it starts and ends, seconds.
    public var segment: SessionSegment?

    /// A session from its values (for summaries kept from earlier runs, and for tests).
    public init(
        path: String, date: SessionDate, stretch: String, front: Side?, frontMethod: String = "option",
        frontAmbiguous: Bool = false, verdict: Verdict, holdSeconds: Double?, medians: [CheckMedian]
    ) {
        self.path = path
        self.date = date
        self.stretch = stretch
        self.front = front
        self.frontMethod = frontMethod
        self.frontAmbiguous = frontAmbiguous
        self.verdict = verdict
        self.holdSeconds = holdSeconds
        self.medians = medians
    }

    /// A session from a graded recording's summary and front-side decision.
    public init(
        path: String, date: SessionDate, stretch: StretchSpec, front: FrontSideDecision, summary: RecordingSummary
    ) {
        self.init(
            path: path, date: date, stretch: stretch.id, front: front.side, frontMethod: front.method,
            frontAmbiguous: front.ambiguous, verdict: summary.verdict, holdSeconds: summary.longestHoldSeconds,
            medians: summary.checks.map {
                CheckMedian(check: $0.check, value: $0.median, frames: $0.passed + $0.failed)
            })
    }

    /// The median of `check` in this session.
    public func median(_ check: CheckID) -> Double? {
        medians.first { $0.check == check }?.value
    }

    /// The median of `check` as the per-side figures, trends and left–right differences count
    /// it: nil when it rests on too few frames (`CheckMedian.minimumFrames`).
    public func countedMedian(_ check: CheckID) -> Double? {
        medians.first { $0.check == check }.flatMap { $0.isThin ? nil : $0.value }
    }

    /// The side this session counts for in per-side figures: a decided, unambiguous front side.
    public var countedSide: Side? { frontAmbiguous ? nil : front }

    /// The front side a file or folder name states: the word `left` or `right` (any case, not
    /// inside a longer word, e.g. `2026-11-10_left.csv`, `Right-front.mot`), in the file name or
    /// else its folder's; nil when neither or both appear. Used only when the recording itself
    /// cannot decide (no frame shows both knees, the knees differ by under 5°, or an export
    /// that gives front and back only).
    public static func sideInName(ofPath path: String) -> Side? {
        let components = path.split(separator: "/").map(String.init)
        for component in components.reversed().prefix(2) {
            let words = Set(component.lowercased().split { !$0.isLetter }.map(String.init))
            let left = words.contains("left")
            let right = words.contains("right")
            if left != right { return left ? .left : .right }
            if left && right { return nil }
        }
        return nil
    }
}

/// Where a stretch found in a recorded routine starts and ends, in seconds from the recording's start.
public struct SessionSegment: Sendable, Hashable {
    /// Seconds from the recording's start; nil when frame times are unknown.
    public var start: Double?
    /// Seconds from the recording's start.
    public var end: Double?

    /// A segment's bounds.
    public init(start: Double?, end: Double?) {
        self.start = start
        self.end = end
    }
}

/// A recording that could not be graded, with where its error is.
public struct UnreadableRecording: Sendable, Hashable {
    /// The file or folder given.
    public var path: String
    /// A stable code (`unreadable`, `invalid_json`, …).
    public var code: String
    /// What is wrong, for people.
    public var message: String
    /// 1-based location of the error in the file, when it has one.
    public var line: Int?
    /// 1-based column of the error.
    public var column: Int?
    /// The exit code this error calls for: 65 malformed input, 66 missing or unreadable input.
    public var exitCode: Int32

    /// An error row.
    public init(path: String, code: String, message: String, line: Int?, column: Int?, exitCode: Int32) {
        self.path = path
        self.code = code
        self.message = message
        self.line = line
        self.column = column
        self.exitCode = exitCode
    }

    /// `path:line:column: message`, as compilers write it.
    public var described: String {
        var location = path
        if let line {
            location += ":\(line)"
            if let column { location += ":\(column)" }
        }
        return "\(location): \(message)"
    }
}
