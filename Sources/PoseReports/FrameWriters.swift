import PoseModel
// Per-frame machine outputs of `check`: JSON Lines (one object per frame, the same objects as
// in the JSON report) and CSV (one row per frame, each check's value, deviation and status).
import PoseScanning

/// JSON Lines: one JSON object per frame, the same objects as in the JSON report's `frames`
/// array; no header and no summary.
public struct JSONLinesWriter: ResultWriter {
    private var spec: StretchSpec?
    private var hints = ReportHints()
    /// A writer with nothing written yet.
    public init() {}
    /// Remembers the stretch and the hints; writes nothing (JSON Lines has no header).
    public mutating func begin(_ c: ReportContext) -> String {
        spec = c.spec
        hints = c.hints
        return ""
    }
    /// The frame's object on one line.
    public mutating func frame(_ r: FrameResult, pose: PoseFrame) -> String {
        var w = JSONWriter()
        JSONResultWriter.writeFrame(r, spec: spec, hints: hints, to: &w)
        return w.output + "\n"
    }
    /// Nothing: JSON Lines has no summary line.
    public mutating func end(_ summary: RecordingSummary) -> String { "" }
}

/// CSV: a header, then one row per frame with its index, time, status, score and view, and
/// each check's value, deviation and status. A missing value is an empty cell, never `nan`.
public struct CSVFrameWriter: ResultWriter {
    /// A writer with nothing written yet.
    public init() {}

    /// The header line: `index,time,status,score,view`, then `<check>_value`, `<check>_deviation`
    /// and `<check>_status` for each check of the stretch.
    public mutating func begin(_ c: ReportContext) -> String {
        var header = ["index", "time", "status", "score", "view"]
        for check in c.spec.checks {
            header += ["value", "deviation", "status"].map { "\(check.id.rawValue)_\($0)" }
        }
        return header.joined(separator: ",") + "\n"
    }

    /// The frame's row, in the header's column order.
    public mutating func frame(_ r: FrameResult, pose: PoseFrame) -> String {
        var row = [String(r.index), Self.number(r.time), r.status.rawValue, Self.number(r.score), r.view.name]
        for c in r.checks { row += [Self.number(c.value), Self.number(c.deviation), c.status.rawValue] }
        return row.joined(separator: ",") + "\n"
    }

    /// Nothing: the CSV has no summary row.
    public mutating func end(_ summary: RecordingSummary) -> String { "" }

    /// Empty for a missing value; never `nan`.
    static func number(_ d: Double?) -> String {
        guard let d, d.isFinite else { return "" }
        return JSONWriter.format(d)
    }

    /// A CSV field, quoted when it holds a delimiter, quote or line break.
    package static func field(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        var out = "\""
        for ch in s { out += ch == "\"" ? "\"\"" : String(ch) }
        return out + "\""
    }
}
