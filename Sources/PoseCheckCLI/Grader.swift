// Grades one file for `check` and `grade`, streaming, in memory that does not grow with the file.
//
// Output with per-frame lines: two passes. The first validates the file, counts the frames and
// decides the front side; the second scores every frame and writes it, so a malformed file is
// reported before any output. Summary-only output (text without --frames, HTML reports, batch
// rows): one pass, which scores every frame for each front side the vote can pick and keeps the
// side it picks; once the vote clearly favours one side (`settleFrames`), the other is no longer
// scored, and in the rare case that the vote turns to it later the file is read again with the
// decided side. Nothing is written until the file has been read, so errors still come first.
import PoseFormats
import PoseModel
import PoseReports

enum Grader {
    struct Outcome {
        var context: ReportContext
        var summary: RecordingSummary
    }

    static func run(_ path: String, _ s: GradingSettings, includeFrames: Bool = false,
                    begin: (ReportContext) -> Void = { _ in }, frame: (PoseFrame, FrameResult) -> Void = { _, _ in }) throws(CommandFailure) -> Outcome {
        var source = try open(path, s)
        let threeD = source.info.space.isThreeDimensional
        var vote = FrontSideVote(minConfidence: s.evaluation.minConfidence, threeD: threeD)
        var count = 0
        try pass(&source, s) { f in
            count += 1
            vote.add(f)
        }
        let decision = s.front.fixed.map(FrontSideDecision.fixed) ?? vote.decision
        // The first pass has read the whole file: its info includes what only the end showed.
        let context = self.context(path, s, info: source.info, front: decision, frames: count, includeFrames: includeFrames)
        source = try open(path, s)
        var session = EvaluationSession(spec: s.spec, front: decision.side, threeD: threeD, options: evaluation(s, source))
        begin(context)
        try pass(&source, s) { f in frame(f, session.evaluate(f)) }
        return Outcome(context: context, summary: session.summary)
    }

    /// After this many frames showing both knees, a side the vote clearly disfavours (not
    /// ambiguous) is no longer scored.
    static let settleFrames = 30

    /// Summary-only grading in one pass (see the top of the file). The collector holds what a
    /// text summary or an HTML report draws.
    static func runOnce(_ path: String, _ s: GradingSettings) throws(CommandFailure) -> (Outcome, ReportCollector) {
        var source = try open(path, s)
        let threeD = source.info.space.isThreeDimensional
        let options = evaluation(s, source)
        var vote = FrontSideVote(minConfidence: s.evaluation.minConfidence, threeD: threeD)
        let sides: [Side] = s.front.fixed.map { [$0] } ?? [.left, .right]
        var sessions = sides.map { EvaluationSession(spec: s.spec, front: $0, threeD: threeD, options: options) }
        var collectors = sides.map { _ in ReportCollector(spec: s.spec) }
        var scored = sides.map { _ in true }
        var settled = sides.count == 1
        var count = 0
        try pass(&source, s) { f in
            count += 1
            // One geometry for the vote and both sides: the knees, the view, mid-hip and
            // mid-shoulder are measured once.
            let g = FrameGeometry(frame: f, minConfidence: options.minConfidence, threeD: threeD)
            vote.add(g)
            if !settled {
                let d = vote.decision
                if d.framesUsed >= settleFrames, !d.ambiguous, let side = d.side {
                    scored[side == .left ? 1 : 0] = false
                    settled = true
                }
            }
            for k in sessions.indices where scored[k] { collectors[k].add(f, sessions[k].evaluate(g)) }
        }
        let decision = s.front.fixed.map(FrontSideDecision.fixed) ?? vote.decision
        if let chosen = sides.firstIndex(where: { $0 == decision.side }), scored[chosen] {
            let context = self.context(path, s, info: source.info, front: decision, frames: count, includeFrames: false)
            return (Outcome(context: context, summary: sessions[chosen].summary), collectors[chosen])
        }
        // No side could be decided (no frame showed both knees), or the vote turned to a side
        // it had stopped scoring: score again with the decision, as the two-pass path does.
        source = try open(path, s)
        var session = EvaluationSession(spec: s.spec, front: decision.side, threeD: threeD, options: options)
        var collector = ReportCollector(spec: s.spec)
        try pass(&source, s) { f in collector.add(f, session.evaluate(f)) }
        let context = self.context(path, s, info: source.info, front: decision, frames: count, includeFrames: false)
        return (Outcome(context: context, summary: session.summary), collector)
    }

    static func open(_ path: String, _ s: GradingSettings) throws(CommandFailure) -> any PoseFrameSource {
        do throws(InputOrFormatError) { return try PoseReader.open(path: path, options: s.read) } catch { throw CommandFailure(error) }
    }

    static func pass(_ source: inout any PoseFrameSource, _ s: GradingSettings, _ body: (PoseFrame) -> Void) throws(CommandFailure) {
        do throws(FormatError) { try smoothed(&source, s, body) } catch { throw .format(error) }
    }

    /// The evaluation options, with the frame rate the file gives when none was set.
    static func evaluation(_ s: GradingSettings, _ source: any PoseFrameSource) -> EvaluationOptions {
        s.evaluation.completed(by: source.info)
    }

    /// The recording's info with the smoothing noted (angle exports are not smoothed).
    static func noted(_ info: RecordingInfo, _ s: GradingSettings) -> RecordingInfo {
        var info = info
        if s.smoothing != .none && info.space != .jointAngles {
            info.notes.append("keypoints smoothed with \(s.smoothing) (--smooth none to turn off)")
        }
        return info
    }

    /// The report context once the file has been read (its final info).
    static func context(_ path: String, _ s: GradingSettings, info: RecordingInfo, front: FrontSideDecision,
                        frames: Int, includeFrames: Bool) -> ReportContext {
        ReportContext(path: path, info: noted(info, s), spec: s.spec, front: front, frameCount: frames, includeFrames: includeFrames)
    }

    /// Every frame of the source, smoothed as the settings say, in order.
    /// With `readAhead`, the source is read on a second thread, so reading overlaps with the
    /// smoothing and scoring here; `source.info` is the final one afterwards either way.
    static func smoothed(_ source: inout any PoseFrameSource, _ s: GradingSettings, _ body: (PoseFrame) -> Void) throws(FormatError) {
        var smoother = FrameSmoother(method: s.smoothing, frameRate: s.evaluation.frameRate ?? source.info.frameRate)
        if s.readAhead { source = ReadAhead(source) }
        while let f = try source.nextFrame() {
            smoother.push(f, emit: body)
        }
        for g in smoother.finish() { body(g) }
    }

    /// A batch row for a file: its result, or its error with the location. With `report`, the
    /// file's HTML report is written there too.
    static func row(_ path: String, _ s: GradingSettings, report: String? = nil) -> GradeRow {
        do throws(CommandFailure) {
            let (o, collector) = try runOnce(path, s)
            if let report {
                var html = HTMLWriter()
                _ = html.begin(o.context)
                html.adopt(collector)
                do throws(InputError) { try writeFile(report, html.end(o.summary)) } catch { throw CommandFailure.input(error) }
            }
            return GradeRow(path: path, spec: s.spec, format: o.context.info.format, front: o.context.front, summary: o.summary)
        } catch {
            return failureRow(path, s.spec.id, error)
        }
    }

    /// The error row of a file that could not be graded.
    static func failureRow(_ path: String, _ stretch: String, _ error: CommandFailure) -> GradeRow {
        switch error {
        case .input(let e):
            return GradeRow(path: path, stretch: stretch,
                            failure: .init(code: "unreadable", message: e.message, line: nil, column: nil, exitCode: ExitCode.noInput))
        case .format(let e):
            let prefix = e.kind == .invalidJSON ? "invalid JSON: " : e.kind == .invalidCSV ? "invalid CSV: " : ""
            return GradeRow(path: path, stretch: stretch,
                            failure: .init(code: e.code, message: prefix + e.message, line: e.location?.line, column: e.location?.column,
                                           exitCode: ExitCode.dataError))
        case .usage(let u):
            return GradeRow(path: path, stretch: stretch,
                            failure: .init(code: "usage", message: u.message, line: nil, column: nil, exitCode: ExitCode.usage))
        }
    }
}
