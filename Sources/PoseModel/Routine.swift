// `--stretch auto`: segments a recorded routine (the three stretches in turn) and grades each
// segment against its own stretch, frame by frame, in bounded memory.
//
// Each frame is classified as the stretch whose spec scores it highest (with the front side
// guessed from that frame's knees). A new segment starts only when another stretch has been
// the best for `minSegmentSeconds` (1.5 s) without interruption; it is dated back to where that
// run began, so short flickers in transitions never make segments and boundaries stay sharp.
// Each segment decides its front side once, from its first run of frames, and is graded by an
// `EvaluationSession`. Frames before the first segment are not assessable ("not part of a
// recognised stretch"). Frames wait at most `minSegmentSeconds` before their result is final;
// the whole-recording API feeds the same segmenter, so both give identical results.

/// A frame's result within a routine: which segment it belongs to, if any.
public struct RoutineFrame: Sendable {
    /// The segment's number (0-based, in order of appearance); `nil` for frames before the first
    /// recognised stretch, which are not assessable.
    public var segment: Int?
    /// The stretch of the segment, whose checks `result` holds.
    public var stretch: StretchSpec?
    /// The frame's result against the segment's stretch and front side.
    public var result: FrameResult
}

/// One recognised stretch of a routine and its grade.
public struct RoutineSegment: Sendable {
    /// The stretch recognised for this segment.
    public var stretch: StretchSpec
    /// The segment's front side, decided once from its first frames.
    public var front: FrontSideDecision
    /// The input index of the segment's first frame.
    public var startFrame: Int
    /// The input index of the segment's last frame.
    public var endFrame: Int
    /// Seconds from the start of the recording at the first frame; `nil` when times are unknown.
    public var start: Double?
    /// Seconds from the start of the recording at the last frame; `nil` when times are unknown.
    public var end: Double?
    /// The segment graded against its stretch, as a recording of its own.
    public var summary: RecordingSummary
}

/// Splits a recorded routine into stretches and grades each segment against its own stretch,
/// frame by frame in bounded memory (see the top of this file for the rules). Feed frames with
/// `add(_:)` in input order, then call `finish()`.
public struct RoutineSegmenter: Sendable {
    /// The stretches a frame may be classified as (the three built-ins by default).
    public let specs: [StretchSpec]
    /// Options every segment's session grades with.
    public let options: EvaluationOptions
    /// True for metric 3D coordinates: checks use depth.
    public let threeD: Bool
    /// How long (seconds) another stretch must score best without interruption before a new
    /// segment starts; also the longest a frame waits for its final result. 1.5 s by default.
    public let minSegmentSeconds: Double

    private struct Open: Sendable {
        var spec: Int
        var session: EvaluationSession
        var front: FrontSideDecision
        var startFrame: Int, start: Double?
        var endFrame: Int, end: Double?
    }

    private var open: Open?
    private var segments = 0
    /// Frames of a run where another stretch scores best, not yet decided.
    private var candidate: (spec: Int, start: Double?, frames: [PoseFrame])?
    /// Times for segmenting, judged as every session judges them.
    private var clock: FrameClock
    /// Frames that belong to no candidate yet (before the first segment).
    private var waiting: [PoseFrame] = []
    /// The recording's segment lengths so far, for classifying frames.
    private var lengths = SegmentLengths()

    /// A segmenter over `specs`; see `minSegmentSeconds` for the 1.5 s default.
    public init(
        specs: [StretchSpec] = StretchSpec.builtins, threeD: Bool, options: EvaluationOptions = .init(),
        minSegmentSeconds: Double = 1.5
    ) {
        self.specs = specs
        self.threeD = threeD
        self.options = options
        self.minSegmentSeconds = minSegmentSeconds
        self.clock = FrameClock(
            frameRate: options.frameRate, dipTolerance: specs.map(\.dipToleranceSeconds).min() ?? 0.5,
            timestamps: options.timestamps)
    }

    /// The stretch that fits this frame best, or nil when none can be measured on it. The fit is
    /// the weighted mean of the check scores that could be measured: a frame that is not
    /// assessable has no score, but its measured checks still tell the stretches apart.
    public func classify(_ f: PoseFrame) -> Int? {
        let g = FrameGeometry(frame: f, minConfidence: options.minConfidence, threeD: threeD)
        guard let l = try? g.kneeFlexion(.left), let r = try? g.kneeFlexion(.right) else { return nil }
        let front: Side = l >= r ? .left : .right
        var best: (Int, Double)?
        for (i, spec) in specs.enumerated() {
            let result = EvaluationSession.score(g, spec: spec, front: front, options: options, lengths: lengths)
            guard let s = Self.fit(result, spec: spec) else { continue }
            if s > (best?.1 ?? -1) { best = (i, s) }
        }
        return best?.0
    }

    /// The weighted mean of the measured check scores, 0–1; nil when none was measured.
    static func fit(_ r: FrameResult, spec: StretchSpec) -> Double? {
        var weighted = 0.0
        var weights = 0.0
        for (check, c) in zip(r.checks, spec.checks) {
            guard let s = check.score else { continue }
            weighted += s * c.weight
            weights += c.weight
        }
        return weights > 0 ? weighted / weights : nil
    }

    /// Feeds one frame; returns the frames whose results became final (in input order) and the
    /// segments that closed.
    public mutating func add(_ f: PoseFrame) -> (frames: [RoutineFrame], closed: [RoutineSegment]) {
        var frames: [RoutineFrame] = []
        var closed: [RoutineSegment] = []
        if !threeD && f.measured == nil {
            lengths.add(FrameGeometry(frame: f, minConfidence: options.minConfidence, threeD: threeD))
        }
        let label = classify(f)
        let t = clock.read(f).time
        if let l = label, l != open?.spec {
            if candidate?.spec != l {
                // A different run starts: the old candidate's frames stay where they were.
                flushCandidate(into: &frames)
                candidate = (l, t, [])
            }
            candidate?.frames.append(f)
            if candidate?.start == nil { candidate?.start = t }
            if let c = candidate, let t, let start = c.start, t - start >= minSegmentSeconds {
                if let o = open { closed.append(close(o)) }
                startSegment(c.spec, c.frames, start: start, into: &frames)
                candidate = nil
            }
        } else if candidate != nil {
            // The run was interrupted (same stretch again, or unclassifiable): a frame that
            // cannot be classified extends the run, one of the open stretch ends it.
            if label == nil, let c = candidate, let t, let start = c.start, t - start < minSegmentSeconds {
                candidate?.frames.append(f)  // bounded: a run lasts at most minSegmentSeconds
            } else {
                flushCandidate(into: &frames)
                feed(f, into: &frames)
            }
        } else {
            feed(f, into: &frames)
        }
        return (frames, closed)
    }

    /// Ends the routine: the remaining frames and the last segment.
    public mutating func finish() -> (frames: [RoutineFrame], closed: [RoutineSegment]) {
        var frames: [RoutineFrame] = []
        flushCandidate(into: &frames)
        var closed: [RoutineSegment] = []
        if let o = open { closed.append(close(o)) }
        open = nil
        return (frames, closed)
    }

    private mutating func flushCandidate(into frames: inout [RoutineFrame]) {
        guard let c = candidate else { return }
        candidate = nil
        for f in c.frames { feed(f, into: &frames) }
    }

    /// A frame goes to the open segment, or is outside any segment.
    private mutating func feed(_ f: PoseFrame, into frames: inout [RoutineFrame]) {
        guard var o = open else {
            let r = EvaluationSession.score(f, spec: specs[0], front: nil, threeD: threeD, options: options)
            var outside = r
            outside.status = .notAssessable
            outside.score = nil
            for i in outside.checks.indices {
                outside.checks[i] = CheckResult(
                    check: outside.checks[i].check, required: outside.checks[i].required, value: nil, deviation: nil,
                    status: .notAssessable, reason: .degenerate("not part of a recognised stretch"), score: nil)
            }
            frames.append(RoutineFrame(segment: nil, stretch: nil, result: outside))
            return
        }
        let r = o.session.evaluate(f)
        o.endFrame = f.index
        if let t = r.time { o.end = t }
        open = o
        frames.append(RoutineFrame(segment: segments - 1, stretch: specs[o.spec], result: r))
    }

    private mutating func startSegment(
        _ spec: Int, _ first: [PoseFrame], start: Double, into frames: inout [RoutineFrame]
    ) {
        var vote = FrontSideVote(minConfidence: options.minConfidence, threeD: threeD)
        for f in first { vote.add(f) }
        let decision = vote.decision
        let session = EvaluationSession(spec: specs[spec], front: decision.side, threeD: threeD, options: options)
        let head = first.first
        open = Open(
            spec: spec, session: session, front: decision, startFrame: head?.index ?? 0, start: start,
            endFrame: head?.index ?? 0, end: start)
        segments += 1
        for f in first { feed(f, into: &frames) }
    }

    private func close(_ o: Open) -> RoutineSegment {
        RoutineSegment(
            stretch: specs[o.spec], front: o.front, startFrame: o.startFrame, endFrame: o.endFrame,
            start: o.start, end: o.end, summary: o.session.summary)
    }
}

extension Evaluator {
    /// The whole-recording API for routines: the same segmenter, fed every frame.
    public static func evaluateRoutine(
        _ recording: Recording, specs: [StretchSpec] = StretchSpec.builtins,
        options: EvaluationOptions = .init()
    ) -> (frames: [RoutineFrame], segments: [RoutineSegment]) {
        let options = options.completed(by: recording.info)
        var s = RoutineSegmenter(specs: specs, threeD: recording.info.space.isThreeDimensional, options: options)
        var frames: [RoutineFrame] = []
        var segments: [RoutineSegment] = []
        for f in recording.frames {
            let (fr, closed) = s.add(f)
            frames += fr
            segments += closed
        }
        let (fr, closed) = s.finish()
        return (frames + fr, segments + closed)
    }
}
