import PoseModel
// One row per recording for batch grading (`posecheck grade`), its outputs, and the totals.
// JSON Lines rows read back (`GradeRow.decode`) so shards can be merged into one run's totals.
import PoseScanning

/// A recording's result, or why it could not be read.
public struct GradeRow: Sendable, Equatable {
    /// Why a recording could not be graded: the error as the single-file command reports it.
    public struct Failure: Sendable, Equatable {
        /// The error's stable code (`invalid_json`, `file_not_found`, …).
        public var code: String
        /// The error's message, in words a person reads.
        public var message: String
        /// The 1-based input line of the error, when it has one.
        public var line: Int?
        /// The 1-based column of the error, when it has one.
        public var column: Int?
        /// 65 malformed input, 66 missing or unreadable input.
        public var exitCode: Int32
        /// A failure from its code, message, location and the exit code it calls for.
        public init(code: String, message: String, line: Int?, column: Int?, exitCode: Int32) {
            self.code = code
            self.message = message
            self.line = line
            self.column = column
            self.exitCode = exitCode
        }
    }

    /// The recording's path as given.
    public var path: String
    /// The id of the stretch graded.
    public var stretch: String
    /// The format id the recording was read as; `nil` when it could not be read.
    public var format: String?
    /// `left` or `right`; `nil` when undecided or unread.
    public var frontSide: String?
    /// Frames seen (0 when unread).
    public var frames: Int
    /// Frames in form.
    public var inForm: Int
    /// Frames deviating.
    public var deviating: Int
    /// Frames not assessable.
    public var notAssessable: Int
    /// The mean frame score (0–100); `nil` when no frame has one.
    public var meanScore: Double?
    /// The longest hold in seconds; `nil` when frame times are unknown.
    public var longestHoldSeconds: Double?
    /// The verdict; `nil` when the recording could not be read (then `failure` says why).
    public var verdict: Verdict?
    /// The id of the check to fix first (most failing frames, required first; no advisory check
    /// when the recording could not be graded); `nil` when none fails.
    public var topDeviation: String?
    /// Advice for `topDeviation` in words ("Front knee bend: 12 of 30 measured frames outside
    /// 90 ± 15° (median 68°): bend the front knee more").
    public var advice: String?
    /// Why the recording could not be read; `nil` when it was graded.
    public var failure: Failure?

    /// A row from its fields; every count defaults to 0 and every optional field to `nil`.
    public init(
        path: String, stretch: String, format: String? = nil, frontSide: String? = nil, frames: Int = 0,
        inForm: Int = 0, deviating: Int = 0, notAssessable: Int = 0, meanScore: Double? = nil,
        longestHoldSeconds: Double? = nil, verdict: Verdict? = nil, topDeviation: String? = nil,
        advice: String? = nil, failure: Failure? = nil
    ) {
        self.path = path
        self.stretch = stretch
        self.format = format
        self.frontSide = frontSide
        self.frames = frames
        self.inForm = inForm
        self.deviating = deviating
        self.notAssessable = notAssessable
        self.meanScore = meanScore
        self.longestHoldSeconds = longestHoldSeconds
        self.verdict = verdict
        self.topDeviation = topDeviation
        self.advice = advice
        self.failure = failure
    }

    /// A row from a graded recording.
    public init(path: String, spec: StretchSpec, format: String, front: FrontSideDecision, summary s: RecordingSummary)
    {
        // What to do first: why a recording could not be graded, else the first deviation of a
        // required check, else an advisory one, marked as such (as the text report does). A
        // recording that could not be graded names no advisory check: those decide nothing.
        let required = s.topDeviations.first(where: \.required)
        let first = s.verdict == .notAssessable ? required : required ?? s.topDeviations.first
        let advice =
            s.verdict == .notAssessable
            ? s.verdictReason
            : first.flatMap { t in
                spec.check(t.check).map { (t.required ? "" : "(advisory) ") + t.advice(band: $0.band) }
            }
        self.init(
            path: path, stretch: spec.id, format: format, frontSide: front.side?.rawValue, frames: s.frames,
            inForm: s.inForm, deviating: s.deviating, notAssessable: s.notAssessable, meanScore: s.meanScore,
            longestHoldSeconds: s.longestHoldSeconds, verdict: s.verdict, topDeviation: first?.check.rawValue,
            advice: advice)
    }

    /// Writes the row as one JSON object (the `grade --output jsonl` line that `decode(_:)` reads).
    public func write(to w: inout JSONWriter) {
        w.beginObject()
        w.field("path", path)
        w.field("stretch", stretch)
        w.field("format", format)
        w.field("frontSide", frontSide)
        w.field("frames", frames)
        w.field("inForm", inForm)
        w.field("deviating", deviating)
        w.field("notAssessable", notAssessable)
        w.field("meanScore", meanScore)
        w.field("longestHoldSeconds", longestHoldSeconds)
        w.field("verdict", verdict?.rawValue ?? "error")
        w.field("topDeviation", topDeviation)
        w.field("advice", advice)
        w.key("error")
        if let f = failure {
            w.beginObject()
            w.field("code", f.code)
            w.field("message", f.message)
            w.field("line", f.line)
            w.field("column", f.column)
            w.field("exitCode", Int(f.exitCode))
            w.endObject()
        } else {
            w.null()
        }
        w.endObject()
    }

    /// A whole number that fits, or nil (a hand-edited row must not trap the conversion).
    static func int(_ d: Double?) -> Int? {
        guard let d, d.isFinite, d == d.rounded(), abs(d) < 1e15 else { return nil }
        return Int(d)
    }

    /// Reads a row written by `write(to:)` (a line of `grade --output jsonl`).
    public static func decode(_ v: JSONValue) -> GradeRow? {
        guard let path = v["path"]?.string, let stretch = v["stretch"]?.string, let verdictText = v["verdict"]?.string
        else { return nil }
        func int(_ k: String) -> Int { GradeRow.int(v[k]?.number) ?? 0 }
        var row = GradeRow(
            path: path, stretch: stretch, format: v["format"]?.string, frontSide: v["frontSide"]?.string,
            frames: int("frames"), inForm: int("inForm"), deviating: int("deviating"),
            notAssessable: int("notAssessable"), meanScore: v["meanScore"]?.number,
            longestHoldSeconds: v["longestHoldSeconds"]?.number, verdict: Verdict(rawValue: verdictText),
            topDeviation: v["topDeviation"]?.string, advice: v["advice"]?.string)
        if let e = v["error"], let code = e["code"]?.string {
            row.failure = Failure(
                code: code, message: e["message"]?.string ?? "", line: GradeRow.int(e["line"]?.number),
                column: GradeRow.int(e["column"]?.number),
                exitCode: Int32(
                    GradeRow.int(e["exitCode"]?.number).flatMap { [1, 64, 65, 66].contains($0) ? $0 : nil } ?? 65))
        }
        return row
    }
}

/// Totals over a batch. Shards merge by adding these up.
public struct GradeTotals: Sendable, Equatable {
    /// Rows added: every recording, read or not.
    public var recordings = 0
    /// Recordings whose verdict is pass.
    public var pass = 0
    /// Recordings whose verdict is fail.
    public var fail = 0
    /// Recordings read but not assessable (or without a verdict).
    public var notAssessable = 0
    /// Recordings that could not be read (rows with a `failure`).
    public var errors = 0
    /// Frames over all recordings.
    public var frames = 0
    /// Frames in form over all recordings.
    public var framesInForm = 0
    /// The worst exit code a row calls for: 66 > 65 > 1 > 0.
    public var exitCode: Int32 = 0

    /// Empty totals: no recordings, exit code 0.
    public init() {}

    /// Counts a row: its frames, its verdict or its failure, and the exit code it calls for.
    public mutating func add(_ r: GradeRow) {
        recordings += 1
        frames += r.frames
        framesInForm += r.inForm
        if let f = r.failure {
            errors += 1
            exitCode = Self.worse(exitCode, f.exitCode)
            return
        }
        switch r.verdict {
        case .pass?: pass += 1
        case .fail?:
            fail += 1
            exitCode = Self.worse(exitCode, 1)
        case .notAssessable?, nil:
            notAssessable += 1
            exitCode = Self.worse(exitCode, 1)
        }
    }

    static func worse(_ a: Int32, _ b: Int32) -> Int32 {
        let rank: (Int32) -> Int = { [0: 0, 1: 1, 65: 2, 66: 3][$0] ?? 2 }
        return rank(a) >= rank(b) ? a : b
    }

    /// The totals in one line of text: "3 recordings: 2 pass, 1 fail, 0 not assessable, 0
    /// unreadable; 80 of 90 frames in form".
    public var line: String {
        "\(recordings) \(recordings == 1 ? "recording" : "recordings"): \(pass) pass, \(fail) fail, \(notAssessable) not assessable, \(errors) unreadable; \(framesInForm) of \(frames) frames in form"
    }

    /// Writes the totals as one JSON object, exit code included.
    public func write(to w: inout JSONWriter) {
        w.beginObject()
        w.field("recordings", recordings)
        w.field("pass", pass)
        w.field("fail", fail)
        w.field("notAssessable", notAssessable)
        w.field("errors", errors)
        w.field("frames", frames)
        w.field("framesInForm", framesInForm)
        w.field("exitCode", Int(exitCode))
        w.endObject()
    }
}

/// Streams batch rows in one of the output formats.
public struct GradeRowWriter {
    /// The output format the rows are written in.
    public let format: OutputFormat
    /// True to colour verdicts with ANSI codes in text output.
    public var colour: Bool
    private var first = true

    /// A writer for `format`, without colour by default.
    public init(format: OutputFormat, colour: Bool = false) {
        self.format = format
        self.colour = colour
    }

    /// The CSV header line `row(_:)` writes cells under (without the newline).
    public static let csvHeader =
        "path,stretch,format,frontSide,frames,inForm,deviating,notAssessable,meanScore,longestHoldSeconds,verdict,topDeviation,error"

    /// What comes before the first row: the JSON array's opening, the CSV header, or nothing.
    public mutating func begin() -> String {
        switch format {
        case .json: return "{\"schemaVersion\":1,\"recordings\":["
        case .csv: return Self.csvHeader + "\n"
        case .text, .jsonl, .html: return ""
        }
    }

    /// One row in the writer's format: a JSON Lines line, a JSON array element, a CSV line, or a
    /// text line with the verdict, path, hold, score and advice.
    public mutating func row(_ r: GradeRow) -> String {
        defer { first = false }
        switch format {
        case .jsonl:
            var w = JSONWriter()
            r.write(to: &w)
            return w.output + "\n"
        case .json:
            var w = JSONWriter()
            r.write(to: &w)
            return (first ? "\n" : ",\n") + w.output
        case .csv:
            let cells: [String] = [
                r.path, r.stretch, r.format ?? "", r.frontSide ?? "", String(r.frames), String(r.inForm),
                String(r.deviating),
                String(r.notAssessable), CSVFrameWriter.number(r.meanScore),
                CSVFrameWriter.number(r.longestHoldSeconds),
                r.verdict?.rawValue ?? "error", r.topDeviation ?? "", r.failure.map(Self.describe) ?? "",
            ]
            return cells.map(CSVFrameWriter.field).joined(separator: ",") + "\n"
        case .text, .html:
            if let f = r.failure {
                return "\(ANSI.paint("ERROR", "1;31", colour))  \(r.path)\(Self.locationSuffix(f)): \(f.message)\n"
            }
            let verdict = r.verdict.map { ANSI.verdict($0, colour) } ?? "?"
            var line = "\(verdict)  \(r.path)"
            // A routine's holds are its segments' (`check --stretch auto` lists them): its row has
            // none of its own, which is not an unknown time.
            if r.stretch != "auto" {
                line += "  hold \(r.longestHoldSeconds.map { formatNumber($0, digits: 1) + " s" } ?? "unknown")"
            }
            line += "  score \(r.meanScore.map { formatNumber($0, digits: 0) } ?? "–")"
            if let a = r.advice { line += "  \(a)" }
            return line + "\n"
        }
    }

    /// What comes after the last row: the totals line (text), the totals object closing the JSON
    /// document, or nothing (JSON Lines, CSV).
    public mutating func end(_ totals: GradeTotals) -> String {
        switch format {
        case .text: return "\n" + totals.line + "\n"
        case .json:
            var w = JSONWriter()
            totals.write(to: &w)
            return "\n],\"totals\":" + w.output + "}\n"
        case .jsonl, .csv, .html: return ""
        }
    }

    static func locationSuffix(_ f: GradeRow.Failure) -> String {
        guard let l = f.line else { return "" }
        return ":\(l)" + (f.column.map { ":\($0)" } ?? "")
    }

    static func describe(_ f: GradeRow.Failure) -> String {
        "\(f.code)\(locationSuffix(f)): \(f.message)"
    }
}
