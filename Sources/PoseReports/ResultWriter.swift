// Renderers of evaluation results. Each streams: a header, one piece per frame, then the
// summary, so output never holds the whole recording.
import PoseScanning
import PoseModel

/// What a report needs to know besides the frames.
public struct ReportContext: Sendable {
    public var path: String
    public var info: RecordingInfo
    public var spec: StretchSpec
    public var front: FrontSideDecision
    /// Total frames in the input (known from the first pass).
    public var frameCount: Int
    public var includeFrames: Bool
    /// ANSI colour in text output.
    public var colour = false
    /// The front-side note shown (the decision's own, unless a caller adds a hint to it).
    public var frontNote: String?

    public init(path: String, info: RecordingInfo, spec: StretchSpec, front: FrontSideDecision, frameCount: Int, includeFrames: Bool) {
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

public protocol ResultWriter {
    mutating func begin(_ context: ReportContext) -> String
    /// One frame's result, with the frame's keypoints for writers that draw it.
    mutating func frame(_ result: FrameResult, pose: PoseFrame) -> String
    mutating func end(_ summary: RecordingSummary) -> String
    /// Takes frames collected elsewhere (one-pass grading of summary-only output) in place of
    /// `frame` calls; writers that print per-frame lines ignore it.
    mutating func adopt(_ collector: ReportCollector)
}

extension ResultWriter {
    public mutating func adopt(_ collector: ReportCollector) {}
}

public enum OutputFormat: String, Sendable, CaseIterable {
    case text, json, jsonl, csv, html
}

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
public enum ANSI {
    public static func paint(_ s: String, _ code: String, _ on: Bool) -> String { on ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }
    public static func verdict(_ v: Verdict, _ on: Bool) -> String {
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
    public init() {}
    public mutating func begin(_ c: ReportContext) -> String {
        context = c
        collector = ReportCollector(spec: c.spec)
        return ""
    }
    public mutating func frame(_ r: FrameResult, pose: PoseFrame) -> String {
        collector?.add(pose, r)
        return ""
    }
    public mutating func adopt(_ collector: ReportCollector) { self.collector = collector }
    public mutating func end(_ s: RecordingSummary) -> String {
        guard let c = context, let col = collector else { return "" }
        return HTMLReport.render(context: c, summary: s, collector: col)
    }
}
