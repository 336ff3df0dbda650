// `posecheck check FILE --stretch auto`: segment a recorded routine and grade each stretch.
import PoseFormats
import PoseModel
import PoseReports

enum RoutineCheck {
    static func run(_ path: String, _ s: GradingSettings, _ output: OutputSettings, console: Console) throws(CommandFailure) -> Int32 {
        guard output.format == .text || output.format == .json else {
            throw .usage(UsageError(message: "'--stretch auto' writes text or json; '--output \(output.format.rawValue)' needs one stretch."))
        }
        let input: ByteInput
        do { input = try ByteInput.open(path: path) } catch { throw .input(error) }
        let (out, close) = try PoseCheckCommand.target(output, console)
        defer { close() }
        var frames: [RoutineFrame] = []  // text output only; JSON streams them
        var segments: [RoutineSegment] = []
        var w = JSONWriter()
        var info: RecordingInfo
        do {
            var source = try PoseReader.open(input, path: path, options: s.read)
            info = source.info
            var evaluation = s.evaluation
            if evaluation.frameRate == nil { evaluation.frameRate = info.frameRate }
            var segmenter = RoutineSegmenter(threeD: info.space.isThreeDimensional, options: evaluation)
            if s.smoothing != .none { info.notes.append("keypoints smoothed with \(s.smoothing) (--smooth none to turn off)") }
            if output.format == .json {
                w.beginObject()
                w.field("schemaVersion", 1)
                JSONResultWriter.writeInput(path: path, info: info, frames: nil, to: &w)
                w.field("stretch", "auto")
                w.key("notes")
                w.beginArray()
                for n in info.notes { w.string(n) }
                w.endArray()
                w.key("frames")
                w.beginArray()
                out.out(w.flush())
            }
            func emit(_ fr: [RoutineFrame], _ closed: [RoutineSegment]) {
                segments += closed
                if output.format == .json {
                    for f in fr { JSONResultWriter.writeFrame(f.result, spec: f.stretch, segment: f.segment, to: &w) }
                    out.out(w.flush())
                } else {
                    frames += fr
                }
            }
            try Grader.smoothed(&source, s) { f in
                let (fr, closed) = segmenter.add(f)
                emit(fr, closed)
            }
            let (fr, closed) = segmenter.finish()
            emit(fr, closed)
        } catch {
            throw .format(error)
        }
        let passed = !segments.isEmpty && segments.allSatisfy { $0.summary.verdict == .pass }
        if output.format == .json {
            w.endArray()
            w.key("segments")
            w.beginArray()
            for seg in segments {
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
            var text = "\(segments.isEmpty ? "NOT ASSESSABLE" : passed ? "PASS" : "FAIL")  routine (--stretch auto)  \(path)\n"
            if segments.isEmpty { text += "  no stretch of the routine was recognised\n" }
            let outside = frames.filter { $0.segment == nil }.count
            for seg in segments {
                let span = "\(seg.start.map { formatNumber($0, digits: 1) } ?? "?")–\(seg.end.map { formatNumber($0, digits: 1) } ?? "?") s"
                let hold = seg.summary.longestHoldSeconds.map { formatNumber($0, digits: 1) + " s" } ?? "unknown"
                text += "  \(ANSI.verdict(seg.summary.verdict, colour))  \(seg.stretch.id)  \(span)  front \(seg.front.side?.rawValue ?? "unknown")  hold \(hold) of \(formatNumber(seg.stretch.holdSeconds, digits: 0)) s"
                text += seg.summary.meanScore.map { "  score \(formatNumber($0, digits: 0))\n" } ?? "\n"
                if let top = seg.summary.topDeviations.first, let band = seg.stretch.check(top.check)?.band {
                    text += "      to fix: \(top.advice(band: band))\n"
                }
            }
            text += "  frames: \(frames.count) total, \(outside) outside any recognised stretch\n"
            if !info.notes.isEmpty {
                text += "  notes:\n"
                for n in info.notes { text += "    - \(n)\n" }
            }
            out.out(text)
        }
        return passed ? ExitCode.pass : ExitCode.notPassed
    }
}
