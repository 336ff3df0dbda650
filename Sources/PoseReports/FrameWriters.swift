// Per-frame machine outputs of `check`: JSON Lines (one object per frame, the same objects as
// in the JSON report) and CSV (one row per frame, each check's value, deviation and status).
import PoseScanning
import PoseModel

public struct JSONLinesWriter: ResultWriter {
    private var spec: StretchSpec?
    public init() {}
    public mutating func begin(_ c: ReportContext) -> String {
        spec = c.spec
        return ""
    }
    public mutating func frame(_ r: FrameResult, pose: PoseFrame) -> String {
        var w = JSONWriter()
        JSONResultWriter.writeFrame(r, spec: spec, to: &w)
        return w.output + "\n"
    }
    public mutating func end(_ summary: RecordingSummary) -> String { "" }
}

public struct CSVFrameWriter: ResultWriter {
    public init() {}

    public mutating func begin(_ c: ReportContext) -> String {
        var header = ["index", "time", "status", "score", "view"]
        for check in c.spec.checks {
            header += ["value", "deviation", "status"].map { "\(check.id.rawValue)_\($0)" }
        }
        return header.joined(separator: ",") + "\n"
    }

    public mutating func frame(_ r: FrameResult, pose: PoseFrame) -> String {
        var row = [String(r.index), Self.number(r.time), r.status.rawValue, Self.number(r.score), r.view.name]
        for c in r.checks { row += [Self.number(c.value), Self.number(c.deviation), c.status.rawValue] }
        return row.joined(separator: ",") + "\n"
    }

    public mutating func end(_ summary: RecordingSummary) -> String { "" }

    /// Empty for a missing value; never `nan`.
    static func number(_ d: Double?) -> String {
        guard let d, d.isFinite else { return "" }
        return JSONWriter.format(d)
    }

    /// A CSV field, quoted when it holds a delimiter, quote or line break.
    public static func field(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        var out = "\""
        for ch in s { out += ch == "\"" ? "\"\"" : String(ch) }
        return out + "\""
    }
}
