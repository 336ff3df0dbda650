// A frame's number and time as an export wrote them, judged alike by every reader.
//
// A cell either holds a usable value or is flagged on its frame with its place; the frame keeps
// its place either way. Order, gaps and outlying numbers are judged afterwards over the stream
// (`FrameSequence`), and times by the domain's one time model (`FrameClock`).
import PoseModel
import PoseScanning

enum FrameCells {
    /// Frame numbers at or above this are not integers a Double holds exactly.
    static let largestFrameNumber = 9_007_199_254_740_992.0

    /// A frame-number cell: a non-negative integer, or nil and an `invalid_frame_number` issue.
    /// - Parameters:
    ///   - value: the cell's number, nil when the cell holds no number.
    ///   - shown: the cell as the file wrote it, for the message.
    ///   - place: where the cell is (`line 7, field 1`).
    static func frameNumber(_ value: Double?, shown: @autoclosure () -> String, place: @autoclosure () -> String) -> (
        Int?, FrameIssue?
    ) {
        if let v = value, v >= 0, v == v.rounded(), v < largestFrameNumber { return (Int(v), nil) }
        let issue = FrameIssue(
            code: "invalid_frame_number",
            message:
                "the frame number \(shown()) is not a non-negative integer (\(place())): the frame is placed by its row",
            informational: true)
        return (nil, issue)
    }

    /// A time cell as seconds: a finite number of `unitsPerSecond` (1000 for milliseconds), or nil
    /// and a `time_missing` issue.
    static func time(
        _ value: Double?, unitsPerSecond: Double, shown: @autoclosure () -> String, place: @autoclosure () -> String
    ) -> (Double?, FrameIssue?) {
        if let v = value, v.isFinite { return (v / unitsPerSecond, nil) }
        let issue = FrameIssue(
            code: "time_missing", message: "the time \(shown()) is not a finite number (\(place()))",
            informational: true)
        return (nil, issue)
    }

    /// A CSV cell's number and how to show it.
    static func csvValue(_ parsed: ParsedNumber) -> Double? {
        if case .value(let v) = parsed { return v }
        return nil
    }

    /// How a CSV cell reads in a message: quoted, or "empty".
    static func shown(_ text: String) -> String { text.isEmpty ? "(empty)" : "\"\(text)\"" }

    /// Where a JSON value is, for a message.
    static func place(of value: JSONValue) -> String { "line \(value.location.line), column \(value.location.column)" }

    /// How a JSON value reads in a message.
    static func shown(_ value: JSONValue) -> String {
        if let n = value.number { return formatNumber(n, digits: 6) }
        if let text = value.string { return shown(text) }
        return value.typeName
    }

    /// How a JSON event reads in a message.
    static func shown(_ event: JSONEvent) -> String {
        switch event {
        case .number(let n): return formatNumber(n, digits: 6)
        case .string(let text): return shown(text)
        default: return MediaPipeJSONReader.typeName(event)
        }
    }
}

extension CSVScanner {
    /// A frame for the current record: placed by its frame-number cell (or after the previous
    /// frame when it has none), timed by its time cell, with any issue of either cell flagged,
    /// and `wrong_field_count` when the record does not have the header's `fields`. A column of
    /// -1 is absent.
    func frame(_ timing: FrameTimeColumns, fields: Int, numbering: inout FrameNumbering) -> PoseFrame {
        let (numberColumn, timeColumn) = (timing.frame, timing.time)
        let line = recordLocation.line
        var frame = PoseFrame(index: 0, line: line)
        var number: Int?
        if numberColumn >= 0, numberColumn < fieldCount {
            let (value, issue) = frameNumber(numberColumn, line: line)
            number = value
            if let issue { frame.issues.append(issue) }
        }
        frame.index = numbering.index(for: number)
        if timeColumn >= 0, timeColumn < fieldCount {
            let (value, issue) = time(timeColumn, unitsPerSecond: timing.unitsPerSecond, line: line)
            frame.time = value
            if let issue { frame.issues.append(issue) }
        }
        if fieldCount != fields {
            frame.issues.append(
                FrameIssue(
                    code: "wrong_field_count",
                    message: "line \(line) has \(fieldCount) fields, the header has \(fields)"))
        }
        return frame
    }

    /// The frame number in field `i`, or nil and an issue when the cell is not one.
    func frameNumber(_ i: Int, line: Int) -> (Int?, FrameIssue?) {
        FrameCells.frameNumber(
            FrameCells.csvValue(number(i)), shown: FrameCells.shown(string(i)), place: "line \(line), field \(i + 1)")
    }

    /// The time in field `i`, in seconds, or nil and an issue when the cell is not one.
    func time(_ i: Int, unitsPerSecond: Double, line: Int) -> (Double?, FrameIssue?) {
        FrameCells.time(
            FrameCells.csvValue(number(i)), unitsPerSecond: unitsPerSecond, shown: FrameCells.shown(string(i)),
            place: "line \(line), field \(i + 1)")
    }
}

/// Places frames without a usable number: after the previous frame, as their row does.
struct FrameNumbering {
    private var last: Int?

    /// Numbering from the start of a file, or after the last frame of the stream the file
    /// continues (`ReadOptions.stream`).
    init(continuing options: ReadOptions) {
        last = options.stream?.lastIndex
    }

    /// The frame's index: its number when it has one, else the place after the previous frame.
    mutating func index(for number: Int?) -> Int {
        let index = number ?? ((last ?? -1) + 1)
        last = index
        return index
    }
}
