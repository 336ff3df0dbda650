// `--stretch auto`: segment a recorded routine and grade each stretch (check and grade).
import PoseFormats
import PoseGrading
import PoseModel
import PoseReports
import PoseScanning

extension Grader {
    /// Why a recorded routine has no verdict for any stretch.
    static let noStretchRecognised = "no stretch of the routine was recognised"

    /// Streams a routine (see `Grading.gradeRoutine`).
    static func routine(
        _ path: String, _ s: GradingSettings, begin: (RecordingInfo) -> Void = { _ in },
        frames emit: ([RoutineFrame]) -> Void = { _ in }
    ) throws(CommandFailure) -> GradedRoutine {
        do throws(GradingError) {
            var graded = try Grading.gradeRoutine(
                path: path, options: s.options, begin: { info in begin(info.withCommandLineHints) }, frames: emit)
            graded.info = graded.info.withCommandLineHints
            graded.segments = graded.segments.map { $0.withCommandLineHints(graded.info) }
            return graded
        } catch {
            throw CommandFailure(error)
        }
    }

    /// A batch row for a routine: passes when every recognised stretch passes.
    static func routineRow(_ path: String, _ s: GradingSettings) -> GradeRow {
        do throws(CommandFailure) {
            let o = try routine(path, s)
            let verdict: Verdict = o.segments.isEmpty ? .notAssessable : o.passed ? .pass : .fail
            let firstBad = o.segments.first { $0.summary.verdict != .pass }
            var advice = firstBad.map { "\($0.stretch.id): \($0.summary.verdictReason)" }
            if let b = firstBad, let top = b.summary.topDeviations.first, let band = b.stretch.check(top.check)?.band {
                advice = (advice ?? "") + "; " + top.advice(band: band)
            }
            if o.segments.isEmpty { advice = Grader.noStretchRecognised }
            return GradeRow(
                path: path, stretch: "auto", format: o.info.format, frontSide: o.segments.first?.front.side?.rawValue,
                frames: o.frames, inForm: o.inForm, deviating: o.deviating,
                notAssessable: o.frames - o.inForm - o.deviating,
                meanScore: o.meanScore, longestHoldSeconds: nil, verdict: verdict,
                topDeviation: firstBad?.stretch.id, advice: advice)
        } catch {
            return failureRow(path, "auto", error)
        }
    }
}

enum RoutineCheck {
    static func run(_ path: String, _ s: GradingSettings, _ output: OutputSettings, console: Console)
        throws(CommandFailure) -> Int32
    {
        guard output.format == .text || output.format == .json else {
            throw .usage(
                UsageError(
                    message:
                        "'--stretch auto' writes text or json; '--output \(output.format.rawValue)' needs one stretch.")
            )
        }
        let (out, close) = try PoseCheckCommand.target(output, console)
        defer { close() }
        var w = JSONWriter()
        let json = output.format == .json
        let o = try Grader.routine(
            path, s,
            begin: { info in
                guard json else { return }
                w.beginObject()
                w.field("schemaVersion", 1)
                JSONResultWriter.writeInput(path: path, info: info, frames: nil, hints: .commandLine(for: info), to: &w)
                w.field("stretch", "auto")
                w.key("notes")
                w.beginArray()
                for n in info.notes { w.string(n) }
                w.endArray()
                w.key("frames")
                w.beginArray()
                out.out(w.flush())
            },
            frames: { fr in
                guard json else { return }
                for f in fr {
                    JSONResultWriter.writeFrame(
                        f.result, spec: f.stretch, segment: f.segment, hints: .commandLine, to: &w)
                }
                out.out(w.flush())
            })
        if json {
            w.endArray()
            w.key("segments")
            w.beginArray()
            for seg in o.segments {
                w.beginObject()
                w.field("stretch", seg.stretch.id)
                w.field("start", seg.start)
                w.field("end", seg.end)
                w.field("startFrame", seg.startFrame)
                w.field("endFrame", seg.endFrame)
                w.field("frontSide", seg.front.side?.rawValue)
                w.field("longestHoldSeconds", seg.summary.longestHoldSeconds)
                w.field("verdict", seg.summary.verdict.rawValue)
                w.key("summary")
                JSONResultWriter.writeSummary(seg.summary, spec: seg.stretch, to: &w)
                w.endObject()
            }
            w.endArray()
            w.endObject()
            out.out(w.flush() + "\n")
        } else {
            let colour = output.useColour(console: console)
            let word = o.segments.isEmpty ? "NOT ASSESSABLE" : o.passed ? "PASS" : "FAIL"
            var text = "\(word)  routine (--stretch auto)  \(path)\n"
            if o.segments.isEmpty { text += "  \(Grader.noStretchRecognised)\n" }
            for seg in o.segments {
                let span =
                    "\(seg.start.map { formatNumber($0, digits: 1) } ?? "?")–\(seg.end.map { formatNumber($0, digits: 1) } ?? "?") s"
                let hold = seg.summary.longestHoldSeconds.map { formatNumber($0, digits: 1) + " s" } ?? "unknown"
                text +=
                    "  \(ANSI.verdict(seg.summary.verdict, colour))  \(seg.stretch.id)  \(span)  front \(seg.front.side?.rawValue ?? "unknown")  hold \(hold) of \(formatNumber(seg.stretch.holdSeconds, digits: 0)) s"
                text += seg.summary.meanScore.map { "  score \(formatNumber($0, digits: 0))\n" } ?? "\n"
                if let top = seg.summary.topDeviations.first, let band = seg.stretch.check(top.check)?.band {
                    text += "      to fix: \(top.advice(band: band))\n"
                }
            }
            text += "  frames: \(o.frames) total, \(o.outside) outside any recognised stretch\n"
            if !o.info.notes.isEmpty {
                text += "  notes:\n"
                for n in o.info.notes { text += "    - \(n)\n" }
            }
            out.out(text)
        }
        return o.passed ? ExitCode.pass : ExitCode.notPassed
    }
}
