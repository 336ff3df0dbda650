// `--stretch auto`: segment a recorded routine and grade each stretch found.
import PoseFormats
import PoseModel

/// A graded routine: the stretches found, each with its summary, and frame counts.
public struct GradedRoutine: Sendable {
    /// What the reader found, with a note when keypoints were smoothed.
    public var info: RecordingInfo
    /// The stretches recognised, in order.
    public var segments: [RoutineSegment] = []
    /// Frames in the recording.
    public var frames = 0
    /// Frames outside any recognised stretch.
    public var outside = 0
    /// Frames in form, and deviating, whatever their stretch.
    public var inForm = 0, deviating = 0
    /// The sum and count of frame scores, for the mean.
    public var scoreSum = 0.0, scored = 0
    /// True when at least one stretch was recognised and every one passed.
    public var passed: Bool { !segments.isEmpty && segments.allSatisfy { $0.summary.verdict == .pass } }
    /// The mean frame score, or nil when no frame was scored.
    public var meanScore: Double? { scored > 0 ? scoreSum / Double(scored) : nil }
}

extension Grading {
    /// Streams a routine through the segmenter (one pass). `begin` receives the info before any
    /// frame; `frames` receives every frame's result in order, in batches as the segmenter
    /// releases them.
    public static func gradeRoutine(
        path: String, options: GradingOptions,
        begin: (RecordingInfo) -> Void = { _ in },
        frames emit: ([RoutineFrame]) -> Void = { _ in }
    ) throws(GradingError) -> GradedRoutine {
        var routineOptions = options
        routineOptions.routine = true
        let o = routineOptions.resolved
        var source = try open(try Input(path), o)
        let info = noted(source.info, o)
        var segmenter = RoutineSegmenter(
            threeD: info.space.isThreeDimensional, options: o.evaluation.completed(by: source.info))
        begin(info)
        var graded = GradedRoutine(info: info)
        func take(_ released: [RoutineFrame], _ closed: [RoutineSegment]) {
            graded.segments += closed
            for f in released {
                graded.frames += 1
                if f.segment == nil { graded.outside += 1 }
                if f.result.status == .inForm { graded.inForm += 1 }
                if f.result.status == .deviating { graded.deviating += 1 }
                if let score = f.result.score {
                    graded.scoreSum += score
                    graded.scored += 1
                }
            }
            if !released.isEmpty { emit(released) }
        }
        try smoothedFrames(&source, o) { f in
            let (released, closed) = segmenter.add(f)
            take(released, closed)
        }
        let (released, closed) = segmenter.finish()
        take(released, closed)
        return graded
    }
}
