// Grading live, as a tracker writes frames: each frame's result as soon as the smoothing window
// allows, with hold progress, and the summary at the end.
import PoseFormats
import PoseModel
import PoseScanning

/// One frame's live result.
public struct LiveFrameResult: Sendable {
    /// The frame as scored (smoothed).
    public var frame: PoseFrame
    /// Its result for the front side in use.
    public var result: FrameResult
    /// The front side the result is for (nil while no frame has shown both knees).
    public var front: Side?
    /// True while the front side is still being voted on (see `LiveSession`): the result may be
    /// for the other side than the one the summary ends up with.
    public var provisional: Bool
    /// The longest hold so far, in seconds, for that side; nil while time is unknown.
    public var holdSeconds: Double?
    /// The hold the stretch asks for, in seconds.
    public var requiredHoldSeconds: Double
    /// The frame's result for each side the vote can pick, and for none (`result` is one of
    /// them), so that a summary can be kept for the side the vote ends with; empty when the side
    /// is fixed.
    public var resultsBySide: [(side: Side?, result: FrameResult)] = []
}

/// A live grading session over frames pushed one at a time.
///
/// Smoothing delays each result by the window (`median:5`: two frames, 67 ms at 30 fps); `none`
/// gives each frame's result at once.
///
/// The front side, when automatic, is decided as `posecheck check` decides it: a vote over the
/// frames that show both knees. Every frame is scored for both sides (and for none). Until the
/// vote settles (`Grading.settleFrames` such frames, clearly favouring one side), each result is
/// for the side the vote favours so far, marked `provisional`; once it settles, results are for
/// that side and final. The summary and the decision are `check`'s: the vote over every frame,
/// and the summary of the side it picks over every frame from the first. Should the whole vote
/// end on the other side than the one settled on (or undecided), the results given during the
/// stream were for a side the summary is not, and `streamNote` says so.
public struct LiveSession: Sendable {
    /// The stretch graded against (adjusted as the options say).
    public let spec: StretchSpec
    /// What the stream's first frame showed, or its first frame with a person (`FrameFeed`),
    /// with the smoothing noted.
    public private(set) var info: RecordingInfo
    private let options: GradingOptions

    private let evaluation: EvaluationOptions
    private var smoother: FrameSmoother
    private var vote: FrontSideVote
    private let fixed: Side?
    /// One session per side the vote can pick (and none), each scoring every frame.
    private var sessions: [(side: Side?, session: EvaluationSession)]
    /// The side the vote settled on from the first frames, that results are given for.
    private var settledSide: Side?
    private var frames = 0

    /// A session for a stream whose first frame showed `info` (a `FrameFeed` gives it).
    public init(options: GradingOptions, info: RecordingInfo) {
        let o = options.resolved
        self.options = o
        spec = o.spec
        self.info = Grading.noted(info, o)
        let threeD = info.space.isThreeDimensional
        evaluation = o.evaluation.completed(by: info)
        smoother = FrameSmoother(method: o.smoothing, frameRate: o.evaluation.frameRate ?? info.frameRate)
        vote = FrontSideVote(minConfidence: evaluation.minConfidence, threeD: threeD)
        fixed = o.front.fixed
        let sides: [Side?] = fixed.map { [$0] } ?? [.left, .right, nil]
        let spec = o.spec
        let evaluation = evaluation
        sessions = sides.map { side in
            (side, EvaluationSession(spec: spec, front: side, threeD: threeD, options: evaluation))
        }
    }

    /// Replaces what the stream showed, for the summary: the feed read a later line whose
    /// frame showed a person (the units of a CSV). Frames are read with it already.
    mutating func update(info: RecordingInfo) {
        self.info = Grading.noted(info, options)
    }

    /// Adds the next frame; returns the results it makes ready (none or one with a median
    /// window, which holds frames until it is full).
    public mutating func push(_ frame: PoseFrame) -> [LiveFrameResult] {
        smoother.push(frame).map { score($0) }
    }

    /// The end of the stream: the results of the frames the smoothing window still held.
    public mutating func finish() -> [LiveFrameResult] {
        smoother.finish().map { score($0) }
    }

    /// The front side and how it was decided: fixed, or the vote over every frame so far, as
    /// `check` decides it.
    public var front: FrontSideDecision {
        if let fixed { return .fixed(fixed) }
        return vote.decision
    }

    /// The summary so far, for the front side decided (or favoured so far).
    public var summary: RecordingSummary {
        session(for: front.side).summary
    }

    /// When the results given during the stream were for another side than the summary's: the
    /// vote settled on one side from the first frames, and over every frame it ends on the other
    /// (or undecided). Nil otherwise.
    public var streamNote: String? {
        guard let settled = settledSide, front.side != settled else { return nil }
        let summarySide = front.side.map { "the \($0.rawValue) side" } ?? "no front side"
        return
            "the results given during the stream were for the \(settled.rawValue) side, settled on from the first frames; over every frame the vote decides otherwise, so this summary, as check's, is for \(summarySide)"
    }

    /// The graded recording so far: `summary` with its context (frame count, front side), and
    /// `streamNote` among the notes when there is one.
    public var graded: GradedRecording {
        var noted = info
        if let streamNote { noted.notes.append(streamNote) }
        let context = GradingContext(path: "-", info: noted, spec: spec, front: front, frameCount: frames)
        return GradedRecording(context: context, summary: summary)
    }

    private func session(for side: Side?) -> EvaluationSession {
        let match = sessions.first { $0.side == side } ?? sessions[0]
        return match.session
    }

    private mutating func score(_ frame: PoseFrame) -> LiveFrameResult {
        frames += 1
        let g = FrameGeometry(frame: frame, minConfidence: evaluation.minConfidence, threeD: vote.threeD)
        var results: [FrameResult] = []
        for k in sessions.indices { results.append(sessions[k].session.evaluate(g)) }
        if fixed == nil { vote.add(g) }
        if fixed == nil && settledSide == nil {
            let d = vote.decision
            if d.framesUsed >= Grading.settleFrames, !d.ambiguous { settledSide = d.side }
        }
        let side = settledSide ?? front.side
        let index = sessions.firstIndex { $0.side == side } ?? 0
        let bySide = fixed == nil ? zip(sessions, results).map { (side: $0.side, result: $1) } : []
        return LiveFrameResult(
            frame: frame, result: results[index], front: sessions[index].side,
            provisional: fixed == nil && settledSide == nil, holdSeconds: sessions[index].session.longestHoldSeconds,
            requiredHoldSeconds: spec.holdSeconds, resultsBySide: bySide)
    }
}

/// Live grading from bytes: a `FrameFeed` and a `LiveSession` started on the first frame.
///
/// ```swift
/// var live = LiveGrader(options: GradingOptions(spec: .scissorStance))
/// for chunk in chunks {                      // bytes as a tracker writes them
///     for r in try live.push(chunk) { print(r.result.status, r.holdSeconds ?? 0) }
/// }
/// let rest = try live.finish()
/// print(live.graded?.summary.verdict as Any)
/// ```
///
/// Malformed input stops the stream where it is: the call that meets it still returns the
/// result of every frame read before it (the smoothing window's too), whatever the chunks the
/// bytes came in, and sets `failure`; the calls after it throw it, and `graded` is nil.
public struct LiveGrader: Sendable {
    /// The options graded with.
    public let options: GradingOptions
    private var feed: FrameFeed
    /// The session, once the first frame has arrived.
    public private(set) var session: LiveSession?
    /// The feed's `infoRevision` the session's info came from.
    private var sessionInfoRevision = 0
    /// The malformed input that stopped the stream, once met.
    public private(set) var failure: FormatError?

    /// A grader reading JSON Lines or CSV (see `FrameFeed`); `path` names the stream in errors.
    public init(options: GradingOptions, path: String = "-") {
        self.options = options
        feed = FrameFeed(path: path, options: options.resolved.read)
    }

    /// Pushes bytes; returns the frame results they make ready, in order. Throws `failure`
    /// once the stream has stopped at malformed input.
    public mutating func push<Bytes: Sequence>(_ bytes: Bytes) throws(FormatError) -> [LiveFrameResult]
    where Bytes.Element == UInt8 {
        if let failure { throw failure }
        feed.push(bytes)
        return drain()
    }

    /// The end of the stream: the last line, and the frames the smoothing window held. Throws
    /// `failure` once the stream has stopped at malformed input.
    public mutating func finish() throws(FormatError) -> [LiveFrameResult] {
        if let failure { throw failure }
        feed.finish()
        var ready = drain()
        // A stream that ended after its header line, before any frame: graded as a file of
        // that header alone is (no frames, not assessable).
        if session == nil, failure == nil, let info = feed.headerInfo {
            session = LiveSession(options: options, info: info)
        }
        if failure == nil { ready += session?.finish() ?? [] }
        return ready
    }

    /// The graded recording so far; nil before the first frame (at the end of a stream of a
    /// header line alone, the empty recording `check` gives for it), and after malformed input.
    public var graded: GradedRecording? { failure == nil ? session?.graded : nil }

    /// The results of the frames the feed has ready. At malformed input, those of the frames
    /// read before it and of those the smoothing window held, and `failure` is set.
    private mutating func drain() -> [LiveFrameResult] {
        var ready: [LiveFrameResult] = []
        do throws(FormatError) {
            while let frame = try feed.nextFrame() {
                if session == nil, let info = feed.info {
                    session = LiveSession(options: options, info: info)
                    sessionInfoRevision = feed.infoRevision
                } else if feed.infoRevision != sessionInfoRevision, let info = feed.info {
                    session?.update(info: info)
                    sessionInfoRevision = feed.infoRevision
                }
                ready += session?.push(frame) ?? []
            }
        } catch {
            failure = error
            ready += session?.finish() ?? []
        }
        return ready
    }
}
