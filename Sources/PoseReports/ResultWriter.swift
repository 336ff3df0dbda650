import PoseModel
// Renderers of evaluation results. Each streams: a header, one piece per frame, then the
// summary, so output never holds the whole recording.
import PoseScanning

/// What a report needs to know besides the frames.
public struct ReportContext: Sendable {
    /// The recording's path as given (`-` for standard input), shown in reports.
    public var path: String
    /// How the recording was read: format, coordinates, frame rate and notes.
    public var info: RecordingInfo
    /// The stretch graded.
    public var spec: StretchSpec
    /// How the front side was decided.
    public var front: FrontSideDecision
    /// Total frames in the input (known from the first pass).
    public var frameCount: Int
    /// True to include every frame (per-frame lines in text, the `frames` array in JSON); false
    /// for the summary alone. JSON Lines and CSV write every frame either way.
    public var includeFrames: Bool
    /// ANSI colour in text output.
    public var colour = false
    /// The front-side note shown (the decision's own, unless a caller adds a hint to it).
    public var frontNote: String?
    /// How the front end names what a person can pass; none by default, so the library's text
    /// names no option.
    public var hints = ReportHints()

    /// A context whose front-side note is the decision's own; colour is off.
    public init(
        path: String, info: RecordingInfo, spec: StretchSpec, front: FrontSideDecision, frameCount: Int,
        includeFrames: Bool
    ) {
        self.path = path
        self.info = info
        self.spec = spec
        self.front = front
        self.frameCount = frameCount
        self.includeFrames = includeFrames
        self.frontNote = front.note
    }

    /// Notes for the reader of the report: how the file was read and how the front was chosen.
    public var notes: [String] {
        info.notes
    }
}

/// What a front end adds to a report's text so that a person knows what to pass: the library's
/// own text names no option (a command line sets these to its flags). Every hint is optional.
public struct ReportHints: Sendable, Hashable {
    /// Where a front side given by the caller came from, shown after it: "given" by default, a
    /// command line's "from --front".
    public var frontSideSource: String
    /// Added when the frame times are unknown, to say how to give a frame rate ("pass --fps N");
    /// `nil` adds nothing.
    public var frameRate: String?
    /// Added to a check's reason when the front side is unknown, to say how to set it ("pass
    /// --front left|right"); `nil` adds nothing.
    public var frontSide: String?
    /// How the image-size option is spelled, named when the image size came from it
    /// ("--image-size"); `nil` says "an option".
    public var imageSizeOption: String?
    /// Added when frames show several people, to say how to choose who is graded ("--person
    /// chooses who is graded"); `nil` adds nothing.
    public var person: String?

    /// Hints; with no arguments, none (the library's own text).
    public init(
        frontSideSource: String = "given", frameRate: String? = nil, frontSide: String? = nil,
        imageSizeOption: String? = nil, person: String? = nil
    ) {
        self.frontSideSource = frontSideSource
        self.frameRate = frameRate
        self.frontSide = frontSide
        self.imageSizeOption = imageSizeOption
        self.person = person
    }

    /// The reason in words, with the front-side hint when the reason is that the side is unknown.
    public func reason(_ u: Unassessable) -> String {
        guard u == .frontSideUnknown, let hint = frontSide else { return u.description }
        return "\(u.description): \(hint)"
    }
}

/// A renderer of one recording's results that streams: `begin`, then `frame` for every frame in
/// input order (or one `adopt`), then `end`. Each call returns the text to write next, so output
/// never holds the whole recording.
public protocol ResultWriter {
    /// The text before the first frame (a header, a CSV header line, or nothing).
    mutating func begin(_ context: ReportContext) -> String
    /// One frame's result, with the frame's keypoints for writers that draw it.
    mutating func frame(_ result: FrameResult, pose: PoseFrame) -> String
    /// The text after the last frame: the summary, or the rest of the document.
    mutating func end(_ summary: RecordingSummary) -> String
    /// Takes frames collected elsewhere (one-pass grading of summary-only output) in place of
    /// `frame` calls; writers that print per-frame lines ignore it.
    mutating func adopt(_ collector: ReportCollector)
}

extension ResultWriter {
    /// Ignores the collector: for writers that only print per-frame lines.
    public mutating func adopt(_ collector: ReportCollector) {}
}

/// The output formats of a single recording's report: `text` (a summary people read), `json`
/// (one document, schema version 1), `jsonl` (one JSON object per frame), `csv` (one row per
/// frame) and `html` (the visual report).
public enum OutputFormat: String, Sendable, CaseIterable {
    case text, json, jsonl, csv, html
}

/// A new writer for `format`.
public func makeWriter(_ format: OutputFormat) -> any ResultWriter {
    switch format {
    case .text: return TextWriter()
    case .json: return JSONResultWriter()
    case .jsonl: return JSONLinesWriter()
    case .csv: return CSVFrameWriter()
    case .html: return HTMLWriter()
    }
}

/// ANSI colours for terminals, used only when asked (`--color`, `NO_COLOR`).
package enum ANSI {
    package static func paint(_ s: String, _ code: String, _ on: Bool) -> String {
        on ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s
    }
    package static func verdict(_ v: Verdict, _ on: Bool) -> String {
        switch v {
        case .pass: return paint("PASS", "1;32", on)
        case .fail: return paint("FAIL", "1;31", on)
        case .notAssessable: return paint("NOT ASSESSABLE", "1;33", on)
        }
    }
}

/// The visual report as a writer: collects while frames stream, renders at the end.
public struct HTMLWriter: ResultWriter {
    private var context: ReportContext?
    private var collector: ReportCollector?
    /// A writer that renders nothing until `end`.
    public init() {}
    /// Starts collecting; returns nothing (the page is written at the end).
    public mutating func begin(_ c: ReportContext) -> String {
        context = c
        collector = ReportCollector(spec: c.spec)
        return ""
    }
    /// Collects the frame for the timeline and the best and worst frames; returns nothing.
    public mutating func frame(_ r: FrameResult, pose: PoseFrame) -> String {
        collector?.add(pose, r)
        return ""
    }
    /// Renders `collector`'s frames in place of collecting them frame by frame.
    public mutating func adopt(_ collector: ReportCollector) { self.collector = collector }
    /// The whole HTML page; empty when `begin` was never called.
    public mutating func end(_ s: RecordingSummary) -> String {
        guard let c = context, let col = collector else { return "" }
        return HTMLReport.render(context: c, summary: s, collector: col)
    }
}
