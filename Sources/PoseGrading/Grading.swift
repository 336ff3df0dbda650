// Grades one recording like `posecheck check`, streaming, in memory that does not grow with the
// file.
//
// With per-frame results (`grade(path:options:includeFrames:begin:frame:)`): two passes. The first
// validates the file, counts the frames and decides the front side; the second scores every frame
// and hands it on, so a malformed file is reported before any frame. Summary only
// (`grade(path:options:)`, `gradeSummary`): one pass, which scores every frame for each front side
// the vote can pick and keeps the side it picks; once the vote clearly favours one side
// (`settleFrames`), the other is no longer scored, and in the rare case that the vote turns to it
// later the file is read again with the decided side.
import PoseFormats
import PoseModel
import PoseScanning

/// What is known of a recording once it has been read, before its frames are scored again.
public struct GradingContext: Sendable {
    /// The path as given (`-` for standard input).
    public var path: String
    /// What the reader found, with a note when keypoints were smoothed.
    public var info: RecordingInfo
    /// The stretch graded against, as adjusted by the options (world coordinates, dip tolerance).
    public var spec: StretchSpec
    /// The front side used, and how it was decided.
    public var front: FrontSideDecision
    /// How many frames the recording has.
    public var frameCount: Int
}

/// A graded recording: its context and summary.
public struct GradedRecording: Sendable {
    /// The recording and how it was graded.
    public var context: GradingContext
    /// Counts, scores, the longest hold and the verdict.
    public var summary: RecordingSummary
}

/// Grading of recordings, exactly as the command line grades them.
public enum Grading {
    /// After this many frames showing both knees, a side the vote clearly disfavours (not
    /// ambiguous) is no longer scored.
    public static let settleFrames = 30

    /// Grades a recording and returns its summary (one pass).
    ///
    /// ```swift
    /// let graded = try Grading.grade(path: "scissor.json", options: GradingOptions(spec: .scissorStance))
    /// print(graded.summary.verdict)
    /// ```
    public static func grade(path: String, options: GradingOptions) throws(GradingError) -> GradedRecording {
        var unused: Void = ()
        return try gradeSummary(path: path, options: options, collector: &unused) { _, _, _ in }
    }

    /// Grades a recording in two passes and hands every frame's result to `frame`, in order,
    /// after `begin` has received the context (so output can start with the front side and the
    /// frame count). Nothing reaches `begin` when the file is malformed.
    public static func grade(
        path: String, options: GradingOptions,
        begin: (GradingContext) -> Void,
        frame: (PoseFrame, FrameResult) -> Void
    ) throws(GradingError) -> GradedRecording {
        let o = options.resolved
        let input = try Input(path)
        var source = try open(input, o)
        let threeD = source.info.space.isThreeDimensional
        var vote = FrontSideVote(minConfidence: o.evaluation.minConfidence, threeD: threeD)
        var count = 0
        try smoothedFrames(&source, o) { f in
            count += 1
            vote.add(f)
        }
        let decision = o.front.fixed.map(FrontSideDecision.fixed) ?? vote.decision
        // The first pass has read the whole file: its info includes what only the end showed.
        let context = self.context(path, o, info: source.info, front: decision, frames: count)
        source = try open(input, o)
        var session = EvaluationSession(
            spec: o.spec, front: decision.side, threeD: threeD, options: o.evaluation.completed(by: source.info))
        begin(context)
        try smoothedFrames(&source, o) { f in frame(f, session.evaluate(f)) }
        return GradedRecording(context: context, summary: session.summary)
    }

    /// Grades a recording in one pass, feeding the chosen side's frames into `collector` with
    /// `add` (a report that draws the whole recording collects here). Frames are scored for
    /// each side the vote can pick, so `collector` must start empty and be cheap to copy.
    public static func gradeSummary<Collector>(
        path: String, options: GradingOptions, collector: inout Collector,
        add: (inout Collector, PoseFrame, FrameResult) -> Void
    ) throws(GradingError) -> GradedRecording {
        let o = options.resolved
        let input = try Input(path)
        var source = try open(input, o)
        let threeD = source.info.space.isThreeDimensional
        let evaluation = o.evaluation.completed(by: source.info)
        var vote = FrontSideVote(minConfidence: o.evaluation.minConfidence, threeD: threeD)
        let sides: [Side] = o.front.fixed.map { [$0] } ?? [.left, .right]
        var sessions = sides.map { EvaluationSession(spec: o.spec, front: $0, threeD: threeD, options: evaluation) }
        var collectors = sides.map { _ in collector }
        var scored = sides.map { _ in true }
        var settled = sides.count == 1
        var count = 0
        try smoothedFrames(&source, o) { f in
            count += 1
            // One geometry for the vote and both sides: the knees, the view, mid-hip and
            // mid-shoulder are measured once.
            let g = FrameGeometry(frame: f, minConfidence: evaluation.minConfidence, threeD: threeD)
            vote.add(g)
            if !settled {
                let d = vote.decision
                if d.framesUsed >= settleFrames, !d.ambiguous, let side = d.side {
                    scored[side == .left ? 1 : 0] = false
                    settled = true
                }
            }
            for k in sessions.indices where scored[k] {
                add(&collectors[k], f, sessions[k].evaluate(g))
            }
        }
        let decision = o.front.fixed.map(FrontSideDecision.fixed) ?? vote.decision
        let context = self.context(path, o, info: source.info, front: decision, frames: count)
        if let chosen = sides.firstIndex(where: { $0 == decision.side }), scored[chosen] {
            collector = collectors[chosen]
            return GradedRecording(context: context, summary: sessions[chosen].summary)
        }
        // No side could be decided (no frame showed both knees), or the vote turned to a side
        // it had stopped scoring: score again with the decision, as the two-pass path does.
        source = try open(input, o)
        var session = EvaluationSession(spec: o.spec, front: decision.side, threeD: threeD, options: evaluation)
        var again = collector
        try smoothedFrames(&source, o) { f in add(&again, f, session.evaluate(f)) }
        collector = again
        return GradedRecording(context: context, summary: session.summary)
    }

    /// A path to read once or more. Standard input (`-`), pipes and devices are copied once
    /// into a temporary spool as they are read (see `ByteInput.open(path:)`), so every pass reads
    /// the same bytes and none reopens a drained pipe.
    struct Input {
        var path: String
        var spooled: ByteInput?

        init(_ path: String) throws(GradingError) {
            self.path = path
            guard ByteInput.isStream(path: path) else { return }
            do throws(InputError) {
                spooled = try ByteInput.open(path: path)
            } catch {
                throw .input(error)
            }
        }
    }

    static func open(_ input: Input, _ o: GradingOptions) throws(GradingError) -> any PoseFrameSource {
        if let spooled = input.spooled {
            do throws(FormatError) {
                return try PoseReader.open(spooled, path: input.path, options: o.read)
            } catch {
                throw .format(error)
            }
        }
        do throws(InputOrFormatError) {
            return try PoseReader.open(path: input.path, options: o.read)
        } catch {
            throw GradingError(error)
        }
    }

    /// How the note that says keypoints were smoothed begins (the method follows).
    public static let smoothingNotePrefix = "keypoints smoothed with "

    /// The recording's info with the smoothing noted (angle exports are not smoothed).
    static func noted(_ info: RecordingInfo, _ o: GradingOptions) -> RecordingInfo {
        var info = info
        guard o.smoothing != .none && info.space != .jointAngles else { return info }
        let causal: Bool = if case .median = o.smoothing { false } else { true }
        if causal && (o.evaluation.frameRate ?? info.frameRate) == nil && info.timeSource == nil {
            info.notes.append("keypoints not smoothed: \(o.smoothing) needs frame times (pass --fps N)")
        } else {
            info.notes.append(smoothingNotePrefix + "\(o.smoothing)")
        }
        return info
    }

    static func context(_ path: String, _ o: GradingOptions, info: RecordingInfo, front: FrontSideDecision, frames: Int)
        -> GradingContext
    {
        GradingContext(path: path, info: noted(info, o), spec: o.spec, front: front, frameCount: frames)
    }

    /// Every frame of the source, smoothed as the options say, in order. With `readAhead`, the
    /// source is read on a second thread, so reading overlaps with smoothing and scoring here;
    /// `source.info` is the final one afterwards either way.
    static func smoothedFrames(
        _ source: inout any PoseFrameSource, _ o: GradingOptions,
        _ body: (PoseFrame) -> Void
    ) throws(GradingError) {
        var smoother = FrameSmoother(method: o.smoothing, frameRate: o.evaluation.frameRate ?? source.info.frameRate)
        if o.readAhead { source = ReadAhead(source) }
        do throws(FormatError) {
            while let f = try source.nextFrame() {
                smoother.push(f, emit: body)
            }
        } catch {
            throw .format(error)
        }
        for g in smoother.finish() { body(g) }
    }
}
