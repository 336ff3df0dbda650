// Scoring frames against a stretch (PoseCheck docs, "What is measured, and what 0 means"): per-check results, frame status and score.

/// The outcome of one check on one frame: measured inside its band (`pass`), outside it
/// (`fail`), or not measurable (`notAssessable`, with a reason on the `CheckResult`).
public enum CheckStatus: String, Sendable, Codable { case pass, fail, notAssessable }
/// The outcome of one frame: every required check passes (`inForm`), a required check fails
/// (`deviating`, which outranks a missing measurement), or a required check cannot be measured
/// or none was (`notAssessable`).
public enum FrameStatus: String, Sendable, Codable, CaseIterable { case inForm, deviating, notAssessable }

/// One check on one frame.
public struct CheckResult: Hashable, Sendable {
    /// The check measured.
    public var check: CheckID
    /// Whether the check is required (decides frame status) or advisory (only weighs in the score).
    public var required: Bool
    /// The measured value in the check's unit; nil when not assessable.
    public var value: Double?
    /// The values the depths of the check's segments allow (PoseCheck docs, "What the camera can see"), `value` among them; also
    /// given when they disagree on the verdict and the check is not assessable.
    public var range: ClosedRange<Double>? = nil
    /// Signed distance outside the pass band (positive above, negative below, 0 inside).
    public var deviation: Double?
    /// Pass, fail, or not assessable (then `reason` says why).
    public var status: CheckStatus
    /// Why the check could not be measured; `nil` when it was.
    public var reason: Unassessable?
    /// Check score in [0, 1].
    public var score: Double?
}

/// One frame's result. Every input frame gets exactly one.
public struct FrameResult: Sendable {
    /// The frame's input index (as `PoseFrame.index`).
    public var index: Int
    /// Seconds from the start of the recording, when the clock trusts the frame's time; `nil`
    /// otherwise.
    public var time: Double?
    /// In form, deviating or not assessable, from the required checks.
    public var status: FrameStatus
    /// 0–100: the weighted mean of the assessable check scores; nil when the frame is not
    /// assessable (PoseCheck docs, "What is measured, and what 0 means").
    public var score: Double?
    /// The camera's view of the body on this frame, for people reading the output.
    public var view: ViewEstimate
    /// Every check of the stretch, in the spec's order, assessable or not.
    public var checks: [CheckResult]
    /// What the reader flagged on this frame.
    public var issues: [FrameIssue]
}

/// Which side is in front.
public enum FrontSideChoice: Hashable, Sendable {
    case left, right, auto
    /// The side fixed by this choice, or `nil` for `auto` (decided by `FrontSideVote`).
    public var fixed: Side? {
        switch self {
        case .left: return .left
        case .right: return .right
        case .auto: return nil
        }
    }
}

/// How the front side was decided, for the output.
public struct FrontSideDecision: Hashable, Sendable {
    /// The front side; `nil` when undecided (no frame shows both knees, or the knees are exactly
    /// equal) or not needed (method `export`).
    public var side: Side?
    /// "option" when given, "auto" when decided from the knees.
    public var method: String
    /// True when the knees differ by less than `FrontSideVote.ambiguityMargin` on average.
    public var ambiguous: Bool
    /// Mean (left − right) knee flexion over the frames that showed both knees.
    public var meanKneeDifference: Double?
    /// Frames that showed both knees and voted (for `auto`); frames whose export resolved front and
    /// back itself (for `export`); 0 when given as an option.
    public var framesUsed: Int

    /// A decision made by the caller, not voted: method `option`.
    public static func fixed(_ s: Side) -> FrontSideDecision {
        FrontSideDecision(side: s, method: "option", ambiguous: false, meanKneeDifference: nil, framesUsed: 0)
    }

    /// How the side was decided, in words (no command-line hint: a command line adds its own).
    public var note: String? {
        if method == "export" { return "front and back given by the export: no front side needed" }
        guard method == "auto" else { return nil }
        guard let s = side else {
            if framesUsed > 0 { return "front side ambiguous: both knees are equally flexed" }
            return "front side unknown: no frame shows both knees"
        }
        if ambiguous { return "front side ambiguous: \(ambiguity); assumed \(s.rawValue)" }
        let d = formatNumber(abs(meanKneeDifference ?? 0), digits: 1)
        return
            "front side \(s.rawValue), decided from the knees (the \(s.rawValue) knee is \(d)° more flexed on average over \(framesUsed) frame\(framesUsed == 1 ? "" : "s"))"
    }

    /// Why a side decided from the knees is ambiguous, in words.
    public var ambiguity: String {
        "the knees differ by only \(formatNumber(abs(meanKneeDifference ?? 0), digits: 1))° on average"
    }
}

/// Decides the front side once per recording: the side whose knee is more flexed on average.
/// Feed every frame, then read `decision`.
public struct FrontSideVote: Sendable {
    /// Below this mean difference (degrees) the decision is reported as ambiguous.
    public static let ambiguityMargin = 5.0
    /// Keypoints below this confidence count as missing; use the sessions' value, so the vote reads
    /// the same knees.
    public var minConfidence: Double
    /// True for metric 3D coordinates (knee flexion measured with depth).
    public var threeD: Bool
    private var sum = 0.0
    private var count = 0
    private var resolvedByExport = 0

    /// An empty vote with the grading's confidence threshold and dimension.
    public init(minConfidence: Double, threeD: Bool) {
        self.minConfidence = minConfidence
        self.threeD = threeD
    }

    /// Adds a frame: it votes when both knees can be measured and no frame-wide issue stops it.
    public mutating func add(_ frame: PoseFrame) {
        add(FrameGeometry(frame: frame, minConfidence: minConfidence, threeD: threeD))
    }

    /// Adds a frame whose geometry is already made (with this vote's threshold and dimension).
    public mutating func add(_ g: FrameGeometry) {
        let frame = g.frame
        guard !frame.issues.contains(where: \.isFrameWide) else { return }
        if frame.measured?.resolvesFront == true { resolvedByExport += 1 }
        guard let l = try? g.kneeFlexion(.left), let r = try? g.kneeFlexion(.right), l.isFinite, r.isFinite else {
            return
        }
        sum += l - r
        count += 1
    }

    /// The side whose knee is more flexed on average (the front knee of a lunge bends, the back
    /// one stays straight); ambiguous below `ambiguityMargin` degrees, undecided with no votes.
    public var decision: FrontSideDecision {
        guard count > 0 else {
            if resolvedByExport > 0 {
                return FrontSideDecision(
                    side: nil, method: "export", ambiguous: false, meanKneeDifference: nil, framesUsed: resolvedByExport
                )
            }
            return FrontSideDecision(side: nil, method: "auto", ambiguous: true, meanKneeDifference: nil, framesUsed: 0)
        }
        let mean = sum / Double(count)
        let side: Side? = mean > 0 ? .left : mean < 0 ? .right : nil
        return FrontSideDecision(
            side: side, method: "auto", ambiguous: abs(mean) < Self.ambiguityMargin,
            meanKneeDifference: mean, framesUsed: count)
    }
}

/// Options shared by the whole-recording and the incremental API.
public struct EvaluationOptions: Sendable {
    /// Keypoints below this confidence count as missing. 0.5 is MediaPipe's drawing threshold
    /// and the de-facto default of pose apps.
    public var minConfidence: Double = 0.5
    /// Frames per second, used for frame times when the frames carry none.
    public var frameRate: Double?
    /// True when the export is known to carry timestamps, so that a frame without one is flagged
    /// from the first frame on (otherwise the session learns it from the first timestamp).
    public var timestamps: Bool
    /// In 2D, a segment seen at this share of its reference length or more counts as lying in
    /// the image plane; a shorter one is given its depth, with either sign (`Foreshortening.swift`).
    public var inPlaneShare: Double
    /// Chosen on the camera sweep (PoseCheck docs, "What the camera can see").
    public static let defaultInPlaneShare = 0.75
    /// True when the coordinates are normalised and no image size scaled them (square pixels
    /// assumed): the verdict's reason then says its angles may be distorted.
    public var imageSizeAssumed = false
    /// Options for grading. Defaults: confidence threshold 0.5, frame rate and timestamps unknown,
    /// and the in-plane share chosen on the camera sweep.
    public init(
        minConfidence: Double = 0.5, frameRate: Double? = nil, timestamps: Bool = false,
        inPlaneShare: Double = defaultInPlaneShare
    ) {
        self.minConfidence = minConfidence
        self.frameRate = frameRate
        self.timestamps = timestamps
        self.inPlaneShare = inPlaneShare
    }

    /// These options with what the recording itself says about time: its frame rate when none
    /// was given, and whether it carries timestamps.
    public func completed(by info: RecordingInfo) -> EvaluationOptions {
        var options = self
        if options.frameRate == nil { options.frameRate = info.frameRate }
        options.timestamps = info.timeSource == "timestamps"
        options.imageSizeAssumed = info.space.imageSizeAssumed
        return options
    }
}

/// The incremental API: feed frames one at a time, read each result at once and the summary
/// at any point. Memory is constant per frame. The whole-recording `Evaluator` is built on it,
/// so both give identical results for the same front side. In 2D, the session learns the
/// body's segment lengths from the frames so far (`SegmentLengths`) to judge what the camera
/// can see on each frame.
public struct EvaluationSession: Sendable {
    /// The stretch graded.
    public let spec: StretchSpec
    /// The front side checks are measured for; `nil` makes every check that needs it not
    /// assessable (`Unassessable.frontSideUnknown`).
    public let front: Side?
    /// The options every frame is graded with.
    public let options: EvaluationOptions
    /// True for metric 3D coordinates: checks use depth. False measures in the image plane.
    public let threeD: Bool
    private var accumulator: SummaryAccumulator
    private var clock: FrameClock
    private var lengths = SegmentLengths()

    /// A session grading `spec` with the front side `front` (decide it first, for example with
    /// `FrontSideVote`). `threeD` must match the geometry fed to `evaluate(_:)`.
    public init(spec: StretchSpec, front: Side?, threeD: Bool, options: EvaluationOptions = .init()) {
        self.spec = spec
        self.front = front
        self.options = options
        self.threeD = threeD
        self.accumulator = SummaryAccumulator(spec: spec, imageSizeAssumed: options.imageSizeAssumed)
        self.clock = FrameClock(
            frameRate: options.frameRate, dipTolerance: spec.dipToleranceSeconds, timestamps: options.timestamps)
    }

    /// Scores one frame and folds it into the summary. Frames must arrive in input order.
    public mutating func evaluate(_ frame: PoseFrame) -> FrameResult {
        evaluate(geometry(frame))
    }

    /// Scores a frame whose geometry is already made, so that several sessions (one per front
    /// side) and the front-side vote measure it once. Made by `geometry(_:)` or with the same
    /// threshold and dimension as this session.
    public mutating func evaluate(_ g: FrameGeometry) -> FrameResult {
        precondition(g.minConfidence == options.minConfidence && g.threeD == threeD, "geometry made with other options")
        if !threeD && g.frame.measured == nil { lengths.add(g) }
        var result = Self.score(g, spec: spec, front: front, options: options, lengths: lengths)
        let reading = clock.read(g.frame)
        result.time = reading.time
        if let issue = reading.issue, !result.issues.contains(where: { $0.code == issue.code }) {
            result.issues.append(issue)
        }
        accumulator.add(result, clock: reading)
        return result
    }

    /// The frame's geometry as this session measures it.
    public func geometry(_ frame: PoseFrame) -> FrameGeometry {
        FrameGeometry(frame: frame, minConfidence: options.minConfidence, threeD: threeD)
    }

    /// The summary of the frames evaluated so far; final once the last frame has been evaluated.
    public var summary: RecordingSummary { accumulator.summary(clock: clock) }

    /// `summary.longestHoldSeconds`, without making the summary (a stream asks after every frame).
    public var longestHoldSeconds: Double? { accumulator.longestHoldSeconds(clock: clock) }

    /// Scores a frame without touching any summary state, judging segments by this frame alone.
    public static func score(
        _ frame: PoseFrame, spec: StretchSpec, front: Side?, threeD: Bool,
        options: EvaluationOptions
    ) -> FrameResult {
        score(
            FrameGeometry(frame: frame, minConfidence: options.minConfidence, threeD: threeD), spec: spec, front: front,
            options: options)
    }

    /// Scores a frame from its geometry without touching any summary state. `lengths`: the
    /// recording's segment lengths including this frame; nil judges by this frame alone (the
    /// single-image rule).
    public static func score(
        _ g: FrameGeometry, spec: StretchSpec, front: Side?, options: EvaluationOptions,
        lengths: SegmentLengths? = nil
    ) -> FrameResult {
        let lengths = lengths ?? SegmentLengths(frame: g)
        let frame = g.frame
        let time = frame.time ?? options.frameRate.map { Double(frame.index) / $0 }
        let view = g.view
        let frameWide = frame.issues.first(where: \.isFrameWide)
        var checks: [CheckResult] = []
        checks.reserveCapacity(spec.checks.count)
        var weighted = 0.0
        var weights = 0.0
        var anyRequiredFail = false
        var anyRequiredUnassessable = false
        var requiredMeasured = 0
        for c in spec.checks {
            var r = CheckResult(
                check: c.id, required: c.required, value: nil, deviation: nil,
                status: .notAssessable, reason: nil, score: nil)
            do throws(Unassessable) {
                if let issue = frameWide { throw .flagged(issue) }
                let m = try g.measure(c, front: front, lengths: lengths, inPlaneShare: options.inPlaneShare)
                let d = c.band.deviation(of: m.value)
                let s = c.score(deviation: d)
                r.value = m.value
                r.range = m.range
                r.deviation = d
                r.score = s
                r.status = d == 0 ? .pass : .fail
                weighted += s * c.weight
                weights += c.weight
                if c.required {
                    requiredMeasured += 1
                    if d != 0 { anyRequiredFail = true }
                }
            } catch {
                r.reason = error
                if case .outOfImagePlane(_, _, _, let range) = error { r.range = range }
                if case .viewAmbiguous(_, let range) = error { r.range = range }
                // A check an angle export cannot carry is reported, but the frame is graded on
                // the checks the export does carry (and is not assessable if it carries none).
                if c.required && error != .notInExport { anyRequiredUnassessable = true }
            }
            checks.append(r)
        }
        // A known failure is what the person can act on, so it outranks a missing measurement.
        let status: FrameStatus =
            anyRequiredFail
            ? .deviating
            : anyRequiredUnassessable || requiredMeasured == 0 ? .notAssessable : .inForm
        // A partial score misleads (a seated pose with only the feet measurable scored 100), so a
        // frame that is not assessable has none.
        let score: Double? = status != .notAssessable && weights > 0 ? 100 * weighted / weights : nil
        return FrameResult(
            index: frame.index, time: time, status: status, score: score, view: view,
            checks: checks, issues: frame.issues)
    }
}

/// The whole-recording API.
public enum Evaluator {
    /// Decides the front side (once for the recording when `.auto`).
    public static func decideFront(
        _ recording: Recording, choice: FrontSideChoice,
        options: EvaluationOptions
    ) -> FrontSideDecision {
        if let s = choice.fixed { return .fixed(s) }
        var vote = FrontSideVote(minConfidence: options.minConfidence, threeD: recording.info.space.isThreeDimensional)
        for f in recording.frames { vote.add(f) }
        return vote.decision
    }

    /// Scores every frame and summarises.
    public static func evaluate(
        _ recording: Recording, spec: StretchSpec, front: FrontSideChoice = .auto,
        options: EvaluationOptions = .init()
    ) -> RecordingResult {
        let options = options.completed(by: recording.info)
        let decision = decideFront(recording, choice: front, options: options)
        var session = EvaluationSession(
            spec: spec, front: decision.side,
            threeD: recording.info.space.isThreeDimensional, options: options)
        let frames = recording.frames.map { session.evaluate($0) }
        return RecordingResult(spec: spec, front: decision, frames: frames, summary: session.summary)
    }
}

/// Everything the whole-recording API returns.
public struct RecordingResult: Sendable {
    /// The stretch graded.
    public var spec: StretchSpec
    /// How the front side was decided.
    public var front: FrontSideDecision
    /// One result per input frame, in input order.
    public var frames: [FrameResult]
    /// Totals and the verdict.
    public var summary: RecordingSummary
}
