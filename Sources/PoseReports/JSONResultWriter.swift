import PoseModel
// The JSON report (schema version 1; PoseCheck docs, "Outputs"). Keys are stable; frames
// stream before the summary.
import PoseScanning

/// The JSON report: one document (schema version 1, described in the README) with the input,
/// the front-side decision, the frames when `ReportContext.includeFrames` is set, and the summary.
public struct JSONResultWriter: ResultWriter {
    private var w = JSONWriter()
    private var context: ReportContext?
    /// A writer with nothing written yet.
    public init() {}

    /// The document's opening: schema version, input, stretch, front-side decision and notes, up
    /// to the opening of the `frames` array.
    public mutating func begin(_ c: ReportContext) -> String {
        context = c
        w.beginObject()
        w.field("schemaVersion", 1)
        Self.writeInput(path: c.path, info: c.info, frames: c.frameCount, hints: c.hints, to: &w)
        w.field("stretch", c.spec.id)
        w.field("frontSide", c.front.side?.rawValue)
        w.key("frontSideDecision")
        w.beginObject()
        w.field("method", c.front.method)
        w.field("ambiguous", c.front.ambiguous)
        w.field("meanKneeDifference", c.front.meanKneeDifference)
        w.field("framesUsed", c.front.framesUsed)
        w.field("note", c.frontNote)
        w.endObject()
        w.key("notes")
        w.beginArray()
        for n in c.notes { w.string(n) }
        w.endArray()
        w.key("frames")
        w.beginArray()
        return w.flush()
    }

    /// The `"input"` member: what was read and how.
    package static func writeInput(
        path: String, info: RecordingInfo, frames: Int?, hints: ReportHints, to w: inout JSONWriter
    ) {
        w.key("input")
        w.beginObject()
        w.field("path", path)
        w.field("format", info.format)
        if let frames { w.field("frames", frames) }
        w.field("coordinates", info.space.summary(imageSizeOption: hints.imageSizeOption))
        w.field("frameRate", info.frameRate)
        w.field("timeSource", info.timeSource)
        w.endObject()
    }

    /// The frame's object in the `frames` array; nothing when the context excludes frames.
    public mutating func frame(_ r: FrameResult, pose: PoseFrame) -> String {
        guard context?.includeFrames ?? true else { return "" }
        Self.writeFrame(r, spec: context?.spec, hints: context?.hints ?? ReportHints(), to: &w)
        return w.flush()
    }

    /// One frame's object (shared with the JSON Lines writer).
    package static func writeFrame(
        _ r: FrameResult, spec: StretchSpec?, segment: Int? = nil, hints: ReportHints,
        to w: inout JSONWriter
    ) {
        w.beginObject()
        w.field("index", r.index)
        if let segment {
            w.field("segment", segment)
            w.field("stretch", spec?.id)
        }
        w.field("time", r.time)
        w.field("status", r.status.rawValue)
        w.field("score", r.score)
        w.field("view", r.view.name)
        w.field("hipWidthRatio", r.view.hipWidthRatio)
        w.key("checks")
        w.beginArray()
        for (i, c) in r.checks.enumerated() {
            w.beginObject()
            w.field("check", c.check.rawValue)
            w.field("value", c.value)
            if let range = c.range {
                w.key("range")
                w.beginArray()
                w.number(range.lowerBound)
                w.number(range.upperBound)
                w.endArray()
            } else {
                w.key("range")
                w.null()
            }
            w.field("deviation", c.deviation)
            w.field("status", c.status.rawValue)
            w.field("reason", c.reason.map(hints.reason))
            w.field("reasonCode", c.reason?.code)
            w.field("score", c.score)
            w.field("required", c.required)
            if let band = spec?.checks[i].band { w.field("advice", c.advice(band: band)) }
            w.endObject()
        }
        w.endArray()
        Self.write(r.issues, to: &w)
        w.endObject()
    }

    /// A frame's flags as the member `issues`: code, message and joints each.
    package static func write(_ issues: [FrameIssue], to w: inout JSONWriter) {
        w.key("issues")
        w.beginArray()
        for issue in issues {
            w.beginObject()
            w.field("code", issue.code)
            w.field("message", issue.message)
            if !issue.joints.isEmpty {
                w.key("joints")
                w.beginArray()
                for j in issue.joints { w.string(j.snakeName) }
                w.endArray()
            }
            w.endObject()
        }
        w.endArray()
    }

    /// The rest of the document: the `frames` array's end, the summary, and a final newline.
    public mutating func end(_ s: RecordingSummary) -> String {
        w.endArray()
        w.key("summary")
        Self.writeSummary(s, spec: context?.spec, to: &w)
        w.endObject()
        return w.flush() + "\n"
    }

    package static func writeSummary(_ s: RecordingSummary, spec: StretchSpec?, to w: inout JSONWriter) {
        w.beginObject()
        w.field("frames", s.frames)
        w.field("inForm", s.inForm)
        w.field("deviating", s.deviating)
        w.field("notAssessable", s.notAssessable)
        w.field("meanScore", s.meanScore)
        w.field("longestHoldSeconds", s.longestHoldSeconds)
        w.key("longestHold")
        if let h = s.longestHold {
            w.beginObject()
            w.field("startFrame", h.startFrame)
            w.field("endFrame", h.endFrame)
            w.field("startTime", h.startTime)
            w.field("seconds", h.seconds)
            w.endObject()
        } else {
            w.null()
        }
        w.field("requiredHoldSeconds", s.requiredHoldSeconds)
        w.field("timeKnown", s.timeKnown)
        w.field("untrustedTimes", s.untrustedTimes)
        w.field("timeGaps", s.timeGaps)
        w.field("verdict", s.verdict.rawValue)
        w.field("verdictReason", s.verdictReason)
        w.key("checks")
        w.beginArray()
        for c in s.checks {
            w.beginObject()
            w.field("check", c.check.rawValue)
            w.field("required", c.required)
            w.field("passed", c.passed)
            w.field("failed", c.failed)
            w.field("notAssessable", c.notAssessable)
            w.field("median", c.median)
            w.field("worstDeviation", c.worstDeviation)
            w.field("worstFrame", c.worstFrame)
            w.field("commonReason", c.commonReason)
            w.endObject()
        }
        w.endArray()
        w.key("topDeviations")
        w.beginArray()
        for c in s.topDeviations {
            w.beginObject()
            w.field("check", c.check.rawValue)
            w.field("failed", c.failed)
            if let band = spec?.check(c.check)?.band { w.field("advice", c.advice(band: band)) }
            w.endObject()
        }
        w.endArray()
        w.endObject()
    }
}
